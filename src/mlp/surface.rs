//! Decision surfaces: a fast forward-only pass over a grid, writing f32 values into a caller buffer.
//!
//! Pixel (r, c) of an nx × ny grid (row-major, row 0 at the **top**, as in an `ImageData`) is the
//! point at the pixel centre: x = x_min + (c + ½)(x_max − x_min)/nx, y = y_max − (r + ½)(y_max − y_min)/ny.

use serde::{Deserialize, Serialize};

use super::activation::Activation;
use super::error::MlpError;
use super::fastmath32::{exp_neg32, tanh32};
use super::loss::argmax;
use super::network::Network;
use super::workspace::Workspace;

/// A rectangle of input space sampled at pixel centres.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Grid {
    /// Left edge.
    pub x_min: f64,
    /// Right edge.
    pub x_max: f64,
    /// Bottom edge.
    pub y_min: f64,
    /// Top edge.
    pub y_max: f64,
    /// Pixels per row (1–2048).
    pub nx: usize,
    /// Rows (1–2048).
    pub ny: usize,
}

impl Default for Grid {
    fn default() -> Self {
        Grid { x_min: -1.5, x_max: 1.5, y_min: -1.5, y_max: 1.5, nx: 200, ny: 200 }
    }
}

/// What is written per pixel.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SurfaceMode {
    /// K floats per pixel: softmax probabilities of the K classes.
    Probabilities,
    /// 2 floats per pixel: the arg-max class (as f32) and its probability (the confidence).
    ArgmaxConfidence,
    /// 1 float per pixel: the first network output (regression value or raw logit).
    Value,
}

impl SurfaceMode {
    /// Floats written per pixel for a network with `outputs` outputs.
    pub fn floats_per_pixel(self, outputs: usize) -> usize {
        match self {
            SurfaceMode::Probabilities => outputs,
            SurfaceMode::ArgmaxConfidence => 2,
            SurfaceMode::Value => 1,
        }
    }
}

/// Pixels evaluated together by the f32 kernel: accumulators of one block stay in registers
/// (16 floats = four simd128 vectors).
const BLOCK: usize = 16;

/// Reusable buffers for surface evaluation (allocation only on the first call or a larger grid).
///
/// [`SurfaceEvaluator::grid`] runs the forward pass in **f32**, one grid row at a time, with the
/// activations stored feature-major (one contiguous run of pixels per neuron) so that every layer is
/// a sequence of vectorizable multiply–adds over pixels. Compared with the f64 forward pass the
/// outputs differ by at most a few f32 rounding units times the sizes of the terms summed (see the
/// test `grid_matches_pointwise_forward_within_f32_rounding`): invisible in a picture.
#[derive(Debug, Clone, Default)]
pub struct SurfaceEvaluator {
    ws: Workspace,
    input: Vec<f64>,
    /// The network's parameters rounded to f32 (same flat layout).
    params: Vec<f32>,
    /// x coordinates of one grid row (padded to a multiple of [`BLOCK`]).
    xs: Vec<f32>,
    /// Two ping-pong activation buffers, feature-major: neuron j's values at pixels 0..B.
    act: [Vec<f32>; 2],
    /// Per-pixel scratch rows of the softmax (max, arg-max, normaliser).
    scratch: [Vec<f32>; 3],
}

impl SurfaceEvaluator {
    /// Empty evaluator.
    pub fn new() -> Self {
        Self::default()
    }

    /// Evaluates a 2-input network on `grid`, one row at a time, writing
    /// `nx·ny·mode.floats_per_pixel(K)` floats into `out` (pixel-major, see the module doc).
    /// Arithmetic is in f32 (see the type's doc for the accuracy).
    pub fn grid(&mut self, net: &Network, grid: &Grid, mode: SurfaceMode, out: &mut [f32]) -> Result<(), MlpError> {
        self.grid_rows(net, grid, mode, 0..grid.ny, out)
    }

