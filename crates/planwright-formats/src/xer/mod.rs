//! Primavera P6 XER import.
//!
//! [`read_xer`] reads the tab-separated export P6 writes (`%T` table, `%F`
//! fields, `%R` rows) into a [`Project`]: the first project of the file
//! with its calendars, WBS (as summary tasks), activities, relationships,
//! resources and resource assignments, plus the schedule P6 saved (early
//! and late dates, total and free float) and a [`Warning`] for everything
//! approximated or left out.
//!
//! | XER | planwright |
//! |---|---|
//! | `PROJECT` (`proj_short_name`, `plan_start_date`, `last_recalc_date` = data date, `clndr_id`) | name, start, status date, project calendar |
//! | `CALENDAR` (`clndr_data`: weekdays and dated exceptions; `base_clndr_id`) | a [`planwright_core::Calendar`] each |
//! | `PROJWBS` | summary tasks, key = the WBS code path (`A.1.2`) |
//! | `TASK` (`task_code` = key, `target_drtn_hr_cnt`, status and actual dates, `remain_drtn_hr_cnt`, constraint, calendar) | tasks and milestones with progress |
//! | `TASKPRED` (`pred_type`, `lag_hr_cnt`) | links |
//! | `RSRC`, `RSRCRATE` (`max_qty_per_hr`, `cost_per_qty`), `TASKRSRC` (`target_qty_per_hr`) | resources and assignments |
//!
//! Approximated, with a warning: level-of-effort and WBS-summary
//! activities (ordinary tasks with their duration), relationship lags when
//! the project counts them on another calendar than the successor's, P6's
//! "start on" / "finish on" constraints (must start / finish on). Ignored,
//! with a warning: other projects of the file, secondary constraints,
//! material resources, links to other projects, empty WBS nodes.

mod calendar;
mod resources;
mod tables;

use resources::{read_assignments, read_resources};
use tables::{Rec, Tables};

use std::collections::{BTreeMap, HashMap, HashSet};

use chrono::NaiveDateTime;
use planwright_core::{
    Assignment, Calendar, CalendarId, Constraint, DaySchedule, Duration, Link, LinkKind, Progress,
    Project, Task, TaskId,
};

use crate::cycles::check_cycles;
use crate::{Error, Import, SavedTask, Warning};

fn activity_item(code: &str, name: &str) -> String {
    format!("activity {code:?} {name:?}")
}

