//! The empirical NTK K = JJᵀ built a few rows at a time, so that a large Jacobian (N × P with
//! N·P up to a lab's budget) never costs one long task, and the spectrum of a kernel.

use nalgebra::{DMatrix, SymmetricEigen};

use super::jacobian::Spectrum;

/// K = JJᵀ of an N × P Jacobian, row block by row block (only the upper triangle is computed).
#[derive(Clone, Debug)]
pub struct GramBuild {
    n: usize,
    p: usize,
    k: Vec<f64>,
    row: usize,
}

impl GramBuild {
    /// A kernel of `n` rows for a Jacobian of `p` columns, nothing computed yet.
    pub fn new(n: usize, p: usize) -> Self {
        GramBuild { n, p, k: vec![0.0; n * n], row: 0 }
    }

    /// Computes rows of K from `j` (N × P, row-major) until about `max_macs` multiply–adds are
    /// spent (at least one row); true when every row is done.
    pub fn advance(&mut self, j: &[f64], max_macs: usize) -> bool {
        let (n, p) = (self.n, self.p);
        let mut spent = 0usize;
        while self.row < n && (spent == 0 || spent < max_macs) {
            let i = self.row;
            let ri = &j[i * p..(i + 1) * p];
            for c in i..n {
                let v: f64 = ri.iter().zip(&j[c * p..(c + 1) * p]).map(|(a, b)| a * b).sum();
                self.k[i * n + c] = v;
                self.k[c * n + i] = v;
            }
            let cost = (n - i) * p;
            crate::work::add(cost);
            spent += cost;
            self.row += 1;
        }
        self.row == n
    }

    /// Rows done, of N.
    pub fn progress(&self) -> (usize, usize) {
        (self.row, self.n)
    }

    /// The spectrum of the finished kernel.
    pub fn spectrum(&self) -> Spectrum {
        kernel_spectrum(DMatrix::from_row_slice(self.n, self.n, &self.k))
    }
}

/// The eigen-decomposition of a symmetric positive semi-definite kernel, largest eigenvalue
/// first (negative rounding clamped at 0).
pub fn kernel_spectrum(k: DMatrix<f64>) -> Spectrum {
    let n = k.nrows();
    let eig = SymmetricEigen::new(k);
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by(|&a, &b| eig.eigenvalues[b].total_cmp(&eig.eigenvalues[a]));
    let eigenvalues = order.iter().map(|&i| eig.eigenvalues[i].max(0.0)).collect();
    let vectors = DMatrix::from_fn(n, n, |r, c| eig.eigenvectors[(r, order[c])]);
    Spectrum { eigenvalues, vectors }
}
