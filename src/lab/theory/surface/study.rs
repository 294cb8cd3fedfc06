//! The computation behind the views, in slices: each network is trained (its weights kept at
//! checkpoints), then its plane is chosen, the trajectory projected on it, the 1-D interpolation
//! 𝓛((1 − t)w₀ + t·w*) computed in f64 and the 2-D slice 𝓛(w* + a·d₁ + b·d₂) grid point by grid
//! point in f32 ([`PlaneLoss`]). With “compare” two networks (plain, then with skips) go through
//! the same stages from the same w₀.

use nalgebra::{DMatrix, SymmetricEigen};

use crate::lab::error::{LabError, LabResult};
use crate::mlp::{InitConfig, Loss, MlpConfig, Precision, Progress, Trainer};
use crate::theory::slice::{filter_normalised, project, LossProbe};
use crate::theory::slice32::PlaneLoss;

use super::settings::MAX_PASS_MACS;
use super::state::{DirectionKind, SurfaceState};

/// Checkpoints of the weights over training (plus w₀): the trajectory drawn on the plane and the
/// points whose principal directions span it.
pub const CHECKPOINTS: u64 = 20;
/// Points of the 1-D interpolation, t from [`T_MIN`] to [`T_MAX`] (t = 0 and t = 1 among them).
pub const CURVE_POINTS: usize = 81;
/// The interpolation's range of t.
pub const T_MIN: f64 = -0.5;
/// The interpolation's range of t.
pub const T_MAX: f64 = 1.5;

/// What a network is doing.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stage {
    /// Training (step k of the budget).
    Training,
    /// Trained: the plane is chosen in the next slice.
    Plane,
    /// Computing 𝓛 along the segment w₀ → w* (k of [`CURVE_POINTS`]).
    Curve,
    /// Computing the grid (k of side² points).
    Grid,
    /// Everything computed.
    Done,
    /// Stopped: training diverged or the plane could not be built (the message says why).
    Failed,
}

/// One network, trained and sliced.
pub struct Net {
    /// Skip connections on.
    pub residual: bool,
    /// The trainer (its network is w* once trained).
    pub trainer: Trainer,
    /// The stage.
    pub stage: Stage,
    /// Weights at the checkpoints (w₀ first, w* last once trained) and their steps.
    pub checkpoints: Vec<Vec<f64>>,
    /// Steps of the checkpoints.
    pub checkpoint_steps: Vec<u64>,
    /// (step k, full-batch training loss 𝓛(w_k)) for every step taken.
    pub losses: Vec<(f64, f64)>,
    /// 𝓛(w*) in f64 (the slice's centre should match it).
    pub trained_loss: f64,
    /// d₁, d₂ once chosen (scaled for principal ones once the stage is past [`Stage::Plane`]).
    pub directions: Option<(Vec<f64>, Vec<f64>)>,
    /// The checkpoints projected on the plane, (a, b).
    pub path: Vec<(f64, f64)>,
    /// (t, 𝓛((1 − t)w₀ + t·w*)) computed so far.
    pub curve: Vec<(f64, f64)>,
    /// Grid losses computed so far, row by row (b from −r up, a from −r to the right).
    pub grid: Vec<f64>,
    /// Why the network stopped (a divergence, a plane that could not be built).
    pub failure: Option<String>,
    plane: Option<PlaneLoss>,
    probe_loss: Loss,
    /// Rows of the trajectory's Gram matrix computed so far (principal directions).
    gram: Vec<Vec<f64>>,
}

impl Net {
    fn new(s: &SurfaceState, residual: bool) -> LabResult<Net> {
        let run = &s.runs[0];
        let cfg = MlpConfig {
            hidden: vec![s.width; s.depth],
            activation: s.activation,
            init: InitConfig::default(),
            optimizer: run.optimizer.clone(),
            schedule: run.schedule.clone(),
            seed: s.seed,
            residual,
            precision: Precision::F64,
            data: s.data.config(),
            ..MlpConfig::default()
        };
        let mut trainer = Trainer::new(cfg).map_err(|e| LabError::invalid(e.to_string()))?;
        trainer.set_recording(s.budget.max(1), 4);
        let probe_loss = trainer.config().resolve_loss(trainer.task()).map_err(|e| LabError::invalid(e.to_string()))?;
        let w0 = trainer.network().params().to_vec();
        Ok(Net {
            residual,
            trainer,
            stage: Stage::Training,
            checkpoints: vec![w0],
            checkpoint_steps: vec![0],
            losses: Vec::new(),
            trained_loss: f64::NAN,
            directions: None,
            path: Vec::new(),
            curve: Vec::new(),
            grid: Vec::new(),
            failure: None,
            plane: None,
            probe_loss,
            gram: Vec::new(),
        })
    }

