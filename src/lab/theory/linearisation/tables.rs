//! Each view's numbers as a table for CSV export: exactly the points its figure plots, one row
//! per point, labelled by its curve (and by its panel's axes when a view has two panels).

use crate::lab::export::{Cell, Table};

use super::widget::LinearisationLab;

/// The table of view `view` (`None` for a view the lab does not have).
pub fn table_of(lab: &LinearisationLab, view: &str) -> Option<Table> {
    let fig = lab.figure_for_table(view)?;
    if let [panel] = fig.panels.as_slice() {
        return Some(Table::of_series("curve", &panel.spec.x_label, &panel.spec.y_label, &panel.series));
    }
    let mut t = Table::new(["panel (x; y)", "curve", "x", "y"]);
    for panel in &fig.panels {
        let axes = format!("{}; {}", panel.spec.x_label, panel.spec.y_label);
        for s in &panel.series {
            for &(x, y) in &s.points {
                t.push(vec![Cell::from(axes.as_str()), Cell::from(s.label.as_str()), Cell::Num(x), Cell::Num(y)]);
            }
        }
    }
    Some(t)
}

impl LinearisationLab {
    fn figure_for_table(&self, view: &str) -> Option<crate::render::figure::Figure<'_>> {
        self.view_figure(view)
    }
}
