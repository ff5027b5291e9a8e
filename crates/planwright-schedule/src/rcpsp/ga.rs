//! An activity-list genetic algorithm with double justification.

use rand::{RngExt, SeedableRng};
use rand_xoshiro::Xoshiro256PlusPlus;

use super::bounds::quick_lower_bound;
use super::instance::{Instance, Solution};
use super::rules::{PriorityRule, biased_list};
use super::scheduler::Budget;
use super::sgs::{Decoder, Dir};

/// Parameters of the genetic algorithm.
#[derive(Clone, Copy, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub struct GaConfig {
    /// Population size; 0 chooses one from the budget (about
    /// `1.2 · sqrt(budget / 3)`, between 16 and 256).
    pub population: usize,
    /// Probability per list position of swapping it with the next one (when
    /// they are not linked).
    pub mutation: f64,
    /// Double justification rounds per child (each round is two schedules
    /// and repeats only while it improves); 0 disables it.
    pub justification_rounds: u32,
    /// Generations without a new best before the population is renewed
    /// (the best quarter is kept).
    pub restart_after: u32,
}

impl Default for GaConfig {
    fn default() -> Self {
        GaConfig {
            population: 0,
            mutation: 0.05,
            justification_rounds: 2,
            restart_after: 30,
        }
    }
}

#[derive(Clone, Debug)]
struct Individual {
    list: Vec<u32>,
    starts: Vec<i64>,
    makespan: i64,
    hash: u64,
}

fn hash_starts(starts: &[i64]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &s in starts {
        h ^= s as u64;
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

struct Search<'a, 'b> {
    dec: Decoder<'a>,
    budget: &'b Budget<'b>,
    cfg: GaConfig,
    order: Vec<u32>,
    best: Option<Individual>,
}

impl Search<'_, '_> {
    fn exhausted(&self) -> bool {
        self.budget.should_stop(self.dec.count)
    }

    /// Decodes `list`, justifies the schedule within the remaining budget,
    /// and returns the individual with the list of its final forward pass.
    fn evaluate(&mut self, list: Vec<u32>) -> Individual {
        let mut ms = self.dec.serial(&list, Dir::Forward);
        let mut starts = self.dec.start.clone();
        let remaining = self.budget.schedules().saturating_sub(self.dec.count);
        let rounds = self.cfg.justification_rounds.min((remaining / 2) as u32);
        let mut list = list;
        if rounds > 0 {
            let before = ms;
            ms = self.dec.justify(&mut starts, ms, &mut self.order, rounds);
            if ms <= before {
                // The list of the final forward pass reproduces `starts`.
                core::mem::swap(&mut list, &mut self.order);
            }
        }
        let ind = Individual {
            hash: hash_starts(&starts),
            list,
            starts,
            makespan: ms,
        };
        if self.best.as_ref().is_none_or(|b| ind.makespan < b.makespan) {
            self.best = Some(ind.clone());
        }
        ind
    }
}

/// Two-point crossover (Hartmann): the child takes `mother[..q1]`, then the
/// next `q2 − q1` activities in `father`'s order not yet taken, then the rest
/// in `mother`'s order. Keeps precedence feasibility.
fn crossover(mother: &[u32], father: &[u32], q1: usize, q2: usize, taken: &mut [bool]) -> Vec<u32> {
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

fn mutate(inst: &Instance, list: &mut [u32], p: f64, rng: &mut Xoshiro256PlusPlus) {
    for i in 0..list.len().saturating_sub(1) {
        if rng.random::<f64>() < p {
            let (a, b) = (list[i], list[i + 1]);
            if !inst.preds(b as usize).iter().any(|&(x, _)| x == a) {
                list.swap(i, i + 1);
            }
        }
    }
}

pub(crate) fn run_ga(inst: &Instance, budget: &Budget<'_>, cfg: &GaConfig) -> Solution {
    let n = inst.len();
    let lb = i64::from(quick_lower_bound(inst));
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(budget.get_seed() ^ 0x5EED_6A00);
    let pop_size = if cfg.population > 0 {
        cfg.population
    } else {
        let evals =
            budget.schedules() as f64 / (1.0 + 2.0 * f64::from(cfg.justification_rounds.min(1)));
        ((1.2 * evals.sqrt()).round() as usize).clamp(16, 256)
    };
    let prio = PriorityRule::Lft.values(inst, budget.get_seed());
    let mut s = Search {
        dec: Decoder::new(inst),
        budget,
        cfg: *cfg,
        order: Vec::with_capacity(n),
        best: None,
    };
    let done =
        |s: &Search<'_, '_>| s.exhausted() || s.best.as_ref().is_some_and(|b| b.makespan <= lb);

    let mut pop: Vec<Individual> = Vec::with_capacity(2 * pop_size);
    let mut list = Vec::with_capacity(n);
    while pop.len() < pop_size && !done(&s) {
        biased_list(inst, &prio, &mut rng, &mut list);
        pop.push(s.evaluate(list.clone()));
    }
    let mut taken = vec![false; n];
    let mut best_ms = s.best.as_ref().map_or(i64::MAX, |b| b.makespan);
    let mut stale = 0u32;
    while !done(&s) && pop.len() >= 2 {
        let size = pop.len();
        let mut children = Vec::with_capacity(size);
        while children.len() < size && !done(&s) {
            let pick = |rng: &mut Xoshiro256PlusPlus| {
                let a = rng.random_range(0..size);
                let b = rng.random_range(0..size);
                if (pop[a].makespan, a) <= (pop[b].makespan, b) {
                    a
                } else {
                    b
                }
            };
            let m = pick(&mut rng);
            let mut f = pick(&mut rng);
            if f == m {
                f = (m + 1) % size;
            }
            let mut q1 = rng.random_range(0..=n);
            let mut q2 = rng.random_range(0..=n);
            if q1 > q2 {
                core::mem::swap(&mut q1, &mut q2);
            }
            for (a, b) in [(m, f), (f, m)] {
                if done(&s) {
                    break;
                }
                let mut child = crossover(&pop[a].list, &pop[b].list, q1, q2, &mut taken);
                mutate(inst, &mut child, cfg.mutation, &mut rng);
                children.push(s.evaluate(child));
            }
        }
        pop.extend(children);
        pop.sort_by_key(|i| (i.makespan, i.hash));
        pop.dedup_by_key(|i| (i.makespan, i.hash));
        pop.truncate(size);
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
                biased_list(inst, &prio, &mut rng, &mut list);
                pop.push(s.evaluate(list.clone()));
            }
        }
    }
    let count = s.dec.count;
    let best = s.best.unwrap_or_else(|| Individual {
        list: Vec::new(),
        starts: vec![0; n],
        makespan: 0,
        hash: 0,
    });
    let starts = best.starts.iter().map(|&x| x.max(0) as u32).collect();
    Solution::from_starts(inst, starts, count)
}
