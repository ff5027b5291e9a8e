//! Flow metrics from recorded status histories: lead and cycle time with
//! percentiles, throughput, WIP, work-item age, cumulative flow, flow
//! efficiency and service-level breaches.
//!
//! Stated rules:
//!
//! - An item **starts** at its first entry into an in-progress state.
//! - An item **completes** at its last entry into a completed state, and
//!   only if it is in a completed state now: a reopened item is not complete,
//!   and when it completes again the later time counts.
//! - **Lead time** = completion − creation; **cycle time** = completion −
//!   start. An item that went straight from to-do to done has a lead time
//!   but no cycle time.
//! - **Flow efficiency** = time in active in-progress states / time in all
//!   in-progress states, between start and completion, over completed items.
//! - Percentiles use the nearest-rank method on whole minutes.
//! - Days end at 23:59:59; WIP and cumulative flow count the state at the
//!   end of each day, and only items created by then.

use core::fmt;
use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate, NaiveDateTime, NaiveTime};

use crate::workflow::{Board, StateCategory};
use crate::{Error, ItemId, StateId};

/// Elapsed (wall-clock) time in whole minutes, as flow metrics measure it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(transparent))]
pub struct Elapsed(i64);

impl Elapsed {
    /// Minutes.
    #[must_use]
    pub const fn minutes(m: i64) -> Self {
        Elapsed(m)
    }

    /// The minutes.
    #[must_use]
    pub const fn as_minutes(self) -> i64 {
        self.0
    }

    /// Calendar days (24 h) as a float.
    #[must_use]
    pub fn as_days(self) -> f64 {
        self.0 as f64 / 1440.0
    }

    fn between(a: NaiveDateTime, b: NaiveDateTime) -> Self {
        Elapsed((b - a).num_minutes())
    }
}

impl fmt::Display for Elapsed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:.1}d", self.as_days())
    }
}

/// Nearest-rank percentiles of a sample.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub struct Percentiles {
    /// Sample size.
    pub count: usize,
    /// 50th percentile (median).
    pub p50: Elapsed,
    /// 85th percentile.
    pub p85: Elapsed,
    /// 95th percentile.
    pub p95: Elapsed,
    /// Largest value.
    pub max: Elapsed,
}

impl Percentiles {
    /// Percentiles of `values` (zeros for an empty sample).
    #[must_use]
    pub fn of(values: &[Elapsed]) -> Self {
        let mut v = values.to_vec();
        v.sort_unstable();
        let n = v.len();
        let at = |p: f64| crate::nearest_rank(&v, p).unwrap_or_default();
        Percentiles {
            count: n,
            p50: at(50.0),
            p85: at(85.0),
            p95: at(95.0),
            max: v.last().copied().unwrap_or_default(),
        }
    }
}

/// When an item was created, started and completed, and how long it was
/// active or waiting in between (see the module rules).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub struct ItemTimes {
    /// The item.
    pub item: ItemId,
    /// Created.
    pub created: NaiveDateTime,
    /// First entry into an in-progress state.
    pub started: Option<NaiveDateTime>,
    /// Last entry into a completed state, if it is completed now.
    pub completed: Option<NaiveDateTime>,
    /// Time in active in-progress states (to completion, or to `now`).
    pub active: Elapsed,
    /// Time in waiting in-progress states.
    pub waiting: Elapsed,
}

impl ItemTimes {
    /// Completion − creation.
    #[must_use]
    pub fn lead_time(&self) -> Option<Elapsed> {
        self.completed.map(|c| Elapsed::between(self.created, c))
    }

    /// Completion − start.
    #[must_use]
    pub fn cycle_time(&self) -> Option<Elapsed> {
        Some(Elapsed::between(self.started?, self.completed?))
    }
}

/// Which states count as completed (default: every state of the done group).
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub struct FlowOptions {
    /// Completed states.
    pub completed: Vec<StateId>,
}

impl FlowOptions {
    /// Every done-group state of the board's workflow counts as completed.
    #[must_use]
    pub fn for_board(board: &Board) -> Self {
        FlowOptions {
            completed: board
                .workflow()
                .states()
                .filter(|(_, s)| s.category == StateCategory::Done)
                .map(|(id, _)| id)
                .collect(),
        }
    }

    /// Leaves a state out of the completed ones (e.g. `cancelled`).
    #[must_use]
    pub fn without(mut self, state: StateId) -> Self {
        self.completed.retain(|&s| s != state);
        self
    }
}