    /// Label of the network in legends.
    pub fn label(&self) -> &'static str {
        if self.residual {
            "with skips"
        } else {
            "plain"
        }
    }

    /// Steps taken.
    pub fn step(&self) -> u64 {
        self.trainer.step_count()
    }

    /// The loss of this network's architecture at weights `w`, in f64.
    pub fn loss_at(&self, w: &[f64]) -> f64 {
        let mut p = LossProbe::new(self.trainer.network(), self.trainer.train_set(), self.probe_loss, Precision::F64);
        p.loss(w).unwrap_or(f64::NAN)
    }

    fn fail(&mut self, message: String) {
        self.failure = Some(message);
        self.stage = Stage::Failed;
        self.plane = None;
    }

    /// One slice of training: a slice of the current step (about 2 M multiply–adds); `stepped` is
    /// true when a step completed.
    fn train_slice(&mut self, budget: u64) -> bool {
        let before = self.trainer.step_count();
        match self.trainer.advance() {
            Progress::Partial => false,
            Progress::Done(None) => {
                let msg = self.trainer.halted().map_or_else(|| "training stopped".to_string(), |h| h.message.clone());
                self.fail(msg);
                false
            }
            Progress::Done(Some(loss)) => {
                // Full batch: the step's loss is 𝓛(w_k) at the weights before the step.
                self.losses.push((before as f64, loss));
                let k = self.trainer.step_count();
                let every = budget.div_ceil(CHECKPOINTS).max(1);
                if k % every == 0 || k == budget {
                    self.checkpoints.push(self.trainer.network().params().to_vec());
                    self.checkpoint_steps.push(k);
                }
                true
            }
        }
    }

    /// Chooses the plane once trained, in slices: 𝓛(w*) in f64; the directions (for principal
    /// ones the trajectory's Gram matrix a row per slice, then its eigenvectors); the trajectory
    /// projected on the plane and the f32 evaluator.
    fn start_surface(&mut self, s: &SurfaceState) {
        let w_star = self.trainer.network().params().to_vec();
        if self.trained_loss.is_nan() {
            self.trained_loss = self.loss_at(&w_star);
            self.losses.push((self.step() as f64, self.trained_loss));
            if !self.trained_loss.is_finite() {
                self.fail(format!("the trained loss is {}", self.trained_loss));
            }
            return;
        }
        let Some((d1, d2)) = self.directions.take() else {
            let dirs = match s.directions {
                DirectionKind::Filter => Some((filter_normalised(self.trainer.network(), s.direction_seed), filter_normalised(self.trainer.network(), s.direction_seed.wrapping_add(0x5eed)))),
                DirectionKind::Principal if self.gram.len() < self.checkpoints.len() => {
                    // One row of the Gram matrix per slice (≤ T·P multiply–adds).
                    self.gram.push(gram_row(&self.checkpoints, &w_star, self.gram.len()));
                    return;
                }
                DirectionKind::Principal => principal_from_gram(&self.checkpoints, &w_star, &self.gram),
            };
            match dirs {
                Some(d) => self.directions = Some(d),
                None => self.fail("the weights did not move in two independent directions: no principal plane".into()),
            }
            return;
        };
        let (mut d1, mut d2) = (d1, d2);
        self.path = self.checkpoints.iter().map(|w| project(w, &w_star, &d1, &d2)).collect();
        if s.directions == DirectionKind::Principal {
            // Unit directions measure the plane in weight units; scaled by the trajectory's
            // largest coordinate, the path spans [−1, 1] on its longer axis whatever its length.
            let extent = self.path.iter().fold(0.0f64, |m, &(a, b)| m.max(a.abs()).max(b.abs()));
            if extent > 0.0 {
                d1.iter_mut().chain(d2.iter_mut()).for_each(|v| *v *= extent);
                self.path.iter_mut().for_each(|p| *p = (p.0 / extent, p.1 / extent));
            }
        }
        match PlaneLoss::new(self.trainer.network(), self.trainer.train_set(), self.probe_loss, &w_star, &d1, &d2) {
            Ok(p) => self.plane = Some(p),
            Err(e) => return self.fail(e.to_string()),
        }
        self.directions = Some((d1, d2));
        self.stage = Stage::Curve;
    }

    /// One more point of the interpolation.
    fn curve_point(&mut self) {
        let k = self.curve.len();
        let t = T_MIN + (T_MAX - T_MIN) * k as f64 / (CURVE_POINTS - 1) as f64;
        let (w0, w_star) = (&self.checkpoints[0], self.trainer.network().params());
        let w: Vec<f64> = w0.iter().zip(w_star).map(|(a, b)| (1.0 - t) * a + t * b).collect();
        let v = self.loss_at(&w);
        self.curve.push((t, v));
        if self.curve.len() == CURVE_POINTS {
            self.stage = Stage::Grid;
        }
    }

    /// Grid points for one slice (at least one).
    fn grid_points(&mut self, s: &SurfaceState) {
        let Some(plane) = &mut self.plane else { return self.fail("no plane".into()) };
        let per = (MAX_PASS_MACS / plane.macs().max(1)).max(1);
        let side = s.grid;
        for _ in 0..per {
            let k = self.grid.len();
            if k == side * side {
                break;
            }
            let (a, b) = (coord(s, k % side), coord(s, k / side));
            self.grid.push(plane.at(a, b));
        }
        if self.grid.len() == side * side {
            self.stage = Stage::Done;
            self.plane = None;
        }
    }
}

