//! A seeded instance generator with PSPLIB's parameters (after ProGen,
//! Kolisch, Sprecher & Drexl 1995): network complexity, resource factor and
//! resource strength.

use rand::{RngExt, SeedableRng};
use rand_xoshiro::Xoshiro256PlusPlus;

use super::instance::{Instance, Precedence, ResourceProfile};
use crate::Error;

/// Parameters of a generated instance.
#[derive(Clone, Copy, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub struct GeneratorConfig {
    /// Non-dummy activities (30 for J30); the instance adds a dummy source
    /// and sink.
    pub activities: usize,
    /// Renewable resources (4 in PSPLIB).
    pub resources: usize,
    /// Network complexity: non-redundant arcs per activity, dummies and
    /// their arcs included (PSPLIB: 1.5, 1.8, 2.1); a network has
    /// `ceil(NC · (n + 2))` arcs, as PSPLIB's (J30 at 2.1: 68 on 32 nodes).
    pub network_complexity: f64,
    /// Resource factor: the share of resources an activity uses, on
    /// average over the project (PSPLIB: 0.25, 0.5, 0.75, 1); every
    /// activity uses at least one when it is above 0, and the counts vary
    /// around it as in PSPLIB's sets.
    pub resource_factor: f64,
    /// Resource strength: capacity between the largest single demand (0) and
    /// the peak of the earliest-start schedule (1) (PSPLIB J30: 0.2, 0.5,
    /// 0.7, 1; J120: 0.1 to 0.5).
    pub resource_strength: f64,
    /// Largest duration (durations are 1 to this).
    pub max_duration: u32,
    /// Largest demand (demands are 1 to this).
    pub max_demand: u32,
    /// Start activities (no predecessor but the source) and end activities
    /// (no successor but the sink): exactly this many each, or every
    /// activity when there are fewer. PSPLIB's J sets have 3 and 3 (ProGen's
    /// minimum and maximum were both 3); fewer make deeper networks with
    /// longer critical paths.
    pub start_end: usize,
    /// Most immediate predecessors and successors of an activity.
    pub max_degree: usize,
}

impl GeneratorConfig {
    /// A J30-like configuration with the given NC, RF, RS.
    #[must_use]
    pub fn new(
        activities: usize,
        network_complexity: f64,
        resource_factor: f64,
        resource_strength: f64,
    ) -> Self {
        GeneratorConfig {
            activities,
            resources: 4,
            network_complexity,
            resource_factor,
            resource_strength,
            max_duration: 10,
            max_demand: 10,
            start_end: 3,
            max_degree: 3,
        }
    }

    /// The full factorial design of a PSPLIB set: `j30`, `j60`, `j90`
    /// (48 parameter combinations) or `j120` (60).
    #[must_use]
    pub fn psplib_set(set: &str) -> Option<Vec<GeneratorConfig>> {
        let (n, strengths): (usize, &[f64]) = match set {
            "j30" => (30, &[0.2, 0.5, 0.7, 1.0]),
            "j60" => (60, &[0.2, 0.5, 0.7, 1.0]),
            "j90" => (90, &[0.2, 0.5, 0.7, 1.0]),
            "j120" => (120, &[0.1, 0.2, 0.3, 0.4, 0.5]),
            _ => return None,
        };
        let mut v = Vec::new();
        for &nc in &[1.5, 1.8, 2.1] {
            for &rf in &[0.25, 0.5, 0.75, 1.0] {
                for &rs in strengths {
                    v.push(GeneratorConfig::new(n, nc, rf, rs));
                }
            }
        }
        Some(v)
    }
}

/// The most real activities [`generate`] makes: its reachability matrix
/// grows with the square of the count.
pub const MAX_GENERATED: usize = 10_000;

