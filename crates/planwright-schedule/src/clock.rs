//! Time arithmetic for the CPM kernel.
//!
//! The kernel is generic over a [`Clock`]. When every activity works on the
//! same calendar, time is counted in that calendar's working minutes and all
//! operations are plain integer arithmetic ([`UnitClock`]). When activities
//! use different calendars, time is counted in elapsed minutes since the
//! network origin and each step asks the activity's calendar: through its
//! working-time table ([`TableClock`], a lookup), or by walking the calendar
//! ([`CalendarClock`], the reference, and what a table falls back to beyond
//! its reach).

use chrono::NaiveDateTime;
use planwright_core::{Calendar, Duration};

use crate::Error;
use crate::worktable::{Need, WorkTable, WorkTables};

pub(crate) trait Clock {
    /// The instant `work` working minutes after `t` on calendar `cal`
    /// (before it for negative `work`).
    fn advance(&mut self, cal: u32, t: i64, work: i64) -> Result<i64, Error>;
    /// The first working instant of `cal` at or after `t`.
    fn snap_start(&mut self, cal: u32, t: i64) -> Result<i64, Error>;
    /// Where a zero-length event at `t` sits on `cal`: `t` when it is
    /// working time or ends a working stretch, else the next working instant.
    fn snap_event(&mut self, cal: u32, t: i64) -> Result<i64, Error>;
    /// The last instant at or before `t` that ends working time of `cal`.
    fn snap_finish(&mut self, cal: u32, t: i64) -> Result<i64, Error>;
    /// The first working instant of `cal` at or after `t`, and the instant
    /// `work` working minutes after it: `snap_start` then `advance`.
    #[inline]
    fn place(&mut self, cal: u32, t: i64, work: i64) -> Result<(i64, i64), Error> {
        let s = self.snap_start(cal, t)?;
        Ok((s, self.advance(cal, s, work)?))
    }
    /// Working minutes of `cal` from `a` to `b` (negative when `b < a`).
    fn span(&mut self, cal: u32, a: i64, b: i64) -> Result<i64, Error>;
}

/// Every minute is working time: plain integer arithmetic.
#[derive(Clone, Copy, Debug)]
pub(crate) struct UnitClock;

impl Clock for UnitClock {
    #[inline(always)]
    fn advance(&mut self, _: u32, t: i64, work: i64) -> Result<i64, Error> {
        Ok(t + work)
    }
    #[inline(always)]
    fn snap_start(&mut self, _: u32, t: i64) -> Result<i64, Error> {
        Ok(t)
    }
    #[inline(always)]
    fn snap_event(&mut self, _: u32, t: i64) -> Result<i64, Error> {
        Ok(t)
    }
    #[inline(always)]
    fn snap_finish(&mut self, _: u32, t: i64) -> Result<i64, Error> {
        Ok(t)
    }
    #[inline(always)]
    fn span(&mut self, _: u32, a: i64, b: i64) -> Result<i64, Error> {
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
    fn advance(&mut self, cal: u32, t: i64, work: i64) -> Result<i64, Error> {
        if work == 0 {
            return Ok(t);
        }
        let at = self
            .cal(cal)
            .add_work(self.at(t)?, Duration::minutes(work))?;
        Ok(self.minutes(at))
    }
    fn snap_start(&mut self, cal: u32, t: i64) -> Result<i64, Error> {
        Ok(self.minutes(self.cal(cal).next_working_instant(self.at(t)?)?))
    }
    fn snap_event(&mut self, cal: u32, t: i64) -> Result<i64, Error> {
        Ok(self.minutes(self.cal(cal).event_instant(self.at(t)?)?))
    }
    fn snap_finish(&mut self, cal: u32, t: i64) -> Result<i64, Error> {
        Ok(self.minutes(self.cal(cal).previous_working_end(self.at(t)?)?))
    }
    fn span(&mut self, cal: u32, a: i64, b: i64) -> Result<i64, Error> {
        Ok(self
            .cal(cal)
            .work_between(self.at(a)?, self.at(b)?)
            .as_minutes())
    }
}

/// Elapsed minutes since the origin, answered from each calendar's
/// working-time table; a table grows when a question needs more days, and
/// beyond [`crate::worktable::MAX_DAYS`] the calendar's walk answers.
/// Gives exactly [`CalendarClock`]'s answers.
#[derive(Debug)]
pub(crate) struct TableClock<'a> {
    pub(crate) exact: CalendarClock<'a>,
    pub(crate) tables: &'a mut [WorkTable],
}

impl<'a> TableClock<'a> {
    /// A clock over `tables` (built for `origin` and `calendars`).
    pub(crate) fn new(tables: &'a mut WorkTables) -> Self {
        TableClock {
            exact: CalendarClock {
                origin: tables.origin,
                calendars: &tables.calendars,
            },
            tables: &mut tables.tables,
        }
    }

    /// Asks table `cal` with `ask`, growing it while it needs more days;
    /// `None` when it cannot grow enough (the caller walks the calendar).
    #[inline]
    fn ask(&mut self, cal: u32, ask: impl Fn(&WorkTable) -> Result<i64, Need>) -> Option<i64> {
        let c = cal as usize;
        loop {
            match ask(&self.tables[c]) {
                Ok(x) => return Some(x),
                Err(need) => {
                    let grown =
                        self.tables[c].grown(self.exact.cal(cal), self.exact.origin, need)?;
                    self.tables[c] = grown;
                }
            }
        }
    }
}

impl Clock for TableClock<'_> {
    #[inline]
    fn place(&mut self, cal: u32, t: i64, work: i64) -> Result<(i64, i64), Error> {
        let c = cal as usize;
        loop {
            match self.tables[c].place(t, work) {
                Ok(x) => return Ok(x),
                Err(need) => {
                    match self.tables[c].grown(self.exact.cal(cal), self.exact.origin, need) {
                        Some(g) => self.tables[c] = g,
                        None => return self.exact.place(cal, t, work),
                    }
                }
            }
        }
    }
    #[inline]
    fn advance(&mut self, cal: u32, t: i64, work: i64) -> Result<i64, Error> {
        if work == 0 {
            return Ok(t);
        }
        match self.ask(cal, |w| w.advance(t, work)) {
            Some(x) => Ok(x),
            None => self.exact.advance(cal, t, work),
        }
    }
    #[inline]
    fn snap_start(&mut self, cal: u32, t: i64) -> Result<i64, Error> {
        match self.ask(cal, |w| w.next_start(t)) {
            Some(x) => Ok(x),
            None => self.exact.snap_start(cal, t),
        }
    }
    #[inline]
    fn snap_event(&mut self, cal: u32, t: i64) -> Result<i64, Error> {
        match self.ask(cal, |w| w.event(t)) {
            Some(x) => Ok(x),
            None => self.exact.snap_event(cal, t),
        }
    }
    #[inline]
    fn snap_finish(&mut self, cal: u32, t: i64) -> Result<i64, Error> {
        match self.ask(cal, |w| w.previous_end(t)) {
            Some(x) => Ok(x),
            None => self.exact.snap_finish(cal, t),
        }
    }
    #[inline]
    fn span(&mut self, cal: u32, a: i64, b: i64) -> Result<i64, Error> {
        match self.ask(cal, |w| w.span(a, b)) {
            Some(x) => Ok(x),
            None => self.exact.span(cal, a, b),
        }
    }
}
