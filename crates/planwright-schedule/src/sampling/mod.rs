//! The simulation kernel: many forward passes over one [`Network`] with
//! durations supplied per pass, reporting the finish and the driving path.
//!
//! This is the engine-level building block under
//! `planwright_risk::simulate`, which adds distributions, correlation, risk
//! events and the statistics. Use it directly when you bring your own
//! network and sampling; otherwise use the risk crate. It is a lower-level
//! API than the crate root: its layout (durations by topological position,
//! [`LANES`] iterations per pass) follows what the hot loop needs.

use crate::Error;
use crate::clock::{Clock, TableClock};
use crate::network::{
    ActivityId, FINISHED, FROM_FINISH, MUST_FINISH, MUST_START, NO_LOWER, Network, ProgressMode,
    STARTED, TO_FINISH, TimeModel, VIRTUAL,
};
use crate::worktable::WorkTables;

mod round;
use round::round_lanes;

/// Iterations evaluated together by [`SamplingPass::run_lanes`].
pub const LANES: usize = 8;

/// Repeated critical-path passes over one [`Network`] with durations
/// supplied per pass: the hot loop of Monte Carlo schedule risk analysis.
///
/// With one calendar the pass is a forward pass in `f64` working minutes;
/// the driving path is traced back from the activity that finishes last,
/// recomputing only along the path which predecessor drove each start, so
/// a pass costs O(V + E) and no backward pass. [`SamplingPass::run_lanes`]
/// runs [`LANES`] passes at once, lane by lane in the innermost loop, so
/// the per-activity work is shared and the maxima vectorise. With several
/// calendars each pass is the kernel's forward pass in elapsed minutes
/// (durations rounded to minutes), every conversion a lookup in the
/// calendars' working-time tables (built once per pass object, grown on
/// demand), and the driving path is traced back the same way; the results
/// are exactly those of the full critical-path computation.
///
/// Durations are indexed by *position* ([`SamplingPass::position`]): a
/// sampler writes straight into the layout the pass reads.
///
/// # Complexity
///
/// O(V + E) a pass, plus the driving path. With several calendars, each
/// plain activity (no progress, hard constraint, lag or finish-side link)
/// costs two table lookups a lane — the working time at its start bound
/// and the instant its work is done — and a third when a link reads its
/// start; the tables (about 20 KB per distinct calendar and year of office days,
/// over the days the passes reach, at most a century)
/// belong to the pass object and are shared by every lane and run, so
/// memory does not grow with iterations.
///
/// # Example
///
/// ```
/// use planwright_core::{Duration, LinkKind};
/// use planwright_schedule::NetworkBuilder;
/// use planwright_schedule::sampling::SamplingPass;
///
/// let mut b = NetworkBuilder::new();
/// let a = b.add_activity("a", Duration::minutes(10))?;
/// let c = b.add_activity("c", Duration::minutes(5))?;
/// let z = b.add_activity("z", Duration::minutes(1))?;
/// b.add_link(a, z, LinkKind::FinishToStart, Duration::ZERO)?;
/// b.add_link(c, z, LinkKind::FinishToStart, Duration::ZERO)?;
/// let net = b.build()?;
/// let mut pass = SamplingPass::new(&net);
/// let mut dur = vec![0.0; 3];
/// dur[pass.position(a)] = 4.0;
/// dur[pass.position(c)] = 8.0;
/// dur[pass.position(z)] = 1.0;
/// let finish = pass.run(&dur)?;
/// assert_eq!(finish, 9.0);
/// assert!(pass.driving().contains(&pass.position(c)));
/// # Ok::<(), planwright_schedule::Error>(())
/// ```
#[derive(Clone, Debug)]
pub struct SamplingPass<'a> {
    net: &'a Network,
    fast: bool,
    es_lo: Vec<f64>,
    ef_lo: Vec<f64>,
    status: Option<f64>,
    /// Early start and finish by position and lane: `t[(2i + side) × L + l]`.
    t: Vec<f64>,
    /// The predecessor edges in the network's order, resolved to `t`.
    edges: Vec<SampleEdge>,
    /// `true` for activities the plain loop cannot handle (progress, hard
    /// constraints).
    special: Vec<bool>,
    /// 0 for activities that count towards the finish, −∞ for helpers.
    counts: Vec<f64>,
    /// `true` for activities with a link into their finish (FF, SF).
    to_finish: Vec<bool>,
    /// `true` for activities whose start a successor reads (SS, SF): the
    /// plain loop stores only those starts.
    start_read: Vec<bool>,
    /// Several calendars: `true` for activities whose early start is the
    /// latest of their predecessors' dates and their own lower bound (no
    /// progress, hard constraint, lag, finish-side link or finish bound),
    /// which the pass places for all lanes at once.
    plain: Vec<bool>,
    /// Driving paths of the last run, lane after lane.
    path: Vec<usize>,
    path_end: [usize; LANES],
    /// Several calendars: the calendars' working-time tables and the early
    /// times of the last pass (network time, `2i` start, `2i + 1` finish).
    tables: Option<Box<WorkTables>>,
    early: Vec<i64>,
    /// Positions whose finishes are kept, and (several calendars) their
    /// finishes by lane as project offsets.
    watched: Vec<usize>,
    watched_finish: Vec<f64>,
    /// Lanes of the last run (1 or [`LANES`]).
    lanes: usize,
}

