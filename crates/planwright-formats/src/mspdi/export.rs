//! MSPDI export: a [`Project`] as MS Project XML.

use core::fmt::Write;
use std::collections::{BTreeMap, BTreeSet, HashMap};

use chrono::{NaiveDate, NaiveDateTime};
use planwright_core::{
    Baseline, Calendar, CalendarId, Constraint, DaySchedule, Duration, LinkKind, Money, Progress,
    Project, ResourceId, ResourceKind, Task, TaskId, TaskKind, Units,
};

use crate::Warning;

/// An MSPDI document written from a project, and what it could not hold.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct MspdiExport {
    /// The XML text (UTF-8, MSPDI namespace).
    pub xml: String,
    /// What MSPDI has no place for, by item (three-point estimates,
    /// skills, tags, phases, stakeholders, non-numeric keys, …).
    pub warnings: Vec<Warning>,
}

/// Writes a project as MS Project XML (MSPDI).
///
/// UIDs: a task or resource whose key is a positive integer keeps it as
/// its UID (so a file read with [`read_mspdi`](crate::read_mspdi) writes
/// back with its own UIDs); the others are numbered after the largest.
/// Calendars are numbered in order from 1 and written as base calendars
/// with their exceptions as dated 2007+ `Exception`s. Durations, lags and
/// slack are written in MSPDI's units (hours and tenths of a minute);
/// money with two decimals.
///
/// Tasks are written in id order, which is the WBS order when every task
/// was added after its summary and before the summary's next sibling, and
/// links under their successors. When a project was built in that order
/// (every project read from a file is: tasks in WBS order, links grouped
/// by successor), has numeric keys and only what MSPDI holds (no
/// warnings), reading the output gives back an equal project.
///
/// # Example
///
/// ```
/// use planwright_core::{Duration, Link, Project, Task};
/// use planwright_formats::{read_mspdi, write_mspdi};
///
/// let mut p = Project::new("demo");
/// let a = p.add_task(Task::new("1").name("Dig").duration(Duration::days(2)))?;
/// let b = p.add_task(Task::new("2").name("Pour").duration(Duration::days(1)))?;
/// p.add_link(Link::finish_to_start(a, b))?;
/// let out = write_mspdi(&p);
/// assert!(out.warnings.is_empty());
/// assert!(out.xml.contains("<Name>Pour</Name>"));
/// let back = read_mspdi(&out.xml).expect("our own output reads back");
/// assert_eq!(back.project, p);
/// # Ok::<(), planwright_core::Error>(())
/// ```
#[must_use]
pub fn write_mspdi(project: &Project) -> MspdiExport {
    let mut w = Writer {
        out: String::with_capacity(4096 + project.task_count() * 1024),
        warnings: Vec::new(),
    };
    w.write(project);
    MspdiExport {
        xml: w.out,
        warnings: w.warnings,
    }
}

struct Writer {
    out: String,
    warnings: Vec<Warning>,
}

/// Escapes text for element content.
fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            // Control characters other than tab, newline and carriage
            // return are not allowed in XML 1.0.
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => {}
            c => out.push(c),
        }
    }
    out
}

fn datetime(d: NaiveDateTime) -> String {
    d.format("%Y-%m-%dT%H:%M:%S").to_string()
}

fn duration(d: Duration) -> String {
    let m = d.as_minutes();
    let sign = if m < 0 { "-" } else { "" };
    let m = m.unsigned_abs();
    format!("{sign}PT{}H{}M0S", m / 60, m % 60)
}

fn decimal_money(m: Money) -> String {
    let v = m.minor_units();
    let sign = if v < 0 { "-" } else { "" };
    let v = v.unsigned_abs();
    format!("{sign}{}.{:02}", v / 100, v % 100)
}

fn units(u: Units) -> String {
    let bp = u.basis_points();
    format!("{}.{:04}", bp / 10_000, bp % 10_000)
}

fn time(minutes: u32) -> String {
    let minutes = if minutes >= 24 * 60 { 0 } else { minutes };
    format!("{:02}:{:02}:00", minutes / 60, minutes % 60)
}

