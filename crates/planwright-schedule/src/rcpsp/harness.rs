//! The benchmark harness: run schedulers over instances and summarise the
//! results by the Kolisch & Hartmann protocol. Pure: the caller supplies
//! the instances, and a clock if it wants timings.

use super::instance::{Instance, Solution};
use super::scheduler::{Budget, PaceCheck, Scheduler, StopCheck};
use super::verify::verify;
use crate::Error;

/// What is known about an instance's optimal makespan.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub enum Known {
    /// Nothing.
    #[default]
    Unknown,
    /// The optimum.
    Optimum(u32),
    /// A proven lower bound (0 when none is listed) and the best known
    /// makespan (an upper bound): PSPLIB's `lb..ub`.
    Range {
        /// Proven lower bound.
        lower: u32,
        /// Best known makespan.
        upper: u32,
    },
}

impl Known {
    /// Parses PSPLIB's notation: `43`, `82..87`, `..87`.
    #[must_use]
    pub fn parse(text: &str) -> Option<Known> {
        let t = text.trim();
        match t.split_once("..") {
            None => t.parse().ok().map(Known::Optimum),
            Some((lb, ub)) => {
                let upper = ub.trim().parse().ok()?;
                let lower = if lb.trim().is_empty() {
                    0
                } else {
                    lb.trim().parse().ok()?
                };
                Some(Known::Range { lower, upper })
            }
        }
    }

    /// The optimum or best known makespan.
    #[must_use]
    pub fn best_known(&self) -> Option<u32> {
        match *self {
            Known::Unknown => None,
            Known::Optimum(v) | Known::Range { upper: v, .. } => Some(v),
        }
    }

    /// A proven lower bound, if listed.
    #[must_use]
    pub fn lower(&self) -> Option<u32> {
        match *self {
            Known::Unknown => None,
            Known::Optimum(v) | Known::Range { lower: v, .. } => Some(v),
        }
    }
}

/// An instance with what is known about it.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub struct Problem {
    /// The instance; its name identifies it in results.
    pub instance: Instance,
    /// Known optimum or bounds.
    pub known: Known,
}

impl Problem {
    /// A problem.
    #[must_use]
    pub fn new(instance: Instance, known: Known) -> Self {
        Problem { instance, known }
    }
}

/// One scheduler's result on one instance.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub struct RunResult {
    /// Instance name.
    pub instance: String,
    /// Scheduler name.
    pub scheduler: String,
    /// The solution found.
    pub solution: Solution,
    /// The critical path lower bound.
    pub critical_path: u32,
    /// What was known.
    pub known: Known,
    /// Seconds, when the caller supplied a clock.
    pub seconds: Option<f64>,
}

impl RunResult {
    /// Percent above the optimum / best known makespan.
    #[must_use]
    pub fn deviation_from_best_known(&self) -> Option<f64> {
        self.known
            .best_known()
            .filter(|&b| b > 0)
            .map(|b| 100.0 * (f64::from(self.solution.makespan) - f64::from(b)) / f64::from(b))
    }

    /// Percent above the critical path bound (0 for an empty project).
    #[must_use]
    pub fn deviation_from_critical_path(&self) -> f64 {
        if self.critical_path == 0 {
            0.0
        } else {
            100.0 * (f64::from(self.solution.makespan) - f64::from(self.critical_path))
                / f64::from(self.critical_path)
        }
    }

    /// Percent of the optimum / best known makespan above the critical path
    /// bound (0 for an empty project), if one is known.
    #[must_use]
    pub fn best_known_deviation_from_critical_path(&self) -> Option<f64> {
        let b = self.known.best_known().filter(|&b| b > 0)?;
        Some(if self.critical_path == 0 {
            0.0
        } else {
            100.0 * (f64::from(b) - f64::from(self.critical_path)) / f64::from(self.critical_path)
        })
    }

    /// `true` when the makespan is at or below the best known.
    #[must_use]
    pub fn at_best_known(&self) -> bool {
        self.known
            .best_known()
            .is_some_and(|b| self.solution.makespan <= b)
    }
}

