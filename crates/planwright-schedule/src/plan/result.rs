//! The plan a project gets: rows, warnings, critical paths.

use core::fmt;

use chrono::NaiveDateTime;
use planwright_core::{Baseline, BaselineEntry, Duration, LinkKind, Project, TaskId, TaskKind};

use super::PlanOptions;
use crate::cpm::{ActivityDates, Driver};
use crate::network::{ActivityId, Network};
use crate::{Error, Schedule};

/// Working-time offsets of a task from the project start (project calendar).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub struct TaskOffsets {
    /// Early start.
    pub early_start: Duration,
    /// Early finish.
    pub early_finish: Duration,
    /// Late start.
    pub late_start: Duration,
    /// Late finish.
    pub late_finish: Duration,
}

/// One task of a [`Plan`]: dates, offsets, floats, critical flags.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub struct TaskPlan {
    /// The task.
    pub task: TaskId,
    /// Its key.
    pub key: String,
    /// Scheduled start: the early start, or the late start for an
    /// as-late-as-possible task; the actual start once started.
    pub start: NaiveDateTime,
    /// Scheduled finish.
    pub finish: NaiveDateTime,
    /// Early and late dates.
    pub dates: ActivityDates,
    /// The same as offsets.
    pub offsets: TaskOffsets,
    /// Total float (negative: a constraint or deadline conflicts with the
    /// logic). For a summary: the least float of its tasks.
    pub total_float: Duration,
    /// Free float.
    pub free_float: Duration,
    /// Total float ≤ 0 and not finished (a summary: any critical task).
    pub critical: bool,
    /// Not critical, total float at most the near-critical threshold.
    pub near_critical: bool,
    /// Task, milestone or summary.
    pub kind: TaskKind,
}

/// Something the schedule shows that deserves attention; planning still
/// succeeds.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub enum Warning {
    /// A constraint or deadline conflicts with the logic.
    NegativeFloat {
        /// The task.
        task: String,
        /// Its total float.
        float: Duration,
    },
    /// The task's early finish is after its deadline.
    DeadlineMissed {
        /// The task.
        task: String,
        /// The deadline.
        deadline: NaiveDateTime,
        /// The early finish.
        finish: NaiveDateTime,
    },
    /// A task started although a finish-to-start predecessor has not finished.
    OutOfSequence {
        /// The started task.
        task: String,
        /// The unfinished predecessor.
        predecessor: String,
    },
    /// A link whose meaning on a summary task is applied to every task under
    /// the summary, which is stricter than the link read literally (FF/SF
    /// into a summary, SS/SF out of one).
    SummaryLinkStricter {
        /// Predecessor.
        from: String,
        /// Successor.
        to: String,
        /// The link type.
        kind: LinkKind,
    },
    /// Tasks report progress but neither the project nor the call gives a
    /// status date: a started task runs its completed part from its actual
    /// start and its remaining work right after (as MS Project does), and
    /// unstarted work may start at the project start. Set
    /// [`planwright_core::Project::set_status_date`].
    ProgressWithoutStatusDate {
        /// The first task (in id order) with progress.
        task: String,
    },
    /// A link touches a summary task with no tasks under it: it has no effect.
    EmptySummary {
        /// The summary task.
        task: String,
    },
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Warning::NegativeFloat { task, float } => {
                write!(
                    f,
                    "`{task}` has negative total float ({float}): a constraint or deadline conflicts with the logic"
                )
            }
            Warning::DeadlineMissed {
                task,
                deadline,
                finish,
            } => {
                write!(
                    f,
                    "`{task}` finishes {finish} after its deadline {deadline}"
                )
            }
            Warning::OutOfSequence { task, predecessor } => {
                write!(
                    f,
                    "`{task}` started before its predecessor `{predecessor}` finished"
                )
            }
            Warning::SummaryLinkStricter { from, to, kind } => write!(
                f,
                "link `{from}` {kind} `{to}` on a summary task applies to every task under it; link the specific task if that is too strict"
            ),
            Warning::ProgressWithoutStatusDate { task } => write!(
                f,
                "`{task}` reports progress but there is no status date; set the project's status date"
            ),
            Warning::EmptySummary { task } => {
                write!(f, "summary `{task}` has no tasks: its links have no effect")
            }
        }
    }
}

/// A scheduled project: per-task dates, floats and critical flags, the
/// critical path(s), and warnings. Built once by [`plan`](crate::plan) / [`plan_with`](crate::plan_with);
/// the engines that start from a critical-path schedule take it back
/// ([`crate::level_plan`], `planwright_risk::simulate_plan`) so a caller
/// plans once.
///
/// With the `serde` feature a plan serialises (rows, dates, critical
/// paths, warnings, options) for a UI or a report. It does not
/// deserialise: a plan is derived from a [`Project`], and one read back
/// could not be trusted to match any project — plan the project again.
#[derive(Clone, Debug)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Plan {
    tasks: Vec<TaskPlan>,
    start: NaiveDateTime,
    finish: NaiveDateTime,
    finish_offset: Duration,
    critical_paths: Vec<Vec<TaskId>>,
    warnings: Vec<Warning>,
    options: PlanOptions,
    /// Links in the project when it was planned (with the task keys in
    /// `tasks`, what [`Plan::check_project`] compares).
    link_count: usize,
    #[cfg_attr(feature = "serde", serde(skip))]
    network: Network,
    #[cfg_attr(feature = "serde", serde(skip))]
    schedule: Schedule,
}

