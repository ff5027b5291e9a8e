//! The independent feasibility check of a schedule.

use core::fmt;

use planwright_core::LinkKind;

use super::Instance;

/// Why a schedule is infeasible: the exact link or resource and time.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub enum Violation {
    /// The schedule has the wrong number of start times.
    Length {
        /// Activities in the instance.
        expected: usize,
        /// Starts given.
        got: usize,
    },
    /// A precedence relation is broken (activities numbered from 0).
    Precedence {
        /// Predecessor.
        from: u32,
        /// Successor.
        to: u32,
        /// The relation.
        kind: LinkKind,
        /// Its lag.
        lag: i32,
    },
    /// A resource is over capacity at a time.
    Resource {
        /// The resource (numbered from 0).
        resource: u32,
        /// The time unit.
        time: u32,
        /// Total demand then.
        used: u64,
        /// Capacity then.
        capacity: u32,
    },
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Violation::Length { expected, got } => {
                write!(f, "expected {expected} start times, got {got}")
            }
            Violation::Precedence {
                from,
                to,
                kind,
                lag,
            } => {
                write!(
                    f,
                    "activity #{to} starts too early for the link #{from} {kind}{lag:+} #{to}"
                )
            }
            Violation::Resource {
                resource,
                time,
                used,
                capacity,
            } => write!(
                f,
                "resource #{resource} is over capacity at time {time}: {used} used of {capacity}"
            ),
        }
    }
}

/// Checks a schedule independently of the engines: every precedence
/// relation and every resource at every time unit.
///
/// # Errors
///
/// The first [`Violation`] found: precedences in input order, then resources
/// by time.
///
/// # Complexity
///
/// O(E + k × (n log n + steps)) for E precedences, k resources, n activities
/// and the profiles' capacity steps: an event sweep, independent of the durations.
///
/// # Example
///
/// ```
/// use planwright_schedule::rcpsp::{Instance, Precedence, ResourceProfile, Violation, verify};
///
/// let inst = Instance::new("t", vec![2, 2], vec![ResourceProfile::constant(1)],
///     vec![vec![1], vec![1]], vec![])?;
/// assert!(verify(&inst, &[0, 2]).is_ok());
/// assert_eq!(verify(&inst, &[0, 1]).unwrap_err().to_string(),
///     "resource #0 is over capacity at time 1: 2 used of 1");
/// # Ok::<(), planwright_schedule::Error>(())
/// ```
pub fn verify(instance: &Instance, starts: &[u32]) -> Result<(), Violation> {
    let n = instance.len();
    if starts.len() != n {
        return Err(Violation::Length {
            expected: n,
            got: starts.len(),
        });
    }
    let d = instance.durations();
    for p in instance.precedences() {
        let (sf, st) = (
            i64::from(starts[p.from as usize]),
            i64::from(starts[p.to as usize]),
        );
        let (df, dt) = (i64::from(d[p.from as usize]), i64::from(d[p.to as usize]));
        let lag = i64::from(p.lag);
        let ok = match p.kind {
            LinkKind::FinishToStart => st >= sf + df + lag,
            LinkKind::StartToStart => st >= sf + lag,
            LinkKind::FinishToFinish => st + dt >= sf + df + lag,
            LinkKind::StartToFinish => st + dt >= sf + lag,
        };
        if !ok {
            return Err(Violation::Precedence {
                from: p.from,
                to: p.to,
                kind: p.kind,
                lag: p.lag,
            });
        }
    }
    // Event sweep per resource: usage changes at starts and finishes,
    // capacity changes at profile steps.
    for (r, profile) in instance.resources().iter().enumerate() {
        let mut events: Vec<(u32, i64)> = Vec::with_capacity(2 * n);
        for j in 0..n {
            let q = i64::from(instance.demands_of(j)[r]);
            if q > 0 && d[j] > 0 {
                events.push((starts[j], q));
                events.push((starts[j].saturating_add(d[j]), -q));
            }
        }
        events.sort_unstable();
        let steps = profile.as_steps();
        // `si`: the first capacity step after the current time (steps and
        // events are both sorted, so one pass over each).
        let mut si = 0;
        let mut used: i64 = 0;
        let mut i = 0;
        while i < events.len() {
            let t = events[i].0;
            while i < events.len() && events[i].0 == t {
                used += events[i].1;
                i += 1;
            }
            while si < steps.len() && steps[si].0 <= t {
                si += 1;
            }
            // Usage is constant on [t, next event); capacity may step inside.
            let next = events.get(i).map_or(t, |e| e.0);
            let at_t = (t, steps[si.saturating_sub(1)].1);
            let check = |time: u32, cap: u32| {
                if used > i64::from(cap) {
                    Err(Violation::Resource {
                        resource: r as u32,
                        time,
                        used: used as u64,
                        capacity: cap,
                    })
                } else {
                    Ok(())
                }
            };
            if used > 0 {
                check(at_t.0, at_t.1)?;
            }
            while si < steps.len() && steps[si].0 < next {
                if used > 0 {
                    check(steps[si].0, steps[si].1)?;
                }
                si += 1;
            }
        }
    }
    Ok(())
}
