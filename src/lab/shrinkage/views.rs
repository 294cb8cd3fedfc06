//! The shrinkage lab's views: which there are, the plot data of each (filters, data and fits,
//! error curves, spectrum, precision) and how it is drawn (`render::shrinkage`); `export.rs`
//! gives each one's numbers as a table.

use plotters::coord::Shift;
use plotters::prelude::{DrawingArea, DrawingBackend, RGBColor};

use super::widget::Cache;
use super::work::{GdJob, PRESERVE_TOL};
use super::ShrinkageLab;
use crate::lab::error::{LabError, LabResult};
use crate::lab::input::echo;
use crate::lab::widget::ViewSpec;
use crate::render::shrinkage::{self as draw, num, DataPlot, ErrorPanel, FilterPlot, PrecisionPlot, GD_COLOR, LS_COLOR, PCA_COLOR, RIDGE_COLOR};
use crate::render::chart::ChartFrame;
use crate::render::figure::{draw_figure, Figure};
use crate::render::theme::Theme;
use crate::shrinkage::{gd_filter, pca_filter, ridge_filter, ErrorCurve};

impl ShrinkageLab {
    /// The views, in page order.
    pub(super) fn view_specs(&self) -> Vec<ViewSpec> {
        vec![
            ViewSpec {
                id: "filters",
                title: "Filter factors φ(s): every method is a filter on the singular values".into(),
                caption: "Every estimator is w = V diag(φ(s)/s) Uᵀy; only φ differs. Dots: the singular values of X. \
                          Ridge fades out below √λ, PCA cuts at κ, GD (q steps of size α) passes s ≳ 1/√(αq)."
                    .into(),
                aspect: 0.42,
                narrow_aspect: None,
                wide: true,
            },
            ViewSpec {
                id: "data",
                title: "Data and fitted curves".into(),
                caption: "Dark dots train the model, ringed orange dots test it. Drag a point to move it, shift+click to add one \
                          (keep the button down to drag it into place; the axes rescale when you let go), double-click to \
                          remove one: every fit follows."
                    .into(),
                aspect: 0.42,
                narrow_aspect: None,
                wide: true,
            },
            ViewSpec {
                id: "errors",
                title: "Training and test error vs λ, κ and q".into(),
                caption: "Solid: training error, dashed: test error; the vertical line is the current value. Less shrinkage always \
                          lowers the training error, the test error is lowest in between (bias–variance)."
                    .into(),
                aspect: 0.3,
                // On a phone the three panels stack, one above the other.
                narrow_aspect: Some(1.8),
                wide: true,
            },
            ViewSpec {
                id: "spectrum",
                title: "Singular values of X".into(),
                caption: "sᵢ on a log scale: a wide spread means an ill-conditioned X. PCA keeps the values above the κ line.".into(),
                aspect: 0.75,
                narrow_aspect: None,
                wide: false,
            },
            ViewSpec {
                id: "precision",
                title: "float32 vs float64 gradient descent".into(),
                caption: "The same q steps of w ← w − αXᵀ(Xw − y) run in float64 and float32; each mark is the filter \
                          φᵢ = sᵢ·vᵢᵀw / uᵢᵀy the iterate achieved: a dot where it is within 0.1 of the exact filter (recovered), \
                          a cross where not, a caret on the edge for values beyond the axis. float32 rounds every step at \
                          ~10⁻⁷ relative, which swamps the directions whose contribution is below it: precision bounds how many \
                          small-s directions GD can recover."
                    .into(),
                aspect: 0.75,
                narrow_aspect: None,
                wide: false,
            },
        ]
    }

    pub(super) fn s_range(&self) -> (f64, f64) {
        let Some(c) = &self.cache else { return (1e-3, 10.0) };
        let svd = &c.problem.svd;
        let hi = svd.s_max().max(f64::MIN_POSITIVE);
        let lo = svd.s.iter().copied().filter(|&s| s > svd.tolerance()).fold(hi, f64::min);
        let mut lo = lo.min(self.state.kappa).min(self.state.lambda.sqrt());
        lo = lo.max(hi * 1e-12);
        (lo / 3.0, hi * 3.0)
    }

    pub(super) fn s_grid(&self) -> Vec<f64> {
        let (lo, hi) = self.s_range();
        crate::shrinkage::log_grid(lo, hi, 300)
    }

