//! Resource leveling.

use chrono::{NaiveDate, Weekday};
use planwright_core::{
    Calendar, DaySchedule, Duration, Link, LinkKind, Priority, Project, Resource, Task, TaskId,
    Units,
};
use planwright_schedule::{Leveling, LevelingOptions, LevelingOrder, Unresolvable, level, plan};
use proptest::prelude::*;

use crate::dt;

/// A project starting Monday 2 March 2026, 08:00.
fn project() -> Project {
    let mut p = Project::new("lev");
    p.set_start(dt(2026, 3, 2, 8, 0));
    p
}

fn d(n: i64) -> Duration {
    Duration::days(n)
}

/// What no leveling can fix is said, conflict by conflict.
#[test]
fn remaining_conflicts_say_why_nothing_could_fix_them() {
    use planwright_core::Progress;
    let causes = |p: &Project, mode| -> Vec<Unresolvable> {
        let r = level(p, mode).unwrap();
        assert!(!r.feasible);
        let mut c: Vec<_> = r.remaining.iter().map(|o| o.cause.clone()).collect();
        c.dedup();
        c
    };
    // 150 % of a full-time person.
    let mut p = project();
    let ana = p.add_resource(Resource::person("ana")).unwrap();
    p.add_task(
        Task::new("big")
            .duration(d(2))
            .assign(ana, Units::percent(150)),
    )
    .unwrap();
    assert_eq!(
        causes(&p, Leveling::WithDelay),
        [Unresolvable::UnitsAboveCapacity { task: "big".into() }]
    );
    // A task on a seven-day calendar books a Monday-to-Friday person on
    // the weekend.
    let mut p = project();
    let ana = p.add_resource(Resource::person("ana")).unwrap();
    let all_week = p.add_calendar(Calendar::continuous("24/7")).unwrap();
    p.add_task(
        Task::new("watch")
            .duration(d(3))
            .assign(ana, Units::FULL)
            .calendar(all_week),
    )
    .unwrap();
    assert_eq!(
        causes(&p, Leveling::WithDelay),
        [Unresolvable::CalendarMismatch {
            task: "watch".into()
        }]
    );
    // Two started tasks overlap: neither may move.
    let mut p = project();
    let ana = p.add_resource(Resource::person("ana")).unwrap();
    for k in ["a", "b"] {
        p.add_task(
            Task::new(k)
                .duration(d(4))
                .assign(ana, Units::FULL)
                .progress(Progress::started(dt(2026, 3, 2, 8, 0), 25)),
        )
        .unwrap();
    }
    p.set_status_date(Some(dt(2026, 3, 3, 8, 0))).unwrap();
    assert_eq!(causes(&p, Leveling::WithDelay), [Unresolvable::Immovable]);
    // Within float, two critical tasks on one person: no float to use.
    let mut p = project();
    let ana = p.add_resource(Resource::person("ana")).unwrap();
    p.add_task(Task::new("a").duration(d(2)).assign(ana, Units::FULL))
        .unwrap();
    p.add_task(Task::new("b").duration(d(2)).assign(ana, Units::FULL))
        .unwrap();
    assert_eq!(causes(&p, Leveling::WithinFloat), [Unresolvable::NoFloat]);
    assert!(level(&p, Leveling::WithDelay).unwrap().feasible);
}

#[test]
fn within_float_moves_only_inside_float() {
    let mut p = project();
    let ana = p.add_resource(Resource::person("ana")).unwrap();
    let a = p
        .add_task(Task::new("a").duration(d(1)).assign(ana, Units::FULL))
        .unwrap();
    let c = p.add_task(Task::new("c").duration(d(3))).unwrap();
    let b = p
        .add_task(Task::new("b").duration(d(1)).assign(ana, Units::FULL))
        .unwrap();
    p.add_link(Link::finish_to_start(a, c)).unwrap();
    let r = level(&p, Leveling::WithinFloat).unwrap();
    assert!(r.feasible, "{:?}", r.remaining);
    assert_eq!(r.before.len(), 1);
    assert_eq!(
        r.task(a).unwrap().delay,
        Duration::ZERO,
        "critical a keeps its place"
    );
    assert_eq!(r.task(b).unwrap().delay, d(1));
    assert_eq!(
        r.task(b).unwrap().reason.as_ref().unwrap().to_string(),
        "ana was fully booked on 2026-03-02 by a"
    );
    assert_eq!(r.finish_after, r.finish_before);
    let _ = c;
}

