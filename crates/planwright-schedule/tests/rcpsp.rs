//! RCPSP: hand-checked instances, formats, verify, bounds, and properties of
//! every scheduler.

use planwright_core::LinkKind;
use planwright_schedule::Error;
use planwright_schedule::rcpsp::{
    self, Budget, GaConfig, GeneratorConfig, GeneticAlgorithm, Instance, Precedence, PriorityRule,
    ResourceProfile, Scheduler, Violation, generate, lower_bounds, parse_rcp, parse_sm, verify,
};
use proptest::prelude::*;

fn inst(d: &[u32], cap: &[u32], dem: &[&[u32]], prec: &[(u32, u32)]) -> Instance {
    Instance::new(
        "t",
        d.to_vec(),
        cap.iter().map(|&c| ResourceProfile::constant(c)).collect(),
        dem.iter().map(|r| r.to_vec()).collect(),
        prec.iter()
            .map(|&(a, b)| Precedence::finish_to_start(a, b))
            .collect(),
    )
    .unwrap()
}

/// Graham's anomaly (1969): list scheduling on 3 machines with the list
/// T1..T9 takes 12; shortening every task by one makes it take 13.
#[test]
fn graham_anomaly_with_the_parallel_scheme() {
    let prec = [(0, 8), (3, 4), (3, 5), (3, 6), (3, 7)];
    let ones: Vec<&[u32]> = vec![&[1]; 9];
    let long = inst(&[3, 2, 2, 2, 4, 4, 4, 4, 9], &[3], &ones, &prec);
    let short = inst(&[2, 1, 1, 1, 3, 3, 3, 3, 8], &[3], &ones, &prec);
    let list: Vec<u32> = (0..9).collect();
    let a = rcpsp::parallel_list_schedule(&long, &list).unwrap();
    let b = rcpsp::parallel_list_schedule(&short, &list).unwrap();
    assert_eq!((a.makespan, b.makespan), (12, 13));
    assert!(verify(&long, &a.starts).is_ok() && verify(&short, &b.starts).is_ok());
    // A list that breaks precedence is refused.
    assert!(rcpsp::serial_list_schedule(&long, &[8, 0, 1, 2, 3, 4, 5, 6, 7]).is_err());
    assert!(rcpsp::serial_list_schedule(&long, &[0, 1]).is_err());
}

#[test]
fn hand_checked_small_instance() {
    // 0 -> 3; 1 and 2 free; one resource of 2.
    let i = inst(&[3, 2, 2, 1], &[2], &[&[2], &[1], &[1], &[2]], &[(0, 3)]);
    for s in rcpsp::schedulers() {
        let sol = s.solve(&i, &Budget::new(200).seed(1)).unwrap();
        assert!(verify(&i, &sol.starts).is_ok(), "{}", s.name());
    }
    let sol = GeneticAlgorithm::default()
        .solve(&i, &Budget::new(200))
        .unwrap();
    assert_eq!(sol.makespan, 6);
    let lb = lower_bounds(&i, 50);
    assert_eq!(lb.critical_path, 4);
    assert_eq!(lb.energy, 6); // (3*2 + 2 + 2 + 2) / 2
    assert_eq!(lb.best(), 6);
}

#[test]
fn verify_names_the_violation() {
    let i = inst(&[2, 2], &[1], &[&[1], &[1]], &[(0, 1)]);
    assert_eq!(verify(&i, &[0, 2]), Ok(()));
    assert_eq!(
        verify(&i, &[0, 1]),
        Err(Violation::Precedence {
            from: 0,
            to: 1,
            kind: LinkKind::FinishToStart,
            lag: 0
        })
    );
    let j = inst(&[2, 2], &[1], &[&[1], &[1]], &[]);
    assert_eq!(
        verify(&j, &[3, 4]).unwrap_err().to_string(),
        "resource #0 is over capacity at time 4: 2 used of 1"
    );
    assert_eq!(
        verify(&j, &[0]),
        Err(Violation::Length {
            expected: 2,
            got: 1
        })
    );
}

