//! Each view's numbers as a table for CSV export: exactly the points its figure plots, one row
//! per point, labelled by its curve (no rows before the first step); a horizontal line (σ², a plateau) is one row with x empty.

use crate::lab::export::{Cell, Table};

use super::widget::SmoothnessLab;

/// The table of view `view` (`None` for a view the experiment does not have).
pub fn table_of(lab: &SmoothnessLab, view: &str) -> Option<Table> {
    let fig = lab.view_figure(view)?;
    let Some(panel) = fig.panels.first() else { return Some(Table::new(["curve", "x", "y"])) };
    let mut t = Table::of_series("curve", &panel.spec.x_label, &panel.spec.y_label, &panel.series);
    for (y, label) in &panel.spec.h_markers {
        t.push(vec![Cell::from(format!("line: {label}").as_str()), Cell::from(""), Cell::Num(*y)]);
    }
    Some(t)
}
