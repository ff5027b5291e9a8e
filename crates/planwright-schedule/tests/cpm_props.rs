//! Property tests of the critical path method on random DAGs.

use planwright_core::{Duration, LinkKind};
use planwright_schedule::sampling::{LANES, SamplingPass};
use planwright_schedule::{ActivityId, Network, NetworkBuilder, Schedule};
use proptest::prelude::*;

#[derive(Clone, Debug)]
struct Dag {
    durations: Vec<i64>,
    /// (from, to, kind, lag) with from < to.
    links: Vec<(usize, usize, LinkKind, i64)>,
}

fn kind() -> impl Strategy<Value = LinkKind> {
    prop_oneof![
        3 => Just(LinkKind::FinishToStart),
        1 => Just(LinkKind::StartToStart),
        1 => Just(LinkKind::FinishToFinish),
        1 => Just(LinkKind::StartToFinish),
    ]
}

fn dag() -> impl Strategy<Value = Dag> {
    (1usize..24).prop_flat_map(|n| {
        let durations = prop::collection::vec(0i64..12, n);
        let links = prop::collection::vec((0..n, 0..n, kind(), -6i64..8), 0..n * 2);
        (durations, links).prop_map(|(durations, raw)| {
            let links = raw
                .into_iter()
                .filter(|(a, b, _, _)| a != b)
                .map(|(a, b, k, lag)| (a.min(b), a.max(b), k, lag))
                .collect();
            Dag { durations, links }
        })
    })
}

fn build(dag: &Dag, perm: &[usize]) -> (Network, Vec<ActivityId>) {
    // perm[i] = insertion slot of activity i.
    let n = dag.durations.len();
    let mut inv = vec![0; n];
    for (i, &p) in perm.iter().enumerate() {
        inv[p] = i;
    }
    let mut b = NetworkBuilder::new();
    let mut ids = vec![ActivityId::new(0); n];
    for &i in &inv {
        ids[i] = b
            .add_activity(format!("t{i}"), Duration::minutes(dag.durations[i]))
            .unwrap();
    }
    let mut links = dag.links.clone();
    links.reverse();
    for (a, c, k, lag) in links {
        b.add_link(ids[a], ids[c], k, Duration::minutes(lag))
            .unwrap();
    }
    (b.build().unwrap(), ids)
}

/// The start-time offset a link imposes: S_to >= S_from + w.
fn weight(d: &[i64], a: usize, c: usize, k: LinkKind, lag: i64) -> i64 {
    match k {
        LinkKind::FinishToStart => d[a] + lag,
        LinkKind::StartToStart => lag,
        LinkKind::FinishToFinish => d[a] + lag - d[c],
        LinkKind::StartToFinish => lag - d[c],
    }
}

/// Oracle: earliest starts by plain Bellman-Ford relaxation (S >= 0), and the
/// project length as the longest path to any finish.
fn oracle(dag: &Dag) -> (Vec<i64>, i64) {
    let n = dag.durations.len();
    let mut s = vec![0i64; n];
    for _ in 0..n {
        for &(a, c, k, lag) in &dag.links {
            let w = weight(&dag.durations, a, c, k, lag);
            if s[a] + w > s[c] {
                s[c] = s[a] + w;
            }
        }
    }
    let len = (0..n).map(|i| s[i] + dag.durations[i]).max().unwrap_or(0);
    (s, len)
}

fn m(x: Duration) -> i64 {
    x.as_minutes()
}

