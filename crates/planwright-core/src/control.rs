//! Project control: earned value of a project at its status date, per
//! task, rolled up the WBS, for the project, and as a period series (the
//! rules are on [`earned_value`]).

use std::collections::BTreeMap;

use chrono::{Datelike, Days, NaiveDate, NaiveDateTime, NaiveTime};

use crate::evm::daily_spread;
use crate::{
    BaselineId, Entity, Error, EvmStatus, Measurement, Money, PlannedValue, Project, TaskId, Units,
    evm_status,
};

/// Which percent complete earns value.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub enum EarnedBy {
    /// The duration percent complete (`Progress::percent_complete`).
    #[default]
    DurationPercent,
    /// The physical percent complete where a task reports one
    /// (`Progress::physical_percent`), else its duration percent.
    PhysicalPercent,
}

/// The period of an earned-value series.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub enum Period {
    /// Weeks ending on Sunday.
    #[default]
    Week,
    /// Calendar months.
    Month,
}

/// Options of [`earned_value`].
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(default))]
#[non_exhaustive]
pub struct EvmOptions {
    /// The baseline planned value comes from (`None`: the most recent).
    pub baseline: Option<BaselineId>,
    /// The status date (`None`: the project's).
    pub status_date: Option<NaiveDateTime>,
    /// Which percent complete earns value.
    pub earned_by: EarnedBy,
    /// The period of the series.
    pub period: Period,
}

impl EvmOptions {
    /// The defaults: the latest baseline, the project's status date,
    /// duration percent complete, weekly series.
    #[must_use]
    pub fn new() -> Self {
        EvmOptions::default()
    }

    /// Uses this baseline.
    #[must_use]
    pub fn baseline(mut self, id: BaselineId) -> Self {
        self.baseline = Some(id);
        self
    }

    /// Uses this status date instead of the project's.
    #[must_use]
    pub fn status_date(mut self, at: NaiveDateTime) -> Self {
        self.status_date = Some(at);
        self
    }

    /// Earns value by this percent complete.
    #[must_use]
    pub fn earned_by(mut self, by: EarnedBy) -> Self {
        self.earned_by = by;
        self
    }

    /// Reports the series by this period.
    #[must_use]
    pub fn period(mut self, period: Period) -> Self {
        self.period = period;
        self
    }
}

impl From<EarnedBy> for EvmOptions {
    fn from(by: EarnedBy) -> Self {
        EvmOptions::new().earned_by(by)
    }
}

/// Earned value of one task (or, rolled up, of a summary task).
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub struct TaskEvm {
    /// The task.
    pub task: TaskId,
    /// Its key.
    pub key: String,
    /// `true` for a summary task: the sums of the tasks under it.
    pub summary: bool,
    /// Budget at completion (its baseline cost).
    pub bac: Money,
    /// Planned value at the status date.
    pub pv: Money,
    /// Earned value.
    pub ev: Money,
    /// Actual cost.
    pub ac: Money,
    /// Cost variance EV − AC.
    pub cv: Money,
    /// Schedule variance EV − PV.
    pub sv: Money,
    /// EV / AC (`None` when AC is 0).
    pub cpi: Option<f64>,
    /// EV / PV (`None` when PV is 0).
    pub spi: Option<f64>,
    /// The actual cost was assumed (planned cost × percent complete): the
    /// task started but reported no actual cost or work.
    pub assumed_actual: bool,
}

/// One period of an earned-value series (the S-curves).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub struct EvmPoint {
    /// The period's last day (or the status date).
    pub date: NaiveDate,
    /// Planned value at the end of the day.
    pub pv: Money,
    /// Earned value at the end of the day; `None` after the status date.
    pub ev: Option<Money>,
    /// Actual cost at the end of the day; `None` after the status date.
    pub ac: Option<Money>,
}

/// Earned value of a project at its status date (see [`earned_value`]).
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub struct ProjectEvm {
    /// The status date used.
    pub status_date: NaiveDateTime,
    /// The baseline used.
    pub baseline: BaselineId,
    /// The project's metrics (every EVM and earned-schedule measure).
    pub status: EvmStatus,
    /// Every task in id order (summaries rolled up from the tasks under
    /// them).
    pub tasks: Vec<TaskEvm>,
    /// The series by period.
    pub series: Vec<EvmPoint>,
    /// The baseline's planned-value curve.
    pub planned_value: PlannedValue,
}

impl ProjectEvm {
    /// The row of a task.
    #[must_use]
    pub fn task(&self, id: TaskId) -> Option<&TaskEvm> {
        self.tasks.get(id.index())
    }
}

