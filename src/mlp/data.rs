//! Seeded toy data sets (the TensorFlow-Playground family) and the train/validation split.
//!
//! All 2-D classification sets live roughly in [−1, 1]²; `noise` is the standard deviation of a
//! Gaussian perturbation added to every input coordinate (for `sine`: to the target instead).

use serde::{Deserialize, Serialize};

use super::error::{config_err, MlpError};
use super::loss::Task;
use crate::rng::{normal, seeded, LabRng};
use rand::Rng;

/// Which generator to use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum DataKind {
    /// Two classes: a disc of radius 0.5 (class 0) inside a ring 0.7 ≤ r ≤ 1 (class 1).
    #[default]
    Circles,
    /// Two classes: x uniform in [−1, 1]², class 1 where x₁·x₂ < 0 (opposite quadrants).
    Xor,
    /// Two classes: Gaussian blobs of std 0.25 centred at (−0.5, −0.5) (class 0) and (0.5, 0.5) (class 1).
    Gaussians,
    /// K classes (K = `arms`): arm c is r = 0.05 + 0.95t, θ = 2πc/K + 1.5πt for t uniform in [0, 1).
    Spiral,
    /// 1-D regression with a **one-dimensional input**: x uniform in [−1, 1], y = sin(πx) + noise·N(0,1).
    Sine,
    /// 1-D regression on a typed target y = f(x) + noise·N(0,1), x uniform in [−1, 1]
    /// ([`DataConfig::target`]).
    Function,
    /// Two classes by a typed rule in x and y ([`DataConfig::rule`], e.g. `x^2 + y^2 < 0.5`;
    /// class 1 where it holds), points uniform in [−1, 1]², noise added to the inputs.
    Rule,
}

/// Settings of a generated data set.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct DataConfig {
    /// Which generator.
    pub kind: DataKind,
    /// Number of spiral arms K = number of classes (2–10; used by `spiral` only).
    pub arms: usize,
    /// Total number of points (train + validation), 10–10 000.
    pub n: usize,
    /// Standard deviation of the Gaussian noise, 0–1.
    pub noise: f64,
    /// Fraction of the points held out for validation, 0–0.9.
    pub val_fraction: f64,
    /// Seed of the generator and of the split.
    pub seed: u64,
    /// The typed regression target f(x) of [`DataKind::Function`].
    pub target: String,
    /// The typed 2-class rule of [`DataKind::Rule`].
    pub rule: String,
}

impl Default for DataConfig {
    fn default() -> Self {
        DataConfig {
            kind: DataKind::Circles,
            arms: 3,
            n: 500,
            noise: 0.05,
            val_fraction: 0.2,
            seed: 1,
            target: super::typed::DEFAULT_TARGET.into(),
            rule: super::typed::DEFAULT_RULE.into(),
        }
    }
}

impl DataConfig {
    /// Checks every field, with a message naming the field and the allowed range.
    pub fn validate(&self) -> Result<(), MlpError> {
        if self.n < 10 || self.n > 10_000 {
            return config_err(format!("number of points must be between 10 and 10000 (got {})", self.n));
        }
        if !(self.noise.is_finite() && (0.0..=1.0).contains(&self.noise)) {
            return config_err(format!("noise must be a finite number between 0 and 1 (got {})", self.noise));
        }
        if !(self.val_fraction.is_finite() && (0.0..=0.9).contains(&self.val_fraction)) {
            return config_err(format!(
                "validation fraction must be between 0 and 0.9 (got {})",
                self.val_fraction
            ));
        }
        if self.kind == DataKind::Spiral && !(2..=10).contains(&self.arms) {
            return config_err(format!("a spiral needs between 2 and 10 arms (got {})", self.arms));
        }
        self.check_formulas()
    }

    /// The task of the generated data (K-class classification, or regression for `sine`).
    pub fn task(&self) -> Task {
        match self.kind {
            DataKind::Sine | DataKind::Function => Task::Regression,
            DataKind::Spiral => Task::Classification { classes: self.arms },
            _ => Task::Classification { classes: 2 },
        }
    }

