//! Planning a `planwright_core` project: build its network, run the critical
//! path method, and return a schedule a UI can show directly.

use core::fmt;
use std::collections::HashMap;

use chrono::NaiveDateTime;
use planwright_core::{
    Baseline, BaselineEntry, CalendarId, Constraint, Duration, LinkKind, Project, Task, TaskId,
    TaskKind,
};

use crate::cpm::{ActivityDates, Driver};
use crate::network::{
    ActivityConstraint, ActivityId, ActivityProgress, Network, NetworkBuilder, ProgressMode,
};
use crate::{Error, Schedule};

/// Options for [`plan_with`].
///
/// ```
/// use planwright_schedule::{PlanOptions, ProgressMode};
/// use planwright_core::Duration;
///
/// let opts = PlanOptions::new()
///     .progress_mode(ProgressMode::ProgressOverride)
///     .near_critical(Duration::days(5));
/// assert_eq!(opts.max_critical_paths, 16);
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(default))]
#[non_exhaustive]
pub struct PlanOptions {
    /// Schedule from this data date (monitoring & controlling): unstarted
    /// work starts no earlier, started work continues from it.
    pub status_date: Option<NaiveDateTime>,
    /// How started tasks treat their predecessors.
    pub progress_mode: ProgressMode,
    /// Tasks with total float up to this are reported as near-critical.
    pub near_critical: Duration,
    /// The most critical paths to enumerate.
    pub max_critical_paths: usize,
}

impl Default for PlanOptions {
    fn default() -> Self {
        PlanOptions {
            status_date: None,
            progress_mode: ProgressMode::RetainedLogic,
            near_critical: Duration::days(2),
            max_critical_paths: 16,
        }
    }
}

impl PlanOptions {
    /// The defaults: no status date, retained logic, near-critical up to 2
    /// days of float, at most 16 critical paths.
    #[must_use]
    pub fn new() -> Self {
        PlanOptions::default()
    }

    /// Sets the status date.
    #[must_use]
    pub fn status_date(mut self, at: NaiveDateTime) -> Self {
        self.status_date = Some(at);
        self
    }

    /// Sets the progress mode.
    #[must_use]
    pub fn progress_mode(mut self, mode: ProgressMode) -> Self {
        self.progress_mode = mode;
        self
    }

    /// Sets the near-critical float threshold.
    #[must_use]
    pub fn near_critical(mut self, threshold: Duration) -> Self {
        self.near_critical = threshold;
        self
    }

    /// Sets the maximum number of critical paths.
    #[must_use]
    pub fn max_critical_paths(mut self, limit: usize) -> Self {
        self.max_critical_paths = limit;
        self
    }
}

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
            Warning::EmptySummary { task } => {
                write!(f, "summary `{task}` has no tasks: its links have no effect")
            }
        }
    }
}

/// A scheduled project: per-task dates, floats and critical flags, the
/// critical path(s), and warnings. Built once by [`plan`] / [`plan_with`];
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

/// Plans a project with default options: see [`plan_with`].
///
/// # Errors
///
/// As [`plan_with`].
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
/// let plan = planwright_schedule::plan(&project)?;
/// assert_eq!(plan.critical_path().collect::<Vec<_>>(), [design, build]);
/// assert_eq!(plan.finish_offset(), Duration::days(8));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn plan(project: &Project) -> Result<Plan, Error> {
    plan_with(project, PlanOptions::default())
}

