//! `responses`: one row per accepted submission.

use sea_orm::entity::prelude::*;

/// One response to one survey version.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "responses")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub survey_id: String,
    pub version: String,
    pub submitted_at: DateTimeUtc,
    pub token: String,
    pub page: Option<String>,
    pub status: String,
    /// For API submissions: a hash of the request, so a key replayed with another body is refused.
    pub fingerprint: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
