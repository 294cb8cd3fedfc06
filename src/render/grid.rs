//! A sampled scalar field (values computed on an nx × ny grid over a box, e.g. a loss surface
//! through trained weights) drawn as the optimizer lab draws a landscape: the same heatmap
//! ([`Heatmap`]: colour map, log scaling when the values span decades, contour lines where the
//! colour level changes), a colour bar, and lines, dots and marks on top. Several panels side by
//! side (stacked on a phone) share one colour scale.
//!
//! The grid is upsampled bilinearly to one sample per CSS pixel of the plot (between grid points
//! the shading interpolates; at a grid point it is that point's value), so the contours follow
//! the interpolated field as the landscape's follow the exact one. A non-finite grid value makes
//! the cells around it hatched grey, as an undefined landscape value does.

use std::hash::{Hash, Hasher};

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::chart::{ChartFrame, Series, NARROW_CSS_PX};
use super::colormap::ColorMap;
use super::figure::{derr, draw_mark, Mark};
use super::heatmap::{Heatmap, Scaling};
use super::landscape::{draw_colour_bar, draw_raster_axes, next_generation, Raster};
use super::legend::{draw_legend_in, split_for_legend, LegendEntry, Swatch};
use super::theme::{Theme, INK, MUTED};

/// Contour levels of the heatmap (as the landscape's).
pub const GRID_LEVELS: u32 = 24;

/// One or more sampled fields on one colour scale.
#[derive(Clone, Debug, Default)]
pub struct GridMap {
    /// The panels, side by side.
    pub panels: Vec<GridPanel>,
    /// Horizontal axis title.
    pub x_desc: String,
    /// Vertical axis title.
    pub y_desc: String,
    /// What the colour shows, written over the colour bar (e.g. "L").
    pub value_name: String,
}

/// One sampled field and what is drawn over it.
#[derive(Clone, Debug, Default)]
pub struct GridPanel {
    /// Written above the plot (empty: none).
    pub title: String,
    /// `nx × ny` values: row j at y = y₀ + j·(y₁ − y₀)/(ny − 1) from the bottom, column i at
    /// x = x₀ + i·(x₁ − x₀)/(nx − 1) from the left.
    pub values: Vec<f64>,
    /// Grid points per row.
    pub nx: usize,
    /// Rows.
    pub ny: usize,
    /// (x₀, x₁): the first and last column's x.
    pub x_range: (f64, f64),
    /// (y₀, y₁): the first and last row's y.
    pub y_range: (f64, f64),
    /// Lines and dots drawn over the heatmap, in order (labelled ones in the legend; a NaN point
    /// lifts the pen).
    pub series: Vec<Series>,
    /// Marks at data points, drawn last.
    pub marks: Vec<Mark>,
}

impl GridMap {
    /// The scaling every panel is shaded with: fitted to all their finite values together.
    pub fn scaling(&self) -> Scaling {
        let all: Vec<f32> = self.panels.iter().flat_map(|p| p.values.iter().map(|&v| v as f32)).collect();
        Scaling::fit(&all, None)
    }
}

/// The rasters of a grid view, one per panel, recomputed only when a panel's values, the colour
/// scale or the plot's size change.
#[derive(Default)]
pub struct GridCache {
    entries: Vec<Entry>,
    /// How many rasters were computed (for tests).
    pub recomputes: u64,
}

#[derive(Default)]
struct Entry {
    key: u64,
    samples: Vec<f32>,
    heatmap: Heatmap,
    cols: usize,
    rows: usize,
    block: usize,
    generation: u64,
}

