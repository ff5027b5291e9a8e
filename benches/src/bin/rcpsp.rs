//! The scheduler benchmark runner.
//!
//! ```text
//! cargo run --release -p planwright-benches --bin rcpsp -- \
//!   --instances DIR          # folder of .sm/.rcp files; DIR/optimum.csv read if present
//!   [--generate j30|j60|j90|j120 --count N]   # instead of --instances: a seeded generated set
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
    self, GaConfig, GeneratorConfig, GeneticAlgorithm, Known, Problem, RunResult, Scheduler,
    generate, parse_rcp, parse_sm, run_one, summarize,
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

const USAGE: &str = "usage: rcpsp (--instances DIR | --generate j30|j60|j90|j120 [--count N]) \
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
