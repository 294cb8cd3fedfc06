//! Golden-number tests: the first three steps of every optimizer, compared with numbers produced
//! by `golden/make_goldens.py` (real PyTorch 2.15 for the torch.optim methods; a documented
//! re-implementation from the formulas for the others). The exact Python call of each golden is
//! the comment above it in `golden/goldens.rs`.

use super::{BlockRole, Objective, OptimizerConfig, ParamBlock, StepContext};

include!("golden/goldens.rs");

/// f(x, y) = (x−1)² + 10(y+0.5)².
pub(super) struct Quad2;
impl Objective for Quad2 {
    fn dim(&self) -> usize {
        2
    }
    fn value(&self, x: &[f64]) -> f64 {
        (x[0] - 1.0).powi(2) + 10.0 * (x[1] + 0.5).powi(2)
    }
    fn gradient(&self, x: &[f64], g: &mut [f64]) {
        g[0] = 2.0 * (x[0] - 1.0);
        g[1] = 20.0 * (x[1] + 0.5);
    }
    fn hessian(&self, _x: &[f64], h: &mut [f64]) -> bool {
        h.copy_from_slice(&[2.0, 0.0, 0.0, 20.0]);
        true
    }
}

/// f(x, y) = (x−1)² + ½xy − y² + y⁴/4 (indefinite Hessian near the start (0.3, 0.2)).
pub(super) struct Saddle2;
impl Objective for Saddle2 {
    fn dim(&self) -> usize {
        2
    }
    fn value(&self, x: &[f64]) -> f64 {
        let (a, b) = (x[0], x[1]);
        (a - 1.0).powi(2) + 0.5 * a * b - b * b + b.powi(4) / 4.0
    }
    fn gradient(&self, x: &[f64], g: &mut [f64]) {
        let (a, b) = (x[0], x[1]);
        g[0] = 2.0 * (a - 1.0) + 0.5 * b;
        g[1] = 0.5 * a - 2.0 * b + b.powi(3);
    }
    fn hessian(&self, x: &[f64], h: &mut [f64]) -> bool {
        h.copy_from_slice(&[2.0, 0.5, 0.5, -2.0 + 3.0 * x[1] * x[1]]);
        true
    }
}

const T: [f64; 6] = [1.0, 0.0, -1.0, 0.5, 0.5, 0.5];
const C: [f64; 2] = [0.2, 0.4];

/// L = ½‖W − T‖² + ½‖b − c‖² + 0.3 Σⱼ W₀ⱼW₁ⱼ over x = (W row-major 2×3, b).
pub(super) struct Layer;
impl Objective for Layer {
    fn dim(&self) -> usize {
        8
    }
    fn value(&self, x: &[f64]) -> f64 {
        let w: f64 = (0..6).map(|i| 0.5 * (x[i] - T[i]).powi(2)).sum();
        let c: f64 = (0..3).map(|j| 0.3 * x[j] * x[3 + j]).sum();
        w + c + 0.5 * ((x[6] - C[0]).powi(2) + (x[7] - C[1]).powi(2))
    }
    fn gradient(&self, x: &[f64], g: &mut [f64]) {
        for j in 0..3 {
            g[j] = x[j] - T[j] + 0.3 * x[3 + j];
            g[3 + j] = x[3 + j] - T[3 + j] + 0.3 * x[j];
        }
        g[6] = x[6] - C[0];
        g[7] = x[7] - C[1];
    }
    fn hessian(&self, _x: &[f64], _h: &mut [f64]) -> bool {
        false
    }
}

/// Starting point, block layout (rows, cols, role) and objective of a named problem.
pub(super) type Problem = (Vec<f64>, Vec<(usize, usize, BlockRole)>, Box<dyn Objective>);

/// The named test problem (`quad2`, `saddle2`, or `layer`).
pub(super) fn problem(name: &str) -> Problem {
    match name {
        "quad2" => (
            vec![-0.7, 0.4],
            vec![(1, 2, BlockRole::Point)],
            Box::new(Quad2),
        ),
        "saddle2" => (
            vec![0.3, 0.2],
            vec![(1, 2, BlockRole::Point)],
            Box::new(Saddle2),
        ),
        _ => (
            vec![0.5, -0.2, 0.1, 0.3, 0.8, -0.6, 0.1, -0.3],
            vec![(2, 3, BlockRole::Weight), (1, 2, BlockRole::Bias)],
            Box::new(Layer),
        ),
    }
}

/// Runs `steps` steps with lr = config.lr() (constant schedule); returns x after each step.
pub(super) fn run(
    cfg: &OptimizerConfig,
    name: &str,
    steps: usize,
) -> Result<Vec<Vec<f64>>, super::OptimError> {
    let (mut x, layout, obj) = problem(name);
    let mut opt = cfg.build();
    let mut out = Vec::new();
    let mut g = vec![0.0; x.len()];
    for _ in 0..steps {
        obj.gradient(&x, &mut g);
        let mut blocks = Vec::new();
        let (mut xs, mut gs): (&mut [f64], &[f64]) = (&mut x, &g);
        for &(rows, cols, role) in &layout {
            let (p, prest) = std::mem::take(&mut xs).split_at_mut(rows * cols);
            let (gg, grest) = gs.split_at(rows * cols);
            blocks.push(ParamBlock {
                params: p,
                grad: gg,
                rows,
                cols,
                role,
            });
            xs = prest;
            gs = grest;
        }
        opt.step(
            &mut blocks,
            &StepContext {
                lr: cfg.lr(),
                objective: Some(obj.as_ref()),
            },
        )?;
        drop(blocks);
        out.push(x.clone());
    }
    Ok(out)
}

#[test]
fn every_optimizer_matches_its_goldens_for_three_steps() {
    let mut kinds_seen = std::collections::BTreeSet::new();
    for &(name, prob, json, expected) in GOLDENS {
        let cfg: OptimizerConfig =
            serde_json::from_str(json).unwrap_or_else(|e| panic!("{name}: bad config {json}: {e}"));
        kinds_seen.insert(cfg.kind());
        // Same float64 arithmetic as torch up to operation order: 1e-12 relative. Newton and
        // cubic use nalgebra's eigen-solver (torch: LAPACK) and a bisection with a different
        // stopping rule, so they get 1e-9.
        let tol = if cfg.needs_hessian() { 1e-9 } else { 1e-12 };
        let got = run(&cfg, prob, 3).unwrap_or_else(|e| panic!("{name}: {e}"));
        for (k, (g, e)) in got.iter().zip(expected.iter()).enumerate() {
            assert_eq!(g.len(), e.len(), "{name} step {}", k + 1);
            for (i, (a, b)) in g.iter().zip(e.iter()).enumerate() {
                assert!(
                    (a - b).abs() <= tol * b.abs().max(1.0),
                    "{name}: step {} coordinate {i}: got {a}, golden {b}",
                    k + 1
                );
            }
        }
    }
    for kind in OptimizerConfig::kinds() {
        assert!(kinds_seen.contains(kind), "no golden for {kind}");
    }
}
