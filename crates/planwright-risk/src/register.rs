//! The risk register: risks, their lifecycle, assessments, responses and
//! actions; queries, tracking and history.

use core::fmt;
use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate, NaiveDateTime};
use planwright_core::{Key, Money, Phase, TaskId};

use crate::Error;
use crate::scoring::{Assessment, Evaluation, RiskKind, ScoringPolicy};

planwright_core::define_id!(
    /// Identifies a risk in a [`RiskRegister`].
    RiskId
);

/// The lifecycle of a risk.
///
/// | from | to |
/// |---|---|
/// | Identified | Analysed (needs an assessment), Closed |
/// | Analysed | ResponsePlanned (needs a response), Closed (accepted) |
/// | ResponsePlanned | Monitoring, Analysed (re-analyse) |
/// | Monitoring | Closed, ResponsePlanned (revise the response) |
/// | any open status | Occurred (the risk became an issue: [`RiskRegister::occur`]) |
/// | Occurred | Closed |
/// | Closed | — (only [`RiskRegister::reopen`], back to Identified) |
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub enum RiskStatus {
    /// Recorded, not yet analysed.
    Identified,
    /// Assessed.
    Analysed,
    /// A response is planned.
    ResponsePlanned,
    /// The response is in place; triggers are watched.
    Monitoring,
    /// It happened: now an issue.
    Occurred,
    /// No longer relevant.
    Closed,
}

impl RiskStatus {
    /// `true` for the statuses of a live risk (not occurred, not closed).
    #[must_use]
    pub const fn is_open(self) -> bool {
        !matches!(self, RiskStatus::Occurred | RiskStatus::Closed)
    }

    fn allows(self, to: RiskStatus) -> bool {
        use RiskStatus::*;
        matches!(
            (self, to),
            (Identified, Analysed)
                | (Identified, Closed)
                | (Analysed, ResponsePlanned)
                | (Analysed, Closed)
                | (ResponsePlanned, Monitoring)
                | (ResponsePlanned, Analysed)
                | (Monitoring, Closed)
                | (Monitoring, ResponsePlanned)
                | (Occurred, Closed)
        )
    }
}

impl fmt::Display for RiskStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            RiskStatus::Identified => "identified",
            RiskStatus::Analysed => "analysed",
            RiskStatus::ResponsePlanned => "response planned",
            RiskStatus::Monitoring => "monitoring",
            RiskStatus::Occurred => "occurred",
            RiskStatus::Closed => "closed",
        })
    }
}

/// What a risk is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub enum RiskLink {
    /// A task of the project.
    Task(TaskId),
    /// A lifecycle phase.
    Phase(Phase),
    /// The whole project.
    Project,
}

/// A response strategy.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub enum Strategy {
    /// Threats: remove the cause.
    Avoid,
    /// Threats: reduce probability or impact.
    Mitigate,
    /// Threats: shift the impact to a third party.
    Transfer,
    /// Opportunities: make it happen.
    Exploit,
    /// Opportunities: raise probability or impact.
    Enhance,
    /// Opportunities: share it with a partner.
    Share,
    /// Both: take it as it comes.
    Accept,
    /// Both: hand it to a higher level.
    Escalate,
}

impl Strategy {
    /// `true` when the strategy applies to `kind`.
    #[must_use]
    pub const fn fits(self, kind: RiskKind) -> bool {
        match self {
            Strategy::Avoid | Strategy::Mitigate | Strategy::Transfer => {
                matches!(kind, RiskKind::Threat)
            }
            Strategy::Exploit | Strategy::Enhance | Strategy::Share => {
                matches!(kind, RiskKind::Opportunity)
            }
            Strategy::Accept | Strategy::Escalate => true,
        }
    }

    const fn name(self) -> &'static str {
        match self {
            Strategy::Avoid => "avoid",
            Strategy::Mitigate => "mitigate",
            Strategy::Transfer => "transfer",
            Strategy::Exploit => "exploit",
            Strategy::Enhance => "enhance",
            Strategy::Share => "share",
            Strategy::Accept => "accept",
            Strategy::Escalate => "escalate",
        }
    }
}

