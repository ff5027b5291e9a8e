//! The domain model of planwright: projects and their lifecycle, tasks,
//! calendars, resources, and ongoing work on boards with workflows and
//! recurring work.
//!
//! `planwright-core` holds no scheduling mathematics (that is
//! `planwright-schedule`) and does no I/O: it validates what enters it, keeps
//! its invariants, and answers questions. "Now" is always an argument.
//!
//! ```
//! use chrono::NaiveDate;
//! use planwright_core::{Duration, Link, Phase, Project, Resource, Stakeholder, Task, Units};
//!
//! let mut project = Project::new("Website relaunch");
//! project.set_start(NaiveDate::from_ymd_opt(2026, 11, 2).unwrap().and_hms_opt(8, 0, 0).unwrap());
//! let ana = project.add_resource(Resource::person("ana").skill("design", 4))?;
//! let design = project.add_task(
//!     Task::new("design").duration(Duration::days(3)).assign(ana, Units::FULL),
//! )?;
//! let build = project.add_task(Task::new("build").duration(Duration::days(5)))?;
//! project.add_link(Link::finish_to_start(design, build))?; // unknown id, self link -> Err
//!
//! // Lifecycle gates list every unmet criterion.
//! let now = project.start();
//! let err = project.move_to_phase(Phase::Planning, now).unwrap_err();
//! assert!(err.to_string().contains("charter-approved"));
//! project.sign_off("charter-approved", "sponsor", now)?;
//! project.add_objective("Double online sign-ups");
//! project.add_stakeholder(Stakeholder::new("cmo", "sponsor"))?;
//! project.move_to_phase(Phase::Planning, now)?;
//! assert_eq!(project.phase(), Phase::Planning);
//! # Ok::<(), planwright_core::Error>(())
//! ```
//!
//! # Overview
//!
//! - [`Project`]: the aggregate for time-bound work — [`Task`]s (tasks,
//!   milestones, summaries), [`Link`]s (FS/SS/FF/SF with lag or lead),
//!   [`Resource`]s, [`Calendar`]s, [`Baseline`]s, stakeholders, scope, budget,
//!   and the [`Lifecycle`] with gate criteria.
//! - [`Calendar`]: working weeks, holidays and exceptions, with exact
//!   conversion between working-time offsets and date-times.
//! - [`Board`] and [`Workflow`]: ongoing work — states grouped to-do / in
//!   progress / done, allowed transitions, WIP limits, every status change
//!   recorded; [`RecurringWork`] spawns items from a [`Recurrence`].
//! - Work management: [`rank_wsjf`], [`rank_rice`], [`rank_weighted`],
//!   [`rank_moscow`], [`rank_eisenhower`] (stable rankings with score
//!   breakdowns); [`assign`] (optimal people-to-task assignment by skills,
//!   load and preferences); [`Automation`] (trigger → conditions → actions
//!   rules, pure evaluation, traced runs with loop protection);
//!   [`flow_metrics`] (lead and cycle time, throughput, WIP, age, cumulative
//!   flow, flow efficiency, service-level breaches).
//! - Project control: the project's status date (progress after it is an
//!   error); actual cost and work per task and assignment, physical percent
//!   complete; [`earned_value`] (PV from a baseline, EV from progress, AC
//!   from actuals, per task, rolled up the WBS and by week or month; its
//!   documentation states the rules and works an example).
//!   Underneath, [`PlannedValue`] (from a [`Baseline`] or by hand) and
//!   [`evm_status`] / [`evm_series`] (CV, SV, CPI, SPI, EAC variants, ETC,
//!   VAC, TCPI to BAC and EAC, earned schedule ES, SV(t), SPI(t), TSPI,
//!   IEAC(t)); every ratio without a meaning is `None`, never NaN.
//! - Scalars: [`Duration`] (working minutes), [`Units`], [`Money`],
//!   [`Priority`] — integers, so results are exact and reproducible.
//! - [`Error`]: one error type; every message names the offending item.
//!
//! # Identity
//!
//! Items have user-facing string keys (validated, unique per kind within
//! their container, kept across serde round trips) and dense typed ids
//! ([`TaskId`], [`ResourceId`], ...) issued by their container in insertion
//! order for O(1) access. Ids are never reused. An id from another container
//! that happens to be in range cannot be told apart; look items up by key at
//! boundaries where that matters.
//!
//! # Crate features
//!
//! - `serde`: `Serialize`/`Deserialize` for every public data type.
//!   Deserialization re-validates aggregates through the same checks as the
//!   builder methods, so untrusted input cannot create an invalid project or
//!   board.
//!
//! # Minimum supported Rust version
//!
//! Rust 1.85 (checked in CI with that toolchain). Raising it is a minor-version
//! change.

#![cfg_attr(docsrs, feature(doc_cfg))]

mod assign;
mod automation;
mod calendar;
mod control;
mod error;
mod evm;
mod flow;
mod id;
mod iter;
mod key;
mod lifecycle;
mod link;
mod prioritize;
mod project;
mod quantity;
mod recurrence;
mod resource;
mod stats;
mod task;
mod workflow;

pub use assign::{
    AssignmentPlan, AssignmentProblem, AssignmentWeights, Booking, MAX_WEIGHT, OpenTask, Pairing,
    Person, Unassigned, assign,
};
pub use automation::{
    Automation, CompareOp, Condition, Effect, Event, Firing, Notification, Outcome, Recipient,
    Rule, RuleAction, Trace, TraceStep, Trigger, priority_at_least,
};
pub use calendar::{Calendar, DaySchedule, WorkingTime};
pub use control::{EarnedBy, EvmOptions, EvmPoint, Period, ProjectEvm, TaskEvm, earned_value};
pub use error::{Entity, Error};
pub use evm::{EvmStatus, Measurement, PlannedValue, evm_series, evm_status};
pub use flow::{
    Breach, Elapsed, FlowMetrics, FlowOptions, ItemTimes, Percentiles, ServiceLevel, flow_metrics,
    item_times,
};
pub use id::{
    BaselineId, CalendarId, ItemId, LinkId, RecurringId, ResourceId, StakeholderId, StateId, TaskId,
};
pub use iter::{Children, Entries};
pub use key::{Key, KeyProblem, MAX_KEY_LEN};
pub use lifecycle::{
    Check, Gate, GateCriterion, Lifecycle, Phase, PhaseChange, SignOff, UnmetCriterion,
};
pub use link::{Link, LinkKind};
pub use prioritize::{
    Criterion, Moscow, Quadrant, Ranked, Rice, Wsjf, rank_eisenhower, rank_moscow, rank_rice,
    rank_weighted, rank_wsjf,
};
pub use project::{Baseline, BaselineEntry, Level, Project, Scope, Stakeholder};
pub use quantity::{Duration, MINUTES_PER_DAY, MINUTES_PER_WEEK, Money, Priority, Units};
pub use recurrence::{End, Frequency, MonthDay, NonWorkingDay, Nth, Recurrence, ShortMonth};
pub use resource::{Resource, ResourceKind};
pub use stats::nearest_rank;
pub use task::{
    Assignment, Constraint, MAX_SKILL_LEVEL, Progress, SkillRequirement, Task, TaskKind, ThreePoint,
};
pub use workflow::{
    Board, FieldValue, RecurringWork, StateCategory, StatusChange, WipLimit, WipLine, WipStatus,
    WorkItem, Workflow, WorkflowState,
};

/// Re-exported so users name the same chrono types the API uses.
pub use chrono;

#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;
