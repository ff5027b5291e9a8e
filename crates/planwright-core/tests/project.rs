use planwright_core::{
    Baseline, BaselineEntry, Calendar, Check, Constraint, Duration, Entity, Error, Gate,
    GateCriterion, Level, Link, LinkKind, Money, Phase, Priority, Progress, Project, Resource,
    Scope, Stakeholder, Task, TaskId, Units,
};
use proptest::prelude::*;

use crate::dt;

fn sample() -> Project {
    let mut p = Project::new("relaunch");
    p.set_start(dt(2026, 11, 2, 8, 0));
    p.set_budget(Money::major(50_000));
    p.add_objective("ship");
    p.set_scope(
        Scope::new("new site")
            .include("pages")
            .exclude("shop")
            .deliverable("site"),
    );
    p.add_stakeholder(Stakeholder::new("cmo", "sponsor").grid(Level::High, Level::High))
        .unwrap();
    let cal = p
        .add_calendar(Calendar::standard("ana-cal").with_holiday(crate::date(2026, 11, 5)))
        .unwrap();
    let ana = p
        .add_resource(
            Resource::person("ana")
                .calendar(cal)
                .rate(Money::major(90))
                .skill("ux", 4),
        )
        .unwrap();
    let phase = p.add_task(Task::summary("phase-1")).unwrap();
    let a = p
        .add_task(
            Task::new("a")
                .parent(phase)
                .effort(Duration::days(2))
                .assign(ana, Units::percent(50))
                .requires("ux", 3),
        )
        .unwrap();
    let b = p
        .add_task(
            Task::new("b")
                .parent(phase)
                .three_point(Duration::days(1), Duration::days(2), Duration::days(6))
                .constraint(Constraint::StartNoEarlierThan(dt(2026, 11, 9, 8, 0)))
                .deadline(dt(2026, 11, 20, 17, 0))
                .priority(Priority::new(900).unwrap())
                .tag("web"),
        )
        .unwrap();
    let m = p.add_task(Task::milestone("launch")).unwrap();
    p.add_link(Link::finish_to_start(a, b).lag(Duration::days(-1)))
        .unwrap();
    p.add_link(Link::new(b, m, LinkKind::FinishToFinish))
        .unwrap();
    p.add_baseline(Baseline::new("approved", dt(2026, 11, 1, 9, 0)).entry(
        a,
        BaselineEntry::new(
            dt(2026, 11, 2, 8, 0),
            dt(2026, 11, 5, 17, 0),
            Duration::days(4),
            Money::major(1_440),
        ),
    ))
    .unwrap();
    p
}

#[test]
fn effort_gives_duration_and_summary_rules_hold() {
    let p = sample();
    let a = p.task(p.task_id("a").unwrap()).unwrap();
    assert_eq!(a.duration, Duration::days(4));
    let mut p2 = p.clone();
    let ana = p2.resource_id("ana").unwrap();
    let err = p2
        .add_task(Task::summary("s2").assign(ana, Units::FULL))
        .unwrap_err();
    assert!(matches!(err, Error::InvalidStructure { .. }), "{err}");
    let err = p2
        .add_task(Task::milestone("m2").duration(Duration::days(1)))
        .unwrap_err();
    assert!(matches!(err, Error::InvalidStructure { .. }), "{err}");
    let err = p2
        .add_task(Task::new("c").parent(p2.task_id("a").unwrap()))
        .unwrap_err();
    assert!(err.to_string().contains("not a summary"), "{err}");
    let err = p2
        .add_task(Task::new("e").effort(Duration::days(1)))
        .unwrap_err();
    assert!(err.to_string().contains("effort needs"), "{err}");
}

