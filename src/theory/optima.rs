//! Local optima against network size (lecture 002, "Local Optima", after Choromanska et al., "The
//! Loss Surfaces of Multilayer Networks", 2015): train K initialisations of each of a few network
//! sizes on one data set for the same budget and compare the final training losses. Small
//! networks end in losses spread far from the best one (some runs stuck in poor optima); as the
//! network grows the losses cluster near the best.
//!
//! [`OptimaSweep`] does the training in slices ([`OptimaSweep::advance`]), one run at a time, so
//! the page stays responsive; the results are reproducible from the configuration (seed k of a
//! size uses weight seed `base.seed + k`; the data are generated once from `base.data`).

use crate::mlp::{Dataset, MlpConfig, MlpError, Trainer};

/// Most sizes compared.
pub const MAX_SIZES: usize = 4;
/// Most initialisations per size.
pub const MAX_SEEDS: usize = 100;

/// What to train.
#[derive(Clone, Debug, PartialEq)]
pub struct OptimaConfig {
    /// The hidden widths of each size compared (1–4 sizes).
    pub sizes: Vec<Vec<usize>>,
    /// Initialisations per size (1–100).
    pub seeds: usize,
    /// Steps per run (1–100 000).
    pub steps: u64,
    /// Data, activation, initialisation, optimizer, schedule, batch size, first weight seed.
    pub base: MlpConfig,
}

/// The final training losses of one size.
#[derive(Clone, Debug, PartialEq)]
pub struct SizeResult {
    /// Hidden widths.
    pub hidden: Vec<usize>,
    /// Parameters of the network.
    pub params: usize,
    /// Final training loss of each finished run, in seed order (NaN for a run that diverged).
    pub losses: Vec<f64>,
}

impl SizeResult {
    /// The finite losses, sorted.
    pub fn sorted(&self) -> Vec<f64> {
        let mut v: Vec<f64> = self.losses.iter().copied().filter(|l| l.is_finite()).collect();
        v.sort_by(f64::total_cmp);
        v
    }

    /// The `q`-quantile (0–1) of the finite losses, by linear interpolation; NaN if none.
    pub fn quantile(&self, q: f64) -> f64 {
        let v = self.sorted();
        if v.is_empty() {
            return f64::NAN;
        }
        let at = q.clamp(0.0, 1.0) * (v.len() - 1) as f64;
        let (lo, hi) = (at.floor() as usize, at.ceil() as usize);
        v[lo] + (v[hi] - v[lo]) * (at - lo as f64)
    }

    /// Share of the runs whose final loss is within `factor` × `best` (e.g. 2 × the best loss of
    /// all sizes): how often a run of this size lands near the best optimum found.
    pub fn share_near(&self, best: f64, factor: f64) -> f64 {
        if self.losses.is_empty() {
            return f64::NAN;
        }
        self.losses.iter().filter(|&&l| l <= best * factor).count() as f64 / self.losses.len() as f64
    }
}

/// The sweep in progress.
pub struct OptimaSweep {
    cfg: OptimaConfig,
    train: Dataset,
    val: Dataset,
    results: Vec<SizeResult>,
    /// (size index, seed index) of the run in progress or next.
    next: (usize, usize),
    trainer: Option<Trainer>,
}

impl OptimaSweep {
    /// Checks the configuration, generates the data (no training yet).
    pub fn new(cfg: OptimaConfig) -> Result<Self, MlpError> {
        let bad = |m: String| Err(MlpError::Config(m));
        if cfg.sizes.is_empty() || cfg.sizes.len() > MAX_SIZES {
            return bad(format!("compare between 1 and {MAX_SIZES} network sizes (got {})", cfg.sizes.len()));
        }
        if !(1..=MAX_SEEDS).contains(&cfg.seeds) {
            return bad(format!("train between 1 and {MAX_SEEDS} initialisations per size (got {})", cfg.seeds));
        }
        if !(1..=100_000).contains(&cfg.steps) {
            return bad(format!("steps per run must be between 1 and 100000 (got {})", cfg.steps));
        }
        let mut results = Vec::new();
        for hidden in &cfg.sizes {
            let c = MlpConfig { hidden: hidden.clone(), ..cfg.base.clone() };
            c.validate()?;
            results.push(SizeResult { hidden: hidden.clone(), params: 0, losses: Vec::new() });
        }
        let (train, val) = cfg.base.data.generate_split()?;
        let mut sweep = OptimaSweep { cfg, train, val, results, next: (0, 0), trainer: None };
        for i in 0..sweep.results.len() {
            sweep.results[i].params = sweep.trainer_for(i, 0)?.network().params().len();
        }
        Ok(sweep)
    }

