//! Earned value at the status date.

use planwright::core::Money;
use planwright::core::Project;

use crate::table::{Table, heading};

pub(crate) fn earned_value(p: &Project) -> Result<(), Box<dyn std::error::Error>> {
    use planwright::core::{EvmOptions, earned_value};
    // Everything comes from the project: the approved-plan baseline, the
    // progress and actual costs reported, and its status date.
    let evm = earned_value(p, EvmOptions::new())?;
    heading(&format!(
        "Earned value, status date {}",
        evm.status_date.format("%Y-%m-%d")
    ));
    let mut t = Table::new(&["work package", ">BAC", ">PV", ">EV", ">AC", ">CPI", ">SPI"]);
    let r2 = |x: Option<f64>| x.map_or("—".to_owned(), |v| format!("{v:.2}"));
    for r in evm.tasks.iter().filter(|r| r.summary) {
        t.row(vec![
            r.key.clone(),
            r.bac.to_string(),
            r.pv.to_string(),
            r.ev.to_string(),
            r.ac.to_string(),
            r2(r.cpi),
            r2(r.spi),
        ]);
    }
    print!("{}", t.render());
    let assumed: Vec<&str> = evm
        .tasks
        .iter()
        .filter(|r| r.assumed_actual)
        .map(|r| r.key.as_str())
        .collect();
    if !assumed.is_empty() {
        println!("actual cost assumed at plan for: {}", assumed.join(", "));
    }
    let s = &evm.status;
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
        (
            "TCPI (EAC)",
            f(s.tcpi_eac),
            "efficiency needed to finish at EAC (= CPI)",
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
    println!("\nS-curve (weekly; EV and AC up to the status date):");
    let mut t = Table::new(&["week ending", ">PV", ">EV", ">AC"]);
    let m = |x: Option<Money>| x.map_or("".to_owned(), |v| v.to_string());
    for pt in &evm.series {
        t.row(vec![
            pt.date.to_string(),
            pt.pv.to_string(),
            m(pt.ev),
            m(pt.ac),
        ]);
    }
    print!("{}", t.render());
    Ok(())
}
