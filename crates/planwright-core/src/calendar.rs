//! Working calendars: weekly pattern, holidays and exceptions, and exact
//! conversion between working-time offsets and date-times.
//!
//! Why one file of this size: every conversion (`start_at`, `finish_at`,
//! `offset_of`, `work_between`, `add_work`, `next_working_instant`) shares
//! the same day walk and the same rule for instants on a working-period
//! edge; keeping them side by side is what keeps them consistent. About a
//! hundred of its lines are the unit tests of that rule.

use std::collections::BTreeMap;

use chrono::{Datelike, Days, NaiveDate, NaiveDateTime, NaiveTime, Timelike, Weekday};

use crate::{Duration, Error};

const DAY_MINUTES: u32 = 24 * 60;

/// One working interval of a day, in minutes after midnight: `start..end`,
/// with `end` at most 1440 (24:00).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct WorkingTime {
    /// Start, in minutes after midnight.
    pub start: u32,
    /// End (exclusive), in minutes after midnight; 1440 is midnight at the end
    /// of the day.
    pub end: u32,
}

impl WorkingTime {
    /// The interval `start..end` in minutes after midnight.
    #[must_use]
    pub const fn new(start: u32, end: u32) -> Self {
        WorkingTime { start, end }
    }

    /// The interval from `start_hour:00` to `end_hour:00`.
    #[must_use]
    pub const fn hours(start_hour: u32, end_hour: u32) -> Self {
        WorkingTime {
            start: start_hour.saturating_mul(60),
            end: end_hour.saturating_mul(60),
        }
    }

    /// Working minutes in the interval.
    #[must_use]
    pub const fn minutes(self) -> u32 {
        self.end.saturating_sub(self.start)
    }
}

/// The working intervals of one day, sorted and non-overlapping once they are
/// part of a [`Calendar`] (which validates them).
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(transparent))]
pub struct DaySchedule {
    intervals: Vec<WorkingTime>,
}

impl DaySchedule {
    /// A day without working time (a weekend day or a holiday).
    #[must_use]
    pub fn non_working() -> Self {
        DaySchedule::default()
    }

    /// A day with the given working intervals (validated when the schedule is
    /// put into a calendar).
    #[must_use]
    pub fn new(intervals: impl IntoIterator<Item = WorkingTime>) -> Self {
        DaySchedule {
            intervals: intervals.into_iter().collect(),
        }
    }

    /// The standard office day: 08:00–12:00 and 13:00–17:00 (8 hours).
    #[must_use]
    pub fn standard() -> Self {
        DaySchedule::new([WorkingTime::hours(8, 12), WorkingTime::hours(13, 17)])
    }

    /// Working the whole day, 00:00–24:00.
    #[must_use]
    pub fn full_day() -> Self {
        DaySchedule::new([WorkingTime::new(0, DAY_MINUTES)])
    }

    /// The working intervals.
    #[must_use]
    pub fn intervals(&self) -> &[WorkingTime] {
        &self.intervals
    }

    /// Total working minutes in the day.
    #[must_use]
    pub fn minutes(&self) -> u32 {
        self.intervals.iter().map(|i| i.minutes()).sum()
    }

    /// `true` when the day has working time.
    #[must_use]
    pub fn is_working(&self) -> bool {
        !self.intervals.is_empty()
    }

    fn validate(&self, calendar: &str, day: impl FnOnce() -> String) -> Result<(), Error> {
        let mut previous_end = 0;
        for (n, iv) in self.intervals.iter().enumerate() {
            let bad =
                iv.start >= iv.end || iv.end > DAY_MINUTES || (n > 0 && iv.start < previous_end);
            if bad {
                return Err(Error::InvalidInterval {
                    calendar: calendar.to_owned(),
                    day: day(),
                    start_minute: iv.start,
                    end_minute: iv.end,
                });
            }
            previous_end = iv.end;
        }
        Ok(())
    }
}

