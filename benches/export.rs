//! Export benchmark: streams 100,000 and 1,000,000 responses as CSV from the release binary.
//!
//!     cargo bench --bench export
//!
//! Seeds each database with SQL (not through the API, which would take minutes), then times
//! `GET /api/v1/admin/surveys/{id}/responses.csv` end to end and reads the server's peak RSS
//! before and after, to show memory stays flat as the count grows. PostgreSQL is included when
//! `YOUSAID_BENCH_POSTGRES_URL` (or the tests' variable) is set. `EXPORT_SIZES` overrides the
//! sizes (comma-separated).

// A benchmark reports by printing; failures to set up are fatal by design.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::arithmetic_side_effects,
    clippy::print_stdout
)]

#[path = "support/server.rs"]
mod server;

#[path = "support/postgres.rs"]
mod postgres;

use sea_orm::{ConnectionTrait, Database, DbBackend};
use server::{Server, copy_definitions};
use std::path::Path;
use std::process::Command;
use std::time::Instant;

const SURVEY: &str = "food-statistics-pocketbook";

fn yousaid(args: &[&str], url: &str, defs: &Path) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_yousaid"))
        .args(args)
        .env("DATABASE_URL", url)
        .env("YOUSAID_DEFINITIONS", defs)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap().trim().to_owned()
}

/// Inserts `n` responses of the pocketbook survey, each with five answer rows.
async fn seed(url: &str, n: u64, version: &str) {
    let conn = Database::connect(url.to_owned()).await.unwrap();
    let backend = conn.get_database_backend();
    let (uuid, now, series) = match backend {
        DbBackend::Postgres => (
            "gen_random_uuid()",
            "now() - (n || ' seconds')::interval",
            format!("generate_series(1, {n}) AS n"),
        ),
        _ => (
            "randomblob(16)",
            "strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-' || n || ' seconds')",
            String::new(),
        ),
    };
    conn.execute_unprepared(&format!(
        "INSERT INTO survey_versions (version, survey_id, yaml, first_seen_at) VALUES ('{version}', '{SURVEY}', 'bench', CURRENT_TIMESTAMP) ON CONFLICT DO NOTHING"
    ))
    .await
    .unwrap();
    let responses = match backend {
        DbBackend::Postgres => format!(
            "INSERT INTO responses (id, survey_id, version, submitted_at, token, page, status)
             SELECT {uuid}, '{SURVEY}', '{version}', {now}, 'bench-' || n, NULL, 'ok' FROM {series}"
        ),
        _ => format!(
            "WITH RECURSIVE seq(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM seq WHERE n < {n})
             INSERT INTO responses (id, survey_id, version, submitted_at, token, page, status)
             SELECT {uuid}, '{SURVEY}', '{version}', {now}, 'bench-' || n, NULL, 'ok' FROM seq"
        ),
    };
    conn.execute_unprepared(&responses).await.unwrap();
    for (question, value, number, text) in [
        ("role", "'academia'", "NULL", "NULL"),
        ("satisfaction", "'4'", "4", "NULL"),
        ("sections", "'food-chain'", "NULL", "NULL"),
        ("sections", "'prices-and-expenditure'", "NULL", "NULL"),
        (
            "comments",
            "''",
            "NULL",
            "'More regional breakdowns, please, and the tables as CSV.'",
        ),
    ] {
        conn.execute_unprepared(&format!(
            "INSERT INTO answers (response_id, survey_id, question, value, number, text)
             SELECT id, survey_id, '{question}', {value}, {number}, {text} FROM responses WHERE survey_id = '{SURVEY}'"
        ))
        .await
        .unwrap();
    }
    // A live PostgreSQL has statistics from autovacuum; a freshly seeded one needs them now.
    // (SQLite gathers none unless asked, so it is measured as it would run.)
    if backend == DbBackend::Postgres {
        conn.execute_unprepared("ANALYZE").await.unwrap();
    }
    conn.close().await.ok();
}

async fn run(label: &str, url: &str, defs: &Path, n: u64) -> String {
    yousaid(&["migrate"], url, defs);
    let version = {
        let server = Server::start(url, defs);
        let body: serde_json::Value =
            reqwest::get(format!("{}/api/v1/surveys/{SURVEY}", server.base))
                .await
                .unwrap()
                .json()
                .await
                .unwrap();
        body["version"].as_str().unwrap().to_owned()
    };
    let seeded = Instant::now();
    seed(url, n, &version).await;
    let seed_secs = seeded.elapsed().as_secs_f64();
    let token = yousaid(
        &[
            "token",
            "create",
            "--team",
            "food-statistics",
            "--role",
            "viewer",
            "--name",
            "bench",
        ],
        url,
        defs,
    );
    let server = Server::start(url, defs);
    let before = server.peak_rss_mib();
    let client = reqwest::Client::new();
    let started = Instant::now();
    let mut res = client
        .get(format!(
            "{}/api/v1/admin/surveys/{SURVEY}/responses.csv",
            server.base
        ))
        .header("Authorization", format!("Bearer {token}"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let (mut bytes, mut lines) = (0usize, 0usize);
    while let Some(chunk) = res.chunk().await.unwrap() {
        bytes += chunk.len();
        lines += chunk.iter().filter(|b| **b == b'\n').count();
    }
    let secs = started.elapsed().as_secs_f64();
    let after = server.peak_rss_mib();
    assert_eq!(
        lines as u64,
        n + 1,
        "every response exported, plus the header"
    );
    format!(
        "| {label} | {n} | {secs:.2} s | {:.0} | {:.1} MB | {before:.1} → {after:.1} MiB | {seed_secs:.1} s |",
        n as f64 / secs,
        bytes as f64 / 1e6
    )
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let sizes: Vec<u64> = std::env::var("EXPORT_SIZES")
        .ok()
        .map(|s| s.split(',').filter_map(|n| n.trim().parse().ok()).collect())
        .unwrap_or_else(|| vec![100_000, 1_000_000]);
    let dir = tempfile::tempdir().unwrap();
    let defs = dir.path().join("defs");
    copy_definitions(&defs);
    let mut rows = Vec::new();
    for &n in &sizes {
        let url = format!(
            "sqlite://{}",
            dir.path().join(format!("export-{n}.db")).display()
        );
        rows.push(run("SQLite", &url, &defs, n).await);
    }
    if let Some(admin) = postgres::admin_url() {
        for &n in &sizes {
            let url = postgres::fresh_database(&admin, "yousaid_export_bench").await;
            rows.push(run("PostgreSQL", &url, &defs, n).await);
            postgres::drop_database(&admin, "yousaid_export_bench").await;
        }
    }
    println!(
        "\nyousaid CSV export benchmark: release build, loopback, one request streaming every response\n"
    );
    println!(
        "| database | responses | time | responses/s | CSV size | server peak RSS before → after | seeding (SQL, not timed) |"
    );
    println!("|---|---|---|---|---|---|---|");
    for row in rows {
        println!("{row}");
    }
}
