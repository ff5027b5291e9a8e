//! Tests of the survivor selection: clearing by hand and against naive
//! all-pairs clearing.
use super::{Individual, hash_starts, rank, survivors, within};
use proptest::prelude::*;

fn ind(makespan: i64, starts: Vec<i64>) -> Individual {
    Individual {
        list: Vec::new(),
        hash: hash_starts(&starts),
        starts,
        makespan,
        born: 0,
        cleared: false,
    }
}

fn kept(pop: &[Individual]) -> Vec<(i64, u64)> {
    pop.iter().map(|i| (i.makespan, i.hash)).collect()
}

/// Clearing by hand: of two equally long schedules one start apart,
/// the second waits behind two longer, distant ones and comes back only
/// to fill the population; radius 0 keeps the best distinct schedules.
#[test]
fn survivors_clear_close_schedules() {
    let a = ind(10, (0..10).collect());
    let mut b_starts: Vec<i64> = (0..10).collect();
    b_starts[4] = 7;
    let b = ind(10, b_starts);
    let c = ind(11, (20..30).collect());
    let d = ind(12, (40..50).collect());
    let all = [a.clone(), b.clone(), c.clone(), d.clone(), a.clone()];
    let mut aside = Vec::new();

    // Equal makespans are ordered by hash: the first of a and b stays.
    let first = if a.hash < b.hash { &a } else { &b };
    let mut pop = all.to_vec();
    survivors(&mut pop, 3, 2, false, false, &mut aside);
    assert_eq!(kept(&pop), kept(&[first.clone(), c.clone(), d.clone()]));
    assert!(pop.iter().all(|i| i.cleared));

    let mut pop = all.to_vec();
    survivors(&mut pop, 3, 0, false, false, &mut aside);
    let mut plain = kept(&[a.clone(), b.clone(), c.clone()]);
    plain.sort();
    assert_eq!(kept(&pop), plain);

    // Two set aside (b near a, e near c), one place left: the better.
    let mut e_starts: Vec<i64> = (20..30).collect();
    e_starts[0] = 0;
    let e = ind(13, e_starts);
    let mut pop = all.to_vec();
    pop.push(e);
    survivors(&mut pop, 4, 2, false, false, &mut aside);
    let mut filled = kept(&[a, b, c, d]);
    filled.sort();
    assert_eq!(kept(&pop), filled);
    assert_eq!(pop.iter().filter(|i| !i.cleared).count(), 1);
}

/// With drift, equal makespans survive newest first; a repeated schedule
/// keeps its first copy's age (a repeat is not new), so it does not
/// displace a newer schedule of the same makespan.
#[test]
fn drift_keeps_the_newest_of_equal_makespans() {
    let born = |mut i: Individual, b: u64| {
        i.born = b;
        i
    };
    let old = born(ind(10, (0..10).collect()), 1);
    let new = born(ind(10, (20..30).collect()), 5);
    let repeat = born(ind(10, (0..10).collect()), 9);
    let longer = born(ind(11, (40..50).collect()), 9);
    let all = [old.clone(), new.clone(), longer.clone(), repeat];
    let mut aside = Vec::new();
    for radius in [0, 2] {
        let mut pop = all.to_vec();
        survivors(&mut pop, 2, radius, false, true, &mut aside);
        assert_eq!(kept(&pop), kept(&[new.clone(), old.clone()]));
        assert_eq!(pop[1].born, 1, "the first copy's age");
        let mut pop = all.to_vec();
        survivors(&mut pop, 1, radius, false, false, &mut aside);
        let by_hash = if old.hash < new.hash { &old } else { &new };
        assert_eq!(kept(&pop), kept(std::slice::from_ref(by_hash)));
    }
}

/// Clearing without the memory of compared pairs: every candidate
/// against every better survivor.
fn naive(pop: &mut Vec<Individual>, size: usize, radius: usize, drift: bool) {
    pop.sort_by_key(|i| (i.makespan, i.hash));
    pop.dedup_by_key(|i| (i.makespan, i.hash));
    rank(pop, drift);
    let mut keep: Vec<Individual> = Vec::new();
    let mut aside = Vec::new();
    for c in pop.drain(..) {
        if keep.len() == size {
            break;
        }
        if keep.iter().any(|k| within(&k.starts, &c.starts, radius)) {
            aside.push(c);
        } else {
            keep.push(c);
        }
    }
    let missing = size.saturating_sub(keep.len()).min(aside.len());
    keep.extend(aside.drain(..missing));
    rank(&mut keep, drift);
    *pop = keep;
}

proptest! {
    /// Generations of random children (close to each other: six starts
    /// of three values): the selection that skips pairs compared in an
    /// earlier generation keeps what comparing every pair keeps.
    #[test]
    fn skipping_compared_pairs_changes_nothing(
        rounds in prop::collection::vec(
            (prop::collection::vec(prop::collection::vec(0i64..3, 6), 1..12), 0usize..4),
            1..8,
        ),
        size in 1usize..8,
        drift in any::<bool>(),
    ) {
        let (mut fast, mut slow): (Vec<Individual>, Vec<Individual>) = (Vec::new(), Vec::new());
        let mut aside = Vec::new();
        let mut born = 0;
        // Each generation its own radius, narrowing or widening.
        let mut last = usize::MAX;
        for (children, radius) in rounds {
            for starts in children {
                // A makespan is a function of the starts (many ties).
                let ms = starts.iter().sum();
                born += 1;
                let mut child = ind(ms, starts);
                child.born = born;
                fast.push(child.clone());
                slow.push(child);
            }
            survivors(&mut fast, size, radius, radius > last, drift, &mut aside);
            last = radius;
            naive(&mut slow, size, radius, drift);
            prop_assert_eq!(kept(&fast), kept(&slow));
        }
    }
}
