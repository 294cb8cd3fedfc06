//! SVG export in the page: plotters' `SVGBackend`, with text measured by a canvas' `measureText`.
//!
//! In wasm, plotters measures text (legends, marker labels) by appending a `<span>` with an inline
//! style to the page, which the page's Content-Security-Policy forbids (and which forces a layout
//! per measurement). [`LabBackend`](super::backend::LabBackend) measures on its canvas; an SVG
//! document has none, so this backend measures on a small canvas off the page, in the same font.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters_backend::{BackendCoord, BackendStyle, BackendTextStyle, DrawingErrorKind};
use web_sys::CanvasRenderingContext2d;

/// `SVGBackend` with DOM-free text measurement.
pub struct MeasuredSvg<'a> {
    inner: SVGBackend<'a>,
    ctx: CanvasRenderingContext2d,
}

type SvgError = <SVGBackend<'static> as DrawingBackend>::ErrorType;

impl DrawingBackend for MeasuredSvg<'_> {
    type ErrorType = SvgError;

    fn get_size(&self) -> (u32, u32) {
        self.inner.get_size()
    }
    fn ensure_prepared(&mut self) -> Result<(), DrawingErrorKind<SvgError>> {
        self.inner.ensure_prepared()
    }
    fn present(&mut self) -> Result<(), DrawingErrorKind<SvgError>> {
        self.inner.present()
    }
    fn draw_pixel(&mut self, point: BackendCoord, color: plotters_backend::BackendColor) -> Result<(), DrawingErrorKind<SvgError>> {
        self.inner.draw_pixel(point, color)
    }
    fn draw_line<S: BackendStyle>(&mut self, from: BackendCoord, to: BackendCoord, style: &S) -> Result<(), DrawingErrorKind<SvgError>> {
        self.inner.draw_line(from, to, style)
    }
    fn draw_rect<S: BackendStyle>(&mut self, a: BackendCoord, b: BackendCoord, style: &S, fill: bool) -> Result<(), DrawingErrorKind<SvgError>> {
        self.inner.draw_rect(a, b, style, fill)
    }
    fn draw_path<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(&mut self, path: I, style: &S) -> Result<(), DrawingErrorKind<SvgError>> {
        self.inner.draw_path(path, style)
    }
    fn draw_circle<S: BackendStyle>(&mut self, center: BackendCoord, radius: u32, style: &S, fill: bool) -> Result<(), DrawingErrorKind<SvgError>> {
        self.inner.draw_circle(center, radius, style, fill)
    }
    fn fill_polygon<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(&mut self, vert: I, style: &S) -> Result<(), DrawingErrorKind<SvgError>> {
        self.inner.fill_polygon(vert, style)
    }
    fn draw_text<S: BackendTextStyle>(&mut self, text: &str, style: &S, pos: BackendCoord) -> Result<(), DrawingErrorKind<SvgError>> {
        self.inner.draw_text(text, style, pos)
    }
    fn blit_bitmap(&mut self, pos: BackendCoord, size: (u32, u32), src: &[u8]) -> Result<(), DrawingErrorKind<SvgError>> {
        self.inner.blit_bitmap(pos, size, src)
    }
    /// Width from `measureText` in the text's font; height one line (as the canvas backend).
    fn estimate_text_size<S: BackendTextStyle>(&self, text: &str, style: &S) -> Result<(u32, u32), DrawingErrorKind<SvgError>> {
        self.ctx.set_font(&format!("{} {}px {}", style.style().as_str(), style.size(), style.family().as_str()));
        let width = self.ctx.measure_text(text).map(|m| m.width()).unwrap_or(0.0);
        Ok((width.ceil().max(0.0) as u32, (style.size() * super::backend::LINE_HEIGHT).round().max(1.0) as u32))
    }
}

/// An SVG document of `w × h` pixels drawn by `draw`.
pub fn svg_document(w: u32, h: u32, draw: impl FnOnce(&DrawingArea<MeasuredSvg<'_>, Shift>) -> Result<(), String>) -> Result<String, String> {
    let (_, ctx) = super::canvas::offscreen_canvas()?;
    let mut out = String::new();
    {
        let area = MeasuredSvg { inner: SVGBackend::with_string(&mut out, (w, h)), ctx }.into_drawing_area();
        draw(&area)?;
        area.present().map_err(|e| format!("drawing failed: {e:?}"))?;
    }
    Ok(out)
}
