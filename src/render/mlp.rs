//! Views of the MLP lab: the decision surface (classification) or fitted curves (regression)
//! with the training and validation points, and a placeholder for views with nothing to show yet.
//!
//! The decision surface is evaluated on a fixed grid of at most [`SURFACE_GRID`]² inputs (one
//! forward pass per row of the grid), shaded into an RGBA raster the size of the plot area and
//! blitted once, with the training and validation points stamped into it (antialiased discs and
//! triangles: one blit instead of several canvas calls per point); plotters draws the axes and the key.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::chart::short;
use super::legend::{draw_legend_in, split_for_legend, LegendEntry, Swatch};
use super::theme::{Theme, GRID, INK, MUTED};
use crate::mlp::{Dataset, Grid, Network, SurfaceEvaluator, SurfaceMode};

/// Side of the grid the network is evaluated on (the raster is upsampled to the plot size).
pub const SURFACE_GRID: usize = 200;

/// Multiply–adds for a whole surface: a large network gets a coarser grid (side
/// √(SURFACE_MACS / weights), at least [`SURFACE_MIN_GRID`]), so its picture still fills in a few frames.
pub const SURFACE_MACS: usize = 400_000_000;
/// Multiply–adds per drawing of the surface (≈ 5 ms in the browser): the rows are evaluated a
/// slice at a time, oldest first, and the rest keep their previous colours until their turn.
pub const SURFACE_SLICE_MACS: usize = 15_000_000;
/// Smallest grid side, whatever the network's size.
pub const SURFACE_MIN_GRID: usize = 8;

/// Grid side for `net` at most `max_side` (see [`SURFACE_MACS`]).
pub fn surface_side(net: &Network, max_side: usize) -> usize {
    let by_cost = ((SURFACE_MACS / net.forward_macs().max(1)) as f64).sqrt() as usize;
    by_cost.clamp(SURFACE_MIN_GRID, SURFACE_GRID).min(max_side.max(SURFACE_MIN_GRID))
}

/// Class colours (Okabe–Ito blue, vermillion, green, purple, orange, sky blue, yellow, black and
/// two greys): class 0 blue and class 1 vermillion, as in most two-class figures.
const CLASS_COLORS: [[u8; 3]; 10] = [
    [0, 114, 178],
    [213, 94, 0],
    [0, 158, 115],
    [204, 121, 167],
    [230, 159, 0],
    [86, 180, 233],
    [240, 228, 66],
    [60, 60, 60],
    [150, 150, 150],
    [120, 80, 40],
];

/// The colour of class `k`.
pub fn class_color(k: usize) -> RGBColor {
    let c = CLASS_COLORS[k % CLASS_COLORS.len()];
    RGBColor(c[0], c[1], c[2])
}

/// Reusable buffers of the decision-surface view; re-evaluates the network only when `key` changes.
#[derive(Default)]
pub struct SurfaceCache {
    eval: SurfaceEvaluator,
    probs: Vec<f32>,
    /// Shaded grid, one RGBA pixel per grid point (bytes r, g, b, 255 as a little-endian u32).
    colors: Vec<u32>,
    /// Grid size of `colors`.
    dims: (usize, usize),
    /// Grid column of each raster column (scratch of the upsampling).
    xmap: Vec<u32>,
    rgba: Vec<u8>,
    /// Bounds, plot size and grid side the grid rows belong to.
    frame: Option<([u64; 4], usize, usize, usize, u64)>,
    /// Per grid row: the network key its colours were computed for.
    row_keys: Vec<Option<u64>>,
    /// Next row to refresh (rows are refreshed in turn, top to bottom, wrapping around).
    cursor: usize,
    /// Key of the network last asked for.
    latest: Option<u64>,
    /// The data points, composited once per data set and frame.
    points: PointLayer,
}

impl SurfaceCache {
    /// Empty cache.
    pub fn new() -> Self {
        Self::default()
    }
    /// Forces the next draw to re-evaluate the network.
    pub fn invalidate(&mut self) {
        self.frame = None;
    }

    /// Whether some rows still show an older network than the last one drawn (the view needs more
    /// drawings to catch up).
    pub fn pending(&self) -> bool {
        self.frame.is_some() && (self.row_keys.iter().any(|k| *k != self.latest) || self.points.building())
    }

    /// Brings the grid towards network `net` (identified by `key`): rows computed for another key
    /// are re-evaluated in turn, about `slice_macs` multiply–adds' worth per call (at least one row).
    /// A change of `frame` (bounds, plot size, grid side) starts over with a blank grid.
    fn refresh(&mut self, net: &Network, grid: &Grid, key: u64, frame: ([u64; 4], usize, usize, usize, u64), slice_macs: usize) -> Result<(), String> {
        let (nx, ny) = (grid.nx, grid.ny);
        let k = net.outputs().max(1);
        if self.frame != Some(frame) || self.dims != (nx, ny) {
            self.frame = Some(frame);
            self.dims = (nx, ny);
            self.colors.clear();
            self.colors.resize(nx * ny, u32::MAX);
            self.row_keys.clear();
            self.row_keys.resize(ny, None);
            self.cursor = 0;
        }
        self.latest = Some(key);
        let per_row = nx * net.forward_macs();
        let mut budget = (slice_macs / per_row.max(1)).max(1);
        let mut scanned = 0;
        while budget > 0 && scanned < ny {
            // The next run of stale rows from the cursor (without wrapping inside one call).
            let r0 = self.cursor;
            if self.row_keys[r0] == Some(key) {
                self.cursor = (r0 + 1) % ny;
                scanned += 1;
                continue;
            }
            let mut r1 = r0 + 1;
            while r1 < ny && r1 - r0 < budget && self.row_keys[r1] != Some(key) {
                r1 += 1;
            }
            let n = (r1 - r0) * nx;
            self.probs.resize(n * k, 0.0);
            self.eval.grid_rows(net, grid, SurfaceMode::Probabilities, r0..r1, &mut self.probs).map_err(|e| e.to_string())?;
            shade_into(&self.probs, k, &mut self.colors[r0 * nx..r1 * nx]);
            for rk in &mut self.row_keys[r0..r1] {
                *rk = Some(key);
            }
            budget -= r1 - r0;
            scanned += r1 - r0;
            self.cursor = r1 % ny;
        }
        Ok(())
    }

