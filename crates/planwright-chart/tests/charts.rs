//! The other charts, parsed and rendered: resource histogram, heat map,
//! tornado, criticality, finish distribution, EVM S-curves, cumulative
//! flow.

use chrono::{NaiveDate, NaiveDateTime};
use planwright_chart::{
    HistogramOptions, Period, Style, criticality, cumulative_flow, evm_s_curves,
    finish_distribution, heat_map, resource_histogram, tornado,
};
use planwright_core::{
    Board, Duration, EvmOptions, FlowOptions, Link, Money, Progress, Project, Resource, Task,
    Units, WorkItem, Workflow, earned_value, flow_metrics,
};
use planwright_risk::{
    Assessment, Dimension, DurationDist, ImpactInput, Risk, RiskEvent, RiskImpact, RiskRegister,
    Simulation, simulate,
};
use planwright_schedule::{Leveling, level, plan};

use crate::render::{render, title_and_desc};

fn at(m: u32, d: u32, h: u32) -> NaiveDateTime {
    NaiveDate::from_ymd_opt(2024, m, d)
        .unwrap()
        .and_hms_opt(h, 0, 0)
        .unwrap()
}

/// Every chart: valid SVG, inside its box, a title and a description,
/// under 200 KB, the same bytes twice.
fn check(svg: &str, again: &str) -> (String, String) {
    assert_eq!(svg, again, "same input, same bytes");
    assert!(svg.len() < 200_000, "{} bytes", svg.len());
    render(svg).assert_inside();
    title_and_desc(svg)
}

/// Ana on two tasks at once (over-allocated before leveling).
fn crowded() -> Project {
    let mut p = Project::new("crowded");
    p.set_start(at(3, 4, 8));
    let ana = p.add_resource(Resource::person("ana <x>")).unwrap();
    p.add_task(
        Task::new("a")
            .duration(Duration::days(3))
            .assign(ana, Units::FULL),
    )
    .unwrap();
    p.add_task(
        Task::new("b")
            .duration(Duration::days(2))
            .assign(ana, Units::FULL),
    )
    .unwrap();
    p
}

#[test]
fn histogram_marks_over_allocation_before_and_not_after() {
    let p = crowded();
    let lev = level(&p, Leveling::WithDelay).unwrap();
    let style = Style::default().size(800.0, 300.0);
    let opts = HistogramOptions::new()
        .style(style.clone())
        .period(Period::Daily);
    let svg = resource_histogram(&lev, "ana <x>", &opts).unwrap();
    let (title, desc) = check(&svg, &resource_histogram(&lev, "ana <x>", &opts).unwrap());
    assert_eq!(title, "Resource histogram of ana &lt;x&gt;");
    assert!(desc.contains("2 days over capacity"), "{desc}");
    // Before leveling: 16 h on the first two days, in the critical colour;
    // after: never above capacity.
    assert_eq!(svg.matches("fill=\"#d55e00\" class=\"before\"").count(), 2);
    assert_eq!(svg.matches("fill=\"#d55e00\" class=\"after\"").count(), 0);
    assert!(svg.contains("class=\"capacity\""));
    let weekly = HistogramOptions::new().style(style).period(Period::Weekly);
    check(
        &resource_histogram(&lev, "ana <x>", &weekly).unwrap(),
        &resource_histogram(&lev, "ana <x>", &weekly).unwrap(),
    );
    assert!(matches!(
        resource_histogram(&lev, "bob", &HistogramOptions::default()),
        Err(planwright_chart::Error::UnknownResource { .. })
    ));
}

#[test]
fn heat_map_cells_carry_band_colours_and_keys() {
    let mut reg = RiskRegister::default();
    let t0 = at(1, 5, 9);
    for (key, p, cost) in [
        ("vendor <late>", 0.7, 60_000),
        ("scope", 0.7, 60_000),
        ("flood", 0.05, 1_000),
    ] {
        let id = reg.add(Risk::threat(key), t0).unwrap();
        reg.assess(
            id,
            Assessment::new(t0, p).impact(Dimension::Cost, ImpactInput::Cost(Money::major(cost))),
        )
        .unwrap();
    }
    reg.add(Risk::threat("unassessed"), t0).unwrap();
    let style = Style::default().size(700.0, 500.0);
    let svg = heat_map(&reg, &style).unwrap();
    let (_, desc) = check(&svg, &heat_map(&reg, &style).unwrap());
    assert!(desc.starts_with("4 open risks on a 5 x 5"), "{desc}");
    assert!(svg.contains("vendor &lt;late&gt;"));
    assert!(svg.contains("1 not assessed"));
    // Probability 4, impact 4 is "critical" (the darkest band): the cell
    // holding two risks is drawn in it.
    let pic = render(&svg);
    let (left, top, bottom, right) = (110.0, 52.0, 500.0 - 48.0, 700.0 - 16.0);
    let (cw, ch) = ((right - left) / 5.0, (bottom - top) / 5.0);
    let cell = |p: f64, i: f64| pic.colour(left + (i - 0.9) * cw, bottom - (p - 0.1) * ch);
    assert_eq!(cell(4.0, 4.0), "#800026");
    assert_eq!(cell(1.0, 1.0), "#ffffcc");
}

