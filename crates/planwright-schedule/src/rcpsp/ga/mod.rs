//! An activity-list genetic algorithm with double justification.

use rand::{RngExt, SeedableRng};
use rand_xoshiro::Xoshiro256PlusPlus;

use super::bounds::quick_lower_bound;
use super::instance::{Instance, Solution};
use super::rules::{PriorityRule, biased_list};
use super::scheduler::Budget;
use super::sgs::{Decoder, Dir};

mod config;
mod operators;
pub use config::GaConfig;
pub(crate) use operators::{crossover, mutate_between};
use operators::{mutate, peak_crossover};

#[derive(Clone, Debug)]
struct Individual {
    list: Vec<u32>,
    starts: Vec<i64>,
    makespan: i64,
    hash: u64,
    /// Schedules generated before this one was (its age: lower is older).
    born: u64,
    /// Survived the last clearing without a better survivor within the
    /// niche radius (a new child: `false`). Two such individuals need not
    /// be compared again.
    cleared: bool,
}

/// Sorts `pop` into the survivor order: makespan, then with `drift` the
/// newest first, then the schedule's hash.
fn rank(pop: &mut [Individual], drift: bool) {
    if drift {
        pop.sort_by_key(|i| (i.makespan, core::cmp::Reverse(i.born), i.hash));
    } else {
        pop.sort_by_key(|i| (i.makespan, i.hash));
    }
}

/// Survivor selection: sorts `pop` by makespan (equal ones newest first
/// with `drift`, see [`GaConfig::drift`]), drops duplicate schedules
/// (keeping the oldest copy: a repeat is not new) and keeps the best
/// `size` — clearing within `radius`: a schedule whose starts differ from
/// a better survivor's in at most `radius` activities is set aside, and
/// set-aside schedules (best first) fill only what the others leave
/// empty. `radius` 0 is the plain (μ + λ) selection. `widened`: the
/// radius is larger than at the last selection, so two schedules cleared
/// then may now be within it and every pair is compared again.
fn survivors(
    pop: &mut Vec<Individual>,
    size: usize,
    radius: usize,
    widened: bool,
    drift: bool,
    aside: &mut Vec<Individual>,
) {
    if widened {
        for i in pop.iter_mut() {
            i.cleared = false;
        }
    }
    // Copies of a schedule are adjacent in this order, the oldest first
    // (the sort is stable and children come after their parents).
    pop.sort_by_key(|i| (i.makespan, i.hash));
    pop.dedup_by_key(|i| (i.makespan, i.hash));
    if drift {
        rank(pop, true);
    }
    if radius == 0 || pop.len() <= size {
        pop.truncate(size);
        return;
    }
    aside.clear();
    let all = core::mem::take(pop);
    // Whether each survivor so far had been cleared before this selection:
    // two such were compared when the later of them first met the other.
    let mut before = Vec::with_capacity(size);
    for c in all {
        if pop.len() == size {
            break;
        }
        let close = pop
            .iter()
            .zip(&before)
            .any(|(k, &kc)| !(kc && c.cleared) && within(&k.starts, &c.starts, radius));
        if close {
            aside.push(c);
        } else {
            before.push(c.cleared);
            pop.push(c);
        }
    }
    for k in pop.iter_mut() {
        k.cleared = true;
    }
    for a in aside.iter_mut() {
        a.cleared = false;
    }
    if pop.len() < size {
        let missing = size - pop.len();
        pop.extend(aside.drain(..missing.min(aside.len())));
        rank(pop, drift);
    }
}

/// `true` when `a` and `b` differ in at most `radius` positions (counted
/// in blocks, so most far-apart pairs stop early).
fn within(a: &[i64], b: &[i64], radius: usize) -> bool {
    let mut differ = 0;
    for (x, y) in a.chunks(16).zip(b.chunks(16)) {
        differ += x.iter().zip(y).filter(|(p, q)| p != q).count();
        if differ > radius {
            return false;
        }
    }
    true
}

/// A setting that moves linearly from `start` to `end` as the budget's
/// `progress` goes from 0 to 1 (the niche radius, the peak crossover's
/// share, the mutation rate's factor).
fn along(start: f64, end: f64, progress: f64) -> f64 {
    start + (end - start) * progress
}

