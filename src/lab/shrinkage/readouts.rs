//! The lab's read-outs in words: the status line, the step-size and GD-check texts of the
//! controls, the precision view's lines, and what the finished computation measured (for the
//! presets' claims and the tests).

use super::widget::ShrinkageLab;
use super::work::{GdJob, GdResult, PRECISION_WORK_MAX, PRESERVE_TOL};
use crate::render::shrinkage::num;
use crate::shrinkage::{achieved_filter, exact_gd_filter, optimal_alpha, pca_filter, stability_limit, GradientForm};

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

impl ShrinkageLab {
    /// [`crate::lab::widget::Widget::status`]: the data's shape and conditioning, and the GD check.
    pub(super) fn status_line(&self) -> String {
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

    /// Iterated vs closed-form GD: the difference once done, the progress until then.
    pub(super) fn gd_text(&self) -> String {
        match &self.gd {
            Some(GdJob { result: Some(r), .. }) => match r.diverged64 {
                Some(k) => format!("iterated GD diverged after {k} steps (α beyond 2/s_max²)"),
                None => format!("‖w_iterated − w_closed form‖/‖w‖ = {:.1e} (f64, q = {})", r.rel_diff, self.state.q),
            },
            Some(job) => format!("iterating… f64 {} / {}, f32 {} / {}", job.run64.iterations_done(), job.target, job.run32.iterations_done(), job.target),
            None => "iterating…".into(),
        }
    }

    /// α against α* and the stability limit.
    pub(super) fn stability_text(&self) -> String {
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

    /// The precision view's text: components recovered by each run, the normal equations' errors.
    pub(super) fn precision_lines(&self) -> Vec<String> {
        let mut lines = match &self.gd {
            Some(GdJob { result: Some(r), form, .. }) => recovered_lines(r, *form),
            Some(job) => vec![format!(
                "running GD: float64 {} / {}, float32 {} / {} steps…",
                job.run64.iterations_done(),
                job.target,
                job.run32.iterations_done(),
                job.target
            )],
            None => vec!["running GD…".into()],
        };
        if self.state.gram && self.gradient_form() == GradientForm::Residual {
            lines.push("Gram form not used: X is too large to form XᵀX in one go".into());
        }
        if let Some(c) = &self.cache {
            // Directions of a rank-deficient X (s ≈ 0) lie left of the s axis, whose range covers
            // the other singular values; the plot does not draw them, the line says so.
            let lo = self.s_range().0;
            let below = c.problem.svd.s.iter().filter(|&&s| s < lo).count();
            if below > 0 {
                lines.push(format!("{below} of {} directions have s ≈ 0 (left of the axis, not drawn)", c.problem.svd.s.len()));
            }
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

    /// The finished runs' result, once computed.
    fn gd_result(&self) -> Option<&GdResult> {
        self.gd.as_ref().and_then(|j| j.result.as_ref())
    }

    /// The relative difference between iterated and closed-form GD in f64, once computed.
    pub fn gd_difference(&self) -> Option<f64> {
        self.gd_result().map(|r| r.rel_diff)
    }

    /// Components preserved by the (f64, f32) runs, once computed.
    pub fn components_kept(&self) -> Option<(usize, usize)> {
        self.gd_result().map(|r| (r.kept64, r.kept32))
    }

    /// Whether the f64 run diverged (once computed).
    pub fn gd_diverged(&self) -> Option<bool> {
        self.gd_result().map(|r| r.diverged64.is_some())
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
}

/// Components each finished run recovered (within [`PRESERVE_TOL`] of the exact filter).
fn recovered_lines(r: &GdResult, form: GradientForm) -> Vec<String> {
    let div = |d: Option<usize>| d.map(|k| format!(" (diverged at step {k})")).unwrap_or_default();
    let form = match form {
        GradientForm::Gram => "XᵀX (Gram)",
        _ => "Xᵀ(Xw − y)",
    };
    vec![
        format!("recovered (|φ − exact| ≤ {PRESERVE_TOL}), GD via {form}:"),
        format!("  float64 {} / {}{} · float32 {} / {}{}", r.kept64, r.observable, div(r.diverged64), r.kept32, r.observable, div(r.diverged32)),
    ]
}
