//! The one error type of the lab layer.
//!
//! Every refusal a student can meet — a typed value out of range, an unknown key in a link, a
//! computation too large to run interactively, a view that cannot be drawn — is a [`LabError`].
//! Its `Display` is the message the page shows, unchanged from the core's own errors.

use std::fmt;

/// What kind of refusal an error is (the page shows them alike; tests and callers may branch).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ErrorKind {
    /// A value that does not parse or lies outside its range.
    Invalid,
    /// A key, preset, view or option that does not exist.
    Unknown,
    /// A request the lab declines (too much work for an interactive page, a locked state).
    Refused,
    /// Something not available here (no random numbers, no data yet).
    Unavailable,
    /// A view that could not be drawn.
    Drawing,
    /// A preset's lesson that does not hold in the numbers (its claim check failed).
    Unmet,
}

/// A lab-layer error: a kind and the message a student reads.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LabError {
    kind: ErrorKind,
    message: String,
}

/// The result type of the lab layer.
pub type LabResult<T> = Result<T, LabError>;

impl LabError {
    /// An error of `kind` with `message`.
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> Self {
        LabError { kind, message: message.into() }
    }
    /// A value that does not parse or is out of range.
    pub fn invalid(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::Invalid, message)
    }
    /// Something named that does not exist.
    pub fn unknown(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::Unknown, message)
    }
    /// A request the lab declines.
    pub fn refused(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::Refused, message)
    }
    /// Something not available here.
    pub fn unavailable(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::Unavailable, message)
    }
    /// A view that could not be drawn.
    pub fn drawing(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::Drawing, message)
    }
    /// A preset's lesson that does not hold in the numbers.
    pub fn unmet(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::Unmet, message)
    }
    /// The kind.
    pub fn kind(&self) -> ErrorKind {
        self.kind
    }
    /// The message a student reads.
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for LabError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for LabError {}

/// An error equals the text of its message (`assert_eq!(e, "row 2: 'abc' is not a number")`).
impl PartialEq<&str> for LabError {
    fn eq(&self, other: &&str) -> bool {
        self.message == *other
    }
}

/// An error reads as its message (`e.contains("row 3")`), which is what tests and the page look at.
impl std::ops::Deref for LabError {
    type Target = str;
    fn deref(&self) -> &str {
        &self.message
    }
}

impl From<String> for LabError {
    fn from(message: String) -> Self {
        LabError::invalid(message)
    }
}

impl From<&str> for LabError {
    fn from(message: &str) -> Self {
        LabError::invalid(message)
    }
}

/// The core's errors keep their messages; they all describe values the lab was given.
macro_rules! from_core_error {
    ($($t:ty),*) => {$(
        impl From<$t> for LabError {
            fn from(e: $t) -> Self {
                LabError::invalid(e.to_string())
            }
        }
    )*};
}
from_core_error!(crate::optim::OptimError, crate::landscape::LandscapeError, crate::shrinkage::ShrinkError, crate::mlp::MlpError);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_error_shows_its_message_unchanged_and_keeps_its_kind() {
        let e = LabError::refused("p = 400 is too large to decompose here");
        assert_eq!(e.to_string(), "p = 400 is too large to decompose here");
        assert_eq!(e.kind(), ErrorKind::Refused);
        let from_core: LabError = crate::optim::OptimError::new("α must be positive").into();
        assert_eq!((from_core.message(), from_core.kind()), ("α must be positive", ErrorKind::Invalid));
        let from_text: LabError = format!("N must be a whole number (got {})", 0.5).into();
        assert_eq!(from_text.message(), "N must be a whole number (got 0.5)");
    }
}