/// The state of a response action.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub enum ActionStatus {
    /// Not started.
    Planned,
    /// Under way.
    InProgress,
    /// Finished.
    Done,
    /// Dropped.
    Cancelled,
}

/// A response action with an owner, a due date and a cost.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub struct Action {
    /// Unique within the risk.
    pub key: Key,
    /// What to do.
    pub description: String,
    /// Who does it.
    pub owner: String,
    /// When it is due.
    pub due: NaiveDate,
    /// Its state.
    pub status: ActionStatus,
    /// What it costs.
    pub cost: Money,
}

impl Action {
    /// A planned action.
    ///
    /// # Errors
    ///
    /// [`Error::Core`] for an invalid key.
    pub fn new(
        key: impl Into<String>,
        description: impl Into<String>,
        owner: impl Into<String>,
        due: NaiveDate,
    ) -> Result<Self, Error> {
        Ok(Action {
            key: Key::new(key)?,
            description: description.into(),
            owner: owner.into(),
            due,
            status: ActionStatus::Planned,
            cost: Money::ZERO,
        })
    }

    /// Sets the cost.
    #[must_use]
    pub fn cost(mut self, cost: Money) -> Self {
        self.cost = cost;
        self
    }
}

/// A planned response to a risk.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub struct Response {
    /// The strategy (must fit the risk's kind).
    pub strategy: Strategy,
    /// What the response is.
    pub description: String,
    /// Actions carrying it out.
    pub actions: Vec<Action>,
    /// What to do if the risk occurs anyway.
    pub contingency: Option<String>,
    /// What to do if the contingency fails.
    pub fallback: Option<String>,
    /// Expected assessment after the response is in place.
    pub residual: Option<Assessment>,
    /// The assessment the response aims for.
    pub target: Option<Assessment>,
    /// Risks this response creates.
    pub secondary: Vec<RiskId>,
}

impl Response {
    /// A response with a strategy and description.
    #[must_use]
    pub fn new(strategy: Strategy, description: impl Into<String>) -> Self {
        Response {
            strategy,
            description: description.into(),
            actions: Vec::new(),
            contingency: None,
            fallback: None,
            residual: None,
            target: None,
            secondary: Vec::new(),
        }
    }

    /// Adds an action.
    #[must_use]
    pub fn action(mut self, action: Action) -> Self {
        self.actions.push(action);
        self
    }

    /// Sets the contingency plan.
    #[must_use]
    pub fn contingency(mut self, plan: impl Into<String>) -> Self {
        self.contingency = Some(plan.into());
        self
    }

    /// Sets the fallback plan.
    #[must_use]
    pub fn fallback(mut self, plan: impl Into<String>) -> Self {
        self.fallback = Some(plan.into());
        self
    }

    /// Sets the residual assessment.
    #[must_use]
    pub fn residual(mut self, a: Assessment) -> Self {
        self.residual = Some(a);
        self
    }

    /// Sets the target assessment.
    #[must_use]
    pub fn target(mut self, a: Assessment) -> Self {
        self.target = Some(a);
        self
    }

    /// The total cost of its actions (saturating), cancelled ones excluded.
    #[must_use]
    pub fn cost(&self) -> Money {
        self.actions
            .iter()
            .filter(|a| a.status != ActionStatus::Cancelled)
            .fold(Money::ZERO, |acc, a| acc.saturating_add(a.cost))
    }
}

/// A recorded status change.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub struct RiskStatusChange {
    /// Previous status (`None` at creation).
    pub from: Option<RiskStatus>,
    /// New status.
    pub to: RiskStatus,
    /// When.
    pub at: NaiveDateTime,
}

/// The issue a risk became when it occurred.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub struct IssueRecord {
    /// When it occurred.
    pub at: NaiveDateTime,
    /// What happened.
    pub description: String,
}

