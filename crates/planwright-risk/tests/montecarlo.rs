//! Monte Carlo schedule risk analysis and throughput forecasting: analytic
//! checks with tolerances derived from the iteration count, invariants,
//! errors and pinned regression values.

use planwright_core::chrono::NaiveDate;
use planwright_core::{Calendar, Duration, Link, Money, Project, Resource, Task, TaskId, Units};
use planwright_risk::{
    Correlation, DurationDist, Error, Forecast, RiskEvent, RiskImpact, Simulation,
    ThroughputHistory, simulate,
};
use proptest::prelude::{ProptestConfig, prop, prop_assert, proptest};

use crate::dt;

const N: u32 = 20_000;

fn m(x: i64) -> Duration {
    Duration::minutes(x)
}

fn project() -> Project {
    let mut p = Project::new("p");
    p.set_start(dt(2026, 3, 2)); // a Monday, 09:00
    p
}

fn task(p: &mut Project, key: &str, minutes: i64) -> TaskId {
    p.add_task(Task::new(key).duration(m(minutes))).unwrap()
}

/// Four standard errors of a mean of `N` draws with standard deviation `sd`.
fn tol(sd: f64) -> f64 {
    4.0 * sd / f64::from(N).sqrt()
}

fn tri_moments(a: f64, c: f64, b: f64) -> (f64, f64) {
    (
        (a + b + c) / 3.0,
        (a * a + b * b + c * c - a * b - a * c - b * c) / 18.0,
    )
}

#[test]
fn one_triangular_task_has_mean_a_plus_b_plus_c_over_three() {
    let mut p = project();
    let t = task(&mut p, "t", 300);
    let sim = Simulation::new(&p)
        .iterations(N)
        .seed(3)
        .uncertainty(t, DurationDist::triangular(m(120), m(180), m(420)));
    let r = simulate(&p, &sim).unwrap();
    let (mean, var) = tri_moments(120.0, 180.0, 420.0);
    assert!(
        (r.finish.mean - mean).abs() < tol(var.sqrt()),
        "{} vs {mean}",
        r.finish.mean
    );
    assert!((r.finish.std_dev - var.sqrt()).abs() < 0.03 * var.sqrt());
    assert!(r.finish.min >= 120.0 && r.finish.max <= 420.0);
    let tr = &r.tasks[0];
    assert_eq!(tr.criticality, 1.0);
    assert!((tr.mean - r.finish.mean).abs() < 1e-6);
    // The finish is the duration: rank correlation and cruciality are 1.
    assert!(tr.sensitivity > 0.999, "{}", tr.sensitivity);
    assert!(tr.cruciality > 0.999 && (tr.ssi - 1.0).abs() < 1e-6);
    // The triangular CDF at the mode is (c - a) / (b - a) = 0.2.
    assert!(
        (r.probability_by_offset(180.0) - 0.2).abs() < 4.0 * (0.2f64 * 0.8 / f64::from(N)).sqrt()
    );
}

/// PERT(2, 5, 12) days against the exact beta moments over 20 seeds ×
/// 100,000 iterations: the pooled mean and standard deviation must be
/// within four standard errors (derived from the iteration count and the
/// beta's kurtosis, about 0.07 % and 0.18 %). The former 257-knot table was
/// 0.32 % too wide and fails this.
#[test]
fn pert_draws_have_the_exact_beta_mean_and_standard_deviation() {
    const SEEDS: u64 = 20;
    const ITER: u32 = 100_000;
    let (lo, mode, hi): (f64, f64, f64) = (2.0 * 480.0, 5.0 * 480.0, 12.0 * 480.0);
    let (a, b) = (
        1.0 + 4.0 * (mode - lo) / (hi - lo),
        1.0 + 4.0 * (hi - mode) / (hi - lo),
    );
    let n = a + b;
    let mean = lo + (hi - lo) * a / n;
    let sd = (hi - lo) * (a * b / (n * n * (n + 1.0))).sqrt();
    let excess =
        6.0 * ((a - b).powi(2) * (n + 1.0) - a * b * (n + 2.0)) / (a * b * (n + 2.0) * (n + 3.0));
    let draws = (SEEDS * u64::from(ITER)) as f64;
    let se_mean = sd / draws.sqrt();
    let se_sd = sd * ((excess + 2.0) / (4.0 * draws)).sqrt();
    let mut p = project();
    let t = task(&mut p, "t", 2_400);
    let dist = DurationDist::pert(m(960), m(2_400), m(5_760));
    let (mut sum_mean, mut sum_sd) = (0.0, 0.0);
    for seed in 0..SEEDS {
        let sim = Simulation::new(&p)
            .iterations(ITER)
            .seed(seed)
            .uncertainty(t, dist.clone());
        let r = simulate(&p, &sim).unwrap();
        sum_mean += r.finish.mean;
        sum_sd += r.finish.std_dev;
    }
    let (got_mean, got_sd) = (sum_mean / SEEDS as f64, sum_sd / SEEDS as f64);
    assert!(
        (got_mean - mean).abs() < 4.0 * se_mean,
        "mean {got_mean} vs {mean} ± {se_mean}"
    );
    assert!(
        (got_sd - sd).abs() < 4.0 * se_sd,
        "sd {got_sd} vs {sd} ± {se_sd}"
    );
}

#[test]
fn tasks_in_series_add_means_and_variances() {
    let mut p = project();
    let a = task(&mut p, "a", 100);
    let b = task(&mut p, "b", 100);
    let c = task(&mut p, "c", 100);
    p.add_link(Link::finish_to_start(a, b)).unwrap();
    p.add_link(Link::finish_to_start(b, c)).unwrap();
    let sim = Simulation::new(&p)
        .iterations(N)
        .seed(11)
        .uncertainty(a, DurationDist::triangular(m(60), m(90), m(240)))
        .uncertainty(
            b,
            DurationDist::Uniform {
                min: m(100),
                max: m(300),
            },
        )
        .uncertainty(c, DurationDist::pert(m(30), m(60), m(150)));
    let r = simulate(&p, &sim).unwrap();
    let (ma, va) = tri_moments(60.0, 90.0, 240.0);
    let (mb, vb) = (200.0, 200.0f64 * 200.0 / 12.0);
    let mc = (30.0 + 4.0 * 60.0 + 150.0) / 6.0;
    let vc = (mc - 30.0) * (150.0 - mc) / 7.0;
    let (mean, var) = (ma + mb + mc, va + vb + vc);
    assert!(
        (r.finish.mean - mean).abs() < tol(var.sqrt()),
        "{} vs {mean}",
        r.finish.mean
    );
    // The sample variance of N draws: relative standard error about sqrt(2 / N).
    let v = r.finish.std_dev * r.finish.std_dev;
    assert!(
        (v - var).abs() < 5.0 * (2.0 / f64::from(N)).sqrt() * var,
        "{v} vs {var}"
    );
    for t in &r.tasks {
        assert_eq!(t.criticality, 1.0, "{}", t.key);
    }
    // The widest distribution drives the finish most.
    let sens: Vec<f64> = r.tasks.iter().map(|t| t.sensitivity).collect();
    assert!(sens[1] > sens[0] && sens[0] > sens[2], "{sens:?}");
    // The PERT task's sampled moments match the beta's.
    assert!((r.tasks[2].mean - mc).abs() < tol(vc.sqrt()));
}