/// Generates an instance. The same configuration and seed always give the
/// same instance. The network is built arc by arc to the network
/// complexity with exactly `start_end` start and end activities, no
/// redundant arc and at most `max_degree` real predecessors and successors
/// an activity — the shape of every PSPLIB J30 and J60 network (a draw
/// that falls short is redrawn, up to 64 times for at most 1,000
/// activities); each
/// activity requests one random resource and the project's other requests
/// fall on random free (activity, resource) pairs until the resource factor
/// holds for the project (PSPLIB's counts per activity); capacities are
/// `round(K_min + RS · (K_max − K_min))` from the largest single demand and
/// the peak of the earliest-start schedule, as in PSPLIB.
///
/// # Errors
///
/// [`Error::InvalidParameter`] for fewer than one activity or resource, a
/// parameter outside its range, or a maximum of zero.
///
/// # Complexity
///
/// O(n² / 64) words for the reachability matrix that keeps added arcs
/// non-redundant (n at most [`MAX_GENERATED`], so at most 12.5 MB), plus
/// O(n × degree) per attempted arc and at most 200 (n + 2) attempts a
/// network, times the networks drawn (at most 64; one above 1,000
/// activities); the capacities take an event sweep, independent of the
/// durations.
///
/// # Example
///
/// ```
/// use planwright_schedule::rcpsp::{GeneratorConfig, generate};
///
/// let inst = generate(&GeneratorConfig::new(30, 1.5, 0.5, 0.5), 7)?;
/// assert_eq!(inst.len(), 32);
/// assert_eq!(generate(&GeneratorConfig::new(30, 1.5, 0.5, 0.5), 7)?, inst);
/// # Ok::<(), planwright_schedule::Error>(())
/// ```
pub fn generate(cfg: &GeneratorConfig, seed: u64) -> Result<Instance, Error> {
    validate(cfg)?;
    let n = cfg.activities;
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(seed);
    let succ = network_as_psplib(cfg, &mut rng);
    let mut durations = vec![0u32; n + 2];
    for d in durations.iter_mut().take(n + 1).skip(1) {
        *d = rng.random_range(1..=cfg.max_duration);
    }
    let demands = requests(cfg, &mut rng);
    let precedences: Vec<Precedence> = succ
        .iter()
        .enumerate()
        .flat_map(|(i, s)| {
            let mut s = s.clone();
            s.sort_unstable();
            s.into_iter()
                .map(move |j| Precedence::finish_to_start(i as u32, j as u32))
        })
        .collect();
    let resources = capacities(cfg, &durations, &demands, &precedences)?;
    Instance::new("", durations, resources, demands, precedences)
}

/// Demands as PSPLIB's instances have them: every activity requests one
/// random resource, and the project's other `round(RF · K · n) − n`
/// requests fall on random free (activity, resource) pairs, so the
/// resource factor holds for the project and an activity's count varies
/// around it. That reproduces PSPLIB's counts: at RF 0.5 on J60, 1, 2, 3
/// and 4 resources for 28.7, 44.6, 23.0 and 3.7 % of the activities (this
/// rule: 29.6, 44.4, 22.2, 3.7 % in expectation); at 0.75, 3.5, 22.0, 43.9
/// and 30.6 % (3.7, 22.2, 44.4, 29.6 %); 0.25 and 1 exact. Demands are 1
/// to `max_demand`.
fn requests(cfg: &GeneratorConfig, rng: &mut Xoshiro256PlusPlus) -> Vec<Vec<u32>> {
    let (n, k, rf) = (cfg.activities, cfg.resources, cfg.resource_factor);
    let mut demands = vec![vec![0u32; k]; n + 2];
    if rf <= 0.0 {
        return demands;
    }
    let mut free: Vec<(usize, usize)> = Vec::with_capacity(n * (k - 1));
    for (j, row) in demands.iter_mut().enumerate().take(n + 1).skip(1) {
        let first = rng.random_range(0..k);
        row[first] = rng.random_range(1..=cfg.max_demand);
        free.extend((0..k).filter(|&r| r != first).map(|r| (j, r)));
    }
    let more = ((rf * (k * n) as f64).round() as usize).clamp(n, k * n) - n;
    // The first `more` free pairs of a partial shuffle.
    for m in 0..more {
        let pick = rng.random_range(m..free.len());
        free.swap(m, pick);
        let (j, r) = free[m];
        demands[j][r] = rng.random_range(1..=cfg.max_demand);
    }
    demands
}

