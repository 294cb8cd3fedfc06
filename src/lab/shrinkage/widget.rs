//! The Shrinkage lab widget: controls, cached SVD, time-sliced GD runs, dragging, and the
//! plain data behind every view (drawn by `render::shrinkage`).
//!
//! Work is split by cost: a data change (points, N, p, feature map, seed…) rebuilds the design
//! matrices and the SVD once; moving λ, κ, q or α only re-evaluates filters from the cached SVD;
//! iterating gradient descent (f64 and f32) and the f32 normal equations run in `tick`, a chunk at
//! a time, so the page never blocks.

use nalgebra::DMatrix;

use super::presets::{preset, PRESETS};
use super::state::{
    check_alpha, check_kappa, check_lambda, check_q, check_svd_work, kappa_slider_range, lambda_slider_range, ShrinkageLabState, KAPPA_RANGE, LAMBDA_RANGE, Q_MAX,
    URL_POINTS_MAX,
};
use crate::lab::input::{echo, parse_bool, parse_f64, parse_whole};
use crate::lab::url::encode;
use crate::lab::widget::{Control, ControlKind, Pointer, PointerKind, ViewSpec, Widget};
use crate::render::chart::ChartFrame;
use crate::render::shrinkage::{
    self as draw, num, GD_COLOR, LS_COLOR, PCA_COLOR, RIDGE_COLOR,
};
use crate::shrinkage::{
    achieved_filter, components_preserved, design_matrix, exact_gd_filter, gd_filter, optimal_alpha, parse_csv,
    pca_filter, q_star, route_error, stability_limit, Dataset, ErrorCurve, FeatureMap, GdRun,
    GradientForm, PrecisionReport, Problem, Sweep, Target, NOISE_MAX, N_MAX, P_MAX, ROUTES,
};

/// Points on the dense x grid used to draw fitted curves.
const GRID_POINTS: usize = 241;
/// Points of each error curve (λ and q sweeps).
const CURVE_POINTS: usize = 48;
/// Pick radius for dragging, CSS px.
const PICK_RADIUS: f64 = 10.0;
/// Tolerance on |φ_achieved − φ_exact| for "component preserved".
pub(super) const PRESERVE_TOL: f64 = 0.1;
/// Problems with N·p² above this compare the normal equations only on request: the comparison
/// (three more least-squares solves, one per tick) costs about as much again as opening the data.
/// The larger half of the sizes the lab accepts (N·p² up to about 1.1·10⁷, see `SVD_WORK_MAX`).
const PRECISION_WORK_MAX: f64 = 5e6;
/// Above this N·p² the Gram form is not used (forming XᵀX in one go would block the page).
const GRAM_WORK_MAX: f64 = 4e6;
/// Above this N·p² a dragged point updates the fit on release instead of on every move.
const LIVE_DRAG_WORK_MAX: f64 = 2e6;

/// Everything computed from the data (rebuilt only when the data or features change).
pub(super) struct Cache {
    pub(super) data: Dataset,
    pub(super) problem: Problem,
    pub(super) x_train: DMatrix<f64>,
    pub(super) y_train: Vec<f64>,
    pub(super) grid: Vec<f64>,
    pub(super) grid_features: DMatrix<f64>,
    pub(super) ridge_curve: ErrorCurve,
    pub(super) pca_curve: ErrorCurve,
    /// GD error curve and the α it was computed for.
    pub(super) gd_curve: Option<(f64, ErrorCurve)>,
    pub(super) precision: Option<PrecisionReport>,
    /// Errors of the precision routes computed so far (one per tick unit, see [`ROUTES`]).
    pub(super) precision_routes: Vec<Option<f64>>,
}

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
}

/// Per-direction results of the current state, as a preset's claim measures them
/// (directions in descending order of s; filters are NaN where uᵢᵀy ≈ 0 makes them unobservable).
#[derive(Clone, Debug)]
pub struct Measured {
    /// Singular values (0 below the rank tolerance).
    pub s: Vec<f64>,
    /// Largest singular value.
    pub s_max: f64,
    /// GD step α and iterations q.
    pub alpha: f64,
    pub q: usize,
    /// Ridge λ and PCA κ of the state.
    pub lambda: f64,
    pub kappa: f64,
    /// Achieved filter of ridge solved by its closed form (XᵀX + λI)⁻¹Xᵀy (empty if that failed).
    pub ridge: Vec<f64>,
    /// Achieved filter of the PCA estimator.
    pub pca: Vec<f64>,
    /// Exact GD filter 1 − (1 − αsᵢ²)^q.
    pub exact_gd: Vec<f64>,
    /// Achieved filter of the iterated f64 and f32 GD runs.
    pub achieved64: Vec<f64>,
    pub achieved32: Vec<f64>,
    /// Components within 0.1 of the exact GD filter (f64, f32).
    pub kept64: usize,
    pub kept32: usize,
    /// Step at which the f64 run was stopped as diverged.
    pub diverged64: Option<usize>,
}

