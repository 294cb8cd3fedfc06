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

use super::hyper::{Spec, Tunable};
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

const SPECS: &[Spec] = &[Spec::real(
    "l",
    "L (smoothness)",
    0.0,
    1e8,
    false,
    "Largest curvature of the loss; the step is 1/L (0 = let the lab compute it).",
)];

impl Tunable for GdInvLConfig {
    const NAME: &'static str = LABEL;
    fn specs() -> &'static [Spec] {
        SPECS
    }
    fn get(&self, key: &str) -> Option<f64> {
        (key == "l").then_some(self.l)
    }
    fn put(&mut self, key: &str, v: f64) {
        if key == "l" {
            self.l = v;
        }
    }
}

pub(crate) fn update(block: &mut ParamBlock, lr: f64) {
    for (pi, &gi) in block.params.iter_mut().zip(block.grad) {
        *pi -= lr * gi;
    }
}
