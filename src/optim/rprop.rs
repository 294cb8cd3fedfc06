//! Rprop — `torch.optim.Rprop` (Riedmiller & Braun, 1993), the first method of lecture 003's
//! "Rprop → RMSprop → Adam" history.
//!
//! Source: PyTorch docs and `torch/optim/rprop.py` (`_single_tensor_rprop`). Each coordinate has its
//! own step size η_i, initialised to α:
//! ```text
//! s = sign(g · g_prev)
//! η ← clamp(η · (η₊ if s > 0, η₋ if s < 0, 1 if s = 0), η_min, η_max)
//! g ← 0 where s < 0           (after a sign flip, skip this coordinate once)
//! θ ← θ − sign(g) · η;   g_prev ← g
//! ```
//! The scheduled learning rate only seeds η on the first step (as in torch, where `lr` is read
//! only when the state is created).

use serde::{Deserialize, Serialize};

use super::error::OptimError;
use super::hyper::{lr_spec, tunable, Spec};
use super::method::Method;
use super::ParamBlock;

/// Configuration of Rprop; defaults are torch's (`lr=1e-2, etas=(0.5, 1.2),
/// step_sizes=(1e-6, 50)`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct RpropConfig {
    /// α, the initial per-coordinate step size.
    pub lr: f64,
    /// η₋, step-size factor after a sign flip (torch `etas[0]`).
    pub eta_minus: f64,
    /// η₊, step-size factor when the sign is kept (torch `etas[1]`).
    pub eta_plus: f64,
    /// Smallest step size (torch `step_sizes[0]`).
    pub step_min: f64,
    /// Largest step size (torch `step_sizes[1]`).
    pub step_max: f64,
}

impl Default for RpropConfig {
    fn default() -> Self {
        RpropConfig {
            lr: 1e-2,
            eta_minus: 0.5,
            eta_plus: 1.2,
            step_min: 1e-6,
            step_max: 50.0,
        }
    }
}

pub(crate) const LABEL: &str = "Rprop";
pub(crate) const RULE: &str = "s = sign(g·g_prev); η ← clamp(η·(η₊ if s>0, η₋ if s<0, 1 else), η_min, η_max); g ← 0 if s<0; θ ← θ − η·sign(g)";

tunable!(RpropConfig {
    lr: lr_spec("Initial step size of every coordinate."),
    eta_minus: Spec::real(
        "eta_minus",
        "η₋",
        1e-6,
        0.999999,
        false,
        "Step-size factor after the gradient sign flips (< 1).",
    ),
    eta_plus: Spec::real(
        "eta_plus",
        "η₊",
        1.000001,
        10.0,
        false,
        "Step-size factor while the gradient sign stays the same (> 1).",
    ),
    step_min: Spec::real(
        "step_min",
        "η_min",
        0.0,
        100.0,
        false,
        "Smallest allowed step size.",
    ),
    step_max: Spec::real(
        "step_max",
        "η_max",
        1e-12,
        1e4,
        true,
        "Largest allowed step size.",
    ),
});

impl Method for RpropConfig {
    const LABEL: &'static str = LABEL;
    const RULE: &'static str = RULE;
    type State = State;
    fn init(&self, block: &mut ParamBlock, lr: f64) -> State {
        let n = block.params.len();
        State {
            prev: vec![0.0; n],
            step: vec![lr; n],
        }
    }
    fn update(&self, st: &mut State, block: &mut ParamBlock, _lr: f64, _t: u64) {
        let it = block
            .params
            .iter_mut()
            .zip(block.grad)
            .zip(st.prev.iter_mut())
            .zip(st.step.iter_mut());
        for (((pi, &gi), prev), step) in it {
            let mut g = gi;
            let s = sign(g * *prev);
            let factor = if s > 0.0 {
                self.eta_plus
            } else if s < 0.0 {
                self.eta_minus
            } else {
                1.0
            };
            *step = (*step * factor).max(self.step_min).min(self.step_max);
            if s < 0.0 {
                g = 0.0;
            }
            *pi -= sign(g) * *step;
            *prev = g;
        }
    }
    fn cross_check(&self) -> Result<(), OptimError> {
        if self.step_min > self.step_max {
            return Err(OptimError::new(format!(
                "η_min ({}) must not exceed η_max ({})",
                self.step_min, self.step_max
            )));
        }
        Ok(())
    }
}

/// Per-block state: previous (masked) gradient and per-coordinate step sizes.
#[derive(Clone, Debug)]
pub(crate) struct State {
    pub prev: Vec<f64>,
    pub step: Vec<f64>,
}

fn sign(x: f64) -> f64 {
    if x > 0.0 {
        1.0
    } else if x < 0.0 {
        -1.0
    } else {
        0.0
    }
}
