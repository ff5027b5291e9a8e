//! The serial generation scheme over an order of activities, and the
//! with-delay search over orders.

use std::collections::BinaryHeap;

use chrono::NaiveDateTime;
use rand::{RngExt, SeedableRng};
use rand_xoshiro::Xoshiro256PlusPlus;

use super::model::{Act, FullDays, Model, Placement, book};
use super::{Leveling, LevelingOptions, LevelingOrder};
use crate::Error;
use planwright_core::LinkKind;

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

/// Whether the link `p → s` is a lead: the successor may start no later
/// than the predecessor (start-to-start distance `from-finish · d_p + lag −
/// to-finish · d_s ≤ 0`, in working minutes).
fn is_lead(model: &Model<'_>, p: usize, s: usize, kind: LinkKind, lag: i64) -> bool {
    let from = if kind.from_finish() {
        model.acts[p].dur
    } else {
        0
    };
    let to = if kind.to_finish() {
        model.acts[s].dur
    } else {
        0
    };
    from + lag - to <= 0
}

/// The links a pass may take out of order: leads ([`is_lead`]) between
/// activities of one priority class, per activity along its successor and
/// its predecessor lists. Across classes precedence stays as it is (a
/// lower-priority task never goes first to constrain a higher-priority
/// one).
struct FreeLinks {
    succ: Vec<Vec<bool>>,
    pred: Vec<Vec<bool>>,
}

impl FreeLinks {
    fn new(model: &Model<'_>, class: &[i64]) -> Self {
        let free =
            |p: usize, s: usize, kind, lag| class[p] == class[s] && is_lead(model, p, s, kind, lag);
        FreeLinks {
            succ: (0..model.acts.len())
                .map(|p| {
                    let succs = &model.acts[p].succs;
                    succs
                        .iter()
                        .map(|&(s, kind, lag)| free(p, s, kind, lag))
                        .collect()
                })
                .collect(),
            pred: (0..model.acts.len())
                .map(|j| {
                    let preds = &model.acts[j].preds;
                    preds
                        .iter()
                        .map(|&(p, kind, lag)| free(p, j, kind, lag))
                        .collect()
                })
                .collect(),
        }
    }
}

/// One serial pass: fixed activities first, then every activity whose
/// predecessors are placed, smallest key first, at its earliest
/// resource-feasible position. Also returns the order in which the
/// activities were taken (an activity list that decodes to the same run).
///
/// With `free` links, an activity also becomes eligible while a
/// predecessor of its priority class that leads it is unplaced: the
/// optimum may need a task to start before the one that leads it. That predecessor is then placed before the date its placed
/// successors allow (a deadline); when it cannot be, resource-feasibly,
/// the pass fails (the flag returned is `false`). Without, it never fails.
fn serial(
    model: &mut Model<'_>,
    keys: &[OrderKey],
    free: Option<&FreeLinks>,
) -> Result<(Run, Vec<u32>, bool), Error> {
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
    let waits = |p: usize, k: usize| free.is_none_or(|f| !f.succ[p][k]);
    let mut missing = vec![0usize; n];
    for (p, act) in model.acts.iter().enumerate() {
        for (k, &(s, _, _)) in act.succs.iter().enumerate() {
            missing[s] += usize::from(waits(p, k));
        }
    }
    // Activities a successor placed before them constrains.
    let mut led = vec![false; n];
    let mut heap: BinaryHeap<core::cmp::Reverse<(OrderKey, usize)>> = (0..n)
        .filter(|&a| missing[a] == 0)
        .map(|a| core::cmp::Reverse((keys[a], a)))
        .collect();
    let mut order = Vec::with_capacity(n);
    while let Some(core::cmp::Reverse((_, a))) = heap.pop() {
        order.push(a as u32);
        if placed[a].is_none() {
            let (p, c) = model.place(a, &placed, &used, &mut full)?;
            if led[a] && misses_its_successors(model, a, &p, &placed, &used)? {
                let placed = placed.into_iter().map(Option::unwrap_or_default).collect();
                return Ok(((placed, conflicts), order, false));
            }
            book(&mut used, &model.acts[a], &p, 1);
            full.update(model, a, &p, &used);
            conflicts[a] = c;
            placed[a] = Some(p);
            if free.is_some() {
                for &(q, _, _) in &model.acts[a].preds {
                    led[q] |= placed[q].is_none();
                }
            }
        }
        for k in 0..model.acts[a].succs.len() {
            if !waits(a, k) {
                continue;
            }
            let s = model.acts[a].succs[k].0;
            missing[s] -= 1;
            if missing[s] == 0 {
                heap.push(core::cmp::Reverse((keys[s], s)));
            }
        }
    }
    let placed = placed.into_iter().map(Option::unwrap_or_default).collect();
    Ok(((placed, conflicts), order, true))
}