/// Per-item times as of `now`.
///
/// # Complexity
///
/// O(I + H) for I items and H recorded status changes.
#[must_use]
pub fn item_times(board: &Board, options: &FlowOptions, now: NaiveDateTime) -> Vec<ItemTimes> {
    let wf = board.workflow();
    let in_progress = |s: StateId| {
        wf.state(s)
            .is_ok_and(|st| st.category == StateCategory::InProgress)
    };
    let waiting = |s: StateId| wf.state(s).is_ok_and(|st| st.waiting);
    board
        .items()
        .map(|(id, item)| {
            let h = item.history();
            let started = h.iter().find(|c| in_progress(c.to)).map(|c| c.at);
            let completed = if options.completed.contains(&item.state()) {
                h.iter()
                    .rev()
                    .find(|c| options.completed.contains(&c.to))
                    .map(|c| c.at)
            } else {
                None
            };
            let end = completed.unwrap_or(now);
            let (mut active, mut wait) = (0i64, 0i64);
            for (k, c) in h.iter().enumerate() {
                if !in_progress(c.to) {
                    continue;
                }
                let until = h.get(k + 1).map_or(now, |n| n.at).min(end);
                let m = (until - c.at).num_minutes().max(0);
                if waiting(c.to) {
                    wait += m;
                } else {
                    active += m;
                }
            }
            ItemTimes {
                item: id,
                created: item.created(),
                started,
                completed,
                active: Elapsed(active),
                waiting: Elapsed(wait),
            }
        })
        .collect()
}

/// A service-level expectation: cycle time within `within`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub struct ServiceLevel {
    /// The expected maximum cycle time.
    pub within: Elapsed,
}

impl ServiceLevel {
    /// Cycle time within `within`.
    #[must_use]
    pub const fn within(within: Elapsed) -> Self {
        ServiceLevel { within }
    }
}

/// An item breaching (or, still open, already past) the service level.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub struct Breach {
    /// The item.
    pub item: ItemId,
    /// Its cycle time (completed) or age (still in progress).
    pub elapsed: Elapsed,
    /// `true` when it is still in progress.
    pub open: bool,
}

/// Flow metrics over a window of days.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub struct FlowMetrics {
    /// Lead times of the items completed in the window.
    pub lead_time: Percentiles,
    /// Cycle times of the items completed in the window.
    pub cycle_time: Percentiles,
    /// Completions per day.
    pub throughput_daily: Vec<(NaiveDate, u32)>,
    /// Completions per ISO week `(year, week)`.
    pub throughput_weekly: Vec<((i32, u32), u32)>,
    /// Items in progress at the end of each day.
    pub wip_daily: Vec<(NaiveDate, u32)>,
    /// Age of every item in progress at `now` (since its start, if it
    /// started by `now`), oldest first.
    pub age: Vec<(ItemId, Elapsed)>,
    /// Cumulative flow: items per state (workflow order) at the end of each
    /// day.
    pub cfd: Vec<(NaiveDate, Vec<u32>)>,
    /// Active / (active + waiting) over the items completed in the window;
    /// `None` when they spent no time in progress.
    pub flow_efficiency: Option<f64>,
    /// Items over the service level: completed in the window with a longer
    /// cycle time, or in progress for longer already.
    pub breaches: Vec<Breach>,
}

fn end_of(d: NaiveDate) -> NaiveDateTime {
    d.and_time(NaiveTime::from_hms_opt(23, 59, 59).unwrap_or(NaiveTime::MIN))
}

