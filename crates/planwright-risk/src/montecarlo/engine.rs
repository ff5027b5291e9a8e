//! The hot loop: prepared simulation data, chunks of iterations in blocks
//! of [`LANES`], the accumulators, and the second (rank) pass.

use planwright_schedule::ActivityId;
use planwright_schedule::sampling::{LANES, SamplingPass};

use super::CHUNK;
use super::correlation::iman_conover;
use super::stream::{Stream, splitmix64, unit_word, word_unit};
use crate::Error;
use crate::distribution::Sampler;

/// Per-chunk accumulators by position (summed in chunk order).
#[derive(Clone, Debug, Default)]
pub(super) struct Acc {
    pub(super) crit: Vec<u32>,
    pub(super) sum_d: Vec<f64>,
    pub(super) sum_d2: Vec<f64>,
    /// Σ d × (t − t0), with t0 the deterministic finish.
    pub(super) sum_dt: Vec<f64>,
    pub(super) occurred: Vec<u32>,
    /// Per ranked position, [`BINS`] counts of its duration.
    pub(super) hist: Vec<u32>,
}

impl Acc {
    pub(super) fn new(prep: &Prepared) -> Self {
        let positions = prep.n_pos;
        Acc {
            crit: vec![0; positions],
            sum_d: vec![0.0; positions],
            sum_d2: vec![0.0; positions],
            sum_dt: vec![0.0; positions],
            occurred: vec![0; prep.risks.len()],
            hist: vec![0; prep.ranked.len() * BINS],
        }
    }

    pub(super) fn add(&mut self, o: &Acc) {
        for (a, b) in self.crit.iter_mut().zip(&o.crit) {
            *a += b;
        }
        for (v, w) in [
            (&mut self.sum_d, &o.sum_d),
            (&mut self.sum_d2, &o.sum_d2),
            (&mut self.sum_dt, &o.sum_dt),
        ] {
            for (a, b) in v.iter_mut().zip(w) {
                *a += b;
            }
        }
        for (a, b) in self.occurred.iter_mut().zip(&o.occurred) {
            *a += b;
        }
        for (a, b) in self.hist.iter_mut().zip(&o.hist) {
            *a += b;
        }
    }
}

// A step of the stream fills one task's lanes of a block.
const _: () = assert!(LANES == super::stream::WIDTH);

/// The sum of a block's lanes as a tree, `(l0 + l4) + (l2 + l6) + …`, which
/// vectorises; a left-to-right sum is a chain of dependent additions.
#[inline(always)]
fn hsum(a: [f64; LANES]) -> f64 {
    let mut w = a;
    let mut n = LANES;
    while n > 1 {
        n /= 2;
        for i in 0..n {
            w[i] += w[i + n];
        }
    }
    w[0]
}

/// Bins of the duration histograms that rank risk-affected durations.
pub(super) const BINS: usize = 256;

/// A position whose duration risk events change: its rank is read from a
/// histogram of its durations over `[lo, lo + BINS / inv_width]`.
pub(super) struct Ranked {
    pub(super) pos: usize,
    pub(super) lo: f64,
    pub(super) inv_width: f64,
}

impl Ranked {
    #[inline]
    fn bin(&self, d: f64) -> usize {
        (((d - self.lo) * self.inv_width) as usize).min(BINS - 1)
    }
}

