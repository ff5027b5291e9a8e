//! A seeded ProGen/max-style generator.

use rand::{RngExt, SeedableRng};
use rand_xoshiro::Xoshiro256PlusPlus;

use super::temporal::earliest_starts;
use super::{MAX_ACTIVITIES, MaxInstance, TimeLag};
use crate::Error;
use crate::rcpsp::instance::MAX_TIME;

/// Settings of [`generate_max`], a seeded ProGen/max-style generator of
/// RCPSP/max instances.
#[derive(Clone, Copy, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub struct MaxGeneratorConfig {
    /// Real activities (the dummy source and sink are added).
    pub activities: usize,
    /// Renewable resources.
    pub resources: usize,
    /// Longest duration (durations are 1 ..= this).
    pub max_duration: u32,
    /// Most predecessors an activity draws among the earlier ones (at
    /// least one, the source when it has none).
    pub max_predecessors: usize,
    /// Share of the minimum lags that also get a maximum lag the other
    /// way (0 ..= 1): the maximum-lag density.
    pub max_lag_share: f64,
    /// How tight a maximum lag is (0 ..= 1): its window above the minimum
    /// lag is `(1 − tightness) × 2 ×` the predecessor's duration.
    pub tightness: f64,
    /// Share of the resources an activity uses (ProGen's resource factor,
    /// 0 ..= 1; at least one).
    pub resource_factor: f64,
    /// ProGen's resource strength (0 ..= 1): capacity = the largest demand
    /// + strength × (the peak of the earliest-start schedule − that).
    pub resource_strength: f64,
}

impl Default for MaxGeneratorConfig {
    /// J20-like: 20 activities, 5 resources, durations 1–10, up to 3
    /// predecessors, a third with maximum lags at tightness 0.5, resource
    /// factor 0.5, strength 0.25.
    fn default() -> Self {
        MaxGeneratorConfig {
            activities: 20,
            resources: 5,
            max_duration: 10,
            max_predecessors: 3,
            max_lag_share: 0.33,
            tightness: 0.5,
            resource_factor: 0.5,
            resource_strength: 0.25,
        }
    }
}

