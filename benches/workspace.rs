//! Workspace benchmark: every producer page and admin API call at 100,000 and 1,000,000
//! responses, on SQLite and (when configured) PostgreSQL, each as a ratio against `/healthz`
//! in the same run, so the figures compare across machines.
//!
//!     cargo bench --bench workspace
//!
//! Seeds with SQL (a third of the responses with one of five comments, four user types, a
//! tenth of the comments tagged with one of five themes), signs in as a publisher, then asks
//! each page once (cold) and five more times (warm; once when a page takes over two seconds)
//! and reports the warm median (`/healthz`: of 301, as it is well under a millisecond).
//! `WORKSPACE_SIZES` overrides the sizes (comma-separated); PostgreSQL is included when
//! `YOUSAID_BENCH_POSTGRES_URL` (or the tests' variable) is set; `WORKSPACE_DATABASES=sqlite`
//! or `=postgres` runs one of them. `WORKSPACE_KEEP=DIR` keeps the seeded databases (SQLite
//! files in DIR, PostgreSQL databases `yousaid_workspace_{n}`) to profile queries afterwards.

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
use std::collections::BTreeMap;
use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const SURVEY: &str = "food-statistics-pocketbook";
const EMAIL: &str = "bench@example.gov.uk";
const PASSWORD: &str = "a long enough passphrase";

fn yousaid(args: &[&str], url: &str, defs: &Path, stdin: Option<&str>) -> String {
    let mut child = Command::new(env!("CARGO_BIN_EXE_yousaid"))
        .args(args)
        .env("DATABASE_URL", url)
        .env("YOUSAID_DEFINITIONS", defs)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    if let Some(text) = stdin {
        child
            .stdin
            .take()
            .unwrap()
            .write_all(text.as_bytes())
            .unwrap();
    }
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap().trim().to_owned()
}

/// `n` responses, one a minute back from now; their answers; a tenth of the comments tagged
/// with the `themes` made beforehand (`Theme 0`, `Theme 1`, …).
async fn seed(url: &str, n: u64, version: &str, themes: usize) {
    let conn = Database::connect(url.to_owned()).await.unwrap();
    let backend = conn.get_database_backend();
    let (uuid, at, series) = match backend {
        DbBackend::Postgres => (
            "gen_random_uuid()",
            "now() - (n || ' minutes')::interval",
            format!("generate_series(1, {n}) AS n"),
        ),
        _ => (
            "randomblob(16)",
            "strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-' || n || ' minutes')",
            String::new(),
        ),
    };
    // Each response's n, back from its token `bench-{n}`: the same SQL on both databases.
    let number = "CAST(substr(token, 7) AS integer)";
    conn.execute_unprepared(&format!(
        "INSERT INTO survey_versions (version, survey_id, yaml, first_seen_at) VALUES ('{version}', '{SURVEY}', 'bench', CURRENT_TIMESTAMP) ON CONFLICT DO NOTHING"
    ))
    .await
    .unwrap();
    let from = match backend {
        DbBackend::Postgres => format!("FROM {series}"),
        _ => format!(
            "FROM (WITH RECURSIVE seq(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM seq WHERE n < {n}) SELECT n FROM seq)"
        ),
    };
    conn.execute_unprepared(&format!(
        "INSERT INTO responses (id, survey_id, version, submitted_at, token, page, status)
         SELECT {uuid}, '{SURVEY}', '{version}', {at}, 'bench-' || n, NULL,
                CASE WHEN n % 50 = 0 THEN 'spam' ELSE 'ok' END {from}"
    ))
    .await
    .unwrap();
    let role = "CASE n % 4 WHEN 0 THEN 'academia' WHEN 1 THEN 'local-government' WHEN 2 THEN 'media' ELSE 'public' END";
    let comment = "CASE (n / 3) % 5
        WHEN 0 THEN 'More regional breakdowns, please, and the tables as CSV.'
        WHEN 1 THEN 'The county figures arrive too late for our budget planning.'
        WHEN 2 THEN 'A chart of prices over ten years would help our students.'
        WHEN 3 THEN 'Please keep the PDF: our members print the pocketbook.'
        ELSE 'Mae angen mwy o ystadegau am Gymru, os gwelwch yn dda.' END";
    for (question, value, num, text, only) in [
        ("role", role, "NULL", "NULL", "1 = 1"),
        (
            "satisfaction",
            "CAST(1 + n % 5 AS text)",
            "1 + n % 5",
            "NULL",
            "1 = 1",
        ),
        ("sections", "'food-chain'", "NULL", "NULL", "n % 2 = 0"),
        ("comments", "''", "NULL", comment, "n % 3 = 0"),
    ] {
        conn.execute_unprepared(&format!(
            "INSERT INTO answers (response_id, survey_id, question, value, number, text)
             SELECT id, survey_id, '{question}', {value}, {num}, {text}
             FROM (SELECT id, survey_id, {number} AS n FROM responses WHERE survey_id = '{SURVEY}') r
             WHERE {only}"
        ))
        .await
        .unwrap();
    }
    for i in 0..themes {
        // Found by name, so the id is read in the database's own type on both.
        conn.execute_unprepared(&format!(
            "INSERT INTO answer_themes (response_id, question, theme_id)
             SELECT id, 'comments', (SELECT id FROM themes WHERE name = 'Theme {i}')
             FROM (SELECT id, {number} AS n FROM responses WHERE survey_id = '{SURVEY}') r
             WHERE n % 30 = {}",
            i * 3
        ))
        .await
        .unwrap();
    }
    if backend == DbBackend::Postgres {
        conn.execute_unprepared("ANALYZE").await.unwrap();
    }
    conn.close().await.ok();
}

