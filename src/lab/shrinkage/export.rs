//! Each view's numbers as a table (the CSV export: exactly the points the view plots, with a
//! header naming the columns) and as an SVG document.

use super::ShrinkageLab;
use crate::lab::export::Table;

impl ShrinkageLab {
    /// The numbers view `view` shows, one row per plotted point; `None` for an unknown view.
    pub fn table(&self, view: &str) -> Option<Table> {
        Some(match view {
            "filters" => self.filters_table(),
            "data" => self.data_table(),
            "errors" => self.errors_table(),
            "spectrum" => self.spectrum_table(),
            "precision" => self.precision_table(),
            _ => return None,
        })
    }

    /// A dot per singular value, then every filter curve drawn.
    fn filters_table(&self) -> Table {
        let p = self.filter_plot();
        let mut t = Table::new(["curve", "singular value s", "filter factor φ(s)"]);
        for &s in &p.s {
            t.push(vec!["singular value of X (dot at φ = 0)".into(), s.into(), 0.0.into()]);
        }
        for (label, _, pts, _) in &p.curves {
            let label: std::rc::Rc<str> = label.as_str().into();
            for &(s, f) in pts {
                t.push(vec![(&label).into(), s.into(), f.into()]);
            }
        }
        t
    }

    /// The training and test points, the true function and every fitted curve.
    fn data_table(&self) -> Table {
        let p = self.data_plot();
        let mut t = Table::new(["what", "input x", "target y"]);
        let mut rows = |label: &str, pts: &[(f64, f64)]| {
            let label: std::rc::Rc<str> = label.into();
            for &(x, y) in pts {
                t.push(vec![(&label).into(), x.into(), y.into()]);
            }
        };
        rows("training point", &p.train);
        rows("test point", &p.test);
        if let Some(truth) = &p.truth {
            rows("true function f", truth);
        }
        for (label, _, pts) in &p.fits {
            rows(label, pts);
        }
        t
    }

    /// Training and test error at each swept value of λ, κ and q.
    fn errors_table(&self) -> Table {
        let mut t = Table::new(["swept parameter", "value", "training MSE", "test MSE"]);
        for panel in self.error_panels() {
            let label: std::rc::Rc<str> = panel.x_label.as_str().into();
            for (i, &v) in panel.param.iter().enumerate() {
                let test = panel.test.get(i).copied().unwrap_or(f64::NAN);
                t.push(vec![(&label).into(), v.into(), panel.train[i].into(), test.into()]);
            }
        }
        t
    }

    /// The singular values in order.
    fn spectrum_table(&self) -> Table {
        let mut t = Table::new(["index i", "singular value sᵢ"]);
        for (i, s) in self.singular_values().iter().enumerate() {
            t.push(vec![((i + 1) as f64).into(), (*s).into()]);
        }
        t
    }

    /// Per singular value: the exact GD filter and what the f64 and f32 runs achieved.
    fn precision_table(&self) -> Table {
        let p = self.precision_plot();
        let mut t = Table::new(["singular value s", "exact GD filter 1−(1−αs²)^q", "achieved in f64", "achieved in f32"]);
        for (i, &s) in p.s.iter().enumerate() {
            let at = |v: &[f64]| v.get(i).copied().unwrap_or(f64::NAN);
            t.push(vec![s.into(), at(&p.exact_at_s).into(), at(&p.achieved64).into(), at(&p.achieved32).into()]);
        }
        t
    }
}

#[cfg(test)]
mod tests {
    use crate::lab::export::Cell;
    use crate::lab::shrinkage::ShrinkageLab;
    use crate::lab::widget::Widget;

    fn num(c: &Cell) -> f64 {
        c.as_num()
    }

    #[test]
    fn every_views_table_holds_the_labs_own_numbers_and_every_view_renders_as_svg() {
        let mut lab = ShrinkageLab::open("");
        lab.run_to_completion();
        let s = lab.singular_values().to_vec();
        assert!(s.len() > 3);
        // Spectrum: the singular values of X, in order.
        let t = lab.table("spectrum").unwrap();
        assert_eq!(t.rows.iter().map(|r| num(&r[1])).collect::<Vec<_>>(), s);
        // Filters: a dot per singular value, then the curves the chart draws.
        let f = lab.table("filters").unwrap();
        assert_eq!(f.rows.iter().take(s.len()).map(|r| num(&r[1])).collect::<Vec<_>>(), s);
        let plot = lab.filter_plot();
        assert_eq!(f.rows.len(), s.len() + plot.curves.iter().map(|c| c.2.len()).sum::<usize>());
        // Data: every training and test point, with the dataset's own coordinates.
        let d = lab.table("data").unwrap();
        let data = lab.dataset().unwrap();
        let train = d.rows.iter().filter(|r| r[0] == Cell::Text("training point".into())).count();
        let test = d.rows.iter().filter(|r| r[0] == Cell::Text("test point".into())).count();
        assert_eq!(train + test, data.x.len());
        assert!(d.rows.iter().any(|r| num(&r[1]) == data.x[0] && num(&r[2]) == data.y[0]));
        // Errors: one row per swept value of each panel.
        let e = lab.table("errors").unwrap();
        assert_eq!(e.rows.len(), lab.error_panels().iter().map(|p| p.param.len()).sum::<usize>());
        // Precision: one row per singular value, the exact filter matching the plot's.
        let p = lab.table("precision").unwrap();
        assert_eq!(p.rows.len(), s.len());
        assert_eq!(num(&p.rows[0][1]), lab.precision_plot().exact_at_s[0]);
        for v in lab.views() {
            let t = lab.table(v.id).unwrap_or_else(|| panic!("no table for {}", v.id));
            assert!(!t.rows.is_empty(), "{} is empty", v.id);
            let svg = crate::lab::export::svg_view(&lab, v.id, 800, 400).unwrap();
            assert!(svg.len() > 1000 && svg.starts_with("<svg"), "{}: {} bytes", v.id, svg.len());
        }
        assert!(lab.table("nope").is_none());
        assert!(lab.table("filters").unwrap().to_csv().starts_with("curve,singular value s,filter factor φ(s)\n"));
    }
}
