//! Earned value management and earned schedule.
//!
//! Units: money in [`Money`]; schedule quantities (ES, AT, PD, SV(t),
//! IEAC(t)) in days since the start of the planned-value curve's first day,
//! status dates counted to the end of the day. Ratios that would divide by
//! zero are `None`, never NaN or infinity.

use chrono::NaiveDate;

use crate::{Baseline, Error, Money, Project};

/// A time-phased planned-value curve: cumulative planned value at the end
/// of each date, dates strictly increasing, values never decreasing. The
/// curve starts at zero at the beginning of its first date.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(
    feature = "serde",
    serde(try_from = "Vec<(NaiveDate, Money)>", into = "Vec<(NaiveDate, Money)>")
)]
pub struct PlannedValue {
    points: Vec<(NaiveDate, Money)>,
}

impl TryFrom<Vec<(NaiveDate, Money)>> for PlannedValue {
    type Error = Error;
    fn try_from(points: Vec<(NaiveDate, Money)>) -> Result<Self, Error> {
        PlannedValue::new(points)
    }
}

impl From<PlannedValue> for Vec<(NaiveDate, Money)> {
    fn from(p: PlannedValue) -> Self {
        p.points
    }
}

fn bad(what: &'static str, reason: impl Into<String>) -> Error {
    Error::InvalidInput {
        item: "planned value".into(),
        what,
        reason: reason.into(),
    }
}

impl PlannedValue {
    /// A curve from cumulative points.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidInput`] for no points, dates that do not increase,
    /// negative values, or values that decrease.
    pub fn new(points: Vec<(NaiveDate, Money)>) -> Result<Self, Error> {
        if points.is_empty() {
            return Err(bad("curve", "it has no points"));
        }
        for w in points.windows(2) {
            if w[1].0 <= w[0].0 {
                return Err(bad(
                    "curve",
                    format!("dates must increase ({} after {})", w[1].0, w[0].0),
                ));
            }
            if w[1].1 < w[0].1 {
                return Err(bad(
                    "curve",
                    format!("cumulative value decreases on {}", w[1].0),
                ));
            }
        }
        if points[0].1 < Money::ZERO {
            return Err(bad("curve", "values must not be negative"));
        }
        Ok(PlannedValue { points })
    }

    /// The planned-value curve of a baseline: each task's planned cost spread
    /// evenly over its working time on the project calendar (a milestone's
    /// cost falls on its date), accumulated per day from the earliest start to
    /// the latest finish. The last point equals the baseline's budget at
    /// completion exactly.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidInput`] for an empty baseline or an entry finishing
    /// before it starts; [`Error::DateOutOfRange`] at chrono's limits.
    ///
    /// # Complexity
    ///
    /// O(Σ days spanned by each entry × k) calendar work for k exceptions on
    /// the way, and O(D) memory for the D days the baseline spans (at most
    /// 200,000).
    pub fn from_baseline(project: &Project, baseline: &Baseline) -> Result<Self, Error> {
        let cal = project.project_calendar();
        let first = baseline
            .entries
            .values()
            .map(|e| e.start.date())
            .min()
            .ok_or_else(|| bad("baseline", "it has no entries"))?;
        let last = baseline
            .entries
            .values()
            .map(|e| e.finish.date())
            .max()
            .unwrap_or(first);
        let n = usize::try_from((last - first).num_days() + 1).unwrap_or(0);
        if n > 200_000 {
            return Err(bad("baseline", "it spans more than 200,000 days"));
        }
        let mut per_day = vec![0i128; n];
        for (task, e) in &baseline.entries {
            if e.finish < e.start {
                return Err(Error::InvalidInput {
                    item: format!("task {task}"),
                    what: "baseline entry",
                    reason: "it finishes before it starts".into(),
                });
            }
            let idx = |d: NaiveDate| (d - first).num_days() as usize;
            for (day, share) in daily_spread(cal, e.start, e.finish, e.cost)? {
                per_day[idx(day)] += share;
            }
        }
        let mut points = Vec::with_capacity(n);
        let mut acc = 0i128;
        for (k, v) in per_day.into_iter().enumerate() {
            acc += v;
            let d = first + chrono::Duration::days(k as i64);
            points.push((d, Money::minor(i64::try_from(acc).unwrap_or(i64::MAX))));
        }
        PlannedValue::new(points)
    }

