//! The public user-engagement statement: for a team, its own words, then from the data who we
//! heard from (with disclosure control over the two-way table of groups by period), how we
//! listen, what we did, the gaps users told us about, how quickly we act and each aim; for the
//! organisation, its statement and its teams. Only what publications may show: no comment,
//! no response, no contact detail, no private action.

use super::aims::{AimResult, evaluate, groups_heard};
use super::facts::{self, Facts};
use super::measures::{Measures, measure};
use super::uses::{self, UsesTable};
use crate::definitions::{Catalog, HowOften, Language, LoadedSurvey, Team};
use crate::i18n::{Msg, t};
use crate::period::Period;
use crate::publishing::disclosure::{Cell, protect_two_way};
use crate::publishing::published::latest_period;
use crate::publishing::site::Site;
use crate::storage::Db;
use crate::storage::entities::action;
use crate::workspace::WorkspaceError;
use crate::workspace::actions::Status;
use chrono::{DateTime, Utc};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use serde::Serialize;
use std::collections::HashSet;
use uuid::Uuid;

/// Periods the "who we heard from" table covers.
pub const PERIODS: usize = 4;

/// One of the team's surveys, as the statement lists it.
#[derive(Debug, Clone, Serialize)]
pub struct ListedSurvey {
    pub id: String,
    pub title: String,
    /// Taking answers now.
    pub open: bool,
    pub url: String,
    /// The newest published summary, if any.
    pub latest_publication: Option<String>,
}

/// One user group's responses per period, after disclosure control.
#[derive(Debug, Clone, Serialize)]
pub struct HeardRow {
    pub group: String,
    pub label: String,
    pub cells: Vec<Cell>,
    pub total: Cell,
}

/// Who we heard from: groups by period, with row and column totals.
#[derive(Debug, Clone, Serialize)]
pub struct Heard {
    pub periods: Vec<String>,
    pub rows: Vec<HeardRow>,
    pub period_totals: Vec<Cell>,
    pub total: Cell,
    /// Cells below this are shown as `[c]`, and so is any cell that would reveal one.
    pub min_count: u64,
}

/// Another way the team engages.
#[derive(Debug, Clone, Serialize)]
pub struct Way {
    pub name: String,
    pub what: String,
    pub how_often: &'static str,
    pub link: Option<String>,
}

/// A public action.
#[derive(Debug, Clone, Serialize)]
pub struct DoneAction {
    pub title: String,
    pub status: Status,
    /// Why it cannot be done, for `cannot_do`.
    pub reason: Option<String>,
    /// The newest publication of its survey, where its outcome is reported.
    pub publication: Option<String>,
}

/// A gap in the data users told the team about, and the public actions that answer it.
#[derive(Debug, Clone, Serialize)]
pub struct GapItem {
    pub theme: String,
    pub survey: String,
    pub answered_by: Vec<String>,
}

/// A team's engagement statement.
#[derive(Debug, Clone, Serialize)]
pub struct TeamStatement {
    /// The language it is written in.
    #[serde(skip)]
    pub lang: Language,
    /// The language's code, and those of every language the statement exists in.
    pub language: &'static str,
    pub languages: Vec<&'static str>,
    pub id: String,
    pub name: String,
    pub statement: Option<String>,
    pub contact: Option<String>,
    /// The latest period measured: the last one that has ended.
    pub period: String,
    /// The same in words, in the statement's language.
    #[serde(skip)]
    pub period_label: String,
    pub surveys: Vec<ListedSurvey>,
    pub heard: Heard,
    /// Groups we expect and did not hear from at all over the periods.
    pub not_heard: Vec<String>,
    /// What respondents said they use the statistics for, over the same periods.
    pub uses: Vec<UsesTable>,
    pub engagement: Vec<Way>,
    /// Ways to get involved open now, with how many have signed up (counts, never who).
    pub involvement: Vec<OpenOpportunity>,
    pub actions: Vec<DoneAction>,
    /// Themes marked as gaps in the data, by survey and name.
    pub gaps: Vec<GapItem>,
    pub measures: Measures,
    pub aims: Vec<AimResult>,
}

/// An opportunity open for registrations.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OpenOpportunity {
    pub title: String,
    pub url: String,
    /// People with a place or on the waiting list.
    pub signed_up: u64,
}

