//! The MLP lab's earlier keys.
//!
//! Controls are keyed by the path of their value in the state (`runs.0.optimizer.lr`), the same
//! string as the URL key and the `hide=` name. Before, a run's controls had short keys (`r0.lr`);
//! [`LEGACY_KEYS`] maps those to today's (`#` is the run's index), so `Lab.set`/`action` calls and
//! `hide=` names written for them keep working; so does `runs.#.dup`, the Duplicate button's key
//! before the runs moved to the shared optimizer card (now `runs.#.duplicate`). [`migrate_url_key`] renames a URL key that
//! changed (the L2 term).

use crate::lab::legacy_keys::LegacyKeys;

/// Earlier control keys and today's.
pub const LEGACY_KEYS: LegacyKeys = &[
    ("r#.kind", "runs.#.optimizer.kind"),
    ("r#.rule", "runs.#.rule"),
    ("r#.schedule", "runs.#.schedule.kind"),
    ("r#.sched.step_size", "runs.#.schedule.step_size"),
    ("r#.sched.gamma", "runs.#.schedule.gamma"),
    ("r#.sched.t_max", "runs.#.schedule.t_max"),
    ("r#.sched.eta_min", "runs.#.schedule.eta_min"),
    ("r#.sched.decay", "runs.#.schedule.decay"),
    ("r#.init", "runs.#.init.kind"),
    ("r#.init_scale", "runs.#.init.scale"),
    ("r#.init_bias", "runs.#.init.bias"),
    ("r#.l2", "runs.#.l2"),
    ("r#.batch_size", "runs.#.batch_size"),
    ("r#.result", "runs.#.result"),
    ("r#.dup", "runs.#.duplicate"),
    ("r#.remove", "runs.#.remove"),
    // The Duplicate button, before the runs used the shared optimizer card (`lab::card`).
    ("runs.#.dup", "runs.#.duplicate"),
    ("deep.init", "deep.init.kind"),
    ("deep.scale", "deep.init.scale"),
    // The optimizers' hyperparameters (`r0.lr`), as the optimizers had them then.
    ("r#.a1", "runs.#.optimizer.a1"),
    ("r#.a2", "runs.#.optimizer.a2"),
    ("r#.alpha", "runs.#.optimizer.alpha"),
    ("r#.amsgrad", "runs.#.optimizer.amsgrad"),
    ("r#.armijo_c", "runs.#.optimizer.armijo_c"),
    ("r#.backtrack", "runs.#.optimizer.backtrack"),
    ("r#.beta", "runs.#.optimizer.beta"),
    ("r#.beta1", "runs.#.optimizer.beta1"),
    ("r#.beta2", "runs.#.optimizer.beta2"),
    ("r#.bias_correction", "runs.#.optimizer.bias_correction"),
    ("r#.centered", "runs.#.optimizer.centered"),
    ("r#.constraints", "runs.#.optimizer.constraints"),
    ("r#.dampening", "runs.#.optimizer.dampening"),
    ("r#.decoupled_weight_decay", "runs.#.optimizer.decoupled_weight_decay"),
    ("r#.diagonal", "runs.#.optimizer.diagonal"),
    ("r#.eps", "runs.#.optimizer.eps"),
    ("r#.eta_minus", "runs.#.optimizer.eta_minus"),
    ("r#.eta_plus", "runs.#.optimizer.eta_plus"),
    ("r#.g_bound", "runs.#.optimizer.g_bound"),
    ("r#.initial_accumulator_value", "runs.#.optimizer.initial_accumulator_value"),
    ("r#.l", "runs.#.optimizer.l"),
    ("r#.line_search", "runs.#.optimizer.line_search"),
    ("r#.lr", "runs.#.optimizer.lr"),
    ("r#.lr_decay", "runs.#.optimizer.lr_decay"),
    ("r#.m", "runs.#.optimizer.m"),
    ("r#.momentum", "runs.#.optimizer.momentum"),
    ("r#.momentum_decay", "runs.#.optimizer.momentum_decay"),
    ("r#.nesterov", "runs.#.optimizer.nesterov"),
    ("r#.p_scale", "runs.#.optimizer.p_scale"),
    ("r#.rho", "runs.#.optimizer.rho"),
    ("r#.step_max", "runs.#.optimizer.step_max"),
    ("r#.step_min", "runs.#.optimizer.step_min"),
    ("r#.weight_decay", "runs.#.optimizer.weight_decay"),
];

/// The URL keys that changed: `runs.N.weight_decay` (the L2 term, before the optimizer's own weight
/// decay got a control of its own) is now `runs.N.l2`.
pub fn migrate_url_key(key: &str) -> Option<String> {
    let rest = key.strip_prefix("runs.")?;
    let (n, field) = rest.split_once('.')?;
    (field == "weight_decay" && n.parse::<usize>().is_ok()).then(|| format!("runs.{n}.l2"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lab::legacy_keys::current;
    use crate::optim::OptimizerConfig;

    const KINDS_THEN: [&str; 14] =
        ["sgd", "ema_momentum", "gd_inv_l", "sign_sgd", "adagrad", "rmsprop", "adam", "adamw", "nadam", "adadelta", "rprop", "mirror_descent", "madam", "nero"];

    #[test]
    fn every_earlier_key_of_a_run_maps_to_todays() {
        assert_eq!(current(LEGACY_KEYS, "r2.lr").as_deref(), Some("runs.2.optimizer.lr"));
        assert_eq!(current(LEGACY_KEYS, "r0.sched.gamma").as_deref(), Some("runs.0.schedule.gamma"));
        assert_eq!(current(LEGACY_KEYS, "r1.init_scale").as_deref(), Some("runs.1.init.scale"));
        assert_eq!(current(LEGACY_KEYS, "deep.scale").as_deref(), Some("deep.init.scale"));
        assert_eq!(current(LEGACY_KEYS, "r1.dup").as_deref(), Some("runs.1.duplicate"));
        assert_eq!(current(LEGACY_KEYS, "runs.1.dup").as_deref(), Some("runs.1.duplicate"));
        assert_eq!(current(LEGACY_KEYS, "data.n"), None, "unchanged keys are not listed");
        // Every hyperparameter of the optimizers the lab offered when the keys changed (at their
        // defaults and with every option on); optimizers added since never had earlier keys.
        for kind in KINDS_THEN {
            let Some(mut o) = OptimizerConfig::default_for(kind) else { continue };
            for h in o.hyperparameters().into_iter().filter(|h| h.is_bool) {
                let _ = o.set(h.key, 1.0);
            }
            for h in o.hyperparameters() {
                let want = format!("runs.3.optimizer.{}", h.key);
                assert_eq!(current(LEGACY_KEYS, &format!("r3.{}", h.key)), Some(want), "{kind}");
            }
        }
        assert_eq!(migrate_url_key("runs.1.weight_decay").as_deref(), Some("runs.1.l2"));
        assert_eq!(migrate_url_key("runs.1.optimizer.weight_decay"), None);
    }
}
