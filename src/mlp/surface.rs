//! Decision surfaces: a fast forward-only pass over a grid, writing f32 values into a caller buffer.
//!
//! Pixel (r, c) of an nx × ny grid (row-major, row 0 at the **top**, as in an `ImageData`) is the
//! point at the pixel centre: x = x_min + (c + ½)(x_max − x_min)/nx, y = y_max − (r + ½)(y_max − y_min)/ny.

use serde::{Deserialize, Serialize};

use super::error::MlpError;
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

/// Reusable buffers for surface evaluation (allocation only on the first call or a larger grid).
#[derive(Debug, Clone, Default)]
pub struct SurfaceEvaluator {
    ws: Workspace,
    input: Vec<f64>,
}

impl SurfaceEvaluator {
    /// Empty evaluator.
    pub fn new() -> Self {
        Self::default()
    }

    /// Evaluates a 2-input network on `grid`, one row at a time, writing
    /// `nx·ny·mode.floats_per_pixel(K)` floats into `out` (pixel-major, see the module doc).
    pub fn grid(&mut self, net: &Network, grid: &Grid, mode: SurfaceMode, out: &mut [f32]) -> Result<(), MlpError> {
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
        let need = grid.nx * grid.ny * fpp;
        if out.len() != need {
            return Err(MlpError::Shape(format!("the output buffer has {} floats; {need} are needed", out.len())));
        }
        let dx = (grid.x_max - grid.x_min) / grid.nx as f64;
        let dy = (grid.y_max - grid.y_min) / grid.ny as f64;
        self.input.resize(2 * grid.nx, 0.0);
        for r in 0..grid.ny {
            let y = grid.y_max - (r as f64 + 0.5) * dy;
            for c in 0..grid.nx {
                self.input[2 * c] = grid.x_min + (c as f64 + 0.5) * dx;
                self.input[2 * c + 1] = y;
            }
            let o = net.forward(&mut self.ws, &self.input, grid.nx)?;
            write_pixels(o, k, mode, &mut out[r * grid.nx * fpp..(r + 1) * grid.nx * fpp]);
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

    #[test]
    fn grid_matches_pointwise_forward() {
        let mut net = Network::new(&[2, 8, 3], Activation::Tanh).expect("ok");
        net.initialize(&InitConfig::default(), &mut seeded(4));
        let grid = Grid { nx: 5, ny: 4, ..Grid::default() };
        let mut ev = SurfaceEvaluator::new();
        let mut probs = vec![0f32; 5 * 4 * 3];
        ev.grid(&net, &grid, SurfaceMode::Probabilities, &mut probs).expect("ok");
        let mut am = vec![0f32; 5 * 4 * 2];
        ev.grid(&net, &grid, SurfaceMode::ArgmaxConfidence, &mut am).expect("ok");
        // Pixel (r=1, c=3): x = −1.5 + 3.5·0.6 = 0.6, y = 1.5 − 1.5·0.75 = 0.375.
        let mut ws = Workspace::new();
        let o = net.forward(&mut ws, &[0.6, 0.375], 1).expect("ok").to_vec();
        let z: f64 = o.iter().map(|v| v.exp()).sum();
        let px = 5 + 3;
        for j in 0..3 {
            assert!((probs[px * 3 + j] as f64 - o[j].exp() / z).abs() < 1e-6);
        }
        let c = argmax(&o);
        assert_eq!(am[px * 2], c as f32);
        assert!((am[px * 2 + 1] as f64 - o[c].exp() / z).abs() < 1e-6);
        assert!(ev.grid(&net, &grid, SurfaceMode::Value, &mut probs).is_err()); // wrong buffer size
    }
}
