//! Every optimizer × every landscape, in one table (in the spirit of optax's `alias_test.py`).
//!
//! Each optimizer runs from the landscape's suggested start with a step size chosen by one rule
//! per optimizer family (below), for [`BUDGET`] steps. The expected outcome of every cell is
//! "converges" (at least 95 % of the way from f(x₀) to f*, no divergence) unless the table of
//! exceptions names the cell with the documented reason it does not.

use crate::landscape::{LandscapeConfig, Surface};
use crate::optim::OptimizerConfig;

use super::race::run_race;
use super::state::{OptimizerLabState, RacerConfig};

/// Steps per run.
pub const BUDGET: u64 = 3000;

/// What a run did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// Reached ≥ 95 % of the possible decrease f(x₀) − f*, or ended at one of the listed minima.
    Converged,
    /// Left the start region downhill on a landscape without a minimum (f fell below f(x₀) − 1).
    Escaped,
    /// Decreased f but less than 95 % of the way (slow, or a local minimum).
    Partial,
    /// Did not decrease f at all (or went uphill).
    Stuck,
    /// The iterate became non-finite or left the ±10⁶ box.
    Diverged,
    /// Could not run (configuration refused).
    Refused,
}

/// The step-size rule: 1/L for the gradient methods (L over the default view), a fraction of
/// the view's width for the scale-free (sign / normalised) methods, the reference defaults
/// for Newton-type and the multiplicative/per-neuron methods.
pub fn tuned(kind: &str, surface: &Surface) -> OptimizerConfig {
    let view = surface.default_view();
    let l = surface.lipschitz(&view).max(1e-9);
    let width = view.width();
    let mut c = OptimizerConfig::default_for(kind).unwrap_or_default();
    let lr = match kind {
        "sgd" | "ema_momentum" => Some(1.0 / l),
        "mirror_descent" => Some(1.0 / l),
        "adagrad" | "rprop" => Some(0.05 * width),
        "rmsprop" | "adam" | "adamw" | "nadam" => Some(0.005 * width),
        "sign_sgd" => Some(0.001 * width),
        _ => None,
    };
    if let Some(lr) = lr {
        let _ = c.set("lr", lr.clamp(1e-8, 100.0));
    }
    if kind == "cubic_newton" {
        let _ = c.set("m", l.clamp(1e-3, 1e6));
    }
    c
}

/// Runs one cell.
pub fn run_cell(kind: &str, landscape: &LandscapeConfig) -> (Outcome, f64) {
    let surface = match landscape.build() {
        Ok(s) => s,
        Err(_) => return (Outcome::Refused, 0.0),
    };
    let mut s = OptimizerLabState { landscape: landscape.clone(), budget: BUDGET, shown: BUDGET, ..OptimizerLabState::default() };
    s.start = surface.default_start();
    s.racers = vec![RacerConfig::new(tuned(kind, &surface))];
    let t = run_race(&surface, &s, &surface.default_view()).remove(0);
    if t.error.is_some() {
        return (Outcome::Refused, 0.0);
    }
    let f0 = t.loss[0];
    let f_end = *t.loss.last().unwrap_or(&f0);
    if surface.minima().is_empty() {
        // Unbounded below: running off downhill (even to infinity) is the right behaviour.
        let lowest = t.loss.iter().copied().fold(f0, f64::min);
        return (if lowest < f0 - 1.0 { Outcome::Escaped } else if t.diverged_at.is_some() { Outcome::Diverged } else { Outcome::Stuck }, lowest);
    }
    if t.diverged_at.is_some() {
        return (Outcome::Diverged, f64::INFINITY);
    }
    let f_star = surface.min_value();
    let progress = (f0 - f_end) / (f0 - f_star).max(1e-300);
    // Settling in any listed minimum (local ones included, e.g. the six-hump camel's) counts.
    let end = t.points.last().copied().unwrap_or(s.start);
    let tol = 1e-3 * surface.default_view().width();
    let at_minimum = surface.minima().iter().any(|m| (m[0] - end[0]).hypot(m[1] - end[1]) < tol);
    let o = if progress >= 0.95 || at_minimum {
        Outcome::Converged
    } else if progress > 0.0 {
        Outcome::Partial
    } else {
        Outcome::Stuck
    };
    (o, progress)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The cells that do not converge, each with its reason.
    fn exception(kind: &str, landscape: &str) -> Option<(Outcome, &'static str)> {
        use Outcome::*;
        const GD: &[&str] = &["sgd", "ema_momentum", "gd_inv_l", "mirror_descent"];
        Some(match (kind, landscape) {
            // Rastrigin's lesson: many local minima. From the suggested start every method settles
            // in a nearby local minimum, short of the global one at the origin.
            (_, "rastrigin") => (Partial, "stuck in a local minimum, the lesson of this landscape"),
            (k, "rosenbrock") if GD.contains(&k) => {
                (Partial, "step 1/L with L ≈ 2700+ from the corners of the view: GD crawls along the banana valley")
            }
            ("sign_sgd", "rosenbrock") => (Partial, "fixed-size sign steps zig-zag across the narrow curved valley"),
            (k, "beale") if GD.contains(&k) => (Partial, "Beale's long flat valley: step 1/L from its steep walls is far too short for the floor"),
            ("newton", "beale") => (Partial, "plain Newton seeks any critical point: it stops at Beale's saddle at (0, 1)"),
            ("newton", "himmelblau") => (Stuck, "plain Newton from (0, 0) converges to the local maximum (−0.27, −0.92): it seeks critical points"),
            ("newton", "plateau") => (Stuck, "negative curvature around the well's rim: the Newton step points uphill (use saddle-free)"),
            ("newton", "logistic") => (Stuck, "full Newton steps overshoot where the logistic loss is nearly flat (switch on the line search)"),
            ("madam", "himmelblau") => (Stuck, "multiplicative updates cannot move a weight that is exactly 0, and x₀ = (0, 0)"),
            ("madam", "booth") | ("madam", "logistic") => {
                (Partial, "multiplicative updates never change a weight's sign; the minimum has the other sign, so Madam shrinks towards 0")
            }
            ("nero", "himmelblau") => (Partial, "Nero's steps scale with mean |x₀|, which is 0 here (then 0.01): 10⁻⁴ per step covers only ~0.3"),
            ("rmsprop" | "adadelta" | "madam" | "nero", "six_hump_camel") => {
                (Partial, "normalised steps keep their size near the minimum: hovers around the local minimum instead of settling")
            }
            _ => return None,
        })
    }

    #[test]
    fn every_optimizer_on_every_landscape() {
        let mut report = String::new();
        let mut failures = Vec::new();
        for lk in LandscapeConfig::kinds() {
            let l = LandscapeConfig::default_for(lk).unwrap();
            for ok in OptimizerConfig::kinds() {
                let (got, progress) = run_cell(ok, &l);
                let expected = match exception(ok, lk) {
                    Some((o, why)) => {
                        assert!(!why.is_empty());
                        o
                    }
                    None if matches!(*lk, "saddle" | "monkey_saddle") => Outcome::Escaped,
                    None => Outcome::Converged,
                };
                report.push_str(&format!("{lk:>15} {ok:>15} {got:?} {progress:.3}\n"));
                if got != expected {
                    failures.push(format!("{ok} on {lk}: expected {expected:?}, got {got:?} (progress {progress:.3})"));
                }
            }
        }
        println!("{report}");
        assert!(failures.is_empty(), "{} cells differ:\n{}", failures.len(), failures.join("\n"));
    }
}