/// Plans a project: builds its precedence network, runs the critical path
/// method with the project's links, lags, constraints, deadlines, progress
/// and calendars, and rolls summary tasks up.
///
/// Stated rules:
///
/// - A task works on its own calendar; without one, on its first assigned
///   resource's calendar if that resource has one; otherwise on the project
///   calendar. Lags count on the successor's calendar. Constraint, deadline,
///   status and actual dates are read on the project calendar.
/// - A summary task's dates roll up from the tasks under it (start = min,
///   finish = max). A link on a summary task applies to every task under it:
///   for FS/SS into a summary and FS/FF out of one that is exactly the
///   literal meaning; for FF/SF into and SS/SF out of a summary it is
///   stricter, and a [`Warning::SummaryLinkStricter`] says so.
/// - Milestones have zero duration; their finish date is their start date.
///
/// # Errors
///
/// [`Error::Cycle`] naming the tasks on a dependency cycle (a link between
/// a summary and a task under it is a cycle); [`Error::Core`] when a date
/// leaves chrono's range; [`Error::OutOfRange`] for durations and lags that
/// add up beyond what a schedule can hold.
///
/// # Complexity
///
/// O(V + E) plus calendar conversions for the reported dates.
pub fn plan_with(project: &Project, options: impl Into<PlanOptions>) -> Result<Plan, Error> {
    let options = options.into();
    let origin = project.start();
    let pcal = project.project_calendar();
    let pcal_id = project.calendar_id_of_project();
    let n = project.task_count();
    let offset = |at: NaiveDateTime| -> Duration { pcal.work_between(origin, at) };

    let mut b =
        NetworkBuilder::with_capacity(n, project.links().len()).with_calendar(origin, pcal.clone());
    let mut cal_index: HashMap<CalendarId, u32> = HashMap::from([(pcal_id, 0)]);
    let mut warnings = Vec::new();

    for (id, task) in project.tasks() {
        let a = if task.is_summary() {
            b.add_virtual(task.key.clone())?
        } else {
            b.add_activity(task.key.clone(), task.duration)?
        };
        debug_assert_eq!(a.index(), id.index());
        let cid = project.task_calendar_id(task);
        if cid != pcal_id {
            let idx = match cal_index.get(&cid) {
                Some(&i) => i,
                None => {
                    let cal = project
                        .calendar(cid)
                        .ok_or(planwright_core::Error::UnknownId {
                            entity: planwright_core::Entity::Calendar,
                            id: cid.get(),
                        })?;
                    let i = b.add_calendar(cal.clone())?;
                    cal_index.insert(cid, i);
                    i
                }
            };
            b.set_calendar(a, idx)?;
        }
        if task.is_summary() {
            continue;
        }
        let c = match task.constraint {
            Constraint::AsSoonAsPossible => ActivityConstraint::AsSoonAsPossible,
            Constraint::AsLateAsPossible => ActivityConstraint::AsLateAsPossible,
            Constraint::StartNoEarlierThan(d) => ActivityConstraint::StartNoEarlierThan(offset(d)),
            Constraint::StartNoLaterThan(d) => ActivityConstraint::StartNoLaterThan(offset(d)),
            Constraint::FinishNoEarlierThan(d) => {
                ActivityConstraint::FinishNoEarlierThan(offset(d))
            }
            Constraint::FinishNoLaterThan(d) => ActivityConstraint::FinishNoLaterThan(offset(d)),
            Constraint::MustStartOn(d) => ActivityConstraint::MustStartOn(offset(d)),
            Constraint::MustFinishOn(d) => ActivityConstraint::MustFinishOn(offset(d)),
        };
        b.set_constraint(a, c)?;
        if let Some(dl) = task.deadline {
            b.set_deadline(a, offset(dl))?;
        }
        let p = &task.progress;
        match (p.actual_start, p.actual_finish) {
            (Some(s), Some(f)) => b.set_progress(
                a,
                ActivityProgress::Finished {
                    actual_start: offset(s),
                    actual_finish: offset(f),
                },
            )?,
            (Some(s), None) => b.set_progress(
                a,
                ActivityProgress::Started {
                    actual_start: offset(s),
                    remaining: task.remaining_duration(),
                },
            )?,
            _ => {}
        }
    }
    if let Some(st) = options.status_date {
        b.set_status_date(offset(st))?;
    }
    b.set_progress_mode(options.progress_mode);

    // Links, with summary endpoints expanded through helper activities.
    let leaves = leaves_of(project);
    struct Sink<'b>(&'b mut NetworkBuilder);
    impl LinkSink for Sink<'_> {
        fn helper(&mut self, name: String) -> Result<u32, Error> {
            Ok(self.0.add_virtual(name)?.get())
        }
        fn link(&mut self, from: u32, to: u32, kind: LinkKind, lag: Duration) -> Result<(), Error> {
            self.0
                .add_link(ActivityId::new(from), ActivityId::new(to), kind, lag)
        }
    }
    warnings.extend(route_links(project, &leaves, &mut Sink(&mut b))?);

    let network = b.build()?;
    let schedule = network.schedule()?;
    let finish_offset = schedule.project_finish();
    // The finish reads on the project calendar with finish semantics, the
    // same in every calendar mode.
    let finish = pcal.finish_at(origin, finish_offset)?;

    // Rows.
    let mut tasks: Vec<TaskPlan> = Vec::with_capacity(n);
    for (id, task) in project.tasks() {
        let a = ActivityId::new(id.get());
        if task.is_summary() {
            tasks.push(rollup_placeholder(id, task, origin));
            continue;
        }
        // The network has the project calendar, so every activity it
        // issued has dates.
        let unknown = || Error::UnknownActivity { id: a.get() };
        let dates = schedule.dates(a)?.ok_or_else(unknown)?;
        let times = schedule.times(a).ok_or_else(unknown)?;
        let alap = task.constraint == Constraint::AsLateAsPossible && !task.progress.is_started();
        let (start, finish) = if alap {
            (dates.late_start, dates.late_finish)
        } else {
            (dates.early_start, dates.early_finish)
        };
        let tf = times.total_float;
        let critical = schedule.is_critical(a);
        tasks.push(TaskPlan {
            task: id,
            key: task.key.clone(),
            start,
            finish,
            dates,
            offsets: TaskOffsets {
                early_start: times.early_start,
                early_finish: times.early_finish,
                late_start: times.late_start,
                late_finish: times.late_finish,
            },
            total_float: tf,
            free_float: times.free_float,
            critical,
            near_critical: !critical
                && !task.progress.is_finished()
                && tf > Duration::ZERO
                && tf <= options.near_critical,
            kind: task.kind,
        });
        if tf.is_negative() {
            warnings.push(Warning::NegativeFloat {
                task: task.key.clone(),
                float: tf,
            });
        }
        if let Some(dl) = task.deadline
            && dates.early_finish > dl
        {
            warnings.push(Warning::DeadlineMissed {
                task: task.key.clone(),
                deadline: dl,
                finish: dates.early_finish,
            });
        }
    }
    // Summaries roll up from their leaves (children before parents is not
    // needed: leaves are leaf tasks).
    for (id, task) in project.tasks() {
        if !task.is_summary() || leaves[id.index()].is_empty() {
            continue;
        }
        let rows: Vec<&TaskPlan> = leaves[id.index()]
            .iter()
            .map(|l| &tasks[l.index()])
            .collect();
        let min =
            |f: fn(&TaskPlan) -> NaiveDateTime| rows.iter().map(|r| f(r)).min().unwrap_or(origin);
        let max =
            |f: fn(&TaskPlan) -> NaiveDateTime| rows.iter().map(|r| f(r)).max().unwrap_or(origin);
        let omin =
            |f: fn(&TaskPlan) -> Duration| rows.iter().map(|r| f(r)).min().unwrap_or_default();
        let omax =
            |f: fn(&TaskPlan) -> Duration| rows.iter().map(|r| f(r)).max().unwrap_or_default();
        let row = TaskPlan {
            task: id,
            key: task.key.clone(),
            start: min(|r| r.start),
            finish: max(|r| r.finish),
            dates: ActivityDates {
                early_start: min(|r| r.dates.early_start),
                early_finish: max(|r| r.dates.early_finish),
                late_start: min(|r| r.dates.late_start),
                late_finish: max(|r| r.dates.late_finish),
            },
            offsets: TaskOffsets {
                early_start: omin(|r| r.offsets.early_start),
                early_finish: omax(|r| r.offsets.early_finish),
                late_start: omin(|r| r.offsets.late_start),
                late_finish: omax(|r| r.offsets.late_finish),
            },
            total_float: omin(|r| r.total_float),
            free_float: omin(|r| r.free_float),
            critical: rows.iter().any(|r| r.critical),
            near_critical: !rows.iter().any(|r| r.critical) && rows.iter().any(|r| r.near_critical),
            kind: TaskKind::Summary,
        };
        tasks[id.index()] = row;
    }
    // Out-of-sequence progress.
    for (_, link) in project.links() {
        if link.kind != LinkKind::FinishToStart {
            continue;
        }
        let (Some(p), Some(s)) = (project.task(link.from), project.task(link.to)) else {
            continue;
        };
        if p.is_summary() || s.is_summary() {
            continue;
        }
        if let Some(started) = s.progress.actual_start {
            // Out of sequence: started before the predecessor's finish plus
            // the lag (a lead allows an earlier start).
            let early = match p.progress.actual_finish {
                None => true,
                Some(f) => offset(started) < offset(f) + link.lag,
            };
            if early {
                warnings.push(Warning::OutOfSequence {
                    task: s.key.clone(),
                    predecessor: p.key.clone(),
                });
            }
        }
    }

    let critical_paths = schedule
        .critical_paths(options.max_critical_paths)
        .into_iter()
        .map(|path| {
            path.into_iter()
                .filter(|a| a.index() < n)
                .map(|a| TaskId::new(a.get()))
                .collect::<Vec<_>>()
        })
        .filter(|p| !p.is_empty())
        .collect();

    Ok(Plan {
        tasks,
        start: origin,
        finish,
        finish_offset,
        critical_paths,
        warnings,
        link_count: project.links().len(),
        options,
        network,
        schedule,
    })
}

