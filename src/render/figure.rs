//! A view as plain data, and the one renderer that draws it on any plotters backend.
//!
//! A [`Figure`] says everything a chart view shows and nothing about how a lab computed it:
//! panels (each with its axes — titles, scales, ranges —, reference markers, labelled and coloured
//! series, marks at data points and notes in a corner), text lines under the panels, or a
//! placeholder message. [`draw_figure`] draws it on a canvas in the page, or on the SVG backend
//! natively and for export, and returns where each panel's plot ended up ([`ChartFrame`]), which
//! is all pointer handling needs to map pixels back to data.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::chart::{line_chart, ChartFrame, ChartSpec, Series, NARROW_CSS_PX};
use super::landscape::PlotFrame;
use super::plane::{draw_plane, Backdrop, Plane, PlaneCache};
use super::theme::{Theme, INK};

/// What a view shows.
#[derive(Debug, Default)]
pub struct Figure<'a> {
    /// The panels, side by side (stacked on a narrow canvas, a phone).
    pub panels: Vec<Panel>,
    /// A view of the data plane with its raster (a landscape, a decision surface) instead of panels.
    pub plane: Option<Plane<'a>>,
    /// Text lines written under the panels (`None`: no band for them).
    pub footer: Option<Vec<String>>,
    /// A message on a light panel instead of any chart (nothing to plot yet).
    pub placeholder: Option<String>,
}

/// One chart: axes, series and what is drawn over them.
#[derive(Clone, Debug)]
pub struct Panel {
    /// Axis titles and scales, reference lines, legend, empty message, floor.
    pub spec: ChartSpec,
    /// The curves and dots, with their labels and colours.
    pub series: Vec<Series>,
    /// Marks at data points, drawn over the series in order.
    pub marks: Vec<Mark>,
    /// Text in a corner of the plot.
    pub notes: Vec<Note>,
}

/// A mark's shape; sizes in CSS pixels.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Shape {
    /// An open circle of this radius.
    Ring(f64),
    /// A diagonal cross of this half-size.
    Cross(f64),
    /// An open caret (^) of this half-width pointing up to the point: a value above the axis.
    CaretUp(f64),
    /// An open caret pointing down to the point: a value below the axis.
    CaretDown(f64),
}

/// A mark at a data point (drawn only when the point is on the axes' scales).
#[derive(Clone, Debug, PartialEq)]
pub struct Mark {
    /// Position in data units.
    pub at: (f64, f64),
    /// Shape and size.
    pub shape: Shape,
    /// Stroke colour.
    pub color: RGBColor,
    /// Stroke width in CSS pixels.
    pub width: f64,
}

/// Where a note sits in its plot.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Corner {
    /// Top left, in the normal text size.
    TopLeft,
    /// Bottom left, in the small text size.
    BottomLeft,
}

/// Text in a corner of a plot (a warning, a hint).
#[derive(Clone, Debug, PartialEq)]
pub struct Note {
    /// The text.
    pub text: String,
    /// Where.
    pub corner: Corner,
    /// Its colour.
    pub color: RGBColor,
}

impl Panel {
    /// A panel of `series` on the axes of `spec`.
    pub fn new(spec: ChartSpec, series: Vec<Series>) -> Self {
        Panel { spec, series, marks: Vec::new(), notes: Vec::new() }
    }
}

impl<'a> Figure<'a> {
    /// A figure of one panel.
    pub fn chart(spec: ChartSpec, series: Vec<Series>) -> Self {
        Figure { panels: vec![Panel::new(spec, series)], ..Figure::default() }
    }
    /// A figure of panels side by side.
    pub fn panels(panels: Vec<Panel>) -> Self {
        Figure { panels, ..Figure::default() }
    }
    /// A placeholder with `message` (lines separated by `\n`).
    pub fn placeholder(message: impl Into<String>) -> Self {
        Figure { placeholder: Some(message.into()), ..Figure::default() }
    }
    /// A view of the data plane.
    pub fn plane(plane: Plane<'a>) -> Self {
        Figure { plane: Some(plane), ..Figure::default() }
    }
}

/// Where a figure's plots ended up: each panel's frame, or the plane's plot.
#[derive(Clone, Debug, PartialEq)]
pub enum Drawn {
    /// The panels' frames, in order.
    Charts(Vec<ChartFrame>),
    /// The plot of a plane view that maps pointers to data (a landscape), if any.
    Plane(Option<PlotFrame>),
}

