//! Producer workspace: users, team roles, sessions, API tokens, themes, actions, audit log.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
    Email,
    PasswordHash,
    IsAdmin,
    CreatedAt,
    FailedLogins,
    LockedUntil,
}

#[derive(DeriveIden)]
enum Memberships {
    Table,
    UserId,
    Team,
    Role,
}

#[derive(DeriveIden)]
enum Sessions {
    Table,
    IdHash,
    UserId,
    Csrf,
    CreatedAt,
    LastSeenAt,
}

#[derive(DeriveIden)]
enum ApiTokens {
    Table,
    Id,
    Hash,
    Name,
    Team,
    Role,
    CreatedAt,
    RevokedAt,
}

#[derive(DeriveIden)]
enum Themes {
    Table,
    Id,
    SurveyId,
    Name,
    CreatedAt,
}

#[derive(DeriveIden)]
enum AnswerThemes {
    Table,
    ResponseId,
    Question,
    ThemeId,
}

#[derive(DeriveIden)]
enum Actions {
    Table,
    Id,
    SurveyId,
    Title,
    Description,
    Status,
    Reason,
    IsPublic,
    TargetDate,
    CompletedDate,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum ActionLinks {
    Table,
    ActionId,
    Kind,
    Target,
}

#[derive(DeriveIden)]
enum ActionHistory {
    Table,
    Id,
    ActionId,
    Status,
    Reason,
    ChangedBy,
    ChangedAt,
}

#[derive(DeriveIden)]
enum AuditEvents {
    Table,
    Id,
    At,
    Actor,
    Event,
    Detail,
}

#[derive(DeriveIden)]
enum Responses {
    Table,
    Id,
}

fn index(name: &str, table: impl IntoIden, cols: &[&'static str]) -> IndexCreateStatement {
    let mut index = Index::create();
    index.name(name).table(table);
    for col in cols {
        index.col(Alias::new(*col));
    }
    index.to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Users::Table)
                    .col(uuid(Users::Id).primary_key())
                    .col(string_uniq(Users::Email))
                    .col(string(Users::PasswordHash))
                    .col(boolean(Users::IsAdmin))
                    .col(timestamp_with_time_zone(Users::CreatedAt))
                    .col(integer(Users::FailedLogins))
                    .col(timestamp_with_time_zone_null(Users::LockedUntil))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Memberships::Table)
                    .col(uuid(Memberships::UserId))
                    .col(string(Memberships::Team))
                    .col(string(Memberships::Role))
                    .primary_key(
                        Index::create()
                            .col(Memberships::UserId)
                            .col(Memberships::Team),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(Memberships::Table, Memberships::UserId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Sessions::Table)
                    .col(string(Sessions::IdHash).primary_key())
                    .col(uuid(Sessions::UserId))
                    .col(string(Sessions::Csrf))
                    .col(timestamp_with_time_zone(Sessions::CreatedAt))
                    .col(timestamp_with_time_zone(Sessions::LastSeenAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(Sessions::Table, Sessions::UserId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(ApiTokens::Table)
                    .col(uuid(ApiTokens::Id).primary_key())
                    .col(string_uniq(ApiTokens::Hash))
                    .col(string(ApiTokens::Name))
                    .col(string(ApiTokens::Team))
                    .col(string(ApiTokens::Role))
                    .col(timestamp_with_time_zone(ApiTokens::CreatedAt))
                    .col(timestamp_with_time_zone_null(ApiTokens::RevokedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Themes::Table)
                    .col(uuid(Themes::Id).primary_key())
                    .col(string(Themes::SurveyId))
                    .col(string(Themes::Name))
                    .col(timestamp_with_time_zone(Themes::CreatedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                index("themes_survey_name", Themes::Table, &["survey_id", "name"])
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(AnswerThemes::Table)
                    .col(uuid(AnswerThemes::ResponseId))
                    .col(string(AnswerThemes::Question))
                    .col(uuid(AnswerThemes::ThemeId))
                    .primary_key(
                        Index::create()
                            .col(AnswerThemes::ResponseId)
                            .col(AnswerThemes::Question)
                            .col(AnswerThemes::ThemeId),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(AnswerThemes::Table, AnswerThemes::ResponseId)
                            .to(Responses::Table, Responses::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(AnswerThemes::Table, AnswerThemes::ThemeId)
                            .to(Themes::Table, Themes::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "answer_themes_theme",
                AnswerThemes::Table,
                &["theme_id"],
            ))
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Actions::Table)
                    .col(uuid(Actions::Id).primary_key())
                    .col(string(Actions::SurveyId))
                    .col(string(Actions::Title))
                    .col(text(Actions::Description))
                    .col(string(Actions::Status))
                    .col(text_null(Actions::Reason))
                    .col(boolean(Actions::IsPublic))
                    .col(date_null(Actions::TargetDate))
                    .col(date_null(Actions::CompletedDate))
                    .col(timestamp_with_time_zone(Actions::CreatedAt))
                    .col(timestamp_with_time_zone(Actions::UpdatedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(ActionLinks::Table)
                    .col(uuid(ActionLinks::ActionId))
                    .col(string(ActionLinks::Kind))
                    .col(string(ActionLinks::Target))
                    .primary_key(
                        Index::create()
                            .col(ActionLinks::ActionId)
                            .col(ActionLinks::Kind)
                            .col(ActionLinks::Target),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(ActionLinks::Table, ActionLinks::ActionId)
                            .to(Actions::Table, Actions::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(ActionHistory::Table)
                    .col(uuid(ActionHistory::Id).primary_key())
                    .col(uuid(ActionHistory::ActionId))
                    .col(string(ActionHistory::Status))
                    .col(text_null(ActionHistory::Reason))
                    .col(string(ActionHistory::ChangedBy))
                    .col(timestamp_with_time_zone(ActionHistory::ChangedAt))
                    .foreign_key(
                        ForeignKey::create()
                            .from(ActionHistory::Table, ActionHistory::ActionId)
                            .to(Actions::Table, Actions::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(AuditEvents::Table)
                    .col(uuid(AuditEvents::Id).primary_key())
                    .col(timestamp_with_time_zone(AuditEvents::At))
                    .col(string(AuditEvents::Actor))
                    .col(string(AuditEvents::Event))
                    .col(text(AuditEvents::Detail))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            AuditEvents::Table.into_iden(),
            ActionHistory::Table.into_iden(),
            ActionLinks::Table.into_iden(),
            Actions::Table.into_iden(),
            AnswerThemes::Table.into_iden(),
            Themes::Table.into_iden(),
            ApiTokens::Table.into_iden(),
            Sessions::Table.into_iden(),
            Memberships::Table.into_iden(),
            Users::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(table).to_owned())
                .await?;
        }
        Ok(())
    }
}