#[test]
fn capacity_profiles_and_generalised_links() {
    // Capacity 0 until time 5 (a holiday), then 1; an SS+1 link.
    let i = Instance::new(
        "p",
        vec![2, 2],
        vec![ResourceProfile::steps(vec![(0, 0), (5, 1)]).unwrap()],
        vec![vec![1], vec![1]],
        vec![Precedence::new(0, 1, LinkKind::StartToStart, 1)],
    )
    .unwrap();
    assert!(!i.is_classic());
    for s in rcpsp::schedulers() {
        let sol = s.solve(&i, &Budget::new(50)).unwrap();
        assert!(
            verify(&i, &sol.starts).is_ok(),
            "{}: {:?}",
            s.name(),
            sol.starts
        );
        assert_eq!(sol.makespan, 9, "{}", s.name());
    }
    assert!(matches!(
        verify(&i, &[0, 5]),
        Err(Violation::Resource {
            time: 0,
            capacity: 0,
            ..
        })
    ));
}

#[test]
fn bad_instances_are_refused() {
    let err = Instance::new(
        "x",
        vec![1],
        vec![ResourceProfile::constant(2)],
        vec![vec![3]],
        vec![],
    )
    .unwrap_err();
    assert_eq!(
        err.to_string(),
        "activity `#0` needs 3 of resource #0, which offers only 2"
    );
    let err = Instance::new(
        "x",
        vec![1, 1],
        vec![],
        vec![vec![], vec![]],
        vec![
            Precedence::finish_to_start(0, 1),
            Precedence::finish_to_start(1, 0),
        ],
    )
    .unwrap_err();
    assert_eq!(err.to_string(), "dependency cycle: #0 -> #1 -> #0");
    // Activities stuck behind a cycle are not named as part of it.
    let err = Instance::new(
        "x",
        vec![1, 1, 1, 1],
        vec![],
        vec![vec![]; 4],
        vec![
            Precedence::finish_to_start(0, 1),
            Precedence::finish_to_start(1, 2),
            Precedence::finish_to_start(2, 1),
            Precedence::finish_to_start(2, 3),
        ],
    )
    .unwrap_err();
    assert_eq!(err.to_string(), "dependency cycle: #1 -> #2 -> #1");
    assert!(matches!(
        Instance::new("x", vec![1], vec![], vec![], vec![]),
        Err(Error::LengthMismatch { .. })
    ));
    assert!(matches!(
        Instance::new(
            "x",
            vec![1],
            vec![],
            vec![vec![]],
            vec![Precedence::finish_to_start(0, 4)]
        ),
        Err(Error::UnknownActivity { id: 4 })
    ));
}

#[test]
fn parse_errors_carry_line_numbers() {
    let text = "jobs (incl. supersource/sink ):  2\n  - renewable                 :  1   R\nPRECEDENCE RELATIONS:\njobnr. #modes #successors successors\n   1        1          1           x\n";
    let err = parse_sm(text).unwrap_err().to_string();
    assert_eq!(err, "line 5: expected a successor job number, found \"x\"");
    let err = parse_sm("nothing here").unwrap_err().to_string();
    assert!(err.contains("jobs (incl. supersource/sink"), "{err}");
    let err = parse_rcp("3 1\n4\n1 1\n").unwrap_err().to_string();
    assert!(err.contains("expected the number of successors"), "{err}");
    assert!(
        parse_sm(&rcpsp::write_sm(&inst(&[1, 2], &[1], &[&[0], &[1]], &[(0, 1)])).unwrap()).is_ok()
    );
}

