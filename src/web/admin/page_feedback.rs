//! `GET /admin/surveys/{id}/pages`: a page widget's answers per page, sortable, so a team sees
//! which of its publication pages fail their readers.

use super::guard::Producer;
use super::{AdminError, survey_for};
use crate::auth::Role;
use crate::definitions::Language;
use crate::period::Period;
use crate::web::page::render;
use crate::web::state::AppState;
use crate::workspace::page_feedback::{self, Order};
use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use askama::Template;
use serde::Deserialize;

/// A column heading, a link that sorts by it.
struct Column {
    label: &'static str,
    sort: &'static str,
    numeric: bool,
    sorted: bool,
    direction: &'static str,
}

/// One page's row, ready to show.
struct Row {
    page: Option<String>,
    share: String,
    yes: u64,
    no: u64,
    comments: u64,
    comments_href: String,
}

#[derive(Template)]
#[template(path = "admin/pages.html")]
struct PagesPage<'a> {
    who: Option<&'a str>,
    csrf: &'a str,
    survey_id: &'a str,
    survey_title: &'a str,
    tab: &'a str,
    useful_label: &'a str,
    comment_label: &'a str,
    period: String,
    periods: Vec<String>,
    order: &'static str,
    sorted_by: &'static str,
    columns: Vec<Column>,
    rows: Vec<Row>,
}

/// Query of the page.
#[derive(Deserialize)]
pub struct PagesQuery {
    period: Option<String>,
    sort: Option<String>,
}

/// `GET /admin/surveys/{id}/pages`
pub async fn show(
    state: web::Data<AppState>,
    producer: Producer,
    id: web::Path<String>,
    query: web::Query<PagesQuery>,
) -> Result<HttpResponse, AdminError> {
    let (loaded, _) = survey_for(&state, &producer, &id, Role::Viewer)?;
    let survey = &loaded.survey;
    let widget = survey
        .widget
        .as_ref()
        .ok_or_else(|| AdminError::NotFound.signed(&producer))?;
    let mut recent = vec![Period::containing(survey.publish.every, chrono::Utc::now())];
    for _ in 0..3 {
        if let Some(last) = recent.last() {
            recent.push(last.previous());
        }
    }
    // Any period may be asked for by address; an unreadable one is the current period.
    let period = query
        .period
        .as_deref()
        .and_then(|p| p.parse::<Period>().ok())
        .unwrap_or(recent[0]);
    let order = Order::named(query.sort.as_deref());
    let pages = page_feedback::per_page(&state.db, &loaded, widget, period, order)
        .await
        .map_err(|e| AdminError::from(e).signed(&producer))?;
    let label = |q: &str| survey.question(q).map_or("", |q| q.label.get(Language::En));
    let columns = [
        ("Page", Order::Page, false, "ascending"),
        ("Answering yes", Order::Failing, true, "ascending"),
        ("Yes", Order::Answers, true, "descending"),
        ("No", Order::Answers, true, "descending"),
        ("Comments", Order::Comments, true, "descending"),
    ]
    .into_iter()
    .map(|(label, sort, numeric, direction)| Column {
        label,
        sort: sort.name(),
        numeric,
        // "Yes" and "No" both sort by answers; the first of them carries the mark.
        sorted: sort == order && !(label == "No" && order == Order::Answers),
        direction,
    })
    .collect();
    let rows = pages
        .into_iter()
        .map(|p| {
            let mut href = form_urlencoded::Serializer::new(String::new());
            href.append_pair("period", &period.to_string());
            href.append_pair("question", &widget.comment);
            href.append_pair("status", "ok");
            if let Some(page) = &p.page {
                href.append_pair("on_page", page);
            }
            Row {
                share: p
                    .share_yes()
                    .map_or_else(|| "–".to_owned(), |s| format!("{:.0}%", s * 100.0)),
                yes: p.yes,
                no: p.no,
                comments: p.comments,
                comments_href: format!("/admin/surveys/{}/responses?{}", survey.id, href.finish()),
                page: p.page,
            }
        })
        .collect();
    let page = PagesPage {
        who: Some(&producer.principal.actor),
        csrf: &producer.csrf,
        survey_id: &survey.id,
        survey_title: survey.title.get(Language::En),
        tab: "responses",
        useful_label: label(&widget.useful),
        comment_label: label(&widget.comment),
        period: period.to_string(),
        periods: recent.iter().map(ToString::to_string).collect(),
        order: order.name(),
        sorted_by: match order {
            Order::Failing => "the smallest share answering yes first",
            Order::Answers => "the most answered first",
            Order::Comments => "the most comments first",
            Order::Page => "by address",
        },
        columns,
        rows,
    };
    Ok(render(StatusCode::OK, &page))
}
