//! A tour of planwright on a built-in sample: a customer-portal relaunch
//! project and the operations board that runs the portal.
//!
//! Run it with `cargo run --release --example tour`.

// The tour is a program: it prints.
#![allow(clippy::disallowed_macros, clippy::disallowed_methods)]

mod sample;
mod table;

use planwright::core::Money;
use planwright::core::chrono::Datelike;
use planwright::core::{Gate, Phase, Project, StateCategory, TaskKind};
use planwright::prelude::*;
use planwright::schedule::{Driver, Plan};
use table::{Table, heading};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let project = sample::project()?;
    let board = sample::operations()?;
    let today = sample::today();

    println!(
        "planwright tour — status date {}",
        today.format("%a %Y-%m-%d %H:%M")
    );
    project_overview(&project);
    work_breakdown(&project);
    resources(&project);
    lifecycle(&project);
    let plan = schedule(&project, today)?;
    gantt(&project, &plan, today);
    leveling(&project, today)?;
    risks(&project, today)?;
    schedule_risk(&project, today)?;
    let mut board = board;
    operations(&mut board, &project, &plan, today)?;
    earned_value(&project, today)?;
    Ok(())
}

fn project_overview(p: &Project) {
    heading(&format!("Project: {}", p.name()));
    println!("{}", p.description());
    println!(
        "start {}   budget {}   phase {}",
        p.start().format("%Y-%m-%d"),
        p.budget().unwrap_or_default(),
        p.phase()
    );
    for o in p.objectives() {
        println!("  objective: {o}");
    }
    println!("  scope: {}", p.scope().statement);
    let mut t = Table::new(&["stakeholder", "role", "influence", "interest"]);
    for (_, s) in p.stakeholders() {
        t.row(vec![
            s.key.clone(),
            s.role.clone(),
            format!("{:?}", s.influence),
            format!("{:?}", s.interest),
        ]);
    }
    print!("{}", t.render());
}

fn work_breakdown(p: &Project) {
    heading("Work breakdown structure");
    let codes = p.wbs_codes();
    let mut t = Table::new(&[
        "WBS",
        "key",
        "name",
        "kind",
        ">duration",
        "resources",
        "progress",
    ]);
    for (id, task) in p.tasks() {
        let indent = "  ".repeat(codes[id.index()].matches('.').count());
        let kind = match task.kind {
            TaskKind::Task => "task",
            TaskKind::Milestone => "milestone",
            TaskKind::Summary => "summary",
        };
        let res: Vec<String> = task
            .assignments
            .iter()
            .filter_map(|a| {
                p.resource(a.resource)
                    .map(|r| format!("{} {}", r.key, a.units))
            })
            .collect();
        let progress = if task.progress.is_finished() {
            "done".to_owned()
        } else if task.progress.is_started() {
            format!("{}%", task.progress.percent_complete)
        } else {
            String::new()
        };
        let duration = if task.is_summary() || task.is_milestone() {
            String::new()
        } else {
            task.duration.to_string()
        };
        t.row(vec![
            codes[id.index()].clone(),
            task.key.clone(),
            format!("{indent}{}", task.display_name()),
            kind.to_owned(),
            duration,
            res.join(", "),
            progress,
        ]);
    }
    print!("{}", t.render());
    println!(
        "{} work items, {} dependency links",
        p.task_count(),
        p.links().count()
    );
}

fn resources(p: &Project) {
    heading("Resources");
    let mut t = Table::new(&[
        "key",
        "name",
        ">capacity",
        ">rate/h",
        "calendar",
        ">h/week",
        "skills",
    ]);
    for (_, r) in p.resources() {
        let cal = p.resource_calendar(r);
        let skills: Vec<String> = r.skills.iter().map(|(s, l)| format!("{s}:{l}")).collect();
        t.row(vec![
            r.key.clone(),
            r.display_name().to_owned(),
            r.capacity.to_string(),
            r.rate.to_string(),
            cal.name().to_owned(),
            (cal.week_minutes().as_minutes() / 60).to_string(),
            skills.join(" "),
        ]);
    }
    print!("{}", t.render());
}

