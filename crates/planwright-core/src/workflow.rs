//! Ongoing work: workflows (states, transitions, WIP limits) and the
//! [`Board`] that holds work items and records every status change.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{NaiveDate, NaiveDateTime, NaiveTime};

use crate::error::Entity;
use crate::project::new_id;
use crate::recurrence::Recurrence;
use crate::task::SkillRequirement;
use crate::{Calendar, Duration, Error, ItemId, Key, Priority, RecurringId, StateId};

/// The group a workflow state belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub enum StateCategory {
    /// Not started (backlog, ready).
    ToDo,
    /// Started, not finished (doing, review, blocked).
    InProgress,
    /// Finished (done, cancelled).
    Done,
}

/// A WIP limit: how many items a state may hold. The maximum is enforced on
/// every move; the minimum (a starvation signal) is reported by
/// [`Board::wip_report`].
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub struct WipLimit {
    /// Minimum number of items (0: none).
    pub min: u32,
    /// Maximum number of items (`None`: unlimited).
    pub max: Option<u32>,
}

impl WipLimit {
    /// No limit.
    pub const NONE: WipLimit = WipLimit { min: 0, max: None };

    /// At most `max` items.
    #[must_use]
    pub const fn max(max: u32) -> Self {
        WipLimit {
            min: 0,
            max: Some(max),
        }
    }

    /// Between `min` and `max` items.
    #[must_use]
    pub const fn between(min: u32, max: u32) -> Self {
        WipLimit {
            min,
            max: Some(max),
        }
    }
}

/// A state of a [`Workflow`].
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub struct WorkflowState {
    /// Unique key within the workflow, e.g. `"doing"`.
    pub key: Key,
    /// To-do, in progress or done.
    pub category: StateCategory,
    /// WIP limit.
    pub wip: WipLimit,
    /// `true` for a queue where work waits (e.g. "ready for review"); used by
    /// flow efficiency. Work in other in-progress states counts as active.
    pub waiting: bool,
}

/// A workflow: states grouped to-do / in progress / done, the allowed
/// transitions between them, WIP limits, and the initial state of new items.
///
/// # Example
///
/// ```
/// use planwright_core::{StateCategory, WipLimit, Workflow};
///
/// let mut wf = Workflow::new("support");
/// let open = wf.add_state("open", StateCategory::ToDo)?;
/// let doing = wf.add_state("doing", StateCategory::InProgress)?;
/// let done = wf.add_state("done", StateCategory::Done)?;
/// wf.set_wip(doing, WipLimit::max(3))?;
/// wf.allow(open, doing)?;
/// wf.allow(doing, done)?;
/// assert!(wf.allows(open, doing));
/// assert!(!wf.allows(open, done));
/// # Ok::<(), planwright_core::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(
    feature = "serde",
    serde(try_from = "WorkflowRepr", into = "WorkflowRepr")
)]
pub struct Workflow {
    name: String,
    states: Vec<WorkflowState>,
    transitions: BTreeSet<(StateId, StateId)>,
    initial: StateId,
}

#[cfg(feature = "serde")]
#[derive(serde::Serialize, serde::Deserialize)]
struct WorkflowRepr {
    name: String,
    states: Vec<WorkflowState>,
    transitions: Vec<(StateId, StateId)>,
    initial: StateId,
}

#[cfg(feature = "serde")]
impl From<Workflow> for WorkflowRepr {
    fn from(w: Workflow) -> Self {
        WorkflowRepr {
            name: w.name,
            states: w.states,
            transitions: w.transitions.into_iter().collect(),
            initial: w.initial,
        }
    }
}

#[cfg(feature = "serde")]
impl TryFrom<WorkflowRepr> for Workflow {
    type Error = Error;
    fn try_from(r: WorkflowRepr) -> Result<Self, Error> {
        let mut w = Workflow::new(r.name);
        for s in r.states {
            let id = w.add_state(s.key.as_str(), s.category)?;
            w.set_wip(id, s.wip)?;
            w.set_waiting(id, s.waiting)?;
        }
        for (a, b) in r.transitions {
            w.allow(a, b)?;
        }
        w.set_initial(r.initial)?;
        Ok(w)
    }
}