/// Milliseconds of `n` requests' median, after one not counted; and that first one's.
async fn time(
    client: &reqwest::Client,
    url: &str,
    cookie: Option<&str>,
    token: Option<&str>,
) -> (f64, f64) {
    let ask = || {
        let mut request = client.get(url);
        if let Some(c) = cookie {
            request = request.header("Cookie", c);
        }
        if let Some(t) = token {
            request = request.header("Authorization", format!("Bearer {t}"));
        }
        async move {
            let started = Instant::now();
            let res = request.send().await.unwrap();
            let status = res.status();
            res.bytes().await.unwrap();
            assert!(status.is_success(), "{url} answered {status}");
            started.elapsed()
        }
    };
    let first = ask().await;
    // The baseline is well under a millisecond, so it takes many samples to be steady.
    let runs = if url.ends_with("/healthz") {
        301
    } else if first > Duration::from_secs(2) {
        1
    } else {
        5
    };
    let mut times = Vec::with_capacity(runs);
    for _ in 0..runs {
        times.push(ask().await.as_secs_f64() * 1000.0);
    }
    times.sort_by(f64::total_cmp);
    (times[times.len() / 2], first.as_secs_f64() * 1000.0)
}

/// Each page's warm median and first time in milliseconds, `/healthz`'s under the key `""`.
type Times = BTreeMap<String, (f64, f64)>;

/// One database and size: its times, and the server's peak memory after every page.
struct Run {
    label: &'static str,
    n: u64,
    times: Times,
    peak_mib: f64,
}

