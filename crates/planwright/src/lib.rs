//! **planwright**: project management and work management as Rust libraries.
//!
//! *Project management* is time-bound work — a project moves through
//! initiation, planning, execution, monitoring & controlling and closing, and
//! is planned with tasks, dependencies, calendars and resources. *Work
//! management* is the ongoing flow of work — boards with workflows, WIP
//! limits, recurring work. planwright models both, and does no I/O: you pass
//! in data and `now`, it returns values and errors.
//!
//! This facade re-exports the workspace's crates and a [`prelude`]:
//!
//! | crate | what |
//! |---|---|
//! | [`planwright_core`] | domain model: projects, lifecycle, tasks, calendars, boards, recurrence |
//! | [`planwright_schedule`] | scheduling engine |
//! | [`planwright_risk`] | risk management |
//!
//! ```
//! use planwright::prelude::*;
//!
//! let mut project = Project::new("Website relaunch");
//! let design = project.add_task(Task::new("design").duration(Duration::days(3)))?;
//! let build = project.add_task(Task::new("build").duration(Duration::days(5)))?;
//! project.add_link(Link::finish_to_start(design, build))?;
//! assert_eq!(project.links().count(), 1);
//! # Ok::<(), planwright::core::Error>(())
//! ```
//!
//! Run the tour of everything that works with
//! `cargo run --release --example tour`.
//!
//! # Crate features
//!
//! - `serde` (default): `Serialize`/`Deserialize` on every public data type.
//! - `parallel`: use all cores where the engines can (results are identical
//!   for any thread count).
//! - `chart` (default): `planwright::chart` draws Gantt charts, resource
//!   histograms, risk heat maps and tornadoes, Monte Carlo and earned value
//!   S-curves and cumulative flow as SVG strings.
//! - `formats`: `planwright::formats` reads MS Project XML (MSPDI) files into a
//!   project, with warnings for what it approximates and the schedule MS
//!   Project saved (one more dependency: quick-xml).
//!
//! # Minimum supported Rust version
//!
//! Rust 1.85 (checked in CI with that toolchain). Raising it is a minor-version
//! change.

pub use planwright_core;
pub use planwright_risk;
pub use planwright_schedule;

/// Pictures as SVG strings (`planwright_chart`). Feature `chart` (default).
#[cfg(feature = "chart")]
pub use planwright_chart as chart;
/// The domain model (`planwright_core`), under a short name.
pub use planwright_core as core;
/// Project files in and out (`planwright_formats`): MS Project XML import.
/// Feature `formats`.
#[cfg(feature = "formats")]
pub use planwright_formats as formats;
/// Risk management (`planwright_risk`), under a short name.
pub use planwright_risk as risk;
/// The scheduling engine (`planwright_schedule`), under a short name.
pub use planwright_schedule as schedule;

/// The names most programs need: the domain model, the engines
/// ([`plan`](prelude::plan), [`level`](prelude::level),
/// [`simulate`](prelude::simulate), [`earned_value`](prelude::earned_value))
/// and their options and results.
///
/// ```
/// use planwright::prelude::*;
///
/// let mut project = Project::new("p");
/// let ana = project.add_resource(Resource::person("ana"))?;
/// let a = project.add_task(Task::new("a").duration(Duration::days(2)).assign(ana, Units::FULL))?;
/// let b = project.add_task(Task::new("b").three_point(Duration::days(1), Duration::days(2), Duration::days(4)))?;
/// project.add_link(Link::finish_to_start(a, b))?;
/// let schedule = plan(&project)?;
/// let leveled = level_plan(&project, &schedule, Leveling::WithDelay)?;
/// let risk = simulate_plan(&project, &schedule, &Simulation::new(&project).iterations(500))?;
/// assert!(leveled.feasible && risk.finish.p(80).is_some());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub mod prelude {
    pub use planwright_core::chrono::{NaiveDate, NaiveDateTime, Weekday};
    pub use planwright_core::{
        Baseline, Board, Calendar, Constraint, DaySchedule, Duration, EvmOptions, Link, LinkKind,
        Money, Phase, Priority, Progress, Project, ProjectEvm, Recurrence, RecurringWork, Resource,
        ResourceId, StateCategory, Task, TaskId, Units, WipLimit, WorkItem, Workflow, WorkingTime,
        earned_value,
    };
    pub use planwright_risk::{
        Assessment, DurationDist, Risk, RiskEvent, RiskRegister, Simulation, SimulationReport,
        simulate, simulate_plan,
    };
    pub use planwright_schedule::{
        Leveling, LevelingOptions, LevelingResult, Plan, PlanOptions, level, level_plan, plan,
        plan_with,
    };
}

#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;
