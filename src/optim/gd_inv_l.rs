//! Gradient descent with step 1/L (lecture 003, "Lipschitz smooth model").
//!
//! If f is L-smooth, minimising the upper bound f(w) + gᵀΔw + (L/2)‖Δw‖² over Δw gives
//! Δw = −g/L, and each step decreases f by at least ‖g‖²/(2L):
//! ```text
//! θ ← θ − (1/L) g
//! ```
//! `l = 0` means "not known yet": the lab fills in the landscape's smoothness constant. Stepping
//! with `l = 0` is an error. [`OptimizerConfig::lr`](super::OptimizerConfig::lr) returns 1/L and the
//! step uses the scheduled `ctx.lr`, so a constant schedule gives exactly 1/L.

use serde::{Deserialize, Serialize};

use super::error::OptimError;
use super::hyper::{tunable, Spec};
use super::method::Method;
use super::ParamBlock;

/// Configuration of GD with step 1/L.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Default)]
#[serde(default, deny_unknown_fields)]
pub struct GdInvLConfig {
    /// L, the smoothness (Lipschitz constant of the gradient); 0 = filled in by the lab.
    pub l: f64,
}

pub(crate) const LABEL: &str = "GD, step 1/L";
pub(crate) const RULE: &str = "θ ← θ − (1/L)·∇f(θ)";

tunable!(GdInvLConfig {
    l: Spec::real(
        "l",
        "L (smoothness)",
        0.0,
        1e8,
        false,
        "Largest curvature of the loss; the step is 1/L (0 = let the lab compute it).",
    ),
});

impl Method for GdInvLConfig {
    const LABEL: &'static str = LABEL;
    const RULE: &'static str = RULE;
    type State = ();
    fn init(&self, _block: &mut ParamBlock, _lr: f64) {}
    fn update(&self, _st: &mut (), block: &mut ParamBlock, lr: f64, _t: u64) {
        for (pi, &gi) in block.params.iter_mut().zip(block.grad) {
            *pi -= lr * gi;
        }
    }
    /// 1/L, or 0 while L is not set.
    fn lr(&self) -> f64 {
        if self.l > 0.0 {
            1.0 / self.l
        } else {
            0.0
        }
    }
    fn ready(&self) -> Result<(), OptimError> {
        if self.l <= 0.0 {
            return Err(OptimError::new(
                "GD with step 1/L: L is not set yet (it must be > 0)",
            ));
        }
        Ok(())
    }
}
