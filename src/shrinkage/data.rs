//! The lab's regression problem: a seeded 1-D data set y = f(x) + noise on x ∈ [-1, 1].

use serde::{Deserialize, Serialize};

use super::error::{invalid, ShrinkError};
use super::features::{FeatureMap, FeatureSpec};
use crate::rng;

/// Largest number of features p the lab accepts (keeps the SVD interactive in the browser).
pub const P_MAX: usize = 400;
/// Largest number of data points N the lab accepts.
pub const N_MAX: usize = 5000;
/// Largest noise standard deviation accepted.
pub const NOISE_MAX: f64 = 100.0;
/// Largest RBF width accepted (in units of the spacing between bump centres).
pub const RBF_WIDTH_MAX: f64 = 100.0;
/// Largest standard deviation of the random Fourier frequencies accepted.
pub const FOURIER_SCALE_MAX: f64 = 1000.0;

/// The typed true function a new configuration starts with (the issue's example).
pub const DEFAULT_FORMULA: &str = "sin(2*pi*x) + 0.3*x";

/// The true function f behind the data.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Target {
    /// f(x) = sin(2πx): one full period on [-1, 1].
    #[default]
    Sine,
    /// f(x) = 1 / (1 + 25x²): Runge's function, the classic trap for high-degree polynomials.
    Runge,
    /// f(x) = sign(x) (0 at 0): a jump no smooth basis fits exactly.
    Step,
    /// f(x) = x³ − x/2: exactly representable by a polynomial of degree ≥ 3.
    Cubic,
    /// f typed by the student: the formula in [`DataConfig::formula`] (see [`DataConfig::truth`]).
    Typed,
}

impl Target {
    /// The value f(x) of a built-in target (NaN for [`Target::Typed`], whose value
    /// [`DataConfig::truth`] gives).
    pub fn eval(self, x: f64) -> f64 {
        match self {
            Target::Sine => (std::f64::consts::TAU * x).sin(),
            Target::Runge => 1.0 / (1.0 + 25.0 * x * x),
            Target::Step => {
                if x > 0.0 {
                    1.0
                } else if x < 0.0 {
                    -1.0
                } else {
                    0.0
                }
            }
            Target::Cubic => x * x * x - 0.5 * x,
            Target::Typed => f64::NAN,
        }
    }
}

/// The whole data configuration of the Shrinkage lab (serde state; missing fields take defaults).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct DataConfig {
    /// Number of data points N (training + test), 1 ≤ N ≤ [`N_MAX`].
    pub n: usize,
    /// Feature family that builds X.
    pub feature_map: FeatureMap,
    /// Polynomial degree (p + 1 columns) or number of bumps / random features (p columns), ≤ [`P_MAX`].
    pub p: usize,
    /// Standard deviation of the Gaussian noise added to f(x), 0 ≤ noise ≤ [`NOISE_MAX`].
    pub noise: f64,
    /// Seed for the x positions, the noise, the train/test split and the Fourier features.
    pub seed: u64,
    /// Fraction of the points held out as test points, 0 ≤ test_fraction < 1 (at least one
    /// training point always remains).
    pub test_fraction: f64,
    /// The true function f.
    pub target: Target,
    /// The formula of a typed f in x (used when `target` is [`Target::Typed`]), at most
    /// [`crate::expr::MAX_LEN`] characters.
    pub formula: String,
    /// RBF width in units of the spacing between bump centres, 0 < rbf_width ≤ [`RBF_WIDTH_MAX`].
    pub rbf_width: f64,
    /// Standard deviation of the random Fourier frequencies, 0 < fourier_scale ≤ [`FOURIER_SCALE_MAX`].
    pub fourier_scale: f64,
}

impl Default for DataConfig {
    fn default() -> Self {
        DataConfig {
            n: 40,
            feature_map: FeatureMap::Polynomial,
            p: 12,
            noise: 0.1,
            seed: 1,
            test_fraction: 0.25,
            target: Target::Sine,
            formula: DEFAULT_FORMULA.into(),
            rbf_width: 1.0,
            fourier_scale: 10.0,
        }
    }
}

impl DataConfig {
    /// Checks every field; the error names the field, the allowed range and the offending value.
    pub fn validate(&self) -> Result<(), ShrinkError> {
        self.validate_numbers()?;
        self.truth().map(|_| ())
    }

