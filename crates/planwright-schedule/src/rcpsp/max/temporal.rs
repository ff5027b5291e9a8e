//! The temporal analysis: earliest starts, positive cycles, all-pairs
//! distances, and the propagation of orders pairs must keep.

use super::MaxInstance;
use super::proofs::{Infeasibility, resource_proof};

/// The result of the temporal analysis of a [`MaxInstance`]: longest
/// start-to-start distances between all pairs of activities.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Temporal {
    pub(super) n: usize,
    /// `d[i * n + j]`: the least `S_j − S_i` any schedule has ([`NONE`]
    /// when unconstrained).
    pub(super) d: Vec<i64>,
    /// Earliest starts with every start ≥ 0.
    pub(super) es: Vec<i64>,
    pub(super) durations: Vec<u32>,
}

/// Steps (distance-matrix cells) the propagation of forced orders may
/// take: 2^28, a fraction of a second.
pub(super) const PROPAGATION_WORK: u64 = 1 << 28;

/// "No constraint" in the distance matrix.
pub(super) const NONE: i64 = i64::MIN / 4;

impl Temporal {
    pub(super) fn new(inst: &MaxInstance) -> Result<Self, Infeasibility> {
        let n = inst.len();
        let es = earliest_starts(inst)?;
        let mut d = vec![NONE; n * n];
        for i in 0..n {
            d[i * n + i] = 0;
        }
        for l in &inst.lags {
            let x = &mut d[l.from as usize * n + l.to as usize];
            *x = (*x).max(i64::from(l.lag));
        }
        // Floyd–Warshall for longest paths (no positive cycle: checked).
        for k in 0..n {
            for i in 0..n {
                let dik = d[i * n + k];
                if dik == NONE {
                    continue;
                }
                for j in 0..n {
                    let dkj = d[k * n + j];
                    if dkj != NONE && dik + dkj > d[i * n + j] {
                        d[i * n + j] = dik + dkj;
                    }
                }
            }
        }
        Ok(Temporal {
            n,
            d,
            es,
            durations: inst.durations.clone(),
        })
    }

    /// The least `S_j − S_i` of any schedule, `None` when the lags do not
    /// relate the two.
    ///
    /// # Panics
    ///
    /// When `i` or `j` is not an activity index (a caller bug).
    #[must_use]
    pub fn distance(&self, i: usize, j: usize) -> Option<i64> {
        let x = self.d[i * self.n + j];
        (x != NONE).then_some(x)
    }

    /// Earliest starts with every start ≥ 0.
    #[must_use]
    pub fn earliest_starts(&self) -> &[i64] {
        &self.es
    }

    /// The latest earliest finish: no schedule is shorter.
    #[must_use]
    pub fn lower_bound(&self) -> u32 {
        self.es
            .iter()
            .zip(&self.durations)
            .map(|(&s, &p)| s + i64::from(p))
            .max()
            .unwrap_or(0)
            .clamp(0, i64::from(u32::MAX)) as u32
    }

    #[inline]
    pub(super) fn at(&self, i: usize, j: usize) -> i64 {
        self.d[i * self.n + j]
    }

    /// The analysis of the mirrored instance (time reversed, see
    /// [`MaxInstance::reversed`]): `S_b − S_a ≥ d(a, b)` becomes
    /// `S'_a − S'_b ≥ d(a, b) + p_b − p_a`.
    pub(super) fn mirrored(&self) -> Temporal {
        let n = self.n;
        let p = |x: usize| i64::from(self.durations[x]);
        let mut d = vec![NONE; n * n];
        for a in 0..n {
            for b in 0..n {
                let x = self.at(a, b);
                if x != NONE {
                    d[b * n + a] = x + p(b) - p(a);
                }
            }
        }
        let mut t = Temporal {
            n,
            d,
            es: vec![0; n],
            durations: self.durations.clone(),
        };
        t.refresh_earliest();
        t
    }

    /// Earliest starts from the distances: `max(0, max_i d(i, j))`.
    pub(super) fn refresh_earliest(&mut self) {
        let n = self.n;
        for j in 0..n {
            self.es[j] = (0..n).map(|i| self.at(i, j)).max().unwrap_or(0).max(0);
        }
    }

