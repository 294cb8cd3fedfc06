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

use super::hyper::{EPS_SLIDER, lr_spec, Spec, Tunable, BETA_MAX, WD};
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

const SPECS: &[Spec] = &[
    lr_spec("Scale on the step Δ (1 = the original method)."),
    Spec::real(
        "rho",
        "ρ",
        0.0,
        BETA_MAX,
        false,
        "Decay of the running averages of g² and Δ².",
    ),
    Spec::real(
        "eps",
        "ε",
        1e-16,
        1.0,
        true,
        "Inside both square roots; it also sets the size of the very first steps.",
    ).with_slider(EPS_SLIDER.0, EPS_SLIDER.1),
    WD,
];

impl Tunable for AdadeltaConfig {
    const NAME: &'static str = LABEL;
    fn specs() -> &'static [Spec] {
        SPECS
    }
    fn get(&self, key: &str) -> Option<f64> {
        Some(match key {
            "lr" => self.lr,
            "rho" => self.rho,
            "eps" => self.eps,
            "weight_decay" => self.weight_decay,
            _ => return None,
        })
    }
    fn put(&mut self, key: &str, v: f64) {
        match key {
            "lr" => self.lr = v,
            "rho" => self.rho = v,
            "eps" => self.eps = v,
            "weight_decay" => self.weight_decay = v,
            _ => {}
        }
    }
}

/// Per-block state: square average v and accumulated delta u.
#[derive(Clone, Debug)]
pub(crate) struct State {
    pub v: Vec<f64>,
    pub u: Vec<f64>,
}

pub(crate) fn init(_cfg: &AdadeltaConfig, block: &ParamBlock) -> State {
    let n = block.params.len();
    State {
        v: vec![0.0; n],
        u: vec![0.0; n],
    }
}

pub(crate) fn update(
    cfg: &AdadeltaConfig,
    st: &mut State,
    block: &mut ParamBlock,
    lr: f64,
    _t: u64,
) {
    let (rho, eps, wd) = (cfg.rho, cfg.eps, cfg.weight_decay);
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