/// The summary of one scheduler over a set of instances.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub struct Summary {
    /// Scheduler name.
    pub scheduler: String,
    /// Instances run.
    pub instances: usize,
    /// Instances with a known optimum or best known makespan.
    pub with_known: usize,
    /// Mean % deviation from the optimum / best known (over `with_known`).
    pub mean_deviation_best_known: Option<f64>,
    /// Mean % deviation from the critical path bound (0 without results:
    /// check `instances`).
    pub mean_deviation_critical_path: f64,
    /// The same mean for the optima / best known makespans, when every
    /// instance has one: the figure `mean_deviation_critical_path` tends to
    /// (it goes below only with new best-known solutions), so the distance
    /// between the two is what is left to win.
    pub best_known_deviation_critical_path: Option<f64>,
    /// Instances solved at or below the best known makespan.
    pub at_best_known: usize,
    /// Schedules generated in total.
    pub schedules: u64,
    /// Seconds in total (sum over instances), when timed.
    pub seconds: Option<f64>,
}

impl Summary {
    /// Schedules per second over the timed runs.
    #[must_use]
    pub fn schedules_per_second(&self) -> Option<f64> {
        self.seconds
            .filter(|&s| s > 0.0)
            .map(|s| self.schedules as f64 / s)
    }
}

/// Summarises results of one scheduler.
///
/// # Complexity
///
/// O(r) for r results.
#[must_use]
pub fn summarize(scheduler: &str, results: &[RunResult]) -> Summary {
    let devs: Vec<f64> = results
        .iter()
        .filter_map(RunResult::deviation_from_best_known)
        .collect();
    let n = results.len();
    let timed: Vec<f64> = results.iter().filter_map(|r| r.seconds).collect();
    Summary {
        scheduler: scheduler.to_owned(),
        instances: n,
        with_known: devs.len(),
        mean_deviation_best_known: (!devs.is_empty())
            .then(|| devs.iter().sum::<f64>() / devs.len() as f64),
        mean_deviation_critical_path: if n == 0 {
            0.0
        } else {
            results
                .iter()
                .map(RunResult::deviation_from_critical_path)
                .sum::<f64>()
                / n as f64
        },
        best_known_deviation_critical_path: (n > 0 && devs.len() == n).then(|| {
            results
                .iter()
                .filter_map(RunResult::best_known_deviation_from_critical_path)
                .sum::<f64>()
                / n as f64
        }),
        at_best_known: results.iter().filter(|r| r.at_best_known()).count(),
        schedules: results.iter().map(|r| r.solution.schedules).sum(),
        seconds: (timed.len() == n && n > 0).then(|| timed.iter().sum()),
    }
}