/// A working calendar: hours per weekday, plus holidays and exceptions on
/// given dates.
///
/// All date-times are naive (local project time, no time zone). Working time
/// is counted in whole minutes; seconds are ignored.
///
/// # Offsets
///
/// Engines work in integer **offsets**: working minutes since an `origin`
/// (usually the project start). The conversion is exact in both directions.
/// An offset at the edge of a working period denotes two instants — the end
/// of one working stretch and the start of the next (offset 480 from Monday
/// 08:00 on a standard calendar is Monday 17:00 *and* Tuesday 08:00). So there
/// are two conversions: [`Calendar::finish_at`] gives the earliest instant
/// (for finish dates) and [`Calendar::start_at`] the latest (for start
/// dates). Both satisfy `offset_of(origin, x_at(origin, o)) == o`.
///
/// # Example
///
/// ```
/// use chrono::NaiveDate;
/// use planwright_core::{Calendar, Duration};
///
/// let cal = Calendar::standard("office")
///     .with_holiday(NaiveDate::from_ymd_opt(2026, 12, 25).unwrap());
/// let thu = NaiveDate::from_ymd_opt(2026, 12, 24).unwrap().and_hms_opt(8, 0, 0).unwrap();
/// // Two working days from Thursday morning: Thursday, then (Friday is a
/// // holiday) Monday.
/// let finish = cal.finish_at(thu, Duration::days(2))?;
/// assert_eq!(finish.to_string(), "2026-12-28 17:00:00");
/// assert_eq!(cal.offset_of(thu, finish)?, Duration::days(2));
/// let next_start = cal.start_at(thu, Duration::days(2))?;
/// assert_eq!(next_start.to_string(), "2026-12-29 08:00:00");
/// # Ok::<(), planwright_core::Error>(())
/// ```
///
/// # Complexity
///
/// Conversions skip whole weeks, so they cost O(k + 7) for k exceptions in
/// the range, however far apart the two instants are.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(
    feature = "serde",
    serde(try_from = "CalendarRepr", into = "CalendarRepr")
)]
pub struct Calendar {
    name: String,
    week: [DaySchedule; 7],
    exceptions: BTreeMap<NaiveDate, DaySchedule>,
    /// Working minutes per weekday (Monday first), derived.
    week_minutes: [u32; 7],
    /// Working minutes in a week without exceptions, derived; always > 0.
    week_total: i64,
}

#[cfg(feature = "serde")]
#[derive(serde::Serialize, serde::Deserialize)]
struct CalendarRepr {
    name: String,
    week: [DaySchedule; 7],
    #[serde(default)]
    exceptions: BTreeMap<NaiveDate, DaySchedule>,
}

#[cfg(feature = "serde")]
impl TryFrom<CalendarRepr> for Calendar {
    type Error = Error;
    fn try_from(r: CalendarRepr) -> Result<Self, Error> {
        let mut cal = Calendar::new(r.name, r.week)?;
        for (date, day) in r.exceptions {
            cal.set_exception(date, day)?;
        }
        Ok(cal)
    }
}

#[cfg(feature = "serde")]
impl From<Calendar> for CalendarRepr {
    fn from(c: Calendar) -> Self {
        CalendarRepr {
            name: c.name,
            week: c.week,
            exceptions: c.exceptions,
        }
    }
}

const WEEKDAYS: [Weekday; 7] = [
    Weekday::Mon,
    Weekday::Tue,
    Weekday::Wed,
    Weekday::Thu,
    Weekday::Fri,
    Weekday::Sat,
    Weekday::Sun,
];

impl Calendar {
    /// A calendar with the given weekly pattern, Monday first.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidInterval`] for an empty, reversed, overlapping or
    /// beyond-midnight interval; [`Error::NoWorkingTime`] when the week has no
    /// working time at all.
    pub fn new(name: impl Into<String>, week: [DaySchedule; 7]) -> Result<Self, Error> {
        let name = name.into();
        for (day, schedule) in WEEKDAYS.iter().zip(&week) {
            schedule.validate(&name, || day.to_string())?;
        }
        let week_minutes = core::array::from_fn(|i| week[i].minutes());
        let week_total: i64 = week_minutes.iter().map(|&m| i64::from(m)).sum();
        if week_total == 0 {
            return Err(Error::NoWorkingTime { calendar: name });
        }
        Ok(Calendar {
            name,
            week,
            exceptions: BTreeMap::new(),
            week_minutes,
            week_total,
        })
    }

