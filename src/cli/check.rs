//! `yousaid check`: lint survey definitions like a compiler.

use crate::definitions::{CheckedFile, Severity, check_paths};
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

Exit status: 0 no errors (warnings allowed), 1 errors found, 2 usage problem.")]
pub struct CheckArgs {
    /// Files or directories to check.
    #[arg(default_value = "survey-definitions")]
    pub paths: Vec<PathBuf>,

    /// How to print the problems.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
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
    let files = match check_paths(&args.paths, today) {
        Ok(files) => files,
        Err(e) => {
            let _ = writeln!(std::io::stderr(), "error: {e}");
            return ExitCode::from(2);
        }
    };
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
