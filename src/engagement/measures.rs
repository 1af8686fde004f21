//! How well a team closes the loop, computed from facts read for each survey: pure arithmetic,
//! so the definitions in `docs/engagement.md` can be checked line by line against this file.

use super::facts::{ActionFact, Facts, ThemeFact};
use crate::workspace::actions::Status;
use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;
use std::collections::BTreeMap;

/// A part of a whole, kept as both counts so a reader can check the share.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Share {
    pub part: u64,
    pub whole: u64,
}

impl Share {
    /// The share as a fraction from 0 to 1; none of nothing.
    pub fn fraction(self) -> Option<f64> {
        (self.whole > 0).then(|| self.part as f64 / self.whole as f64)
    }
}

/// Actions by where they stood at the end of the period.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct ActionCounts {
    /// Planned or in progress.
    pub open: u64,
    pub done: u64,
    pub cannot_do: u64,
}

/// Every measure for one period, of a survey, a team or the organisation.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct Measures {
    /// Responses that count (not spam, not suspected bots) submitted in the period.
    pub responses: u64,
    /// Responses that arrived through a link another user shared, of all of them.
    pub referred: Share,
    /// Free-text answers of those responses coded into at least one theme, of all of them.
    pub coded: Share,
    /// Themes with comments in the period that have a linked action, of all such themes.
    pub themes_with_action: Share,
    /// Median days from a theme's first comment to its first linked action, over the themes
    /// with comments in the period that have one.
    pub median_days_to_first_action: Option<f64>,
    /// Median days from an action's creation to its completion, over actions completed in
    /// the period.
    pub median_days_to_done: Option<f64>,
    /// Actions by status at the end of the period (now, for a running period).
    pub actions: ActionCounts,
    /// Days from the end of the period to the first publication of its summary; for a team
    /// or the organisation, the longest of its surveys'.
    pub days_to_publication: Option<i64>,
    /// Responses by the answer to each survey's `user_types` question (option value).
    pub by_user_type: BTreeMap<String, u64>,
}

/// The measures of the surveys whose facts are given, together: counts add up, medians are
/// taken over everything, and a theme linked across surveys is one need, counted once.
pub fn measure(facts: &[Facts]) -> Measures {
    let responses = facts.iter().map(|f| f.responses).sum();
    let coded = Share {
        part: facts.iter().map(|f| f.coded).sum(),
        whole: facts.iter().map(|f| f.comments).sum(),
    };
    let themes = needs(facts);
    let with_comments: Vec<&ThemeFact> = themes.iter().filter(|t| t.in_period > 0).collect();
    let answered: Vec<f64> = with_comments
        .iter()
        .filter_map(|t| Some(days(t.first_comment?, t.first_action?).max(0.0)))
        .collect();
    let themes_with_action = Share {
        part: with_comments
            .iter()
            .filter(|t| t.first_action.is_some())
            .count() as u64,
        whole: with_comments.len() as u64,
    };
    let actions: Vec<&ActionFact> = facts.iter().flat_map(|f| &f.actions).collect();
    let done: Vec<f64> = actions
        .iter()
        .filter(|a| a.done_in_period)
        .filter_map(|a| Some(day_count(a.created_at.date_naive(), a.done_on?) as f64))
        .map(|d| d.max(0.0))
        .collect();
    let mut counts = ActionCounts::default();
    for a in &actions {
        match a.status_at_end {
            Some(Status::Planned | Status::InProgress) => {
                counts.open = counts.open.saturating_add(1)
            }
            Some(Status::Done) => counts.done = counts.done.saturating_add(1),
            Some(Status::CannotDo) => counts.cannot_do = counts.cannot_do.saturating_add(1),
            None => {}
        }
    }
    let mut by_user_type = BTreeMap::new();
    for f in facts {
        for (value, n) in &f.by_user_type {
            let total = by_user_type.entry(value.clone()).or_insert(0u64);
            *total = total.saturating_add(*n);
        }
    }
    Measures {
        responses,
        referred: Share {
            part: facts.iter().map(|f| f.referred).sum(),
            whole: responses,
        },
        coded,
        themes_with_action,
        median_days_to_first_action: median(answered),
        median_days_to_done: median(done),
        actions: counts,
        days_to_publication: facts.iter().filter_map(|f| f.days_to_publication).max(),
        by_user_type,
    }
}

