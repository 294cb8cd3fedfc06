//! Single-precision tanh and e^x for the decision-surface kernel: straight-line code (no calls, no
//! data-dependent branches) so that loops over `f32` slices vectorize to wasm simd128 (4 lanes).
//!
//! The same construction as the double-precision [`super::fastmath::tanh`] (range reduction
//! y = k·ln2 + r, |r| ≤ ln2/2, and a Padé approximant of e^r), with a [3/3] Padé approximant
//! N(r)/N(−r), N(r) = 1 + r/2 + r²/10 + r³/120, whose error for |r| ≤ ln2/2 is
//! ≈ (3!)²/(6!·7!)·|r|⁷ < 6·10⁻⁹ — below the f32 rounding unit u = 2⁻²⁴ ≈ 6·10⁻⁸.

/// 1.5 · 2²³: adding it rounds an f32 of magnitude < 2²² to the nearest integer.
pub(crate) const MAGIC: f32 = 12_582_912.0;
/// ln 2 split in a high part with 12 trailing zero bits (k·LN2_HI is exact for |k| < 2¹²) and the
/// rest (the values of fdlibm's `expf`: 0x3f317200 and 0x35bfbe8e).
pub(crate) const LN2_HI: f32 = f32::from_bits(0x3f31_7200);
pub(crate) const LN2_LO: f32 = f32::from_bits(0x35bf_be8e);

/// For 0 ≤ y ≤ 80: y = k·ln2 + r, and (s, E, O) with s = 2^{−k}, N(r) = E(r²) + r·O(r²), so that
/// e^{−y} = s·(E − O)/(E + O).
#[inline(always)]
fn reduce(y: f32) -> (f32, f32, f32) {
    let t = y * std::f32::consts::LOG2_E + MAGIC;
    let kd = t - MAGIC;
    let k = t.to_bits().wrapping_sub(MAGIC.to_bits());
    let r = (y - kd * LN2_HI) - kd * LN2_LO;
    let s = f32::from_bits(127u32.wrapping_sub(k) << 23);
    let r2 = r * r;
    let e = 1.0 + r2 * (1.0 / 10.0);
    let o = r * (0.5 + r2 * (1.0 / 120.0));
    (s, e, o)
}

/// tanh x in single precision, for all x (NaN propagates, ±inf → ±1); absolute error ≤ 4·10⁻⁷
/// (a few f32 ulps of 1, tested against `f64::tanh`).
///
/// With y = 2|x| = k·ln2 + r and s = 2^{−k}, e^{−y} = s·N(−r)/N(r); writing N(r) = E(r²) + r·O(r²),
/// tanh|x| = (E(1 − s) + rO(1 + s)) / (E(1 + s) + rO(1 − s)) — no cancellation (k = 0 gives rO/E).
/// y is capped at 20, where tanh(10) = 1 − 4·10⁻⁹ rounds to 1 in f32 (so k ≤ 29 and s is normal).
#[inline(always)]
pub fn tanh32(x: f32) -> f32 {
    // The cap as wasm's `f32x4.pmin(y, 20)` (20 < y ? 20 : y): a NaN passes through and every
    // later operation keeps it NaN, so no test for it is needed (the 4-lane form saves two
    // operations of about 30 that way).
    let y = 2.0 * x.abs();
    let (s, e, o) = reduce(if 20.0 < y { 20.0 } else { y });
    let (sm, sp) = (1.0 - s, 1.0 + s);
    let v = (e * sm + o * sp) / (e * sp + o * sm);
    v.copysign(x)
}

/// e^x for x ≤ 0 in single precision (x below −80 is treated as −80, e^{−80} ≈ 2·10⁻³⁵; the
/// softmax only needs e^{o_j − max o}); relative error ≤ 3·10⁻⁷.
///
/// x = −(k·ln2 + r), e^x = 2^{−k}·N(−r)/N(r).
#[inline(always)]
pub fn exp_neg32(x: f32) -> f32 {
    let (s, e, o) = reduce((-x).clamp(0.0, 80.0));
    s * (e - o) / (e + o)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tanh32_and_exp_neg32_match_f64() {
        // Sweep [−25, 25] finely; compare with libm's f64 functions.
        let (mut worst_tanh, mut worst_exp) = (0f64, 0f64);
        let mut x = -25.0f64;
        while x <= 25.0 {
            let xf = x as f32;
            worst_tanh = worst_tanh.max((tanh32(xf) as f64 - (xf as f64).tanh()).abs());
            if x <= 0.0 {
                let e = (xf as f64).exp();
                worst_exp = worst_exp.max(((exp_neg32(xf) as f64 - e) / e).abs());
            }
            x += 0.000_731;
        }
        // Bound: the Padé error (< 6e-9) plus about 8 rounded f32 operations of ≤ ½ ulp each, with
        // values up to 1 (ulp 6e-8 just below 1, 1.2e-7 at 1): ≤ 4e-7. The reduction y − k·ln2 is
        // exact up to ½ ulp of r, so the same relative bound holds for e^x. Measured: tanh 2.4e-7, e^x 1.6e-7.
        assert!(worst_tanh < 4e-7, "tanh abs {worst_tanh}");
        assert!(worst_exp < 3e-7, "exp rel {worst_exp}");
        assert_eq!(tanh32(0.0), 0.0);
        assert_eq!(tanh32(f32::INFINITY), 1.0);
        assert_eq!(tanh32(f32::NEG_INFINITY), -1.0);
        assert!(tanh32(f32::NAN).is_nan());
        assert_eq!(exp_neg32(0.0), 1.0);
    }
}