#[test]
fn two_identical_parallel_tasks_show_merge_bias() {
    let mut p = project();
    let a = task(&mut p, "a", 100);
    let b = task(&mut p, "b", 100);
    let z = p.add_task(Task::milestone("done")).unwrap();
    p.add_link(Link::finish_to_start(a, z)).unwrap();
    p.add_link(Link::finish_to_start(b, z)).unwrap();
    let d = DurationDist::triangular(m(60), m(120), m(300));
    let sim = Simulation::new(&p)
        .iterations(N)
        .seed(5)
        .uncertainty(a, d.clone())
        .uncertainty(b, d);
    let r = simulate(&p, &sim).unwrap();
    let cdf = |t: f64| {
        let (a, c, b) = (60.0, 120.0, 300.0);
        if t <= c {
            (t - a) * (t - a) / ((b - a) * (c - a))
        } else {
            1.0 - (b - t) * (b - t) / ((b - a) * (b - c))
        }
    };
    for t in [90.0, 120.0, 150.0, 200.0, 250.0] {
        let want = cdf(t) * cdf(t);
        let got = r.probability_by_offset(t);
        assert!(
            (got - want).abs() < 4.0 * (want * (1.0 - want) / f64::from(N)).sqrt() + 1e-9,
            "t={t}: {got} vs {want}"
        );
    }
    // Each branch drives half the time; the finish milestone always does.
    let crit: Vec<f64> = r.tasks.iter().map(|t| t.criticality).collect();
    assert!(
        (crit[0] - 0.5).abs() < 4.0 * (0.25 / f64::from(N)).sqrt(),
        "{crit:?}"
    );
    assert!((crit[0] + crit[1] - 1.0).abs() < 1e-9);
    assert_eq!(crit[2], 1.0);
    // The mean of the maximum exceeds either mean: merge bias.
    assert!(r.finish.mean > tri_moments(60.0, 120.0, 300.0).0 + 10.0);
}

#[test]
fn milestones_with_deadlines_are_tracked_with_their_on_time_probability() {
    // a and b in parallel into the milestone m (deadline after 150 working
    // minutes); then a fixed wrap-up task after it.
    let mut p = project();
    let a = task(&mut p, "a", 100);
    let b = task(&mut p, "b", 100);
    let deadline = dt(2026, 3, 2) + planwright_core::chrono::Duration::minutes(150);
    let ms = p.add_task(Task::milestone("m").deadline(deadline)).unwrap();
    let wrap = task(&mut p, "wrap", 60);
    for x in [a, b] {
        p.add_link(Link::finish_to_start(x, ms)).unwrap();
    }
    p.add_link(Link::finish_to_start(ms, wrap)).unwrap();
    let d = DurationDist::Uniform {
        min: m(60),
        max: m(240),
    };
    let sim = Simulation::new(&p)
        .iterations(N)
        .seed(12)
        .uncertainty(a, d.clone())
        .uncertainty(b, d);
    assert_eq!(sim.track, vec![ms]);
    let r = simulate(&p, &sim.clone().track(a).track(ms)).unwrap();
    assert_eq!(r.tracked.len(), 2);
    let t = &r.tracked[0];
    // P(max of two uniforms on [60, 240] <= 150) = 0.5^2.
    let on_time = t.on_time.unwrap();
    assert!(
        (on_time - 0.25).abs() < 4.0 * (0.25f64 * 0.75 / f64::from(N)).sqrt(),
        "{on_time}"
    );
    assert_eq!(r.probability_task_by(ms, deadline).unwrap(), Some(on_time));
    assert_eq!(r.probability_task_by(wrap, deadline).unwrap(), None);
    // The project finishes exactly 60 minutes after the milestone, every time.
    for (x, y) in r.outcomes().iter().zip(t.outcomes()) {
        assert!((x.0 - y - 60.0).abs() < 1e-9);
    }
    assert!(t.finish_dates.windows(2).all(|w| w[0].1 <= w[1].1));
    assert!((r.tracked[1].finish.mean - 150.0).abs() < tol(180.0 / 12f64.sqrt()));
    // Summaries cannot be tracked.
    let s = p.add_task(Task::summary("phase")).unwrap();
    let e = simulate(&p, &Simulation::new(&p).track(s)).unwrap_err();
    assert!(e.to_string().contains("summary"));
}

