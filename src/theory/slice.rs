//! The loss surface of a trained network, in two and one dimensions (lecture 002, "The loss
//! surface of a neural network"; Li, Xu, Taylor, Studer, Goldstein, "Visualizing the Loss
//! Landscape of Neural Nets", NeurIPS 2018).
//!
//! A network has thousands of weights, so its loss surface is seen through a plane:
//! 𝓛(w* + a·d₁ + b·d₂) over a grid of (a, b) around the trained weights w*, with two directions
//! chosen either
//! - at random and **filter-normalised** (Li et al., §4): each neuron's part of a Gaussian
//!   direction (its row of incoming weights) is rescaled to the norm of that neuron's row in w*,
//!   so a step of a = 1 changes every neuron by as much as its own size — the picture no longer
//!   depends on how the weights of a layer are scaled. The biases' directions are 0 (Li et al.
//!   leave them out the same way); or
//! - as the top two **principal directions of the training trajectory** w₀, w₁, …, w* (Li et al.,
//!   §7): the orthonormal directions along which the weights moved most, so the trajectory,
//!   projected on the plane, shows most of its path.
//!
//! The trajectory is drawn on the plane by its coordinates along d₁ and d₂ (least squares in the
//! directions' span), and [`interpolation`] gives the 1-D picture 𝓛((1 − t)w₀ + t·w*).

use nalgebra::{DMatrix, DVector};

use crate::mlp::fast32::{self, Workspace32};
use crate::mlp::{Dataset, Loss, MlpError, Network, Precision, Workspace};
use crate::rng::{normal, seeded};

/// How the two directions of the plane are chosen.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Directions {
    /// Two filter-normalised Gaussian directions drawn from `seed`.
    FilterNormalised {
        /// Seed of the Gaussian draws.
        seed: u64,
    },
    /// The top two principal directions of the trajectory's weights around w*.
    Principal,
}

/// Direction `d` (Gaussian from `seed`) filter-normalised to the neurons of `net`.
pub fn filter_normalised(net: &Network, seed: u64) -> Vec<f64> {
    let w = net.params();
    let mut rng = seeded(seed);
    let mut d = vec![0.0; w.len()];
    for s in net.layers() {
        for row in 0..s.fan_out {
            let r = s.w_offset + row * s.fan_in..s.w_offset + (row + 1) * s.fan_in;
            let mut n_d = 0.0;
            for v in &mut d[r.clone()] {
                *v = normal(&mut rng);
                n_d += *v * *v;
            }
            let n_w = w[r.clone()].iter().map(|v| v * v).sum::<f64>().sqrt();
            let scale = if n_d > 0.0 { n_w / n_d.sqrt() } else { 0.0 };
            d[r].iter_mut().for_each(|v| *v *= scale);
        }
    }
    d
}

/// The top two principal directions (orthonormal, by the SVD) of the points `trajectory` minus
/// `centre`; `None` if the weights never moved in two independent directions.
pub fn principal(trajectory: &[Vec<f64>], centre: &[f64]) -> Option<(Vec<f64>, Vec<f64>)> {
    let p = centre.len();
    if trajectory.len() < 2 || trajectory.iter().any(|w| w.len() != p) {
        return None;
    }
    // The points as columns of a P × T matrix: its left singular vectors are the directions.
    let m = DMatrix::from_fn(p, trajectory.len(), |i, t| trajectory[t][i] - centre[i]);
    let svd = nalgebra::linalg::SVD::try_new(m, true, false, f64::EPSILON, 200)?;
    let u = svd.u?;
    let order = crate::order::indices_by(svd.singular_values.as_slice(), true);
    if order.len() < 2 || svd.singular_values[order[1]] <= 1e-12 * svd.singular_values[order[0]].max(1e-300) {
        return None;
    }
    Some((u.column(order[0]).iter().copied().collect(), u.column(order[1]).iter().copied().collect()))
}

