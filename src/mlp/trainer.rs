//! Minibatch training (lecture 002: shuffle the data like a deck of cards, then walk through it in
//! consecutive batches of B; one pass is an epoch; reshuffle for the next epoch).
//!
//! One step: take the next minibatch (the last one of an epoch may be smaller, like PyTorch's
//! `DataLoader(drop_last=False)`), forward, loss, backward, add λθ, record, optimizer update.

use serde::{Deserialize, Serialize};

use super::config::MlpConfig;
use super::data::{shuffle, Dataset};
use super::error::MlpError;
use super::fast32::{self, Precision, Workspace32};
use super::history::{History, Point};
use super::loss::{accuracy, Loss, Task};
use super::network::Network;
use super::workspace::Workspace;
use crate::optim::{BlockRole, NeroConfig, Optimizer, OptimizerConfig, ParamBlock, StepContext};
use crate::rng::{seeded, LabRng};

/// Why training stopped by itself.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Halt {
    /// The step at which it happened.
    pub step: u64,
    /// True for divergence (non-finite loss, gradient or parameters), false for an optimizer error.
    pub diverged: bool,
    /// Student-readable message, e.g. "diverged at step 12: the loss became inf …".
    pub message: String,
}

/// Current state of the model on the whole training and validation sets.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Snapshot {
    /// Steps done.
    pub step: u64,
    /// Epochs completed.
    pub epoch: u64,
    /// Training loss.
    pub train_loss: f64,
    /// Validation loss (NaN without a validation set).
    pub val_loss: f64,
    /// Training accuracy (NaN for regression).
    pub train_acc: f64,
    /// Validation accuracy (NaN for regression or without a validation set).
    pub val_acc: f64,
}

/// Trains one network on one data set; all buffers are allocated up front.
pub struct Trainer {
    config: MlpConfig,
    task: Task,
    loss: Loss,
    net: Network,
    init_params: Vec<f64>,
    init_norms: Vec<f64>,
    ws: Workspace,
    /// The arithmetic of the passes (the config's, [`Precision::F64`] unless asked otherwise; see [`Trainer::set_precision`]).
    precision: Precision,
    /// Buffers of the f32 passes (empty until the first one).
    ws32: Workspace32,
    train: Dataset,
    val: Dataset,
    optimizer: Optimizer,
    /// Nero with per-layer constraints: the unconstrained weight blocks (and their biases) are
    /// stepped by this second Nero without constraints (Nero's state is per block, so the split
    /// changes nothing else).
    free_optimizer: Option<Optimizer>,
    /// Per layer: stepped by `free_optimizer`.
    free_layer: Vec<bool>,
    order: Vec<usize>,
    cursor: usize,
    batch: usize,
    shuffle_rng: LabRng,
    batch_x: Vec<f64>,
    batch_y: Vec<f64>,
    epoch: u64,
    step: u64,
    history: History,
    halt: Option<Halt>,
    scratch_layer: Vec<f64>,
    scratch_change: Vec<f64>,
    block_buf: Vec<ParamBlock<'static>>,
    free_buf: Vec<ParamBlock<'static>>,
    /// The step in progress when a large step is computed in slices (see [`Trainer::advance`]).
    pending: Option<Pending>,
    /// Gradient accumulated over the slices of a large step (empty until the first such step).
    grad_acc: Vec<f64>,
    /// Multiply–adds per slice ([`SLICE_MACS`] unless a test sets it).
    slice_macs: usize,
}

/// Multiply–adds in one slice of a large step: forward and backward passes for about this many
/// (≈ 2–5 ms in the browser, by the machine; one call to [`Trainer::advance`] does at most about
/// three slices), so that no frame waits for a whole step of a big network on many points. At
/// 4 M, a call took 8–12 ms in the page at 2-512-512-2 (a frame's training overran its 10-ms
/// budget by one call: ticks of 19–22 ms).
pub const SLICE_MACS: usize = 2_000_000;

/// Whether [`Trainer::advance`] finished a step.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Progress {
    /// The step is under way; call [`Trainer::advance`] again.
    Partial,
    /// The step finished with this minibatch loss, or training has halted (`None`).
    Done(Option<f64>),
}

