//! Benchmarks run in the browser by `make bench` (tests/bench/run.mjs). Each returns the
//! per-repetition times in milliseconds, measured with `performance.now()`; the runner prints
//! medians. Nothing here is used by the page itself.

use wasm_bindgen::prelude::*;
use web_sys::HtmlCanvasElement;

use super::boundary::js_err;
use super::canvas::CanvasView;
use crate::landscape::LandscapeConfig;
use crate::lab::optimizer::{OptimizerLab, OptimizerLabState, RacerConfig};
use crate::lab::widget::Widget;
use crate::optim::OptimizerConfig;
use crate::render::landscape::RasterCache;

fn now() -> f64 {
    super::handle::now_ms()
}

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
    let mut layers: Vec<super::layers::ViewLayers> = views.iter().map(|_| Default::default()).collect();
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
            super::layers::draw_view(&widget, id, v, l).map_err(js_err)?;
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
            super::layers::draw_view(&widget, id, v, l).map_err(js_err)?;
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
    let mut layers: Vec<super::layers::ViewLayers> = views.iter().map(|_| Default::default()).collect();
    let mut out = Vec::new();
    for r in 0..reps {
        let t0 = now();
        lab.set("landscape.formula", if r % 2 == 0 { a } else { b }).map_err(js_err)?;
        for ((id, v), l) in views.iter().zip(&mut layers) {
            super::layers::draw_view(&lab, id, v, l).map_err(js_err)?;
            v.flush();
        }
        out.push(now() - t0);
    }
    Ok(out)
}

/// One row of a benchmark table, for the runner.
#[derive(serde::Serialize)]
struct Row {
    what: String,
    value: f64,
    unit: &'static str,
    target: &'static str,
    digits: u32,
}

fn rows_to_js(rows: &[Row]) -> Result<JsValue, JsError> {
    serde_wasm_bindgen::to_value(rows).map_err(|e| js_err(e.to_string()))
}

fn median(mut v: Vec<f64>) -> f64 {
    crate::order::sort_f64(&mut v);
    let n = v.len();
    if n == 0 {
        f64::NAN
    } else if n % 2 == 1 {
        v[n / 2]
    } else {
        0.5 * (v[n / 2 - 1] + v[n / 2])
    }
}

/// MLP lab: the PEERS.md task — a 2-16-16-1 tanh network, 500 points of the circle data set
/// (label as the regression target, MSE), one step = forward + backward over all 500 points +
/// one Adam update — in steps per second and GFLOP/s (6 · 304 weights · 500 points = 912,000
/// FLOPs per step); and the 200×200 decision-surface evaluation.
#[wasm_bindgen(js_name = benchMlp)]
pub fn bench_mlp() -> Result<JsValue, JsError> {
    use crate::mlp::{Activation, DataConfig, DataKind, Dataset, Grid, MlpConfig, SurfaceEvaluator, SurfaceMode, Task, Trainer};
    let data = DataConfig { kind: DataKind::Circles, n: 500, val_fraction: 0.0, ..DataConfig::default() };
    let classes = data.generate().map_err(js_err)?;
    let y: Vec<f64> = classes.y().to_vec();
    let train = Dataset::new(classes.x().to_vec(), 2, y, Task::Regression).map_err(js_err)?;
    let empty = Dataset::new(Vec::new(), 2, Vec::new(), Task::Regression).map_err(js_err)?;
    let cfg = MlpConfig { hidden: vec![16, 16], activation: Activation::Tanh, batch_size: 0, ..MlpConfig::default() };
    let mut t = Trainer::with_data(cfg, train, empty).map_err(js_err)?;
    t.set_recording(1_000_000, 16);
    t.run_steps(200);
    let mut rates = Vec::new();
    for _ in 0..7 {
        let t0 = now();
        t.run_steps(500);
        rates.push(500.0 / ((now() - t0) / 1000.0));
    }
    let steps = median(rates);
    let mut ev = SurfaceEvaluator::new();
    let grid = Grid { x_min: -1.5, x_max: 1.5, y_min: -1.5, y_max: 1.5, nx: 200, ny: 200 };
    let mut out = vec![0f32; 200 * 200];
    let mut surf = Vec::new();
    for _ in 0..15 {
        let t0 = now();
        ev.grid(t.network(), &grid, SurfaceMode::Value, &mut out).map_err(js_err)?;
        surf.push(now() - t0);
    }
    rows_to_js(&[
        Row { what: "MLP: training steps/s (2-16-16-1 tanh, 500 pts, full-batch Adam)".into(), value: steps, unit: "steps/s", target: "≥ 1,000 (PEERS best 1,565)", digits: 0 },
        Row { what: "MLP: achieved GFLOP/s of the training step (912 kFLOP/step)".into(), value: steps * 912_000.0 / 1e9, unit: "GFLOP/s", target: "", digits: 2 },
        Row { what: "MLP: 200×200 decision-surface evaluation (forward pass only)".into(), value: median(surf), unit: "ms", target: "", digits: 2 },
    ])
}

