//! The optimizer lab's main view: a loss landscape heatmap with contours, known minima, the
//! start point, each racer's trajectory, optional step arrows, and curvature at the cursor.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::colormap::ColorMap;
use super::heatmap::{Heatmap, Scaling};
use super::legend::{draw_legend_in, split_for_legend, LegendEntry, Swatch};
use super::simplify::simplify;
use super::theme::{Theme, INK, MUTED};
use crate::landscape::{Surface, ViewBox};

/// One racer's trail as drawn.
pub struct Trail<'a> {
    /// Legend text.
    pub label: String,
    /// Colour.
    pub color: RGBColor,
    /// Iterates revealed so far.
    pub points: &'a [[f64; 2]],
    /// Diverged: the step number (drawn as ✕ at the last finite point).
    pub diverged_at: Option<u64>,
    /// The run left the view downhill on a landscape unbounded below (not a divergence).
    pub escaped_downhill: bool,
    /// Arrows at the current iterate: (−gradient, −momentum buffer, step taken), in data units.
    pub arrows: Option<([f64; 2], Option<[f64; 2]>, [f64; 2])>,
}

/// A loss landscape view as data: the field, the region asked for, the start point, the trails and
/// the read-out at the cursor.
pub struct LandscapeMap<'a> {
    /// The scalar field (its values, known minima and minimum value; the heatmap samples it).
    pub surface: &'a crate::landscape::Surface,
    /// The region asked for (widened to equal units on both axes when drawn).
    pub view: ViewBox,
    /// The start point.
    pub start: [f64; 2],
    /// One trail per racer.
    pub trails: Vec<Trail<'a>>,
    /// The curvature read-out at the cursor, if any.
    pub cursor: Option<CursorInfo>,
    /// Changes whenever the trails start over (a new race), so a layer keeping them knows.
    pub generation: u64,
    /// Trails are growing (a race plays): a backend layer may keep what was stroked.
    pub playing: bool,
}

/// Curvature read-out at the cursor.
pub struct CursorInfo {
    /// Position in data units.
    pub at: [f64; 2],
    /// Lines of text.
    pub lines: Vec<String>,
}

/// Where the plot ended up (device pixels) and which data region it shows.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct PlotFrame {
    /// Plot area left, top, right, bottom in device pixels.
    pub px: [i32; 4],
    /// The data region shown (isotropic: one unit is as long in x as in y).
    pub view: ViewBox,
}

impl PlotFrame {
    /// Data coordinates of device pixel (`x`, `y`), or `None` outside the plot.
    pub fn to_data(&self, x: f64, y: f64) -> Option<[f64; 2]> {
        let [l, t, r, b] = self.px.map(|v| v as f64);
        if x < l || x > r || y < t || y > b || r <= l || b <= t {
            return None;
        }
        Some([
            self.view.x_min + (x - l) / (r - l) * self.view.width(),
            self.view.y_max - (y - t) / (b - t) * self.view.height(),
        ])
    }
}

/// What a trail layer that keeps its pixels between frames still has to stroke: while a race
/// plays, trails only grow, so each frame strokes the new segments instead of every trail again
/// (stroking 8 zig-zagging trails of thousands of vertices was most of a frame, traced).
#[derive(Debug, Default)]
pub struct TrailProgress {
    /// Race generation, plot frame and trail count the layer's pixels belong to.
    key: Option<(u64, [i32; 4], [u64; 4], usize)>,
    /// Per trail: iterates consumed, and the last vertex stroked (device pixels).
    done: Vec<(usize, Option<(f64, f64)>)>,
}

impl TrailProgress {
    /// Forgets what was drawn (the next call starts with a cleared layer).
    pub fn reset(&mut self) {
        self.key = None;
    }

    /// The polylines (device pixels) to stroke since the last call, one per trail with new
    /// iterates, each starting at the last vertex stroked; `true` first when the layer must be
    /// cleared (another race `generation`, view or size, or a trail got shorter). Vertices closer
    /// than `min_px` device pixels to the last one kept are skipped, and the newest iterate is
    /// always kept.
    pub fn advance(&mut self, generation: u64, frame: &PlotFrame, trails: &[Trail], min_px: f64) -> (bool, Vec<(usize, Vec<(f64, f64)>)>) {
        let v = frame.view;
        let key = (generation, frame.px, [v.x_min, v.x_max, v.y_min, v.y_max].map(f64::to_bits), trails.len());
        let shorter = self.done.iter().zip(trails).any(|(d, t)| t.points.len() < d.0);
        let clear = self.key != Some(key) || shorter;
        if clear {
            self.key = Some(key);
            self.done = vec![(0, None); trails.len()];
        }
        let [l, t, r, b] = frame.px.map(|p| p as f64);
        let (w, h) = (v.width().max(1e-300), v.height().max(1e-300));
        let to_px = |p: [f64; 2]| -> (f64, f64) {
            // Far-away points stay drawable (the canvas clips; huge values break some backends).
            let x = p[0].clamp(v.x_min - 50.0 * w, v.x_max + 50.0 * w);
            let y = p[1].clamp(v.y_min - 50.0 * h, v.y_max + 50.0 * h);
            (l + (x - v.x_min) / w * (r - l), t + (v.y_max - y) / h * (b - t))
        };
        let min2 = min_px * min_px;
        let mut out = Vec::new();
        for (i, tr) in trails.iter().enumerate() {
            let (from, last) = self.done[i];
            let n = tr.points.len();
            if n <= from {
                continue;
            }
            let mut line: Vec<(f64, f64)> = last.into_iter().collect();
            for (k, p) in tr.points.iter().enumerate().skip(from) {
                let q = to_px(*p);
                if !(q.0.is_finite() && q.1.is_finite()) {
                    continue;
                }
                let far = line.last().is_none_or(|a| (a.0 - q.0).powi(2) + (a.1 - q.1).powi(2) >= min2);
                if far || k + 1 == n {
                    line.push(q);
                }
            }
            self.done[i] = (n, line.last().copied().or(last));
            if !line.is_empty() {
                out.push((i, line));
            }
        }
        (clear, out)
    }
}

