//! Priority rules, single-pass heuristics and regret-biased random sampling.

use core::fmt;

use rand::{RngExt, SeedableRng};
use rand_xoshiro::Xoshiro256PlusPlus;

use super::instance::Instance;

/// A priority rule: which eligible activity to schedule next. Every rule
/// breaks ties by the lower activity index.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub enum PriorityRule {
    /// Latest finish time first (from the critical path method).
    Lft,
    /// Latest start time first.
    Lst,
    /// Most total successors (transitively) first.
    Mts,
    /// Greatest rank positional weight: own duration plus immediate
    /// successors' durations.
    Grpw,
    /// Minimum slack (latest minus earliest start) first.
    Mslk,
    /// Shortest processing time first.
    Spt,
    /// Longest processing time first.
    Lpt,
    /// Random order (seeded).
    Random,
}

impl PriorityRule {
    /// Every rule.
    pub const ALL: [PriorityRule; 8] = [
        PriorityRule::Lft,
        PriorityRule::Lst,
        PriorityRule::Mts,
        PriorityRule::Grpw,
        PriorityRule::Mslk,
        PriorityRule::Spt,
        PriorityRule::Lpt,
        PriorityRule::Random,
    ];

    /// The rule's short name (`lft`, `lst`, ...).
    #[must_use]
    pub const fn name(self) -> &'static str {
        match self {
            PriorityRule::Lft => "lft",
            PriorityRule::Lst => "lst",
            PriorityRule::Mts => "mts",
            PriorityRule::Grpw => "grpw",
            PriorityRule::Mslk => "mslk",
            PriorityRule::Spt => "spt",
            PriorityRule::Lpt => "lpt",
            PriorityRule::Random => "random",
        }
    }

    /// The precedence-feasible activity list of this rule: repeatedly the
    /// eligible activity with the best priority (ties by index).
    #[must_use]
    pub fn activity_list(self, instance: &Instance, seed: u64) -> Vec<u32> {
        list_by_priority(instance, &self.values(instance, seed))
    }

    /// Priority values: lower is scheduled first.
    #[must_use]
    pub fn values(self, instance: &Instance, seed: u64) -> Vec<f64> {
        let n = instance.len();
        let d = instance.durations();
        let cp = i64::from(instance.critical_path_length());
        match self {
            PriorityRule::Lft => instance
                .latest_starts(cp)
                .iter()
                .zip(d)
                .map(|(&s, &dd)| (s + i64::from(dd)) as f64)
                .collect(),
            PriorityRule::Lst => instance
                .latest_starts(cp)
                .iter()
                .map(|&s| s as f64)
                .collect(),
            PriorityRule::Mslk => {
                let es = instance.earliest_starts();
                let ls = instance.latest_starts(cp);
                (0..n).map(|j| (ls[j] - es[j]) as f64).collect()
            }
            PriorityRule::Mts => total_successors(instance)
                .into_iter()
                .map(|c| -(c as f64))
                .collect(),
            PriorityRule::Grpw => (0..n)
                .map(|j| {
                    let w: u64 = u64::from(d[j])
                        + instance
                            .succs(j)
                            .iter()
                            .map(|&(s, _)| u64::from(d[s as usize]))
                            .sum::<u64>();
                    -(w as f64)
                })
                .collect(),
            PriorityRule::Spt => d.iter().map(|&x| f64::from(x)).collect(),
            PriorityRule::Lpt => d.iter().map(|&x| -f64::from(x)).collect(),
            PriorityRule::Random => {
                let mut rng = Xoshiro256PlusPlus::seed_from_u64(seed);
                (0..n).map(|_| rng.random::<f64>()).collect()
            }
        }
    }
}

