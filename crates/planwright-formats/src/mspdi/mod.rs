//! MS Project XML (MSPDI) import and export.
//!
//! [`write_mspdi`] writes a project back as MSPDI; reading its output gives
//! back an equal project (see its documentation for the conditions).
//!
//! [`read_mspdi`] turns the XML that Microsoft Project, ProjectLibre and
//! MPXJ write into a [`Project`], the list of [`Warning`]s for what the
//! model cannot hold exactly, the maps from the file's UIDs to the
//! project's ids, and the schedule the authoring tool saved in the file
//! ([`SavedTask`]) — an oracle to compare a plan with.
//!
//! # What maps to what
//!
//! | MSPDI | planwright |
//! |---|---|
//! | `StartDate`, `StatusDate`, `CalendarUID`, `Name`/`Title` | [`Project::set_start`], status date, project calendar, name |
//! | `Calendar` (base and derived, `WeekDays`, `Exceptions` incl. recurring, `WorkWeeks`) | a [`planwright_core::Calendar`] per calendar, base resolved, exceptions expanded to dates |
//! | `Resource` (work) | [`Resource`]: key = UID, `MaxUnits`, `StandardRate` per hour, calendar |
//! | `Task` | [`Task`](planwright_core::Task): key = UID, name, WBS parent from `OutlineLevel`, summary, milestone, `Duration`, constraint, deadline, priority, progress, fixed cost, notes, task calendar |
//! | `PredecessorLink` | [`Link`]: `Type` 0 FF, 1 FS, 2 SF, 3 SS; `LinkLag` in tenths of a minute |
//! | `Assignment` | [`Assignment`] with its units |
//! | task `Baseline` (number *n*) | [`Baseline`](planwright_core::Baseline) `"Baseline"` / `"Baseline n"` |
//!
//! Approximated, with a warning each: elapsed task durations (the task gets
//! a 24-hour calendar, which is exact for the task itself), elapsed and
//! percent lags, manually scheduled tasks (a start-no-earlier-than at the
//! manual start), a task calendar combined with resource calendars (MS
//! Project intersects them; the task calendar wins here), several resource
//! calendars on one task (the first assignment's wins), scheduling from the
//! project finish. Ignored, with a warning each: inactive, external and
//! subproject tasks and their links, material and cost resources and their
//! assignments, cross-project links, assignments on summary tasks.
//! Placeholders MS Project always writes (task UID 0, the project summary;
//! resource UID 0; blank task rows) are skipped without a warning.

mod calendar;
mod export;
mod tasks;
mod values;

use std::collections::{BTreeMap, HashMap};

use chrono::NaiveDateTime;
use planwright_core::{
    Assignment, Calendar, CalendarId, Duration, Link, LinkKind, Money, Project, Resource,
    ResourceId, TaskId, Units,
};

pub use calendar::MAX_EXCEPTION_DAYS;
pub use export::{MspdiExport, write_mspdi};
use values::{boolean, datetime, decimal, duration_minutes, int, opt};

use crate::cycles::check_cycles;
use crate::xml::{Doc, El};
use crate::{Error, Warning};

/// What an imported file gives: the project, warnings, the maps from the
/// file's ids (MSPDI UIDs, P6 `task_id`s, …) and the authoring tool's
/// saved schedule.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct Import {
    /// The project.
    pub project: Project,
    /// Everything not imported exactly, by item.
    pub warnings: Vec<Warning>,
    /// Task UID (P6: `task_id`) → task (imported tasks only; P6 WBS nodes
    /// become summary tasks without an entry).
    pub tasks: BTreeMap<i64, TaskId>,
    /// Resource UID (P6: `rsrc_id`) → resource (work resources only).
    pub resources: BTreeMap<i64, ResourceId>,
    /// Calendar UID (P6: `clndr_id`) → calendar.
    pub calendars: BTreeMap<i64, CalendarId>,
    /// The schedule saved in the file, per imported task, in file order.
    pub saved: Vec<SavedTask>,
}

/// The dates and slack the authoring tool computed for one task, as saved
/// in the file (absent fields are `None`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct SavedTask {
    /// The task's UID.
    pub uid: i64,
    /// The imported task.
    pub task: TaskId,
    /// `Start`.
    pub start: Option<NaiveDateTime>,
    /// `Finish`.
    pub finish: Option<NaiveDateTime>,
    /// `EarlyStart`.
    pub early_start: Option<NaiveDateTime>,
    /// `EarlyFinish`.
    pub early_finish: Option<NaiveDateTime>,
    /// `LateStart`.
    pub late_start: Option<NaiveDateTime>,
    /// `LateFinish`.
    pub late_finish: Option<NaiveDateTime>,
    /// `TotalSlack` (saved in tenths of a minute), rounded to minutes.
    pub total_slack: Option<Duration>,
    /// `FreeSlack`, rounded to minutes.
    pub free_slack: Option<Duration>,
    /// `Critical`.
    pub critical: Option<bool>,
}

