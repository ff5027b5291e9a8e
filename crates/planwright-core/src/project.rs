//! The [`Project`] aggregate: tasks, links, resources, calendars, baselines,
//! stakeholders, scope and lifecycle.

use std::collections::{BTreeMap, HashSet};

use chrono::{NaiveDate, NaiveDateTime};

use crate::error::Entity;
use crate::lifecycle::{
    Check, Gate, GateCriterion, Lifecycle, PhaseChange, SignOff, UnmetCriterion,
};
use crate::task::MAX_SKILL_LEVEL;
use crate::{
    BaselineId, Calendar, CalendarId, Duration, Error, Key, Link, LinkId, Money, Phase, Resource,
    ResourceId, StakeholderId, Task, TaskId, TaskKind, Units,
};

/// Influence or interest of a stakeholder.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub enum Level {
    /// Low.
    Low,
    /// Medium.
    #[default]
    Medium,
    /// High.
    High,
}

/// A person or group with a stake in the project.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub struct Stakeholder {
    /// Unique key within the project.
    pub key: String,
    /// Role, e.g. "sponsor".
    pub role: String,
    /// Power over the project.
    pub influence: Level,
    /// Interest in the outcome.
    pub interest: Level,
}

impl Stakeholder {
    /// A stakeholder with a role, medium influence and interest.
    #[must_use]
    pub fn new(key: impl Into<String>, role: impl Into<String>) -> Self {
        Stakeholder {
            key: key.into(),
            role: role.into(),
            influence: Level::Medium,
            interest: Level::Medium,
        }
    }

    /// Sets influence and interest (the power/interest grid).
    #[must_use]
    pub fn grid(mut self, influence: Level, interest: Level) -> Self {
        self.influence = influence;
        self.interest = interest;
        self
    }
}

/// What the project will and will not deliver.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub struct Scope {
    /// The scope statement.
    pub statement: String,
    /// Explicitly in scope.
    pub in_scope: Vec<String>,
    /// Explicitly out of scope.
    pub out_of_scope: Vec<String>,
    /// Deliverables.
    pub deliverables: Vec<String>,
}

impl Scope {
    /// A scope with a statement.
    #[must_use]
    pub fn new(statement: impl Into<String>) -> Self {
        Scope {
            statement: statement.into(),
            ..Scope::default()
        }
    }

    /// Adds an in-scope item.
    #[must_use]
    pub fn include(mut self, item: impl Into<String>) -> Self {
        self.in_scope.push(item.into());
        self
    }

    /// Adds an out-of-scope item.
    #[must_use]
    pub fn exclude(mut self, item: impl Into<String>) -> Self {
        self.out_of_scope.push(item.into());
        self
    }

    /// Adds a deliverable.
    #[must_use]
    pub fn deliverable(mut self, item: impl Into<String>) -> Self {
        self.deliverables.push(item.into());
        self
    }
}

/// Planned values of one task in a [`Baseline`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub struct BaselineEntry {
    /// Planned start.
    pub start: NaiveDateTime,
    /// Planned finish.
    pub finish: NaiveDateTime,
    /// Planned working duration.
    pub duration: Duration,
    /// Planned cost (budget at completion of the task).
    pub cost: Money,
}

impl BaselineEntry {
    /// A baseline entry.
    #[must_use]
    pub const fn new(
        start: NaiveDateTime,
        finish: NaiveDateTime,
        duration: Duration,
        cost: Money,
    ) -> Self {
        BaselineEntry {
            start,
            finish,
            duration,
            cost,
        }
    }
}

/// A snapshot of planned dates and costs, to measure progress against.
///
/// The scheduling crate builds one from a computed schedule; it can also be
/// filled by hand.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub struct Baseline {
    /// Unique name within the project, e.g. `"approved plan"`.
    pub name: String,
    /// When the snapshot was taken.
    pub taken_at: NaiveDateTime,
    /// Planned values per task.
    pub entries: BTreeMap<TaskId, BaselineEntry>,
}