    /// Evaluates `net` (K = `net.outputs()` classes) on `grid` and shades a `w × h` RGBA raster:
    /// each pixel is the class colours mixed by the softmax probabilities, faded towards white
    /// where the network is unsure (largest probability near 1/K) — confident regions are strong.
    pub fn shade(&mut self, net: &Network, grid: &Grid, w: usize, h: usize) -> Result<&[u8], String> {
        self.evaluate(net, grid)?;
        self.upsample(w, h);
        Ok(&self.rgba)
    }

    /// Evaluates the network on the whole grid and shades one colour per grid point (see [`Self::shade`]).
    fn evaluate(&mut self, net: &Network, grid: &Grid) -> Result<(), String> {
        self.frame = None;
        let frame = ([grid.x_min, grid.x_max, grid.y_min, grid.y_max].map(f64::to_bits), 0, 0, grid.nx, 0);
        self.refresh(net, grid, 0, frame, usize::MAX)
    }

    /// Nearest-neighbour upsampling of the shaded grid to a `w × h` raster (rows that repeat a grid
    /// row are copied).
    fn upsample(&mut self, w: usize, h: usize) {
        let (nx, ny) = self.dims;
        self.rgba.resize(w * h * 4, 255);
        if nx == 0 || ny == 0 {
            return;
        }
        self.xmap.clear();
        self.xmap.extend((0..w).map(|x| (x * nx / w.max(1)).min(nx - 1) as u32));
        let mut prev = usize::MAX;
        for y in 0..h {
            let gy = (y * ny / h.max(1)).min(ny - 1);
            let start = y * w * 4;
            if gy == prev {
                self.rgba.copy_within(start - w * 4..start, start);
                continue;
            }
            prev = gy;
            let row = &self.colors[gy * nx..(gy + 1) * nx];
            let out = &mut self.rgba[start..start + w * 4];
            for (px, &gx) in out.chunks_exact_mut(4).zip(&self.xmap) {
                px.copy_from_slice(&row[gx as usize].to_le_bytes());
            }
        }
    }
}

/// Shades one colour per grid point from the class probabilities `probs` (K per point): the class
/// colours mixed by the probabilities, faded towards white where the network is unsure.
fn shade_into(probs: &[f32], k: usize, colors: &mut [u32]) {
    let uniform = 1.0 / k as f32;
    let spread = if k > 1 { 1.0 / (1.0 - uniform) } else { 0.0 };
    let mut palette = [[0f32; 3]; CLASS_COLORS.len()];
    for (p, c) in palette.iter_mut().zip(&CLASS_COLORS) {
        *p = c.map(f32::from);
    }
    for (c, p) in colors.iter_mut().zip(probs.chunks_exact(k)) {
        let (mut r, mut g, mut b, mut pmax) = (0f32, 0f32, 0f32, 0f32);
        for (j, &pj) in p.iter().enumerate() {
            let cc = palette[j % CLASS_COLORS.len()];
            r += pj * cc[0];
            g += pj * cc[1];
            b += pj * cc[2];
            pmax = pmax.max(pj);
        }
        // Confidence t ∈ [0, 1]: 0 at the uniform prediction, 1 when certain.
        let t = if k > 1 { ((pmax - uniform) * spread).clamp(0.0, 1.0) } else { 1.0 };
        let a = 0.12 + 0.5 * t;
        // Rounded by +½ and truncation (values are ≥ 0): `f32::round` is a libm call on wasm32.
        let mix = |v: f32| ((255.0 + (v - 255.0) * a).clamp(0.0, 255.0) + 0.5) as u32;
        *c = u32::from_le_bytes([0, 0, 0, 255]) | mix(r) | mix(g) << 8 | mix(b) << 16;
    }
}

/// The data points of the decision surface as one layer over the raster: per covered pixel its
/// premultiplied colour and coverage, composited from every disc and triangle in drawing order
/// ("over" is associative, so laying the layer on the surface equals stamping each point on it).
/// It is rebuilt only when the points, the plot size or the bounds change: re-stamping 10,000
/// points at every drawing of a training network took about a quarter of the page's time.
#[derive(Default)]
pub struct PointLayer {
    key: Option<u64>,
    /// (pixel index, premultiplied colour in 0…255, coverage).
    pixels: Vec<(u32, [f32; 3], f32)>,
    /// A layer being built over several drawings: its key, what is stamped so far, and the next
    /// point to stamp.
    building: Option<(u64, LayerCanvas, usize)>,
}

/// Points stamped per drawing while a point layer is built: 7,500 training and 2,500 validation
/// points at once took 20–25 ms natively, more in the page on top of the surface's first rows.
pub const POINT_SLICE: usize = 2_500;

