//! Responses to a risk: strategies, actions and their status.

use chrono::NaiveDate;
use planwright_core::{Key, Money};

use super::RiskId;
use crate::Error;
use crate::scoring::{Assessment, RiskKind};

/// A response strategy.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
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

    pub(super) const fn name(self) -> &'static str {
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
#[non_exhaustive]
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
