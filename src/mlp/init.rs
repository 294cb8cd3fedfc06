//! Weight initialisation (lecture 004, "Initialization") and bias initialisation.
//!
//! Biases start, by default, like PyTorch's `nn.Linear`: b ~ U(−1/√n, 1/√n) with n the fan-in
//! ([`BiasInit::Uniform`]); [`BiasInit::Zero`] keeps the older all-zero start. Zero biases matter
//! for scale-relative optimizers: Madam clamps every weight of a block to ±3·rms(block at step 1),
//! which is 0 for an all-zero bias, so such a bias never moves; Nero's step for a block is α times
//! the block's mean neuron norm, which falls back to 0.01 for an all-zero bias (steps of 1e-4).
//! [`InitKind::Zero`] sets every parameter, biases included, to 0.

use serde::{Deserialize, Serialize};

use super::error::{config_err, MlpError};
use crate::rng::{normal, LabRng};

/// Which distribution the weights of each layer are drawn from (n = fan-in of the layer).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum InitKind {
    /// W = 0. Every hidden unit of a layer computes the same thing and receives the same gradient,
    /// so the symmetry is never broken (lecture 004: W = 0 is a very bad stationary point).
    Zero,
    /// W ~ U(−s, s) with s = `scale`.
    Uniform,
    /// W ~ N(0, 1/n): keeps Var[wᵀx] = Var[x] through a *linear* layer (lecture 004's "Xavier" form;
    /// PyTorch's `xavier_normal_` uses 2/(n_in + n_out) instead).
    Xavier,
    /// W ~ N(0, 2/n): ReLU zeroes half the inputs, so twice the variance keeps activations at scale
    /// (He et al. 2015; PyTorch `kaiming_normal_(mode='fan_in', nonlinearity='relu')`).
    #[default]
    Kaiming,
    /// W ~ N(0, s²) with s = `scale`, whatever the fan-in.
    Custom,
}

/// How the biases of each layer start (n = fan-in of the layer).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum BiasInit {
    /// b = 0. With Madam an all-zero bias never moves (its clamp bound 3·rms(0) is 0); with Nero it
    /// moves by only α·0.01 per step (the fallback scale of an all-zero block).
    Zero,
    /// b ~ U(−1/√n, 1/√n), PyTorch's `nn.Linear` default.
    #[default]
    Uniform,
}

/// Initialisation settings: a kind, the scale s used by `uniform` and `custom` (ignored otherwise)
/// and the bias initialisation. Missing fields take their defaults (older links have no `bias`).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct InitConfig {
    /// Distribution of the weights.
    pub kind: InitKind,
    /// s in U(−s, s) (uniform) or N(0, s²) (custom).
    pub scale: f64,
    /// Distribution of the biases (ignored by [`InitKind::Zero`], which zeroes everything).
    pub bias: BiasInit,
}

impl Default for InitConfig {
    fn default() -> Self {
        InitConfig { kind: InitKind::Kaiming, scale: 0.1, bias: BiasInit::Uniform }
    }
}

impl InitConfig {
    /// Checks the scale: finite, > 0 and ≤ 100 (only when the kind uses it).
    pub fn validate(&self) -> Result<(), MlpError> {
        if matches!(self.kind, InitKind::Uniform | InitKind::Custom)
            && !(self.scale.is_finite() && self.scale > 0.0 && self.scale <= 100.0)
        {
            return config_err(format!(
                "initialisation scale must be a finite number in (0, 100] (got {})",
                self.scale
            ));
        }
        Ok(())
    }

    /// Standard deviation of the weights of a layer with fan-in `fan_in` (uniform: s/√3).
    pub fn std(&self, fan_in: usize) -> f64 {
        let n = fan_in.max(1) as f64;
        match self.kind {
            InitKind::Zero => 0.0,
            InitKind::Uniform => self.scale / 3f64.sqrt(),
            InitKind::Xavier => (1.0 / n).sqrt(),
            InitKind::Kaiming => (2.0 / n).sqrt(),
            InitKind::Custom => self.scale,
        }
    }

    /// Fills the biases `b` of one layer with fan-in `fan_in` (zeros for [`InitKind::Zero`] and
    /// [`BiasInit::Zero`], else U(−1/√n, 1/√n)).
    pub fn fill_bias(&self, fan_in: usize, b: &mut [f64], rng: &mut LabRng) {
        use rand::Rng;
        if self.kind == InitKind::Zero || self.bias == BiasInit::Zero {
            b.iter_mut().for_each(|x| *x = 0.0);
        } else {
            let s = 1.0 / (fan_in.max(1) as f64).sqrt();
            b.iter_mut().for_each(|x| *x = rng.gen_range(-1.0..1.0) * s);
        }
    }

    /// Fills the weights `w` of one layer (any layout; entries are i.i.d.).
    pub fn fill(&self, fan_in: usize, w: &mut [f64], rng: &mut LabRng) {
        use rand::Rng;
        match self.kind {
            InitKind::Zero => w.iter_mut().for_each(|x| *x = 0.0),
            InitKind::Uniform => {
                let s = self.scale;
                w.iter_mut().for_each(|x| *x = rng.gen_range(-1.0..1.0) * s);
            }
            InitKind::Xavier | InitKind::Kaiming | InitKind::Custom => {
                let sd = self.std(fan_in);
                w.iter_mut().for_each(|x| *x = sd * normal(rng));
            }
        }
    }
}
