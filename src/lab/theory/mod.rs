//! The theory lab (issue 14): the lectures' theory of training networks, as experiments that
//! share one lab page. Each experiment is a widget of its own in a folder of its own; the lab
//! (`widget.rs`) shows one at a time, chosen with the “experiment” control or by a preset.
//!
//! - `linearisation/`: a network trained beside its first-order Taylor model at w₀, a width
//!   sweep, the Jacobian's spectrum under the GD mask, the residual per NTK eigendirection, and
//!   what makes J ill-conditioned (lecture 001).
//! - `surface/`: the loss on a plane through the trained weights and on the segment w₀ → w*, a
//!   plain network beside the same network with skip connections (lecture 002, Li et al. 2018).
//! - `optima/`: K initialisations of four network sizes, histograms of their final training
//!   losses per size (lecture 002's local optima, after Choromanska et al. 2015).
//! - `relative/`: each step's measured gradient change against Π_l(1 + ‖ΔW_l‖/‖W_l‖) − 1, per-layer
//!   relative updates, Nero's neuron rotation (lecture 003).
//! - `smoothness/`: GD with step 1/L, the rate 2L·𝓛(W₀)/K, the noise ball σ² (lecture 003).
//!
//! `experiments.rs` lists them (id, menu label, presets, constructor).

pub mod experiments;
pub mod linearisation;
pub mod optima;
pub mod relative;
pub mod smoothness;
pub mod surface;
pub mod widget;

pub use experiments::preset_menu;
pub use widget::TheoryLab;
