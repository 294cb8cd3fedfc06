//! Signal propagation at initialisation (lecture 004, "What causes these effects?").
//!
//! With w ~ N(0, 1/n) and x ~ N(0, I), Var[wᵀx] = n · (1/n) · 1 = 1: a linear layer keeps the variance.
//! ReLU zeroes half the inputs (E[relu(z)²] = Var[z]/2), so Var must be doubled: N(0, 2/n) (Kaiming).
//! With Xavier and ReLU each layer halves the variance, so after L layers the activations' std has
//! shrunk by 2^{−L/2}; with too large a scale it grows geometrically instead. The same factors act on
//! the gradients flowing backwards. These functions measure it on an actual deep network.

use serde::{Deserialize, Serialize};

use super::activation::Activation;
use super::error::{config_err, MlpError};
use super::init::{BiasInit, InitConfig};
use super::network::Network;
use super::workspace::Workspace;
use crate::rng::{normal, seeded};

/// Settings of one measurement.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct DiagnosticsConfig {
    /// Number of hidden layers (1–24), each of width `width`, followed by a linear layer of width `width`.
    pub depth: usize,
    /// Width of every layer, also the number of inputs (1–512).
    pub width: usize,
    /// Hidden activation.
    pub activation: Activation,
    /// Weight initialisation.
    pub init: InitConfig,
    /// Number of random N(0, 1) input vectors (1–4096).
    pub batch: usize,
    /// Seed of the weights, the inputs and the random output gradient.
    pub seed: u64,
}

impl Default for DiagnosticsConfig {
    fn default() -> Self {
        DiagnosticsConfig {
            depth: 20,
            width: 64,
            activation: Activation::Relu,
            init: InitConfig::default(),
            batch: 256,
            seed: 1,
        }
    }
}

impl DiagnosticsConfig {
    /// Checks the ranges given in the field docs.
    pub fn validate(&self) -> Result<(), MlpError> {
        if !(1..=24).contains(&self.depth) {
            return config_err(format!("depth must be between 1 and 24 layers (got {})", self.depth));
        }
        if !(1..=512).contains(&self.width) {
            return config_err(format!("width must be between 1 and 512 (got {})", self.width));
        }
        let weights = (self.depth + 1) * self.width * self.width;
        if weights > MAX_DIAGNOSTICS_WEIGHTS {
            return config_err(format!(
                "{} layers of width {} have {weights} weights; the statistics view computes at most \
                 {MAX_DIAGNOSTICS_WEIGHTS} interactively (width {} at this depth, or fewer layers)",
                self.depth,
                self.width,
                ((MAX_DIAGNOSTICS_WEIGHTS / (self.depth + 1)) as f64).sqrt() as usize
            ));
        }
        if !(1..=4096).contains(&self.batch) {
            return config_err(format!("batch must be between 1 and 4096 (got {})", self.batch));
        }
        self.init.validate()
    }
}

/// Statistics of one hidden layer l = 1…depth at initialisation.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct LayerStats {
    /// Layer number, 1 = first hidden layer.
    pub layer: usize,
    /// Standard deviation of the pre-activations z_l over the batch and the units.
    pub pre_std: f64,
    /// Standard deviation of the activations a_l = σ(z_l).
    pub act_std: f64,
    /// Standard deviation of the back-propagated gradient ∂L/∂z_l, where the output receives a random
    /// N(0, 1) gradient (i.e. L = Σ g ⊙ output with g ~ N(0, I)).
    pub grad_std: f64,
}

/// Per-layer statistics at initialisation: a batch of x ~ N(0, I) through a fresh network
/// (`depth` hidden layers of `width`), and random output gradients back through it.
pub fn init_diagnostics(cfg: &DiagnosticsConfig) -> Result<Vec<LayerStats>, MlpError> {
    let mut run = InitDiagnostics::new(cfg)?;
    while !run.advance() {}
    Ok(run.stats())
}

