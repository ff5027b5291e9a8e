//! MSPDI import on hand-written documents: calendars, tasks and links,
//! resources, progress and baselines, errors, and arbitrary input.

use chrono::{NaiveDate, NaiveDateTime};
use planwright_core::{Constraint, Duration, LinkKind, ResourceKind, TaskKind, Units, WorkingTime};
use planwright_formats::{Error, Import, WarningKind, read_mspdi};
use planwright_schedule::plan;
use proptest::prelude::*;

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn at(m: u32, d: u32, h: u32) -> NaiveDateTime {
    date(2024, m, d).and_hms_opt(h, 0, 0).unwrap()
}

/// A project starting Monday 2024-03-04 08:00 around `body`.
fn doc(body: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Project xmlns="http://schemas.microsoft.com/project">
<Name>t</Name>
<StartDate>2024-03-04T08:00:00</StartDate>
<CalendarUID>1</CalendarUID>
{body}
</Project>"#
    )
}

const OFFICE_DAY: &str = "<DayWorking>1</DayWorking><WorkingTimes>\
<WorkingTime><FromTime>08:00:00</FromTime><ToTime>12:00:00</ToTime></WorkingTime>\
<WorkingTime><FromTime>13:00:00</FromTime><ToTime>17:00:00</ToTime></WorkingTime></WorkingTimes>";

/// The standard week, Sunday first, plus `extra` inside `<WeekDays>`.
fn standard_week(extra: &str) -> String {
    let mut s = String::from("<WeekDays>");
    for day in 1..=7 {
        if day == 1 || day == 7 {
            s.push_str(&format!(
                "<WeekDay><DayType>{day}</DayType><DayWorking>0</DayWorking></WeekDay>"
            ));
        } else {
            s.push_str(&format!(
                "<WeekDay><DayType>{day}</DayType>{OFFICE_DAY}</WeekDay>"
            ));
        }
    }
    s.push_str(extra);
    s.push_str("</WeekDays>");
    s
}

fn task(uid: i64, name: &str, level: u32, extra: &str) -> String {
    format!(
        "<Task><UID>{uid}</UID><ID>{uid}</ID><Name>{name}</Name><OutlineLevel>{level}</OutlineLevel>{extra}</Task>"
    )
}

fn link(pred: i64, kind: u32, lag_tenths: i64, format: u32) -> String {
    format!(
        "<PredecessorLink><PredecessorUID>{pred}</PredecessorUID><Type>{kind}</Type><LinkLag>{lag_tenths}</LinkLag><LagFormat>{format}</LagFormat></PredecessorLink>"
    )
}

fn days(n: i64) -> String {
    format!("<Duration>PT{}H0M0S</Duration>", n * 8)
}

