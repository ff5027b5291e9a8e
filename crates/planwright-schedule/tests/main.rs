//! Integration tests of planwright-schedule: one binary, one module per area.

mod cpm;
mod cpm_props;
mod leveling;
mod plan;
mod psplib;
mod rcpsp;

use chrono::{NaiveDate, NaiveDateTime};

pub(crate) fn dt(y: i32, m: u32, d: u32, h: u32, min: u32) -> NaiveDateTime {
    NaiveDate::from_ymd_opt(y, m, d)
        .unwrap()
        .and_hms_opt(h, min, 0)
        .unwrap()
}
