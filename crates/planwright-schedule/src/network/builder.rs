//! Building a network: validation as activities and links arrive, then the
//! layout the CPM kernel runs on.

use std::collections::{HashMap, VecDeque};

use chrono::NaiveDateTime;
use planwright_core::{Calendar, Duration, LinkKind};

use super::{
    ALAP, ActivityConstraint, ActivityId, ActivityProgress, Edge, FINISHED, MUST_FINISH,
    MUST_START, NO_LOWER, NO_UPPER, Network, ProgressMode, STARTED, TOTAL_LIMIT, TimeModel,
    VIRTUAL, display_key, kind_bits,
};
use crate::Error;

#[derive(Clone, Debug)]
struct Spec {
    key: String,
    duration: i64,
    calendar: u32,
    constraint: ActivityConstraint,
    deadline: Option<i64>,
    progress: ActivityProgress,
    virtual_node: bool,
}

/// Builds a [`Network`] for engine users: activities with durations, typed
/// links with lags, constraints, progress and optional calendars.
///
/// # Example
///
/// ```
/// use planwright_core::{Duration, LinkKind};
/// use planwright_schedule::NetworkBuilder;
///
/// let mut b = NetworkBuilder::new();
/// let a = b.add_activity("a", Duration::days(3))?;
/// let c = b.add_activity("c", Duration::days(2))?;
/// b.add_link(a, c, LinkKind::FinishToStart, Duration::days(1))?;
/// let net = b.build()?;
/// let s = net.schedule()?;
/// assert_eq!(s.project_finish(), Duration::days(6));
/// # Ok::<(), planwright_schedule::Error>(())
/// ```
#[derive(Clone, Debug, Default)]
pub struct NetworkBuilder {
    specs: Vec<Spec>,
    links: Vec<(u32, u32, LinkKind, i64)>,
    keys: HashMap<String, u32>,
    origin: Option<NaiveDateTime>,
    calendars: Vec<Calendar>,
    status_date: Option<i64>,
    progress_mode: ProgressMode,
}

impl NetworkBuilder {
    /// An empty builder without calendars: offsets are abstract working
    /// minutes.
    #[must_use]
    pub fn new() -> Self {
        NetworkBuilder::default()
    }

    /// An empty builder with room for `activities` and `links`.
    #[must_use]
    pub fn with_capacity(activities: usize, links: usize) -> Self {
        NetworkBuilder {
            specs: Vec::with_capacity(activities),
            links: Vec::with_capacity(links),
            ..NetworkBuilder::default()
        }
    }

    /// Gives the network dates: offset 0 is `origin`, counted on
    /// `project_calendar` (calendar index 0).
    #[must_use]
    pub fn with_calendar(mut self, origin: NaiveDateTime, project_calendar: Calendar) -> Self {
        self.origin = Some(origin);
        if self.calendars.is_empty() {
            self.calendars.push(project_calendar);
        } else {
            self.calendars[0] = project_calendar;
        }
        self
    }

    /// Adds a further calendar for activities and returns its index (the
    /// project calendar is index 0).
    ///
    /// # Errors
    ///
    /// [`Error::NoProjectCalendar`] when the builder has no project calendar yet
    /// (call [`NetworkBuilder::with_calendar`] first).
    pub fn add_calendar(&mut self, calendar: Calendar) -> Result<u32, Error> {
        if self.calendars.is_empty() {
            return Err(Error::NoProjectCalendar {
                calendar: calendar.name().to_owned(),
            });
        }
        self.calendars.push(calendar);
        Ok((self.calendars.len() - 1) as u32)
    }

    fn push(
        &mut self,
        key: String,
        duration: Duration,
        virtual_node: bool,
    ) -> Result<ActivityId, Error> {
        let id = ActivityId::from_index(self.specs.len())
            .filter(|id| id.get() < (1 << 30))
            .ok_or(Error::TooLarge {
                what: "activities",
                limit: (1 << 30) - 1,
            })?;
        let m = duration.as_minutes();
        if m < 0 || !duration.is_within_limit() {
            let key = if key.is_empty() {
                format!("#{}", id.get())
            } else {
                key
            };
            return Err(Error::OutOfRange {
                key,
                what: "duration",
                minutes: m,
            });
        }
        self.specs.push(Spec {
            key,
            duration: m,
            calendar: 0,
            constraint: ActivityConstraint::AsSoonAsPossible,
            deadline: None,
            progress: ActivityProgress::NotStarted,
            virtual_node,
        });
        Ok(id)
    }

