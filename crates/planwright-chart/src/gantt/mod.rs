//! Gantt charts of a plan or of a leveling result.

use core::ops::Range;
use std::collections::HashMap;

use chrono::NaiveDateTime;
use planwright_core::{BaselineId, Project, TaskId, TaskKind};
use planwright_schedule::{LevelingResult, Plan};

use crate::scale::{TimeAxis, TimeScale};
use crate::{Error, Style};

mod draw;
use draw::draw;

/// Options of [`gantt`] and [`gantt_leveled`].
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct GanttOptions {
    /// Size, font, colours (the height follows the rows).
    pub style: Style,
    /// The time window drawn; default: the plan's dates (with the status
    /// date and deadlines) plus a day each side. Bars are clipped to it.
    pub window: Option<(NaiveDateTime, NaiveDateTime)>,
    /// The rows drawn (positions in WBS order), for pages of a large plan;
    /// default: all.
    pub rows: Option<Range<usize>>,
    /// Time scale; default: chosen from the space a day gets.
    pub scale: TimeScale,
    /// Width of the task-name column, pixels. Default 240.
    pub label_width: f64,
    /// Row height, pixels. Default 22.
    pub row_height: f64,
    /// Draw this baseline's bars beneath the bars.
    pub baseline: Option<BaselineId>,
    /// Draw dependency arrows. Default true.
    pub links: bool,
    /// Shade days without working time on the project calendar. Default
    /// true.
    pub non_working: bool,
    /// The chart's title (its `<title>`); default "Gantt chart of …".
    pub title: Option<String>,
}

impl Default for GanttOptions {
    fn default() -> Self {
        GanttOptions {
            style: Style::default(),
            window: None,
            rows: None,
            scale: TimeScale::Auto,
            label_width: 240.0,
            row_height: 22.0,
            baseline: None,
            links: true,
            non_working: true,
            title: None,
        }
    }
}

impl GanttOptions {
    /// The defaults.
    #[must_use]
    pub fn new() -> Self {
        GanttOptions::default()
    }

    /// Sets the style.
    #[must_use]
    pub fn style(mut self, style: Style) -> Self {
        self.style = style;
        self
    }

    /// Draws only `from..to`.
    #[must_use]
    pub fn window(mut self, from: NaiveDateTime, to: NaiveDateTime) -> Self {
        self.window = Some((from, to));
        self
    }

    /// Draws only these rows (WBS order).
    #[must_use]
    pub fn rows(mut self, rows: Range<usize>) -> Self {
        self.rows = Some(rows);
        self
    }

    /// Sets the time scale.
    #[must_use]
    pub fn scale(mut self, scale: TimeScale) -> Self {
        self.scale = scale;
        self
    }

    /// Draws a baseline beneath the bars.
    #[must_use]
    pub fn baseline(mut self, id: BaselineId) -> Self {
        self.baseline = Some(id);
        self
    }

    /// Turns dependency arrows on or off.
    #[must_use]
    pub fn links(mut self, on: bool) -> Self {
        self.links = on;
        self
    }

    /// Sets the title.
    #[must_use]
    pub fn title(mut self, title: impl Into<String>) -> Self {
        self.title = Some(title.into());
        self
    }

    /// The x coordinate of an instant in a chart drawn over the window
    /// `from..to` with these options: `label_width + (t − from) / (to −
    /// from) × (width − label_width − 12)`.
    #[must_use]
    pub fn x_of(&self, from: NaiveDateTime, to: NaiveDateTime, t: NaiveDateTime) -> f64 {
        self.axis(from, to).x(t)
    }

    /// The y coordinate of the middle of row `i` of the rows drawn.
    #[must_use]
    pub fn row_middle(&self, i: usize) -> f64 {
        HEADER + (i as f64 + 0.5) * self.row_height
    }

    fn axis(&self, from: NaiveDateTime, to: NaiveDateTime) -> TimeAxis {
        TimeAxis {
            from,
            to,
            x0: self.label_width,
            x1: self.style.width - RIGHT,
        }
    }

