//! Options for planning.

use chrono::NaiveDateTime;
use planwright_core::Duration;

use crate::network::ProgressMode;

/// Options for [`plan_with`](crate::plan_with).
///
/// ```
/// use planwright_schedule::{PlanOptions, ProgressMode};
/// use planwright_core::Duration;
///
/// let opts = PlanOptions::new()
///     .progress_mode(ProgressMode::ProgressOverride)
///     .near_critical(Duration::days(5));
/// assert_eq!(opts.max_critical_paths, 16);
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(default))]
#[non_exhaustive]
pub struct PlanOptions {
    /// Schedule from this data date (monitoring & controlling): unstarted
    /// work starts no earlier, started work continues from it. `None`: the
    /// project's own status date ([`planwright_core::Project::status_date`]),
    /// if it has one. A plan records the date it used.
    pub status_date: Option<NaiveDateTime>,
    /// How started tasks treat their predecessors.
    pub progress_mode: ProgressMode,
    /// Tasks with total float up to this are reported as near-critical.
    pub near_critical: Duration,
    /// The most critical paths to enumerate.
    pub max_critical_paths: usize,
}

impl Default for PlanOptions {
    fn default() -> Self {
        PlanOptions {
            status_date: None,
            progress_mode: ProgressMode::RetainedLogic,
            near_critical: Duration::days(2),
            max_critical_paths: 16,
        }
    }
}

impl PlanOptions {
    /// The defaults: the project's status date, retained logic,
    /// near-critical up to 2 days of float, at most 16 critical paths.
    #[must_use]
    pub fn new() -> Self {
        PlanOptions::default()
    }

    /// Sets the status date, overriding the project's.
    #[must_use]
    pub fn status_date(mut self, at: NaiveDateTime) -> Self {
        self.status_date = Some(at);
        self
    }

    /// Sets the progress mode.
    #[must_use]
    pub fn progress_mode(mut self, mode: ProgressMode) -> Self {
        self.progress_mode = mode;
        self
    }

    /// Sets the near-critical float threshold.
    #[must_use]
    pub fn near_critical(mut self, threshold: Duration) -> Self {
        self.near_critical = threshold;
        self
    }

    /// Sets the maximum number of critical paths.
    #[must_use]
    pub fn max_critical_paths(mut self, limit: usize) -> Self {
        self.max_critical_paths = limit;
        self
    }
}
