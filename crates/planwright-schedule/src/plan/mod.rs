//! Planning a `planwright_core` project: build its network, run the critical
//! path method, and return a schedule a UI can show directly.
//!
//! - `mod.rs`: [`plan`] / [`plan_with`], in steps: the network, the rows,
//!   the summary roll-up, out-of-sequence progress, the critical paths;
//! - `options.rs`: [`PlanOptions`];
//! - `result.rs`: [`Plan`], [`TaskPlan`], [`Warning`];
//! - `links.rs`: links on summary tasks through helper activities.

mod links;
mod options;
mod result;

use std::collections::HashMap;

use chrono::NaiveDateTime;
use planwright_core::{
    CalendarId, Constraint, Duration, LinkKind, Project, Task, TaskId, TaskKind,
};

pub(crate) use links::{Hierarchy, LinkSink, hierarchy, route_links};
pub use options::PlanOptions;
pub use result::{Plan, TaskOffsets, TaskPlan, Warning};

use crate::cpm::ActivityDates;
use crate::network::{ActivityConstraint, ActivityId, ActivityProgress, Network, NetworkBuilder};
use crate::{Error, Schedule};

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
/// O(V + E) plus calendar conversions for the reported dates. With one
/// calendar the passes run in working minutes and convert only the
/// reported dates. With several (task or resource calendars), the passes
/// run in elapsed minutes and each conversion is a lookup in that
/// calendar's working-time table: a record per day (working intervals and
/// cumulative work) and an index over the working days, built over the
/// days the schedule reaches (from a week before the start, grown by
/// doubling, at most a century; beyond it the calendar's own walk
/// answers). Memory: about 16 bytes per day, 12 per working interval and
/// 30 per eight-hour working day, per distinct calendar — about 20 KB a
/// year of office days, independent of the number of tasks. A table answers exactly what the
/// calendar answers.
///
/// # Example
///
/// ```
/// use planwright_core::chrono::NaiveDate;
/// use planwright_core::{Duration, Link, Progress, Project, Task};
/// use planwright_schedule::{PlanOptions, plan_with};
///
/// let at = |d: u32, h: u32| NaiveDate::from_ymd_opt(2026, 3, d).unwrap().and_hms_opt(h, 0, 0).unwrap();
/// let mut p = Project::new("p");
/// p.set_start(at(2, 8)); // a Monday
/// let a = p.add_task(Task::new("a").duration(Duration::days(2)).progress(Progress::finished(at(2, 8), at(3, 17))))?;
/// let b = p.add_task(Task::new("b").duration(Duration::days(2)))?;
/// p.add_link(Link::finish_to_start(a, b))?;
/// // Status on Thursday morning: b has not started, so it starts then.
/// let plan = plan_with(&p, PlanOptions::new().status_date(at(5, 8)))?;
/// assert_eq!(plan.task(b).unwrap().start, at(5, 8));
/// assert_eq!(plan.finish(), at(6, 17));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn plan_with(project: &Project, options: impl Into<PlanOptions>) -> Result<Plan, Error> {
    let mut options = options.into();
    // The project's status date unless the call overrides it; the plan
    // records the one it used.
    options.status_date = options.status_date.or(project.status_date());
    let origin = project.start();
    let n = project.task_count();
    let wbs = hierarchy(project);
    let (network, mut warnings) = build_network(project, &options, &wbs)?;
    let schedule = network.schedule()?;
    let finish_offset = schedule.project_finish();
    // The finish reads on the project calendar with finish semantics, the
    // same in every calendar mode.
    let finish = project
        .project_calendar()
        .finish_at(origin, finish_offset)?;

    let mut tasks = task_rows(project, &schedule, &options, &mut warnings)?;
    roll_up(project, &wbs, &mut tasks);
    warnings.extend(out_of_sequence(project));
    if options.status_date.is_none() {
        if let Some((_, t)) = project.tasks().find(|(_, t)| t.progress.is_started()) {
            warnings.push(Warning::ProgressWithoutStatusDate {
                task: t.key.clone(),
            });
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

    Ok(Plan::new(
        project,
        tasks,
        finish,
        finish_offset,
        critical_paths,
        warnings,
        options,
        network,
        schedule,
    ))
}

/// The project's network: one activity per task (summaries as helpers),
/// calendars, constraints, deadlines, progress, the status date, and the
/// links with summary endpoints routed through helper activities.
fn build_network(
    project: &Project,
    options: &PlanOptions,
    wbs: &Hierarchy,
) -> Result<(Network, Vec<Warning>), Error> {
    let origin = project.start();
    let pcal = project.project_calendar();
    let pcal_id = project.calendar_id_of_project();
    let offset = |at: NaiveDateTime| -> Duration { pcal.work_between(origin, at) };
    let mut b = NetworkBuilder::with_capacity(project.task_count(), project.links().len())
        .with_calendar(origin, pcal.clone());
    let mut cal_index: HashMap<CalendarId, u32> = HashMap::from([(pcal_id, 0)]);
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
        b.set_constraint(a, activity_constraint(task.constraint, offset))?;
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
                    remaining: if options.status_date.is_some() {
                        task.remaining_duration()
                    } else {
                        // No status date says where the work stands: the
                        // completed part runs from the actual start and the
                        // remaining work follows it (MS Project's reading).
                        without_status_date(task)
                    },
                },
            )?,
            _ => {}
        }
    }
    if let Some(st) = options.status_date {
        b.set_status_date(offset(st))?;
    }
    b.set_progress_mode(options.progress_mode);

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
    let warnings = route_links(project, wbs, &mut Sink(&mut b))?;
    Ok((b.build()?, warnings))
}