    /// Checks every field but the true function's formula (see [`DataConfig::truth`]).
    pub fn validate_numbers(&self) -> Result<(), ShrinkError> {
        if self.n < 1 || self.n > N_MAX {
            return Err(invalid(format!(
                "number of points N must be between 1 and {N_MAX} (got {})",
                self.n
            )));
        }
        if self.p > P_MAX {
            return Err(invalid(format!(
                "number of features p must be at most {P_MAX} (got {})",
                self.p
            )));
        }
        if self.p < 1 && self.feature_map != FeatureMap::Polynomial {
            return Err(invalid(format!(
                "number of features p must be at least 1 for {:?} features (got 0)",
                self.feature_map
            )));
        }
        if !(self.noise.is_finite() && self.noise >= 0.0 && self.noise <= NOISE_MAX) {
            return Err(invalid(format!(
                "noise must be a finite number between 0 and {NOISE_MAX} (got {})",
                self.noise
            )));
        }
        if !(self.test_fraction.is_finite() && self.test_fraction >= 0.0 && self.test_fraction < 1.0)
        {
            return Err(invalid(format!(
                "test fraction must be a number in [0, 1) (got {})",
                self.test_fraction
            )));
        }
        if self.n - self.test_count() < 1 {
            return Err(invalid(format!(
                "with N = {} and test fraction {} no training point is left; lower the test fraction or add points",
                self.n, self.test_fraction
            )));
        }
        if !(self.rbf_width.is_finite() && self.rbf_width > 0.0 && self.rbf_width <= RBF_WIDTH_MAX) {
            return Err(invalid(format!(
                "RBF width must be a finite number in (0, {RBF_WIDTH_MAX}] (got {})",
                self.rbf_width
            )));
        }
        if !(self.fourier_scale.is_finite()
            && self.fourier_scale > 0.0
            && self.fourier_scale <= FOURIER_SCALE_MAX)
        {
            return Err(invalid(format!(
                "Fourier frequency scale must be a finite number in (0, {FOURIER_SCALE_MAX}] (got {})",
                self.fourier_scale
            )));
        }
        Ok(())
    }

    /// How many of the N points are test points: round(test_fraction · N).
    pub fn test_count(&self) -> usize {
        let t = (self.test_fraction * self.n as f64).round();
        if t.is_finite() && t > 0.0 {
            (t as usize).min(self.n)
        } else {
            0
        }
    }

    /// The feature description used to build X for this configuration.
    pub fn features(&self) -> FeatureSpec {
        FeatureSpec {
            map: self.feature_map,
            p: self.p,
            seed: self.seed,
            rbf_width: self.rbf_width,
            fourier_scale: self.fourier_scale,
        }
    }
}

/// A set of 1-D points with a train/test split. The points may come from [`generate`], or be
/// replaced by points the student dragged or uploaded (see [`super::csv::parse_csv`]).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Default)]
pub struct Dataset {
    /// Inputs x_n.
    pub x: Vec<f64>,
    /// Targets y_n.
    pub y: Vec<f64>,
    /// `true` where point n is held out for testing.
    pub is_test: Vec<bool>,
}

impl Dataset {
    /// Builds a data set from (x, y) pairs, all of them training points.
    pub fn from_points(points: &[(f64, f64)]) -> Dataset {
        Dataset {
            x: points.iter().map(|p| p.0).collect(),
            y: points.iter().map(|p| p.1).collect(),
            is_test: vec![false; points.len()],
        }
    }

    /// Checks that the three vectors agree in length, every value is finite, and at least one
    /// point is a training point.
    pub fn validate(&self) -> Result<(), ShrinkError> {
        if self.x.len() != self.y.len() || self.x.len() != self.is_test.len() {
            return Err(ShrinkError::Shape(format!(
                "data set has {} x values, {} y values and {} train/test flags; they must match",
                self.x.len(),
                self.y.len(),
                self.is_test.len()
            )));
        }
        if let Some(i) = (0..self.x.len()).find(|&i| !(self.x[i].is_finite() && self.y[i].is_finite())) {
            return Err(invalid(format!(
                "point {} is ({}, {}); every coordinate must be a finite number",
                i + 1,
                self.x[i],
                self.y[i]
            )));
        }
        if self.is_test.iter().all(|&t| t) {
            return Err(invalid("the data set needs at least one training point"));
        }
        Ok(())
    }

