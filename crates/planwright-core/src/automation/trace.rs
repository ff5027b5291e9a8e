//! Events that trigger rules, and what a run reports: firings, effects,
//! notifications and the trace.

use core::fmt;

use crate::workflow::FieldValue;
use crate::{ItemId, StateId};

/// Something that happened on a board.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub enum Event {
    /// An item was created.
    ItemCreated {
        /// The item.
        item: ItemId,
    },
    /// An item changed state.
    StatusChanged {
        /// The item.
        item: ItemId,
        /// Previous state.
        from: StateId,
        /// New state.
        to: StateId,
    },
    /// A field changed.
    FieldChanged {
        /// The item.
        item: ItemId,
        /// The field (`tags`, `assignee` for those).
        field: String,
    },
    /// Time passed: due-date rules look at every item.
    Tick,
    /// A recurring occurrence was spawned as `item`.
    RecurringDue {
        /// The new item.
        item: ItemId,
    },
}

/// A notification intent for the application to deliver.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub struct Notification {
    /// Who.
    pub recipient: String,
    /// What.
    pub message: String,
    /// The rule that sent it.
    pub rule: String,
}

/// A concrete action, templates filled in.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub enum Effect {
    /// Move to a state.
    Transition(StateId),
    /// Assign.
    Assign(Option<String>),
    /// Set a field.
    SetField(String, FieldValue),
    /// Add a tag.
    AddTag(String),
    /// Remove a tag.
    RemoveTag(String),
    /// Create an item.
    FollowUp {
        /// Its key.
        key: String,
        /// Its title.
        title: String,
        /// Its tags.
        tags: Vec<String>,
    },
    /// Notify.
    Notify(Notification),
}

/// A rule firing for an item, with its effects.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub struct Firing {
    /// The rule.
    pub rule: String,
    /// The item.
    pub item: ItemId,
    /// What it does.
    pub effects: Vec<Effect>,
}

/// What happened to a firing when applied.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub enum Outcome {
    /// Every effect was applied.
    Applied,
    /// Some effects were refused by the board (the message says which and
    /// why); the others were applied.
    PartlyApplied(Vec<String>),
    /// Not run: the rule already fired in this chain.
    AlreadyFired,
    /// Not run: the chain reached the depth limit.
    DepthLimit,
}

/// One line of a [`Trace`].
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub struct TraceStep {
    /// 0 for rules fired by the original event, 1 for rules fired by their
    /// effects, and so on.
    pub depth: usize,
    /// The rule.
    pub rule: String,
    /// The item's key.
    pub item: String,
    /// The event, in words.
    pub event: String,
    /// The effects, in words.
    pub effects: Vec<String>,
    /// What happened.
    pub outcome: Outcome,
}

impl fmt::Display for TraceStep {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}{} on {} ({}): {}",
            "  ".repeat(self.depth),
            self.rule,
            self.item,
            self.event,
            self.effects.join("; ")
        )?;
        match &self.outcome {
            Outcome::Applied => Ok(()),
            Outcome::PartlyApplied(e) => write!(f, " [refused: {}]", e.join("; ")),
            Outcome::AlreadyFired => f.write_str(" [skipped: already fired in this chain]"),
            Outcome::DepthLimit => f.write_str(" [skipped: depth limit]"),
        }
    }
}

/// Everything a run did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub struct Trace {
    /// Every firing considered, in order.
    pub steps: Vec<TraceStep>,
    /// Notification intents.
    pub notifications: Vec<Notification>,
    /// Items created by follow-ups.
    pub created: Vec<ItemId>,
    /// `true` when the run stopped at
    /// [`Automation::MAX_STEPS`](crate::Automation::MAX_STEPS) steps with
    /// firings left (rules that keep triggering each other). What ran is
    /// applied and traced.
    pub truncated: bool,
}
