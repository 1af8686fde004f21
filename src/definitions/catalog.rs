//! The surveys being served, and reloading them without ever losing a good one.

use super::files::{CheckedFile, FilesError, check_file, definition_files, file_id};
use super::survey::Survey;
use super::version::Version;
use chrono::NaiveDate;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};
use std::time::SystemTime;

/// A survey ready to serve, with the exact text and version it came from.
#[derive(Debug)]
pub struct LoadedSurvey {
    pub survey: Survey,
    pub version: Version,
    pub source: Arc<str>,
}

/// Every servable survey, by id.
#[derive(Debug, Default, Clone)]
pub struct Catalog {
    surveys: BTreeMap<String, Arc<LoadedSurvey>>,
    /// What each file looked like when last read, to notice edits.
    stamps: BTreeMap<PathBuf, (Option<SystemTime>, u64)>,
}

/// The catalog being served, shared by the handlers, the reload task and the scheduler.
///
/// Readers take a snapshot (`current`) and let go of the lock at once, so a reload never
/// waits for a slow request and a request always sees one whole catalog.
#[derive(Debug, Clone, Default)]
pub struct SharedCatalog(Arc<RwLock<Arc<Catalog>>>);

impl SharedCatalog {
    /// Shares `catalog`.
    pub fn new(catalog: Catalog) -> Self {
        Self(Arc::new(RwLock::new(Arc::new(catalog))))
    }

    /// The catalog as it is now.
    pub fn current(&self) -> Arc<Catalog> {
        // A panic while holding the lock cannot leave a half-written catalog: the value is
        // swapped whole, so a poisoned lock still holds a good one.
        self.0.read().unwrap_or_else(|p| p.into_inner()).clone()
    }

    /// Serves `next` from now on.
    pub fn replace(&self, next: Catalog) {
        *self.0.write().unwrap_or_else(|p| p.into_inner()) = Arc::new(next);
    }

    /// The survey with this id, as currently loaded.
    pub fn survey(&self, id: &str) -> Option<Arc<LoadedSurvey>> {
        self.current().get(id)
    }
}

/// What a (re)load did, for the log.
#[derive(Debug, Default)]
pub struct LoadReport {
    /// Ids of surveys whose new version is now served.
    pub loaded: Vec<String>,
    /// Files with errors; where an older version existed, it is still served.
    pub rejected: Vec<CheckedFile>,
    /// Ids no longer served because their file was removed.
    pub removed: Vec<String>,
}

impl Catalog {
    /// The survey with this id.
    pub fn get(&self, id: &str) -> Option<Arc<LoadedSurvey>> {
        self.surveys.get(id).cloned()
    }

    /// Every survey being served.
    pub fn surveys(&self) -> impl Iterator<Item = &Arc<LoadedSurvey>> {
        self.surveys.values()
    }

    /// Whether the files in `dir` differ from what was last read.
    pub fn is_stale(&self, dir: &Path) -> bool {
        stamps(dir).is_ok_and(|s| s != self.stamps)
    }

    /// The same surveys, taking the files in `dir` as read: after a reload that failed, so it
    /// is tried again on the next edit or SIGHUP rather than on every tick.
    pub fn marked_read(&self, dir: &Path) -> Catalog {
        Catalog {
            surveys: self.surveys.clone(),
            stamps: stamps(dir).unwrap_or_else(|_| self.stamps.clone()),
        }
    }

    /// Reads `dir` again. A file with errors keeps its last good version serving.
    pub fn reload(
        &self,
        dir: &Path,
        today: NaiveDate,
    ) -> Result<(Catalog, LoadReport), FilesError> {
        let mut report = LoadReport::default();
        let mut surveys = BTreeMap::new();
        let files = match definition_files(&[dir.to_path_buf()]) {
            Ok(files) => files,
            Err(FilesError::Empty(_)) => Vec::new(),
            Err(e) => return Err(e),
        };
        for path in files {
            let id = file_id(&path);
            let checked = match check_file(&path, today) {
                Ok(checked) => checked,
                Err(source) => {
                    // A file being written may vanish or be unreadable for a moment.
                    tracing::warn!(file = %path.display(), error = %source, "cannot read definition");
                    if let Some(old) = self.surveys.get(&id) {
                        surveys.insert(id, old.clone());
                    }
                    continue;
                }
            };
            match &checked.parsed.survey {
                Some(survey) => {
                    let version = Version::of(survey);
                    let unchanged = self.surveys.get(&id).filter(|old| old.version == version);
                    let entry = match unchanged {
                        Some(old) => old.clone(),
                        None => {
                            report.loaded.push(id.clone());
                            Arc::new(LoadedSurvey {
                                survey: survey.clone(),
                                version,
                                source: Arc::from(checked.source.as_str()),
                            })
                        }
                    };
                    surveys.insert(id, entry);
                    if !checked.parsed.diagnostics.is_empty() {
                        report.rejected.push(checked);
                    }
                }
                None => {
                    if let Some(old) = self.surveys.get(&id) {
                        surveys.insert(id, old.clone());
                    }
                    report.rejected.push(checked);
                }
            }
        }
        report.removed = self
            .surveys
            .keys()
            .filter(|id| !surveys.contains_key(*id))
            .cloned()
            .collect();
        let stamps = stamps(dir).unwrap_or_default();
        Ok((Catalog { surveys, stamps }, report))
    }
}

fn stamps(dir: &Path) -> std::io::Result<BTreeMap<PathBuf, (Option<SystemTime>, u64)>> {
    let mut out = BTreeMap::new();
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let meta = entry.metadata()?;
        if meta.is_file() {
            out.insert(entry.path(), (meta.modified().ok(), meta.len()));
        }
    }
    Ok(out)
}
