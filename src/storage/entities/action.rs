//! `actions`: what a team did, or will do, or cannot do, about what users said.

use sea_orm::entity::prelude::*;

/// One action.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "actions")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub survey_id: String,
    pub title: String,
    pub description: String,
    pub status: String,
    pub reason: Option<String>,
    pub is_public: bool,
    pub target_date: Option<Date>,
    pub completed_date: Option<Date>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
