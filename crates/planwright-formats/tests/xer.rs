//! P6 XER import on hand-written files: calendars, WBS, activities,
//! relationships, resources, progress, errors, and arbitrary input.

use chrono::{NaiveDate, NaiveDateTime};
use planwright_core::{Constraint, Duration, LinkKind, ResourceKind, TaskKind, Units, WorkingTime};
use planwright_formats::{Error, WarningKind, read_xer};
use planwright_schedule::plan;
use proptest::prelude::*;

fn at(m: u32, d: u32, h: u32) -> NaiveDateTime {
    NaiveDate::from_ymd_opt(2024, m, d)
        .unwrap()
        .and_hms_opt(h, 0, 0)
        .unwrap()
}

/// A table: name, fields, rows (tab-separated).
fn table(name: &str, fields: &[&str], rows: &[&[&str]]) -> String {
    let mut s = format!("%T\t{name}\n%F\t{}\n", fields.join("\t"));
    for r in rows {
        s.push_str(&format!("%R\t{}\n", r.join("\t")));
    }
    s
}

const OFFICE: &str = "(0||CalendarData()((0||DaysOfWeek()((0||1()())\
(0||2()((0||0(s|08:00|f|12:00)())(0||1(s|13:00|f|17:00)())))\
(0||3()((0||0(s|08:00|f|12:00)())(0||1(s|13:00|f|17:00)())))\
(0||4()((0||0(s|08:00|f|12:00)())(0||1(s|13:00|f|17:00)())))\
(0||5()((0||0(s|08:00|f|12:00)())(0||1(s|13:00|f|17:00)())))\
(0||6()((0||0(s|08:00|f|12:00)())(0||1(s|13:00|f|17:00)())))(0||7()())))\
(0||Exceptions()((0||0(d|45362)())))))";

/// A crew calendar based on the office one: Fridays off, one half day.
const CREW: &str = "(0||CalendarData()((0||DaysOfWeek()((0||6()())))\
(0||Exceptions()((0||0(d|45370)((0||0(s|08:00|f|12:00)())))))))";

const TASK_FIELDS: &[&str] = &[
    "task_id",
    "proj_id",
    "wbs_id",
    "clndr_id",
    "task_code",
    "task_name",
    "task_type",
    "status_code",
    "target_drtn_hr_cnt",
    "remain_drtn_hr_cnt",
    "cstr_type",
    "cstr_date",
    "act_start_date",
    "act_end_date",
    "early_start_date",
    "early_end_date",
    "total_float_hr_cnt",
];

fn project_file(tasks: &[&[&str]], preds: &[&[&str]], lag_calendar: &str) -> String {
    let mut s = String::from("ERMHDR\t19.12\t2024-03-01\tProject\tadmin\n");
    s.push_str(&table(
        "PROJECT",
        &[
            "proj_id",
            "proj_short_name",
            "clndr_id",
            "plan_start_date",
            "last_recalc_date",
        ],
        &[
            &["1", "BRIDGE", "10", "2024-03-04 08:00", "2024-03-06 17:00"],
            &["2", "OTHER", "10", "2024-01-01 08:00", ""],
        ],
    ));
    s.push_str(&table(
        "CALENDAR",
        &["clndr_id", "clndr_name", "base_clndr_id", "clndr_data"],
        &[&["10", "5 Day", "", OFFICE], &["11", "Crew", "10", CREW]],
    ));
    s.push_str(&table(
        "SCHEDOPTIONS",
        &[
            "schedoptions_id",
            "proj_id",
            "sched_calendar_on_relationship_lag",
        ],
        &[&["1", "1", lag_calendar]],
    ));
    s.push_str(&table(
        "PROJWBS",
        &[
            "wbs_id",
            "proj_id",
            "proj_node_flag",
            "wbs_short_name",
            "wbs_name",
            "parent_wbs_id",
            "seq_num",
        ],
        &[
            &["100", "1", "Y", "BRIDGE", "Bridge", "", "0"],
            &["101", "1", "N", "CIV", "Civil works", "100", "1"],
            &["102", "1", "N", "DECK", "Deck", "101", "1"],
            &["103", "1", "N", "EMPTY", "Nothing here", "100", "2"],
        ],
    ));
    s.push_str(&table("TASK", TASK_FIELDS, tasks));
    s.push_str(&table(
        "TASKPRED",
        &[
            "task_pred_id",
            "task_id",
            "pred_task_id",
            "proj_id",
            "pred_proj_id",
            "pred_type",
            "lag_hr_cnt",
        ],
        preds,
    ));
    s.push_str(&table(
        "RSRC",
        &[
            "rsrc_id",
            "rsrc_short_name",
            "rsrc_name",
            "rsrc_type",
            "clndr_id",
        ],
        &[
            &["7", "ANA", "Ana", "RT_Labor", ""],
            &["8", "CRANE", "Crane", "RT_Equip", "11"],
            &["9", "CEM", "Cement", "RT_Mat", ""],
        ],
    ));
    s.push_str(&table(
        "RSRCRATE",
        &["rsrc_rate_id", "rsrc_id", "max_qty_per_hr", "cost_per_qty"],
        &[&["1", "7", "1", "55.5"], &["2", "8", "2", "120"]],
    ));
    s.push_str(&table(
        "TASKRSRC",
        &[
            "taskrsrc_id",
            "task_id",
            "proj_id",
            "rsrc_id",
            "target_qty_per_hr",
        ],
        &[
            &["1", "1001", "1", "7", "0.5"],
            &["2", "1002", "1", "8", "1"],
            &["3", "1002", "1", "9", "3"],
        ],
    ));
    s.push_str("%E\n");
    s
}

