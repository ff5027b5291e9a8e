//! Work items of a project: tasks, milestones and summary tasks.

use std::collections::BTreeSet;

use chrono::NaiveDateTime;

use crate::{CalendarId, Duration, Error, Money, Phase, Priority, ResourceId, TaskId, Units};

/// What kind of work item a task is.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub enum TaskKind {
    /// Ordinary work with a duration.
    #[default]
    Task,
    /// A zero-duration event (a decision, a delivery, a gate).
    Milestone,
    /// A WBS node whose dates roll up from its children.
    Summary,
}

/// A three-point estimate: optimistic, most likely and pessimistic durations.
///
/// # Example
///
/// ```
/// use planwright_core::{Duration, ThreePoint};
///
/// let e = ThreePoint::new(Duration::days(2), Duration::days(3), Duration::days(10));
/// assert_eq!(e.pert_mean(), Duration::days(4)); // (2 + 4*3 + 10) / 6
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct ThreePoint {
    /// Best case.
    pub optimistic: Duration,
    /// Most likely (the mode).
    pub most_likely: Duration,
    /// Worst case.
    pub pessimistic: Duration,
}

impl ThreePoint {
    /// A three-point estimate (validated when its task enters a project).
    #[must_use]
    pub const fn new(optimistic: Duration, most_likely: Duration, pessimistic: Duration) -> Self {
        ThreePoint {
            optimistic,
            most_likely,
            pessimistic,
        }
    }

    /// The PERT (beta) mean `(o + 4m + p) / 6`, rounded to the nearest minute.
    #[must_use]
    pub fn pert_mean(&self) -> Duration {
        let sum = i128::from(self.optimistic.as_minutes())
            + 4 * i128::from(self.most_likely.as_minutes())
            + i128::from(self.pessimistic.as_minutes());
        Duration::minutes(div_round(sum, 6))
    }

    /// The triangular mean `(o + m + p) / 3`, rounded to the nearest minute.
    #[must_use]
    pub fn triangular_mean(&self) -> Duration {
        let sum = i128::from(self.optimistic.as_minutes())
            + i128::from(self.most_likely.as_minutes())
            + i128::from(self.pessimistic.as_minutes());
        Duration::minutes(div_round(sum, 3))
    }

    pub(crate) fn validate(&self, task: &str) -> Result<(), Error> {
        for d in [self.optimistic, self.most_likely, self.pessimistic] {
            d.check_non_negative(task, "three-point estimate")?;
        }
        if self.optimistic <= self.most_likely && self.most_likely <= self.pessimistic {
            Ok(())
        } else {
            Err(Error::InvalidThreePoint {
                task: task.to_owned(),
                optimistic: self.optimistic,
                most_likely: self.most_likely,
                pessimistic: self.pessimistic,
            })
        }
    }
}

fn div_round(num: i128, den: i128) -> i64 {
    let q = if num >= 0 {
        (num + den / 2) / den
    } else {
        (num - den / 2) / den
    };
    i64::try_from(q).unwrap_or(if q < 0 { i64::MIN } else { i64::MAX })
}

/// A scheduling constraint on a task's dates.
///
/// Constraints that contradict the logic of the network do not fail
/// scheduling; they appear as negative total float, as in professional
/// schedulers.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub enum Constraint {
    /// Start as early as the logic allows (the default).
    #[default]
    AsSoonAsPossible,
    /// Start as late as possible without delaying the project finish.
    AsLateAsPossible,
    /// Start on or after the date.
    StartNoEarlierThan(NaiveDateTime),
    /// Start on or before the date.
    StartNoLaterThan(NaiveDateTime),
    /// Finish on or after the date.
    FinishNoEarlierThan(NaiveDateTime),
    /// Finish on or before the date.
    FinishNoLaterThan(NaiveDateTime),
    /// Start exactly on the date.
    MustStartOn(NaiveDateTime),
    /// Finish exactly on the date.
    MustFinishOn(NaiveDateTime),
}

