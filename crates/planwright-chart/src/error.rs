//! Errors of the chart functions.

/// Why a chart could not be drawn.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// An option is out of range or contradicts another.
    #[error("option `{option}`: {problem}")]
    InvalidOption {
        /// The option.
        option: &'static str,
        /// What is wrong.
        problem: String,
    },
    /// A colour that is neither a hex colour nor a colour name (colours
    /// are written into the SVG as given, so nothing else is accepted).
    #[error("colour `{name}` is {value:?}: use #rgb, #rrggbb, #rrggbbaa or a colour name")]
    InvalidColour {
        /// Which colour.
        name: &'static str,
        /// The value given (shortened).
        value: String,
    },
    /// The resource has no histogram in the leveling result.
    #[error("no histogram for resource `{key}` in the leveling result")]
    UnknownResource {
        /// The key asked for.
        key: String,
    },
    /// The plan or result does not belong to the project given with it.
    #[error("the plan does not match the project: {0}")]
    Mismatch(String),
    /// The risk register could not evaluate its risks.
    #[error(transparent)]
    Risk(#[from] planwright_risk::Error),
}
