//! The project: overview, work breakdown, resources, lifecycle.

use planwright::core::{Gate, Phase, Project, TaskKind};

use crate::table::{Table, heading};

pub(crate) fn project_overview(p: &Project) {
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

pub(crate) fn work_breakdown(p: &Project) {
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
            _ => "other",
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

pub(crate) fn resources(p: &Project) {
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

pub(crate) fn lifecycle(p: &Project) {
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
