//! Justification: a schedule's activities ordered by time, and the
//! right and left passes that shift every activity as late or as early as
//! the others allow (double justification, one right pass, one left pass).

use super::{Decoder, Dir};

/// [`Decoder::order_by`] sorts by counting from this many activities on
/// when the keys span at most [`COUNTING_SPAN_PER_ACTIVITY`] periods per
/// activity (a time sort's keys span the makespan), by comparison
/// otherwise. GA throughput with the counting sort: +8 % at 300 and +6 %
/// at 120 activities (criterion, `ga_5000`, medians of three); unchanged
/// at 60 and −4 % at 30 (a temporary timing example, three runs each) —
/// hence the threshold.
const COUNTING_MIN_ACTIVITIES: usize = 64;

/// See [`COUNTING_MIN_ACTIVITIES`].
const COUNTING_SPAN_PER_ACTIVITY: i64 = 16;

impl Decoder<'_> {
    /// A precedence-feasible order of the activities by `key` (ascending),
    /// ties by topological rank: valid when `key` never decreases along a
    /// relation (start or finish times of a schedule of a classic
    /// instance). For general instances, and keys outside 0..2^32 that a
    /// counting sort does not take, it falls back to a priority topological
    /// sort.
    pub(crate) fn order_by(&mut self, key: impl Fn(usize) -> i64, dir: Dir, out: &mut Vec<u32>) {
        let n = self.inst.len();
        out.clear();
        // Classic instances: a time sort is precedence-feasible (every
        // predecessor starts and ends no later), ties broken by topological
        // rank. The keys are unique, so the order is one; two ways to it.
        // (The comparison sort packs the keys as it reads them: collecting
        // them first, as the counting sort must, cost 6 % of the GA's
        // throughput at 30 activities.)
        if self.inst.is_classic() && n < (1 << 16) {
            if n >= COUNTING_MIN_ACTIVITIES {
                // A stable counting sort by time over the activities in
                // rank order: O(n + span), where the span of a schedule's
                // times is its makespan.
                self.times.clear();
                self.times.extend((0..n).map(&key));
                let lo = self.times.iter().copied().min().unwrap_or(0);
                let hi = self.times.iter().copied().max().unwrap_or(0);
                let span = hi.checked_sub(lo).unwrap_or(i64::MAX);
                if span <= COUNTING_SPAN_PER_ACTIVITY * n as i64 {
                    self.counting_sort(lo, span as usize + 1, dir, out);
                    return;
                }
            }
            // Packed as time (32 bits) | rank (16) | index (16) and sorted:
            // needs times in 0..2^32, otherwise the general path.
            self.keys.clear();
            let mut packed = true;
            for j in 0..n {
                let Ok(t) = u32::try_from(key(j)) else {
                    packed = false;
                    break;
                };
                let rank = match dir {
                    Dir::Forward => self.rank[j],
                    Dir::Backward => n as u32 - 1 - self.rank[j],
                };
                self.keys
                    .push(u64::from(t) << 32 | u64::from(rank) << 16 | j as u64);
            }
            if packed {
                self.keys.sort_unstable();
                out.extend(self.keys.iter().map(|&x| (x & 0xFFFF) as u32));
                return;
            }
        }
        // General: heap over ready activities.
        let mut missing: Vec<u32> = (0..n).map(|j| self.preds(dir, j).len() as u32).collect();
        let mut heap: std::collections::BinaryHeap<core::cmp::Reverse<(i64, u32)>> = (0..n)
            .filter(|&j| missing[j] == 0)
            .map(|j| core::cmp::Reverse((key(j), j as u32)))
            .collect();
        while let Some(core::cmp::Reverse((_, j))) = heap.pop() {
            out.push(j);
            let succ: Vec<u32> = match dir {
                Dir::Forward => self.inst.succs(j as usize).iter().map(|e| e.0).collect(),
                Dir::Backward => self.inst.preds(j as usize).iter().map(|e| e.0).collect(),
            };
            for s in succ {
                missing[s as usize] -= 1;
                if missing[s as usize] == 0 {
                    heap.push(core::cmp::Reverse((key(s as usize), s)));
                }
            }
        }
    }

    /// The start order of the schedule in `starts` (real time): earliest
    /// start first, ties by topological rank — the list a forward serial
    /// pass turns back into that schedule, left-justified.
    pub(crate) fn start_order(&mut self, starts: &[i64], order: &mut Vec<u32>) {
        self.order_by(|j| starts[j], Dir::Forward, order);
    }

    /// The activities by `self.times` (offset by `lo`, all within `span`
    /// periods) ascending, ties by rank in `dir`'s topological order: the
    /// activities bucketed by time in rank order, so each bucket keeps it.
    fn counting_sort(&mut self, lo: i64, span: usize, dir: Dir, out: &mut Vec<u32>) {
        self.counts.clear();
        self.counts.resize(span + 1, 0);
        for &t in &self.times {
            self.counts[(t - lo) as usize + 1] += 1;
        }
        for i in 1..=span {
            self.counts[i] += self.counts[i - 1];
        }
        out.resize(self.times.len(), 0);
        let mut place = |j: u32| {
            let b = (self.times[j as usize] - lo) as usize;
            out[self.counts[b] as usize] = j;
            self.counts[b] += 1;
        };
        match dir {
            Dir::Forward => self.inst.topo().iter().copied().for_each(&mut place),
            Dir::Backward => self.inst.topo().iter().rev().copied().for_each(&mut place),
        }
    }

    /// Double justification (forward-backward improvement) of the schedule
    /// in `starts` (real time): right-justify, then left-justify, repeated
    /// while the makespan improves and `max_rounds` allows. Each pass counts
    /// one schedule. Leaves the result in `starts` and the activity list of
    /// the final forward pass in `order`; returns the makespan.
    pub(crate) fn justify(
        &mut self,
        starts: &mut [i64],
        mut makespan: i64,
        order: &mut Vec<u32>,
        max_rounds: u32,
    ) -> i64 {
        let h = self.horizon as i64;
        for _ in 0..max_rounds {
            self.right_pass(starts, order);
            if self.horizon as i64 != h {
                // The arrays grew mid-pass (unusual profiles): stop here,
                // with `order` a forward list again.
                self.start_order(starts, order);
                break;
            }
            let mut back = vec![0; starts.len()];
            self.unmirror(h, &mut back);
            // Left: earliest real start first.
            self.start_order(&back, order);
            let ms = self.serial(order, Dir::Forward);
            if ms < makespan {
                makespan = ms;
                starts.copy_from_slice(&self.start);
            } else {
                if ms == makespan {
                    starts.copy_from_slice(&self.start);
                }
                break;
            }
        }
        makespan
    }

    /// Real-time starts of the last backward pass, mirrored around `end`
    /// (a mirrored start s' is a real finish `end − s'`, so the real start
    /// is `end − s' − d`): `end` the horizon keeps the real time of the
    /// profile, the pass's makespan shifts the schedule to start at 0.
    pub(crate) fn unmirror(&self, end: i64, out: &mut [i64]) {
        let dur = self.inst.durations();
        for (j, s) in out.iter_mut().enumerate() {
            *s = end - self.start[j] - i64::from(dur[j]);
        }
    }

    /// The right pass of a justification: the activities of `starts` (real
    /// time), latest finish first, by the serial scheme in mirrored time.
    /// Leaves the mirrored starts in `self.start`; returns the mirrored
    /// makespan. Counts one schedule.
    fn right_pass(&mut self, starts: &[i64], order: &mut Vec<u32>) -> i64 {
        let dur = self.inst.durations();
        let h = self.horizon as i64;
        self.order_by(
            |j| h - (starts[j] + i64::from(dur[j])),
            Dir::Backward,
            order,
        );
        self.serial(order, Dir::Backward)
    }

    /// Right justification of the schedule in `starts` (real time) by one
    /// pass: every activity as late as the others allow, the schedule then
    /// shifted to start at 0 — a shift that keeps it feasible only with
    /// constant capacities, which the caller ensures. Kept when not longer
    /// than `makespan` (never longer on classic instances). Either way
    /// `order` ends as the start order of the schedule in `starts`, a
    /// precedence-feasible list. Counts one schedule; returns the makespan.
    pub(crate) fn right_justify(
        &mut self,
        starts: &mut [i64],
        makespan: i64,
        order: &mut Vec<u32>,
    ) -> i64 {
        debug_assert!(self.constant);
        let mut ms = self.right_pass(starts, order);
        if ms <= makespan {
            self.unmirror(ms, starts);
        } else {
            ms = makespan;
        }
        self.start_order(starts, order);
        ms
    }

    /// Left justification of the schedule in `starts` by one pass (earliest
    /// start first, serial and forward); kept when not longer than
    /// `makespan`. Counts one schedule; returns the makespan.
    pub(crate) fn left_justify(
        &mut self,
        starts: &mut [i64],
        makespan: i64,
        order: &mut Vec<u32>,
    ) -> i64 {
        self.start_order(starts, order);
        let ms = self.serial(order, Dir::Forward);
        if ms > makespan {
            return makespan;
        }
        starts.copy_from_slice(&self.start);
        ms
    }
}
