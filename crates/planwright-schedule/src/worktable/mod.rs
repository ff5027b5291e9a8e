//! Working-time tables: a calendar's working intervals over a span of days,
//! as elapsed minutes from the network origin, with the working minutes
//! before each, so the kernel's conversions are a lookup and a short search
//! instead of a walk over days and exceptions.
//!
//! A table answers exactly what [`Calendar`]'s own walk answers (the unit
//! tests and the property tests check it operation by operation): the
//! working-time function `W(t)` (working minutes up to `t`) is piecewise
//! linear, and every conversion the kernel needs is a question about it —
//! `W(b) − W(a)`, the earliest instant where `W` reaches a value (a
//! finish), the latest where it still has one (a start, backwards), the
//! next instant where it rises, the last where it rose. Adjacent intervals
//! are merged, which changes none of these answers.
//!
//! A table covers whole days and grows on demand (by doubling, towards the
//! side a question needed); it never covers more than [`MAX_DAYS`], and a
//! question it cannot answer within that is answered by the calendar's
//! walk.
//!
//! Nearly every calendar has at most two working intervals a day; its
//! table also keeps a 12-byte record per day (the intervals in minutes of
//! the day and the cumulative work) and the working days' records with an
//! index per 64 working minutes, so the conversions the hot loops make
//! (`W(t)`, and the instant where `W` reaches a value) are a record read,
//! an index read and one branch-free step. When every working day has the
//! same minutes (eight-hour days with whole-day holidays, vacations and
//! part-time weekdays), the working day where `W` reaches a value is found
//! by one multiplication instead (exact for every table; see
//! `uniform_day_magic`). Other calendars are answered from the interval
//! list, with a work index of its own.
//!
//! Memory, per distinct calendar: about 16 bytes per day, 12 per working
//! interval and 30 per eight-hour working day — a year of office days
//! (two intervals, five days a week) is about 20 KB.

use chrono::{Days, NaiveDate, NaiveDateTime, Timelike};
use planwright_core::Calendar;

/// The most days a table covers (a century); beyond, the calendar's walk.
pub(crate) const MAX_DAYS: usize = 36_525;
/// Days a new table covers before the origin's day.
const INITIAL_BEFORE: usize = 7;
/// Days a new table covers from the origin's day on.
const INITIAL_AFTER: usize = 366;
const DAY: i64 = 1440;

/// Which way a table must grow to answer a question.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Need {
    Earlier,
    Later,
}

/// One working interval: elapsed minutes `start..end` from the origin, and
/// the working minutes from the table's first midnight to its end (one
/// cache line holds several, and a lookup reads one or two).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Iv {
    start: i32,
    end: i32,
    cum_end: i32,
}

impl Iv {
    /// Working minutes from the table's first midnight to the start.
    #[inline(always)]
    fn cum_start(self) -> i64 {
        i64::from(self.cum_end) - i64::from(self.end - self.start)
    }
}

/// One calendar's working intervals over whole days, in elapsed minutes
/// from the origin.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct WorkTable {
    /// The first covered day, in days from the origin's date (≤ 0).
    day0: i64,
    /// Its midnight, in elapsed minutes from the origin.
    lo: i64,
    /// Days covered.
    days: usize,
    /// Working intervals, merged where they touch.
    iv: Vec<Iv>,
    /// Working minutes in the whole table.
    total: i64,
    /// Per day (and one past the last): the first interval ending after its
    /// midnight.
    first: Vec<u32>,
    /// Per [`BUCKET`] working minutes (and one past the last): the first
    /// interval whose work goes beyond `q × BUCKET`, so finding where a
    /// work value falls is a lookup and a step or two (without day records
    /// only).
    by_work: Vec<u32>,
    /// When every day has at most two working intervals (nearly every
    /// calendar): one record per day and one past the last, so the hot
    /// conversions are a record read and branch-free arithmetic. Empty
    /// otherwise (the interval list answers).
    day: Vec<Day>,
    /// The working days' records in order (with their day), so finding
    /// the day where the work reaches a value never steps over a night
    /// or a weekend.
    wday: Vec<WorkDay>,
    /// Per [`DAY_BUCKET`] working minutes: the first working day whose work
    /// goes beyond `q × DAY_BUCKET`; the answer is it or the next one
    /// unless a working day has fewer than [`DAY_BUCKET`] minutes.
    by_wday: Vec<u16>,
    /// When every working day has the same minutes `M` (nearly every
    /// calendar: eight-hour days, whole-day holidays and vacations):
    /// `ceil(2^42 / M)`, so the working day holding work minute `m + 1` is
    /// `wday[m · magic >> 42]`, one multiplication and one read. 0 otherwise.
    per_day_magic: u64,
}

