//! Prioritisation: WSJF, RICE, weighted criteria, MoSCoW and Eisenhower,
//! each returning a stable ranking with every item's score breakdown.

use std::collections::BTreeMap;

use chrono::NaiveDateTime;

use crate::{Error, Priority};

/// One ranked item: its rank (1 first), score and how the score was made.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub struct Ranked {
    /// Rank, 1 for the first.
    pub rank: usize,
    /// The item's key.
    pub item: String,
    /// The score the ranking sorts by (higher first).
    pub score: f64,
    /// The parts of the score, in a fixed order per method.
    pub breakdown: Vec<(String, f64)>,
    /// A class for the class-based methods (MoSCoW class, Eisenhower
    /// quadrant).
    pub class: Option<String>,
}

/// Sorts by score (higher first), ties by key (ascending), and numbers the
/// ranks. Stable: the same inputs in any order give the same ranking.
fn rank(mut rows: Vec<Ranked>) -> Vec<Ranked> {
    rows.sort_by(|a, b| {
        b.score
            .total_cmp(&a.score)
            .then_with(|| a.item.cmp(&b.item))
    });
    for (i, r) in rows.iter_mut().enumerate() {
        r.rank = i + 1;
    }
    rows
}

/// A result of arithmetic on user values that must stay a finite number
/// (sums and products of huge inputs overflow to infinity).
fn finite_result(item: &str, what: &'static str, v: f64) -> Result<f64, Error> {
    if v.is_finite() {
        Ok(v)
    } else {
        Err(Error::Overflow {
            item: item.to_owned(),
            what,
        })
    }
}

fn finite_non_negative(item: &str, what: &'static str, v: f64) -> Result<f64, Error> {
    if v.is_finite() && v >= 0.0 {
        Ok(v)
    } else {
        Err(Error::InvalidInput {
            item: item.to_owned(),
            what,
            reason: format!("{v} is not a finite, non-negative number"),
        })
    }
}

fn positive(item: &str, what: &'static str, v: f64) -> Result<f64, Error> {
    let v = finite_non_negative(item, what, v)?;
    if v == 0.0 {
        return Err(Error::InvalidInput {
            item: item.to_owned(),
            what,
            reason: "it must be greater than zero".to_owned(),
        });
    }
    Ok(v)
}

/// WSJF inputs (SAFe): cost of delay = business value + time criticality +
/// risk reduction / opportunity enablement; score = cost of delay / job size.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub struct Wsjf {
    /// The item's key.
    pub item: String,
    /// User-business value.
    pub business_value: f64,
    /// Time criticality.
    pub time_criticality: f64,
    /// Risk reduction and/or opportunity enablement.
    pub risk_reduction: f64,
    /// Job size (> 0).
    pub job_size: f64,
}

impl Wsjf {
    /// WSJF inputs for an item.
    #[must_use]
    pub fn new(
        item: impl Into<String>,
        business_value: f64,
        time_criticality: f64,
        risk_reduction: f64,
        job_size: f64,
    ) -> Self {
        Wsjf {
            item: item.into(),
            business_value,
            time_criticality,
            risk_reduction,
            job_size,
        }
    }
}

/// Ranks by weighted shortest job first.
///
/// # Errors
///
/// [`Error::InvalidInput`] naming the item for a negative or non-finite
/// component or a job size that is not positive.
///
/// # Complexity
///
/// O(n log n) for n items.
///
/// # Example
///
/// ```
/// use planwright_core::{Wsjf, rank_wsjf};
///
/// let r = rank_wsjf(&[Wsjf::new("a", 8.0, 5.0, 3.0, 8.0), Wsjf::new("b", 3.0, 8.0, 1.0, 2.0)])?;
/// assert_eq!((r[0].item.as_str(), r[0].score), ("b", 6.0)); // (3 + 8 + 1) / 2
/// assert_eq!(r[1].score, 2.0); // (8 + 5 + 3) / 8
/// # Ok::<(), planwright_core::Error>(())
/// ```
pub fn rank_wsjf(items: &[Wsjf]) -> Result<Vec<Ranked>, Error> {
    let mut rows = Vec::with_capacity(items.len());
    for w in items {
        let bv = finite_non_negative(&w.item, "business value", w.business_value)?;
        let tc = finite_non_negative(&w.item, "time criticality", w.time_criticality)?;
        let rr = finite_non_negative(&w.item, "risk reduction", w.risk_reduction)?;
        let size = positive(&w.item, "job size", w.job_size)?;
        let cod = finite_result(&w.item, "cost of delay", bv + tc + rr)?;
        rows.push(Ranked {
            rank: 0,
            item: w.item.clone(),
            score: finite_result(&w.item, "WSJF score", cod / size)?,
            breakdown: vec![
                ("business value".into(), bv),
                ("time criticality".into(), tc),
                ("risk reduction".into(), rr),
                ("cost of delay".into(), cod),
                ("job size".into(), size),
            ],
            class: None,
        });
    }
    Ok(rank(rows))
}

