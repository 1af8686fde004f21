//! `registrations`: people signed up for a team's ways to get involved.

use sea_orm::entity::prelude::*;

/// One registration.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "registrations")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub team: String,
    pub opportunity: String,
    /// Lowercased; none once cancelled or past its retention.
    pub email: Option<String>,
    /// A user group id of the team, or `other`.
    pub user_type: String,
    pub topics: Option<String>,
    pub access_needs: Option<String>,
    /// The consent text the person agreed to, as shown.
    pub consent: Option<String>,
    /// `confirmed`, `waiting` or `cancelled`.
    pub place: String,
    /// The language they signed up in, by code: their emails are in it.
    pub lang: String,
    /// SHA-256 of the secret in the cancel link.
    pub token_hash: String,
    pub created_at: DateTimeUtc,
    pub delete_after: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
