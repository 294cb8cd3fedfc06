//! Adam — `torch.optim.Adam`; its update is shared with AdamW ([`super::adamw`]).
//!
//! Source: PyTorch docs and `torch/optim/adam.py` (`_single_tensor_adam`), t = 1, 2, …:
//! ```text
//! Adam:   g ← g + λθ                 AdamW: θ ← θ(1 − αλ)          (weight_decay λ)
//! m ← m + (1−β₁)(g − m)              (torch's lerp, = β₁m + (1−β₁)g)
//! v ← β₂v + (1−β₂)g²
//! v_max ← max(v_max, v)               (amsgrad only; then v_max replaces v below)
//! θ ← θ − (α/(1−β₁ᵗ)) · m / (√v / √(1−β₂ᵗ) + ε)
//! ```
//! Note ε sits outside the square root and is added *after* the √(1−β₂ᵗ) correction, as in torch.
//! Lecture 002/004 write the same update with m̂ = m/(1−β₁ᵗ), v̂ = v/(1−β₂ᵗ):
//! θ ← θ − α m̂/(√v̂ + ε) (lecture 004 omits the bias correction).

use serde::{Deserialize, Serialize};

use super::hyper::{lr_spec, pow_t, tunable, Spec, BETA_MAX, EPS_SLIDER, WD};
use super::method::Method;
use super::ParamBlock;

/// Configuration of Adam; defaults are torch's (`lr=1e-3, betas=(0.9, 0.999), eps=1e-8,
/// weight_decay=0, amsgrad=False`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct AdamConfig {
    /// α, the learning rate.
    pub lr: f64,
    /// β₁, decay of the first-moment (mean) average.
    pub beta1: f64,
    /// β₂, decay of the second-moment average.
    pub beta2: f64,
    /// ε, added to the denominator.
    pub eps: f64,
    /// λ, L2 penalty added to the gradient (coupled weight decay).
    pub weight_decay: f64,
    /// AMSGrad: divide by the running maximum of v.
    pub amsgrad: bool,
}

impl Default for AdamConfig {
    fn default() -> Self {
        AdamConfig {
            lr: 1e-3,
            beta1: 0.9,
            beta2: 0.999,
            eps: 1e-8,
            weight_decay: 0.0,
            amsgrad: false,
        }
    }
}

pub(crate) const LABEL: &str = "Adam";
pub(crate) const RULE: &str =
    "g ← ∇f(θ) + λθ; m ← β₁m + (1−β₁)g; v ← β₂v + (1−β₂)g²; m̂ = m/(1−β₁ᵗ); v̂ = v/(1−β₂ᵗ); θ ← θ − α m̂/(√v̂ + ε)";
pub(crate) const BETA1: Spec = Spec::real(
    "beta1",
    "β₁",
    0.0,
    BETA_MAX,
    false,
    "Decay of the running mean of gradients (momentum).",
);
pub(crate) const BETA2: Spec = Spec::real(
    "beta2",
    "β₂",
    0.0,
    BETA_MAX,
    false,
    "Decay of the running mean of squared gradients.",
);
pub(crate) const EPS: Spec = Spec::real(
    "eps",
    "ε",
    1e-16,
    1.0,
    true,
    "Added to the denominator so it never vanishes.",
)
.with_slider(EPS_SLIDER.0, EPS_SLIDER.1);
pub(crate) const AMSGRAD: Spec = Spec::boolean(
    "amsgrad",
    "AMSGrad",
    "Divide by the largest v seen so far instead of the current v.",
);

tunable!(AdamConfig {
    lr: lr_spec("Step size."),
    beta1: BETA1,
    beta2: BETA2,
    eps: EPS,
    weight_decay: WD,
    amsgrad: AMSGRAD,
});

impl Method for AdamConfig {
    const LABEL: &'static str = LABEL;
    const RULE: &'static str = RULE;
    type State = State;
    fn init(&self, block: &mut ParamBlock, _lr: f64) -> State {
        init(self.amsgrad, block)
    }
    fn update(&self, st: &mut State, block: &mut ParamBlock, lr: f64, t: u64) {
        let hyper = (self.beta1, self.beta2, self.eps, self.weight_decay);
        update(st, block, lr, t, hyper, self.amsgrad, false);
    }
    fn momentum<'s>(&self, st: &'s State) -> Option<&'s [f64]> {
        Some(&st.m)
    }
}

/// Per-block state: first moment m, second moment v, and max v (AMSGrad; empty otherwise).
#[derive(Clone, Debug)]
pub(crate) struct State {
    pub m: Vec<f64>,
    pub v: Vec<f64>,
    pub v_max: Vec<f64>,
}

pub(crate) fn init(amsgrad: bool, block: &ParamBlock) -> State {
    let n = block.params.len();
    State {
        m: vec![0.0; n],
        v: vec![0.0; n],
        v_max: if amsgrad { vec![0.0; n] } else { Vec::new() },
    }
}

/// The shared Adam / AdamW update (`decoupled` selects AdamW's weight-decay form).
#[allow(clippy::too_many_arguments)]
// Not inlined: its `powf` calls (pure, so LLVM may hoist them) must not run for every other
// optimizer's step in the registry's dispatch.
#[inline(never)]
pub(crate) fn update(
    st: &mut State,
    block: &mut ParamBlock,
    lr: f64,
    t: u64,
    (beta1, beta2, eps, wd): (f64, f64, f64, f64),
    amsgrad: bool,
    decoupled: bool,
) {
    let bc1 = 1.0 - pow_t(beta1, t);
    let bc2_sqrt = (1.0 - pow_t(beta2, t)).sqrt();
    let step_size = lr / bc1;
    let p = &mut *block.params;
    let grad = block.grad;
    for i in 0..p.len() {
        let mut g = grad[i];
        if wd != 0.0 {
            if decoupled {
                p[i] *= 1.0 - lr * wd;
            } else {
                g += wd * p[i];
            }
        }
        st.m[i] += (1.0 - beta1) * (g - st.m[i]);
        st.v[i] = beta2 * st.v[i] + (1.0 - beta2) * g * g;
        let v = if amsgrad {
            st.v_max[i] = st.v_max[i].max(st.v[i]);
            st.v_max[i]
        } else {
            st.v[i]
        };
        let denom = v.sqrt() / bc2_sqrt + eps;
        p[i] -= step_size * st.m[i] / denom;
    }
}
