//! Schema migrations for yousaid, written once with sea-query so SQLite and PostgreSQL get
//! the same tables — except the full-text index, which each database builds its own way.
//! Add-only: SQLite cannot alter constrained columns.

pub use sea_orm_migration::prelude::*;

mod by_backend;
mod m20261124_000001_create_intake;
mod m20261124_000002_create_workspace;
mod m20261124_000003_index_responses_by_survey_and_id;
mod m20261124_000004_create_publications;
mod m20261124_000005_create_mail;
mod m20261124_000006_create_rollups;
mod m20261201_000007_harden_against_abuse;
mod m20261202_000008_join_up_themes;
mod m20261203_000009_search_comments;
mod m20261204_000010_count_phrases;
mod m20261204_000011_count_comments_by_time;
mod m20261205_000012_count_referrals;
mod m20261205_000013_take_registrations;

/// Every migration, oldest first.
pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261124_000001_create_intake::Migration),
            Box::new(m20261124_000002_create_workspace::Migration),
            Box::new(m20261124_000003_index_responses_by_survey_and_id::Migration),
            Box::new(m20261124_000004_create_publications::Migration),
            Box::new(m20261124_000005_create_mail::Migration),
            Box::new(m20261124_000006_create_rollups::Migration),
            Box::new(m20261201_000007_harden_against_abuse::Migration),
            Box::new(m20261202_000008_join_up_themes::Migration),
            Box::new(m20261203_000009_search_comments::Migration),
            Box::new(m20261204_000010_count_phrases::Migration),
            Box::new(m20261204_000011_count_comments_by_time::Migration),
            Box::new(m20261205_000012_count_referrals::Migration),
            Box::new(m20261205_000013_take_registrations::Migration),
        ]
    }
}
