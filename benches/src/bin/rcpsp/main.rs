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
//!   --out FILE.csv           # solutions: instance,makespan,starts,schedules,lower_bound
//!   [--summary FILE.json]    # the summary and per-instance results (with wall ms) as JSON
//!   [--shard K/N]            # run the K-th of N deterministic slices of the set
//!   [--write-instances DIR]  # write the (generated) instances as .sm files and stop
//!   [--ga NAME=V,...]        # GA parameters: population, mutation, justification,
//!                            # restart, peak, peak_end, mutation_sweep, backward, parallel, niche,
//!                            # niche_end, single, drift (GaConfig's fields)
//! cargo run --release -p planwright-benches --bin rcpsp -- --merge A.csv B.csv ... --out ALL.csv
//! ```
//!
//! Instance folders are read recursively (RG30's "Set 1" … "Set 5"); an
//! instance's name is its path below `--instances`, and `optimum.csv` files
//! in any folder are read (keys: file names there, or paths below the
//! top). Instances run and are written in natural order (`PSP2` before
//! `PSP10`); each instance's seed comes from the run's seed and its name,
//! so shard CSVs merged with `--merge` are byte-identical to an unsharded
//! run's. Wall times are in the JSON summary only, so the CSV of a seed is
//! the same on every run and machine.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

mod max;

use max::{generated_max, is_max_folder, load_max_dir, run_max};
use planwright_benches::runner::{
    Shard, csv_field, json_number, json_string, merge_csv, sort_natural,
};
use planwright_schedule::rcpsp::{
    self, GaConfig, GeneratorConfig, GeneticAlgorithm, Known, Problem, RunResult, Scheduler,
    Summary, generate, parse_rcp, parse_sm, quick_lower_bound, run_one, summarize,
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
    summary: Option<PathBuf>,
    shard: Option<Shard>,
    merge: Vec<PathBuf>,
    write_instances: Option<PathBuf>,
    ga: Vec<(String, f64)>,
}

const USAGE: &str = "usage: rcpsp (--instances DIR | --generate j30|j60|j90|j120|max10|max20|max50|max100 [--count N]) \
[--scheduler NAME] [--list] [--schedules N] [--time-limit-ms MS] [--seed S] [--threads T] [--out FILE.csv] \
[--summary FILE.json] [--shard K/N] [--write-instances DIR] [--ga NAME=V,...] | --merge A.csv B.csv ... --out FILE.csv";

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
        summary: None,
        shard: None,
        merge: Vec::new(),
        write_instances: None,
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
            "--count" => {
                a.count = num(value("--count")?, "--count")? as usize;
                if a.count == 0 {
                    return Err("--count: expected at least 1 instance".to_owned());
                }
            }
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
            "--summary" => a.summary = Some(PathBuf::from(value("--summary")?)),
            "--shard" => a.shard = Some(Shard::parse(&value("--shard")?)?),
            "--write-instances" => {
                a.write_instances = Some(PathBuf::from(value("--write-instances")?));
            }
            "--merge" => {
                // Every following argument that is not a flag is a CSV.
                a.merge.push(PathBuf::from(value("--merge")?));
                while let Some(next) = it.next() {
                    if next.starts_with("--") {
                        // Put the flag back by handling it here.
                        match next.as_str() {
                            "--out" => {
                                a.out = Some(PathBuf::from(
                                    it.next().ok_or(format!("--out needs a value\n{USAGE}"))?,
                                ));
                            }
                            other => {
                                return Err(format!(
                                    "--merge takes CSV files and --out, not {other}"
                                ));
                            }
                        }
                    } else {
                        a.merge.push(PathBuf::from(next));
                    }
                }
            }
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

