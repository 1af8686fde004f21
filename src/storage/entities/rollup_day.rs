//! `rollup_days`: which UK days of a survey have been rolled up.

use sea_orm::entity::prelude::*;

/// One rolled-up day.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "rollup_days")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub survey_id: String,
    /// `YYYY-MM-DD`, in UK time.
    #[sea_orm(primary_key, auto_increment = false)]
    pub day: String,
    pub rolled_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
