//! Integration tests of planwright-core: one binary, one module per area.

mod calendar;
mod project;
mod recurrence;
mod work;
mod workflow;

/// Counts each thread's allocations so tests can bound memory.
#[global_allocator]
static ALLOC: planwright_testing::CountingAlloc = planwright_testing::CountingAlloc;

use chrono::{NaiveDate, NaiveDateTime};

pub(crate) fn dt(y: i32, m: u32, d: u32, h: u32, min: u32) -> NaiveDateTime {
    NaiveDate::from_ymd_opt(y, m, d)
        .unwrap()
        .and_hms_opt(h, min, 0)
        .unwrap()
}

pub(crate) fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}
