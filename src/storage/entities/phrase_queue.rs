//! `phrase_queue`: responses whose comments or tags changed since their phrases were counted.

use sea_orm::entity::prelude::*;

/// One change to recount; a response may be queued many times.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "phrase_queue")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub response_id: Uuid,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
