//! Risk management for planwright projects: a risk register with
//! configurable scoring, responses and tracking; Monte Carlo schedule risk
//! analysis; throughput forecasting.
//!
//! ```
//! use planwright_core::{Money, chrono::NaiveDate};
//! use planwright_risk::{Assessment, Dimension, ImpactInput, Risk, RiskRegister, SortBy};
//!
//! let t0 = NaiveDate::from_ymd_opt(2026, 1, 5).unwrap().and_hms_opt(9, 0, 0).unwrap();
//! let mut reg = RiskRegister::default(); // 5x5 matrix: low / medium / high / critical
//! let late = reg.add(Risk::threat("vendor-late").category("external/suppliers"), t0)?;
//! let reuse = reg.add(Risk::opportunity("reuse-sso").category("technical"), t0)?;
//! reg.assess(late, Assessment::new(t0, 0.7).impact(Dimension::Cost, ImpactInput::Cost(Money::major(60_000))))?;
//! reg.assess(reuse, Assessment::new(t0, 0.5).impact(Dimension::Cost, ImpactInput::Cost(Money::major(10_000))))?;
//! assert_eq!(reg.top(1, SortBy::Score)?, [late]);
//! // 70 % is probability level 4, 60,000 is cost level 4: score 16, band "critical".
//! assert_eq!(reg.band(late)?.as_deref(), Some("critical"));
//! assert_eq!(reg.total_exposure()?, Money::major(-42_000 + 5_000));
//! # Ok::<(), planwright_risk::Error>(())
//! ```
//!
//! # Overview
//!
//! - [`RiskRegister`]: the aggregate — [`Risk`]s (threats and
//!   opportunities) with a guarded [`RiskStatus`] lifecycle, assessment
//!   history, [`Response`]s with [`Action`]s, secondary risks; queries
//!   (filter, sort, top-N, heat map, exposure by category, contingency
//!   reserve), tracking given `now`, trends and exposure over time.
//! - [`ScoringPolicy`]: [`Scale`]s for probability and each impact
//!   [`Dimension`], how dimensions aggregate, and the probability–impact
//!   [`Matrix`] of bands; [`ScoringPolicy::evaluate`] turns an
//!   [`Assessment`] into an [`Evaluation`] (score, band, EMV).
//! - [`simulate`]: Monte Carlo schedule risk analysis of a project with a
//!   [`Simulation`] — [`DurationDist`]s per task, [`Correlation`] groups
//!   (Iman–Conover), [`RiskEvent`]s (from the register with
//!   [`RiskEvent::from_register`]), early stop, costs — giving a
//!   [`SimulationReport`]: finish [`Stats`] and dates, histogram, CDF,
//!   probabilities of a date (and a budget), per task [`TaskRisk`]
//!   (criticality, sensitivity, cruciality, SSI), per event its
//!   [`RiskContribution`]. Same seed, same report, on any thread count.
//! - [`ThroughputHistory`]: throughput forecasting for ongoing work —
//!   [`ThroughputHistory::when`] N items will be done and
//!   [`ThroughputHistory::how_many`] will be done by a date.
//! - [`Error`]: one error type; messages name the risk, task or setting.
//!
//! # Crate features
//!
//! - `serde`: `Serialize`/`Deserialize` on every public type.
//! - `parallel`: Monte Carlo on all cores (results identical for any
//!   thread count).
//!
//! # Minimum supported Rust version
//!
//! Rust 1.85 (checked in CI with that toolchain). Raising it is a minor-version
//! change.

#![cfg_attr(docsrs, feature(doc_cfg))]

mod distribution;
mod error;
mod forecast;
mod montecarlo;
mod register;
mod scoring;

pub use distribution::DurationDist;
pub use error::Error;
pub use forecast::{Forecast, HowManyForecast, MAX_DAYS, ThroughputHistory, WhenForecast};
pub use montecarlo::{
    Bin, Correlation, EarlyStop, MAX_BINS, MAX_ITERATIONS, MAX_TRACKED_VALUES, RiskContribution,
    RiskEvent, RiskImpact, Simulation, SimulationReport, Stats, TaskRisk, TrackedTask, simulate,
    simulate_plan,
};
pub use register::{
    Action, ActionStatus, Alert, Filter, HeatMap, IssueRecord, Response, Risk, RiskId, RiskLink,
    RiskRegister, RiskStatus, RiskStatusChange, SortBy, Strategy, TrackOptions,
};
pub use scoring::{
    Aggregation, Assessment, Dimension, Evaluation, ImpactInput, Matrix, ProbabilityInput,
    RiskKind, Scale, ScaleLevel, ScoringPolicy,
};

pub use planwright_core;
pub use planwright_schedule;

#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;
