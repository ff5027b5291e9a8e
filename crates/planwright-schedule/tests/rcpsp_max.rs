//! RCPSP/max: time lags both ways, proofs of infeasibility, the `.sch`
//! format, and the sampling scheme with unscheduling against brute force.

use planwright_schedule::rcpsp::{
    Budget, Infeasibility, MaxInstance, MaxOutcome, MaxSampling, TimeLag, parse_sch, verify_max,
    write_sch,
};
use proptest::prelude::*;

fn solve(inst: &MaxInstance, schedules: u64) -> MaxOutcome {
    MaxSampling::default()
        .solve(inst, &Budget::new(schedules).seed(3))
        .unwrap()
}

#[test]
fn a_positive_cycle_of_lags_is_named() {
    // 0 → 1 at least 3, 1 → 2 at least 2, 2 at most 4 after 0: 3 + 2 > 4.
    let inst = MaxInstance::new(
        "cycle",
        vec![1, 1, 1],
        vec![],
        vec![vec![], vec![], vec![]],
        vec![
            TimeLag::new(0, 1, 3),
            TimeLag::new(1, 2, 2),
            TimeLag::new(2, 0, -4),
        ],
    )
    .unwrap();
    let Err(Infeasibility::PositiveCycle { cycle, length }) = inst.temporal() else {
        panic!("a positive cycle");
    };
    assert_eq!(length, 1);
    let mut sorted = cycle.clone();
    sorted.sort_unstable();
    assert_eq!(sorted, [0, 1, 2]);
    assert!(matches!(
        solve(&inst, 10),
        MaxOutcome::Infeasible(Infeasibility::PositiveCycle { .. })
    ));
    assert_eq!(inst.lower_bound(), None);
    let text = Infeasibility::PositiveCycle { cycle, length }.to_string();
    assert!(text.contains("length 1"), "{text}");
}

#[test]
fn resources_prove_what_lags_alone_cannot() {
    // A demand above the capacity.
    let inst = MaxInstance::new("big", vec![2], vec![3], vec![vec![4]], Vec::new()).unwrap();
    assert_eq!(
        solve(&inst, 10),
        MaxOutcome::Infeasible(Infeasibility::Demand {
            activity: 0,
            resource: 0,
            demand: 4,
            capacity: 3
        })
    );
    // Two that must overlap (b starts 1–2 after a, a lasts 3) and need 2
    // of a unit machine.
    let inst = MaxInstance::new(
        "overlap",
        vec![3, 2],
        vec![1],
        vec![vec![1], vec![1]],
        vec![TimeLag::new(0, 1, 1), TimeLag::new(1, 0, -2)],
    )
    .unwrap();
    assert_eq!(
        solve(&inst, 10),
        MaxOutcome::Infeasible(Infeasibility::Overlap {
            first: 0,
            second: 1,
            resource: 0,
            demand: 2,
            capacity: 1
        })
    );
}

#[test]
fn orders_forced_by_resources_prove_what_pairs_alone_cannot() {
    // One machine; b and c start 0–3 and 1–3 after a. No pair is forced
    // to overlap by the lags alone, but c cannot precede a, so a goes
    // first (c ≥ a + 2), and b likewise; then b and c both need the
    // slot a + 2 .. a + 3 for a start: they would overlap.
    let inst = MaxInstance::new(
        "forced",
        vec![2, 2, 2],
        vec![1],
        vec![vec![1], vec![1], vec![1]],
        vec![
            TimeLag::new(0, 1, 0),
            TimeLag::new(1, 0, -3),
            TimeLag::new(0, 2, 1),
            TimeLag::new(2, 0, -3),
        ],
    )
    .unwrap();
    let t = inst.temporal().unwrap();
    assert_eq!((t.distance(0, 2), t.distance(2, 0)), (Some(1), Some(-3)));
    assert_eq!(brute_force(&inst, 12), None);
    let MaxOutcome::Infeasible(Infeasibility::ForcedOrders { forced, then }) = solve(&inst, 10)
    else {
        panic!("a proof through forced orders");
    };
    assert!(forced.contains(&(0, 2)), "{forced:?}");
    assert!(
        matches!(
            *then,
            Infeasibility::Overlap {
                first: 1,
                second: 2,
                ..
            }
        ),
        "{then:?}"
    );
    // With a window of 4 for b, b after c fits: a, c, b back to back.
    let mut lags = inst.lags().to_vec();
    lags[1] = TimeLag::new(1, 0, -4);
    let inst = MaxInstance::new("forced", vec![2, 2, 2], vec![1], vec![vec![1]; 3], lags).unwrap();
    let MaxOutcome::Schedule(s) = solve(&inst, 10) else {
        panic!("feasible");
    };
    assert_eq!((s.starts.as_slice(), s.makespan), (&[0, 4, 2][..], 6));
}

