//! Gantt charts checked in pixels: critical colour, bar extents against
//! the plan's dates, milestones, non-working shading, escaping, windows,
//! leveling, determinism, errors, size.

use chrono::{NaiveDate, NaiveDateTime};
use planwright_chart::{Error, GanttOptions, Palette, Style, TimeScale, gantt, gantt_leveled};
use planwright_core::{
    Calendar, Constraint, Duration, Link, Progress, Project, Resource, Task, TaskId, Units,
};
use planwright_schedule::{Leveling, Plan, level, plan};
use proptest::prelude::*;

use crate::render::{render, title_and_desc};

fn at(m: u32, d: u32, h: u32) -> NaiveDateTime {
    NaiveDate::from_ymd_opt(2024, m, d)
        .unwrap()
        .and_hms_opt(h, 0, 0)
        .unwrap()
}

const CRITICAL: &str = "#d55e00";
const BAR: &str = "#0072b2";
const SHADE: &str = "#eeeeee";

struct Sample {
    project: Project,
    plan: Plan,
    ids: Vec<TaskId>,
}

/// Build (summary) holds dig (2d, half done) and pour (3d, a hostile
/// name); done (milestone, deadline) follows pour; paint (1d) starts with
/// dig and has float. Friday 15 March is a holiday.
fn sample() -> Sample {
    let mut p = Project::new("Site <A&B>");
    p.set_start(at(3, 4, 8));
    let cal = p.calendar_mut(p.calendar_id_of_project()).unwrap();
    cal.add_holiday(NaiveDate::from_ymd_opt(2024, 3, 15).unwrap());
    let build = p.add_task(Task::summary("build").name("Build")).unwrap();
    let dig = p
        .add_task(
            Task::new("dig")
                .duration(Duration::days(2))
                .parent(build)
                .progress(Progress::started(at(3, 4, 8), 50)),
        )
        .unwrap();
    let pour = p
        .add_task(
            Task::new("pour")
                .name("pour <script>alert(1)</script>")
                .duration(Duration::days(3))
                .parent(build),
        )
        .unwrap();
    let done = p
        .add_task(Task::milestone("done").deadline(at(3, 12, 17)))
        .unwrap();
    let paint = p
        .add_task(Task::new("paint").duration(Duration::days(1)))
        .unwrap();
    p.add_link(Link::finish_to_start(dig, pour)).unwrap();
    p.add_link(Link::finish_to_start(pour, done)).unwrap();
    p.add_link(Link::start_to_start(dig, paint)).unwrap();
    p.set_status_date(Some(at(3, 5, 12))).unwrap();
    let plan = plan(&p).unwrap();
    let b = plan.baseline(&p, "approved", at(3, 1, 9)).unwrap();
    p.add_baseline(b).unwrap();
    let plan = planwright_schedule::plan(&p).unwrap();
    Sample {
        project: p,
        plan,
        ids: vec![build, dig, pour, done, paint],
    }
}

/// Where an instant must be drawn, by the documented layout (computed
/// here, not by the library): `label_width + (t − from) / (to − from) ×
/// (width − label_width − 12)`.
fn x_at(opts: &GanttOptions, from: NaiveDateTime, to: NaiveDateTime, t: NaiveDateTime) -> f64 {
    let share = (t - from).num_seconds() as f64 / (to - from).num_seconds() as f64;
    opts.label_width + share * (opts.style.width - opts.label_width - 12.0)
}

fn options() -> GanttOptions {
    GanttOptions::new()
        .style(Style::default().size(1000.0, 400.0))
        .window(at(3, 3, 0), at(3, 17, 0))
}

