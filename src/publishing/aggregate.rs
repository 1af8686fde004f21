//! The facts a period summary is built from, counted by the database: never by loading every
//! response. Counts here are raw; disclosure control is applied when they are published.

use crate::definitions::LoadedSurvey;
use crate::period::Period;
use crate::storage::Db;
use crate::storage::entities::{answer, answer_theme, response, theme};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ColumnTrait, EntityTrait, FromQueryResult, JoinType, QueryFilter, QuerySelect, RelationTrait,
};
use serde::Serialize;
use std::collections::BTreeMap;

/// How many answers gave one value to one question.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, FromQueryResult)]
pub struct Tally {
    pub question: String,
    pub value: String,
    pub count: i64,
}

/// The average of a rating or number question.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Mean {
    pub question: String,
    pub mean: f64,
    pub count: i64,
}

/// Everything counted for one period.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Facts {
    pub period: Period,
    /// Responses that count (status `ok`).
    pub responses: i64,
    /// Responses left out: marked spam, or suspected bots.
    pub excluded: i64,
    /// Counted responses in the periods before, oldest first.
    pub previous: Vec<(Period, i64)>,
    /// Per question and value, over counted responses (free text has no value and is left out).
    pub tallies: Vec<Tally>,
    /// Per rating or number question.
    pub means: Vec<Mean>,
    /// The same means for the period before, for the change.
    pub previous_means: Vec<Mean>,
    /// Comments tagged with each theme, by theme name.
    pub themes: BTreeMap<String, i64>,
}

#[derive(FromQueryResult)]
struct StatusCount {
    status: String,
    count: i64,
}

#[derive(FromQueryResult)]
struct MeanRow {
    question: String,
    mean: Option<f64>,
    count: i64,
}

async fn counts_by_status(
    db: &Db,
    survey: &str,
    period: Period,
) -> Result<(i64, i64), sea_orm::DbErr> {
    let (start, end) = period.bounds();
    let rows: Vec<StatusCount> = response::Entity::find()
        .select_only()
        .column(response::Column::Status)
        .column_as(Expr::col(response::Column::Id).count(), "count")
        .filter(response::Column::SurveyId.eq(survey))
        .filter(response::Column::SubmittedAt.gte(start))
        .filter(response::Column::SubmittedAt.lt(end))
        .group_by(response::Column::Status)
        .into_model()
        .all(db.conn())
        .await?;
    let counted = rows
        .iter()
        .filter(|r| r.status == "ok")
        .map(|r| r.count)
        .sum();
    let excluded = rows
        .iter()
        .filter(|r| r.status != "ok")
        .map(|r| r.count)
        .sum();
    Ok((counted, excluded))
}

async fn means(db: &Db, survey: &str, period: Period) -> Result<Vec<Mean>, sea_orm::DbErr> {
    let (start, end) = period.bounds();
    let rows: Vec<MeanRow> = answer::Entity::find()
        .select_only()
        .column(answer::Column::Question)
        .column_as(
            Expr::col((answer::Entity, answer::Column::Number)).avg(),
            "mean",
        )
        .column_as(
            Expr::col((answer::Entity, answer::Column::Number)).count(),
            "count",
        )
        .join(JoinType::InnerJoin, answer::Relation::Response.def())
        .filter(answer::Column::SurveyId.eq(survey))
        .filter(answer::Column::Number.is_not_null())
        .filter(response::Column::Status.eq("ok"))
        .filter(response::Column::SubmittedAt.gte(start))
        .filter(response::Column::SubmittedAt.lt(end))
        .group_by(answer::Column::Question)
        .into_model()
        .all(db.conn())
        .await?;
    Ok(rows
        .into_iter()
        .filter_map(|r| {
            Some(Mean {
                question: r.question,
                mean: r.mean?,
                count: r.count,
            })
        })
        .collect())
}

/// Counts `period` for `loaded`, with `history` periods before it for the trend.
pub async fn gather(
    db: &Db,
    loaded: &LoadedSurvey,
    period: Period,
    history: usize,
) -> Result<Facts, sea_orm::DbErr> {
    let survey = loaded.survey.id.as_str();
    let (responses, excluded) = counts_by_status(db, survey, period).await?;
    let mut previous = Vec::with_capacity(history);
    let mut p = period;
    for _ in 0..history {
        p = p.previous();
        previous.push((p, counts_by_status(db, survey, p).await?.0));
    }
    previous.reverse();

    let (start, end) = period.bounds();
    let tallies: Vec<Tally> = answer::Entity::find()
        .select_only()
        .column(answer::Column::Question)
        .column(answer::Column::Value)
        .column_as(
            Expr::col((answer::Entity, answer::Column::ResponseId)).count(),
            "count",
        )
        .join(JoinType::InnerJoin, answer::Relation::Response.def())
        .filter(answer::Column::SurveyId.eq(survey))
        .filter(answer::Column::Value.ne(""))
        .filter(response::Column::Status.eq("ok"))
        .filter(response::Column::SubmittedAt.gte(start))
        .filter(response::Column::SubmittedAt.lt(end))
        .group_by(answer::Column::Question)
        .group_by(answer::Column::Value)
        .into_model()
        .all(db.conn())
        .await?;

    let tagged: Vec<(String, i64)> = answer_theme::Entity::find()
        .select_only()
        .column(theme::Column::Name)
        .column_as(
            Expr::col((answer_theme::Entity, answer_theme::Column::ResponseId)).count(),
            "count",
        )
        .join(JoinType::InnerJoin, answer_theme::Relation::Response.def())
        .join(JoinType::InnerJoin, answer_theme::Relation::Theme.def())
        .filter(theme::Column::SurveyId.eq(survey))
        .filter(response::Column::Status.eq("ok"))
        .filter(response::Column::SubmittedAt.gte(start))
        .filter(response::Column::SubmittedAt.lt(end))
        .group_by(theme::Column::Name)
        .into_tuple()
        .all(db.conn())
        .await?;

    Ok(Facts {
        period,
        responses,
        excluded,
        previous,
        tallies,
        means: means(db, survey, period).await?,
        previous_means: means(db, survey, period.previous()).await?,
        themes: tagged.into_iter().collect(),
    })
}
