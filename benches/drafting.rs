//! Drafting benchmark: a quarter's "you said, we did" summary over 100,000 and 1,000,000
//! responses, on SQLite and (when `YOUSAID_BENCH_POSTGRES_URL` or the tests' variable is set)
//! PostgreSQL.
//!
//!     cargo bench --bench drafting
//!
//! Seeds each database with SQL (a realistic mix: eight user types, one of them rare, a rating,
//! a multiple choice, a comment on every tenth response, and a tenth as many responses in the
//! quarter before for the trend), then times `yousaid publish draft` as a process with
//! `/usr/bin/time`, which also gives its peak memory. The baseline, measured in the same run on
//! the same database, is one query that reads every answer of the quarter once (joined to its
//! response for the date): what drafting would cost without rollups, at the least.
//! Two drafts are timed: cold (no day rolled up yet, as right after importing the whole
//! quarter) and at period end (every day but the last already rolled up by `serve`, as in
//! production). `DRAFT_SIZES` overrides the sizes.

// A benchmark reports by printing; failures to set up are fatal by design.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::arithmetic_side_effects,
    clippy::print_stdout
)]

// Only the definitions copy is used here: drafting runs as a command, not a server.
#[allow(dead_code)]
#[path = "support/server.rs"]
mod server;

#[path = "support/postgres.rs"]
mod postgres;

use sea_orm::{ConnectionTrait, Database, DbBackend, Statement};
use server::copy_definitions;
use std::path::Path;
use std::process::Command;
use std::time::Instant;

const SURVEY: &str = "food-statistics-pocketbook";

fn yousaid(args: &[&str], url: &str, defs: &Path) -> (f64, f64, String) {
    let out = Command::new("/usr/bin/time")
        .args(["-f", "%e %M"])
        .arg(env!("CARGO_BIN_EXE_yousaid"))
        .args(args)
        .env("DATABASE_URL", url)
        .env("YOUSAID_DEFINITIONS", defs)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    let last = stderr.lines().last().unwrap_or_default();
    let mut parts = last.split_whitespace();
    let secs: f64 = parts.next().unwrap().parse().unwrap();
    let kib: f64 = parts.next().unwrap().parse().unwrap();
    (
        secs,
        kib / 1024.0,
        String::from_utf8_lossy(&out.stdout).trim().to_owned(),
    )
}