impl Baseline {
    /// An empty baseline.
    #[must_use]
    pub fn new(name: impl Into<String>, taken_at: NaiveDateTime) -> Self {
        Baseline {
            name: name.into(),
            taken_at,
            entries: BTreeMap::new(),
        }
    }

    /// Adds or replaces a task's planned values.
    #[must_use]
    pub fn entry(mut self, task: TaskId, entry: BaselineEntry) -> Self {
        self.entries.insert(task, entry);
        self
    }

    /// Budget at completion: the sum of planned costs (saturating).
    #[must_use]
    pub fn budget_at_completion(&self) -> Money {
        self.entries
            .values()
            .fold(Money::ZERO, |acc, e| acc.saturating_add(e.cost))
    }
}

/// A project: a time-bound endeavour with objectives, scope, stakeholders, a
/// start, a budget, calendars, tasks, links, resources, baselines and a
/// lifecycle.
///
/// The project validates everything that enters it and issues dense typed ids
/// ([`TaskId`], [`ResourceId`], ...) in insertion order; ids are never reused.
/// Keys are unique per kind. The project starts with one calendar, the
/// standard calendar (id 0), as its project calendar.
///
/// # Example
///
/// ```
/// use planwright_core::{Duration, Link, Project, Task};
///
/// let mut project = Project::new("Website relaunch");
/// let design = project.add_task(Task::new("design").duration(Duration::days(3)))?;
/// let build = project.add_task(Task::new("build").duration(Duration::days(5)))?;
/// project.add_link(Link::finish_to_start(design, build))?;
/// assert!(project.add_link(Link::finish_to_start(build, build)).is_err());
/// assert_eq!(project.task_id("build"), Some(build));
/// # Ok::<(), planwright_core::Error>(())
/// ```
#[derive(Clone, Debug)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(
    feature = "serde",
    serde(try_from = "ProjectRepr", into = "ProjectRepr")
)]
pub struct Project {
    name: String,
    description: String,
    objectives: Vec<String>,
    scope: Scope,
    start: NaiveDateTime,
    budget: Option<Money>,
    calendar: CalendarId,
    calendars: Vec<Calendar>,
    resources: Vec<Resource>,
    tasks: Vec<Task>,
    links: Vec<Link>,
    baselines: Vec<Baseline>,
    stakeholders: Vec<Stakeholder>,
    lifecycle: Lifecycle,
    // Indexes, derived.
    task_keys: BTreeMap<String, TaskId>,
    resource_keys: BTreeMap<String, ResourceId>,
    calendar_keys: BTreeMap<String, CalendarId>,
    stakeholder_keys: BTreeMap<String, StakeholderId>,
    link_pairs: HashSet<(TaskId, TaskId)>,
}

impl PartialEq for Project {
    fn eq(&self, other: &Self) -> bool {
        // The indexes are derived from the data; comparing the data suffices.
        self.name == other.name
            && self.description == other.description
            && self.objectives == other.objectives
            && self.scope == other.scope
            && self.start == other.start
            && self.budget == other.budget
            && self.calendar == other.calendar
            && self.calendars == other.calendars
            && self.resources == other.resources
            && self.tasks == other.tasks
            && self.links == other.links
            && self.baselines == other.baselines
            && self.stakeholders == other.stakeholders
            && self.lifecycle == other.lifecycle
    }
}

impl Eq for Project {}

/// Midnight, 1 January 1970: the start of a project nobody gave a start.
fn default_start() -> NaiveDateTime {
    NaiveDate::from_ymd_opt(1970, 1, 1)
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .unwrap_or_default()
}

impl Project {
    /// An empty project with the standard calendar, the standard lifecycle
    /// gates, and a start at 1970-01-01 00:00 (set it with
    /// [`Project::set_start`]).
    #[must_use]
    pub fn new(name: impl Into<String>) -> Self {
        let mut project = Project {
            name: name.into(),
            description: String::new(),
            objectives: Vec::new(),
            scope: Scope::default(),
            start: default_start(),
            budget: None,
            calendar: CalendarId::new(0),
            calendars: Vec::new(),
            resources: Vec::new(),
            tasks: Vec::new(),
            links: Vec::new(),
            baselines: Vec::new(),
            stakeholders: Vec::new(),
            lifecycle: Lifecycle::standard(),
            task_keys: BTreeMap::new(),
            resource_keys: BTreeMap::new(),
            calendar_keys: BTreeMap::new(),
            stakeholder_keys: BTreeMap::new(),
            link_pairs: HashSet::new(),
        };
        project.calendars.push(Calendar::standard("Standard"));
        project
            .calendar_keys
            .insert("Standard".to_owned(), CalendarId::new(0));
        project
    }

