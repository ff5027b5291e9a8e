//! Validating a simulation against its project and compiling it to
//! arrays by network position for the hot loop.

use planwright_core::{Duration, Project, Task, TaskId};
use planwright_schedule::sampling::SamplingPass;
use planwright_schedule::{ActivityId, Network};

use super::correlation::cholesky;
use super::engine::{BINS, Prepared, PreparedRisk, Ranked};
use super::{RiskImpact, Simulation};
use crate::Error;
use crate::distribution::{DurationDist, Sampler, Tables};

fn bad(item: String, reason: String) -> Error {
    Error::InvalidSimulation { item, reason }
}

/// The uncertain tasks that still have work: position, sampler and scale
/// (remaining / planned for started tasks), by uncertain index.
struct Uncertain {
    task: Vec<usize>,
    pos: Vec<usize>,
    sampler: Vec<Sampler>,
    scale: Vec<f64>,
}

/// Validates a simulation against its project and compiles it for the hot
/// loop.
pub(super) fn prepare(
    project: &Project,
    sim: &Simulation,
    net: &Network,
) -> Result<Prepared, Error> {
    let probe = SamplingPass::new(net);
    let planned = probe.planned();
    let mut tables = Tables::default();
    let unc = uncertain(project, sim, &probe, &planned, &mut tables)?;
    let (correlated, groups) = correlation_groups(sim, &unc)?;
    let risks = risk_events(project, sim, &probe, &mut tables)?;
    let (rate, fixed_cost, task_pos) = costs(project, sim, &probe, planned.len())?;
    let t0 = SamplingPass::new(net).run(&planned)?;
    let tracked = tracked(project, sim)?;
    let ranked = ranked_positions(&planned, &unc.pos, &unc.sampler, &unc.scale, &risks, &probe);
    Ok(Prepared {
        n_pos: planned.len(),
        planned,
        unc_pos: unc.pos,
        unc_sampler: unc.sampler,
        unc_scale: unc.scale,
        correlated,
        groups,
        risks,
        rate: (sim.costs && rate.iter().any(|&r| r != 0.0)).then_some(rate),
        fixed_cost,
        task_pos,
        t0,
        ranked,
        tracked,
    })
}

fn known_task<'p>(project: &'p Project, tid: TaskId, what: &str) -> Result<&'p Task, Error> {
    project
        .task(tid)
        .ok_or_else(|| bad(format!("task {tid}"), format!("unknown task {what}")))
}

fn uncertain(
    project: &Project,
    sim: &Simulation,
    probe: &SamplingPass<'_>,
    planned: &[f64],
    tables: &mut Tables,
) -> Result<Uncertain, Error> {
    let mut u = Uncertain {
        task: Vec::new(),
        pos: Vec::new(),
        sampler: Vec::new(),
        scale: Vec::new(),
    };
    for (&tid, dist) in &sim.uncertainty {
        let task = known_task(project, tid, "with an uncertain duration")?;
        let sampler = dist.sampler_with(&task.key, tables)?;
        if task.is_summary() || task.progress.is_finished() {
            continue;
        }
        let pos = probe.position(ActivityId::new(tid.get()));
        u.scale.push(
            if task.progress.is_started() && task.duration.as_minutes() > 0 {
                planned[pos] / task.duration.as_minutes() as f64
            } else {
                1.0
            },
        );
        u.task.push(tid.index());
        u.pos.push(pos);
        u.sampler.push(sampler);
    }
    Ok(u)
}

/// Correlated uncertain tasks as (uncertain index, group, column), and each
/// group's size and Cholesky factor.
#[allow(clippy::type_complexity)]
fn correlation_groups(
    sim: &Simulation,
    unc: &Uncertain,
) -> Result<(Vec<(usize, usize, usize)>, Vec<(usize, Vec<Vec<f64>>)>), Error> {
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
            let u = unc.task.iter().position(|&x| x == t.index()).ok_or_else(|| {
                bad(
                    name.clone(),
                    format!(
                        "task {t} has no duration uncertainty to correlate (or is finished, or a summary)"
                    ),
                )
            })?;
            if correlated.iter().any(|x| x.0 == u) {
                return Err(bad(name, format!("task {t} is in two correlation groups")));
            }
            correlated.push((u, g, col));
        }
        groups.push((k, chol));
    }
    Ok((correlated, groups))
}

