//! Work items, their fields and history, and recurring work.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{NaiveDate, NaiveDateTime, NaiveTime};

use crate::error::Entity;
use crate::recurrence::Recurrence;
use crate::task::SkillRequirement;
use crate::{Duration, Error, Key, Priority, RecurringId, StateId};

/// A value of a custom field on a work item.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub enum FieldValue {
    /// Text.
    Text(String),
    /// Whole number.
    Number(i64),
    /// Yes / no.
    Flag(bool),
    /// Date and time.
    Date(NaiveDateTime),
}

impl core::fmt::Display for FieldValue {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self {
            FieldValue::Text(s) => f.write_str(s),
            FieldValue::Number(n) => write!(f, "{n}"),
            FieldValue::Flag(b) => write!(f, "{b}"),
            FieldValue::Date(d) => write!(f, "{d}"),
        }
    }
}

/// One recorded status change of a work item. The first entry of every
/// history is the creation (`from == None`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub struct StatusChange {
    /// Previous state (`None` at creation).
    pub from: Option<StateId>,
    /// New state.
    pub to: StateId,
    /// When.
    pub at: NaiveDateTime,
}

/// A piece of ongoing work on a [`Board`](crate::Board).
///
/// Build one with [`WorkItem::new`] and the builder methods; the board sets
/// its state and history. Change it through the board so history and WIP
/// limits stay right.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct WorkItem {
    pub(super) key: String,
    pub(super) title: String,
    pub(super) state: StateId,
    pub(super) created: NaiveDateTime,
    pub(super) priority: Priority,
    pub(super) assignee: Option<String>,
    pub(super) tags: BTreeSet<String>,
    pub(super) due: Option<NaiveDateTime>,
    pub(super) estimate: Option<Duration>,
    pub(super) skills: Vec<SkillRequirement>,
    pub(super) fields: BTreeMap<String, FieldValue>,
    pub(super) recurring: Option<RecurringId>,
    pub(super) history: Vec<StatusChange>,
}

impl WorkItem {
    /// A new work item with key `key` (validated when it is added to a board).
    #[must_use]
    pub fn new(key: impl Into<String>) -> Self {
        WorkItem {
            key: key.into(),
            title: String::new(),
            state: StateId::new(0),
            created: NaiveDateTime::default(),
            priority: Priority::NORMAL,
            assignee: None,
            tags: BTreeSet::new(),
            due: None,
            estimate: None,
            skills: Vec::new(),
            fields: BTreeMap::new(),
            recurring: None,
            history: Vec::new(),
        }
    }

    /// Sets the title.
    #[must_use]
    pub fn title(mut self, title: impl Into<String>) -> Self {
        self.title = title.into();
        self
    }

    /// Sets the priority.
    #[must_use]
    pub fn priority(mut self, priority: Priority) -> Self {
        self.priority = priority;
        self
    }

    /// Sets the assignee (a person's key).
    #[must_use]
    pub fn assignee(mut self, person: impl Into<String>) -> Self {
        self.assignee = Some(person.into());
        self
    }

    /// Adds a tag.
    #[must_use]
    pub fn tag(mut self, tag: impl Into<String>) -> Self {
        self.tags.insert(tag.into());
        self
    }

    /// Sets the due date.
    #[must_use]
    pub fn due(mut self, due: NaiveDateTime) -> Self {
        self.due = Some(due);
        self
    }

    /// Sets the estimated work.
    #[must_use]
    pub fn estimate(mut self, estimate: Duration) -> Self {
        self.estimate = Some(estimate);
        self
    }

    /// Requires a skill at a level (1–5).
    #[must_use]
    pub fn requires(mut self, skill: impl Into<String>, level: u8) -> Self {
        self.skills.push(SkillRequirement::new(skill, level));
        self
    }

    /// Sets a custom field.
    #[must_use]
    pub fn field(mut self, name: impl Into<String>, value: FieldValue) -> Self {
        self.fields.insert(name.into(), value);
        self
    }

    /// The key.
    #[must_use]
    pub fn key(&self) -> &str {
        &self.key
    }