/// A heatmap raster of `cols × rows` samples, each shown as a `block × block` square of device
/// pixels (one sample per CSS pixel on a HiDPI screen): the canvas scales it up with
/// nearest-neighbour sampling, which draws exactly what writing every device pixel would, from a
/// quarter of the bytes.
#[derive(Clone, Copy, Debug)]
pub struct Raster<'a> {
    /// RGBA bytes, `cols × rows × 4`, row 0 at the top.
    pub rgba: &'a [u8],
    /// Samples per row.
    pub cols: usize,
    /// Rows of samples.
    pub rows: usize,
    /// Device pixels per sample along each axis.
    pub block: usize,
    /// Changes whenever the raster is recomputed, so a backend may keep its uploaded copy; 0 for
    /// a raster that changes with every drawing (nothing worth keeping).
    pub generation: u64,
    /// Every pixel has alpha 255 (a heatmap), so putting the pixels over what is below them draws
    /// what compositing them would.
    pub opaque: bool,
}

impl Raster<'_> {
    /// The `w × h` device pixels the raster covers, as RGB bytes over a white page: each sample a
    /// `block × block` square, nearest-neighbour as the canvas draws it; samples past the raster's
    /// edge repeat the edge (for a backend without images of its own, e.g. plotters' bitmap).
    pub fn to_rgb(&self, w: u32, h: u32) -> Vec<u8> {
        let mut out = Vec::with_capacity(w as usize * h as usize * 3);
        if self.cols == 0 || self.rows == 0 || self.rgba.len() != self.cols * self.rows * 4 {
            out.resize(w as usize * h as usize * 3, 255);
            return out;
        }
        let block = self.block.max(1);
        for py in 0..h as usize {
            let row = (py / block).min(self.rows - 1);
            for px in 0..w as usize {
                let col = (px / block).min(self.cols - 1);
                let p = &self.rgba[(row * self.cols + col) * 4..][..4];
                let a = p[3] as u32;
                for &c in &p[..3] {
                    out.push(((c as u32 * a + 255 * (255 - a) + 127) / 255) as u8);
                }
            }
        }
        out
    }
}

/// Cached raster: recomputed only when the landscape, the view or the size changes.
#[derive(Default)]
pub struct RasterCache {
    key: String,
    values: Vec<f32>,
    coarse: Vec<f32>,
    heatmap: Heatmap,
    cols: usize,
    rows: usize,
    block: usize,
    generation: u64,
    scaling: Scaling,
    /// How many times the raster was recomputed (for benchmarks and tests).
    pub recomputes: u64,
}

/// Raster generations are unique across caches, so a canvas never mistakes one cache's raster
/// for another's.
static NEXT_GENERATION: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);

/// A raster generation no other raster has had.
pub(super) fn next_generation() -> u64 {
    NEXT_GENERATION.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
}

impl RasterCache {
    /// Forgets the cached raster.
    pub fn invalidate(&mut self) {
        self.key.clear();
    }

