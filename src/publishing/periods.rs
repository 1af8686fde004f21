//! Which periods may be drafted: the ones that have ended, and the running one only on purpose,
//! as a partial summary. The workspace and the CLI offer and refuse the same ones.

use crate::definitions::LoadedSurvey;
use crate::period::{Period, Progress};
use crate::workspace::WorkspaceError;
use chrono::{DateTime, Utc};

/// Whether a period that has not ended may be drafted (and so published) as it stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unended {
    /// Refuse: a summary of part of a period is easily mistaken for the whole.
    Refuse,
    /// Draft the period so far, marked as partial wherever it appears.
    DraftPartial,
}

/// Ended periods offered for drafting besides the running one.
const OFFERED_ENDED: usize = 5;

/// The periods the workspace and the CLI offer to draft, newest first: the running period
/// (which only a partial draft may take) and the last ended ones.
pub fn offered_periods(loaded: &LoadedSurvey, now: DateTime<Utc>) -> Vec<(Period, Progress)> {
    let running = Period::containing(loaded.survey.publish.every, now);
    let mut period = running;
    let mut offered = vec![(running, Progress::Running)];
    for _ in 0..OFFERED_ENDED {
        period = period.previous();
        offered.push((period, Progress::Ended));
    }
    offered
}

/// Why a period cannot be drafted: the facts, which each door follows with what to do there.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum Undraftable {
    #[error("{0} has not begun, so there is nothing to summarise yet")]
    NotBegun(Period),
    #[error(
        "{period} has not ended (its last day is {}), so a summary now would count only part of it",
        period.last_day().format("%-d %B %Y")
    )]
    Running { period: Period },
}

impl From<Undraftable> for WorkspaceError {
    fn from(e: Undraftable) -> Self {
        WorkspaceError::Invalid(match e {
            Undraftable::NotBegun(_) => format!("{e}. Choose a period that has ended."),
            Undraftable::Running { .. } => format!(
                "{e}. Draft it once it has ended, or ask for a partial summary of the period so far."
            ),
        })
    }
}

/// Refuses a period that has not begun, and one that has not ended unless `unended` allows it.
pub fn check_draftable(
    period: Period,
    now: DateTime<Utc>,
    unended: Unended,
) -> Result<(), Undraftable> {
    match (period.progress(now), unended) {
        (Progress::NotBegun, _) => Err(Undraftable::NotBegun(period)),
        (Progress::Running, Unended::Refuse) => Err(Undraftable::Running { period }),
        _ => Ok(()),
    }
}
