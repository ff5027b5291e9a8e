//! Monte Carlo schedule risk analysis: sampled durations, correlated by
//! rank, risk events, full critical-path passes, and the statistics of the
//! finish, the cost, each task and each risk.

use std::collections::BTreeMap;

use chrono::NaiveDateTime;
use planwright_core::{Duration, Money, Project, TaskId};
use planwright_schedule::{Plan, PlanOptions, plan_with};

use crate::Error;

mod correlation;
mod engine;

use engine::{Acc, prepare, run_chunks, spearman_pass};
pub(crate) mod stream;

use crate::distribution::DurationDist;
use crate::register::{RiskId, RiskLink, RiskRegister};

/// Iterations per chunk: the unit of seeding, parallelism and early stop.
/// Fixed, so results do not depend on the number of threads.
const CHUNK: usize = 1024;
/// Most iterations of one simulation (each keeps 16 bytes: 160 MB).
pub const MAX_ITERATIONS: u32 = 10_000_000;
/// Most bins of the finish histogram.
pub const MAX_BINS: usize = 10_000;
/// Chunks between early-stop checks.
const BATCH: usize = 4;

/// How a risk event changes the durations of its tasks.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub enum RiskImpact {
    /// Adds a sampled delay to each affected task.
    Delay(DurationDist),
    /// Multiplies each affected task's duration by a triangular factor.
    Factor {
        /// Smallest factor (≥ 0).
        min: f64,
        /// Most likely factor.
        mode: f64,
        /// Largest factor.
        max: f64,
    },
}

/// A probabilistic risk event.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub struct RiskEvent {
    /// A name for reports.
    pub key: String,
    /// Probability of occurring in an iteration, 0 to 1.
    pub probability: f64,
    /// The tasks it affects.
    pub tasks: Vec<TaskId>,
    /// What it does to their durations.
    pub impact: RiskImpact,
    /// What it costs when it occurs: triangular (min, mode, max).
    pub cost: Option<(Money, Money, Money)>,
}

impl RiskEvent {
    /// A risk event.
    #[must_use]
    pub fn new(
        key: impl Into<String>,
        probability: f64,
        tasks: Vec<TaskId>,
        impact: RiskImpact,
    ) -> Self {
        RiskEvent {
            key: key.into(),
            probability,
            tasks,
            impact,
            cost: None,
        }
    }

    /// Adds a triangular cost impact.
    #[must_use]
    pub fn cost(mut self, min: Money, mode: Money, max: Money) -> Self {
        self.cost = Some((min, mode, max));
        self
    }

    /// A risk event from the register: the probability of the risk's
    /// current assessment, and the tasks it is linked to — a task link
    /// names one task, a phase link every task in that phase (its own or
    /// its nearest summary's), a project link every task. The schedule
    /// impact is given.
    ///
    /// # Errors
    ///
    /// [`Error::UnknownRisk`]; [`Error::InvalidSimulation`] for a risk
    /// without an assessment, or whose links reach no task of `project`.
    pub fn from_register(
        register: &RiskRegister,
        id: RiskId,
        project: &Project,
        impact: RiskImpact,
    ) -> Result<Self, Error> {
        let risk = register.risk(id).ok_or(Error::UnknownRisk {
            risk: id.to_string(),
        })?;
        let eval = register
            .evaluation(id)?
            .ok_or_else(|| Error::InvalidSimulation {
                item: risk.key.clone(),
                reason: "the risk has no assessment to take a probability from".into(),
            })?;
        fn phase_of<'a>(
            project: &'a Project,
            mut t: &'a planwright_core::Task,
        ) -> Option<planwright_core::Phase> {
            for _ in 0..=project.task_count() {
                if t.phase.is_some() {
                    return t.phase;
                }
                t = project.task(t.parent?)?;
            }
            None
        }
        let mut tasks: Vec<TaskId> = Vec::new();
        for link in &risk.links {
            for (tid, t) in project.tasks() {
                let hit = match link {
                    RiskLink::Task(x) => *x == tid,
                    RiskLink::Phase(ph) => !t.is_summary() && phase_of(project, t) == Some(*ph),
                    RiskLink::Project => !t.is_summary(),
                };
                if hit && !tasks.contains(&tid) {
                    tasks.push(tid);
                }
            }
        }
        if tasks.is_empty() {
            return Err(Error::InvalidSimulation {
                item: risk.key.clone(),
                reason: "its links reach no task of the project".into(),
            });
        }
        Ok(RiskEvent::new(
            risk.key.clone(),
            eval.probability,
            tasks,
            impact,
        ))
    }
}