impl PointLayer {
    /// Brings the layer towards `key`: stamps points `k` of `0..count` with `stamp(layer, k)`, in
    /// order, at most `max_points` per call. True once the layer for `key` is complete (at once
    /// when it was built for that key before).
    fn ensure(&mut self, key: u64, w: usize, h: usize, count: usize, max_points: usize, mut stamp: impl FnMut(&mut LayerCanvas, usize)) -> bool {
        if self.key == Some(key) {
            return true;
        }
        let (_, layer, next) = match self.building.take() {
            Some(b) if b.0 == key && b.1 .0.len() == w * h => self.building.insert(b),
            _ => self.building.insert((key, LayerCanvas(vec![[0f32; 4]; w * h]), 0)),
        };
        let end = next.saturating_add(max_points).min(count);
        for k in *next..end {
            stamp(layer, k);
        }
        *next = end;
        if end < count {
            return false;
        }
        if let Some((_, layer, _)) = self.building.take() {
            self.pixels = layer.0.iter().enumerate().filter(|(_, l)| l[3] > 0.0).map(|(i, l)| (i as u32, [l[0], l[1], l[2]], l[3])).collect();
        }
        self.key = Some(key);
        true
    }

    /// Whether a layer is still being built.
    fn building(&self) -> bool {
        self.building.is_some()
    }

    /// Lays the layer over an RGBA raster of the size it was built for.
    fn apply(&self, rgba: &mut [u8]) {
        for &(i, c, a) in &self.pixels {
            let i = i as usize * 4;
            if let Some(px) = rgba.get_mut(i..i + 3) {
                for (d, s) in px.iter_mut().zip(c) {
                    *d = (s + *d as f32 * (1.0 - a) + 0.5).min(255.0) as u8;
                }
            }
        }
    }
}

/// A [`PointLayer`] being built: per pixel its premultiplied colour and coverage.
pub struct LayerCanvas(Vec<[f32; 4]>);

impl LayerCanvas {
    /// Composites a fragment of colour `c` and coverage `a` over pixel `i`. Called directly (not
    /// through a `dyn` closure): 7,500 stamped points took 25 ms natively through one.
    #[inline]
    pub fn put(&mut self, i: usize, c: [u8; 3], a: f32) {
        let l = &mut self.0[i];
        for k in 0..3 {
            l[k] = c[k] as f32 * a + l[k] * (1.0 - a);
        }
        l[3] = a + l[3] * (1.0 - a);
    }
}

/// Stamps a disc of radius `r` centred at (cx, cy) (raster coordinates; pixel (i, j) covers
/// [i, i+1)×[j, j+1), as on a canvas) filled with `fill`, with a ring of width `rim` centred on the
/// radius in `ring` — what a filled `Circle` followed by a stroked one draws. Edges are antialiased
/// by coverage ≈ clamp(½ + distance inside the edge).
fn stamp_disc(put: &mut (impl FnMut(usize, [u8; 3], f32) + ?Sized), w: usize, h: usize, (cx, cy): (f32, f32), r: f32, rim: f32, fill: [u8; 3], ring: [u8; 3]) {
    let reach = r + rim / 2.0 + 1.0;
    let (x0, x1) = ((cx - reach).floor().max(0.0) as usize, ((cx + reach).ceil().max(0.0) as usize).min(w));
    let (y0, y1) = ((cy - reach).floor().max(0.0) as usize, ((cy + reach).ceil().max(0.0) as usize).min(h));
    for y in y0..y1 {
        let dy = y as f32 + 0.5 - cy;
        for x in x0..x1 {
            let dx = x as f32 + 0.5 - cx;
            let d = (dx * dx + dy * dy).sqrt();
            let i = y * w + x;
            let a = (r + 0.5 - d).clamp(0.0, 1.0);
            if a > 0.0 {
                put(i, fill, a);
            }
            let a = (rim / 2.0 + 0.5 - (d - r).abs()).clamp(0.0, 1.0);
            if a > 0.0 {
                put(i, ring, a);
            }
        }
    }
}

/// Stamps the filled triangle with corners `v` (raster coordinates, either orientation), antialiased
/// like [`stamp_disc`].
fn stamp_triangle(put: &mut (impl FnMut(usize, [u8; 3], f32) + ?Sized), w: usize, h: usize, v: [(f32, f32); 3], c: [u8; 3]) {
    // Inward unit normals (n, offset) of the three edges: distance inside = n·p − offset.
    let area = (v[1].0 - v[0].0) * (v[2].1 - v[0].1) - (v[1].1 - v[0].1) * (v[2].0 - v[0].0);
    if area == 0.0 {
        return;
    }
    let sgn = area.signum();
    let edges: [(f32, f32, f32); 3] = std::array::from_fn(|i| {
        let (a, b) = (v[i], v[(i + 1) % 3]);
        let (ex, ey) = (b.0 - a.0, b.1 - a.1);
        let len = (ex * ex + ey * ey).sqrt();
        let (nx, ny) = (-ey * sgn / len, ex * sgn / len);
        (nx, ny, nx * a.0 + ny * a.1)
    });
    let minx = v.iter().fold(f32::INFINITY, |m, p| m.min(p.0)) - 1.0;
    let maxx = v.iter().fold(f32::NEG_INFINITY, |m, p| m.max(p.0)) + 1.0;
    let miny = v.iter().fold(f32::INFINITY, |m, p| m.min(p.1)) - 1.0;
    let maxy = v.iter().fold(f32::NEG_INFINITY, |m, p| m.max(p.1)) + 1.0;
    let (x0, x1) = (minx.floor().max(0.0) as usize, (maxx.ceil().max(0.0) as usize).min(w));
    let (y0, y1) = (miny.floor().max(0.0) as usize, (maxy.ceil().max(0.0) as usize).min(h));
    for y in y0..y1 {
        let py = y as f32 + 0.5;
        for x in x0..x1 {
            let px = x as f32 + 0.5;
            let d = edges.iter().fold(f32::INFINITY, |m, e| m.min(e.0 * px + e.1 * py - e.2));
            let a = (d + 0.5).clamp(0.0, 1.0);
            if a > 0.0 {
                put(y * w + x, c, a);
            }
        }
    }
}