    /// Adds an activity with a unique key.
    ///
    /// # Errors
    ///
    /// [`Error::DuplicateKey`]; [`Error::OutOfRange`] for a negative or too
    /// large duration; [`Error::TooLarge`] past 2^30 activities.
    pub fn add_activity(
        &mut self,
        key: impl Into<String>,
        duration: Duration,
    ) -> Result<ActivityId, Error> {
        let key = key.into();
        if !key.is_empty() && self.keys.contains_key(&key) {
            return Err(Error::DuplicateKey { key });
        }
        let id = self.push(key.clone(), duration, false)?;
        if !key.is_empty() {
            self.keys.insert(key, id.get());
        }
        Ok(id)
    }

    /// Adds an activity without a key (shown as `#id` in messages): the
    /// cheap form for generated networks.
    ///
    /// # Errors
    ///
    /// As [`NetworkBuilder::add_activity`].
    pub fn add_unnamed(&mut self, duration: Duration) -> Result<ActivityId, Error> {
        self.push(String::new(), duration, false)
    }

    /// Adds a helper activity that takes part in the passes but not in the
    /// project finish (used to expand links on summary tasks).
    pub(crate) fn add_virtual(&mut self, key: String) -> Result<ActivityId, Error> {
        self.push(key, Duration::ZERO, true)
    }

    fn spec(&mut self, id: ActivityId) -> Result<&mut Spec, Error> {
        self.specs
            .get_mut(id.index())
            .ok_or(Error::UnknownActivity { id: id.get() })
    }

    fn offset(key: &str, what: &'static str, d: Duration) -> Result<i64, Error> {
        if d.is_within_limit() {
            Ok(d.as_minutes())
        } else {
            Err(Error::OutOfRange {
                key: key.to_owned(),
                what,
                minutes: d.as_minutes(),
            })
        }
    }

    /// Puts an activity on calendar `calendar` (an index from
    /// [`NetworkBuilder::add_calendar`]; 0 is the project calendar).
    ///
    /// # Errors
    ///
    /// [`Error::UnknownActivity`]; [`Error::UnknownCalendar`] for a calendar
    /// index the builder did not issue.
    pub fn set_calendar(&mut self, id: ActivityId, calendar: u32) -> Result<(), Error> {
        let n = self.calendars.len();
        let spec = self.spec(id)?;
        if calendar as usize >= n.max(1) {
            return Err(Error::UnknownCalendar {
                key: spec.key.clone(),
                index: calendar,
            });
        }
        spec.calendar = calendar;
        Ok(())
    }

    /// Sets an activity's date constraint.
    ///
    /// # Errors
    ///
    /// [`Error::UnknownActivity`]; [`Error::OutOfRange`] for an offset beyond
    /// [`Duration::LIMIT`].
    pub fn set_constraint(
        &mut self,
        id: ActivityId,
        constraint: ActivityConstraint,
    ) -> Result<(), Error> {
        let spec = self.spec(id)?;
        if let Some(d) = constraint_offset(constraint) {
            Self::offset(&spec.key, "constraint", d)?;
        }
        spec.constraint = constraint;
        Ok(())
    }

    /// Sets a deadline: a finish target that does not move the activity but
    /// limits its late finish (missing it shows as negative float).
    ///
    /// # Errors
    ///
    /// [`Error::UnknownActivity`]; [`Error::OutOfRange`].
    pub fn set_deadline(&mut self, id: ActivityId, deadline: Duration) -> Result<(), Error> {
        let spec = self.spec(id)?;
        spec.deadline = Some(Self::offset(&spec.key, "deadline", deadline)?);
        Ok(())
    }

