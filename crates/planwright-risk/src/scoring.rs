//! Risk scoring: probability and impact scales, aggregation over impact
//! dimensions, the probability–impact matrix with bands, score and EMV.

use std::collections::BTreeMap;

use chrono::NaiveDateTime;
use planwright_core::{Duration, Money};

use crate::Error;

/// An impact dimension.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub enum Dimension {
    /// Money.
    Cost,
    /// Schedule.
    Time,
    /// Scope.
    Scope,
    /// Quality.
    Quality,
}

impl Dimension {
    /// All dimensions.
    pub const ALL: [Dimension; 4] = [
        Dimension::Cost,
        Dimension::Time,
        Dimension::Scope,
        Dimension::Quality,
    ];
}

/// One level of a [`Scale`]: a label, the representative value used for
/// expected values, and the upper bound of quantitative inputs that fall in
/// it.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub struct ScaleLevel {
    /// E.g. "high".
    pub label: String,
    /// Representative value: a probability (0–1), a cost in major units, a
    /// time in working days, or a 0–1 severity for scope and quality.
    pub value: f64,
    /// Quantitative inputs up to this value (inclusive) fall in this level
    /// (`f64::INFINITY` for an open top level; serialised as `"inf"`).
    #[cfg_attr(feature = "serde", serde(with = "unbounded"))]
    pub up_to: f64,
}

/// Serde for an upper bound that may be infinite: JSON has no infinity, so
/// it is written as the string `"inf"`.
#[cfg(feature = "serde")]
mod unbounded {
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    #[derive(Serialize, Deserialize)]
    #[serde(untagged)]
    enum Repr {
        Number(f64),
        Text(String),
    }

    pub(super) fn serialize<S: Serializer>(v: &f64, s: S) -> Result<S::Ok, S::Error> {
        if v.is_infinite() && *v > 0.0 {
            Repr::Text("inf".to_owned()).serialize(s)
        } else {
            Repr::Number(*v).serialize(s)
        }
    }

    pub(super) fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<f64, D::Error> {
        match Repr::deserialize(d)? {
            Repr::Number(v) => Ok(v),
            Repr::Text(t) if t == "inf" => Ok(f64::INFINITY),
            Repr::Text(t) => Err(serde::de::Error::custom(format!(
                "expected a number or \"inf\", found {t:?}"
            ))),
        }
    }
}

/// An ordinal scale of levels scored 1, 2, ... in order. Quantitative inputs
/// map to the first level whose `up_to` covers them.
///
/// # Example
///
/// ```
/// use planwright_risk::Scale;
///
/// let p = Scale::probability_1_to_5();
/// assert_eq!(p.level_of(0.35), 2); // "low": up to 40 %
/// assert_eq!(p.levels()[4].label, "very high");
/// ```
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(
    feature = "serde",
    serde(try_from = "Vec<ScaleLevel>", into = "Vec<ScaleLevel>")
)]
pub struct Scale {
    levels: Vec<ScaleLevel>,
}

impl TryFrom<Vec<ScaleLevel>> for Scale {
    type Error = Error;
    fn try_from(levels: Vec<ScaleLevel>) -> Result<Self, Error> {
        Scale::new(levels)
    }
}

impl From<Scale> for Vec<ScaleLevel> {
    fn from(s: Scale) -> Self {
        s.levels
    }
}

fn policy_error(reason: impl Into<String>) -> Error {
    Error::InvalidPolicy {
        reason: reason.into(),
    }
}

impl Scale {
    /// A scale from levels, lowest first.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidPolicy`] for no levels, more than 255, non-finite or
    /// negative values, or `up_to` bounds that do not increase.
    pub fn new(levels: Vec<ScaleLevel>) -> Result<Self, Error> {
        if levels.is_empty() || levels.len() > 255 {
            return Err(policy_error("a scale needs 1 to 255 levels"));
        }
        for (i, l) in levels.iter().enumerate() {
            if !l.value.is_finite() || l.value < 0.0 || l.up_to.is_nan() || l.up_to < 0.0 {
                return Err(policy_error(format!(
                    "level `{}` has a negative or non-finite value",
                    l.label
                )));
            }
            if i > 0 && l.up_to <= levels[i - 1].up_to {
                return Err(policy_error(format!(
                    "level `{}` does not raise the upper bound",
                    l.label
                )));
            }
        }
        Ok(Scale { levels })
    }

