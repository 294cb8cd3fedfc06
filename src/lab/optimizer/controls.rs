//! The optimizer lab's controls, as the page shows them now: the transport (group "Race"), the
//! landscape, the quadratic's optimal steps, one card per racer, and the curvature read-out.
//! Every input's key is its value's URL path (`racers.0.optimizer.lr`); the start point `start=x,y`
//! is shown as two boxes `start.x` and `start.y`.

use crate::lab::card::{self, Card};
use crate::lab::input::{short_full, slider};
use crate::lab::transport::Now;
use crate::lab::widget::{Control, ControlKind};
use crate::landscape::LandscapeConfig;
use crate::optim::{HyperParam, OptimizerConfig};
use crate::render::chart::short;

use super::presets::PRESETS;
use super::settings::{ARROWS, LANDSCAPE, NOISE_BATCH, NOISE_SIGMA, RACERS, SEED, START, TRANSPORT};
use super::widget::OptimizerLab;

impl OptimizerLab {
    /// Every control, in page order.
    pub(super) fn all_controls(&self) -> Vec<Control> {
        let now = Now {
            playing: self.playing,
            speed: self.state.speed,
            budget: self.state.budget,
            preset: &self.state.preset,
            presets: PRESETS.iter().map(|p| (p.id, p.label)).collect(),
            can_add: self.state.racers.len() < RACERS.max,
        };
        let mut c = TRANSPORT.controls(&now, [ARROWS.control(TRANSPORT.group, self.state.arrows.to_string())]);
        c.extend(self.landscape_controls());
        c.extend(self.quadratic_controls());
        let kinds = card::all_optimizers();
        for i in 0..self.state.racers.len() {
            c.extend(self.racer_card(i, &kinds));
        }
        let cursor_text = match self.cursor {
            Some(p) => self.curvature_lines(p).join("\n"),
            None => "Hover over the landscape to read the Hessian there.".into(),
        };
        c.push(Control::new("cursor", "at the cursor", "Curvature", cursor_text, ControlKind::Text));
        c
    }

    /// The landscape menu, its formula and parameters, the noise, the seed and the start point.
    fn landscape_controls(&self) -> Vec<Control> {
        let g = "Landscape";
        let kinds = LandscapeConfig::kinds()
            .iter()
            .filter_map(|k| LandscapeConfig::default_for(k).map(|l| (k.to_string(), l.label().to_string())))
            .collect();
        let mut c = vec![LANDSCAPE.control_choosing(g, self.state.landscape.kind(), kinds)];
        if matches!(self.state.landscape, LandscapeConfig::Typed(_)) {
            c.extend(self.typed_controls(g));
        } else {
            c.push(Control::new("formula", "f(x, y) =", g, self.state.landscape.formula(), ControlKind::Text));
        }
        for p in self.state.landscape.parameters() {
            let key = format!("landscape.{}", p.key);
            if p.integer {
                c.push(Control::new(key, p.label, g, p.value.to_string(), ControlKind::Number { min: p.min, max: p.max, integer: true }).help(p.help));
            } else {
                c.push(slider(key, p.label, g, p.value, p.min, p.max, p.log_scale).help(p.help));
            }
        }
        c.push(NOISE_SIGMA.control(g, short_full(self.state.noise.sigma)));
        if matches!(self.state.landscape, LandscapeConfig::Logistic { .. }) {
            c.push(NOISE_BATCH.control(g, self.state.noise.batch_size.to_string()));
        }
        c.push(SEED.control(g, self.state.seed.to_string()));
        c.push(Control::button("new_seed", "New seed", g));
        let range = START.range().unwrap_or_default();
        c.push(card::number_box("start.x".into(), "start x", g, self.state.start[0], range).help(START.help));
        c.push(card::number_box("start.y".into(), "start y", g, self.state.start[1], range));
        c.push(Control::button("view_reset", "Reset view", g));
        c
    }

    /// On the quadratic: its Hessian and buttons setting racers 1 and 2 to the optimal steps.
    fn quadratic_controls(&self) -> Vec<Control> {
        let Some((l1, l2)) = self.quadratic_eigs() else { return Vec::new() };
        let g = "Quadratic: optimal steps";
        let a = 2.0 / (l1 + l2);
        let sk = (l2 / l1).sqrt();
        let beta = ((sk - 1.0) / (sk + 1.0)).powi(2);
        let ahb = 4.0 / (l1.sqrt() + l2.sqrt()).powi(2);
        vec![
            Control::new("quad_info", "Hessian", g, format!("λ₁ = {}, λ₂ = {}, κ = {}", short(l1), short(l2), short(l2 / l1)), ControlKind::Text),
            Control::button("opt_gd", format!("Racer 1 ← GD, α = 2/(λ₁+λ₂) = {}", short(a)), g).help("The step that minimises GD's worst-case contraction |1 − αλ|"),
            Control::button("opt_hb", format!("Racer 2 ← heavy ball α = {}, β = {}", short(ahb), short(beta)), g).help("Polyak's optimal heavy-ball parameters: α = 4/(√λ₁+√λ₂)², β = ((√κ−1)/(√κ+1))²"),
        ]
    }

    /// Racer `i`'s card; GD with step 1/L shows L as a box and the L it uses.
    fn racer_card(&self, i: usize, kinds: &[(String, String)]) -> Vec<Control> {
        let r = &self.state.racers[i];
        let result = self.trajectories.get(i).map(|t| match (&t.error, t.exit_note()) {
            (Some(e), _) => format!("cannot run: {e}"),
            (None, Some(n)) => n,
            _ => format!("final loss {}", t.loss.last().map(|v| short(*v)).unwrap_or_default()),
        });
        let card = Card { index: i, count: self.state.racers.len(), optimizer: &r.optimizer, kinds, schedule: Some(&r.schedule), result };
        let l_box = |h: &HyperParam, key: &str, group: &str| -> Option<Vec<Control>> {
            if !(matches!(r.optimizer, OptimizerConfig::GdInvL(_)) && h.key == "l") {
                return None;
            }
            let l_used = if h.value == 0.0 { self.surface.lipschitz(&self.view()) } else { h.value };
            Some(vec![
                card::number_box(key.to_string(), "L (0 = from the Hessian over the view)", group, h.value, (h.min, h.max)).help(h.help),
                Control::new(RACERS.key(i, "l_used"), "L used", group, short(l_used), ControlKind::Text),
            ])
        };
        RACERS.controls(&card, &l_box, Vec::new())
    }
}
