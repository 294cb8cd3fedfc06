//! The hyperparameter descriptors shared by several optimizers (α, λ, ε's slider) and small
//! numeric helpers. The descriptor type itself is [`crate::param::Spec`] (shared with the
//! schedules and the landscapes); a config's get/set derive from its `tunable!` declaration.

pub(crate) use crate::param::{tunable, Spec};

/// One tunable number of an optimizer or schedule, as a generic UI shows it (the crate's one
/// descriptor-with-value type, [`crate::param::Param`]).
pub type HyperParam = crate::param::Param;

/// Common spec rows.
pub(crate) const LR_MIN: f64 = 1e-8;
pub(crate) const LR_MAX: f64 = 100.0;
pub(crate) const fn lr_spec(help: &'static str) -> Spec {
    // Six decades on the slider (about 25 px per decade in a 150-px slider; the arrow keys step
    // ×1.023); smaller or larger rates down to 1e-8 and up to 100 can be typed.
    Spec::real("lr", "α (learning rate)", LR_MIN, LR_MAX, true, help)
        .with_slider(LR_SLIDER.0, LR_SLIDER.1)
}
/// The span of every learning-rate slider.
pub const LR_SLIDER: (f64, f64) = (1e-5, 10.0);
/// The span of every ε slider: ten decades around the usual 1e-8…1e-6, up to 1 (where adaptive
/// methods turn into plain gradient descent with a scaled step); smaller values down to 1e-16 can
/// be typed.
pub const EPS_SLIDER: (f64, f64) = (1e-10, 1.0);
pub(crate) const WD: Spec = Spec::real(
    "weight_decay",
    "λ (weight decay)",
    0.0,
    10.0,
    false,
    "L2 penalty coefficient: adds λθ to the gradient.",
);
pub(crate) const BETA_MAX: f64 = 0.99999;

/// βᵗ computed like Python's `beta ** step` (C `pow`), so bias corrections match torch bit for bit.
pub(crate) fn pow_t(beta: f64, t: u64) -> f64 {
    beta.powf(t as f64)
}
