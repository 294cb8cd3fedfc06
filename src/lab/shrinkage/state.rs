//! The Shrinkage lab's whole state: one serde struct that round-trips through the URL.
//!
//! The data are either generated from [`DataConfig`] (`points` empty) or the student's own
//! points (dragged, added, removed or uploaded). The spectral settings are the lecture's symbols:
//! λ (ridge), κ (PCA cut-off), q (gradient-descent iterations) and α, stored as a fraction of
//! s_max⁻² so that a link means the same step whatever the data's scale.

use serde::{Deserialize, Serialize};

use crate::shrinkage::{DataConfig, Dataset, ShrinkError, N_MAX};

/// Smallest and largest ridge λ the lab accepts.
pub const LAMBDA_RANGE: (f64, f64) = (1e-12, 1e4);
/// Smallest and largest PCA threshold κ the lab accepts.
pub const KAPPA_RANGE: (f64, f64) = (1e-8, 1e3);
/// Largest number of gradient-descent iterations q.
pub const Q_MAX: u64 = 1_000_000;
/// Largest step as a multiple of s_max⁻² (the stability limit is 2).
pub const ALPHA_FRACTION_MAX: f64 = 3.0;
/// Most points written into a link; larger data sets are linked by their generator settings.
pub const URL_POINTS_MAX: usize = 200;

/// Which estimators are drawn in the filter and data views.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Methods {
    /// Least squares (minimum-norm, filter φ = 1).
    pub ls: bool,
    /// Ridge, φ = s²/(s² + λ).
    pub ridge: bool,
    /// PCA truncation, φ = [s ≥ κ].
    pub pca: bool,
    /// Gradient descent from w₀ = 0, φ = 1 − (1 − αs²)^q.
    pub gd: bool,
}

impl Default for Methods {
    fn default() -> Self {
        Methods { ls: true, ridge: true, pca: true, gd: true }
    }
}

/// Everything the Shrinkage lab needs to reproduce a view (see the module docs).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ShrinkageLabState {
    /// Generator and feature settings.
    pub data: DataConfig,
    /// The student's own points (x, y); empty = use the generated data.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub points: Vec<[f64; 2]>,
    /// Indices into `points` that are held out as test points.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub test_points: Vec<usize>,
    /// Ridge parameter λ > 0.
    pub lambda: f64,
    /// PCA threshold κ > 0: directions with s ≥ κ are kept.
    pub kappa: f64,
    /// Gradient-descent iterations q ≥ 1.
    pub q: u64,
    /// Step α as a fraction of s_max⁻² (1 = α*, 2 = stability limit).
    pub alpha: f64,
    /// Which methods are drawn.
    pub show: Methods,
    /// Run GD through XᵀX formed once in the working precision (Gram form) instead of the
    /// lecture's iteration w ← w − αXᵀ(Xw − y). Cheaper per step for p < 2N, but rounds the Gram
    /// matrix: in float32 about 10× less accurate. Off by default.
    pub gram: bool,
    /// The preset this state started from ("" = none).
    pub preset: String,
}

impl Default for ShrinkageLabState {
    fn default() -> Self {
        ShrinkageLabState {
            data: DataConfig::default(),
            points: Vec::new(),
            test_points: Vec::new(),
            lambda: 1e-3,
            kappa: 0.1,
            q: 100,
            alpha: 1.0,
            show: Methods::default(),
            gram: false,
            preset: String::new(),
        }
    }
}

fn in_range(v: f64, (lo, hi): (f64, f64)) -> bool {
    v.is_finite() && v >= lo && v <= hi
}

/// Checks λ: a finite number in [`LAMBDA_RANGE`].
pub fn check_lambda(v: f64) -> Result<f64, String> {
    if in_range(v, LAMBDA_RANGE) {
        Ok(v)
    } else {
        Err(format!("λ must be a number between {:e} and {:e} (got {v})", LAMBDA_RANGE.0, LAMBDA_RANGE.1))
    }
}

/// Checks κ: a finite number in [`KAPPA_RANGE`].
pub fn check_kappa(v: f64) -> Result<f64, String> {
    if in_range(v, KAPPA_RANGE) {
        Ok(v)
    } else {
        Err(format!("κ must be a number between {:e} and {:e} (got {v})", KAPPA_RANGE.0, KAPPA_RANGE.1))
    }
}

/// Checks q: a whole number of iterations in 1..=[`Q_MAX`] (given as text; "1e3" is accepted).
pub fn check_q(v: f64) -> Result<u64, String> {
    if v.is_finite() && v >= 1.0 && v <= Q_MAX as f64 {
        Ok(v.round() as u64)
    } else {
        Err(format!("q must be a whole number of iterations between 1 and {Q_MAX} (got {v})"))
    }
}

