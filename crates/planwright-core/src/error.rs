//! The error type of `planwright-core`.

use core::fmt;

use chrono::NaiveDateTime;

use crate::key::KeyProblem;
use crate::lifecycle::{Phase, UnmetCriterion};
use crate::{Duration, Key};

/// What kind of thing an error is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[non_exhaustive]
pub enum Entity {
    /// A bare [`Key`](crate::Key).
    Key,
    /// A task, milestone or summary task.
    Task,
    /// A resource.
    Resource,
    /// A calendar.
    Calendar,
    /// A dependency link.
    Link,
    /// A baseline.
    Baseline,
    /// A stakeholder.
    Stakeholder,
    /// A lifecycle gate criterion.
    Criterion,
    /// A workflow state.
    State,
    /// A work item on a board.
    Item,
    /// A recurring work template.
    Recurring,
    /// A skill.
    Skill,
    /// A field of a work item.
    Field,
    /// An automation rule.
    Rule,
}

impl fmt::Display for Entity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Entity::Key => "key",
            Entity::Task => "task",
            Entity::Resource => "resource",
            Entity::Calendar => "calendar",
            Entity::Link => "link",
            Entity::Baseline => "baseline",
            Entity::Stakeholder => "stakeholder",
            Entity::Criterion => "gate criterion",
            Entity::State => "workflow state",
            Entity::Item => "work item",
            Entity::Recurring => "recurring work",
            Entity::Skill => "skill",
            Entity::Field => "field",
            Entity::Rule => "automation rule",
        })
    }
}

