//! Hostile inputs: sizes and horizons that would take gigabytes, early
//! stops, extreme values. Every case ends in a typed error or a valid
//! result, within a memory cap that the counting allocator enforces.

use planwright_core::{Duration, LinkKind};
use planwright_schedule::rcpsp::{
    self, Budget, GaConfig, GeneticAlgorithm, Instance, Precedence, ResourceProfile, Scheduler,
    parse_sm, verify, write_sm,
};
use planwright_schedule::{Error, NetworkBuilder};
use planwright_testing::peak_bytes;

const MIB: usize = 1 << 20;

/// 100 jobs in a chain, each at the largest duration an instance accepts:
/// a 3 KB file whose time-indexed horizon would need gigabytes.
fn long_chain() -> Instance {
    let n = 100u32;
    let durations = vec![rcpsp::MAX_TIME; n as usize];
    let precedences = (1..n)
        .map(|j| Precedence::finish_to_start(j - 1, j))
        .collect();
    Instance::new(
        "long",
        durations,
        vec![ResourceProfile::constant(1)],
        vec![vec![1]; n as usize],
        precedences,
    )
    .unwrap()
}

#[test]
fn a_horizon_of_gigabytes_is_refused_not_allocated() {
    let text = write_sm(&long_chain()).unwrap();
    assert!(text.len() < 8 * 1024, "{} bytes", text.len());
    let (results, peak) = peak_bytes(64 * MIB, || {
        let inst = parse_sm(&text).unwrap();
        rcpsp::schedulers()
            .iter()
            .map(|s| (s.name(), s.solve(&inst, &Budget::new(100))))
            .collect::<Vec<_>>()
    });
    for (name, r) in results {
        match r {
            Err(Error::TooLarge { what, limit }) => {
                assert!(what.contains("horizon") && limit > 0, "{name}: {what}");
            }
            other => panic!("{name}: expected TooLarge, got {other:?}"),
        }
    }
    assert!(peak < 4 * MIB, "peak {peak} bytes");
}

#[test]
fn demand_rows_are_checked_before_anything_is_allocated() {
    // One activity row claims 60,000 resources while there are 2: the
    // mismatch is found before an activities × resources array exists.
    let (r, peak) = peak_bytes(16 * MIB, || {
        Instance::new(
            "x",
            vec![1; 10_000],
            vec![ResourceProfile::constant(1); 2],
            (0..10_000)
                .map(|j| {
                    if j == 9_999 {
                        vec![0; 60_000]
                    } else {
                        vec![0; 2]
                    }
                })
                .collect(),
            vec![],
        )
    });
    assert!(matches!(r, Err(Error::LengthMismatch { .. })), "{r:?}");
    assert!(peak < 16 * MIB);
}

#[test]
fn a_stop_at_once_still_returns_a_feasible_schedule() {
    let inst = rcpsp::generate(&rcpsp::GeneratorConfig::new(30, 1.8, 0.75, 0.2), 5).unwrap();
    let stop = || true;
    for s in rcpsp::schedulers() {
        let sol = s
            .solve(&inst, &Budget::new(5_000).seed(1).stop_when(&stop))
            .unwrap();
        assert!(
            verify(&inst, &sol.starts).is_ok(),
            "{}: {:?}",
            s.name(),
            verify(&inst, &sol.starts)
        );
        assert!(
            sol.schedules >= 1 && sol.schedules <= 16 + 8,
            "{}: {} schedules",
            s.name(),
            sol.schedules
        );
    }
}

#[test]
fn ga_settings_written_field_by_field_are_validated() {
    let inst = rcpsp::generate(&rcpsp::GeneratorConfig::new(10, 1.5, 0.5, 0.5), 1).unwrap();
    let with = |f: &dyn Fn(&mut GaConfig)| {
        let mut c = GaConfig::default();
        f(&mut c);
        c
    };
    for bad in [
        with(&|c| c.mutation = Some(f64::NAN)),
        with(&|c| c.population = usize::MAX),
        with(&|c| c.backward = 2.0),
        with(&|c| c.parallel = -0.1),
        with(&|c| c.niche = 1.5),
        with(&|c| c.niche_end = -0.1),
        with(&|c| c.peak_crossover_end = 2.0),
        with(&|c| c.mutation_sweep = f64::NAN),
    ] {
        let err = GeneticAlgorithm { config: bad }
            .solve(&inst, &Budget::new(100))
            .unwrap_err();
        assert!(matches!(err, Error::InvalidParameter { .. }), "{err}");
    }
}

