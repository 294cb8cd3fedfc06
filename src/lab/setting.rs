//! One declaration per setting.
//!
//! A [`Setting`] states once what a lab's setting is: its key (the path of the value in the
//! lab's state, which is also its URL key, its control's key and its `hide=` name), the short name
//! used in messages (the lectures' symbol: `λ`, `N`), the label of its control, its kind and
//! range, and its help. The control, the parsing, the range check and its message all come from
//! it, so a range is written in one place:
//!
//! ```
//! use descent_lab::lab::setting::Setting;
//! const NOISE: Setting = Setting::real("data.noise", "noise σ", 0.0, 2.0).help("Standard deviation of the noise on y");
//! assert_eq!(NOISE.real_value("0.5"), Ok(0.5));
//! assert_eq!(NOISE.real_value("3").unwrap_err().message(), "noise σ must be between 0 and 2 (got 3)");
//! let control = NOISE.control("Data", "0.5");
//! assert_eq!(control.key, "data.noise");
//! ```

use super::error::{LabError, LabResult};
use super::input::{echo, parse_bool, parse_f64, parse_whole};
use super::widget::{Control, ControlKind};

/// What values a setting takes, and how its control looks.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum SettingKind {
    /// A real number in `min..=max`, shown as a slider over `slider` (the useful span; typing
    /// reaches the whole range), on a log scale when `log`; `step` 0 lets the page choose.
    Real { min: f64, max: f64, log: bool, slider: Option<(f64, f64)>, step: f64 },
    /// A whole number in `min..=max`, shown as a number box, or as a slider when `slider`.
    Whole { min: u64, max: u64, slider: bool, log: bool },
    /// One of `options` (value, label), shown as a drop-down.
    Choice { options: &'static [(&'static str, &'static str)] },
    /// On or off, shown as a checkbox.
    Flag,
    /// A line of text (a formula) of at most `max_len` characters, shown as a text field.
    Text { max_len: usize },
}

/// A setting's declaration (see the module's documentation).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Setting {
    /// Path of the value in the lab's state: URL key, control key and `hide=` name.
    pub key: &'static str,
    /// Short name used in messages (`N`, `λ`, `noise σ`).
    pub name: &'static str,
    /// The control's label; the name when not given.
    pub label: &'static str,
    /// One sentence on what it does.
    pub help: &'static str,
    /// Kind and range.
    pub kind: SettingKind,
}

impl Setting {
    const fn of(key: &'static str, name: &'static str, kind: SettingKind) -> Setting {
        Setting { key, name, label: name, help: "", kind }
    }
    /// A real number in `min..=max`, a linear slider over the whole range.
    pub const fn real(key: &'static str, name: &'static str, min: f64, max: f64) -> Setting {
        Self::of(key, name, SettingKind::Real { min, max, log: false, slider: None, step: 0.0 })
    }
    /// A whole number in `min..=max`, a number box.
    pub const fn whole(key: &'static str, name: &'static str, min: u64, max: u64) -> Setting {
        Self::of(key, name, SettingKind::Whole { min, max, slider: false, log: false })
    }
    /// One of `options` (value, label).
    pub const fn choice(key: &'static str, name: &'static str, options: &'static [(&'static str, &'static str)]) -> Setting {
        Self::of(key, name, SettingKind::Choice { options })
    }
    /// A checkbox.
    pub const fn flag(key: &'static str, name: &'static str) -> Setting {
        Self::of(key, name, SettingKind::Flag)
    }
    /// A line of text of at most `max_len` characters (a formula).
    pub const fn text(key: &'static str, name: &'static str, max_len: usize) -> Setting {
        Self::of(key, name, SettingKind::Text { max_len })
    }
    /// The control's label, when it says more than the name.
    pub const fn label(mut self, label: &'static str) -> Setting {
        self.label = label;
        self
    }
    /// Help text.
    pub const fn help(mut self, help: &'static str) -> Setting {
        self.help = help;
        self
    }
    /// A log-scale slider (reals and whole numbers; whole numbers become a slider).
    pub const fn log(mut self) -> Setting {
        self.kind = match self.kind {
            SettingKind::Real { min, max, slider, step, .. } => SettingKind::Real { min, max, log: true, slider, step },
            SettingKind::Whole { min, max, .. } => SettingKind::Whole { min, max, slider: true, log: true },
            k => k,
        };
        self
    }
    /// Shows a whole number as a slider (linear).
    pub const fn slider(mut self) -> Setting {
        if let SettingKind::Whole { min, max, log, .. } = self.kind {
            self.kind = SettingKind::Whole { min, max, slider: true, log };
        }
        self
    }
    /// The span a real's slider covers (inside its range): where the useful values are.
    pub const fn span(mut self, lo: f64, hi: f64) -> Setting {
        if let SettingKind::Real { min, max, log, step, .. } = self.kind {
            self.kind = SettingKind::Real { min, max, log, slider: Some((lo, hi)), step };
        }
        self
    }
    /// The step of a real's linear slider.
    pub const fn step(mut self, step: f64) -> Setting {
        if let SettingKind::Real { min, max, log, slider, .. } = self.kind {
            self.kind = SettingKind::Real { min, max, log, slider, step };
        }
        self
    }

