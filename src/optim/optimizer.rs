//! [`Optimizer`]: a config plus per-block state, created lazily on the first step.

use super::config::OptimizerConfig;
use super::error::OptimError;
use super::{
    adadelta, adagrad, adam, cubic, ema_momentum, gd_inv_l, madam, mirror, nadam, nero, newton,
    rmsprop, rprop, sgd, sign_sgd,
};
use super::{ParamBlock, StepContext};

/// State of one block for one method.
#[derive(Clone, Debug)]
enum BlockState {
    Stateless,
    Sgd(sgd::State),
    Adagrad(adagrad::State),
    Rmsprop(rmsprop::State),
    Adam(adam::State),
    Nadam(nadam::State),
    Adadelta(adadelta::State),
    Rprop(rprop::State),
    Ema(ema_momentum::State),
    Madam(madam::State),
    Nero(nero::State),
}

/// A running optimizer: its configuration, step counter and per-block state.
///
/// The list of blocks (count and shapes) is fixed by the first call of [`Optimizer::step`];
/// call [`Optimizer::reset`] to start over with a different list.
#[derive(Clone, Debug)]
pub struct Optimizer {
    config: OptimizerConfig,
    steps: u64,
    states: Vec<BlockState>,
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
            states: Vec::new(),
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
        self.states.clear();
        self.shapes.clear();
    }

    /// The momentum / first-moment buffer of block `block`, if the method keeps one (SGD with
    /// μ > 0, RMSprop with momentum, Adam, AdamW, NAdam, EMA momentum); for drawing arrows.
    /// Its sign convention is the gradient's: the next move is roughly along −buffer.
    pub fn momentum(&self, block: usize) -> Option<&[f64]> {
        match (self.states.get(block)?, &self.config) {
            (BlockState::Sgd(st), OptimizerConfig::Sgd(c)) => sgd::momentum(c, st),
            (BlockState::Rmsprop(st), OptimizerConfig::Rmsprop(c)) => rmsprop::momentum(c, st),
            (BlockState::Adam(st), _) => Some(&st.m),
            (BlockState::Nadam(st), _) => Some(&st.m),
            (BlockState::Ema(st), _) => Some(&st.u),
            _ => None,
        }
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
        if let OptimizerConfig::GdInvL(c) = &self.config {
            if c.l <= 0.0 {
                return Err(OptimError::new(
                    "GD with step 1/L: L is not set yet (it must be > 0)",
                ));
            }
        }
        if self.states.is_empty() {
            self.init(blocks, lr);
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
        let result = self.dispatch(blocks, ctx, t);
        if result.is_err() && self.steps == 0 {
            // A failed first step must not fix the block layout.
            self.states.clear();
            self.shapes.clear();
        }
        result?;
        self.steps = t;
        Ok(())
    }

    fn dispatch(
        &mut self,
        blocks: &mut [ParamBlock],
        ctx: &StepContext,
        t: u64,
    ) -> Result<(), OptimError> {
        let lr = ctx.lr;
        match &self.config {
            OptimizerConfig::Newton(c) => newton::step(c, blocks, ctx)?,
            OptimizerConfig::CubicNewton(c) => cubic::step(c, blocks, ctx)?,
            OptimizerConfig::EmaMomentum(c) => {
                let mut ema: Vec<ema_momentum::State> = Vec::new();
                // Move the states out so the joint step can borrow them as one slice.
                for st in self.states.iter_mut() {
                    if let BlockState::Ema(s) = std::mem::replace(st, BlockState::Stateless) {
                        ema.push(s);
                    }
                }
                let res = ema_momentum::step(c, &mut ema, blocks, ctx, t);
                for (st, s) in self.states.iter_mut().zip(ema) {
                    *st = BlockState::Ema(s);
                }
                res?
            }
            cfg => {
                for (st, blk) in self.states.iter_mut().zip(blocks.iter_mut()) {
                    match (cfg, st) {
                        (OptimizerConfig::Sgd(c), BlockState::Sgd(s)) => {
                            sgd::update(c, s, blk, lr, t)
                        }
                        (OptimizerConfig::Adagrad(c), BlockState::Adagrad(s)) => {
                            adagrad::update(c, s, blk, lr, t)
                        }
                        (OptimizerConfig::Rmsprop(c), BlockState::Rmsprop(s)) => {
                            rmsprop::update(c, s, blk, lr, t)
                        }
                        (OptimizerConfig::Adam(c), BlockState::Adam(s)) => {
                            adam::update_adam(c, s, blk, lr, t)
                        }
                        (OptimizerConfig::Adamw(c), BlockState::Adam(s)) => {
                            adam::update_adamw(c, s, blk, lr, t)
                        }
                        (OptimizerConfig::Nadam(c), BlockState::Nadam(s)) => {
                            nadam::update(c, s, blk, lr, t)
                        }
                        (OptimizerConfig::Adadelta(c), BlockState::Adadelta(s)) => {
                            adadelta::update(c, s, blk, lr, t)
                        }
                        (OptimizerConfig::Rprop(c), BlockState::Rprop(s)) => {
                            rprop::update(c, s, blk, lr, t)
                        }
                        (OptimizerConfig::Madam(c), BlockState::Madam(s)) => {
                            madam::update(c, s, blk, lr, t)
                        }
                        (OptimizerConfig::Nero(c), BlockState::Nero(s)) => {
                            nero::update(c, s, blk, lr, t)
                        }
                        (OptimizerConfig::GdInvL(_), _) => gd_inv_l::update(blk, lr),
                        (OptimizerConfig::SignSgd(_), _) => sign_sgd::update(blk, lr),
                        (OptimizerConfig::MirrorDescent(c), _) => mirror::update(c, blk, lr),
                        _ => {
                            return Err(OptimError::new(
                                "internal: optimizer state does not match its config",
                            ))
                        }
                    }
                }
            }
        }
        Ok(())
    }

    fn init(&mut self, blocks: &mut [ParamBlock], lr: f64) {
        self.shapes = blocks.iter().map(|b| (b.rows, b.cols)).collect();
        self.states = blocks
            .iter_mut()
            .map(|b| match &self.config {
                OptimizerConfig::Sgd(c) => BlockState::Sgd(sgd::init(c, b)),
                OptimizerConfig::Adagrad(c) => BlockState::Adagrad(adagrad::init(c, b)),
                OptimizerConfig::Rmsprop(c) => BlockState::Rmsprop(rmsprop::init(c, b)),
                OptimizerConfig::Adam(c) => BlockState::Adam(adam::init(c.amsgrad, b)),
                OptimizerConfig::Adamw(c) => BlockState::Adam(adam::init(c.amsgrad, b)),
                OptimizerConfig::Nadam(c) => BlockState::Nadam(nadam::init(c, b)),
                OptimizerConfig::Adadelta(c) => BlockState::Adadelta(adadelta::init(c, b)),
                OptimizerConfig::Rprop(c) => BlockState::Rprop(rprop::init(c, b, lr)),
                OptimizerConfig::EmaMomentum(_) => BlockState::Ema(ema_momentum::init(b)),
                OptimizerConfig::Madam(c) => BlockState::Madam(madam::init(c, b)),
                OptimizerConfig::Nero(c) => BlockState::Nero(nero::init(c, b)),
                _ => BlockState::Stateless,
            })
            .collect();
    }
}
