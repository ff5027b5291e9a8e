//! Integration tests of planwright-schedule: one binary, one module per area.

mod cpm;
mod cpm_props;
mod hostile;
mod leveling;
mod plan;
mod psplib;
mod rcpsp;
mod rcpsp_max;

use chrono::{NaiveDate, NaiveDateTime};

/// Counts each thread's allocations so tests can bound memory
/// (`planwright_testing::peak_bytes`).
#[global_allocator]
static ALLOC: planwright_testing::CountingAlloc = planwright_testing::CountingAlloc;

pub(crate) fn dt(y: i32, m: u32, d: u32, h: u32, min: u32) -> NaiveDateTime {
    NaiveDate::from_ymd_opt(y, m, d)
        .unwrap()
        .and_hms_opt(h, min, 0)
        .unwrap()
}
