//! `/admin/get-involved`: each of the producer's teams' opportunities with how many have a
//! place, wait or cancelled; for editors, who registered (without their addresses), and the
//! CSV with addresses, which is audited.

use super::AdminError;
use super::guard::Producer;
use crate::auth::Role;
use crate::definitions::{Language, Opportunity, Team};
use crate::involvement;
use crate::storage::entities::registration;
use crate::web::page::{path_segment, render};
use crate::web::state::AppState;
use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use askama::Template;

/// One opportunity with its counts.
struct Row {
    team: String,
    title: String,
    closes: String,
    capacity: u32,
    counts: involvement::Counts,
    /// The registrations page, for editors.
    href: Option<String>,
}

#[derive(Template)]
#[template(path = "admin/involvement.html")]
struct ListPage<'a> {
    who: Option<&'a str>,
    csrf: &'a str,
    rows: Vec<Row>,
}

/// One registration, without its address.
struct Shown {
    at: String,
    place: String,
    user_type: String,
    topics: String,
    access_needs: String,
}

#[derive(Template)]
#[template(path = "admin/registrations.html")]
struct RegistrationsPage<'a> {
    who: Option<&'a str>,
    csrf: &'a str,
    title: String,
    team: String,
    counts: involvement::Counts,
    capacity: u32,
    rows: Vec<Shown>,
    csv: String,
}

/// `GET /admin/get-involved`
pub async fn list(
    state: web::Data<AppState>,
    producer: Producer,
) -> Result<HttpResponse, AdminError> {
    let catalog = state.catalog.current();
    let mut rows = Vec::new();
    for (id, team) in catalog.teams() {
        let Some(role) = producer.principal.role_in(id) else {
            continue;
        };
        for o in &team.opportunities {
            let counts = involvement::counts(&state.db, id, &o.id)
                .await
                .map_err(|e| AdminError::from(e).signed(&producer))?;
            rows.push(Row {
                team: team.profile.name.get(Language::En).to_owned(),
                title: o.title.get(Language::En).to_owned(),
                closes: o.closes_on.format("%-d %B %Y").to_string(),
                capacity: o.capacity,
                counts,
                href: (role >= Role::Editor).then(|| {
                    format!(
                        "/admin/get-involved/{}/{}",
                        path_segment(id),
                        path_segment(&o.id)
                    )
                }),
            });
        }
    }
    let page = ListPage {
        who: Some(&producer.principal.actor),
        csrf: &producer.csrf,
        rows,
    };
    Ok(render(StatusCode::OK, &page))
}

/// The team and opportunity, for an editor of the team.
fn editable<'c>(
    catalog: &'c crate::definitions::Catalog,
    producer: &Producer,
    team_id: &str,
    id: &str,
) -> Result<(&'c Team, &'c Opportunity), AdminError> {
    let role = producer
        .principal
        .role_in(team_id)
        .ok_or_else(|| AdminError::NotFound.signed(producer))?;
    let team = catalog
        .team(team_id)
        .ok_or_else(|| AdminError::NotFound.signed(producer))?;
    let o = team
        .opportunities
        .iter()
        .find(|o| o.id == id)
        .ok_or_else(|| AdminError::NotFound.signed(producer))?;
    if role < Role::Editor {
        return Err(AdminError::Forbidden.signed(producer));
    }
    Ok((team, o))
}

/// The team, the opportunity and its registrations, for an editor of the team.
async fn registered<'c>(
    state: &AppState,
    catalog: &'c crate::definitions::Catalog,
    producer: &Producer,
    (team_id, id): (&str, &str),
) -> Result<(&'c Team, &'c Opportunity, Vec<registration::Model>), AdminError> {
    let (team, o) = editable(catalog, producer, team_id, id)?;
    let rows = involvement::list(&state.db, team_id, id)
        .await
        .map_err(|e| AdminError::from(e).signed(producer))?;
    Ok((team, o, rows))
}

/// `GET /admin/get-involved/{team}/{id}`
pub async fn registrations(
    state: web::Data<AppState>,
    producer: Producer,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, AdminError> {
    let (team_id, id) = path.into_inner();
    let catalog = state.catalog.current();
    let (team, o, rows) = registered(&state, &catalog, &producer, (&team_id, &id)).await?;
    let counts = involvement::counts(&state.db, &team_id, &id)
        .await
        .map_err(|e| AdminError::from(e).signed(&producer))?;
    let page = RegistrationsPage {
        who: Some(&producer.principal.actor),
        csrf: &producer.csrf,
        title: o.title.get(Language::En).to_owned(),
        team: team.profile.name.get(Language::En).to_owned(),
        counts,
        capacity: o.capacity,
        rows: rows
            .into_iter()
            .map(|r| Shown {
                at: r.created_at.format("%Y-%m-%d %H:%M UTC").to_string(),
                place: r.place,
                user_type: involvement::user_type_label(team, &r.user_type, Language::En),
                topics: r.topics.unwrap_or_default(),
                access_needs: r.access_needs.unwrap_or_default(),
            })
            .collect(),
        csv: format!(
            "/admin/get-involved/{}/{}/registrations.csv",
            path_segment(&team_id),
            path_segment(&id)
        ),
    };
    Ok(render(StatusCode::OK, &page))
}

/// `GET /admin/get-involved/{team}/{id}/registrations.csv`: with addresses, so audited.
pub async fn export(
    state: web::Data<AppState>,
    producer: Producer,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, AdminError> {
    let (team_id, id) = path.into_inner();
    let catalog = state.catalog.current();
    let (team, _, rows) = registered(&state, &catalog, &producer, (&team_id, &id)).await?;
    let signed = |e: crate::workspace::WorkspaceError| AdminError::from(e).signed(&producer);
    let body = involvement::csv(team, &rows).map_err(|e| {
        signed(crate::workspace::WorkspaceError::Corrupt(format!(
            "registrations CSV: {e}"
        )))
    })?;
    crate::audit::record(
        state.db.conn(),
        &producer.principal.actor,
        "registrations.export",
        serde_json::json!({"team": team_id, "opportunity": id, "rows": rows.len()}),
    )
    .await
    .map_err(|e| signed(e.into()))?;
    Ok(HttpResponse::Ok()
        .content_type("text/csv; charset=utf-8")
        .insert_header((
            "Content-Disposition",
            format!("attachment; filename=\"{id}-registrations.csv\""),
        ))
        .body(body))
}