    /// The raster of `surface` over `view` for a plot of `w × h` device pixels, one sample per
    /// `block × block` pixels (2 on HiDPI screens: one sample per CSS pixel), recomputed if needed.
    /// The samples cover ⌈w/block⌉·block × ⌈h/block⌉·block pixels from the top-left corner.
    pub fn raster(&mut self, surface: &Surface, view: &ViewBox, w: usize, h: usize, block: usize) -> Raster<'_> {
        let block = block.clamp(1, 4);
        let key = format!("{:?}|{:?}|{w}x{h}/{block}", surface.config(), view);
        if key != self.key {
            self.compute(surface, view, w, h, block);
            self.key = key;
        }
        Raster { rgba: self.heatmap.rgba(), cols: self.cols, rows: self.rows, block: self.block, generation: self.generation, opaque: true }
    }

    fn compute(&mut self, surface: &Surface, view: &ViewBox, w: usize, h: usize, block: usize) {
        self.recomputes += 1;
        self.generation = next_generation();
        let (cw, ch) = (w.max(1).div_ceil(block), h.max(1).div_ceil(block));
        (self.cols, self.rows, self.block) = (cw, ch, block);
        // The region the samples cover (a little beyond the view when w or h is not a multiple of block).
        let sub = ViewBox {
            x_min: view.x_min,
            x_max: view.x_min + view.width() * (cw * block) as f64 / w.max(1) as f64,
            y_min: view.y_max - view.height() * (ch * block) as f64 / h.max(1) as f64,
            y_max: view.y_max,
        };
        let floor = if surface.minima().is_empty() { None } else { Some(surface.min_value() as f32) };
        self.values.resize(cw * ch, 0.0);
        // Expensive landscapes (a sum over data) are evaluated on a coarser grid and upsampled.
        let factor = ((surface.eval_cost() as f64 / 4.0).sqrt().ceil() as usize).clamp(1, 8);
        if factor == 1 {
            surface.value_grid(&sub, cw, ch, &mut self.values);
        } else {
            let (gw, gh) = (cw.div_ceil(factor).max(2), ch.div_ceil(factor).max(2));
            self.coarse.resize(gw * gh, 0.0);
            surface.value_grid(&sub, gw, gh, &mut self.coarse);
            for y in 0..ch {
                let fy = ((y as f32 + 0.5) / ch as f32 * gh as f32 - 0.5).clamp(0.0, (gh - 1) as f32);
                let y0 = (fy as usize).min(gh - 2);
                let ty = fy - y0 as f32;
                for x in 0..cw {
                    let fx = ((x as f32 + 0.5) / cw as f32 * gw as f32 - 0.5).clamp(0.0, (gw - 1) as f32);
                    let x0 = (fx as usize).min(gw - 2);
                    let tx = fx - x0 as f32;
                    let c = &self.coarse;
                    let a = c[y0 * gw + x0] * (1.0 - tx) + c[y0 * gw + x0 + 1] * tx;
                    let b = c[(y0 + 1) * gw + x0] * (1.0 - tx) + c[(y0 + 1) * gw + x0 + 1] * tx;
                    self.values[y * cw + x] = a * (1.0 - ty) + b * ty;
                }
            }
        }
        let scaling = Scaling::fit(&self.values, floor);
        self.heatmap.shade(&self.values, cw, ch, &scaling, 24, &ColorMap::viridis_light());
        self.scaling = scaling;
    }

    /// How the last raster mapped values to colours (for the colour bar).
    pub fn scaling(&self) -> Scaling {
        self.scaling
    }
}

/// Expands `view` so that one data unit has the same length on both axes in a `w × h` plot.
pub fn isotropic(view: &ViewBox, w: f64, h: f64) -> ViewBox {
    let (vw, vh) = (view.width(), view.height());
    if !(w > 0.0 && h > 0.0 && vw > 0.0 && vh > 0.0) {
        return *view;
    }
    let [cx, cy] = view.center();
    let per_px = (vw / w).max(vh / h);
    let (hw, hh) = (per_px * w / 2.0, per_px * h / 2.0);
    ViewBox { x_min: cx - hw, x_max: cx + hw, y_min: cy - hh, y_max: cy + hh }
}

/// The style of a label written at `at` inside the plot: from `at` to the right, or ending at `at`
/// when that would run past the plot's right edge (a racer that diverged at the right edge had
/// its "diverged at step k" cut by the colour bar).
fn inside_label<'a, DB: DrawingBackend>(
    area: &DrawingArea<DB, Cartesian2d<plotters::coord::types::RangedCoordf64, plotters::coord::types::RangedCoordf64>>,
    at: (f64, f64),
    text: &str,
    font: &TextStyle<'a>,
) -> TextStyle<'a> {
    let (x, _) = area.map_coordinate(&at);
    let right = area.get_pixel_range().0.end;
    let width = area.estimate_text_size(text, font).map(|(w, _)| w as i32).unwrap_or(0);
    if x + width > right {
        font.clone().pos(Pos::new(HPos::Right, VPos::Top))
    } else {
        font.clone()
    }
}

