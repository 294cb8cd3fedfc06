//! Training losses on the linear network output (logits): mean squared error and softmax cross-entropy.
//!
//! Both follow PyTorch's reduction `'mean'`: `nn.MSELoss` averages over all n·K output entries,
//! `nn.CrossEntropyLoss` averages over the n examples.

use serde::{Deserialize, Serialize};

/// What the network is asked to do; decided by the data set.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "task", rename_all = "lowercase")]
pub enum Task {
    /// Predict a real number per example (one output unit); targets are the numbers.
    Regression,
    /// Predict one of `classes` classes; targets are class indices 0, 1, …, classes−1 (stored as f64).
    ///
    /// Binary problems are handled as **2 classes with 2 logits and softmax** (not 1 logit + sigmoid),
    /// so every classification problem uses the same output layer and loss.
    Classification {
        /// Number of classes K ≥ 2; the output layer has K units.
        classes: usize,
    },
}

impl Task {
    /// Number of output units of a network for this task (1 for regression, K for K classes).
    pub fn outputs(self) -> usize {
        match self {
            Task::Regression => 1,
            Task::Classification { classes } => classes,
        }
    }
}

/// The loss the student picks. `Auto` resolves to cross-entropy for classification, MSE for regression.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum LossKind {
    /// Cross-entropy for classification data, MSE for regression data.
    #[default]
    Auto,
    /// Mean squared error L = (1/(nK)) Σᵢ Σⱼ (ŷᵢⱼ − yᵢⱼ)²; for classification the target is one-hot.
    Mse,
    /// Softmax cross-entropy L = (1/n) Σᵢ [log Σⱼ e^{zᵢⱼ} − z_{i,yᵢ}] (classification only).
    CrossEntropy,
}

impl LossKind {
    /// The concrete loss for a task; `None` if the pair makes no sense (cross-entropy on regression).
    pub fn resolve(self, task: Task) -> Option<Loss> {
        match (self, task) {
            (LossKind::Auto, Task::Regression) | (LossKind::Mse, _) => Some(Loss::Mse),
            (LossKind::Auto, Task::Classification { .. }) | (LossKind::CrossEntropy, Task::Classification { .. }) => {
                Some(Loss::CrossEntropy)
            }
            (LossKind::CrossEntropy, Task::Regression) => None,
        }
    }
}

/// A resolved loss.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Loss {
    /// Mean squared error (see [`LossKind::Mse`]); gradient ∂L/∂ŷᵢⱼ = 2(ŷᵢⱼ − yᵢⱼ)/(nK).
    Mse,
    /// Softmax cross-entropy (see [`LossKind::CrossEntropy`]); gradient ∂L/∂zᵢⱼ = (softmax(zᵢ)ⱼ − [j = yᵢ])/n.
    CrossEntropy,
}

/// Class index of a stored label, clamped into 0..k (labels are validated when a data set is built).
#[inline]
fn class_of(y: f64, k: usize) -> usize {
    if y.is_finite() && y > 0.0 {
        (y as usize).min(k.saturating_sub(1))
    } else {
        0
    }
}

impl Loss {
    /// Mean loss over `n` examples, and ∂L/∂output written into `grad` (same n×k row-major layout as `out`).
    ///
    /// `out`: n×k network outputs; `y`: the targets (n×k numbers for regression, n class indices for
    /// classification). Returns NaN if the pair (loss, task) is invalid (cross-entropy on regression).
    pub fn value_and_grad(self, task: Task, out: &[f64], y: &[f64], n: usize, grad: &mut [f64]) -> f64 {
        let k = task.outputs();
        if n == 0 || out.len() < n * k || grad.len() < n * k {
            return f64::NAN;
        }
        match (self, task) {
            (Loss::Mse, Task::Regression) => {
                let scale = 2.0 / (n * k) as f64;
                let mut sum = 0.0;
                for ((g, &o), &t) in grad[..n * k].iter_mut().zip(&out[..n * k]).zip(&y[..n * k]) {
                    let r = o - t;
                    sum += r * r;
                    *g = scale * r;
                }
                sum / (n * k) as f64
            }
            (Loss::Mse, Task::Classification { .. }) => {
                let scale = 2.0 / (n * k) as f64;
                let mut sum = 0.0;
                for i in 0..n {
                    let c = class_of(y[i], k);
                    for j in 0..k {
                        let t = if j == c { 1.0 } else { 0.0 };
                        let r = out[i * k + j] - t;
                        sum += r * r;
                        grad[i * k + j] = scale * r;
                    }
                }
                sum / (n * k) as f64
            }
            (Loss::CrossEntropy, Task::Classification { .. }) => {
                let inv_n = 1.0 / n as f64;
                let mut sum = 0.0;
                for i in 0..n {
                    let row = &out[i * k..(i + 1) * k];
                    let g = &mut grad[i * k..(i + 1) * k];
                    let m = row.iter().fold(f64::NEG_INFINITY, |m, &v| m.max(v));
                    let mut z = 0.0;
                    for (gj, &v) in g.iter_mut().zip(row) {
                        let e = (v - m).exp();
                        *gj = e;
                        z += e;
                    }
                    let c = class_of(y[i], k);
                    // −log softmax_c = log Σ e^{z_j − m} − (z_c − m)
                    sum += z.ln() - (row[c] - m);
                    let inv_z = inv_n / z;
                    for gj in g.iter_mut() {
                        *gj *= inv_z;
                    }
                    g[c] -= inv_n;
                }
                sum * inv_n
            }
            (Loss::CrossEntropy, Task::Regression) => f64::NAN,
        }
    }