/// A resource assigned to a task with allocation units (100 % = full time).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub struct Assignment {
    /// The resource.
    pub resource: ResourceId,
    /// Allocation while the task runs.
    pub units: Units,
    /// Work the resource actually did on the task so far (hours of work,
    /// as working time); costs at the resource's rate when no actual cost is
    /// given.
    #[cfg_attr(feature = "serde", serde(default))]
    pub actual_work: Option<Duration>,
    /// What the assignment actually cost so far.
    #[cfg_attr(feature = "serde", serde(default))]
    pub actual_cost: Option<Money>,
}

impl Assignment {
    /// Assigns `resource` at `units`.
    #[must_use]
    pub const fn new(resource: ResourceId, units: Units) -> Self {
        Assignment {
            resource,
            units,
            actual_work: None,
            actual_cost: None,
        }
    }

    /// Records the work done so far.
    #[must_use]
    pub const fn actual_work(mut self, work: Duration) -> Self {
        self.actual_work = Some(work);
        self
    }

    /// Records the cost so far.
    #[must_use]
    pub const fn actual_cost(mut self, cost: Money) -> Self {
        self.actual_cost = Some(cost);
        self
    }
}

/// Highest skill level; levels run from 1 (novice) to 5 (expert).
pub const MAX_SKILL_LEVEL: u8 = 5;

/// A skill a task needs, with the minimum level (1 novice … 5 expert).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub struct SkillRequirement {
    /// The skill's name, e.g. `"rust"` or `"electrical"`.
    pub skill: String,
    /// Minimum level, 1 to 5.
    pub level: u8,
}

impl SkillRequirement {
    /// Requires `skill` at `level` or above.
    #[must_use]
    pub fn new(skill: impl Into<String>, level: u8) -> Self {
        SkillRequirement {
            skill: skill.into(),
            level,
        }
    }
}

/// Progress reported on a task: percent complete and actual dates.
///
/// Rules (checked when the task enters a project): at most 100 %; work
/// reported (> 0 %) needs an actual start; an actual finish needs an actual
/// start no later than it and means 100 %; 100 % needs an actual finish.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub struct Progress {
    /// Percent complete, 0 to 100.
    pub percent_complete: u8,
    /// When work actually started.
    pub actual_start: Option<NaiveDateTime>,
    /// When work actually finished.
    pub actual_finish: Option<NaiveDateTime>,
    /// Remaining duration if the team estimated it; otherwise the scheduler
    /// uses `duration × (100 − percent) / 100`.
    pub remaining: Option<Duration>,
    /// Physical percent complete (how much of the deliverable exists), 0 to
    /// 100, beside the duration-based `percent_complete`; earned value can
    /// use either.
    #[cfg_attr(feature = "serde", serde(default))]
    pub physical_percent: Option<u8>,
    /// What the task actually cost so far (all of it: work, material,
    /// fixed cost). When absent, the actual cost is derived from the
    /// assignments' actual work and costs.
    #[cfg_attr(feature = "serde", serde(default))]
    pub actual_cost: Option<Money>,
}

impl Progress {
    /// Not started.
    #[must_use]
    pub const fn not_started() -> Self {
        Progress {
            percent_complete: 0,
            actual_start: None,
            actual_finish: None,
            remaining: None,
            physical_percent: None,
            actual_cost: None,
        }
    }

    /// Started at `at` with `percent` done.
    #[must_use]
    pub const fn started(at: NaiveDateTime, percent: u8) -> Self {
        Progress {
            percent_complete: percent,
            actual_start: Some(at),
            actual_finish: None,
            remaining: None,
            physical_percent: None,
            actual_cost: None,
        }
    }

    /// Finished: started at `start`, finished at `finish`, 100 %.
    #[must_use]
    pub const fn finished(start: NaiveDateTime, finish: NaiveDateTime) -> Self {
        Progress {
            percent_complete: 100,
            actual_start: Some(start),
            actual_finish: Some(finish),
            remaining: None,
            physical_percent: None,
            actual_cost: None,
        }
    }

