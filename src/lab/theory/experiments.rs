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
}, Experiment {
    id: "surface",
    label: "Loss surface: slices through w* (skips, depth, width)",
    help: "The loss on a plane through the trained weights, 𝓛(w* + a·d₁ + b·d₂), along filter-normalised random or principal directions, with the trajectory on it; the 1-D path from w₀ to w*; a deep plain network beside the same network with skip connections (lecture 002, Li et al. 2018).",
    presets: || super::surface::presets::PRESETS.iter().map(|p| PresetInfo { id: p.id, title: p.label, lesson: p.lesson }).collect(),
    open: |q| Box::new(super::surface::SurfaceLab::open(q)),
}, Experiment {
    id: "optima",
    label: "Local optima vs network size",
    help: "K initialisations of each of four network sizes trained on one 2-class data set for the same steps: the histograms of their final training losses, and how many of each size end near the best loss (lecture 002, after Choromanska et al. 2015).",
    presets: || super::optima::presets::PRESETS.iter().map(|p| PresetInfo { id: p.id, title: p.label, lesson: p.lesson }).collect(),
    open: |q| Box::new(super::optima::OptimaLab::open(q)),
}, Experiment {
    id: "smoothness",
    label: "Smoothness: step 1/L, rate and noise ball",
    help: "Gradient descent with step 1/L on least squares (L = s_max²/N): the running mean of ‖g_k‖² under 2L·L(W₀)/K, the noise ball σ² with gradient noise, and a decaying step that leaves it (lecture 003).",
    presets: || super::smoothness::presets::PRESETS.iter().map(|p| PresetInfo { id: p.id, title: p.label, lesson: p.lesson }).collect(),
    open: |q| Box::new(super::smoothness::SmoothnessLab::open(q)),
}, Experiment {
    id: "relative",
    label: "Relative updates: gradient change per step",
    help: "During MLP training, each step's measured relative change of the gradient against Π_l(1 + ‖ΔW_l‖/‖W_l‖) − 1, for up to four optimizers (SGD, Adam, Madam, Nero …); each layer's relative update and each layer's neuron rotation (lecture 003).",
    presets: || super::relative::presets::PRESETS.iter().map(|p| PresetInfo { id: p.id, title: p.label, lesson: p.lesson }).collect(),
    open: |q| Box::new(super::relative::RelativeLab::open(q)),
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