    pub(super) fn filter_plot(&self) -> FilterPlot {
        let st = &self.state;
        let grid = self.s_grid();
        let alpha = self.alpha();
        let q = st.q as f64;
        let mut curves = Vec::new();
        let curve = |f: &dyn Fn(f64) -> f64| grid.iter().map(|&s| (s, f(s))).collect::<Vec<_>>();
        if st.show.ls {
            curves.push(("least squares φ = 1".to_string(), LS_COLOR, curve(&|_| 1.0), true));
        }
        if st.show.ridge {
            curves.push((format!("ridge s²/(s²+λ), λ = {}", num(st.lambda)), RIDGE_COLOR, curve(&|s| ridge_filter(s, st.lambda)), false));
        }
        if st.show.pca {
            // A step drawn with a vertical edge at κ.
            let mut pts: Vec<(f64, f64)> = grid.iter().filter(|&&s| s < st.kappa).map(|&s| (s, 0.0)).collect();
            pts.push((st.kappa, 0.0));
            pts.push((st.kappa, 1.0));
            pts.extend(grid.iter().filter(|&&s| s >= st.kappa).map(|&s| (s, 1.0)));
            curves.push((format!("PCA mask [s ≥ κ], κ = {}", num(st.kappa)), PCA_COLOR, pts, false));
        }
        if st.show.gd {
            curves.push((format!("GD 1−(1−αs²)^q, q = {}", st.q), GD_COLOR, curve(&|s| gd_filter(s, alpha, q)), false));
        }
        let mut markers = Vec::new();
        if st.show.ridge {
            markers.push((st.lambda.sqrt(), "√λ".to_string()));
        }
        if st.show.pca {
            markers.push((st.kappa, "κ".to_string()));
        }
        if st.show.gd {
            markers.push((1.0 / (alpha * q).sqrt(), "1/√(αq)".to_string()));
        }
        let warning = (st.show.gd && st.alpha > 2.0).then(|| {
            format!("α > 2/s_max²: |1 − αs²| > 1 for s > √(2/α) = {}, GD diverges there", num((2.0 / alpha).sqrt()))
        });
        FilterPlot {
            s: self.cache.as_ref().map(|c| c.problem.svd.s.clone()).unwrap_or_default(),
            curves,
            markers,
            s_range: self.s_range(),
            warning,
        }
    }

    pub(super) fn fitted(&self, c: &Cache, filter: &dyn Fn(f64) -> f64) -> Vec<(f64, f64)> {
        let w = c.problem.svd.solve_filtered(filter);
        let gf = &c.grid_features;
        let mut out = Vec::with_capacity(c.grid.len());
        for (i, &x) in c.grid.iter().enumerate() {
            let mut y = 0.0;
            for (j, wj) in w.iter().enumerate() {
                y += gf[(i, j)] * wj;
            }
            out.push((x, y));
        }
        out
    }

    pub(super) fn y_range(&self, c: &Cache) -> (f64, f64) {
        if let Some(r) = self.frozen_y {
            return r;
        }
        let lo = c.data.y.iter().copied().fold(f64::INFINITY, f64::min);
        let hi = c.data.y.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        let (lo, hi) = if lo.is_finite() && hi.is_finite() { (lo.min(-1.0), hi.max(1.0)) } else { (-1.0, 1.0) };
        let pad = 0.25 * (hi - lo);
        // Snapped outwards to multiples of ½ so that small edits do not rescale the view.
        (((lo - pad) * 2.0).floor() / 2.0, ((hi + pad) * 2.0).ceil() / 2.0)
    }

    pub(super) fn data_plot(&self) -> DataPlot {
        let Some(c) = &self.cache else { return DataPlot::default() };
        let st = &self.state;
        let alpha = self.alpha();
        let mut fits = Vec::new();
        if st.show.ls {
            fits.push(("least squares (min-norm)".to_string(), LS_COLOR, self.fitted(c, &|_| 1.0)));
        }
        if st.show.ridge {
            fits.push((format!("ridge λ = {}", num(st.lambda)), RIDGE_COLOR, self.fitted(c, &|s| ridge_filter(s, st.lambda))));
        }
        if st.show.pca {
            fits.push((format!("PCA κ = {}", num(st.kappa)), PCA_COLOR, self.fitted(c, &|s| pca_filter(s, st.kappa))));
        }
        if st.show.gd {
            let q = st.q as f64;
            fits.push((format!("GD q = {}", st.q), GD_COLOR, self.fitted(c, &|s| gd_filter(s, alpha, q))));
        }
        let mut train = Vec::new();
        let mut test = Vec::new();
        for ((&x, &y), &t) in c.data.x.iter().zip(&c.data.y).zip(&c.data.is_test) {
            if t {
                test.push((x, y));
            } else {
                train.push((x, y));
            }
        }
        let f = st.data.truth().ok();
        let truth = f.filter(|_| !st.custom_data()).map(|f| c.grid.iter().map(|&x| (x, f.eval(x))).collect());
        let active = self.drag.and_then(|i| st.points.get(i)).map(|p| (p[0], p[1]));
        DataPlot {
            train,
            test,
            truth,
            fits,
            x_range: (c.grid[0], c.grid[c.grid.len() - 1]),
            y_range: self.y_range(c),
            active,
            hint: "drag a point · shift+click adds · double-click removes".into(),
        }
    }