/// The Shrinkage lab: state, caches and the GD job (see the module docs).
pub struct ShrinkageLab {
    pub(super) state: ShrinkageLabState,
    pub(super) cache: Option<Cache>,
    pub(super) cache_error: Option<String>,
    pub(super) gd: Option<GdJob>,
    pub(super) notices: Vec<String>,
    pub(super) drag: Option<usize>,
    /// The data view's last chart frame (device px) and the device pixel ratio it was drawn at.
    pub(super) data_frame: Option<(ChartFrame, f64)>,
    /// y range kept fixed while a point is dragged.
    pub(super) frozen_y: Option<(f64, f64)>,
    /// The data view's x range while a point is held (see `frozen_y`).
    pub(super) frozen_x: Option<(f64, f64)>,
    pub(super) last_report_ms: f64,
    /// The last tick only advanced progress counters (shown by the status and the precision view).
    pub(super) progress_only: bool,
    pub(super) precision_requested: bool,
}

fn job_form(job: &Option<GdJob>) -> Option<GradientForm> {
    job.as_ref().map(|j| j.form)
}

fn rel(a: &[f64], b: &[f64]) -> f64 {
    let d: f64 = a.iter().zip(b).map(|(x, y)| (x - y) * (x - y)).sum::<f64>().sqrt();
    let n: f64 = b.iter().map(|v| v * v).sum::<f64>().sqrt();
    if n > 0.0 {
        d / n
    } else {
        d
    }
}

fn map_name(m: FeatureMap) -> &'static str {
    match m {
        FeatureMap::Polynomial => "polynomial",
        FeatureMap::Rbf => "rbf",
        FeatureMap::Fourier => "fourier",
    }
}

fn target_name(t: Target) -> &'static str {
    match t {
        Target::Sine => "sine",
        Target::Runge => "runge",
        Target::Step => "step",
        Target::Cubic => "cubic",
    }
}

impl Default for ShrinkageLab {
    fn default() -> Self {
        Self::from_state(ShrinkageLabState::default())
    }
}

impl ShrinkageLab {
    /// Opens the lab from a URL query: `preset=ID` picks the starting state, the other keys
    /// override it; bad values become notices (see [`Widget::take_notices`]).
    pub fn open(query: &str) -> Self {
        let (mut state, mut notices) = crate::lab::url::decode_with_preset(query, &[], preset);
        if preset(&state.preset).is_none() {
            state.preset.clear();
        }
        notices.extend(state.repair());
        let mut lab = ShrinkageLab::from_state(state);
        lab.notices.splice(0..0, notices);
        lab
    }

    /// A lab showing `state` (repaired first if needed).
    pub fn from_state(mut state: ShrinkageLabState) -> ShrinkageLab {
        let notices = state.repair();
        let mut lab = ShrinkageLab {
            state,
            cache: None,
            cache_error: None,
            gd: None,
            notices,
            drag: None,
            data_frame: None,
            frozen_y: None,
            frozen_x: None,
            last_report_ms: f64::NEG_INFINITY,
            progress_only: false,
            precision_requested: false,
        };
        if let Err(e) = lab.rebuild() {
            lab.notices.push(format!("Could not use these data ({e}); back to the default data"));
            lab.state.data = Default::default();
            lab.state.points.clear();
            lab.state.test_points.clear();
            if let Err(e) = lab.rebuild() {
                lab.cache_error = Some(e);
            }
        }
        lab
    }

    /// The current state.
    pub fn state(&self) -> &ShrinkageLabState {
        &self.state
    }

    /// Largest singular value of the training X (1 before any data).
    pub fn s_max(&self) -> f64 {
        self.cache.as_ref().map(|c| c.problem.svd.s_max()).filter(|s| *s > 0.0).unwrap_or(1.0)
    }

    /// The step α = fraction · s_max⁻².
    pub fn alpha(&self) -> f64 {
        self.state.alpha * optimal_alpha(self.s_max())
    }

    /// Recomputes everything that depends on the data from the current state.
    fn rebuild(&mut self) -> Result<(), String> {
        let data = self.state.dataset().map_err(|e| e.to_string())?;
        let spec = self.state.data.features();
        let (xa, ya) = data.split(false);
        let (xb, yb) = data.split(true);
        check_svd_work(xa.len() + xb.len(), xa.len(), spec.columns())?;
        let x_train = design_matrix(&spec, &xa);
        let x_test = design_matrix(&spec, &xb);
        let problem = Problem::new(&x_train, &ya, &x_test, &yb).map_err(|e| e.to_string())?;
        let (lo, hi) = self.x_range_of(&data);
        let grid: Vec<f64> = (0..GRID_POINTS).map(|i| lo + (hi - lo) * i as f64 / (GRID_POINTS - 1) as f64).collect();
        let grid_features = design_matrix(&spec, &grid);
        let ridge_curve = problem
            .error_curve(Sweep::Ridge { min: LAMBDA_RANGE.0, max: LAMBDA_RANGE.1, points: CURVE_POINTS })
            .map_err(|e| e.to_string())?;
        let pca_curve = problem.error_curve(Sweep::Pca).map_err(|e| e.to_string())?;
        self.cache = Some(Cache {
            data,
            problem,
            x_train,
            y_train: ya,
            grid,
            grid_features,
            ridge_curve,
            pca_curve,
            gd_curve: None,
            precision: None,
            precision_routes: Vec::new(),
        });
        self.cache_error = None;
        self.gd = None;
        self.precision_requested = false;
        self.refresh_gd_curve();
        Ok(())
    }