/// A working day as the conversions to an instant read it: the elapsed
/// minute its first interval starts, the table's working minutes before
/// and after it, the first interval's length and the gap to the second
/// (0 without one). Sixteen bytes; the instant where the day's work
/// reaches `r` is `at0 + r`, plus the gap past the first interval.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct WorkDay {
    at0: i32,
    cum_start: i32,
    cum_end: i32,
    len_a: u16,
    gap: u16,
}

impl WorkDay {
    /// The record of working day `rec`, whose midnight is elapsed minute
    /// `midnight`.
    fn new(rec: Day, midnight: i64) -> Self {
        WorkDay {
            // Elapsed minutes fit in i32 far beyond MAX_DAYS.
            at0: (midnight + i64::from(rec.a0)) as i32,
            cum_start: rec.cum_end - rec.minutes() as i32,
            cum_end: rec.cum_end,
            len_a: rec.a1 - rec.a0,
            gap: rec.b0 - rec.a1,
        }
    }

    /// Working minutes of the day.
    #[inline(always)]
    fn minutes(self) -> i64 {
        i64::from(self.cum_end - self.cum_start)
    }
}

/// A day with at most two working intervals `a0..a1` and `b0..b1` in
/// minutes from its midnight (an absent one is empty: `b0 = b1 = a1`, or all
/// zero), and the working minutes from the table's first midnight to its
/// end. Twelve bytes: five days to a cache line.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
struct Day {
    cum_end: i32,
    a0: u16,
    a1: u16,
    b0: u16,
    b1: u16,
}

impl Day {
    /// Working minutes of the day.
    #[inline(always)]
    fn minutes(self) -> i64 {
        i64::from(self.a1 - self.a0) + i64::from(self.b1 - self.b0)
    }
}

/// The shift of [`WorkTable::per_day_magic`].
const MAGIC_SHIFT: u32 = 42;

/// `ceil(2^42 / M)` when every working day has the same minutes `M`, else
/// 0. Then `floor(m / M) = (m · magic) >> 42` for every `0 ≤ m < 2^31`:
/// with `magic · M = 2^42 + e`, `0 ≤ e < M ≤ 1440 < 2^11`, the product is
/// `m / M + m · e / (M · 2^42)` and the error term is below `1 / M` (as
/// `m · e < 2^42`), too small to carry `m / M` past the next integer, and
/// the `j`-th working day (from 0) holds work minutes `j·M + 1 … (j+1)·M`.
fn uniform_day_magic(wday: &[WorkDay]) -> u64 {
    let Some(first) = wday.first() else {
        return 0;
    };
    let m = first.minutes();
    if m <= 0 || wday.iter().any(|w| w.minutes() != m) {
        return 0;
    }
    (1u64 << MAGIC_SHIFT).div_ceil(m as u64)
}

/// Per-day working intervals as at most two `(start, end)` pairs in minutes
/// of the day, merging touching ones; `None` for more.
fn two_intervals(day: &[planwright_core::WorkingTime]) -> Option<[(u16, u16); 2]> {
    let mut out = [(0u16, 0u16); 2];
    let mut n = 0;
    for w in day {
        if w.end <= w.start {
            continue;
        }
        let (s, e) = (w.start as u16, w.end as u16);
        if n > 0 && out[n - 1].1 == s {
            out[n - 1].1 = e;
            continue;
        }
        if n == 2 {
            return None;
        }
        out[n] = (s, e);
        n += 1;
    }
    if n == 1 {
        out[1] = (out[0].1, out[0].1);
    }
    Some(out)
}

/// Working minutes per entry of [`WorkTable::by_work`].
const BUCKET: i64 = 64;
/// Working minutes per entry of [`WorkTable::by_wday`] (shorter than
/// nearly every working day, so a lookup is an index read and one
/// branch-free step).
const DAY_BUCKET: i64 = 64;

