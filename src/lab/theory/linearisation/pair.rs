//! The network and its linearisation at w₀, trained side by side by one optimizer on the same data
//! with the same α, step by step; the kernel JJᵀ at w₀ and at checkpoints built in slices.

use crate::lab::error::{LabError, LabResult};
use crate::mlp::network::LayerShape;
use crate::mlp::{Loss, Network, Task, Workspace};
use crate::optim::{BlockRole, Optimizer, ParamBlock, Schedule, StepContext};
use crate::rng::seeded;
use crate::theory::{Linearised, Spectrum, TangentAt};

use super::kernel::KernelJob;

use super::state::LinearisationState;

/// Multiply–adds of one slice of building a kernel (a few milliseconds).
pub const GRAM_SLICE_MACS: usize = 2_000_000;
/// Checkpoints of the Jacobian's spectrum over a run (plus step 0 and the last step).
pub const CHECKPOINTS: u64 = 40;
/// Singular values below this fraction of s_max are not resolved: they come from the eigenvalues
/// of JJᵀ, whose rounding (about 1e-16·s_max²) is s ≈ 1e-8·s_max; a margin of 100 above it.
pub const RESOLVED: f64 = 1e-6;
/// Recorded steps over a run (plus step 0 and the last step).
pub const RECORDS: u64 = 200;

/// What is recorded at a step k (before step k + 1 is taken).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Record {
    /// The step k.
    pub step: u64,
    /// Training loss of the network, (1/N)‖f(X; w_k) − y‖².
    pub loss_net: f64,
    /// Training loss of the linearisation, (1/N)‖f_lin(X; w_k) − y‖².
    pub loss_lin: f64,
    /// Gap on the training inputs, ‖f − f_lin‖/√N (root mean square).
    pub gap: f64,
    /// ‖w − w₀‖/‖w₀‖ of the network.
    pub change_net: f64,
    /// ‖w − w₀‖/‖w₀‖ of the linearisation.
    pub change_lin: f64,
    /// Running mean (1/K) Σ_{k<K} ‖g_k‖² of the network's gradients, K = `step` (NaN at 0).
    pub mean_g2_net: f64,
    /// The same for the linearisation (least squares, whose smoothness constant is L₀).
    pub mean_g2_lin: f64,
}

/// The spectrum of the network's Jacobian J(w_k) at a checkpoint.
#[derive(Clone, Debug)]
pub struct Checkpoint {
    /// The step k.
    pub step: u64,
    /// Singular values of J(w_k), largest first.
    pub s: Vec<f64>,
    /// Condition number s_1/s_r over the r directions resolved at w₀ (singular values of J(w₀)
    /// above [`RESOLVED`]·s_max): the same directions at every checkpoint, so κ moves only when
    /// the Jacobian does.
    pub condition: f64,
}

/// The two models and their records.
pub struct Pair {
    /// The network f(x; w).
    pub net: Network,
    /// The network at w₀ (f(x; w₀) and J(w₀)·d at any x, for drawing f_lin).
    pub net0: Network,
    /// Its linearisation at w₀.
    pub lin: Linearised,
    /// Training inputs (N × d, example-major) and targets.
    pub x: Vec<f64>,
    /// Inputs per point d.
    pub dim: usize,
    /// Targets y.
    pub y: Vec<f64>,
    /// The kernel's spectrum at w₀ (once built).
    pub spectrum0: Option<Spectrum>,
    /// The base step α₀ both optimizers use (the card's α, times 1/L₀ when asked), once known.
    pub alpha0: f64,
    /// Steps taken.
    pub step: u64,
    /// Recorded steps.
    pub records: Vec<Record>,
    /// The Jacobian's spectrum at checkpoints.
    pub checkpoints: Vec<Checkpoint>,
    /// Why training stopped early (diverged, an optimizer error).
    pub halted: Option<String>,
    /// Directions r of J(w₀) resolved in f64 (see [`Checkpoint::condition`]).
    pub rank0: usize,
    layers: Vec<LayerShape>,
    opt_net: Optimizer,
    opt_lin: Optimizer,
    schedule: Schedule,
    card_lr: f64,
    per_l: bool,
    budget: u64,
    /// The kernel being computed, with the step its Jacobian is of.
    job: Option<(KernelJob, u64)>,
    /// Whether the Jacobian's spectrum is computed at checkpoints (not in the width sweep).
    pub checkpoints_on: bool,
    ws: Workspace,
    grad_lin: Vec<f64>,
    /// Σ_{k<K} ‖g_k‖² of the network and of f_lin.
    sum_g2: (f64, f64),
    /// The fit view's grid and what stays on it while training (computed when first drawn).
    fit_grid: std::cell::OnceCell<FitGrid>,
}