    // ----- identity and general data -------------------------------------

    /// The project's name.
    #[must_use]
    pub fn name(&self) -> &str {
        &self.name
    }

    /// A description.
    #[must_use]
    pub fn description(&self) -> &str {
        &self.description
    }

    /// Sets the description.
    pub fn set_description(&mut self, description: impl Into<String>) {
        self.description = description.into();
    }

    /// The objectives.
    #[must_use]
    pub fn objectives(&self) -> &[String] {
        &self.objectives
    }

    /// Adds an objective.
    pub fn add_objective(&mut self, objective: impl Into<String>) {
        self.objectives.push(objective.into());
    }

    /// The scope.
    #[must_use]
    pub fn scope(&self) -> &Scope {
        &self.scope
    }

    /// Sets the scope.
    pub fn set_scope(&mut self, scope: Scope) {
        self.scope = scope;
    }

    /// The project start: the origin of every working-time offset.
    #[must_use]
    pub fn start(&self) -> NaiveDateTime {
        self.start
    }

    /// Sets the project start.
    pub fn set_start(&mut self, start: NaiveDateTime) {
        self.start = start;
    }

    /// The budget, if set.
    #[must_use]
    pub fn budget(&self) -> Option<Money> {
        self.budget
    }

    /// Sets the budget.
    pub fn set_budget(&mut self, budget: Money) {
        self.budget = Some(budget);
    }

    // ----- calendars -------------------------------------------------------

    /// Adds a calendar; its name is its key.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidKey`] for an invalid name, [`Error::DuplicateKey`] when
    /// the name is taken.
    pub fn add_calendar(&mut self, calendar: Calendar) -> Result<CalendarId, Error> {
        let key = Key::for_entity(Entity::Calendar, calendar.name())?;
        if self.calendar_keys.contains_key(key.as_str()) {
            return Err(Error::DuplicateKey {
                entity: Entity::Calendar,
                key,
            });
        }
        let id = new_id(
            Entity::Calendar,
            self.calendars.len(),
            CalendarId::from_index,
        )?;
        self.calendar_keys.insert(key.as_str().to_owned(), id);
        self.calendars.push(calendar);
        Ok(id)
    }

    /// The calendar with this id.
    #[must_use]
    pub fn calendar(&self, id: CalendarId) -> Option<&Calendar> {
        self.calendars.get(id.index())
    }

    /// The calendar with this id, to add holidays or exceptions.
    #[must_use]
    pub fn calendar_mut(&mut self, id: CalendarId) -> Option<&mut Calendar> {
        self.calendars.get_mut(id.index())
    }

    /// The id of the calendar named `name`.
    #[must_use]
    pub fn calendar_id(&self, name: &str) -> Option<CalendarId> {
        self.calendar_keys.get(name).copied()
    }

    /// All calendars with their ids.
    pub fn calendars(&self) -> impl ExactSizeIterator<Item = (CalendarId, &Calendar)> {
        self.calendars
            .iter()
            .enumerate()
            .map(|(i, c)| (CalendarId::new(i as u32), c))
    }

    /// The project calendar's id.
    #[must_use]
    pub fn calendar_id_of_project(&self) -> CalendarId {
        self.calendar
    }

    /// The project calendar.
    #[must_use]
    pub fn project_calendar(&self) -> &Calendar {
        // The id is validated on every change.
        &self.calendars[self.calendar.index()]
    }

    /// Makes `id` the project calendar.
    ///
    /// # Errors
    ///
    /// [`Error::UnknownId`] for an id this project did not issue.
    pub fn set_project_calendar(&mut self, id: CalendarId) -> Result<(), Error> {
        self.check_calendar(id)?;
        self.calendar = id;
        Ok(())
    }

