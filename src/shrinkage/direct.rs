//! Closed-form solvers: least squares by the normal equations, minimum-norm least squares, ridge.
//!
//! Lecture 001: w = (XᵀX)⁻¹Xᵀy ("closed form"), and for ridge w = (XᵀX + λI)⁻¹Xᵀy.

use nalgebra::{DMatrix, DVector};

use super::error::{invalid, ShrinkError};
use super::float::LabFloat;
use super::svd::{check_problem, Svd};

/// Least squares through the normal equations (XᵀX) w = Xᵀy in f64 (lecture 001, "closed form").
/// Errors when XᵀX is singular to working precision (e.g. p > N or duplicated features).
pub fn least_squares_normal(x: &DMatrix<f64>, y: &[f64]) -> Result<Vec<f64>, ShrinkError> {
    normal_equations_in::<f64>(x, y, 0.0)
}

/// Ridge regression w = (XᵀX + λI)⁻¹Xᵀy, λ > 0 (lecture 001, "ridge regression – closed form"),
/// solved by a Cholesky factorisation in f64.
pub fn ridge_closed_form(x: &DMatrix<f64>, y: &[f64], lambda: f64) -> Result<Vec<f64>, ShrinkError> {
    if !(lambda.is_finite() && lambda > 0.0) {
        return Err(invalid(format!("ridge λ must be a finite number > 0 (got {lambda})")));
    }
    normal_equations_in::<f64>(x, y, lambda)
}

/// The minimum-norm least-squares solution w = V diag(1/s) Uᵀy (the pseudo-inverse X⁺y), with
/// singular values below [`Svd::tolerance`] treated as zero. Defined even when XᵀX is singular.
pub fn least_squares_min_norm(svd: &Svd) -> Vec<f64> {
    svd.solve_filtered(|_| 1.0)
}

