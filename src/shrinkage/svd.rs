//! The thin SVD X = U diag(s) Vᵀ, and solving least squares through a filter on s.
//!
//! Lecture 001: every estimator of the lab is w = V diag(ŝ⁻¹) Uᵀy with ŝ⁻¹ = φ(s)/s, where the
//! filter factor φ(s) is 1 for least squares, s²/(s²+λ) for ridge, the mask [s ≥ κ] for PCA and
//! 1 − (1 − αs²)^q for q steps of gradient descent (see [`super::filters`]).

use nalgebra::DMatrix;

use super::error::ShrinkError;

/// Iteration cap handed to nalgebra's SVD so it can never loop forever.
const SVD_MAX_ITERATIONS: usize = 10_000;

/// A thin SVD of the training design matrix with Uᵀy cached, so any filtered solution costs
/// O(p·r) and any training error O(r).
///
/// U itself (N × r) is not stored: everything the lab needs from it is Uᵀy, and forming it
/// would double the cost for tall X. [`Svd::left_vectors`] rebuilds it on demand.
#[derive(Clone, Debug)]
pub struct Svd {
    /// Singular values s₁ ≥ s₂ ≥ … ≥ s_r ≥ 0.
    pub s: Vec<f64>,
    /// Right singular vectors, p × r (orthonormal columns).
    pub v: DMatrix<f64>,
    /// Uᵀy, the coordinates of the targets along each left singular vector.
    pub uty: Vec<f64>,
    /// ‖y − U Uᵀy‖², the part of ‖y‖² no linear model in the column space of X can fit.
    pub residual_floor: f64,
    /// Number of rows N of X (training points).
    pub rows: usize,
}

/// Checks that X and y fit together and hold only finite numbers.
pub(crate) fn check_problem(x: &DMatrix<f64>, y: &[f64]) -> Result<(), ShrinkError> {
    if x.nrows() == 0 || x.ncols() == 0 {
        return Err(ShrinkError::Shape(format!(
            "the design matrix X is {}×{}; it needs at least one row (training point) and one column (feature)",
            x.nrows(),
            x.ncols()
        )));
    }
    if x.nrows() != y.len() {
        return Err(ShrinkError::Shape(format!(
            "X has {} rows but y has {} entries; they must match",
            x.nrows(),
            y.len()
        )));
    }
    if x.iter().chain(y).any(|v| !v.is_finite()) {
        return Err(ShrinkError::Numerical(
            "X or y contains NaN or infinity; every value must be a finite number".into(),
        ));
    }
    Ok(())
}

/// The thin SVD of X (N × p) with Uᵀy cached.
///
/// Route: when N ≥ p, X is first reduced by a QR decomposition X = QR and the small p × p
/// factor is decomposed, R = U_R diag(s) Vᵀ, so X = (Q U_R) diag(s) Vᵀ and Uᵀy = U_Rᵀ(Qᵀy), with
/// Qᵀy applied as Householder reflections (Q is never formed). When p > N nalgebra's SVD is
/// applied to X directly. Natively (N = 2000, p = 200) this route is about 3–5× faster than the
/// direct SVD with U (see the ignored `timing` test). Both are nalgebra decompositions (Golub–Kahan
/// bidiagonalisation + implicit QR; see Golub & Van Loan, "Matrix Computations", §5.4.5 and §8.6
/// for the R-SVD). Errors on a shape mismatch, non-finite entries, or if the SVD does not converge.
pub fn svd(x: &DMatrix<f64>, y: &[f64]) -> Result<Svd, ShrinkError> {
    check_problem(x, y)?;
    // QR (about N·p·r) and the SVD of the r × r factor (about 6r³, measured against the QR).
    let r = x.nrows().min(x.ncols());
    crate::work::add(x.nrows() * x.ncols() * r + 6 * r * r * r);
    if x.nrows() >= x.ncols() {
        // X = QR; Qᵀy (full, N entries) by Householder reflections without forming Q.
        let qr = x.clone().qr();
        let mut qty = nalgebra::DVector::from_column_slice(y);
        qr.q_tr_mul(&mut qty);
        let p = x.ncols();
        let residual_floor = qty.rows(p, x.nrows() - p).norm_squared();
        let (ur, s, v) = svd_direct(&qr.r())?;
        let uty = ur.tr_mul(&qty.rows(0, p)).iter().copied().collect();
        Ok(Svd { s, v, uty, residual_floor, rows: x.nrows() })
    } else {
        let (u, s, v) = svd_direct(x)?;
        Ok(Svd::from_parts(&u, s, v, y))
    }
}

/// nalgebra's SVD of X itself: returns (U, s, V) with s descending.
pub fn svd_direct(x: &DMatrix<f64>) -> Result<(DMatrix<f64>, Vec<f64>, DMatrix<f64>), ShrinkError> {
    let d = nalgebra::linalg::SVD::try_new(x.clone(), true, true, f64::EPSILON, SVD_MAX_ITERATIONS)
        .ok_or_else(not_converged)?;
    match (d.u, d.v_t) {
        (Some(u), Some(vt)) => Ok((u, d.singular_values.iter().copied().collect(), vt.transpose())),
        _ => Err(not_converged()),
    }
}

