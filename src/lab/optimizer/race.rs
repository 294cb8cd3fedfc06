//! Running a race: every racer takes `budget` steps on the landscape from the start point.
//!
//! Trajectories are recomputed whenever a setting changes (8 racers × 1,000 steps of a 2-D
//! problem take well under a millisecond), and the animation only reveals them step by step, so
//! dragging a hyperparameter slider updates the whole picture live. A long race is computed in
//! slices ([`RacerRun`]), a slice per animation frame, so no setting freezes the page.

use crate::landscape::{Surface, ViewBox};
use crate::optim::{BlockRole, Objective, OptimizerConfig, ParamBlock, StepContext};
use crate::rng;

use super::state::{OptimizerLabState, RacerConfig};

/// Operations counted per step and per unit of [`Surface::eval_cost`] (see [`RacerRun::advance`]).
pub const STEP_OPS: usize = 16;

/// An iterate this far from the origin counts as diverged.
pub const DIVERGENCE_RADIUS: f64 = 1e6;

/// A landscape seen as an [`Objective`] of two variables (for Newton, cubic regularisation,
/// line searches and the lecture's Nesterov look-ahead).
pub struct SurfaceObjective<'a>(pub &'a Surface);

impl Objective for SurfaceObjective<'_> {
    fn dim(&self) -> usize {
        2
    }
    fn value(&self, x: &[f64]) -> f64 {
        match x {
            [a, b] => self.0.value(*a, *b),
            _ => f64::NAN,
        }
    }
    fn gradient(&self, x: &[f64], g: &mut [f64]) {
        if let ([a, b], [g0, g1]) = (x, g) {
            let d = self.0.gradient(*a, *b);
            *g0 = d[0];
            *g1 = d[1];
        }
    }
    fn hessian(&self, x: &[f64], h: &mut [f64]) -> bool {
        if let ([a, b], [h00, h01, h10, h11]) = (x, h) {
            let m = self.0.hessian(*a, *b);
            (*h00, *h01, *h10, *h11) = (m[0][0], m[0][1], m[1][0], m[1][1]);
            true
        } else {
            false
        }
    }
}

/// One racer's run.
#[derive(Clone, Debug, Default)]
pub struct Trajectory {
    /// Iterates x₀ … x_k (one more than the steps taken).
    pub points: Vec<[f64; 2]>,
    /// f(x_k) for every iterate.
    pub loss: Vec<f64>,
    /// ‖∇f(x_k)‖ (exact gradient) for every iterate.
    pub grad_norm: Vec<f64>,
    /// The learning rate used by step k.
    pub lr: Vec<f64>,
    /// The gradient fed to step k (noisy in stochastic mode).
    pub grads: Vec<[f64; 2]>,
    /// The momentum / first-moment buffer after step k, for methods that have one.
    pub momentum: Vec<Option<[f64; 2]>>,
    /// The step at which the iterate became non-finite or left the huge box.
    pub diverged_at: Option<u64>,
    /// On a landscape that is unbounded below (no minimum), the racer left the box *downhill*:
    /// its last finite loss is below the start's. That is the right behaviour there, so it is
    /// reported as "escaped downhill at step k", not as a divergence.
    pub escaped_downhill: bool,
    /// Why the racer could not run at all (e.g. an invalid configuration).
    pub error: Option<String>,
}

/// The optimizer a racer actually runs: "GD with step 1/L" gets L from the landscape over the view.
pub fn effective_optimizer(r: &RacerConfig, lipschitz: f64) -> OptimizerConfig {
    let mut c = r.optimizer.clone();
    if let OptimizerConfig::GdInvL(g) = &mut c {
        if g.l == 0.0 {
            g.l = if lipschitz.is_finite() && lipschitz > 0.0 { lipschitz } else { 1.0 };
        }
    }
    c
}

/// Seed of racer `i`'s noise stream: distinct per racer, fixed by the state's seed.
fn racer_seed(seed: u64, i: usize) -> u64 {
    seed.wrapping_mul(0x9E37_79B9_7F4A_7C15).wrapping_add(i as u64 + 1)
}