/// The seed of one instance's run: the set seed mixed with the instance
/// name, so a result does not depend on which other instances ran, in what
/// order, or on how many threads.
#[must_use]
pub fn instance_seed(seed: u64, name: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325 ^ seed.wrapping_mul(0x9E37_79B9_7F4A_7C15);
    for b in name.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// Runs one scheduler on one problem and checks the result with
/// [`verify`]. `clock` (seconds from any fixed point), if given, times the
/// run; `stop` and `pace` are passed on to the scheduler's budget
/// ([`Budget::stop_when`], [`Budget::pace_by`]): with a wall-clock limit,
/// give both.
///
/// # Errors
///
/// The scheduler's error; [`Error::Unsupported`] when it returns an
/// infeasible schedule (a scheduler bug: the harness never reports one as a
/// result).
///
/// # Complexity
///
/// The scheduler's cost within the budget, plus [`verify`](crate::rcpsp::verify).
///
/// # Example
///
/// ```
/// use planwright_schedule::rcpsp::{GeneticAlgorithm, GeneratorConfig, Known, Problem, generate, run_one};
///
/// let mut inst = generate(&GeneratorConfig::new(30, 1.5, 0.5, 0.5), 3)?;
/// inst.set_name("generated");
/// let problem = Problem::new(inst, Known::Unknown);
/// let r = run_one(&GeneticAlgorithm::default(), &problem, 1_000, 1, None, None, None)?;
/// assert!(r.solution.schedules <= 1_000); // every schedule is verified
/// # Ok::<(), planwright_schedule::Error>(())
/// ```
pub fn run_one(
    scheduler: &dyn Scheduler,
    problem: &Problem,
    schedules: u64,
    seed: u64,
    clock: Option<&dyn Fn() -> f64>,
    stop: Option<StopCheck<'_>>,
    pace: Option<PaceCheck<'_>>,
) -> Result<RunResult, Error> {
    let inst = &problem.instance;
    let mut budget = Budget::new(schedules).seed(instance_seed(seed, inst.name()));
    if let Some(stop) = stop {
        budget = budget.stop_when(stop);
    }
    if let Some(pace) = pace {
        budget = budget.pace_by(pace);
    }
    let t0 = clock.map(|c| c());
    let solution = scheduler.solve(inst, &budget)?;
    let seconds = match (clock, t0) {
        (Some(c), Some(t0)) => Some(c() - t0),
        _ => None,
    };
    if let Err(violation) = verify(inst, &solution.starts) {
        return Err(Error::InfeasibleSchedule {
            scheduler: scheduler.name(),
            instance: inst.name().to_owned(),
            violation,
        });
    }
    Ok(RunResult {
        instance: inst.name().to_owned(),
        scheduler: scheduler.name(),
        solution,
        critical_path: inst.critical_path_length(),
        known: problem.known,
        seconds,
    })
}

/// Runs every scheduler on every problem (in order; with the `parallel`
/// feature the problems run on rayon's threads, results identical) and
/// returns per-scheduler results and summaries.
///
/// # Errors
///
/// As [`run_one`].
///
/// # Complexity
///
/// The sum over problems of [`run_one`](crate::rcpsp::run_one).
pub fn run(
    schedulers: &[&dyn Scheduler],
    problems: &[Problem],
    schedules: u64,
    seed: u64,
) -> Result<Vec<(Vec<RunResult>, Summary)>, Error> {
    let mut out = Vec::with_capacity(schedulers.len());
    for &s in schedulers {
        #[cfg(feature = "parallel")]
        let results: Result<Vec<RunResult>, Error> = {
            use rayon::prelude::*;
            problems
                .par_iter()
                .map(|p| run_one(s, p, schedules, seed, None, None, None))
                .collect()
        };
        #[cfg(not(feature = "parallel"))]
        let results: Result<Vec<RunResult>, Error> = problems
            .iter()
            .map(|p| run_one(s, p, schedules, seed, None, None, None))
            .collect();
        let results = results?;
        let summary = summarize(&s.name(), &results);
        out.push((results, summary));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::{Known, RunResult, summarize};
    use crate::rcpsp::Solution;

    fn result(makespan: u32, critical_path: u32, known: Known) -> RunResult {
        RunResult {
            instance: format!("i{makespan}"),
            scheduler: "s".to_owned(),
            solution: Solution {
                starts: vec![0],
                makespan,
                schedules: 7,
            },
            critical_path,
            known,
            seconds: None,
        }
    }

    /// By hand: makespans 12 and 20 over critical paths 10 and 16, best
    /// known 11 and 20: 9.09 % and 0 % above best known, 20 % and 25 %
    /// above the bound, best known 10 % and 25 % above it.
    #[test]
    fn a_summary_by_hand() {
        let rs = [
            result(12, 10, Known::Optimum(11)),
            result(
                20,
                16,
                Known::Range {
                    lower: 17,
                    upper: 20,
                },
            ),
        ];
        let s = summarize("s", &rs);
        assert_eq!((s.instances, s.with_known, s.at_best_known), (2, 2, 1));
        assert!((s.mean_deviation_best_known.unwrap() - 100.0 / 22.0).abs() < 1e-9);
        assert!((s.mean_deviation_critical_path - 22.5).abs() < 1e-9);
        assert!((s.best_known_deviation_critical_path.unwrap() - 17.5).abs() < 1e-9);
        assert_eq!(s.schedules, 14);
        // One instance without a best known: no floor for the set.
        let rs = [rs[0].clone(), rs[1].clone(), result(30, 20, Known::Unknown)];
        let s = summarize("s", &rs);
        assert_eq!(s.with_known, 2);
        assert_eq!(s.best_known_deviation_critical_path, None);
        assert!((s.mean_deviation_critical_path - 95.0 / 3.0).abs() < 1e-9);
    }
}
