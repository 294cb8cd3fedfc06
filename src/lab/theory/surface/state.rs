//! The surface experiment's whole configuration: one serde struct that round-trips through the URL.
//!
//! A fully connected network (inputs → depth × width → output) on one of the MLP lab's data sets,
//! trained by one optimizer (the shared card); then the loss on a plane through its trained
//! weights. Ranges are declared in `settings.rs`.

use serde::{Deserialize, Serialize};

use crate::lab::error::{LabError, LabResult};
use crate::mlp::{Activation, DataConfig, DataKind};
use crate::optim::{AdamConfig, OptimizerConfig, Schedule};

use super::settings::{check_budget, ALL};

/// The training data (the MLP lab's generators, every point used for training).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct SurfaceData {
    /// Which generator: 2-class 2-D sets, or 1-D regression (`sine`).
    pub kind: DataKind,
    /// Training points N.
    pub n: usize,
    /// Noise of the generator.
    pub noise: f64,
    /// Seed of the generator.
    pub seed: u64,
}

impl Default for SurfaceData {
    fn default() -> Self {
        SurfaceData { kind: DataKind::Spiral, n: 200, noise: 0.05, seed: 1 }
    }
}

impl SurfaceData {
    /// The MLP lab's generator for these points (two spiral arms, no validation split).
    pub fn config(&self) -> DataConfig {
        DataConfig { kind: self.kind, arms: 2, n: self.n, noise: self.noise, val_fraction: 0.0, seed: self.seed, ..DataConfig::default() }
    }

    /// Inputs of a point: 1 for regression, 2 otherwise.
    pub fn inputs(&self) -> usize {
        if self.kind == DataKind::Sine {
            1
        } else {
            2
        }
    }
}

/// The optimizer that trains the network(s).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct RunSettings {
    /// The optimizer and its hyperparameters.
    pub optimizer: OptimizerConfig,
    /// The learning-rate schedule.
    pub schedule: Schedule,
}

impl Default for RunSettings {
    /// Adam with α = 0.01 (the MLP lab's default).
    fn default() -> Self {
        RunSettings { optimizer: OptimizerConfig::Adam(AdamConfig { lr: 0.01, ..AdamConfig::default() }), schedule: Schedule::Constant }
    }
}

/// How the plane's two directions are chosen.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DirectionKind {
    /// Two Gaussian directions, filter-normalised (Li et al. 2018, §4).
    #[default]
    Filter,
    /// The top two principal directions of the training trajectory (Li et al. 2018, §7).
    Principal,
}

/// The experiment's state.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct SurfaceState {
    /// The training data.
    pub data: SurfaceData,
    /// Units per hidden layer.
    pub width: usize,
    /// Hidden layers.
    pub depth: usize,
    /// Hidden activation.
    pub activation: Activation,
    /// Skip connections a_l = a_{l−1} + σ(z_l) between hidden layers of the same width.
    pub skips: bool,
    /// Also train the same network the other way (with skips if off, without if on) from the same
    /// w₀ and show both slices on one colour scale.
    pub compare: bool,
    /// Seed of w₀.
    pub seed: u64,
    /// The one optimizer card.
    pub runs: Vec<RunSettings>,
    /// How the plane's directions are chosen.
    pub directions: DirectionKind,
    /// Seed of the filter-normalised directions.
    pub direction_seed: u64,
    /// Half-width r of the square (a, b) ∈ [−r, r]².
    pub radius: f64,
    /// Grid points per side.
    pub grid: usize,
    /// Steps per animation frame.
    pub speed: u64,
    /// Training steps.
    pub budget: u64,
    /// The preset this state came from (informative; cleared on any change).
    pub preset: String,
}

impl Default for SurfaceState {
    fn default() -> Self {
        SurfaceState {
            data: SurfaceData::default(),
            width: 16,
            depth: 6,
            activation: Activation::Tanh,
            skips: false,
            compare: true,
            seed: 1,
            runs: vec![RunSettings::default()],
            directions: DirectionKind::Filter,
            direction_seed: 1,
            radius: 1.0,
            grid: 41,
            speed: 20,
            budget: 500,
            preset: String::new(),
        }
    }
}

impl SurfaceState {
    /// Checks every value against its declaration, the optimizer and the budget.
    pub fn check(&self) -> LabResult<()> {
        let find = |k: &str| ALL.iter().find(|s| s.key == k).copied().ok_or_else(|| LabError::unknown(k.to_string()));
        for (key, v) in [
            ("speed", self.speed as f64),
            ("budget", self.budget as f64),
            ("width", self.width as f64),
            ("depth", self.depth as f64),
            ("seed", self.seed as f64),
            ("direction_seed", self.direction_seed as f64),
            ("radius", self.radius),
            ("grid", self.grid as f64),
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
            return Err(LabError::invalid(format!("this experiment offers tanh, relu, gelu and sigmoid (got {})", self.activation.name())));
        }
        if !matches!(self.data.kind, DataKind::Circles | DataKind::Xor | DataKind::Gaussians | DataKind::Spiral | DataKind::Sine) {
            return Err(LabError::invalid("this experiment offers the circles, xor, gaussians, spiral and sine data sets".to_string()));
        }
        let [run] = self.runs.as_slice() else {
            return Err(LabError::invalid(format!("the experiment has one optimizer (got {})", self.runs.len())));
        };
        run.optimizer.validate().map_err(|e| LabError::invalid(e.to_string()))?;
        run.schedule.validate().map_err(|e| LabError::invalid(e.to_string()))?;
        if run.optimizer.needs_objective() {
            return Err(LabError::refused(format!("{} needs the loss away from the current weights, which this experiment does not compute", run.optimizer.label())));
        }
        check_budget(self)
    }

    /// The networks trained: the one set (skips on or off), then, with `compare`, the other.
    pub fn variants(&self) -> Vec<bool> {
        if self.compare {
            vec![false, true]
        } else {
            vec![self.skips]
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lab::url;

    #[test]
    fn the_default_state_is_valid_and_round_trips_through_the_url() {
        let s = SurfaceState::default();
        s.check().expect("valid");
        let (back, notes) = url::decode::<SurfaceState>(&url::encode(&s), &[]);
        assert!(notes.is_empty(), "{notes:?}");
        assert_eq!(back, s);
        let t = SurfaceState { activation: Activation::Linear, ..s.clone() };
        assert!(t.check().is_err());
        let t = SurfaceState { data: SurfaceData { kind: DataKind::Function, ..s.data.clone() }, ..s };
        assert!(t.check().is_err());
    }
}
