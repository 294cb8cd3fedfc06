//! A fully connected network with biases (lecture 004): z₁ = x, z_{l+1} = σ(W_l z_l + b_l), linear output.
//!
//! Parameters live in one flat vector, layer after layer: W_l (fan_out × fan_in, row-major: one row
//! per neuron, like PyTorch's `Linear.weight`) then b_l (fan_out). Each of these slices is one
//! optimizer `ParamBlock`. Gradients have the same layout. Examples are stored batch-major (n × width).

use super::activation::Activation;
use super::error::MlpError;
use super::init::InitConfig;
use super::loss::{Loss, Task};
use super::workspace::Workspace;
use crate::rng::LabRng;

/// Largest number of layers (weight matrices) a [`Network`] accepts (diagnostics go to 24).
pub const MAX_LAYERS: usize = 64;
/// Largest width of any layer a [`Network`] accepts.
pub const MAX_WIDTH: usize = 4096;

/// Shape and position of one layer's parameters in the flat vector.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LayerShape {
    /// Inputs of the layer (n_l).
    pub fan_in: usize,
    /// Outputs (neurons) of the layer (n_{l+1}).
    pub fan_out: usize,
    /// Offset of W_l (fan_out × fan_in, row-major) in the flat parameter vector.
    pub w_offset: usize,
    /// Offset of b_l (fan_out) in the flat parameter vector.
    pub b_offset: usize,
}

impl LayerShape {
    /// Range of W_l in the flat vector.
    pub fn w_range(&self) -> std::ops::Range<usize> {
        self.w_offset..self.w_offset + self.fan_in * self.fan_out
    }
    /// Range of b_l in the flat vector.
    pub fn b_range(&self) -> std::ops::Range<usize> {
        self.b_offset..self.b_offset + self.fan_out
    }
}

/// A multilayer perceptron: sizes [n_in, h₁, …, h_{L−1}, n_out], one hidden activation, linear output.
#[derive(Debug, Clone)]
pub struct Network {
    sizes: Vec<usize>,
    activation: Activation,
    layers: Vec<LayerShape>,
    params: Vec<f64>,
    grads: Vec<f64>,
    /// Skip connections: a hidden layer whose input is the previous hidden layer of the same width
    /// adds that input to its output, a_l = a_{l−1} + σ(z_l) (He et al., "Deep Residual Learning",
    /// 2016, with one layer per block). Off by default.
    residual: bool,
    /// Changes whenever the parameters may have changed (a new value from a global counter), so a
    /// workspace can keep the transposed weights of the last forward pass while they are valid.
    stamp: u64,
}

/// A stamp no network has had yet.
fn new_stamp() -> u64 {
    use std::sync::atomic::{AtomicU64, Ordering};
    static NEXT: AtomicU64 = AtomicU64::new(1);
    NEXT.fetch_add(1, Ordering::Relaxed)
}

impl Network {
    /// A network with all parameters 0. `sizes` = [inputs, hidden widths…, outputs] (at least 2 entries).
    pub fn new(sizes: &[usize], activation: Activation) -> Result<Self, MlpError> {
        if sizes.len() < 2 || sizes.len() > MAX_LAYERS + 1 {
            return Err(MlpError::Config(format!(
                "a network needs between 1 and {MAX_LAYERS} layers (got {} sizes)",
                sizes.len()
            )));
        }
        if let Some((i, &w)) = sizes.iter().enumerate().find(|(_, &w)| w == 0 || w > MAX_WIDTH) {
            return Err(MlpError::Config(format!(
                "layer size {i} is {w}; sizes must be between 1 and {MAX_WIDTH}"
            )));
        }
        let mut layers = Vec::with_capacity(sizes.len() - 1);
        let mut off = 0;
        for l in 0..sizes.len() - 1 {
            let (fan_in, fan_out) = (sizes[l], sizes[l + 1]);
            layers.push(LayerShape { fan_in, fan_out, w_offset: off, b_offset: off + fan_in * fan_out });
            off += fan_in * fan_out + fan_out;
        }
        Ok(Network { sizes: sizes.to_vec(), activation, layers, params: vec![0.0; off], grads: vec![0.0; off], residual: false, stamp: new_stamp() })
    }