/// Earned value of `project` at its status date (or the options'):
/// planned value from a baseline, earned value from progress, actual cost
/// from actuals — per task, rolled up the WBS, for the project (with earned
/// schedule), and as a series by period.
///
/// The rules, stated once:
///
/// - **Planned value** comes from a [`Baseline`](crate::Baseline) (the most
///   recent one unless another is chosen): each entry's cost spread over its
///   working time on the project calendar, day by day (the rule of
///   [`PlannedValue::from_baseline`]), counted to the end of the status
///   date's day. A task's budget at completion is its baseline cost.
/// - **Earned value** is the budget at completion × percent complete:
///   duration percent by default, physical percent when chosen
///   ([`EarnedBy`]) and reported (else the duration percent). A finished
///   task has earned its whole budget.
/// - **Actual cost**: the task's reported `actual_cost`; else the sum over
///   its assignments of their actual cost, or actual work at the resource's
///   rate, plus the fixed cost in proportion to percent complete; else, for
///   a started task that reported nothing, its planned cost × percent
///   complete — an assumption (CPI = 1 for that task) flagged in
///   [`TaskEvm::assumed_actual`]. A task not started has cost nothing.
/// - **Series**: planned value at every period end (week: Sunday; month: its
///   last day) over the baseline and up to the status date; earned value and
///   actual cost up to the status date only, each task's spread linearly over
///   its actual working time (actual start to actual finish, or to the
///   status date).
///
/// ```
/// use planwright_core::chrono::NaiveDate;
/// use planwright_core::{Baseline, BaselineEntry, Duration, EvmOptions, Money, Progress, Project, Task, earned_value};
///
/// let at = |d: u32, h: u32| NaiveDate::from_ymd_opt(2026, 3, d).unwrap().and_hms_opt(h, 0, 0).unwrap();
/// let mut p = Project::new("p");
/// p.set_start(at(2, 8)); // a Monday
/// let a = p.add_task(Task::new("a").duration(Duration::days(5)))?;
/// // The approved plan: a runs all week for 1,000.
/// p.add_baseline(Baseline::new("approved", at(2, 8))
///     .entry(a, BaselineEntry::new(at(2, 8), at(6, 17), Duration::days(5), Money::major(1_000))))?;
/// // Wednesday evening: 40 % done for 500 spent.
/// p.update_task(a, |t| t.progress = Progress::started(at(2, 8), 40).actual_cost(Money::major(500)))?;
/// p.set_status_date(Some(at(4, 17)))?;
/// let evm = earned_value(&p, EvmOptions::new())?;
/// assert_eq!(evm.status.pv, Money::major(600)); // 3 of 5 days
/// assert_eq!(evm.status.ev, Money::major(400));
/// assert_eq!(evm.status.ac, Money::major(500));
/// assert_eq!(evm.status.cpi, Some(0.8));
/// # Ok::<(), planwright_core::Error>(())
/// ```
///
/// # Errors
///
/// [`Error::Missing`] when there is no status date or no baseline;
/// [`Error::UnknownId`] for a baseline the project did not issue;
/// [`Error::InvalidInput`] / [`Error::DateOutOfRange`] as
/// [`PlannedValue::from_baseline`]; [`Error::Overflow`] when a cost leaves
/// [`Money`]'s range.
///
/// # Complexity
///
/// O(Σ days spanned by each baseline entry + n × (periods + k)) for n tasks
/// and k calendar exceptions on the way; memory O(n + days spanned).
pub fn earned_value(
    project: &Project,
    options: impl Into<EvmOptions>,
) -> Result<ProjectEvm, Error> {
    let opt = options.into();
    let status_date = opt
        .status_date
        .or(project.status_date())
        .ok_or_else(|| Error::Missing {
            item: project.name().to_owned(),
            what: "status date",
        })?;
    let baseline_id = match opt.baseline {
        Some(id) => id,
        None => project
            .baselines()
            .next_back()
            .map(|(id, _)| id)
            .ok_or_else(|| Error::Missing {
                item: project.name().to_owned(),
                what: "baseline",
            })?,
    };
    let baseline = project.baseline(baseline_id).ok_or(Error::UnknownId {
        entity: Entity::Baseline,
        id: baseline_id.get(),
    })?;
    let planned_value = PlannedValue::from_baseline(project, baseline)?;
    let day = status_date.date();
    let cal = project.project_calendar();

    // Leaf tasks.
    let n = project.task_count();
    let mut rows: Vec<TaskEvm> = Vec::with_capacity(n);
    let mut spreads: Vec<Vec<(NaiveDate, i128)>> = vec![Vec::new(); n];
    for (id, t) in project.tasks() {
        let entry = baseline.entries.get(&id);
        let bac = entry.map_or(Money::ZERO, |e| e.cost);
        let pv = match entry {
            Some(e) => {
                let s = daily_spread(cal, e.start, e.finish, e.cost)?;
                let pv: i128 = s.iter().filter(|x| x.0 <= day).map(|x| x.1).sum();
                spreads[id.index()] = s;
                money(pv, &t.key)?
            }
            None => Money::ZERO,
        };
        let percent = if t.progress.is_finished() {
            100
        } else {
            match opt.earned_by {
                EarnedBy::PhysicalPercent => t
                    .progress
                    .physical_percent
                    .unwrap_or(t.progress.percent_complete),
                _ => t.progress.percent_complete,
            }
        };
        let ev = share(bac, percent, &t.key)?;
        let (ac, assumed_actual) = actual_cost(project, id)?;
        rows.push(row(id, &t.key, false, bac, pv, ev, ac, assumed_actual));
    }
    roll_up(project, &mut rows)?;

    let (mut ev, mut ac) = (Money::ZERO, Money::ZERO);
    for ((_, t), r) in project.tasks().zip(&rows) {
        if !t.is_summary() {
            ev = add(ev, r.ev, "earned value")?;
            ac = add(ac, r.ac, "actual cost")?;
        }
    }
    let status = evm_status(&planned_value, Measurement::new(day, ev, ac))?;
    let series = series(project, &planned_value, &rows, status_date, opt.period)?;
    Ok(ProjectEvm {
        status_date,
        baseline: baseline_id,
        status,
        tasks: rows,
        series,
        planned_value,
    })
}

