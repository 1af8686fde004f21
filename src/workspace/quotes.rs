//! Quotes for publication: a producer picks a comment (or an "Other" answer's words), sees it with personal details removed,
//! may shorten or further anonymise it, and approves it. Only approved text is ever published.

use super::WorkspaceError;
use crate::definitions::{Language, LoadedSurvey};
use crate::period::Period;
use crate::quotes::{Quote, redact};
use crate::storage::Db;
use crate::storage::entities::{answer, quote, response};
use chrono::Utc;
use sea_orm::ActiveValue::Set;
use sea_orm::sea_query::OnConflict;
use sea_orm::{
    ColumnTrait, EntityTrait, JoinType, QueryFilter, QueryOrder, QuerySelect, RelationTrait,
};
use serde::Serialize;
use std::collections::HashMap;
use uuid::Uuid;

/// Longest quote published, in characters: a summary quotes, it does not reprint.
const MAX_LEN: usize = 600;

/// A chosen quote as the workspace shows it.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct QuoteView {
    pub id: Uuid,
    pub response_id: Uuid,
    pub question: String,
    /// The comment as the respondent wrote it (only producers see this).
    pub original: String,
    /// What will be published.
    pub text: String,
    /// `pending` or `approved`.
    pub state: String,
    pub submitted_at: chrono::DateTime<Utc>,
}

fn known(loaded: &LoadedSurvey, question: &str) -> Result<(), WorkspaceError> {
    loaded
        .survey
        .question(question)
        .map(|_| ())
        .ok_or(WorkspaceError::NotFound)
}

fn cleaned(text: &str) -> Result<String, WorkspaceError> {
    let text = redact(text.trim()).text;
    if text.is_empty() {
        return Err(WorkspaceError::Invalid(
            "Write the text to publish: a quote cannot be empty.".to_owned(),
        ));
    }
    if text.chars().count() > MAX_LEN {
        return Err(WorkspaceError::Invalid(format!(
            "Shorten the quote: it can be at most {MAX_LEN} characters."
        )));
    }
    Ok(text)
}

/// Chooses the answer to `question` in response `response_id` as a quote, redacted and pending
/// review. Choosing it again changes nothing.
pub async fn select(
    db: &Db,
    loaded: &LoadedSurvey,
    response_id: Uuid,
    question: &str,
    actor: &str,
) -> Result<Uuid, WorkspaceError> {
    known(loaded, question)?;
    let survey = loaded.survey.id.as_str();
    let original = answer::Entity::find()
        .filter(answer::Column::ResponseId.eq(response_id))
        .filter(answer::Column::SurveyId.eq(survey))
        .filter(answer::Column::Question.eq(question))
        .filter(answer::Column::Text.is_not_null())
        .one(db.conn())
        .await?
        .and_then(|a| a.text)
        .ok_or_else(|| {
            WorkspaceError::Invalid(format!(
                "Choose an answer with words in it: the answer to “{}” has none to quote.",
                loaded
                    .survey
                    .question(question)
                    .map_or(question, |q| q.label.get(crate::definitions::Language::En))
            ))
        })?;
    let mut text = redact(original.trim()).text;
    if text.chars().count() > MAX_LEN {
        text = text.chars().take(MAX_LEN - 1).collect::<String>() + "…";
    }
    quote::Entity::insert(quote::ActiveModel {
        id: Set(Uuid::now_v7()),
        survey_id: Set(survey.to_owned()),
        response_id: Set(response_id),
        question: Set(question.to_owned()),
        text: Set(text),
        state: Set("pending".to_owned()),
        selected_by: Set(actor.to_owned()),
        selected_at: Set(Utc::now()),
        approved_by: Set(None),
    })
    .on_conflict(
        OnConflict::columns([quote::Column::ResponseId, quote::Column::Question])
            .do_nothing()
            .to_owned(),
    )
    .exec_without_returning(db.conn())
    .await?;
    let chosen = quote::Entity::find()
        .filter(quote::Column::ResponseId.eq(response_id))
        .filter(quote::Column::Question.eq(question))
        .one(db.conn())
        .await?
        .ok_or(WorkspaceError::NotFound)?;
    Ok(chosen.id)
}