    /// The points.
    #[must_use]
    pub fn points(&self) -> &[(NaiveDate, Money)] {
        &self.points
    }

    /// Budget at completion: the last cumulative value.
    #[must_use]
    pub fn bac(&self) -> Money {
        self.points.last().map_or(Money::ZERO, |p| p.1)
    }

    /// The curve's first date.
    #[must_use]
    pub fn start(&self) -> NaiveDate {
        self.points[0].0
    }

    /// Days from the curve's start to the end of `date`.
    #[must_use]
    pub fn days_to(&self, date: NaiveDate) -> f64 {
        ((date - self.start()).num_days() + 1) as f64
    }

    /// Planned value at the end of `date` (0 before the curve, BAC after).
    #[must_use]
    pub fn at(&self, date: NaiveDate) -> Money {
        match self.points.iter().rposition(|p| p.0 <= date) {
            Some(i) => self.points[i].1,
            None => Money::ZERO,
        }
    }

    /// Planned duration: days until the curve first reaches BAC.
    #[must_use]
    pub fn planned_duration(&self) -> f64 {
        let bac = self.bac();
        let d = self
            .points
            .iter()
            .find(|p| p.1 >= bac)
            .map_or(self.start(), |p| p.0);
        self.days_to(d)
    }

    /// Earned schedule for earned value `ev`: the time at which the plan
    /// expected `ev`, interpolating linearly inside the day where the curve
    /// passes it (Lipke). `ev` at or above BAC gives the planned duration.
    #[must_use]
    pub fn earned_schedule(&self, ev: Money) -> f64 {
        if ev >= self.bac() {
            return self.planned_duration();
        }
        // Points as (time at end of day, value), with (0, 0) first.
        let mut prev = (0.0f64, 0i64);
        for &(d, v) in &self.points {
            let t = self.days_to(d);
            if v.minor_units() > ev.minor_units() {
                let span = (v.minor_units() - prev.1) as f64;
                let frac = if span > 0.0 {
                    (ev.minor_units() - prev.1) as f64 / span
                } else {
                    0.0
                };
                return prev.0 + frac * (t - prev.0);
            }
            prev = (t, v.minor_units());
        }
        self.planned_duration()
    }
}

/// A planned cost spread over `[start, finish]`: each day's share in
/// proportion to its working minutes on `cal` (rounded down), the rounding
/// remainder on the last working day so the shares add up exactly; a span
/// without working time puts the whole cost on its first day. The one
/// spreading rule of planned value, per project and per task.
pub(crate) fn daily_spread(
    cal: &crate::Calendar,
    start: chrono::NaiveDateTime,
    finish: chrono::NaiveDateTime,
    cost: Money,
) -> Result<Vec<(NaiveDate, i128)>, Error> {
    let cost = i128::from(cost.minor_units());
    let total = cal.work_between(start, finish).as_minutes();
    if total <= 0 {
        return Ok(vec![(start.date(), cost)]);
    }
    let mut out = Vec::new();
    let mut spread = 0i128;
    let mut day = start.date();
    let mut last = 0;
    while day <= finish.date() {
        let next = day.succ_opt().ok_or(Error::DateOutOfRange {
            context: "a planned-value day",
        })?;
        let a = start.max(day.and_time(chrono::NaiveTime::MIN));
        let b = finish.min(next.and_time(chrono::NaiveTime::MIN));
        let work = i128::from(cal.work_between(a, b).as_minutes());
        let share = cost * work / i128::from(total);
        if work > 0 {
            last = out.len();
        }
        out.push((day, share));
        spread += share;
        day = next;
    }
    // Rounding remainder on the last working day, so totals are exact.
    if let Some(x) = out.get_mut(last) {
        x.1 += cost - spread;
    }
    Ok(out)
}

