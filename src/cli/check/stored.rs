//! The versions a database holds answers to, for `check` to compare definitions with.
//!
//! Only reads. A SQLite file that does not exist is never created: `check` says so and goes on.

use crate::definitions::Answered;
use crate::storage::entities::{answer, response, survey_version};
use crate::storage::{ConnectError, Db};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{ColumnTrait, DbErr, EntityTrait, QueryFilter, QueryOrder, QuerySelect};

/// The last version of one survey that responses answered, and the answers stored for it.
pub struct LastAnswered {
    pub version: String,
    pub yaml: String,
    pub answered: Answered,
}

/// Why the database was not used.
#[derive(Debug, thiserror::Error)]
pub enum StoredError {
    #[error("the SQLite file {0} does not exist, so nothing stored was compared")]
    NoFile(String),
    #[error("{}: {source}", crate::storage::redacted(url))]
    Connect {
        #[source]
        source: ConnectError,
        url: String,
    },
    #[error("cannot read the stored versions: {0}")]
    Query(#[source] DbErr),
}

/// Opens the database `url` names, when it exists.
pub async fn open(url: &str) -> Result<Db, StoredError> {
    let url = match url.strip_prefix("sqlite://") {
        Some(path) => {
            let file = path.split('?').next().unwrap_or(path);
            if !std::path::Path::new(file).is_file() {
                return Err(StoredError::NoFile(file.to_owned()));
            }
            // `rw`, not the service's `rwc`: never create a database here.
            match (path.contains("mode="), path.contains('?')) {
                (true, _) => format!("sqlite://{path}"),
                (false, true) => format!("sqlite://{path}&mode=rw"),
                (false, false) => format!("sqlite://{path}?mode=rw"),
            }
        }
        None => url.to_owned(),
    };
    Db::connect(&url)
        .await
        .map_err(|source| StoredError::Connect {
            source,
            url: url.clone(),
        })
}

/// The last version of `survey_id` with responses, or `None` when nobody has answered it.
pub async fn last_answered(db: &Db, survey_id: &str) -> Result<Option<LastAnswered>, StoredError> {
    let conn = db.conn();
    let answered_versions: Vec<String> = response::Entity::find()
        .select_only()
        .column(response::Column::Version)
        .distinct()
        .filter(response::Column::SurveyId.eq(survey_id))
        .into_tuple()
        .all(conn)
        .await
        .map_err(StoredError::Query)?;
    let Some(last) = survey_version::Entity::find()
        .filter(survey_version::Column::SurveyId.eq(survey_id))
        .filter(survey_version::Column::Version.is_in(answered_versions))
        .order_by_desc(survey_version::Column::FirstSeenAt)
        .one(conn)
        .await
        .map_err(StoredError::Query)?
    else {
        return Ok(None);
    };
    let by_question: Vec<(String, i64)> = answer::Entity::find()
        .select_only()
        .column(answer::Column::Question)
        .column_as(Expr::col(answer::Column::ResponseId).count_distinct(), "n")
        .filter(answer::Column::SurveyId.eq(survey_id))
        .group_by(answer::Column::Question)
        .into_tuple()
        .all(conn)
        .await
        .map_err(StoredError::Query)?;
    let by_value: Vec<(String, String, i64)> = answer::Entity::find()
        .select_only()
        .column(answer::Column::Question)
        .column(answer::Column::Value)
        .column_as(Expr::col(answer::Column::ResponseId).count(), "n")
        .filter(answer::Column::SurveyId.eq(survey_id))
        .group_by(answer::Column::Question)
        .group_by(answer::Column::Value)
        .into_tuple()
        .all(conn)
        .await
        .map_err(StoredError::Query)?;
    let count = |n: i64| u64::try_from(n).unwrap_or(0);
    Ok(Some(LastAnswered {
        version: last.version,
        yaml: last.yaml,
        answered: Answered::new(
            by_question.into_iter().map(|(q, n)| (q, count(n))),
            by_value.into_iter().map(|(q, v, n)| (q, v, count(n))),
        ),
    }))
}