fn read(body: &str) -> Import {
    read_mspdi(&doc(body)).unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn calendars_bases_exceptions_recurrences_and_work_weeks() {
    let holiday = "<WeekDay><DayType>0</DayType><DayWorking>0</DayWorking><TimePeriod>\
<FromDate>2024-03-06T00:00:00</FromDate><ToDate>2024-03-06T23:59:00</ToDate></TimePeriod></WeekDay>";
    let exceptions = "<Exceptions>\
<Exception><EnteredByOccurrences>0</EnteredByOccurrences><TimePeriod><FromDate>2024-01-01T00:00:00</FromDate><ToDate>2026-12-31T23:59:00</ToDate></TimePeriod>\
<Name>Christmas</Name><Type>2</Type><Month>11</Month><MonthDay>25</MonthDay><DayWorking>0</DayWorking></Exception>\
<Exception><TimePeriod><FromDate>2024-03-01T00:00:00</FromDate><ToDate>2024-03-31T23:59:00</ToDate></TimePeriod>\
<Type>6</Type><Period>2</Period><DaysOfWeek>32</DaysOfWeek><DayWorking>0</DayWorking></Exception>\
<Exception><EnteredByOccurrences>1</EnteredByOccurrences><TimePeriod><FromDate>2024-04-01T00:00:00</FromDate><ToDate>2024-12-31T23:59:00</ToDate></TimePeriod>\
<Occurrences>3</Occurrences><Type>5</Type><Period>1</Period><MonthPosition>4</MonthPosition><MonthItem>8</MonthItem>\
<DayWorking>1</DayWorking><WorkingTimes><WorkingTime><FromTime>08:00:00</FromTime><ToTime>12:00:00</ToTime></WorkingTime></WorkingTimes></Exception>\
</Exceptions>";
    let work_weeks = "<WorkWeeks><WorkWeek><TimePeriod><FromDate>2024-07-01T00:00:00</FromDate><ToDate>2024-07-31T23:59:00</ToDate></TimePeriod>\
<Name>Summer</Name><WeekDays><WeekDay><DayType>6</DayType><DayWorking>0</DayWorking></WeekDay></WeekDays></WorkWeek></WorkWeeks>";
    let night = "<WeekDays><WeekDay><DayType>3</DayType><DayWorking>1</DayWorking><WorkingTimes>\
<WorkingTime><FromTime>22:00:00</FromTime><ToTime>00:00:00</ToTime></WorkingTime></WorkingTimes></WeekDay></WeekDays>\
<Exceptions><Exception><TimePeriod><FromDate>2024-03-11T00:00:00</FromDate><ToDate>2024-03-12T23:59:00</ToDate></TimePeriod>\
<Type>1</Type><DayWorking>0</DayWorking></Exception></Exceptions>";
    let body = format!(
        "<Calendars>\
<Calendar><UID>1</UID><Name>Standard</Name><IsBaseCalendar>1</IsBaseCalendar>{}{exceptions}{work_weeks}</Calendar>\
<Calendar><UID>2</UID><Name>Ana</Name><IsBaseCalendar>0</IsBaseCalendar><BaseCalendarUID>1</BaseCalendarUID>{night}</Calendar>\
</Calendars>",
        standard_week(holiday)
    );
    let import = read(&body);
    assert!(import.warnings.is_empty(), "{:?}", import.warnings);
    let p = &import.project;
    let std = p.calendar(import.calendars[&1]).unwrap();
    assert_eq!(p.project_calendar(), std);
    assert_eq!(std.name(), "Standard");
    assert_eq!(std.minutes_on(date(2024, 3, 5)), 480);
    assert!(!std.is_working_day(date(2024, 3, 9)), "Saturday");
    assert!(
        !std.is_working_day(date(2024, 3, 6)),
        "the DayType 0 holiday"
    );
    for y in [2024, 2025, 2026] {
        assert!(!std.is_working_day(date(y, 12, 25)), "Christmas {y}");
    }
    assert!(std.is_working_day(date(2027, 12, 24)));
    // Every other Friday from the week of 1 March: 1, 15, 29 off; 8, 22 on.
    for (d, working) in [(1, false), (8, true), (15, false), (22, true), (29, false)] {
        assert_eq!(std.is_working_day(date(2024, 3, d)), working, "March {d}");
    }
    // Last Friday of the month, three occurrences: half days.
    for (m, d) in [(4, 26), (5, 31), (6, 28)] {
        assert_eq!(std.minutes_on(date(2024, m, d)), 240, "{m}-{d}");
    }
    assert_eq!(std.minutes_on(date(2024, 7, 26)), 0, "a summer Friday");
    assert_eq!(std.minutes_on(date(2024, 7, 25)), 480, "a summer Thursday");
    assert_eq!(std.minutes_on(date(2024, 8, 2)), 480, "after the work week");
    // The derived calendar: its own Tuesday, the base's days and exceptions,
    // its own exception on top.
    let ana = p.calendar(import.calendars[&2]).unwrap();
    assert_eq!(
        ana.intervals_on(date(2024, 3, 19)),
        [WorkingTime::new(22 * 60, 24 * 60)]
    );
    assert_eq!(ana.minutes_on(date(2024, 3, 18)), 480);
    assert!(!ana.is_working_day(date(2024, 3, 6)));
    assert!(!ana.is_working_day(date(2024, 12, 25)));
    assert!(!ana.is_working_day(date(2024, 3, 11)));
    assert!(!ana.is_working_day(date(2024, 3, 12)));
    assert!(std.is_working_day(date(2024, 3, 11)));
}

#[test]
fn links_lags_wbs_and_milestones_plan_by_hand() {
    // Summary "Build" holds a (2d) and b (3d, SS+1d after a); c finishes
    // with b (FF); m is a milestone FS after c with a 4h lead; d is SF
    // from a; e follows the summary.
    let body = format!(
        "<Calendars><Calendar><UID>1</UID><Name>Standard</Name>{}</Calendar></Calendars><Tasks>{}</Tasks>",
        standard_week(""),
        [
            task(0, "t", 0, "<Summary>1</Summary>"),
            task(1, "Build", 1, "<Summary>1</Summary>"),
            task(2, "a", 2, &days(2)),
            task(3, "b", 2, &format!("{}{}", days(3), link(2, 3, 4800, 7))),
            task(4, "c", 1, &format!("{}{}", days(1), link(3, 0, 0, 7))),
            task(
                5,
                "m",
                1,
                &format!(
                    "<Milestone>1</Milestone>{}{}",
                    days(0),
                    link(4, 1, -2400, 5)
                )
            ),
            task(6, "d", 1, &format!("{}{}", days(1), link(2, 2, 0, 7))),
            task(7, "e", 1, &format!("{}{}", days(1), link(1, 1, 0, 7))),
        ]
        .concat()
    );
    let import = read(&body);
    assert!(import.warnings.is_empty(), "{:?}", import.warnings);
    let p = &import.project;
    let t = |uid| p.task(import.tasks[&uid]).unwrap();
    assert!(
        !import.tasks.contains_key(&0),
        "the project summary row is not a task"
    );
    assert_eq!(t(1).kind, TaskKind::Summary);
    assert_eq!(t(2).parent, Some(import.tasks[&1]));
    assert_eq!(t(4).parent, None);
    assert_eq!(t(5).kind, TaskKind::Milestone);
    assert_eq!(t(3).duration, Duration::days(3));
    let kinds: Vec<(LinkKind, Duration)> = p.links().map(|(_, l)| (l.kind, l.lag)).collect();
    assert_eq!(
        kinds,
        [
            (LinkKind::StartToStart, Duration::days(1)),
            (LinkKind::FinishToFinish, Duration::ZERO),
            (LinkKind::FinishToStart, Duration::hours(-4)),
            (LinkKind::StartToFinish, Duration::ZERO),
            (LinkKind::FinishToStart, Duration::ZERO),
        ]
    );
    let plan = plan(p).unwrap();
    let row = |uid| plan.task(import.tasks[&uid]).unwrap();
    assert_eq!((row(2).start, row(2).finish), (at(3, 4, 8), at(3, 5, 17)));
    assert_eq!((row(3).start, row(3).finish), (at(3, 5, 8), at(3, 7, 17)));
    assert_eq!((row(4).start, row(4).finish), (at(3, 7, 8), at(3, 7, 17)));
    // A milestone 4 working hours before c's finish: Thursday 12:00
    // (the lunch break is not working time, so 13:00 reads as 12:00).
    assert_eq!(row(5).start, at(3, 7, 12));
    // SF from a's start: d finishes no earlier than Monday 08:00, i.e. at
    // once (d starts at the project start).
    assert_eq!(row(6).start, at(3, 4, 8));
    assert_eq!((row(7).start, row(7).finish), (at(3, 8, 8), at(3, 8, 17)));
}

#[test]
fn approximations_are_reported_by_item() {
    let body = format!(
        "<Tasks>{}</Tasks>",
        [
            task(1, "a", 1, &days(2)),
            // 2 elapsed days: the task gets a 24-hour calendar.
            task(
                2,
                "wait",
                1,
                &format!(
                    "<Duration>PT48H0M0S</Duration><DurationFormat>8</DurationFormat>{}",
                    link(1, 1, 0, 7)
                )
            ),
            // A 50 % lag of a's 2 days, and an elapsed 1-day lag.
            task(3, "b", 1, &format!("{}{}", days(1), link(1, 1, 500, 19))),
            task(4, "c", 1, &format!("{}{}", days(1), link(1, 1, 14_400, 8))),
            task(
                5,
                "manual",
                1,
                &format!(
                    "<Manual>1</Manual><ManualStart>2024-03-11T08:00:00</ManualStart>{}",
                    days(1)
                )
            ),
            task(6, "off", 1, &format!("<Active>0</Active>{}", days(1))),
            task(
                7,
                "after off",
                1,
                &format!("{}{}", days(1), link(6, 1, 0, 7))
            ),
        ]
        .concat()
    );
    let import = read(&body);
    let p = &import.project;
    let t = |uid| p.task(import.tasks[&uid]).unwrap();
    let by = |uid: i64| -> Vec<(WarningKind, String)> {
        import
            .warnings
            .iter()
            .filter(|w| {
                w.item.starts_with(&format!("task UID {uid} "))
                    || w.item.contains(&format!("of task UID {uid} "))
            })
            .map(|w| (w.kind, w.message.clone()))
            .collect()
    };
    assert_eq!(by(2).len(), 1);
    assert_eq!(by(2)[0].0, WarningKind::Approximated);
    let cal = p.calendar(t(2).calendar.unwrap()).unwrap();
    assert_eq!(cal.week_minutes(), Duration::hours(7 * 24));
    assert_eq!(t(2).duration, Duration::hours(48));
    let lags: Vec<Duration> = p.links().map(|(_, l)| l.lag).collect();
    // 50 % of 2 days; one elapsed day is 24 h x 2400/10080 of working time.
    assert_eq!(lags[1], Duration::days(1));
    assert_eq!(lags[2], Duration::minutes(343));
    assert!(by(3)[0].1.contains("50.0 %"), "{:?}", by(3));
    assert!(by(4)[0].1.contains("elapsed lag"), "{:?}", by(4));
    assert_eq!(
        t(5).constraint,
        Constraint::StartNoEarlierThan(at(3, 11, 8))
    );
    assert!(by(5)[0].1.contains("manually scheduled"));
    assert!(!import.tasks.contains_key(&6));
    assert_eq!(by(6)[0].0, WarningKind::Ignored);
    assert!(by(7)[0].1.contains("not imported"), "{:?}", by(7));
    assert_eq!(p.links().count(), 3);
    let plan = plan(p).unwrap();
    let row = |uid| plan.task(import.tasks[&uid]).unwrap();
    // Two elapsed days from a's finish, Tuesday 17:00 (a working instant
    // of the 24-hour calendar), end Thursday 17:00.
    assert_eq!((row(2).start, row(2).finish), (at(3, 5, 17), at(3, 7, 17)));
    assert_eq!(row(5).start, at(3, 11, 8));
}

#[test]
fn resources_assignments_progress_and_baselines() {
    let body = format!(
        "<StatusDate>2024-03-06T17:00:00</StatusDate><CurrencyDigits>2</CurrencyDigits>\
<Calendars><Calendar><UID>1</UID><Name>Standard</Name>{}</Calendar>\
<Calendar><UID>3</UID><Name>Crew</Name><IsBaseCalendar>0</IsBaseCalendar><BaseCalendarUID>1</BaseCalendarUID></Calendar></Calendars>\
<Tasks>{}</Tasks>\
<Resources><Resource><UID>0</UID></Resource>\
<Resource><UID>1</UID><Name>Ana</Name><Type>1</Type><MaxUnits>1.00</MaxUnits><StandardRate>52.5</StandardRate></Resource>\
<Resource><UID>2</UID><Name>Crew</Name><Type>1</Type><MaxUnits>3.00</MaxUnits><CalendarUID>3</CalendarUID></Resource>\
<Resource><UID>3</UID><Name>Concrete</Name><Type>0</Type></Resource></Resources>\
<Assignments>\
<Assignment><UID>1</UID><TaskUID>1</TaskUID><ResourceUID>1</ResourceUID><Units>0.5</Units><ActualWork>PT8H0M0S</ActualWork></Assignment>\
<Assignment><UID>2</UID><TaskUID>2</TaskUID><ResourceUID>2</ResourceUID><Units>2</Units></Assignment>\
<Assignment><UID>3</UID><TaskUID>2</TaskUID><ResourceUID>3</ResourceUID><Units>10</Units></Assignment>\
<Assignment><UID>4</UID><TaskUID>2</TaskUID><ResourceUID>-65535</ResourceUID></Assignment>\
</Assignments>",
        standard_week(""),
        [
            task(1, "dig", 1, &format!(
                "{}<PercentComplete>50</PercentComplete><ActualStart>2024-03-04T08:00:00</ActualStart>\
<RemainingDuration>PT16H0M0S</RemainingDuration><FixedCost>100.25</FixedCost>\
<Baseline><Number>0</Number><Start>2024-03-04T08:00:00</Start><Finish>2024-03-07T17:00:00</Finish><Duration>PT32H0M0S</Duration><Cost>1000</Cost></Baseline>",
                days(4)
            )),
            task(2, "pour", 1, &format!(
                "{}{}<ConstraintType>4</ConstraintType><ConstraintDate>2024-03-11T08:00:00</ConstraintDate>\
<Deadline>2024-03-12T17:00:00</Deadline><Priority>700</Priority>\
<Baseline><Number>1</Number><Start>2024-03-08T08:00:00</Start><Finish>2024-03-08T17:00:00</Finish></Baseline>",
                days(1),
                link(1, 1, 0, 7)
            )),
        ]
        .concat()
    );
    let import = read(&body);
    let p = &import.project;
    assert_eq!(p.status_date(), Some(at(3, 6, 17)));
    assert_eq!(
        import.resources.len(),
        2,
        "UID 0 placeholder and the material resource left out"
    );
    let ana = p.resource(import.resources[&1]).unwrap();
    assert_eq!(
        (ana.kind, ana.capacity),
        (ResourceKind::Person, Units::FULL)
    );
    assert_eq!(ana.rate.minor_units(), 5_250);
    let crew = p.resource(import.resources[&2]).unwrap();
    assert_eq!(
        (crew.kind, crew.capacity),
        (ResourceKind::Team, Units::percent(300))
    );
    assert_eq!(crew.calendar, Some(import.calendars[&3]));
    assert!(
        import
            .warnings
            .iter()
            .any(|w| w.item == "resource UID 3 \"Concrete\"" && w.kind == WarningKind::Ignored)
    );
    assert_eq!(import.warnings.len(), 1, "{:?}", import.warnings);
    let dig = p.task(import.tasks[&1]).unwrap();
    assert_eq!(dig.assignments.len(), 1);
    assert_eq!(dig.assignments[0].units, Units::percent(50));
    assert_eq!(dig.assignments[0].actual_work, Some(Duration::hours(8)));
    assert_eq!(dig.progress.percent_complete, 50);
    assert_eq!(dig.progress.remaining, Some(Duration::days(2)));
    assert_eq!(dig.fixed_cost.minor_units(), 10_025);
    let pour = p.task(import.tasks[&2]).unwrap();
    assert_eq!(pour.assignments.len(), 1);
    assert_eq!(pour.assignments[0].units, Units::percent(200));
    assert_eq!(
        pour.constraint,
        Constraint::StartNoEarlierThan(at(3, 11, 8))
    );
    assert_eq!(pour.deadline, Some(at(3, 12, 17)));
    assert_eq!(pour.priority.value(), 700);
    let names: Vec<&str> = p.baselines().map(|(_, b)| b.name.as_str()).collect();
    assert_eq!(names, ["Baseline", "Baseline 1"]);
    let (_, b0) = p.baselines().next().unwrap();
    assert_eq!(b0.entries[&import.tasks[&1]].cost.minor_units(), 100_000);
    // Two remaining days continue from the status date.
    let plan = plan(p).unwrap();
    assert_eq!(plan.task(import.tasks[&1]).unwrap().finish, at(3, 8, 17));
    assert_eq!(plan.task(import.tasks[&2]).unwrap().start, at(3, 11, 8));
}

fn err(body: &str) -> Error {
    match read_mspdi(&doc(body)) {
        Ok(_) => panic!("accepted: {body}"),
        Err(e) => e,
    }
}

#[test]
fn errors_name_the_item_and_where() {
    let cut = "<Project>\n<StartDate>2024-03-04T08:00:00</StartDate>\n<Tasks>\n<Task>";
    let e = read_mspdi(cut).unwrap_err();
    assert!(matches!(e, Error::Xml { .. }), "{e}");
    assert!(e.to_string().contains("truncated"), "{e}");
    let e = read_mspdi("<Project>\n  <Name>x</Nam>\n</Project>").unwrap_err();
    assert!(matches!(e, Error::Xml { line: 2, .. }), "{e}");
    assert!(matches!(read_mspdi("<Plan/>"), Err(Error::NotMspdi { found }) if found == "Plan"));
    assert!(matches!(read_mspdi(""), Err(Error::Xml { .. })));
    let bomb = "<!DOCTYPE Project [<!ENTITY a \"aaaa\"><!ENTITY b \"&a;&a;&a;\">]><Project><Name>&b;</Name></Project>";
    assert!(
        read_mspdi(bomb)
            .unwrap_err()
            .to_string()
            .contains("document type")
    );
    let ext = "<Project><Name>&ext;</Name></Project>";
    assert!(read_mspdi(ext).unwrap_err().to_string().contains("&ext;"));

    let e = read_mspdi("<Project><Name>x</Name></Project>").unwrap_err();
    assert!(
        matches!(
            &e,
            Error::Missing {
                element: "StartDate",
                ..
            }
        ),
        "{e}"
    );

    let e = err(&format!(
        "<Tasks>{}\n{}</Tasks>",
        task(1, "a", 1, ""),
        task(2, "b", 1, &link(9, 1, 0, 7))
    ));
    match &e {
        Error::UnknownUid {
            kind: "task",
            uid: 9,
            referrer,
            line: 7,
            ..
        } => {
            assert!(referrer.contains("task UID 2 \"b\""), "{e}");
        }
        _ => panic!("{e}"),
    }
    let e = err(&format!(
        "<Tasks>{}\n{}</Tasks>",
        task(1, "a", 1, ""),
        task(1, "b", 1, "")
    ));
    assert!(
        matches!(
            e,
            Error::DuplicateUid {
                kind: "task",
                uid: 1,
                line: 7,
                ..
            }
        ),
        "{e}"
    );

    let e = err(&format!(
        "<Tasks>{}{}{}</Tasks>",
        task(1, "a", 1, &link(3, 1, 0, 7)),
        task(2, "b", 1, &link(1, 1, 0, 7)),
        task(3, "c", 1, &link(2, 1, 0, 7))
    ));
    match &e {
        Error::Cycle { items } => {
            assert_eq!(items.len(), 4, "{e}");
            assert_eq!(items.first(), items.last());
        }
        _ => panic!("{e}"),
    }
    assert!(e.to_string().contains("task UID 2 \"b\""), "{e}");

    let e = err(&task(1, "a", 1, "<Duration>PT8X</Duration>")
        .replace("<Task>", "<Tasks><Task>")
        .replace("</Task>", "</Task></Tasks>"));
    match &e {
        Error::InvalidValue {
            element,
            item,
            value,
            ..
        } => {
            assert_eq!(
                (element.as_str(), item.as_str(), value.as_str()),
                ("Duration", "task UID 1 \"a\"", "PT8X")
            );
        }
        _ => panic!("{e}"),
    }
    let e = err(&format!(
        "<Tasks>{}</Tasks>",
        task(1, "a", 1, "<ConstraintType>4</ConstraintType>")
    ));
    assert!(
        matches!(
            &e,
            Error::Missing {
                element: "ConstraintDate",
                ..
            }
        ),
        "{e}"
    );
    let e = err(&format!(
        "<Tasks>{}</Tasks>",
        task(1, "a", 1, "<ConstraintType>9</ConstraintType>")
    ));
    assert!(matches!(&e, Error::InvalidValue { .. }), "{e}");
    let e = err(&format!(
        "<Tasks>{}</Tasks>",
        task(1, "a", 1, "<Duration>-PT8H</Duration>")
    ));
    assert!(matches!(&e, Error::InvalidValue { .. }), "{e}");
    let e = err(&format!(
        "<Tasks>{}</Tasks>",
        task(
            1,
            "a",
            1,
            "<PercentComplete>100</PercentComplete><ActualStart>2024-03-04T08:00:00</ActualStart>"
        )
    ));
    assert!(
        matches!(&e, Error::Project { item, .. } if item == "task UID 1 \"a\""),
        "{e}"
    );
    let e = err(
        "<Assignments><Assignment><UID>4</UID><TaskUID>1</TaskUID><ResourceUID>7</ResourceUID></Assignment></Assignments>",
    );
    assert!(
        matches!(&e, Error::UnknownUid { kind: "resource", uid: 7, referrer, .. } if referrer == "assignment UID 4"),
        "{e}"
    );

    let cycle = "<Calendars><Calendar><UID>1</UID><Name>A</Name><IsBaseCalendar>0</IsBaseCalendar><BaseCalendarUID>2</BaseCalendarUID></Calendar>\
<Calendar><UID>2</UID><Name>B</Name><IsBaseCalendar>0</IsBaseCalendar><BaseCalendarUID>1</BaseCalendarUID></Calendar></Calendars>";
    assert!(matches!(err(cycle), Error::Cycle { .. }));
    let huge = "<Calendars><Calendar><UID>1</UID><Name>A</Name><Exceptions><Exception><TimePeriod>\
<FromDate>1800-01-01T00:00:00</FromDate><ToDate>2149-12-31T23:59:00</ToDate></TimePeriod><Type>1</Type><DayWorking>0</DayWorking>\
</Exception></Exceptions></Calendar></Calendars>";
    assert!(matches!(err(huge), Error::TooLarge { .. }));
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// Arbitrary text never panics.
    #[test]
    fn arbitrary_text_never_panics(text in "\\PC{0,300}") {
        let _ = read_mspdi(&text);
    }

    /// A valid document cut, or with a character replaced, never panics.
    #[test]
    fn damaged_documents_never_panic(cut in 0usize..2_000, at in 0usize..2_000, c in prop::sample::select(vec!['<', '>', '&', '/', '0', '-', 'x', ';', '"'])) {
        let body = format!(
            "<Calendars><Calendar><UID>1</UID><Name>Standard</Name>{}</Calendar></Calendars><Tasks>{}{}</Tasks>",
            standard_week(""),
            task(1, "a", 1, &days(2)),
            task(2, "b", 1, &format!("{}{}", days(1), link(1, 3, 4800, 7)))
        );
        let text = doc(&body);
        let mut chars: Vec<char> = text.chars().collect();
        let i = at % chars.len();
        chars[i] = c;
        let damaged: String = chars.into_iter().collect();
        let _ = read_mspdi(&damaged);
        let end = text.char_indices().nth(cut % text.chars().count()).map_or(0, |(b, _)| b);
        prop_assert!(read_mspdi(&text[..end]).is_err());
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    /// Written and read back, a project in WBS order with numeric keys is
    /// the same project, and the writer reports no loss.
    #[test]
    fn written_projects_read_back_equal(seed in any::<u64>()) {
        let p = crate::generate::random_project(seed);
        let out = planwright_formats::write_mspdi(&p);
        prop_assert!(out.warnings.is_empty(), "{:?}", out.warnings);
        let back = read_mspdi(&out.xml).map_err(|e| TestCaseError::fail(format!("{e}\n{}", out.xml)))?;
        prop_assert!(back.warnings.is_empty(), "{:?}", back.warnings);
        prop_assert_eq!(&back.project, &p, "{}", out.xml);
        // Same plan from both.
        if let (Ok(a), Ok(b)) = (plan(&p), plan(&back.project)) {
            for (x, y) in a.tasks().zip(b.tasks()) {
                prop_assert_eq!((x.start, x.finish, x.total_float), (y.start, y.finish, y.total_float));
            }
        }
    }
}

#[test]
fn what_mspdi_cannot_hold_is_reported_on_export() {
    use planwright_core::{Project, Resource, Task};
    let mut p = Project::new("p");
    p.set_description("why");
    let drill = p
        .add_resource(Resource::equipment("drill").skill("rust", 3))
        .unwrap();
    p.add_task(
        Task::new("design")
            .three_point(Duration::days(1), Duration::days(2), Duration::days(4))
            .tag("ux")
            .assign(drill, Units::FULL),
    )
    .unwrap();
    let out = planwright_formats::write_mspdi(&p);
    let said: Vec<String> = out.warnings.iter().map(ToString::to_string).collect();
    for needle in [
        "task \"design\": approximated: MSPDI has no keys: written as UID 1",
        "task \"design\": ignored: a three-point estimate",
        "task \"design\": ignored: tags",
        "resource \"drill\": approximated: MSPDI has no keys: written as UID 1",
        "resource \"drill\": approximated: a Equipment resource",
        "resource \"drill\": ignored: skills",
        "the project: ignored: the description",
    ] {
        assert!(
            said.iter().any(|s| s.starts_with(needle)),
            "{needle} not in {said:#?}"
        );
    }
    // Hostile text is escaped: the document still reads back.
    let mut q = Project::new("<script>alert(1)</script>");
    q.add_task(Task::new("1").name("]]> & <x/> \u{7}bell"))
        .unwrap();
    let back = read_mspdi(&planwright_formats::write_mspdi(&q).xml).unwrap();
    assert_eq!(back.project.name(), "<script>alert(1)</script>");
    assert_eq!(
        back.project.task(back.tasks[&1]).unwrap().name,
        "]]> & <x/> bell"
    );
}
