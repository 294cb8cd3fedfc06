//! The registry of optimizers: the `optimizers!` list in `mod.rs` (one line per method, in menu
//! order) declares each method's module and generates [`OptimizerConfig`] (its serde form
//! `{"kind": "adam", "lr": 0.001, ...}`), the menu's list of kinds, and the per-step dispatch
//! over the methods' block states (a `match` over an enum, no boxing).
//!
//! Adding an optimizer: a file implementing [`Method`](super::method::Method) on its config (see
//! `nadam.rs`) and one line in that list.

use super::optimizer::Optimizer;
use super::{OptimizerConfig, SgdConfig, KINDS};

macro_rules! optimizers {
    ($($kind:literal => $variant:ident($module:ident :: $cfg:ident),)*) => {
        $(
            pub mod $module;
            pub use $module::$cfg;
        )*

        /// Which optimizer, with its hyperparameters. Serialised as `{"kind": "adam", "lr": 0.001, ...}`;
        /// missing fields take the defaults, unknown fields are refused.
        #[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
        #[serde(tag = "kind")]
        pub enum OptimizerConfig {
            $(
                #[doc = concat!("`", $kind, "`: see [`", stringify!($cfg), "`].")]
                #[serde(rename = $kind)]
                $variant($cfg),
            )*
        }

        /// All kind ids (the serde tags), in menu order.
        const KINDS: &[&str] = &[$($kind),*];

        /// The per-block states of a running method.
        #[derive(Clone, Debug)]
        pub(crate) enum States {
            $($variant(Vec<<$cfg as $crate::optim::method::Method>::State>),)*
        }

        impl OptimizerConfig {
            /// The reference-default configuration of a kind, or `None` for an unknown id.
            pub fn default_for(kind: &str) -> Option<OptimizerConfig> {
                match kind {
                    $($kind => Some(OptimizerConfig::$variant(<$cfg>::default())),)*
                    _ => None,
                }
            }

            /// The kind id (serde tag), e.g. `"adam"`.
            pub fn kind(&self) -> &'static str {
                match self {
                    $(OptimizerConfig::$variant(_) => $kind,)*
                }
            }

            /// Display name, e.g. `"Adam"`, `"SGD"`.
            pub fn label(&self) -> &'static str {
                match self {
                    $(OptimizerConfig::$variant(_) => <$cfg as $crate::optim::method::Method>::LABEL,)*
                }
            }

            /// The update rule in unicode math, as shown on the page.
            pub fn update_rule(&self) -> &'static str {
                match self {
                    $(OptimizerConfig::$variant(_) => <$cfg as $crate::optim::method::Method>::RULE,)*
                }
            }

            /// The base learning rate α (for `GdInvL`: 1/L, or 0 while L is not set).
            pub fn lr(&self) -> f64 {
                match self {
                    $(OptimizerConfig::$variant(c) => $crate::optim::method::Method::lr(c),)*
                }
            }

            /// All tunable fields (including α and the on/off options) for a generic UI.
            pub fn hyperparameters(&self) -> Vec<$crate::optim::HyperParam> {
                match self {
                    $(OptimizerConfig::$variant(c) => $crate::param::params(c),)*
                }
            }

            /// Sets one hyperparameter (booleans as 0/1). Refuses unknown keys, NaN/inf,
            /// out-of-range values and invalid combinations with a readable message, and then
            /// leaves `self` unchanged.
            pub fn set(&mut self, key: &str, value: f64) -> Result<(), $crate::optim::OptimError> {
                match self {
                    $(OptimizerConfig::$variant(c) => $crate::optim::method::set(c, key, value),)*
                }
            }

            /// Checks every hyperparameter against its valid range and cross-field rules.
            pub fn validate(&self) -> Result<(), $crate::optim::OptimError> {
                match self {
                    $(OptimizerConfig::$variant(c) => $crate::optim::method::validate(c),)*
                }
            }

            /// Whether the method needs a Hessian from the objective (Newton, cubic regularisation).
            pub fn needs_hessian(&self) -> bool {
                match self {
                    $(OptimizerConfig::$variant(c) => $crate::optim::method::Method::needs_hessian(c),)*
                }
            }

            /// Whether the method needs `ctx.objective` at all (Hessian methods, Newton's line
            /// search, the look-ahead momentum).
            pub fn needs_objective(&self) -> bool {
                match self {
                    $(OptimizerConfig::$variant(c) => $crate::optim::method::Method::needs_objective(c),)*
                }
            }

            /// Refuses to step while a setting is incomplete (GD with step 1/L before L is known).
            pub(crate) fn ready(&self) -> Result<(), $crate::optim::OptimError> {
                match self {
                    $(OptimizerConfig::$variant(c) => $crate::optim::method::Method::ready(c),)*
                }
            }

            /// Fresh states for `blocks` (the first step's learning rate is `lr`).
            pub(crate) fn init_states(&self, blocks: &mut [$crate::optim::ParamBlock], lr: f64) -> States {
                match self {
                    $(OptimizerConfig::$variant(c) => States::$variant(blocks.iter_mut().map(|b| $crate::optim::method::Method::init(c, b, lr)).collect()),)*
                }
            }

            /// Step `t` over every block, with the states made by [`OptimizerConfig::init_states`].
            pub(crate) fn step_states(&self, states: &mut States, blocks: &mut [$crate::optim::ParamBlock], ctx: &$crate::optim::StepContext, t: u64) -> Result<(), $crate::optim::OptimError> {
                match (self, states) {
                    $((OptimizerConfig::$variant(c), States::$variant(s)) => $crate::optim::method::Method::step(c, s, blocks, ctx, t),)*
                    #[allow(unreachable_patterns)]
                    _ => Err($crate::optim::OptimError::new("internal: optimizer state does not match its config")),
                }
            }

            /// The momentum buffer of block `block`, if the method keeps one.
            pub(crate) fn momentum_of<'s>(&self, states: &'s States, block: usize) -> Option<&'s [f64]> {
                match (self, states) {
                    $((OptimizerConfig::$variant(c), States::$variant(s)) => $crate::optim::method::Method::momentum(c, s.get(block)?),)*
                    #[allow(unreachable_patterns)]
                    _ => None,
                }
            }
        }
    };
}
pub(crate) use optimizers;

impl Default for OptimizerConfig {
    fn default() -> Self {
        OptimizerConfig::Sgd(SgdConfig::default())
    }
}

impl OptimizerConfig {
    /// All kind ids (the serde tags), in menu order.
    pub fn kinds() -> &'static [&'static str] {
        KINDS
    }

    /// A fresh optimizer with empty state (state is created on the first step).
    pub fn build(&self) -> Optimizer {
        Optimizer::new(self.clone())
    }
}
