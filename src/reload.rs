//! Keeps the served surveys in step with their files: on SIGHUP and when a file changes.

use crate::definitions::{LoadReport, SharedCatalog};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// Reads the directory and swaps in the result; broken files keep their last good version.
///
/// The reading runs on a blocking thread: it touches the disk, and a panic in it ends that
/// thread only, coming back here as an error, so the watch loop outlives any definition.
pub async fn reload(catalog: &SharedCatalog, dir: &Path) {
    let current = catalog.current();
    let (from, at) = (current.clone(), dir.to_path_buf());
    let today = chrono::Utc::now().date_naive();
    let outcome = tokio::task::spawn_blocking(move || from.reload(&at, today)).await;
    match outcome {
        Ok(Ok((next, report))) => {
            log_report(&report);
            catalog.replace(next);
        }
        Ok(Err(e)) => {
            tracing::error!(error = %e, "cannot read survey definitions; keeping the surveys being served")
        }
        Err(e) => {
            tracing::error!(error = %e, "reloading survey definitions failed; keeping the surveys being served, and trying again after the next edit or SIGHUP");
            catalog.replace(current.marked_read(dir));
        }
    }
}

/// Logs what a load did, with `yousaid check`'s own messages for broken files.
pub fn log_report(report: &LoadReport) {
    for id in &report.loaded {
        tracing::info!(survey = %id, "survey definition loaded");
    }
    for id in &report.removed {
        tracing::info!(survey = %id, "survey definition removed");
    }
    for file in &report.rejected {
        let errors = file.parsed.survey.is_none();
        let rendered = file.render();
        if errors {
            tracing::error!(file = %file.path.display(), problems = %rendered, "survey definition has errors; the last good version keeps serving");
        } else {
            tracing::warn!(file = %file.path.display(), problems = %rendered, "survey definition has warnings");
        }
    }
}

/// Polls for edits every `every` and reloads on SIGHUP, until the task is aborted.
pub async fn watch(catalog: SharedCatalog, dir: PathBuf, every: Duration) {
    #[cfg(unix)]
    let mut hangup = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::hangup()).ok();
    let mut tick = tokio::time::interval(every.max(Duration::from_millis(100)));
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Skip);
    loop {
        #[cfg(unix)]
        let signalled = async {
            match hangup.as_mut() {
                Some(s) => s.recv().await.is_some(),
                None => std::future::pending().await,
            }
        };
        #[cfg(not(unix))]
        let signalled = std::future::pending::<bool>();
        tokio::select! {
            _ = tick.tick() => {
                let stale = catalog.current().is_stale(&dir);
                if stale {
                    reload(&catalog, &dir).await;
                }
            }
            true = signalled => {
                tracing::info!("SIGHUP: reloading survey definitions");
                reload(&catalog, &dir).await;
            }
        }
    }
}
