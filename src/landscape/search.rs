//! Minima found numerically, for a landscape whose minima are not known in closed form (a typed
//! formula): a multi-start Newton search over the view.
//!
//! Starts on a [`STARTS`]×[`STARTS`] grid of the view; from each, damped Newton steps on the
//! exact gradient and Hessian (the Hessian shifted to be positive definite where it is not, so a
//! step always goes downhill), with a backtracking line search on f. A run that ends with a tiny
//! gradient, a positive semi-definite Hessian and inside the view is a minimum; nearby ends are
//! merged, once its neighbours confirm it (a degenerate saddle passes the second-order test).
//! The work is bounded by a count of evaluations (not a clock), so a search takes the
//! same steps everywhere: at most [`MAX_EVALS`] Hessians, fewer for a long formula.

use super::ViewBox;

/// Starts per side of the grid.
pub const STARTS: usize = 7;
/// Newton steps per start, at most.
pub const STEPS: usize = 40;
/// Evaluations of value, gradient and Hessian over the whole search, for a formula of one
/// operation; a formula of n operations gets `MAX_EVALS / n` (at least [`MIN_EVALS`]).
pub const MAX_EVALS: usize = 60_000;
/// The least evaluations a search may take, however long the formula.
pub const MIN_EVALS: usize = 600;
/// Most minima kept (the lowest).
pub const MAX_MINIMA: usize = 24;

/// What a search found.
#[derive(Clone, Debug, PartialEq)]
pub struct Found {
    /// The minima inside the view, lowest first.
    pub minima: Vec<[f64; 2]>,
    /// Their values (same order).
    pub values: Vec<f64>,
    /// The lowest finite value seen anywhere (the least f when no minimum was found).
    pub lowest: f64,
}

/// Searches `view` for minima of a function given as `eval(x, y) = (f, ∇f, ∇²f)` and its value
/// `value(x, y)`; `cost` is the formula's length in operations (it scales the budget).
pub fn find_minima(view: &ViewBox, cost: usize, eval: impl Fn(f64, f64) -> (f64, [f64; 2], [[f64; 2]; 2]), value: impl Fn(f64, f64) -> f64) -> Found {
    let mut budget = (MAX_EVALS / cost.max(1)).max(MIN_EVALS);
    let mut found = Found { minima: Vec::new(), values: Vec::new(), lowest: f64::INFINITY };
    let diag = view.width().hypot(view.height());
    for j in 0..STARTS {
        for i in 0..STARTS {
            if budget == 0 {
                break;
            }
            let p = view.pixel_center(i, j, STARTS, STARTS);
            if let Some((m, f)) = descend(p, diag, &eval, &value, &mut budget, &mut found.lowest) {
                if view.contains(m) && budget >= 16 && {
                    budget -= 16;
                    lowest_around(m, f, 1e-3 * diag, &value)
                } {
                    merge(&mut found, m, f, diag);
                }
            }
        }
    }
    let mut order = crate::order::indices_by(&found.values[..found.minima.len()], false);
    order.truncate(MAX_MINIMA);
    Found { minima: order.iter().map(|k| found.minima[*k]).collect(), values: order.iter().map(|k| found.values[*k]).collect(), lowest: found.lowest }
}

/// Whether no point on a circle of radius `r` round `m` (16 directions) is lower than f(m) = `f`:
/// where the Hessian is singular (x³ − 3xy² at the origin) the second-order test cannot tell a
/// minimum from a saddle, but its neighbours can.
fn lowest_around(m: [f64; 2], f: f64, r: f64, value: &impl Fn(f64, f64) -> f64) -> bool {
    let slack = 1e-12 * f.abs().max(1.0);
    (0..16).all(|k| {
        let (s, c) = (k as f64 * std::f64::consts::PI / 8.0).sin_cos();
        let v = value(m[0] + r * c, m[1] + r * s);
        !(v < f - slack)
    })
}

/// Keeps `m` unless a minimum already found lies within 10⁻³ of the view's diagonal (then the
/// lower of the two stays).
fn merge(found: &mut Found, m: [f64; 2], f: f64, diag: f64) {
    for (k, q) in found.minima.iter_mut().enumerate() {
        if (q[0] - m[0]).hypot(q[1] - m[1]) < 1e-3 * diag {
            if f < found.values[k] {
                *q = m;
                found.values[k] = f;
            }
            return;
        }
    }
    found.minima.push(m);
    found.values.push(f);
}