    /// Keeps the data view's axis ranges while a point is held (they rescale on release), so the
    /// point stays under the pointer.
    fn freeze_axes(&mut self) {
        if let Some((f, _)) = self.data_frame {
            self.frozen_y = Some((f.y_range.0, f.y_range.1));
            if let Some(c) = &self.cache {
                self.frozen_x = Some((c.grid[0], c.grid[c.grid.len() - 1]));
            }
        }
    }

    fn x_range_of(&self, data: &Dataset) -> (f64, f64) {
        if let Some(r) = self.frozen_x {
            return r;
        }
        let lo = data.x.iter().copied().fold(-1.0, f64::min);
        let hi = data.x.iter().copied().fold(1.0, f64::max);
        let pad = 0.04 * (hi - lo);
        (lo - pad, hi + pad)
    }

    /// The GD error curve vs q depends on α: recompute it when α changed.
    fn refresh_gd_curve(&mut self) {
        let alpha = self.alpha();
        if let Some(c) = self.cache.as_mut() {
            if c.gd_curve.as_ref().map(|(a, _)| *a != alpha).unwrap_or(true) {
                c.gd_curve = c
                    .problem
                    .error_curve(Sweep::Gd { alpha, q_max: Q_MAX as f64, points: CURVE_POINTS })
                    .ok()
                    .map(|e| (alpha, e));
            }
        }
    }

    /// Keeps the GD job consistent with α and q: continue when only q grew, restart otherwise.
    fn sync_gd(&mut self) {
        let alpha = self.alpha();
        let q = self.state.q as usize;
        let form = self.gradient_form();
        if let Some(job) = self.gd.as_mut() {
            if job.alpha == alpha
                && job.form == form
                && q >= job.run64.iterations_done() && q >= job.run32.iterations_done() {
                if job.target != q {
                    job.target = q;
                    job.result = None;
                }
                return;
            }
        }
        self.gd = None;
    }

    /// Applies a change to a copy of the state; keeps it only if the data still build.
    fn change(&mut self, data_changed: bool, f: impl FnOnce(&mut ShrinkageLabState) -> Result<(), String>) -> Result<(), String> {
        let old = self.state.clone();
        if let Err(e) = f(&mut self.state) {
            self.state = old;
            return Err(e);
        }
        if data_changed {
            if let Err(e) = self.rebuild() {
                self.state = old;
                // The old state built before; rebuilding it restores the caches.
                let _ = self.rebuild();
                return Err(e);
            }
        }
        self.refresh_gd_curve();
        self.sync_gd();
        Ok(())
    }

    /// A generator setting changed: the student's own points (if any) give way to generated data.
    fn regenerate(&mut self, f: impl FnOnce(&mut ShrinkageLabState) -> Result<(), String>) -> Result<(), String> {
        let had_points = self.state.custom_data();
        self.change(true, |s| {
            f(s)?;
            s.data.validate().map_err(|e| e.to_string())?;
            s.points.clear();
            s.test_points.clear();
            Ok(())
        })?;
        if had_points {
            self.notices.push("Your own points were replaced by freshly generated data (N, noise, seed, target and test fraction describe generated data).".into());
        }
        Ok(())
    }

    /// Turns the generated data into editable points (before the first drag/add/remove).
    fn materialize(&mut self) {
        if self.state.custom_data() {
            return;
        }
        if let Some(c) = &self.cache {
            let round = |v: f64| (v * 1e4).round() / 1e4;
            self.state.points = c.data.x.iter().zip(&c.data.y).map(|(&x, &y)| [round(x), round(y)]).collect();
            self.state.test_points = c.data.is_test.iter().enumerate().filter(|(_, t)| **t).map(|(i, _)| i).collect();
        }
    }

    fn after_points_changed(&mut self) -> Result<(), String> {
        self.state.preset.clear();
        self.state.data.n = self.state.points.len().max(1);
        self.rebuild()?;
        self.sync_gd();
        Ok(())
    }

    /// Nearest point within the pick radius of a pointer position (CSS px), if any.
    fn pick(&self, p: &Pointer) -> Option<usize> {
        let (frame, dpr) = self.data_frame?;
        let (px, py) = (p.x * dpr, p.y * dpr);
        let pts: Vec<(f64, f64)> = if self.state.custom_data() {
            self.state.points.iter().map(|q| (q[0], q[1])).collect()
        } else {
            let d = &self.cache.as_ref()?.data;
            d.x.iter().copied().zip(d.y.iter().copied()).collect()
        };
        let mut best: Option<(usize, f64)> = None;
        for (i, &(x, y)) in pts.iter().enumerate() {
            if let Some((qx, qy)) = draw::to_pixel(&frame, x, y) {
                let d = ((qx as f64 - px).powi(2) + (qy as f64 - py).powi(2)).sqrt();
                if d <= PICK_RADIUS * dpr && best.map(|b| d < b.1).unwrap_or(true) {
                    best = Some((i, d));
                }
            }
        }
        best.map(|b| b.0)
    }

    fn data_at(&self, p: &Pointer) -> Option<(f64, f64)> {
        let (frame, dpr) = self.data_frame?;
        let x = frame.x_at(p.x * dpr).clamp(frame.x_range.0, frame.x_range.1);
        let y = frame.y_at(p.y * dpr).clamp(frame.y_range.0, frame.y_range.1);
        let round = |v: f64| (v * 1e4).round() / 1e4;
        Some((round(x), round(y)))
    }

