//! `Lab`: the one class the page uses, whatever the lab.

use std::collections::HashMap;

use wasm_bindgen::prelude::*;
use web_sys::HtmlCanvasElement;

use super::boundary::js_err;
use super::canvas::CanvasView;
use super::layers::ViewLayers;
use super::registry;
use crate::lab::widget::{Frame, Pointer, PointerKind, Widget};

/// The names of the labs that have a working widget.
#[wasm_bindgen(js_name = availableLabs)]
pub fn available_labs() -> Vec<String> {
    registry::available().into_iter().map(String::from).collect()
}

/// The URL keys of the page shell (`lab`, `embed`, `hide`, `views`): kept in the address bar
/// beside a widget's own state, which never reads them.
#[wasm_bindgen(js_name = shellKeys)]
pub fn shell_keys() -> Vec<String> {
    registry::SHELL_KEYS.iter().map(|k| k.to_string()).collect()
}

/// One widget on the page: its state, its canvases, and the calls the page makes on it.
#[wasm_bindgen]
pub struct Lab {
    kind: String,
    /// The table of a CSV export being written in slices (see [`Lab::csv_begin`]).
    export: Option<crate::lab::export::Table>,
    widget: Box<dyn Widget>,
    canvases: HashMap<String, CanvasView>,
    /// Where each view's plot was drawn last (the renderer's answer), for its pointer events.
    frames: HashMap<String, Frame>,
    /// Each view's rasters and trails layer, kept between frames.
    layers: HashMap<String, ViewLayers>,
    /// The rasters of the last SVG export, until the page has encoded them.
    svg_images: Vec<super::svg::RasterImage>,
}

/// Plain JS objects (not `Map`s) even for `#[serde(flatten)]` structs such as `Control`, whose
/// serde form is a map: the page reads `c.key`, `c.type`, … as properties.
fn to_js<T: serde::Serialize>(v: &T) -> Result<JsValue, JsError> {
    let ser = serde_wasm_bindgen::Serializer::json_compatible();
    v.serialize(&ser).map_err(|e| js_err(format!("internal error while passing data to the page: {e}")))
}

/// `performance.now()` of the page or of the worker that runs this module (the start-up warm-up
/// runs the lab in a worker, which has no `window`).
pub(crate) fn now_ms() -> f64 {
    js_sys::Reflect::get(&js_sys::global(), &JsValue::from_str("performance"))
        .ok()
        .filter(|p| p.is_object())
        .map(|p| p.unchecked_into::<web_sys::Performance>().now())
        .unwrap_or(0.0)
}

#[wasm_bindgen]
impl Lab {
    /// Opens lab `kind` ("optimizer", "shrinkage", "mlp") with the state in the URL `query`.
    /// Bad values in the query fall back to defaults; see [`Lab::take_notices`].
    pub fn open(kind: &str, query: &str) -> Result<Lab, JsError> {
        let widget = registry::open(kind, query).map_err(js_err)?;
        Ok(Lab { kind: kind.to_string(), export: None, widget, canvases: HashMap::new(), frames: HashMap::new(), layers: HashMap::new(), svg_images: Vec::new() })
    }

    /// The views to create canvases for: `[{id, title, caption, aspect, wide}]`.
    pub fn views(&self) -> Result<JsValue, JsError> {
        to_js(&self.widget.views())
    }

    /// The controls as they should look now: `[{key, label, group, value, help, type, ...}]`.
    pub fn controls(&self) -> Result<JsValue, JsError> {
        to_js(&self.widget.controls())
    }

    /// Gives the widget the canvas for view `view`.
    pub fn attach(&mut self, view: &str, canvas: HtmlCanvasElement) -> Result<(), JsError> {
        if !self.widget.views().iter().any(|v| v.id == view) {
            return Err(js_err(format!("this widget has no view called “{view}”")));
        }
        let c = CanvasView::new(canvas).map_err(js_err)?;
        self.canvases.insert(view.to_string(), c);
        // Until it is drawn on the new canvas, the view has no plot to map pointers to.
        self.frames.remove(view);
        let ids: Vec<String> = self.canvases.keys().cloned().collect();
        self.widget.attached(&ids);
        Ok(())
    }

    /// Tells the widget the CSS size of view `view` and the device pixel ratio.
    pub fn resize(&mut self, view: &str, css_w: f64, css_h: f64, dpr: f64) -> Result<(), JsError> {
        let c = self.canvases.get_mut(view).ok_or_else(|| js_err(format!("no canvas attached for “{view}”")))?;
        c.resize(css_w, css_h, dpr).map_err(js_err)
    }

    /// Changes setting `key` to `value` (text). On error nothing changes and the message says why.
    /// An earlier key (see [`crate::lab::legacy_keys`]) is taken as today's.
    pub fn set(&mut self, key: &str, value: &str) -> Result<(), JsError> {
        let key = self.current_key(key).unwrap_or_else(|| key.to_string());
        self.widget.set(&key, value).map_err(js_err)?;
        self.forget_gone_views();
        Ok(())
    }

