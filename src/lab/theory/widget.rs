//! The theory lab: one experiment at a time (see `experiments.rs`), behind the one `experiment`
//! control. Everything else is the experiment's own: its settings, views, presets and URL keys;
//! the lab adds `experiment=ID` to its link (left out for the first, so older links still open).

use crate::lab::error::{LabError, LabResult};
use crate::lab::input::echo;
use crate::lab::url::percent_decode;
use crate::lab::widget::{Control, ControlKind, Pointer, ViewSpec, Widget};

use super::experiments::{self, Experiment, EXPERIMENTS};

/// The URL key and control key of the experiment.
pub const EXPERIMENT_KEY: &str = "experiment";

/// The theory lab.
pub struct TheoryLab {
    experiment: &'static Experiment,
    inner: Box<dyn Widget>,
    notices: Vec<String>,
}

/// The query's `key=value` pairs, decoded (undecodable text is kept as it is).
fn pairs(query: &str) -> Vec<(String, String)> {
    query
        .trim_start_matches('?')
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            (percent_decode(k).unwrap_or_else(|| k.to_string()), percent_decode(v).unwrap_or_else(|| v.to_string()))
        })
        .collect()
}

/// The experiments, for messages: “linearisation, surface, …”.
fn names() -> String {
    EXPERIMENTS.iter().map(|e| e.id).collect::<Vec<_>>().join(", ")
}

impl TheoryLab {
    /// Opens the lab from a URL query: `experiment=ID` picks the experiment (a preset picks its
    /// own), the other keys go to it.
    pub fn open(query: &str) -> Self {
        let kv = pairs(query);
        let mut notices = Vec::new();
        let asked = kv.iter().rev().find(|(k, _)| k == EXPERIMENT_KEY).map(|(_, v)| v.as_str());
        let preset = kv.iter().rev().find(|(k, _)| k == "preset").and_then(|(_, v)| experiments::owner_of(v));
        let experiment = match (asked, preset) {
            (_, Some(owner)) => {
                if let Some(a) = asked.filter(|a| *a != owner.id) {
                    notices.push(format!("experiment=“{}” was ignored: the preset belongs to the “{}” experiment.", echo(a), owner.id));
                }
                owner
            }
            (Some(a), None) => experiments::find(a).unwrap_or_else(|| {
                notices.push(format!("There is no experiment called “{}” (this lab has {}); showing the first.", echo(a), names()));
                &EXPERIMENTS[0]
            }),
            (None, None) => &EXPERIMENTS[0],
        };
        let rest: Vec<&str> = query.trim_start_matches('?').split('&').filter(|p| !p.is_empty() && p.split('=').next().and_then(percent_decode).as_deref() != Some(EXPERIMENT_KEY)).collect();
        let mut inner = (experiment.open)(&rest.join("&"));
        notices.extend(inner.take_notices());
        TheoryLab { experiment, inner, notices }
    }

    /// The experiment shown.
    pub fn experiment(&self) -> &'static Experiment {
        self.experiment
    }

    /// The experiment shown, as a widget.
    pub fn inner(&self) -> &dyn Widget {
        self.inner.as_ref()
    }

    /// Switches to `e`, opened with `query` (its notices kept for the page).
    fn switch(&mut self, e: &'static Experiment, query: &str) {
        let mut inner = (e.open)(query);
        self.notices.extend(inner.take_notices());
        self.experiment = e;
        self.inner = inner;
    }

    /// The experiment menu.
    fn experiment_control(&self) -> Control {
        let options = EXPERIMENTS.iter().map(|e| (e.id.to_string(), e.label.to_string())).collect();
        Control::new(EXPERIMENT_KEY, "experiment", "Experiment", self.experiment.id, ControlKind::Select { options }).help("What this lab shows: each experiment has its own settings, views and presets")
    }
}

impl Widget for TheoryLab {
    fn views(&self) -> Vec<ViewSpec> {
        self.inner.views()
    }

    fn controls(&self) -> Vec<Control> {
        let about = Control::new("experiment_about", "shows", "Experiment", self.experiment.help, ControlKind::Text);
        let mut c = vec![self.experiment_control(), about];
        c.extend(self.inner.controls());
        c
    }