/// Reads the first project of a Primavera P6 XER export.
///
/// # Errors
///
/// [`Error::Xer`] for a file that is not XER or breaks its table
/// structure (with the line), [`Error::InvalidValue`] for a bad field
/// (table and field, activity, line and column), [`Error::Missing`] for a
/// file without a project, [`Error::UnknownUid`] for a reference to an
/// activity, WBS node, resource or calendar the file does not have,
/// [`Error::Cycle`] for cyclic relationships, [`Error::Project`] when the
/// model refuses an item (e.g. a duplicate activity ID).
///
/// # Example
///
/// ```
/// use planwright_formats::read_xer;
///
/// let xer = "ERMHDR\t19.12\n\
/// %T\tPROJECT\n%F\tproj_id\tproj_short_name\tplan_start_date\n%R\t1\tDEMO\t2024-03-04 08:00\n\
/// %T\tTASK\n%F\ttask_id\tproj_id\ttask_code\ttask_name\ttask_type\ttarget_drtn_hr_cnt\n\
/// %R\t10\t1\tA1000\tDig\tTT_Task\t16\n%R\t11\t1\tA1010\tPour\tTT_Task\t8\n\
/// %T\tTASKPRED\n%F\ttask_pred_id\ttask_id\tpred_task_id\tproj_id\tpred_proj_id\tpred_type\tlag_hr_cnt\n\
/// %R\t1\t11\t10\t1\t1\tPR_FS\t0\n%E\n";
/// let import = read_xer(xer)?;
/// let pour = import.project.task(import.tasks[&11]).unwrap();
/// assert_eq!((pour.key.as_str(), pour.name.as_str()), ("A1010", "Pour"));
/// assert_eq!(import.project.links().count(), 1);
/// # Ok::<(), planwright_formats::Error>(())
/// ```
pub fn read_xer(text: &str) -> Result<Import, Error> {
    let tables = Tables::parse(text)?;
    let mut warnings = Vec::new();
    let projects: Vec<Rec<'_, '_>> = tables.rows("PROJECT").collect();
    let Some(proj) = projects.first() else {
        return Err(Error::Missing {
            element: "PROJECT",
            item: "the file".into(),
            line: 1,
            column: 1,
        });
    };
    let proj_id = proj.int("proj_id", "the project")?.unwrap_or(0);
    for other in &projects[1..] {
        warnings.push(Warning::ignored(
            format!("project {:?}", other.get("proj_short_name")),
            "a further project in the file (only the first is read)",
        ));
    }
    let mut project = Project::new(match proj.get("proj_short_name") {
        "" => "project",
        name => name,
    });
    let start = proj
        .datetime("plan_start_date", "the project")?
        .ok_or_else(|| Error::Missing {
            element: "PROJECT.plan_start_date",
            item: "the project".into(),
            line: proj.row.line,
            column: 1,
        })?;
    project.set_start(start);

    let calendars = read_calendars(&tables, &mut project)?;
    let calendar_of = |r: &Rec<'_, '_>, item: &str| lookup_calendar(&calendars, r, item);
    if let Some(c) = calendar_of(proj, "the project")? {
        project
            .set_project_calendar(c)
            .map_err(to_project("the project"))?;
    }

    let (resources, material) = read_resources(&tables, &calendars, &mut project, &mut warnings)?;
    let (mut assigned, assigned_line) =
        read_assignments(&tables, proj_id, &resources, &material, &mut warnings)?;

    let (tasks, saved) = read_activities(
        &tables,
        proj_id,
        &calendars,
        &mut assigned,
        &mut project,
        &mut warnings,
    )?;

    if let Some((&task, _)) = assigned.iter().min_by_key(|(t, _)| assigned_line[t]) {
        return Err(Error::UnknownUid {
            kind: "activity",
            uid: task,
            referrer: "a resource assignment (TASKRSRC)".into(),
            line: assigned_line[&task],
            column: 1,
        });
    }

    read_links(&tables, proj_id, &tasks, &mut project, &mut warnings)?;
    check_cycles(&project, |id| {
        let t = project.task(id);
        activity_item(
            t.map_or("", |t| t.key.as_str()),
            t.map_or("", |t| t.name.as_str()),
        )
    })?;
    // The data date: progress is measured at it.
    if let Some(data_date) = proj.datetime("last_recalc_date", "the project")? {
        project
            .set_status_date(Some(data_date))
            .map_err(to_project("the project"))?;
    }
    Ok(Import {
        project,
        warnings,
        tasks,
        resources,
        calendars: calendars.into_iter().collect(),
        saved,
    })
}

/// A node of the project's WBS (`PROJWBS`).
struct Wbs<'a> {
    parent: Option<i64>,
    code: &'a str,
    name: &'a str,
    seq: i64,
    /// The project's own node (`proj_node_flag`), not a summary task.
    root: bool,
}

/// The project's WBS nodes by `wbs_id`.
fn read_wbs<'a>(tables: &Tables<'a>, proj_id: i64) -> Result<BTreeMap<i64, Wbs<'a>>, Error> {
    let mut wbs: BTreeMap<i64, Wbs<'_>> = BTreeMap::new();
    for r in tables.rows("PROJWBS") {
        if r.int("proj_id", "a WBS node")?
            .is_some_and(|p| p != proj_id)
        {
            continue;
        }
        let id = r
            .int("wbs_id", "a WBS node")?
            .ok_or_else(|| r.invalid("wbs_id", "a WBS node", "an integer"))?;
        wbs.insert(
            id,
            Wbs {
                parent: r.int("parent_wbs_id", "a WBS node")?,
                code: r.get("wbs_short_name"),
                name: r.get("wbs_name"),
                seq: r.int("seq_num", "a WBS node")?.unwrap_or(0),
                root: r.get("proj_node_flag") == "Y",
            },
        );
    }
    Ok(wbs)
}

