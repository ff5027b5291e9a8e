//! Work management and control: prioritisation, assignment, automation,
//! flow metrics, earned value.

use std::collections::BTreeMap;

use chrono::{Duration as Elapsed, NaiveDate};
use planwright_core::{
    AssignmentProblem, Automation, Board, CompareOp, Condition, Criterion, Error, Event,
    FieldValue, FlowOptions, Measurement, Money, Moscow, OpenTask, Outcome, Person, PlannedValue,
    Priority, Quadrant, Recipient, Rice, Rule, RuleAction, ServiceLevel, StateCategory, Trigger,
    WipLimit, WorkItem, Workflow, Wsjf, assign, evm_series, evm_status, flow_metrics,
    rank_eisenhower, rank_moscow, rank_rice, rank_weighted, rank_wsjf,
};
use proptest::prelude::*;

use crate::{date, dt};

// ----- prioritisation -----------------------------------------------------

#[test]
fn wsjf_and_rice_rankings_by_hand() {
    let r = rank_wsjf(&[
        Wsjf::new("login", 8.0, 8.0, 2.0, 3.0),   // 18 / 3 = 6
        Wsjf::new("export", 5.0, 2.0, 1.0, 8.0),  // 8 / 8 = 1
        Wsjf::new("search", 13.0, 5.0, 3.0, 5.0), // 21 / 5 = 4.2
    ])
    .unwrap();
    let order: Vec<(&str, f64)> = r.iter().map(|x| (x.item.as_str(), x.score)).collect();
    assert_eq!(order, [("login", 6.0), ("search", 4.2), ("export", 1.0)]);
    assert_eq!(r[0].breakdown[3], ("cost of delay".to_string(), 18.0));
    assert!(matches!(
        rank_wsjf(&[Wsjf::new("x", 1.0, 1.0, 1.0, 0.0)]),
        Err(Error::InvalidInput {
            what: "job size",
            ..
        })
    ));

    let r = rank_rice(&[
        Rice::new("a", 1000.0, 2.0, 0.8, 4.0),
        Rice::new("b", 500.0, 3.0, 1.0, 2.0),
    ])
    .unwrap();
    assert_eq!((r[0].item.as_str(), r[0].score), ("b", 750.0));
    assert_eq!(r[1].score, 400.0);
    let err = rank_rice(&[Rice::new("c", 1.0, 1.0, 1.5, 1.0)]).unwrap_err();
    assert_eq!(
        err.to_string(),
        "confidence of `c` is invalid: 1.5 is outside [0, 1]"
    );
    assert!(rank_rice(&[Rice::new("d", 1.0, 1.0, 0.5, 0.0)]).is_err());
}

#[test]
fn weighted_moscow_and_eisenhower() {
    let model = [
        Criterion::benefit("value", 2.0),
        Criterion::cost("risk", 2.0),
    ];
    let items = vec![
        (
            "a".to_string(),
            BTreeMap::from([("value".to_string(), 10.0), ("risk".to_string(), 10.0)]),
        ),
        (
            "b".to_string(),
            BTreeMap::from([("value".to_string(), 0.0), ("risk".to_string(), 0.0)]),
        ),
        (
            "c".to_string(),
            BTreeMap::from([("value".to_string(), 10.0), ("risk".to_string(), 0.0)]),
        ),
    ];
    let r = rank_weighted(&model, &items).unwrap();
    assert_eq!(
        r.iter()
            .map(|x| (x.item.as_str(), x.score))
            .collect::<Vec<_>>(),
        [("c", 1.0), ("a", 0.5), ("b", 0.5)]
    );
    let mut bad = items.clone();
    bad[0].1.insert("colour".into(), 1.0);
    assert_eq!(
        rank_weighted(&model, &bad).unwrap_err().to_string(),
        "`a`: criterion `colour` is unknown"
    );
    bad[0].1.remove("colour");
    bad[0].1.remove("risk");
    assert_eq!(
        rank_weighted(&model, &bad).unwrap_err().to_string(),
        "`a`: criterion `risk` is missing"
    );

    let p = |v| Priority::new(v).unwrap();
    let m = rank_moscow(&[
        ("x".into(), Moscow::Could, p(900)),
        ("y".into(), Moscow::Must, p(100)),
        ("z".into(), Moscow::Must, p(500)),
    ]);
    assert_eq!(
        m.iter().map(|r| r.item.as_str()).collect::<Vec<_>>(),
        ["z", "y", "x"]
    );

    let now = dt(2026, 3, 16, 9, 0);
    let e = rank_eisenhower(
        &[
            (
                "later-important".into(),
                Some(now + Elapsed::days(10)),
                p(800),
            ),
            (
                "urgent-trivial".into(),
                Some(now + Elapsed::hours(4)),
                p(200),
            ),
            ("fire".into(), Some(now - Elapsed::hours(1)), p(900)),
            ("someday".into(), None, p(100)),
            (
                "urgent-important".into(),
                Some(now + Elapsed::hours(20)),
                p(700),
            ),
        ],
        now,
        Elapsed::days(1),
        p(600),
    );
    let order: Vec<(&str, &str)> = e
        .iter()
        .map(|r| (r.item.as_str(), r.class.as_deref().unwrap()))
        .collect();
    assert_eq!(
        order,
        [
            ("fire", "Do"),
            ("urgent-important", "Do"),
            ("later-important", "Schedule"),
            ("urgent-trivial", "Delegate"),
            ("someday", "Eliminate")
        ]
    );
    let _ = Quadrant::Do;
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    /// Rankings are permutations of the input, numbered 1..n, sorted by
    /// score, and independent of input order.
    #[test]
    fn rankings_are_stable_permutations(raw in prop::collection::vec((0u8..50, 0.0f64..20.0, 0.0f64..20.0, 0.0f64..20.0, 0.1f64..10.0), 1..20), rot in 0usize..20) {
        let items: Vec<Wsjf> = raw.iter().enumerate().map(|(i, &(_, a, b, c, s))| Wsjf::new(format!("i{i:02}"), a, b, c, s)).collect();
        let r1 = rank_wsjf(&items).unwrap();
        let mut rotated = items.clone();
        rotated.rotate_left(rot % items.len());
        let r2 = rank_wsjf(&rotated).unwrap();
        prop_assert_eq!(&r1, &r2);
        let mut keys: Vec<&str> = r1.iter().map(|r| r.item.as_str()).collect();
        keys.sort_unstable();
        keys.dedup();
        prop_assert_eq!(keys.len(), items.len());
        prop_assert!(r1.windows(2).all(|w| w[0].score >= w[1].score));
        prop_assert!(r1.iter().enumerate().all(|(i, r)| r.rank == i + 1));
    }
}

