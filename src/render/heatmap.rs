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
        // Eight independent lanes so the loop vectorises; non-finite values are skipped
        // branch-free (v − v is 0 only for finite v).
        let mut los = [f32::INFINITY; 8];
        let mut his = [f32::NEG_INFINITY; 8];
        let mut chunks = values.chunks_exact(8);
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
    // ln(m) ≈ polynomial in (m − 1); coefficients from a least-squares fit on [1, 2).
    let u = m - 1.0;
    let p = u * (0.997_125_8 + u * (-0.470_018_6 + u * (0.224_340_1 + u * -0.058_431_9)));
    e as f32 * std::f32::consts::LN_2 + p
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
    /// the right or lower neighbour. Both passes are branch-free loops over rows. Non-finite
    /// values are hatched grey (see the module's documentation).
    pub fn shade(&mut self, values: &[f32], w: usize, h: usize, scaling: &Scaling, levels: u32, cmap: &ColorMap) {
        let n = (w * h).min(values.len());
        self.index.resize(n, 0);
        self.level.resize(n, 0);
        self.pixels.resize(w * h, u32::from_ne_bytes([255, 255, 255, 255]));
        let key = (cmap.rgb(0), cmap.rgb(255));
        if self.table_key != Some(key) || self.table.len() != 514 {
            let rgba = |c: [u8; 3]| u32::from_ne_bytes([c[0], c[1], c[2], 255]);
            let dark = |c: [u8; 3]| [(c[0] as u16 * 5 / 9) as u8, (c[1] as u16 * 5 / 9) as u8, (c[2] as u16 * 5 / 9) as u8];
            self.table = (0..=255u8).map(|i| rgba(cmap.rgb(i))).chain((0..=255u8).map(|i| rgba(dark(cmap.rgb(i))))).collect();
            self.table.extend([rgba(UNDEFINED_LIGHT), rgba(UNDEFINED_DARK)]);
            self.table_key = Some(key);
        }
        // Pass 1: colour index and contour level. Constants hoisted so the loop is one log per pixel.
        let (lo, hi) = (scaling.lo, scaling.hi);
        let lv = levels.min(255);
        let (k, log, inv_d) = if scaling.log {
            let inv_d = 1.0 / ((hi - lo) * 1e-3);
            (255.0 / fast_ln(1.0 + (hi - lo) * inv_d), true, inv_d)
        } else {
            (255.0 / (hi - lo), false, 0.0)
        };
        for ((v, ix), l) in values[..n].iter().zip(self.index.iter_mut()).zip(self.level.iter_mut()) {
            let x = if *v <= hi { (*v - lo).max(0.0) } else { hi - lo };
            let t = if log { fast_ln(1.0 + x * inv_d) * k } else { x * k };
            let i = t.clamp(0.0, 255.0) as u32;
            // v − v is 0 only for finite v.
            let undefined = (*v - *v) != 0.0;
            *ix = i as u8;
            *l = if undefined { UNDEFINED } else { ((i * lv) >> 8) as u8 };
        }
        if w == 0 || h == 0 {
            return;
        }
        // Pass 2: colours, darkened where the contour level changes to the right or below.
        let rows = (n / w).min(h);
        for y in 0..rows {
            let (idx, lvl) = (&self.index[y * w..(y + 1) * w], &self.level[y * w..(y + 1) * w]);
            let below = if y + 1 < rows { &self.level[(y + 1) * w..(y + 2) * w] } else { lvl };
            let out = &mut self.pixels[y * w..(y + 1) * w];
            for x in 0..w - 1 {
                let edge = (lv > 0) & ((lvl[x] != lvl[x + 1]) | (lvl[x] != below[x]));
                out[x] = self.table[idx[x] as usize + ((edge as usize) << 8)];
            }
            let x = w - 1;
            let edge = (lv > 0) & (lvl[x] != below[x]);
            out[x] = self.table[idx[x] as usize + ((edge as usize) << 8)];
            if lvl.contains(&UNDEFINED) {
                // Diagonal stripes where the function is undefined.
                for x in 0..w {
                    if lvl[x] == UNDEFINED {
                        out[x] = self.table[512 + ((x + y) / 3) % 2];
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
