//! Resource leveling for real projects: resource-feasible plans within float
//! or with delay, honouring calendars, constraints and priorities, with the
//! reason for every move.
//!
//! - `options.rs`: the modes and [`LevelingOptions`];
//! - `result.rs`: what leveling returns ([`LevelingResult`] and its rows);
//! - `model.rs`: the calendar-aware model — day-by-day capacity,
//!   placements and the serial placement of one activity;
//! - `build.rs`: the model built from the project and its plan (activities,
//!   demands, inherited priorities, links, resources), the plan's own
//!   placements and the usage of a set of placements;
//! - `search.rs`: the serial generation scheme over an order and the
//!   with-delay search over orders;
//! - `smooth.rs`: minimum-moment smoothing within float;
//! - `report.rs`: over-allocations, histograms and the rows with reasons.

mod build;
mod model;
mod options;
mod report;
mod result;
mod search;
mod smooth;

pub use options::{Leveling, LevelingOptions, LevelingOrder};
pub use result::{
    DelayReason, Histogram, LeveledTask, LevelingResult, OverAllocation, Unresolvable, Usage,
};

use planwright_core::Project;

use crate::Error;
use crate::plan::{Plan, PlanOptions, plan_with};

/// Levels a project's resources. See [`Leveling`] for the two modes and
/// [`LevelingOptions`] for the rest.
///
/// Rules:
///
/// - Over-allocation is judged **day by day**: a resource can work its units
///   × the working minutes of its calendar that day; a task books its
///   units × the minutes it works that day on its own calendar.
/// - Tasks are placed one by one in the chosen order, each after its placed
///   predecessors (every link type and lag), at its earliest
///   resource-feasible start, trying one working day later at a time. A
///   task inherits the highest priority of its successors, so a
///   high-priority task is never delayed for a lower one unless precedence
///   forces it; tasks of priority 1000, finished and started tasks, and
///   must-start/finish-on tasks are never moved.
/// - Within float a task starts no later than its critical-path late start
///   (so the finish and deadlines hold); what still conflicts is reported in
///   [`LevelingResult::remaining`]. Then usage is smoothed: tasks move inside
///   their remaining float to the position with the least sum of squared
///   daily usage (the minimum-moment objective), never creating an
///   over-allocation.
/// - With delay, activity lists are searched within the budget (the
///   genetic algorithm of the RCPSP engine on this calendar-aware
///   placement, seeded by the single-pass rules; a task may go before a
///   predecessor that leads it when that predecessor still fits before the
///   link's date), keeping each task's inherited priority class in order; the shortest resource-feasible
///   result wins (ties: the smaller sum of finishes, then the first found).
/// - The result is re-checked from scratch; `feasible` is that check.
///   With delay, an over-allocation can remain only when no date helps,
///   and each remaining one says which ([`Unresolvable`]): a task's units
///   above the resource's capacity, a task working on its own calendar
///   more hours than the resource's calendar gives that day, or tasks that
///   may not move (started, must-start/finish-on, priority 1000, outside
///   the range) overlapping. Within float, a conflict also remains when
///   resolving it would delay the finish or a deadline.
///
/// # Errors
///
/// As [`crate::plan_with`] (the leveling starts from the critical-path
/// schedule); [`Error::Core`] for dates out of chrono's range or a resource
/// in [`LevelingOptions::resources`] the project does not have;
/// [`Error::InvalidParameter`] for a range that ends before it starts;
/// [`Error::LevelingSpan`] naming a task that would span more than 20
/// years of days (leveling's memory and time are bounded by that span).
///
/// # Complexity
///
/// One critical-path plan ([`crate::plan`]) plus [`level_plan`].
///
/// # Example
///
/// ```
/// use planwright_core::{Duration, Project, Resource, Task, Units};
/// use planwright_schedule::{Leveling, level};
/// # let start = planwright_core::chrono::NaiveDate::from_ymd_opt(2026, 3, 2).unwrap().and_hms_opt(8, 0, 0).unwrap();
///
/// let mut p = Project::new("p");
/// p.set_start(start);
/// let ana = p.add_resource(Resource::person("ana"))?;
/// let a = p.add_task(Task::new("a").duration(Duration::days(2)).assign(ana, Units::FULL))?;
/// let b = p.add_task(Task::new("b").duration(Duration::days(2)).assign(ana, Units::FULL))?;
/// let r = level(&p, Leveling::WithDelay)?;
/// assert!(r.feasible);
/// assert_eq!(r.task(b).unwrap().delay, Duration::days(2)); // after a
/// assert_eq!(r.task(b).unwrap().reason.as_ref().unwrap().yielded_to, ["a"]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn level(
    project: &Project,
    options: impl Into<LevelingOptions>,
) -> Result<LevelingResult, Error> {
    let opt: LevelingOptions = options.into();
    let mut plan_opts = PlanOptions::new();
    plan_opts.status_date = opt.status_date;
    let plan = plan_with(project, plan_opts)?;
    level_plan(project, &plan, opt)
}

