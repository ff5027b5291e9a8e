//! Schedule generation schemes: serial (forward and backward) and parallel,
//! on a time-indexed capacity profile; justification in `justify.rs`.

use rand_xoshiro::Xoshiro256PlusPlus;

use super::instance::Instance;
use super::rules::regret_pick;
use crate::Error;

/// The most capacity words (periods × words per period) one direction of a
/// decoder may hold: 2^23 words, 64 MiB, so a decoder (two templates and a
/// working copy) stays under 200 MiB whatever the durations.
pub(crate) const MAX_HORIZON_WORDS: usize = 1 << 23;

/// Packing of capacities into `u64` words: lanes of 16 bits (four
/// resources a word) when every capacity is below 2^15, else 32 bits (two a
/// word). Each lane's top bit is a guard: `((row | guard) - demand) & guard
/// == guard` tests all lanes of a word at once, without borrows between
/// lanes.
#[derive(Clone, Copy, Debug)]
struct Lanes {
    bits: u32,
    per_word: usize,
    guard: u64,
    max: u32,
}

impl Lanes {
    fn for_instance(inst: &Instance) -> Self {
        let max_cap = inst.resources().iter().map(|p| p.max()).max().unwrap_or(0);
        let bits: u32 = if max_cap < (1 << 15) { 16 } else { 32 };
        let per_word = (64 / bits) as usize;
        let lane_guard = 1u64 << (bits - 1);
        let guard = (0..per_word).fold(0u64, |g, i| g | lane_guard << (bits as usize * i));
        Lanes {
            bits,
            per_word,
            guard,
            max: (1u32 << (bits - 1)) - 1,
        }
    }

    fn pack(&self, r: usize, v: u32) -> (usize, u64) {
        (
            r / self.per_word,
            u64::from(v.min(self.max)) << (self.bits as usize * (r % self.per_word)),
        )
    }
}

/// Direction of a serial pass.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Dir {
    /// Real time, predecessors first.
    Forward,
    /// Mirrored time around the horizon, successors first.
    Backward,
}

/// Reusable decoding state for one instance: capacity profiles for both
/// directions and the working arrays of a pass. Creating it costs
/// O(horizon × resources); each pass then costs O(n × d × k) at worst and
/// touches only the periods it used.
#[derive(Clone, Debug)]
pub(crate) struct Decoder<'a> {
    pub(crate) inst: &'a Instance,
    /// Words per period (see [`Lanes`]).
    w: usize,
    lanes: Lanes,
    horizon: usize,
    /// Remaining capacity per (period, word), forward and mirrored.
    template: [Vec<u64>; 2],
    avail: Vec<u64>,
    /// Non-zero demand words per activity: (word, packed demands).
    dem_off: Vec<u32>,
    dem: Vec<(u32, u64)>,
    /// With one capacity word per period (at most four resources below
    /// 2^15, every PSPLIB set): each activity's packed demand word.
    dem1: Vec<u64>,
    /// Periods of `avail` that differ from the template.
    dirty: usize,
    dirty_dir: Dir,
    /// `true` when every capacity is constant: the mirrored template is
    /// the forward one, and from a parallel decision time on usage only
    /// falls.
    constant: bool,
    /// Reversed precedence: (predecessor in mirrored time, distance).
    rev_off: Vec<u32>,
    rev: Vec<(u32, i32)>,
    /// Rank in a fixed topological order (tie-breaker for time sorts).
    rank: Vec<u32>,
    /// Scratch.
    pub(crate) start: Vec<i64>,
    keys: Vec<u64>,
    times: Vec<i64>,
    counts: Vec<u32>,
    /// Schedules generated so far (every pass counts one).
    pub(crate) count: u64,
    /// Set when a pass needed a longer horizon than the memory cap allows
    /// (never for instances `Instance::new` accepts: the horizon is a proven
    /// bound); the scheduler reports it instead of a schedule.
    pub(crate) overflow: bool,
}

