//! A proxy quality check of leveling with delay on small random projects
//! of the shape issue 13 describes (6–14 tasks, 2–3 resources at
//! 100–300 %, tasks on 1–2 resources at 50–200 %, FS/SS/FF/SF links with
//! lags and leads, whole days): the default search against the best finish
//! any of many long searches finds (a reference, not a proven optimum).
//!
//! ```text
//! cargo run --release -p planwright-benches --example leveling_quality -- [projects]
//! ```

use planwright_benches::SplitRng;
use planwright_core::{Duration, Link, Project, Resource, Task, Units};
use planwright_schedule::{Leveling, LevelingOptions, LevelingOrder, level};

fn project(seed: u64) -> Project {
    let mut rng = SplitRng::new(seed);
    let mut p = Project::new(format!("small-{seed}"));
    p.set_start(
        chrono::NaiveDate::from_ymd_opt(2026, 3, 2)
            .and_then(|d| d.and_hms_opt(8, 0, 0))
            .expect("a date"),
    );
    let k = 2 + rng.below(2) as usize;
    let caps: Vec<u32> = (0..k).map(|_| 100 * (1 + rng.below(3) as u32)).collect();
    let res: Vec<_> = (0..k)
        .map(|r| {
            p.add_resource(Resource::team(format!("r{r}")).capacity(Units::percent(caps[r])))
                .expect("a resource")
        })
        .collect();
    let n = 6 + rng.below(9) as usize;
    let mut ids = Vec::with_capacity(n);
    for i in 0..n {
        let mut t = Task::new(format!("t{i}")).duration(Duration::days(1 + rng.below(5) as i64));
        let uses = 1 + rng.below(2) as usize;
        let first = rng.below(k as u64) as usize;
        for u in 0..uses.min(k) {
            let r = (first + u) % k;
            // 50–200 %, never above the resource's capacity.
            let q = (50 * (1 + rng.below(4) as u32)).min(caps[r]);
            t = t.assign(res[r], Units::percent(q));
        }
        ids.push(p.add_task(t).expect("a task"));
    }
    for j in 1..n {
        for _ in 0..rng.below(3) {
            let i = rng.below(j as u64) as usize;
            let lag = Duration::days(rng.below(4) as i64 - 1);
            let link = match rng.below(4) {
                0 => Link::finish_to_start(ids[i], ids[j]),
                1 => Link::start_to_start(ids[i], ids[j]),
                2 => Link::finish_to_finish(ids[i], ids[j]),
                _ => Link::start_to_finish(ids[i], ids[j]),
            };
            let _ = p.add_link(link.lag(lag));
        }
    }
    p
}

fn main() {
    let count: u64 = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(200);
    let (mut gaps, mut worse_than_rule, mut feasible) = (Vec::new(), 0, 0);
    let mut total_default = 0.0;
    for seed in 1..=count {
        let p = project(seed);
        let finish = |o: LevelingOptions| level(&p, o).expect("levels");
        let default = finish(LevelingOptions::new(Leveling::WithDelay));
        if !default.feasible {
            continue;
        }
        feasible += 1;
        let start = p.start();
        let days =
            |r: &planwright_schedule::LevelingResult| (r.finish_after - start).num_minutes() as f64;
        let mut best = days(&default);
        for order in [
            LevelingOrder::Id,
            LevelingOrder::Standard,
            LevelingOrder::PriorityStandard,
        ] {
            for s in 1..=4u64 {
                let r = finish(
                    LevelingOptions::new(Leveling::WithDelay)
                        .order(order)
                        .budget(1024)
                        .seed(s),
                );
                if r.feasible {
                    best = best.min(days(&r));
                }
            }
        }
        // A single pass of each order (budget 1): the rules.
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
        gaps.push(100.0 * (days(&default) - best) / best);
        total_default += days(&default) / 1440.0;
    }
    let mean = gaps.iter().sum::<f64>() / gaps.len().max(1) as f64;
    let worst = gaps.iter().copied().fold(0.0, f64::max);
    println!(
        "{count} projects, {feasible} leveled feasibly at defaults: mean gap to the best long search {mean:.2} % (worst {worst:.1} %); worse than the best single-pass order on {worse_than_rule}; finishes at defaults sum to {total_default:.1} elapsed days"
    );
}
