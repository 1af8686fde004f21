//! One organisation, one place to see the work: every team's themes with their comment counts
//! and the actions that answer them — never a response, a comment or a contact detail — with
//! search by words, and similar themes in other teams found from names and comment words.

use super::WorkspaceError;
use super::actions::Status;
use super::needs;
use super::suggest::content_words;
use super::themes::{self, PeriodCount};
use crate::definitions::{Catalog, Language};
use crate::period::Period;
use crate::storage::Db;
use crate::storage::entities::{action, action_link, answer, answer_theme};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{ColumnTrait, EntityTrait, JoinType, QueryFilter, QuerySelect, RelationTrait};
use serde::Serialize;
use std::collections::HashMap;
use uuid::Uuid;

/// An action as other teams see it: its status always, its words only when it is public.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct SharedAction {
    pub status: Status,
    /// The title and description, for public actions only.
    pub title: Option<String>,
    pub description: Option<String>,
}

/// A theme as the whole organisation sees it.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct SharedTheme {
    pub id: Uuid,
    pub name: String,
    pub survey: String,
    pub survey_title: String,
    pub team: String,
    /// Tagged comments per recent period, newest first.
    pub counts: Vec<PeriodCount>,
    pub total: u64,
    /// Marked as a gap in the data.
    pub gap: bool,
    /// The other themes linked to it as the same user need.
    pub same_need: Vec<Uuid>,
    pub actions: Vec<SharedAction>,
}

impl SharedTheme {
    /// Whether every word of `query` is in its name or its public actions' words.
    fn matches(&self, query: &str) -> bool {
        let mut text = self.name.to_lowercase();
        for a in &self.actions {
            for part in [&a.title, &a.description].into_iter().flatten() {
                text.push(' ');
                text.push_str(&part.to_lowercase());
            }
        }
        query
            .to_lowercase()
            .split_whitespace()
            .all(|word| text.contains(word))
    }
}

/// Every theme of every served survey, by team then survey then name; with `query`, only
/// those whose name or public actions hold all its words.
pub async fn themes(
    db: &Db,
    catalog: &Catalog,
    periods: &[Period],
    query: Option<&str>,
) -> Result<Vec<SharedTheme>, WorkspaceError> {
    let links = needs::links(db).await?;
    let gaps = needs::gaps(db).await?;
    let mut same: HashMap<Uuid, Vec<Uuid>> = HashMap::new();
    for (a, b) in links {
        same.entry(a).or_default().push(b);
        same.entry(b).or_default().push(a);
    }
    let mut out = Vec::new();
    let mut surveys: Vec<_> = catalog.surveys().collect();
    surveys.sort_by(|a, b| (&a.survey.owner, &a.survey.id).cmp(&(&b.survey.owner, &b.survey.id)));
    for loaded in surveys {
        let survey = &loaded.survey;
        let listed = themes::list(db, loaded, periods).await?;
        let actions = actions_by_theme(db, &survey.id).await?;
        for t in listed {
            out.push(SharedTheme {
                gap: gaps.contains(&t.id),
                same_need: same.remove(&t.id).unwrap_or_default(),
                actions: actions.get(&t.id).cloned().unwrap_or_default(),
                survey: survey.id.clone(),
                survey_title: survey.title.get(Language::En).to_owned(),
                team: survey.owner.clone(),
                id: t.id,
                name: t.name,
                counts: t.counts,
                total: t.total,
            });
        }
    }
    let query = query.map(str::trim).filter(|q| !q.is_empty());
    Ok(match query {
        Some(q) => out.into_iter().filter(|t| t.matches(q)).collect(),
        None => out,
    })
}