/// A threat or opportunity.
///
/// Build one with [`Risk::threat`] or [`Risk::opportunity`] and the builder
/// methods; the register keeps its status, assessments and responses.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub struct Risk {
    /// Unique key in the register.
    pub key: String,
    /// Short title.
    pub title: String,
    /// Threat or opportunity.
    pub kind: RiskKind,
    /// Why it could happen.
    pub cause: String,
    /// What could happen.
    pub event: String,
    /// What it would do to the objectives.
    pub effect: String,
    /// A path in the user's risk breakdown structure, e.g.
    /// `technical/integration`.
    pub category: String,
    /// Who owns it.
    pub owner: Option<String>,
    /// When it could happen (for proximity alerts).
    pub proximity: Option<NaiveDate>,
    /// Warning signs.
    pub triggers: Vec<String>,
    /// What it is about.
    pub links: Vec<RiskLink>,
    status: RiskStatus,
    history: Vec<RiskStatusChange>,
    assessments: Vec<Assessment>,
    responses: Vec<Response>,
    issue: Option<IssueRecord>,
    /// The risk and response that created this one (a secondary risk).
    origin: Option<(RiskId, usize)>,
}

impl Risk {
    fn with_kind(key: String, kind: RiskKind) -> Self {
        Risk {
            key,
            title: String::new(),
            kind,
            cause: String::new(),
            event: String::new(),
            effect: String::new(),
            category: String::new(),
            owner: None,
            proximity: None,
            triggers: Vec::new(),
            links: Vec::new(),
            status: RiskStatus::Identified,
            history: Vec::new(),
            assessments: Vec::new(),
            responses: Vec::new(),
            issue: None,
            origin: None,
        }
    }

    /// A threat.
    #[must_use]
    pub fn threat(key: impl Into<String>) -> Self {
        Risk::with_kind(key.into(), RiskKind::Threat)
    }

    /// An opportunity.
    #[must_use]
    pub fn opportunity(key: impl Into<String>) -> Self {
        Risk::with_kind(key.into(), RiskKind::Opportunity)
    }

    /// Sets the title.
    #[must_use]
    pub fn title(mut self, title: impl Into<String>) -> Self {
        self.title = title.into();
        self
    }

    /// Sets cause, event and effect ("because of C, E may happen, leading to F").
    #[must_use]
    pub fn statement(
        mut self,
        cause: impl Into<String>,
        event: impl Into<String>,
        effect: impl Into<String>,
    ) -> Self {
        self.cause = cause.into();
        self.event = event.into();
        self.effect = effect.into();
        self
    }

    /// Sets the category.
    #[must_use]
    pub fn category(mut self, category: impl Into<String>) -> Self {
        self.category = category.into();
        self
    }

    /// Sets the owner.
    #[must_use]
    pub fn owner(mut self, owner: impl Into<String>) -> Self {
        self.owner = Some(owner.into());
        self
    }

    /// Sets the proximity date.
    #[must_use]
    pub fn proximity(mut self, date: NaiveDate) -> Self {
        self.proximity = Some(date);
        self
    }

    /// Adds a trigger.
    #[must_use]
    pub fn trigger(mut self, trigger: impl Into<String>) -> Self {
        self.triggers.push(trigger.into());
        self
    }

    /// Links it to a task, phase or the project.
    #[must_use]
    pub fn link(mut self, link: RiskLink) -> Self {
        self.links.push(link);
        self
    }

    /// The current status.
    #[must_use]
    pub fn status(&self) -> RiskStatus {
        self.status
    }

    /// Every status change, oldest first (the first is the creation).
    #[must_use]
    pub fn history(&self) -> &[RiskStatusChange] {
        &self.history
    }

    /// Every assessment, oldest first.
    #[must_use]
    pub fn assessments(&self) -> &[Assessment] {
        &self.assessments
    }

    /// The latest assessment.
    #[must_use]
    pub fn current(&self) -> Option<&Assessment> {
        self.assessments.last()
    }

    /// The responses.
    #[must_use]
    pub fn responses(&self) -> &[Response] {
        &self.responses
    }

    /// The issue it became, if it occurred.
    #[must_use]
    pub fn issue(&self) -> Option<&IssueRecord> {
        self.issue.as_ref()
    }

    /// The risk and response that created it.
    #[must_use]
    pub fn origin(&self) -> Option<(RiskId, usize)> {
        self.origin
    }

    fn last_event(&self) -> Option<NaiveDateTime> {
        let a = self.assessments.last().map(|a| a.at);
        let h = self.history.last().map(|h| h.at);
        a.max(h)
    }

    /// The status at the end of `date` (from the history).
    fn status_at(&self, at: NaiveDateTime) -> Option<RiskStatus> {
        self.history
            .iter()
            .take_while(|h| h.at <= at)
            .last()
            .map(|h| h.to)
    }
}

