//! What a simulation is asked to do: risk events, correlations, early
//! stop, iterations, tracked tasks.

use std::collections::BTreeMap;

use chrono::NaiveDateTime;
use planwright_core::{Duration, Money, Project, TaskId};

use crate::Error;
use crate::distribution::DurationDist;
use crate::register::{RiskId, RiskLink, RiskRegister};

/// How a risk event changes the durations of its tasks.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub enum RiskImpact {
    /// Adds a sampled delay to each affected task.
    Delay(DurationDist),
    /// Multiplies each affected task's duration by a triangular factor.
    Factor {
        /// Smallest factor (≥ 0).
        min: f64,
        /// Most likely factor.
        mode: f64,
        /// Largest factor.
        max: f64,
    },
}

/// A probabilistic risk event.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub struct RiskEvent {
    /// A name for reports.
    pub key: String,
    /// Probability of occurring in an iteration, 0 to 1.
    pub probability: f64,
    /// The tasks it affects (a task listed twice is affected once).
    pub tasks: Vec<TaskId>,
    /// What it does to their durations.
    pub impact: RiskImpact,
    /// What it costs when it occurs: triangular (min, mode, max).
    pub cost: Option<(Money, Money, Money)>,
}

impl RiskEvent {
    /// A risk event.
    #[must_use]
    pub fn new(
        key: impl Into<String>,
        probability: f64,
        tasks: Vec<TaskId>,
        impact: RiskImpact,
    ) -> Self {
        RiskEvent {
            key: key.into(),
            probability,
            tasks,
            impact,
            cost: None,
        }
    }

    /// Adds a triangular cost impact.
    #[must_use]
    pub fn cost(mut self, min: Money, mode: Money, max: Money) -> Self {
        self.cost = Some((min, mode, max));
        self
    }

    /// A risk event from the register: the probability of the risk's
    /// current assessment, and the tasks it is linked to — a task link
    /// names one task, a phase link every task in that phase (its own or
    /// its nearest summary's), a project link every task. The schedule
    /// impact is given.
    ///
    /// # Errors
    ///
    /// [`Error::UnknownRisk`]; [`Error::InvalidSimulation`] for a risk
    /// without an assessment, or whose links reach no task of `project`.
    pub fn from_register(
        register: &RiskRegister,
        id: RiskId,
        project: &Project,
        impact: RiskImpact,
    ) -> Result<Self, Error> {
        let risk = register.risk(id).ok_or(Error::UnknownRisk {
            risk: id.to_string(),
        })?;
        let eval = register
            .evaluation(id)?
            .ok_or_else(|| Error::InvalidSimulation {
                item: risk.key.clone(),
                reason: "the risk has no assessment to take a probability from".into(),
            })?;
        fn phase_of<'a>(
            project: &'a Project,
            mut t: &'a planwright_core::Task,
        ) -> Option<planwright_core::Phase> {
            for _ in 0..=project.task_count() {
                if t.phase.is_some() {
                    return t.phase;
                }
                t = project.task(t.parent?)?;
            }
            None
        }
        let mut tasks: Vec<TaskId> = Vec::new();
        for link in &risk.links {
            for (tid, t) in project.tasks() {
                let hit = match link {
                    RiskLink::Task(x) => *x == tid,
                    RiskLink::Phase(ph) => !t.is_summary() && phase_of(project, t) == Some(*ph),
                    RiskLink::Project => !t.is_summary(),
                };
                if hit && !tasks.contains(&tid) {
                    tasks.push(tid);
                }
            }
        }
        if tasks.is_empty() {
            return Err(Error::InvalidSimulation {
                item: risk.key.clone(),
                reason: "its links reach no task of the project".into(),
            });
        }
        Ok(RiskEvent::new(
            risk.key.clone(),
            eval.probability,
            tasks,
            impact,
        ))
    }
}

/// A rank-correlation matrix between task durations, applied with the
/// Iman–Conover method.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub struct Correlation {
    /// The tasks, in matrix order.
    pub tasks: Vec<TaskId>,
    /// The target rank correlations (symmetric, unit diagonal, positive
    /// definite).
    pub matrix: Vec<Vec<f64>>,
}

impl Correlation {
    /// A correlation group.
    #[must_use]
    pub fn new(tasks: Vec<TaskId>, matrix: Vec<Vec<f64>>) -> Self {
        Correlation { tasks, matrix }
    }

