//! Canvas plumbing: a canvas sized for the device pixel ratio, a plotters backend on it,
//! and a fast path to blit RGBA rasters (heatmaps) through an off-screen stage (`Stage`).

use plotters::prelude::*;
use super::backend::{LabBackend, PendingCircles};
use super::page_backend::PageBackend;
use super::raster_layer::RasterLayers;
use crate::render::landscape::Raster;
use std::cell::RefCell;
use wasm_bindgen::{Clamped, JsCast};
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement, ImageData};

/// A canvas whose backing store is `css size × devicePixelRatio` device pixels.
///
/// Renderers draw in device pixels and receive the ratio as a scale for fonts and strokes, so
/// text and lines stay sharp on HiDPI screens.
pub struct CanvasView {
    canvas: HtmlCanvasElement,
    ctx: CanvasRenderingContext2d,
    /// Width in CSS pixels.
    pub css_w: f64,
    /// Height in CSS pixels.
    pub css_h: f64,
    /// devicePixelRatio used for the backing store.
    pub dpr: f64,
    /// An off-screen canvas holding the last raster uploaded, with its generation and size.
    staging: RefCell<(Stage, Option<(u64, usize, usize)>)>,
    /// Generation and size of the last opaque raster put straight on the canvas (see
    /// [`CanvasView::blit_raster`]).
    direct: RefCell<Option<(u64, usize, usize)>>,
    /// Circles the plotters backend has gathered; drawn before this view's own drawing.
    circles: PendingCircles,
    /// Canvases under this one that show scaled heatmap rasters (see [`RasterLayers`]).
    layers: RefCell<RasterLayers>,
}

/// A canvas outside the page (for layers and staging) with its 2-D context.
///
/// In a worker (the start-up warm-up, `www/js/warm.js`) there is no document: the canvas is an
/// `OffscreenCanvas`, which has the same drawing interface, and the worker names its classes as
/// the page's (`HTMLCanvasElement`, `CanvasRenderingContext2D`) so the type checks pass.
pub(crate) fn offscreen_canvas() -> Result<(HtmlCanvasElement, CanvasRenderingContext2d), String> {
    let c: HtmlCanvasElement = match web_sys::window().and_then(|w| w.document()) {
        Some(doc) => doc.create_element("canvas").map_err(|_| "cannot create a canvas")?.dyn_into().map_err(|_| "not a canvas")?,
        None => {
            let class = js_sys::Reflect::get(&js_sys::global(), &"OffscreenCanvas".into())
                .ok()
                .and_then(|c| c.dyn_into::<js_sys::Function>().ok())
                .ok_or("no document and no OffscreenCanvas")?;
            let args = js_sys::Array::of2(&1.into(), &1.into());
            js_sys::Reflect::construct(&class, &args).map_err(|_| "cannot create an OffscreenCanvas")?.unchecked_into()
        }
    };
    let ctx = context_2d(&c)?;
    Ok((c, ctx))
}

/// An off-screen canvas that RGBA images are put on (`putImageData`) before they are drawn onto a
/// view with `drawImage`, which composites them (and can scale them) where `putImageData` would
/// overwrite. Created on first use; it only grows.
#[derive(Default)]
pub(crate) struct Stage(Option<(HtmlCanvasElement, CanvasRenderingContext2d)>);

impl Stage {
    /// Puts the RGBA image `rgba` of `w × h` pixels at the stage's top-left corner and returns the
    /// stage's canvas. The `ImageData` is a view of wasm memory, built and consumed within this
    /// call (a view kept across calls would die when the memory grows).
    pub(crate) fn put(&mut self, rgba: &[u8], w: u32, h: u32) -> Result<&HtmlCanvasElement, String> {
        if self.0.is_none() {
            self.0 = Some(offscreen_canvas()?);
        }
        let (c, ctx) = self.0.as_ref().ok_or("no staging canvas")?;
        if c.width() < w || c.height() < h {
            c.set_width(c.width().max(w));
            c.set_height(c.height().max(h));
        }
        let img = ImageData::new_with_u8_clamped_array_and_sh(Clamped(rgba), w, h).map_err(|_| "cannot create image data")?;
        ctx.put_image_data(&img, 0.0, 0.0).map_err(|_| "cannot draw image data")?;
        Ok(c)
    }