/// Sorting orders for queries.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
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

/// Something tracking found, given `now`.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub enum Alert {
    /// An action is past its due date and not done or cancelled.
    OverdueAction {
        /// The risk.
        risk: String,
        /// The action.
        action: String,
        /// Its owner.
        owner: String,
        /// Days overdue.
        days: i64,
    },
    /// An open risk has no owner.
    NoOwner {
        /// The risk.
        risk: String,
    },
    /// An open risk scored at or above the threshold has no response.
    NoResponse {
        /// The risk.
        risk: String,
        /// Its score.
        score: u32,
    },
    /// The score rose since the previous assessment.
    ScoreRose {
        /// The risk.
        risk: String,
        /// Previous score.
        from: u32,
        /// Current score.
        to: u32,
    },
    /// A response whose residual score is not below the current score.
    Ineffective {
        /// The risk.
        risk: String,
        /// The response's index.
        response: usize,
        /// Current score.
        score: u32,
        /// Residual score.
        residual: u32,
    },
    /// An open risk's proximity date is within the alert window.
    Proximity {
        /// The risk.
        risk: String,
        /// Its proximity date.
        date: NaiveDate,
        /// Days until then (negative: passed).
        days: i64,
    },
}

impl fmt::Display for Alert {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Alert::OverdueAction {
                risk,
                action,
                owner,
                days,
            } => {
                write!(
                    f,
                    "`{risk}`: action `{action}` ({owner}) is {days} days overdue"
                )
            }
            Alert::NoOwner { risk } => write!(f, "`{risk}` has no owner"),
            Alert::NoResponse { risk, score } => {
                write!(f, "`{risk}` scores {score} and has no response")
            }
            Alert::ScoreRose { risk, from, to } => {
                write!(f, "`{risk}` rose from {from} to {to} since the last review")
            }
            Alert::Ineffective {
                risk,
                response,
                score,
                residual,
            } => write!(
                f,
                "`{risk}`: response {} leaves a residual score of {residual}, not below {score}",
                response + 1
            ),
            Alert::Proximity { risk, date, days } => {
                write!(f, "`{risk}` may occur on {date} (in {days} days)")
            }
        }
    }
}

/// Settings of [`RiskRegister::track`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub struct TrackOptions {
    /// Risks scoring at least this need a response.
    pub response_threshold: u32,
    /// Proximity alerts for dates within this many days.
    pub proximity_days: i64,
}