/// A rank-correlation matrix between task durations, applied with the
/// Iman–Conover method.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub struct Correlation {
    /// The tasks, in matrix order.
    pub tasks: Vec<TaskId>,
    /// The target rank correlations (symmetric, unit diagonal, positive
    /// definite).
    pub matrix: Vec<Vec<f64>>,
}

impl Correlation {
    /// A correlation group.
    #[must_use]
    pub fn new(tasks: Vec<TaskId>, matrix: Vec<Vec<f64>>) -> Self {
        Correlation { tasks, matrix }
    }

    /// Two tasks correlated by `rho`.
    #[must_use]
    pub fn pair(a: TaskId, b: TaskId, rho: f64) -> Self {
        Correlation::new(vec![a, b], vec![vec![1.0, rho], vec![rho, 1.0]])
    }
}

/// Stop before `iterations` once the 80th percentile of the finish moved by
/// at most `tolerance` over `checks` consecutive checks (every 4,096
/// iterations).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub struct EarlyStop {
    /// Largest move of P80 that counts as stable.
    pub tolerance: Duration,
    /// Consecutive stable checks needed.
    pub checks: u32,
}

/// A simulation's settings.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub struct Simulation {
    /// Iterations (at most; see `early_stop`), 1 to [`MAX_ITERATIONS`].
    pub iterations: u32,
    /// Seed: the same seed gives the same report.
    pub seed: u64,
    /// Duration uncertainty per task; tasks without an entry keep their
    /// planned duration.
    pub uncertainty: BTreeMap<TaskId, DurationDist>,
    /// Rank-correlation groups (a task may be in one group at most).
    pub correlations: Vec<Correlation>,
    /// Risk events.
    pub risks: Vec<RiskEvent>,
    /// Optional early stop.
    pub early_stop: Option<EarlyStop>,
    /// Also simulate cost: each task's fixed cost plus its resources' rates
    /// × sampled duration, plus the cost of occurring risk events.
    pub costs: bool,
    /// Status date of the underlying schedule.
    pub status_date: Option<NaiveDateTime>,
    /// Bins of the finish histogram, 1 to [`MAX_BINS`].
    pub bins: usize,
    /// Tasks and milestones whose own finish is reported (a
    /// [`TrackedTask`] each), in this order.
    pub track: Vec<TaskId>,
}

impl Simulation {
    /// 10,000 iterations, seed 1, PERT uncertainty for every task with a
    /// three-point estimate, costs on, 40 histogram bins, and every task or
    /// milestone with a deadline tracked.
    #[must_use]
    pub fn new(project: &Project) -> Self {
        let uncertainty = project
            .tasks()
            .filter_map(|(id, t)| {
                t.three_point.map(|tp| {
                    (
                        id,
                        DurationDist::pert(tp.optimistic, tp.most_likely, tp.pessimistic),
                    )
                })
            })
            .collect();
        Simulation {
            iterations: 10_000,
            seed: 1,
            uncertainty,
            correlations: Vec::new(),
            risks: Vec::new(),
            early_stop: None,
            costs: true,
            status_date: None,
            bins: 40,
            track: project
                .tasks()
                .filter(|(_, t)| t.deadline.is_some() && !t.is_summary())
                .map(|(id, _)| id)
                .collect(),
        }
    }

    /// Tracks the finish of a task or milestone (once; not a summary).
    #[must_use]
    pub fn track(mut self, task: TaskId) -> Self {
        if !self.track.contains(&task) {
            self.track.push(task);
        }
        self
    }

