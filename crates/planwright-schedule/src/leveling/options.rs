//! The leveling modes and options.

use std::collections::BTreeMap;

use chrono::{NaiveDate, NaiveDateTime};
use planwright_core::{ResourceId, TaskId};

/// The two leveling modes.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
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
#[non_exhaustive]
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
    /// Status date for the underlying schedule (`None`: the project's);
    /// days before it are history and are neither leveled nor reported.
    pub status_date: Option<NaiveDateTime>,
    /// With delay: activity lists the search decodes (at least 1; 128 by
    /// default, which keeps small projects within 0.5 % of the optimum on
    /// average — see the README's leveling quality figures). Time grows
    /// linearly with it.
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
            budget: 128,
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

    /// Sets the seed of the with-delay search (same seed, same result).
    #[must_use]
    pub fn seed(mut self, seed: u64) -> Self {
        self.seed = seed;
        self
    }

    /// Turns smoothing on or off (within float).
    #[must_use]
    pub fn smooth(mut self, smooth: bool) -> Self {
        self.smooth = smooth;
        self
    }
}
