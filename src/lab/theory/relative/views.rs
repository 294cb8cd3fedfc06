//! What each view of the relative-updates experiment shows: the measured relative change of the
//! gradient against the model Π_l(1 + ‖ΔW_l‖/‖W_l‖) − 1, each layer's relative update, each
//! layer's median neuron rotation, and the training loss.

use crate::lab::widget::ViewSpec;
use crate::render::chart::{short, Axis, ChartSpec, Series};
use crate::render::figure::{Figure, Panel};
use crate::render::theme::series_color;

use super::race::{Race, Racer};
use super::stats::{median, ratio};
use super::widget::RelativeLab;

/// The lecture's “½ a degree of rotation per neuron per iteration”.
pub const LECTURE_DEGREES: f64 = 0.5;

/// On a phone the panels of a wide view (one per optimizer card, up to four, each with its legend)
/// stack: about one plot's height each.
const NARROW_STACKED: f64 = 4.2;

fn spec(id: &'static str, title: &str, caption: &str, wide: bool) -> ViewSpec {
    ViewSpec { id, title: title.into(), caption: caption.into(), aspect: if wide { 0.36 } else { 0.62 }, narrow_aspect: wide.then_some(NARROW_STACKED), wide }
}

/// The views, in page order.
pub fn view_specs() -> Vec<ViewSpec> {
    vec![
        spec(
            "rel_scatter",
            "Gradient change: measured vs the model",
            "Each dot is one step: x = the lecture's model Π_l(1 + ‖ΔW_l‖/‖W_l‖) − 1 from the layers' relative updates, y = the measured ‖∇L(W + ΔW) − ∇L(W)‖/‖∇L(W)‖ on the whole training set (log–log). On the line y = x the model is exact; the model sets the scale — small relative updates, small change of the gradient — but it is not a strict bound: dots above the line are steps where the gradient changed more than the model says (the legend gives the median ratio).",
            false,
        ),
        spec(
            "rel_layers",
            "Relative update per layer",
            "‖ΔW_l‖/‖W_l‖ of each layer (weights and biases) at each step, one panel per optimizer, log axis; the dashed line is the card's α. SGD's step α·g is absolute, so its relative size is α‖g_l‖/‖W_l‖ — different for every layer and every step. Madam (per synapse) and Nero (per neuron) make relative updates: α sets their scale in every layer (none exceeds a small multiple of α), and they fall below it when the gradient shrinks against its running RMS.",
            true,
        ),
        spec(
            "rel_angles",
            "Neuron rotation per step",
            "The median over a layer's neurons of the angle between the neuron's weight vector before and after the step (degrees, log axis), one panel per optimizer. Nero turns every neuron by about α radians (α = 0.01: 0.573°, the lecture's “½ a degree of rotation per neuron per iteration”, marked) while its gradient keeps its size; the angle shrinks as the gradient does.",
            true,
        ),
        spec("rel_loss", "Training loss", "The full training loss of each optimizer's network over the steps (log axis): how far each got, at the relative step sizes of the other views.", false),
    ]
}

impl RelativeLab {
    /// View `view` as a figure; `None` for a view this experiment does not have.
    pub(super) fn view_figure(&self, view: &str) -> Option<Figure<'_>> {
        if !view_specs().iter().any(|v| v.id == view) {
            return None;
        }
        let r = match &self.race {
            Ok(r) => r,
            Err(e) => return Some(Figure::placeholder(e.clone())),
        };
        if r.racers.iter().all(|x| x.steps.is_empty()) {
            return Some(Figure::placeholder("press ▶ Play to train\n(every step is measured; dots and curves appear here)"));
        }
        Some(match view {
            "rel_scatter" => scatter_figure(r),
            "rel_layers" => per_card(r, "‖ΔW_l‖/‖W_l‖ (log)", |m, l| m.per_layer[l], |x| vec![(x.lr, format!("α = {}", short(x.lr)))]),
            "rel_angles" => per_card(r, "median neuron angle (°, log)", |m, l| m.neuron_angle_deg[l], |x| {
                // Nero's α in degrees is the lecture's “about ½°” at α = 0.01: one line, not two
                // whose labels would overprint.
                if matches!(x.trainer.config().optimizer, crate::optim::OptimizerConfig::Nero(_)) {
                    vec![(x.lr.to_degrees(), format!("α = {} rad = {}° (lecture 003: ≈ ½°)", short(x.lr), short(x.lr.to_degrees())))]
                } else {
                    vec![(LECTURE_DEGREES, "½° (lecture 003)".to_string())]
                }
            }),
            _ => loss_figure(r),
        })
    }
}