fn lifecycle(p: &Project) {
    heading("Lifecycle");
    let history: Vec<String> = p
        .lifecycle()
        .history()
        .iter()
        .map(|c| format!("{} -> {} ({})", c.from, c.to, c.at.format("%Y-%m-%d")))
        .collect();
    println!("phase: {}   history: {}", p.phase(), history.join("; "));
    let mut t = Table::new(&["gate", "criterion", "status"]);
    for c in p.lifecycle().criteria() {
        let met = !p.unmet_criteria(c.gate).iter().any(|u| u.key == c.key);
        let status = match p.lifecycle().sign_offs().get(&c.key) {
            Some(s) => format!("signed off by {} on {}", s.by, s.at.format("%Y-%m-%d")),
            None if met => "met".to_owned(),
            None => "open".to_owned(),
        };
        t.row(vec![c.gate.to_string(), c.key.to_string(), status]);
    }
    print!("{}", t.render());
    let unmet = p.unmet_criteria(Gate::Enter(Phase::Closing));
    let keys: Vec<&str> = unmet.iter().map(|u| u.key.as_str()).collect();
    println!("before Closing can start: {}", keys.join(", "));
}

fn schedule(p: &Project, today: NaiveDateTime) -> Result<Plan, Box<dyn std::error::Error>> {
    heading(&format!(
        "Schedule (CPM, status date {})",
        today.format("%Y-%m-%d")
    ));
    let plan = planwright::schedule::plan_with(
        p,
        planwright::schedule::PlanOptions::new().status_date(today),
    )?;
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
fn gantt(p: &Project, plan: &Plan, today: NaiveDateTime) {
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
            TaskKind::Task => '=',
        };
        for c in line.iter_mut().take(b + 1).skip(a) {
            *c = ch;
        }
        if let Some(c) = line.get_mut(col(today))
            && *c == ' '
        {
            *c = '|';
        }
        let label = format!("{} {}", codes[row.task.index()], task.key);
        println!("{label:width$} {}", line.iter().collect::<String>());
    }
}

fn leveling(p: &Project, today: NaiveDateTime) -> Result<(), Box<dyn std::error::Error>> {
    use planwright::schedule::{Leveling, LevelingOptions, level};
    heading("Resource leveling");
    let within = level(
        p,
        LevelingOptions::new(Leveling::WithinFloat).status_date(today),
    )?;
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
    let delayed = level(
        p,
        LevelingOptions::new(Leveling::WithDelay).status_date(today),
    )?;
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
            row.reason.as_ref().map_or(
                "follows a delayed predecessor".to_owned(),
                ToString::to_string,
            ),
        ]);
    }
    print!("{}", t.render());

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

