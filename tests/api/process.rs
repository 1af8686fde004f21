//! The real `yousaid` binary as an operator runs it: crash safety, SIGHUP, and its logs.

use crate::fixtures;
use crate::helpers::{TestDb, backends, copy_definitions};
use serde_json::json;
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// A running `yousaid serve` process and everything it has logged.
pub(crate) struct Served {
    child: Child,
    port: u16,
    logs: Arc<Mutex<Vec<String>>>,
}

fn serve(url: &str, definitions: &Path, reload_seconds: u64) -> Served {
    serve_with_env(url, definitions, reload_seconds, &[])
}

/// Starts `yousaid serve` with extra environment variables.
pub(crate) fn serve_with_env(
    url: &str,
    definitions: &Path,
    reload_seconds: u64,
    env: &[(&str, &str)],
) -> Served {
    let mut child = Command::new(env!("CARGO_BIN_EXE_yousaid"))
        .arg("serve")
        .envs(env.iter().copied())
        .env("DATABASE_URL", url)
        .env("YOUSAID_ADDR", "127.0.0.1:0")
        .env("YOUSAID_DEFINITIONS", definitions)
        .env("YOUSAID_RELOAD_SECONDS", reload_seconds.to_string())
        .env("YOUSAID_MIN_FILL_SECONDS", "0")
        .env("YOUSAID_WORKERS", "1")
        .env("RUST_LOG", "info")
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("start yousaid");
    let stdout = child.stdout.take().unwrap();
    let logs = Arc::new(Mutex::new(Vec::new()));
    let (port_tx, port_rx) = std::sync::mpsc::channel();
    let sink = logs.clone();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            if let Ok(value) = serde_json::from_str::<serde_json::Value>(&line)
                && value["message"] == "listening"
            {
                let _ = port_tx.send(value["port"].as_u64().unwrap_or(0));
            }
            sink.lock().unwrap().push(line);
        }
    });
    let port = port_rx
        .recv_timeout(Duration::from_secs(60))
        .expect("the service logs the port it listens on");
    Served {
        child,
        port: u16::try_from(port).unwrap(),
        logs,
    }
}

impl Served {
    /// The operating system's id of the process.
    pub(crate) fn pid(&self) -> u32 {
        self.child.id()
    }

    pub(crate) fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }

    fn kill_9(mut self) {
        // SIGKILL: no chance to flush or clean up.
        self.child.kill().unwrap();
        self.child.wait().unwrap();
    }

    fn signal(&self, signal: &str) {
        let status = Command::new("kill")
            .args([format!("-{signal}"), self.child.id().to_string()])
            .status()
            .unwrap();
        assert!(status.success());
    }

    fn logs(&self) -> String {
        self.logs.lock().unwrap().join("\n")
    }
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub(crate) async fn setup(backend: crate::helpers::Backend) -> (TestDb, std::path::PathBuf) {
    let dir = Arc::new(tempfile::tempdir().unwrap());
    let definitions = dir.path().join("defs");
    copy_definitions(&definitions);
    std::fs::write(definitions.join("tiny.yaml"), fixtures::TINY).unwrap();
    let db = TestDb::new(backend, dir).await;
    (db, definitions)
}

#[tokio::test]
async fn a_response_acknowledged_just_before_kill_9_is_there_after_restart() {
    let client = reqwest::Client::new();
    for backend in backends() {
        let (db, definitions) = setup(backend).await;
        let served = serve(&db.url, &definitions, 60);
        let mut ids = Vec::new();
        for i in 0..20 {
            let res = client
                .post(served.url("/api/v1/surveys/tiny/responses"))
                .json(&json!({"answers": {"role": "analyst", "count": i}}))
                .send()
                .await
                .unwrap();
            assert_eq!(res.status(), 201, "{backend:?}");
            let body: serde_json::Value = res.json().await.unwrap();
            ids.push(body["id"].as_str().unwrap().to_owned());
        }
        served.kill_9();

        let served = serve(&db.url, &definitions, 60);
        let conn = sea_orm::Database::connect(db.url.clone()).await.unwrap();
        use sea_orm::{ConnectionTrait, Statement};
        let row = conn
            .query_one_raw(Statement::from_string(
                conn.get_database_backend(),
                "SELECT COUNT(*) FROM responses",
            ))
            .await
            .unwrap()
            .unwrap();
        assert_eq!(
            row.try_get_by_index::<i64>(0).unwrap(),
            20,
            "{backend:?}: every acknowledged response survived"
        );
        conn.close().await.ok();
        drop(served);
        db.drop_database().await;
    }
}

#[tokio::test]
async fn sighup_reloads_definitions_and_logs_hold_no_answers_emails_or_addresses() {
    let _quiet = crate::helpers::timing().await;
    let client = reqwest::Client::new();
    for backend in backends() {
        let (db, definitions) = setup(backend).await;
        // Polling is slowed right down so only SIGHUP can explain the reload.
        let served = serve(&db.url, &definitions, 3_600);
        let res = client
            .post(served.url("/api/v1/surveys/tiny/responses"))
            .json(&json!({"answers": {"role": {"other": "Secret Role Text"}, "email": "someone@example.org"}}))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 201, "{backend:?}");

        let file = definitions.join("tiny.yaml");
        let yaml = std::fs::read_to_string(&file).unwrap();
        std::fs::write(&file, yaml.replace("Who are you?", "Who is answering?")).unwrap();
        std::fs::write(
            definitions.join("page-feedback.yaml"),
            "id: page-feedback\ntitle: [broken\n",
        )
        .unwrap();
        served.signal("HUP");
        let started = Instant::now();
        loop {
            let html = client
                .get(served.url("/s/tiny"))
                .send()
                .await
                .unwrap()
                .text()
                .await
                .unwrap();
            if html.contains("Who is answering?") {
                break;
            }
            assert!(
                started.elapsed() < Duration::from_secs(10),
                "{backend:?}: SIGHUP reloaded"
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        let still = client
            .get(served.url("/s/page-feedback"))
            .send()
            .await
            .unwrap();
        assert_eq!(
            still.status(),
            200,
            "a broken edit keeps the last good version"
        );

        let logs = served.logs();
        assert!(
            logs.contains("page-feedback.yaml:2:"),
            "broken edits are logged like `check`: {logs}"
        );
        for secret in [
            "Secret Role Text",
            "someone@example.org",
            "\"client_ip\"",
            "peer_addr",
        ] {
            assert!(!logs.contains(secret), "{backend:?}: logs contain {secret}");
        }
        assert!(
            logs.contains("\"request_id\""),
            "requests are logged with an id"
        );
        drop(served);
        db.drop_database().await;
    }
}
