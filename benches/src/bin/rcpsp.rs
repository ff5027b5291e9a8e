//! The scheduler benchmark runner.
//!
//! ```text
//! cargo run --release -p planwright-benches --bin rcpsp -- \
//!   --instances DIR          # folder of .sm/.rcp files (or ProGen/max .sch: RCPSP/max);
//!                            # DIR/optimum.csv read if present
//!   [--generate j30|j60|j90|j120 --count N]   # instead of --instances: a seeded generated set
//!   [--generate max10|max20|max50|max100 --count N]   # the same for RCPSP/max (ProGen/max-like)
//!   [--scheduler NAME]       # default: the strongest scheduler; --list prints the names
//!   --schedules N            # budget per instance (default 5000)
//!   [--time-limit-ms MS]     # optional wall-clock limit per instance
//!   --seed S --threads T     # instances run in parallel on T threads; results identical for any T
//!   --out FILE.csv           # solutions: instance,makespan,starts
//! ```

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use planwright_schedule::rcpsp::{
    self, Budget, GaConfig, GeneratorConfig, GeneticAlgorithm, Known, MaxGeneratorConfig,
    MaxInstance, MaxOutcome, MaxSampling, Problem, RunResult, Scheduler, generate, generate_max,
    instance_seed, parse_rcp, parse_sch, parse_sm, run_one, summarize, verify_max,
};

#[derive(Debug)]
struct Args {
    instances: Option<PathBuf>,
    generate: Option<String>,
    count: usize,
    scheduler: String,
    list: bool,
    schedules: u64,
    time_limit: Option<Duration>,
    seed: u64,
    threads: usize,
    out: Option<PathBuf>,
    ga: Vec<(String, f64)>,
}

const USAGE: &str = "usage: rcpsp (--instances DIR | --generate j30|j60|j90|j120|max10|max20|max50|max100 [--count N]) \
[--scheduler NAME] [--list] [--schedules N] [--time-limit-ms MS] [--seed S] [--threads T] [--out FILE.csv]";

fn parse_args() -> Result<Args, String> {
    let mut a = Args {
        instances: None,
        generate: None,
        count: 48,
        scheduler: "ga".to_owned(),
        list: false,
        schedules: 5_000,
        time_limit: None,
        seed: 1,
        threads: std::thread::available_parallelism().map_or(1, |n| n.get()),
        out: None,
        ga: Vec::new(),
    };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        let mut value = |name: &str| it.next().ok_or(format!("{name} needs a value\n{USAGE}"));
        let num = |v: String, name: &str| {
            v.parse::<u64>()
                .map_err(|_| format!("{name}: not a number: {v}"))
        };
        match flag.as_str() {
            "--instances" => a.instances = Some(PathBuf::from(value("--instances")?)),
            "--generate" => a.generate = Some(value("--generate")?),
            "--count" => a.count = num(value("--count")?, "--count")? as usize,
            "--scheduler" => a.scheduler = value("--scheduler")?,
            "--list" => a.list = true,
            "--schedules" => a.schedules = num(value("--schedules")?, "--schedules")?,
            "--time-limit-ms" => {
                a.time_limit = Some(Duration::from_millis(num(
                    value("--time-limit-ms")?,
                    "--time-limit-ms",
                )?))
            }
            "--seed" => a.seed = num(value("--seed")?, "--seed")?,
            "--threads" => a.threads = (num(value("--threads")?, "--threads")? as usize).max(1),
            "--out" => a.out = Some(PathBuf::from(value("--out")?)),
            "--ga" => {
                // Tuning: --ga population=40,mutation=0.05,...
                for kv in value("--ga")?.split(',') {
                    let (k, v) = kv
                        .split_once('=')
                        .ok_or(format!("--ga: expected name=value, got {kv}"))?;
                    let v: f64 = v.parse().map_err(|_| format!("--ga: not a number: {v}"))?;
                    a.ga.push((k.to_owned(), v));
                }
            }
            "-h" | "--help" => return Err(USAGE.to_owned()),
            other => return Err(format!("unknown argument {other}\n{USAGE}")),
        }
    }
    Ok(a)
}