impl<'a> Decoder<'a> {
    /// A decoder for `inst`.
    ///
    /// # Errors
    ///
    /// [`Error::TooLarge`] when the scheduling horizon (the sum of the
    /// durations and positive lags, after the last capacity change) times
    /// the capacity words per period exceeds [`MAX_HORIZON_WORDS`]: the
    /// capacity profile is time-indexed, so its memory grows with the
    /// horizon. Use a coarser time unit.
    pub(crate) fn new(inst: &'a Instance) -> Result<Self, Error> {
        let n = inst.len();
        let k = inst.k();
        let lanes = Lanes::for_instance(inst);
        let w = k.div_ceil(lanes.per_word).max(1);
        let horizon = inst.horizon() as usize + 1;
        if horizon.saturating_mul(w) > MAX_HORIZON_WORDS {
            return Err(Error::TooLarge {
                what: "periods × capacity words in the scheduling horizon",
                limit: MAX_HORIZON_WORDS as u64,
            });
        }
        let fwd = Self::profile(inst, lanes, w, horizon, false);
        let bwd = Self::profile(inst, lanes, w, horizon, true);
        let mut dem_off = Vec::with_capacity(n + 1);
        let mut dem = Vec::new();
        dem_off.push(0);
        for j in 0..n {
            let mut words = vec![0u64; w];
            for &(r, q) in inst.reqs(j) {
                let (i, x) = lanes.pack(r as usize, q);
                words[i] |= x;
            }
            for (i, &x) in words.iter().enumerate() {
                if x != 0 {
                    dem.push((i as u32, x));
                }
            }
            dem_off.push(dem.len() as u32);
        }
        // Reversed precedence: S'_p >= S'_s + (d_s + w - d_p).
        let d = inst.durations();
        let mut rev_off = vec![0u32; n + 1];
        for j in 0..n {
            rev_off[j + 1] = rev_off[j] + inst.succs(j).len() as u32;
        }
        let mut rev = Vec::with_capacity(rev_off[n] as usize);
        for p in 0..n {
            for &(s, w) in inst.succs(p) {
                let w2 = i64::from(d[s as usize]) + i64::from(w) - i64::from(d[p]);
                rev.push((s, w2 as i32));
            }
        }
        let mut rank = vec![0u32; n];
        for (i, &j) in inst.topo().iter().enumerate() {
            rank[j as usize] = i as u32;
        }
        let dem1 = if w == 1 {
            (0..n)
                .map(|j| {
                    dem[dem_off[j] as usize..dem_off[j + 1] as usize]
                        .iter()
                        .fold(0, |acc, &(_, x)| acc | x)
                })
                .collect()
        } else {
            Vec::new()
        };
        Ok(Decoder {
            inst,
            w,
            dem1,
            lanes,
            horizon,
            avail: fwd.clone(),
            constant: inst.resources().iter().all(|p| p.is_constant()),
            template: [fwd, bwd],
            dem_off,
            dem,
            dirty: 0,
            dirty_dir: Dir::Forward,
            rev_off,
            rev,
            rank,
            start: vec![0; n],
            keys: Vec::with_capacity(n),
            times: Vec::with_capacity(n),
            counts: Vec::new(),
            count: 0,
            overflow: false,
        })
    }

    /// The packed capacity of every period up to `horizon`, mirrored for the
    /// backward direction.
    fn profile(
        inst: &Instance,
        lanes: Lanes,
        w: usize,
        horizon: usize,
        mirrored: bool,
    ) -> Vec<u64> {
        let mut out = vec![0u64; horizon * w];
        for (r, prof) in inst.resources().iter().enumerate() {
            for t in 0..horizon {
                let (i, x) = lanes.pack(r, prof.at(t as u32));
                let period = if mirrored { horizon - 1 - t } else { t };
                out[period * w + i] |= x;
            }
        }
        out
    }

    /// [`Error::TooLarge`] when a pass ran past the memory cap.
    pub(crate) fn check_overflow(&self) -> Result<(), Error> {
        if self.overflow {
            Err(Error::TooLarge {
                what: "periods × capacity words in the scheduling horizon",
                limit: MAX_HORIZON_WORDS as u64,
            })
        } else {
            Ok(())
        }
    }

    /// The solution of the last pass.
    pub(crate) fn finish(&self, inst: &Instance) -> Result<super::Solution, Error> {
        self.check_overflow()?;
        Ok(super::Solution::from_starts(
            inst,
            self.starts_u32(),
            self.count,
        ))
    }

    fn reqs_words(&self, j: usize) -> &[(u32, u64)] {
        &self.dem[self.dem_off[j] as usize..self.dem_off[j + 1] as usize]
    }

    /// `true` when every word of `reqs` fits in period `tau`.
    #[inline(always)]
    fn fits(&self, tau: usize, reqs: &[(u32, u64)]) -> bool {
        let g = self.lanes.guard;
        let row = &self.avail[tau * self.w..tau * self.w + self.w];
        reqs.iter()
            .all(|&(i, d)| ((row[i as usize] | g).wrapping_sub(d)) & g == g)
    }

