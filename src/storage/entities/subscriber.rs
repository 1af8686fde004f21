//! `subscribers`: people who asked to be emailed when a survey's summary is published.

use sea_orm::entity::prelude::*;

/// One subscription, pending until its confirmation link is followed.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "subscribers")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub survey_id: String,
    pub email: String,
    /// `pending` or `confirmed`.
    pub state: String,
    /// SHA-256 of the secret in the confirmation link (the secret itself is never stored).
    pub token: String,
    pub created_at: DateTimeUtc,
    /// A pending subscription not confirmed by then is void.
    pub confirm_by: DateTimeUtc,
    pub confirmed_at: Option<DateTimeUtc>,
    /// When the last confirmation email was queued, to send at most one an hour.
    pub last_confirmation_at: Option<DateTimeUtc>,
    /// Start of the day over which `confirmations` are counted.
    pub confirmations_since: Option<DateTimeUtc>,
    /// Confirmation emails queued since `confirmations_since`.
    pub confirmations: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
