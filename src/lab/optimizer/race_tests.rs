//! Tests of the race: trajectories, reproducibility, divergence.
use super::*;
use crate::landscape::LandscapeConfig;
use crate::optim::SgdConfig;

fn quad_state() -> OptimizerLabState {
    let mut s = OptimizerLabState::default();
    s.landscape = LandscapeConfig::Quadratic { kappa: 10.0, angle_deg: 0.0 };
    s.start = [2.0, 1.0];
    s.budget = 200;
    s
}

/// Every recorded sequence of a trajectory, for comparing two runs exactly.
fn same_run(a: &Trajectory, b: &Trajectory, what: &str) {
    assert_eq!(a.points, b.points, "{what}: iterates");
    assert_eq!(a.loss.iter().map(|v| v.to_bits()).collect::<Vec<_>>(), b.loss.iter().map(|v| v.to_bits()).collect::<Vec<_>>(), "{what}: losses");
    assert_eq!(a.grads, b.grads, "{what}: gradients");
    assert_eq!(a.lr, b.lr, "{what}: learning rates");
    assert_eq!(a.momentum, b.momentum, "{what}: momentum");
    assert_eq!((a.diverged_at, a.escaped_downhill, &a.error), (b.diverged_at, b.escaped_downhill, &b.error), "{what}: ending");
}

#[test]
fn a_race_computed_in_slices_is_the_race_computed_at_once() {
    // Noisy gradients (the noise stream must continue across slices), optimizers with
    // buffers, a schedule, a diverging racer, and the logistic landscape with minibatches.
    let mut noisy = OptimizerLabState { landscape: LandscapeConfig::Rosenbrock, start: [-1.5, 1.5], budget: 700, ..OptimizerLabState::default() };
    noisy.noise.sigma = 0.5;
    let mut logistic = OptimizerLabState { landscape: LandscapeConfig::default_for("logistic").unwrap(), budget: 300, ..OptimizerLabState::default() };
    logistic.noise.batch_size = 8;
    let mut diverging = OptimizerLabState { landscape: LandscapeConfig::Rosenbrock, start: [-1.5, 1.5], budget: 400, ..OptimizerLabState::default() };
    let mut big = SgdConfig::default();
    big.lr = 0.05;
    diverging.racers = vec![RacerConfig::new(OptimizerConfig::Sgd(big))];
    for (name, mut s) in [("noisy Rosenbrock", noisy), ("logistic, minibatches", logistic), ("diverging GD", diverging)] {
        if s.racers.len() < 2 {
            for kind in ["adam", "rmsprop", "sgd"] {
                s.racers.push(RacerConfig::new(OptimizerConfig::default_for(kind).unwrap()));
            }
            s.racers[1].schedule = crate::optim::Schedule::Step { step_size: 50, gamma: 0.5 };
        }
        let surface = s.landscape.build().unwrap();
        let view = surface.default_view();
        let l = race_lipschitz(&surface, &s, &view);
        let whole = run_race(&surface, &s, &view);
        for slice in [1, 7, 64, 1000] {
            for (i, w) in whole.iter().enumerate() {
                let (mut t, run) = RacerRun::start(&surface, &s, i, l);
                let mut run = run.expect("every racer here can run");
                let mut slices = 0;
                while !run.advance(&surface, &mut t, slice) {
                    slices += 1;
                    assert!(slices <= 1 + s.budget / slice, "{name}: racer {i} never ends");
                }
                same_run(&t, w, &format!("{name}, racer {i}, slices of {slice}"));
            }
        }
        assert!(whole.iter().any(|t| t.diverged_at.is_some()) == (name == "diverging GD"), "{name}: the case is what it says");
    }
}

