//! The width sweep (issue 14, item 1): the current settings trained at widths 8, 16, 32, … up to
//! the widest the parameter budget allows (at most 4096), each for the current budget of steps,
//! one width after another in slices; the final quantities against width on log–log axes with
//! least-squares slopes. The NTK papers (Jacot et al. 2018, Lee et al. 2019) bound the gap and
//! the relative weight change by O(m^(−1/2)) in their parameterisation; in this lab's standard one
//! (Kaiming weights, step 1/L₀) ‖w₀‖ grows like √m while ‖w − w₀‖ falls like 1/√m, so the
//! relative change falls like 1/m (measured slopes −0.9 … −1.0 for one hidden layer), and the
//! gap falls faster still (−1.7 … −1.9): see the preset `ntk_width_sweep`.

use super::pair::Pair;
use super::settings::widest;
use super::state::LinearisationState;

/// One width's result.
#[derive(Clone, Debug, PartialEq)]
pub struct SweepPoint {
    /// Hidden width m.
    pub width: usize,
    /// Weights P.
    pub params: usize,
    /// The largest ‖f − f_lin‖/√N over the recorded steps.
    pub max_gap: f64,
    /// ‖w − w₀‖/‖w₀‖ of the network at the last step.
    pub change: f64,
    /// ‖w − w₀‖ of the network at the last step.
    pub moved: f64,
    /// The network's training loss at the last step.
    pub loss: f64,
    /// Why training stopped early, if it did.
    pub halted: Option<String>,
}

/// The sweep in progress (or done).
pub struct WidthSweep {
    base: LinearisationState,
    /// The widths, smallest first.
    pub widths: Vec<usize>,
    /// Results so far, in the order of `widths`.
    pub points: Vec<SweepPoint>,
    current: Option<Pair>,
    /// Stopped by the user before the last width.
    pub stopped: bool,
}

impl WidthSweep {
    /// The sweep of `s`'s network (depth, data, optimizer, steps) over the widths that fit.
    pub fn new(s: &LinearisationState) -> Self {
        let top = widest(s.depth, s.data.dim(), s.data.n).min(4096);
        let widths = (3..=12).map(|k| 1usize << k).filter(|&m| m <= top).collect();
        WidthSweep { base: s.clone(), widths, points: Vec::new(), current: None, stopped: false }
    }

    /// Whether every width is done or the sweep was stopped.
    pub fn done(&self) -> bool {
        self.stopped || self.points.len() >= self.widths.len()
    }

    /// (widths done, widths, steps of the current width).
    pub fn progress(&self) -> (usize, usize, u64) {
        (self.points.len(), self.widths.len(), self.current.as_ref().map_or(0, |p| p.step))
    }

    /// One unit of work: a kernel slice or one training step of the current width.
    pub fn advance(&mut self) {
        if self.done() {
            return;
        }
        let width = self.widths[self.points.len()];
        if self.current.is_none() {
            let s = LinearisationState { width, ..self.base.clone() };
            match Pair::new(&s) {
                Ok(mut p) => {
                    p.checkpoints_on = false;
                    self.current = Some(p);
                }
                Err(e) => {
                    self.points.push(SweepPoint { width, params: 0, max_gap: f64::NAN, change: f64::NAN, moved: f64::NAN, loss: f64::NAN, halted: Some(e.message().to_string()) });
                    return;
                }
            }
        }
        let Some(p) = &mut self.current else { return };
        if p.building() {
            p.build_slice();
        } else if !p.finished() {
            p.train_step();
        } else {
            let last = p.records.last();
            let point = SweepPoint {
                width,
                params: p.lin.params(),
                max_gap: p.records.iter().map(|r| r.gap).fold(0.0, f64::max),
                change: last.map_or(f64::NAN, |r| r.change_net),
                moved: p.net.params().iter().zip(&p.lin.w0).map(|(a, b)| (a - b) * (a - b)).sum::<f64>().sqrt(),
                loss: last.map_or(f64::NAN, |r| r.loss_net),
                halted: p.halted.clone(),
            };
            self.points.push(point);
            self.current = None;
        }
    }

    /// Runs to the end in one go (tests, claims).
    pub fn finish(mut self) -> Self {
        while !self.done() {
            self.advance();
        }
        self
    }

    /// Least-squares slope of ln y against ln m over the finished widths with y > 0 finite.
    pub fn slope(&self, y: impl Fn(&SweepPoint) -> f64) -> Option<f64> {
        let pts: Vec<(f64, f64)> = self.points.iter().filter(|p| p.halted.is_none()).map(|p| (p.width as f64, y(p))).filter(|q| q.1.is_finite() && q.1 > 0.0).map(|(a, b)| (a.ln(), b.ln())).collect();
        log_log_slope(&pts)
    }
}

/// The least-squares slope b of v ≈ a + b·u over (u, v) (None with fewer than 2 points).
pub fn log_log_slope(pts: &[(f64, f64)]) -> Option<f64> {
    if pts.len() < 2 {
        return None;
    }
    let n = pts.len() as f64;
    let (mu, mv) = (pts.iter().map(|p| p.0).sum::<f64>() / n, pts.iter().map(|p| p.1).sum::<f64>() / n);
    let (num, den) = pts.iter().fold((0.0, 0.0), |(a, b), p| (a + (p.0 - mu) * (p.1 - mv), b + (p.0 - mu) * (p.0 - mu)));
    (den > 0.0).then(|| num / den)
}
