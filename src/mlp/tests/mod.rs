//! Tests of the MLP core that span several files.

mod bench;
mod gradcheck;
mod training;
