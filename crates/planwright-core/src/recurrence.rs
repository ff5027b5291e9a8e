//! Recurrence rules for recurring work, expanded to dates.

use chrono::{Datelike, Days, Months, NaiveDate, Weekday};

use crate::{Calendar, Error};

/// Which occurrence of a weekday in a month.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub enum Nth {
    /// The first.
    First,
    /// The second.
    Second,
    /// The third.
    Third,
    /// The fourth.
    Fourth,
    /// The fifth (months without one are skipped).
    Fifth,
    /// The last.
    Last,
}

/// The day of the month a monthly rule falls on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub enum MonthDay {
    /// A day number, 1 to 31. Months too short for it follow the rule's
    /// [`ShortMonth`] policy.
    Day(u8),
    /// The last day of the month.
    LastDay,
    /// The nth given weekday, e.g. the second Tuesday.
    Weekday(Nth, Weekday),
}

/// The repeating pattern.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub enum Frequency {
    /// Every `interval` days.
    Daily {
        /// Days between occurrences, at least 1.
        interval: u32,
    },
    /// Every `interval` weeks (weeks start on Monday; the week of the start
    /// date is week 0) on the given weekdays.
    Weekly {
        /// Weeks between occurrences, at least 1.
        interval: u32,
        /// Weekdays, at least one.
        weekdays: Vec<Weekday>,
    },
    /// Every `interval` months (the month of the start date is month 0) on a
    /// day.
    Monthly {
        /// Months between occurrences, at least 1.
        interval: u32,
        /// Which day.
        day: MonthDay,
    },
}

/// How a rule ends.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub enum End {
    /// Never.
    #[default]
    Never,
    /// After this date (inclusive).
    Until(NaiveDate),
    /// After this many occurrences of the pattern, counted from the start
    /// before any calendar adjustment (so a skipped holiday still counts).
    Count(u32),
}

/// What happens to a day number that a month does not have (the 31st in
/// April, the 29th in a common February).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub enum ShortMonth {
    /// Use the month's last day (the default, as most calendar tools do).
    #[default]
    LastDay,
    /// Skip the month.
    Skip,
}

/// What happens to an occurrence on a non-working day of the calendar passed
/// to [`Recurrence::occurrences`].
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub enum NonWorkingDay {
    /// Keep it (no calendar needed).
    #[default]
    Keep,
    /// Drop it.
    Skip,
    /// Move it to the next working day.
    Next,
    /// Move it to the previous working day.
    Previous,
}

/// A recurrence rule: a start date, a pattern, an end, and what to do with
/// short months and non-working days.
///
/// # Example
///
/// ```
/// use chrono::{NaiveDate, Weekday};
/// use planwright_core::{Calendar, NonWorkingDay, Nth, Recurrence};
///
/// let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
/// // Patch day: the second Tuesday of every month.
/// let rule = Recurrence::monthly_on_weekday(d(2026, 1, 1), 1, Nth::Second, Weekday::Tue);
/// let dates = rule.occurrences("patch", d(2026, 1, 1), d(2026, 3, 31), None)?;
/// assert_eq!(dates, [d(2026, 1, 13), d(2026, 2, 10), d(2026, 3, 10)]);
///
/// // Month-end close on the 31st: short months use their last day, and
/// // weekends move to the previous working day.
/// let close = Recurrence::monthly_on_day(d(2026, 1, 1), 1, 31)
///     .on_non_working(NonWorkingDay::Previous);
/// let cal = Calendar::standard("office");
/// let dates = close.occurrences("close", d(2026, 1, 1), d(2026, 5, 31), Some(&cal))?;
/// assert_eq!(dates, [d(2026, 1, 30), d(2026, 2, 27), d(2026, 3, 31), d(2026, 4, 30), d(2026, 5, 29)]);
/// # Ok::<(), planwright_core::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub struct Recurrence {
    /// The first date the pattern may fall on.
    pub start: NaiveDate,
    /// The pattern.
    pub frequency: Frequency,
    /// The end.
    pub end: End,
    /// Policy for day numbers a month lacks.
    pub short_month: ShortMonth,
    /// Policy for non-working days.
    pub non_working: NonWorkingDay,
}

impl Recurrence {
    fn with(start: NaiveDate, frequency: Frequency) -> Self {
        Recurrence {
            start,
            frequency,
            end: End::Never,
            short_month: ShortMonth::LastDay,
            non_working: NonWorkingDay::Keep,
        }
    }

    /// Every `interval` days from `start`.
    #[must_use]
    pub fn daily(start: NaiveDate, interval: u32) -> Self {
        Recurrence::with(start, Frequency::Daily { interval })
    }