    fn set(&mut self, key: &str, value: &str) -> LabResult<()> {
        if key == EXPERIMENT_KEY {
            let e = experiments::find(value).ok_or_else(|| LabError::invalid(format!("there is no experiment called “{}” (this lab has {})", echo(value), names())))?;
            if e.id != self.experiment.id {
                self.switch(e, "");
            }
            return Ok(());
        }
        if key == "preset" && !value.is_empty() {
            if let Some(owner) = experiments::owner_of(value).filter(|o| o.id != self.experiment.id) {
                self.switch(owner, &format!("preset={}", crate::lab::url::percent_encode(value)));
                return Ok(());
            }
        }
        self.inner.set(key, value)
    }

    fn action(&mut self, key: &str) -> LabResult<()> {
        self.inner.action(key)
    }

    fn pointer(&mut self, view: &str, p: Pointer) -> LabResult<()> {
        self.inner.pointer(view, p)
    }

    fn tick(&mut self, now_ms: f64, out_of_time: &mut dyn FnMut() -> bool) -> bool {
        self.inner.tick(now_ms, out_of_time)
    }

    fn ticked_views(&self) -> Option<Vec<&'static str>> {
        self.inner.ticked_views()
    }

    fn busy(&self) -> bool {
        self.inner.busy()
    }

    fn query(&self) -> String {
        let q = self.inner.query();
        if self.experiment.id == EXPERIMENTS[0].id {
            return q;
        }
        let head = format!("{EXPERIMENT_KEY}={}", self.experiment.id);
        if q.is_empty() {
            head
        } else {
            format!("{head}&{q}")
        }
    }

    fn status(&self) -> String {
        self.inner.status()
    }

    fn take_notices(&mut self) -> Vec<String> {
        let mut n = std::mem::take(&mut self.notices);
        n.extend(self.inner.take_notices());
        n
    }

    fn table(&self, view: &str) -> Option<crate::lab::export::Table> {
        self.inner.table(view)
    }

    fn attached(&mut self, views: &[String]) {
        self.inner.attached(views)
    }

    fn figure(&self, view: &str) -> Option<crate::render::figure::Figure<'_>> {
        self.inner.figure(view)
    }

    fn legacy_keys(&self) -> crate::lab::legacy_keys::LegacyKeys {
        self.inner.legacy_keys()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_experiment_comes_from_the_link_or_the_preset_and_round_trips() {
        let lab = TheoryLab::open("width=32");
        assert_eq!(lab.experiment().id, EXPERIMENTS[0].id);
        // However the first experiment was reached (by default, named, by a preset, by the
        // menu), its link leaves `experiment=` out (the fuzz test found one way it did not).
        let first = EXPERIMENTS[0].id;
        let preset = (EXPERIMENTS[0].presets)()[0].id;
        let mut menu = TheoryLab::open(&format!("{EXPERIMENT_KEY}={}", EXPERIMENTS[1].id));
        menu.set(EXPERIMENT_KEY, first).expect("switch back");
        for l in [TheoryLab::open(""), TheoryLab::open(&format!("{EXPERIMENT_KEY}={first}")), TheoryLab::open(&format!("preset={preset}")), menu] {
            assert!(!l.query().contains("experiment="), "{}", l.query());
        }
        assert!(lab.query().contains("width=32") && !lab.query().contains("experiment="), "{}", lab.query());
        let mut bad = TheoryLab::open("experiment=nope&width=32");
        let n = bad.take_notices();
        assert!(n.iter().any(|m| m.contains("no experiment called “nope”")), "{n:?}");
        assert!(bad.query().contains("width=32"), "the other keys still apply");
        let mut lab = TheoryLab::open("");
        let e = lab.set(EXPERIMENT_KEY, "nope").unwrap_err();
        assert!(e.message().contains(&names()), "{}", e.message());
        for e in EXPERIMENTS {
            lab.set(EXPERIMENT_KEY, e.id).expect("every experiment opens");
            assert_eq!(lab.experiment().id, e.id);
            let again = TheoryLab::open(&lab.query());
            assert_eq!(again.experiment().id, e.id, "{}", lab.query());
            assert_eq!(again.query(), lab.query());
            assert_eq!(lab.controls()[0].key, EXPERIMENT_KEY);
        }
    }
}
