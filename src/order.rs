//! Orderings shared across the crate, each compiled once.
//!
//! Every `sort_by` with its own closure compiles its own copy of the standard library's stable
//! sort (about 10 KB of wasm each); the callers below share one copy per element type.

/// The indices `0..key.len()` ordered by `key`, descending if `descending` (a stable sort:
/// indices of equal keys stay in increasing order), compared with `f64::total_cmp`.
pub fn indices_by(key: &[f64], descending: bool) -> Vec<usize> {
    let mut order: Vec<usize> = (0..key.len()).collect();
    order.sort_by(|&a, &b| if descending { key[b].total_cmp(&key[a]) } else { key[a].total_cmp(&key[b]) });
    order
}

/// Sorts `v` in increasing `f64::total_cmp` order (stable).
pub fn sort_f64(v: &mut [f64]) {
    v.sort_by(f64::total_cmp);
}

/// Sorts `v` in decreasing `f64::total_cmp` order. Values that compare equal under `total_cmp`
/// have the same bits, so this equals a stable sort with the reversed comparison.
pub fn sort_f64_descending(v: &mut [f64]) {
    sort_f64(v);
    v.reverse();
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cmp::Ordering;

    #[test]
    fn indices_by_matches_a_stable_sort_with_the_closure() {
        let key = [3.0, -1.0, 3.0, f64::NAN, 0.0, -0.0, 7.5, -1.0];
        let mut asc: Vec<usize> = (0..key.len()).collect();
        asc.sort_by(|&a, &b| key[a].total_cmp(&key[b]));
        let mut desc: Vec<usize> = (0..key.len()).collect();
        desc.sort_by(|&a, &b| key[b].total_cmp(&key[a]));
        assert_eq!(indices_by(&key, false), asc);
        assert_eq!(indices_by(&key, true), desc);
    }

    #[test]
    fn sort_f64_descending_matches_the_reversed_comparison() {
        let v = vec![2.0, -0.0, 0.0, f64::NAN, -3.0, 2.0, f64::INFINITY, 1e-300];
        let mut expect = v.clone();
        expect.sort_by(|a, b| b.total_cmp(a));
        let mut got = v.clone();
        sort_f64_descending(&mut got);
        assert_eq!(got.iter().map(|x| x.to_bits()).collect::<Vec<_>>(), expect.iter().map(|x| x.to_bits()).collect::<Vec<_>>());
        assert_eq!(Ordering::Less, 1.0f64.total_cmp(&2.0));
    }
}
