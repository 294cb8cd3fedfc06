//! Bounded training history: columnar series that halve their resolution when full.

use serde::{Deserialize, Serialize};

/// Recorded curves, one entry per recorded step (columns share the index). Values that do not
/// apply are NaN (no validation set; accuracy for regression). Per-layer series are flat,
/// `points × layers`, point-major.
///
/// Memory is bounded: points are recorded every `stride` steps, and when `max_points` is reached
/// every other point is dropped and the stride doubles (so the history always spans the whole run).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct History {
    /// Number of layers of the per-layer series.
    pub layers: usize,
    /// Current recording stride in steps (a power of two times the initial stride).
    pub stride: u64,
    /// Largest number of points kept (≥ 2).
    pub max_points: usize,
    /// Step t of each point (the point describes θ_t, the parameters after t updates).
    pub step: Vec<u64>,
    /// Completed epochs at that step.
    pub epoch: Vec<u64>,
    /// Learning rate α_t used by the update from θ_t.
    pub lr: Vec<f64>,
    /// Loss on the minibatch used at step t.
    pub batch_loss: Vec<f64>,
    /// Loss on the whole training set at θ_t.
    pub train_loss: Vec<f64>,
    /// Loss on the validation set at θ_t.
    pub val_loss: Vec<f64>,
    /// Training accuracy at θ_t (classification).
    pub train_acc: Vec<f64>,
    /// Validation accuracy at θ_t (classification).
    pub val_acc: Vec<f64>,
    /// ‖∂L/∂W_l‖_F of the minibatch gradient (including the L2 term), per layer.
    pub grad_norm: Vec<f64>,
    /// ‖W_l − W_l(0)‖_F / ‖W_l(0)‖_F per layer (absolute ‖W_l − W_l(0)‖_F when ‖W_l(0)‖_F = 0).
    pub weight_change: Vec<f64>,
}

/// One point to record (per-layer data passed as slices of length `layers`).
#[derive(Debug, Clone, Copy)]
pub struct Point<'a> {
    /// Step t.
    pub step: u64,
    /// Completed epochs.
    pub epoch: u64,
    /// α_t.
    pub lr: f64,
    /// Minibatch loss.
    pub batch_loss: f64,
    /// Training loss.
    pub train_loss: f64,
    /// Validation loss.
    pub val_loss: f64,
    /// Training accuracy.
    pub train_acc: f64,
    /// Validation accuracy.
    pub val_acc: f64,
    /// Per-layer gradient norms.
    pub grad_norm: &'a [f64],
    /// Per-layer relative weight change.
    pub weight_change: &'a [f64],
}

impl History {
    /// Empty history for `layers` layers, recording every `stride` steps, at most `max_points` points.
    pub fn new(layers: usize, stride: u64, max_points: usize) -> Self {
        let cap = max_points.max(2);
        History {
            layers,
            stride: stride.max(1),
            max_points: cap,
            step: Vec::with_capacity(cap),
            epoch: Vec::with_capacity(cap),
            lr: Vec::with_capacity(cap),
            batch_loss: Vec::with_capacity(cap),
            train_loss: Vec::with_capacity(cap),
            val_loss: Vec::with_capacity(cap),
            train_acc: Vec::with_capacity(cap),
            val_acc: Vec::with_capacity(cap),
            grad_norm: Vec::with_capacity(cap * layers),
            weight_change: Vec::with_capacity(cap * layers),
        }
    }

    /// Number of points.
    pub fn len(&self) -> usize {
        self.step.len()
    }
    /// True if nothing is recorded yet.
    pub fn is_empty(&self) -> bool {
        self.step.is_empty()
    }

    /// Whether step `t` is to be recorded at the current stride.
    pub fn wants(&self, t: u64) -> bool {
        t.is_multiple_of(self.stride)
    }

    /// Appends a point (halving the resolution first if the history is full).
    pub fn push(&mut self, p: Point) {
        if self.len() >= self.max_points {
            self.halve();
        }
        self.step.push(p.step);
        self.epoch.push(p.epoch);
        self.lr.push(p.lr);
        self.batch_loss.push(p.batch_loss);
        self.train_loss.push(p.train_loss);
        self.val_loss.push(p.val_loss);
        self.train_acc.push(p.train_acc);
        self.val_acc.push(p.val_acc);
        self.grad_norm.extend(p.grad_norm.iter().take(self.layers));
        self.weight_change.extend(p.weight_change.iter().take(self.layers));
    }

    /// Keeps points 0, 2, 4, … and doubles the stride.
    fn halve(&mut self) {
        fn keep_even<T: Copy>(v: &mut Vec<T>, width: usize) {
            let n = v.len() / width.max(1);
            let mut w = 0;
            for i in (0..n).step_by(2) {
                for k in 0..width {
                    v[w * width + k] = v[i * width + k];
                }
                w += 1;
            }
            v.truncate(w * width);
        }
        keep_even(&mut self.step, 1);
        keep_even(&mut self.epoch, 1);
        keep_even(&mut self.lr, 1);
        keep_even(&mut self.batch_loss, 1);
        keep_even(&mut self.train_loss, 1);
        keep_even(&mut self.val_loss, 1);
        keep_even(&mut self.train_acc, 1);
        keep_even(&mut self.val_acc, 1);
        keep_even(&mut self.grad_norm, self.layers);
        keep_even(&mut self.weight_change, self.layers);
        self.stride = self.stride.saturating_mul(2);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn history_stays_bounded_and_spans_the_run() {
        let mut h = History::new(2, 1, 8);
        for t in 0..100u64 {
            if h.wants(t) {
                let g = [t as f64, -(t as f64)];
                h.push(Point {
                    step: t,
                    epoch: 0,
                    lr: 0.1,
                    batch_loss: 1.0,
                    train_loss: 1.0,
                    val_loss: f64::NAN,
                    train_acc: f64::NAN,
                    val_acc: f64::NAN,
                    grad_norm: &g,
                    weight_change: &g,
                });
            }
        }
        assert!(h.len() <= 8);
        assert_eq!(h.step[0], 0);
        assert!(*h.step.last().unwrap_or(&0) >= 100 - h.stride);
        // Steps are multiples of the stride and the per-layer columns stay aligned.
        for (i, &s) in h.step.iter().enumerate() {
            assert_eq!(s % h.stride, 0);
            assert_eq!(h.grad_norm[2 * i], s as f64);
            assert_eq!(h.grad_norm[2 * i + 1], -(s as f64));
        }
    }
}
