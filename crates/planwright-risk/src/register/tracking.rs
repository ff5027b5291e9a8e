//! Tracking over time: alerts, trends and exposure history.

use core::fmt;

use chrono::{NaiveDate, NaiveDateTime};
use planwright_core::Money;

use super::{ActionStatus, RiskId, RiskRegister, RiskStatus};
use crate::Error;

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

impl RiskRegister {
    /// Tracking as of `now`: overdue actions, open risks without owner,
    /// risks at or above the threshold without response, scores that rose
    /// since the previous assessment, ineffective responses, proximity
    /// alerts. In risk id order, then the order above.
    ///
    /// # Errors
    ///
    /// As [`RiskRegister::evaluation`].
    ///
    /// # Complexity
    ///
    /// O(r × (a + actions)) for r risks with a assessments each.
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
            if let Some(e) = &eval {
                if e.score >= options.response_threshold && r.responses.is_empty() {
                    out.push(Alert::NoResponse {
                        risk: r.key.clone(),
                        score: e.score,
                    });
                }
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
    ///
    /// # Complexity
    ///
    /// O(a) for the risk's a assessments.
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
    ///
    /// # Complexity
    ///
    /// O(d × (r + h)) for d dates, r risks and h history entries.
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
}
