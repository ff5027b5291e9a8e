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

use core::fmt::Write;
use std::collections::BTreeMap;

use chrono::{NaiveDate, NaiveDateTime, NaiveTime};
use planwright_core::{
    Assignment, Baseline, BaselineEntry, Calendar, CalendarId, Constraint, DaySchedule, Duration,
    Link, LinkKind, Money, Phase, Priority, Progress, Project, Resource, ResourceId, ResourceKind,
    Task, TaskId, TaskKind, Units, WorkingTime,
};
use serde_json::{Map, Value};

use crate::cycles::check_cycles;
use crate::{Error, Warning};

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

fn err(path: &str, message: impl Into<String>) -> Error {
    Error::Json {
        path: path.to_owned(),
        message: message.into(),
    }
}

/// A JSON object being read: its fields, each taken once, and the rest
/// refused as unknown.
struct Obj<'v> {
    path: String,
    map: &'v Map<String, Value>,
    allowed: &'static [&'static str],
}

impl<'v> Obj<'v> {
    fn new(value: &'v Value, path: &str, allowed: &'static [&'static str]) -> Result<Self, Error> {
        let map = value
            .as_object()
            .ok_or_else(|| err(path, format!("expected an object, found {}", kind(value))))?;
        for key in map.keys() {
            if !allowed.contains(&key.as_str()) {
                return Err(err(
                    &format!("{path}.{key}"),
                    format!("unknown field (expected one of: {})", allowed.join(", ")),
                ));
            }
        }
        Ok(Obj {
            path: path.to_owned(),
            map,
            allowed,
        })
    }

    fn at(&self, key: &str) -> String {
        debug_assert!(self.allowed.contains(&key));
        if self.path.is_empty() {
            key.to_owned()
        } else {
            format!("{}.{key}", self.path)
        }
    }

    fn get(&self, key: &str) -> Option<&'v Value> {
        self.map.get(key).filter(|v| !v.is_null())
    }

    fn str(&self, key: &str) -> Result<Option<&'v str>, Error> {
        self.get(key)
            .map(|v| {
                v.as_str().ok_or_else(|| {
                    err(
                        &self.at(key),
                        format!("expected a string, found {}", kind(v)),
                    )
                })
            })
            .transpose()
    }

    fn req_str(&self, key: &str) -> Result<&'v str, Error> {
        self.str(key)?
            .ok_or_else(|| err(&self.at(key), "missing (required)"))
    }

    fn bool(&self, key: &str) -> Result<bool, Error> {
        self.get(key)
            .map(|v| {
                v.as_bool().ok_or_else(|| {
                    err(
                        &self.at(key),
                        format!("expected true or false, found {}", kind(v)),
                    )
                })
            })
            .transpose()
            .map(|b| b.unwrap_or(false))
    }

    fn uint(&self, key: &str, max: u64) -> Result<Option<u64>, Error> {
        self.get(key)
            .map(|v| {
                v.as_u64().filter(|&n| n <= max).ok_or_else(|| {
                    err(
                        &self.at(key),
                        format!("expected a whole number from 0 to {max}, found {v}"),
                    )
                })
            })
            .transpose()
    }

    fn money(&self, key: &str) -> Result<Option<Money>, Error> {
        self.get(key).map(|v| money(v, &self.at(key))).transpose()
    }

    fn duration(&self, key: &str) -> Result<Option<Duration>, Error> {
        self.get(key)
            .map(|v| duration(v, &self.at(key)))
            .transpose()
    }

    fn date(&self, key: &str) -> Result<Option<NaiveDateTime>, Error> {
        self.get(key).map(|v| date(v, &self.at(key))).transpose()
    }

    fn array(&self, key: &str) -> Result<&'v [Value], Error> {
        match self.get(key) {
            None => Ok(&[]),
            Some(Value::Array(a)) => Ok(a),
            Some(v) => Err(err(
                &self.at(key),
                format!("expected a list, found {}", kind(v)),
            )),
        }
    }
}

fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "true/false",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

/// `"3d"`, `"1d 4h"`, `"1.5h"`, `"-2d"`, `"0"` as working minutes.
fn parse_duration(s: &str) -> Option<Duration> {
    let s = s.trim();
    let (negative, rest) = match s.strip_prefix('-') {
        Some(r) => (true, r.trim_start()),
        None => (false, s),
    };
    if rest == "0" {
        return Some(Duration::ZERO);
    }
    let mut minutes = 0f64;
    let mut number = String::new();
    let mut any = false;
    for c in rest.chars() {
        if c.is_ascii_digit() || c == '.' {
            number.push(c);
        } else if c.is_whitespace() {
            if !number.is_empty() {
                return None;
            }
        } else {
            let scale = match c {
                'w' => 5.0 * 480.0,
                'd' => 480.0,
                'h' => 60.0,
                'm' => 1.0,
                _ => return None,
            };
            let n: f64 = number.parse().ok()?;
            minutes += n * scale;
            number.clear();
            any = true;
        }
    }
    if !number.is_empty() || !any {
        return None;
    }
    let minutes = minutes.round();
    if !minutes.is_finite() || minutes > 9.0e15 {
        return None;
    }
    #[allow(clippy::cast_possible_truncation)]
    let m = minutes as i64;
    Some(Duration::minutes(if negative { -m } else { m }))
}

