//! `publications`: each period's summary, as drafted and as signed off, by revision.

use sea_orm::entity::prelude::*;

/// One revision of one period's summary.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "publications")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub survey_id: String,
    pub period: String,
    pub revision: i32,
    /// `draft`, `returned` (sent back by a publisher) or `published`.
    pub state: String,
    /// The summary as JSON, frozen when drafted.
    pub summary: String,
    pub change_note: Option<String>,
    pub drafted_at: DateTimeUtc,
    pub published_at: Option<DateTimeUtc>,
    pub published_by: Option<String>,
    /// Why a publisher sent the draft back.
    pub review_note: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