/// Draws the landscape view. `blit(raster, x, y, w, h)` draws the heatmap raster scaled by its
/// `block` with its top-left corner at device pixel (x, y), clipped to `w × h` device pixels; it
/// is called after the axes are drawn and before the trajectories. `trail_layer`, when given,
/// strokes the trails on a layer of its own (see [`TrailProgress`]).
pub fn draw_landscape<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    theme: &Theme,
    map: &LandscapeMap,
    cache: &mut RasterCache,
    blit: &mut dyn FnMut(&Raster, i32, i32, u32, u32) -> Result<(), String>,
    trail_layer: Option<&mut dyn FnMut(&PlotFrame, u64, &[Trail]) -> Result<(), String>>,
) -> Result<PlotFrame, String> {
    let (surface, view, start, trails, cursor) = (map.surface, &map.view, map.start, &map.trails[..], map.cursor.as_ref());
    let err = |e: DrawingAreaErrorKind<DB::ErrorType>| format!("drawing failed: {e:?}");
    area.fill(&WHITE).map_err(err)?;
    let mut entries: Vec<LegendEntry> = trails
        .iter()
        .filter(|t| !t.points.is_empty())
        .map(|t| LegendEntry { label: t.label.clone(), color: t.color, swatch: Swatch::Line(3.0) })
        .collect();
    if trails.iter().any(|t| t.arrows.is_some()) {
        // The key of the arrows overlay.
        entries.push(LegendEntry { label: "arrow: −∇f, direction only".into(), color: BLACK, swatch: Swatch::Line(1.5) });
        if trails.iter().any(|t| matches!(t.arrows, Some((_, Some(_), _)))) {
            entries.push(LegendEntry { label: "arrow: −momentum, direction only".into(), color: MUTED, swatch: Swatch::Line(2.5) });
        }
        entries.push(LegendEntry { label: "arrow in racer colour: step taken, true length".into(), color: INK, swatch: Swatch::Line(3.0) });
    }
    // On a phone the legend gets a band below the plot instead of covering a corner of it.
    let (plot_area, band) = split_for_legend(area, theme, entries.len());
    let area = &plot_area;
    let (w, h) = area.dim_in_pixel();
    let (left, bottom, margin) = (theme.px(46.0), theme.px(34.0), theme.px(8.0));
    // Room on the right for the colour bar and its scale (dropped on very narrow canvases).
    let bar = if w as f64 >= theme.px(300.0) as f64 { theme.px(62.0) } else { 0 };
    let pw = (w as f64 - left as f64 - 2.0 * margin as f64 - bar as f64).max(10.0);
    let ph = (h as f64 - bottom as f64 - 2.0 * margin as f64).max(10.0);
    let view = isotropic(view, pw, ph);
    let font = (theme.family(), theme.small()).into_font().color(&INK);
    let mut chart = ChartBuilder::on(area)
        .margin(margin)
        .margin_right(margin + bar)
        .x_label_area_size(bottom)
        .y_label_area_size(left)
        .build_cartesian_2d(view.x_min..view.x_max, view.y_min..view.y_max)
        .map_err(err)?;
    draw_raster_axes(&mut chart, theme, "x (first weight)", "y (second weight)")?;
    let (xr, yr) = chart.plotting_area().get_pixel_range();
    let frame = PlotFrame { px: [xr.start, yr.start, xr.end, yr.end], view };
    let (rw, rh) = ((xr.end - xr.start).max(1) as usize, (yr.end - yr.start).max(1) as usize);
    // One sample per CSS pixel.
    let block = (theme.scale.round() as usize).clamp(1, 3);
    let raster = cache.raster(surface, &view, rw, rh, block);
    blit(&raster, xr.start, yr.start, rw as u32, rh as u32)?;

    let clip = |p: [f64; 2]| -> (f64, f64) {
        // Keep far-away points drawable (the canvas clips); huge values break some backends.
        let (cx, cy) = (view.width() * 50.0, view.height() * 50.0);
        (p[0].clamp(view.x_min - cx, view.x_max + cx), p[1].clamp(view.y_min - cy, view.y_max + cy))
    };
    // Known minima: white ★ with a dark outline.
    for m in surface.minima() {
        let c = clip(*m);
       chart.plotting_area().draw(&Circle::new(c, theme.px(6.0), ShapeStyle::from(&WHITE).filled())).map_err(err)?;
       chart.plotting_area().draw(&Cross::new(c, theme.px(4.0), ShapeStyle::from(&INK).stroke_width(theme.px(1.5)))).map_err(err)?;
    }
    // Start point: white disc with a dark ring, under the trails, so a racer that barely moves
    // (GD on a plateau) still shows its marker on top of the disc.
    let s = clip(start);
    chart.plotting_area().draw(&Circle::new(s, theme.px(6.0), ShapeStyle::from(&WHITE).filled())).map_err(err)?;
    chart.plotting_area().draw(&Circle::new(s, theme.px(6.0), ShapeStyle::from(&INK).stroke_width(theme.px(2.0)))).map_err(err)?;
    // Trajectories: stroked by the caller's layer (which keeps its pixels and strokes only what is
    // new), or here.
    let layered = trail_layer.is_some();
    if let Some(paint) = trail_layer {
        paint(&frame, map.generation, trails)?;
    }
    for t in trails {
        if t.points.is_empty() {
            continue;
        }
        let style = ShapeStyle::from(&t.color).stroke_width(theme.px(2.0));
        // Skip points closer than 1.5 CSS pixels to the last one kept (converged runs pile
        // thousands of iterates onto a few pixels, and stroking is the costly part of a frame);
        // the last point is always kept, and the dots below show every iterate of short runs.
        let unit = view.width() / ((xr.end - xr.start).max(1) as f64) * theme.scale;
        let min_d2 = (1.5 * unit) * (1.5 * unit);
        let mut pts: Vec<(f64, f64)> = Vec::with_capacity(t.points.len().min(4096));
        // With a layer stroking the line, only the dots of short runs and the last point are drawn here.
        let source: &[[f64; 2]] = if layered && t.points.len() >= 400 { &t.points[t.points.len() - 1..] } else { t.points };
        for (k, p) in source.iter().enumerate() {
            let c = clip(*p);
            let far = pts.last().map(|l: &(f64, f64)| (l.0 - c.0).powi(2) + (l.1 - c.1).powi(2) >= min_d2).unwrap_or(true);
            if far || k + 1 == source.len() {
                pts.push(c);
            }
        }
        // Then drop vertices within half a device pixel of the simplified line: stroking
        // segments is the costly part of a frame in a software-rendered canvas.
        let pts = simplify(&pts, 0.5 * unit / theme.scale);
        if !layered {
            chart.draw_series(LineSeries::new(pts.iter().copied(), style)).map_err(err)?;
        }
        if t.points.len() < 400 {
            chart
                .draw_series(pts.iter().map(|&p| Circle::new(p, theme.px(1.8), ShapeStyle::from(&t.color).filled())))
                .map_err(err)?;
        }
        if let Some(&last) = pts.last() {
           chart.plotting_area().draw(&Circle::new(last, theme.px(4.5), ShapeStyle::from(&t.color).filled())).map_err(err)?;
           chart.plotting_area().draw(&Circle::new(last, theme.px(4.5), ShapeStyle::from(&WHITE).stroke_width(theme.px(1.0)))).map_err(err)?;
            if let Some(k) = t.diverged_at {
                // Running off downhill is what descent should do on an unbounded landscape: no
                // red cross, just where and when it left.
                let text = if t.escaped_downhill {
                    format!("escaped downhill at step {k}")
                } else {
                    chart.plotting_area().draw(&Cross::new(last, theme.px(7.0), ShapeStyle::from(&RED).stroke_width(theme.px(3.0)))).map_err(err)?;
                    format!("diverged at step {k}")
                };
                let style = inside_label(chart.plotting_area(), last, &text, &font).color(&t.color);
                chart.plotting_area().draw(&Text::new(text, last, style)).map_err(err)?;
            }
        }
        if let (Some(&last), Some((g, m, s))) = (t.points.last(), t.arrows) {
            draw_arrows(chart.plotting_area(), theme, &view, &frame, last, g, m, s, t.color).map_err(err)?;
        }
    }

    let (bx, by) = area.get_base_pixel();
    // Pixels the data cover (trails sampled every 3 px, minima, start), for the legend.
    let mut occupied: Vec<(f64, f64)> = Vec::new();
    let to_px = |p: (f64, f64)| {
        let (x, y) = chart.backend_coord(&p);
        ((x - bx) as f64, (y - by) as f64)
    };
    for t in trails {
        let mut prev: Option<(f64, f64)> = None;
        for p in t.points.iter().step_by((t.points.len() / 2000).max(1)) {
            let q = to_px(clip(*p));
            if let Some(a) = prev {
                let n = ((q.0 - a.0).hypot(q.1 - a.1) / 3.0).ceil().min(500.0) as usize;
                for k in 1..n {
                    let f = k as f64 / n as f64;
                    occupied.push((a.0 + f * (q.0 - a.0), a.1 + f * (q.1 - a.1)));
                }
            }
            occupied.push(q);
            prev = Some(q);
        }
    }
    occupied.extend(surface.minima().iter().map(|m| to_px(clip(*m))));
    occupied.push(to_px(s));
    if bar > 0 {
        draw_colour_bar(area, theme, &cache.scaling(), [xr.end - bx + theme.px(10.0) as i32, yr.start - by, xr.end - bx + theme.px(22.0) as i32, yr.end - by], "f")?;
    }
    draw_legend_in(area, band.as_ref(), theme, &entries, [frame.px[0] - bx, frame.px[1] - by, frame.px[2] - bx, frame.px[3] - by], MUTED, &occupied)?;
    if let Some(c) = cursor {
        let p = clip(c.at);
       chart.plotting_area().draw(&Cross::new(p, theme.px(6.0), ShapeStyle::from(&INK).stroke_width(theme.px(1.0)))).map_err(err)?;
        let lh = theme.px(15.0) as i32;
        let box_w = theme.px(270.0) as i32;
        let box_h = lh * c.lines.len() as i32 + theme.px(8.0) as i32;
        let (x0, y0) = (xr.start + theme.px(6.0) as i32, yr.end - box_h - theme.px(6.0) as i32);
        area.draw(&Rectangle::new([(x0, y0), (x0 + box_w, y0 + box_h)], ShapeStyle::from(&WHITE.mix(0.9)).filled())).map_err(err)?;
        area.draw(&Rectangle::new([(x0, y0), (x0 + box_w, y0 + box_h)], ShapeStyle::from(&MUTED))).map_err(err)?;
        for (i, line) in c.lines.iter().enumerate() {
            area.draw(&Text::new(
                line.clone(),
                (x0 + theme.px(6.0) as i32, y0 + theme.px(4.0) as i32 + lh * i as i32),
                font.clone().pos(Pos::new(HPos::Left, VPos::Top)),
            ))
            .map_err(err)?;
        }
    }
    Ok(frame)
}

