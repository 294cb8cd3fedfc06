//! "Your own function": a landscape typed as a formula in x and y (issue 13), with exact value,
//! gradient and Hessian from automatic differentiation ([`crate::expr`]), the heatmap from the
//! formula's block evaluator, and minima **found** by a multi-start Newton search over the view
//! ([`super::search`]) rather than known.
//!
//! The config holds the text, the free parameters' values (`a`, `k`, … at most 8, a map from
//! name to value) and the view; in the URL:
//! `landscape.kind=typed&landscape.formula=x^4-2x^2%2By^2&landscape.params.a=0.5&landscape.view.x_min=-2…`.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::search::{find_minima, Found};
use super::shape::{Frame, Shape};
use super::{LandscapeError, ViewBox};
use crate::expr::tape::LANES;
use crate::expr::Expr;

/// The formula a new "your own function" landscape starts with.
pub const DEFAULT_FORMULA: &str = "x^4 - 2x^2 + y^2 + a*x*y";
/// The value a new free parameter starts at.
pub const DEFAULT_PARAM: f64 = 1.0;
/// Largest magnitude of a free parameter's value.
pub const PARAM_LIMIT: f64 = 1e6;
/// Largest magnitude of a view edge.
pub const VIEW_LIMIT: f64 = 1e6;
/// The view a new typed landscape starts with (4:3).
pub const DEFAULT_VIEW: ViewBox = ViewBox::new(-2.0, 2.0, -1.5, 1.5);
/// The label in menus.
pub const LABEL: &str = "Your own function";

/// The configuration of a typed landscape (serde data, part of the URL state).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct TypedConfig {
    /// The formula in x and y, as typed (e.g. `x^4 - 2x^2 + y^2`).
    pub formula: String,
    /// The free parameters' values by name (names not in the formula are ignored; a missing one
    /// is [`DEFAULT_PARAM`]). Empty unless given, so a link without them reads back the same.
    #[serde(default)]
    pub params: BTreeMap<String, f64>,
    /// The region shown and searched for minima (a link may give some edges only).
    #[serde(with = "view_form")]
    pub view: ViewBox,
}

/// The serde form of the view: each edge may be missing (it takes the default view's).
mod view_form {
    use super::ViewBox;
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    #[derive(Serialize, Deserialize)]
    #[serde(default, deny_unknown_fields)]
    struct Edges {
        x_min: f64,
        x_max: f64,
        y_min: f64,
        y_max: f64,
    }

    impl Default for Edges {
        fn default() -> Self {
            let v = super::DEFAULT_VIEW;
            Edges { x_min: v.x_min, x_max: v.x_max, y_min: v.y_min, y_max: v.y_max }
        }
    }

    pub fn serialize<S: Serializer>(v: &ViewBox, s: S) -> Result<S::Ok, S::Error> {
        Edges { x_min: v.x_min, x_max: v.x_max, y_min: v.y_min, y_max: v.y_max }.serialize(s)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<ViewBox, D::Error> {
        let e = Edges::deserialize(d)?;
        Ok(ViewBox::new(e.x_min, e.x_max, e.y_min, e.y_max))
    }
}

impl Default for TypedConfig {
    fn default() -> Self {
        TypedConfig { formula: DEFAULT_FORMULA.into(), params: BTreeMap::new(), view: DEFAULT_VIEW }
    }
}

impl TypedConfig {
    /// A typed landscape of `formula` over `view` with the given parameter values.
    pub fn new(formula: &str, params: &[(&str, f64)], view: ViewBox) -> Self {
        TypedConfig { formula: formula.into(), params: params.iter().map(|(k, v)| (k.to_string(), *v)).collect(), view }
    }

    /// Parses the formula (the message says what is wrong and at which column).
    pub fn parse(&self) -> Result<Expr, LandscapeError> {
        Expr::parse(&self.formula, &["x", "y"]).map_err(|e| LandscapeError::new(e.to_string()))
    }

    /// The same landscape with another formula: parameters it shares keep their values, new ones
    /// start at [`DEFAULT_PARAM`], the others are dropped. Refused (with the parser's message)
    /// if the formula does not parse.
    pub fn with_formula(&self, formula: &str) -> Result<TypedConfig, LandscapeError> {
        let next = TypedConfig { formula: formula.to_string(), params: BTreeMap::new(), view: self.view };
        let expr = next.parse()?;
        let params = expr.params().iter().map(|p| (p.clone(), self.params.get(p).copied().unwrap_or(DEFAULT_PARAM))).collect();
        Ok(TypedConfig { params, ..next })
    }

    /// The values of the formula's parameters, in the formula's order (missing ones at the default).
    pub fn values(&self, expr: &Expr) -> Vec<f64> {
        expr.params().iter().map(|p| self.params.get(p).copied().unwrap_or(DEFAULT_PARAM)).collect()
    }

