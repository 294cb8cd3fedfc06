//! The plotters backend the lab draws with: plotters-canvas' `CanvasBackend`, with text
//! measured by the canvas itself.
//!
//! In wasm, plotters measures text (for tick-label layout, legends, captions) by appending a
//! `<span>` to the page, reading its size and removing it: every measurement forces a layout of
//! the whole document. A chart measures every tick label and legend entry, so a frame of the
//! MLP lab's six views forced dozens of page layouts. Here `estimate_text_size` asks the
//! canvas' `measureText` instead, which touches no DOM. Long paths and polygons are passed as
//! one `Path2D`, and runs of circles of one style (a scatter of thousands of data points) are
//! stamped as one raster (short runs: one `Path2D`) rather than one canvas path each; everything
//! else is plotters-canvas.

use plotters::prelude::*;
use plotters_backend::{BackendColor, BackendCoord, BackendStyle, BackendTextStyle, DrawingErrorKind};
use plotters_canvas::CanvasBackend;

/// plotters-canvas' error type (not exported by that crate under a name).
type CanvasError = <CanvasBackend as DrawingBackend>::ErrorType;
use std::cell::RefCell;
use std::rc::Rc;
use crate::render::dots::{self, Circle};
use super::canvas::Stage;
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement, Path2d};

/// Line height of text relative to its font size (what a `<span>` of the default
/// `line-height: normal` measures for the common sans-serif faces).
const LINE_HEIGHT: f64 = 1.15;

/// The size of `text` in `style` as `ctx` draws it: width from `measureText`, height one line.
pub(crate) fn measure_text<S: BackendTextStyle>(ctx: &CanvasRenderingContext2d, text: &str, style: &S) -> (u32, u32) {
    ctx.set_font(&format!("{} {}px {}", style.style().as_str(), style.size(), style.family().as_str()));
    let width = ctx.measure_text(text).map(|m| m.width()).unwrap_or(0.0);
    (width.ceil().max(0.0) as u32, (style.size() * LINE_HEIGHT).round().max(1.0) as u32)
}

/// Paths with at least this many vertices are handed over as one `Path2D`.
const LONG_PATH: usize = 16;

/// The colour as CSS text, as plotters-canvas writes it.
fn css_color(c: BackendColor) -> String {
    let (r, g, b) = c.rgb;
    format!("rgba({r},{g},{b},{})", c.alpha)
}

/// SVG path text "M x y L x y …" (closed with Z for polygons) as a `Path2D`.
pub(crate) fn path2d<T: std::fmt::Display>(pts: &[(T, T)], close: bool) -> Option<Path2d> {
    use std::fmt::Write;
    let mut d = String::with_capacity(pts.len() * 12);
    for (i, (x, y)) in pts.iter().enumerate() {
        let _ = write!(d, "{}{x} {y}", if i == 0 { 'M' } else { 'L' });
    }
    if close {
        d.push('Z');
    }
    Path2d::new_with_path_string(&d).ok()
}

fn path_error() -> DrawingErrorKind<CanvasError> {
    DrawingErrorKind::FontError(Box::new(std::io::Error::other("the browser refused a path")))
}

/// Circles of one style waiting to be drawn together.
struct CircleBatch {
    color: BackendColor,
    width: u32,
    fill: bool,
    circles: Vec<Circle>,
}

/// Batches of at least this many circles are stamped as one raster ([`crate::render::dots`]);
/// fewer go to the canvas as one `Path2D` of arcs. 5,000 arcs in one path took 16 ms to
/// rasterise, and the browser does it when the frame is committed (commits of 40–110 ms with
/// the shrinkage lab's 5,000 training and test points on this machine kind).
const STAMP_MIN: usize = 64;

/// What [`PendingCircles`] holds: the batch, the canvas' size, and reused buffers and staging
/// canvas for stamping.
#[derive(Default)]
struct Pending {
    batch: Option<CircleBatch>,
    size: (u32, u32),
    coverage: Vec<f32>,
    rgba: Vec<u8>,
    stage: Stage,
}

/// The circles a canvas' backend has gathered and not drawn yet. Shared with the
/// [`super::canvas::CanvasView`], whose own drawing (rasters, layers) draws them first, so the
/// order of drawing is kept.
#[derive(Clone, Default)]
pub struct PendingCircles(Rc<RefCell<Pending>>);