fn validate(cfg: &GeneratorConfig) -> Result<(), Error> {
    let bad = |name: &'static str, value: String, expected: &'static str| {
        Err(Error::InvalidParameter {
            name,
            value,
            expected,
        })
    };
    let n = cfg.activities;
    let k = cfg.resources;
    if n == 0 || n > MAX_GENERATED {
        return bad("generator activities", n.to_string(), "1 to 10000");
    }
    if k == 0 || k > 64 {
        return bad("generator resources", k.to_string(), "1 to 64");
    }
    if !(1.0..=10.0).contains(&cfg.network_complexity) {
        return bad(
            "generator network complexity",
            cfg.network_complexity.to_string(),
            "1 to 10",
        );
    }
    if !(0.0..=1.0).contains(&cfg.resource_factor) {
        return bad(
            "generator resource factor",
            cfg.resource_factor.to_string(),
            "0 to 1",
        );
    }
    if !(0.0..=1.0).contains(&cfg.resource_strength) {
        return bad(
            "generator resource strength",
            cfg.resource_strength.to_string(),
            "0 to 1",
        );
    }
    for (name, v) in [
        ("generator maximum duration", cfg.max_duration as usize),
        ("generator maximum demand", cfg.max_demand as usize),
        ("generator start and end activities", cfg.start_end),
        ("generator maximum degree", cfg.max_degree),
    ] {
        if v == 0 {
            return bad(name, "0".to_owned(), "at least 1");
        }
    }
    Ok(())
}

/// Capacities from the resource strength: between the largest demand and
/// the peak usage of the earliest-start schedule (an event sweep, so memory
/// does not grow with the horizon).
fn capacities(
    cfg: &GeneratorConfig,
    durations: &[u32],
    demands: &[Vec<u32>],
    precedences: &[Precedence],
) -> Result<Vec<ResourceProfile>, Error> {
    let k = cfg.resources;
    let probe = Instance::new(
        "probe",
        durations.to_vec(),
        vec![ResourceProfile::constant(u32::MAX); k],
        demands.to_vec(),
        precedences.to_vec(),
    )?;
    let es = probe.earliest_starts();
    let mut resources = Vec::with_capacity(k);
    let mut events: Vec<(i64, i64)> = Vec::with_capacity(2 * durations.len());
    for r in 0..k {
        let rmin = demands.iter().map(|row| row[r]).max().unwrap_or(0);
        events.clear();
        for (j, row) in demands.iter().enumerate() {
            if row[r] > 0 && durations[j] > 0 {
                let s = es[j];
                events.push((s, i64::from(row[r])));
                events.push((s + i64::from(durations[j]), -i64::from(row[r])));
            }
        }
        // Ends before starts at the same time: a resource is free again the
        // moment an activity ends.
        events.sort_unstable_by_key(|&(t, d)| (t, d));
        let (mut level, mut peak) = (0i64, 0i64);
        for &(_, d) in &events {
            level += d;
            peak = peak.max(level);
        }
        let rmax = u32::try_from(peak).unwrap_or(u32::MAX).max(rmin);
        let cap = f64::from(rmin) + cfg.resource_strength * f64::from(rmax - rmin);
        resources.push(ResourceProfile::constant(cap.round() as u32));
    }
    Ok(resources)
}

/// Networks drawn for one instance, at most, until one has PSPLIB's
/// shape (see [`network_as_psplib`]).
const NETWORK_ATTEMPTS: usize = 64;

/// Redrawing stops above this many activities: a network that size takes
/// long to draw, and PSPLIB's sets end at 120 activities (RG300 at 300).
const REDRAW_UP_TO: usize = 1_000;

/// The arcs a network of `cfg` must have: PSPLIB's networks have
/// `ceil(NC · (n + 2))` arcs (J30 at NC 2.1: 68 arcs on 32 nodes).
fn arc_target(cfg: &GeneratorConfig) -> usize {
    (cfg.network_complexity * (cfg.activities + 2) as f64 - 1e-9).ceil() as usize
}

