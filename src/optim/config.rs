//! [`OptimizerConfig`]: the serialisable choice of optimizer and its hyperparameters.

use serde::{Deserialize, Serialize};

use super::error::OptimError;
use super::hyper::{self, HyperParam};
use super::optimizer::Optimizer;
use super::{
    adadelta, adagrad, adam, cubic, ema_momentum, gd_inv_l, madam, mirror, nadam, nero, newton,
    rmsprop, rprop, sgd, sign_sgd,
};
use super::{
    AdadeltaConfig, AdagradConfig, AdamConfig, AdamwConfig, CubicNewtonConfig, EmaMomentumConfig,
    GdInvLConfig, MadamConfig, MirrorDescentConfig, NadamConfig, NeroConfig, NewtonConfig,
    RmspropConfig, RpropConfig, SgdConfig, SignSgdConfig,
};

/// Which optimizer, with its hyperparameters. Serialised as `{"kind": "adam", "lr": 0.001, ...}`;
/// missing fields take the defaults, unknown fields are refused.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum OptimizerConfig {
    /// `torch.optim.SGD` (momentum, dampening, Nesterov, weight decay) — see [`sgd`].
    Sgd(SgdConfig),
    /// `torch.optim.Adagrad` — see [`adagrad`].
    Adagrad(AdagradConfig),
    /// `torch.optim.RMSprop` — see [`rmsprop`].
    Rmsprop(RmspropConfig),
    /// `torch.optim.Adam` — see [`adam`].
    Adam(AdamConfig),
    /// `torch.optim.AdamW` — see [`adam`].
    Adamw(AdamwConfig),
    /// `torch.optim.NAdam` — see [`nadam`].
    Nadam(NadamConfig),
    /// `torch.optim.Adadelta` — see [`adadelta`].
    Adadelta(AdadeltaConfig),
    /// `torch.optim.Rprop` — see [`rprop`].
    Rprop(RpropConfig),
    /// Gradient descent with step 1/L (lecture 003) — see [`gd_inv_l`].
    GdInvL(GdInvLConfig),
    /// Lecture 004's EMA momentum with bias correction and optional Nesterov look-ahead — see
    /// [`ema_momentum`].
    EmaMomentum(EmaMomentumConfig),
    /// signSGD — see [`sign_sgd`].
    SignSgd(SignSgdConfig),
    /// Damped / saddle-free Newton with optional Armijo line search — see [`newton`].
    Newton(NewtonConfig),
    /// Cubic-regularised Newton (Nesterov–Polyak) — see [`cubic`].
    CubicNewton(CubicNewtonConfig),
    /// Mirror descent with a diagonal quadratic mirror map — see [`mirror`].
    MirrorDescent(MirrorDescentConfig),
    /// Madam (multiplicative updates) — see [`madam`].
    Madam(MadamConfig),
    /// Nero (per-neuron rotation) — see [`nero`].
    Nero(NeroConfig),
}

impl Default for OptimizerConfig {
    fn default() -> Self {
        OptimizerConfig::Sgd(SgdConfig::default())
    }
}

/// Runs `$body` with `$c` bound to the inner config of any variant.
macro_rules! each {
    ($self:expr, $c:ident => $body:expr) => {
        match $self {
            OptimizerConfig::Sgd($c) => $body,
            OptimizerConfig::Adagrad($c) => $body,
            OptimizerConfig::Rmsprop($c) => $body,
            OptimizerConfig::Adam($c) => $body,
            OptimizerConfig::Adamw($c) => $body,
            OptimizerConfig::Nadam($c) => $body,
            OptimizerConfig::Adadelta($c) => $body,
            OptimizerConfig::Rprop($c) => $body,
            OptimizerConfig::GdInvL($c) => $body,
            OptimizerConfig::EmaMomentum($c) => $body,
            OptimizerConfig::SignSgd($c) => $body,
            OptimizerConfig::Newton($c) => $body,
            OptimizerConfig::CubicNewton($c) => $body,
            OptimizerConfig::MirrorDescent($c) => $body,
            OptimizerConfig::Madam($c) => $body,
            OptimizerConfig::Nero($c) => $body,
        }
    };
}

