//! Minimum-moment smoothing within float.

use super::model::{Model, Placement, book};
use crate::Error;

/// Minimum-moment smoothing within float: move tasks (latest first) to the
/// feasible position with the least sum of squared daily usage.
pub(super) fn smooth(
    model: &mut Model<'_>,
    placed: &mut [Placement],
    used: &mut [Vec<i64>],
) -> Result<(), Error> {
    let n = placed.len();
    let mut order: Vec<usize> = (0..n)
        .filter(|&a| {
            let act = &model.acts[a];
            !act.fixed
                && !act.never_delay
                && act.dur > 0
                && !act.demands.is_empty()
                && placed[a].parts.is_empty()
        })
        .collect();
    order.sort_by(|&x, &y| placed[y].start.cmp(&placed[x].start).then(x.cmp(&y)));
    // Cost of a booking: squares of daily usage in hours at full units.
    let sq = |v: i64| {
        let h = v as f64 / 600_000.0;
        h * h
    };
    for _pass in 0..3 {
        let mut improved = false;
        for &a in &order {
            let current = placed[a].clone();
            let est = model.earliest(a, |i| placed.get(i))?;
            let lst = model.latest(a, |i| placed.get(i))?.min(model.acts[a].ls);
            if lst <= est {
                continue;
            }
            book(used, &model.acts[a], &current, -1);
            let moment = |model: &Model<'_>, p: &Placement, used: &[Vec<i64>]| -> f64 {
                let mut m = 0.0;
                for &(r, bp) in &model.acts[a].demands {
                    for &(day, mins) in &p.days {
                        let base = used[r].get(day).copied().unwrap_or(0);
                        m += sq(base + bp * mins) - sq(base);
                    }
                }
                m
            };
            let mut best = (moment(model, &current, used), current.clone());
            let mut start = est;
            let mut steps = 0;
            while start <= lst && steps < 400 {
                steps += 1;
                let candidate = if start == current.start {
                    None
                } else {
                    model.contiguous_checked(a, start, Some(used))?
                };
                if let Some(p) = candidate {
                    let m = moment(model, &p, used);
                    if m < best.0 - 1e-9 {
                        best = (m, p);
                    }
                }
                start = model.next_day_start(a, start)?;
            }
            if best.1 != current {
                improved = true;
            }
            book(used, &model.acts[a], &best.1, 1);
            placed[a] = best.1;
        }
        if !improved {
            break;
        }
    }
    Ok(())
}
