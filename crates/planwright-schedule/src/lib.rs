//! The scheduling engine of planwright.
//!
//! This release holds no engine yet: the critical path method, RCPSP
//! heuristics, leveling and the PSPLIB formats land in the next releases. The
//! crate re-exports the domain model it will schedule.
//!
//! ```
//! use planwright_schedule::planwright_core::Project;
//!
//! let project = Project::new("empty");
//! assert_eq!(project.task_count(), 0);
//! ```
//!
//! # Minimum supported Rust version
//!
//! Rust 1.88.

pub use planwright_core;