// ----- assignment ---------------------------------------------------------

#[test]
fn assignment_hand_checked_with_reasons_and_unassigned() {
    let t = |d: u32, h: u32| dt(2026, 3, d, h, 0);
    let mut p = AssignmentProblem::default();
    p.people = vec![
        Person::new("ana")
            .skill("rust", 5)
            .skill("sql", 3)
            .max_tasks(2),
        Person::new("ben")
            .skill("rust", 3)
            .booked(planwright_core::Booking::new(
                t(16, 9),
                t(20, 17),
                planwright_core::Units::percent(60),
            )),
        Person::new("cy")
            .skill("sql", 4)
            .booked(planwright_core::Booking::new(
                t(16, 0),
                t(21, 0),
                planwright_core::Units::FULL,
            )),
    ];
    p.tasks = vec![
        OpenTask::new("api", t(16, 9), t(18, 17))
            .requires("rust", 3)
            .people(2),
        OpenTask::new("report", t(17, 9), t(17, 17)).requires("sql", 3),
        OpenTask::new("ml", t(17, 9), t(17, 17)).requires("python", 2),
        OpenTask::new("db", t(17, 9), t(17, 17)).requires("sql", 4),
    ];
    p.preferences.insert(("ana".into(), "report".into()), 90);
    let plan = assign(&p).unwrap();
    let pairs: Vec<(&str, &str)> = plan
        .pairings
        .iter()
        .map(|x| (x.task.as_str(), x.person.as_str()))
        .collect();
    assert_eq!(pairs, [("api", "ana"), ("api", "ben"), ("report", "ana")]);
    let ben = &plan.pairings[1];
    assert_eq!(ben.reason, "rust 3 for 3, load 60 %");
    assert_eq!(ben.cost, 60 + 50);
    assert_eq!(
        plan.total_cost,
        plan.pairings.iter().map(|x| x.cost).sum::<i64>()
    );
    let why: Vec<String> = plan.unassigned.iter().map(ToString::to_string).collect();
    assert_eq!(
        why,
        [
            "`ml`: no one has python at level 2",
            "`db`: all 1 qualified people are fully loaded then"
        ]
    );
}

