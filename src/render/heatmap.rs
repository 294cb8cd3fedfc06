//! Heatmap rasters: a grid of function values → RGBA pixels, with contour lines, in one pass.
//!
//! Written straight into a byte buffer (blitted once with `putImageData`) because drawing a
//! million pixels through the canvas API is far too slow. Colour uses a logarithmic scale when
//! values span decades: t = ln(1 + (v − lo)/d) / ln(1 + (hi − lo)/d) with d = (hi − lo)·10⁻³,
//! so three decades above the minimum stay distinguishable. Contour lines are drawn where the
//! contour level ⌊t·levels⌋ changes between neighbouring pixels. Where the function is undefined
//! (a NaN or infinite value: a typed formula's log of a negative number, a division by zero) the
//! pixel is hatched in two greys ([`UNDEFINED_LIGHT`], [`UNDEFINED_DARK`]), outlined by a contour.

use super::colormap::ColorMap;

/// How values map to [0, 1].
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Scaling {
    /// Value mapped to 0.
    pub lo: f32,
    /// Value mapped to 1.
    pub hi: f32,
    /// Logarithmic (values spanning decades) or linear.
    pub log: bool,
}

impl Scaling {
    /// Fits a scaling to the finite values of `values`: logarithmic when the range is more than
    /// 50 times the lowest decile's height above the minimum (values span decades), linear
    /// otherwise. `floor` (e.g. the landscape's known minimum value) lowers the minimum.
    pub fn fit(values: &[f32], floor: Option<f32>) -> Scaling {
        let (los, his) = finite_range(values);
        let mut lo = los.iter().copied().fold(f32::INFINITY, f32::min);
        let mut hi = his.iter().copied().fold(f32::NEG_INFINITY, f32::max);
        if !lo.is_finite() {
            return Scaling { lo: 0.0, hi: 1.0, log: false };
        }
        if let Some(f) = floor {
            if f.is_finite() && f <= lo {
                lo = f;
            }
        }
        if hi <= lo {
            hi = lo + 1.0;
        }
        // A wide dynamic range relative to the typical level → log scale.
        let mut sorted_sample: Vec<f32> = values.iter().step_by((values.len() / 512).max(1)).copied().filter(|v| v.is_finite()).collect();
        sorted_sample.sort_by(|a, b| a.total_cmp(b));
        let low_decile = sorted_sample.get(sorted_sample.len() / 10).copied().unwrap_or(hi);
        let log = (hi - lo) > 50.0 * (low_decile - lo).max(f32::MIN_POSITIVE);
        Scaling { lo, hi, log }
    }

    /// The value that maps to `t` ∈ [0, 1] (the inverse of [`Scaling::t`]), for colour-bar ticks.
    pub fn value_at(&self, t: f64) -> f64 {
        let (lo, hi) = (self.lo as f64, self.hi as f64);
        let t = t.clamp(0.0, 1.0);
        if self.log {
            let d = (hi - lo) * 1e-3;
            lo + d * (t * (1.0 + (hi - lo) / d).ln()).exp_m1()
        } else {
            lo + t * (hi - lo)
        }
    }

    /// Round values for a colour bar's ticks within [lo, hi]: 1-2-5 steps on a linear scale,
    /// lo + 10^k (the heights above the minimum that the log scale spreads evenly) on a log one.
    pub fn ticks(&self) -> Vec<f64> {
        let (lo, hi) = (self.lo as f64, self.hi as f64);
        if self.log {
            let d = (hi - lo) * 1e-3;
            let mut v = vec![lo];
            let (k0, k1) = (d.log10().ceil() as i32, (hi - lo).log10().floor() as i32);
            for k in k0..=k1 {
                v.push(lo + 10f64.powi(k));
            }
            v
        } else {
            super::chart::ticks(lo, hi, super::chart::Scale::Linear)
        }
    }

    /// Maps a value to [0, 1] (NaN and +∞ map to 1).
    #[inline]
    pub fn t(&self, v: f32) -> f32 {
        if !(v <= self.hi) {
            return 1.0;
        }
        let x = (v - self.lo).max(0.0);
        if self.log {
            let d = (self.hi - self.lo) * 1e-3;
            fast_ln(1.0 + x / d) / fast_ln(1.0 + (self.hi - self.lo) / d)
        } else {
            x / (self.hi - self.lo)
        }
    }
}

