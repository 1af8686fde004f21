//! Survey definitions: every rule `yousaid check` enforces, the shipped examples, versions,
//! and the command's output and exit codes.

mod command;
mod diagnostics;
mod earlier_versions;
mod examples;
mod fuzz;
mod rules;
mod versions;

use chrono::NaiveDate;
use std::path::Path;
use std::process::Command;

pub(crate) const TODAY: &str = "2026-11-24";

/// Start of every case: four lines, so questions start on line 5.
pub(crate) const HEAD: &str = "id: t\ntitle: T\nowner: team\nstatus: open\n";

/// A definition with the standard head.
pub(crate) fn with_head(rest: &str) -> String {
    format!("{HEAD}{rest}")
}

/// One text question, after the head.
pub(crate) const TEXT_Q: &str = "questions:\n  - id: q\n    type: text\n    label: Q\n";

pub(crate) fn today() -> NaiveDate {
    NaiveDate::parse_from_str(TODAY, "%Y-%m-%d").unwrap()
}

/// The `yousaid` binary run with `args` in the checkout.
pub(crate) fn yousaid(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_yousaid"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap();
    (
        out.status.code().unwrap(),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

/// The shipped survey files (not the organisation's or the teams' files).
pub(crate) fn examples() -> Vec<std::path::PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("survey-definitions");
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file() && !p.ends_with(yousaid::definitions::ORGANISATION_FILE))
        .collect();
    files.sort();
    files
}