    /// Every `interval` weeks on `weekdays`.
    #[must_use]
    pub fn weekly(start: NaiveDate, interval: u32, weekdays: &[Weekday]) -> Self {
        Recurrence::with(
            start,
            Frequency::Weekly {
                interval,
                weekdays: weekdays.to_vec(),
            },
        )
    }

    /// Every `interval` months on day `day` (1–31).
    #[must_use]
    pub fn monthly_on_day(start: NaiveDate, interval: u32, day: u8) -> Self {
        Recurrence::with(
            start,
            Frequency::Monthly {
                interval,
                day: MonthDay::Day(day),
            },
        )
    }

    /// Every `interval` months on the last day.
    #[must_use]
    pub fn monthly_on_last_day(start: NaiveDate, interval: u32) -> Self {
        Recurrence::with(
            start,
            Frequency::Monthly {
                interval,
                day: MonthDay::LastDay,
            },
        )
    }

    /// Every `interval` months on the nth weekday.
    #[must_use]
    pub fn monthly_on_weekday(start: NaiveDate, interval: u32, nth: Nth, weekday: Weekday) -> Self {
        Recurrence::with(
            start,
            Frequency::Monthly {
                interval,
                day: MonthDay::Weekday(nth, weekday),
            },
        )
    }

    /// Ends after `date` (inclusive).
    #[must_use]
    pub fn until(mut self, date: NaiveDate) -> Self {
        self.end = End::Until(date);
        self
    }

    /// Ends after `count` occurrences.
    #[must_use]
    pub fn count(mut self, count: u32) -> Self {
        self.end = End::Count(count);
        self
    }

    /// Sets the short-month policy.
    #[must_use]
    pub fn short_months(mut self, policy: ShortMonth) -> Self {
        self.short_month = policy;
        self
    }

    /// Sets the non-working-day policy.
    #[must_use]
    pub fn on_non_working(mut self, policy: NonWorkingDay) -> Self {
        self.non_working = policy;
        self
    }

    /// Checks the rule, naming it `name` in errors.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidRecurrence`] for a zero interval, a weekly rule without
    /// weekdays, a day number outside 1–31, a zero count, or an end before
    /// the start.
    pub fn validate(&self, name: &str) -> Result<(), Error> {
        let fail = |reason| {
            Err(Error::InvalidRecurrence {
                recurrence: crate::key::truncate_for_message(name),
                reason,
            })
        };
        let interval = match &self.frequency {
            Frequency::Daily { interval } | Frequency::Monthly { interval, .. } => *interval,
            Frequency::Weekly { interval, weekdays } => {
                if weekdays.is_empty() {
                    return fail("a weekly rule needs at least one weekday");
                }
                *interval
            }
        };
        if interval == 0 {
            return fail("the interval must be at least 1");
        }
        if let Frequency::Monthly {
            day: MonthDay::Day(d),
            ..
        } = self.frequency
        {
            if !(1..=31).contains(&d) {
                return fail("the day of the month must be 1 to 31");
            }
        }
        match self.end {
            End::Count(0) => fail("the count must be at least 1"),
            End::Until(u) if u < self.start => fail("the rule ends before it starts"),
            _ => Ok(()),
        }
    }