    fn work(&self) -> f64 {
        self.cache.as_ref().map(|c| c.x_train.nrows() as f64 * (c.x_train.ncols() as f64).powi(2)).unwrap_or(0.0)
    }

    // ---- text for controls and status -------------------------------------------------------

    fn gd_text(&self) -> String {
        match &self.gd {
            Some(GdJob { result: Some(r), .. }) => match r.diverged64 {
                Some(k) => format!("iterated GD diverged after {k} steps (α beyond 2/s_max²)"),
                None => format!("‖w_iterated − w_closed form‖/‖w‖ = {:.1e} (f64, q = {})", r.rel_diff, self.state.q),
            },
            Some(job) => format!(
                "iterating… f64 {} / {}, f32 {} / {}",
                job.run64.iterations_done(),
                job.target,
                job.run32.iterations_done(),
                job.target
            ),
            None => "iterating…".into(),
        }
    }

    fn stability_text(&self) -> String {
        let s = self.s_max();
        let a = self.alpha();
        let verdict = if self.state.alpha > 2.0 { "beyond the limit: GD diverges" } else { "stable" };
        format!(
            "α = {3} ({verdict}) · s_max = {0} · α* = s_max⁻² = {1} · limit 2/s_max² = {2}",
            num(s),
            num(optimal_alpha(s)),
            num(stability_limit(s)),
            num(a)
        )
    }

    pub(super) fn precision_lines(&self) -> Vec<String> {
        let mut lines = Vec::new();
        match &self.gd {
            Some(GdJob { result: Some(r), .. }) => {
                let div = |d: Option<usize>| d.map(|k| format!(" (diverged at step {k})")).unwrap_or_default();
                let form = match job_form(&self.gd) {
                    Some(GradientForm::Gram) => "XᵀX (Gram)",
                    _ => "Xᵀ(Xw − y)",
                };
                lines.push(format!("recovered (|φ − exact| ≤ {PRESERVE_TOL}), GD via {form}:"));
                lines.push(format!(
                    "  float64 {} / {}{} · float32 {} / {}{}",
                    r.kept64,
                    r.observable,
                    div(r.diverged64),
                    r.kept32,
                    r.observable,
                    div(r.diverged32)
                ));
            }
            Some(job) => lines.push(format!(
                "running GD: float64 {} / {}, float32 {} / {} steps…",
                job.run64.iterations_done(),
                job.target,
                job.run32.iterations_done(),
                job.target
            )),
            None => lines.push("running GD…".into()),
        }
        if self.state.gram && self.gradient_form() == GradientForm::Residual {
            lines.push("Gram form not used: X is too large to form XᵀX in one go".into());
        }
        let last = match self.cache.as_ref().and_then(|c| c.precision.as_ref()) {
            Some(r) => {
                let f = |v: Option<f64>| v.map(|e| format!("{e:.1e}")).unwrap_or_else(|| "failed (singular)".into());
                lines.push(format!("normal equations, cond(XᵀX) = {:.1e}:", r.condition_number.powi(2)));
                format!("  rel. error float64 {} · float32 {}", f(r.normal_f64), f(r.normal_f32))
            }
            None if self.work() > PRECISION_WORK_MAX && !self.precision_requested => {
                "normal equations f32 vs f64: large problem, press “compare precisions” to run it".into()
            }
            None => "normal equations f32 vs f64: computing…".into(),
        };
        lines.push(last);
        lines
    }

    /// The relative difference between iterated and closed-form GD in f64, once computed.
    pub fn gd_difference(&self) -> Option<f64> {
        self.gd.as_ref().and_then(|j| j.result.as_ref()).map(|r| r.rel_diff)
    }

    /// Components preserved by the (f64, f32) runs, once computed.
    pub fn components_kept(&self) -> Option<(usize, usize)> {
        self.gd.as_ref().and_then(|j| j.result.as_ref()).map(|r| (r.kept64, r.kept32))
    }

    /// Whether the f64 run diverged (once computed).
    pub fn gd_diverged(&self) -> Option<bool> {
        self.gd.as_ref().and_then(|j| j.result.as_ref()).map(|r| r.diverged64.is_some())
    }

    /// What the finished computation measured, for checking a preset's claim (None while GD
    /// is still running or without data).
    pub fn measured(&self) -> Option<Measured> {
        let c = self.cache.as_ref()?;
        let job = self.gd.as_ref()?;
        let r = job.result.as_ref()?;
        let svd = &c.problem.svd;
        let tol = svd.tolerance();
        let ridge_w = crate::shrinkage::ridge_closed_form(&c.x_train, &c.y_train, self.state.lambda).ok();
        let pca_w = svd.solve_filtered(|s| pca_filter(s, self.state.kappa));
        Some(Measured {
            s: svd.s.iter().map(|&v| if v > tol { v } else { 0.0 }).collect(),
            alpha: job.alpha,
            q: job.target,
            lambda: self.state.lambda,
            kappa: self.state.kappa,
            ridge: ridge_w.map(|w| achieved_filter(svd, &w)).unwrap_or_default(),
            pca: achieved_filter(svd, &pca_w),
            exact_gd: exact_gd_filter(svd, job.alpha, job.target),
            achieved64: r.achieved64.clone(),
            achieved32: r.achieved32.clone(),
            kept64: r.kept64,
            kept32: r.kept32,
            diverged64: r.diverged64,
            s_max: svd.s_max(),
        })
    }

