//! The Shrinkage lab widget: its state, the caches computed from the data, and the [`Widget`]
//! calls, each handed to the file that does it (see the module table in `mod.rs`).
//!
//! Work is split by cost: a data change (points, N, p, feature map, seed…) rebuilds the design
//! matrices and the SVD once ([`ShrinkageLab::rebuild`]); moving λ, κ, q or α only re-evaluates
//! filters from the cached SVD; iterating gradient descent (f64 and f32) and the f32 normal
//! equations run in `tick`, a chunk at a time, so the page never blocks (`work.rs`).

use nalgebra::DMatrix;

use super::presets::preset;
use super::settings::{limits, LAMBDA};
use super::state::{check_svd_work, ShrinkageLabState};
use super::work::GdJob;
use crate::lab::error::LabResult;
use crate::lab::url::encode;
use crate::lab::widget::{Control, Pointer, ViewSpec, Widget};
use crate::shrinkage::{design_matrix, optimal_alpha, Dataset, ErrorCurve, PrecisionReport, Problem, Sweep};

/// Points on the dense x grid used to draw fitted curves.
const GRID_POINTS: usize = 241;
/// Points of each error curve (λ and q sweeps).
pub(super) const CURVE_POINTS: usize = 48;

/// Everything computed from the data (rebuilt only when the data or features change).
pub(super) struct Cache {
    pub(super) data: Dataset,
    pub(super) problem: Problem,
    pub(super) x_train: DMatrix<f64>,
    pub(super) y_train: Vec<f64>,
    pub(super) grid: Vec<f64>,
    pub(super) grid_features: DMatrix<f64>,
    pub(super) ridge_curve: ErrorCurve,
    pub(super) pca_curve: ErrorCurve,
    /// GD error curve and the α it was computed for.
    pub(super) gd_curve: Option<(f64, ErrorCurve)>,
    pub(super) precision: Option<PrecisionReport>,
    /// Errors of the precision routes computed so far (one per tick unit, see `crate::shrinkage::ROUTES`).
    pub(super) precision_routes: Vec<Option<f64>>,
}

/// The Shrinkage lab: state, caches and the GD job (see the module docs).
pub struct ShrinkageLab {
    pub(super) state: ShrinkageLabState,
    pub(super) cache: Option<Cache>,
    pub(super) cache_error: Option<String>,
    pub(super) gd: Option<GdJob>,
    pub(super) notices: Vec<String>,
    pub(super) drag: Option<usize>,
    /// y range kept fixed while a point is dragged.
    pub(super) frozen_y: Option<(f64, f64)>,
    /// The data view's x range while a point is held (see `frozen_y`).
    pub(super) frozen_x: Option<(f64, f64)>,
    pub(super) last_report_ms: f64,
    /// The last tick only advanced progress counters (shown by the status and the precision view).
    pub(super) progress_only: bool,
    pub(super) precision_requested: bool,
}

impl Default for ShrinkageLab {
    fn default() -> Self {
        Self::from_state(ShrinkageLabState::default())
    }
}

impl ShrinkageLab {
    /// Opens the lab from a URL query: `preset=ID` picks the starting state, the other keys
    /// override it; bad values become notices (see [`Widget::take_notices`]).
    pub fn open(query: &str) -> Self {
        let (mut state, mut notices) = crate::lab::url::decode_with_preset(query, &[], preset);
        if preset(&state.preset).is_none() {
            state.preset.clear();
        }
        notices.extend(state.repair());
        let mut lab = ShrinkageLab::from_state(state);
        lab.notices.splice(0..0, notices);
        lab
    }

    /// A lab showing `state` (repaired first if needed).
    pub fn from_state(mut state: ShrinkageLabState) -> ShrinkageLab {
        let notices = state.repair();
        let mut lab = ShrinkageLab {
            state,
            cache: None,
            cache_error: None,
            gd: None,
            notices,
            drag: None,
            frozen_y: None,
            frozen_x: None,
            last_report_ms: f64::NEG_INFINITY,
            progress_only: false,
            precision_requested: false,
        };
        if let Err(e) = lab.rebuild() {
            lab.notices.push(format!("Could not use these data ({e}); back to the default data"));
            lab.state.data = Default::default();
            lab.state.points.clear();
            lab.state.test_points.clear();
            if let Err(e) = lab.rebuild() {
                lab.cache_error = Some(e.to_string());
            }
        }
        lab
    }

    /// The current state.
    pub fn state(&self) -> &ShrinkageLabState {
        &self.state
    }