/// Corners of plotters' `TriangleMarker` of `size` at (x, y): at −90°, −210° and −330° on a circle
/// of radius `size`, rounded up to whole pixels (an upward triangle).
fn triangle_corners(x: i32, y: i32, size: i32) -> [(f32, f32); 3] {
    [-90f64, -210.0, -330.0].map(|deg| {
        let rad = deg.to_radians();
        ((rad.cos() * f64::from(size) + f64::from(x)).ceil() as f32, (rad.sin() * f64::from(size) + f64::from(y)).ceil() as f32)
    })
}

fn rgb(c: RGBColor) -> [u8; 3] {
    [c.0, c.1, c.2]
}

/// Input-space box [x_min, x_max, y_min, y_max] covering the points of `sets` with 8 % padding,
/// and at least [−1.2, 1.2]² for the built-in data sets.
pub fn bounds_2d(sets: &[&Dataset]) -> [f64; 4] {
    let mut b = [-1.2f64, 1.2, -1.2, 1.2];
    for d in sets.iter().filter(|d| d.dim() == 2) {
        for p in d.x().chunks_exact(2) {
            b[0] = b[0].min(p[0]);
            b[1] = b[1].max(p[0]);
            b[2] = b[2].min(p[1]);
            b[3] = b[3].max(p[1]);
        }
    }
    let (px, py) = ((b[1] - b[0]) * 0.08, (b[3] - b[2]) * 0.08);
    [b[0] - px, b[1] + px, b[2] - py, b[3] + py]
}

/// How many x tick labels fit under a plot on `area`: one per 55 CSS px (at least 3, at most
/// 10), so a phone-width view does not overprint "-0.8-0.6".
fn x_label_count<DB: DrawingBackend>(area: &DrawingArea<DB, Shift>, theme: &Theme) -> usize {
    let css_w = area.dim_in_pixel().0 as f64 / theme.scale;
    (css_w / 55.0).floor().clamp(3.0, 10.0) as usize
}

fn err<E: std::fmt::Debug>(e: DrawingAreaErrorKind<E>) -> String
where
    E: std::error::Error + Send + Sync,
{
    format!("drawing failed: {e:?}")
}

/// A classifier's decision surface as data: the network and the version of its weights, the grid
/// side to evaluate it on, the data points, the region and the key's title.
pub struct ClassMap<'a> {
    /// The network (K = its outputs classes).
    pub net: &'a Network,
    /// Identifies the weights: rows computed for another key are refreshed in turn.
    pub key: u64,
    /// Changes when the surface must start over blank (new data, reset) instead of refreshing.
    pub epoch: u64,
    /// Grid side (samples per axis; e.g. a coarser grid while training runs, at most
    /// [`SURFACE_GRID`]); the grid is upsampled to the plot.
    pub side: usize,
    /// Training points (discs, coloured by class).
    pub train: &'a Dataset,
    /// Validation points (triangles).
    pub val: &'a Dataset,
    /// Region shown: x₁ min, max, x₂ min, max.
    pub bounds: [f64; 4],
    /// Title of the key.
    pub title: String,
}

