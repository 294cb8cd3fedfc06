//! The optimizer lab on canvases: draws each view from the lab's state and trajectories.

use super::canvas::CanvasView;
use super::registry::WebWidget;
use crate::lab::optimizer::OptimizerLab;
use crate::lab::widget::{Control, Frame, Pointer, ViewSpec, Widget};
use crate::render::landscape::{draw_landscape, CursorInfo, PlotFrame, Raster, RasterCache, Trail, TrailProgress};
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement};
use crate::render::theme::Theme;

/// An off-screen canvas that keeps the trails drawn so far: while a race plays, each frame strokes
/// only the new segments onto it and copies it onto the landscape, instead of stroking every trail
/// again (8 zig-zagging trails of thousands of vertices were most of a frame, traced).
struct TrailLayer {
    canvas: HtmlCanvasElement,
    ctx: CanvasRenderingContext2d,
    progress: TrailProgress,
}

impl TrailLayer {
    fn new() -> Result<Self, String> {
        let (canvas, ctx) = super::canvas::offscreen_canvas()?;
        Ok(TrailLayer { canvas, ctx, progress: TrailProgress::default() })
    }

    /// Brings the layer up to `trails` (resized and cleared when needed) and draws it onto `target`.
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
            // landscape does without a layer; new segments while playing are stroked as they come.
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

/// The optimizer lab plus its raster cache.
pub struct OptimizerWidget {
    lab: OptimizerLab,
    cache: RasterCache,
    /// The landscape's trails layer (created on the first drawing).
    trails: Option<TrailLayer>,
}

impl OptimizerWidget {
    /// Wraps a lab (used by the benchmarks).
    pub fn from_lab(lab: OptimizerLab) -> Self {
        OptimizerWidget { lab, cache: RasterCache::default(), trails: None }
    }
    /// The lab inside.
    pub fn lab_mut(&mut self) -> &mut OptimizerLab {
        &mut self.lab
    }
    /// Forces the heatmap to be recomputed on the next draw.
    pub fn invalidate_raster(&mut self) {
        self.cache.invalidate();
    }
}

/// Opens the optimizer lab from a URL query.
pub fn open(query: &str) -> Box<dyn WebWidget> {
    Box::new(OptimizerWidget::from_lab(OptimizerLab::open(query)))
}

impl Widget for OptimizerWidget {
    fn views(&self) -> Vec<ViewSpec> {
        self.lab.views()
    }
    fn controls(&self) -> Vec<Control> {
        self.lab.controls()
    }
    fn set(&mut self, key: &str, value: &str) -> crate::lab::error::LabResult<()> {
        self.lab.set(key, value)
    }
    fn action(&mut self, key: &str) -> crate::lab::error::LabResult<()> {
        self.lab.action(key)
    }
    fn pointer(&mut self, view: &str, p: Pointer) -> crate::lab::error::LabResult<()> {
        self.lab.pointer(view, p)
    }
    fn tick(&mut self, now_ms: f64, out_of_time: &mut dyn FnMut() -> bool) -> bool {
        self.lab.tick(now_ms, out_of_time)
    }
    fn busy(&self) -> bool {
        self.lab.busy()
    }
    fn query(&self) -> String {
        self.lab.query()
    }
    fn status(&self) -> String {
        self.lab.status()
    }
    fn take_notices(&mut self) -> Vec<String> {
        self.lab.take_notices()
    }
    fn table(&self, view: &str) -> Option<crate::lab::export::Table> {
        self.lab.table(view)
    }
    fn ticked_views(&self) -> Option<Vec<&'static str>> {
        self.lab.ticked_views()
    }
    fn legacy_keys(&self) -> crate::lab::legacy_keys::LegacyKeys {
        self.lab.legacy_keys()
    }
    fn attached(&mut self, views: &[String]) {
        self.lab.attached(views)
    }
    fn figure(&self, view: &str) -> Option<crate::render::figure::Figure> {
        self.lab.figure(view)
    }
}

impl WebWidget for OptimizerWidget {
    fn svg(&mut self, view: &str, w: u32, h: u32) -> Result<String, String> {
        if view == "landscape" {
            // The heatmap embedded as a PNG image under the vector layers (contours, trails, axes).
            let lab = &self.lab;
            let trails = lab.trails();
            let cache = &mut self.cache;
            return super::svg::svg_document_with_rasters(w, h, |area, rasters| {
                let mut blit = |r: &Raster, x: i32, y: i32, dw: u32, dh: u32| rasters.blit(area, r.rgba, (r.cols as u32, r.rows as u32), (x, y, dw, dh));
                draw_landscape(area, &Theme::new(1.0), lab.surface(), &lab.view(), lab.state.start, &trails, None, cache, &mut blit, None).map(|_| ())
            });
        }
        // The charts are figures: the page's handle exports them itself.
        Err(format!("the optimizer lab has no view “{}” to export here", crate::lab::input::echo(view)))
    }

    fn draw(&mut self, view: &str, canvas: &CanvasView) -> Result<Option<Frame>, String> {
        match view {
            "landscape" => {
                let lab = &self.lab;
                let trails = lab.trails();
                let cursor = lab.cursor.map(|p| CursorInfo { at: p, lines: lab.curvature_lines(p) });
                let area = canvas.area()?;
                let theme = Theme::new(canvas.dpr);
                if self.trails.is_none() {
                    // Without an off-screen canvas the landscape strokes the trails itself.
                    self.trails = TrailLayer::new().ok();
                }
                let race = lab.race;
                let width = theme.px(2.0) as f64;
                // Only a playing race uses the layer. At rest the landscape strokes the trails itself
                // (one pass, as cheap as a layer's full redraw and without its copy), so the picture
                // of a link does not depend on how many frames the race took to get there (the
                // newest iterate of each frame is a vertex while playing), and the next play starts
                // a fresh layer.
                let has_layer = self.trails.is_some() && lab.busy();
                if !has_layer {
                    if let Some(l) = self.trails.as_mut() {
                        l.progress.reset();
                    }
                }
                let layer = &mut self.trails;
                let mut paint = |frame: &PlotFrame| match layer.as_mut() {
                    Some(l) => l.paint(canvas, race, frame, &trails, width),
                    None => Ok(()),
                };
                let frame = draw_landscape(
                    &area,
                    &theme,
                    lab.surface(),
                    &lab.view(),
                    lab.state.start,
                    &trails,
                    cursor.as_ref(),
                    &mut self.cache,
                    &mut |r, x, y, w, h| canvas.blit_raster(r, x, y, w, h),
                    has_layer.then_some(&mut paint as &mut dyn FnMut(&PlotFrame) -> Result<(), String>),
                )?;
                Ok(Some(Frame::Landscape(frame)))
            }
            // The charts are figures, drawn by the page's handle.
            other => Err(format!("the optimizer lab draws no view “{}” itself", crate::lab::input::echo(other))),
        }
    }
}