    /// Checks the formula, the parameters' values and the view.
    pub fn validate(&self) -> Result<(), LandscapeError> {
        self.parse()?;
        for (name, v) in &self.params {
            check_param(name, *v)?;
        }
        check_view(&self.view)
    }
}

/// Why a free parameter's value is refused.
pub fn check_param(name: &str, v: f64) -> Result<(), LandscapeError> {
    if v.is_finite() && v.abs() <= PARAM_LIMIT {
        Ok(())
    } else {
        Err(LandscapeError::new(format!("the parameter {name} must be a finite number within ±{PARAM_LIMIT} (got {v})")))
    }
}

/// Why a view is refused.
pub fn check_view(v: &ViewBox) -> Result<(), LandscapeError> {
    v.validate()?;
    if [v.x_min, v.x_max, v.y_min, v.y_max].iter().any(|e| e.abs() > VIEW_LIMIT) {
        return Err(LandscapeError::new(format!("the view's edges must lie within ±{VIEW_LIMIT}")));
    }
    if v.width() < 1e-6 || v.height() < 1e-6 {
        return Err(LandscapeError::new("the view must be at least 10⁻⁶ wide and high"));
    }
    Ok(())
}

/// A built typed formula with its parameters' values.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Typed {
    expr: Expr,
    values: Vec<f64>,
    view: ViewBox,
}

impl Typed {
    /// The formula of an already validated config (a formula that does not parse, which
    /// validation rules out, becomes 0).
    pub(crate) fn new(config: &TypedConfig) -> Self {
        let expr = config.parse().or_else(|_| Expr::parse("0", &["x", "y"]).map_err(|e| LandscapeError::new(e.to_string())));
        let expr = expr.unwrap_or_else(|e| panic!("the constant 0 always parses: {e}"));
        Typed { values: config.values(&expr), expr, view: config.view }
    }

    /// The view, a start, the minima found and f*.
    pub(crate) fn frame(&self) -> Result<Frame, LandscapeError> {
        let Found { minima, values, lowest } = self.search();
        let v = self.view;
        let start = [v.x_min + 0.2 * v.width(), v.y_max - 0.2 * v.height()];
        let min_value = values.first().copied().unwrap_or(if lowest.is_finite() { lowest } else { 0.0 });
        Ok(Frame { view: v, start, minima, min_value })
    }

    /// The multi-start Newton search over the view.
    pub(crate) fn search(&self) -> Found {
        find_minima(&self.view, self.expr.tape().len(), |x, y| self.expr.hessian(x, y, &self.values), |x, y| self.value(x, y))
    }

    /// Cost of one evaluation relative to a closed form (about 8 tape operations each, measured
    /// in the page: a 227-character formula took 50 ms per 1280×800 frame at DPR 2 counted as 16).
    pub(crate) fn eval_cost(&self) -> usize {
        self.expr.tape().len().div_ceil(8).max(1)
    }
}

impl Shape for Typed {
    fn value(&self, x: f64, y: f64) -> f64 {
        let mut stack = Vec::with_capacity(self.expr.tape().len());
        self.expr.value_with(&[x, y], &self.values, &mut stack)
    }
    fn gradient(&self, x: f64, y: f64) -> [f64; 2] {
        self.expr.gradient(x, y, &self.values).1
    }
    fn hessian(&self, x: f64, y: f64) -> [[f64; 2]; 2] {
        self.expr.hessian(x, y, &self.values).2
    }
    /// 64 pixels of a row per pass over the tape.
    fn fill_grid(&self, view: &ViewBox, w: usize, h: usize, out: &mut [f32]) {
        if w == 0 || h == 0 {
            return;
        }
        let (dx, dy) = (view.width() / w as f64, view.height() / h as f64);
        let mut stack = Vec::with_capacity(self.expr.tape().len());
        let (mut xs, mut ys, mut vs) = ([0.0; LANES], [0.0; LANES], [0.0; LANES]);
        for (j, line) in out.chunks_exact_mut(w).take(h).enumerate() {
            ys.fill(view.y_max - (j as f64 + 0.5) * dy);
            for (c, chunk) in line.chunks_mut(LANES).enumerate() {
                let n = chunk.len();
                for (k, x) in xs[..n].iter_mut().enumerate() {
                    *x = view.x_min + ((c * LANES + k) as f64 + 0.5) * dx;
                }
                self.expr.values(&xs[..n], &ys[..n], &self.values, &mut stack, &mut vs[..n]);
                for (o, v) in chunk.iter_mut().zip(&vs[..n]) {
                    *o = *v as f32;
                }
            }
        }
    }
}

#[cfg(test)]
#[path = "typed_tests.rs"]
mod tests;
