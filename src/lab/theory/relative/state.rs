//! The relative-updates experiment's whole configuration: one serde struct that round-trips
//! through the URL; ranges are declared in `settings.rs`.

use serde::{Deserialize, Serialize};

use crate::lab::error::{LabError, LabResult};
use crate::mlp::{Activation, DataConfig, DataKind, InitConfig, MlpConfig};
use crate::optim::{AdamConfig, MadamConfig, NeroConfig, OptimizerConfig, Schedule, SgdConfig};

use super::settings::{check_work, ALL, MAX_CARDS};

/// The network and its data.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct NetSettings {
    /// The data set (the MLP lab's generators).
    pub data: DataKind,
    /// Training points N.
    pub n: usize,
    /// Hidden width.
    pub width: usize,
    /// Hidden layers.
    pub depth: usize,
    /// Hidden activation.
    pub activation: Activation,
    /// Examples per minibatch (0: the whole training set).
    pub batch: usize,
    /// Seed of the initial weights (and the minibatch order).
    pub seed: u64,
    /// Seed of the data.
    pub data_seed: u64,
}

impl Default for NetSettings {
    fn default() -> Self {
        NetSettings { data: DataKind::Circles, n: 200, width: 32, depth: 2, activation: Activation::Tanh, batch: 0, seed: 1, data_seed: 1 }
    }
}

/// One optimizer card.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct RunSettings {
    /// The optimizer and its hyperparameters.
    pub optimizer: OptimizerConfig,
    /// The learning-rate schedule.
    pub schedule: Schedule,
}

impl Default for RunSettings {
    fn default() -> Self {
        RunSettings { optimizer: OptimizerConfig::Nero(NeroConfig::default()), schedule: Schedule::Constant }
    }
}

impl RunSettings {
    /// A card with `optimizer` and a constant step.
    pub fn of(optimizer: OptimizerConfig) -> Self {
        RunSettings { optimizer, schedule: Schedule::Constant }
    }
}

/// The four optimizers of lecture 003 at their usual steps: SGD (α = 0.1), Adam (α = 0.001),
/// Madam and Nero (α = 0.01, their defaults).
pub fn four_optimizers() -> Vec<RunSettings> {
    vec![
        RunSettings::of(OptimizerConfig::Sgd(SgdConfig { lr: 0.1, ..SgdConfig::default() })),
        RunSettings::of(OptimizerConfig::Adam(AdamConfig { lr: 0.001, ..AdamConfig::default() })),
        RunSettings::of(OptimizerConfig::Madam(MadamConfig::default())),
        RunSettings::of(OptimizerConfig::Nero(NeroConfig::default())),
    ]
}

/// The relative-updates experiment's state.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct RelativeState {
    /// The network and data.
    pub net: NetSettings,
    /// The optimizer cards (1–4), each training its own copy of the network from the same W₀.
    pub runs: Vec<RunSettings>,
    /// Measured steps per animation frame (of each card).
    pub speed: u64,
    /// Steps of each card.
    pub budget: u64,
    /// The preset this state came from (informative; cleared on any change).
    pub preset: String,
}

impl Default for RelativeState {
    fn default() -> Self {
        RelativeState { net: NetSettings::default(), runs: four_optimizers(), speed: 2, budget: 200, preset: String::new() }
    }
}

impl RelativeState {
    /// The MLP configuration of card `i`.
    pub fn config(&self, i: usize) -> MlpConfig {
        let n = &self.net;
        let r = &self.runs[i];
        MlpConfig {
            hidden: vec![n.width; n.depth],
            activation: n.activation,
            init: InitConfig::default(),
            optimizer: r.optimizer.clone(),
            schedule: r.schedule.clone(),
            batch_size: n.batch,
            seed: n.seed,
            data: DataConfig { kind: n.data, n: n.n, val_fraction: 0.0, seed: n.data_seed, ..DataConfig::default() },
            ..MlpConfig::default()
        }
    }

    /// Checks every value against its declaration, the cards and the work budget.
    pub fn check(&self) -> LabResult<()> {
        let find = |k: &str| ALL.iter().find(|s| s.key == k).copied().ok_or_else(|| LabError::unknown(k.to_string()));
        for (key, v) in [
            ("speed", self.speed as f64),
            ("budget", self.budget as f64),
            ("net.n", self.net.n as f64),
            ("net.width", self.net.width as f64),
            ("net.depth", self.net.depth as f64),
            ("net.batch", self.net.batch as f64),
            ("net.seed", self.net.seed as f64),
            ("net.data_seed", self.net.data_seed as f64),
        ] {
            let s = find(key)?;
            if !s.accepts(v) {
                let (lo, hi) = s.range().unwrap_or((0.0, 0.0));
                return Err(LabError::invalid(format!("{} must be between {lo} and {hi} (got {v})", s.name)));
            }
        }
        if !matches!(self.net.data, DataKind::Circles | DataKind::Xor | DataKind::Gaussians | DataKind::Spiral | DataKind::Sine) {
            return Err(LabError::invalid("this experiment offers the circles, xor, gaussians, spiral and sine data"));
        }
        if !matches!(self.net.activation, Activation::Tanh | Activation::Relu | Activation::Gelu | Activation::Sigmoid) {
            return Err(LabError::invalid(format!("this experiment offers tanh, relu, gelu and sigmoid (got {})", self.net.activation.name())));
        }
        if self.runs.is_empty() || self.runs.len() > MAX_CARDS {
            return Err(LabError::invalid(format!("the experiment has 1 to {MAX_CARDS} optimizers (got {})", self.runs.len())));
        }
        for r in &self.runs {
            r.optimizer.validate().map_err(|e| LabError::invalid(e.to_string()))?;
            if r.optimizer.needs_objective() {
                return Err(LabError::refused(format!("{} needs the loss away from the current weights, which this experiment does not compute", r.optimizer.label())));
            }
        }
        for i in 0..self.runs.len() {
            self.config(i).validate_model().map_err(|e| LabError::invalid(e.to_string()))?;
        }
        check_work(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lab::url;

    #[test]
    fn the_default_state_is_valid_and_round_trips_through_the_url() {
        let s = RelativeState::default();
        s.check().expect("valid");
        let (back, notes) = url::decode::<RelativeState>(&url::encode(&s), &[]);
        assert!(notes.is_empty(), "{notes:?}");
        assert_eq!(back, s);
        let mut t = s.clone();
        t.runs.push(RunSettings::default());
        assert!(t.check().is_err(), "five cards");
        t.runs.clear();
        assert!(t.check().is_err(), "no card");
    }
}