/// Computes flow metrics for the days `from..=to`, as of `now`.
///
/// # Errors
///
/// [`Error::InvalidWindow`] when `to` is before `from`;
/// [`Error::InvalidInput`] for a window over 100,000 days.
///
/// # Complexity
///
/// O(I + H log H + D × S) for I items, H recorded status changes, D days in
/// the window (at most 100,000) and S workflow states; the cumulative flow
/// data is D × S numbers.
///
/// # Example
///
/// ```
/// use planwright_core::{Board, FlowOptions, WorkItem, Workflow, flow_metrics};
/// # let t = |d, h| planwright_core::chrono::NaiveDate::from_ymd_opt(2026, 3, d).unwrap().and_hms_opt(h, 0, 0).unwrap();
///
/// let mut b = Board::new("b", Workflow::kanban());
/// let i = b.add_item(WorkItem::new("A"), t(2, 9))?;
/// for (s, at) in [("ready", t(2, 10)), ("doing", t(3, 9)), ("review", t(4, 9)), ("done", t(5, 9))] {
///     b.move_item_to(i, s, at)?;
/// }
/// let m = flow_metrics(&b, t(2, 0).date(), t(6, 0).date(), t(6, 12), &FlowOptions::for_board(&b), None)?;
/// assert_eq!(m.lead_time.p50.as_days(), 3.0);
/// assert_eq!(m.cycle_time.p50.as_days(), 2.0);
/// assert_eq!(m.throughput_daily.iter().map(|d| d.1).sum::<u32>(), 1);
/// # Ok::<(), planwright_core::Error>(())
/// ```
pub fn flow_metrics(
    board: &Board,
    from: NaiveDate,
    to: NaiveDate,
    now: NaiveDateTime,
    options: &FlowOptions,
    sle: Option<ServiceLevel>,
) -> Result<FlowMetrics, Error> {
    if to < from {
        return Err(Error::InvalidWindow {
            context: "flow metrics",
            start: end_of(from),
            end: end_of(to),
        });
    }
    let days: Vec<NaiveDate> = from
        .iter_days()
        .take_while(|d| *d <= to)
        .take(100_001)
        .collect();
    if days.len() > 100_000 {
        return Err(Error::InvalidInput {
            item: "flow metrics".into(),
            what: "window",
            reason: "more than 100,000 days".into(),
        });
    }
    let times = item_times(board, options, now);
    let in_window = |t: &NaiveDateTime| t.date() >= from && t.date() <= to;
    let done: Vec<&ItemTimes> = times
        .iter()
        .filter(|t| t.completed.as_ref().is_some_and(in_window))
        .collect();
    let lead: Vec<Elapsed> = done.iter().filter_map(|t| t.lead_time()).collect();
    let cycle: Vec<Elapsed> = done.iter().filter_map(|t| t.cycle_time()).collect();
    let mut daily: BTreeMap<NaiveDate, u32> = days.iter().map(|d| (*d, 0)).collect();
    let mut weekly: BTreeMap<(i32, u32), u32> = BTreeMap::new();
    for d in &days {
        let w = d.iso_week();
        weekly.entry((w.year(), w.week())).or_insert(0);
    }
    for t in &done {
        if let Some(c) = t.completed {
            *daily.entry(c.date()).or_insert(0) += 1;
            let w = c.date().iso_week();
            *weekly.entry((w.year(), w.week())).or_insert(0) += 1;
        }
    }
    let wf = board.workflow();
    let n_states = wf.states().len();
    // Cumulative flow by an event sweep: each recorded change moves one
    // item between states from the day it happened (changes before the
    // window count from its first day), so the cost is O(H log H + D × S)
    // for H changes, D days and S states, not days × changes.
    let mut changes: Vec<(usize, Option<StateId>, StateId)> = Vec::new();
    for (_, item) in board.items() {
        for c in item.history() {
            if c.at.date() > to {
                break;
            }
            let day = usize::try_from((c.at.date() - from).num_days()).unwrap_or(0);
            changes.push((day, c.from, c.to));
        }
    }
    changes.sort_by_key(|c| c.0);
    let in_progress: Vec<bool> = wf
        .states()
        .map(|(_, s)| s.category == StateCategory::InProgress)
        .collect();
    let mut counts = vec![0i64; n_states];
    let mut next = 0;
    let mut cfd = Vec::with_capacity(days.len());
    let mut wip_daily = Vec::with_capacity(days.len());
    for (k, d) in days.iter().enumerate() {
        while next < changes.len() && changes[next].0 <= k {
            let (_, from_state, to_state) = changes[next];
            if let Some(f) = from_state.and_then(|f| counts.get_mut(f.index())) {
                *f -= 1;
            }
            if let Some(t) = counts.get_mut(to_state.index()) {
                *t += 1;
            }
            next += 1;
        }
        let row: Vec<u32> = counts
            .iter()
            .map(|&c| u32::try_from(c.max(0)).unwrap_or(u32::MAX))
            .collect();
        let wip = row
            .iter()
            .zip(&in_progress)
            .filter(|(_, ip)| **ip)
            .map(|(c, _)| *c)
            .sum();
        wip_daily.push((*d, wip));
        cfd.push((*d, row));
    }
    let mut age: Vec<(ItemId, Elapsed)> = times
        .iter()
        .filter(|t| {
            t.completed.is_none()
                && board
                    .item(t.item)
                    .and_then(|i| wf.state(i.state()).ok())
                    .is_some_and(|s| s.category == StateCategory::InProgress)
        })
        .filter_map(|t| {
            t.started
                .filter(|s| *s <= now)
                .map(|s| (t.item, Elapsed::between(s, now)))
        })
        .collect();
    age.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    let (act, wait): (i64, i64) = done
        .iter()
        .fold((0, 0), |(a, w), t| (a + t.active.0, w + t.waiting.0));
    let flow_efficiency = (act + wait > 0).then(|| act as f64 / (act + wait) as f64);
    let mut breaches = Vec::new();
    if let Some(sle) = sle {
        for t in &done {
            if let Some(c) = t.cycle_time() {
                if c > sle.within {
                    breaches.push(Breach {
                        item: t.item,
                        elapsed: c,
                        open: false,
                    });
                }
            }
        }
        for &(item, a) in &age {
            if a > sle.within {
                breaches.push(Breach {
                    item,
                    elapsed: a,
                    open: true,
                });
            }
        }
    }
    Ok(FlowMetrics {
        lead_time: Percentiles::of(&lead),
        cycle_time: Percentiles::of(&cycle),
        throughput_daily: daily
            .into_iter()
            .filter(|(d, _)| *d >= from && *d <= to)
            .collect(),
        throughput_weekly: weekly.into_iter().collect(),
        wip_daily,
        age,
        cfd,
        flow_efficiency,
        breaches,
    })
}
