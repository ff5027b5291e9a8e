//! Risk: the register, Monte Carlo schedule risk, throughput forecasts.

use planwright::core::{Project, StateCategory};
use planwright::prelude::*;

use crate::sample;
use crate::table::{Table, heading};

pub(crate) fn risks(p: &Project, today: NaiveDateTime) -> Result<(), Box<dyn std::error::Error>> {
    use planwright::risk::{Filter, SortBy, TrackOptions};
    heading("Risk register (sorted by score)");
    let reg = sample::risks(p)?;
    let all: Vec<_> = reg.risks().map(|(id, _)| id).collect();
    let mut t = Table::new(&[
        "risk", "kind", "category", "status", "owner", ">P", ">I", ">score", "band", ">EMV",
    ]);
    for id in reg.sorted(&all, SortBy::Score)? {
        let r = reg.risk(id).ok_or("risk")?;
        let e = reg.evaluation(id)?;
        t.row(vec![
            r.key.clone(),
            format!("{:?}", r.kind).to_lowercase(),
            r.category.clone(),
            r.status().to_string(),
            r.owner.clone().unwrap_or_else(|| "—".into()),
            e.as_ref()
                .map_or(String::new(), |e| e.probability_level.to_string()),
            e.as_ref()
                .map_or(String::new(), |e| e.impact_level.to_string()),
            e.as_ref().map_or(String::new(), |e| e.score.to_string()),
            reg.band(id)?.unwrap_or_default(),
            e.as_ref().map_or(String::new(), |e| e.emv.to_string()),
        ]);
    }
    print!("{}", t.render());

    println!("\nHeat map of open risks (rows: probability 5..1, columns: impact 1..5):");
    let hm = reg.heat_map()?;
    let bands = reg.policy().matrix();
    for p_level in (1..=hm.cells.len()).rev() {
        let row: Vec<String> = (1..=hm.cells[p_level - 1].len())
            .map(|i| {
                let keys = &hm.cells[p_level - 1][i - 1];
                let band = bands.band_name(p_level as u8, i as u8).unwrap_or("?");
                let mark = band.chars().next().unwrap_or('?').to_ascii_uppercase();
                if keys.is_empty() {
                    format!("  {mark}  ")
                } else {
                    format!(" {mark}:{} ", keys.len())
                }
            })
            .collect();
        println!("  P{p_level} |{}|", row.join("|"));
    }
    let unassessed = if hm.unassessed.is_empty() {
        "none".to_owned()
    } else {
        hm.unassessed.join(", ")
    };
    println!("  (L low, M medium, H high, C critical; unassessed: {unassessed})");

    println!("\nTracking as of {}:", today.format("%Y-%m-%d"));
    for alert in reg.track(today, TrackOptions::default())? {
        println!("  - {alert}");
    }
    let open = reg.filter(&Filter::open())?;
    println!(
        "\nOpen risks: {}; exposure {} (by category: {}); suggested contingency reserve {}",
        open.len(),
        reg.total_exposure()?,
        reg.exposure_by_category()?
            .iter()
            .map(|(c, m)| format!("{c} {m}"))
            .collect::<Vec<_>>()
            .join(", "),
        reg.contingency_reserve()?
    );
    let dates: Vec<NaiveDate> = (0..6)
        .map(|w| sample::d(2026, 1, 12) + planwright::core::chrono::Duration::weeks(2 * w))
        .collect();
    let trend = reg.exposure_over_time(&dates)?;
    let scale = trend
        .iter()
        .map(|(_, m)| m.minor_units().abs())
        .max()
        .unwrap_or(1)
        .max(1);
    println!("Exposure over time (risk burndown):");
    for (date, m) in trend {
        let bar = "#".repeat((m.minor_units().abs() * 40 / scale) as usize);
        println!(
            "  {}  {:>12}  {bar}",
            date.format("%Y-%m-%d"),
            m.to_string()
        );
    }
    Ok(())
}

pub(crate) fn schedule_risk(p: &Project) -> Result<(), Box<dyn std::error::Error>> {
    heading("Schedule risk analysis (Monte Carlo, 10,000 iterations from the status date)");
    let r = simulated(p)?;
    report(&r)
}

/// The tour's simulation: three register risks and the tasks' estimates.
pub(crate) fn simulated(
    p: &Project,
) -> Result<planwright::risk::SimulationReport, Box<dyn std::error::Error>> {
    use planwright::core::Duration;
    use planwright::risk::{DurationDist, RiskEvent, RiskImpact, Simulation, simulate};
    let reg = sample::risks(p)?;
    let id = |key: &str| {
        reg.risks()
            .find(|(_, r)| r.key == key)
            .map(|(id, _)| id)
            .ok_or("risk")
    };
    let days = |d| Duration::days(d);
    // Three register risks with schedule impacts; the other tasks' three-point
    // estimates become PERT distributions.
    let sim = Simulation::new(p)
        .seed(2026)
        .bins(16)
        .risk(RiskEvent::from_register(
            &reg,
            id("sso-vendor")?,
            p,
            RiskImpact::Delay(DurationDist::triangular(days(2), days(5), days(15))),
        )?)
        .risk(RiskEvent::from_register(
            &reg,
            id("peak-load")?,
            p,
            RiskImpact::Factor {
                min: 1.1,
                mode: 1.3,
                max: 2.0,
            },
        )?)
        .risk(RiskEvent::from_register(
            &reg,
            id("content-owners")?,
            p,
            RiskImpact::Delay(DurationDist::triangular(days(1), days(3), days(8))),
        )?);
    Ok(simulate(p, &sim)?)
}

