//! The optimizer lab on canvases: draws each view from the lab's state and trajectories.

use super::canvas::CanvasView;
use super::registry::WebWidget;
use crate::lab::optimizer::OptimizerLab;
use crate::lab::widget::{Control, Pointer, ViewSpec, Widget};
use crate::render::chart::{line_chart, Axis, ChartSpec, Floor, Series};
use crate::render::landscape::{draw_landscape, CursorInfo, PlotFrame, RasterCache, Trail, TrailProgress};
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement};
use crate::render::theme::{series_color, Theme};

/// An off-screen canvas that keeps the trails drawn so far: while a race plays, each frame strokes
/// only the new segments onto it and copies it onto the landscape, instead of stroking every trail
/// again (8 zig-zagging trails of thousands of vertices were most of a frame, traced).
struct TrailLayer {
    canvas: HtmlCanvasElement,
    ctx: CanvasRenderingContext2d,
    progress: TrailProgress,
}

impl TrailLayer {
    fn new() -> Result<Self, String> {
        let (canvas, ctx) = super::canvas::offscreen_canvas()?;
        Ok(TrailLayer { canvas, ctx, progress: TrailProgress::default() })
    }

    /// Brings the layer up to `trails` (resized and cleared when needed) and draws it onto `target`.
    fn paint(&mut self, target: &CanvasView, race: u64, frame: &PlotFrame, trails: &[Trail], width: f64) -> Result<(), String> {
        let (w, h) = target.device_size();
        if self.canvas.width() != w || self.canvas.height() != h {
            self.canvas.set_width(w);
            self.canvas.set_height(h);
            self.progress.reset();
        }
        let (clear, lines) = self.progress.advance(race, frame, trails, 1.5 * target.dpr);
        if clear {
            self.ctx.clear_rect(0.0, 0.0, w as f64, h as f64);
        }
        self.ctx.set_line_width(width);
        self.ctx.set_line_join("round");
        self.ctx.set_line_cap("round");
        for (i, line) in lines {
            // A whole trail (after a clear) is also simplified within half a device pixel, as the
            // landscape does without a layer; new segments while playing are stroked as they come.
            let line = if clear { crate::render::simplify::simplify(&line, 0.5) } else { line };
            if line.len() < 2 {
                continue;
            }
            let c = trails[i].color;
            self.ctx.set_stroke_style_str(&format!("rgb({},{},{})", c.0, c.1, c.2));
            // One `Path2D` from SVG path text: one call instead of one per vertex.
            let path = super::backend::path2d(&line, false).ok_or("the browser refused a path")?;
            self.ctx.stroke_with_path(&path);
        }
        target.draw_layer(&self.canvas)
    }
}

/// The optimizer lab plus its raster cache.
pub struct OptimizerWidget {
    lab: OptimizerLab,
    cache: RasterCache,
    /// The landscape's trails layer (created on the first drawing).
    trails: Option<TrailLayer>,
    /// Whether the landscape view (which carries the racers' legend) is shown.
    landscape_shown: bool,
}

impl OptimizerWidget {
    /// Wraps a lab (used by the benchmarks).
    pub fn from_lab(lab: OptimizerLab) -> Self {
        OptimizerWidget { lab, cache: RasterCache::default(), trails: None, landscape_shown: true }
    }
    /// The lab inside.
    pub fn lab_mut(&mut self) -> &mut OptimizerLab {
        &mut self.lab
    }
    /// Forces the heatmap to be recomputed on the next draw.
    pub fn invalidate_raster(&mut self) {
        self.cache.invalidate();
    }
}

/// Opens the optimizer lab from a URL query.
pub fn open(query: &str) -> Box<dyn WebWidget> {
    Box::new(OptimizerWidget::from_lab(OptimizerLab::from_query(query)))
}

impl OptimizerWidget {
    fn series<F: Fn(usize, &crate::lab::optimizer::race::Trajectory, usize) -> Vec<(f64, f64)>>(&self, f: F) -> Vec<Series> {
        let lab = &self.lab;
        lab.trajectories
            .iter()
            .enumerate()
            .map(|(i, t)| {
                let n = lab.revealed(i);
                let mut s = Series::line(lab.racer_label(i), series_color(i), f(i, t, n));
                if let Some(k) = t.diverged_at {
                    if k <= lab.state.shown {
                        let y = s.points.last().map(|p| p.1).unwrap_or(f64::NAN);
                        s.mark = Some((k as f64, y, t.exit_note().unwrap_or_default()));
                    }
                }
                s
            })
            .collect()
    }

