//! One sea-orm entity per table, mirroring `migrations/`.

pub mod answer;
pub mod contact;
pub mod response;
pub mod survey_version;
