//! Line charts (loss curves, filter factors, error curves) drawn with plotters on any backend.
//!
//! Log axes are drawn by plotting log₁₀ of the values on a linear axis; symmetric-log axes plot
//! sign(v)·log₁₀(1 + |v|/c), linear within ±c and logarithmic beyond, so a curve that falls from
//! 1 to −10⁸ shows every decade of its descent. Ticks sit at round values only (1-2-5 steps,
//! powers of ten), computed here rather than by plotters. Non-finite or non-positive (on a log
//! axis) points break the line, except below a chart's [`Floor`], where they are drawn on the
//! bottom edge and marked. The legend goes to the corner of the plot that covers the fewest
//! drawn points.

use plotters::coord::Shift;
use plotters::coord::ranged1d::{DefaultFormatting, KeyPointHint, Ranged};
use plotters::prelude::*;

use super::legend::{draw_legend_in, split_for_legend, LegendEntry, Swatch};
use super::ribbon::ribbon;
use super::simplify::simplify;
use super::theme::{Theme, GRID, INK, MUTED};

/// One curve.
#[derive(Clone, Debug)]
pub struct Series {
    /// Legend text.
    pub label: String,
    /// Line colour.
    pub color: RGBColor,
    /// (x, y) points in data units.
    pub points: Vec<(f64, f64)>,
    /// Dashed line (e.g. "test" next to a solid "train").
    pub dashed: bool,
    /// Line width in CSS pixels.
    pub width: f64,
    /// Draw a dot at every point instead of (or as well as) a line.
    pub dots: bool,
    /// A marked point with a short note, e.g. ("diverged", x, y).
    pub mark: Option<(f64, f64, String)>,
}

impl Series {
    /// A solid 2-px line.
    pub fn line(label: impl Into<String>, color: RGBColor, points: Vec<(f64, f64)>) -> Self {
        Series { label: label.into(), color, points, dashed: false, width: 2.0, dots: false, mark: None }
    }
    /// Makes the line dashed.
    pub fn dashed(mut self) -> Self {
        self.dashed = true;
        self
    }
    /// Draws dots at the points.
    pub fn dots(mut self) -> Self {
        self.dots = true;
        self
    }
    /// Sets the line width (CSS px).
    pub fn width(mut self, w: f64) -> Self {
        self.width = w;
        self
    }
}

/// How one axis is scaled.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Axis {
    /// Linear, range fitted to the data unless given.
    Linear(Option<(f64, f64)>),
    /// Logarithmic (base 10), range fitted to the positive data unless given.
    Log(Option<(f64, f64)>),
    /// Symmetric logarithmic with linear threshold c > 0 (first field): sign(v)·log₁₀(1 + |v|/c).
    /// For data of both signs spanning many decades (a loss unbounded below, θ in the gradient
    /// stream). Range fitted to the data unless given.
    SymLog(f64, Option<(f64, f64)>),
}

/// How values map to axis units.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Scale {
    /// Axis unit = value.
    Linear,
    /// Axis unit = log₁₀(value).
    Log,
    /// Axis unit = sign(v)·log₁₀(1 + |v|/c).
    SymLog(f64),
}

impl Scale {
    /// Value → axis units (None when the value cannot be shown on this scale).
    pub fn to_axis(self, v: f64) -> Option<f64> {
        if !self.shows(v) {
            return None;
        }
        match self {
            Scale::Linear => Some(v),
            Scale::Log => Some(v.log10()),
            Scale::SymLog(c) => Some(v.signum() * (v.abs() / c).ln_1p() / std::f64::consts::LN_10),
        }
    }
    /// Whether `v` can be shown on this scale (finite; positive on a log scale).
    pub fn shows(self, v: f64) -> bool {
        v.is_finite() && (self != Scale::Log || v > 0.0)
    }
    /// Axis units → value.
    pub fn from_axis(self, a: f64) -> f64 {
        match self {
            Scale::Linear => a,
            Scale::Log => 10f64.powf(a),
            Scale::SymLog(c) => a.signum() * c * (10f64.powf(a.abs()) - 1.0),
        }
    }
}

/// Values at or below `below` on a log axis mean "reached the minimum to machine precision":
/// they are drawn on the axis' bottom edge, the first of each series marked with a ▼, and the
/// axis range is fitted to the values above `below` only (never stretched to 1e-300).
#[derive(Clone, Debug, PartialEq)]
pub struct Floor {
    /// The threshold, in data units (e.g. 1e-14·max(1, |f*|) for f − f*).
    pub below: f64,
    /// What the marker means, shown once in the plot (e.g. "▼ at f* to machine precision").
    pub note: String,
}

/// Everything about a chart except its curves.
#[derive(Clone, Debug)]
pub struct ChartSpec {
    /// Horizontal axis title (with units).
    pub x_label: String,
    /// Vertical axis title (with units).
    pub y_label: String,
    /// Horizontal scaling.
    pub x_axis: Axis,
    /// Vertical scaling.
    pub y_axis: Axis,
    /// Vertical marker lines: (x, label).
    pub v_markers: Vec<(f64, String)>,
    /// Horizontal reference lines: (y, label).
    pub h_markers: Vec<(f64, String)>,
    /// A message drawn in the middle when there is nothing to plot.
    pub empty_message: String,
    /// Draw the legend box (off when a neighbouring view already carries the same legend).
    pub legend: bool,
    /// On a log y axis: values at or below this are drawn on the bottom edge and marked.
    pub floor: Option<Floor>,
}

impl ChartSpec {
    /// A linear/linear chart with the given axis titles.
    pub fn new(x_label: impl Into<String>, y_label: impl Into<String>) -> Self {
        ChartSpec {
            x_label: x_label.into(),
            y_label: y_label.into(),
            x_axis: Axis::Linear(None),
            y_axis: Axis::Linear(None),
            v_markers: Vec::new(),
            h_markers: Vec::new(),
            empty_message: "nothing to show yet".into(),
            legend: true,
            floor: None,
        }
    }
}

fn scale_of(axis: Axis) -> (Scale, Option<(f64, f64)>) {
    match axis {
        Axis::Linear(r) => (Scale::Linear, r),
        Axis::Log(r) => (Scale::Log, r),
        Axis::SymLog(c, r) => (Scale::SymLog(if c.is_finite() && c > 0.0 { c } else { 1.0 }), r),
    }
}