fn bridge() -> String {
    project_file(
        &[
            &[
                "1000",
                "1",
                "101",
                "10",
                "A1000",
                "Survey",
                "TT_Task",
                "TK_Complete",
                "16",
                "0",
                "",
                "",
                "2024-03-04 08:00",
                "2024-03-05 17:00",
                "",
                "",
                "",
            ],
            &[
                "1001",
                "1",
                "102",
                "10",
                "A1010",
                "Piles",
                "TT_Task",
                "TK_Active",
                "40",
                "24",
                "",
                "",
                "2024-03-06 08:00",
                "",
                "2024-03-07 08:00",
                "2024-03-11 17:00",
                "0",
            ],
            &[
                "1002",
                "1",
                "102",
                "11",
                "A1020",
                "Deck",
                "TT_Rsrc",
                "TK_NotStart",
                "24",
                "24",
                "CS_MSOA",
                "2024-03-13 08:00",
                "",
                "",
                "",
                "",
                "",
            ],
            &[
                "1003",
                "1",
                "101",
                "10",
                "M1000",
                "Open",
                "TT_FinMile",
                "TK_NotStart",
                "0",
                "0",
                "CS_MEO",
                "2024-04-01 17:00",
                "",
                "",
                "",
                "",
                "",
            ],
            &[
                "1004",
                "1",
                "",
                "10",
                "L1000",
                "Supervision",
                "TT_LOE",
                "TK_NotStart",
                "80",
                "80",
                "",
                "",
                "",
                "",
                "",
                "",
                "",
            ],
            &[
                "2000",
                "2",
                "",
                "10",
                "X1",
                "Other",
                "TT_Task",
                "TK_NotStart",
                "8",
                "8",
                "",
                "",
                "",
                "",
                "",
                "",
                "",
            ],
        ],
        &[
            &["1", "1001", "1000", "1", "1", "PR_FS", "0"],
            &["2", "1002", "1001", "1", "1", "PR_SS", "16"],
            &["3", "1003", "1002", "1", "1", "PR_FF", "-8"],
            &["4", "1004", "1000", "1", "1", "PR_SF", "0"],
            &["5", "1003", "2000", "1", "2", "PR_FS", "0"],
        ],
        "rcal_Predecessor",
    )
}