#[allow(clippy::too_many_arguments)] // a row is these numbers
fn row(
    task: TaskId,
    key: &str,
    summary: bool,
    bac: Money,
    pv: Money,
    ev: Money,
    ac: Money,
    assumed_actual: bool,
) -> TaskEvm {
    let ratio = |a: Money, b: Money| {
        (b.minor_units() != 0).then(|| a.minor_units() as f64 / b.minor_units() as f64)
    };
    TaskEvm {
        task,
        key: key.to_owned(),
        summary,
        bac,
        pv,
        ev,
        ac,
        cv: Money::minor(ev.minor_units().saturating_sub(ac.minor_units())),
        sv: Money::minor(ev.minor_units().saturating_sub(pv.minor_units())),
        cpi: ratio(ev, ac),
        spi: ratio(ev, pv),
        assumed_actual,
    }
}

fn money(v: i128, item: &str) -> Result<Money, Error> {
    i64::try_from(v)
        .map(Money::minor)
        .map_err(|_| Error::Overflow {
            item: item.to_owned(),
            what: "cost",
        })
}

fn add(a: Money, b: Money, what: &'static str) -> Result<Money, Error> {
    a.checked_add(b).ok_or(Error::Overflow {
        item: "project".into(),
        what,
    })
}

/// `amount × percent / 100`, rounded to the nearest minor unit.
fn share(amount: Money, percent: u8, item: &str) -> Result<Money, Error> {
    let v = i128::from(amount.minor_units()) * i128::from(percent);
    money((v + 50).div_euclid(100), item)
}

/// A task's actual cost by the module rule, and whether it was assumed.
fn actual_cost(project: &Project, id: TaskId) -> Result<(Money, bool), Error> {
    let Some(t) = project.task(id) else {
        return Ok((Money::ZERO, false));
    };
    if t.is_summary() {
        return Ok((Money::ZERO, false));
    }
    if let Some(c) = t.progress.actual_cost {
        return Ok((c, false));
    }
    let reported = t
        .assignments
        .iter()
        .any(|a| a.actual_cost.is_some() || a.actual_work.is_some());
    let percent = if t.progress.is_finished() {
        100
    } else {
        t.progress.percent_complete
    };
    if reported {
        let mut total = share(t.fixed_cost, percent, &t.key)?;
        for a in &t.assignments {
            let c = match (a.actual_cost, a.actual_work) {
                (Some(c), _) => c,
                (None, Some(w)) => {
                    let rate = project.resource(a.resource).map_or(Money::ZERO, |r| r.rate);
                    rate.for_work(w, Units::FULL).ok_or(Error::Overflow {
                        item: t.key.clone(),
                        what: "actual cost",
                    })?
                }
                (None, None) => Money::ZERO,
            };
            total = total.checked_add(c).ok_or(Error::Overflow {
                item: t.key.clone(),
                what: "actual cost",
            })?;
        }
        return Ok((total, false));
    }
    if t.progress.is_started() {
        // Flagged only where there is something to assume (not for a
        // milestone or a task without cost).
        let assumed = share(project.task_cost(t)?, percent, &t.key)?;
        return Ok((assumed, assumed != Money::ZERO));
    }
    Ok((Money::ZERO, false))
}