/// A predecessor edge as the pass reads it: the value is
/// `t[src] + lag − to_finish × duration`.
#[derive(Clone, Copy, Debug)]
struct SampleEdge {
    lag: f64,
    to_finish: f64,
    src: u32,
}

const NONE: u32 = u32::MAX;

impl<'a> SamplingPass<'a> {
    /// A pass over `net`.
    #[must_use]
    pub fn new(net: &'a Network) -> Self {
        let n = net.len();
        let fast = !matches!(net.time, TimeModel::Multi { .. });
        let edges = net
            .preds
            .iter()
            .map(|e| SampleEdge {
                lag: e.lag as f64,
                to_finish: if e.kind & TO_FINISH != 0 { 1.0 } else { 0.0 },
                src: 2 * e.node + u32::from(e.kind & FROM_FINISH != 0),
            })
            .collect();
        SamplingPass {
            net,
            fast,
            es_lo: net.es_lo.iter().map(|&x| x as f64).collect(),
            ef_lo: net.ef_lo.iter().map(|&x| x as f64).collect(),
            status: net.status.map(|s| s as f64),
            t: Vec::new(),
            edges,
            special: net
                .flags
                .iter()
                .map(|&f| f & (FINISHED | MUST_START | MUST_FINISH | STARTED) != 0)
                .collect(),
            start_read: {
                let mut r = vec![false; n];
                for e in &net.preds {
                    if e.kind & FROM_FINISH == 0 {
                        r[e.node as usize] = true;
                    }
                }
                r
            },
            plain: (0..n)
                .map(|i| {
                    net.flags[i] & (FINISHED | MUST_START | MUST_FINISH | STARTED) == 0
                        && net.ef_lo[i] <= NO_LOWER
                        && net.preds[net.pred_off[i] as usize..net.pred_off[i + 1] as usize]
                            .iter()
                            .all(|e| e.kind & TO_FINISH == 0 && e.lag == 0)
                })
                .collect(),
            to_finish: (0..n)
                .map(|i| {
                    net.preds[net.pred_off[i] as usize..net.pred_off[i + 1] as usize]
                        .iter()
                        .any(|e| e.kind & TO_FINISH != 0)
                })
                .collect(),
            counts: net
                .flags
                .iter()
                .map(|&f| {
                    if f & VIRTUAL != 0 {
                        f64::NEG_INFINITY
                    } else {
                        0.0
                    }
                })
                .collect(),
            path: Vec::with_capacity(n),
            path_end: [0; LANES],
            tables: match &net.time {
                TimeModel::Multi { origin, calendars } => {
                    Some(Box::new(WorkTables::new(*origin, calendars)))
                }
                _ => None,
            },
            early: Vec::new(),
            watched: Vec::new(),
            watched_finish: Vec::new(),
            lanes: 1,
        }
    }

    /// The position of an activity in the duration and result arrays.
    ///
    /// # Panics
    ///
    /// For an id the network did not issue (a caller bug).
    #[must_use]
    pub fn position(&self, id: ActivityId) -> usize {
        self.net.pos[id.index()] as usize
    }

    /// The network's planned durations by position, in working minutes (for
    /// activities a sampler leaves fixed).
    #[must_use]
    pub fn planned(&self) -> Vec<f64> {
        self.net.dur.iter().map(|&d| d as f64).collect()
    }

