//! AdaGrad — `torch.optim.Adagrad` (Duchi et al., 2011).
//!
//! Source: PyTorch docs and `torch/optim/adagrad.py` (`_single_tensor_adagrad`), t = 1, 2, …:
//! ```text
//! g ← g + λθ;   α_t = α / (1 + (t−1)·η)          (weight_decay λ, lr_decay η)
//! s ← s + g²    (s₀ = initial_accumulator_value)
//! θ ← θ − α_t · g / (√s + ε)
//! ```
//! Lecture 002 writes s_k ← s_{k−1} + g², θ ← θ − α g/√s_k (no ε, no decay).

use serde::{Deserialize, Serialize};

use super::hyper::{lr_spec, tunable, Spec, EPS_SLIDER, WD};
use super::method::Method;
use super::ParamBlock;

/// Configuration of AdaGrad; defaults are torch's (`lr=1e-2, lr_decay=0, weight_decay=0,
/// initial_accumulator_value=0, eps=1e-10`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct AdagradConfig {
    /// α, the learning rate.
    pub lr: f64,
    /// η, learning-rate decay: α_t = α/(1 + (t−1)η).
    pub lr_decay: f64,
    /// λ, L2 penalty added to the gradient.
    pub weight_decay: f64,
    /// Starting value of the accumulator s.
    pub initial_accumulator_value: f64,
    /// ε, added to √s.
    pub eps: f64,
}

impl Default for AdagradConfig {
    fn default() -> Self {
        AdagradConfig {
            lr: 1e-2,
            lr_decay: 0.0,
            weight_decay: 0.0,
            initial_accumulator_value: 0.0,
            eps: 1e-10,
        }
    }
}

pub(crate) const LABEL: &str = "AdaGrad";
pub(crate) const RULE: &str = "g ← ∇f(θ) + λθ; s ← s + g²; θ ← θ − α/(1+(t−1)η) · g/(√s + ε)";

tunable!(AdagradConfig {
    lr: lr_spec("Step size before it is divided by the accumulated gradient size."),
    lr_decay: Spec::real(
        "lr_decay",
        "η (lr decay)",
        0.0,
        10.0,
        false,
        "Extra 1/(1+(t−1)η) decay of the step size.",
    ),
    weight_decay: WD,
    initial_accumulator_value: Spec::real(
        "initial_accumulator_value",
        "s₀",
        0.0,
        1e6,
        false,
        "Starting value of the sum of squared gradients.",
    ),
    eps: Spec::real(
        "eps",
        "ε",
        1e-16,
        1.0,
        true,
        "Added to √s so the step never divides by zero.",
    )
    .with_slider(EPS_SLIDER.0, EPS_SLIDER.1),
});

impl Method for AdagradConfig {
    const LABEL: &'static str = LABEL;
    const RULE: &'static str = RULE;
    type State = State;
    fn init(&self, block: &mut ParamBlock, _lr: f64) -> State {
        State {
            sum: vec![self.initial_accumulator_value; block.params.len()],
        }
    }
    fn update(&self, st: &mut State, block: &mut ParamBlock, lr: f64, t: u64) {
        let clr = lr / (1.0 + (t as f64 - 1.0) * self.lr_decay);
        let wd = self.weight_decay;
        for ((pi, &gi), si) in block
            .params
            .iter_mut()
            .zip(block.grad)
            .zip(st.sum.iter_mut())
        {
            let g = if wd != 0.0 { gi + wd * *pi } else { gi };
            *si += g * g;
            *pi -= clr * g / (si.sqrt() + self.eps);
        }
    }
}

/// Per-block state: the accumulator s.
#[derive(Clone, Debug)]
pub(crate) struct State {
    pub sum: Vec<f64>,
}
