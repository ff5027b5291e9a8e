//! The scheduling engine of planwright: precedence networks and the
//! critical path method with all link types, lags, constraints, calendars and
//! progress.
//!
//! ```
//! use planwright_core::{Duration, Link, Project, Task};
//!
//! let mut project = Project::new("Website relaunch");
//! let design = project.add_task(Task::new("design").duration(Duration::days(3)))?;
//! let build = project.add_task(Task::new("build").duration(Duration::days(5)))?;
//! let docs = project.add_task(Task::new("docs").duration(Duration::days(2)))?;
//! project.add_link(Link::finish_to_start(design, build))?;
//! project.add_link(Link::start_to_start(build, docs).lag(Duration::days(1)))?;
//!
//! let plan = planwright_schedule::plan(&project)?;
//! assert_eq!(plan.critical_path().collect::<Vec<_>>(), [design, build]);
//! let docs_row = plan.task(docs).unwrap();
//! assert_eq!(docs_row.total_float, Duration::days(2));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # Overview
//!
//! - [`plan`] / [`plan_with`]: schedule a [`planwright_core::Project`] and
//!   get a [`Plan`]: per-task dates, floats and critical flags, the critical
//!   path(s), driving chains, warnings, baselines.
//! - [`level`] / [`level_plan`]: resource leveling within float or with
//!   delay, on resource calendars, with the reason for every move
//!   ([`LevelingResult`]).
//! - [`rcpsp`]: resource-constrained project scheduling — instances, PSPLIB
//!   formats, a generator, [`verify`](rcpsp::verify), lower bounds, and the
//!   [`Scheduler`](rcpsp::Scheduler) trait with priority rules, sampling and
//!   a genetic algorithm under schedule-counted budgets; a benchmark harness.
//! - [`Network`] (built with [`NetworkBuilder`] or [`Network::from_arrays`])
//!   and [`Schedule`]: the engine-level precedence network and its critical
//!   path method result, for callers who bring their own data. petgraph
//!   names dependency cycles; the passes run over compact arrays in
//!   topological order. [`sampling`] holds the Monte Carlo kernel.
//! - [`Error`]: one error type; messages name the offending activity.
//!
//! # Entry points and what they cost
//!
//! | call | time | memory |
//! |---|---|---|
//! | [`plan`] | O(V + E) plus a calendar conversion per reported date | O(V + E) |
//! | [`level`] | O(V · days searched · resources) per pass × budget | O(resources × days spanned) |
//! | [`Scheduler::solve`](rcpsp::Scheduler::solve) | O(budget × (n + E) × k) | O(n × k + horizon × k / 4) |
//!
//! V activities (tasks plus summary helpers), E links, n activities and k
//! resources of an instance; each entry point's `# Complexity` section says
//! more.
//!
//! # Time
//!
//! Durations and lags are working time ([`planwright_core::Duration`]).
//! With one calendar the engine counts that calendar's working minutes and
//! runs on plain integers; with several, it counts elapsed minutes and asks
//! each activity's calendar. Results are offsets on the project calendar and
//! date-times.
//!
//! # Crate features
//!
//! - `serde`: `Serialize`/`Deserialize` for result and option types.
//! - `parallel`: multi-threaded searches (results identical for any thread
//!   count).
//!
//! # Minimum supported Rust version
//!
//! Rust 1.85 (checked in CI with that toolchain). Raising it is a minor-version
//! change.

#![cfg_attr(docsrs, feature(doc_cfg))]

mod clock;
mod cpm;
mod cycle;
mod error;
mod leveling;
mod network;
mod plan;
pub mod rcpsp;
pub mod sampling;
mod worktable;

pub use cpm::{ActivityDates, Critical, Driver, DrivingStep, Schedule, Workspace};
pub use error::Error;
pub use leveling::{
    DelayReason, Histogram, LeveledTask, Leveling, LevelingOptions, LevelingOrder, LevelingResult,
    OverAllocation, Unresolvable, Usage, level, level_plan,
};
pub use network::{
    ActivityConstraint, ActivityId, ActivityProgress, Links, Network, NetworkBuilder, ProgressMode,
    TopologicalOrder,
};
pub use plan::{Plan, PlanOptions, TaskOffsets, TaskPlan, Warning, plan, plan_with};

pub use planwright_core;

#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;
