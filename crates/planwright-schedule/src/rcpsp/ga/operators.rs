//! The variation operators on activity lists: two-point and peak
//! crossover, insertion mutation (shared with leveling's search).

use rand::RngExt;
use rand_xoshiro::Xoshiro256PlusPlus;

use super::Individual;
use crate::rcpsp::instance::Instance;

/// Two-point crossover (Hartmann): the child takes `mother[..q1]`, then the
/// next `q2 − q1` activities in `father`'s order not yet taken, then the rest
/// in `mother`'s order. Keeps precedence feasibility.
pub(crate) fn crossover(
    mother: &[u32],
    father: &[u32],
    q1: usize,
    q2: usize,
    taken: &mut [bool],
) -> Vec<u32> {
    let n = mother.len();
    taken.iter_mut().for_each(|t| *t = false);
    let mut child = Vec::with_capacity(n);
    for &j in &mother[..q1] {
        child.push(j);
        taken[j as usize] = true;
    }
    for &j in father {
        if child.len() >= q2 {
            break;
        }
        if !taken[j as usize] {
            child.push(j);
            taken[j as usize] = true;
        }
    }
    for &j in mother {
        if !taken[j as usize] {
            child.push(j);
            taken[j as usize] = true;
        }
    }
    child
}

/// Peak crossover (after Valls, Ballestín & Quintanilla 2008): find the
/// window of the mother's schedule, `len` periods long, with the highest
/// resource utilisation; the child lists the father's activities that start
/// before it (father order), then the mother's activities that start inside
/// it (mother order), then the rest (father order). Precedence feasible
/// because a start order is. `weights` holds each activity's utilisation
/// per period (its demands over the capacities).
pub(super) fn peak_crossover(
    inst: &Instance,
    mother: &Individual,
    father: &[u32],
    len: usize,
    usage: &mut Vec<f64>,
    weights: &[f64],
) -> Vec<u32> {
    let n = inst.len();
    let ms = mother.makespan.max(1) as usize;
    usage.clear();
    usage.resize(ms + 1, 0.0);
    for (j, &dj) in inst.durations().iter().enumerate() {
        let s = mother.starts[j].max(0) as usize;
        let w = weights[j];
        if w > 0.0 {
            for u in usage.iter_mut().skip(s).take(dj as usize) {
                *u += w;
            }
        }
    }
    let len = len.clamp(1, ms);
    let mut sum: f64 = usage[..len].iter().sum();
    let (mut best, mut at) = (sum, 0usize);
    for t in len..ms {
        sum += usage[t] - usage[t - len];
        if sum > best {
            best = sum;
            at = t + 1 - len;
        }
    }
    let (t1, t2) = (at as i64, (at + len) as i64);
    let mut child = Vec::with_capacity(n);
    child.extend(
        father
            .iter()
            .copied()
            .filter(|&j| mother.starts[j as usize] < t1),
    );
    child.extend(
        mother
            .list
            .iter()
            .copied()
            .filter(|&j| (t1..t2).contains(&mother.starts[j as usize])),
    );
    child.extend(
        father
            .iter()
            .copied()
            .filter(|&j| mother.starts[j as usize] >= t2),
    );
    if !inst.is_classic() {
        // With negative start-to-start distances a successor may start
        // before its predecessor, so a split by start time can put it first.
        stable_topological(inst, &mut child);
    }
    child
}

/// Reorders `list` into the precedence-feasible order closest to it: a
/// topological sort that always takes the ready activity listed first.
fn stable_topological(inst: &Instance, list: &mut Vec<u32>) {
    let n = inst.len();
    let mut pos = vec![0u32; n];
    for (i, &j) in list.iter().enumerate() {
        pos[j as usize] = i as u32;
    }
    let mut missing: Vec<u32> = (0..n).map(|j| inst.preds(j).len() as u32).collect();
    let mut ready: std::collections::BinaryHeap<core::cmp::Reverse<(u32, u32)>> = (0..n)
        .filter(|&j| missing[j] == 0)
        .map(|j| core::cmp::Reverse((pos[j], j as u32)))
        .collect();
    list.clear();
    while let Some(core::cmp::Reverse((_, j))) = ready.pop() {
        list.push(j);
        for &(s, _) in inst.succs(j as usize) {
            missing[s as usize] -= 1;
            if missing[s as usize] == 0 {
                ready.push(core::cmp::Reverse((pos[s as usize], s)));
            }
        }
    }
}

/// Mutation: each position, with probability `p`, moves its activity to a
/// random position between its last predecessor and first successor in the
/// list (an insertion that keeps the list feasible). Adjacent swaps would
/// mostly be no-ops on lists sorted by start time.
pub(super) fn mutate(
    inst: &Instance,
    list: &mut Vec<u32>,
    p: f64,
    rng: &mut Xoshiro256PlusPlus,
    pos: &mut [usize],
) {
    mutate_between(list, p, rng, pos, |j, pos| {
        let lo = inst
            .preds(j)
            .iter()
            .map(|&(q, _)| pos[q as usize] + 1)
            .max()
            .unwrap_or(0);
        let hi = inst
            .succs(j)
            .iter()
            .map(|&(q, _)| pos[q as usize])
            .min()
            .unwrap_or(pos.len());
        (lo, hi)
    });
}

/// The insertion mutation over any precedence network: `window(j, pos)`
/// gives, from every activity's list position `pos`, the positions
/// `(after the last predecessor of j, first successor of j)`; each position
/// moves, with probability `p`, to a random place in that window. Shared by
/// the RCPSP genetic algorithm and leveling's search.
pub(crate) fn mutate_between(
    list: &mut Vec<u32>,
    p: f64,
    rng: &mut Xoshiro256PlusPlus,
    pos: &mut [usize],
    window: impl Fn(usize, &[usize]) -> (usize, usize),
) {
    let n = list.len();
    for i in 0..n {
        if rng.random::<f64>() >= p {
            continue;
        }
        for (k, &j) in list.iter().enumerate() {
            pos[j as usize] = k;
        }
        let (lo, hi) = window(list[i] as usize, pos);
        // Target index in the list after removing j: [lo, hi - 1].
        let hi = hi.saturating_sub(1).max(lo);
        let target = rng.random_range(lo..=hi);
        let a = list.remove(i);
        let t = if target > i {
            target.min(n - 1)
        } else {
            target
        };
        list.insert(t.min(n - 1), a);
    }
}