/// RICE inputs: reach × impact × confidence / effort.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub struct Rice {
    /// The item's key.
    pub item: String,
    /// People or events per period.
    pub reach: f64,
    /// Impact per person (e.g. 0.25, 0.5, 1, 2, 3).
    pub impact: f64,
    /// Confidence, 0 to 1.
    pub confidence: f64,
    /// Effort (> 0), e.g. person-months.
    pub effort: f64,
}

impl Rice {
    /// RICE inputs for an item.
    #[must_use]
    pub fn new(
        item: impl Into<String>,
        reach: f64,
        impact: f64,
        confidence: f64,
        effort: f64,
    ) -> Self {
        Rice {
            item: item.into(),
            reach,
            impact,
            confidence,
            effort,
        }
    }
}

/// Ranks by RICE score.
///
/// # Errors
///
/// [`Error::InvalidInput`] for a negative or non-finite value, a confidence
/// outside [0, 1], or an effort that is not positive.
///
/// # Complexity
///
/// O(n log n) for n items.
pub fn rank_rice(items: &[Rice]) -> Result<Vec<Ranked>, Error> {
    let mut rows = Vec::with_capacity(items.len());
    for r in items {
        let reach = finite_non_negative(&r.item, "reach", r.reach)?;
        let impact = finite_non_negative(&r.item, "impact", r.impact)?;
        let conf = finite_non_negative(&r.item, "confidence", r.confidence)?;
        if conf > 1.0 {
            return Err(Error::InvalidInput {
                item: r.item.clone(),
                what: "confidence",
                reason: format!("{conf} is outside [0, 1]"),
            });
        }
        let effort = positive(&r.item, "effort", r.effort)?;
        rows.push(Ranked {
            rank: 0,
            item: r.item.clone(),
            score: finite_result(&r.item, "RICE score", reach * impact * conf / effort)?,
            breakdown: vec![
                ("reach".into(), reach),
                ("impact".into(), impact),
                ("confidence".into(), conf),
                ("effort".into(), effort),
            ],
            class: None,
        });
    }
    Ok(rank(rows))
}

/// A criterion of a weighted-criteria model.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub struct Criterion {
    /// Name, e.g. `revenue`.
    pub name: String,
    /// Weight (≥ 0).
    pub weight: f64,
    /// `false` for costs (lower is better: normalised as `1 − x`).
    pub higher_is_better: bool,
}

impl Criterion {
    /// A benefit criterion (higher is better).
    #[must_use]
    pub fn benefit(name: impl Into<String>, weight: f64) -> Self {
        Criterion {
            name: name.into(),
            weight,
            higher_is_better: true,
        }
    }

    /// A cost criterion (lower is better).
    #[must_use]
    pub fn cost(name: impl Into<String>, weight: f64) -> Self {
        Criterion {
            name: name.into(),
            weight,
            higher_is_better: false,
        }
    }
}

/// Ranks by weighted criteria: each criterion's values are normalised to
/// [0, 1] over the items (min–max; all equal → 1), inverted for cost
/// criteria, and combined with the weights normalised to sum to 1.
///
/// # Errors
///
/// [`Error::InvalidInput`] for a negative or non-finite weight or value, or
/// weights that are all zero; [`Error::CriterionMismatch`] when an item
/// names an unknown criterion or lacks one.
///
/// # Complexity
///
/// O(n × c + n log n) for n items and c criteria.
///
/// # Example
///
/// ```
/// use std::collections::BTreeMap;
/// use planwright_core::{Criterion, rank_weighted};
///
/// let model = [Criterion::benefit("value", 3.0), Criterion::cost("effort", 1.0)];
/// let items = [
///     ("a".to_string(), BTreeMap::from([("value".to_string(), 10.0), ("effort".to_string(), 5.0)])),
///     ("b".to_string(), BTreeMap::from([("value".to_string(), 6.0), ("effort".to_string(), 1.0)])),
/// ];
/// let r = rank_weighted(&model, &items)?;
/// assert_eq!(r[0].item, "a"); // 0.75 * 1 + 0.25 * 0 = 0.75 against 0.25
/// # Ok::<(), planwright_core::Error>(())
/// ```
pub fn rank_weighted(
    criteria: &[Criterion],
    items: &[(String, BTreeMap<String, f64>)],
) -> Result<Vec<Ranked>, Error> {
    // Weights are scaled by the largest first, so their sum cannot
    // overflow however large they are (only their ratios matter).
    let mut max_w = 0.0f64;
    for c in criteria {
        max_w = max_w.max(finite_non_negative(&c.name, "weight", c.weight)?);
    }
    let scale = if max_w > 0.0 { max_w } else { 1.0 };
    let total_w: f64 = criteria.iter().map(|c| c.weight / scale).sum();
    if total_w == 0.0 {
        return Err(Error::InvalidInput {
            item: "criteria".into(),
            what: "weights",
            reason: "they are all zero".into(),
        });
    }
    for (item, values) in items {
        for (name, &v) in values {
            if !criteria.iter().any(|c| &c.name == name) {
                return Err(Error::CriterionMismatch {
                    item: item.clone(),
                    criterion: name.clone(),
                    problem: "is unknown",
                });
            }
            finite_non_negative(item, "criterion value", v)?;
        }
        if let Some(c) = criteria.iter().find(|c| !values.contains_key(&c.name)) {
            return Err(Error::CriterionMismatch {
                item: item.clone(),
                criterion: c.name.clone(),
                problem: "is missing",
            });
        }
    }
    let ranges: Vec<(f64, f64)> = criteria
        .iter()
        .map(|c| {
            let vals = items.iter().map(|(_, v)| v[&c.name]);
            let lo = vals.clone().fold(f64::INFINITY, f64::min);
            let hi = vals.fold(f64::NEG_INFINITY, f64::max);
            (lo, hi)
        })
        .collect();
    let rows = items
        .iter()
        .map(|(item, values)| {
            let mut breakdown = Vec::with_capacity(criteria.len());
            let mut score = 0.0;
            for (c, &(lo, hi)) in criteria.iter().zip(&ranges) {
                let x = values[&c.name];
                let norm = if hi > lo { (x - lo) / (hi - lo) } else { 1.0 };
                let norm = if c.higher_is_better { norm } else { 1.0 - norm };
                let part = c.weight / scale / total_w * norm;
                score += part;
                breakdown.push((c.name.clone(), part));
            }
            Ranked {
                rank: 0,
                item: item.clone(),
                score,
                breakdown,
                class: None,
            }
        })
        .collect();
    Ok(rank(rows))
}

