//! Planning core projects: calendars, summaries, status dates, warnings.

use chrono::{NaiveDate, Weekday};
use planwright_core::{
    Calendar, Constraint, DaySchedule, Duration, Link, LinkKind, Progress, Project, Resource, Task,
    Units, WorkingTime,
};
use planwright_schedule::{Driver, Error, PlanOptions, Warning, plan, plan_with};

use crate::dt;

fn project() -> Project {
    let mut p = Project::new("p");
    // Friday 27 Nov 2026; Monday 30 Nov is a holiday.
    p.set_start(dt(2026, 11, 27, 8, 0));
    p.calendar_mut(p.calendar_id_of_project())
        .unwrap()
        .add_holiday(NaiveDate::from_ymd_opt(2026, 11, 30).unwrap());
    p
}

#[test]
fn calendar_weekends_and_holidays_in_dates() {
    let mut p = project();
    let a = p
        .add_task(Task::new("a").duration(Duration::days(2)))
        .unwrap();
    let b = p
        .add_task(Task::new("b").duration(Duration::hours(4)))
        .unwrap();
    let m = p.add_task(Task::milestone("m")).unwrap();
    p.add_link(Link::finish_to_start(a, b)).unwrap();
    p.add_link(Link::finish_to_start(b, m).lag(Duration::hours(2)))
        .unwrap();
    let plan = plan(&p).unwrap();
    let ra = plan.task(a).unwrap();
    assert_eq!(ra.start, dt(2026, 11, 27, 8, 0));
    assert_eq!(
        ra.finish,
        dt(2026, 12, 1, 17, 0),
        "Friday, (weekend, holiday), Tuesday"
    );
    let rb = plan.task(b).unwrap();
    assert_eq!(
        (rb.start, rb.finish),
        (dt(2026, 12, 2, 8, 0), dt(2026, 12, 2, 12, 0))
    );
    let rm = plan.task(m).unwrap();
    assert_eq!(
        (rm.start, rm.finish),
        (dt(2026, 12, 2, 15, 0), dt(2026, 12, 2, 15, 0))
    );
    assert_eq!(plan.finish_offset(), Duration::hours(16 + 4 + 2));
    assert_eq!(plan.critical_path().collect::<Vec<_>>(), [a, b, m]);
}

#[test]
fn task_and_resource_calendars_schedule_in_elapsed_time() {
    let mut p = project();
    let seven = Calendar::standard("seven-day")
        .with_weekday(Weekday::Sat, DaySchedule::standard())
        .unwrap()
        .with_weekday(Weekday::Sun, DaySchedule::standard())
        .unwrap();
    let seven = p.add_calendar(seven).unwrap();
    let half = p
        .add_calendar(
            Calendar::standard("mornings")
                .with_weekday(Weekday::Fri, DaySchedule::new([WorkingTime::hours(8, 12)]))
                .unwrap(),
        )
        .unwrap();
    let dana = p
        .add_resource(Resource::person("dana").calendar(half))
        .unwrap();
    let site = p
        .add_task(
            Task::new("site")
                .duration(Duration::days(2))
                .calendar(seven),
        )
        .unwrap();
    let after = p
        .add_task(Task::new("after").duration(Duration::days(1)))
        .unwrap();
    let fri = p
        .add_task(
            Task::new("fri")
                .duration(Duration::hours(6))
                .assign(dana, Units::FULL),
        )
        .unwrap();
    p.add_link(Link::finish_to_start(site, after)).unwrap();
    let plan = plan(&p).unwrap();
    let r = plan.task(site).unwrap();
    assert_eq!(
        (r.start, r.finish),
        (dt(2026, 11, 27, 8, 0), dt(2026, 11, 28, 17, 0)),
        "works Saturday"
    );
    let r = plan.task(after).unwrap();
    assert_eq!(
        (r.start, r.finish),
        (dt(2026, 12, 1, 8, 0), dt(2026, 12, 1, 17, 0)),
        "project calendar: Tuesday"
    );
    // Dana's calendar has Friday mornings only: 4h Friday, 2h Tuesday (Monday is
    // a holiday on the project calendar, not on Dana's derived one: she works it).
    let r = plan.task(fri).unwrap();
    assert_eq!(
        (r.start, r.finish),
        (dt(2026, 11, 27, 8, 0), dt(2026, 11, 30, 10, 0))
    );
}