impl Workflow {
    /// An empty workflow; the first state added is the initial state.
    #[must_use]
    pub fn new(name: impl Into<String>) -> Self {
        Workflow {
            name: name.into(),
            states: Vec::new(),
            transitions: BTreeSet::new(),
            initial: StateId::new(0),
        }
    }

    /// A standard kanban workflow: `backlog` → `ready` → `doing` → `review` →
    /// `done`, with `review` → `doing` for rework, `cancelled` reachable from
    /// every open state, and `ready`/`backlog` back-moves.
    #[must_use]
    pub fn kanban() -> Self {
        let mut w = Workflow::new("kanban");
        let states = [
            ("backlog", StateCategory::ToDo, false),
            ("ready", StateCategory::ToDo, false),
            ("doing", StateCategory::InProgress, false),
            ("review", StateCategory::InProgress, false),
            ("done", StateCategory::Done, false),
            ("cancelled", StateCategory::Done, false),
        ];
        for (key, category, waiting) in states {
            w.states.push(WorkflowState {
                key: Key::unchecked(key),
                category,
                wip: WipLimit::NONE,
                waiting,
            });
        }
        let s = StateId::new;
        for (a, b) in [
            (0, 1),
            (1, 0),
            (1, 2),
            (2, 1),
            (2, 3),
            (3, 2),
            (3, 4),
            (0, 5),
            (1, 5),
            (2, 5),
            (3, 5),
        ] {
            w.transitions.insert((s(a), s(b)));
        }
        w
    }

