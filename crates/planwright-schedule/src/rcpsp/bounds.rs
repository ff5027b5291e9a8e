//! Lower bounds on the optimal makespan.

use super::instance::Instance;

/// Lower bounds of an instance's makespan. Every bound is valid for any
/// feasible schedule.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub struct LowerBounds {
    /// LB0: the critical path length (resources ignored).
    pub critical_path: u32,
    /// LB1: for each resource, total work divided by capacity (rounded up);
    /// the largest over resources. Uses each resource's largest capacity.
    pub energy: u32,
    /// Destructive improvement with energetic reasoning: the smallest
    /// horizon `T ≥ max(LB0, LB1)` for which no time window is overloaded
    /// by the work that must fall inside it (activity windows from the
    /// precedence network under `T`). At least as strong as the others.
    pub energetic: u32,
}

impl LowerBounds {
    /// The best of the bounds.
    #[must_use]
    pub fn best(&self) -> u32 {
        self.critical_path.max(self.energy).max(self.energetic)
    }
}

/// LB0 and LB1 only: cheap (O(n·k + E)).
///
/// # Complexity
///
/// O(n × k + E) for n activities, k resources and E precedences.
#[must_use]
pub fn quick_lower_bound(instance: &Instance) -> u32 {
    instance.critical_path_length().max(energy_bound(instance))
}

fn energy_bound(instance: &Instance) -> u32 {
    let mut best = 0u64;
    for (r, prof) in instance.resources().iter().enumerate() {
        let cap = u64::from(prof.max());
        if cap == 0 {
            continue;
        }
        let work: u64 = (0..instance.len())
            .map(|j| u64::from(instance.durations()[j]) * u64::from(instance.demands_of(j)[r]))
            .sum();
        best = best.max(work.div_ceil(cap));
    }
    best.min(u64::from(u32::MAX)) as u32
}

/// Computes every lower bound.
///
/// The energetic bound tests horizons upward from `max(LB0, LB1)`, at most
/// `max_steps` of them (each test costs O(W · n · k) for the W candidate
/// windows, W = O(n²)); if every tested horizon is refuted, the bound is the
/// last refuted one plus one.
///
/// # Complexity
///
/// O(n + E) for the critical-path and energy bounds; the energetic
/// reasoning bound O(steps × W × n × k) for W = O(n²) windows.
///
/// # Example
///
/// ```
/// use planwright_schedule::rcpsp::{Instance, ResourceProfile, lower_bounds};
///
/// // Three unit activities that each need the whole resource: LB1 = 3.
/// let inst = Instance::new("t", vec![1, 1, 1], vec![ResourceProfile::constant(2)],
///     vec![vec![2], vec![2], vec![2]], vec![])?;
/// let lb = lower_bounds(&inst, 50);
/// assert_eq!((lb.critical_path, lb.energy, lb.best()), (1, 3, 3));
/// # Ok::<(), planwright_schedule::Error>(())
/// ```
#[must_use]
pub fn lower_bounds(instance: &Instance, max_steps: u32) -> LowerBounds {
    let critical_path = instance.critical_path_length();
    let energy = energy_bound(instance);
    let mut t = critical_path.max(energy);
    let mut steps = 0;
    while steps < max_steps && overloaded(instance, t) {
        t += 1;
        steps += 1;
    }
    LowerBounds {
        critical_path,
        energy,
        energetic: t,
    }
}

/// `true` when horizon `t` is impossible: some window `[a, b)` needs more
/// work of some resource than the resource offers in it. An activity with
/// window [es, lf] and duration d must work at least
/// `max(0, min(d, b − a, es + d − a, b − (lf − d)))` inside `[a, b)`.
fn overloaded(instance: &Instance, t: u32) -> bool {
    let n = instance.len();
    let d = instance.durations();
    let es = instance.earliest_starts();
    let ls = instance.latest_starts(i64::from(t));
    if (0..n).any(|j| ls[j] < es[j]) {
        return true;
    }
    let mut points: Vec<i64> = Vec::with_capacity(4 * n);
    for j in 0..n {
        if d[j] == 0 {
            continue;
        }
        let dj = i64::from(d[j]);
        points.extend([es[j], es[j] + dj, ls[j], ls[j] + dj]);
    }
    points.sort_unstable();
    points.dedup();
    let k = instance.resource_count();
    for (ia, &a) in points.iter().enumerate() {
        for &b in &points[ia + 1..] {
            let mut need = vec![0i64; k];
            for j in 0..n {
                if d[j] == 0 {
                    continue;
                }
                let dj = i64::from(d[j]);
                let m = dj.min(b - a).min(es[j] + dj - a).min(b - ls[j]);
                if m <= 0 {
                    continue;
                }
                for (r, need_r) in need.iter_mut().enumerate() {
                    *need_r += m * i64::from(instance.demands_of(j)[r]);
                }
            }
            for (r, &need_r) in need.iter().enumerate() {
                if need_r > (b - a) * i64::from(instance.resources()[r].max()) {
                    return true;
                }
            }
        }
    }
    false
}
