//! `rollup_answers`: answers of counted responses per survey, UK day, question and value.

use sea_orm::entity::prelude::*;

/// One day's tally of one value.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "rollup_answers")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub survey_id: String,
    #[sea_orm(primary_key, auto_increment = false)]
    pub day: String,
    #[sea_orm(primary_key, auto_increment = false)]
    pub question: String,
    #[sea_orm(primary_key, auto_increment = false)]
    pub value: String,
    pub answers: i64,
    /// Sum of the numbers given (ratings and numbers), for means.
    pub number_sum: Option<f64>,
    pub number_count: i64,
    /// Answers with text (free text, and the text given with "Other").
    pub texts: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