    /// The data view's x and y ranges as they would be drawn now (tests).
    #[cfg(test)]
    pub(crate) fn data_ranges_for_tests(&self) -> ((f64, f64), (f64, f64)) {
        let c = self.cache.as_ref().expect("a computed lab");
        ((c.grid[0], c.grid[c.grid.len() - 1]), self.y_range(c))
    }

    /// Records where the data view's plot area is (for tests that do not draw).
    pub fn set_data_frame(&mut self, frame: ChartFrame, dpr: f64) {
        self.data_frame = Some((frame, dpr));
    }

    /// The current data set (after edits).
    pub fn dataset(&self) -> Option<&Dataset> {
        self.cache.as_ref().map(|c| &c.data)
    }

    /// The gradient form both runs use: the lecture's Xᵀ(Xw − y) unless the student asked for the
    /// Gram form, which is honoured only while forming XᵀX (N·p² flops, in one go) stays quick.
    fn gradient_form(&self) -> GradientForm {
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

    fn precision_pending(&self) -> bool {
        self.cache.as_ref().map(|c| c.precision.is_none()).unwrap_or(false)
            && (self.work() <= PRECISION_WORK_MAX || self.precision_requested)
    }

    /// Runs every pending computation to the end (for tests and benchmarks).
    pub fn run_to_completion(&mut self) {
        while self.busy() {
            self.tick(0.0, &mut || false);
        }
    }
}

impl Widget for ShrinkageLab {
    fn views(&self) -> Vec<ViewSpec> {
        self.view_specs()
    }

    fn controls(&self) -> Vec<Control> {
        let st = &self.state;
        let d = &st.data;
        let data = "Data";
        let shrink = "Shrinkage: λ, κ, q, α";
        let show = "Show";
        let check = "Checks";
        let (lambda_range, kappa_range) = match &self.cache {
            Some(c) => {
                let svd = &c.problem.svd;
                (lambda_slider_range(&svd.s, svd.tolerance(), st.lambda), kappa_slider_range(&svd.s, svd.tolerance(), st.kappa))
            }
            None => (LAMBDA_RANGE, KAPPA_RANGE),
        };
        let mut preset_options = vec![(String::new(), "— choose a preset —".to_string())];
        preset_options.extend(PRESETS.iter().map(|p| (p.id.to_string(), p.label.to_string())));
        let mut c = vec![
            Control::new("preset", "Preset", "Presets", st.preset.clone(), ControlKind::Select { options: preset_options })
                .help(PRESETS.iter().find(|p| p.id == st.preset).map(|p| p.blurb).unwrap_or("Lecture figures in one click")),
            Control::new(
                "n",
                "N (points)",
                data,
                if st.custom_data() { st.points.len().to_string() } else { d.n.to_string() },
                ControlKind::Number { min: 1.0, max: N_MAX as f64, integer: true },
            )
            .help("Number of data points, training and test together"),
            Control::new(
                "feature_map",
                "Features",
                data,
                map_name(d.feature_map),
                ControlKind::Select {
                    options: vec![
                        ("polynomial".into(), "polynomial 1, x, …, x^p".into()),
                        ("rbf".into(), "Gaussian bumps (RBF)".into()),
                        ("fourier".into(), "random Fourier features".into()),
                    ],
                },
            ),
            Control::new("p", "p (degree / features)", data, d.p.to_string(), ControlKind::Number { min: 0.0, max: P_MAX as f64, integer: true })
                .help("Polynomial degree (p+1 columns) or number of bumps / random features (p columns)"),
        ];
        match d.feature_map {
            FeatureMap::Rbf => c.push(
                Control::new("rbf_width", "bump width (× spacing)", data, num(d.rbf_width), ControlKind::Slider { min: 0.1, max: 10.0, step: 0.1, log: true })
                    .help("Wide, overlapping bumps make X ill-conditioned"),
            ),
            FeatureMap::Fourier => c.push(Control::new(
                "fourier_scale",
                "frequency scale",
                data,
                num(d.fourier_scale),
                ControlKind::Slider { min: 0.1, max: 100.0, step: 0.1, log: true },
            )),
            FeatureMap::Polynomial => {}
        }
        c.extend([
            Control::new("noise", "noise σ", data, num(d.noise), ControlKind::Slider { min: 0.0, max: 2.0, step: 0.01, log: false }),
            Control::new("seed", "seed", data, d.seed.to_string(), ControlKind::Number { min: 0.0, max: 4294967295.0, integer: true }),
            Control::button("new_seed", "new seed", data),
            Control::new("test_fraction", "test fraction", data, num(d.test_fraction), ControlKind::Slider { min: 0.0, max: 0.9, step: 0.05, log: false }),
            Control::new(
                "target",
                "true function f",
                data,
                target_name(d.target),
                ControlKind::Select {
                    options: vec![
                        ("sine".into(), "sin(2πx)".into()),
                        ("runge".into(), "Runge 1/(1+25x²)".into()),
                        ("step".into(), "step sign(x)".into()),
                        ("cubic".into(), "cubic x³ − x/2".into()),
                    ],
                },
            ),
            Control::new("csv", "upload x,y CSV", data, "", ControlKind::File { accept: ".csv,.txt,text/csv,text/plain".into() })
                .help("One point per row: x,y (a header row and # comments are allowed)"),
            Control::button("reset_data", "reset data", data),
            Control::new("lambda", "λ (ridge)", shrink, num(st.lambda), ControlKind::Slider { min: lambda_range.0, max: lambda_range.1, step: 0.0, log: true })
                .help("Ridge moves a direction's filter s²/(s²+λ) from 1 to 0 as λ passes s²; the slider spans the data's s² (type any λ in the box)"),
            Control::new("kappa", "κ (PCA cut-off)", shrink, num(st.kappa), ControlKind::Slider { min: kappa_range.0, max: kappa_range.1, step: 0.0, log: true })
                .help("PCA keeps the directions with s ≥ κ; the slider spans the data's singular values (type any κ in the box)"),
            Control::new("q", "q (GD iterations)", shrink, st.q.to_string(), ControlKind::Slider { min: 1.0, max: Q_MAX as f64, step: 1.0, log: true }),
            Control::new("alpha", "α (× s_max⁻²)", shrink, num(st.alpha), ControlKind::Slider { min: 0.01, max: 3.0, step: 0.01, log: false })
                .help("Step size as a multiple of s_max⁻²: 1 is α*, above 2 GD diverges"),
            Control::button("alpha_star", "α ← α* = s_max⁻²", shrink),
            Control::button("q_star", "q ← q* = s_max²/κ² (match PCA)", shrink),
            Control::new("stability", "step size", shrink, self.stability_text(), ControlKind::Text),
            Control::new("show_ls", "least squares", show, st.show.ls.to_string(), ControlKind::Checkbox).swatch(crate::render::theme::css(LS_COLOR)),
            Control::new("show_ridge", "ridge", show, st.show.ridge.to_string(), ControlKind::Checkbox).swatch(crate::render::theme::css(RIDGE_COLOR)),
            Control::new("show_pca", "PCA", show, st.show.pca.to_string(), ControlKind::Checkbox).swatch(crate::render::theme::css(PCA_COLOR)),
            Control::new("show_gd", "gradient descent", show, st.show.gd.to_string(), ControlKind::Checkbox).swatch(crate::render::theme::css(GD_COLOR)),
            Control::new("gd_check", "iterated vs closed-form GD", check, self.gd_text(), ControlKind::Text),
            Control::new("gram", "GD through XᵀX (Gram form)", check, st.gram.to_string(), ControlKind::Checkbox).help(
                "XᵀX formed once in the working precision: cheaper per step for p < 2N, but rounds the Gram matrix. \
                 Off: the lecture's iteration w ← w − αXᵀ(Xw − y) in both precisions.",
            ),
        ]);
        if self.work() > PRECISION_WORK_MAX {
            c.push(Control::button("compare_precision", "compare precisions (normal equations)", check));
        }
        c
    }