/// Task UIDs MS Project uses for "no resource" in an assignment.
const UNASSIGNED: i64 = -65_535;

/// Reads an MSPDI document.
///
/// # Errors
///
/// [`Error::Xml`] for malformed XML (with line and column),
/// [`Error::NotMspdi`], [`Error::InvalidValue`] and [`Error::Missing`] for
/// bad or missing fields, [`Error::DuplicateUid`], [`Error::UnknownUid`],
/// [`Error::Cycle`] for cyclic links (or calendar bases),
/// [`Error::TooLarge`] for calendar exceptions beyond
/// [`MAX_EXCEPTION_DAYS`], [`Error::Project`] when the model refuses an
/// item (e.g. contradictory progress).
///
/// # Example
///
/// ```
/// use planwright_formats::read_mspdi;
///
/// let xml = r#"<Project xmlns="http://schemas.microsoft.com/project">
///   <Name>demo</Name><StartDate>2024-03-04T08:00:00</StartDate>
///   <Tasks>
///     <Task><UID>1</UID><ID>1</ID><Name>Dig</Name><OutlineLevel>1</OutlineLevel>
///       <Duration>PT16H0M0S</Duration></Task>
///     <Task><UID>2</UID><ID>2</ID><Name>Pour</Name><OutlineLevel>1</OutlineLevel>
///       <Duration>PT8H0M0S</Duration>
///       <PredecessorLink><PredecessorUID>1</PredecessorUID><Type>1</Type></PredecessorLink>
///     </Task>
///   </Tasks>
/// </Project>"#;
/// let import = read_mspdi(xml)?;
/// assert_eq!(import.project.task_count(), 2);
/// let pour = import.tasks[&2];
/// assert_eq!(import.project.task(pour).unwrap().name, "Pour");
/// assert!(import.warnings.is_empty());
/// # Ok::<(), planwright_formats::Error>(())
/// ```
pub fn read_mspdi(xml: &str) -> Result<Import, Error> {
    let doc = Doc::parse(xml)?;
    let root = doc.root();
    if root.name() != "Project" {
        return Err(Error::NotMspdi {
            found: root.name().to_owned(),
        });
    }
    Reader::new(root).read()
}

fn task_item(uid: i64, name: &str) -> String {
    format!("task UID {uid} {name:?}")
}

fn resource_item(uid: i64, name: &str) -> String {
    format!("resource UID {uid} {name:?}")
}

fn missing(el: El<'_>, element: &'static str, item: &str) -> Error {
    let (line, column) = el.line_column();
    Error::Missing {
        element,
        item: item.to_owned(),
        line,
        column,
    }
}

fn required_uid(el: El<'_>, item: &str) -> Result<i64, Error> {
    let f = el.field("UID").ok_or_else(|| missing(el, "UID", item))?;
    int(f, item)
}

/// Elapsed duration and lag formats: em, eh, ed, ew, emo, e% (4 … 12, 20)
/// and their "estimated" variants, 32 higher.
fn is_elapsed(format: i64) -> bool {
    let base = if format >= 32 { format - 32 } else { format };
    matches!(base, 4 | 6 | 8 | 10 | 12 | 20)
}

fn is_percent(format: i64) -> bool {
    matches!(format, 19 | 20 | 51 | 52)
}

/// Money from a decimal amount in major units.
fn money(amount: f64, digits: u32) -> Money {
    let scaled = (amount * 10f64.powi(i32::try_from(digits).unwrap_or(2))).round();
    #[allow(clippy::cast_possible_truncation)]
    Money::minor(scaled.clamp(-9.0e15, 9.0e15) as i64)
}

fn units(fraction: f64) -> Option<Units> {
    let bp = (fraction * 10_000.0).round();
    if bp >= 1.0 && bp <= f64::from(u32::MAX) {
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        Some(Units::basis(bp as u32))
    } else {
        None
    }
}

