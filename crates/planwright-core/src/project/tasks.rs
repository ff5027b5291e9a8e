//! Tasks, links, stakeholders and baselines of a project: adding,
//! validating, looking up.

use crate::{Children, Entries, Money};
use std::collections::HashSet;

use super::{Baseline, Project, Stakeholder, new_id};
use crate::error::Entity;
use crate::task::MAX_SKILL_LEVEL;
use crate::{
    BaselineId, Duration, Error, Key, Link, LinkId, StakeholderId, Task, TaskId, TaskKind, Units,
};

impl Project {
    // ----- tasks -----------------------------------------------------------

    /// Adds a task, milestone or summary task.
    ///
    /// For a task with effort, the duration is derived: `effort / total
    /// units`, rounded up to a minute.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidKey`], [`Error::DuplicateKey`];
    /// [`Error::NegativeDuration`] / [`Error::DurationTooLarge`] for bad
    /// durations; [`Error::InvalidThreePoint`]; [`Error::InvalidProgress`];
    /// [`Error::ProgressAfterStatusDate`] for an actual date after the
    /// project's status date;
    /// [`Error::UnknownId`] for an unknown parent, resource or calendar;
    /// [`Error::InvalidStructure`] for a parent that is not a summary, a
    /// milestone with a duration, a summary with work, or a task with effort
    /// but no assignment; [`Error::OutOfRange`] for a skill level.
    pub fn add_task(&mut self, task: Task) -> Result<TaskId, Error> {
        let key = Key::for_entity(Entity::Task, task.key.as_str())?;
        if self.task_keys.contains_key(key.as_str()) {
            return Err(Error::DuplicateKey {
                entity: Entity::Task,
                key,
            });
        }
        let id = new_id(Entity::Task, self.tasks.len(), TaskId::from_index)?;
        let task = self.validate_task(id, task)?;
        self.task_keys.insert(task.key.clone(), id);
        self.tasks.push(task);
        Ok(id)
    }

    /// Changes a task and validates it again; on error nothing changes.
    ///
    /// # Errors
    ///
    /// As [`Project::add_task`]; [`Error::UnknownId`] for an unknown id;
    /// [`Error::InvalidStructure`] when the change would make the task its own
    /// ancestor, or turn a summary with children into a task.
    pub fn update_task(&mut self, id: TaskId, change: impl FnOnce(&mut Task)) -> Result<(), Error> {
        let old = self.tasks.get(id.index()).ok_or(Error::UnknownId {
            entity: Entity::Task,
            id: id.get(),
        })?;
        let mut new = old.clone();
        change(&mut new);
        if new.key != old.key {
            let key = Key::for_entity(Entity::Task, new.key.as_str())?;
            if self.task_keys.contains_key(key.as_str()) {
                return Err(Error::DuplicateKey {
                    entity: Entity::Task,
                    key,
                });
            }
        }
        if old.kind == TaskKind::Summary
            && new.kind != TaskKind::Summary
            && self.tasks.iter().any(|t| t.parent == Some(id))
        {
            return Err(Error::InvalidStructure {
                item: old.key.clone(),
                reason: "a summary task with children must stay a summary",
            });
        }
        let new = self.validate_task(id, new)?;
        let old_key = core::mem::take(&mut self.tasks[id.index()].key);
        self.task_keys.remove(&old_key);
        self.task_keys.insert(new.key.clone(), id);
        self.tasks[id.index()] = new;
        Ok(())
    }

