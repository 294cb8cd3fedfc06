//! A network's first-order Taylor model at its initial weights, trained by gradient descent.

use super::jacobian::{jacobian, ntk_spectrum, Spectrum};
use crate::mlp::{MlpError, Network, Workspace};

/// f_lin(x; w) = f(x; w₀) + J(w₀)(w − w₀) on a fixed set of training inputs: a linear model in the
/// parameters w whose feature rows are the network's Jacobian at w₀.
#[derive(Clone, Debug)]
pub struct Linearised {
    /// f(xᵢ; w₀) for each training input.
    pub f0: Vec<f64>,
    /// J(w₀), N × P row-major.
    pub j: Vec<f64>,
    /// The initial weights w₀.
    pub w0: Vec<f64>,
    /// The current weights w.
    pub w: Vec<f64>,
    /// N training inputs.
    pub n: usize,
}

impl Linearised {
    /// The linearisation of `net` (one output) at its current weights on the `n` inputs `x`.
    pub fn at(net: &Network, x: &[f64], n: usize) -> Result<Self, MlpError> {
        let j = jacobian(net, x, n)?;
        let f0 = net.forward(&mut Workspace::new(), x, n)?.to_vec();
        let w0 = net.params().to_vec();
        Ok(Linearised { f0, j, w: w0.clone(), w0, n })
    }

    /// Number of parameters P.
    pub fn params(&self) -> usize {
        self.w0.len()
    }

    /// f_lin at the training inputs for the current weights.
    pub fn outputs(&self) -> Vec<f64> {
        let p = self.params();
        let dw: Vec<f64> = self.w.iter().zip(&self.w0).map(|(w, w0)| w - w0).collect();
        crate::work::add(self.n * p);
        (0..self.n).map(|i| self.f0[i] + super::gram::dot(&self.j[i * p..(i + 1) * p], &dw)).collect()
    }

    /// Mean squared error (1/N)‖f_lin − y‖² and its gradient (2/N) Jᵀ(f_lin − y) in `grad`.
    pub fn loss_and_grad(&self, y: &[f64], grad: &mut [f64]) -> f64 {
        let p = self.params();
        let r: Vec<f64> = self.outputs().iter().zip(y).map(|(f, y)| f - y).collect();
        grad.iter_mut().for_each(|g| *g = 0.0);
        let scale = 2.0 / self.n as f64;
        crate::work::add(self.n * p);
        for (i, ri) in r.iter().enumerate() {
            let c = scale * ri;
            for (g, j) in grad.iter_mut().zip(&self.j[i * p..(i + 1) * p]) {
                *g += c * j;
            }
        }
        r.iter().map(|v| v * v).sum::<f64>() / self.n as f64
    }

    /// One plain gradient-descent step w ← w − α ∇L on targets `y`; returns the loss before it.
    pub fn gd_step(&mut self, y: &[f64], alpha: f64) -> f64 {
        let mut g = vec![0.0; self.params()];
        let loss = self.loss_and_grad(y, &mut g);
        for (w, g) in self.w.iter_mut().zip(&g) {
            *w -= alpha * g;
        }
        loss
    }

    /// The spectrum of the NTK K = JJᵀ at w₀.
    pub fn spectrum(&self) -> Spectrum {
        ntk_spectrum(&self.j, self.n)
    }

    /// The training residual f_lin − y after `q` gradient-descent steps of size `alpha` from w₀, in
    /// closed form: along each eigenvector u of K with eigenvalue s² the initial residual's
    /// component is multiplied by (1 − 2αs²/N)^q — the GD filter of lecture 001 on the NTK.
    pub fn predicted_residual(&self, spectrum: &Spectrum, y: &[f64], alpha: f64, q: u32) -> Vec<f64> {
        let n = self.n;
        let r0: Vec<f64> = self.f0.iter().zip(y).map(|(f, y)| f - y).collect();
        let mut out = vec![0.0; n];
        for (c, &lambda) in spectrum.eigenvalues.iter().enumerate() {
            let u = spectrum.vectors.column(c);
            let coef: f64 = u.iter().zip(&r0).map(|(u, r)| u * r).sum();
            let factor = (1.0 - 2.0 * alpha * lambda / n as f64).powi(q as i32);
            for (o, ui) in out.iter_mut().zip(u.iter()) {
                *o += factor * coef * ui;
            }
        }
        out
    }
}
