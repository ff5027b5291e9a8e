//! RCPSP/max: single-mode resource-constrained scheduling with minimum
//! and maximum start-to-start time lags.
//!
//! A time lag `(i, j, l)` requires `S_j ≥ S_i + l`; a negative `l` is a
//! maximum time lag read the other way round (`S_i ≤ S_j + |l|`), so the
//! time-lag network may have cycles, and with resources even finding a
//! feasible schedule is NP-hard. [`MaxInstance`] holds such an instance
//! (ProGen/max `.sch` files through [`parse_sch`] / [`write_sch`]);
//! [`MaxSampling`] schedules it with a serial generation scheme that
//! unschedules and repairs (after Franck, Neumann and Schwindt), sampled
//! under priority rules within a [`Budget`], after propagating the orders
//! that pairs of activities must keep; the answer is a schedule, a proof
//! that none exists ([`Infeasibility`]: a positive cycle of lags, a demand
//! above a capacity, or pairs forced to overlap), or "none found within
//! the budget" — never a loop.
//!
//! ```
//! use planwright_schedule::rcpsp::{Budget, MaxInstance, MaxOutcome, MaxSampling, TimeLag, verify_max};
//!
//! // a (3) and b (2) on one machine of capacity 1; b must start at most
//! // 1 after a starts (a maximum lag), and not before it.
//! let inst = MaxInstance::new(
//!     "window",
//!     vec![3, 2],
//!     vec![1],
//!     vec![vec![1], vec![1]],
//!     vec![TimeLag::new(0, 1, 0), TimeLag::new(1, 0, -1)],
//! )?;
//! // They would have to overlap: no schedule exists, and the reason says why.
//! let out = MaxSampling::default().solve(&inst, &Budget::new(100))?;
//! assert!(matches!(out, MaxOutcome::Infeasible(_)));
//!
//! // With a window of 3 the machine takes a, then b.
//! let inst = MaxInstance::new(
//!     "window",
//!     vec![3, 2],
//!     vec![1],
//!     vec![vec![1], vec![1]],
//!     vec![TimeLag::new(0, 1, 0), TimeLag::new(1, 0, -3)],
//! )?;
//! let MaxOutcome::Schedule(s) = MaxSampling::default().solve(&inst, &Budget::new(100))? else {
//!     panic!("feasible");
//! };
//! assert_eq!((s.starts.clone(), s.makespan), (vec![0, 3], 5));
//! assert!(verify_max(&inst, &s.starts).is_ok());
//! # Ok::<(), planwright_schedule::Error>(())
//! ```

mod generate;
mod proofs;
mod sch;
mod solve;
mod temporal;
mod verify;

pub use generate::{MaxGeneratorConfig, generate_max};
pub use proofs::Infeasibility;
pub use sch::{parse_sch, write_sch};
pub use solve::{MaxOutcome, MaxSampling};
pub use temporal::Temporal;
pub use verify::{MaxViolation, verify_max};

use super::instance::{MAX_TIME, check_demands, check_durations};
use crate::Error;

/// The most activities a [`MaxInstance`] may have: the temporal analysis
/// keeps all-pairs longest paths (n² words, O(n³) time once per solve).
pub const MAX_ACTIVITIES: usize = 2_048;

/// A start-to-start time lag: `S_to ≥ S_from + lag`. A negative lag is a
/// maximum time lag of `to` before `from`... read as `S_from ≤ S_to − lag`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub struct TimeLag {
    /// The activity the lag counts from (0-based).
    pub from: u32,
    /// The activity it constrains.
    pub to: u32,
    /// The lag in time units (negative: a maximum lag the other way).
    pub lag: i32,
}

impl TimeLag {
    /// `S_to ≥ S_from + lag`.
    #[must_use]
    pub const fn new(from: u32, to: u32, lag: i32) -> Self {
        TimeLag { from, to, lag }
    }
}

/// An RCPSP/max instance: activities with durations and demands on
/// renewable resources of constant capacity, and start-to-start time lags
/// (minimum and maximum). Activities are numbered `0..n` in input order;
/// for ProGen/max files the dummy source and sink are included.
///
/// An activity that needs more than a capacity is accepted (the solver
/// proves the instance infeasible), unlike [`super::Instance`].
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(
    feature = "serde",
    serde(try_from = "MaxInstanceRepr", into = "MaxInstanceRepr")
)]
pub struct MaxInstance {
    name: String,
    durations: Vec<u32>,
    capacities: Vec<u32>,
    /// `demands[j * k + r]`.
    demands: Vec<u32>,
    lags: Vec<TimeLag>,
}

#[cfg(feature = "serde")]
#[derive(serde::Serialize, serde::Deserialize)]
struct MaxInstanceRepr {
    name: String,
    durations: Vec<u32>,
    capacities: Vec<u32>,
    demands: Vec<Vec<u32>>,
    lags: Vec<TimeLag>,
}

#[cfg(feature = "serde")]
impl TryFrom<MaxInstanceRepr> for MaxInstance {
    type Error = Error;
    fn try_from(r: MaxInstanceRepr) -> Result<Self, Error> {
        MaxInstance::new(r.name, r.durations, r.capacities, r.demands, r.lags)
    }
}

