//! Lab logic: each widget's state (a serde struct that round-trips through the URL) and orchestration.

pub mod card;
pub mod catalogue;
pub mod error;
pub mod legacy_keys;
pub mod setting;
pub mod claim;
pub mod export;
pub mod state_file;
pub mod input;
#[cfg(test)]
mod overprint;
pub mod mlp;
pub mod optimizer;
pub mod shrinkage;
pub mod theory;
pub mod transport;
pub mod url;
pub mod widget;
