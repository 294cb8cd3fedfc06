//! The theory lab's optima experiment (issue 14, lecture 002's "Local Optima", after Choromanska
//! et al., "The Loss Surfaces of Multilayer Networks", 2015): K initialisations of each of a few
//! network sizes trained on one 2-class data set for the same number of steps; the histograms of
//! their final training losses, per size, and how close to the best loss each size's runs end.
//!
//! Where things are: `state.rs` (what a link holds), `settings.rs` (each setting declared once,
//! the ladders of sizes, the work budget), `widget.rs` (the experiment, its tick and progress;
//! the sweep itself is `crate::theory::optima`), `controls.rs` (controls, settings, buttons),
//! `views.rs` and `tables.rs` (what each view draws and its numbers), `presets.rs` (the lecture's
//! figure and its claim).

mod controls;
pub mod presets;
pub mod settings;
pub mod state;
mod tables;
#[cfg(test)]
mod tests;
pub mod views;
pub mod widget;

pub use state::OptimaState;
pub use widget::OptimaLab;
