//! Description of one tunable landscape parameter, for a generic control panel.

/// One numeric parameter of a [`super::LandscapeConfig`], described for a generic UI
/// (same shape as the optimizers' hyper-parameters, plus `integer`).
#[derive(Clone, Debug, PartialEq)]
pub struct LandscapeParam {
    /// Key accepted by [`super::LandscapeConfig::set`], e.g. `"kappa"`.
    pub key: &'static str,
    /// Label shown next to the control, with the lecture's symbol, e.g. `"condition number κ"`.
    pub label: &'static str,
    /// Current value.
    pub value: f64,
    /// Smallest accepted value.
    pub min: f64,
    /// Largest accepted value.
    pub max: f64,
    /// Whether a slider should move on a logarithmic scale.
    pub log_scale: bool,
    /// Whether only whole numbers are accepted (data-set size, seed).
    pub integer: bool,
    /// One sentence explaining what the parameter does.
    pub help: &'static str,
}