/// Draws the decision surface of `map`: the network is re-evaluated only where `cache` holds rows
/// of another key, plot size, grid side or epoch. `blit` copies the raster (one sample per pixel).
pub fn draw_decision_surface<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    theme: &Theme,
    map: &ClassMap,
    cache: &mut SurfaceCache,
    blit: &mut dyn FnMut(&super::landscape::Raster, i32, i32, u32, u32) -> Result<(), String>,
) -> Result<(), String> {
    let ClassMap { net, key, epoch, side: grid_side, train, val, bounds, .. } = *map;
    let title = map.title.as_str();
    area.fill(&WHITE).map_err(err)?;
    // On a phone the key (title and two markers) gets a band below the plot.
    let (plot_area, band) = split_for_legend(area, theme, 2);
    let area = &plot_area;
    let font = (theme.family(), theme.small()).into_font().color(&INK);
    let mut chart = ChartBuilder::on(area)
        .margin(theme.px(8.0))
        .margin_right(theme.px(14.0))
        .x_label_area_size(theme.px(34.0))
        .y_label_area_size(theme.px(44.0))
        .build_cartesian_2d(bounds[0]..bounds[1], bounds[2]..bounds[3])
        .map_err(err)?;
    chart
        .configure_mesh()
        .disable_mesh()
        .axis_style(MUTED)
        .label_style(font.clone())
        .axis_desc_style((theme.family(), theme.normal()).into_font().color(&INK))
        .x_desc("x₁")
        .y_desc("x₂")
        .x_labels(x_label_count(area, theme).min(7))
        .y_labels(7)
        .x_label_formatter(&|v| short(if v.abs() < 1e-9 { 0.0 } else { *v }))
        .y_label_formatter(&|v| short(if v.abs() < 1e-9 { 0.0 } else { *v }))
        .draw()
        .map_err(err)?;
    let (xr, yr) = chart.plotting_area().get_pixel_range();
    let (rw, rh) = ((xr.end - xr.start).max(1) as usize, (yr.end - yr.start).max(1) as usize);
    let g = grid_side.min(SURFACE_GRID).min(rw.max(2)).min(rh.max(2)).max(2);
    let grid = Grid { x_min: bounds[0], x_max: bounds[1], y_min: bounds[2], y_max: bounds[3], nx: g, ny: g };
    cache.refresh(net, &grid, key, (bounds.map(f64::to_bits), rw, rh, g, epoch), SURFACE_SLICE_MACS)?;
    cache.upsample(rw, rh);
    // The points are stamped into the raster (one blit instead of several canvas calls per point),
    // from a layer rebuilt only when the points or the frame change.
    let pa = chart.plotting_area();
    let at = |x: f64, y: f64| {
        let (px, py) = pa.map_coordinate(&(x, y));
        (px - xr.start, py - yr.start)
    };
    let r = theme.px(3.2) as i32;
    let rim = theme.px(1.0) as f32;
    let mut h = std::collections::hash_map::DefaultHasher::new();
    {
        use std::hash::{Hash, Hasher};
        (rw, rh, r, rim.to_bits(), bounds.map(f64::to_bits)).hash(&mut h);
        for d in [train, val] {
            d.len().hash(&mut h);
            for v in d.x().iter().chain(d.y()) {
                h.write_u64(v.to_bits());
            }
        }
    }
    let key = std::hash::Hasher::finish(&h);
    // Built over a few drawings for many points (the surface shows without them meanwhile).
    let (nt, nv) = (train.len(), val.len());
    let complete = cache.points.ensure(key, rw, rh, nt + nv, POINT_SLICE, |layer, k| {
        let put = &mut |i, c, a| layer.put(i, c, a);
        if k < nt {
            let (p, y) = (&train.x()[2 * k..2 * k + 2], train.y()[k]);
            let (px, py) = at(p[0], p[1]);
            stamp_disc(put, rw, rh, (px as f32, py as f32), r as f32, rim, rgb(class_color(y as usize)), rgb(WHITE));
        } else {
            let k = k - nt;
            let (p, y) = (&val.x()[2 * k..2 * k + 2], val.y()[k]);
            let (px, py) = at(p[0], p[1]);
            // A dark triangle with a smaller coloured one on top reads as an outlined triangle.
            stamp_triangle(put, rw, rh, triangle_corners(px, py, r + 2), rgb(INK));
            stamp_triangle(put, rw, rh, triangle_corners(px, py, r), rgb(class_color(y as usize)));
        }
    });
    if complete {
        cache.points.apply(&mut cache.rgba);
    }
    // Generation 0: the rows change from one drawing to the next (a backend keeps no copy).
    let raster = super::landscape::Raster { rgba: &cache.rgba, cols: rw, rows: rh, block: 1, generation: 0, opaque: false };
    blit(&raster, xr.start, yr.start, rw as u32, rh as u32)?;
    match &band {
        Some(b) => legend_box(b, theme, (0, 0), title)?,
        None => legend_box(area, theme, (xr.start, yr.start), title)?,
    }
    Ok(())
}

/// Training points as filled discs with a white rim, validation points as triangles with a dark
/// rim; `color(label)` gives the fill.
fn draw_points<DB: DrawingBackend>(
    pa: &DrawingArea<DB, plotters::coord::cartesian::Cartesian2d<plotters::coord::types::RangedCoordf64, plotters::coord::types::RangedCoordf64>>,
    theme: &Theme,
    train: &Dataset,
    val: &Dataset,
    color: impl Fn(f64) -> RGBColor,
) -> Result<(), String> {
    let r = theme.px(3.2) as i32;
    let rim = theme.px(1.0);
    let pt = |d: &Dataset, i: usize| -> (f64, f64) {
        if d.dim() == 2 {
            (d.x()[2 * i], d.x()[2 * i + 1])
        } else {
            (d.x()[i], d.y()[i])
        }
    };
    for i in 0..train.len() {
        let p = pt(train, i);
        let c = if train.dim() == 2 { color(train.y()[i]) } else { INK };
        pa.draw(&Circle::new(p, r, c.filled())).map_err(err)?;
        pa.draw(&Circle::new(p, r, ShapeStyle::from(&WHITE).stroke_width(rim))).map_err(err)?;
    }
    for i in 0..val.len() {
        let p = pt(val, i);
        let c = if val.dim() == 2 { color(val.y()[i]) } else { RGBColor(230, 159, 0) };
        // A dark triangle with a smaller coloured one on top reads as an outlined triangle.
        pa.draw(&TriangleMarker::new(p, r + 2, INK.filled())).map_err(err)?;
        pa.draw(&TriangleMarker::new(p, r, c.filled())).map_err(err)?;
    }
    Ok(())
}