    /// The id of the calendar a task works on — the one rule every engine
    /// uses (CPM, leveling, Monte Carlo, earned value):
    ///
    /// 1. the task's own calendar, when it has one;
    /// 2. else the calendar of its first assigned resource, when that
    ///    resource has one;
    /// 3. else the project calendar.
    ///
    /// # Example
    ///
    /// ```
    /// use planwright_core::{Calendar, Project, Resource, Task, Units};
    ///
    /// let mut p = Project::new("p");
    /// let part_time = p.add_calendar(Calendar::standard("part-time"))?;
    /// let ana = p.add_resource(Resource::person("ana").calendar(part_time))?;
    /// let t = p.add_task(Task::new("t").assign(ana, Units::FULL))?;
    /// assert_eq!(p.task_calendar_id(p.task(t).unwrap()), part_time);
    /// # Ok::<(), planwright_core::Error>(())
    /// ```
    #[must_use]
    pub fn task_calendar_id(&self, task: &Task) -> CalendarId {
        task.calendar
            .or_else(|| {
                task.assignments
                    .first()
                    .and_then(|a| self.resource(a.resource))
                    .and_then(|r| r.calendar)
            })
            .filter(|&c| self.calendar(c).is_some())
            .unwrap_or(self.calendar)
    }

    /// The calendar a task works on, by the rule of
    /// [`Project::task_calendar_id`].
    #[must_use]
    pub fn task_calendar(&self, task: &Task) -> &Calendar {
        self.calendar(self.task_calendar_id(task))
            .unwrap_or_else(|| self.project_calendar())
    }

    /// The id of the calendar a resource works on: its own, else the project
    /// calendar.
    #[must_use]
    pub fn resource_calendar_id(&self, resource: &Resource) -> CalendarId {
        resource
            .calendar
            .filter(|&c| self.calendar(c).is_some())
            .unwrap_or(self.calendar)
    }

    /// What a task costs at completion — the one cost rule every engine
    /// uses (baselines, Monte Carlo, earned value): its fixed cost plus, for
    /// each assignment, the resource's hourly rate × the task's duration ×
    /// the assignment's units. A milestone or summary task costs its fixed
    /// cost only.
    ///
    /// # Errors
    ///
    /// [`Error::Overflow`] naming the task when the sum leaves
    /// [`Money`]'s range; [`Error::UnknownId`] for an assignment to a
    /// resource this project did not issue.
    ///
    /// # Example
    ///
    /// ```
    /// use planwright_core::{Duration, Money, Project, Resource, Task, Units};
    ///
    /// let mut p = Project::new("p");
    /// let ana = p.add_resource(Resource::person("ana").rate(Money::major(50)))?;
    /// let t = p.add_task(
    ///     Task::new("t").duration(Duration::days(2)).assign(ana, Units::percent(50)).fixed_cost(Money::major(100)),
    /// )?;
    /// // 100 + 50/h × 16 h × 50 %
    /// assert_eq!(p.task_cost(p.task(t).unwrap())?, Money::major(500));
    /// # Ok::<(), planwright_core::Error>(())
    /// ```
    pub fn task_cost(&self, task: &Task) -> Result<Money, Error> {
        let overflow = || Error::Overflow {
            item: task.key.clone(),
            what: "cost",
        };
        let mut cost = task.fixed_cost;
        if task.is_summary() {
            return Ok(cost);
        }
        for a in &task.assignments {
            let rate = self
                .resource(a.resource)
                .ok_or(Error::UnknownId {
                    entity: Entity::Resource,
                    id: a.resource.get(),
                })?
                .rate;
            let work = rate.for_work(task.duration, a.units).ok_or_else(overflow)?;
            cost = cost.checked_add(work).ok_or_else(overflow)?;
        }
        Ok(cost)
    }

    /// The calendar a resource works on: its own, else the project calendar.
    #[must_use]
    pub fn resource_calendar(&self, resource: &Resource) -> &Calendar {
        self.calendar(self.resource_calendar_id(resource))
            .unwrap_or_else(|| self.project_calendar())
    }

