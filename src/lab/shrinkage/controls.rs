//! The lab's controls as the page shows them now ([`crate::lab::widget::Widget::controls`]),
//! built from the settings' declarations (`settings.rs`): presets, data, shrinkage, what is
//! shown and the checks. Buttons and read-outs, which have no value in the link, have keys of
//! their own (`new_seed`, `stability`, …).

use super::presets::PRESETS;
use super::settings::*;
use super::state::{kappa_slider_range, lambda_slider_range};
use super::widget::ShrinkageLab;
use crate::lab::widget::{Control, ControlKind};
use crate::render::shrinkage::{num, GD_COLOR, LS_COLOR, PCA_COLOR, RIDGE_COLOR};
use crate::render::theme::css;
use crate::shrinkage::FeatureMap;
use super::work::PRECISION_WORK_MAX;

const DATA: &str = "Data";
const SHRINK: &str = "Shrinkage: λ, κ, q, α";
const SHOW: &str = "Show";
const CHECKS: &str = "Checks";

impl ShrinkageLab {
    /// Every control, in page order.
    pub(super) fn control_list(&self) -> Vec<Control> {
        let mut c = vec![self.preset_control()];
        c.extend(self.data_controls());
        c.extend(self.shrinkage_controls());
        c.extend(self.show_controls());
        c.extend(self.check_controls());
        c
    }

    /// The preset menu, with the chosen preset's lesson as its help.
    fn preset_control(&self) -> Control {
        let st = &self.state;
        let mut options = vec![(String::new(), "— choose a preset —".to_string())];
        options.extend(PRESETS.iter().map(|p| (p.id.to_string(), p.label.to_string())));
        Control::new("preset", "Preset", "Presets", st.preset.clone(), ControlKind::Select { options })
            .help(PRESETS.iter().find(|p| p.id == st.preset).map(|p| p.blurb).unwrap_or("Lecture figures in one click"))
    }

    /// The data: generator, features (the width or scale of the chosen map only), upload.
    fn data_controls(&self) -> Vec<Control> {
        let st = &self.state;
        let d = &st.data;
        let n = if st.custom_data() { st.points.len() } else { d.n };
        let mut c = vec![N.control(DATA, n.to_string()), FEATURE_MAP.control(DATA, feature_map_name(d.feature_map)), P.control(DATA, d.p.to_string())];
        match d.feature_map {
            FeatureMap::Rbf => c.push(RBF_WIDTH.control(DATA, num(d.rbf_width))),
            FeatureMap::Fourier => c.push(FOURIER_SCALE.control(DATA, num(d.fourier_scale))),
            FeatureMap::Polynomial => {}
        }
        c.extend([
            NOISE.control(DATA, num(d.noise)),
            SEED.control(DATA, d.seed.to_string()),
            Control::button("new_seed", "new seed", DATA),
            TEST_FRACTION.control(DATA, num(d.test_fraction)),
            TARGET.control(DATA, target_name(d.target)),
        ]);
        if d.target == crate::shrinkage::Target::Typed {
            c.push(FORMULA.control(DATA, d.formula.clone()));
        }
        c.extend([
            Control::new("csv", "upload x,y CSV", DATA, "", ControlKind::File { accept: ".csv,.txt,text/csv,text/plain".into() })
                .help("One point per row: x,y (a header row and # comments are allowed)"),
            Control::button("reset_data", "reset data", DATA),
        ]);
        c
    }

    /// λ, κ, q, α (the λ and κ sliders span the data's spectrum), α* and q*, and the step's verdict.
    fn shrinkage_controls(&self) -> Vec<Control> {
        let st = &self.state;
        let (lambda_span, kappa_span) = match &self.cache {
            Some(c) => {
                let svd = &c.problem.svd;
                (lambda_slider_range(&svd.s, svd.tolerance(), st.lambda), kappa_slider_range(&svd.s, svd.tolerance(), st.kappa))
            }
            None => (limits(&LAMBDA), limits(&KAPPA)),
        };
        vec![
            LAMBDA.control_spanning(SHRINK, num(st.lambda), lambda_span),
            KAPPA.control_spanning(SHRINK, num(st.kappa), kappa_span),
            Q.control(SHRINK, st.q.to_string()),
            ALPHA.control(SHRINK, num(st.alpha)),
            Control::button("alpha_star", "α ← α* = s_max⁻²", SHRINK),
            Control::button("q_star", "q ← q* = s_max²/κ² (match PCA)", SHRINK),
            Control::new("stability", "step size", SHRINK, self.stability_text(), ControlKind::Text),
        ]
    }

    /// Which estimators are drawn, each with its colour.
    fn show_controls(&self) -> Vec<Control> {
        let show = &self.state.show;
        [(SHOW_LS, show.ls, LS_COLOR), (SHOW_RIDGE, show.ridge, RIDGE_COLOR), (SHOW_PCA, show.pca, PCA_COLOR), (SHOW_GD, show.gd, GD_COLOR)]
            .into_iter()
            .map(|(setting, on, colour)| setting.control(SHOW, on.to_string()).swatch(css(colour)))
            .collect()
    }

    /// Iterated vs closed-form GD, the gradient form, and the precision comparison of a large problem.
    fn check_controls(&self) -> Vec<Control> {
        let mut c = vec![
            Control::new("gd_check", "iterated vs closed-form GD", CHECKS, self.gd_text(), ControlKind::Text),
            GRAM.control(CHECKS, self.state.gram.to_string()),
        ];
        if self.work() > PRECISION_WORK_MAX {
            c.push(Control::button("compare_precision", "compare precisions (normal equations)", CHECKS));
        }
        c
    }
}