    /// A scale from `(label, representative value, up to)` triples.
    ///
    /// # Errors
    ///
    /// As [`Scale::new`].
    pub fn from_triples(levels: &[(&str, f64, f64)]) -> Result<Self, Error> {
        Scale::new(
            levels
                .iter()
                .map(|&(label, value, up_to)| ScaleLevel {
                    label: label.to_owned(),
                    value,
                    up_to,
                })
                .collect(),
        )
    }

    fn standard(labels: [&str; 5], values: [f64; 5], up_to: [f64; 5]) -> Self {
        Scale {
            levels: (0..5)
                .map(|i| ScaleLevel {
                    label: labels[i].to_owned(),
                    value: values[i],
                    up_to: up_to[i],
                })
                .collect(),
        }
    }

    /// Probability 1–5: very low (≤ 20 %, 10 %), low (≤ 40 %, 30 %), medium
    /// (≤ 60 %, 50 %), high (≤ 80 %, 70 %), very high (≤ 100 %, 90 %).
    #[must_use]
    pub fn probability_1_to_5() -> Self {
        Scale::standard(
            ["very low", "low", "medium", "high", "very high"],
            [0.1, 0.3, 0.5, 0.7, 0.9],
            [0.2, 0.4, 0.6, 0.8, 1.0],
        )
    }

    /// Cost impact 1–5 in major currency units: ≤ 5,000 (2,500), ≤ 20,000
    /// (12,500), ≤ 50,000 (35,000), ≤ 150,000 (100,000), above (250,000).
    #[must_use]
    pub fn cost_1_to_5() -> Self {
        Scale::standard(
            ["very low", "low", "medium", "high", "very high"],
            [2_500.0, 12_500.0, 35_000.0, 100_000.0, 250_000.0],
            [5_000.0, 20_000.0, 50_000.0, 150_000.0, f64::INFINITY],
        )
    }

    /// Time impact 1–5 in working days: ≤ 2 (1), ≤ 5 (3), ≤ 10 (7), ≤ 20
    /// (15), above (30).
    #[must_use]
    pub fn time_1_to_5() -> Self {
        Scale::standard(
            ["very low", "low", "medium", "high", "very high"],
            [1.0, 3.0, 7.0, 15.0, 30.0],
            [2.0, 5.0, 10.0, 20.0, f64::INFINITY],
        )
    }

    /// Severity 1–5 on a 0–1 scale (scope, quality): ≤ 0.2, ≤ 0.4, ≤ 0.6,
    /// ≤ 0.8, ≤ 1.
    #[must_use]
    pub fn severity_1_to_5() -> Self {
        Scale::standard(
            ["very low", "low", "medium", "high", "very high"],
            [0.1, 0.3, 0.5, 0.7, 0.9],
            [0.2, 0.4, 0.6, 0.8, 1.0],
        )
    }

    /// The levels, lowest first (level `i` scores `i + 1`).
    #[must_use]
    pub fn levels(&self) -> &[ScaleLevel] {
        &self.levels
    }

    /// The number of levels.
    #[must_use]
    pub fn len(&self) -> usize {
        self.levels.len()
    }

    /// `false`: a scale always has levels.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.levels.is_empty()
    }

    /// The level (1-based) a quantitative value falls in; values above the
    /// last bound fall in the last level.
    #[must_use]
    pub fn level_of(&self, value: f64) -> u8 {
        let i = self
            .levels
            .iter()
            .position(|l| value <= l.up_to)
            .unwrap_or(self.levels.len() - 1);
        (i + 1) as u8
    }

    fn value_of(&self, level: u8) -> f64 {
        self.levels[usize::from(level) - 1].value
    }
}

/// How impact levels of several dimensions combine into one.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub enum Aggregation {
    /// The highest level of any assessed dimension drives the score.
    Worst,
    /// The weighted mean of the assessed dimensions' levels, rounded to the
    /// nearest level (weights of dimensions not assessed are ignored).
    Weighted(BTreeMap<Dimension, f64>),
}

/// The probability–impact matrix: a named band for every (probability
/// level, impact level) cell. Bands are ordered, lowest first; cells may be
/// assigned freely (asymmetric matrices are allowed).
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(try_from = "MatrixRepr", into = "MatrixRepr"))]
pub struct Matrix {
    bands: Vec<String>,
    /// `cells[p - 1][i - 1]` is a band index.
    cells: Vec<Vec<u8>>,
}