#[test]
fn risk_events_with_probability_zero_change_nothing_and_one_shift_by_the_impact() {
    let mut p = project();
    let a = task(&mut p, "a", 100);
    let b = task(&mut p, "b", 100);
    p.add_link(Link::finish_to_start(a, b)).unwrap();
    let base = Simulation::new(&p)
        .iterations(5_000)
        .seed(9)
        .uncertainty(a, DurationDist::triangular(m(60), m(90), m(240)))
        .uncertainty(b, DurationDist::pert(m(50), m(100), m(200)));
    let r0 = simulate(&p, &base).unwrap();
    let never = RiskEvent::new(
        "never",
        0.0,
        vec![a],
        RiskImpact::Delay(DurationDist::Fixed(m(1_000))),
    );
    let r1 = simulate(&p, &base.clone().risk(never)).unwrap();
    assert_eq!(r1.outcomes(), r0.outcomes());
    assert_eq!(r1.finish, r0.finish);
    assert_eq!(r1.risks[0].occurred, 0.0);
    assert_eq!(r1.risks[0].contribution, 0.0);
    // Listed twice, b is still delayed once.
    let always = RiskEvent::new(
        "always",
        1.0,
        vec![b, b],
        RiskImpact::Delay(DurationDist::Fixed(m(60))),
    );
    let r2 = simulate(&p, &base.clone().risk(always)).unwrap();
    for (x, y) in r2.outcomes().iter().zip(r0.outcomes()) {
        assert!((x.0 - y.0 - 60.0).abs() < 1e-9);
    }
    assert_eq!(r2.risks[0].occurred, 1.0);
    assert!((r2.risks[0].contribution - 60.0).abs() < 1e-9);
    // A factor impact multiplies the task's duration.
    let doubled = RiskEvent::new(
        "double",
        1.0,
        vec![a],
        RiskImpact::Factor {
            min: 2.0,
            mode: 2.0,
            max: 2.0,
        },
    );
    let r3 = simulate(&p, &base.clone().risk(doubled)).unwrap();
    assert!((r3.tasks[0].mean - 2.0 * r0.tasks[0].mean).abs() < 1e-6);
    // Tornado: the larger event ranks first; half-probable events occur about half the time.
    let small = RiskEvent::new(
        "small",
        0.5,
        vec![a],
        RiskImpact::Delay(DurationDist::Fixed(m(10))),
    );
    let large = RiskEvent::new(
        "large",
        0.5,
        vec![b],
        RiskImpact::Delay(DurationDist::Uniform {
            min: m(100),
            max: m(200),
        }),
    );
    let r4 = simulate(&p, &base.risk(small).risk(large)).unwrap();
    assert_eq!(r4.risks[0].key, "large");
    assert!(r4.risks[0].contribution > r4.risks[1].contribution);
    for e in &r4.risks {
        assert!((e.occurred - 0.5).abs() < 4.0 * (0.25f64 / 5_000.0).sqrt());
    }
    // Sensitivity ranks the duration risk events produce: b's duration (PERT
    // plus a half-probable delay of 100 to 200 minutes) now moves the finish
    // more than a's, in ranks as in values.
    let (ta, tb) = (&r4.tasks[0], &r4.tasks[1]);
    assert!(
        tb.sensitivity > ta.sensitivity && tb.cruciality > ta.cruciality,
        "{ta:?} {tb:?}"
    );
    assert!((tb.sensitivity - tb.cruciality).abs() < 0.1, "{tb:?}");
    // A fixed-duration task whose only variation is a risk event: rank
    // correlation 1 with the finish it alone drives.
    let mut q = project();
    let f = task(&mut q, "fixed", 100);
    let hit = RiskEvent::new(
        "hit",
        0.4,
        vec![f],
        RiskImpact::Delay(DurationDist::triangular(m(10), m(20), m(90))),
    );
    let r = simulate(&q, &Simulation::new(&q).iterations(5_000).risk(hit)).unwrap();
    assert!(
        r.tasks[0].sensitivity > 0.99 && r.tasks[0].cruciality > 0.99,
        "{:?}",
        r.tasks[0]
    );
}

#[test]
fn correlated_durations_reach_the_requested_rank_correlation() {
    // Two uniform tasks in series: var(a + b) = 2 sigma^2 (1 + rho), and for
    // uniform marginals the rank correlation is the linear one.
    let mut p = project();
    let a = task(&mut p, "a", 100);
    let b = task(&mut p, "b", 100);
    p.add_link(Link::finish_to_start(a, b)).unwrap();
    let u = DurationDist::Uniform {
        min: m(0),
        max: m(1_200),
    };
    for rho in [0.8, -0.5, 0.0] {
        let sim = Simulation::new(&p)
            .iterations(N)
            .seed(2)
            .uncertainty(a, u.clone())
            .uncertainty(b, u.clone())
            .correlate(Correlation::pair(a, b, rho));
        let r = simulate(&p, &sim).unwrap();
        let s2 = 1_200.0f64 * 1_200.0 / 12.0;
        let implied = (r.finish.std_dev * r.finish.std_dev / (2.0 * s2)) - 1.0;
        assert!((implied - rho).abs() < 0.04, "rho {rho}: implied {implied}");
        assert!((r.finish.mean - 1_200.0).abs() < 10.0);
    }
}

#[test]
fn costs_follow_the_sampled_durations_and_the_joint_probability_is_consistent() {
    let mut p = project();
    let dev = p
        .add_resource(Resource::person("dev").rate(Money::major(60)))
        .unwrap();
    let t = p
        .add_task(
            Task::new("t")
                .duration(m(600))
                .assign(dev, Units::FULL)
                .fixed_cost(Money::major(1_000)),
        )
        .unwrap();
    let sim = Simulation::new(&p).iterations(N).seed(4).uncertainty(
        t,
        DurationDist::Uniform {
            min: m(300),
            max: m(900),
        },
    );
    let r = simulate(&p, &sim).unwrap();
    let cost = r.cost.as_ref().unwrap();
    // 1,000 fixed + 60 an hour x 600 minutes on average = 1,600.00, in cents.
    let want = 160_000.0;
    let sd = 60.0 * 100.0 / 60.0 * 600.0 / 12f64.sqrt();
    assert!((cost.mean - want).abs() < tol(sd), "{}", cost.mean);
    for &(f, c) in r.outcomes() {
        assert!((c - (100_000.0 + 100.0 * f)).abs() < 1e-6);
    }
    // Cost rises with duration: both limits together equal the tighter one.
    let date = r.date_of(600.0).unwrap();
    let by_date = r.probability_by(date).unwrap();
    let joint = r
        .probability_within(date, Money::major(1_600))
        .unwrap()
        .unwrap();
    assert!((joint - by_date).abs() < 1e-9 && (by_date - 0.5).abs() < 0.02);
    let tight = r
        .probability_within(date, Money::major(1_300))
        .unwrap()
        .unwrap();
    assert!(tight < joint && (tight - 0.0).abs() < 1e-9);
}