/// A simulation compiled for the hot loop: uncertain tasks as parallel
/// arrays in sampling order.
pub(super) struct Prepared {
    pub(super) n_pos: usize,
    pub(super) planned: Vec<f64>,
    /// Position, sampler and scale (remaining / planned for started tasks)
    /// of each uncertain task.
    pub(super) unc_pos: Vec<usize>,
    pub(super) unc_sampler: Vec<Sampler>,
    pub(super) unc_scale: Vec<f64>,
    /// (uncertain index, group, column) of the correlated ones.
    pub(super) correlated: Vec<(usize, usize, usize)>,
    /// Size and target Cholesky factor of each correlation group.
    pub(super) groups: Vec<(usize, Vec<Vec<f64>>)>,
    pub(super) risks: Vec<PreparedRisk>,
    /// Cost per working minute by position, when costs are simulated.
    pub(super) rate: Option<Vec<f64>>,
    pub(super) fixed_cost: f64,
    pub(super) task_pos: Vec<Option<usize>>,
    /// The deterministic finish, subtracted before accumulating products.
    pub(super) t0: f64,
    /// Positions whose durations risk events change.
    pub(super) ranked: Vec<Ranked>,
    /// The tracked tasks' activities.
    pub(super) tracked: Vec<ActivityId>,
}

pub(super) struct PreparedRisk {
    pub(super) p: f64,
    pub(super) positions: Vec<usize>,
    pub(super) delay: Option<Sampler>,
    pub(super) factor: Option<Sampler>,
    pub(super) cost: Option<Sampler>,
}

/// Salt of the risk events' stream.
pub(super) const RISK_STREAM: u64 = 0x5249_534B_5F45_5654;

pub(super) fn chunk_seed(seed: u64, chunk: usize) -> u64 {
    let mut st = seed ^ (chunk as u64).wrapping_mul(0xD1B5_4A32_D192_ED03);
    splitmix64(&mut st)
}

/// A chunk's accumulators, `(finish, cost)` per iteration, and the tracked
/// finishes (iteration after iteration, tracked task after tracked task).
pub(super) type ChunkResult = (Acc, Vec<(f64, f64)>, Vec<f64>);

pub(super) fn run_chunks(
    net: &planwright_schedule::Network,
    prep: &Prepared,
    seed: u64,
    total: usize,
    chunks: &[usize],
    disabled: Option<usize>,
) -> Result<Vec<ChunkResult>, Error> {
    // One pass object, its working-time tables (several calendars) grown
    // by the planned run, copied into every chunk rather than rebuilt.
    let mut proto = SamplingPass::new(net);
    proto.run(&prep.planned)?;
    let proto = &proto;
    #[cfg(feature = "parallel")]
    {
        use rayon::prelude::*;
        chunks
            .par_iter()
            .map(|&c| run_chunk(proto, prep, seed, total, c, disabled))
            .collect()
    }
    #[cfg(not(feature = "parallel"))]
    {
        chunks
            .iter()
            .map(|&c| run_chunk(proto, prep, seed, total, c, disabled))
            .collect()
    }
}

/// Draws the uniforms of one block of [`LANES`] iterations starting at
/// `row0` (`valid` of them real) into `us` (`us[task × LANES + lane]`):
/// per uncertain task one per lane, the correlated ones then replaced by
/// the chunk's Iman–Conover columns. Pass 1 and pass 2 call it alike, so
/// both see the same numbers. (Risk events draw from a stream of their
/// own, so adding, removing or switching off an event leaves every
/// duration sample as it was.)
pub(super) fn uniforms(
    prep: &Prepared,
    rng: &mut Stream,
    corr: &[Vec<f64>],
    (row0, valid): (usize, usize),
    us: &mut [u32],
) {
    for u in us.chunks_exact_mut(LANES) {
        rng.words_into(u.try_into().expect("LANES words"));
    }
    for &(k, g, col) in &prep.correlated {
        let kg = prep.groups[g].0;
        for l in 0..valid {
            us[k * LANES + l] = unit_word(corr[g][(row0 + l) * kg + col]);
        }
    }
}

