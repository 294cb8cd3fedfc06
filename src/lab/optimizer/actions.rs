//! The optimizer lab's buttons: the transport's (play, step, reset, add), the landscape's (new
//! seed, reset view), the quadratic's optimal steps, and each racer's Duplicate and Remove.

use crate::lab::card::Field;
use crate::lab::error::{LabError, LabResult};
use crate::lab::input::echo;
use crate::lab::transport::Action;
use crate::optim::{OptimizerConfig, SgdConfig};

use super::settings::{RACERS, TRANSPORT};
use super::state::RacerConfig;
use super::widget::OptimizerLab;

impl OptimizerLab {
    /// Runs button `key` (see [`crate::lab::widget::Widget::action`]).
    pub(super) fn act(&mut self, key: &str) -> LabResult<()> {
        if let Some(a) = TRANSPORT.action(key) {
            return self.transport_action(a);
        }
        match key {
            "new_seed" => {
                let mut b = [0u8; 4];
                getrandom::getrandom(&mut b).map_err(|e| LabError::unavailable(format!("no randomness available: {e}")))?;
                self.state.seed = u32::from_le_bytes(b) as u64;
            }
            "view_reset" => self.state.view = [0.0; 4],
            "opt_gd" => self.optimal_racer(0)?,
            "opt_hb" => self.optimal_racer(1)?,
            _ => match RACERS.field(key, self.state.racers.len())? {
                Some((i, Field::Duplicate)) => RACERS.duplicate(&mut self.state.racers, i)?,
                Some((i, Field::Remove)) => RACERS.remove(&mut self.state.racers, i)?,
                _ => return Err(LabError::unknown(format!("unknown action “{}”", echo(key)))),
            },
        }
        self.changed();
        Ok(())
    }

    fn transport_action(&mut self, a: Action) -> LabResult<()> {
        match a {
            Action::Play => {
                if !self.playing && self.state.shown >= self.state.budget {
                    self.state.shown = 0;
                }
                self.playing = !self.playing;
                self.last_tick = None;
            }
            Action::Step => {
                self.playing = false;
                self.state.shown = (self.state.shown + 1).min(self.state.budget);
            }
            Action::Reset => {
                self.playing = false;
                self.state.shown = 0;
            }
            Action::Add => {
                RACERS.check_room(self.state.racers.len())?;
                let mut c = OptimizerConfig::default_for("adam").unwrap_or_default();
                let _ = c.set("lr", 0.05);
                self.state.racers.push(RacerConfig::new(c));
                self.changed();
            }
        }
        Ok(())
    }

    /// On the quadratic, racer 1 (`i` = 0) becomes GD with α = 2/(λ₁+λ₂), racer 2 (`i` = 1) heavy
    /// ball with Polyak's α and β; the race restarts.
    fn optimal_racer(&mut self, i: usize) -> LabResult<()> {
        let (l1, l2) = self.quadratic_eigs().ok_or_else(|| LabError::refused("only for the quadratic landscape"))?;
        let cfg = if i == 0 {
            SgdConfig { lr: 2.0 / (l1 + l2), ..SgdConfig::default() }
        } else {
            let sk = (l2 / l1).sqrt();
            SgdConfig { lr: 4.0 / (l1.sqrt() + l2.sqrt()).powi(2), momentum: ((sk - 1.0) / (sk + 1.0)).powi(2), ..SgdConfig::default() }
        };
        let oc = OptimizerConfig::Sgd(cfg);
        oc.validate()?;
        while self.state.racers.len() <= i {
            self.state.racers.push(RacerConfig::default());
        }
        self.state.racers[i] = RacerConfig::new(oc);
        self.state.shown = 0;
        self.playing = true;
        Ok(())
    }
}
