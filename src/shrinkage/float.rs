//! The floating-point types the lab compares: f32 (single) and f64 (double precision).

/// A float type the lab can run its solvers in: `f32` or `f64`.
///
/// Lecture 001: "floating point precision provides an upper bound on the number of principal
/// components that can be preserved". Making the solvers generic over this trait lets the lab run
/// the very same algorithm in both precisions and compare.
pub trait LabFloat: nalgebra::RealField + Copy + std::fmt::Debug {
    /// Name shown to students ("f32" or "f64").
    const NAME: &'static str;
    /// Machine epsilon (distance from 1 to the next float): 2⁻²³ for f32, 2⁻⁵² for f64.
    const MACHINE_EPSILON: f64;
    /// Rounds an f64 to this type (named to avoid clashing with num-traits' `from_f64`).
    fn narrow(v: f64) -> Self;
    /// Widens to f64 (exact).
    fn widen(self) -> f64;
}

impl LabFloat for f32 {
    const NAME: &'static str = "f32";
    const MACHINE_EPSILON: f64 = f32::EPSILON as f64;
    fn narrow(v: f64) -> Self {
        v as f32
    }
    fn widen(self) -> f64 {
        self as f64
    }
}

impl LabFloat for f64 {
    const NAME: &'static str = "f64";
    const MACHINE_EPSILON: f64 = f64::EPSILON;
    fn narrow(v: f64) -> Self {
        v
    }
    fn widen(self) -> f64 {
        self
    }
}