/// Natural logarithm for x ≥ 1, accurate to about 1e-4 (plenty for choosing a colour):
/// x = m·2ᵉ with m ∈ [1, 2), ln x = e·ln 2 + ln m, ln m by a quartic least-squares fit on [1, 2) (max error 1.3e-4).
#[inline]
pub fn fast_ln(x: f32) -> f32 {
    let bits = x.to_bits();
    let e = ((bits >> 23) & 0xff) as i32 - 127;
    let m = f32::from_bits((bits & 0x007f_ffff) | 0x3f80_0000);
    // ln(m) ≈ u·(c₁ + u·(c₂ + u·(c₃ + u·c₄))), u = m − 1.
    let [c1, c2, c3, c4] = FAST_LN_POLY;
    let u = m - 1.0;
    let p = u * (c1 + u * (c2 + u * (c3 + u * c4)));
    e as f32 * std::f32::consts::LN_2 + p
}

/// The coefficients of [`fast_ln`]'s polynomial in u = m − 1 (a least-squares fit of ln m on
/// [1, 2)), shared with its simd128 form in the heatmap's first pass.
const FAST_LN_POLY: [f32; 4] = [0.997_125_8, -0.470_018_6, 0.224_340_1, -0.058_431_9];

/// The smallest and largest finite value of `values` in each of 8 lanes (value i in lane i mod 8,
/// ±∞ where a lane has none): the vector loop of [`Scaling::fit`]. Non-finite values are skipped
/// branch-free (v − v is 0 only for finite v). In the browser it runs on simd128 (two vectors of
/// 4 lanes, `pmin`/`pmax`: the same strict comparisons as the scalar form, so the same result).
fn finite_range(values: &[f32]) -> ([f32; 8], [f32; 8]) {
    let mut los = [f32::INFINITY; 8];
    let mut his = [f32::NEG_INFINITY; 8];
    let mut chunks = values.chunks_exact(8);
    #[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
    {
        use core::arch::wasm32::*;
        let (inf, ninf, zero) = (f32x4_splat(f32::INFINITY), f32x4_splat(f32::NEG_INFINITY), f32x4_splat(0.0));
        let (mut lo, mut hi) = ([inf; 2], [ninf; 2]);
        for c in &mut chunks {
            for k in 0..2 {
                // SAFETY: `c` holds 8 floats; wasm loads need no alignment.
                let v = unsafe { v128_load(c.as_ptr().add(4 * k) as *const v128) };
                let finite = f32x4_eq(f32x4_sub(v, v), zero);
                // pmin(a, b) = b < a ? b : a, as the scalar `v < lo` below.
                lo[k] = f32x4_pmin(lo[k], v128_bitselect(v, inf, finite));
                hi[k] = f32x4_pmax(hi[k], v128_bitselect(v, ninf, finite));
            }
        }
        for k in 0..2 {
            let (l, h) = (lo[k], hi[k]);
            let (l, h) = ([f32x4_extract_lane::<0>(l), f32x4_extract_lane::<1>(l), f32x4_extract_lane::<2>(l), f32x4_extract_lane::<3>(l)], [f32x4_extract_lane::<0>(h), f32x4_extract_lane::<1>(h), f32x4_extract_lane::<2>(h), f32x4_extract_lane::<3>(h)]);
            los[4 * k..4 * k + 4].copy_from_slice(&l);
            his[4 * k..4 * k + 4].copy_from_slice(&h);
        }
    }
    for c in &mut chunks {
        for k in 0..8 {
            let v = c[k];
            let finite = (v - v) == 0.0;
            los[k] = if finite && v < los[k] { v } else { los[k] };
            his[k] = if finite && v > his[k] { v } else { his[k] };
        }
    }
    for &v in chunks.remainder() {
        if v.is_finite() {
            los[0] = los[0].min(v);
            his[0] = his[0].max(v);
        }
    }
    (los, his)
}