    fn trainer_for(&self, size: usize, seed: usize) -> Result<Trainer, MlpError> {
        let cfg = MlpConfig { hidden: self.cfg.sizes[size].clone(), seed: self.cfg.base.seed.wrapping_add(seed as u64), ..self.cfg.base.clone() };
        Trainer::with_data(cfg, self.train.clone(), self.val.clone())
    }

    /// The configuration.
    pub fn config(&self) -> &OptimaConfig {
        &self.cfg
    }

    /// Results so far, one per size (losses of the runs finished).
    pub fn results(&self) -> &[SizeResult] {
        &self.results
    }

    /// True once every run is trained.
    pub fn is_done(&self) -> bool {
        self.next.0 >= self.cfg.sizes.len()
    }

    /// (steps done, steps in total), for a progress bar.
    pub fn progress(&self) -> (u64, u64) {
        let runs_done = (self.next.0 * self.cfg.seeds + self.next.1) as u64;
        let cur = self.trainer.as_ref().map_or(0, |t| t.step_count());
        (runs_done * self.cfg.steps + cur, (self.cfg.sizes.len() * self.cfg.seeds) as u64 * self.cfg.steps)
    }

    /// The smallest finite final loss over all sizes so far.
    pub fn best(&self) -> f64 {
        self.results.iter().flat_map(|r| r.losses.iter().copied()).filter(|l| l.is_finite()).fold(f64::INFINITY, f64::min)
    }

