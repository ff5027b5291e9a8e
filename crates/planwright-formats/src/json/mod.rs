//! planwright's own JSON, made for people: tasks, resources and calendars
//! referred to by key; durations as `"3d"`, `"4h"`, `"2w"`; money as
//! decimal numbers; a version field; errors that name the JSON path and
//! both ends of a broken reference; cycles found when the file is read.
//!
//! ```json
//! {
//!   "version": 1,
//!   "name": "Website relaunch",
//!   "start": "2024-03-04T08:00",
//!   "calendars": [
//!     { "key": "part-time", "week": { "fri": [] }, "holidays": ["2024-03-29", "2024-08-05..2024-08-16"] }
//!   ],
//!   "resources": [
//!     { "key": "ana", "name": "Ana", "rate": 55.5, "calendar": "part-time" }
//!   ],
//!   "tasks": [
//!     { "key": "design", "duration": "3d", "assign": [{ "resource": "ana", "units": "50%" }] },
//!     { "key": "build", "duration": "2w", "after": ["design"] },
//!     { "key": "launch", "milestone": true, "after": ["build"], "deadline": "2024-04-30T17:00" }
//!   ],
//!   "links": [{ "from": "design", "to": "launch", "type": "FF", "lag": "-1d" }]
//! }
//! ```
//!
//! # The format
//!
//! - **Durations** are strings of numbers with units `w` (5 days), `d`
//!   (8 hours), `h`, `m`, e.g. `"3d"`, `"1d 4h"`, `"1.5h"`, `"-2d"` (a
//!   lead), `"0"`.
//! - **Units** (allocation, capacity) are `"50%"` or a number of per cent.
//! - **Money** is a decimal number in the currency's major unit (`55.5`).
//! - **Dates** are `"2024-03-04T08:00"` (seconds allowed) or
//!   `"2024-03-04"` (midnight).
//! - **Calendars**: `week` gives days `mon` … `sun` as lists of
//!   `"08:00-12:00"` intervals; a day left out keeps the standard week's
//!   (Monday to Friday 08:00–12:00, 13:00–17:00), `[]` makes it free;
//!   `"24h": true` starts from an all-day week instead. `holidays` are
//!   dates or `"from..to"` ranges; `exceptions` map a date to its own
//!   intervals.
//! - **Tasks**: `key` (required), `name`, `summary` / `milestone` (flags),
//!   `parent` (a summary's key), `duration`, `effort` (the duration follows
//!   from the assignments), `estimate` `{optimistic, likely, pessimistic}`,
//!   `assign` `[{resource, units, actual_work, actual_cost}]`, `skills`
//!   `{name: level}`, `priority` (0–1000), `constraint` (`"asap"`,
//!   `"alap"`, or one of `{"start_no_earlier_than": date}`,
//!   `start_no_later_than`, `finish_no_earlier_than`,
//!   `finish_no_later_than`, `must_start_on`, `must_finish_on`),
//!   `deadline`, `progress` `{percent, actual_start, actual_finish,
//!   remaining, physical_percent, actual_cost}`, `tags`, `calendar`,
//!   `phase`, `fixed_cost`, `notes`, and `after`: keys of finish-to-start
//!   predecessors.
//! - **Links**: `{from, to, type, lag}` with `type` `FS` (default), `SS`,
//!   `FF` or `SF`.
//! - **Baselines**: `{name, taken_at, entries: {task key: {start, finish,
//!   duration, cost}}}`.
//!
//! Unknown fields are errors (a misspelt `duraton` would otherwise be
//! silently lost). Tasks must come after their parent.

use std::collections::BTreeMap;

use chrono::NaiveDateTime;
use planwright_core::{
    Assignment, Baseline, BaselineEntry, Calendar, CalendarId, Constraint, DaySchedule, Duration,
    Link, LinkKind, Money, Phase, Priority, Progress, Project, Resource, ResourceId, Task, TaskId,
    Units,
};
use serde_json::Value;

use crate::cycles::check_cycles;
use crate::{Error, Warning};

mod values;
mod write;
pub use write::write_json;

use values::{Obj, date, day_of, day_schedule, err, units};

/// The version this crate reads and writes.
pub const JSON_VERSION: u64 = 1;