    /// The valid range of a number (`None` for choices and flags).
    pub fn range(&self) -> Option<(f64, f64)> {
        match self.kind {
            SettingKind::Real { min, max, .. } => Some((min, max)),
            SettingKind::Whole { min, max, .. } => Some((min as f64, max as f64)),
            _ => None,
        }
    }

    /// Whether `v` is a valid value of this number setting.
    pub fn accepts(&self, v: f64) -> bool {
        match self.kind {
            SettingKind::Real { min, max, .. } => v.is_finite() && (min..=max).contains(&v),
            SettingKind::Whole { min, max, .. } => v.fract() == 0.0 && (min as f64..=max as f64).contains(&v),
            _ => false,
        }
    }

    /// The control showing `value`, under `group`.
    pub fn control(&self, group: &str, value: impl Into<String>) -> Control {
        let kind = match self.kind {
            SettingKind::Real { min, max, log, slider, step } => {
                let (lo, hi) = slider.unwrap_or((min, max));
                let step = if log { 0.0 } else if step > 0.0 { step } else { (hi - lo) / 200.0 };
                ControlKind::Slider { min: lo, max: hi, step, log }
            }
            SettingKind::Whole { min, max, slider: true, log } => ControlKind::Slider { min: min as f64, max: max as f64, step: 1.0, log },
            SettingKind::Whole { min, max, .. } => ControlKind::Number { min: min as f64, max: max as f64, integer: true },
            SettingKind::Choice { options } => ControlKind::Select { options: options.iter().map(|(v, l)| (v.to_string(), l.to_string())).collect() },
            SettingKind::Flag => ControlKind::Checkbox,
            SettingKind::Text { max_len } => ControlKind::Input { max_len },
        };
        let c = Control::new(self.key, self.label, group, value, kind);
        if self.help.is_empty() {
            c
        } else {
            c.help(self.help)
        }
    }

    /// The control with a slider over `span` instead of the declared one (a span that depends on
    /// the data, such as λ over the data's s²); typing still reaches the whole range.
    pub fn control_spanning(&self, group: &str, value: impl Into<String>, span: (f64, f64)) -> Control {
        let mut c = self.control(group, value);
        if let ControlKind::Slider { min, max, step, log } = &mut c.kind {
            *min = span.0;
            *max = span.1;
            if !*log {
                *step = (span.1 - span.0) / 200.0;
            }
        }
        c
    }

    /// The control of one member of a family of settings declared once (the free parameters of
    /// a typed formula: `landscape.params.a`, `landscape.params.b`, …): this declaration's kind,
    /// range and help under the member's own key and label.
    pub fn control_as(&self, key: impl Into<String>, label: impl Into<String>, group: &str, value: impl Into<String>) -> Control {
        let mut c = self.control(group, value);
        c.key = key.into();
        c.label = label.into();
        c
    }