    /// Inputs and targets of the training points (`test = false`) or test points (`test = true`).
    pub fn split(&self, test: bool) -> (Vec<f64>, Vec<f64>) {
        let mut xs = Vec::new();
        let mut ys = Vec::new();
        for ((&x, &y), &t) in self.x.iter().zip(&self.y).zip(&self.is_test) {
            if t == test {
                xs.push(x);
                ys.push(y);
            }
        }
        (xs, ys)
    }
}

/// Draws the data set of `cfg`: x_n ~ U[-1, 1] (sorted), y_n = f(x_n) + noise·ε_n with
/// ε_n ~ N(0, 1), and round(test_fraction·N) points picked at random as test points.
/// Deterministic given the configuration.
pub fn generate(cfg: &DataConfig) -> Result<Dataset, ShrinkError> {
    use rand::seq::SliceRandom;
    use rand::Rng;
    cfg.validate()?;
    let mut r = rng::seeded(cfg.seed);
    let mut x: Vec<f64> = (0..cfg.n).map(|_| r.gen_range(-1.0..=1.0)).collect();
    x.sort_by(f64::total_cmp);
    let f = cfg.truth()?;
    let y: Vec<f64> = x
        .iter()
        .map(|&xi| f.eval(xi) + cfg.noise * rng::normal(&mut r))
        .collect();
    let mut order: Vec<usize> = (0..cfg.n).collect();
    order.shuffle(&mut r);
    let mut is_test = vec![false; cfg.n];
    for &i in order.iter().take(cfg.test_count()) {
        is_test[i] = true;
    }
    Ok(Dataset { x, y, is_test })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generation_is_deterministic_per_seed() {
        let cfg = DataConfig::default();
        let a = generate(&cfg).unwrap();
        let b = generate(&cfg).unwrap();
        assert_eq!(a, b);
        let c = generate(&DataConfig { seed: 2, ..cfg.clone() }).unwrap();
        assert_ne!(a.x, c.x);
        assert_eq!(a.is_test.iter().filter(|&&t| t).count(), 10); // round(0.25 · 40)
        assert!(a.x.iter().all(|x| (-1.0..=1.0).contains(x)));
    }

    #[test]
    fn noise_free_data_lies_on_the_target() {
        let cfg = DataConfig { noise: 0.0, target: Target::Cubic, ..DataConfig::default() };
        let d = generate(&cfg).unwrap();
        for (x, y) in d.x.iter().zip(&d.y) {
            assert_eq!(*y, x * x * x - 0.5 * x);
        }
    }

    #[test]
    fn bad_configs_give_clear_errors() {
        let base = DataConfig::default();
        let msg = |c: DataConfig| c.validate().unwrap_err().to_string();
        assert_eq!(
            msg(DataConfig { n: 0, ..base.clone() }),
            "number of points N must be between 1 and 5000 (got 0)"
        );
        assert_eq!(
            msg(DataConfig { p: 401, ..base.clone() }),
            "number of features p must be at most 400 (got 401)"
        );
        assert!(msg(DataConfig { noise: f64::NAN, ..base.clone() }).contains("noise must be a finite number"));
        assert!(msg(DataConfig { noise: -1.0, ..base.clone() }).contains("(got -1)"));
        assert!(msg(DataConfig { test_fraction: 1.0, ..base.clone() }).contains("test fraction"));
        assert!(msg(DataConfig { n: 1, test_fraction: 0.6, ..base.clone() }).contains("no training point"));
        assert!(msg(DataConfig { feature_map: FeatureMap::Rbf, p: 0, ..base.clone() }).contains("at least 1"));
        assert!(generate(&DataConfig { n: 0, ..base }).is_err());
    }

    #[test]
    fn config_round_trips_through_json_with_defaults() {
        let cfg: DataConfig = serde_json::from_str(r#"{"feature_map":"rbf","p":30}"#).unwrap();
        assert_eq!(cfg.feature_map, FeatureMap::Rbf);
        assert_eq!(cfg.p, 30);
        assert_eq!(cfg.n, DataConfig::default().n);
        let back: DataConfig = serde_json::from_str(&serde_json::to_string(&cfg).unwrap()).unwrap();
        assert_eq!(back, cfg);
    }
}