/// `true` when placement `p` of activity `a`, placed after successors it
/// leads, starts later than they allow (compared as working instants: a
/// 17:00 latest start is the next morning's 08:00 to a task's work) or
/// over-allocates a resource (nothing fitted before that date).
fn misses_its_successors(
    model: &mut Model<'_>,
    a: usize,
    p: &Placement,
    placed: &[Option<Placement>],
    used: &[Vec<i64>],
) -> Result<bool, Error> {
    let not_fixed = |i: usize| {
        if model.acts[i].fixed {
            None
        } else {
            placed[i].as_ref()
        }
    };
    let latest = model.latest_from(a, NaiveDateTime::MAX, not_fixed)?;
    let late = latest < NaiveDateTime::MAX
        && p.start > model.cals[model.acts[a].cal].next_working_instant(latest)?;
    Ok(late || model.conflict(a, p, used).is_some())
}

/// What the search minimises: the latest finish, then the sum of the
/// finishes (in minutes since the epoch), so among plans that end together
/// the one that delays less wins.
type Fitness = (NaiveDateTime, i64);

fn fitness(p: &[Placement]) -> Fitness {
    let finish = p.iter().map(|x| x.finish).max().unwrap_or_default();
    let total = p
        .iter()
        .map(|x| x.finish.and_utc().timestamp() / 60)
        .sum::<i64>();
    (finish, total)
}

/// The with-delay search: the state shared by its passes.
struct Search<'m, 'a> {
    model: &'m mut Model<'a>,
    /// Each activity's priority class (the first part of its order key).
    class: Vec<i64>,
    /// The links lists may take out of order, when a task may be placed
    /// before the one that leads it (not within float, not splitting).
    free: Option<FreeLinks>,
    best: (Fitness, Run),
}

impl Search<'_, '_> {
    /// Decodes `keys`, keeps the run when it is the best so far, and
    /// returns the list it placed by and its fitness.
    fn decode(&mut self, keys: &[OrderKey]) -> Result<(Vec<u32>, Fitness), Error> {
        // Without leads a pass always places every task.
        let (run, order, _) = serial(self.model, keys, None)?;
        Ok(self.keep(run, order))
    }

    fn keep(&mut self, run: Run, order: Vec<u32>) -> (Vec<u32>, Fitness) {
        let fit = fitness(&run.0);
        if fit < self.best.0 {
            self.best = (fit, run);
        }
        (order, fit)
    }

    /// Decodes an activity list (its position is each activity's key
    /// inside its priority class), placing a task before the one that
    /// leads it where the list says so; `None` when that fails.
    fn decode_list(&mut self, list: &[u32]) -> Result<Option<(Vec<u32>, Fitness)>, Error> {
        let mut keys = vec![(0, 0, 0, 0); list.len()];
        for (pos, &a) in list.iter().enumerate() {
            let a = a as usize;
            keys[a] = (self.class[a], pos as i64, 0, a);
        }
        let (run, order, complete) = serial(self.model, &keys, self.free.as_ref())?;
        Ok(complete.then(|| self.keep(run, order)))
    }
}

/// The leveling run: one serial pass in the chosen order; with delay, then
/// a search over activity lists within the budget (every list decoded by
/// the same serial pass), keeping the earliest finish (ties: the smaller
/// sum of finishes, then the first found).
///
/// The search is the activity-list genetic algorithm that the RCPSP
/// engine uses on PSPLIB, on leveling's calendar-aware decoder. Its
/// population is seeded by sampling: two more single-pass rules (input
/// order; earliest start), then the chosen order perturbed by a random
/// amount whose weight grows from slight to fully random (cycling through
/// five weights), so a task with float can go before a critical one when
/// that packs better. Children come from the two-point crossover of two
/// parents chosen by tournament, then the insertion mutation (an activity
/// moves between its predecessors and successors), and replace the worst
/// member when better. Children are decoded lead-aware (with delay, not
/// splitting): a task may be placed before a predecessor of its class that
/// leads it, which then has to fit before the date its placed successors
/// allow, or the child is dropped — with leads, lists in precedence order
/// alone cannot reach every optimum. The decoder keeps every activity's priority class
/// first (with [`LevelingOrder::PriorityStandard`]: its priority, so a
/// higher-priority task is still placed before a lower-priority one
/// whenever precedence allows); a list only orders activities inside a
/// class. The first passes are single-pass rules, so the search is never
/// worse than those.
pub(super) fn search(model: &mut Model<'_>, opt: &LevelingOptions) -> Result<Run, Error> {
    let keys = order_keys(model, opt.order);
    let (first, first_list, _) = serial(model, &keys, None)?;
    let n = keys.len();
    if opt.mode != Leveling::WithDelay || opt.budget <= 1 || n < 2 {
        return Ok(first);
    }
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(opt.seed);
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
    let first_fit = fitness(&first.0);
    let free = (!model.within_float && !model.split).then(|| FreeLinks::new(model, &class));
    let mut s = Search {
        model,
        class,
        free,
        best: (first_fit, first),
    };
    let budget = opt.budget as usize;
    let mut pop = vec![(first_list, first_fit)];
    let used = s.seed(&keys, &mut pop, population_size(budget), budget, &mut rng)?;
    s.evolve(&mut pop, budget - used, &mut rng)?;
    Ok(s.best.1)
}