/// Points of each fitted curve for narrow networks.
pub const CURVE_POINTS: usize = 160;
/// Hidden units evaluated per curve (points × width): the fit view is redrawn every frame while
/// training, and a curve costs a pass per point with an activation per unit, so wide networks get
/// fewer points (40 at width 4096).
pub const CURVE_UNITS: usize = 163_840;

/// The fit view's grid of x over the data's range (1-D inputs) and what on it does not change
/// while training: f(x; w₀), and the forward pass of the network at w₀ that the tangent
/// J(w₀)·(w − w₀) of f_lin needs. Each frame then costs one forward pass of the network at w_k
/// and the tangent's linear part.
pub struct FitGrid {
    /// The grid.
    pub xs: Vec<f64>,
    /// f(x; w₀) on the grid.
    pub f0: Vec<f64>,
    /// The network at w₀ on the grid, for its tangents (`None` if it could not be evaluated).
    pub tangent: Option<TangentAt>,
}

impl Pair {
    /// The network at w₀ (seeded), its linearisation on the data, and the kernel at w₀ to build.
    pub fn new(s: &LinearisationState) -> LabResult<Pair> {
        s.check()?;
        let (x, y) = s.data.generate().map_err(LabError::invalid)?;
        let n = y.len();
        let dim = s.data.dim();
        let net = initial_network(s)?;
        // f_lin's J(w₀) is filled in when the first kernel job (at w₀) finishes.
        let f0 = net.forward(&mut Workspace::new(), &x, n).map_err(|e| LabError::invalid(e.to_string()))?.to_vec();
        let w0 = net.params().to_vec();
        let lin = Linearised { f0, j: Vec::new(), w: w0.clone(), w0, n };
        let p = lin.params();
        let run = &s.runs[0];
        Ok(Pair {
            layers: net.layers().to_vec(),
            job: Some((KernelJob::new(&net, &x, n), 0)),
            checkpoints_on: true,
            dim,
            net0: net.clone(),
            net,
            lin,
            x,
            y,
            spectrum0: None,
            alpha0: f64::NAN,
            step: 0,
            records: Vec::new(),
            checkpoints: Vec::new(),
            halted: None,
            rank0: 1,
            opt_net: run.optimizer.build(),
            opt_lin: run.optimizer.build(),
            schedule: run.schedule.clone(),
            card_lr: run.optimizer.lr(),
            per_l: s.per_l,
            budget: s.budget,
            ws: Workspace::new(),
            grad_lin: vec![0.0; p],
            sum_g2: (0.0, 0.0),
            fit_grid: std::cell::OnceCell::new(),
        })
    }

    /// Number of training points N.
    pub fn n(&self) -> usize {
        self.y.len()
    }

    /// Whether a kernel is being built (the models wait for it).
    pub fn building(&self) -> bool {
        self.job.is_some()
    }

    /// What of the kernel being built is done: (what, done, of).
    pub fn build_progress(&self) -> Option<(&'static str, usize, usize)> {
        self.job.as_ref().map(|g| g.0.progress())
    }

    /// Whether the budget is spent or training stopped.
    pub fn finished(&self) -> bool {
        self.halted.is_some() || self.step >= self.budget
    }

    /// L₀ = 2 s_max²/N, the smoothness constant of the linearised loss at w₀.
    pub fn l0(&self) -> f64 {
        self.spectrum0.as_ref().map_or(f64::NAN, |s| 2.0 * s.eigenvalues[0] / self.n() as f64)
    }