/// The axis range (in axis units) for `values`: the given range if valid, else the data's range
/// padded by 4 % (linear axes whose data start at zero stay anchored at zero).
pub fn fit(axis: Axis, values: impl Iterator<Item = f64>) -> (f64, f64, Scale) {
    let (scale, given) = scale_of(axis);
    if let Some((a, b)) = given {
        if let (Some(a), Some(b)) = (scale.to_axis(a), scale.to_axis(b)) {
            if b > a {
                return (a, b, scale);
            }
        }
    }
    // Every scale is increasing, so the range of the mapped values is the mapping of the values'
    // range: one logarithm per axis end instead of one per point (8 × 20,000 points per chart in
    // a long race).
    let mut lo = f64::INFINITY;
    let mut hi = f64::NEG_INFINITY;
    for v in values.filter(|&v| scale.shows(v)) {
        lo = lo.min(v);
        hi = hi.max(v);
    }
    let (Some(lo), Some(hi)) = (scale.to_axis(lo), scale.to_axis(hi)) else {
        return (0.0, 1.0, scale);
    };
    let log = scale == Scale::Log;
    if hi - lo < 1e-12 * (1.0 + lo.abs()) {
        let pad = if log || matches!(scale, Scale::SymLog(_)) { 0.5 } else { 0.5 * lo.abs().max(1e-9) };
        return (lo - pad, hi + pad, scale);
    }
    let pad = (hi - lo) * 0.04;
    // Keep linear axes anchored at zero when the data start there.
    let lo_p = if !log && lo >= 0.0 && lo - pad < 0.0 { 0.0 } else { lo - pad };
    (lo_p, hi + pad, scale)
}

/// A 1-2-5 step (times a power of ten) giving about `n` intervals over `span`.
fn nice_step(span: f64, n: f64) -> f64 {
    let raw = (span / n).max(f64::MIN_POSITIVE);
    let p = 10f64.powf(raw.log10().floor());
    let m = raw / p;
    let k = if m <= 1.0 { 1.0 } else if m <= 2.0 { 2.0 } else if m <= 5.0 { 5.0 } else { 10.0 };
    k * p
}

/// Round tick values (in data units) within the axis range [a, b] (axis units): 1-2-5 steps on
/// linear axes; powers of ten on log axes (with 2 and 5 between them when the range spans less
/// than two decades); 0 and ±10^k on symmetric-log axes. At most about seven.
pub fn ticks(a: f64, b: f64, scale: Scale) -> Vec<f64> {
    let linear = |lo: f64, hi: f64| -> Vec<f64> {
        if !(hi > lo) {
            return vec![lo];
        }
        let step = nice_step(hi - lo, 5.0);
        let first = (lo / step).ceil() as i64;
        let last = (hi / step).floor() as i64;
        (first..=last).map(|i| {
            let v = i as f64 * step;
            if v.abs() < step * 1e-9 { 0.0 } else { v }
        }).collect()
    };
    let thin = |v: Vec<f64>, keep_zero: bool| -> Vec<f64> {
        if v.len() <= 7 {
            return v;
        }
        let m = v.len().div_ceil(7);
        let z = v.iter().position(|x| *x == 0.0).filter(|_| keep_zero).unwrap_or(0);
        v.into_iter().enumerate().filter(|(i, _)| (*i as i64 - z as i64).rem_euclid(m as i64) == 0).map(|(_, x)| x).collect()
    };
    match scale {
        Scale::Linear => linear(a, b),
        Scale::Log => {
            let decades: Vec<f64> = ((a.ceil() as i64)..=(b.floor() as i64)).map(|k| 10f64.powi(k as i32)).collect();
            if decades.len() >= 3 {
                return thin(decades, false);
            }
            let mut v = Vec::new();
            for k in (a.floor() as i64)..=(b.ceil() as i64) {
                for m in [1.0, 2.0, 5.0] {
                    let x = m * 10f64.powi(k as i32);
                    let ax = x.log10();
                    if ax >= a - 1e-9 && ax <= b + 1e-9 {
                        v.push(x);
                    }
                }
            }
            if v.len() >= 2 {
                thin(v, false)
            } else {
                linear(10f64.powf(a), 10f64.powf(b))
            }
        }
        Scale::SymLog(c) => {
            let lo = scale.from_axis(a);
            let hi = scale.from_axis(b);
            let mut v = Vec::new();
            let kmin = c.log10().ceil() as i64;
            let kmax = lo.abs().max(hi.abs()).max(c).log10().floor() as i64;
            for k in (kmin..=kmax).rev() {
                let x = -10f64.powi(k as i32);
                if x >= lo && x <= hi {
                    v.push(x);
                }
            }
            if lo <= 0.0 && hi >= 0.0 {
                v.push(0.0);
            }
            for k in kmin..=kmax {
                let x = 10f64.powi(k as i32);
                if x >= lo && x <= hi {
                    v.push(x);
                }
            }
            if v.len() >= 2 {
                thin(v, true)
            } else {
                linear(lo, hi)
            }
        }
    }
}

/// Tick label for a tick value in data units: plain decimals from 0.01 to 10 000, otherwise
/// "2e-5" style with an integer mantissa where the value is round.
pub fn tick_label(v: f64) -> String {
    if v == 0.0 {
        return "0".into();
    }
    let a = v.abs();
    if (1e-2..1e4).contains(&a) {
        return short(v);
    }
    let mut k = a.log10().floor();
    if a / 10f64.powf(k) >= 10.0 - 1e-9 {
        k += 1.0; // log10 of an exact power of ten may round just below it
    }
    let m = v / 10f64.powf(k);
    let mr = m.round();
    if (m - mr).abs() < 1e-6 * m.abs().max(1.0) {
        return format!("{}e{}", mr as i64, k as i64);
    }
    short(v)
}