    /// Constraint propagation over pairs that cannot run together (their
    /// demands exceed a capacity): where the distances allow one order
    /// only, that order is added and the distances updated, until nothing
    /// changes or `work` (about n² steps each) runs out. Returns the orders
    /// forced, or the proof that none of a pair's orders is possible.
    pub(super) fn force_orders(
        &mut self,
        inst: &MaxInstance,
        mut work: u64,
    ) -> Result<Vec<(u32, u32)>, Infeasibility> {
        let n = self.n;
        let p = |x: usize| i64::from(inst.durations[x]);
        let caps = &inst.capacities;
        let clash: Vec<(usize, usize)> = (0..n)
            .flat_map(|i| (i + 1..n).map(move |j| (i, j)))
            .filter(|&(i, j)| {
                p(i) > 0
                    && p(j) > 0
                    && inst
                        .demands_of(i)
                        .iter()
                        .zip(inst.demands_of(j))
                        .zip(caps)
                        .any(|((&a, &b), &c)| u64::from(a) + u64::from(b) > u64::from(c))
            })
            .collect();
        let mut forced = Vec::new();
        loop {
            let mut changed = false;
            for &(i, j) in &clash {
                // i before j needs S_j − S_i ≥ p_i, possible when
                // d(j, i) ≤ −p_i; j before i when d(i, j) ≤ −p_j.
                let (ij, ji) = (self.at(i, j), self.at(j, i));
                let i_first = ji == NONE || ji <= -p(i);
                let j_first = ij == NONE || ij <= -p(j);
                let (a, b) = match (i_first, j_first) {
                    (true, true) => continue,
                    (false, false) => {
                        let then = resource_proof(inst, self).unwrap_or(Infeasibility::Overlap {
                            first: i as u32,
                            second: j as u32,
                            resource: 0,
                            demand: 0,
                            capacity: 0,
                        });
                        return Err(if forced.is_empty() {
                            then
                        } else {
                            Infeasibility::ForcedOrders {
                                forced,
                                then: Box::new(then),
                            }
                        });
                    }
                    (true, false) => (i, j),
                    (false, true) => (j, i),
                };
                if self.at(a, b) >= p(a) {
                    continue;
                }
                if work < (n * n) as u64 {
                    return Ok(forced);
                }
                work -= (n * n) as u64;
                // The arc a → b of length p_a, closed over all pairs.
                let w = p(a);
                let into_a: Vec<(usize, i64)> = (0..n)
                    .filter_map(|x| {
                        let v = self.at(x, a);
                        (v != NONE).then_some((x, v))
                    })
                    .collect();
                let from_b: Vec<(usize, i64)> = (0..n)
                    .filter_map(|y| {
                        let v = self.at(b, y);
                        (v != NONE).then_some((y, v))
                    })
                    .collect();
                for &(x, xa) in &into_a {
                    for &(y, by) in &from_b {
                        let v = xa + w + by;
                        let cell = &mut self.d[x * n + y];
                        if v > *cell {
                            *cell = v;
                        }
                    }
                }
                forced.push((a as u32, b as u32));
                changed = true;
            }
            if !changed {
                self.refresh_earliest();
                return Ok(forced);
            }
        }
    }
}

/// Earliest starts ≥ 0 by Bellman–Ford, or the positive cycle it finds.
pub(super) fn earliest_starts(inst: &MaxInstance) -> Result<Vec<i64>, Infeasibility> {
    let n = inst.len();
    let mut es = vec![0i64; n];
    let mut parent: Vec<Option<usize>> = vec![None; n];
    for _ in 0..=n {
        let mut changed = None;
        for (e, l) in inst.lags.iter().enumerate() {
            let (i, j) = (l.from as usize, l.to as usize);
            if es[i] + i64::from(l.lag) > es[j] {
                es[j] = es[i] + i64::from(l.lag);
                parent[j] = Some(e);
                changed = Some(j);
            }
        }
        let Some(last) = changed else {
            return Ok(es);
        };
        // After n rounds something still moves: walk the parent links
        // back n steps to land on the cycle, then collect it.
        if let Some(cycle) = parent_cycle(inst, &parent, last) {
            return Err(cycle);
        }
    }
    // Unreachable for a consistent parent graph; report what is known.
    Err(Infeasibility::PositiveCycle {
        cycle: Vec::new(),
        length: 0,
    })
}

/// A cycle of parent links through `from`'s ancestry, if the links close
/// one (with its length in lags).
fn parent_cycle(
    inst: &MaxInstance,
    parent: &[Option<usize>],
    from: usize,
) -> Option<Infeasibility> {
    let n = inst.len();
    let mut v = from;
    for _ in 0..n {
        v = inst.lags[parent[v]?].from as usize;
    }
    // `v` is on a cycle of parent links.
    let mut cycle = vec![v as u32];
    let mut length = 0i64;
    let mut u = v;
    loop {
        let e = inst.lags[parent[u]?];
        length += i64::from(e.lag);
        u = e.from as usize;
        if u == v {
            break;
        }
        cycle.push(u as u32);
        if cycle.len() > n {
            return None;
        }
    }
    cycle.reverse();
    (length > 0).then_some(Infeasibility::PositiveCycle { cycle, length })
}