/// A vertical colour bar in `rect` = [left, top, right, bottom] (pixels of `area`): the heatmap's
/// colour map from the lowest value (bottom) to the highest (top), with round tick values of the
/// function named `name` (written over the bar).
pub(super) fn draw_colour_bar<DB: DrawingBackend>(area: &DrawingArea<DB, Shift>, theme: &Theme, scaling: &Scaling, rect: [i32; 4], name: &str) -> Result<(), String> {
    let err = |e: DrawingAreaErrorKind<DB::ErrorType>| format!("drawing failed: {e:?}");
    let cmap = ColorMap::viridis_light();
    let [x0, y0, x1, y1] = rect;
    let h = (y1 - y0).max(1);
    let band = theme.ipx(2.0).max(1);
    let mut y = y0;
    while y < y1 {
        let t = 1.0 - ((y - y0) as f64 + band as f64 / 2.0) / h as f64;
        let [r, g, b] = cmap.at(t);
        area.draw(&Rectangle::new([(x0, y), (x1, (y + band).min(y1))], RGBColor(r, g, b).filled())).map_err(err)?;
        y += band;
    }
    area.draw(&Rectangle::new([(x0, y0), (x1, y1)], ShapeStyle::from(&MUTED))).map_err(err)?;
    let font = (theme.family(), theme.small()).into_font().color(&INK).pos(Pos::new(HPos::Left, VPos::Center));
    let mut last_y: Option<i32> = None;
    for v in scaling.ticks() {
        let t = scaling.t(v as f32) as f64;
        let ty = y1 - (t * h as f64).round() as i32;
        if last_y.is_some_and(|l| (ty - l).abs() < theme.ipx(12.0)) {
            continue; // labels would overlap
        }
        last_y = Some(ty);
        area.draw(&PathElement::new(vec![(x1, ty), (x1 + theme.ipx(3.0), ty)], ShapeStyle::from(&MUTED))).map_err(err)?;
        area.draw(&Text::new(super::chart::tick_label(v), (x1 + theme.ipx(5.0), ty), font.clone())).map_err(err)?;
    }
    // The bar's name above it where a line of text fits there, else below it (the landscape's bar
    // starts 8 px below the canvas' top, where its name was cut to a stray stroke).
    let (at, anchor) = if y0 - theme.ipx(2.0) >= theme.small().ceil() as i32 { (y0 - theme.ipx(2.0), VPos::Bottom) } else { (y1 + theme.ipx(4.0), VPos::Top) };
    let title = (theme.family(), theme.small()).into_font().color(&MUTED).pos(Pos::new(HPos::Left, anchor));
    area.draw(&Text::new(name.to_string(), (x0, at), title)).map_err(err)?;
    Ok(())
}