    /// The same progress with a physical percent complete.
    #[must_use]
    pub const fn physical(mut self, percent: u8) -> Self {
        self.physical_percent = Some(percent);
        self
    }

    /// The same progress with the actual cost so far.
    #[must_use]
    pub const fn actual_cost(mut self, cost: Money) -> Self {
        self.actual_cost = Some(cost);
        self
    }

    /// The same progress with a remaining-duration estimate.
    #[must_use]
    pub const fn with_remaining(mut self, remaining: Duration) -> Self {
        self.remaining = Some(remaining);
        self
    }

    /// `true` once the task has an actual finish.
    #[must_use]
    pub const fn is_finished(&self) -> bool {
        self.actual_finish.is_some()
    }

    /// `true` once the task has an actual start.
    #[must_use]
    pub const fn is_started(&self) -> bool {
        self.actual_start.is_some()
    }

    pub(crate) fn validate(&self, task: &str) -> Result<(), Error> {
        let fail = |reason| {
            Err(Error::InvalidProgress {
                task: task.to_owned(),
                reason,
            })
        };
        if self.percent_complete > 100 {
            return Err(Error::OutOfRange {
                item: task.to_owned(),
                what: "percent complete",
                value: i64::from(self.percent_complete),
                min: 0,
                max: 100,
            });
        }
        if let Some(r) = self.remaining {
            r.check_non_negative(task, "remaining duration")?;
        }
        if let Some(p) = self.physical_percent {
            if p > 100 {
                return Err(Error::OutOfRange {
                    item: task.to_owned(),
                    what: "physical percent complete",
                    value: i64::from(p),
                    min: 0,
                    max: 100,
                });
            }
        }
        if self.actual_cost.is_some_and(|c| c < Money::ZERO) {
            return fail("the actual cost is negative");
        }
        match (self.actual_start, self.actual_finish) {
            (None, Some(_)) => fail("an actual finish needs an actual start"),
            (Some(s), Some(f)) if f < s => fail("the actual finish is before the actual start"),
            (Some(_), Some(_)) if self.percent_complete != 100 => {
                fail("a task with an actual finish is 100 % complete")
            }
            (_, None) if self.percent_complete == 100 => {
                fail("100 % complete needs an actual finish")
            }
            (None, None) if self.percent_complete > 0 => {
                fail("reported progress needs an actual start")
            }
            _ => Ok(()),
        }
    }
}

/// A task, milestone or summary task of a [`Project`](crate::Project).
///
/// Build it with [`Task::new`] and the builder methods, then add it with
/// [`Project::add_task`](crate::Project::add_task), which validates it. Fields
/// are public for reading; change a task through
/// [`Project::update_task`](crate::Project::update_task) so it is validated
/// again.
///
/// # Example
///
/// ```
/// use planwright_core::{Duration, Priority, Project, Task, Units};
///
/// let mut project = Project::new("Website relaunch");
/// let ana = project.add_resource(planwright_core::Resource::person("ana"))?;
/// let design = project.add_task(
///     Task::new("design")
///         .name("Design the new site")
///         .effort(Duration::days(6))
///         .assign(ana, Units::percent(50))
///         .priority(Priority::new(800)?),
/// )?;
/// // 6 days of effort at 50 % take 12 working days.
/// assert_eq!(project.task(design).unwrap().duration, Duration::days(12));
/// # Ok::<(), planwright_core::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub struct Task {
    /// Unique key within the project.
    pub key: String,
    /// Display name (the key when empty).
    pub name: String,
    /// Task, milestone or summary.
    pub kind: TaskKind,
    /// The summary task this task belongs to in the WBS.
    pub parent: Option<TaskId>,
    /// Working duration. Derived from `effort` when effort is set; zero for
    /// milestones; ignored for summaries (rolled up).
    pub duration: Duration,
    /// Work to be done (person-time). When set, the duration is
    /// `effort / total assignment units`, rounded up to a minute.
    pub effort: Option<Duration>,
    /// Optional three-point estimate for risk analysis.
    pub three_point: Option<ThreePoint>,
    /// Resources working on the task.
    pub assignments: Vec<Assignment>,
    /// Skills the work needs.
    pub skills: Vec<SkillRequirement>,
    /// Priority 0–1000 (500 by default).
    pub priority: Priority,
    /// Date constraint.
    pub constraint: Constraint,
    /// A target finish date; missing it shows as negative float, it does not
    /// move the task.
    pub deadline: Option<NaiveDateTime>,
    /// Reported progress.
    pub progress: Progress,
    /// Free-form tags.
    pub tags: BTreeSet<String>,
    /// Task calendar; the project calendar when `None`.
    pub calendar: Option<CalendarId>,
    /// Lifecycle phase the work belongs to.
    pub phase: Option<Phase>,
    /// Fixed cost, besides resource costs.
    pub fixed_cost: Money,
    /// Free-form notes.
    pub notes: String,
}