    /// Runs the action of button `key` (an earlier key is taken as today's).
    pub fn action(&mut self, key: &str) -> Result<(), JsError> {
        let key = self.current_key(key).unwrap_or_else(|| key.to_string());
        self.widget.action(&key).map_err(js_err)?;
        self.forget_gone_views();
        Ok(())
    }

    /// Drops the canvases, plots and rasters of views the widget no longer has (a setting such as
    /// the theory lab's experiment changes its views; the page then attaches the new ones).
    fn forget_gone_views(&mut self) {
        if self.canvases.is_empty() {
            return;
        }
        let views = self.widget.views();
        let has = |id: &String| views.iter().any(|v| v.id == id.as_str());
        if self.canvases.keys().all(has) {
            return;
        }
        self.canvases.retain(|id, _| has(id));
        self.frames.retain(|id, _| has(id));
        self.layers.retain(|id, _| has(id));
        let ids: Vec<String> = self.canvases.keys().cloned().collect();
        self.widget.attached(&ids);
    }

    /// Today's key for an earlier control key of this lab (`r0.lr` → `racers.0.optimizer.lr`),
    /// or `undefined` when `key` is not an earlier key; the page uses it for old `hide=` names.
    #[wasm_bindgen(js_name = currentKey)]
    pub fn current_key(&self, key: &str) -> Option<String> {
        crate::lab::legacy_keys::current(self.widget.legacy_keys(), key)
    }

    /// A pointer event on view `view` at CSS pixel (`x`, `y`); `kind` is down/move/up/leave/wheel/double.
    pub fn pointer(&mut self, view: &str, kind: &str, x: f64, y: f64, delta: f64, shift: bool) -> Result<(), JsError> {
        let kind = PointerKind::parse(kind).ok_or_else(|| js_err(format!("unknown pointer event “{kind}”")))?;
        if !(x.is_finite() && y.is_finite() && delta.is_finite()) {
            return Err(js_err("pointer position must be finite"));
        }
        let frame = self.frames.get(view).copied();
        let dpr = self.canvases.get(view).map_or(1.0, |c| c.dpr);
        self.widget.pointer(view, Pointer { kind, x, y, delta, shift, frame, dpr }).map_err(js_err)
    }

    /// Advances running work for at most `budget_ms` milliseconds. Returns true if a redraw is due.
    pub fn tick(&mut self, budget_ms: f64) -> bool {
        let budget = if budget_ms.is_finite() { budget_ms.clamp(0.0, 50.0) } else { 8.0 };
        let start = now_ms();
        let deadline = start + budget;
        // A raster still filling in (a large network's decision surface) needs another drawing.
        let pending = self.layers.values().any(ViewLayers::pending);
        self.widget.tick(start, &mut || now_ms() >= deadline) || pending
    }

    /// The views the last `tick` changed when it changed only some of them; `undefined`: all.
    #[wasm_bindgen(js_name = tickedViews)]
    pub fn ticked_views(&self) -> Option<Vec<String>> {
        let mut views: Vec<String> = self.widget.ticked_views()?.into_iter().map(String::from).collect();
        for (id, l) in &self.layers {
            if l.pending() && !views.contains(id) {
                views.push(id.clone());
            }
        }
        Some(views)
    }

    /// Whether the widget is playing or computing (the page keeps its animation loop going).
    pub fn busy(&self) -> bool {
        self.widget.busy() || self.layers.values().any(ViewLayers::pending)
    }

    /// Draws every attached view.
    pub fn render(&mut self) -> Result<(), JsError> {
        let ids: Vec<&'static str> = self.widget.views().iter().map(|v| v.id).collect();
        for id in ids {
            if self.canvases.contains_key(id) {
                self.draw_view(id).map_err(|e| js_err(format!("could not draw “{id}”: {e}")))?;
            }
        }
        Ok(())
    }

    /// Draws one view.
    #[wasm_bindgen(js_name = renderView)]
    pub fn render_view(&mut self, view: &str) -> Result<(), JsError> {
        self.draw_view(view).map_err(js_err)
    }

    /// The widget state as a URL query (without `?`).
    pub fn query(&self) -> String {
        self.widget.query()
    }

    /// One-line status text.
    pub fn status(&self) -> String {
        self.widget.status()
    }

    /// Notices since the last call (ignored URL values and the like).
    #[wasm_bindgen(js_name = takeNotices)]
    pub fn take_notices(&mut self) -> Vec<String> {
        self.widget.take_notices()
    }