#[test]
fn within_float_reports_what_needs_delay_and_with_delay_resolves_it() {
    let mut p = project();
    let ana = p.add_resource(Resource::person("ana")).unwrap();
    let a = p
        .add_task(Task::new("a").duration(d(2)).assign(ana, Units::FULL))
        .unwrap();
    let b = p
        .add_task(Task::new("b").duration(d(2)).assign(ana, Units::FULL))
        .unwrap();
    let r = level(&p, Leveling::WithinFloat).unwrap();
    assert!(!r.feasible);
    assert_eq!(r.remaining.len(), 2);
    assert_eq!(
        r.remaining[0].to_string(),
        "ana on 2026-03-02: 16.0 h booked, 8.0 h available (a, b): within float: resolving it would delay the finish or a deadline"
    );
    assert_eq!(r.finish_after, r.finish_before);
    let r = level(&p, Leveling::WithDelay).unwrap();
    assert!(r.feasible);
    assert_eq!(r.task(b).unwrap().start, dt(2026, 3, 4, 8, 0));
    assert_eq!(r.finish_after, dt(2026, 3, 5, 17, 0));
    let _ = a;
}

#[test]
fn a_higher_priority_task_is_not_delayed_for_a_lower_one() {
    let mut p = project();
    let ana = p.add_resource(Resource::person("ana")).unwrap();
    // P (no resource) -> H (high priority); L (low priority) competes for ana
    // and has less float, so "standard" order would serve it first.
    let pre = p
        .add_task(
            Task::new("pre")
                .duration(d(1))
                .priority(Priority::new(100).unwrap()),
        )
        .unwrap();
    let h = p
        .add_task(
            Task::new("h")
                .duration(d(2))
                .assign(ana, Units::FULL)
                .priority(Priority::new(900).unwrap()),
        )
        .unwrap();
    let l = p
        .add_task(
            Task::new("l")
                .duration(d(4))
                .assign(ana, Units::FULL)
                .priority(Priority::new(100).unwrap()),
        )
        .unwrap();
    p.add_link(Link::finish_to_start(pre, h)).unwrap();
    let r = level(&p, Leveling::WithDelay).unwrap();
    assert!(r.feasible);
    assert_eq!(
        r.task(h).unwrap().delay,
        Duration::ZERO,
        "h must not wait for l"
    );
    assert!(r.task(l).unwrap().delay > Duration::ZERO);
    // The standard order (float first) serves l first: h waits.
    let r = level(
        &p,
        LevelingOptions::new(Leveling::WithDelay)
            .order(LevelingOrder::Standard)
            .budget(1),
    )
    .unwrap();
    assert!(r.task(h).unwrap().delay > Duration::ZERO);
    // Priority 1000 is never leveled.
    let mut p2 = p.clone();
    p2.update_task(l, |t| t.priority = Priority::HIGHEST)
        .unwrap();
    let r = level(&p2, Leveling::WithDelay).unwrap();
    assert_eq!(r.task(l).unwrap().delay, Duration::ZERO);
}

#[test]
fn a_part_time_resource_and_a_holiday_with_and_without_splitting() {
    let mut p = project();
    let pcal = p.calendar_id_of_project();
    // Ana is on holiday on Wednesday 4 March.
    let ana_cal = p
        .add_calendar(
            p.project_calendar()
                .derive("ana")
                .with_holiday(NaiveDate::from_ymd_opt(2026, 3, 4).unwrap()),
        )
        .unwrap();
    let ana = p
        .add_resource(Resource::person("ana").calendar(ana_cal))
        .unwrap();
    // The task follows the project calendar (say, a machine run Ana tends).
    let t = p
        .add_task(
            Task::new("run")
                .duration(d(3))
                .assign(ana, Units::FULL)
                .calendar(pcal),
        )
        .unwrap();
    let before = plan(&p).unwrap();
    assert_eq!(before.task(t).unwrap().finish, dt(2026, 3, 4, 17, 0));
    let r = level(&p, Leveling::WithDelay).unwrap();
    assert!(r.feasible);
    let row = r.task(t).unwrap();
    assert_eq!(
        (row.start, row.finish),
        (dt(2026, 3, 5, 8, 0), dt(2026, 3, 9, 17, 0)),
        "moved past the holiday whole"
    );
    assert!(row.parts.is_empty());
    let r = level(&p, LevelingOptions::new(Leveling::WithDelay).split(true)).unwrap();
    assert!(r.feasible);
    let row = r.task(t).unwrap();
    assert_eq!(
        (row.start, row.finish),
        (dt(2026, 3, 2, 8, 0), dt(2026, 3, 5, 17, 0)),
        "interrupted by the holiday"
    );
    assert_eq!(
        row.parts,
        [
            (dt(2026, 3, 2, 8, 0), dt(2026, 3, 3, 17, 0)),
            (dt(2026, 3, 5, 8, 0), dt(2026, 3, 5, 17, 0))
        ]
    );

    // Part time: Dara works Monday to Thursday.
    let mut q = project();
    let pcal = q.calendar_id_of_project();
    let four = q
        .add_calendar(
            Calendar::standard("mon-thu")
                .with_weekday(Weekday::Fri, DaySchedule::non_working())
                .unwrap(),
        )
        .unwrap();
    let dara = q
        .add_resource(Resource::person("dara").calendar(four))
        .unwrap();
    // Starts Thursday on the project calendar: Friday would be over-allocated.
    let x = q
        .add_task(
            Task::new("x")
                .duration(d(2))
                .assign(dara, Units::FULL)
                .calendar(pcal)
                .constraint(planwright_core::Constraint::StartNoEarlierThan(dt(
                    2026, 3, 5, 8, 0,
                ))),
        )
        .unwrap();
    let r = level(&q, Leveling::WithDelay).unwrap();
    assert!(r.feasible);
    assert_eq!(r.before.len(), 1);
    assert_eq!(
        r.before[0].date,
        NaiveDate::from_ymd_opt(2026, 3, 6).unwrap()
    );
    assert_eq!(r.task(x).unwrap().start, dt(2026, 3, 9, 8, 0));
    let h = &r.histograms[0];
    assert!(h.days.iter().all(|u| u.after <= u.capacity + 1e-9));
    assert_eq!(
        h.days
            .iter()
            .find(|u| u.date == NaiveDate::from_ymd_opt(2026, 3, 6).unwrap())
            .unwrap()
            .capacity,
        0.0
    );
}

