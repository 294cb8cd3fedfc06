//! Inside a network (lecture 001, "Optimizing deep networks"; issue 14): the network Jacobian,
//! the empirical neural tangent kernel and the network's first-order Taylor model.
//!
//! For a network f(x; w) with one output and training inputs x₁ … x_N, the Jacobian
//! J = ∂f(xᵢ; w)/∂w is N × P ([`jacobian`]). Near the initial weights w₀ the network is close to
//! its linearisation f_lin(x; w) = f(x; w₀) + J(w₀)(w − w₀) ([`Linearised`]), a linear model in w
//! whose features are the rows of J — so gradient descent on it acts on the singular directions of
//! J exactly as on those of the data matrix X in the shrinkage lab: after q steps with step α on
//! the mean squared error L = (1/N)‖f − y‖², the training residual's component along the
//! eigenvector of the kernel K = JJᵀ with eigenvalue s² is multiplied by (1 − 2αs²/N)^q
//! ([`Linearised::predicted_residual`]).
//!
//! Core only: no web crates; the lab that shows it is `lab::theory`.

pub mod gram;
pub mod jacobian;
pub mod linearised;
pub mod optima;
pub mod relative;
pub mod slice;
pub mod slice32;
pub mod smoothness;
pub mod tangent;

#[cfg(test)]
mod tests;

pub use gram::{kernel_spectrum, GramBuild};
pub use jacobian::{jacobian, ntk_spectrum, Spectrum};
pub use linearised::Linearised;
pub use tangent::{jvp, TangentAt};
