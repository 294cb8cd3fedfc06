//! The one error type of the optimizer area.

use std::fmt;

/// An optimizer, schedule or hyperparameter problem, with a message a student can read
/// (e.g. "α (learning rate) must be a finite number in [1e-8, 100] (got -1)").
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OptimError(String);

impl OptimError {
    /// Wraps a human-readable message.
    pub fn new(message: impl Into<String>) -> Self {
        OptimError(message.into())
    }

    /// The message, without any prefix.
    pub fn message(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for OptimError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for OptimError {}
