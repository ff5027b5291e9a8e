//! Duration distributions for simulation, sampled by their inverse
//! cumulative distribution function so a sample's rank is its uniform.

use std::sync::Arc;

use planwright_core::Duration;

use crate::Error;
use crate::montecarlo::stream::word_unit;

mod beta;

use beta::BetaTable;
pub(crate) use beta::Tables;

/// A task duration's uncertainty, in working time.
///
/// Every distribution is sampled through its quantile function (inverse
/// CDF) from a uniform number: rank correlation (Iman–Conover) and rank
/// sensitivity work on the uniforms, and the same uniform always gives the
/// same duration.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub enum DurationDist {
    /// Always this duration.
    Fixed(Duration),
    /// Uniform between two durations.
    Uniform {
        /// Lower bound.
        min: Duration,
        /// Upper bound.
        max: Duration,
    },
    /// Triangular with a most likely value.
    Triangular {
        /// Lower bound.
        min: Duration,
        /// Most likely.
        mode: Duration,
        /// Upper bound.
        max: Duration,
    },
    /// PERT (scaled beta): `shape` 4 is the classic PERT.
    Pert {
        /// Lower bound.
        min: Duration,
        /// Most likely.
        mode: Duration,
        /// Upper bound.
        max: Duration,
        /// Weight of the mode (> 0).
        shape: f64,
    },
    /// Values with weights.
    Discrete(Vec<(Duration, f64)>),
    /// Lognormal fitted to a 10th and a 90th percentile.
    LogNormal {
        /// 10th percentile (> 0).
        p10: Duration,
        /// 90th percentile (> p10).
        p90: Duration,
    },
}

impl DurationDist {
    /// Triangular from three durations.
    #[must_use]
    pub fn triangular(min: Duration, mode: Duration, max: Duration) -> Self {
        DurationDist::Triangular { min, mode, max }
    }

    /// Classic PERT (shape 4).
    #[must_use]
    pub fn pert(min: Duration, mode: Duration, max: Duration) -> Self {
        DurationDist::Pert {
            min,
            mode,
            max,
            shape: 4.0,
        }
    }

    /// Builds the sampler, naming `item` in errors.
    #[cfg(test)]
    pub(crate) fn sampler(&self, item: &str) -> Result<Sampler, Error> {
        self.sampler_with(item, &mut Tables::default())
    }

    /// Builds the sampler, naming `item` in errors; quantile tables are
    /// shared through `tables` (tasks estimated alike share one).
    pub(crate) fn sampler_with(&self, item: &str, tables: &mut Tables) -> Result<Sampler, Error> {
        let bad = |reason: String| Error::InvalidSimulation {
            item: item.to_owned(),
            reason,
        };
        let m = |d: Duration| d.as_minutes() as f64;
        let ordered = |a: Duration, b: Duration, c: Duration| -> Result<(), Error> {
            if a.is_negative() {
                return Err(bad(format!("a duration must not be negative ({a})")));
            }
            if !(a <= b && b <= c) {
                return Err(bad(format!("min {a} <= mode {b} <= max {c} must hold")));
            }
            Ok(())
        };
        Ok(match self {
            DurationDist::Fixed(d) => {
                if d.is_negative() {
                    return Err(bad(format!("a duration must not be negative ({d})")));
                }
                Sampler::Fixed(m(*d))
            }
            DurationDist::Uniform { min, max } => {
                ordered(*min, *min, *max)?;
                Sampler::Uniform(m(*min), m(*max) - m(*min))
            }
            DurationDist::Triangular { min, mode, max } => {
                ordered(*min, *mode, *max)?;
                let (a, c, b) = (m(*min), m(*mode), m(*max));
                if b == a {
                    Sampler::Fixed(a)
                } else {
                    Sampler::Triangular {
                        a,
                        b,
                        fc: (c - a) / (b - a),
                        left: (b - a) * (c - a),
                        right: (b - a) * (b - c),
                    }
                }
            }
            DurationDist::Pert {
                min,
                mode,
                max,
                shape,
            } => {
                ordered(*min, *mode, *max)?;
                if !(shape.is_finite() && *shape > 0.0 && *shape <= MAX_PERT_SHAPE) {
                    return Err(bad(format!(
                        "the PERT shape must be in (0, {MAX_PERT_SHAPE}], not {shape}"
                    )));
                }
                let (a, c, b) = (m(*min), m(*mode), m(*max));
                if b == a {
                    Sampler::Fixed(a)
                } else {
                    let alpha = 1.0 + shape * (c - a) / (b - a);
                    let beta = 1.0 + shape * (b - c) / (b - a);
                    Sampler::Table {
                        a,
                        span: b - a,
                        q: tables.beta(alpha, beta),
                    }
                }
            }
            DurationDist::Discrete(values) => {
                if values.is_empty() {
                    return Err(bad("a discrete distribution needs values".into()));
                }
                let mut v: Vec<(f64, f64)> = Vec::with_capacity(values.len());
                for &(d, w) in values {
                    if d.is_negative() || !(w.is_finite() && w >= 0.0) {
                        return Err(bad(format!(
                            "value {d} with weight {w}: values and weights must not be negative"
                        )));
                    }
                    v.push((m(d), w));
                }
                v.sort_by(|x, y| x.0.total_cmp(&y.0));
                // Scaled by the largest weight, so the sum cannot overflow.
                let max_w = v.iter().map(|x| x.1).fold(0.0f64, f64::max);
                if max_w > 0.0 {
                    v.iter_mut().for_each(|x| x.1 /= max_w);
                }
                let total: f64 = v.iter().map(|x| x.1).sum();
                if total <= 0.0 {
                    return Err(bad("the weights add up to zero".into()));
                }
                let mut acc = 0.0;
                let cum = v
                    .iter()
                    .map(|&(x, w)| {
                        acc += w / total;
                        (acc, x)
                    })
                    .collect();
                Sampler::Discrete(cum)
            }
            DurationDist::LogNormal { p10, p90 } => {
                if !(p10.as_minutes() > 0 && p90 > p10) {
                    return Err(bad(format!("0 < P10 ({p10}) < P90 ({p90}) must hold")));
                }
                let (l10, l90) = (m(*p10).ln(), m(*p90).ln());
                const Z90: f64 = 1.281_551_565_544_600_5;
                Sampler::LogNormal {
                    mu: (l10 + l90) / 2.0,
                    sigma: (l90 - l10) / (2.0 * Z90),
                }
            }
        })
    }
}