    /// Trains for at most `budget` slices ([`Trainer::advance`] calls) across runs; `Ok(true)`
    /// once every run is done.
    pub fn advance(&mut self, mut budget: u64) -> Result<bool, MlpError> {
        while budget > 0 && !self.is_done() {
            if self.trainer.is_none() {
                let mut t = self.trainer_for(self.next.0, self.next.1)?;
                t.set_recording(u64::MAX, 2);
                self.trainer = Some(t);
            }
            let Some(t) = self.trainer.as_mut() else { break };
            if t.advance_to(self.cfg.steps, &mut budget) {
                let loss = if t.halted().is_some_and(|h| h.diverged) { f64::NAN } else { t.snapshot().train_loss };
                self.results[self.next.0].losses.push(loss);
                self.trainer = None;
                self.next.1 += 1;
                if self.next.1 == self.cfg.seeds {
                    self.next = (self.next.0 + 1, 0);
                }
            }
        }
        Ok(self.is_done())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::mlp::{Activation, DataConfig, DataKind};
    use crate::optim::OptimizerConfig;

    pub(super) fn config(data: DataKind, data_seed: u64, sizes: &[usize], seeds: usize, steps: u64) -> OptimaConfig {
        let mut optimizer: OptimizerConfig = serde_json::from_value(serde_json::json!({ "kind": "adam" })).expect("adam");
        optimizer.set("lr", 0.01).expect("lr");
        let base = MlpConfig {
            activation: Activation::Tanh,
            optimizer,
            seed: 1,
            data: DataConfig { kind: data, n: 300, seed: data_seed, val_fraction: 0.0, ..DataConfig::default() },
            ..MlpConfig::default()
        };
        OptimaConfig { sizes: sizes.iter().map(|&w| vec![w]).collect(), seeds, steps, base }
    }

    fn run(cfg: OptimaConfig, slice: u64) -> OptimaSweep {
        let mut sw = OptimaSweep::new(cfg).expect("sweep");
        while !sw.advance(slice).expect("advance") {}
        sw
    }

    /// Lecture 002: on XOR, 20 initialisations of one-hidden-layer tanh networks of widths 2, 4,
    /// 16 and 64 trained by Adam for 1000 steps: the share of runs within 2× the best loss found
    /// grows with the size and is at least 90 % for the largest; the largest size's losses are
    /// tighter (q90 − q10 under a third of the smallest size's) and its worst run beats the
    /// smallest size's median. On three data seeds.
    #[test]
    fn bigger_networks_end_in_tighter_losses_near_the_best() {
        for data_seed in 1..=3 {
            let sw = run(config(DataKind::Xor, data_seed, &[2, 4, 16, 64], 20, 1000), 100_000);
            let (best, r) = (sw.best(), sw.results());
            let near: Vec<f64> = r.iter().map(|s| s.share_near(best, 2.0)).collect();
            assert!(near.windows(2).all(|w| w[0] <= w[1]) && near[3] >= 0.9, "data seed {data_seed}: shares near the best {near:?}");
            let spread = |s: &SizeResult| s.quantile(0.9) - s.quantile(0.1);
            assert!(spread(&r[3]) < spread(&r[0]) / 3.0, "data seed {data_seed}: spreads {} vs {}", spread(&r[3]), spread(&r[0]));
            assert!(r[3].quantile(1.0) < r[0].quantile(0.5));
            assert!(r.iter().all(|s| s.losses.len() == 20) && r[0].params < r[3].params);
        }
    }

    /// The sweep is reproducible from its configuration and the same in slices as at once; it
    /// reports its progress and refuses what it cannot do with a message.
    #[test]
    fn the_sweep_is_reproducible_sliced_and_checked() {
        let cfg = config(DataKind::Circles, 4, &[3, 8], 3, 40);
        let whole = run(cfg.clone(), 1_000_000);
        let mut sliced = OptimaSweep::new(cfg).expect("sweep");
        let mut last = 0;
        while !sliced.advance(7).expect("advance") {
            let (done, total) = sliced.progress();
            assert!(done >= last && total == 2 * 3 * 40);
            last = done;
        }
        assert_eq!(whole.results(), sliced.results());
        assert!(whole.results().iter().all(|s| s.losses.iter().all(|l| l.is_finite())));
        let bad = |f: fn(&mut OptimaConfig)| {
            let mut c = config(DataKind::Circles, 1, &[3], 2, 10);
            f(&mut c);
            OptimaSweep::new(c).err().expect("refused").to_string()
        };
        assert!(bad(|c| c.sizes = vec![vec![2]; 5]).contains("between 1 and 4"));
        assert!(bad(|c| c.seeds = 101).contains("initialisations"));
        assert!(bad(|c| c.steps = 0).contains("steps"));
        assert!(bad(|c| c.sizes = vec![vec![0]]).contains('0'));
    }
}

#[cfg(test)]
mod experiments {
    use super::*;
    use crate::mlp::DataKind;

    /// Prints the spread of final losses per size (`cargo test --lib optima_experiment -- --ignored --nocapture`).
    #[test]
    #[ignore]
    fn optima_experiment() {
        for data in [DataKind::Spiral, DataKind::Circles, DataKind::Xor] {
            for data_seed in 1..=3u64 {
                let t0 = std::time::Instant::now();
                let mut sw = OptimaSweep::new(super::tests::config(data, data_seed, &[2, 4, 16, 64], 20, 1000)).expect("sweep");
                while !sw.advance(100_000).expect("advance") {}
                let best = sw.best();
                let mut line = format!("{data:?} d{data_seed} {:.1}s best {best:.4} |", t0.elapsed().as_secs_f64());
                for r in sw.results() {
                    line.push_str(&format!(" {:?} P{} q10 {:.4} med {:.4} q90 {:.4} max {:.4} near2x {:.2} |", r.hidden, r.params, r.quantile(0.1), r.quantile(0.5), r.quantile(0.9), r.quantile(1.0), r.share_near(best, 2.0)));
                }
                println!("{line}");
            }
        }
    }
}
