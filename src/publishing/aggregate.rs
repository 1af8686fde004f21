//! The facts a period summary is built from, counted by the database (daily rollups plus the
//! hours not yet rolled up), never by loading every response. Counts here are raw; disclosure
//! control is applied when they are published.

use crate::counts::{self as rollup, Counts};
use crate::definitions::LoadedSurvey;
use crate::period::Period;
use crate::storage::Db;
use crate::storage::entities::{answer_theme, response, theme};
use crate::workspace::page_feedback::{self, PageFeedback};
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
    /// The period before's tallies, to tell whether its mean may be compared with.
    pub previous_tallies: Vec<Tally>,
    /// Comments tagged with each theme, by theme name.
    pub themes: BTreeMap<String, i64>,
    /// A page widget's answers by page; empty for other surveys.
    pub pages: Vec<PageFeedback>,
}

fn split(counts: &Counts) -> (i64, i64) {
    let counted = counts.statuses.get("ok").copied().unwrap_or(0);
    let all = counts
        .statuses
        .values()
        .fold(0, |all, &n| i64::saturating_add(all, n));
    (counted, all.saturating_sub(counted))
}

fn means(counts: &Counts) -> Vec<Mean> {
    let mut by_question: BTreeMap<&str, (f64, i64)> = BTreeMap::new();
    for ((question, _), t) in &counts.tallies {
        if t.number_count > 0 {
            let entry = by_question.entry(question.as_str()).or_default();
            entry.0 += t.number_sum;
            entry.1 = entry.1.saturating_add(t.number_count);
        }
    }
    by_question
        .into_iter()
        .map(|(question, (sum, count))| Mean {
            question: question.to_owned(),
            mean: sum / count as f64,
            count,
        })
        .collect()
}

fn tallies_of(counts: &Counts) -> Vec<Tally> {
    counts
        .tallies
        .iter()
        .map(|((question, value), t)| Tally {
            question: question.clone(),
            value: value.clone(),
            count: t.answers,
        })
        .collect()
}

/// Counts `period` for `loaded`, with `history` periods before it for the trend.
pub async fn gather(
    db: &Db,
    loaded: &LoadedSurvey,
    period: Period,
    history: usize,
) -> Result<Facts, sea_orm::DbErr> {
    let survey = loaded.survey.id.as_str();
    let now = chrono::Utc::now();
    let this = rollup::counts(db, survey, period, now).await?;
    let (responses, excluded) = split(&this);
    let before = rollup::counts(db, survey, period.previous(), now).await?;
    let mut previous = Vec::with_capacity(history);
    let mut p = period;
    for i in 0..history {
        p = p.previous();
        let counted = if i == 0 {
            split(&before).0
        } else {
            split(&rollup::counts(db, survey, p, now).await?).0
        };
        previous.push((p, counted));
    }
    previous.reverse();
    let tallies = tallies_of(&this);

    let (start, end) = period.bounds();
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
        .filter(response::Column::Status.eq(response::ResponseStatus::Ok.as_str()))
        .filter(response::Column::SubmittedAt.gte(start))
        .filter(response::Column::SubmittedAt.lt(end))
        .group_by(theme::Column::Name)
        .into_tuple()
        .all(db.conn())
        .await?;

    let pages = match &loaded.survey.widget {
        Some(widget) => page_feedback::count(db, loaded, widget, period).await?,
        None => Vec::new(),
    };
    Ok(Facts {
        pages,
        period,
        responses,
        excluded,
        previous,
        tallies,
        means: means(&this),
        previous_means: means(&before),
        previous_tallies: tallies_of(&before),
        themes: tagged.into_iter().collect(),
    })
}