#[cfg(feature = "serde")]
#[derive(serde::Serialize, serde::Deserialize)]
struct MatrixRepr {
    bands: Vec<String>,
    cells: Vec<Vec<u8>>,
}

#[cfg(feature = "serde")]
impl From<Matrix> for MatrixRepr {
    fn from(m: Matrix) -> Self {
        MatrixRepr {
            bands: m.bands,
            cells: m.cells,
        }
    }
}

#[cfg(feature = "serde")]
impl TryFrom<MatrixRepr> for Matrix {
    type Error = Error;

    fn try_from(r: MatrixRepr) -> Result<Self, Error> {
        let m = Matrix {
            bands: r.bands,
            cells: r.cells,
        };
        m.check()?;
        Ok(m)
    }
}

impl Matrix {
    /// A matrix whose band is the highest one whose minimum score `p × i`
    /// the cell reaches. `bands` are `(name, minimum score)`, lowest first,
    /// the first with minimum 1 or less.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidPolicy`] for no bands, more than 255, minimums that do
    /// not increase, or a first band that does not cover score 1.
    pub fn from_score_bands(
        probability_levels: usize,
        impact_levels: usize,
        bands: &[(&str, u32)],
    ) -> Result<Self, Error> {
        if bands.is_empty() || bands.len() > 255 {
            return Err(policy_error("a matrix needs 1 to 255 bands"));
        }
        if bands[0].1 > 1 {
            return Err(policy_error("the first band must start at score 1"));
        }
        if bands.windows(2).any(|w| w[1].1 <= w[0].1) {
            return Err(policy_error("band minimum scores must increase"));
        }
        let cells = (1..=probability_levels)
            .map(|p| {
                (1..=impact_levels)
                    .map(|i| {
                        let score = (p * i) as u32;
                        bands.iter().rposition(|b| b.1 <= score).unwrap_or(0) as u8
                    })
                    .collect()
            })
            .collect();
        Ok(Matrix {
            bands: bands.iter().map(|b| b.0.to_owned()).collect(),
            cells,
        })
    }

    /// Assigns a cell to a band (for asymmetric matrices).
    ///
    /// # Errors
    ///
    /// [`Error::InvalidPolicy`] for a cell or band out of range.
    pub fn set_cell(
        &mut self,
        probability_level: u8,
        impact_level: u8,
        band: &str,
    ) -> Result<(), Error> {
        let b = self
            .bands
            .iter()
            .position(|x| x == band)
            .ok_or_else(|| policy_error(format!("unknown band `{band}`")))?;
        let row = usize::from(probability_level)
            .checked_sub(1)
            .and_then(|p| self.cells.get_mut(p))
            .ok_or_else(|| policy_error("probability level out of the matrix"))?;
        let cell = usize::from(impact_level)
            .checked_sub(1)
            .and_then(|i| row.get_mut(i))
            .ok_or_else(|| policy_error("impact level out of the matrix"))?;
        *cell = b as u8;
        Ok(())
    }

    /// The band names, lowest first.
    #[must_use]
    pub fn bands(&self) -> &[String] {
        &self.bands
    }

    /// The band index of a cell (levels 1-based); `None` outside the matrix.
    #[must_use]
    pub fn band(&self, probability_level: u8, impact_level: u8) -> Option<u8> {
        let p = usize::from(probability_level).checked_sub(1)?;
        let i = usize::from(impact_level).checked_sub(1)?;
        self.cells.get(p)?.get(i).copied()
    }

    /// The name of a cell's band; `None` outside the matrix.
    #[must_use]
    pub fn band_name(&self, probability_level: u8, impact_level: u8) -> Option<&str> {
        self.band(probability_level, impact_level)
            .and_then(|b| self.bands.get(usize::from(b)))
            .map(String::as_str)
    }

    /// Checks a matrix read from outside: 1 to 255 bands, at least one row,
    /// rows of one length (at least 1), every cell naming a band.
    fn check(&self) -> Result<(), Error> {
        if self.bands.is_empty() || self.bands.len() > 255 {
            return Err(policy_error("a matrix needs 1 to 255 bands"));
        }
        let cols = self.columns();
        if self.cells.is_empty() || cols == 0 || self.cells.iter().any(|r| r.len() != cols) {
            return Err(policy_error(
                "the matrix needs at least one cell and rows of one length",
            ));
        }
        if self.cells.len() > 255 || cols > 255 {
            return Err(policy_error("a matrix has at most 255 levels a side"));
        }
        if self
            .cells
            .iter()
            .flatten()
            .any(|&b| usize::from(b) >= self.bands.len())
        {
            return Err(policy_error("a cell names a band the matrix does not have"));
        }
        Ok(())
    }

