//! The runner on RCPSP/max sets (ProGen/max `.sch`): loading, solving with
//! [`MaxSampling`], the referee's CSV and the summary in the sets'
//! conventions.

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;
use std::time::Instant;

use planwright_benches::runner::{csv_field, json_number, json_string};
use planwright_schedule::rcpsp::{
    Budget, Known, MaxGeneratorConfig, MaxInstance, MaxOutcome, MaxSampling, generate_max,
    instance_seed, parse_sch, verify_max,
};

use super::{Args, in_parallel, run_json, walk};

/// `true` when the folder (recursively) holds ProGen/max `.sch` files
/// (any letter case) and no `.sm` / `.rcp` files.
pub(super) fn is_max_folder(dir: &Path) -> bool {
    let Ok((files, _)) = walk(dir, &[".sch", ".sm", ".rcp"]) else {
        return false;
    };
    let is_sch = |name: &String| name.to_lowercase().ends_with(".sch");
    files.iter().any(|(n, _)| is_sch(n)) && files.iter().all(|(n, _)| is_sch(n))
}

/// What optimum.csv says of an RCPSP/max instance.
#[derive(Clone, Copy, Debug)]
pub(super) enum MaxKnown {
    Unknown,
    Unsat,
    Known(Known),
}

/// One RCPSP/max instance's result.
struct MaxRun {
    name: String,
    known: MaxKnown,
    outcome: MaxOutcome,
    lower_bound: Option<u32>,
    seconds: f64,
}

/// A seeded RCPSP/max set: `max10`, `max20`, `max50` or `max100`
/// (activities), ProGen/max-like parameters varied over the set
/// (maximum-lag share, tightness, resource factor and strength).
pub(super) fn generated_max(
    set: &str,
    count: usize,
    seed: u64,
) -> Result<Vec<MaxInstance>, String> {
    let activities: usize = set
        .strip_prefix("max")
        .and_then(|x| x.parse().ok())
        .filter(|x| [10, 20, 50, 100].contains(x))
        .ok_or(format!(
            "unknown set {set}: use max10, max20, max50 or max100"
        ))?;
    (0..count)
        .map(|i| {
            let mut cfg = MaxGeneratorConfig::default();
            cfg.activities = activities;
            cfg.max_lag_share = [0.2, 0.33, 0.5][i % 3];
            cfg.tightness = [0.25, 0.5, 0.75][(i / 3) % 3];
            cfg.resource_factor = [0.25, 0.5, 1.0][(i / 9) % 3];
            cfg.resource_strength = [0.2, 0.35, 0.5][(i / 27) % 3];
            let mut inst = generate_max(&cfg, instance_seed(seed, &format!("{set}-{i}")))
                .map_err(|e| format!("generating {set} #{i}: {e}"))?;
            inst.set_name(format!("{set}_gen_{:03}.sch", i + 1));
            Ok(inst)
        })
        .collect()
}

/// The `.sch` files below a folder in natural order, and what its
/// optimum.csv files say.
pub(super) fn load_max_dir(
    dir: &Path,
) -> Result<(Vec<MaxInstance>, BTreeMap<String, MaxKnown>), String> {
    let (files, raw) = walk(dir, &[".sch"])?;
    let mut known = BTreeMap::new();
    for (name, v) in raw {
        let k = if v == "unsat" {
            MaxKnown::Unsat
        } else {
            MaxKnown::Known(
                Known::parse(&v).ok_or(format!("optimum.csv: cannot read {v:?} for {name}"))?,
            )
        };
        known.insert(name, k);
    }
    let instances = files
        .into_iter()
        .map(|(name, path)| {
            let text = fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
            parse_sch(&text, &name).map_err(|e| format!("{}: {e}", path.display()))
        })
        .collect::<Result<_, _>>()?;
    Ok((instances, known))
}