#[test]
fn summary_rollup_and_links_on_summaries() {
    let mut p = project();
    let s = p.add_task(Task::summary("phase")).unwrap();
    let a = p
        .add_task(Task::new("a").duration(Duration::days(1)).parent(s))
        .unwrap();
    let b = p
        .add_task(Task::new("b").duration(Duration::days(3)).parent(s))
        .unwrap();
    let pre = p
        .add_task(Task::new("pre").duration(Duration::days(2)))
        .unwrap();
    let post = p
        .add_task(Task::new("post").duration(Duration::days(1)))
        .unwrap();
    p.add_link(Link::finish_to_start(pre, s)).unwrap();
    p.add_link(Link::finish_to_start(s, post)).unwrap();
    let plan = plan(&p).unwrap();
    let off = |t| plan.task(t).unwrap().offsets;
    assert_eq!(off(a).early_start, Duration::days(2));
    assert_eq!(off(b).early_start, Duration::days(2));
    assert_eq!(
        off(post).early_start,
        Duration::days(5),
        "waits for every task of the summary"
    );
    assert_eq!(off(s).early_start, Duration::days(2));
    assert_eq!(off(s).early_finish, Duration::days(5));
    assert!(plan.task(s).unwrap().critical);
    assert_eq!(plan.task(a).unwrap().total_float, Duration::days(2));
    assert_eq!(plan.critical_path().collect::<Vec<_>>(), [pre, b, post]);
    assert!(plan.warnings().is_empty(), "{:?}", plan.warnings());
    // Why does post start then? b, then pre (through the summary).
    let chain = plan.driving_chain(post);
    assert_eq!(
        chain.iter().map(|(t, _)| *t).collect::<Vec<_>>(),
        [post, b, pre]
    );
    assert!(matches!(chain[0].1, Driver::Link { predecessor, .. } if predecessor.get() == b.get()));
    assert_eq!(chain[2].1, Driver::ProjectStart);

    // An SS link out of a summary is applied to every task: a warning says so.
    let mut p2 = p.clone();
    let x = p2
        .add_task(Task::new("x").duration(Duration::days(1)))
        .unwrap();
    p2.add_link(Link::new(s, x, LinkKind::StartToStart))
        .unwrap();
    let plan2 = planwright_schedule::plan(&p2).unwrap();
    assert!(
        plan2
            .warnings()
            .iter()
            .any(|w| matches!(w, Warning::SummaryLinkStricter { .. }))
    );

    // A link from a summary to its own task is a cycle through the summary.
    let mut p3 = p.clone();
    p3.add_link(Link::finish_to_start(s, a)).unwrap();
    let err = planwright_schedule::plan(&p3).unwrap_err();
    assert!(matches!(err, Error::Cycle { .. }), "{err}");
    assert!(err.to_string().contains("phase (finish)"), "{err}");
}

#[test]
fn status_date_update_on_a_project() {
    let mut p = project();
    let a = p
        .add_task(
            Task::new("a")
                .duration(Duration::days(2))
                .progress(Progress::finished(
                    dt(2026, 11, 27, 8, 0),
                    dt(2026, 12, 2, 17, 0),
                )),
        )
        .unwrap();
    let b = p
        .add_task(
            Task::new("b")
                .duration(Duration::days(4))
                .progress(Progress::started(dt(2026, 12, 3, 8, 0), 25)),
        )
        .unwrap();
    let c = p
        .add_task(Task::new("c").duration(Duration::days(1)))
        .unwrap();
    let d = p
        .add_task(
            Task::new("d")
                .duration(Duration::days(1))
                .deadline(dt(2026, 12, 3, 17, 0)),
        )
        .unwrap();
    p.add_link(Link::finish_to_start(a, b)).unwrap();
    p.add_link(Link::finish_to_start(b, c)).unwrap();
    let status = dt(2026, 12, 7, 8, 0); // Monday
    let plan = plan_with(&p, PlanOptions::new().status_date(status)).unwrap();
    let r = |t| plan.task(t).unwrap();
    assert_eq!(
        (r(a).start, r(a).finish),
        (dt(2026, 11, 27, 8, 0), dt(2026, 12, 2, 17, 0))
    );
    // b: 3 days remain (75 % of 4), from Monday: Mon, Tue, Wed.
    assert_eq!(
        (r(b).start, r(b).finish),
        (dt(2026, 12, 3, 8, 0), dt(2026, 12, 9, 17, 0))
    );
    assert_eq!(r(c).start, dt(2026, 12, 10, 8, 0));
    // d cannot start before the status date, so it misses its deadline.
    assert_eq!(r(d).start, status);
    assert!(r(d).total_float.is_negative());
    let w: Vec<String> = plan.warnings().iter().map(ToString::to_string).collect();
    assert!(
        w.iter()
            .any(|w| w.starts_with("`d` finishes 2026-12-07 17:00:00 after its deadline")),
        "{w:?}"
    );
    assert!(
        w.iter()
            .any(|w| w.starts_with("`d` has negative total float")),
        "{w:?}"
    );
    let opts = PlanOptions::new()
        .status_date(status)
        .near_critical(Duration::days(10));
    assert!(plan_with(&p, opts).unwrap().task(c).unwrap().critical);
}