/// Damped Newton from `p`; the end point and its value if it is a minimum.
fn descend(mut p: [f64; 2], diag: f64, eval: &impl Fn(f64, f64) -> (f64, [f64; 2], [[f64; 2]; 2]), value: &impl Fn(f64, f64) -> f64, budget: &mut usize, lowest: &mut f64) -> Option<([f64; 2], f64)> {
    for _ in 0..STEPS {
        if *budget == 0 {
            return None;
        }
        *budget -= 1;
        let (f, g, h) = eval(p[0], p[1]);
        if !(f.is_finite() && g.iter().all(|v| v.is_finite()) && h.iter().flatten().all(|v| v.is_finite())) {
            return None;
        }
        *lowest = lowest.min(f);
        let gn = g[0].hypot(g[1]);
        let (lo, hi) = eigenvalues(h);
        let scale = 1.0 + lo.abs().max(hi.abs());
        if gn <= 1e-9 * scale * (1.0 + f.abs()).max(1.0) {
            return (lo >= -1e-7 * scale).then_some((p, f));
        }
        // Shift the Hessian until it is positive definite, then solve (H + μI) d = −g.
        let mu = if lo > 1e-10 * scale { 0.0 } else { -lo + 1e-6 * scale };
        let (a, b, c) = (h[0][0] + mu, h[0][1], h[1][1] + mu);
        let det = a * c - b * b;
        let mut d = if det > 0.0 { [-(c * g[0] - b * g[1]) / det, -(a * g[1] - b * g[0]) / det] } else { [-g[0], -g[1]] };
        // Never more than a quarter of the view in one step.
        let len = d[0].hypot(d[1]);
        if len > 0.25 * diag {
            d = [d[0] * 0.25 * diag / len, d[1] * 0.25 * diag / len];
        }
        let slope = g[0] * d[0] + g[1] * d[1];
        let mut t = 1.0;
        loop {
            if *budget == 0 {
                return None;
            }
            *budget -= 1;
            let q = [p[0] + t * d[0], p[1] + t * d[1]];
            let fq = value(q[0], q[1]);
            if fq.is_finite() && fq <= f + 1e-4 * t * slope {
                p = q;
                break;
            }
            t *= 0.5;
            if t < 1e-12 {
                // No decrease along d: a flat minimum to working precision if the Hessian agrees.
                return (lo >= -1e-7 * scale && gn <= 1e-5 * scale).then_some((p, f));
            }
        }
    }
    None
}

/// The eigenvalues (smaller, larger) of a symmetric 2×2 matrix.
fn eigenvalues(h: [[f64; 2]; 2]) -> (f64, f64) {
    let (a, b, c) = (h[0][0], 0.5 * (h[0][1] + h[1][0]), h[1][1]);
    let m = 0.5 * (a + c);
    let r = (0.5 * (a - c)).hypot(b);
    (m - r, m + r)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn well(x: f64, y: f64) -> (f64, [f64; 2], [[f64; 2]; 2]) {
        (x.powi(4) - 2.0 * x * x + y * y, [4.0 * x.powi(3) - 4.0 * x, 2.0 * y], [[12.0 * x * x - 4.0, 0.0], [0.0, 2.0]])
    }

    #[test]
    fn the_double_well_has_two_minima_and_no_saddle_is_taken_for_one() {
        let v = ViewBox::new(-2.0, 2.0, -1.5, 1.5);
        let found = find_minima(&v, 10, well, |x, y| well(x, y).0);
        assert_eq!(found.minima.len(), 2, "{found:?}");
        for m in &found.minima {
            assert!((m[0].abs() - 1.0).abs() < 1e-8 && m[1].abs() < 1e-8, "{m:?}");
        }
        assert!((found.values[0] + 1.0).abs() < 1e-12 && (found.lowest + 1.0).abs() < 1e-12);
    }

    #[test]
    fn a_degenerate_minimum_is_found_and_a_saddle_has_none() {
        let v = ViewBox::new(-2.0, 2.0, -1.5, 1.5);
        let quartic = |x: f64, y: f64| (x.powi(4) + y * y, [4.0 * x.powi(3), 2.0 * y], [[12.0 * x * x, 0.0], [0.0, 2.0]]);
        let found = find_minima(&v, 5, quartic, |x, y| quartic(x, y).0);
        assert_eq!(found.minima.len(), 1, "{found:?}");
        assert!(found.minima[0][0].abs() < 1e-3 && found.minima[0][1].abs() < 1e-8, "{found:?}");
        let saddle = |x: f64, y: f64| (x * x - y * y, [2.0 * x, -2.0 * y], [[2.0, 0.0], [0.0, -2.0]]);
        let none = find_minima(&v, 5, saddle, |x, y| x * x - y * y);
        assert!(none.minima.is_empty(), "{none:?}");
        assert!(none.lowest <= -2.0, "the lowest value seen is on the edge: {}", none.lowest);
    }

    #[test]
    fn the_budget_bounds_a_long_formula() {
        let v = ViewBox::new(-2.0, 2.0, -1.5, 1.5);
        let calls = std::cell::Cell::new(0usize);
        let counted = |x: f64, y: f64| {
            calls.set(calls.get() + 1);
            well(x, y)
        };
        let _ = find_minima(&v, 100_000, counted, |x, y| {
            calls.set(calls.get() + 1);
            well(x, y).0
        });
        assert!(calls.get() <= MIN_EVALS, "{} evaluations", calls.get());
    }
}
