//! Coding comments at the speed of reading: one theme on many comments at once, and the next
//! response nobody has tagged yet.

use super::WorkspaceError;
use super::problems::{Field, Problem, Problems};
use crate::audit;
use crate::definitions::LoadedSurvey;
use crate::storage::Db;
use crate::storage::entities::{answer, answer_theme, response, theme};
use sea_orm::sea_query::{Expr, ExprTrait, IntoIden};
use sea_orm::{
    ColumnTrait, Condition, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect,
};
use std::collections::HashSet;
use uuid::Uuid;

/// One free-text answer: the response and the question it answers.
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize)]
pub struct Comment {
    pub response: Uuid,
    pub question: String,
}

/// The most comments one request tags: two pages of responses with a few comments each.
pub const MAX_COMMENTS: usize = 500;

fn refused(field: Field, message: &str) -> WorkspaceError {
    Problems::from(Problem {
        field,
        message: message.to_owned(),
    })
    .into()
}

/// The audit entry of tagging `comments` with `theme`, one comment or many alike.
pub fn audit_detail(loaded: &LoadedSurvey, theme: &str, comments: &[Comment]) -> serde_json::Value {
    serde_json::json!({"survey": loaded.survey.id, "theme": theme, "comments": comments})
}

/// Tags a response's free-text answer with a theme (again is harmless), audited in the same
/// transaction, whichever door it came through.
pub async fn tag(
    db: &Db,
    loaded: &LoadedSurvey,
    comment: &Comment,
    theme_id: Uuid,
    actor: &str,
) -> Result<(), WorkspaceError> {
    let found = super::themes::find(db, loaded, theme_id).await?;
    let question = comment.question.as_str();
    let no_comment = || {
        refused(
            Field::Question,
            &format!("Choose a comment to tag: this response has none for `{question}`."),
        )
    };
    // No stored question id holds a NUL, and PostgreSQL refuses one in a query.
    if question.contains('\0') {
        return Err(no_comment());
    }
    let txn = db.begin_write().await?;
    let has_text = answer::Entity::find()
        .filter(answer::Column::ResponseId.eq(comment.response))
        .filter(answer::Column::SurveyId.eq(&loaded.survey.id))
        .filter(answer::Column::Question.eq(question))
        .filter(answer::Column::Text.is_not_null())
        .count(&txn)
        .await?;
    if has_text == 0 {
        return Err(no_comment());
    }
    super::themes::insert_tags(&txn, [(comment.response, question.to_owned())], found.id).await?;
    let detail = audit_detail(loaded, &found.name, std::slice::from_ref(comment));
    audit::record(&txn, actor, "response.tag", detail).await?;
    txn.commit().await?;
    Ok(())
}

/// Removes one tag, audited in the same transaction.
pub async fn untag(
    db: &Db,
    loaded: &LoadedSurvey,
    comment: &Comment,
    theme_id: Uuid,
    actor: &str,
) -> Result<(), WorkspaceError> {
    let found = super::themes::find(db, loaded, theme_id).await?;
    if comment.question.contains('\0') {
        return Ok(());
    }
    let txn = db.begin_write().await?;
    let removed = answer_theme::Entity::delete_many()
        .filter(answer_theme::Column::ResponseId.eq(comment.response))
        .filter(answer_theme::Column::Question.eq(&comment.question))
        .filter(answer_theme::Column::ThemeId.eq(found.id))
        .exec(&txn)
        .await?;
    if removed.rows_affected > 0 {
        let detail = audit_detail(loaded, &found.name, std::slice::from_ref(comment));
        audit::record(&txn, actor, "response.untag", detail).await?;
    }
    txn.commit().await?;
    Ok(())
}

