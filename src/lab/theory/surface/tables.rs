//! Each view's numbers as a table for CSV export. The slices: every grid point (a, b, 𝓛) the
//! heatmap is shaded from, and the trajectory's projected checkpoints with their step and loss;
//! the curves: exactly the points each plots.

use crate::lab::export::{Cell, Table};

use super::study::{coord, Net, Stage};
use super::views::shown;
use super::widget::SurfaceLab;

/// The table of view `view` (`None` for a view the experiment does not have).
pub fn table_of(lab: &SurfaceLab, view: &str) -> Option<Table> {
    let study = lab.study.as_ref().ok();
    match view {
        "slice" | "slice_compare" => {
            let mut t = Table::new(["network", "point", "a", "b", "loss"]);
            let Some(study) = study else { return Some(t) };
            let nets: Vec<&Net> = if view == "slice" { vec![shown(study)] } else if study.nets.len() > 1 { study.nets.iter().collect() } else { vec![] };
            for n in nets.into_iter().filter(|n| n.stage == Stage::Done) {
                let side = study.state.grid;
                for (k, &v) in n.grid.iter().enumerate() {
                    t.push(vec![Cell::from(n.label()), Cell::from("grid"), Cell::Num(coord(&study.state, k % side)), Cell::Num(coord(&study.state, k / side)), Cell::Num(v)]);
                }
                for (&(a, b), &k) in n.path.iter().zip(&n.checkpoint_steps) {
                    let loss = n.losses.iter().find(|p| p.0 == k as f64).map_or(f64::NAN, |p| p.1);
                    t.push(vec![Cell::from(n.label()), Cell::from(format!("trajectory w_k, k = {k}").as_str()), Cell::Num(a), Cell::Num(b), Cell::Num(loss)]);
                }
            }
            Some(t)
        }
        "interpolation" | "surface_loss" => {
            let fig = lab.view_figure(view)?;
            Some(match fig.panels.as_slice() {
                [panel] => Table::of_series("curve", &panel.spec.x_label, &panel.spec.y_label, &panel.series),
                _ => Table::new(["curve", "x", "y"]),
            })
        }
        _ => None,
    }
}
