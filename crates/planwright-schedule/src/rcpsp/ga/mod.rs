//! An activity-list genetic algorithm with double justification.

use rand::{RngExt, SeedableRng};
use rand_xoshiro::Xoshiro256PlusPlus;

use super::bounds::quick_lower_bound;
use super::instance::{Instance, Solution};
use super::rules::{PriorityRule, biased_list};
use super::scheduler::Budget;
use super::sgs::{Decoder, Dir};

mod operators;
pub(crate) use operators::{crossover, mutate_between};
use operators::{mutate, peak_crossover};

/// Parameters of the genetic algorithm.
#[derive(Clone, Copy, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(
    feature = "serde",
    serde(try_from = "GaConfigRepr", into = "GaConfigRepr")
)]
#[non_exhaustive]
pub struct GaConfig {
    /// Population size; 0 chooses one from the budget (about
    /// `1.2 · sqrt(budget / 3)`, between 16 and 256). A population of one
    /// is a mutation-only search: each child is a mutation of the single
    /// member, and the better of the two survives (equal makespans by a
    /// hash of the schedule).
    pub population: usize,
    /// Probability per list position of moving its activity to a random
    /// feasible position, for half of the children; the other half get four
    /// times this (exploration besides exploitation). `None` (the default):
    /// [`GaConfig::auto_mutation`] of the instance's size. The rate is the
    /// mean over the search; see [`GaConfig::mutation_sweep`].
    pub mutation: Option<f64>,
    /// How far the mutation rate sweeps as the budget is spent
    /// ([`Budget::progress`]): linearly from `1 + sweep` times the rate at
    /// the start to `1 − sweep` times it at the end; 0 keeps it constant.
    /// Default 1: twice the rate at first, none at the end, where children
    /// are pure crossovers of a converged population. Measured with the
    /// runner (5,000 schedules; J30 seeds 1–12 / J60 seeds 1–8, and again
    /// on J30 seeds 13–24 / J60 seeds 9–16; J120-like seeds 1–6) against 0:
    /// 0.0185 / 10.919 → 0.0163 / 10.910 %, 0.0177 / 10.924 → 0.0179 /
    /// 10.902 %, 33.99 → 33.87 %; 0.5 gives 0.0183 / 10.909, 0.75 0.0181 /
    /// 10.913, and −0.5 (rising) would give 0.0214 / 10.947. At 50,000 on
    /// J60 (seeds 1–2) 10.566 → 10.570 %.
    pub mutation_sweep: f64,
    /// Double justification rounds per child (each round is two schedules
    /// and repeats only while it improves); 0 disables it. See
    /// [`GaConfig::single_pass`].
    pub justification_rounds: u32,
    /// Justify a child by one right pass (one schedule) instead of double
    /// rounds: the child keeps the right-justified schedule, shifted to
    /// start at 0, and its start order as its list, so its own children
    /// are decoded forward from a right-justified order — the left pass
    /// happens there. The search's best is left-justified once at the end
    /// (one schedule of the budget is kept for it). Only with constant
    /// capacities (a shifted schedule stays feasible); otherwise, and with
    /// `justification_rounds` 0, as if `false`. Measured with the runner
    /// (5,000 schedules, J30 seeds 1–12, J60 seeds 1–8, J120-like seeds
    /// 1–6; niche 0.3, parallel share 0.25) against `false`: J30 0.0262 →
    /// 0.0258 %, J60 10.998 → 10.962 %, J120-like 34.36 → 34.10 %; at
    /// 50,000 J60 (seeds 1–4) 10.627 → 10.626 %, J120-like (seed 1) 34.25 →
    /// 34.11 %. A child costs two schedules instead of three, so the
    /// per-child work weighs more: about 10 % fewer schedules per second.
    pub single_pass: bool,
    /// Generations without a new best before the population is renewed
    /// (the best quarter is kept).
    pub restart_after: u32,
    /// Probability of the peak crossover (the child keeps the activities of
    /// the mother's most resource-intensive stretch together) instead of the
    /// two-point crossover, at the start of the search; it moves linearly
    /// to [`GaConfig::peak_crossover_end`] as the budget is spent.
    pub peak_crossover: f64,
    /// Probability of the peak crossover when the budget is spent. Default
    /// 0.25, from 0.75 at the start: with the mutation sweep, against a
    /// constant 0.5 (5,000 schedules, J30 seeds 1–12 / J60 seeds 1–8 and
    /// J30 13–24 / J60 9–16): 0.0163 / 10.910 → 0.0153 / 10.892 %, 0.0179
    /// / 10.902 → 0.0157 / 10.895 %; J120-like (seeds 1–6) 33.87 → 33.88
    /// %; J60 at 50,000 (seeds 1–2) 10.570 → 10.556 %. Rising (0.25 →
    /// 0.75) 0.0165 / 10.903, 1 → 0 0.0190 / 10.905.
    pub peak_crossover_end: f64,
    /// Probability that a child is decoded backward (the reversed list on the
    /// reversed network, then left-justified) instead of forward.
    pub backward: f64,
    /// Probability that a child decoded forward is decoded by the parallel
    /// scheme (a non-delay schedule, list positions as priorities; then
    /// justified as every child) instead of the serial one — Hartmann's
    /// observation that the two schemes reach different schedules, used as
    /// a fixed share. Only on classic instances (finish-to-start links
    /// without leads, constant capacities); others always decode serially.
    /// Default 0.1: with single-pass justification (5,000 schedules, J30
    /// seeds 1–12, J60 seeds 1–8, J120-like seeds 1–6) 0 gives 0.0290 % /
    /// 10.992 % / 34.11 %, 0.1 0.0222 / 10.947 / 34.11, 0.15 0.0272 /
    /// 10.950 / 34.04, 0.25 0.0258 / 10.961 / 34.10, 0.35 0.0242 / 10.967
    /// / 34.18 — the same within noise from 0.1 up, and a parallel pass
    /// costs about three serial ones, so the smallest share that keeps the
    /// gain.
    pub parallel: f64,
    /// Niche radius of the survivor selection at the start of the search,
    /// as a share of the activities: of two schedules whose start times
    /// differ in at most `niche · n` activities, only the better one
    /// survives a generation while the population can be filled with
    /// schedules farther apart (Pétrowski's clearing). The radius then
    /// moves linearly to [`GaConfig::niche_end`] as the budget is spent
    /// ([`Budget::progress`]). Both 0: the plain (μ + λ) selection of the
    /// best distinct schedules. A constant 0.3 against none, measured with
    /// the runner (5,000 schedules, J30 seeds 1–12, J60 seeds 1–8): J30
    /// 0.042 → 0.026 % from the optimum, J60 11.01 → 11.00 %; at 50,000
    /// (J60 seeds 1–2) 10.70 → 10.62 %. Default 0.7, narrowing to 0.
    pub niche: f64,
    /// Niche radius when the budget is spent (see [`GaConfig::niche`]).
    /// Default 0: wide niches explore early, the search narrows to the
    /// best schedules at the end. Measured with the runner (5,000
    /// schedules, J30 seeds 1–12, J60 seeds 1–8, J120-like seeds 1–6) from
    /// a constant 0.3 (0.0222 % / 10.947 % / 34.11 %): 0.6 → 0 gives 0.0200
    /// / 10.926 / 34.05, 0.7 → 0 0.0185 / 10.919 / 33.99, 0.8 → 0 0.0195 /
    /// 10.926 / 33.97, 1.0 → 0 0.0223 / 10.940, 0.5 → 0 0.0228 / 10.935;
    /// at 50,000 on J60 (seeds 1–2) 10.610 → 10.569 % (0.6 → 0) and
    /// 10.553 % (0.8 → 0). With a wall-clock limit give the budget a pace
    /// check ([`Budget::pace_by`]) so that the radius follows the clock.
    pub niche_end: f64,
    /// Among schedules of equal makespan the survivor selection keeps the
    /// newest first, so the population drifts across a plateau of equal
    /// makespans instead of holding the schedules that reached it first;
    /// `false`: equal makespans ordered by a hash of the schedule, the GA
    /// before (byte for byte). Default `true`. A repeated schedule keeps
    /// its first copy's age, so only new schedules drift. Measured with
    /// the runner against `false` (5,000 schedules; J30 seeds 1–12 / J60
    /// seeds 1–8, then J30 13–24 / J60 9–16): 0.0153 / 10.892 → 0.0183 /
    /// 10.858 % and 0.0157 / 10.895 → 0.0155 / 10.871 %; J120-like (seeds
    /// 1–6) 33.88 → 33.68 %; at 50,000 J60 (seeds 1–4) 10.554 → 10.540 %,
    /// the 46 J60 instances above the best known (seeds 2–13) 1.050 →
    /// 0.934 % from it, J120-like (seeds 1–3) 32.63 → 32.45 %, J30 (seeds
    /// 1–3) 0.003 → 0.005 %.
    pub drift: bool,
}

