//! The one error type of the MLP area: every message is meant to be shown to a student as is.

use std::fmt;

/// Everything that can go wrong when configuring, building or training an MLP.
///
/// The message inside each variant is complete and student-readable, e.g.
/// "hidden layer 2 has width 0; widths must be between 1 and 512".
#[derive(Debug, Clone, PartialEq)]
pub enum MlpError {
    /// A configuration value is out of range (NaN, negative, absurd, inconsistent).
    Config(String),
    /// A data set is malformed (wrong shape, NaN, label out of range).
    Data(String),
    /// A CSV file could not be read; the message names the first bad row.
    Csv(String),
    /// The optimizer refused to step (its own message is passed through).
    Optimizer(String),
    /// A caller buffer or input slice has the wrong length.
    Shape(String),
}

impl fmt::Display for MlpError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            MlpError::Config(m)
            | MlpError::Data(m)
            | MlpError::Csv(m)
            | MlpError::Optimizer(m)
            | MlpError::Shape(m) => f.write_str(m),
        }
    }
}

impl std::error::Error for MlpError {}

/// Shorthand for a configuration error.
pub(crate) fn config_err<T>(msg: impl Into<String>) -> Result<T, MlpError> {
    Err(MlpError::Config(msg.into()))
}
