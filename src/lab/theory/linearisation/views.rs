//! What each view of the theory lab shows, as figures (plain data): the fitted functions, both
//! losses, the gap ‖f − f_lin‖, the weights' relative change, the Jacobian's spectrum under the GD
//! mask, the residual per NTK eigendirection, and the condition number of J over time.

use crate::lab::widget::ViewSpec;
use crate::render::chart::{Axis, ChartSpec, Floor, Series};
use crate::render::figure::{Corner, Figure, Note, Panel};
use crate::render::theme::{series_color, MUTED};

use super::pair::{Pair, RESOLVED};
use super::widget::LinearisationLab;

fn spec(id: &'static str, title: &str, caption: &str) -> ViewSpec {
    ViewSpec { id, title: title.into(), caption: caption.into(), aspect: 0.62, narrow_aspect: None, wide: false }
}

/// The views, in page order.
pub fn view_specs() -> Vec<ViewSpec> {
    vec![
        spec("fit", "Network and its linearisation", "The network f(x; w) (solid) and its first-order Taylor model f_lin(x; w) = f(x; w₀) + J(w₀)(w − w₀) (dashed), trained by the same optimizer from the same w₀ on the dots (for a 2-class set: both at every training point, targets y = ±1, points in the order of f's value, class −1 first). Notice: the wider the hidden layer, the closer the two curves stay."),
        spec("loss", "Training losses", "L = (1/N)‖f(X; w_k) − y‖² for the network and for f_lin over the steps k (log axis). Where they part, the network has left the region where its Jacobian J(w₀) describes it."),
        spec("gap", "Function-space gap ‖f − f_lin‖", "The root-mean-square gap ‖f(X; w_k) − f_lin(X; w_k)‖/√N on the training inputs: 0 at k = 0, and smaller at every step for wider networks (the NTK regime)."),
        spec("weights", "Relative weight change", "‖w_k − w₀‖/‖w₀‖ of the network and of f_lin: wider networks fit the data while moving their weights less (lecture 001, overparameterisation)."),
        ViewSpec {
            id: "spectrum",
            title: "Jacobian spectrum and the GD mask".into(),
            caption: "Left: singular values s_i of J (N × P) at w₀ and at the last checkpoint. Right: the GD mask m(s) = 1 − (1 − α′s²)^q with α′ = 2α₀/N (the loss is (1/N)‖f − y‖²) at the current step q; dots at the s_i of J(w₀). Directions with m ≈ 1 are fitted, m ≈ 0 not yet: the same filter as least squares in the shrinkage lab.".into(),
            aspect: 0.36,
            narrow_aspect: Some(1.8),
            wide: true,
        },
        spec("residual", "Residual per NTK eigendirection", "|u_iᵀ(f − y)| along each eigenvector u_i of K = J(w₀)J(w₀)ᵀ at the current step: for f_lin with plain GD the measured residual (dots) equals the prediction (1 − α′s_i²)^q·u_iᵀr₀ (line); the network's (dashed) drifts from it where its Jacobian changes."),
        spec("rates", "Smoothness and the rate of GD", "Running mean (1/K)Σ_{k<K}‖g_k‖² of the gradients against K (log–log). f_lin's loss is least squares with smoothness L₀ = 2s_max²/N, so GD with step α = η/L₀ obeys (1/K)Σ‖g_k‖² ≤ 2L₀·L(W₀)/(η(2 − η)K) — lecture 003's 2L·L(W₀)/K at η = 1, the step 1/L (line, slope −1). The network has no such constant; wide ones follow f_lin."),
        spec("condition", "Condition number of J over time", "κ(J(w_k)) = s_1/s_r of the network's Jacobian at checkpoints, over the r directions of J(w₀) above 10⁻⁶·s_max (which JJᵀ resolves in f64): a large κ means GD fits some directions far more slowly than others — an ill-conditioned Jacobian. f_lin keeps κ(J(w₀)) (line)."),
        ViewSpec {
            id: "conditioning",
            title: "What makes J ill-conditioned".into(),
            caption: "Left: the condition numbers κ_k = s_1/s_k of J(w₀)'s top k directions (k = 2, 5, 10) for a few values of one cause (the ‘κ(J(w₀)) against’ control: depth, activation, init gain, input scale or offset), every other setting as chosen. GD's mask 1 − (1 − α′s²)^q needs about κ_k² times as many steps to fit direction k as direction 1. Right: the whole spectrum s_i/s_1 at each value. Notice: inputs far from 0, or a small init gain, make the rows of J nearly parallel — s_1 pulls away from the rest and GD crawls on every other direction.".into(),
            aspect: 0.36,
            narrow_aspect: Some(1.8),
            wide: true,
        },
        spec("sweep", "Width sweep: the linearisation becomes exact", "Press ‘▶ Run width sweep’: these settings trained at widths m = 8, 16, … (as far as the budget allows) for the current steps. Log–log against m, with least-squares slopes in the legend: the largest gap ‖f − f_lin‖/√N over training, the final ‖w − w₀‖/‖w₀‖ and ‖w − w₀‖. Negative slopes are the linearisation becoming exact as the width grows. The NTK papers' rate is m^(−1/2) (grey); with Kaiming weights and step 1/L₀ the weights move like 1/√m while ‖w₀‖ grows like √m, so the relative change falls like 1/m, and the gap faster than 1/√m."),
    ]
}

