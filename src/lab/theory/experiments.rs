//! The theory lab's experiments: each a widget of its own (its state, settings, views, presets),
//! listed here once with its URL id, its menu label and its presets. The lab page shows one at a
//! time; a link names it with `experiment=ID`, or with a preset of it (`preset=ID`).

use crate::lab::catalogue::PresetInfo;
use crate::lab::widget::Widget;

/// One experiment of the theory lab.
pub struct Experiment {
    /// Id used in links (`experiment=ID`).
    pub id: &'static str,
    /// Label in the “experiment” menu.
    pub label: &'static str,
    /// What it shows (the menu's help).
    pub help: &'static str,
    /// Its presets: (id, menu label, lesson).
    pub presets: fn() -> Vec<PresetInfo>,
    /// Opens it with the state of a URL query (without `experiment=`).
    pub open: fn(&str) -> Box<dyn Widget>,
}

/// The experiments, in menu order; the first is the lab's default.
pub const EXPERIMENTS: &[Experiment] = &[Experiment {
    id: "linearisation",
    label: "Network vs its linearisation (NTK)",
    help: "A network (1–3 hidden layers; 1-D regression or 2 classes) trained beside f_lin(x; w) = f(x; w₀) + J(w₀)(w − w₀): the gap, a width sweep, the Jacobian's spectrum under GD's mask, the residual per NTK direction, what ill-conditions J (lecture 001).",
    presets: || super::linearisation::presets::PRESETS.iter().map(|p| PresetInfo { id: p.id, title: p.label, lesson: p.lesson }).collect(),
    open: |q| Box::new(super::linearisation::LinearisationLab::open(q)),
}];

/// The experiment called `id`.
pub fn find(id: &str) -> Option<&'static Experiment> {
    EXPERIMENTS.iter().find(|e| e.id == id)
}

/// The experiment whose presets include `preset`.
pub fn owner_of(preset: &str) -> Option<&'static Experiment> {
    EXPERIMENTS.iter().find(|e| (e.presets)().iter().any(|p| p.id == preset))
}

/// Every experiment's presets, in menu order: the one preset menu each experiment shows (a preset
/// of another experiment switches to it).
pub fn all_presets() -> Vec<PresetInfo> {
    EXPERIMENTS.iter().flat_map(|e| (e.presets)()).collect()
}

/// The preset menu's (id, label) pairs, for the transport's `Now::presets`.
pub fn preset_menu() -> Vec<(&'static str, &'static str)> {
    all_presets().into_iter().map(|p| (p.id, p.title)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn experiment_and_preset_ids_are_unique_and_every_preset_opens_its_experiment() {
        let mut ids: Vec<&str> = EXPERIMENTS.iter().map(|e| e.id).collect();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), EXPERIMENTS.len());
        let presets = all_presets();
        let mut pids: Vec<&str> = presets.iter().map(|p| p.id).collect();
        pids.sort_unstable();
        pids.dedup();
        assert_eq!(pids.len(), presets.len(), "a preset id is used twice");
        // View ids are unique across experiments too: the page keeps rasters per view id.
        let mut views: Vec<&str> = EXPERIMENTS.iter().flat_map(|e| (e.open)("").views().into_iter().map(|v| v.id)).collect();
        let n = views.len();
        views.sort_unstable();
        views.dedup();
        assert_eq!(views.len(), n, "two experiments have a view with the same id");
        for p in &presets {
            let lab = super::super::TheoryLab::open(&format!("preset={}", p.id));
            assert_eq!(lab.experiment().id, owner_of(p.id).map_or("", |e| e.id));
        }
    }
}