/// The serialised form of a [`GaConfig`], checked by
/// [`GaConfig::validate`]; missing fields take their defaults.
#[cfg(feature = "serde")]
#[derive(serde::Serialize, serde::Deserialize)]
#[serde(default)]
struct GaConfigRepr {
    population: usize,
    mutation: Option<f64>,
    mutation_sweep: f64,
    justification_rounds: u32,
    single_pass: bool,
    restart_after: u32,
    peak_crossover: f64,
    peak_crossover_end: f64,
    backward: f64,
    parallel: f64,
    niche: f64,
    niche_end: f64,
    drift: bool,
}

#[cfg(feature = "serde")]
impl Default for GaConfigRepr {
    fn default() -> Self {
        GaConfig::default().into()
    }
}

#[cfg(feature = "serde")]
impl From<GaConfig> for GaConfigRepr {
    fn from(c: GaConfig) -> Self {
        GaConfigRepr {
            population: c.population,
            mutation: c.mutation,
            mutation_sweep: c.mutation_sweep,
            justification_rounds: c.justification_rounds,
            single_pass: c.single_pass,
            restart_after: c.restart_after,
            peak_crossover: c.peak_crossover,
            peak_crossover_end: c.peak_crossover_end,
            backward: c.backward,
            parallel: c.parallel,
            niche: c.niche,
            niche_end: c.niche_end,
            drift: c.drift,
        }
    }
}

