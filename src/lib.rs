//! yousaid: continuous user-feedback surveys and "you said, we did" publications for
//! producers of official statistics.

// Tests may unwrap and count plainly: a panic there is a failed test.
#![cfg_attr(
    test,
    allow(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::arithmetic_side_effects
    )
)]

pub mod app;
pub mod assets;
pub mod audit;
pub mod auth;
pub mod cli;
pub mod config;
pub mod counts;
pub mod definitions;
pub mod engagement;
pub mod i18n;
pub mod import;
pub mod intake;
pub mod involvement;
pub mod mail;
pub mod metrics;
pub mod net;
pub mod period;
pub mod privacy;
pub mod publishing;
pub mod quotes;
pub mod reload;
pub mod storable;
pub mod storage;
pub mod telemetry;
pub mod text;
pub mod uk_time;
pub mod web;
pub mod workspace;
