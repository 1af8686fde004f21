//! One sea-orm entity per table, mirroring `migrations/`.

pub mod action;
pub mod action_change;
pub mod action_link;
pub mod answer;
pub mod answer_theme;
pub mod api_token;
pub mod audit_event;
pub mod contact;
pub mod membership;
pub mod outbox;
pub mod publication;
pub mod quote;
pub mod response;
pub mod rollup_answer;
pub mod rollup_day;
pub mod rollup_response;
pub mod service_key;
pub mod session;
pub mod subscriber;
pub mod subscriber_token;
pub mod survey_version;
pub mod theme;
pub mod theme_gap;
pub mod theme_link;
pub mod user;
