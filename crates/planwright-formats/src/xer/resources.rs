//! P6 resources (`RSRC`, `RSRCRATE`) and assignments (`TASKRSRC`).

use std::collections::{BTreeMap, HashMap, HashSet};

use planwright_core::{Assignment, CalendarId, Money, Project, Resource, ResourceId, Units};

use super::tables::Tables;
use super::{lookup_calendar, to_project};
use crate::{Error, Warning};

/// The work and equipment resources (rates and limits from `RSRCRATE`,
/// first row per resource; material resources warned and left out), by
/// `rsrc_id`, and the ids of the material ones.
pub(super) fn read_resources(
    tables: &Tables<'_>,
    calendars: &HashMap<i64, CalendarId>,
    project: &mut Project,
    warnings: &mut Vec<Warning>,
) -> Result<(BTreeMap<i64, ResourceId>, HashSet<i64>), Error> {
    // Resources (rates and limits from RSRCRATE, first row per resource).
    let mut rates: HashMap<i64, (Option<f64>, Option<f64>)> = HashMap::new();
    for r in tables.rows("RSRCRATE") {
        if let Some(id) = r.int("rsrc_id", "a resource rate")? {
            rates.entry(id).or_insert((
                r.decimal("max_qty_per_hr", "a resource rate")?,
                r.decimal("cost_per_qty", "a resource rate")?,
            ));
        }
    }
    let mut resources: BTreeMap<i64, ResourceId> = BTreeMap::new();
    let mut material: HashSet<i64> = HashSet::new();
    for r in tables.rows("RSRC") {
        let id = r
            .int("rsrc_id", "a resource")?
            .ok_or_else(|| r.invalid("rsrc_id", "a resource", "an integer"))?;
        let key = match r.get("rsrc_short_name") {
            "" => id.to_string(),
            k => k.to_owned(),
        };
        let item = format!("resource {key:?} {:?}", r.get("rsrc_name"));
        let mut res = match r.get("rsrc_type") {
            "RT_Mat" => {
                warnings.push(Warning::ignored(
                    item,
                    "a material resource (and its assignments)",
                ));
                material.insert(id);
                continue;
            }
            "RT_Equip" => Resource::equipment(key),
            _ => Resource::person(key),
        }
        .name(r.get("rsrc_name"));
        let (max, cost) = rates.get(&id).copied().unwrap_or((None, None));
        if let Some(max) = max {
            let bp = (max * 10_000.0).round();
            if bp >= 1.0 && bp <= f64::from(u32::MAX) {
                #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
                {
                    res = res.capacity(Units::basis(bp as u32));
                }
            }
        }
        if let Some(cost) = cost {
            #[allow(clippy::cast_possible_truncation)]
            {
                res = res.rate(Money::minor(
                    (cost * 100.0).round().clamp(-9.0e15, 9.0e15) as i64
                ));
            }
        }
        if let Some(c) = lookup_calendar(calendars, &r, &item)? {
            res = res.calendar(c);
        }
        resources.insert(id, project.add_resource(res).map_err(to_project(&item))?);
    }
    Ok((resources, material))
}

/// The project's assignments (`TASKRSRC`) by `task_id`, and the line of
/// each task's first one (to name it when the task does not exist).
pub(super) fn read_assignments(
    tables: &Tables<'_>,
    proj_id: i64,
    resources: &BTreeMap<i64, ResourceId>,
    material: &HashSet<i64>,
    warnings: &mut Vec<Warning>,
) -> Result<Assigned, Error> {
    let mut assigned: HashMap<i64, Vec<Assignment>> = HashMap::new();
    let mut assigned_line: HashMap<i64, usize> = HashMap::new();
    for r in tables.rows("TASKRSRC") {
        if r.int("proj_id", "an assignment")?
            .is_some_and(|p| p != proj_id)
        {
            continue;
        }
        let item = format!("assignment {}", r.get("taskrsrc_id"));
        let (Some(task), Some(rsrc)) = (r.int("task_id", &item)?, r.int("rsrc_id", &item)?) else {
            continue;
        };
        if material.contains(&rsrc) {
            continue;
        }
        let id = *resources.get(&rsrc).ok_or_else(|| Error::UnknownUid {
            kind: "resource",
            uid: rsrc,
            referrer: item.clone(),
            line: r.row.line,
            column: 1,
        })?;
        let units = r.decimal("target_qty_per_hr", &item)?.unwrap_or(1.0);
        let bp = (units * 10_000.0).round();
        if !(1.0..=f64::from(u32::MAX)).contains(&bp) {
            warnings.push(Warning::ignored(
                item,
                format!("an assignment at {:.0} % units", units * 100.0),
            ));
            continue;
        }
        assigned_line.entry(task).or_insert(r.row.line);
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        assigned
            .entry(task)
            .or_default()
            .push(Assignment::new(id, Units::basis(bp as u32)));
    }
    Ok((assigned, assigned_line))
}

/// Assignments by `task_id`, and the line of each task's first one.
pub(super) type Assigned = (HashMap<i64, Vec<Assignment>>, HashMap<i64, usize>);
