//! Optimal assignment of people to open tasks: skills, load and preferences
//! as costs; a min-cost flow picks the assignment.

use core::fmt;
use std::collections::{BTreeMap, BinaryHeap};

use chrono::NaiveDateTime;

use crate::task::SkillRequirement;
use crate::{Error, Resource, Units};

/// Work already booked for a person.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub struct Booking {
    /// Start.
    pub start: NaiveDateTime,
    /// End.
    pub end: NaiveDateTime,
    /// Allocation while it runs.
    pub units: Units,
}

impl Booking {
    /// A booking.
    #[must_use]
    pub fn new(start: NaiveDateTime, end: NaiveDateTime, units: Units) -> Self {
        Booking { start, end, units }
    }
}

/// A person who can take tasks.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub struct Person {
    /// Unique key.
    pub key: String,
    /// Skills with levels 1–5.
    pub skills: BTreeMap<String, u8>,
    /// Availability (100 % = full time).
    pub capacity: Units,
    /// Most new tasks the person may take in this assignment.
    pub max_tasks: u32,
    /// Work already booked (current load).
    pub bookings: Vec<Booking>,
}

impl Person {
    /// A full-time person who may take one new task.
    #[must_use]
    pub fn new(key: impl Into<String>) -> Self {
        Person {
            key: key.into(),
            skills: BTreeMap::new(),
            capacity: Units::FULL,
            max_tasks: 1,
            bookings: Vec::new(),
        }
    }

    /// A person modelled on a project [`Resource`]: its key, skills and
    /// capacity, with no bookings and one new task at most. Add the
    /// resource's current work with [`Person::booked`].
    ///
    /// # Example
    ///
    /// ```
    /// use planwright_core::{Person, Resource, Units};
    ///
    /// let ana = Resource::person("ana").skill("rust", 4).capacity(Units::percent(80));
    /// let p = Person::from_resource(&ana).max_tasks(2);
    /// assert_eq!((p.key.as_str(), p.skills["rust"], p.capacity), ("ana", 4, Units::percent(80)));
    /// ```
    #[must_use]
    pub fn from_resource(resource: &Resource) -> Self {
        Person {
            key: resource.key.clone(),
            skills: resource.skills.clone(),
            capacity: resource.capacity,
            max_tasks: 1,
            bookings: Vec::new(),
        }
    }

    /// Adds a skill.
    #[must_use]
    pub fn skill(mut self, skill: impl Into<String>, level: u8) -> Self {
        self.skills.insert(skill.into(), level);
        self
    }

    /// Sets how many new tasks the person may take.
    #[must_use]
    pub fn max_tasks(mut self, n: u32) -> Self {
        self.max_tasks = n;
        self
    }

    /// Sets the availability.
    #[must_use]
    pub fn capacity(mut self, capacity: Units) -> Self {
        self.capacity = capacity;
        self
    }

    /// Adds booked work.
    #[must_use]
    pub fn booked(mut self, booking: Booking) -> Self {
        self.bookings.push(booking);
        self
    }

    /// Load over `[from, to)` as a percentage of capacity: booked units
    /// weighted by their overlap with the window.
    #[must_use]
    pub fn load_percent(&self, from: NaiveDateTime, to: NaiveDateTime) -> i64 {
        let window = (to - from).num_minutes();
        let cap = i64::from(self.capacity.basis_points());
        if window <= 0 || cap == 0 {
            return if self.bookings.is_empty() { 0 } else { 100 };
        }
        let booked: i128 = self
            .bookings
            .iter()
            .map(|b| {
                let overlap = (b.end.min(to) - b.start.max(from)).num_minutes().max(0);
                i128::from(overlap) * i128::from(b.units.basis_points())
            })
            .sum();
        i64::try_from(booked * 100 / (i128::from(window) * i128::from(cap))).unwrap_or(i64::MAX)
    }
}