    /// Sets the iterations.
    #[must_use]
    pub fn iterations(mut self, n: u32) -> Self {
        self.iterations = n;
        self
    }

    /// Sets the seed.
    #[must_use]
    pub fn seed(mut self, seed: u64) -> Self {
        self.seed = seed;
        self
    }

    /// Sets a task's uncertainty.
    #[must_use]
    pub fn uncertainty(mut self, task: TaskId, dist: DurationDist) -> Self {
        self.uncertainty.insert(task, dist);
        self
    }

    /// Adds a correlation group.
    #[must_use]
    pub fn correlate(mut self, c: Correlation) -> Self {
        self.correlations.push(c);
        self
    }

    /// Adds a risk event.
    #[must_use]
    pub fn risk(mut self, r: RiskEvent) -> Self {
        self.risks.push(r);
        self
    }

    /// Sets early stopping.
    #[must_use]
    pub fn early_stop(mut self, tolerance: Duration, checks: u32) -> Self {
        self.early_stop = Some(EarlyStop { tolerance, checks });
        self
    }

    /// Sets the number of histogram bins (at least 1).
    #[must_use]
    pub fn bins(mut self, n: usize) -> Self {
        self.bins = n.max(1);
        self
    }

    /// Sets the status date.
    #[must_use]
    pub fn status_date(mut self, at: NaiveDateTime) -> Self {
        self.status_date = Some(at);
        self
    }
}

/// Mean, spread and percentiles of a sample.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub struct Stats {
    /// Mean.
    pub mean: f64,
    /// Standard deviation.
    pub std_dev: f64,
    /// Smallest value.
    pub min: f64,
    /// Largest value.
    pub max: f64,
    /// `(p, value)` for p = 5, 10, …, 95 (nearest rank).
    pub percentiles: Vec<(u8, f64)>,
}

impl Stats {
    pub(crate) fn of(sorted: &[f64]) -> Self {
        let n = sorted.len().max(1) as f64;
        let mean = sorted.iter().sum::<f64>() / n;
        let var = sorted.iter().map(|x| (x - mean) * (x - mean)).sum::<f64>() / n;
        Stats {
            mean,
            std_dev: var.sqrt(),
            min: sorted.first().copied().unwrap_or(0.0),
            max: sorted.last().copied().unwrap_or(0.0),
            percentiles: (1..=19)
                .map(|k| (k * 5, percentile(sorted, f64::from(k * 5))))
                .collect(),
        }
    }

    /// The percentile `p` (one of 5, 10, …, 95).
    #[must_use]
    pub fn p(&self, p: u8) -> Option<f64> {
        self.percentiles.iter().find(|x| x.0 == p).map(|x| x.1)
    }
}

/// The nearest-rank percentile (the workspace's one rule,
/// [`planwright_core::nearest_rank`]); 0 for an empty sample.
pub(crate) fn percentile(sorted: &[f64], p: f64) -> f64 {
    planwright_core::nearest_rank(sorted, p).unwrap_or(0.0)
}

/// What the simulation says about one task.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub struct TaskRisk {
    /// The task.
    pub task: TaskId,
    /// Its key.
    pub key: String,
    /// Share of iterations in which it was on the driving path to the
    /// finish.
    pub criticality: f64,
    /// Spearman rank correlation of its own sampled duration with the
    /// finish (0 for fixed durations).
    pub sensitivity: f64,
    /// |Pearson correlation| of its duration (risk impacts included) with
    /// the finish.
    pub cruciality: f64,
    /// Schedule sensitivity index: criticality × σ(duration) / σ(finish).
    pub ssi: f64,
    /// Mean duration (working minutes).
    pub mean: f64,
    /// Standard deviation of the duration (working minutes).
    pub std_dev: f64,
}

/// What one risk event contributes.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub struct RiskContribution {
    /// The event.
    pub key: String,
    /// Share of iterations in which it occurred.
    pub occurred: f64,
    /// Finish P80 with every event.
    pub p80_with: f64,
    /// Finish P80 with this event switched off (same random numbers).
    pub p80_without: f64,
    /// `p80_with − p80_without` (working minutes).
    pub contribution: f64,
}

