//! Lets exports walk a survey's responses in id order without sorting them on every page.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Responses {
    Table,
    SurveyId,
    Id,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_index(
                Index::create()
                    .name("responses_survey_id")
                    .table(Responses::Table)
                    .col(Responses::SurveyId)
                    .col(Responses::Id)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_index(
                Index::drop()
                    .name("responses_survey_id")
                    .table(Responses::Table)
                    .to_owned(),
            )
            .await
    }
}
