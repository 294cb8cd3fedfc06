//! The empirical NTK K = JJᵀ built a block of rows at a time, so that a large Jacobian (N × P with
//! N·P up to a lab's budget) never costs one long task, and the spectrum of a kernel.
//!
//! Each tile is one matrix product K[r₀..r₁, c₀..c₁] = J[r₀..r₁]·J[c₀..c₁]ᵀ by nalgebra's `gemm`,
//! which for matrices this size runs `matrixmultiply`'s cache-blocked f64 kernel over J in place
//! (row-major J is read through strides, never copied). Only tiles on or above the diagonal are
//! computed and mirrored. Measured natively (test profile, opt-level 2, this 2-core machine shared
//! with other builds, load average 5–7): N = 200, P = 9,997 (1-98-98-1; J of 2.0 M entries,
//! 16 MB) — J in 9–14 ms, JJᵀ in 90–145 ms (tiles of 2 M multiply–adds, 2–6 ms each), the
//! eigen-decomposition in 11–16 ms: 110–165 ms in all
//! (`the_jacobian_spectrum_at_n_200_p_10k_is_fast`, ignored: run it by name). The page's wasm
//! is slower (about 2× in this project's other measurements; not measured here).

use nalgebra::{DMatrix, DMatrixView, SymmetricEigen};

use super::jacobian::Spectrum;

/// K = JJᵀ of an N × P Jacobian, tile by tile (only the tiles on or above the diagonal).
#[derive(Clone, Debug)]
pub struct GramBuild {
    n: usize,
    p: usize,
    /// K, N × N (symmetric, so row- and column-major read the same).
    k: Vec<f64>,
    /// Rows and columns of a tile.
    tile: usize,
    /// The tile being computed: its first row and first column.
    row: usize,
    col: usize,
}

impl GramBuild {
    /// A kernel of `n` rows for a Jacobian of `p` columns, nothing computed yet.
    pub fn new(n: usize, p: usize) -> Self {
        GramBuild { n, p, k: vec![0.0; n * n], tile: 8, row: 0, col: 0 }
    }

    /// Computes tiles of K from `j` (N × P, row-major) until about `max_macs` multiply–adds are
    /// spent (at least one tile); true when every tile is done. A tile is T × T with T·T·P close
    /// to `max_macs` (8 ≤ T ≤ 64), so one tile is about one slice's work.
    pub fn advance(&mut self, j: &[f64], max_macs: usize) -> bool {
        let (n, p) = (self.n, self.p);
        if self.row == 0 && self.col == 0 {
            self.tile = ((max_macs / p.max(1)) as f64).sqrt().floor().clamp(8.0, 64.0) as usize;
        }
        let t = self.tile;
        let mut spent = 0usize;
        while self.row < n && (spent == 0 || spent < max_macs) {
            let (r0, c0) = (self.row, self.col.max(self.row));
            let (rb, cb) = (t.min(n - r0), t.min(n - c0));
            // J[r₀..r₀+rb] (rb × P) and J[c₀..c₀+cb]ᵀ (P × cb), views of the row-major J.
            let mut block = DMatrix::<f64>::zeros(rb, cb);
            if rb > GEMM_MIN && cb > GEMM_MIN {
                let top = DMatrixView::from_slice_with_strides(&j[r0 * p..], rb, p, p, 1);
                let right = DMatrixView::from_slice_with_strides(&j[c0 * p..], p, cb, 1, p);
                block.gemm(1.0, &top, &right, 0.0);
            } else {
                // nalgebra's path for thin products (a side ≤ 5) mis-reads these strided views
                // (an out-of-bounds read); plain dot products do instead.
                for r in 0..rb {
                    let a = &j[(r0 + r) * p..(r0 + r + 1) * p];
                    for c in 0..cb {
                        block[(r, c)] = dot(a, &j[(c0 + c) * p..(c0 + c + 1) * p]);
                    }
                }
            }
            for r in 0..rb {
                for c in 0..cb {
                    let v = block[(r, c)];
                    self.k[(r0 + r) * n + (c0 + c)] = v;
                    self.k[(c0 + c) * n + (r0 + r)] = v;
                }
            }
            let cost = rb * cb * p;
            crate::work::add(cost);
            spent += cost;
            self.col = c0 + cb;
            if self.col >= n {
                self.row = r0 + rb;
                self.col = self.row;
            }
        }
        self.row >= n
    }

    /// Rows done, of N.
    pub fn progress(&self) -> (usize, usize) {
        (self.row.min(self.n), self.n)
    }

    /// K (N × N, row-major) as far as built.
    pub fn kernel(&self) -> &[f64] {
        &self.k
    }

    /// The spectrum of the finished kernel.
    pub fn spectrum(&self) -> Spectrum {
        kernel_spectrum(DMatrix::from_row_slice(self.n, self.n, &self.k))
    }
}

/// Below this many rows or columns nalgebra's `gemm` does not call `matrixmultiply`.
const GEMM_MIN: usize = 5;

/// aᵀb with four independent partial sums (which the compiler keeps in SIMD lanes).
pub fn dot(a: &[f64], b: &[f64]) -> f64 {
    let mut acc = [0.0f64; 4];
    let (ca, cb) = (a.chunks_exact(4), b.chunks_exact(4));
    let tail: f64 = ca.remainder().iter().zip(cb.remainder()).map(|(x, y)| x * y).sum();
    for (x, y) in ca.zip(cb) {
        for l in 0..4 {
            acc[l] += x[l] * y[l];
        }
    }
    acc.iter().sum::<f64>() + tail
}

/// The eigen-decomposition of a symmetric positive semi-definite kernel, largest eigenvalue
/// first (negative rounding clamped at 0).
pub fn kernel_spectrum(k: DMatrix<f64>) -> Spectrum {
    let n = k.nrows();
    crate::work::add(n * n * n);
    let eig = SymmetricEigen::new(k);
    let order = crate::order::indices_by(eig.eigenvalues.as_slice(), true);
    let eigenvalues = order.iter().map(|&i| eig.eigenvalues[i].max(0.0)).collect();
    let vectors = DMatrix::from_fn(n, n, |r, c| eig.eigenvectors[(r, order[c])]);
    Spectrum { eigenvalues, vectors }
}
