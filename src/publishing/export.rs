//! `yousaid publish export`: every published summary as a static site, in the same layout as
//! `/published/`, for teams that publish through their own web platform.

use super::drafts::{self, Published};
use super::published;
use super::render::atom;
use super::render::formats::Format;
use super::render::html::{IndexPage, Mode, PeriodPage};
use super::site::Site;
use crate::definitions::Catalog;
use crate::storage::Db;
use crate::workspace::WorkspaceError;
use askama::Template;
use std::collections::BTreeMap;
use std::path::Path;

/// Why an export stopped.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error(transparent)]
    Workspace(#[from] WorkspaceError),
    #[error("cannot write {path}")]
    Write {
        path: String,
        #[source]
        source: std::io::Error,
    },
    #[error("cannot render {0}")]
    Render(String),
}

fn write(path: &Path, bytes: &[u8]) -> Result<(), ExportError> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(|source| ExportError::Write {
            path: dir.display().to_string(),
            source,
        })?;
    }
    std::fs::write(path, bytes).map_err(|source| ExportError::Write {
        path: path.display().to_string(),
        source,
    })
}

fn rendered(t: &impl Template, what: &str) -> Result<String, ExportError> {
    t.render()
        .map_err(|e| ExportError::Render(format!("{what}: {e}")))
}

/// Writes the site under `out`, its stylesheet and scripts by their hashed names as the pages
/// link them; `progress` hears about each file. Returns the files written.
pub async fn export(
    db: &Db,
    site: &Site,
    catalog: &Catalog,
    out: &Path,
    mut progress: impl FnMut(&Path),
) -> Result<usize, ExportError> {
    let all = drafts::all_published(db, None).await?;
    let mut by_survey: BTreeMap<String, Vec<Published>> = BTreeMap::new();
    for p in all.iter() {
        by_survey
            .entry(p.summary.survey.clone())
            .or_default()
            .push(p.clone());
    }
    let mut files = 0_usize;
    let mut put = |path: std::path::PathBuf, bytes: &[u8]| -> Result<(), ExportError> {
        write(&path, bytes)?;
        progress(&path);
        files = files.saturating_add(1);
        Ok(())
    };
    for asset in &crate::assets::ALL {
        put(
            out.join(crate::assets::href(asset.name)),
            asset.body.as_bytes(),
        )?;
    }
    put(
        out.join("feed.atom"),
        rendered(&atom::feed(site, None, &all), "the feed")?.as_bytes(),
    )?;
    for (survey, list) in &by_survey {
        let dir = out.join(survey);
        // Every survey here has a publication, so it always has names.
        let Some(names) = published::names(catalog.get(survey).as_deref(), survey, list) else {
            continue;
        };
        let index = IndexPage::new(site, survey, &names.title, list, Mode::Static { depth: 1 });
        put(
            dir.join("index.html"),
            rendered(&index, "an index")?.as_bytes(),
        )?;
        let feed = atom::feed(site, Some((survey, &names.title, &names.owner)), list);
        put(dir.join("feed.atom"), rendered(&feed, "a feed")?.as_bytes())?;
        for p in list {
            let period = p.summary.period;
            let page = PeriodPage::new(site, &p.summary, Some(p), false, Mode::Static { depth: 1 });
            put(
                dir.join(format!("{period}.html")),
                rendered(&page, "a page")?.as_bytes(),
            )?;
            for format in Format::ALL {
                let data = format
                    .render(p, &site.period(survey, period))
                    .map_err(|e| ExportError::Render(e.to_string()))?;
                put(dir.join(format!("{period}.{}", format.ext())), &data)?;
            }
            for (n, _, _) in p.revisions.iter().skip(1) {
                let Some(old) = drafts::published(db, survey, period, Some(*n)).await? else {
                    continue;
                };
                let page = PeriodPage::new(
                    site,
                    &old.summary,
                    Some(&old),
                    true,
                    Mode::Static { depth: 3 },
                );
                put(
                    dir.join(format!("{period}/revisions/{n}.html")),
                    rendered(&page, "a revision")?.as_bytes(),
                )?;
            }
        }
    }
    Ok(files)
}
