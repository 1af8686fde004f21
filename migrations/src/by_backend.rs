//! Running a migration written separately for each database, where sea-query has no words
//! for what it needs (full-text indexes, triggers).

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::{ConnectionTrait, DbBackend};

/// Runs `sqlite` or `postgres`, whichever matches the connection; `what` names the feature in
/// the error for any other database.
pub async fn run(
    manager: &SchemaManager<'_>,
    what: &str,
    sqlite: &[&str],
    postgres: &[&str],
) -> Result<(), DbErr> {
    let conn = manager.get_connection();
    let statements = match conn.get_database_backend() {
        DbBackend::Sqlite => sqlite,
        DbBackend::Postgres => postgres,
        other => return Err(DbErr::Migration(format!("no {what} for {other:?}"))),
    };
    for sql in statements {
        conn.execute_unprepared(sql).await?;
    }
    Ok(())
}
