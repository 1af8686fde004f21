//! The surveys being served, and reloading them without ever losing a good one.

use super::files::{
    CheckedFile, Described, FileKind, FilesError, check_file, definition_files, file_id,
};
use super::publisher::{Organisation, Publisher, TEAMS_DIR};
use super::survey::Language;
use super::survey::Survey;
use super::team::Team;
use super::team_surveys::check_teams;
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
    /// Who publishes its summaries, from the organisation's and the team's files.
    pub publisher: Publisher,
}

/// Every servable survey, by id.
#[derive(Debug, Default, Clone)]
pub struct Catalog {
    surveys: BTreeMap<String, Arc<LoadedSurvey>>,
    organisation: Option<Arc<Organisation>>,
    teams: BTreeMap<String, Arc<Team>>,
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

    /// The organisation, when `organisation.yaml` describes it.
    pub fn organisation(&self) -> Option<&Organisation> {
        self.organisation.as_deref()
    }

    /// A team, when its file describes it.
    pub fn team(&self, id: &str) -> Option<&Team> {
        self.teams.get(id).map(Arc::as_ref)
    }

    /// Every team a file describes, by id.
    pub fn teams(&self) -> impl Iterator<Item = (&str, &Team)> {
        self.teams.iter().map(|(id, t)| (id.as_str(), t.as_ref()))
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
            organisation: self.organisation.clone(),
            teams: self.teams.clone(),
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
        let mut next = Catalog::default();
        let files = match definition_files(&[dir.to_path_buf()]) {
            Ok(files) => files,
            Err(FilesError::Empty(_)) => Vec::new(),
            Err(e) => return Err(e),
        };
        let mut checked_files = Vec::new();
        for path in files {
            match check_file(&path, today) {
                Ok(checked) => checked_files.push(checked),
                Err(source) => {
                    // A file being written may vanish or be unreadable for a moment.
                    tracing::warn!(file = %path.display(), error = %source, "cannot read definition");
                    self.keep_last_good(&mut next, &path);
                }
            }
        }
        check_teams(&mut checked_files);
        for checked in checked_files {
            let id = file_id(&checked.path);
            let survey = match (&checked.kind, &checked.described, &checked.parsed.survey) {
                (FileKind::Organisation, Some(Described::Organisation(o)), _) => {
                    next.organisation = Some(Arc::new(o.clone()));
                    continue;
                }
                (FileKind::Team(id), Some(Described::Team(team)), _) => {
                    next.teams.insert(id.clone(), Arc::new(team.clone()));
                    continue;
                }
                (FileKind::Survey, _, Some(survey)) => survey,
                // A file with errors: its last good version goes on serving.
                _ => {
                    self.keep_last_good(&mut next, &checked.path);
                    report.rejected.push(checked);
                    continue;
                }
            };
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
                        publisher: Publisher::default(),
                    })
                }
            };
            next.surveys.insert(id, entry);
            if !checked.parsed.diagnostics.is_empty() {
                report.rejected.push(checked);
            }
        }
        let Catalog {
            mut surveys,
            organisation,
            teams,
            ..
        } = next;
        // Who publishes each survey, as the files now say; a survey whose publisher changed
        // is the same version with new names.
        for entry in surveys.values_mut() {
            let publisher = Publisher {
                organisation: organisation
                    .as_ref()
                    .map(|o| o.profile.name.get(Language::En).to_owned()),
                team: teams.get(&entry.survey.owner).map_or_else(
                    || entry.survey.owner.clone(),
                    |t| t.profile.name.get(Language::En).to_owned(),
                ),
            };
            if entry.publisher != publisher {
                *entry = Arc::new(LoadedSurvey {
                    survey: entry.survey.clone(),
                    version: entry.version.clone(),
                    source: entry.source.clone(),
                    publisher,
                });
            }
        }
        report.removed = self
            .surveys
            .keys()
            .filter(|id| !surveys.contains_key(*id))
            .cloned()
            .collect();
        let stamps = stamps(dir).unwrap_or_default();
        Ok((
            Catalog {
                surveys,
                organisation,
                teams,
                stamps,
            },
            report,
        ))
    }
}

impl Catalog {
    /// Carries the last good version of what the file at `path` defines into `next`.
    fn keep_last_good(&self, next: &mut Catalog, path: &Path) {
        match FileKind::of(path) {
            FileKind::Survey => {
                let id = file_id(path);
                if let Some(old) = self.surveys.get(&id) {
                    next.surveys.insert(id, old.clone());
                }
            }
            FileKind::Organisation => next.organisation.clone_from(&self.organisation),
            FileKind::Team(team) => {
                if let Some(old) = self.teams.get(&team) {
                    next.teams.insert(team, old.clone());
                }
            }
        }
    }
}

fn stamps(dir: &Path) -> std::io::Result<BTreeMap<PathBuf, (Option<SystemTime>, u64)>> {
    let mut out = BTreeMap::new();
    let teams = dir.join(TEAMS_DIR);
    let team_entries = match std::fs::read_dir(&teams) {
        Ok(entries) => entries.collect::<Vec<_>>(),
        Err(_) => Vec::new(),
    };
    for entry in std::fs::read_dir(dir)?.chain(team_entries) {
        let entry = entry?;
        let meta = entry.metadata()?;
        if meta.is_file() {
            out.insert(entry.path(), (meta.modified().ok(), meta.len()));
        }
    }
    Ok(out)
}
