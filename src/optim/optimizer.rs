//! [`Optimizer`]: a config plus per-block state, created lazily on the first step.

use super::error::OptimError;
use super::{OptimizerConfig, ParamBlock, States, StepContext};

/// A running optimizer: its configuration, step counter and per-block state.
///
/// The list of blocks (count and shapes) is fixed by the first call of [`Optimizer::step`];
/// call [`Optimizer::reset`] to start over with a different list.
#[derive(Clone, Debug)]
pub struct Optimizer {
    config: OptimizerConfig,
    steps: u64,
    /// The methods' per-block states (`None` before the first step).
    states: Option<States>,
    shapes: Vec<(usize, usize)>,
    valid: Result<(), OptimError>,
}

impl Optimizer {
    /// A fresh optimizer for `config` (same as `config.build()`).
    pub fn new(config: OptimizerConfig) -> Self {
        let valid = config.validate();
        Optimizer {
            config,
            steps: 0,
            states: None,
            shapes: Vec::new(),
            valid,
        }
    }

    /// The configuration.
    pub fn config(&self) -> &OptimizerConfig {
        &self.config
    }

    /// Number of successful steps so far (t after the last step).
    pub fn steps(&self) -> u64 {
        self.steps
    }

    /// Forgets all state and the step count.
    pub fn reset(&mut self) {
        self.steps = 0;
        self.states = None;
        self.shapes.clear();
    }

    /// The momentum / first-moment buffer of block `block`, if the method keeps one (SGD with
    /// μ > 0, RMSprop with momentum, Adam, AdamW, NAdam, EMA momentum); for drawing arrows.
    /// Its sign convention is the gradient's: the next move is roughly along −buffer.
    pub fn momentum(&self, block: usize) -> Option<&[f64]> {
        self.config.momentum_of(self.states.as_ref()?, block)
    }

    /// Updates every block in place from its gradient, with learning rate `ctx.lr`.
    ///
    /// Errors (nothing is changed then): invalid config, `ctx.lr` not finite or negative, a block
    /// whose lengths disagree with its shape, a NaN/infinite gradient, blocks that differ from the
    /// first step's, `GdInvL` with L unset, or a method that needs `ctx.objective` (Newton, cubic,
    /// Nesterov look-ahead) without one or with a mismatched dimension.
    pub fn step(&mut self, blocks: &mut [ParamBlock], ctx: &StepContext) -> Result<(), OptimError> {
        self.valid.clone()?;
        let lr = ctx.lr;
        if !lr.is_finite() || lr < 0.0 {
            return Err(OptimError::new(format!(
                "learning rate must be a finite number ≥ 0 (got {lr})"
            )));
        }
        for (i, b) in blocks.iter().enumerate() {
            if b.params.len() != b.rows * b.cols || b.grad.len() != b.params.len() {
                return Err(OptimError::new(format!(
                    "block {i}: shape {}×{} needs {} numbers, but it has {} parameters and {} gradient entries",
                    b.rows,
                    b.cols,
                    b.rows * b.cols,
                    b.params.len(),
                    b.grad.len()
                )));
            }
            if b.grad.iter().any(|g| !g.is_finite()) {
                return Err(OptimError::new(format!(
                    "block {i}: the gradient contains NaN or infinite values"
                )));
            }
        }
        self.config.ready()?;
        if self.shapes.is_empty() {
            self.shapes = blocks.iter().map(|b| (b.rows, b.cols)).collect();
            self.states = Some(self.config.init_states(blocks, lr));
        } else {
            let same = self.shapes.len() == blocks.len()
                && self
                    .shapes
                    .iter()
                    .zip(blocks.iter())
                    .all(|(&(r, c), b)| r == b.rows && c == b.cols);
            if !same {
                return Err(OptimError::new(
                    "the parameter blocks changed since the first step (count or shape); reset the optimizer",
                ));
            }
        }
        let t = self.steps + 1;
        let result = match self.states.as_mut() {
            Some(states) => self.config.step_states(states, blocks, ctx, t),
            None => Err(OptimError::new("internal: the optimizer has no state")),
        };
        if result.is_err() && self.steps == 0 {
            // A failed first step must not fix the block layout.
            self.states = None;
            self.shapes.clear();
        }
        result?;
        self.steps = t;
        Ok(())
    }
}
