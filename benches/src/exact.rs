//! An exact reference for leveling with delay on small projects (issue
//! 13): whole working days on one calendar, tasks using resources at
//! fixed units every day they run, links of every type with lags and
//! leads, no splitting. It shares no code with the engine.
//!
//! The model: task `i` starts on working day `s_i ≥ 0` and runs days
//! `s_i .. s_i + d_i`; a link is a minimum distance between starts
//! (`FS`: `s_j ≥ s_i + d_i + lag`, `SS`: `s_j ≥ s_i + lag`, `FF`:
//! `s_j + d_j ≥ s_i + d_i + lag`, `SF`: `s_j + d_j ≥ s_i + lag`); on every
//! day the units of the tasks running on a resource stay within its
//! capacity; the makespan `max(s_i + d_i)` is minimised.
//!
//! The search is a depth-first branch and bound over schedules built in
//! order of their starts (each schedule once): each task on any day from
//! its lower bound that the links and the best makespan so far allow;
//! leads (negative distances) become deadlines for predecessors placed
//! later. Neither the serial scheme over precedence-feasible orders nor
//! semi-active candidates from the ends of placed tasks are complete with
//! leads (the enumeration test and the harness each found a case). Pruned
//! by the critical-path and the resource-energy bounds. A node budget makes it give up rather than run long;
//! the brute-force test below checks it against plain enumeration.

// The search indexes several parallel arrays by task; index loops read
// clearer here than zipped iterators.
#![allow(clippy::needless_range_loop)]

use planwright_core::{Duration, Link, LinkKind, Project, Resource, Task, TaskKind, Units};

use crate::SplitRng;

/// A small leveling instance in whole working days.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Small {
    /// Duration of each task, days.
    pub durations: Vec<i64>,
    /// Units per task per resource, per cent.
    pub demands: Vec<Vec<u32>>,
    /// Capacity per resource, per cent.
    pub capacities: Vec<u32>,
    /// `(i, j, delta)`: `s_j ≥ s_i + delta`.
    pub distances: Vec<(usize, usize, i64)>,
}

impl Small {
    /// The instance of a project whose tasks all have whole-day
    /// durations and links whole-day lags, no summaries and no progress;
    /// `None` otherwise.
    #[must_use]
    pub fn of(p: &Project) -> Option<Small> {
        let day = 480;
        let resources: Vec<_> = p.resources().map(|(id, _)| id).collect();
        let capacities = p
            .resources()
            .map(|(_, r)| r.capacity.basis_points() / 100)
            .collect();
        let mut durations = Vec::new();
        let mut demands = Vec::new();
        for (_, t) in p.tasks() {
            if t.kind == TaskKind::Summary || t.progress.actual_start.is_some() {
                return None;
            }
            let m = t.duration.as_minutes();
            if m % day != 0 {
                return None;
            }
            durations.push(m / day);
            let mut row = vec![0u32; resources.len()];
            for a in &t.assignments {
                let r = resources.iter().position(|&x| x == a.resource)?;
                row[r] += a.units.basis_points() / 100;
            }
            demands.push(row);
        }
        let mut distances = Vec::new();
        for (_, l) in p.links() {
            let lag = l.lag.as_minutes();
            if lag % day != 0 {
                return None;
            }
            let (i, j, lag) = (l.from.index(), l.to.index(), lag / day);
            let (di, dj) = (durations[i], durations[j]);
            let delta = match l.kind {
                LinkKind::FinishToStart => di + lag,
                LinkKind::StartToStart => lag,
                LinkKind::FinishToFinish => di + lag - dj,
                LinkKind::StartToFinish => lag - dj,
            };
            distances.push((i, j, delta));
        }
        Some(Small {
            durations,
            demands,
            capacities,
            distances,
        })
    }

    fn n(&self) -> usize {
        self.durations.len()
    }

    /// Checks a schedule (starts in days): links, capacities, no start
    /// before day 0. Returns its makespan.
    #[must_use]
    pub fn check(&self, starts: &[i64]) -> Option<i64> {
        if starts.len() != self.n() || starts.iter().any(|&s| s < 0) {
            return None;
        }
        if self
            .distances
            .iter()
            .any(|&(i, j, d)| starts[j] < starts[i] + d)
        {
            return None;
        }
        let end = (0..self.n())
            .map(|i| starts[i] + self.durations[i])
            .max()
            .unwrap_or(0);
        for day in 0..end {
            for (r, &cap) in self.capacities.iter().enumerate() {
                let used: u32 = (0..self.n())
                    .filter(|&i| starts[i] <= day && day < starts[i] + self.durations[i])
                    .map(|i| self.demands[i][r])
                    .sum();
                if used > cap {
                    return None;
                }
            }
        }
        Some(end)
    }
}