/// QR first, then nalgebra's SVD of the small triangular factor R: returns (U, s, V).
pub fn svd_via_qr(x: &DMatrix<f64>) -> Result<(DMatrix<f64>, Vec<f64>, DMatrix<f64>), ShrinkError> {
    let qr = x.clone().qr();
    let q = qr.q();
    let r = qr.r();
    let (ur, s, v) = svd_direct(&r)?;
    Ok((q * ur, s, v))
}

fn not_converged() -> ShrinkError {
    ShrinkError::Numerical("the SVD of X did not converge; try fewer features or rescale the data".into())
}

impl Svd {
    /// Assembles an SVD from its factors and caches Uᵀy and the residual floor ‖y − UUᵀy‖².
    pub fn from_parts(u: &DMatrix<f64>, s: Vec<f64>, v: DMatrix<f64>, y: &[f64]) -> Svd {
        let r = s.len();
        let mut uty = vec![0.0; r];
        for (i, c) in uty.iter_mut().enumerate() {
            *c = u.column(i).iter().zip(y).map(|(a, b)| a * b).sum();
        }
        let mut floor = 0.0;
        for (n, &yn) in y.iter().enumerate() {
            let fit: f64 = (0..r).map(|i| u[(n, i)] * uty[i]).sum();
            floor += (yn - fit) * (yn - fit);
        }
        Svd { s, v, uty, residual_floor: floor, rows: y.len() }
    }

    /// The left singular vectors U = X V diag(1/s) (N × r) of the matrix X this SVD was computed
    /// from; columns with s ≤ [`Svd::tolerance`] are left zero.
    pub fn left_vectors(&self, x: &DMatrix<f64>) -> DMatrix<f64> {
        let tol = self.tolerance();
        let mut u = if x.ncols() == self.v.nrows() { x * &self.v } else { DMatrix::zeros(x.nrows(), self.s.len()) };
        for (i, &s) in self.s.iter().enumerate() {
            let scale = if s > tol { 1.0 / s } else { 0.0 };
            u.column_mut(i).scale_mut(scale);
        }
        u
    }

    /// Number of features p (rows of V).
    pub fn features(&self) -> usize {
        self.v.nrows()
    }

    /// Largest singular value s_max (0 for an empty decomposition).
    pub fn s_max(&self) -> f64 {
        self.s.first().copied().unwrap_or(0.0)
    }

    /// Singular values at or below this are treated as exact zeros:
    /// tol = max(N, p) · ε · s_max, the convention of LAPACK / NumPy's `matrix_rank` and `pinv`.
    pub fn tolerance(&self) -> f64 {
        self.rows.max(self.features()) as f64 * f64::EPSILON * self.s_max()
    }

    /// Numerical rank: the number of singular values above [`Svd::tolerance`].
    pub fn rank(&self) -> usize {
        let tol = self.tolerance();
        self.s.iter().filter(|&&s| s > tol).count()
    }

    /// Condition number s_max / s_min of X over its min(N, p) singular values
    /// (∞ if some singular value is at or below [`Svd::tolerance`]).
    pub fn condition_number(&self) -> f64 {
        match self.s.last() {
            Some(&s_min) if self.rank() == self.s.len() => self.s_max() / s_min,
            _ => f64::INFINITY,
        }
    }

    /// Spectral coefficients cᵢ = φ(sᵢ)/sᵢ · uᵢᵀy, so that w = Σᵢ cᵢ vᵢ. Directions with
    /// sᵢ ≤ [`Svd::tolerance`] get cᵢ = 0 (φ(0) = 0: they carry no information about y).
    pub fn coefficients(&self, filter: impl Fn(f64) -> f64) -> Vec<f64> {
        let tol = self.tolerance();
        self.s
            .iter()
            .zip(&self.uty)
            .map(|(&s, &c)| if s > tol { filter(s) / s * c } else { 0.0 })
            .collect()
    }

    /// The filtered solution w = V diag(φ(s)/s) Uᵀy (lecture 001, "closed form solution").
    pub fn solve_filtered(&self, filter: impl Fn(f64) -> f64) -> Vec<f64> {
        self.weights_from_coefficients(&self.coefficients(filter))
    }

    /// w = V c for spectral coefficients c.
    pub fn weights_from_coefficients(&self, c: &[f64]) -> Vec<f64> {
        let p = self.features();
        let mut w = vec![0.0; p];
        for (i, &ci) in c.iter().enumerate().take(self.v.ncols()) {
            if ci != 0.0 {
                for (wj, vj) in w.iter_mut().zip(self.v.column(i).iter()) {
                    *wj += ci * vj;
                }
            }
        }
        w
    }