/// A small key in the top-left corner of the plot: "● train  ▲ validation" and a title.
fn legend_box<DB: DrawingBackend>(area: &DrawingArea<DB, Shift>, theme: &Theme, origin: (i32, i32), title: &str) -> Result<(), String> {
    let font = (theme.family(), theme.small()).into_font().color(&INK);
    let lh = theme.ipx(15.0);
    let (x0, y0) = (origin.0 + theme.ipx(6.0), origin.1 + theme.ipx(6.0));
    let chars = title.chars().count().max(22) as f64;
    let w = theme.ipx(chars * 6.3 + 16.0);
    let h = lh * 2 + theme.ipx(8.0);
    area.draw(&Rectangle::new([(x0, y0), (x0 + w, y0 + h)], ShapeStyle::from(&WHITE.mix(0.85)).filled())).map_err(err)?;
    area.draw(&Rectangle::new([(x0, y0), (x0 + w, y0 + h)], ShapeStyle::from(&GRID))).map_err(err)?;
    let left = Pos::new(HPos::Left, VPos::Center);
    let ty = y0 + theme.ipx(4.0) + lh / 2;
    area.draw(&Text::new(title.to_string(), (x0 + theme.ipx(6.0), ty), font.clone().pos(left))).map_err(err)?;
    let ky = ty + lh;
    let r = theme.ipx(3.2);
    let kx = x0 + theme.ipx(10.0);
    area.draw(&Circle::new((kx, ky), r, INK.filled())).map_err(err)?;
    area.draw(&Text::new("train", (kx + theme.ipx(8.0), ky), font.clone().pos(left))).map_err(err)?;
    let vx = kx + theme.ipx(52.0);
    area.draw(&TriangleMarker::new((vx, ky), r + 2, INK.filled())).map_err(err)?;
    area.draw(&TriangleMarker::new((vx, ky), r, WHITE.filled())).map_err(err)?;
    area.draw(&Text::new("validation", (vx + theme.ipx(8.0), ky), font.pos(left))).map_err(err)?;
    Ok(())
}

/// One fitted curve of the regression view.
pub struct Curve {
    /// Legend text.
    pub label: String,
    /// Colour.
    pub color: RGBColor,
    /// (x, ŷ(x)) points.
    pub points: Vec<(f64, f64)>,
}

/// A regression's fitted curves over its data, as data.
pub struct CurveMap<'a> {
    /// One curve per run.
    pub curves: Vec<Curve>,
    /// Training points (discs).
    pub train: &'a Dataset,
    /// Validation points (triangles).
    pub val: &'a Dataset,
    /// The x range shown.
    pub x_range: (f64, f64),
}

/// Draws the fitted curves of `map` over its data points (training discs, validation triangles).
pub fn draw_fitted_curves<DB: DrawingBackend>(area: &DrawingArea<DB, Shift>, theme: &Theme, map: &CurveMap) -> Result<(), String> {
    let CurveMap { curves, train, val, x_range } = map;
    let (train, val, x_range) = (*train, *val, *x_range);
    area.fill(&WHITE).map_err(err)?;
    let (plot_area, band) = split_for_legend(area, theme, curves.iter().filter(|c| !c.label.is_empty()).count());
    let area = &plot_area;
    let font = (theme.family(), theme.small()).into_font().color(&INK);
    let (mut lo, mut hi) = (f64::INFINITY, f64::NEG_INFINITY);
    for v in train.y().iter().chain(val.y()).chain(curves.iter().flat_map(|c| c.points.iter().map(|p| &p.1))) {
        if v.is_finite() {
            lo = lo.min(*v);
            hi = hi.max(*v);
        }
    }
    if !(lo.is_finite() && hi > lo) {
        lo = -1.0;
        hi = 1.0;
    }
    // Keep wild curves from squashing the data: at most 1.5× the data's span around it.
    let (dlo, dhi) = train.y().iter().fold((f64::INFINITY, f64::NEG_INFINITY), |a, &v| (a.0.min(v), a.1.max(v)));
    if dlo.is_finite() && dhi > dlo {
        let span = dhi - dlo;
        lo = lo.max(dlo - 0.75 * span);
        hi = hi.min(dhi + 0.75 * span);
    }
    let pad = (hi - lo) * 0.06;
    let (lo, hi) = (lo - pad, hi + pad);
    let mut chart = ChartBuilder::on(area)
        .margin(theme.px(8.0))
        .margin_right(theme.px(14.0))
        .x_label_area_size(theme.px(34.0))
        .y_label_area_size(theme.px(48.0))
        .build_cartesian_2d(x_range.0..x_range.1, lo..hi)
        .map_err(err)?;
    chart
        .configure_mesh()
        .light_line_style(GRID.mix(0.0))
        .bold_line_style(GRID)
        .axis_style(MUTED)
        .label_style(font.clone())
        .axis_desc_style((theme.family(), theme.normal()).into_font().color(&INK))
        .x_desc("x")
        .y_desc("y")
        .x_labels(x_label_count(area, theme))
        .x_label_formatter(&|v| short(if v.abs() < 1e-9 { 0.0 } else { *v }))
        .y_label_formatter(&|v| short(if v.abs() < 1e-9 { 0.0 } else { *v }))
        .draw()
        .map_err(err)?;
    draw_points(chart.plotting_area(), theme, train, val, |_| INK)?;
    // The lab's own legend (plotters' series labels measure text through a page layout and a
    // style attribute, which a strict Content-Security-Policy refuses), in the emptiest corner.
    let (bx, by) = area.get_base_pixel();
    let (xr, yr) = chart.plotting_area().get_pixel_range();
    let plot = [xr.start - bx, yr.start - by, xr.end - bx, yr.end - by];
    let mut occupied: Vec<(f64, f64)> = Vec::new();
    let mut entries = Vec::new();
    // 1-D regression here: one input per example.
    for (x, y) in train.x().iter().zip(train.y()).chain(val.x().iter().zip(val.y())) {
        let (px, py) = chart.backend_coord(&(*x, *y));
        occupied.push(((px - bx) as f64, (py - by) as f64));
    }
    for c in curves {
        let pts: Vec<(f64, f64)> = c.points.iter().filter(|p| p.1.is_finite()).map(|&(x, y)| (x, y.clamp(lo - (hi - lo), hi + (hi - lo)))).collect();
        for p in &pts {
            let (px, py) = chart.backend_coord(p);
            occupied.push(((px - bx) as f64, (py - by) as f64));
        }
        chart.draw_series(LineSeries::new(pts, ShapeStyle::from(&c.color).stroke_width(theme.px(2.5)))).map_err(err)?;
        entries.push(LegendEntry { label: c.label.clone(), color: c.color, swatch: Swatch::Line(2.5) });
    }
    draw_legend_in(area, band.as_ref(), theme, &entries, plot, GRID, &occupied)?;
    Ok(())
}