impl WorkTable {
    /// A table of `cal` around `origin` (a week before it to a year after).
    pub(crate) fn new(cal: &Calendar, origin: NaiveDateTime) -> Self {
        Self::build(
            cal,
            origin,
            -(INITIAL_BEFORE as i64),
            INITIAL_BEFORE + INITIAL_AFTER,
        )
    }

    fn build(cal: &Calendar, origin: NaiveDateTime, day0: i64, days: usize) -> Self {
        let minute_of_day = i64::from(origin.hour() * 60 + origin.minute());
        let lo = day0 * DAY - minute_of_day;
        // Elapsed minutes fit in i32 for far more than MAX_DAYS around the
        // origin.
        let mut spans: Vec<(i32, i32)> = Vec::new();
        let mut covered = 0;
        let mut simple = true;
        let mut day_iv: Vec<[(u16, u16); 2]> = Vec::new();
        if let Some(mut date) = add_days(origin.date(), day0) {
            for d in 0..days.min(MAX_DAYS) {
                let midnight = lo + DAY * d as i64;
                if simple {
                    match two_intervals(cal.intervals_on(date)) {
                        Some(x) => day_iv.push(x),
                        None => simple = false,
                    }
                }
                for w in cal.intervals_on(date) {
                    if w.end <= w.start {
                        continue;
                    }
                    let s = (midnight + i64::from(w.start)) as i32;
                    let e = (midnight + i64::from(w.end)) as i32;
                    match spans.last_mut() {
                        Some(last) if last.1 == s => last.1 = e,
                        _ => spans.push((s, e)),
                    }
                }
                covered = d + 1;
                match date.succ_opt() {
                    Some(next) => date = next,
                    None => break,
                }
            }
        }
        let mut total = 0i64;
        let iv: Vec<Iv> = spans
            .into_iter()
            .map(|(start, end)| {
                total += i64::from(end - start);
                Iv {
                    start,
                    end,
                    cum_end: total as i32,
                }
            })
            .collect();
        let mut first = Vec::with_capacity(covered + 1);
        let mut k = 0;
        for d in 0..=covered {
            let midnight = lo + DAY * d as i64;
            while k < iv.len() && i64::from(iv[k].end) <= midnight {
                k += 1;
            }
            first.push(k as u32);
        }
        let mut by_work = Vec::new();
        let mut j = 0;
        // With day records the work index is theirs.
        for q in 0..=if simple { -1 } else { total / BUCKET } {
            while j + 1 < iv.len() && i64::from(iv[j].cum_end) <= q * BUCKET {
                j += 1;
            }
            by_work.push(j as u32);
        }
        let (mut day, mut wday, mut by_wday) = (Vec::new(), Vec::new(), Vec::new());
        if simple {
            day.reserve(covered + 1);
            let mut cum = 0i32;
            for &[(a0, a1), (b0, b1)] in &day_iv[..covered] {
                cum += i32::from(a1 - a0) + i32::from(b1 - b0);
                day.push(Day {
                    cum_end: cum,
                    a0,
                    a1,
                    b0,
                    b1,
                });
            }
            // The midnight after the last day: all the work is before it.
            day.push(Day {
                cum_end: cum,
                ..Day::default()
            });
            wday.extend(
                day.iter()
                    .enumerate()
                    .filter(|(_, r)| r.minutes() > 0)
                    .map(|(d, &rec)| WorkDay::new(rec, lo + DAY * d as i64)),
            );
            let mut j = 0usize;
            for q in 0..(total + DAY_BUCKET - 1) / DAY_BUCKET {
                while i64::from(wday[j].cum_end) <= q * DAY_BUCKET {
                    j += 1;
                }
                by_wday.push(j as u16);
            }
        }
        let per_day_magic = uniform_day_magic(&wday);
        WorkTable {
            day0,
            lo,
            days: covered,
            iv,
            total,
            first,
            by_work,
            day,
            wday,
            by_wday,
            per_day_magic,
        }
    }

    /// The same calendar over more days: at least twice as many, towards
    /// `need`, up to [`MAX_DAYS`]; `None` when it already covers that many
    /// (or the dates run out).
    pub(crate) fn grown(&self, cal: &Calendar, origin: NaiveDateTime, need: Need) -> Option<Self> {
        if self.days >= MAX_DAYS {
            return None;
        }
        let more = self.days.max(64).min(MAX_DAYS - self.days);
        let t = match need {
            Need::Later => Self::build(cal, origin, self.day0, self.days + more),
            Need::Earlier => Self::build(cal, origin, self.day0 - more as i64, self.days + more),
        };
        (t.days > self.days).then_some(t)
    }