#[test]
fn milestones_links_lags_and_calendars_are_honoured() {
    // A start-to-start link with a lag, on the standard calendar: the finish
    // offset is in working minutes and the date skips the night.
    let mut p = project();
    let a = task(&mut p, "a", 480);
    let b = task(&mut p, "b", 240);
    p.add_link(Link::start_to_start(a, b).lag(m(360))).unwrap();
    let sim = Simulation::new(&p)
        .iterations(1_000)
        .seed(1)
        .uncertainty(b, DurationDist::Fixed(m(240)));
    let r = simulate(&p, &sim).unwrap();
    assert_eq!(r.finish.min, 600.0);
    assert_eq!(r.finish.max, 600.0);
    // 600 working minutes from Monday 09:00 on an 8-to-5 calendar with a lunch
    // hour: Monday 09:00-17:00 is 420, then Tuesday 08:00-12:00 is 240.
    assert_eq!(
        r.finish_dates[0].1,
        NaiveDate::from_ymd_opt(2026, 3, 3)
            .unwrap()
            .and_hms_opt(11, 0, 0)
            .unwrap()
    );
    assert_eq!(r.tasks[1].criticality, 1.0);
    assert_eq!(r.tasks[0].criticality, 1.0); // drives b's start
}

#[test]
fn early_stop_ends_once_p80_is_stable() {
    let mut p = project();
    let a = task(&mut p, "a", 100);
    let sim = Simulation::new(&p)
        .iterations(200_000)
        .seed(8)
        .uncertainty(a, DurationDist::triangular(m(60), m(90), m(240)))
        .early_stop(m(2), 2);
    let r = simulate(&p, &sim).unwrap();
    assert!(r.stopped_early);
    assert!(
        r.iterations < 200_000 && r.iterations % 1_024 == 0,
        "{}",
        r.iterations
    );
}

#[test]
fn invalid_inputs_are_errors_naming_the_item() {
    let mut p = project();
    let a = task(&mut p, "design", 100);
    let b = task(&mut p, "build", 100);
    let c = task(&mut p, "test", 100);
    let msg = |e: Error| e.to_string();
    let e = simulate(
        &p,
        &Simulation::new(&p).uncertainty(a, DurationDist::triangular(m(50), m(40), m(90))),
    )
    .unwrap_err();
    assert!(matches!(e, Error::InvalidSimulation { .. }) && msg(e).contains("design"));
    let e = simulate(
        &p,
        &Simulation::new(&p).uncertainty(
            a,
            DurationDist::Pert {
                min: m(1),
                mode: m(2),
                max: m(3),
                shape: -1.0,
            },
        ),
    )
    .unwrap_err();
    assert!(msg(e).contains("shape"));
    let r = RiskEvent::new(
        "flood",
        1.5,
        vec![a],
        RiskImpact::Delay(DurationDist::Fixed(m(1))),
    );
    let e = simulate(&p, &Simulation::new(&p).risk(r)).unwrap_err();
    assert!(msg(e).contains("flood"));
    let r = RiskEvent::new(
        "strike",
        0.5,
        vec![a],
        RiskImpact::Factor {
            min: 2.0,
            mode: 1.0,
            max: 3.0,
        },
    );
    assert!(msg(simulate(&p, &Simulation::new(&p).risk(r)).unwrap_err()).contains("strike"));
    let u = DurationDist::Uniform {
        min: m(10),
        max: m(20),
    };
    let base = Simulation::new(&p)
        .uncertainty(a, u.clone())
        .uncertainty(b, u.clone())
        .uncertainty(c, u);
    let not_pd = Correlation::new(
        vec![a, b, c],
        vec![
            vec![1.0, 0.9, -0.9],
            vec![0.9, 1.0, 0.9],
            vec![-0.9, 0.9, 1.0],
        ],
    );
    let e = simulate(&p, &base.clone().correlate(not_pd)).unwrap_err();
    assert!(msg(e).contains("positive definite"));
    let asym = Correlation::new(vec![a, b], vec![vec![1.0, 0.5], vec![0.4, 1.0]]);
    assert!(simulate(&p, &base.clone().correlate(asym)).is_err());
    let twice = base
        .clone()
        .correlate(Correlation::pair(a, b, 0.3))
        .correlate(Correlation::pair(a, c, 0.3));
    assert!(msg(simulate(&p, &twice).unwrap_err()).contains("two correlation groups"));
    assert!(simulate(&p, &base.clone().iterations(0)).is_err());
    let e = simulate(
        &p,
        &base.clone().iterations(planwright_risk::MAX_ITERATIONS + 1),
    )
    .unwrap_err();
    assert!(msg(e).contains("iterations"));
    let mut many_bins = base.clone();
    many_bins.bins = planwright_risk::MAX_BINS + 1;
    assert!(msg(simulate(&p, &many_bins).unwrap_err()).contains("bins"));
    let mut other = project();
    let ghost = task(&mut other, "x", 1);
    let _ = task(&mut other, "y", 1);
    let _ = task(&mut other, "z", 1);
    let far = other.add_task(Task::new("far").duration(m(1))).unwrap();
    let e = simulate(
        &p,
        &Simulation::new(&p).uncertainty(far, DurationDist::Fixed(m(1))),
    )
    .unwrap_err();
    assert!(msg(e).contains("unknown"), "{ghost:?}");
}

#[test]
fn reports_are_pinned_for_a_seed_whatever_the_thread_count() {
    // The numbers below were produced once; any change to the random
    // streams, the chunking or the arithmetic shows here. CI runs this test
    // with and without the `parallel` feature, on one and on two threads.
    let mut p = project();
    let mut ids = Vec::new();
    for i in 0..12 {
        let id = p
            .add_task(Task::new(format!("t{i}")).three_point(
                m(60 + 10 * i),
                m(120 + 10 * i),
                m(300 + 20 * i),
            ))
            .unwrap();
        if i >= 3 {
            p.add_link(Link::finish_to_start(ids[i as usize - 3], id))
                .unwrap();
        }
        if i >= 4 && i % 2 == 0 {
            p.add_link(Link::finish_to_start(ids[i as usize - 4], id))
                .unwrap();
        }
        ids.push(id);
    }
    let risk = RiskEvent::new(
        "late",
        0.3,
        vec![ids[5]],
        RiskImpact::Delay(DurationDist::triangular(m(30), m(60), m(240))),
    );
    let sim = Simulation::new(&p)
        .iterations(10_000)
        .seed(42)
        .risk(risk)
        .correlate(Correlation::pair(ids[0], ids[1], 0.6));
    let r = simulate(&p, &sim).unwrap();
    let pinned = (
        r.finish.p(50).unwrap(),
        r.finish.p(80).unwrap(),
        r.tasks[5].criticality,
        r.risks[0].contribution,
    );
    assert_eq!(format!("{pinned:?}"), PINNED);
    assert_eq!(r, simulate(&p, &sim).unwrap());
}

