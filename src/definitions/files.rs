//! Finding and checking definition files on disk.

use super::diagnostic::Diagnostic;
use super::parse::{Parsed, parse};
use super::publisher::{
    ORGANISATION_FILE, Organisation, ParsedFile, TEAMS_DIR, parse_organisation, parse_team,
};
use super::raw::Pos;
use super::team::Team;
use super::team_surveys::check_teams;
use chrono::NaiveDate;
use std::panic::AssertUnwindSafe;
use std::path::{Path, PathBuf};

/// One file and what checking it found.
#[derive(Debug)]
pub struct CheckedFile {
    pub path: PathBuf,
    pub source: String,
    pub kind: FileKind,
    /// A survey file's survey (when good) and the problems of any file.
    pub parsed: Parsed,
    /// What an organisation or team file describes, when good.
    pub described: Option<Described>,
}

/// What a good organisation or team file describes.
#[derive(Debug, Clone)]
pub enum Described {
    Organisation(Organisation),
    Team(Team),
}

/// What a definition file defines, by its name and place.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FileKind {
    Survey,
    /// `organisation.yaml`.
    Organisation,
    /// `teams/{team}.yaml`, with the team id.
    Team(String),
}

impl FileKind {
    /// The kind of the file at `path`.
    pub fn of(path: &Path) -> FileKind {
        let in_teams = path
            .parent()
            .and_then(Path::file_name)
            .is_some_and(|d| d == TEAMS_DIR);
        if in_teams {
            FileKind::Team(file_id(path))
        } else if path.file_name().is_some_and(|n| n == ORGANISATION_FILE) {
            FileKind::Organisation
        } else {
            FileKind::Survey
        }
    }
}

impl CheckedFile {
    /// Every problem rendered compiler-style, top to bottom.
    pub fn render(&self) -> String {
        let path = self.path.display().to_string();
        self.parsed
            .diagnostics
            .iter()
            .map(|d| d.render(&path, &self.source))
            .collect::<Vec<_>>()
            .join("\n")
    }
}

/// Why the files could not even be looked at.
#[derive(Debug, thiserror::Error)]
pub enum FilesError {
    #[error("{0}: no such file or directory")]
    NotFound(PathBuf),
    #[error("{0}: not a `.yaml` file")]
    NotYaml(PathBuf),
    #[error("{0}: no `.yaml` files in this directory")]
    Empty(PathBuf),
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
}

/// The survey id a file must declare: its name without the extension.
pub fn file_id(path: &Path) -> String {
    path.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default()
}

fn is_yaml(path: &Path) -> bool {
    matches!(
        path.extension().and_then(|e| e.to_str()),
        Some("yaml" | "yml")
    )
}

/// The definition files a list of files and directories names, sorted within each directory.
pub fn definition_files(paths: &[PathBuf]) -> Result<Vec<PathBuf>, FilesError> {
    let mut files = Vec::new();
    for path in paths {
        let meta = std::fs::metadata(path).map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => FilesError::NotFound(path.clone()),
            _ => FilesError::Io {
                path: path.clone(),
                source: e,
            },
        })?;
        if meta.is_dir() {
            let found = yaml_files_in(path)?;
            if found.is_empty() {
                return Err(FilesError::Empty(path.clone()));
            }
            files.extend(found);
            let teams = path.join(TEAMS_DIR);
            if teams.is_dir() {
                files.extend(yaml_files_in(&teams)?);
            }
        } else if is_yaml(path) {
            files.push(path.clone());
        } else {
            return Err(FilesError::NotYaml(path.clone()));
        }
    }
    Ok(files)
}

/// The `.yaml` files directly in `dir`, sorted.
fn yaml_files_in(dir: &Path) -> Result<Vec<PathBuf>, FilesError> {
    let entries = std::fs::read_dir(dir).map_err(|source| FilesError::Io {
        path: dir.to_path_buf(),
        source,
    })?;
    let mut found: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.is_file() && is_yaml(p))
        .collect();
    found.sort();
    Ok(found)
}

