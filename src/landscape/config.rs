//! Which landscape to show, as serde data that round-trips through the URL.

use serde::{Deserialize, Serialize};

use super::shape::Facts;
use super::{
    beale, booth, camel, himmelblau, monkey_saddle, plateau, quadratic, rastrigin, rosenbrock, saddle,
    LandscapeError, LandscapeParam, Surface,
};

/// Default condition number κ of the quadratic.
pub const DEFAULT_KAPPA: f64 = 10.0;
/// Default angle θ (degrees) of the quadratic's flat direction.
pub const DEFAULT_ANGLE_DEG: f64 = 30.0;
/// Default number of data points of the logistic landscape.
pub const DEFAULT_N: usize = 40;
/// Default seed of the logistic data set.
pub const DEFAULT_SEED: u64 = 1;
/// Default distance between the two class means of the logistic data set.
pub const DEFAULT_SEPARATION: f64 = 2.0;

/// Accepted range of κ.
pub const KAPPA_RANGE: (f64, f64) = (1.0, 1e4);
/// Accepted range of θ in degrees.
pub const ANGLE_RANGE: (f64, f64) = (-180.0, 180.0);
/// Accepted range of n.
pub const N_RANGE: (usize, usize) = (2, 1000);
/// Accepted range of the class separation.
pub const SEPARATION_RANGE: (f64, f64) = (0.0, 10.0);
/// Largest seed accepted by [`LandscapeConfig::set`] (seeds travel as f64 there; any u64 is valid in serde data).
pub const SEED_MAX: f64 = 4_294_967_295.0;

fn default_kappa() -> f64 {
    DEFAULT_KAPPA
}
fn default_angle() -> f64 {
    DEFAULT_ANGLE_DEG
}
fn default_n() -> usize {
    DEFAULT_N
}
fn default_seed() -> u64 {
    DEFAULT_SEED
}
fn default_separation() -> f64 {
    DEFAULT_SEPARATION
}

/// A 2-D loss landscape of the optimizer lab, with its parameters. Serialised with a `kind` tag,
/// e.g. `{"kind":"quadratic","kappa":10.0,"angle_deg":30.0}`; missing fields take their defaults.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum LandscapeConfig {
    /// f = ½ xᵀ R(θ) diag(1/κ, 1) R(θ)ᵀ x: a valley with condition number κ, rotated by θ.
    Quadratic {
        /// Condition number κ ∈ [1, 10⁴] (ratio of the largest to the smallest curvature).
        #[serde(default = "default_kappa")]
        kappa: f64,
        /// Angle θ in degrees between the flat direction and the x axis, in [−180, 180].
        #[serde(default = "default_angle")]
        angle_deg: f64,
    },
    /// (1 − x)² + 100 (y − x²)².
    Rosenbrock,
    /// (x² + y − 11)² + (x + y² − 7)².
    Himmelblau,
    /// (1.5 − x + xy)² + (2.25 − x + xy²)² + (2.625 − x + xy³)².
    Beale,
    /// (x + 2y − 7)² + (2x + y − 5)².
    Booth,
    /// (4 − 2.1x² + x⁴/3) x² + xy + (4y² − 4) y².
    SixHumpCamel,
    /// 20 + x² − 10 cos 2πx + y² − 10 cos 2πy.
    Rastrigin,
    /// x² − y².
    Saddle,
    /// x³ − 3xy².
    MonkeySaddle,
    /// 1 − exp(−(x² + y²)).
    Plateau,
    /// Mean logistic NLL over a seeded two-class data set, plus ½λ‖w‖² (λ = [`super::LOGISTIC_L2`]).
    Logistic {
        /// Number of data points n ∈ [2, 1000].
        #[serde(default = "default_n")]
        n: usize,
        /// Seed of the data set.
        #[serde(default = "default_seed")]
        seed: u64,
        /// Distance between the class means, in [0, 10] (noise has unit variance).
        #[serde(default = "default_separation")]
        separation: f64,
    },
}

impl Default for LandscapeConfig {
    /// The ill-conditioned quadratic with κ = 10, θ = 30°.
    fn default() -> Self {
        LandscapeConfig::Quadratic { kappa: DEFAULT_KAPPA, angle_deg: DEFAULT_ANGLE_DEG }
    }
}