const PINNED: &str = "(942.3899139230015, 1027.5981789695152, 0.4771, 25.09598045543794)";

#[test]
fn reports_with_peoples_calendars_are_pinned_whatever_the_thread_count() {
    // Two people with their own calendars (a Monday-to-Thursday week, a
    // vacation, a holiday) over a chain with links across them: the
    // several-calendar pass through working-time tables. CI runs this with
    // and without `parallel`, on one and on two threads.
    use planwright_core::DaySchedule;
    use planwright_core::chrono::Weekday;
    let mut p = project();
    let pcal = p.calendar_id_of_project();
    p.calendar_mut(pcal)
        .unwrap()
        .add_holiday(NaiveDate::from_ymd_opt(2026, 3, 20).unwrap());
    let base = p.project_calendar().clone();
    let part = base
        .derive("part-time")
        .with_weekday(Weekday::Fri, DaySchedule::non_working())
        .unwrap();
    let mut away = base.derive("away");
    away.add_holidays(
        NaiveDate::from_ymd_opt(2026, 3, 9).unwrap(),
        NaiveDate::from_ymd_opt(2026, 3, 13).unwrap(),
    )
    .unwrap();
    let people: Vec<_> = [part, away]
        .into_iter()
        .enumerate()
        .map(|(k, cal)| {
            let c = p.add_calendar(cal).unwrap();
            p.add_resource(Resource::person(format!("p{k}")).calendar(c))
                .unwrap()
        })
        .collect();
    let mut ids = Vec::new();
    for i in 0..12i64 {
        let id = p
            .add_task(
                Task::new(format!("t{i}"))
                    .three_point(m(240 + 30 * i), m(480 + 30 * i), m(1200 + 60 * i))
                    .assign(people[(i % 2) as usize], Units::FULL),
            )
            .unwrap();
        if i >= 2 {
            p.add_link(Link::finish_to_start(ids[i as usize - 2], id))
                .unwrap();
        }
        if i >= 3 && i % 3 == 0 {
            p.add_link(Link::finish_to_start(ids[i as usize - 3], id))
                .unwrap();
        }
        ids.push(id);
    }
    let sim = Simulation::new(&p).iterations(10_000).seed(7);
    let r = simulate(&p, &sim).unwrap();
    let pinned = (
        r.finish.p(50).unwrap(),
        r.finish.p(80).unwrap(),
        r.tasks[10].criticality,
        r.tasks[11].criticality,
    );
    assert_eq!(format!("{pinned:?}"), PINNED_CALENDARS);
    assert_eq!(r, simulate(&p, &sim).unwrap());
}

const PINNED_CALENDARS: &str = "(7076.0, 7500.0, 0.0027, 0.9973)";

#[cfg(feature = "serde")]
#[test]
fn report_and_settings_round_trip_through_serde() {
    let mut p = project();
    let a = task(&mut p, "a", 100);
    let sim = Simulation::new(&p)
        .iterations(500)
        .track(a)
        .uncertainty(a, DurationDist::Discrete(vec![(m(50), 1.0), (m(150), 3.0)]))
        .risk(RiskEvent::new(
            "r",
            0.2,
            vec![a],
            RiskImpact::Delay(DurationDist::LogNormal {
                p10: m(10),
                p90: m(60),
            }),
        ));
    let json = serde_json::to_string(&sim).unwrap();
    assert_eq!(serde_json::from_str::<Simulation>(&json).unwrap(), sim);
    let r = simulate(&p, &sim).unwrap();
    let json = serde_json::to_string(&r).unwrap();
    assert_eq!(
        serde_json::from_str::<planwright_risk::SimulationReport>(&json).unwrap(),
        r
    );
    // Discrete durations take only their values (plus the risk's delay).
    assert!((r.tasks[0].mean - (0.25 * 50.0 + 0.75 * 150.0)).abs() < 15.0 + 0.2 * 30.0);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    /// Any small network: finishes lie between the all-optimistic and the
    /// all-pessimistic schedule, percentiles rise, shares stay in [0, 1],
    /// the driving path of every iteration reaches the start, and the same
    /// seed gives the same report.
    #[test]
    fn small_networks_keep_their_invariants(
        spec in prop::collection::vec((1i64..200, 0i64..300, 0i64..300), 1..9),
        links in prop::collection::vec((0usize..9, 0usize..9, 0i64..60), 0..14),
        seed in 0u64..1_000,
    ) {
        let mut p = project();
        let mut lo = project();
        let mut hi = project();
        let mut ids = Vec::new();
        let mut sim_dists = Vec::new();
        for (i, &(a, c, b)) in spec.iter().enumerate() {
            let (min, mode, max) = (a, a + c, a + c + b);
            let id = p.add_task(Task::new(format!("t{i}")).duration(m(mode))).unwrap();
            lo.add_task(Task::new(format!("t{i}")).duration(m(min))).unwrap();
            hi.add_task(Task::new(format!("t{i}")).duration(m(max))).unwrap();
            sim_dists.push((id, DurationDist::triangular(m(min), m(mode), m(max))));
            ids.push(id);
        }
        let mut seen = std::collections::BTreeSet::new();
        for &(x, y, lag) in &links {
            let (x, y) = (x % ids.len(), y % ids.len());
            if x < y && seen.insert((x, y)) {
                for q in [&mut p, &mut lo, &mut hi] {
                    q.add_link(Link::finish_to_start(ids[x], ids[y]).lag(m(lag))).unwrap();
                }
            }
        }
        let mut sim = Simulation::new(&p).iterations(300).seed(seed);
        for (id, d) in sim_dists {
            sim = sim.uncertainty(id, d);
        }
        let r = simulate(&p, &sim).unwrap();
        let bound = |q: &Project| {
            let s = Simulation::new(q).iterations(1);
            simulate(q, &s).unwrap().finish.mean
        };
        let (min, max) = (bound(&lo), bound(&hi));
        prop_assert!(r.finish.min >= min - 1e-6 && r.finish.max <= max + 1e-6, "{} {} vs {min} {max}", r.finish.min, r.finish.max);
        prop_assert!(r.finish.percentiles.windows(2).all(|w| w[0].1 <= w[1].1));
        prop_assert!(r.finish_dates.windows(2).all(|w| w[0].1 <= w[1].1));
        prop_assert!(r.cdf.windows(2).all(|w| w[0].1 <= w[1].1) && (r.cdf.last().unwrap().1 - 1.0).abs() < 1e-12);
        prop_assert!(r.histogram.iter().map(|b| b.count).sum::<u32>() == r.iterations);
        let mut any_critical = false;
        for t in &r.tasks {
            prop_assert!((0.0..=1.0).contains(&t.criticality));
            prop_assert!((-1.0..=1.0).contains(&t.sensitivity) && (0.0..=1.0).contains(&t.cruciality));
            prop_assert!(t.ssi >= 0.0 && t.std_dev >= 0.0);
            any_critical |= t.criticality > 0.0;
        }
        prop_assert!(any_critical);
        prop_assert!(r == simulate(&p, &sim).unwrap());
    }
}

