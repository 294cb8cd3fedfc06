//! NAdam — `torch.optim.NAdam` (Dozat, 2016, "Incorporating Nesterov Momentum into Adam").
//!
//! Source: PyTorch docs and `torch/optim/nadam.py` (`_single_tensor_nadam`), t = 1, 2, …:
//! ```text
//! g ← g + λθ   or (decoupled_weight_decay) θ ← θ(1 − αλ)
//! μ_t = β₁(1 − ½·0.96^(tψ)),  μ_{t+1} = β₁(1 − ½·0.96^((t+1)ψ)),  Π_t = Π_{t−1}·μ_t   (momentum_decay ψ)
//! m ← m + (1−β₁)(g − m);  v ← β₂v + (1−β₂)g²;  d = √(v/(1−β₂ᵗ)) + ε
//! θ ← θ + (c_g·g)/d + (c_m·m)/d,  c_g = −α(1−μ_t)/(1−Π_t),  c_m = −α μ_{t+1}/(1−Π_t μ_{t+1})
//! ```
//! evaluated in torch's order: `addcdiv(value=c, g, d)` multiplies first, then divides.

use serde::{Deserialize, Serialize};

use super::adam::{BETA1, BETA2, EPS};
use super::hyper::{lr_spec, pow_t, tunable, Spec, WD};
use super::method::Method;
use super::ParamBlock;

/// Configuration of NAdam; defaults are torch's (`lr=2e-3, betas=(0.9, 0.999), eps=1e-8,
/// weight_decay=0, momentum_decay=4e-3, decoupled_weight_decay=False`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct NadamConfig {
    /// α, the learning rate.
    pub lr: f64,
    /// β₁, decay of the first moment.
    pub beta1: f64,
    /// β₂, decay of the second moment.
    pub beta2: f64,
    /// ε, added to the denominator.
    pub eps: f64,
    /// λ, weight decay (coupled L2, or decoupled as in AdamW).
    pub weight_decay: f64,
    /// ψ, momentum decay of the μ_t schedule.
    pub momentum_decay: f64,
    /// Use AdamW-style decoupled weight decay.
    pub decoupled_weight_decay: bool,
}

impl Default for NadamConfig {
    fn default() -> Self {
        NadamConfig {
            lr: 2e-3,
            beta1: 0.9,
            beta2: 0.999,
            eps: 1e-8,
            weight_decay: 0.0,
            momentum_decay: 4e-3,
            decoupled_weight_decay: false,
        }
    }
}

pub(crate) const LABEL: &str = "NAdam";
pub(crate) const RULE: &str = "μ_t = β₁(1 − ½·0.96^(tψ)); m ← β₁m + (1−β₁)g; v ← β₂v + (1−β₂)g²; d = √(v/(1−β₂ᵗ)) + ε; θ ← θ − α(1−μ_t)/(1−Πμ) g/d − α μ_{t+1}/(1−Πμ·μ_{t+1}) m/d";

tunable!(NadamConfig {
    lr: lr_spec("Step size."),
    beta1: BETA1,
    beta2: BETA2,
    eps: EPS,
    weight_decay: WD,
    momentum_decay: Spec::real(
        "momentum_decay",
        "ψ (momentum decay)",
        0.0,
        1.0,
        false,
        "How fast μ_t warms up towards β₁.",
    ),
    decoupled_weight_decay: Spec::boolean(
        "decoupled_weight_decay",
        "decoupled λ",
        "Shrink θ by (1 − αλ) instead of adding λθ to the gradient.",
    ),
});

impl Method for NadamConfig {
    const LABEL: &'static str = LABEL;
    const RULE: &'static str = RULE;
    type State = State;
    fn init(&self, block: &mut ParamBlock, _lr: f64) -> State {
        let n = block.params.len();
        State {
            m: vec![0.0; n],
            v: vec![0.0; n],
            mu_product: 1.0,
        }
    }
    // Not inlined: its `powf` calls (pure, so LLVM may hoist them) must not run for every other
    // optimizer's step in the registry's dispatch.
    #[inline(never)]
    fn update(&self, st: &mut State, block: &mut ParamBlock, lr: f64, t: u64) {
        let (b1, b2, wd) = (self.beta1, self.beta2, self.weight_decay);
        let tf = t as f64;
        let bc2 = 1.0 - pow_t(b2, t);
        let mu = b1 * (1.0 - 0.5 * 0.96f64.powf(tf * self.momentum_decay));
        let mu_next = b1 * (1.0 - 0.5 * 0.96f64.powf((tf + 1.0) * self.momentum_decay));
        st.mu_product *= mu;
        let mu_product_next = st.mu_product * mu_next;
        let c_g = -lr * (1.0 - mu) / (1.0 - st.mu_product);
        let c_m = -lr * mu_next / (1.0 - mu_product_next);
        for (((pi, &gi), mi), vi) in block
            .params
            .iter_mut()
            .zip(block.grad)
            .zip(st.m.iter_mut())
            .zip(st.v.iter_mut())
        {
            let mut g = gi;
            if wd != 0.0 {
                if self.decoupled_weight_decay {
                    *pi *= 1.0 - lr * wd;
                } else {
                    g += wd * *pi;
                }
            }
            *mi += (1.0 - b1) * (g - *mi);
            *vi = b2 * *vi + (1.0 - b2) * g * g;
            let d = (*vi / bc2).sqrt() + self.eps;
            // torch's addcdiv order: (value·tensor1)/tensor2, not value·(tensor1/tensor2).
            *pi += (c_g * g) / d;
            *pi += (c_m * *mi) / d;
        }
    }
    fn momentum<'s>(&self, st: &'s State) -> Option<&'s [f64]> {
        Some(&st.m)
    }
}

/// Per-block state: m, v and the running product Π of μ's.
#[derive(Clone, Debug)]
pub(crate) struct State {
    pub m: Vec<f64>,
    pub v: Vec<f64>,
    pub mu_product: f64,
}