/// Brute force: every way to give each task a set of distinct eligible
/// people within slots; the best fills most places, then costs least.
// The oracle is written with plain index loops on purpose: it should read
// nothing like the implementation it checks.
#[allow(clippy::needless_range_loop)]
fn brute(p: &AssignmentProblem) -> (usize, i64) {
    let nt = p.tasks.len();
    let np = p.people.len();
    // Eligible pairs and their costs, as `assign` defines them.
    let cost = |ti: usize, pi: usize| -> Option<i64> {
        let (t, person) = (&p.tasks[ti], &p.people[pi]);
        let mut surplus = 0i64;
        for r in &t.skills {
            let have = person.skills.get(&r.skill).copied().unwrap_or(0);
            if have < r.level {
                return None;
            }
            surplus += i64::from(have - r.level);
        }
        let load = person.load_percent(t.start, t.finish);
        if load >= 100 {
            return None;
        }
        let pref = p
            .preferences
            .get(&(person.key.clone(), t.key.clone()))
            .copied()
            .unwrap_or(50);
        Some(
            surplus * p.weights.surplus_level
                + load * p.weights.load_percent
                + i64::from(100 - pref) * p.weights.preference,
        )
    };
    let mut best = (0usize, 0i64);
    let subsets = 1usize << np;
    let mut choice = vec![0usize; nt];
    loop {
        // Evaluate this choice of subsets.
        let mut used = vec![0u32; np];
        let mut ok = true;
        let (mut filled, mut total) = (0usize, 0i64);
        for ti in 0..nt {
            let set = choice[ti];
            if set.count_ones() > p.tasks[ti].people {
                ok = false;
                break;
            }
            for pi in 0..np {
                if set >> pi & 1 == 1 {
                    match cost(ti, pi) {
                        Some(c) => {
                            used[pi] += 1;
                            filled += 1;
                            total += c;
                        }
                        None => ok = false,
                    }
                }
            }
        }
        ok &= (0..np).all(|pi| used[pi] <= p.people[pi].max_tasks);
        if ok
            && (filled > best.0
                || (filled == best.0 && total < best.1)
                || (best == (0, 0) && filled == 0))
        {
            best = (filled, total);
        }
        // Next combination.
        let mut k = 0;
        while k < nt {
            choice[k] += 1;
            if choice[k] < subsets {
                break;
            }
            choice[k] = 0;
            k += 1;
        }
        if k == nt {
            return best;
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn assignment_is_optimal_and_within_capacity(
        people in prop::collection::vec((0u8..4, 0u8..4, 1u32..3, 0u32..120), 1..4),
        tasks in prop::collection::vec((0u8..3, 0u8..3, 1u32..3), 1..4),
        prefs in prop::collection::vec((0usize..4, 0usize..4, 0u8..=100), 0..4),
    ) {
        let t = |d: u32| dt(2026, 3, d, 9, 0);
        let mut p = AssignmentProblem::default();
        p.people = people.iter().enumerate().map(|(i, &(a, b, slots, load))| {
            let mut person = Person::new(format!("p{i}")).skill("a", a).skill("b", b).max_tasks(slots);
            if load > 0 {
                person = person.booked(planwright_core::Booking::new(t(1), t(11), planwright_core::Units::percent(load)));
            }
            person
        }).collect();
        p.tasks = tasks.iter().enumerate().map(|(i, &(a, b, people))| {
            let mut task = OpenTask::new(format!("t{i}"), t(2), t(4)).people(people);
            if a > 0 { task = task.requires("a", a); }
            if b > 0 { task = task.requires("b", b); }
            task
        }).collect();
        for (pi, ti, v) in prefs {
            if pi < p.people.len() && ti < p.tasks.len() {
                p.preferences.insert((format!("p{pi}"), format!("t{ti}")), v);
            }
        }
        let plan = assign(&p).unwrap();
        let (filled, cost) = brute(&p);
        prop_assert_eq!(plan.pairings.len(), filled);
        prop_assert_eq!(plan.total_cost, cost);
        for person in &p.people {
            let n = plan.pairings.iter().filter(|x| x.person == person.key).count() as u32;
            prop_assert!(n <= person.max_tasks);
        }
        for task in &p.tasks {
            let mut who: Vec<&str> = plan.pairings.iter().filter(|x| x.task == task.key).map(|x| x.person.as_str()).collect();
            prop_assert!(who.len() as u32 <= task.people);
            let before = who.len();
            who.dedup();
            prop_assert_eq!(who.len(), before);
        }
    }
}

// ----- automation ---------------------------------------------------------

fn ops_board() -> Board {
    let mut wf = Workflow::kanban();
    let doing = wf.state_id("doing").unwrap();
    wf.set_wip(doing, WipLimit::max(2)).unwrap();
    Board::new("ops", wf)
}

#[test]
fn a_rule_loop_is_stopped_by_the_chain_guard() {
    let mut b = ops_board();
    let now = dt(2026, 3, 16, 9, 0);
    let i = b
        .add_item(WorkItem::new("OPS-1").assignee("fay"), now)
        .unwrap();
    b.move_item_to(i, "ready", now).unwrap();
    let rules = Automation::new(vec![
        Rule::new(
            "start-review",
            Trigger::StatusChanged {
                from: None,
                to: Some("doing".into()),
            },
        )
        .then(RuleAction::Transition {
            to: "review".into(),
        }),
        Rule::new(
            "back-to-doing",
            Trigger::StatusChanged {
                from: Some("doing".into()),
                to: Some("review".into()),
            },
        )
        .then(RuleAction::Transition { to: "doing".into() })
        .then(RuleAction::Notify {
            to: Recipient::Assignee,
            message: "{key} bounced back ({rule})".into(),
        }),
    ])
    .unwrap();
    b.move_item_to(i, "doing", now).unwrap();
    let doing = b.workflow().state_id("doing").unwrap();
    let ready = b.workflow().state_id("ready").unwrap();
    let trace = rules
        .run(
            &mut b,
            Event::StatusChanged {
                item: i,
                from: ready,
                to: doing,
            },
            now,
            10,
        )
        .unwrap();
    let steps: Vec<(&str, &Outcome)> = trace
        .steps
        .iter()
        .map(|s| (s.rule.as_str(), &s.outcome))
        .collect();
    assert_eq!(
        steps,
        [
            ("start-review", &Outcome::Applied),
            ("back-to-doing", &Outcome::Applied),
            ("start-review", &Outcome::AlreadyFired),
        ]
    );
    assert_eq!(
        trace.notifications[0].message,
        "OPS-1 bounced back (back-to-doing)"
    );
    assert_eq!(trace.notifications[0].recipient, "fay");
    assert_eq!(
        b.workflow().state(b.item(i).unwrap().state()).unwrap().key,
        "doing"
    );
    // The depth limit also stops chains.
    let t2 = rules
        .run(
            &mut b,
            Event::StatusChanged {
                item: i,
                from: ready,
                to: doing,
            },
            now,
            0,
        )
        .unwrap();
    assert_eq!(t2.steps[1].outcome, Outcome::DepthLimit);
}
#[test]
fn triggers_conditions_actions_and_follow_ups() {
    let mut b = ops_board();
    let now = dt(2026, 3, 16, 9, 0);
    let rules = Automation::new(vec![
        Rule::new("escalate", Trigger::DueWithin { minutes: 24 * 60 })
            .when(Condition::All(vec![
                Condition::Priority {
                    op: CompareOp::Ge,
                    value: 700,
                },
                Condition::Not(Box::new(Condition::Tag("escalated".into()))),
            ]))
            .then(RuleAction::AddTag("escalated".into()))
            .then(RuleAction::Notify {
                to: Recipient::Person("ops-lead".into()),
                message: "{key} '{title}' due {due}".into(),
            }),
        Rule::new(
            "postmortem",
            Trigger::StatusChanged {
                from: None,
                to: Some("done".into()),
            },
        )
        .when(Condition::Field {
            name: "severity".into(),
            op: CompareOp::Ge,
            value: FieldValue::Number(2),
        })
        .then(RuleAction::FollowUp {
            suffix: "pm".into(),
            title: "Post-mortem of {key}".into(),
            tags: vec!["pm".into()],
        }),
        Rule::new(
            "wip-full",
            Trigger::WipLimitReached {
                state: Some("doing".into()),
            },
        )
        .then(RuleAction::Notify {
            to: Recipient::Person("team".into()),
            message: "doing is full ({key} entered)".into(),
        }),
    ])
    .unwrap();
    let a = b
        .add_item(
            WorkItem::new("A")
                .title("Certs")
                .priority(Priority::new(800).unwrap())
                .due(now + Elapsed::hours(5)),
            now,
        )
        .unwrap();
    let c = b
        .add_item(
            WorkItem::new("C")
                .priority(Priority::new(300).unwrap())
                .due(now + Elapsed::hours(5)),
            now,
        )
        .unwrap();
    let trace = rules.run(&mut b, Event::Tick, now, 5).unwrap();
    assert_eq!(trace.steps.len(), 1);
    assert_eq!(
        trace.notifications[0].message,
        "A 'Certs' due 2026-03-16 14:00:00"
    );
    assert!(b.item(a).unwrap().tags().contains("escalated"));
    assert!(
        rules
            .run(&mut b, Event::Tick, now, 5)
            .unwrap()
            .steps
            .is_empty(),
        "already escalated"
    );
    // Fill doing: the second entry reaches the WIP limit.
    for id in [a, c] {
        b.move_item_to(id, "ready", now).unwrap();
        b.move_item_to(id, "doing", now).unwrap();
    }
    let from = b.workflow().state_id("ready").unwrap();
    let to = b.workflow().state_id("doing").unwrap();
    let t = rules
        .run(&mut b, Event::StatusChanged { item: c, from, to }, now, 5)
        .unwrap();
    assert_eq!(t.notifications[0].message, "doing is full (C entered)");
    b.set_field(a, "severity", Some(FieldValue::Number(3)))
        .unwrap();
    b.move_item_to(a, "review", now).unwrap();
    b.move_item_to(a, "done", now).unwrap();
    let review = b.workflow().state_id("review").unwrap();
    let done = b.workflow().state_id("done").unwrap();
    let t = rules
        .run(
            &mut b,
            Event::StatusChanged {
                item: a,
                from: review,
                to: done,
            },
            now,
            5,
        )
        .unwrap();
    assert_eq!(t.created.len(), 1);
    assert_eq!(b.item(t.created[0]).unwrap().key(), "A-pm");
    // Rules are data: they survive serde.
    #[cfg(feature = "serde")]
    {
        let json = serde_json::to_string(&rules).unwrap();
        assert_eq!(serde_json::from_str::<Automation>(&json).unwrap(), rules);
    }
    assert!(
        Automation::new(vec![
            Rule::new("x", Trigger::ItemCreated),
            Rule::new("x", Trigger::ItemCreated)
        ])
        .is_err()
    );
}

// ----- flow metrics -------------------------------------------------------

#[test]
fn flow_metrics_on_a_small_history() {
    // Kanban where review is a waiting queue and done items can be reopened.
    let mut wf = Workflow::kanban();
    let (review, done, doing) = (
        wf.state_id("review").unwrap(),
        wf.state_id("done").unwrap(),
        wf.state_id("doing").unwrap(),
    );
    wf.set_waiting(review, true).unwrap();
    wf.allow(done, doing).unwrap();
    let mut b = Board::new("b", wf);
    let t = |d: u32, h: u32| dt(2026, 3, d, h, 0);
    let x = b.add_item(WorkItem::new("X"), t(2, 9)).unwrap();
    let y = b.add_item(WorkItem::new("Y"), t(2, 9)).unwrap();
    let z = b.add_item(WorkItem::new("Z"), t(3, 9)).unwrap();
    for (s, at) in [
        ("ready", t(2, 9)),
        ("doing", t(3, 9)),
        ("review", t(4, 9)),
        ("done", t(5, 9)),
    ] {
        b.move_item_to(x, s, at).unwrap();
    }
    // Y completes on the 4th, is reopened on the 5th and completes on the 6th:
    // the later completion counts.
    for (s, at) in [
        ("ready", t(2, 9)),
        ("doing", t(2, 9)),
        ("review", t(3, 9)),
        ("done", t(4, 9)),
        ("doing", t(5, 9)),
        ("review", t(6, 8)),
        ("done", t(6, 9)),
    ] {
        b.move_item_to(y, s, at).unwrap();
    }
    for (s, at) in [("ready", t(3, 9)), ("doing", t(4, 9))] {
        b.move_item_to(z, s, at).unwrap();
    }
    let opts = FlowOptions::for_board(&b);
    let sle = ServiceLevel::within(planwright_core::Elapsed::minutes(36 * 60));
    let m = flow_metrics(
        &b,
        date(2026, 3, 2),
        date(2026, 3, 6),
        t(6, 9),
        &opts,
        Some(sle),
    )
    .unwrap();
    assert_eq!(m.lead_time.count, 2);
    assert_eq!(
        (m.lead_time.p50.as_days(), m.lead_time.p95.as_days()),
        (3.0, 4.0)
    ); // X 3d, Y 4d
    assert_eq!(
        (m.cycle_time.p50.as_days(), m.cycle_time.p95.as_days()),
        (2.0, 4.0)
    ); // X 2d, Y 4d
    assert_eq!(
        m.throughput_daily.iter().map(|d| d.1).collect::<Vec<_>>(),
        [0, 0, 0, 1, 1]
    );
    assert_eq!(
        m.wip_daily.iter().map(|d| d.1).collect::<Vec<_>>(),
        [1, 2, 2, 2, 1]
    );
    assert_eq!(m.age.len(), 1);
    assert_eq!(m.age[0].1.as_days(), 2.0);
    // Active: X 1d doing; Y 1d + 23h doing. Waiting (review): X 1d, Y 1d + 1h.
    let active = 24.0 + 47.0;
    let waiting = 24.0 + 25.0;
    assert!((m.flow_efficiency.unwrap() - active / (active + waiting)).abs() < 1e-12);
    // SLE 1.5 days: X (2d), Y (4d) and Z (age 2d) breach.
    assert_eq!(m.breaches.len(), 3);
    for (d, counts) in &m.cfd {
        let created = b
            .items()
            .filter(|(_, it)| it.created().date() <= *d)
            .count() as u32;
        assert_eq!(counts.iter().sum::<u32>(), created);
    }
    let _ = StateCategory::Done;
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Cumulative flow totals equal the items created each day; throughput
    /// sums to the completions; nothing panics on random histories.
    #[test]
    fn cfd_totals_equal_item_counts(moves in prop::collection::vec((0usize..5, 0u32..6, 0i64..30), 0..60)) {
        let mut b = Board::new("b", Workflow::kanban());
        let mut now = dt(2026, 3, 1, 9, 0);
        for k in 0..5 {
            b.add_item(WorkItem::new(format!("I{k}")), now + Elapsed::hours(7 * k as i64)).unwrap();
        }
        for (item, state, hours) in moves {
            now += Elapsed::hours(hours);
            let id = planwright_core::ItemId::new(item as u32);
            let _ = b.move_item(id, planwright_core::StateId::new(state), now.max(b.item(id).unwrap().created()));
        }
        let opts = FlowOptions::for_board(&b);
        let m = flow_metrics(&b, date(2026, 3, 1), date(2026, 3, 20), now, &opts, None).unwrap();
        for (d, counts) in &m.cfd {
            let end = d.and_hms_opt(23, 59, 59).unwrap();
            let created = b.items().filter(|(_, it)| it.created() <= end).count() as u32;
            prop_assert_eq!(counts.iter().sum::<u32>(), created);
        }
        let done = planwright_core::item_times(&b, &opts, now).iter().filter(|t| t.completed.is_some_and(|c| c.date() <= date(2026, 3, 20))).count() as u32;
        prop_assert_eq!(m.throughput_daily.iter().map(|d| d.1).sum::<u32>(), done);
        prop_assert!(m.flow_efficiency.is_none_or(|e| (0.0..=1.0).contains(&e)));
    }
}

// ----- earned value -------------------------------------------------------

#[test]
fn textbook_evm_with_every_metric() {
    let d = |m, day| NaiveDate::from_ymd_opt(2026, m, day).unwrap();
    let pv = PlannedValue::new(vec![
        (d(1, 31), Money::major(50_000)),
        (d(2, 28), Money::major(100_000)),
    ])
    .unwrap();
    let s = evm_status(
        &pv,
        Measurement::new(d(1, 31), Money::major(40_000), Money::major(45_000))
            .etc(Money::major(70_000)),
    )
    .unwrap();
    assert_eq!((s.pv, s.bac), (Money::major(50_000), Money::major(100_000)));
    assert_eq!((s.cv, s.sv), (Money::major(-5_000), Money::major(-10_000)));
    assert!((s.cpi.unwrap() - 40.0 / 45.0).abs() < 1e-12);
    assert_eq!(s.spi, Some(0.8));
    assert_eq!(s.eac_cpi, Some(Money::major(112_500)));
    assert_eq!(s.eac_atypical, Money::major(105_000));
    assert_eq!(s.eac_composite, Some(Money::major(129_375)));
    assert_eq!(s.eac_bottom_up, Some(Money::major(115_000)));
    assert_eq!(s.etc, Some(Money::major(67_500)));
    assert_eq!(s.vac, Some(Money::major(-12_500)));
    assert!((s.tcpi_bac.unwrap() - 60.0 / 55.0).abs() < 1e-12);
    assert!((s.tcpi_eac.unwrap() - 60.0 / 67.5).abs() < 1e-12);
    // Nothing earned, nothing spent: ratios are None, not NaN.
    let z = evm_status(&pv, Measurement::new(d(1, 1), Money::ZERO, Money::ZERO)).unwrap();
    assert_eq!((z.cpi, z.spi, z.eac_cpi), (None, None, None));
    assert!(
        evm_status(
            &pv,
            Measurement::new(d(1, 1), Money::major(-1), Money::ZERO)
        )
        .is_err()
    );
}

#[test]
fn earned_schedule_with_interpolation() {
    // Ten days, 10 (thousand) planned a day.
    let d0 = NaiveDate::from_ymd_opt(2026, 4, 1).unwrap();
    let pv = PlannedValue::new(
        (0..10)
            .map(|k| (d0 + Elapsed::days(k), Money::major(10_000 * (k + 1))))
            .collect(),
    )
    .unwrap();
    let s = evm_status(
        &pv,
        Measurement::new(
            d0 + Elapsed::days(4),
            Money::major(35_000),
            Money::major(40_000),
        ),
    )
    .unwrap();
    assert_eq!(s.at, 5.0);
    assert_eq!(s.es, 3.5);
    assert_eq!(s.sv_t, -1.5);
    assert_eq!(s.spi_t, Some(0.7));
    assert_eq!(s.pd, 10.0);
    assert!((s.ieac_t.unwrap() - 10.0 / 0.7).abs() < 1e-9);
    assert!((s.tspi.unwrap() - 1.3).abs() < 1e-12);
    let series = evm_series(
        &pv,
        &[
            Measurement::new(d0, Money::major(8_000), Money::major(9_000)),
            Measurement::new(
                d0 + Elapsed::days(4),
                Money::major(35_000),
                Money::major(40_000),
            ),
        ],
    )
    .unwrap();
    assert_eq!(series.len(), 2);
    assert!(evm_series(&pv, &[]).is_err());
}

#[test]
fn planned_value_from_a_baseline_spreads_by_working_time() {
    use planwright_core::{Baseline, BaselineEntry, Duration, Project, Task};
    let mut p = Project::new("p");
    let a = p
        .add_task(Task::new("a").duration(Duration::days(2)))
        .unwrap();
    let m = p.add_task(Task::milestone("m")).unwrap();
    // Friday + Monday (weekend in between), then a milestone with a cost.
    let base = Baseline::new("b", dt(2026, 3, 1, 0, 0))
        .entry(
            a,
            BaselineEntry::new(
                dt(2026, 3, 6, 8, 0),
                dt(2026, 3, 9, 17, 0),
                Duration::days(2),
                Money::minor(1_001),
            ),
        )
        .entry(
            m,
            BaselineEntry::new(
                dt(2026, 3, 9, 17, 0),
                dt(2026, 3, 9, 17, 0),
                Duration::ZERO,
                Money::minor(500),
            ),
        );
    let pv = PlannedValue::from_baseline(&p, &base).unwrap();
    let pts: Vec<i64> = pv.points().iter().map(|x| x.1.minor_units()).collect();
    assert_eq!(pts, [500, 500, 500, 1_501]);
    assert_eq!(pv.bac(), base.budget_at_completion());
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn evm_identities_hold(steps in prop::collection::vec(0i64..50_000, 1..12), ev in 0i64..600_000, ac in 0i64..600_000, day in 0i64..15) {
        let d0 = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
        let mut acc = 0;
        let pv = PlannedValue::new(steps.iter().enumerate().map(|(k, s)| { acc += s; (d0 + Elapsed::days(k as i64), Money::minor(acc)) }).collect()).unwrap();
        let s = evm_status(&pv, Measurement::new(d0 + Elapsed::days(day), Money::minor(ev), Money::minor(ac))).unwrap();
        prop_assert_eq!(s.cv, Money::minor(ev - ac));
        prop_assert_eq!(s.eac_atypical, Money::minor(ac + s.bac.minor_units() - ev));
        if let (Some(eac), Some(vac), Some(etc)) = (s.eac_cpi, s.vac, s.etc) {
            prop_assert_eq!(vac, Money::minor(s.bac.minor_units() - eac.minor_units()));
            prop_assert_eq!(etc, Money::minor(eac.minor_units() - ac));
        }
        for v in [s.cpi, s.spi, s.tcpi_bac, s.tcpi_eac, s.spi_t, s.tspi, s.ieac_t].into_iter().flatten() {
            prop_assert!(v.is_finite());
        }
        prop_assert!(s.es >= 0.0 && s.es <= s.pd + 1e-9);
        prop_assert!((s.sv_t - (s.es - s.at)).abs() < 1e-9);
    }
}

#[test]
fn a_notification_after_an_assignment_goes_to_the_new_assignee() {
    let mut b = ops_board();
    let now = dt(2026, 3, 16, 9, 0);
    let rules = Automation::new(vec![
        Rule::new("take", Trigger::ItemCreated)
            .then(RuleAction::Assign {
                person: Some("eli".into()),
            })
            .then(RuleAction::Notify {
                to: Recipient::Assignee,
                message: "{key} for you".into(),
            }),
    ])
    .unwrap();
    let i = b.add_item(WorkItem::new("N-1"), now).unwrap();
    // Pure evaluation already resolves the recipient.
    let firing = &rules.evaluate(&Event::ItemCreated { item: i }, &b, now)[0];
    assert!(
        matches!(&firing.effects[1], planwright_core::Effect::Notify(n) if n.recipient == "eli")
    );
    let trace = rules
        .run(&mut b, Event::ItemCreated { item: i }, now, 3)
        .unwrap();
    assert_eq!(trace.notifications[0].recipient, "eli");
    assert_eq!(b.item(i).unwrap().get_assignee(), Some("eli"));
}

/// Nine rules that each trigger all the others would cascade through every
/// order in which they can fire (9! chains); the run stops at its work
/// limit, says so, and stays within bounded memory.
#[test]
fn rules_that_trigger_each_other_stop_at_the_work_limit() {
    let mut b = ops_board();
    let now = dt(2026, 3, 16, 9, 0);
    let i = b.add_item(WorkItem::new("OPS-1"), now).unwrap();
    let rules = Automation::new(
        (0..9)
            .map(|k| {
                Rule::new(format!("r{k}"), Trigger::FieldChanged { field: "f".into() }).then(
                    RuleAction::SetField {
                        name: "f".into(),
                        value: FieldValue::Number(k),
                    },
                )
            })
            .collect(),
    )
    .unwrap();
    let (trace, peak) = planwright_testing::peak_bytes(256 << 20, || {
        rules
            .run(
                &mut b,
                Event::FieldChanged {
                    item: i,
                    field: "f".into(),
                },
                now,
                20,
            )
            .unwrap()
    });
    assert!(trace.truncated);
    assert_eq!(trace.steps.len(), Automation::MAX_STEPS);
    assert!(peak < 128 << 20, "peak {peak} bytes");
}

/// A due-within window larger than chrono's range covers every date
/// instead of overflowing.
#[test]
fn a_huge_due_within_window_does_not_overflow() {
    let mut b = ops_board();
    let now = dt(2026, 3, 16, 9, 0);
    b.add_item(WorkItem::new("OPS-1").due(now), now).unwrap();
    let rules = Automation::new(vec![
        Rule::new("due", Trigger::DueWithin { minutes: i64::MAX })
            .then(RuleAction::AddTag("soon".into())),
    ])
    .unwrap();
    let firings = rules.evaluate(&Event::Tick, &b, now);
    assert_eq!(firings.len(), 1);
}

/// A rare skill among many people: eligibility is decided per (task,
/// person) pair without rescanning everyone for every refusal.
#[test]
fn a_rare_skill_among_many_people_assigns_the_one_who_has_it() {
    let t = dt(2026, 3, 16, 9, 0);
    let mut p = AssignmentProblem::default();
    p.people = (0..600)
        .map(|i| {
            let person = Person::new(format!("p{i}"));
            if i == 417 {
                person.skill("cobol", 4)
            } else {
                person
            }
        })
        .collect();
    p.tasks = (0..600)
        .map(|i| OpenTask::new(format!("t{i}"), t, t + Elapsed::hours(8)).requires("cobol", 3))
        .collect();
    let plan = assign(&p).unwrap();
    assert_eq!(plan.pairings.len(), 1);
    assert_eq!(plan.pairings[0].person, "p417");
    assert_eq!(plan.unassigned.len(), 599);
}

#[test]
fn huge_weights_and_scores_are_errors_not_overflows() {
    let mut p = AssignmentProblem::default();
    p.weights.load_percent = i64::MAX;
    assert!(matches!(assign(&p), Err(Error::OutOfRange { .. })));
    let r = rank_wsjf(&[Wsjf::new("x", 1e308, 1e308, 1e308, 1.0)]);
    assert!(matches!(r, Err(Error::Overflow { .. })), "{r:?}");
    let r = rank_rice(&[Rice::new("x", 1e308, 1e308, 1.0, 1e-300)]);
    assert!(matches!(r, Err(Error::Overflow { .. })), "{r:?}");
    // Weights of any size rank by their ratios.
    let model = [
        Criterion::benefit("value", 1e308),
        Criterion::benefit("fit", 1e308),
    ];
    let items = [
        (
            "a".to_string(),
            BTreeMap::from([("value".to_string(), 1.0), ("fit".to_string(), 0.0)]),
        ),
        (
            "b".to_string(),
            BTreeMap::from([("value".to_string(), 1.0), ("fit".to_string(), 1.0)]),
        ),
    ];
    let r = rank_weighted(&model, &items).unwrap();
    assert_eq!((r[0].item.as_str(), r[0].score), ("b", 1.0));
}

#[test]
fn tcpi_is_computed_from_unrounded_values_and_only_where_it_means_something() {
    let d = |m, day| NaiveDate::from_ymd_opt(2026, m, day).unwrap();
    let pv = PlannedValue::new(vec![(d(1, 31), Money::minor(10_000))]).unwrap();
    // BAC 100, EV 99.99, AC 149.99: EAC = BAC / CPI = 150.0050…, so
    // TCPI(EAC) = 0.01 / 0.0150… = 0.6667, not the 0.5 a rounded EAC gives.
    let s = evm_status(
        &pv,
        Measurement::new(d(1, 31), Money::minor(9_999), Money::minor(14_999)),
    )
    .unwrap();
    let tcpi = s.tcpi_eac.unwrap();
    assert!((tcpi - 0.666_666).abs() < 1e-3, "{tcpi}");
    // AC ≥ BAC: no budget left to perform against.
    assert_eq!(s.tcpi_bac, None);
    // The textbook case: BAC 100k, PV 50k, EV 40k, AC 45k.
    let pv = PlannedValue::new(vec![
        (d(1, 31), Money::major(50_000)),
        (d(2, 28), Money::major(100_000)),
    ])
    .unwrap();
    let s = evm_status(
        &pv,
        Measurement::new(d(1, 31), Money::major(40_000), Money::major(45_000)),
    )
    .unwrap();
    assert_eq!(s.eac_cpi, Some(Money::major(112_500)));
    assert_eq!(s.etc, Some(Money::major(67_500)));
    assert_eq!(s.vac, Some(Money::major(-12_500)));
    assert!((s.tcpi_bac.unwrap() - 60.0 / 55.0).abs() < 1e-12);
    assert!((s.tcpi_eac.unwrap() - 40.0 / 45.0).abs() < 1e-12);
}

proptest! {
    /// TCPI to the CPI-based EAC is the CPI itself: (BAC − EV) / (BAC/CPI −
    /// AC) = CPI. Exact from unrounded values, for every case.
    #[test]
    fn tcpi_to_eac_equals_cpi(bac in 1i64..10_000_000, ev_frac in 0.0f64..0.999, ac in 1i64..20_000_000) {
        let d = NaiveDate::from_ymd_opt(2026, 1, 31).unwrap();
        let pv = PlannedValue::new(vec![(d, Money::minor(bac))]).unwrap();
        let ev = (bac as f64 * ev_frac) as i64;
        prop_assume!(ev > 0);
        let s = evm_status(&pv, Measurement::new(d, Money::minor(ev), Money::minor(ac))).unwrap();
        let cpi = s.cpi.unwrap();
        match s.tcpi_eac {
            Some(t) => prop_assert!((t - cpi).abs() <= 1e-9 * cpi.max(1.0), "tcpi {} cpi {}", t, cpi),
            None => prop_assert!(bac as f64 / cpi <= ac as f64),
        }
        if let Some(t) = s.tcpi_bac {
            prop_assert!(t > 0.0 && ac < bac);
        } else {
            prop_assert!(ac >= bac);
        }
    }
}