    /// η = α₀·L₀ when the optimizer is plain GD with a constant step in (0, 2/L₀), the case with a
    /// guarantee for f_lin (lecture 003): L(w − αg) ≤ L(w) − α(1 − αL/2)‖g‖², so
    /// (1/K) Σ_{k<K} ‖g_k‖² ≤ 2L₀·L(W₀)/(η(2 − η)K), the lecture's 2L·L(W₀)/K at η = 1.
    pub fn eta(&self, plain_gd: bool) -> Option<f64> {
        let eta = self.alpha0 * self.l0();
        (plain_gd && eta > 0.0 && eta < 2.0).then_some(eta)
    }

    /// The bound on f_lin's running mean of ‖g_k‖² after K steps (see [`Pair::eta`]).
    pub fn rate_bound(&self, eta: f64, k: u64) -> f64 {
        let l_w0 = self.records.first().map_or(f64::NAN, |r| r.loss_lin);
        2.0 * self.l0() * l_w0 / (eta * (2.0 - eta) * k as f64)
    }

    /// The step α_k both optimizers take at step k.
    pub fn alpha_at(&self, k: u64) -> f64 {
        self.schedule.lr_at(self.alpha0, k)
    }

    /// One slice of building the pending kernel; true when a kernel was finished.
    pub fn build_slice(&mut self) -> bool {
        let Some((g, _)) = &mut self.job else { return false };
        if !g.advance(GRAM_SLICE_MACS) {
            return false;
        }
        let Some((g, step)) = self.job.take() else { return false };
        let Some((j, spectrum)) = g.finish() else { return false };
        if self.spectrum0.is_none() {
            self.lin.j = j;
        }
        let s = spectrum.singular_values();
        if self.spectrum0.is_none() {
            self.rank0 = s.iter().filter(|&&v| v > RESOLVED * s[0]).count().max(1);
        }
        let condition = s[0] / s[self.rank0.min(s.len()) - 1];
        if self.spectrum0.is_none() {
            let l0 = 2.0 * spectrum.eigenvalues[0] / self.n() as f64;
            self.alpha0 = if self.per_l { self.card_lr / l0 } else { self.card_lr };
            self.spectrum0 = Some(spectrum);
            self.record();
        }
        self.checkpoints.push(Checkpoint { step, s, condition });
        true
    }

    /// Builds every pending kernel in one go (tests, claims).
    pub fn finish_building(&mut self) {
        while self.building() {
            self.build_slice();
        }
    }

    /// One step of both models (after the kernel at w₀ is built). At a checkpoint the Jacobian at
    /// the new weights is computed and its kernel queued (built by the next slices).
    pub fn train_step(&mut self) {
        if self.building() || self.finished() {
            return;
        }
        let n = self.n();
        let k = self.step;
        let loss = self.net.loss_and_grad(&mut self.ws, &self.x, &self.y, n, Task::Regression, Loss::Mse);
        let loss_lin = self.lin.loss_and_grad(&self.y, &mut self.grad_lin);
        let alpha = self.alpha_at(k);
        let sq = |g: &[f64]| g.iter().map(|v| v * v).sum::<f64>();
        self.sum_g2.0 += sq(self.net.grads());
        self.sum_g2.1 += sq(&self.grad_lin);
        let ctx = StepContext::with_lr(alpha);
        let r1 = {
            let (p, g) = self.net.params_and_grads();
            self.opt_net.step(&mut blocks(&self.layers, p, g), &ctx)
        };
        let r2 = self.opt_lin.step(&mut blocks(&self.layers, &mut self.lin.w, &self.grad_lin), &ctx);
        self.step += 1;
        if let Err(e) = r1.and(r2) {
            self.halted = Some(e.to_string());
            return;
        }
        if !loss.as_ref().is_ok_and(|l| l.is_finite()) || !loss_lin.is_finite() || !self.net.is_finite() || self.lin.w.iter().any(|v| !v.is_finite()) {
            self.halted = Some(format!("diverged at step {k} (α = {alpha:.3e} is too large for this width)"));
            return;
        }
        let every = (self.budget / RECORDS).max(1);
        if self.step % every == 0 || self.step == self.budget {
            self.record();
        }
        let every = (self.budget / CHECKPOINTS).max(1);
        if self.checkpoints_on && (self.step % every == 0 || self.step == self.budget) {
            self.job = Some((KernelJob::new(&self.net, &self.x, n), self.step));
        }
    }

