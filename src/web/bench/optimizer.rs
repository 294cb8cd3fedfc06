//! The optimizer lab's benchmarks: a race redrawn, a slider dragged, a formula typed.

use wasm_bindgen::prelude::*;
use web_sys::HtmlCanvasElement;

use super::now;
use crate::lab::optimizer::{OptimizerLab, OptimizerLabState, RacerConfig};
use crate::lab::widget::Widget;
use crate::landscape::LandscapeConfig;
use crate::optim::OptimizerConfig;
use crate::render::landscape::RasterCache;
use crate::web::boundary::js_err;
use crate::web::canvas::CanvasView;

/// The optimizer lab's landscape, loss and gradient-norm views on three canvases: the landscape
/// `landscape` CSS pixels, the charts `chart`, at `dpr`.
fn optimizer_views(canvases: [HtmlCanvasElement; 3], landscape: (f64, f64), chart: (f64, f64), dpr: f64) -> Result<Vec<(&'static str, CanvasView)>, JsError> {
    let mut views = Vec::new();
    for (id, c) in ["landscape", "loss", "gradnorm"].into_iter().zip(canvases) {
        let mut v = CanvasView::new(c).map_err(js_err)?;
        let (w, h) = if id == "landscape" { landscape } else { chart };
        v.resize(w, h, dpr).map_err(js_err)?;
        views.push((id, v));
    }
    Ok(views)
}