    /// The same calendar grown (by doubling, up to [`MAX_DAYS`]) until it
    /// covers network times `from..=to`, or as far as it can.
    pub(crate) fn covering(
        mut self,
        cal: &Calendar,
        origin: NaiveDateTime,
        from: i64,
        to: i64,
    ) -> Self {
        loop {
            let need = if from < self.lo {
                Need::Earlier
            } else if to > self.lo + DAY * self.days as i64 {
                Need::Later
            } else {
                return self;
            };
            match self.grown(cal, origin, need) {
                Some(g) => self = g,
                None => return self,
            }
        }
    }

    /// The first interval ending after `t` (`iv.len()` when none does), or
    /// which way the table must grow to cover `t`.
    #[inline]
    fn at(&self, t: i64) -> Result<usize, Need> {
        let rel = t - self.lo;
        if rel < 0 {
            return Err(Need::Earlier);
        }
        if rel > DAY * self.days as i64 {
            return Err(Need::Later);
        }
        let mut k = self.first[(rel / DAY) as usize] as usize;
        while k < self.iv.len() && i64::from(self.iv[k].end) <= t {
            k += 1;
        }
        Ok(k)
    }

    /// `W(t)` given `k = at(t)`.
    #[inline]
    fn work_at(&self, t: i64, k: usize) -> i64 {
        match self.iv.get(k) {
            Some(&iv) if i64::from(iv.start) < t => iv.cum_start() + t - i64::from(iv.start),
            Some(&iv) => iv.cum_start(),
            None => self.total,
        }
    }

    /// The interval holding work minute `w + 1` (the first whose work goes
    /// beyond `w`), for `0 ≤ w < total`.
    #[inline]
    fn interval_of_work(&self, w: i64) -> Iv {
        let mut j = self.by_work[(w / BUCKET) as usize] as usize;
        while i64::from(self.iv[j].cum_end) <= w {
            j += 1;
        }
        self.iv[j]
    }

    /// The day holding work minute `m + 1` (the first whose work goes
    /// beyond `m`), for `0 ≤ m < total` in a table with day records.
    #[inline(always)]
    fn day_of_work(&self, m: i64) -> WorkDay {
        if self.per_day_magic != 0 {
            // Exact (see `uniform_day_magic`): `m < 2^31`.
            let j = ((m as u128 * u128::from(self.per_day_magic)) >> MAGIC_SHIFT) as usize;
            return self.wday[j];
        }
        // `m ≥ 0`: unsigned division is a shift.
        let mut j = usize::from(self.by_wday[(m as u64 / DAY_BUCKET as u64) as usize]);
        // One step without a branch (the bucket's first working day or
        // the next), then a loop only days shorter than a bucket enter.
        j += usize::from(i64::from(self.wday[j].cum_end) <= m);
        while i64::from(self.wday[j].cum_end) <= m {
            j += 1;
        }
        self.wday[j]
    }

    /// The instant where `W` reaches `w`: the earliest when `at_end`
    /// (`1 ≤ w ≤ total`), else the latest (`0 ≤ w < total`).
    #[inline(always)]
    fn instant_of_work(&self, w: i64, at_end: bool) -> i64 {
        let m = if at_end { w - 1 } else { w };
        if self.day.is_empty() {
            let iv = self.interval_of_work(m);
            return i64::from(iv.start) + (w - iv.cum_start());
        }
        self.instant_in(self.day_of_work(m), w, at_end)
    }

    /// The instant where `W` reaches `w` inside working day `wd` (as
    /// [`WorkTable::instant_of_work`] once the day is known).
    #[inline(always)]
    fn instant_in(&self, wd: WorkDay, w: i64, at_end: bool) -> i64 {
        let r = w - i64::from(wd.cum_start);
        let len_a = i64::from(wd.len_a);
        let past_a = if at_end { r > len_a } else { r >= len_a };
        i64::from(wd.at0) + r + i64::from(past_a) * i64::from(wd.gap)
    }

