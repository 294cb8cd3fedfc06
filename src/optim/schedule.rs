//! Learning-rate schedules, as closed forms of torch's `lr_scheduler`s (lecture 002, "Decaying
//! learning rates").
//!
//! `lr_at(α₀, t)` is the learning rate of update number t + 1, i.e. after t calls of torch's
//! `scheduler.step()` (`last_epoch = t`); pass `t = optimizer.steps()` before stepping:
//! - `Constant`:    α₀
//! - `Step`:        α₀ · γ^⌊t / step_size⌋                       (`StepLR`)
//! - `Exponential`: α₀ · γᵗ                                      (`ExponentialLR`)
//! - `Cosine`:      η_min + (α₀ − η_min)(1 + cos(π t / T_max))/2 (`CosineAnnealingLR`'s closed form;
//!   periodic beyond T_max, like the closed form in torch's docs)
//! - `InverseTime`: α₀ / (1 + decay · t)                         (1/t decay)

use serde::{Deserialize, Serialize};

use super::error::OptimError;
use super::hyper::{HyperParam, Spec};
use crate::param::{self, tunable_enum, Refusal};

/// A learning-rate schedule.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Default)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum Schedule {
    /// α₀ at every step.
    #[default]
    Constant,
    /// Multiply by γ every `step_size` steps (torch `StepLR`).
    Step {
        /// Steps between decays.
        step_size: u64,
        /// Decay factor γ.
        gamma: f64,
    },
    /// Multiply by γ every step (torch `ExponentialLR`).
    Exponential {
        /// Decay factor γ.
        gamma: f64,
    },
    /// Half a cosine from α₀ down to η_min over T_max steps (torch `CosineAnnealingLR`).
    Cosine {
        /// Half period T_max, in steps.
        t_max: u64,
        /// Smallest learning rate η_min.
        eta_min: f64,
    },
    /// α₀/(1 + decay·t).
    InverseTime {
        /// Decay rate.
        decay: f64,
    },
}

tunable_enum!(Schedule {
    Constant {},
    Step {
        step_size: Spec::integer("step_size", "step size", 1.0, 1e9, "Number of steps between two decays."),
        gamma: Spec::real("gamma", "γ", 1e-6, 1.0, false, "Factor applied at each decay."),
    },
    Exponential {
        gamma: Spec::real("gamma", "γ", 1e-6, 1.0, false, "Factor applied every step."),
    },
    Cosine {
        t_max: Spec::integer("t_max", "T_max", 1.0, 1e9, "Steps from the start to the lowest learning rate."),
        eta_min: Spec::real("eta_min", "η_min", 0.0, 100.0, false, "Lowest learning rate."),
    },
    InverseTime {
        decay: Spec::real("decay", "decay", 0.0, 1e3, false, "Rate of the 1/(1 + decay·t) decay."),
    },
});

impl Schedule {
    /// All kind ids, in menu order.
    pub fn kinds() -> &'static [&'static str] {
        &["constant", "step", "exponential", "cosine", "inverse_time"]
    }

    /// The schedule of a kind with sensible defaults (torch has none for these; chosen for the lab).
    pub fn default_for(kind: &str) -> Option<Schedule> {
        Some(match kind {
            "constant" => Schedule::Constant,
            "step" => Schedule::Step {
                step_size: 100,
                gamma: 0.5,
            },
            "exponential" => Schedule::Exponential { gamma: 0.99 },
            "cosine" => Schedule::Cosine {
                t_max: 200,
                eta_min: 0.0,
            },
            "inverse_time" => Schedule::InverseTime { decay: 0.01 },
            _ => return None,
        })
    }

    /// The kind id.
    pub fn kind(&self) -> &'static str {
        match self {
            Schedule::Constant => "constant",
            Schedule::Step { .. } => "step",
            Schedule::Exponential { .. } => "exponential",
            Schedule::Cosine { .. } => "cosine",
            Schedule::InverseTime { .. } => "inverse_time",
        }
    }

    /// A display name.
    pub fn label(&self) -> &'static str {
        match self {
            Schedule::Constant => "constant",
            Schedule::Step { .. } => "step decay",
            Schedule::Exponential { .. } => "exponential decay",
            Schedule::Cosine { .. } => "cosine annealing",
            Schedule::InverseTime { .. } => "1/t decay",
        }
    }

    /// The formula shown on the page.
    pub fn formula(&self) -> &'static str {
        match self {
            Schedule::Constant => "α_t = α₀",
            Schedule::Step { .. } => "α_t = α₀·γ^⌊t/step_size⌋",
            Schedule::Exponential { .. } => "α_t = α₀·γᵗ",
            Schedule::Cosine { .. } => "α_t = η_min + (α₀ − η_min)(1 + cos(πt/T_max))/2",
            Schedule::InverseTime { .. } => "α_t = α₀/(1 + decay·t)",
        }
    }

    /// The learning rate after `step` scheduler steps, starting from `base_lr`.
    pub fn lr_at(&self, base_lr: f64, step: u64) -> f64 {
        let t = step as f64;
        match *self {
            Schedule::Constant => base_lr,
            Schedule::Step { step_size, gamma } => {
                let k = step / step_size.max(1);
                base_lr * gamma.powf(k as f64)
            }
            Schedule::Exponential { gamma } => base_lr * gamma.powf(t),
            Schedule::Cosine { t_max, eta_min } => {
                let tm = t_max.max(1) as f64;
                eta_min + (base_lr - eta_min) * (1.0 + (std::f64::consts::PI * t / tm).cos()) / 2.0
            }
            Schedule::InverseTime { decay } => base_lr / (1.0 + decay * t),
        }
    }

    /// The tunable numbers of this schedule (none for `Constant`).
    pub fn hyperparameters(&self) -> Vec<HyperParam> {
        param::params(self)
    }

    /// Checks every number: γ in (0, 1], whole step counts ≥ 1, η_min and decay finite and ≥ 0.
    pub fn validate(&self) -> Result<(), OptimError> {
        param::check_all(self).map_err(|m| refused(self.label(), &m))
    }

    /// Sets one number; refuses bad values (and unknown keys) and then leaves `self` unchanged.
    pub fn set(&mut self, key: &str, value: f64) -> Result<(), OptimError> {
        let label = self.label();
        let refusal = |r: Refusal| match r {
            Refusal::Unknown(known) => {
                let known = if known.is_empty() {
                    "none".to_string()
                } else {
                    known.join(", ")
                };
                OptimError::new(format!(
                    "the {label} schedule has no parameter '{key}' (known: {known})"
                ))
            }
            Refusal::Invalid(m) => refused(label, &m),
        };
        param::set(self, key, value, refusal, Schedule::validate)
    }
}

fn refused(label: &str, message: &str) -> OptimError {
    OptimError::new(format!("{label} schedule: {message}"))
}
