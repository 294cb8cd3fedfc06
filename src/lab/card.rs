//! The optimizer card: one racer's (or one run's) optimizer, shown and edited the same way in
//! every lab that trains.
//!
//! A card shows the optimizer menu, its update rule, one control per hyperparameter (from the
//! optimizer's own descriptors, `optim::HyperParam`: ranges are never restated here), the
//! learning-rate schedule menu and its numbers, the lab's own extra controls, a result line, and
//! Duplicate / Remove. Its keys are the URL paths of the values under the card's prefix
//! (`racers.0.optimizer.lr`, `racers.0.schedule.kind`); its buttons sit under the same prefix
//! (`racers.0.duplicate`, `racers.0.remove`).
//!
//! How a lab uses it:
//!
//! 1. Declare one `const` [`Cards`]: the state's list (`racers`, `runs`: also the plural in
//!    messages), the noun of one card (`Racer`), the largest count and the message for removing
//!    the last one.
//! 2. In `Widget::controls`, for each card, push [`Cards::controls`] with a [`Card`] (what it shows
//!    now: the optimizer, the menu of optimizers the lab offers, the schedule, the result line),
//!    a hook that may replace a hyperparameter's control, and the lab's extra controls.
//! 3. In `Widget::set` and `Widget::action`, [`Cards::field`] splits a key into the card's index
//!    and a [`Field`]; [`optimizer_for`], [`set_hyperparameter`], [`schedule_for`] and [`set_schedule`] parse and
//!    apply a value to the optimizer or the schedule (on error nothing changes);
//!    [`Cards::duplicate`] and [`Cards::remove`] edit the list.

use super::error::{LabError, LabResult};
use super::input::{echo, parse_f64, short_full, slider};
use super::widget::{Control, ControlKind};
use crate::optim::{HyperParam, OptimizerConfig, Schedule};
use crate::render::theme::{css, series_color};

/// A lab's list of cards (see the module's documentation).
#[derive(Clone, Copy, Debug)]
pub struct Cards {
    /// The list's path in the state (`racers`), also its plural in messages ("at most 8 racers").
    pub list: &'static str,
    /// One card's noun in group titles ("Racer 1 · Adam"); lower-cased in messages.
    pub noun: &'static str,
    /// The most cards.
    pub max: usize,
    /// The message when the last card would be removed.
    pub needs_one: &'static str,
    /// Help of the optimizer menu ("" for none).
    pub kind_help: &'static str,
    /// The largest value a schedule's slider reaches (typing reaches the whole range).
    pub schedule_slider_max: f64,
}

/// What one card shows now.
#[derive(Clone, Debug)]
pub struct Card<'a> {
    /// Its index in the list.
    pub index: usize,
    /// How many cards there are.
    pub count: usize,
    /// The optimizer.
    pub optimizer: &'a OptimizerConfig,
    /// The optimizers the lab offers: (kind, label).
    pub kinds: &'a [(String, String)],
    /// The learning-rate schedule (`None`: not usable now; its numbers are not shown).
    pub schedule: Option<&'a Schedule>,
    /// The result line.
    pub result: Option<String>,
}

