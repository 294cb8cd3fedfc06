//! Formulas typed the way a student writes them, with exact derivatives.
//!
//! `x^4 - 2*x^2 + y^2 + 0.5*x*y`, `sin(3x)*cos(2y)`, `log(1+exp(-x))`, `(1-x)^2 + a*(y-x^2)^2`:
//! `+ - * / ^` (also `**`), unary minus, a number multiplying what follows it (`3x`, `2pi`),
//! parentheses, the functions `sin cos tan exp log (ln) sqrt abs tanh sigmoid min max`, and the
//! constants `pi` and `e`. Any other name is a **free parameter** (`a`, `k`), listed by
//! [`Expr::params`] in order of first appearance, for the page to show as a slider. A rule for
//! classification data compares two sums: `x^2 + y^2 < 0.5`, `sin(3x) > y`.
//!
//! A formula is parsed once into a flat postfix tape ([`tape`]) and evaluated without
//! allocation: at one point over `f64`, at 64 points at once for a heatmap
//! ([`Expr::values`]), or over `num-dual`'s second-order dual numbers, which give the value, the
//! gradient and the Hessian **exactly** (automatic differentiation, no finite differences:
//! [`Expr::hessian`], [`Expr::derivatives_1d`]). `num-dual` was chosen because its `DualNum`
//! trait lets one generic evaluator serve plain numbers and every order of derivative, its
//! hyper-dual types need no tape of their own (forward mode suits two variables), and version
//! 0.11 builds on the nalgebra 0.33 this crate already uses.
//!
//! Bad input is refused with what is wrong and where ([`ExprError`], e.g.
//! `unexpected “)” at column 7`). Length ([`MAX_LEN`] characters) and nesting
//! ([`parser::MAX_DEPTH`]) are bounded; nothing typed is ever run as code. Where a formula is
//! undefined (log of a negative number, division by zero) its value is NaN or infinite, which the
//! caller shows as outside the function's domain.

mod error;
mod lexer;
pub mod parser;
pub mod tape;
#[cfg(test)]
mod tests;

pub use error::ExprError;

use nalgebra::SVector;
use num_dual::{gradient, hessian, second_derivative, Dual2SVec64, DualSVec64};
use tape::{Op, LANES};

/// Longest formula accepted, in characters.
pub const MAX_LEN: usize = 300;

/// A parsed formula in the variables it was parsed with.
#[derive(Clone, Debug, PartialEq)]
pub struct Expr {
    text: String,
    tape: Vec<Op>,
    vars: Vec<String>,
    params: Vec<String>,
    rule: bool,
}

impl Expr {
    /// Parses a function of `vars` (e.g. `&["x", "y"]`).
    pub fn parse(text: &str, vars: &[&str]) -> Result<Expr, ExprError> {
        Self::parse_as(text, vars, false)
    }

    /// Parses a rule: a comparison of two sums in `vars`, 1 where it holds and 0 elsewhere.
    pub fn parse_rule(text: &str, vars: &[&str]) -> Result<Expr, ExprError> {
        let e = Self::parse_as(text, vars, true)?;
        if !e.rule {
            return Err(ExprError::new("a rule compares two sides, e.g. x^2 + y^2 < 0.5", text.chars().count() + 1));
        }
        Ok(e)
    }

    fn parse_as(text: &str, vars: &[&str], rule: bool) -> Result<Expr, ExprError> {
        let n = text.chars().count();
        if n > MAX_LEN {
            return Err(ExprError::new(format!("the formula is longer than {MAX_LEN} characters"), MAX_LEN + 1));
        }
        if text.trim().is_empty() {
            return Err(ExprError::new("the formula is empty", 1));
        }
        let tokens = lexer::tokens(text)?;
        let mut p = parser::Parser::new(&tokens, vars);
        let is_rule = p.formula(rule)?;
        Ok(Expr { text: text.to_string(), tape: p.tape, vars: vars.iter().map(|v| v.to_string()).collect(), params: p.params, rule: is_rule })
    }

    /// The text it was parsed from.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The free parameters, in order of first appearance; values are passed in this order.
    pub fn params(&self) -> &[String] {
        &self.params
    }

    /// Whether this is a rule (a comparison).
    pub fn is_rule(&self) -> bool {
        self.rule
    }

    /// The compiled tape.
    pub fn tape(&self) -> &[Op] {
        &self.tape
    }

    /// The value at `vars` (one number per variable) with `params`; `stack` is scratch space kept
    /// between calls.
    pub fn value_with(&self, vars: &[f64], params: &[f64], stack: &mut Vec<f64>) -> f64 {
        tape::eval(&self.tape, vars, params, stack)
    }

    /// The value at `vars` with `params`.
    pub fn value(&self, vars: &[f64], params: &[f64]) -> f64 {
        self.value_with(vars, params, &mut Vec::with_capacity(self.tape.len()))
    }

    /// Values at the points (xs\[i\], ys\[i\]) of a two-variable formula, into `out`, 64 points
    /// per pass over the tape; `stack` is scratch space kept between calls (no allocation once it
    /// has grown).
    pub fn values(&self, xs: &[f64], ys: &[f64], params: &[f64], stack: &mut Vec<[f64; LANES]>, out: &mut [f64]) {
        let n = xs.len().min(ys.len()).min(out.len());
        let mut at = 0;
        while at < n {
            let end = (at + LANES).min(n);
            tape::eval_block(&self.tape, &xs[at..end], &ys[at..end], params, stack, &mut out[at..end]);
            at = end;
        }
    }

    /// Value and gradient of a two-variable formula at (x, y), exactly (first-order duals: cheaper
    /// than [`Expr::hessian`] when the curvature is not needed).
    pub fn gradient(&self, x: f64, y: f64, params: &[f64]) -> (f64, [f64; 2]) {
        let mut stack: Vec<DualSVec64<2>> = Vec::with_capacity(self.tape.len());
        let (f, g) = gradient(|v: SVector<DualSVec64<2>, 2>| tape::eval(&self.tape, &[v[0], v[1]], params, &mut stack), SVector::from([x, y]));
        (f, [g[0], g[1]])
    }

    /// Value, gradient and Hessian of a two-variable formula at (x, y), exactly.
    pub fn hessian(&self, x: f64, y: f64, params: &[f64]) -> (f64, [f64; 2], [[f64; 2]; 2]) {
        let mut stack: Vec<Dual2SVec64<2>> = Vec::with_capacity(self.tape.len());
        let (f, g, h) = hessian(|v: SVector<Dual2SVec64<2>, 2>| tape::eval(&self.tape, &[v[0], v[1]], params, &mut stack), SVector::from([x, y]));
        (f, [g[0], g[1]], [[h[(0, 0)], h[(0, 1)]], [h[(1, 0)], h[(1, 1)]]])
    }

    /// Value, first and second derivative of a one-variable formula at `x`, exactly.
    pub fn derivatives_1d(&self, x: f64, params: &[f64]) -> (f64, f64, f64) {
        let mut stack = Vec::with_capacity(self.tape.len());
        second_derivative(|v| tape::eval(&self.tape, &[v], params, &mut stack), x)
    }
}
