//! An RCPSP instance from a `planwright_core` project.

use planwright_core::{Duration, LinkKind, Project, ResourceId, TaskId};

use super::instance::{Instance, Precedence, ResourceProfile};
use crate::Error;
use crate::plan::{LinkSink, Warning, hierarchy, route_links};

/// An [`Instance`] built from a project, with the mapping back.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub struct ProjectInstance {
    /// The instance. Activity `i` is task `i` for every task (summary tasks
    /// become empty activities); activities past the last task are helpers
    /// that route links on summary tasks.
    pub instance: Instance,
    /// Resource `r` of the instance is this project resource.
    pub resources: Vec<ResourceId>,
    /// The time unit: one instance period is this much working time.
    pub unit: Duration,
    /// Warnings of the summary-link rule.
    pub warnings: Vec<Warning>,
}

impl ProjectInstance {
    /// The activity index of a task.
    #[must_use]
    pub fn activity(&self, task: TaskId) -> u32 {
        task.get()
    }
}

struct Sink {
    count: u32,
    precedences: Vec<Precedence>,
    unit: i64,
}

impl LinkSink for Sink {
    fn helper(&mut self, _name: String) -> Result<u32, Error> {
        self.count += 1;
        Ok(self.count - 1)
    }

    fn link(&mut self, from: u32, to: u32, kind: LinkKind, lag: Duration) -> Result<(), Error> {
        // Positive lags round up, leads round towards zero: both only ever
        // make the model stricter than the project.
        let m = lag.as_minutes();
        let units = if m >= 0 {
            m.div_euclid(self.unit) + i64::from(m.rem_euclid(self.unit) != 0)
        } else {
            -((-m) / self.unit)
        };
        let lag = i32::try_from(units).map_err(|_| Error::PeriodsOutOfRange {
            key: format!("#{from} -> #{to}"),
            what: "lag",
            value: units,
            limit: i64::from(super::MAX_TIME),
        })?;
        self.precedences.push(Precedence::new(from, to, kind, lag));
        Ok(())
    }
}

impl Instance {
    /// Builds an instance from a project: one activity per task (durations
    /// in periods of `unit`, rounded up), one resource per project resource
    /// (capacity and demands in per cent of a full-time unit, demands rounded
    /// up), and the project's links with their types and lags (positive lags
    /// rounded up, leads towards zero). Links on summary tasks follow the
    /// rule of [`crate::plan_with`].
    ///
    /// The RCPSP model has no calendars, date constraints or progress:
    /// resource leveling, which schedules real projects, accounts for them.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidParameter`] for a unit that is not positive;
    /// [`Error::PeriodsOutOfRange`] for durations or lags that do not fit; [`Error::Infeasible`] when an assignment needs more units
    /// than its resource has; [`Error::Cycle`] for cyclic links.
    ///
    /// # Complexity
    ///
    /// O(V + E + assignments) for V tasks (plus summary helpers) and E links.
    ///
    /// # Example
    ///
    /// ```
    /// use planwright_core::{Duration, Link, Project, Resource, Task, Units};
    /// use planwright_schedule::rcpsp::Instance;
    ///
    /// let mut p = Project::new("p");
    /// let ana = p.add_resource(Resource::person("ana"))?;
    /// let a = p.add_task(Task::new("a").duration(Duration::days(2)).assign(ana, Units::FULL))?;
    /// let b = p.add_task(Task::new("b").duration(Duration::hours(12)).assign(ana, Units::percent(50)))?;
    /// p.add_link(Link::finish_to_start(a, b))?;
    /// let pi = Instance::from_project(&p, Duration::days(1))?;
    /// assert_eq!(pi.instance.durations(), &[2, 2]);
    /// assert_eq!(pi.instance.demands_of(1), &[50]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn from_project(project: &Project, unit: Duration) -> Result<ProjectInstance, Error> {
        let u = unit.as_minutes();
        if u <= 0 {
            return Err(Error::InvalidParameter {
                name: "time unit",
                value: unit.to_string(),
                expected: "a positive duration",
            });
        }
        let n = project.task_count();
        let resources: Vec<ResourceId> = project.resources().map(|(id, _)| id).collect();
        let percent = |bp: u32| bp.div_ceil(100);
        let mut durations = Vec::with_capacity(n);
        let mut demands = Vec::with_capacity(n);
        for (_, task) in project.tasks() {
            let mut row = vec![0u32; resources.len()];
            if task.is_summary() {
                durations.push(0);
            } else {
                let m = task.duration.as_minutes();
                let d = m.div_euclid(u) + i64::from(m.rem_euclid(u) != 0);
                durations.push(u32::try_from(d).map_err(|_| Error::PeriodsOutOfRange {
                    key: task.key.clone(),
                    what: "duration",
                    value: d,
                    limit: i64::from(super::MAX_TIME),
                })?);
                for a in &task.assignments {
                    row[a.resource.index()] += percent(a.units.basis_points());
                }
            }
            demands.push(row);
        }
        let profiles = project
            .resources()
            .map(|(_, r)| ResourceProfile::constant(r.capacity.basis_points() / 100))
            .collect();
        let wbs = hierarchy(project);
        let mut sink = Sink {
            count: n as u32,
            precedences: Vec::new(),
            unit: u,
        };
        let warnings = route_links(project, &wbs, &mut sink)?;
        let k = resources.len();
        while durations.len() < sink.count as usize {
            durations.push(0);
            demands.push(vec![0; k]);
        }
        let instance = Instance::new(
            project.name(),
            durations,
            profiles,
            demands,
            sink.precedences,
        )
        .map_err(|e| match e {
            // Name the task and the resource by their keys.
            Error::Infeasible {
                activity,
                resource,
                demand,
                capacity,
                ..
            } => Error::Infeasible {
                activity,
                key: project
                    .task(planwright_core::TaskId::new(activity))
                    .map_or_else(|| format!("#{activity}"), |t| t.key.clone()),
                resource,
                demand,
                capacity,
            },
            e => e,
        })?;
        Ok(ProjectInstance {
            instance,
            resources,
            unit,
            warnings,
        })
    }
}
