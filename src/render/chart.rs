//! Line charts (loss curves, filter factors, error curves) drawn with plotters on any backend.
//!
//! Log axes are drawn by plotting log₁₀ of the values on a linear axis and labelling ticks as
//! powers of ten; non-finite or non-positive (on a log axis) points break the line.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::legend::{draw_legend, LegendEntry, Swatch};
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
        }
    }
}

fn to_axis(v: f64, log: bool) -> Option<f64> {
    if !v.is_finite() {
        return None;
    }
    if log {
        if v > 0.0 {
            Some(v.log10())
        } else {
            None
        }
    } else {
        Some(v)
    }
}

fn fit(axis: Axis, values: impl Iterator<Item = f64>) -> (f64, f64, bool) {
    let (given, log) = match axis {
        Axis::Linear(r) => (r, false),
        Axis::Log(r) => (r, true),
    };
    if let Some((a, b)) = given {
        if let (Some(a), Some(b)) = (to_axis(a, log), to_axis(b, log)) {
            if b > a {
                return (a, b, log);
            }
        }
    }
    let mut lo = f64::INFINITY;
    let mut hi = f64::NEG_INFINITY;
    for v in values.filter_map(|v| to_axis(v, log)) {
        lo = lo.min(v);
        hi = hi.max(v);
    }
    if !lo.is_finite() {
        return (0.0, 1.0, log);
    }
    if hi - lo < 1e-12 * (1.0 + lo.abs()) {
        let pad = if log { 0.5 } else { 0.5 * lo.abs().max(1e-9) };
        return (lo - pad, hi + pad, log);
    }
    let pad = (hi - lo) * 0.04;
    // Keep linear axes anchored at zero when the data start there.
    let lo_p = if !log && lo >= 0.0 && lo - pad < 0.0 { 0.0 } else { lo - pad };
    (lo_p, hi + pad, log)
}

