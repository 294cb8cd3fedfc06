//! The optimizer lab's charts as data: for each chart view, its axes and curves
//! ([`ChartSpec`], [`Series`]), and for every view the table of the numbers it shows. The page
//! draws the charts from exactly these curves and exports the same numbers as CSV; the landscape
//! is a plane figure ([`OptimizerLab::landscape_figure`]).

use super::race::Trajectory;
use super::OptimizerLab;
use crate::lab::export::{Cell, Table};
use crate::lab::widget::ViewSpec;
use crate::render::chart::{Axis, ChartSpec, Floor, Series};
use crate::lab::widget::Widget;
use crate::render::figure::Figure;
use crate::render::landscape::{CursorInfo, LandscapeMap, Trail};
use crate::render::plane::Plane;
use crate::render::theme::series_color;

/// The chart views (every view but the landscape).
pub const CHART_VIEWS: &[&str] = &["loss", "gradnorm", "distance", "lr", "stream"];

impl OptimizerLab {
    /// The views, in page order.
    pub(super) fn view_specs(&self) -> Vec<ViewSpec> {
        vec![
            ViewSpec {
                id: "landscape",
                title: "Loss landscape".into(),
                caption: format!(
                    "Heatmap of the loss (log colour scale where values span decades) with contour lines; white ✕ discs mark {}, the ringed disc the start. Click to move the start, drag to pan, wheel to zoom, double-click to reset the view; hover to read the Hessian.",
                    if matches!(self.state.landscape, crate::landscape::LandscapeConfig::Typed(_)) { "minima found numerically (not known: a multi-start Newton search over the view), grey hatching where f is undefined" } else { "known minima" }
                ),
                aspect: 0.68,
                narrow_aspect: None,
                wide: true,
            },
            ViewSpec { id: "loss", title: "Loss vs iteration".into(), caption: "f(x_k) − f* on a log axis where the minimum value f* is known (▼: reached f* to machine precision, below 1e-14·max(1, |f*|)); on landscapes unbounded below, f(x_k) on a symmetric-log axis. Colours as in the landscape legend.".into(), aspect: 0.62, narrow_aspect: None, wide: false },
            ViewSpec { id: "gradnorm", title: "Gradient norm vs iteration".into(), caption: "‖∇f(x_k)‖ (exact gradient), log axis; colours as in the landscape legend.".into(), aspect: 0.62, narrow_aspect: None, wide: false },
            ViewSpec { id: "distance", title: "Distance to the nearest known minimum".into(), caption: "min over the marked minima of ‖x_k − x*‖, log axis; colours as in the landscape legend.".into(), aspect: 0.62, narrow_aspect: None, wide: false },
            ViewSpec { id: "lr", title: "Learning rate vs iteration".into(), caption: "The scheduled α_k of each racer (shown when a schedule is active).".into(), aspect: 0.62, narrow_aspect: None, wide: false },
            ViewSpec { id: "stream", title: "Gradient-scale experiment (lecture 003)".into(), caption: "Each racer's optimizer fed a stream of ten gradients +0.1 then one −1, repeated; the gradients of a cycle sum to zero. Plotted: the parameter θ_k.".into(), aspect: 0.62, narrow_aspect: None, wide: false },
        ]
    }

