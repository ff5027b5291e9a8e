//! Questions asked of the register: filters, sorting, the heat map,
//! exposure and reserves.

use std::collections::BTreeMap;

use chrono::Datelike;
use planwright_core::Money;

use super::{RiskId, RiskLink, RiskRegister, RiskStatus};
use crate::Error;
use crate::scoring::RiskKind;

/// Sorting orders for queries.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub enum SortBy {
    /// Highest score first.
    Score,
    /// Largest |EMV| first.
    Emv,
    /// Nearest proximity first (risks without one last).
    Proximity,
}

/// A register filter; `None` fields match everything.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub struct Filter {
    /// Only these statuses.
    pub status: Option<Vec<RiskStatus>>,
    /// Only this kind.
    pub kind: Option<RiskKind>,
    /// Only this category or its sub-categories (`technical` matches
    /// `technical/integration`).
    pub category: Option<String>,
    /// Only this owner.
    pub owner: Option<String>,
    /// Only this band (index).
    pub band: Option<u8>,
    /// Only risks linked to this.
    pub link: Option<RiskLink>,
}

impl Filter {
    /// Matches everything.
    #[must_use]
    pub fn new() -> Self {
        Filter::default()
    }

    /// Only these statuses.
    #[must_use]
    pub fn status(mut self, statuses: &[RiskStatus]) -> Self {
        self.status = Some(statuses.to_vec());
        self
    }

    /// Only this kind.
    #[must_use]
    pub fn kind(mut self, kind: RiskKind) -> Self {
        self.kind = Some(kind);
        self
    }

    /// Only this category and its sub-categories.
    #[must_use]
    pub fn category(mut self, category: impl Into<String>) -> Self {
        self.category = Some(category.into());
        self
    }

    /// Only this owner.
    #[must_use]
    pub fn owner(mut self, owner: impl Into<String>) -> Self {
        self.owner = Some(owner.into());
        self
    }

    /// Only this band (index into the matrix's bands).
    #[must_use]
    pub fn band(mut self, band: u8) -> Self {
        self.band = Some(band);
        self
    }

    /// Only risks linked to this.
    #[must_use]
    pub fn link(mut self, link: RiskLink) -> Self {
        self.link = Some(link);
        self
    }

    /// Open risks only.
    #[must_use]
    pub fn open() -> Self {
        Filter {
            status: Some(vec![
                RiskStatus::Identified,
                RiskStatus::Analysed,
                RiskStatus::ResponsePlanned,
                RiskStatus::Monitoring,
            ]),
            ..Filter::default()
        }
    }
}

/// The heat map: the keys of the open, assessed risks in each matrix cell.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub struct HeatMap {
    /// `cells[p - 1][i - 1]`: risk keys, sorted.
    pub cells: Vec<Vec<Vec<String>>>,
    /// Open risks without an assessment.
    pub unassessed: Vec<String>,
}

impl HeatMap {
    /// How many risks the map holds (assessed and not).
    #[must_use]
    pub fn count(&self) -> usize {
        self.cells.iter().flatten().map(Vec::len).sum::<usize>() + self.unassessed.len()
    }
}

impl RiskRegister {
    fn band_name(&self, band: u8) -> &str {
        self.policy
            .matrix()
            .bands()
            .get(usize::from(band))
            .map_or("", String::as_str)
    }

    /// The ids matching a filter, in id order.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidAssessment`] if a stored assessment no longer fits
    /// the policy (cannot happen through this API).
    pub fn filter(&self, f: &Filter) -> Result<Vec<RiskId>, Error> {
        let mut out = Vec::new();
        for (id, r) in self.risks() {
            if f.status.as_ref().is_some_and(|s| !s.contains(&r.status))
                || f.kind.is_some_and(|k| k != r.kind)
                || f.owner
                    .as_ref()
                    .is_some_and(|o| r.owner.as_ref() != Some(o))
                || f.link.is_some_and(|l| !r.links.contains(&l))
                || f.category.as_ref().is_some_and(|c| {
                    !(r.category == *c || r.category.starts_with(&format!("{c}/")))
                })
            {
                continue;
            }
            if let Some(b) = f.band {
                match self.evaluation(id)? {
                    Some(e) if e.band == b => {}
                    _ => continue,
                }
            }
            out.push(id);
        }
        Ok(out)
    }

