//! Integration tests of the facade: the prelude is enough for the whole
//! plan → level → simulate flow, the short names are the crates, and the
//! default `serde` feature reaches every crate.

use planwright::prelude::*;

fn start() -> NaiveDateTime {
    NaiveDate::from_ymd_opt(2026, 3, 2)
        .and_then(|d| d.and_hms_opt(8, 0, 0))
        .expect("a valid date")
}

/// Two people, four tasks, one of them uncertain.
fn project() -> Result<Project, planwright::core::Error> {
    let mut p = Project::new("facade");
    p.set_start(start());
    let ana = p.add_resource(Resource::person("ana"))?;
    let bo = p.add_resource(Resource::person("bo"))?;
    let design = p.add_task(
        Task::new("design")
            .duration(Duration::days(3))
            .assign(ana, Units::FULL),
    )?;
    let build = p.add_task(
        Task::new("build")
            .three_point(Duration::days(4), Duration::days(5), Duration::days(9))
            .assign(bo, Units::FULL),
    )?;
    let docs = p.add_task(
        Task::new("docs")
            .duration(Duration::days(2))
            .assign(ana, Units::FULL),
    )?;
    let review = p.add_task(
        Task::new("review")
            .duration(Duration::days(1))
            .assign(ana, Units::FULL),
    )?;
    p.add_link(Link::finish_to_start(design, build))?;
    p.add_link(Link::finish_to_start(build, review))?;
    p.add_link(Link::start_to_start(design, docs))?;
    Ok(p)
}

#[test]
fn the_prelude_covers_plan_level_and_simulate() -> Result<(), Box<dyn std::error::Error>> {
    let p = project()?;
    let schedule = plan(&p)?;
    // design (3d) → build (5d) → review (1d): 9 working days.
    assert_eq!(schedule.finish_offset(), Duration::days(9));
    let critical: Vec<&str> = schedule
        .critical_path()
        .map(|t| p.task(t).map_or("?", |t| t.key.as_str()))
        .collect();
    assert_eq!(critical, ["design", "build", "review"]);

    // docs and design both need ana on days 1–2: leveling moves docs.
    let leveled = level_plan(&p, &schedule, Leveling::WithDelay)?;
    assert!(leveled.feasible);
    let docs = p.task_id("docs").ok_or("docs")?;
    assert_eq!(
        leveled.task(docs).ok_or("docs row")?.start,
        start() + planwright::core::chrono::Duration::days(3)
    );

    let risk = simulate_plan(
        &p,
        &schedule,
        &Simulation::new(&p).iterations(2_000).seed(11),
    )?;
    let p50 = risk.finish.p(50).ok_or("p50")?;
    let p90 = risk.finish.p(90).ok_or("p90")?;
    // The PERT mean of build is (4 + 20 + 9) / 6 = 5.5 days, above its most
    // likely 5: the median finish lies above the deterministic 9 days.
    assert!(p50 > Duration::days(9).as_minutes() as f64, "p50 {p50}");
    assert!(p90 > p50);
    Ok(())
}

#[test]
fn short_names_are_the_crates() {
    let a: planwright::core::Duration = Duration::days(1);
    let b: planwright_core::Duration = a;
    assert_eq!(b, planwright::planwright_core::Duration::days(1));
    let _: fn(&planwright::core::Project) -> Result<planwright::schedule::Plan, _> =
        planwright::schedule::plan;
    let _: fn(&Project) -> Result<Plan, planwright_schedule::Error> = plan;
}

#[cfg(feature = "serde")]
#[test]
fn serde_is_on_by_default_in_every_crate() -> Result<(), Box<dyn std::error::Error>> {
    let p = project()?;
    let json = serde_json::to_string(&p)?;
    assert_eq!(serde_json::from_str::<Project>(&json)?, p);
    let opts = LevelingOptions::new(Leveling::WithDelay).budget(8);
    let back: LevelingOptions = serde_json::from_str(&serde_json::to_string(&opts)?)?;
    assert_eq!(back, opts);
    let register = RiskRegister::default();
    let back: RiskRegister = serde_json::from_str(&serde_json::to_string(&register)?)?;
    assert_eq!(back, register);
    Ok(())
}
