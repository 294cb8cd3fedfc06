//! Applying one setting typed into a control ([`crate::lab::widget::Widget::set`]).
//!
//! [`APPLY`] pairs each setting's declaration (`settings.rs`) with what a new value does: a
//! generator setting regenerates the data, a feature setting rebuilds the design matrix, a
//! spectral setting (λ, κ, q, α) only re-evaluates filters, a show flag only redraws. A refused
//! value changes nothing, the preset marker included.

use super::presets::preset;
use super::settings::{self as s, *};
use super::state::{Methods, ShrinkageLabState, URL_POINTS_MAX};
use super::widget::ShrinkageLab;
use crate::lab::error::{LabError, LabResult};
use crate::lab::input::echo;
use crate::lab::setting::Setting;
use crate::shrinkage::{parse_csv, DataConfig, FeatureMap, N_MAX};

/// What a new value of a setting does, given the text typed.
type Apply = fn(&mut ShrinkageLab, &str) -> LabResult<()>;

/// Every setting with what applying it does (a table: one entry per setting).
const APPLY: &[(Setting, Apply)] = &[
    (N, |lab, v| lab.regenerate(N.whole_value(v)? as usize, |d, n| d.n = n)),
    (P, |lab, v| lab.refeature(P.whole_value(v)? as usize, |d, p| d.p = p)),
    (FEATURE_MAP, |lab, v| lab.refeature(s::feature_map(v)?, set_feature_map)),
    (RBF_WIDTH, |lab, v| lab.refeature(number(&RBF_WIDTH, v)?, |d, w| d.rbf_width = w)),
    (FOURIER_SCALE, |lab, v| lab.refeature(number(&FOURIER_SCALE, v)?, |d, f| d.fourier_scale = f)),
    (NOISE, |lab, v| lab.regenerate(NOISE.real_value(v)?, |d, x| d.noise = x)),
    (SEED, |lab, v| lab.regenerate(SEED.whole_value(v)?, |d, x| d.seed = x)),
    (TEST_FRACTION, |lab, v| lab.regenerate(number(&TEST_FRACTION, v)?, |d, x| d.test_fraction = x)),
    (TARGET, |lab, v| lab.regenerate(s::target(v)?, |d, t| d.target = t)),
    (FORMULA, |lab, v| lab.regenerate(FORMULA.text_value(v)?.to_string(), |d, f| d.formula = f)),
    (LAMBDA, |lab, v| lab.tune(s::lambda(number(&LAMBDA, v)?)?, |st, x| st.lambda = x)),
    (KAPPA, |lab, v| lab.tune(s::kappa(number(&KAPPA, v)?)?, |st, x| st.kappa = x)),
    (Q, |lab, v| lab.tune(s::iterations(number(&Q, v)?)?, |st, x| st.q = x)),
    (ALPHA, |lab, v| lab.tune(s::alpha(number(&ALPHA, v)?)?, |st, x| st.alpha = x)),
    (GRAM, |lab, v| lab.tune(flag(v)?, |st, b| st.gram = b)),
    (SHOW_LS, |lab, v| lab.show(flag(v)?, |m, b| m.ls = b)),
    (SHOW_RIDGE, |lab, v| lab.show(flag(v)?, |m, b| m.ridge = b)),
    (SHOW_PCA, |lab, v| lab.show(flag(v)?, |m, b| m.pca = b)),
    (SHOW_GD, |lab, v| lab.show(flag(v)?, |m, b| m.gd = b)),
];

/// A feature map other than polynomials needs at least one feature.
fn set_feature_map(d: &mut DataConfig, m: FeatureMap) {
    d.feature_map = m;
    if d.p == 0 && m != FeatureMap::Polynomial {
        d.p = 1;
    }
}

