//! The critical path method: forward and backward passes with all four link
//! types, lags, constraints, progress and calendars; floats; critical paths;
//! driving predecessors.
//!
//! - `mod.rs`: the passes over a [`Network`] (forward, backward, floats,
//!   driving links) and [`Workspace`];
//! - `schedule.rs`: [`Schedule`], the result by activity id.

mod schedule;

pub use schedule::{ActivityDates, Critical, Driver, DrivingStep, Schedule};

use chrono::NaiveDateTime;
use planwright_core::Duration;

use crate::Error;
use crate::clock::{CalendarClock, Clock, UnitClock};
use crate::network::{
    ALAP, FINISHED, FROM_FINISH, MUST_FINISH, MUST_START, NO_LOWER, NO_UPPER, Network,
    ProgressMode, STARTED, TO_FINISH, TimeModel, VIRTUAL,
};

/// Reusable buffers for repeated passes over one network (Monte Carlo,
/// benchmarks): values in topological position order, network time.
#[derive(Clone, Debug, Default)]
pub struct Workspace {
    pub(crate) early: Vec<i64>,
    pub(crate) late: Vec<i64>,
    pub(crate) total_float: Vec<i64>,
    pub(crate) free_float: Vec<i64>,
    pub(crate) finish: i64,
}

impl Workspace {
    /// Empty buffers; they grow to the network's size on first use.
    #[must_use]
    pub fn new() -> Self {
        Workspace::default()
    }

    fn prepare(&mut self, n: usize) {
        for (v, len) in [
            (&mut self.early, 2 * n),
            (&mut self.late, 2 * n),
            (&mut self.total_float, n),
            (&mut self.free_float, n),
        ] {
            v.clear();
            v.resize(len, 0);
        }
    }
}

impl Network {
    /// Runs the forward and backward passes and computes total and free
    /// float into `workspace`, reusing its buffers. Returns the project
    /// finish as a working-time offset.
    ///
    /// Use [`Network::schedule`] for results by activity; this form exists
    /// for repeated passes (simulation, benchmarks).
    ///
    /// # Errors
    ///
    /// [`Error::Core`] when a calendar conversion leaves chrono's range.
    ///
    /// # Complexity
    ///
    /// O(V + E) for V activities and E links; with one calendar, plain
    /// integer arithmetic over arrays in topological order.
    pub fn analyse(&self, workspace: &mut Workspace) -> Result<Duration, Error> {
        self.analyse_with(&self.dur, workspace)?;
        self.offset(workspace.finish)
    }

    /// As [`Network::analyse`] with durations `dur` given by topological
    /// position (for simulation).
    pub(crate) fn analyse_with(&self, dur: &[i64], ws: &mut Workspace) -> Result<(), Error> {
        ws.prepare(self.len());
        match &self.time {
            TimeModel::Abstract | TimeModel::Single { .. } => self.kernel(dur, &UnitClock, ws),
            TimeModel::Multi { origin, calendars } => self.kernel(
                dur,
                &CalendarClock {
                    origin: *origin,
                    calendars,
                },
                ws,
            ),
        }
    }

    fn kernel<K: Clock>(&self, dur: &[i64], clock: &K, ws: &mut Workspace) -> Result<(), Error> {
        let pf = self.forward(dur, clock, &mut ws.early)?;
        ws.finish = pf;
        self.backward(dur, clock, pf, &ws.early, &mut ws.late)?;
        self.floats(clock, pf, ws)
    }

    fn forward<K: Clock>(&self, dur: &[i64], clock: &K, early: &mut [i64]) -> Result<i64, Error> {
        let retained = self.progress_mode == ProgressMode::RetainedLogic;
        let mut pf = self.start;
        for i in 0..dur.len() {
            let f = self.flags[i];
            let (es, ef);
            if f & FINISHED != 0 {
                es = self.es_lo[i];
                ef = self.ef_lo[i];
            } else {
                let c = self.cal[i];
                let d = dur[i];
                let mut s = NO_LOWER;
                let mut fmin = self.ef_lo[i];
                let (lo, hi) = (self.pred_off[i] as usize, self.pred_off[i + 1] as usize);
                for e in &self.preds[lo..hi] {
                    let base = early[2 * e.node as usize + usize::from(e.kind & FROM_FINISH)];
                    let x = clock.advance(c, base, e.lag)?;
                    if e.kind & TO_FINISH != 0 {
                        fmin = fmin.max(x);
                    } else {
                        s = s.max(x);
                    }
                }
                if fmin > NO_LOWER {
                    s = s.max(clock.advance(c, fmin, -d)?);
                }
                if f & (MUST_START | MUST_FINISH | STARTED) == 0 {
                    // A milestone is a moment: it stays where its
                    // predecessor finishes (Thursday 17:00), not at the next
                    // working start.
                    let at = s.max(self.es_lo[i]);
                    es = if d == 0 {
                        clock.snap_event(c, at)?
                    } else {
                        clock.snap_start(c, at)?
                    };
                    ef = clock.advance(c, es, d)?;
                } else if f & MUST_START != 0 {
                    es = self.es_lo[i];
                    ef = clock.advance(c, es, d)?;
                } else if f & MUST_FINISH != 0 {
                    ef = self.ef_lo[i];
                    es = clock.advance(c, ef, -d)?;
                } else {
                    // Started: the actual start stays; the remaining work
                    // resumes at the status date (or the actual start), and
                    // under retained logic not before its predecessors allow.
                    es = self.es_lo[i];
                    let base = self.status.unwrap_or(es).max(es);
                    let resume = if retained { s.max(base) } else { base };
                    ef = clock.advance(c, clock.snap_start(c, resume)?, d)?;
                }
            }
            early[2 * i] = es;
            early[2 * i + 1] = ef;
            if f & VIRTUAL == 0 {
                pf = pf.max(ef);
            }
        }
        Ok(pf)
    }