    /// Like [`SurfaceEvaluator::grid`] for grid rows `rows` only (row 0 at the top, `y_max`):
    /// `out` holds the floats of those rows (`rows.len()·nx·floats_per_pixel` of them). Evaluating
    /// a grid in several calls gives the same numbers as one call.
    pub fn grid_rows(&mut self, net: &Network, grid: &Grid, mode: SurfaceMode, rows: std::ops::Range<usize>, out: &mut [f32]) -> Result<(), MlpError> {
        if net.inputs() != 2 {
            return Err(MlpError::Shape(format!(
                "a decision surface needs a network with 2 inputs (this one has {})",
                net.inputs()
            )));
        }
        check_range(grid.x_min, grid.x_max, grid.nx)?;
        check_range(grid.y_min, grid.y_max, grid.ny)?;
        let k = net.outputs();
        let fpp = mode.floats_per_pixel(k);
        if rows.start > rows.end || rows.end > grid.ny {
            return Err(MlpError::Shape(format!("rows {}..{} are outside the grid's {} rows", rows.start, rows.end, grid.ny)));
        }
        let need = grid.nx * rows.len() * fpp;
        if out.len() != need {
            return Err(MlpError::Shape(format!("the output buffer has {} floats; {need} are needed", out.len())));
        }
        let dx = (grid.x_max - grid.x_min) / grid.nx as f64;
        let dy = (grid.y_max - grid.y_min) / grid.ny as f64;
        let b = grid.nx.div_ceil(BLOCK) * BLOCK;
        let width = net.sizes().iter().copied().max().unwrap_or(1);
        self.params.clear();
        self.params.extend(net.params().iter().map(|&v| v as f32));
        self.xs.clear();
        self.xs.extend((0..b).map(|c| (grid.x_min + (c as f64 + 0.5) * dx) as f32));
        for a in self.act.iter_mut() {
            if a.len() < width * b {
                a.resize(width * b, 0.0);
            }
        }
        for v in self.scratch.iter_mut() {
            if v.len() < b {
                v.resize(b, 0.0);
            }
        }
        let act = net.activation();
        let last = net.num_layers() - 1;
        let first = rows.start;
        crate::work::add(rows.len() * grid.nx * net.forward_macs());
        for r in rows {
            let y = (grid.y_max - (r as f64 + 0.5) * dy) as f32;
            let (mut cur, mut next) = (0usize, 1usize);
            for (l, s) in net.layers().iter().enumerate() {
                let (fi, fo) = (s.fan_in, s.fan_out);
                let w = &self.params[s.w_range()];
                let bias = &self.params[s.b_range()];
                let [a0, a1] = &mut self.act;
                let (src, dst) = if cur == 0 { (&a0[..], &mut a1[..]) } else { (&a1[..], &mut a0[..]) };
                if l == 0 {
                    // z_j = (b_j + W_j1·y) + W_j0·x: y is constant along a row.
                    for j in 0..fo {
                        let (c0, c1) = (bias[j] + w[2 * j + 1] * y, w[2 * j]);
                        for (z, &x) in dst[j * b..(j + 1) * b].iter_mut().zip(&self.xs) {
                            *z = c0 + c1 * x;
                        }
                    }
                } else {
                    layer_f32(&w[..fi * fo], bias, &src[..fi * b], &mut dst[..fo * b], b);
                }
                if l != last {
                    activate_f32(act, &mut dst[..fo * b]);
                    if net.skips(l) {
                        // A skip connection: a_l = a_{l−1} + σ(z_l).
                        dst[..fo * b].iter_mut().zip(&src[..fi * b]).for_each(|(a, &p)| *a += p);
                    }
                }
                std::mem::swap(&mut cur, &mut next);
            }
            let o = &mut self.act[cur][..k * b];
            let o_row = r - first;
            write_pixels_f32(o, b, k, mode, &mut self.scratch, &mut out[o_row * grid.nx * fpp..(o_row + 1) * grid.nx * fpp]);
        }
        Ok(())
    }