struct Reader<'d> {
    root: El<'d>,
    project: Project,
    warnings: Vec<Warning>,
    calendars: HashMap<i64, CalendarId>,
    resources: BTreeMap<i64, ResourceId>,
    tasks: BTreeMap<i64, TaskId>,
    /// Task UIDs left out on purpose (inactive, external, …): links to them
    /// are dropped with a warning rather than failing as unknown.
    skipped: HashMap<i64, String>,
    /// Resource UIDs left out on purpose (material, cost).
    skipped_resources: HashMap<i64, String>,
    /// Calendar for elapsed durations, made on first use.
    elapsed_calendar: Option<CalendarId>,
    digits: u32,
    minutes_per_week: i64,
}

impl<'d> Reader<'d> {
    fn new(root: El<'d>) -> Self {
        let name = root
            .field("Title")
            .or_else(|| root.field("Name"))
            .map_or("project", |f| f.text());
        Reader {
            root,
            project: Project::new(name),
            warnings: Vec::new(),
            calendars: HashMap::new(),
            resources: BTreeMap::new(),
            tasks: BTreeMap::new(),
            skipped: HashMap::new(),
            skipped_resources: HashMap::new(),
            elapsed_calendar: None,
            digits: 2,
            minutes_per_week: 2_400,
        }
    }

    fn read(mut self) -> Result<Import, Error> {
        self.read_properties()?;
        self.calendars =
            calendar::read_calendars(self.root, &mut self.project, &mut self.warnings)?;
        if let Some(f) = self.root.field("CalendarUID") {
            let uid = int(f, "the project")?;
            match self.calendars.get(&uid) {
                Some(&id) => {
                    self.project
                        .set_project_calendar(id)
                        .map_err(|source| Error::Project {
                            item: "the project".into(),
                            source,
                        })?
                }
                None if self.calendars.is_empty() => {}
                None => {
                    let (line, column) = f.el.line_column();
                    return Err(Error::UnknownUid {
                        kind: "calendar",
                        uid,
                        referrer: "the project".into(),
                        line,
                        column,
                    });
                }
            }
        }
        self.read_resources()?;
        let assignments = self.read_assignments()?;
        let saved = self.read_tasks(&assignments)?;
        self.read_links()?;
        Ok(Import {
            project: self.project,
            warnings: self.warnings,
            tasks: self.tasks,
            resources: self.resources,
            calendars: self.calendars.into_iter().collect(),
            saved,
        })
    }

    fn read_properties(&mut self) -> Result<(), Error> {
        let root = self.root;
        let item = "the project";
        let start = root
            .field("StartDate")
            .ok_or_else(|| missing(root, "StartDate", item))?;
        let mut start = datetime(start, item)?;
        // The project summary task (UID 0) holds the start MS Project
        // scheduled from; a file whose StartDate is later than it (files
        // converted by other tools) is read by its schedule.
        let summary_start = root
            .child("Tasks")
            .into_iter()
            .flat_map(|t| t.children("Task"))
            .find(|t| t.field("UID").is_some_and(|u| u.text() == "0"))
            .map(|t| opt(t, "Start", "task UID 0 (the project summary)", datetime))
            .transpose()?
            .flatten();
        if let Some(earlier) = summary_start.filter(|&s| s < start) {
            self.warnings.push(Warning::approximated(
                item,
                format!(
                    "StartDate {start} is after the start of the project summary task, {earlier}: the project starts at {earlier}"
                ),
            ));
            start = earlier;
        }
        self.project.set_start(start);
        if let Some(status) = opt(root, "StatusDate", item, datetime)? {
            self.project
                .set_status_date(Some(status))
                .map_err(|source| Error::Project {
                    item: item.into(),
                    source,
                })?;
        }
        if let Some(d) = opt(root, "CurrencyDigits", item, int)? {
            self.digits = u32::try_from(d.clamp(0, 4)).unwrap_or(2);
        }
        if let Some(m) = opt(root, "MinutesPerWeek", item, int)? {
            if m > 0 && m <= 7 * 24 * 60 {
                self.minutes_per_week = m;
            }
        }
        if opt(root, "ScheduleFromStart", item, boolean)? == Some(false) {
            self.warnings.push(Warning::approximated(
                item,
                "scheduled from the project finish in the file; planned forward from the start here",
            ));
        }
        Ok(())
    }

