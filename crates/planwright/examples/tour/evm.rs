//! Earned value at the status date.

use planwright::core::Money;
use planwright::core::Project;
use planwright::prelude::*;

use crate::sample;
use crate::table::{Table, heading};

pub(crate) fn earned_value(
    p: &Project,
    today: NaiveDateTime,
) -> Result<(), Box<dyn std::error::Error>> {
    use planwright::core::{Measurement, PlannedValue, Progress, evm_status};
    heading(&format!(
        "Earned value, status date {}",
        today.format("%Y-%m-%d")
    ));
    // The approved plan: the project as planned, before any progress.
    let mut planned = p.clone();
    let ids: Vec<TaskId> = planned.tasks().map(|(id, _)| id).collect();
    for id in ids {
        planned.update_task(id, |t| t.progress = Progress::not_started())?;
    }
    let base_plan = planwright::schedule::plan(&planned)?;
    let baseline = base_plan.baseline(&planned, "approved plan", p.start())?;
    let pv = PlannedValue::from_baseline(p, &baseline)?;
    let mut ev = 0i64;
    for (_, t) in p.tasks() {
        ev += p.task_cost(t)?.minor_units() * i64::from(t.progress.percent_complete) / 100;
    }
    let ac: i64 = sample::ACTUAL_COST
        .iter()
        .map(|(_, c)| Money::major(*c).minor_units())
        .sum();
    let s = evm_status(
        &pv,
        Measurement::new(today.date(), Money::minor(ev), Money::minor(ac)),
    )?;
    let f = |x: Option<f64>| x.map_or("—".to_owned(), |v| format!("{v:.2}"));
    let m = |x: Option<Money>| x.map_or("—".to_owned(), |v| v.to_string());
    let mut t = Table::new(&["metric", ">value", "meaning"]);
    for (k, v, why) in [
        ("BAC", s.bac.to_string(), "budget at completion"),
        ("PV", s.pv.to_string(), "planned value to date"),
        ("EV", s.ev.to_string(), "earned value to date"),
        ("AC", s.ac.to_string(), "actual cost to date"),
        ("CV", s.cv.to_string(), "EV - AC"),
        ("SV", s.sv.to_string(), "EV - PV"),
        ("CPI", f(s.cpi), "EV / AC"),
        ("SPI", f(s.spi), "EV / PV"),
        ("EAC", m(s.eac_cpi), "BAC / CPI"),
        (
            "EAC (atypical)",
            s.eac_atypical.to_string(),
            "AC + (BAC - EV)",
        ),
        (
            "EAC (composite)",
            m(s.eac_composite),
            "AC + (BAC - EV) / (CPI x SPI)",
        ),
        ("ETC", m(s.etc), "EAC - AC"),
        ("VAC", m(s.vac), "BAC - EAC"),
        (
            "TCPI (BAC)",
            f(s.tcpi_bac),
            "efficiency needed to finish on budget",
        ),
        ("ES", format!("{:.1} d", s.es), "earned schedule"),
        ("AT", format!("{:.1} d", s.at), "actual time"),
        ("SV(t)", format!("{:.1} d", s.sv_t), "ES - AT"),
        ("SPI(t)", f(s.spi_t), "ES / AT"),
        (
            "IEAC(t)",
            s.ieac_t.map_or("—".into(), |v| format!("{v:.1} d")),
            "planned duration / SPI(t)",
        ),
    ] {
        t.row(vec![k.to_owned(), v, why.to_owned()]);
    }
    print!("{}", t.render());
    Ok(())
}