/// Coordinates (a, b) of `w − centre` in the span of d₁, d₂ (least squares; exact for a point of
/// the plane).
pub fn project(w: &[f64], centre: &[f64], d1: &[f64], d2: &[f64]) -> (f64, f64) {
    let dot = |x: &[f64], y: &[f64]| x.iter().zip(y).map(|(a, b)| a * b).sum::<f64>();
    let v: Vec<f64> = w.iter().zip(centre).map(|(a, c)| a - c).collect();
    let (g11, g12, g22) = (dot(d1, d1), dot(d1, d2), dot(d2, d2));
    let (r1, r2) = (dot(d1, &v), dot(d2, &v));
    let det = g11 * g22 - g12 * g12;
    if det.abs() <= 1e-300 {
        return (if g11 > 0.0 { r1 / g11 } else { 0.0 }, 0.0);
    }
    ((r1 * g22 - r2 * g12) / det, (g11 * r2 - g12 * r1) / det)
}

/// The training loss of the network with weights `w` (everything else from `net`).
pub struct LossProbe<'a> {
    net: Network,
    data: &'a Dataset,
    loss: Loss,
    precision: Precision,
    ws: Workspace,
    ws32: Workspace32,
}

impl<'a> LossProbe<'a> {
    /// A probe of `net`'s architecture on `data` with `loss`, computing in `precision`.
    pub fn new(net: &Network, data: &'a Dataset, loss: Loss, precision: Precision) -> Self {
        LossProbe { net: net.clone(), data, loss, precision, ws: Workspace::new(), ws32: Workspace32::new() }
    }

    /// 𝓛(w) on the whole data set (NaN if the network's output is not finite).
    pub fn loss(&mut self, w: &[f64]) -> Result<f64, MlpError> {
        self.net.params_mut().copy_from_slice(w);
        let (x, y, n, task) = (self.data.x(), self.data.y(), self.data.len(), self.data.task());
        let out = match self.precision {
            Precision::F64 => self.net.forward(&mut self.ws, x, n)?,
            Precision::F32 => fast32::forward(&self.net, &mut self.ws32, x, n)?,
        };
        Ok(self.loss.value(task, out, y, n))
    }
}

/// A grid of losses over the plane w* + a·d₁ + b·d₂, (a, b) ∈ [−r, r]², computed row by row.
pub struct SurfaceSlice {
    /// w*.
    pub centre: Vec<f64>,
    /// d₁.
    pub d1: Vec<f64>,
    /// d₂.
    pub d2: Vec<f64>,
    /// Half-width r of the square of (a, b).
    pub radius: f64,
    /// Grid points per side (2–400).
    pub side: usize,
    /// Losses row by row (b from −r up, a from −r to the right); filled as it is computed.
    pub values: Vec<f64>,
}

impl SurfaceSlice {
    /// An empty slice around `centre` along `d1`, `d2`.
    pub fn new(centre: Vec<f64>, d1: Vec<f64>, d2: Vec<f64>, radius: f64, side: usize) -> Result<Self, String> {
        if !(2..=400).contains(&side) {
            return Err(format!("the grid has between 2 and 400 points per side (got {side})"));
        }
        if !(radius > 0.0 && radius.is_finite()) {
            return Err(format!("the slice's radius must be a positive number (got {radius})"));
        }
        if d1.len() != centre.len() || d2.len() != centre.len() {
            return Err("the directions must have one entry per weight".into());
        }
        Ok(SurfaceSlice { centre, d1, d2, radius, side, values: Vec::with_capacity(side * side) })
    }

    /// Coordinate of grid index `i` (0 … side − 1) along either axis.
    pub fn coord(&self, i: usize) -> f64 {
        -self.radius + 2.0 * self.radius * i as f64 / (self.side - 1) as f64
    }

    /// True once every grid point has its loss.
    pub fn is_done(&self) -> bool {
        self.values.len() == self.side * self.side
    }

    /// Computes at most `points` more grid points with `probe`; true once done.
    pub fn advance(&mut self, probe: &mut LossProbe, points: usize) -> Result<bool, MlpError> {
        let mut w = self.centre.clone();
        for _ in 0..points {
            if self.is_done() {
                break;
            }
            let k = self.values.len();
            let (a, b) = (self.coord(k % self.side), self.coord(k / self.side));
            for (((wi, c), x), y) in w.iter_mut().zip(&self.centre).zip(&self.d1).zip(&self.d2) {
                *wi = c + a * x + b * y;
            }
            self.values.push(probe.loss(&w)?);
        }
        Ok(self.is_done())
    }
}

