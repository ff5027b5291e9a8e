//! Pictures: the tour's charts as SVG files under `target/charts/`.

use std::path::PathBuf;

use planwright::chart::{
    GanttOptions, HistogramOptions, Period, Style, criticality, cumulative_flow, evm_s_curves,
    finish_distribution, gantt, gantt_leveled, heat_map, resource_histogram, throughput_fan,
    tornado,
};
use planwright::core::{Board, EvmOptions, FlowOptions, Project, earned_value, flow_metrics};
use planwright::prelude::*;
use planwright::schedule::{Leveling, LevelingOptions, level_plan};

use crate::sample;
use crate::table::heading;

/// Where the charts go: `$CARGO_TARGET_DIR/charts`, else `target/charts`
/// of the workspace.
fn folder() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../target"))
        .join("charts")
}

pub(crate) fn charts(
    p: &Project,
    plan: &Plan,
    board: &Board,
    today: NaiveDateTime,
) -> Result<(), Box<dyn std::error::Error>> {
    heading("Charts (SVG)");
    let dir = folder();
    std::fs::create_dir_all(&dir)?;
    let dir = dir.canonicalize()?;
    let wide = Style::default().size(1200.0, 480.0);
    let mut files: Vec<(&str, String)> = Vec::new();
    let approved = p.baselines().next().map(|(id, _)| id);
    let mut opts = GanttOptions::new().style(wide.clone());
    if let Some(id) = approved {
        opts = opts.baseline(id);
    }
    files.push(("gantt.svg", gantt(p, plan, &opts)?));
    let leveled = level_plan(p, plan, LevelingOptions::new(Leveling::WithDelay))?;
    files.push((
        "gantt-leveled.svg",
        gantt_leveled(p, plan, &leveled, &opts)?,
    ));
    // The histogram of the person most over-allocated before leveling.
    let busiest = leveled
        .histograms
        .iter()
        .max_by(|a, b| {
            let over = |h: &planwright::schedule::Histogram| {
                h.days
                    .iter()
                    .map(|u| (u.before - u.capacity).max(0.0))
                    .sum::<f64>()
            };
            over(a).total_cmp(&over(b))
        })
        .map(|h| h.key.clone());
    if let Some(key) = busiest {
        let h = HistogramOptions::new()
            .style(wide.clone())
            .period(Period::Daily);
        files.push(("histogram.svg", resource_histogram(&leveled, &key, &h)?));
    }
    let reg = sample::risks(p)?;
    files.push((
        "heat-map.svg",
        heat_map(&reg, &Style::default().size(760.0, 520.0))?,
    ));
    let sim = crate::risk::simulated(p)?;
    let deadline = p.tasks().filter_map(|(_, t)| t.deadline).max();
    files.push(("finish.svg", finish_distribution(&sim, deadline, &wide)?));
    files.push(("tornado.svg", tornado(&sim, 10, &wide)?));
    files.push(("criticality.svg", criticality(&sim, 12, &wide)?));
    let evm = earned_value(p, EvmOptions::new())?;
    files.push(("evm.svg", evm_s_curves(&evm, &wide)?));
    let cancelled = board.workflow().state_id("cancelled").ok_or("state")?;
    let flow_opts = FlowOptions::for_board(board).without(cancelled);
    let from = sample::d(2026, 2, 2);
    let to = today.date() - planwright::core::chrono::Duration::days(1);
    let m = flow_metrics(board, from, to, today, &flow_opts, None)?;
    files.push((
        "cumulative-flow.svg",
        cumulative_flow(&m, board.workflow(), &wide)?,
    ));
    let cal = p.project_calendar();
    let history =
        planwright::risk::ThroughputHistory::from_daily(&m.throughput_daily, from, to, cal)?;
    let start = today.date() + planwright::core::chrono::Duration::days(1);
    let forecast = planwright::risk::Forecast::new().seed(7);
    files.push((
        "throughput-fan.svg",
        throughput_fan(&history, start, 8, cal, &forecast, &wide)?,
    ));
    for (name, svg) in files {
        let path = dir.join(name);
        std::fs::write(&path, &svg)?;
        println!("{:>8} bytes  {}", svg.len(), path.display());
    }
    Ok(())
}