    /// Evaluates a 1-input network at `n` evenly spaced points from `x_min` to `x_max` (both included
    /// when n ≥ 2), writing `n·mode.floats_per_pixel(K)` floats into `out` (for the sine data set).
    pub fn curve(&mut self, net: &Network, x_min: f64, x_max: f64, n: usize, mode: SurfaceMode, out: &mut [f32]) -> Result<(), MlpError> {
        if net.inputs() != 1 {
            return Err(MlpError::Shape(format!("a curve needs a network with 1 input (this one has {})", net.inputs())));
        }
        check_range(x_min, x_max, n)?;
        let k = net.outputs();
        let fpp = mode.floats_per_pixel(k);
        if out.len() != n * fpp {
            return Err(MlpError::Shape(format!("the output buffer has {} floats; {} are needed", out.len(), n * fpp)));
        }
        self.input.resize(n, 0.0);
        let step = if n > 1 { (x_max - x_min) / (n - 1) as f64 } else { 0.0 };
        for (i, v) in self.input.iter_mut().enumerate() {
            *v = x_min + i as f64 * step;
        }
        let o = net.forward(&mut self.ws, &self.input[..n], n)?;
        write_pixels(o, k, mode, out);
        Ok(())
    }
}

fn check_range(lo: f64, hi: f64, n: usize) -> Result<(), MlpError> {
    if !(lo.is_finite() && hi.is_finite() && lo < hi) {
        return Err(MlpError::Shape(format!("a range needs finite ends with min < max (got {lo} to {hi})")));
    }
    if !(1..=2048).contains(&n) {
        return Err(MlpError::Shape(format!("a grid needs between 1 and 2048 points per side (got {n})")));
    }
    Ok(())
}

/// dst_j = b_j + Σ_k W_jk · src_k for every neuron j (W row-major fan_out × fan_in), over `b` pixels
/// per neuron (feature-major, b a multiple of [`BLOCK`]). The BLOCK accumulators stay in registers
/// while k runs, so each output is loaded and stored once.
fn layer_f32(w: &[f32], bias: &[f32], src: &[f32], dst: &mut [f32], b: usize) {
    let fi = src.len() / b;
    for ((wj, &bj), zj) in w.chunks_exact(fi).zip(bias).zip(dst.chunks_exact_mut(b)) {
        for (i0, zb) in zj.chunks_exact_mut(BLOCK).enumerate() {
            let mut acc = [bj; BLOCK];
            for (kk, &wk) in wj.iter().enumerate() {
                let s = &src[kk * b + i0 * BLOCK..kk * b + (i0 + 1) * BLOCK];
                for (a, &v) in acc.iter_mut().zip(s) {
                    *a += wk * v;
                }
            }
            zb.copy_from_slice(&acc);
        }
    }
}

/// a = σ(z) in place, in f32 (the formulas of [`Activation::apply`]).
fn activate_f32(act: Activation, z: &mut [f32]) {
    match act {
        Activation::Relu => z.iter_mut().for_each(|v| *v = v.max(0.0)),
        Activation::Tanh => z.iter_mut().for_each(|v| *v = tanh32(*v)),
        // 1/(1 + e^{−z}) = ½(1 + tanh(z/2)).
        Activation::Sigmoid => z.iter_mut().for_each(|v| *v = 0.5 + 0.5 * tanh32(0.5 * *v)),
        Activation::Linear => {}
        Activation::Gelu => z.iter_mut().for_each(|v| {
            let x = *v;
            *v = 0.5 * x * (1.0 + tanh32(GELU_C32 * (x + GELU_A32 * x * x * x)));
        }),
    }
}

/// √(2/π) and 0.044715 of the GELU tanh approximation (as in [`Activation::apply`]).
const GELU_C32: f32 = 0.797_884_6;
const GELU_A32: f32 = 0.044_715;

