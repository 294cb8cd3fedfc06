//! What each view of the surface experiment shows, as figures (plain data): the 2-D slice as a
//! heatmap with contours (the optimizer lab's) and the projected trajectory, plain and skips side
//! by side on one colour scale, the
//! 1-D interpolation w₀ → w*, and the training loss.

use plotters::style::{RGBColor, WHITE};

use crate::lab::widget::ViewSpec;
use crate::render::chart::{short, Axis, ChartSpec, Series};
use crate::render::figure::{Figure, Mark, Panel, Shape};
use crate::render::grid::{GridMap, GridPanel};
use crate::render::plane::Plane;
use crate::render::theme::{series_color, INK};

use super::study::{Net, Stage, Study};
use super::widget::SurfaceLab;

/// The views, in page order.
pub fn view_specs() -> Vec<ViewSpec> {
    let spec = |id: &'static str, title: &str, caption: &str, aspect: f64| ViewSpec { id, title: title.into(), caption: caption.into(), aspect, narrow_aspect: None, wide: false };
    vec![
        spec(
            "slice",
            "Loss surface through the trained weights",
            "L(w* + a·d₁ + b·d₂) over (a, b) ∈ [−r, r]² as a heatmap with contours, dark (low) to light (high), on a log scale when the losses span decades (the colour bar's ticks); the training trajectory w₀ … w* projected on the plane, from w₀ (ringed dot) to w* at (0, 0) (ringed dot). Notice how round or how tangled the contours around w* are: the shape of the basin the optimizer ended in.",
            0.8,
        ),
        ViewSpec {
            id: "slice_compare",
            title: "Plain network vs the same network with skips".into(),
            caption: "The same slice for the network without and with skip connections, trained from the same w₀ by the same optimizer, on one colour scale (the same colours and contour levels). Li et al. (2018): deep plain networks get chaotic surfaces, skip connections keep them smooth and bowl-like — lecture 002's “some networks are better”.".into(),
            aspect: 0.45,
            narrow_aspect: Some(1.7),
            wide: true,
        },
        spec(
            "interpolation",
            "Loss along the segment w₀ → w*",
            "L((1 − t)·w₀ + t·w*) for t from −0.5 to 1.5 (log axis), computed in f64: t = 0 is the initial weights, t = 1 the trained ones. Goodfellow et al. (2015): for typical networks the loss falls steadily from w₀ to w* — no wall to climb on the straight path.",
            0.62,
        ),
        spec("surface_loss", "Training loss", "The full-batch training loss L(w_k) over the steps k (log axis); the surface is computed around the last weights w*.", 0.62),
    ]
}

/// The trajectory's colour: vermillion reads on the heatmap's dark blue and its light yellow.
const PATH: RGBColor = RGBColor(213, 94, 0);

/// The slice of `net` as a heatmap panel (`title` above it): the grid of losses, the trajectory
/// w₀ … w* projected on the plane, w₀ and w* as labelled dots and ringed.
fn slice_panel(study: &Study, net: &Net, title: String) -> GridPanel {
    let s = &study.state;
    let r = s.radius;
    let inside = |p: &(f64, f64)| p.0.abs() <= r && p.1.abs() <= r;
    let mut series = vec![Series::line(format!("{}: trajectory w₀ … w*", net.label()), PATH, net.path.clone()).width(2.0)];
    let mut marks = Vec::new();
    if let Some(&start) = net.path.first().filter(|p| inside(p)) {
        series.push(Series::line("w₀ (start)", series_color(0), vec![start]).dots());
        marks.push(Mark { at: start, shape: Shape::Ring(8.0), color: INK, width: 1.5 });
    }
    let (lo, hi) = grid_range(&net.grid);
    series.push(Series::line(format!("w*: L = {} (grid {} … {})", short(net.trained_loss), short(lo), short(hi)), series_color(1), vec![(0.0, 0.0)]).dots());
    marks.push(Mark { at: (0.0, 0.0), shape: Shape::Ring(8.0), color: WHITE, width: 1.5 });
    GridPanel { title, values: net.grid.clone(), nx: s.grid, ny: s.grid, x_range: (-r, r), y_range: (-r, r), series, marks }
}

/// The grid view of `panels` on one colour scale.
fn slice_map(panels: Vec<GridPanel>) -> Figure<'static> {
    Figure::plane(Plane::Grid(GridMap { panels, x_desc: "a (along d₁)".into(), y_desc: "b (along d₂)".into(), value_name: "L".into() }))
}

