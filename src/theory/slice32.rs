//! The loss on the plane w* + a·d₁ + b·d₂, fast: single-precision passes in the layout and with
//! the arithmetic of [`crate::mlp::fast32`] (the same products and sums in the same order, so the
//! same bits as its panel kernel), and the first layer's products computed once for the whole
//! plane. Natively the layers run as contiguous updates over the examples, which the compiler
//! vectorizes (twice the panel's speed there); in wasm they run fast32's simd128 panel and its
//! 4-lane tanh, which the compiler does not produce from the scalar loops.
//!
//! In Chromium (`node tests/bench/theory.mjs`, the sum of the ticks' times): a 101 × 101 slice of
//! 2-64-64-2 on 200 points takes about 0.8 s; a CPU profile of it puts about 60 % in the panel
//! kernel (≈ 32 GFLOP/s), 25 % in tanh and most of the rest in the f64 loss.
//!
//! Measured natively (test profile, opt-level 2, on a machine shared with other builds, CPU time
//! of the thread): a 101 × 101 slice of 2-64-64-1 on 200 points (883 k multiply–adds a point)
//! takes 1.5–1.8 s, against 3.6–3.7 s through fast32's forward pass point by point
//! (`time_the_fast_plane`).
//!
//! The weights are affine in (a, b), so the first layer's pre-activations are too:
//! z₁(a, b) = (W₁* + a·D₁ + b·E₁)x + (b₁* + a·δ₁ + b·ε₁) = Z₀ + a·Z_a + b·Z_b, three N × h₁
//! matrices computed once ([`PlaneLoss::new`]); each grid point then costs one pass through the
//! layers after the first, whose weights W_l(a, b) = W_l* + a·D_l + b·E_l are formed in f32 (one
//! multiply–add per weight, against N per weight for the pass). The loss itself is computed in f64
//! on the widened outputs, as the f32 training path does.
//!
//! The reference is [`super::slice::LossProbe`] in f64; the two agree to single precision (see the
//! tests for the tolerance and its reason).

use crate::mlp::fast32::{activate, padded, panel, Strided};
use crate::mlp::fastmath32::tanh32;
use crate::mlp::{Activation, Dataset, Loss, MlpError, Network, Task};

/// 𝓛(w* + a·d₁ + b·d₂) for any (a, b), in f32 passes.
pub struct PlaneLoss {
    sizes: Vec<usize>,
    layers: Vec<crate::mlp::LayerShape>,
    skips: Vec<bool>,
    activation: Activation,
    task: Task,
    loss: Loss,
    y: Vec<f64>,
    n: usize,
    np: usize,
    /// w*, d₁, d₂ rounded to f32 (the network's layout).
    c: Vec<f32>,
    d1: Vec<f32>,
    d2: Vec<f32>,
    /// Z₀, Z_a, Z_b of the first layer (h₁ × np, feature-major).
    first: [Vec<f32>; 3],
    /// W_l(a, b) and b_l(a, b) of the layer being computed.
    w: Vec<f32>,
    /// Per layer: z and a (width × np).
    z: Vec<Vec<f32>>,
    a: Vec<Vec<f32>>,
    out: Vec<f64>,
    /// The layers after the first by [`axpy_layer`] (the native default: twice as fast natively
    /// as fast32's panel kernel, whose register tiles the native build does not vectorize) or by
    /// the panel kernel (the same bits; the default in wasm, where its tiles are simd128 and
    /// measured 15 % faster than the auto-vectorized axpy in Chromium).
    pub axpy: bool,
}

