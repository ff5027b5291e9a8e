//! The precedence network: activities, typed links, constraints, progress,
//! calendars; validated and laid out in topological order for the CPM
//! kernel.
//!
//! - `mod.rs`: the public activity types and [`Network`], the laid-out
//!   network;
//! - `builder.rs`: [`NetworkBuilder`], validation, and the layout in steps
//!   (bounds, topological order, time model, activity bounds, adjacency);

mod builder;

pub use builder::NetworkBuilder;

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
#[non_exhaustive]
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

pub(crate) fn display_key(key: &str, id: u32) -> String {
    if key.is_empty() {
        format!("#{id}")
    } else {
        key.to_owned()
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
    pub fn topological_order(&self) -> TopologicalOrder<'_> {
        TopologicalOrder {
            inner: self.order.iter(),
        }
    }

    /// The links as `(from, to, kind, lag)`, in insertion order.
    pub fn links(&self) -> Links<'_> {
        Links {
            inner: self.links.iter(),
        }
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

/// The activities of a [`Network`] in topological order
/// ([`Network::topological_order`]).
#[derive(Clone, Debug)]
pub struct TopologicalOrder<'a> {
    inner: core::slice::Iter<'a, u32>,
}

impl Iterator for TopologicalOrder<'_> {
    type Item = ActivityId;

    fn next(&mut self) -> Option<ActivityId> {
        self.inner.next().map(|&i| ActivityId::new(i))
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.inner.size_hint()
    }
}

impl DoubleEndedIterator for TopologicalOrder<'_> {
    fn next_back(&mut self) -> Option<ActivityId> {
        self.inner.next_back().map(|&i| ActivityId::new(i))
    }
}

impl ExactSizeIterator for TopologicalOrder<'_> {}

impl core::iter::FusedIterator for TopologicalOrder<'_> {}

/// The links of a [`Network`] as `(from, to, kind, lag)`, in insertion
/// order ([`Network::links`]).
#[derive(Clone, Debug)]
pub struct Links<'a> {
    inner: core::slice::Iter<'a, (u32, u32, LinkKind, i64)>,
}

impl Iterator for Links<'_> {
    type Item = (ActivityId, ActivityId, LinkKind, Duration);

    fn next(&mut self) -> Option<Self::Item> {
        self.inner.next().map(|&(f, t, k, l)| {
            (
                ActivityId::new(f),
                ActivityId::new(t),
                k,
                Duration::minutes(l),
            )
        })
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.inner.size_hint()
    }
}

impl ExactSizeIterator for Links<'_> {}

impl core::iter::FusedIterator for Links<'_> {}
