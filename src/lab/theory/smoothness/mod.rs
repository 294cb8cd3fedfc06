//! The theory lab's smoothness experiment (issue 14, lecture 003's "Convergence rates"): gradient
//! descent with step 1/L on least squares, whose smoothness constant L = s_max²/N is known; the
//! running mean of ‖g_k‖² against the bound 2L·L(W₀)/K, the noise ball σ² with gradient noise,
//! and a decaying step that leaves it. The core is `crate::theory::smoothness`.
//!
//! Where things are: `state.rs` (what a link holds), `settings.rs` (each setting declared once,
//! the work budget), `problem.rs` (the least-squares problem, L, the predicted plateau and the
//! bound), `descent.rs` (the ensembles of runs, advanced in slices), `widget.rs`, `controls.rs`,
//! `views.rs` and `tables.rs`, `presets.rs` (the lecture's claims).

mod controls;
pub mod descent;
pub mod presets;
pub mod problem;
pub mod settings;
pub mod state;
mod tables;
#[cfg(test)]
mod tests;
pub mod views;
pub mod widget;

pub use state::SmoothnessState;
pub use widget::SmoothnessLab;