fn risks(p: &Project, today: NaiveDateTime) -> Result<(), Box<dyn std::error::Error>> {
    use planwright::risk::{Filter, SortBy, TrackOptions};
    heading("Risk register (sorted by score)");
    let reg = sample::risks(p)?;
    let all: Vec<_> = reg.risks().map(|(id, _)| id).collect();
    let mut t = Table::new(&[
        "risk", "kind", "category", "status", "owner", ">P", ">I", ">score", "band", ">EMV",
    ]);
    for id in reg.sorted(&all, SortBy::Score)? {
        let r = reg.risk(id).ok_or("risk")?;
        let e = reg.evaluation(id)?;
        t.row(vec![
            r.key.clone(),
            format!("{:?}", r.kind).to_lowercase(),
            r.category.clone(),
            r.status().to_string(),
            r.owner.clone().unwrap_or_else(|| "—".into()),
            e.as_ref()
                .map_or(String::new(), |e| e.probability_level.to_string()),
            e.as_ref()
                .map_or(String::new(), |e| e.impact_level.to_string()),
            e.as_ref().map_or(String::new(), |e| e.score.to_string()),
            reg.band(id)?.unwrap_or_default(),
            e.as_ref().map_or(String::new(), |e| e.emv.to_string()),
        ]);
    }
    print!("{}", t.render());

    println!("\nHeat map of open risks (rows: probability 5..1, columns: impact 1..5):");
    let hm = reg.heat_map()?;
    let bands = reg.policy().matrix();
    for p_level in (1..=hm.cells.len()).rev() {
        let row: Vec<String> = (1..=hm.cells[p_level - 1].len())
            .map(|i| {
                let keys = &hm.cells[p_level - 1][i - 1];
                let band = &bands.bands()[usize::from(bands.band(p_level as u8, i as u8))];
                let mark = band.chars().next().unwrap_or('?').to_ascii_uppercase();
                if keys.is_empty() {
                    format!("  {mark}  ")
                } else {
                    format!(" {mark}:{} ", keys.len())
                }
            })
            .collect();
        println!("  P{p_level} |{}|", row.join("|"));
    }
    let unassessed = if hm.unassessed.is_empty() {
        "none".to_owned()
    } else {
        hm.unassessed.join(", ")
    };
    println!("  (L low, M medium, H high, C critical; unassessed: {unassessed})");

    println!("\nTracking as of {}:", today.format("%Y-%m-%d"));
    for alert in reg.track(today, TrackOptions::default())? {
        println!("  - {alert}");
    }
    let open = reg.filter(&Filter::open())?;
    println!(
        "\nOpen risks: {}; exposure {} (by category: {}); suggested contingency reserve {}",
        open.len(),
        reg.total_exposure()?,
        reg.exposure_by_category()?
            .iter()
            .map(|(c, m)| format!("{c} {m}"))
            .collect::<Vec<_>>()
            .join(", "),
        reg.contingency_reserve()?
    );
    let dates: Vec<NaiveDate> = (0..6)
        .map(|w| sample::d(2026, 1, 12) + planwright::core::chrono::Duration::weeks(2 * w))
        .collect();
    let trend = reg.exposure_over_time(&dates)?;
    let scale = trend
        .iter()
        .map(|(_, m)| m.minor_units().abs())
        .max()
        .unwrap_or(1)
        .max(1);
    println!("Exposure over time (risk burndown):");
    for (date, m) in trend {
        let bar = "#".repeat((m.minor_units().abs() * 40 / scale) as usize);
        println!(
            "  {}  {:>12}  {bar}",
            date.format("%Y-%m-%d"),
            m.to_string()
        );
    }
    Ok(())
}