    #[inline(always)]
    fn book(&mut self, t: usize, d: usize, reqs_range: (usize, usize)) {
        let w = self.w;
        for tau in t..t + d {
            for &(i, dd) in &self.dem[reqs_range.0..reqs_range.1] {
                self.avail[tau * w + i as usize] -= dd;
            }
        }
    }

    fn reset(&mut self, dir: Dir) {
        let k = self.w;
        let src = &self.template[dir as usize];
        // Constant capacities (the classic case) mirror to the same
        // profile: a change of direction restores only what the last pass
        // touched, as a pass in the same direction does.
        if dir == self.dirty_dir || self.constant {
            let end = (self.dirty * k).min(self.avail.len());
            self.avail[..end].copy_from_slice(&src[..end]);
        } else {
            self.avail.copy_from_slice(src);
        }
        self.dirty = 0;
        self.dirty_dir = dir;
    }

    /// Doubles the horizon; `false` (and `overflow` set) past the cap.
    fn grow(&mut self, need: usize) -> bool {
        // Capacity beyond the horizon is each profile's last value.
        let new_h = need.max(self.horizon * 2);
        if new_h.saturating_mul(self.w) > MAX_HORIZON_WORDS {
            self.overflow = true;
            return false;
        }
        self.template = [
            Self::profile(self.inst, self.lanes, self.w, new_h, false),
            Self::profile(self.inst, self.lanes, self.w, new_h, true),
        ];
        self.avail = self.template[self.dirty_dir as usize].clone();
        self.dirty = 0;
        self.horizon = new_h;
        true
    }

    fn preds(&self, dir: Dir, j: usize) -> &[(u32, i32)] {
        match dir {
            Dir::Forward => self.inst.preds(j),
            Dir::Backward => &self.rev[self.rev_off[j] as usize..self.rev_off[j + 1] as usize],
        }
    }

    /// Serial SGS over `order` (a precedence-feasible list for `dir`).
    /// Leaves starts in `self.start` (mirrored time for `Backward`) and
    /// returns the makespan in that time frame. Counts one schedule.
    pub(crate) fn serial(&mut self, order: &[u32], dir: Dir) -> i64 {
        self.count += 1;
        loop {
            if let Some(ms) = self.try_serial(order, dir) {
                return ms;
            }
            // Ran past the horizon (only with unusual profiles): grow, retry.
            let need = self.horizon * 2;
            if !self.grow(need) {
                return i64::MAX / 4;
            }
        }
    }

    fn try_serial(&mut self, order: &[u32], dir: Dir) -> Option<i64> {
        if self.w == 1 {
            self.try_serial_one_word(order, dir)
        } else {
            self.try_serial_words(order, dir)
        }
    }

