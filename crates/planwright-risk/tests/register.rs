use std::collections::BTreeMap;

use planwright_core::{Duration, Money, Phase};
use planwright_risk::{
    Action, ActionStatus, Aggregation, Alert, Assessment, Dimension, Error, Filter, ImpactInput,
    Matrix, Response, Risk, RiskKind, RiskLink, RiskRegister, RiskStatus, Scale, ScoringPolicy,
    SortBy, Strategy, TrackOptions,
};
use proptest::prelude::{ProptestConfig, any, prop, prop_assert, prop_assert_eq, proptest};

use crate::dt;

fn cost(p: f64, major: i64) -> Assessment {
    Assessment::new(dt(2026, 1, 5), p)
        .impact(Dimension::Cost, ImpactInput::Cost(Money::major(major)))
}

#[test]
fn hand_checked_scores_bands_emv_and_reserve() {
    let pol = ScoringPolicy::standard();
    let e = pol
        .evaluate("a", RiskKind::Threat, &cost(0.3, 30_000))
        .unwrap();
    assert_eq!(
        (e.probability_level, e.impact_level, e.score, e.band),
        (2, 3, 6, 1)
    ); // medium
    assert_eq!(e.emv, Money::major(-9_000));
    let e = pol
        .evaluate("b", RiskKind::Opportunity, &cost(0.9, 200_000))
        .unwrap();
    assert_eq!((e.score, e.band, e.emv), (25, 3, Money::major(180_000)));
    // The worst dimension drives the score; time gives an expected delay.
    let a = Assessment::with_level(dt(2026, 1, 5), 3)
        .impact(Dimension::Cost, ImpactInput::Level(1))
        .impact(Dimension::Time, ImpactInput::Time(Duration::days(12)));
    let e = pol.evaluate("c", RiskKind::Threat, &a).unwrap();
    assert_eq!((e.impact_level, e.score), (4, 12));
    assert_eq!(e.emv, Money::major(-1_250)); // 0.5 x 2,500 (level 1's representative cost)
    assert_eq!(e.expected_delay, Duration::days(6));

    let mut reg = RiskRegister::default();
    let t = reg
        .add(Risk::threat("t").category("tech"), dt(2026, 1, 5))
        .unwrap();
    let o = reg
        .add(Risk::opportunity("o").category("market"), dt(2026, 1, 5))
        .unwrap();
    reg.assess(t, cost(0.5, 40_000)).unwrap();
    reg.assess(o, cost(0.5, 10_000)).unwrap();
    assert_eq!(reg.total_exposure().unwrap(), Money::major(-15_000));
    let by = reg.exposure_by_category().unwrap();
    assert_eq!(by["tech"], Money::major(-20_000));
    assert_eq!(by["market"], Money::major(5_000));
    reg.transition(t, RiskStatus::Analysed, dt(2026, 1, 6))
        .unwrap();
    let resp = Response::new(Strategy::Mitigate, "second supplier").action(
        Action::new("sign", "sign contract", "ana", dt(2026, 1, 20).date())
            .unwrap()
            .cost(Money::major(3_000)),
    );
    reg.add_response(t, resp).unwrap();
    // 15,000 net expected loss + 3,000 of planned response cost.
    assert_eq!(reg.contingency_reserve().unwrap(), Money::major(18_000));
}

use planwright_core::chrono::NaiveDate;

#[test]
fn weighted_aggregation_and_asymmetric_matrix() {
    let mut m = Matrix::from_score_bands(3, 3, &[("green", 1), ("amber", 3), ("red", 6)]).unwrap();
    // Asymmetric: high impact is always red.
    m.set_cell(1, 3, "red").unwrap();
    let impacts = BTreeMap::from([
        (
            Dimension::Cost,
            Scale::from_triples(&[
                ("l", 1.0, 10.0),
                ("m", 50.0, 100.0),
                ("h", 500.0, f64::INFINITY),
            ])
            .unwrap(),
        ),
        (
            Dimension::Quality,
            Scale::from_triples(&[("l", 0.1, 0.3), ("m", 0.5, 0.7), ("h", 0.9, 1.0)]).unwrap(),
        ),
    ]);
    let weights = BTreeMap::from([(Dimension::Cost, 3.0), (Dimension::Quality, 1.0)]);
    let prob = Scale::from_triples(&[
        ("rare", 0.1, 0.3),
        ("possible", 0.5, 0.7),
        ("likely", 0.9, 1.0),
    ])
    .unwrap();
    let pol = ScoringPolicy::new(prob, impacts, Aggregation::Weighted(weights), m).unwrap();
    let a = Assessment::with_level(dt(2026, 1, 5), 1)
        .impact(Dimension::Cost, ImpactInput::Level(3))
        .impact(Dimension::Quality, ImpactInput::Level(1));
    let e = pol.evaluate("x", RiskKind::Threat, &a).unwrap();
    assert_eq!(e.impact_level, 3); // (3*3 + 1*1) / 4 = 2.5 -> 3
    assert_eq!(pol.matrix().bands()[usize::from(e.band)], "red");
    assert!(matches!(
        Matrix::from_score_bands(3, 3, &[("a", 2)]),
        Err(Error::InvalidPolicy { .. })
    ));
    assert!(
        ScoringPolicy::new(
            Scale::probability_1_to_5(),
            BTreeMap::from([(Dimension::Cost, Scale::cost_1_to_5())]),
            Aggregation::Worst,
            Matrix::from_score_bands(3, 3, &[("a", 1)]).unwrap()
        )
        .is_err()
    );
}

