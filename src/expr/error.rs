//! What is wrong with a formula, and where.

use std::fmt;

/// A formula that cannot be used: the message and the column (1-based, in characters) it points to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExprError {
    /// What is wrong, e.g. "unexpected “)”".
    pub message: String,
    /// Where (1-based character column; one past the end for "the formula ends too early").
    pub column: usize,
}

impl ExprError {
    /// An error at `column`.
    pub fn new(message: impl Into<String>, column: usize) -> Self {
        ExprError { message: message.into(), column }
    }
}

impl fmt::Display for ExprError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} at column {}", self.message, self.column)
    }
}

impl std::error::Error for ExprError {}
