//! The quality of leveling with delay on small random projects of the
//! shape issue 13 describes (6–14 tasks, 2–3 resources at 100–300 %, tasks
//! on 1–2 resources at 50–200 %, FS/SS/FF/SF links with lags and leads,
//! whole days): the default search against the proven optimum of the exact
//! branch and bound in `planwright_benches::exact` (in working days), and
//! against the best single-pass priority rule.
//!
//! ```text
//! cargo run --release -p planwright-benches --example leveling_quality -- [projects] [budget]
//! ```
//!
//! `LEVELING_QUALITY_VERBOSE=1` prints every project above its optimum;
//! with `LEVELING_QUALITY_DUMP=1` also the instance and both schedules
//! (starts in working days).

use planwright_benches::exact::{Exact, Small, small_project as project, solve_from};
use planwright_schedule::{Leveling, LevelingOptions, LevelingOrder, level};

fn main() {
    let count: u64 = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(200);
    // An optional second argument: the budget of the "default" run.
    let budget: Option<u32> = std::env::args().nth(2).and_then(|a| a.parse().ok());
    let (mut gaps, mut rule_gaps, mut worse_than_rule, mut feasible) =
        (Vec::new(), Vec::new(), 0, 0);
    let (mut proven, mut at_optimum, mut gave_up) = (0, 0, 0);
    for seed in 1..=count {
        let p = project(seed);
        let finish = |o: LevelingOptions| level(&p, o).expect("levels");
        let default = finish(match budget {
            Some(b) => LevelingOptions::new(Leveling::WithDelay).budget(b),
            None => LevelingOptions::new(Leveling::WithDelay),
        });
        if !default.feasible {
            continue;
        }
        feasible += 1;
        let cal = p.project_calendar();
        let start = p.start();
        // Working days from the start to the finish.
        let days = |r: &planwright_schedule::LevelingResult| {
            cal.offset_of(start, r.finish_after)
                .expect("a finish")
                .as_minutes() as f64
                / 480.0
        };
        let rules = [
            LevelingOrder::Id,
            LevelingOrder::Standard,
            LevelingOrder::PriorityStandard,
        ]
        .map(|o| {
            days(&finish(
                LevelingOptions::new(Leveling::WithDelay).order(o).budget(1),
            ))
        });
        let best_rule = rules.iter().copied().fold(f64::INFINITY, f64::min);
        if days(&default) > best_rule {
            worse_than_rule += 1;
        }
        let inst = Small::of(&p).expect("whole days");
        // The engine's schedule in days seeds the search (checked there):
        // the search then proves it optimal or finds a shorter one.
        let o = |d| cal.offset_of(start, d).expect("a date").as_minutes() / 480;
        let mut known = vec![0i64; inst.durations.len()];
        for t in &default.tasks {
            known[t.task.index()] = o(t.start);
        }
        match solve_from(&inst, 20_000_000, Some(&known)) {
            Exact::Optimal(opt, starts) => {
                assert_eq!(
                    inst.check(&starts),
                    Some(opt),
                    "seed {seed}: the reference's own schedule"
                );
                let opt = opt as f64;
                if days(&default) < opt - 1e-9 {
                    let o =
                        |d| cal.offset_of(start, d).expect("a date").as_minutes() as f64 / 480.0;
                    let engine: Vec<(f64, f64)> = default
                        .tasks
                        .iter()
                        .map(|t| (o(t.start), o(t.finish)))
                        .collect();
                    panic!(
                        "seed {seed}: the engine beat the optimum ({} < {opt}): {inst:?}\nengine (start, finish) in days: {engine:?}",
                        days(&default)
                    );
                }
                proven += 1;
                if (days(&default) - opt).abs() < 1e-9 {
                    at_optimum += 1;
                }
                gaps.push(100.0 * (days(&default) - opt) / opt);
                if std::env::var_os("LEVELING_QUALITY_VERBOSE").is_some() && days(&default) > opt {
                    println!("seed {seed}: {} days, optimum {opt}", days(&default));
                    if std::env::var_os("LEVELING_QUALITY_DUMP").is_some() {
                        println!(
                            "  {inst:?}\n  optimum starts {starts:?}\n  engine starts {known:?}"
                        );
                    }
                }
                rule_gaps.push(100.0 * (best_rule - opt) / opt);
            }
            Exact::Infeasible => {
                panic!("seed {seed}: the engine found a schedule the reference says cannot exist")
            }
            Exact::GaveUp(_) => gave_up += 1,
        }
    }
    let mean = |v: &[f64]| v.iter().sum::<f64>() / v.len().max(1) as f64;
    let worst = gaps.iter().copied().fold(0.0, f64::max);
    println!(
        "{count} projects, {feasible} leveled feasibly at defaults, {proven} optima proven ({gave_up} gave up): mean gap to the optimum {:.2} % (worst {worst:.1} %), at the optimum on {at_optimum}; best single-pass rule {:.2} %; defaults worse than the best rule on {worse_than_rule}",
        mean(&gaps),
        mean(&rule_gaps)
    );
}
