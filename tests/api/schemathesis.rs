//! The API against its own OpenAPI document: schemathesis generates requests from
//! `/api/v1/openapi.json` and checks every answer (status documented, body matching its schema,
//! invalid input refused, valid input accepted, unknown methods 405 with `Allow`, …).
//!
//! `tests/run` installs schemathesis (CI calls it), so there a missing tool fails the test. Elsewhere it
//! says what is missing and passes without running, so `cargo test` works on any machine.

use crate::helpers::{TestApp, backends, spawn_app};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Test cases per operation and phase: enough to cover every documented status, few enough
/// that a run stays well under two minutes.
const EXAMPLES: &str = "25";
/// Fixed so that a failure found once is found again.
const SEED: &str = "20261";
/// The whole run, per database.
const DEADLINE: Duration = Duration::from_secs(120);

fn schemathesis_missing() -> bool {
    Command::new("st")
        .arg("--version")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .map_or(true, |s| !s.success())
}

/// The ids schemathesis puts in paths instead of random ones, so that it reaches past 404.
struct Seeded {
    response: String,
    theme: String,
    action: String,
}

/// Responses to find, a theme and an action, so that listing and exporting have something to
/// show and the ids in the document's examples exist.
async fn seed(app: &TestApp, token: &str) -> Seeded {
    let mut response = String::new();
    for (i, role) in ["academia", "media", "public"].iter().enumerate() {
        let body = serde_json::json!({"answers": {
            "role": role, "uses": ["research", "policy"], "satisfaction": 1 + i,
            "comments": format!("Comment {i}: more tables as CSV, please."),
        }});
        let res = app
            .post_json("food-statistics-pocketbook", &body, None)
            .await;
        assert_eq!(res.status(), 201);
        let created: serde_json::Value = res.json().await.unwrap();
        response = created["id"].as_str().unwrap().to_owned();
    }
    let res = app
        .api(
            token,
            reqwest::Method::POST,
            "/surveys/food-statistics-pocketbook/themes",
            Some(serde_json::json!({"name": "Downloads"})),
        )
        .await;
    assert_eq!(res.status(), 201);
    let theme = res.json::<serde_json::Value>().await.unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let res = app
        .api(
            token,
            reqwest::Method::POST,
            "/surveys/food-statistics-pocketbook/actions",
            Some(serde_json::json!({
                "title": "CSV downloads", "description": "Asked for in comments.",
                "status": "planned", "public": true,
            })),
        )
        .await;
    assert_eq!(res.status(), 201);
    let action = res.json::<serde_json::Value>().await.unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    Seeded {
        response,
        theme,
        action,
    }
}

/// The checked-in settings, with the seeded ids.
fn config(seeded: &Seeded) -> String {
    format!(
        "[parameters]\n\"path.rid\" = \"{}\"\n\"path.tid\" = \"{}\"\n\"path.aid\" = \"{}\"\n\n{}",
        seeded.response,
        seeded.theme,
        seeded.action,
        include_str!("schemathesis.toml")
    )
}

/// Runs `st run` against the app, killing it at the deadline; returns success and its output.
async fn run_schemathesis(app: &TestApp, token: &str, seeded: &Seeded) -> (bool, String) {
    let report = tempfile::tempdir().unwrap();
    let config_file = report.path().join("schemathesis.toml");
    std::fs::write(&config_file, config(seeded)).unwrap();
    let mut command = Command::new("st");
    command
        .arg("--config-file")
        .arg(&config_file)
        .arg("run")
        .arg(format!("{}/api/v1/openapi.json", app.address))
        .args(["--url", &app.address])
        .args(["-H", &format!("Authorization: Bearer {token}")])
        // No `--checks`: every check runs by default, and a CLI list would override the
        // per-operation settings of the config file.
        .args(["--max-examples", EXAMPLES])
        .args(["--seed", SEED])
        .arg("--generation-deterministic")
        .args(["--workers", "1"])
        .args(["--request-timeout", "10"])
        .args(["--no-color"])
        .arg("--report-dir")
        .arg(report.path())
        .current_dir(report.path())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    tokio::task::spawn_blocking(move || {
        let mut child = command.spawn().unwrap();
        let started = Instant::now();
        let timed_out = loop {
            if child.try_wait().unwrap().is_some() {
                break false;
            }
            if started.elapsed() > DEADLINE {
                child.kill().ok();
                break true;
            }
            std::thread::sleep(Duration::from_millis(200));
        };
        let output = child.wait_with_output().unwrap();
        let mut text = String::from_utf8_lossy(&output.stdout).into_owned();
        text.push_str(&String::from_utf8_lossy(&output.stderr));
        if timed_out {
            text.push_str(&format!("\nkilled: the run took longer than {DEADLINE:?}"));
        }
        (!timed_out && output.status.success(), text)
    })
    .await
    .unwrap()
}

#[tokio::test]
async fn schemathesis_finds_no_failure_against_the_openapi_document() {
    let _quiet = crate::helpers::timing().await;
    if schemathesis_missing() {
        let in_ci = std::env::var("CI").is_ok_and(|v| !v.is_empty() && v != "false");
        assert!(
            !in_ci,
            "the API check needs schemathesis (pip install schemathesis)"
        );
        eprintln!("schemathesis check not run; missing: st (pip install schemathesis)");
        return;
    }
    for backend in backends() {
        let app = spawn_app(backend).await;
        let token = app.api_token("food-statistics", "editor").await;
        let seeded = seed(&app, &token).await;
        let (passed, output) = run_schemathesis(&app, &token, &seeded).await;
        println!("{backend:?}:\n{output}");
        app.stop().await;
        assert!(
            passed,
            "{backend:?}: schemathesis reported failures\n{output}"
        );
    }
}
