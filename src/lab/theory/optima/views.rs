//! What each view of the optima experiment shows, as figures (plain data): the histograms of the
//! final training losses per network size on one log axis, and the summary per size against the
//! parameter count; both say in their footer what the numbers found.

use crate::lab::widget::ViewSpec;
use crate::render::chart::{short, Axis, ChartSpec, Series};
use crate::render::figure::{Figure, Panel};
use crate::render::theme::series_color;
use crate::theory::optima::{OptimaSweep, SizeResult};

use super::settings::{browser_seconds, duration, work_of};
use super::widget::{runs_done, size_label, OptimaLab};

/// Bins of the histograms (log-spaced over the losses of all sizes).
pub const BINS: usize = 24;
/// A run "ends near the best" when its final loss is at most this factor × the best loss found.
pub const NEAR: f64 = 2.0;

/// The views, in page order.
pub fn view_specs() -> Vec<ViewSpec> {
    vec![
        ViewSpec {
            id: "optima_hist",
            title: "Final training loss of K initialisations, per network size".into(),
            caption: "Histogram of the training loss L(w_T) after T steps of each run, one outline per network size (same log axis, same bins); the grey vertical lines mark the best loss found over all sizes and 2× it. Notice (lecture 002, after Choromanska et al. 2015): the small networks' runs end spread over worse losses — different runs stop in different, poor optima — while the big networks' runs crowd next to the best. The footer counts it.".into(),
            aspect: 0.42,
            narrow_aspect: Some(0.9),
            wide: true,
        },
        ViewSpec {
            id: "optima_summary",
            title: "Spread and share near the best against network size".into(),
            caption: "Left: per size, the median final loss, the 10 % and 90 % quantiles of its K runs and its best run, against the number of parameters P (log–log). Right: the share of runs whose final loss is within 2× of the best loss found. Notice: the quantiles close in on the best loss as P grows, and the share near the best rises to (almost) all runs.".into(),
            aspect: 0.42,
            narrow_aspect: Some(1.4),
            wide: true,
        },
    ]
}

/// One size's numbers as the views show them.
pub struct SizeStats {
    /// "1×32".
    pub label: String,
    /// Parameters P.
    pub params: usize,
    /// Runs finished.
    pub runs: usize,
    /// Runs that diverged (no final loss).
    pub diverged: usize,
    /// Smallest final loss.
    pub best: f64,
    /// 10 % quantile.
    pub q10: f64,
    /// Median.
    pub median: f64,
    /// 90 % quantile.
    pub q90: f64,
    /// Share of the finished runs within [`NEAR`]× the best loss of all sizes.
    pub near: f64,
}

/// The numbers of every size with a finished run, and the best loss of all.
pub fn stats(sw: &OptimaSweep) -> (Vec<SizeStats>, f64) {
    let best = sw.best();
    let s = sw
        .results()
        .iter()
        .filter(|r| !r.losses.is_empty())
        .map(|r: &SizeResult| SizeStats {
            label: size_label(&r.hidden),
            params: r.params,
            runs: r.losses.len(),
            diverged: r.losses.iter().filter(|l| !l.is_finite()).count(),
            best: r.quantile(0.0),
            q10: r.quantile(0.1),
            median: r.quantile(0.5),
            q90: r.quantile(0.9),
            near: r.share_near(best, NEAR),
        })
        .collect();
    (s, best)
}

/// What the numbers found, once at least two sizes have all their runs: the share of runs within
/// 2× of the best for the largest and the smallest size finished, and their spreads q90 − q10.
pub fn finding(sw: &OptimaSweep) -> Option<String> {
    let k = sw.config().seeds;
    let (st, best) = stats(sw);
    let full: Vec<&SizeStats> = st.iter().filter(|s| s.runs == k).collect();
    let (small, big) = (full.first()?, full.last()?);
    if full.len() < 2 || !best.is_finite() {
        return None;
    }
    let so_far = if sw.is_done() { "" } else { " (so far)" };
    Some(format!(
        "{}: {:.0} % of runs within 2× of the best loss {}{so_far}, {}: {:.0} %; spread q90 − q10 {} vs {}",
        big.label,
        100.0 * big.near,
        short(best),
        small.label,
        100.0 * small.near,
        short(big.q90 - big.q10),
        short(small.q90 - small.q10)
    ))
}

/// The histogram bins: log-spaced edges over the finite losses of every size (with a margin).
pub fn bin_edges(sw: &OptimaSweep) -> Option<Vec<f64>> {
    let all = sw.results().iter().flat_map(|r| r.losses.iter().copied()).filter(|l| l.is_finite() && *l > 0.0);
    let (lo, hi) = all.fold((f64::INFINITY, 0.0f64), |(a, b), l| (a.min(l), b.max(l)));
    if !lo.is_finite() {
        return None;
    }
    let (lo, hi) = if hi > lo * 1.2 { (lo / 1.05, hi * 1.05) } else { (lo / 1.5, hi * 1.5) };
    Some((0..=BINS).map(|i| lo * (hi / lo).powf(i as f64 / BINS as f64)).collect())
}

/// Runs of `r` in each bin of `edges` (the last bin includes its right edge).
pub fn counts(r: &SizeResult, edges: &[f64]) -> Vec<usize> {
    let mut c = vec![0; edges.len() - 1];
    for &l in r.losses.iter().filter(|l| l.is_finite()) {
        let i = edges.partition_point(|&e| e <= l).saturating_sub(1).min(c.len() - 1);
        c[i] += 1;
    }
    c
}

