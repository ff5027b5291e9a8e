//! Monte Carlo schedule risk analysis: sampled durations, correlated by
//! rank, risk events, full critical-path passes, and the statistics of the
//! finish, the cost, each task and each risk.

use std::collections::BTreeMap;

use chrono::NaiveDateTime;
use planwright_core::{Duration, Money, Project, TaskId};
use planwright_schedule::{ActivityId, LANES, PlanOptions, SamplingPass, plan_with, task_cost};

use crate::Error;

mod stream;

use crate::distribution::{DurationDist, Sampler, Tables, inverse_normal};
use crate::register::{RiskId, RiskLink, RiskRegister};
use stream::{Stream, splitmix64};

/// Iterations per chunk: the unit of seeding, parallelism and early stop.
/// Fixed, so results do not depend on the number of threads.
const CHUNK: usize = 1024;
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

    /// A risk event from the register: the probability of the risk's current
    /// assessment and the tasks it is linked to; the schedule impact is
    /// given.
    ///
    /// # Errors
    ///
    /// [`Error::UnknownRisk`]; [`Error::InvalidSimulation`] for a risk
    /// without an assessment.
    pub fn from_register(
        register: &RiskRegister,
        id: RiskId,
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
        let tasks = risk
            .links
            .iter()
            .filter_map(|l| match l {
                RiskLink::Task(t) => Some(*t),
                _ => None,
            })
            .collect();
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
    /// Iterations (at most; see `early_stop`).
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
    /// Bins of the finish histogram.
    pub bins: usize,
}

impl Simulation {
    /// 10,000 iterations, seed 1, PERT uncertainty for every task with a
    /// three-point estimate, costs on, 40 histogram bins.
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
        }
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
    fn of(sorted: &[f64]) -> Self {
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

fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let n = sorted.len();
    let k = ((p / 100.0 * n as f64).ceil() as usize).clamp(1, n);
    sorted[k - 1]
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
    /// Every iteration's (finish, cost), sorted by finish.
    outcomes: Vec<(f64, f64)>,
    origin: NaiveDateTime,
    calendar: planwright_core::Calendar,
}

