//! `yousaid import`: bring a survey's history over from a form tool's spreadsheet export.

use crate::config::StorageArgs;
use crate::definitions::{Catalog, Kind, Language};
use crate::import::{self, sheet};
use crate::intake::{ResponseStatus, Submission, store_all};
use crate::storage::Db;
use clap::Args;
use std::io::Write;
use std::path::PathBuf;

/// Import historic responses from a CSV export (a Timestamp column, then one column per
/// question headed by its label), keeping each row's timestamp.
#[derive(Debug, Args)]
#[command(after_help = "\
Examples:
  yousaid import --survey food-statistics-pocketbook 'Pocketbook survey (Responses).csv'
  yousaid import --survey page-feedback --skip-invalid feedback.csv

Timestamps may be written as form tools write them (2026/04/01 9:00:00 AM GMT+1,
01/04/2026 09:00:00) or in ISO 8601; times without a zone are UK time. Several choices in one
cell are separated by ', '. Timestamps must lie between 1 January 2000 and now. Nothing is
imported if any row is invalid, unless --skip-invalid. The rows are stored in one transaction:
if the import stops part-way (an error, Ctrl-C, a crash), nothing is kept, and running the same
command again starts it afresh. Importing the same rows again adds nothing: each row is
recognised by its survey, timestamp and answers, whatever the columns are called or ordered.")]
pub struct ImportCommand {
    #[command(flatten)]
    storage: StorageArgs,
    /// Directory of survey definitions.
    #[arg(
        long,
        env = "YOUSAID_DEFINITIONS",
        default_value = "survey-definitions"
    )]
    definitions: PathBuf,
    /// The survey the rows answered.
    #[arg(long)]
    survey: String,
    /// Import the valid rows and report the others, instead of importing nothing.
    #[arg(long)]
    skip_invalid: bool,
    /// The CSV file.
    file: PathBuf,
}

/// Runs the import.
pub async fn run(command: ImportCommand) -> anyhow::Result<()> {
    let (catalog, _) =
        Catalog::default().reload(&command.definitions, chrono::Utc::now().date_naive())?;
    let loaded = catalog.get(&command.survey).ok_or_else(|| {
        anyhow::anyhow!(
            "no valid survey `{}` in {} (run `yousaid check`)",
            command.survey,
            command.definitions.display()
        )
    })?;
    let bytes = std::fs::read(&command.file)?;
    let sheet =
        sheet::read(&bytes).map_err(|e| anyhow::anyhow!("{}: {e}", command.file.display()))?;
    let mapping = import::map_columns(&loaded.survey, &sheet);
    let mut err = std::io::stderr().lock();
    for header in &mapping.unmatched {
        writeln!(
            err,
            "note: column “{header}” matches no question's label; it is not imported"
        )?;
    }
    let (good, bad) = import::check_rows(&loaded.survey, &mapping, &sheet);
    for row in &bad {
        writeln!(
            err,
            "{}:{}: {}",
            command.file.display(),
            row.line,
            row.problems.join("; ")
        )?;
    }
    if !bad.is_empty() && !command.skip_invalid {
        anyhow::bail!(
            "{} of {} rows could not be read; nothing imported (fix them, or use --skip-invalid)",
            bad.len(),
            bad.len().saturating_add(good.len())
        );
    }

    let consents: Vec<(String, String)> = loaded
        .survey
        .questions
        .iter()
        .filter_map(|q| match &q.kind {
            Kind::Email { consent } => Some((q.id.clone(), consent.get(Language::En).to_owned())),
            _ => None,
        })
        .collect();
    let submissions: Vec<Submission> = good
        .into_iter()
        .map(|(row, answers)| Submission {
            survey_id: loaded.survey.id.clone(),
            version: loaded.version.clone(),
            yaml: loaded.source.clone(),
            token: import::row_token(&loaded.survey.id, row.submitted_at, &answers),
            page: None,
            status: ResponseStatus::Ok,
            answers,
            consents: consents.clone(),
            contact_retention: loaded.survey.retention.contact,
            submitted_at: row.submitted_at,
            fingerprint: None,
        })
        .collect();

    let db = Db::connect(&command.storage.database_url).await?;
    db.migrate().await?;
    let total = submissions.len();
    let stored = store_all(&db, &submissions, |done| {
        let _ = writeln!(
            err,
            "written {done} of {total} rows; nothing is kept until all are"
        );
    })
    .await
    .map_err(|e| {
        anyhow::anyhow!(
            "could not store the rows ({}); nothing imported, so run the same command again",
            e.0
        )
    })?;
    let already = stored.iter().filter(|s| s.replayed).count();
    let stored = total.saturating_sub(already);
    writeln!(
        std::io::stdout().lock(),
        "{stored} responses imported into {}{}{}",
        loaded.survey.id,
        if already > 0 {
            format!(", {already} already there")
        } else {
            String::new()
        },
        if bad.is_empty() {
            String::new()
        } else {
            format!(", {} rows skipped", bad.len())
        }
    )?;
    Ok(())
}