/// A seeded small project of the shape issue 13 describes: 6–14 tasks of
/// 1–5 days, 2–3 teams at 100–300 %, each task on 1–2 of them at
/// 50–200 %, links of every type with lags from −1 to 2 days, starting
/// on a Monday on the standard calendar.
///
/// # Panics
///
/// Never for these sizes (the project model accepts every item made).
#[must_use]
pub fn small_project(seed: u64) -> Project {
    let mut rng = SplitRng::new(seed);
    let mut p = Project::new(format!("small-{seed}"));
    p.set_start(
        chrono::NaiveDate::from_ymd_opt(2026, 3, 2)
            .and_then(|d| d.and_hms_opt(8, 0, 0))
            .expect("a date"),
    );
    let k = 2 + rng.below(2) as usize;
    let caps: Vec<u32> = (0..k).map(|_| 100 * (1 + rng.below(3) as u32)).collect();
    let res: Vec<_> = (0..k)
        .map(|r| {
            p.add_resource(Resource::team(format!("r{r}")).capacity(Units::percent(caps[r])))
                .expect("a resource")
        })
        .collect();
    let n = 6 + rng.below(9) as usize;
    let mut ids = Vec::with_capacity(n);
    for i in 0..n {
        let mut t = Task::new(format!("t{i}")).duration(Duration::days(1 + rng.below(5) as i64));
        let uses = 1 + rng.below(2) as usize;
        let first = rng.below(k as u64) as usize;
        for u in 0..uses.min(k) {
            let r = (first + u) % k;
            // 50–200 %, never above the resource's capacity.
            let q = (50 * (1 + rng.below(4) as u32)).min(caps[r]);
            t = t.assign(res[r], Units::percent(q));
        }
        ids.push(p.add_task(t).expect("a task"));
    }
    for j in 1..n {
        for _ in 0..rng.below(3) {
            let i = rng.below(j as u64) as usize;
            let lag = Duration::days(rng.below(4) as i64 - 1);
            let link = match rng.below(4) {
                0 => Link::finish_to_start(ids[i], ids[j]),
                1 => Link::start_to_start(ids[i], ids[j]),
                2 => Link::finish_to_finish(ids[i], ids[j]),
                _ => Link::start_to_finish(ids[i], ids[j]),
            };
            let _ = p.add_link(link.lag(lag));
        }
    }
    p
}

/// The outcome of the exact search.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Exact {
    /// The optimum and a schedule reaching it (starts in days).
    Optimal(i64, Vec<i64>),
    /// No schedule exists (a task needs more than a capacity).
    Infeasible,
    /// The node budget ran out first; the best schedule found, if any.
    GaveUp(Option<i64>),
}

struct Search<'a> {
    inst: &'a Small,
    preds: Vec<Vec<(usize, i64)>>,
    succs: Vec<Vec<(usize, i64)>>,
    tail: Vec<i64>,
    usage: Vec<Vec<u32>>,
    starts: Vec<i64>,
    placed: Vec<bool>,
    best: i64,
    best_starts: Vec<i64>,
    nodes: u64,
    budget: u64,
}

/// Solves `inst` exactly within `budget` search nodes.
#[must_use]
pub fn solve(inst: &Small, budget: u64) -> Exact {
    solve_from(inst, budget, None)
}

/// Solves `inst` exactly within `budget` search nodes, starting from a
/// known schedule (starts in days), which is checked first and ignored
/// when it is not a schedule of `inst`. The search then only looks for a
/// strictly shorter one: if there is none, the known one is optimal.
#[must_use]
pub fn solve_from(inst: &Small, budget: u64, known: Option<&[i64]>) -> Exact {
    let n = inst.n();
    if (0..n).any(|i| {
        inst.demands[i]
            .iter()
            .zip(&inst.capacities)
            .any(|(&d, &c)| d > c)
    }) {
        return Exact::Infeasible;
    }
    let mut preds = vec![Vec::new(); n];
    let mut succs = vec![Vec::new(); n];
    for &(i, j, d) in &inst.distances {
        preds[j].push((i, d));
        succs[i].push((j, d));
    }
    // Tails: the least time from a task's start to the end of the project
    // (links are between lower and higher indices in these projects, but
    // compute in a topological order to be safe).
    let order = topological(n, &succs);
    let mut tail: Vec<i64> = inst.durations.clone();
    for &i in order.iter().rev() {
        for &(j, d) in &succs[i] {
            tail[i] = tail[i].max(d + tail[j]);
        }
    }
    let horizon: i64 = inst.durations.iter().sum::<i64>()
        + inst.distances.iter().map(|d| d.2.max(0)).sum::<i64>()
        + 1;
    let mut s = Search {
        inst,
        preds,
        succs,
        tail,
        usage: vec![vec![0; inst.capacities.len()]; usize::try_from(horizon).unwrap_or(0) + 1],
        starts: vec![0; n],
        placed: vec![false; n],
        best: i64::MAX,
        best_starts: Vec::new(),
        nodes: 0,
        budget,
    };
    if let Some(starts) = known
        && let Some(m) = inst.check(starts)
    {
        s.best = m;
        s.best_starts = starts.to_vec();
    }
    s.dfs(0, 0, (0, 0));
    if s.nodes > s.budget {
        Exact::GaveUp((s.best < i64::MAX).then_some(s.best))
    } else if s.best < i64::MAX {
        Exact::Optimal(s.best, s.best_starts)
    } else {
        Exact::Infeasible
    }
}

