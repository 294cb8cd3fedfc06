//! The optima experiment's whole configuration: one serde struct that round-trips through the URL.
//!
//! K initialisations of each of a few network sizes (a ladder) trained on one 2-class data set of
//! the MLP lab by one optimizer (the shared card) for the same number of steps; ranges are declared
//! in `settings.rs`.

use serde::{Deserialize, Serialize};

use crate::lab::error::{LabError, LabResult};
use crate::mlp::{Activation, DataConfig, DataKind, MlpConfig};
use crate::optim::{AdamConfig, OptimizerConfig, Schedule};
use crate::theory::optima::OptimaConfig;

use super::settings::{check_work, ladder, ALL};

/// The training data: one of the MLP lab's 2-class sets, all points for training.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct OptimaData {
    /// Which generator (circles, xor, gaussians, spiral with two arms).
    pub kind: DataKind,
    /// Training points N.
    pub n: usize,
    /// Standard deviation of the noise on the inputs.
    pub noise: f64,
    /// Seed of the generator.
    pub seed: u64,
}

impl Default for OptimaData {
    fn default() -> Self {
        OptimaData { kind: DataKind::Xor, n: 200, noise: 0.05, seed: 1 }
    }
}

impl OptimaData {
    /// The MLP lab's generator for these points (no validation split; a spiral has two arms).
    pub fn config(&self) -> DataConfig {
        DataConfig { kind: self.kind, n: self.n, noise: self.noise, seed: self.seed, val_fraction: 0.0, arms: 2, ..DataConfig::default() }
    }
}

/// The optimizer that trains every run.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct OptimaRun {
    /// The optimizer and its hyperparameters.
    pub optimizer: OptimizerConfig,
    /// The learning-rate schedule.
    pub schedule: Schedule,
}

impl Default for OptimaRun {
    /// Adam with α = 0.01, full batch.
    fn default() -> Self {
        OptimaRun { optimizer: OptimizerConfig::Adam(AdamConfig { lr: 0.01, ..AdamConfig::default() }), schedule: Schedule::Constant }
    }
}

/// The optima experiment's state.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct OptimaState {
    /// The training data.
    pub data: OptimaData,
    /// The ladder of network sizes compared (an id of `settings::LADDERS`).
    pub sizes: String,
    /// Hidden activation.
    pub activation: Activation,
    /// The one optimizer card.
    pub runs: Vec<OptimaRun>,
    /// Initialisations K per size.
    pub seeds: usize,
    /// Weight seed of the first initialisation (run k of a size uses `seed + k`).
    pub seed: u64,
    /// Steps per run (full batch).
    pub budget: u64,
    /// Most training steps per animation frame (a frame also stops after about 10 ms).
    pub speed: u64,
    /// The preset this state came from (informative; cleared on any change).
    pub preset: String,
}

impl Default for OptimaState {
    fn default() -> Self {
        OptimaState {
            data: OptimaData::default(),
            sizes: "w2_32".into(),
            activation: Activation::Tanh,
            runs: vec![OptimaRun::default()],
            seeds: 20,
            seed: 1,
            budget: 1000,
            speed: 100_000,
            preset: String::new(),
        }
    }
}

impl OptimaState {
    /// Checks every value against its declaration, the optimizer and the work budget.
    pub fn check(&self) -> LabResult<()> {
        let find = |k: &str| ALL.iter().find(|s| s.key == k).copied().ok_or_else(|| LabError::unknown(k.to_string()));
        for (key, v) in [
            ("speed", self.speed as f64),
            ("budget", self.budget as f64),
            ("seeds", self.seeds as f64),
            ("seed", self.seed as f64),
            ("data.n", self.data.n as f64),
            ("data.noise", self.data.noise),
            ("data.seed", self.data.seed as f64),
        ] {
            let s = find(key)?;
            if !s.accepts(v) {
                let (lo, hi) = s.range().unwrap_or((0.0, 0.0));
                return Err(LabError::invalid(format!("{} must be between {lo} and {hi} (got {v})", s.name)));
            }
        }
        if !matches!(self.data.kind, DataKind::Circles | DataKind::Xor | DataKind::Gaussians | DataKind::Spiral) {
            return Err(LabError::invalid("this experiment offers the 2-class sets circles, XOR, two Gaussians and the two-armed spiral"));
        }
        ladder(&self.sizes)?;
        if !matches!(self.activation, Activation::Tanh | Activation::Relu | Activation::Gelu | Activation::Sigmoid) {
            return Err(LabError::invalid(format!("this experiment offers tanh, relu, gelu and sigmoid (got {})", self.activation.name())));
        }
        let [run] = self.runs.as_slice() else {
            return Err(LabError::invalid(format!("the experiment has one optimizer (got {})", self.runs.len())));
        };
        run.optimizer.validate().map_err(|e| LabError::invalid(e.to_string()))?;
        if run.optimizer.needs_objective() {
            return Err(LabError::refused(format!("{} needs the loss away from the current weights, which this experiment does not compute", run.optimizer.label())));
        }
        check_work(self)
    }

    /// The core's configuration of the sweep.
    pub fn sweep_config(&self) -> OptimaConfig {
        let run = &self.runs[0];
        let base = MlpConfig {
            hidden: Vec::new(),
            activation: self.activation,
            optimizer: run.optimizer.clone(),
            schedule: run.schedule.clone(),
            seed: self.seed,
            data: self.data.config(),
            batch_size: 0,
            ..MlpConfig::default()
        };
        let sizes = ladder(&self.sizes).map(|l| l.sizes.iter().map(|s| s.to_vec()).collect()).unwrap_or_default();
        OptimaConfig { sizes, seeds: self.seeds, steps: self.budget, base }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lab::url;

    #[test]
    fn the_default_state_is_valid_and_round_trips_through_the_url() {
        let s = OptimaState::default();
        s.check().expect("valid");
        let (back, notes) = url::decode::<OptimaState>(&url::encode(&s), &[]);
        assert!(notes.is_empty(), "{notes:?}");
        assert_eq!(back, s);
        let mut t = s.clone();
        t.data.kind = DataKind::Sine;
        assert!(t.check().is_err());
        t = s.clone();
        t.sizes = "nope".into();
        assert!(t.check().unwrap_err().message().contains("w2_32"));
        t = s.clone();
        t.seeds = 101;
        assert!(t.check().is_err());
    }
}