/// The finish of one tracked task or milestone.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub struct TrackedTask {
    /// The task.
    pub task: TaskId,
    /// Its key.
    pub key: String,
    /// Its finish as a working-time offset from the project start
    /// (minutes).
    pub finish: Stats,
    /// Percentile finish dates `(p, date)`.
    pub finish_dates: Vec<(u8, NaiveDateTime)>,
    /// Its deadline, if it has one.
    pub deadline: Option<NaiveDateTime>,
    /// The probability of finishing by the deadline.
    pub on_time: Option<f64>,
    /// Every iteration's finish, ascending.
    outcomes: Vec<f64>,
}

/// The date of percentile `p` in `(p, date)` pairs.
fn date_at(dates: &[(u8, NaiveDateTime)], p: u8) -> Option<NaiveDateTime> {
    dates.iter().find(|x| x.0 == p).map(|x| x.1)
}

impl TrackedTask {
    /// The finish date at percentile `p` (one of 5, 10, …, 95).
    #[must_use]
    pub fn finish_date(&self, p: u8) -> Option<NaiveDateTime> {
        date_at(&self.finish_dates, p)
    }

    /// Every iteration's finish (working minutes from the project start),
    /// ascending.
    #[must_use]
    pub fn outcomes(&self) -> &[f64] {
        &self.outcomes
    }

    /// The probability of finishing within `minutes` of working time from
    /// the project start.
    #[must_use]
    pub fn probability_by_offset(&self, minutes: f64) -> f64 {
        let n = self.outcomes.partition_point(|&o| o <= minutes + 1e-9);
        n as f64 / self.outcomes.len().max(1) as f64
    }
}

/// One bar of the finish histogram.
#[derive(Clone, Copy, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub struct Bin {
    /// From (working minutes, inclusive).
    pub from: f64,
    /// To (exclusive; the last bin includes it).
    pub to: f64,
    /// Iterations finishing in it.
    pub count: u32,
}

/// The results of a simulation.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub struct SimulationReport {
    /// Iterations run.
    pub iterations: u32,
    /// `true` when the early stop ended the run.
    pub stopped_early: bool,
    /// Project finish as a working-time offset from the start (minutes).
    pub finish: Stats,
    /// Percentile finish dates `(p, date)`.
    pub finish_dates: Vec<(u8, NaiveDateTime)>,
    /// Histogram of the finish.
    pub histogram: Vec<Bin>,
    /// Cumulative distribution `(finish, share of iterations ≤ it)` at the
    /// histogram's bin edges.
    pub cdf: Vec<(f64, f64)>,
    /// Per task, by id.
    pub tasks: Vec<TaskRisk>,
    /// Per risk event, largest contribution first.
    pub risks: Vec<RiskContribution>,
    /// Total cost (minor units), when simulated.
    pub cost: Option<Stats>,
    /// The tracked tasks and milestones, in the order of
    /// [`Simulation::track`].
    pub tracked: Vec<TrackedTask>,
    /// Every iteration's (finish, cost), sorted by finish.
    outcomes: Vec<(f64, f64)>,
    origin: NaiveDateTime,
    calendar: planwright_core::Calendar,
}

impl SimulationReport {
    /// The project finish date at percentile `p` (one of 5, 10, …, 95).
    #[must_use]
    pub fn finish_date(&self, p: u8) -> Option<NaiveDateTime> {
        date_at(&self.finish_dates, p)
    }

    /// Probability that the project finishes by `date`.
    ///
    /// # Errors
    ///
    /// [`Error::Core`] if the date's offset cannot be computed (never for
    /// dates chrono represents).
    pub fn probability_by(&self, date: NaiveDateTime) -> Result<f64, Error> {
        let off = self.calendar.offset_of(self.origin, date)?.as_minutes() as f64;
        Ok(self.probability_by_offset(off))
    }

    /// Probability that the project finishes within `minutes` of working
    /// time from its start.
    #[must_use]
    pub fn probability_by_offset(&self, minutes: f64) -> f64 {
        let n = self.outcomes.partition_point(|o| o.0 <= minutes + 1e-9);
        n as f64 / self.outcomes.len().max(1) as f64
    }