/// A member of the population: the list a pass placed by, and its fitness.
type Member = (Vec<u32>, Fitness);

impl Search<'_, '_> {
    /// Fills the population up to `size` (within `budget` passes, the first
    /// already made) with two more single-pass rules inside the classes
    /// (input order; earliest start, float breaking ties), then the chosen
    /// order `keys` perturbed by a random amount whose weight cycles from
    /// slight to fully random. Returns the passes used, the first included.
    fn seed(
        &mut self,
        keys: &[OrderKey],
        pop: &mut Vec<Member>,
        size: usize,
        budget: usize,
        rng: &mut Xoshiro256PlusPlus,
    ) -> Result<usize, Error> {
        let n = keys.len();
        // Each activity's rank in the chosen order.
        let mut by_key: Vec<usize> = (0..n).collect();
        by_key.sort_by_key(|&a| keys[a]);
        let mut rank = vec![0.0f64; n];
        for (r, &a) in by_key.iter().enumerate() {
            rank[a] = r as f64 / n as f64;
        }
        const WEIGHTS: [f64; 5] = [0.05, 0.2, 0.5, 1.0, 4.0];
        let mut k = 1;
        while k < budget && pop.len() < size {
            let w = WEIGHTS[k % WEIGHTS.len()];
            let noisy: Vec<OrderKey> = (0..n)
                .map(|a| {
                    let c = self.class[a];
                    match k {
                        1 => (c, 0, 0, a),
                        2 => {
                            let act = &self.model.acts[a];
                            (c, act.es.and_utc().timestamp(), act.float, a)
                        }
                        _ => {
                            let v = rank[a] + w * rng.random::<f64>();
                            // Fixed-point so keys stay integers (ties: the index).
                            (c, (v * 1e9) as i64, 0, a)
                        }
                    }
                })
                .collect();
            pop.push(self.decode(&noisy)?);
            k += 1;
        }
        Ok(k)
    }

    /// `passes` generations of one child each: the two-point crossover of
    /// two tournament winners, the insertion mutation, a lead-aware decode;
    /// a child better than the worst member and not already in the
    /// population replaces it.
    fn evolve(
        &mut self,
        pop: &mut [Member],
        passes: usize,
        rng: &mut Xoshiro256PlusPlus,
    ) -> Result<(), Error> {
        let n = self.class.len();
        let rate = crate::rcpsp::GaConfig::auto_mutation(n);
        let mut taken = vec![false; n];
        let mut pos = vec![0usize; n];
        for _ in 0..passes {
            let mut pick = || {
                let (i, j) = (
                    rng.random_range(0..pop.len()),
                    rng.random_range(0..pop.len()),
                );
                if pop[j].1 < pop[i].1 { j } else { i }
            };
            let (m, f) = (pick(), pick());
            let q1 = rng.random_range(0..=n);
            let q2 = rng.random_range(q1..=n);
            let mut child = crate::rcpsp::crossover(&pop[m].0, &pop[f].0, q1, q2, &mut taken);
            self.mutate(&mut child, rate, rng, &mut pos);
            let Some((list, fit)) = self.decode_list(&child)? else {
                continue;
            };
            let worst = (0..pop.len()).max_by_key(|&i| pop[i].1).unwrap_or(0);
            if fit < pop[worst].1 && !pop.iter().any(|m| m.0 == list) {
                pop[worst] = (list, fit);
            }
        }
        Ok(())
    }

    /// The insertion mutation, each activity moving inside the window of
    /// the links the decoder keeps in order (with leads, a task may move
    /// before a predecessor of its class that leads it).
    fn mutate(
        &self,
        child: &mut Vec<u32>,
        rate: f64,
        rng: &mut Xoshiro256PlusPlus,
        pos: &mut [usize],
    ) {
        let (acts, free) = (&self.model.acts, self.free.as_ref());
        let n = acts.len();
        crate::rcpsp::mutate_between(child, rate, rng, pos, |j, pos| {
            let lo = acts[j]
                .preds
                .iter()
                .enumerate()
                .filter(|&(k, _)| free.is_none_or(|f| !f.pred[j][k]))
                .map(|(_, p)| pos[p.0] + 1)
                .max()
                .unwrap_or(0);
            let hi = acts[j]
                .succs
                .iter()
                .enumerate()
                .filter(|&(k, _)| free.is_none_or(|f| !f.succ[j][k]))
                .map(|(_, q)| pos[q.0])
                .min()
                .unwrap_or(n);
            (lo, hi)
        });
    }
}

/// The population for a budget of `budget` lists: about a quarter of it,
/// between 4 and 64.
fn population_size(budget: usize) -> usize {
    (budget / 4).clamp(4, 64)
}