/// Most weights of the statistics' network, (depth + 1)·width²: one example costs three
/// multiply–adds per weight, and a slice is at least one example (e.g. 24 layers of width 282,
/// or 8 of 471).
pub const MAX_DIAGNOSTICS_WEIGHTS: usize = 2_000_000;

/// Multiply–adds per slice of [`InitDiagnostics::advance`] (≈ 2–8 ms in the browser, by the
/// machine: 10 million had made 14–50-ms ticks on opening the MLP lab on this machine kind).
pub const DIAGNOSTICS_SLICE_MACS: usize = 4_000_000;
/// Weights initialised per slice: a normal draw (a logarithm, a square root and a cosine) costs
/// about as much as a few dozen multiply–adds, and 250,000 of them made 45–73-ms ticks on opening
/// the init statistics of a 24 × 280 network on this machine kind.
const INIT_SLICE_WEIGHTS: usize = 50_000;

/// Σv and Σv² of one layer's values, for a standard deviation over the whole batch.
#[derive(Debug, Clone, Copy, Default)]
struct Moments {
    sum: f64,
    sum_sq: f64,
    count: f64,
}

impl Moments {
    fn add(&mut self, v: &[f64]) {
        for &x in v {
            self.sum += x;
            self.sum_sq += x * x;
        }
        self.count += v.len() as f64;
    }
    fn std(&self) -> f64 {
        if self.count == 0.0 {
            return 0.0;
        }
        let m = self.sum / self.count;
        (self.sum_sq / self.count - m * m).max(0.0).sqrt()
    }
}

/// [`init_diagnostics`] computed a block of examples at a time, so that a deep, wide network on a
/// large batch never blocks the page: each [`InitDiagnostics::advance`] does about
/// [`DIAGNOSTICS_SLICE_MACS`] multiply–adds. Examples are independent (no batch statistics), so
/// the standard deviations over the batch are sums over the blocks.
pub struct InitDiagnostics {
    cfg: DiagnosticsConfig,
    net: Network,
    rng: crate::rng::LabRng,
    /// Parameters drawn so far (every layer's weights, then the biases, set to 0).
    drawn: usize,
    /// Layers whose Wᵀ has been prepared for the passes (see `Network::transpose_part`).
    transposed: usize,
    ws: Workspace,
    x: Vec<f64>,
    /// Examples done and examples per block.
    done: usize,
    rows: usize,
    pre: Vec<Moments>,
    act: Vec<Moments>,
    grad: Vec<Moments>,
}

impl InitDiagnostics {
    /// A fresh network for `cfg` (validated), nothing computed yet.
    pub fn new(cfg: &DiagnosticsConfig) -> Result<Self, MlpError> {
        cfg.validate()?;
        let w = cfg.width;
        let sizes = vec![w; cfg.depth + 2];
        let net = Network::new(&sizes, cfg.activation)?;
        let rng = seeded(cfg.seed);
        // The weights are drawn by `advance`, INIT_SLICE_WEIGHTS per slice (biases stay 0 whatever
        // `init.bias` says: the lecture's variance argument is about wᵀx).
        let rows = (DIAGNOSTICS_SLICE_MACS / (3 * net.forward_macs()).max(1)).clamp(1, cfg.batch);
        Ok(InitDiagnostics {
            cfg: *cfg,
            net,
            rng,
            drawn: 0,
            transposed: 0,
            ws: Workspace::new(),
            x: Vec::new(),
            done: 0,
            rows,
            pre: vec![Moments::default(); cfg.depth],
            act: vec![Moments::default(); cfg.depth],
            grad: vec![Moments::default(); cfg.depth],
        })
    }

    /// Fraction of the batch done.
    pub fn progress(&self) -> f64 {
        self.done as f64 / self.cfg.batch.max(1) as f64
    }

    /// Whether every parameter has been drawn.
    fn initialised(&self) -> bool {
        self.drawn >= self.net.params().len()
    }

