//! `phrase_counts`: how many untagged comments of a survey contain each word or short phrase.

use sea_orm::entity::prelude::*;

/// One word or phrase of one survey.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "phrase_counts")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub survey_id: String,
    /// Lowercased words joined by single spaces.
    #[sea_orm(primary_key, auto_increment = false)]
    pub phrase: String,
    pub words: i32,
    pub comments: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
