//! MSPDI tasks: rows in ID order with parents from outline levels,
//! durations, constraints (manually scheduled tasks), progress, task
//! calendars, assignments, baselines, and the schedule the file saved.

use std::collections::{BTreeMap, HashMap};

use chrono::NaiveDateTime;
use planwright_core::{
    Assignment, Baseline, BaselineEntry, CalendarId, Constraint, Duration, Priority, Progress,
    Task, TaskId,
};

use super::values::{boolean, datetime, decimal, duration_minutes, int, opt};
use super::{Reader, is_elapsed, missing, money, required_uid, task_item};
use crate::xml::El;
use crate::{Error, SavedTask, Warning};

pub(super) struct RawTask<'d> {
    el: El<'d>,
    uid: i64,
    item: String,
    level: i64,
    summary: bool,
}

impl<'d> Reader<'d> {
    pub(super) fn read_tasks(
        &mut self,
        assignments: &HashMap<i64, Vec<Assignment>>,
    ) -> Result<Vec<SavedTask>, Error> {
        let root = self.root;
        // Rows in ID order (the file's order when IDs are absent).
        let mut rows: Vec<(i64, usize, El<'d>)> = Vec::new();
        let mut seen = HashMap::new();
        for (n, el) in root
            .child("Tasks")
            .into_iter()
            .flat_map(|t| t.children("Task"))
            .enumerate()
        {
            let uid = required_uid(el, "a task")?;
            if seen.insert(uid, ()).is_some() {
                let (line, column) = el.line_column();
                return Err(Error::DuplicateUid {
                    kind: "task",
                    uid,
                    line,
                    column,
                });
            }
            let id = opt(el, "ID", "a task", int)?.unwrap_or(i64::MAX);
            rows.push((id, n, el));
        }
        rows.sort_by_key(|&(id, n, _)| (id, n));
        let mut raws = Vec::with_capacity(rows.len());
        for &(_, _, el) in &rows {
            let uid = required_uid(el, "a task")?;
            let name = el.field("Name").map_or("", |f| f.text());
            let item = task_item(uid, name);
            let level = opt(el, "OutlineLevel", &item, int)?.unwrap_or(1);
            let summary = opt(el, "Summary", &item, boolean)?.unwrap_or(false);
            if uid == 0 || level == 0 || opt(el, "IsNull", &item, boolean)? == Some(true) {
                self.skipped.insert(uid, item);
                continue;
            }
            let why = if opt(el, "Active", &item, boolean)? == Some(false) {
                Some("an inactive task (MS Project does not schedule it)")
            } else if opt(el, "ExternalTask", &item, boolean)? == Some(true) {
                Some("an external task (from another project)")
            } else if opt(el, "IsSubproject", &item, boolean)? == Some(true) {
                Some("an inserted subproject (its tasks are in another file)")
            } else {
                None
            };
            if let Some(why) = why {
                self.warnings.push(Warning::ignored(
                    item.clone(),
                    format!("{why}, and its links"),
                ));
                self.skipped.insert(uid, item);
                continue;
            }
            raws.push(RawTask {
                el,
                uid,
                item,
                level,
                summary,
            });
        }
        // A row followed by a deeper one has children: it is a summary.
        for i in 0..raws.len() {
            let has_children = raws
                .get(i + 1)
                .is_some_and(|next| next.level > raws[i].level);
            if has_children && !raws[i].summary {
                self.warnings.push(Warning::approximated(
                    raws[i].item.clone(),
                    "has subtasks but is not marked as a summary: imported as a summary task",
                ));
                raws[i].summary = true;
            } else if !has_children && raws[i].summary {
                self.warnings.push(Warning::approximated(
                    raws[i].item.clone(),
                    "marked as a summary without subtasks: imported as an ordinary task",
                ));
                raws[i].summary = false;
            }
        }
        let mut saved = Vec::with_capacity(raws.len());
        let mut parents: Vec<(i64, TaskId)> = Vec::new();
        let mut baselines: BTreeMap<i64, Vec<(TaskId, El<'d>, String)>> = BTreeMap::new();
        for raw in &raws {
            while parents.last().is_some_and(|&(level, _)| level >= raw.level) {
                parents.pop();
            }
            let parent = parents.last().map(|&(_, id)| id);
            let task = self.task(raw, parent, assignments.get(&raw.uid))?;
            let id = self
                .project
                .add_task(task)
                .map_err(|source| Error::Project {
                    item: raw.item.clone(),
                    source,
                })?;
            self.tasks.insert(raw.uid, id);
            if raw.summary {
                parents.push((raw.level, id));
            }
            saved.push(saved_task(raw, id)?);
            for b in raw.el.children("Baseline") {
                let number = opt(b, "Number", &raw.item, int)?.unwrap_or(0);
                baselines
                    .entry(number)
                    .or_default()
                    .push((id, b, raw.item.clone()));
            }
        }
        self.read_baselines(baselines)?;
        Ok(saved)
    }

    pub(super) fn task(
        &mut self,
        raw: &RawTask<'d>,
        parent: Option<TaskId>,
        assignments: Option<&Vec<Assignment>>,
    ) -> Result<Task, Error> {
        let el = raw.el;
        let item = raw.item.as_str();
        let name = el.field("Name").map_or("", |f| f.text());
        let minutes = opt(el, "Duration", item, duration_minutes)?.unwrap_or(0);
        if minutes < 0 {
            return Err(el
                .field("Duration")
                .expect("read above")
                .invalid("a duration of zero or more", item));
        }
        let duration = Duration::minutes(minutes);
        let milestone = opt(el, "Milestone", item, boolean)?.unwrap_or(false);
        let mut task = if raw.summary {
            Task::summary(raw.uid.to_string())
        } else if milestone && minutes == 0 {
            Task::milestone(raw.uid.to_string())
        } else {
            if milestone {
                self.warnings.push(Warning::approximated(
                    item,
                    "marked as a milestone with a duration: imported as an ordinary task",
                ));
            }
            Task::new(raw.uid.to_string()).duration(duration)
        };
        task = task.name(name);
        if let Some(parent) = parent {
            task = task.parent(parent);
        }
        if let Some(p) = opt(el, "Priority", item, int)? {
            let p = u16::try_from(p.clamp(0, 1000)).unwrap_or(500);
            task = task.priority(Priority::new(p).map_err(|source| Error::Project {
                item: item.to_owned(),
                source,
            })?);
        }
        if let Some(d) = opt(el, "Deadline", item, datetime)? {
            task = task.deadline(d);
        }
        if let Some(cost) = opt(el, "FixedCost", item, decimal)? {
            task = task.fixed_cost(money(cost, self.digits));
        }
        if let Some(notes) = el.field("Notes") {
            task = task.notes(notes.text());
        }
        if !raw.summary {
            let format = opt(el, "DurationFormat", item, int)?.unwrap_or(7);
            if is_elapsed(format) && minutes > 0 {
                task.calendar = Some(self.elapsed_calendar()?);
                self.warnings.push(Warning::approximated(
                    item,
                    "an elapsed duration: the task works on a 24-hour calendar",
                ));
            } else if let Some(f) = el.field("CalendarUID") {
                let uid = int(f, item)?;
                if uid >= 0 {
                    let id = *self.calendars.get(&uid).ok_or_else(|| {
                        let (line, column) = f.el.line_column();
                        Error::UnknownUid {
                            kind: "calendar",
                            uid,
                            referrer: item.to_owned(),
                            line,
                            column,
                        }
                    })?;
                    task.calendar = Some(id);
                }
            }
        }
        if let Some(list) = assignments {
            if raw.summary {
                self.warnings.push(Warning::ignored(
                    item,
                    "resource assignments on a summary task",
                ));
            } else {
                self.check_calendars(raw, &task, list)?;
                task.assignments.clone_from(list);
            }
        }
        task.constraint = self.constraint(raw)?;
        if !raw.summary {
            task.progress = progress(el, item, duration, &mut self.warnings)?;
        }
        Ok(task)
    }

    /// Warns when the task's calendar cannot be what MS Project uses.
    pub(super) fn check_calendars(
        &mut self,
        raw: &RawTask<'d>,
        task: &Task,
        list: &[Assignment],
    ) -> Result<(), Error> {
        let calendars: Vec<CalendarId> = list
            .iter()
            .filter_map(|a| self.project.resource(a.resource).and_then(|r| r.calendar))
            .collect();
        let ignore = opt(raw.el, "IgnoreResourceCalendar", &raw.item, boolean)?.unwrap_or(false);
        if task.calendar.is_some() && !calendars.is_empty() && !ignore {
            self.warnings.push(Warning::approximated(
                raw.item.clone(),
                "a task calendar and resource calendars: MS Project works in the time both allow; the task calendar is used",
            ));
        } else if task.calendar.is_none() && calendars.windows(2).any(|w| w[0] != w[1]) {
            self.warnings.push(Warning::approximated(
                raw.item.clone(),
                "resources on different calendars: the first assignment's calendar is used for the whole task",
            ));
        }
        Ok(())
    }

    pub(super) fn constraint(&mut self, raw: &RawTask<'d>) -> Result<Constraint, Error> {
        let el = raw.el;
        let item = raw.item.as_str();
        let kind = opt(el, "ConstraintType", item, int)?.unwrap_or(0);
        let date = opt(el, "ConstraintDate", item, datetime)?;
        let manual = opt(el, "Manual", item, boolean)?.unwrap_or(false);
        let dated = |make: fn(NaiveDateTime) -> Constraint| -> Result<Constraint, Error> {
            date.map(make)
                .ok_or_else(|| missing(el, "ConstraintDate", item))
        };
        let constraint = match kind {
            0 => Constraint::AsSoonAsPossible,
            1 => Constraint::AsLateAsPossible,
            2 => dated(Constraint::MustStartOn)?,
            3 => dated(Constraint::MustFinishOn)?,
            4 => dated(Constraint::StartNoEarlierThan)?,
            5 => dated(Constraint::StartNoLaterThan)?,
            6 => dated(Constraint::FinishNoEarlierThan)?,
            7 => dated(Constraint::FinishNoLaterThan)?,
            _ => {
                return Err(el
                    .field("ConstraintType")
                    .expect("read above")
                    .invalid("a constraint type 0 to 7", item));
            }
        };
        if manual && !raw.summary {
            let start =
                opt(el, "ManualStart", item, datetime)?.or(opt(el, "Start", item, datetime)?);
            if let (Some(start), Constraint::AsSoonAsPossible) = (start, constraint) {
                // Start-no-earlier-than keeps the start and leaves the late
                // dates to the logic, as MS Project does for a manual task;
                // before the project start only a must-start-on holds it.
                let (constraint, name) = if start < self.project.start() {
                    (Constraint::MustStartOn(start), "must start on")
                } else {
                    (
                        Constraint::StartNoEarlierThan(start),
                        "start no earlier than",
                    )
                };
                self.warnings.push(Warning::approximated(
                    item,
                    format!("manually scheduled: imported as {name} {start}"),
                ));
                return Ok(constraint);
            }
            self.warnings.push(Warning::approximated(
                item,
                "manually scheduled: imported as automatically scheduled",
            ));
        }
        Ok(constraint)
    }

    pub(super) fn read_baselines(
        &mut self,
        baselines: BTreeMap<i64, Vec<(TaskId, El<'d>, String)>>,
    ) -> Result<(), Error> {
        for (number, entries) in baselines {
            let name = if number == 0 {
                "Baseline".to_owned()
            } else {
                format!("Baseline {number}")
            };
            let mut baseline = Baseline::new(name.clone(), self.project.start());
            let mut partial = 0usize;
            for (task, el, item) in entries {
                let start = opt(el, "Start", &item, datetime)?;
                let finish = opt(el, "Finish", &item, datetime)?;
                let duration = opt(el, "Duration", &item, duration_minutes)?.unwrap_or(0);
                let cost = opt(el, "Cost", &item, decimal)?.unwrap_or(0.0);
                match (start, finish) {
                    (Some(start), Some(finish)) => {
                        baseline = baseline.entry(
                            task,
                            BaselineEntry::new(
                                start,
                                finish,
                                Duration::minutes(duration.max(0)),
                                money(cost, self.digits),
                            ),
                        );
                    }
                    _ => partial += 1,
                }
            }
            if partial > 0 {
                self.warnings.push(Warning::ignored(
                    format!("baseline {number}"),
                    format!("{partial} task baseline(s) without both a start and a finish"),
                ));
            }
            if !baseline.entries.is_empty() {
                self.project
                    .add_baseline(baseline)
                    .map_err(|source| Error::Project { item: name, source })?;
            }
        }
        Ok(())
    }
}

fn progress(
    el: El<'_>,
    item: &str,
    duration: Duration,
    warnings: &mut Vec<Warning>,
) -> Result<Progress, Error> {
    let percent = opt(el, "PercentComplete", item, int)?.unwrap_or(0);
    let actual_start = opt(el, "ActualStart", item, datetime)?;
    let actual_finish = opt(el, "ActualFinish", item, datetime)?;
    if !(0..=100).contains(&percent) {
        return Err(el
            .field("PercentComplete")
            .expect("read above")
            .invalid("a percentage from 0 to 100", item));
    }
    #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
    let percent = percent as u8;
    let mut progress = match (actual_start, actual_finish) {
        (Some(s), Some(f)) => Progress::finished(s, f),
        (Some(s), None) => Progress::started(s, percent),
        (None, _) if percent == 0 => return Ok(Progress::not_started()),
        (None, _) => {
            warnings.push(Warning::ignored(
                item,
                format!("{percent} % complete without an actual start"),
            ));
            return Ok(Progress::not_started());
        }
    };
    if actual_finish.is_none() {
        if let Some(rem) = opt(el, "RemainingDuration", item, duration_minutes)? {
            if (0..=duration.as_minutes()).contains(&rem) {
                progress.remaining = Some(Duration::minutes(rem));
            }
        }
    }
    Ok(progress)
}

fn saved_task(raw: &RawTask<'_>, task: TaskId) -> Result<SavedTask, Error> {
    let el = raw.el;
    let item = raw.item.as_str();
    let slack = |name| -> Result<Option<Duration>, Error> {
        Ok(opt(el, name, item, decimal)?.map(|tenths| {
            #[allow(clippy::cast_possible_truncation)]
            Duration::minutes((tenths / 10.0).round().clamp(-9.0e15, 9.0e15) as i64)
        }))
    };
    Ok(SavedTask {
        uid: raw.uid,
        task,
        start: opt(el, "Start", item, datetime)?,
        finish: opt(el, "Finish", item, datetime)?,
        early_start: opt(el, "EarlyStart", item, datetime)?,
        early_finish: opt(el, "EarlyFinish", item, datetime)?,
        late_start: opt(el, "LateStart", item, datetime)?,
        late_finish: opt(el, "LateFinish", item, datetime)?,
        total_slack: slack("TotalSlack")?,
        free_slack: slack("FreeSlack")?,
        critical: opt(el, "Critical", item, boolean)?,
    })
}