    /// Pushes the next block of examples forward and back; true once the whole batch is done.
    pub fn advance(&mut self) -> bool {
        let (w, depth) = (self.cfg.width, self.cfg.depth);
        if self.done >= self.cfg.batch {
            return true;
        }
        if !self.initialised() {
            // The same draws as `Network::initialize`; a slice may end inside a layer.
            let init = InitConfig { bias: BiasInit::Zero, ..self.cfg.init };
            self.net.initialize_part(&init, &mut self.rng, &mut self.drawn, INIT_SLICE_WEIGHTS);
            return false;
        }
        if self.ws.rows < self.rows {
            // The buffers of the passes in a slice of their own: for a deep, wide network they
            // are tens of MB (Wᵀ of every layer). Natively at 24 × 280 the first pass took 30 ms
            // against 7 for the next ones; allocating is 9 ms of it, and most of the rest the
            // first transposition of every layer's weights, done next in slices.
            let sizes = vec![w; depth + 2];
            self.ws.ensure(&sizes, self.rows);
            return false;
        }
        if !self.net.transpose_part(&mut self.ws, &mut self.transposed, INIT_SLICE_WEIGHTS) {
            return false;
        }
        let n = self.rows.min(self.cfg.batch - self.done);
        self.x.clear();
        for _ in 0..n * w {
            self.x.push(normal(&mut self.rng));
        }
        if self.net.forward(&mut self.ws, &self.x, n).is_err() {
            self.done = self.cfg.batch;
            return true;
        }
        for l in 0..depth {
            self.pre[l].add(&self.ws.z[l][..n * w]);
            self.act[l].add(&self.ws.a[l][..n * w]);
        }
        for g in self.ws.delta[0][..n * w].iter_mut() {
            *g = normal(&mut self.rng);
        }
        let grad = &mut self.grad;
        let mut record = |l: usize, d: &[f64]| {
            if let Some(m) = grad.get_mut(l).filter(|_| l < depth) {
                m.add(d);
            }
        };
        self.net.backward(&mut self.ws, &self.x, n, Some(&mut record));
        self.done += n;
        self.done >= self.cfg.batch
    }