/// Activity rows (`task_rows` indices) by WBS node, and the nodes in use.
type WbsGroups = (BTreeMap<Option<i64>, Vec<usize>>, HashSet<i64>);

/// The activity rows (`task_rows` indices) under each WBS node (`None`: no
/// node, or the project's own), and the nodes with an activity at or below
/// them. An activity naming a node the file lacks is an error unless the
/// file has no WBS at all.
fn group_by_wbs(
    task_rows: &[Rec<'_, '_>],
    wbs: &BTreeMap<i64, Wbs<'_>>,
) -> Result<WbsGroups, Error> {
    let mut used: HashSet<i64> = HashSet::new();
    let mut by_wbs: BTreeMap<Option<i64>, Vec<usize>> = BTreeMap::new();
    for (i, r) in task_rows.iter().enumerate() {
        let item = activity_item(r.get("task_code"), r.get("task_name"));
        let w = r
            .int("wbs_id", &item)?
            .filter(|w| wbs.get(w).is_some_and(|n| !n.root));
        if let Some(mut at) = w {
            // Mark the node and its ancestors (a cycle in parents ends at a
            // node already marked).
            while used.insert(at) {
                match wbs
                    .get(&at)
                    .and_then(|n| n.parent)
                    .filter(|p| wbs.get(p).is_some_and(|n| !n.root))
                {
                    Some(p) => at = p,
                    None => break,
                }
            }
        } else if let Some(bad) = r.int("wbs_id", &item)?.filter(|w| !wbs.contains_key(w)) {
            if !wbs.is_empty() {
                return Err(Error::UnknownUid {
                    kind: "WBS node",
                    uid: bad,
                    referrer: item,
                    line: r.row.line,
                    column: 1,
                });
            }
        }
        by_wbs.entry(w).or_default().push(i);
    }
    Ok((by_wbs, used))
}

/// The WBS as summary tasks keyed by their code path (only where some
/// activity lies beneath; empty nodes warned) and the project's activities
/// beneath them, depth first, each taking its assignments out of
/// `assigned`: the tasks by `task_id`, and the schedule P6 saved for each.
fn read_activities(
    tables: &Tables<'_>,
    proj_id: i64,
    calendars: &HashMap<i64, CalendarId>,
    assigned: &mut HashMap<i64, Vec<Assignment>>,
    project: &mut Project,
    warnings: &mut Vec<Warning>,
) -> Result<(BTreeMap<i64, TaskId>, Vec<SavedTask>), Error> {
    let wbs = read_wbs(tables, proj_id)?;
    let task_rows: Vec<Rec<'_, '_>> = tables
        .rows("TASK")
        .filter(|r| r.in_project(proj_id))
        .collect();
    let (by_wbs, used) = group_by_wbs(&task_rows, &wbs)?;
    for (id, n) in &wbs {
        if !n.root && !used.contains(id) {
            warnings.push(Warning::ignored(
                format!("WBS {:?} {:?}", n.code, n.name),
                "a WBS node without activities",
            ));
        }
    }
    let mut children: BTreeMap<Option<i64>, Vec<i64>> = BTreeMap::new();
    for (&id, n) in &wbs {
        if used.contains(&id) {
            let parent = n.parent.filter(|p| used.contains(p));
            children.entry(parent).or_default().push(id);
        }
    }
    for list in children.values_mut() {
        list.sort_by_key(|id| (wbs[id].seq, wbs[id].code));
    }
    // Depth first: a node's activities, then its child nodes.
    let mut tasks: BTreeMap<i64, TaskId> = BTreeMap::new();
    let mut saved = Vec::new();
    let mut stack: Vec<(Option<i64>, Option<TaskId>, String)> = vec![(None, None, String::new())];
    let mut visited: HashSet<i64> = HashSet::new();
    while let Some((node, parent, path)) = stack.pop() {
        for &i in by_wbs.get(&node).map_or(&[][..], Vec::as_slice) {
            let r = &task_rows[i];
            let (task, uid) = activity(
                r,
                parent,
                calendars,
                assigned.remove(&r.int("task_id", "")?.unwrap_or(-1)),
                warnings,
            )?;
            let item = activity_item(r.get("task_code"), r.get("task_name"));
            let id = project.add_task(task).map_err(to_project(&item))?;
            if tasks.insert(uid, id).is_some() {
                return Err(Error::DuplicateUid {
                    kind: "activity",
                    uid,
                    line: r.row.line,
                    column: 1,
                });
            }
            saved.push(saved_task(r, uid, id, &item)?);
        }
        for &child in children
            .get(&node)
            .map_or(&[][..], Vec::as_slice)
            .iter()
            .rev()
        {
            if !visited.insert(child) {
                continue;
            }
            let n = &wbs[&child];
            let key = if path.is_empty() {
                n.code.to_owned()
            } else {
                format!("{path}.{}", n.code)
            };
            let item = format!("WBS {key:?}");
            let mut t = Task::summary(key.clone()).name(n.name);
            if let Some(p) = parent {
                t = t.parent(p);
            }
            let id = project.add_task(t).map_err(to_project(&item))?;
            stack.push((Some(child), Some(id), key));
        }
    }
    Ok((tasks, saved))
}

