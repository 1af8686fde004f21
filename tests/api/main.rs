//! Black-box tests of the running service, each on SQLite and, when configured, PostgreSQL.

// Helpers outside #[test] fns panic on purpose: a failed setup is a failed test.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::arithmetic_side_effects
)]

mod abuse;
mod api_document;
mod api_responses;
mod architecture;
mod browser;
mod bulk_tagging;
mod container;
mod data_gaps;
mod definitions;
mod delivery;
mod disclosure;
mod effectiveness;
mod effectiveness_year;
mod engagement_pages;
mod error_table;
mod faults;
mod filter_totals;
mod fixtures;
mod fuzz;
mod get_involved;
mod helpers;
mod import;
mod intake_guarantees;
mod metrics;
mod odd_input;
mod organisation;
mod overview;
mod page_widget;
mod partial_periods;
mod privacy_notice;
mod process;
mod publication_flow;
mod publishing;
mod races;
mod readable_publications;
mod referrals;
mod reload;
mod replicas;
mod schemathesis;
mod search;
mod seed;
mod sign_in_abuse;
mod smtp;
#[path = "../support/splitmix.rs"]
mod splitmix;
mod suggestions;
mod survey_pages;
mod workspace_access;
mod workspace_data;
mod workspace_forms;
