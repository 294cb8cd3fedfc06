//! The work done between frames: gradient descent iterated in f64 and f32 towards q steps (a
//! chunk per slice of a `tick`), then checked against its closed form, and the normal equations
//! solved in f32 and f64 (one route per slice) for the precision view.

use super::settings::{limits, Q};
use super::widget::{ShrinkageLab, CURVE_POINTS};
use crate::shrinkage::{achieved_filter, components_preserved, exact_gd_filter, gd_filter, route_error, GdRun, GradientForm, PrecisionReport, Sweep, ROUTES};

/// Tolerance on |φ_achieved − φ_exact| for "component preserved".
pub(super) const PRESERVE_TOL: f64 = 0.1;
/// Problems with N·p² above this compare the normal equations only on request: the comparison
/// (three more least-squares solves, one per tick) costs about as much again as opening the data.
/// The larger half of the sizes the lab accepts (N·p² up to about 1.1·10⁷, see `SVD_WORK_MAX`).
pub(super) const PRECISION_WORK_MAX: f64 = 5e6;
/// Above this N·p² the Gram form is not used (forming XᵀX in one go would block the page).
const GRAM_WORK_MAX: f64 = 4e6;
/// Multiply–adds one chunk of GD steps may take (well below a frame).
const CHUNK_WORK: usize = 400_000;

/// Iterated gradient descent in f64 and f32 towards q steps, with its results once done.
pub(super) struct GdJob {
    pub(super) alpha: f64,
    pub(super) form: GradientForm,
    pub(super) target: usize,
    pub(super) run64: GdRun<f64>,
    pub(super) run32: GdRun<f32>,
    pub(super) result: Option<GdResult>,
}

/// What the finished runs show.
pub(super) struct GdResult {
    /// ‖w_iterated − w_closed‖ / ‖w_closed‖ in f64.
    pub(super) rel_diff: f64,
    pub(super) achieved64: Vec<f64>,
    pub(super) achieved32: Vec<f64>,
    pub(super) kept64: usize,
    pub(super) kept32: usize,
    pub(super) observable: usize,
    pub(super) diverged64: Option<usize>,
    pub(super) diverged32: Option<usize>,
}

impl GdJob {
    fn done(&self) -> bool {
        let fin = |it: usize, div: bool| div || it >= self.target;
        fin(self.run64.iterations_done(), self.run64.diverged()) && fin(self.run32.iterations_done(), self.run32.diverged())
    }

    /// Advances whichever run is behind by up to `chunk` steps; false when both are done.
    fn step(&mut self, chunk: usize) -> bool {
        let t = self.target;
        if !self.run64.diverged() && self.run64.iterations_done() < t {
            self.run64.advance(chunk.min(t - self.run64.iterations_done()));
            return true;
        }
        if !self.run32.diverged() && self.run32.iterations_done() < t {
            self.run32.advance(chunk.min(t - self.run32.iterations_done()));
            return true;
        }
        false
    }
}

/// ‖a − b‖ / ‖b‖ (‖a − b‖ when b = 0).
fn rel(a: &[f64], b: &[f64]) -> f64 {
    let d: f64 = a.iter().zip(b).map(|(x, y)| (x - y) * (x - y)).sum::<f64>().sqrt();
    let n: f64 = b.iter().map(|v| v * v).sum::<f64>().sqrt();
    if n > 0.0 {
        d / n
    } else {
        d
    }
}

impl ShrinkageLab {
    /// The GD error curve vs q depends on α: recompute it when α changed.
    pub(super) fn refresh_gd_curve(&mut self) {
        let alpha = self.alpha();
        let (_, q_max) = limits(&Q);
        if let Some(c) = self.cache.as_mut() {
            if c.gd_curve.as_ref().map(|(a, _)| *a != alpha).unwrap_or(true) {
                c.gd_curve = c.problem.error_curve(Sweep::Gd { alpha, q_max, points: CURVE_POINTS }).ok().map(|e| (alpha, e));
            }
        }
    }

    /// Keeps the GD job consistent with α and q: continue when only q grew, restart otherwise.
    pub(super) fn sync_gd(&mut self) {
        let alpha = self.alpha();
        let q = self.state.q as usize;
        let form = self.gradient_form();
        if let Some(job) = self.gd.as_mut() {
            if job.alpha == alpha && job.form == form && q >= job.run64.iterations_done() && q >= job.run32.iterations_done() {
                if job.target != q {
                    job.target = q;
                    job.result = None;
                }
                return;
            }
        }
        self.gd = None;
    }

    /// The gradient form both runs use: the lecture's Xᵀ(Xw − y) unless the student asked for the
    /// Gram form, which is honoured only while forming XᵀX (N·p² flops, in one go) stays quick.
    pub(super) fn gradient_form(&self) -> GradientForm {
        if self.state.gram && self.work() <= GRAM_WORK_MAX {
            GradientForm::Gram
        } else {
            GradientForm::Residual
        }
    }

