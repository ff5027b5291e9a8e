//! The result of the critical path method, by activity id.

use chrono::NaiveDateTime;
use planwright_core::{Duration, LinkKind};

use super::{Workspace, at, tables_for};
use crate::Error;
use crate::clock::{TableClock, UnitClock};
use crate::network::{
    ALAP, ActivityId, FINISHED, MUST_FINISH, MUST_START, Network, STARTED, TimeModel, VIRTUAL,
};
use crate::worktable::WorkTable;

impl Network {
    /// Runs the critical path method: early and late dates, total and free
    /// float, for every activity.
    ///
    /// # Errors
    ///
    /// [`Error::Core`] when a calendar conversion leaves chrono's range.
    ///
    /// # Complexity
    ///
    /// O(V + E).
    ///
    /// # Example
    ///
    /// ```
    /// use planwright_core::{Duration, LinkKind};
    /// use planwright_schedule::Network;
    ///
    /// let mut b = Network::builder();
    /// let a = b.add_activity("a", Duration::days(4))?;
    /// let c = b.add_activity("c", Duration::days(2))?;
    /// let z = b.add_activity("z", Duration::days(1))?;
    /// b.add_link(a, z, LinkKind::FinishToStart, Duration::ZERO)?;
    /// b.add_link(c, z, LinkKind::FinishToStart, Duration::ZERO)?;
    /// let s = b.build()?.schedule()?;
    /// assert_eq!(s.project_finish(), Duration::days(5));
    /// assert_eq!(s.total_float(c), Some(Duration::days(2)));
    /// assert!(s.is_critical(a) && !s.is_critical(c));
    /// assert_eq!(s.critical_paths(10), [vec![a, z]]);
    /// // An id from another network is not silently read as activity 0.
    /// assert_eq!(s.early_start(planwright_schedule::ActivityId::new(99)), None);
    /// # Ok::<(), planwright_schedule::Error>(())
    /// ```
    pub fn schedule(&self) -> Result<Schedule, Error> {
        let mut ws = Workspace::new();
        self.analyse_with(&self.dur, &mut ws)?;
        let n = self.len();
        let mut s = Schedule {
            es: vec![0; n],
            ef: vec![0; n],
            ls: vec![0; n],
            lf: vec![0; n],
            tf: vec![0; n],
            ff: vec![0; n],
            flags: vec![0; n],
            finish: ws.finish,
            driving: Vec::new(),
            driving_off: Vec::new(),
            time: ScheduleTime::Abstract,
            start: self.start,
            status: self.status,
        };
        for (p, &id) in self.order.iter().enumerate() {
            let id = id as usize;
            s.es[id] = ws.early[2 * p];
            s.ef[id] = ws.early[2 * p + 1];
            s.ls[id] = ws.late[2 * p];
            s.lf[id] = ws.late[2 * p + 1];
            s.tf[id] = ws.total_float[p];
            s.ff[id] = ws.free_float[p];
            s.flags[id] = self.flags[p]
                | if self.durations[id] == 0 {
                    MILESTONE
                } else {
                    0
                };
        }
        // Driving links (slack 0), by successor id, for critical paths and
        // "why does this start then?".
        let mut per: Vec<Vec<u32>> = vec![Vec::new(); n];
        s.time = match &self.time {
            TimeModel::Abstract => {
                self.collect_driving(&mut UnitClock, &ws, &mut per)?;
                ScheduleTime::Abstract
            }
            TimeModel::Single { origin, calendar } => {
                self.collect_driving(&mut UnitClock, &ws, &mut per)?;
                ScheduleTime::Working {
                    origin: *origin,
                    calendar: calendar.clone(),
                }
            }
            TimeModel::Multi { origin, calendars } => {
                let mut tables = tables_for(*origin, calendars, &mut ws);
                self.collect_driving(&mut TableClock::new(&mut tables), &ws, &mut per)?;
                // The schedule keeps the project calendar's table, grown to
                // cover every date it holds, to read offsets.
                let dates = s.es.iter().chain(&s.ef).chain(&s.ls).chain(&s.lf);
                let (from, to) =
                    dates.fold((self.start, self.start), |(a, b), &t| (a.min(t), b.max(t)));
                let table = tables
                    .tables
                    .swap_remove(0)
                    .covering(&calendars[0], *origin, from, to);
                ScheduleTime::Elapsed {
                    origin: *origin,
                    calendar: Box::new(calendars[0].clone()),
                    table: Box::new(table),
                }
            }
        };
        s.driving_off.push(0);
        for list in per {
            s.driving.extend(list.into_iter().map(|li| {
                let (f, _, k, lag) = self.links[li as usize];
                DrivingLink {
                    from: f,
                    kind: k,
                    lag,
                }
            }));
            s.driving_off.push(s.driving.len() as u32);
        }
        Ok(s)
    }
}