impl LinearisationLab {
    /// View `view` as a figure; `None` for a view this lab does not have.
    pub(super) fn view_figure(&self, view: &str) -> Option<Figure<'_>> {
        if !view_specs().iter().any(|v| v.id == view) {
            return None;
        }
        let p = match &self.pair {
            Ok(p) => p,
            Err(e) => return Some(Figure::placeholder(e.clone())),
        };
        match view {
            "sweep" => return Some(self.sweep_figure()),
            "conditioning" => return Some(self.conditioning_figure()),
            _ => {}
        }
        if p.spectrum0.is_none() {
            let (what, d, n) = p.build_progress().unwrap_or(("rows of J", 0, 0));
            return Some(Figure::placeholder(format!("computing J(w₀) and its kernel J(w₀)J(w₀)ᵀ…\n{what}: {d} of {n}")));
        }
        Some(match view {
            "fit" if p.dim == 1 => fit_figure(p),
            "fit" => fit_figure_2d(p),
            "loss" => steps_figure(p, "training loss L (log)", &[("network f", &|r| r.loss_net), ("linearised f_lin", &|r| r.loss_lin)]),
            "gap" => steps_figure(p, "‖f − f_lin‖/√N on the training inputs", &[("network − linearisation", &|r| r.gap)]),
            "weights" => steps_figure(p, "‖w − w₀‖/‖w₀‖", &[("network f", &|r| r.change_net), ("linearised f_lin", &|r| r.change_lin)]),
            "spectrum" => self.spectrum_figure(p),
            "residual" => self.residual_figure(p),
            "rates" => self.rates_figure(p),
            _ => condition_figure(p),
        })
    }

    fn spectrum_figure(&self, p: &Pair) -> Figure<'static> {
        let Some(s0) = p.checkpoints.first() else { return Figure::placeholder("no spectrum yet") };
        let idx = |s: &[f64]| s.iter().enumerate().filter(|(_, v)| **v > 0.0).map(|(i, &v)| ((i + 1) as f64, v)).collect::<Vec<_>>();
        let mut series = vec![Series::line("J(w₀)", series_color(1), idx(&s0.s)).width(2.5)];
        if let Some(last) = p.checkpoints.last().filter(|c| c.step > 0) {
            series.push(Series::line(format!("J(w_k), k = {}", last.step), series_color(0), idx(&last.s)).dashed());
        }
        let mut a = ChartSpec::new("index i", "singular value s_i of J (log)");
        a.y_axis = Axis::Log(None);
        a.h_markers = vec![(RESOLVED * s0.s[0], "JJᵀ's rounding level ×100".into())];
        let q = p.step;
        let a2 = 2.0 * p.alpha0 / p.n() as f64;
        let mask = |s: f64| 1.0 - (1.0 - a2 * s * s).powi(q.min(i32::MAX as u64) as i32);
        let pos: Vec<f64> = s0.s.iter().copied().filter(|&v| v > RESOLVED * s0.s[0]).collect();
        // Up to 1.5·s_max, but short of √(2/α′), past which GD's factor |1 − α′s²| exceeds 1 and the
        // mask runs off to ±∞ (no s_i of J(w₀) is there while GD is stable).
        let stable = if a2 > 0.0 { 0.98 * (2.0 / a2).sqrt() } else { f64::INFINITY };
        let (lo, hi) = (pos.last().copied().unwrap_or(1e-3) / 2.0, (s0.s[0] * 1.5).min(stable).max(s0.s[0] * 1.01));
        let curve: Vec<(f64, f64)> = (0..200).map(|k| lo * (hi / lo).powf(k as f64 / 199.0)).map(|s| (s, mask(s))).collect();
        let dots: Vec<(f64, f64)> = pos.iter().map(|&s| (s, mask(s))).collect();
        let mut b = ChartSpec::new("singular value s (log)", "GD mask m(s) = 1 − (1 − α′s²)^q");
        b.x_axis = Axis::Log(Some((lo, hi)));
        b.y_axis = Axis::Linear(Some((-0.05, 1.1)));
        let mut right = Panel::new(b, vec![Series::line(format!("m(s), α′ = {a2:.2e}, q = {q}"), series_color(2), curve), Series::line("s_i of J(w₀)", series_color(1), dots).dots()]);
        if !self.state.runs[0].plain_gd() {
            right.notes.push(Note { text: "the mask describes plain GD (constant α, no momentum)".into(), corner: Corner::BottomLeft, color: MUTED });
        }
        Figure::panels(vec![Panel::new(a, series), right])
    }

    fn residual_figure(&self, p: &Pair) -> Figure<'static> {
        let rows = residuals(p, self.state.runs[0].plain_gd());
        let mut series = Vec::new();
        if let Some(pred) = &rows.predicted {
            series.push(Series::line("f_lin predicted (closed form)", series_color(2), pred.clone()));
        }
        series.push(Series::line(format!("f_lin measured at q = {}", p.step), series_color(1), rows.linear).dots());
        series.push(Series::line("network measured", series_color(0), rows.network).dashed().width(1.5));
        let mut spec = ChartSpec::new("eigendirection i of K(w₀), largest s_i first", "|u_iᵀ(f − y)| (log)");
        spec.y_axis = Axis::Log(None);
        spec.floor = Some(Floor { below: rows.floor, note: "▼ below 1e-12·‖r₀‖".into() });
        let mut panel = Panel::new(spec, series);
        if rows.predicted.is_none() {
            panel.notes.push(Note { text: "prediction shown for plain GD only".into(), corner: Corner::BottomLeft, color: MUTED });
        }
        Figure::panels(vec![panel])
    }
}

