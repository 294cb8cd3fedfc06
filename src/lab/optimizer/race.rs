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
    /// The racer stepped where the function is undefined (a typed formula's log of a negative
    /// number, division by zero): reported as "left the function's domain at step k"; that
    /// iterate is not recorded.
    pub left_domain: bool,
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
        if !defined(&t) {
            t.error = Some(format!("the start ({}, {}) is outside the function's domain (f or ∇f is undefined there)", x[0], x[1]));
            return (t, None);
        }
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
            if !defined(t) {
                // Not drawn: the undefined iterate is taken back, and the run stops with a message.
                t.points.pop();
                t.loss.pop();
                t.grad_norm.pop();
                t.diverged_at = Some(k + 1);
                t.left_domain = true;
                self.budget = self.k;
                return true;
            }
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

/// Whether the last recorded iterate has a finite value and gradient norm (a typed formula may be
/// undefined there).
fn defined(t: &Trajectory) -> bool {
    t.loss.last().is_some_and(|f| f.is_finite()) && t.grad_norm.last().is_some_and(|g| g.is_finite())
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
    /// How the run ended early, for labels: "escaped downhill at step k", "left the function's
    /// domain at step k" or "diverged at step k".
    pub fn exit_note(&self) -> Option<String> {
        self.diverged_at.map(|k| {
            if self.escaped_downhill {
                format!("escaped downhill at step {k}")
            } else if self.left_domain {
                format!("left the function's domain at step {k}")
            } else {
                format!("diverged at step {k}")
            }
        })
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
#[path = "race_tests.rs"]
mod tests;

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
