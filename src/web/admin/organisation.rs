//! `/admin/organisation`: every team's themes and the actions that answer them, for every
//! signed-in producer; search by words; for an editor's own themes, similar themes in other
//! teams, each a button away from being linked as the same user need.

use super::guard::Producer;
use super::{AdminError, Form, see_other, survey_for};
use crate::auth::Role;
use crate::web::page::render;
use crate::web::state::AppState;
use crate::workspace::needs;
use crate::workspace::organisation::{self, SharedTheme};
use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;
use serde::Deserialize;
use uuid::Uuid;

/// The search box.
#[derive(Debug, Default, Deserialize)]
pub struct Search {
    q: Option<String>,
}

/// A theme with what the viewer may do with it.
struct Row {
    theme: SharedTheme,
    /// The viewer may link it: an editor or above in its team.
    editable: bool,
    /// Names of the themes it is linked to, with their team.
    linked: Vec<(Uuid, String)>,
    similar: Vec<(Uuid, String)>,
}

#[derive(Template)]
#[template(path = "admin/organisation.html")]
struct Page<'a> {
    who: Option<&'a str>,
    csrf: &'a str,
    q: String,
    periods: Vec<String>,
    rows: Vec<Row>,
}

/// `GET /admin/organisation?q=words`
pub async fn show(
    state: web::Data<AppState>,
    producer: Producer,
    search: web::Query<Search>,
) -> Result<HttpResponse, AdminError> {
    let catalog = state.catalog.current();
    let periods = super::recent_quarters();
    let signed = |e: crate::workspace::WorkspaceError| AdminError::from(e).signed(&producer);
    let all = organisation::themes(&state.db, &catalog, &periods, None)
        .await
        .map_err(signed)?;
    let shown = organisation::themes(&state.db, &catalog, &periods, search.q.as_deref())
        .await
        .map_err(signed)?;
    let name_of = |id: &Uuid| {
        all.iter()
            .find(|t| t.id == *id)
            .map(|t| format!("{} ({}, {})", t.name, t.survey_title, t.team))
    };
    let mut rows = Vec::with_capacity(shown.len());
    for theme in shown {
        let editable = producer
            .principal
            .role_in(&theme.team)
            .is_some_and(|r| r >= Role::Editor);
        let similar = if editable {
            organisation::similar(&state.db, &all, &theme)
                .await
                .map_err(signed)?
                .into_iter()
                .filter(|(t, _)| !theme.same_need.contains(&t.id))
                .filter_map(|(t, _)| Some((t.id, name_of(&t.id)?)))
                .collect()
        } else {
            Vec::new()
        };
        let linked = theme
            .same_need
            .iter()
            .filter_map(|id| Some((*id, name_of(id)?)))
            .collect();
        rows.push(Row {
            theme,
            editable,
            linked,
            similar,
        });
    }
    let page = Page {
        who: Some(&producer.principal.actor),
        csrf: &producer.csrf,
        q: search.q.clone().unwrap_or_default(),
        periods: periods.iter().map(ToString::to_string).collect(),
        rows,
    };
    Ok(render(StatusCode::OK, &page))
}

/// `POST /admin/surveys/{id}/themes/{tid}/same-need`: link to (or with `remove=1` unlink
/// from) the theme `other`, then back to the organisation's list.
pub async fn same_need(
    state: web::Data<AppState>,
    producer: Producer,
    path: web::Path<(String, String)>,
    req: HttpRequest,
    body: web::Payload,
) -> Result<HttpResponse, AdminError> {
    let (id, tid) = path.into_inner();
    let form = Form::read(&req, &producer, body, 4_096).await?;
    let (loaded, _) = survey_for(&state, &producer, &id, Role::Editor)?;
    let tid = Uuid::parse_str(&tid).map_err(|_| AdminError::NotFound)?;
    let other = form.uuid("other")?;
    let catalog = state.catalog.current();
    let actor = &producer.principal.actor;
    let done = if form.get("remove") == Some("1") {
        needs::unlink(&state.db, &catalog, &loaded, tid, other, actor).await
    } else {
        needs::link(&state.db, &catalog, &loaded, tid, other, actor).await
    };
    done.map_err(|e| AdminError::from(e).signed(&producer))?;
    Ok(see_other(format!("/admin/organisation#theme-{tid}")))
}