    /// `ids` sorted by `by`, ties by id.
    ///
    /// # Errors
    ///
    /// As [`RiskRegister::evaluation`].
    pub fn sorted(&self, ids: &[RiskId], by: SortBy) -> Result<Vec<RiskId>, Error> {
        let mut keyed = Vec::with_capacity(ids.len());
        for &id in ids {
            let e = self.evaluation(id)?;
            let k: i64 = match by {
                SortBy::Score => -i64::from(e.map_or(0, |e| e.score)),
                SortBy::Emv => -e.map_or(0, |e| e.emv.minor_units().abs()),
                SortBy::Proximity => self
                    .get(id)?
                    .proximity
                    .map_or(i64::MAX, |d| i64::from(d.num_days_from_ce())),
            };
            keyed.push((k, id));
        }
        keyed.sort();
        Ok(keyed.into_iter().map(|(_, id)| id).collect())
    }

    /// The `n` open risks first by `by`.
    ///
    /// # Errors
    ///
    /// As [`RiskRegister::evaluation`].
    pub fn top(&self, n: usize, by: SortBy) -> Result<Vec<RiskId>, Error> {
        let open = self.filter(&Filter::open())?;
        let mut s = self.sorted(&open, by)?;
        s.truncate(n);
        Ok(s)
    }

    /// The heat map of open risks.
    ///
    /// # Errors
    ///
    /// As [`RiskRegister::evaluation`].
    ///
    /// # Complexity
    ///
    /// O(r) for r risks.
    pub fn heat_map(&self) -> Result<HeatMap, Error> {
        let m = self.policy.matrix();
        let mut cells = vec![vec![Vec::new(); m.columns()]; m.rows()];
        let mut unassessed = Vec::new();
        for (id, r) in self.risks() {
            if !r.status.is_open() {
                continue;
            }
            match self.evaluation(id)? {
                Some(e) => {
                    let i = usize::from(e.impact_level.min(m.columns() as u8)) - 1;
                    cells[usize::from(e.probability_level) - 1][i].push(r.key.clone());
                }
                None => unassessed.push(r.key.clone()),
            }
        }
        for row in &mut cells {
            for c in row {
                c.sort();
            }
        }
        unassessed.sort();
        Ok(HeatMap { cells, unassessed })
    }

    /// Total exposure: the sum of EMVs of open risks (threats negative,
    /// opportunities positive).
    ///
    /// # Errors
    ///
    /// As [`RiskRegister::evaluation`].
    pub fn total_exposure(&self) -> Result<Money, Error> {
        Ok(self
            .exposure_by_category()?
            .values()
            .fold(Money::ZERO, |a, &b| a.saturating_add(b)))
    }

    /// Exposure of open risks by category.
    ///
    /// # Errors
    ///
    /// As [`RiskRegister::evaluation`].
    pub fn exposure_by_category(&self) -> Result<BTreeMap<String, Money>, Error> {
        let mut out: BTreeMap<String, Money> = BTreeMap::new();
        for (id, r) in self.risks() {
            if !r.status.is_open() {
                continue;
            }
            if let Some(e) = self.evaluation(id)? {
                let slot = out.entry(r.category.clone()).or_default();
                *slot = slot.saturating_add(e.emv);
            }
        }
        Ok(out)
    }

    /// A contingency reserve suggestion: the expected loss of open threats
    /// (sum of their |EMV|) less the expected gain of open opportunities,
    /// never below zero; plus the planned cost of open responses.
    ///
    /// # Errors
    ///
    /// As [`RiskRegister::evaluation`].
    pub fn contingency_reserve(&self) -> Result<Money, Error> {
        let net = self.total_exposure()?;
        let loss = Money::minor((-net.minor_units()).max(0));
        let mut responses = Money::ZERO;
        for (_, r) in self.risks() {
            if r.status.is_open() {
                for resp in &r.responses {
                    responses = responses.saturating_add(resp.cost());
                }
            }
        }
        Ok(loss.saturating_add(responses))
    }

    /// The band name of a risk's current evaluation.
    ///
    /// # Errors
    ///
    /// As [`RiskRegister::evaluation`].
    pub fn band(&self, id: RiskId) -> Result<Option<String>, Error> {
        Ok(self
            .evaluation(id)?
            .map(|e| self.band_name(e.band).to_owned()))
    }
}
