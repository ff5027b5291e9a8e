//! The [`Project`] aggregate: tasks, links, resources, calendars, baselines,
//! stakeholders, scope and lifecycle.
//!
//! - `mod.rs`: [`Project`], its general data, calendars and resources;
//! - `parts.rs`: [`Stakeholder`], [`Scope`], [`Baseline`];
//! - `tasks.rs`: tasks, links, stakeholders and baselines;
//! - `gates.rs`: the lifecycle: criteria, sign-offs, phase moves;
//! - `repr.rs`: the serialised form, validated on the way in.

mod gates;
mod parts;
#[cfg(feature = "serde")]
mod repr;
mod tasks;

pub use parts::{Baseline, BaselineEntry, Level, Scope, Stakeholder};
#[cfg(feature = "serde")]
use repr::ProjectRepr;
use tasks::check_skill_level;

use crate::Entries;

use std::collections::{BTreeMap, HashSet};

use chrono::{NaiveDate, NaiveDateTime};

use crate::error::Entity;
use crate::lifecycle::Lifecycle;
use crate::{
    Calendar, CalendarId, Error, Key, Link, Money, Resource, ResourceId, StakeholderId, Task,
    TaskId, Units,
};

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
    status_date: Option<NaiveDateTime>,
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
            && self.status_date == other.status_date
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
            status_date: None,
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

    /// The status (data) date: the moment progress was reported up to.
    /// Planning, leveling, simulation and earned value use it unless a
    /// call overrides it; `None` until set.
    #[must_use]
    pub fn status_date(&self) -> Option<NaiveDateTime> {
        self.status_date
    }

    /// Sets (or clears) the status date.
    ///
    /// The rule: reported progress cannot lie in the future, so every
    /// actual start and actual finish must be at or before the status date.
    /// Tasks added or changed later are held to the same rule.
    ///
    /// # Errors
    ///
    /// [`Error::ProgressAfterStatusDate`] naming the first task (in id
    /// order) with an actual date after `at`; the status date is then
    /// unchanged.
    ///
    /// # Example
    ///
    /// ```
    /// use planwright_core::chrono::NaiveDate;
    /// use planwright_core::{Duration, Progress, Project, Task};
    ///
    /// let at = |d: u32| NaiveDate::from_ymd_opt(2026, 3, d).unwrap().and_hms_opt(8, 0, 0).unwrap();
    /// let mut p = Project::new("p");
    /// p.add_task(Task::new("a").duration(Duration::days(5)).progress(Progress::started(at(4), 40)))?;
    /// assert!(p.set_status_date(Some(at(3))).is_err()); // a started on the 4th
    /// p.set_status_date(Some(at(6)))?;
    /// assert_eq!(p.status_date(), Some(at(6)));
    /// # Ok::<(), planwright_core::Error>(())
    /// ```
    pub fn set_status_date(&mut self, at: Option<NaiveDateTime>) -> Result<(), Error> {
        if let Some(at) = at {
            for t in &self.tasks {
                check_progress_date(t, at)?;
            }
        }
        self.status_date = at;
        Ok(())
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
    pub fn calendars(&self) -> Entries<'_, CalendarId, Calendar> {
        Entries::new(&self.calendars)
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
    pub fn resources(&self) -> Entries<'_, ResourceId, Resource> {
        Entries::new(&self.resources)
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

/// The status-date rule for one task: no actual date after `at`.
pub(crate) fn check_progress_date(t: &Task, at: NaiveDateTime) -> Result<(), Error> {
    for actual in [t.progress.actual_start, t.progress.actual_finish]
        .into_iter()
        .flatten()
    {
        if actual > at {
            return Err(Error::ProgressAfterStatusDate {
                task: t.key.clone(),
                actual,
                status_date: at,
            });
        }
    }
    Ok(())
}
