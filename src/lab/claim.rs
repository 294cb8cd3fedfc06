//! What every lab's preset claims share: a claim is a function returning a [`Verdict`] — `Ok`
//! with the measured margin or an [`ErrorKind::Unmet`](super::error::ErrorKind::Unmet) error
//! saying what failed —, built from [`ensure`] checks.

use super::error::{LabError, LabResult};

/// What a claim check found: the measured margin, or what failed.
pub type Verdict = LabResult<String>;

/// `Ok` if `ok`, else the message (built only when the check fails) as an unmet claim.
pub fn ensure(ok: bool, msg: impl FnOnce() -> String) -> LabResult<()> {
    if ok {
        Ok(())
    } else {
        Err(unmet(msg()))
    }
}

/// A claim that does not hold, saying why.
pub fn unmet(message: impl Into<String>) -> LabError {
    LabError::unmet(message)
}
