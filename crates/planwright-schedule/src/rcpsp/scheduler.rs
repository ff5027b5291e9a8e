//! The [`Scheduler`] trait, budgets, and the reference schedulers.

use core::fmt;
use core::sync::atomic::{AtomicBool, AtomicU64, Ordering};

use rand::SeedableRng;
use rand_xoshiro::Xoshiro256PlusPlus;

use super::bounds::quick_lower_bound;
use super::ga::{GaConfig, run_ga};
use super::instance::{Instance, Solution};
use super::rules::{PriorityRule, biased_list, list_by_priority};
use super::sgs::{Decoder, Dir};
use crate::Error;

/// A stop check supplied by the caller (e.g. a wall-clock limit measured
/// outside the library). Called every few schedules; `true` stops the search,
/// which then returns its best schedule so far.
pub type StopCheck<'a> = &'a (dyn Fn() -> bool + Sync);

/// The share of a limit of the caller's own that is spent, from 0 to 1
/// (e.g. elapsed over allowed wall time, measured outside the library).
/// Searches that change course as their budget runs out (the GA's niche
/// radius, peak crossover share and mutation rate) follow it besides the
/// share of schedules spent.
pub type PaceCheck<'a> = &'a (dyn Fn() -> f64 + Sync);

/// How much a scheduler may do: a number of generated schedules (the
/// Kolisch & Hartmann convention: every schedule an SGS builds, including
/// each pass of justification, counts one), a seed, and an optional stop
/// check.
pub struct Budget<'a> {
    schedules: u64,
    seed: u64,
    stop: Option<StopCheck<'a>>,
    pace: Option<PaceCheck<'a>>,
    /// Schedules generated when the stop check last ran: it runs again once
    /// 16 more are done, however many a step generates at once.
    checked_at: AtomicU64,
    /// The stop check said stop: every later question gets the same answer.
    stopped: AtomicBool,
}

impl Clone for Budget<'_> {
    fn clone(&self) -> Self {
        Budget {
            schedules: self.schedules,
            seed: self.seed,
            stop: self.stop,
            pace: self.pace,
            checked_at: AtomicU64::new(self.checked_at.load(Ordering::Relaxed)),
            stopped: AtomicBool::new(self.stopped.load(Ordering::Relaxed)),
        }
    }
}

impl fmt::Debug for Budget<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Budget")
            .field("schedules", &self.schedules)
            .field("seed", &self.seed)
            .field("stop", &self.stop.is_some())
            .field("pace", &self.pace.is_some())
            .finish()
    }
}

impl<'a> Budget<'a> {
    /// A budget of `schedules` generated schedules (at least 1), seed 0.
    #[must_use]
    pub fn new(schedules: u64) -> Self {
        Budget {
            schedules: schedules.max(1),
            seed: 0,
            stop: None,
            pace: None,
            checked_at: AtomicU64::new(0),
            stopped: AtomicBool::new(false),
        }
    }

    /// Sets the seed: same seed, same instance → same solution.
    #[must_use]
    pub fn seed(mut self, seed: u64) -> Self {
        self.seed = seed;
        self
    }

    /// Adds a stop check.
    #[must_use]
    pub fn stop_when(mut self, stop: StopCheck<'a>) -> Self {
        self.stop = Some(stop);
        self
    }