fn load_dir(dir: &Path) -> Result<Vec<Problem>, String> {
    let mut known: BTreeMap<String, Known> = BTreeMap::new();
    let opt = dir.join("optimum.csv");
    if opt.exists() {
        let text = fs::read_to_string(&opt).map_err(|e| format!("{}: {e}", opt.display()))?;
        for (i, line) in text.lines().enumerate().skip(1) {
            let Some((name, value)) = line.split_once(',') else {
                continue;
            };
            let k = Known::parse(value).ok_or(format!(
                "{}:{}: cannot read {value:?}",
                opt.display(),
                i + 1
            ))?;
            known.insert(name.trim().to_owned(), k);
        }
    }
    let mut names: Vec<String> = fs::read_dir(dir)
        .map_err(|e| format!("{}: {e}", dir.display()))?
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".sm") || n.ends_with(".rcp"))
        .collect();
    names.sort();
    if names.is_empty() {
        return Err(format!("{}: no .sm or .rcp files", dir.display()));
    }
    names
        .into_iter()
        .map(|name| {
            let path = dir.join(&name);
            let text = fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
            let parsed = if name.ends_with(".rcp") {
                parse_rcp(&text)
            } else {
                parse_sm(&text)
            };
            let mut inst = parsed.map_err(|e| format!("{}: {e}", path.display()))?;
            inst.set_name(name.clone());
            let k = known.get(&name).copied().unwrap_or_default();
            Ok(Problem::new(inst, k))
        })
        .collect()
}

fn generated(set: &str, count: usize, seed: u64) -> Result<Vec<Problem>, String> {
    let configs = GeneratorConfig::psplib_set(set)
        .ok_or(format!("unknown set {set}: use j30, j60, j90 or j120"))?;
    (0..count)
        .map(|i| {
            let cfg = &configs[i % configs.len()];
            let inst = generate(cfg, rcpsp::instance_seed(seed, &format!("{set}-{i}")))
                .map_err(|e| format!("generating {set} #{i}: {e}"))?;
            let mut inst = inst;
            inst.set_name(format!("{set}_gen_{:03}.sm", i + 1));
            Ok(Problem::new(inst, Known::Unknown))
        })
        .collect()
}

fn main() -> ExitCode {
    match real_main() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("rcpsp: {e}");
            ExitCode::FAILURE
        }
    }
}