/// out[r][i] = bias[r] + Σ_c W[r][c]·inp[c][i] (rows × np, feature-major), four rows at a time,
/// each a contiguous update over the examples that the compiler vectorizes: for every c in
/// order, a product then a sum per element — the operations, in the order, of fast32's panel.
fn axpy_layer(out: &mut [f32], inp: &[f32], w: &[f32], bias: &[f32], rows: usize, cols: usize, np: usize) {
    let out = &mut out[..rows * np];
    let inp = &inp[..cols * np];
    let mut r = 0;
    while r < rows {
        let k = (rows - r).min(4);
        let block = &mut out[r * np..(r + k) * np];
        for (q, z) in block.chunks_exact_mut(np).enumerate() {
            z.iter_mut().for_each(|v| *v = bias[r + q]);
        }
        if k == 4 {
            let (z0, rest) = block.split_at_mut(np);
            let (z1, rest) = rest.split_at_mut(np);
            let (z2, z3) = rest.split_at_mut(np);
            let wr = |q: usize, c: usize| w[(r + q) * cols + c];
            // Two inputs per pass over the rows (each element still adds c, then c + 1): half
            // the loads and stores of z per multiply–add.
            let mut c = 0;
            while c + 2 <= cols {
                let (h, g) = (&inp[c * np..(c + 1) * np], &inp[(c + 1) * np..(c + 2) * np]);
                let (w0, w1, w2, w3) = (wr(0, c), wr(1, c), wr(2, c), wr(3, c));
                let (v0, v1, v2, v3) = (wr(0, c + 1), wr(1, c + 1), wr(2, c + 1), wr(3, c + 1));
                for (((((a, b), d), e), &x), &y) in z0.iter_mut().zip(z1.iter_mut()).zip(z2.iter_mut()).zip(z3.iter_mut()).zip(h).zip(g) {
                    *a = (*a + w0 * x) + v0 * y;
                    *b = (*b + w1 * x) + v1 * y;
                    *d = (*d + w2 * x) + v2 * y;
                    *e = (*e + w3 * x) + v3 * y;
                }
                c += 2;
            }
            if c < cols {
                let h = &inp[c * np..(c + 1) * np];
                let (w0, w1, w2, w3) = (wr(0, c), wr(1, c), wr(2, c), wr(3, c));
                for ((((a, b), d), e), &x) in z0.iter_mut().zip(z1.iter_mut()).zip(z2.iter_mut()).zip(z3.iter_mut()).zip(h) {
                    *a += w0 * x;
                    *b += w1 * x;
                    *d += w2 * x;
                    *e += w3 * x;
                }
            }
        } else {
            for (q, z) in block.chunks_exact_mut(np).enumerate() {
                for c in 0..cols {
                    let wc = w[(r + q) * cols + c];
                    z.iter_mut().zip(&inp[c * np..(c + 1) * np]).for_each(|(a, &x)| *a += wc * x);
                }
            }
        }
        r += k;
    }
}

impl PlaneLoss {
    /// The plane through `centre` along `d1`, `d2` for `net`'s architecture on `data` with `loss`.
    pub fn new(net: &Network, data: &Dataset, loss: Loss, centre: &[f64], d1: &[f64], d2: &[f64]) -> Result<Self, MlpError> {
        let p = net.params().len();
        if centre.len() != p || d1.len() != p || d2.len() != p {
            return Err(MlpError::Shape(format!("the plane needs {p} numbers per vector")));
        }
        let (n, fi0) = (data.len(), net.inputs());
        if data.dim() != fi0 {
            return Err(MlpError::Shape(format!("the network has {fi0} inputs, the data {}", data.dim())));
        }
        net.check_targets(data.y(), n, data.task())?;
        // Padded to the panel's 8, as fast32's training: 4 % fewer products at N = 200 than 208.
        let np = padded(n);
        let f32s = |v: &[f64]| v.iter().map(|&x| x as f32).collect::<Vec<f32>>();
        let (c, d1, d2) = (f32s(centre), f32s(d1), f32s(d2));
        let mut x = vec![0f32; fi0 * np];
        for (i, row) in data.x().chunks_exact(fi0).take(n).enumerate() {
            for (k, &v) in row.iter().enumerate() {
                x[k * np + i] = v as f32;
            }
        }
        let layers = net.layers().to_vec();
        let s0 = layers[0];
        let first = [&c, &d1, &d2].map(|v| {
            let mut z = vec![0f32; s0.fan_out * np];
            panel(&mut z, &x, Strided { data: &v[s0.w_range()], rs: s0.fan_in, cs: 1 }, s0.fan_out, s0.fan_in, np, np, Some(&v[s0.b_range()]));
            z
        });
        let skips = (0..layers.len()).map(|l| net.skips(l)).collect();
        let widest = layers.iter().map(|s| s.fan_in * s.fan_out + s.fan_out).max().unwrap_or(0);
        Ok(PlaneLoss {
            sizes: net.sizes().to_vec(),
            z: layers.iter().map(|s| vec![0f32; s.fan_out * np]).collect(),
            a: layers.iter().map(|s| vec![0f32; s.fan_out * np]).collect(),
            layers,
            skips,
            activation: net.activation(),
            task: data.task(),
            loss,
            y: data.y().to_vec(),
            n,
            np,
            c,
            d1,
            d2,
            first,
            w: vec![0f32; widest],
            out: vec![0.0; n * net.outputs()],
            axpy: !cfg!(target_arch = "wasm32"),
        })
    }