/// Arrows at `at`: −∇f (dashed direction, fixed length), −momentum (fixed length), and the step
/// actually taken (true length, at least a few pixels so it stays visible).
#[allow(clippy::too_many_arguments)]
fn draw_arrows<DB: DrawingBackend>(
    plot: &DrawingArea<DB, plotters::coord::cartesian::Cartesian2d<plotters::coord::types::RangedCoordf64, plotters::coord::types::RangedCoordf64>>,
    theme: &Theme,
    view: &ViewBox,
    frame: &PlotFrame,
    at: [f64; 2],
    neg_grad: [f64; 2],
    neg_mom: Option<[f64; 2]>,
    step: [f64; 2],
    color: RGBColor,
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    let units_per_px = view.width() / ((frame.px[2] - frame.px[0]).max(1) as f64);
    let fixed = 45.0 * theme.scale * units_per_px;
    let arrow = |v: [f64; 2], len: Option<f64>| -> Option<Vec<(f64, f64)>> {
        let n = v[0].hypot(v[1]);
        if !(n.is_finite() && n > 0.0) {
            return None;
        }
        let l = len.unwrap_or(n.max(6.0 * theme.scale * units_per_px));
        let d = [v[0] / n * l, v[1] / n * l];
        let tip = (at[0] + d[0], at[1] + d[1]);
        let head = 0.25 * l;
        let back = [-d[0] / l * head, -d[1] / l * head];
        let rot = |a: f64| (tip.0 + back[0] * a.cos() - back[1] * a.sin(), tip.1 + back[0] * a.sin() + back[1] * a.cos());
        Some(vec![(at[0], at[1]), tip, rot(0.45), tip, rot(-0.45)])
    };
    if let Some(p) = arrow(neg_grad, Some(fixed)) {
       plot.draw(&PathElement::new(p, ShapeStyle::from(&BLACK).stroke_width(theme.px(1.5))))?;
    }
    if let Some(p) = neg_mom.and_then(|m| arrow(m, Some(fixed))) {
       plot.draw(&PathElement::new(p, ShapeStyle::from(&MUTED).stroke_width(theme.px(2.5))))?;
    }
    if let Some(p) = arrow(step, None) {
       plot.draw(&PathElement::new(p, ShapeStyle::from(&color).stroke_width(theme.px(3.0))))?;
    }
    Ok(())
}


