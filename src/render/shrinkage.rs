//! The Shrinkage lab's charts: filter factors, data with fits, error curves, the spectrum, and
//! the f32 vs f64 filters GD actually achieved.
//!
//! Each function takes a drawing area and plain data (built by `lab::shrinkage`), so every view
//! renders natively on the SVG backend in tests exactly as on a canvas.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::chart::{short, Axis, ChartFrame, ChartSpec, Series};
use super::figure::{draw_figure, Corner, Figure, Mark, Note, Panel, Shape};
use super::theme::{Theme, INK, MUTED, PALETTE};

/// Colour of least squares (black).
pub const LS_COLOR: RGBColor = PALETTE[7];
/// Colour of ridge (blue).
pub const RIDGE_COLOR: RGBColor = PALETTE[1];
/// Colour of PCA (bluish green).
pub const PCA_COLOR: RGBColor = PALETTE[2];
/// Colour of gradient descent (vermillion).
pub const GD_COLOR: RGBColor = PALETTE[0];
/// Colour of the float64 run (sky blue).
pub const F64_COLOR: RGBColor = PALETTE[5];
/// Colour of the float32 run (reddish purple).
pub const F32_COLOR: RGBColor = PALETTE[3];
/// Colour of training points (grey-blue ink).
pub const TRAIN_COLOR: RGBColor = RGBColor(70, 80, 95);
/// Colour of test points (orange).
pub const TEST_COLOR: RGBColor = PALETTE[4];
/// Colour of the true function f (light grey).
pub const TRUTH_COLOR: RGBColor = RGBColor(170, 178, 188);

pub use super::figure::to_pixel;

/// Clips a polyline to lo ≤ y ≤ hi: segments that cross a bound end exactly on it, and the
/// parts outside become breaks (NaN), so curves never spill over the axes.
pub fn clip_y(points: &[(f64, f64)], lo: f64, hi: f64) -> Vec<(f64, f64)> {
    let mut out = Vec::with_capacity(points.len() + 8);
    let inside = |y: f64| y.is_finite() && y >= lo && y <= hi;
    for (i, &(x, y)) in points.iter().enumerate() {
        if i > 0 {
            let (xp, yp) = points[i - 1];
            if yp.is_finite() && y.is_finite() && inside(yp) != inside(y) {
                // The crossing with the bound that lies between the two values.
                let bound = if yp > hi || y > hi { hi } else { lo };
                let t = (bound - yp) / (y - yp);
                if t.is_finite() {
                    let xc = xp + t * (x - xp);
                    if inside(y) {
                        out.push((xc, bound));
                    } else {
                        out.push((xc, bound));
                        out.push((xc, f64::NAN));
                    }
                }
            }
        }
        if inside(y) {
            out.push((x, y));
        } else if out.last().map(|p| p.1.is_finite()).unwrap_or(false) {
            out.push((x, f64::NAN));
        }
    }
    out
}

/// A labelled curve: (legend text, colour, points, dashed).
pub type Curve = (String, RGBColor, Vec<(f64, f64)>, bool);
/// A fitted curve on the x grid: (legend text, colour, points).
pub type Fit = (String, RGBColor, Vec<(f64, f64)>);

/// What the filter-factor view shows.
#[derive(Clone, Debug, Default)]
pub struct FilterPlot {
    /// Singular values of X (descending), drawn as dots on the axis.
    pub s: Vec<f64>,
    /// Curves φ(s) on a dense log grid: (label, colour, points, dashed).
    pub curves: Vec<Curve>,
    /// Vertical markers (s value, label).
    pub markers: Vec<(f64, String)>,
    /// Horizontal range of s.
    pub s_range: (f64, f64),
    /// A warning written in the chart (e.g. divergence), if any.
    pub warning: Option<String>,
}