impl Plan {
    #[allow(clippy::too_many_arguments)] // one private constructor, called once
    pub(super) fn new(
        project: &Project,
        tasks: Vec<TaskPlan>,
        finish: NaiveDateTime,
        finish_offset: Duration,
        critical_paths: Vec<Vec<TaskId>>,
        warnings: Vec<Warning>,
        options: PlanOptions,
        network: Network,
        schedule: Schedule,
    ) -> Self {
        Plan {
            tasks,
            start: project.start(),
            finish,
            finish_offset,
            critical_paths,
            warnings,
            options,
            link_count: project.links().len(),
            network,
            schedule,
        }
    }

    /// The row of a task.
    #[must_use]
    pub fn task(&self, id: TaskId) -> Option<&TaskPlan> {
        self.tasks.get(id.index())
    }

    /// All rows, in task id order.
    pub fn tasks(&self) -> core::slice::Iter<'_, TaskPlan> {
        self.tasks.iter()
    }

    /// The project start.
    #[must_use]
    pub fn start(&self) -> NaiveDateTime {
        self.start
    }

    /// The project finish: the latest early finish.
    #[must_use]
    pub fn finish(&self) -> NaiveDateTime {
        self.finish
    }

    /// The project finish as a working-time offset from the start.
    #[must_use]
    pub fn finish_offset(&self) -> Duration {
        self.finish_offset
    }

    /// The first critical path (empty when nothing is critical).
    pub fn critical_path(&self) -> core::iter::Copied<core::slice::Iter<'_, TaskId>> {
        self.critical_paths
            .first()
            .map_or(&[][..], Vec::as_slice)
            .iter()
            .copied()
    }

    /// Every critical path (up to the option's limit).
    ///
    /// # Complexity
    ///
    /// O(1): the paths were found when planning.
    #[must_use]
    pub fn critical_paths(&self) -> &[Vec<TaskId>] {
        &self.critical_paths
    }

    /// The warnings, in the order found.
    #[must_use]
    pub fn warnings(&self) -> &[Warning] {
        &self.warnings
    }

    /// "Why does this task start then?": the task, its driving predecessor,
    /// that one's, ... and what drives the first. Steps through summary
    /// helper activities are skipped.
    ///
    /// # Complexity
    ///
    /// O(length of the chain).
    #[must_use]
    pub fn driving_chain(&self, task: TaskId) -> Vec<(TaskId, Driver)> {
        let n = self.tasks.len();
        let steps = self.schedule.driving_chain(ActivityId::new(task.get()));
        let real = |a: ActivityId| a.index() < n && !self.network.is_virtual(a);
        let mut out: Vec<(TaskId, Driver)> = Vec::new();
        for (k, step) in steps.iter().enumerate() {
            if !real(step.activity) {
                continue;
            }
            let driver = match step.driver {
                // Through a summary helper: name the next real task instead.
                Driver::Link {
                    predecessor,
                    kind,
                    lag,
                } if !real(predecessor) => match steps[k + 1..].iter().find(|s| real(s.activity)) {
                    Some(next) => Driver::Link {
                        predecessor: next.activity,
                        kind,
                        lag,
                    },
                    None => steps.last().map_or(Driver::ProjectStart, |s| s.driver),
                },
                d => d,
            };
            out.push((TaskId::new(step.activity.get()), driver));
        }
        out
    }

    /// The options the plan was computed with (its status date among them).
    #[must_use]
    pub fn options(&self) -> &PlanOptions {
        &self.options
    }

    /// Checks that this plan was computed for `project` as it is now in
    /// shape: the same tasks (count and keys, in order) and the same number
    /// of links. Engines that take a plan call it; values changed since
    /// planning (a duration, a lag) are not detected — plan again after
    /// editing the project.
    ///
    /// # Errors
    ///
    /// [`Error::PlanMismatch`] saying what differs.
    pub fn check_project(&self, project: &Project) -> Result<(), Error> {
        if self.tasks.len() != project.task_count() {
            return Err(Error::PlanMismatch {
                problem: "the project has a different number of tasks",
            });
        }
        if self
            .tasks
            .iter()
            .zip(project.tasks())
            .any(|(row, (_, t))| row.key != t.key)
        {
            return Err(Error::PlanMismatch {
                problem: "the project's task keys differ",
            });
        }
        if self.link_count != project.links().len() {
            return Err(Error::PlanMismatch {
                problem: "the project has a different number of links",
            });
        }
        Ok(())
    }

    /// The network the plan was computed on (activity ids equal task ids;
    /// ids past the last task are helper activities of summary links).
    #[must_use]
    pub fn network(&self) -> &Network {
        &self.network
    }

    /// The engine-level schedule.
    #[must_use]
    pub fn schedule(&self) -> &Schedule {
        &self.schedule
    }

    /// A baseline from this plan: every task and milestone with its scheduled
    /// dates, duration and cost (fixed cost plus each assignment's rate ×
    /// duration × units).
    ///
    /// # Errors
    ///
    /// [`Error::Core`] ([`planwright_core::Error::Overflow`]) when a cost
    /// overflows.
    ///
    /// # Complexity
    ///
    /// O(n) for n tasks.
    pub fn baseline(
        &self,
        project: &Project,
        name: impl Into<String>,
        taken_at: NaiveDateTime,
    ) -> Result<Baseline, Error> {
        let mut b = Baseline::new(name, taken_at);
        for row in &self.tasks {
            let Some(task) = project.task(row.task) else {
                continue;
            };
            if task.is_summary() {
                continue;
            }
            let cost = project.task_cost(task)?;
            b = b.entry(
                row.task,
                BaselineEntry::new(row.start, row.finish, task.duration, cost),
            );
        }
        Ok(b)
    }
}