impl Task {
    /// A task with key `key` and zero duration (set one with
    /// [`Task::duration`] or [`Task::effort`]).
    #[must_use]
    pub fn new(key: impl Into<String>) -> Self {
        Task {
            key: key.into(),
            name: String::new(),
            kind: TaskKind::Task,
            parent: None,
            duration: Duration::ZERO,
            effort: None,
            three_point: None,
            assignments: Vec::new(),
            skills: Vec::new(),
            priority: Priority::NORMAL,
            constraint: Constraint::AsSoonAsPossible,
            deadline: None,
            progress: Progress::not_started(),
            tags: BTreeSet::new(),
            calendar: None,
            phase: None,
            fixed_cost: Money::ZERO,
            notes: String::new(),
        }
    }

    /// A milestone with key `key`.
    #[must_use]
    pub fn milestone(key: impl Into<String>) -> Self {
        Task {
            kind: TaskKind::Milestone,
            ..Task::new(key)
        }
    }

    /// A summary task with key `key`.
    #[must_use]
    pub fn summary(key: impl Into<String>) -> Self {
        Task {
            kind: TaskKind::Summary,
            ..Task::new(key)
        }
    }

    /// The display name: `name`, or the key when the name is empty.
    #[must_use]
    pub fn display_name(&self) -> &str {
        if self.name.is_empty() {
            &self.key
        } else {
            &self.name
        }
    }

    /// Sets the display name.
    #[must_use]
    pub fn name(mut self, name: impl Into<String>) -> Self {
        self.name = name.into();
        self
    }

    /// Sets the working duration.
    #[must_use]
    pub fn duration(mut self, duration: Duration) -> Self {
        self.duration = duration;
        self
    }

    /// Sets the effort; the duration then follows from the assignments' units.
    #[must_use]
    pub fn effort(mut self, effort: Duration) -> Self {
        self.effort = Some(effort);
        self
    }

    /// Sets a three-point estimate and the duration to its most likely value.
    #[must_use]
    pub fn three_point(
        mut self,
        optimistic: Duration,
        most_likely: Duration,
        pessimistic: Duration,
    ) -> Self {
        self.three_point = Some(ThreePoint::new(optimistic, most_likely, pessimistic));
        self.duration = most_likely;
        self
    }

    /// Puts the task under a summary task.
    #[must_use]
    pub fn parent(mut self, parent: TaskId) -> Self {
        self.parent = Some(parent);
        self
    }

    /// Assigns a resource at `units`.
    #[must_use]
    pub fn assign(mut self, resource: ResourceId, units: Units) -> Self {
        self.assignments.push(Assignment::new(resource, units));
        self
    }

    /// Requires a skill at a minimum level (1–5).
    #[must_use]
    pub fn requires(mut self, skill: impl Into<String>, level: u8) -> Self {
        self.skills.push(SkillRequirement::new(skill, level));
        self
    }

    /// Sets the priority.
    #[must_use]
    pub fn priority(mut self, priority: Priority) -> Self {
        self.priority = priority;
        self
    }

