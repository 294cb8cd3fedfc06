//! The theory lab's linearisation experiment (issue 14, lecture 001's "Optimizing deep networks"): a network with one hidden
//! layer trained beside its first-order Taylor model f_lin(x; w) = f(x; w₀) + J(w₀)(w − w₀) by the
//! same optimizer, on the same data, for the same steps; the Jacobian's spectrum under the GD mask
//! and the residual per NTK eigendirection.
//!
//! Where things are: `state.rs` (what a link holds), `settings.rs` (each setting declared once,
//! the parameter budget), `pair.rs` (the two models trained side by side, kernels built in
//! slices), `widget.rs` (the lab and its `Widget` implementation), `controls.rs` (controls,
//! settings, buttons), `views.rs` and `tables.rs` (what each view draws and its numbers),
//! `presets.rs` (the lectures' figures and their claims).

pub mod conditioning;
mod controls;
pub mod kernel;
pub mod pair;
pub mod presets;
pub mod settings;
pub mod state;
pub mod sweep;
mod tables;
#[cfg(test)]
mod tests;
pub mod views;
pub mod widget;

pub use state::LinearisationState;
pub use widget::LinearisationLab;
