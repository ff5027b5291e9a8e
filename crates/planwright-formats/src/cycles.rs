//! Naming a dependency cycle in an imported project.

use planwright_core::{Project, TaskId};

use crate::Error;

/// Kahn's algorithm over the project's links; a cycle is named item by
/// item with `label`, the first repeated at the end.
pub(crate) fn check_cycles(
    project: &Project,
    label: impl Fn(TaskId) -> String,
) -> Result<(), Error> {
    let n = project.task_count();
    let mut succ: Vec<Vec<usize>> = vec![Vec::new(); n];
    let mut indegree = vec![0usize; n];
    for (_, link) in project.links() {
        succ[link.from.index()].push(link.to.index());
        indegree[link.to.index()] += 1;
    }
    let mut queue: Vec<usize> = (0..n).filter(|&i| indegree[i] == 0).collect();
    let mut done = 0;
    while let Some(i) = queue.pop() {
        done += 1;
        for &j in &succ[i] {
            indegree[j] -= 1;
            if indegree[j] == 0 {
                queue.push(j);
            }
        }
    }
    if done == n {
        return Ok(());
    }
    // Every task left has a predecessor left: walk backwards until a task
    // repeats.
    let mut pred: Vec<Option<usize>> = vec![None; n];
    for (_, link) in project.links() {
        let (f, t) = (link.from.index(), link.to.index());
        if indegree[f] > 0 && indegree[t] > 0 {
            pred[t] = Some(f);
        }
    }
    let Some(start) = (0..n).find(|&i| indegree[i] > 0) else {
        return Ok(());
    };
    let mut walk = vec![start];
    let mut at = start;
    while let Some(p) = pred[at] {
        if let Some(pos) = walk.iter().position(|&w| w == p) {
            let mut cycle: Vec<usize> = walk[pos..].to_vec();
            cycle.reverse();
            cycle.push(cycle[0]);
            let items = cycle
                .into_iter()
                .map(|i| label(TaskId::new(u32::try_from(i).unwrap_or(u32::MAX))))
                .collect();
            return Err(Error::Cycle { items });
        }
        walk.push(p);
        at = p;
    }
    // Unreachable: every task left in Kahn's algorithm has a predecessor
    // left, so the walk always closes a cycle.
    Ok(())
}