    /// Every iteration's `(finish, cost)`, by finish: finish as a working
    /// time offset from the start (minutes), cost in minor units (0 when
    /// costs are not simulated).
    #[must_use]
    pub fn outcomes(&self) -> &[(f64, f64)] {
        &self.outcomes
    }

    /// Probability that tracked task `task` finishes by `date`; `None` when
    /// it was not tracked.
    ///
    /// # Errors
    ///
    /// As [`SimulationReport::probability_by`].
    pub fn probability_task_by(
        &self,
        task: TaskId,
        date: NaiveDateTime,
    ) -> Result<Option<f64>, Error> {
        let Some(t) = self.tracked.iter().find(|t| t.task == task) else {
            return Ok(None);
        };
        let off = self.calendar.offset_of(self.origin, date)?.as_minutes() as f64;
        Ok(Some(t.probability_by_offset(off)))
    }

    /// Probability of finishing by `date` and within `budget` (needs costs).
    ///
    /// # Errors
    ///
    /// As [`SimulationReport::probability_by`].
    pub fn probability_within(
        &self,
        date: NaiveDateTime,
        budget: Money,
    ) -> Result<Option<f64>, Error> {
        if self.cost.is_none() {
            return Ok(None);
        }
        let off = self.calendar.offset_of(self.origin, date)?.as_minutes() as f64;
        let b = budget.minor_units() as f64;
        let n = self
            .outcomes
            .iter()
            .filter(|o| o.0 <= off + 1e-9 && o.1 <= b + 1e-9)
            .count();
        Ok(Some(n as f64 / self.outcomes.len().max(1) as f64))
    }

    /// The finish date of working-time offset `minutes`.
    ///
    /// # Errors
    ///
    /// [`Error::Core`] outside chrono's range.
    pub fn date_of(&self, minutes: f64) -> Result<NaiveDateTime, Error> {
        Ok(self
            .calendar
            .finish_at(self.origin, Duration::minutes(minutes.round() as i64))?)
    }
}

/// Runs a Monte Carlo schedule risk analysis of a project: every iteration
/// samples the uncertain durations (rank-correlated by Iman–Conover within
/// each chunk of 1,024 iterations), applies the risk events that occur, and
/// runs a full critical-path pass over the project's network (links, lags,
/// constraints, progress, calendars).
///
/// Reproducible: iterations run in fixed chunks seeded from `seed` and the
/// chunk number, and chunk results are combined in chunk order — the same
/// seed gives the same report for any thread count (feature `parallel`).
/// Memory is streaming: per task only running sums are kept; rank
/// sensitivity is computed in a second pass that regenerates the same
/// random numbers, so only the iterations' finishes (and costs) are stored.
///
/// # Errors
///
/// [`Error::InvalidSimulation`] for an invalid distribution, probability,
/// correlation matrix (not symmetric, not unit diagonal, out of [−1, 1], not
/// positive definite), a task in two correlation groups, an unknown task,
/// or zero iterations; the planning errors of the project.
///
/// # Example
///
/// ```
/// use planwright_core::{Duration, Link, Project, Task};
/// use planwright_risk::{DurationDist, Simulation, simulate};
///
/// let mut p = Project::new("p");
/// let a = p.add_task(Task::new("a").three_point(Duration::days(2), Duration::days(3), Duration::days(7)))?;
/// let b = p.add_task(Task::new("b").duration(Duration::days(2)))?;
/// p.add_link(Link::finish_to_start(a, b))?;
/// let r = simulate(&p, &Simulation::new(&p).iterations(2_000).seed(7))?;
/// let p80 = r.finish.p(80).unwrap();
/// assert!(p80 > Duration::days(5).as_minutes() as f64);
/// assert_eq!(r.tasks[a.index()].criticality, 1.0); // the only path
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn simulate(project: &Project, sim: &Simulation) -> Result<SimulationReport, Error> {
    if sim.iterations == 0 || sim.iterations > MAX_ITERATIONS {
        return Err(Error::InvalidSimulation {
            item: "simulation".into(),
            reason: format!(
                "{} iterations: it needs 1 to {MAX_ITERATIONS}",
                sim.iterations
            ),
        });
    }
    if sim.bins == 0 || sim.bins > MAX_BINS {
        return Err(Error::InvalidSimulation {
            item: "simulation".into(),
            reason: format!("{} histogram bins: it needs 1 to {MAX_BINS}", sim.bins),
        });
    }
    let mut popts = PlanOptions::new();
    popts.status_date = sim.status_date;
    let plan = plan_with(project, popts)?;
    simulate_plan(project, &plan, sim)
}