    /// `true` for positions that do not count towards the finish (helpers
    /// of summary links).
    #[must_use]
    pub fn is_helper(&self, position: usize) -> bool {
        self.net.flags[position] & VIRTUAL != 0
    }

    /// `true` for positions of finished activities (their dates are fixed).
    #[must_use]
    pub fn is_finished(&self, position: usize) -> bool {
        self.net.flags[position] & FINISHED != 0
    }

    /// Runs one pass with `dur` (working minutes by position; for started
    /// activities the remaining duration) and returns the project finish as
    /// a working-time offset.
    ///
    /// # Errors
    ///
    /// [`Error::LengthMismatch`] for a wrong number of durations;
    /// [`Error::Core`] when a calendar computation leaves chrono's range
    /// (several calendars only).
    ///
    /// # Complexity
    ///
    /// O(V + E) per pass (one calendar; with several, as the exact kernel).
    pub fn run(&mut self, dur: &[f64]) -> Result<f64, Error> {
        self.check(dur, 1)?;
        self.lanes = 1;
        if self.fast {
            Ok(self.forward::<1>(dur)[0])
        } else {
            Ok(self.timed::<1>(dur)?[0])
        }
    }

    /// Keeps the finishes of these activities after every run, for
    /// [`SamplingPass::watched_finish`] (replacing any earlier list).
    ///
    /// # Errors
    ///
    /// [`Error::UnknownActivity`] for an id the network did not issue.
    pub fn watch(&mut self, ids: &[ActivityId]) -> Result<(), Error> {
        let mut watched = Vec::with_capacity(ids.len());
        for id in ids {
            let p = *self
                .net
                .pos
                .get(id.index())
                .ok_or(Error::UnknownActivity { id: id.get() })?;
            watched.push(p as usize);
        }
        self.watched_finish = vec![0.0; watched.len() * LANES];
        self.watched = watched;
        Ok(())
    }

    /// The finish of the `k`-th watched activity in `lane` of the last run
    /// (lane 0 after [`SamplingPass::run`]), as a working-time offset like
    /// the project finish.
    ///
    /// # Panics
    ///
    /// For `k` beyond the watched list or `lane` beyond the last run's
    /// lanes (caller bugs).
    #[must_use]
    pub fn watched_finish(&self, k: usize, lane: usize) -> f64 {
        assert!(
            lane < self.lanes,
            "lane {lane} of a run with {} lanes",
            self.lanes
        );
        if self.fast {
            self.t[(2 * self.watched[k] + 1) * self.lanes + lane]
        } else {
            self.watched_finish[k * LANES + lane]
        }
    }

    /// Runs [`LANES`] passes at once. `dur` holds `LANES` durations per
    /// position, position after position (`dur[position × LANES + lane]`);
    /// returns each lane's finish. [`SamplingPass::driving_lane`] gives
    /// each lane's driving path.
    ///
    /// # Errors
    ///
    /// As [`SamplingPass::run`].
    pub fn run_lanes(&mut self, dur: &[f64]) -> Result<[f64; LANES], Error> {
        self.check(dur, LANES)?;
        self.lanes = LANES;
        if self.fast {
            return Ok(self.forward::<LANES>(dur));
        }
        self.timed::<LANES>(dur)
    }

    fn check(&self, dur: &[f64], lanes: usize) -> Result<(), Error> {
        let n = self.net.len() * lanes;
        if dur.len() == n {
            Ok(())
        } else {
            Err(Error::LengthMismatch {
                what: "durations",
                expected: n,
                got: dur.len(),
            })
        }
    }

    /// The driving path of the last [`SamplingPass::run`], by position
    /// (helpers included, finished activities not), from the finish
    /// backwards.
    #[must_use]
    pub fn driving(&self) -> &[usize] {
        &self.path[..self.path_end[0]]
    }

    /// The driving path of `lane` in the last [`SamplingPass::run_lanes`].
    ///
    /// # Panics
    ///
    /// For `lane >= LANES`.
    #[must_use]
    pub fn driving_lane(&self, lane: usize) -> &[usize] {
        let from = if lane == 0 {
            0
        } else {
            self.path_end[lane - 1]
        };
        &self.path[from..self.path_end[lane]]
    }