#[test]
fn bad_input_is_named() {
    let mut p = sample();
    let a = p.task_id("a").unwrap();
    let b = p.task_id("b").unwrap();
    assert_eq!(
        p.add_task(Task::new("a")).unwrap_err(),
        Error::DuplicateKey {
            entity: Entity::Task,
            key: planwright_core::Key::new("a").unwrap()
        }
    );
    assert_eq!(
        p.add_task(Task::new("a")).unwrap_err().to_string(),
        "duplicate task key `a`"
    );
    assert_eq!(
        p.add_link(Link::finish_to_start(a, a))
            .unwrap_err()
            .to_string(),
        "task `a` cannot depend on itself"
    );
    assert_eq!(
        p.add_link(Link::start_to_start(b, a))
            .unwrap_err()
            .to_string(),
        "tasks `b` and `a` are already linked"
    );
    assert_eq!(
        p.add_link(Link::finish_to_start(a, TaskId::new(999)))
            .unwrap_err()
            .to_string(),
        "unknown task id 999"
    );
    assert_eq!(
        p.link_keys("a", "nope", LinkKind::FinishToStart, Duration::ZERO)
            .unwrap_err()
            .to_string(),
        "unknown task `nope`"
    );
    assert_eq!(
        p.add_task(Task::new("neg").duration(Duration::days(-1)))
            .unwrap_err()
            .to_string(),
        "duration of `neg` is negative (-1d)"
    );
    assert!(matches!(
        p.add_task(Task::new("huge").duration(Duration::days(i64::MAX)))
            .unwrap_err(),
        Error::DurationTooLarge { .. }
    ));
    assert!(matches!(
        p.add_link(
            Link::finish_to_start(b, p.task_id("phase-1").unwrap())
                .lag(Duration::minutes(i64::MIN))
        ),
        Err(Error::DurationTooLarge { .. })
    ));
    let err = p
        .add_task(Task::new("tp").three_point(
            Duration::days(3),
            Duration::days(2),
            Duration::days(4),
        ))
        .unwrap_err();
    assert!(matches!(err, Error::InvalidThreePoint { .. }), "{err}");
    let err = p
        .add_task(Task::new("pr").progress(Progress::started(dt(2026, 11, 2, 8, 0), 100)))
        .unwrap_err();
    assert!(
        err.to_string()
            .contains("100 % complete needs an actual finish"),
        "{err}"
    );
    assert!(matches!(
        p.add_task(Task::new(" pad")),
        Err(Error::InvalidKey { .. })
    ));
    assert!(matches!(
        p.add_resource(Resource::person("x").skill("ux", 9)),
        Err(Error::OutOfRange {
            what: "skill level",
            ..
        })
    ));
    // Nothing of the failed calls was kept.
    assert_eq!(p.task_count(), 4);
}

#[test]
fn lifecycle_gate_lists_every_unmet_criterion() {
    let mut p = Project::new("gated");
    let now = dt(2026, 11, 2, 9, 0);
    let err = p.move_to_phase(Phase::Planning, now).unwrap_err();
    match &err {
        Error::GateCriteriaUnmet { unmet, .. } => {
            let keys: Vec<&str> = unmet.iter().map(|c| c.key.as_str()).collect();
            assert_eq!(
                keys,
                [
                    "charter-approved",
                    "objectives-defined",
                    "stakeholders-identified"
                ]
            );
        }
        other => panic!("{other}"),
    }
    assert_eq!(
        err.to_string(),
        "the project cannot move from Initiation to Planning: 3 unmet gate criteria: charter-approved, objectives-defined, stakeholders-identified"
    );
    assert!(matches!(
        p.move_to_phase(Phase::Execution, now),
        Err(Error::PhaseTransitionNotAllowed { .. })
    ));
    p.sign_off("charter-approved", "sponsor", now).unwrap();
    assert!(matches!(
        p.sign_off("objectives-defined", "x", now),
        Err(Error::InvalidStructure { .. })
    ));
    assert!(matches!(
        p.sign_off("nope", "x", now),
        Err(Error::UnknownKey { .. })
    ));
    p.add_objective("o");
    p.add_stakeholder(Stakeholder::new("s", "sponsor")).unwrap();
    p.move_to_phase(Phase::Planning, now).unwrap();
    // Entering execution needs scope, baseline, budget.
    let err = p.move_to_phase(Phase::Execution, now).unwrap_err();
    assert!(
        matches!(&err, Error::GateCriteriaUnmet { unmet, .. } if unmet.len() == 3),
        "{err}"
    );
    p.set_criteria(vec![
        GateCriterion::new(
            "go",
            Gate::Enter(Phase::Execution),
            Check::HasTasks,
            "tasks",
        )
        .unwrap(),
    ])
    .unwrap();
    assert!(p.move_to_phase(Phase::Execution, now).is_err());
    let t = p
        .add_task(Task::new("t").duration(Duration::hours(1)))
        .unwrap();
    assert!(matches!(
        p.move_to_phase(Phase::Execution, now - chrono::Duration::hours(1)),
        Err(Error::TimeWentBackwards { .. })
    ));
    p.move_to_phase(Phase::Execution, now).unwrap();
    p.move_to_phase(Phase::MonitoringControlling, now).unwrap();
    p.move_to_phase(Phase::Closing, now).unwrap();
    p.add_criterion(
        GateCriterion::new("done", Gate::Close, Check::AllWorkComplete, "all done").unwrap(),
    )
    .unwrap();
    assert!(matches!(p.close(now), Err(Error::GateCriteriaUnmet { .. })));
    p.update_task(t, |t| t.progress = Progress::finished(now, now))
        .unwrap();
    p.close(now).unwrap();
    assert_eq!(p.lifecycle().closed(), Some(now));
    assert_eq!(
        p.move_to_phase(Phase::Planning, now),
        Err(Error::ProjectClosed)
    );
    assert_eq!(p.lifecycle().history().len(), 4);
}