#[test]
fn a_p6_project_by_hand() {
    let import = read_xer(&bridge()).unwrap_or_else(|e| panic!("{e}"));
    let p = &import.project;
    assert_eq!(p.name(), "BRIDGE");
    assert_eq!(p.start(), at(3, 4, 8));
    assert_eq!(p.status_date(), Some(at(3, 6, 17)));
    // Calendars: the office week with its holiday (serial 45363 = 11 March
    // 2024), the crew's derived one without Fridays and a half day.
    let office = p.project_calendar();
    assert_eq!(office.name(), "5 Day");
    assert!(!office.is_working_day(NaiveDate::from_ymd_opt(2024, 3, 11).unwrap()));
    let crew = p.calendar(import.calendars[&11]).unwrap();
    assert_eq!(
        crew.minutes_on(NaiveDate::from_ymd_opt(2024, 3, 15).unwrap()),
        0,
        "Friday"
    );
    assert_eq!(
        crew.minutes_on(NaiveDate::from_ymd_opt(2024, 3, 14).unwrap()),
        480
    );
    assert_eq!(
        crew.intervals_on(NaiveDate::from_ymd_opt(2024, 3, 19).unwrap()),
        [WorkingTime::hours(8, 12)]
    );
    assert!(
        !crew.is_working_day(NaiveDate::from_ymd_opt(2024, 3, 11).unwrap()),
        "the base's holiday"
    );
    // WBS: CIV > DECK as summaries keyed by path, the empty node left out.
    let t = |key: &str| p.task(p.task_id(key).unwrap()).unwrap();
    assert_eq!(t("CIV").kind, TaskKind::Summary);
    assert_eq!(t("CIV.DECK").parent, p.task_id("CIV"));
    assert_eq!(t("A1010").parent, p.task_id("CIV.DECK"));
    assert_eq!(t("A1000").parent, p.task_id("CIV"));
    assert_eq!(t("L1000").parent, None);
    assert!(p.task_id("EMPTY").is_none());
    assert!(p.task_id("X1").is_none(), "another project's activity");
    assert_eq!(t("M1000").kind, TaskKind::Milestone);
    assert_eq!(t("A1020").duration, Duration::days(3));
    assert_eq!(
        t("A1020").constraint,
        Constraint::StartNoEarlierThan(at(3, 13, 8))
    );
    assert_eq!(t("A1020").calendar, Some(import.calendars[&11]));
    assert_eq!(
        t("M1000").constraint,
        Constraint::MustFinishOn(at(4, 1, 17))
    );
    // Progress.
    assert!(t("A1000").progress.is_finished());
    assert_eq!(t("A1010").progress.actual_start, Some(at(3, 6, 8)));
    assert_eq!(t("A1010").progress.remaining, Some(Duration::days(3)));
    assert_eq!(t("A1010").progress.percent_complete, 40);
    // Resources and assignments.
    let ana = p.resource(import.resources[&7]).unwrap();
    assert_eq!(
        (ana.key.as_str(), ana.kind, ana.capacity),
        ("ANA", ResourceKind::Person, Units::FULL)
    );
    assert_eq!(ana.rate.minor_units(), 5_550);
    let crane = p.resource(import.resources[&8]).unwrap();
    assert_eq!(
        (crane.kind, crane.capacity),
        (ResourceKind::Equipment, Units::percent(200))
    );
    assert!(!import.resources.contains_key(&9));
    assert_eq!(t("A1010").assignments[0].units, Units::percent(50));
    assert_eq!(
        t("A1020").assignments.len(),
        1,
        "the material assignment left out"
    );
    // Relationships.
    let links: Vec<(LinkKind, Duration)> = p.links().map(|(_, l)| (l.kind, l.lag)).collect();
    assert_eq!(
        links,
        [
            (LinkKind::FinishToStart, Duration::ZERO),
            (LinkKind::StartToStart, Duration::days(2)),
            (LinkKind::FinishToFinish, Duration::days(-1)),
            (LinkKind::StartToFinish, Duration::ZERO),
        ]
    );
    // Every approximation and omission said once, by item.
    let said: Vec<String> = import.warnings.iter().map(ToString::to_string).collect();
    for needle in [
        "project \"OTHER\": ignored",
        "resource \"CEM\" \"Cement\": ignored: a material resource",
        "WBS \"EMPTY\" \"Nothing here\": ignored",
        "activity \"M1000\" \"Open\": approximated: P6's CS_MEO",
        "activity \"L1000\" \"Supervision\": approximated: a level-of-effort activity",
        "relationship 5: ignored: a link from activity 2000 of another project",
        "the project: approximated: relationship lags are counted on the successor's calendar here; the file says rcal_Predecessor",
    ] {
        assert!(
            said.iter().any(|s| s.starts_with(needle)),
            "{needle} not in {said:#?}"
        );
    }
    assert_eq!(said.len(), 7, "{said:#?}");
    assert!(
        import
            .warnings
            .iter()
            .all(|w| w.kind != WarningKind::Ignored || !w.item.contains("A10"))
    );
    // Saved schedule.
    let saved = import.saved.iter().find(|s| s.uid == 1001).unwrap();
    assert_eq!(
        (saved.start, saved.total_slack),
        (Some(at(3, 6, 8)), Some(Duration::ZERO))
    );
    // It plans: the piles' three remaining days run from the data date
    // (Thursday, Friday, then Tuesday after the holiday Monday).
    let plan = plan(p).unwrap();
    let row = plan.task(p.task_id("A1010").unwrap()).unwrap();
    assert_eq!(row.finish, at(3, 12, 17));
}

