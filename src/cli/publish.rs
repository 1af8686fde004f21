//! `yousaid publish`: draft a period's summary, sign it off, or export everything published.

use crate::config::{DefinitionsArgs, SiteArgs, StorageArgs};
use crate::definitions::Catalog;
use crate::period::{Period, Progress};
use crate::publishing::site::Site;
use crate::publishing::{drafts, export};
use crate::storage::Db;
use clap::{Args, Subcommand};
use std::io::Write;
use std::path::PathBuf;

/// Draft a period's "you said, we did" summary, approve the draft so it is published, or write
/// every published summary as a static site.
#[derive(Debug, Args)]
#[command(after_help = "\
Examples:
  yousaid publish draft --survey food-statistics-pocketbook --period 2026-Q3
  yousaid publish draft --survey food-statistics-pocketbook --period 2026-Q4 --partial
  yousaid publish approve --survey food-statistics-pocketbook --period 2026-Q3
  yousaid publish approve --survey food-statistics-pocketbook --period 2026-Q3 --note 'Corrected the count of journalists'
  yousaid publish export --out public/

Periods are written 2026-Q3, 2026-09 or 2026, in UK time. A period that has not ended is
refused unless --partial: its summary then counts the period so far and says so on the page, in
the feed, the JSON and the email. Drafting again regenerates the draft and lists what changed
(or says \"no changes\"); after approval, drafting starts a new revision (a correction), which
needs --note to publish. `serve` also drafts each period when it ends (YOUSAID_SCHEDULE_SECONDS).")]
pub struct PublishCommand {
    #[command(flatten)]
    storage: StorageArgs,
    #[command(flatten)]
    defs: DefinitionsArgs,
    /// Where the service is reached, for links in emails, feeds and the exported pages.
    #[command(flatten)]
    site: SiteArgs,
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
        /// Draft a period that has not ended, as a partial summary of the period so far.
        #[arg(long)]
        partial: bool,
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
    /// Write every published summary (HTML, Markdown, JSON, CSV, feeds) under a directory.
    Export {
        /// Directory to write to; created if missing, files in it are overwritten.
        #[arg(long)]
        out: PathBuf,
    },
}

/// Runs the subcommand.
pub async fn run(command: PublishCommand) -> anyhow::Result<()> {
    let db = Db::connect(&command.storage.database_url).await?;
    db.migrate().await?;
    let site = Site::new(&command.site.public_base());
    let catalog = || {
        Catalog::default()
            .reload(&command.defs.definitions, chrono::Utc::now().date_naive())
            .map(|(c, _)| c)
    };
    let mut out = std::io::stdout().lock();
    match command.action {
        PublishAction::Draft {
            survey,
            period,
            partial,
        } => {
            let loaded = catalog()?.get(&survey).ok_or_else(|| {
                anyhow::anyhow!(
                    "no valid survey `{survey}` in {} (run `yousaid check`)",
                    command.defs.definitions.display()
                )
            })?;
            let now = chrono::Utc::now();
            let unended = if partial {
                drafts::Unended::DraftPartial
            } else {
                drafts::Unended::Refuse
            };
            match drafts::check_draftable(period, now, unended) {
                Err(e @ drafts::Undraftable::Running { .. }) => anyhow::bail!(
                    "{e}; draft it once it has ended, or pass --partial to draft the period so \
                     far, marked as partial wherever it appears"
                ),
                Err(e @ drafts::Undraftable::NotBegun(_)) => {
                    anyhow::bail!("{e}: choose a period that has ended")
                }
                Ok(()) => {}
            }
            let drafted = drafts::draft(&db, &site, &loaded, period, "cli", unended)
                .await
                .map_err(|e| anyhow::anyhow!("{e}"))?;
            let what = match (drafted.changed, drafted.changes.is_empty()) {
                (false, _) => "drafted again: no changes",
                (true, true) => "drafted",
                (true, false) => "drafted again; what changed:",
            };
            let so_far = if period.progress(now) == Progress::Running {
                " (partial: the period so far)"
            } else {
                ""
            };
            writeln!(
                out,
                "{survey} {period}: revision {} {what}{so_far}",
                drafted.revision
            )?;
            for change in &drafted.changes {
                writeln!(out, "  {change}")?;
            }
        }
        PublishAction::Approve {
            survey,
            period,
            note,
        } => {
            let revision =
                drafts::approve(&db, &site, &survey, period, "cli", note.as_deref(), None)
                    .await
                    .map_err(|e| anyhow::anyhow!("{e}"))?;
            writeln!(out, "{survey} {period}: revision {revision} published")?;
        }
        PublishAction::Export { out: dir } => {
            let catalog = catalog()?;
            let files = export::export(&db, &site, &catalog, &dir, |path| {
                let _ = writeln!(std::io::stderr(), "  wrote {}", path.display());
            })
            .await?;
            let statements =
                crate::engagement::export::export(&db, &catalog, &site, &dir, |path| {
                    let _ = writeln!(std::io::stderr(), "  wrote {}", path.display());
                })
                .await?;
            let files = files.saturating_add(statements);
            writeln!(out, "exported {files} files to {}", dir.display())?;
        }
    }
    Ok(())
}
