//! Project files in and out for planwright: text in, text out, no I/O.
//!
//! - MS Project XML (MSPDI): [`read_mspdi`] and [`write_mspdi`] (what it
//!   writes reads back to an equal project);
//! - Primavera P6 XER: [`read_xer`];
//! - planwright's own JSON for people ([`json`]): [`read_json`] and
//!   [`write_json`], keys instead of ids, `"3d"` durations, errors that
//!   name the path.
//!
//! Every import gives an [`Import`]: the project, a [`Warning`] for each
//! thing approximated or left out, maps from the file's ids to the
//! project's, and the schedule the authoring tool saved in the file
//! ([`SavedTask`]), so a plan can be checked against it.
//!
//! ```
//! use planwright_formats::{read_mspdi, WarningKind};
//!
//! let xml = r#"<Project xmlns="http://schemas.microsoft.com/project">
//!   <StartDate>2024-03-04T08:00:00</StartDate>
//!   <Tasks>
//!     <Task><UID>1</UID><Name>Design</Name><OutlineLevel>1</OutlineLevel>
//!       <Duration>PT24H0M0S</Duration><Finish>2024-03-06T17:00:00</Finish></Task>
//!     <Task><UID>2</UID><Name>Review</Name><OutlineLevel>1</OutlineLevel>
//!       <Duration>PT48H0M0S</Duration><DurationFormat>8</DurationFormat>
//!       <PredecessorLink><PredecessorUID>1</PredecessorUID></PredecessorLink></Task>
//!   </Tasks>
//! </Project>"#;
//! let import = read_mspdi(xml)?;
//! let design = import.tasks[&1];
//! // Three working days of 8 hours, and the finish MS Project saved:
//! assert_eq!(import.project.task(design).unwrap().duration.as_minutes(), 3 * 480);
//! assert_eq!(import.saved[0].finish.unwrap().to_string(), "2024-03-06 17:00:00");
//! // "2 elapsed days" has no exact equivalent: it is approximated, and said so.
//! assert_eq!(import.warnings.len(), 1);
//! assert_eq!(import.warnings[0].kind, WarningKind::Approximated);
//! assert!(import.warnings[0].to_string().starts_with("task UID 2 \"Review\""));
//! # Ok::<(), planwright_formats::Error>(())
//! ```
//!
//! # Safety of parsing
//!
//! Input is untrusted: a document type declaration is refused (so no
//! entity is declared, expanded or loaded from outside), only the five
//! predefined entities and character references are resolved, nesting is
//! limited, and memory grows linearly with the input. Every error names
//! where it is: line and column, or the item's UID and name.

mod cycles;

/// The days of a week, Monday first (the model's order).
pub(crate) const MONDAY_FIRST: [chrono::Weekday; 7] = [
    chrono::Weekday::Mon,
    chrono::Weekday::Tue,
    chrono::Weekday::Wed,
    chrono::Weekday::Thu,
    chrono::Weekday::Fri,
    chrono::Weekday::Sat,
    chrono::Weekday::Sun,
];
mod error;
pub mod json;
pub mod mspdi;
pub mod xer;
mod xml;

pub use error::{Error, Warning, WarningKind};
pub use json::{JsonExport, read_json, write_json};
pub use mspdi::{Import, MspdiExport, SavedTask, read_mspdi, write_mspdi};
pub use xer::read_xer;