/// `n` responses spread over 2026-Q3 (UK time), `n / 10` in 2026-Q2.
async fn seed(url: &str, n: u64) {
    let conn = Database::connect(url.to_owned()).await.unwrap();
    let backend = conn.get_database_backend();
    let before = n / 10;
    let total = n + before;
    // Evenly over the quarter's 92 days (7,948,800 s) from UK midnight on 1 July (23:00 UTC),
    // and the last tenth over the 91 days of the quarter before.
    let before_or_1 = before.max(1);
    let (uuid, at, from) = match backend {
        DbBackend::Postgres => (
            "gen_random_uuid()",
            format!(
                "CASE WHEN n <= {n} THEN timestamptz '2026-06-30 23:00:00+00' + ((n - 1) * 7948800 / {n}) * interval '1 second'
                 ELSE timestamptz '2026-03-31 23:00:00+00' + ((n - {n} - 1) * 7862400 / {before_or_1}) * interval '1 second' END"
            ),
            format!("generate_series(CAST(1 AS BIGINT), {total}) AS n"),
        ),
        _ => (
            "randomblob(16)",
            format!(
                "strftime('%Y-%m-%dT%H:%M:%S', CASE WHEN n <= {n} THEN '2026-06-30 23:00:00' ELSE '2026-03-31 23:00:00' END,
                 '+' || CASE WHEN n <= {n} THEN (n - 1) * 7948800 / {n} ELSE (n - {n} - 1) * 7862400 / {before_or_1} END || ' seconds') || '.000000000+00:00'"
            ),
            "seq".to_owned(),
        ),
    };
    let prefix = match backend {
        DbBackend::Postgres => String::new(),
        _ => format!(
            "WITH RECURSIVE seq(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM seq WHERE n < {total}) "
        ),
    };
    conn.execute_unprepared(&format!(
        "INSERT INTO survey_versions (version, survey_id, yaml, first_seen_at) VALUES ('bench', '{SURVEY}', 'bench', CURRENT_TIMESTAMP) ON CONFLICT DO NOTHING"
    ))
    .await
    .unwrap();
    // The token carries n, so the answers below can be derived from it.
    conn.execute_unprepared(&format!(
        "{prefix}INSERT INTO responses (id, survey_id, version, submitted_at, token, page, status)
         SELECT {uuid}, '{SURVEY}', 'bench', {at}, CAST(n AS TEXT), NULL, CASE WHEN n % 97 = 0 THEN 'spam' ELSE 'ok' END FROM {from}"
    ))
    .await
    .unwrap();
    let n_of = match backend {
        DbBackend::Postgres => "CAST(token AS BIGINT)",
        _ => "CAST(token AS INTEGER)",
    };
    let role = format!(
        "CASE {n_of} % 10 WHEN 0 THEN 'central-government' WHEN 1 THEN 'central-government' WHEN 2 THEN 'central-government'
         WHEN 3 THEN 'central-government' WHEN 4 THEN 'local-government' WHEN 5 THEN 'local-government' WHEN 6 THEN 'academia'
         WHEN 7 THEN 'business' WHEN 8 THEN 'public' ELSE CASE WHEN {n_of} % 1000 = 9 THEN 'media' ELSE 'student' END END"
    );
    for (question, value, number, text, which) in [
        ("role", role.as_str(), "NULL", "NULL", "1 = 1"),
        (
            "satisfaction",
            &format!("CAST(1 + {n_of} % 5 AS TEXT)"),
            &format!("1 + {n_of} % 5"),
            "NULL",
            "1 = 1",
        ),
        ("sections", "'food-chain'", "NULL", "NULL", "1 = 1"),
        (
            "sections",
            "'prices-and-expenditure'",
            "NULL",
            "NULL",
            &format!("{n_of} % 2 = 0"),
        ),
        (
            "comments",
            "''",
            "NULL",
            "'More regional breakdowns, please, and the tables as CSV.'",
            &format!("{n_of} % 10 = 0"),
        ),
    ] {
        conn.execute_unprepared(&format!(
            "INSERT INTO answers (response_id, survey_id, question, value, number, text)
             SELECT id, survey_id, '{question}', {value}, {number}, {text} FROM responses WHERE survey_id = '{SURVEY}' AND {which}"
        ))
        .await
        .unwrap();
    }
    // A live PostgreSQL has statistics from autovacuum; a freshly seeded one needs them now.
    if backend == DbBackend::Postgres {
        conn.execute_unprepared("ANALYZE").await.unwrap();
    }
    conn.close().await.ok();
}

/// Reads every answer of the quarter once: the least any summary has to do.
async fn baseline(url: &str) -> f64 {
    let conn = Database::connect(url.to_owned()).await.unwrap();
    let (start, end) = yousaid::period::Period::Quarter(2026, 3).bounds();
    let backend = conn.get_database_backend();
    let started = Instant::now();
    let row = conn
        .query_one_raw(Statement::from_sql_and_values(
            backend,
            match backend {
                DbBackend::Postgres => "SELECT COUNT(*) AS n FROM answers a JOIN responses r ON r.id = a.response_id WHERE r.survey_id = $1 AND r.submitted_at >= $2 AND r.submitted_at < $3",
                _ => "SELECT COUNT(*) AS n FROM answers a JOIN responses r ON r.id = a.response_id WHERE r.survey_id = ? AND r.submitted_at >= ? AND r.submitted_at < ?",
            },
            [SURVEY.into(), start.into(), end.into()],
        ))
        .await
        .unwrap()
        .unwrap();
    let secs = started.elapsed().as_secs_f64();
    let counted: i64 = row.try_get("", "n").unwrap();
    assert!(counted > 0, "the baseline found the seeded answers");
    conn.close().await.ok();
    secs
}