fn real_main() -> Result<(), String> {
    let args = parse_args()?;
    if args.list {
        for s in rcpsp::schedulers() {
            println!("{}", s.name());
        }
        return Ok(());
    }
    let scheduler: Box<dyn Scheduler> = if args.ga.is_empty() {
        rcpsp::scheduler(&args.scheduler).ok_or(format!(
            "unknown scheduler {:?}; --list prints the names",
            args.scheduler
        ))?
    } else {
        let mut config = GaConfig::default();
        for (k, v) in &args.ga {
            set_ga(&mut config, k, *v)?;
        }
        config.validate().map_err(|e| format!("--ga: {e}"))?;
        Box::new(GeneticAlgorithm { config })
    };
    if let Some(dir) = args.instances.as_deref().filter(|d| is_max_folder(d)) {
        let (instances, known) = load_max_dir(dir)?;
        let set = dir
            .file_name()
            .map_or("instances".into(), |s| s.to_string_lossy().into_owned());
        return run_max(&set, &instances, &known, &args);
    }
    if let Some(g) = args.generate.as_deref().filter(|g| g.starts_with("max")) {
        let instances = generated_max(g, args.count, args.seed)?;
        return run_max(
            &format!("{g} (generated)"),
            &instances,
            &BTreeMap::new(),
            &args,
        );
    }
    let (set, problems) = match (&args.instances, &args.generate) {
        (Some(dir), None) => {
            let set = dir
                .file_name()
                .map_or("instances".into(), |s| s.to_string_lossy().into_owned());
            (set, load_dir(dir)?)
        }
        (None, Some(g)) => (
            format!("{g} (generated)"),
            generated(g, args.count, args.seed)?,
        ),
        _ => return Err(format!("give either --instances or --generate\n{USAGE}")),
    };

    let wall = Instant::now();
    let next = AtomicUsize::new(0);
    let results: Mutex<Vec<Option<Result<RunResult, String>>>> =
        Mutex::new(vec![None; problems.len()]);
    std::thread::scope(|scope| {
        for _ in 0..args.threads.min(problems.len()).max(1) {
            scope.spawn(|| {
                let origin = Instant::now();
                let clock = || origin.elapsed().as_secs_f64();
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(p) = problems.get(i) else { break };
                    let started = Instant::now();
                    let limit = args.time_limit;
                    let stop = move || limit.is_some_and(|l| started.elapsed() >= l);
                    let r = run_one(
                        scheduler.as_ref(),
                        p,
                        args.schedules,
                        args.seed,
                        Some(&clock),
                        Some(&stop),
                    )
                    .map_err(|e| format!("{}: {e}", p.instance.name()));
                    results.lock().expect("no worker panics")[i] = Some(r);
                }
            });
        }
    });
    let elapsed = wall.elapsed().as_secs_f64();
    let results: Vec<RunResult> = results
        .into_inner()
        .expect("no worker panics")
        .into_iter()
        .map(|r| r.unwrap_or_else(|| Err("not run".to_owned())))
        .collect::<Result<_, _>>()?;

    if let Some(out) = &args.out {
        let mut csv = String::from("instance,makespan,starts\n");
        for r in &results {
            let starts: Vec<String> = r.solution.starts.iter().map(u32::to_string).collect();
            csv.push_str(&format!(
                "{},{},{}\n",
                r.instance,
                r.solution.makespan,
                starts.join(" ")
            ));
        }
        fs::write(out, csv).map_err(|e| format!("{}: {e}", out.display()))?;
    }
    let s = summarize(&scheduler.name(), &results);
    let known = match s.mean_deviation_best_known {
        Some(d) => format!(
            "{d:.3}% from optimum/best-known, at best-known {}/{}",
            s.at_best_known, s.with_known
        ),
        None => "no known optima".to_owned(),
    };
    let cpu = s.seconds.unwrap_or(0.0);
    println!(
        "{set}: {} instances, {} x {} schedules, seed {}, {} threads: {known}; {:.3}% from the critical-path bound; wall {elapsed:.2} s; {:.0} schedules/s per thread",
        s.instances,
        s.scheduler,
        args.schedules,
        args.seed,
        args.threads,
        s.mean_deviation_critical_path,
        if cpu > 0.0 {
            s.schedules as f64 / cpu
        } else {
            0.0
        },
    );
    Ok(())
}

/// Sets a GA parameter by its command-line name (`--ga name=value`).
fn set_ga(config: &mut GaConfig, name: &str, value: f64) -> Result<(), String> {
    let whole = |v: f64| {
        if v >= 0.0 && v.fract() == 0.0 && v <= f64::from(u32::MAX) {
            Ok(v as u32)
        } else {
            Err(format!("--ga {name}={v}: expected a whole number"))
        }
    };
    match name {
        "population" => config.population = whole(value)? as usize,
        "mutation" => config.mutation = value,
        "justification" => config.justification_rounds = whole(value)?,
        "restart" => config.restart_after = whole(value)?,
        "peak" => config.peak_crossover = value,
        "backward" => config.backward = value,
        _ => {
            return Err(format!(
                "--ga {name}: unknown parameter (population, mutation, justification, restart, peak, backward)"
            ));
        }
    }
    Ok(())
}

