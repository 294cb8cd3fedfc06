//! Small helpers the lab widgets share for reading control values and describing sliders.

use super::widget::{Control, ControlKind};

/// Reads a finite number typed into control `key`; the error names the control and the text.
pub fn parse_f64(key: &str, value: &str) -> Result<f64, String> {
    let v: f64 = value.trim().parse().map_err(|_| format!("{key}: “{}” is not a number", value.chars().take(20).collect::<String>()))?;
    if !v.is_finite() {
        return Err(format!("{key} must be a finite number (got {value})"));
    }
    Ok(v)
}

/// A slider control (log sliders move in log10 space; linear ones in 200 steps).
pub fn slider(key: String, label: &str, group: &str, value: f64, min: f64, max: f64, log: bool) -> Control {
    Control::new(key, label, group, short_full(value), ControlKind::Slider { min, max, step: if log { 0.0 } else { (max - min) / 200.0 }, log })
}

/// Full-precision text for a number control (so a round trip does not lose digits);
/// scientific notation for very small or large magnitudes (1e-8 rather than 0.00000001).
pub fn short_full(v: f64) -> String {
    let a = v.abs();
    if a != 0.0 && !(1e-3..1e6).contains(&a) {
        format!("{v:e}")
    } else {
        format!("{v}")
    }
}
