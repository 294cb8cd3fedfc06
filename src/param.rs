//! One descriptor type for every number a generic control panel tunes in the numeric core:
//! optimizer hyperparameters, schedule parameters and landscape parameters.
//!
//! A [`Spec`] describes one number once (key = its serde field, label with the lectures' symbol,
//! valid range, log scale, slider span, kind, help); a [`Param`] is a spec with a current value.
//! A config's get/set are derived from one declaration pairing its fields with their specs:
//! [`tunable!`] for a struct, [`tunable_enum!`] for an enum whose variants carry the fields.
//! Each owner (optimizers, schedules, landscapes) words its own messages around
//! [`Spec::check`], [`check_all`] and [`set`].

/// What values a [`Spec`] accepts inside its range.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// Any finite number.
    Real,
    /// A switch: 0 (off) or 1 (on).
    Bool,
    /// A whole number.
    Integer,
}

/// Static description of one tunable number (everything but its value).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Spec {
    /// Key used by `set()`, equal to the field's name in the serde form (e.g. `"beta1"`).
    pub key: &'static str,
    /// Label with the lectures' symbols, e.g. `"β₁"` or `"α (learning rate)"`.
    pub label: &'static str,
    /// Name used in messages, when it differs from the label (e.g. `"the data seed"`).
    pub name: Option<&'static str>,
    /// Smallest valid value (inclusive).
    pub min: f64,
    /// Largest valid value (inclusive).
    pub max: f64,
    /// Whether a slider should move on a log scale.
    pub log_scale: bool,
    /// Real, switch or whole number.
    pub kind: Kind,
    /// One sentence on what it does.
    pub help: &'static str,
    /// The slider's span (see [`Param::slider`]); `None` = the valid range.
    pub slider: Option<(f64, f64)>,
    /// Whether a stored value (from a link or a file) must lie in the range too; `false` when the
    /// range only bounds what can be typed (a seed: any `u64` is a valid stored seed).
    pub checked_when_stored: bool,
}

/// A [`Spec`] with its current value, as a generic UI shows it.
///
/// `min..=max` is the *valid* range: `set()` and `validate()` refuse anything outside it (and
/// anything NaN/infinite), so a control over that range can never produce a refused value.
#[derive(Clone, Debug, PartialEq)]
pub struct Param {
    /// Key used by `set()` and by the serde form (e.g. `"beta1"`).
    pub key: &'static str,
    /// Label with the lectures' symbols, e.g. `"β₁"` or `"α (learning rate)"`.
    pub label: &'static str,
    /// Current value (switches as 0/1).
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
    /// Whether the value is a switch (0 = off, 1 = on).
    pub is_bool: bool,
    /// Whether only whole numbers are accepted (step counts, data-set size, seed).
    pub integer: bool,
    /// One sentence on what it does.
    pub help: &'static str,
}

impl Spec {
    const fn new(
        key: &'static str,
        label: &'static str,
        min: f64,
        max: f64,
        log_scale: bool,
        kind: Kind,
        help: &'static str,
    ) -> Spec {
        Spec {
            key,
            label,
            name: None,
            min,
            max,
            log_scale,
            kind,
            help,
            slider: None,
            checked_when_stored: true,
        }
    }

    /// A real number in `min..=max`.
    pub const fn real(
        key: &'static str,
        label: &'static str,
        min: f64,
        max: f64,
        log_scale: bool,
        help: &'static str,
    ) -> Spec {
        Spec::new(key, label, min, max, log_scale, Kind::Real, help)
    }

    /// A switch (0 or 1).
    pub const fn boolean(key: &'static str, label: &'static str, help: &'static str) -> Spec {
        Spec::new(key, label, 0.0, 1.0, false, Kind::Bool, help)
    }

    /// A whole number in `min..=max`, on a log-scale slider (see [`Spec::linear`]).
    pub const fn integer(
        key: &'static str,
        label: &'static str,
        min: f64,
        max: f64,
        help: &'static str,
    ) -> Spec {
        Spec::new(key, label, min, max, true, Kind::Integer, help)
    }

    /// The same spec with a slider spanning `lo..=hi` (see [`Param::slider`]).
    pub const fn with_slider(mut self, lo: f64, hi: f64) -> Spec {
        self.slider = Some((lo, hi));
        self
    }

    /// The same spec on a linear scale.
    pub const fn linear(mut self) -> Spec {
        self.log_scale = false;
        self
    }