    /// Probability levels (rows).
    #[must_use]
    pub fn rows(&self) -> usize {
        self.cells.len()
    }

    /// Impact levels (columns).
    #[must_use]
    pub fn columns(&self) -> usize {
        self.cells.first().map_or(0, Vec::len)
    }
}

/// How risks are scored: scales, aggregation, matrix.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(try_from = "PolicyRepr", into = "PolicyRepr"))]
pub struct ScoringPolicy {
    probability: Scale,
    impacts: BTreeMap<Dimension, Scale>,
    aggregation: Aggregation,
    matrix: Matrix,
}

#[cfg(feature = "serde")]
#[derive(serde::Serialize, serde::Deserialize)]
struct PolicyRepr {
    probability: Scale,
    impacts: BTreeMap<Dimension, Scale>,
    aggregation: Aggregation,
    matrix: Matrix,
}

#[cfg(feature = "serde")]
impl From<ScoringPolicy> for PolicyRepr {
    fn from(p: ScoringPolicy) -> Self {
        PolicyRepr {
            probability: p.probability,
            impacts: p.impacts,
            aggregation: p.aggregation,
            matrix: p.matrix,
        }
    }
}

#[cfg(feature = "serde")]
impl TryFrom<PolicyRepr> for ScoringPolicy {
    type Error = Error;

    /// Through [`ScoringPolicy::new`], the one validation path.
    fn try_from(r: PolicyRepr) -> Result<Self, Error> {
        ScoringPolicy::new(r.probability, r.impacts, r.aggregation, r.matrix)
    }
}

impl Default for ScoringPolicy {
    fn default() -> Self {
        ScoringPolicy::standard()
    }
}

impl ScoringPolicy {
    /// The common 5 × 5 policy: [`Scale::probability_1_to_5`], cost, time,
    /// scope and quality scales of five levels, the worst dimension driving
    /// the score, bands low (1–4), medium (5–9), high (10–14), critical
    /// (15–25).
    #[must_use]
    pub fn standard() -> Self {
        let impacts = BTreeMap::from([
            (Dimension::Cost, Scale::cost_1_to_5()),
            (Dimension::Time, Scale::time_1_to_5()),
            (Dimension::Scope, Scale::severity_1_to_5()),
            (Dimension::Quality, Scale::severity_1_to_5()),
        ]);
        let matrix = Matrix::from_score_bands(
            5,
            5,
            &[("low", 1), ("medium", 5), ("high", 10), ("critical", 15)],
        )
        .unwrap_or_else(|_| Matrix {
            bands: vec!["low".into()],
            cells: vec![vec![0; 5]; 5],
        });
        ScoringPolicy {
            probability: Scale::probability_1_to_5(),
            impacts,
            aggregation: Aggregation::Worst,
            matrix,
        }
    }

    /// A policy from its parts.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidPolicy`] when the matrix is not probability levels ×
    /// the largest impact scale, when impact scales differ in length, or
    /// when weights are negative or all zero.
    pub fn new(
        probability: Scale,
        impacts: BTreeMap<Dimension, Scale>,
        aggregation: Aggregation,
        matrix: Matrix,
    ) -> Result<Self, Error> {
        let len = impacts
            .values()
            .map(Scale::len)
            .max()
            .ok_or_else(|| policy_error("no impact scale"))?;
        if impacts.values().any(|s| s.len() != len) {
            return Err(policy_error(
                "every impact scale needs the same number of levels",
            ));
        }
        matrix.check()?;
        if matrix.rows() != probability.len() || matrix.columns() != len {
            return Err(policy_error(format!(
                "the matrix is {}x{}, the scales need {}x{}",
                matrix.rows(),
                matrix.columns(),
                probability.len(),
                len
            )));
        }
        if let Aggregation::Weighted(w) = &aggregation {
            if w.values().any(|&x| !x.is_finite() || x < 0.0) || w.values().all(|&x| x == 0.0) {
                return Err(policy_error(
                    "weights must be non-negative and not all zero",
                ));
            }
        }
        Ok(ScoringPolicy {
            probability,
            impacts,
            aggregation,
            matrix,
        })
    }