/// Measurements at a status date.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub struct Measurement {
    /// The status date (counted to its end).
    pub date: NaiveDate,
    /// Earned value.
    pub ev: Money,
    /// Actual cost.
    pub ac: Money,
    /// Bottom-up estimate to complete, if the team made one.
    pub etc_bottom_up: Option<Money>,
}

impl Measurement {
    /// A measurement.
    #[must_use]
    pub fn new(date: NaiveDate, ev: Money, ac: Money) -> Self {
        Measurement {
            date,
            ev,
            ac,
            etc_bottom_up: None,
        }
    }

    /// Adds a bottom-up estimate to complete.
    #[must_use]
    pub fn etc(mut self, etc: Money) -> Self {
        self.etc_bottom_up = Some(etc);
        self
    }
}

/// Earned value and earned schedule metrics at one status date.
#[derive(Clone, Copy, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub struct EvmStatus {
    /// Status date.
    pub date: NaiveDate,
    /// Planned value.
    pub pv: Money,
    /// Earned value.
    pub ev: Money,
    /// Actual cost.
    pub ac: Money,
    /// Budget at completion.
    pub bac: Money,
    /// Cost variance EV − AC.
    pub cv: Money,
    /// Schedule variance EV − PV.
    pub sv: Money,
    /// Cost performance index EV / AC.
    pub cpi: Option<f64>,
    /// Schedule performance index EV / PV.
    pub spi: Option<f64>,
    /// EAC = BAC / CPI (current cost performance continues).
    pub eac_cpi: Option<Money>,
    /// EAC = AC + (BAC − EV) (the rest at budget rate).
    pub eac_atypical: Money,
    /// EAC = AC + (BAC − EV) / (CPI × SPI) (cost and schedule both weigh).
    pub eac_composite: Option<Money>,
    /// EAC = AC + bottom-up ETC.
    pub eac_bottom_up: Option<Money>,
    /// ETC = EAC (CPI) − AC (from the unrounded EAC).
    pub etc: Option<Money>,
    /// VAC = BAC − EAC (CPI) (from the unrounded EAC).
    pub vac: Option<Money>,
    /// TCPI to reach BAC: (BAC − EV) / (BAC − AC); `None` once AC ≥ BAC (no
    /// budget is left to perform against).
    pub tcpi_bac: Option<f64>,
    /// TCPI to reach EAC (CPI): (BAC − EV) / (EAC − AC), with EAC unrounded;
    /// `None` without an EAC (CPI undefined or 0) or when EAC ≤ AC.
    pub tcpi_eac: Option<f64>,
    /// Earned schedule (days).
    pub es: f64,
    /// Actual time (days).
    pub at: f64,
    /// Planned duration (days).
    pub pd: f64,
    /// Schedule variance in time ES − AT (days).
    pub sv_t: f64,
    /// Schedule performance index in time ES / AT.
    pub spi_t: Option<f64>,
    /// To-complete schedule performance index (PD − ES) / (PD − AT).
    pub tspi: Option<f64>,
    /// Independent estimate at completion in time PD / SPI(t) (days).
    pub ieac_t: Option<f64>,
}

fn ratio(a: i64, b: i64) -> Option<f64> {
    (b != 0).then(|| a as f64 / b as f64)
}

fn money(x: f64) -> Option<Money> {
    x.is_finite().then(|| Money::minor(x.round() as i64))
}