#[test]
fn lifecycle_is_guarded_and_history_kept() {
    let mut reg = RiskRegister::default();
    let r = reg
        .add(
            Risk::threat("r")
                .owner("ana")
                .link(RiskLink::Phase(Phase::Execution)),
            dt(2026, 1, 1),
        )
        .unwrap();
    let err = reg
        .transition(r, RiskStatus::Analysed, dt(2026, 1, 2))
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "risk `r` cannot move to analysed: it has no assessment"
    );
    let err = reg
        .transition(r, RiskStatus::Monitoring, dt(2026, 1, 2))
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "risk `r` cannot move from identified to monitoring"
    );
    reg.assess(r, cost(0.5, 10_000)).unwrap();
    reg.transition(r, RiskStatus::Analysed, dt(2026, 1, 6))
        .unwrap();
    assert!(matches!(
        reg.transition(r, RiskStatus::ResponsePlanned, dt(2026, 1, 6)),
        Err(Error::GuardFailed { .. })
    ));
    let err = reg
        .add_response(r, Response::new(Strategy::Exploit, "x"))
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "risk `r` is a threat; strategy exploit is for the other kind"
    );
    reg.add_response(r, Response::new(Strategy::Transfer, "insure"))
        .unwrap();
    reg.transition(r, RiskStatus::ResponsePlanned, dt(2026, 1, 7))
        .unwrap();
    reg.transition(r, RiskStatus::Monitoring, dt(2026, 1, 8))
        .unwrap();
    assert!(matches!(
        reg.transition(r, RiskStatus::Closed, dt(2026, 1, 7)),
        Err(Error::TimeWentBackwards { .. })
    ));
    reg.occur(r, dt(2026, 2, 1), "the vendor went bankrupt")
        .unwrap();
    let risk = reg.risk(r).unwrap();
    assert_eq!(risk.status(), RiskStatus::Occurred);
    assert_eq!(risk.issue().unwrap().at, dt(2026, 2, 1));
    assert!(reg.reopen(r, dt(2026, 2, 2)).is_err());
    reg.transition(r, RiskStatus::Closed, dt(2026, 3, 1))
        .unwrap();
    reg.reopen(r, dt(2026, 3, 2)).unwrap();
    let h = reg.risk(r).unwrap().history();
    assert_eq!(h.len(), 7);
    assert!(h.windows(2).all(|w| w[0].at <= w[1].at));
    assert_eq!(
        reg.filter(&Filter::new().link(RiskLink::Phase(Phase::Execution)))
            .unwrap(),
        [r]
    );
    assert_eq!(
        reg.filter(&Filter::new().kind(RiskKind::Opportunity))
            .unwrap(),
        []
    );
}

