//! Hand-checked textbook networks (units: working days, abstract time).

use planwright_core::{Duration, LinkKind};
use planwright_schedule::{
    ActivityConstraint, ActivityId, ActivityProgress, Driver, Error, Network, NetworkBuilder,
    ProgressMode, Schedule,
};

use LinkKind::{
    FinishToFinish as FF, FinishToStart as FS, StartToFinish as SF, StartToStart as SS,
};

fn d(n: i64) -> Duration {
    Duration::days(n)
}

struct Net {
    b: NetworkBuilder,
}

impl Net {
    fn new() -> Self {
        Net {
            b: NetworkBuilder::new(),
        }
    }
    fn act(&mut self, key: &str, days: i64) -> ActivityId {
        self.b.add_activity(key, d(days)).unwrap()
    }
    fn link(&mut self, a: ActivityId, b: ActivityId, kind: LinkKind, lag: i64) {
        self.b.add_link(a, b, kind, d(lag)).unwrap();
    }
    fn run(self) -> (Network, Schedule) {
        let net = self.b.build().unwrap();
        let s = net.schedule().unwrap();
        (net, s)
    }
}

/// (ES, EF, LS, LF, TF, FF) in days.
fn row(s: &Schedule, a: ActivityId) -> [i64; 6] {
    [
        s.early_start(a),
        s.early_finish(a),
        s.late_start(a),
        s.late_finish(a),
        s.total_float(a),
        s.free_float(a),
    ]
    .map(|x| x.expect("a known activity").as_minutes() / 480)
}

#[test]
fn finish_to_start_with_lag_and_lead() {
    let mut n = Net::new();
    let a = n.act("A", 3);
    let b = n.act("B", 4);
    let c = n.act("C", 2);
    let dd = n.act("D", 5);
    n.link(a, b, FS, 2);
    n.link(b, c, FS, 0);
    n.link(a, dd, FS, 0);
    n.link(dd, c, FS, -1);
    let (_net, s) = n.run();
    assert_eq!(row(&s, a), [0, 3, 0, 3, 0, 0]);
    assert_eq!(row(&s, b), [5, 9, 5, 9, 0, 0]);
    assert_eq!(row(&s, dd), [3, 8, 5, 10, 2, 2]);
    assert_eq!(row(&s, c), [9, 11, 9, 11, 0, 0]);
    assert_eq!(s.project_finish(), d(11));
    assert_eq!(s.critical_paths(10), vec![vec![a, b, c]]);
    assert_eq!(s.near_critical(d(2)).collect::<Vec<_>>(), [dd]);
}

#[test]
fn start_to_start_finish_to_finish_start_to_finish() {
    let mut n = Net::new();
    let a = n.act("A", 5);
    let b = n.act("B", 3);
    let c = n.act("C", 4);
    let dd = n.act("D", 2);
    let e = n.act("E", 1);
    n.link(a, b, SS, 2);
    n.link(a, c, FF, 1);
    n.link(a, dd, SF, 3);
    for x in [b, c, dd] {
        n.link(x, e, FS, 0);
    }
    let (_net, s) = n.run();
    assert_eq!(row(&s, a), [0, 5, 0, 5, 0, 0]);
    assert_eq!(row(&s, b), [2, 5, 3, 6, 1, 1]);
    assert_eq!(row(&s, c), [2, 6, 2, 6, 0, 0]);
    assert_eq!(row(&s, dd), [1, 3, 4, 6, 3, 3]);
    assert_eq!(row(&s, e), [6, 7, 6, 7, 0, 0]);
    assert_eq!(s.critical_paths(10), vec![vec![a, c, e]]);
    // Why does E start on day 6? Because of C, which finishes 1 day after A.
    let chain = s.driving_chain(e);
    assert_eq!(chain.len(), 3);
    assert_eq!(
        chain[0].driver,
        Driver::Link {
            predecessor: c,
            kind: FS,
            lag: Duration::ZERO
        }
    );
    assert_eq!(
        chain[1].driver,
        Driver::Link {
            predecessor: a,
            kind: FF,
            lag: d(1)
        }
    );
    assert_eq!(chain[2].driver, Driver::ProjectStart);
}

#[test]
fn negative_lags_never_start_before_the_project() {
    let mut n = Net::new();
    let a = n.act("A", 2);
    let b = n.act("B", 3);
    let c = n.act("C", 1);
    n.link(a, b, FS, -5);
    n.link(a, c, SS, -2);
    let (_, s) = n.run();
    assert_eq!(row(&s, b)[..2], [0, 3]);
    assert_eq!(row(&s, c)[..2], [0, 1]);
    assert_eq!(s.project_finish(), d(3));
}

fn chain_with(
    constraint: Option<(usize, ActivityConstraint)>,
    deadline: Option<(usize, i64)>,
) -> (Network, Schedule, [ActivityId; 4]) {
    let mut n = Net::new();
    let a = n.act("A", 2);
    let b = n.act("B", 3);
    let c = n.act("C", 1);
    let x = n.act("X", 1);
    n.link(a, b, FS, 0);
    n.link(b, c, FS, 0);
    n.link(x, c, FS, 0);
    let ids = [a, b, c, x];
    if let Some((i, k)) = constraint {
        n.b.set_constraint(ids[i], k).unwrap();
    }
    if let Some((i, k)) = deadline {
        n.b.set_deadline(ids[i], d(k)).unwrap();
    }
    let (net, s) = n.run();
    (net, s, ids)
}