    /// The statistics of the examples done so far (all of them after the last `advance`).
    pub fn stats(&self) -> Vec<LayerStats> {
        (0..self.cfg.depth)
            .map(|l| LayerStats { layer: l + 1, pre_std: self.pre[l].std(), act_std: self.act[l].std(), grad_std: self.grad[l].std() })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::mlp::init::InitKind;

    fn run_with(act: Activation, kind: InitKind, width: usize, batch: usize, seed: u64) -> Vec<LayerStats> {
        let cfg = DiagnosticsConfig { depth: 20, width, batch, seed, activation: act, init: InitConfig { kind, scale: 0.1, ..InitConfig::default() } };
        init_diagnostics(&cfg).expect("valid")
    }

    fn run(act: Activation, kind: InitKind) -> Vec<LayerStats> {
        run_with(act, kind, 64, 256, 1)
    }

    #[test]
    #[ignore]
    fn timing_of_the_first_slices() {
        let cfg = DiagnosticsConfig { depth: 24, width: 280, batch: 4096, seed: 7, activation: Activation::Tanh, init: InitConfig { kind: InitKind::Kaiming, ..InitConfig::default() } };
        let mut d = InitDiagnostics::new(&cfg).unwrap();
        for k in 0..60 {
            let t = std::time::Instant::now();
            let phase = if !d.initialised() { "init" } else if d.ws.rows < d.rows { "buffers" } else if d.transposed < d.net.num_layers() { "transpose" } else { "pass" };
            d.advance();
            println!("slice {k} ({phase}): {:.2} ms", t.elapsed().as_secs_f64() * 1e3);
        }
    }

    #[test]
    fn weights_drawn_in_slices_are_the_weights_drawn_layer_by_layer() {
        // Width 300: a layer holds 90,000 weights, so slices of INIT_SLICE_WEIGHTS end inside
        // layers; the weights must be those of drawing each layer whole from the same stream.
        let cfg = DiagnosticsConfig { depth: 3, width: 300, batch: 8, seed: 7, activation: Activation::Tanh, init: InitConfig { kind: InitKind::Kaiming, ..InitConfig::default() } };
        let mut d = InitDiagnostics::new(&cfg).unwrap();
        let mut slices = 0;
        while !d.initialised() {
            assert!(!d.advance());
            slices += 1;
        }
        let total = d.net.params().len();
        assert_eq!(slices, total.div_ceil(INIT_SLICE_WEIGHTS), "{total} parameters in slices of {INIT_SLICE_WEIGHTS}");
        assert!(slices > d.net.num_layers(), "some slice ends inside a layer");
        let mut rng = seeded(cfg.seed);
        let init = InitConfig { bias: BiasInit::Zero, ..cfg.init };
        let mut whole = d.net.params().to_vec();
        for s in d.net.layers() {
            init.fill(s.fan_in, &mut whole[s.w_range()], &mut rng);
        }
        assert_eq!(whole, d.net.params(), "same weights, bit for bit");
    }

    #[test]
    fn kaiming_keeps_relu_activations_in_band() {
        // Theory: with Kaiming N(0, 2/n) and ReLU, E[z_{l+1}²] = E[z_l²] exactly, layer after layer.
        // At finite width n each layer's gain fluctuates a little and the fluctuations add up like a
        // random walk in log scale: after L layers log(std ratio) has spread ≈ ½·√(5L/n) (Hanin 2018).
        // Width 64, L = 20: spread ≈ 0.62, so each seed must stay within [1/4, 4] (±2.2 spreads).
        // Width 256: spread ≈ 0.31, and the geometric mean over 8 seeds (spread ≈ 0.11) must lie in
        // [0.5, 2]. Xavier with ReLU, for comparison, gives 2^(−19/2) ≈ 0.0014 (next test).
        for seed in 1..=8 {
            let s = run_with(Activation::Relu, InitKind::Kaiming, 64, 256, seed);
            for l in &s {
                let r = l.act_std / s[0].act_std;
                assert!((0.25..4.0).contains(&r), "seed {seed} layer {}: ratio {r}", l.layer);
                let g = l.grad_std / s[19].grad_std;
                assert!((0.25..4.0).contains(&g), "seed {seed} layer {}: grad ratio {g}", l.layer);
            }
        }
        let mut log_sum = 0.0;
        for seed in 1..=8 {
            let s = run_with(Activation::Relu, InitKind::Kaiming, 256, 64, seed);
            log_sum += (s[19].act_std / s[0].act_std).ln();
        }
        let geo = (log_sum / 8.0).exp();
        assert!((0.5..2.0).contains(&geo), "geometric mean ratio {geo}");
    }

    #[test]
    fn xavier_with_relu_shrinks() {
        // Xavier N(0, 1/n) with ReLU halves the variance per layer: std ratio after 19 more layers
        // ≈ 2^{−19/2} ≈ 0.0014; we require < 0.01 and monotone shrinking by the end.
        let s = run(Activation::Relu, InitKind::Xavier);
        let r = s[19].act_std / s[0].act_std;
        assert!(r < 0.01, "ratio {r}");
        assert!(r > 1e-4, "ratio {r} (theory ≈ 1.4e-3)");
        // Backwards, the gradient reaching layer 1 is also ≈ 2^{−19/2} times the one at layer 20.
        assert!(s[0].grad_std / s[19].grad_std < 0.01);
    }

    #[test]
    fn xavier_keeps_tanh_and_linear_at_scale() {
        // For linear layers N(0, 1/n) preserves variance exactly in expectation (lecture 004).
        let s = run(Activation::Linear, InitKind::Xavier);
        let r = s[19].act_std / s[0].act_std;
        assert!((0.5..2.0).contains(&r), "linear ratio {r}");
        // tanh is contracting (|tanh z| ≤ |z|), so the signal decays slowly but not geometrically by 2.
        let t = run(Activation::Tanh, InitKind::Xavier);
        let rt = t[19].act_std / t[0].act_std;
        assert!(rt < 1.0 && rt > 0.1, "tanh ratio {rt}");
    }
}
