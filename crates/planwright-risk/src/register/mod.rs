//! The risk register: risks, their lifecycle, assessments, responses and
//! actions; queries, tracking and history.
//!
//! - `mod.rs`: [`RiskRegister`], the aggregate, and the changes it accepts;
//! - `risk.rs`: [`Risk`], its [`RiskStatus`] lifecycle and history;
//! - `response.rs`: [`Response`], [`Strategy`], [`Action`];
//! - `query.rs`: [`Filter`], [`SortBy`], [`HeatMap`], exposure and reserves;
//! - `tracking.rs`: [`Alert`]s, trends and exposure over time.

mod query;
mod response;
mod risk;
mod tracking;

pub use query::{Filter, HeatMap, SortBy};
pub use response::{Action, ActionStatus, Response, Strategy};
pub use risk::{IssueRecord, Risk, RiskLink, RiskStatus, RiskStatusChange};
pub use tracking::{Alert, TrackOptions};

use chrono::NaiveDateTime;
use planwright_core::Entries;
use planwright_core::Key;

use crate::Error;
use crate::scoring::{Assessment, Evaluation, ScoringPolicy};

planwright_core::define_id!(
    /// Identifies a risk in a [`RiskRegister`].
    RiskId
);

/// The risk register: risks with their lifecycle, assessments and
/// responses, scored by one [`ScoringPolicy`].
///
/// # Example
///
/// ```
/// use planwright_core::{Money, chrono::NaiveDate};
/// use planwright_risk::{Assessment, Dimension, ImpactInput, Response, Risk, RiskRegister, RiskStatus, Strategy};
///
/// let t0 = NaiveDate::from_ymd_opt(2026, 1, 5).unwrap().and_hms_opt(9, 0, 0).unwrap();
/// let mut reg = RiskRegister::default();
/// let r = reg.add(Risk::threat("vendor-late").title("Vendor delivers late").owner("ana"), t0)?;
/// reg.assess(r, Assessment::new(t0, 0.5).impact(Dimension::Cost, ImpactInput::Cost(Money::major(40_000))))?;
/// reg.transition(r, RiskStatus::Analysed, t0)?;
/// assert!(reg.add_response(r, Response::new(Strategy::Exploit, "?")).is_err()); // not for threats
/// reg.add_response(r, Response::new(Strategy::Mitigate, "second supplier"))?;
/// assert_eq!(reg.evaluation(r)?.unwrap().emv, Money::major(-20_000));
/// assert_eq!(reg.total_exposure()?, Money::major(-20_000));
/// # Ok::<(), planwright_risk::Error>(())
/// ```
#[derive(Clone, Debug, Default, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(
    feature = "serde",
    serde(try_from = "RegisterRepr", into = "RegisterRepr")
)]
pub struct RiskRegister {
    policy: ScoringPolicy,
    risks: Vec<Risk>,
}

/// The serialised form of a register, checked on the way in by
/// [`RiskRegister::check`].
#[cfg(feature = "serde")]
#[derive(serde::Serialize, serde::Deserialize)]
struct RegisterRepr {
    policy: ScoringPolicy,
    risks: Vec<Risk>,
}

#[cfg(feature = "serde")]
impl From<RiskRegister> for RegisterRepr {
    fn from(r: RiskRegister) -> Self {
        RegisterRepr {
            policy: r.policy,
            risks: r.risks,
        }
    }
}

#[cfg(feature = "serde")]
impl TryFrom<RegisterRepr> for RiskRegister {
    type Error = Error;

    fn try_from(r: RegisterRepr) -> Result<Self, Error> {
        let reg = RiskRegister {
            policy: r.policy,
            risks: r.risks,
        };
        reg.check()?;
        Ok(reg)
    }
}

impl RiskRegister {
    /// An empty register with a scoring policy.
    #[must_use]
    pub fn new(policy: ScoringPolicy) -> Self {
        RiskRegister {
            policy,
            risks: Vec::new(),
        }
    }