/// Everything that can go wrong in `planwright-core`.
///
/// Messages name the offending item by its key. Each variant's documentation
/// says how to fix it.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A key is empty, too long, padded or contains control characters.
    /// Fix: choose a key like `design` or `OPS-42`.
    #[error("invalid {} {key:?}: {problem}", key_label(*entity))]
    InvalidKey {
        /// What the key was for.
        entity: Entity,
        /// The rejected key (shortened when very long).
        key: String,
        /// Why it was rejected.
        problem: KeyProblem,
    },
    /// Two items of the same kind share a key in one container.
    /// Fix: give each item a unique key.
    #[error("duplicate {} `{key}`", key_label(*entity))]
    DuplicateKey {
        /// The kind of item.
        entity: Entity,
        /// The key used twice.
        key: Key,
    },
    /// No item of that kind has this key. Fix: check the spelling, or add the
    /// item first.
    #[error("unknown {entity} `{key}`")]
    UnknownKey {
        /// The kind of item looked up.
        entity: Entity,
        /// The key looked up.
        key: String,
    },
    /// The id was not issued by this container (it may come from another
    /// project or board). Fix: use ids returned by this container.
    #[error("unknown {entity} id {id}")]
    UnknownId {
        /// The kind of item looked up.
        entity: Entity,
        /// The raw id.
        id: u32,
    },
    /// A task was linked to itself. Fix: remove the link.
    #[error("task `{task}` cannot depend on itself")]
    SelfLink {
        /// The task.
        task: Key,
    },
    /// The same two tasks were linked twice. Fix: keep one link (its type and
    /// lag can express the relation).
    #[error("tasks `{from}` and `{to}` are already linked")]
    DuplicateLink {
        /// Predecessor.
        from: Key,
        /// Successor.
        to: Key,
    },
    /// A duration, effort or estimate that must not be negative is negative.
    /// Fix: use zero or a positive value; leads belong on links.
    #[error("{what} of `{item}` is negative ({value})")]
    NegativeDuration {
        /// The offending item.
        item: String,
        /// Which quantity ("duration", "effort", ...).
        what: &'static str,
        /// The rejected value.
        value: Duration,
    },
    /// A duration, lag or effort exceeds [`Duration::LIMIT`].
    /// Fix: use a realistic value.
    #[error("{what} of `{item}` is too large ({} working minutes, the limit is {})", value.as_minutes(), Duration::LIMIT.as_minutes())]
    DurationTooLarge {
        /// The offending item.
        item: String,
        /// Which quantity.
        what: &'static str,
        /// The rejected value.
        value: Duration,
    },
    /// A number is outside its allowed range (percent complete, priority,
    /// skill level, ...). Fix: use a value in the stated range.
    #[error("{what} of `{item}` is {value}, outside {min}..={max}")]
    OutOfRange {
        /// The offending item.
        item: String,
        /// Which quantity.
        what: &'static str,
        /// The rejected value.
        value: i64,
        /// Smallest allowed value.
        min: i64,
        /// Largest allowed value.
        max: i64,
    },
    /// A three-point estimate is not ordered optimistic ≤ most likely ≤
    /// pessimistic. Fix: reorder the three values.
    #[error(
        "three-point estimate of `{task}` must satisfy optimistic ({optimistic}) <= most likely ({most_likely}) <= pessimistic ({pessimistic})"
    )]
    InvalidThreePoint {
        /// The task.
        task: String,
        /// Optimistic value.
        optimistic: Duration,
        /// Most likely value.
        most_likely: Duration,
        /// Pessimistic value.
        pessimistic: Duration,
    },
    /// Actual dates and percent complete contradict each other.
    /// Fix: an actual finish needs an actual start no later than it, and 100 %
    /// complete goes with an actual finish.
    #[error("progress of `{task}` is inconsistent: {reason}")]
    InvalidProgress {
        /// The task.
        task: String,
        /// What contradicts what.
        reason: &'static str,
    },
    /// An item refers to a structure that cannot hold it (a parent that is not
    /// a summary task, a summary under itself, a milestone with work).
    /// Fix: as the reason says.
    #[error("invalid structure at `{item}`: {reason}")]
    InvalidStructure {
        /// The offending item.
        item: String,
        /// What is wrong.
        reason: &'static str,
    },
    /// A calendar's week has no working time, so no work could ever be done.
    /// Fix: give at least one weekday working hours.
    #[error("calendar `{calendar}` has no working time in its weekly pattern")]
    NoWorkingTime {
        /// The calendar.
        calendar: String,
    },
    /// A working interval is empty, reversed, beyond midnight or overlaps
    /// another. Fix: use `start < end <= 24:00`, sorted, not overlapping.
    #[error(
        "calendar `{calendar}`: invalid working interval {start_minute}..{end_minute} (minutes after midnight) on {day}"
    )]
    InvalidInterval {
        /// The calendar.
        calendar: String,
        /// The weekday or date.
        day: String,
        /// Start, in minutes after midnight.
        start_minute: u32,
        /// End, in minutes after midnight.
        end_minute: u32,
    },
    /// A date computation left chrono's supported range (about ±262,000
    /// years). Fix: use realistic dates and durations.
    #[error("date out of range while computing {context}")]
    DateOutOfRange {
        /// What was being computed.
        context: &'static str,
    },
    /// The workflow has no transition between the two states.
    /// Fix: move through an allowed state, or allow the transition.
    #[error("`{item}` cannot move from `{from}` to `{to}`: the workflow does not allow it")]
    TransitionNotAllowed {
        /// The work item.
        item: Key,
        /// Its current state.
        from: Key,
        /// The requested state.
        to: Key,
    },
    /// Moving the item would exceed the target state's WIP limit.
    /// Fix: finish work in that state first, or raise the limit.
    #[error("moving `{item}` to `{state}` would exceed its WIP limit of {limit}")]
    WipLimitExceeded {
        /// The work item.
        item: Key,
        /// The full state.
        state: Key,
        /// The maximum number of items in the state.
        limit: u32,
    },
    /// A WIP limit has a minimum above its maximum. Fix: swap them.
    #[error("workflow state `{state}` has a WIP minimum {min} above its maximum {max}")]
    InvalidWipLimit {
        /// The state.
        state: String,
        /// The minimum.
        min: u32,
        /// The maximum.
        max: u32,
    },
    /// A change is dated before the last recorded change of the same item, so
    /// the history would no longer be ordered. Fix: pass the real `now`.
    #[error("`{item}`: change at {at} is earlier than the last recorded change at {last}")]
    TimeWentBackwards {
        /// The item.
        item: String,
        /// The time passed.
        at: NaiveDateTime,
        /// The last recorded time.
        last: NaiveDateTime,
    },
    /// The lifecycle does not allow moving between these phases.
    /// Fix: go through the intermediate phases.
    #[error("the project cannot move from {from} to {to}")]
    PhaseTransitionNotAllowed {
        /// Current phase.
        from: Phase,
        /// Requested phase.
        to: Phase,
    },
    /// Gate criteria for the requested phase are not met; every unmet
    /// criterion is listed. Fix: meet or sign off each of them.
    #[error("the project cannot move from {from} to {to}: {} unmet gate criteria: {}", unmet.len(), list_unmet(unmet))]
    GateCriteriaUnmet {
        /// Current phase.
        from: Phase,
        /// Requested phase (or `Closing` when closing the project).
        to: Phase,
        /// Every unmet criterion, in definition order.
        unmet: Vec<UnmetCriterion>,
    },
    /// The project is closed and cannot change phase any more.
    /// Fix: none; create a new project or reopen explicitly.
    #[error("the project is closed")]
    ProjectClosed,
    /// A recurrence rule cannot produce occurrences as written.
    /// Fix: as the reason says.
    #[error("recurrence `{recurrence}`: {reason}")]
    InvalidRecurrence {
        /// The recurring work.
        recurrence: String,
        /// What is wrong.
        reason: &'static str,
    },
    /// A number or combination of inputs is not usable (a zero job size, a
    /// confidence outside [0, 1], a non-finite value, a decreasing
    /// planned-value curve, ...). Fix: as the reason says.
    #[error("{what} of `{item}` is invalid: {reason}")]
    InvalidInput {
        /// The offending item (work item, person, rule, series).
        item: String,
        /// Which input.
        what: &'static str,
        /// What is wrong.
        reason: String,
    },
    /// An item names a criterion the weighted-criteria model does not have,
    /// or lacks one it has. Fix: give every item exactly the model's
    /// criteria.
    #[error("`{item}`: criterion `{criterion}` {problem}")]
    CriterionMismatch {
        /// The work item.
        item: String,
        /// The criterion.
        criterion: String,
        /// "is unknown" or "is missing".
        problem: &'static str,
    },
    /// A task reports an actual start or finish after the project's status
    /// date: progress cannot be reported in the future. Fix: move the status
    /// date forward, or correct the actual date.
    #[error("`{task}` reports an actual date {actual} after the status date {status_date}")]
    ProgressAfterStatusDate {
        /// The task.
        task: String,
        /// The actual start or finish.
        actual: NaiveDateTime,
        /// The status date.
        status_date: NaiveDateTime,
    },
    /// Something a computation needs is not there (a status date, a
    /// baseline). Fix: set or add it first.
    #[error("`{item}` has no {what}")]
    Missing {
        /// The project or item.
        item: String,
        /// What is missing.
        what: &'static str,
    },
    /// A container already holds the most items its ids can number.
    /// Fix: split the data over several containers.
    #[error("too many {entity} items: the limit is {limit}")]
    TooMany {
        /// The kind of item.
        entity: Entity,
        /// The most items of that kind one container holds.
        limit: u64,
    },
    /// A sum or product of user values (a cost, a weight, an amount of
    /// work) left the range of its type. Fix: use realistic values.
    #[error("{what} of `{item}` overflows")]
    Overflow {
        /// The offending item.
        item: String,
        /// Which quantity.
        what: &'static str,
    },
    /// A time window ends before it starts. Fix: swap the bounds.
    #[error("window for {context} ends ({end}) before it starts ({start})")]
    InvalidWindow {
        /// What the window was for.
        context: &'static str,
        /// Start.
        start: NaiveDateTime,
        /// End.
        end: NaiveDateTime,
    },
}

/// "task key", "resource key", ... and plain "key" for a bare key (never
/// "key key").
fn key_label(entity: Entity) -> String {
    match entity {
        Entity::Key => "key".to_owned(),
        e => format!("{e} key"),
    }
}

fn list_unmet(unmet: &[UnmetCriterion]) -> String {
    unmet
        .iter()
        .map(|c| c.key.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}
