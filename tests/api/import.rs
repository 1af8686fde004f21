//! `yousaid import`: a form tool's spreadsheet export becomes responses with their own dates.

use crate::fixtures;
use crate::helpers::{TestDb, backends, copy_definitions};
use std::process::Command;
use std::sync::Arc;

const SHEET: &str = "Timestamp,Who are you?,Score,Why?,Topics,How many
2026/04/01 9:00:00 AM GMT+1,Analyst,2,Too slow,\"Food, Fish\",3
01/04/2026 10:30:00,Consultant,5,,,
";

fn import(
    url: &str,
    defs: &std::path::Path,
    file: &std::path::Path,
    extra: &[&str],
) -> (bool, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_yousaid"))
        .arg("import")
        .arg("--survey")
        .arg("tiny")
        .args(extra)
        .arg(file)
        .env("DATABASE_URL", url)
        .env("YOUSAID_DEFINITIONS", defs)
        .output()
        .unwrap();
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[tokio::test]
async fn a_form_tool_export_is_imported_with_its_timestamps_once() {
    for backend in backends() {
        let dir = Arc::new(tempfile::tempdir().unwrap());
        let defs = dir.path().join("defs");
        copy_definitions(&defs);
        std::fs::write(defs.join("tiny.yaml"), fixtures::TINY).unwrap();
        let db = TestDb::new(backend, dir.clone()).await;

        let bad = dir.path().join("bad.csv");
        std::fs::write(&bad, format!("{SHEET}2026-04-02T10:00:00Z,Analyst,9,,,\n")).unwrap();
        let (ok, _, stderr) = import(&db.url, &defs, &bad, &[]);
        assert!(!ok, "{backend:?}: an invalid row stops the import");
        assert!(stderr.contains("bad.csv:4: score:"), "{stderr}");
        assert!(stderr.contains("nothing imported"), "{stderr}");

        let (ok, stdout, stderr) = import(&db.url, &defs, &bad, &["--skip-invalid"]);
        assert!(ok, "{stderr}");
        assert!(
            stdout.contains("2 responses imported into tiny, 1 rows skipped"),
            "{stdout}"
        );

        let good = dir.path().join("good.csv");
        std::fs::write(&good, SHEET).unwrap();
        let (ok, stdout, _) = import(&db.url, &defs, &good, &[]);
        assert!(ok);
        assert!(
            stdout.contains("0 responses imported into tiny, 2 already there"),
            "{backend:?}: {stdout}"
        );

        use sea_orm::{ConnectionTrait, Statement};
        let conn = sea_orm::Database::connect(db.url.clone()).await.unwrap();
        let rows = conn
            .query_all_raw(Statement::from_string(
                conn.get_database_backend(),
                "SELECT r.submitted_at, a.question, a.value, a.text FROM responses r JOIN answers a ON a.response_id = r.id ORDER BY r.submitted_at, a.question, a.value",
            ))
            .await
            .unwrap();
        let got: Vec<String> = rows
            .iter()
            .map(|r| {
                let at: chrono::DateTime<chrono::Utc> = r.try_get("", "submitted_at").unwrap();
                let q: String = r.try_get("", "question").unwrap();
                let v: String = r.try_get("", "value").unwrap();
                let t: Option<String> = r.try_get("", "text").unwrap();
                format!(
                    "{} {q}={v}{}",
                    at.format("%Y-%m-%dT%H:%M"),
                    t.map(|t| format!(" ({t})")).unwrap_or_default()
                )
            })
            .collect();
        assert_eq!(
            got,
            [
                "2026-04-01T08:00 count=3",
                "2026-04-01T08:00 role=analyst",
                "2026-04-01T08:00 score=2",
                "2026-04-01T08:00 topics=fish",
                "2026-04-01T08:00 topics=food",
                "2026-04-01T08:00 why= (Too slow)",
                "2026-04-01T09:30 role=other (Consultant)",
                "2026-04-01T09:30 score=5",
            ],
            "{backend:?}: UK summer time, labels mapped to values, 'Other' kept as text"
        );
        conn.close().await.ok();
        db.drop_database().await;
    }
}