    /// Training sum of squares ‖y − Xw‖² of the filtered solution, in O(r):
    /// ‖y − UUᵀy‖² + Σᵢ (1 − φᵢ)² (uᵢᵀy)² (φᵢ = 0 for directions below the tolerance).
    pub fn training_sse(&self, filter: impl Fn(f64) -> f64) -> f64 {
        let tol = self.tolerance();
        let fitted: f64 = self
            .s
            .iter()
            .zip(&self.uty)
            .map(|(&s, &c)| {
                let phi = if s > tol { filter(s) } else { 0.0 };
                (1.0 - phi) * (1.0 - phi) * c * c
            })
            .sum();
        self.residual_floor + fitted
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tall(n: usize, p: usize, seed: u64) -> DMatrix<f64> {
        let mut r = crate::rng::seeded(seed);
        DMatrix::from_fn(n, p, |_, _| crate::rng::normal(&mut r))
    }

    #[test]
    fn both_routes_reconstruct_x() {
        for (n, p) in [(50, 8), (8, 50), (20, 20)] {
            let x = tall(n, p, 4);
            for (u, s, v) in [svd_direct(&x).unwrap(), svd_via_qr(&x).unwrap()] {
                assert!(s.windows(2).all(|w| w[0] >= w[1]));
                let back = &u * DMatrix::from_diagonal(&nalgebra::DVector::from_vec(s.clone())) * v.transpose();
                assert!((back - &x).norm() < 1e-12 * x.norm(), "{n}x{p}");
            }
        }
    }

    #[test]
    fn cached_uty_and_left_vectors_agree_with_explicit_u() {
        for (n, p) in [(50, 8), (8, 50)] {
            let x = tall(n, p, 6);
            let y: Vec<f64> = (0..n).map(|i| (0.3 * i as f64).cos()).collect();
            let d = svd(&x, &y).unwrap();
            let u = d.left_vectors(&x);
            assert!((u.tr_mul(&u) - DMatrix::identity(d.s.len(), d.s.len())).norm() < 1e-12);
            let uty = u.tr_mul(&nalgebra::DVector::from_column_slice(&y));
            for (a, b) in uty.iter().zip(&d.uty) {
                assert!((a - b).abs() < 1e-12);
            }
            let yv = nalgebra::DVector::from_column_slice(&y);
            let floor = (&yv - &u * &uty).norm_squared();
            assert!((floor - d.residual_floor).abs() < 1e-12 * yv.norm_squared());
        }
    }

    #[test]
    fn rejects_bad_shapes_and_values() {
        let x = tall(5, 2, 1);
        assert!(svd(&x, &[1.0; 4]).unwrap_err().to_string().contains("X has 5 rows but y has 4"));
        let mut bad = x.clone();
        bad[(0, 0)] = f64::NAN;
        assert!(svd(&bad, &[1.0; 5]).is_err());
        assert!(svd(&DMatrix::zeros(0, 3), &[]).is_err());
    }

    #[test]
    fn training_sse_matches_direct_residual() {
        let x = tall(30, 6, 2);
        let y: Vec<f64> = (0..30).map(|i| (i as f64).sin()).collect();
        let d = svd(&x, &y).unwrap();
        let f = |s: f64| s * s / (s * s + 0.7);
        let w = d.solve_filtered(f);
        let r = &x * nalgebra::DVector::from_vec(w) - nalgebra::DVector::from_vec(y);
        assert!((d.training_sse(f) - r.norm_squared()).abs() < 1e-10 * r.norm_squared());
    }
}

#[cfg(test)]
mod timing {
    use super::*;

    /// Native timing of both SVD routes for N = 2000, p = 200 (run with `--ignored --nocapture`).
    /// Printed, never asserted (timings are not test outcomes).
    #[test]
    #[ignore]
    fn time_svd_2000_by_200() {
        let (n, p) = (2000, 200);
        let mut r = crate::rng::seeded(1);
        let x = DMatrix::from_fn(n, p, |_, _| crate::rng::normal(&mut r));
        let y: Vec<f64> = (0..n).map(|_| crate::rng::normal(&mut r)).collect();
        for round in 0..2 {
            let t = std::time::Instant::now();
            let a = svd_direct(&x).map(|d| d.1.len());
            let direct = t.elapsed();
            let t = std::time::Instant::now();
            let b = svd_via_qr(&x).map(|d| d.1.len());
            let via_qr = t.elapsed();
            let t = std::time::Instant::now();
            let c = svd(&x, &y).map(|d| d.rank()); // QR, Qᵀy, SVD of R; no U
            let full = t.elapsed();
            let t = std::time::Instant::now();
            let qr = x.clone().qr();
            let t_qr = t.elapsed();
            let r_factor = qr.r();
            let t = std::time::Instant::now();
            let e = svd_direct(&r_factor).map(|d| d.1.len());
            let t_r = t.elapsed();
            println!("round {round}: QR alone {t_qr:?}, SVD of 200×200 R {t_r:?} ({e:?})");
            println!("round {round}: direct {direct:?}, QR then SVD {via_qr:?}, svd() incl. Uᵀy {full:?} ({a:?} {b:?} {c:?})");
        }
    }
}
