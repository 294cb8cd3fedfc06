//! The optimizer lab: several optimizers racing on one 2-D loss landscape (lectures 002–004).

pub mod actions;
pub mod claims;
pub mod controls;
pub mod legacy;
pub mod lessons;
pub mod pointer;
pub mod presets;
pub mod race;
pub mod settings;
pub mod stream;
pub mod state;
pub mod table;
#[cfg(test)]
mod tests;
pub mod tick;
pub mod typed;
pub mod typed_presets;
pub mod views;
pub mod widget;

pub use state::{OptimizerLabState, RacerConfig};
pub use widget::OptimizerLab;
