//! Project lifecycle: the five process groups as phases, with gate criteria.

use core::fmt;
use std::collections::BTreeMap;

use chrono::NaiveDateTime;

use crate::Key;

/// A phase of the project lifecycle.
///
/// Allowed moves (anything else is refused):
///
/// | from | to |
/// |---|---|
/// | Initiation | Planning |
/// | Planning | Execution |
/// | Execution | Monitoring & Controlling, Planning (re-plan) |
/// | Monitoring & Controlling | Execution (corrective action), Planning (re-plan), Closing |
/// | Closing | — (close the project with [`Project::close`](crate::Project::close)) |
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub enum Phase {
    /// Define the project and get authorisation: charter, stakeholders.
    #[default]
    Initiation,
    /// Scope, schedule, budget, risks: the plan and its baseline.
    Planning,
    /// Do the work.
    Execution,
    /// Track, review and regulate progress; change control.
    MonitoringControlling,
    /// Accept deliverables, close contracts, record lessons.
    Closing,
}

impl Phase {
    /// All phases in order.
    pub const ALL: [Phase; 5] = [
        Phase::Initiation,
        Phase::Planning,
        Phase::Execution,
        Phase::MonitoringControlling,
        Phase::Closing,
    ];

    /// The phases this phase may move to.
    #[must_use]
    pub const fn next_phases(self) -> &'static [Phase] {
        match self {
            Phase::Initiation => &[Phase::Planning],
            Phase::Planning => &[Phase::Execution],
            Phase::Execution => &[Phase::MonitoringControlling, Phase::Planning],
            Phase::MonitoringControlling => &[Phase::Execution, Phase::Planning, Phase::Closing],
            Phase::Closing => &[],
        }
    }

    /// `true` when the lifecycle allows moving from `self` to `to`.
    #[must_use]
    pub fn can_move_to(self, to: Phase) -> bool {
        self.next_phases().contains(&to)
    }
}

impl fmt::Display for Phase {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Phase::Initiation => "Initiation",
            Phase::Planning => "Planning",
            Phase::Execution => "Execution",
            Phase::MonitoringControlling => "Monitoring & Controlling",
            Phase::Closing => "Closing",
        })
    }
}

/// When a gate criterion is checked.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub enum Gate {
    /// Before the project may enter the phase.
    Enter(Phase),
    /// Before the project may be closed.
    Close,
}

impl fmt::Display for Gate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Gate::Enter(p) => write!(f, "entering {p}"),
            Gate::Close => f.write_str("closing the project"),
        }
    }
}

/// How a gate criterion is decided.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub enum Check {
    /// Somebody signs it off ([`Project::sign_off`](crate::Project::sign_off)).
    Manual,
    /// The project lists at least one objective.
    HasObjectives,
    /// The project lists at least one stakeholder.
    HasStakeholders,
    /// The project has a scope statement.
    HasScope,
    /// The project has a budget.
    HasBudget,
    /// The project has at least one task.
    HasTasks,
    /// The project has at least one baseline.
    HasBaseline,
    /// Every task and milestone has an actual finish.
    AllWorkComplete,
}

/// A condition of a lifecycle gate.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub struct GateCriterion {
    /// Unique key, e.g. `charter-approved`.
    pub key: Key,
    /// The gate it guards.
    pub gate: Gate,
    /// What must be true, for people.
    pub description: String,
    /// How it is decided.
    pub check: Check,
}

impl GateCriterion {
    /// A criterion (its key is validated when added to a project).
    ///
    /// # Errors
    ///
    /// [`Error::InvalidKey`](crate::Error::InvalidKey) for a bad key.
    pub fn new(
        key: impl Into<String>,
        gate: Gate,
        check: Check,
        description: impl Into<String>,
    ) -> Result<Self, crate::Error> {
        Ok(GateCriterion {
            key: Key::for_entity(crate::error::Entity::Criterion, key)?,
            gate,
            description: description.into(),
            check,
        })
    }
}

/// A criterion that blocked a phase change.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub struct UnmetCriterion {
    /// The criterion's key.
    pub key: Key,
    /// Its description.
    pub description: String,
}

/// A recorded sign-off of a manual criterion.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub struct SignOff {
    /// When it was signed off.
    pub at: NaiveDateTime,
    /// Who signed it off.
    pub by: String,
}