/// Shrinkage lab: the SVD of a new N = 2,000, p = 200 data set (design matrix built first).
#[wasm_bindgen(js_name = benchShrinkage)]
pub fn bench_shrinkage() -> Result<JsValue, JsError> {
    use crate::shrinkage::{design_matrix, generate, svd, DataConfig};
    let cfg = DataConfig { n: 2000, p: 200, ..DataConfig::default() };
    let data = generate(&cfg).map_err(js_err)?;
    let x = design_matrix(&cfg.features(), &data.x);
    let mut times = Vec::new();
    for _ in 0..5 {
        let t0 = now();
        let s = svd(&x, &data.y).map_err(js_err)?;
        times.push(now() - t0);
        std::hint::black_box(s.s.len());
    }
    rows_to_js(&[Row { what: "Shrinkage: SVD of a new data set (N = 2,000, p = 200; QR then SVD of R)".into(), value: median(times), unit: "ms", target: "≤ 200", digits: 1 }])
}

/// Bytes of linear memory the wasm module holds now (for the memory soak of `make bench`).
#[wasm_bindgen(js_name = wasmMemoryBytes)]
pub fn wasm_memory_bytes() -> f64 {
    (core::arch::wasm32::memory_size(0) as f64) * 65536.0
}

/// One training run of the MLP comparison of `make bench` (issue 12), stepped from the page so
/// that the lab and the peers (TensorFlow.js, plain JS) get rotated time blocks in one run.
/// The task of shared/PEERS.md: circles data (seed 1), full batch, Adam (α = 0.01), hidden tanh
/// layers; `classes` = 0 is regression on the 0/1 label with MSE (2-16-16-1), otherwise
/// `classes` softmax outputs with cross-entropy (2-64-64-2 …).
#[wasm_bindgen(js_name = MlpBench)]
pub struct MlpBench {
    trainer: crate::mlp::Trainer,
    flops: f64,
}

#[wasm_bindgen(js_class = MlpBench)]
impl MlpBench {
    /// `precision`: "f64" (the lab's exact path) or "f32".
    #[wasm_bindgen(constructor)]
    pub fn new(hidden: Vec<u32>, n: u32, classes: u32, precision: &str) -> Result<MlpBench, JsError> {
        use crate::mlp::{Activation, DataConfig, DataKind, Dataset, MlpConfig, Task, TrainerBuild};
        let data = DataConfig { kind: DataKind::Circles, n: n as usize, val_fraction: 0.0, ..DataConfig::default() };
        let d = data.generate().map_err(js_err)?;
        let task = if classes == 0 { Task::Regression } else { Task::Classification { classes: classes as usize } };
        let train = Dataset::new(d.x().to_vec(), 2, d.y().to_vec(), task).map_err(js_err)?;
        let empty = train.subset(&[]);
        let hidden: Vec<usize> = hidden.iter().map(|&h| h as usize).collect();
        let cfg = MlpConfig { hidden, activation: Activation::Tanh, batch_size: 0, ..MlpConfig::default() };
        // Uncapped: 2-512×4-2 has more hidden weights than the lab trains interactively.
        let mut trainer = TrainerBuild::new_uncapped(cfg, train, empty).map_err(js_err)?.finish();
        set_precision(&mut trainer, precision)?;
        trainer.set_recording(u64::MAX, 2);
        let weights: usize = trainer.network().layers().iter().map(|s| s.fan_in * s.fan_out).sum();
        let flops = 6.0 * weights as f64 * n as f64;
        Ok(MlpBench { trainer, flops })
    }