fn duration(v: &Value, path: &str) -> Result<Duration, Error> {
    match v {
        Value::String(s) => parse_duration(s).ok_or_else(|| {
            err(path, format!("{s:?} is not a duration: write a number and a unit w, d, h or m, like \"3d\" or \"1d 4h\""))
        }),
        _ => Err(err(path, format!("expected a duration like \"3d\", found {}", kind(v)))),
    }
}

fn money(v: &Value, path: &str) -> Result<Money, Error> {
    let n = v
        .as_f64()
        .filter(|n| n.is_finite() && n.abs() < 9.0e13)
        .ok_or_else(|| err(path, format!("expected an amount like 1250.50, found {v}")))?;
    #[allow(clippy::cast_possible_truncation)]
    Ok(Money::minor((n * 100.0).round() as i64))
}

fn units(v: &Value, path: &str) -> Result<Units, Error> {
    let percent = match v {
        Value::String(s) => s
            .trim()
            .strip_suffix('%')
            .and_then(|n| n.trim().parse::<f64>().ok()),
        Value::Number(n) => n.as_f64(),
        _ => None,
    }
    .filter(|p| p.is_finite() && *p > 0.0 && *p <= 1.0e6)
    .ok_or_else(|| err(path, format!("expected units like \"50%\", found {v}")))?;
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    Ok(Units::basis((percent * 100.0).round() as u32))
}

fn date(v: &Value, path: &str) -> Result<NaiveDateTime, Error> {
    let s = v.as_str().ok_or_else(|| {
        err(
            path,
            format!(
                "expected a date like \"2024-03-04T08:00\", found {}",
                kind(v)
            ),
        )
    })?;
    parse_date(s).ok_or_else(|| {
        err(
            path,
            format!("{s:?} is not a date like \"2024-03-04T08:00\""),
        )
    })
}

