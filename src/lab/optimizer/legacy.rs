//! The optimizer lab's earlier control keys (before a control's key became its URL path), so
//! `set`/`action` calls and `hide=` names written with them keep working.

use std::sync::OnceLock;

use crate::lab::legacy_keys::LegacyKeys;
use crate::optim::{OptimizerConfig, Schedule};

/// (earlier key, today's key) besides the hyperparameters; `#` is a racer's index.
const RENAMED: LegacyKeys = &[
    ("landscape", "landscape.kind"),
    ("r#.kind", "racers.#.optimizer.kind"),
    ("r#.rule", "racers.#.rule"),
    ("r#.schedule", "racers.#.schedule.kind"),
    ("r#.result", "racers.#.result"),
    ("r#.l_used", "racers.#.l_used"),
    ("r#.dup", "racers.#.duplicate"),
    ("r#.remove", "racers.#.remove"),
];

/// Every earlier key: [`RENAMED`], then `r#.<h>` → `racers.#.optimizer.<h>` for every
/// hyperparameter of every optimizer and `r#.sched.<h>` → `racers.#.schedule.<h>` for every number
/// of every schedule (read from the core's descriptors, so a new optimizer needs no line here:
/// its keys never had an earlier form, and the table merely also lists them).
pub fn legacy_keys() -> LegacyKeys {
    static TABLE: OnceLock<&'static [(&'static str, &'static str)]> = OnceLock::new();
    TABLE.get_or_init(|| {
        let mut table: Vec<(&'static str, &'static str)> = RENAMED.to_vec();
        let mut add = |old: String, new: String| {
            if !table.iter().any(|(o, _)| *o == old) {
                table.push((Box::leak(old.into_boxed_str()), Box::leak(new.into_boxed_str())));
            }
        };
        for o in OptimizerConfig::kinds().iter().filter_map(|k| OptimizerConfig::default_for(k)) {
            for h in o.hyperparameters() {
                add(format!("r#.{}", h.key), format!("racers.#.optimizer.{}", h.key));
            }
        }
        for s in Schedule::kinds().iter().filter_map(|k| Schedule::default_for(k)) {
            for h in s.hyperparameters() {
                add(format!("r#.sched.{}", h.key), format!("racers.#.schedule.{}", h.key));
            }
        }
        Box::leak(table.into_boxed_slice())
    })
}

#[cfg(test)]
mod tests {
    use crate::lab::legacy_keys::current;

    #[test]
    fn every_earlier_key_maps_to_a_url_path() {
        let t = super::legacy_keys();
        for (old, new) in [
            ("r0.lr", "racers.0.optimizer.lr"),
            ("r1.beta2", "racers.1.optimizer.beta2"),
            ("r0.kind", "racers.0.optimizer.kind"),
            ("r3.schedule", "racers.3.schedule.kind"),
            ("r3.sched.gamma", "racers.3.schedule.gamma"),
            ("r1.dup", "racers.1.duplicate"),
            ("landscape", "landscape.kind"),
        ] {
            assert_eq!(current(t, old).as_deref(), Some(new), "{old}");
        }
        assert_eq!(current(t, "racers.0.optimizer.lr"), None);
    }
}