    fn backward<K: Clock>(
        &self,
        dur: &[i64],
        clock: &K,
        pf: i64,
        early: &[i64],
        late: &mut [i64],
    ) -> Result<(), Error> {
        for i in (0..dur.len()).rev() {
            let f = self.flags[i];
            if f & FINISHED != 0 {
                late[2 * i] = early[2 * i];
                late[2 * i + 1] = early[2 * i + 1];
                continue;
            }
            let c = self.cal[i];
            let d = dur[i];
            let mut lf = self.lf_hi[i].min(pf);
            let mut smax = self.ls_hi[i];
            let (lo, hi) = (self.succ_off[i] as usize, self.succ_off[i + 1] as usize);
            for e in &self.succs[lo..hi] {
                let s = e.node as usize;
                if self.flags[s] & FINISHED != 0 {
                    continue;
                }
                let base = late[2 * s + usize::from((e.kind & TO_FINISH) >> 1)];
                let y = clock.advance(self.cal[s], base, -e.lag)?;
                if e.kind & FROM_FINISH != 0 {
                    lf = lf.min(y);
                } else {
                    smax = smax.min(y);
                }
            }
            if smax < NO_UPPER {
                lf = lf.min(clock.advance(c, smax, d)?);
            }
            let lf = clock.snap_finish(c, lf)?;
            late[2 * i] = clock.advance(c, lf, -d)?;
            late[2 * i + 1] = lf;
        }
        Ok(())
    }

    fn floats<K: Clock>(&self, clock: &K, pf: i64, ws: &mut Workspace) -> Result<(), Error> {
        let (early, late) = (&ws.early, &ws.late);
        for i in 0..self.flags.len() {
            let f = self.flags[i];
            if f & FINISHED != 0 {
                ws.total_float[i] = 0;
                ws.free_float[i] = 0;
                continue;
            }
            let c = self.cal[i];
            let tf = clock.span(c, early[2 * i + 1], late[2 * i + 1])?;
            let mut free = i64::MAX;
            let (lo, hi) = (self.succ_off[i] as usize, self.succ_off[i + 1] as usize);
            for e in &self.succs[lo..hi] {
                let s = e.node as usize;
                if self.flags[s] & FINISHED != 0 {
                    continue;
                }
                free = free.min(self.link_slack(clock, i, e.kind, e.lag, s, early)?);
            }
            if free == i64::MAX {
                free = clock.span(c, early[2 * i + 1], pf)?;
            }
            ws.total_float[i] = tf;
            ws.free_float[i] = if f & ALAP != 0 {
                0
            } else {
                free.max(0).min(tf.max(0))
            };
        }
        Ok(())
    }

    /// Working time by which the link from position `p` to position `s`
    /// could grow before it moves `s` (0 for a driving link).
    fn link_slack<K: Clock>(
        &self,
        clock: &K,
        p: usize,
        kind: u8,
        lag: i64,
        s: usize,
        early: &[i64],
    ) -> Result<i64, Error> {
        let cs = self.cal[s];
        let base = early[2 * p + usize::from(kind & FROM_FINISH)];
        let x = clock.advance(cs, base, lag)?;
        let target = early[2 * s + usize::from((kind & TO_FINISH) >> 1)];
        clock.span(cs, x, target)
    }

    /// Converts network time to a project-calendar offset.
    pub(crate) fn offset(&self, t: i64) -> Result<Duration, Error> {
        match &self.time {
            TimeModel::Abstract | TimeModel::Single { .. } => Ok(Duration::minutes(t)),
            TimeModel::Multi { origin, calendars } => {
                let at = at(*origin, t)?;
                Ok(calendars[0].offset_of(*origin, at)?)
            }
        }
    }

    fn collect_driving<K: Clock>(
        &self,
        clock: &K,
        ws: &Workspace,
        per: &mut [Vec<u32>],
    ) -> Result<(), Error> {
        for p in 0..self.len() {
            let (lo, hi) = (self.succ_off[p] as usize, self.succ_off[p + 1] as usize);
            for (k, e) in self.succs[lo..hi].iter().enumerate() {
                let s = e.node as usize;
                if self.flags[s] & (FINISHED | MUST_START | MUST_FINISH) != 0 {
                    continue;
                }
                if self.link_slack(clock, p, e.kind, e.lag, s, &ws.early)? <= 0 {
                    per[self.order[s] as usize].push(self.succ_link[lo + k]);
                }
            }
        }
        for list in per.iter_mut() {
            list.sort_unstable_by_key(|&li| (self.links[li as usize].0, li));
        }
        Ok(())
    }
}

fn at(origin: NaiveDateTime, t: i64) -> Result<NaiveDateTime, Error> {
    origin
        .checked_add_signed(chrono::Duration::minutes(t))
        .ok_or(Error::Core(planwright_core::Error::DateOutOfRange {
            context: "a schedule date",
        }))
}