/// The filter-factor view: φ(s) against s (log axis) with the singular values of X as dots at φ = 0.
pub fn filters_figure(plot: &FilterPlot) -> Figure<'static> {
    let mut spec = ChartSpec::new("singular value s (log scale)", "filter factor φ(s)");
    spec.x_axis = Axis::Log(Some(plot.s_range));
    spec.y_axis = Axis::Linear(Some((-0.15, 1.6)));
    spec.v_markers = plot.markers.clone();
    spec.h_markers = vec![(1.0, String::new()), (0.0, String::new())];
    let mut series = Vec::new();
    for (label, color, pts, dashed) in &plot.curves {
        let mut s = Series::line(label.clone(), *color, clip_y(pts, -0.15, 1.6));
        if *dashed {
            s = s.dashed();
        }
        series.push(s);
    }
    series.push(Series::line("singular values sᵢ of X", INK, plot.s.iter().map(|&s| (s, 0.0)).collect()).dots());
    let mut panel = Panel::new(spec, series);
    if let Some(w) = &plot.warning {
        panel.notes.push(Note { text: w.clone(), corner: Corner::TopLeft, color: GD_COLOR });
    }
    Figure::panels(vec![panel])
}

/// Draws [`filters_figure`].
pub fn draw_filters<DB: DrawingBackend>(area: &DrawingArea<DB, Shift>, theme: &Theme, plot: &FilterPlot) -> Result<ChartFrame, String> {
    first_frame(draw_figure(area, theme, &filters_figure(plot))?)
}

fn first_frame(frames: Vec<ChartFrame>) -> Result<ChartFrame, String> {
    frames.into_iter().next().ok_or_else(|| "drawing failed: no chart".to_string())
}

/// What the data view shows.
#[derive(Clone, Debug, Default)]
pub struct DataPlot {
    /// Training points.
    pub train: Vec<(f64, f64)>,
    /// Test points.
    pub test: Vec<(f64, f64)>,
    /// The true function on a grid, if known (generated data).
    pub truth: Option<Vec<(f64, f64)>>,
    /// Fitted curves: (label, colour, points on the grid).
    pub fits: Vec<Fit>,
    /// x range shown.
    pub x_range: (f64, f64),
    /// y range shown (curves are clipped to it).
    pub y_range: (f64, f64),
    /// The point being dragged, drawn with a halo.
    pub active: Option<(f64, f64)>,
    /// A hint written in the chart's lower-left corner.
    pub hint: String,
}

/// The data view: training dots, test dots with a ring, the true function and the fitted curves.
pub fn data_figure(plot: &DataPlot) -> Figure<'static> {
    let mut spec = ChartSpec::new("input x", "target y");
    spec.x_axis = Axis::Linear(Some(plot.x_range));
    spec.y_axis = Axis::Linear(Some(plot.y_range));
    spec.empty_message = "no data".into();
    let (lo, hi) = plot.y_range;
    let mut series = Vec::new();
    if let Some(t) = &plot.truth {
        series.push(Series::line("true f(x)", TRUTH_COLOR, clip_y(t, lo, hi)).dashed().width(1.5));
    }
    for (label, color, pts) in &plot.fits {
        series.push(Series::line(label.clone(), *color, clip_y(pts, lo, hi)));
    }
    series.push(Series::line(format!("training points ({})", plot.train.len()), TRAIN_COLOR, plot.train.clone()).dots());
    if !plot.test.is_empty() {
        series.push(Series::line(format!("test points ({}, ringed)", plot.test.len()), TEST_COLOR, plot.test.clone()).dots());
    }
    let mut panel = Panel::new(spec, series);
    for &(x, y) in &plot.test {
        panel.marks.push(Mark { at: (x, y.clamp(lo, hi)), shape: Shape::Ring(5.0), color: TEST_COLOR, width: 1.5 });
    }
    if let Some(at) = plot.active {
        panel.marks.push(Mark { at, shape: Shape::Ring(8.0), color: INK, width: 2.0 });
    }
    if !plot.hint.is_empty() {
        panel.notes.push(Note { text: plot.hint.clone(), corner: Corner::BottomLeft, color: MUTED });
    }
    Figure::panels(vec![panel])
}

/// Draws [`data_figure`].
pub fn draw_data<DB: DrawingBackend>(area: &DrawingArea<DB, Shift>, theme: &Theme, plot: &DataPlot) -> Result<ChartFrame, String> {
    first_frame(draw_figure(area, theme, &data_figure(plot))?)
}

/// One small error-curve chart.
#[derive(Clone, Debug, Default)]
pub struct ErrorPanel {
    /// Horizontal axis title, e.g. "ridge λ".
    pub x_label: String,
    /// Swept parameter values (> 0, drawn on a log axis).
    pub param: Vec<f64>,
    /// Training MSE.
    pub train: Vec<f64>,
    /// Test MSE (empty = no test points).
    pub test: Vec<f64>,
    /// Current value of the parameter, marked with a line.
    pub current: f64,
    /// Label of the marker, e.g. "λ".
    pub current_label: String,
    /// Colour of the method.
    pub color: RGBColor,
}

