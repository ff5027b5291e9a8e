//! What leveling reports: over-allocations, histograms, and the rows with
//! the reason each task moved.

use chrono::Datelike;
use planwright_core::{Duration, Project, ResourceId};

use super::model::{Model, Placement};
use super::{DelayReason, Histogram, LeveledTask, OverAllocation, Unresolvable, Usage};

pub(super) fn over_allocations(
    model: &mut Model<'_>,
    placed: &[Placement],
    used: &[Vec<i64>],
) -> Vec<OverAllocation> {
    let mut out = Vec::new();
    for (r, row) in used.iter().enumerate() {
        if !model.leveled[r] {
            continue;
        }
        for (day, &booked) in row.iter().enumerate() {
            if booked == 0 || !model.in_range(day) {
                continue;
            }
            let cap = model.capacity(r, day);
            if booked > cap {
                // Each booked task's load that day, bp·min.
                let load: Vec<(usize, i64)> = (0..placed.len())
                    .filter_map(|a| {
                        let bp = model.acts[a]
                            .demands
                            .iter()
                            .filter(|&&(rr, _)| rr == r)
                            .map(|&(_, q)| q)
                            .sum::<i64>();
                        let m: i64 = placed[a]
                            .days
                            .iter()
                            .filter(|&&(d, _)| d == day)
                            .map(|&(_, m)| m)
                            .sum();
                        (bp > 0 && m > 0).then_some((a, bp * m))
                    })
                    .collect();
                let units = |a: usize| {
                    model.acts[a]
                        .demands
                        .iter()
                        .filter(|&&(rr, _)| rr == r)
                        .map(|&(_, q)| q)
                        .sum::<i64>()
                };
                let cause = if let Some(&(a, _)) =
                    load.iter().find(|&&(a, _)| units(a) > model.res_cap[r])
                {
                    Unresolvable::UnitsAboveCapacity {
                        task: model.acts[a].key.clone(),
                    }
                } else if let Some(&(a, _)) = load.iter().find(|&&(_, l)| l > cap) {
                    Unresolvable::CalendarMismatch {
                        task: model.acts[a].key.clone(),
                    }
                } else if load.iter().all(|&(a, _)| {
                    model.acts[a].fixed
                        || model.acts[a].never_delay
                        || !model.in_range(placed[a].days.first().map_or(day, |d| d.0))
                }) {
                    Unresolvable::Immovable
                } else if model.within_float {
                    Unresolvable::NoFloat
                } else {
                    Unresolvable::Unresolved
                };
                let mut tasks: Vec<String> = load
                    .iter()
                    .map(|&(a, _)| model.acts[a].key.clone())
                    .collect();
                tasks.sort();
                out.push(OverAllocation {
                    resource: model.res_key[r].clone(),
                    date: model.date(day),
                    booked_minutes: booked / 10_000,
                    capacity_minutes: cap / 10_000,
                    tasks,
                    cause,
                });
            }
        }
    }
    out
}

pub(super) fn histograms(
    model: &mut Model<'_>,
    project: &Project,
    before: &[Vec<i64>],
    after: &[Vec<i64>],
) -> Vec<Histogram> {
    let res: Vec<(ResourceId, &planwright_core::Resource)> = project.resources().collect();
    let hours = |v: i64| v as f64 / 600_000.0;
    let mut out = Vec::with_capacity(res.len());
    for (r, (id, resource)) in res.iter().enumerate() {
        let last = before[r].len().max(after[r].len());
        let first = (0..last)
            .find(|&d| {
                before[r].get(d).copied().unwrap_or(0) > 0
                    || after[r].get(d).copied().unwrap_or(0) > 0
            })
            .unwrap_or(last);
        let mut days = Vec::new();
        for d in first..last {
            days.push(Usage {
                date: model.date(d),
                capacity: hours(model.capacity(r, d)),
                before: hours(before[r].get(d).copied().unwrap_or(0)),
                after: hours(after[r].get(d).copied().unwrap_or(0)),
            });
        }
        let mut weeks: Vec<Usage> = Vec::new();
        for u in &days {
            let monday =
                u.date - chrono::Duration::days(i64::from(u.date.weekday().num_days_from_monday()));
            match weeks.last_mut() {
                Some(w) if w.date == monday => {
                    w.capacity += u.capacity;
                    w.before += u.before;
                    w.after += u.after;
                }
                _ => weeks.push(Usage { date: monday, ..*u }),
            }
        }
        out.push(Histogram {
            resource: *id,
            key: resource.key.clone(),
            days,
            weeks,
        });
    }
    out
}

/// The result rows: every leaf task and milestone with its dates, delay,
/// parts and the reason it moved.
pub(super) fn rows(
    model: &Model<'_>,
    placed: &[Placement],
    conflicts: &[Option<(usize, usize)>],
) -> Vec<LeveledTask> {
    let mut tasks = Vec::new();
    for (a, act) in model.acts.iter().enumerate() {
        let Some(task) = act.task else { continue };
        let p = &placed[a];
        let c = model.cals[act.cal];
        let delay = c.work_between(act.original.0, p.start);
        let reason = match conflicts[a] {
            Some((r, day)) if delay > Duration::ZERO => {
                let mut who: Vec<String> = (0..placed.len())
                    .filter(|&b| {
                        b != a
                            && model.acts[b].demands.iter().any(|&(rr, _)| rr == r)
                            && placed[b].days.iter().any(|&(d, _)| d == day)
                    })
                    .map(|b| model.acts[b].key.clone())
                    .collect();
                who.sort();
                Some(DelayReason {
                    resource: model.res_key[r].clone(),
                    date: model.date(day),
                    yielded_to: who,
                })
            }
            _ => None,
        };
        // Moved without a conflict of its own: the predecessor whose link
        // sets the leveled start pushed it.
        let pushed_by = if delay > Duration::ZERO && reason.is_none() {
            act.preds
                .iter()
                .filter(|&&(q, kind, lag)| {
                    model
                        .bound_from(a, kind, lag, &placed[q])
                        .is_ok_and(|b| b >= p.start)
                })
                .map(|&(q, _, _)| q)
                .max_by_key(|&q| {
                    (
                        placed[q].start > model.acts[q].original.0,
                        std::cmp::Reverse(q),
                    )
                })
                .map(|q| model.acts[q].key.clone())
        } else {
            None
        };
        tasks.push(LeveledTask {
            task,
            key: act.key.clone(),
            pushed_by,
            original_start: act.original.0,
            original_finish: act.original.1,
            start: p.start,
            finish: if act.dur == 0 && act.fixed {
                act.original.1
            } else {
                p.finish
            },
            delay,
            parts: p.parts.clone(),
            reason,
        });
    }
    tasks
}
