//! yousaid: continuous user-feedback surveys and "you said, we did" publications for
//! producers of official statistics.

pub mod cli;
pub mod definitions;