    fn new_job(&self) -> Option<GdJob> {
        let c = self.cache.as_ref()?;
        let alpha = self.alpha();
        let form = self.gradient_form();
        let run64 = GdRun::<f64>::with_form(&c.x_train, &c.y_train, alpha, form).ok()?;
        let run32 = GdRun::<f32>::with_form(&c.x_train, &c.y_train, alpha, form).ok()?;
        Some(GdJob { alpha, form, target: self.state.q as usize, run64, run32, result: None })
    }

    fn finish_job(&mut self) {
        let Some(c) = self.cache.as_ref() else { return };
        let Some(job) = self.gd.as_mut() else { return };
        let svd = &c.problem.svd;
        let q = job.target;
        let closed = svd.solve_filtered(|s| gd_filter(s, job.alpha, q as f64));
        let w64 = job.run64.weights();
        let w32 = job.run32.weights();
        let exact = exact_gd_filter(svd, job.alpha, q);
        let achieved64 = achieved_filter(svd, &w64);
        let achieved32 = achieved_filter(svd, &w32);
        let observable = achieved64.iter().filter(|v| v.is_finite()).count();
        let div = |r: bool, it: usize| r.then_some(it);
        job.result = Some(GdResult {
            rel_diff: rel(&w64, &closed),
            kept64: components_preserved(&achieved64, &exact, PRESERVE_TOL),
            kept32: components_preserved(&achieved32, &exact, PRESERVE_TOL),
            observable,
            achieved64,
            achieved32,
            diverged64: div(job.run64.diverged(), job.run64.iterations_done()),
            diverged32: div(job.run32.diverged(), job.run32.iterations_done()),
        });
    }

    /// Whether the normal equations are still to be compared (small problems always, large ones
    /// on request).
    pub(super) fn precision_pending(&self) -> bool {
        self.cache.as_ref().map(|c| c.precision.is_none()).unwrap_or(false) && (self.work() <= PRECISION_WORK_MAX || self.precision_requested)
    }

    /// Solves the normal equations by one more route (each about N·p² multiply–adds), so a large
    /// problem's comparison is spread over frames; the report is made once every route is done.
    fn precision_step(&mut self) {
        if let Some(c) = self.cache.as_mut() {
            let reference = c.problem.svd.solve_filtered(|_| 1.0);
            let k = c.precision_routes.len();
            c.precision_routes.push(route_error(&c.x_train, &c.y_train, &reference, k));
            if let Ok(errors) = <[Option<f64>; ROUTES]>::try_from(c.precision_routes.as_slice()) {
                c.precision = Some(PrecisionReport::from_routes(c.problem.svd.condition_number(), &errors));
            }
        }
    }

    /// Steps of GD per chunk: the residual form costs 4Np flops per step, the Gram form 2p²;
    /// budgeted for the dearer one so a chunk stays well below a frame whichever form runs.
    fn chunk(&self) -> usize {
        let (n, p) = self.cache.as_ref().map(|c| c.x_train.shape()).unwrap_or((1, 1));
        let cost = (4 * n * p).max(2 * p * p).max(1);
        (CHUNK_WORK / cost).clamp(1, 4096)
    }

    /// One unit of pending work; `None` when there is none, else whether it changed a picture.
    fn work_unit(&mut self) -> Option<bool> {
        if self.gd.is_none() {
            self.gd = Some(self.new_job()?);
            return Some(false);
        }
        let chunk = self.chunk();
        let job = self.gd.as_mut()?;
        if job.step(chunk) {
            return Some(false);
        }
        if job.result.is_none() {
            self.finish_job();
            return Some(true);
        }
        if self.precision_pending() {
            self.precision_step();
            return Some(true);
        }
        None
    }

    /// [`crate::lab::widget::Widget::tick`]: works until `out_of_time`, reporting progress a few
    /// times a second by redrawing the precision view alone (five views of 5,000 points took ~60 ms).
    pub(super) fn advance(&mut self, now_ms: f64, out_of_time: &mut dyn FnMut() -> bool) -> bool {
        let mut changed = false;
        while !out_of_time() {
            match self.work_unit() {
                Some(c) => changed |= c,
                None => break,
            }
        }
        self.progress_only = false;
        if !changed && now_ms - self.last_report_ms > 200.0 {
            self.last_report_ms = now_ms;
            self.progress_only = true;
            changed = true;
        }
        changed
    }

    /// [`crate::lab::widget::Widget::busy`]: GD still running or the precision comparison pending.
    pub(super) fn computing(&self) -> bool {
        if self.cache.is_none() {
            return false;
        }
        match &self.gd {
            None => true,
            Some(j) => !j.done() || j.result.is_none() || self.precision_pending(),
        }
    }

    /// Runs every pending computation to the end (for tests and benchmarks).
    pub fn run_to_completion(&mut self) {
        while self.computing() {
            self.advance(0.0, &mut || false);
        }
    }
}
