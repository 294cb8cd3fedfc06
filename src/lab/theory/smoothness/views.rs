//! What each view of the smoothness experiment shows: the running mean of ‖g_k‖² against the
//! lecture's bound, ‖g_k‖² per step (the noise ball, and the decaying step leaving it), and the
//! loss.

use crate::lab::widget::ViewSpec;
use crate::render::chart::{short, Axis, ChartSpec, Series};
use crate::render::figure::{Corner, Figure, Note, Panel};
use crate::render::theme::{series_color, MUTED};

use super::descent::{Descent, Rule};
use super::widget::SmoothnessLab;

fn spec(id: &'static str, title: &str, caption: &str) -> ViewSpec {
    ViewSpec { id, title: title.into(), caption: caption.into(), aspect: 0.62, narrow_aspect: None, wide: false }
}

/// The views, in page order.
pub fn view_specs() -> Vec<ViewSpec> {
    vec![
        spec(
            "smooth_rate",
            "Running mean of ‖g_k‖² against the bound",
            "(1/K)Σ_{k<K}‖g_k‖² against K (log–log) for gradient descent on least squares, whose smoothness constant is L = s_max²/N. With step 1/L the lecture proves (1/K)Σ‖g_k‖² ≤ 2L·L(W₀)/K (line, slope −1); with gradient noise of variance σ² the expected running mean obeys the bound + σ², so it levels off at the noise ball instead of falling like 1/K. With noise the curves are means over R runs. A decaying step (dashed) keeps falling.",
        ),
        spec(
            "smooth_ball",
            "‖g_k‖² per step: the noise ball",
            "‖g_k‖² of the true gradient at each step (mean over the R runs), log–log. With a constant step and noise it settles at a plateau — predicted (σ²/P)Σ_i(ηλ_i/L)/(2 − ηλ_i/L) from the Hessian's eigenvalues λ_i, never above ησ²/(2 − η) (σ² at η = 1, the lecture's radius). The decaying step 1/(L(1 + k/k₀)) takes smaller and smaller steps, so the noise it lets in shrinks and ‖g_k‖² keeps falling.",
        ),
        spec(
            "smooth_loss",
            "Loss above its minimum",
            "L(w_k) − L* (mean over the runs, log–log), L* the least-squares optimum. The bound's argument: each step with step 1/L lowers L by at least ‖g_k‖²/(2L), and L cannot fall below 0 — so large gradients cannot last. With noise the loss stalls above L* with the gradient.",
        ),
    ]
}

/// Mean of the running mean at each drawn step, (K, value).
fn running_mean(d: &Descent, r: &Rule) -> Vec<(f64, f64)> {
    d.drawn().into_iter().map(|i| ((i + 1) as f64, r.mean_at(i, |p| p.mean_grad_sq).0)).collect()
}

/// Mean of ‖g_k‖² at each drawn step, (k + 1, value): plotted at k + 1 so step 0 fits a log axis.
fn grad_sq(d: &Descent, r: &Rule) -> Vec<(f64, f64)> {
    d.drawn().into_iter().map(|i| ((i + 1) as f64, r.mean_at(i, |p| p.grad_sq).0)).collect()
}

fn runs_label(r: &Rule) -> String {
    let n = r.ensemble.runs.len();
    if n == 1 {
        r.label.clone()
    } else {
        format!("{}, mean of {n} runs", r.label)
    }
}

impl SmoothnessLab {
    /// View `view` as a figure; `None` for a view this experiment does not have.
    pub(super) fn view_figure(&self, view: &str) -> Option<Figure<'_>> {
        if !view_specs().iter().any(|v| v.id == view) {
            return None;
        }
        let d = match &self.descent {
            Ok(d) => d,
            Err(e) => return Some(Figure::placeholder(e.clone())),
        };
        if d.steps() == 0 {
            return Some(Figure::placeholder("press ▶ Play to run gradient descent\n(curves appear here)"));
        }
        Some(match view {
            "smooth_rate" => rate_figure(d),
            "smooth_ball" => ball_figure(d),
            _ => loss_figure(d),
        })
    }
}

/// “L = …, L(W₀) = …”: the constants the bound is made of.
fn constants(d: &Descent) -> String {
    format!("L = {}, L(W₀) = {}", short(d.problem.smoothness()), short(d.problem.initial_loss))
}