/// Coordinate of grid index `i` along either axis: −r … r in `grid` points.
pub fn coord(s: &SurfaceState, i: usize) -> f64 {
    -s.radius + 2.0 * s.radius * i as f64 / (s.grid - 1) as f64
}

/// The top two principal directions of `points − centre` through their T × T Gram matrix (the
/// left singular vectors u_k = M v_k / σ_k of M = [w_t − centre] from the eigenvectors v_k of MᵀM):
/// P·T²/2 multiply–adds instead of an SVD of the P × T matrix. `None` if the points do not span
/// two directions. (The experiment computes the Gram matrix a row per slice: [`gram_row`],
/// [`principal_from_gram`].)
pub fn principal_by_gram(points: &[Vec<f64>], centre: &[f64]) -> Option<(Vec<f64>, Vec<f64>)> {
    let rows: Vec<Vec<f64>> = (0..points.len()).map(|i| gram_row(points, centre, i)).collect();
    principal_from_gram(points, centre, &rows)
}

/// Row `i` of the Gram matrix from column i on: (w_i − c)·(w_j − c) for j = i … T − 1.
pub fn gram_row(points: &[Vec<f64>], centre: &[f64], i: usize) -> Vec<f64> {
    (i..points.len()).map(|j| points[i].iter().zip(&points[j]).zip(centre).map(|((a, b), c)| (a - c) * (b - c)).sum::<f64>()).collect()
}

/// The directions from the Gram matrix's rows ([`gram_row`] for i = 0 … T − 1).
pub fn principal_from_gram(points: &[Vec<f64>], centre: &[f64], rows: &[Vec<f64>]) -> Option<(Vec<f64>, Vec<f64>)> {
    let t = points.len();
    if t < 2 || rows.len() != t {
        return None;
    }
    let mut g = DMatrix::zeros(t, t);
    for (i, row) in rows.iter().enumerate() {
        for (k, &v) in row.iter().enumerate() {
            (g[(i, i + k)], g[(i + k, i)]) = (v, v);
        }
    }
    let eig = SymmetricEigen::new(g);
    let order = crate::order::indices_by(eig.eigenvalues.as_slice(), true);
    let (l1, l2) = (eig.eigenvalues[order[0]], eig.eigenvalues[order[1]]);
    if !(l1 > 0.0 && l2 > 1e-20 * l1) {
        return None;
    }
    let dir = |k: usize| -> Vec<f64> {
        let v = eig.eigenvectors.column(order[k]);
        let mut u = vec![0.0; centre.len()];
        for (w, &c) in points.iter().zip(v.iter()) {
            u.iter_mut().zip(w).zip(centre).for_each(|((u, a), z)| *u += c * (a - z));
        }
        let n = u.iter().map(|x| x * x).sum::<f64>().sqrt();
        u.iter_mut().for_each(|x| *x /= n);
        u
    };
    Some((dir(0), dir(1)))
}