/// Instance files below `dir` (recursively) whose name ends with one of
/// `exts` (any letter case), as (name relative to `dir` with `/`, path),
/// in natural order; and what every `optimum.csv` below `dir` says, keyed
/// by the same relative names.
#[allow(clippy::type_complexity)]
fn walk(
    dir: &Path,
    exts: &[&str],
) -> Result<(Vec<(String, PathBuf)>, BTreeMap<String, String>), String> {
    fn go(
        dir: &Path,
        rel: &str,
        exts: &[&str],
        files: &mut Vec<(String, PathBuf)>,
        known: &mut BTreeMap<String, String>,
    ) -> Result<(), String> {
        let mut entries: Vec<_> = fs::read_dir(dir)
            .map_err(|e| format!("{}: {e}", dir.display()))?
            .filter_map(Result::ok)
            .collect();
        entries.sort_by_key(|e| e.file_name());
        for e in entries {
            let name = e.file_name().to_string_lossy().into_owned();
            let path = e.path();
            let rel_name = if rel.is_empty() {
                name.clone()
            } else {
                format!("{rel}/{name}")
            };
            if path.is_dir() {
                go(&path, &rel_name, exts, files, known)?;
            } else if name == "optimum.csv" {
                let text =
                    fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
                for line in text.lines().skip(1) {
                    let Some((key, value)) = line.split_once(',') else {
                        continue;
                    };
                    let key = key.trim();
                    let full = if rel.is_empty() {
                        key.to_owned()
                    } else {
                        format!("{rel}/{key}")
                    };
                    known.insert(full, value.trim().to_owned());
                }
            } else if exts.iter().any(|x| name.to_lowercase().ends_with(x)) {
                files.push((rel_name, path));
            }
        }
        Ok(())
    }
    let (mut files, mut known) = (Vec::new(), BTreeMap::new());
    go(dir, "", exts, &mut files, &mut known)?;
    let mut names: Vec<String> = files.iter().map(|f| f.0.clone()).collect();
    sort_natural(&mut names);
    let mut by_name: BTreeMap<String, PathBuf> = files.into_iter().collect();
    let files = names
        .into_iter()
        .map(|n| {
            let p = by_name.remove(&n).unwrap_or_default();
            (n, p)
        })
        .collect();
    Ok((files, known))
}

