//! Referrals: a response that arrived through a link another user shared is flagged (never who
//! shared it), and the daily rollups count those flags per status beside the responses.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Responses {
    Table,
    Referred,
}

#[derive(DeriveIden)]
enum RollupResponses {
    Table,
    Referred,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Responses::Table)
                    .add_column(boolean(Responses::Referred).default(false))
                    .to_owned(),
            )
            .await?;
        // Nothing stored before was referred, so every rollup already counts 0 correctly.
        manager
            .alter_table(
                Table::alter()
                    .table(RollupResponses::Table)
                    .add_column(big_integer(RollupResponses::Referred).default(0))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(RollupResponses::Table)
                    .drop_column(RollupResponses::Referred)
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Responses::Table)
                    .drop_column(Responses::Referred)
                    .to_owned(),
            )
            .await
    }
}