    /// Sets an activity's progress.
    ///
    /// # Errors
    ///
    /// [`Error::UnknownActivity`]; [`Error::InvalidProgress`] for a negative
    /// remaining duration or an actual finish before the actual start;
    /// [`Error::OutOfRange`] for an offset beyond [`Duration::LIMIT`].
    pub fn set_progress(
        &mut self,
        id: ActivityId,
        progress: ActivityProgress,
    ) -> Result<(), Error> {
        let spec = self.spec(id)?;
        match progress {
            ActivityProgress::NotStarted => {}
            ActivityProgress::Started {
                actual_start,
                remaining,
            } => {
                Self::offset(&spec.key, "actual start", actual_start)?;
                if remaining.is_negative() {
                    return Err(Error::InvalidProgress {
                        key: spec.key.clone(),
                        problem: "the remaining duration is negative",
                    });
                }
                Self::offset(&spec.key, "remaining duration", remaining)?;
            }
            ActivityProgress::Finished {
                actual_start,
                actual_finish,
            } => {
                Self::offset(&spec.key, "actual start", actual_start)?;
                Self::offset(&spec.key, "actual finish", actual_finish)?;
                if actual_finish < actual_start {
                    return Err(Error::InvalidProgress {
                        key: spec.key.clone(),
                        problem: "the actual finish is before the actual start",
                    });
                }
            }
        }
        spec.progress = progress;
        Ok(())
    }

    /// Schedules from a status (data) date: unstarted work starts no earlier,
    /// started work continues from it.
    ///
    /// # Errors
    ///
    /// [`Error::OutOfRange`] beyond [`Duration::LIMIT`].
    pub fn set_status_date(&mut self, status_date: Duration) -> Result<(), Error> {
        self.status_date = Some(Self::offset("network", "status date", status_date)?);
        Ok(())
    }

    /// Chooses how started activities treat their predecessors.
    pub fn set_progress_mode(&mut self, mode: ProgressMode) {
        self.progress_mode = mode;
    }

    /// Adds a link `from` → `to`. Duplicate links are allowed (the tighter
    /// one governs).
    ///
    /// # Errors
    ///
    /// [`Error::UnknownActivity`], [`Error::SelfLink`], [`Error::OutOfRange`]
    /// for a lag beyond [`Duration::LIMIT`]; [`Error::TooLarge`] past 2^31
    /// links.
    pub fn add_link(
        &mut self,
        from: ActivityId,
        to: ActivityId,
        kind: LinkKind,
        lag: Duration,
    ) -> Result<(), Error> {
        let n = self.specs.len();
        for id in [from, to] {
            if id.index() >= n {
                return Err(Error::UnknownActivity { id: id.get() });
            }
        }
        if from == to {
            return Err(Error::SelfLink {
                key: self.display_key(from.get()),
            });
        }
        let lag = Self::offset(&self.display_key(to.get()), "lag", lag)?;
        if self.links.len() >= (1 << 31) {
            return Err(Error::TooLarge {
                what: "links",
                limit: 1 << 31,
            });
        }
        self.links.push((from.get(), to.get(), kind, lag));
        Ok(())
    }

    fn display_key(&self, id: u32) -> String {
        display_key(&self.specs[id as usize].key, id)
    }