/// The constants of the first pass of [`Heatmap::shade`]: value v → colour index
/// i = ⌊clamp(t·255)⌋ (t as [`Scaling::t`], the log through [`fast_ln`]) and contour level
/// ⌊i·levels/256⌋, or [`UNDEFINED`] for a NaN or infinite v.
struct Pass1 {
    lo: f32,
    hi: f32,
    log: bool,
    inv_d: f32,
    k: f32,
    lv: u32,
}

impl Pass1 {
    fn new(scaling: &Scaling, levels: u32) -> Self {
        let (lo, hi) = (scaling.lo, scaling.hi);
        let lv = levels.min(255);
        if scaling.log {
            let inv_d = 1.0 / ((hi - lo) * 1e-3);
            Pass1 { lo, hi, log: true, inv_d, k: 255.0 / fast_ln(1.0 + (hi - lo) * inv_d), lv }
        } else {
            Pass1 { lo, hi, log: false, inv_d: 0.0, k: 255.0 / (hi - lo), lv }
        }
    }

    /// Colour index and contour level of one value.
    #[inline(always)]
    fn one(&self, v: f32) -> (u8, u8) {
        let x = if v <= self.hi { (v - self.lo).max(0.0) } else { self.hi - self.lo };
        let t = if self.log { fast_ln(1.0 + x * self.inv_d) * self.k } else { x * self.k };
        let i = t.clamp(0.0, 255.0) as u32;
        // v − v is 0 only for finite v.
        let undefined = (v - v) != 0.0;
        (i as u8, if undefined { UNDEFINED } else { ((i * self.lv) >> 8) as u8 })
    }
}

/// The first pass one value at a time.
fn index_levels_scalar(values: &[f32], index: &mut [u8], level: &mut [u8], p: &Pass1) {
    for ((v, ix), l) in values.iter().zip(index.iter_mut()).zip(level.iter_mut()) {
        (*ix, *l) = p.one(*v);
    }
}

/// The first pass: natively [`index_levels_scalar`]; in the browser 16 values at a time on
/// simd128 with the same operations in the same order (no fused multiply–add), so the same bytes.
#[cfg(not(all(target_arch = "wasm32", target_feature = "simd128")))]
fn index_levels(values: &[f32], index: &mut [u8], level: &mut [u8], p: &Pass1) {
    index_levels_scalar(values, index, level, p)
}

#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
fn index_levels(values: &[f32], index: &mut [u8], level: &mut [u8], p: &Pass1) {
    if !(p.hi > p.lo) {
        // The vector form's clamp needs hi > lo (as every fitted scaling has).
        index_levels_scalar(values, index, level, p)
    } else if p.log {
        index_levels_simd::<true>(values, index, level, p)
    } else {
        index_levels_simd::<false>(values, index, level, p)
    }
}