#[cfg(feature = "serde")]
#[test]
fn serde_round_trip_of_a_full_project() {
    let p = sample();
    let json = serde_json::to_string_pretty(&p).unwrap();
    let back: Project = serde_json::from_str(&json).unwrap();
    assert_eq!(back, p);
    assert_eq!(back.task_id("launch"), p.task_id("launch"));
    // Keys survive and the derived duration is recomputed identically.
    assert_eq!(
        back.task(back.task_id("a").unwrap()).unwrap().duration,
        Duration::days(4)
    );
}

#[cfg(feature = "serde")]
#[test]
fn deserialization_revalidates() {
    let p = sample();
    let mut v: serde_json::Value = serde_json::to_value(&p).unwrap();
    v["tasks"][1]["key"] = serde_json::Value::String("b".into());
    let err = serde_json::from_value::<Project>(v)
        .unwrap_err()
        .to_string();
    assert!(err.contains("duplicate task key `b`"), "{err}");
    let mut v: serde_json::Value = serde_json::to_value(&p).unwrap();
    v["links"][0]["to"] = serde_json::json!(v["links"][0]["from"]);
    let err = serde_json::from_value::<Project>(v)
        .unwrap_err()
        .to_string();
    assert!(err.contains("cannot depend on itself"), "{err}");
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// Arbitrary task fields never panic: they are added or refused with an error.
    #[test]
    fn no_panic_on_arbitrary_tasks(
        key in ".{0,12}",
        minutes in any::<i64>(),
        effort in proptest::option::of(any::<i64>()),
        units in 0u32..30_000,
        pct in any::<u8>(),
        level in any::<u8>(),
        parent in proptest::option::of(0u32..6),
    ) {
        let mut p = sample();
        let ana = p.resource_id("ana").unwrap();
        let mut t = Task::new(key).duration(Duration::minutes(minutes)).assign(ana, Units::basis(units)).requires("ux", level);
        if let Some(e) = effort { t = t.effort(Duration::minutes(e)); }
        if let Some(pa) = parent { t = t.parent(TaskId::new(pa)); }
        t.progress.percent_complete = pct;
        let before = p.task_count();
        match p.add_task(t) {
            Ok(id) => {
                let added = p.task(id).unwrap();
                prop_assert!(added.duration >= Duration::ZERO);
                prop_assert!(added.duration.is_within_limit());
                prop_assert_eq!(p.task_count(), before + 1);
            }
            Err(e) => {
                prop_assert!(!e.to_string().is_empty());
                prop_assert_eq!(p.task_count(), before);
            }
        }
    }

    #[cfg(feature = "serde")]
    #[test]
    fn no_panic_on_arbitrary_json(s in ".{0,200}") {
        let _ = serde_json::from_str::<Project>(&s);
    }

    #[test]
    fn no_panic_on_arbitrary_phase_moves(moves in prop::collection::vec(0usize..5, 0..12)) {
        let mut p = Project::new("p");
        p.set_criteria(Vec::new()).unwrap();
        let now = dt(2026, 1, 1, 0, 0);
        for m in moves {
            let to = Phase::ALL[m];
            let from = p.phase();
            match p.move_to_phase(to, now) {
                Ok(()) => prop_assert!(from.can_move_to(to)),
                Err(_) => prop_assert_eq!(p.phase(), from),
            }
        }
    }
}