impl Default for TrackOptions {
    fn default() -> Self {
        TrackOptions {
            response_threshold: 10,
            proximity_days: 14,
        }
    }
}

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
pub struct RiskRegister {
    policy: ScoringPolicy,
    risks: Vec<Risk>,
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
    /// [`Error::Core`] for an invalid key; [`Error::DuplicateKey`].
    pub fn add(&mut self, mut risk: Risk, now: NaiveDateTime) -> Result<RiskId, Error> {
        Key::new(risk.key.as_str())?;
        if self.id(&risk.key).is_some() {
            return Err(Error::DuplicateKey { key: risk.key });
        }
        let id = RiskId::from_index(self.risks.len()).ok_or(Error::DuplicateKey {
            key: risk.key.clone(),
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
    pub fn risks(&self) -> impl ExactSizeIterator<Item = (RiskId, &Risk)> {
        self.risks
            .iter()
            .enumerate()
            .map(|(i, r)| (RiskId::new(i as u32), r))
    }

    /// Records an assessment (kept in the history).
    ///
    /// # Errors
    ///
    /// [`Error::InvalidAssessment`] per [`ScoringPolicy::evaluate`];
    /// [`Error::TimeWentBackwards`] before the risk's last change.
    pub fn assess(&mut self, id: RiskId, assessment: Assessment) -> Result<Evaluation, Error> {
        let risk = self.get(id)?;
        let eval = self.policy.evaluate(&risk.key, risk.kind, &assessment)?;
        if let Some(last) = risk.last_event()
            && assessment.at < last
        {
            return Err(Error::TimeWentBackwards {
                risk: risk.key.clone(),
                at: assessment.at,
                last,
            });
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
        if let Some(last) = r.last_event()
            && now < last
        {
            return Err(Error::TimeWentBackwards {
                risk: r.key.clone(),
                at: now,
                last,
            });
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

    /// Tracking as of `now`: overdue actions, open risks without owner,
    /// risks at or above the threshold without response, scores that rose
    /// since the previous assessment, ineffective responses, proximity
    /// alerts. In risk id order, then the order above.
    ///
    /// # Errors
    ///
    /// As [`RiskRegister::evaluation`].
    pub fn track(&self, now: NaiveDateTime, options: TrackOptions) -> Result<Vec<Alert>, Error> {
        let today = now.date();
        let mut out = Vec::new();
        for (id, r) in self.risks() {
            if !r.status.is_open() {
                continue;
            }
            for resp in &r.responses {
                for a in &resp.actions {
                    if matches!(a.status, ActionStatus::Planned | ActionStatus::InProgress)
                        && a.due < today
                    {
                        out.push(Alert::OverdueAction {
                            risk: r.key.clone(),
                            action: a.key.to_string(),
                            owner: a.owner.clone(),
                            days: (today - a.due).num_days(),
                        });
                    }
                }
            }
            if r.owner.as_deref().is_none_or(str::is_empty) {
                out.push(Alert::NoOwner {
                    risk: r.key.clone(),
                });
            }
            let eval = self.evaluation(id)?;
            if let Some(e) = &eval
                && e.score >= options.response_threshold
                && r.responses.is_empty()
            {
                out.push(Alert::NoResponse {
                    risk: r.key.clone(),
                    score: e.score,
                });
            }
            if let [.., prev, last] = r.assessments.as_slice() {
                let p = self.policy.evaluate(&r.key, r.kind, prev)?.score;
                let l = self.policy.evaluate(&r.key, r.kind, last)?.score;
                if l > p {
                    out.push(Alert::ScoreRose {
                        risk: r.key.clone(),
                        from: p,
                        to: l,
                    });
                }
            }
            if let Some(e) = &eval {
                for (i, resp) in r.responses.iter().enumerate() {
                    if let Some(res) = &resp.residual {
                        let rs = self.policy.evaluate(&r.key, r.kind, res)?.score;
                        if rs >= e.score {
                            out.push(Alert::Ineffective {
                                risk: r.key.clone(),
                                response: i,
                                score: e.score,
                                residual: rs,
                            });
                        }
                    }
                }
            }
            if let Some(d) = r.proximity {
                let days = (d - today).num_days();
                if days <= options.proximity_days {
                    out.push(Alert::Proximity {
                        risk: r.key.clone(),
                        date: d,
                        days,
                    });
                }
            }
        }
        Ok(out)
    }

    /// A risk's score over time: `(when, score)` for every assessment.
    ///
    /// # Errors
    ///
    /// As [`RiskRegister::evaluation`].
    pub fn trend(&self, id: RiskId) -> Result<Vec<(NaiveDateTime, u32)>, Error> {
        let r = self.get(id)?;
        r.assessments
            .iter()
            .map(|a| Ok((a.at, self.policy.evaluate(&r.key, r.kind, a)?.score)))
            .collect()
    }

    /// Register exposure at each of `dates` (end of day): the sum of EMVs of
    /// the risks open then, each by its latest assessment up to then — the
    /// risk burndown.
    ///
    /// # Errors
    ///
    /// As [`RiskRegister::evaluation`].
    pub fn exposure_over_time(
        &self,
        dates: &[NaiveDate],
    ) -> Result<Vec<(NaiveDate, Money)>, Error> {
        let mut out = Vec::with_capacity(dates.len());
        for &d in dates {
            let end = d
                .and_hms_opt(23, 59, 59)
                .unwrap_or_else(|| d.and_time(chrono::NaiveTime::MIN));
            let mut total = Money::ZERO;
            for (_, r) in self.risks() {
                if !r.status_at(end).is_some_and(RiskStatus::is_open) {
                    continue;
                }
                if let Some(a) = r.assessments.iter().take_while(|a| a.at <= end).last() {
                    total = total.saturating_add(self.policy.evaluate(&r.key, r.kind, a)?.emv);
                }
            }
            out.push((d, total));
        }
        Ok(out)
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
