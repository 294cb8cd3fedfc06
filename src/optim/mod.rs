//! Optimizers over parameter blocks, shared by the optimizer lab and the MLP lab (lectures 002–004).
//!
//! An optimizer updates a list of [`ParamBlock`]s (flat row-major slices with a shape) from their
//! gradients. A 2-D landscape is one [`BlockRole::Point`] block of two numbers; an MLP is a list of
//! [`BlockRole::Weight`] and [`BlockRole::Bias`] blocks. Per-neuron methods ([`nero`]) read the rows
//! of a weight block; second-order methods ([`newton`], [`cubic`]) need an [`Objective`] with a
//! Hessian in the [`StepContext`].
//!
//! Usage: `let mut opt = config.build();` then, each iteration,
//! `opt.step(&mut blocks, &StepContext { lr: schedule.lr_at(config.lr(), opt.steps()), objective })`.
//!
//! Where `torch.optim` has the algorithm its update is followed exactly (same state
//! initialisation, bias correction, placement of ε and weight-decay form); the other methods follow
//! their paper / reference code or the lectures, as each module's documentation says.

#![warn(missing_docs)]

pub mod adadelta;
pub mod adagrad;
pub mod adam;
mod config;
pub mod cubic;
pub mod ema_momentum;
pub mod error;
pub mod gd_inv_l;
pub mod hyper;
mod joint;
pub mod madam;
pub mod mirror;
pub mod nadam;
pub mod nero;
pub mod newton;
mod optimizer;
pub mod rmsprop;
pub mod rprop;
pub mod schedule;
pub mod sgd;
pub mod sign_sgd;

#[cfg(test)]
mod golden_tests;
#[cfg(test)]
mod tests;

use serde::{Deserialize, Serialize};

pub use adadelta::AdadeltaConfig;
pub use adagrad::AdagradConfig;
pub use adam::{AdamConfig, AdamwConfig};
pub use config::OptimizerConfig;
pub use cubic::CubicNewtonConfig;
pub use ema_momentum::EmaMomentumConfig;
pub use error::OptimError;
pub use gd_inv_l::GdInvLConfig;
pub use hyper::{HyperParam, EPS_SLIDER, LR_SLIDER};
pub use madam::MadamConfig;
pub use mirror::{MirrorDescentConfig, MirrorMap};
pub use nadam::NadamConfig;
pub use nero::NeroConfig;
pub use newton::NewtonConfig;
pub use optimizer::Optimizer;
pub use rmsprop::RmspropConfig;
pub use rprop::RpropConfig;
pub use schedule::Schedule;
pub use sgd::SgdConfig;
pub use sign_sgd::SignSgdConfig;

/// What a parameter block is, which matters only to per-neuron methods (Nero).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BlockRole {
    /// A weight matrix: one row per output neuron (rows = fan-out, cols = fan-in), like
    /// `torch.nn.Linear.weight`.
    Weight,
    /// A bias vector (one entry per neuron).
    Bias,
    /// The iterate of a 2-D (or n-D) landscape; treated elementwise like a bias.
    Point,
}

/// One block of parameters with its gradient: flat row-major `rows × cols` slices.
#[derive(Debug)]
pub struct ParamBlock<'a> {
    /// Parameters, updated in place (length `rows * cols`).
    pub params: &'a mut [f64],
    /// Gradient of the loss at `params` (same length).
    pub grad: &'a [f64],
    /// Number of rows (for a weight: fan-out, one row per neuron).
    pub rows: usize,
    /// Number of columns (for a weight: fan-in).
    pub cols: usize,
    /// What the block is.
    pub role: BlockRole,
}

/// A differentiable function of all parameters (blocks concatenated in order), for methods that
/// need more than the gradient: Newton and cubic regularisation (Hessian), Armijo line search
/// (values) and the lecture's Nesterov look-ahead (gradient at another point).
pub trait Objective {
    /// Number of variables `n` (must equal the total length of the blocks passed to `step`).
    fn dim(&self) -> usize;
    /// f(x).
    fn value(&self, x: &[f64]) -> f64;
    /// Writes ∇f(x) into `g` (length n).
    fn gradient(&self, x: &[f64], g: &mut [f64]);
    /// Writes the Hessian ∇²f(x) row-major into `h` (length n·n); returns false if unavailable.
    fn hessian(&self, x: &[f64], h: &mut [f64]) -> bool;
}

/// What a step needs besides the blocks.
#[derive(Clone, Copy)]
pub struct StepContext<'a> {
    /// The scheduled learning rate α for this step, normally
    /// `schedule.lr_at(config.lr(), optimizer.steps())`.
    pub lr: f64,
    /// The objective, for methods that need values / gradients elsewhere / a Hessian.
    pub objective: Option<&'a dyn Objective>,
}

impl<'a> StepContext<'a> {
    /// A context with only a learning rate.
    pub fn with_lr(lr: f64) -> Self {
        StepContext {
            lr,
            objective: None,
        }
    }
}
