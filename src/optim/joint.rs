//! Helpers for methods that treat all blocks as one vector x (Newton, cubic regularisation and
//! the look-ahead momentum): gather/scatter and Hessian eigen-decomposition.

use nalgebra::{DMatrix, DVector, SymmetricEigen};

use super::error::OptimError;
use super::{Objective, ParamBlock, StepContext};

/// Largest dimension for which an n×n Hessian is formed.
pub(crate) const MAX_HESSIAN_DIM: usize = 1000;

/// Concatenates the blocks' parameters and gradients (in block order).
pub(crate) fn gather(blocks: &[ParamBlock]) -> (Vec<f64>, Vec<f64>) {
    let n: usize = blocks.iter().map(|b| b.params.len()).sum();
    let mut x = Vec::with_capacity(n);
    let mut g = Vec::with_capacity(n);
    for b in blocks {
        x.extend_from_slice(b.params);
        g.extend_from_slice(b.grad);
    }
    (x, g)
}

/// Writes a concatenated vector back into the blocks.
pub(crate) fn scatter(blocks: &mut [ParamBlock], x: &[f64]) {
    let mut off = 0;
    for b in blocks.iter_mut() {
        let len = b.params.len();
        b.params.copy_from_slice(&x[off..off + len]);
        off += len;
    }
}

/// The objective of `ctx`, checked to match the blocks' total length `n`.
pub(crate) fn objective<'a>(
    ctx: &StepContext<'a>,
    n: usize,
    who: &str,
    why: &str,
) -> Result<&'a dyn Objective, OptimError> {
    let Some(obj) = ctx.objective else {
        return Err(OptimError::new(format!(
            "{who} needs the objective function ({why}), but none was given"
        )));
    };
    if obj.dim() != n {
        return Err(OptimError::new(format!(
            "{who}: the objective has {} variables but the parameter blocks hold {n}",
            obj.dim()
        )));
    }
    Ok(obj)
}

/// Eigen-decomposition of the Hessian at x (symmetrised, checked finite).
pub(crate) fn hessian_eigen(
    obj: &dyn Objective,
    x: &[f64],
    who: &str,
) -> Result<SymmetricEigen<f64, nalgebra::Dyn>, OptimError> {
    let n = x.len();
    if n > MAX_HESSIAN_DIM {
        return Err(OptimError::new(format!(
            "{who} forms the full n×n Hessian; n = {n} is too large here (at most {MAX_HESSIAN_DIM})"
        )));
    }
    let mut h = vec![0.0; n * n];
    if !obj.hessian(x, &mut h) {
        return Err(OptimError::new(format!(
            "{who} needs second derivatives, and this objective has no Hessian"
        )));
    }
    if h.iter().any(|v| !v.is_finite()) {
        return Err(OptimError::new(format!(
            "{who}: the Hessian contains NaN or infinite entries at this point"
        )));
    }
    let m = DMatrix::from_row_slice(n, n, &h);
    let sym = (&m + m.transpose()) * 0.5;
    Ok(SymmetricEigen::new(sym))
}

/// Qᵀg for the eigenvectors Q (columns) of a decomposition.
pub(crate) fn rotate_in(eig: &SymmetricEigen<f64, nalgebra::Dyn>, g: &[f64]) -> DVector<f64> {
    eig.eigenvectors.transpose() * DVector::from_column_slice(g)
}
