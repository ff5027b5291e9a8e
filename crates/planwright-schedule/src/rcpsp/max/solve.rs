//! The serial generation scheme with unscheduling, sampled, with
//! forward–backward improvement.

use rand::{RngExt, SeedableRng};
use rand_xoshiro::Xoshiro256PlusPlus;

use super::MaxInstance;
use super::proofs::{Infeasibility, resource_proof};
use super::temporal::{NONE, PROPAGATION_WORK, Temporal};
use crate::Error;
use crate::rcpsp::instance::Solution;
use crate::rcpsp::scheduler::Budget;

/// The most time units × resources a pass's usage profile may cover
/// (2^23 words, 32 MiB).
const MAX_PROFILE_WORDS: u64 = 1 << 23;

/// What [`MaxSampling::solve`] found.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum MaxOutcome {
    /// The best schedule found.
    Schedule(Solution),
    /// Proven: no schedule exists.
    Infeasible(Infeasibility),
    /// No schedule found within the budget (the instance may or may not
    /// have one).
    NotFound {
        /// Passes made.
        schedules: u64,
    },
}

/// The serial schedule generation scheme for RCPSP/max with unscheduling,
/// sampled, after constraint propagation.
///
/// Before any pass: the temporal analysis (a positive cycle proves the
/// instance infeasible), the resource proofs (a demand above a capacity;
/// two activities the lags force to overlap), then propagation over every
/// pair that cannot run together: where the distances leave one order
/// possible, it is added and the distances closed again, until nothing
/// changes — a pair left with no possible order proves infeasibility
/// ([`Infeasibility::ForcedOrders`]), and the tighter windows guide the
/// passes. On the ProGen/max sets this proves 222 of the 223 `unsat`
/// instances.
///
/// The first pass follows the priority rule "longest tail
/// first" (the longest lag path from an activity's start to any finish),
/// later passes perturb the rule's values at random, with weights cycling
/// from a perturbation to an all but random order (deterministic for the
/// budget's seed).
///
/// A pass schedules, among the activities whose every strict temporal
/// predecessor (a positive distance) is scheduled, the one with the best
/// priority at the earliest resource-feasible start within its time
/// window. When the window holds none, the scheduled activities whose
/// maximum lags close it get release dates that reopen it, they and every
/// activity scheduled at or after the earliest of them are unscheduled,
/// and the pass goes on; after `unschedule_per_activity` × n such steps
/// (or beyond a horizon no schedule needs) the pass gives up.
///
/// Every schedule found is then improved forward–backward: a pass on the
/// mirrored instance (time reversed) with the latest finish first packs
/// it to the right, a forward pass with the earliest start first packs it
/// back to the left, repeated while the makespan shrinks (on the ProGen/max
/// sets this takes the mean deviation from the optimum from 0.21 % to
/// 0.09 % on J10 at 5,000 schedules). Each pass, forward or backward,
/// counts as one schedule of the budget; a schedule that meets the
/// time-lag lower bound ends the search.
#[derive(Clone, Copy, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub struct MaxSampling {
    /// Unscheduling steps a pass may take per activity (default 4).
    pub unschedule_per_activity: u32,
    /// How much later passes perturb the priorities, as a share of the
    /// largest priority value (default 0.5).
    pub noise: f64,
}

impl Default for MaxSampling {
    fn default() -> Self {
        MaxSampling {
            unschedule_per_activity: 4,
            noise: 0.5,
        }
    }
}

impl MaxSampling {
    /// A short name for reports.
    #[must_use]
    pub fn name(&self) -> String {
        "max-sampling".to_owned()
    }