#[test]
fn constraints_from_dates_and_the_baseline() {
    let mut p = project();
    p.add_resource(Resource::person("ana").rate(planwright_core::Money::major(100)))
        .unwrap();
    let ana = p.resource_id("ana").unwrap();
    let a = p
        .add_task(
            Task::new("a")
                .duration(Duration::days(1))
                .assign(ana, Units::percent(50))
                .constraint(Constraint::StartNoEarlierThan(dt(2026, 12, 2, 13, 0))),
        )
        .unwrap();
    let plan = plan(&p).unwrap();
    assert_eq!(plan.task(a).unwrap().start, dt(2026, 12, 2, 13, 0));
    assert_eq!(plan.task(a).unwrap().finish, dt(2026, 12, 3, 12, 0));
    let base = plan.baseline(&p, "v1", dt(2026, 11, 26, 9, 0)).unwrap();
    assert_eq!(base.entries[&a].cost, planwright_core::Money::major(400));
    assert_eq!(
        base.budget_at_completion(),
        planwright_core::Money::major(400)
    );
    p.add_baseline(base).unwrap();
}

#[test]
fn huge_durations_on_a_calendar_are_errors_not_panics() {
    let mut p = project();
    p.add_task(Task::new("forever").duration(Duration::LIMIT))
        .unwrap();
    let err = plan(&p).unwrap_err();
    assert!(
        matches!(
            err,
            Error::Core(planwright_core::Error::DateOutOfRange { .. })
        ),
        "{err}"
    );
}

#[test]
fn out_of_sequence_progress_is_reported_but_a_lead_is_not() {
    let mut p = project();
    let a = p
        .add_task(
            Task::new("a")
                .duration(Duration::days(3))
                .progress(Progress::started(dt(2026, 11, 27, 8, 0), 50)),
        )
        .unwrap();
    let b = p
        .add_task(
            Task::new("b")
                .duration(Duration::days(2))
                .progress(Progress::started(dt(2026, 12, 1, 8, 0), 10)),
        )
        .unwrap();
    let c = p
        .add_task(
            Task::new("c")
                .duration(Duration::days(2))
                .progress(Progress::finished(
                    dt(2026, 11, 27, 8, 0),
                    dt(2026, 12, 1, 17, 0),
                )),
        )
        .unwrap();
    let d = p
        .add_task(
            Task::new("d")
                .duration(Duration::days(2))
                .progress(Progress::started(dt(2026, 12, 1, 8, 0), 10)),
        )
        .unwrap();
    p.add_link(Link::finish_to_start(a, b)).unwrap(); // b started while a runs
    p.add_link(Link::finish_to_start(c, d).lag(Duration::days(-1)))
        .unwrap(); // a lead: fine
    let plan = plan_with(&p, PlanOptions::new().status_date(dt(2026, 12, 2, 8, 0))).unwrap();
    let oos: Vec<&Warning> = plan
        .warnings()
        .iter()
        .filter(|w| matches!(w, Warning::OutOfSequence { .. }))
        .collect();
    assert_eq!(oos.len(), 1, "{oos:?}");
    assert_eq!(
        oos[0].to_string(),
        "`b` started before its predecessor `a` finished"
    );
}