    fn validate(&self) -> Result<(), Error> {
        self.style.validate()?;
        if !(40.0..=self.style.width - 100.0).contains(&self.label_width) {
            return Err(Error::InvalidOption {
                option: "label_width",
                problem: format!(
                    "{} leaves less than 100 px for the bars (or is below 40)",
                    self.label_width
                ),
            });
        }
        if !(8.0..=200.0).contains(&self.row_height) {
            return Err(Error::InvalidOption {
                option: "row_height",
                problem: format!("{} is outside 8..=200", self.row_height),
            });
        }
        if let Some((a, b)) = self.window {
            if b <= a {
                return Err(Error::InvalidOption {
                    option: "window",
                    problem: format!("ends at {b}, not after its start {a}"),
                });
            }
        }
        if let Some(r) = &self.rows {
            if r.start >= r.end {
                return Err(Error::InvalidOption {
                    option: "rows",
                    problem: format!("{}..{} is empty", r.start, r.end),
                });
            }
        }
        Ok(())
    }
}

/// Height of the time header.
const HEADER: f64 = 40.0;
/// Right margin.
const RIGHT: f64 = 12.0;
/// The longest window, in days (a century): the time header and the
/// shading stay bounded.
const MAX_WINDOW_DAYS: i64 = 36_525;

/// One row to draw.
struct Row {
    task: TaskId,
    label: String,
    depth: usize,
    kind: TaskKind,
    /// Working parts (one, or several for a split leveled task).
    parts: Vec<(NaiveDateTime, NaiveDateTime)>,
    critical: bool,
    percent: u8,
    baseline: Option<(NaiveDateTime, NaiveDateTime)>,
    /// The dates before leveling, when they differ.
    ghost: Option<(NaiveDateTime, NaiveDateTime)>,
    deadline: Option<NaiveDateTime>,
}

impl Row {
    fn start(&self) -> NaiveDateTime {
        self.parts.first().map_or(NaiveDateTime::MIN, |p| p.0)
    }
    fn finish(&self) -> NaiveDateTime {
        self.parts.last().map_or(NaiveDateTime::MIN, |p| p.1)
    }
}

/// Tasks in WBS order (depth first, children in id order) with depths.
fn wbs_order(project: &Project) -> Vec<(TaskId, usize)> {
    let mut children: HashMap<Option<TaskId>, Vec<TaskId>> = HashMap::new();
    for (id, t) in project.tasks() {
        children.entry(t.parent).or_default().push(id);
    }
    let mut out = Vec::with_capacity(project.task_count());
    let mut stack: Vec<(TaskId, usize)> = children
        .get(&None)
        .map(|v| v.iter().rev().map(|&id| (id, 0)).collect())
        .unwrap_or_default();
    while let Some((id, depth)) = stack.pop() {
        out.push((id, depth));
        if let Some(kids) = children.get(&Some(id)) {
            stack.extend(kids.iter().rev().map(|&k| (k, depth + 1)));
        }
    }
    out
}

fn rows_of_plan(project: &Project, plan: &Plan, options: &GanttOptions) -> Result<Vec<Row>, Error> {
    let baseline = match options.baseline {
        Some(id) => Some(project.baseline(id).ok_or_else(|| Error::InvalidOption {
            option: "baseline",
            problem: format!("the project has no baseline {id}"),
        })?),
        None => None,
    };
    let planned = plan.tasks().count();
    if planned != project.task_count() {
        return Err(Error::Mismatch(format!(
            "the plan has {planned} tasks, the project {}",
            project.task_count()
        )));
    }
    let mut rows = Vec::with_capacity(project.task_count());
    for (id, depth) in wbs_order(project) {
        let task = project
            .task(id)
            .ok_or_else(|| Error::Mismatch(format!("task {id} is not in the project")))?;
        let row = plan
            .task(id)
            .ok_or_else(|| Error::Mismatch(format!("task `{}` is not in the plan", task.key)))?;
        if row.key != task.key {
            return Err(Error::Mismatch(format!(
                "task {id} is `{}` in the plan but `{}` in the project",
                row.key, task.key
            )));
        }
        rows.push(Row {
            task: id,
            label: task.display_name().to_owned(),
            depth,
            kind: task.kind,
            parts: vec![(row.start, row.finish)],
            critical: row.critical,
            percent: task.progress.percent_complete.min(100),
            baseline: baseline
                .and_then(|b| b.entries.get(&id))
                .map(|e| (e.start, e.finish)),
            ghost: None,
            deadline: task.deadline,
        });
    }
    Ok(rows)
}