/// A view with nothing to plot yet: a light panel with a message (one drawing for every lab).
pub use super::figure::draw_placeholder;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::mlp::{Activation, DataConfig, DataKind, InitConfig};
    use crate::rng::seeded;

    fn cmap<'a>(net: &'a Network, side: usize, train: &'a Dataset, val: &'a Dataset, bounds: [f64; 4], title: &str) -> ClassMap<'a> {
        ClassMap { net, key: 1, epoch: 0, side, train, val, bounds, title: title.into() }
    }

    fn net(classes: usize) -> Network {
        let mut n = Network::new(&[2, 8, classes], Activation::Tanh).expect("net");
        n.initialize(&InitConfig::default(), &mut seeded(3));
        n
    }

    #[test]
    fn surface_raster_has_the_plot_size_and_class_colours() {
        let n = net(3);
        let mut cache = SurfaceCache::new();
        let grid = Grid { nx: 20, ny: 10, ..Grid::default() };
        let rgba = cache.shade(&n, &grid, 57, 31).expect("shade").to_vec();
        assert_eq!(rgba.len(), 57 * 31 * 4);
        assert!(rgba.chunks_exact(4).all(|p| p[3] == 255));
        // Not a flat colour: the network's prediction varies over the box.
        let first = &rgba[..3];
        assert!(rgba.chunks_exact(4).any(|p| &p[..3] != first));
    }

    /// The point layer equals stamping every point on the raster in turn (the "over" operator is
    /// associative): within two units of rounding per channel (u8 rounding at each sequential
    /// blend against one rounding at the end), on overlapping discs and triangles.
    #[test]
    fn the_point_layer_equals_stamping_each_point_in_turn() {
        // Sequential stamping, as the surface did before the layer: each fragment blended in u8.
        fn blend(px: &mut [u8], c: [u8; 3], alpha: f32) {
            for (d, &s) in px.iter_mut().zip(&c) {
                *d = (*d as f32 + (s as f32 - *d as f32) * alpha + 0.5) as u8;
            }
        }
        let (w, h) = (60usize, 40usize);
        let bg: Vec<u8> = (0..w * h).flat_map(|i| [(i * 7 % 256) as u8, (i * 13 % 256) as u8, 200, 255]).collect();
        let mut r = crate::rng::seeded(5);
        let pts: Vec<(f32, f32, usize)> = (0..40).map(|k| ((60.0 * crate::rng::uniform(&mut r)) as f32, (40.0 * crate::rng::uniform(&mut r)) as f32, k % 3)).collect();
        let stamp = |put: &mut dyn FnMut(usize, [u8; 3], f32)| {
            for &(x, y, c) in &pts {
                if c < 2 {
                    stamp_disc(put, w, h, (x, y), 3.2, 1.0, rgb(class_color(c)), rgb(WHITE));
                } else {
                    stamp_triangle(put, w, h, triangle_corners(x as i32, y as i32, 5), rgb(INK));
                    stamp_triangle(put, w, h, triangle_corners(x as i32, y as i32, 3), rgb(class_color(1)));
                }
            }
        };
        let mut direct = bg.clone();
        stamp(&mut |i, c, a| blend(&mut direct[i * 4..i * 4 + 3], c, a));
        let mut layer = PointLayer::default();
        assert!(layer.ensure(1, w, h, 1, 1, |l, _| stamp(&mut |i, c, a| l.put(i, c, a))));
        let mut layered = bg.clone();
        layer.apply(&mut layered);
        let worst = direct.iter().zip(&layered).map(|(a, b)| (*a as i32 - *b as i32).abs()).max().unwrap();
        assert!(worst <= 2, "largest channel difference {worst}");
        assert!(direct != bg, "points were stamped");
        // Built once per key.
        assert!(layer.ensure(1, w, h, 1, 1, |_, _| panic!("rebuilt for the same key")));
    }

    /// Many points are stamped over several drawings: the layer built in slices is the layer built
    /// at once, is not shown (nor counted complete) before its last slice, and the surface view
    /// asks for more drawings meanwhile.
    #[test]
    fn a_point_layer_built_in_slices_is_the_layer_built_at_once() {
        let (w, h) = (80usize, 50usize);
        let mut r = crate::rng::seeded(9);
        let pts: Vec<(f32, f32)> = (0..23).map(|_| ((80.0 * crate::rng::uniform(&mut r)) as f32, (50.0 * crate::rng::uniform(&mut r)) as f32)).collect();
        let stamp = |l: &mut LayerCanvas, k: usize| stamp_disc(&mut |i, c, a| l.put(i, c, a), w, h, pts[k], 3.0, 1.0, [200, 10, 10], [255, 255, 255]);
        let mut whole = PointLayer::default();
        assert!(whole.ensure(7, w, h, pts.len(), usize::MAX, stamp));
        let mut sliced = PointLayer::default();
        let mut calls = 1;
        while !sliced.ensure(7, w, h, pts.len(), 5, stamp) {
            assert!(sliced.building() && sliced.key.is_none());
            calls += 1;
        }
        assert_eq!(calls, 5, "23 points in slices of 5");
        assert!(!sliced.building());
        assert_eq!(whole.pixels, sliced.pixels);
        // Another key while building starts over (the half-built layer is for other points).
        let mut l = PointLayer::default();
        assert!(!l.ensure(1, w, h, pts.len(), 5, stamp));
        assert!(!l.ensure(2, w, h, pts.len(), 20, stamp), "key 2 from its first point: 20 of 23");
        assert!(l.ensure(2, w, h, pts.len(), 20, stamp));
        assert_eq!(l.pixels, whole.pixels);
        // The decision surface with more points than a slice needs more drawings.
        let (train, val) = DataConfig { kind: DataKind::Circles, n: 2 * POINT_SLICE + 100, ..DataConfig::default() }.generate_split().expect("data");
        let n = net(2);
        let mut cache = SurfaceCache::new();
        let b = bounds_2d(&[&train, &val]);
        let mut draws = 0;
        loop {
            let mut svg = String::new();
            let area = SVGBackend::with_string(&mut svg, (300, 200)).into_drawing_area();
            draw_decision_surface(&area, &Theme::new(1.0), &cmap(&n, 8, &train, &val, b, "t"), &mut cache, &mut |_, _, _, _, _| Ok(())).expect("draw");
            draws += 1;
            if !cache.pending() {
                break;
            }
            assert!(draws < 10);
        }
        assert_eq!(draws, 3, "{} points, {POINT_SLICE} per drawing", train.len() + val.len());
    }

    /// Issue 10, phones: at 360 px the decision surface's key sits in a band below the plot.
    #[test]
    fn on_a_phone_the_surface_key_sits_below_the_plot() {
        let (train, val) = DataConfig { kind: DataKind::Spiral, arms: 3, n: 60, ..DataConfig::default() }.generate_split().expect("data");
        let n = net(3);
        for (w, below) in [(360u32, true), (700, false)] {
            let mut svg = String::new();
            let mut bottom = 0;
            {
                let area = SVGBackend::with_string(&mut svg, (w, 400)).into_drawing_area();
                let mut cache = SurfaceCache::new();
                let b = bounds_2d(&[&train, &val]);
                draw_decision_surface(&area, &Theme::new(1.0), &cmap(&n, SURFACE_GRID, &train, &val, b, "run 1 · Adam"), &mut cache, &mut |_, _, y, _, h| {
                    bottom = y + h as i32;
                    Ok(())
                })
                .expect("draw");
            }
            for label in ["run 1 · Adam", "validation"] {
                let y = crate::render::legend::svg_text_y(&svg, label);
                assert_eq!(y > bottom as f64, below, "{w} px: key {label} at y = {y}, plot bottom {bottom}");
            }
        }
    }

    #[test]
    fn surface_and_curves_draw_on_svg_with_axes_and_legend() {
        let (train, val) = DataConfig { kind: DataKind::Spiral, arms: 3, n: 60, ..DataConfig::default() }.generate_split().expect("data");
        let n = net(3);
        let mut svg = String::new();
        let mut blits = Vec::new();
        let mut raster = Vec::new();
        {
            let area = SVGBackend::with_string(&mut svg, (420, 360)).into_drawing_area();
            let mut cache = SurfaceCache::new();
            let b = bounds_2d(&[&train, &val]);
            draw_decision_surface(&area, &Theme::new(1.0), &cmap(&n, SURFACE_GRID, &train, &val, b, "run 1 · Adam"), &mut cache, &mut |r, x, y, w, h| {
                blits.push((r.rgba.len(), w, h, x, y));
                raster = r.rgba.to_vec();
                Ok(())
            })
            .expect("draw");
            area.present().expect("present");
        }
        assert_eq!(blits.len(), 1);
        let (len, w, h, x, y) = blits[0];
        assert_eq!(len, (w * h * 4) as usize);
        assert!(x > 0 && y > 0 && w > 200 && h > 200, "{blits:?}");
        for s in ["x₁", "x₂", "train", "validation", "run 1 · Adam"] {
            assert!(svg.contains(s), "missing {s}");
        }
        // The points are stamped into the raster: the centre pixel of a disc or triangle has the
        // exact class colour (the shaded surface is always mixed with white), the triangles' rims INK.
        let has = |c: [u8; 3]| raster.chunks_exact(4).any(|p| p[..3] == c);
        for k in 0..3 {
            assert!(has(rgb(class_color(k))), "class {k} points stamped");
        }
        assert!(has(rgb(INK)), "validation triangles outlined");
        assert!(svg.contains("polygon") || svg.contains("path"), "legend triangle drawn");

        let (train, val) = DataConfig { kind: DataKind::Sine, n: 40, ..DataConfig::default() }.generate_split().expect("sine");
        let mut svg = String::new();
        {
            let area = SVGBackend::with_string(&mut svg, (400, 300)).into_drawing_area();
            let curve = Curve { label: "run 1".into(), color: RGBColor(0, 0, 0), points: (0..50).map(|i| (-1.0 + i as f64 / 24.5, 0.0)).collect() };
            draw_fitted_curves(&area, &Theme::new(2.0), &CurveMap { curves: vec![curve], train: &train, val: &val, x_range: (-1.1, 1.1) }).expect("curves");
            area.present().expect("present");
        }
        assert!(svg.contains("run 1"));
    }

    #[test]
    fn placeholder_draws_its_message() {
        let mut svg = String::new();
        {
            let area = SVGBackend::with_string(&mut svg, (300, 200)).into_drawing_area();
            draw_placeholder(&area, &Theme::new(1.0), "press Run sweep\nsecond line").expect("ok");
            area.present().expect("present");
        }
        assert!(svg.contains("press Run sweep") && svg.contains("second line"));
    }
}