/// The actions of `survey` by the themes they are linked to.
async fn actions_by_theme(
    db: &Db,
    survey: &str,
) -> Result<HashMap<Uuid, Vec<SharedAction>>, WorkspaceError> {
    let actions = action::Entity::find()
        .filter(action::Column::SurveyId.eq(survey))
        .all(db.conn())
        .await?;
    let by_id: HashMap<Uuid, &action::Model> = actions.iter().map(|a| (a.id, a)).collect();
    let links = action_link::Entity::find()
        .filter(action_link::Column::ActionId.is_in(by_id.keys().copied().collect::<Vec<_>>()))
        .filter(action_link::Column::Kind.eq("theme"))
        .all(db.conn())
        .await?;
    let mut out: HashMap<Uuid, Vec<SharedAction>> = HashMap::new();
    for link in links {
        let (Ok(theme), Some(a)) = (link.target.parse::<Uuid>(), by_id.get(&link.action_id)) else {
            continue;
        };
        let Ok(status) = a.status.parse::<Status>() else {
            continue;
        };
        out.entry(theme).or_default().push(SharedAction {
            status,
            title: a.is_public.then(|| a.title.clone()),
            description: a.is_public.then(|| a.description.clone()),
        });
    }
    Ok(out)
}

/// Most comments per theme read for its words: enough to say what it is about.
const COMMENTS_PER_THEME: usize = 200;

/// A theme's words: its name's (counted three times) and its comments'.
async fn words(db: &Db, theme: &SharedTheme) -> Result<HashMap<String, f64>, WorkspaceError> {
    let mut bag: HashMap<String, f64> = HashMap::new();
    for w in content_words(&theme.name) {
        *bag.entry(w).or_insert(0.0) += 3.0;
    }
    let texts: Vec<Option<String>> = answer_theme::Entity::find()
        .select_only()
        .column(answer::Column::Text)
        .join(JoinType::InnerJoin, answer_theme::Relation::Response.def())
        .join_rev(JoinType::InnerJoin, answer::Relation::Response.def())
        .filter(answer_theme::Column::ThemeId.eq(theme.id))
        .filter(
            Expr::col((answer::Entity, answer::Column::Question)).eq(Expr::col((
                answer_theme::Entity,
                answer_theme::Column::Question,
            ))),
        )
        .filter(answer::Column::Text.is_not_null())
        .limit(COMMENTS_PER_THEME as u64)
        .into_tuple()
        .all(db.conn())
        .await?;
    for text in texts.into_iter().flatten() {
        for w in content_words(&text) {
            *bag.entry(w).or_insert(0.0) += 1.0;
        }
    }
    Ok(bag)
}

/// How alike two bags of words are: the cosine of their counts, from 0 to 1.
fn cosine(a: &HashMap<String, f64>, b: &HashMap<String, f64>) -> f64 {
    let dot: f64 = a.iter().filter_map(|(w, x)| b.get(w).map(|y| x * y)).sum();
    let norm = |m: &HashMap<String, f64>| m.values().map(|x| x * x).sum::<f64>().sqrt();
    let (na, nb) = (norm(a), norm(b));
    if na == 0.0 || nb == 0.0 {
        0.0
    } else {
        dot / (na * nb)
    }
}

/// Least likeness for a theme to be offered as similar.
const SIMILAR_ENOUGH: f64 = 0.2;
/// Most similar themes offered for one theme.
const MOST_SIMILAR: usize = 3;

/// For `mine`, the themes of other teams most like it, best first, with their likeness.
pub async fn similar(
    db: &Db,
    all: &[SharedTheme],
    mine: &SharedTheme,
) -> Result<Vec<(SharedTheme, f64)>, WorkspaceError> {
    let own = words(db, mine).await?;
    let mut scored = Vec::new();
    for other in all.iter().filter(|t| t.team != mine.team) {
        let score = cosine(&own, &words(db, other).await?);
        if score >= SIMILAR_ENOUGH {
            scored.push((other.clone(), score));
        }
    }
    scored.sort_by(|a, b| b.1.total_cmp(&a.1));
    scored.truncate(MOST_SIMILAR);
    Ok(scored)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bag(words: &[(&str, f64)]) -> HashMap<String, f64> {
        words.iter().map(|(w, n)| ((*w).to_owned(), *n)).collect()
    }

    #[test]
    fn alike_words_score_high_and_nothing_shared_scores_nothing() {
        let a = bag(&[("download", 3.0), ("csv", 2.0)]);
        let b = bag(&[("download", 1.0), ("csv", 1.0), ("tables", 1.0)]);
        let c = bag(&[("maps", 1.0)]);
        assert!(cosine(&a, &b) > 0.7);
        assert_eq!(cosine(&a, &c), 0.0);
        assert_eq!(cosine(&a, &HashMap::new()), 0.0);
    }
}