// --- Throughput forecasting -------------------------------------------------

fn day(m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, m, d).unwrap()
}

#[test]
fn a_constant_throughput_gives_exact_dates_and_counts() {
    let h = ThroughputHistory::new(vec![2, 2, 2]).unwrap();
    let cal = Calendar::standard("office");
    // 10 items at 2 a day: 5 working days from Monday 2 March: Friday 6 March.
    let w = h
        .when(10, day(3, 2), &cal, &Forecast::new().iterations(100))
        .unwrap();
    assert!(w.dates.iter().all(|&(_, d)| d == day(3, 6)));
    assert_eq!(w.days.mean, 5.0);
    // 11 items need a sixth day: the next Monday.
    let w = h
        .when(11, day(3, 2), &cal, &Forecast::new().iterations(100))
        .unwrap();
    assert_eq!(w.date(50), Some(day(3, 9)));
    assert_eq!(w.probability_by(day(3, 8)), 0.0);
    assert_eq!(w.probability_by(day(3, 9)), 1.0);
    // Two weeks hold 10 working days: 20 items.
    let hm = h
        .how_many(
            day(3, 2),
            day(3, 15),
            &cal,
            &Forecast::new().iterations(100),
        )
        .unwrap();
    assert_eq!(
        (hm.working_days, hm.at_least(0.95), hm.items.mean),
        (10, 20, 20.0)
    );
    // A start on a Saturday counts from Monday.
    let w = h
        .when(2, day(3, 7), &cal, &Forecast::new().iterations(10))
        .unwrap();
    assert_eq!(w.date(95), Some(day(3, 9)));
}

#[test]
fn forecasts_match_the_history_statistically_and_are_monotone() {
    let h = ThroughputHistory::new(vec![0, 1, 3, 0, 2, 5, 1, 0, 2, 1]).unwrap();
    let cal = Calendar::standard("office");
    let f = Forecast::new().iterations(N).seed(21);
    let hm = h.how_many(day(3, 2), day(3, 27), &cal, &f).unwrap();
    assert_eq!(hm.working_days, 20);
    let mean = h.mean() * 20.0;
    let var_day = h
        .counts()
        .iter()
        .map(|&c| (f64::from(c) - h.mean()).powi(2))
        .sum::<f64>()
        / 10.0;
    assert!(
        (hm.items.mean - mean).abs() < tol((var_day * 20.0).sqrt()),
        "{} vs {mean}",
        hm.items.mean
    );
    let conf: Vec<u32> = [0.5, 0.7, 0.85, 0.95]
        .iter()
        .map(|&c| hm.at_least(c))
        .collect();
    assert!(conf.windows(2).all(|w| w[0] >= w[1]), "{conf:?}");
    let c85 = hm.at_least(0.85);
    assert!(hm.probability_of(c85) >= 0.85 && hm.probability_of(c85 + 1) < 0.85);
    let w = h.when(40, day(3, 2), &cal, &f).unwrap();
    assert!(w.dates.windows(2).all(|x| x[0].1 <= x[1].1));
    assert!(w.outcomes.iter().all(|d| cal.is_working_day(*d)));
    assert!((w.probability_by(w.date(85).unwrap()) - 0.85).abs() < 0.05);
    assert_eq!(w, h.when(40, day(3, 2), &cal, &f).unwrap());
}

#[test]
fn dated_histories_fold_weekends_into_the_working_day_before() {
    let cal = Calendar::standard("office");
    let daily = [
        (day(3, 2), 1),
        (day(3, 6), 2),
        (day(3, 7), 4),
        (day(3, 9), 1),
        (day(4, 1), 9),
    ];
    let h = ThroughputHistory::from_daily(&daily, day(3, 2), day(3, 13), &cal).unwrap();
    assert_eq!(h.counts(), [1, 0, 0, 0, 6, 1, 0, 0, 0, 0]);
    // A Sunday before any working day of the window counts for the first.
    let h = ThroughputHistory::from_daily(&[(day(3, 1), 3)], day(3, 1), day(3, 3), &cal).unwrap();
    assert_eq!(h.counts(), [3, 0]);
}