    /// The probability scale.
    #[must_use]
    pub fn probability(&self) -> &Scale {
        &self.probability
    }

    /// The impact scale of a dimension.
    #[must_use]
    pub fn impact(&self, d: Dimension) -> Option<&Scale> {
        self.impacts.get(&d)
    }

    /// The matrix.
    #[must_use]
    pub fn matrix(&self) -> &Matrix {
        &self.matrix
    }

    /// Evaluates an assessment of a risk of `kind`.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidAssessment`] (naming `risk`) for a level outside the
    /// scale, a probability outside [0, 1], a negative or non-finite amount,
    /// a dimension without a scale, or no impact at all.
    ///
    /// # Complexity
    ///
    /// O(d × log l) for d impact dimensions and l levels per scale.
    pub fn evaluate(
        &self,
        risk: &str,
        kind: RiskKind,
        a: &Assessment,
    ) -> Result<Evaluation, Error> {
        let bad = |reason: String| Error::InvalidAssessment {
            risk: risk.to_owned(),
            reason,
        };
        let (p_level, p) = match a.probability {
            ProbabilityInput::Level(l) => {
                if l == 0 || usize::from(l) > self.probability.len() {
                    return Err(bad(format!(
                        "probability level {l} is outside 1..={}",
                        self.probability.len()
                    )));
                }
                (l, self.probability.value_of(l))
            }
            ProbabilityInput::Value(v) => {
                if !(0.0..=1.0).contains(&v) {
                    return Err(bad(format!("probability {v} is outside [0, 1]")));
                }
                (self.probability.level_of(v), v)
            }
        };
        if a.impacts.is_empty() {
            return Err(bad("an assessment needs at least one impact".to_owned()));
        }
        let mut levels = BTreeMap::new();
        let mut cost = 0.0;
        let mut days = 0.0;
        for (&d, input) in &a.impacts {
            let scale = self
                .impacts
                .get(&d)
                .ok_or_else(|| bad(format!("no scale for {d:?}")))?;
            let (level, amount) = match *input {
                ImpactInput::Level(l) => {
                    if l == 0 || usize::from(l) > scale.len() {
                        return Err(bad(format!(
                            "{d:?} impact level {l} is outside 1..={}",
                            scale.len()
                        )));
                    }
                    (l, scale.value_of(l))
                }
                ImpactInput::Cost(m) => {
                    let v = m.as_f64();
                    if v < 0.0 {
                        return Err(bad("a cost impact must not be negative".to_owned()));
                    }
                    (scale.level_of(v), v)
                }
                ImpactInput::Time(t) => {
                    if t.is_negative() {
                        return Err(bad("a time impact must not be negative".to_owned()));
                    }
                    let v = t.as_days_f64();
                    (scale.level_of(v), v)
                }
                ImpactInput::Value(v) => {
                    if !v.is_finite() || v < 0.0 {
                        return Err(bad(format!(
                            "impact value {v} must be finite and not negative"
                        )));
                    }
                    (scale.level_of(v), v)
                }
            };
            match d {
                Dimension::Cost => cost = amount,
                Dimension::Time => days = amount,
                _ => {}
            }
            levels.insert(d, level);
        }
        let impact_level = match &self.aggregation {
            Aggregation::Worst => levels.values().copied().max().unwrap_or(1),
            Aggregation::Weighted(w) => {
                // Scaled by the largest weight: sums stay finite however
                // large the weights are.
                let max_w = w.values().copied().fold(0.0f64, f64::max);
                let scale = if max_w > 0.0 { max_w } else { 1.0 };
                let (mut num, mut den) = (0.0, 0.0);
                for (d, &l) in &levels {
                    let wt = w.get(d).copied().unwrap_or(0.0) / scale;
                    num += wt * f64::from(l);
                    den += wt;
                }
                if den == 0.0 {
                    levels.values().copied().max().unwrap_or(1)
                } else {
                    ((num / den).round() as u8).max(1)
                }
            }
        };
        let sign = match kind {
            RiskKind::Threat => -1.0,
            RiskKind::Opportunity => 1.0,
        };
        let emv = Money::minor((sign * p * cost * 100.0).round() as i64);
        let expected_delay = Duration::minutes((p * days * 480.0).round() as i64);
        Ok(Evaluation {
            probability_level: p_level,
            probability: p,
            impact_levels: levels,
            impact_level,
            score: u32::from(p_level) * u32::from(impact_level),
            // The policy's matrix is validated to be probability levels ×
            // impact levels, so the cell exists.
            band: self
                .matrix
                .band(p_level, impact_level.min(self.matrix.columns() as u8))
                .unwrap_or(0),
            emv,
            expected_delay,
        })
    }
}