/// A network with PSPLIB's shape: exactly the network complexity's arcs,
/// none redundant, no activity above the degree limit. One draw often
/// falls short (on 30 activities at NC 2.1, about three in four draws
/// saturate first: every arc left would be redundant or exceed a degree),
/// so up to [`NETWORK_ATTEMPTS`] networks are drawn (for at most
/// [`REDRAW_UP_TO`] activities) and the first with that shape is kept, else
/// the one with the most arcs (the first of them).
fn network_as_psplib(cfg: &GeneratorConfig, rng: &mut Xoshiro256PlusPlus) -> Vec<Vec<usize>> {
    let target = arc_target(cfg);
    let attempts = if cfg.activities <= REDRAW_UP_TO {
        NETWORK_ATTEMPTS
    } else {
        1
    };
    let mut best: Option<(usize, Vec<Vec<usize>>)> = None;
    for _ in 0..attempts {
        let (succ, clean) = network(cfg, rng);
        let arcs: usize = succ.iter().map(Vec::len).sum();
        if clean && arcs >= target {
            return succ;
        }
        if best.as_ref().is_none_or(|&(most, _)| arcs > most) {
            best = Some((arcs, succ));
        }
    }
    best.map(|(_, succ)| succ).unwrap_or_default()
}

/// A network under construction over activities `0..=n + 1` (0 and n + 1
/// are the dummies): arcs both ways and the reachability matrix that keeps
/// added arcs non-redundant.
struct Net {
    succ: Vec<Vec<usize>>,
    pred: Vec<Vec<usize>>,
    /// Words per row of `reach`.
    words: usize,
    /// Row `a`: every activity reachable from `a`.
    reach: Vec<u64>,
}

impl Net {
    fn new(nodes: usize) -> Self {
        let words = nodes.div_ceil(64);
        Net {
            succ: vec![Vec::new(); nodes],
            pred: vec![Vec::new(); nodes],
            words,
            reach: vec![0; nodes * words],
        }
    }

    fn reaches(&self, a: usize, b: usize) -> bool {
        self.reach[a * self.words + b / 64] >> (b % 64) & 1 == 1
    }

    fn add(&mut self, i: usize, j: usize) {
        let words = self.words;
        self.succ[i].push(j);
        self.pred[j].push(i);
        // Everything that reaches i (and i) now reaches j and all j reaches.
        let mut row = self.reach[j * words..(j + 1) * words].to_vec();
        row[j / 64] |= 1 << (j % 64);
        for a in 0..self.succ.len() {
            if a == i || self.reaches(a, i) {
                for (r, &x) in self.reach[a * words..(a + 1) * words].iter_mut().zip(&row) {
                    *r |= x;
                }
            }
        }
    }

    /// `true` when an arc i -> j (j not yet reachable from i) would make an
    /// existing arc a -> b redundant: a reaches i (or is i) and j reaches b
    /// (or is b).
    fn makes_redundant(&self, i: usize, j: usize) -> bool {
        (0..self.succ.len()).any(|a| {
            (a == i || self.reaches(a, i))
                && self.succ[a].iter().any(|&b| b == j || self.reaches(j, b))
        })
    }
}

/// The precedence network, as successor lists over activities `0..=n + 1`
/// (0 and n + 1 are the dummies): every real activity gets a predecessor
/// and a successor, then non-redundant arcs are added until the network
/// complexity (arcs per activity) is reached. `true` with it when no arc
/// had to break the degree limit or make another arc redundant.
fn network(cfg: &GeneratorConfig, rng: &mut Xoshiro256PlusPlus) -> (Vec<Vec<usize>>, bool) {
    let n = cfg.activities;
    let mut net = Net::new(n + 2);
    let clean = predecessors(cfg, &mut net, rng) & successors(cfg, &mut net, rng);
    // Dummy arcs.
    for j in 1..=n {
        if net.pred[j].is_empty() {
            net.add(0, j);
        }
    }
    for i in 1..=n {
        if net.succ[i].is_empty() {
            net.add(i, n + 1);
        }
    }
    more_arcs(cfg, &mut net, rng);
    (net.succ, clean)
}

