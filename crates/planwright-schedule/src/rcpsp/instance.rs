//! The RCPSP instance: activities, renewable resources with capacity
//! profiles, demands and generalised precedence in compact arrays.

use planwright_core::LinkKind;

use crate::Error;

/// A renewable resource: its capacity over time as a step function.
///
/// `steps` is a list of `(from, capacity)` with strictly increasing `from`,
/// starting at 0; the last step lasts forever. A constant capacity is a
/// single step.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(
    feature = "serde",
    serde(try_from = "Vec<(u32, u32)>", into = "Vec<(u32, u32)>")
)]
pub struct ResourceProfile {
    steps: Vec<(u32, u32)>,
}

impl TryFrom<Vec<(u32, u32)>> for ResourceProfile {
    type Error = Error;

    /// As [`ResourceProfile::steps`].
    fn try_from(steps: Vec<(u32, u32)>) -> Result<Self, Error> {
        ResourceProfile::steps(steps)
    }
}

impl From<ResourceProfile> for Vec<(u32, u32)> {
    fn from(p: ResourceProfile) -> Self {
        p.steps
    }
}

impl ResourceProfile {
    /// A constant capacity.
    #[must_use]
    pub fn constant(capacity: u32) -> Self {
        ResourceProfile {
            steps: vec![(0, capacity)],
        }
    }

    /// A capacity that changes over time: `(from, capacity)` steps.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidProfile`] when the steps are empty, do not start at 0
    /// or are not strictly increasing.
    pub fn steps(steps: Vec<(u32, u32)>) -> Result<Self, Error> {
        let ok =
            steps.first().is_some_and(|s| s.0 == 0) && steps.windows(2).all(|w| w[0].0 < w[1].0);
        if !ok {
            return Err(Error::InvalidProfile {
                problem: if steps.is_empty() {
                    "no capacity steps"
                } else if steps[0].0 != 0 {
                    "the first step must be at time 0"
                } else {
                    "step times must strictly increase"
                },
            });
        }
        Ok(ResourceProfile { steps })
    }

    /// The capacity at time `t`.
    #[must_use]
    pub fn at(&self, t: u32) -> u32 {
        let i = self.steps.partition_point(|s| s.0 <= t);
        self.steps[i.saturating_sub(1)].1
    }

    /// The step list.
    #[must_use]
    pub fn as_steps(&self) -> &[(u32, u32)] {
        &self.steps
    }

    /// `true` for a single constant step.
    #[must_use]
    pub fn is_constant(&self) -> bool {
        self.steps.len() == 1
    }

    /// The largest capacity at any time.
    #[must_use]
    pub fn max(&self) -> u32 {
        self.steps.iter().map(|s| s.1).max().unwrap_or(0)
    }

    /// The capacity from the last step on (forever).
    #[must_use]
    pub fn last(&self) -> u32 {
        self.steps.last().map_or(0, |s| s.1)
    }

    /// The time of the last change.
    #[must_use]
    pub fn last_change(&self) -> u32 {
        self.steps.last().map_or(0, |s| s.0)
    }
}

/// A precedence relation of an [`Instance`]: `to` cannot start before
/// `from` per `kind` and `lag` (time units).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub struct Precedence {
    /// Predecessor (0-based activity index).
    pub from: u32,
    /// Successor.
    pub to: u32,
    /// Link type.
    pub kind: LinkKind,
    /// Lag in time units (may be negative).
    pub lag: i32,
}

impl Precedence {
    /// A relation of any type with a lag (validated by [`Instance::new`]).
    #[must_use]
    pub const fn new(from: u32, to: u32, kind: LinkKind, lag: i32) -> Self {
        Precedence {
            from,
            to,
            kind,
            lag,
        }
    }

    /// A finish-to-start relation without lag (the classic RCPSP arc).
    #[must_use]
    pub const fn finish_to_start(from: u32, to: u32) -> Self {
        Precedence {
            from,
            to,
            kind: LinkKind::FinishToStart,
            lag: 0,
        }
    }

