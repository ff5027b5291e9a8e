//! Resource-constrained project scheduling (RCPSP): instances, formats,
//! lower bounds, schedule generation schemes, priority rules, sampling,
//! justification, a genetic algorithm, and a benchmark harness; and
//! RCPSP/max, with minimum and maximum time lags ([`MaxInstance`],
//! [`MaxSampling`], [`parse_sch`]: see the `max` items below).
//!
//! ```
//! use planwright_schedule::rcpsp::{Budget, GeneticAlgorithm, Instance, Precedence, ResourceProfile,
//!     Scheduler, verify};
//!
//! // Four activities on one resource of capacity 2.
//! let inst = Instance::new(
//!     "demo",
//!     vec![3, 2, 2, 1],
//!     vec![ResourceProfile::constant(2)],
//!     vec![vec![2], vec![1], vec![1], vec![2]],
//!     vec![Precedence::finish_to_start(0, 3)],
//! )?;
//! let solution = GeneticAlgorithm::default().solve(&inst, &Budget::new(1_000).seed(7))?;
//! assert!(verify(&inst, &solution.starts).is_ok());
//! assert_eq!(solution.makespan, 6); // 0 runs alone, 1 and 2 together, then 3
//! # Ok::<(), planwright_schedule::Error>(())
//! ```

mod bounds;
mod formats;
mod from_project;
mod ga;
mod generator;
mod harness;
mod instance;
mod max;
mod rules;
mod scheduler;
mod sgs;
mod verify;

pub use bounds::{LowerBounds, lower_bounds, quick_lower_bound};
pub use formats::{
    ParseError, SmInfo, parse_rcp, parse_sm, parse_sm_with_info, write_rcp, write_sm,
};
pub use from_project::ProjectInstance;
pub use ga::GaConfig;
pub(crate) use ga::{crossover, mutate_between};
pub use generator::{GeneratorConfig, MAX_GENERATED, generate};
pub use harness::{Known, Problem, RunResult, Summary, instance_seed, run, run_one, summarize};
pub use instance::{Instance, MAX_TIME, Precedence, ResourceProfile, Solution};
pub use max::{
    Infeasibility, MAX_ACTIVITIES, MaxGeneratorConfig, MaxInstance, MaxOutcome, MaxSampling,
    MaxViolation, Temporal, TimeLag, generate_max, parse_sch, verify_max, write_sch,
};
pub use rules::PriorityRule;
pub use scheduler::{
    Budget, GeneticAlgorithm, ListDecoder, PaceCheck, Sampling, Scheduler, Scheme, SinglePass,
    StopCheck, justify, parallel_list_schedule, scheduler, schedulers, serial_list_schedule,
};
pub use verify::{Violation, verify};