    fn set(&mut self, key: &str, value: &str) -> Result<(), String> {
        let value = value.trim();
        let result = match key {
            "preset" => {
                if value.is_empty() {
                    self.state.preset.clear();
                    return Ok(());
                }
                let s = preset(value).ok_or_else(|| format!("there is no preset called “{}”", echo(value)))?;
                self.change(true, |st| {
                    *st = s;
                    Ok(())
                })
            }
            "n" => {
                let n = parse_whole("N", value, 1, N_MAX as u64).map(|v| v as usize)?;
                self.regenerate(|s| {
                    s.data.n = n;
                    Ok(())
                })
            }
            "p" => {
                let p = parse_whole("p", value, 0, P_MAX as u64).map(|v| v as usize)?;
                self.change(true, |s| {
                    s.data.p = p;
                    s.data.validate().map_err(|e| e.to_string())
                })
            }
            "feature_map" => {
                let m = match value {
                    "polynomial" => FeatureMap::Polynomial,
                    "rbf" => FeatureMap::Rbf,
                    "fourier" => FeatureMap::Fourier,
                    _ => return Err(format!("unknown feature map “{}”", echo(value))),
                };
                self.change(true, |s| {
                    s.data.feature_map = m;
                    if s.data.p == 0 && m != FeatureMap::Polynomial {
                        s.data.p = 1;
                    }
                    s.data.validate().map_err(|e| e.to_string())
                })
            }
            "rbf_width" => {
                let v = parse_f64("bump width", value)?;
                self.change(true, |s| {
                    s.data.rbf_width = v;
                    s.data.validate().map_err(|e| e.to_string())
                })
            }
            "fourier_scale" => {
                let v = parse_f64("frequency scale", value)?;
                self.change(true, |s| {
                    s.data.fourier_scale = v;
                    s.data.validate().map_err(|e| e.to_string())
                })
            }
            "noise" => {
                let v = parse_f64("noise", value)?;
                if !(0.0..=NOISE_MAX).contains(&v) {
                    return Err(format!("noise must be between 0 and {NOISE_MAX} (got {v})"));
                }
                self.regenerate(|s| {
                    s.data.noise = v;
                    Ok(())
                })
            }
            "seed" => {
                let v = parse_f64("seed", value)?;
                if v < 0.0 || v.fract() != 0.0 || v > 4294967295.0 {
                    return Err(format!("seed must be a whole number between 0 and 4294967295 (got {v})"));
                }
                self.regenerate(|s| {
                    s.data.seed = v as u64;
                    Ok(())
                })
            }
            "test_fraction" => {
                let v = parse_f64("test fraction", value)?;
                self.regenerate(|s| {
                    s.data.test_fraction = v;
                    Ok(())
                })
            }
            "target" => {
                let t = match value {
                    "sine" => Target::Sine,
                    "runge" => Target::Runge,
                    "step" => Target::Step,
                    "cubic" => Target::Cubic,
                    _ => return Err(format!("unknown target function “{}”", echo(value))),
                };
                self.regenerate(|s| {
                    s.data.target = t;
                    Ok(())
                })
            }
            "csv" => {
                let pts = parse_csv(value).map_err(|e| e.to_string())?;
                if pts.len() > N_MAX {
                    return Err(format!("the file has {} points; the lab takes at most {N_MAX}", pts.len()));
                }
                self.change(true, |s| {
                    s.preset.clear();
                    s.set_points(pts.iter().map(|p| [p.0, p.1]).collect());
                    s.data.n = s.points.len();
                    Ok(())
                })?;
                let n = self.state.points.len();
                if n > URL_POINTS_MAX {
                    self.notices.push(format!(
                        "Loaded {n} points. Links hold at most {URL_POINTS_MAX} points, so a link to this page will show generated data instead."
                    ));
                }
                Ok(())
            }
            "lambda" => {
                let v = check_lambda(parse_f64("λ", value)?)?;
                self.change(false, |s| {
                    s.lambda = v;
                    Ok(())
                })
            }
            "kappa" => {
                let v = check_kappa(parse_f64("κ", value)?)?;
                self.change(false, |s| {
                    s.kappa = v;
                    Ok(())
                })
            }
            "q" => {
                let v = check_q(parse_f64("q", value)?)?;
                self.change(false, |s| {
                    s.q = v;
                    Ok(())
                })
            }
            "alpha" => {
                let v = check_alpha(parse_f64("α", value)?)?;
                self.change(false, |s| {
                    s.alpha = v;
                    Ok(())
                })
            }
            "gram" => {
                let b = parse_bool(value)?;
                self.change(false, |s| {
                    s.gram = b;
                    Ok(())
                })
            }
            "show_ls" | "show_ridge" | "show_pca" | "show_gd" => {
                let b = parse_bool(value)?;
                match key {
                    "show_ls" => self.state.show.ls = b,
                    "show_ridge" => self.state.show.ridge = b,
                    "show_pca" => self.state.show.pca = b,
                    _ => self.state.show.gd = b,
                }
                Ok(())
            }
            _ => Err(format!("the shrinkage lab has no setting called “{}”", echo(key))),
        };
        // An accepted setting makes the state custom (a preset or a loaded file sets its own
        // marker); a refused one changes nothing, the preset marker included.
        if result.is_ok() && key != "preset" && key != "csv" {
            self.state.preset.clear();
        }
        result
    }

