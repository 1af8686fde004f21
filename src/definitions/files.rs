//! Finding and checking definition files on disk.

use super::parse::{Parsed, parse};
use chrono::NaiveDate;
use std::path::{Path, PathBuf};

/// One file and what checking it found.
#[derive(Debug)]
pub struct CheckedFile {
    pub path: PathBuf,
    pub source: String,
    pub parsed: Parsed,
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
            let entries = std::fs::read_dir(path).map_err(|source| FilesError::Io {
                path: path.clone(),
                source,
            })?;
            let mut found: Vec<PathBuf> = entries
                .filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| p.is_file() && is_yaml(p))
                .collect();
            if found.is_empty() {
                return Err(FilesError::Empty(path.clone()));
            }
            found.sort();
            files.extend(found);
        } else if is_yaml(path) {
            files.push(path.clone());
        } else {
            return Err(FilesError::NotYaml(path.clone()));
        }
    }
    Ok(files)
}

/// Checks one file's text as if it were at `path`.
pub fn check_source(path: &Path, source: String, today: NaiveDate) -> CheckedFile {
    let parsed = parse(&file_id(path), &source, today);
    CheckedFile {
        path: path.to_path_buf(),
        source,
        parsed,
    }
}

/// Reads and checks every definition under `paths`.
pub fn check_paths(paths: &[PathBuf], today: NaiveDate) -> Result<Vec<CheckedFile>, FilesError> {
    definition_files(paths)?
        .into_iter()
        .map(|path| {
            let source = std::fs::read_to_string(&path).map_err(|source| FilesError::Io {
                path: path.clone(),
                source,
            })?;
            Ok(check_source(&path, source, today))
        })
        .collect()
}
