//! `quotes`: comments a producer chose to quote, as redacted and approved for publication.

use sea_orm::entity::prelude::*;

/// One chosen comment.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "quotes")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub survey_id: String,
    pub response_id: Uuid,
    pub question: String,
    /// The text as it will be published: redacted, then reviewed by a producer.
    pub text: String,
    /// `pending` until a producer approves the redacted text, then `approved`.
    pub state: String,
    pub selected_by: String,
    pub selected_at: DateTimeUtc,
    pub approved_by: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::response::Entity",
        from = "Column::ResponseId",
        to = "super::response::Column::Id"
    )]
    Response,
}

impl ActiveModelBehavior for ActiveModel {}

impl Related<super::response::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Response.def()
    }
}