#[test]
fn back_to_back_is_not_an_overlap() {
    // b exactly before a, then exactly after it: touching, never
    // overlapping, so one machine does it.
    for (lag, starts) in [(-2, [2, 0]), (3, [0, 3])] {
        let inst = MaxInstance::new(
            "touch",
            vec![3, 2],
            vec![1],
            vec![vec![1], vec![1]],
            vec![TimeLag::new(0, 1, lag), TimeLag::new(1, 0, -lag)],
        )
        .unwrap();
        let MaxOutcome::Schedule(s) = solve(&inst, 10) else {
            panic!("feasible with lag {lag}");
        };
        assert_eq!((s.starts.as_slice(), s.makespan), (&starts[..], 5));
    }
}

#[test]
fn unscheduling_reopens_a_window_a_placement_closed() {
    // One machine. c must start exactly when a finishes (a → c at least 2
    // and at most 2); b has nothing to wait for. "Longest tail first"
    // places a at 0 and b at 2, which closes c's window [2, 2]: a is
    // released at 2 and rescheduled, b goes first. Optimum 5 (b, a, c).
    let inst = MaxInstance::new(
        "repair",
        vec![2, 2, 1],
        vec![1],
        vec![vec![1], vec![1], vec![1]],
        vec![TimeLag::new(0, 2, 2), TimeLag::new(2, 0, -2)],
    )
    .unwrap();
    let MaxOutcome::Schedule(s) = solve(&inst, 1) else {
        panic!("feasible in one pass");
    };
    assert_eq!(s.makespan, 5);
    assert_eq!(s.starts[2], s.starts[0] + 2);
    assert!(verify_max(&inst, &s.starts).is_ok());
    assert_eq!(inst.lower_bound(), Some(3));
}

#[test]
fn sch_files_round_trip_and_errors_name_the_line() {
    let text = "2\t1\t0\t0\r\n\
                0\t1\t2\t1\t2\t[0]\t[0]\r\n\
                1\t1\t1\t3\t[4]\r\n\
                2\t1\t2\t3\t1\t[2]\t[-3]\r\n\
                \r\n\
                3\t1\t0\r\n\
                0\t1\t0\t0\r\n\
                1\t1\t4\t2\r\n\
                2\t1\t2\t1\r\n\
                3\t1\t0\t0\r\n\
                2\r\n";
    let inst = parse_sch(text, "tiny.sch").unwrap();
    assert_eq!(inst.len(), 4);
    assert_eq!(inst.durations(), [0, 4, 2, 0]);
    assert_eq!(inst.capacities(), [2]);
    assert!(inst.lags().contains(&TimeLag::new(2, 1, -3)));
    let written = write_sch(&inst).unwrap();
    assert_eq!(parse_sch(&written, "tiny.sch").unwrap(), inst);
    let MaxOutcome::Schedule(s) = solve(&inst, 50) else {
        panic!("feasible");
    };
    assert!(verify_max(&inst, &s.starts).is_ok());
    // 1 needs the whole capacity, so 1 and 2 run one after the other, and
    // 2 may start at most 3 after 1: 2 first (0–2), then 1 (2–6).
    assert_eq!((s.starts[1], s.starts[2], s.makespan), (2, 0, 6));

    let bad = text.replace("[4]", "4");
    let e = parse_sch(&bad, "bad").unwrap_err().to_string();
    assert!(e.starts_with("line 3:"), "{e}");
    let short: String = text.lines().take(7).collect::<Vec<_>>().join("\n");
    let e = parse_sch(&short, "short").unwrap_err().to_string();
    // Seven lines, the last the source's durations: activity 1's line is
    // missing at the end (line 8).
    assert!(
        e.starts_with("line 8:") && e.contains("duration line of activity 1"),
        "{e}"
    );
    let e = parse_sch("2 1 1 0\n", "nonrenewable")
        .unwrap_err()
        .to_string();
    assert!(
        e.starts_with("line 1:") && e.contains("non-renewable"),
        "{e}"
    );
}