/// A compact number: 3 significant digits, scientific for very large or small magnitudes.
pub fn short(v: f64) -> String {
    if v == 0.0 {
        return "0".into();
    }
    let a = v.abs();
    if !(1e-3..1e5).contains(&a) {
        return format!("{v:.1e}");
    }
    let s = format!("{v:.3}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" {
        "0".into()
    } else {
        s.to_string()
    }
}

/// A linear coordinate in axis units whose tick marks are [`ticks`] (plotters' own choice puts
/// ticks at 10^0.5 = 3.16 on short log axes).
struct Ticked {
    lo: f64,
    hi: f64,
    keys: Vec<f64>,
}

impl Ticked {
    fn new(lo: f64, hi: f64, scale: Scale) -> Self {
        let keys = ticks(lo, hi, scale).into_iter().filter_map(|v| scale.to_axis(v)).filter(|a| *a >= lo - 1e-9 * (hi - lo).abs() && *a <= hi + 1e-9 * (hi - lo).abs()).collect();
        Ticked { lo, hi, keys }
    }
}

impl Ranged for Ticked {
    type ValueType = f64;
    type FormatOption = DefaultFormatting;
    fn map(&self, v: &f64, limit: (i32, i32)) -> i32 {
        if self.hi == self.lo {
            return (limit.1 - limit.0) / 2;
        }
        let f = (v - self.lo) / (self.hi - self.lo);
        let n = (limit.1 - limit.0) as f64;
        if !f.is_finite() {
            return if f > 0.0 { limit.1 } else { limit.0 };
        }
        limit.0 + (n * f + 1e-3 * n.signum()).floor() as i32
    }
    fn key_points<H: KeyPointHint>(&self, hint: H) -> Vec<f64> {
        if hint.weight().allow_light_points() {
            Vec::new()
        } else {
            self.keys.clone()
        }
    }
    fn range(&self) -> std::ops::Range<f64> {
        self.lo..self.hi
    }
}

pub use super::legend::NARROW_CSS_PX;

/// Draws a line chart filling `area`. Returns the plotting rectangle in device pixels
/// ((x0, y0), (x1, y1)) and the fitted axis ranges, for hit-testing.
pub fn line_chart<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    theme: &Theme,
    spec: &ChartSpec,
    series: &[Series],
) -> Result<ChartFrame, String> {
    let err = |e: DrawingAreaErrorKind<DB::ErrorType>| format!("drawing failed: {e:?}");
    area.fill(&WHITE).map_err(err)?;
    // On a narrow chart (a phone) the legend gets rows of its own below the plot: a corner box
    // would cover most of the data there.
    let labelled = if spec.legend { series.iter().filter(|s| !s.label.is_empty()).count() } else { 0 };
    let (plot_area, legend_area) = split_for_legend(area, theme, labelled);
    let area = &plot_area;
    let (x0, x1, xs) = fit(spec.x_axis, series.iter().flat_map(|s| s.points.iter().map(|p| p.0)));
    // A floor only applies to log y axes; the range is fitted to the values above it.
    let floor = spec.floor.as_ref().filter(|_| matches!(spec.y_axis, Axis::Log(_)));
    let above = |v: f64| floor.map_or(true, |f| v > f.below);
    let (y0, y1, ys) = fit(spec.y_axis, series.iter().flat_map(|s| s.points.iter().map(|p| p.1)).filter(|v| above(*v)));
    let (xlog, ylog) = (xs == Scale::Log, ys == Scale::Log);
    let font = (theme.family(), theme.small()).into_font().color(&INK);
    let title_font = (theme.family(), theme.normal()).into_font().color(&INK);
    let mut chart = ChartBuilder::on(area)
        .margin(theme.px(8.0))
        .margin_right(theme.px(14.0))
        .x_label_area_size(theme.px(36.0))
        .y_label_area_size(theme.px(54.0))
        .build_cartesian_2d(Ticked::new(x0, x1, xs), Ticked::new(y0, y1, ys))
        .map_err(err)?;
    chart
        .configure_mesh()
        .light_line_style(GRID.mix(0.0))
        .bold_line_style(GRID)
        .axis_style(MUTED)
        .x_label_formatter(&|v| tick_label(xs.from_axis(*v)))
        .y_label_formatter(&|v| tick_label(ys.from_axis(*v)))
        .label_style(font.clone())
        .axis_desc_style(title_font.clone())
        .x_desc(spec.x_label.as_str())
        .y_desc(spec.y_label.as_str())
        .draw()
        .map_err(err)?;

    let px = |v: f64, scale: Scale| scale.to_axis(v);
    // Marker labels that would overprint one another (√λ and κ close together on a phone) go
    // one line lower than the label they would cover.
    let mut placed: Vec<(i32, i32, i32)> = Vec::new();
    // The markers' lines and labels in backend pixels, for the legend to avoid (below).
    let mut marker_px: Vec<(f64, f64)> = Vec::new();
    let line_h = theme.ipx(13.0);
    // A marker label's box (`w` px from `left`, rows `top..bottom`), for the legend to avoid: a
    // label under the legend box is lost, so its pixels count many times (a point every 2 px).
    let label_step = theme.ipx(2.0).max(1) as usize;
    let push_label_box = |out: &mut Vec<(f64, f64)>, left: i32, w: i32, top: i32, bottom: i32| {
        for yy in (top..bottom).step_by(label_step) {
            for xx in (left..left + w.max(1)).step_by(label_step) {
                out.push((xx as f64, yy as f64));
            }
        }
    };
    for (x, label) in &spec.v_markers {
        if let Some(xv) = px(*x, xs) {
            if xv >= x0 && xv <= x1 {
                chart
                    .draw_series(std::iter::once(PathElement::new(vec![(xv, y0), (xv, y1)], ShapeStyle::from(&MUTED).stroke_width(theme.px(1.5)))))
                    .map_err(err)?;
                let left = chart.backend_coord(&(xv, y1)).0;
                let w = area.estimate_text_size(label, &font).map(|(w, _)| w as i32).unwrap_or(0);
                let gap = theme.ipx(3.0);
                let row = (0..).find(|r| !placed.iter().any(|&(a, b, pr)| pr == *r && left < b + gap && a < left + w + gap)).unwrap_or(0);
                placed.push((left, left + w, row));
                // The label's box; the line itself counts like data.
                let top = chart.backend_coord(&(xv, y1)).1 + row * line_h;
                push_label_box(&mut marker_px, left, w, top, top + line_h);
                let bottom = chart.backend_coord(&(xv, y0)).1;
                for yy in (top + line_h..bottom).step_by(theme.ipx(3.0).max(1) as usize) {
                    marker_px.push((left as f64, yy as f64));
                }
                chart
                    .draw_series(std::iter::once(EmptyElement::at((xv, y1)) + Text::new(label.clone(), (0, row * line_h), font.clone().color(&MUTED))))
                    .map_err(err)?;
            }
        }
    }
    for (y, label) in &spec.h_markers {
        if let Some(yv) = px(*y, ys) {
            if yv >= y0 && yv <= y1 {
                chart
                    .draw_series(std::iter::once(PathElement::new(vec![(x0, yv), (x1, yv)], ShapeStyle::from(&MUTED.mix(0.8)).stroke_width(theme.px(1.0)))))
                    .map_err(err)?;
                chart.draw_series(std::iter::once(Text::new(label.clone(), (x0, yv), font.clone().color(&MUTED)))).map_err(err)?;
                // The label, for the legend to avoid like the vertical markers' (a line's height
                // either side of the line, where the font's anchor may put it).
                let (left, y) = chart.backend_coord(&(x0, yv));
                let w = area.estimate_text_size(label, &font).map(|(w, _)| w as i32).unwrap_or(0);
                push_label_box(&mut marker_px, left, w, y - line_h, y + line_h);
            }
        }
    }

    let mut any = false;
    let mut legend: Vec<LegendEntry> = Vec::new();
    // Pixels (of `area`) covered by data, so the legend can avoid them.
    let mut occupied: Vec<(f64, f64)> = Vec::new();
    let mut floor_marks: Vec<(f64, RGBColor)> = Vec::new();
    // The plot rectangle in `area`'s own pixels (plotters reports it in the backend's; they differ
    // when `area` is a split part of a canvas).
    let (xr, yr) = chart.plotting_area().get_pixel_range();
    let (abs_x, abs_y) = ((xr.start, xr.end), (yr.start, yr.end));
    let (bx, by) = area.get_base_pixel();
    let (xr, yr) = (xr.start - bx..xr.end - bx, yr.start - by..yr.end - by);
    let plot = [xr.start, yr.start, xr.end, yr.end];
    occupied.extend(marker_px.iter().map(|&(x, y)| (x - bx as f64, y - by as f64)));
    // Axis units → device pixels of the plot area.
    let to_px = |(x, y): (f64, f64)| -> (f64, f64) {
        (
            xr.start as f64 + (x - x0) / (x1 - x0).max(1e-300) * (xr.end - xr.start) as f64,
            yr.end as f64 - (y - y0) / (y1 - y0).max(1e-300) * (yr.end - yr.start) as f64,
        )
    };
    let columns = (area.dim_in_pixel().0 as usize).max(16);
    for s in series {
        let style = ShapeStyle::from(&s.color).stroke_width(theme.px(s.width));
        // A line of many more points than pixel columns is first thinned in data units (every
        // scale is increasing, so a column's extremes stay its extremes on the axis): the
        // conversion, ribbon and simplification below then see a few points per column.
        let column_of = |x: f64| px(x, xs).filter(|a| (x0..=x1).contains(a)).map(|a| (((a - x0) / (x1 - x0).max(1e-300)) * columns as f64) as i64);
        let plain = |y: f64| y.is_finite() && (!above(y) || px(y, ys).is_some());
        let thinned = if s.dots { std::borrow::Cow::Borrowed(&s.points[..]) } else { thin_points(&s.points, columns, column_of, plain) };
        // Split at points that cannot be drawn, and thin runs to what the pixels can show.
        let mut runs: Vec<Vec<(f64, f64)>> = vec![Vec::new()];
        let mut first_floor: Option<f64> = None;
        for &(x, y) in thinned.iter() {
            // At or below the floor: on the bottom edge (and the first one marked).
            let ya = if y.is_finite() && !above(y) {
                if first_floor.is_none() {
                    first_floor = px(x, xs);
                }
                Some(y0)
            } else {
                px(y, ys)
            };
            match (px(x, xs), ya) {
                (Some(a), Some(b)) => {
                    if let Some(r) = runs.last_mut() {
                        r.push((a, b.clamp(y0 - (y1 - y0), y1 + (y1 - y0))));
                    }
                }
                _ => {
                    if runs.last().map(|r| !r.is_empty()).unwrap_or(false) {
                        runs.push(Vec::new());
                    }
                }
            }
        }
        let drawn = runs.iter().any(|r| !r.is_empty());
        // Dense solid runs are filled as one ribbon (see `ribbon`); the others are stroked.
        if !s.dots && !s.dashed {
            let half = theme.px(s.width) as f64 / 2.0;
            let bucket = (theme.px(s.width) as f64).max(1.0); // one column per line width
            let mut stroked = Vec::with_capacity(runs.len());
            for r in runs {
                let pts: Vec<(f64, f64)> = r.iter().map(|&p| to_px(p)).collect();
                let inside = |p: Option<&(f64, f64)>| p.is_some_and(|p| p.0 >= xr.start as f64 - 0.5 && p.0 <= xr.end as f64 + 0.5);
                if !(inside(pts.first()) && inside(pts.last())) {
                    stroked.push(r);
                    continue;
                }
                match ribbon(&pts, bucket, half, yr.start as f64, yr.end as f64) {
                    Some(poly) => {
                        area.draw(&Polygon::new(poly, s.color.filled())).map_err(err)?;
                    }
                    None => stroked.push(r),
                }
            }
            runs = stroked;
        }
        // Then simplify within half a device pixel (axis units scaled to pixels).
        let (aw, ah) = area.dim_in_pixel();
        let (kx, ky) = (aw as f64 / (x1 - x0).max(1e-300), ah as f64 / (y1 - y0).max(1e-300));
        let runs: Vec<Vec<(f64, f64)>> = runs
            .into_iter()
            .map(|r| {
                if s.dots {
                    return r; // every dot is data
                }
                let r = thin_by_column(r, (x0, x1), columns);
                let scaled: Vec<(f64, f64)> = r.iter().map(|p| (p.0 * kx, p.1 * ky)).collect();
                simplify(&scaled, 0.5).into_iter().map(|p| (p.0 / kx, p.1 / ky)).collect()
            })
            .collect();
        for run in runs.iter().filter(|r| !r.is_empty()) {
            let mut prev: Option<(f64, f64)> = None;
            for &p in run {
                let q = to_px(p);
                if let (Some(a), false) = (prev, s.dots) {
                    // Sample the segment every 3 px so a line crossing a corner counts there.
                    let n = ((q.0 - a.0).hypot(q.1 - a.1) / 3.0).ceil().min(2000.0) as usize;
                    for k in 1..n {
                        let t = k as f64 / n as f64;
                        occupied.push((a.0 + t * (q.0 - a.0), a.1 + t * (q.1 - a.1)));
                    }
                }
                occupied.push(q);
                prev = Some(q);
            }
        }
        if let Some(xa) = first_floor {
            floor_marks.push((xa, s.color));
        }
        for run in runs.into_iter().filter(|r| !r.is_empty()) {
            if s.dots {
                let r = theme.px(2.5);
                chart.draw_series(run.iter().map(|&p| Circle::new(p, r, s.color.filled()))).map_err(err)?;
            } else if s.dashed {
                chart.draw_series(DashedLineSeries::new(run, theme.px(6.0), theme.px(4.0), style)).map_err(err)?;
            } else {
                chart.draw_series(LineSeries::new(run, style)).map_err(err)?;
            }
        }
        if drawn {
            any = true;
            let swatch = if s.dots {
                Swatch::Dot
            } else if s.dashed {
                Swatch::Dashed(s.width)
            } else {
                Swatch::Line(s.width)
            };
            legend.push(LegendEntry { label: s.label.clone(), color: s.color, swatch });
        }
        if let Some((mx, my, note)) = &s.mark {
            if let (Some(a), Some(b)) = (px(*mx, xs), px(*my, ys).or(Some(y0))) {
                let b = b.clamp(y0, y1);
                chart
                    .draw_series(std::iter::once(Cross::new((a, b), theme.px(5.0), ShapeStyle::from(&s.color).stroke_width(theme.px(2.0)))))
                    .map_err(err)?;
                chart.draw_series(std::iter::once(Text::new(note.clone(), (a, b), font.clone().color(&s.color)))).map_err(err)?;
            }
        }
    }
    if let (Some(f), false) = (floor, floor_marks.is_empty()) {
        // ▼ at the first step each series reached the floor, on the bottom edge.
        let (h, d) = (theme.px(9.0) as f64, theme.px(5.0) as f64);
        for (xa, color) in &floor_marks {
            let (x, y) = to_px((*xa, y0));
            let tri = vec![(x - d, y - h - 1.0), (x + d, y - h - 1.0), (x, y - 1.0)];
            let tri: Vec<(i32, i32)> = tri.into_iter().map(|(a, b)| (a.round() as i32, b.round() as i32)).collect();
            area.draw(&Polygon::new(tri, color.filled())).map_err(err)?;
            occupied.push((x, y - h / 2.0));
        }
        let at = (xr.start + theme.ipx(6.0), yr.end - theme.ipx(16.0) - h as i32);
        let note = font.clone().color(&MUTED).pos(plotters::style::text_anchor::Pos::new(
            plotters::style::text_anchor::HPos::Left,
            plotters::style::text_anchor::VPos::Bottom,
        ));
        area.draw(&Text::new(f.note.clone(), at, note)).map_err(err)?;
        let (tw, th) = area.estimate_text_size(&f.note, &font).unwrap_or((0, 0));
        for k in 0..=8 {
            occupied.push((at.0 as f64 + tw as f64 * k as f64 / 8.0, (at.1 - th as i32 / 2) as f64));
        }
    }
    if spec.legend && any {
        draw_legend_in(area, legend_area.as_ref(), theme, &legend, plot, GRID, &occupied)?;
    }
    if !any {
        let (w, h) = area.dim_in_pixel();
        area.draw(&Text::new(
            spec.empty_message.clone(),
            ((w / 2) as i32, (h / 2) as i32),
            title_font.color(&MUTED).pos(plotters::style::text_anchor::Pos::new(
                plotters::style::text_anchor::HPos::Center,
                plotters::style::text_anchor::VPos::Center,
            )),
        ))
        .map_err(err)?;
    }
    Ok(ChartFrame { x_px: abs_x, y_px: abs_y, x_range: (x0, x1, xlog), y_range: (y0, y1, ylog) })
}