    /// Adds a pace check: how much of the caller's own limit is spent. Give
    /// it with a stop check that is not a schedule count (a wall-clock
    /// limit), so that a search pacing itself by its budget (the GA's
    /// [`GaConfig::niche_end`](super::GaConfig::niche_end),
    /// [`GaConfig::peak_crossover_end`](super::GaConfig::peak_crossover_end),
    /// [`GaConfig::mutation_sweep`](super::GaConfig::mutation_sweep)) sees
    /// the limit approach; without it, only the share of schedules counts —
    /// which, with a schedule budget far beyond what the time allows,
    /// leaves the search at its starting settings throughout.
    ///
    /// ```
    /// use std::time::{Duration, Instant};
    /// use planwright_schedule::rcpsp::{Budget, GeneratorConfig, GeneticAlgorithm, Scheduler, generate};
    ///
    /// let inst = generate(&GeneratorConfig::new(30, 1.5, 0.5, 0.3), 1)?;
    /// // A wall-clock limit, measured by the caller: stop at it, pace by it.
    /// let (started, limit) = (Instant::now(), Duration::from_millis(50));
    /// let stop = || started.elapsed() >= limit;
    /// let pace = || started.elapsed().as_secs_f64() / limit.as_secs_f64();
    /// let budget = Budget::new(u64::MAX).seed(1).stop_when(&stop).pace_by(&pace);
    /// let solution = GeneticAlgorithm::default().solve(&inst, &budget)?;
    /// assert!(solution.schedules > 0);
    /// # Ok::<(), planwright_schedule::Error>(())
    /// ```
    #[must_use]
    pub fn pace_by(mut self, pace: PaceCheck<'a>) -> Self {
        self.pace = Some(pace);
        self
    }

    /// The share of the budget spent after `used` schedules, from 0 to 1:
    /// the larger of the schedules' share and the pace check's answer
    /// (clamped; a NaN answer counts as 0).
    #[must_use]
    pub fn progress(&self, used: u64) -> f64 {
        let by_count = used as f64 / self.schedules as f64;
        let by_pace = self.pace.map_or(0.0, |p| {
            let x = p();
            if x.is_nan() { 0.0 } else { x }
        });
        by_count.max(by_pace).clamp(0.0, 1.0)
    }

    /// The schedule budget.
    #[must_use]
    pub fn schedules(&self) -> u64 {
        self.schedules
    }

    /// The seed.
    #[must_use]
    pub fn get_seed(&self) -> u64 {
        self.seed
    }

    /// `true` once the budget is spent or the stop check says so. Never
    /// before the first schedule: every scheduler returns at least one
    /// feasible schedule, however early the caller stops it.
    pub(crate) fn should_stop(&self, used: u64) -> bool {
        if used == 0 {
            return false;
        }
        if used >= self.schedules || self.stopped.load(Ordering::Relaxed) {
            return true;
        }
        let Some(stop) = self.stop else {
            return false;
        };
        if used >= self.checked_at.load(Ordering::Relaxed) + 16 {
            self.checked_at.store(used, Ordering::Relaxed);
            if stop() {
                self.stopped.store(true, Ordering::Relaxed);
                return true;
            }
        }
        false
    }
}

/// A method for the resource-constrained project scheduling problem.
///
/// Implement it to plug your own method into the benchmark harness and the
/// runner. A scheduler must return a feasible schedule, generate at most
/// `budget.schedules()` schedules, and be deterministic for a seed.
pub trait Scheduler: Send + Sync + fmt::Debug {
    /// A short name, e.g. `ga` or `serial-lft`.
    fn name(&self) -> String;

    /// Solves `instance` within `budget`.
    ///
    /// # Errors
    ///
    /// Implementations return an error only for instances they cannot
    /// handle at all.
    fn solve(&self, instance: &Instance, budget: &Budget<'_>) -> Result<Solution, Error>;
}

/// Which schedule generation scheme a heuristic uses.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub enum Scheme {
    /// Serial: activities one by one, each at its earliest feasible time
    /// (active schedules).
    Serial,
    /// Parallel: time steps, starting what fits (non-delay schedules).
    Parallel,
}

/// A single pass of a priority rule with a generation scheme: one schedule.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct SinglePass {
    /// The rule.
    pub rule: PriorityRule,
    /// The scheme.
    pub scheme: Scheme,
}

impl Scheduler for SinglePass {
    fn name(&self) -> String {
        let s = match self.scheme {
            Scheme::Serial => "serial",
            Scheme::Parallel => "parallel",
        };
        format!("{s}-{}", self.rule)
    }