    /// Validates the network and lays it out for the CPM kernel.
    ///
    /// # Errors
    ///
    /// [`Error::Cycle`] naming the activities on one cycle;
    /// [`Error::OutOfRange`] when the durations, lags and offsets add up
    /// beyond what the kernel can hold; [`Error::Core`] when a calendar
    /// conversion leaves chrono's range.
    ///
    /// # Complexity
    ///
    /// O(V + E) for V activities and E links.
    pub fn build(self) -> Result<Network, Error> {
        self.check_totals()?;
        let topo = self.topological_order()?;
        let time = self.time_model();
        let conv = Converter { time: &time };
        let status = match self.status_date {
            Some(s) => Some(conv.start(s)?),
            None => None,
        };
        let project_start = conv.start(0)?;
        let bounds = self.activity_bounds(&topo.pos, &conv, project_start, status)?;
        let adjacency = self.adjacency(&topo);
        Ok(Network {
            keys: self.specs.iter().map(|s| s.key.clone()).collect(),
            durations: self.specs.iter().map(|s| s.duration).collect(),
            links: self.links,
            order: topo.order,
            pos: topo.pos,
            dur: bounds.dur,
            cal: bounds.cal,
            es_lo: bounds.es_lo,
            ef_lo: bounds.ef_lo,
            ls_hi: bounds.ls_hi,
            lf_hi: bounds.lf_hi,
            flags: bounds.flags,
            pred_off: adjacency.pred_off,
            preds: adjacency.preds,
            succ_off: adjacency.succ_off,
            succs: adjacency.succs,
            succ_link: adjacency.succ_link,
            time,
            start: project_start,
            status,
            progress_mode: self.progress_mode,
        })
    }

    /// Bounds the arithmetic once so the kernel needs no overflow checks.
    fn check_totals(&self) -> Result<(), Error> {
        let mut total: u128 = 0;
        for s in &self.specs {
            total += u128::from(s.duration.unsigned_abs());
            if let Some(d) = constraint_offset(s.constraint) {
                total = total.max(u128::from(d.as_minutes().unsigned_abs()) * 2);
            }
        }
        for l in &self.links {
            total += u128::from(l.3.unsigned_abs());
        }
        if total > TOTAL_LIMIT {
            return Err(Error::OutOfRange {
                key: "network".to_owned(),
                what: "sum of durations and lags",
                minutes: i64::try_from(total).unwrap_or(i64::MAX),
            });
        }
        Ok(())
    }

    /// Successors by id (CSR, link order), then Kahn's algorithm with a FIFO
    /// seeded in id order: deterministic, and layered networks keep their
    /// layers together (good locality for the passes).
    fn topological_order(&self) -> Result<Topology, Error> {
        let n = self.specs.len();
        let mut in_deg = vec![0u32; n];
        let mut succ_start = vec![0u32; n + 1];
        for &(f, t, _, _) in &self.links {
            succ_start[f as usize + 1] += 1;
            in_deg[t as usize] += 1;
        }
        for i in 0..n {
            succ_start[i + 1] += succ_start[i];
        }
        let mut fill = succ_start.clone();
        let mut succ_by_id = vec![0u32; self.links.len()];
        for (li, &(f, _, _, _)) in self.links.iter().enumerate() {
            succ_by_id[fill[f as usize] as usize] = li as u32;
            fill[f as usize] += 1;
        }
        let mut order: Vec<u32> = Vec::with_capacity(n);
        let mut queue: VecDeque<u32> = (0..n as u32).filter(|&i| in_deg[i as usize] == 0).collect();
        let mut remaining = in_deg;
        while let Some(v) = queue.pop_front() {
            order.push(v);
            for &li in
                &succ_by_id[succ_start[v as usize] as usize..succ_start[v as usize + 1] as usize]
            {
                let t = self.links[li as usize].1 as usize;
                remaining[t] -= 1;
                if remaining[t] == 0 {
                    queue.push_back(t as u32);
                }
            }
        }
        if order.len() < n {
            let stuck: Vec<u32> = (0..n as u32)
                .filter(|&i| remaining[i as usize] > 0)
                .collect();
            let keys = crate::cycle::name_cycle(
                &stuck,
                self.links.iter().map(|&(f, t, _, _)| (f, t)),
                |i| self.display_key(i),
            );
            return Err(Error::Cycle { keys });
        }
        let mut pos = vec![0u32; n];
        for (p, &id) in order.iter().enumerate() {
            pos[id as usize] = p as u32;
        }
        Ok(Topology {
            order,
            pos,
            succ_start,
            succ_by_id,
        })
    }

    /// One calendar (or none): working minutes; several: elapsed minutes.
    fn time_model(&self) -> TimeModel {
        let multi = self.specs.iter().any(|s| s.calendar != 0);
        match (self.origin, self.calendars.first()) {
            (Some(origin), Some(cal)) if !multi => TimeModel::Single {
                origin,
                calendar: Box::new(cal.clone()),
            },
            (Some(origin), Some(_)) => TimeModel::Multi {
                origin,
                calendars: self.calendars.clone(),
            },
            _ => TimeModel::Abstract,
        }
    }

