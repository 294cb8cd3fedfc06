//! One backend type for everything the page draws: the canvas ([`LabBackend`]) or an SVG export
//! ([`MeasuredSvg`]).
//!
//! The renderer (`crate::render`) and plotters are generic over the backend; drawing with two
//! backend types compiled every view's renderer twice into the module (about a tenth of it). With
//! this enum they are compiled once; each drawing call forwards to the backend it holds, which
//! draws exactly as before. Errors are the held backend's, shown as that backend shows them.

use plotters_backend::{BackendColor, BackendCoord, BackendStyle, BackendTextStyle, DrawingBackend, DrawingErrorKind};
use super::backend::LabBackend;
use super::svg::MeasuredSvg;

/// The page's drawing backend: a canvas, or an SVG document being written.
pub enum PageBackend<'a> {
    /// Drawing on a canvas of the page.
    Canvas(LabBackend),
    /// Writing an SVG document (an export).
    Svg(MeasuredSvg<'a>),
}

type CanvasError = <LabBackend as DrawingBackend>::ErrorType;
type SvgError = <MeasuredSvg<'static> as DrawingBackend>::ErrorType;

/// The error of the backend held.
pub enum PageError {
    /// From the canvas backend.
    Canvas(CanvasError),
    /// From the SVG backend.
    Svg(SvgError),
}

impl std::fmt::Debug for PageError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            PageError::Canvas(e) => std::fmt::Debug::fmt(e, f),
            PageError::Svg(e) => std::fmt::Debug::fmt(e, f),
        }
    }
}

impl std::fmt::Display for PageError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            PageError::Canvas(e) => std::fmt::Display::fmt(e, f),
            PageError::Svg(e) => std::fmt::Display::fmt(e, f),
        }
    }
}

impl std::error::Error for PageError {}

/// `r` with its backend error wrapped by `wrap`.
fn lift<T, E: std::error::Error + Send + Sync>(r: Result<T, DrawingErrorKind<E>>, wrap: fn(E) -> PageError) -> Result<T, DrawingErrorKind<PageError>> {
    r.map_err(|e| match e {
        DrawingErrorKind::DrawingError(e) => DrawingErrorKind::DrawingError(wrap(e)),
        DrawingErrorKind::FontError(e) => DrawingErrorKind::FontError(e),
    })
}

/// Forwards a call to the backend held, wrapping its error.
macro_rules! forward {
    ($self:ident, $b:ident => $call:expr) => {
        match $self {
            PageBackend::Canvas($b) => lift($call, PageError::Canvas),
            PageBackend::Svg($b) => lift($call, PageError::Svg),
        }
    };
}

impl DrawingBackend for PageBackend<'_> {
    type ErrorType = PageError;

    fn get_size(&self) -> (u32, u32) {
        match self {
            PageBackend::Canvas(b) => b.get_size(),
            PageBackend::Svg(b) => b.get_size(),
        }
    }
    fn ensure_prepared(&mut self) -> Result<(), DrawingErrorKind<PageError>> {
        forward!(self, b => b.ensure_prepared())
    }
    fn present(&mut self) -> Result<(), DrawingErrorKind<PageError>> {
        forward!(self, b => b.present())
    }
    fn draw_pixel(&mut self, point: BackendCoord, color: BackendColor) -> Result<(), DrawingErrorKind<PageError>> {
        forward!(self, b => b.draw_pixel(point, color))
    }
    fn draw_line<S: BackendStyle>(&mut self, from: BackendCoord, to: BackendCoord, style: &S) -> Result<(), DrawingErrorKind<PageError>> {
        forward!(self, b => b.draw_line(from, to, style))
    }
    fn draw_rect<S: BackendStyle>(&mut self, upper_left: BackendCoord, bottom_right: BackendCoord, style: &S, fill: bool) -> Result<(), DrawingErrorKind<PageError>> {
        forward!(self, b => b.draw_rect(upper_left, bottom_right, style, fill))
    }
    fn draw_path<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(&mut self, path: I, style: &S) -> Result<(), DrawingErrorKind<PageError>> {
        // Collected once, so that each backend is compiled for one path type only.
        let pts: Vec<BackendCoord> = path.into_iter().collect();
        forward!(self, b => b.draw_path(pts, style))
    }
    fn draw_circle<S: BackendStyle>(&mut self, center: BackendCoord, radius: u32, style: &S, fill: bool) -> Result<(), DrawingErrorKind<PageError>> {
        forward!(self, b => b.draw_circle(center, radius, style, fill))
    }
    fn fill_polygon<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(&mut self, vert: I, style: &S) -> Result<(), DrawingErrorKind<PageError>> {
        let pts: Vec<BackendCoord> = vert.into_iter().collect();
        forward!(self, b => b.fill_polygon(pts, style))
    }
    fn draw_text<S: BackendTextStyle>(&mut self, text: &str, style: &S, pos: BackendCoord) -> Result<(), DrawingErrorKind<PageError>> {
        forward!(self, b => b.draw_text(text, style, pos))
    }
    fn estimate_text_size<S: BackendTextStyle>(&self, text: &str, style: &S) -> Result<(u32, u32), DrawingErrorKind<PageError>> {
        forward!(self, b => b.estimate_text_size(text, style))
    }
    fn blit_bitmap(&mut self, pos: BackendCoord, size: (u32, u32), src: &[u8]) -> Result<(), DrawingErrorKind<PageError>> {
        forward!(self, b => b.blit_bitmap(pos, size, src))
    }
}
