//! The engagement pages as files, for `yousaid publish export`.

use super::links::Links;
use super::pages::{TeamMarkdown, TeamPage, organisation};
use crate::definitions::{Catalog, Language};
use crate::storage::Db;
use crate::workspace::WorkspaceError;
use chrono::Utc;

/// Why the engagement pages could not be exported.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error(transparent)]
    Workspace(#[from] WorkspaceError),
    #[error("cannot render {0}")]
    Render(String),
    #[error("cannot write {path}")]
    Write {
        path: String,
        #[source]
        source: std::io::Error,
    },
}

/// Writes `engagement/` under `out` for the static export: the organisation's page and JSON,
/// each team's page, JSON and Markdown, in each language they exist in (Welsh under
/// `engagement/cy/`). `progress` hears of each file; returns how many.
pub async fn export(
    db: &Db,
    catalog: &Catalog,
    site: &crate::publishing::site::Site,
    out: &std::path::Path,
    mut progress: impl FnMut(&std::path::Path),
) -> Result<usize, ExportError> {
    let now = Utc::now();
    let render = |t: &dyn askama::DynTemplate| {
        t.dyn_render()
            .map_err(|e| ExportError::Render(e.to_string()))
    };
    let json = |v: &dyn erased::Json| v.to_json().map_err(ExportError::Render);
    let mut files: Vec<(std::path::PathBuf, String)> = Vec::new();
    for lang in Language::ALL {
        let dir = match lang {
            Language::En => out.join("engagement"),
            other => out.join("engagement").join(other.code()),
        };
        let links = Links::export(lang);
        let team_ids: Vec<String> = match organisation(db, catalog, now, links, lang).await? {
            Some(org) => {
                files.push((dir.join("index.html"), render(&org)?));
                files.push((dir.join("index.json"), json(&org)?));
                org.teams.iter().map(|t| t.id.clone()).collect()
            }
            None => catalog
                .surveys()
                .map(|l| l.survey.owner.clone())
                .collect::<std::collections::BTreeSet<_>>()
                .into_iter()
                .collect(),
        };
        for id in &team_ids {
            let Some(s) = super::statement::team(db, catalog, site, id, now, lang).await? else {
                continue;
            };
            let page = TeamPage::new(&s, links, catalog);
            files.push((dir.join(format!("{id}.html")), render(&page)?));
            let md = render(&TeamMarkdown { s: &s })?;
            files.push((dir.join(format!("{id}.md")), md));
            files.push((dir.join(format!("{id}.json")), json(&s)?));
        }
    }
    for (path, body) in &files {
        let write = |path: &std::path::Path| {
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent)?;
            }
            std::fs::write(path, body)
        };
        write(path).map_err(|source| ExportError::Write {
            path: path.display().to_string(),
            source,
        })?;
        progress(path);
    }
    Ok(files.len())
}

/// JSON of any serialisable value, behind a trait object.
mod erased {
    /// A value that can be written as JSON.
    pub trait Json {
        fn to_json(&self) -> Result<String, String>;
    }

    impl<T: serde::Serialize> Json for T {
        fn to_json(&self) -> Result<String, String> {
            serde_json::to_string(self).map_err(|e| e.to_string())
        }
    }
}