    /// The workflow's name.
    #[must_use]
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Adds a state.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidKey`], [`Error::DuplicateKey`].
    pub fn add_state(
        &mut self,
        key: impl Into<String>,
        category: StateCategory,
    ) -> Result<StateId, Error> {
        let key = Key::for_entity(Entity::State, key)?;
        if self.state_id(key.as_str()).is_some() {
            return Err(Error::DuplicateKey {
                entity: Entity::State,
                key,
            });
        }
        let id = new_id(Entity::State, self.states.len(), StateId::from_index)?;
        self.states.push(WorkflowState {
            key,
            category,
            wip: WipLimit::NONE,
            waiting: false,
        });
        Ok(id)
    }

    fn state_mut(&mut self, id: StateId) -> Result<&mut WorkflowState, Error> {
        self.states.get_mut(id.index()).ok_or(Error::UnknownId {
            entity: Entity::State,
            id: id.get(),
        })
    }

    /// Sets a state's WIP limit.
    ///
    /// # Errors
    ///
    /// [`Error::UnknownId`]; [`Error::InvalidWipLimit`] when min > max.
    pub fn set_wip(&mut self, state: StateId, wip: WipLimit) -> Result<(), Error> {
        let s = self.state_mut(state)?;
        if let Some(max) = wip.max
            && wip.min > max
        {
            return Err(Error::InvalidWipLimit {
                state: s.key.to_string(),
                min: wip.min,
                max,
            });
        }
        s.wip = wip;
        Ok(())
    }

    /// Marks a state as a waiting queue (or not), for flow efficiency.
    ///
    /// # Errors
    ///
    /// [`Error::UnknownId`].
    pub fn set_waiting(&mut self, state: StateId, waiting: bool) -> Result<(), Error> {
        self.state_mut(state)?.waiting = waiting;
        Ok(())
    }

    /// Allows moving items from `from` to `to`.
    ///
    /// # Errors
    ///
    /// [`Error::UnknownId`] for an unknown state; [`Error::InvalidStructure`]
    /// for a transition from a state to itself.
    pub fn allow(&mut self, from: StateId, to: StateId) -> Result<(), Error> {
        let a = self.state(from)?;
        self.state(to)?;
        if from == to {
            return Err(Error::InvalidStructure {
                item: a.key.to_string(),
                reason: "a transition must change the state",
            });
        }
        self.transitions.insert((from, to));
        Ok(())
    }

    /// Allows moving from every listed state to every other listed state.
    ///
    /// # Errors
    ///
    /// As [`Workflow::allow`].
    pub fn allow_all(&mut self, states: &[StateId]) -> Result<(), Error> {
        for &a in states {
            for &b in states {
                if a != b {
                    self.allow(a, b)?;
                }
            }
        }
        Ok(())
    }

    /// Sets the state new items start in.
    ///
    /// # Errors
    ///
    /// [`Error::UnknownId`].
    pub fn set_initial(&mut self, state: StateId) -> Result<(), Error> {
        self.state(state)?;
        self.initial = state;
        Ok(())
    }

    /// The state new items start in.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidStructure`] when the workflow has no states.
    pub fn initial(&self) -> Result<StateId, Error> {
        if self.states.is_empty() {
            return Err(Error::InvalidStructure {
                item: self.name.clone(),
                reason: "the workflow has no states",
            });
        }
        Ok(self.initial)
    }

    /// The state with this id.
    ///
    /// # Errors
    ///
    /// [`Error::UnknownId`].
    pub fn state(&self, id: StateId) -> Result<&WorkflowState, Error> {
        self.states.get(id.index()).ok_or(Error::UnknownId {
            entity: Entity::State,
            id: id.get(),
        })
    }

    /// The id of the state with key `key`.
    #[must_use]
    pub fn state_id(&self, key: &str) -> Option<StateId> {
        self.states
            .iter()
            .position(|s| s.key == key)
            .and_then(StateId::from_index)
    }

    /// All states with their ids.
    pub fn states(&self) -> impl ExactSizeIterator<Item = (StateId, &WorkflowState)> {
        self.states
            .iter()
            .enumerate()
            .map(|(i, s)| (StateId::new(i as u32), s))
    }

    /// `true` when the workflow allows moving from `from` to `to`.
    #[must_use]
    pub fn allows(&self, from: StateId, to: StateId) -> bool {
        self.transitions.contains(&(from, to))
    }

    /// The allowed transitions, ordered.
    pub fn transitions(&self) -> impl Iterator<Item = (StateId, StateId)> + '_ {
        self.transitions.iter().copied()
    }
}

/// A value of a custom field on a work item.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
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

/// A piece of ongoing work on a [`Board`].
///
/// Build one with [`WorkItem::new`] and the builder methods; the board sets
/// its state and history. Change it through the board so history and WIP
/// limits stay right.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct WorkItem {
    key: String,
    title: String,
    state: StateId,
    created: NaiveDateTime,
    priority: Priority,
    assignee: Option<String>,
    tags: BTreeSet<String>,
    due: Option<NaiveDateTime>,
    estimate: Option<Duration>,
    skills: Vec<SkillRequirement>,
    fields: BTreeMap<String, FieldValue>,
    recurring: Option<RecurringId>,
    history: Vec<StatusChange>,
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

    /// The title (the key when empty).
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

    /// The priority.
    #[must_use]
    pub fn priority_value(&self) -> Priority {
        self.priority
    }

    /// The assignee's key.
    #[must_use]
    pub fn assignee_key(&self) -> Option<&str> {
        self.assignee.as_deref()
    }

    /// The tags.
    #[must_use]
    pub fn tags(&self) -> &BTreeSet<String> {
        &self.tags
    }

    /// The due date.
    #[must_use]
    pub fn due_date(&self) -> Option<NaiveDateTime> {
        self.due
    }

    /// The estimated work.
    #[must_use]
    pub fn estimated(&self) -> Option<Duration> {
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

    fn last_change(&self) -> NaiveDateTime {
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

/// How full a state is against its WIP limit.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub enum WipStatus {
    /// Fewer items than the minimum.
    Starved,
    /// Within limits.
    Ok,
    /// At the maximum: no item may enter.
    Full,
}

/// A line of [`Board::wip_report`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub struct WipLine {
    /// The state.
    pub state: StateId,
    /// Items in it now.
    pub count: u32,
    /// Its limit.
    pub limit: WipLimit,
    /// The verdict.
    pub status: WipStatus,
}