/// A recorded phase change.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub struct PhaseChange {
    /// Previous phase.
    pub from: Phase,
    /// New phase.
    pub to: Phase,
    /// When.
    pub at: NaiveDateTime,
}

/// The lifecycle state of a project: current phase, gate criteria,
/// sign-offs and history. Owned by a [`Project`](crate::Project), which
/// evaluates the automatic checks against itself.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Lifecycle {
    pub(crate) phase: Phase,
    pub(crate) criteria: Vec<GateCriterion>,
    pub(crate) sign_offs: BTreeMap<Key, SignOff>,
    pub(crate) history: Vec<PhaseChange>,
    pub(crate) closed: Option<NaiveDateTime>,
}

impl Default for Lifecycle {
    fn default() -> Self {
        Lifecycle::standard()
    }
}

impl Lifecycle {
    /// The standard gates:
    ///
    /// | gate | criterion | check |
    /// |---|---|---|
    /// | entering Planning | `charter-approved` | manual |
    /// | entering Planning | `objectives-defined` | the project has objectives |
    /// | entering Planning | `stakeholders-identified` | the project has stakeholders |
    /// | entering Execution | `scope-defined` | the project has a scope statement |
    /// | entering Execution | `plan-baselined` | the project has a baseline |
    /// | entering Execution | `budget-approved` | the project has a budget |
    /// | entering Closing | `deliverables-accepted` | manual |
    /// | entering Closing | `work-complete` | every task has an actual finish |
    /// | closing the project | `lessons-recorded` | manual |
    #[must_use]
    pub fn standard() -> Self {
        let c = |key: &str, gate, check, description: &str| GateCriterion {
            key: Key::unchecked(key),
            gate,
            description: description.to_owned(),
            check,
        };
        let plan = Gate::Enter(Phase::Planning);
        let exec = Gate::Enter(Phase::Execution);
        let close = Gate::Enter(Phase::Closing);
        Lifecycle {
            phase: Phase::Initiation,
            criteria: vec![
                c(
                    "charter-approved",
                    plan,
                    Check::Manual,
                    "the project charter is approved",
                ),
                c(
                    "objectives-defined",
                    plan,
                    Check::HasObjectives,
                    "the objectives are written down",
                ),
                c(
                    "stakeholders-identified",
                    plan,
                    Check::HasStakeholders,
                    "the stakeholders are identified",
                ),
                c(
                    "scope-defined",
                    exec,
                    Check::HasScope,
                    "the scope statement is written",
                ),
                c(
                    "plan-baselined",
                    exec,
                    Check::HasBaseline,
                    "the plan is baselined",
                ),
                c(
                    "budget-approved",
                    exec,
                    Check::HasBudget,
                    "the budget is set",
                ),
                c(
                    "deliverables-accepted",
                    close,
                    Check::Manual,
                    "the deliverables are accepted",
                ),
                c(
                    "work-complete",
                    close,
                    Check::AllWorkComplete,
                    "every task is finished",
                ),
                c(
                    "lessons-recorded",
                    Gate::Close,
                    Check::Manual,
                    "the lessons learned are recorded",
                ),
            ],
            sign_offs: BTreeMap::new(),
            history: Vec::new(),
            closed: None,
        }
    }

    /// A lifecycle without any gate criteria.
    #[must_use]
    pub fn without_gates() -> Self {
        Lifecycle {
            criteria: Vec::new(),
            ..Lifecycle::standard()
        }
    }

    /// The current phase.
    #[must_use]
    pub fn phase(&self) -> Phase {
        self.phase
    }

    /// The gate criteria in definition order.
    #[must_use]
    pub fn criteria(&self) -> &[GateCriterion] {
        &self.criteria
    }

    /// The sign-offs of manual criteria.
    #[must_use]
    pub fn sign_offs(&self) -> &BTreeMap<Key, SignOff> {
        &self.sign_offs
    }

    /// Every phase change, oldest first.
    #[must_use]
    pub fn history(&self) -> &[PhaseChange] {
        &self.history
    }

    /// When the project was closed, if it was.
    #[must_use]
    pub fn closed(&self) -> Option<NaiveDateTime> {
        self.closed
    }

    /// The time of the last recorded lifecycle event.
    pub(crate) fn last_event(&self) -> Option<NaiveDateTime> {
        self.history.last().map(|c| c.at)
    }
}