    /// Solves `inst` within `budget`: a schedule, a proof of
    /// infeasibility, or none found.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidParameter`] for a noise that is not finite and
    /// non-negative; [`Error::TooLarge`] when the horizon a pass may need
    /// (earliest starts, durations and positive lags summed) times the
    /// resources exceeds 2^23 (the usage profile is time-indexed; use a
    /// coarser time unit).
    ///
    /// # Complexity
    ///
    /// The temporal analysis (O(n³) once), then per pass O(n²) plus the
    /// resource checks.
    pub fn solve(&self, inst: &MaxInstance, budget: &Budget<'_>) -> Result<MaxOutcome, Error> {
        if !(self.noise.is_finite() && self.noise >= 0.0) {
            return Err(Error::InvalidParameter {
                name: "noise",
                value: self.noise.to_string(),
                expected: "a finite value ≥ 0",
            });
        }
        let mut t = match inst.temporal() {
            Ok(t) => t,
            Err(why) => return Ok(MaxOutcome::Infeasible(why)),
        };
        if let Some(why) = resource_proof(inst, &t) {
            return Ok(MaxOutcome::Infeasible(why));
        }
        // Orders that pairs of activities must keep tighten the windows
        // (and sometimes prove that none exists).
        if let Err(why) = t.force_orders(inst, PROPAGATION_WORK) {
            return Ok(MaxOutcome::Infeasible(why));
        }
        let n = inst.len();
        if n == 0 {
            return Ok(MaxOutcome::Schedule(Solution {
                starts: Vec::new(),
                makespan: 0,
                schedules: 1,
            }));
        }
        let lb = i64::from(t.lower_bound());
        // Priority: the longest lag path from the start to any finish.
        let tail: Vec<f64> = (0..n)
            .map(|i| {
                (0..n)
                    .filter_map(|j| {
                        let d = t.at(i, j);
                        (d != NONE).then(|| d + i64::from(inst.durations[j]))
                    })
                    .max()
                    .unwrap_or(0) as f64
            })
            .collect();
        let spread = tail.iter().fold(1.0f64, |a, &b| a.max(b)) * self.noise;
        let mut pass = Pass::new(inst, &t, self.unschedule_per_activity);
        // The resource profile is time-indexed: bound its memory.
        let words = (pass.horizon.max(0) as u64).saturating_mul(inst.capacities.len() as u64);
        if words > MAX_PROFILE_WORDS {
            return Err(Error::TooLarge {
                what: "time units × resources in the RCPSP/max horizon",
                limit: MAX_PROFILE_WORDS,
            });
        }
        // The mirrored instance (time reversed) for backward passes.
        let rev_inst = inst.reversed();
        let rev_t = t.mirrored();
        let mut back = Pass::new(&rev_inst, &rev_t, self.unschedule_per_activity);
        back.horizon = back.horizon.max(pass.horizon);
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(budget.get_seed());
        let mut prio = tail.clone();
        let mut order = vec![0.0; n];
        let mut best: Option<(i64, Vec<i64>)> = None;
        let mut used = 0u64;
        let keep = |ms: i64, starts: &[i64], best: &mut Option<(i64, Vec<i64>)>| {
            if best.as_ref().is_none_or(|b| ms < b.0) {
                *best = Some((ms, starts.to_vec()));
            }
        };
        'search: while !budget.should_stop(used) {
            if used > 0 {
                // The noise's weight cycles from a perturbation of the rule
                // to an order that is all but random, so an activity the
                // rule always ranks last (one whose window a maximum lag
                // closes behind another) still gets to go early.
                let w = spread * [1.0, 4.0, 16.0][(used % 3) as usize];
                for (p, &b) in prio.iter_mut().zip(&tail) {
                    *p = b + w * rng.random::<f64>();
                }
            }
            used += 1;
            let Some(mut ms) = pass.run(&prio) else {
                continue;
            };
            keep(ms, &pass.start, &mut best);
            // Forward–backward improvement: right-justify (latest finish
            // first, in mirrored time), then left-justify (earliest start
            // first), while the makespan shrinks.
            loop {
                if best.as_ref().is_some_and(|b| b.0 <= lb) || budget.should_stop(used) {
                    break 'search;
                }
                for (o, (&st, &p)) in order.iter_mut().zip(pass.start.iter().zip(&inst.durations)) {
                    *o = (st + i64::from(p)) as f64;
                }
                used += 1;
                let Some(back_ms) = back.run(&order) else {
                    break;
                };
                // Mirrored starts to forward ones, S = M − S' − p, moved
                // left until one starts at 0.
                for (j, (&st, &p)) in back.start.iter().zip(&inst.durations).enumerate() {
                    pass.start[j] = back_ms - st - i64::from(p);
                }
                let first = pass.start.iter().copied().min().unwrap_or(0);
                let mut back_ms = 0;
                for (j, &p) in inst.durations.iter().enumerate() {
                    pass.start[j] -= first;
                    order[j] = -(pass.start[j] as f64);
                    back_ms = back_ms.max(pass.start[j] + i64::from(p));
                }
                keep(back_ms, &pass.start, &mut best);
                if budget.should_stop(used) {
                    break 'search;
                }
                used += 1;
                let Some(fwd_ms) = pass.run(&order) else {
                    break;
                };
                keep(fwd_ms, &pass.start, &mut best);
                if fwd_ms.min(back_ms) >= ms {
                    break;
                }
                ms = fwd_ms.min(back_ms);
            }
            if best.as_ref().is_some_and(|b| b.0 <= lb) {
                break;
            }
        }
        Ok(match best {
            Some((ms, starts)) => MaxOutcome::Schedule(Solution {
                starts: starts.iter().map(|&s| s as u32).collect(),
                makespan: ms as u32,
                schedules: used,
            }),
            None => MaxOutcome::NotFound { schedules: used },
        })
    }
}