#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
fn index_levels_simd<const LOG: bool>(values: &[f32], index: &mut [u8], level: &mut [u8], p: &Pass1) {
    use core::arch::wasm32::*;
    let n = values.len().min(index.len()).min(level.len());
    let (values, index, level) = (&values[..n], &mut index[..n], &mut level[..n]);
    // The constants read back through black_box so that V8 keeps them in registers instead of
    // rebuilding them from immediates in the loop (as src/mlp/fast32.rs found for tanh).
    let c = core::hint::black_box([
        f32x4_splat(p.lo),
        f32x4_splat(p.hi - p.lo),
        f32x4_splat(p.inv_d),
        f32x4_splat(p.k),
        f32x4_splat(0.0),
        f32x4_splat(1.0),
        f32x4_splat(255.0),
        f32x4_splat(std::f32::consts::LN_2),
        f32x4_splat(FAST_LN_POLY[0]),
        f32x4_splat(FAST_LN_POLY[1]),
        f32x4_splat(FAST_LN_POLY[2]),
        f32x4_splat(FAST_LN_POLY[3]),
        i32x4_splat(0xff),
        i32x4_splat(127),
        i32x4_splat(0x007f_ffff),
        i32x4_splat(0x3f80_0000),
        u8x16_splat(p.lv as u8),
    ]);
    let [lo, span, inv_d, k, zero, one, top, ln2, c1, c2, c3, c4, m8, bias, mant, onebits, lv8] = c;
    // Index (as i32 lanes, 0–255) of 4 finite values, and a mask of the lanes that are not finite.
    let quad = |v: v128| -> (v128, v128) {
        // For finite v, x = clamp(v − lo, 0, hi − lo) is the scalar form's
        // `v ≤ hi ? max(v − lo, 0) : hi − lo` (v − lo rounds to at least hi − lo when v > hi).
        let x = f32x4_pmin(f32x4_pmax(f32x4_sub(v, lo), zero), span);
        let t = if LOG {
            // fast_ln(1 + x·inv_d)·k, as the scalar fast_ln.
            let y = f32x4_add(one, f32x4_mul(x, inv_d));
            let e = i32x4_sub(v128_and(u32x4_shr(y, 23), m8), bias);
            let m = v128_or(v128_and(y, mant), onebits);
            let u = f32x4_sub(m, one);
            let poly = f32x4_mul(u, f32x4_add(c1, f32x4_mul(u, f32x4_add(c2, f32x4_mul(u, f32x4_add(c3, f32x4_mul(u, c4)))))));
            f32x4_mul(f32x4_add(f32x4_mul(f32x4_convert_i32x4(e), ln2), poly), k)
        } else {
            f32x4_mul(x, k)
        };
        // clamp(t, 0, 255) as u32 (a NaN stays NaN through pmax/pmin and truncates to 0; the
        // signed truncation is the unsigned one on 0–255 and cheaper in V8).
        let i = i32x4_trunc_sat_f32x4(f32x4_pmin(f32x4_pmax(t, zero), top));
        (i, f32x4_ne(f32x4_sub(v, v), zero))
    };
    let mut vs = values.chunks_exact(16);
    let mut is = index.chunks_exact_mut(16);
    let mut ls = level.chunks_exact_mut(16);
    for ((v, ix), l) in (&mut vs).zip(&mut is).zip(&mut ls) {
        let mut i4 = [zero; 4];
        let mut bad = zero;
        for q in 0..4 {
            // SAFETY: `v` holds 16 floats; wasm loads need no alignment.
            let x = unsafe { v128_load(v.as_ptr().add(4 * q) as *const v128) };
            let (i, nonfinite) = quad(x);
            i4[q] = i;
            bad = v128_or(bad, nonfinite);
        }
        if v128_any_true(bad) {
            // A NaN or infinity among these 16 (rare): one at a time.
            index_levels_scalar(v, ix, l, p);
            continue;
        }
        // The low byte of every i32 lane, in order: the 16 indices as bytes.
        let ab = i8x16_shuffle::<0, 4, 8, 12, 16, 20, 24, 28, 0, 0, 0, 0, 0, 0, 0, 0>(i4[0], i4[1]);
        let cd = i8x16_shuffle::<0, 4, 8, 12, 16, 20, 24, 28, 0, 0, 0, 0, 0, 0, 0, 0>(i4[2], i4[3]);
        let idx = i8x16_shuffle::<0, 1, 2, 3, 4, 5, 6, 7, 16, 17, 18, 19, 20, 21, 22, 23>(ab, cd);
        // Level ⌊i·lv/256⌋: the high byte of each 16-bit product.
        let (plo, phi) = (u16x8_extmul_low_u8x16(idx, lv8), u16x8_extmul_high_u8x16(idx, lv8));
        let lvl = i8x16_shuffle::<1, 3, 5, 7, 9, 11, 13, 15, 17, 19, 21, 23, 25, 27, 29, 31>(plo, phi);
        // SAFETY: `ix` and `l` hold 16 bytes each; wasm stores need no alignment.
        unsafe {
            v128_store(ix.as_mut_ptr() as *mut v128, idx);
            v128_store(l.as_mut_ptr() as *mut v128, lvl);
        }
    }
    index_levels_scalar(vs.remainder(), is.into_remainder(), ls.into_remainder(), p);
}

