//! Shared helpers for planwright's benchmarks and the scheduler benchmark
//! runner: seeded generators of large inputs.

use planwright_core::{Duration, LinkKind};
use planwright_schedule::{ActivityId, Network};

/// A small seeded PRNG (xorshift64*), so generated inputs are identical on
/// every machine without pulling a dependency into the bench helpers.
#[derive(Clone, Debug)]
pub struct SplitRng(u64);

impl SplitRng {
    /// A generator for `seed`.
    #[must_use]
    pub fn new(seed: u64) -> Self {
        SplitRng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// A number in `0..n` (`n > 0`).
    pub fn below(&mut self, n: u64) -> u64 {
        self.next_u64() % n
    }
}

/// Links as [`Network::from_arrays`] takes them.
pub type Links = Vec<(ActivityId, ActivityId, LinkKind, Duration)>;

/// A layered activity network: `n` activities in layers of `width`; every
/// activity after the first layer has `preds` distinct finish-to-start
/// predecessors in the previous layer. Durations are 1 to 10 working days.
/// Returns the durations and the links, ready for [`Network::from_arrays`].
#[must_use]
pub fn layered(n: usize, width: usize, preds: usize, seed: u64) -> (Vec<Duration>, Links) {
    let mut rng = SplitRng::new(seed);
    let width = width.max(1);
    let durations = (0..n)
        .map(|_| Duration::days(1 + rng.below(10) as i64))
        .collect();
    let mut links = Vec::with_capacity(n.saturating_sub(width) * preds);
    for j in width..n {
        let layer_start = (j / width - 1) * width;
        let mut chosen: Vec<u64> = Vec::with_capacity(preds);
        while chosen.len() < preds.min(width) {
            let p = rng.below(width as u64);
            if !chosen.contains(&p) {
                chosen.push(p);
            }
        }
        for p in chosen {
            links.push((
                ActivityId::new((layer_start + p as usize) as u32),
                ActivityId::new(j as u32),
                LinkKind::FinishToStart,
                Duration::ZERO,
            ));
        }
    }
    (durations, links)
}

/// The layered network used by the CPM benches: width 1,000 (or `n / 10`
/// when smaller), 3 predecessors each, so about 3 links per activity.
///
/// # Panics
///
/// Never for the sizes the benches use; the generated network is acyclic
/// and in range by construction.
#[must_use]
pub fn cpm_network(n: usize, seed: u64) -> Network {
    let (d, l) = layered(n, (n / 10).clamp(1, 1_000), 3, seed);
    Network::from_arrays(&d, &l).expect("generated networks are valid")
}
