//! `contacts`: email addresses given with consent, kept apart from answers until deleted.

use sea_orm::entity::prelude::*;

/// One email address, its consent text and when it must be deleted.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "contacts")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub response_id: Uuid,
    pub survey_id: String,
    pub question: String,
    pub email: String,
    pub consent: String,
    pub delete_after: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
