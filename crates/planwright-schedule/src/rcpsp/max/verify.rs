//! Checking a schedule against every lag and capacity.

use core::fmt;

use super::{MaxInstance, TimeLag};

/// Why a schedule is not feasible for an RCPSP/max instance.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub enum MaxViolation {
    /// The number of starts differs from the number of activities.
    Length {
        /// Activities.
        expected: usize,
        /// Starts given.
        got: usize,
    },
    /// A time lag is not kept: `S_to < S_from + lag`.
    Lag {
        /// The lag.
        lag: TimeLag,
    },
    /// A resource is over its capacity at a time.
    Capacity {
        /// The resource (0-based).
        resource: u32,
        /// The time unit.
        time: u32,
        /// The usage.
        usage: u64,
        /// The capacity.
        capacity: u32,
    },
}

impl fmt::Display for MaxViolation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            MaxViolation::Length { expected, got } => {
                write!(f, "expected {expected} starts, got {got}")
            }
            MaxViolation::Lag { lag } => write!(
                f,
                "start of #{} is less than start of #{} plus {}",
                lag.to, lag.from, lag.lag
            ),
            MaxViolation::Capacity {
                resource,
                time,
                usage,
                capacity,
            } => write!(
                f,
                "resource #{resource} at time {time}: {usage} used, capacity {capacity}"
            ),
        }
    }
}

/// Checks a schedule against every time lag and capacity.
///
/// # Errors
///
/// The first [`MaxViolation`] found.
pub fn verify_max(inst: &MaxInstance, starts: &[u32]) -> Result<(), MaxViolation> {
    if starts.len() != inst.len() {
        return Err(MaxViolation::Length {
            expected: inst.len(),
            got: starts.len(),
        });
    }
    for l in &inst.lags {
        if i64::from(starts[l.to as usize]) < i64::from(starts[l.from as usize]) + i64::from(l.lag)
        {
            return Err(MaxViolation::Lag { lag: *l });
        }
    }
    // Events: usage changes at starts and finishes.
    for (r, &cap) in inst.capacities.iter().enumerate() {
        let mut ev: Vec<(u64, i64)> = Vec::new();
        for (j, &s) in starts.iter().enumerate() {
            let q = inst.demands_of(j)[r];
            let p = inst.durations[j];
            if q > 0 && p > 0 {
                ev.push((u64::from(s), i64::from(q)));
                ev.push((u64::from(s) + u64::from(p), -i64::from(q)));
            }
        }
        // Finishes before starts at the same time.
        ev.sort_unstable_by_key(|&(t, q)| (t, q));
        let mut used = 0i64;
        for (t, q) in ev {
            used += q;
            if used > i64::from(cap) {
                return Err(MaxViolation::Capacity {
                    resource: r as u32,
                    time: t.min(u64::from(u32::MAX)) as u32,
                    usage: used as u64,
                    capacity: cap,
                });
            }
        }
    }
    Ok(())
}