/// One serial pass with unscheduling, its buffers reused between passes.
struct Pass<'a> {
    inst: &'a MaxInstance,
    t: &'a Temporal,
    /// Unscheduling steps a pass may take.
    limit: u64,
    /// A start beyond this is never needed (every activity in sequence,
    /// each after its longest lag).
    horizon: i64,
    start: Vec<i64>,
    scheduled: Vec<bool>,
    release: Vec<i64>,
    /// Strict temporal successors (a positive distance) by activity.
    later: Vec<Vec<u32>>,
    /// Unscheduled strict temporal predecessors by activity.
    waiting: Vec<u32>,
    /// Their count when nothing is scheduled.
    waiting0: Vec<u32>,
    /// Resource usage per time unit: `usage[r][t]`.
    usage: Vec<Vec<u32>>,
}

impl<'a> Pass<'a> {
    fn new(inst: &'a MaxInstance, t: &'a Temporal, per: u32) -> Self {
        let n = inst.len();
        let lags: i64 = inst.lags.iter().map(|l| i64::from(l.lag.max(0))).sum();
        let work: i64 = inst.durations.iter().map(|&p| i64::from(p)).sum();
        let later: Vec<Vec<u32>> = (0..n)
            .map(|i| {
                (0..n as u32)
                    .filter(|&j| j as usize != i && t.at(i, j as usize) > 0)
                    .collect()
            })
            .collect();
        let mut waiting0 = vec![0u32; n];
        for &j in later.iter().flatten() {
            waiting0[j as usize] += 1;
        }
        Pass {
            inst,
            t,
            later,
            waiting: waiting0.clone(),
            waiting0,
            limit: u64::from(per) * n as u64 + 16,
            horizon: t.es.iter().copied().max().unwrap_or(0) + work + lags,
            start: vec![0; n],
            scheduled: vec![false; n],
            release: vec![0; n],
            usage: vec![Vec::new(); inst.capacities.len()],
        }
    }