/// Applies a block's risk events to its durations
/// (`dur[position × LANES + lane]`); sets the cost of the occurring ones.
pub(super) fn apply_risks(
    prep: &Prepared,
    risk_u: &[f64],
    dur: &mut [f64],
    occurred: &mut [bool],
    risk_cost: &mut [f64; LANES],
    disabled: Option<usize>,
) {
    *risk_cost = [0.0; LANES];
    for (e, r) in prep.risks.iter().enumerate() {
        let ru = &risk_u[3 * e * LANES..3 * (e + 1) * LANES];
        for l in 0..LANES {
            let occurs = ru[l] < r.p && disabled != Some(e);
            occurred[e * LANES + l] = occurs;
            if !occurs {
                continue;
            }
            let ui = ru[LANES + l];
            if let Some(d) = &r.delay {
                let x = d.quantile(ui);
                for &p in &r.positions {
                    dur[p * LANES + l] += x;
                }
            }
            if let Some(f) = &r.factor {
                let x = f.quantile(ui) / 100_000.0;
                for &p in &r.positions {
                    dur[p * LANES + l] *= x;
                }
            }
            if let Some(c) = &r.cost {
                risk_cost[l] += c.quantile(ru[2 * LANES + l]);
            }
        }
    }
}

pub(super) fn correlated_uniforms(prep: &Prepared, rng: &mut Stream, m: usize) -> Vec<Vec<f64>> {
    prep.groups
        .iter()
        .map(|(k, chol)| {
            let mut u: Vec<f64> = (0..m * k).map(|_| rng.unit()).collect();
            iman_conover(&mut u, m, *k, chol, rng);
            u
        })
        .collect()
}

/// One chunk's random streams and buffers: draws blocks of [`LANES`]
/// iterations. Pass 1 and pass 2 both draw through it, so both see the
/// same numbers.
struct Draw {
    m: usize,
    rng: Stream,
    risk_rng: Stream,
    corr: Vec<Vec<f64>>,
    planned: Vec<f64>,
    dur: Vec<f64>,
    us: Vec<u32>,
    risk_u: Vec<f64>,
    occurred: Vec<bool>,
    risk_cost: [f64; LANES],
}

impl Draw {
    fn new(prep: &Prepared, seed: u64, total: usize, chunk: usize) -> Self {
        let m = CHUNK.min(total - chunk * CHUNK);
        let mut rng = Stream::new(chunk_seed(seed, chunk));
        let corr = correlated_uniforms(prep, &mut rng, m);
        let planned: Vec<f64> = prep.planned.iter().flat_map(|&d| [d; LANES]).collect();
        Draw {
            m,
            rng,
            risk_rng: Stream::new(chunk_seed(seed ^ RISK_STREAM, chunk)),
            corr,
            dur: planned.clone(),
            planned,
            us: vec![0; prep.unc_pos.len() * LANES],
            risk_u: vec![0.0; 3 * prep.risks.len() * LANES],
            occurred: vec![false; prep.risks.len() * LANES],
            risk_cost: [0.0; LANES],
        }
    }

    /// Draws the block at `row0` (`valid` iterations real): the uniforms,
    /// and with `durations` the durations and risk events too.
    fn block(
        &mut self,
        prep: &Prepared,
        (row0, valid): (usize, usize),
        durations: bool,
        disabled: Option<usize>,
    ) {
        uniforms(prep, &mut self.rng, &self.corr, (row0, valid), &mut self.us);
        if !durations {
            return;
        }
        if !prep.risks.is_empty() {
            self.dur.copy_from_slice(&self.planned);
            for u in &mut self.risk_u {
                *u = self.risk_rng.unit();
            }
        }
        for (k, u) in self.us.chunks_exact(LANES).enumerate() {
            let pos = prep.unc_pos[k];
            prep.unc_sampler[k].fill(
                u,
                prep.unc_scale[k],
                &mut self.dur[pos * LANES..(pos + 1) * LANES],
            );
        }
        apply_risks(
            prep,
            &self.risk_u,
            &mut self.dur,
            &mut self.occurred,
            &mut self.risk_cost,
            disabled,
        );
    }
}