/// Solves (XᵀX + λI) w = Xᵀy entirely in precision `T`: X and y are rounded to `T`, the Gram
/// matrix XᵀX is formed and Cholesky-factorised in `T`. The condition number of XᵀX is the
/// square of that of X, so the relative error grows like ε_T·cond(X)² — the reason the lab
/// prefers the SVD. Errors if XᵀX + λI is singular to precision `T`
/// (smallest pivot² ≤ ε_T · largest diagonal entry).
pub fn normal_equations_in<T: LabFloat>(
    x: &DMatrix<f64>,
    y: &[f64],
    lambda: f64,
) -> Result<Vec<f64>, ShrinkError> {
    check_problem(x, y)?;
    let xt: DMatrix<T> = x.map(T::narrow);
    let yt: DVector<T> = DVector::from_iterator(y.len(), y.iter().map(|&v| T::narrow(v)));
    let mut gram = xt.tr_mul(&xt);
    let lam = T::narrow(lambda);
    for i in 0..gram.nrows() {
        gram[(i, i)] += lam;
    }
    let rhs = xt.tr_mul(&yt);
    let max_diag = (0..gram.nrows()).map(|i| gram[(i, i)].widen()).fold(0.0, f64::max);
    let singular = || {
        ShrinkError::Numerical(format!(
            "XᵀX{} is singular in {} (p = {} features but only {} independent directions can be \
             resolved); use the SVD, ridge (λ > 0) or fewer features",
            if lambda > 0.0 { " + λI" } else { "" },
            T::NAME,
            x.ncols(),
            if x.ncols() > x.nrows() { format!("at most N = {}", x.nrows()) } else { "fewer".into() }
        ))
    };
    let chol = nalgebra::Cholesky::new(gram).ok_or_else(singular)?;
    let l = chol.l_dirty();
    let min_pivot = (0..l.nrows()).map(|i| l[(i, i)].widen()).fold(f64::INFINITY, f64::min);
    if !(min_pivot * min_pivot > T::MACHINE_EPSILON * max_diag) {
        return Err(singular());
    }
    let w = chol.solve(&rhs);
    let out: Vec<f64> = w.iter().map(|v| v.widen()).collect();
    if out.iter().any(|v| !v.is_finite()) {
        return Err(singular());
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::super::svd::svd;
    use super::*;

    fn rel(a: &[f64], b: &[f64]) -> f64 {
        let d: f64 = a.iter().zip(b).map(|(x, y)| (x - y) * (x - y)).sum::<f64>().sqrt();
        let n: f64 = b.iter().map(|y| y * y).sum::<f64>().sqrt();
        d / n
    }

    fn random(n: usize, p: usize, seed: u64) -> (DMatrix<f64>, Vec<f64>) {
        let mut r = crate::rng::seeded(seed);
        let x = DMatrix::from_fn(n, p, |_, _| crate::rng::normal(&mut r));
        let y = (0..n).map(|_| crate::rng::normal(&mut r)).collect();
        (x, y)
    }

    #[test]
    fn ridge_closed_form_equals_ridge_svd_filter() {
        // Two routes to the same estimator: (XᵀX+λI)⁻¹Xᵀy and V diag(s/(s²+λ)) Uᵀy.
        for (n, p) in [(40, 10), (10, 40), (25, 25)] {
            let (x, y) = random(n, p, 11);
            let d = svd(&x, &y).unwrap();
            for lambda in [1e-3, 0.1, 10.0] {
                let a = ridge_closed_form(&x, &y, lambda).unwrap();
                let b = d.solve_filtered(|s| super::super::filters::ridge_filter(s, lambda));
                assert!(rel(&a, &b) < 1e-10, "{n}x{p} λ={lambda}: {}", rel(&a, &b));
            }
        }
    }

    #[test]
    fn normal_equations_equal_svd_on_well_conditioned_x() {
        let (x, y) = random(60, 8, 5);
        let d = svd(&x, &y).unwrap();
        assert!(d.condition_number() < 10.0, "example should be well conditioned");
        let a = least_squares_normal(&x, &y).unwrap();
        let b = least_squares_min_norm(&d);
        assert!(rel(&a, &b) < 1e-12, "{}", rel(&a, &b));
    }

    #[test]
    fn normal_equations_refuse_singular_problems() {
        // p > N: XᵀX (12×12) has rank ≤ 5.
        let (x, y) = random(5, 12, 2);
        let e = least_squares_normal(&x, &y).unwrap_err().to_string();
        assert!(e.contains("singular"), "{e}");
        // Duplicated column: exactly rank-deficient.
        let (mut x, y) = random(20, 3, 2);
        let c = x.column(0).clone_owned();
        x.set_column(2, &c);
        assert!(least_squares_normal(&x, &y).is_err());
        assert!(ridge_closed_form(&x, &y, -1.0).unwrap_err().to_string().contains("(got -1)"));
        assert!(ridge_closed_form(&x, &y, 1.0).is_ok());
    }

    #[test]
    fn ridge_and_pca_limits_reach_min_norm_when_p_exceeds_n() {
        // p = 20 > N = 8: XᵀX is singular. The minimum-norm solution by an independent route is
        // w = Xᵀ(XXᵀ)⁻¹y (XXᵀ is 8×8 and invertible for Gaussian X).
        let (x, y) = random(8, 20, 6);
        let xxt = &x * x.transpose();
        let z = nalgebra::Cholesky::new(xxt).unwrap().solve(&DVector::from_vec(y.clone()));
        let reference: Vec<f64> = (x.transpose() * z).iter().copied().collect();
        let d = svd(&x, &y).unwrap();
        assert_eq!(d.rank(), 8);
        assert!(rel(&least_squares_min_norm(&d), &reference) < 1e-12);
        // Ridge bias is O(λ/s_min²): error shrinks ∝ λ and is tiny at λ = 1e-10.
        let mut last = f64::INFINITY;
        for lambda in [1e-2, 1e-4, 1e-6, 1e-8, 1e-10] {
            let svd_route = rel(&d.solve_filtered(|s| super::super::filters::ridge_filter(s, lambda)), &reference);
            assert!(svd_route < last);
            last = svd_route;
        }
        assert!(last < 1e-9, "SVD ridge at λ = 1e-10: {last}");
        // The closed form pays bias ≈ λ/s_min² plus rounding ≈ ε·s_max²/λ (it solves a system with
        // condition number s_max²/λ); both are ≲ 1e-7 near λ = 1e-7 (s_max² ≈ 50, s_min² ≈ 3 here).
        let closed = rel(&ridge_closed_form(&x, &y, 1e-7).unwrap(), &reference);
        assert!(closed < 1e-6, "closed-form ridge at λ = 1e-7: {closed}");
        let pca = d.solve_filtered(|s| super::super::filters::pca_filter(s, 1e-300));
        assert!(rel(&pca, &reference) < 1e-12);
    }

    #[test]
    fn ridge_and_pca_limits_reach_min_norm_with_a_duplicated_feature() {
        // X = [a b a]: rank 2, one singular value is zero up to rounding. The minimum-norm
        // solution splits the weight of the duplicated feature equally: if [a b] has LS solution
        // (α, β), then w = (α/2, β, α/2) (it fits equally well and has the smallest norm).
        let (x2, y) = random(30, 2, 7);
        let mut x = DMatrix::zeros(30, 3);
        x.set_column(0, &x2.column(0));
        x.set_column(1, &x2.column(1));
        x.set_column(2, &x2.column(0));
        let ab = least_squares_normal(&x2, &y).unwrap();
        let reference = [ab[0] / 2.0, ab[1], ab[0] / 2.0];
        let d = svd(&x, &y).unwrap();
        assert_eq!(d.rank(), 2);
        assert!(d.condition_number().is_infinite());
        assert!(rel(&least_squares_min_norm(&d), &reference) < 1e-12);
        let ridge = d.solve_filtered(|s| super::super::filters::ridge_filter(s, 1e-12));
        assert!(rel(&ridge, &reference) < 1e-10);
        // Closed form: bias ≈ λ/s₂² plus rounding in the null direction ≈ ε·s_max²/λ, both
        // ≲ 1e-8 at λ = 1e-6 (s₂² and s_max² are O(30) here).
        let closed = ridge_closed_form(&x, &y, 1e-6).unwrap();
        assert!(rel(&closed, &reference) < 1e-7, "{}", rel(&closed, &reference));
        let pca = d.solve_filtered(|s| super::super::filters::pca_filter(s, 0.0));
        assert!(rel(&pca, &reference) < 1e-12);
    }
}