/// Runs a Monte Carlo schedule risk analysis from a critical-path [`Plan`]
/// the caller already has (see [`simulate`]): the plan's network is reused,
/// not computed again.
///
/// # Errors
///
/// [`planwright_schedule::Error::PlanMismatch`] (as [`Error::Schedule`])
/// when the plan was not computed for this project or with another status
/// date than [`Simulation::status_date`] (when that is set); otherwise as
/// [`simulate`].
///
/// # Example
///
/// ```
/// use planwright_core::{Duration, Project, Task};
/// use planwright_risk::{Simulation, simulate_plan};
///
/// let mut p = Project::new("p");
/// p.add_task(Task::new("a").three_point(Duration::days(2), Duration::days(3), Duration::days(7)))?;
/// let plan = planwright_schedule::plan(&p)?;
/// let r = simulate_plan(&p, &plan, &Simulation::new(&p).iterations(1_000))?;
/// assert!(r.finish.p(80).unwrap() >= plan.finish_offset().as_minutes() as f64);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn simulate_plan(
    project: &Project,
    plan: &Plan,
    sim: &Simulation,
) -> Result<SimulationReport, Error> {
    if sim.iterations == 0 || sim.iterations > MAX_ITERATIONS {
        return Err(Error::InvalidSimulation {
            item: "simulation".into(),
            reason: format!(
                "{} iterations: it needs 1 to {MAX_ITERATIONS}",
                sim.iterations
            ),
        });
    }
    if sim.bins == 0 || sim.bins > MAX_BINS {
        return Err(Error::InvalidSimulation {
            item: "simulation".into(),
            reason: format!("{} histogram bins: it needs 1 to {MAX_BINS}", sim.bins),
        });
    }
    plan.check_project(project)?;
    if sim.status_date.is_some() && sim.status_date != plan.options().status_date {
        return Err(planwright_schedule::Error::PlanMismatch {
            problem: "the simulation status date differs from the plan's",
        }
        .into());
    }
    let net = plan.network();
    let prep = prepare(project, sim, net)?;

    let mut p1 = first_pass(net, &prep, sim)?;
    let n = p1.outcomes.len();
    // Pass 2: the same random numbers, correlated with the finish ranks.
    let rank = mid_ranks(&p1.outcomes);
    let spearman = spearman_pass(&prep, sim.seed, n, p1.chunks, &rank, &p1.acc.hist);

    let mut finishes: Vec<f64> = p1.outcomes.iter().map(|o| o.0).collect();
    finishes.sort_by(f64::total_cmp);
    let finish = Stats::of(&finishes);
    let tasks = task_rows(project, &prep, &p1.acc, &finish, &spearman, n);
    let risks = tornado(net, &prep, sim, &p1, percentile(&finishes, 80.0))?;
    let (histogram, cdf) = histogram(&finishes, &finish, sim.bins);
    let cost = sim.costs.then(|| {
        let mut c: Vec<f64> = p1.outcomes.iter().map(|o| o.1).collect();
        c.sort_by(f64::total_cmp);
        Stats::of(&c)
    });
    p1.outcomes
        .sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.total_cmp(&b.1)));
    let calendar = project.project_calendar().clone();
    let origin = project.start();
    let dates_of = |s: &Stats| {
        s.percentiles
            .iter()
            .map(|&(p, m)| {
                Ok((
                    p,
                    calendar.finish_at(origin, Duration::minutes(m.round() as i64))?,
                ))
            })
            .collect::<Result<Vec<_>, Error>>()
    };
    let finish_dates = dates_of(&finish)?;
    let nt = sim.track.len();
    let mut tracked = Vec::with_capacity(nt);
    for (k, &tid) in sim.track.iter().enumerate() {
        let mut f: Vec<f64> = p1.tracked.iter().skip(k).step_by(nt).copied().collect();
        f.sort_by(f64::total_cmp);
        let stats = Stats::of(&f);
        let task = project.task(tid).ok_or_else(|| Error::InvalidSimulation {
            item: format!("task {tid}"),
            reason: "unknown task".into(),
        })?;
        let on_time = match task.deadline {
            Some(d) => {
                let off = calendar.offset_of(origin, d)?.as_minutes() as f64;
                Some(f.partition_point(|&x| x <= off + 1e-9) as f64 / n as f64)
            }
            None => None,
        };
        tracked.push(TrackedTask {
            task: tid,
            key: task.key.clone(),
            finish_dates: dates_of(&stats)?,
            finish: stats,
            deadline: task.deadline,
            on_time,
            outcomes: f,
        });
    }
    Ok(SimulationReport {
        iterations: n as u32,
        stopped_early: p1.stopped_early,
        finish,
        finish_dates,
        histogram,
        cdf,
        tasks,
        risks,
        cost,
        tracked,
        outcomes: p1.outcomes,
        origin,
        calendar,
    })
}

