//! Each view's numbers as a table for CSV export: exactly the points its figure plots, one row
//! per point, labelled by its curve (and by its panel's x axis, which names the optimizer, when a
//! view has a panel per optimizer); a horizontal line (α, ½°) is one row with x empty.

use crate::lab::export::{Cell, Table};

use super::widget::RelativeLab;

/// The table of view `view` (`None` for a view the experiment does not have).
pub fn table_of(lab: &RelativeLab, view: &str) -> Option<Table> {
    let fig = lab.view_figure(view)?;
    let mut t = Table::new(["panel (x; y)", "curve", "x", "y"]);
    for panel in &fig.panels {
        let axes = format!("{}; {}", panel.spec.x_label, panel.spec.y_label);
        for s in &panel.series {
            for &(x, y) in &s.points {
                t.push(vec![Cell::from(axes.as_str()), Cell::from(s.label.as_str()), Cell::Num(x), Cell::Num(y)]);
            }
        }
        for (y, label) in &panel.spec.h_markers {
            t.push(vec![Cell::from(axes.as_str()), Cell::from(format!("line: {label}")), Cell::from(""), Cell::Num(*y)]);
        }
    }
    Some(t)
}
