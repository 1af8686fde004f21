//! Themes joined up across teams: a theme linked to another as the same user need, and a
//! theme marked as a gap in the data. Links are stored once per pair; a need is every theme
//! reachable through links, named by its lowest theme id.

use super::WorkspaceError;
use super::problems::{Field, Problem, Problems};
use crate::audit;
use crate::definitions::{Catalog, LoadedSurvey};
use crate::storage::Db;
use crate::storage::entities::{theme, theme_gap, theme_link};
use chrono::Utc;
use sea_orm::ActiveValue::Set;
use sea_orm::{ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter};
use std::collections::{BTreeSet, HashMap, HashSet};
use uuid::Uuid;

/// Links `mine`, a theme of `loaded`, to `other`, any other theme of the organisation, as the
/// same user need; linking again is harmless. Audited.
pub async fn link(
    db: &Db,
    catalog: &Catalog,
    loaded: &LoadedSurvey,
    mine: Uuid,
    other: Uuid,
    actor: &str,
) -> Result<(), WorkspaceError> {
    let (mine_theme, other_theme) = pair(db, catalog, loaded, mine, other).await?;
    let (a, b) = if mine < other {
        (mine, other)
    } else {
        (other, mine)
    };
    let txn = db.begin_write().await?;
    theme_link::Entity::insert(theme_link::ActiveModel {
        theme_a: Set(a),
        theme_b: Set(b),
        linked_by: Set(actor.to_owned()),
        linked_at: Set(Utc::now()),
    })
    .on_conflict_do_nothing_on([theme_link::Column::ThemeA, theme_link::Column::ThemeB])
    .exec_without_returning(&txn)
    .await?;
    let detail = serde_json::json!({
        "survey": loaded.survey.id, "theme": mine_theme.name,
        "other_survey": other_theme.survey_id, "other_theme": other_theme.name,
    });
    audit::record(&txn, actor, "theme.link", detail).await?;
    txn.commit().await?;
    Ok(())
}

/// Removes the link between `mine` and `other`. Audited when there was one.
pub async fn unlink(
    db: &Db,
    catalog: &Catalog,
    loaded: &LoadedSurvey,
    mine: Uuid,
    other: Uuid,
    actor: &str,
) -> Result<(), WorkspaceError> {
    let (mine_theme, other_theme) = pair(db, catalog, loaded, mine, other).await?;
    let (a, b) = if mine < other {
        (mine, other)
    } else {
        (other, mine)
    };
    let txn = db.begin_write().await?;
    let removed = theme_link::Entity::delete_many()
        .filter(theme_link::Column::ThemeA.eq(a))
        .filter(theme_link::Column::ThemeB.eq(b))
        .exec(&txn)
        .await?;
    if removed.rows_affected > 0 {
        let detail = serde_json::json!({
            "survey": loaded.survey.id, "theme": mine_theme.name,
            "other_survey": other_theme.survey_id, "other_theme": other_theme.name,
        });
        audit::record(&txn, actor, "theme.unlink", detail).await?;
    }
    txn.commit().await?;
    Ok(())
}

/// The two themes of a link: `mine` of `loaded`, and `other` of any served survey.
async fn pair(
    db: &Db,
    catalog: &Catalog,
    loaded: &LoadedSurvey,
    mine: Uuid,
    other: Uuid,
) -> Result<(theme::Model, theme::Model), WorkspaceError> {
    let mine = super::themes::find(db, loaded, mine).await?;
    let refused = |message: &str| {
        WorkspaceError::Refused(Problems::from(Problem {
            field: Field::Theme,
            message: message.to_owned(),
        }))
    };
    if other == mine.id {
        return Err(refused(
            "Choose another theme: a theme is always its own need.",
        ));
    }
    let other = theme::Entity::find_by_id(other)
        .one(db.conn())
        .await?
        .filter(|t| catalog.get(&t.survey_id).is_some())
        .ok_or_else(|| refused("Choose a theme from the list again: that one no longer exists."))?;
    Ok((mine, other))
}

/// Every link, as pairs.
pub async fn links(db: &Db) -> Result<Vec<(Uuid, Uuid)>, WorkspaceError> {
    Ok(theme_link::Entity::find()
        .all(db.conn())
        .await?
        .into_iter()
        .map(|l| (l.theme_a, l.theme_b))
        .collect())
}

/// The need each linked theme stands for: the lowest id among the themes it is linked to,
/// directly or through others. A theme without links is its own need, and is left out.
pub fn needs(links: &[(Uuid, Uuid)]) -> HashMap<Uuid, Uuid> {
    let mut neighbours: HashMap<Uuid, Vec<Uuid>> = HashMap::new();
    for &(a, b) in links {
        neighbours.entry(a).or_default().push(b);
        neighbours.entry(b).or_default().push(a);
    }
    let mut need = HashMap::new();
    for &start in neighbours.keys() {
        if need.contains_key(&start) {
            continue;
        }
        let mut group = BTreeSet::from([start]);
        let mut todo = vec![start];
        while let Some(t) = todo.pop() {
            for n in neighbours.get(&t).into_iter().flatten() {
                if group.insert(*n) {
                    todo.push(*n);
                }
            }
        }
        let lowest = group.first().copied().unwrap_or(start);
        for t in group {
            need.insert(t, lowest);
        }
    }
    need
}

/// Marks a theme of `loaded` as a gap in the data users told us about, or unmarks it. Audited.
pub async fn set_gap(
    db: &Db,
    loaded: &LoadedSurvey,
    id: Uuid,
    gap: bool,
    actor: &str,
) -> Result<(), WorkspaceError> {
    let found = super::themes::find(db, loaded, id).await?;
    let txn = db.begin_write().await?;
    theme_gap::Entity::delete_by_id(id).exec(&txn).await?;
    if gap {
        theme_gap::Entity::insert(theme_gap::ActiveModel {
            theme_id: Set(id),
            marked_by: Set(actor.to_owned()),
            marked_at: Set(Utc::now()),
        })
        .exec_without_returning(&txn)
        .await?;
    }
    let detail = serde_json::json!({"survey": loaded.survey.id, "theme": found.name, "gap": gap});
    audit::record(&txn, actor, "theme.gap", detail).await?;
    txn.commit().await?;
    Ok(())
}

/// The themes marked as data gaps.
pub async fn gaps(db: &Db) -> Result<HashSet<Uuid>, WorkspaceError> {
    Ok(theme_gap::Entity::find()
        .all(db.conn())
        .await?
        .into_iter()
        .map(|g| g.theme_id)
        .collect())
}

/// Drops a theme's links and gap mark, inside the transaction that deletes it.
pub(super) async fn forget(conn: &impl ConnectionTrait, id: Uuid) -> Result<(), sea_orm::DbErr> {
    theme_link::Entity::delete_many()
        .filter(
            Condition::any()
                .add(theme_link::Column::ThemeA.eq(id))
                .add(theme_link::Column::ThemeB.eq(id)),
        )
        .exec(conn)
        .await?;
    theme_gap::Entity::delete_by_id(id).exec(conn).await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn themes_linked_through_another_are_one_need_named_by_the_lowest_id() {
        let ids: Vec<Uuid> = (0..5).map(|_| Uuid::now_v7()).collect();
        let need = needs(&[(ids[2], ids[1]), (ids[1], ids[0]), (ids[3], ids[4])]);
        assert_eq!(need[&ids[2]], ids[0]);
        assert_eq!(need[&ids[1]], ids[0]);
        assert_eq!(need[&ids[4]], ids[3]);
        assert_eq!(need.len(), 5);
    }
}