    /// The stage's canvas as last put (None before the first `put`).
    fn canvas(&self) -> Option<&HtmlCanvasElement> {
        self.0.as_ref().map(|(c, _)| c)
    }
}

/// The 2-D drawing context of `canvas`.
pub(crate) fn context_2d(canvas: &HtmlCanvasElement) -> Result<CanvasRenderingContext2d, String> {
    canvas
        .get_context("2d")
        .ok()
        .flatten()
        .and_then(|c| c.dyn_into::<CanvasRenderingContext2d>().ok())
        .ok_or_else(|| "this browser gave no 2-D drawing context for a canvas".to_string())
}

impl CanvasView {
    /// Wraps a canvas element. Fails if it has no 2-D context.
    pub fn new(canvas: HtmlCanvasElement) -> Result<Self, String> {
        let ctx = context_2d(&canvas)?;
        let layers = RefCell::new(RasterLayers::new(&canvas));
        Ok(CanvasView { canvas, ctx, css_w: 300.0, css_h: 150.0, dpr: 1.0, staging: RefCell::default(), direct: RefCell::default(), circles: PendingCircles::default(), layers })
    }

    /// Sets the CSS size and pixel ratio; resizes the backing store if it changed.
    pub fn resize(&mut self, css_w: f64, css_h: f64, dpr: f64) -> Result<(), String> {
        let ok = |v: f64| v.is_finite() && v > 0.0;
        if !(ok(css_w) && ok(css_h) && ok(dpr)) {
            return Err(format!("canvas size must be positive (got {css_w}×{css_h} at ratio {dpr})"));
        }
        let dpr = dpr.clamp(0.5, 4.0);
        self.css_w = css_w.min(8192.0);
        self.css_h = css_h.min(8192.0);
        self.dpr = dpr;
        let (w, h) = self.device_size();
        if self.canvas.width() != w || self.canvas.height() != h {
            self.canvas.set_width(w);
            self.canvas.set_height(h);
        }
        Ok(())
    }

    /// Draws another canvas over this one at (0, 0), unscaled (a layer of the same size).
    pub fn draw_layer(&self, layer: &HtmlCanvasElement) -> Result<(), String> {
        self.circles.flush(&self.ctx);
        self.ctx.draw_image_with_html_canvas_element(layer, 0.0, 0.0).map_err(|_| "cannot draw a layer".to_string())
    }

    /// Backing-store size in device pixels.
    pub fn device_size(&self) -> (u32, u32) {
        crate::render::backing::backing_size(self.css_w, self.css_h, self.dpr)
    }