/// Real activities `1..=n`: the first `start_end` are the start
/// activities, the last `start_end` the end activities.
fn start_and_end(cfg: &GeneratorConfig) -> (impl Fn(usize) -> bool, impl Fn(usize) -> bool) {
    let n = cfg.activities;
    let k = cfg.start_end.min(n);
    (move |j: usize| j <= k, move |j: usize| j + k > n)
}

/// Every non-start activity gets a predecessor before it, below the degree
/// limit where one is; `false` when one was not.
fn predecessors(cfg: &GeneratorConfig, net: &mut Net, rng: &mut Xoshiro256PlusPlus) -> bool {
    let (is_start, is_end) = start_and_end(cfg);
    let mut clean = true;
    for j in 1..=cfg.activities {
        if is_start(j) {
            continue;
        }
        let choices: Vec<usize> = (1..j)
            .filter(|&i| !is_end(i) && net.succ[i].len() < cfg.max_degree)
            .collect();
        let i = if choices.is_empty() {
            clean = false;
            rng.random_range(1..j)
        } else {
            choices[rng.random_range(0..choices.len())]
        };
        net.add(i, j);
    }
    clean
}

/// Every non-end activity without one gets a successor after it: a random
/// later activity that keeps the network free of redundant arcs, below the
/// degree limit if one is (PSPLIB's networks have no redundant arc and at
/// most three predecessors an activity); `false` when one broke either.
/// Latest activities first: they have the fewest candidates, so they
/// choose before earlier ones take their degrees (in index order 305 of 480
/// J60-sized networks, one draw each, broke the limit somewhere; this way
/// none).
fn successors(cfg: &GeneratorConfig, net: &mut Net, rng: &mut Xoshiro256PlusPlus) -> bool {
    let n = cfg.activities;
    let (is_start, is_end) = start_and_end(cfg);
    let mut clean = true;
    for i in (1..=n).rev() {
        if is_end(i) || !net.succ[i].is_empty() {
            continue;
        }
        let mut choices: Vec<usize> = (i + 1..=n)
            .filter(|&j| !is_start(j) && !net.reaches(i, j))
            .collect();
        let (mut within, mut beyond) = (None, None);
        while within.is_none() && !choices.is_empty() {
            let j = choices.swap_remove(rng.random_range(0..choices.len()));
            if net.makes_redundant(i, j) {
                continue;
            }
            if net.pred[j].len() < cfg.max_degree {
                within = Some(j);
            } else if beyond.is_none() {
                beyond = Some(j);
            }
        }
        clean &= within.is_some();
        let j = match within.or(beyond) {
            Some(j) => j,
            // Every later activity is reached through a sibling: any later
            // non-start activity (one redundant arc rather than none).
            None => {
                let any: Vec<usize> = (i + 1..=n).filter(|&j| !is_start(j)).collect();
                if any.is_empty() {
                    continue;
                }
                any[rng.random_range(0..any.len())]
            }
        };
        net.add(i, j);
    }
    clean
}

/// More non-redundant arcs between random pairs, within the degree limit,
/// until the network complexity is reached (at most 200 (n + 2) draws).
fn more_arcs(cfg: &GeneratorConfig, net: &mut Net, rng: &mut Xoshiro256PlusPlus) {
    let n = cfg.activities;
    let (is_start, is_end) = start_and_end(cfg);
    let target = arc_target(cfg);
    let mut arcs: usize = net.succ.iter().map(Vec::len).sum();
    let mut attempts = 0usize;
    while arcs < target && attempts < 200 * (n + 2) {
        attempts += 1;
        let i = rng.random_range(1..=n);
        let j = rng.random_range(1..=n);
        if i >= j
            || is_end(i)
            || is_start(j)
            || net.succ[i].len() >= cfg.max_degree
            || net.pred[j].len() >= cfg.max_degree
        {
            continue;
        }
        // Redundant (j already reachable), or making another arc so.
        if net.reaches(i, j) || net.makes_redundant(i, j) {
            continue;
        }
        net.add(i, j);
        arcs += 1;
    }
}