    /// The standard calendar: Monday to Friday, 08:00–12:00 and 13:00–17:00.
    #[must_use]
    pub fn standard(name: impl Into<String>) -> Self {
        let d = DaySchedule::standard;
        let n = DaySchedule::non_working;
        Calendar::from_valid(name.into(), [d(), d(), d(), d(), d(), n(), n()])
    }

    /// A calendar where every minute is working time (24/7): offsets are
    /// elapsed minutes.
    #[must_use]
    pub fn continuous(name: impl Into<String>) -> Self {
        Calendar::from_valid(
            name.into(),
            core::array::from_fn(|_| DaySchedule::full_day()),
        )
    }

    fn from_valid(name: String, week: [DaySchedule; 7]) -> Self {
        let week_minutes = core::array::from_fn(|i| week[i].minutes());
        let week_total = week_minutes.iter().map(|&m| i64::from(m)).sum();
        Calendar {
            name,
            week,
            exceptions: BTreeMap::new(),
            week_minutes,
            week_total,
        }
    }

    /// A copy of this calendar under a new name, for a resource calendar that
    /// starts from a base calendar and adds its own holidays and exceptions.
    ///
    /// The copy is a snapshot: later changes to the base are not seen.
    #[must_use]
    pub fn derive(&self, name: impl Into<String>) -> Self {
        Calendar {
            name: name.into(),
            ..self.clone()
        }
    }

    /// The calendar's name.
    #[must_use]
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The schedule of a weekday.
    #[must_use]
    pub fn weekday(&self, day: Weekday) -> &DaySchedule {
        &self.week[day.num_days_from_monday() as usize]
    }

    /// Working minutes in a week without exceptions.
    #[must_use]
    pub fn week_minutes(&self) -> Duration {
        Duration::minutes(self.week_total)
    }

    /// The exceptions (holidays are exceptions without working time), by date.
    #[must_use]
    pub fn exceptions(&self) -> &BTreeMap<NaiveDate, DaySchedule> {
        &self.exceptions
    }

    /// Sets the schedule of a weekday.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidInterval`] for a bad interval; [`Error::NoWorkingTime`]
    /// when the week would have no working time (the calendar is unchanged).
    pub fn set_weekday(&mut self, day: Weekday, schedule: DaySchedule) -> Result<(), Error> {
        schedule.validate(&self.name, || day.to_string())?;
        let i = day.num_days_from_monday() as usize;
        let total =
            self.week_total - i64::from(self.week_minutes[i]) + i64::from(schedule.minutes());
        if total == 0 {
            return Err(Error::NoWorkingTime {
                calendar: self.name.clone(),
            });
        }
        self.week_minutes[i] = schedule.minutes();
        self.week[i] = schedule;
        self.week_total = total;
        Ok(())
    }

    /// Builder form of [`Calendar::set_weekday`].
    ///
    /// # Errors
    ///
    /// As [`Calendar::set_weekday`].
    pub fn with_weekday(mut self, day: Weekday, schedule: DaySchedule) -> Result<Self, Error> {
        self.set_weekday(day, schedule)?;
        Ok(self)
    }

    /// Makes `date` a non-working day (replacing any exception on it).
    pub fn add_holiday(&mut self, date: NaiveDate) {
        self.exceptions.insert(date, DaySchedule::non_working());
    }

    /// Builder form of [`Calendar::add_holiday`].
    #[must_use]
    pub fn with_holiday(mut self, date: NaiveDate) -> Self {
        self.add_holiday(date);
        self
    }

