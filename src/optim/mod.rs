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

mod method;
mod optimizer;
mod registry;

pub mod error;
pub mod hyper;
mod joint;
pub mod schedule;

#[cfg(test)]
mod golden_tests;
#[cfg(test)]
mod tests;

use serde::{Deserialize, Serialize};

pub use error::OptimError;
pub use hyper::{HyperParam, EPS_SLIDER, LR_SLIDER};
pub use mirror::MirrorMap;
pub use optimizer::Optimizer;
pub use schedule::Schedule;

// The optimizers, in menu order: kind id (serde tag) => enum variant (module::config type).
// Each line declares the module, re-exports its config and lists the method in
// `OptimizerConfig`, its serde form and the dispatch (see `registry.rs`).
registry::optimizers! {
    "sgd" => Sgd(sgd::SgdConfig),
    "ema_momentum" => EmaMomentum(ema_momentum::EmaMomentumConfig),
    "gd_inv_l" => GdInvL(gd_inv_l::GdInvLConfig),
    "sign_sgd" => SignSgd(sign_sgd::SignSgdConfig),
    "adagrad" => Adagrad(adagrad::AdagradConfig),
    "rmsprop" => Rmsprop(rmsprop::RmspropConfig),
    "adam" => Adam(adam::AdamConfig),
    "adamw" => Adamw(adamw::AdamwConfig),
    "nadam" => Nadam(nadam::NadamConfig),
    "adadelta" => Adadelta(adadelta::AdadeltaConfig),
    "rprop" => Rprop(rprop::RpropConfig),
    "mirror_descent" => MirrorDescent(mirror::MirrorDescentConfig),
    "newton" => Newton(newton::NewtonConfig),
    "cubic_newton" => CubicNewton(cubic::CubicNewtonConfig),
    "madam" => Madam(madam::MadamConfig),
    "nero" => Nero(nero::NeroConfig),
}

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
