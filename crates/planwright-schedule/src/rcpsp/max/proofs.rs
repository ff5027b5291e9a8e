//! Why an instance has no schedule: the proofs from lags and resources.

use core::fmt;

use super::MaxInstance;
use super::temporal::{NONE, Temporal};

/// Why an RCPSP/max instance has no schedule.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub enum Infeasibility {
    /// The time lags form a cycle of positive length: an activity would
    /// have to start after itself.
    PositiveCycle {
        /// The activities on the cycle, in lag order (0-based).
        cycle: Vec<u32>,
        /// The sum of the lags around it.
        length: i64,
    },
    /// An activity needs more of a resource than it has.
    Demand {
        /// The activity.
        activity: u32,
        /// The resource (0-based).
        resource: u32,
        /// The demand.
        demand: u32,
        /// The capacity.
        capacity: u32,
    },
    /// Pairs that cannot run together (too much of a resource) but can
    /// run in one order only were put in that order, and then `then`
    /// followed: usually two activities forced to overlap.
    ForcedOrders {
        /// The orders forced, `(first, second)`: `second` starts after
        /// `first` finishes.
        forced: Vec<(u32, u32)>,
        /// What the forced orders lead to.
        then: Box<Infeasibility>,
    },
    /// The lags force two activities to overlap in time, and together
    /// they need more of a resource than it has.
    Overlap {
        /// One activity.
        first: u32,
        /// The other.
        second: u32,
        /// The resource (0-based).
        resource: u32,
        /// Their demands together.
        demand: u32,
        /// The capacity.
        capacity: u32,
    },
}

impl fmt::Display for Infeasibility {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Infeasibility::PositiveCycle { cycle, length } => {
                write!(f, "positive cycle of time lags ")?;
                for j in cycle.iter().chain(cycle.first()) {
                    write!(f, "#{j} -> ")?;
                }
                write!(f, "(length {length})")
            }
            Infeasibility::Demand {
                activity,
                resource,
                demand,
                capacity,
            } => write!(
                f,
                "activity #{activity} needs {demand} of resource #{resource}, capacity {capacity}"
            ),
            Infeasibility::ForcedOrders { forced, then } => {
                write!(f, "forced orders")?;
                for (a, b) in forced {
                    write!(f, " #{a} before #{b};")?;
                }
                write!(f, " then {then}")
            }
            Infeasibility::Overlap {
                first,
                second,
                resource,
                demand,
                capacity,
            } => write!(
                f,
                "the lags make #{first} and #{second} overlap; together they need {demand} of resource #{resource}, capacity {capacity}"
            ),
        }
    }
}

/// A proof from resources alone: a demand above a capacity, or two
/// activities the lags force to overlap whose demands exceed one.
pub(super) fn resource_proof(inst: &MaxInstance, t: &Temporal) -> Option<Infeasibility> {
    let n = inst.len();
    let caps = &inst.capacities;
    for j in 0..n {
        if inst.durations[j] == 0 {
            continue;
        }
        for (r, (&q, &c)) in inst.demands_of(j).iter().zip(caps).enumerate() {
            if q > c {
                return Some(Infeasibility::Demand {
                    activity: j as u32,
                    resource: r as u32,
                    demand: q,
                    capacity: c,
                });
            }
        }
    }
    for i in 0..n {
        let pi = i64::from(inst.durations[i]);
        if pi == 0 {
            continue;
        }
        for j in i + 1..n {
            let pj = i64::from(inst.durations[j]);
            if pj == 0 {
                continue;
            }
            // S_j − S_i ∈ [d_ij, −d_ji]; they overlap for every offset
            // x with −p_j < x < p_i.
            let (lo, hi) = (t.at(i, j), t.at(j, i));
            if lo == NONE || hi == NONE || lo <= -pj || -hi >= pi {
                continue;
            }
            let (a, b) = (inst.demands_of(i), inst.demands_of(j));
            for (r, &c) in caps.iter().enumerate() {
                let q = u64::from(a[r]) + u64::from(b[r]);
                if q > u64::from(c) {
                    return Some(Infeasibility::Overlap {
                        first: i as u32,
                        second: j as u32,
                        resource: r as u32,
                        demand: q.min(u64::from(u32::MAX)) as u32,
                        capacity: c,
                    });
                }
            }
        }
    }
    None
}