    /// A real number typed into the control of family member `name` (see [`Setting::control_as`]),
    /// range-checked, the message naming the member.
    pub fn real_value_as(&self, name: &str, text: &str) -> LabResult<f64> {
        let v = parse_f64(name, text)?;
        match self.range() {
            Some((min, max)) if (min..=max).contains(&v) => Ok(v),
            Some((min, max)) => Err(LabError::invalid(format!("{name} must be between {min} and {max} (got {v})"))),
            None => Err(LabError::invalid(format!("{name} is not a number setting"))),
        }
    }

    /// A line of text typed into this setting's control, refused when longer than its limit.
    pub fn text_value<'a>(&self, text: &'a str) -> LabResult<&'a str> {
        match self.kind {
            SettingKind::Text { max_len } if text.chars().count() <= max_len => Ok(text),
            SettingKind::Text { max_len } => Err(LabError::invalid(format!("the {} is longer than {max_len} characters", self.name))),
            _ => Err(LabError::invalid(format!("{} is not a text setting", self.name))),
        }
    }

    /// The drop-down of a choice whose options come from a registry at run time (the landscapes,
    /// the optimizers) rather than from the declaration.
    pub fn control_choosing(&self, group: &str, value: impl Into<String>, options: Vec<(String, String)>) -> Control {
        let mut c = self.control(group, value);
        c.kind = ControlKind::Select { options };
        c
    }

    /// A real number typed into this setting's control, range-checked.
    pub fn real_value(&self, text: &str) -> LabResult<f64> {
        let v = parse_f64(self.name, text)?;
        match self.kind {
            SettingKind::Real { min, max, .. } if (min..=max).contains(&v) => Ok(v),
            SettingKind::Real { min, max, .. } => Err(LabError::invalid(format!("{} must be between {min} and {max} (got {v})", self.name))),
            _ => Err(LabError::invalid(format!("{} is not a real-valued setting", self.name))),
        }
    }

    /// A whole number typed into this setting's control, range-checked.
    pub fn whole_value(&self, text: &str) -> LabResult<u64> {
        match self.kind {
            SettingKind::Whole { min, max, .. } => parse_whole(self.name, text, min, max),
            _ => Err(LabError::invalid(format!("{} is not a whole-number setting", self.name))),
        }
    }

    /// A whole number typed on a slider (which may send fractions): the nearest whole number,
    /// range-checked ("speed must be between 1 and 5000 (got 0)").
    pub fn rounded_value(&self, text: &str) -> LabResult<u64> {
        let v = parse_f64(self.name, text)?.round();
        match self.kind {
            SettingKind::Whole { min, max, .. } if (min as f64..=max as f64).contains(&v) => Ok(v as u64),
            SettingKind::Whole { min, max, .. } => Err(LabError::invalid(format!("{} must be between {min} and {max} (got {v})", self.name))),
            _ => Err(LabError::invalid(format!("{} is not a whole-number setting", self.name))),
        }
    }

    /// One of this setting's options, by its value.
    pub fn choice_value(&self, text: &str) -> LabResult<&'static str> {
        match self.kind {
            SettingKind::Choice { options } => options
                .iter()
                .map(|(v, _)| *v)
                .find(|v| *v == text.trim())
                .ok_or_else(|| {
                    let names: Vec<&str> = options.iter().map(|(v, _)| *v).collect();
                    LabError::unknown(format!("unknown {} “{}” (one of: {})", self.name, echo(text.trim()), names.join(", ")))
                }),
            _ => Err(LabError::invalid(format!("{} is not a choice", self.name))),
        }
    }

    /// A checkbox's value: true, 1 or on; false, 0 or off.
    pub fn flag_value(&self, text: &str) -> LabResult<bool> {
        parse_bool(text).map_err(|_| LabError::invalid(format!("{} expects true or false (got “{}”)", self.name, echo(text))))
    }
}

/// Finds the declaration of `key` in a lab's list of settings.
pub fn find(settings: &[Setting], key: &str) -> Option<Setting> {
    settings.iter().copied().find(|s| s.key == key)
}

#[cfg(test)]
mod tests {
    use super::*;

