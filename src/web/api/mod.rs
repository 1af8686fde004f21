//! The JSON API, version 1.

pub mod admin;
pub mod effectiveness;
pub mod openapi;
pub mod organisation;
pub mod surveys;