    /// Starts a CSV export of the numbers view `view` shows: takes them now and returns how many
    /// rows there are; [`Lab::csv_part`] then writes them in slices (the header first).
    #[wasm_bindgen(js_name = csvBegin)]
    pub fn csv_begin(&mut self, view: &str) -> Result<usize, JsError> {
        let t = self.widget.table(view).ok_or_else(|| js_err(format!("the view “{}” has no table to export", crate::lab::input::echo(view))))?;
        let n = t.rows.len();
        self.export = Some(t);
        Ok(n)
    }

    /// Rows `from..to` of the export begun by [`Lab::csv_begin`] as CSV, after the header row when
    /// `from` is 0. The last slice ends the export.
    #[wasm_bindgen(js_name = csvPart)]
    pub fn csv_part(&mut self, from: usize, to: usize) -> Result<String, JsError> {
        let t = self.export.as_ref().ok_or_else(|| js_err("no CSV export was begun"))?;
        let mut out = if from == 0 { t.csv_header() } else { String::new() };
        out.push_str(&t.csv_rows(from, to));
        if to >= t.rows.len() {
            self.export = None;
        }
        Ok(out)
    }

    /// View `view` as an SVG document of `w × h` pixels (each between 16 and 4,096). A raster
    /// layer (heatmap, decision surface) is an `<image>` whose `href` is `@@rasterhrefI@@`: the
    /// page encodes raster I ([`Lab::svg_image`]) as PNG, asynchronously, and puts its data URL
    /// there ([`Lab::svg_images`] rasters in all).
    pub fn svg(&mut self, view: &str, w: u32, h: u32) -> Result<String, JsError> {
        let (w, h) = (w.clamp(16, 4096), h.clamp(16, 4096));
        let cache = &mut self.layers.entry(view.to_string()).or_default().cache;
        let (svg, images) = super::layers::svg_view(self.widget.as_ref(), view, w, h, cache).map_err(js_err)?;
        self.svg_images = images;
        Ok(svg)
    }

    /// How many rasters the last [`Lab::svg`] document has.
    #[wasm_bindgen(js_name = svgImages)]
    pub fn svg_images(&self) -> usize {
        self.svg_images.len()
    }

    /// Raster `i` of the last [`Lab::svg`] document, as image data for a canvas.
    #[wasm_bindgen(js_name = svgImage)]
    pub fn svg_image(&self, i: usize) -> Result<web_sys::ImageData, JsError> {
        let r = self.svg_images.get(i).ok_or_else(|| js_err(format!("the SVG export has no raster {i}")))?;
        web_sys::ImageData::new_with_u8_clamped_array_and_sh(wasm_bindgen::Clamped(&r.rgba), r.cols, r.rows).map_err(|_| js_err("the browser could not make the raster's image data"))
    }

    /// The widget's state as a JSON file (the settings of its link, one entry per key).
    #[wasm_bindgen(js_name = stateJson)]
    pub fn state_json(&self) -> String {
        crate::lab::state_file::to_json(&self.kind, &self.widget.query())
    }

    /// Loads a state file written by [`Lab::state_json`]. A file that is malformed, truncated,
    /// too large, of another lab, or with a value this lab would not accept as it is, is refused
    /// with a message naming what is wrong, and the current state is kept.
    #[wasm_bindgen(js_name = loadState)]
    pub fn load_state(&mut self, text: &str) -> Result<(), JsError> {
        let query = crate::lab::state_file::from_json(text, &self.kind).map_err(js_err)?;
        let mut next = registry::open(&self.kind, &query).map_err(js_err)?;
        let notices = next.take_notices();
        if !notices.is_empty() {
            return Err(js_err(format!("this state file has values the lab does not accept as they are: {}", notices.join(" "))));
        }
        let ids: Vec<String> = self.canvases.keys().cloned().collect();
        next.attached(&ids);
        self.widget = next;
        self.export = None;
        // The rasters belong to the state that was replaced.
        self.layers.clear();
        self.frames.clear();
        self.forget_gone_views();
        Ok(())
    }

    /// A file name for an export of view `view`: lab, view, preset (or "custom") and extension.
    #[wasm_bindgen(js_name = exportName)]
    pub fn export_name(&self, view: &str, ext: &str) -> String {
        let q = self.widget.query();
        let preset = q.split('&').find_map(|kv| kv.strip_prefix("preset=")).unwrap_or("");
        crate::lab::export::file_name(&self.kind, view, preset, ext)
    }
}

impl Lab {
    /// Draws view `view` on its canvas with the one generic renderer; keeps where its plot ended
    /// up for the view's pointer events.
    fn draw_view(&mut self, view: &str) -> Result<(), String> {
        let c = self.canvases.get(view).ok_or_else(|| format!("no canvas attached for “{}”", crate::lab::input::echo(view)))?;
        let layers = self.layers.entry(view.to_string()).or_default();
        let frame = super::layers::draw_view(self.widget.as_ref(), view, c, layers)?;
        match frame {
            Some(f) => self.frames.insert(view.to_string(), f),
            None => self.frames.remove(view),
        };
        Ok(())
    }
}
