//! The board: work items moving through a workflow.

use crate::Entries;
use std::collections::BTreeMap;

use chrono::{NaiveDate, NaiveDateTime};

use super::{FieldValue, RecurringWork, StatusChange, WipLimit, WorkItem, Workflow};
use crate::error::Entity;
use crate::project::new_id;
use crate::{Calendar, Error, ItemId, Key, Priority, RecurringId, StateId};

/// How full a state is against its WIP limit.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
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
            check_item_values(&item)?;
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
            if let Some(rid) = item.recurring {
                if rid.index() >= b.recurring.len() {
                    return Err(Error::UnknownId {
                        entity: Entity::Recurring,
                        id: rid.get(),
                    });
                }
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
        check_item_values(&item)?;
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
        if let Some(max) = s.wip.max {
            if self.counts[state.index()] >= max {
                return Err(Error::WipLimitExceeded {
                    item: item.clone(),
                    state: s.key.clone(),
                    limit: max,
                });
            }
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
    ///
    /// # Example
    ///
    /// ```
    /// use planwright_core::chrono::NaiveDate;
    /// use planwright_core::{Board, WorkItem, Workflow};
    ///
    /// let t0 = NaiveDate::from_ymd_opt(2026, 3, 2).unwrap().and_hms_opt(9, 0, 0).unwrap();
    /// let mut board = Board::new("ops", Workflow::kanban());
    /// let item = board.add_item(WorkItem::new("OPS-1"), t0)?;
    /// let ready = board.workflow().state_id("ready").unwrap();
    /// board.move_item(item, ready, t0 + planwright_core::chrono::Duration::hours(2))?;
    /// assert_eq!(board.item(item).unwrap().history().len(), 2); // created, moved
    /// # Ok::<(), planwright_core::Error>(())
    /// ```
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
    pub fn items(&self) -> Entries<'_, ItemId, WorkItem> {
        Entries::new(&self.items)
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
    pub fn recurring(&self) -> Entries<'_, RecurringId, RecurringWork> {
        Entries::new(&self.recurring)
    }

    /// Occurrences of every template from `from` to `to` (inclusive) that
    /// have not been spawned yet, as `(template, date)` in date then template
    /// order. Pure: nothing changes.
    ///
    /// # Errors
    ///
    /// As [`Recurrence::occurrences`](crate::Recurrence::occurrences).
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
    ///
    /// # Complexity
    ///
    /// O(occurrences in the window) plus the calendar look-ups.
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

/// The values an item must have however it arrives (added, or read back):
/// a non-negative estimate within the duration limit, skill levels 1 to 5.
fn check_item_values(item: &WorkItem) -> Result<(), Error> {
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
    Ok(())
}
