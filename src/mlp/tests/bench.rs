//! Throughput figures (printed, never asserted). Run natively with
//! `cargo test --release --lib mlp::tests::bench -- --ignored --nocapture`.

use std::time::Instant;

use crate::mlp::data::DataConfig;
use crate::mlp::{Dataset, Grid, MlpConfig, SurfaceEvaluator, SurfaceMode, Task, Trainer};
use crate::optim::{AdamConfig, OptimizerConfig};

fn steps_per_second(t: &mut Trainer, n: u64) -> f64 {
    t.run_steps(10);
    let start = Instant::now();
    let done = t.run_steps(n);
    done as f64 / start.elapsed().as_secs_f64()
}

#[test]
#[ignore]
fn bench_training_and_surface() {
    let data = DataConfig { n: 500, val_fraction: 0.0, ..DataConfig::default() }.generate().expect("ok");
    let cfg = MlpConfig {
        hidden: vec![16, 16],
        optimizer: OptimizerConfig::Adam(AdamConfig { lr: 0.01, ..AdamConfig::default() }),
        ..MlpConfig::default()
    };
    // Exactly 2-16-16-1 tanh: the circle labels used as regression targets (MSE), 500 points.
    let reg = Dataset::new(data.x().to_vec(), 2, data.y().to_vec(), Task::Regression).expect("ok");
    let empty = reg.subset(&[]);
    let mut t = Trainer::with_data(cfg.clone(), reg.clone(), empty.clone()).expect("ok");
    t.set_recording(u64::MAX, 2);
    println!("2-16-16-1 tanh, 500 pts, full-batch Adam, no recording: {:.0} steps/s", steps_per_second(&mut t, 5000));
    let mut t = Trainer::with_data(cfg.clone(), reg, empty.clone()).expect("ok");
    println!("  same, recording every step:                            {:.0} steps/s", steps_per_second(&mut t, 2000));
    let mut t = Trainer::with_data(cfg.clone(), data.clone(), empty).expect("ok");
    t.set_recording(u64::MAX, 2);
    println!("2-16-16-2 tanh, 500 pts, cross-entropy, no recording:   {:.0} steps/s", steps_per_second(&mut t, 5000));
    let mut ev = SurfaceEvaluator::new();
    let grid = Grid::default();
    let mut out = vec![0f32; 200 * 200 * 2];
    ev.grid(t.network(), &grid, SurfaceMode::ArgmaxConfidence, &mut out).expect("ok");
    let start = Instant::now();
    for _ in 0..20 {
        ev.grid(t.network(), &grid, SurfaceMode::ArgmaxConfidence, &mut out).expect("ok");
    }
    println!("200×200 decision surface (2-16-16-2): {:.2} ms", start.elapsed().as_secs_f64() * 1e3 / 20.0);
}

#[test]
#[ignore]
fn bench_breakdown() {
    use crate::mlp::{Activation, InitConfig, Loss, Network, Workspace};
    let data = DataConfig { n: 500, val_fraction: 0.0, ..DataConfig::default() }.generate().expect("ok");
    let mut net = Network::new(&[2, 16, 16, 1], Activation::Tanh).expect("ok");
    net.initialize(&InitConfig::default(), &mut crate::rng::seeded(1));
    let mut ws = Workspace::new();
    let reps = 3000;
    let start = Instant::now();
    for _ in 0..reps {
        net.forward(&mut ws, data.x(), 500).expect("ok");
    }
    println!("forward: {:.1} µs", start.elapsed().as_secs_f64() * 1e6 / reps as f64);
    let start = Instant::now();
    for _ in 0..reps {
        net.loss_and_grad(&mut ws, data.x(), data.y(), 500, Task::Regression, Loss::Mse).expect("ok");
    }
    println!("forward+backward: {:.1} µs", start.elapsed().as_secs_f64() * 1e6 / reps as f64);
    let mut net = Network::new(&[2, 16, 16, 1], Activation::Linear).expect("ok");
    net.initialize(&InitConfig::default(), &mut crate::rng::seeded(1));
    let start = Instant::now();
    for _ in 0..reps {
        net.loss_and_grad(&mut ws, data.x(), data.y(), 500, Task::Regression, Loss::Mse).expect("ok");
    }
    println!("forward+backward, linear activation: {:.1} µs", start.elapsed().as_secs_f64() * 1e6 / reps as f64);
}

#[test]
#[ignore]
fn bench_f32_parts() {
    use crate::mlp::{fast32, Precision};
    let data = DataConfig { n: 500, val_fraction: 0.0, ..DataConfig::default() }.generate().expect("ok");
    let reg = Dataset::new(data.x().to_vec(), 2, data.y().to_vec(), Task::Regression).expect("ok");
    let cfg = MlpConfig { hidden: vec![16, 16], ..MlpConfig::default() };
    let mut t = Trainer::with_data(cfg, reg.clone(), reg.subset(&[])).expect("ok");
    t.set_recording(u64::MAX, 2);
    t.set_precision(Precision::F32);
    let mut net = t.network().clone();
    let mut ws = fast32::Workspace32::new();
    let reps = 20000;
    let s = Instant::now();
    for _ in 0..reps {
        fast32::forward(&net, &mut ws, reg.x(), 500).expect("ok");
    }
    let fwd = s.elapsed().as_secs_f64() * 1e6 / reps as f64;
    let s = Instant::now();
    for _ in 0..reps {
        fast32::loss_and_grad(&mut net, &mut ws, reg.x(), reg.y(), 500, Task::Regression, crate::mlp::Loss::Mse).expect("ok");
    }
    let lg = s.elapsed().as_secs_f64() * 1e6 / reps as f64;
    let s = Instant::now();
    t.run_steps(reps);
    let st = s.elapsed().as_secs_f64() * 1e6 / reps as f64;
    println!("f32 2-16-16-1, 500 pts: forward {fwd:.1} µs, forward+backward {lg:.1} µs, step {st:.1} µs");
}