/// The runner on RCPSP/max instances: each solved by [`MaxSampling`], the
/// referee's CSV written (a schedule, or `infeasible` only where
/// infeasibility is proven; nothing where none was found), and a summary
/// per the sets' conventions.
pub(super) fn run_max(
    set: &str,
    instances: &[MaxInstance],
    known: &BTreeMap<String, MaxKnown>,
    args: &Args,
) -> Result<(), String> {
    let solver = MaxSampling::default();
    let (runs, elapsed) = in_parallel(instances, args.threads, |inst| {
        let started = Instant::now();
        let limit = args.time_limit;
        let stop = move || limit.is_some_and(|l| started.elapsed() >= l);
        let budget = Budget::new(args.schedules)
            .seed(instance_seed(args.seed, inst.name()))
            .stop_when(&stop);
        let outcome = solver
            .solve(inst, &budget)
            .map_err(|e| format!("{}: {e}", inst.name()))?;
        if let MaxOutcome::Schedule(s) = &outcome {
            verify_max(inst, &s.starts)
                .map_err(|v| format!("{}: infeasible schedule returned: {v}", inst.name()))?;
        }
        Ok(MaxRun {
            name: inst.name().to_owned(),
            known: known.get(inst.name()).copied().unwrap_or(MaxKnown::Unknown),
            outcome,
            lower_bound: inst.lower_bound(),
            seconds: started.elapsed().as_secs_f64(),
        })
    })?;
    if let Some(out) = &args.out {
        fs::write(out, max_csv(&runs)).map_err(|e| format!("{}: {e}", out.display()))?;
    }
    if runs.is_empty() {
        println!("{set} (RCPSP/max): {}", super::EMPTY_SHARD);
        return Ok(());
    }
    let t = MaxTally::of(&runs);
    println!(
        "{set} (RCPSP/max): {} instances, {} x {} schedules, seed {}, {} threads: feasible found {}/{} known feasible; infeasibility proven {}/{} unsat ({} wrong); not found {}; {:.3}% from optimum/best-known over {} schedules, at optimum {}/{}; {:.3}% from the lower bound; wall {elapsed:.2} s, cpu {:.2} s",
        runs.len(),
        solver.name(),
        args.schedules,
        args.seed,
        args.threads,
        t.found,
        t.feasible_known,
        t.proven,
        t.unsat_known,
        t.wrong,
        t.not_found,
        mean(&t.dev_ub),
        t.dev_ub.len(),
        t.at_opt,
        t.with_opt,
        mean(&t.dev_lb),
        t.cpu,
    );
    if let Some(path) = &args.summary {
        let json = max_summary_json(set, &solver.name(), args, &runs, &t, elapsed);
        fs::write(path, json).map_err(|e| format!("{}: {e}", path.display()))?;
    }
    if t.wrong > 0 {
        return Err(format!("{} wrong infeasibility claims", t.wrong));
    }
    Ok(())
}

/// The mean of `v` (0 for none).
fn mean(v: &[f64]) -> f64 {
    if v.is_empty() {
        0.0
    } else {
        v.iter().sum::<f64>() / v.len() as f64
    }
}

/// Per RCPSP/max instance: schedules used and the best lower bound known
/// (the time-lag bound or the set's listed one).
fn max_detail(r: &MaxRun) -> (u64, Option<u32>) {
    let schedules = match &r.outcome {
        MaxOutcome::Schedule(s) => s.schedules,
        MaxOutcome::NotFound { schedules } => *schedules,
        _ => 0,
    };
    let listed = match r.known {
        MaxKnown::Known(k) => k.lower().unwrap_or(0),
        _ => 0,
    };
    (schedules, r.lower_bound.map(|b| b.max(listed)))
}

/// The referee's CSV of RCPSP/max runs: a schedule, or `infeasible` where
/// infeasibility is proven; no row where nothing was found.
fn max_csv(runs: &[MaxRun]) -> String {
    let mut csv = String::from("instance,makespan,starts,schedules,lower_bound\n");
    for r in runs {
        let (used, lb) = max_detail(r);
        let lb = lb.map_or(String::new(), |b| b.to_string());
        let name = csv_field(&r.name);
        match &r.outcome {
            MaxOutcome::Schedule(s) => {
                let starts: Vec<String> = s.starts.iter().map(u32::to_string).collect();
                csv.push_str(&format!(
                    "{name},{},{},{used},{lb}\n",
                    s.makespan,
                    starts.join(" ")
                ));
            }
            MaxOutcome::Infeasible(_) => csv.push_str(&format!("{name},infeasible,,{used},\n")),
            _ => {}
        }
    }
    csv
}

