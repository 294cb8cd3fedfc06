//! Raster loops shared by the landscapes' `value_grid` (the heatmap behind the contour plot).
//!
//! Both loops sample pixel centres ([`ViewBox::pixel_center`]), write row 0 = top (y = y_max),
//! never allocate, and fill only whole rows that fit in `out` (a short buffer is filled partly,
//! never overrun). Each landscape passes its formula as closures, so every landscape gets its own
//! monomorphised, inlinable inner loop.

use super::ViewBox;

/// Step sizes and first pixel centre of a w×h raster of `view`.
#[inline]
fn steps(view: &ViewBox, w: usize, h: usize) -> (f64, f64, f64) {
    let dx = view.width() / w as f64;
    let dy = view.height() / h as f64;
    (dx, dy, view.x_min + 0.5 * dx)
}

/// Fills `out` with f(x, y) where the formula is split as `row(y)(x)`: `row` runs once per row
/// (precompute everything that depends on y only) and returns the per-pixel closure of x.
#[inline]
pub(crate) fn fill_rows<R, F>(view: &ViewBox, w: usize, h: usize, out: &mut [f32], row: R)
where
    R: Fn(f64) -> F,
    F: Fn(f64) -> f64,
{
    if w == 0 || h == 0 {
        return;
    }
    let (dx, dy, x0) = steps(view, w, h);
    for (j, line) in out.chunks_exact_mut(w).take(h).enumerate() {
        let f = row(view.y_max - (j as f64 + 0.5) * dy);
        for (i, o) in line.iter_mut().enumerate() {
            *o = f(x0 + i as f64 * dx) as f32;
        }
    }
}

