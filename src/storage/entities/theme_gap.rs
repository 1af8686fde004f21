//! `theme_gaps`: themes marked as a gap in the data, as users told us.

use sea_orm::entity::prelude::*;

/// One marked theme.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "theme_gaps")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub theme_id: Uuid,
    pub marked_by: String,
    pub marked_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