/// What the step in progress does next.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Phase {
    /// Forward and backward over minibatch examples `row..`.
    Gradient { row: usize },
    /// Loss and accuracy on training examples `row..` (for the curves).
    EvalTrain { row: usize },
    /// Loss and accuracy on validation examples `row..`.
    EvalVal { row: usize },
    /// Record the curves and update the parameters.
    Update,
}

/// A step split into slices: where it is and the sums so far.
#[derive(Debug, Clone, Copy)]
struct Pending {
    t: u64,
    lr: f64,
    /// Minibatch size and whether it is the whole training set.
    b: usize,
    full: bool,
    phase: Phase,
    /// Σ (slice mean loss × slice size) and Σ correct over the minibatch.
    batch_loss_sum: f64,
    batch_correct: f64,
    /// Minibatch loss (after the gradient phase).
    batch_loss: f64,
    /// Sums over the set being evaluated.
    eval: EvalSums,
    train_eval: (f64, f64),
    val_eval: (f64, f64),
}

/// Σ loss × size and Σ correct over the blocks of a set evaluated so far.
#[derive(Debug, Clone, Copy, Default)]
struct EvalSums {
    loss: f64,
    correct: f64,
}

/// Reuses the allocation of an (empty) vector of blocks for blocks of another lifetime.
/// `filter_map` to `None` never produces an element; the standard library's in-place collection
/// keeps the buffer, so no allocation happens per step.
#[allow(clippy::unnecessary_filter_map)]
fn recycle<'a, 'b>(mut v: Vec<ParamBlock<'a>>) -> Vec<ParamBlock<'b>> {
    v.clear();
    v.into_iter().filter_map(|_| None).collect()
}

fn frob_diff(a: &[f64], b: &[f64]) -> f64 {
    a.iter().zip(b).map(|(x, y)| (x - y) * (x - y)).sum::<f64>().sqrt()
}

/// A [`Trainer`] being built in slices: a large network's weights take tens of milliseconds to
/// draw, more than one frame may spend. [`Trainer::with_data`] is `new`, one `advance` of
/// everything, then `finish`; drawing in slices draws the same weights.
pub struct TrainerBuild {
    config: MlpConfig,
    train: Dataset,
    val: Dataset,
    loss: Loss,
    net: Network,
    rng: LabRng,
    drawn: usize,
}

impl TrainerBuild {
    /// Checks the configuration and the data (the same errors as [`Trainer::with_data`]); nothing
    /// drawn yet.
    pub fn new(config: MlpConfig, train: Dataset, val: Dataset) -> Result<Self, MlpError> {
        Self::new_sized(config, train, val, true)
    }

    /// [`TrainerBuild::new`] without the lab's cap on hidden weights ([`super::config::MAX_HIDDEN_WEIGHTS`]):
    /// for benchmarks of networks larger than the lab trains interactively.
    pub fn new_uncapped(config: MlpConfig, train: Dataset, val: Dataset) -> Result<Self, MlpError> {
        Self::new_sized(config, train, val, false)
    }

    fn new_sized(config: MlpConfig, train: Dataset, val: Dataset, cap: bool) -> Result<Self, MlpError> {
        config.validate_model_sized(cap)?;
        if train.is_empty() {
            return Err(MlpError::Data("the training set is empty".to_string()));
        }
        if !val.is_empty() && (val.dim() != train.dim() || val.task() != train.task()) {
            return Err(MlpError::Data("training and validation sets differ in shape or task".to_string()));
        }
        let loss = config.resolve_loss(train.task())?;
        let mut net = Network::new(&config.sizes(train.dim(), train.task()), config.activation)?;
        net.set_residual(config.residual);
        let rng = seeded(config.seed);
        Ok(TrainerBuild { config, train, val, loss, net, rng, drawn: 0 })
    }

    /// Draws at most `max` more initial parameters; true once all are drawn.
    pub fn advance(&mut self, max: usize) -> bool {
        self.net.initialize_part(&self.config.init, &mut self.rng, &mut self.drawn, max)
    }

    /// The trainer (drawing whatever is left first).
    pub fn finish(mut self) -> Trainer {
        self.advance(usize::MAX);
        Trainer::from_initialised(self.config, self.net, self.train, self.val, self.loss)
    }
}

impl Trainer {
    /// Generates the data from `config.data` and builds a trainer (config validated first).
    pub fn new(config: MlpConfig) -> Result<Self, MlpError> {
        config.validate()?;
        let (train, val) = config.data.generate_split()?;
        Self::with_data(config, train, val)
    }

    /// Builds a trainer on given data (e.g. from CSV); `config.data` is ignored.
    /// `val` may be empty. Both sets must have the same input size and task.
    pub fn with_data(config: MlpConfig, train: Dataset, val: Dataset) -> Result<Self, MlpError> {
        Ok(TrainerBuild::new(config, train, val)?.finish())
    }

    /// The rest of [`Trainer::with_data`] once the network's weights are drawn.
    fn from_initialised(config: MlpConfig, mut net: Network, train: Dataset, val: Dataset, loss: Loss) -> Self {
        let task = train.task();
        // Nero's constrained rows are projected before the first forward pass, like the reference
        // code's constructor, so step 0 and W₀ are the projected weights.
        let layers_n = net.num_layers();
        let shapes: Vec<_> = net.layers().to_vec();
        let mut free_layer = vec![false; layers_n];
        let mut free_optimizer = None;
        if let OptimizerConfig::Nero(c) = &config.optimizer {
            if c.constraints {
                for (l, s) in shapes.iter().enumerate() {
                    if config.nero_constrains(l, layers_n, s.fan_in) {
                        crate::optim::nero::project_rows(&mut net.params_mut()[s.w_range()], s.fan_in);
                    } else {
                        free_layer[l] = true;
                    }
                }
                if free_layer.iter().any(|&f| f) {
                    free_optimizer = Some(OptimizerConfig::Nero(NeroConfig { constraints: false, ..c.clone() }).build());
                }
            }
        }
        let init_params = net.params().to_vec();
        let init_norms = net
            .layers()
            .iter()
            .map(|s| init_params[s.w_range()].iter().map(|w| w * w).sum::<f64>().sqrt())
            .collect();
        let n = train.len();
        let batch = if config.batch_size == 0 || config.batch_size >= n { n } else { config.batch_size };
        let mut shuffle_rng = seeded(config.seed.wrapping_add(0x9e37_79b9_7f4a_7c15));
        let mut order: Vec<usize> = (0..n).collect();
        if batch < n {
            shuffle(&mut order, &mut shuffle_rng);
        }
        let layers = net.num_layers();
        let mut ws = Workspace::new();
        ws.ensure(net.sizes(), n.max(val.len()).min(eval_rows(&net, SLICE_MACS)));
        let optimizer = config.optimizer.build();
        Trainer {
            task,
            loss,
            init_params,
            init_norms,
            ws,
            precision: config.precision,
            ws32: Workspace32::new(),
            optimizer,
            free_optimizer,
            free_layer,
            order,
            cursor: 0,
            batch,
            shuffle_rng,
            batch_x: vec![0.0; batch * train.dim()],
            batch_y: vec![0.0; batch],
            epoch: 0,
            step: 0,
            history: History::new(layers, 1, 2000),
            halt: None,
            scratch_layer: vec![0.0; layers],
            scratch_change: vec![0.0; layers],
            block_buf: Vec::with_capacity(2 * layers),
            free_buf: Vec::with_capacity(2 * layers),
            pending: None,
            grad_acc: Vec::new(),
            slice_macs: SLICE_MACS,
            net,
            train,
            val,
            config,
        }
    }

    /// Sets the multiply–adds per slice of a large step (tests: a small value forces slicing, a
    /// huge one computes every step in one pass). Only between steps.
    pub fn set_slice_macs(&mut self, macs: usize) {
        if self.pending.is_none() {
            self.slice_macs = macs.max(1);
        }
    }

    /// Chooses the arithmetic of the forward and backward passes from the next step on:
    /// [`Precision::F64`] (the default; the path compared against PyTorch) or [`Precision::F32`]
    /// (single-precision passes in [`super::fast32`], parameters and optimizer still f64).
    /// Only between steps (ignored while a step is under way).
    pub fn set_precision(&mut self, precision: Precision) {
        if self.pending.is_none() {
            self.precision = precision;
        }
    }

    /// The arithmetic of the passes.
    pub fn precision(&self) -> Precision {
        self.precision
    }

    /// Records every `every` steps (≥ 1) keeping at most `max_points` points; clears the history.
    pub fn set_recording(&mut self, every: u64, max_points: usize) {
        self.history = History::new(self.net.num_layers(), every, max_points);
    }

    /// Steps done so far.
    pub fn step_count(&self) -> u64 {
        self.step
    }
    /// Epochs completed so far.
    pub fn epoch(&self) -> u64 {
        self.epoch
    }
    /// Effective batch size B (the training-set size for full batch).
    pub fn batch_size(&self) -> usize {
        self.batch
    }
    /// The network being trained.
    pub fn network(&self) -> &Network {
        &self.net
    }
    /// The configuration.
    pub fn config(&self) -> &MlpConfig {
        &self.config
    }
    /// The task.
    pub fn task(&self) -> Task {
        self.task
    }
    /// Training set.
    pub fn train_set(&self) -> &Dataset {
        &self.train
    }
    /// Validation set.
    pub fn val_set(&self) -> &Dataset {
        &self.val
    }
    /// Recorded curves.
    pub fn history(&self) -> &History {
        &self.history
    }
    /// Why training stopped, if it did ("diverged at step k …").
    pub fn halted(&self) -> Option<&Halt> {
        self.halt.as_ref()
    }
    /// Indices (into the training set) of the examples the next step will use, in order.
    pub fn next_batch_indices(&self) -> &[usize] {
        let end = (self.cursor + self.batch).min(self.order.len());
        &self.order[self.cursor..end]
    }

    /// ‖W_l − W_l(0)‖_F / ‖W_l(0)‖_F for every layer, written into `out` (absolute change when
    /// ‖W_l(0)‖_F = 0, e.g. after zero initialisation).
    pub fn weight_change_into(&self, out: &mut [f64]) {
        for ((o, s), &n0) in out.iter_mut().zip(self.net.layers()).zip(&self.init_norms) {
            let d = frob_diff(&self.net.params()[s.w_range()], &self.init_params[s.w_range()]);
            *o = if n0 > 0.0 { d / n0 } else { d };
        }
    }

    /// Per-layer relative weight change as a new vector (see [`Trainer::weight_change_into`]).
    pub fn weight_change(&self) -> Vec<f64> {
        let mut v = vec![0.0; self.net.num_layers()];
        self.weight_change_into(&mut v);
        v
    }

    /// ‖W − W(0)‖_F / ‖W(0)‖_F over all weight matrices together (biases excluded; absolute change
    /// if all initial weights are 0).
    pub fn total_weight_change(&self) -> f64 {
        let (mut d2, mut n2) = (0.0, 0.0);
        for s in self.net.layers() {
            let w = &self.net.params()[s.w_range()];
            let w0 = &self.init_params[s.w_range()];
            d2 += w.iter().zip(w0).map(|(a, b)| (a - b) * (a - b)).sum::<f64>();
            n2 += w0.iter().map(|a| a * a).sum::<f64>();
        }
        if n2 > 0.0 {
            (d2 / n2).sqrt()
        } else {
            d2.sqrt()
        }
    }

    /// Loss and accuracy on the whole training and validation sets at the current parameters.
    pub fn snapshot(&mut self) -> Snapshot {
        let (train_loss, train_acc) = self.eval_set(false);
        let (val_loss, val_acc) = self.eval_set(true);
        Snapshot { step: self.step, epoch: self.epoch, train_loss, val_loss, train_acc, val_acc }
    }

    /// Loss and accuracy on a whole set (in blocks when it is large: the whole set in one forward
    /// pass would need a workspace of its size and one long computation).
    fn eval_set(&mut self, val: bool) -> (f64, f64) {
        let mut sums = EvalSums::default();
        let mut row = 0;
        loop {
            match self.eval_part(val, row, &mut sums) {
                (_, Some(result)) => return result,
                (next, None) => row = next,
            }
        }
    }

    /// Evaluates the next block of the training or validation set from `row`, adding to `sums`;
    /// returns the next row and, once the set is done, its (loss, accuracy). A set that fits one
    /// block is evaluated in one pass (the same arithmetic as before blocks existed).
    fn eval_part(&mut self, val: bool, row: usize, sums: &mut EvalSums) -> (usize, Option<(f64, f64)>) {
        let n = if val { self.val.len() } else { self.train.len() };
        if n == 0 {
            return (0, Some((f64::NAN, f64::NAN)));
        }
        let rows = match self.precision {
            Precision::F64 => eval_rows(&self.net, self.slice_macs),
            Precision::F32 => eval_rows(&self.net, self.slice_macs).next_multiple_of(fast32::LANE_BLOCK),
        };
        if row == 0 && n <= rows {
            let d = if val { &self.val } else { &self.train };
            let result = match forward_with(self.precision, &self.net, &mut self.ws, &mut self.ws32, d.x(), n) {
                Ok(out) => (self.loss.value(self.task, out, d.y(), n), accuracy(self.task, out, d.y(), n).unwrap_or(f64::NAN)),
                Err(_) => (f64::NAN, f64::NAN),
            };
            return (n, Some(result));
        }
        let (l, c, next) = self.eval_slice(val, row, rows);
        sums.loss += l;
        sums.correct += c;
        let done = (next >= n).then(|| (sums.loss / n as f64, sums.correct / n as f64));
        (next, done)
    }

    /// Σ loss and Σ correct over examples `row..row + rows` of the training or validation set, and
    /// the next row.
    fn eval_slice(&mut self, val: bool, row: usize, rows: usize) -> (f64, f64, usize) {
        let d = if val { &self.val } else { &self.train };
        let (n, dim, k) = (d.len(), d.dim(), self.task.outputs());
        let end = (row + rows).min(n);
        let c = end - row;
        let ys = match self.task {
            Task::Regression => &d.y()[row * k..end * k],
            Task::Classification { .. } => &d.y()[row..end],
        };
        match forward_with(self.precision, &self.net, &mut self.ws, &mut self.ws32, &d.x()[row * dim..end * dim], c) {
            Ok(out) => (
                self.loss.value(self.task, out, ys, c) * c as f64,
                accuracy(self.task, out, ys, c).map_or(f64::NAN, |a| (a * c as f64).round()),
                end,
            ),
            Err(_) => (f64::NAN, f64::NAN, end),
        }
    }

    fn stop(&mut self, diverged: bool, message: String) {
        self.halt = Some(Halt { step: self.step, diverged, message });
        self.pending = None;
    }

    /// One minibatch step. Returns the minibatch loss, or `None` if training has halted (divergence
    /// or optimizer error; see [`Trainer::halted`]) — then nothing changes any more.
    pub fn step(&mut self) -> Option<f64> {
        loop {
            if let Progress::Done(v) = self.advance() {
                return v;
            }
        }
    }

    /// Fraction of the step in progress already computed (0 between steps).
    pub fn step_fraction(&self) -> f64 {
        let Some(p) = &self.pending else { return 0.0 };
        let (nt, nv) = (self.train.len() as f64, self.val.len() as f64);
        let wants = self.history.wants(p.t);
        let eval_t = if wants && !p.full { nt } else { 0.0 };
        let eval_v = if wants { nv } else { 0.0 };
        // A backward pass costs about twice a forward pass.
        let total = 3.0 * p.b as f64 + eval_t + eval_v;
        let done = match p.phase {
            Phase::Gradient { row } => 3.0 * row as f64,
            Phase::EvalTrain { row } => 3.0 * p.b as f64 + row as f64,
            Phase::EvalVal { row } => 3.0 * p.b as f64 + eval_t + row as f64,
            Phase::Update => total,
        };
        (done / total.max(1.0)).clamp(0.0, 1.0)
    }

    /// Computes the next slice of the current step (about [`SLICE_MACS`] multiply–adds; a small
    /// step is done whole, with the same arithmetic as in one pass). The slices of a large step add
    /// up the minibatch gradient example block by example block, then evaluate the curves block by
    /// block, then update: the result does not depend on when the calls happen, only on the sizes.
    pub fn advance(&mut self) -> Progress {
        if self.halt.is_some() {
            return Progress::Done(None);
        }
        let rows = match self.precision {
            Precision::F64 => slice_rows(&self.net, self.slice_macs),
            // The f32 passes pad the examples to 16 (and are several times faster per example).
            Precision::F32 => slice_rows(&self.net, self.slice_macs).next_multiple_of(fast32::LANE_BLOCK),
        };
        let mut p = match self.pending.take() {
            Some(p) => p,
            None => self.begin_step(),
        };
        // Work done in this call, in examples of forward+backward (evaluations count a third).
        let mut work = 0usize;
        loop {
            if work >= rows {
                self.pending = Some(p);
                return Progress::Partial;
            }
            match p.phase {
                Phase::Gradient { row } => {
                    if let Err(halted) = self.gradient_slice(&mut p, row, rows) {
                        return halted;
                    }
                    work += match p.phase {
                        Phase::Gradient { row: next } => next - row,
                        _ => p.b - row,
                    };
                }
                Phase::EvalTrain { row } | Phase::EvalVal { row } => {
                    let val = matches!(p.phase, Phase::EvalVal { .. });
                    let (next, done) = self.eval_part(val, row, &mut p.eval);
                    work += (next - row).div_ceil(3);
                    match (done, val) {
                        (None, _) => p.phase = if val { Phase::EvalVal { row: next } } else { Phase::EvalTrain { row: next } },
                        (Some(r), false) => {
                            p.train_eval = r;
                            p.eval = EvalSums::default();
                            p.phase = Phase::EvalVal { row: 0 };
                        }
                        (Some(r), true) => {
                            p.val_eval = r;
                            p.phase = Phase::Update;
                        }
                    }
                }
                Phase::Update => return self.finish_step(p),
            }
        }
    }

    /// Starts a step: learning rate, minibatch (gathered into `batch_x`, `batch_y`).
    fn begin_step(&mut self) -> Pending {
        let t = self.step;
        let lr = self.config.schedule.lr_at(self.config.optimizer.lr(), t);
        let n = self.train.len();
        let full = self.batch >= n;
        let b = if full { n } else { (self.order.len() - self.cursor).min(self.batch) };
        let dim = self.train.dim();
        if !full {
            for (r, &i) in self.order[self.cursor..self.cursor + b].iter().enumerate() {
                self.batch_x[r * dim..(r + 1) * dim].copy_from_slice(&self.train.x()[i * dim..(i + 1) * dim]);
                self.batch_y[r] = self.train.y()[i];
            }
        }
        Pending {
            t,
            lr,
            b,
            full,
            phase: Phase::Gradient { row: 0 },
            batch_loss_sum: 0.0,
            batch_correct: 0.0,
            batch_loss: f64::NAN,
            eval: EvalSums::default(),
            train_eval: (f64::NAN, f64::NAN),
            val_eval: (f64::NAN, f64::NAN),
        }
    }

    /// Forward and backward over minibatch examples `row..row + rows` (all of them in one pass when
    /// the minibatch fits one slice); after the last block: the L2 term, the divergence checks and
    /// the choice of the next phase. `Err` carries the halted result.
    fn gradient_slice(&mut self, p: &mut Pending, row: usize, rows: usize) -> Result<(), Progress> {
        let (b, t, full) = (p.b, p.t, p.full);
        let dim = self.train.dim();
        let k = self.task.outputs();
        let wants = self.history.wants(t);
        let (x, y): (&[f64], &[f64]) = if full { (self.train.x(), self.train.y()) } else { (&self.batch_x[..b * dim], &self.batch_y[..b]) };
        let end = if b <= rows { b } else { (row + rows).min(b) };
        let c = end - row;
        let ys = match self.task {
            Task::Regression => &y[row * k..end * k],
            Task::Classification { .. } => &y[row..end],
        };
        let xs = &x[row * dim..end * dim];
        let pass = match self.precision {
            Precision::F64 => self.net.loss_and_grad(&mut self.ws, xs, ys, c, self.task, self.loss),
            Precision::F32 => fast32::loss_and_grad(&mut self.net, &mut self.ws32, xs, ys, c, self.task, self.loss),
        };
        let loss = match pass {
            Ok(v) => v,
            Err(e) => {
                self.stop(false, e.to_string());
                return Err(Progress::Done(None));
            }
        };
        let last = self.net.num_layers() - 1;
        let out = match self.precision {
            Precision::F64 => &self.ws.a[last][..c * k],
            Precision::F32 => &self.ws32.outputs()[..c * k],
        };
        let acc = if full && wants { accuracy(self.task, out, ys, c).unwrap_or(f64::NAN) } else { f64::NAN };
        if c == b {
            // One pass: the gradient is already the minibatch mean.
            p.batch_loss = loss;
            p.batch_correct = acc;
        } else {
            // Blocks: Σ (c/b)·∇(block mean) = ∇(minibatch mean).
            let wgt = c as f64 / b as f64;
            let g = self.net.grads();
            if row == 0 {
                self.grad_acc.clear();
                self.grad_acc.extend(g.iter().map(|v| wgt * v));
            } else {
                for (a, v) in self.grad_acc.iter_mut().zip(g) {
                    *a += wgt * v;
                }
            }
            p.batch_loss_sum += loss * c as f64;
            p.batch_correct += (acc * c as f64).round();
            if end < b {
                p.phase = Phase::Gradient { row: end };
                return Ok(());
            }
            let (_, grads) = self.net.params_and_grads();
            grads.copy_from_slice(&self.grad_acc);
            p.batch_loss = p.batch_loss_sum / b as f64;
            p.batch_correct /= b as f64;
        }
        let batch_loss = p.batch_loss;
        if !batch_loss.is_finite() {
            self.stop(true, format!("diverged at step {t}: the loss became {batch_loss}; try a smaller learning rate"));
            return Err(Progress::Done(None));
        }
        // L2 penalty (λ/2)‖θ‖² → gradient + λθ.
        let wd = self.config.weight_decay;
        {
            let (p, g) = self.net.params_and_grads();
            if wd > 0.0 {
                for (g, &p) in g.iter_mut().zip(p.iter()) {
                    *g += wd * p;
                }
            }
            if g.iter().any(|v| !v.is_finite()) {
                self.stop(true, format!("diverged at step {t}: the gradient became infinite or NaN; try a smaller learning rate"));
                return Err(Progress::Done(None));
            }
        }
        p.phase = if !wants {
            Phase::Update
        } else if full {
            p.train_eval = (batch_loss, p.batch_correct);
            Phase::EvalVal { row: 0 }
        } else {
            Phase::EvalTrain { row: 0 }
        };
        Ok(())
    }

    /// Records the curves (if this step is recorded), updates the parameters and moves the cursor.
    fn finish_step(&mut self, p: Pending) -> Progress {
        let (t, lr, b, full, batch_loss) = (p.t, p.lr, p.b, p.full, p.batch_loss);
        if self.history.wants(t) {
            self.record(t, lr, batch_loss, p.train_eval, p.val_eval);
        }
        // Optimizer update on the per-layer blocks W_l, b_l.
        let result = {
            let mut blocks = recycle(std::mem::take(&mut self.block_buf));
            let mut free = recycle(std::mem::take(&mut self.free_buf));
            let res = step_blocks(
                &mut self.net,
                &mut blocks,
                &mut self.optimizer,
                &mut free,
                self.free_optimizer.as_mut(),
                &self.free_layer,
                lr,
            );
            self.block_buf = recycle(blocks);
            self.free_buf = recycle(free);
            res
        };
        if let Err(e) = result {
            self.stop(false, format!("the optimizer stopped at step {t}: {e}"));
            return Progress::Done(None);
        }
        if !self.net.is_finite() {
            self.stop(true, format!("diverged at step {t}: the weights became infinite or NaN; try a smaller learning rate"));
            return Progress::Done(None);
        }
        self.step += 1;
        let n = self.train.len();
        if full {
            self.epoch += 1;
        } else {
            self.cursor += b;
            if self.cursor >= n {
                self.cursor = 0;
                self.epoch += 1;
                shuffle(&mut self.order, &mut self.shuffle_rng);
            }
        }
        Progress::Done(Some(batch_loss))
    }

    /// Works toward `steps` steps in at most `*budget` slices ([`Trainer::advance`] calls, each
    /// taking one from the budget); true once the trainer has `steps` steps or has halted (a
    /// sweep then takes its result and moves on).
    pub fn advance_to(&mut self, steps: u64, budget: &mut u64) -> bool {
        while *budget > 0 && self.step_count() < steps {
            *budget -= 1;
            if self.advance() == Progress::Done(None) {
                return true;
            }
        }
        self.step_count() >= steps
    }

    /// Runs up to `n` steps; returns how many were taken (fewer if training halted).
    pub fn run_steps(&mut self, n: u64) -> u64 {
        let mut done = 0;
        while done < n && self.step().is_some() {
            done += 1;
        }
        done
    }

    fn record(&mut self, t: u64, lr: f64, batch_loss: f64, train: (f64, f64), val: (f64, f64)) {
        for (o, s) in self.scratch_layer.iter_mut().zip(self.net.layers()) {
            *o = self.net.grads()[s.w_range()].iter().map(|g| g * g).sum::<f64>().sqrt();
        }
        let mut change = std::mem::take(&mut self.scratch_change);
        self.weight_change_into(&mut change);
        self.history.push(Point {
            step: t,
            epoch: self.epoch,
            lr,
            batch_loss,
            train_loss: train.0,
            val_loss: val.0,
            train_acc: train.1,
            val_acc: val.1,
            grad_norm: &self.scratch_layer,
            weight_change: &change,
        });
        self.scratch_change = change;
    }
}

/// A forward pass on `n` examples in `precision`; the outputs (f64, batch-major).
fn forward_with<'w>(
    precision: Precision,
    net: &Network,
    ws: &'w mut Workspace,
    ws32: &'w mut Workspace32,
    x: &[f64],
    n: usize,
) -> Result<&'w [f64], MlpError> {
    match precision {
        Precision::F64 => net.forward(ws, x, n),
        Precision::F32 => fast32::forward(net, ws32, x, n),
    }
}