fn hash_starts(starts: &[i64]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &s in starts {
        h ^= s as u64;
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// How a child is decoded.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Decode {
    /// The serial scheme on the list.
    Serial,
    /// The serial scheme on the reversed list and network, then a left pass.
    Backward,
    /// The parallel scheme, list positions as priorities.
    Parallel,
}

struct Search<'a, 'b> {
    dec: Decoder<'a>,
    budget: &'b Budget<'b>,
    cfg: GaConfig,
    order: Vec<u32>,
    best: Option<Individual>,
    /// Children are justified by one right pass ([`GaConfig::single_pass`]
    /// on an instance with constant capacities).
    single: bool,
    /// Schedules kept back for the final left pass (1 with `single` and a
    /// budget of at least two).
    reserve: u64,
    /// A lower bound on the makespan: the search stops when it is reached.
    lb: i64,
}

impl Search<'_, '_> {
    fn exhausted(&self) -> bool {
        self.budget.should_stop(self.dec.count + self.reserve)
    }

    /// The budget is spent or the best schedule is proven optimal.
    fn done(&self) -> bool {
        self.exhausted() || self.best.as_ref().is_some_and(|b| b.makespan <= self.lb)
    }

    /// One generation's children: pairs of parents by binary tournament,
    /// each pair crossed both ways at the same cuts, until there are as
    /// many children as members or the search is done.
    fn breed(
        &mut self,
        pop: &[Individual],
        breeder: &mut Breeder<'_>,
        rng: &mut Xoshiro256PlusPlus,
    ) -> Vec<Individual> {
        let n = self.dec.inst.len();
        let size = pop.len();
        let mut children = Vec::with_capacity(size);
        while children.len() < size && !self.done() {
            let m = Breeder::pick(pop, rng);
            let mut f = Breeder::pick(pop, rng);
            if f == m {
                f = (m + 1) % size;
            }
            let mut q1 = rng.random_range(0..=n);
            let mut q2 = rng.random_range(0..=n);
            if q1 > q2 {
                core::mem::swap(&mut q1, &mut q2);
            }
            let peak = breeder.peak(rng);
            for (a, b) in [(m, f), (f, m)] {
                if self.done() {
                    break;
                }
                let (child, how) = breeder.child(&pop[a], &pop[b], peak, (q1, q2), rng);
                children.push(self.evaluate(child, how));
            }
        }
        children
    }

    /// The search's result: its best schedule, left-justified by the kept
    /// schedule when children were right-justified.
    fn finish(mut self, prio: &[f64]) -> Result<Solution, crate::Error> {
        let inst = self.dec.inst;
        if self.reserve > 0 && self.dec.count < self.budget.schedules() {
            // The best may be right-justified: start everything as early as
            // it allows.
            if let Some(best) = self.best.as_mut() {
                best.makespan =
                    self.dec
                        .left_justify(&mut best.starts, best.makespan, &mut self.order);
            }
        }
        self.dec.check_overflow()?;
        // The budget never stops before the first schedule, so a best
        // exists; should it not, decode the priority list once rather than
        // return an empty schedule.
        let starts = match self.best {
            Some(best) => best.starts,
            None => {
                let list = super::rules::list_by_priority(inst, prio);
                self.dec.serial(&list, Dir::Forward);
                self.dec.check_overflow()?;
                self.dec.start.clone()
            }
        };
        let starts = starts.iter().map(|&x| x.max(0) as u32).collect();
        Ok(Solution::from_starts(inst, starts, self.dec.count))
    }

    /// Schedules the search may still generate.
    fn remaining(&self) -> u64 {
        self.budget
            .schedules()
            .saturating_sub(self.dec.count + self.reserve)
    }

    /// Decodes `list`, justifies the schedule within the remaining budget,
    /// and returns the individual with its schedule's start order as its
    /// list (after double justification: the list of the final forward
    /// pass, which reproduces the schedule).
    #[inline(always)]
    fn evaluate(&mut self, list: Vec<u32>, how: Decode) -> Individual {
        let backward = how == Decode::Backward;
        debug_assert!(
            is_feasible_list(self.dec.inst, &list),
            "GA produced an invalid activity list"
        );
        // `reordered`: `self.order` holds the start order of the schedule
        // decoded, to become the child's list (not when the budget left no
        // room for the backward decode and the list was decoded as is).
        let (mut ms, mut starts, reordered) = if backward && self.remaining() >= 2 {
            // Backward decode of the reversed list, then a left pass.
            let rev: Vec<u32> = list.iter().rev().copied().collect();
            let end = self.dec.serial(&rev, Dir::Backward);
            let mut real = vec![0; rev.len()];
            self.dec.unmirror(end, &mut real);
            self.dec.start_order(&real, &mut self.order);
            let ms = self.dec.serial(&self.order, Dir::Forward);
            (ms, self.dec.start.clone(), true)
        } else if how == Decode::Parallel {
            let ms = self.dec.parallel_list(&list);
            (ms, self.dec.start.clone(), false)
        } else {
            let ms = self.dec.serial(&list, Dir::Forward);
            (ms, self.dec.start.clone(), false)
        };
        let remaining = self.remaining();
        let rounds = if self.single {
            self.cfg.justification_rounds.min(1).min(remaining as u32)
        } else {
            self.cfg.justification_rounds.min((remaining / 2) as u32)
        };
        let rounds = if backward && reordered {
            rounds.saturating_sub(1)
        } else {
            rounds
        };
        // Justification never returns a longer makespan and leaves in
        // `self.order` the start order of the schedule it keeps (after
        // double justification, the list of its final forward pass, which
        // reproduces `starts`).
        if rounds > 0 {
            ms = if self.single {
                self.dec.right_justify(&mut starts, ms, &mut self.order)
            } else {
                self.dec.justify(&mut starts, ms, &mut self.order, rounds)
            };
        } else if how == Decode::Parallel {
            // The child's list becomes its schedule's start order.
            self.dec.start_order(&starts, &mut self.order);
        }
        let list = if reordered || rounds > 0 || how == Decode::Parallel {
            core::mem::replace(&mut self.order, list)
        } else {
            list
        };
        let ind = Individual {
            hash: hash_starts(&starts),
            list,
            starts,
            makespan: ms,
            born: self.dec.count,
            cleared: false,
        };
        if self.best.as_ref().is_none_or(|b| ind.makespan < b.makespan) {
            self.best = Some(ind.clone());
        }
        ind
    }
}

/// `true` for a permutation in which every activity follows its
/// predecessors (debug checks).
fn is_feasible_list(inst: &Instance, list: &[u32]) -> bool {
    let mut pos = vec![usize::MAX; inst.len()];
    for (i, &j) in list.iter().enumerate() {
        if pos[j as usize] != usize::MAX {
            return false;
        }
        pos[j as usize] = i;
    }
    list.len() == inst.len()
        && (0..inst.len()).all(|j| inst.preds(j).iter().all(|&(p, _)| pos[p as usize] < pos[j]))
}

/// The population size for `budget` when the configuration leaves it to
/// the budget: about `1.2 · sqrt(children)`, between 16 and 256, children
/// counted at one schedule plus two per justification round — as tuned,
/// although a child justified by a single pass costs two (`population=60`
/// instead of 49 at 5,000 schedules: J30 0.0253 %, J60 10.953 % over the
/// seeds of [`GaConfig::parallel`], against 0.0222 / 10.947).
fn population_size(budget: &Budget<'_>, cfg: &GaConfig) -> usize {
    if cfg.population > 0 {
        return cfg.population;
    }
    let evals =
        budget.schedules() as f64 / (1.0 + 2.0 * f64::from(cfg.justification_rounds.min(1)));
    ((1.2 * evals.sqrt()).round() as usize).clamp(16, 256)
}

/// The variation operators and their scratch space: crossover (two-point
/// or peak), mutation, and the choice of decoding for a child.
struct Breeder<'a> {
    inst: &'a Instance,
    cfg: GaConfig,
    mutation: f64,
    classic: bool,
    taken: Vec<bool>,
    positions: Vec<usize>,
    usage: Vec<f64>,
    /// Each activity's utilisation for the peak crossover: its demands
    /// weighted by one over each resource's capacity.
    weights: Vec<f64>,
    /// The share of the budget spent ([`Budget::progress`]) when the
    /// current generation began: the mutation rate and the peak
    /// crossover's share follow it.
    progress: f64,
}