impl ShrinkageLab {
    /// Applies `value` to setting `key` (or picks a preset, or loads a CSV file of points).
    pub(super) fn apply(&mut self, key: &str, value: &str) -> LabResult<()> {
        let value = value.trim();
        let result = match key {
            "preset" => return self.load_preset(value),
            "csv" => return self.load_csv(value),
            _ => match APPLY.iter().find(|(setting, _)| setting.key == key) {
                Some((_, apply)) => apply(self, value),
                None => Err(LabError::unknown(format!("the shrinkage lab has no setting called “{}”", echo(key)))),
            },
        };
        // An accepted setting makes the state custom (a preset or a loaded file sets its own
        // marker); a refused one changes nothing, the preset marker included.
        if result.is_ok() {
            self.state.preset.clear();
        }
        result
    }

    /// Starts from preset `id` ("" only clears the marker).
    fn load_preset(&mut self, id: &str) -> LabResult<()> {
        if id.is_empty() {
            self.state.preset.clear();
            return Ok(());
        }
        let s = preset(id).ok_or_else(|| LabError::unknown(format!("there is no preset called “{}”", echo(id))))?;
        self.change(true, |st| {
            *st = s;
            Ok(())
        })
    }

    /// The student's own points from a CSV file (x,y per row).
    fn load_csv(&mut self, text: &str) -> LabResult<()> {
        let pts = parse_csv(text)?;
        if pts.len() > N_MAX {
            return Err(LabError::refused(format!("the file has {} points; the lab takes at most {N_MAX}", pts.len())));
        }
        self.change(true, |s| {
            s.preset.clear();
            s.set_points(pts.iter().map(|p| [p.0, p.1]).collect());
            s.data.n = s.points.len();
            Ok(())
        })?;
        let n = self.state.points.len();
        if n > URL_POINTS_MAX {
            self.notices.push(format!("Loaded {n} points. Links hold at most {URL_POINTS_MAX} points, so a link to this page will show generated data instead."));
        }
        Ok(())
    }

    /// Applies a change to a copy of the state; keeps it only if the data still build.
    pub(super) fn change(&mut self, data_changed: bool, f: impl FnOnce(&mut ShrinkageLabState) -> LabResult<()>) -> LabResult<()> {
        let old = self.state.clone();
        if let Err(e) = f(&mut self.state) {
            self.state = old;
            return Err(e);
        }
        if data_changed {
            if let Err(e) = self.rebuild() {
                self.state = old;
                // The old state built before; rebuilding it restores the caches.
                let _ = self.rebuild();
                return Err(e);
            }
        }
        self.refresh_gd_curve();
        self.sync_gd();
        Ok(())
    }

    /// A spectral setting (λ, κ, q, α, the gradient form): the data stay.
    fn tune<T>(&mut self, v: T, put: fn(&mut ShrinkageLabState, T)) -> LabResult<()> {
        self.change(false, |s| {
            put(s, v);
            Ok(())
        })
    }

    /// What is drawn: nothing to recompute.
    fn show(&mut self, on: bool, put: fn(&mut Methods, bool)) -> LabResult<()> {
        put(&mut self.state.show, on);
        Ok(())
    }

    /// A feature setting: the same points, a new design matrix.
    fn refeature<T>(&mut self, v: T, put: fn(&mut DataConfig, T)) -> LabResult<()> {
        self.change(true, |s| {
            put(&mut s.data, v);
            Ok(s.data.validate()?)
        })
    }

    /// A generator setting changed: the student's own points (if any) give way to generated data.
    pub(super) fn regenerate<T>(&mut self, v: T, put: fn(&mut DataConfig, T)) -> LabResult<()> {
        let had_points = self.state.custom_data();
        self.change(true, |s| {
            put(&mut s.data, v);
            s.data.validate()?;
            s.points.clear();
            s.test_points.clear();
            Ok(())
        })?;
        if had_points {
            self.notices.push("Your own points were replaced by freshly generated data (N, noise, seed, target and test fraction describe generated data).".into());
        }
        Ok(())
    }
}