/// A project written as planwright JSON, and what the format leaves out.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct JsonExport {
    /// The JSON text, indented two spaces.
    pub json: String,
    /// What is not written (stakeholders, scope, lifecycle state), by item.
    pub warnings: Vec<Warning>,
}

const DAYS: [&str; 7] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

/// Reads a project from planwright JSON.
///
/// # Errors
///
/// [`Error::JsonSyntax`] for text that is not JSON (line and column);
/// [`Error::Json`] naming the path for a missing, misspelt or mistyped
/// field, an unsupported `version`, or a reference to an unknown key
/// (`links[3].to: unknown task "zz" (from "design")`); [`Error::Cycle`] for
/// cyclic links; [`Error::Project`] when the model refuses an item (the
/// path is the item).
///
/// # Example
///
/// ```
/// use planwright_formats::read_json;
///
/// let p = read_json(r#"{
///   "version": 1, "name": "demo", "start": "2024-03-04T08:00",
///   "tasks": [
///     { "key": "dig", "duration": "2d" },
///     { "key": "pour", "duration": "4h", "after": ["dig"] }
///   ]
/// }"#)?;
/// assert_eq!(p.task_count(), 2);
/// let err = read_json(r#"{"version": 1, "name": "x", "start": "2024-03-04",
///   "tasks": [{"key": "a"}], "links": [{"from": "a", "to": "zz"}]}"#).unwrap_err();
/// assert_eq!(err.to_string(), r#"links[0].to: unknown task "zz" (from "a")"#);
/// # Ok::<(), planwright_formats::Error>(())
/// ```
pub fn read_json(text: &str) -> Result<Project, Error> {
    let root: Value = serde_json::from_str(text).map_err(|e| Error::JsonSyntax {
        line: e.line(),
        column: e.column(),
        message: e.to_string(),
    })?;
    let top = Obj::new(
        &root,
        "",
        &[
            "version",
            "name",
            "description",
            "objectives",
            "start",
            "status_date",
            "budget",
            "calendar",
            "calendars",
            "resources",
            "tasks",
            "links",
            "baselines",
        ],
    )?;
    match top.get("version") {
        Some(v) if v.as_u64() == Some(JSON_VERSION) => {}
        Some(v) => {
            return Err(err(
                "version",
                format!("version {v} is not supported (this reader reads {JSON_VERSION})"),
            ));
        }
        None => return Err(err("version", "missing (required): write \"version\": 1")),
    }
    let mut p = Project::new(top.req_str("name")?);
    if let Some(d) = top.str("description")? {
        p.set_description(d);
    }
    for (i, o) in top.array("objectives")?.iter().enumerate() {
        let s = o
            .as_str()
            .ok_or_else(|| err(&format!("objectives[{i}]"), "expected a string"))?;
        p.add_objective(s);
    }
    p.set_start(top.date("start")?.ok_or_else(|| {
        err(
            "start",
            "missing (required): the project start, like \"2024-03-04T08:00\"",
        )
    })?);
    if let Some(b) = top.money("budget")? {
        p.set_budget(b);
    }
    // Calendars.
    let mut calendars: BTreeMap<String, CalendarId> = BTreeMap::new();
    for (i, c) in top.array("calendars")?.iter().enumerate() {
        let path = format!("calendars[{i}]");
        let (key, cal) = calendar(c, &path)?;
        let key = key.as_str();
        if calendars.contains_key(key) {
            return Err(err(
                &format!("{path}.key"),
                format!("duplicate calendar {key:?}"),
            ));
        }
        // "Standard" replaces the built-in standard calendar.
        let id = match (key == "Standard")
            .then(|| p.calendar_id("Standard"))
            .flatten()
        {
            Some(id) => {
                if let Some(slot) = p.calendar_mut(id) {
                    *slot = cal;
                }
                id
            }
            None => p.add_calendar(cal).map_err(model(path))?,
        };
        calendars.insert(key.to_owned(), id);
    }
    calendars
        .entry("Standard".to_owned())
        .or_insert_with(|| p.calendar_id_of_project());
    if let Some(c) = calendar_ref(&calendars, &top, "calendar", "the project")? {
        p.set_project_calendar(c)
            .map_err(model("calendar".into()))?;
    }
    // Resources.
    let mut resources: BTreeMap<String, ResourceId> = BTreeMap::new();
    for (i, r) in top.array("resources")?.iter().enumerate() {
        let path = format!("resources[{i}]");
        let (key, res) = resource(r, &path, &calendars)?;
        resources.insert(key.to_owned(), p.add_resource(res).map_err(model(path))?);
    }
    // Tasks, then links.
    let mut after: Vec<(String, TaskId, String, String)> = Vec::new();
    for (i, t) in top.array("tasks")?.iter().enumerate() {
        let path = format!("tasks[{i}]");
        let (task, key, afters) = task(t, &path, &p, &resources, &calendars)?;
        let id = p.add_task(task).map_err(model(path.clone()))?;
        for (at, s) in afters {
            after.push((at, id, s, key.clone()));
        }
    }
    let lookup = |p: &Project, at: &str, k: &str, other: &str, role: &str| {
        p.task_id(k)
            .ok_or_else(|| err(at, format!("unknown task {k:?} ({role} {other:?})")))
    };
    for (at, to, from_key, to_key) in after {
        let from = lookup(&p, &at, &from_key, &to_key, "before")?;
        p.add_link(Link::finish_to_start(from, to))
            .map_err(model(at))?;
    }
    for (i, l) in top.array("links")?.iter().enumerate() {
        let path = format!("links[{i}]");
        let o = Obj::new(l, &path, &["from", "to", "type", "lag"])?;
        let (fk, tk) = (o.req_str("from")?, o.req_str("to")?);
        let from = lookup(&p, &o.at("from"), fk, tk, "to")?;
        let to = lookup(&p, &o.at("to"), tk, fk, "from")?;
        let kind = match o.str("type")?.unwrap_or("FS") {
            "FS" => LinkKind::FinishToStart,
            "SS" => LinkKind::StartToStart,
            "FF" => LinkKind::FinishToFinish,
            "SF" => LinkKind::StartToFinish,
            other => {
                return Err(err(
                    &o.at("type"),
                    format!("{other:?} is not FS, SS, FF or SF"),
                ));
            }
        };
        let lag = o.duration("lag")?.unwrap_or(Duration::ZERO);
        p.add_link(Link::new(from, to, kind).lag(lag))
            .map_err(model(path))?;
    }
    {
        let project = &p;
        check_cycles(project, |id| {
            format!("task {:?}", project.task(id).map_or("", |t| t.key.as_str()))
        })?;
    }
    // Baselines, then the status date (progress is checked against it).
    for (i, b) in top.array("baselines")?.iter().enumerate() {
        let path = format!("baselines[{i}]");
        let baseline = baseline(b, &path, &p)?;
        p.add_baseline(baseline).map_err(model(path))?;
    }
    if let Some(s) = top.date("status_date")? {
        p.set_status_date(Some(s))
            .map_err(model("status_date".into()))?;
    }
    Ok(p)
}

