//! Time arithmetic for the CPM kernel.
//!
//! The kernel is generic over a [`Clock`]. When every activity works on the
//! same calendar, time is counted in that calendar's working minutes and all
//! operations are plain integer arithmetic ([`UnitClock`]). When activities
//! use different calendars, time is counted in elapsed minutes since the
//! network origin and each step asks the activity's calendar
//! ([`CalendarClock`]).

use chrono::NaiveDateTime;
use planwright_core::{Calendar, Duration};

use crate::Error;

pub(crate) trait Clock {
    /// The instant `work` working minutes after `t` on calendar `cal`
    /// (before it for negative `work`).
    fn advance(&self, cal: u32, t: i64, work: i64) -> Result<i64, Error>;
    /// The first working instant of `cal` at or after `t`.
    fn snap_start(&self, cal: u32, t: i64) -> Result<i64, Error>;
    /// Where a zero-length event at `t` sits on `cal`: `t` when it is
    /// working time or ends a working stretch, else the next working instant.
    fn snap_event(&self, cal: u32, t: i64) -> Result<i64, Error>;
    /// The last instant at or before `t` that ends working time of `cal`.
    fn snap_finish(&self, cal: u32, t: i64) -> Result<i64, Error>;
    /// Working minutes of `cal` from `a` to `b` (negative when `b < a`).
    fn span(&self, cal: u32, a: i64, b: i64) -> Result<i64, Error>;
}

/// Every minute is working time: plain integer arithmetic.
#[derive(Clone, Copy, Debug)]
pub(crate) struct UnitClock;

impl Clock for UnitClock {
    #[inline(always)]
    fn advance(&self, _: u32, t: i64, work: i64) -> Result<i64, Error> {
        Ok(t + work)
    }
    #[inline(always)]
    fn snap_start(&self, _: u32, t: i64) -> Result<i64, Error> {
        Ok(t)
    }
    #[inline(always)]
    fn snap_event(&self, _: u32, t: i64) -> Result<i64, Error> {
        Ok(t)
    }
    #[inline(always)]
    fn snap_finish(&self, _: u32, t: i64) -> Result<i64, Error> {
        Ok(t)
    }
    #[inline(always)]
    fn span(&self, _: u32, a: i64, b: i64) -> Result<i64, Error> {
        Ok(b - a)
    }
}

/// Elapsed minutes since `origin`, with per-activity calendars.
#[derive(Clone, Copy, Debug)]
pub(crate) struct CalendarClock<'a> {
    pub(crate) origin: NaiveDateTime,
    pub(crate) calendars: &'a [Calendar],
}

impl CalendarClock<'_> {
    fn at(&self, t: i64) -> Result<NaiveDateTime, Error> {
        self.origin
            .checked_add_signed(chrono::Duration::minutes(t))
            .ok_or(Error::Core(planwright_core::Error::DateOutOfRange {
                context: "a schedule date",
            }))
    }

    fn minutes(&self, at: NaiveDateTime) -> i64 {
        (at - self.origin).num_minutes()
    }

    fn cal(&self, cal: u32) -> &Calendar {
        // Calendar indices are validated when the network is built.
        &self.calendars[cal as usize]
    }
}

impl Clock for CalendarClock<'_> {
    fn advance(&self, cal: u32, t: i64, work: i64) -> Result<i64, Error> {
        if work == 0 {
            return Ok(t);
        }
        let at = self
            .cal(cal)
            .add_work(self.at(t)?, Duration::minutes(work))?;
        Ok(self.minutes(at))
    }
    fn snap_start(&self, cal: u32, t: i64) -> Result<i64, Error> {
        Ok(self.minutes(self.cal(cal).next_working_instant(self.at(t)?)?))
    }
    fn snap_event(&self, cal: u32, t: i64) -> Result<i64, Error> {
        Ok(self.minutes(self.cal(cal).event_instant(self.at(t)?)?))
    }
    fn snap_finish(&self, cal: u32, t: i64) -> Result<i64, Error> {
        Ok(self.minutes(self.cal(cal).previous_working_end(self.at(t)?)?))
    }
    fn span(&self, cal: u32, a: i64, b: i64) -> Result<i64, Error> {
        Ok(self
            .cal(cal)
            .work_between(self.at(a)?, self.at(b)?)
            .as_minutes())
    }
}