    /// Two tasks correlated by `rho`.
    #[must_use]
    pub fn pair(a: TaskId, b: TaskId, rho: f64) -> Self {
        Correlation::new(vec![a, b], vec![vec![1.0, rho], vec![rho, 1.0]])
    }
}

/// Stop before `iterations` once the 80th percentile of the finish moved by
/// at most `tolerance` over `checks` consecutive checks (every 4,096
/// iterations).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub struct EarlyStop {
    /// Largest move of P80 that counts as stable.
    pub tolerance: Duration,
    /// Consecutive stable checks needed.
    pub checks: u32,
}

/// A simulation's settings.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub struct Simulation {
    /// Iterations (at most; see `early_stop`), 1 to [`MAX_ITERATIONS`](crate::MAX_ITERATIONS).
    pub iterations: u32,
    /// Seed: the same seed gives the same report.
    pub seed: u64,
    /// Duration uncertainty per task; tasks without an entry keep their
    /// planned duration.
    pub uncertainty: BTreeMap<TaskId, DurationDist>,
    /// Rank-correlation groups (a task may be in one group at most).
    pub correlations: Vec<Correlation>,
    /// Risk events.
    pub risks: Vec<RiskEvent>,
    /// Optional early stop.
    pub early_stop: Option<EarlyStop>,
    /// Also simulate cost: each task's fixed cost plus its resources' rates
    /// × sampled duration, plus the cost of occurring risk events.
    pub costs: bool,
    /// Status date of the underlying schedule (`None`: the project's).
    pub status_date: Option<NaiveDateTime>,
    /// Bins of the finish histogram, 1 to [`MAX_BINS`](crate::MAX_BINS).
    pub bins: usize,
    /// Tasks and milestones whose own finish is reported (a
    /// [`TrackedTask`](crate::TrackedTask) each), in this order.
    pub track: Vec<TaskId>,
}

impl Simulation {
    /// 10,000 iterations, seed 1, PERT uncertainty for every task with a
    /// three-point estimate, costs on, 40 histogram bins, and every task or
    /// milestone with a deadline tracked.
    #[must_use]
    pub fn new(project: &Project) -> Self {
        let uncertainty = project
            .tasks()
            .filter_map(|(id, t)| {
                t.three_point.map(|tp| {
                    (
                        id,
                        DurationDist::pert(tp.optimistic, tp.most_likely, tp.pessimistic),
                    )
                })
            })
            .collect();
        Simulation {
            iterations: 10_000,
            seed: 1,
            uncertainty,
            correlations: Vec::new(),
            risks: Vec::new(),
            early_stop: None,
            costs: true,
            status_date: None,
            bins: 40,
            track: project
                .tasks()
                .filter(|(_, t)| t.deadline.is_some() && !t.is_summary())
                .map(|(id, _)| id)
                .collect(),
        }
    }

    /// Tracks the finish of a task or milestone (once; not a summary).
    #[must_use]
    pub fn track(mut self, task: TaskId) -> Self {
        if !self.track.contains(&task) {
            self.track.push(task);
        }
        self
    }

    /// Sets the iterations.
    #[must_use]
    pub fn iterations(mut self, n: u32) -> Self {
        self.iterations = n;
        self
    }

    /// Sets the seed.
    #[must_use]
    pub fn seed(mut self, seed: u64) -> Self {
        self.seed = seed;
        self
    }

    /// Sets a task's uncertainty.
    #[must_use]
    pub fn uncertainty(mut self, task: TaskId, dist: DurationDist) -> Self {
        self.uncertainty.insert(task, dist);
        self
    }

    /// Adds a correlation group.
    #[must_use]
    pub fn correlate(mut self, c: Correlation) -> Self {
        self.correlations.push(c);
        self
    }

    /// Adds a risk event.
    #[must_use]
    pub fn risk(mut self, r: RiskEvent) -> Self {
        self.risks.push(r);
        self
    }

    /// Sets early stopping.
    #[must_use]
    pub fn early_stop(mut self, tolerance: Duration, checks: u32) -> Self {
        self.early_stop = Some(EarlyStop { tolerance, checks });
        self
    }

    /// Sets the number of histogram bins (at least 1).
    #[must_use]
    pub fn bins(mut self, n: usize) -> Self {
        self.bins = n.max(1);
        self
    }

    /// Sets the status date.
    #[must_use]
    pub fn status_date(mut self, at: NaiveDateTime) -> Self {
        self.status_date = Some(at);
        self
    }
}