/// One calendar of `calendars`: its key and the calendar.
fn calendar(c: &Value, path: &str) -> Result<(String, Calendar), Error> {
    let o = Obj::new(c, path, &["key", "24h", "week", "holidays", "exceptions"])?;
    let key = o.req_str("key")?;
    let base = if o.bool("24h")? {
        DaySchedule::full_day
    } else {
        DaySchedule::standard
    };
    let mut week: [DaySchedule; 7] = core::array::from_fn(|d| {
        if d < 5 || o.bool("24h").unwrap_or(false) {
            base()
        } else {
            DaySchedule::non_working()
        }
    });
    if let Some(w) = o.get("week") {
        let wo = Obj::new(w, &o.at("week"), &DAYS)?;
        for (d, name) in DAYS.iter().enumerate() {
            if let Some(v) = wo.get(name) {
                week[d] = day_schedule(v, &wo.at(name))?;
            }
        }
    }
    let mut cal = Calendar::new(key, week).map_err(model(path.to_owned()))?;
    for (j, h) in o.array("holidays")?.iter().enumerate() {
        let at = format!("{path}.holidays[{j}]");
        let s = h
            .as_str()
            .ok_or_else(|| err(&at, "expected a date or a range \"from..to\""))?;
        let (from, to) = match s.split_once("..") {
            Some((a, b)) => (day_of(a.trim()), day_of(b.trim())),
            None => (day_of(s.trim()), day_of(s.trim())),
        };
        let (Some(from), Some(to)) = (from, to) else {
            return Err(err(
                &at,
                format!(
                    "{s:?} is not a date like \"2024-12-25\" or a range \"2024-12-24..2024-12-31\""
                ),
            ));
        };
        cal.add_holidays(from, to).map_err(model(at))?;
    }
    if let Some(e) = o.get("exceptions") {
        let map = e
            .as_object()
            .ok_or_else(|| err(&o.at("exceptions"), "expected an object of date: intervals"))?;
        for (d, v) in map {
            let at = format!("{path}.exceptions.{d}");
            let date = day_of(d)
                .ok_or_else(|| err(&at, format!("{d:?} is not a date like \"2024-12-24\"")))?;
            cal.set_exception(date, day_schedule(v, &at)?)
                .map_err(model(at))?;
        }
    }
    Ok((key.to_owned(), cal))
}