#[test]
fn generator_follows_its_parameters() {
    for (n, nc, rf, rs) in [
        (30, 1.5, 0.25, 0.2),
        (60, 2.1, 1.0, 0.7),
        (120, 1.8, 0.5, 0.1),
    ] {
        let cfg = GeneratorConfig::new(n, nc, rf, rs);
        let i = generate(&cfg, 11).unwrap();
        assert_eq!(i.len(), n + 2);
        assert_eq!(i.resource_count(), 4);
        let arcs = i.precedences().len() as f64 / (n + 2) as f64;
        assert!((arcs - nc).abs() < 0.35, "NC {arcs} vs {nc}");
        let used: usize = (1..=n)
            .map(|j| i.demands_of(j).iter().filter(|&&q| q > 0).count())
            .sum();
        let rf_real = used as f64 / (n * 4) as f64;
        assert!((rf_real - rf).abs() < 1e-9, "RF {rf_real} vs {rf}");
        // PSPLIB's shape: exactly three start and three end activities.
        let from_source = i.precedences().iter().filter(|p| p.from == 0).count();
        let to_sink = i
            .precedences()
            .iter()
            .filter(|p| p.to as usize == n + 1)
            .count();
        assert_eq!((from_source, to_sink), (3, 3));
        assert_eq!(generate(&cfg, 11).unwrap(), i);
        assert_ne!(generate(&cfg, 12).unwrap(), i);
    }
    assert_eq!(GeneratorConfig::psplib_set("j30").unwrap().len(), 48);
    assert_eq!(GeneratorConfig::psplib_set("j120").unwrap().len(), 60);
}

/// Networks as PSPLIB's: `ceil(NC · (n + 2))` arcs (J30 at NC 2.1: 68),
/// none redundant (no arc i -> j with another path from i to j), at most
/// three real predecessors and successors an activity, arcs from lower to
/// higher numbers. Every J30 and J60 file in PSPLIB has this shape.
#[test]
fn generated_networks_have_psplibs_shape() {
    for (set, seeds) in [("j30", 0..3u64), ("j60", 0..1), ("j120", 0..1)] {
        for cfg in GeneratorConfig::psplib_set(set).unwrap() {
            for seed in seeds.clone() {
                let i = generate(&cfg, seed).unwrap();
                let nodes = i.len();
                let what = format!(
                    "{set} NC {} RF {} RS {} seed {seed}",
                    cfg.network_complexity, cfg.resource_factor, cfg.resource_strength
                );
                let want = (cfg.network_complexity * nodes as f64 - 1e-9).ceil() as usize;
                assert_eq!(i.precedences().len(), want, "{what}: arcs");
                let mut succ = vec![Vec::new(); nodes];
                let (mut real_in, mut real_out) = (vec![0; nodes], vec![0; nodes]);
                for p in i.precedences() {
                    let (a, b) = (p.from as usize, p.to as usize);
                    assert!(a < b, "{what}: arc {a} -> {b} goes backwards");
                    succ[a].push(b);
                    if a != 0 && b != nodes - 1 {
                        real_out[a] += 1;
                        real_in[b] += 1;
                    }
                }
                assert!(
                    real_in.iter().chain(&real_out).all(|&d| d <= 3),
                    "{what}: degree above 3"
                );
                // reach[a]: every node reachable from a, as a bit set.
                let words = nodes.div_ceil(64);
                let mut reach = vec![0u64; nodes * words];
                for a in (0..nodes).rev() {
                    for &b in &succ[a] {
                        reach[a * words + b / 64] |= 1 << (b % 64);
                        for w in 0..words {
                            reach[a * words + w] |= reach[b * words + w];
                        }
                    }
                }
                for (a, out) in succ.iter().enumerate() {
                    for &b in out {
                        let redundant = out
                            .iter()
                            .any(|&c| c != b && reach[c * words + b / 64] >> (b % 64) & 1 == 1);
                        assert!(!redundant, "{what}: arc {a} -> {b} is redundant");
                    }
                }
            }
        }
    }
}