#[test]
fn each_constraint_type() {
    use ActivityConstraint::*;
    let (_, s, [a, ..]) = chain_with(None, None);
    assert_eq!(s.project_finish(), d(6));
    assert_eq!(row(&s, a)[4], 0);

    let (_, s, [a, b, c, _]) = chain_with(Some((1, StartNoEarlierThan(d(4)))), None);
    assert_eq!(row(&s, b)[..2], [4, 7]);
    assert_eq!(row(&s, c)[..2], [7, 8]);
    assert_eq!(row(&s, a)[4], 2, "A may slip until B's constraint");

    let (_net, s, [a, b, c, _]) = chain_with(Some((1, StartNoLaterThan(d(1)))), None);
    assert_eq!(row(&s, b)[4], -1);
    assert_eq!(row(&s, a)[4], -1);
    assert_eq!(row(&s, c)[4], 0);
    assert_eq!(s.least_float(), Some(d(-1)));
    assert!(s.critical_paths(5).iter().any(|p| p.contains(&b)));

    let (_, s, [_, b, c, _]) = chain_with(Some((2, FinishNoEarlierThan(d(10)))), None);
    assert_eq!(row(&s, c)[..2], [9, 10]);
    assert_eq!(row(&s, b)[4], 4);

    let (_, s, [a, b, _, _]) = chain_with(Some((1, FinishNoLaterThan(d(4)))), None);
    assert_eq!(row(&s, b)[3], 4);
    assert_eq!(row(&s, b)[4], -1);
    assert_eq!(row(&s, a)[4], -1);

    // Must start on overrides the logic: B starts on day 1 although A ends on 2.
    let (_net, s, [a, b, c, _]) = chain_with(Some((1, MustStartOn(d(1)))), None);
    assert_eq!(row(&s, b)[..2], [1, 4]);
    assert_eq!(row(&s, c)[..2], [4, 5]);
    assert_eq!(row(&s, a)[4], -1);
    assert_eq!(s.driving_chain(b)[0].driver, Driver::Constraint);

    let (_, s, [_, b, c, _]) = chain_with(Some((2, MustFinishOn(d(8)))), None);
    assert_eq!(row(&s, c)[..4], [7, 8, 7, 8]);
    assert_eq!(row(&s, b)[4], 2);

    let (_, s, [_, _, c, x]) = chain_with(Some((3, AsLateAsPossible)), None);
    assert_eq!(s.start(x), Some(d(4)));
    assert_eq!(s.early_start(x), Some(d(0)));
    assert_eq!(s.free_float(x), Some(d(0)));
    assert_eq!(s.start(c), Some(d(5)));

    let (_, s, [a, b, _, _]) = chain_with(None, Some((1, 4)));
    assert_eq!(row(&s, b)[..2], [2, 5], "a deadline does not move the task");
    assert_eq!(row(&s, b)[4], -1);
    assert_eq!(row(&s, a)[4], -1);
}

#[test]
fn status_date_progress_and_out_of_sequence() {
    let build = |mode| {
        let mut n = Net::new();
        let a = n.act("A", 2);
        let b = n.act("B", 4);
        let c = n.act("C", 2);
        let dd = n.act("D", 1);
        let f = n.act("F", 4);
        let e = n.act("E", 3);
        n.link(a, b, FS, 0);
        n.link(b, c, FS, 0);
        n.link(f, e, FS, 0);
        n.b.set_progress(
            a,
            ActivityProgress::Finished {
                actual_start: d(0),
                actual_finish: d(3),
            },
        )
        .unwrap();
        n.b.set_progress(
            b,
            ActivityProgress::Started {
                actual_start: d(3),
                remaining: d(2),
            },
        )
        .unwrap();
        // E started out of sequence: F has not started.
        n.b.set_progress(
            e,
            ActivityProgress::Started {
                actual_start: d(1),
                remaining: d(2),
            },
        )
        .unwrap();
        n.b.set_status_date(d(5)).unwrap();
        n.b.set_progress_mode(mode);
        let (_, s) = n.run();
        (s, [a, b, c, dd, f, e])
    };
    let (s, [a, b, c, dd, f, e]) = build(ProgressMode::RetainedLogic);
    assert_eq!(
        row(&s, a)[..5],
        [3 - 3, 3, 0, 3, 0],
        "finished tasks keep their actual dates"
    );
    assert_eq!(
        row(&s, b)[..2],
        [3, 7],
        "remaining work resumes at the status date"
    );
    assert_eq!(row(&s, c)[..2], [7, 9]);
    assert_eq!(
        row(&s, dd)[..2],
        [5, 6],
        "unstarted work cannot start before the status date"
    );
    assert_eq!(row(&s, f)[..2], [5, 9]);
    assert_eq!(
        row(&s, e)[..2],
        [1, 11],
        "retained logic: E's rest waits for F"
    );
    let (s, [.., f, e]) = build(ProgressMode::ProgressOverride);
    assert_eq!(
        row(&s, e)[..2],
        [1, 7],
        "progress override: E continues at the status date"
    );
    assert_eq!(row(&s, f)[..2], [5, 9]);
}

