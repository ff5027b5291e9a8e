//! planwright JSON: a hand-written file, error messages, and round trips.

use chrono::{NaiveDate, NaiveDateTime};
use planwright_core::{
    Constraint, Duration, LinkKind, Phase, Priority, ResourceKind, TaskKind, ThreePoint, Units,
    WorkingTime,
};
use planwright_formats::{Error, read_json, write_json};
use planwright_schedule::plan;
use proptest::prelude::*;

use crate::generate::{Gen, random_project};

fn at(m: u32, d: u32, h: u32) -> NaiveDateTime {
    NaiveDate::from_ymd_opt(2024, m, d)
        .unwrap()
        .and_hms_opt(h, 0, 0)
        .unwrap()
}

const RELAUNCH: &str = r#"{
  "version": 1,
  "name": "Website relaunch",
  "start": "2024-03-04T08:00",
  "status_date": "2024-03-06T17:00",
  "budget": 25000,
  "calendars": [
    { "key": "part-time", "week": { "fri": [], "mon": ["09:00-13:00"] }, "holidays": ["2024-03-29", "2024-08-05..2024-08-09"], "exceptions": { "2024-03-30": ["10:00-12:00"] } },
    { "key": "servers", "24h": true }
  ],
  "resources": [
    { "key": "ana", "name": "Ana", "rate": 55.5, "calendar": "part-time", "skills": { "ux": 4 } },
    { "key": "ops", "kind": "team", "capacity": "300%" },
    { "key": "rig", "kind": "equipment", "calendar": "servers" }
  ],
  "tasks": [
    { "key": "design", "summary": true, "name": "Design phase" },
    { "key": "wire", "parent": "design", "duration": "3d", "assign": [{ "resource": "ana", "units": "50%", "actual_work": "4h" }],
      "progress": { "percent": 25, "actual_start": "2024-03-04T09:00" }, "phase": "execution", "tags": ["ux"] },
    { "key": "review", "parent": "design", "duration": "1d 4h", "after": ["wire"], "constraint": { "start_no_earlier_than": "2024-03-11T08:00" },
      "estimate": { "optimistic": "1d", "likely": "1d 4h", "pessimistic": "3d" }, "priority": 800, "skills": { "ux": 2 } },
    { "key": "build", "effort": "2w", "assign": [{ "resource": "ops", "units": "200%" }], "after": ["review"], "fixed_cost": 1200.75, "notes": "see \"spec\"" },
    { "key": "soak", "duration": "2d", "calendar": "servers", "constraint": "alap" },
    { "key": "launch", "milestone": true, "after": ["build"], "deadline": "2024-04-30T17:00" }
  ],
  "links": [
    { "from": "build", "to": "soak", "type": "SS", "lag": "1d" },
    { "from": "soak", "to": "launch", "type": "FF", "lag": "-2h" }
  ],
  "baselines": [
    { "name": "approved", "taken_at": "2024-03-01T12:00", "entries": { "wire": { "start": "2024-03-04T08:00", "finish": "2024-03-08T17:00", "duration": "3d", "cost": 1332 } } }
  ]
}"#;