    /// Mean loss only (no gradient), for validation curves; same definitions as [`Loss::value_and_grad`].
    pub fn value(self, task: Task, out: &[f64], y: &[f64], n: usize) -> f64 {
        let k = task.outputs();
        if n == 0 || out.len() < n * k {
            return f64::NAN;
        }
        match (self, task) {
            (Loss::Mse, Task::Regression) => {
                out[..n * k].iter().zip(&y[..n * k]).map(|(o, t)| (o - t) * (o - t)).sum::<f64>() / (n * k) as f64
            }
            (Loss::Mse, Task::Classification { .. }) => {
                let mut sum = 0.0;
                for i in 0..n {
                    let c = class_of(y[i], k);
                    for j in 0..k {
                        let t = if j == c { 1.0 } else { 0.0 };
                        let r = out[i * k + j] - t;
                        sum += r * r;
                    }
                }
                sum / (n * k) as f64
            }
            (Loss::CrossEntropy, Task::Classification { .. }) => {
                let mut sum = 0.0;
                for i in 0..n {
                    let row = &out[i * k..(i + 1) * k];
                    let m = row.iter().fold(f64::NEG_INFINITY, |m, &v| m.max(v));
                    let z: f64 = row.iter().map(|&v| (v - m).exp()).sum();
                    sum += z.ln() - (row[class_of(y[i], k)] - m);
                }
                sum / n as f64
            }
            (Loss::CrossEntropy, Task::Regression) => f64::NAN,
        }
    }
}

/// Fraction of the n examples whose arg-max output equals the label (ties go to the lower class).
/// Returns `None` for regression.
pub fn accuracy(task: Task, out: &[f64], y: &[f64], n: usize) -> Option<f64> {
    let k = match task {
        Task::Regression => return None,
        Task::Classification { classes } => classes,
    };
    if n == 0 || out.len() < n * k {
        return None;
    }
    let correct = (0..n).filter(|&i| argmax(&out[i * k..(i + 1) * k]) == class_of(y[i], k)).count();
    Some(correct as f64 / n as f64)
}

/// Index of the largest entry (first one on ties; 0 for an empty slice).
#[inline]
pub fn argmax(row: &[f64]) -> usize {
    let mut best = 0;
    for (j, &v) in row.iter().enumerate() {
        if v > row[best] {
            best = j;
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cross_entropy_golden() {
        // torch.nn.functional.cross_entropy(torch.tensor([[1.,2.,3.],[1.,0.,0.]], dtype=torch.float64),
        //     torch.tensor([2, 0])) = 0.4938...; by hand: row 1: log(e+e²+e³) − 3 = 0.40760596,
        // row 2: log(e + 2) − 1 = 0.55144471; mean 0.47952534.
        let task = Task::Classification { classes: 3 };
        let out = [1.0, 2.0, 3.0, 1.0, 0.0, 0.0];
        let y = [2.0, 0.0];
        let mut g = [0.0; 6];
        let l = Loss::CrossEntropy.value_and_grad(task, &out, &y, 2, &mut g);
        let expect = ((1f64.exp() + 2f64.exp() + 3f64.exp()).ln() - 3.0 + (1f64.exp() + 2.0).ln() - 1.0) / 2.0;
        assert!((l - expect).abs() < 1e-14);
        assert!((l - 0.479_525_34).abs() < 1e-8);
        assert!((Loss::CrossEntropy.value(task, &out, &y, 2) - l).abs() < 1e-15);
        // Each gradient row sums to 0 (softmax sums to 1, minus the one-hot).
        assert!((g[0] + g[1] + g[2]).abs() < 1e-15);
    }

    #[test]
    fn mse_golden() {
        // outputs [1, 3], targets [0, 1]: ((1)² + (2)²)/2 = 2.5; gradient 2r/n = [1, 2].
        let mut g = [0.0; 2];
        let l = Loss::Mse.value_and_grad(Task::Regression, &[1.0, 3.0], &[0.0, 1.0], 2, &mut g);
        assert_eq!(l, 2.5);
        assert_eq!(g, [1.0, 2.0]);
    }

    #[test]
    fn cross_entropy_on_regression_is_rejected() {
        assert_eq!(LossKind::CrossEntropy.resolve(Task::Regression), None);
        assert_eq!(LossKind::Auto.resolve(Task::Regression), Some(Loss::Mse));
    }
}