/// One resource of `resources`: its key and the resource.
fn resource(
    r: &Value,
    path: &str,
    calendars: &BTreeMap<String, CalendarId>,
) -> Result<(String, Resource), Error> {
    let o = Obj::new(
        r,
        path,
        &[
            "key", "name", "kind", "capacity", "calendar", "rate", "skills",
        ],
    )?;
    let key = o.req_str("key")?;
    let mut res = match o.str("kind")?.unwrap_or("person") {
        "person" => Resource::person(key),
        "team" => Resource::team(key),
        "equipment" => Resource::equipment(key),
        other => {
            return Err(err(
                &o.at("kind"),
                format!("{other:?} is not person, team or equipment"),
            ));
        }
    };
    if let Some(n) = o.str("name")? {
        res = res.name(n);
    }
    if let Some(c) = o.get("capacity") {
        res = res.capacity(units(c, &o.at("capacity"))?);
    }
    if let Some(c) = calendar_ref(calendars, &o, "calendar", &format!("resource {key:?}"))? {
        res = res.calendar(c);
    }
    if let Some(m) = o.money("rate")? {
        res = res.rate(m);
    }
    for (skill, level) in skills(&o)? {
        res = res.skill(skill, level);
    }
    Ok((key.to_owned(), res))
}

/// A task read: the task, its key, and its `after` keys with their paths.
type TaskRead = (Task, String, Vec<(String, String)>);

