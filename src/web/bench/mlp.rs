//! The MLP lab's benchmarks: the PEERS.md training task, the comparison runs beside TensorFlow.js,
//! and the check of the f32 path's 4-lane tanh.

use wasm_bindgen::prelude::*;

use super::now;
use super::rows::{median, rows_to_js, Row};
use crate::web::boundary::js_err;

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