/// UIDs for items keyed by positive integers keep them; the rest follow
/// the largest.
fn uids<'a>(keys: impl Iterator<Item = &'a str> + Clone) -> Vec<(i64, bool)> {
    let numeric = |k: &str| {
        k.parse::<i64>()
            .ok()
            .filter(|&n| n > 0 && n.to_string() == k)
    };
    let mut used = BTreeSet::new();
    let mut out: Vec<Option<i64>> = keys
        .clone()
        .map(|k| numeric(k).filter(|&n| used.insert(n)))
        .collect();
    let mut next = used.last().copied().unwrap_or(0) + 1;
    out.iter_mut()
        .map(|slot| match slot {
            Some(n) => (*n, true),
            None => {
                let n = next;
                next += 1;
                (n, false)
            }
        })
        .collect()
}

impl Writer {
    fn el(&mut self, name: &str, value: impl core::fmt::Display) {
        let _ = write!(self.out, "<{name}>{value}</{name}>");
    }

    fn write(&mut self, p: &Project) {
        self.out.push_str(
            "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<Project xmlns=\"http://schemas.microsoft.com/project\">\n",
        );
        self.el("SaveVersion", 14);
        self.el("Name", escape(p.name()));
        self.el("ScheduleFromStart", 1);
        self.el("StartDate", datetime(p.start()));
        if let Some(s) = p.status_date() {
            self.el("StatusDate", datetime(s));
        }
        self.el("CurrencyDigits", 2);
        let calendars: HashMap<CalendarId, usize> = p
            .calendars()
            .enumerate()
            .map(|(i, (id, _))| (id, i + 1))
            .collect();
        self.el("CalendarUID", calendars[&p.calendar_id_of_project()]);
        self.el("MinutesPerDay", 480);
        self.el("MinutesPerWeek", 2400);
        self.el("DaysPerMonth", 20);
        self.el("DurationFormat", 7);
        self.el("NewTasksAreManual", 0);
        self.out.push_str("\n<Calendars>\n");
        for (i, (_, cal)) in p.calendars().enumerate() {
            self.calendar(i + 1, cal);
        }
        self.out.push_str("</Calendars>\n<Tasks>\n");
        self.tasks(p, &calendars);
        self.out.push_str("</Tasks>\n<Resources>\n");
        let resource_uids = uids(p.resources().map(|(_, r)| r.key.as_str()));
        let resource_uid: HashMap<ResourceId, i64> = p
            .resources()
            .zip(&resource_uids)
            .map(|((id, _), &(uid, _))| (id, uid))
            .collect();
        for ((_, r), &(uid, kept)) in p.resources().zip(&resource_uids) {
            if !kept {
                self.warnings.push(Warning::approximated(
                    format!("resource {:?}", r.key),
                    format!("MSPDI has no keys: written as UID {uid}"),
                ));
            }
            let read_back = if r.capacity > Units::FULL {
                ResourceKind::Team
            } else {
                ResourceKind::Person
            };
            if r.kind != read_back {
                self.warnings.push(Warning::approximated(
                    format!("resource {:?}", r.key),
                    format!(
                        "a {:?} resource: MSPDI work resources have no kind (read back as {read_back:?} from its units)",
                        r.kind
                    ),
                ));
            }
            if !r.skills.is_empty() {
                self.warnings.push(Warning::ignored(
                    format!("resource {:?}", r.key),
                    "skills (MSPDI has no place for them)",
                ));
            }
            self.out.push_str("<Resource>");
            self.el("UID", uid);
            self.el("ID", uid);
            self.el("Name", escape(&r.name));
            self.el("Type", 1);
            self.el("MaxUnits", units(r.capacity));
            self.el("StandardRate", decimal_money(r.rate));
            if let Some(c) = r.calendar.and_then(|c| calendars.get(&c)) {
                self.el("CalendarUID", c);
            }
            self.out.push_str("</Resource>\n");
        }
        self.out.push_str("</Resources>\n<Assignments>\n");
        let task_uid = self.task_uids(p);
        let mut next = 1;
        for (id, t) in p.tasks() {
            for a in &t.assignments {
                self.out.push_str("<Assignment>");
                self.el("UID", next);
                next += 1;
                self.el("TaskUID", task_uid[&id]);
                self.el(
                    "ResourceUID",
                    resource_uid.get(&a.resource).copied().unwrap_or(-65_535),
                );
                self.el("Units", units(a.units));
                if let Some(w) = a.actual_work {
                    self.el("ActualWork", duration(w));
                }
                self.out.push_str("</Assignment>\n");
            }
        }
        self.out.push_str("</Assignments>\n</Project>\n");
        for (what, lost) in [
            ("the description", !p.description().is_empty()),
            ("the objectives", !p.objectives().is_empty()),
            ("the budget", p.budget().is_some()),
        ] {
            if lost {
                self.warnings.push(Warning::ignored(
                    "the project",
                    format!("{what} (MSPDI has no place for it)"),
                ));
            }
        }
        for (_, s) in p.stakeholders() {
            self.warnings.push(Warning::ignored(
                format!("stakeholder {:?}", s.key),
                "stakeholders (MSPDI has no place for them)",
            ));
        }
    }

