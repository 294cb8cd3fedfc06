//! The transport controls of a lab that trains or races: ▶ Play, Step ▸, ⟲ Reset, the speed and
//! the budget, the lecture-preset menu and “+ Add”.
//!
//! How a lab uses it:
//!
//! 1. Declare one `const` [`Transport`]: the group the controls sit in, its speed and budget as
//!    [`Setting`]s (their keys are the state's fields, `speed` and `budget`), the help of the
//!    buttons and the label of “+ Add”.
//! 2. In `Widget::controls`, push [`Transport::controls`] with what they show now ([`Now`]); the
//!    lab's own controls of that group that sit between the budget and the preset menu (the
//!    optimizer lab's arrows) go in `between`.
//! 3. In `Widget::set`, ask [`Transport::setting`] first: it parses and range-checks the speed,
//!    the budget and the preset menu's choice, and says which it was ([`Set`]); the lab stores it.
//! 4. In `Widget::action`, [`Transport::action`] names the button ([`Action`]); what playing,
//!    stepping, resetting and adding mean is the lab's.
//!
//! The keys are plain and the same in every lab: `play`, `step`, `reset` (the page puts those
//! three in its transport bar), `speed`, `budget`, `preset` (URL keys), `add`.

use super::error::LabResult;
use super::input::{echo, short_full};
use super::setting::{Setting, SettingKind};
use super::widget::{Control, ControlKind};

/// A lab's transport controls (see the module's documentation).
#[derive(Clone, Copy, Debug)]
pub struct Transport {
    /// The group the controls are shown under ("Race", "Training").
    pub group: &'static str,
    /// The speed (key `speed`): a real or a whole number; a whole number typed with a fraction is
    /// rounded before its range is checked.
    pub speed: Setting,
    /// The budget (key `budget`): a whole number.
    pub budget: Setting,
    /// Help of ▶ Play, Step ▸ and ⟲ Reset.
    pub play_help: &'static str,
    /// Help of Step ▸.
    pub step_help: &'static str,
    /// Help of ⟲ Reset.
    pub reset_help: &'static str,
    /// Help of the preset menu.
    pub preset_help: &'static str,
    /// Label of the add button ("+ Add racer").
    pub add_label: &'static str,
    /// Help of the add button ("" for none).
    pub add_help: &'static str,
}

/// What the transport controls show now.
#[derive(Clone, Debug)]
pub struct Now<'a> {
    /// Whether the lab is playing (the Play button reads “❚❚ Pause”).
    pub playing: bool,
    /// The speed.
    pub speed: f64,
    /// The budget.
    pub budget: u64,
    /// The preset the state came from ("" for none).
    pub preset: &'a str,
    /// The lab's presets: (id, menu label).
    pub presets: Vec<(&'static str, &'static str)>,
    /// Whether “+ Add” is offered (the list is not full).
    pub can_add: bool,
}

/// A transport setting, parsed and range-checked.
#[derive(Clone, Debug, PartialEq)]
pub enum Set {
    /// A new speed.
    Speed(f64),
    /// A new budget.
    Budget(u64),
    /// Load this preset.
    Preset(String),
    /// Nothing to do (the preset menu's “— choose a preset —”).
    Nothing,
}

/// A transport button.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    /// ▶ Play / ❚❚ Pause.
    Play,
    /// Step ▸.
    Step,
    /// ⟲ Reset.
    Reset,
    /// + Add.
    Add,
}

impl Transport {
    /// The controls, in page order: play, step, reset, speed, budget, `between`, preset, add.
    pub fn controls(&self, now: &Now, between: impl IntoIterator<Item = Control>) -> Vec<Control> {
        let g = self.group;
        let mut c = vec![
            Control::button("play", if now.playing { "❚❚ Pause" } else { "▶ Play" }, g).help(self.play_help),
            Control::button("step", "Step ▸", g).help(self.step_help),
            Control::button("reset", "⟲ Reset", g).help(self.reset_help),
            self.speed.control(g, short_full(now.speed)),
            self.budget.control(g, now.budget.to_string()),
        ];
        c.extend(between);
        let mut options = vec![(String::new(), "— choose a preset —".to_string())];
        options.extend(now.presets.iter().map(|(id, label)| (id.to_string(), label.to_string())));
        c.push(Control::new("preset", "lecture preset", g, now.preset, ControlKind::Select { options }).help(self.preset_help));
        if now.can_add {
            c.push(Control::button("add", self.add_label, g).help(self.add_help));
        }
        c
    }