/// Every schedule with starts in `0..=h`, depth first with pruning: the
/// least makespan, or `None` when none exists.
fn brute_force(inst: &MaxInstance, h: u32) -> Option<u32> {
    fn go(inst: &MaxInstance, h: u32, starts: &mut Vec<u32>, best: &mut Option<u32>) {
        let j = starts.len();
        if j == inst.len() {
            let ms = starts
                .iter()
                .zip(inst.durations())
                .map(|(s, p)| s + p)
                .max()
                .unwrap_or(0);
            if best.is_none_or(|b| ms < b) {
                *best = Some(ms);
            }
            return;
        }
        for s in 0..=h {
            starts.push(s);
            let lags_ok = inst.lags().iter().all(|l| {
                let (a, b) = (l.from as usize, l.to as usize);
                a > j || b > j || i64::from(starts[b]) >= i64::from(starts[a]) + i64::from(l.lag)
            });
            let res_ok = lags_ok
                && (0..inst.capacities().len()).all(|r| {
                    (s..s + inst.durations()[j]).all(|t| {
                        let used: u32 = (0..=j)
                            .filter(|&i| starts[i] <= t && t < starts[i] + inst.durations()[i])
                            .map(|i| inst.demands_of(i)[r])
                            .sum();
                        used <= inst.capacities()[r]
                    })
                });
            if res_ok {
                go(inst, h, starts, best);
            }
            starts.pop();
        }
    }
    let mut best = None;
    go(inst, h, &mut Vec::new(), &mut best);
    best
}