#[test]
fn a_file_written_by_hand() {
    let p = read_json(RELAUNCH).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(p.name(), "Website relaunch");
    assert_eq!(p.budget().unwrap().minor_units(), 2_500_000);
    assert_eq!(p.status_date(), Some(at(3, 6, 17)));
    let pt = p.calendar(p.calendar_id("part-time").unwrap()).unwrap();
    assert_eq!(pt.weekday(chrono::Weekday::Fri).minutes(), 0);
    assert_eq!(
        pt.weekday(chrono::Weekday::Mon).intervals(),
        [WorkingTime::hours(9, 13)]
    );
    assert_eq!(
        pt.weekday(chrono::Weekday::Tue).minutes(),
        480,
        "a day left out keeps the standard"
    );
    assert!(!pt.is_working_day(NaiveDate::from_ymd_opt(2024, 8, 7).unwrap()));
    assert_eq!(
        pt.minutes_on(NaiveDate::from_ymd_opt(2024, 3, 30).unwrap()),
        120
    );
    let servers = p.calendar(p.calendar_id("servers").unwrap()).unwrap();
    assert_eq!(servers.week_minutes(), Duration::hours(168));
    let r = |k: &str| p.resource(p.resource_id(k).unwrap()).unwrap();
    assert_eq!(
        (r("ana").rate.minor_units(), r("ana").skill_level("ux")),
        (5_550, 4)
    );
    assert_eq!(
        (r("ops").kind, r("ops").capacity),
        (ResourceKind::Team, Units::percent(300))
    );
    assert_eq!(r("rig").kind, ResourceKind::Equipment);
    let t = |k: &str| p.task(p.task_id(k).unwrap()).unwrap();
    assert_eq!(t("design").kind, TaskKind::Summary);
    assert_eq!(t("wire").parent, p.task_id("design"));
    assert_eq!(t("wire").assignments[0].units, Units::percent(50));
    assert_eq!(
        t("wire").assignments[0].actual_work,
        Some(Duration::hours(4))
    );
    assert_eq!(t("wire").progress.percent_complete, 25);
    assert_eq!(t("wire").phase, Some(Phase::Execution));
    assert_eq!(t("review").duration, Duration::hours(12));
    assert_eq!(
        t("review").three_point,
        Some(ThreePoint::new(
            Duration::days(1),
            Duration::hours(12),
            Duration::days(3)
        ))
    );
    assert_eq!(t("review").priority, Priority::new(800).unwrap());
    assert_eq!(
        t("review").constraint,
        Constraint::StartNoEarlierThan(at(3, 11, 8))
    );
    // 2 weeks of effort by a team at 200 %: one week.
    assert_eq!(t("build").duration, Duration::weeks(1));
    assert_eq!(t("build").fixed_cost.minor_units(), 120_075);
    assert_eq!(t("build").notes, "see \"spec\"");
    assert_eq!(t("soak").constraint, Constraint::AsLateAsPossible);
    assert_eq!(t("launch").kind, TaskKind::Milestone);
    let links: Vec<(String, String, LinkKind, Duration)> = p
        .links()
        .map(|(_, l)| {
            (
                p.task(l.from).unwrap().key.clone(),
                p.task(l.to).unwrap().key.clone(),
                l.kind,
                l.lag,
            )
        })
        .collect();
    assert_eq!(links.len(), 5);
    assert!(links.contains(&(
        "soak".into(),
        "launch".into(),
        LinkKind::FinishToFinish,
        Duration::hours(-2)
    )));
    assert!(links.contains(&(
        "wire".into(),
        "review".into(),
        LinkKind::FinishToStart,
        Duration::ZERO
    )));
    let (_, b) = p.baselines().next().unwrap();
    assert_eq!(
        b.entries[&p.task_id("wire").unwrap()].cost.minor_units(),
        133_200
    );
    plan(&p).unwrap();
    // Written and read back: the same project.
    let out = write_json(&p);
    assert!(out.warnings.is_empty(), "{:?}", out.warnings);
    assert_eq!(read_json(&out.json).unwrap(), p, "{}", out.json);
    assert!(
        out.json
            .contains(r#"{ "key": "review", "parent": "design", "duration": "1d 4h""#),
        "{}",
        out.json
    );
}

fn error(json: &str) -> String {
    match read_json(json) {
        Ok(_) => panic!("accepted: {json}"),
        Err(e) => e.to_string(),
    }
}

/// `RELAUNCH` with `from` replaced by `to` (once).
fn broken(from: &str, to: &str) -> String {
    assert!(RELAUNCH.contains(from), "{from}");
    RELAUNCH.replacen(from, to, 1)
}

#[test]
fn errors_name_the_path_and_both_ends() {
    assert_eq!(
        error(&broken(
            r#"{ "from": "soak", "to": "launch""#,
            r#"{ "from": "soak", "to": "zz""#
        )),
        r#"links[1].to: unknown task "zz" (from "soak")"#
    );
    assert_eq!(
        error(&broken(
            r#"{ "from": "build", "to": "soak""#,
            r#"{ "from": "bild", "to": "soak""#
        )),
        r#"links[0].from: unknown task "bild" (to "soak")"#
    );
    assert_eq!(
        error(&broken(r#""after": ["wire"]"#, r#""after": ["wired"]"#)),
        r#"tasks[2].after[0]: unknown task "wired" (before "review")"#
    );
    assert_eq!(
        error(&broken(r#""resource": "ops""#, r#""resource": "dev""#)),
        r#"tasks[3].assign[0].resource: unknown resource "dev" (assigned to "build")"#
    );
    assert_eq!(
        error(&broken(
            r#""calendar": "servers", "constraint""#,
            r#""calendar": "server", "constraint""#
        )),
        r#"tasks[4].calendar: unknown calendar "server" (of task "soak")"#
    );
    assert!(
        error(&broken(r#""duration": "3d""#, r#""duraton": "3d""#))
            .starts_with("tasks[1].duraton: unknown field (expected one of: key, name,")
    );
    assert_eq!(
        error(&broken(r#""duration": "2d""#, r#""duration": "2 days""#)),
        r#"tasks[4].duration: "2 days" is not a duration: write a number and a unit w, d, h or m, like "3d" or "1d 4h""#
    );
    assert_eq!(
        error(&broken(r#""duration": "2d""#, r#""duration": 2"#)),
        r#"tasks[4].duration: expected a duration like "3d", found a number"#
    );
    assert_eq!(
        error(&broken(r#""version": 1"#, r#""version": 2"#)),
        "version: version 2 is not supported (this reader reads 1)"
    );
    assert!(error(&broken(r#""version": 1,"#, "")).starts_with("version: missing"));
    assert_eq!(
        error(&broken(r#""units": "50%""#, r#""units": "half""#)),
        r#"tasks[1].assign[0].units: expected units like "50%", found "half""#
    );
    assert!(
        error(&broken(
            r#""parent": "design", "duration": "3d""#,
            r#""parent": "later", "duration": "3d""#
        ))
        .starts_with(r#"tasks[1].parent: unknown task "later""#)
    );
    assert!(
        error(&broken(r#""key": "review""#, r#""key": "wire""#))
            .starts_with("tasks[2]: duplicate task")
    );
    assert!(
        error(&broken(
            r#""holidays": ["2024-03-29""#,
            r#""holidays": ["2024-02-30""#
        ))
        .starts_with("calendars[0].holidays[0]:")
    );
    // A cycle is found at load time, not at planning.
    let cycle = broken(
        r#"{ "from": "soak", "to": "launch""#,
        r#"{ "from": "launch", "to": "wire""#,
    );
    match read_json(&cycle).unwrap_err() {
        Error::Cycle { items } => {
            assert_eq!(items.first(), items.last());
            assert!(items.contains(&r#"task "launch""#.to_owned()), "{items:?}");
        }
        e => panic!("{e}"),
    }
    // Syntax errors: line and column.
    match read_json("{\n  \"version\": 1,\n  \"name\": \n}").unwrap_err() {
        Error::JsonSyntax { line, .. } => assert_eq!(line, 4),
        e => panic!("{e}"),
    }
    assert!(matches!(read_json("[]").unwrap_err(), Error::Json { path, .. } if path.is_empty()));
}

/// A random project from the shared generator, with what only JSON holds
/// added: non-numeric keys' neighbours, effort, estimates, skills, tags,
/// phases, physical percent and actual costs.
fn json_project(seed: u64) -> planwright_core::Project {
    let mut p = random_project(seed);
    let mut g = Gen(seed ^ 0x5EED);
    let ids: Vec<_> = p.tasks().map(|(id, _)| id).collect();
    for id in ids {
        p.update_task(id, |t| {
            if t.kind == TaskKind::Task && g.chance(30) {
                t.three_point = Some(ThreePoint::new(
                    t.duration,
                    t.duration,
                    t.duration + Duration::hours(8),
                ));
            }
            if g.chance(30) {
                t.tags
                    .insert(["ux", "a \"b\"", "ops/ci"][g.below(3) as usize].to_owned());
            }
            if g.chance(20) {
                t.phase = Some([Phase::Planning, Phase::Closing][g.below(2) as usize]);
            }
            if t.progress.actual_start.is_some() && g.chance(50) {
                t.progress.physical_percent = Some(u8::try_from(g.below(101)).unwrap());
                t.progress.actual_cost = Some(planwright_core::Money::minor(
                    i64::try_from(g.below(100_000)).unwrap(),
                ));
            }
        })
        .unwrap();
    }
    p
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    /// Written and read back: the same project, whatever it holds.
    #[test]
    fn json_reads_back_equal(seed in any::<u64>()) {
        let p = json_project(seed);
        let out = write_json(&p);
        prop_assert!(out.warnings.is_empty(), "{:?}", out.warnings);
        let back = read_json(&out.json).map_err(|e| TestCaseError::fail(format!("{e}\n{}", out.json)))?;
        prop_assert_eq!(&back, &p, "{}", out.json);
    }

    /// Arbitrary and damaged text never panics.
    #[test]
    fn damaged_json_never_panics(text in "\\PC{0,200}", at in 0usize..4_000, c in prop::sample::select(vec!['"', '{', '}', '[', ',', ':', '-', 'x', '0'])) {
        let _ = read_json(&text);
        let mut chars: Vec<char> = RELAUNCH.chars().collect();
        let i = at % chars.len();
        chars[i] = c;
        let _ = read_json(&chars.into_iter().collect::<String>());
    }
}
