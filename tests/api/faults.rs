//! The database on a bad day: locked by another program for seconds at a time. The service
//! answers promptly (503 with Retry-After, never a hang or a false success) and is back to
//! normal within a second of the lock's release.

use crate::fixtures;
use crate::helpers::{Backend, Options, TestApp, backends, spawn_app_with};
use sea_orm::{ConnectionTrait, Database, TransactionTrait};
use serde_json::json;
use std::time::{Duration, Instant};

/// How long the outside program holds its lock.
const HOLD: Duration = Duration::from_secs(5);

/// Holds the database's write lock from outside the service for `HOLD`: on SQLite another
/// process (Python's sqlite3) with `BEGIN EXCLUSIVE`, on PostgreSQL another session with an
/// exclusive lock on the responses table. Returns once the lock is held; the task ends when
/// it is released.
async fn hold_lock(app: &TestApp, backend: Backend) -> tokio::task::JoinHandle<()> {
    match backend {
        Backend::Sqlite => {
            let path = app.db.url.trim_start_matches("sqlite://").to_owned();
            let script = format!(
                "import sqlite3, sys, time\n\
                 c = sqlite3.connect({path:?}, isolation_level=None, timeout=10)\n\
                 c.execute('BEGIN EXCLUSIVE')\n\
                 print('locked', flush=True)\n\
                 time.sleep({})\n\
                 c.execute('ROLLBACK')\n",
                HOLD.as_secs_f64()
            );
            let mut child = std::process::Command::new("python3")
                .args(["-c", &script])
                .stdout(std::process::Stdio::piped())
                .spawn()
                .expect("python3 runs");
            let stdout = child.stdout.take().unwrap();
            let mut line = String::new();
            std::io::BufRead::read_line(&mut std::io::BufReader::new(stdout), &mut line).unwrap();
            assert_eq!(line.trim(), "locked");
            tokio::task::spawn_blocking(move || {
                child.wait().unwrap();
            })
        }
        Backend::Postgres => {
            let other = Database::connect(app.db.url.clone()).await.unwrap();
            let txn = other.begin().await.unwrap();
            txn.execute_unprepared("LOCK TABLE responses IN ACCESS EXCLUSIVE MODE")
                .await
                .unwrap();
            tokio::spawn(async move {
                tokio::time::sleep(HOLD).await;
                txn.commit().await.unwrap();
                other.close().await.unwrap();
            })
        }
    }
}

#[tokio::test]
async fn a_locked_database_answers_503_promptly_and_recovers_within_a_second() {
    let _quiet = crate::helpers::timing().await;
    for backend in backends() {
        let app = spawn_app_with(
            backend,
            Options {
                db_wait_seconds: 1,
                ..fixtures::options()
            },
        )
        .await;
        let body = json!({"answers": {"role": "analyst"}});
        assert_eq!(app.post_json("tiny", &body, None).await.status(), 201);

        let held = hold_lock(&app, backend).await;
        let locked_at = Instant::now();
        let mut readiness = Vec::new();
        let mut refused = 0;
        while locked_at.elapsed() < HOLD - Duration::from_secs(1) {
            readiness.push(app.get("/readyz").await.status().as_u16());
            let started = Instant::now();
            let res = app.post_json("tiny", &body, None).await;
            let took = started.elapsed();
            assert!(
                took < Duration::from_secs(4),
                "{backend:?}: a submission waited {took:?} on a locked database"
            );
            match res.status().as_u16() {
                503 => {
                    assert!(res.headers().contains_key("retry-after"));
                    refused += 1;
                }
                status => assert_eq!(status, 201, "{backend:?}: only 201 or 503"),
            }
        }
        assert!(refused >= 1, "{backend:?}: the lock refused nothing");
        if backend == Backend::Sqlite {
            assert!(
                readiness.contains(&503),
                "{backend:?}: /readyz said ready while the file was locked: {readiness:?}"
            );
        }
        held.await.unwrap();

        // Within a second of the release, everything works again.
        let released = Instant::now();
        let mut recovered = false;
        while released.elapsed() < Duration::from_secs(1) {
            let ready = app.get("/readyz").await.status() == 200;
            let stored = app.post_json("tiny", &body, None).await.status() == 201;
            if ready && stored {
                recovered = true;
                break;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        assert!(
            recovered,
            "{backend:?}: still refusing a second after the lock went"
        );
        // And it stays recovered: the probe left no connection holding the lock.
        for _ in 0..5 {
            assert_eq!(app.get("/readyz").await.status(), 200, "{backend:?}");
            assert_eq!(app.post_json("tiny", &body, None).await.status(), 201);
        }
        app.stop().await;
    }
}

#[tokio::test]
async fn readiness_probes_abandoned_mid_lock_never_wedge_the_service() {
    let _quiet = crate::helpers::timing().await;
    for backend in backends() {
        let app = spawn_app_with(backend, fixtures::options()).await;
        let held = hold_lock(&app, backend).await;
        // Clients that give up on /readyz while the lock is held, as load balancers do.
        let impatient = reqwest::Client::builder()
            .timeout(Duration::from_millis(300))
            .build()
            .unwrap();
        for _ in 0..10 {
            let _ = impatient
                .get(format!("{}/readyz", app.address))
                .send()
                .await;
        }
        held.await.unwrap();
        let released = Instant::now();
        let body = json!({"answers": {"role": "analyst"}});
        let mut status = 0;
        while released.elapsed() < Duration::from_secs(2) {
            status = app.post_json("tiny", &body, None).await.status().as_u16();
            if status == 201 {
                break;
            }
        }
        assert_eq!(status, 201, "{backend:?}");
        assert_eq!(app.get("/readyz").await.status(), 200, "{backend:?}");
        app.stop().await;
    }
}