/// The error panels side by side (train solid, test dashed, log-log).
pub fn errors_figure(panels: &[ErrorPanel]) -> Figure<'static> {
    let charts = panels
        .iter()
        .map(|p| {
            let mut spec = ChartSpec::new(p.x_label.clone(), "mean squared error");
            spec.x_axis = Axis::Log(None);
            spec.y_axis = Axis::Log(None);
            spec.v_markers = vec![(p.current, p.current_label.clone())];
            let zip = |v: &[f64]| p.param.iter().copied().zip(v.iter().copied()).collect::<Vec<_>>();
            let mut series = vec![Series::line("train", p.color, zip(&p.train))];
            if !p.test.is_empty() {
                series.push(Series::line("test", p.color, zip(&p.test)).dashed());
            }
            Panel::new(spec, series)
        })
        .collect();
    Figure::panels(charts)
}

/// Draws [`errors_figure`].
pub fn draw_errors<DB: DrawingBackend>(area: &DrawingArea<DB, Shift>, theme: &Theme, panels: &[ErrorPanel]) -> Result<(), String> {
    draw_figure(area, theme, &errors_figure(panels)).map(|_| ())
}

/// The singular values sᵢ against their index i on a log axis, with κ and √λ marked.
pub fn spectrum_figure(s: &[f64], markers: &[(f64, String)], tolerance: f64) -> Figure<'static> {
    let mut spec = ChartSpec::new("index i", "singular value sᵢ (log scale)");
    spec.y_axis = Axis::Log(None);
    spec.h_markers = markers.to_vec();
    spec.empty_message = "no singular values".into();
    let floor = tolerance.max(f64::MIN_POSITIVE);
    let pts: Vec<(f64, f64)> = s.iter().enumerate().map(|(i, &v)| ((i + 1) as f64, v.max(floor * 0.5))).collect();
    let series = vec![Series::line(format!("sᵢ ({} values)", s.len()), INK, pts).dots()];
    // Markers outside the data's range would be invisible: widen the axis to include them.
    let lo = s.iter().copied().filter(|v| *v > 0.0).fold(f64::INFINITY, f64::min).max(floor * 0.5);
    let hi = s.first().copied().unwrap_or(1.0);
    let mlo = markers.iter().map(|m| m.0).filter(|v| *v > 0.0).fold(lo, f64::min);
    let mhi = markers.iter().map(|m| m.0).fold(hi, f64::max);
    if mlo.is_finite() && mhi.is_finite() && mhi > mlo {
        spec.y_axis = Axis::Log(Some((mlo / 2.0, mhi * 2.0)));
    }
    Figure::chart(spec, series)
}

/// Draws [`spectrum_figure`].
pub fn draw_spectrum<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    theme: &Theme,
    s: &[f64],
    markers: &[(f64, String)],
    tolerance: f64,
) -> Result<ChartFrame, String> {
    first_frame(draw_figure(area, theme, &spectrum_figure(s, markers, tolerance))?)
}

/// What the f32 vs f64 view shows.
#[derive(Clone, Debug, Default)]
pub struct PrecisionPlot {
    /// Singular values (the x positions of the achieved filters).
    pub s: Vec<f64>,
    /// The exact GD filter on a dense grid.
    pub exact: Vec<(f64, f64)>,
    /// Achieved filter per direction in f64 (NaN = not observable).
    pub achieved64: Vec<f64>,
    /// Achieved filter per direction in f32.
    pub achieved32: Vec<f64>,
    /// The exact filter at each singular value (same length as `s`; empty = not marked).
    pub exact_at_s: Vec<f64>,
    /// A direction counts as recovered when |achieved − exact| ≤ this.
    pub tol: f64,
    /// Horizontal range of s.
    pub s_range: (f64, f64),
    /// Text lines written under the chart (normal equations, components preserved, progress).
    pub lines: Vec<String>,
}

/// Lowest and highest φ the precision chart may show; values beyond are drawn as carets on the edge.
pub const PRECISION_Y_LIMITS: (f64, f64) = (-1.5, 2.5);