/// What is left to schedule from a started task's actual start when there
/// is no status date: the completed part (`duration × percent`) followed by
/// the remaining work.
fn without_status_date(task: &Task) -> Duration {
    let percent = i128::from(task.progress.percent_complete.min(100));
    let done = i128::from(task.duration.as_minutes()) * percent / 100;
    let done = Duration::minutes(i64::try_from(done).unwrap_or(i64::MAX));
    done.saturating_add(task.remaining_duration())
}

/// A task's constraint as network offsets on the project calendar.
fn activity_constraint(
    c: Constraint,
    offset: impl Fn(NaiveDateTime) -> Duration,
) -> ActivityConstraint {
    match c {
        Constraint::AsSoonAsPossible => ActivityConstraint::AsSoonAsPossible,
        Constraint::AsLateAsPossible => ActivityConstraint::AsLateAsPossible,
        Constraint::StartNoEarlierThan(d) => ActivityConstraint::StartNoEarlierThan(offset(d)),
        Constraint::StartNoLaterThan(d) => ActivityConstraint::StartNoLaterThan(offset(d)),
        Constraint::FinishNoEarlierThan(d) => ActivityConstraint::FinishNoEarlierThan(offset(d)),
        Constraint::FinishNoLaterThan(d) => ActivityConstraint::FinishNoLaterThan(offset(d)),
        Constraint::MustStartOn(d) => ActivityConstraint::MustStartOn(offset(d)),
        Constraint::MustFinishOn(d) => ActivityConstraint::MustFinishOn(offset(d)),
    }
}

/// One row per task (summaries as placeholders until [`roll_up`]), with
/// negative-float and missed-deadline warnings.
fn task_rows(
    project: &Project,
    schedule: &Schedule,
    options: &PlanOptions,
    warnings: &mut Vec<Warning>,
) -> Result<Vec<TaskPlan>, Error> {
    let origin = project.start();
    let mut tasks: Vec<TaskPlan> = Vec::with_capacity(project.task_count());
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
        if let Some(dl) = task.deadline {
            if dates.early_finish > dl {
                warnings.push(Warning::DeadlineMissed {
                    task: task.key.clone(),
                    deadline: dl,
                    finish: dates.early_finish,
                });
            }
        }
    }
    Ok(tasks)
}

/// Summaries roll up from the tasks under them: earliest start, latest
/// finish, least float, critical when any task is. Bottom up over the WBS
/// (children before parents), so O(n) however deep it is; a summary
/// without any task keeps its placeholder row.
fn roll_up(project: &Project, wbs: &Hierarchy, tasks: &mut [TaskPlan]) {
    for &id in &wbs.post_order {
        let Some(task) = project.task(id) else {
            continue;
        };
        if !task.is_summary() || !wbs.has_leaf[id.index()] {
            continue;
        }
        let rows: Vec<&TaskPlan> = wbs.children[id.index()]
            .iter()
            .filter(|c| wbs.has_leaf[c.index()])
            .map(|c| &tasks[c.index()])
            .collect();
        let Some(first) = rows.first() else { continue };
        let mut row = TaskPlan {
            task: id,
            key: task.key.clone(),
            kind: TaskKind::Summary,
            ..(*first).clone()
        };
        for r in &rows[1..] {
            row.start = row.start.min(r.start);
            row.finish = row.finish.max(r.finish);
            row.dates.early_start = row.dates.early_start.min(r.dates.early_start);
            row.dates.early_finish = row.dates.early_finish.max(r.dates.early_finish);
            row.dates.late_start = row.dates.late_start.min(r.dates.late_start);
            row.dates.late_finish = row.dates.late_finish.max(r.dates.late_finish);
            row.offsets.early_start = row.offsets.early_start.min(r.offsets.early_start);
            row.offsets.early_finish = row.offsets.early_finish.max(r.offsets.early_finish);
            row.offsets.late_start = row.offsets.late_start.min(r.offsets.late_start);
            row.offsets.late_finish = row.offsets.late_finish.max(r.offsets.late_finish);
            row.total_float = row.total_float.min(r.total_float);
            row.free_float = row.free_float.min(r.free_float);
            row.critical |= r.critical;
        }
        row.near_critical = !row.critical && rows.iter().any(|r| r.near_critical);
        tasks[id.index()] = row;
    }
}

/// Tasks started before a finish-to-start predecessor finished (plus the
/// lag; a lead allows an earlier start).
fn out_of_sequence(project: &Project) -> Vec<Warning> {
    let origin = project.start();
    let pcal = project.project_calendar();
    let offset = |at: NaiveDateTime| -> Duration { pcal.work_between(origin, at) };
    let mut warnings = Vec::new();
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
    warnings
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