/// Every calendar of the file (bases resolved, exceptions by date), by
/// `clndr_id`.
fn read_calendars(
    tables: &Tables<'_>,
    project: &mut Project,
) -> Result<HashMap<i64, CalendarId>, Error> {
    let mut calendars: HashMap<i64, CalendarId> = HashMap::new();
    let cal_rows: Vec<Rec<'_, '_>> = tables.rows("CALENDAR").collect();
    let mut parsed: HashMap<i64, (usize, calendar::CalendarData)> = HashMap::new();
    for (i, r) in cal_rows.iter().enumerate() {
        let id = r
            .int("clndr_id", "a calendar")?
            .ok_or_else(|| r.invalid("clndr_id", "a calendar", "an integer"))?;
        let item = format!("calendar {id} {:?}", r.get("clndr_name"));
        let data = calendar::parse(r.get("clndr_data")).map_err(|message| Error::InvalidValue {
            element: "CALENDAR.clndr_data".into(),
            item: item.clone(),
            value: message,
            expected: "P6 calendar data",
            line: r.row.line,
            column: 1,
        })?;
        if parsed.insert(id, (i, data)).is_some() {
            return Err(Error::DuplicateUid {
                kind: "calendar",
                uid: id,
                line: r.row.line,
                column: 1,
            });
        }
    }
    let mut order: Vec<i64> = parsed.keys().copied().collect();
    order.sort_by_key(|id| parsed[id].0);
    for id in order {
        let r = &cal_rows[parsed[&id].0];
        let item = format!("calendar {id} {:?}", r.get("clndr_name"));
        // The base's weekdays fill the days the calendar leaves out.
        let mut week: [Option<DaySchedule>; 7] = parsed[&id].1.week.clone();
        let mut exceptions = BTreeMap::new();
        let mut seen = HashSet::from([id]);
        let mut base = r.int("base_clndr_id", &item)?;
        let mut chain = Vec::new();
        while let Some(b) = base {
            let Some((bi, bdata)) = parsed.get(&b) else {
                return Err(Error::UnknownUid {
                    kind: "calendar",
                    uid: b,
                    referrer: format!("the base of {item}"),
                    line: r.row.line,
                    column: 1,
                });
            };
            if !seen.insert(b) {
                return Err(Error::Cycle {
                    items: chain.iter().map(|c| format!("calendar {c}")).collect(),
                });
            }
            chain.push(b);
            for (d, s) in week.iter_mut().zip(&bdata.week) {
                if d.is_none() {
                    d.clone_from(s);
                }
            }
            base = cal_rows[*bi].int("base_clndr_id", &item)?;
            for (date, s) in &bdata.exceptions {
                exceptions.entry(*date).or_insert_with(|| s.clone());
            }
        }
        for (date, s) in &parsed[&id].1.exceptions {
            exceptions.insert(*date, s.clone());
        }
        let mut name = match r.get("clndr_name") {
            "" => format!("calendar {id}"),
            n => n.to_owned(),
        };
        if project.calendar_id(&name).is_some() {
            name = format!("{name} ({id})");
        }
        // Sunday first in P6, Monday first in the model.
        let mut days: [DaySchedule; 7] = core::array::from_fn(|i| {
            week[i].clone().unwrap_or_else(|| {
                if (1..=5).contains(&i) {
                    DaySchedule::standard()
                } else {
                    DaySchedule::non_working()
                }
            })
        });
        days.rotate_left(1);
        let mut cal = Calendar::new(name, days).map_err(to_project(&item))?;
        if exceptions.len() > crate::mspdi::MAX_EXCEPTION_DAYS {
            return Err(Error::TooLarge {
                item,
                limit: crate::mspdi::MAX_EXCEPTION_DAYS,
            });
        }
        for (date, s) in exceptions {
            cal.set_exception(date, s).map_err(to_project(&item))?;
        }
        calendars.insert(id, project.add_calendar(cal).map_err(to_project(&item))?);
    }
    Ok(calendars)
}

