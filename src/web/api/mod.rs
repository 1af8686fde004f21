//! The JSON API, version 1.

pub mod surveys;
