//! Writing planwright JSON: one task, resource, calendar or link per line
//! where it fits, only the fields that differ from the defaults.

use core::fmt::Write;

use chrono::{NaiveDate, NaiveDateTime};
use planwright_core::{
    Calendar, CalendarId, Constraint, DaySchedule, Duration, LinkKind, Money, Priority, Progress,
    Project, ResourceKind, TaskId, TaskKind, Units,
};

use super::{DAYS, JSON_VERSION, JsonExport, phase_name};
use crate::Warning;

/// A JSON string literal.
fn quote(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| "\"\"".to_owned())
}

fn write_date(d: NaiveDateTime) -> String {
    if d.format("%S").to_string() == "00" {
        quote(&d.format("%Y-%m-%dT%H:%M").to_string())
    } else {
        quote(&d.format("%Y-%m-%dT%H:%M:%S").to_string())
    }
}

/// A duration in the largest units that keep it exact: `"2w"`, `"1d 4h"`.
fn write_duration(d: Duration) -> String {
    let m = d.as_minutes();
    if m == 0 {
        return quote("0");
    }
    let sign = if m < 0 { "-" } else { "" };
    let mut rest = m.unsigned_abs();
    let mut parts = Vec::new();
    for (unit, size) in [("w", 2_400u64), ("d", 480), ("h", 60), ("m", 1)] {
        if rest >= size {
            parts.push(format!("{}{unit}", rest / size));
            rest %= size;
        }
    }
    quote(&format!("{sign}{}", parts.join(" ")))
}

fn write_money(m: Money) -> String {
    let v = m.minor_units();
    let sign = if v < 0 { "-" } else { "" };
    let v = v.unsigned_abs();
    if v % 100 == 0 {
        format!("{sign}{}", v / 100)
    } else {
        format!("{sign}{}.{:02}", v / 100, v % 100)
    }
}

fn write_units(u: Units) -> String {
    let bp = u.basis_points();
    if bp % 100 == 0 {
        quote(&format!("{}%", bp / 100))
    } else {
        quote(&format!("{}.{:02}%", bp / 100, bp % 100))
    }
}

fn write_day(s: &DaySchedule) -> String {
    let items: Vec<String> = s
        .intervals()
        .iter()
        .map(|iv| {
            quote(&format!(
                "{:02}:{:02}-{:02}:{:02}",
                iv.start / 60,
                iv.start % 60,
                iv.end / 60,
                iv.end % 60
            ))
        })
        .collect();
    format!("[{}]", items.join(", "))
}

/// Fields of one object on one line each, indented.
struct Fields {
    items: Vec<String>,
}

impl Fields {
    fn new() -> Self {
        Fields { items: Vec::new() }
    }
    fn put(&mut self, key: &str, value: impl Into<String>) {
        self.items.push(format!("{}: {}", quote(key), value.into()));
    }
    fn inline(&self) -> String {
        format!("{{ {} }}", self.items.join(", "))
    }
    fn block(&self, indent: usize) -> String {
        let pad = " ".repeat(indent + 2);
        let mut s = String::from("{\n");
        for (i, item) in self.items.iter().enumerate() {
            let _ = writeln!(
                s,
                "{pad}{item}{}",
                if i + 1 < self.items.len() { "," } else { "" }
            );
        }
        let _ = write!(s, "{}}}", " ".repeat(indent));
        s
    }
}

fn list(items: &[String], indent: usize) -> String {
    if items.is_empty() {
        return "[]".to_owned();
    }
    let pad = " ".repeat(indent + 2);
    let mut s = String::from("[\n");
    for (i, item) in items.iter().enumerate() {
        let _ = writeln!(
            s,
            "{pad}{item}{}",
            if i + 1 < items.len() { "," } else { "" }
        );
    }
    let _ = write!(s, "{}]", " ".repeat(indent));
    s
}