    /// The landscape view as data: the surface, the region, the start, the trails and the
    /// curvature read-out at the cursor.
    pub fn landscape_figure(&self) -> Figure<'_> {
        Figure::plane(Plane::Landscape(LandscapeMap {
            surface: self.surface(),
            view: self.view(),
            start: self.state.start,
            trails: self.trails(),
            cursor: self.cursor.map(|p| CursorInfo { at: p, lines: self.curvature_lines(p) }),
            generation: self.race,
            playing: self.busy(),
        }))
    }

    /// Each racer's trail on the landscape: its revealed iterates, where it diverged, and the
    /// arrows at its current iterate when they are shown.
    pub fn trails(&self) -> Vec<Trail<'_>> {
        self
            .trajectories
            .iter()
            .enumerate()
            .map(|(i, t)| {
                let n = self.revealed(i);
                let shown_steps = n.saturating_sub(1);
                let arrows = if self.state.arrows && shown_steps > 0 {
                    let k = shown_steps.min(t.grads.len());
                    // At the current iterate x_n: the gradient fed to the next step (k = n),
                    // or the last one recorded; the step actually taken to reach x_n.
                    let gi = k.min(t.grads.len().saturating_sub(1));
                    let g = t.grads.get(gi).copied().unwrap_or([0.0, 0.0]);
                    let m = t.momentum.get(gi).copied().flatten().map(|m| [-m[0], -m[1]]);
                    let a = t.points[n - 1];
                    let b = t.points[n.saturating_sub(2)];
                    Some(([-g[0], -g[1]], m, [a[0] - b[0], a[1] - b[1]]))
                } else {
                    None
                };
                Trail {
                    label: self.racer_label(i),
                    color: series_color(i),
                    points: &t.points[..n],
                    diverged_at: t.diverged_at.filter(|k| *k <= self.state.shown),
                    escaped_downhill: t.escaped_downhill,
                    arrows,
                }
            })
            .collect()
    }

    /// One curve per racer, over the iterates revealed so far, from `f(racer, trajectory, n)`.
    fn racer_series<F: Fn(usize, &Trajectory, usize) -> Vec<(f64, f64)>>(&self, f: F) -> Vec<Series> {
        self.trajectories
            .iter()
            .enumerate()
            .map(|(i, t)| {
                let n = self.revealed(i);
                let mut s = Series::line(self.racer_label(i), series_color(i), f(i, t, n));
                if let Some(k) = t.diverged_at {
                    if k <= self.state.shown {
                        let y = s.points.last().map(|p| p.1).unwrap_or(f64::NAN);
                        s.mark = Some((k as f64, y, t.exit_note().unwrap_or_default()));
                    }
                }
                s
            })
            .collect()
    }

    /// Chart view `view` as axes and curves; `None` for the landscape or an unknown view.
    /// `legend`: whether the loss, gradient-norm and distance charts carry the racers' legend (the
    /// landscape carries it when shown); the learning-rate and stream charts, which show only some
    /// racers, always carry theirs.
    pub fn chart(&self, view: &str, legend: bool) -> Option<(ChartSpec, Vec<Series>)> {
        let budget = self.state.budget as f64;
        let x_axis = Axis::Linear(Some((0.0, budget.max(1.0))));
        let mut spec;
        let series = match view {
            "loss" => {
                let has_min = !self.surface().minima().is_empty();
                let f_star = self.surface().min_value();
                spec = ChartSpec::new("iteration k", if has_min { "f(x_k) − f*" } else { "f(x_k)" });
                // f − f* on a log axis; values within machine precision of f* (or below it by
                // rounding) sit on the bottom edge with a ▼. Unbounded below: f itself on a
                // symmetric-log axis, so a descent to −1e8 shows every decade.
                spec.y_axis = if has_min { Axis::Log(None) } else { Axis::SymLog(1.0, None) };
                spec.floor = has_min.then(|| Floor { below: 1e-14 * f_star.abs().max(1.0), note: "▼ at f* to machine precision".into() });
                spec.empty_message = "press ▶ Play to start the race".into();
                self.racer_series(|_, t, n| t.loss[..n].iter().enumerate().map(|(k, v)| (k as f64, if has_min { v - f_star } else { *v })).collect())
            }
            "gradnorm" => {
                spec = ChartSpec::new("iteration k", "‖∇f(x_k)‖");
                spec.y_axis = Axis::Log(None);
                self.racer_series(|_, t, n| t.grad_norm[..n].iter().enumerate().map(|(k, v)| (k as f64, *v)).collect())
            }
            "distance" => {
                let minima = self.surface().minima().to_vec();
                spec = ChartSpec::new("iteration k", "distance to nearest minimum");
                spec.y_axis = Axis::Log(None);
                if minima.is_empty() {
                    spec.empty_message = "this landscape has no minimum (it is unbounded below)".into();
                    Vec::new()
                } else {
                    self.racer_series(|_, t, n| {
                        t.points[..n]
                            .iter()
                            .enumerate()
                            .map(|(k, p)| (k as f64, minima.iter().map(|m| (p[0] - m[0]).hypot(p[1] - m[1])).fold(f64::INFINITY, f64::min)))
                            .collect()
                    })
                }
            }
            "lr" => return Some(self.lr_chart(x_axis)),
            "stream" => return Some(self.stream_chart()),
            _ => return None,
        };
        spec.x_axis = x_axis;
        spec.legend = legend;
        Some((spec, series))
    }

    /// The learning rates α_k of the racers with a schedule (no legend flag: the chart's default).
    fn lr_chart(&self, x_axis: Axis) -> (ChartSpec, Vec<Series>) {
        let mut spec = ChartSpec::new("iteration k", "learning rate α_k");
        spec.empty_message = "no schedule: every α is constant".into();
        spec.x_axis = x_axis;
        let scheduled = |i: usize| !matches!(self.state.racers[i].schedule, crate::optim::Schedule::Constant);
        let series = self.racer_series(|_, t, n| t.lr[..n.saturating_sub(1).min(t.lr.len())].iter().enumerate().map(|(k, v)| (k as f64, *v)).collect())
            .into_iter()
            .enumerate()
            .filter(|(i, _)| scheduled(*i))
            .map(|(_, s)| s)
            .collect();
        (spec, series)
    }

    /// Each racer's θ_k on lecture 003's gradient stream (no legend flag: the chart's default).
    fn stream_chart(&self) -> (ChartSpec, Vec<Series>) {
        let mut spec = ChartSpec::new("step k (gradient +0.1 ×10, then −1)", "parameter θ_k");
        spec.empty_message = "second-order methods need a Hessian: not applicable".into();
        // Symmetric log: Rprop's θ ≈ −1,100 and SGD's 0…0.1 wiggle both stay readable.
        spec.y_axis = Axis::SymLog(0.01, None);
        spec.h_markers.push((0.0, "θ₀".into()));
        let series = self
            .streams
            .iter()
            .enumerate()
            .filter_map(|(i, s)| s.as_ref().map(|v| Series::line(self.racer_label(i), series_color(i), v.iter().enumerate().map(|(k, y)| (k as f64, *y)).collect())))
            .collect();
        (spec, series)
    }

    /// The numbers view `view` shows, one row per plotted point: for the landscape, each racer's
    /// revealed iterates (x, y, f, ‖∇f‖ and the step's α); for a chart, its curves.
    pub fn table(&self, view: &str) -> Option<Table> {
        if view == "landscape" {
            let mut t = Table::new(["racer", "iteration k", "x_k", "y_k", "f(x_k)", "‖∇f(x_k)‖", "α_k (step k → k+1)"]);
            for (i, tr) in self.trajectories.iter().enumerate() {
                let label: std::rc::Rc<str> = self.racer_label(i).into();
                for k in 0..self.revealed(i) {
                    let p = tr.points[k];
                    let at = |v: &[f64]| v.get(k).copied().unwrap_or(f64::NAN);
                    t.push(vec![(&label).into(), Cell::Num(k as f64), p[0].into(), p[1].into(), at(&tr.loss).into(), at(&tr.grad_norm).into(), at(&tr.lr).into()]);
                }
            }
            return Some(t);
        }
        let (spec, series) = self.chart(view, false)?;
        Some(Table::of_series("racer", &spec.x_label, &spec.y_label, &series))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lab::export::Cell;

    use crate::lab::widget::Widget;

    /// The lab opened from `query`, its race computed to the end of what is shown.
    fn computed(query: &str) -> OptimizerLab {
        let mut lab = OptimizerLab::open(query);
        lab.state.shown = lab.state.budget;
        while lab.computing() {
            lab.tick(0.0, &mut || false);
        }
        lab
    }

    fn num(c: &Cell) -> f64 {
        c.as_num()
    }

    #[test]
    fn every_views_table_holds_the_labs_own_numbers() {
        let lab = computed("preset=momentum_zigzag");
        let f_star = lab.surface().min_value();
        // Landscape: every revealed iterate of every racer, with f, ‖∇f‖ and α of the trajectory.
        let t = lab.table("landscape").expect("landscape table");
        let total: usize = (0..lab.trajectories.len()).map(|i| lab.revealed(i)).sum();
        assert_eq!(t.rows.len(), total);
        assert!(total > 10);
        let tr = &lab.trajectories[1];
        let row = t.rows.iter().filter(|r| r[0] == Cell::from(lab.racer_label(1))).nth(3).expect("row 3 of racer 2");
        assert_eq!(num(&row[1]), 3.0);
        assert_eq!((num(&row[2]), num(&row[3])), (tr.points[3][0], tr.points[3][1]));
        assert_eq!((num(&row[4]), num(&row[5]), num(&row[6])), (tr.loss[3], tr.grad_norm[3], tr.lr[3]));
        // Loss chart: f − f* per racer and iterate; gradient norm; distance to the minimum.
        let loss = lab.table("loss").unwrap();
        assert_eq!(loss.columns, ["racer", "iteration k", "f(x_k) − f*"]);
        assert_eq!(loss.rows.len(), total);
        let r = loss.rows.iter().find(|r| r[0] == Cell::from(lab.racer_label(1)) && num(&r[1]) == 5.0).unwrap();
        assert_eq!(num(&r[2]), tr.loss[5] - f_star);
        let g = lab.table("gradnorm").unwrap();
        assert!(g.rows.iter().any(|r| r[0] == Cell::from(lab.racer_label(1)) && num(&r[1]) == 5.0 && num(&r[2]) == tr.grad_norm[5]));
        let d = lab.table("distance").unwrap();
        let m = lab.surface().minima()[0];
        assert!(d.rows.iter().any(|r| r[0] == Cell::from(lab.racer_label(1)) && num(&r[1]) == 5.0 && num(&r[2]) == (tr.points[5][0] - m[0]).hypot(tr.points[5][1] - m[1])));
        // Every view has a table, and the CSV starts with its header.
        for v in lab.views() {
            let t = lab.table(v.id).unwrap_or_else(|| panic!("no table for view {}", v.id));
            assert!(t.to_csv().starts_with(&t.columns.join(",")) || t.columns.iter().any(|c| c.contains(',')));
        }
        assert!(lab.table("nope").is_none());
    }

    #[test]
    fn every_chart_renders_as_svg_with_its_axis_titles() {
        let lab = computed("preset=momentum_zigzag");
        for v in CHART_VIEWS {
            let (spec, series) = lab.chart(v, true).unwrap();
            let svg = crate::lab::export::svg_string(640, 400, |area| crate::render::chart::line_chart(area, &crate::render::theme::Theme::new(1.0), &spec, &series).map(|_| ())).unwrap();
            assert!(svg.len() > 1000, "{v}: {} bytes", svg.len());
            assert!(svg.contains(&spec.x_label.replace('&', "&amp;")) || svg.contains(&spec.x_label), "{v}: x title");
        }
    }
}
