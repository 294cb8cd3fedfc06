//! Madam — multiplicative Adam-style updates (Bernstein, Zhao, Meister, Liu, Anandkumar, Yue,
//! "Learning compositional functions via multiplicative weight updates", NeurIPS 2020).
//!
//! Source: the paper's reference code (github.com/jxbz/madam, `pytorch/optim/madam.py`), checked
//! line by line. Per block, t = 1, 2, …:
//! ```text
//! at t = 1:  max = p_scale · rms(θ)     (rms over the block; the bound stays fixed afterwards)
//! v ← βv + (1−β)g²
//! ĝ = g / √(v/(1−βᵗ));  NaN → 0;  ĝ ← clamp(ĝ, −g_bound, g_bound)
//! θ ← θ · exp(−α·ĝ·sign(θ))
//! θ ← clamp(θ, −max, max)
//! ```
//! Each weight grows or shrinks by a factor e^{±α|ĝ|}: lecture 003's "per synapse relative
//! updates". A weight that is exactly 0 never moves (sign(0) = 0), and a block that starts at all
//! zeros has max = 0 — both as in the reference code.

use serde::{Deserialize, Serialize};

use super::hyper::{lr_spec, pow_t, tunable, Spec, BETA_MAX};
use super::method::Method;
use super::ParamBlock;

/// Configuration of Madam; defaults are the reference code's (`lr=0.01, p_scale=3.0,
/// g_bound=10.0, beta=0.999`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct MadamConfig {
    /// α, the relative step (≈ fractional change of each weight per step).
    pub lr: f64,
    /// Weights are clamped to ±p_scale·rms(θ at the first step).
    pub p_scale: f64,
    /// The normalised gradient is clamped to ±g_bound.
    pub g_bound: f64,
    /// β, decay of the running mean of g².
    pub beta: f64,
}

impl Default for MadamConfig {
    fn default() -> Self {
        MadamConfig {
            lr: 0.01,
            p_scale: 3.0,
            g_bound: 10.0,
            beta: 0.999,
        }
    }
}

pub(crate) const LABEL: &str = "Madam";
pub(crate) const RULE: &str = "v ← βv + (1−β)g²; ĝ = clamp(g/√(v/(1−βᵗ)), ±g_bound); θ ← θ·exp(−α ĝ sign(θ)); θ ← clamp(θ, ±p_scale·rms(θ₀))";

tunable!(MadamConfig {
    lr: lr_spec("Relative step: each weight changes by a factor of about e^{±α}."),
    p_scale: Spec::real(
        "p_scale",
        "p_scale",
        1e-3,
        1e3,
        true,
        "Weights are kept within ±p_scale × their initial rms. A block that starts at 0 (e.g. zero biases) has bound 0 and never moves; the MLP lab's default bias initialisation U(±1/√fan_in) avoids that.",
    ),
    g_bound: Spec::real(
        "g_bound",
        "g_bound",
        1e-3,
        1e3,
        true,
        "Clamp on the normalised gradient.",
    ),
    beta: Spec::real(
        "beta",
        "β",
        0.0,
        BETA_MAX,
        false,
        "Decay of the running mean of squared gradients.",
    ),
});

impl Method for MadamConfig {
    const LABEL: &'static str = LABEL;
    const RULE: &'static str = RULE;
    type State = State;
    fn init(&self, block: &mut ParamBlock, _lr: f64) -> State {
        let n = block.params.len();
        let ms = if n == 0 {
            0.0
        } else {
            block.params.iter().map(|x| x * x).sum::<f64>() / n as f64
        };
        State {
            max: self.p_scale * ms.sqrt(),
            v: vec![0.0; n],
        }
    }
    // Not inlined: its `powf` calls (pure, so LLVM may hoist them) must not run for every other
    // optimizer's step in the registry's dispatch.
    #[inline(never)]
    fn update(&self, st: &mut State, block: &mut ParamBlock, lr: f64, t: u64) {
        let beta = self.beta;
        let bc = 1.0 - pow_t(beta, t);
        let (gb, max) = (self.g_bound, st.max);
        for ((pi, &g), vi) in block.params.iter_mut().zip(block.grad).zip(st.v.iter_mut()) {
            *vi = beta * *vi + (1.0 - beta) * g * g;
            let mut gn = g / (*vi / bc).sqrt();
            if gn.is_nan() {
                gn = 0.0;
            }
            gn = gn.max(-gb).min(gb);
            let s = if *pi > 0.0 {
                1.0
            } else if *pi < 0.0 {
                -1.0
            } else {
                0.0
            };
            *pi *= (-lr * gn * s).exp();
            *pi = pi.max(-max).min(max);
        }
    }
}

/// Per-block state: the clamp bound and the running mean of g².
#[derive(Clone, Debug)]
pub(crate) struct State {
    pub max: f64,
    pub v: Vec<f64>,
}
