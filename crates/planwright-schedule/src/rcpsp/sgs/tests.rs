//! Tests of the decoder: reuse across directions, the one-word scan
//! against the general one, the parallel passes.
use super::{Decoder, Dir};
use crate::rcpsp::{GeneratorConfig, Instance, PriorityRule, ResourceProfile, generate};
use proptest::prelude::*;

/// The instance with every capacity lowered to its largest demand (but
/// not below it) from `from` to `to`: a profile that is not its own
/// mirror image.
fn with_a_dip(inst: &Instance, from: u32, to: u32) -> Instance {
    let n = inst.len();
    let demands: Vec<Vec<u32>> = (0..n).map(|j| inst.demands_of(j).to_vec()).collect();
    let resources = inst
        .resources()
        .iter()
        .enumerate()
        .map(|(r, p)| {
            let need = demands.iter().map(|d| d[r]).max().unwrap_or(0);
            let low = need.max(p.max() / 2);
            ResourceProfile::steps(vec![(0, p.max()), (from, low), (to, p.max())]).unwrap()
        })
        .collect();
    Instance::new(
        "dip",
        inst.durations().to_vec(),
        resources,
        demands,
        inst.precedences().to_vec(),
    )
    .unwrap()
}

/// A generated instance of `n` activities on `k` resources at resource
/// strength `rs` / 10.
fn generated(n: usize, k: usize, rs: u32, seed: u64) -> Instance {
    let mut cfg = GeneratorConfig::new(n, 1.5, 0.75, f64::from(rs) / 10.0);
    cfg.resources = k;
    generate(&cfg, seed).unwrap()
}