/// Examples per slice of an evaluation (a forward pass only: three times [`slice_rows`]).
fn eval_rows(net: &Network, macs: usize) -> usize {
    3 * slice_rows(net, macs)
}

/// Examples per slice of a large step: forward and backward of one example cost about three times
/// the network's weights in multiply–adds.
pub fn slice_rows(net: &Network, macs: usize) -> usize {
    (macs / (3 * net.forward_macs()).max(1)).max(1)
}

/// Splits the network's flat parameters and gradients into per-layer blocks and steps the optimizer
/// (the layers marked in `free_layer` go to `free_optimizer`, if there is one).
#[allow(clippy::too_many_arguments)]
fn step_blocks<'a>(
    net: &'a mut Network,
    blocks: &mut Vec<ParamBlock<'a>>,
    optimizer: &mut Optimizer,
    free: &mut Vec<ParamBlock<'a>>,
    free_optimizer: Option<&mut Optimizer>,
    free_layer: &[bool],
    lr: f64,
) -> Result<(), crate::optim::OptimError> {
    let split = free_optimizer.is_some();
    let nl = net.num_layers();
    let mut dims = [(0usize, 0usize); super::network::MAX_LAYERS];
    for (d, s) in dims.iter_mut().zip(net.layers()) {
        *d = (s.fan_out, s.fan_in);
    }
    let (mut p, g) = net.params_and_grads();
    let mut g: &[f64] = g;
    for (l, &(fo, fi)) in dims[..nl].iter().enumerate() {
        let to = if split && free_layer.get(l).copied().unwrap_or(false) { &mut *free } else { &mut *blocks };
        let (pw, rest) = p.split_at_mut(fo * fi);
        let (gw, grest) = g.split_at(fo * fi);
        to.push(ParamBlock { params: pw, grad: gw, rows: fo, cols: fi, role: BlockRole::Weight });
        let (pb, rest) = rest.split_at_mut(fo);
        let (gb, grest) = grest.split_at(fo);
        to.push(ParamBlock { params: pb, grad: gb, rows: fo, cols: 1, role: BlockRole::Bias });
        p = rest;
        g = grest;
    }
    let ctx = StepContext::with_lr(lr);
    if let Some(fo) = free_optimizer {
        fo.step(free, &ctx)?;
    }
    if blocks.is_empty() {
        return Ok(());
    }
    optimizer.step(blocks, &ctx)
}