    /// The earliest instant with `w` working minutes before it (`w ≥ 1`),
    /// or `Need::Later`.
    #[inline]
    fn earliest(&self, w: i64) -> Result<i64, Need> {
        if w > self.total {
            return Err(Need::Later);
        }
        if w < 1 {
            return Err(Need::Earlier);
        }
        Ok(self.instant_of_work(w, true))
    }

    /// The latest instant with `w` working minutes before it, `w` below the
    /// table's total.
    #[inline]
    fn latest(&self, w: i64) -> Result<i64, Need> {
        if w < 0 {
            return Err(Need::Earlier);
        }
        if w >= self.total {
            return Err(Need::Later);
        }
        Ok(self.instant_of_work(w, false))
    }

    /// Working minutes from the table's first midnight to `t`.
    #[inline]
    pub(crate) fn work(&self, t: i64) -> Result<i64, Need> {
        if self.day.is_empty() {
            return Ok(self.work_at(t, self.at(t)?));
        }
        let rel = t - self.lo;
        if rel < 0 {
            return Err(Need::Earlier);
        }
        if rel > DAY * self.days as i64 {
            return Err(Need::Later);
        }
        Ok(self.day_work(rel))
    }

    /// `W` at `rel` minutes after the first midnight (`0 ≤ rel ≤` the
    /// table's minutes), from the day records. Branch-free.
    #[inline(always)]
    fn day_work(&self, rel: i64) -> i64 {
        // `rel ≥ 0`: unsigned division needs no sign fix-up.
        let d = (rel as u64 / DAY as u64) as usize;
        let m = (rel - DAY * d as i64) as u16;
        let r = self.day[d];
        // `max` then `min` rather than `clamp`, whose check is a branch
        // (records have `a0 ≤ a1` and `b0 ≤ b1` by construction).
        i64::from(r.cum_end)
            - i64::from(r.a1 - m.max(r.a0).min(r.a1))
            - i64::from(r.b1 - m.max(r.b0).min(r.b1))
    }

    /// [`WorkTable::place`] for `L` lanes at once (start no earlier than
    /// `at[l]`, `work[l]` working minutes), the lanes' lookups independent
    /// so they overlap; the starts only when `want_start` (a finish needs
    /// one lookup fewer). `false` (nothing written) when a lane needs the
    /// general path: no day records, a duration that is not positive, or
    /// a question beyond the table.
    #[inline(always)]
    pub(crate) fn place_lanes<const L: usize>(
        &self,
        at: &[i64; L],
        work: &[i64],
        want_start: bool,
        es: &mut [i64; L],
        ef: &mut [i64; L],
    ) -> bool {
        if self.day.is_empty() || work.len() < L {
            return false;
        }
        let limit = DAY * self.days as i64;
        let mut w = [0i64; L];
        for l in 0..L {
            let rel = at[l] - self.lo;
            if rel < 0 || rel > limit || work[l] <= 0 {
                return false;
            }
            w[l] = self.day_work(rel);
        }
        for l in 0..L {
            if w[l] + work[l] > self.total || w[l] >= self.total {
                return false;
            }
        }
        if want_start {
            for l in 0..L {
                es[l] = self.instant_of_work(w[l], false);
            }
        }
        let magic = u128::from(self.per_day_magic);
        if magic != 0 {
            // Uniform working days: the finish's day by a multiplication,
            // the same for every lane (no branch inside the loop).
            for l in 0..L {
                let m = w[l] + work[l] - 1;
                let wd = self.wday[((m as u128 * magic) >> MAGIC_SHIFT) as usize];
                ef[l] = self.instant_in(wd, m + 1, true);
            }
            return true;
        }
        for l in 0..L {
            ef[l] = self.instant_of_work(w[l] + work[l], true);
        }
        true
    }

    /// `true` when the calendar works the minute from `t` on (`W(t + 1) >
    /// W(t)`); `false` as well when the table cannot tell from a day record
    /// (no records, or `t` outside the table), so the caller asks the
    /// general way.
    #[inline]
    pub(crate) fn works_at(&self, t: i64) -> bool {
        let rel = t - self.lo;
        if self.day.is_empty() || rel < 0 || rel >= DAY * self.days as i64 {
            return false;
        }
        let d = (rel / DAY) as usize;
        let m = (rel - DAY * d as i64) as u16;
        let r = self.day[d];
        (r.a0 <= m && m < r.a1) || (r.b0 <= m && m < r.b1)
    }

