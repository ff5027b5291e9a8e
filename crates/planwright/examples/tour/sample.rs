//! The built-in sample: a customer-portal relaunch project (all five phases,
//! six people, milestones) and the operations board that runs the portal.

use planwright::core::{
    Check, Constraint, End, FieldValue, Gate, GateCriterion, Level, NonWorkingDay, Nth, Scope,
    Stakeholder,
};
use planwright::prelude::*;

pub(crate) fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).expect("valid sample date")
}

pub(crate) fn at(y: i32, m: u32, day: u32, h: u32, min: u32) -> NaiveDateTime {
    d(y, m, day)
        .and_hms_opt(h, min, 0)
        .expect("valid sample time")
}

/// The date the tour is "run" on: the status date of the sample.
pub(crate) fn today() -> NaiveDateTime {
    at(2026, 3, 16, 8, 0)
}

pub(crate) fn project() -> Result<Project, Box<dyn std::error::Error>> {
    let mut p = Project::new("Customer portal relaunch");
    p.set_description(
        "Replace the 2014 customer portal with a self-service portal on the new API platform.",
    );
    p.set_start(at(2026, 1, 5, 8, 0));
    p.set_budget(Money::major(420_000));
    p.add_objective("Customers resolve 60 % of requests without calling support");
    p.add_objective("Go live before the summer peak (end of May 2026)");
    p.set_scope(
        Scope::new(
            "A responsive self-service portal with single sign-on, backed by a customer API.",
        )
        .include("account, billing and ticket pages")
        .include("migration of help content")
        .exclude("mobile apps")
        .deliverable("portal in production")
        .deliverable("operations handbook"),
    );
    p.add_stakeholder(Stakeholder::new("coo", "sponsor").grid(Level::High, Level::High))?;
    p.add_stakeholder(
        Stakeholder::new("support-lead", "key user").grid(Level::Medium, Level::High),
    )?;
    p.add_stakeholder(Stakeholder::new("security", "approver").grid(Level::High, Level::Low))?;

    // Calendars: the office calendar with public holidays; Dara works
    // Monday to Thursday; Chen has a week of vacation in March.
    let office = p
        .calendar_id("Standard")
        .expect("the project has its standard calendar");
    {
        let cal = p.calendar_mut(office).expect("standard calendar");
        for h in [
            d(2026, 1, 1),
            d(2026, 4, 3),
            d(2026, 4, 6),
            d(2026, 5, 1),
            d(2026, 5, 14),
            d(2026, 5, 25),
        ] {
            cal.add_holiday(h);
        }
    }
    let base = p.project_calendar().clone();
    let four_days = p.add_calendar(
        base.derive("dara (Mon-Thu)")
            .with_weekday(Weekday::Fri, DaySchedule::non_working())?,
    )?;
    let mut chen_cal = base.derive("chen");
    chen_cal.add_holidays(d(2026, 3, 23), d(2026, 3, 27))?;
    let chen_cal = p.add_calendar(chen_cal)?;

    let ana = p.add_resource(
        Resource::person("ana")
            .name("Ana Petrova (PM)")
            .rate(Money::major(95))
            .skill("planning", 5)
            .skill("content", 3),
    )?;
    let ben = p.add_resource(
        Resource::person("ben")
            .name("Ben Okafor (UX)")
            .rate(Money::major(85))
            .skill("ux", 5),
    )?;
    let chen = p.add_resource(
        Resource::person("chen")
            .name("Chen Wei (backend)")
            .rate(Money::major(90))
            .calendar(chen_cal)
            .skill("rust", 5)
            .skill("security", 3),
    )?;
    let dara = p.add_resource(
        Resource::person("dara")
            .name("Dara Singh (frontend)")
            .rate(Money::major(80))
            .calendar(four_days)
            .skill("typescript", 4)
            .skill("ux", 2),
    )?;
    let eli = p.add_resource(
        Resource::person("eli")
            .name("Eli Novak (QA)")
            .rate(Money::major(70))
            .skill("testing", 4),
    )?;
    let fay = p.add_resource(
        Resource::person("fay")
            .name("Fay Moreau (ops)")
            .rate(Money::major(85))
            .skill("ops", 5)
            .skill("security", 4),
    )?;

    let full = Units::FULL;
    let half = Units::percent(50);
    let days = Duration::days;

    // 1 Initiation
    let init = p.add_task(
        Task::summary("initiation")
            .name("Initiation")
            .phase(Phase::Initiation),
    )?;
    let charter = p.add_task(
        Task::new("charter")
            .name("Draft project charter")
            .parent(init)
            .duration(days(3))
            .assign(ana, full),
    )?;
    let stakeholders = p.add_task(
        Task::new("stakeholders")
            .name("Stakeholder analysis")
            .parent(init)
            .duration(days(2))
            .assign(ana, half),
    )?;
    let kickoff = p.add_task(
        Task::milestone("kickoff")
            .name("Kick-off: charter approved")
            .parent(init),
    )?;

    // 2 Planning
    let planning = p.add_task(
        Task::summary("planning")
            .name("Planning")
            .phase(Phase::Planning),
    )?;
    let reqs = p.add_task(
        Task::new("requirements")
            .name("Gather requirements")
            .parent(planning)
            .three_point(days(4), days(5), days(9))
            .assign(ana, half)
            .assign(ben, half),
    )?;
    let arch = p.add_task(
        Task::new("architecture")
            .name("Architecture and tech choices")
            .parent(planning)
            .duration(days(4))
            .assign(chen, full)
            .requires("rust", 4),
    )?;
    let ux = p.add_task(
        Task::new("ux-concept")
            .name("UX concept and wireframes")
            .parent(planning)
            .three_point(days(5), days(6), days(10))
            .assign(ben, full)
            .requires("ux", 4),
    )?;
    let plan = p.add_task(
        Task::new("plan")
            .name("Schedule, budget and risk plan")
            .parent(planning)
            .duration(days(3))
            .assign(ana, full),
    )?;
    let baselined = p.add_task(
        Task::milestone("plan-approved")
            .name("Plan baselined")
            .parent(planning),
    )?;

    // 3 Execution
    let exec = p.add_task(
        Task::summary("execution")
            .name("Execution")
            .phase(Phase::Execution),
    )?;
    let design_system = p.add_task(
        Task::new("design-system")
            .name("Design system")
            .parent(exec)
            .three_point(days(6), days(8), days(12))
            .assign(ben, full),
    )?;
    let api = p.add_task(
        Task::new("api")
            .name("Customer API")
            .parent(exec)
            .three_point(days(10), days(12), days(20))
            .assign(chen, full)
            .requires("rust", 4)
            .priority(Priority::new(800)?),
    )?;
    let sso = p.add_task(
        Task::new("sso")
            .name("Single sign-on integration")
            .parent(exec)
            .three_point(days(4), days(6), days(12))
            .assign(chen, full)
            .requires("security", 3),
    )?;
    let infra = p.add_task(
        Task::new("infra")
            .name("Hosting and CI pipeline")
            .parent(exec)
            .duration(days(5))
            .assign(fay, full)
            .requires("ops", 4),
    )?;
    let frontend = p.add_task(
        Task::new("frontend")
            .name("Portal front end")
            .parent(exec)
            .effort(days(15))
            .assign(dara, full)
            .requires("typescript", 3),
    )?;
    let content = p.add_task(
        Task::new("content")
            .name("Content migration")
            .parent(exec)
            .effort(days(4))
            .assign(ana, half)
            .constraint(Constraint::StartNoEarlierThan(at(2026, 3, 2, 8, 0))),
    )?;
    let test_plan = p.add_task(
        Task::new("test-plan")
            .name("Test plan")
            .parent(exec)
            .duration(days(3))
            .assign(eli, full),
    )?;
    let system_test = p.add_task(
        Task::new("system-test")
            .name("System test")
            .parent(exec)
            .three_point(days(6), days(8), days(14))
            .assign(eli, full)
            .requires("testing", 3),
    )?;
    let beta = p.add_task(Task::milestone("beta").name("Beta release").parent(exec))?;

    // 4 Monitoring & controlling
    let mc = p.add_task(
        Task::summary("controlling")
            .name("Monitoring and controlling")
            .phase(Phase::MonitoringControlling),
    )?;
    let status = p.add_task(
        Task::new("status-reviews")
            .name("Weekly status and EVM reviews")
            .parent(mc)
            .duration(days(50))
            .assign(ana, Units::percent(10)),
    )?;
    let perf = p.add_task(
        Task::new("perf-test")
            .name("Performance and security test")
            .parent(mc)
            .duration(days(4))
            .assign(fay, full)
            .assign(eli, half),
    )?;
    let uat = p.add_task(
        Task::new("uat")
            .name("User acceptance test")
            .parent(mc)
            .duration(days(5))
            .assign(eli, half)
            .assign(ana, half),
    )?;

    // 5 Closing
    let closing = p.add_task(
        Task::summary("closing")
            .name("Closing")
            .phase(Phase::Closing),
    )?;
    let go_live = p.add_task(
        Task::milestone("go-live")
            .name("Go-live")
            .parent(closing)
            .deadline(at(2026, 5, 29, 17, 0))
            .priority(Priority::HIGHEST),
    )?;
    let handover = p.add_task(
        Task::new("handover")
            .name("Handover to operations")
            .parent(closing)
            .duration(days(3))
            .assign(fay, full),
    )?;
    let lessons = p.add_task(
        Task::new("lessons")
            .name("Lessons learned workshop")
            .parent(closing)
            .duration(days(1))
            .assign(ana, full),
    )?;
    let closed = p.add_task(
        Task::milestone("closed")
            .name("Project closed")
            .parent(closing),
    )?;

    let fs = |p: &mut Project, a, b| p.add_link(Link::finish_to_start(a, b));
    fs(&mut p, charter, kickoff)?;
    p.add_link(Link::start_to_start(charter, stakeholders).lag(days(1)))?;
    fs(&mut p, stakeholders, kickoff)?;
    fs(&mut p, kickoff, reqs)?;
    p.add_link(Link::start_to_start(reqs, ux).lag(days(2)))?;
    p.add_link(Link::start_to_start(reqs, arch).lag(days(1)))?;
    fs(&mut p, reqs, plan)?;
    fs(&mut p, arch, plan)?;
    fs(&mut p, ux, baselined)?;
    fs(&mut p, plan, baselined)?;
    fs(&mut p, baselined, design_system)?;
    fs(&mut p, baselined, api)?;
    fs(&mut p, baselined, infra)?;
    fs(&mut p, api, sso)?;
    p.add_link(Link::finish_to_start(design_system, frontend).lag(days(-2)))?; // a lead: start before the design system is fully done
    fs(&mut p, baselined, test_plan)?;
    p.add_link(Link::finish_to_finish(api, frontend).lag(days(2)))?;
    fs(&mut p, frontend, system_test)?;
    fs(&mut p, sso, system_test)?;
    fs(&mut p, test_plan, system_test)?;
    fs(&mut p, infra, perf)?;
    p.add_link(Link::finish_to_finish(system_test, perf))?;
    fs(&mut p, system_test, beta)?;
    fs(&mut p, beta, uat)?;
    fs(&mut p, content, uat)?;
    p.add_link(Link::start_to_start(baselined, status))?;
    fs(&mut p, uat, go_live)?;
    fs(&mut p, perf, go_live)?;
    fs(&mut p, go_live, handover)?;
    p.add_link(Link::finish_to_finish(handover, status))?;
    fs(&mut p, handover, lessons)?;
    fs(&mut p, lessons, closed)?;

    // Lifecycle: the charter is approved and planning is done; the project
    // is executing. The approved plan is the baseline: the critical-path
    // schedule of the project before any progress, with its costs.
    p.add_criterion(GateCriterion::new(
        "risk-register-reviewed",
        Gate::Enter(Phase::Execution),
        Check::Manual,
        "the risk register is reviewed by the sponsor",
    )?)?;
    p.sign_off("charter-approved", "coo", at(2026, 1, 9, 16, 0))?;
    p.move_to_phase(Phase::Planning, at(2026, 1, 9, 16, 0))?;
    let approved = planwright::schedule::plan(&p)?;
    p.add_baseline(approved.baseline(&p, "approved plan", at(2026, 2, 6, 12, 0))?)?;
    p.sign_off("risk-register-reviewed", "coo", at(2026, 2, 6, 12, 0))?;
    p.move_to_phase(Phase::Execution, at(2026, 2, 9, 8, 0))?;

    // Progress as of the status date.
    let done = |s: NaiveDateTime, f: NaiveDateTime| Progress::finished(s, f);
    p.update_task(charter, |t| {
        t.progress = done(at(2026, 1, 5, 8, 0), at(2026, 1, 7, 17, 0))
    })?;
    p.update_task(stakeholders, |t| {
        t.progress = done(at(2026, 1, 6, 8, 0), at(2026, 1, 7, 17, 0))
    })?;
    p.update_task(kickoff, |t| {
        t.progress = done(at(2026, 1, 8, 8, 0), at(2026, 1, 8, 8, 0))
    })?;
    p.update_task(reqs, |t| {
        t.progress = done(at(2026, 1, 8, 8, 0), at(2026, 1, 16, 17, 0))
    })?;
    p.update_task(arch, |t| {
        t.progress = done(at(2026, 1, 9, 8, 0), at(2026, 1, 14, 17, 0))
    })?;
    p.update_task(ux, |t| {
        t.progress = done(at(2026, 1, 12, 8, 0), at(2026, 1, 21, 17, 0))
    })?;
    p.update_task(plan, |t| {
        t.progress = done(at(2026, 1, 19, 8, 0), at(2026, 1, 23, 17, 0))
    })?;
    p.update_task(baselined, |t| {
        t.progress = done(at(2026, 1, 26, 8, 0), at(2026, 1, 26, 8, 0))
    })?;
    p.update_task(design_system, |t| {
        t.progress = done(at(2026, 1, 26, 8, 0), at(2026, 2, 6, 17, 0))
    })?;
    p.update_task(infra, |t| {
        t.progress = done(at(2026, 1, 26, 8, 0), at(2026, 2, 3, 17, 0))
    })?;
    p.update_task(test_plan, |t| {
        t.progress = done(at(2026, 2, 2, 8, 0), at(2026, 2, 4, 17, 0))
    })?;
    p.update_task(api, |t| {
        t.progress = Progress::started(at(2026, 1, 26, 8, 0), 70).with_remaining(days(6))
    })?;
    p.update_task(frontend, |t| {
        t.progress = Progress::started(at(2026, 2, 5, 8, 0), 40)
    })?;
    p.update_task(status, |t| {
        // A level-of-effort task: what remains is re-estimated at each review.
        t.progress = Progress::started(at(2026, 1, 26, 8, 0), 30).with_remaining(days(20))
    })?;
    // What finance reports as spent, and the status date the progress is
    // reported up to: every engine works from it.
    for (key, cost) in ACTUAL_COST {
        let id = p.require_task(key)?;
        p.update_task(id, |t| {
            if t.progress.is_started() {
                t.progress.actual_cost = Some(Money::major(cost));
            }
        })?;
    }
    p.set_status_date(Some(today()))?;
    Ok(p)
}

