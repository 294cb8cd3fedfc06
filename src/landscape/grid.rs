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