#[test]
fn bars_sit_on_their_dates_in_their_colours() {
    let s = sample();
    let opts = options();
    let svg = gantt(&s.project, &s.plan, &opts).unwrap();
    let pic = render(&svg);
    pic.assert_inside();
    let (from, to) = (at(3, 3, 0), at(3, 17, 0));
    let row_top = |i: usize| opts.row_middle(i) - opts.row_height / 2.0;
    // pour (row 2) is critical: its bar's pixels are the critical colour
    // and span its dates within a pixel.
    let pour = s.plan.task(s.ids[2]).unwrap();
    assert!(pour.critical);
    let y = row_top(2) + opts.row_height * 0.3;
    let (a, b) = pic.extent(y, CRITICAL).expect("a critical bar");
    let (xa, xb) = (
        x_at(&opts, from, to, pour.start),
        x_at(&opts, from, to, pour.finish),
    );
    assert!(
        (a - xa).abs() <= 1.0 && (b - xb).abs() <= 1.0,
        "bar {a}..{b}, dates {xa}..{xb}"
    );
    // paint (row 4) has float: the ordinary colour, at its dates.
    let paint = s.plan.task(s.ids[4]).unwrap();
    assert!(!paint.critical);
    let (a, b) = pic
        .extent(row_top(4) + opts.row_height * 0.3, BAR)
        .expect("an ordinary bar");
    assert!((a - x_at(&opts, from, to, paint.start)).abs() <= 1.0);
    assert!((b - x_at(&opts, from, to, paint.finish)).abs() <= 1.0);
    // The milestone's diamond, critical, at its date.
    let done = s.plan.task(s.ids[3]).unwrap();
    assert_eq!(
        pic.colour(x_at(&opts, from, to, done.start), opts.row_middle(3)),
        CRITICAL
    );
    // Non-working time shaded: Saturday 9 March and the holiday, on a row
    // without a bar there.
    assert_eq!(
        pic.colour(x_at(&opts, from, to, at(3, 9, 12)), opts.row_middle(4)),
        SHADE
    );
    assert_eq!(
        pic.colour(x_at(&opts, from, to, at(3, 15, 12)), opts.row_middle(4)),
        SHADE
    );
    assert_eq!(
        pic.colour(x_at(&opts, from, to, at(3, 14, 12)), opts.row_middle(4)),
        "#ffffff"
    );
    // Progress fill on dig, the status line, links, the deadline.
    assert_eq!(svg.matches("class=\"progress\"").count(), 1);
    assert_eq!(svg.matches("class=\"status\"").count(), 1);
    assert_eq!(svg.matches("class=\"link\"").count(), 3);
    assert_eq!(svg.matches("class=\"deadline\"").count(), 1);
    assert_eq!(svg.matches("class=\"summary\"").count(), 1);
    // Title, description, escaping.
    let (title, desc) = title_and_desc(&svg);
    assert_eq!(title, "Gantt chart of Site &lt;A&amp;B&gt;");
    assert!(
        desc.starts_with("5 tasks from 2024-03-03 to 2024-03-17"),
        "{desc}"
    );
    assert!(svg.contains("pour &lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(!svg.contains("<script"));
    // Same input, same bytes.
    assert_eq!(gantt(&s.project, &s.plan, &opts).unwrap(), svg);
}

#[test]
fn baselines_windows_scales_and_pages() {
    let s = sample();
    let (id, _) = s.project.baselines().next().unwrap();
    let svg = gantt(&s.project, &s.plan, &options().baseline(id)).unwrap();
    assert_eq!(
        svg.matches("class=\"baseline\"").count(),
        4,
        "every task but the summary"
    );
    render(&svg).assert_inside();
    // A page of rows: only those labels, and the height follows.
    let page = gantt(&s.project, &s.plan, &options().rows(1..3)).unwrap();
    assert!(page.contains(">dig<") && page.contains("pour &lt;") && !page.contains(">paint<"));
    assert!(page.contains("height=\"92\""), "40 header + 2 x 22 + 8");
    assert_eq!(
        page.matches("class=\"link\"").count(),
        1,
        "only dig -> pour is on the page"
    );
    // A window that cuts bars: they are clipped to it, nothing outside.
    let cut = gantt(
        &s.project,
        &s.plan,
        &options().window(at(3, 6, 12), at(3, 8, 0)),
    )
    .unwrap();
    render(&cut).assert_inside();
    // Scales: day labels, week labels, month labels.
    for (scale, label) in [
        (TimeScale::Day, ">04<"),
        (TimeScale::Week, ">W10<"),
        (TimeScale::Month, ">2024-03<"),
    ] {
        let svg = gantt(&s.project, &s.plan, &options().scale(scale)).unwrap();
        assert!(svg.contains(label), "{scale:?}");
    }
    // The default window covers the plan: every bar and no error.
    let auto = gantt(&s.project, &s.plan, &GanttOptions::new()).unwrap();
    render(&auto).assert_inside();
}

#[test]
fn leveled_bars_move_and_show_where_they_were() {
    let mut p = Project::new("lev");
    p.set_start(at(3, 4, 8));
    let ana = p.add_resource(Resource::person("ana")).unwrap();
    let a = p
        .add_task(
            Task::new("a")
                .duration(Duration::days(2))
                .assign(ana, Units::FULL),
        )
        .unwrap();
    let b = p
        .add_task(
            Task::new("b")
                .duration(Duration::days(2))
                .assign(ana, Units::FULL),
        )
        .unwrap();
    let pl = plan(&p).unwrap();
    let lev = level(&p, Leveling::WithDelay).unwrap();
    assert!(lev.feasible);
    let opts = options();
    let svg = gantt_leveled(&p, &pl, &lev, &opts).unwrap();
    let pic = render(&svg);
    pic.assert_inside();
    assert_eq!(
        svg.matches("class=\"original\"").count(),
        1,
        "one task moved"
    );
    let (from, to) = (at(3, 3, 0), at(3, 17, 0));
    for (row, id) in [(0, a), (1, b)] {
        let t = lev.tasks.iter().find(|t| t.task == id).unwrap();
        let y = opts.row_middle(row) - opts.row_height * 0.2;
        let colour = if pl.task(id).unwrap().critical {
            CRITICAL
        } else {
            BAR
        };
        let (x0, x1) = pic
            .extent(y, colour)
            .or_else(|| pic.extent(y, BAR))
            .or_else(|| pic.extent(y, CRITICAL))
            .unwrap();
        assert!(
            (x0 - x_at(&opts, from, to, t.start)).abs() <= 1.0,
            "{x0} vs {}",
            x_at(&opts, from, to, t.start)
        );
        assert!((x1 - x_at(&opts, from, to, t.finish)).abs() <= 1.0);
    }
}

#[test]
fn bad_options_are_errors() {
    let s = sample();
    let mut bad = Palette::default();
    bad.critical = "red\" onload=\"x".into();
    let e = gantt(
        &s.project,
        &s.plan,
        &options().style(Style::default().palette(bad)),
    )
    .unwrap_err();
    assert!(
        matches!(
            e,
            Error::InvalidColour {
                name: "critical",
                ..
            }
        ),
        "{e}"
    );
    let e = gantt(
        &s.project,
        &s.plan,
        &options().window(at(3, 5, 0), at(3, 4, 0)),
    )
    .unwrap_err();
    assert!(
        matches!(
            e,
            Error::InvalidOption {
                option: "window",
                ..
            }
        ),
        "{e}"
    );
    let e = gantt(
        &s.project,
        &s.plan,
        &options().window(at(3, 5, 0), at(3, 5, 0) + chrono::Duration::days(40_000)),
    )
    .unwrap_err();
    assert!(
        matches!(
            e,
            Error::InvalidOption {
                option: "window",
                ..
            }
        ),
        "{e}"
    );
    let e = gantt(&s.project, &s.plan, &options().rows(3..3)).unwrap_err();
    assert!(
        matches!(e, Error::InvalidOption { option: "rows", .. }),
        "{e}"
    );
    let e = gantt(
        &s.project,
        &s.plan,
        &options().style(Style::default().size(20.0, 400.0)),
    )
    .unwrap_err();
    assert!(
        matches!(
            e,
            Error::InvalidOption {
                option: "width",
                ..
            }
        ),
        "{e}"
    );
    let other = Project::new("other");
    let e = gantt(&other, &s.plan, &options()).unwrap_err();
    assert!(matches!(e, Error::Mismatch(_)), "{e}");
    let mut bigger = s.project.clone();
    bigger.add_task(Task::new("extra")).unwrap();
    assert!(matches!(
        gantt(&bigger, &s.plan, &options()).unwrap_err(),
        Error::Mismatch(_)
    ));
}

/// A chain of `n` tasks in summaries of ten, with links.
fn big(n: usize) -> (Project, Plan) {
    let mut p = Project::new("big");
    p.set_start(at(3, 4, 8));
    let mut prev = None;
    let mut parent = None;
    for i in 0..n {
        if i % 10 == 0 {
            parent = Some(p.add_task(Task::summary(format!("s{i}"))).unwrap());
        }
        let mut t = Task::new(format!("t{i}"))
            .duration(Duration::hours(1 + (i % 7) as i64))
            .parent(parent.unwrap());
        if i % 13 == 0 {
            t = t.constraint(Constraint::StartNoEarlierThan(
                at(3, 4, 8) + chrono::Duration::days((i / 13) as i64),
            ));
        }
        let id = p.add_task(t).unwrap();
        if let Some(q) = prev {
            if i % 3 != 0 {
                p.add_link(Link::finish_to_start(q, id)).unwrap();
            }
        }
        prev = Some(id);
    }
    let pl = plan(&p).unwrap();
    (p, pl)
}

#[test]
fn output_grows_linearly_and_pages_stay_small() {
    let (p1, pl1) = big(1_000);
    let (p2, pl2) = big(2_000);
    let a = gantt(&p1, &pl1, &GanttOptions::new()).unwrap().len() as f64;
    let b = gantt(&p2, &pl2, &GanttOptions::new()).unwrap().len() as f64;
    assert!(b / a <= 2.05, "{a} -> {b} bytes: more than linear");
    assert!(a / 1_100.0 < 700.0, "{} bytes a row", a / 1_100.0);
    let page = gantt(&p2, &pl2, &GanttOptions::new().rows(0..50)).unwrap();
    assert!(page.len() < 60_000, "{}", page.len());
    render(&page).assert_inside();
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Random small plans: a valid picture, inside its box, whatever the
    /// calendar, links and window.
    #[test]
    fn random_plans_draw(durations in prop::collection::vec(0i64..3_000, 1..12), links in prop::collection::vec((0usize..12, 0usize..12, 0u8..4, -600i64..1_200), 0..16), holiday in 0u32..20, window in prop::option::of((0i64..20, 1i64..30))) {
        let mut p = Project::new("r");
        p.set_start(at(3, 4, 8));
        let mut cal = Calendar::standard("c");
        cal.add_holiday(NaiveDate::from_ymd_opt(2024, 3, 4 + holiday).unwrap());
        let c = p.add_calendar(cal).unwrap();
        let ids: Vec<_> = durations.iter().enumerate().map(|(i, &d)| {
            let t = if d < 60 { Task::milestone(format!("m{i}")) } else { Task::new(format!("t{i}")).duration(Duration::minutes(d)) };
            let t = if i % 3 == 0 { t.calendar(c) } else { t };
            p.add_task(t).unwrap()
        }).collect();
        for (a, b, k, lag) in links {
            if a < b && b < ids.len() {
                let kind = [planwright_core::LinkKind::FinishToStart, planwright_core::LinkKind::StartToStart, planwright_core::LinkKind::FinishToFinish, planwright_core::LinkKind::StartToFinish][usize::from(k)];
                let _ = p.add_link(Link::new(ids[a], ids[b], kind).lag(Duration::minutes(lag)));
            }
        }
        let pl = plan(&p).unwrap();
        let mut opts = GanttOptions::new();
        if let Some((s, len)) = window {
            let from = at(3, 1, 0) + chrono::Duration::days(s);
            opts = opts.window(from, from + chrono::Duration::days(len));
        }
        let svg = gantt(&p, &pl, &opts).unwrap();
        render(&svg).assert_inside();
    }
}
