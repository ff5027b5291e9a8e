//! Links on summary tasks, routed through helper activities, and the WBS
//! hierarchy: shared by planning and by
//! [`Instance::from_project`](crate::rcpsp::Instance::from_project).
//!
//! Everything here is linear in the number of tasks however deep the WBS:
//! helpers are chained through the hierarchy (a summary's helper links to
//! its children's helpers, not to every leaf below it), and walks are
//! iterative.

use std::collections::HashMap;

use planwright_core::{Duration, LinkKind, Project, TaskId};

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

/// The WBS: children of each task (in id order), whether a summary has any
/// leaf task under it, and every task in post-order (children before their
/// parent).
pub(crate) struct Hierarchy {
    pub(crate) children: Vec<Vec<TaskId>>,
    pub(crate) has_leaf: Vec<bool>,
    pub(crate) post_order: Vec<TaskId>,
}

/// The project's hierarchy. O(n) for n tasks, whatever the depth.
pub(crate) fn hierarchy(project: &Project) -> Hierarchy {
    let n = project.task_count();
    let mut children: Vec<Vec<TaskId>> = vec![Vec::new(); n];
    let mut roots = Vec::new();
    for (id, t) in project.tasks() {
        match t.parent {
            Some(p) if p.index() < n => children[p.index()].push(id),
            _ => roots.push(id),
        }
    }
    // Iterative post-order from the roots.
    let mut post_order = Vec::with_capacity(n);
    let mut stack: Vec<(TaskId, usize)> = Vec::new();
    for &r in &roots {
        stack.push((r, 0));
        while let Some(&mut (v, ref mut k)) = stack.last_mut() {
            if let Some(&c) = children[v.index()].get(*k) {
                *k += 1;
                stack.push((c, 0));
            } else {
                post_order.push(v);
                stack.pop();
            }
        }
    }
    let mut has_leaf = vec![false; n];
    for &v in &post_order {
        let leaf = project.task(v).is_some_and(|t| !t.is_summary());
        has_leaf[v.index()] = leaf || children[v.index()].iter().any(|c| has_leaf[c.index()]);
    }
    Hierarchy {
        children,
        has_leaf,
        post_order,
    }
}

/// The four helper roles of a summary: *finish* (every leaf → helper, FF),
/// *start* (every leaf → helper, SS), *gate* (helper → every leaf, SS),
/// *finish gate* (helper → every leaf, FF).
const ROLES: [(&str, LinkKind, bool); 4] = [
    ("finish", LinkKind::FinishToFinish, true),
    ("start", LinkKind::StartToStart, true),
    ("gate", LinkKind::StartToStart, false),
    ("finish gate", LinkKind::FinishToFinish, false),
];

/// Helper nodes created so far, by (summary, role).
struct Helpers<'p> {
    project: &'p Project,
    h: &'p Hierarchy,
    made: HashMap<(TaskId, u8), u32>,
}

impl Helpers<'_> {
    /// The node that stands for `tid` in `role`: the task itself for a leaf,
    /// else its helper, creating it (and those of the summaries under it,
    /// bottom up, without recursion) on first use. `None` for a summary
    /// without any leaf.
    fn node(
        &mut self,
        tid: TaskId,
        role: u8,
        sink: &mut dyn LinkSink,
    ) -> Result<Option<u32>, Error> {
        let Some(task) = self.project.task(tid) else {
            return Err(Error::UnknownActivity { id: tid.get() });
        };
        if !task.is_summary() {
            return Ok(Some(tid.get()));
        }
        if !self.h.has_leaf[tid.index()] {
            return Ok(None);
        }
        if let Some(&n) = self.made.get(&(tid, role)) {
            return Ok(Some(n));
        }
        // Summaries under `tid` still without this helper, parents after
        // their children.
        let mut todo = Vec::new();
        let mut stack: Vec<(TaskId, usize)> = vec![(tid, 0)];
        while let Some(&mut (v, ref mut k)) = stack.last_mut() {
            match self.h.children[v.index()].get(*k) {
                Some(&c) => {
                    *k += 1;
                    let summary = self.project.task(c).is_some_and(|t| t.is_summary());
                    if summary && self.h.has_leaf[c.index()] && !self.made.contains_key(&(c, role))
                    {
                        stack.push((c, 0));
                    }
                }
                None => {
                    todo.push(v);
                    stack.pop();
                }
            }
        }
        let (suffix, kind, inward) = ROLES[usize::from(role)];
        for s in todo {
            let key = self.project.task(s).map_or("?", |t| t.key.as_str());
            let h = sink.helper(format!("{key} ({suffix})"))?;
            for &c in &self.h.children[s.index()] {
                let child = match self.project.task(c) {
                    Some(t) if t.is_summary() => {
                        if !self.h.has_leaf[c.index()] {
                            continue;
                        }
                        self.made[&(c, role)]
                    }
                    Some(_) => c.get(),
                    None => continue,
                };
                if inward {
                    sink.link(child, h, kind, Duration::ZERO)?;
                } else {
                    sink.link(h, child, kind, Duration::ZERO)?;
                }
            }
            self.made.insert((s, role), h);
        }
        Ok(Some(self.made[&(tid, role)]))
    }
}

/// Adds the project's links to `sink`, routing links on summary tasks
/// through up to four helpers per summary (see [`plan_with`] for the rule),
/// chained down the hierarchy so each summary costs O(children). Returns the
/// warnings the rule raises.
///
/// [`plan_with`]: crate::plan_with
pub(crate) fn route_links(
    project: &Project,
    h: &Hierarchy,
    sink: &mut dyn LinkSink,
) -> Result<Vec<Warning>, Error> {
    let mut warnings = Vec::new();
    let mut helpers = Helpers {
        project,
        h,
        made: HashMap::new(),
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
        let f = helpers.node(link.from, from_role, sink)?;
        let t = helpers.node(link.to, to_role, sink)?;
        for (task, node) in [(from_task, f), (to_task, t)] {
            if node.is_none() {
                warnings.push(Warning::EmptySummary {
                    task: task.key.clone(),
                });
            }
        }
        if (from_task.is_summary() && !link.kind.from_finish())
            || (to_task.is_summary() && link.kind.to_finish())
        {
            warnings.push(Warning::SummaryLinkStricter {
                from: from_task.key.clone(),
                to: to_task.key.clone(),
                kind: link.kind,
            });
        }
        if let (Some(f), Some(t)) = (f, t) {
            sink.link(f, t, link.kind, link.lag)?;
        }
    }
    Ok(warnings)
}
