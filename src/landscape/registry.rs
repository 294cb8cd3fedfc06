//! The registry of landscapes: the `landscapes!` list in `mod.rs` (one line per landscape, in
//! menu order) declares each landscape's module and generates [`LandscapeConfig`] (its serde form
//! `{"kind":"quadratic","kappa":10.0,"angle_deg":30.0}`, missing fields taking the defaults), the
//! menu's list of kinds, the parameters' get/set (from each landscape's
//! [`Landscape::PARAMS`](super::shape::Landscape::PARAMS), paired with the fields by name) and
//! `Formula`, the built formula that a [`super::Surface`] evaluates (a `match`, no boxing: the
//! heatmap evaluates it per pixel).
//!
//! Adding a landscape: a file implementing [`Shape`](super::shape::Shape) and
//! [`ClosedForm`](super::shape::ClosedForm) (or [`Landscape`](super::shape::Landscape) if it has
//! parameters; see `booth.rs`, `quadratic.rs`) and one line in that list.

use super::{LandscapeConfig, LandscapeError, Surface, DEFAULT_ANGLE_DEG, DEFAULT_KAPPA, KINDS};
use crate::param::{self, Param, Refusal};

macro_rules! landscapes {
    ($(
        $(#[$doc:meta])*
        $kind:literal => $variant:ident $({ $($(#[$fdoc:meta])* $field:ident : $fty:ty),* $(,)? })? = $module:ident :: $shape:ident,
    )*) => {
        $(mod $module;)*

        /// A 2-D loss landscape of the optimizer lab, with its parameters. Serialised with a `kind`
        /// tag, e.g. `{"kind":"quadratic","kappa":10.0,"angle_deg":30.0}`; missing fields take their
        /// defaults.
        #[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
        #[serde(from = "serde_form::LandscapeConfig", into = "serde_form::LandscapeConfig")]
        pub enum LandscapeConfig {
            $($(#[$doc])* $variant $({ $($(#[$fdoc])* $field: $fty),* })?,)*
            /// A formula typed by the student, with its free parameters and view (`typed.rs`).
            Typed($crate::landscape::TypedConfig),
        }

        /// The serde form of [`LandscapeConfig`]: one struct per kind whose `Default` is the
        /// landscape's `DEFAULTS` (so a missing field takes its default).
        mod serde_form {
            use super::shape::Landscape;
                        #[derive(serde::Serialize, serde::Deserialize)]
            #[serde(tag = "kind")]
            pub enum LandscapeConfig {
                $(#[serde(rename = $kind)] $variant($variant),)*
                #[serde(rename = "typed")]
                Typed($crate::landscape::TypedConfig),
            }
            $(
                #[derive(serde::Serialize, serde::Deserialize)]
                #[serde(default)]
                pub struct $variant { $($(pub $field: $fty),*)? }
                impl Default for $variant {
                    fn default() -> Self {
                        let ($($($field,)*)?) = <super::$module::$shape as Landscape>::DEFAULTS;
                        $variant { $($($field),*)? }
                    }
                }
            )*
            impl From<super::LandscapeConfig> for LandscapeConfig {
                fn from(c: super::LandscapeConfig) -> Self {
                    match c {
                        $(super::LandscapeConfig::$variant { $($($field),*)? } => LandscapeConfig::$variant($variant { $($($field),*)? }),)*
                        super::LandscapeConfig::Typed(t) => LandscapeConfig::Typed(t),
                    }
                }
            }
            impl From<LandscapeConfig> for super::LandscapeConfig {
                fn from(c: LandscapeConfig) -> Self {
                    match c {
                        $(LandscapeConfig::$variant($variant { $($($field),*)? }) => super::LandscapeConfig::$variant { $($($field),*)? },)*
                        LandscapeConfig::Typed(t) => super::LandscapeConfig::Typed(t),
                    }
                }
            }
        }

        // Every spec of a landscape's PARAMS has a field of the same key (the converse is checked
        // by `param::find` below).
        $(const _: () = assert!(
            <$module::$shape as Landscape>::PARAMS.len() == 0 $($(+ { let _ = stringify!($field); 1 })*)?,
            concat!("the fields of ", $kind, " do not match its PARAMS"),
        );)*

        /// All kinds, in menu order (the serde tags).
        const KINDS: &[&str] = &[$($kind,)* "typed"];

        $crate::param::tunable_enum!(LandscapeConfig {
            $($variant { $($($field: $crate::param::find(<$module::$shape as Landscape>::PARAMS, stringify!($field))),*)? },)*
            Typed {},
        });

        /// The formula behind a surface, built from a config.
        #[derive(Clone, Debug, PartialEq)]
        pub(crate) enum Formula {
            $($variant($module::$shape),)*
            Typed($crate::landscape::typed::Typed),
        }

        impl LandscapeConfig {
            /// The landscape of the given kind (serde tag) with default parameters; `None` if unknown.
            pub fn default_for(kind: &str) -> Option<Self> {
                match kind {
                    $($kind => {
                        let ($($($field,)*)?) = <$module::$shape as Landscape>::DEFAULTS;
                        Some(LandscapeConfig::$variant { $($($field),*)? })
                    })*
                    "typed" => Some(LandscapeConfig::Typed(Default::default())),
                    _ => None,
                }
            }

            /// This landscape's serde tag (one of [`LandscapeConfig::kinds`]).
            pub fn kind(&self) -> &'static str {
                match self {
                    $(LandscapeConfig::$variant { .. } => $kind,)*
                    LandscapeConfig::Typed(_) => "typed",
                }
            }

            /// Short name for menus, e.g. "Rosenbrock valley".
            pub fn label(&self) -> &'static str {
                match self {
                    $(LandscapeConfig::$variant { .. } => <$module::$shape as Landscape>::LABEL,)*
                    LandscapeConfig::Typed(_) => $crate::landscape::typed::LABEL,
                }
            }

            /// The formula shown on the page (Unicode), e.g. "f(x, y) = x² − y²"; a typed one as typed.
            pub fn formula(&self) -> std::borrow::Cow<'static, str> {
                match self {
                    $(LandscapeConfig::$variant { .. } => <$module::$shape as Landscape>::FORMULA.into(),)*
                    LandscapeConfig::Typed(t) => format!("f(x, y) = {}", t.formula).into(),
                }
            }

            /// The formula of an already validated config.
            pub(crate) fn shape(&self) -> Formula {
                match self {
                    $(LandscapeConfig::$variant { $($($field),*)? } => {
                        Formula::$variant(<$module::$shape as Landscape>::new(($($(*$field,)*)?)))
                    })*
                    LandscapeConfig::Typed(t) => Formula::Typed($crate::landscape::typed::Typed::new(t)),
                }
            }
        }

        impl Formula {
            #[inline]
            pub(crate) fn value(&self, x: f64, y: f64) -> f64 {
                match self {
                    $(Formula::$variant(s) => s.value(x, y),)*
                    Formula::Typed(s) => s.value(x, y),
                }
            }
            #[inline]
            pub(crate) fn gradient(&self, x: f64, y: f64) -> [f64; 2] {
                match self {
                    $(Formula::$variant(s) => s.gradient(x, y),)*
                    Formula::Typed(s) => s.gradient(x, y),
                }
            }
            #[inline]
            pub(crate) fn hessian(&self, x: f64, y: f64) -> [[f64; 2]; 2] {
                match self {
                    $(Formula::$variant(s) => s.hessian(x, y),)*
                    Formula::Typed(s) => s.hessian(x, y),
                }
            }
            pub(crate) fn fill_grid(&self, view: &ViewBox, w: usize, h: usize, out: &mut [f32]) {
                match self {
                    $(Formula::$variant(s) => s.fill_grid(view, w, h, out),)*
                    Formula::Typed(s) => s.fill_grid(view, w, h, out),
                }
            }
            pub(crate) fn frame(&self) -> Result<Frame, LandscapeError> {
                match self {
                    $(Formula::$variant(s) => s.frame(),)*
                    Formula::Typed(s) => s.frame(),
                }
            }
            pub(crate) fn eval_cost(&self) -> usize {
                match self {
                    $(Formula::$variant(s) => s.eval_cost(),)*
                    Formula::Typed(s) => s.eval_cost(),
                }
            }
            pub(crate) fn data(&self) -> Option<&LogisticData> {
                match self {
                    $(Formula::$variant(s) => s.data(),)*
                    Formula::Typed(_) => None,
                }
            }
            pub(crate) fn batch_gradient(&self, w: [f64; 2], b: usize, rng: &mut $crate::rng::LabRng) -> Option<[f64; 2]> {
                match self {
                    $(Formula::$variant(s) => s.batch_gradient(w, b, rng),)*
                    Formula::Typed(_) => None,
                }
            }
        }
    };
}
pub(crate) use landscapes;

impl Default for LandscapeConfig {
    /// The ill-conditioned quadratic with κ = 10, θ = 30°.
    fn default() -> Self {
        LandscapeConfig::Quadratic { kappa: DEFAULT_KAPPA, angle_deg: DEFAULT_ANGLE_DEG }
    }
}

impl LandscapeConfig {
    /// The serde tags of all landscapes, in menu order.
    pub fn kinds() -> &'static [&'static str] {
        KINDS
    }

    /// Checks every parameter: κ ∈ [1, 10⁴], θ ∈ [−180°, 180°], n ∈ [2, 1000], separation ∈ [0, 10],
    /// all finite. The message names the parameter and the offending value.
    pub fn validate(&self) -> Result<(), LandscapeError> {
        param::check_all(self).map_err(LandscapeError::new)?;
        match self {
            LandscapeConfig::Typed(t) => t.validate(),
            _ => Ok(()),
        }
    }

    /// Validates and builds the landscape (for the logistic one: generates the data and finds its
    /// minimum with Newton's method).
    pub fn build(&self) -> Result<Surface, LandscapeError> {
        self.validate()?;
        Surface::from_config(self)
    }

    /// The tunable parameters with their current values and accepted ranges (empty for the fixed
    /// landscapes).
    pub fn parameters(&self) -> Vec<Param> {
        param::params(self)
    }

    /// Sets one parameter by its key (see [`LandscapeConfig::parameters`]). On error nothing changes.
    pub fn set(&mut self, key: &str, value: f64) -> Result<(), LandscapeError> {
        let label = self.label();
        let refused = |r: Refusal| match r {
            Refusal::Unknown(keys) => {
                let has = if keys.is_empty() { "no tunable parameters".to_string() } else { format!("parameters: {}", keys.join(", ")) };
                LandscapeError::new(format!("the {label} landscape has no parameter '{key}' (it has {has})"))
            }
            Refusal::Invalid(m) => LandscapeError::new(m),
        };
        // Only this value is checked (the other stored values are `validate`'s business).
        param::set(self, key, value, refused, |_| Ok(()))
    }
}