impl LinearisationLab {
    fn rates_figure(&self, p: &Pair) -> Figure<'static> {
        let pick = |f: &dyn Fn(&super::pair::Record) -> f64| p.records.iter().filter(|r| r.step > 0).map(|r| (r.step as f64, f(r))).collect::<Vec<_>>();
        let mut series = vec![
            Series::line("f_lin: (1/K)Σ‖g_k‖²", series_color(1), pick(&|r| r.mean_g2_lin)),
            Series::line("network: (1/K)Σ‖g_k‖²", series_color(0), pick(&|r| r.mean_g2_net)).dashed(),
        ];
        if series[0].points.is_empty() {
            return Figure::placeholder("press ▶ Play to train both models\n(running means appear here)");
        }
        let eta = p.eta(self.state.runs[0].plain_gd());
        if let Some(eta) = eta {
            let label = if (eta - 1.0).abs() < 1e-12 { "bound 2L₀·L(W₀)/K (step 1/L₀)".to_string() } else { format!("bound 2L₀·L(W₀)/(η(2 − η)K), η = {eta:.3}") };
            series.push(Series::line(label, series_color(2), pick(&|r| p.rate_bound(eta, r.step))).width(1.5));
        }
        let mut spec = ChartSpec::new("steps K (log)", "running mean of ‖g_k‖² (log)");
        spec.x_axis = Axis::Log(None);
        spec.y_axis = Axis::Log(None);
        let mut panel = Panel::new(spec, series);
        if eta.is_none() {
            panel.notes.push(Note { text: "the bound needs plain GD with 0 < α₀L₀ < 2".into(), corner: Corner::BottomLeft, color: MUTED });
        }
        Figure::panels(vec![panel])
    }
}