/// The σ² line, labelled with its value.
fn sigma_marker(d: &Descent) -> (f64, String) {
    (d.sigma_sq, format!("σ² = {} (the lecture's noise ball)", short(d.sigma_sq)))
}

fn rate_figure(d: &Descent) -> Figure<'static> {
    let mut series = Vec::new();
    let mut spec = ChartSpec::new("steps K (log)", "(1/K)Σ_{k<K} ‖g_k‖² (log)");
    spec.x_axis = Axis::Log(None);
    spec.y_axis = Axis::Log(None);
    if let Some(c) = d.constant() {
        series.push(Series::line(format!("{}: running mean", runs_label(c)), series_color(0), running_mean(d, c)).width(2.5));
        let eta = d.eta;
        let label = match (eta == 1.0, d.sigma_sq > 0.0) {
            (true, false) => "bound 2L·L(W₀)/K".to_string(),
            (true, true) => "bound 2L·L(W₀)/K + σ²".to_string(),
            (false, false) => format!("bound 2L·L(W₀)/(η(2 − η)K), η = {}", short(eta)),
            (false, true) => format!("bound 2L·L(W₀)/(η(2 − η)K) + ησ²/(2 − η), η = {}", short(eta)),
        };
        let label = format!("{label} ({})", constants(d));
        series.push(Series::line(label, series_color(2), d.drawn().into_iter().map(|i| ((i + 1) as f64, d.bound(i as u64 + 1))).collect()).width(1.5));
        if d.sigma_sq > 0.0 {
            let steps = d.steps() as usize;
            spec.h_markers.push((c.plateau(steps), format!("measured plateau {} (‖g_k‖², last half)", short(c.plateau(steps)))));
        }
    }
    if let Some(r) = d.decaying() {
        series.push(Series::line(format!("{}: running mean", runs_label(r)), series_color(1), running_mean(d, r)).dashed());
    }
    if d.sigma_sq > 0.0 {
        spec.h_markers.push(sigma_marker(d));
    }
    Figure::chart(spec, series)
}

fn ball_figure(d: &Descent) -> Figure<'static> {
    let mut series = Vec::new();
    let mut spec = ChartSpec::new("step k + 1 (log)", "‖g_k‖² (log)");
    spec.x_axis = Axis::Log(None);
    spec.y_axis = Axis::Log(None);
    if let Some(c) = d.constant() {
        series.push(Series::line(runs_label(c), series_color(0), grad_sq(d, c)));
        if d.sigma_sq > 0.0 {
            let pred = d.problem.predicted_plateau(d.eta, d.sigma_sq);
            spec.h_markers.push((pred, format!("predicted plateau {}", short(pred))));
        }
    }
    if let Some(r) = d.decaying() {
        series.push(Series::line(runs_label(r), series_color(1), grad_sq(d, r)).dashed());
    }
    if d.sigma_sq > 0.0 {
        spec.h_markers.push(sigma_marker(d));
    }
    let mut panel = Panel::new(spec, series);
    if d.sigma_sq == 0.0 {
        panel.notes.push(Note { text: format!("no noise: ‖g_k‖² falls geometrically ({})", constants(d)), corner: Corner::BottomLeft, color: MUTED });
    }
    Figure::panels(vec![panel])
}

fn loss_figure(d: &Descent) -> Figure<'static> {
    let opt = d.problem.optimum;
    let series = d
        .rules
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let pts = d.drawn().into_iter().map(|k| ((k + 1) as f64, r.mean_at(k, |p| p.loss).0 - opt)).filter(|p| p.1 > 0.0).collect();
            let s = Series::line(runs_label(r), series_color(i), pts);
            if i == 1 { s.dashed() } else { s }
        })
        .collect();
    let mut spec = ChartSpec::new("step k + 1 (log)", "L(w_k) − L* (log)");
    spec.x_axis = Axis::Log(None);
    spec.y_axis = Axis::Log(None);
    let mut panel = Panel::new(spec, series);
    panel.notes.push(Note { text: format!("L(W₀) = {}, L* = {}", short(d.problem.initial_loss), short(opt)), corner: Corner::BottomLeft, color: MUTED });
    Figure::panels(vec![panel])
}
