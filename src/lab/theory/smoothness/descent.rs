//! The runs of the smoothness experiment: one ensemble per step rule (R runs that differ only in
//! their gradient noise; the same noise seeds for both rules), advanced in slices.

use crate::theory::smoothness::{Ensemble, RatePoint, RateRun, StepRule};

use super::problem::{rate_bound, Problem};
use super::settings::step_macs;
use super::state::SmoothnessState;

/// Points per curve: K values spaced evenly on the log axis (every step while K ≤ this).
pub const CURVE_POINTS: usize = 300;

/// One step rule's runs.
pub struct Rule {
    /// Its label in legends.
    pub label: String,
    /// The rule.
    pub rule: StepRule,
    /// Its runs.
    pub ensemble: Ensemble,
}

/// Everything the experiment computes.
pub struct Descent {
    /// The problem and its constants.
    pub problem: Problem,
    /// σ² of the gradient noise (absolute).
    pub sigma_sq: f64,
    /// η of the constant rule.
    pub eta: f64,
    /// The rules that run (constant first).
    pub rules: Vec<Rule>,
    /// Steps K of each run.
    pub budget: u64,
    macs: u64,
}

impl Descent {
    /// The problem of `s` and its runs at w₀ = 0 (the problem's SVD is the one unsliced piece of
    /// work, at most `MAX_SETUP`·a few multiply–adds).
    pub fn new(s: &SmoothnessState) -> Result<Descent, String> {
        let problem = Problem::new(&s.data)?;
        let sigma_sq = s.noise * problem.g0_sq;
        let mut rules = Vec::new();
        let runs = s.effective_runs();
        let seed = s.data.seed.wrapping_mul(1000).wrapping_add(7);
        if s.rules.constant() {
            let rule = if s.eta == 1.0 { StepRule::Constant } else { StepRule::Scaled { eta: s.eta } };
            let label = if s.eta == 1.0 { "step 1/L".to_string() } else { format!("step {}/L", crate::render::chart::short(s.eta)) };
            rules.push(Rule { label, rule, ensemble: Ensemble::new(&problem.ls, rule, sigma_sq, seed, runs)? });
        }
        if s.rules.decaying() {
            let rule = StepRule::Decaying { k0: s.k0 };
            rules.push(Rule { label: format!("step 1/(L(1 + k/{}))", crate::render::chart::short(s.k0)), rule, ensemble: Ensemble::new(&problem.ls, rule, sigma_sq, seed, runs)? });
        }
        let macs = step_macs(s.data.n, s.data.p);
        Ok(Descent { problem, sigma_sq, eta: s.eta, rules, budget: s.budget, macs })
    }

    /// Steps every run has taken.
    pub fn steps(&self) -> u64 {
        self.all_runs().map(|r| r.trace.len() as u64).min().unwrap_or(0)
    }

    /// Whether every run has taken K steps.
    pub fn finished(&self) -> bool {
        self.steps() >= self.budget
    }

    fn all_runs(&self) -> impl Iterator<Item = &RateRun> {
        self.rules.iter().flat_map(|r| r.ensemble.runs.iter())
    }

    /// Brings every run to `target` steps (at most K), a run at a time, polling `out_of_time`
    /// after each piece of at most [`SLICE_MACS`] multiply–adds; true if it got there.
    pub fn advance_to(&mut self, target: u64, out_of_time: &mut dyn FnMut() -> bool) -> bool {
        let target = target.min(self.budget);
        let chunk = (SLICE_MACS / self.macs).max(1);
        for rule in &mut self.rules {
            for run in &mut rule.ensemble.runs {
                while (run.trace.len() as u64) < target {
                    let n = chunk.min(target - run.trace.len() as u64);
                    run.advance(n);
                    crate::work::add((n * self.macs) as usize);
                    if out_of_time() {
                        return self.all_runs_at(target);
                    }
                }
            }
        }
        true
    }

    fn all_runs_at(&self, target: u64) -> bool {
        self.all_runs().all(|r| r.trace.len() as u64 >= target)
    }

    /// The bound on the expected running mean after K steps of the constant rule.
    pub fn bound(&self, k: u64) -> f64 {
        rate_bound(self.problem.smoothness(), self.problem.initial_loss, self.eta, self.sigma_sq, k)
    }

    /// The constant rule, if it runs.
    pub fn constant(&self) -> Option<&Rule> {
        self.rules.iter().find(|r| !matches!(r.rule, StepRule::Decaying { .. }))
    }

    /// The decaying rule, if it runs.
    pub fn decaying(&self) -> Option<&Rule> {
        self.rules.iter().find(|r| matches!(r.rule, StepRule::Decaying { .. }))
    }

    /// The step indices k drawn (0-based; the running mean at k is over K = k + 1 steps).
    pub fn drawn(&self) -> Vec<usize> {
        log_indices(self.steps() as usize)
    }
}

/// Multiply–adds of one slice of the runs (about half a millisecond natively).
pub const SLICE_MACS: u64 = 1_000_000;

/// Indices 0..len spaced evenly in log(k + 1), at most [`CURVE_POINTS`], always with the last.
pub fn log_indices(len: usize) -> Vec<usize> {
    if len <= CURVE_POINTS {
        return (0..len).collect();
    }
    let top = (len as f64).ln();
    let mut v: Vec<usize> = (0..CURVE_POINTS).map(|i| ((top * i as f64 / (CURVE_POINTS - 1) as f64).exp().round() as usize).clamp(1, len) - 1).collect();
    v.dedup();
    v
}

impl Rule {
    /// The mean over the runs of `f` at step index `i`, with its standard error over the runs.
    pub fn mean_at(&self, i: usize, f: impl Fn(&RatePoint) -> f64) -> (f64, f64) {
        let runs = &self.ensemble.runs;
        let r = runs.len() as f64;
        let m = runs.iter().map(|run| f(&run.trace[i])).sum::<f64>() / r;
        if runs.len() < 2 {
            return (m, 0.0);
        }
        let var = runs.iter().map(|run| (f(&run.trace[i]) - m).powi(2)).sum::<f64>() / (r - 1.0);
        (m, (var / r).sqrt())
    }

    /// The measured noise ball: the mean of ‖g_k‖² over the runs and over the last half of the
    /// first `steps` steps.
    pub fn plateau(&self, steps: usize) -> f64 {
        let lo = steps / 2;
        if steps < 2 {
            return f64::NAN;
        }
        let total: f64 = self.ensemble.runs.iter().map(|r| r.trace[lo..steps].iter().map(|p| p.grad_sq).sum::<f64>()).sum();
        total / ((steps - lo) * self.ensemble.runs.len()) as f64
    }
}
