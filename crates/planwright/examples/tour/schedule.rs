//! The schedule: critical path, Gantt chart, resource leveling.

use planwright::core::chrono::Datelike;
use planwright::core::{Project, TaskKind};
use planwright::prelude::*;
use planwright::schedule::{Driver, Plan};

use crate::table::{Table, heading};

pub(crate) fn schedule(
    p: &Project,
    today: NaiveDateTime,
) -> Result<Plan, Box<dyn std::error::Error>> {
    heading(&format!(
        "Schedule (CPM, status date {})",
        today.format("%Y-%m-%d")
    ));
    let plan = planwright::schedule::plan_with(p, planwright::schedule::PlanOptions::new())?;
    let codes = p.wbs_codes();
    let mut t = Table::new(&[
        "WBS",
        "task",
        "start",
        "finish",
        ">total float",
        ">free float",
        "critical",
    ]);
    for row in plan.tasks() {
        let task = p.task(row.task).ok_or("task")?;
        let fmt = |d: NaiveDateTime| d.format("%a %m-%d %H:%M").to_string();
        let flag = if task.progress.is_finished() {
            "done"
        } else if row.critical {
            "CRITICAL"
        } else if row.near_critical {
            "near"
        } else {
            ""
        };
        t.row(vec![
            codes[row.task.index()].clone(),
            task.key.clone(),
            fmt(row.start),
            fmt(row.finish),
            row.total_float.to_string(),
            row.free_float.to_string(),
            flag.to_owned(),
        ]);
    }
    print!("{}", t.render());
    println!(
        "project finish: {}  ({} of working time after the start)",
        plan.finish().format("%a %Y-%m-%d %H:%M"),
        plan.finish_offset()
    );
    let key = |id: TaskId| p.task(id).map_or("?".to_owned(), |t| t.key.clone());
    for (n, path) in plan.critical_paths().iter().enumerate() {
        let keys: Vec<String> = path.iter().map(|&id| key(id)).collect();
        println!("critical path {}: {}", n + 1, keys.join(" -> "));
    }
    if let Some(go_live) = p.task_id("go-live") {
        let chain: Vec<String> = plan
            .driving_chain(go_live)
            .iter()
            .map(|(id, driver)| match driver {
                Driver::Link { kind, lag, .. } if *lag != Duration::ZERO => {
                    format!("{} ({kind} {lag})", key(*id))
                }
                Driver::Link { kind, .. } => format!("{} ({kind})", key(*id)),
                Driver::Actual => format!("{} (actual progress)", key(*id)),
                Driver::StatusDate => format!("{} (status date)", key(*id)),
                Driver::Constraint => format!("{} (constraint)", key(*id)),
                _ => format!("{} (project start)", key(*id)),
            })
            .collect();
        println!("why go-live is then: {}", chain.join(" <- "));
    }
    for w in plan.warnings() {
        println!("warning: {w}");
    }
    Ok(plan)
}

/// A text Gantt chart: one column per two calendar days.
pub(crate) fn gantt(p: &Project, plan: &Plan, today: NaiveDateTime) {
    heading(
        "Gantt (one column = 2 days; # critical, = other work, - summary, * milestone, | today)",
    );
    let start = plan.start().date();
    let days = (plan.finish().date() - start).num_days() + 2;
    let cols = (days / 2 + 1) as usize;
    let col = |d: NaiveDateTime| ((d.date() - start).num_days().max(0) / 2) as usize;
    let mut months = vec![' '; cols];
    for c in 0..cols {
        let date = start + planwright::core::chrono::Duration::days(2 * c as i64);
        if date.day0() < 2 {
            for (k, ch) in date.format("%b").to_string().chars().enumerate() {
                if c + k < cols {
                    months[c + k] = ch;
                }
            }
        }
    }
    let codes = p.wbs_codes();
    let width = p.tasks().map(|(_, t)| t.key.len()).max().unwrap_or(4) + 6;
    println!("{:width$} {}", "", months.iter().collect::<String>());
    for row in plan.tasks() {
        let Some(task) = p.task(row.task) else {
            continue;
        };
        let mut line = vec![' '; cols];
        let (a, b) = (col(row.start), col(row.finish).max(col(row.start)));
        let ch = match row.kind {
            TaskKind::Summary => '-',
            TaskKind::Milestone => '*',
            TaskKind::Task if row.critical => '#',
            _ => '=',
        };
        for c in line.iter_mut().take(b + 1).skip(a) {
            *c = ch;
        }
        if let Some(c) = line.get_mut(col(today)) {
            if *c == ' ' {
                *c = '|';
            }
        }
        let label = format!("{} {}", codes[row.task.index()], task.key);
        println!("{label:width$} {}", line.iter().collect::<String>());
    }
}