/// Tags every one of `comments` with `theme_id` in one transaction, audited as one entry;
/// tags already there are kept. Returns how many comments were given.
pub async fn tag_many(
    db: &Db,
    loaded: &LoadedSurvey,
    comments: &[Comment],
    theme_id: Option<Uuid>,
    actor: &str,
) -> Result<usize, WorkspaceError> {
    let mut problems = Problems::default();
    if comments.is_empty() {
        problems.push(Field::Comments, "Select at least one comment to tag.");
    } else if comments.len() > MAX_COMMENTS {
        problems.push(
            Field::Comments,
            format!("Select {MAX_COMMENTS} comments or fewer, then tag the rest."),
        );
    }
    let found = match theme_id {
        Some(id) => {
            theme::Entity::find_by_id(id)
                .filter(theme::Column::SurveyId.eq(&loaded.survey.id))
                .one(db.conn())
                .await?
        }
        None => None,
    };
    if found.is_none() {
        problems.push(
            Field::Theme,
            "Choose a theme to tag the selected comments with.",
        );
    }
    let (Some(found), true) = (found, problems.is_empty()) else {
        return Err(problems.into());
    };
    // No stored question id holds a NUL, and PostgreSQL refuses one in a query.
    if comments.iter().any(|c| c.question.contains('\0')) {
        return Err(refused(Field::Comments, "Select comments from the list."));
    }
    let wanted: HashSet<&Comment> = comments.iter().collect();
    let ids: Vec<Uuid> = comments.iter().map(|c| c.response).collect();
    let txn = db.begin_write().await?;
    let with_text: Vec<(Uuid, String)> = answer::Entity::find()
        .select_only()
        .column(answer::Column::ResponseId)
        .column(answer::Column::Question)
        .filter(answer::Column::SurveyId.eq(&loaded.survey.id))
        .filter(answer::Column::ResponseId.is_in(ids))
        .filter(answer::Column::Text.is_not_null())
        .into_tuple()
        .all(&txn)
        .await?;
    let present: HashSet<Comment> = with_text
        .into_iter()
        .map(|(response, question)| Comment { response, question })
        .collect();
    if wanted.iter().any(|c| !present.contains(*c)) {
        return Err(refused(
            Field::Comments,
            "Select comments from the list again: one of them is no longer there.",
        ));
    }
    let rows = wanted.iter().map(|c| (c.response, c.question.clone()));
    super::themes::insert_tags(&txn, rows, found.id).await?;
    audit::record(
        &txn,
        actor,
        "response.tag",
        audit_detail(loaded, &found.name, comments),
    )
    .await?;
    txn.commit().await?;
    Ok(wanted.len())
}

/// The next response after `after`, in the list's order (newest first), that has a comment
/// and no theme yet; spam and suspected bots are left out.
pub async fn next_untagged(
    db: &Db,
    loaded: &LoadedSurvey,
    after: Uuid,
) -> Result<Option<Uuid>, WorkspaceError> {
    let current = response::Entity::find_by_id(after)
        .filter(response::Column::SurveyId.eq(&loaded.survey.id))
        .one(db.conn())
        .await?
        .ok_or(WorkspaceError::NotFound)?;
    // Correlated, so the database walks the list from `after` and stops at the first match
    // instead of first collecting every commented and every tagged response.
    use super::filter::of_this_response;
    let commented = Expr::exists(
        of_this_response(
            answer::Entity.into_iden(),
            answer::Column::ResponseId.into_iden(),
        )
        .and_where(answer::Column::Text.is_not_null())
        .to_owned(),
    );
    let tagged = Expr::exists(of_this_response(
        answer_theme::Entity.into_iden(),
        answer_theme::Column::ResponseId.into_iden(),
    ));
    let later_in_list = Condition::any()
        .add(response::Column::SubmittedAt.lt(current.submitted_at))
        .add(
            Condition::all()
                .add(response::Column::SubmittedAt.eq(current.submitted_at))
                .add(response::Column::Id.lt(current.id)),
        );
    Ok(response::Entity::find()
        .select_only()
        .column(response::Column::Id)
        .filter(response::Column::SurveyId.eq(&loaded.survey.id))
        .filter(response::Column::Status.eq(response::ResponseStatus::Ok.as_str()))
        .filter(later_in_list)
        .filter(commented)
        .filter(tagged.not())
        .order_by_desc(response::Column::SubmittedAt)
        .order_by_desc(response::Column::Id)
        .into_tuple()
        .one(db.conn())
        .await?)
}