/// The table entries of one row (index | 256 where the contour level differs from the right or
/// lower neighbour, `on` = contours drawn) for x in 0..16k, 16 pixels a vector on simd128, for
/// every k where pixel 16k + 16 (the right neighbour) is in the row; returns 16k. The caller does
/// the rest one pixel at a time, the same way.
#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
fn edge_codes(idx: &[u8], lvl: &[u8], below: &[u8], on: bool, code: &mut [u16]) -> usize {
    use core::arch::wasm32::*;
    let w = idx.len().min(lvl.len()).min(below.len()).min(code.len());
    let bit = u8x16_splat(on as u8);
    let mut x = 0;
    while x + 17 <= w {
        // SAFETY: x + 17 ≤ w, so bytes x..x + 17 of lvl and x..x + 16 of idx, below and code
        // (u16) are in bounds; wasm loads and stores need no alignment.
        unsafe {
            let l = v128_load(lvl.as_ptr().add(x) as *const v128);
            let r = v128_load(lvl.as_ptr().add(x + 1) as *const v128);
            let b = v128_load(below.as_ptr().add(x) as *const v128);
            let i = v128_load(idx.as_ptr().add(x) as *const v128);
            // 1 where l ≠ r or l ≠ b (and contours are on), else 0.
            let e = v128_and(v128_not(v128_and(i8x16_eq(l, r), i8x16_eq(l, b))), bit);
            // Little-endian u16 lanes: the index as the low byte, the edge bit as the high one.
            let lo = i8x16_shuffle::<0, 16, 1, 17, 2, 18, 3, 19, 4, 20, 5, 21, 6, 22, 7, 23>(i, e);
            let hi = i8x16_shuffle::<8, 24, 9, 25, 10, 26, 11, 27, 12, 28, 13, 29, 14, 30, 15, 31>(i, e);
            v128_store(code.as_mut_ptr().add(x) as *mut v128, lo);
            v128_store(code.as_mut_ptr().add(x + 8) as *mut v128, hi);
        }
        x += 16;
    }
    x
}

#[cfg(not(all(target_arch = "wasm32", target_feature = "simd128")))]
fn edge_codes(_idx: &[u8], _lvl: &[u8], _below: &[u8], _on: bool, _code: &mut [u16]) -> usize {
    0
}

/// The lighter grey of the hatching where the function is undefined.
pub const UNDEFINED_LIGHT: [u8; 3] = [214, 214, 214];
/// The darker grey of the hatching (diagonal stripes 3 px wide every 6 px).
pub const UNDEFINED_DARK: [u8; 3] = [158, 158, 158];
/// The contour level that marks an undefined pixel (real levels are below 255).
const UNDEFINED: u8 = 255;

/// Reusable buffers so redraws do not allocate.
#[derive(Default)]
pub struct Heatmap {
    index: Vec<u8>,
    level: Vec<u8>,
    /// Colour of index i at `table[i]`, its darkened contour colour at `table[256 + i]`, then the
    /// two greys of undefined pixels at 512 and 513, as the four RGBA bytes in memory order.
    table: Vec<u32>,
    table_key: Option<([u8; 3], [u8; 3])>,
    /// One row's table entries (see the second pass of [`Heatmap::shade`]).
    code: Vec<u16>,
    pixels: Vec<u32>,
}

impl Heatmap {
    /// The RGBA output, `w × h × 4` bytes, row 0 at the top.
    pub fn rgba(&self) -> &[u8] {
        // SAFETY: `pixels` is initialised memory of `4 × len` bytes; u8 has no alignment or
        // validity requirement, and the borrow keeps the vector alive and unchanged.
        unsafe { std::slice::from_raw_parts(self.pixels.as_ptr().cast::<u8>(), self.pixels.len() * 4) }
    }

    /// Shades `values` (`w × h`, row 0 at the top) into [`Heatmap::rgba`] with `levels` contour
    /// levels (0 = none, at most 255).
    ///
    /// Two passes: values → colour index (0–255) and contour level ⌊index·levels/256⌋; then one
    /// table lookup per pixel, into the darkened half of the table where the level differs from
    /// the right or lower neighbour. In the browser the first pass and the second's contour test
    /// run 16 pixels at a time on simd128 (issue 12, item 4: 1.3 → 0.6 ms for the first pass at
    /// 800×600, measured in Chromium), giving the bytes of [`Heatmap::shade_scalar`]. Non-finite
    /// values are hatched grey (see the module's documentation).
    pub fn shade(&mut self, values: &[f32], w: usize, h: usize, scaling: &Scaling, levels: u32, cmap: &ColorMap) {
        self.shade_with(values, w, h, scaling, levels, cmap, true);
    }

