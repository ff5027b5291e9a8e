//! Hostile inputs: tampered registers, policies and histories read through
//! serde, extreme settings. Each ends in a typed error or a value the API
//! could have built; nothing panics.

use planwright_core::chrono::NaiveDate;
use planwright_core::{Calendar, Money};
use planwright_risk::{
    Action, Assessment, Dimension, Error, Forecast, ImpactInput, Response, Risk, RiskRegister,
    RiskStatus, SortBy, Strategy, ThroughputHistory, TrackOptions,
};

use crate::dt;

/// A register touching every part: assessments, responses with actions and
/// residuals, a secondary risk, an occurrence, a closed and reopened risk.
fn rich_register() -> RiskRegister {
    let mut reg = RiskRegister::default();
    let a = reg
        .add(
            Risk::threat("a").category("tech").owner("ana"),
            dt(2026, 1, 5),
        )
        .unwrap();
    let b = reg
        .add(Risk::opportunity("b").category("market"), dt(2026, 1, 5))
        .unwrap();
    let cost = |p, m| {
        Assessment::new(dt(2026, 1, 6), p)
            .impact(Dimension::Cost, ImpactInput::Cost(Money::major(m)))
    };
    reg.assess(a, cost(0.5, 40_000)).unwrap();
    reg.assess(b, cost(0.3, 10_000)).unwrap();
    reg.transition(a, RiskStatus::Analysed, dt(2026, 1, 7))
        .unwrap();
    let resp = Response::new(Strategy::Mitigate, "second supplier").action(
        Action::new("sign", "sign the contract", "ana", dt(2026, 1, 20).date())
            .unwrap()
            .cost(Money::major(3_000)),
    );
    let i = reg.add_response(a, resp).unwrap();
    reg.add_secondary(a, i, Risk::threat("c"), dt(2026, 1, 8))
        .unwrap();
    reg.transition(a, RiskStatus::ResponsePlanned, dt(2026, 1, 9))
        .unwrap();
    reg.occur(b, dt(2026, 1, 10), "it happened").unwrap();
    reg.transition(b, RiskStatus::Closed, dt(2026, 1, 11))
        .unwrap();
    reg.reopen(b, dt(2026, 1, 12)).unwrap();
    reg
}

/// Everything a caller can ask a register.
fn exercise(reg: &RiskRegister) {
    let _ = reg.heat_map();
    let _ = reg.top(5, SortBy::Score);
    let _ = reg.top(5, SortBy::Emv);
    let _ = reg.top(5, SortBy::Proximity);
    let _ = reg.track(dt(2026, 3, 1), TrackOptions::default());
    let _ = reg.total_exposure();
    let _ = reg.exposure_by_category();
    let _ = reg.contingency_reserve();
    let d = |m, day| NaiveDate::from_ymd_opt(2026, m, day).unwrap();
    let _ = reg.exposure_over_time(&[d(1, 1), d(2, 1)]);
    for (id, _) in reg.risks() {
        let _ = reg.evaluation(id);
        let _ = reg.trend(id);
        let _ = reg.band(id);
    }
}

#[test]
fn a_register_read_back_is_one_the_api_could_have_built() {
    let reg = rich_register();
    exercise(&reg);
    let doc = serde_json::to_value(&reg).unwrap();
    assert_eq!(
        serde_json::from_value::<RiskRegister>(doc.clone()).unwrap(),
        reg
    );
    // Every single mutation either is refused or gives a register on which
    // every query answers without panicking.
    let mut accepted = 0;
    for pick in 0..600u64 {
        for step in [0, 1, 2, 3, 4, 5, 7, 13] {
            let bad = planwright_testing::mutate_json(&doc, pick * 7919, step);
            if let Ok(r) = serde_json::from_value::<RiskRegister>(bad) {
                accepted += 1;
                exercise(&r);
            }
        }
    }
    assert!(accepted > 0, "some mutations (titles, owners) are harmless");
}

#[test]
fn a_matrix_smaller_than_its_scales_is_refused() {
    let mut doc = serde_json::to_value(RiskRegister::default()).unwrap();
    doc["policy"]["matrix"]["cells"]
        .as_array_mut()
        .unwrap()
        .truncate(2);
    let err = serde_json::from_value::<RiskRegister>(doc).unwrap_err();
    assert!(err.to_string().contains("the matrix is 2x5"), "{err}");
}

#[test]
fn an_impossible_history_is_refused() {
    let mut doc = serde_json::to_value(rich_register()).unwrap();
    // Risk "a" jumps from identified straight to monitoring.
    doc["risks"][0]["history"][1]["to"] = serde_json::json!("Monitoring");
    let err = serde_json::from_value::<RiskRegister>(doc).unwrap_err();
    assert!(
        err.to_string().contains("risk `a` is inconsistent"),
        "{err}"
    );
    let mut doc = serde_json::to_value(rich_register()).unwrap();
    doc["risks"][2]["origin"] = serde_json::json!([7, 0]);
    assert!(serde_json::from_value::<RiskRegister>(doc).is_err());
}

#[test]
fn empty_histories_and_extreme_forecasts_are_errors() {
    assert!(matches!(
        ThroughputHistory::new(vec![]),
        Err(Error::InvalidForecast { .. })
    ));
    assert!(serde_json::from_str::<ThroughputHistory>("[]").is_err());
    assert!(serde_json::from_str::<ThroughputHistory>("[0, 0, 0]").is_err());
    let h = ThroughputHistory::new(vec![0, 0, 0, 1]).unwrap();
    let cal = Calendar::standard("std");
    let monday = NaiveDate::from_ymd_opt(2026, 3, 2).unwrap();
    // A backlog the throughput cannot clear within the day limit: an error,
    // not an endless loop.
    let mut f = Forecast::new();
    f.max_days = 1_000;
    f.iterations = 200;
    assert!(matches!(
        h.when(u32::MAX, monday, &cal, &f),
        Err(Error::InvalidForecast { .. })
    ));
    let far = NaiveDate::from_ymd_opt(262_000, 1, 1).unwrap();
    assert!(h.how_many(monday, far, &cal, &f).is_err());
}

#[test]
fn tracking_thousands_of_deadlines_over_many_iterations_is_refused_early() {
    use planwright_core::{Duration, Project, Task};
    use planwright_risk::{MAX_TRACKED_VALUES, Simulation, simulate};
    let mut p = Project::new("p");
    p.set_start(dt(2026, 3, 2));
    for i in 0..2_000 {
        p.add_task(
            Task::new(format!("t{i}"))
                .duration(Duration::days(1))
                .deadline(dt(2026, 4, 1)),
        )
        .unwrap();
    }
    let sim = Simulation::new(&p).iterations(100_000);
    assert_eq!(sim.track.len(), 2_000);
    let (r, peak) = planwright_testing::peak_bytes(256 << 20, || simulate(&p, &sim));
    let err = r.unwrap_err();
    assert!(
        err.to_string()
            .contains(&format!("the limit of {MAX_TRACKED_VALUES}")),
        "{err}"
    );
    assert!(peak < 64 << 20, "peak {peak}");
    // Tracking fewer tasks works.
    let mut fewer = sim.clone().iterations(2_000);
    fewer.track.truncate(10);
    assert_eq!(simulate(&p, &fewer).unwrap().tracked.len(), 10);
}