/// A board of ongoing work: a [`Workflow`], its work items with full status
/// history, and recurring work.
///
/// Every change takes `now` from the caller and is refused when it would
/// break the workflow (a transition not allowed, a WIP maximum exceeded) or
/// reorder history (a time before the item's last change).
///
/// # Example
///
/// ```
/// use chrono::NaiveDate;
/// use planwright_core::{Board, WorkItem, Workflow};
///
/// let mut board = Board::new("ops", Workflow::kanban());
/// let t0 = NaiveDate::from_ymd_opt(2026, 11, 2).unwrap().and_hms_opt(9, 0, 0).unwrap();
/// let item = board.add_item(WorkItem::new("OPS-1").title("Rotate certificates"), t0)?;
/// board.move_item_to(item, "ready", t0)?;
/// board.move_item_to(item, "doing", t0 + chrono::Duration::hours(2))?;
/// // `doing` -> `done` skips review: the kanban workflow refuses it.
/// assert!(board.move_item_to(item, "done", t0 + chrono::Duration::hours(3)).is_err());
/// assert_eq!(board.item(item).unwrap().history().len(), 3);
/// # Ok::<(), planwright_core::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(try_from = "BoardRepr", into = "BoardRepr"))]
pub struct Board {
    name: String,
    workflow: Workflow,
    items: Vec<WorkItem>,
    recurring: Vec<RecurringWork>,
    item_keys: BTreeMap<String, ItemId>,
    counts: Vec<u32>,
}

#[cfg(feature = "serde")]
#[derive(serde::Serialize, serde::Deserialize)]
struct BoardRepr {
    name: String,
    workflow: Workflow,
    items: Vec<WorkItem>,
    #[serde(default)]
    recurring: Vec<RecurringWork>,
}

#[cfg(feature = "serde")]
impl From<Board> for BoardRepr {
    fn from(b: Board) -> Self {
        BoardRepr {
            name: b.name,
            workflow: b.workflow,
            items: b.items,
            recurring: b.recurring,
        }
    }
}

#[cfg(feature = "serde")]
impl TryFrom<BoardRepr> for Board {
    type Error = Error;

    /// Rebuilds the board, checking what the board maintains: unique keys,
    /// known states, ordered histories starting with the creation, state =
    /// last change, transitions allowed. WIP maxima are not re-checked: they
    /// may have been raised or lowered since.
    fn try_from(r: BoardRepr) -> Result<Self, Error> {
        let mut b = Board::new(r.name, r.workflow);
        for rec in r.recurring {
            rec.rule.validate(rec.key.as_str())?;
            b.add_recurring(rec)?;
        }
        for item in r.items {
            let key = Key::for_entity(Entity::Item, item.key.as_str())?;
            if b.item_keys.contains_key(key.as_str()) {
                return Err(Error::DuplicateKey {
                    entity: Entity::Item,
                    key,
                });
            }
            let bad = |reason| Error::InvalidStructure {
                item: item.key.clone(),
                reason,
            };
            let first = item
                .history
                .first()
                .ok_or_else(|| bad("the history is empty"))?;
            if first.from.is_some() || first.at != item.created {
                return Err(bad("the history must start with the creation"));
            }
            for w in item.history.windows(2) {
                if w[1].at < w[0].at {
                    return Err(bad("the history is not in time order"));
                }
                if w[1].from != Some(w[0].to) || !b.workflow.allows(w[0].to, w[1].to) {
                    return Err(bad(
                        "the history contains a transition the workflow does not allow",
                    ));
                }
            }
            for c in &item.history {
                b.workflow.state(c.to)?;
            }
            if item.history.last().map(|c| c.to) != Some(item.state) {
                return Err(bad("the state is not the last recorded change"));
            }
            if let Some(rid) = item.recurring
                && rid.index() >= b.recurring.len()
            {
                return Err(Error::UnknownId {
                    entity: Entity::Recurring,
                    id: rid.get(),
                });
            }
            let id = new_id(Entity::Item, b.items.len(), ItemId::from_index)?;
            b.counts[item.state.index()] += 1;
            b.item_keys.insert(item.key.clone(), id);
            b.items.push(item);
        }
        Ok(b)
    }
}