/// A population of one is small but valid, and it searches: it spends the
/// budget on mutations of its member rather than stopping after the first
/// sample (which it once did, silently leaving the budget unspent).
#[test]
fn a_population_of_one_spends_the_budget() {
    let inst = rcpsp::generate(&rcpsp::GeneratorConfig::new(30, 1.8, 0.75, 0.2), 3).unwrap();
    let lb = rcpsp::quick_lower_bound(&inst);
    let mut tiny = GaConfig::default();
    tiny.population = 1;
    let budget = Budget::new(400).seed(2);
    let sol = GeneticAlgorithm { config: tiny }
        .solve(&inst, &budget)
        .unwrap();
    assert!(verify(&inst, &sol.starts).is_ok());
    // The search stops early only at the lower bound.
    assert!(sol.makespan > lb, "the instance must not be solved at once");
    assert!(sol.schedules >= 399, "spent {} of 400", sol.schedules);
    let one = GeneticAlgorithm { config: tiny }
        .solve(&inst, &Budget::new(2).seed(2))
        .unwrap();
    assert!(sol.makespan <= one.makespan);
}

#[test]
fn late_times_keep_justification_feasible() {
    // Times past 2^22 periods: the time sort used by justification must
    // not lose high bits.
    let d = 1_500_000u32;
    let inst = Instance::new(
        "late",
        vec![d, d, d, 1],
        vec![ResourceProfile::constant(1)],
        vec![vec![1], vec![1], vec![1], vec![1]],
        vec![
            Precedence::finish_to_start(0, 3),
            Precedence::finish_to_start(1, 3),
        ],
    )
    .unwrap();
    for s in rcpsp::schedulers() {
        let sol = s.solve(&inst, &Budget::new(50)).unwrap();
        assert!(verify(&inst, &sol.starts).is_ok(), "{}", s.name());
        assert_eq!(sol.makespan, 3 * d + 1, "{}", s.name());
    }
}

#[test]
fn a_huge_network_total_is_an_error() {
    let mut b = NetworkBuilder::new();
    let ids: Vec<_> = (0..5)
        .map(|_| b.add_unnamed(Duration::LIMIT).unwrap())
        .collect();
    for w in ids.windows(2) {
        b.add_link(w[0], w[1], LinkKind::FinishToStart, Duration::LIMIT)
            .unwrap();
    }
    // 9 × 10^12 minutes is far inside i64: accepted; a network whose sum
    // leaves what the kernel can add without checks is refused by name.
    assert!(b.build().is_ok());
}

#[test]
fn verify_does_not_scan_every_capacity_step_per_event() {
    // 20,000 capacity steps and 2,000 activities: an event sweep, not
    // events × steps. Checked for correctness here (not timed): a violation
    // inside a long constant stretch is still found where it happens.
    let steps: Vec<(u32, u32)> = (0..20_000).map(|t| (t * 10, 2 + t % 2)).collect();
    let n = 2_000usize;
    let inst = Instance::new(
        "steps",
        vec![5; n],
        vec![ResourceProfile::steps(steps).unwrap()],
        vec![vec![1]; n],
        vec![],
    )
    .unwrap();
    let starts: Vec<u32> = (0..n as u32).map(|j| j * 5).collect();
    assert!(verify(&inst, &starts).is_ok());
    let mut crowded = starts.clone();
    crowded[100] = crowded[101];
    crowded[102] = crowded[101];
    let err = verify(&inst, &crowded).unwrap_err();
    assert!(
        err.to_string().contains("over capacity at time 505"),
        "{err}"
    );
}

#[test]
fn leveling_options_that_would_do_nothing_are_errors() {
    use planwright_core::chrono::NaiveDate;
    use planwright_core::{Project, Resource, ResourceId, Task, Units};
    use planwright_schedule::{Leveling, LevelingOptions, level};
    let mut p = Project::new("p");
    let ana = p.add_resource(Resource::person("ana")).unwrap();
    for k in ["a", "b"] {
        p.add_task(
            Task::new(k)
                .duration(Duration::days(1))
                .assign(ana, Units::FULL),
        )
        .unwrap();
    }
    let unknown = LevelingOptions::new(Leveling::WithDelay).resources(vec![ResourceId::new(9)]);
    assert!(matches!(level(&p, unknown), Err(Error::Core(_))));
    let d = |m, day| NaiveDate::from_ymd_opt(2026, m, day).unwrap();
    let reversed = LevelingOptions::new(Leveling::WithDelay).range(d(5, 1), d(4, 1));
    assert!(matches!(
        level(&p, reversed),
        Err(Error::InvalidParameter { .. })
    ));
}