    fn solve(&self, instance: &Instance, budget: &Budget<'_>) -> Result<Solution, Error> {
        let mut dec = Decoder::new(instance)?;
        let prio = self.rule.values(instance, budget.seed);
        match self.scheme {
            Scheme::Serial => {
                let list = list_by_priority(instance, &prio);
                dec.serial(&list, Dir::Forward);
            }
            Scheme::Parallel => {
                dec.parallel(&prio);
            }
        }
        dec.finish(instance)
    }
}

/// Regret-biased random sampling (Kolisch & Drexl), optionally each
/// sample improved by double justification; the best schedule wins. With
/// the serial scheme a sample is a biased random activity list; with the
/// parallel scheme the activity started next at each decision time is a
/// biased draw among those that fit (the variant most published sampling
/// results use).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Sampling {
    /// The rule that biases the sampling.
    pub rule: PriorityRule,
    /// Apply double justification to every sample (each pass counts).
    pub justify: bool,
    /// The generation scheme of every sample.
    #[cfg_attr(feature = "serde", serde(default = "serial_scheme"))]
    pub scheme: Scheme,
}

/// Sampling serialised before it had a scheme was serial.
#[cfg(feature = "serde")]
fn serial_scheme() -> Scheme {
    Scheme::Serial
}

impl Scheduler for Sampling {
    /// `rbrs-lft`, `rbrs-lft-fbi` (serial), `rbrs-parallel-lft`, ...
    fn name(&self) -> String {
        format!(
            "rbrs-{}{}{}",
            match self.scheme {
                Scheme::Serial => "",
                Scheme::Parallel => "parallel-",
            },
            self.rule,
            if self.justify { "-fbi" } else { "" }
        )
    }

    fn solve(&self, instance: &Instance, budget: &Budget<'_>) -> Result<Solution, Error> {
        let mut dec = Decoder::new(instance)?;
        let lb = i64::from(quick_lower_bound(instance));
        let prio = self.rule.values(instance, budget.seed);
        let mut rng = Xoshiro256PlusPlus::seed_from_u64(budget.seed);
        let mut list = Vec::with_capacity(instance.len());
        let mut order = Vec::with_capacity(instance.len());
        let mut best: Option<(i64, Vec<i64>)> = None;
        let mut starts = vec![0i64; instance.len()];
        while !budget.should_stop(dec.count) {
            let mut ms = match self.scheme {
                Scheme::Serial => {
                    biased_list(instance, &prio, &mut rng, &mut list);
                    dec.serial(&list, Dir::Forward)
                }
                Scheme::Parallel => dec.parallel_sampled(&prio, &mut rng),
            };
            starts.copy_from_slice(&dec.start);
            if self.justify {
                let rounds = ((budget.schedules.saturating_sub(dec.count)) / 2).min(4) as u32;
                ms = dec.justify(&mut starts, ms, &mut order, rounds);
            }
            if best.as_ref().is_none_or(|b| ms < b.0) {
                best = Some((ms, starts.clone()));
                if ms <= lb {
                    break;
                }
            }
        }
        dec.check_overflow()?;
        // The budget never stops before the first schedule, so `best` is set.
        let starts = best.map_or_else(Vec::new, |b| b.1.iter().map(|&s| s.max(0) as u32).collect());
        Ok(Solution::from_starts(instance, starts, dec.count))
    }
}

/// The strongest scheduler: an activity-list genetic algorithm over the
/// serial scheme. Children come from Hartmann's two-point crossover or a peak
/// crossover (Valls, Ballestín & Quintanilla) and an insertion mutation of
/// mixed strength, the peak crossover's share and the mutation rate falling
/// as the budget is spent; a quarter are decoded backward (Klein's bidirectional
/// planning) and a tenth of the others by the parallel scheme (non-delay
/// schedules, as in Hartmann's self-adapting GA, here a fixed share); every
/// child is justified — by one right pass with constant capacities (the
/// best left-justified at the end), else by double justification — and
/// its list written back (Lamarckian). Survivors are the best distinct
/// schedules, equal makespans newest first (the population drifts across
/// plateaus), cleared within a niche radius of start times that narrows
/// as the budget is spent (give a wall-clock limit's pace with
/// [`Budget::pace_by`]). The population starts from regret-biased sampling
/// and is renewed when it stagnates. See [`GaConfig`].
///
/// The search ends before the budget does when the best schedule reaches
/// [`quick_lower_bound`](super::quick_lower_bound), or when a population of two
/// or more has collapsed to a single distinct schedule (then every child
/// repeats it: the search has converged). [`Solution::schedules`] says
/// how many schedules it spent.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct GeneticAlgorithm {
    /// Parameters.
    pub config: GaConfig,
}

