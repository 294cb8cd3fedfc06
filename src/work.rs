//! Multiply–adds done by the numeric code on this thread (network passes, decision surfaces,
//! gradient descent on the shrinkage problems, decompositions): a measure of work that does not
//! depend on the machine's speed, so tests can bound the work of one animation-frame `tick` in
//! operations rather than in milliseconds.

use std::cell::Cell;

thread_local! {
    static MACS: Cell<u64> = const { Cell::new(0) };
}

/// Counts `n` multiply–adds.
#[inline]
pub fn add(n: usize) {
    MACS.with(|c| c.set(c.get().wrapping_add(n as u64)));
}

/// Multiply–adds counted on this thread so far.
pub fn total() -> u64 {
    MACS.with(Cell::get)
}
