//! The whole configuration of one MLP training run (serde, with defaults; lives in the URL).

use serde::{Deserialize, Serialize};

use super::activation::Activation;
use super::data::DataConfig;
use super::error::{config_err, MlpError};
use super::init::InitConfig;
use super::loss::{Loss, LossKind, Task};
use crate::optim::{AdamConfig, OptimizerConfig, Schedule};

/// Most hidden layers a lab network may have.
pub const MAX_HIDDEN_LAYERS: usize = 8;
/// Widest hidden layer allowed.
pub const MAX_HIDDEN_WIDTH: usize = 512;
/// Most weights between hidden layers (e.g. 512-512, or five layers of 256): a training step
/// costs about three multiply–adds per weight and example, a drawing of the decision surface one
/// per weight and pixel, and larger networks could not be trained or drawn interactively.
pub const MAX_HIDDEN_WEIGHTS: usize = 300_000;

/// Weights between consecutive hidden layers, Σ h_i·h_{i+1}.
pub fn hidden_weights(hidden: &[usize]) -> usize {
    hidden.windows(2).map(|w| w[0].saturating_mul(w[1])).fold(0usize, usize::saturating_add)
}

/// Checks [`MAX_HIDDEN_WEIGHTS`]; the message says what to change.
pub fn check_hidden_weights(hidden: &[usize]) -> Result<(), String> {
    let n = hidden_weights(hidden);
    if n > MAX_HIDDEN_WEIGHTS {
        return Err(format!(
            "these hidden layers have {} weights between them; the lab trains at most {} so that \
             every frame stays interactive (one step costs about 3 multiply–adds per weight and \
             example): use fewer or narrower layers",
            group(n),
            group(MAX_HIDDEN_WEIGHTS)
        ));
    }
    Ok(())
}

/// 524288 → "524,288".
fn group(n: usize) -> String {
    let s = n.to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// One training run: architecture, loss, initialisation, optimizer, schedule, regularisation,
/// batching, seed and data. Missing fields take their defaults.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct MlpConfig {
    /// Widths of the hidden layers, 1–8 layers of width 1–512 each.
    pub hidden: Vec<usize>,
    /// Hidden activation σ (the output layer is linear).
    pub activation: Activation,
    /// Loss (`auto`: cross-entropy for classification, MSE for regression).
    pub loss: LossKind,
    /// Weight initialisation.
    pub init: InitConfig,
    /// Optimizer (from `crate::optim`) with its hyperparameters; its `lr` is the base α₀.
    pub optimizer: OptimizerConfig,
    /// Learning-rate schedule α_t = schedule(α₀, t).
    pub schedule: Schedule,
    /// λ of an L2 penalty (λ/2)‖θ‖², added to the gradient as λθ for **all** parameters, weights and
    /// biases (like `weight_decay` in `torch.optim`), before the optimizer sees it. 0–1.
    pub weight_decay: f64,
    /// Examples per minibatch; 0 or anything ≥ the training-set size means full batch.
    pub batch_size: usize,
    /// Seed of the initial weights and of the per-epoch reshuffling.
    pub seed: u64,
    /// The generated data set.
    pub data: DataConfig,
    /// With Nero and its constraints on: also constrain the first and the output layer, as the
    /// reference code does. Off (the default), only hidden-to-hidden weight matrices are kept
    /// mean-zero and unit-norm: a 2-input first layer would be frozen (its only mean-zero unit rows
    /// are ±(1, −1)/√2) and the output layer needs its scale for confident class scores.
    pub nero_constrain_all: bool,
    /// Skip connections in the hidden layers of equal width after the first (see
    /// [`super::Network::skips`]). Off by default.
    pub residual: bool,
    /// The arithmetic of the forward and backward passes (f64 unless asked otherwise; see
    /// [`super::Trainer::set_precision`]).
    pub precision: super::fast32::Precision,
}

impl Default for MlpConfig {
    fn default() -> Self {
        MlpConfig {
            hidden: vec![16, 16],
            activation: Activation::Tanh,
            loss: LossKind::Auto,
            init: InitConfig::default(),
            optimizer: OptimizerConfig::Adam(AdamConfig { lr: 0.01, ..AdamConfig::default() }),
            schedule: Schedule::Constant,
            weight_decay: 0.0,
            batch_size: 0,
            seed: 1,
            data: DataConfig::default(),
            nero_constrain_all: false,
            residual: false,
            precision: super::fast32::Precision::F64,
        }
    }
}

impl MlpConfig {
    /// Checks everything except the data set (which may come from a CSV file instead).
    pub fn validate_model(&self) -> Result<(), MlpError> {
        self.validate_model_sized(true)
    }

