//! The engagement statement as pages: HTML and Markdown from askama templates, JSON from the
//! same values, for the web and the static export alike.

use super::facts;
use super::measures::{Measures, measure};
use super::statement::TeamStatement;
use crate::definitions::{Catalog, Language};
use crate::period::Period;
use crate::storage::Db;
use crate::workspace::WorkspaceError;
use askama::Template;
use chrono::{DateTime, Utc};
use serde::Serialize;

/// A team's statement page; `root` is the path back to the site's root.
#[derive(Template)]
#[template(path = "engagement/team.html")]
pub struct TeamPage<'a> {
    pub s: &'a TeamStatement,
    pub root: &'a str,
    /// What page links end with: nothing on the web, `.html` in the static export.
    pub ext: &'a str,
}

/// A team's statement in Markdown.
#[derive(Template)]
#[template(path = "engagement/team.md")]
pub struct TeamMarkdown<'a> {
    pub s: &'a TeamStatement,
}

/// A team as the organisation's page lists it.
#[derive(Debug, Clone, Serialize)]
pub struct ListedTeam {
    pub id: String,
    pub name: String,
    pub statement: Option<String>,
}

/// The organisation's engagement page.
#[derive(Template, Serialize)]
#[template(path = "engagement/index.html")]
pub struct OrganisationPage {
    pub name: String,
    pub statement: Option<String>,
    pub links: Vec<(String, String)>,
    pub teams: Vec<ListedTeam>,
    /// The last period that has ended.
    pub period: String,
    pub measures: Measures,
    #[serde(skip)]
    pub root: String,
    #[serde(skip)]
    pub ext: &'static str,
}

/// The organisation's page, measured up to `now`; `root` and `ext` as for `TeamPage`.
pub async fn organisation(
    db: &Db,
    catalog: &Catalog,
    now: DateTime<Utc>,
    root: &str,
    ext: &'static str,
) -> Result<OrganisationPage, WorkspaceError> {
    let period = Period::quarter_of(now).previous();
    let mut all = Vec::new();
    let mut teams: Vec<ListedTeam> = Vec::new();
    for loaded in catalog.surveys() {
        let survey = &loaded.survey;
        if survey.status == crate::definitions::Status::Draft {
            continue;
        }
        all.push(facts::read(db, loaded, period, now).await?);
        if teams.iter().all(|t| t.id != survey.owner) {
            let file = catalog.team(&survey.owner).map(|t| &t.profile);
            teams.push(ListedTeam {
                id: survey.owner.clone(),
                name: file.map_or_else(
                    || survey.owner.clone(),
                    |p| p.name.get(Language::En).to_owned(),
                ),
                statement: file
                    .and_then(|p| p.statement.as_ref())
                    .map(|s| s.get(Language::En).to_owned()),
            });
        }
    }
    teams.sort_by(|a, b| a.name.cmp(&b.name));
    let org = catalog.organisation();
    Ok(OrganisationPage {
        name: org.map_or_else(
            || "the organisation".to_owned(),
            |o| o.profile.name.get(Language::En).to_owned(),
        ),
        statement: org
            .and_then(|o| o.profile.statement.as_ref())
            .map(|s| s.get(Language::En).to_owned()),
        links: org.map_or_else(Vec::new, |o| {
            o.links
                .iter()
                .map(|l| (l.label.get(Language::En).to_owned(), l.url.clone()))
                .collect()
        }),
        teams,
        period: period.to_string(),
        measures: measure(&all),
        root: root.to_owned(),
        ext,
    })
}

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
/// each team's page, JSON and Markdown. `progress` hears of each file; returns how many.
pub async fn export(
    db: &Db,
    catalog: &Catalog,
    site: &crate::publishing::site::Site,
    out: &std::path::Path,
    mut progress: impl FnMut(&std::path::Path),
) -> Result<usize, ExportError> {
    let now = Utc::now();
    let dir = out.join("engagement");
    std::fs::create_dir_all(&dir).map_err(|source| ExportError::Write {
        path: dir.display().to_string(),
        source,
    })?;
    let render = |t: &dyn askama::DynTemplate| {
        t.dyn_render()
            .map_err(|e| ExportError::Render(e.to_string()))
    };
    let json = |v: &dyn erased::Json| v.to_json().map_err(ExportError::Render);
    let org = organisation(db, catalog, now, "../", ".html").await?;
    let mut files = vec![
        ("index.html".to_owned(), render(&org)?),
        ("index.json".to_owned(), json(&org)?),
    ];
    for team in &org.teams {
        let Some(s) = super::statement::team(db, catalog, site, &team.id, now).await? else {
            continue;
        };
        let page = TeamPage {
            s: &s,
            root: "../",
            ext: ".html",
        };
        files.push((format!("{}.html", team.id), render(&page)?));
        files.push((format!("{}.md", team.id), render(&TeamMarkdown { s: &s })?));
        files.push((format!("{}.json", team.id), json(&s)?));
    }
    for (name, body) in &files {
        let path = dir.join(name);
        std::fs::write(&path, body).map_err(|source| ExportError::Write {
            path: path.display().to_string(),
            source,
        })?;
        progress(&path);
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
