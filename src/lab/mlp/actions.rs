//! The MLP lab's buttons: `action(key)`: the transport's (`lab::transport`), the data's and the
//! network's seeds, the width sweep, and each run card's Duplicate and Remove (`lab::card`).

use crate::lab::error::{LabError, LabResult};
use crate::lab::input::echo;

use super::settings::{RUNS, TRANSPORT};
use super::widget::MlpLab;

impl MlpLab {
    /// Runs button `key`'s action.
    pub(super) fn act(&mut self, key: &str) -> LabResult<()> {
        // Any button takes over from a link's replay (Play pauses it where it is) and from a
        // "Step ▸" still being computed.
        self.replay_to = None;
        if key != "step" {
            self.step_to = None;
        }
        if let Some(a) = TRANSPORT.action(key) {
            return self.transport_action(a);
        }
        match key {
            "new_seed" | "new_data_seed" => self.new_seed(key == "new_data_seed"),
            "reset_data" => {
                self.csv = None;
                let d = self.state.data.clone();
                self.update(|s| {
                    s.data = d;
                    Ok(())
                })
            }
            "sweep_run" => self.start_sweep(),
            _ => {
                let unknown = || Err(LabError::unknown(format!("unknown action “{}”", echo(key))));
                match RUNS.field(key, self.state.runs.len())? {
                    Some((i, field)) => self.run_action(i, field).unwrap_or_else(unknown),
                    None => unknown(),
                }
            }
        }
    }

    /// A random seed for the data set (`data`) or for the weights.
    fn new_seed(&mut self, data: bool) -> LabResult<()> {
        let mut b = [0u8; 4];
        getrandom::getrandom(&mut b).map_err(|e| LabError::unavailable(format!("no randomness available: {e}")))?;
        let v = u32::from_le_bytes(b) as u64;
        self.update(move |s| {
            if data {
                s.data.seed = v;
            } else {
                s.seed = v;
            }
            Ok(())
        })
    }
}