/// The counts and deviations of an RCPSP/max run, in the sets'
/// conventions (wrong infeasibility claims reported on stderr).
#[derive(Default)]
struct MaxTally {
    found: usize,
    feasible_known: usize,
    proven: usize,
    unsat_known: usize,
    wrong: usize,
    not_found: usize,
    at_opt: usize,
    with_opt: usize,
    /// % above the best known makespan, per schedule found with one.
    dev_ub: Vec<f64>,
    /// % above the best lower bound, per schedule found with one.
    dev_lb: Vec<f64>,
    /// Seconds summed over the instances.
    cpu: f64,
}

impl MaxTally {
    fn of(runs: &[MaxRun]) -> Self {
        let mut t = MaxTally::default();
        for r in runs {
            t.cpu += r.seconds;
            if let MaxKnown::Known(_) = r.known {
                t.feasible_known += 1;
            }
            if matches!(r.known, MaxKnown::Unsat) {
                t.unsat_known += 1;
            }
            match &r.outcome {
                MaxOutcome::Schedule(s) => t.schedule(r, s.makespan),
                MaxOutcome::Infeasible(why) => {
                    t.proven += 1;
                    if let MaxKnown::Known(_) = r.known {
                        t.wrong += 1;
                        eprintln!(
                            "{}: infeasibility claimed ({why}) but the set lists a schedule",
                            r.name
                        );
                    }
                }
                _ => t.not_found += 1,
            }
        }
        t
    }

    /// Counts a schedule of `makespan` found for `r`.
    fn schedule(&mut self, r: &MaxRun, makespan: u32) {
        self.found += 1;
        let ms = f64::from(makespan);
        if let MaxKnown::Known(k) = r.known {
            if let Some(ub) = k.best_known().filter(|&u| u > 0) {
                self.dev_ub
                    .push(100.0 * (ms - f64::from(ub)) / f64::from(ub));
            }
            if let Known::Optimum(o) = k {
                self.with_opt += 1;
                self.at_opt += usize::from(makespan == o);
            }
        }
        let listed = match r.known {
            MaxKnown::Known(Known::Range { lower, .. }) => lower,
            _ => 0,
        };
        let lb = r.lower_bound.unwrap_or(0).max(listed);
        if lb > 0 {
            self.dev_lb
                .push(100.0 * (ms - f64::from(lb)) / f64::from(lb));
        }
    }
}

/// The JSON summary of an RCPSP/max run: the summary line's figures and
/// every instance's outcome with its wall time.
fn max_summary_json(
    set: &str,
    scheduler: &str,
    args: &Args,
    runs: &[MaxRun],
    t: &MaxTally,
    elapsed: f64,
) -> String {
    let rows: Vec<String> = runs
        .iter()
        .map(|r| {
            let (used, lb) = max_detail(r);
            let (status, makespan, why) = match &r.outcome {
                MaxOutcome::Schedule(s) => ("schedule", s.makespan.to_string(), "null".to_owned()),
                MaxOutcome::Infeasible(w) => ("proven infeasible", "null".to_owned(), json_string(&w.to_string())),
                _ => ("none found", "null".to_owned(), "null".to_owned()),
            };
            format!(
                "{{\"instance\": {}, \"status\": \"{status}\", \"makespan\": {makespan}, \"schedules\": {used}, \"lower_bound\": {}, \"proof\": {why}, \"wall_ms\": {}}}",
                json_string(&r.name),
                lb.map_or("null".to_owned(), |b| b.to_string()),
                json_number(r.seconds * 1e3),
            )
        })
        .collect();
    format!(
        "{{\n{}  \"instances\": {},\n  \"feasible_found\": {},\n  \"feasible_known\": {},\n  \"infeasibility_proven\": {},\n  \"unsat_known\": {},\n  \"wrong_claims\": {},\n  \"not_found\": {},\n  \"mean_deviation_best_known\": {},\n  \"at_optimum\": {},\n  \"with_optimum\": {},\n  \"mean_deviation_lower_bound\": {},\n  \"wall_seconds\": {},\n  \"results\": [\n    {}\n  ]\n}}\n",
        run_json(set, "rcpsp/max", scheduler, args),
        runs.len(),
        t.found,
        t.feasible_known,
        t.proven,
        t.unsat_known,
        t.wrong,
        t.not_found,
        json_number(mean(&t.dev_ub)),
        t.at_opt,
        t.with_opt,
        json_number(mean(&t.dev_lb)),
        json_number(elapsed),
        rows.join(",\n    "),
    )
}