/// Writes the pixels of one row from feature-major outputs `o` (output j at `o[j·b..]`; the
/// softmax overwrites them with e^{o_j − max}). `m`, `c`, `z` are per-pixel scratch rows (≥ n).
/// Softmax: p_j = e^{o_j − m} / Σ_l e^{o_l − m} with m = max_l o_l; the arg-max is the first largest.
fn write_pixels_f32(o: &mut [f32], b: usize, k: usize, mode: SurfaceMode, scratch: &mut [Vec<f32>; 3], out: &mut [f32]) {
    let n = out.len() / mode.floats_per_pixel(k);
    if mode == SurfaceMode::Value {
        out.copy_from_slice(&o[..n]);
        return;
    }
    let [m, c, z] = scratch;
    let (m, c, z) = (&mut m[..n], &mut c[..n], &mut z[..n]);
    m.copy_from_slice(&o[..n]);
    c.iter_mut().for_each(|v| *v = 0.0);
    for j in 1..k {
        let jf = j as f32;
        for ((mi, ci), &v) in m.iter_mut().zip(c.iter_mut()).zip(&o[j * b..j * b + n]) {
            let bigger = v > *mi;
            *ci = if bigger { jf } else { *ci };
            *mi = if bigger { v } else { *mi };
        }
    }
    z.iter_mut().for_each(|v| *v = 0.0);
    for j in 0..k {
        for ((e, &mi), zi) in o[j * b..j * b + n].iter_mut().zip(m.iter()).zip(z.iter_mut()) {
            *e = exp_neg32(*e - mi);
            *zi += *e;
        }
    }
    if mode == SurfaceMode::Probabilities {
        z.iter_mut().for_each(|v| *v = 1.0 / *v);
        for j in 0..k {
            for ((p, &e), &zi) in out.iter_mut().skip(j).step_by(k).zip(&o[j * b..j * b + n]).zip(z.iter()) {
                *p = e * zi;
            }
        }
    } else {
        for ((p, &ci), &zi) in out.chunks_exact_mut(2).zip(c.iter()).zip(z.iter()) {
            p[0] = ci;
            p[1] = 1.0 / zi;
        }
    }
}

