//! Drafting each survey's summary when its period ends. Runs inside every `serve` replica; the
//! unique (survey, period, revision) index makes exactly one of them draft a given period.

use super::drafts;
use super::site::Site;
use crate::counts as rollup;
use crate::definitions::{Catalog, LoadedSurvey, SharedCatalog, Status};
use crate::period::Period;
use crate::storage::Db;
use crate::workspace::WorkspaceError;
use chrono::{DateTime, Utc};
use std::time::Duration;

/// What the scheduler did for one survey.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// Drafted revision 1 of the period.
    Drafted(String, Period),
    /// Drafted and, as the survey asks (`publish.auto`), published.
    Published(String, Period),
}

/// The last period of `loaded` that has ended by `now`.
pub fn last_ended(loaded: &LoadedSurvey, now: DateTime<Utc>) -> Period {
    Period::containing(loaded.survey.publish.every, now).previous()
}

/// Drafts every survey's last ended period that has not been drafted yet, and publishes it
/// when the survey says `publish.auto` (also a draft an earlier attempt left unpublished). A
/// period nobody answered in is skipped: there is nothing to say, and a survey added
/// mid-period would otherwise get an empty summary of the time before it existed. A failure
/// with one survey is logged and the others still go ahead; the first error is returned.
pub async fn run_once(
    db: &Db,
    site: &Site,
    catalog: &Catalog,
    now: DateTime<Utc>,
) -> Result<Vec<Outcome>, WorkspaceError> {
    let mut done = Vec::new();
    let mut first_error = None;
    for loaded in catalog.surveys() {
        if loaded.survey.status == Status::Draft {
            continue;
        }
        match one(db, site, loaded, now).await {
            Ok(Some(outcome)) => done.push(outcome),
            Ok(None) => {}
            Err(e) => {
                tracing::warn!(survey = %loaded.survey.id, error = %e, "scheduled drafting failed; will retry");
                first_error.get_or_insert(e);
            }
        }
    }
    match first_error {
        Some(e) if done.is_empty() => Err(e),
        _ => Ok(done),
    }
}

async fn one(
    db: &Db,
    site: &Site,
    loaded: &LoadedSurvey,
    now: DateTime<Utc>,
) -> Result<Option<Outcome>, WorkspaceError> {
    let survey = &loaded.survey;
    // Keep the running period's rollups current, so drafting it later reads only its last day.
    rollup::catch_up(
        db,
        &survey.id,
        Period::containing(survey.publish.every, now),
        now,
    )
    .await?;
    let period = last_ended(loaded, now);
    let drafted = match super::published::latest(db.conn(), &survey.id, period).await? {
        // Drafted before; with `publish.auto`, a first draft still unpublished is finished now.
        Some(row) => {
            if !(survey.publish.auto
                && row.revision == 1
                && super::state::State::parse(&row.state) == Some(super::state::State::Draft))
            {
                return Ok(None);
            }
            false
        }
        None => {
            let (start, end) = period.bounds();
            if !rollup::any_responses(db, &survey.id, start, end).await? {
                return Ok(None);
            }
            if drafts::draft_if_new(db, site, loaded, period)
                .await?
                .is_none()
            {
                return Ok(None);
            }
            tracing::info!(survey = %survey.id, %period, "summary drafted");
            true
        }
    };
    if survey.publish.auto {
        drafts::approve(db, site, &survey.id, period, "scheduler", None, None).await?;
        tracing::info!(survey = %survey.id, %period, "summary published (publish.auto)");
        return Ok(Some(Outcome::Published(survey.id.clone(), period)));
    }
    Ok(drafted.then(|| Outcome::Drafted(survey.id.clone(), period)))
}

/// Runs `run_once` every `every` (from start-up) until the task is aborted; `None` is off.
pub async fn run(
    db: Db,
    site: Site,
    catalog: SharedCatalog,
    every: Option<Duration>,
    metrics: std::sync::Arc<crate::metrics::Metrics>,
) {
    let Some(every) = every else {
        tracing::info!("scheduled drafting is off in this process (YOUSAID_SCHEDULE_SECONDS=0)");
        return;
    };
    let mut tick = tokio::time::interval(every.max(Duration::from_secs(1)));
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Skip);
    loop {
        tick.tick().await;
        let current = catalog.current();
        metrics.scheduler_ran();
        match run_once(&db, &site, &current, Utc::now()).await {
            Ok(done) => metrics.drafted(done.len() as u64),
            Err(e) => tracing::warn!(error = %e, "scheduled drafting failed; will retry"),
        }
    }
}