    /// Checks what the register's methods guarantee, for a register read
    /// from outside (deserialisation): keys valid and unique; each history
    /// starts at identification, follows the lifecycle (including occurring
    /// and reopening) in time order and ends at the current status; every
    /// assessment (also residual and target ones) evaluates under the
    /// policy; strategies fit the risk's kind; action keys are unique per
    /// response; secondary-risk links point both ways at existing risks.
    #[cfg(feature = "serde")]
    fn check(&self) -> Result<(), Error> {
        let n = self.risks.len();
        if u32::try_from(n).is_err() {
            return Err(Error::TooManyRisks {
                limit: u64::from(u32::MAX),
            });
        }
        let mut keys = std::collections::BTreeSet::new();
        for (i, r) in self.risks.iter().enumerate() {
            Key::new(r.key.as_str())?;
            if !keys.insert(r.key.as_str()) {
                return Err(Error::DuplicateKey { key: r.key.clone() });
            }
            let bad = |problem: &'static str| Error::InconsistentRisk {
                risk: r.key.clone(),
                problem,
            };
            check_history(r).map_err(bad)?;
            for a in &r.assessments {
                self.policy.evaluate(&r.key, r.kind, a)?;
            }
            for resp in &r.responses {
                if !resp.strategy.fits(r.kind) {
                    return Err(Error::StrategyMismatch {
                        risk: r.key.clone(),
                        kind: r.kind.article(),
                        strategy: resp.strategy.name(),
                    });
                }
                let mut actions = std::collections::BTreeSet::new();
                for a in &resp.actions {
                    if !actions.insert(a.key.as_str()) {
                        return Err(Error::DuplicateKey {
                            key: a.key.to_string(),
                        });
                    }
                }
                for a in resp.residual.iter().chain(resp.target.iter()) {
                    self.policy.evaluate(&r.key, r.kind, a)?;
                }
                for s in &resp.secondary {
                    let ok = self
                        .risks
                        .get(s.index())
                        .is_some_and(|sec| sec.origin.is_some_and(|(p, _)| p.index() == i));
                    if !ok {
                        return Err(bad("a secondary risk does not point back to it"));
                    }
                }
            }
            if let Some((p, resp)) = r.origin {
                let ok = self.risks.get(p.index()).is_some_and(|parent| {
                    parent
                        .responses
                        .get(resp)
                        .is_some_and(|x| x.secondary.iter().any(|s| s.index() == i))
                });
                if !ok {
                    return Err(bad("its origin is not a response of an existing risk"));
                }
            }
        }
        Ok(())
    }

    /// The scoring policy.
    #[must_use]
    pub fn policy(&self) -> &ScoringPolicy {
        &self.policy
    }

    fn get(&self, id: RiskId) -> Result<&Risk, Error> {
        self.risks.get(id.index()).ok_or(Error::UnknownRisk {
            risk: id.to_string(),
        })
    }

    fn get_mut(&mut self, id: RiskId) -> Result<&mut Risk, Error> {
        self.risks.get_mut(id.index()).ok_or(Error::UnknownRisk {
            risk: id.to_string(),
        })
    }

    /// Adds a risk, identified at `now`.
    ///
    /// # Errors
    ///
    /// [`Error::Core`] for an invalid key; [`Error::DuplicateKey`];
    /// [`Error::TooManyRisks`] past `u32::MAX` risks.
    pub fn add(&mut self, mut risk: Risk, now: NaiveDateTime) -> Result<RiskId, Error> {
        Key::new(risk.key.as_str())?;
        if self.id(&risk.key).is_some() {
            return Err(Error::DuplicateKey { key: risk.key });
        }
        let id = RiskId::from_index(self.risks.len()).ok_or(Error::TooManyRisks {
            limit: u64::from(u32::MAX),
        })?;
        risk.status = RiskStatus::Identified;
        risk.history = vec![RiskStatusChange {
            from: None,
            to: RiskStatus::Identified,
            at: now,
        }];
        risk.assessments.clear();
        risk.responses.clear();
        risk.issue = None;
        risk.origin = None;
        self.risks.push(risk);
        Ok(id)
    }

    /// Adds a secondary risk created by response `response` of `parent`.
    ///
    /// # Errors
    ///
    /// As [`RiskRegister::add`]; [`Error::UnknownRisk`] /
    /// [`Error::UnknownItem`] for an unknown parent or response.
    pub fn add_secondary(
        &mut self,
        parent: RiskId,
        response: usize,
        risk: Risk,
        now: NaiveDateTime,
    ) -> Result<RiskId, Error> {
        let p = self.get(parent)?;
        if response >= p.responses.len() {
            return Err(Error::UnknownItem {
                risk: p.key.clone(),
                what: "response",
                key: (response + 1).to_string(),
            });
        }
        let id = self.add(risk, now)?;
        self.risks[id.index()].origin = Some((parent, response));
        self.risks[parent.index()].responses[response]
            .secondary
            .push(id);
        Ok(id)
    }

    /// The id of the risk with key `key`.
    #[must_use]
    pub fn id(&self, key: &str) -> Option<RiskId> {
        self.risks
            .iter()
            .position(|r| r.key == key)
            .and_then(RiskId::from_index)
    }

    /// The risk with this id.
    #[must_use]
    pub fn risk(&self, id: RiskId) -> Option<&Risk> {
        self.risks.get(id.index())
    }

    /// All risks with their ids.
    pub fn risks(&self) -> Entries<'_, RiskId, Risk> {
        Entries::new(&self.risks)
    }

    /// Records an assessment (kept in the history).
    ///
    /// # Errors
    ///
    /// [`Error::InvalidAssessment`] per [`ScoringPolicy::evaluate`];
    /// [`Error::TimeWentBackwards`] before the risk's last change.
    ///
    /// # Example
    ///
    /// ```
    /// use planwright_core::chrono::NaiveDate;
    /// use planwright_risk::{Assessment, Dimension, ImpactInput, Risk, RiskRegister};
    ///
    /// let now = NaiveDate::from_ymd_opt(2026, 3, 2).unwrap().and_hms_opt(9, 0, 0).unwrap();
    /// let mut reg = RiskRegister::default(); // 5 × 5, bands at scores 1/5/10/15
    /// let r = reg.add(Risk::threat("vendor-late"), now)?;
    /// let e = reg.assess(r, Assessment::new(now, 0.6).impact(Dimension::Time, ImpactInput::Level(4)))?;
    /// assert_eq!((e.probability_level, e.impact_level, e.score), (3, 4, 12));
    /// # Ok::<(), planwright_risk::Error>(())
    /// ```
    pub fn assess(&mut self, id: RiskId, assessment: Assessment) -> Result<Evaluation, Error> {
        let risk = self.get(id)?;
        let eval = self.policy.evaluate(&risk.key, risk.kind, &assessment)?;
        if let Some(last) = risk.last_event() {
            if assessment.at < last {
                return Err(Error::TimeWentBackwards {
                    risk: risk.key.clone(),
                    at: assessment.at,
                    last,
                });
            }
        }
        self.get_mut(id)?.assessments.push(assessment);
        Ok(eval)
    }

    /// The evaluation of the latest assessment (`None` before any).
    ///
    /// # Errors
    ///
    /// [`Error::UnknownRisk`].
    pub fn evaluation(&self, id: RiskId) -> Result<Option<Evaluation>, Error> {
        let r = self.get(id)?;
        r.current()
            .map(|a| self.policy.evaluate(&r.key, r.kind, a))
            .transpose()
    }

    /// Moves a risk along its lifecycle (see [`RiskStatus`]).
    ///
    /// # Errors
    ///
    /// [`Error::TransitionNotAllowed`]; [`Error::GuardFailed`] when analysing
    /// without an assessment or planning a response without one;
    /// [`Error::TimeWentBackwards`].
    pub fn transition(
        &mut self,
        id: RiskId,
        to: RiskStatus,
        now: NaiveDateTime,
    ) -> Result<(), Error> {
        let r = self.get(id)?;
        let from = r.status;
        if !from.allows(to) {
            return Err(Error::TransitionNotAllowed {
                risk: r.key.clone(),
                from,
                to,
            });
        }
        let guard = |reason| Error::GuardFailed {
            risk: r.key.clone(),
            to,
            reason,
        };
        if to == RiskStatus::Analysed && r.assessments.is_empty() {
            return Err(guard("it has no assessment"));
        }
        if matches!(to, RiskStatus::ResponsePlanned | RiskStatus::Monitoring)
            && r.responses.is_empty()
        {
            return Err(guard("it has no response"));
        }
        self.record(id, to, now)
    }

    fn record(&mut self, id: RiskId, to: RiskStatus, now: NaiveDateTime) -> Result<(), Error> {
        let r = self.get_mut(id)?;
        if let Some(last) = r.last_event() {
            if now < last {
                return Err(Error::TimeWentBackwards {
                    risk: r.key.clone(),
                    at: now,
                    last,
                });
            }
        }
        let from = r.status;
        r.status = to;
        r.history.push(RiskStatusChange {
            from: Some(from),
            to,
            at: now,
        });
        Ok(())
    }

    /// The risk happened: it becomes an issue (kept, linked, dated).
    ///
    /// # Errors
    ///
    /// [`Error::TransitionNotAllowed`] unless the risk is open;
    /// [`Error::TimeWentBackwards`].
    pub fn occur(
        &mut self,
        id: RiskId,
        at: NaiveDateTime,
        description: impl Into<String>,
    ) -> Result<(), Error> {
        let r = self.get(id)?;
        if !r.status.is_open() {
            return Err(Error::TransitionNotAllowed {
                risk: r.key.clone(),
                from: r.status,
                to: RiskStatus::Occurred,
            });
        }
        self.record(id, RiskStatus::Occurred, at)?;
        self.get_mut(id)?.issue = Some(IssueRecord {
            at,
            description: description.into(),
        });
        Ok(())
    }

    /// Reopens a closed risk (back to Identified; history kept).
    ///
    /// # Errors
    ///
    /// [`Error::TransitionNotAllowed`] unless the risk is closed;
    /// [`Error::TimeWentBackwards`].
    pub fn reopen(&mut self, id: RiskId, now: NaiveDateTime) -> Result<(), Error> {
        let r = self.get(id)?;
        if r.status != RiskStatus::Closed {
            return Err(Error::TransitionNotAllowed {
                risk: r.key.clone(),
                from: r.status,
                to: RiskStatus::Identified,
            });
        }
        self.record(id, RiskStatus::Identified, now)
    }

    /// Adds a response; returns its index.
    ///
    /// # Errors
    ///
    /// [`Error::StrategyMismatch`]; [`Error::DuplicateKey`] for two actions
    /// with one key; [`Error::InvalidAssessment`] for an invalid residual or
    /// target assessment.
    pub fn add_response(&mut self, id: RiskId, response: Response) -> Result<usize, Error> {
        let r = self.get(id)?;
        if !response.strategy.fits(r.kind) {
            return Err(Error::StrategyMismatch {
                risk: r.key.clone(),
                kind: r.kind.article(),
                strategy: response.strategy.name(),
            });
        }
        let mut keys = std::collections::BTreeSet::new();
        for a in &response.actions {
            if !keys.insert(a.key.as_str()) {
                return Err(Error::DuplicateKey {
                    key: a.key.to_string(),
                });
            }
        }
        for a in response.residual.iter().chain(response.target.iter()) {
            self.policy.evaluate(&r.key, r.kind, a)?;
        }
        let rm = self.get_mut(id)?;
        rm.responses.push(Response {
            secondary: Vec::new(),
            ..response
        });
        Ok(rm.responses.len() - 1)
    }

    /// Sets an action's status.
    ///
    /// # Errors
    ///
    /// [`Error::UnknownItem`] for an unknown response or action.
    pub fn set_action_status(
        &mut self,
        id: RiskId,
        response: usize,
        action: &str,
        status: ActionStatus,
    ) -> Result<(), Error> {
        let r = self.get_mut(id)?;
        let key = r.key.clone();
        let resp = r.responses.get_mut(response).ok_or(Error::UnknownItem {
            risk: key.clone(),
            what: "response",
            key: (response + 1).to_string(),
        })?;
        let a = resp
            .actions
            .iter_mut()
            .find(|a| a.key == action)
            .ok_or(Error::UnknownItem {
                risk: key,
                what: "action",
                key: action.to_owned(),
            })?;
        a.status = status;
        Ok(())
    }
}