/// Runs one racer for `budget` steps from `start`.
pub fn run_racer(surface: &Surface, state: &OptimizerLabState, i: usize, lipschitz: f64) -> Trajectory {
    let (mut t, run) = RacerRun::start(surface, state, i, lipschitz);
    if let Some(mut run) = run {
        run.advance(surface, &mut t, u64::MAX);
    }
    t
}

/// A racer part-way through its run: the optimizer's buffers, the noise stream and the iterate
/// between two slices of steps. A long race (8 racers × 20,000 steps took about 40 ms in the
/// browser) is computed a slice per animation frame; the slices give exactly the trajectory one
/// go would ([`run_racer`] is one slice of every step).
pub struct RacerRun {
    opt: crate::optim::Optimizer,
    rng: rng::LabRng,
    x: [f64; 2],
    g_exact: [f64; 2],
    /// Steps taken so far.
    k: u64,
    budget: u64,
    exact: bool,
    base_lr: f64,
    schedule: crate::optim::Schedule,
    noise: crate::landscape::NoiseConfig,
}

impl RacerRun {
    /// Records the start of racer `i` in a new trajectory and returns the run that takes its
    /// steps (none when the racer cannot run: the trajectory then says why).
    pub fn start(surface: &Surface, state: &OptimizerLabState, i: usize, lipschitz: f64) -> (Trajectory, Option<RacerRun>) {
        let mut t = Trajectory::default();
        let Some(r) = state.racers.get(i) else {
            t.error = Some("no such racer".into());
            return (t, None);
        };
        let config = effective_optimizer(r, lipschitz);
        if let Err(e) = config.validate() {
            t.error = Some(e.to_string());
            return (t, None);
        }
        let n = state.budget as usize;
        t.points.reserve(n + 1);
        t.loss.reserve(n + 1);
        t.grad_norm.reserve(n + 1);
        t.lr.reserve(n);
        t.grads.reserve(n);
        t.momentum.reserve(n);
        let x = [state.start[0] + r.offset[0], state.start[1] + r.offset[1]];
        // The exact gradient at each iterate is recorded anyway (for ‖∇f‖); without noise or
        // minibatches it is also the gradient the step uses, so it is computed once.
        let exact = state.noise.sigma == 0.0 && !(state.noise.batch_size > 0 && matches!(state.landscape, crate::landscape::LandscapeConfig::Logistic { .. }));
        let g_exact = record(surface, &mut t, x);
        let run = RacerRun {
            opt: config.build(),
            rng: rng::seeded(racer_seed(state.seed, i)),
            x,
            g_exact,
            k: 0,
            budget: state.budget,
            exact,
            base_lr: config.lr(),
            schedule: r.schedule.clone(),
            noise: state.noise.clone(),
        };
        (t, Some(run))
    }

    /// Takes up to `steps` more steps, appending them to `t`; returns true when the run has
    /// ended (budget reached, diverged or failed).
    pub fn advance(&mut self, surface: &Surface, t: &mut Trajectory, steps: u64) -> bool {
        let objective = SurfaceObjective(surface);
        let end = self.k.saturating_add(steps).min(self.budget);
        // Counted as STEP_OPS operations per evaluation of the landscape (its value, its gradient
        // and the optimizer's update), for the bound on a tick's work.
        crate::work::add((end - self.k) as usize * STEP_OPS * surface.eval_cost());
        while self.k < end {
            let k = self.k;
            let x = &mut self.x;
            let g = if self.exact { self.g_exact } else { surface.stochastic_gradient(x[0], x[1], &self.noise, &mut self.rng) };
            let lr = self.schedule.lr_at(self.base_lr, k);
            {
                let mut blocks = [ParamBlock { params: x, grad: &g, rows: 1, cols: 2, role: BlockRole::Point }];
                if let Err(e) = self.opt.step(&mut blocks, &StepContext { lr, objective: Some(&objective) }) {
                    t.error = Some(e.to_string());
                    self.budget = k;
                    return true;
                }
            }
            self.k += 1;
            t.lr.push(lr);
            t.grads.push(g);
            t.momentum.push(self.opt.momentum(0).and_then(|m| match m {
                [a, b] => Some([*a, *b]),
                _ => None,
            }));
            let x = self.x;
            if !(x[0].is_finite() && x[1].is_finite()) || x[0].abs() > DIVERGENCE_RADIUS || x[1].abs() > DIVERGENCE_RADIUS {
                t.diverged_at = Some(k + 1);
                t.escaped_downhill = surface.minima().is_empty() && escaped_downhill(surface, t, x);
                self.budget = self.k;
                return true;
            }
            self.g_exact = record(surface, t, x);
        }
        self.k >= self.budget
    }