/// A Gantt chart of a plan: the WBS as indented rows, bars on calendar
/// time with non-working days shaded, critical tasks in the critical
/// colour, milestones as diamonds, summary bars, dependency arrows,
/// progress fill, baseline bars beneath (with [`GanttOptions::baseline`]),
/// the status date and deadlines; a day, week or month scale with
/// locale-free labels (`04`, `W10`, `2024-03`). A window of dates and of
/// rows draws a page of a large plan.
///
/// Bar ends are at `GanttOptions::x_of` of their dates, so a picture can
/// be checked against the plan to the pixel.
///
/// # Errors
///
/// [`Error::InvalidOption`] / [`Error::InvalidColour`] for bad options
/// (an empty window or row range, an unknown baseline, a colour that is
/// not a colour), [`Error::Mismatch`] when the plan is not the project's.
///
/// # Complexity
///
/// O(tasks + links + days in the window); the output grows linearly with
/// the rows drawn (about 0.5 KB a row).
///
/// # Example
///
/// ```
/// use planwright_chart::{GanttOptions, gantt};
/// use planwright_core::{Duration, Link, Project, Task, chrono::NaiveDate};
///
/// let mut p = Project::new("demo");
/// p.set_start(NaiveDate::from_ymd_opt(2024, 3, 4).unwrap().and_hms_opt(8, 0, 0).unwrap());
/// let a = p.add_task(Task::new("dig").duration(Duration::days(2)))?;
/// let b = p.add_task(Task::new("<pour>").duration(Duration::days(1)))?;
/// p.add_link(Link::finish_to_start(a, b))?;
/// let plan = planwright_schedule::plan(&p)?;
/// let svg = gantt(&p, &plan, &GanttOptions::new())?;
/// assert!(svg.starts_with("<svg") && svg.contains("&lt;pour&gt;"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn gantt(project: &Project, plan: &Plan, options: &GanttOptions) -> Result<String, Error> {
    options.validate()?;
    let rows = rows_of_plan(project, plan, options)?;
    let status = plan.options().status_date.or(project.status_date());
    let title = options
        .title
        .clone()
        .unwrap_or_else(|| format!("Gantt chart of {}", project.name()));
    draw(project, rows, status, &title, options)
}

/// A Gantt chart after leveling: bars at the leveled dates (split tasks
/// in their parts), the dates before leveling as a thin outline where
/// they moved, summaries rolled up from the leveled tasks; otherwise as
/// [`gantt`].
///
/// # Errors
///
/// As [`gantt`]; [`Error::Mismatch`] when the result is not the plan's.
pub fn gantt_leveled(
    project: &Project,
    plan: &Plan,
    leveled: &LevelingResult,
    options: &GanttOptions,
) -> Result<String, Error> {
    options.validate()?;
    let mut rows = rows_of_plan(project, plan, options)?;
    let by_task: HashMap<TaskId, usize> = leveled
        .tasks
        .iter()
        .enumerate()
        .map(|(i, t)| (t.task, i))
        .collect();
    for row in &mut rows {
        if let Some(&i) = by_task.get(&row.task) {
            let t = &leveled.tasks[i];
            row.parts = if t.parts.is_empty() {
                vec![(t.start, t.finish)]
            } else {
                t.parts.clone()
            };
            if (t.start, t.finish) != (t.original_start, t.original_finish) {
                row.ghost = Some((t.original_start, t.original_finish));
            }
        }
    }
    // Summaries span their leveled tasks.
    for i in (0..rows.len()).rev() {
        if rows[i].kind != TaskKind::Summary {
            continue;
        }
        let depth = rows[i].depth;
        let span = rows[i + 1..]
            .iter()
            .take_while(|r| r.depth > depth)
            .filter(|r| r.kind != TaskKind::Summary)
            .fold(None, |acc: Option<(NaiveDateTime, NaiveDateTime)>, r| {
                Some(match acc {
                    None => (r.start(), r.finish()),
                    Some((a, b)) => (a.min(r.start()), b.max(r.finish())),
                })
            });
        if let Some(span) = span {
            rows[i].parts = vec![span];
        }
    }
    let status = plan.options().status_date.or(project.status_date());
    let title = options
        .title
        .clone()
        .unwrap_or_else(|| format!("Gantt chart of {} after leveling", project.name()));
    draw(project, rows, status, &title, options)
}
