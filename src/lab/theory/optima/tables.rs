//! Each view's numbers as a table for CSV export: exactly what its figure plots — the bins of
//! every size's histogram, and the per-size quantiles and share near the best.

use crate::lab::export::{Cell, Table};

use super::views::{bin_edges, counts, stats};
use super::widget::{size_label, OptimaLab};

/// The table of view `view` (`None` for a view the experiment does not have).
pub fn table_of(lab: &OptimaLab, view: &str) -> Option<Table> {
    let sw = lab.sweep.as_ref().ok();
    match view {
        "optima_hist" => {
            let mut t = Table::new(["size", "parameters P", "loss from", "loss to", "runs"]);
            if let Some((sw, edges)) = sw.and_then(|sw| bin_edges(sw).map(|e| (sw, e))) {
                for r in sw.results().iter().filter(|r| !r.losses.is_empty()) {
                    let label = size_label(&r.hidden);
                    for (j, n) in counts(r, &edges).into_iter().enumerate() {
                        t.push(vec![Cell::from(label.as_str()), Cell::Num(r.params as f64), Cell::Num(edges[j]), Cell::Num(edges[j + 1]), Cell::Num(n as f64)]);
                    }
                }
            }
            Some(t)
        }
        "optima_summary" => {
            let mut t = Table::new(["size", "parameters P", "runs", "diverged", "best run", "10 % quantile", "median", "90 % quantile", "share ≤ 2 × best of all", "best of all"]);
            if let Some(sw) = sw {
                let (st, best) = stats(sw);
                for s in st {
                    t.push(vec![
                        Cell::from(s.label.as_str()),
                        Cell::Num(s.params as f64),
                        Cell::Num(s.runs as f64),
                        Cell::Num(s.diverged as f64),
                        Cell::Num(s.best),
                        Cell::Num(s.q10),
                        Cell::Num(s.median),
                        Cell::Num(s.q90),
                        Cell::Num(s.near),
                        Cell::Num(best),
                    ]);
                }
            }
            Some(t)
        }
        _ => None,
    }
}
