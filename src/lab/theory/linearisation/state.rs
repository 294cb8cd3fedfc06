//! The theory lab's whole configuration: one serde struct that round-trips through the URL.
//!
//! One network with 1–3 hidden layers of width m and one output, on 1-D regression data or a
//! 2-class set in the plane (targets ±1, the squared loss), trained beside its linearisation at w₀
//! by one optimizer (the shared card); ranges are declared in `settings.rs`.

use serde::{Deserialize, Serialize};

use crate::lab::error::{LabError, LabResult};
use crate::mlp::{Activation, DataConfig, DataKind, InitConfig};
use crate::optim::{OptimizerConfig, Schedule, SgdConfig};

use super::conditioning::Cause;
use super::settings::{check_budget, ALL};

/// The training data: the MLP lab's noisy sine (N inputs uniform in [−1, 1], y = sin(πx) + noise)
/// or one of its 2-class sets in [−1, 1]² with targets y = ±1; then every input coordinate is
/// mapped to scale·x + offset (what the network sees, and what the views draw).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct TheoryData {
    /// Which generator: sine, circles, xor or gaussians.
    pub kind: DataKind,
    /// Training points N.
    pub n: usize,
    /// Standard deviation of the noise (on y for the sine, on the inputs for 2-class sets).
    pub noise: f64,
    /// Seed of the generator.
    pub seed: u64,
    /// Every input coordinate is multiplied by this…
    pub scale: f64,
    /// …and then shifted by this.
    pub offset: f64,
}

impl Default for TheoryData {
    fn default() -> Self {
        TheoryData { kind: DataKind::Sine, n: 20, noise: 0.1, seed: 1, scale: 1.0, offset: 0.0 }
    }
}

impl TheoryData {
    /// The MLP lab's generator for these points (no validation split).
    pub fn config(&self) -> DataConfig {
        DataConfig { kind: self.kind, n: self.n, noise: self.noise, val_fraction: 0.0, seed: self.seed, ..DataConfig::default() }
    }

    /// Inputs per point: 1 for the sine, 2 for the 2-class sets.
    pub fn dim(&self) -> usize {
        if self.kind == DataKind::Sine { 1 } else { 2 }
    }

    /// Whether the targets are class labels ±1.
    pub fn two_class(&self) -> bool {
        self.kind != DataKind::Sine
    }

    /// The inputs (N × dim, example-major, already scaled and shifted) and the targets (class c
    /// becomes y = 2c − 1).
    pub fn generate(&self) -> Result<(Vec<f64>, Vec<f64>), String> {
        let data = self.config().generate().map_err(|e| e.to_string())?;
        let x = data.x().iter().map(|&v| self.scale * v + self.offset).collect();
        let y = if self.two_class() { data.y().iter().map(|&c| 2.0 * c - 1.0).collect() } else { data.y().to_vec() };
        Ok((x, y))
    }
}

/// The optimizer that steps both models.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct RunSettings {
    /// The optimizer and its hyperparameters (its α in units of 1/L₀ when `per_l`).
    pub optimizer: OptimizerConfig,
    /// The learning-rate schedule.
    pub schedule: Schedule,
}

impl Default for RunSettings {
    /// Plain gradient descent.
    fn default() -> Self {
        RunSettings { optimizer: OptimizerConfig::Sgd(SgdConfig { lr: 0.5, ..SgdConfig::default() }), schedule: Schedule::Constant }
    }
}

impl RunSettings {
    /// Whether this is plain gradient descent with a constant step (SGD without momentum or
    /// weight decay): the case where lecture 001's GD mask describes the linearised model exactly.
    pub fn plain_gd(&self) -> bool {
        matches!(&self.optimizer, OptimizerConfig::Sgd(c) if c.momentum == 0.0 && c.weight_decay == 0.0) && self.schedule == Schedule::Constant
    }
}

/// The theory lab's state.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct LinearisationState {
    /// The training data.
    pub data: TheoryData,
    /// Hidden width m (of every hidden layer).
    pub width: usize,
    /// Hidden layers, 1–3.
    pub depth: usize,
    /// The initialisation of w₀ (the MLP lab's kinds).
    pub init: InitConfig,
    /// w₀'s weight matrices multiplied by this after initialisation (biases as drawn).
    pub gain: f64,
    /// Hidden activation.
    pub activation: Activation,
    /// Seed of w₀.
    pub seed: u64,
    /// Whether α is in units of 1/L₀ = N/(2 s_max²).
    pub per_l: bool,
    /// The one optimizer card.
    pub runs: Vec<RunSettings>,
    /// Steps per animation frame.
    pub speed: u64,
    /// Steps before training stops.
    pub budget: u64,
    /// The setting the "conditioning" view varies.
    pub cause: Cause,
    /// The preset this state came from (informative; cleared on any change).
    pub preset: String,
}

impl Default for LinearisationState {
    fn default() -> Self {
        LinearisationState {
            data: TheoryData::default(),
            width: 64,
            depth: 1,
            init: InitConfig::default(),
            gain: 1.0,
            activation: Activation::Tanh,
            seed: 1,
            per_l: true,
            runs: vec![RunSettings::default()],
            speed: 5,
            budget: 400,
            cause: Cause::default(),
            preset: String::new(),
        }
    }
}

impl LinearisationState {
    /// Checks every value against its declaration, the optimizer and the parameter budget.
    pub fn check(&self) -> LabResult<()> {
        let find = |k: &str| ALL.iter().find(|s| s.key == k).copied().ok_or_else(|| LabError::unknown(k.to_string()));
        for (key, v) in [
            ("speed", self.speed as f64),
            ("budget", self.budget as f64),
            ("width", self.width as f64),
            ("depth", self.depth as f64),
            ("gain", self.gain),
            ("data.scale", self.data.scale),
            ("data.offset", self.data.offset),
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
        if !matches!(self.activation, Activation::Tanh | Activation::Relu | Activation::Gelu | Activation::Sigmoid) {
            return Err(LabError::invalid(format!("this lab offers tanh, relu, gelu and sigmoid (got {})", self.activation.name())));
        }
        if !matches!(self.data.kind, DataKind::Sine | DataKind::Circles | DataKind::Xor | DataKind::Gaussians) {
            return Err(LabError::invalid("this lab offers the noisy sine, circles, XOR and two Gaussians".to_string()));
        }
        self.init.validate().map_err(|e| LabError::invalid(e.to_string()))?;
        let [run] = self.runs.as_slice() else {
            return Err(LabError::invalid(format!("the lab has one optimizer (got {})", self.runs.len())));
        };
        run.optimizer.validate().map_err(|e| LabError::invalid(e.to_string()))?;
        if run.optimizer.needs_objective() {
            return Err(LabError::refused(format!("{} needs the loss away from the current weights, which this lab does not compute", run.optimizer.label())));
        }
        check_budget(self.width, self.depth, self.data.dim(), self.data.n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lab::url;

    #[test]
    fn the_default_state_is_valid_and_round_trips_through_the_url() {
        let s = LinearisationState::default();
        s.check().expect("valid");
        let (back, notes) = url::decode::<LinearisationState>(&url::encode(&s), &[]);
        assert!(notes.is_empty(), "{notes:?}");
        assert_eq!(back, s);
        let mut t = s.clone();
        t.width = 4096;
        t.data.n = 200;
        assert_eq!(t.check().unwrap_err().kind(), crate::lab::error::ErrorKind::Refused, "over the budget");
        t.data.n = 10;
        t.activation = Activation::Linear;
        assert!(t.check().is_err());
    }
}
