//! The theory lab (issue 14): the lectures' theory of training networks, as experiments that
//! share one lab page. Each experiment is a widget of its own in a folder of its own; the lab
//! (`widget.rs`) shows one at a time, chosen with the “experiment” control or by a preset.
//!
//! - `linearisation/`: a network trained beside its first-order Taylor model at w₀, a width
//!   sweep, the Jacobian's spectrum under the GD mask, the residual per NTK eigendirection, and
//!   what makes J ill-conditioned (lecture 001).
//!
//! `experiments.rs` lists them (id, menu label, presets, constructor).

pub mod experiments;
pub mod linearisation;
pub mod widget;

pub use experiments::preset_menu;
pub use widget::TheoryLab;