    fn read_resources(&mut self) -> Result<(), Error> {
        let root = self.root;
        let mut seen = HashMap::new();
        for el in root
            .child("Resources")
            .into_iter()
            .flat_map(|r| r.children("Resource"))
        {
            let uid = required_uid(el, "a resource")?;
            let name = el.field("Name").map_or("", |f| f.text());
            if seen.insert(uid, ()).is_some() {
                let (line, column) = el.line_column();
                return Err(Error::DuplicateUid {
                    kind: "resource",
                    uid,
                    line,
                    column,
                });
            }
            let item = resource_item(uid, name);
            if opt(el, "IsNull", &item, boolean)? == Some(true) || (uid == 0 && name.is_empty()) {
                self.skipped_resources.insert(uid, item);
                continue;
            }
            let kind = opt(el, "Type", &item, int)?.unwrap_or(1);
            if kind != 1 {
                let what = if kind == 0 { "material" } else { "cost" };
                self.warnings.push(Warning::ignored(
                    item.clone(),
                    format!(
                        "a {what} resource (and its assignments): only work resources are modelled"
                    ),
                ));
                self.skipped_resources.insert(uid, item);
                continue;
            }
            let max_units = opt(el, "MaxUnits", &item, decimal)?.unwrap_or(1.0);
            let capacity = units(max_units).ok_or_else(|| {
                el.field("MaxUnits")
                    .expect("read above")
                    .invalid("a positive number of units (1.00 = 100 %)", &item)
            })?;
            let mut resource = if capacity > Units::FULL {
                Resource::team(uid.to_string())
            } else {
                Resource::person(uid.to_string())
            }
            .name(name)
            .capacity(capacity);
            if let Some(rate) = opt(el, "StandardRate", &item, decimal)? {
                resource = resource.rate(money(rate, self.digits));
            }
            if let Some(f) = el.field("CalendarUID") {
                let cal = int(f, &item)?;
                if cal >= 0 {
                    let id = *self.calendars.get(&cal).ok_or_else(|| {
                        let (line, column) = f.el.line_column();
                        Error::UnknownUid {
                            kind: "calendar",
                            uid: cal,
                            referrer: item.clone(),
                            line,
                            column,
                        }
                    })?;
                    resource = resource.calendar(id);
                }
            }
            let id = self
                .project
                .add_resource(resource)
                .map_err(|source| Error::Project {
                    item: item.clone(),
                    source,
                })?;
            self.resources.insert(uid, id);
        }
        Ok(())
    }

    /// Assignments by task UID: (resource, units), unknown resources
    /// refused, placeholders and non-work resources left out.
    fn read_assignments(&mut self) -> Result<HashMap<i64, Vec<Assignment>>, Error> {
        let mut by_task: HashMap<i64, Vec<Assignment>> = HashMap::new();
        for el in self
            .root
            .child("Assignments")
            .into_iter()
            .flat_map(|a| a.children("Assignment"))
        {
            let item = el.field("UID").map_or_else(
                || "an assignment".to_owned(),
                |f| format!("assignment UID {}", f.text()),
            );
            let task_field = el
                .field("TaskUID")
                .ok_or_else(|| missing(el, "TaskUID", &item))?;
            let task = int(task_field, &item)?;
            let resource_field = el
                .field("ResourceUID")
                .ok_or_else(|| missing(el, "ResourceUID", &item))?;
            let resource = int(resource_field, &item)?;
            if resource == UNASSIGNED || self.skipped_resources.contains_key(&resource) {
                continue;
            }
            let Some(&id) = self.resources.get(&resource) else {
                let (line, column) = resource_field.el.line_column();
                return Err(Error::UnknownUid {
                    kind: "resource",
                    uid: resource,
                    referrer: item,
                    line,
                    column,
                });
            };
            let fraction = opt(el, "Units", &item, decimal)?.unwrap_or(1.0);
            let Some(u) = units(fraction) else {
                self.warnings.push(Warning::ignored(
                    item,
                    format!("an assignment at {:.0} % units", fraction * 100.0),
                ));
                continue;
            };
            let mut assignment = Assignment::new(id, u);
            if let Some(work) = opt(el, "ActualWork", &item, duration_minutes)? {
                if work > 0 {
                    assignment = assignment.actual_work(Duration::minutes(work));
                }
            }
            by_task.entry(task).or_default().push(assignment);
        }
        Ok(by_task)
    }

    fn elapsed_calendar(&mut self) -> Result<CalendarId, Error> {
        if let Some(id) = self.elapsed_calendar {
            return Ok(id);
        }
        let mut name = "24 Hours (elapsed)".to_owned();
        while self.project.calendar_id(&name).is_some() {
            name.push('\'');
        }
        let id = self
            .project
            .add_calendar(Calendar::continuous(name))
            .map_err(|source| Error::Project {
                item: "the elapsed-time calendar".into(),
                source,
            })?;
        self.elapsed_calendar = Some(id);
        Ok(id)
    }

