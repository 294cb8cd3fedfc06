//! The one error type of the landscape area.

use std::fmt;

/// Why a landscape could not be configured or built, in words a student can act on
/// (e.g. "condition number κ must be a finite number in [1, 10000] (got 0.5)").
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LandscapeError(pub String);

impl LandscapeError {
    /// An error with the given student-readable message.
    pub fn new(message: impl Into<String>) -> Self {
        LandscapeError(message.into())
    }

    /// The message, without any prefix.
    pub fn message(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for LandscapeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for LandscapeError {}