/// WSJF inputs (value, urgency, risk reduction) and the skill each
/// operations item needs, in item order.
const WSJF: [(i64, i64, i64, &str, u8); 16] = [
    (8, 13, 8, "security", 3),
    (8, 5, 3, "rust", 3),
    (5, 8, 2, "ops", 2),
    (5, 3, 8, "ops", 4),
    (3, 2, 1, "typescript", 2),
    (2, 1, 1, "content", 1),
    (5, 8, 5, "ops", 3),
    (8, 13, 8, "security", 3),
    (1, 1, 3, "rust", 2),
    (5, 3, 5, "ops", 3),
    (3, 5, 2, "typescript", 3),
    (8, 8, 5, "planning", 3),
    (3, 3, 2, "ops", 2),
    (5, 8, 8, "rust", 3),
    (3, 5, 8, "security", 2),
    (2, 1, 0, "typescript", 2),
];

/// Actual cost so far per task key, for earned value: what the finance
/// report says as of the status date.
pub(crate) const ACTUAL_COST: [(&str, i64); 14] = [
    ("charter", 2_400),
    ("stakeholders", 800),
    ("requirements", 7_600),
    ("architecture", 2_900),
    ("ux-concept", 4_100),
    ("plan", 2_300),
    ("design-system", 6_300),
    ("infra", 3_700),
    ("test-plan", 1_700),
    ("api", 6_900),
    ("frontend", 5_100),
    ("status-reviews", 1_300),
    ("content", 0),
    ("kickoff", 0),
];

