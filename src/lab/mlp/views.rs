//! The MLP lab's views: which there are, how each is drawn (the decision surface or fitted curves,
//! loss and accuracy, per-layer gradient norms and weight changes, the signal at initialisation,
//! the width sweep), and each one's numbers as a table for CSV export.

use super::MlpLab;
use crate::lab::widget::ViewSpec;
use crate::mlp::{Dataset, SurfaceEvaluator, SurfaceMode, Task};
use crate::render::chart::{Axis, ChartSpec, Series};
use crate::render::figure::{Figure, Panel};
use crate::render::mlp::{bounds_2d, surface_side, ClassMap, Curve, CurveMap, SURFACE_GRID, SURFACE_SLICE_MACS};
use crate::render::plane::Plane;
use crate::render::theme::series_color;

use super::settings::hidden_text;

impl MlpLab {
    /// The views, in page order.
    pub(super) fn view_specs(&self) -> Vec<ViewSpec> {
        vec![
            ViewSpec {
                id: "surface",
                title: "Decision surface".into(),
                caption: "The network's prediction over the input plane: class colours mixed by the softmax probabilities, pale where it is unsure. Discs: training points, triangles: validation points. For regression: each run's fitted curve.".into(),
                aspect: 0.8,
                narrow_aspect: None,
                wide: false,
            },
            ViewSpec { id: "loss", title: "Loss".into(), caption: "Training (solid) and validation (dashed) loss over the whole sets, log axis, one colour per run.".into(), aspect: 0.62, narrow_aspect: None, wide: false },
            ViewSpec { id: "accuracy", title: "Accuracy".into(), caption: "Fraction of points classified correctly: training solid, validation dashed.".into(), aspect: 0.62, narrow_aspect: None, wide: false },
            ViewSpec { id: "layers", title: "Per-layer gradient norm and weight change".into(), caption: "For the run shown in the surface view: ‖∂L/∂W_l‖ of the minibatch gradient (left) and how far each layer moved from its initial weights, ‖W_l − W_l(0)‖/‖W_l(0)‖ (right; below on a phone).".into(), aspect: 0.36, narrow_aspect: Some(1.8), wide: true },
            ViewSpec { id: "init", title: "Signal at initialisation in a deep network".into(), caption: "Standard deviation of the activations (solid) and of the back-propagated gradients (dashed) per layer, before any training. Shrinking: vanishing; growing: exploding; flat: preserved (lecture 004).".into(), aspect: 0.62, narrow_aspect: None, wide: false },
            ViewSpec { id: "sweep", title: "Width sweep".into(), caption: "Relative weight change after the same training, against the hidden width (log axes): wider networks move less from W₀ (lecture 001).".into(), aspect: 0.62, narrow_aspect: None, wide: false },
        ]
    }