    fn calendar(&mut self, uid: usize, cal: &Calendar) {
        self.out.push_str("<Calendar>");
        self.el("UID", uid);
        self.el("Name", escape(cal.name()));
        self.el("IsBaseCalendar", 1);
        self.el("BaseCalendarUID", -1);
        self.out.push_str("<WeekDays>");
        // MSPDI weeks run Sunday first.
        let sunday_first = crate::MONDAY_FIRST[6..]
            .iter()
            .chain(&crate::MONDAY_FIRST[..6])
            .copied();
        for (n, day) in sunday_first.enumerate() {
            self.out.push_str("<WeekDay>");
            self.el("DayType", n + 1);
            self.day(cal.weekday(day));
            self.out.push_str("</WeekDay>");
        }
        self.out.push_str("</WeekDays>");
        // Runs of consecutive dates with the same schedule, one exception each.
        let mut runs: Vec<(NaiveDate, NaiveDate, &DaySchedule)> = Vec::new();
        for (&date, schedule) in cal.exceptions() {
            match runs.last_mut() {
                Some((_, last, s)) if *s == schedule && last.succ_opt() == Some(date) => {
                    *last = date;
                }
                _ => runs.push((date, date, schedule)),
            }
        }
        if !runs.is_empty() {
            self.out.push_str("<Exceptions>");
            for (from, to, schedule) in runs {
                self.out.push_str(
                    "<Exception><EnteredByOccurrences>0</EnteredByOccurrences><TimePeriod>",
                );
                self.el(
                    "FromDate",
                    datetime(from.and_hms_opt(0, 0, 0).unwrap_or_default()),
                );
                self.el(
                    "ToDate",
                    datetime(to.and_hms_opt(23, 59, 0).unwrap_or_default()),
                );
                self.out.push_str("</TimePeriod>");
                self.el("Occurrences", (to - from).num_days() + 1);
                self.el("Type", 1);
                self.el("Period", 1);
                self.day(schedule);
                self.out.push_str("</Exception>");
            }
            self.out.push_str("</Exceptions>");
        }
        self.out.push_str("</Calendar>\n");
    }

    fn day(&mut self, schedule: &DaySchedule) {
        self.el("DayWorking", u8::from(schedule.is_working()));
        if schedule.is_working() {
            self.out.push_str("<WorkingTimes>");
            for iv in schedule.intervals() {
                self.out.push_str("<WorkingTime>");
                self.el("FromTime", time(iv.start));
                self.el("ToTime", time(iv.end));
                self.out.push_str("</WorkingTime>");
            }
            self.out.push_str("</WorkingTimes>");
        }
    }

    fn task_uids(&self, p: &Project) -> HashMap<TaskId, i64> {
        let uids = uids(p.tasks().map(|(_, t)| t.key.as_str()));
        p.tasks()
            .zip(uids)
            .map(|((id, _), (uid, _))| (id, uid))
            .collect()
    }