/// Writes a project as planwright JSON: one task, resource, calendar or
/// link per line where it fits, readable and diff-friendly.
/// [`read_json`](super::read_json) of the output gives back an equal project, except for
/// what [`JsonExport::warnings`] lists.
///
/// # Example
///
/// ```
/// use planwright_core::{Duration, Link, Project, Task};
/// use planwright_formats::{read_json, write_json};
///
/// let mut p = Project::new("demo");
/// let a = p.add_task(Task::new("dig").duration(Duration::days(2)))?;
/// let b = p.add_task(Task::new("pour").duration(Duration::hours(4)))?;
/// p.add_link(Link::finish_to_start(a, b))?;
/// let out = write_json(&p);
/// assert!(out.json.contains(r#"{ "key": "pour", "duration": "4h" }"#));
/// assert_eq!(read_json(&out.json).unwrap(), p);
/// # Ok::<(), planwright_core::Error>(())
/// ```
#[must_use]
pub fn write_json(p: &Project) -> JsonExport {
    let mut warnings = Vec::new();
    let mut top = Fields::new();
    top.put("version", JSON_VERSION.to_string());
    top.put("name", quote(p.name()));
    if !p.description().is_empty() {
        top.put("description", quote(p.description()));
    }
    if !p.objectives().is_empty() {
        let o: Vec<String> = p.objectives().iter().map(|s| quote(s)).collect();
        top.put("objectives", format!("[{}]", o.join(", ")));
    }
    top.put("start", write_date(p.start()));
    if let Some(b) = p.budget() {
        top.put("budget", write_money(b));
    }
    if p.calendar_id_of_project()
        != p.calendar_id("Standard")
            .unwrap_or(p.calendar_id_of_project())
    {
        top.put("calendar", quote(&cal_name(p, p.calendar_id_of_project())));
    }
    let standard = Calendar::standard("Standard");
    let mut cals = Vec::new();
    for (_, c) in p.calendars() {
        if c.name() == "Standard" && *c == standard {
            continue;
        }
        cals.push(calendar_line(c));
    }
    if !cals.is_empty() {
        top.put("calendars", list(&cals, 2));
    }
    let mut res = Vec::new();
    for (_, r) in p.resources() {
        res.push(resource_line(p, r));
    }
    if !res.is_empty() {
        top.put("resources", list(&res, 2));
    }
    let mut tasks = Vec::new();
    for (_, t) in p.tasks() {
        tasks.push(task_line(p, t));
    }
    if !tasks.is_empty() {
        top.put("tasks", list(&tasks, 2));
    }
    let links: Vec<String> = p
        .links()
        .map(|(_, l)| {
            let mut f = Fields::new();
            f.put("from", quote(&key_of(p, l.from)));
            f.put("to", quote(&key_of(p, l.to)));
            if l.kind != LinkKind::FinishToStart {
                f.put("type", quote(l.kind.abbreviation()));
            }
            if l.lag != Duration::ZERO {
                f.put("lag", write_duration(l.lag));
            }
            f.inline()
        })
        .collect();
    if !links.is_empty() {
        top.put("links", list(&links, 2));
    }
    let mut baselines = Vec::new();
    for (_, b) in p.baselines() {
        let mut f = Fields::new();
        f.put("name", quote(&b.name));
        f.put("taken_at", write_date(b.taken_at));
        let mut entries = Fields::new();
        for (id, e) in &b.entries {
            let mut ef = Fields::new();
            ef.put("start", write_date(e.start));
            ef.put("finish", write_date(e.finish));
            ef.put("duration", write_duration(e.duration));
            ef.put("cost", write_money(e.cost));
            entries.put(&key_of(p, *id), ef.inline());
        }
        f.put("entries", entries.block(4));
        baselines.push(f.block(2));
    }
    if !baselines.is_empty() {
        top.put("baselines", list(&baselines, 2));
    }
    if let Some(s) = p.status_date() {
        top.put("status_date", write_date(s));
    }
    for (_, s) in p.stakeholders() {
        warnings.push(Warning::ignored(
            format!("stakeholder {:?}", s.key),
            "stakeholders are not written",
        ));
    }
    if *p.scope() != planwright_core::Scope::default() {
        warnings.push(Warning::ignored(
            "the project",
            "the scope statement is not written",
        ));
    }
    if p.lifecycle() != &planwright_core::Lifecycle::standard() {
        warnings.push(Warning::ignored(
            "the project",
            "the lifecycle (phase, sign-offs, history) is not written",
        ));
    }
    let mut json = top.block(0);
    json.push('\n');
    JsonExport { json, warnings }
}