fn schedule_risk(p: &Project, today: NaiveDateTime) -> Result<(), Box<dyn std::error::Error>> {
    use planwright::core::Duration;
    use planwright::risk::{DurationDist, RiskEvent, RiskImpact, Simulation, simulate};
    heading("Schedule risk analysis (Monte Carlo, 10,000 iterations from the status date)");
    let reg = sample::risks(p)?;
    let id = |key: &str| {
        reg.risks()
            .find(|(_, r)| r.key == key)
            .map(|(id, _)| id)
            .ok_or("risk")
    };
    let days = |d| Duration::days(d);
    // Three register risks with schedule impacts; the other tasks' three-point
    // estimates become PERT distributions.
    let sim = Simulation::new(p)
        .seed(2026)
        .bins(16)
        .status_date(today)
        .risk(RiskEvent::from_register(
            &reg,
            id("sso-vendor")?,
            p,
            RiskImpact::Delay(DurationDist::triangular(days(2), days(5), days(15))),
        )?)
        .risk(RiskEvent::from_register(
            &reg,
            id("peak-load")?,
            p,
            RiskImpact::Factor {
                min: 1.1,
                mode: 1.3,
                max: 2.0,
            },
        )?)
        .risk(RiskEvent::from_register(
            &reg,
            id("content-owners")?,
            p,
            RiskImpact::Delay(DurationDist::triangular(days(1), days(3), days(8))),
        )?);
    let r = simulate(p, &sim)?;
    let date = |q: u8| {
        r.finish_date(q)
            .map_or("?".to_owned(), |d| d.format("%a %Y-%m-%d").to_string())
    };
    println!(
        "project closed: P50 {}   P80 {}   P90 {}",
        date(50),
        date(80),
        date(90)
    );
    // Tasks with deadlines are tracked: the go-live milestone's own finish.
    for t in &r.tracked {
        let date = |q: u8| {
            t.finish_date(q)
                .map_or("?".to_owned(), |d| d.format("%a %m-%d").to_string())
        };
        println!(
            "{}: P50 {}   P80 {}   P90 {}   deadline {}: met with probability {:.1} %",
            t.key,
            date(50),
            date(80),
            date(90),
            t.deadline
                .map_or("—".to_owned(), |d| d.format("%m-%d %H:%M").to_string()),
            100.0 * t.on_time.unwrap_or(0.0)
        );
    }
    if let Some(cost) = &r.cost {
        let money = |q: u8| planwright::core::Money::minor(cost.p(q).unwrap_or(0.0).round() as i64);
        let at = r.finish_date(80).ok_or("percentile")?;
        println!(
            "total cost P50 {}   P80 {}; closing by the P80 date and within the P80 cost: {:.0} %",
            money(50),
            money(80),
            100.0 * r.probability_within(at, money(80))?.unwrap_or(0.0)
        );
    }
    let peak = r
        .histogram
        .iter()
        .map(|b| b.count)
        .max()
        .unwrap_or(1)
        .max(1);
    println!("finish histogram (working-time bins from the earliest to the latest finish):");
    for b in &r.histogram {
        println!(
            "  {}  {:>5}  {}",
            r.date_of(b.from)?.format("%a %m-%d %H:%M"),
            b.count,
            "#".repeat((b.count * 40 / peak) as usize)
        );
    }
    let mut tasks: Vec<_> = r.tasks.iter().filter(|t| t.std_dev > 0.0).collect();
    tasks.sort_by(|a, b| b.sensitivity.abs().total_cmp(&a.sensitivity.abs()));
    println!();
    let mut t = Table::new(&[
        "task",
        ">criticality",
        ">sensitivity",
        ">cruciality",
        ">SSI",
        ">mean",
    ]);
    for x in tasks.iter().take(6) {
        t.row(vec![
            x.key.clone(),
            format!("{:.0} %", 100.0 * x.criticality),
            format!("{:.2}", (x.sensitivity * 100.0).round() / 100.0 + 0.0),
            format!("{:.2}", x.cruciality),
            format!("{:.2}", x.ssi),
            Duration::minutes(x.mean.round() as i64).to_string(),
        ]);
    }
    print!("{}", t.render());
    println!();
    let mut t = Table::new(&[
        "risk event",
        ">occurs",
        ">P80 with",
        ">P80 without",
        ">adds to P80",
    ]);
    for e in &r.risks {
        t.row(vec![
            e.key.clone(),
            format!("{:.0} %", 100.0 * e.occurred),
            r.date_of(e.p80_with)?.format("%m-%d").to_string(),
            r.date_of(e.p80_without)?.format("%m-%d").to_string(),
            Duration::minutes(e.contribution.round() as i64).to_string(),
        ]);
    }
    print!("{}", t.render());
    Ok(())
}