    /// [`Heatmap::shade`] with its first pass done one value at a time, as a reference: the
    /// simd128 pass of the browser must give the same bytes (tests/web_optimizer.rs checks it
    /// there; natively both are the same scalar code).
    pub fn shade_scalar(&mut self, values: &[f32], w: usize, h: usize, scaling: &Scaling, levels: u32, cmap: &ColorMap) {
        self.shade_with(values, w, h, scaling, levels, cmap, false);
    }

    #[allow(clippy::too_many_arguments)]
    fn shade_with(&mut self, values: &[f32], w: usize, h: usize, scaling: &Scaling, levels: u32, cmap: &ColorMap, simd: bool) {
        let n = (w * h).min(values.len());
        self.pixels.resize(w * h, u32::from_ne_bytes([255, 255, 255, 255]));
        let key = (cmap.rgb(0), cmap.rgb(255));
        if self.table_key != Some(key) || self.table.len() != 514 {
            let rgba = |c: [u8; 3]| u32::from_ne_bytes([c[0], c[1], c[2], 255]);
            let dark = |c: [u8; 3]| [(c[0] as u16 * 5 / 9) as u8, (c[1] as u16 * 5 / 9) as u8, (c[2] as u16 * 5 / 9) as u8];
            self.table = (0..=255u8).map(|i| rgba(cmap.rgb(i))).chain((0..=255u8).map(|i| rgba(dark(cmap.rgb(i))))).collect();
            self.table.extend([rgba(UNDEFINED_LIGHT), rgba(UNDEFINED_DARK)]);
            self.table_key = Some(key);
        }
        if w == 0 || h == 0 {
            return;
        }
        let pass = Pass1::new(scaling, levels);
        let lv = pass.lv;
        // Pass 1 (colour index and contour level: simd128 in the browser, the same operations
        // lane by lane natively, see [`index_levels`]) runs one row ahead of pass 2, into two
        // rows of buffers that stay in the cache, not the whole image's (1600×1200 samples in
        // Chromium: 8.1 → 7.7 ms computed, tests/bench/raster.mjs).
        let first = |values: &[f32], index: &mut [u8], level: &mut [u8]| {
            if simd {
                index_levels(values, index, level, &pass)
            } else {
                index_levels_scalar(values, index, level, &pass)
            }
        };
        let rows = (n / w).min(h);
        self.index.resize(2 * w, 0);
        self.level.resize(2 * w, 0);
        if rows > 0 {
            first(&values[..w], &mut self.index[..w], &mut self.level[..w]);
        }
        // Pass 2: colours, darkened where the contour level changes to the right or below.
        let table: &[u32; 514] = self.table[..].try_into().expect("the table has 514 entries");
        self.code.resize(w, 0);
        for y in 0..rows {
            let (slot, next) = if y % 2 == 0 { (0, w) } else { (w, 0) };
            if y + 1 < rows {
                first(&values[(y + 1) * w..(y + 2) * w], &mut self.index[next..next + w], &mut self.level[next..next + w]);
            }
            let (idx, lvl) = (&self.index[slot..slot + w], &self.level[slot..slot + w]);
            let below = if y + 1 < rows { &self.level[next..next + w] } else { lvl };
            let out = &mut self.pixels[y * w..(y + 1) * w];
            // Table entry per pixel: the colour index, +256 (the darkened half) on a contour;
            // without contours every pixel takes the plain half.
            let on = lv > 0;
            let code = &mut self.code[..w];
            let done = if simd { edge_codes(idx, lvl, below, on, code) } else { 0 };
            let last = w - 1;
            for x in done..w {
                let right = if x < last { lvl[x + 1] } else { lvl[x] };
                let edge = on & ((lvl[x] != right) | (lvl[x] != below[x]));
                code[x] = idx[x] as u16 | (edge as u16) << 8;
            }
            for (o, &c) in out.iter_mut().zip(code.iter()) {
                *o = table[(c & 511) as usize];
            }
            if lvl.contains(&UNDEFINED) {
                // Diagonal stripes where the function is undefined.
                for x in 0..w {
                    if lvl[x] == UNDEFINED {
                        out[x] = table[512 + ((x + y) / 3) % 2];
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fast_ln_is_accurate() {
        let mut worst: f32 = 0.0;
        let mut x = 1.0f32;
        while x < 1e7 {
            worst = worst.max((fast_ln(x) - x.ln()).abs());
            x *= 1.013;
        }
        assert!(worst < 2e-3, "worst error {worst}");
    }

    #[test]
    fn scaling_picks_log_for_decades_and_maps_ends() {
        let vals: Vec<f32> = (0..1000).map(|i| (i as f32 / 100.0).powi(4)).collect();
        let s = Scaling::fit(&vals, Some(0.0));
        assert!(s.log);
        assert_eq!(s.t(0.0), 0.0);
        assert!((s.t(s.hi) - 1.0).abs() < 1e-3);
        assert_eq!(s.t(f32::NAN), 1.0);
        let lin: Vec<f32> = (0..100).map(|i| i as f32).collect();
        assert!(!Scaling::fit(&lin, None).log);
    }

    #[test]
    fn contours_appear_where_levels_change() {
        // A left-to-right ramp: vertical contour lines, evenly spaced.
        let (w, h) = (100, 10);
        let vals: Vec<f32> = (0..w * h).map(|i| (i % w) as f32).collect();
        let mut hm = Heatmap::default();
        let s = Scaling { lo: 0.0, hi: 99.0, log: false };
        hm.shade(&vals, w, h, &s, 10, &ColorMap::viridis_light());
        let dark_cols = (0..w).filter(|&x| {
            let o = (5 * w + x) * 4;
            let c = ColorMap::viridis_light().at(x as f64 / 99.0);
            hm.rgba()[o] < c[0].saturating_sub(10) || hm.rgba()[o + 1] < c[1].saturating_sub(10)
        });
        assert!((8..=11).contains(&dark_cols.count()));
        assert_eq!(hm.rgba().len(), w * h * 4);
    }

    #[test]
    fn undefined_values_are_hatched_grey_not_coloured() {
        // Left half defined (a ramp), right half NaN or infinite.
        let (w, h) = (40, 12);
        let vals: Vec<f32> = (0..w * h).map(|i| match i % w { x if x < 20 => x as f32, x if x % 2 == 0 => f32::NAN, _ => f32::INFINITY }).collect();
        let s = Scaling::fit(&vals, None);
        assert_eq!((s.lo, s.hi), (0.0, 19.0), "only finite values set the range");
        let mut hm = Heatmap::default();
        hm.shade(&vals, w, h, &s, 10, &ColorMap::viridis_light());
        let px = |x: usize, y: usize| -> [u8; 3] {
            let o = (y * w + x) * 4;
            [hm.rgba()[o], hm.rgba()[o + 1], hm.rgba()[o + 2]]
        };
        let greys: std::collections::HashSet<[u8; 3]> = (0..h).flat_map(|y| (20..w).map(move |x| (x, y))).map(|(x, y)| px(x, y)).collect();
        assert_eq!(greys, [UNDEFINED_LIGHT, UNDEFINED_DARK].into_iter().collect(), "undefined pixels are the two greys, both used");
        assert!((0..h).all(|y| (0..19).all(|x| !greys.contains(&px(x, y)))), "defined pixels keep their colours");
        // The colour map never produces the greys (they stand out as 'not a value').
        assert!((0..=255u8).all(|i| !greys.contains(&ColorMap::viridis_light().rgb(i))));
    }

    #[test]
    fn colour_bar_ticks_invert_the_scaling() {
        for log in [false, true] {
            let sc = Scaling { lo: -1.0, hi: 999.0, log };
            for t in [0.0, 0.3, 0.7, 1.0] {
                let v = sc.value_at(t);
                assert!((sc.t(v as f32) as f64 - t).abs() < 2e-3, "log={log} t={t} v={v}");
            }
            let ticks = sc.ticks();
            assert!(ticks.len() >= 3, "{ticks:?}");
            assert!(ticks.iter().all(|v| *v >= -1.0 - 1e-9 && *v <= 999.0 + 1e-9), "{ticks:?}");
        }
        // Log scale: ticks at the minimum plus powers of ten.
        assert_eq!(Scaling { lo: 0.0, hi: 1000.0, log: true }.ticks(), vec![0.0, 1.0, 10.0, 100.0, 1000.0]);
    }
}