/// Levels a project from a critical-path [`Plan`] the caller already has
/// (see [`level`] for the rules): the plan is not computed again.
///
/// # Errors
///
/// [`Error::PlanMismatch`] when the plan was not computed for this project
/// ([`Plan::check_project`]) or with another status date than
/// [`LevelingOptions::status_date`] (when that is set); otherwise as
/// [`level`].
///
/// # Complexity
///
/// Each placement scans at most four weeks of candidate days past the last
/// booked day, each O(resources of the task); a pass is O(V log V + V ×
/// days scanned × resources), and with delay the search runs `budget`
/// passes. Memory O(resources × days spanned + V).
///
/// # Example
///
/// ```
/// use planwright_core::{Duration, Project, Resource, Task, Units};
/// use planwright_schedule::{Leveling, level_plan, plan};
///
/// let mut p = Project::new("p");
/// let ana = p.add_resource(Resource::person("ana"))?;
/// p.add_task(Task::new("a").duration(Duration::days(2)).assign(ana, Units::FULL))?;
/// let b = p.add_task(Task::new("b").duration(Duration::days(2)).assign(ana, Units::FULL))?;
/// let plan = plan(&p)?; // shown to the user, then leveled
/// let r = level_plan(&p, &plan, Leveling::WithDelay)?;
/// assert_eq!(r.task(b).unwrap().delay, Duration::days(2));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn level_plan(
    project: &Project,
    plan: &Plan,
    options: impl Into<LevelingOptions>,
) -> Result<LevelingResult, Error> {
    let opt: LevelingOptions = options.into();
    plan.check_project(project)?;
    if opt.status_date.is_some() && opt.status_date != plan.options().status_date {
        return Err(Error::PlanMismatch {
            problem: "the leveling status date differs from the plan's",
        });
    }
    check_options(project, &opt)?;
    let mut model = model::Model::new(project, plan, &opt)?;

    // Before: the critical-path placements.
    let before_placed = model.critical_path_placements()?;
    let before_used = model.usage(&before_placed);
    let before = report::over_allocations(&mut model, &before_placed, &before_used);

    let (mut placed, conflicts) = search::search(&mut model, &opt)?;
    let mut used = model.usage(&placed);
    if model.within_float && opt.smooth {
        smooth::smooth(&mut model, &mut placed, &mut used)?;
    }

    // Independent re-check of the result.
    let check = model.usage(&placed);
    let remaining = report::over_allocations(&mut model, &placed, &check);
    let feasible = remaining.is_empty();

    let tasks = report::rows(&model, &placed, &conflicts);
    // Both finishes measured the same way: the latest task finish.
    let finish_before = tasks
        .iter()
        .map(|t| t.original_finish)
        .max()
        .unwrap_or_else(|| plan.finish());
    let finish_after = tasks
        .iter()
        .map(|t| t.finish)
        .max()
        .unwrap_or(finish_before);
    let histograms = report::histograms(&mut model, project, &before_used, &used);
    Ok(LevelingResult {
        mode: opt.mode,
        tasks,
        before,
        remaining,
        feasible,
        finish_before,
        finish_after,
        histograms,
    })
}

/// Options that would make leveling silently do nothing are errors: a
/// resource the project does not have, a date range that ends before it
/// starts.
fn check_options(project: &Project, opt: &LevelingOptions) -> Result<(), Error> {
    if let Some(ids) = &opt.resources {
        if let Some(bad) = ids.iter().find(|r| project.resource(**r).is_none()) {
            return Err(planwright_core::Error::UnknownId {
                entity: planwright_core::Entity::Resource,
                id: bad.get(),
            }
            .into());
        }
    }
    if let Some((from, to)) = opt.range {
        if to < from {
            return Err(Error::InvalidParameter {
                name: "leveling range",
                value: format!("{from} to {to}"),
                expected: "a range that ends on or after its start",
            });
        }
    }
    Ok(())
}