#[test]
fn key_messages_name_the_kind_once() {
    let err = planwright_core::Key::new(" padded").unwrap_err();
    assert!(
        err.to_string().starts_with("invalid key \" padded\""),
        "{err}"
    );
    let mut p = Project::new("p");
    let err = p.add_task(Task::new("")).unwrap_err();
    assert!(
        err.to_string().starts_with("invalid task key \"\""),
        "{err}"
    );
}

/// A WBS 20,000 levels deep builds and reads back in linear time: a new
/// task cannot close a cycle, so only moved parents are walked, and
/// loading checks the whole hierarchy once.
#[cfg(feature = "serde")]
#[test]
fn a_deep_wbs_builds_and_reads_back_linearly() {
    use planwright_core::TaskKind;
    let mut p = Project::new("deep");
    let mut parent = None;
    for i in 0..20_000 {
        let mut t = Task::new(format!("s{i}"));
        t.kind = TaskKind::Summary;
        t.parent = parent;
        parent = Some(p.add_task(t).unwrap());
    }
    let json = serde_json::to_string(&p).unwrap();
    let back: Project = serde_json::from_str(&json).unwrap();
    assert_eq!(back, p);
    // A cycle in the data is still found.
    let mut v: serde_json::Value = serde_json::from_str(&json).unwrap();
    v["tasks"][0]["parent"] = serde_json::json!(19_999);
    let err = serde_json::from_value::<Project>(v)
        .unwrap_err()
        .to_string();
    assert!(err.contains("own ancestor"), "{err}");
}