fn topological(n: usize, succs: &[Vec<(usize, i64)>]) -> Vec<usize> {
    let mut indeg = vec![0usize; n];
    for s in succs {
        for &(j, _) in s {
            indeg[j] += 1;
        }
    }
    let mut stack: Vec<usize> = (0..n).filter(|&i| indeg[i] == 0).collect();
    let mut out = Vec::with_capacity(n);
    while let Some(i) = stack.pop() {
        out.push(i);
        for &(j, _) in &succs[i] {
            indeg[j] -= 1;
            if indeg[j] == 0 {
                stack.push(j);
            }
        }
    }
    out
}

impl Search<'_> {
    fn fits(&self, i: usize, s: i64) -> bool {
        let d = self.inst.durations[i];
        (s..s + d).all(|t| {
            let day = &self.usage[t as usize];
            day.iter()
                .zip(&self.inst.demands[i])
                .zip(&self.inst.capacities)
                .all(|((&u, &q), &c)| u + q <= c)
        })
    }

    fn book(&mut self, i: usize, s: i64, sign: bool) {
        for t in s..s + self.inst.durations[i] {
            for (u, &q) in self.usage[t as usize].iter_mut().zip(&self.inst.demands[i]) {
                if sign {
                    *u += q;
                } else {
                    *u -= q;
                }
            }
        }
    }

    /// A lower bound on any completion of the partial schedule.
    fn bound(&self, makespan: i64, floor: i64) -> i64 {
        let n = self.inst.n();
        let mut lb = makespan;
        // Critical path: unplaced tasks not before their placed
        // predecessors' distances.
        // Unplaced tasks start no earlier than the last start placed.
        let mut est = vec![floor; n];
        for i in 0..n {
            if self.placed[i] {
                est[i] = self.starts[i];
            }
        }
        // Propagate in index order (predecessors have lower indices here;
        // one more pass covers any other order).
        for _ in 0..2 {
            for i in 0..n {
                if self.placed[i] {
                    continue;
                }
                let e = self.preds[i]
                    .iter()
                    .map(|&(p, d)| est[p] + d)
                    .fold(0, i64::max);
                est[i] = est[i].max(e);
            }
        }
        for i in 0..n {
            if !self.placed[i] {
                lb = lb.max(est[i] + self.tail[i]);
            }
        }
        // Energy: the work left on a resource needs days of capacity after
        // the earliest day any of it can run.
        for (r, &cap) in self.inst.capacities.iter().enumerate() {
            if cap == 0 {
                continue;
            }
            let mut work = 0i64;
            let mut from = i64::MAX;
            for i in 0..n {
                let q = i64::from(self.inst.demands[i][r]);
                if !self.placed[i] && q > 0 {
                    work += q * self.inst.durations[i];
                    from = from.min(est[i]);
                }
            }
            if work > 0 {
                // Capacity already used on the days from `from` on.
                let mut t = from;
                let mut left = work;
                while left > 0 && (t as usize) < self.usage.len() {
                    left -= i64::from(cap - self.usage[t as usize][r]);
                    t += 1;
                }
                lb = lb.max(t);
            }
        }
        lb
    }

    /// Places tasks in order of their starts (ties by index): every
    /// semi-active schedule is reached exactly once.
    fn dfs(&mut self, depth: usize, makespan: i64, last: (i64, usize)) {
        self.nodes += 1;
        if self.nodes > self.budget {
            return;
        }
        let n = self.inst.n();
        if depth == n {
            if makespan < self.best {
                self.best = makespan;
                self.best_starts = self.starts.clone();
            }
            return;
        }
        if self.bound(makespan, last.0) >= self.best {
            return;
        }
        for i in 0..n {
            if self.placed[i] {
                continue;
            }
            // Bounds from placed tasks; an unplaced predecessor starts no
            // earlier than `i` (it comes later in the list), so only a
            // lead (distance <= 0) allows it.
            let mut lb = last.0;
            let mut ok = true;
            let mut lead_later = false;
            for &(p, d) in &self.preds[i] {
                if self.placed[p] {
                    lb = lb.max(self.starts[p] + d);
                } else if d > 0 {
                    ok = false;
                } else {
                    lead_later = true;
                }
            }
            let mut ub = i64::MAX;
            for &(j, d) in &self.succs[i] {
                if self.placed[j] {
                    ub = ub.min(self.starts[j] - d);
                }
            }
            // Every day from the lower bound: a start can be tight to a
            // predecessor placed later (a lead), so the ends of the tasks
            // placed so far are not enough candidates.
            let limit = (self.usage.len() as i64 - self.inst.durations[i])
                .min(ub)
                .min(self.best.saturating_sub(self.tail[i] + 1));
            if !ok || lb > limit {
                continue;
            }
            // A start that cannot move a day earlier is its lower bound,
            // or the end of a task running the day before (placed
            // already), or — with a predecessor placed later through a
            // lead — tight to that predecessor: then every day is a
            // candidate. Left shifts never lengthen a schedule, so an
            // optimal one is among these.
            let candidates: Vec<i64> = if lead_later {
                (lb..=limit).collect()
            } else {
                let mut c: Vec<i64> = (0..n)
                    .filter(|&k| self.placed[k])
                    .map(|k| self.starts[k] + self.inst.durations[k])
                    .filter(|&e| e > lb && e <= limit)
                    .collect();
                c.push(lb);
                c.sort_unstable();
                c.dedup();
                c
            };
            for s in candidates {
                // Ties with the previous start go by index.
                if s == last.0 && depth > 0 && i < last.1 {
                    continue;
                }
                if !self.fits(i, s) {
                    continue;
                }
                let end = makespan.max(s + self.inst.durations[i]);
                self.book(i, s, true);
                self.starts[i] = s;
                self.placed[i] = true;
                self.dfs(depth + 1, end, (s, i));
                self.placed[i] = false;
                self.book(i, s, false);
                if self.nodes > self.budget {
                    return;
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::SplitRng;

    /// Plain enumeration of every start vector within the horizon.
    fn brute(inst: &Small) -> Option<i64> {
        let n = inst.durations.len();
        let horizon: i64 = inst.durations.iter().sum::<i64>()
            + inst.distances.iter().map(|d| d.2.max(0)).sum::<i64>();
        let mut starts = vec![0i64; n];
        let mut best: Option<i64> = None;
        loop {
            if let Some(m) = inst.check(&starts) {
                best = Some(best.map_or(m, |b| b.min(m)));
            }
            // Next vector.
            let mut k = 0;
            loop {
                if k == n {
                    return best;
                }
                starts[k] += 1;
                if starts[k] <= horizon {
                    break;
                }
                starts[k] = 0;
                k += 1;
            }
        }
    }

    fn random(seed: u64, n: usize) -> Small {
        let mut rng = SplitRng::new(seed);
        let k = 1 + rng.below(2) as usize;
        let capacities: Vec<u32> = (0..k).map(|_| 100 * (1 + rng.below(2) as u32)).collect();
        let durations: Vec<i64> = (0..n).map(|_| 1 + rng.below(3) as i64).collect();
        let demands = (0..n)
            .map(|_| {
                (0..k)
                    .map(|r| (50 * rng.below(3) as u32).min(capacities[r]))
                    .collect()
            })
            .collect();
        let mut distances = Vec::new();
        for j in 1..n {
            if rng.below(2) == 0 {
                let i = rng.below(j as u64) as usize;
                let lag = rng.below(3) as i64 - 1;
                let (di, dj) = (durations[i], durations[j]);
                let delta = match rng.below(4) {
                    0 => di + lag,
                    1 => lag,
                    2 => di + lag - dj,
                    _ => lag - dj,
                };
                distances.push((i, j, delta));
            }
        }
        Small {
            durations,
            demands,
            capacities,
            distances,
        }
    }

    /// The engine's with-delay results on small projects, re-checked by
    /// this module's checker (links, day-by-day capacities, durations; no
    /// code shared with the engine): feasible, and never shorter than the
    /// proven optimum.
    #[test]
    fn the_engine_is_feasible_and_never_beats_the_optimum() {
        use planwright_schedule::{Leveling, level};
        for seed in 1..=20 {
            let p = small_project(seed);
            let r = level(&p, Leveling::WithDelay).expect("levels");
            assert!(r.feasible, "seed {seed}");
            let cal = p.project_calendar();
            let day = |d| cal.offset_of(p.start(), d).expect("a date").as_minutes();
            let inst = Small::of(&p).expect("whole days");
            let mut starts = vec![0i64; inst.durations.len()];
            for t in &r.tasks {
                assert_eq!(
                    day(t.start) % 480,
                    0,
                    "seed {seed}: starts on a day boundary"
                );
                starts[t.task.index()] = day(t.start) / 480;
                assert_eq!(
                    day(t.finish),
                    day(t.start) + 480 * inst.durations[t.task.index()]
                );
            }
            let m = inst
                .check(&starts)
                .unwrap_or_else(|| panic!("seed {seed}: infeasible by the checker"));
            assert_eq!(m * 480, day(r.finish_after), "seed {seed}");
            match solve(&inst, 2_000_000) {
                Exact::Optimal(opt, _) => assert!(m >= opt, "seed {seed}"),
                Exact::GaveUp(_) => {}
                Exact::Infeasible => panic!("seed {seed}"),
            }
        }
    }

    /// Projects where the search reaches the optimum (proven by
    /// `leveling_quality`'s branch and bound) and the sampled search it
    /// replaced did not (23, 32, 14, 21 and 29 days). Seed 56 needs a task
    /// placed before the predecessor that leads it (a one-day lead): the
    /// genetic algorithm without the lead-aware decoder stays at 14.
    #[test]
    fn the_search_reaches_the_optimum_where_sampling_did_not() {
        use planwright_schedule::{Leveling, level};
        for (seed, optimum) in [(22, 21), (39, 31), (56, 12), (67, 20), (87, 28)] {
            let p = small_project(seed);
            let r = level(&p, Leveling::WithDelay).expect("levels");
            let cal = p.project_calendar();
            let day = |d| cal.offset_of(p.start(), d).expect("a date").as_minutes() / 480;
            let inst = Small::of(&p).expect("whole days");
            let mut starts = vec![0i64; inst.durations.len()];
            for t in &r.tasks {
                starts[t.task.index()] = day(t.start);
            }
            assert_eq!(inst.check(&starts), Some(optimum), "seed {seed}");
            assert_eq!(day(r.finish_after), optimum, "seed {seed}");
        }
    }

    /// Found by the harness (seed 44): the optimum needs task 4 to start on
    /// day 5, tight to its predecessor 1 (lead of one day) which starts on
    /// day 6, after it. Candidates from the ends of the tasks placed so far
    /// miss it (and answered 14).
    #[test]
    fn a_start_tight_to_a_later_predecessor() {
        let inst = Small {
            durations: vec![2, 4, 2, 4, 4, 4],
            demands: vec![
                vec![100, 0, 0],
                vec![50, 0, 0],
                vec![0, 200, 0],
                vec![0, 200, 100],
                vec![0, 50, 100],
                vec![100, 0, 100],
            ],
            capacities: vec![100, 300, 100],
            distances: vec![(0, 1, 0), (1, 3, 0), (1, 4, -1), (2, 4, 2)],
        };
        assert_eq!(inst.check(&[4, 6, 0, 9, 5, 0]), Some(13));
        match solve(&inst, 10_000_000) {
            Exact::Optimal(m, starts) => {
                assert_eq!(inst.check(&starts), Some(m));
                assert!(m <= 13, "{m}");
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn branch_and_bound_equals_enumeration() {
        for seed in 1..=300 {
            let inst = random(seed, 2 + (seed % 4) as usize);
            let exact = match solve(&inst, 1_000_000) {
                Exact::Optimal(m, starts) => {
                    assert_eq!(inst.check(&starts), Some(m), "seed {seed}");
                    Some(m)
                }
                Exact::Infeasible => None,
                Exact::GaveUp(_) => panic!("seed {seed}: budget"),
            };
            assert_eq!(exact, brute(&inst), "seed {seed}: {inst:?}");
            // Started from a known (optimal or not) schedule: the same optimum.
            if let Some(Exact::Optimal(_, starts)) = Some(solve(&inst, 1_000_000)) {
                let worse: Vec<i64> = starts.iter().map(|s| s + 1).collect();
                for known in [&starts[..], &worse[..]] {
                    match solve_from(&inst, 1_000_000, Some(known)) {
                        Exact::Optimal(m, _) => assert_eq!(Some(m), exact, "seed {seed}"),
                        other => panic!("seed {seed}: {other:?}"),
                    }
                }
            }
        }
    }
}