/// Whether a risk threatens or helps the objectives.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub enum RiskKind {
    /// A negative risk.
    Threat,
    /// A positive risk.
    Opportunity,
}

impl RiskKind {
    /// "a threat" / "an opportunity".
    #[must_use]
    pub const fn article(self) -> &'static str {
        match self {
            RiskKind::Threat => "a threat",
            RiskKind::Opportunity => "an opportunity",
        }
    }
}

/// How likely a risk is: a level of the probability scale or a probability.
#[derive(Clone, Copy, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub enum ProbabilityInput {
    /// An ordinal level, 1-based.
    Level(u8),
    /// A probability in [0, 1].
    Value(f64),
}

/// How much a risk would change a dimension.
#[derive(Clone, Copy, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub enum ImpactInput {
    /// An ordinal level, 1-based.
    Level(u8),
    /// An amount of money (for the cost dimension).
    Cost(Money),
    /// Working time (for the time dimension).
    Time(Duration),
    /// A value on the dimension's scale (e.g. 0–1 severity).
    Value(f64),
}

/// One assessment of a risk at a time: probability and impacts.
///
/// # Example
///
/// ```
/// use planwright_core::Money;
/// use planwright_risk::{Assessment, Dimension, ImpactInput, RiskKind, ScoringPolicy};
/// # let now = planwright_core::chrono::NaiveDate::from_ymd_opt(2026, 1, 5).unwrap().and_hms_opt(9, 0, 0).unwrap();
///
/// let a = Assessment::new(now, 0.4).impact(Dimension::Cost, ImpactInput::Cost(Money::major(30_000)));
/// let e = ScoringPolicy::standard().evaluate("r1", RiskKind::Threat, &a)?;
/// assert_eq!((e.probability_level, e.impact_level, e.score), (2, 3, 6));
/// assert_eq!(e.emv, Money::major(-12_000));
/// # Ok::<(), planwright_risk::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub struct Assessment {
    /// When it was made.
    pub at: NaiveDateTime,
    /// Probability.
    pub probability: ProbabilityInput,
    /// Impacts by dimension.
    pub impacts: BTreeMap<Dimension, ImpactInput>,
    /// Free-form notes.
    pub note: String,
}

impl Assessment {
    /// An assessment with a probability value and no impact yet.
    #[must_use]
    pub fn new(at: NaiveDateTime, probability: f64) -> Self {
        Assessment {
            at,
            probability: ProbabilityInput::Value(probability),
            impacts: BTreeMap::new(),
            note: String::new(),
        }
    }

    /// An assessment with a probability level.
    #[must_use]
    pub fn with_level(at: NaiveDateTime, level: u8) -> Self {
        Assessment {
            probability: ProbabilityInput::Level(level),
            ..Assessment::new(at, 0.0)
        }
    }

    /// Adds an impact.
    #[must_use]
    pub fn impact(mut self, d: Dimension, input: ImpactInput) -> Self {
        self.impacts.insert(d, input);
        self
    }

    /// Sets the note.
    #[must_use]
    pub fn note(mut self, note: impl Into<String>) -> Self {
        self.note = note.into();
        self
    }
}

/// An assessment scored by a [`ScoringPolicy`].
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub struct Evaluation {
    /// Probability level (1-based).
    pub probability_level: u8,
    /// The probability used for expected values.
    pub probability: f64,
    /// Impact level per assessed dimension.
    pub impact_levels: BTreeMap<Dimension, u8>,
    /// The aggregated impact level.
    pub impact_level: u8,
    /// Probability level × impact level.
    pub score: u32,
    /// Band index in the matrix.
    pub band: u8,
    /// Expected monetary value: probability × cost impact, negative for
    /// threats, positive for opportunities.
    pub emv: Money,
    /// Probability × time impact (for threats a delay, for opportunities a
    /// saving).
    pub expected_delay: Duration,
}