/// Checks the step fraction α·s_max²: a finite number in (0, [`ALPHA_FRACTION_MAX`]].
pub fn check_alpha(v: f64) -> Result<f64, String> {
    if v.is_finite() && v > 0.0 && v <= ALPHA_FRACTION_MAX {
        Ok(v)
    } else {
        Err(format!(
            "α must be between 0 and {ALPHA_FRACTION_MAX} times s_max⁻² (got {v}); 2 is the stability limit"
        ))
    }
}

impl ShrinkageLabState {
    /// Fixes out-of-range values (e.g. from a hand-edited link) and says what was changed.
    pub fn repair(&mut self) -> Vec<String> {
        let mut notes = Vec::new();
        let d = ShrinkageLabState::default();
        if let Err(e) = self.data.validate() {
            notes.push(format!("Data settings reset to their defaults: {e}"));
            self.data = d.data.clone();
        }
        if check_lambda(self.lambda).is_err() {
            let v = if self.lambda.is_finite() { self.lambda.clamp(LAMBDA_RANGE.0, LAMBDA_RANGE.1) } else { d.lambda };
            notes.push(format!("λ = {} is out of range; using {v:e}", self.lambda));
            self.lambda = v;
        }
        if check_kappa(self.kappa).is_err() {
            let v = if self.kappa.is_finite() { self.kappa.clamp(KAPPA_RANGE.0, KAPPA_RANGE.1) } else { d.kappa };
            notes.push(format!("κ = {} is out of range; using {v:e}", self.kappa));
            self.kappa = v;
        }
        if self.q < 1 || self.q > Q_MAX {
            let v = self.q.clamp(1, Q_MAX);
            notes.push(format!("q = {} is out of range; using {v}", self.q));
            self.q = v;
        }
        if check_alpha(self.alpha).is_err() {
            notes.push(format!("α = {} × s_max⁻² is out of range; using α* (1 × s_max⁻²)", self.alpha));
            self.alpha = 1.0;
        }
        if self.points.len() > N_MAX {
            notes.push(format!("Only the first {N_MAX} of {} points are kept", self.points.len()));
            self.points.truncate(N_MAX);
        }
        let before = self.points.len();
        // Dropping a point shifts the indices after it; keep the flags aligned.
        let flags: Vec<bool> = (0..before).map(|i| self.test_points.contains(&i)).collect();
        let kept: Vec<([f64; 2], bool)> = self
            .points
            .iter()
            .zip(flags)
            .filter(|(p, _)| p[0].is_finite() && p[1].is_finite())
            .map(|(p, f)| (*p, f))
            .collect();
        if kept.len() != before {
            notes.push(format!("Dropped {} points with non-finite coordinates", before - kept.len()));
        }
        self.points = kept.iter().map(|k| k.0).collect();
        let mut test: Vec<usize> = kept.iter().enumerate().filter(|(_, k)| k.1).map(|(i, _)| i).collect();
        if !self.points.is_empty() && test.len() == self.points.len() {
            notes.push("Every point was a test point; the first one is now a training point".into());
            test.remove(0);
        }
        if self.points.is_empty() && !self.test_points.is_empty() {
            test.clear();
        }
        self.test_points = test;
        notes
    }

    /// Whether the data are the student's own points rather than generated ones.
    pub fn custom_data(&self) -> bool {
        !self.points.is_empty()
    }

    /// The data set this state describes: the student's points, or the generated ones.
    pub fn dataset(&self) -> Result<Dataset, ShrinkError> {
        if self.points.is_empty() {
            return crate::shrinkage::generate(&self.data);
        }
        let mut d = Dataset {
            x: self.points.iter().map(|p| p[0]).collect(),
            y: self.points.iter().map(|p| p[1]).collect(),
            is_test: vec![false; self.points.len()],
        };
        for &i in &self.test_points {
            if let Some(t) = d.is_test.get_mut(i) {
                *t = true;
            }
        }
        d.validate()?;
        Ok(d)
    }

    /// Replaces the data by the given points, splitting them like [`crate::shrinkage::generate`]
    /// does: round(test_fraction · N) points picked with the seed are test points (at least one
    /// training point remains).
    pub fn set_points(&mut self, points: Vec<[f64; 2]>) {
        use rand::seq::SliceRandom;
        let n = points.len();
        let mut order: Vec<usize> = (0..n).collect();
        order.shuffle(&mut crate::rng::seeded(self.data.seed));
        let count = ((self.data.test_fraction * n as f64).round() as usize).min(n.saturating_sub(1));
        let mut test: Vec<usize> = order.into_iter().take(count).collect();
        test.sort_unstable();
        self.points = points;
        self.test_points = test;
    }

    /// The state as it should appear in a link: more than [`URL_POINTS_MAX`] points are
    /// left out (the link then reproduces the generated data of the same settings).
    pub fn for_url(&self) -> ShrinkageLabState {
        let mut s = self.clone();
        if s.points.len() > URL_POINTS_MAX {
            s.points.clear();
            s.test_points.clear();
        }
        s
    }
}
