//! The project lifecycle: gate criteria, sign-offs and phase moves.

use std::collections::HashSet;

use chrono::NaiveDateTime;

use super::Project;
use crate::error::Entity;
use crate::lifecycle::{
    Check, Gate, GateCriterion, Lifecycle, PhaseChange, SignOff, UnmetCriterion,
};
use crate::{Error, Phase, TaskKind};

impl Project {
    // ----- lifecycle -------------------------------------------------------

    /// The lifecycle state.
    #[must_use]
    pub fn lifecycle(&self) -> &Lifecycle {
        &self.lifecycle
    }

    /// The current phase.
    #[must_use]
    pub fn phase(&self) -> Phase {
        self.lifecycle.phase
    }

    /// Replaces the lifecycle's gate criteria (e.g. with
    /// [`Lifecycle::without_gates`] or a custom set), keeping the phase,
    /// sign-offs of criteria that remain, and history.
    ///
    /// # Errors
    ///
    /// [`Error::DuplicateKey`] when two criteria share a key.
    pub fn set_criteria(&mut self, criteria: Vec<GateCriterion>) -> Result<(), Error> {
        let mut seen = HashSet::new();
        for c in &criteria {
            if !seen.insert(c.key.as_str()) {
                return Err(Error::DuplicateKey {
                    entity: Entity::Criterion,
                    key: c.key.clone(),
                });
            }
        }
        self.lifecycle
            .sign_offs
            .retain(|k, _| criteria.iter().any(|c| &c.key == k));
        self.lifecycle.criteria = criteria;
        Ok(())
    }

    /// Adds a gate criterion.
    ///
    /// # Errors
    ///
    /// [`Error::DuplicateKey`] when the key is taken.
    pub fn add_criterion(&mut self, criterion: GateCriterion) -> Result<(), Error> {
        if self
            .lifecycle
            .criteria
            .iter()
            .any(|c| c.key == criterion.key)
        {
            return Err(Error::DuplicateKey {
                entity: Entity::Criterion,
                key: criterion.key,
            });
        }
        self.lifecycle.criteria.push(criterion);
        Ok(())
    }

    /// Signs off a manual criterion.
    ///
    /// # Errors
    ///
    /// [`Error::UnknownKey`] for an unknown criterion;
    /// [`Error::InvalidStructure`] for a criterion the project checks itself.
    pub fn sign_off(
        &mut self,
        criterion: &str,
        by: impl Into<String>,
        at: NaiveDateTime,
    ) -> Result<(), Error> {
        let c = self
            .lifecycle
            .criteria
            .iter()
            .find(|c| c.key == criterion)
            .ok_or_else(|| Error::UnknownKey {
                entity: Entity::Criterion,
                key: crate::key::truncate_for_message(criterion),
            })?;
        if c.check != Check::Manual {
            return Err(Error::InvalidStructure {
                item: criterion.to_owned(),
                reason: "only manual criteria are signed off; the project checks this one itself",
            });
        }
        let key = c.key.clone();
        self.lifecycle
            .sign_offs
            .insert(key, SignOff { at, by: by.into() });
        Ok(())
    }

    /// Withdraws a sign-off (e.g. acceptance revoked). Does nothing when the
    /// criterion was not signed off.
    pub fn revoke_sign_off(&mut self, criterion: &str) {
        self.lifecycle.sign_offs.remove(criterion);
    }

    fn is_met(&self, criterion: &GateCriterion) -> bool {
        match criterion.check {
            Check::Manual => self.lifecycle.sign_offs.contains_key(&criterion.key),
            Check::HasObjectives => !self.objectives.is_empty(),
            Check::HasStakeholders => !self.stakeholders.is_empty(),
            Check::HasScope => !self.scope.statement.trim().is_empty(),
            Check::HasBudget => self.budget.is_some(),
            Check::HasTasks => !self.tasks.is_empty(),
            Check::HasBaseline => !self.baselines.is_empty(),
            Check::AllWorkComplete => self
                .tasks
                .iter()
                .filter(|t| t.kind != TaskKind::Summary)
                .all(|t| t.progress.is_finished()),
        }
    }

    /// Every unmet criterion of a gate, in definition order.
    #[must_use]
    pub fn unmet_criteria(&self, gate: Gate) -> Vec<UnmetCriterion> {
        self.lifecycle
            .criteria
            .iter()
            .filter(|c| c.gate == gate && !self.is_met(c))
            .map(|c| UnmetCriterion {
                key: c.key.clone(),
                description: c.description.clone(),
            })
            .collect()
    }

    /// Moves the project to another phase at `at`.
    ///
    /// # Errors
    ///
    /// [`Error::ProjectClosed`]; [`Error::PhaseTransitionNotAllowed`] for a
    /// move the lifecycle does not allow; [`Error::GateCriteriaUnmet`] listing
    /// every unmet criterion of the gate; [`Error::TimeWentBackwards`] when
    /// `at` is before the last phase change.
    pub fn move_to_phase(&mut self, to: Phase, at: NaiveDateTime) -> Result<(), Error> {
        if self.lifecycle.closed.is_some() {
            return Err(Error::ProjectClosed);
        }
        let from = self.lifecycle.phase;
        if !from.can_move_to(to) {
            return Err(Error::PhaseTransitionNotAllowed { from, to });
        }
        let unmet = self.unmet_criteria(Gate::Enter(to));
        if !unmet.is_empty() {
            return Err(Error::GateCriteriaUnmet { from, to, unmet });
        }
        self.check_lifecycle_time(at)?;
        self.lifecycle.phase = to;
        self.lifecycle.history.push(PhaseChange { from, to, at });
        Ok(())
    }

    /// Closes the project at `at`.
    ///
    /// # Errors
    ///
    /// [`Error::ProjectClosed`] when already closed;
    /// [`Error::PhaseTransitionNotAllowed`] outside the Closing phase;
    /// [`Error::GateCriteriaUnmet`] with every unmet closing criterion;
    /// [`Error::TimeWentBackwards`].
    pub fn close(&mut self, at: NaiveDateTime) -> Result<(), Error> {
        if self.lifecycle.closed.is_some() {
            return Err(Error::ProjectClosed);
        }
        let from = self.lifecycle.phase;
        if from != Phase::Closing {
            return Err(Error::PhaseTransitionNotAllowed {
                from,
                to: Phase::Closing,
            });
        }
        let unmet = self.unmet_criteria(Gate::Close);
        if !unmet.is_empty() {
            return Err(Error::GateCriteriaUnmet {
                from,
                to: Phase::Closing,
                unmet,
            });
        }
        self.check_lifecycle_time(at)?;
        self.lifecycle.closed = Some(at);
        Ok(())
    }

    fn check_lifecycle_time(&self, at: NaiveDateTime) -> Result<(), Error> {
        match self.lifecycle.last_event() {
            Some(last) if at < last => Err(Error::TimeWentBackwards {
                item: self.name.clone(),
                at,
                last,
            }),
            _ => Ok(()),
        }
    }
}