/// Draws any figure filling `area`: panels as [`draw_figure`] does, a plane view with the rasters
/// of `cache` and what the backend offers beyond plotters ([`Backdrop`]).
pub fn draw_figure_with<DB: DrawingBackend>(area: &DrawingArea<DB, Shift>, theme: &Theme, figure: &Figure, cache: &mut PlaneCache, backdrop: &mut Backdrop) -> Result<Drawn, String> {
    match &figure.plane {
        Some(plane) if figure.placeholder.is_none() => draw_plane(area, theme, plane, cache, backdrop).map(Drawn::Plane),
        _ => draw_figure(area, theme, figure).map(Drawn::Charts),
    }
}

pub(super) fn derr<E: std::fmt::Debug>(e: E) -> String {
    format!("drawing failed: {e:?}")
}

/// Device pixel of a data point inside a chart drawn by [`line_chart`] (None if not drawable).
pub fn to_pixel(frame: &ChartFrame, x: f64, y: f64) -> Option<(i32, i32)> {
    let ax = |v: f64, log: bool| if log { (v > 0.0).then(|| v.log10()) } else { v.is_finite().then_some(v) };
    let (x0, x1, xl) = frame.x_range;
    let (y0, y1, yl) = frame.y_range;
    let xv = ax(x, xl)?;
    let yv = ax(y, yl)?;
    let px = frame.x_px.0 as f64 + (xv - x0) / (x1 - x0) * (frame.x_px.1 - frame.x_px.0) as f64;
    let py = frame.y_px.1 as f64 - (yv - y0) / (y1 - y0) * (frame.y_px.1 - frame.y_px.0) as f64;
    (px.is_finite() && py.is_finite()).then(|| (px.round() as i32, py.round() as i32))
}

/// Draws `figure` filling `area`; returns each panel's frame (pixels ↔ data), in order. A plane
/// view needs its rasters: see [`draw_figure_with`].
pub fn draw_figure<DB: DrawingBackend>(area: &DrawingArea<DB, Shift>, theme: &Theme, figure: &Figure) -> Result<Vec<ChartFrame>, String> {
    if let Some(message) = &figure.placeholder {
        draw_placeholder(area, theme, message)?;
        return Ok(Vec::new());
    }
    if figure.plane.is_some() {
        return Err("this view has a raster layer: draw it with draw_figure_with".into());
    }
    // One panel alone fills its area itself (line_chart paints its background).
    if figure.panels.len() != 1 || figure.footer.is_some() {
        area.fill(&WHITE).map_err(derr)?;
    }
    let charts = match &figure.footer {
        Some(lines) => {
            let line_h = (theme.normal() * 1.45).round() as u32;
            let (w, h) = area.dim_in_pixel();
            // Each footer line wrapped at spaces to the canvas (a phone is narrower than the
            // sentence).
            let measure: TextStyle = (theme.family(), theme.normal()).into_font().into();
            let width = |t: &str| area.estimate_text_size(t, &measure).map(|(w, _)| w).unwrap_or(0);
            let lines: Vec<String> = lines.iter().flat_map(|l| wrap_to(l, w.saturating_sub(theme.px(20.0)), &width)).collect();
            let text_h = line_h * lines.len() as u32 + theme.px(6.0);
            let (top, bottom) = area.split_vertically(h.saturating_sub(text_h).max(h / 2));
            let frames = draw_panels(&top, theme, &figure.panels)?;
            let font = (theme.family(), theme.normal()).into_font().color(&INK).pos(Pos::new(HPos::Left, VPos::Top));
            for (i, l) in lines.iter().enumerate() {
                bottom
                    .draw(&Text::new(l.clone(), (theme.ipx(10.0), (i as u32 * line_h) as i32 + theme.ipx(2.0)), font.clone()))
                    .map_err(derr)?;
            }
            frames
        }
        None => draw_panels(area, theme, &figure.panels)?,
    };
    Ok(charts)
}

/// `text` in lines no wider than `max` (by `width`), broken at spaces; a word wider than `max`
/// gets a line of its own.
fn wrap_to(text: &str, max: u32, width: &dyn Fn(&str) -> u32) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in text.split(' ') {
        let candidate = if line.is_empty() { word.to_string() } else { format!("{line} {word}") };
        if !line.is_empty() && width(&candidate) > max {
            out.push(std::mem::replace(&mut line, word.to_string()));
        } else {
            line = candidate;
        }
    }
    out.push(line);
    out
}

