//! The theory lab's linearisation experiment (issue 14, lecture 001's "Optimizing deep networks"):
//! a network with 1–3 hidden layers of width m (1-D regression, or a 2-class set fitted by least
//! squares on ±1) trained beside its first-order Taylor model f_lin(x; w) = f(x; w₀) + J(w₀)(w − w₀)
//! by the same optimizer, on the same data, for the same steps; the Jacobian's spectrum under the
//! GD mask and the residual per NTK eigendirection; a width sweep of the gap and the weight change;
//! and what makes J(w₀) ill-conditioned (depth, activation, init gain, input scale and offset).
//!
//! Where things are: `state.rs` (what a link holds), `settings.rs` (each setting declared once,
//! the budgets), `pair.rs` (the two models trained side by side), `kernel.rs` (J and the spectrum
//! of JJᵀ computed in slices), `sweep.rs` (the width sweep), `conditioning.rs` (κ(J(w₀)) against a
//! cause), `widget.rs` (the lab and its `Widget` implementation), `controls.rs` (controls,
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