/// Tick label for an axis value: powers of ten on log axes, short decimals otherwise.
pub fn tick_label(v: f64, log: bool) -> String {
    if log {
        let k = v.round();
        if (v - k).abs() < 1e-6 {
            return match k as i64 {
                0 => "1".into(),
                1 => "10".into(),
                k => format!("1e{k}"),
            };
        }
        return short(10f64.powf(v));
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
    let (x0, x1, xlog) = fit(spec.x_axis, series.iter().flat_map(|s| s.points.iter().map(|p| p.0)));
    let (y0, y1, ylog) = fit(spec.y_axis, series.iter().flat_map(|s| s.points.iter().map(|p| p.1)));
    let font = (theme.family(), theme.small()).into_font().color(&INK);
    let title_font = (theme.family(), theme.normal()).into_font().color(&INK);
    let mut chart = ChartBuilder::on(area)
        .margin(theme.px(8.0))
        .margin_right(theme.px(14.0))
        .x_label_area_size(theme.px(36.0))
        .y_label_area_size(theme.px(54.0))
        .build_cartesian_2d(x0..x1, y0..y1)
        .map_err(err)?;
    chart
        .configure_mesh()
        .light_line_style(GRID.mix(0.0))
        .bold_line_style(GRID)
        .axis_style(MUTED)
        .x_labels(6)
        .y_labels(6)
        .x_label_formatter(&|v| tick_label(*v, xlog))
        .y_label_formatter(&|v| tick_label(*v, ylog))
        .label_style(font.clone())
        .axis_desc_style(title_font.clone())
        .x_desc(spec.x_label.as_str())
        .y_desc(spec.y_label.as_str())
        .draw()
        .map_err(err)?;

    let px = |v: f64, log: bool| to_axis(v, log);
    for (x, label) in &spec.v_markers {
        if let Some(xv) = px(*x, xlog) {
            if xv >= x0 && xv <= x1 {
                chart
                    .draw_series(std::iter::once(PathElement::new(vec![(xv, y0), (xv, y1)], ShapeStyle::from(&MUTED).stroke_width(theme.px(1.5)))))
                    .map_err(err)?;
                chart
                    .draw_series(std::iter::once(Text::new(label.clone(), (xv, y1), font.clone().color(&MUTED))))
                    .map_err(err)?;
            }
        }
    }
    for (y, label) in &spec.h_markers {
        if let Some(yv) = px(*y, ylog) {
            if yv >= y0 && yv <= y1 {
                chart
                    .draw_series(std::iter::once(PathElement::new(vec![(x0, yv), (x1, yv)], ShapeStyle::from(&MUTED.mix(0.8)).stroke_width(theme.px(1.0)))))
                    .map_err(err)?;
                chart.draw_series(std::iter::once(Text::new(label.clone(), (x0, yv), font.clone().color(&MUTED)))).map_err(err)?;
            }
        }
    }

    let mut any = false;
    let mut legend: Vec<LegendEntry> = Vec::new();
    // The plot rectangle in `area`'s own pixels (plotters reports it in the backend's; they differ
    // when `area` is a split part of a canvas).
    let (xr, yr) = chart.plotting_area().get_pixel_range();
    let (abs_x, abs_y) = ((xr.start, xr.end), (yr.start, yr.end));
    let (bx, by) = area.get_base_pixel();
    let (xr, yr) = (xr.start - bx..xr.end - bx, yr.start - by..yr.end - by);
    let plot = [xr.start, yr.start, xr.end, yr.end];
    // Axis units → device pixels of the plot area.
    let to_px = |(x, y): (f64, f64)| -> (f64, f64) {
        (
            xr.start as f64 + (x - x0) / (x1 - x0).max(1e-300) * (xr.end - xr.start) as f64,
            yr.end as f64 - (y - y0) / (y1 - y0).max(1e-300) * (yr.end - yr.start) as f64,
        )
    };
    for s in series {
        let style = ShapeStyle::from(&s.color).stroke_width(theme.px(s.width));
        // Split at points that cannot be drawn, and thin runs to what the pixels can show.
        let mut runs: Vec<Vec<(f64, f64)>> = vec![Vec::new()];
        for &(x, y) in &s.points {
            match (px(x, xlog), px(y, ylog)) {
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
        let columns = (area.dim_in_pixel().0 as usize).max(16);
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
            if let (Some(a), Some(b)) = (px(*mx, xlog), px(*my, ylog)) {
                let b = b.clamp(y0, y1);
                chart
                    .draw_series(std::iter::once(Cross::new((a, b), theme.px(5.0), ShapeStyle::from(&s.color).stroke_width(theme.px(2.0)))))
                    .map_err(err)?;
                chart.draw_series(std::iter::once(Text::new(note.clone(), (a, b), font.clone().color(&s.color)))).map_err(err)?;
            }
        }
    }
    if spec.legend && any {
        draw_legend(area, theme, &legend, plot, GRID)?;
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
    if run.len() <= 4 * columns || x1 <= x0 {
        return run;
    }
    let col = |x: f64| (((x - x0) / (x1 - x0)) * columns as f64).floor() as i64;
    let mut out = Vec::with_capacity(4 * columns);
    let mut i = 0;
    while i < run.len() {
        let c = col(run[i].0);
        let mut j = i;
        let (mut lo, mut hi) = (i, i);
        while j < run.len() && col(run[j].0) == c {
            if run[j].1 < run[lo].1 {
                lo = j;
            }
            if run[j].1 > run[hi].1 {
                hi = j;
            }
            j += 1;
        }
        let mut keep = [i, lo, hi, j - 1];
        keep.sort_unstable();
        let mut last = usize::MAX;
        for k in keep {
            if k != last {
                out.push(run[k]);
                last = k;
            }
        }
        i = j;
    }
    out
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
        assert_eq!(tick_label(-3.0, true), "1e-3");
        assert_eq!(tick_label(0.0, true), "1");
        assert_eq!(tick_label(2.0, true), "1e2");
        assert_eq!(short(0.5), "0.5");
        assert_eq!(short(1234.5678), "1234.568");
        assert_eq!(short(2.5e-7), "2.5e-7");
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