/// Resource requests as in PSPLIB: every activity uses at least one
/// resource, the resource factor holds for the project, and at RF 0.5 and
/// 0.75 the counts per activity spread as PSPLIB's J60 (1, 2, 3, 4
/// resources: 28.7, 44.6, 23.0, 3.7 % and 3.5, 22.0, 43.9, 30.6 %); RF 0.25
/// and 1 and a factor below one resource each are exact.
#[test]
fn generated_requests_spread_as_psplib() {
    for (rf, want) in [
        (0.1, [1.0, 0.0, 0.0, 0.0]),
        (0.25, [1.0, 0.0, 0.0, 0.0]),
        (0.5, [0.287, 0.446, 0.230, 0.037]),
        (0.75, [0.035, 0.220, 0.439, 0.306]),
        (1.0, [0.0, 0.0, 0.0, 1.0]),
    ] {
        let mut counts = [0usize; 5];
        let mut total = 0usize;
        for seed in 0..40 {
            let i = generate(&GeneratorConfig::new(60, 1.8, rf, 0.5), seed).unwrap();
            let mut used = 0;
            for j in 1..=60 {
                let c = i.demands_of(j).iter().filter(|&&q| q > 0).count();
                counts[c] += 1;
                used += c;
            }
            let expected = ((rf * 240.0_f64).round() as usize).max(60);
            assert_eq!(used, expected, "RF {rf}, seed {seed}");
            total += 60;
        }
        assert_eq!(counts[0], 0, "RF {rf}: an activity without resources");
        for (c, &w) in want.iter().enumerate() {
            let got = counts[c + 1] as f64 / total as f64;
            assert!(
                (got - w).abs() < 0.03,
                "RF {rf}: {} resources {got:.3} vs {w}",
                c + 1
            );
        }
    }
}

