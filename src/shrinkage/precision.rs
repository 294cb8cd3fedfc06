//! f32 vs f64 for least squares: the normal equations square the condition number.
//!
//! Solving XᵀX w = Xᵀy works with cond(XᵀX) = cond(X)², so its relative error grows like
//! ε·cond(X)²; a solve through the SVD of X itself grows like ε·cond(X) (Golub & Van Loan,
//! "Matrix Computations", §5.3.7–5.3.8). In f32 (ε ≈ 1.2e-7) this is the difference between a
//! usable answer and noise already at cond(X) ≈ 10³.

use nalgebra::{DMatrix, DVector};

use super::direct::normal_equations_in;
use super::error::ShrinkError;
use super::float::LabFloat;
use super::svd::{check_problem, svd};

/// Relative errors ‖w − w_ref‖/‖w_ref‖ of several least-squares routes against the f64 SVD
/// (minimum-norm) solution w_ref. `None` means the route failed (XᵀX singular at that precision).
#[derive(Clone, Debug, PartialEq)]
pub struct PrecisionReport {
    /// cond(X) = s_max/s_min (∞ if rank-deficient).
    pub condition_number: f64,
    /// Normal equations solved in f64.
    pub normal_f64: Option<f64>,
    /// Normal equations solved in f32.
    pub normal_f32: Option<f64>,
    /// Pseudo-inverse through QR and nalgebra's SVD, computed in f32.
    pub svd_f32: Option<f64>,
}

/// The minimum-norm least-squares solution computed entirely in precision `T` through the SVD
/// (singular values ≤ max(N, p)·ε_T·s_max treated as zero). A tall X is first reduced by a QR
/// factorisation in `T` (X = QR, then the SVD of the p × p triangle R, as LAPACK's least-squares
/// drivers do), which costs about N·p² instead of a full SVD of the N × p matrix.
pub fn least_squares_svd_in<T: LabFloat>(x: &DMatrix<f64>, y: &[f64]) -> Result<Vec<f64>, ShrinkError> {
    check_problem(x, y)?;
    let xt: DMatrix<T> = x.map(T::narrow);
    let mut yt = DVector::from_iterator(y.len(), y.iter().map(|&v| T::narrow(v)));
    let (a, rhs) = if xt.nrows() > xt.ncols() {
        let p = xt.ncols();
        let qr = xt.qr();
        qr.q_tr_mul(&mut yt);
        (qr.r(), yt.rows(0, p).into_owned())
    } else {
        (xt, yt)
    };
    let d = nalgebra::linalg::SVD::try_new(a, true, true, T::default_epsilon(), 10_000).ok_or_else(|| {
        ShrinkError::Numerical(format!("the {} SVD of X did not converge", T::NAME))
    })?;
    let (u, vt) = match (d.u, d.v_t) {
        (Some(u), Some(vt)) => (u, vt),
        _ => return Err(ShrinkError::Numerical(format!("the {} SVD of X did not converge", T::NAME))),
    };
    let s = &d.singular_values;
    let s_max = s.iter().fold(T::zero(), |m, &v| if v > m { v } else { m });
    let tol = T::narrow(x.nrows().max(x.ncols()) as f64 * T::MACHINE_EPSILON) * s_max;
    let uty = u.tr_mul(&rhs);
    let mut c = DVector::<T>::zeros(s.len());
    for i in 0..s.len() {
        if s[i] > tol {
            c[i] = uty[i] / s[i];
        }
    }
    Ok(vt.tr_mul(&c).iter().map(|v| v.widen()).collect())
}

/// The least-squares routes compared against the f64 SVD, in the order [`route_error`] numbers
/// them; a time-sliced caller computes one per call.
pub const ROUTES: usize = 3;

/// Relative error ‖w − w_ref‖/‖w_ref‖ of route `k` (0: normal equations in f64, 1: normal
/// equations in f32, 2: SVD in f32) against the reference solution `reference`; `None` if the
/// route failed. Each call costs about N·p² multiply–adds (counted in [`crate::work`]).
pub fn route_error(x: &DMatrix<f64>, y: &[f64], reference: &[f64], k: usize) -> Option<f64> {
    let (n, p) = x.shape();
    crate::work::add(n * p * p + p * p * p);
    let w = match k {
        0 => normal_equations_in::<f64>(x, y, 0.0),
        1 => normal_equations_in::<f32>(x, y, 0.0),
        _ => least_squares_svd_in::<f32>(x, y),
    }
    .ok()?;
    let norm = reference.iter().map(|v| v * v).sum::<f64>().sqrt();
    let e = w.iter().zip(reference).map(|(a, b)| (a - b) * (a - b)).sum::<f64>().sqrt();
    Some(if norm > 0.0 { e / norm } else { e })
}

impl PrecisionReport {
    /// The report from cond(X) and the [`ROUTES`] errors of [`route_error`].
    pub fn from_routes(condition_number: f64, errors: &[Option<f64>; ROUTES]) -> PrecisionReport {
        PrecisionReport { condition_number, normal_f64: errors[0], normal_f32: errors[1], svd_f32: errors[2] }
    }
}

/// Compares the normal equations in f64 and f32, and the SVD in f32, against the f64 SVD.
pub fn precision_report(x: &DMatrix<f64>, y: &[f64]) -> Result<PrecisionReport, ShrinkError> {
    let d = svd(x, y)?;
    let reference = d.solve_filtered(|_| 1.0);
    let errors = [0, 1, 2].map(|k| route_error(x, y, &reference, k));
    Ok(PrecisionReport::from_routes(d.condition_number(), &errors))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normal_equations_square_the_condition_number() {
        // X = U diag(s) Vᵀ, s log-spaced from 1 to 10⁻³ (cond(X) = 10³, cond(XᵀX) = 10⁶), and a
        // consistent y = X w_true. Bounds: f64 normal ≲ ε₆₄·10⁶ ≈ 2e-10; f32 SVD ≲ ε₃₂·10³ ≈ 1e-4;
        // f32 normal ≲ ε₃₂·10⁶ ≈ 0.1. Observed (seed 21): 1.5e-11, 4.5e-6 and 3.8e-3 — the f32
        // normal equations lose a factor ≈ 850 ≈ cond(X) against the f32 SVD, as the theory says.
        let (n, p) = (50, 8);
        let mut r = crate::rng::seeded(21);
        let u = DMatrix::from_fn(n, p, |_, _| crate::rng::normal(&mut r)).qr().q();
        let v = DMatrix::from_fn(p, p, |_, _| crate::rng::normal(&mut r)).qr().q();
        let s: Vec<f64> = (0..p).map(|k| 10f64.powf(-3.0 * k as f64 / (p - 1) as f64)).collect();
        let x = &u * DMatrix::from_diagonal(&DVector::from_vec(s)) * v.transpose();
        let w_true = DVector::from_fn(p, |_, _| crate::rng::normal(&mut r));
        let y: Vec<f64> = (&x * w_true).iter().copied().collect();
        let rep = precision_report(&x, &y).unwrap();
        assert!((rep.condition_number / 1e3 - 1.0).abs() < 1e-8);
        let n64 = rep.normal_f64.unwrap();
        let s32 = rep.svd_f32.unwrap();
        assert!(n64 < 1e-8, "f64 normal equations: {n64}");
        assert!(s32 < 1e-2, "f32 SVD: {s32}");
        // f32 normal equations either fail outright or are far worse than the f32 SVD.
        if let Some(n32) = rep.normal_f32 {
            assert!(n32 > 100.0 * s32, "f32 normal {n32} vs f32 SVD {s32}");
        }
    }
}
