//! Resource leveling for real projects: resource-feasible plans within float
//! or with delay, honouring calendars, constraints and priorities, with the
//! reason for every move.

use core::fmt;
use std::collections::{BTreeMap, BinaryHeap};

use chrono::{Datelike, NaiveDate, NaiveDateTime, NaiveTime};
use planwright_core::{
    Calendar, Constraint, Duration, LinkKind, Priority, Project, ResourceId, TaskId, TaskKind,
};
use rand::{RngExt, SeedableRng};
use rand_xoshiro::Xoshiro256PlusPlus;

use crate::Error;
use crate::network::ActivityId;
use crate::plan::{Plan, PlanOptions, plan_with};

/// The two leveling modes.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub enum Leveling {
    /// The project finish and every deadline stay where the critical path
    /// method put them: tasks move only inside their total float, then
    /// usage is smoothed. What cannot be resolved is reported.
    #[default]
    WithinFloat,
    /// The finish may move: the result is resource-feasible and as short as
    /// the search finds within its budget.
    WithDelay,
}

/// In which order tasks claim resources.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub enum LevelingOrder {
    /// By task id.
    Id,
    /// Least total float first, then earliest start ("standard").
    Standard,
    /// Highest priority first, then standard (the default).
    #[default]
    PriorityStandard,
}

/// Leveling options. `Leveling` converts into options with the defaults:
/// `level(&project, Leveling::WithinFloat)`.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(default))]
#[non_exhaustive]
pub struct LevelingOptions {
    /// Mode.
    pub mode: Leveling,
    /// Order.
    pub order: LevelingOrder,
    /// Level only these resources (`None`: all).
    pub resources: Option<Vec<ResourceId>>,
    /// Level only tasks that start (early) in this range of dates; the
    /// others keep their dates and over-allocations are looked for only in
    /// the range.
    pub range: Option<(NaiveDate, NaiveDate)>,
    /// Tasks may be interrupted to fit capacity (working as much as fits
    /// each day).
    pub split: bool,
    /// Start from the critical-path dates (`true`, the default), or keep
    /// the delays in `previous` as lower bounds.
    pub clear_previous: bool,
    /// Previously leveled starts, used when `clear_previous` is `false`.
    pub previous: BTreeMap<TaskId, NaiveDateTime>,
    /// Status date for the underlying schedule; days before it are history
    /// and are neither leveled nor reported.
    pub status_date: Option<NaiveDateTime>,
    /// With delay: activity lists tried by the search (at least 1).
    pub budget: u32,
    /// Within float: smooth usage after removing over-allocations.
    pub smooth: bool,
    /// Seed of the search.
    pub seed: u64,
}

impl Default for LevelingOptions {
    fn default() -> Self {
        LevelingOptions {
            mode: Leveling::WithinFloat,
            order: LevelingOrder::PriorityStandard,
            resources: None,
            range: None,
            split: false,
            clear_previous: true,
            previous: BTreeMap::new(),
            status_date: None,
            budget: 64,
            smooth: true,
            seed: 1,
        }
    }
}

impl From<Leveling> for LevelingOptions {
    fn from(mode: Leveling) -> Self {
        LevelingOptions {
            mode,
            ..LevelingOptions::default()
        }
    }
}

impl LevelingOptions {
    /// Options for a mode, defaults elsewhere.
    #[must_use]
    pub fn new(mode: Leveling) -> Self {
        mode.into()
    }

    /// Sets the order.
    #[must_use]
    pub fn order(mut self, order: LevelingOrder) -> Self {
        self.order = order;
        self
    }

    /// Levels only these resources.
    #[must_use]
    pub fn resources(mut self, resources: Vec<ResourceId>) -> Self {
        self.resources = Some(resources);
        self
    }

    /// Levels only within a date range.
    #[must_use]
    pub fn range(mut self, from: NaiveDate, to: NaiveDate) -> Self {
        self.range = Some((from, to));
        self
    }

    /// Allows or forbids splitting.
    #[must_use]
    pub fn split(mut self, split: bool) -> Self {
        self.split = split;
        self
    }

    /// Keeps previous leveling delays as lower bounds.
    #[must_use]
    pub fn keep_previous(mut self, previous: BTreeMap<TaskId, NaiveDateTime>) -> Self {
        self.clear_previous = false;
        self.previous = previous;
        self
    }

    /// Sets the status date.
    #[must_use]
    pub fn status_date(mut self, at: NaiveDateTime) -> Self {
        self.status_date = Some(at);
        self
    }

    /// Sets the search budget (with delay).
    #[must_use]
    pub fn budget(mut self, lists: u32) -> Self {
        self.budget = lists.max(1);
        self
    }

    /// Turns smoothing on or off (within float).
    #[must_use]
    pub fn smooth(mut self, smooth: bool) -> Self {
        self.smooth = smooth;
        self
    }
}