/// A MoSCoW class.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub enum Moscow {
    /// Must have.
    Must,
    /// Should have.
    Should,
    /// Could have.
    Could,
    /// Won't have (this time).
    Wont,
}

/// Ranks by MoSCoW class (Must first), then priority (higher first), then
/// key. The score is `(3 − class) × 1001 + priority`, so it orders the same
/// way.
///
/// # Complexity
///
/// O(n log n) for n items.
#[must_use]
pub fn rank_moscow(items: &[(String, Moscow, Priority)]) -> Vec<Ranked> {
    let rows = items
        .iter()
        .map(|(item, class, prio)| {
            let c = 3.0 - *class as u8 as f64;
            Ranked {
                rank: 0,
                item: item.clone(),
                score: c * 1001.0 + f64::from(prio.value()),
                breakdown: vec![
                    ("class".into(), c),
                    ("priority".into(), f64::from(prio.value())),
                ],
                class: Some(format!("{class:?}")),
            }
        })
        .collect();
    rank(rows)
}

/// An Eisenhower quadrant.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub enum Quadrant {
    /// Urgent and important: do it now.
    Do,
    /// Important, not urgent: schedule it.
    Schedule,
    /// Urgent, not important: delegate it.
    Delegate,
    /// Neither: drop it.
    Eliminate,
}

/// Ranks by Eisenhower quadrant: urgent when due within `urgent_within` of
/// `now` (or overdue), important when the priority is at least
/// `important_from`. Within a quadrant: earlier due first (no due date
/// last), then higher priority, then key.
///
/// # Complexity
///
/// O(n log n) for n items.
#[must_use]
pub fn rank_eisenhower(
    items: &[(String, Option<NaiveDateTime>, Priority)],
    now: NaiveDateTime,
    urgent_within: chrono::Duration,
    important_from: Priority,
) -> Vec<Ranked> {
    let rows = items
        .iter()
        .map(|(item, due, prio)| {
            let urgent = due.is_some_and(|d| d <= now + urgent_within);
            let important = *prio >= important_from;
            let q = match (urgent, important) {
                (true, true) => Quadrant::Do,
                (false, true) => Quadrant::Schedule,
                (true, false) => Quadrant::Delegate,
                (false, false) => Quadrant::Eliminate,
            };
            // Hours until due, capped, so earlier due ranks higher.
            let hours = due.map_or(1e6, |d| {
                ((d - now).num_minutes() as f64 / 60.0).clamp(-1e5, 1e5)
            });
            // Quadrant first (1e8 apart), then sooner due, then priority.
            let score = (3.0 - q as u8 as f64) * 1e8
                + (1e6 - hours) * 10.0
                + f64::from(prio.value()) / 1000.0;
            Ranked {
                rank: 0,
                item: item.clone(),
                score,
                breakdown: vec![
                    ("urgent".into(), f64::from(u8::from(urgent))),
                    ("important".into(), f64::from(u8::from(important))),
                    ("hours until due".into(), hours),
                    ("priority".into(), f64::from(prio.value())),
                ],
                class: Some(format!("{q:?}")),
            }
        })
        .collect();
    rank(rows)
}