/// The residual's components along the NTK's eigenvectors at the current step.
pub struct Residuals {
    /// (i, |u_iᵀ r_lin|) for f_lin.
    pub linear: Vec<(f64, f64)>,
    /// (i, |u_iᵀ r|) for the network.
    pub network: Vec<(f64, f64)>,
    /// (i, |(1 − α′s_i²)^q u_iᵀ r₀|): plain GD only.
    pub predicted: Option<Vec<(f64, f64)>>,
    /// 1e-12·‖r₀‖: values below are at rounding level.
    pub floor: f64,
}

/// The residual components of both models (and the prediction when `plain_gd`).
pub fn residuals(p: &Pair, plain_gd: bool) -> Residuals {
    let Some(sp) = &p.spectrum0 else { return Residuals { linear: vec![], network: vec![], predicted: None, floor: 0.0 } };
    let n = p.n();
    let project = |r: &[f64]| -> Vec<(f64, f64)> { (0..n).map(|c| ((c + 1) as f64, sp.vectors.column(c).iter().zip(r).map(|(u, r)| u * r).sum::<f64>().abs())).collect() };
    let minus_y = |f: Vec<f64>| f.iter().zip(&p.y).map(|(a, b)| a - b).collect::<Vec<f64>>();
    let r0 = minus_y(p.lin.f0.clone());
    let floor = 1e-12 * r0.iter().map(|v| v * v).sum::<f64>().sqrt();
    let predicted = plain_gd.then(|| project(&p.lin.predicted_residual(sp, &p.y, p.alpha0, p.step.min(u32::MAX as u64) as u32)));
    Residuals { linear: project(&minus_y(p.lin.outputs())), network: project(&minus_y(p.net_outputs())), predicted, floor }
}

/// The network, f_lin and f(x; w₀) over the data's x range, with the training points. The grid,
/// f(x; w₀) and the forward pass at w₀ are kept for the run ([`Pair::fit_grid`]): a frame costs
/// one forward pass of the network and the tangent's linear part.
fn fit_figure(p: &Pair) -> Figure<'static> {
    let grid = p.fit_grid();
    let xs = &grid.xs;
    let f = p.net.forward(&mut crate::mlp::Workspace::new(), xs, xs.len()).map(|o| o.to_vec()).unwrap_or_default();
    let f0 = &grid.f0;
    let dw: Vec<f64> = p.lin.w.iter().zip(&p.lin.w0).map(|(a, b)| a - b).collect();
    let tangent = grid.tangent.as_ref().and_then(|t| t.jvp(&dw).ok()).unwrap_or_default();
    let line = |v: &[f64]| xs.iter().zip(v).map(|(&x, &y)| (x, y)).collect::<Vec<_>>();
    let flin: Vec<f64> = f0.iter().zip(&tangent).map(|(a, b)| a + b).collect();
    let data: Vec<(f64, f64)> = p.x.iter().zip(&p.y).map(|(&x, &y)| (x, y)).collect();
    let series = vec![
        Series::line("training points (x_i, y_i)", series_color(3), data).dots(),
        Series::line("f(x; w₀) at initialisation", MUTED, line(f0)).width(1.0),
        Series::line(format!("network f(x; w_k), k = {}", p.step), series_color(0), line(&f)),
        Series::line("linearised f_lin(x; w_k)", series_color(1), line(&flin)).dashed(),
    ];
    Figure::chart(ChartSpec::new("input x", "output f(x)"), series)
}

/// Recorded quantities over the steps, log y.
type Pick<'a> = &'a dyn Fn(&super::pair::Record) -> f64;

fn steps_figure(p: &Pair, y_label: &str, picks: &[(&str, Pick)]) -> Figure<'static> {
    let series: Vec<Series> = picks
        .iter()
        .enumerate()
        .map(|(i, (label, f))| {
            let s = Series::line(*label, series_color(i), p.records.iter().map(|r| (r.step as f64, f(r))).collect());
            if i == 1 { s.dashed() } else { s }
        })
        .collect();
    if p.records.len() < 2 {
        return Figure::placeholder("press ▶ Play to train both models\n(curves appear here)");
    }
    let mut spec = ChartSpec::new("step k", y_label);
    spec.y_axis = Axis::Log(None);
    spec.x_axis = Axis::Linear(Some((0.0, (p.step as f64).max(1.0))));
    Figure::chart(spec, series)
}