/// Why a task was delayed: the resource, the day it was over-allocated at
/// the task's earliest start, and the tasks already using it then.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub struct DelayReason {
    /// The resource.
    pub resource: String,
    /// The day of the conflict.
    pub date: NaiveDate,
    /// The tasks the delayed task yielded to.
    pub yielded_to: Vec<String>,
}

impl fmt::Display for DelayReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} was fully booked on {} by {}",
            self.resource,
            self.date,
            self.yielded_to.join(", ")
        )
    }
}

/// One task before and after leveling.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub struct LeveledTask {
    /// The task.
    pub task: TaskId,
    /// Its key.
    pub key: String,
    /// Start before leveling (the critical-path schedule).
    pub original_start: NaiveDateTime,
    /// Finish before leveling.
    pub original_finish: NaiveDateTime,
    /// Start after leveling.
    pub start: NaiveDateTime,
    /// Finish after leveling.
    pub finish: NaiveDateTime,
    /// Working time between the two starts, on the task's calendar.
    pub delay: Duration,
    /// The working stretches when the task was split (empty otherwise).
    pub parts: Vec<(NaiveDateTime, NaiveDateTime)>,
    /// Why it moved (when a resource conflict delayed it).
    pub reason: Option<DelayReason>,
}

/// A resource's use of one day (or week), in hours of work.
#[derive(Clone, Copy, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub struct Usage {
    /// The day (for weeks: the Monday).
    pub date: NaiveDate,
    /// Hours the resource can work.
    pub capacity: f64,
    /// Hours booked by the critical-path schedule.
    pub before: f64,
    /// Hours booked after leveling.
    pub after: f64,
}

/// A resource's histogram, per day and per week.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub struct Histogram {
    /// The resource.
    pub resource: ResourceId,
    /// Its key.
    pub key: String,
    /// Per day.
    pub days: Vec<Usage>,
    /// Per ISO week.
    pub weeks: Vec<Usage>,
}

/// A day on which a resource has more work than capacity.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub struct OverAllocation {
    /// The resource.
    pub resource: String,
    /// The day.
    pub date: NaiveDate,
    /// Booked work in minutes at 100 %.
    pub booked_minutes: i64,
    /// Capacity in minutes at 100 %.
    pub capacity_minutes: i64,
    /// The tasks booked then.
    pub tasks: Vec<String>,
}

impl fmt::Display for OverAllocation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} on {}: {:.1} h booked, {:.1} h available ({})",
            self.resource,
            self.date,
            self.booked_minutes as f64 / 60.0,
            self.capacity_minutes as f64 / 60.0,
            self.tasks.join(", ")
        )
    }
}

/// The result of [`level`].
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub struct LevelingResult {
    /// The mode used.
    pub mode: Leveling,
    /// Every leaf task and milestone, in id order.
    pub tasks: Vec<LeveledTask>,
    /// Over-allocations before leveling (on leveled resources, in range).
    pub before: Vec<OverAllocation>,
    /// Over-allocations left after leveling: empty when `feasible`.
    pub remaining: Vec<OverAllocation>,
    /// `true` when an independent re-check found no over-allocation left.
    pub feasible: bool,
    /// Project finish before leveling: the latest task finish.
    pub finish_before: NaiveDateTime,
    /// Project finish after leveling: the latest task finish.
    pub finish_after: NaiveDateTime,
    /// Usage histograms of every resource.
    pub histograms: Vec<Histogram>,
}

impl LevelingResult {
    /// The row of a task.
    #[must_use]
    pub fn task(&self, id: TaskId) -> Option<&LeveledTask> {
        self.tasks.iter().find(|t| t.task == id)
    }

    /// Leveled starts, for [`LevelingOptions::keep_previous`].
    #[must_use]
    pub fn starts(&self) -> BTreeMap<TaskId, NaiveDateTime> {
        self.tasks.iter().map(|t| (t.task, t.start)).collect()
    }
}

/// A placement: start, finish, and working minutes per day index.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
struct Placement {
    start: NaiveDateTime,
    finish: NaiveDateTime,
    days: Vec<(usize, i64)>,
    parts: Vec<(NaiveDateTime, NaiveDateTime)>,
}

struct Act {
    task: Option<TaskId>,
    key: String,
    cal: usize,
    dur: i64,
    /// (resource index, basis points).
    demands: Vec<(usize, i64)>,
    fixed: bool,
    never_delay: bool,
    es: NaiveDateTime,
    ls: NaiveDateTime,
    lf: NaiveDateTime,
    original: (NaiveDateTime, NaiveDateTime),
    float: i64,
    priority: u16,
    preds: Vec<(usize, LinkKind, i64)>,
    succs: Vec<(usize, LinkKind, i64)>,
}

