//! Publications: each period's summary as a stored snapshot, drafted then signed off; a
//! correction is a new revision and the old one stays readable.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Publications {
    Table,
    Id,
    SurveyId,
    Period,
    Revision,
    State,
    Summary,
    ChangeNote,
    DraftedAt,
    PublishedAt,
    PublishedBy,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Publications::Table)
                    .col(uuid(Publications::Id).primary_key())
                    .col(string(Publications::SurveyId))
                    .col(string(Publications::Period))
                    .col(integer(Publications::Revision))
                    .col(string(Publications::State))
                    .col(text(Publications::Summary))
                    .col(text_null(Publications::ChangeNote))
                    .col(timestamp_with_time_zone(Publications::DraftedAt))
                    .col(timestamp_with_time_zone_null(Publications::PublishedAt))
                    .col(string_null(Publications::PublishedBy))
                    .to_owned(),
            )
            .await?;
        // One row per revision: two schedulers drafting the same period cannot both win.
        manager
            .create_index(
                Index::create()
                    .name("publications_survey_period_revision")
                    .table(Publications::Table)
                    .col(Publications::SurveyId)
                    .col(Publications::Period)
                    .col(Publications::Revision)
                    .unique()
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(Publications::Table).to_owned())
            .await
    }
}