impl SimulationReport {
    /// Probability that the project finishes by `date`.
    ///
    /// # Errors
    ///
    /// [`Error::Core`] if the date's offset cannot be computed (never for
    /// dates chrono represents).
    pub fn probability_by(&self, date: NaiveDateTime) -> Result<f64, Error> {
        let off = self.calendar.offset_of(self.origin, date)?.as_minutes() as f64;
        let n = self.outcomes.partition_point(|o| o.0 <= off + 1e-9);
        Ok(n as f64 / self.outcomes.len().max(1) as f64)
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

/// Per-chunk accumulators by position (summed in chunk order).
#[derive(Clone, Debug, Default)]
struct Acc {
    crit: Vec<u32>,
    sum_d: Vec<f64>,
    sum_d2: Vec<f64>,
    /// Σ d × (t − t0), with t0 the deterministic finish.
    sum_dt: Vec<f64>,
    occurred: Vec<u32>,
}

impl Acc {
    fn new(positions: usize, risks: usize) -> Self {
        Acc {
            crit: vec![0; positions],
            sum_d: vec![0.0; positions],
            sum_d2: vec![0.0; positions],
            sum_dt: vec![0.0; positions],
            occurred: vec![0; risks],
        }
    }

    fn add(&mut self, o: &Acc) {
        for (a, b) in self.crit.iter_mut().zip(&o.crit) {
            *a += b;
        }
        for (v, w) in [
            (&mut self.sum_d, &o.sum_d),
            (&mut self.sum_d2, &o.sum_d2),
            (&mut self.sum_dt, &o.sum_dt),
        ] {
            for (a, b) in v.iter_mut().zip(w) {
                *a += b;
            }
        }
        for (a, b) in self.occurred.iter_mut().zip(&o.occurred) {
            *a += b;
        }
    }
}

/// A simulation compiled for the hot loop: uncertain tasks as parallel
/// arrays in sampling order.
struct Prepared {
    n_pos: usize,
    planned: Vec<f64>,
    /// Task index, position, sampler and scale (remaining / planned for
    /// started tasks) of each uncertain task.
    unc_task: Vec<usize>,
    unc_pos: Vec<usize>,
    unc_sampler: Vec<Sampler>,
    unc_scale: Vec<f64>,
    /// (uncertain index, group, column) of the correlated ones.
    correlated: Vec<(usize, usize, usize)>,
    /// Size and target Cholesky factor of each correlation group.
    groups: Vec<(usize, Vec<Vec<f64>>)>,
    risks: Vec<PreparedRisk>,
    /// Cost per working minute by position, when costs are simulated.
    rate: Option<Vec<f64>>,
    fixed_cost: f64,
    task_pos: Vec<Option<usize>>,
    /// The deterministic finish, subtracted before accumulating products.
    t0: f64,
}

struct PreparedRisk {
    p: f64,
    positions: Vec<usize>,
    delay: Option<Sampler>,
    factor: Option<Sampler>,
    cost: Option<Sampler>,
}

fn chunk_seed(seed: u64, chunk: usize) -> u64 {
    let mut st = seed ^ (chunk as u64).wrapping_mul(0xD1B5_4A32_D192_ED03);
    splitmix64(&mut st)
}

/// Iman–Conover: reorders each column's uniforms so their ranks follow
/// scores with the target correlation (`chol`: lower Cholesky factor of
/// the target). `u` is `m` rows of `k` columns.
fn iman_conover(u: &mut [f64], m: usize, k: usize, chol: &[Vec<f64>], rng: &mut Stream) {
    // Van der Waerden scores, randomly permuted per column.
    let scores: Vec<f64> = (1..=m)
        .map(|i| inverse_normal(i as f64 / (m + 1) as f64))
        .collect();
    let mut s = vec![0.0; m * k];
    for j in 0..k {
        let mut col = scores.clone();
        for i in (1..m).rev() {
            let r = rng.below(i + 1);
            col.swap(i, r);
        }
        for i in 0..m {
            s[i * k + j] = col[i];
        }
    }
    // Remove the sample correlation of the scores, then impose the target:
    // T = S (E^-T) P^T with E the Cholesky factor of corr(S).
    let mut corr = vec![vec![0.0; k]; k];
    let var = scores.iter().map(|x| x * x).sum::<f64>();
    for a in 0..k {
        for b in 0..k {
            corr[a][b] = (0..m).map(|i| s[i * k + a] * s[i * k + b]).sum::<f64>() / var;
        }
    }
    let e = cholesky(&corr).unwrap_or_else(|| identity(k));
    let mut t = vec![0.0; m * k];
    for i in 0..m {
        // Solve E z = s_i (forward substitution), then t_i = P z.
        let mut z = vec![0.0; k];
        for a in 0..k {
            let mut v = s[i * k + a];
            for b in 0..a {
                v -= e[a][b] * z[b];
            }
            z[a] = v / e[a][a];
        }
        for a in 0..k {
            t[i * k + a] = (0..=a).map(|b| chol[a][b] * z[b]).sum();
        }
    }
    // Rearrange the uniforms of each column by the ranks of T.
    let mut idx: Vec<usize> = (0..m).collect();
    let mut vals = vec![0.0; m];
    for j in 0..k {
        for i in 0..m {
            vals[i] = u[i * k + j];
        }
        vals.sort_by(f64::total_cmp);
        idx.sort_by(|&x, &y| t[x * k + j].total_cmp(&t[y * k + j]).then(x.cmp(&y)));
        for (rank, &row) in idx.iter().enumerate() {
            u[row * k + j] = vals[rank];
        }
    }
}

fn identity(k: usize) -> Vec<Vec<f64>> {
    (0..k)
        .map(|i| (0..k).map(|j| if i == j { 1.0 } else { 0.0 }).collect())
        .collect()
}

/// The lower Cholesky factor, or `None` when the matrix is not positive
/// definite.
fn cholesky(a: &[Vec<f64>]) -> Option<Vec<Vec<f64>>> {
    let k = a.len();
    let mut l = vec![vec![0.0; k]; k];
    for i in 0..k {
        for j in 0..=i {
            let s: f64 = (0..j).map(|x| l[i][x] * l[j][x]).sum();
            if i == j {
                let d = a[i][i] - s;
                if d <= 1e-12 {
                    return None;
                }
                l[i][j] = d.sqrt();
            } else {
                l[i][j] = (a[i][j] - s) / l[j][j];
            }
        }
    }
    Some(l)
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
    if sim.iterations == 0 {
        return Err(Error::InvalidSimulation {
            item: "simulation".into(),
            reason: "it needs at least one iteration".into(),
        });
    }
    let mut popts = PlanOptions::new();
    popts.status_date = sim.status_date;
    let plan = plan_with(project, popts)?;
    let net = plan.network();
    let probe = SamplingPass::new(net);
    let n_tasks = project.task_count();
    let pos_of = |t: TaskId| probe.position(ActivityId::new(t.get()));
    let planned = probe.planned();
    let bad = |item: String, reason: String| Error::InvalidSimulation { item, reason };

    // Uncertain tasks.
    let mut tables = Tables::default();
    let (mut unc_task, mut unc_pos, mut unc_sampler, mut unc_scale) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    for (&tid, dist) in &sim.uncertainty {
        let task = project
            .task(tid)
            .ok_or_else(|| bad(format!("task {tid}"), "unknown task".into()))?;
        let sampler = dist.sampler_with(&task.key, &mut tables)?;
        if task.is_summary() || task.progress.is_finished() {
            continue;
        }
        let pos = pos_of(tid);
        unc_scale.push(
            if task.progress.is_started() && task.duration.as_minutes() > 0 {
                planned[pos] / task.duration.as_minutes() as f64
            } else {
                1.0
            },
        );
        unc_task.push(tid.index());
        unc_pos.push(pos);
        unc_sampler.push(sampler);
    }
    // Correlation groups.
    let mut correlated: Vec<(usize, usize, usize)> = Vec::new();
    let mut groups = Vec::new();
    for (g, c) in sim.correlations.iter().enumerate() {
        let k = c.tasks.len();
        let name = format!("correlation group {}", g + 1);
        if k < 2 || c.matrix.len() != k || c.matrix.iter().any(|r| r.len() != k) {
            return Err(bad(
                name,
                format!("needs a {k}x{k} matrix for its {k} tasks (at least 2)"),
            ));
        }
        for i in 0..k {
            if (c.matrix[i][i] - 1.0).abs() > 1e-9 {
                return Err(bad(name, "the diagonal must be 1".into()));
            }
            for j in 0..k {
                let v = c.matrix[i][j];
                if !v.is_finite() || !(-1.0..=1.0).contains(&v) || (v - c.matrix[j][i]).abs() > 1e-9
                {
                    return Err(bad(name, "entries must be in [-1, 1] and symmetric".into()));
                }
            }
        }
        let chol = cholesky(&c.matrix)
            .ok_or_else(|| bad(name.clone(), "the matrix is not positive definite".into()))?;
        for (col, t) in c.tasks.iter().enumerate() {
            let u = unc_task
                .iter()
                .position(|&x| x == t.index())
                .ok_or_else(|| bad(name.clone(), format!("task {t} has no duration uncertainty to correlate (or is finished, or a summary)")))?;
            if correlated.iter().any(|x| x.0 == u) {
                return Err(bad(name, format!("task {t} is in two correlation groups")));
            }
            correlated.push((u, g, col));
        }
        groups.push((k, chol));
    }
    // Risk events.
    let mut risks = Vec::new();
    for r in &sim.risks {
        if !(0.0..=1.0).contains(&r.probability) {
            return Err(bad(
                r.key.clone(),
                format!("probability {} is outside [0, 1]", r.probability),
            ));
        }
        let mut positions = Vec::new();
        for &t in &r.tasks {
            if project.task(t).is_none() {
                return Err(bad(r.key.clone(), format!("unknown task {t}")));
            }
            positions.push(pos_of(t));
        }
        let (delay, factor) = match &r.impact {
            RiskImpact::Delay(d) => (Some(d.sampler_with(&r.key, &mut tables)?), None),
            RiskImpact::Factor { min, mode, max } => {
                if !(min.is_finite()
                    && *min >= 0.0
                    && min <= mode
                    && mode <= max
                    && max.is_finite())
                {
                    return Err(bad(
                        r.key.clone(),
                        format!("factor 0 <= min {min} <= mode {mode} <= max {max} must hold"),
                    ));
                }
                // A factor is a triangular "duration" in hundred-thousandths.
                let f = |x: f64| Duration::minutes((x * 100_000.0).round() as i64);
                (
                    None,
                    Some(
                        DurationDist::triangular(f(*min), f(*mode), f(*max))
                            .sampler_with(&r.key, &mut tables)?,
                    ),
                )
            }
        };
        let cost = match r.cost {
            Some((a, b, c)) => Some(
                DurationDist::triangular(
                    Duration::minutes(a.minor_units()),
                    Duration::minutes(b.minor_units()),
                    Duration::minutes(c.minor_units()),
                )
                .sampler_with(&r.key, &mut tables)?,
            ),
            None => None,
        };
        risks.push(PreparedRisk {
            p: r.probability,
            positions,
            delay,
            factor,
            cost,
        });
    }
    // Costs by position.
    let mut rate = vec![0.0; planned.len()];
    let mut fixed_cost = 0.0;
    let mut task_pos = vec![None; n_tasks];
    for (tid, t) in project.tasks() {
        if t.is_summary() {
            continue;
        }
        let pos = pos_of(tid);
        task_pos[tid.index()] = Some(pos);
        if sim.costs {
            fixed_cost += t.fixed_cost.minor_units() as f64;
            if t.progress.is_finished() {
                fixed_cost += task_cost(project, t).map_or(0.0, |c| {
                    (c.minor_units() - t.fixed_cost.minor_units()) as f64
                });
                continue;
            }
            for a in &t.assignments {
                if let Some(res) = project.resource(a.resource) {
                    rate[pos] += res.rate.minor_units() as f64 * f64::from(a.units.basis_points())
                        / 10_000.0
                        / 60.0;
                }
            }
        }
    }
    let t0 = {
        let mut pass = SamplingPass::new(net);
        pass.run(&planned)?
    };
    let prep = Prepared {
        n_pos: planned.len(),
        planned,
        unc_task,
        unc_pos,
        unc_sampler,
        unc_scale,
        correlated,
        groups,
        risks,
        rate: (sim.costs && rate.iter().any(|&r| r != 0.0)).then_some(rate),
        fixed_cost,
        task_pos,
        t0,
    };

    // Pass 1, chunk by chunk in batches, with the early stop.
    let total = sim.iterations as usize;
    let chunks = total.div_ceil(CHUNK);
    let mut acc = Acc::new(prep.n_pos, prep.risks.len());
    let mut outcomes: Vec<(f64, f64)> = Vec::with_capacity(total);
    let mut stable = 0u32;
    let mut last_p80: Option<f64> = None;
    let mut stopped_early = false;
    let mut done_chunks = 0;
    while done_chunks < chunks {
        let batch: Vec<usize> = (done_chunks..(done_chunks + BATCH).min(chunks)).collect();
        let results = run_chunks(net, &prep, sim.seed, total, &batch, None)?;
        for (a, o) in results {
            acc.add(&a);
            outcomes.extend(o);
        }
        done_chunks += batch.len();
        if let Some(es) = sim.early_stop
            && done_chunks < chunks
        {
            let mut f: Vec<f64> = outcomes.iter().map(|o| o.0).collect();
            f.sort_by(f64::total_cmp);
            let p80 = percentile(&f, 80.0);
            if last_p80.is_some_and(|l| (p80 - l).abs() <= es.tolerance.as_minutes() as f64) {
                stable += 1;
                if stable >= es.checks.max(1) {
                    stopped_early = true;
                    break;
                }
            } else {
                stable = 0;
            }
            last_p80 = Some(p80);
        }
    }
    let n = outcomes.len();
    let used_chunks = done_chunks;

    // Ranks of the finish (mid-ranks for ties, scaled to (0, 1)).
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
    // Pass 2: the same random numbers, correlated with the finish ranks.
    let spearman = spearman_pass(&prep, sim.seed, n, used_chunks, &rank);

    // Finish statistics.
    let mut finishes: Vec<f64> = outcomes.iter().map(|o| o.0).collect();
    finishes.sort_by(f64::total_cmp);
    let finish = Stats::of(&finishes);
    let mean_t = finish.mean;
    let sd_t = finish.std_dev;
    let nf = n as f64;
    let mut tasks = Vec::with_capacity(n_tasks);
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
        let sensitivity = prep
            .unc_task
            .iter()
            .position(|&x| x == tid.index())
            .map_or(0.0, |k| spearman[k]);
        tasks.push(TaskRisk {
            task: tid,
            key: t.key.clone(),
            criticality,
            sensitivity,
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
    // Tornado: P80 without each risk event, on the same random numbers.
    let p80_with = percentile(&finishes, 80.0);
    let mut risk_rows = Vec::with_capacity(prep.risks.len());
    for (e, r) in sim.risks.iter().enumerate() {
        let all: Vec<usize> = (0..used_chunks).collect();
        let res = run_chunks(net, &prep, sim.seed, n, &all, Some(e))?;
        let mut f: Vec<f64> = res
            .into_iter()
            .flat_map(|(_, o)| o.into_iter().map(|x| x.0))
            .collect();
        f.sort_by(f64::total_cmp);
        let without = percentile(&f, 80.0);
        risk_rows.push(RiskContribution {
            key: r.key.clone(),
            occurred: f64::from(acc.occurred[e]) / nf,
            p80_with,
            p80_without: without,
            contribution: p80_with - without,
        });
    }
    risk_rows.sort_by(|a, b| {
        b.contribution
            .total_cmp(&a.contribution)
            .then(a.key.cmp(&b.key))
    });

    // Histogram and CDF.
    let bins = sim.bins.max(1);
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
    for &f in &finishes {
        let b = (((f - lo) / width) as usize).min(bins - 1);
        histogram[b].count += 1;
    }
    let mut acc_count = 0u32;
    let cdf = histogram
        .iter()
        .map(|b| {
            acc_count += b.count;
            (b.to, f64::from(acc_count) / nf)
        })
        .collect();
    let cost = sim.costs.then(|| {
        let mut c: Vec<f64> = outcomes.iter().map(|o| o.1).collect();
        c.sort_by(f64::total_cmp);
        Stats::of(&c)
    });
    outcomes.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.total_cmp(&b.1)));
    let calendar = project.project_calendar().clone();
    let origin = project.start();
    let finish_dates = finish
        .percentiles
        .iter()
        .map(|&(p, m)| {
            Ok((
                p,
                calendar.finish_at(origin, Duration::minutes(m.round() as i64))?,
            ))
        })
        .collect::<Result<Vec<_>, Error>>()?;
    Ok(SimulationReport {
        iterations: n as u32,
        stopped_early,
        finish,
        finish_dates,
        histogram,
        cdf,
        tasks,
        risks: risk_rows,
        cost,
        outcomes,
        origin,
        calendar,
    })
}

type ChunkResult = (Acc, Vec<(f64, f64)>);

fn run_chunks(
    net: &planwright_schedule::Network,
    prep: &Prepared,
    seed: u64,
    total: usize,
    chunks: &[usize],
    disabled: Option<usize>,
) -> Result<Vec<ChunkResult>, Error> {
    #[cfg(feature = "parallel")]
    {
        use rayon::prelude::*;
        chunks
            .par_iter()
            .map(|&c| run_chunk(net, prep, seed, total, c, disabled))
            .collect()
    }
    #[cfg(not(feature = "parallel"))]
    {
        chunks
            .iter()
            .map(|&c| run_chunk(net, prep, seed, total, c, disabled))
            .collect()
    }
}

/// Draws the uniforms of one block of [`LANES`] iterations starting at
/// `row0` (`valid` of them real) into `us` (`us[task × LANES + lane]`):
/// per uncertain task one per lane (the correlated ones then replaced by
/// the chunk's Iman–Conover columns), then per risk event three per lane
/// into `risk_u`. Pass 1 and pass 2 call it alike, so both see the same
/// numbers.
fn uniforms(
    prep: &Prepared,
    rng: &mut Stream,
    corr: &[Vec<f64>],
    (row0, valid): (usize, usize),
    us: &mut [f64],
    risk_u: &mut [f64],
) {
    for u in us.chunks_exact_mut(LANES) {
        u.copy_from_slice(&rng.units());
    }
    for &(k, g, col) in &prep.correlated {
        let kg = prep.groups[g].0;
        for l in 0..valid {
            us[k * LANES + l] = corr[g][(row0 + l) * kg + col];
        }
    }
    for u in risk_u.iter_mut() {
        *u = rng.unit();
    }
}

/// Applies a block's risk events to its durations
/// (`dur[position × LANES + lane]`); sets the cost of the occurring ones.
fn apply_risks(
    prep: &Prepared,
    risk_u: &[f64],
    dur: &mut [f64],
    occurred: &mut [bool],
    risk_cost: &mut [f64; LANES],
    disabled: Option<usize>,
) {
    *risk_cost = [0.0; LANES];
    for (e, r) in prep.risks.iter().enumerate() {
        let ru = &risk_u[3 * e * LANES..3 * (e + 1) * LANES];
        for l in 0..LANES {
            let occurs = ru[l] < r.p && disabled != Some(e);
            occurred[e * LANES + l] = occurs;
            if !occurs {
                continue;
            }
            let ui = ru[LANES + l];
            if let Some(d) = &r.delay {
                let x = d.quantile(ui);
                for &p in &r.positions {
                    dur[p * LANES + l] += x;
                }
            }
            if let Some(f) = &r.factor {
                let x = f.quantile(ui) / 100_000.0;
                for &p in &r.positions {
                    dur[p * LANES + l] *= x;
                }
            }
            if let Some(c) = &r.cost {
                risk_cost[l] += c.quantile(ru[2 * LANES + l]);
            }
        }
    }
}

fn correlated_uniforms(prep: &Prepared, rng: &mut Stream, m: usize) -> Vec<Vec<f64>> {
    prep.groups
        .iter()
        .map(|(k, chol)| {
            let mut u: Vec<f64> = (0..m * k).map(|_| rng.unit()).collect();
            iman_conover(&mut u, m, *k, chol, rng);
            u
        })
        .collect()
}

fn run_chunk(
    net: &planwright_schedule::Network,
    prep: &Prepared,
    seed: u64,
    total: usize,
    chunk: usize,
    disabled: Option<usize>,
) -> Result<ChunkResult, Error> {
    let m = CHUNK.min(total - chunk * CHUNK);
    let mut rng = Stream::new(chunk_seed(seed, chunk));
    let corr = correlated_uniforms(prep, &mut rng, m);
    let mut pass = SamplingPass::new(net);
    let mut acc = Acc::new(prep.n_pos, prep.risks.len());
    let planned: Vec<f64> = prep.planned.iter().flat_map(|&d| [d; LANES]).collect();
    let mut dur = planned.clone();
    let mut us = vec![0.0; prep.unc_pos.len() * LANES];
    let mut risk_u = vec![0.0; 3 * prep.risks.len() * LANES];
    let mut occurred = vec![false; prep.risks.len() * LANES];
    let mut risk_cost = [0.0; LANES];
    let mut out = Vec::with_capacity(m);
    for row0 in (0..m).step_by(LANES) {
        let valid = LANES.min(m - row0);
        if !prep.risks.is_empty() {
            dur.copy_from_slice(&planned);
        }
        uniforms(prep, &mut rng, &corr, (row0, valid), &mut us, &mut risk_u);
        for (k, u) in us.chunks_exact(LANES).enumerate() {
            let pos = prep.unc_pos[k];
            prep.unc_sampler[k].fill(
                u,
                prep.unc_scale[k],
                &mut dur[pos * LANES..(pos + 1) * LANES],
            );
        }
        apply_risks(
            prep,
            &risk_u,
            &mut dur,
            &mut occurred,
            &mut risk_cost,
            disabled,
        );
        let t = pass.run_lanes(&dur)?;
        if disabled.is_none() {
            for l in 0..valid {
                for &p in pass.driving_lane(l) {
                    acc.crit[p] += 1;
                }
                for (e, c) in acc.occurred.iter_mut().enumerate() {
                    *c += u32::from(occurred[e * LANES + l]);
                }
            }
            // Lanes past `valid` (the end of the last chunk) weigh 0.
            let (mut dt, mut w) = ([0.0; LANES], [0.0; LANES]);
            for l in 0..valid {
                dt[l] = t[l] - prep.t0;
                w[l] = 1.0;
            }
            let sums = acc
                .sum_d
                .iter_mut()
                .zip(&mut acc.sum_d2)
                .zip(&mut acc.sum_dt);
            for (d, ((s1, s2), s3)) in dur.chunks_exact(LANES).zip(sums) {
                let (mut a, mut b, mut c) = ([0.0; LANES], [0.0; LANES], [0.0; LANES]);
                for l in 0..LANES {
                    let x = d[l] * w[l];
                    a[l] = x;
                    b[l] = x * d[l];
                    c[l] = d[l] * dt[l];
                }
                *s1 += a.iter().sum::<f64>();
                *s2 += b.iter().sum::<f64>();
                *s3 += c.iter().sum::<f64>();
            }
        }
        let mut cost = [0.0; LANES];
        if let Some(rate) = &prep.rate {
            for (d, &r) in dur.chunks_exact(LANES).zip(rate) {
                for l in 0..LANES {
                    cost[l] += d[l] * r;
                }
            }
        }
        for l in 0..valid {
            out.push((t[l], prep.fixed_cost + risk_cost[l] + cost[l]));
        }
    }
    Ok((acc, out))
}

/// Spearman sensitivity of each uncertain task: Pearson correlation between
/// its uniforms (the ranks of its inverse-CDF samples) and the finish ranks,
/// regenerating each chunk's numbers.
fn spearman_pass(prep: &Prepared, seed: u64, n: usize, chunks: usize, rank: &[f64]) -> Vec<f64> {
    let k = prep.unc_pos.len();
    let per_chunk = |chunk: usize| -> (Vec<f64>, Vec<f64>, Vec<f64>) {
        let m = CHUNK.min(n - chunk * CHUNK);
        let mut rng = Stream::new(chunk_seed(seed, chunk));
        let corr = correlated_uniforms(prep, &mut rng, m);
        let mut risk_u = vec![0.0; 3 * prep.risks.len() * LANES];
        let mut us = vec![0.0; k * LANES];
        let (mut su, mut su2, mut sur) = (vec![0.0; k], vec![0.0; k], vec![0.0; k]);
        for row0 in (0..m).step_by(LANES) {
            let valid = LANES.min(m - row0);
            let (mut r, mut w) = ([0.0; LANES], [0.0; LANES]);
            for l in 0..valid {
                r[l] = rank[chunk * CHUNK + row0 + l] - 0.5;
                w[l] = 1.0;
            }
            uniforms(prep, &mut rng, &corr, (row0, valid), &mut us, &mut risk_u);
            for (j, u) in us.chunks_exact(LANES).enumerate() {
                let (mut a, mut b, mut c) = ([0.0; LANES], [0.0; LANES], [0.0; LANES]);
                for l in 0..LANES {
                    let x = (u[l] - 0.5) * w[l];
                    a[l] = x;
                    b[l] = x * x;
                    c[l] = x * r[l];
                }
                su[j] += a.iter().sum::<f64>();
                su2[j] += b.iter().sum::<f64>();
                sur[j] += c.iter().sum::<f64>();
            }
        }
        (su, su2, sur)
    };
    #[cfg(feature = "parallel")]
    let parts: Vec<(Vec<f64>, Vec<f64>, Vec<f64>)> = {
        use rayon::prelude::*;
        (0..chunks).into_par_iter().map(per_chunk).collect()
    };
    #[cfg(not(feature = "parallel"))]
    let parts: Vec<(Vec<f64>, Vec<f64>, Vec<f64>)> = (0..chunks).map(per_chunk).collect();
    let (mut su, mut su2, mut sur) = (vec![0.0; k], vec![0.0; k], vec![0.0; k]);
    for (a, b, c) in parts {
        for j in 0..k {
            su[j] += a[j];
            su2[j] += b[j];
            sur[j] += c[j];
        }
    }
    let nf = n as f64;
    let mr = rank.iter().map(|r| r - 0.5).sum::<f64>() / nf;
    let vr = rank.iter().map(|r| (r - 0.5) * (r - 0.5)).sum::<f64>() / nf - mr * mr;
    (0..k)
        .map(|j| {
            if prep.unc_sampler[j].is_fixed() {
                return 0.0;
            }
            let mu = su[j] / nf;
            let vu = su2[j] / nf - mu * mu;
            let cov = sur[j] / nf - mu * mr;
            if vu > 0.0 && vr > 0.0 {
                (cov / (vu * vr).sqrt()).clamp(-1.0, 1.0)
            } else {
                0.0
            }
        })
        .collect()
}