    /// The same spec, named `name` in messages instead of by its label.
    pub const fn named(mut self, name: &'static str) -> Spec {
        self.name = Some(name);
        self
    }

    /// The same spec, whose range bounds typed values only (see [`Spec::checked_when_stored`]).
    pub const fn only_when_typed(mut self) -> Spec {
        self.checked_when_stored = false;
        self
    }

    /// The name in messages: [`Spec::name`] or else the label.
    pub fn message_name(&self) -> &'static str {
        self.name.unwrap_or(self.label)
    }

    /// Checks one value against this spec; the message names the parameter
    /// (e.g. "β₁ must be a finite number in [0, 0.99999] (got 2)").
    pub fn check(&self, value: f64) -> Result<(), String> {
        let name = self.message_name();
        let in_range = value.is_finite() && value >= self.min && value <= self.max;
        match self.kind {
            Kind::Bool if value == 0.0 || value == 1.0 => Ok(()),
            Kind::Bool => Err(format!(
                "{name} is a switch: use 0 (off) or 1 (on) (got {value})"
            )),
            Kind::Integer if in_range && value.fract() == 0.0 => Ok(()),
            Kind::Integer => Err(format!(
                "{name} must be a whole number in [{}, {}] (got {value})",
                self.min, self.max
            )),
            Kind::Real if in_range => Ok(()),
            Kind::Real => Err(format!(
                "{name} must be a finite number in [{}, {}] (got {value})",
                self.min, self.max
            )),
        }
    }

    /// This spec with a current value.
    pub fn with_value(&self, value: f64) -> Param {
        Param {
            key: self.key,
            label: self.label,
            value,
            min: self.min,
            max: self.max,
            log_scale: self.log_scale,
            slider: self.slider.unwrap_or((self.min, self.max)),
            is_bool: self.kind == Kind::Bool,
            integer: self.kind == Kind::Integer,
            help: self.help,
        }
    }
}

/// A field type a [`Spec`] can describe: read and written as f64 (switches as 0/1).
pub trait ParamValue {
    /// The value as a number.
    fn to_param(&self) -> f64;
    /// The field from an already checked number.
    fn from_param(v: f64) -> Self;
}

impl ParamValue for f64 {
    fn to_param(&self) -> f64 {
        *self
    }
    fn from_param(v: f64) -> Self {
        v
    }
}

impl ParamValue for bool {
    fn to_param(&self) -> f64 {
        if *self {
            1.0
        } else {
            0.0
        }
    }
    fn from_param(v: f64) -> Self {
        v != 0.0
    }
}

impl ParamValue for u64 {
    fn to_param(&self) -> f64 {
        *self as f64
    }
    fn from_param(v: f64) -> Self {
        v as u64
    }
}

impl ParamValue for usize {
    fn to_param(&self) -> f64 {
        *self as f64
    }
    fn from_param(v: f64) -> Self {
        v as usize
    }
}

/// A config whose numbers are described by [`Spec`]s; implemented by [`tunable!`] or
/// [`tunable_enum!`], never by hand.
pub trait Tunable: Clone {
    /// The specs of this config's numbers, in UI order (for an enum: the current variant's).
    fn specs(&self) -> &'static [Spec];
    /// Current value of `key` (switches as 0/1); `None` for an unknown key.
    fn get(&self, key: &str) -> Option<f64>;
    /// Stores an already checked value (unknown keys are ignored).
    fn put(&mut self, key: &str, value: f64);
}

/// The current values of all numbers of `cfg`, with their descriptions.
pub fn params<T: Tunable>(cfg: &T) -> Vec<Param> {
    cfg.specs()
        .iter()
        .map(|s| s.with_value(cfg.get(s.key).unwrap_or(f64::NAN)))
        .collect()
}

/// Checks every stored number of `cfg` against its spec (skipping specs that bound typed values
/// only); the first refusal's message.
pub fn check_all<T: Tunable>(cfg: &T) -> Result<(), String> {
    for s in cfg.specs().iter().filter(|s| s.checked_when_stored) {
        s.check(cfg.get(s.key).unwrap_or(f64::NAN))?;
    }
    Ok(())
}