    /// Per-position durations, calendars, flags and the bounds that
    /// constraints, progress, the status date and deadlines put on the
    /// early and late dates, in network time.
    fn activity_bounds(
        &self,
        pos: &[u32],
        conv: &Converter<'_>,
        project_start: i64,
        status: Option<i64>,
    ) -> Result<Bounds, Error> {
        let n = self.specs.len();
        let mut b = Bounds {
            dur: vec![0i64; n],
            cal: vec![0u32; n],
            es_lo: vec![0i64; n],
            ef_lo: vec![NO_LOWER; n],
            ls_hi: vec![NO_UPPER; n],
            lf_hi: vec![NO_UPPER; n],
            flags: vec![0u8; n],
        };
        for (id, s) in self.specs.iter().enumerate() {
            let p = pos[id] as usize;
            b.dur[p] = s.duration;
            b.cal[p] = s.calendar;
            b.es_lo[p] = project_start;
            if s.virtual_node {
                b.flags[p] |= VIRTUAL;
            }
            match s.progress {
                ActivityProgress::Finished {
                    actual_start,
                    actual_finish,
                } => {
                    b.flags[p] |= FINISHED;
                    b.es_lo[p] = conv.start(actual_start.as_minutes())?;
                    b.ef_lo[p] = conv.finish(actual_finish.as_minutes())?.max(b.es_lo[p]);
                    continue;
                }
                ActivityProgress::Started {
                    actual_start,
                    remaining,
                } => {
                    b.flags[p] |= STARTED;
                    b.es_lo[p] = conv.start(actual_start.as_minutes())?;
                    b.dur[p] = remaining.as_minutes();
                }
                ActivityProgress::NotStarted => {
                    if let Some(st) = status {
                        b.es_lo[p] = b.es_lo[p].max(st);
                    }
                }
            }
            b.constrain(p, s.constraint, conv)?;
            if let Some(dl) = s.deadline {
                b.lf_hi[p] = b.lf_hi[p].min(conv.finish(dl)?);
            }
        }
        Ok(b)
    }

    /// Predecessor and successor lists by position, each ordered by the
    /// topological position of the other end (deterministic,
    /// cache-friendly).
    fn adjacency(&self, topo: &Topology) -> Adjacency {
        let n = self.specs.len();
        let m = self.links.len();
        let pos = &topo.pos;
        let mut pred_off = vec![0u32; n + 1];
        let mut succ_off = vec![0u32; n + 1];
        for &(f, t, _, _) in &self.links {
            pred_off[pos[t as usize] as usize + 1] += 1;
            succ_off[pos[f as usize] as usize + 1] += 1;
        }
        for i in 0..n {
            pred_off[i + 1] += pred_off[i];
            succ_off[i + 1] += succ_off[i];
        }
        let blank = Edge {
            node: 0,
            kind: 0,
            lag: 0,
        };
        let mut a = Adjacency {
            preds: vec![blank; m],
            succs: vec![blank; m],
            succ_link: vec![0u32; m],
            pred_off,
            succ_off,
        };
        let mut pf = a.pred_off.clone();
        let mut sf = a.succ_off.clone();
        for &p_from in &topo.order {
            let from = p_from as usize;
            let ids = &topo.succ_by_id
                [topo.succ_start[from] as usize..topo.succ_start[from + 1] as usize];
            for &li in ids {
                let (f, t, kind, lag) = self.links[li as usize];
                let (pf_, pt) = (pos[f as usize], pos[t as usize]);
                let bits = kind_bits(kind);
                let k = pf[pt as usize] as usize;
                a.preds[k] = Edge {
                    node: pf_,
                    kind: bits,
                    lag,
                };
                pf[pt as usize] += 1;
                let k = sf[pf_ as usize] as usize;
                a.succs[k] = Edge {
                    node: pt,
                    kind: bits,
                    lag,
                };
                a.succ_link[k] = li;
                sf[pf_ as usize] += 1;
            }
        }
        a
    }
}

