//! The one error type of the Shrinkage lab: every message is written for a student.

use std::fmt;

/// Everything that can go wrong in the Shrinkage lab's numeric core.
///
/// Each variant carries a complete, student-readable sentence; `Display` prints it as is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ShrinkError {
    /// A configuration value is out of range, e.g. "noise must be a finite number ≥ 0 (got NaN)".
    InvalidConfig(String),
    /// Uploaded or pasted CSV text could not be read; the message names the first bad row.
    Csv(String),
    /// Matrix / vector sizes that must agree do not (e.g. X has 10 rows but y has 9 entries).
    Shape(String),
    /// A linear-algebra step failed, e.g. XᵀX is singular so the normal equations have no unique solution.
    Numerical(String),
}

impl fmt::Display for ShrinkError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ShrinkError::InvalidConfig(m)
            | ShrinkError::Csv(m)
            | ShrinkError::Shape(m)
            | ShrinkError::Numerical(m) => f.write_str(m),
        }
    }
}

impl std::error::Error for ShrinkError {}

/// Shorthand for an [`ShrinkError::InvalidConfig`] with a formatted message.
pub(crate) fn invalid(msg: impl Into<String>) -> ShrinkError {
    ShrinkError::InvalidConfig(msg.into())
}