/// The project's relationships as links; a lag counted on another
/// calendar than the successor's is said once.
fn read_links(
    tables: &Tables<'_>,
    proj_id: i64,
    tasks: &BTreeMap<i64, TaskId>,
    project: &mut Project,
    warnings: &mut Vec<Warning>,
) -> Result<(), Error> {
    let lag_calendar = tables
        .rows("SCHEDOPTIONS")
        .find(|r| r.in_project(proj_id))
        .map(|r| r.get("sched_calendar_on_relationship_lag").to_owned());
    let mut lag_warned = false;
    for r in tables.rows("TASKPRED") {
        if r.int("proj_id", "a relationship")?
            .is_some_and(|p| p != proj_id)
        {
            continue;
        }
        let item = format!("relationship {}", r.get("task_pred_id"));
        let (Some(succ), Some(pred)) = (r.int("task_id", &item)?, r.int("pred_task_id", &item)?)
        else {
            continue;
        };
        if r.int("pred_proj_id", &item)?.is_some_and(|p| p != proj_id) {
            warnings.push(Warning::ignored(
                item,
                format!("a link from activity {pred} of another project"),
            ));
            continue;
        }
        let lookup = |uid| {
            tasks.get(&uid).copied().ok_or_else(|| Error::UnknownUid {
                kind: "activity",
                uid,
                referrer: item.clone(),
                line: r.row.line,
                column: 1,
            })
        };
        let (from, to) = (lookup(pred)?, lookup(succ)?);
        let kind = match r.get("pred_type") {
            "PR_FS" | "" => LinkKind::FinishToStart,
            "PR_SS" => LinkKind::StartToStart,
            "PR_FF" => LinkKind::FinishToFinish,
            "PR_SF" => LinkKind::StartToFinish,
            _ => return Err(r.invalid("pred_type", &item, "PR_FS, PR_SS, PR_FF or PR_SF")),
        };
        let lag = r.hours("lag_hr_cnt", &item)?.unwrap_or(Duration::ZERO);
        if lag != Duration::ZERO && !lag_warned {
            if let Some(cal) = lag_calendar
                .as_deref()
                .filter(|c| !c.is_empty() && *c != "rcal_Successor")
            {
                warnings.push(Warning::approximated(
                    "the project",
                    format!("relationship lags are counted on the successor's calendar here; the file says {cal}"),
                ));
                lag_warned = true;
            }
        }
        if from == to {
            warnings.push(Warning::ignored(item, "a link of an activity to itself"));
            continue;
        }
        match project.add_link(Link::new(from, to, kind).lag(lag)) {
            Ok(_) => {}
            Err(planwright_core::Error::DuplicateLink { .. }) => {
                warnings.push(Warning::ignored(
                    item,
                    "a second link between the same activities",
                ));
            }
            Err(e) => return Err(to_project(&item)(e)),
        }
    }
    Ok(())
}