/// Lowest and highest finite loss of a grid.
pub fn grid_range(grid: &[f64]) -> (f64, f64) {
    grid.iter().copied().filter(|v| v.is_finite()).fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| (lo.min(v), hi.max(v)))
}

/// The placeholder while `net` is not sliced yet.
fn waiting(study: &Study, net: &Net) -> Figure<'static> {
    let side2 = study.state.grid * study.state.grid;
    Figure::placeholder(match net.stage {
        Stage::Training => format!("the {} network: step {} of {} — ▶ Play trains it\n(then the surface is computed around the trained weights w*)", net.label(), net.step(), study.state.budget),
        Stage::Plane => format!("choosing the plane ({})…", net.label()),
        Stage::Curve => format!("computing the surface ({})… interpolation {} of {} points", net.label(), net.curve.len(), super::study::CURVE_POINTS),
        Stage::Grid | Stage::Done => format!("computing the surface ({})… {} of {side2} points", net.label(), net.grid.len()),
        Stage::Failed => format!("the {} network stopped: {}", net.label(), net.failure.as_deref().unwrap_or("")),
    })
}

impl SurfaceLab {
    /// View `view` as a figure; `None` for a view this experiment does not have.
    pub(super) fn view_figure(&self, view: &str) -> Option<Figure<'_>> {
        if !view_specs().iter().any(|v| v.id == view) {
            return None;
        }
        let study = match &self.study {
            Ok(s) => s,
            Err(e) => return Some(Figure::placeholder(e.clone())),
        };
        Some(match view {
            "slice" => slice_figure(study),
            "slice_compare" => compare_figure(study),
            "interpolation" => interpolation_figure(study),
            _ => loss_figure(study),
        })
    }
}

/// The network the “slice” view shows: the one with the state's skip setting.
pub fn shown(study: &Study) -> &Net {
    study.nets.iter().find(|n| n.residual == study.state.skips).unwrap_or(&study.nets[0])
}

fn slice_figure(study: &Study) -> Figure<'static> {
    let net = shown(study);
    if net.stage != Stage::Done {
        return waiting(study, net);
    }
    slice_map(vec![slice_panel(study, net, String::new())])
}

fn compare_figure(study: &Study) -> Figure<'static> {
    if study.nets.len() < 2 {
        return Figure::placeholder("turn on “compare plain and skips” to train the network\nwith and without skip connections from the same w₀");
    }
    if let Some(net) = study.nets.iter().find(|n| n.stage != Stage::Done) {
        return waiting(study, net);
    }
    slice_map(study.nets.iter().map(|n| slice_panel(study, n, if n.residual { "network with skips" } else { "plain network" }.into())).collect())
}

fn interpolation_figure(study: &Study) -> Figure<'static> {
    let series: Vec<Series> = study.nets.iter().enumerate().map(|(i, n)| Series::line(format!("{}: L((1 − t)w₀ + t·w*)", n.label()), series_color(i), n.curve.clone())).collect();
    if series.iter().all(|s| s.points.len() < 2) {
        let net = study.nets.iter().find(|n| n.stage != Stage::Done).unwrap_or(&study.nets[0]);
        return waiting(study, net);
    }
    let mut spec = ChartSpec::new("t", "training loss L (log)");
    spec.x_axis = Axis::Linear(Some((super::study::T_MIN, super::study::T_MAX)));
    spec.y_axis = Axis::Log(None);
    spec.v_markers = vec![(0.0, "w₀".into()), (1.0, "w*".into())];
    let mut panel = Panel::new(spec, series);
    for (i, n) in study.nets.iter().enumerate() {
        for t in [0.0, 1.0] {
            if let Some(&(x, y)) = n.curve.iter().find(|p| (p.0 - t).abs() < 1e-12) {
                panel.marks.push(Mark { at: (x, y), shape: if t == 0.0 { Shape::Ring(5.0) } else { Shape::Cross(5.0) }, color: series_color(i), width: 2.0 });
            }
        }
    }
    Figure::panels(vec![panel])
}

fn loss_figure(study: &Study) -> Figure<'static> {
    let series: Vec<Series> = study.nets.iter().enumerate().map(|(i, n)| Series::line(format!("{}", n.label()), series_color(i), n.losses.clone())).collect();
    if series.iter().all(|s| s.points.is_empty()) {
        return Figure::placeholder("press ▶ Play to train\n(the loss appears here)");
    }
    let mut spec = ChartSpec::new("step k", "training loss L(w_k) (log)");
    spec.y_axis = Axis::Log(None);
    spec.x_axis = Axis::Linear(Some((0.0, study.state.budget as f64)));
    Figure::chart(spec, series)
}
