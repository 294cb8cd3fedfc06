//! The smoothness experiment's whole configuration: one serde struct that round-trips through
//! the URL; ranges are declared in `settings.rs`.

use serde::{Deserialize, Serialize};

use crate::lab::error::{LabError, LabResult};

use super::settings::{check_work, ALL};

/// The least-squares problem: a random design X (N × P) whose column j is scaled by
/// 10^(−decades·j/(P − 1)), targets y = Xw* + noise with w* ~ N(0, I).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Design {
    /// Rows N.
    pub n: usize,
    /// Weights P.
    pub p: usize,
    /// Decades between the largest and the smallest column scale (the conditioning).
    pub decades: f64,
    /// Standard deviation of the noise on y.
    pub noise: f64,
    /// Seed of X, w* and the noise on y.
    pub seed: u64,
}

impl Default for Design {
    fn default() -> Self {
        Design { n: 100, p: 10, decades: 1.0, noise: 0.1, seed: 1 }
    }
}

/// Which step rules run.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Rules {
    /// η_k = η/L.
    Constant,
    /// η_k = 1/(L(1 + k/k₀)).
    Decaying,
    /// Both, side by side on the same noise.
    Both,
}

impl Rules {
    /// Whether the constant step runs.
    pub fn constant(self) -> bool {
        matches!(self, Rules::Constant | Rules::Both)
    }
    /// Whether the decaying step runs.
    pub fn decaying(self) -> bool {
        matches!(self, Rules::Decaying | Rules::Both)
    }
    /// How many ensembles run.
    pub fn count(self) -> usize {
        if self == Rules::Both {
            2
        } else {
            1
        }
    }
}

/// The smoothness experiment's state.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct SmoothnessState {
    /// The problem.
    pub data: Design,
    /// The step rules that run.
    pub rules: Rules,
    /// The constant step is η/L.
    pub eta: f64,
    /// The decaying step halves after k₀ steps.
    pub k0: f64,
    /// Gradient noise σ² as a fraction of ‖g₀‖² (0: deterministic).
    pub noise: f64,
    /// Runs R in each ensemble (only one runs without noise: they would be identical).
    pub runs: usize,
    /// Steps per animation frame.
    pub speed: u64,
    /// Steps K of each run.
    pub budget: u64,
    /// The preset this state came from (informative; cleared on any change).
    pub preset: String,
}

impl Default for SmoothnessState {
    fn default() -> Self {
        SmoothnessState { data: Design::default(), rules: Rules::Constant, eta: 1.0, k0: 20.0, noise: 0.0, runs: 16, speed: 50, budget: 2000, preset: String::new() }
    }
}

impl SmoothnessState {
    /// The runs that actually run per ensemble: R with noise, one without.
    pub fn effective_runs(&self) -> usize {
        if self.noise > 0.0 {
            self.runs
        } else {
            1
        }
    }

    /// Checks every value against its declaration and the work budget.
    pub fn check(&self) -> LabResult<()> {
        let find = |k: &str| ALL.iter().find(|s| s.key == k).copied().ok_or_else(|| LabError::unknown(k.to_string()));
        for (key, v) in [
            ("speed", self.speed as f64),
            ("budget", self.budget as f64),
            ("eta", self.eta),
            ("k0", self.k0),
            ("noise", self.noise),
            ("runs", self.runs as f64),
            ("data.n", self.data.n as f64),
            ("data.p", self.data.p as f64),
            ("data.decades", self.data.decades),
            ("data.noise", self.data.noise),
            ("data.seed", self.data.seed as f64),
        ] {
            let s = find(key)?;
            if !s.accepts(v) {
                let (lo, hi) = s.range().unwrap_or((0.0, 0.0));
                return Err(LabError::invalid(format!("{} must be between {lo} and {hi} (got {v})", s.name)));
            }
        }
        check_work(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lab::url;

    #[test]
    fn the_default_state_is_valid_and_round_trips_through_the_url() {
        let s = SmoothnessState { rules: Rules::Both, noise: 0.05, ..SmoothnessState::default() };
        s.check().expect("valid");
        let (back, notes) = url::decode::<SmoothnessState>(&url::encode(&s), &[]);
        assert!(notes.is_empty(), "{notes:?}");
        assert_eq!(back, s);
        let mut t = s.clone();
        t.eta = 2.0;
        assert!(t.check().unwrap_err().message().contains("between"), "η = 2 has no guarantee");
    }
}