#[test]
fn selected_resources_range_and_previous_leveling() {
    let mut p = project();
    let ana = p.add_resource(Resource::person("ana")).unwrap();
    let ben = p.add_resource(Resource::person("ben")).unwrap();
    let a = p
        .add_task(Task::new("a").duration(d(1)).assign(ana, Units::FULL))
        .unwrap();
    let b = p
        .add_task(Task::new("b").duration(d(1)).assign(ana, Units::FULL))
        .unwrap();
    let c = p
        .add_task(Task::new("c").duration(d(1)).assign(ben, Units::FULL))
        .unwrap();
    let e = p
        .add_task(Task::new("e").duration(d(1)).assign(ben, Units::FULL))
        .unwrap();
    let only_ben = level(
        &p,
        LevelingOptions::new(Leveling::WithDelay).resources(vec![ben]),
    )
    .unwrap();
    assert_eq!(
        only_ben.task(b).unwrap().delay,
        Duration::ZERO,
        "ana is not leveled"
    );
    assert_eq!(only_ben.task(e).unwrap().delay, d(1));
    // A range that starts after the conflicts: nothing moves.
    let later = level(
        &p,
        LevelingOptions::new(Leveling::WithDelay).range(
            NaiveDate::from_ymd_opt(2026, 3, 10).unwrap(),
            NaiveDate::from_ymd_opt(2026, 3, 20).unwrap(),
        ),
    )
    .unwrap();
    assert!(later.tasks.iter().all(|t| t.delay == Duration::ZERO));
    assert!(later.feasible, "no over-allocation inside the range");
    // Keeping previous leveling: a start from an earlier run is a floor.
    let first = level(&p, Leveling::WithDelay).unwrap();
    let mut prev = first.starts();
    prev.insert(a, dt(2026, 3, 5, 8, 0));
    let again = level(
        &p,
        LevelingOptions::new(Leveling::WithDelay).keep_previous(prev),
    )
    .unwrap();
    assert_eq!(again.task(a).unwrap().start, dt(2026, 3, 5, 8, 0));
    let _ = c;
}

/// A random link: (from, to, kind 0–3 = FS/SS/FF/SF, lag in hours −8..8).
type RandomLink = (usize, usize, u8, i8);

fn random_project(
    tasks: &[(u8, u8, u8, u8)],
    links: &[RandomLink],
    deadline: Option<u8>,
) -> Project {
    let mut p = project();
    let people: Vec<_> = (0..3)
        .map(|k| p.add_resource(Resource::person(format!("r{k}"))).unwrap())
        .collect();
    let ids: Vec<TaskId> = tasks
        .iter()
        .enumerate()
        .map(|(i, &(dur, r, units, prio))| {
            let mut t = Task::new(format!("t{i}"))
                .duration(Duration::hours(i64::from(dur) * 4))
                .priority(Priority::new(u16::from(prio) * 100).unwrap());
            if r < 3 {
                t = t.assign(people[usize::from(r)], Units::percent(u32::from(units)));
            }
            p.add_task(t).unwrap()
        })
        .collect();
    for &(a, b, kind, lag) in links {
        let (a, b) = (a % ids.len(), b % ids.len());
        if a < b {
            let kind = [
                LinkKind::FinishToStart,
                LinkKind::StartToStart,
                LinkKind::FinishToFinish,
                LinkKind::StartToFinish,
            ][usize::from(kind % 4)];
            let _ =
                p.add_link(Link::new(ids[a], ids[b], kind).lag(Duration::hours(i64::from(lag))));
        }
    }
    if let Some(dl) = deadline {
        let last = ids[ids.len() - 1];
        p.update_task(last, |t| {
            t.deadline = Some(dt(2026, 3, 2, 8, 0) + chrono::Duration::days(i64::from(dl)))
        })
        .unwrap();
    }
    p
}

