//! Integration tests of planwright-risk.

#[cfg(feature = "serde")]
mod hostile;
mod montecarlo;
mod register;

use chrono::{NaiveDate, NaiveDateTime};

/// Counts each thread's allocations so tests can bound memory.
#[global_allocator]
static ALLOC: planwright_testing::CountingAlloc = planwright_testing::CountingAlloc;

pub(crate) fn dt(y: i32, m: u32, d: u32) -> NaiveDateTime {
    NaiveDate::from_ymd_opt(y, m, d)
        .unwrap()
        .and_hms_opt(9, 0, 0)
        .unwrap()
}