    /// Validates a task that has or will have id `id`, deriving its duration
    /// from effort.
    fn validate_task(&self, id: TaskId, mut task: Task) -> Result<Task, Error> {
        let key = task.key.clone();
        task.duration.check_non_negative(&key, "duration")?;
        if let Some(tp) = &task.three_point {
            tp.validate(&key)?;
        }
        task.progress.validate(&key)?;
        if let Some(c) = task.calendar {
            self.check_calendar(c)?;
        }
        let mut seen = HashSet::new();
        for a in &task.assignments {
            if self.resource(a.resource).is_none() {
                return Err(Error::UnknownId {
                    entity: Entity::Resource,
                    id: a.resource.get(),
                });
            }
            if a.units == Units::ZERO {
                return Err(Error::OutOfRange {
                    item: key,
                    what: "assignment units (basis points)",
                    value: 0,
                    min: 1,
                    max: i64::from(u32::MAX),
                });
            }
            if let Some(w) = a.actual_work {
                w.check_non_negative(&key, "actual work")?;
            }
            if let Some(c) = a.actual_cost {
                if c < Money::ZERO {
                    return Err(Error::OutOfRange {
                        item: key,
                        what: "actual cost (minor units)",
                        value: c.minor_units(),
                        min: 0,
                        max: i64::MAX,
                    });
                }
            }
            if !seen.insert(a.resource) {
                return Err(Error::InvalidStructure {
                    item: key,
                    reason: "a resource is assigned twice; combine the units",
                });
            }
        }
        for s in &task.skills {
            Key::for_entity(Entity::Skill, s.skill.as_str())?;
            check_skill_level(&key, s.level)?;
        }
        let structure = |reason| {
            Err(Error::InvalidStructure {
                item: key.clone(),
                reason,
            })
        };
        match task.kind {
            TaskKind::Milestone => {
                if task.duration != Duration::ZERO || task.effort.is_some() {
                    return structure("a milestone has no duration or effort");
                }
            }
            TaskKind::Summary => {
                if !task.assignments.is_empty() || task.effort.is_some() {
                    return structure(
                        "a summary task takes its work from its children; assign resources to them",
                    );
                }
            }
            TaskKind::Task => {}
        }
        if let Some(effort) = task.effort {
            effort.check_non_negative(&key, "effort")?;
            let units = task.total_units().ok_or(Error::OutOfRange {
                item: key.clone(),
                what: "total assignment units",
                value: i64::MAX,
                min: 1,
                max: i64::from(u32::MAX),
            })?;
            if units == Units::ZERO {
                return structure("effort needs at least one assignment to derive a duration");
            }
            let bp = i128::from(units.basis_points());
            let minutes = (i128::from(effort.as_minutes()) * 10_000 + bp - 1) / bp;
            task.duration = Duration::minutes(i64::try_from(minutes).unwrap_or(i64::MAX))
                .check_non_negative(&key, "duration")?;
        }
        if let Some(parent) = task.parent {
            let p = self.tasks.get(parent.index()).ok_or(Error::UnknownId {
                entity: Entity::Task,
                id: parent.get(),
            })?;
            if p.kind != TaskKind::Summary {
                return structure("the parent is not a summary task");
            }
            // Walk up from the parent: reaching `id` would make a cycle. A
            // new task has no descendants and a task keeping its parent
            // cannot close a cycle, so only a changed parent is walked
            // (adding a deep WBS stays linear).
            let existing = self.tasks.get(id.index());
            let moved = existing.is_some_and(|t| t.parent != Some(parent));
            let mut cursor = if moved { Some(parent) } else { None };
            let mut steps = 0usize;
            while let Some(c) = cursor {
                if c == id || steps > self.tasks.len() {
                    return structure("a task cannot be its own ancestor");
                }
                cursor = self.tasks[c.index()].parent;
                steps += 1;
            }
        }
        if let Some(at) = self.status_date {
            super::check_progress_date(&task, at)?;
        }
        Ok(task)
    }

    /// Checks every parent link at once: the parent exists and is a summary
    /// task, and no task is its own ancestor. O(n) for n tasks (each task is
    /// walked once, colouring the ancestors it reaches).
    #[cfg_attr(not(feature = "serde"), allow(dead_code))]
    pub(super) fn check_hierarchy(&self) -> Result<(), Error> {
        let n = self.tasks.len();
        // 0: unvisited, 1: on the current walk, 2: known to reach a root.
        let mut state = vec![0u8; n];
        let mut walk = Vec::new();
        for start in 0..n {
            let mut cur = start;
            walk.clear();
            while state[cur] == 0 {
                state[cur] = 1;
                walk.push(cur);
                let t = &self.tasks[cur];
                let Some(p) = t.parent else { break };
                let structure = |reason| Error::InvalidStructure {
                    item: t.key.clone(),
                    reason,
                };
                let parent = self.tasks.get(p.index()).ok_or(Error::UnknownId {
                    entity: Entity::Task,
                    id: p.get(),
                })?;
                if parent.kind != TaskKind::Summary {
                    return Err(structure("the parent is not a summary task"));
                }
                cur = p.index();
                if state[cur] == 1 {
                    return Err(structure("a task cannot be its own ancestor"));
                }
            }
            for &w in &walk {
                state[w] = 2;
            }
        }
        Ok(())
    }

    /// The task with this id.
    #[must_use]
    pub fn task(&self, id: TaskId) -> Option<&Task> {
        self.tasks.get(id.index())
    }

    /// The id of the task with key `key`.
    #[must_use]
    pub fn task_id(&self, key: &str) -> Option<TaskId> {
        self.task_keys.get(key).copied()
    }