    /// Steps taken so far.
    pub fn steps(&self) -> u64 {
        self.k
    }
}

/// Appends iterate `x` (its loss and exact gradient norm) to `t`; returns the exact gradient.
fn record(surface: &Surface, t: &mut Trajectory, x: [f64; 2]) -> [f64; 2] {
    t.points.push(x);
    t.loss.push(surface.value(x[0], x[1]));
    let g = surface.gradient(x[0], x[1]);
    t.grad_norm.push((g[0] * g[0] + g[1] * g[1]).sqrt()); // not hypot: much slower in wasm, and overflow only happens after divergence
    g
}

/// Whether leaving the box at `x` went downhill: the loss at `x` (or, if that is not finite,
/// the last recorded loss) is below the starting loss.
fn escaped_downhill(surface: &Surface, t: &Trajectory, x: [f64; 2]) -> bool {
    let f0 = t.loss.first().copied().unwrap_or(f64::NAN);
    let fx = surface.value(x[0], x[1]);
    let f_end = if fx.is_finite() || fx == f64::NEG_INFINITY { fx } else { t.loss.last().copied().unwrap_or(f64::NAN) };
    f_end < f0
}

impl Trajectory {
    /// How the run ended early, for labels: "escaped downhill at step k" or "diverged at step k".
    pub fn exit_note(&self) -> Option<String> {
        self.diverged_at.map(|k| if self.escaped_downhill { format!("escaped downhill at step {k}") } else { format!("diverged at step {k}") })
    }
}

/// Runs every racer.
pub fn run_race(surface: &Surface, state: &OptimizerLabState, view: &ViewBox) -> Vec<Trajectory> {
    let l = race_lipschitz(surface, state, view);
    (0..state.racers.len()).map(|i| run_racer(surface, state, i, l)).collect()
}

/// The smoothness constant L of the landscape over `view`, when a racer runs "GD with step 1/L"
/// without its own L (NaN otherwise: it is not needed).
pub fn race_lipschitz(surface: &Surface, state: &OptimizerLabState, view: &ViewBox) -> f64 {
    let needs_l = state.racers.iter().any(|r| matches!(&r.optimizer, OptimizerConfig::GdInvL(g) if g.l == 0.0));
    if needs_l { surface.lipschitz(view) } else { f64::NAN }
}

#[cfg(test)]
mod tests {
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
}

#[cfg(test)]
mod timing {
    use super::*;
    use crate::landscape::LandscapeConfig;

    /// `cargo test --release --lib race_timing -- --ignored --nocapture`
    #[test]
    #[ignore]
    fn race_timing() {
        let mut s = OptimizerLabState { landscape: LandscapeConfig::Rosenbrock, budget: 1000, ..OptimizerLabState::default() };
        s.racers = ["sgd", "sgd", "sgd", "adagrad", "rmsprop", "adam", "nadam", "rprop"]
            .iter()
            .map(|k| RacerConfig::new(OptimizerConfig::default_for(k).unwrap()))
            .collect();
        let surface = s.landscape.build().unwrap();
        let view = surface.default_view();
        let t = std::time::Instant::now();
        for _ in 0..50 {
            std::hint::black_box(run_race(&surface, &s, &view));
        }
        println!("race: {:.3} ms", t.elapsed().as_secs_f64() * 1000.0 / 50.0);
        let t = std::time::Instant::now();
        for _ in 0..50 {
            std::hint::black_box(s.racers.iter().map(super::super::stream::run_stream).count());
        }
        println!("streams: {:.3} ms", t.elapsed().as_secs_f64() * 1000.0 / 50.0);
    }
}
