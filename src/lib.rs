//! yousaid: continuous user-feedback surveys and "you said, we did" publications for
//! producers of official statistics.

pub mod app;
pub mod cli;
pub mod config;
pub mod definitions;
pub mod i18n;
pub mod intake;
pub mod reload;
pub mod storage;
pub mod telemetry;
pub mod web;