/// What pass 1 leaves: the accumulators, every iteration's `(finish,
/// cost)` and tracked finishes, and how many chunks ran.
struct FirstPass {
    acc: Acc,
    outcomes: Vec<(f64, f64)>,
    tracked: Vec<f64>,
    chunks: usize,
    stopped_early: bool,
}

/// Pass 1, chunk by chunk in batches of [`BATCH`], checking the early stop
/// after each batch.
fn first_pass(
    net: &planwright_schedule::Network,
    prep: &engine::Prepared,
    sim: &Simulation,
) -> Result<FirstPass, Error> {
    let total = sim.iterations as usize;
    let chunks = total.div_ceil(CHUNK);
    let mut p1 = FirstPass {
        acc: Acc::new(prep),
        outcomes: Vec::with_capacity(total),
        tracked: Vec::with_capacity(total * prep.tracked.len()),
        chunks: 0,
        stopped_early: false,
    };
    let mut stable = 0u32;
    let mut last_p80: Option<f64> = None;
    while p1.chunks < chunks {
        let batch: Vec<usize> = (p1.chunks..(p1.chunks + BATCH).min(chunks)).collect();
        for (a, o, tr) in run_chunks(net, prep, sim.seed, total, &batch, None)? {
            p1.acc.add(&a);
            p1.outcomes.extend(o);
            p1.tracked.extend(tr);
        }
        p1.chunks += batch.len();
        if let Some(es) = sim.early_stop
            && p1.chunks < chunks
        {
            let mut f: Vec<f64> = p1.outcomes.iter().map(|o| o.0).collect();
            f.sort_by(f64::total_cmp);
            let p80 = percentile(&f, 80.0);
            if last_p80.is_some_and(|l| (p80 - l).abs() <= es.tolerance.as_minutes() as f64) {
                stable += 1;
                if stable >= es.checks.max(1) {
                    p1.stopped_early = true;
                    break;
                }
            } else {
                stable = 0;
            }
            last_p80 = Some(p80);
        }
    }
    Ok(p1)
}

/// The finish ranks of the iterations: mid-ranks for ties, scaled to (0, 1).
fn mid_ranks(outcomes: &[(f64, f64)]) -> Vec<f64> {
    let n = outcomes.len();
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by(|&a, &b| outcomes[a].0.total_cmp(&outcomes[b].0).then(a.cmp(&b)));
    let mut rank = vec![0.0; n];
    let mut i = 0;
    while i < n {
        let mut j = i;
        while j + 1 < n && outcomes[order[j + 1]].0 == outcomes[order[i]].0 {
            j += 1;
        }
        let r = ((i + j) as f64 / 2.0 + 0.5) / n as f64;
        for &k in &order[i..=j] {
            rank[k] = r;
        }
        i = j + 1;
    }
    rank
}

