//! The MLP lab: train 1–4 small networks side by side on the same data and seed (lectures 001–004):
//! decision surfaces, loss and accuracy curves, per-layer gradient norms and weight changes, the
//! signal of a deep network at initialisation, and the width sweep.

pub mod claims;
pub mod presets;
pub mod state;
pub mod views;
pub mod widget;

pub use state::{MlpLabState, RunConfig, ScheduleSpec};
pub use widget::MlpLab;

