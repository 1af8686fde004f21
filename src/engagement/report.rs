//! The effectiveness report: one team's surveys, or the whole organisation's, measured for a
//! period and the three before it, with each survey's own figures beside the total.

use super::aims::{AimResult, GroupHeard, evaluate, groups_heard};
use super::facts::{self, Facts};
use super::measures::{Measures, measure};
use crate::definitions::{Catalog, Language, LoadedSurvey};
use crate::period::Period;
use crate::storage::Db;
use crate::workspace::WorkspaceError;
use chrono::{DateTime, Utc};
use serde::Serialize;

/// Periods a report's trend covers: the one asked for and those before it.
pub const TREND: usize = 4;

/// Whose engagement a report measures.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[serde(tag = "kind", content = "team", rename_all = "lowercase")]
pub enum Scope {
    /// The surveys a team owns.
    Team(String),
    /// Every survey.
    Organisation,
}

impl Scope {
    /// Whether `loaded` is one of the scope's surveys.
    pub fn covers(&self, loaded: &LoadedSurvey) -> bool {
        match self {
            Scope::Team(team) => loaded.survey.owner == *team,
            Scope::Organisation => true,
        }
    }
}

/// One period's measures.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct PeriodMeasures {
    #[schema(value_type = String, example = "2026-Q3")]
    pub period: Period,
    pub measures: Measures,
}

/// One survey's measures for the report's period.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct SurveyMeasures {
    pub id: String,
    pub title: String,
    pub measures: Measures,
}

/// A scope's measures for a period, its trend, and each survey's share of it.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct Report {
    pub scope: Scope,
    #[schema(value_type = String, example = "2026-Q3")]
    pub period: Period,
    pub measures: Measures,
    /// The period and the three before it, oldest first.
    pub trend: Vec<PeriodMeasures>,
    pub surveys: Vec<SurveyMeasures>,
    /// For a team with a team file: each user group it expects, heard from or not, in the period.
    pub groups: Vec<GroupHeard>,
    /// For a team with a team file: each aim's value in the period against its target.
    pub aims: Vec<AimResult>,
}

/// Measures `scope` for `period` as of `now`.
pub async fn report(
    db: &Db,
    catalog: &Catalog,
    scope: Scope,
    period: Period,
    now: DateTime<Utc>,
) -> Result<Report, WorkspaceError> {
    let surveys: Vec<_> = catalog.surveys().filter(|l| scope.covers(l)).collect();
    let mut periods = vec![period];
    while periods.len() < TREND {
        let earliest = periods.last().copied().unwrap_or(period);
        periods.push(earliest.previous());
    }
    periods.reverse();
    let mut trend = Vec::with_capacity(TREND);
    let mut current: Vec<(String, String, Facts)> = Vec::new();
    for p in periods {
        let mut all = Vec::with_capacity(surveys.len());
        for loaded in &surveys {
            let f = facts::read(db, loaded, p, now).await?;
            if p == period {
                let title = loaded.survey.title.get(Language::En).to_owned();
                current.push((loaded.survey.id.clone(), title, f.clone()));
            }
            all.push(f);
        }
        trend.push(PeriodMeasures {
            period: p,
            measures: measure(&all),
        });
    }
    let measures = trend
        .last()
        .map(|t| t.measures.clone())
        .unwrap_or_else(|| measure(&[]));
    let team = match &scope {
        Scope::Team(id) => catalog.team(id),
        Scope::Organisation => None,
    };
    let period_facts: Vec<Facts> = current.iter().map(|(_, _, f)| f.clone()).collect();
    let (groups, aims) = team.map_or_else(Default::default, |team| {
        (
            groups_heard(team, &measures),
            evaluate(team, &period_facts, &measures, Language::En),
        )
    });
    Ok(Report {
        scope,
        period,
        measures,
        trend,
        surveys: current
            .into_iter()
            .map(|(id, title, f)| SurveyMeasures {
                id,
                title,
                measures: measure(std::slice::from_ref(&f)),
            })
            .collect(),
        groups,
        aims,
    })
}