    fn read_links(&mut self) -> Result<(), Error> {
        let root = self.root;
        for el in root
            .child("Tasks")
            .into_iter()
            .flat_map(|t| t.children("Task"))
        {
            let uid = required_uid(el, "a task")?;
            let Some(&to) = self.tasks.get(&uid) else {
                continue;
            };
            let name = el.field("Name").map_or("", |f| f.text());
            let item = task_item(uid, name);
            for link in el.children("PredecessorLink") {
                let referrer = format!("a predecessor link of {item}");
                let pf = link
                    .field("PredecessorUID")
                    .ok_or_else(|| missing(link, "PredecessorUID", &referrer))?;
                let pred = int(pf, &referrer)?;
                if opt(link, "CrossProject", &referrer, boolean)? == Some(true) {
                    self.warnings.push(Warning::ignored(
                        item.clone(),
                        format!("a link from task UID {pred} of another project"),
                    ));
                    continue;
                }
                let from = match self.tasks.get(&pred) {
                    Some(&from) => from,
                    None => {
                        if let Some(skipped) = self.skipped.get(&pred) {
                            self.warnings.push(Warning::ignored(
                                item.clone(),
                                format!("its link from {skipped}, which is not imported"),
                            ));
                            continue;
                        }
                        let (line, column) = pf.el.line_column();
                        return Err(Error::UnknownUid {
                            kind: "task",
                            uid: pred,
                            referrer,
                            line,
                            column,
                        });
                    }
                };
                let kind = match opt(link, "Type", &referrer, int)?.unwrap_or(1) {
                    0 => LinkKind::FinishToFinish,
                    1 => LinkKind::FinishToStart,
                    2 => LinkKind::StartToFinish,
                    3 => LinkKind::StartToStart,
                    _ => {
                        return Err(link
                            .field("Type")
                            .expect("read above")
                            .invalid("a link type 0 (FF), 1 (FS), 2 (SF) or 3 (SS)", &referrer));
                    }
                };
                let lag = self.lag(link, &referrer, from)?;
                if from == to {
                    self.warnings
                        .push(Warning::ignored(item.clone(), "a link to itself"));
                    continue;
                }
                match self.project.add_link(Link::new(from, to, kind).lag(lag)) {
                    Ok(_) => {}
                    Err(planwright_core::Error::DuplicateLink { .. }) => {
                        self.warnings.push(Warning::ignored(
                            item.clone(),
                            format!("a second link with task UID {pred} (the first is kept)"),
                        ));
                    }
                    Err(source) => {
                        return Err(Error::Project {
                            item: referrer,
                            source,
                        });
                    }
                }
            }
        }
        let uid_of: HashMap<TaskId, i64> = self.tasks.iter().map(|(&u, &t)| (t, u)).collect();
        let project = &self.project;
        check_cycles(project, |id| {
            let name = project.task(id).map_or("", |t| t.name.as_str());
            task_item(uid_of.get(&id).copied().unwrap_or(-1), name)
        })
    }

    fn lag(&mut self, link: El<'d>, referrer: &str, from: TaskId) -> Result<Duration, Error> {
        let raw = opt(link, "LinkLag", referrer, decimal)?.unwrap_or(0.0);
        let format = opt(link, "LagFormat", referrer, int)?.unwrap_or(7);
        if raw == 0.0 {
            return Ok(Duration::ZERO);
        }
        let clamp = |minutes: f64| {
            #[allow(clippy::cast_possible_truncation)]
            Duration::minutes(minutes.round().clamp(-9.0e15, 9.0e15) as i64)
        };
        if is_percent(format) {
            // Tenths of a per cent of the predecessor's duration.
            let base = self
                .project
                .task(from)
                .map_or(0, |t| t.duration.as_minutes());
            #[allow(clippy::cast_precision_loss)]
            let lag = clamp(raw / 1000.0 * base as f64);
            self.warnings.push(Warning::approximated(
                referrer,
                format!(
                    "a lag of {:.1} % of the predecessor's duration: fixed at {lag}",
                    raw / 10.0
                ),
            ));
            return Ok(lag);
        }
        let minutes = raw / 10.0;
        if is_elapsed(format) {
            #[allow(clippy::cast_precision_loss)]
            let lag = clamp(minutes * self.minutes_per_week as f64 / 10_080.0);
            self.warnings.push(Warning::approximated(
                referrer,
                format!(
                    "an elapsed lag of {:.0} minutes: taken as {lag} of working time (the week's share of working time)",
                    minutes
                ),
            ));
            return Ok(lag);
        }
        Ok(clamp(minutes))
    }
}