proptest! {
    /// A decoder reused across directions (restoring only what each
    /// pass touched when the profile is its own mirror image) places
    /// every activity where a fresh decoder does, with constant and
    /// with varying capacities.
    #[test]
    fn a_reused_decoder_decodes_as_a_fresh_one(
        n in 3usize..30,
        k in 1usize..7,
        dip in any::<bool>(),
        seed in any::<u64>(),
    ) {
        let mut cfg = GeneratorConfig::new(n, 1.5, 0.75, 0.3);
        cfg.resources = k;
        let base = generate(&cfg, seed).unwrap();
        let inst = if dip { with_a_dip(&base, 3, 12) } else { base };
        let list = PriorityRule::Random.activity_list(&inst, seed);
        let mut rev = list.clone();
        rev.reverse();
        let mut reused = Decoder::new(&inst).unwrap();
        for (order, dir) in [
            (&list, Dir::Forward),
            (&rev, Dir::Backward),
            (&list, Dir::Forward),
            (&rev, Dir::Backward),
            (&rev, Dir::Backward),
            (&list, Dir::Forward),
        ] {
            let mut fresh = Decoder::new(&inst).unwrap();
            let want = fresh.serial(order, dir);
            prop_assert_eq!(reused.serial(order, dir), want);
            prop_assert_eq!(&reused.start, &fresh.start);
        }
    }

    /// The one-word scan places every activity where the general scan
    /// over capacity words does, forwards and backwards.
    #[test]
    fn the_one_word_scan_is_the_general_scan(
        n in 3usize..40,
        k in 1usize..5,
        rs in 1u32..10,
        seed in any::<u64>(),
    ) {
        let inst = generated(n, k, rs, seed);
        let mut dec = Decoder::new(&inst).unwrap();
        prop_assert_eq!(dec.w, 1);
        let list = PriorityRule::Random.activity_list(&inst, seed);
        let mut order = Vec::new();
        for dir in [Dir::Forward, Dir::Backward] {
            let list = if dir == Dir::Forward {
                list.clone()
            } else {
                // Latest finish first on the mirrored network.
                dec.serial(&list, Dir::Forward);
                let s = dec.start.clone();
                let h = dec.horizon as i64;
                let dur = inst.durations();
                dec.order_by(|j| h - (s[j] + i64::from(dur[j])), Dir::Backward, &mut order);
                order.clone()
            };
            let one = dec.try_serial_one_word(&list, dir);
            let one_starts = dec.start.clone();
            let general = dec.try_serial_words(&list, dir);
            prop_assert_eq!(one, general);
            prop_assert_eq!(&one_starts, &dec.start);
        }
    }

    /// Both parallel passes, by priorities and regret-biased draws,
    /// give feasible non-delay schedules: no activity waits past the
    /// finish of its predecessors through a period where it would have
    /// fitted (constant capacities: the first period decides).
    #[test]
    fn parallel_passes_are_non_delay(
        n in 3usize..40,
        k in 1usize..6,
        rs in 1u32..10,
        seed in any::<u64>(),
    ) {
        use rand::SeedableRng;
        let inst = generated(n, k, rs, seed);
        let n = inst.len();
        let prio = PriorityRule::Lft.values(&inst, seed);
        let mut dec = Decoder::new(&inst).unwrap();
        let mut rng = rand_xoshiro::Xoshiro256PlusPlus::seed_from_u64(seed);
        for draw in 0..12 {
            if draw == 0 {
                dec.parallel(&prio);
            } else {
                dec.parallel_sampled(&prio, &mut rng);
            }
            let starts = dec.starts_u32();
            prop_assert!(crate::rcpsp::verify(&inst, &starts).is_ok());
            let dur = inst.durations();
            let finish = |j: usize| starts[j] + dur[j];
            let horizon = (0..n).map(finish).max().unwrap_or(0) as usize;
            let mut used = vec![vec![0u32; inst.k()]; horizon + 1];
            for j in 0..n {
                for row in &mut used[starts[j] as usize..finish(j) as usize] {
                    for &(r, q) in inst.reqs(j) {
                        row[r as usize] += q;
                    }
                }
            }
            for j in (0..n).filter(|&j| dur[j] > 0) {
                let ready = inst.preds(j).iter().map(|&(p, _)| finish(p as usize)).max().unwrap_or(0);
                for t in ready..starts[j] {
                    let fits = inst.reqs(j).iter().all(|&(r, q)| {
                        used[t as usize][r as usize] + q <= inst.resources()[r as usize].max()
                    });
                    prop_assert!(!fits, "activity {} could start at {} < {}", j, t, starts[j]);
                }
            }
        }
    }

    /// `order_by` on classic instances — a counting sort for small key
    /// spans on 64 activities or more, a comparison sort otherwise — is
    /// the keys ascending with ties by topological rank (reversed
    /// backward), whatever the keys' span.
    #[test]
    fn order_by_sorts_by_key_then_rank(
        n in 20usize..140,
        span in prop_oneof![1i64..8, 8i64..4000, 4000i64..100_000],
        offset in 0i64..50,
        seed in any::<u64>(),
    ) {
        use rand::SeedableRng;
        let inst = generated(n, 2, 5, seed);
        let n = inst.len();
        let mut rng = rand_xoshiro::Xoshiro256PlusPlus::seed_from_u64(seed);
        let keys: Vec<i64> = (0..n).map(|_| offset + rng.random_range(0..span)).collect();
        let mut dec = Decoder::new(&inst).unwrap();
        let mut out = Vec::new();
        for dir in [Dir::Forward, Dir::Backward] {
            let rank = |j: usize| match dir {
                Dir::Forward => dec.rank[j],
                Dir::Backward => n as u32 - 1 - dec.rank[j],
            };
            let mut want: Vec<u32> = (0..n as u32).collect();
            want.sort_by_key(|&j| (keys[j as usize], rank(j as usize)));
            dec.order_by(|j| keys[j], dir, &mut out);
            prop_assert_eq!(&out, &want);
        }
    }
}

/// Regret-biased draws explore: on a tight J30-sized instance twenty
/// draws give several different schedules, the best of them no longer
/// than the priority pass's.
#[test]
fn parallel_draws_differ() {
    use rand::SeedableRng;
    let inst = generate(&GeneratorConfig::new(30, 1.5, 0.75, 0.2), 7).unwrap();
    let prio = PriorityRule::Lft.values(&inst, 7);
    let mut dec = Decoder::new(&inst).unwrap();
    let by_priority = dec.parallel(&prio);
    let mut rng = rand_xoshiro::Xoshiro256PlusPlus::seed_from_u64(7);
    let mut seen = std::collections::BTreeSet::new();
    let mut best = i64::MAX;
    for _ in 0..20 {
        best = best.min(dec.parallel_sampled(&prio, &mut rng));
        seen.insert(dec.starts_u32());
    }
    assert!(seen.len() >= 5, "{} distinct schedules", seen.len());
    assert!(
        best <= by_priority,
        "best draw {best}, priorities {by_priority}"
    );
}