/// The benchmark race: 8 racers (SGD, momentum, Nesterov, Adagrad, RMSprop, Adam, NAdam, Rprop)
/// × `steps` steps on Rosenbrock.
fn race_state(steps: u64, landscape: LandscapeConfig) -> OptimizerLabState {
    let mut s = OptimizerLabState { landscape, budget: steps, shown: steps, ..OptimizerLabState::default() };
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

/// Optimizer lab, 8 racers × `steps` on Rosenbrock, the landscape view `css_w × css_h` and the
/// two charts `chart_w × chart_h` CSS pixels, at `dpr`.
/// With `rasterise`, every measured span ends when the canvases have rasterised what was drawn
/// (one pixel read back); without, when the drawing commands are issued (browsers defer the
/// rasterisation of canvas commands, to the next read or to the paint).
/// Returns, per repetition, `[full, raster, drag, raster_full_res, trajectories, landscape, loss, gradnorm]`:
/// - full: a full recompute + redraw (trajectories, heatmap with contours recomputed, landscape +
///   loss + gradient-norm views);
/// - raster: the heatmap layer alone — values, colours and contours computed and drawn on the
///   landscape canvas (one sample per CSS pixel; on a page-like canvas in a `.canvas-box` shown on
///   a layer under it and scaled by the compositor, see `raster_layer.rs`, else scaled up by the
///   canvas);
/// - drag: a slider drag (trajectories recomputed, views redrawn, heatmap reused from cache);
/// - raster_full_res: the heatmap layer with a sample at every device pixel, for comparison;
/// - then the parts of `full`: trajectories recomputed, landscape view, loss chart, gradient-norm chart.
///
/// With `formula` (issue 13) the landscape is that formula typed as "your own function", over
/// Rosenbrock's default view, instead of the built-in Rosenbrock.
#[wasm_bindgen(js_name = benchOptimizer)]
#[allow(clippy::too_many_arguments)]
pub fn bench_optimizer(
    landscape: HtmlCanvasElement,
    loss: HtmlCanvasElement,
    grad: HtmlCanvasElement,
    css_w: f64,
    css_h: f64,
    chart_w: f64,
    chart_h: f64,
    dpr: f64,
    steps: u32,
    reps: u32,
    rasterise: bool,
    formula: Option<String>,
) -> Result<Vec<f64>, JsError> {
    let built_in = LandscapeConfig::Rosenbrock;
    let config = match formula {
        Some(formula) => {
            let view = built_in.build().map_err(js_err)?.default_view();
            LandscapeConfig::Typed(crate::landscape::TypedConfig { formula, params: Default::default(), view })
        }
        None => built_in,
    };
    let views = optimizer_views([landscape, loss, grad], (css_w, css_h), (chart_w, chart_h), dpr)?;
    let state = race_state(steps as u64, config.clone());
    let mut widget = OptimizerLab::with_state(state);
    let mut layers: Vec<crate::web::layers::ViewLayers> = views.iter().map(|_| Default::default()).collect();
    let (w, h) = views[0].1.device_size();
    let surface = config.build().map_err(js_err)?;
    let view = surface.default_view();
    let mut raster = RasterCache::default();
    let flush = |v: &CanvasView| {
        if rasterise {
            v.flush()
        }
    };
    let flush_all = |views: &[(&str, CanvasView)]| views.iter().for_each(|(_, v)| flush(v));
    let mut out = Vec::new();
    for r in 0..reps {
        flush_all(&views);
        // Full: new trajectories and a new heatmap (the cache is invalidated).
        let t0 = now();
        widget.set("racers.5.optimizer.lr", if r % 2 == 0 { "0.021" } else { "0.02" }).map_err(js_err)?;
        layers[0].cache.heat.invalidate();
        let mut parts = vec![now() - t0];
        for ((id, v), l) in views.iter().zip(&mut layers) {
            let s = now();
            crate::web::layers::draw_view(&widget, id, v, l).map_err(js_err)?;
            flush(v);
            parts.push(now() - s);
        }
        let t1 = now();
        // The heatmap layer alone at the landscape canvas' device size, one sample per CSS pixel (as drawn).
        let block = dpr.round().clamp(1.0, 3.0) as usize;
        raster.invalidate();
        views[0].1.begin_drawing();
        views[0].1.blit_raster(&raster.raster(&surface, &view, w as usize, h as usize, block), 0, 0, w, h).map_err(js_err)?;
        views[0].1.end_drawing();
        flush(&views[0].1);
        let t2 = now();
        // Slider drag: trajectories recomputed, heatmap cached.
        widget.set("racers.5.optimizer.lr", if r % 2 == 0 { "0.02" } else { "0.021" }).map_err(js_err)?;
        for ((id, v), l) in views.iter().zip(&mut layers) {
            crate::web::layers::draw_view(&widget, id, v, l).map_err(js_err)?;
        }
        flush_all(&views);
        let t3 = now();
        // The heatmap layer sampled at every device pixel (for comparison).
        raster.invalidate();
        views[0].1.begin_drawing();
        views[0].1.blit_raster(&raster.raster(&surface, &view, w as usize, h as usize, 1), 0, 0, w, h).map_err(js_err)?;
        views[0].1.end_drawing();
        flush(&views[0].1);
        let t4 = now();
        out.extend([t1 - t0, t2 - t1, t3 - t2, t4 - t3]);
        out.extend(parts);
    }
    Ok(out)
}

/// Typing into the "your own function" field (issue 13): the time from one keystroke's formula to
/// every view of the default optimizer lab redrawn and rasterised (the formula parsed, minima
/// searched, racers rerun, heatmap recomputed), alternating `a` and `b` (one character apart), at
/// `css_w × css_h` for the landscape and `chart_w × chart_h` for the charts, at `dpr`. Returns one
/// time per keystroke.
#[wasm_bindgen(js_name = benchTyping)]
#[allow(clippy::too_many_arguments)]
pub fn bench_typing(landscape: HtmlCanvasElement, loss: HtmlCanvasElement, grad: HtmlCanvasElement, css_w: f64, css_h: f64, chart_w: f64, chart_h: f64, dpr: f64, a: &str, b: &str, reps: u32) -> Result<Vec<f64>, JsError> {
    let views = optimizer_views([landscape, loss, grad], (css_w, css_h), (chart_w, chart_h), dpr)?;
    let mut lab = OptimizerLab::open("landscape.kind=typed");
    let mut layers: Vec<crate::web::layers::ViewLayers> = views.iter().map(|_| Default::default()).collect();
    let mut out = Vec::new();
    for r in 0..reps {
        let t0 = now();
        lab.set("landscape.formula", if r % 2 == 0 { a } else { b }).map_err(js_err)?;
        for ((id, v), l) in views.iter().zip(&mut layers) {
            crate::web::layers::draw_view(&lab, id, v, l).map_err(js_err)?;
            v.flush();
        }
        out.push(now() - t0);
    }
    Ok(out)
}

