//! The gradient-noise model used by stochastic gradients on the 2-D landscapes.

use serde::{Deserialize, Serialize};

use super::LandscapeError;

/// How a stochastic gradient g̃ is drawn (lecture 003, "Convergence rates: stochastic").
///
/// The lecture's noise model asks only that `E[g̃] = g` and `E‖g̃ − g‖² ≤ σ²`. We realise it with
/// Gaussian noise of **total** variance σ²: `g̃ = ∇f + (σ/√2)·ξ`, `ξ ~ N(0, I₂)`, so that
/// `E‖g̃ − ∇f‖² = σ²` exactly (each of the two components has variance σ²/2).
///
/// For the logistic-regression landscape with `batch_size > 0`, `∇f` is replaced by the true
/// gradient of a uniformly random minibatch of `batch_size` distinct data points (then σ-noise is
/// added on top if σ > 0). Other landscapes have no data and ignore `batch_size`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct NoiseConfig {
    /// Noise level σ ≥ 0: the root of the expected squared distance `E‖g̃ − ∇f‖²` of the added noise.
    #[serde(default)]
    pub sigma: f64,
    /// Minibatch size B (0 = full batch); only the logistic landscape has data to sample.
    #[serde(default)]
    pub batch_size: usize,
}

impl Default for NoiseConfig {
    /// No noise, full batch: the stochastic gradient equals the gradient.
    fn default() -> Self {
        NoiseConfig { sigma: 0.0, batch_size: 0 }
    }
}

impl NoiseConfig {
    /// Largest accepted σ.
    pub const SIGMA_MAX: f64 = 1e6;

    /// Checks that σ is a finite number in [0, 10⁶].
    pub fn validate(&self) -> Result<(), LandscapeError> {
        if !(self.sigma.is_finite() && self.sigma >= 0.0 && self.sigma <= Self::SIGMA_MAX) {
            return Err(LandscapeError::new(format!(
                "gradient noise σ must be a finite number in [0, 1000000] (got {})",
                self.sigma
            )));
        }
        Ok(())
    }
}