    fn action(&mut self, key: &str) -> Result<(), String> {
        match key {
            "new_seed" => {
                let mut b = [0u8; 4];
                getrandom::getrandom(&mut b).map_err(|_| "this browser gave no random numbers for a new seed".to_string())?;
                let seed = u32::from_le_bytes(b) as u64;
                self.state.preset.clear();
                self.regenerate(|s| {
                    s.data.seed = seed;
                    Ok(())
                })
            }
            "reset_data" => {
                self.state.preset.clear();
                self.change(true, |s| {
                    s.points.clear();
                    s.test_points.clear();
                    s.data = Default::default();
                    Ok(())
                })
            }
            "alpha_star" => self.change(false, |s| {
                s.alpha = 1.0;
                Ok(())
            }),
            "q_star" => {
                let q = q_star(self.s_max(), self.state.kappa);
                let v = check_q(q.round().max(1.0))
                    .map_err(|_| format!("q* = s_max²/κ² = {} is beyond {Q_MAX} iterations: increase κ", num(q)))?;
                self.change(false, |s| {
                    s.alpha = 1.0;
                    s.q = v;
                    Ok(())
                })
            }
            "compare_precision" => {
                self.precision_requested = true;
                Ok(())
            }
            _ => Err(format!("the shrinkage lab has no button called “{}”", echo(key))),
        }
    }