    fn check_calendar(&self, id: CalendarId) -> Result<(), Error> {
        if id.index() < self.calendars.len() {
            Ok(())
        } else {
            Err(Error::UnknownId {
                entity: Entity::Calendar,
                id: id.get(),
            })
        }
    }

    // ----- resources -------------------------------------------------------

    /// Adds a resource.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidKey`], [`Error::DuplicateKey`]; [`Error::UnknownId`] for
    /// an unknown calendar; [`Error::OutOfRange`] for a skill level outside
    /// 1–5 or a zero capacity.
    pub fn add_resource(&mut self, resource: Resource) -> Result<ResourceId, Error> {
        let key = Key::for_entity(Entity::Resource, resource.key.as_str())?;
        if self.resource_keys.contains_key(key.as_str()) {
            return Err(Error::DuplicateKey {
                entity: Entity::Resource,
                key,
            });
        }
        self.validate_resource(&resource)?;
        let id = new_id(
            Entity::Resource,
            self.resources.len(),
            ResourceId::from_index,
        )?;
        self.resource_keys.insert(resource.key.clone(), id);
        self.resources.push(resource);
        Ok(id)
    }

    fn validate_resource(&self, r: &Resource) -> Result<(), Error> {
        if let Some(c) = r.calendar {
            self.check_calendar(c)?;
        }
        if r.capacity == Units::ZERO {
            return Err(Error::OutOfRange {
                item: r.key.clone(),
                what: "capacity (basis points)",
                value: 0,
                min: 1,
                max: i64::from(u32::MAX),
            });
        }
        for (skill, &level) in &r.skills {
            Key::for_entity(Entity::Skill, skill.as_str())?;
            check_skill_level(&r.key, level)?;
        }
        Ok(())
    }

    /// Changes a resource and validates it again; on error nothing changes.
    ///
    /// # Errors
    ///
    /// As [`Project::add_resource`]; [`Error::UnknownId`] for an unknown id.
    pub fn update_resource(
        &mut self,
        id: ResourceId,
        change: impl FnOnce(&mut Resource),
    ) -> Result<(), Error> {
        let old = self.resources.get(id.index()).ok_or(Error::UnknownId {
            entity: Entity::Resource,
            id: id.get(),
        })?;
        let mut new = old.clone();
        change(&mut new);
        if new.key != old.key {
            let key = Key::for_entity(Entity::Resource, new.key.as_str())?;
            if self.resource_keys.contains_key(key.as_str()) {
                return Err(Error::DuplicateKey {
                    entity: Entity::Resource,
                    key,
                });
            }
        }
        self.validate_resource(&new)?;
        let old_key = core::mem::take(&mut self.resources[id.index()].key);
        self.resource_keys.remove(&old_key);
        self.resource_keys.insert(new.key.clone(), id);
        self.resources[id.index()] = new;
        Ok(())
    }

    /// The resource with this id.
    #[must_use]
    pub fn resource(&self, id: ResourceId) -> Option<&Resource> {
        self.resources.get(id.index())
    }

    /// The id of the resource with key `key`.
    #[must_use]
    pub fn resource_id(&self, key: &str) -> Option<ResourceId> {
        self.resource_keys.get(key).copied()
    }