    /// Draws the weights of every layer from `init`, then the biases of every layer (so the weights
    /// drawn for a seed do not depend on the bias initialisation).
    pub fn initialize(&mut self, init: &InitConfig, rng: &mut LabRng) {
        let mut done = 0;
        self.initialize_part(init, rng, &mut done, usize::MAX);
    }

    /// [`Network::initialize`] in slices: draws at most `max` more parameters, continuing after the
    /// `done` drawn before (counted in its order: every layer's weights, then every layer's
    /// biases), and advances `done`. True once every parameter is drawn. Each entry is drawn on its
    /// own from one stream, so slices of any sizes draw exactly what `initialize` draws: drawing
    /// the 264 k weights of 2-512-512-2 took 14 ms natively and 30–70 ms in the page, in one task.
    pub fn initialize_part(&mut self, init: &InitConfig, rng: &mut LabRng, done: &mut usize, max: usize) -> bool {
        self.stamp = new_stamp();
        let weights = self.layers.iter().map(|s| (s.fan_in, s.w_range(), false));
        let biases = self.layers.iter().map(|s| (s.fan_in, s.b_range(), true));
        let (mut start, mut left) = (0, max);
        for (fan_in, range, bias) in weights.chain(biases).collect::<Vec<_>>() {
            let len = range.len();
            // This segment's part still to draw, and as much of it as this slice may.
            let from = done.saturating_sub(start).min(len);
            let to = from.saturating_add(left).min(len);
            if to > from {
                let part = &mut self.params[range.start + from..range.start + to];
                if bias {
                    init.fill_bias(fan_in, part, rng);
                } else {
                    init.fill(fan_in, part, rng);
                }
                *done += to - from;
                left -= to - from;
            }
            start += len;
            if left == 0 {
                break;
            }
        }
        *done >= self.params.len()
    }

    /// Turns skip connections on or off (see [`Network::skips`]).
    pub fn set_residual(&mut self, on: bool) {
        self.residual = on;
        self.stamp = new_stamp();
    }
    /// Whether skip connections are on.
    pub fn residual(&self) -> bool {
        self.residual
    }
    /// Whether layer `l` has a skip connection: skips are on, `l` is a hidden layer after the
    /// first, and its input has its width (a_l = a_{l−1} + σ(z_l)).
    pub fn skips(&self, l: usize) -> bool {
        self.residual && l > 0 && l + 1 < self.layers.len() && self.layers[l].fan_in == self.layers[l].fan_out
    }

    /// Layer sizes [n_in, h₁, …, n_out].
    pub fn sizes(&self) -> &[usize] {
        &self.sizes
    }
    /// The hidden activation σ.
    pub fn activation(&self) -> Activation {
        self.activation
    }
    /// Number of layers L (weight matrices).
    pub fn num_layers(&self) -> usize {
        self.layers.len()
    }
    /// Shapes and offsets of all layers.
    pub fn layers(&self) -> &[LayerShape] {
        &self.layers
    }
    /// Number of inputs.
    pub fn inputs(&self) -> usize {
        self.sizes[0]
    }
    /// Number of outputs.
    pub fn outputs(&self) -> usize {
        self.sizes[self.sizes.len() - 1]
    }
    /// All parameters, flat (layout in the module doc).
    pub fn params(&self) -> &[f64] {
        &self.params
    }
    /// Operations of one forward pass for one example: a multiply–add per weight and an add per
    /// bias, i.e. the number of parameters (a backward pass costs about twice as much). Slice
    /// sizes and the work counter ([`super::work`]) are measured in these.
    pub fn forward_macs(&self) -> usize {
        self.params.len()
    }
    /// All parameters, flat and mutable.
    pub fn params_mut(&mut self) -> &mut [f64] {
        self.stamp = new_stamp();
        &mut self.params
    }
    /// Gradient of the last [`Network::loss_and_grad`] call, same layout as the parameters.
    pub fn grads(&self) -> &[f64] {
        &self.grads
    }
    /// The gradient, mutable, without marking the parameters as changed (the f32 path writes its
    /// widened gradient here).
    pub(crate) fn grads_mut(&mut self) -> &mut [f64] {
        &mut self.grads
    }
    /// Changes whenever the parameters may have changed (for caches of converted parameters).
    pub(crate) fn stamp(&self) -> u64 {
        self.stamp
    }
    /// Parameters and gradients together (mutable parameters, shared gradients) for an optimizer step.
    pub fn params_and_grads(&mut self) -> (&mut [f64], &mut [f64]) {
        self.stamp = new_stamp();
        (&mut self.params, &mut self.grads)
    }
    /// W_l as a flat row-major fan_out × fan_in slice (`None` if l is out of range).
    pub fn weights(&self, l: usize) -> Option<&[f64]> {
        self.layers.get(l).map(|s| &self.params[s.w_range()])
    }
    /// b_l (`None` if l is out of range).
    pub fn bias(&self, l: usize) -> Option<&[f64]> {
        self.layers.get(l).map(|s| &self.params[s.b_range()])
    }