    /// The occurrences from `from` to `to` (inclusive), sorted and without
    /// duplicates, after the short-month and non-working-day policies.
    /// `name` names the rule in errors.
    ///
    /// Occurrences moved by [`NonWorkingDay::Next`] or
    /// [`NonWorkingDay::Previous`] onto the same day count once.
    ///
    /// # Errors
    ///
    /// As [`Recurrence::validate`]; [`Error::InvalidRecurrence`] when the
    /// window ends before it starts, or a non-working policy other than
    /// `Keep` is given no calendar; [`Error::DateOutOfRange`] at the edge of
    /// chrono's range.
    ///
    /// # Complexity
    ///
    /// O(number of pattern dates from the rule's start to `to`), plus the
    /// calendar look-ups.
    ///
    /// # Example
    ///
    /// ```
    /// use planwright_core::chrono::{NaiveDate, Weekday};
    /// use planwright_core::Recurrence;
    ///
    /// let d = |m: u32, day: u32| NaiveDate::from_ymd_opt(2026, m, day).unwrap();
    /// // The last Friday of every month.
    /// let rule = Recurrence::monthly_on_weekday(d(1, 1), 1, planwright_core::Nth::Last, Weekday::Fri);
    /// let dates = rule.occurrences("review", d(1, 1), d(3, 31), None)?;
    /// assert_eq!(dates, [d(1, 30), d(2, 27), d(3, 27)]);
    /// # Ok::<(), planwright_core::Error>(())
    /// ```
    pub fn occurrences(
        &self,
        name: &str,
        from: NaiveDate,
        to: NaiveDate,
        calendar: Option<&Calendar>,
    ) -> Result<Vec<NaiveDate>, Error> {
        self.validate(name)?;
        let fail = |reason| Error::InvalidRecurrence {
            recurrence: crate::key::truncate_for_message(name),
            reason,
        };
        if to < from {
            return Err(fail("the window ends before it starts"));
        }
        let calendar = match (self.non_working, calendar) {
            (NonWorkingDay::Keep, _) => None,
            (_, Some(c)) => Some(c),
            (_, None) => return Err(fail("moving or skipping non-working days needs a calendar")),
        };
        let mut out: Vec<NaiveDate> = Vec::new();
        let mut emitted: u32 = 0;
        let mut pattern = Pattern::new(self)?;
        while let Some(nominal) = pattern.next_date()? {
            match self.end {
                End::Until(u) if nominal > u => break,
                End::Count(c) if emitted >= c => break,
                _ => {}
            }
            emitted = emitted.saturating_add(1);
            let adjusted = match (self.non_working, calendar) {
                (NonWorkingDay::Keep, _) | (_, None) => Some(nominal),
                (policy, Some(cal)) if !cal.is_working_day(nominal) => match policy {
                    NonWorkingDay::Skip => None,
                    NonWorkingDay::Next => Some(cal.next_working_day(nominal)?),
                    NonWorkingDay::Previous => Some(cal.previous_working_day(nominal)?),
                    NonWorkingDay::Keep => Some(nominal),
                },
                _ => Some(nominal),
            };
            // Adjusted dates never decrease as nominal dates increase, and are
            // never before the nominal date except under `Previous`: stop
            // once past the window.
            let past = match adjusted {
                Some(a) => a > to,
                None => nominal > to,
            };
            if past {
                break;
            }
            if let Some(a) = adjusted {
                if a >= from && out.last() != Some(&a) {
                    out.push(a);
                }
            }
        }
        Ok(out)
    }
}

/// Walks the nominal dates of a rule from its start, in increasing order.
struct Pattern<'a> {
    rule: &'a Recurrence,
    /// Daily: the next date. Weekly: Monday of the current week.
    /// Monthly: the first day of the current month.
    cursor: Option<NaiveDate>,
    /// Weekly: index into the sorted weekdays of the current week.
    slot: usize,
    weekdays: Vec<u32>,
}

const OUT_OF_RANGE: Error = Error::DateOutOfRange {
    context: "the next occurrence",
};

impl<'a> Pattern<'a> {
    fn new(rule: &'a Recurrence) -> Result<Self, Error> {
        let s = rule.start;
        let (cursor, weekdays) = match &rule.frequency {
            Frequency::Daily { .. } => (s, Vec::new()),
            Frequency::Weekly { weekdays, .. } => {
                let monday = s
                    .checked_sub_days(Days::new(u64::from(s.weekday().num_days_from_monday())))
                    .ok_or(OUT_OF_RANGE)?;
                let mut w: Vec<u32> = weekdays.iter().map(|d| d.num_days_from_monday()).collect();
                w.sort_unstable();
                w.dedup();
                (monday, w)
            }
            Frequency::Monthly { .. } => (s.with_day(1).ok_or(OUT_OF_RANGE)?, Vec::new()),
        };
        Ok(Pattern {
            rule,
            cursor: Some(cursor),
            slot: 0,
            weekdays,
        })
    }

    fn next_date(&mut self) -> Result<Option<NaiveDate>, Error> {
        loop {
            let Some(cursor) = self.cursor else {
                return Ok(None);
            };
            let candidate = match &self.rule.frequency {
                Frequency::Daily { interval } => {
                    self.cursor = cursor.checked_add_days(Days::new(u64::from(*interval)));
                    Some(cursor)
                }
                Frequency::Weekly { interval, .. } => {
                    if self.slot < self.weekdays.len() {
                        let d =
                            cursor.checked_add_days(Days::new(u64::from(self.weekdays[self.slot])));
                        self.slot += 1;
                        d
                    } else {
                        self.slot = 0;
                        self.cursor = cursor.checked_add_days(Days::new(7 * u64::from(*interval)));
                        continue;
                    }
                }
                Frequency::Monthly { interval, day } => {
                    self.cursor = cursor.checked_add_months(Months::new(*interval));
                    month_day(cursor, *day, self.rule.short_month)
                }
            };
            match candidate {
                Some(d) if d >= self.rule.start => return Ok(Some(d)),
                Some(_) => continue,
                None if self.cursor.is_none() => return Err(OUT_OF_RANGE),
                None => continue,
            }
        }
    }
}