#[test]
fn cycles_are_named_in_link_order() {
    let mut b = NetworkBuilder::new();
    let ids: Vec<_> = ["plan", "build", "test", "ship", "extra"]
        .iter()
        .map(|k| b.add_activity(*k, d(1)).unwrap())
        .collect();
    b.add_link(ids[4], ids[0], FS, Duration::ZERO).unwrap();
    b.add_link(ids[0], ids[1], FS, Duration::ZERO).unwrap();
    b.add_link(ids[1], ids[2], SS, Duration::ZERO).unwrap();
    b.add_link(ids[2], ids[3], FS, Duration::ZERO).unwrap();
    b.add_link(ids[2], ids[0], FF, Duration::ZERO).unwrap();
    let err = b.build().unwrap_err();
    assert_eq!(
        err.to_string(),
        "dependency cycle: plan -> build -> test -> plan"
    );
    match err {
        Error::Cycle { keys } => assert_eq!(keys, ["plan", "build", "test", "plan"]),
        other => panic!("{other}"),
    }
}

#[test]
fn bad_input_is_refused_with_the_offender_named() {
    let mut b = NetworkBuilder::new();
    let a = b.add_activity("a", d(1)).unwrap();
    assert_eq!(
        b.add_activity("a", d(1)).unwrap_err().to_string(),
        "duplicate activity key `a`"
    );
    assert_eq!(
        b.add_link(a, ActivityId::new(7), FS, Duration::ZERO)
            .unwrap_err(),
        Error::UnknownActivity { id: 7 }
    );
    assert_eq!(
        b.add_link(a, a, FS, Duration::ZERO)
            .unwrap_err()
            .to_string(),
        "activity `a` cannot depend on itself"
    );
    assert!(matches!(
        b.add_activity("neg", d(-1)),
        Err(Error::OutOfRange {
            what: "duration",
            ..
        })
    ));
    assert!(matches!(
        b.add_unnamed(Duration::minutes(i64::MAX)),
        Err(Error::OutOfRange { .. })
    ));
    let c = b.add_unnamed(d(1)).unwrap();
    assert!(matches!(
        b.add_link(a, c, FS, Duration::minutes(i64::MIN)),
        Err(Error::OutOfRange { what: "lag", .. })
    ));
    assert!(matches!(
        b.set_constraint(
            c,
            ActivityConstraint::MustStartOn(Duration::minutes(i64::MAX))
        ),
        Err(Error::OutOfRange { .. })
    ));
    assert!(matches!(
        b.set_progress(
            c,
            ActivityProgress::Finished {
                actual_start: d(3),
                actual_finish: d(1)
            }
        ),
        Err(Error::InvalidProgress { .. })
    ));
    assert!(matches!(
        b.set_calendar(c, 3),
        Err(Error::UnknownCalendar { index: 3, .. })
    ));
    // Unnamed activities are shown by id.
    b.add_link(c, a, FS, Duration::ZERO).unwrap();
    b.add_link(a, c, FS, Duration::ZERO).unwrap();
    assert_eq!(
        b.build().unwrap_err().to_string(),
        "dependency cycle: a -> #1 -> a"
    );
}

#[test]
fn all_critical_paths_are_enumerated_up_to_the_limit() {
    // Two parallel equal branches, twice in series: 4 critical paths.
    let mut n = Net::new();
    let s0 = n.act("s", 1);
    let a1 = n.act("a1", 2);
    let b1 = n.act("b1", 2);
    let m = n.act("m", 1);
    let a2 = n.act("a2", 3);
    let b2 = n.act("b2", 3);
    let z = n.act("z", 0);
    for (p, q) in [
        (s0, a1),
        (s0, b1),
        (a1, m),
        (b1, m),
        (m, a2),
        (m, b2),
        (a2, z),
        (b2, z),
    ] {
        n.link(p, q, FS, 0);
    }
    let (_net, s) = n.run();
    let paths = s.critical_paths(100);
    assert_eq!(paths.len(), 4);
    assert_eq!(paths[0], [s0, a1, m, a2, z]);
    assert_eq!(s.critical_paths(3).len(), 3);
}

#[test]
fn from_arrays_and_workspace_agree_with_schedule() {
    let durations = [d(2), d(3), d(4)];
    let links = [
        (ActivityId::new(0), ActivityId::new(1), FS, Duration::ZERO),
        (ActivityId::new(0), ActivityId::new(2), SS, d(1)),
    ];
    let net = Network::from_arrays(&durations, &links).unwrap();
    let mut ws = planwright_schedule::Workspace::new();
    let pf = net.analyse(&mut ws).unwrap();
    assert_eq!(pf, d(5));
    assert_eq!(net.schedule().unwrap().project_finish(), pf);
    assert_eq!(net.key(ActivityId::new(2)).as_deref(), Some("#2"));
}
