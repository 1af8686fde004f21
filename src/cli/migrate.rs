//! `yousaid migrate`: bring the database schema up to date.

use crate::config::StorageArgs;
use crate::storage::{Db, redacted};
use clap::Args;
use std::io::Write;

/// Create or update the database tables, then exit. `serve` also does this when it starts.
#[derive(Debug, Args)]
#[command(after_help = "\
Examples:
  yousaid migrate                                    # the default SQLite file
  DATABASE_URL=postgres://app@db/yousaid yousaid migrate")]
pub struct MigrateCommand {
    #[command(flatten)]
    pub storage: StorageArgs,
}

/// Applies every pending migration.
pub async fn run(command: MigrateCommand) -> anyhow::Result<()> {
    let url = &command.storage.database_url;
    let db = Db::connect(url).await?;
    db.migrate().await?;
    writeln!(std::io::stdout(), "migrations applied to {}", redacted(url))?;
    Ok(())
}