impl GridCache {
    /// The raster of panel `k` for a plot of `w × h` device pixels, one sample per
    /// `block × block` pixels, covering ⌈w/block⌉·block × ⌈h/block⌉·block pixels from the top left.
    pub fn raster(&mut self, k: usize, panel: &GridPanel, scaling: &Scaling, w: usize, h: usize, block: usize) -> Raster<'_> {
        if self.entries.len() <= k {
            self.entries.resize_with(k + 1, Entry::default);
        }
        let block = block.clamp(1, 4);
        let mut hasher = std::collections::hash_map::DefaultHasher::new();
        (panel.nx, panel.ny, w, h, block).hash(&mut hasher);
        for v in [panel.x_range.0, panel.x_range.1, panel.y_range.0, panel.y_range.1].iter().chain(&panel.values) {
            v.to_bits().hash(&mut hasher);
        }
        (scaling.lo.to_bits(), scaling.hi.to_bits(), scaling.log).hash(&mut hasher);
        let key = hasher.finish();
        let e = &mut self.entries[k];
        if e.key != key || e.generation == 0 {
            self.recomputes += 1;
            let (cols, rows) = (w.max(1).div_ceil(block), h.max(1).div_ceil(block));
            upsample(panel, w.max(1), h.max(1), cols, rows, block, &mut e.samples);
            e.heatmap.shade(&e.samples, cols, rows, scaling, GRID_LEVELS, &ColorMap::viridis_light());
            (e.key, e.cols, e.rows, e.block, e.generation) = (key, cols, rows, block, next_generation());
        }
        Raster { rgba: e.heatmap.rgba(), cols: e.cols, rows: e.rows, block: e.block, generation: e.generation, opaque: true }
    }
}

/// The grid's values at the centre of each `block × block` square of a `w × h` plot showing
/// exactly the grid's box (`cols × rows` samples, row 0 at the top), interpolated bilinearly.
fn upsample(p: &GridPanel, w: usize, h: usize, cols: usize, rows: usize, block: usize, out: &mut Vec<f32>) {
    out.clear();
    out.resize(cols * rows, f32::NAN);
    if p.nx < 2 || p.ny < 2 || p.values.len() < p.nx * p.ny {
        return;
    }
    let at = |i: usize, j: usize| p.values[j * p.nx + i];
    for r in 0..rows {
        // Fraction of the height from the bottom, then the fractional row.
        let v = 1.0 - ((r * block) as f64 + block as f64 / 2.0) / h as f64;
        let fy = (v * (p.ny - 1) as f64).clamp(0.0, (p.ny - 1) as f64);
        let j0 = (fy as usize).min(p.ny - 2);
        let ty = fy - j0 as f64;
        for c in 0..cols {
            let u = ((c * block) as f64 + block as f64 / 2.0) / w as f64;
            let fx = (u * (p.nx - 1) as f64).clamp(0.0, (p.nx - 1) as f64);
            let i0 = (fx as usize).min(p.nx - 2);
            let tx = fx - i0 as f64;
            let a = at(i0, j0) * (1.0 - tx) + at(i0 + 1, j0) * tx;
            let b = at(i0, j0 + 1) * (1.0 - tx) + at(i0 + 1, j0 + 1) * tx;
            out[r * cols + c] = (a * (1.0 - ty) + b * ty) as f32;
        }
    }
}

/// Draws `map` filling `area`, each panel's raster copied by `blit` (as a landscape's); returns
/// each panel's plot (backend pixels ↔ data).
pub fn draw_grid<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    theme: &Theme,
    map: &GridMap,
    cache: &mut GridCache,
    blit: &mut dyn FnMut(&Raster, i32, i32, u32, u32) -> Result<(), String>,
) -> Result<Vec<ChartFrame>, String> {
    area.fill(&WHITE).map_err(derr)?;
    let scaling = map.scaling();
    let n = map.panels.len();
    if n == 0 {
        return Ok(Vec::new());
    }
    let narrow = (area.dim_in_pixel().0 as f64) < NARROW_CSS_PX * theme.scale;
    let parts = if n == 1 {
        vec![area.clone()]
    } else if narrow {
        area.split_evenly((n, 1))
    } else {
        area.split_evenly((1, n))
    };
    let mut frames = Vec::with_capacity(n);
    for (k, (part, panel)) in parts.iter().zip(&map.panels).enumerate() {
        frames.push(draw_grid_panel(part, theme, map, k, panel, &scaling, cache, blit)?);
    }
    Ok(frames)
}