/// The panels side by side, or stacked on a narrow canvas where several panels in a row would
/// overprint their tick labels.
fn draw_panels<DB: DrawingBackend>(area: &DrawingArea<DB, Shift>, theme: &Theme, panels: &[Panel]) -> Result<Vec<ChartFrame>, String> {
    match panels {
        [] => Ok(Vec::new()),
        [one] => Ok(vec![draw_panel(area, theme, one)?]),
        many => {
            let narrow = (area.dim_in_pixel().0 as f64) < NARROW_CSS_PX * theme.scale;
            let parts = if narrow { area.split_evenly((many.len(), 1)) } else { area.split_evenly((1, many.len())) };
            parts.iter().zip(many).map(|(part, p)| draw_panel(part, theme, p)).collect()
        }
    }
}

fn draw_panel<DB: DrawingBackend>(area: &DrawingArea<DB, Shift>, theme: &Theme, panel: &Panel) -> Result<ChartFrame, String> {
    let frame = line_chart(area, theme, &panel.spec, &panel.series)?;
    // The frame is in the backend's pixels (what pointer handling needs); drawing on `area` takes
    // `area`'s own, which differ in every panel but the first of a figure.
    let local = in_area(area, &frame);
    for m in &panel.marks {
        draw_mark(area, theme, &local, m)?;
    }
    // Notes in the same corner stack, a line apart (downwards from the top, upwards from the bottom).
    let (mut tops, mut bottoms) = (0, 0);
    for n in &panel.notes {
        let (size, v, y) = match n.corner {
            Corner::TopLeft => {
                tops += 1;
                (theme.normal(), VPos::Top, local.y_px.0 + theme.ipx(4.0) + (tops - 1) * (theme.normal() * 1.3) as i32)
            }
            Corner::BottomLeft => {
                bottoms += 1;
                (theme.small(), VPos::Bottom, local.y_px.1 - theme.ipx(4.0) - (bottoms - 1) * (theme.small() * 1.3) as i32)
            }
        };
        let font = (theme.family(), size).into_font().color(&n.color).pos(Pos::new(HPos::Left, v));
        area.draw(&Text::new(n.text.clone(), (local.x_px.0 + theme.ipx(6.0), y), font)).map_err(derr)?;
    }
    Ok(frame)
}

/// `frame` (backend pixels) in the pixels of `area`, a part of the backend's drawing area.
fn in_area<DB: DrawingBackend>(area: &DrawingArea<DB, Shift>, frame: &ChartFrame) -> ChartFrame {
    let (bx, by) = area.get_base_pixel();
    ChartFrame { x_px: (frame.x_px.0 - bx, frame.x_px.1 - bx), y_px: (frame.y_px.0 - by, frame.y_px.1 - by), ..*frame }
}

/// Draws `m` on `area`, whose plot is `frame` in `area`'s own pixels.
pub(super) fn draw_mark<DB: DrawingBackend>(area: &DrawingArea<DB, Shift>, theme: &Theme, frame: &ChartFrame, m: &Mark) -> Result<(), String> {
    let Some((x, y)) = to_pixel(frame, m.at.0, m.at.1) else { return Ok(()) };
    // A mark outside the plot is not drawn, as a series' points there are not (the precision
    // view's rings of singular values below its axis sat on the y axis' tick labels).
    let inside = |v: i32, (a, b): (i32, i32)| (a.min(b) - 1..=a.max(b) + 1).contains(&v);
    if !(inside(x, frame.x_px) && inside(y, frame.y_px)) {
        return Ok(());
    }
    let style = ShapeStyle::from(&m.color).stroke_width(theme.px(m.width));
    match m.shape {
        Shape::Ring(r) => area.draw(&Circle::new((x, y), theme.px(r), style)).map_err(derr),
        Shape::Cross(r) => {
            let r = theme.px(r) as i32;
            area.draw(&PathElement::new(vec![(x - r, y - r), (x + r, y + r)], style)).map_err(derr)?;
            area.draw(&PathElement::new(vec![(x - r, y + r), (x + r, y - r)], style)).map_err(derr)
        }
        Shape::CaretUp(r) | Shape::CaretDown(r) => {
            let r = theme.px(r) as i32;
            let d = if matches!(m.shape, Shape::CaretUp(_)) { -1 } else { 1 };
            let pts = vec![(x, y), (x - r, y - d * 2 * r), (x + r, y - d * 2 * r), (x, y)];
            area.draw(&PathElement::new(pts, style)).map_err(derr)
        }
    }
}

