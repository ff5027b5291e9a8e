//! The serial generation scheme over an order of activities, and the
//! with-delay search over orders.

use std::collections::BinaryHeap;

use rand::{RngExt, SeedableRng};
use rand_xoshiro::Xoshiro256PlusPlus;

use super::model::{Act, FullDays, Model, Placement, book};
use super::{Leveling, LevelingOptions, LevelingOrder};
use crate::Error;

/// The order key of an activity: (class, float, start, index).
type OrderKey = (i64, i64, i64, usize);
/// Placements of a run and, per activity, the first conflict it met.
pub(super) type Run = (Vec<Placement>, Vec<Option<(usize, usize)>>);

/// The order keys of the chosen leveling order.
fn order_keys(model: &Model<'_>, order: LevelingOrder) -> Vec<OrderKey> {
    let key_of = |act: &Act, i: usize| -> OrderKey {
        let es = act.es.and_utc().timestamp();
        match order {
            LevelingOrder::Id => (0, 0, 0, i),
            LevelingOrder::Standard => (act.float, es, 0, i),
            LevelingOrder::PriorityStandard => (-i64::from(act.priority), act.float, es, i),
        }
    };
    model
        .acts
        .iter()
        .enumerate()
        .map(|(i, a)| key_of(a, i))
        .collect()
}

/// One serial pass: fixed activities first, then every activity whose
/// predecessors are placed, smallest key first, at its earliest
/// resource-feasible position.
fn serial(model: &mut Model<'_>, keys: &[OrderKey]) -> Result<Run, Error> {
    let n = model.acts.len();
    let mut placed: Vec<Option<Placement>> = vec![None; n];
    let mut conflicts = vec![None; n];
    let mut used = vec![Vec::new(); model.res_cap.len()];
    let mut full = FullDays::new(model.res_cap.len());
    for (a, slot) in placed.iter_mut().enumerate() {
        if model.acts[a].fixed {
            let p = model.fixed_placement(a)?;
            book(&mut used, &model.acts[a], &p, 1);
            full.update(model, a, &p, &used);
            *slot = Some(p);
        }
    }
    let mut missing: Vec<usize> = model.acts.iter().map(|a| a.preds.len()).collect();
    let mut heap: BinaryHeap<core::cmp::Reverse<(OrderKey, usize)>> = (0..n)
        .filter(|&a| missing[a] == 0)
        .map(|a| core::cmp::Reverse((keys[a], a)))
        .collect();
    while let Some(core::cmp::Reverse((_, a))) = heap.pop() {
        if placed[a].is_none() {
            let (p, c) = model.place(a, &placed, &used, &mut full)?;
            book(&mut used, &model.acts[a], &p, 1);
            full.update(model, a, &p, &used);
            conflicts[a] = c;
            placed[a] = Some(p);
        }
        for k in 0..model.acts[a].succs.len() {
            let s = model.acts[a].succs[k].0;
            missing[s] -= 1;
            if missing[s] == 0 {
                heap.push(core::cmp::Reverse((keys[s], s)));
            }
        }
    }
    let placed = placed.into_iter().map(Option::unwrap_or_default).collect();
    Ok((placed, conflicts))
}

/// The leveling run: one serial pass in the chosen order; with delay, then
/// sampled orders within the budget, keeping the earliest finish (ties:
/// the first found).
///
/// A sampled order keeps every activity's priority class (with
/// [`LevelingOrder::PriorityStandard`]: its priority, so a higher-priority
/// task is still placed before a lower-priority one whenever precedence
/// allows) and, inside the class, ranks activities by their position in
/// the chosen order plus a random amount whose weight grows from a slight
/// perturbation to a fully random order over the budget (cycling through
/// five weights), so a task with float can go before a critical one when
/// that packs better. The first two sampled orders are single-pass rules
/// inside the classes (input order; earliest start), so the search is
/// never worse than those.
pub(super) fn search(model: &mut Model<'_>, opt: &LevelingOptions) -> Result<Run, Error> {
    let keys = order_keys(model, opt.order);
    let mut best_run = serial(model, &keys)?;
    if opt.mode == Leveling::WithDelay && opt.budget > 1 {
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(opt.seed);
        let finish = |p: &[Placement]| p.iter().map(|x| x.finish).max();
        let mut best = finish(&best_run.0);
        let n = keys.len();
        // Each activity's rank in the chosen order, and its class.
        let mut by_key: Vec<usize> = (0..n).collect();
        by_key.sort_by_key(|&a| keys[a]);
        let mut rank = vec![0.0f64; n];
        for (r, &a) in by_key.iter().enumerate() {
            rank[a] = r as f64 / n.max(1) as f64;
        }
        let class: Vec<i64> = keys
            .iter()
            .map(|k| {
                if opt.order == LevelingOrder::PriorityStandard {
                    k.0
                } else {
                    0
                }
            })
            .collect();
        const WEIGHTS: [f64; 5] = [0.05, 0.2, 0.5, 1.0, 4.0];
        for k in 1..opt.budget {
            let w = WEIGHTS[k as usize % WEIGHTS.len()];
            let noisy: Vec<OrderKey> = (0..n)
                .map(|a| match k {
                    // Two more single-pass rules inside the classes first:
                    // input order, then earliest start (float breaks ties).
                    1 => (class[a], 0, 0, a),
                    2 => {
                        let act = &model.acts[a];
                        (class[a], act.es.and_utc().timestamp(), act.float, a)
                    }
                    _ => {
                        let v = rank[a] + w * rng.random::<f64>();
                        // Fixed-point so keys stay integers (ties: the index).
                        (class[a], (v * 1e9) as i64, 0, a)
                    }
                })
                .collect();
            let run = serial(model, &noisy)?;
            let f = finish(&run.0);
            if f < best {
                best = f;
                best_run = run;
            }
        }
    }
    Ok(best_run)
}
