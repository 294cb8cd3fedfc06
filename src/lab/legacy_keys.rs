//! Earlier control keys and the keys that replaced them.
//!
//! A control's key is the path of its value in the lab's state (`racers.0.optimizer.lr`), the
//! same string as its URL key and its `hide=` name. Before that, some controls had short keys of
//! their own (`r0.lr`). Each lab lists those in a table of (old, new) pairs, where `#` stands for
//! a racer's or run's index; [`current`] maps an old key to today's, so `set`/`action` calls and
//! `hide=` names written for the old keys keep working (the page says what it renamed).

/// A lab's table of earlier keys: (old, new), `#` matching an index (a whole number).
pub type LegacyKeys = &'static [(&'static str, &'static str)];

/// Today's key for the earlier key `key`, if the table lists it.
pub fn current(table: LegacyKeys, key: &str) -> Option<String> {
    table.iter().find_map(|(old, new)| {
        let index = matches(old, key)?;
        Some(match index {
            Some(i) => new.replacen('#', i, 1),
            None => new.to_string(),
        })
    })
}

/// Whether `key` matches the pattern `old`: `Some(None)` without an index, `Some(Some(i))` with
/// the index `#` stood for.
fn matches<'a>(old: &str, key: &'a str) -> Option<Option<&'a str>> {
    let Some(at) = old.find('#') else {
        return (old == key).then_some(None);
    };
    let (head, tail) = (&old[..at], &old[at + 1..]);
    let rest = key.strip_prefix(head)?;
    let digits = rest.len() - rest.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    if digits == 0 || digits > 3 || &rest[digits..] != tail {
        return None;
    }
    Some(Some(&rest[..digits]))
}

#[cfg(test)]
mod tests {
    use super::*;

    const TABLE: LegacyKeys = &[("r#.lr", "racers.#.optimizer.lr"), ("n", "data.n"), ("show_gd", "show.gd")];

    #[test]
    fn old_keys_map_to_todays_with_their_index() {
        assert_eq!(current(TABLE, "r0.lr").as_deref(), Some("racers.0.optimizer.lr"));
        assert_eq!(current(TABLE, "r12.lr").as_deref(), Some("racers.12.optimizer.lr"));
        assert_eq!(current(TABLE, "n").as_deref(), Some("data.n"));
        assert_eq!(current(TABLE, "show_gd").as_deref(), Some("show.gd"));
        for not_old in ["r.lr", "rx.lr", "r0.lr2", "r0000.lr", "data.n", "", "nn"] {
            assert_eq!(current(TABLE, not_old), None, "{not_old}");
        }
    }
}
