//! Which labs exist, and how to open one from its URL query: both from the catalogue.

use crate::lab::widget::Widget;

pub use crate::lab::url::SHELL_KEYS;

/// Lab names that have a working widget (the others show "coming soon").
pub fn available() -> Vec<&'static str> {
    crate::lab::catalogue::labs().into_iter().map(|l| l.id).collect()
}

/// Opens lab `kind` with the state in `query`, by the constructor its catalogue entry names.
pub fn open(kind: &str, query: &str) -> Result<Box<dyn Widget>, crate::lab::error::LabError> {
    crate::lab::catalogue::open(kind, query)
}
