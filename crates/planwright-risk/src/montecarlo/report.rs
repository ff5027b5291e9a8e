//! What a simulation reports: statistics of the finish and cost, per task,
//! per risk event and per tracked task.

use chrono::NaiveDateTime;
use planwright_core::{Duration, Money, TaskId};

use crate::Error;

/// Mean, spread and percentiles of a sample.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub struct Stats {
    /// Mean.
    pub mean: f64,
    /// Standard deviation.
    pub std_dev: f64,
    /// Smallest value.
    pub min: f64,
    /// Largest value.
    pub max: f64,
    /// `(p, value)` for p = 5, 10, …, 95 (nearest rank).
    pub percentiles: Vec<(u8, f64)>,
}

impl Stats {
    pub(crate) fn of(sorted: &[f64]) -> Self {
        let n = sorted.len().max(1) as f64;
        let mean = sorted.iter().sum::<f64>() / n;
        let var = sorted.iter().map(|x| (x - mean) * (x - mean)).sum::<f64>() / n;
        Stats {
            mean,
            std_dev: var.sqrt(),
            min: sorted.first().copied().unwrap_or(0.0),
            max: sorted.last().copied().unwrap_or(0.0),
            percentiles: (1..=19)
                .map(|k| (k * 5, percentile(sorted, f64::from(k * 5))))
                .collect(),
        }
    }

    /// The percentile `p` (one of 5, 10, …, 95).
    #[must_use]
    pub fn p(&self, p: u8) -> Option<f64> {
        self.percentiles.iter().find(|x| x.0 == p).map(|x| x.1)
    }
}

/// The nearest-rank percentile (the workspace's one rule,
/// [`planwright_core::nearest_rank`]); 0 for an empty sample.
pub(crate) fn percentile(sorted: &[f64], p: f64) -> f64 {
    planwright_core::nearest_rank(sorted, p).unwrap_or(0.0)
}

/// What the simulation says about one task.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub struct TaskRisk {
    /// The task.
    pub task: TaskId,
    /// Its key.
    pub key: String,
    /// Share of iterations in which it was on the driving path to the
    /// finish.
    pub criticality: f64,
    /// Spearman rank correlation of its own sampled duration with the
    /// finish (0 for fixed durations).
    pub sensitivity: f64,
    /// |Pearson correlation| of its duration (risk impacts included) with
    /// the finish.
    pub cruciality: f64,
    /// Schedule sensitivity index: criticality × σ(duration) / σ(finish).
    pub ssi: f64,
    /// Mean duration (working minutes).
    pub mean: f64,
    /// Standard deviation of the duration (working minutes).
    pub std_dev: f64,
}

/// What one risk event contributes.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub struct RiskContribution {
    /// The event.
    pub key: String,
    /// Share of iterations in which it occurred.
    pub occurred: f64,
    /// Finish P80 with every event.
    pub p80_with: f64,
    /// Finish P80 with this event switched off (same random numbers).
    pub p80_without: f64,
    /// `p80_with − p80_without` (working minutes).
    pub contribution: f64,
}

/// The finish of one tracked task or milestone.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub struct TrackedTask {
    /// The task.
    pub task: TaskId,
    /// Its key.
    pub key: String,
    /// Its finish as a working-time offset from the project start
    /// (minutes).
    pub finish: Stats,
    /// Percentile finish dates `(p, date)`.
    pub finish_dates: Vec<(u8, NaiveDateTime)>,
    /// Its deadline, if it has one.
    pub deadline: Option<NaiveDateTime>,
    /// The probability of finishing by the deadline.
    pub on_time: Option<f64>,
    /// Every iteration's finish, ascending.
    pub(super) outcomes: Vec<f64>,
}

/// The date of percentile `p` in `(p, date)` pairs.
fn date_at(dates: &[(u8, NaiveDateTime)], p: u8) -> Option<NaiveDateTime> {
    dates.iter().find(|x| x.0 == p).map(|x| x.1)
}

impl TrackedTask {
    /// The finish date at percentile `p` (one of 5, 10, …, 95).
    #[must_use]
    pub fn finish_date(&self, p: u8) -> Option<NaiveDateTime> {
        date_at(&self.finish_dates, p)
    }

    /// Every iteration's finish (working minutes from the project start),
    /// ascending.
    #[must_use]
    pub fn outcomes(&self) -> &[f64] {
        &self.outcomes
    }

    /// The probability of finishing within `minutes` of working time from
    /// the project start.
    #[must_use]
    pub fn probability_by_offset(&self, minutes: f64) -> f64 {
        let n = self.outcomes.partition_point(|&o| o <= minutes + 1e-9);
        n as f64 / self.outcomes.len().max(1) as f64
    }
}