/// The largest PERT shape accepted (the classic PERT uses 4). Beyond this
/// the distribution is a spike at the mode that a `Fixed` duration
/// describes better.
pub(crate) const MAX_PERT_SHAPE: f64 = 1_000.0;

/// A prepared inverse-CDF sampler (minutes).
#[derive(Clone, Debug)]
pub(crate) enum Sampler {
    Fixed(f64),
    Uniform(f64, f64),
    Triangular {
        a: f64,
        b: f64,
        fc: f64,
        left: f64,
        right: f64,
    },
    /// `a + span × Q(u)` with `Q` a tabulated beta quantile function.
    Table {
        a: f64,
        span: f64,
        q: Arc<BetaTable>,
    },
    /// (cumulative probability, value), ascending.
    Discrete(Vec<(f64, f64)>),
    LogNormal {
        mu: f64,
        sigma: f64,
    },
}

impl Sampler {
    /// The quantile at `u` in [0, 1).
    #[inline]
    pub(crate) fn quantile(&self, u: f64) -> f64 {
        match self {
            Sampler::Fixed(x) => *x,
            Sampler::Uniform(a, w) => a + u * w,
            Sampler::Triangular {
                a,
                b,
                fc,
                left,
                right,
            } => {
                if u < *fc {
                    a + (u * left).sqrt()
                } else {
                    b - ((1.0 - u) * right).sqrt()
                }
            }
            Sampler::Table { a, span, q } => a + span * q.quantile(u),
            Sampler::Discrete(cum) => {
                let i = cum.partition_point(|&(c, _)| c < u);
                cum[i.min(cum.len() - 1)].1
            }
            Sampler::LogNormal { mu, sigma } => (mu + sigma * inverse_normal(u)).exp(),
        }
    }

    /// `out[i] = quantile(u_i) × scale` for the uniforms `u_i` that the
    /// 32-bit words `ws` stand for (`(w + ½) / 2³²`), with the distribution
    /// chosen once for the whole slice.
    #[inline]
    pub(crate) fn fill(&self, ws: &[u32], scale: f64, out: &mut [f64]) {
        match self {
            Sampler::Table { a, span, q } => q.fill(a * scale, span * scale, ws, out),
            Sampler::Fixed(x) => out.fill(x * scale),
            _ => {
                for (o, &w) in out.iter_mut().zip(ws) {
                    *o = self.quantile(word_unit(w)) * scale;
                }
            }
        }
    }

    /// `true` when the sample never varies.
    pub(crate) fn is_fixed(&self) -> bool {
        matches!(self, Sampler::Fixed(_))
    }
}