/// An open task that needs people.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub struct OpenTask {
    /// Unique key.
    pub key: String,
    /// Skills every assignee needs.
    pub skills: Vec<SkillRequirement>,
    /// How many distinct people it needs.
    pub people: u32,
    /// When it runs (for the load check).
    pub start: NaiveDateTime,
    /// When it ends.
    pub finish: NaiveDateTime,
}

impl OpenTask {
    /// A task for one person over `[start, finish)`.
    #[must_use]
    pub fn new(key: impl Into<String>, start: NaiveDateTime, finish: NaiveDateTime) -> Self {
        OpenTask {
            key: key.into(),
            skills: Vec::new(),
            people: 1,
            start,
            finish,
        }
    }

    /// Requires a skill at a level.
    #[must_use]
    pub fn requires(mut self, skill: impl Into<String>, level: u8) -> Self {
        self.skills.push(SkillRequirement::new(skill, level));
        self
    }

    /// Sets how many people it needs.
    #[must_use]
    pub fn people(mut self, n: u32) -> Self {
        self.people = n;
        self
    }
}

/// The largest weight an [`AssignmentWeights`] field may have: with it no
/// pairing cost, nor the total of a plan, can overflow.
pub const MAX_WEIGHT: i64 = 1_000_000;

/// The largest cost of one pairing (2^40): a flow of up to 2^22 pairings
/// sums without overflow.
const MAX_PAIR_COST: i64 = 1 << 40;

/// How the costs weigh. Costs are integers; lower is better.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub struct AssignmentWeights {
    /// Cost per skill level above the requirement (over-qualification).
    pub surplus_level: i64,
    /// Cost per percentage point of current load over the task's window.
    pub load_percent: i64,
    /// Cost per point of preference missing (preferences run 0–100).
    pub preference: i64,
}

impl Default for AssignmentWeights {
    fn default() -> Self {
        AssignmentWeights {
            surplus_level: 10,
            load_percent: 1,
            preference: 1,
        }
    }
}

/// An assignment problem: people, tasks, optional preferences
/// `(person, task) → 0..=100` (50 when not given), and weights.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub struct AssignmentProblem {
    /// People.
    pub people: Vec<Person>,
    /// Tasks.
    pub tasks: Vec<OpenTask>,
    /// Preferences by (person key, task key).
    pub preferences: BTreeMap<(String, String), u8>,
    /// Weights.
    pub weights: AssignmentWeights,
}

/// One person on one task, with the cost and its reason.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub struct Pairing {
    /// The task.
    pub task: String,
    /// The person.
    pub person: String,
    /// Its cost.
    pub cost: i64,
    /// Why: skills, load and preference in words.
    pub reason: String,
}

/// Why a task did not get all the people it needs.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub enum Unassigned {
    /// No one has the skill at the level.
    NoSkill {
        /// The task.
        task: String,
        /// The first requirement no one meets.
        skill: String,
        /// Its level.
        level: u8,
    },
    /// Every required skill is held by someone, but no one holds them all.
    NoOneQualified {
        /// The task.
        task: String,
    },
    /// Qualified people exist but their load over the task's window is at or
    /// above capacity.
    EveryoneFull {
        /// The task.
        task: String,
        /// How many are qualified.
        qualified: usize,
    },
    /// Fewer qualified people with room than the task needs.
    NotEnoughPeople {
        /// The task.
        task: String,
        /// People needed.
        needed: u32,
        /// Qualified people with room.
        available: usize,
    },
    /// Enough people could do it, but their task slots went to other tasks
    /// where the total was better.
    SlotsTaken {
        /// The task.
        task: String,
        /// People still missing.
        missing: u32,
    },
}