    /// Makes every date from `first` to `last` (inclusive) a non-working day,
    /// e.g. a vacation. Does nothing when `last < first`.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidWindow`] when the range spans more than
    /// [`Calendar::MAX_HOLIDAY_RANGE`] days (each day is stored): a
    /// calendar's memory stays proportional to what it was told, not to
    /// the span of two dates.
    pub fn add_holidays(&mut self, first: NaiveDate, last: NaiveDate) -> Result<(), Error> {
        if (last - first).num_days() >= Self::MAX_HOLIDAY_RANGE {
            return Err(Error::InvalidWindow {
                context: "a range of holidays longer than 100,000 days",
                start: first.and_time(NaiveTime::MIN),
                end: last.and_time(NaiveTime::MIN),
            });
        }
        for date in first.iter_days().take_while(|d| *d <= last) {
            self.add_holiday(date);
        }
        Ok(())
    }

    /// The longest range [`Calendar::add_holidays`] takes, in days.
    pub const MAX_HOLIDAY_RANGE: i64 = 100_000;

    /// Gives `date` its own working intervals (a working Saturday, a half day),
    /// replacing any exception on it.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidInterval`] for a bad interval.
    pub fn set_exception(&mut self, date: NaiveDate, schedule: DaySchedule) -> Result<(), Error> {
        schedule.validate(&self.name, || date.to_string())?;
        self.exceptions.insert(date, schedule);
        Ok(())
    }

    /// Builder form of [`Calendar::set_exception`].
    ///
    /// # Errors
    ///
    /// As [`Calendar::set_exception`].
    pub fn with_exception(mut self, date: NaiveDate, schedule: DaySchedule) -> Result<Self, Error> {
        self.set_exception(date, schedule)?;
        Ok(self)
    }

    /// Removes the exception or holiday on `date`, restoring the weekly pattern.
    pub fn remove_exception(&mut self, date: NaiveDate) {
        self.exceptions.remove(&date);
    }

    /// The working intervals on `date`.
    #[must_use]
    pub fn intervals_on(&self, date: NaiveDate) -> &[WorkingTime] {
        match self.exceptions.get(&date) {
            Some(s) => &s.intervals,
            None => &self.week[date.weekday().num_days_from_monday() as usize].intervals,
        }
    }

    /// Working minutes on `date`.
    #[must_use]
    pub fn minutes_on(&self, date: NaiveDate) -> u32 {
        match self.exceptions.get(&date) {
            Some(s) => s.minutes(),
            None => self.week_minutes[date.weekday().num_days_from_monday() as usize],
        }
    }

    /// `true` when `date` has working time.
    #[must_use]
    pub fn is_working_day(&self, date: NaiveDate) -> bool {
        self.minutes_on(date) > 0
    }

    /// `true` when the minute starting at `at` is working time.
    #[must_use]
    pub fn is_working_instant(&self, at: NaiveDateTime) -> bool {
        let (date, m) = split(at);
        self.intervals_on(date)
            .iter()
            .any(|iv| iv.start <= m && m < iv.end)
    }

    /// The next working day strictly after `date`.
    ///
    /// # Errors
    ///
    /// [`Error::DateOutOfRange`] past chrono's last date.
    pub fn next_working_day(&self, date: NaiveDate) -> Result<NaiveDate, Error> {
        let mut d = date;
        loop {
            d = d.succ_opt().ok_or(Error::DateOutOfRange {
                context: "the next working day",
            })?;
            if self.is_working_day(d) {
                return Ok(d);
            }
        }
    }

    /// The previous working day strictly before `date`.
    ///
    /// # Errors
    ///
    /// [`Error::DateOutOfRange`] before chrono's first date.
    pub fn previous_working_day(&self, date: NaiveDate) -> Result<NaiveDate, Error> {
        let mut d = date;
        loop {
            d = d.pred_opt().ok_or(Error::DateOutOfRange {
                context: "the previous working day",
            })?;
            if self.is_working_day(d) {
                return Ok(d);
            }
        }
    }

