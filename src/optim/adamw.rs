//! AdamW — `torch.optim.AdamW` (decoupled weight decay, Loshchilov & Hutter 2019): Adam's update
//! ([`super::adam`]) with θ ← θ(1 − αλ) before the step instead of λθ added to the gradient.

use serde::{Deserialize, Serialize};

use super::adam::{init, update, State, AMSGRAD, BETA1, BETA2, EPS};
use super::hyper::{lr_spec, tunable, Spec};
use super::method::Method;
use super::ParamBlock;

/// Configuration of AdamW (decoupled weight decay, Loshchilov & Hutter 2019); defaults are
/// torch's (`lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=1e-2, amsgrad=False`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct AdamwConfig {
    /// α, the learning rate.
    pub lr: f64,
    /// β₁, decay of the first-moment (mean) average.
    pub beta1: f64,
    /// β₂, decay of the second-moment average.
    pub beta2: f64,
    /// ε, added to the denominator.
    pub eps: f64,
    /// λ, decoupled decay: θ ← θ(1 − αλ) before the Adam step.
    pub weight_decay: f64,
    /// AMSGrad: divide by the running maximum of v.
    pub amsgrad: bool,
}

impl Default for AdamwConfig {
    fn default() -> Self {
        AdamwConfig {
            lr: 1e-3,
            beta1: 0.9,
            beta2: 0.999,
            eps: 1e-8,
            weight_decay: 1e-2,
            amsgrad: false,
        }
    }
}

pub(crate) const LABEL: &str = "AdamW";
pub(crate) const RULE: &str =
    "θ ← θ(1 − αλ); m ← β₁m + (1−β₁)g; v ← β₂v + (1−β₂)g²; m̂ = m/(1−β₁ᵗ); v̂ = v/(1−β₂ᵗ); θ ← θ − α m̂/(√v̂ + ε)";

tunable!(AdamwConfig {
    lr: lr_spec("Step size."),
    beta1: BETA1,
    beta2: BETA2,
    eps: EPS,
    weight_decay: Spec::real(
        "weight_decay",
        "λ (weight decay)",
        0.0,
        10.0,
        false,
        "Decoupled decay: θ shrinks by the factor (1 − αλ) each step.",
    ),
    amsgrad: AMSGRAD,
});

impl Method for AdamwConfig {
    const LABEL: &'static str = LABEL;
    const RULE: &'static str = RULE;
    type State = State;
    fn init(&self, block: &mut ParamBlock, _lr: f64) -> State {
        init(self.amsgrad, block)
    }
    fn update(&self, st: &mut State, block: &mut ParamBlock, lr: f64, t: u64) {
        let hyper = (self.beta1, self.beta2, self.eps, self.weight_decay);
        update(st, block, lr, t, hyper, self.amsgrad, true);
    }
    fn momentum<'s>(&self, st: &'s State) -> Option<&'s [f64]> {
        Some(&st.m)
    }
}