#[test]
fn tracking_alerts_trend_and_burndown() {
    let mut reg = RiskRegister::default();
    let a = reg
        .add(
            Risk::threat("a")
                .owner("ana")
                .proximity(NaiveDate::from_ymd_opt(2026, 2, 10).unwrap()),
            dt(2026, 1, 1),
        )
        .unwrap();
    let b = reg.add(Risk::threat("b"), dt(2026, 1, 1)).unwrap();
    let c = reg
        .add(Risk::opportunity("c").owner("ben"), dt(2026, 1, 1))
        .unwrap();
    reg.assess(a, cost(0.3, 10_000)).unwrap();
    let later = Assessment::new(dt(2026, 1, 20), 0.7)
        .impact(Dimension::Cost, ImpactInput::Cost(Money::major(60_000)));
    reg.assess(a, later).unwrap();
    reg.assess(b, cost(0.9, 200_000)).unwrap();
    reg.assess(c, cost(0.5, 10_000)).unwrap();
    let residual = Assessment::new(dt(2026, 1, 20), 0.9)
        .impact(Dimension::Cost, ImpactInput::Cost(Money::major(200_000)));
    let resp = Response::new(Strategy::Mitigate, "m")
        .action(
            Action::new(
                "x",
                "do x",
                "ana",
                NaiveDate::from_ymd_opt(2026, 1, 25).unwrap(),
            )
            .unwrap(),
        )
        .action(
            Action::new(
                "y",
                "do y",
                "ana",
                NaiveDate::from_ymd_opt(2026, 1, 25).unwrap(),
            )
            .unwrap(),
        )
        .residual(residual);
    let ri = reg.add_response(a, resp).unwrap();
    reg.set_action_status(a, ri, "y", ActionStatus::Done)
        .unwrap();
    assert!(matches!(
        reg.set_action_status(a, ri, "z", ActionStatus::Done),
        Err(Error::UnknownItem { .. })
    ));
    let alerts = reg.track(dt(2026, 2, 1), TrackOptions::default()).unwrap();
    let text: Vec<String> = alerts.iter().map(ToString::to_string).collect();
    assert_eq!(
        text,
        [
            "`a`: action `x` (ana) is 7 days overdue",
            "`a` rose from 4 to 16 since the last review",
            "`a`: response 1 leaves a residual score of 25, not below 16",
            "`a` may occur on 2026-02-10 (in 9 days)",
            "`b` has no owner",
            "`b` scores 25 and has no response",
        ]
    );
    assert!(matches!(alerts[0], Alert::OverdueAction { days: 7, .. }));
    assert_eq!(
        reg.trend(a).unwrap(),
        [(dt(2026, 1, 5), 4), (dt(2026, 1, 20), 16)]
    );
    assert_eq!(reg.top(2, SortBy::Score).unwrap(), [b, a]);
    assert_eq!(
        reg.sorted(&[a, b, c], SortBy::Proximity).unwrap(),
        [a, b, c]
    );
    // Burndown: before any assessment nothing; after b occurs it drops out.
    reg.occur(b, dt(2026, 2, 3), "it happened").unwrap();
    let d = |m, day| NaiveDate::from_ymd_opt(2026, m, day).unwrap();
    let burn = reg
        .exposure_over_time(&[d(1, 1), d(1, 10), d(1, 25), d(2, 5)])
        .unwrap();
    assert_eq!(burn[0].1, Money::ZERO);
    assert_eq!(burn[1].1, Money::major(-3_000 - 180_000 + 5_000));
    assert_eq!(burn[2].1, Money::major(-42_000 - 180_000 + 5_000));
    assert_eq!(burn[3].1, Money::major(-42_000 + 5_000));
}
#[test]
fn secondary_risks_and_serde() {
    let mut reg = RiskRegister::default();
    let r = reg
        .add(
            Risk::threat("r").title("Key engineer leaves"),
            dt(2026, 1, 1),
        )
        .unwrap();
    let i = reg
        .add_response(r, Response::new(Strategy::Transfer, "contractor"))
        .unwrap();
    let s = reg
        .add_secondary(r, i, Risk::threat("contractor-quality"), dt(2026, 1, 2))
        .unwrap();
    assert_eq!(reg.risk(s).unwrap().origin(), Some((r, i)));
    assert_eq!(reg.risk(r).unwrap().responses()[0].secondary, [s]);
    assert!(
        reg.add_secondary(r, 5, Risk::threat("x"), dt(2026, 1, 2))
            .is_err()
    );
    assert!(matches!(
        reg.add(Risk::threat("r"), dt(2026, 1, 2)),
        Err(Error::DuplicateKey { .. })
    ));
    reg.assess(r, cost(0.4, 70_000)).unwrap();
    #[cfg(feature = "serde")]
    {
        let json = serde_json::to_string(&reg).unwrap();
        let back: RiskRegister = serde_json::from_str(&json).unwrap();
        assert_eq!(back, reg);
    }
}