async fn run(label: &str, url: &str, defs: &Path, n: u64) -> String {
    yousaid(&["migrate"], url, defs);
    let seeded = Instant::now();
    seed(url, n).await;
    let seed_secs = seeded.elapsed().as_secs_f64();
    let base = baseline(url).await;
    let args = [
        "publish", "draft", "--survey", SURVEY, "--period", "2026-Q3",
    ];
    // Cold: no day rolled up yet (as right after an import of the whole quarter).
    let (cold, mib_cold, said) = yousaid(&args, url, defs);
    assert!(said.contains("revision 1 drafted"), "{said}");
    // At period end: `serve` has rolled up every day but the last as the quarter went by.
    let conn = Database::connect(url.to_owned()).await.unwrap();
    for table in ["rollup_days", "rollup_responses", "rollup_answers"] {
        conn.execute_unprepared(&format!("DELETE FROM {table} WHERE day = '2026-09-30'"))
            .await
            .unwrap();
    }
    // The draft counted what is there: its responses equal a direct count of the quarter.
    let backend = conn.get_database_backend();
    let (start, stop) = yousaid::period::Period::Quarter(2026, 3).bounds();
    let counted: i64 = conn
        .query_one_raw(Statement::from_sql_and_values(
            backend,
            match backend {
                DbBackend::Postgres => "SELECT COUNT(*) AS n FROM responses WHERE status = 'ok' AND submitted_at >= $1 AND submitted_at < $2",
                _ => "SELECT COUNT(*) AS n FROM responses WHERE status = 'ok' AND submitted_at >= ? AND submitted_at < ?",
            },
            [start.into(), stop.into()],
        ))
        .await
        .unwrap()
        .unwrap()
        .try_get("", "n")
        .unwrap();
    let summary: String = conn
        .query_one_raw(Statement::from_string(
            backend,
            "SELECT summary FROM publications",
        ))
        .await
        .unwrap()
        .unwrap()
        .try_get("", "summary")
        .unwrap();
    let summary: serde_json::Value = serde_json::from_str(&summary).unwrap();
    assert_eq!(
        summary["responses"], counted,
        "the draft counts every counted response"
    );
    conn.close().await.ok();
    let (end, mib_end, said) = yousaid(&args, url, defs);
    assert!(said.contains("draft unchanged"), "{said}");
    format!(
        "| {label} | {n} | {cold:.2} s | {end:.2} s | {base:.2} s | {:.2}× | {mib_cold:.0} MiB / {mib_end:.0} MiB | {seed_secs:.0} s |",
        end / base,
    )
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let sizes: Vec<u64> = std::env::var("DRAFT_SIZES")
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
            dir.path().join(format!("draft-{n}.db")).display()
        );
        rows.push(run("SQLite", &url, &defs, n).await);
        println!("{}", rows.last().unwrap());
    }
    if let Some(admin) = postgres::admin_url() {
        for &n in &sizes {
            let url = postgres::fresh_database(&admin, "yousaid_draft_bench").await;
            rows.push(run("PostgreSQL", &url, &defs, n).await);
            println!("{}", rows.last().unwrap());
            postgres::drop_database(&admin, "yousaid_draft_bench").await;
        }
    }
    println!(
        "\nyousaid drafting benchmark: release build, `yousaid publish draft` as a process, quarter 2026-Q3\n"
    );
    println!(
        "| database | responses in the quarter | cold draft (no rollups) | draft at period end (rollups kept by serve) | baseline: read each answer once | period end ÷ baseline | peak memory cold / period end | seeding |"
    );
    println!("|---|---:|---:|---:|---:|---:|---:|---:|");
    for row in rows {
        println!("{row}");
    }
}
