//! Every setting of the Shrinkage lab, declared once.
//!
//! A declaration's key is the path of the value in [`super::ShrinkageLabState`] as its link
//! writes it (`data.n`, `lambda`, `show.ridge`), which is also its control's key and its `hide=`
//! name. The controls (`controls.rs`), the reading of typed values (`apply.rs`, with the checks
//! below) and the state's `repair()` all read these constants, so each range is written here
//! once. The data's ranges are the core's ([`crate::shrinkage::DataConfig::validate`] checks them
//! again, with its own messages, for the values whose bounds are open: bump width, frequency
//! scale, test fraction).

use crate::lab::error::{LabError, LabResult};
use crate::lab::input::parse_f64;
use crate::lab::setting::Setting;
use crate::shrinkage::{FeatureMap, Target, FOURIER_SCALE_MAX, NOISE_MAX, N_MAX, P_MAX, RBF_WIDTH_MAX};

/// Number of data points N.
pub const N: Setting =
    Setting::whole("data.n", "N", 1, N_MAX as u64).label("N (points)").help("Number of data points, training and test together");
/// Polynomial degree or number of features p.
pub const P: Setting = Setting::whole("data.p", "p", 0, P_MAX as u64)
    .label("p (degree / features)")
    .help("Polynomial degree (p+1 columns) or number of bumps / random features (p columns)");
/// The feature family; its options in the order of [`FEATURE_MAPS`].
pub const FEATURE_MAP: Setting = Setting::choice(
    "data.feature_map",
    "feature map",
    &[("polynomial", "polynomial 1, x, …, x^p"), ("rbf", "Gaussian bumps (RBF)"), ("fourier", "random Fourier features")],
)
.label("Features");
const FEATURE_MAPS: [FeatureMap; 3] = [FeatureMap::Polynomial, FeatureMap::Rbf, FeatureMap::Fourier];
/// Width of the Gaussian bumps, in units of their spacing.
pub const RBF_WIDTH: Setting = Setting::real("data.rbf_width", "bump width", 0.0, RBF_WIDTH_MAX)
    .log()
    .span(0.1, 10.0)
    .label("bump width (× spacing)")
    .help("Wide, overlapping bumps make X ill-conditioned");
/// Scale of the random Fourier frequencies.
pub const FOURIER_SCALE: Setting = Setting::real("data.fourier_scale", "frequency scale", 0.0, FOURIER_SCALE_MAX).log().span(0.1, 100.0);
/// Standard deviation of the noise on y.
pub const NOISE: Setting = Setting::real("data.noise", "noise", 0.0, NOISE_MAX).span(0.0, 2.0).step(0.01).label("noise σ");
/// Seed of the generated data.
pub const SEED: Setting = Setting::whole("data.seed", "seed", 0, u32::MAX as u64);
/// Fraction of the points held out for testing (below 1: one training point must remain).
pub const TEST_FRACTION: Setting = Setting::real("data.test_fraction", "test fraction", 0.0, 1.0).span(0.0, 0.9).step(0.05);
/// The true function f; its options in the order of [`TARGETS`].
pub const TARGET: Setting = Setting::choice(
    "data.target",
    "target function",
    &[("sine", "sin(2πx)"), ("runge", "Runge 1/(1+25x²)"), ("step", "step sign(x)"), ("cubic", "cubic x³ − x/2"), ("typed", "your own f(x)")],
)
.label("true function f");
const TARGETS: [Target; 5] = [Target::Sine, Target::Runge, Target::Step, Target::Cubic, Target::Typed];
/// A typed true function f(x) (shown when the target is "your own f(x)").
pub const FORMULA: Setting = Setting::text("data.formula", "formula of f", crate::expr::MAX_LEN)
    .label("f(x) =")
    .help("Type a function of x on [-1, 1]: + − * / ^, 3x, sin cos tan exp log sqrt abs tanh sigmoid min max, pi, e");
/// Ridge λ (its slider spans the data's s², see [`super::state::lambda_slider_range`]).
pub const LAMBDA: Setting = Setting::real("lambda", "λ", 1e-12, 1e4).log().label("λ (ridge)").help(
    "Ridge moves a direction's filter s²/(s²+λ) from 1 to 0 as λ passes s²; the slider spans the data's s² (type any λ in the box)",
);
/// PCA cut-off κ (its slider spans the data's s, see [`super::state::kappa_slider_range`]).
pub const KAPPA: Setting = Setting::real("kappa", "κ", 1e-8, 1e3)
    .log()
    .label("κ (PCA cut-off)")
    .help("PCA keeps the directions with s ≥ κ; the slider spans the data's singular values (type any κ in the box)");