    fn chart(&self, canvas: &CanvasView, spec: &ChartSpec, series: &[Series]) -> Result<(), String> {
        let area = canvas.area()?;
        line_chart(&area, &Theme::new(canvas.dpr), spec, series)?;
        Ok(())
    }
}

impl Widget for OptimizerWidget {
    fn views(&self) -> Vec<ViewSpec> {
        self.lab.views()
    }
    fn controls(&self) -> Vec<Control> {
        self.lab.controls()
    }
    fn set(&mut self, key: &str, value: &str) -> Result<(), String> {
        self.lab.set(key, value)
    }
    fn action(&mut self, key: &str) -> Result<(), String> {
        self.lab.action(key)
    }
    fn pointer(&mut self, view: &str, p: Pointer) -> Result<(), String> {
        self.lab.pointer(view, p)
    }
    fn tick(&mut self, now_ms: f64, out_of_time: &mut dyn FnMut() -> bool) -> bool {
        self.lab.tick(now_ms, out_of_time)
    }
    fn busy(&self) -> bool {
        self.lab.busy()
    }
    fn query(&self) -> String {
        self.lab.query()
    }
    fn status(&self) -> String {
        self.lab.status()
    }
    fn take_notices(&mut self) -> Vec<String> {
        self.lab.take_notices()
    }
}

impl WebWidget for OptimizerWidget {
    fn attached(&mut self, views: &[String]) {
        self.landscape_shown = views.iter().any(|v| v == "landscape");
    }