    /// The start-to-start distance this relation imposes: `S_to ≥ S_from + w`.
    fn distance(&self, dur: &[u32]) -> i64 {
        let df = i64::from(dur[self.from as usize]);
        let dt = i64::from(dur[self.to as usize]);
        let lag = i64::from(self.lag);
        match self.kind {
            LinkKind::FinishToStart => df + lag,
            LinkKind::StartToStart => lag,
            LinkKind::FinishToFinish => df + lag - dt,
            LinkKind::StartToFinish => lag - dt,
        }
    }
}

/// A resource-constrained project scheduling problem (single mode,
/// renewable resources, non-preemptive activities).
///
/// Activities are numbered `0..n` in input order (for PSPLIB files the dummy
/// source and sink are included, so starts map to the file's job order).
/// Precedence may use any link type with a lag; every relation reduces to a
/// start-to-start distance, which is what the engines use.
///
/// # Example
///
/// ```
/// use planwright_schedule::rcpsp::{Instance, Precedence, ResourceProfile};
///
/// let inst = Instance::new(
///     "tiny",
///     vec![3, 2, 2],
///     vec![ResourceProfile::constant(2)],
///     vec![vec![2], vec![1], vec![1]],
///     vec![Precedence::finish_to_start(0, 1)],
/// )?;
/// assert_eq!(inst.len(), 3);
/// assert_eq!(inst.critical_path_length(), 5);
/// # Ok::<(), planwright_schedule::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(
    feature = "serde",
    serde(try_from = "InstanceRepr", into = "InstanceRepr")
)]
pub struct Instance {
    name: String,
    durations: Vec<u32>,
    resources: Vec<ResourceProfile>,
    /// `demands[j * k + r]`.
    demands: Vec<u32>,
    precedences: Vec<Precedence>,
    // Derived.
    k: usize,
    pred_off: Vec<u32>,
    /// (predecessor, start-to-start distance).
    preds: Vec<(u32, i32)>,
    succ_off: Vec<u32>,
    /// (successor, start-to-start distance).
    succs: Vec<(u32, i32)>,
    /// A topological order (ties by index).
    topo: Vec<u32>,
    /// Non-zero demands per activity: (resource, demand).
    req_off: Vec<u32>,
    reqs: Vec<(u16, u32)>,
    simple: bool,
}

#[cfg(feature = "serde")]
#[derive(serde::Serialize, serde::Deserialize)]
struct InstanceRepr {
    name: String,
    durations: Vec<u32>,
    resources: Vec<ResourceProfile>,
    demands: Vec<Vec<u32>>,
    precedences: Vec<Precedence>,
}

#[cfg(feature = "serde")]
impl TryFrom<InstanceRepr> for Instance {
    type Error = Error;
    fn try_from(r: InstanceRepr) -> Result<Self, Error> {
        Instance::new(r.name, r.durations, r.resources, r.demands, r.precedences)
    }
}

#[cfg(feature = "serde")]
impl From<Instance> for InstanceRepr {
    fn from(i: Instance) -> Self {
        let demands = (0..i.len()).map(|j| i.demands_of(j).to_vec()).collect();
        InstanceRepr {
            name: i.name,
            durations: i.durations,
            resources: i.resources,
            demands,
            precedences: i.precedences,
        }
    }
}

/// The largest duration or lag magnitude accepted (2^24 time units), so
/// horizons and sums fit comfortably in 32 and 64 bits.
pub const MAX_TIME: u32 = 1 << 24;

