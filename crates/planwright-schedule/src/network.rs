//! The precedence network: activities, typed links, constraints, progress,
//! calendars; validated and laid out in topological order for the CPM
//! kernel.

use std::collections::{HashMap, VecDeque};

use chrono::NaiveDateTime;
use planwright_core::{Calendar, Duration, LinkKind};

use crate::Error;

planwright_core::define_id!(
    /// Identifies an activity of a [`Network`], in insertion order.
    ActivityId
);

/// A date constraint on an activity, as an offset on the network's project
/// calendar (working minutes from the origin).
///
/// Constraints that contradict the logic do not fail scheduling: they show as
/// negative total float. `MustStartOn` and `MustFinishOn` pin the activity
/// and override its predecessors, like mandatory constraints in professional
/// schedulers.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub enum ActivityConstraint {
    /// As soon as possible (no constraint).
    #[default]
    AsSoonAsPossible,
    /// As late as possible: scheduled on its late dates.
    AsLateAsPossible,
    /// Start at or after the offset.
    StartNoEarlierThan(Duration),
    /// Start at or before the offset.
    StartNoLaterThan(Duration),
    /// Finish at or after the offset.
    FinishNoEarlierThan(Duration),
    /// Finish at or before the offset.
    FinishNoLaterThan(Duration),
    /// Start exactly at the offset.
    MustStartOn(Duration),
    /// Finish exactly at the offset.
    MustFinishOn(Duration),
}

/// Reported progress of an activity, as offsets on the project calendar.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub enum ActivityProgress {
    /// Not started.
    #[default]
    NotStarted,
    /// Started at `actual_start`, with `remaining` working time left.
    Started {
        /// Actual start.
        actual_start: Duration,
        /// Remaining working time.
        remaining: Duration,
    },
    /// Finished: both dates are fixed.
    Finished {
        /// Actual start.
        actual_start: Duration,
        /// Actual finish.
        actual_finish: Duration,
    },
}

/// How in-progress activities treat their predecessors.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub enum ProgressMode {
    /// The remaining work of a started activity still waits for its
    /// predecessors (out-of-sequence progress keeps the logic). The default.
    #[default]
    RetainedLogic,
    /// The remaining work of a started activity continues from the status
    /// date regardless of its predecessors.
    ProgressOverride,
}

pub(crate) const FROM_FINISH: u8 = 1;
pub(crate) const TO_FINISH: u8 = 2;

/// A link in the topologically ordered adjacency: `node` is the position of
/// the other end, `kind` holds [`FROM_FINISH`] / [`TO_FINISH`].
#[derive(Clone, Copy, Debug)]
pub(crate) struct Edge {
    pub(crate) node: u32,
    pub(crate) kind: u8,
    pub(crate) lag: i64,
}

pub(crate) fn kind_bits(kind: LinkKind) -> u8 {
    (if kind.from_finish() { FROM_FINISH } else { 0 })
        | (if kind.to_finish() { TO_FINISH } else { 0 })
}

// Activity flags.
pub(crate) const VIRTUAL: u8 = 1;
pub(crate) const FINISHED: u8 = 2;
pub(crate) const STARTED: u8 = 4;
pub(crate) const MUST_START: u8 = 8;
pub(crate) const MUST_FINISH: u8 = 16;
pub(crate) const ALAP: u8 = 32;

/// Sentinels for "no bound": far enough from `i64` limits that adding a
/// bounded duration cannot overflow.
pub(crate) const NO_LOWER: i64 = i64::MIN / 4;
pub(crate) const NO_UPPER: i64 = i64::MAX / 4;

/// The largest sum of durations, lags and constraint offsets a network may
/// hold, so the kernel's arithmetic never overflows.
const TOTAL_LIMIT: u128 = 1 << 60;

