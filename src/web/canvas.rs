//! Canvas plumbing: a canvas sized for the device pixel ratio, a plotters backend on it,
//! and a fast path to blit RGBA rasters (heatmaps) with `putImageData`.

use std::cell::RefCell;

use plotters::prelude::*;
use plotters_canvas::CanvasBackend;
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
    /// The last raster handed to the browser, by generation, so an unchanged heatmap is not copied again.
    cached: RefCell<Option<(u64, u32, u32, ImageData)>>,
}

impl CanvasView {
    /// Wraps a canvas element. Fails if it has no 2-D context.
    pub fn new(canvas: HtmlCanvasElement) -> Result<Self, String> {
        let ctx = canvas
            .get_context("2d")
            .ok()
            .flatten()
            .and_then(|c| c.dyn_into::<CanvasRenderingContext2d>().ok())
            .ok_or("this browser gave no 2-D drawing context for a canvas")?;
        Ok(CanvasView { canvas, ctx, css_w: 300.0, css_h: 150.0, dpr: 1.0, cached: RefCell::new(None) })
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

    /// Backing-store size in device pixels.
    pub fn device_size(&self) -> (u32, u32) {
        (((self.css_w * self.dpr).round() as u32).max(1), ((self.css_h * self.dpr).round() as u32).max(1))
    }

    /// A plotters drawing area covering the whole canvas, in device pixels.
    pub fn area(&self) -> Result<DrawingArea<CanvasBackend, plotters::coord::Shift>, String> {
        let backend = CanvasBackend::with_canvas_object(self.canvas.clone()).ok_or("cannot draw on this canvas")?;
        Ok(backend.into_drawing_area())
    }

    /// Copies an RGBA raster of `w × h` pixels to device position (`x`, `y`).
    pub fn blit(&self, rgba: &[u8], w: u32, h: u32, x: i32, y: i32) -> Result<(), String> {
        if w == 0 || h == 0 {
            return Ok(());
        }
        if rgba.len() != (w * h * 4) as usize {
            return Err(format!("raster of {} bytes does not match {w}×{h}", rgba.len()));
        }
        let img = ImageData::new_with_u8_clamped_array_and_sh(Clamped(rgba), w, h).map_err(|_| "cannot create image data")?;
        self.ctx.put_image_data(&img, x as f64, y as f64).map_err(|_| "cannot draw image data".to_string())
    }

    /// Like [`CanvasView::blit`], but keeps the browser-side copy: when `generation` (and the
    /// size) match the previous call, the raster is not copied out of wasm memory again.
    pub fn blit_cached(&self, rgba: &[u8], w: u32, h: u32, x: i32, y: i32, generation: u64) -> Result<(), String> {
        let mut cached = self.cached.borrow_mut();
        if let Some((g, cw, ch, img)) = cached.as_ref() {
            if *g == generation && *cw == w && *ch == h {
                return self.ctx.put_image_data(img, x as f64, y as f64).map_err(|_| "cannot draw image data".to_string());
            }
        }
        if w == 0 || h == 0 {
            return Ok(());
        }
        if rgba.len() != (w * h * 4) as usize {
            return Err(format!("raster of {} bytes does not match {w}×{h}", rgba.len()));
        }
        // A JS-owned copy: an ImageData made straight from a wasm slice is a view of wasm
        // memory, which becomes unusable when that memory grows.
        let owned = js_sys::Uint8ClampedArray::new_with_length(rgba.len() as u32);
        owned.copy_from(rgba);
        let img = ImageData::new_with_js_u8_clamped_array_and_sh(&owned, w, h).map_err(|_| "cannot create image data")?;
        self.ctx.put_image_data(&img, x as f64, y as f64).map_err(|_| "cannot draw image data".to_string())?;
        *cached = Some((generation, w, h, img));
        Ok(())
    }
}
