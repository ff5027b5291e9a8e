//! Ongoing work: the operations board, backlog ranking, assignment,
//! automation and flow metrics.

use planwright::core::chrono::Datelike;
use planwright::core::{Project, StateCategory};
use planwright::prelude::*;
use planwright::schedule::Plan;

use crate::risk::throughput_forecast;
use crate::sample;
use crate::table::{Table, heading};

pub(crate) fn operations(
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
            item.get_priority().to_string(),
            item.get_assignee().unwrap_or("").to_owned(),
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

pub(crate) fn number(item: &planwright::core::WorkItem, field: &str) -> f64 {
    match item.fields().get(field) {
        Some(planwright::core::FieldValue::Number(n)) => *n as f64,
        _ => 0.0,
    }
}

pub(crate) fn backlog_and_assignment(
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
            let size = it.get_estimate().map_or(1.0, |d| d.as_days_f64());
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

pub(crate) fn automation(
    board: &mut Board,
    today: NaiveDateTime,
) -> Result<(), Box<dyn std::error::Error>> {
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

pub(crate) fn flow(
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