/// What fixes an activity's early start.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub enum Driver {
    /// A link from a predecessor is tight.
    Link {
        /// The predecessor.
        predecessor: ActivityId,
        /// The link's type.
        kind: LinkKind,
        /// The link's lag.
        lag: Duration,
    },
    /// Nothing pushes it: it starts at the project start.
    ProjectStart,
    /// It cannot start before the status date.
    StatusDate,
    /// A date constraint (start/finish no earlier than, must start/finish on).
    Constraint,
    /// Reported progress: actual dates.
    Actual,
}

/// One step of a driving chain: an activity and what drives it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub struct DrivingStep {
    /// The activity.
    pub activity: ActivityId,
    /// What drives its start.
    pub driver: Driver,
}

/// The result of the critical path method over a [`Network`]: early and late
/// dates, floats, the critical path(s) and driving links.
///
/// Times are working-time offsets on the network's project calendar; use
/// [`Schedule::dates`] for date-times. Floats are working time on the
/// activity's own calendar.
///
/// Rules: every activity starts no earlier than the project start; late
/// finishes are capped at the project finish; free float is clamped to
/// `0..=max(total float, 0)`; a finished activity has zero float; for a
/// started activity the late start is the latest time its remaining work can
/// resume; an as-late-as-possible activity is scheduled on its late dates
/// ([`Schedule::start`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Schedule {
    es: Vec<i64>,
    ef: Vec<i64>,
    ls: Vec<i64>,
    lf: Vec<i64>,
    tf: Vec<i64>,
    ff: Vec<i64>,
    flags: Vec<u8>,
    finish: i64,
    /// Driving links by successor id (CSR).
    driving: Vec<DrivingLink>,
    driving_off: Vec<u32>,
    /// How network time reads as dates.
    time: ScheduleTime,
    /// The project start and status date in network time.
    start: i64,
    status: Option<i64>,
}

/// Offsets and floats of one activity.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Times {
    pub(crate) early_start: Duration,
    pub(crate) early_finish: Duration,
    pub(crate) late_start: Duration,
    pub(crate) late_finish: Duration,
    pub(crate) total_float: Duration,
    pub(crate) free_float: Duration,
}

/// A link with zero slack, stored by its successor.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct DrivingLink {
    from: u32,
    kind: LinkKind,
    lag: i64,
}

/// How a schedule's times read as dates: not at all, as working minutes of
/// one calendar, or as elapsed minutes (several calendars; the project
/// calendar reads offsets).
#[derive(Clone, Debug, PartialEq, Eq)]
enum ScheduleTime {
    Abstract,
    Working {
        origin: NaiveDateTime,
        calendar: Box<planwright_core::Calendar>,
    },
    Elapsed {
        origin: NaiveDateTime,
        calendar: Box<planwright_core::Calendar>,
        /// The project calendar's working-time table.
        table: Box<WorkTable>,
    },
}

/// Set in a schedule's flags (beside the network's) for zero-duration
/// activities.
const MILESTONE: u8 = 64;

/// Dates of one activity.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub struct ActivityDates {
    /// Early start.
    pub early_start: NaiveDateTime,
    /// Early finish.
    pub early_finish: NaiveDateTime,
    /// Late start.
    pub late_start: NaiveDateTime,
    /// Late finish.
    pub late_finish: NaiveDateTime,
}

impl Schedule {
    fn get(v: &[i64], id: ActivityId) -> Option<i64> {
        v.get(id.index()).copied()
    }

    /// Network time to a project-calendar offset.
    fn off(&self, t: i64) -> Duration {
        match &self.time {
            ScheduleTime::Abstract | ScheduleTime::Working { .. } => Duration::minutes(t),
            // Values come from a successful pass, so they are in range.
            ScheduleTime::Elapsed {
                origin,
                calendar,
                table,
            } => match table.span(0, t) {
                Ok(w) => Duration::minutes(w),
                // Beyond the table: the calendar's walk.
                Err(_) => match origin.checked_add_signed(chrono::Duration::minutes(t)) {
                    Some(at) => calendar.work_between(*origin, at),
                    None => Duration::minutes(t),
                },
            },
        }
    }

