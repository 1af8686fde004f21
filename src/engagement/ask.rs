//! What a producer may ask to see: the organisation's measures (anyone signed in) or one
//! team's (its members, and admins), for a period given as text.

use super::report::Scope;
use crate::auth::Principal;
use crate::definitions::Catalog;
use crate::period::Period;
use crate::workspace::WorkspaceError;
use crate::workspace::problems::{Field, Problem, Problems};
use chrono::{DateTime, Utc};

/// The scope and period asked for, checked: no `team` (or a blank one) means the organisation,
/// no `period` the last quarter that has ended.
pub fn scope_and_period(
    principal: &Principal,
    catalog: &Catalog,
    team: Option<&str>,
    period: Option<&str>,
    now: DateTime<Utc>,
) -> Result<(Scope, Period), WorkspaceError> {
    let scope = match team.map(str::trim).filter(|t| !t.is_empty()) {
        None => Scope::Organisation,
        // Another team's figures are answered as if it did not exist, like its surveys.
        Some(team) => {
            let owns_a_survey = catalog.surveys().any(|l| l.survey.owner == team);
            if !owns_a_survey || principal.role_in(team).is_none() {
                return Err(WorkspaceError::NotFound);
            }
            Scope::Team(team.to_owned())
        }
    };
    let refused = |message: String| {
        WorkspaceError::Refused(Problems::from(Problem {
            field: Field::Period,
            message,
        }))
    };
    // A period not begun yet is measured too (as nothing): a bookmark for next quarter works.
    let period = match period {
        None => Period::quarter_of(now).previous(),
        Some(p) => p.trim().parse::<Period>().map_err(refused)?,
    };
    Ok((scope, period))
}

/// The teams `principal` can see the measures of, by id, for a picker.
pub fn teams_of(principal: &Principal, catalog: &Catalog) -> Vec<String> {
    let mut teams: Vec<String> = catalog
        .surveys()
        .map(|l| l.survey.owner.clone())
        .filter(|t| principal.role_in(t).is_some())
        .collect();
    teams.sort();
    teams.dedup();
    teams
}