fn simulated() -> (Project, planwright_risk::SimulationReport) {
    let mut p = Project::new("sim");
    p.set_start(at(3, 4, 8));
    let a = p
        .add_task(Task::new("design").three_point(
            Duration::days(2),
            Duration::days(3),
            Duration::days(6),
        ))
        .unwrap();
    let b = p
        .add_task(Task::new("build").three_point(
            Duration::days(4),
            Duration::days(5),
            Duration::days(9),
        ))
        .unwrap();
    let c = p
        .add_task(Task::new("docs").three_point(
            Duration::days(1),
            Duration::days(2),
            Duration::days(3),
        ))
        .unwrap();
    p.add_link(Link::finish_to_start(a, b)).unwrap();
    p.add_link(Link::finish_to_start(a, c)).unwrap();
    let sim = Simulation::new(&p)
        .seed(7)
        .iterations(2_000)
        .risk(RiskEvent::new(
            "vendor",
            0.3,
            vec![b],
            RiskImpact::Delay(DurationDist::triangular(
                Duration::days(1),
                Duration::days(2),
                Duration::days(5),
            )),
        ))
        .risk(RiskEvent::new(
            "<audit>",
            0.1,
            vec![c],
            RiskImpact::Delay(DurationDist::triangular(
                Duration::days(1),
                Duration::days(1),
                Duration::days(2),
            )),
        ));
    let r = simulate(&p, &sim).unwrap();
    (p, r)
}

#[test]
fn monte_carlo_pictures() {
    let (_, r) = simulated();
    let style = Style::default();
    let svg = tornado(&r, 10, &style).unwrap();
    let (_, desc) = check(&svg, &tornado(&r, 10, &style).unwrap());
    assert!(desc.starts_with("2 risk events"), "{desc}");
    assert!(svg.contains("&lt;audit&gt;"));
    assert_eq!(svg.matches("class=\"bar\"").count(), 2);
    let svg = criticality(&r, 2, &style).unwrap();
    check(&svg, &criticality(&r, 2, &style).unwrap());
    assert_eq!(svg.matches("class=\"bar\"").count(), 2, "the top two only");
    let deadline = r.finish_date(50).unwrap();
    let svg = finish_distribution(&r, Some(deadline), &style).unwrap();
    let (_, desc) = check(
        &svg,
        &finish_distribution(&r, Some(deadline), &style).unwrap(),
    );
    assert!(
        desc.contains("2000 iterations") && desc.contains("P80"),
        "{desc}"
    );
    assert!(desc.contains("finish by the deadline"), "{desc}");
    assert_eq!(svg.matches("class=\"bin\"").count(), r.histogram.len());
    assert_eq!(svg.matches("class=\"percentile\"").count(), 2);
    assert_eq!(svg.matches("class=\"deadline\"").count(), 1);
    // The S-curve ends at the top of the plot (100 %).
    assert!(svg.contains("class=\"cdf\""));
    // No risk events: an empty tornado that says so.
    let (p, _) = simulated();
    let plain = simulate(&p, &Simulation::new(&p).seed(1).iterations(200)).unwrap();
    let svg = tornado(&plain, 10, &style).unwrap();
    check(&svg, &tornado(&plain, 10, &style).unwrap());
    assert!(svg.contains(">nothing to show<") && !svg.contains("class=\"bar\""));
}

#[test]
fn earned_value_curves() {
    let mut p = Project::new("evm");
    p.set_start(at(3, 4, 8));
    let ana = p
        .add_resource(Resource::person("ana").rate(Money::major(100)))
        .unwrap();
    let a = p
        .add_task(
            Task::new("a")
                .duration(Duration::days(4))
                .assign(ana, Units::FULL),
        )
        .unwrap();
    let b = p
        .add_task(
            Task::new("b")
                .duration(Duration::days(4))
                .assign(ana, Units::FULL),
        )
        .unwrap();
    p.add_link(Link::finish_to_start(a, b)).unwrap();
    let pl = plan(&p).unwrap();
    let base = pl.baseline(&p, "plan", at(3, 1, 9)).unwrap();
    p.add_baseline(base).unwrap();
    let mut pr = Progress::started(at(3, 4, 8), 50);
    pr.actual_cost = Some(Money::major(2_400));
    p.update_task(a, |t| t.progress = pr).unwrap();
    p.set_status_date(Some(at(3, 6, 17))).unwrap();
    let evm = earned_value(&p, EvmOptions::new()).unwrap();
    let style = Style::default();
    let svg = evm_s_curves(&evm, &style).unwrap();
    let (_, desc) = check(&svg, &evm_s_curves(&evm, &style).unwrap());
    assert!(desc.contains("BAC 6400.00"), "{desc}");
    for class in ["pv", "ev", "ac", "bac", "eac", "status"] {
        assert_eq!(
            svg.matches(&format!("class=\"{class}\"")).count(),
            1,
            "{class}"
        );
    }
}