/// All kinds, in menu order (the serde tags).
const KINDS: &[&str] = &[
    "quadratic",
    "rosenbrock",
    "himmelblau",
    "beale",
    "booth",
    "six_hump_camel",
    "rastrigin",
    "saddle",
    "monkey_saddle",
    "plateau",
    "logistic",
];

fn range_error(what: &str, lo: f64, hi: f64, got: f64) -> LandscapeError {
    LandscapeError::new(format!("{what} must be a finite number in [{lo}, {hi}] (got {got})"))
}

fn check_range(what: &str, (lo, hi): (f64, f64), v: f64) -> Result<(), LandscapeError> {
    if v.is_finite() && v >= lo && v <= hi {
        Ok(())
    } else {
        Err(range_error(what, lo, hi, v))
    }
}

impl LandscapeConfig {
    /// The serde tags of all landscapes, in menu order.
    pub fn kinds() -> &'static [&'static str] {
        KINDS
    }

    /// The landscape of the given kind (serde tag) with default parameters; `None` if unknown.
    pub fn default_for(kind: &str) -> Option<Self> {
        use LandscapeConfig::*;
        Some(match kind {
            "quadratic" => Quadratic { kappa: DEFAULT_KAPPA, angle_deg: DEFAULT_ANGLE_DEG },
            "rosenbrock" => Rosenbrock,
            "himmelblau" => Himmelblau,
            "beale" => Beale,
            "booth" => Booth,
            "six_hump_camel" => SixHumpCamel,
            "rastrigin" => Rastrigin,
            "saddle" => Saddle,
            "monkey_saddle" => MonkeySaddle,
            "plateau" => Plateau,
            "logistic" => Logistic { n: DEFAULT_N, seed: DEFAULT_SEED, separation: DEFAULT_SEPARATION },
            _ => return None,
        })
    }

    /// This landscape's serde tag (one of [`LandscapeConfig::kinds`]).
    pub fn kind(&self) -> &'static str {
        use LandscapeConfig::*;
        match self {
            Quadratic { .. } => "quadratic",
            Rosenbrock => "rosenbrock",
            Himmelblau => "himmelblau",
            Beale => "beale",
            Booth => "booth",
            SixHumpCamel => "six_hump_camel",
            Rastrigin => "rastrigin",
            Saddle => "saddle",
            MonkeySaddle => "monkey_saddle",
            Plateau => "plateau",
            Logistic { .. } => "logistic",
        }
    }

    /// The fixed facts of a closed-form landscape (`None` for the data-driven logistic one).
    pub(crate) fn facts(&self) -> Option<&'static Facts> {
        use LandscapeConfig::*;
        Some(match self {
            Quadratic { .. } => &quadratic::FACTS,
            Rosenbrock => &rosenbrock::FACTS,
            Himmelblau => &himmelblau::FACTS,
            Beale => &beale::FACTS,
            Booth => &booth::FACTS,
            SixHumpCamel => &camel::FACTS,
            Rastrigin => &rastrigin::FACTS,
            Saddle => &saddle::FACTS,
            MonkeySaddle => &monkey_saddle::FACTS,
            Plateau => &plateau::FACTS,
            Logistic { .. } => return None,
        })
    }

    /// Short name for menus, e.g. "Rosenbrock valley".
    pub fn label(&self) -> &'static str {
        match self.facts() {
            Some(f) => f.label,
            None => "Logistic regression",
        }
    }

    /// The formula shown on the page (Unicode), e.g. "f(x, y) = x² − y²".
    pub fn formula(&self) -> &'static str {
        match self.facts() {
            Some(f) => f.formula,
            None => "L(w) = (1/n) Σᵢ ln(1 + exp(−yᵢ wᵀxᵢ)) + (λ/2)‖w‖²,  λ = 0.01",
        }
    }

    /// Checks every parameter: κ ∈ [1, 10⁴], θ ∈ [−180°, 180°], n ∈ [2, 1000], separation ∈ [0, 10],
    /// all finite. The message names the parameter and the offending value.
    pub fn validate(&self) -> Result<(), LandscapeError> {
        match *self {
            LandscapeConfig::Quadratic { kappa, angle_deg } => {
                check_range("condition number κ", KAPPA_RANGE, kappa)?;
                check_range("rotation angle θ (degrees)", ANGLE_RANGE, angle_deg)
            }
            LandscapeConfig::Logistic { n, separation, .. } => {
                if n < N_RANGE.0 || n > N_RANGE.1 {
                    return Err(LandscapeError::new(format!(
                        "number of data points n must be a whole number in [{}, {}] (got {n})",
                        N_RANGE.0, N_RANGE.1
                    )));
                }
                check_range("class separation", SEPARATION_RANGE, separation)
            }
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
    pub fn parameters(&self) -> Vec<LandscapeParam> {
        match *self {
            LandscapeConfig::Quadratic { kappa, angle_deg } => vec![
                LandscapeParam {
                    key: "kappa",
                    label: "condition number κ",
                    value: kappa,
                    min: KAPPA_RANGE.0,
                    max: KAPPA_RANGE.1,
                    log_scale: true,
                    integer: false,
                    help: "Ratio of the steepest to the flattest curvature. κ = 1 is a round bowl; large κ is a long narrow valley where gradient descent zig-zags.",
                },
                LandscapeParam {
                    key: "angle_deg",
                    label: "rotation θ (°)",
                    value: angle_deg,
                    min: ANGLE_RANGE.0,
                    max: ANGLE_RANGE.1,
                    log_scale: false,
                    integer: false,
                    help: "Angle of the valley's flat direction. Per-coordinate methods (RMSProp, Adam) behave differently when the valley is not aligned with an axis.",
                },
            ],
            LandscapeConfig::Logistic { n, seed, separation } => vec![
                LandscapeParam {
                    key: "n",
                    label: "data points n",
                    value: n as f64,
                    min: N_RANGE.0 as f64,
                    max: N_RANGE.1 as f64,
                    log_scale: true,
                    integer: true,
                    help: "Size of the training set. The loss is the mean over all n points; a minibatch uses only some of them.",
                },
                LandscapeParam {
                    key: "seed",
                    label: "data seed",
                    value: seed as f64,
                    min: 0.0,
                    max: SEED_MAX,
                    log_scale: false,
                    integer: true,
                    help: "Which random data set to draw. The same seed always gives the same points.",
                },
                LandscapeParam {
                    key: "separation",
                    label: "class separation",
                    value: separation,
                    min: SEPARATION_RANGE.0,
                    max: SEPARATION_RANGE.1,
                    log_scale: false,
                    integer: false,
                    help: "Distance between the two class centres (the noise has unit spread). Well separated classes push the minimum far out, held back only by the small L2 term.",
                },
            ],
            _ => Vec::new(),
        }
    }

    /// Sets one parameter by its key (see [`LandscapeConfig::parameters`]). On error nothing changes.
    pub fn set(&mut self, key: &str, value: f64) -> Result<(), LandscapeError> {
        let mut next = self.clone();
        match (&mut next, key) {
            (LandscapeConfig::Quadratic { kappa, .. }, "kappa") => {
                check_range("condition number κ", KAPPA_RANGE, value)?;
                *kappa = value;
            }
            (LandscapeConfig::Quadratic { angle_deg, .. }, "angle_deg") => {
                check_range("rotation angle θ (degrees)", ANGLE_RANGE, value)?;
                *angle_deg = value;
            }
            (LandscapeConfig::Logistic { n, .. }, "n") => {
                let (lo, hi) = (N_RANGE.0 as f64, N_RANGE.1 as f64);
                if !(value.is_finite() && value.fract() == 0.0 && value >= lo && value <= hi) {
                    return Err(LandscapeError::new(format!(
                        "number of data points n must be a whole number in [{lo}, {hi}] (got {value})"
                    )));
                }
                *n = value as usize;
            }
            (LandscapeConfig::Logistic { seed, .. }, "seed") => {
                if !(value.fract() == 0.0 && (0.0..=SEED_MAX).contains(&value)) {
                    return Err(LandscapeError::new(format!(
                        "the data seed must be a whole number in [0, {SEED_MAX}] (got {value})"
                    )));
                }
                *seed = value as u64;
            }
            (LandscapeConfig::Logistic { separation, .. }, "separation") => {
                check_range("class separation", SEPARATION_RANGE, value)?;
                *separation = value;
            }
            _ => {
                let keys: Vec<&str> = self.parameters().iter().map(|p| p.key).collect();
                let has = if keys.is_empty() { "no tunable parameters".to_string() } else { format!("parameters: {}", keys.join(", ")) };
                return Err(LandscapeError::new(format!(
                    "the {} landscape has no parameter '{key}' (it has {has})",
                    self.label()
                )));
            }
        }
        *self = next;
        Ok(())
    }
}
