//! The simulation's random numbers: xoshiro256++ in two independent
//! lanes, stepped together so their dependency chains overlap while the
//! state stays in registers.

/// Lanes of the generator.
const LANES: usize = 2;
/// 32-bit words per step.
pub(crate) const WIDTH: usize = 8;

/// A seeded stream of random numbers (xoshiro256++ by Blackman and Vigna,
/// two lanes seeded by SplitMix64 from one 64-bit seed).
#[derive(Clone, Debug)]
pub(crate) struct Stream {
    s: [[u64; LANES]; 4],
    buf: [u32; WIDTH],
    used: usize,
}

/// The uniform in (0, 1) a 32-bit word stands for: `(w + ½) / 2³²`.
#[inline]
pub(crate) fn word_unit(w: u32) -> f64 {
    (f64::from(w) + 0.5) * (1.0 / 4_294_967_296.0)
}

/// The word standing for uniform `u` in [0, 1): `⌊u × 2³²⌋`, so that
/// [`word_unit`] gives `u` back within 2⁻³³ and order is kept.
#[inline]
pub(crate) fn unit_word(u: f64) -> u32 {
    (u * 4_294_967_296.0) as u32
}

/// SplitMix64: seeds and mixes.
pub(crate) fn splitmix64(state: &mut u64) -> u64 {
    *state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
    let mut z = *state;
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

impl Stream {
    /// A stream from a seed.
    pub(crate) fn new(seed: u64) -> Self {
        let mut st = seed;
        let mut s = [[0u64; LANES]; 4];
        for l in 0..LANES {
            // SplitMix64 never yields four zero words in a row.
            for row in &mut s {
                row[l] = splitmix64(&mut st);
            }
        }
        Stream {
            s,
            buf: [0; WIDTH],
            used: WIDTH,
        }
    }

    /// Two steps of both lanes: four 64-bit outputs as eight 32-bit words
    /// (two lanes keep the state in registers; two steps fill a block).
    #[inline(always)]
    fn step(&mut self) -> [u32; WIDTH] {
        let mut out = [0u32; WIDTH];
        self.words_into(&mut out);
        out
    }

    /// Eight random 32-bit words: uniforms in (0, 1) as [`word_unit`] reads
    /// them, 2.3e-10 apart (ample for inverse-CDF sampling). Kept as words
    /// so a table lookup takes its index from the top bits without a float
    /// conversion.
    #[inline]
    pub(crate) fn words_into(&mut self, out: &mut [u32; WIDTH]) {
        let [mut s0, mut s1, mut s2, mut s3] = self.s;
        for round in 0..WIDTH / (2 * LANES) {
            for l in 0..LANES {
                let x = s0[l]
                    .wrapping_add(s3[l])
                    .rotate_left(23)
                    .wrapping_add(s0[l]);
                let k = 2 * (round * LANES + l);
                out[k] = (x >> 32) as u32;
                out[k + 1] = x as u32;
                let t = s1[l] << 17;
                s2[l] ^= s0[l];
                s3[l] ^= s1[l];
                s1[l] ^= s2[l];
                s0[l] ^= s3[l];
                s2[l] ^= t;
                s3[l] = s3[l].rotate_left(45);
            }
        }
        self.s = [s0, s1, s2, s3];
    }

    fn word(&mut self) -> u32 {
        if self.used == WIDTH {
            self.buf = self.step();
            self.used = 0;
        }
        self.used += 1;
        self.buf[self.used - 1]
    }

    /// 64 random bits.
    pub(crate) fn next_u64(&mut self) -> u64 {
        (u64::from(self.word()) << 32) | u64::from(self.word())
    }

    /// A uniform in [0, 1) of 53-bit resolution.
    pub(crate) fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
    }

    /// A uniform integer in `0..n` (Lemire's multiply-shift; `n` > 0).
    pub(crate) fn below(&mut self, n: usize) -> usize {
        ((u128::from(self.next_u64()) * n as u128) >> 64) as usize
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uniforms_are_uniform_and_reproducible() {
        let mut a = Stream::new(42);
        let us: Vec<f64> = (0..12_500).flat_map(|_| a.step()).map(word_unit).collect();
        assert!(us.iter().all(|&u| u > 0.0 && u < 1.0));
        // Chi-square over 20 bins: 19 degrees of freedom, 99.9 % quantile 43.8.
        let mut bins = [0.0f64; 20];
        for &u in &us {
            bins[(u * 20.0) as usize] += 1.0;
        }
        let e = us.len() as f64 / 20.0;
        let chi2: f64 = bins.iter().map(|&o| (o - e) * (o - e) / e).sum();
        assert!(chi2 < 43.8, "chi2 {chi2}");
        // Consecutive values are uncorrelated.
        let m = us.len() - 1;
        let r: f64 = (0..m)
            .map(|i| (us[i] - 0.5) * (us[i + 1] - 0.5))
            .sum::<f64>()
            / m as f64
            * 12.0;
        assert!(r.abs() < 0.02, "lag-1 correlation {r}");
        let mut b = Stream::new(42);
        let vs: Vec<f64> = (0..12_500).flat_map(|_| b.step()).map(word_unit).collect();
        assert_eq!(us, vs);
        let mut c = Stream::new(43);
        let ws: Vec<f64> = (0..12_500).flat_map(|_| c.step()).map(word_unit).collect();
        assert!(
            us.iter()
                .all(|&u| (word_unit(unit_word(u)) - u).abs() < 1.2e-10)
        );
        assert_ne!(us, ws);
        let n = 7;
        let mut counts = [0u32; 7];
        for _ in 0..70_000 {
            counts[a.below(n)] += 1;
        }
        assert!(
            counts.iter().all(|&c| (9_500..10_500).contains(&c)),
            "{counts:?}"
        );
        assert!((0..1000).map(|_| a.unit()).all(|u| (0.0..1.0).contains(&u)));
    }
}