#[test]
fn bad_histories_and_requests_are_errors() {
    let cal = Calendar::standard("office");
    assert!(matches!(
        ThroughputHistory::new(vec![]),
        Err(Error::InvalidForecast { .. })
    ));
    assert!(
        ThroughputHistory::new(vec![0, 0, 0])
            .unwrap_err()
            .to_string()
            .contains("no item")
    );
    assert!(ThroughputHistory::from_daily(&[], day(3, 9), day(3, 2), &cal).is_err());
    assert!(ThroughputHistory::from_daily(&[(day(3, 7), 1)], day(3, 7), day(3, 8), &cal).is_err());
    let h = ThroughputHistory::new(vec![0, 0, 0, 0, 1]).unwrap();
    assert!(h.when(0, day(3, 2), &cal, &Forecast::new()).is_err());
    assert!(
        h.when(5, day(3, 2), &cal, &Forecast::new().iterations(0))
            .is_err()
    );
    let e = h
        .when(10_000, day(3, 2), &cal, &Forecast::new().max_days(1_000))
        .unwrap_err();
    assert!(e.to_string().contains("max_days"));
    assert!(
        h.how_many(day(3, 9), day(3, 2), &cal, &Forecast::new())
            .is_err()
    );
    let mut closed = Calendar::standard("closed");
    closed
        .add_holidays(day(1, 1), NaiveDate::from_ymd_opt(2040, 12, 31).unwrap())
        .unwrap();
    assert!(
        h.when(1, day(3, 2), &closed, &Forecast::new().iterations(10))
            .is_err()
    );
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    /// With every duration fixed, each iteration is the plan itself — links,
    /// lags, constraints, progress at a status date — so the finish is the
    /// plan's finish, and every task the simulation finds driving is
    /// critical in the plan.
    #[test]
    fn fixed_durations_reproduce_the_plan(
        spec in prop::collection::vec((0i64..3_000, 0u8..10, 0i64..15), 1..10),
        links in prop::collection::vec((0usize..10, 0usize..10, 0u8..4, -300i64..600), 0..14),
        status in prop::option::of(0i64..20),
    ) {
        use planwright_core::{Constraint, LinkKind, Progress};
        let mut p = project();
        let start = p.start();
        let day = |k: i64| start + planwright_core::chrono::Duration::days(k);
        let status_date = status.map(day);
        let machine = p.add_calendar(Calendar::continuous("machine")).unwrap();
        let mut ids = Vec::new();
        for (i, &(d, kind, k)) in spec.iter().enumerate() {
            let mut t = Task::new(format!("t{i}")).duration(m(d));
            t = match kind {
                1 => t.constraint(Constraint::StartNoEarlierThan(day(k))),
                2 => t.constraint(Constraint::FinishNoEarlierThan(day(k))),
                3 => t.constraint(Constraint::MustStartOn(day(k))),
                4 => t.constraint(Constraint::MustFinishOn(day(k + 3))),
                5 => t.constraint(Constraint::StartNoLaterThan(day(k))),
                6 if status.is_some_and(|s| s > 2) => t.progress(Progress::started(day(0), 40)),
                7 if status.is_some_and(|s| s > 12) => t.progress(Progress::finished(day(0), day(1))),
                // A second calendar: the exact kernel runs instead of the lanes.
                9 => t.calendar(machine),
                _ => t,
            };
            ids.push(p.add_task(t).unwrap());
        }
        let mut seen = std::collections::BTreeSet::new();
        for &(x, y, k, lag) in &links {
            let (x, y) = (x % ids.len(), y % ids.len());
            if x < y && seen.insert((x, y)) {
                let kind = [LinkKind::FinishToStart, LinkKind::StartToStart, LinkKind::FinishToFinish, LinkKind::StartToFinish][usize::from(k)];
                p.add_link(Link::new(ids[x], ids[y], kind).lag(m(lag))).unwrap();
            }
        }
        let mut opts = planwright_schedule::PlanOptions::new();
        opts.status_date = status_date;
        let plan = planwright_schedule::plan_with(&p, opts).unwrap();
        let mut sim = Simulation::new(&p).iterations(16);
        if let Some(s) = status_date {
            sim = sim.status_date(s);
        }
        for &id in &ids {
            sim = sim.track(id);
        }
        let r = simulate(&p, &sim).unwrap();
        let want = plan.finish_offset().as_minutes() as f64;
        prop_assert!(r.finish.min == want && r.finish.max == want, "{} {} vs {want}", r.finish.min, r.finish.max);
        // Every task's own finish is the plan's early finish.
        for tr in &r.tracked {
            let f = plan.task(tr.task).unwrap().offsets.early_finish.as_minutes() as f64;
            prop_assert!(tr.finish.min == f && tr.finish.max == f, "{}: {} {} vs {f}", tr.key, tr.finish.min, tr.finish.max);
        }
        for t in &r.tasks {
            prop_assert!(t.criticality == 0.0 || t.criticality == 1.0);
            if t.criticality == 1.0 {
                prop_assert!(plan.task(t.task).unwrap().critical, "{} drives but is not critical", t.key);
            }
        }
    }
}

#[test]
fn risk_events_from_the_register_take_probability_and_linked_tasks() {
    use planwright_core::Phase;
    use planwright_risk::{Assessment, Dimension, ImpactInput, Risk, RiskLink, RiskRegister};
    let mut p = project();
    let design = p
        .add_task(Task::new("design").duration(m(100)).phase(Phase::Planning))
        .unwrap();
    let build = p
        .add_task(Task::summary("build").phase(Phase::Execution))
        .unwrap();
    let code = p
        .add_task(Task::new("code").duration(m(100)).parent(build))
        .unwrap();
    let test = p
        .add_task(Task::new("test").duration(m(100)).parent(build))
        .unwrap();
    let t0 = dt(2026, 3, 1);
    let mut reg = RiskRegister::default();
    let a = reg
        .add(Risk::threat("vendor").link(RiskLink::Task(design)), t0)
        .unwrap();
    let b = reg
        .add(
            Risk::threat("churn").link(RiskLink::Phase(Phase::Execution)),
            t0,
        )
        .unwrap();
    let c = reg
        .add(Risk::threat("anything").link(RiskLink::Project), t0)
        .unwrap();
    let d = reg
        .add(Risk::threat("unassessed").link(RiskLink::Task(design)), t0)
        .unwrap();
    let e = reg
        .add(
            Risk::threat("closing").link(RiskLink::Phase(Phase::Closing)),
            t0,
        )
        .unwrap();
    for id in [a, b, c, e] {
        reg.assess(
            id,
            Assessment::new(t0, 0.3).impact(Dimension::Time, ImpactInput::Time(Duration::days(2))),
        )
        .unwrap();
    }
    let delay = || RiskImpact::Delay(DurationDist::Fixed(m(10)));
    let ev = RiskEvent::from_register(&reg, a, &p, delay()).unwrap();
    assert_eq!(
        (ev.key.as_str(), ev.probability, ev.tasks.clone()),
        ("vendor", 0.3, vec![design])
    );
    // A phase reaches the leaf tasks under a summary in that phase.
    assert_eq!(
        RiskEvent::from_register(&reg, b, &p, delay())
            .unwrap()
            .tasks,
        vec![code, test]
    );
    assert_eq!(
        RiskEvent::from_register(&reg, c, &p, delay())
            .unwrap()
            .tasks,
        vec![design, code, test]
    );
    let err = RiskEvent::from_register(&reg, d, &p, delay())
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("unassessed") && err.contains("assessment"),
        "{err}"
    );
    let err = RiskEvent::from_register(&reg, e, &p, delay())
        .unwrap_err()
        .to_string();
    assert!(err.contains("closing") && err.contains("no task"), "{err}");
}

