//! [`Method`]: what one optimizer file implements to be listed in the registry
//! (`registry.rs`), and the validation every method's `set()` / `validate()` goes through.

use super::error::OptimError;
use super::{ParamBlock, StepContext};
use crate::param::{self, Refusal, Tunable};

/// One optimizer: its display texts, its per-block state and its update. Implemented on the
/// method's config struct, whose fields are described by [`crate::param::tunable!`] and whose
/// `Default` holds the reference defaults (the paper's or `torch.optim`'s).
///
/// A method updates each block on its own ([`Method::update`], the default [`Method::step`]
/// loops over the blocks) or all blocks jointly (override [`Method::step`]: Newton, cubic
/// regularisation, the look-ahead momentum).
pub(crate) trait Method: Tunable + Default {
    /// Display name, e.g. `"Adam"`; also names the method in messages.
    const LABEL: &'static str;
    /// The update rule in the lectures' symbols, as shown on the page.
    const RULE: &'static str;
    /// State of one parameter block (`()` for stateless methods).
    type State: Clone + std::fmt::Debug;

    /// The state of one block before the first step (`lr` is the first step's learning rate).
    fn init(&self, block: &mut ParamBlock, lr: f64) -> Self::State;

    /// Updates one block in place (step `t` = 1, 2, …); unused when [`Method::step`] is overridden.
    fn update(&self, _st: &mut Self::State, _block: &mut ParamBlock, _lr: f64, _t: u64) {}

    /// Updates every block; `states[i]` belongs to `blocks[i]`.
    fn step(
        &self,
        states: &mut [Self::State],
        blocks: &mut [ParamBlock],
        ctx: &StepContext,
        t: u64,
    ) -> Result<(), OptimError> {
        for (st, blk) in states.iter_mut().zip(blocks.iter_mut()) {
            self.update(st, blk, ctx.lr, t);
        }
        Ok(())
    }

    /// The momentum / first-moment buffer of a block's state, if the method keeps one.
    fn momentum<'s>(&self, _st: &'s Self::State) -> Option<&'s [f64]> {
        None
    }

    /// The base learning rate α.
    fn lr(&self) -> f64 {
        self.get("lr").unwrap_or(0.0)
    }

    /// Whether the method needs a Hessian from the objective.
    fn needs_hessian(&self) -> bool {
        false
    }

    /// Whether the method needs `ctx.objective` at all.
    fn needs_objective(&self) -> bool {
        self.needs_hessian()
    }

    /// Refuses to step while a setting is incomplete (checked before the first step's state).
    fn ready(&self) -> Result<(), OptimError> {
        Ok(())
    }

    /// Checks that involve several fields (e.g. SGD's Nesterov needs momentum > 0).
    fn cross_check(&self) -> Result<(), OptimError> {
        Ok(())
    }
}

fn prefixed<M: Method>(message: &str) -> OptimError {
    OptimError::new(format!("{}: {message}", M::LABEL))
}

/// Checks every hyperparameter against its spec, then the cross-field rules.
pub(crate) fn validate<M: Method>(cfg: &M) -> Result<(), OptimError> {
    param::check_all(cfg).map_err(|m| prefixed::<M>(&m))?;
    cfg.cross_check().map_err(|e| prefixed::<M>(e.message()))
}

/// Sets `key` to `value` if the result is valid; otherwise leaves `cfg` unchanged.
pub(crate) fn set<M: Method>(cfg: &mut M, key: &str, value: f64) -> Result<(), OptimError> {
    let refused = |r: Refusal| match r {
        Refusal::Unknown(known) => OptimError::new(format!(
            "{} has no hyperparameter '{key}' (known: {})",
            M::LABEL,
            known.join(", ")
        )),
        Refusal::Invalid(m) => prefixed::<M>(&m),
    };
    param::set(cfg, key, value, refused, validate)
}