fn risk_events(
    project: &Project,
    sim: &Simulation,
    probe: &SamplingPass<'_>,
    tables: &mut Tables,
) -> Result<Vec<PreparedRisk>, Error> {
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
            positions.push(probe.position(ActivityId::new(t.get())));
        }
        // A task named twice (directly and through its phase, say) is
        // delayed once.
        positions.sort_unstable();
        positions.dedup();
        let (delay, factor) = match &r.impact {
            RiskImpact::Delay(d) => (Some(d.sampler_with(&r.key, tables)?), None),
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
                            .sampler_with(&r.key, tables)?,
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
                .sampler_with(&r.key, tables)?,
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
    Ok(risks)
}

/// Cost per working minute by position, the fixed costs (with the finished
/// tasks' whole cost), and each task's position.
#[allow(clippy::type_complexity)]
fn costs(
    project: &Project,
    sim: &Simulation,
    probe: &SamplingPass<'_>,
    n_pos: usize,
) -> Result<(Vec<f64>, f64, Vec<Option<usize>>), Error> {
    let mut rate = vec![0.0; n_pos];
    let mut fixed_cost = 0.0;
    let mut task_pos = vec![None; project.task_count()];
    for (tid, t) in project.tasks() {
        if t.is_summary() {
            continue;
        }
        let pos = probe.position(ActivityId::new(tid.get()));
        task_pos[tid.index()] = Some(pos);
        if sim.costs {
            fixed_cost += t.fixed_cost.minor_units() as f64;
            if t.progress.is_finished() {
                let cost = project.task_cost(t)?;
                fixed_cost += (cost.minor_units() - t.fixed_cost.minor_units()) as f64;
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
    Ok((rate, fixed_cost, task_pos))
}

fn tracked(project: &Project, sim: &Simulation) -> Result<Vec<ActivityId>, Error> {
    let mut tracked = Vec::with_capacity(sim.track.len());
    for &tid in &sim.track {
        let task = known_task(project, tid, "to track")?;
        if task.is_summary() {
            return Err(bad(
                task.key.clone(),
                "a summary task cannot be tracked; track its last task or a milestone".into(),
            ));
        }
        tracked.push(ActivityId::new(tid.get()));
    }
    Ok(tracked)
}

/// The positions risk events act on (finished activities aside), with
/// bounds of their durations by interval arithmetic in the order the
/// events apply: the histogram that ranks them spans every value a draw
/// can take.
fn ranked_positions(
    planned: &[f64],
    unc_pos: &[usize],
    unc_sampler: &[Sampler],
    unc_scale: &[f64],
    risks: &[PreparedRisk],
    probe: &SamplingPass<'_>,
) -> Vec<Ranked> {
    let mut bounds: Vec<Option<(f64, f64)>> = vec![None; planned.len()];
    for r in risks {
        for &p in &r.positions {
            if probe.is_finished(p) || bounds[p].is_some() {
                continue;
            }
            bounds[p] = Some(match unc_pos.iter().position(|&x| x == p) {
                Some(k) => (
                    unc_sampler[k].quantile(0.0) * unc_scale[k],
                    unc_sampler[k].quantile(1.0) * unc_scale[k],
                ),
                None => (planned[p], planned[p]),
            });
        }
    }
    for r in risks {
        let sure = r.p >= 1.0;
        for &p in &r.positions {
            let Some((lo, hi)) = bounds[p].as_mut() else {
                continue;
            };
            if let Some(d) = &r.delay {
                let (a, b) = (d.quantile(0.0), d.quantile(1.0));
                *lo = if sure { *lo + a } else { lo.min(*lo + a) };
                *hi = (*hi).max(*hi + b);
            }
            if let Some(f) = &r.factor {
                let (a, b) = (f.quantile(0.0) / 100_000.0, f.quantile(1.0) / 100_000.0);
                *lo = if sure { *lo * a } else { lo.min(*lo * a) };
                *hi = if sure { *hi * b } else { hi.max(*hi * b) };
            }
        }
    }
    bounds
        .iter()
        .enumerate()
        .filter_map(|(pos, b)| {
            let (lo, hi) = (*b)?;
            (hi - lo > 1e-9).then(|| Ranked {
                pos,
                lo,
                inv_width: BINS as f64 / (hi - lo),
            })
        })
        .collect()
}