    /// Sets the date constraint.
    #[must_use]
    pub fn constraint(mut self, constraint: Constraint) -> Self {
        self.constraint = constraint;
        self
    }

    /// Sets a deadline.
    #[must_use]
    pub fn deadline(mut self, deadline: NaiveDateTime) -> Self {
        self.deadline = Some(deadline);
        self
    }

    /// Sets the reported progress.
    #[must_use]
    pub fn progress(mut self, progress: Progress) -> Self {
        self.progress = progress;
        self
    }

    /// Adds a tag.
    #[must_use]
    pub fn tag(mut self, tag: impl Into<String>) -> Self {
        self.tags.insert(tag.into());
        self
    }

    /// Uses a task calendar instead of the project calendar.
    #[must_use]
    pub fn calendar(mut self, calendar: CalendarId) -> Self {
        self.calendar = Some(calendar);
        self
    }

    /// Places the work in a lifecycle phase.
    #[must_use]
    pub fn phase(mut self, phase: Phase) -> Self {
        self.phase = Some(phase);
        self
    }

    /// Sets a fixed cost.
    #[must_use]
    pub fn fixed_cost(mut self, cost: Money) -> Self {
        self.fixed_cost = cost;
        self
    }

    /// Sets notes.
    #[must_use]
    pub fn notes(mut self, notes: impl Into<String>) -> Self {
        self.notes = notes.into();
        self
    }

    /// Total units of all assignments; `None` on overflow.
    #[must_use]
    pub fn total_units(&self) -> Option<Units> {
        self.assignments
            .iter()
            .try_fold(Units::ZERO, |acc, a| acc.checked_add(a.units))
    }

    /// The remaining duration: the estimate in `progress.remaining`, or the
    /// duration scaled by the share not yet complete (rounded up).
    #[must_use]
    pub fn remaining_duration(&self) -> Duration {
        if self.progress.is_finished() {
            return Duration::ZERO;
        }
        if let Some(r) = self.progress.remaining {
            return r;
        }
        let d = i128::from(self.duration.as_minutes());
        let left = i128::from(100 - i64::from(self.progress.percent_complete.min(100)));
        let r = (d * left + 99) / 100;
        Duration::minutes(i64::try_from(r).unwrap_or(i64::MAX))
    }

    /// `true` for a milestone.
    #[must_use]
    pub fn is_milestone(&self) -> bool {
        self.kind == TaskKind::Milestone
    }

    /// `true` for a summary task.
    #[must_use]
    pub fn is_summary(&self) -> bool {
        self.kind == TaskKind::Summary
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn remaining_duration_rounds_up() {
        let t = Task::new("t").duration(Duration::minutes(10));
        let at = chrono::NaiveDate::from_ymd_opt(2026, 1, 1)
            .unwrap()
            .and_hms_opt(8, 0, 0)
            .unwrap();
        assert_eq!(
            t.clone()
                .progress(Progress::started(at, 33))
                .remaining_duration(),
            Duration::minutes(7)
        );
        assert_eq!(
            t.progress(Progress::started(at, 33).with_remaining(Duration::hours(1)))
                .remaining_duration(),
            Duration::hours(1)
        );
    }

    #[test]
    fn progress_rules() {
        let at = chrono::NaiveDate::from_ymd_opt(2026, 1, 1)
            .unwrap()
            .and_hms_opt(8, 0, 0)
            .unwrap();
        let later = at + chrono::Duration::hours(3);
        assert!(Progress::finished(at, later).validate("t").is_ok());
        assert!(Progress::finished(later, at).validate("t").is_err());
        assert!(Progress::started(at, 100).validate("t").is_err());
        assert!(
            Progress {
                percent_complete: 10,
                ..Progress::default()
            }
            .validate("t")
            .is_err()
        );
        assert!(
            Progress {
                percent_complete: 101,
                ..Progress::started(at, 0)
            }
            .validate("t")
            .is_err()
        );
    }
}