/// Keeps at most the first, lowest, highest and last point of each of `columns` pixel columns
/// (x ascending), so a line through thousands of points draws the same picture from a few
/// hundred; runs shorter than four points per column are returned as they are.
pub fn thin_by_column(run: Vec<(f64, f64)>, (x0, x1): (f64, f64), columns: usize) -> Vec<(f64, f64)> {
    if x1 <= x0 {
        return run;
    }
    let column_of = |x: f64| Some((((x - x0) / (x1 - x0)) * columns as f64).floor() as i64);
    match thin_points(&run, columns, column_of, |_| true) {
        std::borrow::Cow::Owned(thin) => thin,
        std::borrow::Cow::Borrowed(_) => run,
    }
}

/// Keeps at most the first, lowest, highest and last point of each stretch of consecutive points
/// that fall into one of `columns` pixel columns (`column_of`, None outside the plot), in their
/// order. Points that are not `plain` (they break the line or sit on the floor) and points outside
/// the plot are kept as they are. Lines of at most four points per column are returned whole.
pub fn thin_points<'a>(
    points: &'a [(f64, f64)],
    columns: usize,
    column_of: impl Fn(f64) -> Option<i64>,
    plain: impl Fn(f64) -> bool,
) -> std::borrow::Cow<'a, [(f64, f64)]> {
    if points.len() <= 4 * columns {
        return std::borrow::Cow::Borrowed(points);
    }
    let mut out: Vec<(f64, f64)> = Vec::with_capacity(8 * columns);
    // The open stretch: its column, and the indices of its first, lowest, highest and last point.
    let mut open: Option<(i64, [usize; 4])> = None;
    let flush = |open: &mut Option<(i64, [usize; 4])>, out: &mut Vec<(f64, f64)>| {
        if let Some((_, mut keep)) = open.take() {
            keep.sort_unstable();
            let mut last = usize::MAX;
            for k in keep {
                if k != last {
                    out.push(points[k]);
                    last = k;
                }
            }
        }
    };
    for (i, &(x, y)) in points.iter().enumerate() {
        let c = if plain(y) { column_of(x) } else { None };
        match (c, open.as_mut()) {
            (Some(c), Some((oc, keep))) if *oc == c => {
                if y < points[keep[1]].1 {
                    keep[1] = i;
                }
                if y > points[keep[2]].1 {
                    keep[2] = i;
                }
                keep[3] = i;
            }
            (Some(c), _) => {
                flush(&mut open, &mut out);
                open = Some((c, [i; 4]));
            }
            (None, _) => {
                flush(&mut open, &mut out);
                out.push((x, y));
            }
        }
    }
    flush(&mut open, &mut out);
    std::borrow::Cow::Owned(out)
}