    /// All resources with their ids.
    pub fn resources(&self) -> impl ExactSizeIterator<Item = (ResourceId, &Resource)> {
        self.resources
            .iter()
            .enumerate()
            .map(|(i, r)| (ResourceId::new(i as u32), r))
    }

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
            // Walk up from the parent: reaching `id` would make a cycle.
            let mut cursor = Some(parent);
            let mut steps = 0usize;
            while let Some(c) = cursor {
                if c == id || steps > self.tasks.len() {
                    return structure("a task cannot be its own ancestor");
                }
                cursor = self.tasks[c.index()].parent;
                steps += 1;
            }
        }
        Ok(task)
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
    pub fn tasks(&self) -> impl ExactSizeIterator<Item = (TaskId, &Task)> {
        self.tasks
            .iter()
            .enumerate()
            .map(|(i, t)| (TaskId::new(i as u32), t))
    }

    /// The number of tasks (including milestones and summaries).
    #[must_use]
    pub fn task_count(&self) -> usize {
        self.tasks.len()
    }

    /// The direct children of a summary task, in id order.
    pub fn children(&self, id: TaskId) -> impl Iterator<Item = TaskId> + '_ {
        self.tasks()
            .filter(move |(_, t)| t.parent == Some(id))
            .map(|(i, _)| i)
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
    pub fn links(&self) -> impl ExactSizeIterator<Item = (LinkId, &Link)> {
        self.links
            .iter()
            .enumerate()
            .map(|(i, l)| (LinkId::new(i as u32), l))
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
    pub fn stakeholders(&self) -> impl ExactSizeIterator<Item = (StakeholderId, &Stakeholder)> {
        self.stakeholders
            .iter()
            .enumerate()
            .map(|(i, s)| (StakeholderId::new(i as u32), s))
    }

    /// Adds a baseline.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidKey`] for a bad name, [`Error::DuplicateKey`] for a
    /// name in use, [`Error::UnknownId`] for an entry of an unknown task.
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
        let id = new_id(
            Entity::Baseline,
            self.baselines.len(),
            BaselineId::from_index,
        )?;
        self.baselines.push(baseline);
        Ok(id)
    }

    /// The baseline with this id.
    #[must_use]
    pub fn baseline(&self, id: BaselineId) -> Option<&Baseline> {
        self.baselines.get(id.index())
    }

    /// All baselines with their ids, oldest first.
    pub fn baselines(&self) -> impl ExactSizeIterator<Item = (BaselineId, &Baseline)> {
        self.baselines
            .iter()
            .enumerate()
            .map(|(i, b)| (BaselineId::new(i as u32), b))
    }

    // ----- lifecycle -------------------------------------------------------

    /// The lifecycle state.
    #[must_use]
    pub fn lifecycle(&self) -> &Lifecycle {
        &self.lifecycle
    }

    /// The current phase.
    #[must_use]
    pub fn phase(&self) -> Phase {
        self.lifecycle.phase
    }

    /// Replaces the lifecycle's gate criteria (e.g. with
    /// [`Lifecycle::without_gates`] or a custom set), keeping the phase,
    /// sign-offs of criteria that remain, and history.
    ///
    /// # Errors
    ///
    /// [`Error::DuplicateKey`] when two criteria share a key.
    pub fn set_criteria(&mut self, criteria: Vec<GateCriterion>) -> Result<(), Error> {
        let mut seen = HashSet::new();
        for c in &criteria {
            if !seen.insert(c.key.as_str()) {
                return Err(Error::DuplicateKey {
                    entity: Entity::Criterion,
                    key: c.key.clone(),
                });
            }
        }
        self.lifecycle
            .sign_offs
            .retain(|k, _| criteria.iter().any(|c| &c.key == k));
        self.lifecycle.criteria = criteria;
        Ok(())
    }

    /// Adds a gate criterion.
    ///
    /// # Errors
    ///
    /// [`Error::DuplicateKey`] when the key is taken.
    pub fn add_criterion(&mut self, criterion: GateCriterion) -> Result<(), Error> {
        if self
            .lifecycle
            .criteria
            .iter()
            .any(|c| c.key == criterion.key)
        {
            return Err(Error::DuplicateKey {
                entity: Entity::Criterion,
                key: criterion.key,
            });
        }
        self.lifecycle.criteria.push(criterion);
        Ok(())
    }

    /// Signs off a manual criterion.
    ///
    /// # Errors
    ///
    /// [`Error::UnknownKey`] for an unknown criterion;
    /// [`Error::InvalidStructure`] for a criterion the project checks itself.
    pub fn sign_off(
        &mut self,
        criterion: &str,
        by: impl Into<String>,
        at: NaiveDateTime,
    ) -> Result<(), Error> {
        let c = self
            .lifecycle
            .criteria
            .iter()
            .find(|c| c.key == criterion)
            .ok_or_else(|| Error::UnknownKey {
                entity: Entity::Criterion,
                key: crate::key::truncate_for_message(criterion),
            })?;
        if c.check != Check::Manual {
            return Err(Error::InvalidStructure {
                item: criterion.to_owned(),
                reason: "only manual criteria are signed off; the project checks this one itself",
            });
        }
        let key = c.key.clone();
        self.lifecycle
            .sign_offs
            .insert(key, SignOff { at, by: by.into() });
        Ok(())
    }

    /// Withdraws a sign-off (e.g. acceptance revoked). Does nothing when the
    /// criterion was not signed off.
    pub fn revoke_sign_off(&mut self, criterion: &str) {
        self.lifecycle.sign_offs.remove(criterion);
    }

    fn is_met(&self, criterion: &GateCriterion) -> bool {
        match criterion.check {
            Check::Manual => self.lifecycle.sign_offs.contains_key(&criterion.key),
            Check::HasObjectives => !self.objectives.is_empty(),
            Check::HasStakeholders => !self.stakeholders.is_empty(),
            Check::HasScope => !self.scope.statement.trim().is_empty(),
            Check::HasBudget => self.budget.is_some(),
            Check::HasTasks => !self.tasks.is_empty(),
            Check::HasBaseline => !self.baselines.is_empty(),
            Check::AllWorkComplete => self
                .tasks
                .iter()
                .filter(|t| t.kind != TaskKind::Summary)
                .all(|t| t.progress.is_finished()),
        }
    }

    /// Every unmet criterion of a gate, in definition order.
    #[must_use]
    pub fn unmet_criteria(&self, gate: Gate) -> Vec<UnmetCriterion> {
        self.lifecycle
            .criteria
            .iter()
            .filter(|c| c.gate == gate && !self.is_met(c))
            .map(|c| UnmetCriterion {
                key: c.key.clone(),
                description: c.description.clone(),
            })
            .collect()
    }

    /// Moves the project to another phase at `at`.
    ///
    /// # Errors
    ///
    /// [`Error::ProjectClosed`]; [`Error::PhaseTransitionNotAllowed`] for a
    /// move the lifecycle does not allow; [`Error::GateCriteriaUnmet`] listing
    /// every unmet criterion of the gate; [`Error::TimeWentBackwards`] when
    /// `at` is before the last phase change.
    pub fn move_to_phase(&mut self, to: Phase, at: NaiveDateTime) -> Result<(), Error> {
        if self.lifecycle.closed.is_some() {
            return Err(Error::ProjectClosed);
        }
        let from = self.lifecycle.phase;
        if !from.can_move_to(to) {
            return Err(Error::PhaseTransitionNotAllowed { from, to });
        }
        let unmet = self.unmet_criteria(Gate::Enter(to));
        if !unmet.is_empty() {
            return Err(Error::GateCriteriaUnmet { from, to, unmet });
        }
        self.check_lifecycle_time(at)?;
        self.lifecycle.phase = to;
        self.lifecycle.history.push(PhaseChange { from, to, at });
        Ok(())
    }

    /// Closes the project at `at`.
    ///
    /// # Errors
    ///
    /// [`Error::ProjectClosed`] when already closed;
    /// [`Error::PhaseTransitionNotAllowed`] outside the Closing phase;
    /// [`Error::GateCriteriaUnmet`] with every unmet closing criterion;
    /// [`Error::TimeWentBackwards`].
    pub fn close(&mut self, at: NaiveDateTime) -> Result<(), Error> {
        if self.lifecycle.closed.is_some() {
            return Err(Error::ProjectClosed);
        }
        let from = self.lifecycle.phase;
        if from != Phase::Closing {
            return Err(Error::PhaseTransitionNotAllowed {
                from,
                to: Phase::Closing,
            });
        }
        let unmet = self.unmet_criteria(Gate::Close);
        if !unmet.is_empty() {
            return Err(Error::GateCriteriaUnmet {
                from,
                to: Phase::Closing,
                unmet,
            });
        }
        self.check_lifecycle_time(at)?;
        self.lifecycle.closed = Some(at);
        Ok(())
    }

    fn check_lifecycle_time(&self, at: NaiveDateTime) -> Result<(), Error> {
        match self.lifecycle.last_event() {
            Some(last) if at < last => Err(Error::TimeWentBackwards {
                item: self.name.clone(),
                at,
                last,
            }),
            _ => Ok(()),
        }
    }
}