/// `team`'s opportunities open on `today`, with their sign-up counts.
async fn open_opportunities(
    db: &Db,
    site: &Site,
    (id, team): (&str, &crate::definitions::Team),
    today: chrono::NaiveDate,
    lang: Language,
) -> Result<Vec<OpenOpportunity>, WorkspaceError> {
    let mut open = Vec::new();
    for o in team.opportunities.iter().filter(|o| o.is_open_on(today)) {
        let counts = crate::involvement::counts(db, id, &o.id).await?;
        open.push(OpenOpportunity {
            title: o.title.get(lang).to_owned(),
            url: format!("{}/get-involved/{id}/{}", site.base(), o.id),
            signed_up: counts.confirmed.saturating_add(counts.waiting),
        });
    }
    Ok(open)
}

/// How a team's `how_often` reads in `lang`.
fn how_often(h: HowOften, lang: Language) -> &'static str {
    t(
        lang,
        match h {
            HowOften::Ongoing => Msg::Ongoing,
            HowOften::Weekly => Msg::Weekly,
            HowOften::Monthly => Msg::Monthly,
            HowOften::Quarterly => Msg::Quarterly,
            HowOften::TwiceAYear => Msg::TwiceAYear,
            HowOften::Yearly => Msg::Yearly,
            HowOften::AsNeeded => Msg::AsNeeded,
        },
    )
}

/// The languages team `id`'s statement exists in: those its team file names it in.
pub fn languages(catalog: &Catalog, id: &str) -> Vec<Language> {
    catalog
        .team(id)
        .map_or_else(|| vec![Language::En], |t| t.profile.languages())
}

/// The surveys `team` owns, in id order.
fn surveys_of<'a>(catalog: &'a Catalog, team: &str) -> Vec<&'a std::sync::Arc<LoadedSurvey>> {
    let mut surveys: Vec<_> = catalog
        .surveys()
        .filter(|l| l.survey.owner == team && l.survey.status != crate::definitions::Status::Draft)
        .collect();
    surveys.sort_by(|a, b| a.survey.id.cmp(&b.survey.id));
    surveys
}

/// The statement of team `id` in `lang`, measured up to `now`; none for a team no survey
/// names, or in a language its file is not written in.
pub async fn team(
    db: &Db,
    catalog: &Catalog,
    site: &Site,
    id: &str,
    now: DateTime<Utc>,
    lang: Language,
) -> Result<Option<TeamStatement>, WorkspaceError> {
    let surveys = surveys_of(catalog, id);
    let offered = languages(catalog, id);
    if surveys.is_empty() || !offered.contains(&lang) {
        return Ok(None);
    }
    let file = catalog.team(id);
    let latest = Period::quarter_of(now).previous();
    let mut periods = vec![latest];
    while periods.len() < PERIODS {
        let earliest = periods.last().copied().unwrap_or(latest);
        periods.push(earliest.previous());
    }
    periods.reverse();
    let mut by_period: Vec<Vec<Facts>> = Vec::with_capacity(PERIODS);
    for p in &periods {
        let mut all = Vec::with_capacity(surveys.len());
        for loaded in &surveys {
            all.push(facts::read(db, loaded, *p, now).await?);
        }
        by_period.push(all);
    }
    let measured: Vec<Measures> = by_period.iter().map(|f| measure(f)).collect();
    let latest_facts = by_period.last().cloned().unwrap_or_default();
    let latest_measures = measured.last().cloned().unwrap_or_else(|| measure(&[]));
    let min_count = surveys
        .iter()
        .map(|l| u64::from(l.survey.publish.min_count))
        .max()
        .unwrap_or(5);
    let heard = heard(file, &periods, &measured, min_count, lang);
    let not_heard = match file {
        Some(team) => team
            .users
            .iter()
            .filter(|g| {
                measured.iter().all(|m| {
                    groups_heard(team, m)
                        .iter()
                        .all(|h| h.id != g.id || h.responses == 0)
                })
            })
            .map(|g| g.label.get(lang).to_owned())
            .collect(),
        None => Vec::new(),
    };
    let uses = uses::tables(file, &surveys, &by_period, min_count, lang);
    let mut listed = Vec::new();
    let mut actions = Vec::new();
    let mut gaps = Vec::new();
    let marked = crate::workspace::needs::gaps(db).await?;
    let today = now.date_naive();
    for loaded in &surveys {
        let survey = &loaded.survey;
        gaps.extend(gaps_of(db, loaded, &marked, lang).await?);
        let publication = latest_period(db, &survey.id)
            .await?
            .map(|p| site.period(&survey.id, p));
        listed.push(ListedSurvey {
            id: survey.id.clone(),
            title: survey.title.get(lang).to_owned(),
            open: survey.is_open_on(today),
            url: site.survey(&survey.id),
            latest_publication: publication.clone(),
        });
        for a in action::Entity::find()
            .filter(action::Column::SurveyId.eq(&survey.id))
            .filter(action::Column::IsPublic.eq(true))
            .order_by_desc(action::Column::UpdatedAt)
            .all(db.conn())
            .await?
        {
            let Ok(status) = a.status.parse::<Status>() else {
                continue;
            };
            actions.push(DoneAction {
                title: a.title,
                status,
                reason: a.reason.filter(|_| status == Status::CannotDo),
                publication: publication.clone(),
            });
        }
    }
    let profile = file.map(|t| &t.profile);
    Ok(Some(TeamStatement {
        lang,
        language: lang.code(),
        languages: offered.iter().map(|l| l.code()).collect(),
        id: id.to_owned(),
        name: profile.map_or_else(|| id.to_owned(), |p| p.name.get(lang).to_owned()),
        statement: profile
            .and_then(|p| p.statement.as_ref())
            .map(|s| s.get(lang).to_owned()),
        contact: profile.and_then(|p| p.contact.clone()),
        period: latest.to_string(),
        period_label: latest.label_in(lang),
        surveys: listed,
        heard,
        not_heard,
        uses,
        engagement: file.map_or_else(Vec::new, |t| {
            t.engagement
                .iter()
                .map(|e| Way {
                    name: e.name.get(lang).to_owned(),
                    what: e.what.get(lang).to_owned(),
                    how_often: how_often(e.how_often, lang),
                    link: e.link.clone(),
                })
                .collect()
        }),
        involvement: match file {
            Some(team) => {
                let today = crate::uk_time::clock(now).date_naive();
                open_opportunities(db, site, (id, team), today, lang).await?
            }
            None => Vec::new(),
        },
        actions,
        gaps,
        aims: file.map_or_else(Vec::new, |t| {
            evaluate(t, &latest_facts, &latest_measures, lang)
        }),
        measures: latest_measures,
    }))
}