/// The model's refusal of an item, named.
fn to_project(item: &str) -> impl FnOnce(planwright_core::Error) -> Error {
    let item = item.to_owned();
    move |source| Error::Project { item, source }
}

/// A row's `clndr_id` as a calendar of the project.
fn lookup_calendar(
    calendars: &HashMap<i64, CalendarId>,
    r: &Rec<'_, '_>,
    item: &str,
) -> Result<Option<CalendarId>, Error> {
    match r.int("clndr_id", item)? {
        None => Ok(None),
        Some(c) => calendars
            .get(&c)
            .copied()
            .map(Some)
            .ok_or_else(|| Error::UnknownUid {
                kind: "calendar",
                uid: c,
                referrer: item.to_owned(),
                line: r.row.line,
                column: 1,
            }),
    }
}

/// One `TASK` row as a task, and its `task_id`.
fn activity(
    r: &Rec<'_, '_>,
    parent: Option<TaskId>,
    calendars: &HashMap<i64, CalendarId>,
    assignments: Option<Vec<Assignment>>,
    warnings: &mut Vec<Warning>,
) -> Result<(Task, i64), Error> {
    let code = r.get("task_code");
    let item = activity_item(code, r.get("task_name"));
    let uid = r
        .int("task_id", &item)?
        .ok_or_else(|| r.invalid("task_id", &item, "an integer"))?;
    let key = if code.is_empty() {
        uid.to_string()
    } else {
        code.to_owned()
    };
    let duration = r
        .hours("target_drtn_hr_cnt", &item)?
        .unwrap_or(Duration::ZERO);
    if duration.is_negative() {
        return Err(r.invalid(
            "target_drtn_hr_cnt",
            &item,
            "a duration of zero or more hours",
        ));
    }
    let mut task = activity_kind(r, key, duration, &item, warnings)?.name(r.get("task_name"));
    if let Some(p) = parent {
        task = task.parent(p);
    }
    task.calendar = lookup_calendar(calendars, r, &item)?;
    if let Some(list) = assignments {
        if task.is_milestone() {
            warnings.push(Warning::ignored(
                item.clone(),
                "resource assignments on a milestone",
            ));
        } else {
            task.assignments = list;
        }
    }
    task.constraint = activity_constraint(r, &item, warnings)?;
    if !r.get("cstr_type2").is_empty() {
        warnings.push(Warning::ignored(
            item.clone(),
            format!("the secondary constraint {}", r.get("cstr_type2")),
        ));
    }
    task.progress = activity_progress(r, &item, duration)?;
    if r.get("complete_pct_type") == "CP_Phys" {
        if let Some(p) = r.decimal("phys_complete_pct", &item)? {
            #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
            {
                task.progress.physical_percent = Some(p.round().clamp(0.0, 100.0) as u8);
            }
        }
    }
    Ok((task, uid))
}

/// The task a `task_type` makes: a milestone, or a task of the planned
/// duration (level-of-effort and WBS summary activities with a warning).
fn activity_kind(
    r: &Rec<'_, '_>,
    key: String,
    duration: Duration,
    item: &str,
    warnings: &mut Vec<Warning>,
) -> Result<Task, Error> {
    Ok(match r.get("task_type") {
        "TT_Mile" | "TT_FinMile" => Task::milestone(key),
        kind @ ("TT_LOE" | "TT_WBS") => {
            warnings.push(Warning::approximated(
                item.to_owned(),
                format!(
                    "a {} activity: imported as an ordinary task with its planned duration",
                    if kind == "TT_LOE" {
                        "level-of-effort"
                    } else {
                        "WBS summary"
                    }
                ),
            ));
            Task::new(key).duration(duration)
        }
        "TT_Task" | "TT_Rsrc" | "" => Task::new(key).duration(duration),
        _ => {
            return Err(r.invalid(
                "task_type",
                item,
                "TT_Task, TT_Rsrc, TT_Mile, TT_FinMile, TT_LOE or TT_WBS",
            ));
        }
    })
}

