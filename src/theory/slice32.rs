//! The loss on the plane w* + a·d₁ + b·d₂, fast: single-precision passes with the f32 training
//! kernels of [`crate::mlp::fast32`] (the same register-blocked panels, wasm simd128 in the page),
//! and the first layer's products computed once for the whole plane.
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
                panel(&mut self.z[l], &before[l - 1], Strided { data: wm, rs: fi, cs: 1 }, fo, fi, np, np, Some(bias));
                let _ = rest;
            }
            if l < last {
                let (before, rest) = self.a.split_at_mut(l);
                activate(self.activation, &self.z[l][..fo * np], &mut rest[0][..fo * np]);
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

    /// Issue 14's performance line: a 101 × 101 slice of a 2-64-64-1 network on 200 points
    /// (`cargo test --lib time_the_fast_plane -- --ignored --nocapture`; the test profile is
    /// optimised).
    #[test]
    #[ignore]
    fn time_the_fast_plane() {
        let cfg = MlpConfig {
            hidden: vec![64, 64],
            activation: Activation::Tanh,
            data: DataConfig { kind: DataKind::Sine, n: 200, val_fraction: 0.0, ..DataConfig::default() },
            ..MlpConfig::default()
        };
        let mut t = Trainer::new(cfg).expect("trainer");
        t.run_steps(50);
        let net = t.network();
        let loss = t.config().loss.resolve(t.task()).expect("loss");
        let w = net.params().to_vec();
        let mut fast = PlaneLoss::new(net, t.train_set(), loss, &w, &filter_normalised(net, 1), &filter_normalised(net, 2)).expect("plane");
        let t0 = std::time::Instant::now();
        let mut longest = 0.0f64;
        let mut sum = 0.0;
        for j in 0..101 {
            for i in 0..101 {
                let s = std::time::Instant::now();
                sum += fast.at(-1.0 + i as f64 / 50.0, -1.0 + j as f64 / 50.0);
                longest = longest.max(s.elapsed().as_secs_f64());
            }
        }
        println!("101 × 101 points: {:.0} ms in all, longest point {:.3} ms, {} MACs per point (sum {sum:.3})", t0.elapsed().as_secs_f64() * 1e3, longest * 1e3, fast.macs());
    }
}