/// The date in the month starting at `first` for `day`, or `None` when the
/// month has no such day under the policy.
fn month_day(first: NaiveDate, day: MonthDay, short: ShortMonth) -> Option<NaiveDate> {
    let last = last_day_of_month(first)?;
    match day {
        MonthDay::Day(d) => {
            let d = u32::from(d);
            if d <= last.day() {
                first.with_day(d)
            } else {
                match short {
                    ShortMonth::LastDay => Some(last),
                    ShortMonth::Skip => None,
                }
            }
        }
        MonthDay::LastDay => Some(last),
        MonthDay::Weekday(nth, weekday) => {
            let target = weekday.num_days_from_monday();
            if nth == Nth::Last {
                let back = (7 + last.weekday().num_days_from_monday() - target) % 7;
                return last.checked_sub_days(Days::new(u64::from(back)));
            }
            let ahead = (7 + target - first.weekday().num_days_from_monday()) % 7;
            let k = match nth {
                Nth::First => 0,
                Nth::Second => 1,
                Nth::Third => 2,
                Nth::Fourth => 3,
                Nth::Fifth | Nth::Last => 4,
            };
            let d = first.checked_add_days(Days::new(u64::from(ahead + 7 * k)))?;
            (d.month() == first.month()).then_some(d)
        }
    }
}

fn last_day_of_month(first: NaiveDate) -> Option<NaiveDate> {
    first.checked_add_months(Months::new(1))?.pred_opt()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn weekly_every_other_week() {
        let r = Recurrence::weekly(d(2026, 11, 4), 2, &[Weekday::Mon, Weekday::Fri]);
        let got = r
            .occurrences("r", d(2026, 11, 1), d(2026, 11, 30), None)
            .unwrap();
        // Week of Nov 2 is week 0: Mon 2 is before the start, Fri 6; week 2: Nov 16, 20; week 4: Nov 30.
        assert_eq!(
            got,
            [
                d(2026, 11, 6),
                d(2026, 11, 16),
                d(2026, 11, 20),
                d(2026, 11, 30)
            ]
        );
    }

    #[test]
    fn count_counts_pattern_dates_from_the_start() {
        let r = Recurrence::daily(d(2026, 1, 1), 3).count(4);
        assert_eq!(
            r.occurrences("r", d(2026, 1, 5), d(2026, 12, 31), None)
                .unwrap(),
            [d(2026, 1, 7), d(2026, 1, 10)]
        );
    }

    #[test]
    fn thirty_first_skip_policy_and_fifth_weekday() {
        let r = Recurrence::monthly_on_day(d(2026, 1, 1), 1, 31).short_months(ShortMonth::Skip);
        assert_eq!(
            r.occurrences("r", d(2026, 1, 1), d(2026, 6, 30), None)
                .unwrap(),
            [d(2026, 1, 31), d(2026, 3, 31), d(2026, 5, 31)]
        );
        let fifth = Recurrence::monthly_on_weekday(d(2026, 1, 1), 1, Nth::Fifth, Weekday::Fri);
        assert_eq!(
            fifth
                .occurrences("r", d(2026, 1, 1), d(2026, 6, 30), None)
                .unwrap(),
            [d(2026, 1, 30), d(2026, 5, 29)]
        );
        let last = Recurrence::monthly_on_weekday(d(2026, 1, 1), 2, Nth::Last, Weekday::Mon);
        assert_eq!(
            last.occurrences("r", d(2026, 1, 1), d(2026, 6, 30), None)
                .unwrap(),
            [d(2026, 1, 26), d(2026, 3, 30), d(2026, 5, 25)]
        );
    }

    #[test]
    fn next_working_day_deduplicates() {
        let cal = Calendar::standard("c");
        let r = Recurrence::daily(d(2026, 11, 27), 1).on_non_working(NonWorkingDay::Next);
        assert_eq!(
            r.occurrences("r", d(2026, 11, 27), d(2026, 12, 1), Some(&cal))
                .unwrap(),
            [d(2026, 11, 27), d(2026, 11, 30), d(2026, 12, 1)]
        );
        assert!(
            r.occurrences("r", d(2026, 11, 27), d(2026, 12, 1), None)
                .is_err()
        );
    }

    #[test]
    fn invalid_rules() {
        let s = d(2026, 1, 1);
        for r in [
            Recurrence::daily(s, 0),
            Recurrence::weekly(s, 1, &[]),
            Recurrence::monthly_on_day(s, 1, 0),
            Recurrence::monthly_on_day(s, 1, 32),
            Recurrence::daily(s, 1).count(0),
            Recurrence::daily(s, 1).until(d(2025, 1, 1)),
        ] {
            assert!(
                matches!(r.validate("x"), Err(Error::InvalidRecurrence { .. })),
                "{r:?}"
            );
        }
    }
}
