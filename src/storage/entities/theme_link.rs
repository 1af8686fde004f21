//! `theme_links`: two themes, usually of different teams, that are the same user need.

use sea_orm::entity::prelude::*;

/// One link, stored once with the lower theme id first.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "theme_links")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub theme_a: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub theme_b: Uuid,
    pub linked_by: String,
    pub linked_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