/// Two f64 lanes: wasm simd128's f64x2 in the browser, a pair natively. Every operation is the
/// IEEE operation of each lane on its own (no fused multiply–add), so a formula written once for
/// [`F2`] and once for f64 with the same operations in the same order gives the same bits.
#[derive(Clone, Copy)]
pub(crate) struct F2(#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))] core::arch::wasm32::v128, #[cfg(not(all(target_arch = "wasm32", target_feature = "simd128")))] [f64; 2]);

#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
impl F2 {
    #[inline(always)]
    pub(crate) fn splat(v: f64) -> F2 {
        F2(core::arch::wasm32::f64x2_splat(v))
    }
    #[inline(always)]
    fn pair(a: f64, b: f64) -> F2 {
        F2(core::arch::wasm32::f64x2(a, b))
    }
    /// Both lanes rounded to f32, into `out[0]` and `out[1]`.
    #[inline(always)]
    fn store_f32(self, out: &mut [f32]) {
        let v = core::arch::wasm32::f32x4_demote_f64x2_zero(self.0);
        out[0] = core::arch::wasm32::f32x4_extract_lane::<0>(v);
        out[1] = core::arch::wasm32::f32x4_extract_lane::<1>(v);
    }
}

#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
impl std::ops::Add for F2 {
    type Output = F2;
    #[inline(always)]
    fn add(self, o: F2) -> F2 {
        F2(core::arch::wasm32::f64x2_add(self.0, o.0))
    }
}

#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
impl std::ops::Sub for F2 {
    type Output = F2;
    #[inline(always)]
    fn sub(self, o: F2) -> F2 {
        F2(core::arch::wasm32::f64x2_sub(self.0, o.0))
    }
}

#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
impl std::ops::Mul for F2 {
    type Output = F2;
    #[inline(always)]
    fn mul(self, o: F2) -> F2 {
        F2(core::arch::wasm32::f64x2_mul(self.0, o.0))
    }
}

#[cfg(not(all(target_arch = "wasm32", target_feature = "simd128")))]
impl F2 {
    #[inline(always)]
    pub(crate) fn splat(v: f64) -> F2 {
        F2([v, v])
    }
    #[inline(always)]
    fn pair(a: f64, b: f64) -> F2 {
        F2([a, b])
    }
    #[inline(always)]
    fn store_f32(self, out: &mut [f32]) {
        out[0] = self.0[0] as f32;
        out[1] = self.0[1] as f32;
    }
}

#[cfg(not(all(target_arch = "wasm32", target_feature = "simd128")))]
impl std::ops::Add for F2 {
    type Output = F2;
    #[inline(always)]
    fn add(self, o: F2) -> F2 {
        F2([self.0[0] + o.0[0], self.0[1] + o.0[1]])
    }
}

#[cfg(not(all(target_arch = "wasm32", target_feature = "simd128")))]
impl std::ops::Sub for F2 {
    type Output = F2;
    #[inline(always)]
    fn sub(self, o: F2) -> F2 {
        F2([self.0[0] - o.0[0], self.0[1] - o.0[1]])
    }
}

#[cfg(not(all(target_arch = "wasm32", target_feature = "simd128")))]
impl std::ops::Mul for F2 {
    type Output = F2;
    #[inline(always)]
    fn mul(self, o: F2) -> F2 {
        F2([self.0[0] * o.0[0], self.0[1] * o.0[1]])
    }
}

/// [`fill_rows`] two pixels at a time: `pair(y)` is the formula of `row(y)` written for [`F2`]
/// with the same operations in the same order, so every value is the one `fill_rows` writes (a
/// lone last pixel of an odd row goes through `row`). Issue 12, item 4: Rosenbrock's 800×600
/// values in Chromium.
#[inline]
pub(crate) fn fill_rows_x2<R, F, P, G>(view: &ViewBox, w: usize, h: usize, out: &mut [f32], row: R, pair: P)
where
    R: Fn(f64) -> F,
    F: Fn(f64) -> f64,
    P: Fn(f64) -> G,
    G: Fn(F2) -> F2,
{
    if w == 0 || h == 0 {
        return;
    }
    let (dx, dy, x0) = steps(view, w, h);
    let (x0v, dxv, two) = (F2::splat(x0), F2::splat(dx), F2::splat(2.0));
    for (j, line) in out.chunks_exact_mut(w).take(h).enumerate() {
        let y = view.y_max - (j as f64 + 0.5) * dy;
        let g = pair(y);
        // Pixel indices i and i + 1 as f64 (exact), so x = x0 + i·dx as in `fill_rows`.
        let mut i2 = F2::pair(0.0, 1.0);
        let mut pairs = line.chunks_exact_mut(2);
        for o in &mut pairs {
            g(x0v + i2 * dxv).store_f32(o);
            i2 = i2 + two;
        }
        if let [o] = pairs.into_remainder() {
            *o = row(y)(x0 + (w - 1) as f64 * dx) as f32;
        }
    }
}

/// Fills `out` with `combine(col(x), row(y))` for separable formulas such as Rastrigin
/// (a sum of a function of x and a function of y) or a Gaussian well (a product).
///
/// `col` is evaluated only w times: its values are cached (as f32) in the first row of `out`,
/// which is filled last, so the expensive transcendental functions cost O(w + h) instead of O(w·h).
#[inline]
pub(crate) fn fill_separable<C, R, K>(view: &ViewBox, w: usize, h: usize, out: &mut [f32], col: C, row: R, combine: K)
where
    C: Fn(f64) -> f64,
    R: Fn(f64) -> f64,
    K: Fn(f64, f64) -> f64,
{
    if w == 0 || h == 0 {
        return;
    }
    let rows = h.min(out.len() / w);
    if rows == 0 {
        return;
    }
    let (dx, dy, x0) = steps(view, w, h);
    let (cache, rest) = out.split_at_mut(w);
    for (i, c) in cache.iter_mut().enumerate() {
        *c = col(x0 + i as f64 * dx) as f32;
    }
    for (j, line) in rest.chunks_exact_mut(w).take(rows - 1).enumerate() {
        let r = row(view.y_max - (j as f64 + 1.5) * dy);
        for (o, c) in line.iter_mut().zip(cache.iter()) {
            *o = combine(*c as f64, r) as f32;
        }
    }
    let r0 = row(view.y_max - 0.5 * dy);
    for c in cache.iter_mut() {
        *c = combine(*c as f64, r0) as f32;
    }
}