/// One bar of the finish histogram.
#[derive(Clone, Copy, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub struct Bin {
    /// From (working minutes, inclusive).
    pub from: f64,
    /// To (exclusive; the last bin includes it).
    pub to: f64,
    /// Iterations finishing in it.
    pub count: u32,
}

/// The results of a simulation.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub struct SimulationReport {
    /// Iterations run.
    pub iterations: u32,
    /// `true` when the early stop ended the run.
    pub stopped_early: bool,
    /// Project finish as a working-time offset from the start (minutes).
    pub finish: Stats,
    /// Percentile finish dates `(p, date)`.
    pub finish_dates: Vec<(u8, NaiveDateTime)>,
    /// Histogram of the finish.
    pub histogram: Vec<Bin>,
    /// Cumulative distribution `(finish, share of iterations ≤ it)` at the
    /// histogram's bin edges.
    pub cdf: Vec<(f64, f64)>,
    /// Per task, by id.
    pub tasks: Vec<TaskRisk>,
    /// Per risk event, largest contribution first.
    pub risks: Vec<RiskContribution>,
    /// Total cost (minor units), when simulated.
    pub cost: Option<Stats>,
    /// The tracked tasks and milestones, in the order of
    /// [`Simulation::track`](crate::Simulation::track).
    pub tracked: Vec<TrackedTask>,
    /// Every iteration's (finish, cost), sorted by finish.
    pub(super) outcomes: Vec<(f64, f64)>,
    pub(super) origin: NaiveDateTime,
    pub(super) calendar: planwright_core::Calendar,
}

impl SimulationReport {
    /// The project finish date at percentile `p` (one of 5, 10, …, 95).
    #[must_use]
    pub fn finish_date(&self, p: u8) -> Option<NaiveDateTime> {
        date_at(&self.finish_dates, p)
    }

    /// Probability that the project finishes by `date`.
    ///
    /// # Errors
    ///
    /// [`Error::Core`] if the date's offset cannot be computed (never for
    /// dates chrono represents).
    pub fn probability_by(&self, date: NaiveDateTime) -> Result<f64, Error> {
        let off = self.calendar.offset_of(self.origin, date)?.as_minutes() as f64;
        Ok(self.probability_by_offset(off))
    }

    /// Probability that the project finishes within `minutes` of working
    /// time from its start.
    #[must_use]
    pub fn probability_by_offset(&self, minutes: f64) -> f64 {
        let n = self.outcomes.partition_point(|o| o.0 <= minutes + 1e-9);
        n as f64 / self.outcomes.len().max(1) as f64
    }

    /// Every iteration's `(finish, cost)`, by finish: finish as a working
    /// time offset from the start (minutes), cost in minor units (0 when
    /// costs are not simulated).
    #[must_use]
    pub fn outcomes(&self) -> &[(f64, f64)] {
        &self.outcomes
    }

    /// Probability that tracked task `task` finishes by `date`; `None` when
    /// it was not tracked.
    ///
    /// # Errors
    ///
    /// As [`SimulationReport::probability_by`].
    pub fn probability_task_by(
        &self,
        task: TaskId,
        date: NaiveDateTime,
    ) -> Result<Option<f64>, Error> {
        let Some(t) = self.tracked.iter().find(|t| t.task == task) else {
            return Ok(None);
        };
        let off = self.calendar.offset_of(self.origin, date)?.as_minutes() as f64;
        Ok(Some(t.probability_by_offset(off)))
    }

    /// Probability of finishing by `date` and within `budget` (needs costs).
    ///
    /// # Errors
    ///
    /// As [`SimulationReport::probability_by`].
    pub fn probability_within(
        &self,
        date: NaiveDateTime,
        budget: Money,
    ) -> Result<Option<f64>, Error> {
        if self.cost.is_none() {
            return Ok(None);
        }
        let off = self.calendar.offset_of(self.origin, date)?.as_minutes() as f64;
        let b = budget.minor_units() as f64;
        let n = self
            .outcomes
            .iter()
            .filter(|o| o.0 <= off + 1e-9 && o.1 <= b + 1e-9)
            .count();
        Ok(Some(n as f64 / self.outcomes.len().max(1) as f64))
    }

    /// The finish date of working-time offset `minutes`.
    ///
    /// # Errors
    ///
    /// [`Error::Core`] outside chrono's range.
    pub fn date_of(&self, minutes: f64) -> Result<NaiveDateTime, Error> {
        Ok(self
            .calendar
            .finish_at(self.origin, Duration::minutes(minutes.round() as i64))?)
    }
}
