//! The true function f behind generated data: one of the built-in [`Target`]s or a formula in x
//! typed by the student ([`Target::Typed`], the text in `DataConfig::formula`), e.g.
//! `sin(2*pi*x) + 0.3*x`, evaluated by [`crate::expr`].

use super::error::{invalid, ShrinkError};
use super::{DataConfig, Target};
use crate::expr::Expr;

/// Points of [-1, 1] where a typed f is checked to be defined (edges included).
pub const CHECK_POINTS: usize = 401;

/// The true function, ready to evaluate.
#[derive(Clone, Debug)]
pub enum Truth {
    /// A built-in target.
    Known(Target),
    /// A typed formula in x (no free parameters).
    Typed(Expr),
}

impl Truth {
    /// f(x).
    pub fn eval(&self, x: f64) -> f64 {
        match self {
            Truth::Known(t) => t.eval(x),
            Truth::Typed(e) => e.value(&[x], &[]),
        }
    }
}

impl DataConfig {
    /// The true function of this configuration; a typed one must parse, have no free parameter
    /// and be defined (finite) on [-1, 1] where the data are drawn.
    pub fn truth(&self) -> Result<Truth, ShrinkError> {
        if self.target != Target::Typed {
            return Ok(Truth::Known(self.target));
        }
        // The parser refuses formulas longer than crate::expr::MAX_LEN with its own message.
        let e = Expr::parse(&self.formula, &["x"]).map_err(|e| invalid(e.to_string()))?;
        if let Some(p) = e.params().first() {
            return Err(invalid(format!("f may only use x here: replace “{p}” by a number")));
        }
        let mut stack = Vec::new();
        for i in 0..CHECK_POINTS {
            let x = -1.0 + 2.0 * i as f64 / (CHECK_POINTS - 1) as f64;
            let v = e.value_with(&[x], &[], &mut stack);
            if !v.is_finite() {
                return Err(invalid(format!("f is undefined at x = {x} (the data are drawn on [-1, 1])")));
            }
        }
        Ok(Truth::Typed(e))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn typed(f: &str) -> DataConfig {
        DataConfig { target: Target::Typed, formula: f.into(), ..DataConfig::default() }
    }

    #[test]
    fn a_typed_true_function_is_used_and_checked() {
        let t = typed("sin(2*pi*x) + 0.3*x").truth().unwrap();
        for x in [-1.0, -0.3, 0.0, 0.7] {
            assert!((t.eval(x) - ((std::f64::consts::TAU * x).sin() + 0.3 * x)).abs() < 1e-15);
        }
        assert_eq!(typed("sin(2x) + a").truth().unwrap_err().to_string(), "f may only use x here: replace “a” by a number");
        assert!(typed("log(x)").truth().unwrap_err().to_string().contains("undefined at x = -1"));
        assert!(typed("1/x").truth().unwrap_err().to_string().contains("undefined at x = 0"));
        assert_eq!(typed("(x))").truth().unwrap_err().to_string(), "unexpected “)” at column 4");
        assert!(matches!(DataConfig::default().truth(), Ok(Truth::Known(Target::Sine))));
    }
}
