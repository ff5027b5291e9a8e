//! The leveling model: activities from the plan's network on their own
//! calendars, resources with day-by-day capacity, placements, and the
//! placement of one activity at its earliest resource-feasible start.

use chrono::{NaiveDate, NaiveDateTime, NaiveTime};
use planwright_core::{Calendar, Duration, LinkKind, TaskId};

use crate::Error;

/// A placement: start, finish, and working minutes per day index.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(super) struct Placement {
    pub(super) start: NaiveDateTime,
    pub(super) finish: NaiveDateTime,
    pub(super) days: Vec<(usize, i64)>,
    pub(super) parts: Vec<(NaiveDateTime, NaiveDateTime)>,
}

pub(super) struct Act {
    pub(super) task: Option<TaskId>,
    pub(super) key: String,
    pub(super) cal: usize,
    pub(super) dur: i64,
    /// (resource index, basis points).
    pub(super) demands: Vec<(usize, i64)>,
    pub(super) fixed: bool,
    pub(super) never_delay: bool,
    pub(super) es: NaiveDateTime,
    pub(super) ls: NaiveDateTime,
    pub(super) lf: NaiveDateTime,
    pub(super) original: (NaiveDateTime, NaiveDateTime),
    pub(super) float: i64,
    pub(super) priority: u16,
    pub(super) preds: Vec<(usize, LinkKind, i64)>,
    pub(super) succs: Vec<(usize, LinkKind, i64)>,
}

pub(super) struct Model<'a> {
    pub(super) acts: Vec<Act>,
    pub(super) cals: Vec<&'a Calendar>,
    pub(super) res_cal: Vec<usize>,
    pub(super) res_key: Vec<String>,
    pub(super) res_cap: Vec<i64>,
    pub(super) leveled: Vec<bool>,
    pub(super) base: NaiveDate,
    pub(super) range: Option<(usize, usize)>,
    pub(super) split: bool,
    pub(super) within_float: bool,
    /// Capacity per resource per day (bp·min), grown on demand.
    pub(super) cap: Vec<Vec<i64>>,
    /// Working minutes per calendar per day index, grown on demand.
    pub(super) minutes: Vec<Vec<i64>>,
}

pub(super) const MAX_DAYS: usize = 20 * 366;

pub(super) fn day_start(d: NaiveDate) -> NaiveDateTime {
    d.and_time(NaiveTime::MIN)
}