impl Board {
    /// An empty board with a workflow.
    #[must_use]
    pub fn new(name: impl Into<String>, workflow: Workflow) -> Self {
        let counts = vec![0; workflow.states.len()];
        Board {
            name: name.into(),
            workflow,
            items: Vec::new(),
            recurring: Vec::new(),
            item_keys: BTreeMap::new(),
            counts,
        }
    }

    /// The board's name.
    #[must_use]
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The workflow.
    #[must_use]
    pub fn workflow(&self) -> &Workflow {
        &self.workflow
    }

    /// Adds a work item in the workflow's initial state, created at `now`.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidKey`], [`Error::DuplicateKey`];
    /// [`Error::InvalidStructure`] for a workflow without states;
    /// [`Error::WipLimitExceeded`] when the initial state is full;
    /// [`Error::OutOfRange`] for a skill level outside 1–5;
    /// [`Error::NegativeDuration`] for a negative estimate.
    pub fn add_item(&mut self, item: WorkItem, now: NaiveDateTime) -> Result<ItemId, Error> {
        let initial = self.workflow.initial()?;
        self.insert_item(item, initial, now)
    }

    fn insert_item(
        &mut self,
        mut item: WorkItem,
        state: StateId,
        now: NaiveDateTime,
    ) -> Result<ItemId, Error> {
        let key = Key::for_entity(Entity::Item, item.key.as_str())?;
        if self.item_keys.contains_key(key.as_str()) {
            return Err(Error::DuplicateKey {
                entity: Entity::Item,
                key,
            });
        }
        if let Some(e) = item.estimate {
            e.check_non_negative(&item.key, "estimate")?;
        }
        for s in &item.skills {
            if !(1..=crate::task::MAX_SKILL_LEVEL).contains(&s.level) {
                return Err(Error::OutOfRange {
                    item: item.key.clone(),
                    what: "skill level",
                    value: i64::from(s.level),
                    min: 1,
                    max: i64::from(crate::task::MAX_SKILL_LEVEL),
                });
            }
        }
        self.check_room(&key, state)?;
        let id = new_id(Entity::Item, self.items.len(), ItemId::from_index)?;
        item.state = state;
        item.created = now;
        item.history = vec![StatusChange {
            from: None,
            to: state,
            at: now,
        }];
        self.counts[state.index()] += 1;
        self.item_keys.insert(item.key.clone(), id);
        self.items.push(item);
        Ok(id)
    }

    fn check_room(&self, item: &Key, state: StateId) -> Result<(), Error> {
        let s = self.workflow.state(state)?;
        if let Some(max) = s.wip.max
            && self.counts[state.index()] >= max
        {
            return Err(Error::WipLimitExceeded {
                item: item.clone(),
                state: s.key.clone(),
                limit: max,
            });
        }
        Ok(())
    }

    fn item_mut(&mut self, id: ItemId) -> Result<&mut WorkItem, Error> {
        self.items.get_mut(id.index()).ok_or(Error::UnknownId {
            entity: Entity::Item,
            id: id.get(),
        })
    }