pub(super) fn run_chunk(
    proto: &SamplingPass<'_>,
    prep: &Prepared,
    seed: u64,
    total: usize,
    chunk: usize,
    disabled: Option<usize>,
) -> Result<ChunkResult, Error> {
    let mut draw = Draw::new(prep, seed, total, chunk);
    let m = draw.m;
    let mut pass = proto.clone();
    pass.watch(&prep.tracked)?;
    let nt = prep.tracked.len();
    let mut acc = Acc::new(prep);
    let mut out = Vec::with_capacity(m);
    let mut tracked = Vec::with_capacity(if disabled.is_none() { m * nt } else { 0 });
    for row0 in (0..m).step_by(LANES) {
        let valid = LANES.min(m - row0);
        draw.block(prep, (row0, valid), true, disabled);
        let dur = &draw.dur;
        let t = pass.run_lanes(dur)?;
        if disabled.is_none() {
            for l in 0..valid {
                for &p in pass.driving_lane(l) {
                    acc.crit[p] += 1;
                }
                for (e, c) in acc.occurred.iter_mut().enumerate() {
                    *c += u32::from(draw.occurred[e * LANES + l]);
                }
            }
            let mut dt = [0.0; LANES];
            for l in 0..valid {
                dt[l] = t[l] - prep.t0;
            }
            let sums = acc
                .sum_d
                .iter_mut()
                .zip(&mut acc.sum_d2)
                .zip(&mut acc.sum_dt);
            if valid == LANES {
                for (d, ((s1, s2), s3)) in dur.chunks_exact(LANES).zip(sums) {
                    let (mut a, mut b, mut c) = ([0.0; LANES], [0.0; LANES], [0.0; LANES]);
                    for l in 0..LANES {
                        a[l] = d[l];
                        b[l] = d[l] * d[l];
                        c[l] = d[l] * dt[l];
                    }
                    *s1 += hsum(a);
                    *s2 += hsum(b);
                    *s3 += hsum(c);
                }
            } else {
                // The last block of the last chunk: lanes past `valid` weigh 0.
                for (d, ((s1, s2), s3)) in dur.chunks_exact(LANES).zip(sums) {
                    for l in 0..valid {
                        *s1 += d[l];
                        *s2 += d[l] * d[l];
                        *s3 += d[l] * dt[l];
                    }
                }
            }
            for (r, h) in prep.ranked.iter().zip(acc.hist.chunks_exact_mut(BINS)) {
                for l in 0..valid {
                    h[r.bin(dur[r.pos * LANES + l])] += 1;
                }
            }
        }
        let mut cost = [0.0; LANES];
        if let Some(rate) = &prep.rate {
            for (d, &r) in dur.chunks_exact(LANES).zip(rate) {
                for l in 0..LANES {
                    cost[l] += d[l] * r;
                }
            }
        }
        for l in 0..valid {
            out.push((t[l], prep.fixed_cost + draw.risk_cost[l] + cost[l]));
            if disabled.is_none() {
                tracked.extend((0..nt).map(|k| pass.watched_finish(k, l)));
            }
        }
    }
    Ok((acc, out, tracked))
}