/// Where a chart's plotting area ended up, to map pointer positions back to data.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ChartFrame {
    /// Device pixel range of the plot area, horizontally.
    pub x_px: (i32, i32),
    /// Device pixel range of the plot area, vertically (top, bottom).
    pub y_px: (i32, i32),
    /// Axis range (in axis units: log₁₀ for log axes) and whether it is logarithmic.
    pub x_range: (f64, f64, bool),
    /// Same for y.
    pub y_range: (f64, f64, bool),
}

impl ChartFrame {
    /// Data x at device pixel column `px`.
    pub fn x_at(&self, px: f64) -> f64 {
        let (a, b, log) = self.x_range;
        let t = (px - self.x_px.0 as f64) / ((self.x_px.1 - self.x_px.0).max(1) as f64);
        let v = a + t * (b - a);
        if log {
            10f64.powf(v)
        } else {
            v
        }
    }
    /// Data y at device pixel row `py`.
    pub fn y_at(&self, py: f64) -> f64 {
        let (a, b, log) = self.y_range;
        let t = (self.y_px.1 as f64 - py) / ((self.y_px.1 - self.y_px.0).max(1) as f64);
        let v = a + t * (b - a);
        if log {
            10f64.powf(v)
        } else {
            v
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ribbons_and_legend_land_in_their_part_of_a_split_canvas() {
        // The right half of a 600-px-wide SVG: a dense zig-zag (a ribbon) and its legend must be
        // drawn there, not shifted by the half's offset (they once were, out of sight).
        let mut svg = String::new();
        {
            let root = SVGBackend::with_string(&mut svg, (600, 200)).into_drawing_area();
            let parts = root.split_evenly((1, 2));
            let zig: Vec<(f64, f64)> = (0..2000).map(|k| (k as f64, if k % 2 == 0 { 1.0 } else { 2.0 })).collect();
            let spec = ChartSpec::new("step", "value");
            line_chart(&parts[1], &Theme::new(1.0), &spec, &[Series::line("zig", RGBColor(213, 94, 0), zig)]).unwrap();
        }
        let poly = svg.split("<polygon").nth(1).expect("the dense series is a ribbon");
        let pts = poly.split("points=\"").nth(1).unwrap().split('"').next().unwrap();
        let xs: Vec<f64> = pts.split_whitespace().map(|p| p.split(',').next().unwrap().parse().unwrap()).collect();
        let (lo, hi) = (xs.iter().copied().fold(f64::INFINITY, f64::min), xs.iter().copied().fold(0.0, f64::max));
        assert!(lo > 300.0 && lo < 420.0 && hi > 540.0 && hi < 600.0, "ribbon spans the right half's plot: {lo}…{hi}");
        let text_x: f64 = svg.split(">zig<").next().unwrap().rsplit("x=\"").next().unwrap().split('"').next().unwrap().parse().unwrap();
        assert!(text_x > 300.0 && text_x < 580.0, "legend inside the right half: {text_x}");
    }

    #[test]
    fn tick_labels() {
        assert_eq!(tick_label(1e-3), "1e-3");
        assert_eq!(tick_label(1.0), "1");
        assert_eq!(tick_label(100.0), "100");
        assert_eq!(tick_label(2e-5), "2e-5");
        assert_eq!(tick_label(-1e8), "-1e8");
        assert_eq!(tick_label(0.0), "0");
        assert_eq!(short(0.5), "0.5");
        assert_eq!(short(1234.5678), "1234.568");
        assert_eq!(short(2.5e-7), "2.5e-7");
    }

    /// Every tick value is round: m·10^k with m ∈ {1, 2, 5} (or 0).
    fn round(v: f64) -> bool {
        if v == 0.0 {
            return true;
        }
        let k = v.abs().log10().floor();
        let m = v.abs() / 10f64.powf(k);
        [1.0, 2.0, 5.0, 10.0].iter().any(|r| (m - r).abs() < 1e-9)
    }

    #[test]
    fn ticks_are_round_values_inside_the_range() {
        let cases = [
            (Scale::Linear, 0.0, 400.0),
            (Scale::Linear, -0.15, 1.6),
            (Scale::Linear, 3.3, 3.31),
            (Scale::Log, -3.0, 0.1),   // 1e-3 … 1.26: decades
            (Scale::Log, -0.3, 0.6),   // 0.5 … 4: 1-2-5 (plotters put 10^0.5 = 3.16 here)
            (Scale::Log, -14.0, 1.0),  // fifteen decades, thinned
            (Scale::SymLog(1.0), Scale::SymLog(1.0).to_axis(-6e8).unwrap(), Scale::SymLog(1.0).to_axis(5.0).unwrap()),
            (Scale::SymLog(0.01), Scale::SymLog(0.01).to_axis(-1100.0).unwrap(), Scale::SymLog(0.01).to_axis(0.12).unwrap()),
        ];
        for (scale, a, b) in cases {
            let t = ticks(a, b, scale);
            assert!(t.len() >= 2 && t.len() <= 8, "{scale:?} {a}…{b}: {t:?}");
            for v in &t {
                let x = scale.to_axis(*v).unwrap();
                assert!(x >= a - 1e-9 && x <= b + 1e-9, "{scale:?}: tick {v} outside {a}…{b}");
                if scale != Scale::Linear {
                    assert!(round(*v), "{scale:?}: tick {v} is not round ({t:?})");
                }
            }
            if scale == Scale::Linear {
                // Equal 1-2-5 steps.
                let step = t[1] - t[0];
                assert!(round(step), "step {step} of {t:?}");
                assert!(t.windows(2).all(|w| ((w[1] - w[0]) - step).abs() < 1e-9 * step), "{t:?}");
            }
        }
        // The symmetric-log axis of a loss from 5 down to −6e8 shows 0 and negative decades.
        let t = ticks(Scale::SymLog(1.0).to_axis(-6e8).unwrap(), Scale::SymLog(1.0).to_axis(5.0).unwrap(), Scale::SymLog(1.0));
        assert!(t.contains(&0.0) && t.iter().any(|v| *v <= -1e6), "{t:?}");
        // Round trip of the symmetric log.
        for v in [-1e8, -3.0, -0.5, 0.0, 0.02, 7.0, 1e5] {
            let s = Scale::SymLog(0.1);
            assert!((s.from_axis(s.to_axis(v).unwrap()) - v).abs() <= 1e-9 * v.abs().max(1.0));
        }
    }

    /// The y pixel rows of the vertices of `<polyline>`s in an SVG.
    fn polyline_ys(svg: &str, stroke: &str) -> Vec<f64> {
        svg.split("<polyline").skip(1).filter(|p| p.split('>').next().unwrap().contains(stroke)).flat_map(|p| {
            let pts = p.split("points=\"").nth(1).unwrap().split('"').next().unwrap().to_string();
            pts.split_whitespace().map(|q| q.split(',').nth(1).unwrap().parse::<f64>().unwrap()).collect::<Vec<_>>()
        }).collect()
    }

    #[test]
    fn the_legend_keeps_off_the_labels_of_vertical_markers() {
        // Data along the bottom and one spike into the top right; a marker with its label at the
        // top left. Counting data alone, the top left is the emptiest corner — where the legend
        // once hid "best …" (the optima histogram); the label's pixels must count too.
        let flat: Vec<(f64, f64)> = (0..=100).map(|k| (k as f64 / 10.0, 0.2)).collect();
        let spike = vec![(8.0, 0.2), (9.0, 10.0), (10.0, 0.2)];
        let mut spec = ChartSpec::new("loss", "runs");
        spec.y_axis = Axis::Linear(Some((0.0, 10.5)));
        spec.x_axis = Axis::Linear(Some((0.0, 10.0)));
        spec.v_markers = vec![(0.6, "best 0.016".into())];
        let mut svg = String::new();
        {
            let area = SVGBackend::with_string(&mut svg, (640, 300)).into_drawing_area();
            line_chart(&area, &Theme::new(1.0), &spec, &[Series::line("first size", RGBColor(0, 0, 0), flat), Series::line("second size", RGBColor(200, 0, 0), spike)]).unwrap();
        }
        let text_x = |label: &str| -> f64 {
            let i = svg.find(label).unwrap_or_else(|| panic!("{label} not drawn"));
            let tag = &svg[svg[..i].rfind("<text").unwrap()..i];
            tag.split(" x=\"").nth(1).and_then(|v| v.split('"').next()).and_then(|v| v.parse().ok()).unwrap()
        };
        let (marker, entry) = (text_x("best 0.016"), text_x("first size"));
        assert!(marker < 200.0, "the marker label sits at the left: x = {marker}");
        assert!(entry > 320.0, "the legend went to the right half, away from the label: x = {entry}");
    }

    #[test]
    fn on_a_phone_width_chart_the_legend_sits_below_the_plot() {
        let a: Vec<(f64, f64)> = (0..50).map(|k| (k as f64, (k as f64 * 0.3).sin())).collect();
        let b: Vec<(f64, f64)> = (0..50).map(|k| (k as f64, (k as f64 * 0.2).cos())).collect();
        let spec = ChartSpec::new("step", "value");
        for (w, below) in [(320u32, true), (600, false)] {
            let mut svg = String::new();
            let frame = {
                let area = SVGBackend::with_string(&mut svg, (w, 320)).into_drawing_area();
                line_chart(&area, &Theme::new(1.0), &spec, &[Series::line("first run", RGBColor(0, 0, 0), a.clone()), Series::line("second run", RGBColor(200, 0, 0), b.clone())]).unwrap()
            };
            let bottom = frame.y_px.1 as f64;
            for label in ["first run", "second run"] {
                let y = crate::render::legend::svg_text_y(&svg, label);
                assert_eq!(y > bottom, below, "{w} px wide: legend label at y = {y}, plot bottom {bottom}");
            }
        }
    }

    #[test]
    fn values_at_or_below_the_floor_sit_on_the_bottom_edge_with_a_marker_not_at_1e_300() {
        // f − f*: a run that falls from 1 to 1e-3 and one that hits f* (then rounds to ≤ 0).
        let gd: Vec<(f64, f64)> = (0..=30).map(|k| (k as f64, 10f64.powf(-(k as f64) / 10.0))).collect();
        let newton: Vec<(f64, f64)> = (0..=30).map(|k| (k as f64, if k == 0 { 1.0 } else if k % 2 == 0 { 0.0 } else { -2e-17 })).collect();
        let mut spec = ChartSpec::new("iteration k", "f(x_k) − f*");
        spec.y_axis = Axis::Log(None);
        spec.legend = false;
        spec.floor = Some(Floor { below: 1e-14, note: "▼ at f* to machine precision".into() });
        let mut svg = String::new();
        let frame = {
            let area = SVGBackend::with_string(&mut svg, (400, 300)).into_drawing_area();
            line_chart(&area, &Theme::new(1.0), &spec, &[Series::line("GD", RGBColor(0, 0, 0), gd.clone()).width(1.0), Series::line("Newton", RGBColor(200, 0, 0), newton).width(1.0)]).unwrap()
        };
        // The axis spans the positive data (1e-3 … 1), padded: not 1e-300, not 1e-17.
        let (y0, y1, _) = frame.y_range;
        assert!(y0 > -3.5 && y0 < -3.0 && y1 > 0.0 && y1 < 0.5, "{y0}…{y1}");
        // GD's fall from 1 to 1e-3 spans (nearly) the whole plot height.
        let ys: Vec<f64> = ["#000000", "#C80000"].iter().flat_map(|c| polyline_ys(&svg, c)).collect();
        let gd_ys = polyline_ys(&svg, "#000000");
        let span = gd_ys.iter().copied().fold(f64::MIN, f64::max) - gd_ys.iter().copied().fold(f64::MAX, f64::min);
        assert!(span > 0.8 * (frame.y_px.1 - frame.y_px.0) as f64, "GD's fall from 1 to 1e-3 spans only {span} px");
        let (top, bottom) = (frame.y_px.0 as f64, frame.y_px.1 as f64);
        assert!(ys.iter().all(|y| *y >= top - 1.0 && *y <= bottom + 1.0), "a vertex outside the plot {top}…{bottom}: {ys:?}");
        assert!(svg.contains("at f* to machine precision"), "the marker's note");
        // Exactly one ▼ (Newton's), on the bottom edge at step 1, its first step at f* (−2e-17).
        assert_eq!(svg.matches("<polygon").count(), 1, "{svg}");
        let tri = svg.split("<polygon").nth(1).unwrap().split("points=\"").nth(1).unwrap().split('"').next().unwrap();
        let pts: Vec<(f64, f64)> = tri.split_whitespace().map(|q| { let mut c = q.split(',').map(|v| v.parse::<f64>().unwrap()); (c.next().unwrap(), c.next().unwrap()) }).collect();
        let x2 = frame.x_px.0 as f64 + (1.0 - frame.x_range.0) / (frame.x_range.1 - frame.x_range.0) * (frame.x_px.1 - frame.x_px.0) as f64;
        for (x, y) in pts {
            assert!((x - x2).abs() < 8.0 && y <= bottom + 0.5 && y > bottom - 14.0, "▼ at ({x}, {y}), expected near ({x2}, {bottom})");
        }
        assert!(gd.len() == 31);
    }

    #[test]
    fn a_loss_unbounded_below_shows_its_descent_on_a_symmetric_log_axis() {
        // f(x_k) from 1 down to −6e8: on a linear axis everything above −1e7 is one flat line.
        let f: Vec<(f64, f64)> = (0..=40).map(|k| (k as f64, 1.0 - 1.7f64.powi(k) + 1.0)).collect();
        let mut spec = ChartSpec::new("iteration k", "f(x_k)");
        spec.y_axis = Axis::SymLog(1.0, None);
        let mut svg = String::new();
        let frame = {
            let area = SVGBackend::with_string(&mut svg, (400, 300)).into_drawing_area();
            line_chart(&area, &Theme::new(1.0), &spec, &[Series::line("saddle-free Newton", RGBColor(0, 0, 0), f.clone()).width(1.0)]).unwrap()
        };
        // Step 5 (f ≈ −11) and step 10 (f ≈ −200) are far apart on screen, not squashed together.
        let y_of = |v: f64| {
            let a = Scale::SymLog(1.0).to_axis(v).unwrap();
            frame.y_px.1 as f64 - (a - frame.y_range.0) / (frame.y_range.1 - frame.y_range.0) * (frame.y_px.1 - frame.y_px.0) as f64
        };
        let gap = y_of(f[10].1) - y_of(f[5].1);
        assert!(gap > 20.0, "steps 5 and 10 only {gap} px apart");
        let labels: Vec<&str> = svg.split("<text").skip(1).map(|t| t.split('>').nth(1).unwrap_or("").split('<').next().unwrap_or("").trim()).collect();
        assert!(labels.contains(&"0") && labels.iter().any(|l| ["-1e6", "-1e7", "-1e8", "-1e9"].contains(l)), "round symmetric-log ticks: {:?}", svg.split("<text").skip(1).map(|t| t.split('>').nth(1).unwrap_or("").split('<').next().unwrap_or("")).collect::<Vec<_>>());
    }

    #[test]
    fn draws_on_svg_with_log_axis_and_breaks() {
        let mut svg = String::new();
        {
            let area = SVGBackend::with_string(&mut svg, (400, 300)).into_drawing_area();
            let pts: Vec<(f64, f64)> = (0..50).map(|i| (i as f64, 10f64.powf(-(i as f64) / 10.0))).collect();
            let mut spec = ChartSpec::new("iteration", "loss");
            spec.y_axis = Axis::Log(None);
            let mut bad = pts.clone();
            bad[10].1 = f64::NAN;
            bad[11].1 = -1.0;
            let frame = line_chart(&area, &Theme::new(1.0), &spec, &[Series::line("GD", RGBColor(0, 0, 0), bad)]).unwrap();
            assert!(frame.x_px.1 > frame.x_px.0 && frame.y_px.1 > frame.y_px.0);
            // Pixel → data mapping inverts the axis ranges.
            assert!((frame.x_at(frame.x_px.0 as f64) - frame.x_range.0).abs() < 1e-9);
        }
        assert!(svg.contains("loss") && svg.contains("iteration") && svg.contains("GD"));
        assert!(svg.contains("1e-3"), "log tick labels missing");
    }

    #[test]
    fn thinning_keeps_extremes_and_ends() {
        let run: Vec<(f64, f64)> = (0..10_000).map(|i| (i as f64, ((i * 7919) % 1000) as f64)).collect();
        let thin = thin_by_column(run.clone(), (0.0, 9999.0), 100);
        assert!(thin.len() <= 400);
        assert_eq!(thin.first(), run.first());
        assert_eq!(thin.last(), run.last());
        let max = |v: &[(f64, f64)]| v.iter().map(|p| p.1).fold(f64::MIN, f64::max);
        let min = |v: &[(f64, f64)]| v.iter().map(|p| p.1).fold(f64::MAX, f64::min);
        assert_eq!(max(&thin), max(&run));
        assert_eq!(min(&thin), min(&run));
        assert!(thin.windows(2).all(|w| w[0].0 <= w[1].0), "order kept");
    }

    #[test]
    fn thinning_in_data_units_keeps_each_columns_extremes_and_every_break() {
        // 20,000 zig-zag points over 100 columns, with a NaN (a break) and an infinity inside.
        let mut pts: Vec<(f64, f64)> = (0..20_000).map(|k| (k as f64, if k % 2 == 0 { 1.0 + k as f64 } else { 1.0 / (1.0 + k as f64) })).collect();
        pts[5_000].1 = f64::NAN;
        pts[7_001].1 = f64::INFINITY;
        let col = |x: f64| Some((x / 200.0) as i64);
        let plain = |y: f64| y.is_finite();
        let thin = thin_points(&pts, 100, col, plain);
        assert!(thin.len() <= 4 * 100 + 4 * 2 + 2, "{} points", thin.len());
        assert!(thin.windows(2).all(|w| w[0].0 < w[1].0), "order kept");
        assert!(thin[5..].iter().any(|p| p.0 == 5_000.0 && p.1.is_nan()) && thin.iter().any(|p| p.0 == 7_001.0 && p.1.is_infinite()));
        // Per column (between breaks), the lowest and highest values, the first and the last point.
        for c in 0..100 {
            let inside = |p: &&(f64, f64)| col(p.0) == Some(c) && p.1.is_finite();
            let all: Vec<_> = pts.iter().filter(inside).collect();
            let kept: Vec<_> = thin.iter().filter(inside).collect();
            let lo = |v: &[&(f64, f64)]| v.iter().map(|p| p.1).fold(f64::INFINITY, f64::min);
            let hi = |v: &[&(f64, f64)]| v.iter().map(|p| p.1).fold(f64::NEG_INFINITY, f64::max);
            assert_eq!((lo(&kept), hi(&kept)), (lo(&all), hi(&all)), "column {c}");
            assert_eq!((kept.first(), kept.last()), (all.first(), all.last()), "column {c}");
        }
        // Short lines are not copied.
        assert!(matches!(thin_points(&pts[..400], 100, col, plain), std::borrow::Cow::Borrowed(_)));
    }

    #[test]
    fn fitting_a_log_axis_maps_the_ends_of_the_positive_values() {
        let v = [0.0, -3.0, 1e-3, f64::NAN, 10.0, f64::INFINITY, 0.5];
        let (a, b, s) = fit(Axis::Log(None), v.into_iter());
        assert_eq!(s, Scale::Log);
        let pad = (1.0 - (-3.0)) * 0.04;
        assert!((a - (-3.0 - pad)).abs() < 1e-12 && (b - (1.0 + pad)).abs() < 1e-12, "{a} {b}");
        assert_eq!(fit(Axis::Log(None), [0.0, -1.0].into_iter()), (0.0, 1.0, Scale::Log));
    }

    #[test]
    fn empty_chart_says_so() {
        let mut svg = String::new();
        {
            let area = SVGBackend::with_string(&mut svg, (300, 200)).into_drawing_area();
            let mut spec = ChartSpec::new("x", "y");
            spec.empty_message = "press play".into();
            line_chart(&area, &Theme::new(2.0), &spec, &[]).unwrap();
        }
        assert!(svg.contains("press play"));
    }
}