    /// Generates all n points (validated first).
    pub fn generate(&self) -> Result<Dataset, MlpError> {
        self.validate()?;
        let mut rng = seeded(self.seed);
        let n = self.n;
        let task = self.task();
        let dim = if matches!(self.kind, DataKind::Sine | DataKind::Function) { 1 } else { 2 };
        let target = if self.kind == DataKind::Function { Some(self.target_expr()?) } else { None };
        let rule = if self.kind == DataKind::Rule { Some(self.rule_expr()?) } else { None };
        let mut stack = Vec::new();
        let mut x = Vec::with_capacity(n * dim);
        let mut y = Vec::with_capacity(n);
        let s = self.noise;
        for i in 0..n {
            match self.kind {
                DataKind::Circles => {
                    let c = i % 2;
                    let r = if c == 0 { 0.5 * rng.gen::<f64>() } else { 0.7 + 0.3 * rng.gen::<f64>() };
                    let th = std::f64::consts::TAU * rng.gen::<f64>();
                    push_point(&mut x, r * th.cos(), r * th.sin(), s, &mut rng);
                    y.push(c as f64);
                }
                DataKind::Xor => {
                    let a = rng.gen_range(-1.0..1.0);
                    let b = rng.gen_range(-1.0..1.0);
                    let c = if a * b < 0.0 { 1.0 } else { 0.0 };
                    push_point(&mut x, a, b, s, &mut rng);
                    y.push(c);
                }
                DataKind::Gaussians => {
                    let c = i % 2;
                    let m = if c == 0 { -0.5 } else { 0.5 };
                    let a = m + 0.25 * normal(&mut rng);
                    let b = m + 0.25 * normal(&mut rng);
                    push_point(&mut x, a, b, s, &mut rng);
                    y.push(c as f64);
                }
                DataKind::Spiral => {
                    let k = self.arms;
                    let c = i % k;
                    let t: f64 = rng.gen();
                    let r = 0.05 + 0.95 * t;
                    let th = std::f64::consts::TAU * c as f64 / k as f64 + 1.5 * std::f64::consts::PI * t;
                    push_point(&mut x, r * th.cos(), r * th.sin(), s, &mut rng);
                    y.push(c as f64);
                }
                DataKind::Sine => {
                    let a = rng.gen_range(-1.0..1.0);
                    x.push(a);
                    y.push((std::f64::consts::PI * a).sin() + s * normal(&mut rng));
                }
                DataKind::Function => {
                    let a = rng.gen_range(-1.0..1.0);
                    x.push(a);
                    let f = target.as_ref().map_or(f64::NAN, |e| e.value_with(&[a], &[], &mut stack));
                    y.push(f + s * normal(&mut rng));
                }
                DataKind::Rule => {
                    let a = rng.gen_range(-1.0..1.0);
                    let b = rng.gen_range(-1.0..1.0);
                    let c = rule.as_ref().map_or(f64::NAN, |e| e.value_with(&[a, b], &[], &mut stack));
                    push_point(&mut x, a, b, s, &mut rng);
                    y.push(c);
                }
            }
        }
        Dataset::new(x, dim, y, task)
    }

    /// Generates the points and splits them into (train, validation) with [`Dataset::split`].
    pub fn generate_split(&self) -> Result<(Dataset, Dataset), MlpError> {
        Ok(self.generate()?.split(self.val_fraction, self.seed ^ 0x5eed_5917))
    }
}

fn push_point(x: &mut Vec<f64>, a: f64, b: f64, s: f64, rng: &mut LabRng) {
    x.push(a + s * normal(rng));
    x.push(b + s * normal(rng));
}

/// A data set: n examples of `dim` inputs (batch-major n × dim) and their targets.
#[derive(Debug, Clone, PartialEq)]
pub struct Dataset {
    x: Vec<f64>,
    dim: usize,
    y: Vec<f64>,
    task: Task,
}

impl Dataset {
    /// Builds and checks a data set: inputs n × dim, targets n (class indices 0…K−1 stored as f64 for
    /// classification, numbers for regression), all finite.
    pub fn new(x: Vec<f64>, dim: usize, y: Vec<f64>, task: Task) -> Result<Self, MlpError> {
        if dim == 0 || x.len() != y.len() * dim {
            return Err(MlpError::Data(format!(
                "{} input numbers do not make {} examples of {dim} inputs",
                x.len(),
                y.len()
            )));
        }
        if let Some(i) = x.iter().position(|v| !v.is_finite()) {
            return Err(MlpError::Data(format!("example {} has a non-finite input ({})", i / dim, x[i])));
        }
        for (i, &t) in y.iter().enumerate() {
            if !t.is_finite() {
                return Err(MlpError::Data(format!("example {i} has a non-finite target ({t})")));
            }
            if let Task::Classification { classes } = task {
                if t < 0.0 || t.fract() != 0.0 || t >= classes as f64 {
                    return Err(MlpError::Data(format!(
                        "example {i} has label {t}, not a class number 0–{}",
                        classes - 1
                    )));
                }
            }
        }
        if let Task::Classification { classes } = task {
            if classes < 2 {
                return Err(MlpError::Data(format!("classification needs at least 2 classes (got {classes})")));
            }
        }
        Ok(Dataset { x, dim, y, task })
    }