impl Instance {
    /// Builds and validates an instance.
    ///
    /// `demands[j][r]` is activity `j`'s need of resource `r`.
    ///
    /// # Errors
    ///
    /// [`Error::LengthMismatch`] when `demands` does not have one row per
    /// activity and one column per resource; [`Error::UnknownActivity`] /
    /// [`Error::SelfLink`] for bad precedences; [`Error::Cycle`] when they
    /// form a cycle; [`Error::PeriodsOutOfRange`] for a duration or lag beyond
    /// [`MAX_TIME`]; [`Error::Infeasible`] when an activity needs more of a
    /// resource than the resource offers from its last capacity step on (it
    /// could never be scheduled).
    pub fn new(
        name: impl Into<String>,
        durations: Vec<u32>,
        resources: Vec<ResourceProfile>,
        demands: Vec<Vec<u32>>,
        precedences: Vec<Precedence>,
    ) -> Result<Self, Error> {
        let name = name.into();
        let n = durations.len();
        let k = resources.len();
        check_shape(&durations, &resources, &demands)?;
        check_values(&durations, &resources, &demands, &precedences)?;
        // Every row has `k` entries (checked), so this is the input's size.
        let flat: Vec<u32> = demands.iter().flatten().copied().collect();
        let dist: Vec<i32> = precedences
            .iter()
            .map(|p| p.distance(&durations) as i32)
            .collect();
        let (pred_off, preds) = csr(
            n,
            precedences
                .iter()
                .zip(&dist)
                .map(|(p, &w)| (p.to, p.from, w)),
        );
        let (succ_off, succs) = csr(
            n,
            precedences
                .iter()
                .zip(&dist)
                .map(|(p, &w)| (p.from, p.to, w)),
        );
        let topo = topological_order(n, &pred_off, &succ_off, &succs, &precedences)?;
        let mut req_off = Vec::with_capacity(n + 1);
        let mut reqs = Vec::new();
        req_off.push(0);
        for j in 0..n {
            for r in 0..k {
                let q = flat[j * k + r];
                if q > 0 {
                    reqs.push((r as u16, q));
                }
            }
            req_off.push(reqs.len() as u32);
        }
        let simple = precedences
            .iter()
            .all(|p| p.kind == LinkKind::FinishToStart && p.lag >= 0)
            && resources.iter().all(ResourceProfile::is_constant);
        Ok(Instance {
            name,
            durations,
            resources,
            demands: flat,
            precedences,
            k,
            pred_off,
            preds,
            succ_off,
            succs,
            topo,
            req_off,
            reqs,
            simple,
        })
    }

    /// The instance's name (e.g. the file name).
    #[must_use]
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Renames the instance.
    pub fn set_name(&mut self, name: impl Into<String>) {
        self.name = name.into();
    }

    /// The number of activities.
    #[must_use]
    pub fn len(&self) -> usize {
        self.durations.len()
    }