    fn tasks(&mut self, p: &Project, calendars: &HashMap<CalendarId, usize>) {
        let task_uids = uids(p.tasks().map(|(_, t)| t.key.as_str()));
        let task_uid = self.task_uids(p);
        // Outline levels from the parents.
        let mut level: HashMap<TaskId, usize> = HashMap::new();
        for (id, t) in p.tasks() {
            let l = t.parent.and_then(|q| level.get(&q)).map_or(1, |l| l + 1);
            level.insert(id, l);
        }
        // Predecessor links by successor, in link order.
        let mut preds: BTreeMap<TaskId, Vec<(TaskId, LinkKind, Duration)>> = BTreeMap::new();
        for (_, l) in p.links() {
            preds.entry(l.to).or_default().push((l.from, l.kind, l.lag));
        }
        let baselines: Vec<&Baseline> = p.baselines().map(|(_, b)| b).collect();
        let numbers = self.baseline_numbers(&baselines);
        // The project summary task.
        self.out.push_str("<Task>");
        self.el("UID", 0);
        self.el("ID", 0);
        self.el("Name", escape(p.name()));
        self.el("OutlineLevel", 0);
        self.el("Summary", 1);
        self.el("Start", datetime(p.start()));
        self.out.push_str("</Task>\n");
        for (row, ((id, t), &(uid, kept))) in p.tasks().zip(&task_uids).enumerate() {
            let item = format!("task {:?}", t.key);
            self.task_losses(&item, t, uid, kept);
            self.out.push_str("<Task>");
            self.el("UID", uid);
            self.el("ID", row + 1);
            self.el("Name", escape(&t.name));
            self.el("Active", 1);
            self.el("Manual", 0);
            self.el("OutlineLevel", level[&id]);
            self.el("Priority", t.priority.value());
            let summary = t.kind == TaskKind::Summary;
            if !summary {
                self.el("Duration", duration(t.duration));
                self.el("DurationFormat", 7);
            }
            self.el("Milestone", u8::from(t.kind == TaskKind::Milestone));
            self.el("Summary", u8::from(summary));
            if t.fixed_cost != Money::ZERO {
                self.el("FixedCost", decimal_money(t.fixed_cost));
            }
            self.task_progress(&t.progress);
            self.task_constraint(t.constraint);
            self.task_calendar(p, t, calendars, &item);
            if let Some(d) = t.deadline {
                self.el("Deadline", datetime(d));
            }
            if !t.notes.is_empty() {
                self.el("Notes", escape(&t.notes));
            }
            for &(from, kind, lag) in preds.get(&id).into_iter().flatten() {
                self.predecessor_link(task_uid[&from], kind, lag);
            }
            for &(i, n) in &numbers {
                if let Some(e) = baselines[i].entries.get(&id) {
                    self.out.push_str("<Baseline>");
                    self.el("Number", n);
                    self.el("Start", datetime(e.start));
                    self.el("Finish", datetime(e.finish));
                    self.el("Duration", duration(e.duration));
                    self.el("Cost", decimal_money(e.cost));
                    self.out.push_str("</Baseline>");
                }
            }
            self.out.push_str("</Task>\n");
        }
    }

    /// MSPDI numbers baselines 0–10: "Baseline" is 0 and "Baseline n" n;
    /// the others take the next free number (a warning each) or, past
    /// eleven, are left out (a warning). Pairs (index in `baselines`,
    /// number) by number.
    fn baseline_numbers(&mut self, baselines: &[&Baseline]) -> Vec<(usize, i64)> {
        let mut numbers: Vec<(usize, i64)> = Vec::new();
        let mut used = BTreeSet::new();
        for (i, b) in baselines.iter().enumerate() {
            let n = if b.name == "Baseline" {
                Some(0)
            } else {
                b.name
                    .strip_prefix("Baseline ")
                    .and_then(|n| n.parse::<i64>().ok())
                    .filter(|n| (1..=10).contains(n))
            };
            if let Some(n) = n.filter(|n| used.insert(*n)) {
                numbers.push((i, n));
            }
        }
        for (i, b) in baselines.iter().enumerate() {
            if numbers.iter().any(|&(j, _)| j == i) {
                continue;
            }
            match (0..=10).find(|n| !used.contains(n)) {
                Some(n) => {
                    used.insert(n);
                    numbers.push((i, n));
                    self.warnings.push(Warning::approximated(
                        format!("baseline {:?}", b.name),
                        format!("written as baseline number {n} (MSPDI baselines have numbers, not names)"),
                    ));
                }
                None => self.warnings.push(Warning::ignored(
                    format!("baseline {:?}", b.name),
                    "MSPDI holds at most 11 baselines",
                )),
            }
        }
        numbers.sort_by_key(|&(_, n)| n);
        numbers
    }

