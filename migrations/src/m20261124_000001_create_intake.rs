//! Survey versions, responses, one row per answered value, and contact details kept apart.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum SurveyVersions {
    Table,
    Version,
    SurveyId,
    Yaml,
    FirstSeenAt,
}

#[derive(DeriveIden)]
enum Responses {
    Table,
    Id,
    SurveyId,
    Version,
    SubmittedAt,
    Token,
    Page,
    Status,
}

#[derive(DeriveIden)]
enum Answers {
    Table,
    ResponseId,
    SurveyId,
    Question,
    Value,
    Number,
    Text,
}

#[derive(DeriveIden)]
enum Contacts {
    Table,
    Id,
    ResponseId,
    SurveyId,
    Question,
    Email,
    Consent,
    DeleteAfter,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(SurveyVersions::Table)
                    .col(string(SurveyVersions::Version).primary_key())
                    .col(string(SurveyVersions::SurveyId))
                    .col(text(SurveyVersions::Yaml))
                    .col(timestamp_with_time_zone(SurveyVersions::FirstSeenAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Responses::Table)
                    .col(uuid(Responses::Id).primary_key())
                    .col(string(Responses::SurveyId))
                    .col(string(Responses::Version))
                    .col(timestamp_with_time_zone(Responses::SubmittedAt))
                    .col(string(Responses::Token))
                    .col(string_null(Responses::Page))
                    .col(string(Responses::Status))
                    .foreign_key(
                        ForeignKey::create()
                            .from(Responses::Table, Responses::Version)
                            .to(SurveyVersions::Table, SurveyVersions::Version),
                    )
                    .to_owned(),
            )
            .await?;
        // A retry with the same submission token must find the first response.
        manager
            .create_index(
                Index::create()
                    .name("responses_survey_token")
                    .table(Responses::Table)
                    .col(Responses::SurveyId)
                    .col(Responses::Token)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("responses_survey_submitted")
                    .table(Responses::Table)
                    .col(Responses::SurveyId)
                    .col(Responses::SubmittedAt)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Answers::Table)
                    .col(uuid(Answers::ResponseId))
                    .col(string(Answers::SurveyId))
                    .col(string(Answers::Question))
                    .col(string(Answers::Value))
                    .col(double_null(Answers::Number))
                    .col(text_null(Answers::Text))
                    .primary_key(
                        Index::create()
                            .col(Answers::ResponseId)
                            .col(Answers::Question)
                            .col(Answers::Value),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(Answers::Table, Answers::ResponseId)
                            .to(Responses::Table, Responses::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        // Period summaries count answers per question and value with SQL, on both databases.
        manager
            .create_index(
                Index::create()
                    .name("answers_survey_question_value")
                    .table(Answers::Table)
                    .col(Answers::SurveyId)
                    .col(Answers::Question)
                    .col(Answers::Value)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Contacts::Table)
                    .col(uuid(Contacts::Id).primary_key())
                    .col(uuid(Contacts::ResponseId))
                    .col(string(Contacts::SurveyId))
                    .col(string(Contacts::Question))
                    .col(string(Contacts::Email))
                    .col(text(Contacts::Consent))
                    .col(timestamp_with_time_zone(Contacts::DeleteAfter))
                    .foreign_key(
                        ForeignKey::create()
                            .from(Contacts::Table, Contacts::ResponseId)
                            .to(Responses::Table, Responses::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("contacts_delete_after")
                    .table(Contacts::Table)
                    .col(Contacts::DeleteAfter)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            Contacts::Table.into_iden(),
            Answers::Table.into_iden(),
            Responses::Table.into_iden(),
            SurveyVersions::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}
