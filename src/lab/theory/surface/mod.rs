//! The theory lab's loss-surface experiment (issue 14 item 3; lecture 002, “The loss surface of a
//! neural network”; Li et al., “Visualizing the Loss Landscape of Neural Nets”, 2018): a network
//! of chosen width, depth and skip connections is trained, then its loss is drawn on a plane
//! through the trained weights w* — 𝓛(w* + a·d₁ + b·d₂) along two filter-normalised random
//! directions or the trajectory's top two principal directions — with the trajectory projected
//! on it, and along the segment from w₀ to w*. With “compare” the same network is trained with
//! and without skips from the same w₀ and both slices share one colour scale.
//!
//! Where things are: `state.rs` (what a link holds), `settings.rs` (each setting declared once,
//! the budget), `study.rs` (training, the plane, the interpolation and the grid, in slices),
//! `widget.rs` (the experiment and its `Widget` implementation), `controls.rs` (controls,
//! settings, buttons), `views.rs` and `tables.rs` (what each view draws — the slices as the
//! renderer's grid heatmap, `crate::render::grid` — and its numbers), `presets.rs` (the lectures' claims). The fast f32
//! evaluation of the plane is the core `crate::theory::slice32`.

mod controls;
pub mod presets;
pub mod settings;
pub mod state;
pub mod study;
mod tables;
#[cfg(test)]
mod tests;
pub mod views;
pub mod widget;

pub use state::SurfaceState;
pub use widget::SurfaceLab;