    /// Number of examples.
    pub fn len(&self) -> usize {
        self.y.len()
    }
    /// True if there are no examples.
    pub fn is_empty(&self) -> bool {
        self.y.is_empty()
    }
    /// Inputs per example.
    pub fn dim(&self) -> usize {
        self.dim
    }
    /// All inputs, n × dim batch-major.
    pub fn x(&self) -> &[f64] {
        &self.x
    }
    /// All targets (n entries).
    pub fn y(&self) -> &[f64] {
        &self.y
    }
    /// The task.
    pub fn task(&self) -> Task {
        self.task
    }

    /// Seeded random split: a fraction `val_fraction` (rounded down) goes to validation, the rest to
    /// training. At least one example always stays in training.
    pub fn split(&self, val_fraction: f64, seed: u64) -> (Dataset, Dataset) {
        let n = self.len();
        let mut order: Vec<usize> = (0..n).collect();
        shuffle(&mut order, &mut seeded(seed));
        let f = if val_fraction.is_finite() { val_fraction.clamp(0.0, 1.0) } else { 0.0 };
        let n_val = ((n as f64 * f).floor() as usize).min(n.saturating_sub(1));
        let (val_idx, train_idx) = order.split_at(n_val);
        (self.subset(train_idx), self.subset(val_idx))
    }

    /// The examples at `idx`, in that order.
    pub fn subset(&self, idx: &[usize]) -> Dataset {
        let mut x = Vec::with_capacity(idx.len() * self.dim);
        let mut y = Vec::with_capacity(idx.len());
        for &i in idx {
            if i < self.len() {
                x.extend_from_slice(&self.x[i * self.dim..(i + 1) * self.dim]);
                y.push(self.y[i]);
            }
        }
        Dataset { x, dim: self.dim, y, task: self.task }
    }
}

/// Fisher–Yates shuffle driven by the lab's seeded generator.
pub fn shuffle(v: &mut [usize], rng: &mut LabRng) {
    for i in (1..v.len()).rev() {
        let j = rng.gen_range(0..=i);
        v.swap(i, j);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generators_are_seeded_and_balanced() {
        for kind in [DataKind::Circles, DataKind::Xor, DataKind::Gaussians, DataKind::Spiral, DataKind::Sine] {
            let cfg = DataConfig { kind, ..DataConfig::default() };
            let a = cfg.generate().expect("valid");
            let b = cfg.generate().expect("valid");
            assert_eq!(a, b, "{kind:?} not reproducible");
            assert_eq!(a.len(), 500);
            let c = DataConfig { seed: 2, ..cfg }.generate().expect("valid");
            assert_ne!(a, c);
        }
        let sp = DataConfig { kind: DataKind::Spiral, arms: 5, ..DataConfig::default() }.generate().expect("ok");
        for c in 0..5 {
            assert_eq!(sp.y().iter().filter(|&&t| t == c as f64).count(), 100);
        }
    }

    #[test]
    fn split_sizes_and_disjointness() {
        let d = DataConfig::default().generate().expect("ok");
        let (tr, va) = d.split(0.2, 3);
        assert_eq!((tr.len(), va.len()), (400, 100));
        let mut all: Vec<u64> = tr.x().iter().chain(va.x()).map(|v| v.to_bits()).collect();
        let mut orig: Vec<u64> = d.x().iter().map(|v| v.to_bits()).collect();
        all.sort_unstable();
        orig.sort_unstable();
        assert_eq!(all, orig);
    }

    #[test]
    fn bad_configs_are_rejected() {
        let bad = [
            DataConfig { n: 3, ..DataConfig::default() },
            DataConfig { noise: f64::NAN, ..DataConfig::default() },
            DataConfig { noise: -0.1, ..DataConfig::default() },
            DataConfig { val_fraction: 0.95, ..DataConfig::default() },
            DataConfig { kind: DataKind::Spiral, arms: 1, ..DataConfig::default() },
        ];
        for c in bad {
            assert!(c.validate().is_err(), "{c:?}");
        }
        assert!(Dataset::new(vec![0.0, f64::NAN], 2, vec![0.0], Task::Classification { classes: 2 }).is_err());
        assert!(Dataset::new(vec![0.0, 0.0], 2, vec![2.0], Task::Classification { classes: 2 }).is_err());
    }
}
