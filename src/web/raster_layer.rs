//! Heatmap rasters shown beneath a view's canvas instead of copied onto it (issue 12, item 4).
//!
//! On a HiDPI screen a heatmap has one sample per CSS pixel (`block` 2 at devicePixelRatio 2) and
//! was scaled up onto the view's canvas with `drawImage`, about 1 ms for 800×600 samples on every
//! drawing, even when only a trail moved. Here the samples are put once on a small canvas of their
//! own size, placed under the view's canvas by CSS (`image-rendering: pixelated`, so every sample
//! is the same crisp square as before) and scaled by the browser's compositor; the view's canvas
//! gets a transparent hole where the raster shows (`clearRect`), and everything drawn after it
//! (trails, markers, labels) stays on top, as with an opaque copy.
//!
//! This needs the page's structure: the canvas is the only child of a `.canvas-box` element
//! (`position: relative`), which the layers join as the canvas' earlier siblings
//! (`www/css/lab.css`: `.raster-layer`). A canvas elsewhere (off the page for a PNG export, in a
//! test) keeps the copy.

use wasm_bindgen::{Clamped, JsCast};
use web_sys::{CanvasRenderingContext2d, Element, HtmlCanvasElement, ImageData};

/// The raster key of a layer's pixels: the raster's generation and size.
type Key = (u64, usize, usize);

/// One raster's canvas under the view's canvas.
struct Layer {
    canvas: HtmlCanvasElement,
    ctx: CanvasRenderingContext2d,
    /// The raster whose pixels the layer holds (`None`: none yet, or unknown).
    key: Option<Key>,
    /// The inline style last set (its place and size), so an unchanged place is not set again.
    place: String,
    /// Whether the layer is shown (`hidden` not set).
    shown: bool,
}

impl Layer {
    fn hide(&mut self) {
        if self.shown {
            let _ = self.canvas.set_attribute("hidden", "");
            self.shown = false;
        }
    }
}

/// The raster layers of one view's canvas: the k-th opaque raster of a drawing goes on the k-th
/// layer (a grid view has one raster per panel).
pub(crate) struct RasterLayers {
    /// The view's canvas.
    main: HtmlCanvasElement,
    /// Whether the canvas sits in a `.canvas-box` (else no layers: rasters are copied).
    usable: bool,
    layers: Vec<Layer>,
    /// Layers used by the drawing under way.
    used: usize,
}

/// Marks a canvas as a raster layer (for CSS and for finding it again).
const CLASS: &str = "raster-layer";

impl RasterLayers {
    /// The layers of `main`: those already beside it (from an earlier attachment of the same
    /// canvas) are taken over, their pixels unknown.
    pub(crate) fn new(main: &HtmlCanvasElement) -> Self {
        let usable = main.matches(".canvas-box > canvas").unwrap_or(false);
        let mut layers = Vec::new();
        let mut sibling = main.previous_element_sibling();
        while let Some(el) = sibling {
            sibling = el.previous_element_sibling();
            if el.class_name() != CLASS {
                continue;
            }
            if let Ok(canvas) = el.dyn_into::<HtmlCanvasElement>() {
                if let Ok(ctx) = super::canvas::context_2d(&canvas) {
                    let shown = !canvas.has_attribute("hidden");
                    layers.push(Layer { canvas, ctx, key: None, place: String::new(), shown });
                }
            }
        }
        // Found nearest first; the first created is the farthest.
        layers.reverse();
        RasterLayers { main: main.clone(), usable, layers, used: 0 }
    }

    /// Whether rasters can be shown on layers (the canvas is in a `.canvas-box`).
    pub(crate) fn usable(&self) -> bool {
        self.usable
    }

    /// A drawing of the view begins: no layer is used yet.
    pub(crate) fn begin(&mut self) {
        self.used = 0;
    }

    /// The drawing is done: layers it did not use are hidden.
    pub(crate) fn end(&mut self) {
        for l in self.layers.iter_mut().skip(self.used) {
            l.hide();
        }
    }

    /// Shows the RGBA raster `rgba` of `cols × rows` samples (generation and size `key`), each
    /// sample `block × block` device pixels, with its top-left corner at device pixel (x, y) of
    /// the view's canvas at ratio `dpr`, on the next layer of this drawing. Its pixels are put
    /// only when the layer held another raster.
    pub(crate) fn show(&mut self, rgba: &[u8], key: Key, block: usize, x: i32, y: i32, dpr: f64) -> Result<(), String> {
        let (_, cols, rows) = key;
        if self.used == self.layers.len() {
            self.layers.push(self.create()?);
        }
        let layer = &mut self.layers[self.used];
        self.used += 1;
        if layer.key != Some(key) {
            layer.key = None;
            // The layer's canvas only grows: a new backing store costs more than the put (a
            // raster of another size on every other drawing, as the benchmark's, measured 1 ms
            // slower). What lies beyond this raster's samples is under the view's opaque canvas.
            if layer.canvas.width() < cols as u32 || layer.canvas.height() < rows as u32 {
                layer.canvas.set_width(layer.canvas.width().max(cols as u32));
                layer.canvas.set_height(layer.canvas.height().max(rows as u32));
            }
            let img = ImageData::new_with_u8_clamped_array_and_sh(Clamped(rgba), cols as u32, rows as u32).map_err(|_| "cannot create image data")?;
            layer.ctx.put_image_data(&img, 0.0, 0.0).map_err(|_| "cannot draw image data")?;
            layer.key = Some(key);
        }
        // Device pixels of the canvas' content box → CSS pixels from its corner (the layer's CSS
        // margin is the canvas' border). The samples cover ⌈w/block⌉·block device pixels, a little
        // more than the plot; the view's canvas hides the rest.
        let css = |v: f64| v / dpr;
        let b = block as f64;
        let (lw, lh) = (layer.canvas.width() as f64, layer.canvas.height() as f64);
        let place = format!("left:{}px;top:{}px;width:{}px;height:{}px", css(x as f64), css(y as f64), css(lw * b), css(lh * b));
        if layer.place != place {
            // Through the CSS object model: the page's CSP refuses `style` attributes.
            layer.canvas.style().set_css_text(&place);
            layer.place = place;
        }
        if !layer.shown {
            layer.canvas.remove_attribute("hidden").map_err(|_| "cannot show a raster layer")?;
            layer.shown = true;
        }
        Ok(())
    }

    /// Reads one pixel of every shown layer, so the browser has put their pixels (benchmarks).
    pub(crate) fn flush(&self) {
        for l in self.layers.iter().filter(|l| l.shown) {
            let _ = l.ctx.get_image_data(0.0, 0.0, 1.0, 1.0);
        }
    }

    /// A new layer, inserted just before the view's canvas (so the canvas paints over it).
    fn create(&self) -> Result<Layer, String> {
        let doc = web_sys::window().and_then(|w| w.document()).ok_or("no document for a raster layer")?;
        let canvas: HtmlCanvasElement = doc.create_element("canvas").map_err(|_| "cannot create a canvas")?.dyn_into().map_err(|_| "not a canvas")?;
        canvas.set_class_name(CLASS);
        // No backing store until the first raster (a new canvas has 300×150 pixels, and a layer
        // only grows).
        canvas.set_width(0);
        canvas.set_height(0);
        let _ = canvas.set_attribute("aria-hidden", "true");
        let el: &Element = self.main.as_ref();
        el.insert_adjacent_element("beforebegin", &canvas).map_err(|_| "cannot place a raster layer")?;
        let ctx = super::canvas::context_2d(&canvas)?;
        Ok(Layer { canvas, ctx, key: None, place: String::new(), shown: true })
    }
}