/// 𝓛((1 − t)·w₀ + t·w*) at `points` values of t evenly from `t_min` to `t_max` (the segment
/// from the initial to the trained weights, and beyond when the range goes past [0, 1]).
pub fn interpolation(probe: &mut LossProbe, w0: &[f64], w_star: &[f64], t_min: f64, t_max: f64, points: usize) -> Result<Vec<(f64, f64)>, MlpError> {
    let points = points.max(2);
    let mut w = w0.to_vec();
    (0..points)
        .map(|i| {
            let t = t_min + (t_max - t_min) * i as f64 / (points - 1) as f64;
            for ((wi, a), b) in w.iter_mut().zip(w0).zip(w_star) {
                *wi = (1.0 - t) * a + t * b;
            }
            Ok((t, probe.loss(&w)?))
        })
        .collect()
}

/// Unit vector along `v` (for callers that want plain random directions).
pub fn unit(v: &[f64]) -> Vec<f64> {
    let n = DVector::from_column_slice(v).norm();
    if n > 0.0 {
        v.iter().map(|x| x / n).collect()
    } else {
        v.to_vec()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::mlp::{Activation, DataConfig, DataKind, MlpConfig, Trainer};

    fn trained(seed: u64, steps: u64) -> (Trainer, Vec<Vec<f64>>) {
        let cfg = MlpConfig {
            hidden: vec![16, 16],
            activation: Activation::Tanh,
            seed,
            data: DataConfig { kind: DataKind::Circles, n: 200, seed, val_fraction: 0.0, ..DataConfig::default() },
            ..MlpConfig::default()
        };
        let mut t = Trainer::new(cfg).expect("trainer");
        let mut path = vec![t.network().params().to_vec()];
        for _ in 0..steps / 10 {
            t.run_steps(10);
            path.push(t.network().params().to_vec());
        }
        (t, path)
    }

    fn probe(t: &Trainer, precision: Precision) -> LossProbe<'_> {
        let loss = t.config().loss.resolve(t.task()).expect("loss");
        LossProbe::new(t.network(), t.train_set(), loss, precision)
    }

    /// The slice's centre is the trained network: the loss at (0, 0) equals the trainer's own
    /// training loss (same f64 arithmetic, to the last bits of a different summation order: 1e-12),
    /// and the grid, computed in slices of any size, is the same.
    #[test]
    fn the_slice_at_the_origin_is_the_trained_loss_and_slicing_changes_nothing() {
        for seed in [1, 2, 3] {
            let (mut t, _) = trained(seed, 200);
            let trained_loss = t.snapshot().train_loss;
            let w = t.network().params().to_vec();
            let (d1, d2) = (filter_normalised(t.network(), 10 + seed), filter_normalised(t.network(), 20 + seed));
            let mut s = SurfaceSlice::new(w.clone(), d1.clone(), d2.clone(), 1.0, 11).expect("slice");
            let mut p = probe(&t, Precision::F64);
            while !s.advance(&mut p, 7).expect("advance") {}
            let centre = s.values[5 * 11 + 5];
            assert_eq!((s.coord(5), s.coord(0), s.coord(10)), (0.0, -1.0, 1.0));
            assert!((centre - trained_loss).abs() <= 1e-12 * trained_loss.max(1.0), "seed {seed}: {centre} vs {trained_loss}");
            // Around a trained minimum the centre is lower than the rim of the slice.
            let rim = s.values.iter().enumerate().filter(|(k, _)| k % 11 == 0 || k % 11 == 10 || k / 11 == 0 || k / 11 == 10).map(|(_, v)| *v);
            assert!(rim.clone().all(|v| v > centre), "seed {seed}: the centre is not the lowest");
            let mut whole = SurfaceSlice::new(w, d1, d2, 1.0, 11).expect("slice");
            whole.advance(&mut p, 1000).expect("advance");
            assert_eq!(whole.values, s.values);
            // The f32 probe agrees with f64 to single precision.
            let mut p32 = probe(&t, Precision::F32);
            let l32 = p32.loss(t.network().params()).expect("f32");
            assert!((l32 - trained_loss).abs() <= 1e-5 * trained_loss.max(1.0), "{l32} vs {trained_loss}");
        }
    }

    /// Li et al.'s filter normalisation: each neuron's row of the direction has the norm of its row
    /// of weights; biases get no direction; the draws are reproducible from the seed.
    #[test]
    fn filter_normalised_directions_match_each_neurons_norm() {
        let (t, _) = trained(4, 50);
        let net = t.network();
        let d = filter_normalised(net, 7);
        assert_eq!(d, filter_normalised(net, 7));
        assert_ne!(d, filter_normalised(net, 8));
        let w = net.params();
        for s in net.layers() {
            for row in 0..s.fan_out {
                let r = s.w_offset + row * s.fan_in..s.w_offset + (row + 1) * s.fan_in;
                let nd = d[r.clone()].iter().map(|v| v * v).sum::<f64>().sqrt();
                let nw = w[r].iter().map(|v| v * v).sum::<f64>().sqrt();
                assert!((nd - nw).abs() <= 1e-12 * nw, "{nd} vs {nw}");
            }
            assert!(d[s.b_range()].iter().all(|&v| v == 0.0));
        }
    }

    /// The principal directions are orthonormal, the trajectory projects onto them with more of
    /// its spread than onto two random orthonormal directions, and a point of the plane projects
    /// back to its own coordinates.
    #[test]
    fn principal_directions_capture_the_trajectory_and_projection_inverts_the_plane() {
        let (t, path) = trained(5, 300);
        let centre = t.network().params().to_vec();
        let (d1, d2) = principal(&path, &centre).expect("two directions");
        let dot = |x: &[f64], y: &[f64]| x.iter().zip(y).map(|(a, b)| a * b).sum::<f64>();
        assert!((dot(&d1, &d1) - 1.0).abs() < 1e-12 && (dot(&d2, &d2) - 1.0).abs() < 1e-12 && dot(&d1, &d2).abs() < 1e-12);
        let captured = |e1: &[f64], e2: &[f64]| path.iter().map(|w| { let (a, b) = project(w, &centre, e1, e2); a * a + b * b }).sum::<f64>();
        let (r1, r2) = (unit(&filter_normalised(t.network(), 1)), unit(&filter_normalised(t.network(), 2)));
        let r2o: Vec<f64> = { let c = dot(&r1, &r2); unit(&r2.iter().zip(&r1).map(|(b, a)| b - c * a).collect::<Vec<_>>()) };
        assert!(captured(&d1, &d2) > 10.0 * captured(&r1, &r2o), "{} vs {}", captured(&d1, &d2), captured(&r1, &r2o));
        let point: Vec<f64> = centre.iter().zip(&r1).zip(&r2).map(|((c, x), y)| c + 0.3 * x - 1.7 * y).collect();
        let (a, b) = project(&point, &centre, &r1, &r2);
        assert!((a - 0.3).abs() < 1e-9 && (b + 1.7).abs() < 1e-9, "({a}, {b})");
        assert!(principal(&path[..1], &centre).is_none());
    }

    /// The 1-D interpolation starts at the initial loss and ends at the trained one.
    #[test]
    fn interpolation_runs_from_the_initial_to_the_trained_loss() {
        let (mut t, path) = trained(6, 200);
        let trained_loss = t.snapshot().train_loss;
        let mut p = probe(&t, Precision::F64);
        let initial_loss = p.loss(&path[0]).expect("loss");
        let curve = interpolation(&mut p, &path[0], path.last().expect("end"), -0.5, 1.5, 41).expect("curve");
        assert_eq!(curve.len(), 41);
        let at = |t: f64| curve.iter().find(|(x, _)| (x - t).abs() < 1e-12).expect("sample").1;
        assert!((at(0.0) - initial_loss).abs() <= 1e-12 * initial_loss && (at(1.0) - trained_loss).abs() <= 1e-12 * trained_loss.max(1.0));
        assert!(at(1.0) < at(0.0));
        assert!(SurfaceSlice::new(vec![0.0; 3], vec![0.0; 3], vec![0.0; 2], 1.0, 10).is_err());
        assert!(SurfaceSlice::new(vec![0.0; 3], vec![0.0; 3], vec![0.0; 3], f64::NAN, 10).is_err());
        assert!(SurfaceSlice::new(vec![0.0; 3], vec![0.0; 3], vec![0.0; 3], 1.0, 1).is_err());
    }

    /// Issue 14's figure: a 100 × 100 slice of a 2-64-64-1 network on 200 points, natively, in
    /// f64 and f32 (`cargo test --release --lib time_a_100_by_100_slice -- --ignored --nocapture`).
    #[test]
    #[ignore]
    fn time_a_100_by_100_slice() {
        let cfg = MlpConfig {
            hidden: vec![64, 64],
            activation: Activation::Tanh,
            data: DataConfig { kind: DataKind::Sine, n: 200, val_fraction: 0.0, ..DataConfig::default() },
            ..MlpConfig::default()
        };
        let mut t = Trainer::new(cfg).expect("trainer");
        t.run_steps(50);
        for precision in [Precision::F64, Precision::F32] {
            let w = t.network().params().to_vec();
            let mut s = SurfaceSlice::new(w, filter_normalised(t.network(), 1), filter_normalised(t.network(), 2), 1.0, 100).expect("slice");
            let mut p = probe(&t, precision);
            let t0 = std::time::Instant::now();
            s.advance(&mut p, 10_000).expect("slice");
            println!("{precision:?}: {:.0} ms for 10,000 points", t0.elapsed().as_secs_f64() * 1e3);
        }
    }
}

