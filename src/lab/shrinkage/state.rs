//! The Shrinkage lab's whole state: one serde struct that round-trips through the URL.
//!
//! The data are either generated from [`DataConfig`] (`points` empty) or the student's own
//! points (dragged, added, removed or uploaded). The spectral settings are the lecture's symbols:
//! λ (ridge), κ (PCA cut-off), q (gradient-descent iterations) and α, stored as a fraction of
//! s_max⁻² so that a link means the same step whatever the data's scale.

use serde::{Deserialize, Serialize};

use super::settings::{self, limits, KAPPA, LAMBDA, Q};
use crate::lab::error::{LabError, LabResult};
use crate::shrinkage::{DataConfig, Dataset, ShrinkError, N_MAX};

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

/// Decades of s² below the smallest singular value's s² (and above s_max²) a λ slider spans,
/// and decades of s for κ: enough to take a filter from 1 to 0 on every direction.
const SLIDER_MARGIN_DECADES: f64 = 1.0;
/// Directions below s_max · 10⁻⁶ are left out of the slider ranges (their filters need a λ under
/// 10⁻¹² s_max², which the number box still accepts); without this limit ill-conditioned data
/// would stretch a slider over twenty decades.
const SLIDER_RELATIVE_FLOOR: f64 = 1e-6;

/// Range of the λ slider for the singular values `s` of the training X (descending; values at
/// or below `tol` are exact zeros): from s_min²/10 to 10·s_max² in whole decades, within
/// [`LAMBDA`]'s range, widened to include the current `lambda`. Ridge's filter s²/(s² + λ) moves
/// from 1 to 0 on a direction as λ passes s², so this is the part of the axis where moving λ
/// changes something. Without data, the whole range.
pub fn lambda_slider_range(s: &[f64], tol: f64, lambda: f64) -> (f64, f64) {
    decade_range(s, tol, 2.0, limits(&LAMBDA), lambda)
}

/// Range of the κ slider: PCA keeps the directions with s ≥ κ, so from s_min/10 to 10·s_max in
/// whole decades, within [`KAPPA`]'s range, widened to include the current `kappa`.
pub fn kappa_slider_range(s: &[f64], tol: f64, kappa: f64) -> (f64, f64) {
    decade_range(s, tol, 1.0, limits(&KAPPA), kappa)
}

/// Whole decades around [s_min^power, s_max^power] with [`SLIDER_MARGIN_DECADES`] either side.
fn decade_range(s: &[f64], tol: f64, power: f64, limits: (f64, f64), current: f64) -> (f64, f64) {
    let s_max = s.first().copied().unwrap_or(0.0);
    let s_min = s.iter().copied().filter(|&v| v > tol && v >= s_max * SLIDER_RELATIVE_FLOOR).fold(f64::INFINITY, f64::min);
    if !(s_max > 0.0 && s_max.is_finite() && s_min.is_finite()) {
        return limits;
    }
    let lo = 10f64.powf((power * s_min.log10() - SLIDER_MARGIN_DECADES).floor());
    let hi = 10f64.powf((power * s_max.log10() + SLIDER_MARGIN_DECADES).ceil());
    let (mut lo, mut hi) = (lo.clamp(limits.0, limits.1), hi.clamp(limits.0, limits.1));
    if current.is_finite() && current > 0.0 {
        lo = lo.min(current.max(limits.0));
        hi = hi.max(current.min(limits.1));
    }
    if lo >= hi {
        return limits;
    }
    (lo, hi)
}

/// Most work one recomputation from the data may take, in multiply–adds of the decomposition's
/// model [`svd_work`]. The whole recomputation (features, decomposition, test projection and the
/// three error curves) takes about 2.5 times the decomposition alone: natively 28 ms at
/// 5000 × 84 (3.9·10⁷), of which 15 ms decomposing and 10 ms for the curves; the browser on the
/// reference machine (2 vCPUs) took 90–130 ms for it. 1.5·10⁷ keeps a change of N or p (and every
/// drag of a point) near 35–45 ms there, within the 50-ms bound of a task.
pub const SVD_WORK_MAX: f64 = 1.5e7;