#[allow(clippy::too_many_arguments)]
fn draw_grid_panel<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    theme: &Theme,
    map: &GridMap,
    k: usize,
    panel: &GridPanel,
    scaling: &Scaling,
    cache: &mut GridCache,
    blit: &mut dyn FnMut(&Raster, i32, i32, u32, u32) -> Result<(), String>,
) -> Result<ChartFrame, String> {
    let entries: Vec<LegendEntry> = panel
        .series
        .iter()
        .filter(|s| !s.label.is_empty() && !s.points.is_empty())
        .map(|s| LegendEntry { label: s.label.clone(), color: s.color, swatch: if s.dots { Swatch::Dot } else { Swatch::Line(s.width) } })
        .collect();
    let (plot_area, band) = split_for_legend(area, theme, entries.len());
    let area = &plot_area;
    let (w, h) = area.dim_in_pixel();
    let (left, bottom, margin) = (theme.px(46.0), theme.px(34.0), theme.px(8.0));
    // Room above the plot for the title, or at least for the colour bar's name and top tick.
    let top = if panel.title.is_empty() { theme.px(10.0) } else { theme.px(20.0) };
    let bar = if w as f64 >= theme.px(260.0) as f64 { theme.px(62.0) } else { 0 };
    // A square plot: one unit of a is as long as one of b (the grid's box is square).
    let pw = (w as f64 - left as f64 - 2.0 * margin as f64 - bar as f64).max(10.0);
    let ph = (h as f64 - bottom as f64 - 2.0 * margin as f64 - top as f64).max(10.0);
    let (xs, ys) = ((panel.x_range.1 - panel.x_range.0).abs().max(1e-300), (panel.y_range.1 - panel.y_range.0).abs().max(1e-300));
    let per_px = (xs / pw).max(ys / ph);
    let (extra_x, extra_y) = ((pw - xs / per_px).max(0.0) as u32, (ph - ys / per_px).max(0.0) as u32);
    let mut builder = ChartBuilder::on(area);
    builder
        .margin_left(margin + extra_x / 2)
        .margin_right(margin + bar + extra_x - extra_x / 2)
        .margin_top(margin + top + extra_y / 2)
        .margin_bottom(margin + extra_y - extra_y / 2)
        .x_label_area_size(bottom)
        .y_label_area_size(left);
    let mut chart = builder.build_cartesian_2d(panel.x_range.0..panel.x_range.1, panel.y_range.0..panel.y_range.1).map_err(derr)?;
    draw_raster_axes(&mut chart, theme, &map.x_desc, &map.y_desc)?;
    let (xr, yr) = chart.plotting_area().get_pixel_range();
    let (bx, by) = area.get_base_pixel();
    let (rw, rh) = ((xr.end - xr.start).max(1) as usize, (yr.end - yr.start).max(1) as usize);
    let block = (theme.scale.round() as usize).clamp(1, 3);
    let raster = cache.raster(k, panel, scaling, rw, rh, block);
    blit(&raster, xr.start, yr.start, rw as u32, rh as u32)?;
    if !panel.title.is_empty() {
        let title = (theme.family(), theme.normal()).into_font().color(&INK).pos(Pos::new(HPos::Center, VPos::Bottom));
        area.draw(&Text::new(panel.title.clone(), ((xr.start + xr.end) / 2 - bx, yr.start - by - theme.ipx(4.0)), title)).map_err(derr)?;
    }
    // Lines and dots, in data units, clipped to the plot.
    let plot = chart.plotting_area();
    let mut occupied: Vec<(f64, f64)> = Vec::new();
    for s in &panel.series {
        let style = ShapeStyle::from(&s.color).stroke_width(theme.px(s.width));
        if s.dots {
            for &p in s.points.iter().filter(|p| p.0.is_finite() && p.1.is_finite()) {
                plot.draw(&Circle::new(p, theme.px(5.0), ShapeStyle::from(&s.color).filled())).map_err(derr)?;
                plot.draw(&Circle::new(p, theme.px(5.0), ShapeStyle::from(&WHITE).stroke_width(theme.px(1.5)))).map_err(derr)?;
            }
        } else {
            for run in s.points.split(|p| !(p.0.is_finite() && p.1.is_finite())) {
                if run.len() >= 2 {
                    plot.draw(&PathElement::new(run.to_vec(), style)).map_err(derr)?;
                }
            }
        }
        for &p in s.points.iter().filter(|p| p.0.is_finite() && p.1.is_finite()) {
            let (x, y) = chart.backend_coord(&p);
            occupied.push(((x - bx) as f64, (y - by) as f64));
        }
    }
    let frame = ChartFrame {
        x_px: (xr.start, xr.end),
        y_px: (yr.start, yr.end),
        x_range: (panel.x_range.0, panel.x_range.1, false),
        y_range: (panel.y_range.0, panel.y_range.1, false),
    };
    let local = ChartFrame { x_px: (xr.start - bx, xr.end - bx), y_px: (yr.start - by, yr.end - by), ..frame };
    for m in &panel.marks {
        draw_mark(area, theme, &local, m)?;
    }
    if bar > 0 {
        draw_colour_bar(area, theme, scaling, [local.x_px.1 + theme.ipx(10.0), local.y_px.0, local.x_px.1 + theme.ipx(22.0), local.y_px.1], &map.value_name)?;
    }
    draw_legend_in(area, band.as_ref(), theme, &entries, [local.x_px.0, local.y_px.0, local.x_px.1, local.y_px.1], MUTED, &occupied)?;
    Ok(frame)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A bowl a² + b² on a 21 × 21 grid over [−1, 1]², with a line and a ring over it.
    fn bowl(n: usize, offset: f64) -> GridPanel {
        let c = |i: usize| -1.0 + 2.0 * i as f64 / (n - 1) as f64;
        let values = (0..n * n).map(|k| offset + c(k % n).powi(2) + c(k / n).powi(2)).collect();
        let mut p = GridPanel { title: format!("bowl + {offset}"), values, nx: n, ny: n, x_range: (-1.0, 1.0), y_range: (-1.0, 1.0), ..GridPanel::default() };
        p.series.push(Series::line("path", INK, vec![(-0.8, -0.8), (0.0, 0.0)]));
        p.marks.push(Mark { at: (0.5, 0.5), shape: super::super::figure::Shape::Ring(4.0), color: INK, width: 1.0 });
        p
    }

    fn bitmap(map: &GridMap, cache: &mut GridCache, w: u32, h: u32) -> (Vec<u8>, Vec<ChartFrame>) {
        crate::render::font::ready().unwrap();
        let mut pixels = vec![255u8; (w * h * 3) as usize];
        let frames;
        {
            let area = BitMapBackend::with_buffer(&mut pixels, (w, h)).into_drawing_area();
            let mut blit = |r: &Raster, x: i32, y: i32, dw: u32, dh: u32| -> Result<(), String> {
                let image = BitMapElement::<_, plotters::backend::RGBPixel>::with_owned_buffer((x, y), (dw, dh), r.to_rgb(dw, dh)).ok_or("raster size")?;
                area.draw(&image).map_err(derr)
            };
            frames = draw_grid(&area, &Theme::new(1.0), map, cache, &mut blit).unwrap();
            area.present().unwrap();
        }
        (pixels, frames)
    }

    #[test]
    fn a_grid_is_shaded_dark_where_low_with_contours_and_one_scale_for_all_panels() {
        let map = GridMap { panels: vec![bowl(21, 0.0), bowl(21, 1.0)], x_desc: "a".into(), y_desc: "b".into(), value_name: "L".into() };
        let mut cache = GridCache::default();
        let (w, h) = (900u32, 420u32);
        let (px, frames) = bitmap(&map, &mut cache, w, h);
        assert_eq!(frames.len(), 2);
        assert!(frames[0].x_px.1 <= frames[1].x_px.0, "side by side");
        let at = |x: i32, y: i32| -> [u8; 3] {
            let o = ((y as u32 * w + x as u32) * 3) as usize;
            [px[o], px[o + 1], px[o + 2]]
        };
        let lum = |c: [u8; 3]| 0.2126 * c[0] as f64 + 0.7152 * c[1] as f64 + 0.0722 * c[2] as f64;
        let pixel = |f: &ChartFrame, x: f64, y: f64| super::super::figure::to_pixel(f, x, y).unwrap();
        for f in &frames {
            // Square plot over the square box.
            assert!(((f.x_px.1 - f.x_px.0) - (f.y_px.1 - f.y_px.0)).abs() <= 2, "{f:?}");
            // Dark near the minimum (off the drawn path), light at a corner.
            let (cx, cy) = pixel(f, 0.1, -0.05);
            let (kx, ky) = pixel(f, 0.95, -0.95);
            assert!(lum(at(cx, cy)) + 60.0 < lum(at(kx, ky)), "centre {:?}, corner {:?}", at(cx, cy), at(kx, ky));
        }
        // One scale: the second bowl (1 higher everywhere) is lighter at its centre than the first.
        let (ax, ay) = pixel(&frames[0], 0.1, -0.05);
        let (bx, by) = pixel(&frames[1], 0.1, -0.05);
        assert!(lum(at(ax, ay)) + 20.0 < lum(at(bx, by)), "{:?} vs {:?}", at(ax, ay), at(bx, by));
        // Contours: along the row through the centre, the colour steps darker at level changes.
        let f = &frames[0];
        let y = (f.y_px.0 + f.y_px.1) / 2 + 3;
        let row: Vec<[u8; 3]> = (f.x_px.0 + 2..f.x_px.1 - 2).map(|x| at(x, y)).collect();
        let dips = row.windows(3).filter(|t| lum(t[1]) + 15.0 < lum(t[0]).min(lum(t[2]))).count();
        assert!(dips >= 6, "{dips} contour crossings along the middle row");
        // The path is drawn over the raster (ink at its middle point), the ring at its point.
        let (mx, my) = pixel(f, -0.4, -0.4);
        assert!((-1..=1).any(|d| lum(at(mx + d, my)) < 80.0), "path at {:?}", at(mx, my));
        // Redrawing unchanged reuses both rasters.
        assert_eq!(cache.recomputes, 2);
        bitmap(&map, &mut cache, w, h);
        assert_eq!(cache.recomputes, 2);
    }

    /// On the SVG backend (export) each panel's raster is handed to the blit at its plot's
    /// corner and size (where the page embeds it as an image), before the lines over it.
    #[test]
    fn on_svg_each_raster_is_blitted_at_its_plot_under_the_lines() {
        let map = GridMap { panels: vec![bowl(11, 0.0), bowl(11, 1.0)], x_desc: "a".into(), y_desc: "b".into(), value_name: "L".into() };
        let mut cache = GridCache::default();
        let mut out = String::new();
        let mut blits = Vec::new();
        let frames = {
            let area = SVGBackend::with_string(&mut out, (900, 420)).into_drawing_area();
            let mut blit = |r: &Raster, x: i32, y: i32, w: u32, h: u32| -> Result<(), String> {
                assert_eq!(r.rgba.len(), r.cols * r.rows * 4);
                assert!(r.cols * r.block >= w as usize && r.rows * r.block >= h as usize);
                blits.push((x, y, w, h));
                area.draw(&Text::new(format!("@@raster{}@@", blits.len()), (x, y), ("sans-serif", 10))).map_err(derr)
            };
            let frames = draw_grid(&area, &Theme::new(1.0), &map, &mut cache, &mut blit).unwrap();
            area.present().unwrap();
            frames
        };
        assert_eq!(blits.len(), 2);
        for (f, &(x, y, w, h)) in frames.iter().zip(&blits) {
            assert_eq!((x, y, x + w as i32, y + h as i32), (f.x_px.0, f.y_px.0, f.x_px.1, f.y_px.1));
        }
        // The second panel's path starts after its raster's marker.
        let marker = out.find("@@raster2@@").unwrap();
        assert!(out[marker..].contains("<polyline") || out[marker..].contains("<path"), "lines over the raster");
        assert!(out.contains(">\nL\n</text>"), "the colour bar is named");
    }

    #[test]
    fn upsampling_hits_the_grid_values_at_the_grid_points() {
        let p = bowl(3, 0.0);
        let mut out = Vec::new();
        // 5 × 5 pixels over 3 × 3 points: pixel centres at 0.1, 0.3, 0.5 … of the box.
        upsample(&p, 5, 5, 5, 5, 1, &mut out);
        // Centre pixel is the grid's centre (0).
        assert!((out[12] - 0.0).abs() < 1e-6, "{}", out[12]);
        // Pixel (0, 0) at u = 0.1 (a = −0.8), v = 0.9 (b = 0.8): bilinear in the cell of the grid
        // points a ∈ {−1, 0}, b ∈ {0, 1} (values 1, 0 below, 2, 1 above), 0.2 of the way in a and
        // 0.8 in b: 0.2·(0.8·1 + 0.2·0) + 0.8·(0.8·2 + 0.2·1) = 1.6.
        assert!((out[0] - 1.6).abs() < 1e-5, "{}", out[0]);
        let mut bad = bowl(3, 0.0);
        bad.values[0] = f64::NAN;
        upsample(&bad, 5, 5, 5, 5, 1, &mut out);
        assert!(out[20].is_nan() && out[0].is_finite(), "the bottom-left cell is undefined, not the top-left");
    }
}