#[cfg(feature = "serde")]
impl TryFrom<GaConfigRepr> for GaConfig {
    type Error = crate::Error;

    fn try_from(r: GaConfigRepr) -> Result<Self, crate::Error> {
        let c = GaConfig {
            population: r.population,
            mutation: r.mutation,
            mutation_sweep: r.mutation_sweep,
            justification_rounds: r.justification_rounds,
            single_pass: r.single_pass,
            restart_after: r.restart_after,
            peak_crossover: r.peak_crossover,
            peak_crossover_end: r.peak_crossover_end,
            backward: r.backward,
            parallel: r.parallel,
            niche: r.niche,
            niche_end: r.niche_end,
            drift: r.drift,
        };
        c.validate()?;
        Ok(c)
    }
}

impl Default for GaConfig {
    fn default() -> Self {
        GaConfig {
            population: 0,
            mutation: None,
            mutation_sweep: 1.0,
            justification_rounds: 1,
            single_pass: true,
            restart_after: 30,
            peak_crossover: 0.75,
            peak_crossover_end: 0.25,
            backward: 0.25,
            parallel: 0.1,
            niche: 0.7,
            niche_end: 0.0,
            drift: true,
        }
    }
}

impl GaConfig {
    /// The mutation probability per list position for `n` activities when
    /// none is set: `80 / n²`, between 0.002 and 0.2 — about 2.5 moves per
    /// child on J30, 1.3 on J60, 0.65 on J120. Measured with the runner
    /// (seeds 1–3, 5,000 schedules, mean of the three) against the former
    /// fixed 0.04: J30 0.068 → 0.050 % from the optimum, J60 11.08 →
    /// 11.06 % and generated J120-like sets 34.95 → 34.13 % above the
    /// critical-path bound; larger instances want fewer moves per child.
    #[must_use]
    pub fn auto_mutation(n: usize) -> f64 {
        let n = n.max(1) as f64;
        (80.0 / (n * n)).clamp(0.002, 0.2)
    }

    /// The largest explicit population accepted.
    pub const MAX_POPULATION: usize = 100_000;