fn rows(s: &Schedule, ids: &[ActivityId]) -> Vec<[i64; 6]> {
    ids.iter()
        .map(|&a| {
            [
                s.early_start(a),
                s.early_finish(a),
                s.late_start(a),
                s.late_finish(a),
                s.total_float(a),
                s.free_float(a),
            ]
            .map(|x| m(x.unwrap()))
        })
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn cpm_matches_the_oracle_and_respects_every_link(dag in dag()) {
        let identity: Vec<usize> = (0..dag.durations.len()).collect();
        let (net, ids) = build(&dag, &identity);
        let s = net.schedule().unwrap();
        let (es, len) = oracle(&dag);
        prop_assert_eq!(m(s.project_finish()), len);
        let d = &dag.durations;
        for (i, &a) in ids.iter().enumerate() {
            prop_assert_eq!(m(s.early_start(a).unwrap()), es[i]);
            prop_assert_eq!(m(s.early_finish(a).unwrap()), es[i] + d[i]);
            prop_assert_eq!(m(s.late_finish(a).unwrap()) - m(s.late_start(a).unwrap()), d[i]);
            let (tf, ff) = (m(s.total_float(a).unwrap()), m(s.free_float(a).unwrap()));
            prop_assert!(tf >= ff && ff >= 0, "tf {} ff {}", tf, ff);
            prop_assert!(m(s.late_finish(a).unwrap()) <= len);
        }
        for &(a, c, k, lag) in &dag.links {
            let w = weight(d, a, c, k, lag);
            let (pa, pc) = (ids[a], ids[c]);
            prop_assert!(m(s.early_start(pc).unwrap()) >= m(s.early_start(pa).unwrap()) + w);
            prop_assert!(m(s.late_start(pc).unwrap()) >= m(s.late_start(pa).unwrap()) + w);
        }
        // Critical paths: chains of critical activities joined by tight links.
        for path in s.critical_paths(50) {
            for w in path.windows(2) {
                prop_assert!(s.is_critical(w[0]) && s.is_critical(w[1]));
                prop_assert!(s.driving_predecessors(w[1]).iter().any(|p| p.0 == w[0]));
            }
        }
        // Something is critical whenever the network has work.
        if len > 0 {
            prop_assert!(s.critical().next().is_some());
        }
    }

    #[test]
    fn schedule_is_invariant_under_reordering(dag in dag(), seed in any::<u64>()) {
        let n = dag.durations.len();
        let identity: Vec<usize> = (0..n).collect();
        let mut perm = identity.clone();
        // A seeded Fisher-Yates shuffle.
        let mut x = seed | 1;
        for i in (1..n).rev() {
            x ^= x << 13; x ^= x >> 7; x ^= x << 17;
            perm.swap(i, (x % (i as u64 + 1)) as usize);
        }
        let (n1, ids1) = build(&dag, &identity);
        let (n2, ids2) = build(&dag, &perm);
        prop_assert_eq!(rows(&n1.schedule().unwrap(), &ids1), rows(&n2.schedule().unwrap(), &ids2));
    }

    #[test]
    fn scaling_durations_and_lags_scales_the_length(dag in dag(), k in 1i64..5) {
        let identity: Vec<usize> = (0..dag.durations.len()).collect();
        let scaled = Dag {
            durations: dag.durations.iter().map(|d| d * k).collect(),
            links: dag.links.iter().map(|&(a, b, kind, lag)| (a, b, kind, lag * k)).collect(),
        };
        let l1 = build(&dag, &identity).0.schedule().unwrap().project_finish();
        let lk = build(&scaled, &identity).0.schedule().unwrap().project_finish();
        prop_assert_eq!(m(lk), k * m(l1));
    }

    #[test]
    fn adding_a_link_never_shortens_the_project(dag in dag(), extra in (0usize..24, 0usize..24, kind(), -6i64..8)) {
        let n = dag.durations.len();
        let identity: Vec<usize> = (0..n).collect();
        let (a, b, k, lag) = extra;
        let (a, b) = (a % n, b % n);
        prop_assume!(a != b);
        let mut more = dag.clone();
        more.links.push((a.min(b), a.max(b), k, lag));
        let before = build(&dag, &identity).0.schedule().unwrap().project_finish();
        let after = build(&more, &identity).0.schedule().unwrap().project_finish();
        prop_assert!(after >= before);
    }

    /// The simulation kernel agrees with the oracle for any durations, one
    /// lane or eight at a time, and its driving path is a chain of tight
    /// links back to an activity nothing drives.
    #[test]
    fn sampling_pass_matches_the_oracle(dag in dag(), lanes in prop::collection::vec(prop::collection::vec(0i64..12, 24), LANES)) {
        let identity: Vec<usize> = (0..dag.durations.len()).collect();
        let (net, ids) = build(&dag, &identity);
        let n = ids.len();
        let mut pass = SamplingPass::new(&net);
        let pos: Vec<usize> = ids.iter().map(|&a| pass.position(a)).collect();
        let mut all = vec![0.0; n * LANES];
        let mut singles = Vec::new();
        for (l, lane) in lanes.iter().enumerate() {
            let d = Dag { durations: lane[..n].to_vec(), links: dag.links.clone() };
            let (es, len) = oracle(&d);
            let mut dur = vec![0.0; n];
            for i in 0..n {
                dur[pos[i]] = d.durations[i] as f64;
                all[pos[i] * LANES + l] = d.durations[i] as f64;
            }
            let finish = pass.run(&dur).unwrap();
            prop_assert_eq!(finish, len as f64);
            let path = pass.driving().to_vec();
            let at = |p: usize| pos.iter().position(|&x| x == p).unwrap();
            if let Some(&last) = path.first() {
                prop_assert_eq!(es[at(last)] + d.durations[at(last)], len);
            }
            // Each step back is a link that is tight for these durations.
            for w in path.windows(2) {
                let (to, from) = (at(w[0]), at(w[1]));
                prop_assert!(d.links.iter().any(|&(a, c, k, lag)| a == from && c == to && es[from] + weight(&d.durations, a, c, k, lag) == es[to]));
            }
            singles.push((finish, path));
        }
        let finishes = pass.run_lanes(&all).unwrap();
        for (l, (finish, path)) in singles.iter().enumerate() {
            prop_assert_eq!(finishes[l], *finish);
            prop_assert_eq!(pass.driving_lane(l), &path[..]);
        }
        prop_assert!(pass.run(&[1.0]).is_err() || n == 1);
    }

    #[test]
    fn no_panic_on_arbitrary_builder_input(
        durations in prop::collection::vec(any::<i64>(), 0..8),
        links in prop::collection::vec((0u32..10, 0u32..10, kind(), any::<i64>()), 0..12),
    ) {
        let mut b = NetworkBuilder::new();
        for d in durations {
            let _ = b.add_unnamed(Duration::minutes(d));
        }
        for (x, y, k, lag) in links {
            let _ = b.add_link(ActivityId::new(x), ActivityId::new(y), k, Duration::minutes(lag));
        }
        if let Ok(net) = b.build() {
            let _ = net.schedule();
        }
    }
}
