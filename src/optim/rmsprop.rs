//! RMSprop — `torch.optim.RMSprop` (Tieleman & Hinton, 2012).
//!
//! Source: PyTorch docs and `torch/optim/rmsprop.py` (`_single_tensor_rmsprop`):
//! ```text
//! g ← g + λθ
//! v ← a·v + (1−a)g²                                  (alpha a)
//! centered:  ḡ ← ḡ + (1−a)(g − ḡ);  d = √(v − ḡ²) + ε      else d = √v + ε
//! momentum μ > 0:  b ← μb + g/d;  θ ← θ − αb          else θ ← θ − α g/d
//! ```
//! Lecture 002 writes s ← βs + (1−β)g², θ ← θ − α g/√s (β = torch's alpha, no ε).

use serde::{Deserialize, Serialize};

use super::hyper::{lr_spec, tunable, Spec, BETA_MAX, EPS_SLIDER, WD};
use super::method::Method;
use super::ParamBlock;

/// Configuration of RMSprop; defaults are torch's (`lr=1e-2, alpha=0.99, eps=1e-8,
/// weight_decay=0, momentum=0, centered=False`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct RmspropConfig {
    /// α, the learning rate.
    pub lr: f64,
    /// Smoothing constant of the squared-gradient average (the lecture's β).
    pub alpha: f64,
    /// ε, added to the denominator.
    pub eps: f64,
    /// λ, L2 penalty added to the gradient.
    pub weight_decay: f64,
    /// μ, momentum applied to the normalised step.
    pub momentum: f64,
    /// Centered: normalise by an estimate of the gradient's variance instead of its second moment.
    pub centered: bool,
}

impl Default for RmspropConfig {
    fn default() -> Self {
        RmspropConfig {
            lr: 1e-2,
            alpha: 0.99,
            eps: 1e-8,
            weight_decay: 0.0,
            momentum: 0.0,
            centered: false,
        }
    }
}

pub(crate) const LABEL: &str = "RMSprop";
pub(crate) const RULE: &str = "g ← ∇f(θ) + λθ; v ← βv + (1−β)g²; d = √(v − ḡ²) + ε if centered else √v + ε; b ← μb + g/d; θ ← θ − αb";

tunable!(RmspropConfig {
    lr: lr_spec("Step size."),
    alpha: Spec::real(
        "alpha",
        "β (smoothing)",
        0.0,
        BETA_MAX,
        false,
        "Decay of the running mean of squared gradients.",
    ),
    eps: Spec::real(
        "eps",
        "ε",
        1e-16,
        1.0,
        true,
        "Added to the denominator so it never vanishes.",
    )
    .with_slider(EPS_SLIDER.0, EPS_SLIDER.1),
    weight_decay: WD,
    momentum: Spec::real(
        "momentum",
        "μ (momentum)",
        0.0,
        0.9999,
        false,
        "Momentum on the normalised step.",
    ),
    centered: Spec::boolean(
        "centered",
        "centered",
        "Subtract the squared running mean of g (variance instead of second moment).",
    ),
});

impl Method for RmspropConfig {
    const LABEL: &'static str = LABEL;
    const RULE: &'static str = RULE;
    type State = State;
    fn init(&self, block: &mut ParamBlock, _lr: f64) -> State {
        let n = block.params.len();
        State {
            v: vec![0.0; n],
            g_avg: vec![0.0; n],
            buf: vec![0.0; n],
        }
    }
    fn update(&self, st: &mut State, block: &mut ParamBlock, lr: f64, _t: u64) {
        let (a, wd, mu) = (self.alpha, self.weight_decay, self.momentum);
        let it = block
            .params
            .iter_mut()
            .zip(block.grad)
            .zip(st.v.iter_mut())
            .zip(st.g_avg.iter_mut())
            .zip(st.buf.iter_mut());
        for ((((pi, &gi), vi), ai), bi) in it {
            let g = if wd != 0.0 { gi + wd * *pi } else { gi };
            *vi = a * *vi + (1.0 - a) * g * g;
            let d = if self.centered {
                *ai += (1.0 - a) * (g - *ai);
                (*vi - *ai * *ai).sqrt() + self.eps
            } else {
                vi.sqrt() + self.eps
            };
            if mu > 0.0 {
                *bi = mu * *bi + g / d;
                *pi -= lr * *bi;
            } else {
                *pi -= lr * g / d;
            }
        }
    }
    fn momentum<'s>(&self, st: &'s State) -> Option<&'s [f64]> {
        (self.momentum > 0.0).then_some(st.buf.as_slice())
    }
}

/// Per-block state: square average v, gradient average ḡ (centered), momentum buffer b.
#[derive(Clone, Debug)]
pub(crate) struct State {
    pub v: Vec<f64>,
    pub g_avg: Vec<f64>,
    pub buf: Vec<f64>,
}