#[test]
fn gd_on_a_quadratic_follows_the_closed_form() {
    // f = ½(x²/κ + y²) with θ = 0: GD gives x_k = (1 − α/κ)^k x₀, y_k = (1 − α)^k y₀.
    let mut s = quad_state();
    let mut gd = SgdConfig::default();
    gd.lr = 0.5;
    s.racers = vec![RacerConfig::new(OptimizerConfig::Sgd(gd))];
    let surface = s.landscape.build().unwrap();
    let t = run_race(&surface, &s, &surface.default_view()).remove(0);
    assert_eq!(t.points.len(), 201);
    for (k, p) in t.points.iter().enumerate().take(20) {
        let ex = 2.0 * (1.0 - 0.5 / 10.0f64).powi(k as i32);
        let ey = 1.0 * 0.5f64.powi(k as i32);
        assert!((p[0] - ex).abs() < 1e-12 && (p[1] - ey).abs() < 1e-12, "step {k}: {p:?}");
    }
    assert!(t.diverged_at.is_none());
}

#[test]
fn too_large_a_step_diverges_and_is_marked() {
    // α = 2.5 > 2/λ_max = 2: |1 − α| = 1.5, so y grows by 1.5 per step until |y| > 1e6.
    let mut s = quad_state();
    let mut gd = SgdConfig::default();
    gd.lr = 2.5;
    let mut ok = SgdConfig::default();
    ok.lr = 0.5;
    s.racers = vec![RacerConfig::new(OptimizerConfig::Sgd(gd)), RacerConfig::new(OptimizerConfig::Sgd(ok))];
    let surface = s.landscape.build().unwrap();
    let ts = run_race(&surface, &s, &surface.default_view());
    // 1.5^k > 1e6 first at k = 35 (1.5^34 ≈ 9.6e5, 1.5^35 ≈ 1.44e6).
    assert_eq!(ts[0].diverged_at, Some(35));
    assert!(ts[1].diverged_at.is_none(), "the other racer continues");
    assert_eq!(ts[1].points.len(), 201);
}

#[test]
fn leaving_an_unbounded_landscape_downhill_is_an_escape_not_a_divergence() {
    // The saddle x² − y² is unbounded below: saddle-free Newton runs off along y, downhill.
    // GD with α = 1.5 started on the x axis (y = 0 stays 0) blows up along x, uphill
    // (x ← (1 − 2α)x = −2x): that is a divergence.
    let mut s = OptimizerLabState { landscape: LandscapeConfig::Saddle, start: [1.2, 0.4], budget: 200, ..OptimizerLabState::default() };
    let sfn = OptimizerConfig::Newton(crate::optim::NewtonConfig { lr: 1.0, saddle_free: true, ..Default::default() });
    let mut gd = SgdConfig::default();
    gd.lr = 1.5;
    let mut uphill = RacerConfig::new(OptimizerConfig::Sgd(gd.clone()));
    uphill.offset = [0.0, -0.4];
    s.racers = vec![RacerConfig::new(sfn), uphill];
    let surface = s.landscape.build().unwrap();
    let ts = run_race(&surface, &s, &surface.default_view());
    assert!(ts[0].diverged_at.is_some() && ts[0].escaped_downhill, "{:?}", ts[0].exit_note());
    assert!(ts[0].exit_note().unwrap().starts_with("escaped downhill at step"));
    assert!(ts[1].diverged_at.is_some() && !ts[1].escaped_downhill, "{:?}", ts[1].exit_note());
    gd.lr = 2.5;
    // On a landscape with a minimum, leaving the box is always a divergence.
    let mut q = quad_state();
    q.racers = vec![RacerConfig::new(OptimizerConfig::Sgd(gd))];
    let surface = q.landscape.build().unwrap();
    let t = run_race(&surface, &q, &surface.default_view()).remove(0);
    assert!(t.diverged_at.is_some() && !t.escaped_downhill);
}

#[test]
fn noise_is_seeded_per_racer() {
    let mut s = quad_state();
    s.noise.sigma = 0.5;
    s.racers = vec![RacerConfig::default(), RacerConfig::default()];
    let surface = s.landscape.build().unwrap();
    let a = run_race(&surface, &s, &surface.default_view());
    let b = run_race(&surface, &s, &surface.default_view());
    assert_eq!(a[0].points, b[0].points, "same seed, same path");
    assert_ne!(a[0].points, a[1].points, "racers get different noise");
    s.seed = 2;
    let c = run_race(&surface, &s, &surface.default_view());
    assert_ne!(a[0].points, c[0].points);
}