/// Themes as user needs: a theme linked to others as the same need appears once, with the
/// earliest first comment and first action of the group and their comments together; in the
/// order each need was first met.
pub fn needs(facts: &[Facts]) -> Vec<ThemeFact> {
    let mut merged: Vec<ThemeFact> = Vec::new();
    let earliest = |a: Option<DateTime<Utc>>, b: Option<DateTime<Utc>>| match (a, b) {
        (Some(a), Some(b)) => Some(Ord::min(a, b)),
        (a, b) => a.or(b),
    };
    for t in facts.iter().flat_map(|f| &f.themes) {
        match merged.iter_mut().find(|m| m.need == t.need) {
            Some(m) => {
                m.in_period = m.in_period.saturating_add(t.in_period);
                m.first_comment = earliest(m.first_comment, t.first_comment);
                m.first_action = earliest(m.first_action, t.first_action);
            }
            None => merged.push(t.clone()),
        }
    }
    merged
}

/// Days between two moments, as a fraction.
fn days(from: DateTime<Utc>, to: DateTime<Utc>) -> f64 {
    to.signed_duration_since(from).num_seconds() as f64 / 86_400.0
}

/// Whole days from one date to another.
pub fn day_count(from: NaiveDate, to: NaiveDate) -> i64 {
    to.signed_duration_since(from).num_days()
}

/// The median, or none of nothing.
fn median(mut values: Vec<f64>) -> Option<f64> {
    values.sort_by(f64::total_cmp);
    let n = values.len();
    let mid = n / 2;
    match n {
        0 => None,
        _ if n % 2 == 1 => values.get(mid).copied(),
        _ => Some((values.get(mid.checked_sub(1)?)? + values.get(mid)?) / 2.0),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use uuid::Uuid;

    fn at(day: u32) -> DateTime<Utc> {
        NaiveDate::from_ymd_opt(2026, 1, day)
            .unwrap()
            .and_hms_opt(12, 0, 0)
            .unwrap()
            .and_utc()
    }

    fn theme(in_period: u64, first: u32, action: Option<u32>) -> ThemeFact {
        let id = Uuid::now_v7();
        ThemeFact {
            id,
            need: id,
            in_period,
            first_comment: Some(at(first)),
            first_action: action.map(at),
        }
    }

    #[test]
    fn the_median_of_an_even_count_is_the_mean_of_the_middle_two() {
        assert_eq!(median(vec![]), None);
        assert_eq!(median(vec![3.0]), Some(3.0));
        assert_eq!(median(vec![9.0, 1.0, 4.0, 2.0]), Some(3.0));
    }

    #[test]
    fn only_themes_with_comments_in_the_period_count_and_a_shared_need_counts_once() {
        let mut shared = theme(2, 1, None);
        let mut twin = theme(5, 3, None);
        twin.need = shared.id;
        shared.need = shared.id;
        let facts = Facts {
            themes: vec![
                theme(3, 1, Some(11)),
                theme(1, 2, Some(5)),
                theme(0, 1, Some(2)),
                shared,
            ],
            ..Facts::default()
        };
        let other = Facts {
            themes: vec![twin],
            ..Facts::default()
        };
        let m = measure(&[facts, other]);
        assert_eq!(
            m.themes_with_action,
            Share { part: 2, whole: 3 },
            "the theme without comments in the period is left out; the twin is the same need"
        );
        assert_eq!(m.median_days_to_first_action, Some(6.5));
    }

    #[test]
    fn actions_are_counted_by_their_status_at_the_end_of_the_period() {
        let action = |status, done_on: Option<u32>, done_in_period| ActionFact {
            created_at: at(1),
            status_at_end: status,
            done_on: done_on.map(|d| at(d).date_naive()),
            done_in_period,
        };
        let facts = Facts {
            actions: vec![
                action(Some(Status::Planned), None, false),
                action(Some(Status::InProgress), None, false),
                action(Some(Status::Done), Some(11), true),
                action(Some(Status::Done), Some(2), false),
                action(Some(Status::CannotDo), None, false),
                action(None, None, false),
            ],
            ..Facts::default()
        };
        let m = measure(&[facts]);
        assert_eq!(
            m.actions,
            ActionCounts {
                open: 2,
                done: 2,
                cannot_do: 1
            }
        );
        assert_eq!(
            m.median_days_to_done,
            Some(10.0),
            "only the one done in the period"
        );
    }
}
