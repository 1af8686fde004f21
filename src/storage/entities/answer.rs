//! `answers`: one row per answered value, so summaries can count with SQL.

use sea_orm::entity::prelude::*;

/// One value of one answer. Multiple choice answers have one row per chosen option.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "answers")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub response_id: Uuid,
    pub survey_id: String,
    #[sea_orm(primary_key, auto_increment = false)]
    pub question: String,
    /// Option value, `yes`/`no`, the rating or number as text, or empty for free text.
    #[sea_orm(primary_key, auto_increment = false)]
    pub value: String,
    /// Ratings and numbers, for averages.
    pub number: Option<f64>,
    /// Free text, and the text of an "Other" choice.
    pub text: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    /// The response this value belongs to.
    #[sea_orm(
        belongs_to = "super::response::Entity",
        from = "Column::ResponseId",
        to = "super::response::Column::Id"
    )]
    Response,
}

impl ActiveModelBehavior for ActiveModel {}