/// κ(J(w_k)) at the checkpoints, and κ(J(w₀)) for f_lin.
fn condition_figure(p: &Pair) -> Figure<'static> {
    let pts: Vec<(f64, f64)> = p.checkpoints.iter().map(|c| (c.step as f64, c.condition)).collect();
    let k0 = p.checkpoints.first().map_or(f64::NAN, |c| c.condition);
    let last = pts.last().map_or(1.0, |q| q.0.max(1.0));
    let series = vec![
        Series::line(format!("network: κ(J(w_k)), r = {}", p.rank0), series_color(0), pts.clone()).dots(),
        Series::line("f_lin: κ(J(w₀))", series_color(1), vec![(0.0, k0), (last, k0)]).dashed(),
    ];
    let mut spec = ChartSpec::new("step k (checkpoints)", "κ(J) = s_1/s_r (log)");
    // At least a factor 2 either side of κ(J(w₀)), so a drift of a few per cent looks like one.
    let (lo, hi) = pts.iter().fold((k0 / 2.0, k0 * 2.0), |(lo, hi), q| (lo.min(q.1), hi.max(q.1)));
    spec.y_axis = Axis::Log(if k0.is_finite() && k0 > 0.0 { Some((lo, hi)) } else { None });
    spec.x_axis = Axis::Linear(Some((0.0, last)));
    Figure::chart(spec, series)
}

/// A 2-class set: f and f_lin at every training point, points sorted by class then by f's value,
/// with the targets ±1 and f(x; w₀).
fn fit_figure_2d(p: &Pair) -> Figure<'static> {
    let f = p.net_outputs();
    let fl = p.lin.outputs();
    let mut order: Vec<usize> = (0..p.n()).collect();
    order.sort_by(|&a, &b| p.y[a].total_cmp(&p.y[b]).then(f[a].total_cmp(&f[b])));
    let at = |v: &[f64]| order.iter().enumerate().map(|(k, &i)| ((k + 1) as f64, v[i])).collect::<Vec<_>>();
    let series = vec![
        Series::line("targets y_i = ±1", series_color(3), at(&p.y)).dots(),
        Series::line("f(x_i; w₀) at initialisation", MUTED, at(&p.lin.f0)).width(1.0),
        Series::line(format!("network f(x_i; w_k), k = {}", p.step), series_color(0), at(&f)),
        Series::line("linearised f_lin(x_i; w_k)", series_color(1), at(&fl)).dashed(),
    ];
    Figure::chart(ChartSpec::new("training point i (class −1 then +1, each by f's value)", "output f(x_i)"), series)
}