    /// Working minutes from `a` to `b` (negative when `b < a`).
    #[inline]
    pub(crate) fn span(&self, a: i64, b: i64) -> Result<i64, Need> {
        Ok(self.work(b)? - self.work(a)?)
    }

    /// The instant `work` working minutes after `t` (before it when
    /// negative): the earliest such instant forwards, the latest backwards,
    /// as [`Calendar::add_work`].
    #[inline]
    pub(crate) fn advance(&self, t: i64, work: i64) -> Result<i64, Need> {
        match work.cmp(&0) {
            core::cmp::Ordering::Equal => Ok(t),
            core::cmp::Ordering::Greater => self.earliest(self.work(t)? + work),
            // target < W(t) ≤ total, so `latest` has an interval to look in.
            core::cmp::Ordering::Less => self.latest(self.work(t)? + work),
        }
    }

    /// The first working instant at or after `t` and the finish `work > 0`
    /// working minutes after it: [`WorkTable::next_start`] and
    /// [`WorkTable::advance`] in one lookup.
    #[inline]
    pub(crate) fn place(&self, t: i64, work: i64) -> Result<(i64, i64), Need> {
        if !self.day.is_empty() && work > 0 {
            // The first working instant at or after `t` is the latest with
            // `W(t)` before it.
            let w = self.work(t)?;
            return Ok((self.latest(w)?, self.earliest(w + work)?));
        }
        let k = self.at(t)?;
        let Some(&iv) = self.iv.get(k) else {
            return Err(Need::Later);
        };
        let es = i64::from(iv.start).max(t);
        if work <= 0 {
            return Ok((es, self.advance(es, work)?));
        }
        let w = iv.cum_start() + es - i64::from(iv.start);
        Ok((es, self.earliest(w + work)?))
    }

    /// The first working instant at or after `t`
    /// ([`Calendar::next_working_instant`]).
    #[inline]
    pub(crate) fn next_start(&self, t: i64) -> Result<i64, Need> {
        let k = self.at(t)?;
        match self.iv.get(k) {
            Some(iv) => Ok(i64::from(iv.start).max(t)),
            None => Err(Need::Later),
        }
    }

    /// The last instant at or before `t` that ends a working minute
    /// ([`Calendar::previous_working_end`]).
    #[inline]
    pub(crate) fn previous_end(&self, t: i64) -> Result<i64, Need> {
        let k = self.at(t)?;
        if self.iv.get(k).is_some_and(|iv| i64::from(iv.start) < t) {
            return Ok(t);
        }
        // At the first midnight an interval of the day before (not in the
        // table) could end exactly here.
        if k == 0 || t == self.lo {
            return Err(Need::Earlier);
        }
        Ok(i64::from(self.iv[k - 1].end))
    }

    /// Where a zero-length event at `t` sits ([`Calendar::event_instant`]).
    #[inline]
    pub(crate) fn event(&self, t: i64) -> Result<i64, Need> {
        let k = self.at(t)?;
        if self.iv.get(k).is_some_and(|iv| i64::from(iv.start) < t) {
            return Ok(t);
        }
        if t == self.lo {
            return Err(Need::Earlier);
        }
        if k > 0 && i64::from(self.iv[k - 1].end) == t {
            return Ok(t);
        }
        match self.iv.get(k) {
            Some(iv) => Ok(i64::from(iv.start)),
            None => Err(Need::Later),
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

/// The tables of a network's calendars, with what they were built for, so
/// a workspace reused with another network rebuilds them.
#[derive(Clone, Debug)]
pub(crate) struct WorkTables {
    pub(crate) origin: NaiveDateTime,
    pub(crate) calendars: Vec<Calendar>,
    pub(crate) tables: Vec<WorkTable>,
}

impl WorkTables {
    pub(crate) fn new(origin: NaiveDateTime, calendars: &[Calendar]) -> Self {
        WorkTables {
            origin,
            calendars: calendars.to_vec(),
            tables: calendars
                .iter()
                .map(|c| WorkTable::new(c, origin))
                .collect(),
        }
    }

    /// `true` when these tables belong to `origin` and `calendars`.
    pub(crate) fn fits(&self, origin: NaiveDateTime, calendars: &[Calendar]) -> bool {
        self.origin == origin && self.calendars == calendars
    }
}

#[cfg(test)]
pub(crate) mod tests;