/// Why [`set`] refused a value before the whole config was validated.
pub enum Refusal {
    /// No spec has that key; the known keys, in order.
    Unknown(Vec<&'static str>),
    /// The spec refused the value (its message).
    Invalid(String),
}

/// Sets `key` to `value` if its spec accepts it and `validate` accepts the resulting config;
/// otherwise leaves `cfg` unchanged. `refused` words the refusal in the owner's terms.
pub fn set<T: Tunable, E>(
    cfg: &mut T,
    key: &str,
    value: f64,
    refused: impl FnOnce(Refusal) -> E,
    validate: impl FnOnce(&T) -> Result<(), E>,
) -> Result<(), E> {
    let Some(spec) = cfg.specs().iter().find(|s| s.key == key) else {
        return Err(refused(Refusal::Unknown(
            cfg.specs().iter().map(|s| s.key).collect(),
        )));
    };
    spec.check(value)
        .map_err(|m| refused(Refusal::Invalid(m)))?;
    let mut candidate = cfg.clone();
    candidate.put(key, value);
    validate(&candidate)?;
    *cfg = candidate;
    Ok(())
}

/// Derives [`Tunable`] for a struct from its field ↔ spec pairs, in UI order:
/// `tunable!(AdamConfig { lr: LR, beta1: BETA1, amsgrad: AMSGRAD });`. A field may be paired with
/// a spec of another key (its serde name stays the field's): any [`ParamValue`] type works.
macro_rules! tunable {
    ($ty:ty { $($field:ident : $spec:expr),* $(,)? }) => {
        impl $crate::param::Tunable for $ty {
            fn specs(&self) -> &'static [$crate::param::Spec] {
                const SPECS: &[$crate::param::Spec] = &[$($spec),*];
                SPECS
            }
            fn get(&self, key: &str) -> Option<f64> {
                $({
                    const S: $crate::param::Spec = $spec;
                    if key == S.key {
                        return Some($crate::param::ParamValue::to_param(&self.$field));
                    }
                })*
                None
            }
            #[allow(unused_variables)]
            fn put(&mut self, key: &str, value: f64) {
                $({
                    const S: $crate::param::Spec = $spec;
                    if key == S.key {
                        self.$field = $crate::param::ParamValue::from_param(value);
                    }
                })*
            }
        }
    };
}
pub(crate) use tunable;

/// Derives [`Tunable`] for an enum whose variants carry the numbers as named fields:
/// `tunable_enum!(Schedule { Constant {}, Step { step_size: STEP_SIZE, gamma: GAMMA } });`
/// (every variant listed, `{}` for one without numbers).
macro_rules! tunable_enum {
    ($ty:ident { $($variant:ident { $($field:ident : $spec:expr),* $(,)? }),* $(,)? }) => {
        impl $crate::param::Tunable for $ty {
            fn specs(&self) -> &'static [$crate::param::Spec] {
                match self {
                    $($ty::$variant { .. } => {
                        const SPECS: &[$crate::param::Spec] = &[$($spec),*];
                        SPECS
                    })*
                }
            }
            #[allow(unused_variables)]
            fn get(&self, key: &str) -> Option<f64> {
                match self {
                    $($ty::$variant { $($field,)* .. } => {
                        $({
                            const S: $crate::param::Spec = $spec;
                            if key == S.key {
                                return Some($crate::param::ParamValue::to_param($field));
                            }
                        })*
                        None
                    })*
                }
            }
            #[allow(unused_variables)]
            fn put(&mut self, key: &str, value: f64) {
                match self {
                    $($ty::$variant { $($field,)* .. } => {
                        $({
                            const S: $crate::param::Spec = $spec;
                            if key == S.key {
                                *$field = $crate::param::ParamValue::from_param(value);
                            }
                        })*
                    })*
                }
            }
        }
    };
}
pub(crate) use tunable_enum;

/// The spec with key `key` in `specs`, at compile time (a missing key stops the build with a
/// message): pairs a field with its spec by name, e.g. in the landscape registry.
pub const fn find(specs: &[Spec], key: &str) -> Spec {
    let mut i = 0;
    while i < specs.len() {
        if str_eq(specs[i].key, key) {
            return specs[i];
        }
        i += 1;
    }
    panic!("a field has no spec of the same key")
}

