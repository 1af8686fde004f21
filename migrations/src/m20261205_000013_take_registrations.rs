//! Registrations for a team's ways to get involved: one per address and opportunity, with its
//! place (confirmed, waiting or cancelled) and a link secret kept only as a hash. Contact
//! details are cleared when cancelled or when the opportunity's retention ends; the row stays,
//! so the counts do.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Registrations {
    Table,
    Id,
    Team,
    Opportunity,
    Email,
    UserType,
    Topics,
    AccessNeeds,
    Consent,
    Place,
    Lang,
    TokenHash,
    CreatedAt,
    DeleteAfter,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Registrations::Table)
                    .col(uuid(Registrations::Id).primary_key())
                    .col(string(Registrations::Team))
                    .col(string(Registrations::Opportunity))
                    .col(string_null(Registrations::Email))
                    .col(string(Registrations::UserType))
                    .col(text_null(Registrations::Topics))
                    .col(text_null(Registrations::AccessNeeds))
                    .col(text_null(Registrations::Consent))
                    .col(string(Registrations::Place))
                    .col(string(Registrations::Lang).default("en"))
                    .col(string(Registrations::TokenHash))
                    .col(timestamp_with_time_zone(Registrations::CreatedAt))
                    .col(timestamp_with_time_zone(Registrations::DeleteAfter))
                    .to_owned(),
            )
            .await?;
        // One registration per address and opportunity (a cleared address is NULL, and NULLs
        // never collide).
        manager
            .create_index(
                Index::create()
                    .name("registrations_address")
                    .table(Registrations::Table)
                    .col(Registrations::Team)
                    .col(Registrations::Opportunity)
                    .col(Registrations::Email)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("registrations_token")
                    .table(Registrations::Table)
                    .col(Registrations::TokenHash)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("registrations_place")
                    .table(Registrations::Table)
                    .col(Registrations::Team)
                    .col(Registrations::Opportunity)
                    .col(Registrations::Place)
                    .col(Registrations::CreatedAt)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(Registrations::Table).to_owned())
            .await
    }
}