struct Model<'a> {
    acts: Vec<Act>,
    cals: Vec<&'a Calendar>,
    res_cal: Vec<usize>,
    res_key: Vec<String>,
    res_cap: Vec<i64>,
    leveled: Vec<bool>,
    base: NaiveDate,
    range: Option<(usize, usize)>,
    split: bool,
    within_float: bool,
    /// Capacity per resource per day (bp·min), grown on demand.
    cap: Vec<Vec<i64>>,
    /// Working minutes per calendar per day index, grown on demand.
    minutes: Vec<Vec<i64>>,
}

const MAX_DAYS: usize = 20 * 366;

/// The order key of an activity: (class, float, start, index).
type OrderKey = (i64, i64, i64, usize);
/// Placements of a run and, per activity, the first conflict it met.
type Run = (Vec<Placement>, Vec<Option<(usize, usize)>>);

fn day_start(d: NaiveDate) -> NaiveDateTime {
    d.and_time(NaiveTime::MIN)
}

impl Model<'_> {
    fn day_of(&self, t: NaiveDateTime) -> usize {
        usize::try_from((t.date() - self.base).num_days()).unwrap_or(0)
    }

    fn date(&self, day: usize) -> NaiveDate {
        self.base + chrono::Duration::days(day as i64)
    }

    fn capacity(&mut self, r: usize, day: usize) -> i64 {
        while self.cap[r].len() <= day {
            let d = self.date(self.cap[r].len());
            let minutes = i64::from(self.cals[self.res_cal[r]].minutes_on(d));
            self.cap[r].push(self.res_cap[r] * minutes);
        }
        self.cap[r][day]
    }

    /// Working minutes of calendar `cal` on day index `day` (cached).
    fn day_minutes(&mut self, cal: usize, day: usize) -> i64 {
        while self.minutes[cal].len() <= day {
            let d = self.date(self.minutes[cal].len());
            let m = i64::from(self.cals[cal].minutes_on(d));
            self.minutes[cal].push(m);
        }
        self.minutes[cal][day]
    }

    fn in_range(&self, day: usize) -> bool {
        self.range.is_none_or(|(a, b)| day >= a && day <= b)
    }

    /// Working minutes per day of `dur` minutes on calendar `cal` from
    /// `start` (a working instant), without interruption. Uses the cached
    /// day table; the calendar is asked only for the partial first and last
    /// days.
    fn contiguous(
        &mut self,
        cal: usize,
        start: NaiveDateTime,
        dur: i64,
    ) -> Result<Placement, Error> {
        self.contiguous_checked(cal, start, dur, None)
            .map(|r| r.unwrap_or_default())
    }

    /// As [`Model::contiguous`]; with `check = Some((a, used))` it stops at
    /// the first day activity `a` does not fit and returns `None`, so a
    /// failing candidate costs little.
    fn contiguous_checked(
        &mut self,
        cal: usize,
        start: NaiveDateTime,
        dur: i64,
        check: Option<(usize, &[Vec<i64>])>,
    ) -> Result<Option<Placement>, Error> {
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
        if let Some((a, used)) = check
            && !self.fits_day(a, day0, first.min(dur), used)
        {
            return Ok(None);
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
                return Err(oor());
            }
            let m = self.day_minutes(cal, day);
            if m == 0 {
                continue;
            }
            let take = m.min(left);
            if let Some((a, used)) = check
                && !self.fits_day(a, day, take, used)
            {
                return Ok(None);
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
    fn next_day_start(&mut self, cal: usize, after: NaiveDateTime) -> Result<NaiveDateTime, Error> {
        let mut day = self.day_of(after) + 1;
        let limit = day + MAX_DAYS;
        while self.day_minutes(cal, day) == 0 {
            day += 1;
            if day > limit {
                return Err(Error::Core(planwright_core::Error::DateOutOfRange {
                    context: "leveling",
                }));
            }
        }
        Ok(self.cals[cal].next_working_instant(day_start(self.date(day)))?)
    }

    /// `true` when `minutes` of activity `a` on `day` fit every leveled
    /// resource (days outside the range always fit).
    fn fits_day(&mut self, a: usize, day: usize, minutes: i64, used: &[Vec<i64>]) -> bool {
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
    fn conflict(&mut self, a: usize, p: &Placement, used: &[Vec<i64>]) -> Option<(usize, usize)> {
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
    fn split_placement(
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

    /// The earliest start allowed by the placed predecessors.
    fn earliest<'p>(
        &self,
        a: usize,
        placed: impl Fn(usize) -> Option<&'p Placement>,
    ) -> Result<NaiveDateTime, Error> {
        let act = &self.acts[a];
        let c = self.cals[act.cal];
        let mut est = act.es;
        for &(p, kind, lag) in &act.preds {
            let Some(pp) = placed(p) else { continue };
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
            est = est.max(bound);
        }
        c.next_working_instant(est).map_err(Error::from)
    }

    /// The latest start that keeps every placed successor's link.
    fn latest<'p>(
        &self,
        a: usize,
        placed: impl Fn(usize) -> Option<&'p Placement>,
    ) -> Result<NaiveDateTime, Error> {
        let act = &self.acts[a];
        let c = self.cals[act.cal];
        let mut lst = act.ls;
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
    fn place(
        &mut self,
        a: usize,
        placed: &[Option<Placement>],
        used: &[Vec<i64>],
    ) -> Result<(Placement, Option<(usize, usize)>), Error> {
        let est = self.earliest(a, |i| placed[i].as_ref())?;
        let cal = self.acts[a].cal;
        let dur = self.acts[a].dur;
        let first = self.contiguous(cal, est, dur)?;
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
            if let Some(p) = self.split_placement(a, est, used)?
                && (!self.within_float || p.finish <= self.acts[a].lf.max(first.finish))
            {
                return Ok((p, Some(conflict)));
            }
            return Ok((first, Some(conflict)));
        }
        // Past the last booked day every resource is free; if four more
        // weeks of candidates fail, the calendars themselves forbid it.
        let last_booked = used.iter().map(Vec::len).max().unwrap_or(0);
        let mut start = est;
        for _ in 0..MAX_DAYS {
            start = self.next_day_start(cal, start)?;
            if limit.is_some_and(|l| start > l) || self.day_of(start) > last_booked + 28 {
                break;
            }
            if let Some(p) = self.contiguous_checked(cal, start, dur, Some((a, used)))? {
                return Ok((p, Some(conflict)));
            }
        }
        // Nothing fits (within float, or never): stay at the earliest start.
        Ok((first, Some(conflict)))
    }
}

fn book(used: &mut [Vec<i64>], act: &Act, p: &Placement, sign: i64) {
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

/// Levels a project's resources. See [`Leveling`] for the two modes and
/// [`LevelingOptions`] for the rest.
///
/// Rules:
///
/// - Over-allocation is judged **day by day**: a resource can work its units
///   × the working minutes of its calendar that day; a task books its
///   units × the minutes it works that day on its own calendar.
/// - Tasks are placed one by one in the chosen order, each after its placed
///   predecessors (every link type and lag), at its earliest
///   resource-feasible start, trying one working day later at a time. A
///   task inherits the highest priority of its successors, so a
///   high-priority task is never delayed for a lower one unless precedence
///   forces it; tasks of priority 1000, finished and started tasks, and
///   must-start/finish-on tasks are never moved.
/// - Within float a task starts no later than its critical-path late start
///   (so the finish and deadlines hold); what still conflicts is reported in
///   [`LevelingResult::remaining`]. Then usage is smoothed: tasks move inside
///   their remaining float to the position with the least sum of squared
///   daily usage (the minimum-moment objective), never creating an
///   over-allocation.
/// - With delay, lists are tried within the budget, keeping each task's
///   inherited priority class in order; the shortest resource-feasible
///   result wins (ties: the first found).
/// - The result is re-checked from scratch; `feasible` is that check.
///
/// # Errors
///
/// As [`crate::plan_with`] (the leveling starts from the critical-path
/// schedule); [`Error::Core`] for dates out of chrono's range.
///
/// # Example
///
/// ```
/// use planwright_core::{Duration, Project, Resource, Task, Units};
/// use planwright_schedule::{Leveling, level};
/// # let start = planwright_core::chrono::NaiveDate::from_ymd_opt(2026, 3, 2).unwrap().and_hms_opt(8, 0, 0).unwrap();
///
/// let mut p = Project::new("p");
/// p.set_start(start);
/// let ana = p.add_resource(Resource::person("ana"))?;
/// let a = p.add_task(Task::new("a").duration(Duration::days(2)).assign(ana, Units::FULL))?;
/// let b = p.add_task(Task::new("b").duration(Duration::days(2)).assign(ana, Units::FULL))?;
/// let r = level(&p, Leveling::WithDelay)?;
/// assert!(r.feasible);
/// assert_eq!(r.task(b).unwrap().delay, Duration::days(2)); // after a
/// assert_eq!(r.task(b).unwrap().reason.as_ref().unwrap().yielded_to, ["a"]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn level(
    project: &Project,
    options: impl Into<LevelingOptions>,
) -> Result<LevelingResult, Error> {
    let opt: LevelingOptions = options.into();
    let mut plan_opts = PlanOptions::new();
    plan_opts.status_date = opt.status_date;
    let plan = plan_with(project, plan_opts)?;
    level_plan(project, &plan, opt)
}

/// Levels a project from a critical-path [`Plan`] the caller already has
/// (see [`level`] for the rules): the plan is not computed again.
///
/// # Errors
///
/// [`Error::PlanMismatch`] when the plan was not computed for this project
/// ([`Plan::check_project`]) or with another status date than
/// [`LevelingOptions::status_date`] (when that is set); otherwise as
/// [`level`].
///
/// # Example
///
/// ```
/// use planwright_core::{Duration, Project, Resource, Task, Units};
/// use planwright_schedule::{Leveling, level_plan, plan};
///
/// let mut p = Project::new("p");
/// let ana = p.add_resource(Resource::person("ana"))?;
/// p.add_task(Task::new("a").duration(Duration::days(2)).assign(ana, Units::FULL))?;
/// let b = p.add_task(Task::new("b").duration(Duration::days(2)).assign(ana, Units::FULL))?;
/// let plan = plan(&p)?; // shown to the user, then leveled
/// let r = level_plan(&p, &plan, Leveling::WithDelay)?;
/// assert_eq!(r.task(b).unwrap().delay, Duration::days(2));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn level_plan(
    project: &Project,
    plan: &Plan,
    options: impl Into<LevelingOptions>,
) -> Result<LevelingResult, Error> {
    let opt: LevelingOptions = options.into();
    plan.check_project(project)?;
    if opt.status_date.is_some() && opt.status_date != plan.options().status_date {
        return Err(Error::PlanMismatch {
            problem: "the leveling status date differs from the plan's",
        });
    }
    let network = plan.network();
    let schedule = plan.schedule();
    let n_tasks = project.task_count();

    // Calendars: the project's, indexed like the project's.
    let cals: Vec<&Calendar> = project.calendars().map(|(_, c)| c).collect();
    let pcal = project.calendar_id_of_project().index();
    let cal_of_task = |t: &planwright_core::Task| project.task_calendar_id(t).index();
    let res: Vec<(ResourceId, &planwright_core::Resource)> = project.resources().collect();
    let res_cal: Vec<usize> = res
        .iter()
        .map(|(_, r)| project.resource_calendar_id(r).index())
        .collect();
    let leveled: Vec<bool> = res
        .iter()
        .map(|(id, _)| opt.resources.as_ref().is_none_or(|v| v.contains(id)))
        .collect();

    // Activities: every network activity (tasks, summary placeholders and
    // helpers); only leaf tasks carry work.
    let n = network.len();
    let mut acts = Vec::with_capacity(n);
    let mut min_date = project.start().date();
    for i in 0..n {
        let aid = ActivityId::new(i as u32);
        let unknown = || Error::UnknownActivity { id: aid.get() };
        let dates = schedule.dates(aid)?.ok_or_else(unknown)?;
        let float = schedule.total_float(aid).ok_or_else(unknown)?;
        let task = (i < n_tasks).then(|| TaskId::new(i as u32));
        let t = task.and_then(|t| project.task(t));
        let (row_start, row_finish) = match task.and_then(|t| plan.task(t)) {
            Some(row) if t.is_some_and(|t| !t.is_summary()) => (row.start, row.finish),
            _ => (dates.early_start, dates.early_finish),
        };
        min_date = min_date.min(row_start.date());
        let (cal, dur, demands, fixed, never, priority, key) = match t {
            Some(t) if t.kind != TaskKind::Summary => {
                let demands = t
                    .assignments
                    .iter()
                    .filter_map(|a| {
                        res.iter()
                            .position(|(id, _)| *id == a.resource)
                            .map(|r| (r, i64::from(a.units.basis_points())))
                    })
                    .collect();
                let fixed = t.progress.is_started()
                    || matches!(
                        t.constraint,
                        Constraint::MustStartOn(_) | Constraint::MustFinishOn(_)
                    )
                    || opt
                        .range
                        .is_some_and(|(a, b)| row_start.date() < a || row_start.date() > b);
                let dur = if t.progress.is_started() {
                    0
                } else {
                    t.duration.as_minutes()
                };
                (
                    cal_of_task(t),
                    dur,
                    demands,
                    fixed,
                    t.priority == Priority::HIGHEST,
                    t.priority.value(),
                    t.key.clone(),
                )
            }
            _ => (
                pcal,
                0,
                Vec::new(),
                false,
                false,
                0,
                network.key(aid).unwrap_or_default(),
            ),
        };
        acts.push(Act {
            task: task.filter(|_| t.is_some_and(|t| !t.is_summary())),
            key,
            cal,
            dur,
            demands,
            fixed,
            never_delay: never,
            es: row_start,
            ls: dates.late_start.max(row_start),
            lf: dates.late_finish,
            original: (row_start, row_finish),
            float: float.as_minutes(),
            priority,
            preds: Vec::new(),
            succs: Vec::new(),
        });
    }
    for (f, t, kind, lag) in network.links() {
        acts[t.index()]
            .preds
            .push((f.index(), kind, lag.as_minutes()));
        acts[f.index()]
            .succs
            .push((t.index(), kind, lag.as_minutes()));
    }
    // Previous leveling delays as lower bounds.
    if !opt.clear_previous {
        for (tid, start) in &opt.previous {
            if let Some(a) = acts.get_mut(tid.index()) {
                a.es = a.es.max(*start);
            }
        }
    }
    // Inherited priority, in reverse topological order.
    let topo: Vec<usize> = network.topological_order().map(|a| a.index()).collect();
    for &a in topo.iter().rev() {
        let inherited = acts[a]
            .succs
            .iter()
            .map(|&(s, _, _)| acts[s].priority)
            .max()
            .unwrap_or(0);
        acts[a].priority = acts[a].priority.max(inherited);
    }

    let base = min_date.pred_opt().unwrap_or(min_date);
    let day_index = |d: NaiveDate| usize::try_from((d - base).num_days()).unwrap_or(0);
    let n_cals = cals.len();
    let mut model = Model {
        cap: vec![Vec::new(); res.len()],
        minutes: vec![Vec::new(); n_cals],
        acts,
        cals,
        res_cal,
        res_key: res.iter().map(|(_, r)| r.key.clone()).collect(),
        res_cap: res
            .iter()
            .map(|(_, r)| i64::from(r.capacity.basis_points()))
            .collect(),
        leveled,
        base,
        // With a status date, the past is history: nothing before it is
        // leveled or reported.
        range: match (opt.range, opt.status_date) {
            (Some((a, b)), Some(st)) => Some((day_index(a.max(st.date())), day_index(b))),
            (Some((a, b)), None) => Some((day_index(a), day_index(b))),
            (None, Some(st)) => Some((day_index(st.date()), usize::MAX)),
            (None, None) => None,
        },
        split: opt.split,
        within_float: opt.mode == Leveling::WithinFloat,
    };

    // Before: the critical-path placements.
    let mut before_placed = Vec::with_capacity(n);
    for a in 0..n {
        let (s, _) = model.acts[a].original;
        let p = if model.acts[a].fixed {
            Placement {
                start: s,
                finish: model.acts[a].original.1,
                days: fixed_days(&model, a)?,
                parts: Vec::new(),
            }
        } else {
            model.contiguous(model.acts[a].cal, s, model.acts[a].dur)?
        };
        before_placed.push(p);
    }
    let mut before_used = vec![Vec::new(); res.len()];
    for (a, p) in before_placed.iter().enumerate() {
        book(&mut before_used, &model.acts[a], p, 1);
    }
    let before = over_allocations(&mut model, &before_placed, &before_used);

    // Order keys.
    let key_of = |act: &Act, i: usize| -> OrderKey {
        let es = act.es.and_utc().timestamp();
        match opt.order {
            LevelingOrder::Id => (0, 0, 0, i),
            LevelingOrder::Standard => (act.float, es, 0, i),
            LevelingOrder::PriorityStandard => (-i64::from(act.priority), act.float, es, i),
        }
    };
    let keys: Vec<OrderKey> = model
        .acts
        .iter()
        .enumerate()
        .map(|(i, a)| key_of(a, i))
        .collect();

    let run = |model: &mut Model<'_>,
               noise: Option<(&mut Xoshiro256PlusPlus, f64)>|
     -> Result<Run, Error> {
        let mut keys = keys.clone();
        if let Some((rng, amount)) = noise {
            // Perturb float and start inside each priority class.
            for k in &mut keys {
                k.1 = (k.1 as f64 * (1.0 + amount * (rng.random::<f64>() - 0.5))) as i64;
                k.2 = (k.2 as f64 + amount * 1e5 * (rng.random::<f64>() - 0.5)) as i64;
            }
        }
        let mut placed: Vec<Option<Placement>> = vec![None; n];
        let mut conflicts = vec![None; n];
        let mut used = vec![Vec::new(); model.res_cap.len()];
        // Fixed activities first.
        for (a, slot) in placed.iter_mut().enumerate() {
            if model.acts[a].fixed {
                let p = Placement {
                    start: model.acts[a].original.0,
                    finish: model.acts[a].original.1,
                    days: fixed_days(model, a)?,
                    parts: Vec::new(),
                };
                book(&mut used, &model.acts[a], &p, 1);
                *slot = Some(p);
            }
        }
        let mut missing: Vec<usize> = model.acts.iter().map(|a| a.preds.len()).collect();
        let mut heap: BinaryHeap<core::cmp::Reverse<(OrderKey, usize)>> = (0..n)
            .filter(|&a| missing[a] == 0)
            .map(|a| core::cmp::Reverse((keys[a], a)))
            .collect();
        while let Some(core::cmp::Reverse((_, a))) = heap.pop() {
            if placed[a].is_none() {
                let (p, c) = model.place(a, &placed, &used)?;
                book(&mut used, &model.acts[a], &p, 1);
                conflicts[a] = c;
                placed[a] = Some(p);
            }
            for k in 0..model.acts[a].succs.len() {
                let s = model.acts[a].succs[k].0;
                missing[s] -= 1;
                if missing[s] == 0 {
                    heap.push(core::cmp::Reverse((keys[s], s)));
                }
            }
        }
        let placed = placed.into_iter().map(Option::unwrap_or_default).collect();
        Ok((placed, conflicts))
    };

    let (mut placed, mut conflicts) = run(&mut model, None)?;
    if opt.mode == Leveling::WithDelay && opt.budget > 1 {
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(opt.seed);
        let finish = |p: &[Placement]| p.iter().map(|x| x.finish).max();
        let mut best = finish(&placed);
        for k in 1..opt.budget {
            let amount = 0.2 + 0.8 * f64::from(k) / f64::from(opt.budget);
            let (p, c) = run(&mut model, Some((&mut rng, amount)))?;
            let f = finish(&p);
            if f < best {
                best = f;
                placed = p;
                conflicts = c;
            }
        }
    }
    let mut used = vec![Vec::new(); res.len()];
    for (a, p) in placed.iter().enumerate() {
        book(&mut used, &model.acts[a], p, 1);
    }
    if model.within_float && opt.smooth {
        smooth(&mut model, &mut placed, &mut used)?;
    }

    // Independent re-check of the result.
    let mut check = vec![Vec::new(); res.len()];
    for (a, p) in placed.iter().enumerate() {
        book(&mut check, &model.acts[a], p, 1);
    }
    let remaining = over_allocations(&mut model, &placed, &check);
    let feasible = remaining.is_empty();

    let mut tasks = Vec::new();
    for (a, act) in model.acts.iter().enumerate() {
        let Some(task) = act.task else { continue };
        let p = &placed[a];
        let c = model.cals[act.cal];
        let delay = c.work_between(act.original.0, p.start);
        let reason = match conflicts[a] {
            Some((r, day)) if delay > Duration::ZERO => {
                let mut who: Vec<String> = (0..n)
                    .filter(|&b| {
                        b != a
                            && model.acts[b].demands.iter().any(|&(rr, _)| rr == r)
                            && placed[b].days.iter().any(|&(d, _)| d == day)
                    })
                    .map(|b| model.acts[b].key.clone())
                    .collect();
                who.sort();
                Some(DelayReason {
                    resource: model.res_key[r].clone(),
                    date: model.date(day),
                    yielded_to: who,
                })
            }
            _ => None,
        };
        tasks.push(LeveledTask {
            task,
            key: act.key.clone(),
            original_start: act.original.0,
            original_finish: act.original.1,
            start: p.start,
            finish: if act.dur == 0 && act.fixed {
                act.original.1
            } else {
                p.finish
            },
            delay,
            parts: p.parts.clone(),
            reason,
        });
    }
    // Both finishes measured the same way: the latest task finish.
    let finish_before = tasks
        .iter()
        .map(|t| t.original_finish)
        .max()
        .unwrap_or_else(|| plan.finish());
    let finish_after = tasks
        .iter()
        .map(|t| t.finish)
        .max()
        .unwrap_or(finish_before);
    let histograms = histograms(&mut model, &res, &before_used, &used);
    Ok(LevelingResult {
        mode: opt.mode,
        tasks,
        before,
        remaining,
        feasible,
        finish_before,
        finish_after,
        histograms,
    })
}

/// Days of a fixed (started, finished or pinned) activity from its dates.
fn fixed_days(model: &Model<'_>, a: usize) -> Result<Vec<(usize, i64)>, Error> {
    let act = &model.acts[a];
    let (s, f) = act.original;
    if f <= s || act.demands.is_empty() {
        return Ok(Vec::new());
    }
    let c = model.cals[act.cal];
    let mut out = Vec::new();
    let mut d = s.date();
    while d <= f.date() {
        let a0 = s.max(day_start(d));
        let next = d
            .succ_opt()
            .ok_or(Error::Core(planwright_core::Error::DateOutOfRange {
                context: "leveling",
            }))?;
        let m = c.work_between(a0, f.min(day_start(next))).as_minutes();
        if m > 0 {
            out.push((model.day_of(day_start(d)), m));
        }
        d = next;
    }
    Ok(out)
}

fn over_allocations(
    model: &mut Model<'_>,
    placed: &[Placement],
    used: &[Vec<i64>],
) -> Vec<OverAllocation> {
    let mut out = Vec::new();
    for (r, row) in used.iter().enumerate() {
        if !model.leveled[r] {
            continue;
        }
        for (day, &booked) in row.iter().enumerate() {
            if booked == 0 || !model.in_range(day) {
                continue;
            }
            let cap = model.capacity(r, day);
            if booked > cap {
                let mut tasks: Vec<String> = (0..placed.len())
                    .filter(|&a| {
                        model.acts[a].demands.iter().any(|&(rr, _)| rr == r)
                            && placed[a].days.iter().any(|&(d, m)| d == day && m > 0)
                    })
                    .map(|a| model.acts[a].key.clone())
                    .collect();
                tasks.sort();
                out.push(OverAllocation {
                    resource: model.res_key[r].clone(),
                    date: model.date(day),
                    booked_minutes: booked / 10_000,
                    capacity_minutes: cap / 10_000,
                    tasks,
                });
            }
        }
    }
    out
}

/// Minimum-moment smoothing within float: move tasks (latest first) to the
/// feasible position with the least sum of squared daily usage.
fn smooth(
    model: &mut Model<'_>,
    placed: &mut [Placement],
    used: &mut [Vec<i64>],
) -> Result<(), Error> {
    let n = placed.len();
    let mut order: Vec<usize> = (0..n)
        .filter(|&a| {
            let act = &model.acts[a];
            !act.fixed
                && !act.never_delay
                && act.dur > 0
                && !act.demands.is_empty()
                && placed[a].parts.is_empty()
        })
        .collect();
    order.sort_by(|&x, &y| placed[y].start.cmp(&placed[x].start).then(x.cmp(&y)));
    // Cost of a booking: squares of daily usage in hours at full units.
    let sq = |v: i64| {
        let h = v as f64 / 600_000.0;
        h * h
    };
    for _pass in 0..3 {
        let mut improved = false;
        for &a in &order {
            let current = placed[a].clone();
            let est = model.earliest(a, |i| placed.get(i))?;
            let lst = model.latest(a, |i| placed.get(i))?.min(model.acts[a].ls);
            if lst <= est {
                continue;
            }
            book(used, &model.acts[a], &current, -1);
            let moment = |model: &Model<'_>, p: &Placement, used: &[Vec<i64>]| -> f64 {
                let mut m = 0.0;
                for &(r, bp) in &model.acts[a].demands {
                    for &(day, mins) in &p.days {
                        let base = used[r].get(day).copied().unwrap_or(0);
                        m += sq(base + bp * mins) - sq(base);
                    }
                }
                m
            };
            let mut best = (moment(model, &current, used), current.clone());
            let mut start = est;
            let mut steps = 0;
            while start <= lst && steps < 400 {
                steps += 1;
                if start != current.start
                    && let Some(p) = model.contiguous_checked(
                        model.acts[a].cal,
                        start,
                        model.acts[a].dur,
                        Some((a, used)),
                    )?
                {
                    let m = moment(model, &p, used);
                    if m < best.0 - 1e-9 {
                        best = (m, p);
                    }
                }
                start = model.next_day_start(model.acts[a].cal, start)?;
            }
            if best.1 != current {
                improved = true;
            }
            book(used, &model.acts[a], &best.1, 1);
            placed[a] = best.1;
        }
        if !improved {
            break;
        }
    }
    Ok(())
}

