//! Building the leveling model from a project and its critical-path plan:
//! activities with their calendars, demands, priorities and links;
//! resources and their capacities; the placements the plan gives and the
//! usage of a set of placements.

use chrono::NaiveDate;
use planwright_core::{Calendar, Constraint, Priority, Project, TaskId, TaskKind};

use super::model::{Act, Model, Placement, book, day_start};
use super::{Leveling, LevelingOptions};
use crate::Error;
use crate::network::ActivityId;
use crate::plan::Plan;

/// Days of a fixed (started, finished or pinned) activity from its dates.
fn fixed_days(model: &Model<'_>, a: usize) -> Result<Vec<(usize, i64)>, Error> {
    let act = &model.acts[a];
    let (s, f) = act.original;
    if f <= s || act.demands.is_empty() {
        return Ok(Vec::new());
    }
    let c = model.cals[act.cal];
    let mut out = Vec::new();
    let mut d = s.date();
    while d <= f.date() {
        let a0 = s.max(day_start(d));
        let next = d
            .succ_opt()
            .ok_or(Error::Core(planwright_core::Error::DateOutOfRange {
                context: "leveling",
            }))?;
        let m = c.work_between(a0, f.min(day_start(next))).as_minutes();
        if m > 0 {
            out.push((model.day_of(day_start(d)), m));
        }
        d = next;
    }
    Ok(out)
}

impl<'a> Model<'a> {
    /// The model of a project from its critical-path plan: every network
    /// activity (tasks, summary placeholders and helpers; only leaf tasks
    /// carry work), links, inherited priorities, resources and the range.
    pub(super) fn new(
        project: &'a Project,
        plan: &Plan,
        opt: &LevelingOptions,
    ) -> Result<Self, Error> {
        let network = plan.network();
        let n = network.len();
        let mut acts = Vec::with_capacity(n);
        let mut min_date = project.start().date();
        for i in 0..n {
            let act = activity(project, plan, opt, ActivityId::new(i as u32))?;
            min_date = min_date.min(act.es.date());
            acts.push(act);
        }
        for (f, t, kind, lag) in network.links() {
            acts[t.index()]
                .preds
                .push((f.index(), kind, lag.as_minutes()));
            acts[f.index()]
                .succs
                .push((t.index(), kind, lag.as_minutes()));
        }
        // Previous leveling delays as lower bounds.
        if !opt.clear_previous {
            for (tid, start) in &opt.previous {
                if let Some(a) = acts.get_mut(tid.index()) {
                    a.es = a.es.max(*start);
                }
            }
        }
        // Inherited priority, in reverse topological order.
        let topo: Vec<usize> = network.topological_order().map(|a| a.index()).collect();
        for &a in topo.iter().rev() {
            let inherited = acts[a]
                .succs
                .iter()
                .map(|&(s, _, _)| acts[s].priority)
                .max()
                .unwrap_or(0);
            acts[a].priority = acts[a].priority.max(inherited);
        }

        let cals: Vec<&Calendar> = project.calendars().map(|(_, c)| c).collect();
        let res: Vec<&planwright_core::Resource> = project.resources().map(|(_, r)| r).collect();
        let base = min_date.pred_opt().unwrap_or(min_date);
        let day_index = |d: NaiveDate| usize::try_from((d - base).num_days()).unwrap_or(0);
        Ok(Model {
            cap: vec![Vec::new(); res.len()],
            minutes: vec![Vec::new(); cals.len()],
            acts,
            cals,
            res_cal: res
                .iter()
                .map(|r| project.resource_calendar_id(r).index())
                .collect(),
            res_key: res.iter().map(|r| r.key.clone()).collect(),
            res_cap: res
                .iter()
                .map(|r| i64::from(r.capacity.basis_points()))
                .collect(),
            leveled: project
                .resources()
                .map(|(id, _)| opt.resources.as_ref().is_none_or(|v| v.contains(&id)))
                .collect(),
            base,
            // With a status date, the past is history: nothing before it is
            // leveled or reported.
            range: match (opt.range, plan.options().status_date) {
                (Some((a, b)), Some(st)) => Some((day_index(a.max(st.date())), day_index(b))),
                (Some((a, b)), None) => Some((day_index(a), day_index(b))),
                (None, Some(st)) => Some((day_index(st.date()), usize::MAX)),
                (None, None) => None,
            },
            split: opt.split,
            within_float: opt.mode == Leveling::WithinFloat,
        })
    }

