//! Small fully connected networks trained in the browser (lectures 001–004).
//!
//! The numeric core of the MLP lab: a network with flat per-layer parameter blocks
//! ([`network`]), activations and losses, initialisations (lecture 004), seeded toy data sets and
//! CSV import, a minibatch trainer driving the shared optimizers of [`crate::optim`], the
//! initialisation diagnostics of lecture 004 and the width sweep of lecture 001.

pub mod activation;
pub mod config;
pub mod csv;
pub mod data;
pub mod diagnostics;
pub mod error;
pub mod fast32;
pub mod fastmath;
pub mod fastmath32;
pub mod history;
pub mod init;
pub mod loss;
pub mod network;
pub mod surface;
pub mod sweep;
pub mod trainer;
pub mod typed;
pub mod workspace;

pub use activation::Activation;
pub use config::MlpConfig;
pub use history::History;
pub use sweep::{SweepConfig, SweepPoint, WidthSweep};
pub use trainer::{Halt, Progress, Snapshot, Trainer, TrainerBuild};
pub use csv::parse_csv;
pub use data::{DataConfig, DataKind, Dataset};
pub use diagnostics::{init_diagnostics, DiagnosticsConfig, InitDiagnostics, LayerStats};
pub use error::MlpError;
pub use fast32::Precision;
pub use init::{BiasInit, InitConfig, InitKind};
pub use loss::{Loss, LossKind, Task};
pub use network::{LayerShape, Network};
pub use surface::{Grid, SurfaceEvaluator, SurfaceMode};
pub use workspace::Workspace;

#[cfg(test)]
mod tests;
