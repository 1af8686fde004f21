//! Subscribers, the mail outbox, producers' chosen quotes, and a publication's review note.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Subscribers {
    Table,
    Id,
    SurveyId,
    Email,
    State,
    Token,
    CreatedAt,
    ConfirmBy,
    ConfirmedAt,
}

#[derive(DeriveIden)]
enum Outbox {
    Table,
    Id,
    DedupeKey,
    Recipient,
    Subject,
    TextBody,
    HtmlBody,
    UnsubscribeUrl,
    CreatedAt,
    Attempts,
    NextAttemptAt,
    ClaimedUntil,
    SentAt,
    LastError,
}

#[derive(DeriveIden)]
enum Quotes {
    Table,
    Id,
    SurveyId,
    ResponseId,
    Question,
    Text,
    State,
    SelectedBy,
    SelectedAt,
    ApprovedBy,
}

#[derive(DeriveIden)]
enum Publications {
    Table,
    ReviewNote,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Subscribers::Table)
                    .col(uuid(Subscribers::Id).primary_key())
                    .col(string(Subscribers::SurveyId))
                    .col(string(Subscribers::Email))
                    .col(string(Subscribers::State))
                    .col(string(Subscribers::Token))
                    .col(timestamp_with_time_zone(Subscribers::CreatedAt))
                    .col(timestamp_with_time_zone(Subscribers::ConfirmBy))
                    .col(timestamp_with_time_zone_null(Subscribers::ConfirmedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("subscribers_survey_email")
                    .table(Subscribers::Table)
                    .col(Subscribers::SurveyId)
                    .col(Subscribers::Email)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("subscribers_token")
                    .table(Subscribers::Table)
                    .col(Subscribers::Token)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Outbox::Table)
                    .col(uuid(Outbox::Id).primary_key())
                    .col(string(Outbox::DedupeKey))
                    .col(string(Outbox::Recipient))
                    .col(string(Outbox::Subject))
                    .col(text(Outbox::TextBody))
                    .col(text_null(Outbox::HtmlBody))
                    .col(string_null(Outbox::UnsubscribeUrl))
                    .col(timestamp_with_time_zone(Outbox::CreatedAt))
                    .col(integer(Outbox::Attempts))
                    .col(timestamp_with_time_zone(Outbox::NextAttemptAt))
                    .col(timestamp_with_time_zone_null(Outbox::ClaimedUntil))
                    .col(timestamp_with_time_zone_null(Outbox::SentAt))
                    .col(text_null(Outbox::LastError))
                    .to_owned(),
            )
            .await?;
        // Enqueueing the same mail twice (a retried publication) adds nothing.
        manager
            .create_index(
                Index::create()
                    .name("outbox_dedupe_key")
                    .table(Outbox::Table)
                    .col(Outbox::DedupeKey)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("outbox_due")
                    .table(Outbox::Table)
                    .col(Outbox::SentAt)
                    .col(Outbox::NextAttemptAt)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Quotes::Table)
                    .col(uuid(Quotes::Id).primary_key())
                    .col(string(Quotes::SurveyId))
                    .col(uuid(Quotes::ResponseId))
                    .col(string(Quotes::Question))
                    .col(text(Quotes::Text))
                    .col(string(Quotes::State))
                    .col(string(Quotes::SelectedBy))
                    .col(timestamp_with_time_zone(Quotes::SelectedAt))
                    .col(string_null(Quotes::ApprovedBy))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("quotes_response_question")
                    .table(Quotes::Table)
                    .col(Quotes::ResponseId)
                    .col(Quotes::Question)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Publications::Table)
                    .add_column(text_null(Publications::ReviewNote))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            Subscribers::Table.into_iden(),
            Outbox::Table.into_iden(),
            Quotes::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        manager
            .alter_table(
                Table::alter()
                    .table(Publications::Table)
                    .drop_column(Publications::ReviewNote)
                    .to_owned(),
            )
            .await
    }
}
