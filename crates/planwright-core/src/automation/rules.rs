//! The rule data: triggers, conditions, actions.

use crate::Priority;
use crate::workflow::{Board, FieldValue, WorkItem};

/// What starts a rule.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub enum Trigger {
    /// An item was created.
    ItemCreated,
    /// An item changed state; `None` matches any state.
    StatusChanged {
        /// Previous state key.
        from: Option<String>,
        /// New state key.
        to: Option<String>,
    },
    /// A field, tag set (`tags`) or assignee (`assignee`) changed.
    FieldChanged {
        /// The field's name.
        field: String,
    },
    /// On an [`Event::Tick`](crate::Event::Tick): an unfinished item is due within this many
    /// minutes of `now` (or overdue).
    DueWithin {
        /// The window in minutes.
        minutes: i64,
    },
    /// An item entered a state that is now at its WIP maximum.
    WipLimitReached {
        /// Only this state (`None`: any).
        state: Option<String>,
    },
    /// A recurring occurrence was spawned.
    RecurringDue {
        /// Only this template key (`None`: any).
        template: Option<String>,
    },
}

/// A comparison operator of a [`Condition::Field`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub enum CompareOp {
    /// Equal.
    Eq,
    /// Not equal.
    Ne,
    /// Less than.
    Lt,
    /// At most.
    Le,
    /// Greater than.
    Gt,
    /// At least.
    Ge,
    /// Text contains.
    Contains,
}

impl CompareOp {
    fn test(self, a: &FieldValue, b: &FieldValue) -> bool {
        use FieldValue::*;
        let ord = match (a, b) {
            (Text(x), Text(y)) if self == CompareOp::Contains => return x.contains(y.as_str()),
            (Text(x), Text(y)) => x.cmp(y),
            (Number(x), Number(y)) => x.cmp(y),
            (Flag(x), Flag(y)) => x.cmp(y),
            (Date(x), Date(y)) => x.cmp(y),
            _ => return self == CompareOp::Ne,
        };
        match self {
            CompareOp::Eq => ord.is_eq(),
            CompareOp::Ne => ord.is_ne(),
            CompareOp::Lt => ord.is_lt(),
            CompareOp::Le => ord.is_le(),
            CompareOp::Gt => ord.is_gt(),
            CompareOp::Ge => ord.is_ge(),
            CompareOp::Contains => false,
        }
    }
}

/// A condition on the item a rule fires for.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub enum Condition {
    /// Always true.
    Always,
    /// Every condition holds.
    All(Vec<Condition>),
    /// At least one holds.
    Any(Vec<Condition>),
    /// The condition does not hold.
    Not(Box<Condition>),
    /// A custom field compares to a value (a missing field only satisfies
    /// `Ne`).
    Field {
        /// Field name.
        name: String,
        /// Operator.
        op: CompareOp,
        /// Value.
        value: FieldValue,
    },
    /// The item has the tag.
    Tag(String),
    /// The item's priority compares to a value.
    Priority {
        /// Operator.
        op: CompareOp,
        /// Value, 0–1000.
        value: u16,
    },
    /// The item's assignee is this person (`None`: unassigned).
    Assignee(Option<String>),
    /// The item is in this state.
    State(String),
}

impl Condition {
    pub(super) fn holds(&self, item: &WorkItem, board: &Board) -> bool {
        match self {
            Condition::Always => true,
            Condition::All(v) => v.iter().all(|c| c.holds(item, board)),
            Condition::Any(v) => v.iter().any(|c| c.holds(item, board)),
            Condition::Not(c) => !c.holds(item, board),
            Condition::Field { name, op, value } => match item.fields().get(name) {
                Some(v) => op.test(v, value),
                None => *op == CompareOp::Ne,
            },
            Condition::Tag(t) => item.tags().contains(t),
            Condition::Priority { op, value } => op.test(
                &FieldValue::Number(i64::from(item.get_priority().value())),
                &FieldValue::Number(i64::from(*value)),
            ),
            Condition::Assignee(p) => item.get_assignee() == p.as_deref(),
            Condition::State(s) => board
                .workflow()
                .state(item.state())
                .is_ok_and(|st| st.key == s.as_str()),
        }
    }
}

/// Who receives a notification.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub enum Recipient {
    /// The item's assignee (skipped when unassigned).
    Assignee,
    /// A named person or channel.
    Person(String),
}

/// What a rule does. Text may use placeholders filled from the item:
/// `{key}`, `{title}`, `{state}`, `{assignee}`, `{priority}`, `{due}`,
/// `{rule}` and `{field.NAME}`.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub enum RuleAction {
    /// Move the item to a state.
    Transition {
        /// State key.
        to: String,
    },
    /// Assign (or unassign) the item.
    Assign {
        /// Person key.
        person: Option<String>,
    },
    /// Set a custom field.
    SetField {
        /// Field name.
        name: String,
        /// Value.
        value: FieldValue,
    },
    /// Add a tag.
    AddTag(String),
    /// Remove a tag.
    RemoveTag(String),
    /// Create a follow-up item keyed `{key}-{suffix}`.
    FollowUp {
        /// Key suffix.
        suffix: String,
        /// Title template.
        title: String,
        /// Tags of the new item.
        tags: Vec<String>,
    },
    /// Emit a notification intent (the application delivers it).
    Notify {
        /// Recipient.
        to: Recipient,
        /// Message template.
        message: String,
    },
}

/// An automation rule.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub struct Rule {
    /// Unique key.
    pub key: String,
    /// When it starts.
    pub trigger: Trigger,
    /// What must hold for the item.
    pub condition: Condition,
    /// What it does, in order.
    pub actions: Vec<RuleAction>,
}

impl Rule {
    /// A rule without conditions or actions yet.
    #[must_use]
    pub fn new(key: impl Into<String>, trigger: Trigger) -> Self {
        Rule {
            key: key.into(),
            trigger,
            condition: Condition::Always,
            actions: Vec::new(),
        }
    }

    /// Sets the condition.
    #[must_use]
    pub fn when(mut self, condition: Condition) -> Self {
        self.condition = condition;
        self
    }

    /// Adds an action.
    #[must_use]
    pub fn then(mut self, action: RuleAction) -> Self {
        self.actions.push(action);
        self
    }
}

/// Priority helper for conditions: `Condition::Priority { op: Ge, value }`.
#[must_use]
pub fn priority_at_least(p: Priority) -> Condition {
    Condition::Priority {
        op: CompareOp::Ge,
        value: p.value(),
    }
}