/// `true` when the folder holds ProGen/max `.sch` files (any letter case)
/// and no `.sm` / `.rcp` files.
fn is_max_folder(dir: &Path) -> bool {
    let Ok(entries) = fs::read_dir(dir) else {
        return false;
    };
    let names: Vec<String> = entries
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.iter().any(|n| n.to_lowercase().ends_with(".sch"))
        && !names
            .iter()
            .any(|n| n.ends_with(".sm") || n.ends_with(".rcp"))
}

/// What optimum.csv says of an RCPSP/max instance.
#[derive(Clone, Copy, Debug)]
enum MaxKnown {
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
fn generated_max(set: &str, count: usize, seed: u64) -> Result<Vec<MaxInstance>, String> {
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

/// The `.sch` files of a folder in natural order, and its optimum.csv.
fn load_max_dir(dir: &Path) -> Result<(Vec<MaxInstance>, BTreeMap<String, MaxKnown>), String> {
    let mut known: BTreeMap<String, MaxKnown> = BTreeMap::new();
    let opt = dir.join("optimum.csv");
    if opt.exists() {
        let text = fs::read_to_string(&opt).map_err(|e| format!("{}: {e}", opt.display()))?;
        for (i, line) in text.lines().enumerate().skip(1) {
            let Some((name, value)) = line.split_once(',') else {
                continue;
            };
            let k = if value.trim() == "unsat" {
                MaxKnown::Unsat
            } else {
                MaxKnown::Known(Known::parse(value).ok_or(format!(
                    "{}:{}: cannot read {value:?}",
                    opt.display(),
                    i + 1
                ))?)
            };
            known.insert(name.trim().to_owned(), k);
        }
    }
    let mut names: Vec<String> = fs::read_dir(dir)
        .map_err(|e| format!("{}: {e}", dir.display()))?
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.to_lowercase().ends_with(".sch"))
        .collect();
    // Natural order (PSP2 before PSP10), as the sets number them.
    names.sort_by_key(|n| {
        let digits: String = n.chars().filter(char::is_ascii_digit).collect();
        (digits.parse::<u64>().unwrap_or(u64::MAX), n.clone())
    });
    let instances: Vec<MaxInstance> = names
        .iter()
        .map(|name| {
            let path = dir.join(name);
            let text = fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
            parse_sch(&text, name).map_err(|e| format!("{}: {e}", path.display()))
        })
        .collect::<Result<_, _>>()?;
    Ok((instances, known))
}

/// The runner on RCPSP/max instances: each solved by [`MaxSampling`], the
/// referee's CSV written (a schedule, or `infeasible` only where
/// infeasibility is proven; nothing where none was found), and a summary
/// per the sets' conventions.
fn run_max(
    set: &str,
    instances: &[MaxInstance],
    known: &BTreeMap<String, MaxKnown>,
    args: &Args,
) -> Result<(), String> {
    let solver = MaxSampling::default();
    let wall = Instant::now();
    let next = AtomicUsize::new(0);
    let results: Mutex<Vec<Option<Result<MaxRun, String>>>> =
        Mutex::new((0..instances.len()).map(|_| None).collect());
    std::thread::scope(|scope| {
        for _ in 0..args.threads.min(instances.len()).max(1) {
            scope.spawn(|| {
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(inst) = instances.get(i) else { break };
                    let started = Instant::now();
                    let limit = args.time_limit;
                    let stop = move || limit.is_some_and(|l| started.elapsed() >= l);
                    let budget = Budget::new(args.schedules)
                        .seed(instance_seed(args.seed, inst.name()))
                        .stop_when(&stop);
                    let r = solver
                        .solve(inst, &budget)
                        .map_err(|e| format!("{}: {e}", inst.name()))
                        .and_then(|outcome| {
                            if let MaxOutcome::Schedule(s) = &outcome {
                                verify_max(inst, &s.starts).map_err(|v| {
                                    format!("{}: infeasible schedule returned: {v}", inst.name())
                                })?;
                            }
                            Ok(MaxRun {
                                name: inst.name().to_owned(),
                                known: known.get(inst.name()).copied().unwrap_or(MaxKnown::Unknown),
                                outcome,
                                lower_bound: inst.lower_bound(),
                                seconds: started.elapsed().as_secs_f64(),
                            })
                        });
                    results.lock().expect("no worker panics")[i] = Some(r);
                }
            });
        }
    });
    let elapsed = wall.elapsed().as_secs_f64();
    let runs: Vec<MaxRun> = results
        .into_inner()
        .expect("no worker panics")
        .into_iter()
        .map(|r| r.unwrap_or_else(|| Err("not run".to_owned())))
        .collect::<Result<_, _>>()?;
    if let Some(out) = &args.out {
        let mut csv = String::from("instance,makespan,starts\n");
        for r in &runs {
            match &r.outcome {
                MaxOutcome::Schedule(s) => {
                    let starts: Vec<String> = s.starts.iter().map(u32::to_string).collect();
                    csv.push_str(&format!("{},{},{}\n", r.name, s.makespan, starts.join(" ")));
                }
                MaxOutcome::Infeasible(_) => csv.push_str(&format!("{},infeasible,\n", r.name)),
                _ => {}
            }
        }
        fs::write(out, csv).map_err(|e| format!("{}: {e}", out.display()))?;
    }
    // The summary, in the set's conventions.
    let (mut found, mut feasible_known, mut proven, mut unsat_known) = (0, 0, 0, 0);
    let (mut wrong, mut not_found, mut at_opt, mut with_opt) = (0, 0, 0, 0);
    let (mut dev_ub, mut dev_lb, mut cpu) = (Vec::new(), Vec::new(), 0.0);
    for r in &runs {
        cpu += r.seconds;
        let is_unsat = matches!(r.known, MaxKnown::Unsat);
        if let MaxKnown::Known(_) = r.known {
            feasible_known += 1;
        }
        if is_unsat {
            unsat_known += 1;
        }
        match &r.outcome {
            MaxOutcome::Schedule(s) => {
                found += 1;
                if let MaxKnown::Known(k) = r.known {
                    if let Some(ub) = k.best_known().filter(|&u| u > 0) {
                        dev_ub
                            .push(100.0 * (f64::from(s.makespan) - f64::from(ub)) / f64::from(ub));
                    }
                    if let Known::Optimum(o) = k {
                        with_opt += 1;
                        at_opt += usize::from(s.makespan == o);
                    }
                }
                let listed = match r.known {
                    MaxKnown::Known(Known::Range { lower, .. }) => lower,
                    _ => 0,
                };
                let lb = r.lower_bound.unwrap_or(0).max(listed);
                if lb > 0 {
                    dev_lb.push(100.0 * (f64::from(s.makespan) - f64::from(lb)) / f64::from(lb));
                }
            }
            MaxOutcome::Infeasible(why) => {
                proven += 1;
                if let MaxKnown::Known(_) = r.known {
                    wrong += 1;
                    eprintln!(
                        "{}: infeasibility claimed ({why}) but the set lists a schedule",
                        r.name
                    );
                }
            }
            _ => not_found += 1,
        }
    }
    let mean = |v: &[f64]| {
        if v.is_empty() {
            0.0
        } else {
            v.iter().sum::<f64>() / v.len() as f64
        }
    };
    println!(
        "{set} (RCPSP/max): {} instances, {} x {} schedules, seed {}, {} threads: feasible found {found}/{feasible_known} known feasible; infeasibility proven {proven}/{unsat_known} unsat ({wrong} wrong); not found {not_found}; {:.3}% from optimum/best-known over {} schedules, at optimum {at_opt}/{with_opt}; {:.3}% from the lower bound; wall {elapsed:.2} s, cpu {cpu:.2} s",
        runs.len(),
        solver.name(),
        args.schedules,
        args.seed,
        args.threads,
        mean(&dev_ub),
        dev_ub.len(),
        mean(&dev_lb),
    );
    if wrong > 0 {
        return Err(format!("{wrong} wrong infeasibility claims"));
    }
    Ok(())
}