impl OptimaLab {
    /// View `view` as a figure; `None` for a view this experiment does not have.
    pub(super) fn view_figure(&self, view: &str) -> Option<Figure<'_>> {
        if !view_specs().iter().any(|v| v.id == view) {
            return None;
        }
        let sw = match &self.sweep {
            Ok(sw) => sw,
            Err(e) => return Some(Figure::placeholder(e.clone())),
        };
        if runs_done(sw) == 0 || bin_edges(sw).is_none() {
            let runs = self.state.seeds * sw.results().len();
            let (done, total) = sw.progress();
            return Some(Figure::placeholder(if done == 0 && !self.playing {
                format!(
                    "press ▶ Play to train {} sizes × K = {} initialisations\n= {runs} runs of {} steps (about {} of work);\nthe histograms grow as the runs finish",
                    sw.results().len(),
                    self.state.seeds,
                    self.state.budget,
                    duration(browser_seconds(work_of(&self.state)))
                )
            } else {
                format!("training run 1 of {runs} … {:.1} % of all steps\n(the histograms appear as the runs finish)", 100.0 * done as f64 / total.max(1) as f64)
            }));
        }
        let mut fig = if view == "optima_hist" { histogram_figure(sw) } else { summary_figure(sw) };
        let mut footer = vec![finding(sw).unwrap_or_else(|| format!("{} of {} runs finished: the finding appears once two sizes have all their runs", runs_done(sw), self.state.seeds * sw.results().len()))];
        let diverged: usize = sw.results().iter().map(|r| r.losses.iter().filter(|l| !l.is_finite()).count()).sum();
        if diverged > 0 {
            footer.push(format!("{diverged} runs diverged (no final loss; not drawn, counted as not near the best): try a smaller step"));
        }
        fig.footer = Some(footer);
        Some(fig)
    }
}

/// Step outlines of each size's histogram on one log axis, the best loss and 2× it marked.
fn histogram_figure(sw: &OptimaSweep) -> Figure<'static> {
    let Some(edges) = bin_edges(sw) else { return Figure::placeholder("no finite loss yet") };
    let (st, best) = stats(sw);
    let mut top = 1usize;
    let mut series = Vec::new();
    for (i, r) in sw.results().iter().enumerate().filter(|(_, r)| !r.losses.is_empty()) {
        let c = counts(r, &edges);
        top = top.max(c.iter().copied().max().unwrap_or(0));
        // The outline from the first bin with a run to the last (empty bins between stay on 0),
        // so no size's baseline hides another's bars.
        let (first, last) = (c.iter().position(|&n| n > 0).unwrap_or(0), c.iter().rposition(|&n| n > 0).unwrap_or(0));
        let mut pts = vec![(edges[first], 0.0)];
        for j in first..=last {
            pts.push((edges[j], c[j] as f64));
            pts.push((edges[j + 1], c[j] as f64));
        }
        pts.push((edges[last + 1], 0.0));
        let s = st.iter().find(|s| s.label == size_label(&r.hidden) && s.params == r.params);
        let label = s.map_or_else(String::new, |s| format!("{} (P = {}): {} runs, {:.0} % ≤ 2× best", s.label, s.params, s.runs, 100.0 * s.near));
        series.push(Series::line(label, series_color(i), pts).width(2.0));
    }
    let mut spec = ChartSpec::new("final training loss L(w_T) (log)", "runs");
    spec.x_axis = Axis::Log(Some((edges[0], edges[BINS])));
    // Headroom over the tallest bar: the legend's rows (one per size) fit above the bars.
    spec.y_axis = Axis::Linear(Some((0.0, top as f64 * (1.2 + 0.1 * series.len() as f64))));
    spec.v_markers = vec![(best, format!("best {}", short(best))), (NEAR * best, "2 × best".into())];
    Figure::panels(vec![Panel::new(spec, series)])
}

/// Median, 10–90 % quantiles and best run per size against P; share near the best against P.
fn summary_figure(sw: &OptimaSweep) -> Figure<'static> {
    let (st, best) = stats(sw);
    let at = |f: &dyn Fn(&SizeStats) -> f64| st.iter().map(|s| (s.params as f64, f(s))).filter(|p| p.1.is_finite()).collect::<Vec<_>>();
    let left_series = vec![
        Series::line("90 % quantile", series_color(1), at(&|s| s.q90)).dashed(),
        Series::line("median", series_color(0), at(&|s| s.median)).width(2.5),
        Series::line("10 % quantile", series_color(1), at(&|s| s.q10)).dashed(),
        Series::line("best run", series_color(2), at(&|s| s.best)).dots(),
    ];
    let p_range = {
        let (lo, hi) = st.iter().fold((f64::INFINITY, 0.0f64), |(a, b), s| (a.min(s.params as f64), b.max(s.params as f64)));
        if hi > lo { (lo / 1.3, hi * 1.3) } else { (lo / 2.0, lo * 2.0) }
    };
    let mut a = ChartSpec::new("parameters P (log)", "final training loss (log)");
    a.x_axis = Axis::Log(Some(p_range));
    a.y_axis = Axis::Log(None);
    a.h_markers = vec![(best, format!("best {}", short(best))), (NEAR * best, "2 × best".into())];
    let mut b = ChartSpec::new("parameters P (log)", "share of runs ≤ 2 × best loss");
    b.x_axis = Axis::Log(Some(p_range));
    b.y_axis = Axis::Linear(Some((0.0, 1.05)));
    let right = vec![Series::line("share within 2× of the best", series_color(3), at(&|s| s.near)).width(2.5), Series::line("sizes", series_color(3), at(&|s| s.near)).dots()];
    Figure::panels(vec![Panel::new(a, left_series), Panel::new(b, right)])
}
