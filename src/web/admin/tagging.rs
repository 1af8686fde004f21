//! Tagging comments with themes in the browser: one comment from its response's page, or
//! every comment selected on a list of responses at once.

use super::guard::Producer;
use super::responses::{Picker, filter_from, list_location, list_page, one_page, response_id};
use super::{AdminError, Form, see_other, survey_for};
use crate::auth::Role;
use crate::web::state::AppState;
use crate::workspace::WorkspaceError;
use crate::workspace::problems::{Field, Problem, Problems};
use crate::workspace::tagging::{self, Comment};
use actix_web::{HttpRequest, HttpResponse, web};
use uuid::Uuid;

/// The theme a form chose; the "Choose a theme" placeholder is none.
fn chosen_theme(form: &Form) -> Option<Uuid> {
    form.get("theme").and_then(|v| Uuid::parse_str(v).ok())
}

/// `POST /admin/surveys/{id}/responses/{rid}/tags`: add, or with `remove=1` remove, a tag;
/// with `then=next`, go on to the next untagged response.
pub async fn one(
    state: web::Data<AppState>,
    producer: Producer,
    path: web::Path<(String, String)>,
    req: HttpRequest,
    body: web::Payload,
) -> Result<HttpResponse, AdminError> {
    let (id, rid) = path.into_inner();
    let form = Form::read(&req, &producer, body, 4_096).await?;
    let (loaded, role) = survey_for(&state, &producer, &id, Role::Editor)?;
    let rid = response_id(&rid)?;
    let question = form.get("question").unwrap_or_default();
    let here = format!("/admin/surveys/{id}/responses/{rid}");
    let comment = Comment {
        response: rid,
        question: question.to_owned(),
    };
    let actor = &producer.principal.actor;
    if form.get("remove") == Some("1") {
        tagging::untag(&state.db, &loaded, &comment, form.uuid("theme")?, actor).await?;
        return Ok(see_other(here));
    }
    let tagged = match chosen_theme(&form) {
        Some(theme) => tagging::tag(&state.db, &loaded, &comment, theme, actor).await,
        None => Err(Problems::from(Problem {
            field: Field::Theme,
            message: "Choose a theme to tag this comment with.".to_owned(),
        })
        .into()),
    };
    match tagged {
        Ok(()) => {}
        Err(WorkspaceError::Refused(problems)) => {
            return one_page(&state, &producer, &loaded, role, rid, question, problems)
                .await
                .map_err(|e| e.signed(&producer));
        }
        // The theme was deleted or merged since the page was loaded: choose again.
        Err(WorkspaceError::NotFound) => {
            let problems = Problems::from(Problem {
                field: Field::Theme,
                message: "Choose a theme from the list again: that one no longer exists."
                    .to_owned(),
            });
            return one_page(&state, &producer, &loaded, role, rid, question, problems)
                .await
                .map_err(|e| e.signed(&producer));
        }
        Err(e) => return Err(e.into()),
    };
    if form.get("then") == Some("next") {
        let next = tagging::next_untagged(&state.db, &loaded, rid).await?;
        return Ok(see_other(match next {
            Some(next) => format!("/admin/surveys/{id}/responses/{next}"),
            None => format!("/admin/surveys/{id}/responses"),
        }));
    }
    Ok(see_other(here))
}

/// `POST /admin/surveys/{id}/tags`: one theme on every selected comment, then back to the
/// list as it was.
pub async fn many(
    state: web::Data<AppState>,
    producer: Producer,
    id: web::Path<String>,
    req: HttpRequest,
    body: web::Payload,
) -> Result<HttpResponse, AdminError> {
    let form = Form::read(&req, &producer, body, 65_536).await?;
    let (loaded, role) = survey_for(&state, &producer, &id, Role::Editor)?;
    let filter = filter_from(form.get("back").unwrap_or_default());
    let selected = form.all("comments");
    let mut comments = Vec::new();
    let mut unreadable = false;
    for value in &selected {
        match value
            .split_once('/')
            .and_then(|(r, q)| Some((Uuid::parse_str(r).ok()?, q)))
        {
            Some((response, question)) => comments.push(Comment {
                response,
                question: question.to_owned(),
            }),
            None => unreadable = true,
        }
    }
    let tagged = if unreadable {
        Err(Problems::from(Problem {
            field: Field::Comments,
            message: "Select comments from the list.".to_owned(),
        })
        .into())
    } else {
        tagging::tag_many(
            &state.db,
            &loaded,
            &comments,
            chosen_theme(&form),
            &producer.principal.actor,
        )
        .await
    };
    match tagged {
        Ok(tagged) => Ok(see_other(list_location(&id, &filter, tagged))),
        Err(WorkspaceError::Refused(problems)) => {
            let picker = Picker {
                selected: selected.into_iter().map(str::to_owned).collect(),
                theme: form.get("theme").unwrap_or_default().to_owned(),
                problems,
            };
            list_page(&state, &producer, &loaded, role, filter, picker, None)
                .await
                .map_err(|e| e.signed(&producer))
        }
        Err(e) => Err(e.into()),
    }
}