    /// Working time from `from` to `to`; negative when `to` is before `from`.
    ///
    /// # Complexity
    ///
    /// O(k) for k exceptions between the two dates.
    #[must_use]
    pub fn work_between(&self, from: NaiveDateTime, to: NaiveDateTime) -> Duration {
        if to < from {
            return -self.work_between(to, from);
        }
        let (da, ma) = split(from);
        let (db, mb) = split(to);
        let minutes = if da == db {
            overlap(self.intervals_on(da), ma, mb)
        } else {
            let first = overlap(self.intervals_on(da), ma, DAY_MINUTES);
            let last = overlap(self.intervals_on(db), 0, mb);
            // da < db, so da + 1 is a valid date (db is later).
            let middle = match da.succ_opt() {
                Some(next) => self.full_days(next, db),
                None => 0,
            };
            first + middle + last
        };
        Duration::minutes(minutes)
    }

    /// Working minutes on the whole days `from..to` (exclusive end).
    fn full_days(&self, from: NaiveDate, to: NaiveDate) -> i64 {
        let n = (to - from).num_days();
        if n <= 0 {
            return 0;
        }
        let first = from.weekday().num_days_from_monday() as i64;
        let mut total = (n / 7) * self.week_total;
        for k in 0..(n % 7) {
            total += i64::from(self.week_minutes[((first + k) % 7) as usize]);
        }
        for (date, day) in self.exceptions.range(from..to) {
            let usual = self.week_minutes[date.weekday().num_days_from_monday() as usize];
            total += i64::from(day.minutes()) - i64::from(usual);
        }
        total
    }

    /// The working-time offset of `at` from `origin`: working minutes between
    /// them, negative when `at` is before `origin`.
    ///
    /// # Errors
    ///
    /// None today; the `Result` keeps room for calendars whose conversion can
    /// fail without a breaking change.
    ///
    /// # Complexity
    ///
    /// O(k + 7) for k exceptions between the origin and `at` (whole weeks are skipped).
    pub fn offset_of(&self, origin: NaiveDateTime, at: NaiveDateTime) -> Result<Duration, Error> {
        Ok(self.work_between(origin, at))
    }

    /// The **earliest** instant whose offset from `origin` is `offset`: the
    /// end of the working stretch that reaches it. Use it for finish dates
    /// and milestones. A finish never precedes its origin: offset 0 is
    /// [`Calendar::event_instant`] of the origin (the origin itself when
    /// work runs up to or through it, else the next working instant), not
    /// the end of the previous working stretch.
    ///
    /// # Errors
    ///
    /// [`Error::DateOutOfRange`] when the instant is outside chrono's range.
    ///
    /// # Complexity
    ///
    /// O(k + 7) for k exceptions crossed (whole weeks are skipped).
    pub fn finish_at(
        &self,
        origin: NaiveDateTime,
        offset: Duration,
    ) -> Result<NaiveDateTime, Error> {
        let m = offset.as_minutes();
        let (d, t) = split(origin);
        let (d, t) = match m.cmp(&0) {
            core::cmp::Ordering::Greater => self.forward(d, t, m)?,
            core::cmp::Ordering::Equal => self.event(d, t)?,
            core::cmp::Ordering::Less => {
                let (d, t) = self.backward(d, t, m.unsigned_abs())?;
                self.previous_end(d, t)?
            }
        };
        join(d, t)
    }

    /// The **latest** instant whose offset from `origin` is `offset`: the
    /// start of the working stretch that follows it. Use it for start dates.
    ///
    /// # Errors
    ///
    /// [`Error::DateOutOfRange`] when the instant is outside chrono's range.
    ///
    /// # Complexity
    ///
    /// O(k + 7) for k exceptions crossed (whole weeks are skipped).
    pub fn start_at(
        &self,
        origin: NaiveDateTime,
        offset: Duration,
    ) -> Result<NaiveDateTime, Error> {
        let finish = self.finish_at(origin, offset)?;
        let (d, t) = split(finish);
        let (d, t) = self.next_start(d, t)?;
        join(d, t)
    }

