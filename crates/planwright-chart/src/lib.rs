//! Pictures of planwright projects as SVG strings: Gantt charts (of a
//! plan, or after leveling), resource histograms, risk heat maps and
//! tornadoes, task criticality, the Monte Carlo finish distribution with
//! its S-curve, earned value S-curves, cumulative flow, the throughput
//! forecast fan. Pure functions: a
//! result in, a `String` out, no I/O; same input, same bytes.
//!
//! ```
//! use planwright_chart::{GanttOptions, Style, gantt};
//! use planwright_core::{Duration, Link, Project, Task, chrono::NaiveDate};
//!
//! let mut p = Project::new("Website relaunch");
//! p.set_start(NaiveDate::from_ymd_opt(2024, 3, 4).unwrap().and_hms_opt(8, 0, 0).unwrap());
//! let design = p.add_task(Task::new("design").duration(Duration::days(3)))?;
//! let build = p.add_task(Task::new("build").duration(Duration::days(5)))?;
//! p.add_link(Link::finish_to_start(design, build))?;
//! let plan = planwright_schedule::plan(&p)?;
//! let svg = gantt(&p, &plan, &GanttOptions::new().style(Style::default().size(800.0, 400.0)))?;
//! assert!(svg.contains("<title>Gantt chart of Website relaunch</title>"));
//! // Both tasks are critical: two bars in the critical colour.
//! assert_eq!(svg.matches("class=\"critical\"").count(), 2);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # Every chart
//!
//! - has a `<title>` and a `<desc>` that says what it shows in words, and
//!   readable text labels; all text from the project (names, keys) is
//!   escaped, so a task named `<script>` stays text;
//! - uses a generic font family (no font files) and a colour-blind-safe
//!   default [`Palette`] (Okabe–Ito categories, a light-to-dark band
//!   scale); colours given by the caller are checked to be colours;
//! - labels dates locale-free (`2024-03-04`, `2024-03`, `W10`, `04`).
//!
//! | chart | from |
//! |---|---|
//! | [`gantt`], [`gantt_leveled`] | a `Plan` (and a `LevelingResult`) |
//! | [`resource_histogram`] | a `LevelingResult` |
//! | [`heat_map`] | a `RiskRegister` |
//! | [`tornado`], [`criticality`], [`finish_distribution`] | a `SimulationReport` |
//! | [`evm_s_curves`] | a `ProjectEvm` |
//! | [`cumulative_flow`] | `FlowMetrics` and the board's `Workflow` |
//! | [`throughput_fan`] | a `ThroughputHistory` |

mod error;
mod evm;
mod forecast;
mod frame;
mod gantt;
mod histogram;
mod risk;
mod scale;
mod style;
mod svg;

pub use error::Error;
pub use evm::{cumulative_flow, evm_s_curves};
pub use forecast::{MAX_FAN_WEEKS, throughput_fan};
pub use gantt::{GanttOptions, gantt, gantt_leveled};
pub use histogram::{HistogramOptions, Period, resource_histogram};
pub use risk::{criticality, finish_distribution, heat_map, tornado};
pub use scale::TimeScale;
pub use style::{FontFamily, Palette, Style};