#[test]
fn engines_take_the_callers_plan_and_refuse_a_foreign_one() {
    use planwright_core::{Resource, Units};
    use planwright_schedule::{Leveling, LevelingOptions, level, level_plan};
    let mut p = Project::new("p");
    p.set_start(dt(2026, 3, 2, 8, 0));
    let ana = p.add_resource(Resource::person("ana")).unwrap();
    for k in ["a", "b", "c"] {
        p.add_task(
            Task::new(k)
                .duration(Duration::days(2))
                .assign(ana, Units::FULL),
        )
        .unwrap();
    }
    let plan = plan(&p).unwrap();
    assert_eq!(
        level_plan(&p, &plan, Leveling::WithDelay).unwrap(),
        level(&p, Leveling::WithDelay).unwrap()
    );
    // A plan of another project, or with another status date, is refused.
    let mut other = p.clone();
    other.add_task(Task::new("d")).unwrap();
    let err = level_plan(&other, &plan, Leveling::WithDelay).unwrap_err();
    assert!(matches!(err, Error::PlanMismatch { .. }), "{err}");
    let opts = LevelingOptions::new(Leveling::WithDelay).status_date(dt(2026, 3, 3, 8, 0));
    let err = level_plan(&p, &plan, opts).unwrap_err();
    assert_eq!(
        err.to_string(),
        "the plan does not match the project: the leveling status date differs from the plan's"
    );
}