    /// The instant after `work` of working time from `from` (before it for a
    /// negative `work`): for positive work the earliest such instant, for
    /// negative the latest, for zero `from` itself.
    ///
    /// # Errors
    ///
    /// [`Error::DateOutOfRange`] when the instant is outside chrono's range.
    ///
    /// # Complexity
    ///
    /// O(k + 7) for k exceptions crossed (whole weeks are skipped).
    pub fn add_work(&self, from: NaiveDateTime, work: Duration) -> Result<NaiveDateTime, Error> {
        let m = work.as_minutes();
        let (d, t) = split(from);
        let (d, t) = match m.cmp(&0) {
            core::cmp::Ordering::Greater => self.forward(d, t, m)?,
            core::cmp::Ordering::Equal => return Ok(truncate(from)),
            core::cmp::Ordering::Less => self.backward(d, t, m.unsigned_abs())?,
        };
        join(d, t)
    }

    /// Where a zero-length event (a milestone) at `at` sits: `at` itself
    /// when it is working time or ends a working stretch (a milestone right
    /// after a task finishing Thursday 17:00 stays at Thursday 17:00),
    /// otherwise the next working instant (a milestone at a Saturday
    /// project start moves to Monday's first working minute).
    ///
    /// ```
    /// use chrono::NaiveDate;
    /// use planwright_core::Calendar;
    ///
    /// let cal = Calendar::standard("std"); // Mon–Fri 08–12, 13–17
    /// let at = |d, h| NaiveDate::from_ymd_opt(2026, 11, d).unwrap().and_hms_opt(h, 0, 0).unwrap();
    /// assert_eq!(cal.event_instant(at(26, 17)).unwrap(), at(26, 17)); // Thursday evening
    /// assert_eq!(cal.event_instant(at(28, 0)).unwrap(), at(30, 8)); // Saturday
    /// # Ok::<(), planwright_core::Error>(())
    /// ```
    ///
    /// # Errors
    ///
    /// [`Error::DateOutOfRange`] when it is outside chrono's range.
    pub fn event_instant(&self, at: NaiveDateTime) -> Result<NaiveDateTime, Error> {
        let (d, t) = split(at);
        let (d, t) = self.event(d, t)?;
        join(d, t)
    }

    fn event(&self, d: NaiveDate, t: u32) -> Result<(NaiveDate, u32), Error> {
        let (pd, pt) = self.previous_end(d, t)?;
        // A stretch ending at midnight reads as 24:00 of the day before.
        let ends_here =
            (pd, pt) == (d, t) || (pt == DAY_MINUTES && t == 0 && pd.succ_opt() == Some(d));
        if ends_here {
            Ok((d, t))
        } else {
            self.next_start(d, t)
        }
    }

    /// The first working instant at or after `at`.
    ///
    /// # Errors
    ///
    /// [`Error::DateOutOfRange`] when it is outside chrono's range.
    pub fn next_working_instant(&self, at: NaiveDateTime) -> Result<NaiveDateTime, Error> {
        let (d, t) = split(at);
        let (d, t) = self.next_start(d, t)?;
        join(d, t)
    }

    /// The last instant at or before `at` that ends a working minute.
    ///
    /// # Errors
    ///
    /// [`Error::DateOutOfRange`] when it is outside chrono's range.
    pub fn previous_working_end(&self, at: NaiveDateTime) -> Result<NaiveDateTime, Error> {
        let (d, t) = split(at);
        let (d, t) = self.previous_end(d, t)?;
        join(d, t)
    }

    /// Consumes `m > 0` working minutes forward from (d, t).
    fn forward(&self, mut d: NaiveDate, mut t: u32, mut m: i64) -> Result<(NaiveDate, u32), Error> {
        const CTX: Error = Error::DateOutOfRange {
            context: "a date after working time",
        };
        loop {
            for iv in self.intervals_on(d) {
                if iv.end <= t {
                    continue;
                }
                let s = iv.start.max(t);
                let available = i64::from(iv.end - s);
                if m <= available {
                    // m <= available <= 1440 fits in u32
                    return Ok((d, s + m as u32));
                }
                m -= available;
            }
            d = d.succ_opt().ok_or(CTX)?;
            t = 0;
            // Skip whole weeks that contain no exception, keeping at least one
            // minute so the result lands inside a day.
            let weeks_needed = (m - 1) / self.week_total;
            if weeks_needed > 0 {
                let weeks_free = match self.exceptions.range(d..).next() {
                    Some((e, _)) => (*e - d).num_days() / 7,
                    None => i64::MAX,
                };
                let k = weeks_needed.min(weeks_free);
                if k > 0 {
                    d = add_days(d, k.checked_mul(7).ok_or(CTX)?).ok_or(CTX)?;
                    m -= k * self.week_total;
                }
            }
        }
    }

