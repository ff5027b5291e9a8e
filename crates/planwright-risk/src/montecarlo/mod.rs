//! Monte Carlo schedule risk analysis: sampled durations, correlated by
//! rank, risk events, full critical-path passes, and the statistics of the
//! finish, the cost, each task and each risk.
//!
//! - `mod.rs`: [`simulate`] / [`simulate_plan`]: pass 1 in batches with the
//!   early stop, finish ranks, pass 2, the tornado, the statistics;
//! - `settings.rs`: [`Simulation`] and what it holds;
//! - `report.rs`: [`SimulationReport`] and its parts;
//! - `engine.rs`: compilation to arrays and the chunked passes;
//! - `correlation.rs`, `stream.rs`: Iman–Conover and the random numbers.

use planwright_core::{Duration, Project};
use planwright_schedule::{Plan, PlanOptions, plan_with};

use crate::Error;

mod correlation;
mod engine;
mod prepare;
mod report;
mod settings;

pub(crate) use report::percentile;
pub use report::{Bin, RiskContribution, SimulationReport, Stats, TaskRisk, TrackedTask};
pub use settings::{Correlation, EarlyStop, RiskEvent, RiskImpact, Simulation};

use engine::{Acc, run_chunks, spearman_pass};
use prepare::prepare;
pub(crate) mod stream;

/// Iterations per chunk: the unit of seeding, parallelism and early stop.
/// Fixed, so results do not depend on the number of threads.
const CHUNK: usize = 1024;
/// Most iterations of one simulation (each keeps 16 bytes: 160 MB).
pub const MAX_ITERATIONS: u32 = 10_000_000;
/// Most bins of the finish histogram.
pub const MAX_BINS: usize = 10_000;
/// Most tracked finishes one simulation keeps (tracked tasks × iterations):
/// 2^23 values, 64 MiB, so tracking cannot make memory grow with the
/// product of two large inputs.
pub const MAX_TRACKED_VALUES: u64 = 1 << 23;
/// Chunks between early-stop checks.
const BATCH: usize = 4;

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
/// # Complexity
///
/// One critical-path plan plus [`simulate_plan`].
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
    check_counts(sim)?;
    let mut popts = PlanOptions::new();
    popts.status_date = sim.status_date;
    let plan = plan_with(project, popts)?;
    simulate_plan(project, &plan, sim)
}

/// Iterations and bins within their limits, checked before any work.
fn check_counts(sim: &Simulation) -> Result<(), Error> {
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
    let values = sim.track.len() as u64 * u64::from(sim.iterations);
    if values > MAX_TRACKED_VALUES {
        return Err(Error::InvalidSimulation {
            item: "simulation".into(),
            reason: format!(
                "tracking {} tasks over {} iterations keeps {values} finishes, more than the limit of {MAX_TRACKED_VALUES}; track fewer tasks (the `track` list; every task with a deadline is tracked by default) or run fewer iterations",
                sim.track.len(),
                sim.iterations
            ),
        });
    }
    Ok(())
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
/// # Complexity
///
/// O(iterations × (V + E)) for the sampling passes (twice: the rank pass
/// regenerates the same numbers), plus one more pass 1 per risk event for
/// the tornado. Memory O(V + E + iterations × (2 + tracked tasks)), the
/// last bounded by [`MAX_TRACKED_VALUES`](crate::MAX_TRACKED_VALUES).
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
    check_counts(sim)?;
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
        if let Some(es) = sim.early_stop {
            if p1.chunks < chunks {
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