    /// Runs `steps` training steps; returns the last minibatch loss (NaN if training halted).
    pub fn run(&mut self, steps: u32) -> f64 {
        let mut last = f64::NAN;
        for _ in 0..steps {
            match self.trainer.step() {
                Some(v) => last = v,
                None => return f64::NAN,
            }
        }
        last
    }

    /// Where a step's time goes, in µs per call (median of `reps`), on a copy of the network:
    /// `[forward, forward + loss + backward, whole step]` in the trainer's precision (the steps train on).
    #[wasm_bindgen(js_name = timeParts)]
    pub fn time_parts(&mut self, reps: u32) -> Vec<f64> {
        use crate::mlp::{fast32, Precision, Workspace};
        let t = &mut self.trainer;
        let mut net = t.network().clone();
        let (task, loss) = (t.task(), t.config().resolve_loss(t.task()).unwrap_or(crate::mlp::Loss::Mse));
        let (x, y, n) = (t.train_set().x().to_vec(), t.train_set().y().to_vec(), t.train_set().len());
        let (mut ws, mut ws32) = (Workspace::new(), fast32::Workspace32::new());
        let f32p = t.precision() == Precision::F32;
        // performance.now() is coarse (0.1 ms) on a page that is not cross-origin isolated: time
        // 5 runs of `reps` calls each, and take the median of the means.
        let time = |f: &mut dyn FnMut()| {
            f();
            let mut v = Vec::new();
            for _ in 0..5 {
                let t0 = now();
                for _ in 0..reps {
                    f();
                }
                v.push((now() - t0) * 1000.0 / reps.max(1) as f64);
            }
            median(v)
        };
        let fwd = time(&mut || {
            if f32p {
                let _ = fast32::forward(&net, &mut ws32, &x, n);
            } else {
                let _ = net.forward(&mut ws, &x, n);
            }
        });
        let lg = time(&mut || {
            if f32p {
                let _ = fast32::loss_and_grad(&mut net, &mut ws32, &x, &y, n, task, loss);
            } else {
                let _ = net.loss_and_grad(&mut ws, &x, &y, n, task, loss);
            }
        });
        let step = time(&mut || {
            t.step();
        });
        vec![fwd, lg, step]
    }

    /// FLOPs of one step by the convention of PEERS.md: 6 per weight and example (biases not counted).
    #[wasm_bindgen(js_name = flopsPerStep)]
    pub fn flops_per_step(&self) -> f64 {
        self.flops
    }
}

/// The f32 training path's 4-lane tanh against the scalar one, over 400,000 numbers in [−25, 25]
/// and the special values: how many differ in any bit (expected 0).
#[wasm_bindgen(js_name = checkTanhLanes)]
pub fn check_tanh_lanes() -> u32 {
    let mut x: Vec<f32> = (0..400_000).map(|i| -25.0 + 50.0 * i as f32 / 400_000.0).collect();
    x.extend([0.0, -0.0, f32::INFINITY, f32::NEG_INFINITY, f32::NAN, 1e-30, -1e-30, 20.0, 9.99, f32::MAX, f32::MIN_POSITIVE, 1e-45]);
    while x.len() % 4 != 0 {
        x.push(0.5);
    }
    crate::mlp::fast32::tanh_lanes_mismatches(&x) as u32
}

fn set_precision(t: &mut crate::mlp::Trainer, precision: &str) -> Result<(), JsError> {
    use crate::mlp::Precision;
    t.set_precision(match precision {
        "f64" => Precision::F64,
        "f32" => Precision::F32,
        other => return Err(js_err(format!("unknown precision {other:?} (f64 or f32)"))),
    });
    Ok(())
}