    /// One pass under priorities `prio` (higher first): the makespan, the
    /// starts in `self.start`; `None` when the pass gives up.
    fn run(&mut self, prio: &[f64]) -> Option<i64> {
        let (inst, t) = (self.inst, self.t);
        let n = inst.len();
        self.release.copy_from_slice(&t.es);
        self.scheduled.fill(false);
        self.waiting.copy_from_slice(&self.waiting0);
        for u in &mut self.usage {
            u.clear();
        }
        let mut left = n;
        let mut steps = 0u64;
        while left > 0 {
            // The eligible activity with the best priority: every strict
            // temporal predecessor scheduled.
            let mut pick: Option<usize> = None;
            for j in 0..n {
                if !self.scheduled[j]
                    && self.waiting[j] == 0
                    && pick.is_none_or(|p| prio[j] > prio[p])
                {
                    pick = Some(j);
                }
            }
            let j = pick?;
            // Its window given what is scheduled and every release date.
            let (mut es, mut ls) = (self.release[j], i64::MAX);
            for i in 0..n {
                let s = if self.scheduled[i] {
                    let back = t.at(j, i);
                    if back != NONE {
                        ls = ls.min(self.start[i] - back);
                    }
                    self.start[i]
                } else {
                    self.release[i]
                };
                let fwd = t.at(i, j);
                if fwd != NONE && i != j {
                    es = es.max(s + fwd);
                }
            }
            let at = self.earliest_fit(j, es)?;
            if at <= ls {
                self.place(j, at, true);
                self.start[j] = at;
                self.scheduled[j] = true;
                for &s in &self.later[j] {
                    self.waiting[s as usize] -= 1;
                }
                left -= 1;
                continue;
            }
            // Unschedule: the activities whose maximum lags close the
            // window start later, and so does all that came after them.
            steps += 1;
            if steps > self.limit {
                return None;
            }
            let mut from = i64::MAX;
            for i in 0..n {
                let back = t.at(j, i);
                if self.scheduled[i] && back != NONE && self.start[i] - back < at {
                    self.release[i] = self.release[i].max(at + back);
                    from = from.min(self.start[i]);
                }
            }
            if from == i64::MAX {
                return None;
            }
            for i in 0..n {
                if self.scheduled[i] && self.start[i] >= from {
                    self.place(i, self.start[i], false);
                    self.scheduled[i] = false;
                    for &s in &self.later[i] {
                        self.waiting[s as usize] += 1;
                    }
                    left += 1;
                }
            }
        }
        Some(
            (0..n)
                .map(|j| self.start[j] + i64::from(inst.durations[j]))
                .max()
                .unwrap_or(0),
        )
    }

    /// The earliest start ≥ `es` where `j` fits every capacity; `None`
    /// beyond the horizon.
    fn earliest_fit(&mut self, j: usize, es: i64) -> Option<i64> {
        let inst = self.inst;
        let p = i64::from(inst.durations[j]);
        let mut s = es.max(0);
        if p == 0 {
            return (s <= self.horizon).then_some(s);
        }
        let dem = inst.demands_of(j);
        'search: loop {
            if s > self.horizon {
                return None;
            }
            for (r, (&q, u)) in dem.iter().zip(&self.usage).enumerate() {
                if q == 0 {
                    continue;
                }
                let cap = inst.capacities[r];
                let end = (s + p) as usize;
                // Scan backwards so a conflict moves the start past it.
                for x in (s as usize..end.min(u.len())).rev() {
                    if u64::from(u[x]) + u64::from(q) > u64::from(cap) {
                        s = x as i64 + 1;
                        continue 'search;
                    }
                }
            }
            return Some(s);
        }
    }

    /// Adds (`on`) or removes `j`'s demand over `[s, s + p)`.
    fn place(&mut self, j: usize, s: i64, on: bool) {
        let inst = self.inst;
        let p = inst.durations[j] as usize;
        let s = s as usize;
        for (&q, u) in inst.demands_of(j).iter().zip(&mut self.usage) {
            if q == 0 || p == 0 {
                continue;
            }
            if u.len() < s + p {
                u.resize(s + p, 0);
            }
            for x in &mut u[s..s + p] {
                *x = if on { *x + q } else { *x - q };
            }
        }
    }
}
