//! Joining up: a theme linked to another team's theme as the same user need, and a theme
//! marked as a gap in the data users told us about.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum ThemeLinks {
    Table,
    /// The lower of the two theme ids, so a pair is stored once.
    ThemeA,
    ThemeB,
    LinkedBy,
    LinkedAt,
}

#[derive(DeriveIden)]
enum ThemeGaps {
    Table,
    ThemeId,
    MarkedBy,
    MarkedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(ThemeLinks::Table)
                    .col(uuid(ThemeLinks::ThemeA))
                    .col(uuid(ThemeLinks::ThemeB))
                    .col(string(ThemeLinks::LinkedBy))
                    .col(timestamp_with_time_zone(ThemeLinks::LinkedAt))
                    .primary_key(
                        Index::create()
                            .col(ThemeLinks::ThemeA)
                            .col(ThemeLinks::ThemeB),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("theme_links_by_b")
                    .table(ThemeLinks::Table)
                    .col(ThemeLinks::ThemeB)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(ThemeGaps::Table)
                    .col(uuid(ThemeGaps::ThemeId).primary_key())
                    .col(string(ThemeGaps::MarkedBy))
                    .col(timestamp_with_time_zone(ThemeGaps::MarkedAt))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(ThemeGaps::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(ThemeLinks::Table).to_owned())
            .await
    }
}
