//! Ongoing work: workflows (states, transitions, WIP limits) and the
//! [`Board`] that holds work items and records every status change.
//!
//! - `mod.rs`: [`Workflow`]: states, categories, transitions, WIP limits;
//! - `item.rs`: [`WorkItem`], its fields and history, [`RecurringWork`];
//! - `board.rs`: [`Board`], the aggregate: items moving through the
//!   workflow, WIP lines.

mod board;
mod item;

pub use board::{Board, WipLine, WipStatus};
pub use item::{FieldValue, RecurringWork, StatusChange, WorkItem};

use crate::Entries;
use std::collections::BTreeSet;

use crate::error::Entity;
use crate::project::new_id;
use crate::{Error, Key, StateId};

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
    pub(super) name: String,
    pub(super) states: Vec<WorkflowState>,
    pub(super) transitions: BTreeSet<(StateId, StateId)>,
    pub(super) initial: StateId,
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
        if let Some(max) = wip.max {
            if wip.min > max {
                return Err(Error::InvalidWipLimit {
                    state: s.key.to_string(),
                    min: wip.min,
                    max,
                });
            }
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
    pub fn states(&self) -> Entries<'_, StateId, WorkflowState> {
        Entries::new(&self.states)
    }

    /// `true` when the workflow allows moving from `from` to `to`.
    #[must_use]
    pub fn allows(&self, from: StateId, to: StateId) -> bool {
        self.transitions.contains(&(from, to))
    }

    /// The allowed transitions, ordered.
    pub fn transitions(
        &self,
    ) -> core::iter::Copied<std::collections::btree_set::Iter<'_, (StateId, StateId)>> {
        self.transitions.iter().copied()
    }
}
