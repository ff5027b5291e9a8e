//! The error type of `planwright-schedule`.

/// Everything that can go wrong in `planwright-schedule`.
///
/// Messages name the offending activity by its key (`#12` for an activity
/// without one). Each variant's documentation says how to fix it.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The project or a calendar computation was refused by the domain model.
    #[error(transparent)]
    Core(#[from] planwright_core::Error),
    /// The dependency links form a cycle; `keys` lists the activities on one
    /// cycle in link order, the first repeated at the end. Fix: remove or
    /// reverse one of the links.
    #[error("dependency cycle: {}", keys.join(" -> "))]
    Cycle {
        /// Keys of the activities on the cycle, first repeated at the end.
        keys: Vec<String>,
    },
    /// An activity id that the network did not issue. Fix: use the ids the
    /// builder returned.
    #[error("unknown activity {id}")]
    UnknownActivity {
        /// The raw id.
        id: u32,
    },
    /// An activity linked to itself. Fix: remove the link.
    #[error("activity `{key}` cannot depend on itself")]
    SelfLink {
        /// The activity.
        key: String,
    },
    /// Two activities share a key. Fix: give each a unique key.
    #[error("duplicate activity key `{key}`")]
    DuplicateKey {
        /// The key.
        key: String,
    },
    /// A duration or lag is negative where it may not be, or beyond
    /// [`Duration::LIMIT`](planwright_core::Duration::LIMIT), or the network's
    /// durations and lags add up beyond what a schedule can hold.
    /// Fix: use realistic values.
    #[error("{what} of `{key}` is out of range ({minutes} minutes)")]
    OutOfRange {
        /// The activity (or `network` for the total).
        key: String,
        /// Which quantity.
        what: &'static str,
        /// The value in minutes.
        minutes: i64,
    },
    /// More activities or links than the engine can index (2^31).
    /// Fix: split the network.
    #[error("the network is too large: {what}")]
    TooLarge {
        /// What overflowed.
        what: &'static str,
    },
    /// An activity needs more of a resource than the resource will ever
    /// offer, so no schedule exists. Fix: lower the demand or raise the
    /// capacity.
    #[error(
        "activity {activity} needs {demand} of resource {resource}, which offers only {capacity}"
    )]
    Infeasible {
        /// The activity (numbered from 1).
        activity: u32,
        /// The resource (numbered from 1).
        resource: u32,
        /// The demand.
        demand: u32,
        /// The capacity.
        capacity: u32,
    },
    /// Instance text could not be read. Fix: as the message says.
    #[error(transparent)]
    Parse(#[from] crate::rcpsp::ParseError),
    /// A value cannot be expressed in the target format or model (e.g. a
    /// start-to-start link in a PSPLIB file). Fix: as the message says.
    #[error("cannot convert {what}: {reason}")]
    Unsupported {
        /// What was being converted.
        what: String,
        /// Why it cannot be.
        reason: &'static str,
    },
    /// An input slice has the wrong length (e.g. durations for a Monte Carlo
    /// pass). Fix: pass one value per activity.
    #[error("expected {expected} {what}, got {got}")]
    LengthMismatch {
        /// What was passed.
        what: &'static str,
        /// The number expected.
        expected: usize,
        /// The number passed.
        got: usize,
    },
}
