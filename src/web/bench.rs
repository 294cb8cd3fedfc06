//! Benchmarks run in the browser by `make bench` (tests/bench/run.mjs). Each returns the
//! per-repetition times in milliseconds, measured with `performance.now()`; the runner prints
//! medians. Nothing here is used by the page itself.

use wasm_bindgen::prelude::*;
use web_sys::HtmlCanvasElement;

use super::boundary::js_err;
use super::canvas::CanvasView;
use super::registry::WebWidget;
use crate::landscape::LandscapeConfig;
use crate::lab::optimizer::{OptimizerLab, OptimizerLabState, RacerConfig};
use crate::lab::widget::Widget;
use crate::optim::OptimizerConfig;
use crate::render::landscape::RasterCache;

fn now() -> f64 {
    web_sys::window().and_then(|w| w.performance()).map(|p| p.now()).unwrap_or(0.0)
}

/// The benchmark race: 8 racers (SGD, momentum, Nesterov, Adagrad, RMSprop, Adam, NAdam, Rprop)
/// × `steps` steps on Rosenbrock.
fn race_state(steps: u64) -> OptimizerLabState {
    let mut s = OptimizerLabState { landscape: LandscapeConfig::Rosenbrock, budget: steps, shown: steps, ..OptimizerLabState::default() };
    let kinds = ["sgd", "sgd", "sgd", "adagrad", "rmsprop", "adam", "nadam", "rprop"];
    s.racers = kinds
        .iter()
        .enumerate()
        .map(|(i, k)| {
            let mut c = OptimizerConfig::default_for(k).unwrap_or_default();
            let _ = c.set("lr", if *k == "sgd" { 1e-3 } else { 0.02 });
            if i == 1 || i == 2 {
                let _ = c.set("momentum", 0.9);
            }
            if i == 2 {
                let _ = c.set("nesterov", 1.0);
            }
            RacerConfig::new(c)
        })
        .collect();
    s
}

/// Optimizer lab, 8 racers × `steps` on Rosenbrock, views of `css_w × css_h` at `dpr`.
/// Returns `[full₁, raster₁, drag₁, raster_full_res₁, full₂, …]`: a full recompute + redraw (trajectories,
/// heatmap with contours recomputed, landscape + loss + gradient-norm views); the heatmap raster
/// alone (values + colours + contours); and a slider drag (trajectories recomputed, views
/// redrawn, heatmap reused from cache).
#[wasm_bindgen(js_name = benchOptimizer)]
pub fn bench_optimizer(
    landscape: HtmlCanvasElement,
    loss: HtmlCanvasElement,
    grad: HtmlCanvasElement,
    css_w: f64,
    css_h: f64,
    dpr: f64,
    steps: u32,
    reps: u32,
) -> Result<Vec<f64>, JsError> {
    let mut views = Vec::new();
    for (id, c) in [("landscape", landscape), ("loss", loss), ("gradnorm", grad)] {
        let mut v = CanvasView::new(c).map_err(js_err)?;
        v.resize(css_w, css_h, dpr).map_err(js_err)?;
        views.push((id, v));
    }
    let state = race_state(steps as u64);
    let mut widget = super::optimizer::OptimizerWidget::from_lab(OptimizerLab::with_state(state));
    let (w, h) = views[0].1.device_size();
    let surface = LandscapeConfig::Rosenbrock.build().map_err(js_err)?;
    let view = surface.default_view();
    let mut raster = RasterCache::default();
    let mut out = Vec::new();
    for r in 0..reps {
        // Full: new trajectories and a new heatmap (the cache is invalidated).
        let t0 = now();
        widget.lab_mut().set("r5.lr", if r % 2 == 0 { "0.021" } else { "0.02" }).map_err(js_err)?;
        widget.invalidate_raster();
        for (id, v) in &views {
            widget.draw(id, v).map_err(js_err)?;
        }
        let t1 = now();
        // Raster alone at the landscape canvas' device size, sampled once per CSS pixel (as drawn).
        raster.invalidate();
        raster.raster(&surface, &view, w as usize, h as usize, 2);
        let t2 = now();
        // Slider drag: trajectories recomputed, heatmap cached.
        widget.lab_mut().set("r5.lr", if r % 2 == 0 { "0.02" } else { "0.021" }).map_err(js_err)?;
        for (id, v) in &views {
            widget.draw(id, v).map_err(js_err)?;
        }
        let t3 = now();
        // Raster sampled at every device pixel (for comparison).
        raster.invalidate();
        raster.raster(&surface, &view, w as usize, h as usize, 1);
        let t4 = now();
        out.extend([t1 - t0, t2 - t1, t3 - t2, t4 - t3]);
    }
    Ok(out)
}