    /// The forward pass over `L` lanes: a branch-free maximum per plain
    /// activity; the driving predecessors are recovered afterwards along
    /// each lane's path only.
    fn forward<const L: usize>(&mut self, dur: &[f64]) -> [f64; L] {
        let n = self.net.len();
        self.t.resize(2 * n * L, 0.0);
        let off = &self.net.pred_off;
        let mut best = [f64::NEG_INFINITY; L];
        for i in 0..n {
            let d: &[f64; L] = dur[i * L..(i + 1) * L].try_into().expect("L lanes");
            let mut es = [0.0; L];
            if self.special[i] {
                let mut ef = [0.0; L];
                for l in 0..L {
                    (es[l], ef[l], _) = self.dates::<L>(i, d[l], l);
                }
                self.t[2 * i * L..(2 * i + 1) * L].copy_from_slice(&es);
                self.t[(2 * i + 1) * L..(2 * i + 2) * L].copy_from_slice(&ef);
            } else {
                let lo = self.es_lo[i];
                let flo = self.ef_lo[i];
                for l in 0..L {
                    let fl = flo - d[l];
                    es[l] = if fl > lo { fl } else { lo };
                }
                let edges = &self.edges[off[i] as usize..off[i + 1] as usize];
                if self.to_finish[i] {
                    for e in edges {
                        let base = self.lanes::<L>(e.src as usize);
                        for l in 0..L {
                            let x = base[l] + e.lag - e.to_finish * d[l];
                            es[l] = if x > es[l] { x } else { es[l] };
                        }
                    }
                } else {
                    // Start-side links only (the usual case): no duration term.
                    for e in edges {
                        let base = self.lanes::<L>(e.src as usize);
                        for l in 0..L {
                            let x = base[l] + e.lag;
                            es[l] = if x > es[l] { x } else { es[l] };
                        }
                    }
                }
                let c = self.counts[i];
                if self.start_read[i] {
                    self.t[2 * i * L..(2 * i + 1) * L].copy_from_slice(&es);
                }
                let f = &mut self.t[(2 * i + 1) * L..(2 * i + 2) * L];
                for l in 0..L {
                    let ef = es[l] + d[l];
                    f[l] = ef;
                    let x = ef + c;
                    best[l] = if x > best[l] { x } else { best[l] };
                }
                continue;
            }
            let c = self.counts[i];
            let ef = self.lanes::<L>(2 * i + 1);
            for l in 0..L {
                let x = ef[l] + c;
                best[l] = if x > best[l] { x } else { best[l] };
            }
        }
        self.path.clear();
        for l in 0..L {
            // The finishing activity: the last in topological order that
            // attains the maximum (a final milestone rather than the task
            // before it), found by scanning back from the end, which stops
            // early in practice.
            let last = (0..n)
                .rev()
                .find(|&i| self.t[(2 * i + 1) * L + l] + self.counts[i] == best[l]);
            let mut cur = last.unwrap_or(usize::MAX);
            // Whether the successor on the path reads the current
            // activity's finish (the finishing activity: yes).
            let mut finish_read = true;
            while cur != usize::MAX {
                let flags = self.net.flags[cur];
                // A finished activity ends the trace but cannot be critical.
                if flags & FINISHED == 0 {
                    self.path.push(cur);
                }
                let e = if flags & STARTED != 0 && !finish_read {
                    // Its start is its actual start: nothing before it
                    // moves the date the path reads.
                    NONE
                } else if self.special[cur] {
                    self.dates::<L>(cur, dur[cur * L + l], l).2
                } else {
                    self.driver::<L>(cur, dur[cur * L + l], l)
                };
                cur = if e == NONE {
                    usize::MAX
                } else {
                    let pe = self.net.preds[e as usize];
                    finish_read = pe.kind & FROM_FINISH != 0;
                    pe.node as usize
                };
            }
            self.path_end[l] = self.path.len();
        }
        let start = self.net.start as f64;
        best.map(|b| b.max(start))
    }

    /// The `L` lanes of slot `k` of `t` (slot `2i` is activity i's start,
    /// `2i + 1` its finish).
    #[inline(always)]
    fn lanes<const L: usize>(&self, k: usize) -> &[f64; L] {
        self.t[k * L..(k + 1) * L].try_into().expect("L lanes")
    }