impl fmt::Display for PriorityRule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// The number of transitive successors of every activity (bitsets in
/// reverse topological order; O(n² / 64) words).
fn total_successors(instance: &Instance) -> Vec<u32> {
    let n = instance.len();
    let words = n.div_ceil(64);
    if n > 40_000 {
        // Bitsets would take too much memory: fall back to immediate ones.
        return (0..n).map(|j| instance.succs(j).len() as u32).collect();
    }
    let mut sets = vec![0u64; n * words];
    for &j in instance.topo().iter().rev() {
        let j = j as usize;
        for &(s, _) in instance.succs(j) {
            let s = s as usize;
            sets[j * words + s / 64] |= 1 << (s % 64);
            for w in 0..words {
                let v = sets[s * words + w];
                sets[j * words + w] |= v;
            }
        }
    }
    (0..n)
        .map(|j| {
            sets[j * words..(j + 1) * words]
                .iter()
                .map(|w| w.count_ones())
                .sum()
        })
        .collect()
}

/// Builds a precedence-feasible activity list by repeatedly taking the
/// eligible activity with the lowest value (ties by index).
pub(crate) fn list_by_priority(instance: &Instance, prio: &[f64]) -> Vec<u32> {
    let n = instance.len();
    let mut missing: Vec<u32> = (0..n).map(|j| instance.preds(j).len() as u32).collect();
    let mut heap: std::collections::BinaryHeap<core::cmp::Reverse<(OrdF64, u32)>> = (0..n)
        .filter(|&j| missing[j] == 0)
        .map(|j| core::cmp::Reverse((OrdF64(prio[j]), j as u32)))
        .collect();
    let mut out = Vec::with_capacity(n);
    while let Some(core::cmp::Reverse((_, j))) = heap.pop() {
        out.push(j);
        for &(s, _) in instance.succs(j as usize) {
            missing[s as usize] -= 1;
            if missing[s as usize] == 0 {
                heap.push(core::cmp::Reverse((OrdF64(prio[s as usize]), s)));
            }
        }
    }
    out
}

/// A total order on `f64` for heaps (values here are finite).
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct OrdF64(pub(crate) f64);

impl Eq for OrdF64 {}

impl PartialOrd for OrdF64 {
    fn partial_cmp(&self, other: &Self) -> Option<core::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for OrdF64 {
    fn cmp(&self, other: &Self) -> core::cmp::Ordering {
        self.0.total_cmp(&other.0)
    }
}

/// The regret-biased draw (Kolisch & Drexl) among `len` candidates with
/// values `value(i)` of a min-rule: candidate `i` with probability
/// proportional to `v_max − v_i + 1` (ε = 1, α = 1). `None` when there is
/// no candidate. Shared by [`biased_list`] (serial sampling) and the
/// parallel scheme's sampled pass.
pub(crate) fn regret_pick(
    len: usize,
    value: impl Fn(usize) -> f64,
    rng: &mut Xoshiro256PlusPlus,
) -> Option<usize> {
    if len == 0 {
        return None;
    }
    let vmax = (0..len).map(&value).fold(f64::MIN, f64::max);
    let total = (0..len).fold(0.0, |sum, i| sum + (vmax - value(i) + 1.0));
    let mut x = rng.random::<f64>() * total;
    for i in 0..len {
        let w = vmax - value(i) + 1.0;
        if x < w {
            return Some(i);
        }
        x -= w;
    }
    Some(len - 1)
}

/// Regret-biased random sampling (Kolisch & Drexl): a precedence-feasible
/// list where each step picks eligible activity `j` with probability
/// proportional to `(max regret − ... ) = (v_max − v_j + ε)^α` with ε = 1,
/// α = 1 for a min-rule with values `v`.
pub(crate) fn biased_list(
    instance: &Instance,
    prio: &[f64],
    rng: &mut Xoshiro256PlusPlus,
    out: &mut Vec<u32>,
) {
    let n = instance.len();
    out.clear();
    let mut missing: Vec<u32> = (0..n).map(|j| instance.preds(j).len() as u32).collect();
    let mut eligible: Vec<u32> = (0..n as u32)
        .filter(|&j| missing[j as usize] == 0)
        .collect();
    while let Some(pick) = regret_pick(eligible.len(), |i| prio[eligible[i] as usize], rng) {
        let j = eligible.swap_remove(pick);
        out.push(j);
        for &(s, _) in instance.succs(j as usize) {
            missing[s as usize] -= 1;
            if missing[s as usize] == 0 {
                eligible.push(s);
            }
        }
    }
}