    /// View `view` as a figure (plain data); `None` for a view this lab does not have.
    pub fn figure(&self, view: &str) -> Option<Figure<'_>> {
        Some(match view {
            "surface" => self.surface_figure(),
            "loss" => self.curves_figure(false),
            "accuracy" => self.curves_figure(true),
            "layers" => self.layers_figure(),
            "init" => self.init_figure(),
            "sweep" => self.sweep_figure(),
            _ => return None,
        })
    }

    /// The decision surface of the run shown (classification), or every run's fitted curve over
    /// the data (regression).
    fn surface_figure(&self) -> Figure<'_> {
        if self.task() == Task::Regression {
            return self.fitted_figure();
        }
        let focus = self.state.focus.min(self.runs.len().saturating_sub(1));
        let label = self.run_label(focus);
        let Some(t) = self.runs.get(focus).and_then(|s| s.trainer.as_ref()) else {
            return Figure::placeholder(self.first_error());
        };
        // A coarser grid while training keeps frames short; the full grid once paused. A large
        // network gets a coarser grid still (its cost per point is its number of weights), filled
        // in over a few frames, and the key says so.
        let side = surface_side(t.network(), if self.playing() { SURFACE_GRID / 2 } else { SURFACE_GRID });
        let title = if side < SURFACE_GRID / 2 { format!("run {label} · {side}×{side} samples (large network)") } else { format!("run {label}") };
        Figure::plane(Plane::Classes(ClassMap {
            net: t.network(),
            key: self.version.wrapping_mul(1_000_003).wrapping_add(t.step_count()),
            epoch: self.surface_epoch,
            side,
            train: t.train_set(),
            val: t.val_set(),
            bounds: bounds_2d(&[t.train_set(), t.val_set()]),
            title,
        }))
    }

    /// Each run's fitted curve over the training and validation points (regression).
    fn fitted_figure(&self) -> Figure<'_> {
        let (lo, hi) = self.curve_range();
        let mut curves = Vec::new();
        let mut data: Option<(&Dataset, &Dataset)> = None;
        let mut eval = SurfaceEvaluator::new();
        let n = self.curve_points();
        let mut buf = vec![0f32; n];
        for (i, slot) in self.runs.iter().enumerate() {
            let Some(t) = &slot.trainer else { continue };
            data.get_or_insert((t.train_set(), t.val_set()));
            if eval.curve(t.network(), lo, hi, n, SurfaceMode::Value, &mut buf).is_ok() {
                let step = (hi - lo) / (n - 1) as f64;
                curves.push(Curve { label: self.run_label(i), color: series_color(i), points: buf.iter().enumerate().map(|(k, &v)| (lo + k as f64 * step, v as f64)).collect() });
            }
        }
        match data {
            Some((train, val)) => Figure::plane(Plane::Curves(CurveMap { curves, train, val, x_range: (lo, hi) })),
            None => Figure::placeholder(self.first_error()),
        }
    }

    /// The x range of the fitted curves: every run's data, padded by 5 %.
    fn curve_range(&self) -> (f64, f64) {
        let (mut lo, mut hi) = (-1.0f64, 1.0f64);
        for t in self.runs.iter().filter_map(|s| s.trainer.as_ref()) {
            for &x in t.train_set().x().iter().chain(t.val_set().x()) {
                lo = lo.min(x);
                hi = hi.max(x);
            }
        }
        let pad = (hi - lo) * 0.05;
        (lo - pad, hi + pad)
    }

    /// Points per fitted curve: 240, fewer for large networks (one point costs a forward pass).
    fn curve_points(&self) -> usize {
        let runs = self.runs.len().max(1);
        let weights = self.runs.iter().filter_map(|r| r.trainer.as_ref()).map(|t| t.network().forward_macs()).max().unwrap_or(1);
        (SURFACE_SLICE_MACS / (weights * runs)).clamp(8, 240)
    }

    fn first_error(&self) -> String {
        if self.building() {
            return "initialising the networks' weights…".into();
        }
        let e = self.runs.iter().find_map(|r| r.error.clone()).unwrap_or_else(|| "no run to show".into());
        wrap(&e, 60)
    }

    fn curves_figure(&self, accuracy: bool) -> Figure<'_> {
        let regression = self.task() == Task::Regression;
        if accuracy && regression {
            return Figure::placeholder("Accuracy applies to classification.\nThis data set is regression: see the loss view.");
        }
        let mut series = Vec::new();
        for (i, slot) in self.runs.iter().enumerate() {
            let Some(t) = &slot.trainer else { continue };
            let h = t.history();
            let (tr, va) = if accuracy { (&h.train_acc, &h.val_acc) } else { (&h.train_loss, &h.val_loss) };
            let c = series_color(i);
            let mut s = Series::line(format!("{} train", self.run_label(i)), c, h.step.iter().zip(tr).map(|(&s, &v)| (s as f64, v)).collect());
            if let Some(halt) = t.halted() {
                let y = tr.iter().rev().find(|v| v.is_finite()).copied().unwrap_or(1.0);
                let label = if halt.diverged { format!("diverged at step {}", halt.step) } else { format!("stopped at step {}", halt.step) };
                s.mark = Some((halt.step as f64, y, label));
            }
            series.push(s);
            if va.iter().any(|v| v.is_finite()) {
                series.push(Series::line(String::new(), c, h.step.iter().zip(va).map(|(&s, &v)| (s as f64, v)).collect()).dashed().width(1.5));
            }
        }
        let mut spec = if accuracy { ChartSpec::new("step (solid: train, dashed: validation)", "accuracy") } else { ChartSpec::new("step (solid: train, dashed: validation)", "loss") };
        if accuracy {
            spec.y_axis = Axis::Linear(Some((0.0, 1.0)));
        } else {
            // A diverging run's last finite losses (up to ~1e300) would squash every other curve:
            // cap the axis at 100× the largest starting loss.
            let pos = |v: &f64| v.is_finite() && *v > 0.0;
            let start = series.iter().filter_map(|s| s.points.first().map(|p| p.1)).filter(pos).fold(0.0f64, f64::max);
            let lo = series.iter().flat_map(|s| s.points.iter().map(|p| p.1)).filter(pos).fold(f64::INFINITY, f64::min);
            let hi = series.iter().flat_map(|s| s.points.iter().map(|p| p.1)).filter(pos).fold(0.0f64, f64::max);
            spec.y_axis = if start > 0.0 && lo.is_finite() && hi > 100.0 * start && lo < 100.0 * start {
                Axis::Log(Some((lo / 1.5, 100.0 * start)))
            } else {
                Axis::Log(None)
            };
        }
        spec.empty_message = if self.runs.iter().all(|r| r.trainer.is_none()) { self.first_error() } else { "press ▶ Play to train".into() };
        if series.iter().all(|s| s.points.is_empty()) {
            return Figure::placeholder(format!("{}\n(curves appear here)", spec.empty_message));
        }
        // The step axis starts at 0 and spans at least one step (a single recorded point, as after
        // the first step of a large network, would otherwise get a ±1e-10 axis).
        let last = series.iter().flat_map(|s| s.points.iter().map(|p| p.0)).fold(0.0, f64::max);
        spec.x_axis = Axis::Linear(Some((0.0, last.max(1.0))));
        Figure::chart(spec, series)
    }

    fn layers_figure(&self) -> Figure<'_> {
        let focus = self.state.focus.min(self.runs.len().saturating_sub(1));
        let Some(t) = self.runs.get(focus).and_then(|s| s.trainer.as_ref()) else {
            return Figure::placeholder(self.first_error());
        };
        let h = t.history();
        if h.is_empty() {
            return Figure::placeholder(format!("run {}: press ▶ Play to train\n(per-layer curves appear here)", focus + 1));
        }
        let layers = h.layers;
        let mk = |col: &[f64]| -> Vec<Series> {
            (0..layers)
                .map(|l| {
                    let name = if l + 1 == layers { format!("W{} (output)", l + 1) } else { format!("W{}", l + 1) };
                    Series::line(name, series_color(l), h.step.iter().enumerate().map(|(p, &s)| (s as f64, col[p * layers + l])).collect())
                })
                .collect()
        };
        let mut g = ChartSpec::new(format!("step (run {})", focus + 1), "‖∂L/∂W_l‖ (gradient norm)");
        g.y_axis = Axis::Log(None);
        let mut w = ChartSpec::new(format!("step (run {})", focus + 1), "‖W_l − W_l(0)‖ / ‖W_l(0)‖");
        w.y_axis = Axis::Log(None);
        // Side by side; stacked on a phone-width canvas (two plots of 160 px would cut their titles).
        Figure::panels(vec![Panel::new(g, mk(&h.grad_norm)), Panel::new(w, mk(&h.weight_change))])
    }

    fn init_figure(&self) -> Figure<'_> {
        let act = self.state.deep.activation.name();
        // Drawn from what the ticks have computed so far (the chosen initialisation first).
        let stats = match &self.deep {
            Some(Ok(s)) if !s.is_empty() => s.to_vec(),
            Some(Err(e)) => return Figure::placeholder(wrap(e, 60)),
            _ => return Figure::placeholder("computing the statistics at initialisation…"),
        };
        let mut series = Vec::new();
        for (i, (label, st)) in stats.iter().enumerate() {
            let c = series_color(i);
            let w = if i == 0 { 2.5 } else { 1.5 };
            series.push(Series::line(format!("{label}: activations"), c, st.iter().map(|s| (s.layer as f64, s.act_std)).collect()).width(w).dots());
            series.push(Series::line(format!("{label}: gradients"), c, st.iter().map(|s| (s.layer as f64, s.grad_std)).collect()).width(w).dashed());
        }
        let zero = stats.first().is_some_and(|(_, s)| s.iter().all(|x| x.act_std == 0.0));
        let mut spec = ChartSpec::new(format!("layer ({} layers of width {}, {act})", self.state.deep.depth, self.state.deep.width), "standard deviation at initialisation");
        spec.y_axis = Axis::Log(None);
        spec.h_markers = vec![(1.0, "1".into())];
        if zero {
            spec.empty_message = "zero init: every activation and gradient is exactly 0".into();
        }
        Figure::chart(spec, series)
    }

    fn sweep_figure(&self) -> Figure<'_> {
        let Some(sw) = &self.sweep else {
            return Figure::placeholder(
                format!(
                    "Press “▶ Run sweep” in the controls:\nwidths {}, {} steps each",
                    hidden_text(&self.state.sweep.widths),
                    self.state.sweep.steps
                ));
        };
        let res = sw.results();
        if res.is_empty() {
            let (d, n) = sw.progress();
            return Figure::placeholder(format!("Training width {}…  {d} of {n} steps", self.state.sweep.widths.first().copied().unwrap_or(0)));
        }
        let pts = |f: &dyn Fn(&crate::mlp::SweepPoint) -> f64| res.iter().map(|p| (p.width as f64, f(p))).collect::<Vec<_>>();
        let mut all = Series::line("both layers together", series_color(0), pts(&|p| p.total_change)).width(2.5);
        all.dots = true;
        let series = vec![
            Series::line("both layers together", series_color(0), pts(&|p| p.total_change)).width(2.5),
            Series::line("hidden layer W₁", series_color(1), pts(&|p| p.weight_change.first().copied().unwrap_or(f64::NAN))).dashed(),
            Series::line("output layer W₂", series_color(2), pts(&|p| p.weight_change.get(1).copied().unwrap_or(f64::NAN))).dashed(),
            Series { label: String::new(), ..all },
        ];
        let mut spec = ChartSpec::new(format!("hidden width (after {} steps each)", self.state.sweep.steps), "‖W − W₀‖ / ‖W₀‖ (relative change)");
        spec.x_axis = Axis::Log(None);
        spec.y_axis = Axis::Log(None);
        Figure::chart(spec, series)
    }
}

/// Breaks `s` into lines of at most about `n` characters at spaces.
fn wrap(s: &str, n: usize) -> String {
    let mut out = String::new();
    let mut len = 0;
    for w in s.split(' ') {
        if len > 0 && len + w.chars().count() > n {
            out.push('\n');
            len = 0;
        } else if len > 0 {
            out.push(' ');
            len += 1;
        }
        out.push_str(w);
        len += w.chars().count();
    }
    out
}