    /// Consumes `m > 0` working minutes backward from (d, t).
    fn backward(&self, mut d: NaiveDate, mut t: u32, m: u64) -> Result<(NaiveDate, u32), Error> {
        const CTX: Error = Error::DateOutOfRange {
            context: "a date before working time",
        };
        let mut m = i64::try_from(m).map_err(|_| CTX)?;
        loop {
            for iv in self.intervals_on(d).iter().rev() {
                if iv.start >= t {
                    continue;
                }
                let e = iv.end.min(t);
                let available = i64::from(e - iv.start);
                if m <= available {
                    return Ok((d, e - m as u32));
                }
                m -= available;
            }
            d = d.pred_opt().ok_or(CTX)?;
            t = DAY_MINUTES;
            let weeks_needed = (m - 1) / self.week_total;
            if weeks_needed > 0 {
                let weeks_free = match self.exceptions.range(..=d).next_back() {
                    Some((e, _)) => (d - *e).num_days() / 7,
                    None => i64::MAX,
                };
                let k = weeks_needed.min(weeks_free);
                if k > 0 {
                    d = add_days(d, -(k.checked_mul(7).ok_or(CTX)?)).ok_or(CTX)?;
                    m -= k * self.week_total;
                }
            }
        }
    }

    /// The first instant at or after (d, t) inside a working interval.
    fn next_start(&self, mut d: NaiveDate, mut t: u32) -> Result<(NaiveDate, u32), Error> {
        loop {
            if let Some(iv) = self.intervals_on(d).iter().find(|iv| iv.end > t) {
                return Ok((d, iv.start.max(t)));
            }
            d = d.succ_opt().ok_or(Error::DateOutOfRange {
                context: "the next working instant",
            })?;
            t = 0;
        }
    }

    /// The last instant at or before (d, t) that ends a working minute.
    fn previous_end(&self, mut d: NaiveDate, mut t: u32) -> Result<(NaiveDate, u32), Error> {
        loop {
            if let Some(iv) = self.intervals_on(d).iter().rev().find(|iv| iv.start < t) {
                return Ok((d, iv.end.min(t)));
            }
            d = d.pred_opt().ok_or(Error::DateOutOfRange {
                context: "the previous working instant",
            })?;
            t = DAY_MINUTES;
        }
    }
}

fn add_days(d: NaiveDate, days: i64) -> Option<NaiveDate> {
    if days >= 0 {
        d.checked_add_days(Days::new(days.unsigned_abs()))
    } else {
        d.checked_sub_days(Days::new(days.unsigned_abs()))
    }
}

fn overlap(intervals: &[WorkingTime], from: u32, to: u32) -> i64 {
    intervals
        .iter()
        .map(|iv| i64::from(iv.end.min(to).saturating_sub(iv.start.max(from))))
        .sum()
}

fn split(at: NaiveDateTime) -> (NaiveDate, u32) {
    (at.date(), at.hour() * 60 + at.minute())
}

fn truncate(at: NaiveDateTime) -> NaiveDateTime {
    let (d, t) = split(at);
    d.and_time(NaiveTime::MIN) + chrono::Duration::minutes(i64::from(t))
}