/// The operations board that runs the current portal and will run the new one.
pub(crate) fn operations() -> Result<Board, planwright::core::Error> {
    let mut wf = Workflow::kanban();
    let doing = wf.state_id("doing").expect("kanban has doing");
    let review = wf.state_id("review").expect("kanban has review");
    let ready = wf.state_id("ready").expect("kanban has ready");
    wf.set_wip(doing, WipLimit::between(1, 3))?;
    wf.set_wip(review, WipLimit::max(2))?;
    wf.set_waiting(ready, true)?;
    // Work waiting on someone else sits in `blocked`: in progress, but
    // waiting (flow efficiency counts it as waiting time).
    let blocked = wf.add_state("blocked", StateCategory::InProgress)?;
    wf.set_waiting(blocked, true)?;
    wf.allow(doing, blocked)?;
    wf.allow(blocked, doing)?;
    let mut board = Board::new("Portal operations", wf);

    // key, title, priority, tags, size (days); WSJF inputs and skills below.
    let items: [(&str, &str, u16, &[&str], i64); 16] = [
        ("OPS-101", "Renew TLS certificates", 900, &["security"], 1),
        (
            "OPS-102",
            "Slow invoice page for large accounts",
            700,
            &["performance"],
            3,
        ),
        (
            "OPS-103",
            "Password reset mail lands in spam",
            800,
            &["email"],
            2,
        ),
        (
            "OPS-104",
            "Upgrade database to the supported version",
            600,
            &["database"],
            5,
        ),
        ("OPS-105", "Export of tickets as CSV", 400, &["feature"], 2),
        (
            "OPS-106",
            "Broken link on the help page",
            300,
            &["content"],
            1,
        ),
        (
            "OPS-107",
            "Add uptime alert for the payment callback",
            750,
            &["monitoring"],
            1,
        ),
        (
            "OPS-108",
            "Rotate API keys of the mail provider",
            850,
            &["security"],
            1,
        ),
        (
            "OPS-109",
            "Clean up stale feature flags",
            200,
            &["tech-debt"],
            2,
        ),
        (
            "OPS-110",
            "Backup restore drill findings",
            650,
            &["backup"],
            3,
        ),
        (
            "OPS-111",
            "Accessibility fixes on the login form",
            500,
            &["a11y"],
            2,
        ),
        (
            "OPS-112",
            "Capacity plan for the summer peak",
            550,
            &["planning"],
            3,
        ),
        (
            "OPS-114",
            "Status page for planned maintenance",
            450,
            &["ops"],
            2,
        ),
        (
            "OPS-115",
            "Rate limits on the public API",
            700,
            &["security"],
            3,
        ),
        (
            "OPS-116",
            "Log retention below 30 days",
            600,
            &["compliance"],
            1,
        ),
        (
            "OPS-117",
            "Dark mode for the help pages",
            250,
            &["feature"],
            2,
        ),
    ];
    let mut t = at(2026, 2, 2, 9, 0);
    for (n, (key, title, prio, tags, size)) in items.iter().enumerate() {
        let mut item = WorkItem::new(*key)
            .title(*title)
            .priority(Priority::new(*prio)?)
            .estimate(Duration::days(*size))
            .field("size", FieldValue::Number(*size));
        for tag in *tags {
            item = item.tag(*tag);
        }
        if n % 4 == 0 {
            item = item.due(at(2026, 3, 20, 17, 0));
        }
        let (value, urgency, risk, skill, level) = WSJF[n];
        item = item
            .field("value", FieldValue::Number(value))
            .field("urgency", FieldValue::Number(urgency))
            .field("risk", FieldValue::Number(risk))
            .requires(skill, level);
        board.add_item(item, t)?;
        t += planwright::core::chrono::Duration::hours(24);
    }
    // A month of history: items flowing through the workflow.
    let mv = |b: &mut Board,
              key: &str,
              state: &str,
              when: NaiveDateTime|
     -> Result<(), planwright::core::Error> {
        let id = b.item_id(key).expect("sample item exists");
        b.move_item_to(id, state, when)
    };
    let flow: [(&str, &[(&str, NaiveDateTime)]); 9] = [
        (
            "OPS-101",
            &[
                ("ready", at(2026, 2, 3, 9, 0)),
                ("doing", at(2026, 2, 4, 10, 0)),
                ("review", at(2026, 2, 5, 15, 0)),
                ("done", at(2026, 2, 6, 11, 0)),
            ],
        ),
        (
            "OPS-102",
            &[
                ("ready", at(2026, 2, 4, 9, 0)),
                ("doing", at(2026, 2, 9, 9, 0)),
                ("review", at(2026, 2, 13, 16, 0)),
                ("doing", at(2026, 2, 16, 10, 0)),
                ("review", at(2026, 2, 18, 12, 0)),
                ("done", at(2026, 2, 19, 9, 0)),
            ],
        ),
        (
            "OPS-103",
            &[
                ("ready", at(2026, 2, 5, 9, 0)),
                ("doing", at(2026, 2, 10, 9, 0)),
                ("review", at(2026, 2, 11, 17, 0)),
                ("done", at(2026, 2, 12, 10, 0)),
            ],
        ),
        (
            "OPS-104",
            &[
                ("ready", at(2026, 2, 9, 9, 0)),
                ("doing", at(2026, 2, 23, 9, 0)),
                ("blocked", at(2026, 2, 24, 12, 0)),
                ("doing", at(2026, 3, 2, 9, 0)),
                ("review", at(2026, 3, 4, 9, 0)),
                ("done", at(2026, 3, 5, 14, 0)),
            ],
        ),
        (
            "OPS-105",
            &[
                ("ready", at(2026, 2, 12, 9, 0)),
                ("doing", at(2026, 3, 2, 9, 0)),
                ("review", at(2026, 3, 6, 11, 0)),
            ],
        ),
        (
            "OPS-106",
            &[
                ("ready", at(2026, 2, 13, 9, 0)),
                ("doing", at(2026, 2, 16, 9, 0)),
                ("review", at(2026, 2, 16, 11, 0)),
                ("done", at(2026, 2, 16, 15, 0)),
            ],
        ),
        (
            "OPS-107",
            &[
                ("ready", at(2026, 2, 16, 9, 0)),
                ("doing", at(2026, 3, 9, 9, 0)),
            ],
        ),
        (
            "OPS-108",
            &[
                ("ready", at(2026, 2, 17, 9, 0)),
                ("doing", at(2026, 2, 18, 9, 0)),
                ("review", at(2026, 2, 19, 9, 0)),
                ("done", at(2026, 2, 19, 16, 0)),
            ],
        ),
        (
            "OPS-110",
            &[
                ("ready", at(2026, 2, 20, 9, 0)),
                ("doing", at(2026, 3, 10, 9, 0)),
            ],
        ),
    ];
    for (key, moves) in flow {
        for (state, when) in moves {
            mv(&mut board, key, state, *when)?;
        }
    }
    let cancelled = board.item_id("OPS-109").expect("sample item exists");
    board.move_item_to(cancelled, "cancelled", at(2026, 3, 3, 12, 0))?;
    board.set_assignee(board.item_id("OPS-107").expect("item"), Some("fay".into()))?;
    board.set_assignee(board.item_id("OPS-110").expect("item"), Some("fay".into()))?;
    board.set_assignee(board.item_id("OPS-105").expect("item"), Some("dara".into()))?;

    // Recurring work.
    board.add_recurring(
        RecurringWork::new(
            "backup-drill",
            "Weekly backup restore test",
            Recurrence::weekly(d(2026, 1, 5), 1, &[Weekday::Mon])
                .on_non_working(NonWorkingDay::Next),
        )?
        .tag("backup")
        .estimate(Duration::hours(2)),
    )?;
    board.add_recurring(
        RecurringWork::new(
            "patch-day",
            "Monthly patch day",
            Recurrence::monthly_on_weekday(d(2026, 1, 1), 1, Nth::Second, Weekday::Tue),
        )?
        .tag("security")
        .estimate(Duration::hours(6)),
    )?;
    board.add_recurring(
        RecurringWork::new(
            "month-end",
            "Month-end billing reconciliation",
            Recurrence::monthly_on_day(d(2026, 1, 1), 1, 31)
                .on_non_working(NonWorkingDay::Previous),
        )?
        .tag("billing")
        .estimate(Duration::hours(3)),
    )?;
    let mut oncall = Recurrence::weekly(d(2026, 3, 2), 2, &[Weekday::Fri]);
    oncall.end = End::Count(10);
    board.add_recurring(
        RecurringWork::new("on-call-review", "Fortnightly on-call review", oncall)?
            .estimate(Duration::hours(1)),
    )?;
    Ok(board)
}