fn load_dir(dir: &Path) -> Result<Vec<Problem>, String> {
    let (files, known) = walk(dir, &[".sm", ".rcp"])?;
    if files.is_empty() {
        return Err(format!("{}: no .sm or .rcp files", dir.display()));
    }
    files
        .into_iter()
        .map(|(name, path)| {
            let text = fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
            let parsed = if name.to_lowercase().ends_with(".rcp") {
                parse_rcp(&text)
            } else {
                parse_sm(&text)
            };
            let mut inst = parsed.map_err(|e| format!("{}: {e}", path.display()))?;
            inst.set_name(name.clone());
            let k = match known.get(&name) {
                Some(v) => {
                    Known::parse(v).ok_or(format!("optimum.csv: cannot read {v:?} for {name}"))?
                }
                None => Known::default(),
            };
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

/// Writes `problems` as PSPLIB `.sm` files into `dir`, for other solvers:
/// the set exactly as a run would solve it.
fn write_instances(dir: &Path, problems: &[Problem]) -> Result<(), String> {
    fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    for p in problems {
        let path = dir.join(p.instance.name());
        let text = rcpsp::write_sm(&p.instance).map_err(|e| format!("{}: {e}", path.display()))?;
        fs::write(&path, text).map_err(|e| format!("{}: {e}", path.display()))?;
    }
    println!("wrote {} instances to {}", problems.len(), dir.display());
    Ok(())
}

/// The solutions CSV: one row per instance with its starts, the schedules
/// used and the best lower bound the scheduler knows.
fn solutions_csv(results: &[RunResult], bounds: &[u32]) -> String {
    let mut csv = String::from("instance,makespan,starts,schedules,lower_bound\n");
    for (r, lb) in results.iter().zip(bounds) {
        let starts: Vec<String> = r.solution.starts.iter().map(u32::to_string).collect();
        csv.push_str(&format!(
            "{},{},{},{},{lb}\n",
            csv_field(&r.instance),
            r.solution.makespan,
            starts.join(" "),
            r.solution.schedules,
        ));
    }
    csv
}

/// The leading fields of a JSON summary: what was run, and how.
fn run_json(set: &str, problem: &str, scheduler: &str, args: &Args) -> String {
    let shard = args.shard.map_or("null".to_owned(), |x| {
        json_string(&format!("{}/{}", x.k, x.n))
    });
    format!(
        "  \"set\": {},\n  \"problem\": {},\n  \"scheduler\": {},\n  \"schedules_per_instance\": {},\n  \"seed\": {},\n  \"threads\": {},\n  \"shard\": {shard},\n",
        json_string(set),
        json_string(problem),
        json_string(scheduler),
        args.schedules,
        args.seed,
        args.threads,
    )
}

/// The JSON summary: the run's parameters, the summary's figures and every
/// instance's result with its wall time.
fn summary_json(
    set: &str,
    args: &Args,
    s: &Summary,
    results: &[RunResult],
    bounds: &[u32],
    elapsed: f64,
) -> String {
    let rows: Vec<String> = results
        .iter()
        .zip(bounds)
        .map(|(r, lb)| {
            format!(
                "{{\"instance\": {}, \"makespan\": {}, \"schedules\": {}, \"lower_bound\": {lb}, \"best_known\": {}, \"wall_ms\": {}}}",
                json_string(&r.instance),
                r.solution.makespan,
                r.solution.schedules,
                r.known.best_known().map_or("null".to_owned(), |b| b.to_string()),
                json_number(r.seconds.unwrap_or(f64::NAN) * 1e3),
            )
        })
        .collect();
    format!(
        "{{\n{}  \"instances\": {},\n  \"mean_deviation_best_known\": {},\n  \"at_best_known\": {},\n  \"with_known\": {},\n  \"mean_deviation_critical_path\": {},\n  \"best_known_deviation_critical_path\": {},\n  \"schedules\": {},\n  \"wall_seconds\": {},\n  \"results\": [\n    {}\n  ]\n}}\n",
        run_json(set, "rcpsp", &s.scheduler, args),
        s.instances,
        s.mean_deviation_best_known
            .map_or("null".to_owned(), json_number),
        s.at_best_known,
        s.with_known,
        json_number(s.mean_deviation_critical_path),
        s.best_known_deviation_critical_path
            .map_or("null".to_owned(), json_number),
        s.schedules,
        json_number(elapsed),
        rows.join(",\n    "),
    )
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

/// `--merge`: the shard CSVs combined into `--out`.
fn merge_files(args: &Args) -> Result<(), String> {
    let out = args.out.as_ref().ok_or("--merge needs --out FILE.csv")?;
    let parts = args
        .merge
        .iter()
        .map(|p| {
            fs::read_to_string(p)
                .map(|t| (p.display().to_string(), t))
                .map_err(|e| format!("{}: {e}", p.display()))
        })
        .collect::<Result<Vec<_>, _>>()?;
    let merged = merge_csv(&parts)?;
    fs::write(out, merged).map_err(|e| format!("{}: {e}", out.display()))?;
    println!("merged {} shard CSVs into {}", parts.len(), out.display());
    Ok(())
}

/// The scheduler named by `--scheduler`, or the GA with `--ga` settings.
fn chosen_scheduler(args: &Args) -> Result<Box<dyn Scheduler>, String> {
    if args.ga.is_empty() {
        return rcpsp::scheduler(&args.scheduler).ok_or(format!(
            "unknown scheduler {:?}; --list prints the names",
            args.scheduler
        ));
    }
    let mut config = GaConfig::default();
    for (k, v) in &args.ga {
        set_ga(&mut config, k, *v)?;
    }
    config.validate().map_err(|e| format!("--ga: {e}"))?;
    Ok(Box::new(GeneticAlgorithm { config }))
}

/// What a run's summary line says when its shard holds no instance (more
/// shards than instances): no mean to report; the CSV is its header only.
const EMPTY_SHARD: &str = "no instances in this run (an empty shard)";

/// The human summary line of an RCPSP run.
fn summary_line(set: &str, args: &Args, s: &Summary, elapsed: f64) -> String {
    if s.instances == 0 {
        return format!("{set}: {EMPTY_SHARD}");
    }
    let known = match s.mean_deviation_best_known {
        Some(d) => format!(
            "{d:.3}% from optimum/best-known, at best-known {}/{}",
            s.at_best_known, s.with_known
        ),
        None => "no known optima".to_owned(),
    };
    // Where the set's best known makespans stand on the same measure.
    let floor = s
        .best_known_deviation_critical_path
        .map_or(String::new(), |b| format!(" (best known: {b:.3}%)"));
    let cpu = s.seconds.unwrap_or(0.0);
    format!(
        "{set}: {} instances, {} x {} schedules, seed {}, {} threads: {known}; {:.3}% from the critical-path bound{floor}; wall {elapsed:.2} s; {:.0} schedules/s per thread",
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
    )
}

fn real_main() -> Result<(), String> {
    let args = parse_args()?;
    if !args.merge.is_empty() {
        return merge_files(&args);
    }
    if args.list {
        for s in rcpsp::schedulers() {
            println!("{}", s.name());
        }
        return Ok(());
    }
    let scheduler = chosen_scheduler(&args)?;
    if let Some(dir) = args.instances.as_deref().filter(|d| is_max_folder(d)) {
        let (instances, known) = load_max_dir(dir)?;
        let instances = shard_of(instances, args.shard);
        let set = dir
            .file_name()
            .map_or("instances".into(), |s| s.to_string_lossy().into_owned());
        return run_max(&set, &instances, &known, &args);
    }
    if let Some(g) = args.generate.as_deref().filter(|g| g.starts_with("max")) {
        let instances = shard_of(generated_max(g, args.count, args.seed)?, args.shard);
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
    let problems = shard_of(problems, args.shard);
    if let Some(dir) = &args.write_instances {
        return write_instances(dir, &problems);
    }

    let (results, elapsed) = in_parallel(&problems, args.threads, |p| {
        let started = Instant::now();
        let clock = || started.elapsed().as_secs_f64();
        let limit = args.time_limit;
        let stop = move || limit.is_some_and(|l| started.elapsed() >= l);
        let pace = move || limit.map_or(0.0, |l| started.elapsed().as_secs_f64() / l.as_secs_f64());
        run_one(
            scheduler.as_ref(),
            p,
            args.schedules,
            args.seed,
            Some(&clock),
            Some(&stop),
            Some(&pace),
        )
        .map_err(|e| format!("{}: {e}", p.instance.name()))
    })?;

    // The best lower bound the scheduler knows: LB0/LB1 (what the GA
    // stops at) or the set's listed bound.
    let bounds: Vec<u32> = problems
        .iter()
        .map(|p| quick_lower_bound(&p.instance).max(p.known.lower().unwrap_or(0)))
        .collect();
    let s = summarize(&scheduler.name(), &results);
    if let Some(out) = &args.out {
        let csv = solutions_csv(&results, &bounds);
        fs::write(out, csv).map_err(|e| format!("{}: {e}", out.display()))?;
    }
    if let Some(path) = &args.summary {
        let json = summary_json(&set, &args, &s, &results, &bounds, elapsed);
        fs::write(path, json).map_err(|e| format!("{}: {e}", path.display()))?;
    }
    println!("{}", summary_line(&set, &args, &s, elapsed));
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
        "mutation" => config.mutation = Some(value),
        "justification" => config.justification_rounds = whole(value)?,
        "restart" => config.restart_after = whole(value)?,
        "peak" => config.peak_crossover = value,
        "peak_end" => config.peak_crossover_end = value,
        "mutation_sweep" => config.mutation_sweep = value,
        "backward" => config.backward = value,
        "parallel" => config.parallel = value,
        "niche" => config.niche = value,
        "niche_end" => config.niche_end = value,
        "single" => config.single_pass = whole(value)? > 0,
        "drift" => config.drift = whole(value)? > 0,
        _ => {
            return Err(format!(
                "--ga {name}: unknown parameter (population, mutation, justification, restart, peak, peak_end, mutation_sweep, backward, parallel, niche, niche_end, single, drift)"
            ));
        }
    }
    Ok(())
}

/// The instances of `shard` (all without one), from a list in natural
/// order.
fn shard_of<T>(items: Vec<T>, shard: Option<Shard>) -> Vec<T> {
    match shard {
        None => items,
        Some(s) => items
            .into_iter()
            .enumerate()
            .filter(|(i, _)| s.takes(*i))
            .map(|(_, x)| x)
            .collect(),
    }
}

/// Runs `run` on every item on `threads` threads (a shared counter hands
/// out the next item), returning the results in item order and the wall
/// seconds; the first error, in item order, fails the whole run.
fn in_parallel<T: Sync, R: Send>(
    items: &[T],
    threads: usize,
    run: impl Fn(&T) -> Result<R, String> + Sync,
) -> Result<(Vec<R>, f64), String> {
    let wall = Instant::now();
    let next = AtomicUsize::new(0);
    let results: Mutex<Vec<Option<Result<R, String>>>> =
        Mutex::new((0..items.len()).map(|_| None).collect());
    std::thread::scope(|scope| {
        for _ in 0..threads.min(items.len()).max(1) {
            scope.spawn(|| {
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(item) = items.get(i) else { break };
                    let r = run(item);
                    results.lock().expect("no worker panics")[i] = Some(r);
                }
            });
        }
    });
    let elapsed = wall.elapsed().as_secs_f64();
    let results = results
        .into_inner()
        .expect("no worker panics")
        .into_iter()
        .map(|r| r.unwrap_or_else(|| Err("not run".to_owned())))
        .collect::<Result<_, _>>()?;
    Ok((results, elapsed))
}