    /// Warnings for what a task has and MSPDI cannot hold.
    fn task_losses(&mut self, item: &str, t: &Task, uid: i64, kept: bool) {
        if !kept {
            self.warnings.push(Warning::approximated(
                item.to_owned(),
                format!("MSPDI has no keys: written as UID {uid}"),
            ));
        }
        for (what, lost) in [
            ("a three-point estimate", t.three_point.is_some()),
            ("effort (the duration is written)", t.effort.is_some()),
            ("skills", !t.skills.is_empty()),
            ("tags", !t.tags.is_empty()),
            ("a lifecycle phase", t.phase.is_some()),
            (
                "physical percent complete",
                t.progress.physical_percent.is_some(),
            ),
            ("an actual cost", t.progress.actual_cost.is_some()),
        ] {
            if lost {
                self.warnings.push(Warning::ignored(
                    item.to_owned(),
                    format!("{what} (MSPDI has no place for it here)"),
                ));
            }
        }
    }

    fn task_progress(&mut self, pr: &Progress) {
        if pr.percent_complete > 0 || pr.actual_start.is_some() {
            self.el("PercentComplete", pr.percent_complete);
        }
        if let Some(s) = pr.actual_start {
            self.el("ActualStart", datetime(s));
        }
        if let Some(f) = pr.actual_finish {
            self.el("ActualFinish", datetime(f));
        }
        if let Some(r) = pr.remaining {
            self.el("RemainingDuration", duration(r));
        }
    }

    fn task_constraint(&mut self, c: Constraint) {
        let (kind, date) = match c {
            Constraint::AsSoonAsPossible => (0, None),
            Constraint::AsLateAsPossible => (1, None),
            Constraint::MustStartOn(d) => (2, Some(d)),
            Constraint::MustFinishOn(d) => (3, Some(d)),
            Constraint::StartNoEarlierThan(d) => (4, Some(d)),
            Constraint::StartNoLaterThan(d) => (5, Some(d)),
            Constraint::FinishNoEarlierThan(d) => (6, Some(d)),
            Constraint::FinishNoLaterThan(d) => (7, Some(d)),
        };
        self.el("ConstraintType", kind);
        if let Some(d) = date {
            self.el("ConstraintDate", datetime(d));
        }
    }

    /// The task's calendar: its own, used alone, or none (the resources'
    /// then, with a warning when they differ).
    fn task_calendar(
        &mut self,
        p: &Project,
        t: &Task,
        calendars: &HashMap<CalendarId, usize>,
        item: &str,
    ) {
        self.el(
            "CalendarUID",
            t.calendar
                .and_then(|c| calendars.get(&c))
                .map_or(-1, |&c| i64::try_from(c).unwrap_or(-1)),
        );
        if t.calendar.is_some() {
            // The task calendar alone, as the model schedules it (MS
            // Project would otherwise intersect it with the resources').
            self.el("IgnoreResourceCalendar", 1);
        } else {
            let mut cals = t
                .assignments
                .iter()
                .filter_map(|a| p.resource(a.resource).and_then(|r| r.calendar));
            if let Some(first) = cals.next() {
                if cals.any(|c| c != first) {
                    self.warnings.push(Warning::approximated(
                        item.to_owned(),
                        "resources on different calendars: planned here on the first one's, MS Project schedules each on its own",
                    ));
                }
            }
        }
    }

    fn predecessor_link(&mut self, from_uid: i64, kind: LinkKind, lag: Duration) {
        self.out.push_str("<PredecessorLink>");
        self.el("PredecessorUID", from_uid);
        self.el(
            "Type",
            match kind {
                LinkKind::FinishToFinish => 0,
                LinkKind::FinishToStart => 1,
                LinkKind::StartToFinish => 2,
                LinkKind::StartToStart => 3,
            },
        );
        self.el("LinkLag", lag.as_minutes().saturating_mul(10));
        self.el("LagFormat", 7);
        self.out.push_str("</PredecessorLink>");
    }
}
