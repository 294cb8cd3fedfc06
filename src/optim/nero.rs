//! Nero — the "neuronal rotator" (Liu, Bernstein, Meister, Yue, "Learning by Turning: Neural
//! Architecture Aware Optimisation", ICML 2021), lecture 003.
//!
//! Source: the paper's reference code (github.com/jxbz/nero, `nero.py`), checked line by line.
//! A *neuron* is one row of a [`BlockRole::Weight`](super::BlockRole::Weight) block; for a bias
//! (and a landscape point) every entry is its own neuron with "norm" |bᵢ|.
//! ```text
//! first step, weights with constraints:  each row w ← w − mean(w);  w ← w/‖w‖
//! scale = mean over neurons of ‖neuron‖   (= 1 after the projection; 0.01 if it is 0)
//! per neuron:  v ← βv + (1−β)‖g_neuron‖²;   ĝ = g / √(v/(1−βᵗ))   (NaN → 0)
//! θ ← θ − α · scale · ĝ
//! weights with constraints: re-project each row to mean 0 and norm 1
//! ```
//! So each neuron's weight vector stays on the sphere and turns by an angle of about α radians
//! per step (the lecture's "½ a degree of rotation per neuron per iteration" is α ≈ 0.01).
//!
//! Deviations (all for inputs where the reference divides by zero): a row whose norm is 0 after
//! centring is left at 0 instead of becoming NaN, and a weight block with a single column gets no
//! constraints (its only mean-zero vector is 0). The reference does its first projection in the
//! constructor, before any gradient is taken; a caller that owns the weights does the same with
//! [`project_rows`] (the MLP trainer does, at construction). The optimizer still projects on its
//! first step for callers that did not (a no-op, up to rounding, on projected rows).
//!
//! Which weight blocks are constrained is the caller's choice: every block passed with
//! `constraints` on is. The MLP lab constrains only hidden-to-hidden matrices by default: a row of
//! a 2-input first layer that is mean-zero and unit-norm can only be ±(1, −1)/√2 (the sphere
//! S^{d−2} with d = 2 is two points), so a constrained first layer never moves and the network only
//! sees x₁ − x₂; and the output layer's rows are the class scores, whose scale the loss needs.

use serde::{Deserialize, Serialize};

use super::hyper::{lr_spec, pow_t, tunable, Spec, BETA_MAX};
use super::method::Method;
use super::{BlockRole, ParamBlock};

/// Configuration of Nero; defaults are the reference code's (`lr=0.01, beta=0.999,
/// constraints=True`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct NeroConfig {
    /// α, roughly the angle (radians) each neuron turns per step.
    pub lr: f64,
    /// β, decay of the per-neuron running mean of ‖g‖².
    pub beta: f64,
    /// Keep every weight row mean-zero and unit-norm.
    pub constraints: bool,
}

impl Default for NeroConfig {
    fn default() -> Self {
        NeroConfig {
            lr: 0.01,
            beta: 0.999,
            constraints: true,
        }
    }
}

pub(crate) const LABEL: &str = "Nero";
pub(crate) const RULE: &str = "per neuron: v ← βv + (1−β)‖g‖²; θ ← θ − α·scale·g/√(v/(1−βᵗ)); rows: w ← (w − mean w)/‖w − mean w‖";

tunable!(NeroConfig {
    lr: lr_spec("About the angle (radians) each neuron turns per step."),
    beta: Spec::real(
        "beta",
        "β",
        0.0,
        BETA_MAX,
        false,
        "Decay of each neuron's running mean of squared gradient norm.",
    ),
    constraints: Spec::boolean(
        "constraints",
        "constraints",
        "Keep each neuron's weights mean-zero and unit-norm. In the MLP lab: hidden-to-hidden layers only (a mean-zero unit-norm row with 2 inputs can only be ±(1,−1)/√2, so a constrained first layer would be frozen; the output layer keeps its scale).",
    ),
});

impl Method for NeroConfig {
    const LABEL: &'static str = LABEL;
    const RULE: &'static str = RULE;
    type State = State;
    fn init(&self, block: &mut ParamBlock, _lr: f64) -> State {
        if constrained(self, block) {
            project_rows(block.params, block.cols);
        }
        let (neurons, total) = if per_row(block) && block.cols > 0 {
            let total: f64 = block
                .params
                .chunks(block.cols)
                .map(|r| r.iter().map(|x| x * x).sum::<f64>().sqrt())
                .sum();
            (block.rows, total)
        } else {
            (
                block.params.len(),
                block.params.iter().map(|x| x.abs()).sum(),
            )
        };
        let mut scale = if neurons == 0 {
            0.0
        } else {
            total / neurons as f64
        };
        if scale == 0.0 {
            scale = 0.01;
        }
        State {
            v: vec![0.0; neurons],
            scale,
        }
    }
    // Not inlined: its `powf` calls (pure, so LLVM may hoist them) must not run for every other
    // optimizer's step in the registry's dispatch.
    #[inline(never)]
    fn update(&self, st: &mut State, block: &mut ParamBlock, lr: f64, t: u64) {
        let beta = self.beta;
        let bc = 1.0 - pow_t(beta, t);
        let step = lr * st.scale;
        if per_row(block) && block.cols > 0 {
            let cols = block.cols;
            for ((row, g), v) in block
                .params
                .chunks_mut(cols)
                .zip(block.grad.chunks(cols))
                .zip(st.v.iter_mut())
            {
                let gn2: f64 = g.iter().map(|x| x * x).sum();
                *v = beta * *v + (1.0 - beta) * gn2;
                let denom = (*v / bc).sqrt();
                for (x, &gi) in row.iter_mut().zip(g) {
                    let mut gh = gi / denom;
                    if gh.is_nan() {
                        gh = 0.0;
                    }
                    *x -= step * gh;
                }
            }
            if constrained(self, block) {
                project_rows(block.params, cols);
            }
        } else {
            for ((x, &gi), v) in block.params.iter_mut().zip(block.grad).zip(st.v.iter_mut()) {
                *v = beta * *v + (1.0 - beta) * gi * gi;
                let mut gh = gi / (*v / bc).sqrt();
                if gh.is_nan() {
                    gh = 0.0;
                }
                *x -= step * gh;
            }
        }
    }
}

/// Per-block state: per-neuron running mean of ‖g‖², and the block's scale.
#[derive(Clone, Debug)]
pub(crate) struct State {
    pub v: Vec<f64>,
    pub scale: f64,
}

/// Whether the block is read row by row (a weight matrix) rather than entry by entry.
fn per_row(block: &ParamBlock) -> bool {
    block.role == BlockRole::Weight
}

fn constrained(cfg: &NeroConfig, block: &ParamBlock) -> bool {
    cfg.constraints && per_row(block) && constrains_cols(block.cols)
}

/// Whether a constrained weight block with `cols` columns is projected (a single column has no
/// mean-zero unit vector).
pub fn constrains_cols(cols: usize) -> bool {
    cols >= 2
}

/// Centres each row and scales it to unit norm (rows of norm 0 stay 0).
pub fn project_rows(p: &mut [f64], cols: usize) {
    if cols == 0 {
        return;
    }
    for row in p.chunks_mut(cols) {
        let mean = row.iter().sum::<f64>() / cols as f64;
        for x in row.iter_mut() {
            *x -= mean;
        }
        let norm = row.iter().map(|x| x * x).sum::<f64>().sqrt();
        if norm > 0.0 {
            for x in row.iter_mut() {
                *x /= norm;
            }
        }
    }
}