fn histograms(
    model: &mut Model<'_>,
    res: &[(ResourceId, &planwright_core::Resource)],
    before: &[Vec<i64>],
    after: &[Vec<i64>],
) -> Vec<Histogram> {
    let hours = |v: i64| v as f64 / 600_000.0;
    let mut out = Vec::with_capacity(res.len());
    for (r, (id, resource)) in res.iter().enumerate() {
        let last = before[r].len().max(after[r].len());
        let first = (0..last)
            .find(|&d| {
                before[r].get(d).copied().unwrap_or(0) > 0
                    || after[r].get(d).copied().unwrap_or(0) > 0
            })
            .unwrap_or(last);
        let mut days = Vec::new();
        for d in first..last {
            days.push(Usage {
                date: model.date(d),
                capacity: hours(model.capacity(r, d)),
                before: hours(before[r].get(d).copied().unwrap_or(0)),
                after: hours(after[r].get(d).copied().unwrap_or(0)),
            });
        }
        let mut weeks: Vec<Usage> = Vec::new();
        for u in &days {
            let monday =
                u.date - chrono::Duration::days(i64::from(u.date.weekday().num_days_from_monday()));
            match weeks.last_mut() {
                Some(w) if w.date == monday => {
                    w.capacity += u.capacity;
                    w.before += u.before;
                    w.after += u.after;
                }
                _ => weeks.push(Usage { date: monday, ..*u }),
            }
        }
        out.push(Histogram {
            resource: *id,
            key: resource.key.clone(),
            days,
            weeks,
        });
    }
    out
}