impl<'a> Breeder<'a> {
    fn new(inst: &'a Instance, cfg: &GaConfig) -> Self {
        let n = inst.len();
        let per_unit: Vec<f64> = inst
            .resources()
            .iter()
            .map(|p| {
                if p.max() > 0 {
                    1.0 / f64::from(p.max())
                } else {
                    0.0
                }
            })
            .collect();
        let weights = (0..n)
            .map(|j| {
                inst.reqs(j)
                    .iter()
                    .map(|&(r, q)| f64::from(q) * per_unit[r as usize])
                    .sum()
            })
            .collect();
        Breeder {
            inst,
            cfg: *cfg,
            mutation: cfg.mutation.unwrap_or_else(|| GaConfig::auto_mutation(n)),
            classic: inst.is_classic(),
            taken: vec![false; n],
            positions: vec![0; n],
            usage: Vec::new(),
            weights,
            progress: 0.0,
        }
    }

    /// Binary tournament: the better of two random members (ties by
    /// position, so by the population's order).
    fn pick(pop: &[Individual], rng: &mut Xoshiro256PlusPlus) -> usize {
        let size = pop.len();
        let a = rng.random_range(0..size);
        let b = rng.random_range(0..size);
        if (pop[a].makespan, a) <= (pop[b].makespan, b) {
            a
        } else {
            b
        }
    }

    /// Whether the next crossover is the peak crossover: its probability
    /// moves from [`GaConfig::peak_crossover`] to
    /// [`GaConfig::peak_crossover_end`] with the progress.
    fn peak(&self, rng: &mut Xoshiro256PlusPlus) -> bool {
        let share = along(
            self.cfg.peak_crossover,
            self.cfg.peak_crossover_end,
            self.progress,
        );
        rng.random::<f64>() < share
    }

