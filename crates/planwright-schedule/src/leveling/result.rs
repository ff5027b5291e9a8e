//! What leveling returns.

use core::fmt;
use std::collections::BTreeMap;

use chrono::{NaiveDate, NaiveDateTime};
use planwright_core::{Duration, ResourceId, TaskId};

use super::Leveling;

/// Why a task was delayed: the resource, the day it was over-allocated at
/// the task's earliest start, and the tasks already using it then.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub struct DelayReason {
    /// The resource.
    pub resource: String,
    /// The day of the conflict.
    pub date: NaiveDate,
    /// The tasks the delayed task yielded to.
    pub yielded_to: Vec<String>,
}

impl fmt::Display for DelayReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} was fully booked on {} by {}",
            self.resource,
            self.date,
            self.yielded_to.join(", ")
        )
    }
}

/// One task before and after leveling.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub struct LeveledTask {
    /// The task.
    pub task: TaskId,
    /// Its key.
    pub key: String,
    /// Start before leveling (the critical-path schedule).
    pub original_start: NaiveDateTime,
    /// Finish before leveling.
    pub original_finish: NaiveDateTime,
    /// Start after leveling.
    pub start: NaiveDateTime,
    /// Finish after leveling.
    pub finish: NaiveDateTime,
    /// Working time between the two starts, on the task's calendar.
    pub delay: Duration,
    /// The working stretches when the task was split (empty otherwise).
    pub parts: Vec<(NaiveDateTime, NaiveDateTime)>,
    /// Why it moved (when a resource conflict delayed it).
    pub reason: Option<DelayReason>,
    /// The predecessor that pushed it, when it moved without a resource
    /// conflict of its own: a knock-on of that predecessor's delay (whose
    /// row says why). [`LevelingResult::explain`] follows the chain.
    #[cfg_attr(feature = "serde", serde(default))]
    pub pushed_by: Option<String>,
}

/// A resource's use of one day (or week), in hours of work.
#[derive(Clone, Copy, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub struct Usage {
    /// The day (for weeks: the Monday).
    pub date: NaiveDate,
    /// Hours the resource can work.
    pub capacity: f64,
    /// Hours booked by the critical-path schedule.
    pub before: f64,
    /// Hours booked after leveling.
    pub after: f64,
}

/// A resource's histogram, per day and per week.
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub struct Histogram {
    /// The resource.
    pub resource: ResourceId,
    /// Its key.
    pub key: String,
    /// Per day.
    pub days: Vec<Usage>,
    /// Per ISO week.
    pub weeks: Vec<Usage>,
}

/// A day on which a resource has more work than capacity.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub struct OverAllocation {
    /// The resource.
    pub resource: String,
    /// The day.
    pub date: NaiveDate,
    /// Booked work in minutes at 100 %.
    pub booked_minutes: i64,
    /// Capacity in minutes at 100 %.
    pub capacity_minutes: i64,
    /// The tasks booked then.
    pub tasks: Vec<String>,
    /// Why leveling could not resolve it (for [`LevelingResult::remaining`];
    /// in [`LevelingResult::before`], what would stop leveling).
    pub cause: Unresolvable,
}

/// Why an over-allocation is still there after leveling.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub enum Unresolvable {
    /// One task alone asks more of the resource than its capacity (units
    /// above the resource's maximum): no date helps.
    UnitsAboveCapacity {
        /// The task.
        task: String,
    },
    /// A task works on its own calendar (a task calendar, or another
    /// assignee's) more hours that day than the resource's calendar gives
    /// (perhaps none): no date within the task helps.
    CalendarMismatch {
        /// The task.
        task: String,
    },
    /// Every task booked that day may not move: started or finished,
    /// must start or finish on a date, priority 1000, or outside the
    /// leveled range.
    Immovable,
    /// Within float: resolving it would delay the project finish or a
    /// deadline.
    NoFloat,
    /// Leveling could move the tasks but did not resolve it (with delay
    /// this means no free time was found within 20 years of a task's
    /// start).
    Unresolved,
}

