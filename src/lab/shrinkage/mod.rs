//! The Shrinkage lab (issue 4, lecture 001): least squares, ridge, PCA truncation and early-stopped
//! gradient descent shown as filters on the singular values of X.
//!
//! | file | concept |
//! | --- | --- |
//! | `state` | [`ShrinkageLabState`]: the whole linkable state, with its repair and the λ/κ slider spans |
//! | `settings` | every setting declared once: key (= URL key = control key = `hide=` name), name, label, range |
//! | `presets` | one-click lecture figures ([`presets::PRESETS`]) |
//! | `widget` | [`ShrinkageLab`]: the struct, the cached SVD, opening, and the `Widget` calls delegated below |
//! | `controls` | the controls as the page shows them |
//! | `apply` | applying one setting (`set`): which settings regenerate, refit or only redraw |
//! | `actions` | the buttons: new seed, reset data, α*, q*, compare precisions |
//! | `pointer` | dragging, adding and removing points on the data view |
//! | `work` | the time-sliced GD runs (f64, f32) and the normal equations' precision comparison |
//! | `readouts` | the status line, the texts of the checks, and what a preset's claim measures |
//! | `views` | each view's plot data and how it is drawn |
//! | `export` | each view's numbers as a table (CSV) and as an SVG document |
//! | `legacy` | the earlier control keys (`n`, `show_gd`, …) and today's |
//!
//! The numeric core lives in [`crate::shrinkage`], the drawing in [`crate::render::shrinkage`].

mod actions;
mod apply;
mod controls;
pub mod export;
pub mod legacy;
mod pointer;
pub mod presets;
pub mod readouts;
pub mod settings;
pub mod state;
pub mod views;
pub mod widget;
mod work;

pub use readouts::Measured;
pub use state::ShrinkageLabState;
pub use widget::ShrinkageLab;

#[cfg(test)]
mod tests;