/// Leveling's memory and time are bounded: a task that would span more
/// than 20 years of days is refused with an error naming it, quickly,
/// rather than scanned day by day.
#[test]
fn leveling_refuses_a_task_longer_than_its_span_by_name() {
    use planwright_core::{Project, Resource, Task, Units};
    use planwright_schedule::{Leveling, level};
    let mut p = Project::new("p");
    let ana = p.add_resource(Resource::person("ana")).unwrap();
    // 6,000 working days: about 23 years of five-day weeks.
    p.add_task(
        Task::new("forever")
            .duration(Duration::days(6_000))
            .assign(ana, Units::FULL),
    )
    .unwrap();
    p.add_task(
        Task::new("short")
            .duration(Duration::days(1))
            .assign(ana, Units::FULL),
    )
    .unwrap();
    let err = level(&p, Leveling::WithDelay).unwrap_err();
    assert!(
        matches!(&err, Error::LevelingSpan { key, limit: 7320 } if key == "forever"),
        "{err:?}"
    );
    assert!(err.to_string().contains("`forever`"), "{err}");
    // 4,000 working days (about 15 years) still level.
    let mut q = Project::new("q");
    let bo = q.add_resource(Resource::person("bo")).unwrap();
    q.add_task(
        Task::new("long")
            .duration(Duration::days(4_000))
            .assign(bo, Units::FULL),
    )
    .unwrap();
    assert!(level(&q, Leveling::WithDelay).unwrap().feasible);
}

#[test]
fn patterson_errors_name_the_line_of_the_offending_number() {
    // Job 2 (line 4) names successor 9 of 3 jobs.
    let text = "3 1\n2\n0 0 1 2\n4 1 1 9\n0 0 0\n";
    let err = rcpsp::parse_rcp(text).unwrap_err();
    assert_eq!(
        err.to_string(),
        "line 4: expected a successor between 1 and 3, found \"9\""
    );
    let err = rcpsp::parse_rcp("3 5000\n").unwrap_err();
    assert!(
        err.to_string()
            .starts_with("line 1: expected at most 1024 resources"),
        "{err}"
    );
}

/// A WBS 20,000 levels deep (a summary in a summary in ...): building,
/// planning, leveling and converting stay linear in the tasks, with links
/// on the outermost summaries routed through chained helpers.
#[test]
fn a_deep_wbs_is_linear_everywhere() {
    use planwright_core::{Link, Project, Resource, Task, TaskKind, Units};
    use planwright_schedule::{Leveling, level, plan};
    let depth = 20_000;
    let mut p = Project::new("deep");
    let ana = p.add_resource(Resource::person("ana")).unwrap();
    let mut parent = None;
    let mut summaries = Vec::new();
    for i in 0..depth {
        let mut t = Task::new(format!("s{i}"));
        t.kind = TaskKind::Summary;
        t.parent = parent;
        let id = p.add_task(t).unwrap();
        summaries.push(id);
        parent = Some(id);
    }
    let leaf = p
        .add_task(
            Task::new("work")
                .duration(Duration::days(2))
                .assign(ana, Units::FULL),
        )
        .unwrap();
    p.update_task(leaf, |t| t.parent = parent).unwrap();
    let other = p
        .add_task(
            Task::new("other")
                .duration(Duration::days(1))
                .assign(ana, Units::FULL),
        )
        .unwrap();
    p.add_link(Link::finish_to_start(summaries[0], other))
        .unwrap();
    let (r, peak) = peak_bytes(512 * MIB, || {
        let schedule = plan(&p).unwrap();
        let leveled = level(&p, Leveling::WithDelay).unwrap();
        let inst = rcpsp::Instance::from_project(&p, Duration::days(1)).unwrap();
        (schedule, leveled, inst)
    });
    let (schedule, leveled, inst) = r;
    // `other` follows the outermost summary, that is `work`.
    assert_eq!(
        schedule.task(other).unwrap().offsets.early_start,
        Duration::days(2)
    );
    assert_eq!(
        schedule.task(summaries[0]).unwrap().offsets.early_finish,
        Duration::days(2)
    );
    assert!(leveled.feasible);
    assert_eq!(inst.instance.critical_path_length(), 3);
    // Chained helpers: about one per summary, not one link per leaf per level.
    assert!(schedule.network().link_count() < 2 * depth + 10);
    assert!(peak < 256 * MIB, "peak {peak}");
}