/// A lifecycle history the register's methods could have written: it starts
/// with identification, each change leaves the status the previous one
/// entered along an allowed edge (or occurs from an open status, or reopens
/// a closed risk), times never go back, and the last change is the current
/// status; an issue record goes with an occurrence.
#[cfg(feature = "serde")]
fn check_history(r: &Risk) -> Result<(), &'static str> {
    let first = r.history.first().ok_or("it has no history")?;
    if first.from.is_some() || first.to != RiskStatus::Identified {
        return Err("its history does not start at identification");
    }
    for w in r.history.windows(2) {
        let (a, b) = (&w[0], &w[1]);
        if b.from != Some(a.to) {
            return Err("its history skips a status");
        }
        let edge = a.to.allows(b.to)
            || (a.to.is_open() && b.to == RiskStatus::Occurred)
            || (a.to == RiskStatus::Closed && b.to == RiskStatus::Identified);
        if !edge {
            return Err("its history takes a move the lifecycle does not allow");
        }
        if b.at < a.at {
            return Err("its history goes back in time");
        }
    }
    if r.history.last().map(|c| c.to) != Some(r.status) {
        return Err("its status is not the last recorded change");
    }
    let occurred = r.history.iter().any(|c| c.to == RiskStatus::Occurred);
    if r.issue.is_some() && !occurred {
        return Err("it has an issue record but never occurred");
    }
    if r.assessments.windows(2).any(|w| w[1].at < w[0].at) {
        return Err("its assessments are not in time order");
    }
    Ok(())
}
