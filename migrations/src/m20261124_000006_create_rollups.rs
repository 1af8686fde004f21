//! Daily rollups of responses and answer tallies, so drafting a period sums at most a few
//! hundred rows per question instead of reading every answer again.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum RollupDays {
    Table,
    SurveyId,
    Day,
    RolledAt,
}

#[derive(DeriveIden)]
enum RollupResponses {
    Table,
    SurveyId,
    Day,
    Status,
    Responses,
}

#[derive(DeriveIden)]
enum RollupAnswers {
    Table,
    SurveyId,
    Day,
    Question,
    Value,
    Answers,
    NumberSum,
    NumberCount,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(RollupDays::Table)
                    .col(string(RollupDays::SurveyId))
                    .col(string(RollupDays::Day))
                    .col(timestamp_with_time_zone(RollupDays::RolledAt))
                    .primary_key(
                        Index::create()
                            .col(RollupDays::SurveyId)
                            .col(RollupDays::Day),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(RollupResponses::Table)
                    .col(string(RollupResponses::SurveyId))
                    .col(string(RollupResponses::Day))
                    .col(string(RollupResponses::Status))
                    .col(big_integer(RollupResponses::Responses))
                    .primary_key(
                        Index::create()
                            .col(RollupResponses::SurveyId)
                            .col(RollupResponses::Day)
                            .col(RollupResponses::Status),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(RollupAnswers::Table)
                    .col(string(RollupAnswers::SurveyId))
                    .col(string(RollupAnswers::Day))
                    .col(string(RollupAnswers::Question))
                    .col(string(RollupAnswers::Value))
                    .col(big_integer(RollupAnswers::Answers))
                    .col(double_null(RollupAnswers::NumberSum))
                    .col(big_integer(RollupAnswers::NumberCount))
                    .primary_key(
                        Index::create()
                            .col(RollupAnswers::SurveyId)
                            .col(RollupAnswers::Day)
                            .col(RollupAnswers::Question)
                            .col(RollupAnswers::Value),
                    )
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            RollupDays::Table.into_iden(),
            RollupResponses::Table.into_iden(),
            RollupAnswers::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}