pub(crate) fn leveling(
    p: &Project,
    today: NaiveDateTime,
) -> Result<(), Box<dyn std::error::Error>> {
    use planwright::schedule::{Leveling, LevelingOptions, level};
    heading("Resource leveling");
    let within = level(p, LevelingOptions::new(Leveling::WithinFloat))?;
    println!(
        "Over-allocations in the critical-path schedule: {}",
        within.before.len()
    );
    for o in within.before.iter().take(6) {
        println!("  {o}");
    }
    if within.before.len() > 6 {
        println!("  ... and {} more", within.before.len() - 6);
    }
    println!(
        "Within float: {} moved, {} over-allocation days left that only a later finish could remove, finish {}",
        within
            .tasks
            .iter()
            .filter(|t| t.delay > Duration::ZERO)
            .count(),
        within.remaining.len(),
        within.finish_after.format("%Y-%m-%d")
    );
    let delayed = level(p, LevelingOptions::new(Leveling::WithDelay))?;
    println!(
        "With delay: feasible {}, finish {} (was {})",
        delayed.feasible,
        delayed.finish_after.format("%Y-%m-%d"),
        delayed.finish_before.format("%Y-%m-%d")
    );
    println!("\nWhat moved and why:");
    let mut t = Table::new(&["task", "was", "now", ">delay", "why"]);
    for row in delayed.tasks.iter().filter(|t| t.delay > Duration::ZERO) {
        t.row(vec![
            row.key.clone(),
            row.original_start.format("%m-%d").to_string(),
            row.start.format("%m-%d").to_string(),
            row.delay.to_string(),
            match (&row.reason, &row.pushed_by) {
                (Some(r), _) => r.to_string(),
                (None, Some(p)) => format!("pushed by its predecessor {p}"),
                (None, None) => "split to fit".to_owned(),
            },
        ]);
    }
    print!("{}", t.render());
    // Every move explained to its root (a knock-on names the predecessor
    // that pushed it, then why that one moved).
    println!("\nWhy, step by step:");
    for row in delayed.tasks.iter().filter(|t| t.delay > Duration::ZERO) {
        for line in delayed.explain(row.task) {
            println!("  {line}");
        }
    }
    knock_on()?;

    println!("\nLeveled Gantt (one column = 2 days; = before, # after, * both):");
    let start = delayed
        .tasks
        .iter()
        .map(|t| t.original_start.min(t.start))
        .min()
        .unwrap_or(today)
        .date();
    let col = |d: NaiveDateTime| ((d.date() - start).num_days().max(0) / 2) as usize;
    let cols = col(delayed.finish_after) + 1;
    for row in delayed.tasks.iter().filter(|r| r.finish > today) {
        let mut line = vec![' '; cols];
        let (a0, a1) = (
            col(row.original_start),
            col(row.original_finish).min(cols - 1),
        );
        let (b0, b1) = (col(row.start), col(row.finish).min(cols - 1));
        for (c, cell) in line.iter_mut().enumerate() {
            let before = (a0..=a1).contains(&c);
            let after = (b0..=b1).contains(&c);
            *cell = match (before, after) {
                (true, true) => '*',
                (true, false) => '=',
                (false, true) => '#',
                (false, false) => ' ',
            };
        }
        println!("  {:<15}{}", row.key, line.iter().collect::<String>());
    }

    println!("\nWeekly hours per person (capacity / before / after):");
    let from = today.date() - planwright::core::chrono::Duration::days(7);
    for h in &delayed.histograms {
        let weeks: Vec<_> = h.weeks.iter().filter(|w| w.date >= from).take(8).collect();
        if weeks.iter().all(|w| w.before == 0.0 && w.after == 0.0) {
            continue;
        }
        let cells: Vec<String> = weeks
            .iter()
            .map(|w| {
                let mark = if w.before > w.capacity + 1e-9 {
                    "!"
                } else {
                    " "
                };
                format!(
                    "{:>2.0}/{:>2.0}{mark}/{:>2.0}",
                    w.capacity, w.before, w.after
                )
            })
            .collect();
        println!("  {:<5} {}", h.key, cells.join("  "));
    }
    println!("  (! marks an over-allocated week before leveling)");
    Ok(())
}

/// A knock-on in three tasks: `review` waits for ana, so `publish`,
/// which follows it, moves too.
fn knock_on() -> Result<(), Box<dyn std::error::Error>> {
    use planwright::core::{Link, Priority, Resource, Task, Units};
    use planwright::schedule::{Leveling, level};
    let mut p = Project::new("knock-on");
    p.set_start(crate::sample::today());
    let ana = p.add_resource(Resource::person("ana"))?;
    let days = Duration::days;
    p.add_task(
        Task::new("draft")
            .duration(days(2))
            .assign(ana, Units::FULL)
            .priority(Priority::new(900)?),
    )?;
    let review = p.add_task(
        Task::new("review")
            .duration(days(1))
            .assign(ana, Units::FULL),
    )?;
    let publish = p.add_task(Task::new("publish").duration(days(1)))?;
    p.add_link(Link::finish_to_start(review, publish))?;
    let r = level(&p, Leveling::WithDelay)?;
    println!("\nA knock-on in a small example (draft, review and publish):");
    for line in r.explain(publish) {
        println!("  {line}");
    }
    Ok(())
}