/// The project's risk register as of the status date.
pub(crate) fn risks(
    p: &Project,
) -> Result<planwright::risk::RiskRegister, Box<dyn std::error::Error>> {
    use planwright::risk::{
        Action, ActionStatus, Assessment, Dimension, ImpactInput, Response, Risk, RiskLink,
        RiskRegister, RiskStatus, Strategy,
    };
    let task = |k: &str| p.task_id(k).ok_or_else(|| format!("sample task {k}"));
    let mut reg = RiskRegister::default();
    let cost = |at: NaiveDateTime, prob: f64, major: i64| {
        Assessment::new(at, prob).impact(Dimension::Cost, ImpactInput::Cost(Money::major(major)))
    };
    let t0 = at(2026, 1, 12, 9, 0);

    let sso = reg.add(
        Risk::threat("sso-vendor")
            .title("Identity provider API changes")
            .statement(
                "the identity provider is migrating its API",
                "our SSO integration breaks late",
                "go-live slips",
            )
            .category("technical/integration")
            .owner("chen")
            .proximity(d(2026, 3, 31))
            .trigger("deprecation notice from the vendor")
            .link(RiskLink::Task(task("sso")?)),
        t0,
    )?;
    reg.assess(
        sso,
        cost(t0, 0.3, 30_000).impact(Dimension::Time, ImpactInput::Time(Duration::days(8))),
    )?;
    reg.transition(sso, RiskStatus::Analysed, t0)?;
    reg.add_response(
        sso,
        Response::new(
            Strategy::Mitigate,
            "build against the new API version in a sandbox first",
        )
        .action(
            Action::new("sandbox", "get sandbox access", "chen", d(2026, 2, 13))?
                .cost(Money::major(2_000)),
        )
        .action(
            Action::new(
                "spike",
                "two-day spike on the new API",
                "chen",
                d(2026, 3, 6),
            )?
            .cost(Money::major(1_500)),
        )
        .contingency("fall back to username and password for the beta")
        .residual(cost(t0, 0.1, 30_000)),
    )?;
    reg.transition(sso, RiskStatus::ResponsePlanned, at(2026, 1, 13, 9, 0))?;
    reg.set_action_status(sso, 0, "sandbox", ActionStatus::Done)?;
    // The vendor announced the change: the risk rose at the February review.
    reg.assess(
        sso,
        cost(at(2026, 2, 16, 9, 0), 0.6, 40_000)
            .impact(Dimension::Time, ImpactInput::Time(Duration::days(10))),
    )?;

    let perf = reg.add(
        Risk::threat("peak-load")
            .title("Portal too slow at the summer peak")
            .category("technical/performance")
            .owner("fay")
            .link(RiskLink::Task(task("perf-test")?)),
        t0,
    )?;
    reg.assess(
        perf,
        cost(t0, 0.4, 60_000).impact(Dimension::Quality, ImpactInput::Value(0.7)),
    )?;
    reg.assess(
        perf,
        cost(at(2026, 3, 9, 9, 0), 0.3, 60_000).impact(Dimension::Quality, ImpactInput::Value(0.7)),
    )?;

    let content = reg.add(
        Risk::threat("content-owners")
            .title("Content owners do not review migrated pages in time")
            .category("organisational")
            .link(RiskLink::Task(task("content")?)),
        t0,
    )?;
    reg.assess(
        content,
        cost(t0, 0.5, 8_000).impact(Dimension::Time, ImpactInput::Time(Duration::days(5))),
    )?;

    let gdpr = reg.add(
        Risk::threat("privacy-review")
            .title("Privacy review requires changes to the account pages")
            .category("compliance")
            .owner("ana")
            .link(RiskLink::Phase(Phase::Execution)),
        t0,
    )?;
    reg.assess(gdpr, cost(t0, 0.2, 25_000))?;
    reg.transition(gdpr, RiskStatus::Analysed, t0)?;
    reg.add_response(
        gdpr,
        Response::new(Strategy::Avoid, "privacy officer joins the UX reviews").action(Action::new(
            "invite",
            "invite the privacy officer",
            "ana",
            d(2026, 1, 30),
        )?),
    )?;
    reg.transition(gdpr, RiskStatus::ResponsePlanned, at(2026, 1, 14, 9, 0))?;
    reg.transition(gdpr, RiskStatus::Monitoring, at(2026, 2, 2, 9, 0))?;
    reg.transition(gdpr, RiskStatus::Closed, at(2026, 3, 2, 9, 0))?;

    let reuse = reg.add(
        Risk::opportunity("reuse-components")
            .title("Reuse the design system of the mobile team")
            .category("technical/integration")
            .owner("ben")
            .link(RiskLink::Task(task("frontend")?)),
        t0,
    )?;
    reg.assess(reuse, cost(t0, 0.5, 20_000))?;
    reg.transition(reuse, RiskStatus::Analysed, t0)?;
    reg.add_response(
        reuse,
        Response::new(Strategy::Exploit, "agree a shared component library").action(Action::new(
            "agree",
            "agree ownership with the mobile team",
            "ben",
            d(2026, 3, 13),
        )?),
    )?;

    let infra = reg.add(
        Risk::threat("hosting-capacity")
            .title("Hosting contract capacity too small")
            .category("external/suppliers")
            .owner("fay"),
        t0,
    )?;
    reg.assess(infra, cost(t0, 0.3, 15_000))?;
    reg.occur(
        infra,
        at(2026, 2, 3, 9, 0),
        "the contract tier had to be upgraded (12,000)",
    )?;
    Ok(reg)
}
