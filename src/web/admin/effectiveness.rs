//! `/admin/effectiveness`: how well a team, or the organisation, closes the loop — each
//! measure over the last four periods as a table, the main ones as charts, and each survey's
//! figures for the period; the same report as CSV.

use super::AdminError;
use super::form_errors::FormErrors;
use super::guard::Producer;
use crate::engagement::aims::{AimResult, GroupHeard};
use crate::engagement::ask::{scope_and_period, teams_of};
use crate::engagement::figures::{self, Figure};
use crate::engagement::{Report, Scope, report};
use crate::publishing::render::chart::{self, Chart};
use crate::web::page::render;
use crate::web::state::AppState;
use crate::workspace::WorkspaceError;
use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use askama::Template;
use serde::Deserialize;

/// What the page's form asks for.
#[derive(Debug, Default, Deserialize)]
pub struct Asked {
    team: Option<String>,
    period: Option<String>,
}

/// One measure across the trend's periods.
struct Line {
    label: &'static str,
    values: Vec<String>,
}

/// One survey's figures for the period.
struct SurveyLine {
    id: String,
    title: String,
    values: Vec<String>,
}

#[derive(Template)]
#[template(path = "admin/effectiveness.html")]
struct Page<'a> {
    who: Option<&'a str>,
    csrf: &'a str,
    heading: String,
    teams: Vec<String>,
    team: String,
    period: String,
    errors: FormErrors,
    periods: Vec<String>,
    labels: Vec<&'static str>,
    lines: Vec<Line>,
    surveys: Vec<SurveyLine>,
    charts: Vec<Chart>,
    query: String,
    groups: Vec<GroupHeard>,
    aims: Vec<AimResult>,
}

fn texts(figures: &[Figure]) -> Vec<String> {
    figures.iter().map(Figure::text).collect()
}

/// The measures charted by period, by name, with their titles.
const CHARTED: [(&str, &str); 3] = [
    ("responses", "Responses by period"),
    ("coded_share", "Comments coded into a theme, by period"),
    (
        "themes_with_action_share",
        "Themes with comments that have an action, by period",
    ),
];

fn charts(report: &Report) -> Vec<Chart> {
    CHARTED
        .iter()
        .map(|(name, title)| {
            let values = report
                .trend
                .iter()
                .map(|t| {
                    let figures = t.measures.figures();
                    let figure = figures.iter().find(|f| f.name == *name);
                    let text = figure.map_or_else(|| "–".to_owned(), Figure::text);
                    (t.period.label(), figure.and_then(|f| f.value), text)
                })
                .collect();
            chart::chart(format!("chart-{name}"), (*title).to_owned(), values)
        })
        .collect()
}

fn non_blank(period: &Option<String>) -> Option<&str> {
    period.as_deref().filter(|p| !p.trim().is_empty())
}

/// The scope and period asked for, as `show` and `csv` both read them.
fn asked_for(
    producer: &Producer,
    catalog: &crate::definitions::Catalog,
    asked: &Asked,
    period: Option<&str>,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<(Scope, crate::period::Period), WorkspaceError> {
    scope_and_period(
        &producer.principal,
        catalog,
        asked.team.as_deref(),
        period,
        now,
    )
}

/// `GET /admin/effectiveness?team=T&period=P`
pub async fn show(
    state: web::Data<AppState>,
    producer: Producer,
    asked: web::Query<Asked>,
) -> Result<HttpResponse, AdminError> {
    let catalog = state.catalog.current();
    let now = chrono::Utc::now();
    let principal = &producer.principal;
    let (status, scope, period, errors) =
        // The form sends a cleared period as blank: the default, not a mistake.
        match asked_for(&producer, &catalog, &asked, non_blank(&asked.period), now) {
            Ok((scope, period)) => (StatusCode::OK, scope, period, FormErrors::default()),
            // A period that cannot be read is shown beside its field, with the last quarter meanwhile.
            Err(WorkspaceError::Refused(problems)) => {
                let (scope, period) = asked_for(&producer, &catalog, &asked, None, now)
                    .map_err(|e| AdminError::from(e).signed(&producer))?;
                let errors = FormErrors::new(problems, |f| f.name().to_owned());
                (StatusCode::UNPROCESSABLE_ENTITY, scope, period, errors)
            }
            Err(e) => return Err(AdminError::from(e).signed(&producer)),
        };
    let report = report(&state.db, &catalog, scope, period, now)
        .await
        .map_err(|e| AdminError::from(e).signed(&producer))?;
    let team = match &report.scope {
        Scope::Team(t) => t.clone(),
        Scope::Organisation => String::new(),
    };
    let heading = match &report.scope {
        Scope::Team(t) => format!("How well {t} closes the loop, {}", period.label()),
        Scope::Organisation => format!(
            "How well the organisation closes the loop, {}",
            period.label()
        ),
    };
    let columns: Vec<Vec<Figure>> = report.trend.iter().map(|t| t.measures.figures()).collect();
    let labels: Vec<&'static str> = report
        .measures
        .figures()
        .iter()
        .map(Figure::label)
        .collect();
    let lines = labels
        .iter()
        .enumerate()
        .map(|(i, label)| Line {
            label,
            values: columns
                .iter()
                .map(|c| c.get(i).map(Figure::text).unwrap_or_default())
                .collect(),
        })
        .collect();
    let page = Page {
        who: Some(&principal.actor),
        csrf: &producer.csrf,
        heading,
        teams: teams_of(principal, &catalog),
        query: format!(
            "team={}&period={period}",
            crate::web::page::path_segment(&team)
        ),
        team,
        period: asked
            .period
            .clone()
            .filter(|_| errors.is_empty())
            .unwrap_or_else(|| period.to_string()),
        periods: report.trend.iter().map(|t| t.period.to_string()).collect(),
        labels,
        lines,
        surveys: report
            .surveys
            .iter()
            .map(|s| SurveyLine {
                id: s.id.clone(),
                title: s.title.clone(),
                values: texts(&s.measures.figures()),
            })
            .collect(),
        charts: charts(&report),
        groups: report.groups.clone(),
        aims: report.aims.clone(),
        errors,
    };
    Ok(render(status, &page))
}

/// `GET /admin/effectiveness.csv?team=T&period=P`
pub async fn csv(
    state: web::Data<AppState>,
    producer: Producer,
    asked: web::Query<Asked>,
) -> Result<HttpResponse, AdminError> {
    let catalog = state.catalog.current();
    let now = chrono::Utc::now();
    let (scope, period) = asked_for(&producer, &catalog, &asked, non_blank(&asked.period), now)
        .map_err(|e| AdminError::from(e).signed(&producer))?;
    let report = report(&state.db, &catalog, scope, period, now)
        .await
        .map_err(|e| AdminError::from(e).signed(&producer))?;
    let body = figures::csv(&report)
        .map_err(|e| AdminError::from(WorkspaceError::Corrupt(e.to_string())))?;
    Ok(HttpResponse::Ok()
        .content_type("text/csv; charset=utf-8")
        .insert_header((
            "Content-Disposition",
            format!("attachment; filename=\"effectiveness-{period}.csv\""),
        ))
        .body(body))
}