    /// The fit view's grid (computed on first use; the same for the whole run).
    pub fn fit_grid(&self) -> &FitGrid {
        self.fit_grid.get_or_init(|| {
            // The generator's [−1, 1] as the network sees it (after the input scale and offset).
            let (lo, hi) = self.x.iter().fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), &v| (a.min(v), b.max(v)));
            let pad = 0.025 * (hi - lo).max(1e-9);
            let (lo, hi) = (lo - pad, hi + pad);
            // A pass costs about P multiply–adds per point: 3·CURVE_UNITS/P points (the width m of
            // one hidden layer has P ≈ 3m).
            let m = (3 * CURVE_UNITS / self.lin.params().max(1)).clamp(40, CURVE_POINTS);
            let xs: Vec<f64> = (0..m).map(|k| lo + (hi - lo) * k as f64 / (m - 1) as f64).collect();
            let f0 = self.net0.forward(&mut Workspace::new(), &xs, xs.len()).map(|o| o.to_vec()).unwrap_or_default();
            let tangent = TangentAt::new(&self.net0, &xs, xs.len()).ok();
            FitGrid { xs, f0, tangent }
        })
    }

    /// f(X; w) at the training inputs.
    pub fn net_outputs(&self) -> Vec<f64> {
        self.net.forward(&mut Workspace::new(), &self.x, self.n()).map(|o| o.to_vec()).unwrap_or_default()
    }

    /// Records the current step.
    fn record(&mut self) {
        let n = self.n() as f64;
        let f = self.net_outputs();
        let fl = self.lin.outputs();
        let mse = |o: &[f64]| o.iter().zip(&self.y).map(|(a, b)| (a - b) * (a - b)).sum::<f64>() / n;
        let gap = (f.iter().zip(&fl).map(|(a, b)| (a - b) * (a - b)).sum::<f64>() / n).sqrt();
        let w0 = &self.lin.w0;
        let change = |w: &[f64]| norm_diff(w, w0) / norm_diff(w0, &vec![0.0; w0.len()]);
        let k = self.step as f64;
        let (mean_g2_net, mean_g2_lin) = if self.step == 0 { (f64::NAN, f64::NAN) } else { (self.sum_g2.0 / k, self.sum_g2.1 / k) };
        let r = Record { step: self.step, loss_net: mse(&f), loss_lin: mse(&fl), gap, change_net: change(self.net.params()), change_lin: change(&self.lin.w), mean_g2_net, mean_g2_lin };
        self.records.push(r);
    }
}

/// The network at w₀: d inputs, `depth` hidden layers of width m, one output; the chosen
/// initialisation from the weight seed, then every weight matrix times the gain.
pub fn initial_network(s: &LinearisationState) -> LabResult<Network> {
    let mut sizes = vec![s.data.dim()];
    sizes.extend(std::iter::repeat(s.width).take(s.depth));
    sizes.push(1);
    let mut net = Network::new(&sizes, s.activation).map_err(|e| LabError::invalid(e.to_string()))?;
    net.initialize(&s.init, &mut seeded(s.seed));
    if s.gain != 1.0 {
        for l in net.layers().to_vec() {
            net.params_mut()[l.w_range()].iter_mut().for_each(|w| *w *= s.gain);
        }
    }
    Ok(net)
}

fn norm_diff(a: &[f64], b: &[f64]) -> f64 {
    a.iter().zip(b).map(|(x, y)| (x - y) * (x - y)).sum::<f64>().sqrt()
}

/// The per-layer blocks (W_l then b_l) of a flat parameter vector laid out like the network's.
fn blocks<'a>(layers: &[LayerShape], mut p: &'a mut [f64], mut g: &'a [f64]) -> Vec<ParamBlock<'a>> {
    let mut out = Vec::with_capacity(2 * layers.len());
    for s in layers {
        let (fo, fi) = (s.fan_out, s.fan_in);
        let (pw, rest) = p.split_at_mut(fo * fi);
        let (gw, grest) = g.split_at(fo * fi);
        out.push(ParamBlock { params: pw, grad: gw, rows: fo, cols: fi, role: BlockRole::Weight });
        let (pb, rest) = rest.split_at_mut(fo);
        let (gb, grest) = grest.split_at(fo);
        out.push(ParamBlock { params: pb, grad: gb, rows: fo, cols: 1, role: BlockRole::Bias });
        p = rest;
        g = grest;
    }
    out
}
