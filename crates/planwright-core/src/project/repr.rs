//! The serialised form of a project, read back through the same validation
//! as the builder methods.

use chrono::NaiveDateTime;

use super::{Baseline, Project, Scope, Stakeholder};
use crate::error::Entity;
use crate::lifecycle::Lifecycle;
use crate::{Calendar, CalendarId, Error, Link, Money, Resource, Task, TaskId};

#[cfg(feature = "serde")]
#[derive(serde::Serialize, serde::Deserialize)]
pub(super) struct ProjectRepr {
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
    #[serde(default)]
    status_date: Option<NaiveDateTime>,
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
            status_date: p.status_date,
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
        // Before the tasks, so each is checked against it as it is added.
        p.status_date = r.status_date;
        for res in r.resources {
            p.add_resource(res)?;
        }
        // Parents may point forward after updates: add without, then set
        // them all and check the hierarchy once (linear in the tasks).
        let parents: Vec<Option<TaskId>> = r.tasks.iter().map(|t| t.parent).collect();
        for mut t in r.tasks {
            t.parent = None;
            p.add_task(t)?;
        }
        for (i, parent) in parents.into_iter().enumerate() {
            p.tasks[i].parent = parent;
        }
        p.check_hierarchy()?;
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
        let bad = |reason| Error::InvalidStructure {
            item: p.name.clone(),
            reason,
        };
        if lifecycle.history.windows(2).any(|w| w[1].at < w[0].at) {
            return Err(bad("the phase history is not in time order"));
        }
        // The history is the moves `move_to_phase` made: each from the
        // phase the previous one entered, along the lifecycle's table,
        // ending at the current phase; closing comes last.
        let mut phase = crate::Phase::Initiation;
        for c in &lifecycle.history {
            if c.from != phase || !c.from.can_move_to(c.to) {
                return Err(bad(
                    "the phase history takes a move the lifecycle does not allow",
                ));
            }
            phase = c.to;
        }
        if phase != lifecycle.phase {
            return Err(bad("the phase is not the last recorded move"));
        }
        if let Some(closed) = lifecycle.closed {
            if lifecycle.phase != crate::Phase::Closing
                || lifecycle.history.last().is_some_and(|c| closed < c.at)
            {
                return Err(bad("the project is closed outside the closing phase"));
            }
        }
        p.lifecycle = lifecycle;
        Ok(p)
    }
}