/// A calendar's key by id (`Standard` when unknown).
fn cal_name(p: &Project, id: CalendarId) -> String {
    p.calendar(id).map_or("Standard", Calendar::name).to_owned()
}

/// A task's key by id.
fn key_of(p: &Project, id: TaskId) -> String {
    p.task(id).map_or(String::new(), |t| t.key.clone())
}

/// One calendar, on one line.
fn calendar_line(c: &Calendar) -> String {
    let mut f = Fields::new();
    f.put("key", quote(c.name()));
    let full = c.weekday(chrono::Weekday::Mon) == &DaySchedule::full_day()
        && [chrono::Weekday::Sat, chrono::Weekday::Sun]
            .iter()
            .all(|d| c.weekday(*d) == &DaySchedule::full_day());
    if full {
        f.put("24h", "true");
    }
    let base = |d: usize| {
        if full || d < 5 {
            if full {
                DaySchedule::full_day()
            } else {
                DaySchedule::standard()
            }
        } else {
            DaySchedule::non_working()
        }
    };
    let mut week = Fields::new();
    for (d, (name, wd)) in DAYS.iter().zip(crate::MONDAY_FIRST).enumerate() {
        if *c.weekday(wd) != base(d) {
            week.put(name, write_day(c.weekday(wd)));
        }
    }
    if !week.items.is_empty() {
        f.put("week", week.inline());
    }
    // Holidays as ranges of consecutive dates; other exceptions by date.
    let mut holidays: Vec<(NaiveDate, NaiveDate)> = Vec::new();
    let mut special = Fields::new();
    for (&d, s) in c.exceptions() {
        if s.is_working() {
            special.put(&d.format("%Y-%m-%d").to_string(), write_day(s));
        } else {
            match holidays.last_mut() {
                Some((_, last)) if last.succ_opt() == Some(d) => *last = d,
                _ => holidays.push((d, d)),
            }
        }
    }
    if !holidays.is_empty() {
        let h: Vec<String> = holidays
            .iter()
            .map(|(a, b)| {
                if a == b {
                    quote(&a.format("%Y-%m-%d").to_string())
                } else {
                    quote(&format!(
                        "{}..{}",
                        a.format("%Y-%m-%d"),
                        b.format("%Y-%m-%d")
                    ))
                }
            })
            .collect();
        f.put("holidays", format!("[{}]", h.join(", ")));
    }
    if !special.items.is_empty() {
        f.put("exceptions", special.inline());
    }
    f.inline()
}

/// One resource, on one line.
fn resource_line(p: &Project, r: &planwright_core::Resource) -> String {
    let mut f = Fields::new();
    f.put("key", quote(&r.key));
    if !r.name.is_empty() {
        f.put("name", quote(&r.name));
    }
    match r.kind {
        ResourceKind::Team => f.put("kind", quote("team")),
        ResourceKind::Equipment => f.put("kind", quote("equipment")),
        _ => {}
    }
    if r.capacity != Units::FULL {
        f.put("capacity", write_units(r.capacity));
    }
    if let Some(c) = r.calendar {
        f.put("calendar", quote(&cal_name(p, c)));
    }
    if r.rate != Money::ZERO {
        f.put("rate", write_money(r.rate));
    }
    if !r.skills.is_empty() {
        let mut s = Fields::new();
        for (k, l) in &r.skills {
            s.put(k, l.to_string());
        }
        f.put("skills", s.inline());
    }
    f.inline()
}