/// Spearman sensitivity by position: for an uncertain task the Pearson
/// correlation between its uniforms (the ranks of its inverse-CDF samples)
/// and the finish ranks; for a duration that risk events change, between
/// its mid-rank in the pass-1 histogram (`hist`, [`BINS`] per ranked
/// position) and the finish ranks. Each chunk's numbers are regenerated;
/// durations are recomputed only when some are ranked by histogram.
pub(super) fn spearman_pass(
    prep: &Prepared,
    seed: u64,
    n: usize,
    chunks: usize,
    rank: &[f64],
    hist: &[u32],
) -> Vec<f64> {
    let k = prep.unc_pos.len();
    let nr = prep.ranked.len();
    let nf = n as f64;
    // Centred mid-ranks of each histogram bin, in (−½, ½).
    let mut mid = vec![0.0; nr * BINS];
    for (h, out) in hist.chunks_exact(BINS).zip(mid.chunks_exact_mut(BINS)) {
        let mut below = 0u32;
        for (&c, o) in h.iter().zip(out) {
            *o = (f64::from(below) + f64::from(c) / 2.0) / nf - 0.5;
            below += c;
        }
    }
    let v = k + nr;
    // Only Σ x·r is summed: r (centred finish mid-ranks) is 0 in the lanes
    // past the end of the last chunk, so they add nothing.
    let per_chunk = |chunk: usize| -> Vec<f64> {
        let mut draw = Draw::new(prep, seed, n, chunk);
        let m = draw.m;
        let mut sxr = vec![0.0; v];
        for row0 in (0..m).step_by(LANES) {
            let valid = LANES.min(m - row0);
            let mut r = [0.0; LANES];
            for l in 0..valid {
                r[l] = rank[chunk * CHUNK + row0 + l] - 0.5;
            }
            draw.block(prep, (row0, valid), nr > 0, None);
            for (j, u) in draw.us.chunks_exact(LANES).enumerate() {
                let mut c = [0.0; LANES];
                for l in 0..LANES {
                    c[l] = (word_unit(u[l]) - 0.5) * r[l];
                }
                sxr[j] += hsum(c);
            }
            for (j, (rk, mids)) in prep.ranked.iter().zip(mid.chunks_exact(BINS)).enumerate() {
                let mut c = [0.0; LANES];
                for l in 0..LANES {
                    c[l] = mids[rk.bin(draw.dur[rk.pos * LANES + l])] * r[l];
                }
                sxr[k + j] += hsum(c);
            }
        }
        sxr
    };
    #[cfg(feature = "parallel")]
    let parts: Vec<Vec<f64>> = {
        use rayon::prelude::*;
        (0..chunks).into_par_iter().map(per_chunk).collect()
    };
    #[cfg(not(feature = "parallel"))]
    let parts: Vec<Vec<f64>> = (0..chunks).map(per_chunk).collect();
    let mut sxr = vec![0.0; v];
    for part in parts {
        for (a, b) in sxr.iter_mut().zip(part) {
            *a += b;
        }
    }
    let mr = rank.iter().map(|r| r - 0.5).sum::<f64>() / nf;
    let vr = rank.iter().map(|r| (r - 0.5) * (r - 0.5)).sum::<f64>() / nf - mr * mr;
    // The moments of each variable: a uniform standing for rank / n has mean
    // ½ and variance 1/12 — exactly what n distinct ranks have (up to
    // 1/n²); a histogram's mid-ranks have the moments of its counts.
    let mut moments = vec![(0.0, 1.0 / 12.0); k];
    for (h, mids) in hist.chunks_exact(BINS).zip(mid.chunks_exact(BINS)) {
        let m1 = h
            .iter()
            .zip(mids)
            .map(|(&c, &x)| f64::from(c) * x)
            .sum::<f64>()
            / nf;
        let m2 = h
            .iter()
            .zip(mids)
            .map(|(&c, &x)| f64::from(c) * x * x)
            .sum::<f64>()
            / nf;
        moments.push((m1, m2 - m1 * m1));
    }
    let corr = |j: usize| {
        let (mx, vx) = moments[j];
        let cov = sxr[j] / nf - mx * mr;
        if vx > 1e-12 && vr > 0.0 {
            (cov / (vx * vr).sqrt()).clamp(-1.0, 1.0)
        } else {
            0.0
        }
    };
    let mut by_pos = vec![0.0; prep.n_pos];
    for j in 0..k {
        if !prep.unc_sampler[j].is_fixed() {
            by_pos[prep.unc_pos[j]] = corr(j);
        }
    }
    for (j, rk) in prep.ranked.iter().enumerate() {
        by_pos[rk.pos] = corr(k + j);
    }
    by_pos
}