fn links() -> impl Strategy<Value = Vec<RandomLink>> {
    prop::collection::vec((0usize..9, 0usize..9, 0u8..4, -8i8..8), 0..8)
}

/// Every link of `p` holds between the leveled dates (working time on the
/// project calendar, which every task of `random_project` works on),
/// checked from the project's links, not the engine's model.
fn links_hold(p: &Project, r: &planwright_schedule::LevelingResult) -> Result<(), String> {
    let cal = p.project_calendar();
    let w = |t| {
        cal.offset_of(p.start(), t)
            .map(|d| d.as_minutes())
            .unwrap_or(i64::MIN)
    };
    for (_, l) in p.links() {
        let (a, b) = (r.task(l.from).unwrap(), r.task(l.to).unwrap());
        let base = if l.kind.from_finish() {
            a.finish
        } else {
            a.start
        };
        let target = if l.kind.to_finish() {
            b.finish
        } else {
            b.start
        };
        if w(target) - w(base) < l.lag.as_minutes() {
            return Err(format!(
                "{:?} {} -> {} lag {}: {} then {}",
                l.kind, a.key, b.key, l.lag, base, target
            ));
        }
    }
    Ok(())
}

fn tasks() -> impl Strategy<Value = Vec<(u8, u8, u8, u8)>> {
    prop::collection::vec((1u8..6, 0u8..4, 25u8..=100, 0u8..10), 2..9)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    /// Where the result claims feasibility, no resource is over capacity on
    /// any day; with delay the finish is never earlier than the critical
    /// path's; the same input gives the same output.
    #[test]
    fn with_delay_is_feasible_and_no_shorter(ts in tasks(), links in links(), split in any::<bool>()) {
        let p = random_project(&ts, &links, None);
        let opts = LevelingOptions::new(Leveling::WithDelay).split(split).budget(16);
        let r = level(&p, opts.clone()).unwrap();
        prop_assert!(r.feasible, "{:?}", r.remaining);
        for h in &r.histograms {
            for u in &h.days {
                prop_assert!(u.after <= u.capacity + 1e-9, "{} {} {} > {}", h.key, u.date, u.after, u.capacity);
            }
        }
        prop_assert!(r.finish_after >= r.finish_before);
        if let Err(e) = links_hold(&p, &r) {
            prop_assert!(false, "{}", e);
        }
        // Every task that moved says why: its own resource conflict, a
        // predecessor that pushed it, or a split; the chain of knock-ons
        // ends at a conflict.
        for t in &r.tasks {
            if t.start != t.original_start && t.parts.is_empty() {
                prop_assert!(t.reason.is_some() || t.pushed_by.is_some(), "`{}` moved without a reason", t.key);
                let why = r.explain(t.task);
                prop_assert!(!why.is_empty());
                if t.pushed_by.is_some() {
                    prop_assert!(why.len() >= 2, "{:?}", why);
                }
            }
        }
        prop_assert_eq!(level(&p, opts).unwrap(), r);
    }

    /// Within float never moves the project finish or past a deadline, and
    /// every task finishes by its critical-path late finish.
    #[test]
    fn within_float_keeps_the_finish_and_deadlines(ts in tasks(), links in links(), dl in proptest::option::of(1u8..30)) {
        let p = random_project(&ts, &links, dl);
        let cpm = plan(&p).unwrap();
        let r = level(&p, Leveling::WithinFloat).unwrap();
        prop_assert_eq!(r.finish_after, r.finish_before);
        for t in &r.tasks {
            let row = cpm.task(t.task).unwrap();
            if row.total_float >= Duration::ZERO {
                prop_assert!(t.finish <= row.dates.late_finish, "{} {} > {}", t.key, t.finish, row.dates.late_finish);
            }
            if let Some(deadline) = p.task(t.task).unwrap().deadline {
                if row.dates.early_finish <= deadline {
                    prop_assert!(t.finish <= deadline);
                }
            }
        }
        if r.feasible {
            for h in &r.histograms {
                prop_assert!(h.days.iter().all(|u| u.after <= u.capacity + 1e-9));
            }
        }
    }
}