    /// The edge that drove the start of plain activity `i` in `lane` (as
    /// [`SamplingPass::dates`] decides it, from the start the forward pass
    /// stored): the first start edge that attains it, else — unless the
    /// activity's own finish bound does — the first finish edge.
    fn driver<const L: usize>(&self, i: usize, d: f64, lane: usize) -> u32 {
        let lo = self.net.pred_off[i] as usize;
        let edges = &self.edges[lo..self.net.pred_off[i + 1] as usize];
        // The start as the forward pass computed it (same operations, same
        // order, so the same value): it stores starts only where a
        // successor reads them.
        let fl = self.ef_lo[i] - d;
        let mut es = if fl > self.es_lo[i] {
            fl
        } else {
            self.es_lo[i]
        };
        for e in edges {
            let x = self.t[e.src as usize * L + lane] + e.lag - e.to_finish * d;
            es = if x > es { x } else { es };
        }
        if es == self.es_lo[i] {
            return NONE;
        }
        let mut finish_edge = NONE;
        for (k, e) in edges.iter().enumerate() {
            let x = self.t[e.src as usize * L + lane] + e.lag - e.to_finish * d;
            if x == es {
                if e.to_finish == 0.0 {
                    return (lo + k) as u32;
                }
                if finish_edge == NONE {
                    finish_edge = (lo + k) as u32;
                }
            }
        }
        if self.ef_lo[i] - d == es {
            NONE
        } else {
            finish_edge
        }
    }

    /// The early dates of activity `i` in `lane` with duration `d` from its
    /// predecessors' dates in `t`, and the edge that drove its start
    /// ([`NONE`] when a constraint, the project start or progress did).
    fn dates<const L: usize>(&self, i: usize, d: f64, lane: usize) -> (f64, f64, u32) {
        let net = self.net;
        let f = net.flags[i];
        if f & FINISHED != 0 {
            return (self.es_lo[i], self.ef_lo[i], NONE);
        }
        let mut s = f64::MIN;
        let mut sd = NONE;
        let mut fmin = self.ef_lo[i] - d;
        let mut fd = NONE;
        let lo = net.pred_off[i] as usize;
        for (k, e) in self.edges[lo..net.pred_off[i + 1] as usize]
            .iter()
            .enumerate()
        {
            let x = self.t[e.src as usize * L + lane] + e.lag - e.to_finish * d;
            if e.to_finish != 0.0 {
                if x > fmin {
                    fmin = x;
                    fd = (lo + k) as u32;
                }
            } else if x > s {
                s = x;
                sd = (lo + k) as u32;
            }
        }
        if fmin > s {
            s = fmin;
            sd = fd;
        }
        if f & (MUST_START | MUST_FINISH | STARTED) == 0 {
            let es = if self.es_lo[i] >= s { self.es_lo[i] } else { s };
            (es, es + d, if self.es_lo[i] >= s { NONE } else { sd })
        } else if f & MUST_START != 0 {
            (self.es_lo[i], self.es_lo[i] + d, NONE)
        } else if f & MUST_FINISH != 0 {
            (self.ef_lo[i] - d, self.ef_lo[i], NONE)
        } else {
            let es = self.es_lo[i];
            let base = self.status.unwrap_or(es).max(es);
            let retained = net.progress_mode == ProgressMode::RetainedLogic;
            let resume = if retained { s.max(base) } else { base };
            (es, resume + d, if retained && s > base { sd } else { NONE })
        }
    }

