//! `yousaid check`: lint survey definitions like a compiler, and warn before an edit leaves
//! stored answers behind.

mod stored;

use crate::definitions::{CheckedFile, Earlier, Severity, check_paths, compare, read_earlier};
use clap::{Args, ValueEnum};
use serde::Serialize;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

/// Check survey definitions and report every problem with its file, line and column.
#[derive(Debug, Args)]
#[command(after_help = "\
Examples:
  yousaid check                                   # every file in survey-definitions/
  yousaid check survey-definitions/page-feedback.yaml
  yousaid check --format json > check.json        # for CI pipelines
  yousaid check --against old/page-feedback.yaml survey-definitions/page-feedback.yaml
  DATABASE_URL=sqlite://data/yousaid.db yousaid check   # compare with what was answered

With --against, or a database (DATABASE_URL or --database-url; an SQLite file that does not
exist is not created), a question id, option value or type that an earlier version had and this
one changes or drops is a warning: answers already stored stay under the old id or value.

Exit status: 0 no errors (warnings allowed), 1 errors found, 2 usage problem.")]
pub struct CheckArgs {
    /// Files or directories to check.
    #[arg(default_value = "survey-definitions")]
    pub paths: Vec<PathBuf>,

    /// How to print the problems.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,

    /// An earlier version of a survey to compare with (a definition file); may be repeated.
    #[arg(long, value_name = "OLD.yaml")]
    pub against: Vec<PathBuf>,

    /// A database to compare with: the last version of each survey that has responses.
    /// Only read.
    #[arg(long, value_name = "URL", env = "DATABASE_URL", hide_env_values = true)]
    pub database_url: Option<String>,
}

/// Output formats.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum Format {
    /// Compiler-style messages with the source line and a caret.
    Text,
    /// One JSON document, for CI pipelines.
    Json,
}

#[derive(Serialize)]
struct JsonReport<'a> {
    files: usize,
    errors: usize,
    warnings: usize,
    diagnostics: Vec<JsonDiagnostic<'a>>,
}

#[derive(Serialize)]
struct JsonDiagnostic<'a> {
    file: String,
    #[serde(flatten)]
    diagnostic: &'a crate::definitions::Diagnostic,
}

/// Runs the check and returns the exit status.
pub fn run(args: &CheckArgs) -> ExitCode {
    let today = chrono::Utc::now().date_naive();
    let mut files = match check_paths(&args.paths, today) {
        Ok(files) => files,
        Err(e) => {
            let _ = writeln!(std::io::stderr(), "error: {e}");
            return ExitCode::from(2);
        }
    };
    if let Err(e) = against_files(&args.against, &mut files, today) {
        let _ = writeln!(std::io::stderr(), "error: {e}");
        return ExitCode::from(2);
    }
    if let Some(url) = args.database_url.as_deref().filter(|u| !u.is_empty())
        && let Err(e) = against_database(url, &mut files, today)
    {
        // A database out of reach leaves the definitions checked as without one.
        let _ = writeln!(std::io::stderr(), "note: {e}");
    }
    let count = |severity| {
        files
            .iter()
            .flat_map(|f| &f.parsed.diagnostics)
            .filter(|d| d.severity == severity)
            .count()
    };
    let (errors, warnings) = (count(Severity::Error), count(Severity::Warning));
    let mut out = std::io::stdout().lock();
    let written = match args.format {
        Format::Text => write_text(&mut out, &files, errors, warnings),
        Format::Json => {
            let report = JsonReport {
                files: files.len(),
                errors,
                warnings,
                diagnostics: files
                    .iter()
                    .flat_map(|f| {
                        f.parsed.diagnostics.iter().map(|d| JsonDiagnostic {
                            file: f.path.display().to_string(),
                            diagnostic: d,
                        })
                    })
                    .collect(),
            };
            serde_json::to_writer_pretty(&mut out, &report)
                .map_err(std::io::Error::other)
                .and_then(|()| writeln!(out))
        }
    };
    if written.is_err() {
        return ExitCode::from(2);
    }
    if errors > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// Why a `--against` file could not be compared.
#[derive(Debug, thiserror::Error)]
enum AgainstError {
    #[error("{0}: {1}")]
    Read(PathBuf, std::io::Error),
    #[error("{0}: not a valid survey definition (run `yousaid check` on it)")]
    Invalid(PathBuf),
    #[error("{0}: no definition of survey `{1}` among the files checked")]
    NoMatch(PathBuf, String),
}

/// Adds the warnings of comparing with each `--against` file.
fn against_files(
    paths: &[PathBuf],
    files: &mut [CheckedFile],
    today: chrono::NaiveDate,
) -> Result<(), AgainstError> {
    for path in paths {
        let source =
            std::fs::read_to_string(path).map_err(|e| AgainstError::Read(path.clone(), e))?;
        let old =
            read_earlier(&source, today).ok_or_else(|| AgainstError::Invalid(path.clone()))?;
        let file = files
            .iter_mut()
            .find(|f| f.parsed.survey.as_ref().is_some_and(|s| s.id == old.id))
            .ok_or_else(|| AgainstError::NoMatch(path.clone(), old.id.clone()))?;
        let name = path.display().to_string();
        warn(
            file,
            &Earlier::File {
                name: &name,
                survey: &old,
            },
        );
    }
    Ok(())
}

/// Adds the warnings of comparing each survey with the last version its responses answered.
fn against_database(
    url: &str,
    files: &mut [CheckedFile],
    today: chrono::NaiveDate,
) -> Result<(), stored::StoredError> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| stored::StoredError::Query(sea_orm::DbErr::Custom(e.to_string())))?;
    runtime.block_on(async {
        let db = stored::open(url).await?;
        for file in files.iter_mut() {
            let Some(id) = file.parsed.survey.as_ref().map(|s| s.id.clone()) else {
                continue;
            };
            let Some(last) = stored::last_answered(&db, &id).await? else {
                continue;
            };
            let Some(old) = read_earlier(&last.yaml, today) else {
                let _ = writeln!(
                    std::io::stderr(),
                    "note: the stored version {} of `{id}` no longer passes check, so it was not compared",
                    last.version
                );
                continue;
            };
            warn(
                file,
                &Earlier::Stored {
                    version: &last.version,
                    survey: &old,
                    answered: &last.answered,
                },
            );
        }
        Ok(())
    })
}

/// Adds the warnings for a checked file against an earlier version, in line order.
fn warn(file: &mut CheckedFile, earlier: &Earlier<'_>) {
    let Some(survey) = &file.parsed.survey else {
        return;
    };
    let warnings = compare(survey, &file.source, earlier);
    file.parsed.diagnostics.extend(warnings);
    file.parsed.diagnostics.sort_by_key(|d| (d.line, d.column));
}

fn write_text(
    out: &mut impl Write,
    files: &[CheckedFile],
    errors: usize,
    warnings: usize,
) -> std::io::Result<()> {
    for file in files {
        let rendered = file.render();
        if !rendered.is_empty() {
            writeln!(out, "{rendered}")?;
        }
    }
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    writeln!(
        out,
        "checked {}: {}, {}",
        plural(files.len(), "file"),
        plural(errors, "error"),
        plural(warnings, "warning")
    )
}