/// Where [`route_links`] puts activities and links: task `i` is node `i`;
/// helpers get the next node numbers.
pub(crate) trait LinkSink {
    /// Adds a zero-duration helper node and returns its number.
    fn helper(&mut self, name: String) -> Result<u32, Error>;
    /// Adds a link between nodes.
    fn link(&mut self, from: u32, to: u32, kind: LinkKind, lag: Duration) -> Result<(), Error>;
}

/// Adds the project's links to `sink`, routing links on summary tasks
/// through up to four helpers per summary (see [`plan_with`] for the rule):
/// *finish* (every leaf → helper, FF), *start* (every leaf → helper, SS),
/// *gate* (helper → every leaf, SS), *finish gate* (helper → every leaf, FF).
/// Returns the warnings the rule raises.
pub(crate) fn route_links(
    project: &Project,
    leaves: &[Vec<TaskId>],
    sink: &mut dyn LinkSink,
) -> Result<Vec<Warning>, Error> {
    let mut warnings = Vec::new();
    let mut helpers: HashMap<(TaskId, u8), u32> = HashMap::new();
    let mut endpoint = |tid: TaskId,
                        task: &Task,
                        role: u8,
                        sink: &mut dyn LinkSink,
                        warnings: &mut Vec<Warning>|
     -> Result<u32, Error> {
        if !task.is_summary() {
            return Ok(tid.get());
        }
        if leaves[tid.index()].is_empty() {
            warnings.push(Warning::EmptySummary {
                task: task.key.clone(),
            });
        }
        if let Some(&h) = helpers.get(&(tid, role)) {
            return Ok(h);
        }
        let (suffix, kind, inward) = match role {
            0 => ("finish", LinkKind::FinishToFinish, true),
            1 => ("start", LinkKind::StartToStart, true),
            2 => ("gate", LinkKind::StartToStart, false),
            _ => ("finish gate", LinkKind::FinishToFinish, false),
        };
        let h = sink.helper(format!("{} ({suffix})", task.key))?;
        for &leaf in &leaves[tid.index()] {
            if inward {
                sink.link(leaf.get(), h, kind, Duration::ZERO)?;
            } else {
                sink.link(h, leaf.get(), kind, Duration::ZERO)?;
            }
        }
        helpers.insert((tid, role), h);
        Ok(h)
    };
    for (_, link) in project.links() {
        let from_task = project.task(link.from).ok_or(Error::UnknownActivity {
            id: link.from.get(),
        })?;
        let to_task = project
            .task(link.to)
            .ok_or(Error::UnknownActivity { id: link.to.get() })?;
        let from_role = if link.kind.from_finish() { 0 } else { 1 };
        let to_role = if link.kind.to_finish() { 3 } else { 2 };
        let f = endpoint(link.from, from_task, from_role, sink, &mut warnings)?;
        let t = endpoint(link.to, to_task, to_role, sink, &mut warnings)?;
        if (from_task.is_summary() && !link.kind.from_finish())
            || (to_task.is_summary() && link.kind.to_finish())
        {
            warnings.push(Warning::SummaryLinkStricter {
                from: from_task.key.clone(),
                to: to_task.key.clone(),
                kind: link.kind,
            });
        }
        sink.link(f, t, link.kind, link.lag)?;
    }
    Ok(warnings)
}