/// One task of `tasks`: the task, its key and its `after` keys with
/// their paths.
fn task(
    t: &Value,
    path: &str,
    p: &Project,
    resources: &BTreeMap<String, ResourceId>,
    calendars: &BTreeMap<String, CalendarId>,
) -> Result<TaskRead, Error> {
    let o = Obj::new(
        t,
        path,
        &[
            "key",
            "name",
            "summary",
            "milestone",
            "parent",
            "duration",
            "effort",
            "estimate",
            "assign",
            "skills",
            "priority",
            "constraint",
            "deadline",
            "progress",
            "tags",
            "calendar",
            "phase",
            "fixed_cost",
            "notes",
            "after",
        ],
    )?;
    let key = o.req_str("key")?;
    let mut task = match (o.bool("summary")?, o.bool("milestone")?) {
        (true, true) => {
            return Err(err(path, "a task cannot be both a summary and a milestone"));
        }
        (true, false) => Task::summary(key),
        (false, true) => Task::milestone(key),
        (false, false) => Task::new(key),
    };
    if let Some(n) = o.str("name")? {
        task = task.name(n);
    }
    if let Some(parent) = o.str("parent")? {
        let id = p.task_id(parent).ok_or_else(|| {
            err(
                &o.at("parent"),
                format!(
                    "unknown task {parent:?} (parent of {key:?}; a parent comes before its tasks)"
                ),
            )
        })?;
        task = task.parent(id);
    }
    if let Some(d) = o.duration("duration")? {
        task = task.duration(d);
    }
    if let Some(e) = o.duration("effort")? {
        task = task.effort(e);
    }
    if let Some(est) = o.get("estimate") {
        let eo = Obj::new(
            est,
            &o.at("estimate"),
            &["optimistic", "likely", "pessimistic"],
        )?;
        let need = |k: &str| {
            eo.duration(k)?
                .ok_or_else(|| err(&eo.at(k), "missing (required)"))
        };
        task = task.three_point(need("optimistic")?, need("likely")?, need("pessimistic")?);
    }
    for (j, a) in o.array("assign")?.iter().enumerate() {
        let at = format!("{path}.assign[{j}]");
        let ao = Obj::new(a, &at, &["resource", "units", "actual_work", "actual_cost"])?;
        let rk = ao.req_str("resource")?;
        let rid = *resources.get(rk).ok_or_else(|| {
            err(
                &ao.at("resource"),
                format!("unknown resource {rk:?} (assigned to {key:?})"),
            )
        })?;
        let u = match ao.get("units") {
            Some(v) => units(v, &ao.at("units"))?,
            None => Units::FULL,
        };
        let mut asg = Assignment::new(rid, u);
        if let Some(w) = ao.duration("actual_work")? {
            asg = asg.actual_work(w);
        }
        if let Some(c) = ao.money("actual_cost")? {
            asg = asg.actual_cost(c);
        }
        task.assignments.push(asg);
    }
    for (skill, level) in skills(&o)? {
        task = task.requires(skill, level);
    }
    if let Some(pr) = o.uint("priority", 1000)? {
        task = task.priority(
            Priority::new(u16::try_from(pr).unwrap_or(500)).map_err(model(o.at("priority")))?,
        );
    }
    if let Some(c) = o.get("constraint") {
        task = task.constraint(constraint(c, &o.at("constraint"))?);
    }
    if let Some(d) = o.date("deadline")? {
        task = task.deadline(d);
    }
    if let Some(pr) = o.get("progress") {
        task = task.progress(progress(pr, &o.at("progress"))?);
    }
    for (j, tag) in o.array("tags")?.iter().enumerate() {
        let s = tag
            .as_str()
            .ok_or_else(|| err(&format!("{path}.tags[{j}]"), "expected a string"))?;
        task = task.tag(s);
    }
    if let Some(c) = calendar_ref(calendars, &o, "calendar", &format!("task {key:?}"))? {
        task = task.calendar(c);
    }
    if let Some(ph) = o.str("phase")? {
        task = task.phase(phase(ph).ok_or_else(|| {
            err(&o.at("phase"), format!("{ph:?} is not initiation, planning, execution, monitoring-controlling or closing"))
        })?);
    }
    if let Some(m) = o.money("fixed_cost")? {
        task = task.fixed_cost(m);
    }
    if let Some(n) = o.str("notes")? {
        task = task.notes(n);
    }
    let mut after = Vec::new();
    for (j, a) in o.array("after")?.iter().enumerate() {
        let at = format!("{path}.after[{j}]");
        let s = a.as_str().ok_or_else(|| err(&at, "expected a task key"))?;
        after.push((at, s.to_owned()));
    }
    Ok((task, key.to_owned(), after))
}

/// One baseline of `baselines`, its entries by task key.
fn baseline(b: &Value, path: &str, p: &Project) -> Result<Baseline, Error> {
    let o = Obj::new(b, path, &["name", "taken_at", "entries"])?;
    let taken = o
        .date("taken_at")?
        .ok_or_else(|| err(&o.at("taken_at"), "missing (required)"))?;
    let mut baseline = Baseline::new(o.req_str("name")?, taken);
    if let Some(e) = o.get("entries") {
        let map = e
            .as_object()
            .ok_or_else(|| err(&o.at("entries"), "expected an object of task key: entry"))?;
        for (k, v) in map {
            let at = format!("{path}.entries.{k}");
            let id = p
                .task_id(k)
                .ok_or_else(|| err(&at, format!("unknown task {k:?}")))?;
            let eo = Obj::new(v, &at, &["start", "finish", "duration", "cost"])?;
            let need = |f: &str| {
                eo.date(f)?
                    .ok_or_else(|| err(&eo.at(f), "missing (required)"))
            };
            baseline = baseline.entry(
                id,
                BaselineEntry::new(
                    need("start")?,
                    need("finish")?,
                    eo.duration("duration")?.unwrap_or(Duration::ZERO),
                    eo.money("cost")?.unwrap_or(Money::ZERO),
                ),
            );
        }
    }
    Ok(baseline)
}

/// The calendar a `field` names, by key.
fn calendar_ref(
    calendars: &BTreeMap<String, CalendarId>,
    o: &Obj<'_>,
    field: &str,
    owner: &str,
) -> Result<Option<CalendarId>, Error> {
    o.str(field)?
        .map(|k| {
            calendars
                .get(k)
                .copied()
                .ok_or_else(|| err(&o.at(field), format!("unknown calendar {k:?} (of {owner})")))
        })
        .transpose()
}