    /// A child of `mother` and `father` (the peak crossover when `peak`,
    /// else the two-point crossover at `q1..q2`), mutated, with the way it
    /// is to be decoded.
    fn child(
        &mut self,
        mother: &Individual,
        father: &Individual,
        peak: bool,
        (q1, q2): (usize, usize),
        rng: &mut Xoshiro256PlusPlus,
    ) -> (Vec<u32>, Decode) {
        let mut child = if peak {
            let span = mother.makespan.max(1) as usize;
            let len = rng.random_range(span / 4..=span / 2).max(1);
            peak_crossover(
                self.inst,
                mother,
                &father.list,
                len,
                &mut self.usage,
                &self.weights,
            )
        } else {
            crossover(&mother.list, &father.list, q1, q2, &mut self.taken)
        };
        let sweep = self.cfg.mutation_sweep;
        let mean = self.mutation * along(1.0 + sweep, 1.0 - sweep, self.progress);
        let rate = if rng.random::<bool>() {
            mean
        } else {
            4.0 * mean
        };
        mutate(
            self.inst,
            &mut child,
            rate.min(1.0),
            rng,
            &mut self.positions,
        );
        let how = if rng.random::<f64>() < self.cfg.backward {
            Decode::Backward
        } else if self.classic && self.cfg.parallel > 0.0 && rng.random::<f64>() < self.cfg.parallel
        {
            Decode::Parallel
        } else {
            Decode::Serial
        };
        (child, how)
    }
}

/// The GA: a population of biased LFT samples, then generations of
/// children (see [`Search::breed`]) and survivor selection (see
/// [`survivors`]), renewed after [`GaConfig::restart_after`] generations
/// without a new best, until the budget is spent or the lower bound is
/// reached.
pub(crate) fn run_ga(
    inst: &Instance,
    budget: &Budget<'_>,
    cfg: &GaConfig,
) -> Result<Solution, crate::Error> {
    let n = inst.len();
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(budget.get_seed() ^ 0x5EED_6A00);
    let pop_size = population_size(budget, cfg);
    let prio = PriorityRule::Lft.values(inst, budget.get_seed());
    let dec = Decoder::new(inst)?;
    let single = cfg.single_pass && cfg.justification_rounds > 0 && dec.constant();
    let mut s = Search {
        dec,
        budget,
        cfg: *cfg,
        order: Vec::with_capacity(n),
        best: None,
        single,
        reserve: u64::from(single && budget.schedules() >= 2),
        lb: i64::from(quick_lower_bound(inst)),
    };

    // Biased random samples of the LFT rule, each decoded and justified.
    let mut list = Vec::with_capacity(n);
    let mut sample = |s: &mut Search<'_, '_>, rng: &mut Xoshiro256PlusPlus| {
        biased_list(inst, &prio, rng, &mut list);
        s.evaluate(list.clone(), Decode::Serial)
    };
    let mut pop: Vec<Individual> = Vec::with_capacity(2 * pop_size);
    while pop.len() < pop_size && !s.done() {
        pop.push(sample(&mut s, &mut rng));
    }
    let mut breeder = Breeder::new(inst, cfg);
    let mut best_ms = s.best.as_ref().map_or(i64::MAX, |b| b.makespan);
    let mut stale = 0u32;
    // The niche radius in activities after `used` schedules.
    let radius = |used: u64| {
        (along(cfg.niche, cfg.niche_end, budget.progress(used)) * n as f64).round() as usize
    };
    let mut aside = Vec::new();
    // The radius of the last selection (a widening one compares again).
    let mut last_radius = usize::MAX;
    // A population of two or more that has collapsed to one distinct
    // schedule has converged: stop. A population of one is searched by
    // mutation alone.
    while !s.done() && pop.len() >= pop_size.min(2) {
        breeder.progress = budget.progress(s.dec.count);
        let size = pop.len();
        let children = s.breed(&pop, &mut breeder, &mut rng);
        // (μ + λ) replacement without duplicate schedules, cleared by niche.
        pop.extend(children);
        let r = radius(s.dec.count);
        survivors(&mut pop, size, r, r > last_radius, cfg.drift, &mut aside);
        last_radius = r;
        let now = s.best.as_ref().map_or(i64::MAX, |b| b.makespan);
        if now < best_ms {
            best_ms = now;
            stale = 0;
        } else {
            stale += 1;
        }
        if cfg.restart_after > 0 && stale >= cfg.restart_after {
            // Keep the best quarter; refill with fresh biased samples.
            stale = 0;
            pop.truncate((size / 4).max(1));
            while pop.len() < size && !s.done() {
                pop.push(sample(&mut s, &mut rng));
            }
        }
    }
    s.finish(&prio)
}

#[cfg(test)]
mod tests;