/// Checks one file's text as if it were at `path`.
///
/// A panic while checking becomes an error in that file: one definition must never take down
/// `check`, the service's start-up or its reload task, whatever it holds.
pub fn check_source(path: &Path, source: String, today: NaiveDate) -> CheckedFile {
    let id = file_id(path);
    let kind = FileKind::of(path);
    let checked = std::panic::catch_unwind(AssertUnwindSafe(|| {
        fn split<T>(
            parsed: ParsedFile<T>,
            describe: fn(T) -> Described,
        ) -> (Parsed, Option<Described>) {
            let survey = Parsed {
                survey: None,
                diagnostics: parsed.diagnostics,
            };
            (survey, parsed.value.map(describe))
        }
        match &kind {
            FileKind::Survey => (parse(&id, &source, today), None),
            FileKind::Organisation => split(parse_organisation(&source), Described::Organisation),
            FileKind::Team(team) => split(parse_team(team, &source), Described::Team),
        }
    }));
    let (parsed, described) = checked.unwrap_or_else(|_| {
        let parsed = Parsed {
            survey: None,
            diagnostics: vec![
                Diagnostic::error(
                    Pos { line: 1, column: 1 },
                    "yousaid failed while checking this file",
                )
                .help("this is a bug in yousaid: please report it with the file attached"),
            ],
        };
        (parsed, None)
    });
    CheckedFile {
        path: path.to_path_buf(),
        source,
        kind,
        parsed,
        described,
    }
}

/// Reads and checks one file. Text that is not UTF-8 is one error saying where decoding
/// failed, so the other files are still checked.
pub fn check_file(path: &Path, today: NaiveDate) -> std::io::Result<CheckedFile> {
    let bytes = std::fs::read(path)?;
    Ok(match String::from_utf8(bytes) {
        Ok(source) => check_source(path, source, today),
        Err(e) => not_utf8(path, e),
    })
}

fn not_utf8(path: &Path, err: std::string::FromUtf8Error) -> CheckedFile {
    let offset = err.utf8_error().valid_up_to();
    let bytes = err.into_bytes();
    let good = std::str::from_utf8(bytes.get(..offset).unwrap_or_default()).unwrap_or_default();
    let last_line = good.rsplit('\n').next().unwrap_or_default();
    let at = Pos {
        line: count(good.matches('\n').count()).saturating_add(1),
        column: count(last_line.chars().count()).saturating_add(1),
    };
    let diagnostic = Diagnostic::error(
        at,
        format!("this file is not UTF-8 text: the byte at offset {offset} cannot be read"),
    )
    .help("save the file as UTF-8 (in most editors: Save As, then choose the UTF-8 encoding)");
    CheckedFile {
        path: path.to_path_buf(),
        source: String::from_utf8_lossy(&bytes).into_owned(),
        kind: FileKind::of(path),
        parsed: Parsed {
            survey: None,
            diagnostics: vec![diagnostic],
        },
        described: None,
    }
}

fn count(n: usize) -> u64 {
    u64::try_from(n).unwrap_or(u64::MAX)
}

/// Reads and checks every definition under `paths`; a file that cannot be read is an error
/// in that file, not the end of the check.
pub fn check_paths(paths: &[PathBuf], today: NaiveDate) -> Result<Vec<CheckedFile>, FilesError> {
    let mut files: Vec<CheckedFile> = definition_files(paths)?
        .into_iter()
        .map(|path| {
            check_file(&path, today).unwrap_or_else(|e| CheckedFile {
                kind: FileKind::of(&path),
                parsed: Parsed {
                    survey: None,
                    diagnostics: vec![Diagnostic::error(
                        Pos { line: 1, column: 1 },
                        format!("cannot read this file: {e}"),
                    )],
                },
                described: None,
                path,
                source: String::new(),
            })
        })
        .collect();
    // Team files can only be checked against the surveys when the surveys are checked too.
    if files.iter().any(|f| f.kind == FileKind::Survey) {
        check_teams(&mut files);
    }
    Ok(files)
}