/// The model's refusal of the item at `path`.
fn model(path: String) -> impl FnOnce(planwright_core::Error) -> Error {
    move |source| Error::Project { item: path, source }
}

fn skills(o: &Obj<'_>) -> Result<Vec<(String, u8)>, Error> {
    let Some(v) = o.get("skills") else {
        return Ok(Vec::new());
    };
    let map = v
        .as_object()
        .ok_or_else(|| err(&o.at("skills"), "expected an object of skill: level"))?;
    map.iter()
        .map(|(k, l)| {
            let level = l
                .as_u64()
                .and_then(|l| u8::try_from(l).ok())
                .ok_or_else(|| {
                    err(
                        &format!("{}.{k}", o.at("skills")),
                        format!("expected a level 1 to 5, found {l}"),
                    )
                })?;
            Ok((k.clone(), level))
        })
        .collect()
}

fn phase(s: &str) -> Option<Phase> {
    Some(match s {
        "initiation" => Phase::Initiation,
        "planning" => Phase::Planning,
        "execution" => Phase::Execution,
        "monitoring-controlling" => Phase::MonitoringControlling,
        "closing" => Phase::Closing,
        _ => return None,
    })
}

fn phase_name(p: Phase) -> &'static str {
    match p {
        Phase::Initiation => "initiation",
        Phase::Planning => "planning",
        Phase::Execution => "execution",
        Phase::MonitoringControlling => "monitoring-controlling",
        Phase::Closing => "closing",
    }
}

const CONSTRAINTS: [&str; 6] = [
    "start_no_earlier_than",
    "start_no_later_than",
    "finish_no_earlier_than",
    "finish_no_later_than",
    "must_start_on",
    "must_finish_on",
];

fn constraint(v: &Value, path: &str) -> Result<Constraint, Error> {
    match v {
        Value::String(s) if s == "asap" => Ok(Constraint::AsSoonAsPossible),
        Value::String(s) if s == "alap" => Ok(Constraint::AsLateAsPossible),
        Value::Object(map) if map.len() == 1 => {
            let (k, d) = map.iter().next().expect("one entry");
            let at = format!("{path}.{k}");
            let make: fn(NaiveDateTime) -> Constraint = match k.as_str() {
                "start_no_earlier_than" => Constraint::StartNoEarlierThan,
                "start_no_later_than" => Constraint::StartNoLaterThan,
                "finish_no_earlier_than" => Constraint::FinishNoEarlierThan,
                "finish_no_later_than" => Constraint::FinishNoLaterThan,
                "must_start_on" => Constraint::MustStartOn,
                "must_finish_on" => Constraint::MustFinishOn,
                _ => {
                    return Err(err(
                        &at,
                        format!(
                            "unknown constraint (expected one of: {})",
                            CONSTRAINTS.join(", ")
                        ),
                    ));
                }
            };
            Ok(make(date(d, &at)?))
        }
        _ => Err(err(
            path,
            format!(
                "expected \"asap\", \"alap\" or an object with one of {}, like {{\"must_start_on\": \"2024-03-04T08:00\"}}",
                CONSTRAINTS.join(", ")
            ),
        )),
    }
}

fn progress(v: &Value, path: &str) -> Result<Progress, Error> {
    let o = Obj::new(
        v,
        path,
        &[
            "percent",
            "actual_start",
            "actual_finish",
            "remaining",
            "physical_percent",
            "actual_cost",
        ],
    )?;
    let percent = u8::try_from(o.uint("percent", 100)?.unwrap_or(0)).unwrap_or(0);
    let mut pr = match (o.date("actual_start")?, o.date("actual_finish")?) {
        (Some(s), Some(f)) => {
            let mut pr = Progress::finished(s, f);
            pr.percent_complete = if o.get("percent").is_some() {
                percent
            } else {
                100
            };
            pr
        }
        (Some(s), None) => Progress::started(s, percent),
        (None, f) => {
            let mut pr = Progress::not_started();
            pr.percent_complete = percent;
            pr.actual_finish = f;
            pr
        }
    };
    pr.remaining = o.duration("remaining")?;
    pr.physical_percent = o
        .uint("physical_percent", 100)?
        .map(|n| u8::try_from(n).unwrap_or(100));
    pr.actual_cost = o.money("actual_cost")?;
    Ok(pr)
}