fn p_input() -> impl proptest::strategy::Strategy<Value = f64> {
    0.0f64..=1.0
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn score_is_monotone(p1 in p_input(), p2 in p_input(), c1 in 0i64..400_000, c2 in 0i64..400_000, d1 in 0i64..40, d2 in 0i64..40) {
        let pol = ScoringPolicy::standard();
        let mk = |p, c, d| Assessment::new(dt(2026, 1, 5), p)
            .impact(Dimension::Cost, ImpactInput::Cost(Money::major(c)))
            .impact(Dimension::Time, ImpactInput::Time(Duration::days(d)));
        let lo = pol.evaluate("x", RiskKind::Threat, &mk(p1.min(p2), c1.min(c2), d1.min(d2))).unwrap();
        let hi = pol.evaluate("x", RiskKind::Threat, &mk(p1.max(p2), c1.max(c2), d1.max(d2))).unwrap();
        prop_assert!(lo.score <= hi.score);
        prop_assert!(lo.band <= hi.band);
        prop_assert!(lo.emv >= hi.emv); // threats: more negative when bigger
    }

    /// Random operations: the heat map holds exactly the open risks, the
    /// exposure is the sum of their EMVs, histories stay ordered and only
    /// follow allowed moves; nothing panics on arbitrary inputs.
    #[test]
    fn register_invariants(ops in prop::collection::vec((0usize..6, 0u8..8, any::<f64>(), -10i64..300_000, 0i64..3), 0..60)) {
        let mut reg = RiskRegister::default();
        let mut now = dt(2026, 1, 1);
        for k in 0..6 {
            let r = if k % 2 == 0 { Risk::threat(format!("r{k}")) } else { Risk::opportunity(format!("r{k}")) };
            reg.add(r.category(if k < 3 { "a" } else { "b" }), now).unwrap();
        }
        let statuses = [RiskStatus::Identified, RiskStatus::Analysed, RiskStatus::ResponsePlanned, RiskStatus::Monitoring, RiskStatus::Occurred, RiskStatus::Closed];
        for (risk, op, p, c, step) in ops {
            now += chrono::Duration::days(step);
            let id = reg.id(&format!("r{risk}")).unwrap();
            let _ = match op {
                0 | 1 => reg.assess(id, Assessment::new(now, p).impact(Dimension::Cost, ImpactInput::Cost(Money::major(c)))).map(|_| ()),
                2 => reg.add_response(id, Response::new(if risk % 2 == 0 { Strategy::Mitigate } else { Strategy::Enhance }, "r")).map(|_| ()),
                3 => reg.occur(id, now, "x"),
                4 => reg.reopen(id, now),
                s => reg.transition(id, statuses[(usize::from(s) + risk) % 6], now),
            };
        }
        let open = reg.filter(&Filter::open()).unwrap();
        prop_assert_eq!(reg.heat_map().unwrap().count(), open.len());
        let sum = open.iter().fold(Money::ZERO, |acc, &id| acc.saturating_add(reg.evaluation(id).unwrap().map_or(Money::ZERO, |e| e.emv)));
        prop_assert_eq!(reg.total_exposure().unwrap(), sum);
        for (_, r) in reg.risks() {
            let h = r.history();
            prop_assert!(h.windows(2).all(|w| w[0].at <= w[1].at));
            prop_assert_eq!(h.last().unwrap().to, r.status());
            prop_assert!(r.assessments().windows(2).all(|w| w[0].at <= w[1].at));
            for w in h.windows(2) {
                let (a, b) = (w[0].to, w[1].to);
                let ok = matches!((a, b),
                    (RiskStatus::Identified, RiskStatus::Analysed) | (RiskStatus::Identified, RiskStatus::Closed)
                    | (RiskStatus::Analysed, RiskStatus::ResponsePlanned) | (RiskStatus::Analysed, RiskStatus::Closed)
                    | (RiskStatus::ResponsePlanned, RiskStatus::Monitoring) | (RiskStatus::ResponsePlanned, RiskStatus::Analysed)
                    | (RiskStatus::Monitoring, RiskStatus::Closed) | (RiskStatus::Monitoring, RiskStatus::ResponsePlanned)
                    | (RiskStatus::Occurred, RiskStatus::Closed) | (RiskStatus::Closed, RiskStatus::Identified))
                    || (a.is_open() && b == RiskStatus::Occurred);
                prop_assert!(ok, "{:?} -> {:?}", a, b);
            }
        }
        #[cfg(feature = "serde")]
        {
            let back: RiskRegister = serde_json::from_str(&serde_json::to_string(&reg).unwrap()).unwrap();
            prop_assert_eq!(back, reg);
        }
    }
}
