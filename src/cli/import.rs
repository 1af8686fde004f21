//! `yousaid import`: bring a survey's history over from a form tool's spreadsheet export.

use crate::config::{DefinitionsArgs, StorageArgs};
use crate::definitions::{Catalog, Language};
use crate::import::{self, sheet};
use crate::intake::{self, Door, Submission, Way, store_all};
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
  yousaid import --survey page-feedback --ignore-column 'Internal notes' feedback.csv

Timestamps may be written as form tools write them (2026/04/01 9:00:00 AM GMT+1,
01/04/2026 09:00:00) or in ISO 8601; times without a zone are UK time. Several choices in one
cell are separated by ', '. Timestamps must lie between 1 January 2000 and now. Nothing is
imported if any row is invalid, unless --skip-invalid. The rows are stored in one transaction:
if the import stops part-way (an error, Ctrl-C, a crash), nothing is kept, and running the same
command again starts it afresh. Importing the same rows again adds nothing: each row is
recognised by its survey, timestamp and answers, whatever the columns are called or ordered.

Columns are matched to questions by label (or id). The columns form tools add of their own
(ID, Email, Name, Start time, Score…) are left out; any other column that matches no question
stops the import, naming the closest label: rename it, or leave it out with --ignore-column.
The last line says what happened to every row: imported, already there, repeated in the file,
or skipped.")]
pub struct ImportCommand {
    #[command(flatten)]
    storage: StorageArgs,
    #[command(flatten)]
    defs: DefinitionsArgs,
    /// The survey the rows answered.
    #[arg(long)]
    survey: String,
    /// Import the valid rows and report the others, instead of importing nothing.
    #[arg(long)]
    skip_invalid: bool,
    /// Leave out a column that matches no question (its header, exactly); repeatable.
    #[arg(long = "ignore-column", value_name = "HEADER")]
    ignore_columns: Vec<String>,
    /// The CSV file.
    file: PathBuf,
}

/// Runs the import.
pub async fn run(command: ImportCommand) -> anyhow::Result<()> {
    let today = chrono::Utc::now().date_naive();
    let (catalog, _) = Catalog::default().reload(&command.defs.definitions, today)?;
    let loaded = intake::admit(&catalog, &command.survey, Way::Import, today).map_err(|_| {
        anyhow::anyhow!(
            "no valid survey `{}` in {} (run `yousaid check`)",
            command.survey,
            command.defs.definitions.display()
        )
    })?;
    let bytes = std::fs::read(&command.file)?;
    let sheet =
        sheet::read(&bytes).map_err(|e| anyhow::anyhow!("{}: {e}", command.file.display()))?;
    let mapping = import::map_columns(&loaded.survey, &sheet);
    let mut err = std::io::stderr().lock();
    let file = command.file.display();
    for header in &mapping.form_tool {
        writeln!(
            err,
            "note: column “{header}” is the form tool's own, not a question; it is not imported"
        )?;
    }
    for header in &command.ignore_columns {
        let note = if mapping.unmatched.contains(header) {
            "left out, as asked"
        } else {
            "is not a column of this file that matches no question, so --ignore-column does nothing"
        };
        writeln!(err, "note: column “{header}” {note}")?;
    }
    let unknown: Vec<&String> = mapping
        .unmatched
        .iter()
        .filter(|h| !command.ignore_columns.contains(h))
        .collect();
    for header in &unknown {
        let closest =
            import::closest_question(&loaded.survey, header).map_or_else(String::new, |q| {
                format!(
                    "; the closest label is “{}” (question `{}`)",
                    q.label.get(Language::En),
                    q.id
                )
            });
        writeln!(
            err,
            "{file}:1: column “{header}” matches no question of `{}`{closest}",
            loaded.survey.id
        )?;
    }
    if !unknown.is_empty() {
        anyhow::bail!(
            "{} no question; nothing imported (rename each header to its question's label, \
             or leave the column out with --ignore-column \"{}\")",
            plural(unknown.len(), "column matches", "columns match"),
            unknown.first().map_or("", |h| h.as_str())
        );
    }
    let (good, bad) = import::check_rows(&loaded.survey, &mapping, &sheet);
    for row in &bad {
        writeln!(err, "{file}:{}: {}", row.line, row.problems.join("; "))?;
    }
    let read = bad.len().saturating_add(good.len());
    if !bad.is_empty() && !command.skip_invalid {
        anyhow::bail!(
            "{} of {read} rows could not be read; nothing imported (fix them, or use --skip-invalid)",
            bad.len(),
        );
    }

    let submissions: Vec<Submission> = good
        .into_iter()
        .map(|(row, answers)| {
            let token = import::row_token(&loaded.survey.id, row.submitted_at, &answers);
            intake::build(&loaded, answers, Door::import(token, row.submitted_at))
        })
        .collect();
    // A row the file holds twice is one response; say so rather than count it as "already there".
    let mut seen = std::collections::HashSet::new();
    let (submissions, repeats): (Vec<Submission>, Vec<Submission>) = submissions
        .into_iter()
        .partition(|s| seen.insert(s.token.clone()));

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
    let summary = Summary {
        read,
        imported: total.saturating_sub(already),
        already,
        repeated: repeats.len(),
        skipped: bad.len(),
    };
    writeln!(
        std::io::stdout().lock(),
        "{}",
        summary.line(&file.to_string(), &loaded.survey.id)
    )?;
    Ok(())
}

/// What happened to every row of a run; the parts add up to `read`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Summary {
    read: usize,
    imported: usize,
    already: usize,
    repeated: usize,
    skipped: usize,
}

impl Summary {
    /// The one line a run ends with.
    fn line(&self, file: &str, survey: &str) -> String {
        let mut line = format!(
            "{} read from {file}: {} imported into {survey}",
            plural(self.read, "row", "rows"),
            plural(self.imported, "response", "responses"),
        );
        if self.already > 0 {
            line.push_str(&format!(", {} already there", self.already));
        }
        if self.repeated > 0 {
            line.push_str(&format!(
                ", {} repeated in the file",
                plural(self.repeated, "row", "rows")
            ));
        }
        if self.skipped > 0 {
            line.push_str(&format!(
                ", {} skipped as invalid",
                plural(self.skipped, "row", "rows")
            ));
        }
        line
    }
}

/// `1 row`, `2 rows`.
fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_summary_names_every_row_once() {
        let all = Summary {
            read: 7,
            imported: 1,
            already: 2,
            repeated: 1,
            skipped: 3,
        };
        assert_eq!(
            all.line("a.csv", "tiny"),
            "7 rows read from a.csv: 1 response imported into tiny, 2 already there, \
             1 row repeated in the file, 3 rows skipped as invalid"
        );
        let clean = Summary {
            read: 2,
            imported: 2,
            already: 0,
            repeated: 0,
            skipped: 0,
        };
        assert_eq!(
            clean.line("a.csv", "tiny"),
            "2 rows read from a.csv: 2 responses imported into tiny"
        );
    }
}