/// How time is counted in a network.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum TimeModel {
    /// No calendar: offsets are abstract working minutes; no dates.
    Abstract,
    /// Every activity on one calendar: time is its working minutes.
    Single {
        origin: NaiveDateTime,
        calendar: Box<Calendar>,
    },
    /// Several calendars: time is elapsed minutes since `origin`;
    /// `calendars[0]` is the project calendar.
    Multi {
        origin: NaiveDateTime,
        calendars: Vec<Calendar>,
    },
}

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
        let n = self.specs.len();
        // Bound the arithmetic once so the kernel needs no overflow checks.
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

        // Successors by id (CSR, link order), then Kahn's algorithm with a
        // FIFO seeded in id order: deterministic, and layered networks keep
        // their layers together (good locality for the passes).
        let mut out_deg = vec![0u32; n + 1];
        let mut in_deg = vec![0u32; n];
        for &(f, t, _, _) in &self.links {
            out_deg[f as usize] += 1;
            in_deg[t as usize] += 1;
        }
        let mut succ_start = vec![0u32; n + 1];
        for i in 0..n {
            succ_start[i + 1] = succ_start[i] + out_deg[i];
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
            return Err(self.cycle_error(&remaining));
        }
        let mut pos = vec![0u32; n];
        for (p, &id) in order.iter().enumerate() {
            pos[id as usize] = p as u32;
        }

        // Time model.
        let multi = self.specs.iter().any(|s| s.calendar != 0);
        let time = match (self.origin, self.calendars.first()) {
            (Some(origin), Some(cal)) if !multi => TimeModel::Single {
                origin,
                calendar: Box::new(cal.clone()),
            },
            (Some(origin), Some(_)) => TimeModel::Multi {
                origin,
                calendars: self.calendars.clone(),
            },
            _ => TimeModel::Abstract,
        };
        let conv = Converter { time: &time };

        // Per-position activity data.
        let mut dur = vec![0i64; n];
        let mut cal = vec![0u32; n];
        let mut es_lo = vec![0i64; n];
        let mut ef_lo = vec![NO_LOWER; n];
        let mut ls_hi = vec![NO_UPPER; n];
        let mut lf_hi = vec![NO_UPPER; n];
        let mut flags = vec![0u8; n];
        let status = match self.status_date {
            Some(s) => Some(conv.start(s)?),
            None => None,
        };
        let project_start = conv.start(0)?;
        for (id, s) in self.specs.iter().enumerate() {
            let p = pos[id] as usize;
            dur[p] = s.duration;
            cal[p] = s.calendar;
            es_lo[p] = project_start;
            if s.virtual_node {
                flags[p] |= VIRTUAL;
            }
            match s.progress {
                ActivityProgress::Finished {
                    actual_start,
                    actual_finish,
                } => {
                    flags[p] |= FINISHED;
                    es_lo[p] = conv.start(actual_start.as_minutes())?;
                    ef_lo[p] = conv.finish(actual_finish.as_minutes())?.max(es_lo[p]);
                    continue;
                }
                ActivityProgress::Started {
                    actual_start,
                    remaining,
                } => {
                    flags[p] |= STARTED;
                    es_lo[p] = conv.start(actual_start.as_minutes())?;
                    dur[p] = remaining.as_minutes();
                }
                ActivityProgress::NotStarted => {
                    if let Some(st) = status {
                        es_lo[p] = es_lo[p].max(st);
                    }
                }
            }
            let started = flags[p] & STARTED != 0;
            match s.constraint {
                ActivityConstraint::AsSoonAsPossible => {}
                ActivityConstraint::AsLateAsPossible => flags[p] |= ALAP,
                ActivityConstraint::StartNoEarlierThan(d) if !started => {
                    es_lo[p] = es_lo[p].max(conv.start(d.as_minutes())?)
                }
                ActivityConstraint::FinishNoEarlierThan(d) => {
                    ef_lo[p] = conv.finish(d.as_minutes())?
                }
                ActivityConstraint::StartNoLaterThan(d) if !started => {
                    ls_hi[p] = conv.start(d.as_minutes())?
                }
                ActivityConstraint::FinishNoLaterThan(d) => {
                    lf_hi[p] = conv.finish(d.as_minutes())?
                }
                ActivityConstraint::MustStartOn(d) if !started => {
                    flags[p] |= MUST_START;
                    es_lo[p] = conv.start(d.as_minutes())?;
                    ls_hi[p] = es_lo[p];
                }
                ActivityConstraint::MustFinishOn(d) => {
                    if !started {
                        flags[p] |= MUST_FINISH;
                    }
                    ef_lo[p] = conv.finish(d.as_minutes())?;
                    lf_hi[p] = ef_lo[p];
                }
                // Start constraints of a started activity no longer apply.
                _ => {}
            }
            if let Some(dl) = s.deadline {
                lf_hi[p] = lf_hi[p].min(conv.finish(dl)?);
            }
        }

        // Predecessor and successor adjacency by position.
        let m = self.links.len();
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
        let mut preds = vec![blank; m];
        let mut succs = vec![blank; m];
        let mut succ_link = vec![0u32; m];
        let mut pf = pred_off.clone();
        let mut sf = succ_off.clone();
        // Fill in position order of the other end so each list is ordered
        // by topological position (deterministic, cache-friendly).
        for &p_from in &order {
            let from = p_from as usize;
            for &li in &succ_by_id[succ_start[from] as usize..succ_start[from + 1] as usize] {
                let (f, t, kind, lag) = self.links[li as usize];
                let (pf_, pt) = (pos[f as usize], pos[t as usize]);
                let bits = kind_bits(kind);
                let k = pf[pt as usize] as usize;
                preds[k] = Edge {
                    node: pf_,
                    kind: bits,
                    lag,
                };
                pf[pt as usize] += 1;
                let k = sf[pf_ as usize] as usize;
                succs[k] = Edge {
                    node: pt,
                    kind: bits,
                    lag,
                };
                succ_link[k] = li;
                sf[pf_ as usize] += 1;
            }
        }

        Ok(Network {
            keys: self.specs.iter().map(|s| s.key.clone()).collect(),
            durations: self.specs.iter().map(|s| s.duration).collect(),
            links: self.links,
            order,
            pos,
            dur,
            cal,
            es_lo,
            ef_lo,
            ls_hi,
            lf_hi,
            flags,
            pred_off,
            preds,
            succ_off,
            succs,
            succ_link,
            time,
            start: project_start,
            status,
            progress_mode: self.progress_mode,
        })
    }

    /// Names one cycle among the activities Kahn's algorithm could not order.
    fn cycle_error(&self, remaining: &[u32]) -> Error {
        use petgraph::graph::{DiGraph, NodeIndex};
        let stuck: Vec<u32> = (0..remaining.len() as u32)
            .filter(|&i| remaining[i as usize] > 0)
            .collect();
        let mut index = HashMap::with_capacity(stuck.len());
        let mut g: DiGraph<u32, ()> = DiGraph::with_capacity(stuck.len(), 0);
        for &i in &stuck {
            index.insert(i, g.add_node(i));
        }
        for &(f, t, _, _) in &self.links {
            if let (Some(&a), Some(&b)) = (index.get(&f), index.get(&t)) {
                g.add_edge(a, b, ());
            }
        }
        // The strongly connected component holding the smallest id, and the
        // shortest cycle through that id inside it (breadth-first search).
        let sccs = petgraph::algo::tarjan_scc(&g);
        let comp = sccs
            .iter()
            .filter(|c| c.len() > 1)
            .min_by_key(|c| c.iter().map(|n| g[*n]).min())
            .cloned()
            .unwrap_or_default();
        let in_comp: std::collections::HashSet<NodeIndex> = comp.iter().copied().collect();
        let Some(&start) = comp.iter().min_by_key(|n| g[**n]) else {
            return Error::Cycle { keys: Vec::new() };
        };
        let mut parent: HashMap<NodeIndex, NodeIndex> = HashMap::new();
        let mut queue = VecDeque::from([start]);
        let mut end = None;
        'search: while let Some(v) = queue.pop_front() {
            let mut next: Vec<NodeIndex> = g.neighbors(v).filter(|w| in_comp.contains(w)).collect();
            next.sort_by_key(|w| g[*w]);
            for w in next {
                if w == start {
                    end = Some(v);
                    break 'search;
                }
                if let std::collections::hash_map::Entry::Vacant(e) = parent.entry(w) {
                    e.insert(v);
                    queue.push_back(w);
                }
            }
        }
        let mut path = Vec::new();
        let mut cur = end;
        while let Some(v) = cur {
            path.push(v);
            cur = if v == start {
                None
            } else {
                parent.get(&v).copied()
            };
        }
        path.reverse();
        let mut keys: Vec<String> = path.iter().map(|v| self.display_key(g[*v])).collect();
        keys.push(self.display_key(g[start]));
        Error::Cycle { keys }
    }
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