    /// [`MlpConfig::validate_model`], with or without the interactivity cap
    /// [`MAX_HIDDEN_WEIGHTS`] (the benchmarks train 2-512×4-2, which the lab refuses).
    pub(crate) fn validate_model_sized(&self, cap: bool) -> Result<(), MlpError> {
        if self.hidden.is_empty() || self.hidden.len() > MAX_HIDDEN_LAYERS {
            return config_err(format!(
                "the network needs between 1 and {MAX_HIDDEN_LAYERS} hidden layers (got {})",
                self.hidden.len()
            ));
        }
        for (i, &w) in self.hidden.iter().enumerate() {
            if w == 0 || w > MAX_HIDDEN_WIDTH {
                return config_err(format!(
                    "hidden layer {} has width {w}; widths must be between 1 and {MAX_HIDDEN_WIDTH}",
                    i + 1
                ));
            }
        }
        if cap {
            check_hidden_weights(&self.hidden).map_err(MlpError::Config)?;
        }
        self.init.validate()?;
        self.optimizer.validate().map_err(|e| MlpError::Config(e.to_string()))?;
        self.schedule.validate().map_err(|e| MlpError::Config(e.to_string()))?;
        if self.optimizer.needs_objective() {
            return config_err(format!(
                "{} needs to evaluate the loss elsewhere than at the current weights (a Hessian or a \
                 look-ahead gradient), which the MLP lab does not provide; pick another optimizer",
                self.optimizer.label()
            ));
        }
        if !(self.weight_decay.is_finite() && (0.0..=1.0).contains(&self.weight_decay)) {
            return config_err(format!(
                "weight decay λ must be a finite number between 0 and 1 (got {})",
                self.weight_decay
            ));
        }
        if self.batch_size > 100_000 {
            return config_err(format!("batch size must be at most 100000 (got {})", self.batch_size));
        }
        Ok(())
    }

    /// Checks every field, including the data set and that the loss fits the data's task.
    pub fn validate(&self) -> Result<(), MlpError> {
        self.validate_model()?;
        self.data.validate()?;
        self.resolve_loss(self.data.task()).map(|_| ())
    }

    /// The concrete loss for `task`, or a clear error (cross-entropy on regression data).
    pub fn resolve_loss(&self, task: Task) -> Result<Loss, MlpError> {
        self.loss.resolve(task).ok_or_else(|| {
            MlpError::Config(
                "cross-entropy needs class labels, but this data set is regression; choose the MSE loss".to_string(),
            )
        })
    }

    /// Whether Nero keeps the rows of weight matrix `layer` (0 = first of `layers`) mean-zero and
    /// unit-norm: only with Nero and its constraints on, only for matrices with ≥ 2 inputs, and
    /// (unless [`MlpConfig::nero_constrain_all`]) only hidden-to-hidden matrices.
    pub fn nero_constrains(&self, layer: usize, layers: usize, fan_in: usize) -> bool {
        let on = matches!(&self.optimizer, OptimizerConfig::Nero(c) if c.constraints);
        let inner = layer > 0 && layer + 1 < layers;
        on && crate::optim::nero::constrains_cols(fan_in) && (inner || self.nero_constrain_all)
    }

    /// Layer sizes [inputs, hidden…, outputs] for data with `inputs` inputs and this `task`.
    pub fn sizes(&self, inputs: usize, task: Task) -> Vec<usize> {
        let mut s = Vec::with_capacity(self.hidden.len() + 2);
        s.push(inputs);
        s.extend_from_slice(&self.hidden);
        s.push(task.outputs());
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_is_valid_and_round_trips() {
        let c = MlpConfig::default();
        c.validate().expect("default valid");
        let j = serde_json::to_string(&c).expect("ser");
        let back: MlpConfig = serde_json::from_str(&j).expect("de");
        assert_eq!(back, c);
        let partial: MlpConfig = serde_json::from_str(r#"{"hidden":[4],"data":{"kind":"spiral","arms":4}}"#).expect("de");
        assert_eq!(partial.hidden, vec![4]);
        assert_eq!(partial.data.task(), Task::Classification { classes: 4 });
    }

    #[test]
    fn bad_values_have_clear_messages() {
        let c = MlpConfig { hidden: vec![16, 0], ..MlpConfig::default() };
        assert_eq!(
            c.validate().unwrap_err().to_string(),
            "hidden layer 2 has width 0; widths must be between 1 and 512"
        );
        assert!(MlpConfig { hidden: vec![], ..MlpConfig::default() }.validate().is_err());
        assert!(MlpConfig { hidden: vec![4; 9], ..MlpConfig::default() }.validate().is_err());
        assert!(MlpConfig { weight_decay: f64::NAN, ..MlpConfig::default() }.validate().is_err());
        assert!(MlpConfig { weight_decay: -1.0, ..MlpConfig::default() }.validate().is_err());
        let mut ce_sine = MlpConfig { loss: LossKind::CrossEntropy, ..MlpConfig::default() };
        ce_sine.data.kind = super::super::data::DataKind::Sine;
        assert!(ce_sine.validate().is_err());
        let newton = MlpConfig {
            optimizer: OptimizerConfig::default_for("newton").expect("newton exists"),
            ..MlpConfig::default()
        };
        assert!(newton.validate().is_err());
    }
}