/// Saves the producer's wording (redacted again) and, with `approve`, approves it.
pub async fn review(
    db: &Db,
    survey: &str,
    id: Uuid,
    text: &str,
    approve: bool,
    actor: &str,
) -> Result<(), WorkspaceError> {
    let text = cleaned(text)?;
    let result = quote::Entity::update_many()
        .set(quote::ActiveModel {
            text: Set(text),
            state: Set(if approve { "approved" } else { "pending" }.to_owned()),
            approved_by: Set(approve.then(|| actor.to_owned())),
            ..Default::default()
        })
        .filter(quote::Column::Id.eq(id))
        .filter(quote::Column::SurveyId.eq(survey))
        .exec(db.conn())
        .await?;
    if result.rows_affected == 0 {
        return Err(WorkspaceError::NotFound);
    }
    Ok(())
}

/// Drops a quote from publication (the comment itself stays).
pub async fn remove(db: &Db, survey: &str, id: Uuid) -> Result<(), WorkspaceError> {
    let result = quote::Entity::delete_many()
        .filter(quote::Column::Id.eq(id))
        .filter(quote::Column::SurveyId.eq(survey))
        .exec(db.conn())
        .await?;
    if result.rows_affected == 0 {
        return Err(WorkspaceError::NotFound);
    }
    Ok(())
}

/// Every chosen quote of a survey, newest response first.
pub async fn list(db: &Db, loaded: &LoadedSurvey) -> Result<Vec<QuoteView>, WorkspaceError> {
    let rows: Vec<(quote::Model, Option<response::Model>)> = quote::Entity::find()
        .find_also_related(response::Entity)
        .filter(quote::Column::SurveyId.eq(&loaded.survey.id))
        .order_by_desc(quote::Column::SelectedAt)
        .all(db.conn())
        .await?;
    // Every original text in one query, not one per quote.
    let originals: HashMap<(Uuid, String), String> = answer::Entity::find()
        .filter(answer::Column::ResponseId.is_in(rows.iter().map(|(q, _)| q.response_id)))
        .filter(answer::Column::Text.is_not_null())
        .all(db.conn())
        .await?
        .into_iter()
        .filter_map(|a| Some(((a.response_id, a.question), a.text?)))
        .collect();
    let mut views = Vec::with_capacity(rows.len());
    for (q, r) in rows {
        let Some(r) = r else { continue };
        let original = originals
            .get(&(q.response_id, q.question.clone()))
            .cloned()
            .unwrap_or_default();
        views.push(QuoteView {
            id: q.id,
            response_id: q.response_id,
            question: q.question,
            original,
            text: q.text,
            state: q.state,
            submitted_at: r.submitted_at,
        });
    }
    Ok(views)
}

/// Approved quotes from counted responses submitted in `period`, oldest first.
pub async fn for_period(
    db: &Db,
    loaded: &LoadedSurvey,
    period: Period,
) -> Result<Vec<Quote>, WorkspaceError> {
    let (start, end) = period.bounds();
    let rows: Vec<quote::Model> = quote::Entity::find()
        .join(JoinType::InnerJoin, quote::Relation::Response.def())
        .filter(quote::Column::SurveyId.eq(&loaded.survey.id))
        .filter(quote::Column::State.eq("approved"))
        .filter(response::Column::Status.eq(response::ResponseStatus::Ok.as_str()))
        .filter(response::Column::SubmittedAt.gte(start))
        .filter(response::Column::SubmittedAt.lt(end))
        .order_by_asc(response::Column::SubmittedAt)
        .all(db.conn())
        .await?;
    Ok(rows
        .into_iter()
        .map(|q| Quote {
            question: loaded.survey.question(&q.question).map_or_else(
                || q.question.clone(),
                |x| x.label.get(Language::En).to_owned(),
            ),
            text: q.text,
        })
        .collect())
}
