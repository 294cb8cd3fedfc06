//! The optimizer lab: several optimizers racing on one 2-D loss landscape (lectures 002–004).

pub mod claims;
pub mod lessons;
pub mod presets;
pub mod race;
pub mod state;
pub mod table;
pub mod views;
pub mod widget;

pub use state::{OptimizerLabState, RacerConfig};
pub use widget::OptimizerLab;