impl Model<'_> {
    pub(super) fn day_of(&self, t: NaiveDateTime) -> usize {
        usize::try_from((t.date() - self.base).num_days()).unwrap_or(0)
    }

    pub(super) fn date(&self, day: usize) -> NaiveDate {
        self.base + chrono::Duration::days(day as i64)
    }

    pub(super) fn capacity(&mut self, r: usize, day: usize) -> i64 {
        while self.cap[r].len() <= day {
            let d = self.date(self.cap[r].len());
            let minutes = i64::from(self.cals[self.res_cal[r]].minutes_on(d));
            self.cap[r].push(self.res_cap[r] * minutes);
        }
        self.cap[r][day]
    }

    /// Working minutes of calendar `cal` on day index `day` (cached).
    pub(super) fn day_minutes(&mut self, cal: usize, day: usize) -> i64 {
        while self.minutes[cal].len() <= day {
            let d = self.date(self.minutes[cal].len());
            let m = i64::from(self.cals[cal].minutes_on(d));
            self.minutes[cal].push(m);
        }
        self.minutes[cal][day]
    }

    pub(super) fn in_range(&self, day: usize) -> bool {
        self.range.is_none_or(|(a, b)| day >= a && day <= b)
    }

    /// Working minutes per day of `dur` minutes on calendar `cal` from
    /// `start` (a working instant), without interruption. Uses the cached
    /// day table; the calendar is asked only for the partial first and last
    /// days.
    pub(super) fn contiguous(
        &mut self,
        a: usize,
        start: NaiveDateTime,
    ) -> Result<Placement, Error> {
        self.contiguous_checked(a, start, None)
            .map(|r| r.unwrap_or_default())
    }

    /// The error when activity `a` would span more than [`MAX_DAYS`].
    pub(super) fn too_far(&self, a: usize) -> Error {
        Error::LevelingSpan {
            key: self.acts[a].key.clone(),
            limit: MAX_DAYS as u64,
        }
    }

    /// As [`Model::contiguous`]; with `check = Some((a, used))` it stops at
    /// the first day activity `a` does not fit and returns `None`, so a
    /// failing candidate costs little.
    pub(super) fn contiguous_checked(
        &mut self,
        a: usize,
        start: NaiveDateTime,
        check: Option<&[Vec<i64>]>,
    ) -> Result<Option<Placement>, Error> {
        let (cal, dur) = (self.acts[a].cal, self.acts[a].dur);
        let oor = || {
            Error::Core(planwright_core::Error::DateOutOfRange {
                context: "leveling",
            })
        };
        if dur == 0 {
            return Ok(Some(Placement {
                start,
                finish: start,
                days: Vec::new(),
                parts: Vec::new(),
            }));
        }
        let c = self.cals[cal];
        let day0 = self.day_of(start);
        let first_next = day_start(start.date().succ_opt().ok_or_else(oor)?);
        let first = c.work_between(start, first_next).as_minutes();
        if let Some(used) = check {
            if !self.fits_day(a, day0, first.min(dur), used) {
                return Ok(None);
            }
        }
        if first >= dur {
            return Ok(Some(Placement {
                start,
                finish: c.add_work(start, Duration::minutes(dur))?,
                days: vec![(day0, dur)],
                parts: Vec::new(),
            }));
        }
        let mut days = Vec::with_capacity(8);
        if first > 0 {
            days.push((day0, first));
        }
        let mut left = dur - first;
        let mut day = day0;
        loop {
            day += 1;
            if day > day0 + MAX_DAYS {
                return Err(self.too_far(a));
            }
            let m = self.day_minutes(cal, day);
            if m == 0 {
                continue;
            }
            let take = m.min(left);
            if let Some(used) = check {
                if !self.fits_day(a, day, take, used) {
                    return Ok(None);
                }
            }
            if m >= left {
                days.push((day, left));
                let finish = c.add_work(day_start(self.date(day)), Duration::minutes(left))?;
                return Ok(Some(Placement {
                    start,
                    finish,
                    days,
                    parts: Vec::new(),
                }));
            }
            days.push((day, m));
            left -= m;
        }
    }

    /// The first working instant of calendar `cal` on a day after `after`'s
    /// day.
    pub(super) fn next_day_start(
        &mut self,
        a: usize,
        after: NaiveDateTime,
    ) -> Result<NaiveDateTime, Error> {
        let cal = self.acts[a].cal;
        let mut day = self.day_of(after) + 1;
        let limit = day + MAX_DAYS;
        while self.day_minutes(cal, day) == 0 {
            day += 1;
            if day > limit {
                return Err(self.too_far(a));
            }
        }
        Ok(self.cals[cal].next_working_instant(day_start(self.date(day)))?)
    }

    /// `true` when `minutes` of activity `a` on `day` fit every leveled
    /// resource (days outside the range always fit).
    pub(super) fn fits_day(
        &mut self,
        a: usize,
        day: usize,
        minutes: i64,
        used: &[Vec<i64>],
    ) -> bool {
        if !self.in_range(day) {
            return true;
        }
        for k in 0..self.acts[a].demands.len() {
            let (r, bp) = self.acts[a].demands[k];
            if self.leveled[r]
                && used[r].get(day).copied().unwrap_or(0) + bp * minutes > self.capacity(r, day)
            {
                return false;
            }
        }
        true
    }

    /// The first (resource, day) where `p` does not fit, on leveled
    /// resources within the range.
    pub(super) fn conflict(
        &mut self,
        a: usize,
        p: &Placement,
        used: &[Vec<i64>],
    ) -> Option<(usize, usize)> {
        for &(day, m) in &p.days {
            if !self.in_range(day) {
                continue;
            }
            for k in 0..self.acts[a].demands.len() {
                let (r, bp) = self.acts[a].demands[k];
                if !self.leveled[r] {
                    continue;
                }
                let have = used[r].get(day).copied().unwrap_or(0);
                if have + bp * m > self.capacity(r, day) {
                    return Some((r, day));
                }
            }
        }
        None
    }

    /// The greedy split placement from `est`: each day as many minutes as
    /// the task's calendar and every leveled resource allow.
    pub(super) fn split_placement(
        &mut self,
        a: usize,
        est: NaiveDateTime,
        used: &[Vec<i64>],
    ) -> Result<Option<Placement>, Error> {
        let cal = self.acts[a].cal;
        let c = self.cals[cal];
        let mut left = self.acts[a].dur;
        let mut days = Vec::new();
        let mut parts = Vec::new();
        let mut t = c.next_working_instant(est)?;
        let mut first = None;
        let mut last_end = t;
        let mut guard = 0;
        while left > 0 {
            guard += 1;
            if guard > MAX_DAYS {
                return Ok(None);
            }
            let d = t.date();
            let next_day = day_start(d.succ_opt().ok_or(Error::Core(
                planwright_core::Error::DateOutOfRange {
                    context: "leveling",
                },
            ))?);
            let avail = c.work_between(t, next_day).as_minutes();
            let day = self.day_of(t);
            let mut fit = avail.min(left);
            if self.in_range(day) {
                for k in 0..self.acts[a].demands.len() {
                    let (r, bp) = self.acts[a].demands[k];
                    if !self.leveled[r] || bp == 0 {
                        continue;
                    }
                    let room = self.capacity(r, day) - used[r].get(day).copied().unwrap_or(0);
                    fit = fit.min((room / bp).max(0));
                }
            }
            if fit > 0 {
                let begin = c.next_working_instant(t)?;
                let end = c.add_work(begin, Duration::minutes(fit))?;
                first.get_or_insert(begin);
                days.push((day, fit));
                match parts.last_mut() {
                    Some((_, e)) if c.work_between(*e, begin).as_minutes() == 0 => *e = end,
                    _ => parts.push((begin, end)),
                }
                last_end = end;
                left -= fit;
            }
            t = c.next_working_instant(next_day)?;
        }
        let start = first.unwrap_or(last_end);
        if parts.len() <= 1 {
            parts.clear();
        }
        Ok(Some(Placement {
            start,
            finish: last_end,
            days,
            parts,
        }))
    }

    /// The start one predecessor's link asks of activity `a`, before it
    /// is moved to a working instant.
    fn link_bound(
        &self,
        a: usize,
        kind: LinkKind,
        lag: i64,
        pp: &Placement,
    ) -> Result<NaiveDateTime, Error> {
        let act = &self.acts[a];
        let c = self.cals[act.cal];
        let base = if kind.from_finish() {
            pp.finish
        } else {
            pp.start
        };
        let mut bound = if lag == 0 {
            base
        } else {
            c.add_work(base, Duration::minutes(lag))?
        };
        if kind.to_finish() && act.dur > 0 {
            bound = c.add_work(bound, Duration::minutes(-act.dur))?;
        }
        Ok(bound)
    }

    /// A start moved to where work can begin: a milestone stays where its
    /// predecessor finishes (see `Calendar::event_instant`); work starts at
    /// the next working minute.
    fn working_start(&self, a: usize, at: NaiveDateTime) -> Result<NaiveDateTime, Error> {
        let act = &self.acts[a];
        let c = self.cals[act.cal];
        if act.dur == 0 {
            c.event_instant(at).map_err(Error::from)
        } else {
            c.next_working_instant(at).map_err(Error::from)
        }
    }

    /// The earliest start one predecessor's link allows, as
    /// [`Model::earliest`] computes it for each.
    pub(super) fn bound_from(
        &self,
        a: usize,
        kind: LinkKind,
        lag: i64,
        pp: &Placement,
    ) -> Result<NaiveDateTime, Error> {
        let bound = self.link_bound(a, kind, lag, pp)?.max(self.acts[a].es);
        self.working_start(a, bound)
    }

    /// The earliest start allowed by the placed predecessors.
    pub(super) fn earliest<'p>(
        &self,
        a: usize,
        placed: impl Fn(usize) -> Option<&'p Placement>,
    ) -> Result<NaiveDateTime, Error> {
        let act = &self.acts[a];
        let mut est = act.es;
        for &(p, kind, lag) in &act.preds {
            let Some(pp) = placed(p) else { continue };
            est = est.max(self.link_bound(a, kind, lag, pp)?);
        }
        self.working_start(a, est)
    }

    /// The latest start that keeps every placed successor's link.
    pub(super) fn latest<'p>(
        &self,
        a: usize,
        placed: impl Fn(usize) -> Option<&'p Placement>,
    ) -> Result<NaiveDateTime, Error> {
        self.latest_from(a, self.acts[a].ls, placed)
    }

    /// The latest start no later than `lst` that keeps every placed
    /// successor's link (with `NaiveDateTime::MAX`: the successors' alone,
    /// a deadline for a task placed after a successor it leads).
    pub(super) fn latest_from<'p>(
        &self,
        a: usize,
        mut lst: NaiveDateTime,
        placed: impl Fn(usize) -> Option<&'p Placement>,
    ) -> Result<NaiveDateTime, Error> {
        let act = &self.acts[a];
        let c = self.cals[act.cal];
        for &(s, kind, lag) in &act.succs {
            let Some(sp) = placed(s) else { continue };
            let cs = self.cals[self.acts[s].cal];
            let target = if kind.to_finish() {
                sp.finish
            } else {
                sp.start
            };
            let bound = if lag == 0 {
                target
            } else {
                cs.add_work(target, Duration::minutes(-lag))?
            };
            let start_bound = if kind.from_finish() {
                if act.dur == 0 {
                    bound
                } else {
                    c.add_work(bound, Duration::minutes(-act.dur))?
                }
            } else {
                bound
            };
            lst = lst.min(start_bound);
        }
        Ok(lst)
    }

    /// Places activity `a`: at its earliest resource-feasible position, or
    /// (within float, when none is left) at its earliest start.
    /// The first day at or after `day` on which none of `a`'s leveled
    /// resources is known to have no room: booked full, or no working time
    /// (such days are marked as they are met, so each is passed once per
    /// pass, not once per task).
    fn first_open_day(
        &mut self,
        a: usize,
        mut day: usize,
        used: &[Vec<i64>],
        full: &mut FullDays,
    ) -> usize {
        loop {
            let mut jump = day;
            for k in 0..self.acts[a].demands.len() {
                let (r, bp) = self.acts[a].demands[k];
                if self.leveled[r] && bp > 0 {
                    jump = jump.max(full.next_open(r, day));
                }
            }
            let mut marked = false;
            if self.in_range(jump) {
                for k in 0..self.acts[a].demands.len() {
                    let (r, bp) = self.acts[a].demands[k];
                    if self.leveled[r]
                        && bp > 0
                        && used[r].get(jump).copied().unwrap_or(0) >= self.capacity(r, jump)
                    {
                        full.mark(r, jump);
                        marked = true;
                    }
                }
            }
            day = jump;
            if !marked {
                return day;
            }
        }
    }

    pub(super) fn place(
        &mut self,
        a: usize,
        placed: &[Option<Placement>],
        used: &[Vec<i64>],
        full: &mut FullDays,
    ) -> Result<(Placement, Option<(usize, usize)>), Error> {
        let est = self.earliest(a, |i| placed[i].as_ref())?;
        let cal = self.acts[a].cal;
        let dur = self.acts[a].dur;
        let first = self.contiguous(a, est)?;
        if self.acts[a].never_delay || self.acts[a].demands.is_empty() || dur == 0 {
            return Ok((first, None));
        }
        let first_conflict = self.conflict(a, &first, used);
        let Some(conflict) = first_conflict else {
            return Ok((first, None));
        };
        let limit = if self.within_float {
            Some(self.acts[a].ls.max(est))
        } else {
            None
        };
        if self.split {
            if let Some(p) = self.split_placement(a, est, used)? {
                if !self.within_float || p.finish <= self.acts[a].lf.max(first.finish) {
                    return Ok((p, Some(conflict)));
                }
            }
            return Ok((first, Some(conflict)));
        }
        // Past the last booked day every resource is free; if four more
        // weeks of candidates fail, the calendars themselves forbid it.
        let last_booked = used.iter().map(Vec::len).max().unwrap_or(0);
        let mut start = est;
        for _ in 0..MAX_DAYS {
            start = self.next_day_start(a, start)?;
            // Days on which a resource of the task has no room at all
            // cannot start it: jump past them (a chain of full days is
            // skipped at once, so a task queued behind many others costs
            // about the same as the first).
            let day = self.day_of(start);
            let jump = self.first_open_day(a, day, used, full);
            if jump > day {
                start = self.cals[cal].next_working_instant(day_start(self.date(jump)))?;
            }
            if limit.is_some_and(|l| start > l) || self.day_of(start) > last_booked + 28 {
                break;
            }
            if let Some(p) = self.contiguous_checked(a, start, Some(used))? {
                return Ok((p, Some(conflict)));
            }
        }
        // Nothing fits (within float, or never): stay at the earliest start.
        Ok((first, Some(conflict)))
    }
}