#[cfg(feature = "serde")]
#[test]
fn plans_and_options_serialise() {
    let mut p = Project::new("p");
    p.set_start(dt(2026, 3, 2, 8, 0));
    let a = p
        .add_task(Task::new("a").duration(Duration::days(2)))
        .unwrap();
    let opts = PlanOptions::new().status_date(dt(2026, 3, 3, 8, 0));
    let plan = plan_with(&p, opts.clone()).unwrap();
    let json = serde_json::to_value(&plan).unwrap();
    assert_eq!(json["tasks"][0]["key"], "a");
    assert_eq!(json["options"]["status_date"], "2026-03-03T08:00:00");
    assert_eq!(plan.options(), &opts);
    let back: PlanOptions = serde_json::from_value(json["options"].clone()).unwrap();
    assert_eq!(back, opts);
    // Missing fields take their defaults.
    let partial: PlanOptions = serde_json::from_str(r#"{"max_critical_paths": 3}"#).unwrap();
    assert_eq!(partial, PlanOptions::new().max_critical_paths(3));
    assert!(plan.task(a).is_some());
    assert!(plan.task(planwright_core::TaskId::new(7)).is_none());
}

/// The status date lives in the project: planning, leveling and the plan a
/// caller keeps all use it unless a call overrides it.
#[test]
fn the_projects_status_date_is_the_default_everywhere() {
    use planwright_core::{Progress, Resource, Units};
    use planwright_schedule::{Leveling, LevelingOptions, level, level_plan};
    let mut p = Project::new("p");
    p.set_start(dt(2026, 3, 2, 8, 0)); // Monday
    let ana = p.add_resource(Resource::person("ana")).unwrap();
    let a = p
        .add_task(
            Task::new("a")
                .duration(Duration::days(4))
                .assign(ana, Units::FULL)
                .progress(Progress::started(dt(2026, 3, 2, 8, 0), 25)),
        )
        .unwrap();
    let b = p
        .add_task(Task::new("b").duration(Duration::days(1)))
        .unwrap();
    // Without a status date: a warning, and b starts at the project start.
    let plain = plan(&p).unwrap();
    assert!(plain.warnings().iter().any(|w| matches!(
        w,
        Warning::ProgressWithoutStatusDate { task } if task == "a"
    )));
    assert_eq!(plain.task(b).unwrap().start, dt(2026, 3, 2, 8, 0));
    // a's completed day runs from its actual start, its 3 remaining days
    // right after: 4 days, as if the work had gone to plan.
    assert_eq!(plain.task(a).unwrap().finish, dt(2026, 3, 5, 17, 0));
    // With one on Wednesday morning: nothing unstarted starts before it.
    p.set_status_date(Some(dt(2026, 3, 4, 8, 0))).unwrap();
    let at_status = plan(&p).unwrap();
    assert_eq!(at_status.options().status_date, Some(dt(2026, 3, 4, 8, 0)));
    assert_eq!(at_status.task(b).unwrap().start, dt(2026, 3, 4, 8, 0));
    assert!(at_status.warnings().is_empty());
    // a's remaining 3 days continue from the status date.
    assert_eq!(at_status.task(a).unwrap().finish, dt(2026, 3, 6, 17, 0));
    // An explicit date overrides the project's.
    let later = plan_with(&p, PlanOptions::new().status_date(dt(2026, 3, 9, 8, 0))).unwrap();
    assert_eq!(later.task(b).unwrap().start, dt(2026, 3, 9, 8, 0));
    // Leveling uses the project's date too, and accepts the plan made with it.
    assert_eq!(
        level(&p, Leveling::WithDelay).unwrap(),
        level_plan(&p, &at_status, Leveling::WithDelay).unwrap()
    );
    let other = LevelingOptions::new(Leveling::WithDelay).status_date(dt(2026, 3, 9, 8, 0));
    assert!(level_plan(&p, &at_status, other).is_err());
    // Progress cannot be reported after the status date.
    let err = p
        .update_task(b, |t| {
            t.progress = Progress::started(dt(2026, 3, 5, 8, 0), 10);
        })
        .unwrap_err();
    assert!(
        matches!(err, planwright_core::Error::ProgressAfterStatusDate { .. }),
        "{err}"
    );
    assert!(p.set_status_date(Some(dt(2026, 3, 1, 8, 0))).is_err());
}

/// A milestone is a moment: it sits where its predecessor finishes
/// (Thursday 17:00, not Friday 08:00), the same in the plan, the leveled
/// schedule and the project finish, with one calendar or several; and a
/// finish never precedes the project start.
#[test]
fn a_milestone_is_a_moment_in_every_calendar_mode() {
    use planwright_schedule::{Leveling, level};
    for multi in [false, true] {
        let mut p = Project::new("p");
        p.set_start(dt(2026, 3, 5, 8, 0)); // Thursday
        let ana = p.add_resource(Resource::person("ana")).unwrap();
        let a = p
            .add_task(
                Task::new("a")
                    .duration(Duration::days(1))
                    .assign(ana, Units::FULL),
            )
            .unwrap();
        let m = p.add_task(Task::milestone("m")).unwrap();
        p.add_link(Link::finish_to_start(a, m)).unwrap();
        if multi {
            // A task on another calendar puts the plan in elapsed time.
            let seven = Calendar::standard("seven-day")
                .with_weekday(Weekday::Sat, DaySchedule::standard())
                .unwrap();
            let seven = p.add_calendar(seven).unwrap();
            p.add_task(Task::new("x").duration(Duration::hours(1)).calendar(seven))
                .unwrap();
        }
        let plan = plan(&p).unwrap();
        let thu_evening = dt(2026, 3, 5, 17, 0);
        let r = plan.task(m).unwrap();
        assert_eq!(
            (r.start, r.finish),
            (thu_evening, thu_evening),
            "multi {multi}"
        );
        assert_eq!(
            (r.dates.early_start, r.dates.late_finish),
            (thu_evening, thu_evening),
            "multi {multi}"
        );
        assert!(
            r.critical && r.total_float == Duration::ZERO,
            "multi {multi}"
        );
        assert_eq!(plan.finish(), thu_evening, "multi {multi}");
        let leveled = level(&p, Leveling::WithDelay).unwrap();
        let l = leveled.task(m).unwrap();
        assert_eq!(
            (l.start, l.finish),
            (thu_evening, thu_evening),
            "multi {multi}"
        );
        assert_eq!(leveled.finish_after, thu_evening, "multi {multi}");
    }
    // A project of one milestone finishes when it starts: at a working
    // start, at once; on a Saturday, at Monday's first working minute (and
    // never on the Friday before).
    for (start, expect) in [
        (dt(2026, 3, 2, 8, 0), dt(2026, 3, 2, 8, 0)),
        (dt(2026, 3, 7, 0, 0), dt(2026, 3, 9, 8, 0)),
    ] {
        let mut p = Project::new("p");
        p.set_start(start);
        let m = p.add_task(Task::milestone("kick-off")).unwrap();
        let plan = plan(&p).unwrap();
        let r = plan.task(m).unwrap();
        assert_eq!((r.start, r.finish, plan.finish()), (expect, expect, expect));
    }
}
