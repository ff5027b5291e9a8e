//! The error type of `planwright-risk`.

use chrono::NaiveDateTime;

use crate::register::RiskStatus;

/// Everything that can go wrong in `planwright-risk`.
///
/// Messages name the offending risk or action by its key; each variant's
/// documentation says how to fix it.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The domain model refused a value (e.g. an invalid key).
    #[error(transparent)]
    Core(#[from] planwright_core::Error),
    /// The scheduling engine refused the project or network.
    #[error(transparent)]
    Schedule(#[from] planwright_schedule::Error),
    /// No risk has this key or id. Fix: check the key.
    #[error("unknown risk `{risk}`")]
    UnknownRisk {
        /// The key or id looked up.
        risk: String,
    },
    /// Two risks (or two actions of a risk) share a key. Fix: use unique keys.
    #[error("duplicate key `{key}`")]
    DuplicateKey {
        /// The key.
        key: String,
    },
    /// A risk read from outside (deserialised) is in a state the register's
    /// methods could not have produced. Fix: correct the data, or rebuild
    /// the register through its methods.
    #[error("risk `{risk}` is inconsistent: {problem}")]
    InconsistentRisk {
        /// The risk.
        risk: String,
        /// What contradicts what.
        problem: &'static str,
    },
    /// The register already holds the most risks its ids can number.
    /// Fix: split the register.
    #[error("too many risks: the limit is {limit}")]
    TooManyRisks {
        /// The limit.
        limit: u64,
    },
    /// The lifecycle does not allow this move. Fix: follow the lifecycle
    /// (see [`RiskStatus`]), or reopen explicitly.
    #[error("risk `{risk}` cannot move from {from} to {to}")]
    TransitionNotAllowed {
        /// The risk.
        risk: String,
        /// Current status.
        from: RiskStatus,
        /// Requested status.
        to: RiskStatus,
    },
    /// A guarded move lacks what it needs (an assessment, a response, an
    /// owner). Fix: as the reason says.
    #[error("risk `{risk}` cannot move to {to}: {reason}")]
    GuardFailed {
        /// The risk.
        risk: String,
        /// Requested status.
        to: RiskStatus,
        /// What is missing.
        reason: &'static str,
    },
    /// A response strategy that does not fit the risk's kind (e.g. exploit
    /// for a threat). Fix: use a threat strategy for threats and an
    /// opportunity strategy for opportunities.
    #[error("risk `{risk}` is {kind}; strategy {strategy} is for the other kind")]
    StrategyMismatch {
        /// The risk.
        risk: String,
        /// Its kind.
        kind: &'static str,
        /// The rejected strategy.
        strategy: &'static str,
    },
    /// An assessment does not fit the scoring policy (level out of range,
    /// probability outside [0, 1], negative amount). Fix: as the reason says.
    #[error("assessment of `{risk}` is invalid: {reason}")]
    InvalidAssessment {
        /// The risk.
        risk: String,
        /// What is wrong.
        reason: String,
    },
    /// A scoring policy is malformed (no levels, unsorted thresholds, bands
    /// that do not cover the matrix). Fix: as the reason says.
    #[error("invalid scoring policy: {reason}")]
    InvalidPolicy {
        /// What is wrong.
        reason: String,
    },
    /// A change dated before the risk's last recorded change.
    /// Fix: pass the real `now`.
    #[error("`{risk}`: change at {at} is earlier than the last recorded change at {last}")]
    TimeWentBackwards {
        /// The risk.
        risk: String,
        /// The time passed.
        at: NaiveDateTime,
        /// The last recorded time.
        last: NaiveDateTime,
    },
    /// A duration distribution, risk event, correlation or simulation
    /// setting cannot be used (min > mode, a probability outside [0, 1], a
    /// correlation matrix that is not positive definite, ...). Fix: as the
    /// reason says.
    #[error("{item}: {reason}")]
    InvalidSimulation {
        /// The task, risk event or setting.
        item: String,
        /// What is wrong.
        reason: String,
    },
    /// A throughput history or forecast request cannot be used (no days, no
    /// throughput at all, an empty date window, a forecast that does not
    /// finish within its day limit). Fix: as the reason says.
    #[error("{item}: {reason}")]
    InvalidForecast {
        /// The history or setting.
        item: String,
        /// What is wrong.
        reason: String,
    },
    /// No such response or action on the risk. Fix: check the index or key.
    #[error("risk `{risk}` has no {what} `{key}`")]
    UnknownItem {
        /// The risk.
        risk: String,
        /// "response" or "action".
        what: &'static str,
        /// The index or key.
        key: String,
    },
}