impl Scheduler for GeneticAlgorithm {
    fn name(&self) -> String {
        "ga".to_owned()
    }

    fn solve(&self, instance: &Instance, budget: &Budget<'_>) -> Result<Solution, Error> {
        self.config.validate()?;
        run_ga(instance, budget, &self.config)
    }
}

fn check_list(instance: &Instance, list: &[u32]) -> Result<(), Error> {
    check_list_into(instance, list, &mut vec![0; instance.len()])
}

fn check_list_into(instance: &Instance, list: &[u32], pos: &mut [u32]) -> Result<(), Error> {
    let n = instance.len();
    if list.len() != n {
        return Err(Error::LengthMismatch {
            what: "activities in the list",
            expected: n,
            got: list.len(),
        });
    }
    pos.iter_mut().for_each(|p| *p = u32::MAX);
    for (i, &j) in list.iter().enumerate() {
        // Not `ok_or`: the error is built (and dropped) on every call.
        let Some(slot) = pos.get_mut(j as usize) else {
            return Err(Error::UnknownActivity { id: j });
        };
        if *slot != u32::MAX {
            return Err(Error::RepeatedActivity { activity: j });
        }
        *slot = i as u32;
    }
    for p in instance.precedences() {
        if pos[p.from as usize] > pos[p.to as usize] {
            return Err(Error::ListOrder {
                activity: p.to,
                predecessor: p.from,
            });
        }
    }
    Ok(())
}

/// A reusable serial SGS decoder for one instance: activity lists in,
/// schedules out, without reallocating between decodes. This is the hot
/// loop of list-based metaheuristics.
///
/// # Example
///
/// ```
/// use planwright_schedule::rcpsp::{Instance, ListDecoder, PriorityRule, ResourceProfile};
///
/// let inst = Instance::new("t", vec![2, 2, 1], vec![ResourceProfile::constant(1)],
///     vec![vec![1], vec![1], vec![0]], vec![])?;
/// let mut dec = ListDecoder::new(&inst)?;
/// assert_eq!(dec.decode(&[0, 1, 2])?, 4);
/// assert_eq!(dec.starts(), vec![0, 2, 0]);
/// # Ok::<(), planwright_schedule::Error>(())
/// ```
#[derive(Debug)]
pub struct ListDecoder<'a> {
    dec: Decoder<'a>,
    pos: Vec<u32>,
}

impl<'a> ListDecoder<'a> {
    /// A decoder for `instance` (allocates its time-indexed profile once).
    ///
    /// # Errors
    ///
    /// [`Error::TooLarge`] when the instance's scheduling horizon times its
    /// capacity words exceeds the decoder's memory cap (2^23 words).
    pub fn new(instance: &'a Instance) -> Result<Self, Error> {
        Ok(ListDecoder {
            dec: Decoder::new(instance)?,
            pos: vec![0; instance.len()],
        })
    }

    /// Decodes a precedence-feasible activity list with the serial scheme;
    /// returns the makespan.
    ///
    /// # Errors
    ///
    /// As [`serial_list_schedule`] for a list that is not a
    /// precedence-feasible permutation.
    ///
    /// # Complexity
    ///
    /// O(n + E) to check the list, then O(Σ d_j · k_j) at worst for the
    /// capacity scans.
    pub fn decode(&mut self, list: &[u32]) -> Result<u32, Error> {
        check_list_into(self.dec.inst, list, &mut self.pos)?;
        let ms = self.dec.serial(list, Dir::Forward);
        Ok(ms.clamp(0, i64::from(u32::MAX)) as u32)
    }

