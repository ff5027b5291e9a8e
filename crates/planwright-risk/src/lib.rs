//! Risk management for planwright projects.
//!
//! This release holds no risk register yet; it lands in the next releases.
//! The crate re-exports the domain model and the scheduling engine it builds
//! on.
//!
//! ```
//! use planwright_risk::planwright_core::Project;
//!
//! assert_eq!(Project::new("empty").task_count(), 0);
//! ```
//!
//! # Minimum supported Rust version
//!
//! Rust 1.88.

pub use planwright_core;
pub use planwright_schedule;
