//! The error type of `planwright-schedule`.
//!
//! Conventions every variant follows: activities are numbered from 0, as
//! the API counts them, and shown by key when they have one (`#12` when they
//! do not); quantities carry their unit (working minutes for networks and
//! projects, periods for RCPSP instances); each variant means one thing.

use crate::rcpsp::Violation;

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
    /// An activity id that the network or instance did not issue (ids count
    /// from 0). Fix: use the ids the builder returned.
    #[error("unknown activity #{id}")]
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
    /// A duration, lag or date offset of a network (in working minutes) is
    /// negative where it may not be, beyond
    /// [`Duration::LIMIT`](planwright_core::Duration::LIMIT), or the
    /// network's durations and lags add up beyond what a schedule can hold.
    /// Fix: use realistic values.
    #[error("{what} of `{key}` is out of range ({minutes} working minutes)")]
    OutOfRange {
        /// The activity (or `network` for the total).
        key: String,
        /// Which quantity.
        what: &'static str,
        /// The value in working minutes.
        minutes: i64,
    },
    /// A duration or lag of an RCPSP instance (in periods) is beyond what
    /// the engine accepts ([`MAX_TIME`](crate::rcpsp::MAX_TIME)), or does
    /// not fit the model when a project is converted. Fix: use a coarser
    /// time unit or realistic values.
    #[error("{what} of `{key}` is {value} periods, beyond the limit of {limit}")]
    PeriodsOutOfRange {
        /// The activity (`#3`) or link (`#2 -> #5`).
        key: String,
        /// Which quantity.
        what: &'static str,
        /// The value in periods.
        value: i64,
        /// The largest magnitude accepted.
        limit: i64,
    },
    /// Reported progress contradicts itself (an actual finish before the
    /// actual start, a negative remaining duration). Fix: correct the
    /// actual dates.
    #[error("progress of `{key}` is inconsistent: {problem}")]
    InvalidProgress {
        /// The activity.
        key: String,
        /// What contradicts what.
        problem: &'static str,
    },
    /// A calendar was added to a network builder that has no project
    /// calendar. Fix: call
    /// [`NetworkBuilder::with_calendar`](crate::NetworkBuilder::with_calendar)
    /// first.
    #[error("calendar `{calendar}` added before the network has a project calendar")]
    NoProjectCalendar {
        /// The calendar's name.
        calendar: String,
    },
    /// An activity was put on a calendar index the builder never issued.
    /// Fix: use an index returned by
    /// [`NetworkBuilder::add_calendar`](crate::NetworkBuilder::add_calendar).
    #[error("activity `{key}`: unknown calendar index {index}")]
    UnknownCalendar {
        /// The activity.
        key: String,
        /// The index passed.
        index: u32,
    },
    /// A setting is outside its range (a probability above 1, zero
    /// activities for the generator, a non-positive time unit, ...).
    /// Fix: use a value in the stated range.
    #[error("{name} is {value}, expected {expected}")]
    InvalidParameter {
        /// The setting.
        name: &'static str,
        /// The rejected value, as written.
        value: String,
        /// The accepted range or values.
        expected: &'static str,
    },
    /// An input is larger than the engine can index or hold in bounded
    /// memory. Fix: split the input or use coarser units.
    #[error("too many {what}: the limit is {limit}")]
    TooLarge {
        /// What there are too many of.
        what: &'static str,
        /// The limit.
        limit: u64,
    },
    /// Leveling would have to look more than `limit` days past a task's
    /// start to place it: its calendar (or its resources' calendars) has
    /// almost no working time, or the task is longer than leveling spans.
    /// Memory and time of leveling stay bounded by this limit (20 years
    /// of days). Fix: give the calendar working time, or shorten the task.
    #[error(
        "leveling task `{key}` would span more than {limit} days; its calendar has too little working time for its duration"
    )]
    LevelingSpan {
        /// The task's key.
        key: String,
        /// The limit in days.
        limit: u64,
    },
    /// An activity needs more of a resource than the resource will ever
    /// offer, so no schedule exists. Fix: lower the demand or raise the
    /// capacity.
    #[error(
        "activity `{key}` needs {demand} of resource #{resource}, which offers only {capacity}"
    )]
    Infeasible {
        /// The activity (numbered from 0).
        activity: u32,
        /// Its key (a task key, or `#3` for an instance activity).
        key: String,
        /// The resource (numbered from 0).
        resource: u32,
        /// The demand.
        demand: u32,
        /// The capacity.
        capacity: u32,
    },
    /// An activity list names an activity twice. Fix: list each activity
    /// once.
    #[error("activity list: #{activity} appears twice")]
    RepeatedActivity {
        /// The activity (numbered from 0).
        activity: u32,
    },
    /// An activity list puts an activity before one of its predecessors.
    /// Fix: order the list topologically.
    #[error("activity list: #{activity} comes before its predecessor #{predecessor}")]
    ListOrder {
        /// The activity listed too early (numbered from 0).
        activity: u32,
        /// Its predecessor (numbered from 0).
        predecessor: u32,
    },
    /// A resource capacity profile is malformed. Fix: give at least one
    /// step, the first at time 0, times strictly increasing.
    #[error("resource profile: {problem}")]
    InvalidProfile {
        /// What is wrong.
        problem: &'static str,
    },
    /// A scheduler returned a schedule that [`verify`](crate::rcpsp::verify)
    /// rejects: a bug in that scheduler, reported by the harness.
    #[error("scheduler {scheduler} returned an infeasible schedule for {instance}: {violation}")]
    InfeasibleSchedule {
        /// The scheduler's name.
        scheduler: String,
        /// The instance's name.
        instance: String,
        /// The first violation found.
        violation: Violation,
    },
    /// A [`Plan`](crate::Plan) passed to an engine was not computed for the
    /// project passed with it, or with another status date. Fix: plan the
    /// project as it is now, with the status date the engine uses.
    #[error("the plan does not match the project: {problem}")]
    PlanMismatch {
        /// What differs.
        problem: &'static str,
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