/// One task, on one line: only what differs from a new task.
fn task_line(p: &Project, t: &planwright_core::Task) -> String {
    let mut f = Fields::new();
    f.put("key", quote(&t.key));
    if !t.name.is_empty() {
        f.put("name", quote(&t.name));
    }
    match t.kind {
        TaskKind::Summary => f.put("summary", "true"),
        TaskKind::Milestone => f.put("milestone", "true"),
        _ => {}
    }
    if let Some(parent) = t.parent {
        f.put("parent", quote(&key_of(p, parent)));
    }
    match t.effort {
        Some(e) => f.put("effort", write_duration(e)),
        None if t.kind == TaskKind::Task => f.put("duration", write_duration(t.duration)),
        None => {}
    }
    if let Some(tp) = t.three_point {
        let mut e = Fields::new();
        e.put("optimistic", write_duration(tp.optimistic));
        e.put("likely", write_duration(tp.most_likely));
        e.put("pessimistic", write_duration(tp.pessimistic));
        f.put("estimate", e.inline());
    }
    if !t.assignments.is_empty() {
        let a: Vec<String> = t
            .assignments
            .iter()
            .map(|a| {
                let mut af = Fields::new();
                af.put(
                    "resource",
                    quote(
                        &p.resource(a.resource)
                            .map_or(String::new(), |r| r.key.clone()),
                    ),
                );
                if a.units != Units::FULL {
                    af.put("units", write_units(a.units));
                }
                if let Some(w) = a.actual_work {
                    af.put("actual_work", write_duration(w));
                }
                if let Some(c) = a.actual_cost {
                    af.put("actual_cost", write_money(c));
                }
                af.inline()
            })
            .collect();
        f.put("assign", format!("[{}]", a.join(", ")));
    }
    if !t.skills.is_empty() {
        let mut s = Fields::new();
        for r in &t.skills {
            s.put(&r.skill, r.level.to_string());
        }
        f.put("skills", s.inline());
    }
    if t.priority != Priority::default() {
        f.put("priority", t.priority.value().to_string());
    }
    let dated = |name: &str, d: NaiveDateTime| format!("{{ {}: {} }}", quote(name), write_date(d));
    match t.constraint {
        Constraint::AsSoonAsPossible => {}
        Constraint::AsLateAsPossible => f.put("constraint", quote("alap")),
        Constraint::StartNoEarlierThan(d) => f.put("constraint", dated("start_no_earlier_than", d)),
        Constraint::StartNoLaterThan(d) => f.put("constraint", dated("start_no_later_than", d)),
        Constraint::FinishNoEarlierThan(d) => {
            f.put("constraint", dated("finish_no_earlier_than", d))
        }
        Constraint::FinishNoLaterThan(d) => f.put("constraint", dated("finish_no_later_than", d)),
        Constraint::MustStartOn(d) => f.put("constraint", dated("must_start_on", d)),
        Constraint::MustFinishOn(d) => f.put("constraint", dated("must_finish_on", d)),
    }
    if let Some(d) = t.deadline {
        f.put("deadline", write_date(d));
    }
    let pr = &t.progress;
    if *pr != Progress::not_started() {
        let mut pf = Fields::new();
        if pr.percent_complete != 0 && !(pr.percent_complete == 100 && pr.actual_finish.is_some()) {
            pf.put("percent", pr.percent_complete.to_string());
        }
        if let Some(s) = pr.actual_start {
            pf.put("actual_start", write_date(s));
        }
        if let Some(s) = pr.actual_finish {
            pf.put("actual_finish", write_date(s));
        }
        if let Some(r) = pr.remaining {
            pf.put("remaining", write_duration(r));
        }
        if let Some(pp) = pr.physical_percent {
            pf.put("physical_percent", pp.to_string());
        }
        if let Some(c) = pr.actual_cost {
            pf.put("actual_cost", write_money(c));
        }
        f.put("progress", pf.inline());
    }
    if !t.tags.is_empty() {
        let tags: Vec<String> = t.tags.iter().map(|s| quote(s)).collect();
        f.put("tags", format!("[{}]", tags.join(", ")));
    }
    if let Some(c) = t.calendar {
        f.put("calendar", quote(&cal_name(p, c)));
    }
    if let Some(ph) = t.phase {
        f.put("phase", quote(phase_name(ph)));
    }
    if t.fixed_cost != Money::ZERO {
        f.put("fixed_cost", write_money(t.fixed_cost));
    }
    if !t.notes.is_empty() {
        f.put("notes", quote(&t.notes));
    }
    f.inline()
}