fn operations(
    board: &mut Board,
    project: &Project,
    plan: &Plan,
    today: NaiveDateTime,
) -> Result<(), Box<dyn std::error::Error>> {
    heading(&format!("Operations: {}", board.name()));
    let wf = board.workflow();
    let mut t = Table::new(&["state", "group", ">items", "WIP limit", "status"]);
    for line in board.wip_report() {
        let s = wf.state(line.state)?;
        let group = match s.category {
            StateCategory::ToDo => "to do",
            StateCategory::InProgress => "in progress",
            StateCategory::Done => "done",
        };
        let limit = match (line.limit.min, line.limit.max) {
            (0, None) => String::new(),
            (0, Some(m)) => format!("max {m}"),
            (n, Some(m)) => format!("{n}..{m}"),
            (n, None) => format!("min {n}"),
        };
        t.row(vec![
            s.key.to_string(),
            group.to_owned(),
            line.count.to_string(),
            limit,
            format!("{:?}", line.status),
        ]);
    }
    print!("{}", t.render());

    println!();
    let mut t = Table::new(&[
        "item",
        "title",
        "state",
        ">prio",
        "assignee",
        ">changes",
        "last change",
    ]);
    for (_, item) in board.items() {
        let last = item
            .history()
            .last()
            .map(|c| c.at.format("%m-%d %H:%M").to_string())
            .unwrap_or_default();
        t.row(vec![
            item.key().to_owned(),
            item.display_title().to_owned(),
            wf.state(item.state())?.key.to_string(),
            item.priority_value().to_string(),
            item.assignee_key().unwrap_or("").to_owned(),
            item.history().len().to_string(),
            last,
        ]);
    }
    print!("{}", t.render());

    println!("\nRecurring work due in the next four weeks (office calendar):");
    let from = today.date();
    let to = from + planwright::core::chrono::Duration::days(27);
    let due = board.due_occurrences(from, to, Some(project.project_calendar()))?;
    let mut t = Table::new(&["date", "template", "title"]);
    for (rid, date) in due {
        let r = board
            .recurring()
            .nth(rid.index())
            .map(|(_, r)| r)
            .ok_or("template")?;
        t.row(vec![
            date.format("%a %Y-%m-%d").to_string(),
            r.key.to_string(),
            r.title.clone(),
        ]);
    }
    print!("{}", t.render());

    backlog_and_assignment(board, project, plan, today)?;
    automation(board, today)?;
    flow(board, project, today)?;
    Ok(())
}

fn number(item: &planwright::core::WorkItem, field: &str) -> f64 {
    match item.fields().get(field) {
        Some(planwright::core::FieldValue::Number(n)) => *n as f64,
        _ => 0.0,
    }
}

fn backlog_and_assignment(
    board: &Board,
    project: &Project,
    plan: &Plan,
    today: NaiveDateTime,
) -> Result<(), Box<dyn std::error::Error>> {
    use planwright::core::{AssignmentProblem, Booking, OpenTask, Person, Wsjf, assign, rank_wsjf};
    heading("Backlog ranked by WSJF");
    let wf = board.workflow();
    let open: Vec<&planwright::core::WorkItem> = board
        .items()
        .map(|(_, it)| it)
        .filter(|it| {
            wf.state(it.state())
                .is_ok_and(|s| s.category == StateCategory::ToDo)
        })
        .collect();
    let inputs: Vec<Wsjf> = open
        .iter()
        .map(|it| {
            let size = it.estimated().map_or(1.0, |d| d.as_days_f64());
            Wsjf::new(
                it.key(),
                number(it, "value"),
                number(it, "urgency"),
                number(it, "risk"),
                size,
            )
        })
        .collect();
    let mut t = Table::new(&[
        "#", "item", "title", ">value", ">urgency", ">risk", ">size", ">WSJF",
    ]);
    for r in rank_wsjf(&inputs)? {
        let item = open.iter().find(|i| i.key() == r.item).ok_or("item")?;
        let b = |k: usize| format!("{}", r.breakdown[k].1);
        t.row(vec![
            r.rank.to_string(),
            r.item.clone(),
            item.display_title().to_owned(),
            b(0),
            b(1),
            b(2),
            b(4),
            format!("{:.2}", r.score),
        ]);
    }
    print!("{}", t.render());

    heading(&format!(
        "Today's optimal assignment ({})",
        today.format("%Y-%m-%d")
    ));
    // People: the project team, loaded with their project work from the plan.
    let mut problem = AssignmentProblem::default();
    for (rid, r) in project.resources() {
        let mut person = Person::from_resource(r).max_tasks(2);
        for row in plan.tasks() {
            let task = project.task(row.task).ok_or("task")?;
            if task.progress.is_finished() {
                continue;
            }
            if let Some(a) = task.assignments.iter().find(|a| a.resource == rid) {
                person = person.booked(Booking::new(row.start, row.finish, a.units));
            }
        }
        problem.people.push(person);
    }
    let window_end = today + planwright::core::chrono::Duration::days(5);
    problem.tasks = open
        .iter()
        .map(|it| {
            let mut t = OpenTask::new(it.key(), today, window_end);
            for s in it.skills() {
                t = t.requires(s.skill.clone(), s.level);
            }
            t
        })
        .collect();
    problem
        .preferences
        .insert(("fay".into(), "OPS-111".into()), 20);
    let result = assign(&problem)?;
    let mut t = Table::new(&["item", "person", ">cost", "why"]);
    for p in &result.pairings {
        t.row(vec![
            p.task.clone(),
            p.person.clone(),
            p.cost.to_string(),
            p.reason.clone(),
        ]);
    }
    print!("{}", t.render());
    println!("total cost {}", result.total_cost);
    for u in &result.unassigned {
        println!("unassigned: {u}");
    }
    Ok(())
}

