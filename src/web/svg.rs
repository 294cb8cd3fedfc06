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
use super::page_backend::PageBackend;

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
        Ok(super::backend::measure_text(&self.ctx, text, style))
    }
}

/// An SVG document of `w × h` pixels drawn by `draw`.
pub fn svg_document(w: u32, h: u32, draw: impl FnOnce(&DrawingArea<PageBackend<'_>, Shift>) -> Result<(), String>) -> Result<String, String> {
    let (_, ctx) = super::canvas::offscreen_canvas()?;
    let mut out = String::new();
    {
        let area = PageBackend::Svg(MeasuredSvg { inner: SVGBackend::with_string(&mut out, (w, h)), ctx }).into_drawing_area();
        draw(&area)?;
        area.present().map_err(|e| format!("drawing failed: {e:?}"))?;
    }
    Ok(out)
}

/// One raster of an SVG export, still to be encoded: RGBA bytes, `cols × rows`.
pub struct RasterImage {
    /// RGBA bytes, row 0 at the top.
    pub rgba: Vec<u8>,
    /// Pixels per row.
    pub cols: u32,
    /// Rows.
    pub rows: u32,
}

/// The placeholder an SVG export carries in the `href` of raster `i` until the page has encoded
/// the raster as PNG (asynchronously, with `toBlob`) and put its data URL there.
pub fn raster_href(i: usize) -> String {
    format!("@@rasterhref{i}@@")
}

/// Rasters of an SVG export (the landscape's heatmap, the decision surface), each embedded as an
/// `<image>` where it was drawn: the blit draws a marker text on the area, and [`Rasters::embed`]
/// replaces each marker's `<text>` element with its image, so the layers drawn after the raster
/// (contours, trails, points, axes) stay above it. The images' pixels are not encoded here (a PNG
/// encode of a large heatmap takes tens of milliseconds): the image's `href` is
/// [`raster_href`]`(i)` and the raster is handed back to the page, which encodes it off the main
/// thread.
#[derive(Default)]
pub struct Rasters(Vec<(String, RasterImage)>);

impl Rasters {
    /// Records the RGBA image `rgba` (`cols × rows`) shown at (`x`, `y`) with size `w × h`, and
    /// draws its marker on `area`.
    pub fn blit<DB: DrawingBackend>(&mut self, area: &DrawingArea<DB, Shift>, rgba: &[u8], (cols, rows): (u32, u32), (x, y, w, h): (i32, i32, u32, u32)) -> Result<(), String> {
        if cols == 0 || rows == 0 || rgba.len() != (cols * rows * 4) as usize {
            return Ok(());
        }
        let i = self.0.len();
        let marker = format!("@@raster{i}@@");
        let element = format!(
            r#"<image x="{x}" y="{y}" width="{w}" height="{h}" preserveAspectRatio="none" style="image-rendering:pixelated" href="{}"/>"#,
            raster_href(i)
        );
        self.0.push((element, RasterImage { rgba: rgba.to_vec(), cols, rows }));
        area.draw(&Text::new(marker, (x, y), ("sans-serif", 10))).map_err(|e| format!("drawing failed: {e:?}"))
    }

    /// `svg` with each marker's `<text>` element replaced by its image, and the images.
    pub fn embed(self, mut svg: String) -> (String, Vec<RasterImage>) {
        let mut images = Vec::with_capacity(self.0.len());
        for (i, (element, image)) in self.0.into_iter().enumerate() {
            let marker = format!("@@raster{i}@@");
            if let Some(at) = svg.find(&marker) {
                if let (Some(open), Some(close)) = (svg[..at].rfind("<text"), svg[at..].find("</text>").map(|c| at + c + "</text>".len())) {
                    svg.replace_range(open..close, &element);
                }
            }
            images.push(image);
        }
        (svg, images)
    }
}

/// An SVG document of `w × h` pixels drawn by `draw`, which may embed rasters through [`Rasters`];
/// the document and its rasters, still to be encoded.
pub fn svg_document_with_rasters(
    w: u32,
    h: u32,
    draw: impl FnOnce(&DrawingArea<PageBackend<'_>, Shift>, &mut Rasters) -> Result<(), String>,
) -> Result<(String, Vec<RasterImage>), String> {
    let mut rasters = Rasters::default();
    let svg = svg_document(w, h, |area| draw(area, &mut rasters))?;
    Ok(rasters.embed(svg))
}