/// The precision chart's y range: [-0.15, 1.15] widened to include every finite achieved filter,
/// but never beyond [`PRECISION_Y_LIMITS`].
pub fn precision_y_range(plot: &PrecisionPlot) -> (f64, f64) {
    let (mut lo, mut hi) = (-0.15f64, 1.15f64);
    for &v in plot.achieved64.iter().chain(&plot.achieved32) {
        if v.is_finite() {
            lo = lo.min(v - 0.05);
            hi = hi.max(v + 0.05);
        }
    }
    (lo.max(PRECISION_Y_LIMITS.0), hi.min(PRECISION_Y_LIMITS.1))
}

/// Number of directions with |achieved − exact| ≤ tol, and of observable (finite) ones.
pub fn recovered(achieved: &[f64], exact: &[f64], tol: f64) -> (usize, usize) {
    let seen = achieved.iter().filter(|v| v.is_finite()).count();
    let kept = achieved.iter().zip(exact).filter(|(a, e)| (*a - *e).abs() <= tol).count();
    (kept, seen)
}

/// The exact GD filter and the filter each precision achieved, with text lines below.
/// Directions within `tol` of the exact filter are filled dots ("recovered"); the others are
/// drawn as crosses; values beyond the axis are carets (▲ / ▼) on its edge, never off the chart.
pub fn precision_figure(plot: &PrecisionPlot) -> Figure<'static> {
    let (ylo, yhi) = precision_y_range(plot);
    let mut spec = ChartSpec::new("singular value s (log scale)", "achieved filter φᵢ");
    spec.x_axis = Axis::Log(Some(plot.s_range));
    spec.y_axis = Axis::Linear(Some((ylo, yhi)));
    spec.h_markers = vec![(1.0, String::new()), (0.0, String::new())];
    let marked = plot.exact_at_s.len() == plot.s.len();
    let ok = |i: usize, f: f64| !marked || (f - plot.exact_at_s[i]).abs() <= plot.tol;
    // Filled dots: recovered directions inside the axis range.
    let dots = |v: &[f64]| -> Vec<(f64, f64)> {
        plot.s
            .iter()
            .zip(v)
            .enumerate()
            .map(|(i, (&s, &f))| (s, if f.is_finite() && f >= ylo && f <= yhi && ok(i, f) { f } else { f64::NAN }))
            .collect()
    };
    let label = |name: &str, v: &[f64]| {
        if marked && !v.is_empty() {
            let (k, n) = recovered(v, &plot.exact_at_s, plot.tol);
            format!("achieved in {name}: {k} of {n} recovered")
        } else {
            format!("achieved in {name}")
        }
    };
    let mut series = vec![Series::line("exact 1−(1−αs²)^q", GD_COLOR, clip_y(&plot.exact, ylo, yhi))];
    if !plot.achieved64.is_empty() {
        series.push(Series::line(label("float64", &plot.achieved64), F64_COLOR, dots(&plot.achieved64)).dots());
    }
    if !plot.achieved32.is_empty() {
        series.push(Series::line(label("float32", &plot.achieved32), F32_COLOR, dots(&plot.achieved32)).dots());
    }
    let mut panel = Panel::new(spec, series);
    for (values, color) in [(&plot.achieved64, F64_COLOR), (&plot.achieved32, F32_COLOR)] {
        for (i, (&s, &f)) in plot.s.iter().zip(values.iter()).enumerate() {
            if !f.is_finite() {
                continue;
            }
            let shape = if f > yhi {
                Shape::CaretUp(5.0)
            } else if f < ylo {
                Shape::CaretDown(5.0)
            } else if !ok(i, f) {
                Shape::Cross(5.0)
            } else if color == F32_COLOR {
                // float32 dots get a ring so they stay visible where they cover the float64 ones.
                Shape::Ring(5.0)
            } else {
                continue;
            };
            panel.marks.push(Mark { at: (s, f.clamp(ylo, yhi)), shape, color, width: 1.5 });
        }
    }
    Figure { panels: vec![panel], footer: Some(plot.lines.clone()), ..Figure::default() }
}

/// Draws [`precision_figure`].
pub fn draw_precision<DB: DrawingBackend>(area: &DrawingArea<DB, Shift>, theme: &Theme, plot: &PrecisionPlot) -> Result<ChartFrame, String> {
    first_frame(draw_figure(area, theme, &precision_figure(plot))?)
}

