//! A risk: its statement, links, lifecycle status and history.

use core::fmt;

use chrono::{NaiveDate, NaiveDateTime};
use planwright_core::{Phase, TaskId};

use super::{Response, RiskId};
use crate::scoring::{Assessment, RiskKind};

/// The lifecycle of a risk.
///
/// | from | to |
/// |---|---|
/// | Identified | Analysed (needs an assessment), Closed |
/// | Analysed | ResponsePlanned (needs a response), Closed (accepted) |
/// | ResponsePlanned | Monitoring, Analysed (re-analyse) |
/// | Monitoring | Closed, ResponsePlanned (revise the response) |
/// | any open status | Occurred (the risk became an issue: [`RiskRegister::occur`](crate::RiskRegister::occur)) |
/// | Occurred | Closed |
/// | Closed | — (only [`RiskRegister::reopen`](crate::RiskRegister::reopen), back to Identified) |
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
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

    pub(super) fn allows(self, to: RiskStatus) -> bool {
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
#[non_exhaustive]
pub enum RiskLink {
    /// A task of the project.
    Task(TaskId),
    /// A lifecycle phase.
    Phase(Phase),
    /// The whole project.
    Project,
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
    pub(super) status: RiskStatus,
    pub(super) history: Vec<RiskStatusChange>,
    pub(super) assessments: Vec<Assessment>,
    pub(super) responses: Vec<Response>,
    pub(super) issue: Option<IssueRecord>,
    /// The risk and response that created this one (a secondary risk).
    pub(super) origin: Option<(RiskId, usize)>,
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

    pub(super) fn last_event(&self) -> Option<NaiveDateTime> {
        let a = self.assessments.last().map(|a| a.at);
        let h = self.history.last().map(|h| h.at);
        a.max(h)
    }

    /// The status at the end of `date` (from the history).
    pub(super) fn status_at(&self, at: NaiveDateTime) -> Option<RiskStatus> {
        self.history
            .iter()
            .take_while(|h| h.at <= at)
            .last()
            .map(|h| h.to)
    }
}
