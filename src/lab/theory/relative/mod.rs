//! The theory lab's relative-updates experiment (issue 14, lecture 003's "NN perturbation
//! bounds"): during MLP training, each step's measured relative change of the gradient
//! ‖∇L(W + ΔW) − ∇L(W)‖/‖∇L(W)‖ against the model Π_l(1 + ‖ΔW_l‖/‖W_l‖) − 1, for up to four
//! optimizers side by side (SGD, Adam, Madam, Nero …); each layer's relative update, and each
//! layer's median neuron rotation (Nero: about α radians, the lecture's half degree). The core is
//! `crate::theory::relative`.
//!
//! Where things are: `state.rs` (what a link holds), `settings.rs` (each setting declared once,
//! the work budget), `race.rs` (the optimizers' runs, one measured step at a time), `stats.rs`
//! (summaries shared by views and claims), `widget.rs`, `controls.rs`, `views.rs` and
//! `tables.rs`, `presets.rs` (the lecture's claims).

mod controls;
pub mod presets;
pub mod race;
pub mod settings;
pub mod state;
pub mod stats;
mod tables;
#[cfg(test)]
mod tests;
pub mod views;
pub mod widget;

pub use state::RelativeState;
pub use widget::RelativeLab;