    /// `true` without activities.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.durations.is_empty()
    }

    /// The number of resources.
    #[must_use]
    pub fn resource_count(&self) -> usize {
        self.k
    }

    /// Durations, by activity.
    #[must_use]
    pub fn durations(&self) -> &[u32] {
        &self.durations
    }

    /// The resources' capacity profiles.
    #[must_use]
    pub fn resources(&self) -> &[ResourceProfile] {
        &self.resources
    }

    /// Activity `j`'s demands, one per resource.
    ///
    /// # Panics
    ///
    /// When `j` is not an activity index (a caller bug).
    #[must_use]
    pub fn demands_of(&self, j: usize) -> &[u32] {
        &self.demands[j * self.k..(j + 1) * self.k]
    }

    /// The precedence relations as given.
    #[must_use]
    pub fn precedences(&self) -> &[Precedence] {
        &self.precedences
    }

    /// `true` when every relation is finish-to-start with a non-negative lag
    /// and every capacity is constant (the classic RCPSP).
    #[must_use]
    pub fn is_classic(&self) -> bool {
        self.simple
    }

    pub(crate) fn k(&self) -> usize {
        self.k
    }

    /// Predecessors of `j` with start-to-start distances.
    pub(crate) fn preds(&self, j: usize) -> &[(u32, i32)] {
        &self.preds[self.pred_off[j] as usize..self.pred_off[j + 1] as usize]
    }

    /// Successors of `j` with start-to-start distances.
    pub(crate) fn succs(&self, j: usize) -> &[(u32, i32)] {
        &self.succs[self.succ_off[j] as usize..self.succ_off[j + 1] as usize]
    }

    /// Non-zero demands of `j`.
    pub(crate) fn reqs(&self, j: usize) -> &[(u16, u32)] {
        &self.reqs[self.req_off[j] as usize..self.req_off[j + 1] as usize]
    }

    /// A topological order, smallest index first among ready activities.
    pub(crate) fn topo(&self) -> &[u32] {
        &self.topo
    }

    /// Earliest starts ignoring resources (starts ≥ 0).
    #[must_use]
    pub fn earliest_starts(&self) -> Vec<i64> {
        let mut es = vec![0i64; self.len()];
        for &j in &self.topo {
            let j = j as usize;
            for &(p, w) in self.preds(j) {
                es[j] = es[j].max(es[p as usize] + i64::from(w));
            }
        }
        es
    }

    /// Latest starts for a project length `horizon`, ignoring resources.
    #[must_use]
    pub fn latest_starts(&self, horizon: i64) -> Vec<i64> {
        let n = self.len();
        let mut ls: Vec<i64> = (0..n)
            .map(|j| horizon - i64::from(self.durations[j]))
            .collect();
        for &j in self.topo.iter().rev() {
            let j = j as usize;
            for &(s, w) in self.succs(j) {
                ls[j] = ls[j].min(ls[s as usize] - i64::from(w));
            }
        }
        ls
    }

    /// The critical path length: the project length ignoring resources.
    #[must_use]
    pub fn critical_path_length(&self) -> u32 {
        let es = self.earliest_starts();
        es.iter()
            .zip(&self.durations)
            .map(|(&s, &d)| s + i64::from(d))
            .max()
            .unwrap_or(0)
            .clamp(0, i64::from(u32::MAX)) as u32
    }

    /// A safe scheduling horizon: serial SGS never needs more (the last
    /// capacity change plus the sum of durations and positive lags).
    #[must_use]
    pub fn horizon(&self) -> u32 {
        let sum: u64 = self.durations.iter().map(|&d| u64::from(d)).sum::<u64>()
            + self
                .precedences
                .iter()
                .map(|p| u64::from(p.lag.max(0).unsigned_abs()))
                .sum::<u64>();
        let change = self
            .resources
            .iter()
            .map(ResourceProfile::last_change)
            .max()
            .unwrap_or(0);
        (sum + u64::from(change) + 1).min(u64::from(u32::MAX / 2)) as u32
    }
}

/// Sizes: activities and resources the engine can index, one demand row
/// per activity with one entry per resource. Checked before anything is
/// allocated from the sizes.
fn check_shape(
    durations: &[u32],
    resources: &[ResourceProfile],
    demands: &[Vec<u32>],
) -> Result<(), Error> {
    let n = durations.len();
    if n >= (1 << 30) {
        return Err(Error::TooLarge {
            what: "activities",
            limit: (1 << 30) - 1,
        });
    }
    check_demands(n, resources.len(), demands)
}

/// At most 65,535 resources, and `demands` one row per activity (of `n`)
/// with one entry per resource (of `k`); shared with RCPSP/max instances.
pub(super) fn check_demands(n: usize, k: usize, demands: &[Vec<u32>]) -> Result<(), Error> {
    if k > usize::from(u16::MAX) {
        return Err(Error::TooLarge {
            what: "resources",
            limit: u64::from(u16::MAX),
        });
    }
    if demands.len() != n {
        return Err(Error::LengthMismatch {
            what: "demand rows",
            expected: n,
            got: demands.len(),
        });
    }
    if let Some(row) = demands.iter().find(|row| row.len() != k) {
        return Err(Error::LengthMismatch {
            what: "demands per activity",
            expected: k,
            got: row.len(),
        });
    }
    Ok(())
}

