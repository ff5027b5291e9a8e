//! Naming a dependency cycle: petgraph finds the strongly connected
//! components among the nodes a topological sort could not order, and a
//! breadth-first search the shortest cycle through the smallest id of the
//! component that holds it. Shared by networks and RCPSP instances.

use std::collections::{HashMap, HashSet, VecDeque};

use petgraph::graph::{DiGraph, NodeIndex};

/// One cycle among `stuck` (the nodes Kahn's algorithm left with
/// predecessors), as keys in link order with the first repeated at the end.
/// `edges` may include edges to or from other nodes; they are ignored.
pub(crate) fn name_cycle(
    stuck: &[u32],
    edges: impl Iterator<Item = (u32, u32)>,
    key: impl Fn(u32) -> String,
) -> Vec<String> {
    let mut index = HashMap::with_capacity(stuck.len());
    let mut g: DiGraph<u32, ()> = DiGraph::with_capacity(stuck.len(), 0);
    for &i in stuck {
        index.insert(i, g.add_node(i));
    }
    for (f, t) in edges {
        if let (Some(&a), Some(&b)) = (index.get(&f), index.get(&t)) {
            g.add_edge(a, b, ());
        }
    }
    // The strongly connected component holding the smallest id, and the
    // shortest cycle through that id inside it (breadth-first search).
    let sccs = petgraph::algo::tarjan_scc(&g);
    let comp = sccs
        .iter()
        .filter(|c| c.len() > 1)
        .min_by_key(|c| c.iter().map(|n| g[*n]).min())
        .cloned()
        .unwrap_or_default();
    let in_comp: HashSet<NodeIndex> = comp.iter().copied().collect();
    let Some(&start) = comp.iter().min_by_key(|n| g[**n]) else {
        return Vec::new();
    };
    let mut parent: HashMap<NodeIndex, NodeIndex> = HashMap::new();
    let mut queue = VecDeque::from([start]);
    let mut end = None;
    'search: while let Some(v) = queue.pop_front() {
        let mut next: Vec<NodeIndex> = g.neighbors(v).filter(|w| in_comp.contains(w)).collect();
        next.sort_by_key(|w| g[*w]);
        for w in next {
            if w == start {
                end = Some(v);
                break 'search;
            }
            if let std::collections::hash_map::Entry::Vacant(e) = parent.entry(w) {
                e.insert(v);
                queue.push_back(w);
            }
        }
    }
    let mut path = Vec::new();
    let mut cur = end;
    while let Some(v) = cur {
        path.push(v);
        cur = if v == start {
            None
        } else {
            parent.get(&v).copied()
        };
    }
    path.reverse();
    let mut keys: Vec<String> = path.iter().map(|v| key(g[*v])).collect();
    keys.push(key(g[start]));
    keys
}