fn arbitrary_dist() -> impl proptest::strategy::Strategy<Value = DurationDist> {
    use proptest::prelude::{Strategy, any, prop_oneof};
    let d = || any::<i64>().prop_map(Duration::minutes);
    let small = || (-10i64..5_000).prop_map(Duration::minutes);
    prop_oneof![
        d().prop_map(DurationDist::Fixed),
        (small(), small()).prop_map(|(min, max)| DurationDist::Uniform { min, max }),
        (small(), small(), small()).prop_map(|(a, b, c)| DurationDist::triangular(a, b, c)),
        (d(), d(), d()).prop_map(|(a, b, c)| DurationDist::triangular(a, b, c)),
        (small(), small(), small(), any::<f64>()).prop_map(|(min, mode, max, shape)| {
            DurationDist::Pert {
                min,
                mode,
                max,
                shape,
            }
        }),
        prop::collection::vec((small(), any::<f64>()), 0..4).prop_map(DurationDist::Discrete),
        (d(), d()).prop_map(|(p10, p90)| DurationDist::LogNormal { p10, p90 }),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Whatever the settings, simulate returns a report or an error.
    #[test]
    fn no_panic_on_arbitrary_simulation_input(
        dists in prop::collection::vec(arbitrary_dist(), 1..4),
        prob in proptest::prelude::any::<f64>(),
        factor in (proptest::prelude::any::<f64>(), 0.0f64..3.0, 0.0f64..5.0),
        delay in arbitrary_dist(),
        rho in proptest::prelude::any::<f64>(),
        seed in proptest::prelude::any::<u64>(),
    ) {
        let mut p = project();
        let ids: Vec<TaskId> = (0..dists.len()).map(|i| task(&mut p, &format!("t{i}"), 60)).collect();
        for w in ids.windows(2) {
            p.add_link(Link::finish_to_start(w[0], w[1])).unwrap();
        }
        let mut sim = Simulation::new(&p).iterations(64).seed(seed);
        for (&id, d) in ids.iter().zip(&dists) {
            sim = sim.uncertainty(id, d.clone());
        }
        sim = sim
            .risk(RiskEvent::new("delay", prob, vec![ids[0]], RiskImpact::Delay(delay)))
            .risk(RiskEvent::new("factor", 0.5, vec![ids[ids.len() - 1]], RiskImpact::Factor { min: factor.0, mode: factor.1, max: factor.2 }));
        if ids.len() > 1 {
            sim = sim.correlate(Correlation::pair(ids[0], ids[1], rho));
        }
        if let Ok(r) = simulate(&p, &sim) {
            prop_assert!(r.finish.min <= r.finish.max);
            prop_assert!(r.tasks.iter().all(|t| (0.0..=1.0).contains(&t.criticality)));
        }
    }
}

#[test]
fn a_callers_plan_is_reused_and_a_foreign_one_refused() {
    let mut p = project();
    let a = p
        .add_task(Task::new("a").three_point(m(600), m(900), m(1500)))
        .unwrap();
    let b = task(&mut p, "b", 480);
    p.add_link(Link::finish_to_start(a, b)).unwrap();
    let sim = Simulation::new(&p).iterations(2_000).seed(3);
    let plan = planwright_schedule::plan(&p).unwrap();
    assert_eq!(
        planwright_risk::simulate_plan(&p, &plan, &sim).unwrap(),
        simulate(&p, &sim).unwrap()
    );
    let mut other = p.clone();
    task(&mut other, "c", 60);
    let err = planwright_risk::simulate_plan(&other, &plan, &sim).unwrap_err();
    assert!(
        matches!(
            err,
            Error::Schedule(planwright_schedule::Error::PlanMismatch { .. })
        ),
        "{err}"
    );
    let dated = sim.clone().status_date(dt(2026, 3, 3));
    assert!(planwright_risk::simulate_plan(&p, &plan, &dated).is_err());
}

#[test]
fn the_simulation_uses_the_projects_status_date() {
    use planwright_core::Progress;
    let mut p = project();
    let a = p
        .add_task(
            Task::new("a")
                .duration(m(960))
                .progress(Progress::started(dt(2026, 3, 2), 50)),
        )
        .unwrap();
    let b = task(&mut p, "b", 480);
    p.add_link(Link::finish_to_start(a, b)).unwrap();
    p.set_status_date(Some(dt(2026, 3, 9))).unwrap();
    let sim = Simulation::new(&p).iterations(1_000);
    let r = simulate(&p, &sim).unwrap();
    let plan = planwright_schedule::plan(&p).unwrap();
    // Fixed durations: every iteration is the plan, which starts the rest
    // of a at the status date (a week after it started).
    assert_eq!(
        r.finish.p(50),
        Some(plan.finish_offset().as_minutes() as f64)
    );
    assert_eq!(r.finish_date(50), Some(plan.finish()));
    assert!(plan.finish() > dt(2026, 3, 9));
}

/// The simulated finish reads like the plan's: a milestone after a task
/// that ends Monday 17:00 finishes Monday 17:00, with one calendar or
/// several, and every percentile date of a fixed project is the plan's.
#[test]
fn a_fixed_project_finishes_on_the_plans_date_in_every_calendar_mode() {
    use planwright_core::DaySchedule;
    use planwright_core::chrono::Weekday;
    for multi in [false, true] {
        let mut p = project();
        let a = task(&mut p, "a", 420); // Monday 09:00-17:00
        let ms = p.add_task(Task::milestone("done")).unwrap();
        p.add_link(Link::finish_to_start(a, ms)).unwrap();
        if multi {
            let seven = Calendar::standard("seven-day")
                .with_weekday(Weekday::Sat, DaySchedule::standard())
                .unwrap();
            let seven = p.add_calendar(seven).unwrap();
            p.add_task(Task::new("x").duration(m(60)).calendar(seven))
                .unwrap();
        }
        let plan = planwright_schedule::plan(&p).unwrap();
        let monday_evening = NaiveDate::from_ymd_opt(2026, 3, 2)
            .unwrap()
            .and_hms_opt(17, 0, 0)
            .unwrap();
        assert_eq!(plan.finish(), monday_evening, "multi {multi}");
        let sim = Simulation::new(&p).iterations(200).seed(5);
        let r = simulate(&p, &sim).unwrap();
        for &(_, date) in &r.finish_dates {
            assert_eq!(date, monday_evening, "multi {multi}");
        }
    }
}