impl LinearisationLab {
    fn sweep_figure(&self) -> Figure<'static> {
        let Some(w) = &self.sweep else { return Figure::placeholder("press ‘▶ Run width sweep’ (Width sweep group)\nto train widths 8, 16, … at these settings") };
        let ok: Vec<&super::sweep::SweepPoint> = w.points.iter().filter(|p| p.halted.is_none()).collect();
        if ok.len() < 2 {
            let (d, n, k) = w.progress();
            return Figure::placeholder(format!("width sweep… {d} of {n} widths done\n(width {}, step {k})", w.widths.get(d).copied().unwrap_or(0)));
        }
        let slope = |f: &dyn Fn(&super::sweep::SweepPoint) -> f64| w.slope(f).map_or("–".to_string(), |b| format!("{b:+.2}"));
        let gap: Vec<(f64, f64)> = ok.iter().map(|p| (p.width as f64, p.max_gap)).collect();
        let change: Vec<(f64, f64)> = ok.iter().map(|p| (p.width as f64, p.change)).collect();
        let mut series = vec![
            Series::line(format!("max ‖f − f_lin‖/√N, slope {}", slope(&|p| p.max_gap)), series_color(0), gap.clone()).dots(),
            Series::line(format!("‖w − w₀‖/‖w₀‖ at the end, slope {}", slope(&|p| p.change)), series_color(1), change.clone()).dots(),
            Series::line(format!("‖w − w₀‖ at the end, slope {}", slope(&|p| p.moved)), series_color(2), ok.iter().map(|p| (p.width as f64, p.moved)).collect()).dots().dashed(),
        ];
        // The slope −1/2 of the NTK picture through each series' first point.
        let (m0, m1) = (gap[0].0, gap[gap.len() - 1].0);
        for (i, pts) in [(0, &gap), (1, &change)] {
            let y0 = pts[0].1;
            series.push(Series::line(if i == 0 { "slope −1/2 (NTK)" } else { "slope −1/2 " }, MUTED, vec![(m0, y0), (m1, y0 * (m1 / m0).powf(-0.5))]).dashed().width(1.0));
        }
        let mut spec = ChartSpec::new("hidden width m (log)", "after the steps (log)");
        spec.x_axis = Axis::Log(None);
        spec.y_axis = Axis::Log(None);
        let mut panel = Panel::new(spec, series);
        let (d, n, _) = w.progress();
        if !w.done() || w.stopped {
            panel.notes.push(Note { text: format!("{d} of {n} widths{}", if w.stopped { " (stopped)" } else { "…" }), corner: Corner::BottomLeft, color: MUTED });
        }
        Figure::panels(vec![panel])
    }

    fn conditioning_figure(&self) -> Figure<'static> {
        let c = &self.conditioning;
        let ok: Vec<&super::conditioning::ConditionPoint> = c.points.iter().filter(|p| p.skipped.is_none()).collect();
        if !c.done() {
            let (d, n) = c.progress();
            return Figure::placeholder(format!("computing κ(J(w₀)) against the {}…\n{d} of {n} values", crate::lab::mlp::settings::id_of(&c.cause).replace('_', " ")));
        }
        if ok.is_empty() {
            return Figure::placeholder("every value is over the budget at these settings");
        }
        let series = super::conditioning::KS
            .iter()
            .enumerate()
            .map(|(i, &k)| Series::line(format!("κ_{k} = s_1/s_{k}"), series_color(i), ok.iter().filter(|p| p.resolved(k)).map(|p| (p.x, p.ratio(k))).collect()).dots())
            .collect();
        let mut a = ChartSpec::new(c.cause.axis(), "κ_k(J(w₀)) = s_1/s_k (log)");
        // κ_k ≥ 1: the axis starts a decade lower, so the notes below κ = 1 cover no dot.
        let top = ok.iter().flat_map(|p| super::conditioning::KS.iter().filter(|&&k| p.resolved(k)).map(move |&k| p.ratio(k))).filter(|v| v.is_finite()).fold(1.0f64, f64::max);
        a.y_axis = Axis::Log(Some((0.1, top * 2.0)));
        if c.cause.log() {
            a.x_axis = Axis::Log(None);
        }
        let mut left = Panel::new(a, series);
        if ok.iter().any(|p| super::conditioning::KS.iter().any(|&k| p.ratio(k).is_finite() && !p.resolved(k))) {
            left.notes.push(Note { text: "κ_k above 10⁶ (s_k below JJᵀ's resolution) not drawn".into(), corner: Corner::BottomLeft, color: MUTED });
        }
        for p in c.points.iter().filter(|p| p.skipped.is_some()) {
            left.notes.push(Note { text: format!("{}: over the budget", p.label), corner: Corner::BottomLeft, color: MUTED });
        }
        let series = ok
            .iter()
            .enumerate()
            .map(|(k, p)| {
                let k5 = if p.resolved(5) { format!("s_1/s_5 = {:.2e}", p.ratio(5)) } else if p.ratio(5).is_finite() { "s_1/s_5 > 10⁶, unresolved".into() } else { "N < 5".into() };
                (k, p, k5)
            })
            .map(|(k, p, k5)| Series::line(format!("{} ({k5})", p.label), series_color(k), p.s.iter().enumerate().filter(|(_, v)| **v > 0.0).map(|(i, v)| ((i + 1) as f64, v / p.s[0])).collect()))
            .collect();
        let mut b = ChartSpec::new("index i", "s_i / s_1 of J(w₀) (log)");
        b.y_axis = Axis::Log(None);
        b.h_markers = vec![(RESOLVED, "10⁻⁶: resolution of JJᵀ".into())];
        Figure::panels(vec![left, Panel::new(b, series)])
    }
}