/// Computes every metric at one status date.
///
/// # Errors
///
/// [`Error::InvalidInput`] for negative EV, AC or ETC.
///
/// # Complexity
///
/// O(log P) for P points of the planned-value curve.
///
/// # Example
///
/// ```
/// use planwright_core::{Measurement, Money, PlannedValue, evm_status};
/// # let d = |m, day| planwright_core::chrono::NaiveDate::from_ymd_opt(2026, m, day).unwrap();
///
/// let pv = PlannedValue::new(vec![(d(1, 31), Money::major(50_000)), (d(2, 28), Money::major(100_000))])?;
/// let s = evm_status(&pv, Measurement::new(d(1, 31), Money::major(40_000), Money::major(45_000)))?;
/// assert_eq!(s.cv, Money::major(-5_000));
/// assert_eq!(s.spi, Some(0.8));
/// assert_eq!(s.eac_cpi, Some(Money::major(112_500)));
/// # Ok::<(), planwright_core::Error>(())
/// ```
pub fn evm_status(pv: &PlannedValue, m: Measurement) -> Result<EvmStatus, Error> {
    for (what, v) in [
        ("earned value", Some(m.ev)),
        ("actual cost", Some(m.ac)),
        ("estimate to complete", m.etc_bottom_up),
    ] {
        if v.is_some_and(|v| v < Money::ZERO) {
            return Err(Error::InvalidInput {
                item: m.date.to_string(),
                what,
                reason: "it must not be negative".into(),
            });
        }
    }
    let bac = pv.bac();
    let pv_now = pv.at(m.date);
    let (ev, ac) = (m.ev.minor_units(), m.ac.minor_units());
    let (b, p) = (bac.minor_units(), pv_now.minor_units());
    let cpi = ratio(ev, ac);
    let spi = ratio(ev, p);
    // Ratios are computed from unrounded values; money is rounded to the
    // minor unit only where it is reported.
    let eac_exact = cpi.filter(|&c| c > 0.0).map(|c| b as f64 / c);
    let eac_cpi = eac_exact.and_then(money);
    let eac_atypical = Money::minor(ac.saturating_add(b.saturating_sub(ev)));
    let eac_composite = match (cpi, spi) {
        (Some(c), Some(s)) if c * s > 0.0 => money(ac as f64 + (b - ev) as f64 / (c * s)),
        _ => None,
    };
    let eac_bottom_up = m.etc_bottom_up.map(|etc| m.ac.saturating_add(etc));
    let etc = eac_exact.and_then(|e| money(e - ac as f64));
    let vac = eac_exact.and_then(|e| money(b as f64 - e));
    // The efficiency the remaining work needs to land on a target: only
    // meaningful while some of the target is left to spend.
    let tcpi = |target: f64| {
        let left = target - ac as f64;
        (left > 0.0).then(|| (b - ev) as f64 / left)
    };
    let tcpi_bac = tcpi(b as f64);
    let tcpi_eac = eac_exact.and_then(tcpi);
    let es = pv.earned_schedule(m.ev);
    let at = pv.days_to(m.date).max(0.0);
    let pd = pv.planned_duration();
    let spi_t = (at > 0.0).then(|| es / at);
    let tspi = (pd - at != 0.0).then(|| (pd - es) / (pd - at));
    let ieac_t = spi_t.filter(|&s| s > 0.0).map(|s| pd / s);
    Ok(EvmStatus {
        date: m.date,
        pv: pv_now,
        ev: m.ev,
        ac: m.ac,
        bac,
        cv: Money::minor(ev.saturating_sub(ac)),
        sv: Money::minor(ev.saturating_sub(p)),
        cpi,
        spi,
        eac_cpi,
        eac_atypical,
        eac_composite,
        eac_bottom_up,
        etc,
        vac,
        tcpi_bac,
        tcpi_eac,
        es,
        at,
        pd,
        sv_t: es - at,
        spi_t,
        tspi,
        ieac_t,
    })
}

/// Metrics at every measurement of a series (status dates must increase).
///
/// # Errors
///
/// As [`evm_status`]; [`Error::InvalidInput`] for an empty series or dates
/// that do not increase.
///
/// # Complexity
///
/// O(M log P) for M measurements and P points of the planned-value curve.
pub fn evm_series(pv: &PlannedValue, series: &[Measurement]) -> Result<Vec<EvmStatus>, Error> {
    if series.is_empty() {
        return Err(bad("series", "it has no measurements"));
    }
    if series.windows(2).any(|w| w[1].date <= w[0].date) {
        return Err(bad("series", "status dates must increase"));
    }
    series.iter().map(|&m| evm_status(pv, m)).collect()
}
