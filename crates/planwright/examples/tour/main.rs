//! A tour of planwright on a built-in sample: a customer-portal relaunch
//! project and the operations board that runs the portal.
//!
//! Run it with `cargo run --release --example tour`.

// The tour is a program: it prints.
#![allow(clippy::disallowed_macros, clippy::disallowed_methods)]

mod charts;
mod evm;
mod project;
mod risk;
mod sample;
mod schedule;
mod table;
mod work;

use evm::earned_value;
use project::{lifecycle, project_overview, resources, work_breakdown};
use risk::{risks, schedule_risk};
use schedule::{gantt, leveling, schedule};
use work::operations;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let project = sample::project()?;
    let board = sample::operations()?;
    let today = sample::today();

    println!(
        "planwright tour — status date {}",
        today.format("%a %Y-%m-%d %H:%M")
    );
    project_overview(&project);
    work_breakdown(&project);
    resources(&project);
    lifecycle(&project);
    let plan = schedule(&project, today)?;
    gantt(&project, &plan, today);
    leveling(&project, today)?;
    risks(&project, today)?;
    schedule_risk(&project)?;
    let mut board = board;
    operations(&mut board, &project, &plan, today)?;
    earned_value(&project)?;
    charts::charts(&project, &plan, &board, today)?;
    Ok(())
}
