//! The parts of a project besides its tasks: stakeholders, scope, baselines.

use std::collections::BTreeMap;

use chrono::NaiveDateTime;

use crate::{Duration, Money, TaskId};

/// Influence or interest of a stakeholder.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub enum Level {
    /// Low.
    Low,
    /// Medium.
    #[default]
    Medium,
    /// High.
    High,
}

/// A person or group with a stake in the project.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub struct Stakeholder {
    /// Unique key within the project.
    pub key: String,
    /// Role, e.g. "sponsor".
    pub role: String,
    /// Power over the project.
    pub influence: Level,
    /// Interest in the outcome.
    pub interest: Level,
}

impl Stakeholder {
    /// A stakeholder with a role, medium influence and interest.
    #[must_use]
    pub fn new(key: impl Into<String>, role: impl Into<String>) -> Self {
        Stakeholder {
            key: key.into(),
            role: role.into(),
            influence: Level::Medium,
            interest: Level::Medium,
        }
    }

    /// Sets influence and interest (the power/interest grid).
    #[must_use]
    pub fn grid(mut self, influence: Level, interest: Level) -> Self {
        self.influence = influence;
        self.interest = interest;
        self
    }
}

/// What the project will and will not deliver.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub struct Scope {
    /// The scope statement.
    pub statement: String,
    /// Explicitly in scope.
    pub in_scope: Vec<String>,
    /// Explicitly out of scope.
    pub out_of_scope: Vec<String>,
    /// Deliverables.
    pub deliverables: Vec<String>,
}

impl Scope {
    /// A scope with a statement.
    #[must_use]
    pub fn new(statement: impl Into<String>) -> Self {
        Scope {
            statement: statement.into(),
            ..Scope::default()
        }
    }

    /// Adds an in-scope item.
    #[must_use]
    pub fn include(mut self, item: impl Into<String>) -> Self {
        self.in_scope.push(item.into());
        self
    }

    /// Adds an out-of-scope item.
    #[must_use]
    pub fn exclude(mut self, item: impl Into<String>) -> Self {
        self.out_of_scope.push(item.into());
        self
    }

    /// Adds a deliverable.
    #[must_use]
    pub fn deliverable(mut self, item: impl Into<String>) -> Self {
        self.deliverables.push(item.into());
        self
    }
}

/// Planned values of one task in a [`Baseline`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub struct BaselineEntry {
    /// Planned start.
    pub start: NaiveDateTime,
    /// Planned finish.
    pub finish: NaiveDateTime,
    /// Planned working duration.
    pub duration: Duration,
    /// Planned cost (budget at completion of the task).
    pub cost: Money,
}

impl BaselineEntry {
    /// A baseline entry.
    #[must_use]
    pub const fn new(
        start: NaiveDateTime,
        finish: NaiveDateTime,
        duration: Duration,
        cost: Money,
    ) -> Self {
        BaselineEntry {
            start,
            finish,
            duration,
            cost,
        }
    }
}

/// A snapshot of planned dates and costs, to measure progress against.
///
/// The scheduling crate builds one from a computed schedule; it can also be
/// filled by hand.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub struct Baseline {
    /// Unique name within the project, e.g. `"approved plan"`.
    pub name: String,
    /// When the snapshot was taken.
    pub taken_at: NaiveDateTime,
    /// Planned values per task.
    pub entries: BTreeMap<TaskId, BaselineEntry>,
}

impl Baseline {
    /// An empty baseline.
    #[must_use]
    pub fn new(name: impl Into<String>, taken_at: NaiveDateTime) -> Self {
        Baseline {
            name: name.into(),
            taken_at,
            entries: BTreeMap::new(),
        }
    }

    /// Adds or replaces a task's planned values.
    #[must_use]
    pub fn entry(mut self, task: TaskId, entry: BaselineEntry) -> Self {
        self.entries.insert(task, entry);
        self
    }

    /// Budget at completion: the sum of planned costs (saturating).
    #[must_use]
    pub fn budget_at_completion(&self) -> Money {
        self.entries
            .values()
            .fold(Money::ZERO, |acc, e| acc.saturating_add(e.cost))
    }
}