    /// [`Decoder::try_serial`] for any number of capacity words per period.
    fn try_serial_words(&mut self, order: &[u32], dir: Dir) -> Option<i64> {
        self.reset(dir);
        let h = self.horizon;
        let dur = self.inst.durations();
        let mut makespan = 0i64;
        for &j in order {
            let j = j as usize;
            let mut est = 0i64;
            for &(p, w) in self.preds(dir, j) {
                est = est.max(self.start[p as usize] + i64::from(w));
            }
            let d = dur[j] as usize;
            let range = (self.dem_off[j] as usize, self.dem_off[j + 1] as usize);
            let mut t = est as usize;
            if d > 0 && range.0 < range.1 {
                let reqs = &self.dem[range.0..range.1];
                'search: loop {
                    if t + d > h {
                        return None;
                    }
                    // Scan the window backwards: the latest conflict gives
                    // the longest jump.
                    for tau in (t..t + d).rev() {
                        if !self.fits(tau, reqs) {
                            t = tau + 1;
                            continue 'search;
                        }
                    }
                    break;
                }
                self.book(t, d, range);
                self.dirty = self.dirty.max(t + d);
            }
            self.start[j] = t as i64;
            makespan = makespan.max((t + d) as i64);
        }
        Some(makespan)
    }

    /// [`Decoder::try_serial`] with one capacity word per period: a
    /// window fits when every period's word passes the guard test against
    /// the activity's demand word, so the scan and the booking are one
    /// load and a few operations per period, without bounds checks inside.
    /// Its loop repeats the general one's on purpose: the earliest start
    /// computed by a shared helper made the J30-sized decode 0.47 → 0.79 µs.
    fn try_serial_one_word(&mut self, order: &[u32], dir: Dir) -> Option<i64> {
        self.reset(dir);
        let h = self.horizon;
        let g = self.lanes.guard;
        let dur = self.inst.durations();
        let mut makespan = 0i64;
        for &j in order {
            let j = j as usize;
            let mut est = 0i64;
            for &(p, w) in self.preds(dir, j) {
                est = est.max(self.start[p as usize] + i64::from(w));
            }
            let d = dur[j] as usize;
            let q = self.dem1[j];
            let mut t = est as usize;
            if d > 0 && q != 0 {
                loop {
                    if t + d > h {
                        return None;
                    }
                    // The latest conflict in the window gives the longest
                    // jump.
                    match self.avail[t..t + d]
                        .iter()
                        .rposition(|&a| ((a | g).wrapping_sub(q)) & g != g)
                    {
                        Some(k) => t += k + 1,
                        None => break,
                    }
                }
                for a in &mut self.avail[t..t + d] {
                    *a -= q;
                }
                self.dirty = self.dirty.max(t + d);
            }
            self.start[j] = t as i64;
            makespan = makespan.max((t + d) as i64);
        }
        Some(makespan)
    }

    /// Parallel SGS: at each decision time, start every eligible activity
    /// that fits, in priority order (`prio`, lower first, ties by index).
    /// Leaves starts in `self.start`; returns the makespan. Counts one
    /// schedule.
    pub(crate) fn parallel(&mut self, prio: &[f64]) -> i64 {
        self.parallel_with(prio, None)
    }

    /// [`Decoder::parallel`] with a regret-biased random choice (Kolisch &
    /// Drexl): at each decision time the next activity to start is drawn
    /// from those eligible that fit, with weight `max − prio_j + 1` over
    /// them, until none fits. Counts one schedule.
    pub(crate) fn parallel_sampled(&mut self, prio: &[f64], rng: &mut Xoshiro256PlusPlus) -> i64 {
        self.parallel_with(prio, Some(rng))
    }

    fn parallel_with(&mut self, prio: &[f64], mut rng: Option<&mut Xoshiro256PlusPlus>) -> i64 {
        self.count += 1;
        loop {
            if let Some(ms) = self.try_parallel(prio, rng.as_deref_mut()) {
                return ms;
            }
            let need = self.horizon * 2;
            if !self.grow(need) {
                return i64::MAX / 4;
            }
        }
    }

    /// [`Decoder::parallel`] with list positions as priorities (earlier
    /// first): Graham's list scheduling.
    pub(crate) fn parallel_list(&mut self, list: &[u32]) -> i64 {
        // A fresh vector: the pass allocates its own working sets anyway,
        // and a scratch field in the decoder slowed the serial scans.
        let mut prio = vec![0.0; self.inst.len()];
        for (i, &j) in list.iter().enumerate() {
            prio[j as usize] = i as f64;
        }
        self.parallel(&prio)
    }

    /// `true` when activity `j` can start at `t` in the parallel pass (the
    /// caller has checked `t + d_j` against the horizon). With constant
    /// capacities the first period decides: every activity booked so far
    /// started by `t`, so from `t` on the usage only falls as they finish.
    #[inline(always)]
    fn fits_at(&self, t: usize, j: usize) -> bool {
        let d = self.inst.durations()[j] as usize;
        let span = if self.constant { d.min(1) } else { d };
        d == 0
            || if self.w == 1 {
                let (q, g) = (self.dem1[j], self.lanes.guard);
                self.avail[t..t + span]
                    .iter()
                    .all(|&a| ((a | g).wrapping_sub(q)) & g == g)
            } else {
                (t..t + span).all(|tau| self.fits(tau, self.reqs_words(j)))
            }
    }

    /// One parallel pass; `None` when it ran past the horizon. With `rng`
    /// the start at a decision time is a regret-biased draw among the
    /// eligible activities that fit; without, the first of them in
    /// priority order.
    fn try_parallel(
        &mut self,
        prio: &[f64],
        mut rng: Option<&mut Xoshiro256PlusPlus>,
    ) -> Option<i64> {
        use core::cmp::Reverse;
        use std::collections::BinaryHeap;
        self.reset(Dir::Forward);
        let inst = self.inst;
        let n = inst.len();
        let h = self.horizon;
        let dur = inst.durations();
        let mut missing: Vec<u32> = (0..n).map(|j| inst.preds(j).len() as u32).collect();
        let mut est = vec![0i64; n];
        // Activities whose predecessors are all scheduled: `waiting` until
        // their earliest start, then `eligible`, kept in priority order
        // (ties by index) by inserting each in place.
        let mut waiting: BinaryHeap<Reverse<(i64, u32)>> = (0..n as u32)
            .filter(|&j| missing[j as usize] == 0)
            .map(|j| Reverse((0, j)))
            .collect();
        let mut eligible: Vec<u32> = Vec::with_capacity(n);
        let before = |a: u32, b: u32| {
            prio[a as usize]
                .total_cmp(&prio[b as usize])
                .then(a.cmp(&b))
                .is_lt()
        };
        let mut done = 0usize;
        let mut t: i64 = 0;
        let mut finishes: BinaryHeap<Reverse<i64>> = BinaryHeap::new();
        let mut makespan = 0i64;
        while done < n {
            while let Some(&Reverse((e, j))) = waiting.peek() {
                if e > t {
                    break;
                }
                waiting.pop();
                let at = eligible.partition_point(|&c| before(c, j));
                eligible.insert(at, j);
            }
            // Start every eligible activity that fits, in priority order
            // (or drawn: `fitting` holds the candidates' positions).
            let mut i = 0;
            let mut fitting: Vec<usize> = Vec::new();
            while i < eligible.len() {
                if let Some(rng) = rng.as_deref_mut() {
                    fitting.clear();
                    for (k, &c) in eligible.iter().enumerate() {
                        if (t as usize) + dur[c as usize] as usize > h {
                            return None;
                        }
                        if self.fits_at(t as usize, c as usize) {
                            fitting.push(k);
                        }
                    }
                    let Some(k) =
                        regret_pick(fitting.len(), |k| prio[eligible[fitting[k]] as usize], rng)
                    else {
                        break;
                    };
                    i = fitting[k];
                }
                let j = eligible[i] as usize;
                let d = dur[j] as usize;
                let tu = t as usize;
                if tu + d > h {
                    return None;
                }
                if !self.fits_at(tu, j) {
                    i += 1;
                    continue;
                }
                let range = (self.dem_off[j] as usize, self.dem_off[j + 1] as usize);
                self.book(tu, d, range);
                self.dirty = self.dirty.max(tu + d);
                self.start[j] = t;
                makespan = makespan.max(t + d as i64);
                finishes.push(Reverse(t + d as i64));
                done += 1;
                eligible.remove(i);
                // Activities before `i` did not fit at `t` and still do not
                // (booking only takes capacity): the scan goes on at `i`,
                // unless a successor may start at `t` too (a zero duration
                // or lag), when it starts over.
                let mut now = false;
                for &(s, w) in inst.succs(j) {
                    let s = s as usize;
                    est[s] = est[s].max(t + i64::from(w));
                    missing[s] -= 1;
                    if missing[s] > 0 {
                        continue;
                    }
                    if est[s] <= t {
                        let at = eligible.partition_point(|&c| before(c, s as u32));
                        eligible.insert(at, s as u32);
                        if at <= i {
                            i += 1;
                        }
                        now = true;
                    } else {
                        waiting.push(Reverse((est[s], s as u32)));
                    }
                }
                if now || rng.is_some() {
                    i = 0;
                }
            }
            if done == n {
                break;
            }
            // Next decision time: a finish or an earliest start.
            let mut next = waiting.peek().map_or(i64::MAX, |&Reverse((e, _))| e);
            while let Some(&Reverse(f)) = finishes.peek() {
                if f <= t {
                    finishes.pop();
                } else {
                    next = next.min(f);
                    break;
                }
            }
            if next == i64::MAX {
                // Nothing running and nothing fits: capacity must rise later.
                next = t + 1;
            }
            t = next;
        }
        Some(makespan)
    }

    /// Starts of the last forward pass as `u32` (they are non-negative).
    pub(crate) fn starts_u32(&self) -> Vec<u32> {
        self.start.iter().map(|&s| s.max(0) as u32).collect()
    }

    /// `true` when every capacity is constant.
    pub(crate) fn constant(&self) -> bool {
        self.constant
    }
}

mod justify;

#[cfg(test)]
mod tests;
