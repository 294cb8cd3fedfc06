//! Heatmap rasters: a grid of function values → RGBA pixels, with contour lines, in one pass.
//!
//! Written straight into a byte buffer (blitted once with `putImageData`) because drawing a
//! million pixels through the canvas API is far too slow. Colour uses a logarithmic scale when
//! values span decades: t = ln(1 + (v − lo)/d) / ln(1 + (hi − lo)/d) with d = (hi − lo)·10⁻³,
//! so three decades above the minimum stay distinguishable. Contour lines are drawn where the
//! contour level ⌊t·levels⌋ changes between neighbouring pixels.

use super::colormap::ColorMap;

/// How values map to [0, 1].
#[derive(Clone, Copy, Debug, PartialEq)]
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

/// Reusable buffers so redraws do not allocate.
#[derive(Default)]
pub struct Heatmap {
    index: Vec<u8>,
    lut: Vec<[u8; 4]>,
    dark: Vec<[u8; 4]>,
    /// The RGBA output, `w × h × 4` bytes.
    pub rgba: Vec<u8>,
}

impl Heatmap {
    /// Shades `values` (`w × h`, row 0 at the top) into [`Heatmap::rgba`] with `levels` contour
    /// levels (0 = none, at most 255).
    ///
    /// Two passes: values → colour index (0–255), then index → RGBA with the contour test. The
    /// contour level of a pixel is ⌊index·levels/256⌋, so contours need no second buffer.
    pub fn shade(&mut self, values: &[f32], w: usize, h: usize, scaling: &Scaling, levels: u32, cmap: &ColorMap) {
        self.shade_blocks(values, 1, w, h, scaling, levels, cmap);
    }

    /// Like [`Heatmap::shade`] for values sampled once per `block × block` pixels: `values` is
    /// ⌈w/block⌉ × ⌈h/block⌉, each sample's colour (and contour test) fills its block of the
    /// full `w × h` raster. With block = 2 on a devicePixelRatio-2 screen the function is
    /// sampled once per CSS pixel and contour lines are one CSS pixel wide, as on a 1× screen.
    #[allow(clippy::too_many_arguments)]
    pub fn shade_blocks(&mut self, values: &[f32], block: usize, w: usize, h: usize, scaling: &Scaling, levels: u32, cmap: &ColorMap) {
        let block = block.max(1);
        let (cw, ch) = (w.div_ceil(block), h.div_ceil(block));
        let n = (cw * ch).min(values.len());
        self.index.resize(n, 0);
        self.rgba.resize(w * h * 4, 255);
        let stale = self.lut.len() != 256 || self.lut[0][..3] != cmap.rgb(0) || self.lut[255][..3] != cmap.rgb(255);
        if stale {
            self.lut = (0..=255u8).map(|i| { let c = cmap.rgb(i); [c[0], c[1], c[2], 255] }).collect();
            self.dark = self.lut.iter().map(|c| [(c[0] as u16 * 5 / 9) as u8, (c[1] as u16 * 5 / 9) as u8, (c[2] as u16 * 5 / 9) as u8, 255]).collect();
        }
        // Pass 1: colour index. Constants hoisted so the loop is one log per pixel.
        let (lo, hi) = (scaling.lo, scaling.hi);
        if scaling.log {
            let inv_d = 1.0 / ((hi - lo) * 1e-3);
            let inv_max = 255.0 / fast_ln(1.0 + (hi - lo) * inv_d);
            for (v, ix) in values[..n].iter().zip(self.index.iter_mut()) {
                let x = if *v <= hi { (*v - lo).max(0.0) } else { hi - lo };
                *ix = (fast_ln(1.0 + x * inv_d) * inv_max) as u8;
            }
        } else {
            let k = 255.0 / (hi - lo);
            for (v, ix) in values[..n].iter().zip(self.index.iter_mut()) {
                let x = if *v <= hi { (*v - lo).max(0.0) } else { hi - lo };
                *ix = (x * k) as u8;
            }
        }
        // Pass 2: colours, darkened where the contour level differs from the right or lower neighbour.
        if w == 0 || h == 0 || cw == 0 {
            return;
        }
        let lv = levels.min(255);
        let mut level = [0u8; 256];
        for (i, l) in level.iter_mut().enumerate() {
            *l = ((i as u32 * lv) >> 8) as u8;
        }
        let rows = (n / cw).min(ch);
        if block > 1 {
            // One colour and one contour test per sample, written to its block × block pixels:
            // the first pixel row of each block is filled, the others are copies of it.
            for cy in 0..rows {
                let y0 = cy * block;
                if y0 >= h {
                    break;
                }
                let row = &self.index[cy * cw..(cy + 1) * cw];
                let below = if cy + 1 < rows { &self.index[(cy + 1) * cw..(cy + 2) * cw] } else { row };
                let out = &mut self.rgba[y0 * w * 4..(y0 + 1) * w * 4];
                for cx in 0..cw {
                    let i = row[cx];
                    let l = level[i as usize];
                    let r = level[row[(cx + 1).min(cw - 1)] as usize];
                    let d = level[below[cx] as usize];
                    let c = if lv > 0 && (l != r || l != d) { self.dark[i as usize] } else { self.lut[i as usize] };
                    let x1 = ((cx + 1) * block).min(w);
                    for px in out[4 * cx * block..4 * x1].chunks_exact_mut(4) {
                        px.copy_from_slice(&c);
                    }
                }
                for dy in 1..block {
                    if y0 + dy < h {
                        self.rgba.copy_within(y0 * w * 4..(y0 + 1) * w * 4, (y0 + dy) * w * 4);
                    }
                }
            }
            return;
        }
        for y in 0..rows.min(h) {
            let row = &self.index[y * w..(y + 1) * w];
            let below = if y + 1 < rows { &self.index[(y + 1) * w..(y + 2) * w] } else { row };
            let out = &mut self.rgba[y * w * 4..(y + 1) * w * 4];
            for (x, px) in out.chunks_exact_mut(4).enumerate() {
                let i = row[x];
                let l = level[i as usize];
                let r = if x + 1 < w { level[row[x + 1] as usize] } else { l };
                let d = level[below[x] as usize];
                let c = if lv > 0 && (l != r || l != d) { self.dark[i as usize] } else { self.lut[i as usize] };
                px.copy_from_slice(&c);
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
    fn block_shading_replicates_the_coarse_shading() {
        let (w, h) = (37, 23);
        let (cw, ch) = (19, 12);
        let coarse: Vec<f32> = (0..cw * ch).map(|i| ((i * 37) % 101) as f32).collect();
        let s = Scaling { lo: 0.0, hi: 100.0, log: true };
        let cm = ColorMap::viridis_light();
        let (mut a, mut b) = (Heatmap::default(), Heatmap::default());
        a.shade_blocks(&coarse, 2, w, h, &s, 12, &cm);
        b.shade(&coarse, cw, ch, &s, 12, &cm);
        for y in 0..h {
            for x in 0..w {
                let (o, c) = ((y * w + x) * 4, ((y / 2) * cw + x / 2) * 4);
                assert_eq!(a.rgba[o..o + 4], b.rgba[c..c + 4], "pixel ({x}, {y})");
            }
        }
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
            hm.rgba[o] < c[0].saturating_sub(10) || hm.rgba[o + 1] < c[1].saturating_sub(10)
        });
        assert!((8..=11).contains(&dark_cols.count()));
        assert_eq!(hm.rgba.len(), w * h * 4);
    }
}