    /// The transport setting `key` set to `value`, parsed and checked; `None` when `key` is not one.
    pub fn setting(&self, key: &str, value: &str) -> Option<LabResult<Set>> {
        Some(match key {
            "speed" => self.speed_value(value).map(Set::Speed),
            "budget" => self.budget.whole_value(value).map(Set::Budget),
            "preset" if value.is_empty() => Ok(Set::Nothing),
            "preset" => Ok(Set::Preset(value.to_string())),
            _ => return None,
        })
    }

    /// The button `key`, if it is a transport button.
    pub fn action(&self, key: &str) -> Option<Action> {
        Some(match key {
            "play" => Action::Play,
            "step" => Action::Step,
            "reset" => Action::Reset,
            "add" => Action::Add,
            _ => return None,
        })
    }

    /// A typed speed: a real in range, or a whole number (rounded first) in range.
    fn speed_value(&self, value: &str) -> LabResult<f64> {
        match self.speed.kind {
            SettingKind::Whole { .. } => self.speed.rounded_value(value).map(|v| v as f64),
            _ => self.speed.real_value(value),
        }
    }
}

/// Play/pause, Step and Reset of a lab that trains in steps, on its `playing` flag and the steps
/// “Step ▸” still owes (`pending`); `finished`: whether the run has ended. Returns whether the lab
/// should build its run again from step 0 (Reset, or Play on a finished run). Add is the lab's own.
pub fn play_step_reset(action: Action, playing: &mut bool, pending: &mut u64, finished: bool) -> bool {
    match action {
        Action::Play => {
            let restart = !*playing && finished;
            *playing = !*playing;
            restart
        }
        Action::Step => {
            *playing = false;
            *pending += 1;
            false
        }
        Action::Reset => {
            *playing = false;
            true
        }
        Action::Add => false,
    }
}

/// The message for a preset id that does not exist.
pub fn no_such_preset(id: &str) -> String {
    format!("there is no preset called “{}”", echo(id))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn play_step_and_reset_keep_the_flag_and_the_owed_steps() {
        let (mut playing, mut pending) = (false, 0);
        assert!(!play_step_reset(Action::Play, &mut playing, &mut pending, false) && playing, "play");
        assert!(!play_step_reset(Action::Step, &mut playing, &mut pending, false) && !playing && pending == 1, "a step pauses");
        assert!(play_step_reset(Action::Play, &mut playing, &mut pending, true) && playing, "play on a finished run starts again");
        assert!(!play_step_reset(Action::Play, &mut playing, &mut pending, true) && !playing, "pause never restarts");
        playing = true;
        assert!(play_step_reset(Action::Reset, &mut playing, &mut pending, false) && !playing, "reset stops and restarts");
    }

    const T: Transport = Transport {
        group: "Race",
        speed: Setting::real("speed", "speed", 1.0, 5000.0).log().label("speed (it/s)"),
        budget: Setting::whole("budget", "iterations", 1, 20_000),
        play_help: "Animate",
        step_help: "One more",
        reset_help: "Back to 0",
        preset_help: "A figure",
        add_label: "+ Add racer",
        add_help: "",
    };

    #[test]
    fn the_controls_and_their_values_come_from_one_declaration() {
        let now = Now { playing: true, speed: 200.0, budget: 1000, preset: "a", presets: vec![("a", "A"), ("b", "B")], can_add: false };
        let c = T.controls(&now, [Control::new("arrows", "arrows", "Race", "false", ControlKind::Checkbox)]);
        let keys: Vec<&str> = c.iter().map(|c| c.key.as_str()).collect();
        assert_eq!(keys, ["play", "step", "reset", "speed", "budget", "arrows", "preset"]);
        assert_eq!(c[0].label, "❚❚ Pause");
        assert!(matches!(&c[6].kind, ControlKind::Select { options } if options.len() == 3));
        assert_eq!(T.setting("speed", "300"), Some(Ok(Set::Speed(300.0))));
        assert_eq!(T.setting("speed", "0").unwrap().unwrap_err().message(), "speed must be between 1 and 5000 (got 0)");
        assert_eq!(T.setting("budget", "20"), Some(Ok(Set::Budget(20))));
        assert!(T.setting("budget", "2.5").unwrap().is_err());
        assert_eq!(T.setting("preset", ""), Some(Ok(Set::Nothing)));
        assert_eq!(T.setting("seed", "1"), None);
        assert_eq!((T.action("add"), T.action("dup")), (Some(Action::Add), None));
        let whole = Transport { speed: Setting::whole("speed", "speed", 1, 100).log(), ..T };
        assert_eq!(whole.setting("speed", "2.6"), Some(Ok(Set::Speed(3.0))));
    }
}