/// Work of decomposing `rows` data points (training and test) with `columns` features, of which
/// `train` are training rows: QR of the training X, SVD of its r × r triangle (r = min(train,
/// columns); about six r³, measured against the QR's N·p·r) and the test rows projected onto V.
pub fn svd_work(rows: usize, train: usize, columns: usize) -> f64 {
    let r = train.min(columns) as f64;
    rows as f64 * columns as f64 * r + 6.0 * r * r * r
}

/// Refuses a data set whose decomposition would block the page (see [`SVD_WORK_MAX`]), saying
/// what would fit instead.
pub fn check_svd_work(rows: usize, train: usize, columns: usize) -> LabResult<()> {
    let w = svd_work(rows, train, columns);
    if w <= SVD_WORK_MAX {
        return Ok(());
    }
    let most_columns = (1..=columns).rev().find(|&c| svd_work(rows, train, c) <= SVD_WORK_MAX).unwrap_or(1);
    let scale = train as f64 / rows.max(1) as f64;
    let most_rows = (1..=rows)
        .rev()
        .find(|&n| svd_work(n, ((n as f64 * scale).round() as usize).max(1), columns) <= SVD_WORK_MAX)
        .unwrap_or(1);
    Err(LabError::refused(format!(
        "{rows} points with {columns} feature columns need about {w:.1e} operations to decompose, which would freeze the page; \
         the lab recomputes at most {SVD_WORK_MAX:.0e} at once. With {rows} points use at most {most_columns} columns, \
         or with {columns} columns at most {most_rows} points"
    )))
}

impl ShrinkageLabState {
    /// Fixes out-of-range values (e.g. from a hand-edited link) and says what was changed.
    pub fn repair(&mut self) -> Vec<String> {
        let mut notes = Vec::new();
        let d = ShrinkageLabState::default();
        if let (Err(e), Ok(_)) = (self.data.truth(), self.data.validate_numbers()) {
            // Only the typed f cannot be used: the default formula, everything else kept.
            notes.push(format!("Your formula for f was not used ({e}); using {}.", crate::shrinkage::DEFAULT_FORMULA));
            self.data.formula = crate::shrinkage::DEFAULT_FORMULA.into();
        }
        if let Err(e) = self.data.validate() {
            notes.push(format!("Data settings reset to their defaults: {e}"));
            self.data = d.data.clone();
        }
        if settings::lambda(self.lambda).is_err() {
            let v = clamped(self.lambda, limits(&LAMBDA), d.lambda);
            notes.push(format!("λ = {} is out of range; using {v:e}", self.lambda));
            self.lambda = v;
        }
        if settings::kappa(self.kappa).is_err() {
            let v = clamped(self.kappa, limits(&KAPPA), d.kappa);
            notes.push(format!("κ = {} is out of range; using {v:e}", self.kappa));
            self.kappa = v;
        }
        if settings::iterations(self.q as f64).is_err() {
            let (lo, hi) = limits(&Q);
            let v = self.q.clamp(lo as u64, hi as u64);
            notes.push(format!("q = {} is out of range; using {v}", self.q));
            self.q = v;
        }
        if settings::alpha(self.alpha).is_err() {
            notes.push(format!("α = {} × s_max⁻² is out of range; using α* (1 × s_max⁻²)", self.alpha));
            self.alpha = 1.0;
        }
        notes.extend(self.repair_points());
        notes
    }

    /// Keeps at most [`N_MAX`] points, drops non-finite ones (keeping the test flags aligned) and
    /// leaves at least one training point.
    fn repair_points(&mut self) -> Vec<String> {
        let mut notes = Vec::new();
        if self.points.len() > N_MAX {
            notes.push(format!("Only the first {N_MAX} of {} points are kept", self.points.len()));
            self.points.truncate(N_MAX);
        }
        let before = self.points.len();
        // Dropping a point shifts the indices after it; keep the flags aligned.
        let flags: Vec<bool> = (0..before).map(|i| self.test_points.contains(&i)).collect();
        let kept: Vec<([f64; 2], bool)> =
            self.points.iter().zip(flags).filter(|(p, _)| p[0].is_finite() && p[1].is_finite()).map(|(p, f)| (*p, f)).collect();
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

/// `v` moved into `(lo, hi)`, or `default` when it is not a number.
fn clamped(v: f64, (lo, hi): (f64, f64), default: f64) -> f64 {
    if v.is_finite() {
        v.clamp(lo, hi)
    } else {
        default
    }
}