/// Gradient-descent iterations q.
pub const Q: Setting = Setting::whole("q", "q", 1, 1_000_000).log().label("q (GD iterations)");
/// Step α as a multiple of s_max⁻² (above 0; 2 is the stability limit).
pub const ALPHA: Setting = Setting::real("alpha", "α", 0.0, 3.0)
    .span(0.01, 3.0)
    .step(0.01)
    .label("α (× s_max⁻²)")
    .help("Step size as a multiple of s_max⁻²: 1 is α*, above 2 GD diverges");
/// Which estimators are drawn.
pub const SHOW_LS: Setting = Setting::flag("show.ls", "least squares");
pub const SHOW_RIDGE: Setting = Setting::flag("show.ridge", "ridge");
pub const SHOW_PCA: Setting = Setting::flag("show.pca", "PCA");
pub const SHOW_GD: Setting = Setting::flag("show.gd", "gradient descent");
/// Gradient descent through XᵀX.
pub const GRAM: Setting = Setting::flag("gram", "Gram form").label("GD through XᵀX (Gram form)").help(
    "XᵀX formed once in the working precision: cheaper per step for p < 2N, but rounds the Gram matrix. \
     Off: the lecture's iteration w ← w − αXᵀ(Xw − y) in both precisions.",
);

/// The range of number setting `s`.
pub fn limits(s: &Setting) -> (f64, f64) {
    s.range().unwrap_or((f64::NAN, f64::NAN))
}

/// Whether `v` lies in the range of `s` (a finite number; whole numbers need not be whole).
fn within(s: &Setting, v: f64) -> bool {
    let (lo, hi) = limits(s);
    v.is_finite() && lo <= v && v <= hi
}

/// A number typed for `s`, not yet range-checked (messages name the setting).
pub fn number(s: &Setting, text: &str) -> LabResult<f64> {
    Ok(parse_f64(s.name, text)?)
}

/// A checkbox's value (true/1/on, false/0/off), refused as the lab's checkboxes always were
/// (“expected true or false”).
pub fn flag(text: &str) -> LabResult<bool> {
    Ok(crate::lab::input::parse_bool(text)?)
}

/// Checks λ against [`LAMBDA`] (the range in scientific notation).
pub fn lambda(v: f64) -> LabResult<f64> {
    sci_range(&LAMBDA, v)
}

/// Checks κ against [`KAPPA`].
pub fn kappa(v: f64) -> LabResult<f64> {
    sci_range(&KAPPA, v)
}

fn sci_range(s: &Setting, v: f64) -> LabResult<f64> {
    let (lo, hi) = limits(s);
    if within(s, v) {
        Ok(v)
    } else {
        Err(LabError::invalid(format!("{} must be a number between {lo:e} and {hi:e} (got {v})", s.name)))
    }
}

/// Checks q against [`Q`]: a log slider sends values between whole numbers, which are rounded.
pub fn iterations(v: f64) -> LabResult<u64> {
    let (lo, hi) = limits(&Q);
    if within(&Q, v) {
        Ok(v.round() as u64)
    } else {
        Err(LabError::invalid(format!("{} must be a whole number of iterations between {lo} and {hi} (got {v})", Q.name)))
    }
}

/// Checks the step fraction α·s_max² against [`ALPHA`]; 0 (no step) is not a step.
pub fn alpha(v: f64) -> LabResult<f64> {
    let (_, hi) = limits(&ALPHA);
    if within(&ALPHA, v) && v > 0.0 {
        Ok(v)
    } else {
        Err(LabError::invalid(format!("{} must be between 0 and {hi} times s_max⁻² (got {v}); 2 is the stability limit", ALPHA.name)))
    }
}

/// The feature map chosen as `text` in [`FEATURE_MAP`].
pub fn feature_map(text: &str) -> LabResult<FeatureMap> {
    Ok(FEATURE_MAPS[option_index(&FEATURE_MAP, text)?])
}

/// The option value of feature map `m`.
pub fn feature_map_name(m: FeatureMap) -> &'static str {
    option_value(&FEATURE_MAP, FEATURE_MAPS.iter().position(|x| *x == m))
}

/// The target chosen as `text` in [`TARGET`].
pub fn target(text: &str) -> LabResult<Target> {
    Ok(TARGETS[option_index(&TARGET, text)?])
}

/// The option value of target `t`.
pub fn target_name(t: Target) -> &'static str {
    option_value(&TARGET, TARGETS.iter().position(|x| *x == t))
}

fn options(s: &Setting) -> &'static [(&'static str, &'static str)] {
    match s.kind {
        crate::lab::setting::SettingKind::Choice { options } => options,
        _ => &[],
    }
}

fn option_index(s: &Setting, text: &str) -> LabResult<usize> {
    let v = s.choice_value(text)?;
    Ok(options(s).iter().position(|(o, _)| *o == v).unwrap_or(0))
}

fn option_value(s: &Setting, i: Option<usize>) -> &'static str {
    options(s).get(i.unwrap_or(0)).map(|o| o.0).unwrap_or("")
}
