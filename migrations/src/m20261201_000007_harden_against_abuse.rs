//! Hardening against abuse: a service key for signed tokens, fingerprints of API submissions
//! for `Idempotency-Key` replays, limits on confirmation emails, and subscriber link secrets
//! kept only as hashes.

use sea_orm_migration::prelude::*;
use sea_orm_migration::schema::*;
use sea_orm_migration::sea_orm::ConnectionTrait;
use sea_orm_migration::sea_orm::prelude::Uuid;
use sha2::{Digest, Sha256};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum ServiceKeys {
    Table,
    Name,
    Secret,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Responses {
    Table,
    Fingerprint,
}

#[derive(DeriveIden)]
enum Subscribers {
    Table,
    Id,
    Token,
    LastConfirmationAt,
    ConfirmationsSince,
    Confirmations,
}

#[derive(DeriveIden)]
enum SubscriberTokens {
    Table,
    TokenHash,
    SubscriberId,
    CreatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(ServiceKeys::Table)
                    .col(string(ServiceKeys::Name).primary_key())
                    .col(string(ServiceKeys::Secret))
                    .col(timestamp_with_time_zone(ServiceKeys::CreatedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Responses::Table)
                    .add_column(string_null(Responses::Fingerprint))
                    .to_owned(),
            )
            .await?;
        for column in [
            timestamp_with_time_zone_null(Subscribers::LastConfirmationAt),
            timestamp_with_time_zone_null(Subscribers::ConfirmationsSince),
            integer(Subscribers::Confirmations).default(0).to_owned(),
        ] {
            let mut column = column;
            manager
                .alter_table(
                    Table::alter()
                        .table(Subscribers::Table)
                        .add_column(&mut column)
                        .to_owned(),
                )
                .await?;
        }
        manager
            .create_table(
                Table::create()
                    .table(SubscriberTokens::Table)
                    .col(string(SubscriberTokens::TokenHash).primary_key())
                    .col(uuid(SubscriberTokens::SubscriberId))
                    .col(timestamp_with_time_zone(SubscriberTokens::CreatedAt))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("subscriber_tokens_subscriber")
                    .table(SubscriberTokens::Table)
                    .col(SubscriberTokens::SubscriberId)
                    .to_owned(),
            )
            .await?;

        // Links already mailed keep working: their secret is replaced by its hash, which is
        // what lookups compare from now on.
        let db = manager.get_connection();
        let backend = db.get_database_backend();
        let select = Query::select()
            .columns([Subscribers::Id, Subscribers::Token])
            .from(Subscribers::Table)
            .to_owned();
        let rows = db.query_all_raw(backend.build(&select)).await?;
        for row in rows {
            let id: Uuid = row.try_get("", "id")?;
            let token: String = row.try_get("", "token")?;
            let hash = hex(&Sha256::digest(token.as_bytes()));
            let update = Query::update()
                .table(Subscribers::Table)
                .value(Subscribers::Token, hash)
                .and_where(Expr::col(Subscribers::Id).eq(id))
                .to_owned();
            db.execute_raw(backend.build(&update)).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // The added columns stay (SQLite cannot drop them cheaply) and hashed secrets stay
        // hashed: links mailed before cannot be turned back into their secrets.
        manager
            .drop_table(Table::drop().table(SubscriberTokens::Table).to_owned())
            .await?;
        manager
            .drop_table(Table::drop().table(ServiceKeys::Table).to_owned())
            .await
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
