//! Hyperparameter descriptions for a generic UI, and the one validation routine behind
//! every `set()` / `validate()` of the area.

use super::error::OptimError;

/// One tunable number of an optimizer or schedule, as a generic UI shows it.
///
/// `min..=max` is the *valid* range: `set()` and `validate()` refuse anything outside it (and
/// anything NaN/infinite), so a slider over that range can never produce a refused value.
/// Booleans are `is_bool` with value 0 or 1.
#[derive(Clone, Debug, PartialEq)]
pub struct HyperParam {
    /// Key used by `set()` and by the serde form (e.g. `"beta1"`).
    pub key: &'static str,
    /// Label with the lectures' symbols, e.g. `"β₁"` or `"α (learning rate)"`.
    pub label: &'static str,
    /// Current value (booleans as 0/1).
    pub value: f64,
    /// Smallest valid value (inclusive).
    pub min: f64,
    /// Largest valid value (inclusive).
    pub max: f64,
    /// Whether a slider should move on a log scale.
    pub log_scale: bool,
    /// The range a slider spans (inside `min..=max`): where the useful values are, so a drag is
    /// fine enough; typed values may use the whole valid range.
    pub slider: (f64, f64),
    /// Whether the value is a boolean switch (0 = off, 1 = on).
    pub is_bool: bool,
    /// One sentence on what it does.
    pub help: &'static str,
}

/// Static description of a hyperparameter (everything but its value).
#[derive(Clone, Copy, Debug)]
pub(crate) struct Spec {
    pub key: &'static str,
    pub label: &'static str,
    pub min: f64,
    pub max: f64,
    pub log_scale: bool,
    pub kind: Kind,
    pub help: &'static str,
    /// The slider's span (see [`HyperParam::slider`]); `None` = the valid range.
    pub slider: Option<(f64, f64)>,
}

/// What values a [`Spec`] accepts inside its range.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Kind {
    Real,
    Bool,
    Integer,
}

impl Spec {
    pub(crate) const fn real(
        key: &'static str,
        label: &'static str,
        min: f64,
        max: f64,
        log_scale: bool,
        help: &'static str,
    ) -> Spec {
        Spec {
            key,
            label,
            min,
            max,
            log_scale,
            kind: Kind::Real,
            help,
            slider: None,
        }
    }
    pub(crate) const fn boolean(
        key: &'static str,
        label: &'static str,
        help: &'static str,
    ) -> Spec {
        Spec {
            key,
            label,
            min: 0.0,
            max: 1.0,
            log_scale: false,
            kind: Kind::Bool,
            help,
            slider: None,
        }
    }
    pub(crate) const fn integer(
        key: &'static str,
        label: &'static str,
        min: f64,
        max: f64,
        help: &'static str,
    ) -> Spec {
        Spec {
            key,
            label,
            min,
            max,
            log_scale: true,
            kind: Kind::Integer,
            help,
            slider: None,
        }
    }

    /// The same spec with a slider spanning `lo..=hi` (see [`HyperParam::slider`]).
    pub(crate) const fn with_slider(mut self, lo: f64, hi: f64) -> Spec {
        self.slider = Some((lo, hi));
        self
    }

    /// Checks one value against this spec; the message names the parameter by its label.
    pub(crate) fn check(&self, value: f64) -> Result<(), OptimError> {
        match self.kind {
            Kind::Bool => {
                if value == 0.0 || value == 1.0 {
                    Ok(())
                } else {
                    Err(OptimError::new(format!(
                        "{} is a switch: use 0 (off) or 1 (on) (got {value})",
                        self.label
                    )))
                }
            }
            Kind::Integer => {
                if value.is_finite()
                    && value.fract() == 0.0
                    && value >= self.min
                    && value <= self.max
                {
                    Ok(())
                } else {
                    Err(OptimError::new(format!(
                        "{} must be a whole number in [{}, {}] (got {value})",
                        self.label, self.min, self.max
                    )))
                }
            }
            Kind::Real => {
                if value.is_finite() && value >= self.min && value <= self.max {
                    Ok(())
                } else {
                    Err(OptimError::new(format!(
                        "{} must be a finite number in [{}, {}] (got {value})",
                        self.label, self.min, self.max
                    )))
                }
            }
        }
    }

    pub(crate) fn with_value(&self, value: f64) -> HyperParam {
        HyperParam {
            key: self.key,
            label: self.label,
            value,
            min: self.min,
            max: self.max,
            log_scale: self.log_scale,
            slider: self.slider.unwrap_or((self.min, self.max)),
            is_bool: self.kind == Kind::Bool,
            help: self.help,
        }
    }
}

/// A config whose numbers are described by a table of [`Spec`]s.
pub(crate) trait Tunable: Clone {
    /// Name used in messages ("Adam", "step decay", ...).
    const NAME: &'static str;
    /// The table, in UI order.
    fn specs() -> &'static [Spec];
    /// Current value of `key` (bools as 0/1); `None` for an unknown key.
    fn get(&self, key: &str) -> Option<f64>;
    /// Stores an already checked value.
    fn put(&mut self, key: &str, value: f64);
    /// Checks that involve several fields (e.g. SGD's nesterov needs momentum > 0).
    fn cross_check(&self) -> Result<(), OptimError> {
        Ok(())
    }
}

pub(crate) fn hyperparameters<T: Tunable>(cfg: &T) -> Vec<HyperParam> {
    T::specs()
        .iter()
        .map(|s| s.with_value(cfg.get(s.key).unwrap_or(f64::NAN)))
        .collect()
}

pub(crate) fn validate<T: Tunable>(cfg: &T) -> Result<(), OptimError> {
    for s in T::specs() {
        let v = cfg.get(s.key).unwrap_or(f64::NAN);
        s.check(v)
            .map_err(|e| OptimError::new(format!("{}: {}", T::NAME, e.message())))?;
    }
    cfg.cross_check()
        .map_err(|e| OptimError::new(format!("{}: {}", T::NAME, e.message())))
}

/// Sets `key` to `value` if the result is valid; otherwise leaves `cfg` unchanged.
pub(crate) fn set<T: Tunable>(cfg: &mut T, key: &str, value: f64) -> Result<(), OptimError> {
    let Some(spec) = T::specs().iter().find(|s| s.key == key) else {
        let known: Vec<&str> = T::specs().iter().map(|s| s.key).collect();
        return Err(OptimError::new(format!(
            "{} has no hyperparameter '{key}' (known: {})",
            T::NAME,
            known.join(", ")
        )));
    };
    spec.check(value)
        .map_err(|e| OptimError::new(format!("{}: {}", T::NAME, e.message())))?;
    let mut candidate = cfg.clone();
    candidate.put(key, value);
    validate(&candidate)?;
    *cfg = candidate;
    Ok(())
}

pub(crate) fn b(x: bool) -> f64 {
    if x {
        1.0
    } else {
        0.0
    }
}

/// Common spec rows.
pub(crate) const LR_MIN: f64 = 1e-8;
pub(crate) const LR_MAX: f64 = 100.0;
pub(crate) const fn lr_spec(help: &'static str) -> Spec {
    let mut s = Spec::real("lr", "α (learning rate)", LR_MIN, LR_MAX, true, help);
    // Six decades on the slider (about 25 px per decade in a 150-px slider; the arrow keys step
    // ×1.023); smaller or larger rates down to 1e-8 and up to 100 can be typed.
    s.slider = Some(LR_SLIDER);
    s
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