    /// A plotters drawing area covering the whole canvas, in device pixels.
    pub fn area(&self) -> Result<DrawingArea<PageBackend<'static>, plotters::coord::Shift>, String> {
        let backend = LabBackend::new(self.canvas.clone(), self.ctx.clone(), self.circles.clone()).ok_or("cannot draw on this canvas")?;
        Ok(PageBackend::Canvas(backend).into_drawing_area())
    }

    /// Copies an RGBA raster of `w × h` pixels to device position (`x`, `y`).
    ///
    /// The `ImageData` is a view of wasm memory, built and consumed within this call (a view
    /// kept across calls would die when the memory grows): no copy into a JavaScript array,
    /// whose allocation cost 6–7 ms for a 1600×1200 raster, against under 1 ms for the put.
    pub fn blit(&self, rgba: &[u8], w: u32, h: u32, x: i32, y: i32) -> Result<(), String> {
        self.circles.flush(&self.ctx);
        if w == 0 || h == 0 {
            return Ok(());
        }
        if rgba.len() != (w * h * 4) as usize {
            return Err(format!("raster of {} bytes does not match {w}×{h}", rgba.len()));
        }
        let img = ImageData::new_with_u8_clamped_array_and_sh(Clamped(rgba), w, h).map_err(|_| "cannot create image data")?;
        self.ctx.put_image_data(&img, x as f64, y as f64).map_err(|_| "cannot draw image data".to_string())
    }

    /// Draws a heatmap raster scaled by its `block` (nearest-neighbour, so each sample is a
    /// crisp `block × block` square) with its top-left corner at device pixel (`x`, `y`),
    /// clipped to `w × h` device pixels.
    ///
    /// The raster is uploaded once per generation to an off-screen canvas; redraws of an
    /// unchanged raster (a slider drag that only moves trajectories, every frame of a race) are one
    /// `drawImage`.
    pub fn blit_raster(&self, r: &Raster, x: i32, y: i32, w: u32, h: u32) -> Result<(), String> {
        self.circles.flush(&self.ctx);
        if r.cols == 0 || r.rows == 0 || w == 0 || h == 0 {
            return Ok(());
        }
        if r.rgba.len() != r.cols * r.rows * 4 {
            return Err(format!("raster of {} bytes does not match {}×{}", r.rgba.len(), r.cols, r.rows));
        }
        if r.generation == 0 && r.block == 1 {
            // A raster that changes with every drawing (a decision surface while training):
            // written straight onto the canvas, clipped to the plot.
            return self.blit(r.rgba, r.cols as u32, r.rows as u32, x, y);
        }
        let key = (r.generation, r.cols, r.rows);
        if r.opaque && r.block >= 2 && self.layers.borrow().usable() {
            // A scaled opaque raster on a page canvas: shown on a layer under this canvas, scaled
            // by the browser's compositor, seen through a hole cleared here (see RasterLayers).
            self.layers.borrow_mut().show(r.rgba, key, r.block, x, y, self.dpr)?;
            self.ctx.clear_rect(x as f64, y as f64, w as f64, h as f64);
            return Ok(());
        }
        let mut guard = self.staging.borrow_mut();
        let (stage, staged) = &mut *guard;
        if r.opaque && r.block == 1 && *staged != Some(key) {
            let mut first = self.direct.borrow_mut();
            if *first != Some(key) {
                // The first drawing of a new opaque raster at one sample per device pixel (a
                // heatmap after a pan, a zoom or a new landscape at devicePixelRatio 1): put
                // straight on the canvas, clipped to the plot, instead of on the off-screen canvas
                // and then copied (issue 12, item 4: 1600×1200 samples, 4.0 → 1.4 ms on the canvas
                // in Chromium). Opaque pixels replace what is below them, as drawing them would.
                // Scaled rasters (block 2 on HiDPI screens) still go through the off-screen canvas:
                // putting their device pixels, expanded in wasm, measured slower (2.0 against
                // 1.6 ms at 800×600 samples, tests/bench/raster.mjs).
                *first = Some(key);
                let img = ImageData::new_with_u8_clamped_array_and_sh(Clamped(r.rgba), r.cols as u32, r.rows as u32).map_err(|_| "cannot create image data")?;
                return self
                    .ctx
                    .put_image_data_with_dirty_x_and_dirty_y_and_dirty_width_and_dirty_height(&img, x as f64, y as f64, 0.0, 0.0, w as f64, h as f64)
                    .map_err(|_| "cannot draw image data".to_string());
            }
        }
        // A raster drawn again (a slider drag that only moves trajectories, every frame of a race)
        // goes through the off-screen canvas: uploaded once per generation, then copied with
        // `drawImage` (no `putImageData` of the whole raster on every redraw).
        if stage.canvas().is_none() || *staged != Some(key) {
            *staged = None;
            stage.put(r.rgba, r.cols as u32, r.rows as u32)?;
            *staged = Some(key);
        }
        let c = stage.canvas().ok_or("no staging canvas")?;
        let b = r.block as f64;
        self.ctx.set_image_smoothing_enabled(false);
        let drawn = self.ctx.draw_image_with_html_canvas_element_and_sw_and_sh_and_dx_and_dy_and_dw_and_dh(
            c,
            0.0,
            0.0,
            w as f64 / b,
            h as f64 / b,
            x as f64,
            y as f64,
            w as f64,
            h as f64,
        );
        self.ctx.set_image_smoothing_enabled(true);
        drawn.map_err(|_| "cannot draw the raster".to_string())
    }

    /// Waits until every drawing command issued so far has been rasterised (by reading one
    /// pixel back). Browsers defer canvas drawing; benchmarks call this so a measured frame
    /// includes its rasterisation.
    pub fn flush(&self) {
        self.circles.flush(&self.ctx);
        let _ = self.ctx.get_image_data(0.0, 0.0, 1.0, 1.0);
        self.layers.borrow().flush();
    }

    /// A drawing of the whole view begins (no raster layer used yet).
    pub fn begin_drawing(&self) {
        self.layers.borrow_mut().begin();
    }

    /// The drawing begun with [`CanvasView::begin_drawing`] is done: raster layers it did not use
    /// are hidden.
    pub fn end_drawing(&self) {
        self.layers.borrow_mut().end();
    }
}
