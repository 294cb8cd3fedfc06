//! What every lab's preset claims share: a claim is a function returning `Ok` with the measured
//! margin or `Err` saying what failed, built from [`ensure`] checks.

/// `Ok` if `ok`, else the message (built only when the check fails).
pub fn ensure(ok: bool, msg: impl FnOnce() -> String) -> Result<(), String> {
    if ok {
        Ok(())
    } else {
        Err(msg())
    }
}
