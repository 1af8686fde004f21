//! Counting a filter's responses for the list's total. A filter of one answer, tag or search
//! alone is counted from that table's own index: counted through the responses, it would
//! visit every match (a quarter of a million for one user type at a million responses).

use super::{Filter, blank, exact};
use crate::definitions::LoadedSurvey;
use crate::storage::Db;
use crate::storage::entities::{answer, answer_theme, response, theme};
use crate::workspace::WorkspaceError;
use crate::workspace::search::Search;
use sea_orm::sea_query::{Expr, ExprTrait, Query};
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QuerySelect, Select,
};

/// The one condition a filter asks for, when it asks for one only.
enum Alone<'a> {
    UserType(&'a str),
    Question(&'a str),
    Theme(&'a str),
    Words(&'a str),
}

impl Filter {
    fn alone(&self) -> Option<Alone<'_>> {
        let narrowed = [&self.period, &self.status, &self.on_page];
        if narrowed.iter().any(|f| exact(f).is_some()) || self.has_nul() {
            return None;
        }
        let mut set = [
            blank(&self.user_type).map(Alone::UserType),
            blank(&self.question).map(Alone::Question),
            exact(&self.theme).map(Alone::Theme),
            blank(&self.q).map(Alone::Words),
        ]
        .into_iter()
        .flatten();
        match (set.next(), set.next()) {
            (Some(one), None) => Some(one),
            _ => None,
        }
    }

    /// How many responses `select` (this filter's query, from [`Filter::select`]) finds.
    pub async fn total(
        &self,
        db: &Db,
        loaded: &LoadedSurvey,
        select: Select<response::Entity>,
    ) -> Result<u64, WorkspaceError> {
        let survey = loaded.survey.id.as_str();
        let answers = || answer::Entity::find().filter(answer::Column::SurveyId.eq(survey));
        let n: Option<i64> = match self.alone() {
            None => return Ok(select.count(db.conn()).await?),
            // A response has one answer per value at most: its rows are its respondents.
            Some(Alone::UserType(value)) => {
                let question = loaded.survey.user_types.clone().unwrap_or_default();
                answers()
                    .select_only()
                    .column_as(Expr::col(answer::Column::Question).count(), "n")
                    .filter(answer::Column::Question.eq(question))
                    .filter(answer::Column::Value.eq(value))
                    .into_tuple()
                    .one(db.conn())
                    .await?
            }
            Some(Alone::Question(question)) => {
                answers()
                    .select_only()
                    .column_as(Expr::cust("COUNT(DISTINCT response_id)"), "n")
                    .filter(answer::Column::Question.eq(question))
                    .into_tuple()
                    .one(db.conn())
                    .await?
            }
            Some(Alone::Theme(theme)) => {
                let of_survey = Query::select()
                    .column(theme::Column::Id)
                    .from(theme::Entity)
                    .and_where(theme::Column::SurveyId.eq(survey))
                    .to_owned();
                answer_theme::Entity::find()
                    .select_only()
                    .column_as(Expr::cust("COUNT(DISTINCT response_id)"), "n")
                    .filter(answer_theme::Column::ThemeId.eq(Self::theme_id(theme)?))
                    .filter(answer_theme::Column::ThemeId.in_subquery(of_survey))
                    .into_tuple()
                    .one(db.conn())
                    .await?
            }
            Some(Alone::Words(words)) => {
                let search = Search::parse(words);
                if search.is_empty() {
                    return Ok(0);
                }
                db.conn()
                    .query_one_raw(search.count(db.backend(), survey))
                    .await?
                    .map(|row| row.try_get::<i64>("", "n"))
                    .transpose()?
            }
        };
        Ok(n.map_or(0, |n| u64::try_from(n).unwrap_or(0)))
    }
}