impl PendingCircles {
    /// Draws the gathered circles on `ctx`.
    pub fn flush(&self, ctx: &CanvasRenderingContext2d) {
        let mut guard = self.0.borrow_mut();
        let p = &mut *guard;
        let Some(b) = p.batch.take() else { return };
        if b.circles.len() >= STAMP_MIN && stamp(p, &b, ctx).is_some() {
            return;
        }
        let css = css_color(b.color);
        let Ok(path) = Path2d::new() else { return };
        for &(x, y, r) in &b.circles {
            let (x, y, r) = (x as f64, y as f64, r as f64);
            path.move_to(x + r, y);
            let _ = path.arc(x, y, r, 0.0, std::f64::consts::TAU);
        }
        if b.fill {
            ctx.set_fill_style_str(&css);
            ctx.fill_with_path_2d(&path);
        } else {
            ctx.set_stroke_style_str(&css);
            ctx.set_line_width(b.width as f64);
            ctx.stroke_with_path(&path);
        }
    }
}

/// Draws a batch as one stamped raster through the staging canvas; `None` if the browser refused
/// a step (the caller then draws arcs).
fn stamp(p: &mut Pending, b: &CircleBatch, ctx: &CanvasRenderingContext2d) -> Option<()> {
    let Some((x, y, w, h)) = dots::union_coverage(&b.circles, b.fill, b.width as f32, p.size, &mut p.coverage) else {
        return Some(()); // nothing inside the canvas
    };
    // A sparse scatter (77 singular values across a chart) covers a few tiles of its box: only
    // those are tinted, packed into a small image, put and drawn; the same picture for a fraction
    // of the pixels moved (the shrinkage lab's precision view at N = 2,000, p = 76: 9.4 → 2.8 ms a
    // redraw, rasterised; its five views 30.3 → 15.8 ms, Chromium).
    // A dense one goes in one piece.
    let runs = dots::occupied_runs(&b.circles, b.fill, b.width as f32, (x, y, w, h));
    let area: u64 = runs.iter().map(|r| r.2 as u64 * r.3 as u64).sum();
    if runs.len() > SPARSE_MAX_RUNS || 2 * area > w as u64 * h as u64 {
        dots::tint(&p.coverage, b.color.rgb, b.color.alpha, &mut p.rgba);
        let stage = p.stage.put(&p.rgba, w, h).ok()?;
        let (w, h) = (w as f64, h as f64);
        return ctx.draw_image_with_html_canvas_element_and_sw_and_sh_and_dx_and_dy_and_dw_and_dh(stage, 0.0, 0.0, w, h, x as f64, y as f64, w, h).ok();
    }
    let atlas = dots::pack_runs(&runs, w);
    dots::tint_runs(&p.coverage, w, &runs, &atlas, b.color.rgb, b.color.alpha, &mut p.rgba);
    let stage = p.stage.put(&p.rgba, atlas.w, atlas.h).ok()?;
    for (&(rx, ry, rw, rh), &(ax, ay)) in runs.iter().zip(&atlas.places) {
        let (rw, rh) = (rw as f64, rh as f64);
        ctx.draw_image_with_html_canvas_element_and_sw_and_sh_and_dx_and_dy_and_dw_and_dh(stage, ax as f64, ay as f64, rw, rh, (x + rx) as f64, (y + ry) as f64, rw, rh).ok()?;
    }
    Some(())
}

/// At most this many rectangles are put and drawn one by one for a sparse batch of circles;
/// more (a scatter spread over most tiles) go as one box.
const SPARSE_MAX_RUNS: usize = 200;

/// `CanvasBackend` with DOM-free text measurement.
pub struct LabBackend {
    inner: CanvasBackend,
    ctx: CanvasRenderingContext2d,
    size: (u32, u32),
    circles: PendingCircles,
}

impl LabBackend {
    /// A backend drawing on `canvas` through its 2-D context `ctx`, gathering circles in `circles`.
    pub fn new(canvas: HtmlCanvasElement, ctx: CanvasRenderingContext2d, circles: PendingCircles) -> Option<Self> {
        let size = (canvas.width(), canvas.height());
        circles.0.borrow_mut().size = size;
        Some(LabBackend { inner: CanvasBackend::with_canvas_object(canvas)?, ctx, size, circles })
    }

    /// Draws the circles gathered so far (before anything else, so the order of drawing is kept).
    fn flush(&mut self) {
        self.circles.flush(&self.ctx);
    }
}

