//! Dependency links between tasks.

use core::fmt;

use crate::{Duration, TaskId};

/// The four precedence relations of the precedence diagramming method.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub enum LinkKind {
    /// The successor starts after the predecessor finishes (+ lag).
    #[default]
    FinishToStart,
    /// The successor starts after the predecessor starts (+ lag).
    StartToStart,
    /// The successor finishes after the predecessor finishes (+ lag).
    FinishToFinish,
    /// The successor finishes after the predecessor starts (+ lag).
    StartToFinish,
}

impl LinkKind {
    /// The usual abbreviation: FS, SS, FF or SF.
    #[must_use]
    pub const fn abbreviation(self) -> &'static str {
        match self {
            LinkKind::FinishToStart => "FS",
            LinkKind::StartToStart => "SS",
            LinkKind::FinishToFinish => "FF",
            LinkKind::StartToFinish => "SF",
        }
    }

    /// `true` when the relation starts from the predecessor's finish (FS, FF).
    #[must_use]
    pub const fn from_finish(self) -> bool {
        matches!(self, LinkKind::FinishToStart | LinkKind::FinishToFinish)
    }

    /// `true` when the relation constrains the successor's finish (FF, SF).
    #[must_use]
    pub const fn to_finish(self) -> bool {
        matches!(self, LinkKind::FinishToFinish | LinkKind::StartToFinish)
    }
}

impl fmt::Display for LinkKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.abbreviation())
    }
}

/// A dependency from `from` (predecessor) to `to` (successor) with a lag in
/// working time (negative = lead), counted on the successor's calendar.
///
/// # Example
///
/// ```
/// use planwright_core::{Duration, Link, LinkKind, TaskId};
///
/// let (a, b) = (TaskId::new(0), TaskId::new(1));
/// let l = Link::start_to_start(a, b).lag(Duration::days(2));
/// assert_eq!(l.kind, LinkKind::StartToStart);
/// assert_eq!(l.to_string(), "#0 SS+2d #1");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub struct Link {
    /// Predecessor.
    pub from: TaskId,
    /// Successor.
    pub to: TaskId,
    /// Relation type.
    pub kind: LinkKind,
    /// Lag (negative: lead), in working time.
    pub lag: Duration,
}

impl Link {
    /// A link of any kind without lag.
    #[must_use]
    pub const fn new(from: TaskId, to: TaskId, kind: LinkKind) -> Self {
        Link {
            from,
            to,
            kind,
            lag: Duration::ZERO,
        }
    }

    /// Finish-to-start.
    #[must_use]
    pub const fn finish_to_start(from: TaskId, to: TaskId) -> Self {
        Link::new(from, to, LinkKind::FinishToStart)
    }

    /// Start-to-start.
    #[must_use]
    pub const fn start_to_start(from: TaskId, to: TaskId) -> Self {
        Link::new(from, to, LinkKind::StartToStart)
    }

    /// Finish-to-finish.
    #[must_use]
    pub const fn finish_to_finish(from: TaskId, to: TaskId) -> Self {
        Link::new(from, to, LinkKind::FinishToFinish)
    }

    /// Start-to-finish.
    #[must_use]
    pub const fn start_to_finish(from: TaskId, to: TaskId) -> Self {
        Link::new(from, to, LinkKind::StartToFinish)
    }

    /// Sets the lag (negative for a lead).
    #[must_use]
    pub const fn lag(mut self, lag: Duration) -> Self {
        self.lag = lag;
        self
    }
}

impl fmt::Display for Link {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.from, self.kind)?;
        if self.lag != Duration::ZERO {
            let sign = if self.lag.is_negative() { "" } else { "+" };
            write!(f, "{sign}{}", self.lag)?;
        }
        write!(f, " {}", self.to)
    }
}