    /// Checks every parameter: probabilities in [0, 1], a population of at
    /// most [`GaConfig::MAX_POPULATION`] (0 = from the budget), at most 64
    /// justification rounds. [`GeneticAlgorithm`](super::GeneticAlgorithm)
    /// calls it before searching, so a configuration written field by field
    /// (or deserialised) is refused with an error, never a panic.
    ///
    /// # Errors
    ///
    /// [`crate::Error::InvalidParameter`] naming the first bad parameter.
    pub fn validate(&self) -> Result<(), crate::Error> {
        let probability = |name: &'static str, v: f64| {
            if (0.0..=1.0).contains(&v) {
                Ok(())
            } else {
                Err(crate::Error::InvalidParameter {
                    name,
                    value: v.to_string(),
                    expected: "a probability in [0, 1]",
                })
            }
        };
        if let Some(m) = self.mutation {
            probability("GA mutation", m)?;
        }
        probability("GA mutation sweep", self.mutation_sweep)?;
        probability("GA peak crossover", self.peak_crossover)?;
        probability("GA final peak crossover", self.peak_crossover_end)?;
        probability("GA backward share", self.backward)?;
        probability("GA parallel share", self.parallel)?;
        probability("GA niche radius", self.niche)?;
        probability("GA final niche radius", self.niche_end)?;
        if self.population > Self::MAX_POPULATION {
            return Err(crate::Error::InvalidParameter {
                name: "GA population",
                value: self.population.to_string(),
                expected: "0 (from the budget) to 100000",
            });
        }
        if self.justification_rounds > 64 {
            return Err(crate::Error::InvalidParameter {
                name: "GA justification rounds",
                value: self.justification_rounds.to_string(),
                expected: "0 to 64",
            });
        }
        Ok(())
    }
}

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
}

impl Search<'_, '_> {
    fn exhausted(&self) -> bool {
        self.budget.should_stop(self.dec.count + self.reserve)
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

pub(crate) fn run_ga(
    inst: &Instance,
    budget: &Budget<'_>,
    cfg: &GaConfig,
) -> Result<Solution, crate::Error> {
    let n = inst.len();
    let lb = i64::from(quick_lower_bound(inst));
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
    };
    let done =
        |s: &Search<'_, '_>| s.exhausted() || s.best.as_ref().is_some_and(|b| b.makespan <= lb);

    // Biased random samples of the LFT rule, each decoded and justified.
    let mut list = Vec::with_capacity(n);
    let mut sample = |s: &mut Search<'_, '_>, rng: &mut Xoshiro256PlusPlus| {
        biased_list(inst, &prio, rng, &mut list);
        s.evaluate(list.clone(), Decode::Serial)
    };
    let mut pop: Vec<Individual> = Vec::with_capacity(2 * pop_size);
    while pop.len() < pop_size && !done(&s) {
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
    while !done(&s) && pop.len() >= pop_size.min(2) {
        breeder.progress = budget.progress(s.dec.count);
        let size = pop.len();
        let mut children = Vec::with_capacity(size);
        while children.len() < size && !done(&s) {
            let m = Breeder::pick(&pop, &mut rng);
            let mut f = Breeder::pick(&pop, &mut rng);
            if f == m {
                f = (m + 1) % size;
            }
            let mut q1 = rng.random_range(0..=n);
            let mut q2 = rng.random_range(0..=n);
            if q1 > q2 {
                core::mem::swap(&mut q1, &mut q2);
            }
            let peak = breeder.peak(&mut rng);
            for (a, b) in [(m, f), (f, m)] {
                if done(&s) {
                    break;
                }
                let (child, how) = breeder.child(&pop[a], &pop[b], peak, (q1, q2), &mut rng);
                children.push(s.evaluate(child, how));
            }
        }
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
            while pop.len() < size && !done(&s) {
                pop.push(sample(&mut s, &mut rng));
            }
        }
    }
    if s.reserve > 0 && s.dec.count < budget.schedules() {
        // The best may be right-justified: start everything as early as
        // it allows.
        if let Some(best) = s.best.as_mut() {
            best.makespan = s
                .dec
                .left_justify(&mut best.starts, best.makespan, &mut s.order);
        }
    }
    s.dec.check_overflow()?;
    let count = s.dec.count;
    // The budget never stops before the first schedule, so a best exists;
    // should it not, decode the priority list once rather than return an
    // empty schedule.
    let starts = match s.best {
        Some(best) => best.starts,
        None => {
            let list = super::rules::list_by_priority(inst, &prio);
            s.dec.serial(&list, Dir::Forward);
            s.dec.check_overflow()?;
            s.dec.start.clone()
        }
    };
    let starts = starts.iter().map(|&x| x.max(0) as u32).collect();
    Ok(Solution::from_starts(inst, starts, s.dec.count.max(count)))
}

#[cfg(test)]
mod tests;