fn automation(board: &mut Board, today: NaiveDateTime) -> Result<(), Box<dyn std::error::Error>> {
    use planwright::core::{
        Automation, CompareOp, Condition, Event, Recipient, Rule, RuleAction, Trigger, WorkItem,
    };
    heading("Automation: the rules that fired on today's events");
    let rules = Automation::new(vec![
        Rule::new("fast-track", Trigger::ItemCreated)
            .when(Condition::Priority {
                op: CompareOp::Ge,
                value: 800,
            })
            .then(RuleAction::Transition { to: "ready".into() })
            .then(RuleAction::AddTag("fast-track".into())),
        Rule::new(
            "pick-up",
            Trigger::StatusChanged {
                from: None,
                to: Some("ready".into()),
            },
        )
        .when(Condition::Tag("security".into()))
        .then(RuleAction::Assign {
            person: Some("fay".into()),
        })
        .then(RuleAction::Notify {
            to: Recipient::Assignee,
            message: "{key} '{title}' is yours (priority {priority})".into(),
        }),
        Rule::new(
            "due-soon",
            Trigger::DueWithin {
                minutes: 5 * 24 * 60,
            },
        )
        .when(Condition::Not(Box::new(Condition::Tag("reminded".into()))))
        .then(RuleAction::AddTag("reminded".into()))
        .then(RuleAction::Notify {
            to: Recipient::Person("ops-lead".into()),
            message: "{key} is due {due} (state {state})".into(),
        }),
        Rule::new(
            "doing-full",
            Trigger::WipLimitReached {
                state: Some("doing".into()),
            },
        )
        .then(RuleAction::Notify {
            to: Recipient::Person("ops-lead".into()),
            message: "doing is at its WIP limit after {key}".into(),
        }),
    ])?;
    let item = board.add_item(
        WorkItem::new("OPS-113")
            .title("Certificate for the new portal domain")
            .priority(planwright::core::Priority::new(900)?)
            .tag("security"),
        today,
    )?;
    let mut events = vec![
        ("OPS-113 created", Event::ItemCreated { item }),
        ("time check", Event::Tick),
    ];
    let later = today + planwright::core::chrono::Duration::hours(2);
    let ready = board.workflow().state_id("ready").ok_or("state")?;
    let doing = board.workflow().state_id("doing").ok_or("state")?;
    let mut all = Vec::new();
    for (label, ev) in events.drain(..) {
        let trace = rules.run(board, ev, today, 4)?;
        println!("event: {label}");
        for step in &trace.steps {
            println!("  {step}");
        }
        all.extend(trace.notifications);
    }
    let to_doing = board.item_id("OPS-113").ok_or("item")?;
    board.move_item(to_doing, doing, later)?;
    let trace = rules.run(
        board,
        Event::StatusChanged {
            item: to_doing,
            from: ready,
            to: doing,
        },
        later,
        4,
    )?;
    println!("event: OPS-113 moved to doing");
    for step in &trace.steps {
        println!("  {step}");
    }
    all.extend(trace.notifications);
    println!("notifications for the application to send:");
    for n in all {
        println!("  to {}: {}", n.recipient, n.message);
    }
    Ok(())
}