    pub(super) fn error_panels(&self) -> Vec<ErrorPanel> {
        let Some(c) = &self.cache else { return Vec::new() };
        let st = &self.state;
        let has_test = c.data.is_test.iter().any(|&t| t);
        let panel = |label: &str, e: &ErrorCurve, skip_first: bool, current: f64, cl: &str, color: RGBColor| {
            let k = usize::from(skip_first);
            ErrorPanel {
                x_label: label.to_string(),
                param: e.param[k.min(e.param.len())..].to_vec(),
                train: e.train[k.min(e.train.len())..].to_vec(),
                test: if has_test { e.test[k.min(e.test.len())..].to_vec() } else { Vec::new() },
                current,
                current_label: cl.to_string(),
                color,
            }
        };
        let mut out = vec![
            panel("ridge λ (log)", &c.ridge_curve, false, st.lambda, "λ", RIDGE_COLOR),
            // The PCA sweep starts with κ = ∞ (no component kept), which a log axis cannot show.
            panel("PCA cut-off κ (log)", &c.pca_curve, true, st.kappa, "κ", PCA_COLOR),
        ];
        if let Some((_, e)) = &c.gd_curve {
            out.push(panel("GD iterations q (log)", e, false, st.q as f64, "q", GD_COLOR));
        }
        out
    }

    pub(super) fn spectrum_markers(&self) -> Vec<(f64, String)> {
        let st = &self.state;
        let mut m = vec![(st.kappa, format!("κ = {}", num(st.kappa)))];
        if st.show.ridge {
            m.push((st.lambda.sqrt(), format!("√λ = {}", num(st.lambda.sqrt()))));
        }
        m
    }

    pub(super) fn precision_plot(&self) -> PrecisionPlot {
        let alpha = self.alpha();
        let q = self.state.q as f64;
        let grid = self.s_grid();
        let (a64, a32) = match &self.gd {
            Some(GdJob { result: Some(r), .. }) => (r.achieved64.clone(), r.achieved32.clone()),
            _ => (Vec::new(), Vec::new()),
        };
        PrecisionPlot {
            s: self.cache.as_ref().map(|c| c.problem.svd.s.clone()).unwrap_or_default(),
            exact: grid.iter().map(|&s| (s, gd_filter(s, alpha, q))).collect(),
            achieved64: a64,
            achieved32: a32,
            exact_at_s: self
                .cache
                .as_ref()
                .map(|c| c.problem.svd.s.iter().map(|&s| gd_filter(s, alpha, q)).collect())
                .unwrap_or_default(),
            tol: PRESERVE_TOL,
            s_range: self.s_range(),
            lines: self.precision_lines(),
        }
    }

    /// View `view` as a figure (plain data: axes, series, marks, notes), `None` for an unknown view.
    pub fn figure(&self, view: &str) -> Option<Figure<'_>> {
        Some(match view {
            "filters" => draw::filters_figure(&self.filter_plot()),
            "data" => draw::data_figure(&self.data_plot()),
            "errors" => draw::errors_figure(&self.error_panels()),
            "spectrum" => {
                let (s, tol) = self.cache.as_ref().map(|c| (c.problem.svd.s.clone(), c.problem.svd.tolerance())).unwrap_or_default();
                draw::spectrum_figure(&s, &self.spectrum_markers(), tol)
            }
            "precision" => draw::precision_figure(&self.precision_plot()),
            _ => return None,
        })
    }

    /// Draws view `view` on `area` (device pixels, `theme` carries the pixel ratio) and returns
    /// each panel's frame.
    pub fn draw_on<DB: DrawingBackend>(&self, view: &str, area: &DrawingArea<DB, Shift>, theme: &Theme) -> LabResult<Vec<ChartFrame>> {
        let figure = self.figure(view).ok_or_else(|| LabError::unknown(format!("the shrinkage lab has no view called “{}”", echo(view))))?;
        draw_figure(area, theme, &figure).map_err(LabError::drawing)
    }

    /// The singular values of X (descending; empty before the first decomposition).
    pub fn singular_values(&self) -> &[f64] {
        self.cache.as_ref().map(|c| &c.problem.svd.s[..]).unwrap_or(&[])
    }
}
