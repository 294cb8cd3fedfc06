//! Momentum as an exponential moving average of gradients, in the form of lecture 004.
//!
//! ```text
//! u_{t+1} = βu_t + (1−β)∇f(θ_t)
//! θ_{t+1} = θ_t − α u_{t+1} / (1 − β^{t+1})      ("unbiased" form; plain θ_t − αu_{t+1} if off)
//! ```
//! With `nesterov` on, the gradient is taken at the look-ahead point θ_t − αu_t (lecture 004's
//! "Nesterov momentum", u_{t+1} = βu_t + (1−β)∇f(θ_t − αu_t)); this needs the objective in the
//! step context, since the blocks only carry ∇f(θ_t). (The lecture's θ_{t+1} = θ_t − αu_{t−1} is a
//! typo for u_{t+1}, which is what is used.) The look-ahead uses α·u_t without bias correction, as
//! written in the lecture.
//!
//! This differs from torch's SGD momentum ([`super::sgd`]) by the (1−β) factor on the gradient and
//! the bias correction; with both, the step has the gradient's scale from the first iteration.

use serde::{Deserialize, Serialize};

use super::error::OptimError;
use super::hyper::{lr_spec, pow_t, tunable, Spec, BETA_MAX};
use super::joint;
use super::method::Method;
use super::{ParamBlock, StepContext};

/// Configuration of EMA momentum (defaults: α = 0.01, β = 0.9, bias correction on, no Nesterov).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct EmaMomentumConfig {
    /// α, the learning rate.
    pub lr: f64,
    /// β, the averaging factor.
    pub beta: f64,
    /// Divide by (1 − βᵗ) to unbias the average.
    pub bias_correction: bool,
    /// Evaluate the gradient at the look-ahead point θ − αu (needs the objective).
    pub nesterov: bool,
}

impl Default for EmaMomentumConfig {
    fn default() -> Self {
        EmaMomentumConfig {
            lr: 0.01,
            beta: 0.9,
            bias_correction: true,
            nesterov: false,
        }
    }
}

pub(crate) const LABEL: &str = "Momentum (EMA)";
pub(crate) const RULE: &str = "u ← βu + (1−β)∇f(θ) [Nesterov: ∇f(θ − αu)]; θ ← θ − α u/(1−βᵗ)";

tunable!(EmaMomentumConfig {
    lr: lr_spec("Step size."),
    beta: Spec::real(
        "beta",
        "β",
        0.0,
        BETA_MAX,
        false,
        "Weight of the past in the running average of gradients.",
    ),
    bias_correction: Spec::boolean(
        "bias_correction",
        "unbias 1/(1−βᵗ)",
        "Divide by 1 − βᵗ so early steps are not too small.",
    ),
    nesterov: Spec::boolean(
        "nesterov",
        "Nesterov look-ahead",
        "Take the gradient at θ − αu instead of θ.",
    ),
});

impl Method for EmaMomentumConfig {
    const LABEL: &'static str = LABEL;
    const RULE: &'static str = RULE;
    type State = State;
    fn init(&self, block: &mut ParamBlock, _lr: f64) -> State {
        State {
            u: vec![0.0; block.params.len()],
        }
    }
    fn step(
        &self,
        states: &mut [State],
        blocks: &mut [ParamBlock],
        ctx: &StepContext,
        t: u64,
    ) -> Result<(), OptimError> {
        step(self, states, blocks, ctx, t)
    }
    fn momentum<'s>(&self, st: &'s State) -> Option<&'s [f64]> {
        Some(&st.u)
    }
    fn needs_objective(&self) -> bool {
        self.nesterov
    }
}

/// Per-block state: the average u.
#[derive(Clone, Debug)]
pub(crate) struct State {
    pub u: Vec<f64>,
}

fn apply(cfg: &EmaMomentumConfig, u: &mut [f64], p: &mut [f64], g: &[f64], lr: f64, t: u64) {
    let beta = cfg.beta;
    let step = if cfg.bias_correction {
        lr / (1.0 - pow_t(beta, t))
    } else {
        lr
    };
    for ((ui, pi), &gi) in u.iter_mut().zip(p.iter_mut()).zip(g) {
        *ui = beta * *ui + (1.0 - beta) * gi;
        *pi -= step * *ui;
    }
}

/// One step over all blocks; `states[i]` belongs to `blocks[i]`.
// Not inlined: its `powf` calls (pure, so LLVM may hoist them) must not run for every other
// optimizer's step in the registry's dispatch.
#[inline(never)]
pub(crate) fn step(
    cfg: &EmaMomentumConfig,
    states: &mut [State],
    blocks: &mut [ParamBlock],
    ctx: &StepContext,
    t: u64,
) -> Result<(), OptimError> {
    let lr = ctx.lr;
    if !cfg.nesterov {
        for (st, blk) in states.iter_mut().zip(blocks.iter_mut()) {
            apply(cfg, &mut st.u, blk.params, blk.grad, lr, t);
        }
        return Ok(());
    }
    let n: usize = blocks.iter().map(|b| b.params.len()).sum();
    let obj = joint::objective(
        ctx,
        n,
        LABEL,
        "the Nesterov look-ahead evaluates the gradient at θ − αu",
    )?;
    let (mut y, _) = joint::gather(blocks);
    let mut off = 0;
    for st in states.iter() {
        for (yi, ui) in y[off..off + st.u.len()].iter_mut().zip(&st.u) {
            *yi -= lr * ui;
        }
        off += st.u.len();
    }
    let mut gy = vec![0.0; n];
    obj.gradient(&y, &mut gy);
    let mut off = 0;
    for (st, blk) in states.iter_mut().zip(blocks.iter_mut()) {
        let len = st.u.len();
        apply(cfg, &mut st.u, blk.params, &gy[off..off + len], lr, t);
        off += len;
    }
    Ok(())
}