/// The standard normal quantile (Acklam's rational approximation, relative
/// error below 1.2e-9), clamped away from 0 and 1.
pub(crate) fn inverse_normal(u: f64) -> f64 {
    const A: [f64; 6] = [
        -3.969_683_028_665_376e1,
        2.209_460_984_245_205e2,
        -2.759_285_104_469_687e2,
        1.383_577_518_672_69e2,
        -3.066_479_806_614_716e1,
        2.506_628_277_459_239,
    ];
    const B: [f64; 5] = [
        -5.447_609_879_822_406e1,
        1.615_858_368_580_409e2,
        -1.556_989_798_598_866e2,
        6.680_131_188_771_972e1,
        -1.328_068_155_288_572e1,
    ];
    const C: [f64; 6] = [
        -7.784_894_002_430_293e-3,
        -3.223_964_580_411_365e-1,
        -2.400_758_277_161_838,
        -2.549_732_539_343_734,
        4.374_664_141_464_968,
        2.938_163_982_698_783,
    ];
    const D: [f64; 4] = [
        7.784_695_709_041_462e-3,
        3.224_671_290_700_398e-1,
        2.445_134_137_142_996,
        3.754_408_661_907_416,
    ];
    let p = u.clamp(1e-15, 1.0 - 1e-15);
    if p < 0.024_25 {
        let q = (-2.0 * p.ln()).sqrt();
        (((((C[0] * q + C[1]) * q + C[2]) * q + C[3]) * q + C[4]) * q + C[5])
            / ((((D[0] * q + D[1]) * q + D[2]) * q + D[3]) * q + 1.0)
    } else if p <= 1.0 - 0.024_25 {
        let q = p - 0.5;
        let r = q * q;
        (((((A[0] * r + A[1]) * r + A[2]) * r + A[3]) * r + A[4]) * r + A[5]) * q
            / (((((B[0] * r + B[1]) * r + B[2]) * r + B[3]) * r + B[4]) * r + 1.0)
    } else {
        let q = (-2.0 * (1.0 - p).ln()).sqrt();
        -(((((C[0] * q + C[1]) * q + C[2]) * q + C[3]) * q + C[4]) * q + C[5])
            / ((((D[0] * q + D[1]) * q + D[2]) * q + D[3]) * q + 1.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantiles_are_monotone_and_bounded() {
        let d = Duration::minutes;
        for dist in [
            DurationDist::triangular(d(10), d(20), d(60)),
            DurationDist::pert(d(10), d(20), d(60)),
            DurationDist::Uniform {
                min: d(5),
                max: d(9),
            },
            DurationDist::LogNormal {
                p10: d(30),
                p90: d(90),
            },
            DurationDist::Discrete(vec![(d(50), 1.0), (d(10), 3.0)]),
        ] {
            let s = dist.sampler("t").unwrap();
            let mut prev = f64::MIN;
            for k in 0..=1000 {
                let x = s.quantile(f64::from(k) / 1000.0 * 0.999_999);
                assert!(x >= prev - 1e-9, "{dist:?} at {k}");
                prev = x;
            }
        }
        // Lognormal percentiles land where asked.
        let s = DurationDist::LogNormal {
            p10: d(30),
            p90: d(90),
        }
        .sampler("t")
        .unwrap();
        assert!((s.quantile(0.1) - 30.0).abs() < 1e-6);
        assert!((s.quantile(0.9) - 90.0).abs() < 1e-6);
        // PERT median of a symmetric case is the mode.
        let s = DurationDist::pert(d(0), d(50), d(100))
            .sampler("t")
            .unwrap();
        assert!((s.quantile(0.5) - 50.0).abs() < 0.05);
    }

    #[test]
    fn invalid_distributions_are_errors() {
        let d = Duration::minutes;
        assert!(
            DurationDist::triangular(d(5), d(3), d(9))
                .sampler("t")
                .is_err()
        );
        assert!(
            DurationDist::LogNormal {
                p10: d(9),
                p90: d(3)
            }
            .sampler("t")
            .is_err()
        );
        assert!(
            DurationDist::Discrete(vec![(d(1), 0.0)])
                .sampler("t")
                .is_err()
        );
        assert!(
            DurationDist::Pert {
                min: d(1),
                mode: d(2),
                max: d(3),
                shape: 0.0
            }
            .sampler("t")
            .is_err()
        );
        assert!(DurationDist::Fixed(d(-1)).sampler("t").is_err());
    }
}