/// The primary constraint (`cstr_type`, `cstr_date`); P6's soft "on"
/// dates become hard ones with a warning.
fn activity_constraint(
    r: &Rec<'_, '_>,
    item: &str,
    warnings: &mut Vec<Warning>,
) -> Result<Constraint, Error> {
    let date = r.datetime("cstr_date", item)?;
    let dated = |make: fn(NaiveDateTime) -> Constraint| {
        date.map(make).ok_or_else(|| Error::Missing {
            element: "TASK.cstr_date",
            item: item.to_owned(),
            line: r.row.line,
            column: 1,
        })
    };
    Ok(match r.get("cstr_type") {
        "" => Constraint::AsSoonAsPossible,
        "CS_ALAP" => Constraint::AsLateAsPossible,
        "CS_MSOA" => dated(Constraint::StartNoEarlierThan)?,
        "CS_MSOB" => dated(Constraint::StartNoLaterThan)?,
        "CS_MEOA" => dated(Constraint::FinishNoEarlierThan)?,
        "CS_MEOB" => dated(Constraint::FinishNoLaterThan)?,
        "CS_MANDSTART" => dated(Constraint::MustStartOn)?,
        "CS_MANDFIN" => dated(Constraint::MustFinishOn)?,
        kind @ ("CS_MSO" | "CS_MEO") => {
            warnings.push(Warning::approximated(
                item.to_owned(),
                format!(
                    "P6's {kind} (a soft \"on\" date): imported as a must-{} constraint",
                    if kind == "CS_MSO" {
                        "start-on"
                    } else {
                        "finish-on"
                    }
                ),
            ));
            dated(if kind == "CS_MSO" {
                Constraint::MustStartOn
            } else {
                Constraint::MustFinishOn
            })?
        }
        _ => {
            return Err(r.invalid(
                "cstr_type",
                item,
                "a P6 constraint type (CS_MSOA, CS_MEOB, ...)",
            ));
        }
    })
}

/// Progress from `status_code` and the actual dates: an active activity's
/// percent complete from its remaining duration.
fn activity_progress(r: &Rec<'_, '_>, item: &str, duration: Duration) -> Result<Progress, Error> {
    let actual_start = r.datetime("act_start_date", item)?;
    let actual_finish = r.datetime("act_end_date", item)?;
    Ok(match (r.get("status_code"), actual_start, actual_finish) {
        ("TK_Complete", Some(s), Some(f)) => Progress::finished(s, f),
        ("TK_Active" | "TK_Complete", Some(s), _) => {
            let remaining = r
                .hours("remain_drtn_hr_cnt", item)?
                .unwrap_or(duration)
                .max(Duration::ZERO);
            let done = if duration.as_minutes() > 0 {
                let left = remaining.as_minutes().min(duration.as_minutes());
                u8::try_from(
                    (100 * (duration.as_minutes() - left) / duration.as_minutes()).clamp(0, 99),
                )
                .unwrap_or(0)
            } else {
                0
            };
            let mut p = Progress::started(s, done);
            p.remaining = Some(remaining);
            p
        }
        ("TK_NotStart" | "", _, _) => Progress::not_started(),
        (status, _, _) => {
            return Err(r.invalid(
                "status_code",
                item,
                if matches!(status, "TK_Active" | "TK_Complete") {
                    "an actual start with this status"
                } else {
                    "TK_NotStart, TK_Active or TK_Complete"
                },
            ));
        }
    })
}

fn saved_task(r: &Rec<'_, '_>, uid: i64, task: TaskId, item: &str) -> Result<SavedTask, Error> {
    let early_start = r.datetime("early_start_date", item)?;
    let early_finish = r.datetime("early_end_date", item)?;
    Ok(SavedTask {
        uid,
        task,
        start: r.datetime("act_start_date", item)?.or(early_start),
        finish: r.datetime("act_end_date", item)?.or(early_finish),
        early_start,
        early_finish,
        late_start: r.datetime("late_start_date", item)?,
        late_finish: r.datetime("late_end_date", item)?,
        total_slack: r.hours("total_float_hr_cnt", item)?,
        free_slack: r.hours("free_float_hr_cnt", item)?,
        critical: None,
    })
}