const KINDS: &[&str] = &[
    "sgd",
    "ema_momentum",
    "gd_inv_l",
    "sign_sgd",
    "adagrad",
    "rmsprop",
    "adam",
    "adamw",
    "nadam",
    "adadelta",
    "rprop",
    "mirror_descent",
    "newton",
    "cubic_newton",
    "madam",
    "nero",
];

impl OptimizerConfig {
    /// All kind ids (the serde tags), in menu order.
    pub fn kinds() -> &'static [&'static str] {
        KINDS
    }

    /// The reference-default configuration of a kind, or `None` for an unknown id.
    pub fn default_for(kind: &str) -> Option<OptimizerConfig> {
        Some(match kind {
            "sgd" => OptimizerConfig::Sgd(Default::default()),
            "adagrad" => OptimizerConfig::Adagrad(Default::default()),
            "rmsprop" => OptimizerConfig::Rmsprop(Default::default()),
            "adam" => OptimizerConfig::Adam(Default::default()),
            "adamw" => OptimizerConfig::Adamw(Default::default()),
            "nadam" => OptimizerConfig::Nadam(Default::default()),
            "adadelta" => OptimizerConfig::Adadelta(Default::default()),
            "rprop" => OptimizerConfig::Rprop(Default::default()),
            "gd_inv_l" => OptimizerConfig::GdInvL(Default::default()),
            "ema_momentum" => OptimizerConfig::EmaMomentum(Default::default()),
            "sign_sgd" => OptimizerConfig::SignSgd(Default::default()),
            "newton" => OptimizerConfig::Newton(Default::default()),
            "cubic_newton" => OptimizerConfig::CubicNewton(Default::default()),
            "mirror_descent" => OptimizerConfig::MirrorDescent(Default::default()),
            "madam" => OptimizerConfig::Madam(Default::default()),
            "nero" => OptimizerConfig::Nero(Default::default()),
            _ => return None,
        })
    }

    /// The kind id (serde tag), e.g. `"adam"`.
    pub fn kind(&self) -> &'static str {
        match self {
            OptimizerConfig::Sgd(_) => "sgd",
            OptimizerConfig::Adagrad(_) => "adagrad",
            OptimizerConfig::Rmsprop(_) => "rmsprop",
            OptimizerConfig::Adam(_) => "adam",
            OptimizerConfig::Adamw(_) => "adamw",
            OptimizerConfig::Nadam(_) => "nadam",
            OptimizerConfig::Adadelta(_) => "adadelta",
            OptimizerConfig::Rprop(_) => "rprop",
            OptimizerConfig::GdInvL(_) => "gd_inv_l",
            OptimizerConfig::EmaMomentum(_) => "ema_momentum",
            OptimizerConfig::SignSgd(_) => "sign_sgd",
            OptimizerConfig::Newton(_) => "newton",
            OptimizerConfig::CubicNewton(_) => "cubic_newton",
            OptimizerConfig::MirrorDescent(_) => "mirror_descent",
            OptimizerConfig::Madam(_) => "madam",
            OptimizerConfig::Nero(_) => "nero",
        }
    }

    /// Display name, e.g. `"Adam"`, `"SGD"`.
    pub fn label(&self) -> &'static str {
        match self {
            OptimizerConfig::Sgd(_) => sgd::LABEL,
            OptimizerConfig::Adagrad(_) => adagrad::LABEL,
            OptimizerConfig::Rmsprop(_) => rmsprop::LABEL,
            OptimizerConfig::Adam(_) => adam::LABEL,
            OptimizerConfig::Adamw(_) => adam::LABEL_W,
            OptimizerConfig::Nadam(_) => nadam::LABEL,
            OptimizerConfig::Adadelta(_) => adadelta::LABEL,
            OptimizerConfig::Rprop(_) => rprop::LABEL,
            OptimizerConfig::GdInvL(_) => gd_inv_l::LABEL,
            OptimizerConfig::EmaMomentum(_) => ema_momentum::LABEL,
            OptimizerConfig::SignSgd(_) => sign_sgd::LABEL,
            OptimizerConfig::Newton(_) => newton::LABEL,
            OptimizerConfig::CubicNewton(_) => cubic::LABEL,
            OptimizerConfig::MirrorDescent(_) => mirror::LABEL,
            OptimizerConfig::Madam(_) => madam::LABEL,
            OptimizerConfig::Nero(_) => nero::LABEL,
        }
    }

    /// The update rule in unicode math, as shown on the page.
    pub fn update_rule(&self) -> &'static str {
        match self {
            OptimizerConfig::Sgd(_) => sgd::RULE,
            OptimizerConfig::Adagrad(_) => adagrad::RULE,
            OptimizerConfig::Rmsprop(_) => rmsprop::RULE,
            OptimizerConfig::Adam(_) => adam::RULE,
            OptimizerConfig::Adamw(_) => adam::RULE_W,
            OptimizerConfig::Nadam(_) => nadam::RULE,
            OptimizerConfig::Adadelta(_) => adadelta::RULE,
            OptimizerConfig::Rprop(_) => rprop::RULE,
            OptimizerConfig::GdInvL(_) => gd_inv_l::RULE,
            OptimizerConfig::EmaMomentum(_) => ema_momentum::RULE,
            OptimizerConfig::SignSgd(_) => sign_sgd::RULE,
            OptimizerConfig::Newton(_) => newton::RULE,
            OptimizerConfig::CubicNewton(_) => cubic::RULE,
            OptimizerConfig::MirrorDescent(_) => mirror::RULE,
            OptimizerConfig::Madam(_) => madam::RULE,
            OptimizerConfig::Nero(_) => nero::RULE,
        }
    }

    /// The base learning rate α (for `GdInvL`: 1/L, or 0 while L is not set).
    pub fn lr(&self) -> f64 {
        match self {
            OptimizerConfig::GdInvL(c) => {
                if c.l > 0.0 {
                    1.0 / c.l
                } else {
                    0.0
                }
            }
            other => each!(other, c => hyper::Tunable::get(c, "lr").unwrap_or(0.0)),
        }
    }

    /// All tunable fields (including α and the on/off options) for a generic UI.
    pub fn hyperparameters(&self) -> Vec<HyperParam> {
        each!(self, c => hyper::hyperparameters(c))
    }

    /// Sets one hyperparameter (booleans as 0/1). Refuses unknown keys, NaN/inf, out-of-range
    /// values and invalid combinations with a readable message, and then leaves `self` unchanged.
    pub fn set(&mut self, key: &str, value: f64) -> Result<(), OptimError> {
        each!(self, c => hyper::set(c, key, value))
    }

    /// Checks every hyperparameter against its valid range and cross-field rules.
    pub fn validate(&self) -> Result<(), OptimError> {
        each!(self, c => hyper::validate(c))
    }

    /// Whether the method needs a Hessian from the objective (Newton, cubic regularisation).
    pub fn needs_hessian(&self) -> bool {
        matches!(
            self,
            OptimizerConfig::Newton(_) | OptimizerConfig::CubicNewton(_)
        )
    }

    /// Whether the method needs `ctx.objective` at all (Hessian methods, Newton's line search,
    /// the look-ahead momentum).
    pub fn needs_objective(&self) -> bool {
        match self {
            OptimizerConfig::Newton(_) | OptimizerConfig::CubicNewton(_) => true,
            OptimizerConfig::EmaMomentum(c) => c.nesterov,
            _ => false,
        }
    }

    /// A fresh optimizer with empty state (state is created on the first step).
    pub fn build(&self) -> Optimizer {
        Optimizer::new(self.clone())
    }
}
