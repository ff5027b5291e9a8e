//! Integration tests of planwright-risk.

mod montecarlo;
mod register;

use chrono::{NaiveDate, NaiveDateTime};

pub(crate) fn dt(y: i32, m: u32, d: u32) -> NaiveDateTime {
    NaiveDate::from_ymd_opt(y, m, d)
        .unwrap()
        .and_hms_opt(9, 0, 0)
        .unwrap()
}