    /// The start times of the last decode.
    #[must_use]
    pub fn starts(&self) -> Vec<u32> {
        self.dec.starts_u32()
    }

    /// Schedules decoded so far.
    #[must_use]
    pub fn schedules(&self) -> u64 {
        self.dec.count
    }
}

/// Serial SGS over an explicit activity list (a precedence-feasible
/// permutation): each activity at its earliest precedence- and
/// resource-feasible start, in list order.
///
/// # Errors
///
/// [`Error::LengthMismatch`], [`Error::UnknownActivity`],
/// [`Error::RepeatedActivity`] or [`Error::ListOrder`] for a list that is not
/// a precedence-feasible permutation.
///
/// # Complexity
///
/// O(n × (k + d̄) + E) for n activities, k resources, E precedences and a
/// scan of d̄ periods per activity on average; memory O(n × k + horizon × k / 4).
pub fn serial_list_schedule(instance: &Instance, list: &[u32]) -> Result<Solution, Error> {
    check_list(instance, list)?;
    let mut dec = Decoder::new(instance)?;
    dec.serial(list, Dir::Forward);
    dec.finish(instance)
}

/// Parallel SGS with list-position priorities (Graham's list scheduling):
/// at each decision time, start what fits, earlier list positions first.
///
/// # Errors
///
/// As [`serial_list_schedule`].
pub fn parallel_list_schedule(instance: &Instance, list: &[u32]) -> Result<Solution, Error> {
    check_list(instance, list)?;
    let mut dec = Decoder::new(instance)?;
    dec.parallel_list(list);
    dec.finish(instance)
}

/// Forward-backward improvement (double justification) of a schedule: right
/// then left justification, repeated while it improves. Never longer than
/// the input; `schedules` counts the passes.
///
/// The input must be feasible (see [`super::verify`]); an infeasible input
/// is returned unchanged.
///
/// # Complexity
///
/// O(passes × serial SGS): at most 64 rounds of two passes.
#[must_use]
pub fn justify(instance: &Instance, solution: &Solution) -> Solution {
    if super::verify(instance, &solution.starts).is_err() {
        return solution.clone();
    }
    // A horizon too long for the decoder's memory cap: nothing to improve.
    let Ok(mut dec) = Decoder::new(instance) else {
        return solution.clone();
    };
    let mut starts: Vec<i64> = solution.starts.iter().map(|&s| i64::from(s)).collect();
    let mut order = Vec::new();
    dec.justify(&mut starts, i64::from(solution.makespan), &mut order, 64);
    let starts: Vec<u32> = starts.iter().map(|&s| s.max(0) as u32).collect();
    let out = Solution::from_starts(instance, starts, solution.schedules + dec.count);
    // Keep the input unless the result is feasible and no longer.
    if !dec.overflow
        && out.makespan <= solution.makespan
        && super::verify(instance, &out.starts).is_ok()
    {
        out
    } else {
        solution.clone()
    }
}

/// Every built-in scheduler, strongest first: `ga`, the sampling methods,
/// then single passes of every rule with both schemes.
#[must_use]
pub fn schedulers() -> Vec<Box<dyn Scheduler>> {
    let mut v: Vec<Box<dyn Scheduler>> = vec![Box::new(GeneticAlgorithm::default())];
    for scheme in [Scheme::Serial, Scheme::Parallel] {
        for justify in [true, false] {
            v.push(Box::new(Sampling {
                rule: PriorityRule::Lft,
                justify,
                scheme,
            }));
        }
    }
    for scheme in [Scheme::Serial, Scheme::Parallel] {
        for rule in PriorityRule::ALL {
            v.push(Box::new(SinglePass { rule, scheme }));
        }
    }
    v
}

/// The built-in scheduler called `name` (see [`schedulers`]).
#[must_use]
pub fn scheduler(name: &str) -> Option<Box<dyn Scheduler>> {
    schedulers().into_iter().find(|s| s.name() == name)
}