fn join(d: NaiveDate, t: u32) -> Result<NaiveDateTime, Error> {
    if t >= DAY_MINUTES {
        let next = d.succ_opt().ok_or(Error::DateOutOfRange {
            context: "midnight after the last date",
        })?;
        return Ok(next.and_time(NaiveTime::MIN));
    }
    // t < 1440 so hour < 24 and minute < 60: always a valid time.
    let time = NaiveTime::from_hms_opt(t / 60, t % 60, 0).unwrap_or(NaiveTime::MIN);
    Ok(d.and_time(time))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dt(y: i32, m: u32, d: u32, h: u32, min: u32) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(y, m, d)
            .unwrap()
            .and_hms_opt(h, min, 0)
            .unwrap()
    }

    #[test]
    fn forward_skips_lunch_and_weekend() {
        let cal = Calendar::standard("std");
        // Friday 2026-11-27 10:00 + 6h -> 4h to 17:00 leaves 2h... 10-12 (2h), 13-17 (4h) = 6h.
        assert_eq!(
            cal.add_work(dt(2026, 11, 27, 10, 0), Duration::hours(6))
                .unwrap(),
            dt(2026, 11, 27, 17, 0)
        );
        // one more minute goes to Monday 08:01
        assert_eq!(
            cal.add_work(dt(2026, 11, 27, 10, 0), Duration::minutes(361))
                .unwrap(),
            dt(2026, 11, 30, 8, 1)
        );
        // backward from Monday 08:30 by 1h -> Friday 16:30
        assert_eq!(
            cal.add_work(dt(2026, 11, 30, 8, 30), Duration::hours(-1))
                .unwrap(),
            dt(2026, 11, 27, 16, 30)
        );
    }

    #[test]
    fn week_skipping_matches_day_walk() {
        let mut cal = Calendar::standard("std");
        cal.add_holiday(NaiveDate::from_ymd_opt(2027, 3, 3).unwrap());
        cal.set_exception(
            NaiveDate::from_ymd_opt(2027, 6, 5).unwrap(),
            DaySchedule::new([WorkingTime::hours(9, 13)]),
        )
        .unwrap();
        let origin = dt(2026, 11, 26, 9, 15);
        for days in [0, 1, 7, 50, 130, 200, 400] {
            for extra in [0, 1, 239, 240, 479] {
                let off = Duration::minutes(days * 480 + extra);
                let f = cal.finish_at(origin, off).unwrap();
                assert_eq!(cal.offset_of(origin, f).unwrap(), off, "finish {off}");
                let s = cal.start_at(origin, off).unwrap();
                assert_eq!(cal.offset_of(origin, s).unwrap(), off, "start {off}");
                assert!(s >= f);
                let neg = -off;
                assert_eq!(
                    cal.offset_of(origin, cal.finish_at(origin, neg).unwrap())
                        .unwrap(),
                    neg
                );
                assert_eq!(
                    cal.offset_of(origin, cal.start_at(origin, neg).unwrap())
                        .unwrap(),
                    neg
                );
            }
        }
    }

    #[test]
    fn validation() {
        let bad = DaySchedule::new([WorkingTime::hours(9, 12), WorkingTime::hours(11, 14)]);
        assert!(matches!(
            Calendar::standard("c").with_weekday(Weekday::Mon, bad),
            Err(Error::InvalidInterval { .. })
        ));
        let none: [DaySchedule; 7] = Default::default();
        assert!(matches!(
            Calendar::new("empty", none),
            Err(Error::NoWorkingTime { .. })
        ));
        let mut cal = Calendar::standard("c");
        for day in [Weekday::Mon, Weekday::Tue, Weekday::Wed, Weekday::Thu] {
            cal.set_weekday(day, DaySchedule::non_working()).unwrap();
        }
        assert!(
            cal.set_weekday(Weekday::Fri, DaySchedule::non_working())
                .is_err()
        );
        assert_eq!(cal.week_minutes(), Duration::days(1));
    }

    #[test]
    fn out_of_range_is_an_error() {
        let cal = Calendar::standard("c");
        let origin = dt(2026, 1, 1, 8, 0);
        assert!(matches!(
            cal.finish_at(origin, Duration::LIMIT),
            Err(Error::DateOutOfRange { .. })
        ));
        assert!(matches!(
            cal.start_at(origin, -Duration::LIMIT),
            Err(Error::DateOutOfRange { .. })
        ));
    }
}