#[cfg(feature = "serde")]
impl From<MaxInstance> for MaxInstanceRepr {
    fn from(i: MaxInstance) -> Self {
        let demands = (0..i.len()).map(|j| i.demands_of(j).to_vec()).collect();
        MaxInstanceRepr {
            name: i.name,
            durations: i.durations,
            capacities: i.capacities,
            demands,
            lags: i.lags,
        }
    }
}

impl MaxInstance {
    /// Builds and validates an instance. `demands[j][r]` is activity `j`'s
    /// need of resource `r`.
    ///
    /// # Errors
    ///
    /// [`Error::TooLarge`] beyond [`MAX_ACTIVITIES`] activities or 65,535
    /// resources; [`Error::LengthMismatch`] when `demands` is not one row
    /// per activity and one column per resource; [`Error::UnknownActivity`]
    /// for a lag naming an activity that does not exist;
    /// [`Error::PeriodsOutOfRange`] for a duration or lag beyond
    /// [`MAX_TIME`].
    pub fn new(
        name: impl Into<String>,
        durations: Vec<u32>,
        capacities: Vec<u32>,
        demands: Vec<Vec<u32>>,
        lags: Vec<TimeLag>,
    ) -> Result<Self, Error> {
        let (n, k) = (durations.len(), capacities.len());
        if n > MAX_ACTIVITIES {
            return Err(Error::TooLarge {
                what: "RCPSP/max activities",
                limit: MAX_ACTIVITIES as u64,
            });
        }
        check_demands(n, k, &demands)?;
        check_durations(&durations)?;
        for l in &lags {
            for x in [l.from, l.to] {
                if x as usize >= n {
                    return Err(Error::UnknownActivity { id: x });
                }
            }
            if l.lag.unsigned_abs() > MAX_TIME {
                return Err(Error::PeriodsOutOfRange {
                    key: format!("#{} -> #{}", l.from, l.to),
                    what: "lag",
                    value: i64::from(l.lag),
                    limit: i64::from(MAX_TIME),
                });
            }
        }
        Ok(MaxInstance {
            name: name.into(),
            durations,
            capacities,
            demands: demands.into_iter().flatten().collect(),
            lags,
        })
    }

    /// The instance's name.
    #[must_use]
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Renames the instance.
    pub fn set_name(&mut self, name: impl Into<String>) {
        self.name = name.into();
    }

    /// The number of activities.
    #[must_use]
    pub fn len(&self) -> usize {
        self.durations.len()
    }

    /// `true` without activities.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.durations.is_empty()
    }

    /// Durations, by activity.
    #[must_use]
    pub fn durations(&self) -> &[u32] {
        &self.durations
    }

    /// Resource capacities.
    #[must_use]
    pub fn capacities(&self) -> &[u32] {
        &self.capacities
    }

    /// Activity `j`'s demands, one per resource.
    ///
    /// # Panics
    ///
    /// When `j` is not an activity index (a caller bug).
    #[must_use]
    pub fn demands_of(&self, j: usize) -> &[u32] {
        let k = self.capacities.len();
        &self.demands[j * k..(j + 1) * k]
    }

    /// The time lags as given.
    #[must_use]
    pub fn lags(&self) -> &[TimeLag] {
        &self.lags
    }

    /// The temporal analysis: all-pairs longest start-to-start distances,
    /// or the positive cycle that makes every schedule impossible.
    ///
    /// # Errors
    ///
    /// [`Infeasibility::PositiveCycle`] naming the cycle and its length.
    ///
    /// # Complexity
    ///
    /// O(n·m) to look for a cycle, then O(n³) time and n² words.
    pub fn temporal(&self) -> Result<Temporal, Infeasibility> {
        Temporal::new(self)
    }

    /// The same instance in mirrored time: a schedule `S` of one is
    /// `M − S − p` of the other (`M` its makespan), so every lag
    /// `S_to ≥ S_from + l` becomes `S'_from ≥ S'_to + l + p_to − p_from`.
    fn reversed(&self) -> MaxInstance {
        let p = |j: u32| i64::from(self.durations[j as usize]);
        MaxInstance {
            name: self.name.clone(),
            durations: self.durations.clone(),
            capacities: self.capacities.clone(),
            demands: self.demands.clone(),
            lags: self
                .lags
                .iter()
                .map(|l| {
                    // |l| and the durations are at most 2^24: fits in i32.
                    let w = i64::from(l.lag) + p(l.to) - p(l.from);
                    TimeLag::new(l.to, l.from, w as i32)
                })
                .collect(),
        }
    }

    /// The time-lag lower bound on the makespan: the latest earliest
    /// finish with every start ≥ 0 (the longest source-to-sink path for
    /// ProGen/max instances); `None` when the lags have a positive cycle.
    ///
    /// # Complexity
    ///
    /// O(n·m) (Bellman–Ford), without the all-pairs analysis.
    #[must_use]
    pub fn lower_bound(&self) -> Option<u32> {
        // Earliest starts suffice (Bellman–Ford); no all-pairs analysis.
        let es = temporal::earliest_starts(self).ok()?;
        let lb = es
            .iter()
            .zip(&self.durations)
            .map(|(&s, &p)| s + i64::from(p))
            .max()
            .unwrap_or(0);
        Some(lb.clamp(0, i64::from(u32::MAX)) as u32)
    }
}