const fn str_eq(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    let mut i = 0;
    while i < a.len() {
        if a[i] != b[i] {
            return false;
        }
        i += 1;
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Clone, Debug, PartialEq)]
    struct Cfg {
        rate: f64,
        on: bool,
        count: u64,
    }
    const RATE: Spec = Spec::real("rate", "α", 0.0, 2.0, true, "A rate.").with_slider(0.1, 1.0);
    tunable!(Cfg {
        rate: RATE,
        on: Spec::boolean("switch", "on", "A switch under another key."),
        count: Spec::integer("count", "k", 1.0, 9.0, "A count.")
            .named("the count")
            .only_when_typed(),
    });

    #[derive(Clone, Debug, PartialEq)]
    enum Choice {
        Plain,
        Scaled { factor: f64 },
    }
    tunable_enum!(Choice {
        Plain {},
        Scaled { factor: Spec::real("factor", "γ", 0.0, 1.0, false, "A factor.") },
    });

    fn words(r: Refusal) -> String {
        match r {
            Refusal::Unknown(keys) => format!("unknown; known: {}", keys.join(", ")),
            Refusal::Invalid(m) => m,
        }
    }

    #[test]
    fn specs_check_values_with_the_same_messages_for_every_owner() {
        assert_eq!(
            RATE.check(3.0).unwrap_err(),
            "α must be a finite number in [0, 2] (got 3)"
        );
        assert_eq!(
            RATE.check(f64::NAN).unwrap_err(),
            "α must be a finite number in [0, 2] (got NaN)"
        );
        let flag = Spec::boolean("f", "flag", "");
        assert_eq!(
            flag.check(0.5).unwrap_err(),
            "flag is a switch: use 0 (off) or 1 (on) (got 0.5)"
        );
        let count = Spec::integer("n", "n", 2.0, 1000.0, "").named("number of data points n");
        assert_eq!(
            count.check(2.5).unwrap_err(),
            "number of data points n must be a whole number in [2, 1000] (got 2.5)"
        );
        assert!(count.check(1000.0).is_ok() && count.check(f64::INFINITY).is_err());
        let p = RATE.with_value(0.5);
        assert_eq!(
            (p.slider, p.log_scale, p.is_bool, p.integer),
            ((0.1, 1.0), true, false, false)
        );
        assert_eq!(count.with_value(3.0).slider, (2.0, 1000.0));
        assert!(!count.linear().log_scale);
        assert_eq!(find(&[RATE, flag], "f").label, "flag");
    }

    #[test]
    fn derived_get_and_set_follow_the_declaration() {
        let mut c = Cfg {
            rate: 0.5,
            on: false,
            count: 3,
        };
        let keys: Vec<_> = params(&c).iter().map(|p| (p.key, p.value)).collect();
        assert_eq!(keys, [("rate", 0.5), ("switch", 0.0), ("count", 3.0)]);
        set(&mut c, "switch", 1.0, words, |_| Ok(())).unwrap();
        set(&mut c, "count", 7.0, words, |_| Ok(())).unwrap();
        assert_eq!(
            c,
            Cfg {
                rate: 0.5,
                on: true,
                count: 7
            }
        );
        let before = c.clone();
        assert_eq!(
            set(&mut c, "rate", 5.0, words, |_| Ok(())).unwrap_err(),
            "α must be a finite number in [0, 2] (got 5)"
        );
        assert_eq!(
            set(&mut c, "on", 1.0, words, |_| Ok(())).unwrap_err(),
            "unknown; known: rate, switch, count"
        );
        assert_eq!(
            set(&mut c, "rate", 1.0, words, |_| Err(
                "refused whole".to_string()
            ))
            .unwrap_err(),
            "refused whole"
        );
        assert_eq!(c, before);
        // A stored count outside the typed range passes check_all (typed-only range); a rate does not.
        assert!(check_all(&Cfg {
            count: 99,
            ..before.clone()
        })
        .is_ok());
        assert!(check_all(&Cfg {
            rate: -1.0,
            ..before
        })
        .is_err());
    }

    #[test]
    fn derived_enum_get_and_set_follow_the_variant() {
        let mut c = Choice::Scaled { factor: 0.5 };
        assert_eq!(c.get("factor"), Some(0.5));
        set(&mut c, "factor", 0.25, words, |_| Ok(())).unwrap();
        assert_eq!(c, Choice::Scaled { factor: 0.25 });
        let mut p = Choice::Plain;
        assert!(params(&p).is_empty() && p.get("factor").is_none());
        assert_eq!(
            set(&mut p, "factor", 0.5, words, |_| Ok(())).unwrap_err(),
            "unknown; known: "
        );
    }
}