fn small_instance() -> impl Strategy<Value = Instance> {
    // Up to six resources: more than four take two capacity words a period.
    (4usize..14, 1usize..7, any::<u64>(), 1u32..5).prop_map(|(n, k, seed, rs)| {
        let mut cfg = GeneratorConfig::new(n, 1.5, 0.5, f64::from(rs) / 5.0);
        cfg.resources = k;
        generate(&cfg, seed).unwrap()
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Every scheme and rule gives a feasible schedule, at least every lower
    /// bound, within budget.
    #[test]
    fn every_schedule_is_feasible_and_above_the_bounds(i in small_instance(), seed in any::<u64>()) {
        let lb = lower_bounds(&i, 30).best();
        for s in rcpsp::schedulers() {
            let sol = s.solve(&i, &Budget::new(60).seed(seed)).unwrap();
            prop_assert!(verify(&i, &sol.starts).is_ok(), "{}", s.name());
            prop_assert!(sol.makespan >= lb, "{}: {} < {}", s.name(), sol.makespan, lb);
            prop_assert!(sol.schedules <= 60);
        }
    }

    /// Every child decoded by the parallel scheme (then justified):
    /// schedules stay feasible, at least every lower bound, within budget.
    #[test]
    fn parallel_children_are_feasible(i in small_instance(), seed in any::<u64>()) {
        let mut config = GaConfig::default();
        config.parallel = 1.0;
        config.backward = 0.0;
        let lb = lower_bounds(&i, 30).best();
        let sol = GeneticAlgorithm { config }.solve(&i, &Budget::new(300).seed(seed)).unwrap();
        prop_assert!(verify(&i, &sol.starts).is_ok());
        prop_assert!(sol.makespan >= lb);
        prop_assert!(sol.schedules <= 300);
    }

    /// The GA's children keep right-justified schedules, but what it
    /// returns is left-justified: no activity can start a period earlier
    /// on its own.
    #[test]
    fn ga_schedules_are_left_justified(i in small_instance(), seed in any::<u64>(), budget in 2u64..400) {
        let sol = GeneticAlgorithm::default().solve(&i, &Budget::new(budget).seed(seed)).unwrap();
        prop_assert!(sol.schedules <= budget);
        for j in 0..i.len() {
            if sol.starts[j] == 0 {
                continue;
            }
            let mut earlier = sol.starts.clone();
            earlier[j] -= 1;
            prop_assert!(verify(&i, &earlier).is_err(), "activity {} can start at {}", j, earlier[j]);
        }
    }

    /// Sampling with either scheme round-trips through serde; the form
    /// written before it had a scheme reads as the serial one.
    #[cfg(feature = "serde")]
    #[test]
    fn sampling_serialises(justify in any::<bool>(), parallel in any::<bool>()) {
        let s = rcpsp::Sampling {
            rule: PriorityRule::Lft,
            justify,
            scheme: if parallel { rcpsp::Scheme::Parallel } else { rcpsp::Scheme::Serial },
        };
        let json = serde_json::to_string(&s).unwrap();
        prop_assert_eq!(serde_json::from_str::<rcpsp::Sampling>(&json).unwrap(), s);
        let old = format!(r#"{{"rule":"Lft","justify":{justify}}}"#);
        let read: rcpsp::Sampling = serde_json::from_str(&old).unwrap();
        prop_assert_eq!(read.scheme, rcpsp::Scheme::Serial);
        prop_assert_eq!(read.justify, justify);
    }

    /// A budget whose pace check says it is spent from the start runs the
    /// GA at its final settings all along — niche radius, peak crossover
    /// share, mutation rate: the same schedule as those settings held
    /// constant.
    #[test]
    fn the_search_follows_the_pace(
        g in any::<u64>(),
        seed in any::<u64>(),
        niche in (0.0f64..=1.0, 0.0f64..=1.0),
        peak in (0.0f64..=1.0, 0.0f64..=1.0),
        sweep in 0.0f64..=1.0,
    ) {
        // Thirty activities on tight resources: the search runs its budget.
        let i = generate(&GeneratorConfig::new(30, 1.5, 0.75, 0.25), g).unwrap();
        let mut moving = GaConfig::default();
        (moving.niche, moving.niche_end) = niche;
        (moving.peak_crossover, moving.peak_crossover_end) = peak;
        moving.mutation_sweep = sweep;
        let mut constant = moving;
        constant.niche = niche.1;
        constant.peak_crossover = peak.1;
        constant.mutation = Some(GaConfig::auto_mutation(i.len()) * (1.0 - sweep));
        constant.mutation_sweep = 0.0;
        let spent = || 1.0;
        let paced = GeneticAlgorithm { config: moving }
            .solve(&i, &Budget::new(300).seed(seed).pace_by(&spent))
            .unwrap();
        let fixed = GeneticAlgorithm { config: constant }
            .solve(&i, &Budget::new(300).seed(seed))
            .unwrap();
        prop_assert_eq!(paced, fixed);
    }

    /// The GA's configuration round-trips through serde; the form written
    /// before `niche_end`, `peak_crossover_end`, `mutation_sweep` and
    /// `drift` existed reads their defaults, and a bad value is refused
    /// when read.
    #[cfg(feature = "serde")]
    #[test]
    fn ga_config_serialises(
        niche in 0.0f64..=1.0,
        end in 0.0f64..=1.0,
        single in any::<bool>(),
        drift in any::<bool>(),
    ) {
        let mut c = GaConfig::default();
        c.niche = niche;
        c.niche_end = end;
        c.single_pass = single;
        c.drift = drift;
        let json = serde_json::to_string(&c).unwrap();
        prop_assert_eq!(serde_json::from_str::<GaConfig>(&json).unwrap(), c);
        let old = format!(r#"{{"population":0,"niche":{niche},"single_pass":{single}}}"#);
        let read: GaConfig = serde_json::from_str(&old).unwrap();
        prop_assert_eq!(read.niche, niche);
        prop_assert_eq!(read.niche_end, GaConfig::default().niche_end);
        prop_assert_eq!(read.peak_crossover_end, GaConfig::default().peak_crossover_end);
        prop_assert_eq!(read.mutation_sweep, GaConfig::default().mutation_sweep);
        prop_assert_eq!(read.drift, GaConfig::default().drift);
        let bad = format!(r#"{{"niche_end":{}}}"#, end + 1.5);
        prop_assert!(serde_json::from_str::<GaConfig>(&bad).is_err());
    }

    /// Same seed, same schedule.
    #[test]
    fn same_seed_same_schedule(i in small_instance(), seed in any::<u64>()) {
        let ga = GeneticAlgorithm { config: GaConfig::default() };
        let a = ga.solve(&i, &Budget::new(200).seed(seed)).unwrap();
        let b = ga.solve(&i, &Budget::new(200).seed(seed)).unwrap();
        prop_assert_eq!(a, b);
    }

    /// Justification never lengthens a schedule.
    #[test]
    fn justification_never_lengthens(i in small_instance(), seed in any::<u64>()) {
        let list = PriorityRule::Random.activity_list(&i, seed);
        let before = rcpsp::serial_list_schedule(&i, &list).unwrap();
        let after = rcpsp::justify(&i, &before);
        prop_assert!(verify(&i, &after.starts).is_ok());
        prop_assert!(after.makespan <= before.makespan, "{} > {}", after.makespan, before.makespan);
    }

    /// Parsers never panic on arbitrary text.
    #[test]
    fn parsers_never_panic(text in ".{0,400}", digits in prop::collection::vec(0u32..40, 0..60)) {
        let _ = parse_sm(&text);
        let _ = parse_rcp(&text);
        let numbers: Vec<String> = digits.iter().map(u32::to_string).collect();
        let _ = parse_rcp(&numbers.join(" "));
    }

    #[cfg(feature = "serde")]
    /// parse(write(x)) == x for generated instances.
    #[test]
    fn writers_round_trip(i in small_instance()) {
        prop_assert_eq!(parse_sm(&rcpsp::write_sm(&i).unwrap()).unwrap(), i.clone());
        prop_assert_eq!(parse_rcp(&rcpsp::write_rcp(&i).unwrap()).unwrap(), i.clone());
        #[cfg(feature = "serde")]
        {
            let json = serde_json::to_string(&i).unwrap();
            prop_assert_eq!(serde_json::from_str::<Instance>(&json).unwrap(), i);
        }
    }
}

/// Generalised precedence: finish-to-finish links with leads (negative
/// lags) give negative start-to-start distances; every scheduler still
/// returns a feasible schedule, in debug builds too.
#[test]
fn negative_lag_finish_to_finish_links_are_scheduled_feasibly() {
    use planwright_core::LinkKind;
    for seed in 0..40u64 {
        let mut precedences = Vec::new();
        let n = 10u32;
        let durations: Vec<u32> = (0..n).map(|j| 1 + (j * 7 + seed as u32) % 6).collect();
        for j in 1..n {
            let from = (j * 3 + seed as u32) % j;
            let kind = if j % 2 == 0 {
                LinkKind::FinishToFinish
            } else {
                LinkKind::FinishToStart
            };
            let lag = if kind == LinkKind::FinishToFinish {
                -3
            } else {
                0
            };
            precedences.push(Precedence::new(from, j, kind, lag));
        }
        let demands: Vec<Vec<u32>> = (0..n).map(|j| vec![1 + j % 2]).collect();
        let inst = Instance::new(
            "ff",
            durations,
            vec![ResourceProfile::constant(2)],
            demands,
            precedences,
        )
        .unwrap();
        for s in rcpsp::schedulers() {
            let sol = s.solve(&inst, &Budget::new(400).seed(seed)).unwrap();
            assert!(
                verify(&inst, &sol.starts).is_ok(),
                "{} seed {seed}: {:?}",
                s.name(),
                verify(&inst, &sol.starts)
            );
        }
    }
}

/// A budget's progress: the larger of the schedules' share and the pace
/// check's answer, within [0, 1].
#[test]
fn budget_progress_takes_the_larger_share() {
    let b = Budget::new(200);
    assert_eq!(b.progress(0), 0.0);
    assert_eq!(b.progress(50), 0.25);
    assert_eq!(b.progress(400), 1.0);
    let half = || 0.5;
    let b = Budget::new(200).pace_by(&half);
    assert_eq!(b.progress(50), 0.5);
    assert_eq!(b.progress(150), 0.75);
    let past = || 3.0;
    assert_eq!(Budget::new(200).pace_by(&past).progress(0), 1.0);
    let nan = || f64::NAN;
    assert_eq!(Budget::new(200).pace_by(&nan).progress(20), 0.1);
    let negative = || -1.0;
    assert_eq!(Budget::new(200).pace_by(&negative).progress(0), 0.0);
}