    fn draw(&mut self, view: &str, canvas: &CanvasView) -> Result<(), String> {
        let budget = self.lab.state.budget as f64;
        let x_axis = Axis::Linear(Some((0.0, budget.max(1.0))));
        match view {
            "landscape" => {
                let lab = &self.lab;
                let trails: Vec<Trail> = lab
                    .trajectories
                    .iter()
                    .enumerate()
                    .map(|(i, t)| {
                        let n = lab.revealed(i);
                        let shown_steps = n.saturating_sub(1);
                        let arrows = if lab.state.arrows && shown_steps > 0 {
                            let k = shown_steps.min(t.grads.len()) ;
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
                            label: lab.racer_label(i),
                            color: series_color(i),
                            points: &t.points[..n],
                            diverged_at: t.diverged_at.filter(|k| *k <= lab.state.shown),
                            escaped_downhill: t.escaped_downhill,
                            arrows,
                        }
                    })
                    .collect();
                let cursor = lab.cursor.map(|p| CursorInfo { at: p, lines: lab.curvature_lines(p) });
                let area = canvas.area()?;
                let theme = Theme::new(canvas.dpr);
                if self.trails.is_none() {
                    // Without an off-screen canvas the landscape strokes the trails itself.
                    self.trails = TrailLayer::new().ok();
                }
                let race = lab.race;
                let width = theme.px(2.0) as f64;
                // Only a playing race uses the layer. At rest the landscape strokes the trails itself
                // (one pass, as cheap as a layer's full redraw and without its copy), so the picture
                // of a link does not depend on how many frames the race took to get there (the
                // newest iterate of each frame is a vertex while playing), and the next play starts
                // a fresh layer.
                let has_layer = self.trails.is_some() && lab.busy();
                if !has_layer {
                    if let Some(l) = self.trails.as_mut() {
                        l.progress.reset();
                    }
                }
                let layer = &mut self.trails;
                let mut paint = |frame: &PlotFrame| match layer.as_mut() {
                    Some(l) => l.paint(canvas, race, frame, &trails, width),
                    None => Ok(()),
                };
                let frame = draw_landscape(
                    &area,
                    &theme,
                    lab.surface(),
                    &lab.view(),
                    lab.state.start,
                    &trails,
                    cursor.as_ref(),
                    &mut self.cache,
                    &mut |r, x, y, w, h| canvas.blit_raster(r, x, y, w, h),
                    has_layer.then_some(&mut paint as &mut dyn FnMut(&PlotFrame) -> Result<(), String>),
                )?;
                self.lab.frame = Some(frame);
                self.lab.dpr = canvas.dpr;
                Ok(())
            }
            "loss" => {
                let has_min = !self.lab.surface().minima().is_empty();
                let f_star = self.lab.surface().min_value();
                let mut spec = ChartSpec::new("iteration k", if has_min { "f(x_k) − f*" } else { "f(x_k)" });
                // The landscape carries the racers' legend; the loss chart repeats it only when
                // shown without the landscape (e.g. embedded alone).
                spec.legend = !self.landscape_shown;
                spec.x_axis = x_axis;
                // f − f* on a log axis; values within machine precision of f* (or below it by
                // rounding) sit on the bottom edge with a ▼. Unbounded below: f itself on a
                // symmetric-log axis, so a descent to −1e8 shows every decade.
                spec.y_axis = if has_min { Axis::Log(None) } else { Axis::SymLog(1.0, None) };
                spec.floor = has_min.then(|| Floor { below: 1e-14 * f_star.abs().max(1.0), note: "▼ at f* to machine precision".into() });
                spec.empty_message = "press ▶ Play to start the race".into();
                let series = self.series(|_, t, n| {
                    t.loss[..n].iter().enumerate().map(|(k, v)| (k as f64, if has_min { v - f_star } else { *v })).collect()
                });
                self.chart(canvas, &spec, &series)
            }
            "gradnorm" => {
                let mut spec = ChartSpec::new("iteration k", "‖∇f(x_k)‖");
                spec.legend = !self.landscape_shown;
                spec.x_axis = x_axis;
                spec.y_axis = Axis::Log(None);
                let series = self.series(|_, t, n| t.grad_norm[..n].iter().enumerate().map(|(k, v)| (k as f64, *v)).collect());
                self.chart(canvas, &spec, &series)
            }
            "distance" => {
                let minima = self.lab.surface().minima().to_vec();
                let mut spec = ChartSpec::new("iteration k", "distance to nearest minimum");
                spec.legend = !self.landscape_shown;
                spec.x_axis = x_axis;
                spec.y_axis = Axis::Log(None);
                if minima.is_empty() {
                    spec.empty_message = "this landscape has no minimum (it is unbounded below)".into();
                    return self.chart(canvas, &spec, &[]);
                }
                let series = self.series(|_, t, n| {
                    t.points[..n]
                        .iter()
                        .enumerate()
                        .map(|(k, p)| {
                            let d = minima.iter().map(|m| (p[0] - m[0]).hypot(p[1] - m[1])).fold(f64::INFINITY, f64::min);
                            (k as f64, d)
                        })
                        .collect()
                });
                self.chart(canvas, &spec, &series)
            }
            "lr" => {
                let mut spec = ChartSpec::new("iteration k", "learning rate α_k");
                spec.x_axis = x_axis;
                spec.empty_message = "no schedule: every α is constant".into();
                let scheduled: Vec<usize> = (0..self.lab.state.racers.len())
                    .filter(|&i| !matches!(self.lab.state.racers[i].schedule, crate::optim::Schedule::Constant))
                    .collect();
                let series: Vec<Series> = self
                    .series(|_, t, n| t.lr[..n.saturating_sub(1).min(t.lr.len())].iter().enumerate().map(|(k, v)| (k as f64, *v)).collect())
                    .into_iter()
                    .enumerate()
                    .filter(|(i, _)| scheduled.contains(i))
                    .map(|(_, s)| s)
                    .collect();
                self.chart(canvas, &spec, &series)
            }
            "stream" => {
                let mut spec = ChartSpec::new("step k (gradient +0.1 ×10, then −1)", "parameter θ_k");
                spec.empty_message = "second-order methods need a Hessian: not applicable".into();
                let series: Vec<Series> = self
                    .lab
                    .streams
                    .iter()
                    .enumerate()
                    .filter_map(|(i, s)| {
                        s.as_ref().map(|v| Series::line(self.lab.racer_label(i), series_color(i), v.iter().enumerate().map(|(k, y)| (k as f64, *y)).collect()))
                    })
                    .collect();
                // Symmetric log: Rprop's θ ≈ −1,100 and SGD's 0…0.1 wiggle both stay readable.
                spec.y_axis = Axis::SymLog(0.01, None);
                spec.h_markers.push((0.0, "θ₀".into()));
                self.chart(canvas, &spec, &series)
            }
            other => Err(format!("the optimizer lab has no view “{other}”")),
        }
    }
}