    /// Brings the workspace's Wᵀ (kept for the forward pass while the parameters stay the same)
    /// up to date from layer `next` on, about `max` entries per call, and advances `next`; true once
    /// every layer is (the next forward pass then transposes nothing). A deep network's first
    /// forward pass otherwise transposes every layer at once: at 24 × 280, most of a 30-ms first
    /// pass natively, one task of 36–48 ms in the page. `ws` must fit the network
    /// ([`Workspace::ensure`]).
    pub fn transpose_part(&self, ws: &mut Workspace, next: &mut usize, max: usize) -> bool {
        if ws.wt_stamp == self.stamp {
            return true;
        }
        let mut done = 0;
        while *next < self.layers.len() && done < max {
            let s = self.layers[*next];
            // The layers the forward pass reads through Wᵀ (see `forward`).
            if s.fan_out >= 4 {
                if let Some(wt) = ws.wt.get_mut(*next) {
                    wt.resize(s.fan_in * s.fan_out, 0.0);
                    transpose(&self.params[s.w_range()], s.fan_out, s.fan_in, wt);
                }
                done += s.fan_in * s.fan_out;
            }
            *next += 1;
        }
        if *next < self.layers.len() {
            return false;
        }
        ws.wt_stamp = self.stamp;
        true
    }