fn parse_date(s: &str) -> Option<NaiveDateTime> {
    NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M")
        .or_else(|_| NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M:%S"))
        .or_else(|_| NaiveDate::parse_from_str(s, "%Y-%m-%d").map(|d| d.and_time(NaiveTime::MIN)))
        .ok()
}

fn day_of(s: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()
}

/// `["08:00-12:00", "13:00-17:00"]` as a day.
fn day_schedule(v: &Value, path: &str) -> Result<DaySchedule, Error> {
    let list = v.as_array().ok_or_else(|| {
        err(
            path,
            format!(
                "expected a list of intervals like [\"08:00-12:00\"], found {}",
                kind(v)
            ),
        )
    })?;
    let mut intervals = Vec::with_capacity(list.len());
    for (i, iv) in list.iter().enumerate() {
        let at = format!("{path}[{i}]");
        let s = iv
            .as_str()
            .ok_or_else(|| err(&at, "expected an interval like \"08:00-12:00\""))?;
        let parse = |t: &str| {
            let (h, m) = t.trim().split_once(':')?;
            let (h, m): (u32, u32) = (h.parse().ok()?, m.parse().ok()?);
            (m < 60 && h * 60 + m <= 24 * 60).then_some(h * 60 + m)
        };
        let (a, b) = s
            .split_once('-')
            .and_then(|(a, b)| Some((parse(a)?, parse(b)?)))
            .ok_or_else(|| {
                err(
                    &at,
                    format!("{s:?} is not an interval like \"08:00-12:00\""),
                )
            })?;
        intervals.push(WorkingTime::new(a, b));
    }
    Ok(DaySchedule::new(intervals))
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
    let model = |path: String| move |source| Error::Project { item: path, source };
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
        let o = Obj::new(c, &path, &["key", "24h", "week", "holidays", "exceptions"])?;
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
        let mut cal = Calendar::new(key, week).map_err(model(path.clone()))?;
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
        if calendars.contains_key(key) {
            return Err(err(&o.at("key"), format!("duplicate calendar {key:?}")));
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
    let calendar_ref =
        |o: &Obj<'_>, field: &str, owner: &str| -> Result<Option<CalendarId>, Error> {
            o.str(field)?
                .map(|k| {
                    calendars.get(k).copied().ok_or_else(|| {
                        err(&o.at(field), format!("unknown calendar {k:?} (of {owner})"))
                    })
                })
                .transpose()
        };
    if let Some(c) = calendar_ref(&top, "calendar", "the project")? {
        p.set_project_calendar(c)
            .map_err(model("calendar".into()))?;
    }
    // Resources.
    let mut resources: BTreeMap<String, ResourceId> = BTreeMap::new();
    for (i, r) in top.array("resources")?.iter().enumerate() {
        let path = format!("resources[{i}]");
        let o = Obj::new(
            r,
            &path,
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
        if let Some(c) = calendar_ref(&o, "calendar", &format!("resource {key:?}"))? {
            res = res.calendar(c);
        }
        if let Some(m) = o.money("rate")? {
            res = res.rate(m);
        }
        for (skill, level) in skills(&o)? {
            res = res.skill(skill, level);
        }
        resources.insert(key.to_owned(), p.add_resource(res).map_err(model(path))?);
    }
    // Tasks, then links.
    let mut after: Vec<(String, TaskId, String, String)> = Vec::new();
    for (i, t) in top.array("tasks")?.iter().enumerate() {
        let path = format!("tasks[{i}]");
        let o = Obj::new(
            t,
            &path,
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
                return Err(err(
                    &path,
                    "a task cannot be both a summary and a milestone",
                ));
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
                err(&o.at("parent"), format!("unknown task {parent:?} (parent of {key:?}; a parent comes before its tasks)"))
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
        if let Some(c) = calendar_ref(&o, "calendar", &format!("task {key:?}"))? {
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
        let id = p.add_task(task).map_err(model(path.clone()))?;
        for (j, a) in o.array("after")?.iter().enumerate() {
            let at = format!("{path}.after[{j}]");
            let s = a.as_str().ok_or_else(|| err(&at, "expected a task key"))?;
            after.push((at, id, s.to_owned(), key.to_owned()));
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
        let o = Obj::new(b, &path, &["name", "taken_at", "entries"])?;
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
        p.add_baseline(baseline).map_err(model(path))?;
    }
    if let Some(s) = top.date("status_date")? {
        p.set_status_date(Some(s))
            .map_err(model("status_date".into()))?;
    }
    Ok(p)
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

// ----- writing ---------------------------------------------------------------

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
/// [`read_json`] of the output gives back an equal project, except for
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
    let cal_name = |id: CalendarId| p.calendar(id).map_or("Standard", Calendar::name).to_owned();
    if p.calendar_id_of_project()
        != p.calendar_id("Standard")
            .unwrap_or(p.calendar_id_of_project())
    {
        top.put("calendar", quote(&cal_name(p.calendar_id_of_project())));
    }
    let standard = Calendar::standard("Standard");
    let mut cals = Vec::new();
    for (_, c) in p.calendars() {
        if c.name() == "Standard" && *c == standard {
            continue;
        }
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
        cals.push(f.inline());
    }
    if !cals.is_empty() {
        top.put("calendars", list(&cals, 2));
    }
    let mut res = Vec::new();
    for (_, r) in p.resources() {
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
            f.put("calendar", quote(&cal_name(c)));
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
        res.push(f.inline());
    }
    if !res.is_empty() {
        top.put("resources", list(&res, 2));
    }
    let key_of = |id: TaskId| p.task(id).map_or(String::new(), |t| t.key.clone());
    let mut tasks = Vec::new();
    for (_, t) in p.tasks() {
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
            f.put("parent", quote(&key_of(parent)));
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
        let dated =
            |name: &str, d: NaiveDateTime| format!("{{ {}: {} }}", quote(name), write_date(d));
        match t.constraint {
            Constraint::AsSoonAsPossible => {}
            Constraint::AsLateAsPossible => f.put("constraint", quote("alap")),
            Constraint::StartNoEarlierThan(d) => {
                f.put("constraint", dated("start_no_earlier_than", d))
            }
            Constraint::StartNoLaterThan(d) => f.put("constraint", dated("start_no_later_than", d)),
            Constraint::FinishNoEarlierThan(d) => {
                f.put("constraint", dated("finish_no_earlier_than", d))
            }
            Constraint::FinishNoLaterThan(d) => {
                f.put("constraint", dated("finish_no_later_than", d))
            }
            Constraint::MustStartOn(d) => f.put("constraint", dated("must_start_on", d)),
            Constraint::MustFinishOn(d) => f.put("constraint", dated("must_finish_on", d)),
        }
        if let Some(d) = t.deadline {
            f.put("deadline", write_date(d));
        }
        let pr = &t.progress;
        if *pr != Progress::not_started() {
            let mut pf = Fields::new();
            if pr.percent_complete != 0
                && !(pr.percent_complete == 100 && pr.actual_finish.is_some())
            {
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
            f.put("calendar", quote(&cal_name(c)));
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
        tasks.push(f.inline());
    }
    if !tasks.is_empty() {
        top.put("tasks", list(&tasks, 2));
    }
    let links: Vec<String> = p
        .links()
        .map(|(_, l)| {
            let mut f = Fields::new();
            f.put("from", quote(&key_of(l.from)));
            f.put("to", quote(&key_of(l.to)));
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
            entries.put(&key_of(*id), ef.inline());
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
