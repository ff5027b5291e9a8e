//! Links on summary tasks, routed through helper activities, and the
//! leaves under each summary: shared by planning and by
//! [`Instance::from_project`](crate::rcpsp::Instance::from_project).

use std::collections::HashMap;

use planwright_core::{Duration, LinkKind, Project, Task, TaskId};

use super::Warning;
use crate::Error;

/// Where [`route_links`] puts activities and links: task `i` is node `i`;
/// helpers get the next node numbers.
pub(crate) trait LinkSink {
    /// Adds a zero-duration helper node and returns its number.
    fn helper(&mut self, name: String) -> Result<u32, Error>;
    /// Adds a link between nodes.
    fn link(&mut self, from: u32, to: u32, kind: LinkKind, lag: Duration) -> Result<(), Error>;
}

/// Adds the project's links to `sink`, routing links on summary tasks
/// through up to four helpers per summary (see [`plan_with`] for the rule):
/// *finish* (every leaf → helper, FF), *start* (every leaf → helper, SS),
/// *gate* (helper → every leaf, SS), *finish gate* (helper → every leaf, FF).
/// Returns the warnings the rule raises.
pub(crate) fn route_links(
    project: &Project,
    leaves: &[Vec<TaskId>],
    sink: &mut dyn LinkSink,
) -> Result<Vec<Warning>, Error> {
    let mut warnings = Vec::new();
    let mut helpers: HashMap<(TaskId, u8), u32> = HashMap::new();
    let mut endpoint = |tid: TaskId,
                        task: &Task,
                        role: u8,
                        sink: &mut dyn LinkSink,
                        warnings: &mut Vec<Warning>|
     -> Result<u32, Error> {
        if !task.is_summary() {
            return Ok(tid.get());
        }
        if leaves[tid.index()].is_empty() {
            warnings.push(Warning::EmptySummary {
                task: task.key.clone(),
            });
        }
        if let Some(&h) = helpers.get(&(tid, role)) {
            return Ok(h);
        }
        let (suffix, kind, inward) = match role {
            0 => ("finish", LinkKind::FinishToFinish, true),
            1 => ("start", LinkKind::StartToStart, true),
            2 => ("gate", LinkKind::StartToStart, false),
            _ => ("finish gate", LinkKind::FinishToFinish, false),
        };
        let h = sink.helper(format!("{} ({suffix})", task.key))?;
        for &leaf in &leaves[tid.index()] {
            if inward {
                sink.link(leaf.get(), h, kind, Duration::ZERO)?;
            } else {
                sink.link(h, leaf.get(), kind, Duration::ZERO)?;
            }
        }
        helpers.insert((tid, role), h);
        Ok(h)
    };
    for (_, link) in project.links() {
        let from_task = project.task(link.from).ok_or(Error::UnknownActivity {
            id: link.from.get(),
        })?;
        let to_task = project
            .task(link.to)
            .ok_or(Error::UnknownActivity { id: link.to.get() })?;
        let from_role = if link.kind.from_finish() { 0 } else { 1 };
        let to_role = if link.kind.to_finish() { 3 } else { 2 };
        let f = endpoint(link.from, from_task, from_role, sink, &mut warnings)?;
        let t = endpoint(link.to, to_task, to_role, sink, &mut warnings)?;
        if (from_task.is_summary() && !link.kind.from_finish())
            || (to_task.is_summary() && link.kind.to_finish())
        {
            warnings.push(Warning::SummaryLinkStricter {
                from: from_task.key.clone(),
                to: to_task.key.clone(),
                kind: link.kind,
            });
        }
        sink.link(f, t, link.kind, link.lag)?;
    }
    Ok(warnings)
}

/// The leaf (non-summary) tasks under each task, by task index.
pub(crate) fn leaves_of(project: &Project) -> Vec<Vec<TaskId>> {
    let n = project.task_count();
    let mut children: Vec<Vec<TaskId>> = vec![Vec::new(); n];
    for (id, t) in project.tasks() {
        if let Some(p) = t.parent {
            children[p.index()].push(id);
        }
    }
    let mut leaves = vec![Vec::new(); n];
    for (id, t) in project.tasks() {
        if !t.is_summary() {
            continue;
        }
        let mut stack = children[id.index()].clone();
        let mut out = Vec::new();
        while let Some(c) = stack.pop() {
            match project.task(c) {
                Some(ct) if ct.is_summary() => stack.extend(children[c.index()].iter().copied()),
                Some(_) => out.push(c),
                None => {}
            }
        }
        out.sort_unstable();
        leaves[id.index()] = out;
    }
    leaves
}
