//! What the page keeps per view between frames, whatever the lab: the rasters computed so far
//! ([`PlaneCache`]) and an off-screen layer of growing trails ([`TrailLayer`]), and the one
//! function that draws any view's figure on its canvas with them ([`draw_view`]) or as SVG
//! ([`svg_view`]).

use super::canvas::CanvasView;
use crate::lab::widget::{Frame, Widget};
use crate::render::figure::draw_figure_with;
use crate::render::landscape::{PlotFrame, Trail, TrailProgress};
use crate::render::plane::{Backdrop, PlaneCache};
use crate::render::theme::Theme;
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement};

/// An off-screen canvas that keeps the trails drawn so far: while a race plays, each frame strokes
/// only the new segments onto it and copies it onto the plot, instead of stroking every trail
/// again (8 zig-zagging trails of thousands of vertices were most of a frame, traced).
pub struct TrailLayer {
    canvas: HtmlCanvasElement,
    ctx: CanvasRenderingContext2d,
    progress: TrailProgress,
}

impl TrailLayer {
    fn new() -> Result<Self, String> {
        let (canvas, ctx) = super::canvas::offscreen_canvas()?;
        Ok(TrailLayer { canvas, ctx, progress: TrailProgress::default() })
    }

    /// Brings the layer up to `trails` of race `race` (resized and cleared when needed) and draws
    /// it onto `target`.
    fn paint(&mut self, target: &CanvasView, race: u64, frame: &PlotFrame, trails: &[Trail], width: f64) -> Result<(), String> {
        let (w, h) = target.device_size();
        if self.canvas.width() != w || self.canvas.height() != h {
            self.canvas.set_width(w);
            self.canvas.set_height(h);
            self.progress.reset();
        }
        let (clear, lines) = self.progress.advance(race, frame, trails, 1.5 * target.dpr);
        if clear {
            self.ctx.clear_rect(0.0, 0.0, w as f64, h as f64);
        }
        self.ctx.set_line_width(width);
        self.ctx.set_line_join("round");
        self.ctx.set_line_cap("round");
        for (i, line) in lines {
            // A whole trail (after a clear) is also simplified within half a device pixel, as the
            // renderer does without a layer; new segments while playing are stroked as they come.
            let line = if clear { crate::render::simplify::simplify(&line, 0.5) } else { line };
            if line.len() < 2 {
                continue;
            }
            let c = trails[i].color;
            self.ctx.set_stroke_style_str(&format!("rgb({},{},{})", c.0, c.1, c.2));
            // One `Path2D` from SVG path text: one call instead of one per vertex.
            let path = super::backend::path2d(&line, false).ok_or("the browser refused a path")?;
            self.ctx.stroke_with_path(&path);
        }
        target.draw_layer(&self.canvas)
    }
}

/// What the page keeps for one view between frames.
#[derive(Default)]
pub struct ViewLayers {
    /// The rasters computed so far.
    pub cache: PlaneCache,
    /// The trails layer (created on the first drawing of a playing race).
    trails: Option<TrailLayer>,
    /// Whether the last drawing used the trails layer.
    layered: bool,
}

impl ViewLayers {
    /// Whether the view needs more drawings to catch up (a raster still filling in).
    pub fn pending(&self) -> bool {
        self.cache.pending()
    }
}

/// Draws view `view` of `widget` on `canvas` with the one generic renderer, keeping its rasters
/// and trails layer in `layers`. Returns where its plot is (for pointer events).
pub fn draw_view(widget: &dyn Widget, view: &str, canvas: &CanvasView, layers: &mut ViewLayers) -> Result<Option<Frame>, String> {
    let figure = crate::lab::export::figure_of(widget, view).map_err(|e| e.to_string())?;
    let area = canvas.area()?;
    let theme = Theme::new(canvas.dpr);
    let playing = figure.plane.as_ref().is_some_and(|p| matches!(p, crate::render::plane::Plane::Landscape(m) if m.playing));
    if playing && layers.trails.is_none() {
        // Without an off-screen canvas the renderer strokes the trails itself.
        layers.trails = TrailLayer::new().ok();
    }
    // Only a playing race uses the layer. At rest the renderer strokes the trails itself (one
    // pass, as cheap as a layer's full redraw and without its copy), so the picture of a link does
    // not depend on how many frames the race took to get there, and the next play starts afresh.
    if layers.layered && !playing {
        if let Some(l) = layers.trails.as_mut() {
            l.progress.reset();
        }
    }
    layers.layered = playing && layers.trails.is_some();
    let layered = layers.layered;
    let width = theme.px(2.0) as f64;
    let ViewLayers { cache, trails, .. } = layers;
    let mut paint = |frame: &PlotFrame, race: u64, t: &[Trail]| match trails.as_mut() {
        Some(l) => l.paint(canvas, race, frame, t, width),
        None => Ok(()),
    };
    let mut blit = |r: &crate::render::landscape::Raster, x: i32, y: i32, w: u32, h: u32| canvas.blit_raster(r, x, y, w, h);
    // No layer (none could be made): the renderer strokes the trails itself, as at rest.
    let mut backdrop = Backdrop { blit: &mut blit, trails: if layered { Some(&mut paint) } else { None } };
    canvas.begin_drawing();
    let drawn = draw_figure_with(&area, &theme, &figure, cache, &mut backdrop)?;
    canvas.end_drawing();
    area.present().map_err(|e| format!("could not show the drawing: {e:?}"))?;
    Ok(Frame::of(drawn))
}

/// View `view` of `widget` as an SVG document of `w × h` pixels, drawn by the same renderer as on
/// the canvas, and its rasters, which the page encodes as PNG into the images' `href`s
/// (`svg::raster_href`). `cache` is the view's (its rasters are reused where they fit); a raster
/// still filling in is finished first, in a few passes at most.
pub fn svg_view(widget: &dyn Widget, view: &str, w: u32, h: u32, cache: &mut PlaneCache) -> Result<(String, Vec<super::svg::RasterImage>), String> {
    let figure = crate::lab::export::figure_of(widget, view).map_err(|e| e.to_string())?;
    for pass in 0..8 {
        // Passes without output bring a raster that fills in over several drawings up to date.
        if figure.plane.is_none() || (pass > 0 && !cache.pending()) {
            break;
        }
        let mut blit = |_: &crate::render::landscape::Raster, _: i32, _: i32, _: u32, _: u32| Ok(());
        super::svg::svg_document(w, h, |area| draw_figure_with(area, &Theme::new(1.0), &figure, cache, &mut Backdrop { blit: &mut blit, trails: None }).map(|_| ()))?;
    }
    super::svg::svg_document_with_rasters(w, h, |area, rasters| {
        let mut blit = |r: &crate::render::landscape::Raster, x: i32, y: i32, dw: u32, dh: u32| rasters.blit(area, r.rgba, (r.cols as u32, r.rows as u32), (x, y, dw, dh));
        draw_figure_with(area, &Theme::new(1.0), &figure, cache, &mut Backdrop { blit: &mut blit, trails: None }).map(|_| ())
    })
}