    /// Moves an item to another state at `now` and records the change.
    ///
    /// # Errors
    ///
    /// [`Error::UnknownId`]; [`Error::TransitionNotAllowed`];
    /// [`Error::WipLimitExceeded`]; [`Error::TimeWentBackwards`] when `now` is
    /// before the item's last change.
    pub fn move_item(&mut self, id: ItemId, to: StateId, now: NaiveDateTime) -> Result<(), Error> {
        let item = self.item(id).ok_or(Error::UnknownId {
            entity: Entity::Item,
            id: id.get(),
        })?;
        let from = item.state;
        let to_state = self.workflow.state(to)?;
        let key = Key::unchecked(&item.key);
        if !self.workflow.allows(from, to) {
            return Err(Error::TransitionNotAllowed {
                item: key,
                from: self.workflow.state(from)?.key.clone(),
                to: to_state.key.clone(),
            });
        }
        let last = item.last_change();
        if now < last {
            return Err(Error::TimeWentBackwards {
                item: key.to_string(),
                at: now,
                last,
            });
        }
        self.check_room(&key, to)?;
        self.counts[from.index()] -= 1;
        self.counts[to.index()] += 1;
        let item = self.item_mut(id)?;
        item.state = to;
        item.history.push(StatusChange {
            from: Some(from),
            to,
            at: now,
        });
        Ok(())
    }

    /// Moves an item to the state with key `state`.
    ///
    /// # Errors
    ///
    /// [`Error::UnknownKey`] for an unknown state, then as [`Board::move_item`].
    pub fn move_item_to(
        &mut self,
        id: ItemId,
        state: &str,
        now: NaiveDateTime,
    ) -> Result<(), Error> {
        let to = self
            .workflow
            .state_id(state)
            .ok_or_else(|| Error::UnknownKey {
                entity: Entity::State,
                key: crate::key::truncate_for_message(state),
            })?;
        self.move_item(id, to, now)
    }

    /// Assigns (or with `None` unassigns) an item.
    ///
    /// # Errors
    ///
    /// [`Error::UnknownId`].
    pub fn set_assignee(&mut self, id: ItemId, person: Option<String>) -> Result<(), Error> {
        self.item_mut(id)?.assignee = person;
        Ok(())
    }

    /// Sets an item's priority.
    ///
    /// # Errors
    ///
    /// [`Error::UnknownId`].
    pub fn set_priority(&mut self, id: ItemId, priority: Priority) -> Result<(), Error> {
        self.item_mut(id)?.priority = priority;
        Ok(())
    }

    /// Sets (or clears) an item's due date.
    ///
    /// # Errors
    ///
    /// [`Error::UnknownId`].
    pub fn set_due(&mut self, id: ItemId, due: Option<NaiveDateTime>) -> Result<(), Error> {
        self.item_mut(id)?.due = due;
        Ok(())
    }

    /// Sets (or with `None` removes) a custom field.
    ///
    /// # Errors
    ///
    /// [`Error::UnknownId`]; [`Error::InvalidKey`] for a bad field name.
    pub fn set_field(
        &mut self,
        id: ItemId,
        name: &str,
        value: Option<FieldValue>,
    ) -> Result<(), Error> {
        let name = Key::for_entity(Entity::Field, name)?;
        let item = self.item_mut(id)?;
        match value {
            Some(v) => item.fields.insert(name.as_str().to_owned(), v),
            None => item.fields.remove(name.as_str()),
        };
        Ok(())
    }

    /// Adds a tag; returns `false` when the item already had it.
    ///
    /// # Errors
    ///
    /// [`Error::UnknownId`].
    pub fn add_tag(&mut self, id: ItemId, tag: &str) -> Result<bool, Error> {
        Ok(self.item_mut(id)?.tags.insert(tag.to_owned()))
    }

    /// Removes a tag; returns `false` when the item did not have it.
    ///
    /// # Errors
    ///
    /// [`Error::UnknownId`].
    pub fn remove_tag(&mut self, id: ItemId, tag: &str) -> Result<bool, Error> {
        Ok(self.item_mut(id)?.tags.remove(tag))
    }

    /// The item with this id.
    #[must_use]
    pub fn item(&self, id: ItemId) -> Option<&WorkItem> {
        self.items.get(id.index())
    }

    /// The id of the item with key `key`.
    #[must_use]
    pub fn item_id(&self, key: &str) -> Option<ItemId> {
        self.item_keys.get(key).copied()
    }