/// The networks of a state and where they are.
pub struct Study {
    /// One network, or two with “compare” (plain first).
    pub nets: Vec<Net>,
    /// The state they were built from.
    pub state: SurfaceState,
}

impl Study {
    /// Fresh networks at w₀ (the same w₀ for both: one seed, one architecture).
    pub fn new(s: &SurfaceState) -> LabResult<Study> {
        let nets = s.variants().into_iter().map(|r| Net::new(s, r)).collect::<LabResult<Vec<_>>>()?;
        Ok(Study { nets, state: s.clone() })
    }

    /// Whether every network still trains (nothing beyond training has started).
    pub fn training(&self) -> bool {
        self.nets.iter().any(|n| n.stage == Stage::Training)
    }

    /// Whether everything is computed (or stopped).
    pub fn finished(&self) -> bool {
        self.nets.iter().all(|n| matches!(n.stage, Stage::Done | Stage::Failed))
    }

    /// Steps taken (by the network that has taken fewest).
    pub fn step(&self) -> u64 {
        self.nets.iter().map(|n| n.step()).min().unwrap_or(0)
    }

    /// One slice of training: the network behind the others takes a slice of its step; true when
    /// the slowest network completed a step.
    pub fn train_slice(&mut self) -> bool {
        let budget = self.state.budget;
        let before = self.step();
        if let Some(n) = self.nets.iter_mut().filter(|n| n.stage == Stage::Training).min_by_key(|n| n.step()) {
            n.train_slice(budget);
            if n.stage == Stage::Training && n.step() >= budget {
                n.stage = Stage::Plane;
            }
        }
        self.step() > before
    }

    /// One slice of the surfaces once every network is trained (one network's stage at a time);
    /// true if something changed.
    pub fn surface_slice(&mut self) -> bool {
        if self.training() {
            return false;
        }
        let s = &self.state;
        let Some(n) = self.nets.iter_mut().find(|n| matches!(n.stage, Stage::Plane | Stage::Curve | Stage::Grid)) else { return false };
        match n.stage {
            Stage::Plane => n.start_surface(s),
            Stage::Curve => n.curve_point(),
            Stage::Grid => n.grid_points(s),
            _ => {}
        }
        true
    }

    /// Everything at once (presets' claims and tests).
    pub fn run_to_end(&mut self) {
        while !self.finished() {
            if self.training() {
                self.train_slice();
            } else {
                self.surface_slice();
            }
        }
    }

    /// (points done, points in all) of the surfaces being computed, once training is over.
    pub fn surface_progress(&self) -> Option<(usize, usize)> {
        if self.training() || self.finished() {
            return None;
        }
        let side2 = self.state.grid * self.state.grid;
        let all = self.nets.len() * (CURVE_POINTS + side2);
        let done = self.nets.iter().map(|n| n.curve.len() + n.grid.len()).sum();
        Some((done, all))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The Gram route gives the core's principal directions (the SVD's), up to sign.
    #[test]
    fn principal_by_gram_equals_the_svd() {
        let mut s = SurfaceState { budget: 60, compare: false, width: 8, depth: 2, ..SurfaceState::default() };
        s.data.n = 60;
        let mut st = Study::new(&s).expect("study");
        while st.training() {
            st.train_slice();
        }
        let n = &st.nets[0];
        let w = n.trainer.network().params().to_vec();
        let (a1, a2) = principal_by_gram(&n.checkpoints, &w).expect("gram");
        let (b1, b2) = crate::theory::slice::principal(&n.checkpoints, &w).expect("svd");
        for (x, y) in [(a1, b1), (a2, b2)] {
            let dot: f64 = x.iter().zip(&y).map(|(p, q)| p * q).sum();
            assert!((dot.abs() - 1.0).abs() < 1e-9, "|⟨gram, svd⟩| = {}", dot.abs());
        }
        assert_eq!(n.checkpoints.len() as u64, CHECKPOINTS + 1);
    }
}