/// Summaries: the sums of the rows under them, children before parents.
fn roll_up(project: &Project, rows: &mut [TaskEvm]) -> Result<(), Error> {
    // Depth of each task, so deeper summaries are summed first.
    let n = rows.len();
    let mut depth = vec![0usize; n];
    for (id, _) in project.tasks() {
        let mut d = 0;
        let mut cur = project.task(id).and_then(|t| t.parent);
        while let Some(p) = cur {
            d += 1;
            if d > n {
                break;
            }
            cur = project.task(p).and_then(|t| t.parent);
        }
        depth[id.index()] = d;
    }
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by_key(|&i| core::cmp::Reverse(depth[i]));
    let mut sums: BTreeMap<usize, [i128; 4]> = BTreeMap::new();
    for i in order {
        let Some(t) = project.task(TaskId::new(i as u32)) else {
            continue;
        };
        if t.is_summary() {
            let s = sums.get(&i).copied().unwrap_or_default();
            let key = t.key.clone();
            rows[i] = row(
                TaskId::new(i as u32),
                &key,
                true,
                money(s[0], &key)?,
                money(s[1], &key)?,
                money(s[2], &key)?,
                money(s[3], &key)?,
                false,
            );
        }
        if let Some(p) = t.parent {
            let r = &rows[i];
            let e = sums.entry(p.index()).or_default();
            e[0] += i128::from(r.bac.minor_units());
            e[1] += i128::from(r.pv.minor_units());
            e[2] += i128::from(r.ev.minor_units());
            e[3] += i128::from(r.ac.minor_units());
        }
    }
    Ok(())
}

/// The period ends from `first` through `last`, then `status` if it is not
/// one of them.
fn period_ends(first: NaiveDate, last: NaiveDate, period: Period) -> Vec<NaiveDate> {
    let mut out = Vec::new();
    let mut d = first;
    while d <= last && out.len() <= 100_000 {
        let end = match period {
            Period::Month => {
                let next_month = if d.month() == 12 {
                    NaiveDate::from_ymd_opt(d.year() + 1, 1, 1)
                } else {
                    NaiveDate::from_ymd_opt(d.year(), d.month() + 1, 1)
                };
                next_month.and_then(|m| m.pred_opt())
            }
            _ => d.checked_add_days(Days::new(u64::from(6 - d.weekday().num_days_from_monday()))),
        };
        let Some(end) = end else { break };
        out.push(end);
        let Some(next) = end.succ_opt() else { break };
        d = next;
    }
    out
}

/// The series: planned value at every period end, earned value and actual
/// cost up to the status date (each task's spread linearly over its actual
/// working time).
fn series(
    project: &Project,
    pv: &PlannedValue,
    rows: &[TaskEvm],
    status_date: NaiveDateTime,
    period: Period,
) -> Result<Vec<EvmPoint>, Error> {
    let day = status_date.date();
    let first = pv.start().min(day);
    let last = pv.points().last().map_or(day, |p| p.0).max(day);
    let mut dates = period_ends(first, last, period);
    if !dates.contains(&day) {
        dates.push(day);
        dates.sort_unstable();
    }
    let cal = project.project_calendar();
    let end_of = |d: NaiveDate| {
        d.succ_opt()
            .map_or(d.and_time(NaiveTime::MIN), |n| n.and_time(NaiveTime::MIN))
    };
    let mut out = Vec::with_capacity(dates.len());
    for d in dates {
        let (ev, ac) = if d <= day {
            let cut = end_of(d).min(status_date);
            let mut ev = 0i128;
            let mut ac = 0i128;
            for ((_, t), r) in project.tasks().zip(rows) {
                if t.is_summary() {
                    continue;
                }
                let Some(s) = t.progress.actual_start else {
                    continue;
                };
                let e = t.progress.actual_finish.unwrap_or(status_date);
                let total = cal.work_between(s, e).as_minutes();
                let done = if cut >= e {
                    1.0
                } else if cut <= s {
                    0.0
                } else if total > 0 {
                    cal.work_between(s, cut).as_minutes() as f64 / total as f64
                } else {
                    1.0
                };
                ev += (r.ev.minor_units() as f64 * done).round() as i128;
                ac += (r.ac.minor_units() as f64 * done).round() as i128;
            }
            (Some(money(ev, "project")?), Some(money(ac, "project")?))
        } else {
            (None, None)
        };
        out.push(EvmPoint {
            date: d,
            pv: pv.at(d),
            ev,
            ac,
        });
    }
    Ok(out)
}