/// Earned value from a project at its status date, checked by hand:
/// a finished task costed from its assignment's actual work, one in
/// progress with a reported cost and a physical percent, one started
/// without actuals (assumed), one not started; a summary rolls two up.
#[test]
fn earned_value_from_the_project_by_hand() {
    use planwright_core::{Assignment, EarnedBy, EvmOptions, Period, earned_value};
    let at = |d: u32, h: u32| dt(2026, 3, d, h, 0);
    let mut p = Project::new("p");
    p.set_start(at(2, 8)); // Monday
    let ana = p
        .add_resource(Resource::person("ana").rate(Money::major(100)))
        .unwrap();
    let s = p.add_task(Task::summary("s")).unwrap();
    let a = p
        .add_task(
            Task::new("a")
                .duration(Duration::days(2))
                .assign(ana, Units::FULL)
                .parent(s),
        )
        .unwrap();
    let b = p
        .add_task(
            Task::new("b")
                .duration(Duration::days(4))
                .fixed_cost(Money::major(400))
                .parent(s),
        )
        .unwrap();
    let c = p
        .add_task(
            Task::new("c")
                .duration(Duration::days(1))
                .assign(ana, Units::FULL),
        )
        .unwrap();
    let d = p
        .add_task(
            Task::new("d")
                .duration(Duration::days(1))
                .assign(ana, Units::FULL),
        )
        .unwrap();
    let e = |s: (u32, u32), f: (u32, u32), days, cost| {
        BaselineEntry::new(
            at(s.0, s.1),
            at(f.0, f.1),
            Duration::days(days),
            Money::major(cost),
        )
    };
    p.add_baseline(
        Baseline::new("approved", at(2, 8))
            .entry(a, e((2, 8), (3, 17), 2, 1_600))
            .entry(b, e((4, 8), (9, 17), 4, 400))
            .entry(c, e((10, 8), (10, 17), 1, 800))
            .entry(d, e((6, 8), (6, 17), 1, 800)),
    )
    .unwrap();
    // Progress at Friday 17:00.
    p.update_task(a, |t| {
        t.progress = Progress::finished(at(2, 8), at(3, 17));
        t.assignments = vec![Assignment::new(ana, Units::FULL).actual_work(Duration::hours(18))];
    })
    .unwrap();
    p.update_task(b, |t| {
        t.progress = Progress::started(at(4, 8), 50)
            .physical(25)
            .actual_cost(Money::major(250));
    })
    .unwrap();
    p.update_task(d, |t| t.progress = Progress::started(at(6, 8), 50))
        .unwrap();
    // No status date yet: an error naming what is missing.
    let err = earned_value(&p, EvmOptions::new()).unwrap_err();
    assert_eq!(err.to_string(), "`p` has no status date");
    p.set_status_date(Some(at(6, 17))).unwrap();

    let evm = earned_value(&p, EvmOptions::new()).unwrap();
    let row = |t: TaskId| {
        let r = evm.task(t).unwrap();
        (
            r.bac.minor_units() / 100,
            r.pv.minor_units() / 100,
            r.ev.minor_units() / 100,
            r.ac.minor_units() / 100,
            r.assumed_actual,
        )
    };
    assert_eq!(row(a), (1_600, 1_600, 1_600, 1_800, false)); // 18 h × 100
    assert_eq!(row(b), (400, 300, 200, 250, false)); // 3 of 4 days planned
    assert_eq!(row(c), (800, 0, 0, 0, false));
    assert_eq!(row(d), (800, 800, 400, 400, true)); // assumed: 50 % of 800
    assert_eq!(row(s), (2_000, 1_900, 1_800, 2_050, false));
    assert!(evm.task(s).unwrap().summary);
    let st = &evm.status;
    assert_eq!(
        (st.bac, st.pv, st.ev, st.ac),
        (
            Money::major(3_600),
            Money::major(2_700),
            Money::major(2_200),
            Money::major(2_450)
        )
    );
    assert_eq!(st.cpi, Some(2_200.0 / 2_450.0));
    assert_eq!(st.spi, Some(2_200.0 / 2_700.0));
    // Weekly series: the status date, then Sundays; EV and AC stop at the
    // status date.
    let dates: Vec<_> = evm.series.iter().map(|x| x.date.to_string()).collect();
    assert_eq!(dates, ["2026-03-06", "2026-03-08", "2026-03-15"]);
    assert_eq!(evm.series[0].ev, Some(Money::major(2_200)));
    assert_eq!(evm.series[0].ac, Some(Money::major(2_450)));
    assert_eq!(evm.series[1].pv, Money::major(2_700));
    assert_eq!(evm.series[1].ev, None);
    assert_eq!(evm.series[2].pv, Money::major(3_600));
    // Physical percent earns b 25 % instead of 50 %.
    let phys = earned_value(&p, EarnedBy::PhysicalPercent).unwrap();
    assert_eq!(phys.task(b).unwrap().ev, Money::major(100));
    // Monthly periods: the status date, then the month's end.
    let monthly = earned_value(&p, EvmOptions::new().period(Period::Month)).unwrap();
    let dates: Vec<_> = monthly.series.iter().map(|x| x.date.to_string()).collect();
    assert_eq!(dates, ["2026-03-06", "2026-03-31"]);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Earned value from random progress: EV never exceeds BAC (per task,
    /// per summary, for the project), the planned-value series never
    /// decreases, and the series at the status date is the status.
    #[test]
    fn earned_value_invariants(specs in prop::collection::vec((1i64..6, 0u8..=100, 0i64..5_000, any::<bool>()), 1..8), status_day in 2u32..20) {
        use planwright_core::{EvmOptions, earned_value};
        let at = |d: u32, h: u32| dt(2026, 3, d, h, 0);
        let mut p = Project::new("p");
        p.set_start(at(2, 8));
        let s = p.add_task(Task::summary("s")).unwrap();
        let mut base = Baseline::new("b", at(2, 8));
        for (i, &(days, pct, cost, started)) in specs.iter().enumerate() {
            let id = p.add_task(Task::new(format!("t{i}")).duration(Duration::days(days)).parent(s)).unwrap();
            base = base.entry(id, BaselineEntry::new(at(2, 8), at(2 + days as u32, 17), Duration::days(days), Money::major(cost)));
            if started && pct > 0 && pct < 100 {
                p.update_task(id, |t| t.progress = Progress::started(at(2, 8), pct)).unwrap();
            }
        }
        p.add_baseline(base).unwrap();
        p.set_status_date(Some(at(status_day, 17))).unwrap();
        let evm = earned_value(&p, EvmOptions::new()).unwrap();
        for r in &evm.tasks {
            prop_assert!(r.ev <= r.bac, "{}", r.key);
            prop_assert!(r.pv <= r.bac, "{}", r.key);
        }
        prop_assert!(evm.status.ev <= evm.status.bac);
        prop_assert!(evm.series.windows(2).all(|w| w[0].pv <= w[1].pv));
        let at_status = evm.series.iter().find(|x| x.date == at(status_day, 17).date()).unwrap();
        prop_assert_eq!(at_status.ev, Some(evm.status.ev));
        prop_assert_eq!(at_status.ac, Some(evm.status.ac));
        prop_assert_eq!(evm.task(s).unwrap().ev, evm.status.ev);
    }
}