/// The leaf (non-summary) tasks under each task, by task index.
pub(crate) fn leaves_of(project: &Project) -> Vec<Vec<TaskId>> {
    let n = project.task_count();
    let mut children: Vec<Vec<TaskId>> = vec![Vec::new(); n];
    for (id, t) in project.tasks() {
        if let Some(p) = t.parent {
            children[p.index()].push(id);
        }
    }
    let mut leaves = vec![Vec::new(); n];
    for (id, t) in project.tasks() {
        if !t.is_summary() {
            continue;
        }
        let mut stack = children[id.index()].clone();
        let mut out = Vec::new();
        while let Some(c) = stack.pop() {
            match project.task(c) {
                Some(ct) if ct.is_summary() => stack.extend(children[c.index()].iter().copied()),
                Some(_) => out.push(c),
                None => {}
            }
        }
        out.sort_unstable();
        leaves[id.index()] = out;
    }
    leaves
}

fn rollup_placeholder(id: TaskId, task: &Task, origin: NaiveDateTime) -> TaskPlan {
    TaskPlan {
        task: id,
        key: task.key.clone(),
        start: origin,
        finish: origin,
        dates: ActivityDates {
            early_start: origin,
            early_finish: origin,
            late_start: origin,
            late_finish: origin,
        },
        offsets: TaskOffsets {
            early_start: Duration::ZERO,
            early_finish: Duration::ZERO,
            late_start: Duration::ZERO,
            late_finish: Duration::ZERO,
        },
        total_float: Duration::ZERO,
        free_float: Duration::ZERO,
        critical: false,
        near_critical: false,
        kind: TaskKind::Summary,
    }
}

impl Plan {
    /// The row of a task.
    #[must_use]
    pub fn task(&self, id: TaskId) -> Option<&TaskPlan> {
        self.tasks.get(id.index())
    }

    /// All rows, in task id order.
    pub fn tasks(&self) -> impl ExactSizeIterator<Item = &TaskPlan> {
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
    pub fn critical_path(&self) -> impl Iterator<Item = TaskId> + '_ {
        self.critical_paths.first().into_iter().flatten().copied()
    }

    /// Every critical path (up to the option's limit).
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