    /// `L` passes with several calendars, activity by activity and lane by
    /// lane (the lanes' lookups are independent, so they overlap, and they
    /// read the same part of the tables): the kernel's forward step through
    /// the working-time tables, then each lane's driving path traced back
    /// from the activity that finishes last. Keeps the watched finishes.
    fn timed<const L: usize>(&mut self, dur: &[f64]) -> Result<[f64; L], Error> {
        let net = self.net;
        let n = net.len();
        self.lanes = L;
        let Some(tables) = self.tables.as_deref_mut() else {
            // No tables: one calendar, where the plain pass is exact.
            return Ok(self.forward::<L>(dur));
        };
        let mut clock = TableClock::new(tables);
        let early = &mut self.early;
        early.resize(2 * n * L, 0);
        // The latest finish of an activity that counts (the project finish
        // is that, or the project start when it is later).
        let mut pf = [i64::MIN; L];
        for i in 0..n {
            let counts = net.flags[i] & VIRTUAL == 0;
            let (lo, hi) = (net.pred_off[i] as usize, net.pred_off[i + 1] as usize);
            // Whole minutes, rounded here rather than in a pass of their
            // own over every duration.
            let d = &round_lanes::<L>(&dur[i * L..(i + 1) * L]);
            let placed = self.plain[i] && {
                // The forward step of every lane at once: the latest
                // predecessor date, then one placement per lane.
                let mut at = [net.es_lo[i]; L];
                for e in &net.preds[lo..hi] {
                    let slot = (2 * e.node as usize + usize::from(e.kind & FROM_FINISH)) * L;
                    for (a, &x) in at.iter_mut().zip(&early[slot..slot + L]) {
                        *a = (*a).max(x);
                    }
                }
                // Written in place: a copy through the stack is read back
                // in wider loads than it was written, which stalls. Only a
                // start some link reads is looked up and written (the
                // trace reads the same slots the links do).
                let (es, ef) = early[2 * i * L..(2 * i + 2) * L].split_at_mut(L);
                clock.tables[net.cal[i] as usize].place_lanes(
                    &at,
                    d,
                    self.start_read[i],
                    es.try_into().expect("L lanes"),
                    ef.try_into().expect("L lanes"),
                )
            };
            if !placed {
                let (mut es, mut ef) = ([0i64; L], [0i64; L]);
                for l in 0..L {
                    (es[l], ef[l]) = net.forward_step(i, d[l], &mut clock, |k| early[k * L + l])?;
                }
                early[2 * i * L..(2 * i + 1) * L].copy_from_slice(&es);
                early[(2 * i + 1) * L..(2 * i + 2) * L].copy_from_slice(&ef);
            }
            let ef = &early[(2 * i + 1) * L..(2 * i + 2) * L];
            if counts {
                for (p, &f) in pf.iter_mut().zip(ef) {
                    *p = (*p).max(f);
                }
            }
        }
        self.path.clear();
        let mut out = [0.0; L];
        for l in 0..L {
            // The finishing activity: the last in topological order that
            // attains the finish (a final milestone rather than the task
            // before it).
            let mut cur = (0..n)
                .rev()
                .find(|&i| net.flags[i] & VIRTUAL == 0 && early[(2 * i + 1) * L + l] == pf[l]);
            // Which of the current activity's dates its successor on the
            // path reads (the finishing activity: its finish).
            let mut finish_read = true;
            while let Some(i) = cur {
                if net.flags[i] & FINISHED == 0 {
                    self.path.push(i);
                }
                let d = round_lanes::<1>(&dur[i * L + l..=i * L + l])[0];
                let Some(e) = net.driving_edge(i, d, &mut clock, |k| early[k * L + l])? else {
                    break;
                };
                // Across calendars a driving link can have slack: a
                // predecessor finishing Monday 17:00 on a round-the-clock
                // calendar drives a successor that cannot start before
                // Tuesday 08:00, yet could finish later without moving it.
                // Follow the link only when delaying the predecessor by one
                // working minute moves the date the path reads.
                let pe = net.preds[e];
                let src = pe.node as usize;
                let slot = 2 * src + usize::from(pe.kind & FROM_FINISH);
                let read = early[slot * L + l];
                // A plain activity (links to its start, no lag) starts at
                // the date its driving link reads; when its calendar works
                // the minute after it, any later date moves both its start
                // and its finish: no placement needed.
                let moved =
                    if d > 0 && self.plain[i] && clock.tables[net.cal[i] as usize].works_at(read) {
                        true
                    } else {
                        let late = clock.advance(net.cal[src], read, 1)?;
                        let (es, ef) = net.step_driven(i, d, &mut clock, e, late)?;
                        if finish_read {
                            ef > early[(2 * i + 1) * L + l]
                        } else {
                            es > early[2 * i * L + l]
                        }
                    };
                if !moved {
                    break;
                }
                finish_read = pe.kind & FROM_FINISH != 0;
                cur = Some(src);
            }
            self.path_end[l] = self.path.len();
            for (k, &p) in self.watched.iter().enumerate() {
                self.watched_finish[k * LANES + l] =
                    clock.span(0, 0, early[(2 * p + 1) * L + l])? as f64;
            }
            out[l] = clock.span(0, 0, pf[l].max(net.start))? as f64;
        }
        Ok(out)
    }
}