fn scatter_figure(r: &Race) -> Figure<'static> {
    let mut series = Vec::new();
    let (mut lo, mut hi) = (f64::INFINITY, 0.0f64);
    for (i, x) in r.racers.iter().enumerate() {
        let pts: Vec<(f64, f64)> = x.steps.iter().map(|m| (m.model, m.measured)).filter(|p| p.0 > 0.0 && p.1 > 0.0).collect();
        for p in &pts {
            lo = lo.min(p.0).min(p.1);
            hi = hi.max(p.0).max(p.1);
        }
        let med = median(x.steps.iter().map(ratio).collect());
        series.push(Series::line(format!("{} (median measured/model {})", x.label, short(med)), series_color(i), pts).dots());
    }
    if hi > 0.0 {
        series.push(Series::line("y = x (the model)", crate::render::theme::MUTED, vec![(lo, lo), (hi, hi)]).dashed().width(1.5));
    }
    let mut spec = ChartSpec::new("model Π_l(1 + ‖ΔW_l‖/‖W_l‖) − 1 (log)", "measured ‖∇L(W+ΔW) − ∇L(W)‖/‖∇L(W)‖ (log)");
    spec.x_axis = Axis::Log(None);
    spec.y_axis = Axis::Log(None);
    Figure::chart(spec, series)
}

/// One panel per card: `f(step, layer)` over the steps, one curve per layer, a shared y range and
/// the marker lines from `markers`.
fn per_card(r: &Race, y_label: &str, f: impl Fn(&crate::theory::relative::RelativeStep, usize) -> f64, markers: impl Fn(&Racer) -> Vec<(f64, String)>) -> Figure<'static> {
    let (mut lo, mut hi) = (f64::INFINITY, 0.0f64);
    let mut panels = Vec::new();
    for x in &r.racers {
        let layers = x.steps.first().map_or(0, |m| m.per_layer.len());
        let series: Vec<Series> = (0..layers)
            .map(|l| {
                let pts: Vec<(f64, f64)> = x.steps.iter().map(|m| ((m.step + 1) as f64, f(m, l))).filter(|p| p.1 > 0.0 && p.1.is_finite()).collect();
                for p in &pts {
                    lo = lo.min(p.1);
                    hi = hi.max(p.1);
                }
                let name = if l + 1 == layers { format!("layer {} (output)", l + 1) } else { format!("layer {}", l + 1) };
                Series::line(name, series_color(l), pts)
            })
            .collect();
        let mut spec = ChartSpec::new(format!("step — {}", x.label), y_label);
        spec.x_axis = Axis::Log(None);
        for (y, label) in markers(x) {
            lo = lo.min(y);
            hi = hi.max(y);
            spec.h_markers.push((y, label));
        }
        panels.push(Panel::new(spec, series));
    }
    if hi > 0.0 {
        for p in &mut panels {
            p.spec.y_axis = Axis::Log(Some((lo / 1.2, hi * 1.2)));
        }
    }
    Figure::panels(panels)
}

fn loss_figure(r: &Race) -> Figure<'static> {
    let series = r
        .racers
        .iter()
        .enumerate()
        .map(|(i, x)| {
            let h = x.trainer.history();
            Series::line(x.label.clone(), series_color(i), h.step.iter().zip(&h.train_loss).map(|(&s, &l)| (s as f64, l)).collect())
        })
        .collect();
    let mut spec = ChartSpec::new("step", "training loss (log)");
    spec.y_axis = Axis::Log(None);
    Figure::chart(spec, series)
}