    /// Where the critical-path schedule puts every activity.
    pub(super) fn critical_path_placements(&mut self) -> Result<Vec<Placement>, Error> {
        let mut out = Vec::with_capacity(self.acts.len());
        for a in 0..self.acts.len() {
            let p = if self.acts[a].fixed {
                self.fixed_placement(a)?
            } else {
                let (s, _) = self.acts[a].original;
                self.contiguous(a, s)?
            };
            out.push(p);
        }
        Ok(out)
    }

    /// The placement of a fixed (started, finished or pinned) activity.
    pub(super) fn fixed_placement(&self, a: usize) -> Result<Placement, Error> {
        Ok(Placement {
            start: self.acts[a].original.0,
            finish: self.acts[a].original.1,
            days: fixed_days(self, a)?,
            parts: Vec::new(),
        })
    }

    /// Booked work per resource per day index (bp·min) of `placed`.
    pub(super) fn usage(&self, placed: &[Placement]) -> Vec<Vec<i64>> {
        let mut used = vec![Vec::new(); self.res_cap.len()];
        for (a, p) in placed.iter().enumerate() {
            book(&mut used, &self.acts[a], p, 1);
        }
        used
    }
}

/// One activity of the model: a leaf task with its work, or a summary
/// placeholder or helper without any.
fn activity(
    project: &Project,
    plan: &Plan,
    opt: &LevelingOptions,
    aid: ActivityId,
) -> Result<Act, Error> {
    let i = aid.index();
    let schedule = plan.schedule();
    let unknown = || Error::UnknownActivity { id: aid.get() };
    let dates = schedule.dates(aid)?.ok_or_else(unknown)?;
    let float = schedule.total_float(aid).ok_or_else(unknown)?;
    let task = (i < project.task_count()).then(|| TaskId::new(i as u32));
    let t = task.and_then(|t| project.task(t));
    let (row_start, row_finish) = match task.and_then(|t| plan.task(t)) {
        Some(row) if t.is_some_and(|t| !t.is_summary()) => (row.start, row.finish),
        _ => (dates.early_start, dates.early_finish),
    };
    let mut act = Act {
        task: None,
        key: plan.network().key(aid).unwrap_or_default(),
        cal: project.calendar_id_of_project().index(),
        dur: 0,
        demands: Vec::new(),
        fixed: false,
        never_delay: false,
        es: row_start,
        ls: dates.late_start.max(row_start),
        lf: dates.late_finish,
        original: (row_start, row_finish),
        float: float.as_minutes(),
        priority: 0,
        preds: Vec::new(),
        succs: Vec::new(),
    };
    let Some(t) = t.filter(|t| t.kind != TaskKind::Summary) else {
        return Ok(act);
    };
    act.task = task;
    act.key = t.key.clone();
    act.cal = project.task_calendar_id(t).index();
    act.demands = t
        .assignments
        .iter()
        .filter_map(|a| {
            project
                .resources()
                .position(|(id, _)| id == a.resource)
                .map(|r| (r, i64::from(a.units.basis_points())))
        })
        .collect();
    act.fixed = t.progress.is_started()
        || matches!(
            t.constraint,
            Constraint::MustStartOn(_) | Constraint::MustFinishOn(_)
        )
        || opt
            .range
            .is_some_and(|(a, b)| row_start.date() < a || row_start.date() > b);
    act.dur = if t.progress.is_started() {
        0
    } else {
        t.duration.as_minutes()
    };
    act.never_delay = t.priority == Priority::HIGHEST;
    act.priority = t.priority.value();
    Ok(act)
}