    /// The current data set (after edits).
    pub fn dataset(&self) -> Option<&Dataset> {
        self.cache.as_ref().map(|c| &c.data)
    }

    /// Largest singular value of the training X (1 before any data).
    pub fn s_max(&self) -> f64 {
        self.cache.as_ref().map(|c| c.problem.svd.s_max()).filter(|s| *s > 0.0).unwrap_or(1.0)
    }

    /// The step α = fraction · s_max⁻².
    pub fn alpha(&self) -> f64 {
        self.state.alpha * optimal_alpha(self.s_max())
    }

    /// Size of the training problem, N·p² (what a solve or forming XᵀX costs).
    pub(super) fn work(&self) -> f64 {
        self.cache.as_ref().map(|c| c.x_train.nrows() as f64 * (c.x_train.ncols() as f64).powi(2)).unwrap_or(0.0)
    }

    /// Recomputes everything that depends on the data from the current state.
    pub(super) fn rebuild(&mut self) -> LabResult<()> {
        let data = self.state.dataset()?;
        let spec = self.state.data.features();
        let (xa, ya) = data.split(false);
        let (xb, yb) = data.split(true);
        check_svd_work(xa.len() + xb.len(), xa.len(), spec.columns())?;
        let x_train = design_matrix(&spec, &xa);
        let x_test = design_matrix(&spec, &xb);
        let problem = Problem::new(&x_train, &ya, &x_test, &yb)?;
        let (lo, hi) = self.x_range_of(&data);
        let grid: Vec<f64> = (0..GRID_POINTS).map(|i| lo + (hi - lo) * i as f64 / (GRID_POINTS - 1) as f64).collect();
        let grid_features = design_matrix(&spec, &grid);
        let (min, max) = limits(&LAMBDA);
        let ridge_curve = problem.error_curve(Sweep::Ridge { min, max, points: CURVE_POINTS })?;
        let pca_curve = problem.error_curve(Sweep::Pca)?;
        self.cache = Some(Cache {
            data,
            problem,
            x_train,
            y_train: ya,
            grid,
            grid_features,
            ridge_curve,
            pca_curve,
            gd_curve: None,
            precision: None,
            precision_routes: Vec::new(),
        });
        self.cache_error = None;
        self.gd = None;
        self.precision_requested = false;
        self.refresh_gd_curve();
        Ok(())
    }

    /// The data view's x range: the data's, padded, or the one frozen while a point is held.
    fn x_range_of(&self, data: &Dataset) -> (f64, f64) {
        if let Some(r) = self.frozen_x {
            return r;
        }
        let lo = data.x.iter().copied().fold(-1.0, f64::min);
        let hi = data.x.iter().copied().fold(1.0, f64::max);
        let pad = 0.04 * (hi - lo);
        (lo - pad, hi + pad)
    }
}

/// The page's calls, each done by its own file: `controls`, `apply` (set), `actions`,
/// `pointer`, `work` (tick, busy), `readouts` (status), `views` and `export` (table).
impl Widget for ShrinkageLab {
    fn views(&self) -> Vec<ViewSpec> {
        self.view_specs()
    }

    fn controls(&self) -> Vec<Control> {
        self.control_list()
    }

    fn set(&mut self, key: &str, value: &str) -> crate::lab::error::LabResult<()> {
        self.apply(key, value)
    }

    fn action(&mut self, key: &str) -> crate::lab::error::LabResult<()> {
        self.run_action(key)
    }

    fn pointer(&mut self, view: &str, p: Pointer) -> crate::lab::error::LabResult<()> {
        self.on_pointer(view, p)
    }

    fn tick(&mut self, now_ms: f64, out_of_time: &mut dyn FnMut() -> bool) -> bool {
        self.advance(now_ms, out_of_time)
    }

    fn ticked_views(&self) -> Option<Vec<&'static str>> {
        self.progress_only.then(|| vec!["precision"])
    }

    fn busy(&self) -> bool {
        self.computing()
    }

    fn query(&self) -> String {
        encode(&self.state.for_url())
    }

    fn status(&self) -> String {
        self.status_line()
    }

    fn take_notices(&mut self) -> Vec<String> {
        std::mem::take(&mut self.notices)
    }

    fn table(&self, view: &str) -> Option<crate::lab::export::Table> {
        ShrinkageLab::table(self, view)
    }

    fn figure(&self, view: &str) -> Option<crate::render::figure::Figure<'_>> {
        ShrinkageLab::figure(self, view)
    }

    fn legacy_keys(&self) -> crate::lab::legacy_keys::LegacyKeys {
        super::legacy::LEGACY_KEYS
    }
}