fn check_skill_level(item: &str, level: u8) -> Result<(), Error> {
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

/// The next id for a container of length `len`, or an error past `u32::MAX`.
pub(crate) fn new_id<T>(
    entity: Entity,
    len: usize,
    make: fn(usize) -> Option<T>,
) -> Result<T, Error> {
    make(len).ok_or(Error::TooMany {
        entity,
        limit: u64::from(u32::MAX),
    })
}

#[cfg(feature = "serde")]
#[derive(serde::Serialize, serde::Deserialize)]
struct ProjectRepr {
    name: String,
    #[serde(default)]
    description: String,
    #[serde(default)]
    objectives: Vec<String>,
    #[serde(default)]
    scope: Scope,
    start: NaiveDateTime,
    #[serde(default)]
    budget: Option<Money>,
    calendar: CalendarId,
    calendars: Vec<Calendar>,
    #[serde(default)]
    resources: Vec<Resource>,
    #[serde(default)]
    tasks: Vec<Task>,
    #[serde(default)]
    links: Vec<Link>,
    #[serde(default)]
    baselines: Vec<Baseline>,
    #[serde(default)]
    stakeholders: Vec<Stakeholder>,
    lifecycle: Lifecycle,
}

#[cfg(feature = "serde")]
impl From<Project> for ProjectRepr {
    fn from(p: Project) -> Self {
        ProjectRepr {
            name: p.name,
            description: p.description,
            objectives: p.objectives,
            scope: p.scope,
            start: p.start,
            budget: p.budget,
            calendar: p.calendar,
            calendars: p.calendars,
            resources: p.resources,
            tasks: p.tasks,
            links: p.links,
            baselines: p.baselines,
            stakeholders: p.stakeholders,
            lifecycle: p.lifecycle,
        }
    }
}

#[cfg(feature = "serde")]
impl TryFrom<ProjectRepr> for Project {
    type Error = Error;

    /// Rebuilds a project through the same validation as the `add_*` methods,
    /// so deserialized data is as trustworthy as data built in code.
    fn try_from(r: ProjectRepr) -> Result<Self, Error> {
        let mut p = Project::new(r.name);
        p.calendars.clear();
        p.calendar_keys.clear();
        for c in r.calendars {
            p.add_calendar(c)?;
        }
        if p.calendars.is_empty() {
            return Err(Error::UnknownId {
                entity: Entity::Calendar,
                id: r.calendar.get(),
            });
        }
        p.set_project_calendar(r.calendar)?;
        p.description = r.description;
        p.objectives = r.objectives;
        p.scope = r.scope;
        p.start = r.start;
        p.budget = r.budget;
        for res in r.resources {
            p.add_resource(res)?;
        }
        // Parents may point forward after updates: add without, then set.
        let parents: Vec<Option<TaskId>> = r.tasks.iter().map(|t| t.parent).collect();
        for mut t in r.tasks {
            t.parent = None;
            p.add_task(t)?;
        }
        for (i, parent) in parents.into_iter().enumerate() {
            if parent.is_some() {
                p.update_task(TaskId::new(i as u32), |t| t.parent = parent)?;
            }
        }
        for l in r.links {
            p.add_link(l)?;
        }
        for b in r.baselines {
            p.add_baseline(b)?;
        }
        for s in r.stakeholders {
            p.add_stakeholder(s)?;
        }
        let lifecycle = r.lifecycle;
        p.set_criteria(lifecycle.criteria.clone())?;
        if let Some(k) = lifecycle
            .sign_offs
            .keys()
            .find(|k| !lifecycle.criteria.iter().any(|c| &c.key == *k))
        {
            return Err(Error::UnknownKey {
                entity: Entity::Criterion,
                key: k.to_string(),
            });
        }
        if lifecycle.history.windows(2).any(|w| w[1].at < w[0].at) {
            return Err(Error::InvalidStructure {
                item: p.name.clone(),
                reason: "the phase history is not in time order",
            });
        }
        p.lifecycle = lifecycle;
        Ok(p)
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