#[test]
fn xer_errors_say_where() {
    let e = read_xer("<Project/>").unwrap_err();
    assert!(matches!(&e, Error::Xer { line: 1, .. }), "{e}");
    let e = read_xer("ERMHDR\t19\n%R\t1\n").unwrap_err();
    assert!(matches!(&e, Error::Xer { line: 2, .. }), "{e}");
    let e = read_xer("ERMHDR\t19\n%T\tPROJECT\n%R\t1\n").unwrap_err();
    assert!(e.to_string().contains("%F"), "{e}");
    let e = read_xer("ERMHDR\t19\n%T\tTASK\n%F\ttask_id\n").unwrap_err();
    assert!(
        matches!(
            &e,
            Error::Missing {
                element: "PROJECT",
                ..
            }
        ),
        "{e}"
    );
    let e = read_xer("ERMHDR\t19\nhello\n").unwrap_err();
    assert!(matches!(&e, Error::Xer { line: 2, .. }), "{e}");

    let bad_duration = bridge().replace(
        "\tTT_Rsrc\tTK_NotStart\t24\t",
        "\tTT_Rsrc\tTK_NotStart\tlots\t",
    );
    match read_xer(&bad_duration).unwrap_err() {
        Error::InvalidValue {
            element,
            item,
            value,
            line,
            ..
        } => {
            assert_eq!(element, "TASK.target_drtn_hr_cnt");
            assert_eq!(item, "activity \"A1020\" \"Deck\"");
            assert_eq!(value, "lots");
            assert_eq!(
                line,
                bad_duration
                    .lines()
                    .position(|l| l.contains("lots"))
                    .unwrap()
                    + 1
            );
        }
        e => panic!("{e}"),
    }
    let unknown = bridge().replace(
        "%R\t2\t1002\t1001\t1\t1\tPR_SS",
        "%R\t2\t1002\t4242\t1\t1\tPR_SS",
    );
    assert!(matches!(
        read_xer(&unknown).unwrap_err(),
        Error::UnknownUid {
            kind: "activity",
            uid: 4242,
            ..
        }
    ));
    let cycle = bridge().replace(
        "%R\t4\t1004\t1000\t1\t1\tPR_SF",
        "%R\t4\t1000\t1003\t1\t1\tPR_SF",
    );
    match read_xer(&cycle).unwrap_err() {
        Error::Cycle { items } => assert!(items.iter().any(|i| i.contains("A1010")), "{items:?}"),
        e => panic!("{e}"),
    }
    let dup = bridge().replace("\tL1000\t", "\tA1000\t");
    assert!(
        matches!(read_xer(&dup).unwrap_err(), Error::Project { item, .. } if item.contains("A1000"))
    );
    let cal = bridge().replace("%R\t1002\t1\t102\t11\t", "%R\t1002\t1\t102\t99\t");
    assert!(matches!(
        read_xer(&cal).unwrap_err(),
        Error::UnknownUid {
            kind: "calendar",
            uid: 99,
            ..
        }
    ));
    let cstr = bridge().replace("CS_MSOA", "CS_SOMETIME");
    assert!(
        matches!(read_xer(&cstr).unwrap_err(), Error::InvalidValue { element, .. } if element == "TASK.cstr_type")
    );
    let cal_data = bridge().replace("(0||6()())))", "(0||6()())");
    assert!(
        matches!(read_xer(&cal_data).unwrap_err(), Error::InvalidValue { element, .. } if element == "CALENDAR.clndr_data")
    );
    let orphan = bridge().replace("%R\t1\t1001\t1\t7\t0.5", "%R\t1\t5555\t1\t7\t0.5");
    assert!(matches!(
        read_xer(&orphan).unwrap_err(),
        Error::UnknownUid {
            kind: "activity",
            uid: 5555,
            ..
        }
    ));
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// Arbitrary text, and the sample with a character replaced or cut
    /// short, never panics.
    #[test]
    fn damaged_xer_never_panics(text in "\\PC{0,200}", at in 0usize..4_000, c in prop::sample::select(vec!['\t', '\n', '(', ')', '|', '%', '-', 'x', '9'])) {
        let _ = read_xer(&text);
        let good = bridge();
        let mut chars: Vec<char> = good.chars().collect();
        let i = at % chars.len();
        chars[i] = c;
        let _ = read_xer(&chars.into_iter().collect::<String>());
        let end = good.char_indices().nth(at % good.chars().count()).map_or(0, |(b, _)| b);
        let _ = read_xer(&good[..end]);
    }
}
