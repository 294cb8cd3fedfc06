//! Each preset's lesson as a measurable property of the finished race.
//!
//! [`Race::run`] computes every racer's full trajectory exactly as the page does, plus the
//! gradient-stream experiment; a preset's [`claim`](super::presets::Preset::claim) checks its
//! lesson on the result. [`variant`] makes the same preset with another seed: the noise stream is
//! reseeded and the start point is moved by up to the preset's `jitter` in each coordinate, so the
//! native test checks that a lesson is a property of the method, not of one lucky start.

use crate::landscape::Surface;
use crate::rng;

use super::race::{run_race, Trajectory};
use super::stream::run_stream_from;
use super::state::OptimizerLabState;

/// A finished race and what the claims look at.
pub struct Race {
    /// The state raced.
    pub state: OptimizerLabState,
    /// The landscape raced on.
    pub surface: Surface,
    /// Every racer's run, in order.
    pub runs: Vec<Trajectory>,
    /// Every racer's position in the gradient-stream experiment (`None` for methods that need a
    /// Hessian), started at this cycle phase.
    pub stream: Vec<Option<Vec<f64>>>,
}

impl Race {
    /// Runs every racer of `state` to its budget (and the gradient stream from `phase`).
    pub fn run(state: &OptimizerLabState, phase: u64) -> crate::lab::error::LabResult<Race> {
        let surface = state.landscape.build().map_err(|e| e.to_string())?;
        let runs = run_race(&surface, state, &surface.default_view());
        for (i, t) in runs.iter().enumerate() {
            if let Some(e) = &t.error {
                return Err(crate::lab::claim::unmet(format!("racer {} could not run: {e}", i + 1)));
            }
        }
        let stream = state.racers.iter().map(|r| run_stream_from(r, phase)).collect();
        Ok(Race { state: state.clone(), surface, runs, stream })
    }

    /// Racer `i`'s run.
    pub fn racer(&self, i: usize) -> crate::lab::error::LabResult<&Trajectory> {
        self.runs.get(i).ok_or_else(|| crate::lab::claim::unmet(format!("racer {} missing", i + 1)))
    }

    /// The Hessian's eigenvectors at the origin, steepest first (for quadratics: the valley's
    /// steep and shallow directions).
    pub fn principal_axes(&self) -> [[f64; 2]; 2] {
        let h = self.surface.hessian(0.0, 0.0);
        let (a, b, c) = (h[0][0], h[0][1], h[1][1]);
        // Angle of the eigenvector of the larger eigenvalue of [[a, b], [b, c]].
        let phi = 0.5 * (2.0 * b).atan2(a - c);
        let steep = [phi.cos(), phi.sin()];
        [steep, [-steep[1], steep[0]]]
    }
}

/// The preset's state for another seed: seed 1 is the preset as shipped; other seeds reseed the
/// noise and move the start by up to `jitter` (uniformly, per coordinate).
pub fn variant(state: &OptimizerLabState, seed: u64, jitter: [f64; 2]) -> OptimizerLabState {
    let mut s = state.clone();
    if seed == 1 {
        return s;
    }
    s.seed = seed;
    let mut r = rng::seeded(0x5EED_0000 + seed);
    for (x, j) in s.start.iter_mut().zip(jitter) {
        *x += j * (2.0 * rng::uniform(&mut r) - 1.0);
    }
    s
}

/// The final loss of a racer that finished its budget.
pub fn final_loss(t: &Trajectory) -> f64 {
    if t.diverged_at.is_some() {
        f64::NAN
    } else {
        t.loss.last().copied().unwrap_or(f64::NAN)
    }
}

/// Distance between two points.
pub fn dist(a: [f64; 2], b: [f64; 2]) -> f64 {
    (a[0] - b[0]).hypot(a[1] - b[1])
}

/// Component of `p` along the unit vector `u`.
pub fn along(p: [f64; 2], u: [f64; 2]) -> f64 {
    p[0] * u[0] + p[1] * u[1]
}

/// Length of each step x_{k+1} − x_k.
pub fn step_lengths(t: &Trajectory) -> Vec<f64> {
    t.points.windows(2).map(|w| dist(w[0], w[1])).collect()
}

/// First step at which the trajectory satisfies `pred`, if any.
pub fn first_step(t: &Trajectory, pred: impl Fn([f64; 2]) -> bool) -> Option<usize> {
    t.points.iter().position(|&p| pred(p))
}

/// Final position of a stream run.
pub fn stream_end(r: &Race, i: usize) -> crate::lab::error::LabResult<f64> {
    r.stream.get(i).and_then(|s| s.as_ref()).and_then(|s| s.last().copied()).ok_or_else(|| crate::lab::claim::unmet(format!("racer {} has no stream run", i + 1)))
}

/// Largest per-coordinate step max(|Δx|, |Δy|) of a run.
pub fn max_coordinate_step(t: &Trajectory) -> f64 {
    t.points.windows(2).map(|w| (w[1][0] - w[0][0]).abs().max((w[1][1] - w[0][1]).abs())).fold(0.0, f64::max)
}

/// Number of steps at which the component along `u` changes sign.
pub fn sign_flips(t: &Trajectory, u: [f64; 2]) -> usize {
    t.points.windows(2).filter(|w| along(w[0], u) * along(w[1], u) < 0.0).count()
}

/// Mean distance to `p` over the last `n` iterates.
pub fn mean_distance_last(t: &Trajectory, p: [f64; 2], n: usize) -> f64 {
    let tail = &t.points[t.points.len().saturating_sub(n)..];
    tail.iter().map(|&q| dist(q, p)).sum::<f64>() / tail.len().max(1) as f64
}
