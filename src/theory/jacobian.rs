//! The Jacobian of a one-output network with respect to its parameters, by back-propagation per
//! example, and the spectrum of the empirical NTK K = JJᵀ.

use nalgebra::DMatrix;

use crate::mlp::{MlpError, Network};

/// J (N × P, row-major): row i is ∂f(xᵢ; w)/∂w for the `n` inputs `x` (n × n_in, example-major),
/// in the order of [`Network::params`]. The network must have one output.
///
/// Back-propagation from the output (lecture 004) with δ_L = ∂f/∂z_L = 1 for each example:
/// ∂f/∂W_l = δ_l a_{l−1}ᵀ, ∂f/∂b_l = δ_l, δ_{l−1} = (W_lᵀ δ_l) ⊙ σ'(z_{l−1}). With skip connections
/// ([`Network::skips`]: a_l = a_{l−1} + σ(z_l)) ∂f/∂a_{l−1} also receives ∂f/∂a_l.
pub fn jacobian(net: &Network, x: &[f64], n: usize) -> Result<Vec<f64>, MlpError> {
    if net.outputs() != 1 {
        return Err(MlpError::Shape(format!("a Jacobian row per example needs one output (this network has {})", net.outputs())));
    }
    let d = net.inputs();
    if x.len() < n * d {
        return Err(MlpError::Shape(format!("expected {} input numbers for {n} examples, got {}", n * d, x.len())));
    }
    let p = net.params().len();
    let mut out = vec![0.0; n * p];
    let layers = net.layers();
    let act = net.activation();
    let last = layers.len() - 1;
    // Pre-activations z_l and activations a_l of one example (a_{-1} = x).
    let mut z: Vec<Vec<f64>> = layers.iter().map(|s| vec![0.0; s.fan_out]).collect();
    let mut a: Vec<Vec<f64>> = layers.iter().map(|s| vec![0.0; s.fan_out]).collect();
    for (i, row) in out.chunks_exact_mut(p).enumerate() {
        let xi = &x[i * d..(i + 1) * d];
        for (l, s) in layers.iter().enumerate() {
            let w = &net.params()[s.w_range()];
            let b = &net.params()[s.b_range()];
            let input: &[f64] = if l == 0 { xi } else { &a[l - 1] };
            for o in 0..s.fan_out {
                let wr = &w[o * s.fan_in..(o + 1) * s.fan_in];
                z[l][o] = b[o] + wr.iter().zip(input).map(|(w, v)| w * v).sum::<f64>();
            }
            for o in 0..s.fan_out {
                a[l][o] = if l == last { z[l][o] } else { act.apply(z[l][o]) };
            }
            if net.skips(l) {
                let (before, rest) = a.split_at_mut(l);
                rest[0].iter_mut().zip(&before[l - 1]).for_each(|(a, &p)| *a += p);
            }
        }
        let mut delta = vec![1.0];
        // ∂f/∂a_l of the layer just processed, kept while a skip carries it further down.
        let mut above: Vec<f64> = Vec::new();
        for l in (0..layers.len()).rev() {
            let s = layers[l];
            let input: &[f64] = if l == 0 { xi } else { &a[l - 1] };
            for o in 0..s.fan_out {
                row[s.b_offset + o] = delta[o];
                for k in 0..s.fan_in {
                    row[s.w_offset + o * s.fan_in + k] = delta[o] * input[k];
                }
            }
            if l > 0 {
                let w = &net.params()[s.w_range()];
                let mut back = vec![0.0; s.fan_in];
                for o in 0..s.fan_out {
                    for k in 0..s.fan_in {
                        back[k] += w[o * s.fan_in + k] * delta[o];
                    }
                }
                if net.skips(l) {
                    back.iter_mut().zip(&above).for_each(|(g, &u)| *g += u);
                }
                if net.skips(l - 1) {
                    above.clone_from(&back);
                }
                for (k, g) in back.iter_mut().enumerate() {
                    // σ'(z) from σ(z), which a_{l−1} is not when it also carries its input.
                    let s = if net.skips(l - 1) { act.apply(z[l - 1][k]) } else { a[l - 1][k] };
                    *g *= act.derivative(z[l - 1][k], s);
                }
                delta = back;
            }
        }
    }
    Ok(out)
}

/// The eigen-decomposition of K = JJᵀ (N × N): its eigenvalues s² (the squared singular values of
/// J), largest first, and the matching orthonormal eigenvectors (columns).
#[derive(Clone, Debug)]
pub struct Spectrum {
    /// Eigenvalues of K, largest first (clamped at 0: K is positive semi-definite).
    pub eigenvalues: Vec<f64>,
    /// Eigenvectors of K as the columns of an N × N matrix, in the same order.
    pub vectors: DMatrix<f64>,
}

impl Spectrum {
    /// Singular values s of J, largest first.
    pub fn singular_values(&self) -> Vec<f64> {
        self.eigenvalues.iter().map(|e| e.sqrt()).collect()
    }
    /// Condition number s_max / s_min over the singular values above `tol`·s_max (∞ if none).
    pub fn condition(&self, tol: f64) -> f64 {
        let s = self.singular_values();
        let top = s.first().copied().unwrap_or(0.0);
        match s.iter().rev().find(|&&v| v > tol * top) {
            Some(&low) if top > 0.0 => top / low,
            _ => f64::INFINITY,
        }
    }
}

/// The spectrum of the empirical NTK K = JJᵀ of the N × P Jacobian `j` (row-major).
pub fn ntk_spectrum(j: &[f64], n: usize) -> Spectrum {
    let p = if n == 0 { 0 } else { j.len() / n };
    let jm = DMatrix::from_row_slice(n, p, &j[..n * p]);
    super::gram::kernel_spectrum(&jm * jm.transpose())
}