async fn run(label: &'static str, url: &str, defs: &Path, n: u64) -> Run {
    yousaid(&["migrate"], url, defs, None);
    yousaid(
        &[
            "user",
            "add",
            "--email",
            EMAIL,
            "--team",
            "food-statistics",
            "--role",
            "publisher",
            "--password-stdin",
        ],
        url,
        defs,
        Some(PASSWORD),
    );
    let token = yousaid(
        &[
            "token",
            "create",
            "--team",
            "food-statistics",
            "--role",
            "publisher",
            "--name",
            "bench",
        ],
        url,
        defs,
        None,
    );
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let mut themes = Vec::new();
    let version = {
        let server = Server::start(url, defs);
        let api = format!("{}/api/v1/admin/surveys/{SURVEY}", server.base);
        for i in 0..5 {
            let body: serde_json::Value = client
                .post(format!("{api}/themes"))
                .header("Authorization", format!("Bearer {token}"))
                .json(&serde_json::json!({"name": format!("Theme {i}")}))
                .send()
                .await
                .unwrap()
                .json()
                .await
                .unwrap();
            themes.push(body["id"].as_str().unwrap().to_owned());
        }
        let body: serde_json::Value = client
            .get(format!("{}/api/v1/surveys/{SURVEY}", server.base))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        body["version"].as_str().unwrap().to_owned()
    };
    let seeded = Instant::now();
    seed(url, n, &version, themes.len()).await;
    eprintln!("seeded {n} in {:.0} s", seeded.elapsed().as_secs_f64());
    // The bulk load queued every comment for the suggestions' counts; count them all before
    // timing, as a running service would have by the time anyone looks.
    let counting = Instant::now();
    let db = yousaid::storage::Db::connect(url).await.unwrap();
    let mut counted = 0_u64;
    loop {
        let taken = yousaid::workspace::phrases::catch_up_batch(&db)
            .await
            .unwrap();
        if taken == 0 {
            break;
        }
        counted += taken;
        if counted % 100_000 < taken {
            eprintln!("{n}: counted phrases of {counted} queued changes");
        }
    }
    let counting = counting.elapsed().as_secs_f64();
    eprintln!("{n}: counted phrases of {counted} queued changes in {counting:.0} s");
    let server = Server::start(url, defs);
    let base = &server.base;
    // Right after a bulk load, `serve`'s scheduler drafts the last quarter and rolls its days
    // up; on SQLite that write can hold the lock past the sign-in's wait, which answers 503.
    let signed_in = Instant::now();
    let login = loop {
        let login = client
            .post(format!("{base}/admin/login"))
            .form(&[("email", EMAIL), ("password", PASSWORD)])
            .send()
            .await
            .unwrap();
        if login.status() != 503 || signed_in.elapsed() > Duration::from_secs(300) {
            break login;
        }
        tokio::time::sleep(Duration::from_secs(1)).await;
    };
    assert_eq!(login.status(), 303, "signed in");
    eprintln!(
        "{n}: signed in after {:.1} s",
        signed_in.elapsed().as_secs_f64()
    );
    let cookie = login.headers()["set-cookie"]
        .to_str()
        .unwrap()
        .split(';')
        .next()
        .unwrap()
        .to_owned();
    let list: serde_json::Value = client
        .get(format!("{base}/api/v1/admin/surveys/{SURVEY}/responses"))
        .header("Authorization", format!("Bearer {token}"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let one = list["responses"][0]["id"].as_str().unwrap().to_owned();
    let quarter = yousaid::period::Period::quarter_of(chrono::Utc::now());
    let survey = format!("/admin/surveys/{SURVEY}");
    let pages: Vec<(String, String)> = vec![
        ("overview".into(), "/admin".into()),
        ("responses".into(), format!("{survey}/responses")),
        (
            "responses, page 500".into(),
            format!("{survey}/responses?page=500"),
        ),
        (
            "filter: this quarter".into(),
            format!("{survey}/responses?period={quarter}"),
        ),
        (
            "filter: user type".into(),
            format!("{survey}/responses?user_type=academia"),
        ),
        (
            "filter: theme".into(),
            format!("{survey}/responses?theme={}", themes[0]),
        ),
        (
            "filter: answered question".into(),
            format!("{survey}/responses?question=comments"),
        ),
        (
            "filter: spam".into(),
            format!("{survey}/responses?status=spam"),
        ),
        ("text search".into(), format!("{survey}/responses?q=county")),
        (
            "phrase search".into(),
            format!("{survey}/responses?q=%22regional%20breakdowns%22"),
        ),
        ("one response".into(), format!("{survey}/responses/{one}")),
        (
            "themes, with suggestions".into(),
            format!("{survey}/themes"),
        ),
        ("actions".into(), format!("{survey}/actions")),
        ("publication".into(), format!("{survey}/publication")),
        (
            "effectiveness".into(),
            "/admin/effectiveness?team=food-statistics".into(),
        ),
        ("organisation".into(), "/admin/organisation".into()),
    ];
    let api: Vec<(String, String)> = vec![
        (
            "API: responses".into(),
            format!("/api/v1/admin/surveys/{SURVEY}/responses"),
        ),
        (
            "API: text search".into(),
            format!("/api/v1/admin/surveys/{SURVEY}/responses?q=county"),
        ),
        (
            "API: themes".into(),
            format!("/api/v1/admin/surveys/{SURVEY}/themes"),
        ),
        (
            "API: suggestions".into(),
            format!("/api/v1/admin/surveys/{SURVEY}/themes/suggestions"),
        ),
        (
            "API: effectiveness".into(),
            "/api/v1/admin/effectiveness?team=food-statistics".into(),
        ),
        (
            "API: organisation themes".into(),
            "/api/v1/admin/organisation/themes".into(),
        ),
    ];
    let mut out = BTreeMap::new();
    out.insert(
        String::new(),
        time(&client, &format!("{base}/healthz"), None, None).await,
    );
    for (name, path) in pages {
        let t = time(&client, &format!("{base}{path}"), Some(&cookie), None).await;
        eprintln!("{n} {name}: {:.1} ms (first {:.1} ms)", t.0, t.1);
        out.insert(name, t);
    }
    for (name, path) in api {
        let t = time(&client, &format!("{base}{path}"), None, Some(&token)).await;
        eprintln!("{n} {name}: {:.1} ms (first {:.1} ms)", t.0, t.1);
        out.insert(name, t);
    }
    Run {
        label,
        n,
        times: out,
        peak_mib: server.peak_rss_mib(),
    }
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let sizes: Vec<u64> = std::env::var("WORKSPACE_SIZES")
        .ok()
        .map(|s| s.split(',').filter_map(|n| n.trim().parse().ok()).collect())
        .unwrap_or_else(|| vec![100_000, 1_000_000]);
    let databases = std::env::var("WORKSPACE_DATABASES").unwrap_or_default();
    let wanted = |name: &str| databases.is_empty() || databases.contains(name);
    let keep = std::env::var_os("WORKSPACE_KEEP").map(std::path::PathBuf::from);
    let dir = tempfile::tempdir().unwrap();
    let defs = dir.path().join("defs");
    copy_definitions(&defs);
    let files = keep.clone().unwrap_or_else(|| dir.path().to_owned());
    std::fs::create_dir_all(&files).unwrap();
    let mut results: Vec<Run> = Vec::new();
    for &n in sizes.iter().filter(|_| wanted("sqlite")) {
        let file = files.join(format!("workspace-{n}.db"));
        for stale in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{stale}", file.display()));
        }
        let url = format!("sqlite://{}", file.display());
        results.push(run("SQLite", &url, &defs, n).await);
    }
    if let Some(admin) = postgres::admin_url().filter(|_| wanted("postgres")) {
        for &n in &sizes {
            let name = match keep {
                Some(_) => format!("yousaid_workspace_{n}"),
                None => "yousaid_workspace_bench".to_owned(),
            };
            let url = postgres::fresh_database(&admin, &name).await;
            results.push(run("PostgreSQL", &url, &defs, n).await);
            if keep.is_none() {
                postgres::drop_database(&admin, &name).await;
            }
        }
    }
    println!(
        "\nyousaid workspace benchmark: release build, loopback, warm median of 5 (of 1 over 2 s)\n"
    );
    for r in &results {
        let healthz = r.times[""].0;
        println!(
            "### {}, {} responses (`/healthz` {healthz:.2} ms; server peak RSS {:.0} MiB)\n",
            r.label, r.n, r.peak_mib
        );
        println!("| page or call | warm | × /healthz | first |");
        println!("|---|---:|---:|---:|");
        for (name, (warm, first)) in r.times.iter().filter(|(k, _)| !k.is_empty()) {
            println!(
                "| {name} | {warm:.1} ms | {:.0}× | {first:.1} ms |",
                warm / healthz
            );
        }
        println!();
    }
    // How each page's cost grows with the responses: the largest size over the smallest.
    for label in ["SQLite", "PostgreSQL"] {
        let runs: Vec<&Run> = results.iter().filter(|r| r.label == label).collect();
        if let (Some(small), Some(large)) = (runs.first(), runs.last())
            && small.n != large.n
        {
            println!(
                "### {label}: {} ÷ {} responses, each as a ratio to `/healthz`\n",
                large.n, small.n
            );
            println!("| page or call | growth (× /healthz) | growth (ms) |");
            println!("|---|---:|---:|");
            let ratio = |times: &Times, name: &str| times[name].0 / times[""].0;
            for name in large.times.keys().filter(|k| !k.is_empty()) {
                println!(
                    "| {name} | {:.2} | {:.2} |",
                    ratio(&large.times, name) / ratio(&small.times, name),
                    large.times[name].0 / small.times[name].0
                );
            }
            println!();
        }
    }
}
