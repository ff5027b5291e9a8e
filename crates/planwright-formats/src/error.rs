//! Errors and import warnings.

use core::fmt;

/// Why a file could not be read. Every variant names where: a line and
/// column, or the element and its UID.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The text is not well-formed XML, or uses something refused for
    /// safety (a document type declaration, an undeclared entity, nesting
    /// deeper than 64), or ends early.
    #[error("line {line}, column {column}: malformed XML: {message}")]
    Xml {
        /// Line, from 1.
        line: usize,
        /// Column in characters, from 1.
        column: usize,
        /// What is wrong.
        message: String,
    },
    /// A P6 XER file breaks the table structure (`ERMHDR` first, then
    /// `%T` table, `%F` fields, `%R` rows, `%E` end).
    #[error("line {line}: malformed XER: {message}")]
    Xer {
        /// Line, from 1.
        line: usize,
        /// What is wrong.
        message: String,
    },
    /// Text that is not JSON.
    #[error("line {line}, column {column}: malformed JSON: {message}")]
    JsonSyntax {
        /// Line, from 1.
        line: usize,
        /// Column, from 1.
        column: usize,
        /// What is wrong.
        message: String,
    },
    /// A JSON project with a missing, unknown or mistyped field, or a
    /// reference to a key nothing has; the path says where
    /// (`tasks[2].assign[0].resource`).
    #[error("{path}: {message}")]
    Json {
        /// Where, as a JSON path.
        path: String,
        /// What is wrong, naming both ends of a broken reference.
        message: String,
    },
    /// The root element is not an MSPDI `<Project>`.
    #[error("not an MS Project XML (MSPDI) document: the root element is <{found}>")]
    NotMspdi {
        /// The root element's name.
        found: String,
    },
    /// A value could not be read as what the element holds.
    #[error(
        "line {line}, column {column}: <{element}> of {item} is {value:?}, expected {expected}"
    )]
    InvalidValue {
        /// The element.
        element: String,
        /// The item it belongs to, e.g. `task UID 7 "Design"`.
        item: String,
        /// The value found (shortened when long).
        value: String,
        /// What was expected.
        expected: &'static str,
        /// Line, from 1.
        line: usize,
        /// Column, from 1.
        column: usize,
    },
    /// A required element is missing.
    #[error("line {line}, column {column}: {item} has no <{element}>")]
    Missing {
        /// The missing element.
        element: &'static str,
        /// The item that needs it.
        item: String,
        /// Line of the item, from 1.
        line: usize,
        /// Column of the item, from 1.
        column: usize,
    },
    /// Two items of one kind share a UID.
    #[error("line {line}, column {column}: duplicate {kind} UID {uid}")]
    DuplicateUid {
        /// `task`, `resource` or `calendar`.
        kind: &'static str,
        /// The UID.
        uid: i64,
        /// Line of the second item, from 1.
        line: usize,
        /// Column of the second item, from 1.
        column: usize,
    },
    /// A reference to a UID that no item has.
    #[error("line {line}, column {column}: {referrer} refers to unknown {kind} UID {uid}")]
    UnknownUid {
        /// What kind of item was referred to.
        kind: &'static str,
        /// The UID.
        uid: i64,
        /// Who refers to it, e.g. `the predecessor link of task UID 4 "Build"`.
        referrer: String,
        /// Line of the reference, from 1.
        line: usize,
        /// Column of the reference, from 1.
        column: usize,
    },
    /// The links (or calendars and their bases) form a cycle; the items
    /// are listed in order, the first repeated at the end.
    #[error("cycle: {}", .items.join(" -> "))]
    Cycle {
        /// The items on the cycle, e.g. `task UID 3 "Test"`.
        items: Vec<String>,
    },
    /// Calendar exceptions or work weeks would expand to more days than
    /// [`MAX_EXCEPTION_DAYS`](crate::mspdi::MAX_EXCEPTION_DAYS).
    #[error("{item}: its exceptions cover more than {limit} days")]
    TooLarge {
        /// The calendar.
        item: String,
        /// The limit.
        limit: usize,
    },
    /// The project model refused an item (an impossible duration, progress
    /// contradicting itself, a date out of range, …).
    #[error("{item}: {source}")]
    Project {
        /// The item, e.g. `task UID 5 "Pour"`.
        item: String,
        /// The model's reason.
        #[source]
        source: planwright_core::Error,
    },
}

/// Whether a warning means data was left out or changed to fit the model.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum WarningKind {
    /// The data was not imported.
    Ignored,
    /// The data was imported as the nearest thing the model has.
    Approximated,
}

/// Something in the file the project model cannot hold exactly: named by
/// item, never silently dropped.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct Warning {
    /// The item, e.g. `task UID 7 "Design"` or `project`.
    pub item: String,
    /// Ignored or approximated.
    pub kind: WarningKind,
    /// What and how.
    pub message: String,
}

impl Warning {
    pub(crate) fn ignored(item: impl Into<String>, message: impl Into<String>) -> Self {
        Warning {
            item: item.into(),
            kind: WarningKind::Ignored,
            message: message.into(),
        }
    }

    pub(crate) fn approximated(item: impl Into<String>, message: impl Into<String>) -> Self {
        Warning {
            item: item.into(),
            kind: WarningKind::Approximated,
            message: message.into(),
        }
    }
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = match self.kind {
            WarningKind::Ignored => "ignored",
            WarningKind::Approximated => "approximated",
        };
        write!(f, "{}: {kind}: {}", self.item, self.message)
    }
}