    /// The title as written (set with [`WorkItem::title`]; may be empty).
    #[must_use]
    pub fn get_title(&self) -> &str {
        &self.title
    }

    /// The title to show: the title, or the key when it is empty.
    #[must_use]
    pub fn display_title(&self) -> &str {
        if self.title.is_empty() {
            &self.key
        } else {
            &self.title
        }
    }

    /// The current state: always the `to` of the last history entry.
    #[must_use]
    pub fn state(&self) -> StateId {
        self.state
    }

    /// When the item was created.
    #[must_use]
    pub fn created(&self) -> NaiveDateTime {
        self.created
    }

    /// The priority (set with [`WorkItem::priority`]).
    #[must_use]
    pub fn get_priority(&self) -> Priority {
        self.priority
    }

    /// The assignee's key (set with [`WorkItem::assignee`]).
    #[must_use]
    pub fn get_assignee(&self) -> Option<&str> {
        self.assignee.as_deref()
    }

    /// The tags.
    #[must_use]
    pub fn tags(&self) -> &BTreeSet<String> {
        &self.tags
    }

    /// The due date (set with [`WorkItem::due`]).
    #[must_use]
    pub fn get_due(&self) -> Option<NaiveDateTime> {
        self.due
    }

    /// The estimated work (set with [`WorkItem::estimate`]).
    #[must_use]
    pub fn get_estimate(&self) -> Option<Duration> {
        self.estimate
    }

    /// The skills the work needs.
    #[must_use]
    pub fn skills(&self) -> &[SkillRequirement] {
        &self.skills
    }

    /// Custom fields.
    #[must_use]
    pub fn fields(&self) -> &BTreeMap<String, FieldValue> {
        &self.fields
    }

    /// The recurring template that spawned the item, if any.
    #[must_use]
    pub fn recurring(&self) -> Option<RecurringId> {
        self.recurring
    }

    /// Every status change, oldest first, starting with the creation.
    #[must_use]
    pub fn history(&self) -> &[StatusChange] {
        &self.history
    }

    pub(super) fn last_change(&self) -> NaiveDateTime {
        self.history.last().map_or(self.created, |c| c.at)
    }
}

/// A template that spawns work items on a [`Recurrence`] (e.g. "weekly
/// backup check").
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub struct RecurringWork {
    /// Key prefix; spawned items get `PREFIX-YYYY-MM-DD`.
    pub key: Key,
    /// Title of spawned items.
    pub title: String,
    /// When occurrences fall.
    pub rule: Recurrence,
    /// Time of day an occurrence is due.
    pub due_time: NaiveTime,
    /// Tags copied to spawned items.
    pub tags: BTreeSet<String>,
    /// Estimated work of each occurrence.
    pub estimate: Option<Duration>,
    /// Dates already spawned, so nothing spawns twice.
    pub spawned: BTreeSet<NaiveDate>,
}

impl RecurringWork {
    /// A template due at 17:00 on each occurrence.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidKey`] for a bad key; [`Error::InvalidRecurrence`] for a
    /// bad rule.
    pub fn new(
        key: impl Into<String>,
        title: impl Into<String>,
        rule: Recurrence,
    ) -> Result<Self, Error> {
        let key = Key::for_entity(Entity::Recurring, key)?;
        rule.validate(key.as_str())?;
        Ok(RecurringWork {
            key,
            title: title.into(),
            rule,
            due_time: NaiveTime::from_hms_opt(17, 0, 0).unwrap_or(NaiveTime::MIN),
            tags: BTreeSet::new(),
            estimate: None,
            spawned: BTreeSet::new(),
        })
    }

    /// Adds a tag for spawned items.
    #[must_use]
    pub fn tag(mut self, tag: impl Into<String>) -> Self {
        self.tags.insert(tag.into());
        self
    }

    /// Sets the estimate of spawned items.
    #[must_use]
    pub fn estimate(mut self, estimate: Duration) -> Self {
        self.estimate = Some(estimate);
        self
    }
}