/// The axes of a plot under a raster (the landscape, a loss-surface slice): no grid, muted axes,
/// 7 round tick labels a side, the axis titles.
pub(super) fn draw_raster_axes<DB: DrawingBackend>(chart: &mut ChartContext<DB, Cartesian2d<plotters::coord::types::RangedCoordf64, plotters::coord::types::RangedCoordf64>>, theme: &Theme, x_desc: &str, y_desc: &str) -> Result<(), String> {
    let font = (theme.family(), theme.small()).into_font().color(&INK);
    chart
        .configure_mesh()
        .disable_mesh()
        .axis_style(MUTED)
        .label_style(font)
        .axis_desc_style((theme.family(), theme.normal()).into_font().color(&INK))
        .x_desc(x_desc)
        .y_desc(y_desc)
        .x_labels(7)
        .y_labels(7)
        .x_label_formatter(&|v| super::chart::short(*v))
        .y_label_formatter(&|v| super::chart::short(*v))
        .draw()
        .map_err(|e| format!("drawing failed: {e:?}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn test_map<'a>(surface: &'a Surface, view: ViewBox, start: [f64; 2], trails: Vec<Trail<'a>>) -> LandscapeMap<'a> {
        LandscapeMap { surface, view, start, trails, cursor: None, generation: 0, playing: false }
    }

    #[test]
    fn a_trail_layer_strokes_each_new_segment_once_and_starts_over_when_it_must() {
        let frame = PlotFrame { px: [0, 0, 400, 400], view: ViewBox::new(-1.0, 1.0, -1.0, 1.0) };
        // A zig-zag of 300 iterates, revealed 50 at a time.
        let pts: Vec<[f64; 2]> = (0..300).map(|k| [-0.9 + 0.006 * k as f64, if k % 2 == 0 { 0.1 } else { -0.1 }]).collect();
        let trail = |n: usize| Trail { label: String::new(), color: RED, points: &pts[..n], diverged_at: None, escaped_downhill: false, arrows: None };
        let mut p = TrailProgress::default();
        let mut stroked: Vec<(f64, f64)> = Vec::new();
        for (step, n) in (50..=300).step_by(50).enumerate() {
            let (clear, lines) = p.advance(7, &frame, &[trail(n)], 1.5);
            assert_eq!(clear, step == 0, "only the first call clears");
            assert_eq!(lines.len(), 1);
            let line = &lines[0].1;
            // Each new polyline starts where the last one ended, and ends at the newest iterate.
            if let Some(last) = stroked.last() {
                assert_eq!(line[0], *last);
            }
            let newest = pts[n - 1];
            let (x, y) = *line.last().unwrap();
            assert!((x - (200.0 + newest[0] * 200.0)).abs() < 1e-9 && (y - (200.0 - newest[1] * 200.0)).abs() < 1e-9, "({x}, {y})");
            stroked.extend(line.iter().skip(usize::from(!stroked.is_empty())));
        }
        // The zig-zag's 40-px swings are all kept: every iterate is a vertex, stroked once.
        assert_eq!(stroked.len(), 300);
        // Nothing new: nothing to stroke. A shorter trail (reset), another race or another view
        // clears the layer and strokes from the start.
        assert!(p.advance(7, &frame, &[trail(300)], 1.5).1.is_empty());
        assert!(p.advance(7, &frame, &[trail(100)], 1.5).0);
        assert!(p.advance(8, &frame, &[trail(100)], 1.5).0);
        let zoomed = PlotFrame { view: ViewBox::new(-0.5, 0.5, -0.5, 0.5), ..frame };
        let (clear, lines) = p.advance(8, &zoomed, &[trail(100)], 1.5);
        assert!(clear && lines[0].1.len() == 100);
    }
    use crate::landscape::LandscapeConfig;

    #[test]
    fn isotropic_view_keeps_the_centre_and_equal_units() {
        let v = ViewBox { x_min: -2.0, x_max: 2.0, y_min: -1.0, y_max: 3.0 };
        let iso = isotropic(&v, 800.0, 400.0);
        assert_eq!(iso.center(), v.center());
        assert!((iso.width() / 800.0 - iso.height() / 400.0).abs() < 1e-12);
        assert!(iso.width() >= v.width() && iso.height() >= v.height());
    }

    #[test]
    fn a_divergence_label_at_the_right_edge_ends_at_the_point() {
        // "diverged at step k" starts at the last point, or ends there when it would run past the
        // plot's right edge (it was cut by the colour bar). In the SVG: text-anchor="end".
        let surface = LandscapeConfig::Rosenbrock.build().unwrap();
        let view = surface.default_view();
        let label_anchor = |x: f64| {
            let pts = vec![[-1.0, 1.0], [x, view.y_max - 0.1 * view.height()]];
            let mut svg = String::new();
            {
                let area = SVGBackend::with_string(&mut svg, (640, 480)).into_drawing_area();
                let trail = Trail { label: "GD".into(), color: RGBColor(200, 0, 0), points: &pts, diverged_at: Some(1), escaped_downhill: false, arrows: None };
                draw_landscape(&area, &Theme::new(1.0), &test_map(&surface, view, [-1.0, 1.0], vec![trail]), &mut RasterCache::default(), &mut |_, _, _, _, _| Ok(()), None).unwrap();
            }
            let at = svg.find("diverged at step 1").expect("the label is drawn");
            let tag = &svg[svg[..at].rfind("<text").expect("a text element")..at];
            tag.contains("text-anchor=\"end\"")
        };
        assert!(!label_anchor(view.x_min + 0.1 * view.width()), "near the left edge the label runs right");
        assert!(label_anchor(view.x_max - 0.02 * view.width()), "at the right edge the label ends at the point");
    }

    #[test]
    fn draws_on_svg_and_caches_the_raster() {
        let surface = LandscapeConfig::Rosenbrock.build().unwrap();
        let pts = vec![[-1.5, 2.0], [-1.0, 1.0], [0.0, 0.0], [1.0, 1.0]];
        let mut cache = RasterCache::default();
        let mut blitted = 0;
        for _ in 0..2 {
            let mut svg = String::new();
            let area = SVGBackend::with_string(&mut svg, (320, 240)).into_drawing_area();
            let trail = Trail { label: "GD".into(), color: RGBColor(200, 0, 0), points: &pts, diverged_at: Some(3), escaped_downhill: false, arrows: Some(([1.0, 0.0], Some([0.0, 1.0]), [0.1, 0.1])) };
            let frame = draw_landscape(&area, &Theme::new(1.0), &test_map(&surface, surface.default_view(), [-1.5, 2.0], vec![trail]), &mut cache, &mut |r, _, _, w, h| {
                assert_eq!(r.rgba.len(), r.cols * r.rows * 4);
                assert_eq!((r.cols, r.rows), (w as usize, h as usize), "one sample per pixel at ratio 1");
                blitted += 1;
                Ok(())
            }, None)
            .unwrap();
            let c = frame.to_data(((frame.px[0] + frame.px[2]) / 2) as f64, ((frame.px[1] + frame.px[3]) / 2) as f64).unwrap();
            assert!((c[0] - frame.view.center()[0]).abs() < frame.view.width() / 100.0);
            assert!(frame.to_data(0.0, 0.0).is_none(), "the axis area is not the plot");
        }
        assert_eq!(blitted, 2);
        assert_eq!(cache.recomputes, 1, "the second draw reuses the raster");
    }

    /// Issue 10, phones: at 360 px the racers' legend sits in a band below the plot instead of
    /// covering a corner of it; on a wide canvas it stays a box inside the plot.
    #[test]
    fn on_a_phone_the_racer_legend_sits_below_the_plot() {
        let surface = LandscapeConfig::Rosenbrock.build().unwrap();
        let pts = vec![[-1.5, 2.0], [-1.0, 1.0], [0.0, 0.0]];
        for (w, below) in [(360u32, true), (800, false)] {
            let mut svg = String::new();
            let frame = {
                let area = SVGBackend::with_string(&mut svg, (w, 340)).into_drawing_area();
                let trails: Vec<Trail> = ["1 · GD", "2 · Adam"]
                    .iter()
                    .map(|l| Trail { label: (*l).into(), color: RGBColor(200, 0, 0), points: &pts, diverged_at: None, escaped_downhill: false, arrows: None })
                    .collect();
                let mut cache = RasterCache::default();
                draw_landscape(&area, &Theme::new(1.0), &test_map(&surface, surface.default_view(), [-1.5, 2.0], trails), &mut cache, &mut |_, _, _, _, _| Ok(()), None).unwrap()
            };
            for label in ["1 · GD", "2 · Adam"] {
                let y = crate::render::legend::svg_text_y(&svg, label);
                assert_eq!(y > frame.px[3] as f64, below, "{w} px: legend label {label} at y = {y}, plot bottom {}", frame.px[3]);
            }
        }
    }
}

#[cfg(test)]
mod timing {
    use super::*;
    use crate::landscape::LandscapeConfig;

    /// Native timing of the heatmap raster (run with `cargo test --release -- --ignored raster_timing --nocapture`).
    #[test]
    #[ignore]
    fn raster_timing() {
        let surface = LandscapeConfig::Rosenbrock.build().unwrap();
        let view = surface.default_view();
        let mut cache = RasterCache::default();
        for block in [1, 2] {
            let t = std::time::Instant::now();
            for _ in 0..20 {
                cache.invalidate();
                cache.raster(&surface, &view, 1600, 1200, block);
            }
            println!("block {block}: {:.2} ms", t.elapsed().as_secs_f64() * 1000.0 / 20.0);
        }
        let mut v = vec![0f32; 800 * 600];
        let t = std::time::Instant::now();
        for _ in 0..20 {
            surface.value_grid(&view, 800, 600, &mut v);
        }
        println!("values only (800×600): {:.2} ms", t.elapsed().as_secs_f64() * 1000.0 / 20.0);
        let t = std::time::Instant::now();
        let mut sc = crate::render::heatmap::Scaling::fit(&v, Some(0.0));
        for _ in 0..20 {
            sc = std::hint::black_box(crate::render::heatmap::Scaling::fit(&v, Some(0.0)));
        }
        println!("fit only (800×600): {:.2} ms", t.elapsed().as_secs_f64() * 1000.0 / 20.0);
        let mut hm = crate::render::heatmap::Heatmap::default();
        let t = std::time::Instant::now();
        for _ in 0..20 {
            hm.shade(&v, 800, 600, &sc, 24, &crate::render::colormap::ColorMap::viridis_light());
        }
        println!("shade only (800×600): {:.2} ms", t.elapsed().as_secs_f64() * 1000.0 / 20.0);
        let lin = crate::render::heatmap::Scaling { log: false, ..sc };
        let t = std::time::Instant::now();
        for _ in 0..20 {
            hm.shade(&v, 800, 600, &lin, 24, &crate::render::colormap::ColorMap::viridis_light());
        }
        println!("shade linear (800×600): {:.2} ms", t.elapsed().as_secs_f64() * 1000.0 / 20.0);
        let t = std::time::Instant::now();
        for _ in 0..20 {
            hm.shade(&v, 800, 600, &lin, 0, &crate::render::colormap::ColorMap::viridis_light());
        }
        println!("shade linear no contours (800×600): {:.2} ms", t.elapsed().as_secs_f64() * 1000.0 / 20.0);
    }
}