fn flow(
    board: &Board,
    project: &Project,
    today: NaiveDateTime,
) -> Result<(), Box<dyn std::error::Error>> {
    use planwright::core::{Elapsed, FlowOptions, ServiceLevel, flow_metrics};
    let from = sample::d(2026, 2, 2);
    let to = today.date() - planwright::core::chrono::Duration::days(1);
    heading(&format!("Flow metrics, {} to {}", from, to));
    let cancelled = board.workflow().state_id("cancelled").ok_or("state")?;
    let opts = FlowOptions::for_board(board).without(cancelled);
    let sle = ServiceLevel::within(Elapsed::minutes(7 * 24 * 60));
    let m = flow_metrics(board, from, to, today, &opts, Some(sle))?;
    let p = |x: &planwright::core::Percentiles| {
        format!(
            "p50 {}  p85 {}  p95 {}  (n = {})",
            x.p50, x.p85, x.p95, x.count
        )
    };
    println!("lead time   {}", p(&m.lead_time));
    println!("cycle time  {}", p(&m.cycle_time));
    let weeks: Vec<String> = m
        .throughput_weekly
        .iter()
        .map(|((_, w), n)| format!("W{w}: {n}"))
        .collect();
    println!("throughput  {}", weeks.join("  "));
    let avg_wip =
        m.wip_daily.iter().map(|d| f64::from(d.1)).sum::<f64>() / m.wip_daily.len().max(1) as f64;
    println!("average WIP {avg_wip:.1}");
    if let Some(e) = m.flow_efficiency {
        println!("flow efficiency {:.0} %", e * 100.0);
    }
    for (id, age) in &m.age {
        println!(
            "aging: {} in progress for {age}",
            board.item(*id).map_or("?", |i| i.key())
        );
    }
    for b in &m.breaches {
        let what = if b.open { "still open after" } else { "took" };
        println!(
            "SLE (7 days) breach: {} {what} {}",
            board.item(b.item).map_or("?", |i| i.key()),
            b.elapsed
        );
    }
    println!("cumulative flow (items per state at the end of each Friday):");
    let states: Vec<String> = board
        .workflow()
        .states()
        .map(|(_, s)| s.key.to_string())
        .collect();
    println!(
        "  {:<6}{}",
        "day",
        states
            .iter()
            .map(|s| format!("{s:>10}"))
            .collect::<String>()
    );
    for (d, counts) in m.cfd.iter().filter(|(d, _)| d.weekday() == Weekday::Fri) {
        println!(
            "  {:<6}{}",
            d.format("%m-%d"),
            counts
                .iter()
                .map(|c| format!("{c:>10}"))
                .collect::<String>()
        );
    }
    throughput_forecast(board, project, &m.throughput_daily, (from, to), today)
}

fn throughput_forecast(
    board: &Board,
    project: &Project,
    daily: &[(NaiveDate, u32)],
    (from, to): (NaiveDate, NaiveDate),
    today: NaiveDateTime,
) -> Result<(), Box<dyn std::error::Error>> {
    use planwright::risk::{Forecast, ThroughputHistory};
    let cal = project.project_calendar();
    let history = ThroughputHistory::from_daily(daily, from, to, cal)?;
    let wf = board.workflow();
    let open = board
        .items()
        .filter(|(_, i)| {
            wf.state(i.state())
                .is_ok_and(|s| s.category != StateCategory::Done)
        })
        .count() as u32;
    println!(
        "\nThroughput forecast ({} working days of history, {:.2} items a day; office calendar):",
        history.counts().len(),
        history.mean()
    );
    let f = Forecast::new().seed(7);
    let start = today.date() + planwright::core::chrono::Duration::days(1);
    let when = history.when(open.max(1), start, cal, &f)?;
    let date = |p: u8| {
        when.date(p)
            .map_or("?".into(), |d| d.format("%a %m-%d").to_string())
    };
    println!(
        "  the {} open items done by: 50 % {}   85 % {}   95 % {}",
        open.max(1),
        date(50),
        date(85),
        date(95)
    );
    let end = start + planwright::core::chrono::Duration::days(27);
    let many = history.how_many(start, end, cal, &f)?;
    println!(
        "  items done in the next four weeks ({} working days): 50 % sure of at least {}, 85 % of {}, 95 % of {}",
        many.working_days,
        many.at_least(0.5),
        many.at_least(0.85),
        many.at_least(0.95)
    );
    Ok(())
}

