//! The optimizer lab's "your own function" landscape: its settings (the formula, one slider per
//! free parameter, the view box), their controls, and applying one typed value.
//!
//! Keys are the paths in the state: `landscape.formula`, `landscape.params.a`,
//! `landscape.view.x_min`. A formula that does not parse is refused with the parser's message
//! and column (shown beside the field); the previous function keeps running.

use crate::expr::MAX_LEN;
use crate::lab::card::number_box;
use crate::lab::error::{LabError, LabResult};
use crate::lab::input::{echo, short_full};
use crate::lab::setting::Setting;
use crate::lab::widget::{Control, ControlKind};
use crate::landscape::typed::{check_view, PARAM_LIMIT, VIEW_LIMIT};
use crate::landscape::{LandscapeConfig, TypedConfig, ViewBox};
use crate::render::chart::short;

use super::widget::OptimizerLab;

/// The formula, in x and y.
pub const FORMULA: Setting = Setting::text("landscape.formula", "formula", MAX_LEN)
    .label("f(x, y) =")
    .help("Type a function of x and y: + − * / ^, 3x, sin cos tan exp log sqrt abs tanh sigmoid min max, pi, e. Any other name (a, k) becomes a slider.");
/// Every free parameter of the formula (`landscape.params.<name>`), declared once.
pub const PARAM: Setting = Setting::real("landscape.params", "parameter", -PARAM_LIMIT, PARAM_LIMIT)
    .span(-5.0, 5.0)
    .help("A free parameter of your formula; type any value within ±10⁶");
/// Every edge of the view box (`landscape.view.x_min`, …), declared once.
pub const VIEW_EDGE: Setting = Setting::real("landscape.view", "view edge", -VIEW_LIMIT, VIEW_LIMIT).help("The region shown and searched for minima");

/// The view's edges: key suffix and label.
const EDGES: [(&str, &str); 4] = [("x_min", "x from"), ("x_max", "x to"), ("y_min", "y from"), ("y_max", "y to")];

impl OptimizerLab {
    /// Applies a setting of the typed landscape; `None` when `key` is not one (or the landscape
    /// is not typed).
    pub(super) fn apply_typed(&mut self, key: &str, value: &str) -> Option<LabResult<()>> {
        let LandscapeConfig::Typed(t) = &self.state.landscape else { return None };
        let rest = key.strip_prefix("landscape.")?;
        let next = if rest == "formula" {
            FORMULA.text_value(value).and_then(|text| t.with_formula(text).map_err(LabError::from))
        } else if let Some(name) = rest.strip_prefix("params.") {
            set_param(t, name, value)
        } else if let Some(edge) = rest.strip_prefix("view.") {
            set_edge(t, edge, value)
        } else {
            return None;
        };
        Some(next.and_then(|c| self.use_typed(c, rest.starts_with("view."))))
    }

    /// Builds `config` (nothing changes if it does not build) and shows it; a new view box
    /// replaces any zoom.
    fn use_typed(&mut self, config: TypedConfig, new_view: bool) -> LabResult<()> {
        let l = LandscapeConfig::Typed(config);
        self.surface = l.build()?;
        self.state.landscape = l;
        if new_view {
            self.state.view = [0.0; 4];
        }
        self.changed();
        Ok(())
    }

    /// The typed landscape's controls: the formula field, a slider per free parameter, the view
    /// box and what the search for minima found.
    pub(super) fn typed_controls(&self, group: &str) -> Vec<Control> {
        let LandscapeConfig::Typed(t) = &self.state.landscape else { return Vec::new() };
        let mut c = vec![FORMULA.control(group, t.formula.clone())];
        if let Ok(expr) = t.parse() {
            for (name, v) in expr.params().iter().zip(t.values(&expr)) {
                let mut s = PARAM.control_as(format!("landscape.params.{name}"), name.clone(), group, short_full(v));
                if let ControlKind::Slider { min, max, step, .. } = &mut s.kind {
                    // The slider spans ±5, or twice the value when that is larger.
                    let r = 5f64.max(2.0 * v.abs());
                    (*min, *max, *step) = (-r, r, r / 100.0);
                }
                c.push(s);
            }
        }
        let edges = [t.view.x_min, t.view.x_max, t.view.y_min, t.view.y_max];
        for ((k, label), v) in EDGES.iter().zip(edges) {
            let range = VIEW_EDGE.range().unwrap_or_default();
            c.push(number_box(format!("landscape.view.{k}"), label, group, v, range).help(VIEW_EDGE.help));
        }
        c.push(Control::new("landscape.minima", "minima ★", group, self.minima_note(), ControlKind::Text));
        c
    }

    /// What the search found, said as found rather than known.
    fn minima_note(&self) -> String {
        let m = self.surface.minima();
        let f = short(self.surface.min_value());
        match m.len() {
            0 => format!("none found in the view (multi-start Newton); f − f* uses the lowest value seen, {f}"),
            1 => format!("1 found numerically (multi-start Newton over the view), f* = {f}"),
            n => format!("{n} found numerically (multi-start Newton over the view), lowest f* = {f}"),
        }
    }
}

/// The config with free parameter `name` set to the typed `value`.
fn set_param(t: &TypedConfig, name: &str, value: &str) -> LabResult<TypedConfig> {
    let expr = t.parse()?;
    if !expr.params().iter().any(|p| p == name) {
        let has = if expr.params().is_empty() { "none".to_string() } else { expr.params().join(", ") };
        return Err(LabError::unknown(format!("your formula has no parameter “{}” (it has: {has})", echo(name))));
    }
    let v = PARAM.real_value_as(name, value)?;
    let mut next = t.clone();
    next.params.insert(name.to_string(), v);
    Ok(next)
}

/// The config with view edge `edge` (`x_min`, …) set to the typed `value`.
fn set_edge(t: &TypedConfig, edge: &str, value: &str) -> LabResult<TypedConfig> {
    let (_, label) = EDGES.iter().find(|(k, _)| *k == edge).ok_or_else(|| LabError::unknown(format!("the view has no edge “{}” (x_min, x_max, y_min, y_max)", echo(edge))))?;
    let v = VIEW_EDGE.real_value_as(label, value)?;
    let mut view: ViewBox = t.view;
    match edge {
        "x_min" => view.x_min = v,
        "x_max" => view.x_max = v,
        "y_min" => view.y_min = v,
        _ => view.y_max = v,
    }
    check_view(&view)?;
    Ok(TypedConfig { view, ..t.clone() })
}

#[cfg(test)]
#[path = "typed_tests.rs"]
mod tests;