fn write_pixels(o: &[f64], k: usize, mode: SurfaceMode, out: &mut [f32]) {
    match mode {
        SurfaceMode::Value => {
            for (p, row) in out.iter_mut().zip(o.chunks_exact(k)) {
                *p = row[0] as f32;
            }
        }
        SurfaceMode::Probabilities => {
            for (p, row) in out.chunks_exact_mut(k).zip(o.chunks_exact(k)) {
                let m = row.iter().fold(f64::NEG_INFINITY, |m, &v| m.max(v));
                let z: f64 = row.iter().map(|&v| (v - m).exp()).sum();
                for (pj, &v) in p.iter_mut().zip(row) {
                    *pj = ((v - m).exp() / z) as f32;
                }
            }
        }
        SurfaceMode::ArgmaxConfidence => {
            for (p, row) in out.chunks_exact_mut(2).zip(o.chunks_exact(k)) {
                let c = argmax(row);
                let m = row[c];
                let z: f64 = row.iter().map(|&v| (v - m).exp()).sum();
                p[0] = c as f32;
                p[1] = (1.0 / z) as f32;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::mlp::{Activation, InitConfig};
    use crate::rng::seeded;

    /// f64 forward pass at one point together with a first-order bound on the error of the f32
    /// kernel (running error analysis, Higham, *Accuracy and Stability of Numerical Algorithms*,
    /// §3.1): for z_j = b_j + Σ_k W_jk a_k with fan_in terms, rounding the weights and the inputs to
    /// f32 and accumulating in f32 errs by at most (fan_in + 2)·u·(|b_j| + Σ_k |W_jk||a_k|),
    /// u = 2⁻²⁴, plus Σ_k |W_jk|·E_k carried from the inputs' errors E_k; σ is 1-Lipschitz (tanh,
    /// sigmoid/4, relu) and adds its own error, ≤ 4·10⁻⁷ (fastmath32's test).
    fn forward_with_bound(net: &Network, x: [f64; 2]) -> (Vec<f64>, Vec<f64>) {
        let u = f64::from(f32::EPSILON) / 2.0;
        let mut a = x.to_vec();
        // Rounding the pixel coordinates to f32.
        let mut e: Vec<f64> = a.iter().map(|v| v.abs() * u).collect();
        let last = net.num_layers() - 1;
        for (l, s) in net.layers().iter().enumerate() {
            let (w, b) = (&net.params()[s.w_range()], &net.params()[s.b_range()]);
            let mut na = vec![0.0; s.fan_out];
            let mut ne = vec![0.0; s.fan_out];
            for j in 0..s.fan_out {
                let row = &w[j * s.fan_in..(j + 1) * s.fan_in];
                let z = b[j] + row.iter().zip(&a).map(|(w, a)| w * a).sum::<f64>();
                let mag = b[j].abs() + row.iter().zip(&a).map(|(w, a)| (w * a).abs()).sum::<f64>();
                let carried: f64 = row.iter().zip(&e).map(|(w, e)| w.abs() * e).sum();
                let err = (s.fan_in + 2) as f64 * u * mag + carried;
                if l == last {
                    (na[j], ne[j]) = (z, err);
                } else {
                    (na[j], ne[j]) = (net.activation().apply(z), err + 4e-7);
                }
            }
            (a, e) = (na, ne);
        }
        (a, e)
    }

    #[test]
    fn grid_matches_pointwise_forward_within_f32_rounding() {
        // Every pixel of a 37 × 23 grid (not a multiple of the 16-pixel block), three activations,
        // a 3-class softmax head and a 1-output value head, against the f64 forward pass.
        let grid = Grid { nx: 37, ny: 23, x_min: -2.0, x_max: 1.0, y_min: -1.5, y_max: 2.5 };
        let mut ev = SurfaceEvaluator::new();
        let mut worst_ratio: f64 = 0.0;
        for (act, sizes) in [
            (Activation::Tanh, vec![2, 16, 16, 3]),
            (Activation::Relu, vec![2, 24, 8, 3]),
            (Activation::Gelu, vec![2, 16, 16, 16, 1]),
            (Activation::Sigmoid, vec![2, 5, 2]),
        ] {
            let mut net = Network::new(&sizes, act).expect("ok");
            net.initialize(&InitConfig::default(), &mut seeded(4));
            // Non-zero biases, so the bias path is exercised too.
            for (i, p) in net.params_mut().iter_mut().enumerate() {
                if *p == 0.0 {
                    *p = 0.3 * ((i as f64) * 0.7).sin();
                }
            }
            let k = net.outputs();
            let n = grid.nx * grid.ny;
            let mut probs = vec![0f32; n * k];
            ev.grid(&net, &grid, SurfaceMode::Probabilities, &mut probs).expect("ok");
            let mut am = vec![0f32; n * 2];
            ev.grid(&net, &grid, SurfaceMode::ArgmaxConfidence, &mut am).expect("ok");
            let mut val = vec![0f32; n];
            ev.grid(&net, &grid, SurfaceMode::Value, &mut val).expect("ok");
            let (dx, dy) = (3.0 / 37.0, 4.0 / 23.0);
            for r in 0..grid.ny {
                for c in 0..grid.nx {
                    let x = [-2.0 + (c as f64 + 0.5) * dx, 2.5 - (r as f64 + 0.5) * dy];
                    let (o, e) = forward_with_bound(&net, x);
                    let px = r * grid.nx + c;
                    // Value: the bound itself (+ the final rounding to f32).
                    let err = (val[px] as f64 - o[0]).abs();
                    let bound = e[0] + o[0].abs() * 6e-8;
                    assert!(err <= bound, "{act:?} value at ({r},{c}): {err} > {bound}");
                    worst_ratio = worst_ratio.max(err / bound);
                    // Softmax: p_j changes by p_j(Δo_j − Σ_l p_l Δo_l), at most 2·max E; e^x and the
                    // division add ≤ (k + 2)·3e-7 relative to p_j ≤ 1.
                    let m = o.iter().fold(f64::NEG_INFINITY, |m, &v| m.max(v));
                    let zs: f64 = o.iter().map(|v| (v - m).exp()).sum();
                    let emax = e.iter().fold(0f64, |m, &v| m.max(v));
                    let pbound = 2.0 * emax + (k + 2) as f64 * 3e-7;
                    for j in 0..k {
                        let err = (probs[px * k + j] as f64 - (o[j] - m).exp() / zs).abs();
                        assert!(err <= pbound, "{act:?} p{j} at ({r},{c}): {err} > {pbound}");
                    }
                    let best = argmax(&o);
                    let runner_up = o.iter().enumerate().filter(|(j, _)| *j != best).fold(f64::NEG_INFINITY, |m, (_, &v)| m.max(v));
                    if o[best] - runner_up > 2.0 * emax {
                        assert_eq!(am[px * 2], best as f32, "{act:?} class at ({r},{c})");
                    }
                    assert!((am[px * 2 + 1] as f64 - 1.0 / zs).abs() <= pbound);
                }
            }
        }
        // The bound is not vacuous: the largest error seen is 5 % of it (measured 0.051).
        assert!(worst_ratio > 1e-3, "worst error / bound = {worst_ratio}");
        let mut small = vec![0f32; 3];
        let net = Network::new(&[2, 3], Activation::Tanh).expect("ok");
        assert!(ev.grid(&net, &grid, SurfaceMode::Value, &mut small).is_err()); // wrong buffer size
    }

    #[test]
    fn grid_pixel_matches_the_module_doc_coordinates() {
        // Pixel (r=1, c=3) of a 5 × 4 grid on [−1.5, 1.5]²: x = −1.5 + 3.5·0.6 = 0.6,
        // y = 1.5 − 1.5·0.75 = 0.375. Tolerance 1e-5: the f32 kernel's bound for this small net
        // (forward_with_bound gives ≈ 1e-6) with 10× room.
        let mut net = Network::new(&[2, 8, 3], Activation::Tanh).expect("ok");
        net.initialize(&InitConfig::default(), &mut seeded(4));
        let grid = Grid { nx: 5, ny: 4, ..Grid::default() };
        let mut ev = SurfaceEvaluator::new();
        let mut probs = vec![0f32; 5 * 4 * 3];
        ev.grid(&net, &grid, SurfaceMode::Probabilities, &mut probs).expect("ok");
        let mut ws = Workspace::new();
        let o = net.forward(&mut ws, &[0.6, 0.375], 1).expect("ok").to_vec();
        let z: f64 = o.iter().map(|v| v.exp()).sum();
        let px = 5 + 3;
        for j in 0..3 {
            assert!((probs[px * 3 + j] as f64 - o[j].exp() / z).abs() < 1e-5);
        }
    }

    /// With skip connections the grid is the f64 forward pass of the same network (to f32
    /// rounding: 1e-4 of the output's scale, far below a wrong skip's effect).
    #[test]
    fn a_residual_network_draws_its_own_forward_pass() {
        let grid = Grid { nx: 19, ny: 7, x_min: -1.0, x_max: 1.0, y_min: -1.0, y_max: 1.0 };
        let mut net = Network::new(&[2, 16, 16, 16, 1], Activation::Tanh).expect("ok");
        net.initialize(&InitConfig::default(), &mut seeded(5));
        net.set_residual(true);
        let mut val = vec![0f32; grid.nx * grid.ny];
        SurfaceEvaluator::new().grid(&net, &grid, SurfaceMode::Value, &mut val).expect("ok");
        let mut plain = net.clone();
        plain.set_residual(false);
        let (dx, dy) = (2.0 / 19.0, 2.0 / 7.0);
        let mut ws = crate::mlp::Workspace::new();
        let mut differs = false;
        for r in 0..grid.ny {
            for c in 0..grid.nx {
                let x = [-1.0 + (c as f64 + 0.5) * dx, 1.0 - (r as f64 + 0.5) * dy];
                let o = net.forward(&mut ws, &x, 1).expect("ok")[0];
                let p = plain.forward(&mut ws, &x, 1).expect("ok")[0];
                let v = val[r * grid.nx + c] as f64;
                assert!((v - o).abs() <= 1e-4 * o.abs().max(1.0), "({r},{c}): {v} vs {o}");
                differs |= (o - p).abs() > 1e-2;
            }
        }
        assert!(differs, "the skips change the picture");
    }
}
