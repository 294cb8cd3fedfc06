//! The lab's buttons ([`crate::lab::widget::Widget::action`]): a new seed, back to the default
//! data, α ← α*, q ← q* (GD matched to PCA's cut-off) and the precision comparison on request.

use super::settings::{self, Q};
use super::widget::ShrinkageLab;
use crate::lab::error::{LabError, LabResult};
use crate::lab::input::echo;
use crate::render::shrinkage::num;
use crate::shrinkage::q_star;

impl ShrinkageLab {
    /// Runs the button `key`.
    pub(super) fn run_action(&mut self, key: &str) -> LabResult<()> {
        match key {
            "new_seed" => self.new_seed(),
            "reset_data" => {
                self.state.preset.clear();
                self.change(true, |s| {
                    s.points.clear();
                    s.test_points.clear();
                    s.data = Default::default();
                    Ok(())
                })
            }
            "alpha_star" => self.change(false, |s| {
                s.alpha = 1.0;
                Ok(())
            }),
            "q_star" => self.match_pca(),
            "compare_precision" => {
                self.precision_requested = true;
                Ok(())
            }
            _ => Err(LabError::unknown(format!("the shrinkage lab has no button called “{}”", echo(key)))),
        }
    }

    /// Fresh data from a random seed.
    fn new_seed(&mut self) -> LabResult<()> {
        let mut b = [0u8; 4];
        getrandom::getrandom(&mut b).map_err(|_| LabError::unavailable("this browser gave no random numbers for a new seed"))?;
        let seed = u32::from_le_bytes(b) as u64;
        self.state.preset.clear();
        self.regenerate(seed, |d, s| d.seed = s)
    }

    /// α ← α* and q ← q* = s_max²/κ²: gradient descent keeps roughly the directions PCA keeps.
    fn match_pca(&mut self) -> LabResult<()> {
        let q = q_star(self.s_max(), self.state.kappa);
        let (_, q_max) = settings::limits(&Q);
        let v = settings::iterations(q.round().max(1.0))
            .map_err(|_| LabError::refused(format!("q* = s_max²/κ² = {} is beyond {q_max} iterations: increase κ", num(q))))?;
        self.change(false, |s| {
            s.alpha = 1.0;
            s.q = v;
            Ok(())
        })
    }
}