/// Per resource, the days with no room left, as jump pointers: the first
/// day at or after `d` that may still have room, found in near-constant
/// time (path compression). A serial pass only adds bookings, so a full
/// day stays full.
#[derive(Debug)]
pub(super) struct FullDays {
    next: Vec<Vec<u32>>,
}

impl FullDays {
    pub(super) fn new(resources: usize) -> Self {
        FullDays {
            next: vec![Vec::new(); resources],
        }
    }

    /// The first day at or after `day` on which resource `r` is not known
    /// to be full.
    pub(super) fn next_open(&mut self, r: usize, day: usize) -> usize {
        let next = &mut self.next[r];
        let mut d = day;
        while d < next.len() && next[d] as usize != d {
            d = next[d] as usize;
        }
        // Compress the path walked.
        let mut x = day;
        while x < next.len() && next[x] as usize != x {
            let up = next[x] as usize;
            next[x] = d as u32;
            x = up;
        }
        d
    }

    /// Marks `day` as having no room on resource `r`.
    pub(super) fn mark(&mut self, r: usize, day: usize) {
        if u32::try_from(day + 1).is_err() {
            return;
        }
        let next = &mut self.next[r];
        if next.len() <= day {
            let from = next.len();
            next.extend((from..=day).map(|x| x as u32));
        }
        next[day] = (day + 1) as u32;
    }

    /// Marks the days activity `a` just booked that have no room left.
    pub(super) fn update(
        &mut self,
        model: &mut Model<'_>,
        a: usize,
        p: &Placement,
        used: &[Vec<i64>],
    ) {
        for k in 0..model.acts[a].demands.len() {
            let (r, bp) = model.acts[a].demands[k];
            if !model.leveled[r] || bp == 0 {
                continue;
            }
            for &(day, _) in &p.days {
                if !model.in_range(day) {
                    continue;
                }
                let have = used[r].get(day).copied().unwrap_or(0);
                if have >= model.capacity(r, day) {
                    self.mark(r, day);
                }
            }
        }
    }
}

pub(super) fn book(used: &mut [Vec<i64>], act: &Act, p: &Placement, sign: i64) {
    for &(r, bp) in &act.demands {
        let row = &mut used[r];
        for &(day, m) in &p.days {
            if row.len() <= day {
                row.resize(day + 1, 0);
            }
            row[day] += sign * bp * m;
        }
    }
}