/// A compact number for captions: [`short`] with "∞" and "—" for non-finite values.
pub fn num(v: f64) -> String {
    if v.is_nan() {
        "—".into()
    } else if v.is_infinite() {
        "∞".into()
    } else {
        short(v)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clipping_ends_curves_on_the_bounds() {
        let pts = vec![(0.0, 0.0), (1.0, 2.0), (2.0, 0.5)];
        let c = clip_y(&pts, -1.0, 1.0);
        // (0,0) → crossing y = 1 at x = 0.5 → break → back in at x = 1 + (1−2)/(0.5−2) = 5/3.
        assert_eq!(c[0], (0.0, 0.0));
        assert_eq!(c[1], (0.5, 1.0));
        assert!(c[2].1.is_nan());
        assert!((c[3].0 - 5.0 / 3.0).abs() < 1e-12 && c[3].1 == 1.0);
        assert_eq!(c[4], (2.0, 0.5));
    }

    #[test]
    fn every_chart_draws_on_svg() {
        let theme = Theme::new(1.0);
        let mut svg = String::new();
        {
            let area = SVGBackend::with_string(&mut svg, (500, 300)).into_drawing_area();
            let plot = FilterPlot {
                s: vec![3.0, 1.0, 0.01],
                curves: vec![("ridge".into(), RIDGE_COLOR, vec![(0.01, 0.0), (1.0, 0.5), (3.0, 0.9)], false)],
                markers: vec![(0.1, "κ".into())],
                s_range: (0.001, 10.0),
                warning: Some("diverges".into()),
            };
            draw_filters(&area, &theme, &plot).unwrap();
        }
        assert!(svg.contains("ridge") && svg.contains("κ") && svg.contains("diverges") && svg.contains("filter factor"));
        let mut svg = String::new();
        {
            let area = SVGBackend::with_string(&mut svg, (900, 260)).into_drawing_area();
            let p = ErrorPanel {
                x_label: "ridge λ".into(),
                param: vec![1e-3, 1e-2, 1e-1],
                train: vec![0.1, 0.2, 0.3],
                test: vec![0.3, 0.2, 0.4],
                current: 1e-2,
                current_label: "λ".into(),
                color: RIDGE_COLOR,
            };
            draw_errors(&area, &theme, &[p.clone(), p]).unwrap();
        }
        assert!(svg.contains("ridge λ") && svg.contains("test"));
    }

    #[test]
    fn precision_view_counts_recovered_directions_and_keeps_every_value_on_the_axis() {
        let plot = PrecisionPlot {
            s: vec![1.0, 0.1, 0.01, 0.001],
            exact: vec![(1e-3, 0.0), (1.0, 1.0)],
            achieved64: vec![1.0, 0.9, 0.0, 0.0],
            achieved32: vec![1.0, 0.5, 40.0, -7.0],
            exact_at_s: vec![1.0, 0.9, 0.0, 0.0],
            tol: 0.1,
            s_range: (1e-4, 10.0),
            lines: vec!["x".into()],
        };
        assert_eq!(recovered(&plot.achieved64, &plot.exact_at_s, 0.1), (4, 4));
        assert_eq!(recovered(&plot.achieved32, &plot.exact_at_s, 0.1), (1, 4));
        let (lo, hi) = precision_y_range(&plot);
        assert_eq!((lo, hi), PRECISION_Y_LIMITS);
        let mut svg = String::new();
        {
            let area = SVGBackend::with_string(&mut svg, (600, 400)).into_drawing_area();
            draw_precision(&area, &Theme::new(1.0), &plot).unwrap();
        }
        assert!(svg.contains("float64: 4 of 4 recovered") && svg.contains("float32: 1 of 4 recovered"), "legend counts");
        // Without outliers the axis stays at [-0.15, 1.15].
        let calm = PrecisionPlot { achieved32: vec![1.0, 0.9, 0.02, 0.0], ..plot };
        assert_eq!(precision_y_range(&calm), (-0.15, 1.15));
    }

    #[test]
    fn pixel_mapping_matches_the_frame() {
        let f = ChartFrame { x_px: (10, 110), y_px: (0, 100), x_range: (0.0, 1.0, false), y_range: (-1.0, 0.0, true) };
        assert_eq!(to_pixel(&f, 0.5, 0.1), Some((60, 100)));
        assert_eq!(to_pixel(&f, 0.5, 1.0), Some((60, 0)));
        assert_eq!(to_pixel(&f, 0.5, -1.0), None);
    }
}