    fn pointer(&mut self, view: &str, p: Pointer) -> Result<(), String> {
        if view != "data" {
            return Ok(());
        }
        match p.kind {
            PointerKind::Down if p.shift => {
                let Some((x, y)) = self.data_at(&p) else { return Ok(()) };
                if self.state.points.len() >= N_MAX {
                    return Err(format!("the lab takes at most {N_MAX} points"));
                }
                self.materialize();
                self.state.points.push([x, y]);
                // The new point stays under the pointer: it can be dragged into place, and the
                // axes keep their ranges until the button is released.
                self.drag = Some(self.state.points.len() - 1);
                self.freeze_axes();
                self.after_points_changed()
            }
            PointerKind::Down => {
                if let Some(i) = self.pick(&p) {
                    self.materialize();
                    self.drag = Some(i);
                    self.freeze_axes();
                }
                Ok(())
            }
            PointerKind::Move => {
                let Some(i) = self.drag else { return Ok(()) };
                let Some((x, y)) = self.data_at(&p) else { return Ok(()) };
                if let Some(pt) = self.state.points.get_mut(i) {
                    *pt = [x, y];
                }
                if self.work() <= LIVE_DRAG_WORK_MAX {
                    self.after_points_changed()?;
                }
                Ok(())
            }
            PointerKind::Up | PointerKind::Leave => {
                if self.drag.take().is_some() {
                    self.frozen_y = None;
                    self.frozen_x = None;
                    self.after_points_changed()?;
                }
                Ok(())
            }
            PointerKind::Double => {
                let Some(i) = self.pick(&p) else { return Ok(()) };
                self.materialize();
                let train_left = (0..self.state.points.len()).filter(|j| *j != i && !self.state.test_points.contains(j)).count();
                if train_left == 0 {
                    return Err("at least one training point must remain".into());
                }
                self.state.points.remove(i);
                self.state.test_points = self
                    .state
                    .test_points
                    .iter()
                    .filter(|&&j| j != i)
                    .map(|&j| if j > i { j - 1 } else { j })
                    .collect();
                self.drag = None;
                self.after_points_changed()
            }
            PointerKind::Wheel => Ok(()),
        }
    }

    fn tick(&mut self, now_ms: f64, out_of_time: &mut dyn FnMut() -> bool) -> bool {
        let mut changed = false;
        loop {
            if out_of_time() {
                break;
            }
            if self.gd.is_none() {
                match self.new_job() {
                    Some(j) => {
                        self.gd = Some(j);
                        continue;
                    }
                    None => break,
                }
            }
            let cost = {
                let c = self.cache.as_ref().map(|c| c.x_train.shape()).unwrap_or((1, 1));
                // Residual form 4Np flops per step, Gram form 2p²: budget for the dearer one so a
                // chunk stays well below a frame whichever form runs.
                (4 * c.0 * c.1).max(2 * c.1 * c.1).max(1)
            };
            let chunk = (400_000 / cost).clamp(1, 4096);
            if let Some(job) = self.gd.as_mut() {
                let t = job.target;
                if !job.run64.diverged() && job.run64.iterations_done() < t {
                    job.run64.advance(chunk.min(t - job.run64.iterations_done()));
                    continue;
                }
                if !job.run32.diverged() && job.run32.iterations_done() < t {
                    job.run32.advance(chunk.min(t - job.run32.iterations_done()));
                    continue;
                }
                if job.result.is_none() {
                    self.finish_job();
                    changed = true;
                    continue;
                }
            }
            if self.precision_pending() {
                // One route per unit (each about N·p² multiply–adds), so a large problem's
                // comparison is spread over frames.
                if let Some(c) = self.cache.as_mut() {
                    let reference = c.problem.svd.solve_filtered(|_| 1.0);
                    let k = c.precision_routes.len();
                    c.precision_routes.push(route_error(&c.x_train, &c.y_train, &reference, k));
                    if let Ok(errors) = <[Option<f64>; ROUTES]>::try_from(c.precision_routes.as_slice()) {
                        c.precision = Some(PrecisionReport::from_routes(c.problem.svd.condition_number(), &errors));
                    }
                }
                changed = true;
                continue;
            }
            break;
        }
        // Progress is visible in the status line and the precision view's text: report it a few
        // times a second, redrawing that view alone (five views of 5,000 points took ~60 ms).
        self.progress_only = false;
        if !changed && now_ms - self.last_report_ms > 200.0 {
            self.last_report_ms = now_ms;
            self.progress_only = true;
            changed = true;
        }
        changed
    }

    fn ticked_views(&self) -> Option<Vec<&'static str>> {
        self.progress_only.then(|| vec!["precision"])
    }

    fn busy(&self) -> bool {
        if self.cache.is_none() {
            return false;
        }
        match &self.gd {
            None => true,
            Some(j) => !j.done() || j.result.is_none() || self.precision_pending(),
        }
    }

    fn query(&self) -> String {
        encode(&self.state.for_url())
    }

    fn status(&self) -> String {
        let Some(c) = &self.cache else {
            return self.cache_error.clone().unwrap_or_else(|| "no data".into());
        };
        let svd = &c.problem.svd;
        let n_test = c.data.is_test.iter().filter(|&&t| t).count();
        format!(
            "{} training + {} test points · X is {}×{} · rank {} · cond(X) = {} · GD check: {}",
            c.data.x.len() - n_test,
            n_test,
            c.x_train.nrows(),
            c.x_train.ncols(),
            svd.rank(),
            if svd.condition_number().is_finite() { format!("{:.1e}", svd.condition_number()) } else { "∞ (rank-deficient)".into() },
            self.gd_text()
        )
    }

    fn take_notices(&mut self) -> Vec<String> {
        std::mem::take(&mut self.notices)
    }
    fn table(&self, view: &str) -> Option<crate::lab::export::Table> {
        ShrinkageLab::table(self, view)
    }
}