fn arb_instance() -> impl Strategy<Value = MaxInstance> {
    // Small enough for brute force, tight enough that windows close:
    // capacities of 1–2, demands up to 2, a lag for most pairs, half of
    // them maximum lags.
    (2usize..6, 1usize..3).prop_flat_map(|(n, k)| {
        (
            prop::collection::vec(0u32..4, n),
            prop::collection::vec(1u32..3, k),
            prop::collection::vec(prop::collection::vec(0u32..3, k), n),
            prop::collection::vec((0..n as u32, 0..n as u32, -5i32..5), 0..2 * n),
        )
            .prop_map(move |(d, c, q, l)| {
                let lags = l
                    .into_iter()
                    .filter(|(a, b, _)| a != b)
                    .map(|(a, b, x)| TimeLag::new(a, b, x))
                    .collect();
                MaxInstance::new("random", d, c, q, lags).unwrap()
            })
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    /// Tiny instances against brute force: a schedule keeps every lag and
    /// capacity and is never better than the optimum; a proof of
    /// infeasibility is right; a feasible instance is solved.
    #[test]
    fn tiny_instances_agree_with_brute_force(inst in arb_instance()) {
        // Some schedule of a feasible instance starts everything by the
        // sum of the durations and positive lags (a left-shifted one).
        let h: u32 = inst.durations().iter().sum::<u32>()
            + inst.lags().iter().map(|l| l.lag.max(0) as u32).sum::<u32>();
        let exact = brute_force(&inst, h);
        match solve(&inst, 500) {
            MaxOutcome::Schedule(s) => {
                prop_assert!(verify_max(&inst, &s.starts).is_ok());
                let ms = s.starts.iter().zip(inst.durations()).map(|(a, p)| a + p).max().unwrap_or(0);
                prop_assert_eq!(ms, s.makespan);
                prop_assert!(exact.is_some(), "brute force found none within {}", h);
                if s.starts.iter().all(|&x| x <= h) {
                    prop_assert!(s.makespan >= exact.unwrap());
                }
                prop_assert!(s.makespan >= inst.lower_bound().unwrap());
            }
            MaxOutcome::Infeasible(why) => {
                prop_assert_eq!(exact, None, "claimed: {}", why);
            }
            other => prop_assert_eq!(exact, None, "{:?}", other),
        }
    }

    /// One machine (every pair must be ordered) with random windows: a
    /// claim of infeasibility (often through forced orders) is right, a
    /// schedule keeps every lag, and a feasible instance is solved.
    #[test]
    fn one_machine_windows_agree_with_brute_force(
        d in prop::collection::vec(1u32..4, 3..6),
        l in prop::collection::vec((0usize..6, 0usize..6, -7i32..5), 1..9),
    ) {
        let n = d.len();
        let lags: Vec<TimeLag> = l
            .into_iter()
            .filter(|&(a, b, _)| a % n != b % n)
            .map(|(a, b, x)| TimeLag::new((a % n) as u32, (b % n) as u32, x))
            .collect();
        let inst = MaxInstance::new("machine", d.clone(), vec![1], vec![vec![1]; n], lags).unwrap();
        let h: u32 = d.iter().sum::<u32>() + inst.lags().iter().map(|l| l.lag.max(0) as u32).sum::<u32>();
        let exact = brute_force(&inst, h);
        match solve(&inst, 300) {
            MaxOutcome::Schedule(s) => {
                prop_assert!(verify_max(&inst, &s.starts).is_ok());
                prop_assert!(exact.is_some_and(|e| s.makespan >= e));
            }
            MaxOutcome::Infeasible(why) => prop_assert_eq!(exact, None, "claimed: {}", why),
            other => prop_assert_eq!(exact, None, "{:?}", other),
        }
    }

    /// The `.sch` writer and reader agree on any instance with a source
    /// and a sink.
    #[test]
    fn sch_round_trips(inst in arb_instance()) {
        let text = write_sch(&inst).unwrap();
        let back = parse_sch(&text, "random").unwrap();
        prop_assert_eq!(write_sch(&back).unwrap(), text);
        prop_assert_eq!(back.durations(), inst.durations());
    }

    /// Same seed, same answer.
    #[test]
    fn solving_is_deterministic(inst in arb_instance(), seed in 0u64..100) {
        let run = || MaxSampling::default().solve(&inst, &Budget::new(50).seed(seed)).unwrap();
        prop_assert_eq!(run(), run());
    }
}

const NEEDS_MAX_DATA: &str = "needs the RCPSP/max data (../shared/psplib-max or PLANWRIGHT_PSPLIB_MAX); CI runs it with --ignored";

/// UBO10 from `../shared/psplib-max`: every instance the set lists as
/// feasible gets a schedule that keeps every lag and capacity, no
/// infeasibility claim on any of them, and every `unsat` one proven.
#[test]
#[ignore = "needs the RCPSP/max data (../shared/psplib-max or PLANWRIGHT_PSPLIB_MAX); CI runs it with --ignored"]
#[allow(clippy::disallowed_methods)] // reading the test data is the point
fn ubo10_feasible_instances_are_solved_and_no_claim_is_wrong() {
    let dir = std::env::var_os("PLANWRIGHT_PSPLIB_MAX")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| {
            std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/psplib-max")
        })
        .join("ubo10");
    assert!(
        dir.is_dir(),
        "{} not found; {NEEDS_MAX_DATA}",
        dir.display()
    );
    let optimum = std::fs::read_to_string(dir.join("optimum.csv")).unwrap();
    let (mut solved, mut proven, mut unsat) = (0, 0, 0);
    for line in optimum.lines().skip(1) {
        let (name, value) = line.split_once(',').unwrap();
        let text = std::fs::read_to_string(dir.join(name)).unwrap();
        let inst = parse_sch(&text, name).unwrap();
        let out = MaxSampling::default()
            .solve(&inst, &Budget::new(1_000).seed(1))
            .unwrap();
        if value == "unsat" {
            unsat += 1;
            assert!(
                !matches!(out, MaxOutcome::Schedule(_)),
                "{name}: a schedule for an unsat instance"
            );
            proven += usize::from(matches!(out, MaxOutcome::Infeasible(_)));
            continue;
        }
        let MaxOutcome::Schedule(s) = out else {
            panic!("{name}: feasible (optimum {value}) but {out:?}");
        };
        assert!(verify_max(&inst, &s.starts).is_ok(), "{name}");
        let best: u32 = value.split("..").last().unwrap().parse().unwrap();
        assert!(
            s.makespan >= best.min(inst.lower_bound().unwrap()),
            "{name}"
        );
        solved += 1;
    }
    assert_eq!((solved, unsat), (73, 17));
    // Every unsat instance of UBO10 is proven (lags, resources, forced
    // orders), none just "not found".
    assert_eq!(proven, 17, "{proven} of 17 unsat proven");
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// Arbitrary text: a parse error or an instance, never a panic; and
    /// whatever is read is solved or refused without a panic.
    #[test]
    fn no_panic_on_arbitrary_sch_text(
        rows in prop::collection::vec(prop::collection::vec(
            prop_oneof![
                (-3i64..40).prop_map(|x| x.to_string()),
                (-20i64..20).prop_map(|x| format!("[{x}]")),
                Just("16777217".to_owned()),
                Just("x".to_owned()),
            ], 0..9), 0..14),
    ) {
        let text: String = rows.iter().map(|r| r.join("\t") + "\n").collect();
        if let Ok(inst) = parse_sch(&text, "arbitrary") {
            let _ = MaxSampling::default().solve(&inst, &Budget::new(20));
        }
    }
}

#[test]
fn a_horizon_beyond_the_profile_cap_is_refused() {
    let inst = MaxInstance::new(
        "long",
        vec![1 << 24, 1 << 24],
        vec![1],
        vec![vec![1], vec![1]],
        Vec::new(),
    )
    .unwrap();
    let e = MaxSampling::default()
        .solve(&inst, &Budget::new(5))
        .unwrap_err();
    assert!(e.to_string().contains("horizon"), "{e}");
}

#[test]
fn the_generator_is_seeded_and_never_makes_a_positive_cycle() {
    use planwright_schedule::rcpsp::{MaxGeneratorConfig, generate_max};
    for seed in 0..40 {
        let mut cfg = MaxGeneratorConfig::default();
        cfg.max_lag_share = 0.8;
        cfg.tightness = (seed % 5) as f64 / 4.0;
        let a = generate_max(&cfg, seed).unwrap();
        assert_eq!(a, generate_max(&cfg, seed).unwrap());
        assert_eq!(a.len(), 22);
        assert!(a.temporal().is_ok(), "seed {seed}");
        assert!(
            a.lags().iter().any(|l| l.lag < 0),
            "seed {seed}: maximum lags"
        );
        // The sink's start bounds every finish.
        let t = a.temporal().unwrap();
        for j in 0..a.len() {
            let d = t.distance(j, 21).unwrap();
            assert!(d >= i64::from(a.durations()[j]));
        }
        let text = write_sch(&a).unwrap();
        assert_eq!(parse_sch(&text, a.name()).unwrap(), a);
    }
    let mut cfg = MaxGeneratorConfig::default();
    cfg.tightness = 1.5;
    assert!(
        generate_max(&cfg, 1)
            .unwrap_err()
            .to_string()
            .contains("tightness")
    );
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    /// Plain RCPSP with leads (negative lags, all link types, an acyclic
    /// network): the list-based schedulers return feasible schedules.
    #[test]
    fn leads_in_plain_rcpsp_keep_the_ga_feasible(
        d in prop::collection::vec(0u32..6, 3..9),
        links in prop::collection::vec((0usize..9, 0usize..9, 0u8..4, -6i32..4), 1..10),
        seed in 0u64..50,
    ) {
        use planwright_core::LinkKind;
        use planwright_schedule::rcpsp::{GeneticAlgorithm, Instance, Precedence, ResourceProfile, Scheduler, verify};
        let n = d.len();
        let kinds = [LinkKind::FinishToStart, LinkKind::StartToStart, LinkKind::FinishToFinish, LinkKind::StartToFinish];
        let prec: Vec<Precedence> = links
            .into_iter()
            .filter(|&(a, b, _, _)| a % n < b % n)
            .map(|(a, b, k, l)| Precedence::new((a % n) as u32, (b % n) as u32, kinds[k as usize], l))
            .collect();
        let inst = Instance::new("leads", d.clone(), vec![ResourceProfile::constant(2)], d.iter().map(|&x| vec![x.min(2)]).collect(), prec).unwrap();
        let s = GeneticAlgorithm::default().solve(&inst, &Budget::new(300).seed(seed)).unwrap();
        prop_assert!(verify(&inst, &s.starts).is_ok());
    }
}
