//! Stochastic gradient descent with optional (heavy-ball / Nesterov) momentum — `torch.optim.SGD`.
//!
//! Source: PyTorch docs for `torch.optim.SGD` and `torch/optim/sgd.py` (`_single_tensor_sgd`):
//! ```text
//! g ← g + λθ                          (weight_decay λ, if ≠ 0)
//! if μ ≠ 0:  b ← g on the first step, else b ← μb + (1−τ)g     (momentum μ, dampening τ)
//!            g ← g + μb if nesterov else b
//! θ ← θ − αg
//! ```
//! Lecture 002 writes momentum as "g_k = ∇L(θ_k) + μ g_{k−1}", the same recursion with τ = 0.

use serde::{Deserialize, Serialize};

use super::error::OptimError;
use super::hyper::{lr_spec, tunable, Spec, WD};
use super::method::Method;
use super::ParamBlock;

/// Configuration of SGD; defaults are torch's (`lr=1e-3, momentum=0, dampening=0,
/// weight_decay=0, nesterov=False`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct SgdConfig {
    /// α, the learning rate.
    pub lr: f64,
    /// μ, the momentum factor (0 = plain SGD).
    pub momentum: f64,
    /// τ, dampening of the gradient inside the momentum buffer.
    pub dampening: f64,
    /// λ, L2 weight decay added to the gradient.
    pub weight_decay: f64,
    /// Nesterov momentum (needs μ > 0 and τ = 0, as in torch).
    pub nesterov: bool,
}

impl Default for SgdConfig {
    fn default() -> Self {
        SgdConfig {
            lr: 1e-3,
            momentum: 0.0,
            dampening: 0.0,
            weight_decay: 0.0,
            nesterov: false,
        }
    }
}

pub(crate) const LABEL: &str = "SGD";
pub(crate) const RULE: &str =
    "g ← ∇f(θ) + λθ; b ← μb + (1−τ)g (b₁ = g); d ← g + μb if Nesterov else b; θ ← θ − α d";

tunable!(SgdConfig {
    lr: lr_spec("Step size."),
    momentum: Spec::real(
        "momentum",
        "μ (momentum)",
        0.0,
        0.9999,
        false,
        "Fraction of the previous direction blended into the new one.",
    ),
    dampening: Spec::real(
        "dampening",
        "τ (dampening)",
        0.0,
        1.0,
        false,
        "Scales the new gradient inside the momentum buffer by (1−τ).",
    ),
    weight_decay: WD,
    nesterov: Spec::boolean(
        "nesterov",
        "Nesterov",
        "Look ahead along the momentum: use g + μb instead of b.",
    ),
});

impl Method for SgdConfig {
    const LABEL: &'static str = LABEL;
    const RULE: &'static str = RULE;
    type State = State;
    fn init(&self, block: &mut ParamBlock, _lr: f64) -> State {
        State {
            buf: vec![0.0; block.params.len()],
        }
    }
    fn update(&self, st: &mut State, block: &mut ParamBlock, lr: f64, t: u64) {
        let (mu, wd, damp) = (self.momentum, self.weight_decay, self.dampening);
        let p = &mut *block.params;
        let grad = block.grad;
        if mu == 0.0 {
            for (pi, &gi) in p.iter_mut().zip(grad) {
                let g = if wd != 0.0 { gi + wd * *pi } else { gi };
                *pi -= lr * g;
            }
            return;
        }
        for ((pi, &gi), bi) in p.iter_mut().zip(grad).zip(st.buf.iter_mut()) {
            let g = if wd != 0.0 { gi + wd * *pi } else { gi };
            *bi = if t == 1 {
                g
            } else {
                mu * *bi + (1.0 - damp) * g
            };
            let d = if self.nesterov { g + mu * *bi } else { *bi };
            *pi -= lr * d;
        }
    }
    fn momentum<'s>(&self, st: &'s State) -> Option<&'s [f64]> {
        (self.momentum != 0.0).then_some(st.buf.as_slice())
    }
    fn cross_check(&self) -> Result<(), OptimError> {
        if self.nesterov && (self.momentum <= 0.0 || self.dampening != 0.0) {
            return Err(OptimError::new(
                "Nesterov momentum requires μ (momentum) > 0 and τ (dampening) = 0",
            ));
        }
        Ok(())
    }
}

/// Per-block state: the momentum buffer b.
#[derive(Clone, Debug)]
pub(crate) struct State {
    pub buf: Vec<f64>,
}