    /// The id of the task with key `key`, or an error naming the key.
    ///
    /// # Errors
    ///
    /// [`Error::UnknownKey`] when no task has the key.
    pub fn require_task(&self, key: &str) -> Result<TaskId, Error> {
        self.task_id(key).ok_or_else(|| Error::UnknownKey {
            entity: Entity::Task,
            key: crate::key::truncate_for_message(key),
        })
    }

    /// All tasks with their ids, in id order.
    pub fn tasks(&self) -> Entries<'_, TaskId, Task> {
        Entries::new(&self.tasks)
    }

    /// The number of tasks (including milestones and summaries).
    #[must_use]
    pub fn task_count(&self) -> usize {
        self.tasks.len()
    }

    /// The direct children of a summary task, in id order.
    ///
    /// # Complexity
    ///
    /// O(n) for n tasks over the whole iteration.
    pub fn children(&self, id: TaskId) -> Children<'_> {
        Children {
            tasks: self.tasks(),
            parent: id,
        }
    }

    /// WBS codes (`1`, `1.2`, `1.2.1`, ...) for every task, indexed by id:
    /// top-level tasks and children numbered in id order.
    ///
    /// # Complexity
    ///
    /// O(n) for n tasks.
    #[must_use]
    pub fn wbs_codes(&self) -> Vec<String> {
        let n = self.tasks.len();
        let mut children: Vec<Vec<usize>> = vec![Vec::new(); n];
        let mut roots = Vec::new();
        for (i, t) in self.tasks.iter().enumerate() {
            match t.parent {
                Some(p) => children[p.index()].push(i),
                None => roots.push(i),
            }
        }
        let mut codes = vec![String::new(); n];
        let mut stack: Vec<(usize, String)> = roots
            .iter()
            .enumerate()
            .rev()
            .map(|(k, &i)| (i, (k + 1).to_string()))
            .collect();
        while let Some((i, code)) = stack.pop() {
            for (k, &c) in children[i].iter().enumerate().rev() {
                stack.push((c, format!("{code}.{}", k + 1)));
            }
            codes[i] = code;
        }
        codes
    }

    // ----- links -----------------------------------------------------------

    /// Adds a dependency link.
    ///
    /// # Errors
    ///
    /// [`Error::UnknownId`] for a task this project did not issue,
    /// [`Error::SelfLink`], [`Error::DuplicateLink`] when the two tasks are
    /// already linked (either way round), [`Error::DurationTooLarge`] for a
    /// lag beyond [`Duration::LIMIT`].
    pub fn add_link(&mut self, link: Link) -> Result<LinkId, Error> {
        let from = self.task(link.from).ok_or(Error::UnknownId {
            entity: Entity::Task,
            id: link.from.get(),
        })?;
        let to = self.task(link.to).ok_or(Error::UnknownId {
            entity: Entity::Task,
            id: link.to.get(),
        })?;
        let from_key = Key::unchecked(&from.key);
        if link.from == link.to {
            return Err(Error::SelfLink { task: from_key });
        }
        if self.link_pairs.contains(&(link.from, link.to))
            || self.link_pairs.contains(&(link.to, link.from))
        {
            return Err(Error::DuplicateLink {
                from: from_key,
                to: Key::unchecked(&to.key),
            });
        }
        link.lag
            .check_limit(&format!("{} -> {}", from.key, to.key), "lag")?;
        let id = new_id(Entity::Link, self.links.len(), LinkId::from_index)?;
        self.link_pairs.insert((link.from, link.to));
        self.links.push(link);
        Ok(id)
    }

    /// Adds a link between two tasks given by key.
    ///
    /// # Errors
    ///
    /// [`Error::UnknownKey`] for an unknown key, then as [`Project::add_link`].
    pub fn link_keys(
        &mut self,
        from: &str,
        to: &str,
        kind: crate::LinkKind,
        lag: Duration,
    ) -> Result<LinkId, Error> {
        let from = self.require_task(from)?;
        let to = self.require_task(to)?;
        self.add_link(Link::new(from, to, kind).lag(lag))
    }

    /// The link with this id.
    #[must_use]
    pub fn link(&self, id: LinkId) -> Option<&Link> {
        self.links.get(id.index())
    }

    /// All links with their ids, in id order.
    pub fn links(&self) -> Entries<'_, LinkId, Link> {
        Entries::new(&self.links)
    }

    // ----- stakeholders and baselines --------------------------------------

    /// Adds a stakeholder.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidKey`], [`Error::DuplicateKey`].
    pub fn add_stakeholder(&mut self, stakeholder: Stakeholder) -> Result<StakeholderId, Error> {
        let key = Key::for_entity(Entity::Stakeholder, stakeholder.key.as_str())?;
        if self.stakeholder_keys.contains_key(key.as_str()) {
            return Err(Error::DuplicateKey {
                entity: Entity::Stakeholder,
                key,
            });
        }
        let id = new_id(
            Entity::Stakeholder,
            self.stakeholders.len(),
            StakeholderId::from_index,
        )?;
        self.stakeholder_keys.insert(stakeholder.key.clone(), id);
        self.stakeholders.push(stakeholder);
        Ok(id)
    }

    /// All stakeholders with their ids.
    pub fn stakeholders(&self) -> Entries<'_, StakeholderId, Stakeholder> {
        Entries::new(&self.stakeholders)
    }

    /// Adds a baseline.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidKey`] for a bad name, [`Error::DuplicateKey`] for a
    /// name in use, [`Error::UnknownId`] for an entry of an unknown task;
    /// [`Error::InvalidStructure`] for an entry finishing before it starts,
    /// [`Error::NegativeDuration`] / [`Error::OutOfRange`] for a negative
    /// duration or cost.
    pub fn add_baseline(&mut self, baseline: Baseline) -> Result<BaselineId, Error> {
        let key = Key::for_entity(Entity::Baseline, baseline.name.as_str())?;
        if self.baselines.iter().any(|b| b.name == baseline.name) {
            return Err(Error::DuplicateKey {
                entity: Entity::Baseline,
                key,
            });
        }
        if let Some(bad) = baseline.entries.keys().find(|t| self.task(**t).is_none()) {
            return Err(Error::UnknownId {
                entity: Entity::Task,
                id: bad.get(),
            });
        }
        for (task, e) in &baseline.entries {
            let item = || {
                format!(
                    "{} in baseline {}",
                    self.task(*task).map_or("?", |t| t.key.as_str()),
                    baseline.name
                )
            };
            if e.finish < e.start {
                return Err(Error::InvalidStructure {
                    item: item(),
                    reason: "the baseline entry finishes before it starts",
                });
            }
            e.duration
                .check_non_negative(&item(), "baseline duration")?;
            if e.cost.minor_units() < 0 {
                return Err(Error::OutOfRange {
                    item: item(),
                    what: "baseline cost (minor units)",
                    value: e.cost.minor_units(),
                    min: 0,
                    max: i64::MAX,
                });
            }
        }
        let id = new_id(
            Entity::Baseline,
            self.baselines.len(),
            BaselineId::from_index,
        )?;
        self.baselines.push(baseline);
        Ok(id)
    }

    /// The baseline with this id.
    ///
    /// # Complexity
    ///
    /// O(1).
    #[must_use]
    pub fn baseline(&self, id: BaselineId) -> Option<&Baseline> {
        self.baselines.get(id.index())
    }

    /// All baselines with their ids, oldest first.
    pub fn baselines(&self) -> Entries<'_, BaselineId, Baseline> {
        Entries::new(&self.baselines)
    }
}

