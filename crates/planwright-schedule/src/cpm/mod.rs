//! The critical path method: forward and backward passes with all four link
//! types, lags, constraints, progress and calendars; floats; critical paths;
//! driving predecessors.
//!
//! - `mod.rs`: the passes over a [`Network`] (forward, backward, floats,
//!   driving links) and [`Workspace`];
//! - `schedule.rs`: [`Schedule`], the result by activity id.

mod schedule;

#[cfg(test)]
mod oracle;

pub use schedule::{ActivityDates, Critical, Driver, DrivingStep, Schedule};

use chrono::NaiveDateTime;
use planwright_core::{Calendar, Duration};

use crate::Error;
use crate::clock::{Clock, TableClock, UnitClock};
use crate::network::{
    ALAP, FINISHED, FROM_FINISH, MUST_FINISH, MUST_START, NO_LOWER, NO_UPPER, Network,
    ProgressMode, STARTED, TO_FINISH, TimeModel, VIRTUAL,
};
use crate::worktable::WorkTables;

/// Reusable buffers for repeated passes over one network (Monte Carlo,
/// benchmarks): values in topological position order, network time.
#[derive(Clone, Debug, Default)]
pub struct Workspace {
    pub(crate) early: Vec<i64>,
    pub(crate) late: Vec<i64>,
    pub(crate) total_float: Vec<i64>,
    pub(crate) free_float: Vec<i64>,
    pub(crate) finish: i64,
    /// Working-time tables of the network's calendars (several calendars
    /// only), kept between passes and rebuilt for another network.
    pub(crate) tables: Option<Box<WorkTables>>,
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
        self.offset(workspace.finish, workspace)
    }

    /// As [`Network::analyse`] with durations `dur` given by topological
    /// position (for simulation).
    pub(crate) fn analyse_with(&self, dur: &[i64], ws: &mut Workspace) -> Result<(), Error> {
        ws.prepare(self.len());
        match &self.time {
            TimeModel::Abstract | TimeModel::Single { .. } => self.kernel(dur, &mut UnitClock, ws),
            TimeModel::Multi { origin, calendars } => {
                let mut tables = tables_for(*origin, calendars, ws);
                let r = self.kernel(dur, &mut TableClock::new(&mut tables), ws);
                ws.tables = Some(tables);
                r
            }
        }
    }

    fn kernel<K: Clock>(
        &self,
        dur: &[i64],
        clock: &mut K,
        ws: &mut Workspace,
    ) -> Result<(), Error> {
        let pf = self.forward(dur, clock, &mut ws.early)?;
        ws.finish = pf;
        self.backward(dur, clock, pf, &ws.early, &mut ws.late)?;
        self.floats(clock, pf, ws)
    }

    /// The forward pass: early start and finish of every activity into
    /// `early` (`2i`, `2i + 1`); returns the project finish.
    pub(crate) fn forward<K: Clock>(
        &self,
        dur: &[i64],
        clock: &mut K,
        early: &mut [i64],
    ) -> Result<i64, Error> {
        let mut pf = self.start;
        for (i, &d) in dur.iter().enumerate() {
            let (es, ef) = self.forward_step(i, d, clock, |k| early[k])?;
            early[2 * i] = es;
            early[2 * i + 1] = ef;
            if self.flags[i] & VIRTUAL == 0 {
                pf = pf.max(ef);
            }
        }
        Ok(pf)
    }

    /// The early start and finish of activity `i` with duration `d`, its
    /// predecessors' early times read through `early(slot)` (slot `2p` is
    /// the start of position `p`, `2p + 1` its finish).
    #[inline]
    pub(crate) fn forward_step<K: Clock>(
        &self,
        i: usize,
        d: i64,
        clock: &mut K,
        early: impl Fn(usize) -> i64,
    ) -> Result<(i64, i64), Error> {
        let f = self.flags[i];
        if f & FINISHED != 0 {
            return Ok((self.es_lo[i], self.ef_lo[i]));
        }
        let c = self.cal[i];
        let mut s = NO_LOWER;
        let mut fmin = self.ef_lo[i];
        let (lo, hi) = (self.pred_off[i] as usize, self.pred_off[i + 1] as usize);
        for e in &self.preds[lo..hi] {
            let base = early(2 * e.node as usize + usize::from(e.kind & FROM_FINISH));
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
            // A milestone is a moment: it stays where its predecessor
            // finishes (Thursday 17:00), not at the next working start.
            let at = s.max(self.es_lo[i]);
            if d == 0 {
                let e = clock.snap_event(c, at)?;
                Ok((e, e))
            } else {
                clock.place(c, at, d)
            }
        } else if f & MUST_START != 0 {
            let es = self.es_lo[i];
            Ok((es, clock.advance(c, es, d)?))
        } else if f & MUST_FINISH != 0 {
            let ef = self.ef_lo[i];
            Ok((clock.advance(c, ef, -d)?, ef))
        } else {
            // Started: the actual start stays; the remaining work resumes at
            // the status date (or the actual start), and under retained
            // logic not before its predecessors allow.
            let es = self.es_lo[i];
            let base = self.status.unwrap_or(es).max(es);
            let retained = self.progress_mode == ProgressMode::RetainedLogic;
            let resume = if retained { s.max(base) } else { base };
            Ok((es, clock.place(c, resume, d)?.1))
        }
    }

    /// The predecessor link (an index into `preds`) that set activity
    /// `i`'s early start in [`Network::forward`], or `None` when its
    /// constraint, the project start, its progress or its own finish bound
    /// did: the first start-side link attaining it, else the first
    /// finish-side one.
    pub(crate) fn driving_edge<K: Clock>(
        &self,
        i: usize,
        d: i64,
        clock: &mut K,
        early: impl Fn(usize) -> i64,
    ) -> Result<Option<usize>, Error> {
        let f = self.flags[i];
        if f & (FINISHED | MUST_START | MUST_FINISH) != 0 {
            return Ok(None);
        }
        let c = self.cal[i];
        let (mut s, mut s_edge) = (NO_LOWER, None);
        let (mut fmin, mut f_edge) = (self.ef_lo[i], None);
        let lo = self.pred_off[i] as usize;
        for (k, e) in self.preds[lo..self.pred_off[i + 1] as usize]
            .iter()
            .enumerate()
        {
            let base = early(2 * e.node as usize + usize::from(e.kind & FROM_FINISH));
            let x = clock.advance(c, base, e.lag)?;
            if e.kind & TO_FINISH != 0 {
                if x > fmin {
                    fmin = x;
                    f_edge = Some(lo + k);
                }
            } else if x > s {
                s = x;
                s_edge = Some(lo + k);
            }
        }
        if fmin > NO_LOWER {
            let y = clock.advance(c, fmin, -d)?;
            if y > s {
                s = y;
                s_edge = f_edge;
            }
        }
        if f & STARTED != 0 {
            // The predecessors drive the rest of a started activity only
            // under retained logic, and only past the status date.
            let es = self.es_lo[i];
            let base = self.status.unwrap_or(es).max(es);
            let retained = self.progress_mode == ProgressMode::RetainedLogic;
            return Ok(if retained && s > base { s_edge } else { None });
        }
        Ok(if s > self.es_lo[i] { s_edge } else { None })
    }

    /// [`Network::forward_step`] of activity `i` when the date its driving
    /// link `e` (from [`Network::driving_edge`]) reads becomes `base`, later
    /// than before: computed from that link alone, since it set the bound
    /// and a later date only raises it.
    pub(crate) fn step_driven<K: Clock>(
        &self,
        i: usize,
        d: i64,
        clock: &mut K,
        e: usize,
        base: i64,
    ) -> Result<(i64, i64), Error> {
        let f = self.flags[i];
        let c = self.cal[i];
        let link = self.preds[e];
        let x = clock.advance(c, base, link.lag)?;
        let s = if link.kind & TO_FINISH != 0 {
            clock.advance(c, x, -d)?
        } else {
            x
        };
        if f & STARTED != 0 {
            // A driving link of a started activity exists only under
            // retained logic, past the status date.
            let es = self.es_lo[i];
            let resume = s.max(self.status.unwrap_or(es).max(es));
            return Ok((es, clock.place(c, resume, d)?.1));
        }
        let at = s.max(self.es_lo[i]);
        if d == 0 {
            let m = clock.snap_event(c, at)?;
            Ok((m, m))
        } else {
            clock.place(c, at, d)
        }
    }

    fn backward<K: Clock>(
        &self,
        dur: &[i64],
        clock: &mut K,
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

    fn floats<K: Clock>(&self, clock: &mut K, pf: i64, ws: &mut Workspace) -> Result<(), Error> {
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
        clock: &mut K,
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

    /// Converts network time to a project-calendar offset (with several
    /// calendars through the project calendar's table in `ws`).
    pub(crate) fn offset(&self, t: i64, ws: &mut Workspace) -> Result<Duration, Error> {
        match &self.time {
            TimeModel::Abstract | TimeModel::Single { .. } => Ok(Duration::minutes(t)),
            TimeModel::Multi { origin, calendars } => {
                let mut tables = tables_for(*origin, calendars, ws);
                let r = TableClock::new(&mut tables).span(0, 0, t);
                ws.tables = Some(tables);
                Ok(Duration::minutes(r?))
            }
        }
    }

    fn collect_driving<K: Clock>(
        &self,
        clock: &mut K,
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

/// The workspace's working-time tables if they were built for these
/// calendars, else new ones (several calendars only); the caller puts them
/// back into `ws.tables` when done.
pub(crate) fn tables_for(
    origin: NaiveDateTime,
    calendars: &[Calendar],
    ws: &mut Workspace,
) -> Box<WorkTables> {
    match ws.tables.take() {
        Some(t) if t.fits(origin, calendars) => t,
        _ => Box::new(WorkTables::new(origin, calendars)),
    }
}

fn at(origin: NaiveDateTime, t: i64) -> Result<NaiveDateTime, Error> {
    origin
        .checked_add_signed(chrono::Duration::minutes(t))
        .ok_or(Error::Core(planwright_core::Error::DateOutOfRange {
            context: "a schedule date",
        }))
}