impl fmt::Display for Unassigned {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Unassigned::NoSkill { task, skill, level } => {
                write!(f, "`{task}`: no one has {skill} at level {level}")
            }
            Unassigned::NoOneQualified { task } => {
                write!(f, "`{task}`: no one has all the required skills")
            }
            Unassigned::EveryoneFull { task, qualified } => {
                write!(
                    f,
                    "`{task}`: all {qualified} qualified people are fully loaded then"
                )
            }
            Unassigned::NotEnoughPeople {
                task,
                needed,
                available,
            } => {
                write!(
                    f,
                    "`{task}`: needs {needed} people, {available} qualified have room"
                )
            }
            Unassigned::SlotsTaken { task, missing } => {
                write!(
                    f,
                    "`{task}`: {missing} more people needed; qualified people are busy with other tasks"
                )
            }
        }
    }
}

/// The result of [`assign`].
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub struct AssignmentPlan {
    /// Pairings, by task then person (input order).
    pub pairings: Vec<Pairing>,
    /// Total cost.
    pub total_cost: i64,
    /// Tasks without all their people, with the reason.
    pub unassigned: Vec<Unassigned>,
}

struct Edge {
    to: usize,
    cap: i64,
    cost: i64,
}

/// A min-cost flow network (successive shortest paths with Dijkstra and
/// Johnson potentials; costs are non-negative on entry).
struct Flow {
    edges: Vec<Edge>,
    adj: Vec<Vec<usize>>,
}

impl Flow {
    fn new(n: usize) -> Self {
        Flow {
            edges: Vec::new(),
            adj: vec![Vec::new(); n],
        }
    }

    fn add(&mut self, from: usize, to: usize, cap: i64, cost: i64) -> usize {
        let id = self.edges.len();
        self.edges.push(Edge { to, cap, cost });
        self.adj[from].push(id);
        self.edges.push(Edge {
            to: from,
            cap: 0,
            cost: -cost,
        });
        self.adj[to].push(id + 1);
        id
    }

    /// Maximum flow from `s` to `t` at minimum cost.
    fn run(&mut self, s: usize, t: usize) -> (i64, i64) {
        let n = self.adj.len();
        let mut pot = vec![0i64; n];
        let (mut flow, mut cost) = (0, 0);
        loop {
            let mut dist = vec![i64::MAX; n];
            let mut prev = vec![usize::MAX; n];
            dist[s] = 0;
            let mut heap = BinaryHeap::new();
            heap.push(core::cmp::Reverse((0i64, s)));
            while let Some(core::cmp::Reverse((d, v))) = heap.pop() {
                if d > dist[v] {
                    continue;
                }
                for &e in &self.adj[v] {
                    let edge = &self.edges[e];
                    if edge.cap <= 0 {
                        continue;
                    }
                    let nd = d + edge.cost + pot[v] - pot[edge.to];
                    if nd < dist[edge.to] {
                        dist[edge.to] = nd;
                        prev[edge.to] = e;
                        heap.push(core::cmp::Reverse((nd, edge.to)));
                    }
                }
            }
            if dist[t] == i64::MAX {
                return (flow, cost);
            }
            for v in 0..n {
                if dist[v] < i64::MAX {
                    pot[v] += dist[v];
                }
            }
            let mut push = i64::MAX;
            let mut v = t;
            while v != s {
                let e = prev[v];
                push = push.min(self.edges[e].cap);
                v = self.edges[e ^ 1].to;
            }
            let mut v = t;
            while v != s {
                let e = prev[v];
                self.edges[e].cap -= push;
                self.edges[e ^ 1].cap += push;
                cost += push * self.edges[e].cost;
                v = self.edges[e ^ 1].to;
            }
            flow += push;
        }
    }
}