/// Per task: criticality, sensitivity, cruciality, SSI and the duration's
/// moments, from the accumulators of `n` iterations.
fn task_rows(
    project: &Project,
    prep: &engine::Prepared,
    acc: &Acc,
    finish: &Stats,
    spearman: &[f64],
    n: usize,
) -> Vec<TaskRisk> {
    let (mean_t, sd_t) = (finish.mean, finish.std_dev);
    let nf = n as f64;
    let mut tasks = Vec::with_capacity(project.task_count());
    for (tid, t) in project.tasks() {
        let Some(pos) = prep.task_pos[tid.index()] else {
            continue;
        };
        let mean = acc.sum_d[pos] / nf;
        let var = (acc.sum_d2[pos] / nf - mean * mean).max(0.0);
        // Relative to the tiny rounding noise of constant durations.
        let var = if var <= 1e-9 * mean * mean { 0.0 } else { var };
        let cov = acc.sum_dt[pos] / nf - mean * (mean_t - prep.t0);
        let pearson = if var > 0.0 && sd_t > 0.0 {
            (cov / (var.sqrt() * sd_t)).clamp(-1.0, 1.0)
        } else {
            0.0
        };
        let criticality = f64::from(acc.crit[pos]) / nf;
        tasks.push(TaskRisk {
            task: tid,
            key: t.key.clone(),
            criticality,
            sensitivity: spearman[pos],
            cruciality: pearson.abs(),
            ssi: if sd_t > 0.0 {
                criticality * var.sqrt() / sd_t
            } else {
                0.0
            },
            mean,
            std_dev: var.sqrt(),
        });
    }
    tasks
}

/// Tornado: the finish P80 with each risk event switched off, on the same
/// random numbers; largest contribution first.
fn tornado(
    net: &planwright_schedule::Network,
    prep: &engine::Prepared,
    sim: &Simulation,
    p1: &FirstPass,
    p80_with: f64,
) -> Result<Vec<RiskContribution>, Error> {
    let n = p1.outcomes.len();
    let all: Vec<usize> = (0..p1.chunks).collect();
    let mut rows = Vec::with_capacity(sim.risks.len());
    for (e, r) in sim.risks.iter().enumerate() {
        let mut f: Vec<f64> = run_chunks(net, prep, sim.seed, n, &all, Some(e))?
            .into_iter()
            .flat_map(|(_, o, _)| o.into_iter().map(|x| x.0))
            .collect();
        f.sort_by(f64::total_cmp);
        let without = percentile(&f, 80.0);
        rows.push(RiskContribution {
            key: r.key.clone(),
            occurred: f64::from(p1.acc.occurred[e]) / n as f64,
            p80_with,
            p80_without: without,
            contribution: p80_with - without,
        });
    }
    rows.sort_by(|a, b| {
        b.contribution
            .total_cmp(&a.contribution)
            .then(a.key.cmp(&b.key))
    });
    Ok(rows)
}

/// The histogram of the sorted finishes in `bins` equal bins from the
/// smallest to the largest, and the CDF at the bin edges.
fn histogram(finishes: &[f64], finish: &Stats, bins: usize) -> (Vec<Bin>, Vec<(f64, f64)>) {
    let (lo, hi) = (finish.min, finish.max);
    let width = if hi > lo {
        (hi - lo) / bins as f64
    } else {
        1.0
    };
    let mut histogram: Vec<Bin> = (0..bins)
        .map(|b| Bin {
            from: lo + b as f64 * width,
            to: lo + (b + 1) as f64 * width,
            count: 0,
        })
        .collect();
    for &f in finishes {
        let b = (((f - lo) / width) as usize).min(bins - 1);
        histogram[b].count += 1;
    }
    let nf = finishes.len().max(1) as f64;
    let mut below = 0u32;
    let cdf = histogram
        .iter()
        .map(|b| {
            below += b.count;
            (b.to, f64::from(below) / nf)
        })
        .collect();
    (histogram, cdf)
}
