//! Small helpers the lab widgets share for reading control values and describing sliders.

use super::error::{LabError, LabResult};
use super::widget::{Control, ControlKind};

/// Reads a finite number typed into control `key`; the error names the control and the text.
pub fn parse_f64(key: &str, value: &str) -> LabResult<f64> {
    let v: f64 = value.trim().parse().map_err(|_| LabError::invalid(format!("{key} must be a number (got “{}”)", echo(value))))?;
    if !v.is_finite() {
        return Err(LabError::invalid(format!("{key} must be a finite number (got {})", echo(value))));
    }
    Ok(v)
}

/// Reads a whole number from `lo` to `hi` typed into control `key`.
pub fn parse_whole(key: &str, value: &str, lo: u64, hi: u64) -> LabResult<u64> {
    let v = parse_f64(key, value)?;
    if v.fract() != 0.0 || v < lo as f64 || v > hi as f64 {
        return Err(LabError::invalid(format!("{key} must be a whole number between {lo} and {hi} (got {})", echo(value.trim()))));
    }
    Ok(v as u64)
}

/// Reads a checkbox's value: true, 1 or on; false, 0 or off.
pub fn parse_bool(value: &str) -> LabResult<bool> {
    match value.trim() {
        "true" | "1" | "on" => Ok(true),
        "false" | "0" | "off" => Ok(false),
        _ => Err(LabError::invalid(format!("expected true or false (got “{}”)", echo(value)))),
    }
}

/// At most 30 characters of what a student typed, for a message (… when cut).
pub fn echo(s: &str) -> String {
    echo_n(s, 30)
}

/// At most `n` characters of `s`, for a message (… when cut).
pub fn echo_n(s: &str, n: usize) -> String {
    let mut t: String = s.chars().take(n).collect();
    if s.chars().count() > n {
        t.push('…');
    }
    t
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typed_values_are_read_or_refused_with_the_control_named() {
        assert_eq!(parse_f64("α", " 0.5 "), Ok(0.5));
        assert_eq!(parse_f64("α", "abc"), Err("α must be a number (got “abc”)".into()));
        assert!(parse_f64("α", "inf").unwrap_err().contains("finite"));
        assert_eq!(parse_whole("N", "40", 1, 5000), Ok(40));
        assert_eq!(parse_whole("N", "0", 1, 5000), Err("N must be a whole number between 1 and 5000 (got 0)".into()));
        assert!(parse_whole("N", "2.5", 1, 5000).is_err());
        assert_eq!((parse_bool("on"), parse_bool("0")), (Ok(true), Ok(false)));
        assert!(parse_bool("maybe").unwrap_err().contains("“maybe”"));
        assert_eq!(echo(&"x".repeat(40)), format!("{}…", "x".repeat(30)));
    }
}