    /// Forward pass over `n` examples `x` (n × n_in, batch-major). Returns the n × n_out outputs,
    /// which live in `ws`. Intermediate z_l and a_l stay in `ws` for a following backward pass.
    pub fn forward<'w>(&self, ws: &'w mut Workspace, x: &[f64], n: usize) -> Result<&'w [f64], MlpError> {
        if x.len() < n * self.inputs() {
            return Err(MlpError::Shape(format!(
                "expected {} input numbers for {n} examples, got {}",
                n * self.inputs(),
                x.len()
            )));
        }
        ws.ensure(&self.sizes, n);
        crate::work::add(n * self.forward_macs());
        let last = self.layers.len() - 1;
        for (l, s) in self.layers.iter().enumerate() {
            let (fi, fo) = (s.fan_in, s.fan_out);
            let w = &self.params[s.w_range()];
            let b = &self.params[s.b_range()];
            let z = &mut ws.z[l][..n * fo];
            let input: &[f64] = if l == 0 { &x[..n * fi] } else { &ws.a[l - 1][..n * fi] };
            if fo >= 4 {
                // Axpy form z_i += x_ik · (row k of Wᵀ): the inner loop runs over contiguous outputs
                // with no reduction, so it vectorizes.
                // Wᵀ is kept in the workspace while the parameters stay the same (the slices of
                // one training step, every block of the init statistics).
                let wt = &mut ws.wt[l];
                if ws.wt_stamp != self.stamp {
                    wt.resize(fi * fo, 0.0);
                    transpose(w, fo, fi, wt);
                }
                for (zi, xi) in z.chunks_exact_mut(fo).zip(input.chunks_exact(fi)) {
                    zi.copy_from_slice(b);
                    for (k, &xk) in xi.iter().enumerate() {
                        let row = &wt[k * fo..(k + 1) * fo];
                        for (zj, &wj) in zi.iter_mut().zip(row) {
                            *zj += xk * wj;
                        }
                    }
                }
            } else {
                // Few outputs (e.g. the regression head): dot products with the rows of W.
                for (zi, xi) in z.chunks_exact_mut(fo).zip(input.chunks_exact(fi)) {
                    for (j, zj) in zi.iter_mut().enumerate() {
                        let row = &w[j * fi..(j + 1) * fi];
                        *zj = b[j] + dot(row, xi);
                    }
                }
            }
            let (before, rest) = ws.a.split_at_mut(l);
            let a = &mut rest[0][..n * fo];
            if l == last {
                a.copy_from_slice(z);
            } else {
                self.activation.forward_slice(z, a);
                if self.skips(l) {
                    a.iter_mut().zip(&before[l - 1][..n * fi]).for_each(|(a, &p)| *a += p);
                }
            }
        }
        ws.wt_stamp = self.stamp;
        Ok(&ws.a[last][..n * self.outputs()])
    }

    /// Checks that `task` fits the network's outputs and that `y` holds targets for `n` examples
    /// (n × outputs numbers for regression, n class indices for classification).
    pub(crate) fn check_targets(&self, y: &[f64], n: usize, task: Task) -> Result<(), MlpError> {
        let k = self.outputs();
        if task.outputs() != k {
            return Err(MlpError::Shape(format!("the network has {k} outputs but the task needs {}", task.outputs())));
        }
        let need_y = match task {
            Task::Regression => n * k,
            Task::Classification { .. } => n,
        };
        if y.len() < need_y {
            return Err(MlpError::Shape(format!("expected {need_y} targets, got {}", y.len())));
        }
        Ok(())
    }

    /// Forward pass, loss and backward pass over `n` examples: returns the mean loss and leaves
    /// ∂L/∂θ in [`Network::grads`]. Backpropagation (lecture 004): with δ_L = ∂L/∂z_L,
    /// ∂L/∂W_l = δ_lᵀ a_{l−1}, ∂L/∂b_l = Σᵢ δ_l,i, δ_{l−1} = (δ_l W_l) ⊙ σ'(z_{l−1}).
    pub fn loss_and_grad(
        &mut self,
        ws: &mut Workspace,
        x: &[f64],
        y: &[f64],
        n: usize,
        task: Task,
        loss: Loss,
    ) -> Result<f64, MlpError> {
        let k = self.outputs();
        self.check_targets(y, n, task)?;
        self.forward(ws, x, n)?;
        let last = self.layers.len() - 1;
        let value = {
            let [d0, _] = &mut ws.delta;
            loss.value_and_grad(task, &ws.a[last][..n * k], y, n, &mut d0[..n * k])
        };
        self.backward(ws, x, n, None);
        Ok(value)
    }

    /// Backward pass; expects ∂L/∂(output) in `ws.delta[0]` and the forward intermediates in `ws`
    /// (the caller has run [`Network::forward`] on the same `x`). `probe`, if given, is called with
    /// (l, δ_l = ∂L/∂z_l) for every layer l from the last to the first (used by the diagnostics).
    #[allow(clippy::type_complexity)]
    pub(crate) fn backward(
        &mut self,
        ws: &mut Workspace,
        x: &[f64],
        n: usize,
        mut probe: Option<&mut dyn FnMut(usize, &[f64])>,
    ) {
        // Weight gradients and δ back through every layer but the first: about twice the forward work.
        crate::work::add(2 * n * self.forward_macs());
        let mut cur = 0usize;
        for l in (0..self.layers.len()).rev() {
            let s = self.layers[l];
            let (fi, fo) = (s.fan_in, s.fan_out);
            let input: &[f64] = if l == 0 { &x[..n * fi] } else { &ws.a[l - 1][..n * fi] };
            let [d0, d1] = &mut ws.delta;
            let (dcur, dprev) = if cur == 0 { (&*d0, d1) } else { (&*d1, d0) };
            let dcur = &dcur[..n * fo];
            if let Some(p) = probe.as_mut() {
                p(l, dcur);
            }
            // Bias gradient: Σᵢ δᵢ.
            {
                let gb = &mut self.grads[s.b_range()];
                gb.iter_mut().for_each(|g| *g = 0.0);
                for di in dcur.chunks_exact(fo) {
                    for (g, &d) in gb.iter_mut().zip(di) {
                        *g += d;
                    }
                }
            }
            // Weight gradient: G[j][k] = Σᵢ δᵢⱼ xᵢₖ, accumulated along the longer axis.
            // (Either way each G[j][k] adds its n terms in the same order, so both give the same
            // bits; the transposed form pays a transpose per call and helps only short rows.)
            if fo >= fi && fi < 16 {
                let gwt = &mut ws.gwt[..fi * fo];
                gwt.iter_mut().for_each(|g| *g = 0.0);
                for (di, xi) in dcur.chunks_exact(fo).zip(input.chunks_exact(fi)) {
                    for (k, &xk) in xi.iter().enumerate() {
                        for (g, &d) in gwt[k * fo..(k + 1) * fo].iter_mut().zip(di) {
                            *g += xk * d;
                        }
                    }
                }
                let gw = &mut self.grads[s.w_range()];
                for j in 0..fo {
                    for k in 0..fi {
                        gw[j * fi + k] = gwt[k * fo + j];
                    }
                }
            } else {
                let gw = &mut self.grads[s.w_range()];
                gw.iter_mut().for_each(|g| *g = 0.0);
                for (di, xi) in dcur.chunks_exact(fo).zip(input.chunks_exact(fi)) {
                    for (j, &d) in di.iter().enumerate() {
                        for (g, &xk) in gw[j * fi..(j + 1) * fi].iter_mut().zip(xi) {
                            *g += d * xk;
                        }
                    }
                }
            }
            if l == 0 {
                break;
            }
            // δ_{l−1} = (δ_l W_l) ⊙ σ'(z_{l−1}).
            let w = &self.params[s.w_range()];
            let dprev = &mut dprev[..n * fi];
            for (dp, di) in dprev.chunks_exact_mut(fi).zip(dcur.chunks_exact(fo)) {
                dp.iter_mut().for_each(|v| *v = 0.0);
                for (j, &d) in di.iter().enumerate() {
                    for (v, &wjk) in dp.iter_mut().zip(&w[j * fi..(j + 1) * fi]) {
                        *v += d * wjk;
                    }
                }
            }
            if self.residual {
                // With a skip at layer l, a_l = a_{l−1} + σ(z_l): ∂L/∂a_{l−1} also receives ∂L/∂a_l
                // (kept from the step before). With one at layer l − 1, ∂L/∂a_{l−1} is kept for the
                // next step, and σ' needs σ(z_{l−1}), which a_{l−1} no longer is.
                for buffer in [&mut ws.skip_grad, &mut ws.skip_act] {
                    if buffer.len() < n * fi {
                        buffer.resize(n * fi, 0.0);
                    }
                }
                let skip_grad = &mut ws.skip_grad[..n * fi];
                if self.skips(l) {
                    dprev.iter_mut().zip(skip_grad.iter()).for_each(|(d, &g)| *d += g);
                }
                if self.skips(l - 1) {
                    skip_grad.copy_from_slice(dprev);
                    let act = &mut ws.skip_act[..n * fi];
                    self.activation.forward_slice(&ws.z[l - 1][..n * fi], act);
                    self.activation.backward_slice(&ws.z[l - 1][..n * fi], act, dprev);
                    cur = 1 - cur;
                    continue;
                }
            }
            self.activation.backward_slice(&ws.z[l - 1][..n * fi], &ws.a[l - 1][..n * fi], dprev);
            cur = 1 - cur;
        }
    }

    /// True if every parameter is a finite number.
    pub fn is_finite(&self) -> bool {
        self.params.iter().all(|p| p.is_finite())
    }
}

