//! Data from typed formulas (issue 13): a 1-D regression target `y = f(x)` and a 2-class rule in
//! x and y (`x^2 + y^2 < 0.5`, `sin(3x) > y`), parsed by [`crate::expr`] and checked before any
//! data are drawn.

use super::data::{DataConfig, DataKind};
use super::error::{config_err, MlpError};
use crate::expr::Expr;

/// The regression target a new "your own f(x)" data set starts with.
pub const DEFAULT_TARGET: &str = "sin(3x)*x";
/// The rule a new "your own rule" data set starts with.
pub const DEFAULT_RULE: &str = "x^2 + y^2 < 0.5";
/// Points of [-1, 1] where a typed target is checked to be defined (edges included).
const CHECK_POINTS: usize = 401;

impl DataConfig {
    /// The typed target f(x) (for [`DataKind::Function`]): it must parse, use only x and be finite on
    /// [-1, 1].
    pub fn target_expr(&self) -> Result<Expr, MlpError> {
        let e = parse(Expr::parse(&self.target, &["x"]))?;
        let mut stack = Vec::new();
        for i in 0..CHECK_POINTS {
            let x = -1.0 + 2.0 * i as f64 / (CHECK_POINTS - 1) as f64;
            if !e.value_with(&[x], &[], &mut stack).is_finite() {
                return config_err(format!("f is undefined at x = {x} (the inputs are drawn on [-1, 1])"));
            }
        }
        Ok(e)
    }

    /// The typed rule (for [`DataKind::Rule`]): a comparison in x and y, class 1 where it holds.
    pub fn rule_expr(&self) -> Result<Expr, MlpError> {
        parse(Expr::parse_rule(&self.rule, &["x", "y"]))
    }

    /// Checks the formula the data kind uses (the other one is not read).
    pub fn check_formulas(&self) -> Result<(), MlpError> {
        match self.kind {
            DataKind::Function => self.target_expr().map(|_| ()),
            DataKind::Rule => self.rule_expr().map(|_| ()),
            _ => Ok(()),
        }
    }
}

fn parse(r: Result<Expr, crate::expr::ExprError>) -> Result<Expr, MlpError> {
    let e = r.or_else(|e| config_err(e.to_string()))?;
    match e.params().first() {
        Some(p) => config_err(format!("the formula may only use x and y here: replace “{p}” by a number")),
        None => Ok(e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::mlp::loss::Task;

    #[test]
    fn typed_data_follow_their_formulas() {
        let d = DataConfig { kind: DataKind::Function, target: "x^2 - 0.5".into(), noise: 0.0, ..DataConfig::default() };
        let data = d.generate().unwrap();
        assert_eq!(d.task(), Task::Regression);
        for (x, y) in data.x().iter().zip(data.y()) {
            assert!((y - (x * x - 0.5)).abs() < 1e-15);
        }
        let r = DataConfig { kind: DataKind::Rule, rule: "x > y".into(), noise: 0.0, ..DataConfig::default() };
        let data = r.generate().unwrap();
        assert_eq!(r.task(), Task::Classification { classes: 2 });
        for (p, y) in data.x().chunks(2).zip(data.y()) {
            assert_eq!(*y, if p[0] > p[1] { 1.0 } else { 0.0 });
        }
        let bad = |d: DataConfig| d.validate().unwrap_err().to_string();
        assert!(bad(DataConfig { kind: DataKind::Function, target: "log(x)".into(), ..DataConfig::default() }).contains("undefined at x = -1"));
        assert!(bad(DataConfig { kind: DataKind::Function, target: "a*x".into(), ..DataConfig::default() }).contains("replace “a”"));
        assert!(bad(DataConfig { kind: DataKind::Rule, rule: "x + y".into(), ..DataConfig::default() }).contains("a rule compares two sides"));
        assert!(bad(DataConfig { kind: DataKind::Rule, rule: "x <".into(), ..DataConfig::default() }).contains("column"));
        // The formula of another kind is not read.
        assert!(DataConfig { rule: "((".into(), target: "))".into(), ..DataConfig::default() }.validate().is_ok());
    }
}
