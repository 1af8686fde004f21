//! `yousaid forget`: erase a person's contact details everywhere.

use crate::config::StorageArgs;
use crate::privacy;
use crate::storage::Db;
use clap::Args;
use std::io::Write;

/// Delete every copy of an email address given in any survey, and report what was deleted.
#[derive(Debug, Args)]
#[command(after_help = "\
Example:
  yousaid forget someone@example.org

Answers themselves stay (they identify nobody); only the contact details go. The audit log
records the counts, not the address.")]
pub struct ForgetCommand {
    #[command(flatten)]
    storage: StorageArgs,
    /// The email address to forget.
    email: String,
}

/// Runs the command.
pub async fn run(command: ForgetCommand) -> anyhow::Result<()> {
    let db = Db::connect(&command.storage.database_url).await?;
    db.migrate().await?;
    let deleted = privacy::forget(&db, &command.email, "cli").await?;
    let mut out = std::io::stdout().lock();
    if deleted.is_empty() {
        writeln!(
            out,
            "no contact details found for that address; nothing deleted"
        )?;
    }
    for (survey, n) in deleted {
        writeln!(out, "{survey}: deleted {n} contact record(s)")?;
    }
    Ok(())
}
