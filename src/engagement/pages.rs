//! The engagement statement as pages: HTML and Markdown from askama templates, JSON from the
//! same values, for the web and the static export alike, in each language its files are
//! written in (English pages at `engagement/`, Welsh ones at `engagement/cy/`).

use super::aims::AimResult;
use super::facts;
use super::figures::Figure;
use super::links::{Alternate, Links, endonym};
use super::measures::{Measures, measure};
use super::statement::TeamStatement;
use crate::definitions::{Catalog, Language};
use crate::i18n::{Msg, fill, t};
use crate::period::Period;
use crate::storage::Db;
use crate::workspace::WorkspaceError;
use crate::workspace::actions::Status;
use askama::Template;
use chrono::{DateTime, Utc};
use serde::Serialize;

/// A team's statement page.
#[derive(Template)]
#[template(path = "engagement/team.html")]
pub struct TeamPage<'a> {
    pub s: &'a TeamStatement,
    pub links: Links,
    /// The path back to the site's root, for the layout.
    pub root: &'static str,
    /// The languages the organisation's page exists in.
    pub organisation_languages: Vec<Language>,
}

impl<'a> TeamPage<'a> {
    /// The page for `s`, linked as `links` says.
    pub fn new(s: &'a TeamStatement, links: Links, catalog: &Catalog) -> Self {
        Self {
            s,
            links,
            root: links.root(),
            organisation_languages: organisation_languages(catalog),
        }
    }

    /// The statement as `json` or `md`, in the page's language.
    fn data_href(&self, kind: &str) -> String {
        self.links.team_as(&self.s.id, self.s.lang, kind)
    }

    /// The organisation's page, in this page's language where it exists.
    fn organisation_href(&self) -> String {
        let lang = if self.organisation_languages.contains(&self.s.lang) {
            self.s.lang
        } else {
            Language::En
        };
        self.links.organisation(lang)
    }

    /// The same statement in its other languages.
    fn alternates(&self) -> Vec<Alternate> {
        self.s
            .languages
            .iter()
            .filter_map(|code| Language::from_code(code))
            .filter(|l| *l != self.s.lang)
            .map(|l| Alternate {
                code: l.code(),
                name: endonym(l),
                href: self.links.team(&self.s.id, l),
            })
            .collect()
    }
}

/// A team's statement in Markdown.
#[derive(Template)]
#[template(path = "engagement/team.md")]
pub struct TeamMarkdown<'a> {
    pub s: &'a TeamStatement,
}

/// A page in one language: its fixed words, statuses, measures and aims in that language.
trait Worded {
    fn lang(&self) -> Language;

    /// Fixed text in the page's language.
    fn t(&self, msg: Msg) -> &'static str {
        t(self.lang(), msg)
    }

    /// Fixed text with values filled in.
    fn fill(&self, msg: Msg, values: &[(&str, &str)]) -> String {
        fill(self.lang(), msg, values)
    }

    /// An action's status in the page's language.
    fn status(&self, status: &Status) -> &'static str {
        status.label_in(self.lang())
    }

    /// A measure's name in the page's language.
    fn figure_label(&self, f: &Figure) -> &'static str {
        f.label_in(self.lang())
    }

    /// A measure's value in the page's language.
    fn figure_text(&self, f: &Figure) -> String {
        f.text_in(self.lang())
    }

    /// An aim's value in the page's language.
    fn aim_value(&self, a: &AimResult) -> String {
        a.value_text_in(self.lang())
    }

    /// An aim's verdict in the page's language.
    fn verdict(&self, a: &AimResult) -> &'static str {
        a.verdict_in(self.lang())
    }
}

impl Worded for TeamPage<'_> {
    fn lang(&self) -> Language {
        self.s.lang
    }
}

impl Worded for TeamMarkdown<'_> {
    fn lang(&self) -> Language {
        self.s.lang
    }
}

impl Worded for OrganisationPage {
    fn lang(&self) -> Language {
        self.lang
    }
}

/// The languages the organisation's engagement page exists in.
pub fn organisation_languages(catalog: &Catalog) -> Vec<Language> {
    catalog
        .organisation()
        .map_or_else(|| vec![Language::En], |o| o.profile.languages())
}

/// A team as the organisation's page lists it.
#[derive(Debug, Clone, Serialize)]
pub struct ListedTeam {
    pub id: String,
    pub name: String,
    pub statement: Option<String>,
    /// Its statement page, in the organisation page's language where the team has one.
    #[serde(skip)]
    pub href: String,
}

/// The organisation's engagement page.
#[derive(Template, Serialize)]
#[template(path = "engagement/index.html")]
pub struct OrganisationPage {
    #[serde(skip)]
    pub lang: Language,
    pub language: &'static str,
    pub languages: Vec<&'static str>,
    pub name: String,
    pub statement: Option<String>,
    pub links: Vec<(String, String)>,
    pub teams: Vec<ListedTeam>,
    /// The last period that has ended.
    pub period: String,
    /// The same in words, in the page's language.
    #[serde(skip)]
    pub period_label: String,
    pub measures: Measures,
    #[serde(skip)]
    pub root: &'static str,
    #[serde(skip)]
    pub json: String,
    #[serde(skip)]
    pub alternates: Vec<Alternate>,
}

/// The organisation's page in `lang`, measured up to `now`, linked as `links` says; none
/// in a language the organisation's file is not written in.
pub async fn organisation(
    db: &Db,
    catalog: &Catalog,
    now: DateTime<Utc>,
    links: Links,
    lang: Language,
) -> Result<Option<OrganisationPage>, WorkspaceError> {
    let offered = organisation_languages(catalog);
    if !offered.contains(&lang) {
        return Ok(None);
    }
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
            let team_lang = if super::statement::languages(catalog, &survey.owner).contains(&lang) {
                lang
            } else {
                Language::En
            };
            teams.push(ListedTeam {
                id: survey.owner.clone(),
                name: file.map_or_else(|| survey.owner.clone(), |p| p.name.get(lang).to_owned()),
                statement: file
                    .and_then(|p| p.statement.as_ref())
                    .map(|s| s.get(lang).to_owned()),
                href: links.team(&survey.owner, team_lang),
            });
        }
    }
    teams.sort_by(|a, b| a.name.cmp(&b.name));
    let org = catalog.organisation();
    Ok(Some(OrganisationPage {
        lang,
        language: lang.code(),
        languages: offered.iter().map(|l| l.code()).collect(),
        name: org.map_or_else(
            || t(lang, Msg::TheOrganisation).to_owned(),
            |o| o.profile.name.get(lang).to_owned(),
        ),
        statement: org
            .and_then(|o| o.profile.statement.as_ref())
            .map(|s| s.get(lang).to_owned()),
        links: org.map_or_else(Vec::new, |o| {
            o.links
                .iter()
                .map(|l| (l.label.get(lang).to_owned(), l.url.clone()))
                .collect()
        }),
        teams,
        period: period.to_string(),
        period_label: period.label_in(lang),
        measures: measure(&all),
        root: links.root(),
        json: links.organisation_json(lang),
        alternates: offered
            .iter()
            .filter(|l| **l != lang)
            .map(|l| Alternate {
                code: l.code(),
                name: endonym(*l),
                href: links.organisation(*l),
            })
            .collect(),
    }))
}