#[cfg(test)]
mod skip_experiment {
    use super::*;
    use crate::mlp::{Activation, DataConfig, DataKind, InitConfig, InitKind, MlpConfig, Trainer};

    /// Prints plain against residual deep nets (`cargo test --release --lib skip_experiment -- --ignored --nocapture`).
    #[test]
    #[ignore]
    fn skip_experiment() {
        for depth in [4usize, 8] {
            for seed in 1..=3u64 {
                let mut line = format!("depth {depth} seed {seed}:");
                for residual in [false, true] {
                    let cfg = MlpConfig {
                        hidden: vec![16; depth],
                        activation: Activation::Tanh,
                        init: InitConfig { kind: InitKind::Xavier, ..InitConfig::default() },
                        seed,
                        residual,
                        data: DataConfig { kind: DataKind::Spiral, n: 300, seed, val_fraction: 0.0, ..DataConfig::default() },
                        ..MlpConfig::default()
                    };
                    let mut t = Trainer::new(cfg).expect("trainer");
                    t.run_steps(600);
                    let trained = t.snapshot().train_loss;
                    let loss = t.config().loss.resolve(t.task()).expect("loss");
                    let mut p = LossProbe::new(t.network(), t.train_set(), loss, Precision::F64);
                    let w = t.network().params().to_vec();
                    let mut s = SurfaceSlice::new(w, filter_normalised(t.network(), 3), filter_normalised(t.network(), 4), 1.0, 41).expect("slice");
                    s.advance(&mut p, 100_000).expect("slice");
                    // Local minima of the grid (strictly below their 8 neighbours), and the share of
                    // grid points where the surface curves down along a or b.
                    let v = |i: usize, j: usize| s.values[j * 41 + i];
                    let mut minima = 0;
                    let mut concave = 0;
                    for j in 1..40 {
                        for i in 1..40 {
                            let c = v(i, j);
                            if (0..9).filter(|k| *k != 4).all(|k| v(i + k % 3 - 1, j + k / 3 - 1) > c) {
                                minima += 1;
                            }
                            if v(i - 1, j) + v(i + 1, j) < 2.0 * c || v(i, j - 1) + v(i, j + 1) < 2.0 * c {
                                concave += 1;
                            }
                        }
                    }
                    line.push_str(&format!(" [{}] loss {trained:.4} minima {minima} concave {:.2}", if residual { "skip" } else { "plain" }, concave as f64 / 1521.0));
                }
                println!("{line}");
            }
        }
    }
}