/// The themes of `loaded` among `marked` as gaps, by name, with their public actions.
async fn gaps_of(
    db: &Db,
    loaded: &LoadedSurvey,
    marked: &HashSet<Uuid>,
    lang: Language,
) -> Result<Vec<GapItem>, WorkspaceError> {
    let names = crate::workspace::themes::names(db, loaded).await?;
    let mut found: Vec<(&Uuid, &String)> =
        names.iter().filter(|(id, _)| marked.contains(id)).collect();
    if found.is_empty() {
        return Ok(Vec::new());
    }
    found.sort_by(|a, b| a.1.cmp(b.1));
    let actions = crate::workspace::actions::list(db, loaded).await?;
    Ok(found
        .into_iter()
        .map(|(id, name)| GapItem {
            theme: name.clone(),
            survey: loaded.survey.title.get(lang).to_owned(),
            answered_by: actions
                .iter()
                .filter(|a| a.public && a.themes.contains(id))
                .map(|a| a.title.clone())
                .collect(),
        })
        .collect())
}

/// The groups-by-period table, protected as a two-way table with its totals.
fn heard(
    team: Option<&Team>,
    periods: &[Period],
    measured: &[Measures],
    min_count: u64,
    lang: Language,
) -> Heard {
    let groups = team.map(|t| t.users.as_slice()).unwrap_or_default();
    let counts: Vec<Vec<u64>> = groups
        .iter()
        .map(|g| {
            measured
                .iter()
                .map(|m| g.answers.iter().filter_map(|a| m.by_user_type.get(a)).sum())
                .collect()
        })
        .collect();
    let protected = protect_two_way(&counts, min_count);
    Heard {
        periods: periods.iter().map(|p| p.label_in(lang)).collect(),
        rows: groups
            .iter()
            .zip(protected.cells)
            .zip(protected.row_totals)
            .map(|((g, cells), total)| HeardRow {
                group: g.id.clone(),
                label: g.label.get(lang).to_owned(),
                cells,
                total,
            })
            .collect(),
        period_totals: protected.col_totals,
        total: protected.total,
        min_count,
    }
}