pub(crate) fn display_key(key: &str, id: u32) -> String {
    if key.is_empty() {
        format!("#{id}")
    } else {
        key.to_owned()
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

/// A validated precedence network in topological order, ready for the
/// critical path method ([`Network::schedule`]).
///
/// Build one with [`NetworkBuilder`], [`Network::from_arrays`], or from a
/// project with [`crate::plan`]. The network owns compact arrays: activity
/// data and links ordered by topological position, so a forward or backward
/// pass reads memory almost sequentially.
#[derive(Clone, Debug)]
pub struct Network {
    // By id.
    pub(crate) keys: Vec<String>,
    pub(crate) durations: Vec<i64>,
    pub(crate) links: Vec<(u32, u32, LinkKind, i64)>,
    pub(crate) order: Vec<u32>,
    pub(crate) pos: Vec<u32>,
    // By topological position.
    pub(crate) dur: Vec<i64>,
    pub(crate) cal: Vec<u32>,
    pub(crate) es_lo: Vec<i64>,
    pub(crate) ef_lo: Vec<i64>,
    pub(crate) ls_hi: Vec<i64>,
    pub(crate) lf_hi: Vec<i64>,
    pub(crate) flags: Vec<u8>,
    pub(crate) pred_off: Vec<u32>,
    pub(crate) preds: Vec<Edge>,
    pub(crate) succ_off: Vec<u32>,
    pub(crate) succs: Vec<Edge>,
    pub(crate) succ_link: Vec<u32>,
    pub(crate) time: TimeModel,
    /// The project start in network time.
    pub(crate) start: i64,
    pub(crate) status: Option<i64>,
    pub(crate) progress_mode: ProgressMode,
}

impl Network {
    /// A builder.
    #[must_use]
    pub fn builder() -> NetworkBuilder {
        NetworkBuilder::new()
    }

    /// A network from arrays: activity `i` has `durations[i]`; each link is
    /// `(from, to, kind, lag)`. Activities have no keys (`#i` in messages).
    ///
    /// # Errors
    ///
    /// As [`NetworkBuilder::add_unnamed`], [`NetworkBuilder::add_link`] and
    /// [`NetworkBuilder::build`].
    ///
    /// # Complexity
    ///
    /// O(V + E).
    pub fn from_arrays(
        durations: &[Duration],
        links: &[(ActivityId, ActivityId, LinkKind, Duration)],
    ) -> Result<Network, Error> {
        let mut b = NetworkBuilder::with_capacity(durations.len(), links.len());
        for &d in durations {
            b.add_unnamed(d)?;
        }
        for &(f, t, k, lag) in links {
            b.add_link(f, t, k, lag)?;
        }
        b.build()
    }

    /// The number of activities.
    #[must_use]
    pub fn len(&self) -> usize {
        self.keys.len()
    }

    /// `true` for a network without activities.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }

    /// The number of links.
    #[must_use]
    pub fn link_count(&self) -> usize {
        self.links.len()
    }

    /// The key of an activity (`#id` when it has none).
    #[must_use]
    pub fn key(&self, id: ActivityId) -> Option<String> {
        self.keys.get(id.index()).map(|k| display_key(k, id.get()))
    }

    /// The planned duration of an activity.
    #[must_use]
    pub fn duration(&self, id: ActivityId) -> Option<Duration> {
        self.durations
            .get(id.index())
            .map(|&d| Duration::minutes(d))
    }

    /// The activities in topological order (every link goes forward).
    pub fn topological_order(&self) -> impl ExactSizeIterator<Item = ActivityId> + '_ {
        self.order.iter().map(|&i| ActivityId::new(i))
    }

    /// The links as `(from, to, kind, lag)`, in insertion order.
    pub fn links(
        &self,
    ) -> impl ExactSizeIterator<Item = (ActivityId, ActivityId, LinkKind, Duration)> + '_ {
        self.links.iter().map(|&(f, t, k, l)| {
            (
                ActivityId::new(f),
                ActivityId::new(t),
                k,
                Duration::minutes(l),
            )
        })
    }

    /// The origin and project calendar, when the network has dates.
    #[must_use]
    pub fn calendar(&self) -> Option<(NaiveDateTime, &Calendar)> {
        match &self.time {
            TimeModel::Abstract => None,
            TimeModel::Single { origin, calendar } => Some((*origin, calendar)),
            TimeModel::Multi { origin, calendars } => Some((*origin, &calendars[0])),
        }
    }

    pub(crate) fn is_virtual(&self, id: ActivityId) -> bool {
        self.flags[self.pos[id.index()] as usize] & VIRTUAL != 0
    }
}