/// A random RCPSP/max instance (same seed, same instance): activity `j`
/// draws predecessors among `1..j` with a minimum lag between 0 and the
/// predecessor's duration, some of those arcs get a maximum lag back; the
/// source precedes every activity and the sink follows every one (lags 0
/// and the duration), so the sink's start is the makespan; demands by the
/// resource factor; capacities by the resource strength. Instances may be
/// infeasible, as ProGen/max's are.
///
/// # Errors
///
/// [`Error::InvalidParameter`] for no activities, more than
/// [`MAX_ACTIVITIES`] − 2, no resources or more than 64, durations outside
/// 1 ..= 1,000, no predecessors, or a share outside 0 ..= 1.
pub fn generate_max(cfg: &MaxGeneratorConfig, seed: u64) -> Result<MaxInstance, Error> {
    let bad = |name: &'static str, value: String, expected: &'static str| {
        Err(Error::InvalidParameter {
            name,
            value,
            expected,
        })
    };
    if cfg.activities == 0 || cfg.activities > MAX_ACTIVITIES - 2 {
        return bad("activities", cfg.activities.to_string(), "1 ..= 2,046");
    }
    if cfg.resources == 0 || cfg.resources > 64 {
        return bad("resources", cfg.resources.to_string(), "1 ..= 64");
    }
    if !(1..=1_000).contains(&cfg.max_duration) {
        return bad("max_duration", cfg.max_duration.to_string(), "1 ..= 1,000");
    }
    if cfg.max_predecessors == 0 {
        return bad("max_predecessors", "0".into(), "at least 1");
    }
    for (name, v) in [
        ("max_lag_share", cfg.max_lag_share),
        ("tightness", cfg.tightness),
        ("resource_factor", cfg.resource_factor),
        ("resource_strength", cfg.resource_strength),
    ] {
        if !(0.0..=1.0).contains(&v) {
            return bad(name, v.to_string(), "0 ..= 1");
        }
    }
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(seed);
    let (m, k) = (cfg.activities, cfg.resources);
    let n = m + 2;
    let mut durations = vec![0u32; n];
    for d in &mut durations[1..=m] {
        *d = rng.random_range(1..=cfg.max_duration);
    }
    let mut lags = Vec::new();
    for j in 1..=m {
        lags.push(TimeLag::new(0, j as u32, 0));
        if j == 1 {
            continue;
        }
        let count = rng.random_range(1..=cfg.max_predecessors.min(j - 1));
        let mut preds: Vec<usize> = Vec::with_capacity(count);
        while preds.len() < count {
            let i = rng.random_range(1..j);
            if !preds.contains(&i) {
                preds.push(i);
            }
        }
        for i in preds {
            let min = rng.random_range(0..=durations[i]) as i32;
            lags.push(TimeLag::new(i as u32, j as u32, min));
        }
    }
    // Maximum lags on a share of the minimum ones, each at least the
    // longest distance the network so far imposes (so no positive cycle
    // arises) plus a window that shrinks with the tightness.
    let minimum: Vec<TimeLag> = lags.iter().copied().filter(|l| l.from != 0).collect();
    for l in minimum {
        if rng.random::<f64>() >= cfg.max_lag_share {
            continue;
        }
        let Some(d) = longest_from(n, &lags, l.from as usize)[l.to as usize] else {
            continue;
        };
        let window = ((1.0 - cfg.tightness) * 2.0 * f64::from(durations[l.from as usize])).round();
        let max = d + window as i64;
        if max <= i64::from(MAX_TIME) {
            lags.push(TimeLag::new(l.to, l.from, -(max as i32)));
        }
    }
    for (j, &d) in durations.iter().enumerate().take(m + 1).skip(1) {
        lags.push(TimeLag::new(j as u32, (m + 1) as u32, d as i32));
    }
    // The format's order: grouped by the activity a lag counts from.
    lags.sort_by_key(|l| l.from);
    // Demands: each activity uses a share of the resources (at least one).
    let uses = ((cfg.resource_factor * k as f64).round() as usize).clamp(1, k);
    let mut demands = vec![vec![0u32; k]; n];
    for row in demands.iter_mut().take(m + 1).skip(1) {
        let mut picked = 0;
        while picked < uses {
            let r = rng.random_range(0..k);
            if row[r] == 0 {
                row[r] = rng.random_range(1..=10);
                picked += 1;
            }
        }
    }
    // Capacities by the resource strength, against the earliest-start
    // schedule's peak (the lags' longest paths, resources ignored).
    let probe = MaxInstance::new(
        "probe",
        durations.clone(),
        vec![u32::MAX; k],
        demands.clone(),
        lags.clone(),
    )?;
    let es = earliest_starts(&probe).unwrap_or_else(|_| vec![0; n]);
    let horizon = es
        .iter()
        .zip(&durations)
        .map(|(&s, &p)| s + i64::from(p))
        .max()
        .unwrap_or(0)
        .max(0) as usize;
    let mut capacities = vec![0u32; k];
    for (r, cap) in capacities.iter_mut().enumerate() {
        let kmin = demands.iter().map(|row| row[r]).max().unwrap_or(0);
        let mut usage = vec![0u32; horizon + 1];
        for j in 0..n {
            let s = es[j].max(0) as usize;
            for u in usage.iter_mut().skip(s).take(durations[j] as usize) {
                *u += demands[j][r];
            }
        }
        let kmax = usage.iter().copied().max().unwrap_or(0).max(kmin);
        *cap = kmin + (cfg.resource_strength * f64::from(kmax - kmin)).round() as u32;
    }
    MaxInstance::new(
        format!("max_gen_{seed}"),
        durations,
        capacities,
        demands,
        lags,
    )
}

/// Longest distances from `from` over `lags` (`None` where unreachable);
/// the lags must have no positive cycle.
fn longest_from(n: usize, lags: &[TimeLag], from: usize) -> Vec<Option<i64>> {
    let mut d: Vec<Option<i64>> = vec![None; n];
    d[from] = Some(0);
    for _ in 0..n {
        let mut changed = false;
        for l in lags {
            if let Some(a) = d[l.from as usize] {
                let x = a + i64::from(l.lag);
                if d[l.to as usize].is_none_or(|b| x > b) {
                    d[l.to as usize] = Some(x);
                    changed = true;
                }
            }
        }
        if !changed {
            break;
        }
    }
    d
}