    const N: Setting = Setting::whole("data.n", "N", 1, 5000).label("N (points)").help("Number of points");
    const LAMBDA: Setting = Setting::real("lambda", "λ", 0.0, 1e12).log().span(1e-6, 1e4);
    const MAP: Setting = Setting::choice("data.feature_map", "feature map", &[("polynomial", "polynomial"), ("rbf", "Gaussian bumps")]);
    const SHOW: Setting = Setting::flag("show.ridge", "ridge");

    #[test]
    fn the_control_comes_from_the_declaration() {
        let c = N.control("Data", "40");
        assert_eq!((c.key.as_str(), c.label.as_str(), c.help.as_str(), c.value.as_str()), ("data.n", "N (points)", "Number of points", "40"));
        assert!(matches!(c.kind, ControlKind::Number { min, max, integer: true } if min == 1.0 && max == 5000.0));
        let l = LAMBDA.control("Shrinkage", "0.1");
        assert!(matches!(l.kind, ControlKind::Slider { min, max, log: true, .. } if min == 1e-6 && max == 1e4));
        let l = LAMBDA.control_spanning("Shrinkage", "0.1", (1e-3, 10.0));
        assert!(matches!(l.kind, ControlKind::Slider { min, max, .. } if min == 1e-3 && max == 10.0));
        assert!(matches!(MAP.control("Data", "rbf").kind, ControlKind::Select { ref options } if options.len() == 2));
        assert!(matches!(SHOW.control("Show", "true").kind, ControlKind::Checkbox));
        const F: Setting = Setting::text("landscape.formula", "formula", 300);
        assert!(matches!(F.control("Landscape", "x^2").kind, ControlKind::Input { max_len: 300 }));
        assert_eq!(F.text_value("x^2"), Ok("x^2"));
        assert_eq!(F.text_value(&"x".repeat(301)).unwrap_err().message(), "the formula is longer than 300 characters");
        const P: Setting = Setting::real("landscape.params", "parameter", -10.0, 10.0).span(-5.0, 5.0);
        let a = P.control_as("landscape.params.a", "a", "Landscape", "1");
        assert_eq!((a.key.as_str(), a.label.as_str()), ("landscape.params.a", "a"));
        assert!(matches!(a.kind, ControlKind::Slider { min, max, .. } if min == -5.0 && max == 5.0));
        assert_eq!(P.real_value_as("a", "2"), Ok(2.0));
        assert_eq!(P.real_value_as("a", "20").unwrap_err().message(), "a must be between -10 and 10 (got 20)");
    }

    #[test]
    fn typed_values_are_checked_against_the_declared_range_with_the_name_in_the_message() {
        assert_eq!(N.whole_value(" 40 "), Ok(40));
        assert_eq!(N.whole_value("0").unwrap_err().message(), "N must be a whole number between 1 and 5000 (got 0)");
        assert!(N.whole_value("2.5").is_err());
        assert_eq!((N.rounded_value("2.5"), N.rounded_value(" 40.4 ")), (Ok(3), Ok(40)));
        assert_eq!(N.rounded_value("0.4").unwrap_err().message(), "N must be between 1 and 5000 (got 0)");
        assert!(LAMBDA.rounded_value("1").is_err());
        assert_eq!(LAMBDA.real_value("abc").unwrap_err().message(), "λ must be a number (got “abc”)");
        assert!(LAMBDA.real_value("NaN").unwrap_err().message().contains("finite"));
        assert_eq!(LAMBDA.real_value("-1").unwrap_err().message(), "λ must be between 0 and 1000000000000 (got -1)");
        assert_eq!(MAP.choice_value("rbf"), Ok("rbf"));
        assert!(MAP.choice_value("<b>").unwrap_err().message().contains("one of: polynomial, rbf"));
        assert_eq!((SHOW.flag_value("on"), SHOW.flag_value("0")), (Ok(true), Ok(false)));
        assert!(SHOW.flag_value("maybe").is_err());
        assert!(N.accepts(5000.0) && !N.accepts(5001.0) && !N.accepts(1.5));
        assert_eq!(find(&[N, LAMBDA], "lambda"), Some(LAMBDA));
    }
}
