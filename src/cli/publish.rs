//! `yousaid publish`: draft a period's summary and sign it off.

use crate::config::StorageArgs;
use crate::definitions::Catalog;
use crate::period::Period;
use crate::publishing::drafts;
use crate::storage::Db;
use clap::{Args, Subcommand};
use std::io::Write;
use std::path::PathBuf;

/// Draft a period's "you said, we did" summary, or approve the draft so it is published.
#[derive(Debug, Args)]
#[command(after_help = "\
Examples:
  yousaid publish draft --survey food-statistics-pocketbook --period 2026-Q3
  yousaid publish approve --survey food-statistics-pocketbook --period 2026-Q3
  yousaid publish approve --survey food-statistics-pocketbook --period 2026-Q3 --note 'Corrected the count of journalists'

Periods are written 2026-Q3, 2026-09 or 2026, in UK time. Drafting again regenerates the draft;
after approval, drafting starts a new revision (a correction), which needs --note to publish.")]
pub struct PublishCommand {
    #[command(flatten)]
    storage: StorageArgs,
    /// Directory of survey definitions.
    #[arg(
        long,
        env = "YOUSAID_DEFINITIONS",
        default_value = "survey-definitions"
    )]
    definitions: PathBuf,
    #[command(subcommand)]
    action: PublishAction,
}

#[derive(Debug, Subcommand)]
enum PublishAction {
    /// Draft (or regenerate the draft of) a period's summary.
    Draft {
        #[arg(long)]
        survey: String,
        #[arg(long)]
        period: Period,
    },
    /// Publish the current draft: what a publisher's sign-off does.
    Approve {
        #[arg(long)]
        survey: String,
        #[arg(long)]
        period: Period,
        /// What a correction changed (required from the second revision on).
        #[arg(long)]
        note: Option<String>,
    },
}

/// Runs the subcommand.
pub async fn run(command: PublishCommand) -> anyhow::Result<()> {
    let db = Db::connect(&command.storage.database_url).await?;
    db.migrate().await?;
    let mut out = std::io::stdout().lock();
    match command.action {
        PublishAction::Draft { survey, period } => {
            let (catalog, _) =
                Catalog::default().reload(&command.definitions, chrono::Utc::now().date_naive())?;
            let loaded = catalog.get(&survey).ok_or_else(|| {
                anyhow::anyhow!(
                    "no valid survey `{survey}` in {} (run `yousaid check`)",
                    command.definitions.display()
                )
            })?;
            let drafted = drafts::draft(&db, &loaded, period, "cli")
                .await
                .map_err(|e| anyhow::anyhow!("{e}"))?;
            let what = if drafted.changed {
                "drafted"
            } else {
                "draft unchanged"
            };
            writeln!(
                out,
                "{survey} {period}: revision {} {what}",
                drafted.revision
            )?;
        }
        PublishAction::Approve {
            survey,
            period,
            note,
        } => {
            let revision = drafts::approve(&db, &survey, period, "cli", note.as_deref())
                .await
                .map_err(|e| anyhow::anyhow!("{e}"))?;
            writeln!(out, "{survey} {period}: revision {revision} published")?;
        }
    }
    Ok(())
}