fn earned_value(p: &Project, today: NaiveDateTime) -> Result<(), Box<dyn std::error::Error>> {
    use planwright::core::{Measurement, PlannedValue, Progress, evm_status};
    heading(&format!(
        "Earned value, status date {}",
        today.format("%Y-%m-%d")
    ));
    // The approved plan: the project as planned, before any progress.
    let mut planned = p.clone();
    let ids: Vec<TaskId> = planned.tasks().map(|(id, _)| id).collect();
    for id in ids {
        planned.update_task(id, |t| t.progress = Progress::not_started())?;
    }
    let base_plan = planwright::schedule::plan(&planned)?;
    let baseline = base_plan.baseline(&planned, "approved plan", p.start())?;
    let pv = PlannedValue::from_baseline(p, &baseline)?;
    let mut ev = 0i64;
    for (_, t) in p.tasks() {
        ev += p.task_cost(t)?.minor_units() * i64::from(t.progress.percent_complete) / 100;
    }
    let ac: i64 = sample::ACTUAL_COST
        .iter()
        .map(|(_, c)| Money::major(*c).minor_units())
        .sum();
    let s = evm_status(
        &pv,
        Measurement::new(today.date(), Money::minor(ev), Money::minor(ac)),
    )?;
    let f = |x: Option<f64>| x.map_or("—".to_owned(), |v| format!("{v:.2}"));
    let m = |x: Option<Money>| x.map_or("—".to_owned(), |v| v.to_string());
    let mut t = Table::new(&["metric", ">value", "meaning"]);
    for (k, v, why) in [
        ("BAC", s.bac.to_string(), "budget at completion"),
        ("PV", s.pv.to_string(), "planned value to date"),
        ("EV", s.ev.to_string(), "earned value to date"),
        ("AC", s.ac.to_string(), "actual cost to date"),
        ("CV", s.cv.to_string(), "EV - AC"),
        ("SV", s.sv.to_string(), "EV - PV"),
        ("CPI", f(s.cpi), "EV / AC"),
        ("SPI", f(s.spi), "EV / PV"),
        ("EAC", m(s.eac_cpi), "BAC / CPI"),
        (
            "EAC (atypical)",
            s.eac_atypical.to_string(),
            "AC + (BAC - EV)",
        ),
        (
            "EAC (composite)",
            m(s.eac_composite),
            "AC + (BAC - EV) / (CPI x SPI)",
        ),
        ("ETC", m(s.etc), "EAC - AC"),
        ("VAC", m(s.vac), "BAC - EAC"),
        (
            "TCPI (BAC)",
            f(s.tcpi_bac),
            "efficiency needed to finish on budget",
        ),
        ("ES", format!("{:.1} d", s.es), "earned schedule"),
        ("AT", format!("{:.1} d", s.at), "actual time"),
        ("SV(t)", format!("{:.1} d", s.sv_t), "ES - AT"),
        ("SPI(t)", f(s.spi_t), "ES / AT"),
        (
            "IEAC(t)",
            s.ieac_t.map_or("—".into(), |v| format!("{v:.1} d")),
            "planned duration / SPI(t)",
        ),
    ] {
        t.row(vec![k.to_owned(), v, why.to_owned()]);
    }
    print!("{}", t.render());
    Ok(())
}
