//! The Shrinkage lab (issue 4, lecture 001): least squares, ridge, PCA truncation and early-stopped
//! gradient descent shown as filters on the singular values of X.
//!
//! | file | concept |
//! | --- | --- |
//! | `state` | [`ShrinkageLabState`]: the whole linkable state, with range checks and repair |
//! | `presets` | one-click lecture figures ([`presets::PRESETS`]) |
//! | `widget` | [`ShrinkageLab`]: controls, cached SVD, time-sliced GD, dragging, view data |
//! | `views` | each view's numbers as a table (CSV export) and as an SVG document |
//!
//! The numeric core lives in [`crate::shrinkage`], the drawing in [`crate::render::shrinkage`].

pub mod presets;
pub mod state;
pub mod views;
pub mod widget;

pub use state::ShrinkageLabState;
pub use widget::ShrinkageLab;

#[cfg(test)]
mod tests;