/// A light panel with a message (lines separated by `\n`), for a view with nothing to plot yet.
pub fn draw_placeholder<DB: DrawingBackend>(area: &DrawingArea<DB, Shift>, theme: &Theme, message: &str) -> Result<(), String> {
    area.fill(&WHITE).map_err(derr)?;
    let (w, h) = area.dim_in_pixel();
    let m = theme.ipx(16.0);
    area.draw(&Rectangle::new([(m, m), (w as i32 - m, h as i32 - m)], ShapeStyle::from(&RGBColor(236, 240, 245)).filled()))
        .map_err(derr)?;
    let font = (theme.family(), theme.normal()).into_font().color(&INK).pos(Pos::new(HPos::Center, VPos::Center));
    let lines: Vec<&str> = message.split('\n').collect();
    let lh = theme.ipx(18.0);
    let top = h as i32 / 2 - lh * (lines.len() as i32 - 1) / 2;
    for (i, line) in lines.iter().enumerate() {
        area.draw(&Text::new(line.to_string(), (w as i32 / 2, top + lh * i as i32), font.clone())).map_err(derr)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::chart::Axis;

    fn svg(figure: &Figure, w: u32, h: u32) -> (String, Vec<ChartFrame>) {
        let mut out = String::new();
        let frames = {
            let area = SVGBackend::with_string(&mut out, (w, h)).into_drawing_area();
            draw_figure(&area, &Theme::new(1.0), figure).unwrap()
        };
        (out, frames)
    }

    #[test]
    fn footer_lines_wrap_at_spaces_to_the_width() {
        let chars = |t: &str| t.chars().count() as u32;
        assert_eq!(wrap_to("1×32: 90 % of runs within 2× of the best", 14, &chars), vec!["1×32: 90 % of", "runs within 2×", "of the best"]);
        assert_eq!(wrap_to("short", 14, &chars), vec!["short"]);
        assert_eq!(wrap_to("a unbreakable-long-word b", 5, &chars), vec!["a", "unbreakable-long-word", "b"]);
        for line in wrap_to("spread q90 − q10 0.013 vs 0.139 for 1×32 against 1×2", 20, &chars) {
            assert!(chars(&line) <= 20, "{line}");
        }
    }

    #[test]
    fn a_figure_draws_its_axis_titles_series_marks_notes_and_footer_and_returns_each_frame() {
        let mut spec = ChartSpec::new("singular value s (log scale)", "filter factor φ(s)");
        spec.x_axis = Axis::Log(Some((0.01, 10.0)));
        let mut panel = Panel::new(spec, vec![Series::line("ridge", RGBColor(0, 114, 178), vec![(0.01, 0.0), (1.0, 0.5), (10.0, 1.0)])]);
        panel.marks.push(Mark { at: (1.0, 0.5), shape: Shape::Ring(5.0), color: RGBColor(230, 159, 0), width: 1.5 });
        panel.marks.push(Mark { at: (-1.0, 0.5), shape: Shape::Cross(5.0), color: INK, width: 1.5 });
        panel.notes.push(Note { text: "GD diverges".into(), corner: Corner::TopLeft, color: RGBColor(213, 94, 0) });
        let mut figure = Figure::panels(vec![panel.clone(), panel]);
        figure.footer = Some(vec!["normal equations in float32".into()]);
        let (text, frames) = svg(&figure, 800, 400);
        for needle in ["singular value s (log scale)", "filter factor φ(s)", "GD diverges", "normal equations in float32", "ridge"] {
            assert!(text.contains(needle), "{needle} missing");
        }
        assert_eq!(frames.len(), 2);
        assert!(frames[0].x_px.1 <= frames[1].x_px.0, "panels side by side");
        // The ring sits at its data point: mapping its pixel back gives (1, 0.5).
        let (px, py) = to_pixel(&frames[0], 1.0, 0.5).unwrap();
        assert!((frames[0].x_at(px as f64) - 1.0).abs() < 0.02 && (frames[0].y_at(py as f64) - 0.5).abs() < 0.02);
        // The cross at x = -1 cannot be shown on a log axis: only one <circle> ring per panel, no stray paths.
        assert_eq!(text.matches("<circle").count(), 2);
        let narrow = svg(&Figure::panels(figure.panels), 360, 600).1;
        assert!(narrow[0].y_px.1 <= narrow[1].y_px.0, "stacked on a phone");
    }

    /// A mark whose point lies outside the axes' ranges is not drawn (the shrinkage lab's
    /// precision view ringed singular values below its s axis on top of the y axis' labels),
    /// and one on the edge of the plot still is.
    #[test]
    fn marks_outside_the_plot_are_not_drawn() {
        let mut spec = ChartSpec::new("s", "φ");
        spec.x_axis = Axis::Log(Some((0.01, 10.0)));
        spec.y_axis = Axis::Linear(Some((0.0, 1.0)));
        let mut panel = Panel::new(spec, vec![Series::line("φ", INK, vec![(0.01, 0.0), (10.0, 1.0)])]);
        for at in [(1e-4, 0.0), (1e-3, 0.5), (100.0, 0.5), (1.0, 2.0), (1.0, -1.0)] {
            panel.marks.push(Mark { at, shape: Shape::Ring(5.0), color: INK, width: 1.5 });
        }
        let (text, _) = svg(&Figure::panels(vec![panel.clone()]), 600, 400);
        assert_eq!(text.matches("<circle").count(), 0, "five marks outside the plot, none drawn");
        panel.marks.push(Mark { at: (0.01, 0.0), shape: Shape::Ring(5.0), color: INK, width: 1.5 });
        panel.marks.push(Mark { at: (10.0, 1.0), shape: Shape::Ring(5.0), color: INK, width: 1.5 });
        let (text, _) = svg(&Figure::panels(vec![panel]), 600, 400);
        assert_eq!(text.matches("<circle").count(), 2, "the two marks on the plot's corners are drawn");
    }

    /// Marks and notes of every panel sit in that panel's plot (they were drawn at the first
    /// panel's offsets: in the second of two panels side by side, off to the right by a panel).
    #[test]
    fn marks_and_notes_of_a_later_panel_sit_in_its_own_plot() {
        let mut spec = ChartSpec::new("x", "y");
        spec.x_axis = Axis::Linear(Some((0.0, 1.0)));
        spec.y_axis = Axis::Linear(Some((0.0, 1.0)));
        let mut second = Panel::new(spec.clone(), vec![Series::line("s", INK, vec![(0.0, 0.0), (1.0, 1.0)])]);
        second.marks.push(Mark { at: (0.25, 0.75), shape: Shape::Ring(4.0), color: INK, width: 1.0 });
        second.notes.push(Note { text: "note-of-the-second".into(), corner: Corner::TopLeft, color: INK });
        let first = Panel::new(spec, vec![Series::line("s", INK, vec![(0.0, 0.0), (1.0, 1.0)])]);
        for (w, h) in [(800, 300), (360, 700)] {
            let (text, frames) = svg(&Figure::panels(vec![first.clone(), second.clone()]), w, h);
            // Attribute `name` of the first element from byte `from` of the document.
            let attr = |from: usize, name: &str| -> f64 {
                let rest = &text[from..];
                let k = rest.find(&format!(" {name}=\"")).unwrap() + name.len() + 3;
                rest[k..k + rest[k..].find('"').unwrap()].parse().unwrap()
            };
            let circle = text.find("<circle").expect("the ring");
            let (cx, cy) = (attr(circle, "cx"), attr(circle, "cy"));
            let (ex, ey) = to_pixel(&frames[1], 0.25, 0.75).unwrap();
            assert!((cx - ex as f64).abs() <= 1.0 && (cy - ey as f64).abs() <= 1.0, "{w}×{h}: ring at ({cx}, {cy}), its point at ({ex}, {ey})");
            let note = text[..text.find("note-of-the-second").unwrap()].rfind("<text").unwrap();
            let (nx, ny) = (attr(note, "x"), attr(note, "y"));
            let f = &frames[1];
            assert!(nx >= f.x_px.0 as f64 && nx <= f.x_px.1 as f64 && ny >= f.y_px.0 as f64 && ny <= f.y_px.1 as f64, "{w}×{h}: note at ({nx}, {ny}), plot {f:?}");
        }
    }

    #[test]
    fn a_placeholder_shows_its_message_lines_and_no_frame() {
        let (text, frames) = svg(&Figure::placeholder("press Run sweep\nto train each width"), 400, 300);
        assert!(text.contains("press Run sweep") && text.contains("to train each width"));
        assert!(frames.is_empty());
    }
}