/// Values: durations and lags within [`MAX_TIME`], demands the resources
/// can ever meet, precedences between distinct known activities.
fn check_values(
    durations: &[u32],
    resources: &[ResourceProfile],
    demands: &[Vec<u32>],
    precedences: &[Precedence],
) -> Result<(), Error> {
    let n = durations.len();
    check_durations(durations)?;
    for (j, row) in demands.iter().enumerate() {
        for (r, &q) in row.iter().enumerate() {
            if q > resources[r].last() {
                return Err(Error::Infeasible {
                    activity: j as u32,
                    key: format!("#{j}"),
                    resource: r as u32,
                    demand: q,
                    capacity: resources[r].last(),
                });
            }
        }
    }
    for p in precedences {
        for x in [p.from, p.to] {
            if x as usize >= n {
                return Err(Error::UnknownActivity { id: x });
            }
        }
        if p.from == p.to {
            return Err(Error::SelfLink {
                key: format!("#{}", p.from),
            });
        }
        if p.lag.unsigned_abs() > MAX_TIME {
            return Err(Error::PeriodsOutOfRange {
                key: format!("#{} -> #{}", p.from, p.to),
                what: "lag",
                value: i64::from(p.lag),
                limit: i64::from(MAX_TIME),
            });
        }
    }
    Ok(())
}

/// Every duration within [`MAX_TIME`]; shared with RCPSP/max instances.
pub(super) fn check_durations(durations: &[u32]) -> Result<(), Error> {
    match durations.iter().enumerate().find(|(_, d)| **d > MAX_TIME) {
        Some((j, &d)) => Err(Error::PeriodsOutOfRange {
            key: format!("#{j}"),
            what: "duration",
            value: i64::from(d),
            limit: i64::from(MAX_TIME),
        }),
        None => Ok(()),
    }
}

/// Kahn's algorithm, smallest index first among ready activities;
/// [`Error::Cycle`] naming one cycle when the precedences have one.
fn topological_order(
    n: usize,
    pred_off: &[u32],
    succ_off: &[u32],
    succs: &[(u32, i32)],
    precedences: &[Precedence],
) -> Result<Vec<u32>, Error> {
    let mut indeg: Vec<u32> = (0..n).map(|j| pred_off[j + 1] - pred_off[j]).collect();
    let mut ready: std::collections::BinaryHeap<core::cmp::Reverse<u32>> = (0..n as u32)
        .filter(|&j| indeg[j as usize] == 0)
        .map(core::cmp::Reverse)
        .collect();
    let mut topo = Vec::with_capacity(n);
    while let Some(core::cmp::Reverse(j)) = ready.pop() {
        topo.push(j);
        for &(s, _) in &succs[succ_off[j as usize] as usize..succ_off[j as usize + 1] as usize] {
            indeg[s as usize] -= 1;
            if indeg[s as usize] == 0 {
                ready.push(core::cmp::Reverse(s));
            }
        }
    }
    if topo.len() < n {
        let stuck: Vec<u32> = (0..n as u32).filter(|&j| indeg[j as usize] > 0).collect();
        let keys =
            crate::cycle::name_cycle(&stuck, precedences.iter().map(|p| (p.from, p.to)), |j| {
                format!("#{j}")
            });
        return Err(Error::Cycle { keys });
    }
    Ok(topo)
}

fn csr(
    n: usize,
    edges: impl Iterator<Item = (u32, u32, i32)> + Clone,
) -> (Vec<u32>, Vec<(u32, i32)>) {
    let mut off = vec![0u32; n + 1];
    for (a, _, _) in edges.clone() {
        off[a as usize + 1] += 1;
    }
    for i in 0..n {
        off[i + 1] += off[i];
    }
    let mut fill = off.clone();
    let mut out = vec![(0u32, 0i32); off[n] as usize];
    for (a, b, w) in edges {
        out[fill[a as usize] as usize] = (b, w);
        fill[a as usize] += 1;
    }
    (off, out)
}

/// A schedule for an [`Instance`]: a start time per activity.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub struct Solution {
    /// Start of every activity, in instance order.
    pub starts: Vec<u32>,
    /// The makespan: the latest finish.
    pub makespan: u32,
    /// Schedules generated to find it (the Kolisch & Hartmann count).
    pub schedules: u64,
}

impl Solution {
    /// A solution from start times (makespan computed).
    #[must_use]
    pub fn from_starts(instance: &Instance, starts: Vec<u32>, schedules: u64) -> Self {
        let makespan = starts
            .iter()
            .zip(instance.durations())
            .map(|(&s, &d)| s.saturating_add(d))
            .max()
            .unwrap_or(0);
        Solution {
            starts,
            makespan,
            schedules,
        }
    }
}