    /// Multiply–adds of one [`PlaneLoss::at`] (about N per weight after the first layer).
    pub fn macs(&self) -> usize {
        let after: usize = self.layers.iter().skip(1).map(|s| s.fan_in * s.fan_out + s.fan_out).sum();
        self.n * (after + 3 * self.sizes[1]).max(1)
    }

    /// 𝓛(w* + a·d₁ + b·d₂) (NaN if an output is not finite).
    pub fn at(&mut self, a: f64, b: f64) -> f64 {
        crate::work::add(self.macs());
        let (af, bf) = (a as f32, b as f32);
        let np = self.np;
        let last = self.layers.len() - 1;
        for (l, s) in self.layers.iter().enumerate() {
            let (fi, fo) = (s.fan_in, s.fan_out);
            if l == 0 {
                let [z0, za, zb] = &self.first;
                for (((z, &p), &q), &r) in self.z[0].iter_mut().zip(z0).zip(za).zip(zb) {
                    *z = p + af * q + bf * r;
                }
            } else {
                let len = fi * fo + fo;
                let range = s.w_offset..s.w_offset + len;
                for (((w, &p), &q), &r) in self.w[..len].iter_mut().zip(&self.c[range.clone()]).zip(&self.d1[range.clone()]).zip(&self.d2[range]) {
                    *w = p + af * q + bf * r;
                }
                let (wm, bias) = self.w[..len].split_at(fi * fo);
                let (before, rest) = self.a.split_at_mut(l);
                if self.axpy {
                    axpy_layer(&mut self.z[l], &before[l - 1], wm, bias, fo, fi, np);
                } else {
                    panel(&mut self.z[l], &before[l - 1], Strided { data: wm, rs: fi, cs: 1 }, fo, fi, np, np, Some(bias));
                }
                let _ = rest;
            }
            if l < last {
                let (before, rest) = self.a.split_at_mut(l);
                if self.activation == Activation::Tanh && !cfg!(target_arch = "wasm32") {
                    // fast32's tanh (the same bits as its 4-lane form) as a plain loop, which the
                    // native build vectorizes: most of a point's time otherwise. In wasm the
                    // compiler leaves this loop scalar (2.7 ns a value in Chromium, more than the
                    // layer's products), so there `activate` runs the explicit simd128 form.
                    rest[0][..fo * np].iter_mut().zip(&self.z[l][..fo * np]).for_each(|(a, &z)| *a = tanh32(z));
                } else {
                    activate(self.activation, &self.z[l][..fo * np], &mut rest[0][..fo * np]);
                }
                if self.skips[l] {
                    rest[0][..fo * np].iter_mut().zip(&before[l - 1][..fi * np]).for_each(|(a, &p)| *a += p);
                }
            }
        }
        let k = self.sizes[self.sizes.len() - 1];
        let z = &self.z[last];
        for i in 0..self.n {
            for j in 0..k {
                self.out[i * k + j] = z[j * np + i] as f64;
            }
        }
        let v = self.loss.value(self.task, &self.out, &self.y, self.n);
        if self.out.iter().all(|o| o.is_finite()) {
            v
        } else {
            f64::NAN
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::mlp::{DataConfig, DataKind, MlpConfig, Precision, Trainer};
    use crate::theory::slice::{filter_normalised, LossProbe, SurfaceSlice};

    fn trained(hidden: Vec<usize>, kind: DataKind, residual: bool, activation: Activation, seed: u64) -> Trainer {
        let cfg = MlpConfig {
            hidden,
            activation,
            seed,
            residual,
            data: DataConfig { kind, n: 200, seed, val_fraction: 0.0, ..DataConfig::default() },
            ..MlpConfig::default()
        };
        let mut t = Trainer::new(cfg).expect("trainer");
        t.run_steps(150);
        t
    }

    /// Tolerance of the f32 plane against the f64 reference: |Δ𝓛| ≤ 1e-4·max(𝓛, 0.1). Each weight
    /// and input is rounded once to f32 (relative 6e-8), each pre-activation sums ≤ 64 rounded
    /// products, tanh32 is within a few ulps, over ≤ 4 layers: a relative error in the outputs of
    /// order 1e-6, which the loss (a smooth function of the outputs of size ≤ 10) turns into
    /// ~1e-6 absolute; 1e-4 leaves a margin of about 100 for the grid's far corners, where the
    /// pre-activations are larger. The measured worst is printed.
    fn close(fast: f64, reference: f64) -> bool {
        (fast - reference).abs() <= 1e-4 * reference.abs().max(0.1)
    }

    /// The fast plane equals the f64 slice at every grid point, for plain and residual nets,
    /// classification and regression, tanh and relu.
    #[test]
    fn the_f32_plane_equals_the_f64_slice_to_single_precision() {
        let cases = [
            (vec![16, 16], DataKind::Circles, false, Activation::Tanh),
            (vec![12, 12, 12, 12], DataKind::Spiral, true, Activation::Relu),
            (vec![32, 32, 32], DataKind::Sine, true, Activation::Tanh),
            (vec![8], DataKind::Xor, false, Activation::Gelu),
        ];
        for (seed, (hidden, kind, residual, act)) in cases.into_iter().enumerate() {
            let seed = seed as u64 + 1;
            let t = trained(hidden, kind, residual, act, seed);
            let net = t.network();
            let loss = t.config().loss.resolve(t.task()).expect("loss");
            let w = net.params().to_vec();
            let (d1, d2) = (filter_normalised(net, 5), filter_normalised(net, 6));
            let mut reference = SurfaceSlice::new(w.clone(), d1.clone(), d2.clone(), 1.0, 9).expect("slice");
            let mut probe = LossProbe::new(net, t.train_set(), loss, Precision::F64);
            reference.advance(&mut probe, 1000).expect("slice");
            let mut fast = PlaneLoss::new(net, t.train_set(), loss, &w, &d1, &d2).expect("plane");
            let mut worst = 0.0f64;
            for (k, &r) in reference.values.iter().enumerate() {
                let f = fast.at(reference.coord(k % 9), reference.coord(k / 9));
                assert!(close(f, r), "seed {seed}, point {k}: {f} vs {r}");
                worst = worst.max((f - r).abs() / r.abs().max(0.1));
            }
            eprintln!("seed {seed}: worst |Δ𝓛|/max(𝓛, 0.1) = {worst:.2e}");
        }
    }

    /// CPU time of this thread in seconds (utime + stime of /proc/thread-self/stat, 10-ms ticks):
    /// the machine is shared, so wall time overstates the work.
    fn cpu_seconds() -> f64 {
        let stat = std::fs::read_to_string("/proc/thread-self/stat").unwrap_or_default();
        let after = stat.rsplit(')').next().unwrap_or("");
        let f: Vec<&str> = after.split_whitespace().collect();
        // Fields 14 and 15 of the file are the 12th and 13th after the command's ')'.
        let tick = |k: usize| f.get(k).and_then(|v| v.parse::<f64>().ok()).unwrap_or(0.0);
        (tick(11) + tick(12)) / 100.0
    }

    /// The plane's layer kernel does fast32's operations in fast32's order: the same bits as the
    /// panel kernel, at every point of a plane of a deep residual network.
    #[test]
    fn the_axpy_layers_give_the_panel_kernels_bits() {
        let t = trained(vec![20, 20, 20], DataKind::Spiral, true, Activation::Tanh, 9);
        let net = t.network();
        let loss = t.config().loss.resolve(t.task()).expect("loss");
        let w = net.params().to_vec();
        let mut fast = PlaneLoss::new(net, t.train_set(), loss, &w, &filter_normalised(net, 1), &filter_normalised(net, 2)).expect("plane");
        for k in 0..25 {
            let (a, b) = (-1.0 + (k % 5) as f64 / 2.0, -1.0 + (k / 5) as f64 / 2.0);
            fast.axpy = true;
            let x = fast.at(a, b);
            fast.axpy = false;
            assert_eq!(x.to_bits(), fast.at(a, b).to_bits(), "({a}, {b})");
        }
        // The plane's tanh is the scalar tanh32 in a loop: the bits of fast32's 4-lane tanh.
        let xs: Vec<f32> = (0..40_000).map(|k| -25.0 + k as f32 * 0.00125).collect();
        assert_eq!(crate::mlp::fast32::tanh_lanes_mismatches(&xs), 0);
    }

    /// Issue 14's performance line: a 101 × 101 slice of a 2-64-64-1 network on 200 points
    /// (`cargo test --lib time_the_fast_plane -- --ignored --nocapture`; the test profile is
    /// optimised), against the f32 probe of `slice.rs` on 1,000 points.
    #[test]
    #[ignore]
    fn time_the_fast_plane() {
        let cfg = MlpConfig {
            hidden: vec![64, 64],
            activation: if std::env::var("PLANE_RELU").is_ok() { Activation::Relu } else { Activation::Tanh },
            data: DataConfig { kind: DataKind::Sine, n: 200, val_fraction: 0.0, ..DataConfig::default() },
            ..MlpConfig::default()
        };
        let mut t = Trainer::new(cfg).expect("trainer");
        t.run_steps(50);
        let net = t.network();
        let loss = t.config().loss.resolve(t.task()).expect("loss");
        let w = net.params().to_vec();
        let (d1, d2) = (filter_normalised(net, 1), filter_normalised(net, 2));
        let mut fast = PlaneLoss::new(net, t.train_set(), loss, &w, &d1, &d2).expect("plane");
        let (t0, c0) = (std::time::Instant::now(), cpu_seconds());
        let mut longest = 0.0f64;
        let mut sum = 0.0;
        for j in 0..101 {
            for i in 0..101 {
                let s = std::time::Instant::now();
                sum += fast.at(-1.0 + i as f64 / 50.0, -1.0 + j as f64 / 50.0);
                longest = longest.max(s.elapsed().as_secs_f64());
            }
        }
        let (wall, cpu) = (t0.elapsed().as_secs_f64(), cpu_seconds() - c0);
        println!("PlaneLoss, 101 × 101 points: {:.0} ms wall, {:.0} ms CPU ({:.2} GMAC/s), longest point {:.3} ms wall, {} MACs per point (sum {sum:.3})", wall * 1e3, cpu * 1e3, 10_201.0 * fast.macs() as f64 / cpu / 1e9, longest * 1e3, fast.macs());
        fast.axpy = false;
        let c0 = cpu_seconds();
        let mut sum_panel = 0.0;
        for k in 0..1000 {
            sum_panel += fast.at(-1.0 + (k % 101) as f64 / 50.0, -1.0 + (k / 101) as f64 / 50.0);
        }
        println!("PlaneLoss with fast32's panel, 1,000 points: {:.0} ms CPU (sum {sum_panel:.3})", (cpu_seconds() - c0) * 1e3);
        let mut probe = LossProbe::new(net, t.train_set(), loss, Precision::F32);
        let mut slice = SurfaceSlice::new(w, d1, d2, 1.0, 100).expect("slice");
        let (t0, c0) = (std::time::Instant::now(), cpu_seconds());
        slice.advance(&mut probe, 1000).expect("slice");
        println!("LossProbe f32, 1,000 points: {:.0} ms wall, {:.0} ms CPU", t0.elapsed().as_secs_f64() * 1e3, (cpu_seconds() - c0) * 1e3);
    }
}