/// Assigns people to tasks: as many task places as possible are filled, and
/// among those assignments the one with the least total cost is chosen
/// (min-cost maximum flow; ties resolved deterministically by input order).
///
/// A person can take a task when they have every required skill at the
/// required level and their current load over the task's window is below
/// 100 %. The cost of a pairing is `surplus levels × surplus_level + load % ×
/// load_percent + (100 − preference) × preference`. A person takes each task
/// at most once and at most `max_tasks` tasks.
///
/// # Errors
///
/// [`Error::DuplicateKey`] for two people or two tasks with one key;
/// [`Error::InvalidInput`] for a task whose window ends before it starts,
/// a preference above 100, or negative weights.
///
/// # Complexity
///
/// O(F · E log V) for F filled places, E = tasks × people pairs.
///
/// # Example
///
/// ```
/// use planwright_core::{AssignmentProblem, OpenTask, Person, assign};
/// # let t = |h| planwright_core::chrono::NaiveDate::from_ymd_opt(2026, 3, 16).unwrap().and_hms_opt(h, 0, 0).unwrap();
///
/// let mut p = AssignmentProblem::default();
/// p.people = vec![Person::new("ana").skill("rust", 5), Person::new("ben").skill("rust", 3)];
/// p.tasks = vec![
///     OpenTask::new("easy", t(9), t(17)).requires("rust", 2),
///     OpenTask::new("hard", t(9), t(17)).requires("rust", 5),
/// ];
/// let plan = assign(&p)?;
/// // Only ana can do "hard"; ben takes "easy".
/// let pairs: Vec<(&str, &str)> = plan.pairings.iter().map(|x| (x.task.as_str(), x.person.as_str())).collect();
/// assert_eq!(pairs, [("easy", "ben"), ("hard", "ana")]);
/// # Ok::<(), planwright_core::Error>(())
/// ```
pub fn assign(problem: &AssignmentProblem) -> Result<AssignmentPlan, Error> {
    let w = problem.weights;
    for (what, v) in [
        ("surplus-level weight", w.surplus_level),
        ("load weight", w.load_percent),
        ("preference weight", w.preference),
    ] {
        // Bounded so that no pairing's cost, nor their sum, can overflow.
        if !(0..=MAX_WEIGHT).contains(&v) {
            return Err(Error::OutOfRange {
                item: "weights".into(),
                what,
                value: v,
                min: 0,
                max: MAX_WEIGHT,
            });
        }
    }
    let mut seen = std::collections::BTreeSet::new();
    for p in &problem.people {
        if !seen.insert(("p", p.key.as_str())) {
            return Err(Error::DuplicateKey {
                entity: crate::Entity::Resource,
                key: crate::Key::for_entity(crate::Entity::Resource, p.key.as_str())?,
            });
        }
    }
    for t in &problem.tasks {
        if !seen.insert(("t", t.key.as_str())) {
            return Err(Error::DuplicateKey {
                entity: crate::Entity::Task,
                key: crate::Key::for_entity(crate::Entity::Task, t.key.as_str())?,
            });
        }
        if t.finish < t.start {
            return Err(Error::InvalidInput {
                item: t.key.clone(),
                what: "window",
                reason: "it ends before it starts".into(),
            });
        }
    }
    if let Some(((p, t), v)) = problem.preferences.iter().find(|(_, v)| **v > 100) {
        return Err(Error::InvalidInput {
            item: format!("{p}/{t}"),
            what: "preference",
            reason: format!("{v} is above 100"),
        });
    }
    // The best level of each skill anyone has: "nobody has it" in O(log s)
    // instead of a scan of every person per (task, person) pair.
    let mut best_level: BTreeMap<&str, u8> = BTreeMap::new();
    for p in &problem.people {
        for (skill, &level) in &p.skills {
            let b = best_level.entry(skill.as_str()).or_insert(0);
            *b = (*b).max(level);
        }
    }
    let (nt, np) = (problem.tasks.len(), problem.people.len());
    let (s, sink) = (nt + np, nt + np + 1);
    let mut flow = Flow::new(nt + np + 2);
    let mut pair_edges: Vec<(usize, usize, usize, i64, String)> = Vec::new();
    let mut qualified = vec![0usize; nt];
    let mut available = vec![0usize; nt];
    let mut missing_skill: Vec<Option<(String, u8)>> = vec![None; nt];
    for (ti, t) in problem.tasks.iter().enumerate() {
        flow.add(s, ti, i64::from(t.people), 0);
        for (pi, p) in problem.people.iter().enumerate() {
            let mut surplus = 0i64;
            let mut ok = true;
            let mut parts = Vec::new();
            for req in &t.skills {
                let have = p.skills.get(&req.skill).copied().unwrap_or(0);
                if have < req.level {
                    ok = false;
                    if missing_skill[ti].is_none()
                        && best_level.get(req.skill.as_str()).copied().unwrap_or(0) < req.level
                    {
                        missing_skill[ti] = Some((req.skill.clone(), req.level));
                    }
                    break;
                }
                surplus = surplus.saturating_add(i64::from(have - req.level));
                parts.push(format!("{} {have} for {}", req.skill, req.level));
            }
            if !ok {
                continue;
            }
            qualified[ti] += 1;
            let load = p.load_percent(t.start, t.finish);
            if load >= 100 {
                continue;
            }
            available[ti] += 1;
            let pref = problem
                .preferences
                .get(&(p.key.clone(), t.key.clone()))
                .copied();
            // Weights ≤ MAX_WEIGHT, load < 100, preference ≤ 100, surplus ≤ 4
            // per required skill: only absurd numbers of skills reach the
            // cap, which keeps every sum of the flow inside i64.
            let cost = i128::from(surplus) * i128::from(w.surplus_level)
                + i128::from(load) * i128::from(w.load_percent)
                + i128::from(100 - pref.unwrap_or(50)) * i128::from(w.preference);
            let cost = i64::try_from(cost)
                .ok()
                .filter(|&c| c <= MAX_PAIR_COST)
                .ok_or_else(|| Error::Overflow {
                    item: format!("{}/{}", p.key, t.key),
                    what: "pairing cost",
                })?;
            if parts.is_empty() {
                parts.push("no skills required".into());
            }
            let mut reason = parts.join(", ");
            reason.push_str(&format!(", load {load} %"));
            if let Some(v) = pref {
                reason.push_str(&format!(", preference {v}"));
            }
            let e = flow.add(ti, nt + pi, 1, cost);
            pair_edges.push((e, ti, pi, cost, reason));
        }
    }
    for (pi, p) in problem.people.iter().enumerate() {
        flow.add(nt + pi, sink, i64::from(p.max_tasks), 0);
    }
    let (_, total_cost) = flow.run(s, sink);
    let mut filled = vec![0u32; nt];
    let mut pairings = Vec::new();
    for (e, ti, pi, cost, reason) in pair_edges {
        if flow.edges[e].cap == 0 {
            filled[ti] += 1;
            pairings.push(Pairing {
                task: problem.tasks[ti].key.clone(),
                person: problem.people[pi].key.clone(),
                cost,
                reason,
            });
        }
    }
    let mut unassigned = Vec::new();
    for (ti, t) in problem.tasks.iter().enumerate() {
        if filled[ti] >= t.people {
            continue;
        }
        let task = t.key.clone();
        unassigned.push(if let Some((skill, level)) = missing_skill[ti].clone() {
            Unassigned::NoSkill { task, skill, level }
        } else if qualified[ti] == 0 {
            Unassigned::NoOneQualified { task }
        } else if available[ti] == 0 {
            Unassigned::EveryoneFull {
                task,
                qualified: qualified[ti],
            }
        } else if (available[ti] as u32) < t.people {
            Unassigned::NotEnoughPeople {
                task,
                needed: t.people,
                available: available[ti],
            }
        } else {
            Unassigned::SlotsTaken {
                task,
                missing: t.people - filled[ti],
            }
        });
    }
    Ok(AssignmentPlan {
        pairings,
        total_cost,
        unassigned,
    })
}
