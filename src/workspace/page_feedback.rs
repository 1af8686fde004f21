//! Which pages fail their readers: a widget survey's answers counted per page it sat on, so a
//! team sees the share answering "yes", how many answered, and how many said what they were
//! trying to do.

use super::WorkspaceError;
use crate::definitions::{LoadedSurvey, Widget};
use crate::period::Period;
use crate::storage::Db;
use crate::storage::entities::response::ResponseStatus;
use crate::storage::entities::{answer, response};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ColumnTrait, EntityTrait, FromQueryResult, JoinType, QueryFilter, QuerySelect, RelationTrait,
};
use serde::Serialize;

/// One page's counted answers in the period.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct PageFeedback {
    /// Origin and path, as recorded; none for answers given away from any page.
    pub page: Option<String>,
    pub yes: u64,
    pub no: u64,
    /// Answers to the widget's free-text question.
    pub comments: u64,
}

impl PageFeedback {
    /// The share of yes or no answers that said yes; none of none.
    pub fn share_yes(&self) -> Option<f64> {
        let answered = self.yes.saturating_add(self.no);
        (answered > 0).then(|| self.yes as f64 / answered as f64)
    }
}

/// How the table is ordered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Order {
    /// The smallest share of "yes" first: the pages failing most.
    #[default]
    Failing,
    /// The most yes-or-no answers first.
    Answers,
    /// The most comments first.
    Comments,
    /// By address.
    Page,
}

impl Order {
    /// Every order with its name in a query string.
    pub const ALL: [(Order, &'static str); 4] = [
        (Order::Failing, "failing"),
        (Order::Answers, "answers"),
        (Order::Comments, "comments"),
        (Order::Page, "page"),
    ];

    /// The order named `name`; the default for anything else.
    pub fn named(name: Option<&str>) -> Self {
        Self::ALL
            .into_iter()
            .find(|(_, n)| Some(*n) == name)
            .map_or_else(Order::default, |(o, _)| o)
    }

    /// Its name in a query string.
    pub fn name(self) -> &'static str {
        Self::ALL
            .into_iter()
            .find(|(o, _)| *o == self)
            .map_or("failing", |(_, n)| n)
    }
}

#[derive(FromQueryResult)]
struct Row {
    page: Option<String>,
    yes: i64,
    no: i64,
    comments: i64,
}

/// Each page's counted answers to `widget`'s questions in `period`, in `order`.
pub async fn per_page(
    db: &Db,
    loaded: &LoadedSurvey,
    widget: &Widget,
    period: Period,
    order: Order,
) -> Result<Vec<PageFeedback>, WorkspaceError> {
    let mut pages = count(db, loaded, widget, period).await?;
    let answered = |p: &PageFeedback| p.yes.saturating_add(p.no);
    match order {
        // Pages nobody answered yes or no on go last; ties by most answers.
        Order::Failing => pages.sort_by(|a, b| {
            let share = |p: &PageFeedback| p.share_yes().unwrap_or(f64::INFINITY);
            share(a)
                .total_cmp(&share(b))
                .then(answered(b).cmp(&answered(a)))
        }),
        Order::Answers => pages.sort_by_key(|p| std::cmp::Reverse(answered(p))),
        Order::Comments => pages.sort_by_key(|p| std::cmp::Reverse(p.comments)),
        Order::Page => pages.sort_by(|a, b| a.page.cmp(&b.page)),
    }
    Ok(pages)
}

/// Each page's counted answers to `widget`'s questions in `period`, by page.
pub async fn count(
    db: &Db,
    loaded: &LoadedSurvey,
    widget: &Widget,
    period: Period,
) -> Result<Vec<PageFeedback>, sea_orm::DbErr> {
    let (start, end) = period.bounds();
    let sum_of = |value: &str| {
        Expr::cust(format!(
            "CAST(SUM(CASE WHEN answers.value = '{value}' THEN 1 ELSE 0 END) AS BIGINT)"
        ))
    };
    // Only the widget's two questions are read, and only the yes/no one has "yes" or "no"
    // values; only the free-text one has text.
    let rows: Vec<Row> = response::Entity::find()
        .select_only()
        .column(response::Column::Page)
        .column_as(sum_of("yes"), "yes")
        .column_as(sum_of("no"), "no")
        .column_as(
            Expr::col((answer::Entity, answer::Column::Text)).count(),
            "comments",
        )
        .join_rev(JoinType::InnerJoin, answer::Relation::Response.def())
        .filter(response::Column::SurveyId.eq(&loaded.survey.id))
        .filter(response::Column::Status.eq(ResponseStatus::Ok.as_str()))
        .filter(response::Column::SubmittedAt.gte(start))
        .filter(response::Column::SubmittedAt.lt(end))
        .filter(answer::Column::Question.is_in([&widget.useful, &widget.comment]))
        .group_by(response::Column::Page)
        .into_model()
        .all(db.conn())
        .await?;
    let n = |n: i64| u64::try_from(n).unwrap_or(0);
    Ok(rows
        .into_iter()
        .map(|r| PageFeedback {
            page: r.page,
            yes: n(r.yes),
            no: n(r.no),
            comments: n(r.comments),
        })
        .collect())
}
