//! Hidden-layer activation functions σ and their derivatives σ' (lecture 004: z_{i+1} = σ_i(W_i z_i + b_i)).

use serde::{Deserialize, Serialize};

use super::fastmath::tanh;

/// √(2/π), the constant of the tanh approximation of GELU.
const GELU_C: f64 = 0.797_884_560_802_865_4;
/// The cubic coefficient of the tanh approximation of GELU (Hendrycks & Gimpel 2016).
const GELU_A: f64 = 0.044_715;

/// The nonlinearity applied after every hidden layer (the output layer is always linear).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Activation {
    /// ReLU: σ(z) = max(0, z); σ'(z) = 1 if z > 0 else 0 (we take σ'(0) = 0, as PyTorch does).
    Relu,
    /// Hyperbolic tangent: σ(z) = tanh z; σ'(z) = 1 − tanh² z (tanh from [`super::fastmath`]).
    #[default]
    Tanh,
    /// Logistic sigmoid: σ(z) = 1/(1 + e^{−z}); σ'(z) = σ(z)(1 − σ(z)).
    Sigmoid,
    /// Identity: σ(z) = z; σ'(z) = 1 (the network is then a product of matrices: linear).
    Linear,
    /// GELU, **tanh approximation** (PyTorch `nn.GELU(approximate='tanh')`):
    /// σ(z) = ½ z (1 + tanh(√(2/π)(z + 0.044715 z³))). Chosen because Rust's std has no `erf`.
    Gelu,
}

impl Activation {
    /// All activations, in the order the page lists them.
    pub const ALL: [Activation; 5] = [
        Activation::Relu,
        Activation::Tanh,
        Activation::Sigmoid,
        Activation::Linear,
        Activation::Gelu,
    ];

    /// σ(z) for one number.
    #[inline]
    pub fn apply(self, z: f64) -> f64 {
        match self {
            Activation::Relu => z.max(0.0),
            Activation::Tanh => tanh(z),
            Activation::Sigmoid => sigmoid(z),
            Activation::Linear => z,
            Activation::Gelu => 0.5 * z * (1.0 + tanh(GELU_C * (z + GELU_A * z * z * z))),
        }
    }

    /// σ'(z), given the pre-activation z and the output a = σ(z) (whichever is cheaper is used).
    #[inline]
    pub fn derivative(self, z: f64, a: f64) -> f64 {
        match self {
            Activation::Relu => {
                if z > 0.0 {
                    1.0
                } else {
                    0.0
                }
            }
            Activation::Tanh => 1.0 - a * a,
            Activation::Sigmoid => a * (1.0 - a),
            Activation::Linear => 1.0,
            Activation::Gelu => {
                let t = tanh(GELU_C * (z + GELU_A * z * z * z));
                0.5 * (1.0 + t) + 0.5 * z * (1.0 - t * t) * GELU_C * (1.0 + 3.0 * GELU_A * z * z)
            }
        }
    }

    /// a = σ(z) elementwise over a slice (the match is hoisted out of the loop so each arm vectorizes).
    pub fn forward_slice(self, z: &[f64], a: &mut [f64]) {
        match self {
            Activation::Relu => a.iter_mut().zip(z).for_each(|(a, &z)| *a = z.max(0.0)),
            Activation::Tanh => a.iter_mut().zip(z).for_each(|(a, &z)| *a = tanh(z)),
            Activation::Sigmoid => a.iter_mut().zip(z).for_each(|(a, &z)| *a = sigmoid(z)),
            Activation::Linear => a.copy_from_slice(z),
            Activation::Gelu => a
                .iter_mut()
                .zip(z)
                .for_each(|(a, &z)| *a = Activation::Gelu.apply(z)),
        }
    }

    /// g ← g ⊙ σ'(z) elementwise: turns ∂L/∂a into ∂L/∂z (the backward pass through σ).
    pub fn backward_slice(self, z: &[f64], a: &[f64], g: &mut [f64]) {
        match self {
            Activation::Relu => g
                .iter_mut()
                .zip(z)
                .for_each(|(g, &z)| *g = if z > 0.0 { *g } else { 0.0 }),
            Activation::Tanh => g.iter_mut().zip(a).for_each(|(g, &a)| *g *= 1.0 - a * a),
            Activation::Sigmoid => g.iter_mut().zip(a).for_each(|(g, &a)| *g *= a * (1.0 - a)),
            Activation::Linear => {}
            Activation::Gelu => g
                .iter_mut()
                .zip(z)
                .for_each(|(g, &z)| *g *= Activation::Gelu.derivative(z, 0.0)),
        }
    }

    /// Lower-case name used in URLs and on the page.
    pub fn name(self) -> &'static str {
        match self {
            Activation::Relu => "relu",
            Activation::Tanh => "tanh",
            Activation::Sigmoid => "sigmoid",
            Activation::Linear => "linear",
            Activation::Gelu => "gelu",
        }
    }
}

/// Logistic sigmoid 1/(1 + e^{−z}), computed as ½(1 + tanh(z/2)) (no overflow for any z).
#[inline]
pub fn sigmoid(z: f64) -> f64 {
    // σ(z) = ½(1 + tanh(z/2)), with the vectorizable tanh of `fastmath`.
    0.5 + 0.5 * tanh(0.5 * z)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn derivative_matches_central_difference() {
        // Central difference error is O(h²)·σ'''; with h = 1e-5 it is ~1e-10 for these smooth σ.
        for act in Activation::ALL {
            for &z in &[-2.3, -0.7, -0.1, 0.3, 1.1, 2.9] {
                let h = 1e-5;
                let fd = (act.apply(z + h) - act.apply(z - h)) / (2.0 * h);
                let an = act.derivative(z, act.apply(z));
                assert!((fd - an).abs() < 1e-8, "{act:?} at {z}: fd {fd} vs {an}");
            }
        }
    }

    #[test]
    fn gelu_golden_values() {
        // torch.nn.functional.gelu(torch.tensor([1.0, -1.0], dtype=torch.float64), approximate='tanh')
        // = tensor([ 0.8411919906, -0.1588080094]); by hand: 0.5·(1 + tanh(0.7978845608·1.044715)).
        assert!((Activation::Gelu.apply(1.0) - 0.841_191_990_6).abs() < 1e-9);
        assert!((Activation::Gelu.apply(-1.0) + 0.158_808_009_4).abs() < 1e-9);
    }

    #[test]
    fn slices_agree_with_scalars() {
        let z = [-1.5, -0.2, 0.0, 0.4, 2.0];
        for act in Activation::ALL {
            let mut a = [0.0; 5];
            act.forward_slice(&z, &mut a);
            let mut g = [1.0; 5];
            act.backward_slice(&z, &a, &mut g);
            for i in 0..5 {
                assert_eq!(a[i], act.apply(z[i]));
                assert!((g[i] - act.derivative(z[i], a[i])).abs() < 1e-15);
            }
        }
    }
}