fn report(r: &planwright::risk::SimulationReport) -> Result<(), Box<dyn std::error::Error>> {
    let date = |q: u8| {
        r.finish_date(q)
            .map_or("?".to_owned(), |d| d.format("%a %Y-%m-%d").to_string())
    };
    println!(
        "project closed: P50 {}   P80 {}   P90 {}",
        date(50),
        date(80),
        date(90)
    );
    // Tasks with deadlines are tracked: the go-live milestone's own finish.
    for t in &r.tracked {
        let date = |q: u8| {
            t.finish_date(q)
                .map_or("?".to_owned(), |d| d.format("%a %m-%d").to_string())
        };
        println!(
            "{}: P50 {}   P80 {}   P90 {}   deadline {}: met with probability {:.1} %",
            t.key,
            date(50),
            date(80),
            date(90),
            t.deadline
                .map_or("—".to_owned(), |d| d.format("%m-%d %H:%M").to_string()),
            100.0 * t.on_time.unwrap_or(0.0)
        );
    }
    if let Some(cost) = &r.cost {
        let money = |q: u8| planwright::core::Money::minor(cost.p(q).unwrap_or(0.0).round() as i64);
        let at = r.finish_date(80).ok_or("percentile")?;
        println!(
            "total cost P50 {}   P80 {}; closing by the P80 date and within the P80 cost: {:.0} %",
            money(50),
            money(80),
            100.0 * r.probability_within(at, money(80))?.unwrap_or(0.0)
        );
    }
    let peak = r
        .histogram
        .iter()
        .map(|b| b.count)
        .max()
        .unwrap_or(1)
        .max(1);
    println!("finish histogram (working-time bins from the earliest to the latest finish):");
    for b in &r.histogram {
        println!(
            "  {}  {:>5}  {}",
            r.date_of(b.from)?.format("%a %m-%d %H:%M"),
            b.count,
            "#".repeat((b.count * 40 / peak) as usize)
        );
    }
    let mut tasks: Vec<_> = r.tasks.iter().filter(|t| t.std_dev > 0.0).collect();
    tasks.sort_by(|a, b| b.sensitivity.abs().total_cmp(&a.sensitivity.abs()));
    println!();
    let mut t = Table::new(&[
        "task",
        ">criticality",
        ">sensitivity",
        ">cruciality",
        ">SSI",
        ">mean",
    ]);
    for x in tasks.iter().take(6) {
        t.row(vec![
            x.key.clone(),
            format!("{:.0} %", 100.0 * x.criticality),
            format!("{:.2}", (x.sensitivity * 100.0).round() / 100.0 + 0.0),
            format!("{:.2}", x.cruciality),
            format!("{:.2}", x.ssi),
            Duration::minutes(x.mean.round() as i64).to_string(),
        ]);
    }
    print!("{}", t.render());
    println!();
    let mut t = Table::new(&[
        "risk event",
        ">occurs",
        ">P80 with",
        ">P80 without",
        ">adds to P80",
    ]);
    for e in &r.risks {
        t.row(vec![
            e.key.clone(),
            format!("{:.0} %", 100.0 * e.occurred),
            r.date_of(e.p80_with)?.format("%m-%d").to_string(),
            r.date_of(e.p80_without)?.format("%m-%d").to_string(),
            Duration::minutes(e.contribution.round() as i64).to_string(),
        ]);
    }
    print!("{}", t.render());
    Ok(())
}

pub(crate) fn throughput_forecast(
    board: &Board,
    project: &Project,
    daily: &[(NaiveDate, u32)],
    (from, to): (NaiveDate, NaiveDate),
    today: NaiveDateTime,
) -> Result<(), Box<dyn std::error::Error>> {
    use planwright::risk::{Forecast, ThroughputHistory};
    let cal = project.project_calendar();
    let history = ThroughputHistory::from_daily(daily, from, to, cal)?;
    let wf = board.workflow();
    let open = board
        .items()
        .filter(|(_, i)| {
            wf.state(i.state())
                .is_ok_and(|s| s.category != StateCategory::Done)
        })
        .count() as u32;
    println!(
        "\nThroughput forecast ({} working days of history, {:.2} items a day; office calendar):",
        history.counts().len(),
        history.mean()
    );
    let f = Forecast::new().seed(7);
    let start = today.date() + planwright::core::chrono::Duration::days(1);
    let when = history.when(open.max(1), start, cal, &f)?;
    let date = |p: u8| {
        when.date(p)
            .map_or("?".into(), |d| d.format("%a %m-%d").to_string())
    };
    println!(
        "  the {} open items done by: 50 % {}   85 % {}   95 % {}",
        open.max(1),
        date(50),
        date(85),
        date(95)
    );
    let end = start + planwright::core::chrono::Duration::days(27);
    let many = history.how_many(start, end, cal, &f)?;
    println!(
        "  items done in the next four weeks ({} working days): 50 % sure of at least {}, 85 % of {}, 95 % of {}",
        many.working_days,
        many.at_least(0.5),
        many.at_least(0.85),
        many.at_least(0.95)
    );
    Ok(())
}
