//! Local curvature from a 2×2 Hessian: eigenvalues, eigenvectors and what kind of point it is
//! (lecture 002, "Saddle points": a critical point is a minimum only if the Hessian is positive
//! definite, a maximum only if it is negative definite, otherwise a saddle).

/// What a critical point (∇f = 0) with this Hessian would be.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CriticalKind {
    /// Both eigenvalues > 0 (positive definite): curving up in every direction.
    Minimum,
    /// Both eigenvalues < 0 (negative definite): curving down in every direction.
    Maximum,
    /// One eigenvalue > 0 and one < 0: up along one direction, down along the other.
    Saddle,
    /// An eigenvalue is (numerically) zero, or the Hessian is not finite: the second-order test
    /// cannot decide (e.g. the monkey saddle at the origin, where H = 0).
    Degenerate,
}

/// The eigen-decomposition of a symmetric 2×2 Hessian and the numbers derived from it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Curvature {
    /// Eigenvalues in ascending order, λ₀ ≤ λ₁.
    pub eigenvalues: [f64; 2],
    /// Unit eigenvectors: `eigenvectors[k]` belongs to `eigenvalues[k]`.
    pub eigenvectors: [[f64; 2]; 2],
    /// Minimum / maximum / saddle / degenerate, from the signs of the eigenvalues.
    pub kind: CriticalKind,
    /// κ = max|λ| / min|λ| (∞ if an eigenvalue is zero; NaN if the Hessian is not finite).
    pub condition_number: f64,
    /// 2/λ_max: on a quadratic with this Hessian, gradient descent with step α converges along
    /// every direction iff α < 2/λ_max (∞ if λ_max ≤ 0: no positive curvature to overshoot).
    pub stability_bound: f64,
}

/// Relative size below which an eigenvalue counts as zero for [`CriticalKind::Degenerate`].
pub const DEGENERATE_REL_TOL: f64 = 1e-10;