/// The topological order and, by id, the successor links.
struct Topology {
    order: Vec<u32>,
    pos: Vec<u32>,
    succ_start: Vec<u32>,
    succ_by_id: Vec<u32>,
}

/// Per-position activity data for the kernel.
struct Bounds {
    dur: Vec<i64>,
    cal: Vec<u32>,
    es_lo: Vec<i64>,
    ef_lo: Vec<i64>,
    ls_hi: Vec<i64>,
    lf_hi: Vec<i64>,
    flags: Vec<u8>,
}

impl Bounds {
    /// Applies a date constraint to position `p`. Start constraints of a
    /// started activity no longer apply.
    fn constrain(
        &mut self,
        p: usize,
        c: ActivityConstraint,
        conv: &Converter<'_>,
    ) -> Result<(), Error> {
        let started = self.flags[p] & STARTED != 0;
        match c {
            ActivityConstraint::AsSoonAsPossible => {}
            ActivityConstraint::AsLateAsPossible => self.flags[p] |= ALAP,
            ActivityConstraint::StartNoEarlierThan(d) if !started => {
                self.es_lo[p] = self.es_lo[p].max(conv.start(d.as_minutes())?)
            }
            ActivityConstraint::FinishNoEarlierThan(d) => {
                self.ef_lo[p] = conv.finish(d.as_minutes())?
            }
            ActivityConstraint::StartNoLaterThan(d) if !started => {
                self.ls_hi[p] = conv.start(d.as_minutes())?
            }
            ActivityConstraint::FinishNoLaterThan(d) => {
                self.lf_hi[p] = conv.finish(d.as_minutes())?
            }
            ActivityConstraint::MustStartOn(d) if !started => {
                self.flags[p] |= MUST_START;
                self.es_lo[p] = conv.start(d.as_minutes())?;
                self.ls_hi[p] = self.es_lo[p];
            }
            ActivityConstraint::MustFinishOn(d) => {
                if !started {
                    self.flags[p] |= MUST_FINISH;
                }
                self.ef_lo[p] = conv.finish(d.as_minutes())?;
                self.lf_hi[p] = self.ef_lo[p];
            }
            _ => {}
        }
        Ok(())
    }
}

/// Predecessor and successor lists by position (CSR).
struct Adjacency {
    pred_off: Vec<u32>,
    preds: Vec<Edge>,
    succ_off: Vec<u32>,
    succs: Vec<Edge>,
    succ_link: Vec<u32>,
}

fn constraint_offset(c: ActivityConstraint) -> Option<Duration> {
    match c {
        ActivityConstraint::AsSoonAsPossible | ActivityConstraint::AsLateAsPossible => None,
        ActivityConstraint::StartNoEarlierThan(d)
        | ActivityConstraint::StartNoLaterThan(d)
        | ActivityConstraint::FinishNoEarlierThan(d)
        | ActivityConstraint::FinishNoLaterThan(d)
        | ActivityConstraint::MustStartOn(d)
        | ActivityConstraint::MustFinishOn(d) => Some(d),
    }
}

/// Converts project-calendar offsets to network time.
struct Converter<'a> {
    time: &'a TimeModel,
}

impl Converter<'_> {
    fn start(&self, offset: i64) -> Result<i64, Error> {
        match self.time {
            TimeModel::Abstract | TimeModel::Single { .. } => Ok(offset),
            TimeModel::Multi { origin, calendars } => {
                let at = calendars[0].start_at(*origin, Duration::minutes(offset))?;
                Ok((at - *origin).num_minutes())
            }
        }
    }

    fn finish(&self, offset: i64) -> Result<i64, Error> {
        match self.time {
            TimeModel::Abstract | TimeModel::Single { .. } => Ok(offset),
            TimeModel::Multi { origin, calendars } => {
                let at = calendars[0].finish_at(*origin, Duration::minutes(offset))?;
                Ok((at - *origin).num_minutes())
            }
        }
    }
}