/// out = Aᵀ for A row-major `rows × cols`, in 16 × 16 tiles (a row-by-row transpose of a
/// 512 × 512 matrix writes with a 4 KB stride and misses the cache on every element).
fn transpose(a: &[f64], rows: usize, cols: usize, out: &mut [f64]) {
    const T: usize = 16;
    for j0 in (0..rows).step_by(T) {
        for k0 in (0..cols).step_by(T) {
            for j in j0..(j0 + T).min(rows) {
                for k in k0..(k0 + T).min(cols) {
                    out[k * rows + j] = a[j * cols + k];
                }
            }
        }
    }
}

/// Dot product with four independent accumulators (shorter dependency chain than a plain sum).
#[inline]
pub(crate) fn dot(a: &[f64], b: &[f64]) -> f64 {
    let n = a.len().min(b.len());
    let (a, b) = (&a[..n], &b[..n]);
    let mut acc = [0.0f64; 4];
    let mut ca = a.chunks_exact(4);
    let mut cb = b.chunks_exact(4);
    for (x, y) in (&mut ca).zip(&mut cb) {
        for t in 0..4 {
            acc[t] += x[t] * y[t];
        }
    }
    let mut s = (acc[0] + acc[1]) + (acc[2] + acc[3]);
    for (x, y) in ca.remainder().iter().zip(cb.remainder()) {
        s += x * y;
    }
    s
}