/// Closed-form eigen-decomposition of the symmetric 2×2 matrix `h` (the off-diagonal entry used is
/// the mean of `h[0][1]` and `h[1][0]`).
///
/// For `[[a, b], [b, c]]`: with m = (a + c)/2 and d = √(((a − c)/2)² + b²), the eigenvalues are
/// m ± d, and the eigenvector of m + d makes the angle θ = ½·atan2(2b, a − c) with the x axis.
/// The smaller-magnitude eigenvalue is computed as det/λ_other to avoid cancellation.
/// Never panics: a non-finite input gives NaN numbers and [`CriticalKind::Degenerate`].
pub fn curvature(h: [[f64; 2]; 2]) -> Curvature {
    let a = h[0][0];
    let c = h[1][1];
    let b = 0.5 * (h[0][1] + h[1][0]);
    let m = 0.5 * (a + c);
    let d = (0.5 * (a - c)).hypot(b);
    let det = a * c - b * b;
    let (lo, hi) = if m >= 0.0 {
        let hi = m + d;
        let lo = if hi != 0.0 { det / hi } else { m - d };
        (lo.min(hi), hi)
    } else {
        let lo = m - d;
        let hi = if lo != 0.0 { det / lo } else { m + d };
        (lo, hi.max(lo))
    };
    let theta = 0.5 * b.atan2(0.5 * (a - c));
    let (s, co) = theta.sin_cos();
    let v_hi = [co, s];
    let v_lo = [-s, co];

    let finite = lo.is_finite() && hi.is_finite();
    let scale = lo.abs().max(hi.abs());
    let kind = if !finite || scale == 0.0 || lo.abs().min(hi.abs()) <= DEGENERATE_REL_TOL * scale {
        CriticalKind::Degenerate
    } else if lo > 0.0 {
        CriticalKind::Minimum
    } else if hi < 0.0 {
        CriticalKind::Maximum
    } else {
        CriticalKind::Saddle
    };
    let small = lo.abs().min(hi.abs());
    let condition_number = if !finite {
        f64::NAN
    } else if small == 0.0 {
        f64::INFINITY
    } else {
        scale / small
    };
    let stability_bound = if !finite {
        f64::NAN
    } else if hi > 0.0 {
        2.0 / hi
    } else {
        f64::INFINITY
    };
    Curvature { eigenvalues: [lo, hi], eigenvectors: [v_lo, v_hi], kind, condition_number, stability_bound }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64, tol: f64) -> bool {
        (a - b).abs() <= tol
    }

    /// Checks H·v = λ·v for both eigenpairs and that the vectors are orthonormal.
    fn check_eigenpairs(h: [[f64; 2]; 2], c: &Curvature, tol: f64) {
        for k in 0..2 {
            let v = c.eigenvectors[k];
            let l = c.eigenvalues[k];
            let hv = [h[0][0] * v[0] + h[0][1] * v[1], h[1][0] * v[0] + h[1][1] * v[1]];
            assert!(close(hv[0], l * v[0], tol) && close(hv[1], l * v[1], tol), "H v ≠ λ v for k={k}: {c:?}");
            assert!(close(v[0].hypot(v[1]), 1.0, 1e-14));
        }
        let dot = c.eigenvectors[0][0] * c.eigenvectors[1][0] + c.eigenvectors[0][1] * c.eigenvectors[1][1];
        assert!(dot.abs() < 1e-14);
    }

    #[test]
    fn known_matrix_eigenvalues_and_vectors() {
        // [[2,1],[1,2]] has eigenvalues 1 and 3 (trace 4, det 3) with eigenvectors (1,−1)/√2 and (1,1)/√2.
        let h = [[2.0, 1.0], [1.0, 2.0]];
        let c = curvature(h);
        assert!(close(c.eigenvalues[0], 1.0, 1e-15) && close(c.eigenvalues[1], 3.0, 1e-15), "{c:?}");
        let r = std::f64::consts::FRAC_1_SQRT_2;
        assert!(close(c.eigenvectors[1][0].abs(), r, 1e-15) && close(c.eigenvectors[1][1].abs(), r, 1e-15));
        assert!(c.eigenvectors[1][0] * c.eigenvectors[1][1] > 0.0, "(1,1) direction for λ=3");
        assert!(c.eigenvectors[0][0] * c.eigenvectors[0][1] < 0.0, "(1,−1) direction for λ=1");
        assert_eq!(c.kind, CriticalKind::Minimum);
        assert!(close(c.condition_number, 3.0, 1e-14));
        assert!(close(c.stability_bound, 2.0 / 3.0, 1e-15));
        check_eigenpairs(h, &c, 1e-14);
    }

    #[test]
    fn classifies_minimum_maximum_saddle_degenerate() {
        // The Hessian of x² − y² is diag(2, −2): a saddle (lecture 002).
        let s = curvature([[2.0, 0.0], [0.0, -2.0]]);
        assert_eq!(s.kind, CriticalKind::Saddle);
        assert_eq!(s.eigenvalues, [-2.0, 2.0]);
        assert_eq!(s.eigenvectors[0].map(f64::abs), [0.0, 1.0]);
        assert_eq!(s.stability_bound, 1.0);
        assert_eq!(curvature([[-1.0, 0.5], [0.5, -3.0]]).kind, CriticalKind::Maximum);
        assert_eq!(curvature([[1.0, 0.5], [0.5, 3.0]]).kind, CriticalKind::Minimum);
        // det = 1·4 − 2² = 0: one zero eigenvalue.
        assert_eq!(curvature([[1.0, 2.0], [2.0, 4.0]]).kind, CriticalKind::Degenerate);
        let z = curvature([[0.0, 0.0], [0.0, 0.0]]);
        assert_eq!(z.kind, CriticalKind::Degenerate);
        assert_eq!(z.condition_number, f64::INFINITY);
        assert_eq!(z.stability_bound, f64::INFINITY);
        // Negative definite: no positive curvature, GD never overshoots.
        assert_eq!(curvature([[-1.0, 0.0], [0.0, -2.0]]).stability_bound, f64::INFINITY);
    }

    #[test]
    fn ill_conditioned_diagonal_keeps_small_eigenvalue_exact() {
        // diag(1e4, 1e-4): the naive m − d would lose ~8 digits of the small eigenvalue; det/λ does not.
        let c = curvature([[1e4, 0.0], [0.0, 1e-4]]);
        assert_eq!(c.eigenvalues, [1e-4, 1e4]);
        assert!(close(c.condition_number, 1e8, 1e-6));
    }

    #[test]
    fn random_symmetric_matrices_reconstruct() {
        let mut rng = crate::rng::seeded(3);
        for _ in 0..1000 {
            let a = 10.0 * crate::rng::normal(&mut rng);
            let b = 10.0 * crate::rng::normal(&mut rng);
            let c = 10.0 * crate::rng::normal(&mut rng);
            let h = [[a, b], [b, c]];
            let cv = curvature(h);
            assert!(cv.eigenvalues[0] <= cv.eigenvalues[1]);
            assert!(close(cv.eigenvalues[0] + cv.eigenvalues[1], a + c, 1e-12 * (1.0 + a.abs() + c.abs())));
            check_eigenpairs(h, &cv, 1e-11 * (1.0 + a.abs() + b.abs() + c.abs()));
        }
    }

    #[test]
    fn non_finite_input_does_not_panic() {
        let c = curvature([[f64::NAN, 0.0], [0.0, 1.0]]);
        assert_eq!(c.kind, CriticalKind::Degenerate);
        let c = curvature([[f64::INFINITY, 0.0], [0.0, 1.0]]);
        assert_eq!(c.kind, CriticalKind::Degenerate);
    }
}