    /// Network time to a date-time; `None` without a calendar.
    fn date(&self, t: i64, finish: bool) -> Result<Option<NaiveDateTime>, Error> {
        match &self.time {
            ScheduleTime::Abstract => Ok(None),
            ScheduleTime::Working { origin, calendar } => {
                let d = Duration::minutes(t);
                let at = if finish {
                    calendar.finish_at(*origin, d)?
                } else {
                    calendar.start_at(*origin, d)?
                };
                Ok(Some(at))
            }
            ScheduleTime::Elapsed { origin, .. } => Ok(Some(at(*origin, t)?)),
        }
    }

    /// The number of activities.
    #[must_use]
    pub fn len(&self) -> usize {
        self.es.len()
    }

    /// `true` for the schedule of an empty network.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.es.is_empty()
    }

    /// The project finish: the latest early finish.
    #[must_use]
    pub fn project_finish(&self) -> Duration {
        self.off(self.finish)
    }

    pub(crate) fn raw(&self, id: ActivityId) -> Option<[i64; 4]> {
        Some([
            Self::get(&self.es, id)?,
            Self::get(&self.ef, id)?,
            Self::get(&self.ls, id)?,
            Self::get(&self.lf, id)?,
        ])
    }

    /// Every offset and float of an activity at once (project-calendar
    /// offsets; floats on the activity's calendar).
    pub(crate) fn times(&self, id: ActivityId) -> Option<Times> {
        let [es, ef, ls, lf] = self.raw(id)?;
        Some(Times {
            early_start: self.off(es),
            early_finish: self.off(ef),
            late_start: self.off(ls),
            late_finish: self.off(lf),
            total_float: Duration::minutes(self.tf[id.index()]),
            free_float: Duration::minutes(self.ff[id.index()]),
        })
    }

    /// Early start; `None` for an id the network did not issue.
    #[must_use]
    pub fn early_start(&self, id: ActivityId) -> Option<Duration> {
        Self::get(&self.es, id).map(|t| self.off(t))
    }

    /// Early finish; `None` for an id the network did not issue.
    #[must_use]
    pub fn early_finish(&self, id: ActivityId) -> Option<Duration> {
        Self::get(&self.ef, id).map(|t| self.off(t))
    }

    /// Late start; `None` for an id the network did not issue.
    #[must_use]
    pub fn late_start(&self, id: ActivityId) -> Option<Duration> {
        Self::get(&self.ls, id).map(|t| self.off(t))
    }

    /// Late finish; `None` for an id the network did not issue.
    #[must_use]
    pub fn late_finish(&self, id: ActivityId) -> Option<Duration> {
        Self::get(&self.lf, id).map(|t| self.off(t))
    }

    fn scheduled_late(&self, id: ActivityId) -> bool {
        self.flag(id)
            .is_some_and(|f| f & ALAP != 0 && f & (STARTED | FINISHED) == 0)
    }

    /// Scheduled start: the late start for an as-late-as-possible activity
    /// that has not started, else the early start; `None` for an unknown id.
    #[must_use]
    pub fn start(&self, id: ActivityId) -> Option<Duration> {
        if self.scheduled_late(id) {
            self.late_start(id)
        } else {
            self.early_start(id)
        }
    }

    /// Scheduled finish (see [`Schedule::start`]); `None` for an unknown id.
    #[must_use]
    pub fn finish(&self, id: ActivityId) -> Option<Duration> {
        if self.scheduled_late(id) {
            self.late_finish(id)
        } else {
            self.early_finish(id)
        }
    }

    /// Total float: how far the activity can slip without delaying the
    /// project finish or breaking a constraint. Negative when constraints
    /// conflict with the logic. `None` for an unknown id.
    #[must_use]
    pub fn total_float(&self, id: ActivityId) -> Option<Duration> {
        Self::get(&self.tf, id).map(Duration::minutes)
    }

    /// Free float: how far the activity can slip without delaying any
    /// successor. `None` for an unknown id.
    #[must_use]
    pub fn free_float(&self, id: ActivityId) -> Option<Duration> {
        Self::get(&self.ff, id).map(Duration::minutes)
    }

    fn flag(&self, id: ActivityId) -> Option<u8> {
        self.flags.get(id.index()).copied()
    }

    /// `true` when the activity is critical: total float ≤ 0 and not yet
    /// finished (`false` for an unknown id and for summary helpers).
    #[must_use]
    pub fn is_critical(&self, id: ActivityId) -> bool {
        self.flag(id).is_some_and(|f| f & (VIRTUAL | FINISHED) == 0) && self.tf[id.index()] <= 0
    }

    /// Critical activities in id order.
    pub fn critical(&self) -> Critical<'_> {
        Critical {
            schedule: self,
            next: 0,
            threshold: None,
        }
    }

    /// Activities that are not critical but have total float at most
    /// `threshold`, in id order.
    pub fn near_critical(&self, threshold: Duration) -> Critical<'_> {
        Critical {
            schedule: self,
            next: 0,
            threshold: Some(threshold.as_minutes()),
        }
    }

    /// The least total float of any unfinished activity (`None` when all are
    /// finished): 0 in a network without constraints, negative when
    /// constraints conflict with the logic.
    #[must_use]
    pub fn least_float(&self) -> Option<Duration> {
        (0..self.tf.len())
            .filter(|&i| self.flags[i] & (VIRTUAL | FINISHED) == 0)
            .map(|i| self.tf[i])
            .min()
            .map(Duration::minutes)
    }

    /// The links that drive `id`'s early dates (zero slack), as
    /// `(predecessor, kind, lag)` in predecessor id order; empty for an
    /// unknown id.
    #[must_use]
    pub fn driving_predecessors(&self, id: ActivityId) -> Vec<(ActivityId, LinkKind, Duration)> {
        self.driving_links(id.index())
            .iter()
            .map(|l| (ActivityId::new(l.from), l.kind, Duration::minutes(l.lag)))
            .collect()
    }

    fn driving_links(&self, i: usize) -> &[DrivingLink] {
        if i + 1 >= self.driving_off.len() {
            return &[];
        }
        &self.driving[self.driving_off[i] as usize..self.driving_off[i + 1] as usize]
    }

    /// "Why does this start then?": from `id` back through its first driving
    /// predecessor (smallest id) to what drives the chain's first activity.
    /// Empty for an unknown id.
    ///
    /// # Complexity
    ///
    /// O(length of the chain).
    #[must_use]
    pub fn driving_chain(&self, id: ActivityId) -> Vec<DrivingStep> {
        let mut chain = Vec::new();
        let mut cur = Some(id);
        let mut seen = std::collections::HashSet::new();
        while let Some(a) = cur {
            if a.index() >= self.es.len() || !seen.insert(a) {
                break;
            }
            let driver = match self.driving_links(a.index()).first() {
                Some(l) => {
                    let predecessor = ActivityId::new(l.from);
                    cur = Some(predecessor);
                    Driver::Link {
                        predecessor,
                        kind: l.kind,
                        lag: Duration::minutes(l.lag),
                    }
                }
                None => {
                    cur = None;
                    self.own_driver(a)
                }
            };
            chain.push(DrivingStep {
                activity: a,
                driver,
            });
        }
        chain
    }

    fn own_driver(&self, a: ActivityId) -> Driver {
        let f = self.flag(a).unwrap_or(0);
        if f & (FINISHED | STARTED) != 0 {
            return Driver::Actual;
        }
        if f & (MUST_START | MUST_FINISH) != 0 {
            return Driver::Constraint;
        }
        let es = self.es[a.index()];
        if self.status.is_some_and(|s| s == es && s > self.start) {
            return Driver::StatusDate;
        }
        if es > self.start {
            Driver::Constraint
        } else {
            Driver::ProjectStart
        }
    }

    /// Every critical path: chains of critical activities joined by driving
    /// links, from one that no critical activity drives to one that drives no
    /// critical activity. At most `limit` paths (the count can grow
    /// exponentially), in a deterministic order. Helper activities (from
    /// summary expansion) are left out of the returned chains.
    ///
    /// # Complexity
    ///
    /// O(V + E) to index the driving links, then O(length) per path
    /// returned.
    #[must_use]
    pub fn critical_paths(&self, limit: usize) -> Vec<Vec<ActivityId>> {
        let n = self.es.len();
        let crit = |i: usize| self.flags[i] & FINISHED == 0 && self.tf[i] <= 0;
        // Critical successors over driving links, by predecessor.
        let mut next: Vec<Vec<u32>> = vec![Vec::new(); n];
        let mut has_pred = vec![false; n];
        for (s, has) in has_pred.iter_mut().enumerate() {
            if !crit(s) {
                continue;
            }
            for l in self.driving_links(s) {
                let p = l.from as usize;
                if crit(p) {
                    next[p].push(s as u32);
                    *has = true;
                }
            }
        }
        for v in &mut next {
            v.sort_unstable();
            v.dedup();
        }
        let mut paths = Vec::new();
        let mut stack: Vec<(u32, usize)> = Vec::new();
        let mut path: Vec<u32> = Vec::new();
        for start in (0..n).filter(|&i| crit(i) && !has_pred[i]) {
            stack.push((start as u32, 0));
            path.push(start as u32);
            while let Some(&mut (v, ref mut k)) = stack.last_mut() {
                if paths.len() >= limit {
                    return paths;
                }
                let succ = &next[v as usize];
                if succ.is_empty() && *k == 0 {
                    *k = 1;
                    let chain: Vec<ActivityId> = path
                        .iter()
                        .map(|&i| ActivityId::new(i))
                        .filter(|&a| self.flag(a).is_some_and(|f| f & VIRTUAL == 0))
                        .collect();
                    if !chain.is_empty() && paths.last() != Some(&chain) {
                        paths.push(chain);
                    }
                    continue;
                }
                if *k < succ.len() {
                    let w = succ[*k];
                    *k += 1;
                    stack.push((w, 0));
                    path.push(w);
                } else {
                    stack.pop();
                    path.pop();
                }
            }
        }
        paths
    }

    /// The four dates of an activity: `None` for an unknown id or a network
    /// without a calendar (built without
    /// [`NetworkBuilder::with_calendar`](crate::NetworkBuilder::with_calendar)).
    /// Starts read as the start of the working period, finishes as the end
    /// of the last one worked, never before the project start; a milestone
    /// reads as a finish (the end of the stretch its predecessor ends), its
    /// start and finish the same moment.
    ///
    /// # Errors
    ///
    /// [`Error::Core`] when a date leaves chrono's range.
    pub fn dates(&self, id: ActivityId) -> Result<Option<ActivityDates>, Error> {
        let Some([es, ef, ls, lf]) = self.raw(id) else {
            return Ok(None);
        };
        let milestone = self.flags[id.index()] & MILESTONE != 0;
        // A milestone is a moment: it reads with finish semantics (the end
        // of the working stretch that reaches it, never before the origin),
        // so it falls when its predecessor finishes, like the project
        // finish it may mark.
        let (Some(early_start), Some(late_start)) =
            (self.date(es, milestone)?, self.date(ls, milestone)?)
        else {
            return Ok(None);
        };
        let fin = |t: i64, start: NaiveDateTime| -> Result<NaiveDateTime, Error> {
            if milestone {
                return Ok(start);
            }
            Ok(self.date(t, true)?.unwrap_or(start))
        };
        Ok(Some(ActivityDates {
            early_start,
            early_finish: fin(ef, early_start)?,
            late_start,
            late_finish: fin(lf, late_start)?,
        }))
    }

    /// The project finish as a date-time; `None` for a network without a
    /// calendar.
    ///
    /// # Errors
    ///
    /// [`Error::Core`] when the date leaves chrono's range.
    pub fn finish_date(&self) -> Result<Option<NaiveDateTime>, Error> {
        self.date(self.finish, true)
    }
}

/// Critical (or near-critical) activities of a [`Schedule`] in id order:
/// see [`Schedule::critical`] and [`Schedule::near_critical`].
#[derive(Clone, Debug)]
pub struct Critical<'a> {
    schedule: &'a Schedule,
    next: usize,
    /// `None`: critical; `Some(t)`: near-critical up to `t` minutes.
    threshold: Option<i64>,
}

impl Iterator for Critical<'_> {
    type Item = ActivityId;

    fn next(&mut self) -> Option<ActivityId> {
        let s = self.schedule;
        while self.next < s.tf.len() {
            let i = self.next;
            self.next += 1;
            let live = s.flags[i] & (VIRTUAL | FINISHED) == 0;
            let tf = s.tf[i];
            let hit = match self.threshold {
                None => live && tf <= 0,
                Some(t) => live && tf > 0 && tf <= t,
            };
            if hit {
                return Some(ActivityId::new(i as u32));
            }
        }
        None
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        (0, Some(self.schedule.tf.len() - self.next))
    }
}

impl core::iter::FusedIterator for Critical<'_> {}