impl Drop for LabBackend {
    fn drop(&mut self) {
        self.flush();
    }
}

impl DrawingBackend for LabBackend {
    type ErrorType = CanvasError;

    fn get_size(&self) -> (u32, u32) {
        self.size
    }
    fn ensure_prepared(&mut self) -> Result<(), DrawingErrorKind<CanvasError>> {
        self.inner.ensure_prepared()
    }
    fn present(&mut self) -> Result<(), DrawingErrorKind<CanvasError>> {
        self.flush();
        self.inner.present()
    }
    fn draw_pixel(&mut self, point: BackendCoord, color: BackendColor) -> Result<(), DrawingErrorKind<CanvasError>> {
        self.flush();
        self.inner.draw_pixel(point, color)
    }
    fn draw_line<S: BackendStyle>(&mut self, from: BackendCoord, to: BackendCoord, style: &S) -> Result<(), DrawingErrorKind<CanvasError>> {
        self.flush();
        self.inner.draw_line(from, to, style)
    }
    fn draw_rect<S: BackendStyle>(&mut self, upper_left: BackendCoord, bottom_right: BackendCoord, style: &S, fill: bool) -> Result<(), DrawingErrorKind<CanvasError>> {
        self.flush();
        self.inner.draw_rect(upper_left, bottom_right, style, fill)
    }
    /// Long paths go to the canvas as one `Path2D` built from SVG path text: one call instead of
    /// one per vertex (a chart of 8 curves made thousands of `lineTo` calls).
    fn draw_path<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(&mut self, path: I, style: &S) -> Result<(), DrawingErrorKind<CanvasError>> {
        self.flush();
        let pts: Vec<BackendCoord> = path.into_iter().collect();
        if pts.len() < LONG_PATH || style.color().alpha == 0.0 {
            return self.inner.draw_path(pts, style);
        }
        let p = path2d(&pts, false).ok_or_else(path_error)?;
        self.ctx.set_stroke_style_str(&css_color(style.color()));
        self.ctx.set_line_width(style.stroke_width() as f64);
        self.ctx.stroke_with_path(&p);
        Ok(())
    }
    /// Gathered into one path with the circles of the same style around it (see [`CircleBatch`]).
    fn draw_circle<S: BackendStyle>(&mut self, center: BackendCoord, radius: u32, style: &S, fill: bool) -> Result<(), DrawingErrorKind<CanvasError>> {
        let color = style.color();
        if color.alpha == 0.0 {
            return Ok(());
        }
        let width = style.stroke_width();
        let same = |b: &CircleBatch| b.fill == fill && b.width == width && b.color.rgb == color.rgb && b.color.alpha == color.alpha;
        if !self.circles.0.borrow().batch.as_ref().is_some_and(same) {
            self.flush();
            self.circles.0.borrow_mut().batch = Some(CircleBatch { color, width, fill, circles: Vec::new() });
        }
        if let Some(b) = self.circles.0.borrow_mut().batch.as_mut() {
            b.circles.push((center.0, center.1, radius));
        }
        Ok(())
    }
    fn fill_polygon<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(&mut self, vert: I, style: &S) -> Result<(), DrawingErrorKind<CanvasError>> {
        self.flush();
        let pts: Vec<BackendCoord> = vert.into_iter().collect();
        if pts.len() < LONG_PATH || style.color().alpha == 0.0 {
            return self.inner.fill_polygon(pts, style);
        }
        let p = path2d(&pts, true).ok_or_else(path_error)?;
        self.ctx.set_fill_style_str(&css_color(style.color()));
        self.ctx.fill_with_path_2d(&p);
        Ok(())
    }
    fn draw_text<S: BackendTextStyle>(&mut self, text: &str, style: &S, pos: BackendCoord) -> Result<(), DrawingErrorKind<CanvasError>> {
        self.flush();
        self.inner.draw_text(text, style, pos)
    }
    fn blit_bitmap(&mut self, pos: BackendCoord, (w, h): (u32, u32), src: &[u8]) -> Result<(), DrawingErrorKind<CanvasError>> {
        self.flush();
        self.inner.blit_bitmap(pos, (w, h), src)
    }

    /// Width from the canvas' `measureText` in the font `draw_text` sets; height one line.
    fn estimate_text_size<S: BackendTextStyle>(&self, text: &str, style: &S) -> Result<(u32, u32), DrawingErrorKind<CanvasError>> {
        Ok(measure_text(&self.ctx, text, style))
    }
}
