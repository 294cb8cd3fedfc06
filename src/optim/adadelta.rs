//! Adadelta — `torch.optim.Adadelta` (Zeiler, 2012).
//!
//! Source: PyTorch docs and `torch/optim/adadelta.py` (`_single_tensor_adadelta`):
//! ```text
//! g ← g + λθ
//! v ← ρv + (1−ρ)g²
//! Δ = √(u + ε) / √(v + ε) · g
//! u ← ρu + (1−ρ)Δ²
//! θ ← θ − αΔ
//! ```
//! (ε sits inside both square roots; torch's default α is 1.)

use serde::{Deserialize, Serialize};

use super::hyper::{lr_spec, tunable, Spec, BETA_MAX, EPS_SLIDER, WD};
use super::method::Method;
use super::ParamBlock;

/// Configuration of Adadelta; defaults are torch's (`lr=1.0, rho=0.9, eps=1e-6, weight_decay=0`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct AdadeltaConfig {
    /// α, a scale on the computed step Δ.
    pub lr: f64,
    /// ρ, decay of both running averages.
    pub rho: f64,
    /// ε, inside both square roots.
    pub eps: f64,
    /// λ, L2 penalty added to the gradient.
    pub weight_decay: f64,
}

impl Default for AdadeltaConfig {
    fn default() -> Self {
        AdadeltaConfig {
            lr: 1.0,
            rho: 0.9,
            eps: 1e-6,
            weight_decay: 0.0,
        }
    }
}

pub(crate) const LABEL: &str = "Adadelta";
pub(crate) const RULE: &str =
    "g ← ∇f(θ) + λθ; v ← ρv + (1−ρ)g²; Δ = √(u+ε)/√(v+ε)·g; u ← ρu + (1−ρ)Δ²; θ ← θ − αΔ";

tunable!(AdadeltaConfig {
    lr: lr_spec("Scale on the step Δ (1 = the original method)."),
    rho: Spec::real(
        "rho",
        "ρ",
        0.0,
        BETA_MAX,
        false,
        "Decay of the running averages of g² and Δ².",
    ),
    eps: Spec::real(
        "eps",
        "ε",
        1e-16,
        1.0,
        true,
        "Inside both square roots; it also sets the size of the very first steps.",
    )
    .with_slider(EPS_SLIDER.0, EPS_SLIDER.1),
    weight_decay: WD,
});

impl Method for AdadeltaConfig {
    const LABEL: &'static str = LABEL;
    const RULE: &'static str = RULE;
    type State = State;
    fn init(&self, block: &mut ParamBlock, _lr: f64) -> State {
        let n = block.params.len();
        State {
            v: vec![0.0; n],
            u: vec![0.0; n],
        }
    }
    fn update(&self, st: &mut State, block: &mut ParamBlock, lr: f64, _t: u64) {
        let (rho, eps, wd) = (self.rho, self.eps, self.weight_decay);
        for (((pi, &gi), vi), ui) in block
            .params
            .iter_mut()
            .zip(block.grad)
            .zip(st.v.iter_mut())
            .zip(st.u.iter_mut())
        {
            let g = if wd != 0.0 { gi + wd * *pi } else { gi };
            *vi = rho * *vi + (1.0 - rho) * g * g;
            let std = (*vi + eps).sqrt();
            let delta = (*ui + eps).sqrt() / std * g;
            *ui = rho * *ui + (1.0 - rho) * delta * delta;
            *pi -= lr * delta;
        }
    }
}

/// Per-block state: square average v and accumulated delta u.
#[derive(Clone, Debug)]
pub(crate) struct State {
    pub v: Vec<f64>,
    pub u: Vec<f64>,
}