pub(super) fn check_skill_level(item: &str, level: u8) -> Result<(), Error> {
    if (1..=MAX_SKILL_LEVEL).contains(&level) {
        Ok(())
    } else {
        Err(Error::OutOfRange {
            item: item.to_owned(),
            what: "skill level",
            value: i64::from(level),
            min: 1,
            max: i64::from(MAX_SKILL_LEVEL),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wbs_codes_follow_the_hierarchy() {
        let mut p = Project::new("p");
        let a = p.add_task(Task::summary("a")).unwrap();
        let a1 = p.add_task(Task::new("a1").parent(a)).unwrap();
        let b = p.add_task(Task::new("b")).unwrap();
        let a2 = p.add_task(Task::summary("a2").parent(a)).unwrap();
        let a21 = p.add_task(Task::milestone("a21").parent(a2)).unwrap();
        let codes = p.wbs_codes();
        assert_eq!(codes[a.index()], "1");
        assert_eq!(codes[a1.index()], "1.1");
        assert_eq!(codes[b.index()], "2");
        assert_eq!(codes[a2.index()], "1.2");
        assert_eq!(codes[a21.index()], "1.2.1");
    }

    #[test]
    fn update_rejects_ancestor_cycles_and_keeps_old_state() {
        let mut p = Project::new("p");
        let a = p.add_task(Task::summary("a")).unwrap();
        let b = p.add_task(Task::summary("b").parent(a)).unwrap();
        let err = p.update_task(a, |t| t.parent = Some(b)).unwrap_err();
        assert!(matches!(err, Error::InvalidStructure { .. }), "{err}");
        assert_eq!(p.task(a).unwrap().parent, None);
        let err = p.update_task(a, |t| t.kind = TaskKind::Task).unwrap_err();
        assert!(matches!(err, Error::InvalidStructure { .. }), "{err}");
    }
}