impl fmt::Display for Unresolvable {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Unresolvable::UnitsAboveCapacity { task } => {
                write!(f, "`{task}` alone needs more than the resource's capacity")
            }
            Unresolvable::CalendarMismatch { task } => write!(
                f,
                "`{task}` works on its own calendar more hours than the resource has that day"
            ),
            Unresolvable::Immovable => f.write_str(
                "every task booked then is fixed (started, a must-start/finish-on date, priority 1000 or outside the range)",
            ),
            Unresolvable::NoFloat => {
                f.write_str("within float: resolving it would delay the finish or a deadline")
            }
            Unresolvable::Unresolved => f.write_str("not resolved by the search"),
        }
    }
}

impl fmt::Display for OverAllocation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} on {}: {:.1} h booked, {:.1} h available ({}): {}",
            self.resource,
            self.date,
            self.booked_minutes as f64 / 60.0,
            self.capacity_minutes as f64 / 60.0,
            self.tasks.join(", "),
            self.cause
        )
    }
}

/// The result of [`level`](crate::level).
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub struct LevelingResult {
    /// The mode used.
    pub mode: Leveling,
    /// Every leaf task and milestone, in id order.
    pub tasks: Vec<LeveledTask>,
    /// Over-allocations before leveling (on leveled resources, in range).
    pub before: Vec<OverAllocation>,
    /// Over-allocations left after leveling: empty when `feasible`.
    pub remaining: Vec<OverAllocation>,
    /// `true` when an independent re-check found no over-allocation left.
    pub feasible: bool,
    /// Project finish before leveling: the latest task finish.
    pub finish_before: NaiveDateTime,
    /// Project finish after leveling: the latest task finish.
    pub finish_after: NaiveDateTime,
    /// Usage histograms of every resource.
    pub histograms: Vec<Histogram>,
}

impl LevelingResult {
    /// The row of a task.
    #[must_use]
    pub fn task(&self, id: TaskId) -> Option<&LeveledTask> {
        self.tasks.iter().find(|t| t.task == id)
    }

    /// Why a task moved, as a chain of sentences: a knock-on from its
    /// predecessor (and why that one moved, and so on), ending at the
    /// resource conflict or the split that started it. Empty for a task
    /// that did not move or is not in the result.
    ///
    /// ```
    /// use planwright_core::{Duration, Link, Priority, Project, Resource, Task, Units};
    /// use planwright_schedule::{Leveling, level};
    ///
    /// let mut p = Project::new("p");
    /// let ana = p.add_resource(Resource::person("ana"))?;
    /// // `a` goes first (higher priority); `b` waits for ana, `c` for `b`.
    /// let a = p.add_task(
    ///     Task::new("a").duration(Duration::days(2)).assign(ana, Units::FULL).priority(Priority::new(900)?),
    /// )?;
    /// let b = p.add_task(Task::new("b").duration(Duration::days(3)).assign(ana, Units::FULL))?;
    /// let c = p.add_task(Task::new("c").duration(Duration::days(1)))?;
    /// p.add_link(Link::finish_to_start(b, c))?;
    /// let r = level(&p, Leveling::WithDelay)?;
    /// let why = r.explain(c);
    /// assert_eq!(why.len(), 2);
    /// assert!(why[0].starts_with("`c` moved because its predecessor `b` moved"));
    /// assert!(why[1].contains("ana was fully booked"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn explain(&self, id: TaskId) -> Vec<String> {
        let mut out = Vec::new();
        let mut at = self.task(id);
        while let Some(t) = at {
            let moved = t.start != t.original_start || t.finish != t.original_finish;
            if out.len() > self.tasks.len() || !moved {
                break;
            }
            if let Some(r) = &t.reason {
                out.push(format!("`{}` moved by {}: {r}", t.key, t.delay));
                break;
            }
            match &t.pushed_by {
                Some(p) => {
                    out.push(format!(
                        "`{}` moved because its predecessor `{p}` moved",
                        t.key
                    ));
                    at = self.tasks.iter().find(|x| &x.key == p);
                }
                None if !t.parts.is_empty() => {
                    out.push(format!(
                        "`{}` was split into {} parts to fit its resources' free time, finishing {}",
                        t.key,
                        t.parts.len(),
                        t.finish
                    ));
                    break;
                }
                None => {
                    out.push(format!("`{}` moved by {}", t.key, t.delay));
                    break;
                }
            }
        }
        out
    }

    /// Leveled starts, for [`LevelingOptions::keep_previous`](crate::LevelingOptions::keep_previous).
    #[must_use]
    pub fn starts(&self) -> BTreeMap<TaskId, NaiveDateTime> {
        self.tasks.iter().map(|t| (t.task, t.start)).collect()
    }
}
