//! `phrase_counted`: each comment as it was when its phrases were added to `phrase_counts`.

use sea_orm::entity::prelude::*;

/// A counted comment, kept so exactly what was added can be taken away again.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "phrase_counted")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub response_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub question: String,
    #[sea_orm(primary_key, auto_increment = false)]
    pub value: String,
    pub survey_id: String,
    /// The comment with personal details scrubbed, as it was counted.
    pub text: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
