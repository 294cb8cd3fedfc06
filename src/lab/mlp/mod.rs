//! The MLP lab: train 1–4 small networks side by side on the same data and seed (lectures 001–004):
//! decision surfaces, loss and accuracy curves, per-layer gradient norms and weight changes, the
//! signal of a deep network at initialisation, and the width sweep.
//!
//! Where things are: `state.rs` (what a link holds), `settings.rs` (each setting declared once),
//! `validate.rs` (checks and repairs), `widget.rs` (the lab and its `Widget` implementation, which
//! lists the other files), `views.rs` and `tables.rs` (what each view draws and its numbers),
//! `presets.rs` and `claims.rs` (the lectures' stories and their checks), `legacy.rs` (earlier keys).

mod actions;
mod apply;
pub mod claims;
mod controls;
mod deep;
pub mod legacy;
pub mod presets;
mod runs;
pub mod settings;
pub mod state;
mod tables;
#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_work;
mod transport;
#[cfg(test)]
mod typed_tests;
pub mod validate;
pub mod views;
pub mod widget;
mod work;

pub use state::{MlpLabState, RunConfig};
pub use widget::MlpLab;
