//! Spectral filter factors φ(s) and the step-size / iteration rules of lecture 001.
//!
//! Every estimator is w = V diag(φ(s)/s) Uᵀy. The lecture writes the "shrinkage" ŝ⁻¹ = φ(s)/s;
//! here the functions return the filter factor φ itself (a number in [0, 1] for stable settings),
//! which is what the lab plots against s.

/// Ridge filter φ = s²/(s² + λ) (lecture 001 "ridge shrinkage" ŝ⁻¹ = s/(s² + λ)).
/// Every direction is attenuated, small singular values the most. λ = 0 gives 1 (least squares),
/// except at s = 0 where it returns 0.
pub fn ridge_filter(s: f64, lambda: f64) -> f64 {
    let s2 = s * s;
    let d = s2 + lambda;
    if d > 0.0 {
        s2 / d
    } else {
        0.0
    }
}

/// PCA filter (hard mask) m_pca(s; κ) = 1 if s ≥ κ else 0 (lecture 001, "PCA mask").
pub fn pca_filter(s: f64, kappa: f64) -> f64 {
    if s >= kappa {
        1.0
    } else {
        0.0
    }
}

/// Gradient-descent filter after q steps of size α from w₀ = 0:
/// m_gd(s; α, q) = 1 − (1 − αs²)^q (lecture 001, "GD mask", from the Neumann series).
/// Computed as −expm1(q·ln(1 − αs²)) when 0 ≤ αs² < 1 so that tiny αs² keeps full precision;
/// q may be fractional (useful for smooth curves).
pub fn gd_filter(s: f64, alpha: f64, q: f64) -> f64 {
    let z = alpha * s * s;
    if (0.0..1.0).contains(&z) {
        -(q * (-z).ln_1p()).exp_m1()
    } else {
        1.0 - (1.0 - z).powf(q)
    }
}

/// The recommended step α* = s_max⁻² (lecture 001): the largest direction is fitted in one step.
pub fn optimal_alpha(s_max: f64) -> f64 {
    1.0 / (s_max * s_max)
}

/// The stability limit 2·s_max⁻²: for α above it |1 − αs_max²| > 1 and gradient descent diverges
/// along the top singular direction (lecture 001, "α ≤ 2 s_max⁻²").
pub fn stability_limit(s_max: f64) -> f64 {
    2.0 / (s_max * s_max)
}

/// Iterations q* ≈ s_max²/κ² (lecture 001) after which GD with α* has passed roughly the
/// directions with s ≥ κ, mimicking PCA with threshold κ: at s = κ, α*s² = κ²/s_max² and
/// 1 − (1 − κ²/s_max²)^q* ≈ 1 − e⁻¹ ≈ 0.63.
pub fn q_star(s_max: f64, kappa: f64) -> f64 {
    (s_max * s_max) / (kappa * kappa)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filters_at_landmarks() {
        // At s² = λ the ridge filter is exactly 1/2.
        assert_eq!(ridge_filter(2.0, 4.0), 0.5);
        assert_eq!(ridge_filter(0.0, 0.0), 0.0);
        assert_eq!(pca_filter(1.0, 1.0), 1.0);
        assert_eq!(pca_filter(0.999, 1.0), 0.0);
        // αs² = 1/2, q = 3: 1 − (1/2)³ = 7/8.
        assert!((gd_filter(1.0, 0.5, 3.0) - 0.875).abs() < 1e-15);
        // αs² = 3 (unstable), q = 2: 1 − (−2)² = −3.
        assert!((gd_filter(1.0, 3.0, 2.0) + 3.0).abs() < 1e-12);
        assert_eq!(optimal_alpha(2.0), 0.25);
        assert_eq!(stability_limit(2.0), 0.5);
        assert_eq!(q_star(8.0, 0.5), 256.0); // 64 / 0.25, exact in binary
        // At q = q* and α = α*, the filter at s = κ is 1 − (1 − 1/q*)^{q*} ≈ 1 − 1/e.
        assert!((gd_filter(0.1, optimal_alpha(10.0), q_star(10.0, 0.1)) - (1.0 - (-1.0f64).exp())).abs() < 1e-4);
    }
}