/// What a key of a card names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Field<'k> {
    /// The optimizer menu (`optimizer.kind`).
    OptimizerKind,
    /// A hyperparameter (`optimizer.lr`).
    Hyperparameter(&'k str),
    /// The schedule menu (`schedule.kind`).
    ScheduleKind,
    /// A number of the schedule (`schedule.gamma`).
    Schedule(&'k str),
    /// The Duplicate button.
    Duplicate,
    /// The Remove button.
    Remove,
    /// Anything else under the card (a lab's own field: `init.kind`, `l2`).
    Other(&'k str),
}

/// A control built in place of a hyperparameter's usual one: given the descriptor, its key and
/// the group, `Some(controls)` replaces the slider or checkbox.
pub type Replace<'h> = &'h dyn Fn(&HyperParam, &str, &str) -> Option<Vec<Control>>;

impl Cards {
    /// The key of `field` on card `i` (`racers.0.optimizer.lr` for `optimizer.lr`).
    pub fn key(&self, i: usize, field: &str) -> String {
        format!("{}.{i}.{field}", self.list)
    }

    /// The group title of card `i`: "Racer 1 · Adam".
    pub fn group(&self, i: usize, optimizer: &OptimizerConfig) -> String {
        format!("{} {} · {}", self.noun, i + 1, optimizer.label())
    }

    /// The card's controls, in page order: optimizer, update rule, hyperparameters, schedule and
    /// its numbers, `extra`, result, Duplicate (while not full), Remove (while not the last).
    pub fn controls(&self, card: &Card, replace: Replace, extra: Vec<Control>) -> Vec<Control> {
        let i = card.index;
        let g = self.group(i, card.optimizer);
        let kind = Control::new(self.key(i, "optimizer.kind"), "optimizer", g.clone(), card.optimizer.kind(), ControlKind::Select { options: card.kinds.to_vec() });
        let kind = kind.swatch(css(series_color(i)));
        let mut c = vec![if self.kind_help.is_empty() { kind } else { kind.help(self.kind_help) }];
        c.push(Control::new(self.key(i, "rule"), "update", g.clone(), card.optimizer.update_rule(), ControlKind::Text));
        for h in card.optimizer.hyperparameters() {
            let key = self.key(i, &format!("optimizer.{}", h.key));
            match replace(&h, &key, &g) {
                Some(mut own) => c.append(&mut own),
                None if h.is_bool => c.push(Control::new(key, h.label, g.clone(), (h.value != 0.0).to_string(), ControlKind::Checkbox).help(h.help)),
                None => c.push(slider(key, h.label, &g, h.value, h.slider.0, h.slider.1, h.log_scale).help(h.help)),
            }
        }
        c.extend(self.schedule_controls(card, &g));
        c.extend(extra);
        if let Some(result) = &card.result {
            c.push(Control::new(self.key(i, "result"), "result", g.clone(), result.clone(), ControlKind::Text));
        }
        if card.count < self.max {
            c.push(Control::button(self.key(i, "duplicate"), "Duplicate", g.clone()));
        }
        if card.count > 1 {
            c.push(Control::button(self.key(i, "remove"), "Remove", g));
        }
        c
    }

    /// The schedule menu and, when the schedule is usable, its numbers.
    fn schedule_controls(&self, card: &Card, g: &str) -> Vec<Control> {
        let i = card.index;
        let options = Schedule::kinds().iter().filter_map(|k| Schedule::default_for(k).map(|s| (k.to_string(), s.label().to_string()))).collect();
        let kind = card.schedule.map_or("constant", Schedule::kind);
        let mut c = vec![Control::new(self.key(i, "schedule.kind"), "lr schedule", g, kind, ControlKind::Select { options })];
        for h in card.schedule.map(Schedule::hyperparameters).unwrap_or_default() {
            let key = self.key(i, &format!("schedule.{}", h.key));
            c.push(slider(key, h.label, g, h.value, h.slider.0, h.slider.1.min(self.schedule_slider_max), h.log_scale).help(h.help));
        }
        c
    }

    /// The card index and field `key` names, `None` when `key` is not under this list; an index
    /// past the end is refused ("there is no racer 9").
    pub fn field<'k>(&self, key: &'k str, count: usize) -> LabResult<Option<(usize, Field<'k>)>> {
        let Some(rest) = key.strip_prefix(self.list).and_then(|r| r.strip_prefix('.')) else {
            return Ok(None);
        };
        let unknown = || LabError::unknown(format!("unknown setting “{}”", echo(key)));
        let (index, field) = rest.split_once('.').ok_or_else(unknown)?;
        let i: usize = index.parse().map_err(|_| unknown())?;
        if i >= count {
            return Err(LabError::unknown(format!("there is no {} {}", self.noun.to_lowercase(), i + 1)));
        }
        let field = match field {
            "optimizer.kind" => Field::OptimizerKind,
            "schedule.kind" => Field::ScheduleKind,
            "duplicate" => Field::Duplicate,
            "remove" => Field::Remove,
            f => match (f.strip_prefix("optimizer."), f.strip_prefix("schedule.")) {
                (Some(h), _) => Field::Hyperparameter(h),
                (_, Some(s)) => Field::Schedule(s),
                _ => Field::Other(f),
            },
        };
        Ok(Some((i, field)))
    }

    /// Refuses one more card when the list is full ("at most 8 racers").
    pub fn check_room(&self, count: usize) -> LabResult<()> {
        if count >= self.max {
            return Err(LabError::refused(format!("at most {} {}", self.max, self.list)));
        }
        Ok(())
    }

    /// Duplicates card `i` (the copy follows it).
    pub fn duplicate<T: Clone>(&self, list: &mut Vec<T>, i: usize) -> LabResult<()> {
        self.check_room(list.len())?;
        let copy = list[i].clone();
        list.insert(i + 1, copy);
        Ok(())
    }

    /// Removes card `i`, unless it is the last one.
    pub fn remove<T>(&self, list: &mut Vec<T>, i: usize) -> LabResult<()> {
        if list.len() <= 1 {
            return Err(LabError::refused(self.needs_one));
        }
        list.remove(i);
        Ok(())
    }
}

/// The menu of every optimizer of the core: (kind, label).
pub fn all_optimizers() -> Vec<(String, String)> {
    OptimizerConfig::kinds().iter().filter_map(|k| OptimizerConfig::default_for(k).map(|o| (k.to_string(), o.label().to_string()))).collect()
}

/// Sets the part of a card every lab shares — its optimizer menu, a hyperparameter, its schedule
/// menu or a number of the schedule — to `value` (text from the page); `Err` for a card field
/// that is none of these (the Duplicate and Remove buttons, a lab's own field), with the message
/// for `key`.
pub fn set_shared_field(optimizer: &mut OptimizerConfig, schedule: &mut Schedule, field: Field, key: &str, value: &str) -> LabResult<()> {
    match field {
        Field::OptimizerKind => *optimizer = optimizer_for(value)?,
        Field::Hyperparameter(h) => set_hyperparameter(optimizer, h, value)?,
        Field::ScheduleKind => *schedule = schedule_for(value)?,
        Field::Schedule(h) => set_schedule(schedule, h, value)?,
        Field::Duplicate | Field::Remove | Field::Other(_) => return Err(LabError::unknown(format!("unknown setting “{}”", echo(key)))),
    }
    Ok(())
}

/// A new optimizer of kind `value`, with its defaults.
pub fn optimizer_for(value: &str) -> LabResult<OptimizerConfig> {
    OptimizerConfig::default_for(value).ok_or_else(|| LabError::unknown(format!("unknown optimizer “{}”", echo(value))))
}

/// Sets hyperparameter `key` of `optimizer` to the typed `value` (a checkbox sends true/false).
pub fn set_hyperparameter(optimizer: &mut OptimizerConfig, key: &str, value: &str) -> LabResult<()> {
    let v = match value {
        "true" => 1.0,
        "false" => 0.0,
        _ => parse_f64(key, value)?,
    };
    Ok(optimizer.set(key, v)?)
}

/// The schedule of kind `value`, with its defaults.
pub fn schedule_for(value: &str) -> LabResult<Schedule> {
    Schedule::default_for(value).ok_or_else(|| LabError::unknown(format!("unknown schedule “{}”", echo(value))))
}

/// Sets number `key` of `schedule` to the typed `value`.
pub fn set_schedule(schedule: &mut Schedule, key: &str, value: &str) -> LabResult<()> {
    let v = parse_f64(key, value)?;
    Ok(schedule.set(key, v)?)
}

/// A number box showing `value` in full precision (for values a slider would round).
pub fn number_box(key: String, label: &str, group: &str, value: f64, range: (f64, f64)) -> Control {
    Control::new(key, label, group, short_full(value), ControlKind::Number { min: range.0, max: range.1, integer: false })
}

#[cfg(test)]
mod tests {
    use super::*;

    const RACERS: Cards = Cards { list: "racers", noun: "Racer", max: 3, needs_one: "the race needs at least one racer", kind_help: "", schedule_slider_max: f64::INFINITY };

    #[test]
    fn a_cards_keys_are_the_url_paths_of_its_values() {
        let o = OptimizerConfig::default_for("adam").unwrap();
        let s = Schedule::default_for("step").unwrap();
        let kinds = all_optimizers();
        let card = Card { index: 1, count: 2, optimizer: &o, kinds: &kinds, schedule: Some(&s), result: Some("final loss 1".into()) };
        let c = RACERS.controls(&card, &|_, _, _| None, vec![]);
        let keys: Vec<&str> = c.iter().map(|c| c.key.as_str()).collect();
        for k in ["racers.1.optimizer.kind", "racers.1.optimizer.lr", "racers.1.optimizer.amsgrad", "racers.1.schedule.kind", "racers.1.schedule.gamma", "racers.1.result", "racers.1.duplicate", "racers.1.remove"] {
            assert!(keys.contains(&k), "{k} in {keys:?}");
        }
        assert!(c.iter().all(|c| c.group == "Racer 2 · Adam"));
        assert_eq!(RACERS.field("racers.1.optimizer.lr", 2), Ok(Some((1, Field::Hyperparameter("lr")))));
        assert_eq!(RACERS.field("racers.0.schedule.gamma", 2), Ok(Some((0, Field::Schedule("gamma")))));
        assert_eq!(RACERS.field("racers.0.duplicate", 2), Ok(Some((0, Field::Duplicate))));
        assert_eq!(RACERS.field("racers.5.optimizer.lr", 2).unwrap_err().message(), "there is no racer 6");
        assert!(RACERS.field("racers.x.lr", 2).is_err());
        assert_eq!(RACERS.field("runs.0.optimizer.lr", 2), Ok(None));
    }

    #[test]
    fn values_are_parsed_by_the_optimizers_own_descriptors_and_the_list_keeps_its_bounds() {
        let mut o = OptimizerConfig::default_for("adam").unwrap();
        set_hyperparameter(&mut o, "amsgrad", "true").unwrap();
        set_hyperparameter(&mut o, "lr", "0.25").unwrap();
        assert_eq!(o.lr(), 0.25);
        assert_eq!(set_hyperparameter(&mut o, "lr", "abc").unwrap_err().message(), "lr must be a number (got “abc”)");
        assert!(set_hyperparameter(&mut o, "lr", "-1").is_err());
        assert_eq!(o.lr(), 0.25);
        let mut s = schedule_for("step").unwrap();
        set_schedule(&mut s, "gamma", "0.5").unwrap();
        assert!(set_schedule(&mut s, "gamma", "7").is_err());
        assert_eq!(schedule_for("sometimes").unwrap_err().message(), "unknown schedule “sometimes”");
        let mut list = vec![1, 2];
        RACERS.duplicate(&mut list, 0).unwrap();
        assert_eq!(list, [1, 1, 2]);
        assert_eq!(RACERS.duplicate(&mut list, 0).unwrap_err().message(), "at most 3 racers");
        RACERS.remove(&mut list, 0).unwrap();
        RACERS.remove(&mut list, 0).unwrap();
        assert_eq!(RACERS.remove(&mut list, 0).unwrap_err().message(), "the race needs at least one racer");
    }
}