    /// All items with their ids, in id order.
    pub fn items(&self) -> impl ExactSizeIterator<Item = (ItemId, &WorkItem)> {
        self.items
            .iter()
            .enumerate()
            .map(|(i, it)| (ItemId::new(i as u32), it))
    }

    /// Items currently in `state`.
    #[must_use]
    pub fn count_in(&self, state: StateId) -> u32 {
        self.counts.get(state.index()).copied().unwrap_or(0)
    }

    /// Every state's count against its WIP limit, in state order.
    #[must_use]
    pub fn wip_report(&self) -> Vec<WipLine> {
        self.workflow
            .states()
            .map(|(id, s)| {
                let count = self.count_in(id);
                let status = if count < s.wip.min {
                    WipStatus::Starved
                } else if s.wip.max.is_some_and(|m| count >= m) {
                    WipStatus::Full
                } else {
                    WipStatus::Ok
                };
                WipLine {
                    state: id,
                    count,
                    limit: s.wip,
                    status,
                }
            })
            .collect()
    }

    /// Adds a recurring work template.
    ///
    /// # Errors
    ///
    /// [`Error::DuplicateKey`] when another template has the key.
    pub fn add_recurring(&mut self, work: RecurringWork) -> Result<RecurringId, Error> {
        if self.recurring.iter().any(|r| r.key == work.key) {
            return Err(Error::DuplicateKey {
                entity: Entity::Recurring,
                key: work.key,
            });
        }
        let id = new_id(
            Entity::Recurring,
            self.recurring.len(),
            RecurringId::from_index,
        )?;
        self.recurring.push(work);
        Ok(id)
    }

    /// The recurring templates with their ids.
    pub fn recurring(&self) -> impl ExactSizeIterator<Item = (RecurringId, &RecurringWork)> {
        self.recurring
            .iter()
            .enumerate()
            .map(|(i, r)| (RecurringId::new(i as u32), r))
    }

    /// Occurrences of every template from `from` to `to` (inclusive) that
    /// have not been spawned yet, as `(template, date)` in date then template
    /// order. Pure: nothing changes.
    ///
    /// # Errors
    ///
    /// As [`Recurrence::occurrences`].
    pub fn due_occurrences(
        &self,
        from: NaiveDate,
        to: NaiveDate,
        calendar: Option<&Calendar>,
    ) -> Result<Vec<(RecurringId, NaiveDate)>, Error> {
        let mut out = Vec::new();
        for (id, r) in self.recurring() {
            for date in r.rule.occurrences(r.key.as_str(), from, to, calendar)? {
                if !r.spawned.contains(&date) {
                    out.push((id, date));
                }
            }
        }
        out.sort_by_key(|&(id, d)| (d, id));
        Ok(out)
    }

    /// Creates a work item for every occurrence from `from` to `to` that has
    /// not been spawned yet, keyed `PREFIX-YYYY-MM-DD`, created at `now`.
    /// Returns the new items in date order.
    ///
    /// # Errors
    ///
    /// As [`Board::due_occurrences`] and [`Board::add_item`]; on error, items
    /// spawned before the failing one stay.
    pub fn spawn_recurring(
        &mut self,
        from: NaiveDate,
        to: NaiveDate,
        calendar: Option<&Calendar>,
        now: NaiveDateTime,
    ) -> Result<Vec<ItemId>, Error> {
        let due = self.due_occurrences(from, to, calendar)?;
        let mut created = Vec::with_capacity(due.len());
        for (rid, date) in due {
            let r = &self.recurring[rid.index()];
            let mut item = WorkItem::new(format!("{}-{date}", r.key)).title(r.title.clone());
            item.due = Some(date.and_time(r.due_time));
            item.tags = r.tags.clone();
            item.estimate = r.estimate;
            item.recurring = Some(rid);
            let id = self.add_item(item, now)?;
            self.recurring[rid.index()].spawned.insert(date);
            created.push(id);
        }
        Ok(created)
    }
}