#[test]
fn cumulative_flow_stacks_every_state() {
    let wf = Workflow::kanban();
    let s = |k: &str| wf.state_id(k).unwrap();
    let (ready, doing, review, done) = (s("ready"), s("doing"), s("review"), s("done"));
    let mut board = Board::new("ops", wf);
    for i in 0..6u32 {
        let id = board
            .add_item(WorkItem::new(format!("OPS-{i}")), at(3, 4, 9))
            .unwrap();
        if i < 4 {
            board.move_item(id, ready, at(3, 5 + i, 9)).unwrap();
            board.move_item(id, doing, at(3, 5 + i, 10)).unwrap();
        }
        if i < 2 {
            board.move_item(id, review, at(3, 8 + i, 9)).unwrap();
            board.move_item(id, done, at(3, 8 + i, 10)).unwrap();
        }
    }
    let m = flow_metrics(
        &board,
        NaiveDate::from_ymd_opt(2024, 3, 4).unwrap(),
        NaiveDate::from_ymd_opt(2024, 3, 12).unwrap(),
        at(3, 13, 9),
        &FlowOptions::for_board(&board),
        None,
    )
    .unwrap();
    let style = Style::default();
    let svg = cumulative_flow(&m, board.workflow(), &style).unwrap();
    let (title, desc) = check(
        &svg,
        &cumulative_flow(&m, board.workflow(), &style).unwrap(),
    );
    assert_eq!(title, "Cumulative flow of kanban");
    assert!(desc.contains("over 9 days"), "{desc}");
    assert_eq!(
        svg.matches("class=\"band\"").count(),
        board.workflow().states().count()
    );
    // Metrics from another workflow do not fit.
    let mut other = Workflow::kanban();
    other
        .add_state("extra", planwright_core::StateCategory::InProgress)
        .unwrap();
    assert!(cumulative_flow(&m, &other, &style).is_err());
}

#[test]
fn throughput_fan_widens_with_the_history_spread() {
    use planwright_chart::throughput_fan;
    use planwright_core::Calendar;
    use planwright_risk::{Forecast, ThroughputHistory};
    let monday = NaiveDate::from_ymd_opt(2024, 3, 4).unwrap();
    let cal = Calendar::standard("office");
    let f = Forecast::new().iterations(2_000).seed(3);
    let style = Style::default();
    // Two items every working day: no spread, 10 a week.
    let steady = ThroughputHistory::new(vec![2; 20]).unwrap();
    let svg = throughput_fan(&steady, monday, 4, &cal, &f, &style).unwrap();
    let (_, desc) = check(
        &svg,
        &throughput_fan(&steady, monday, 4, &cal, &f, &style).unwrap(),
    );
    assert_eq!(
        desc,
        "Items done from 2024-03-04 to 2024-03-31: at least 40 with 85 % confidence, 40 with 50 %, at most 40 with 95 %"
    );
    assert!(svg.contains("class=\"median\"") && svg.contains("class=\"band-70\""));
    // A spread history: the fan opens.
    let spread = ThroughputHistory::new(vec![0, 4, 1, 3, 2]).unwrap();
    let svg = throughput_fan(&spread, monday, 8, &cal, &f, &style).unwrap();
    let (_, desc) = check(
        &svg,
        &throughput_fan(&spread, monday, 8, &cal, &f, &style).unwrap(),
    );
    let numbers: Vec<u32> = desc
        .split(|c: char| !c.is_ascii_digit())
        .filter_map(|w| w.parse().ok())
        .collect();
    // ... at least A with 85 %, B with 50 %, at most C with 95 %.
    let (a, b, c) = (
        numbers[numbers.len() - 6],
        numbers[numbers.len() - 4],
        numbers[numbers.len() - 2],
    );
    assert!(a < b && b < c, "{desc}");
    assert!(throughput_fan(&spread, monday, 0, &cal, &f, &style).is_err());
}
