//! User-facing keys: validated, non-empty strings, unique within their scope.

use core::fmt;

use crate::Error;
use crate::error::Entity;

/// The longest key accepted, in bytes.
pub const MAX_KEY_LEN: usize = 200;

/// A user-facing key such as `"design"` or `"OPS-42"`.
///
/// Keys identify items to people and survive serde round trips; inside a
/// container each key maps to a dense typed id for O(1) access.
///
/// A valid key is non-empty, at most [`MAX_KEY_LEN`] bytes, has no leading or
/// trailing white space and contains no control characters.
///
/// # Example
///
/// ```
/// use planwright_core::Key;
///
/// let key = Key::new("design")?;
/// assert_eq!(key.as_str(), "design");
/// assert!(Key::new("  padded").is_err());
/// # Ok::<(), planwright_core::Error>(())
/// ```
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "serde", serde(transparent))]
pub struct Key(String);

/// Why a string is not a valid [`Key`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub enum KeyProblem {
    /// The key is empty.
    Empty,
    /// The key is longer than [`MAX_KEY_LEN`] bytes.
    TooLong,
    /// The key starts or ends with white space.
    Padded,
    /// The key contains a control character.
    ControlCharacter,
}

impl fmt::Display for KeyProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            KeyProblem::Empty => "it is empty",
            KeyProblem::TooLong => "it is longer than 200 bytes",
            KeyProblem::Padded => "it starts or ends with white space",
            KeyProblem::ControlCharacter => "it contains a control character",
        })
    }
}

impl Key {
    /// Validates and wraps a key.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidKey`] when the key is empty, too long, padded with
    /// white space or contains a control character.
    pub fn new(key: impl Into<String>) -> Result<Self, Error> {
        Self::for_entity(Entity::Key, key)
    }

    pub(crate) fn for_entity(entity: Entity, key: impl Into<String>) -> Result<Self, Error> {
        let key = key.into();
        let problem = if key.is_empty() {
            Some(KeyProblem::Empty)
        } else if key.len() > MAX_KEY_LEN {
            Some(KeyProblem::TooLong)
        } else if key.trim() != key {
            Some(KeyProblem::Padded)
        } else if key.chars().any(char::is_control) {
            Some(KeyProblem::ControlCharacter)
        } else {
            None
        };
        match problem {
            Some(problem) => Err(Error::InvalidKey {
                entity,
                key: truncate_for_message(&key),
                problem,
            }),
            None => Ok(Key(key)),
        }
    }

    /// A key known to be valid (a literal in this crate).
    pub(crate) fn unchecked(key: &str) -> Key {
        debug_assert!(Key::new(key).is_ok(), "invalid built-in key {key:?}");
        Key(key.to_owned())
    }

    /// The key as a string slice.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Shortens user text quoted in an error message to a readable length.
pub(crate) fn truncate_for_message(s: &str) -> String {
    const LIMIT: usize = 60;
    if s.chars().count() <= LIMIT {
        s.to_owned()
    } else {
        let mut out: String = s.chars().take(LIMIT).collect();
        out.push('…');
        out
    }
}

impl fmt::Debug for Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&self.0, f)
    }
}

impl fmt::Display for Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl AsRef<str> for Key {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl core::borrow::Borrow<str> for Key {
    fn borrow(&self) -> &str {
        &self.0
    }
}

impl PartialEq<str> for Key {
    fn eq(&self, other: &str) -> bool {
        self.0 == other
    }
}

impl PartialEq<&str> for Key {
    fn eq(&self, other: &&str) -> bool {
        self.0 == *other
    }
}

impl TryFrom<&str> for Key {
    type Error = Error;
    fn try_from(value: &str) -> Result<Self, Error> {
        Key::new(value)
    }
}

impl TryFrom<String> for Key {
    type Error = Error;
    fn try_from(value: String) -> Result<Self, Error> {
        Key::new(value)
    }
}

#[cfg(feature = "serde")]
impl<'de> serde::Deserialize<'de> for Key {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let s = String::deserialize(deserializer)?;
        Key::new(s).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rejects_each_problem() {
        let problem = |s: &str| match Key::new(s) {
            Err(Error::InvalidKey { problem, .. }) => Some(problem),
            _ => None,
        };
        assert_eq!(problem(""), Some(KeyProblem::Empty));
        assert_eq!(problem(" a"), Some(KeyProblem::Padded));
        assert_eq!(problem("a\u{0}b"), Some(KeyProblem::ControlCharacter));
        assert_eq!(problem(&"x".repeat(201)), Some(KeyProblem::TooLong));
        assert_eq!(problem("OPS-42 review"), None);
    }

    #[test]
    fn long_keys_are_truncated_in_messages() {
        let err = Key::new("y".repeat(500)).unwrap_err().to_string();
        assert!(err.len() < 200, "{err}");
    }
}
