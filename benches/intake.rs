//! Intake benchmark: runs the release binary and loads it over loopback, printing one table.
//!
//!     cargo bench --bench intake
//!
//! Baseline: `GET /healthz` in the same run, so figures compare across machines as ratios.
//! PostgreSQL is included when `YOUSAID_BENCH_POSTGRES_URL` (or the tests' variable) is set.
//! `BENCH_SECONDS` sets each phase's length (default 5).

// A benchmark reports by printing; failures to set up are fatal by design.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::arithmetic_side_effects,
    clippy::print_stdout
)]

#[path = "support/server.rs"]
mod server;

use serde_json::json;
use server::{Server, copy_definitions};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

const SURVEY: &str = "food-statistics-pocketbook";
const CONCURRENCY: usize = 64;

/// What a phase measured.
struct Phase {
    ok: u64,
    failed: u64,
    seconds: f64,
    latencies: Vec<Duration>,
}

impl Phase {
    fn rate(&self) -> f64 {
        self.ok as f64 / self.seconds
    }
    fn percentile(&self, p: f64) -> f64 {
        let mut l = self.latencies.clone();
        l.sort();
        if l.is_empty() {
            return 0.0;
        }
        let i = ((l.len() as f64 - 1.0) * p).round() as usize;
        l[i].as_secs_f64() * 1000.0
    }
}

type Job = Arc<
    dyn Fn(reqwest::Client, String, u64) -> futures_util::future::BoxFuture<'static, bool>
        + Send
        + Sync,
>;

/// As fast as `CONCURRENCY` clients can go, for `seconds`.
async fn closed_loop(base: &str, seconds: f64, job: Job) -> Phase {
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let stop = Arc::new(AtomicBool::new(false));
    let ok = Arc::new(AtomicU64::new(0));
    let failed = Arc::new(AtomicU64::new(0));
    let counter = Arc::new(AtomicU64::new(0));
    let started = Instant::now();
    let mut tasks = Vec::new();
    for _ in 0..CONCURRENCY {
        let (client, base, job) = (client.clone(), base.to_owned(), job.clone());
        let (stop, ok, failed, counter) =
            (stop.clone(), ok.clone(), failed.clone(), counter.clone());
        tasks.push(tokio::spawn(async move {
            let mut latencies = Vec::new();
            while !stop.load(Ordering::Relaxed) {
                let n = counter.fetch_add(1, Ordering::Relaxed);
                let t = Instant::now();
                if job(client.clone(), base.clone(), n).await {
                    ok.fetch_add(1, Ordering::Relaxed);
                    latencies.push(t.elapsed());
                } else {
                    failed.fetch_add(1, Ordering::Relaxed);
                }
            }
            latencies
        }));
    }
    tokio::time::sleep(Duration::from_secs_f64(seconds)).await;
    stop.store(true, Ordering::Relaxed);
    let mut latencies = Vec::new();
    for task in tasks {
        latencies.extend(task.await.unwrap());
    }
    Phase {
        ok: ok.load(Ordering::Relaxed),
        failed: failed.load(Ordering::Relaxed),
        seconds: started.elapsed().as_secs_f64(),
        latencies,
    }
}

/// A fixed arrival rate, whatever the latency, for `seconds`: latency under a known load.
async fn open_loop(base: &str, seconds: f64, rate: f64, job: Job) -> Phase {
    let client = reqwest::Client::builder().build().unwrap();
    let started = Instant::now();
    let interval = Duration::from_secs_f64(1.0 / rate);
    let total = (seconds * rate) as u64;
    let mut tasks = Vec::with_capacity(total as usize);
    for n in 0..total {
        let due = started + interval.mul_f64(n as f64);
        tokio::time::sleep_until(due.into()).await;
        let (client, base, job) = (client.clone(), base.to_owned(), job.clone());
        tasks.push(tokio::spawn(async move {
            let t = Instant::now();
            let ok = job(client, base, 1_000_000_000 + n).await;
            (ok, t.elapsed())
        }));
    }
    let mut phase = Phase {
        ok: 0,
        failed: 0,
        seconds: 0.0,
        latencies: Vec::new(),
    };
    for task in tasks {
        let (ok, latency) = task.await.unwrap();
        if ok {
            phase.ok += 1;
            phase.latencies.push(latency);
        } else {
            phase.failed += 1;
        }
    }
    phase.seconds = started.elapsed().as_secs_f64();
    phase
}

fn get(path: &'static str) -> Job {
    Arc::new(move |client, base, _| {
        Box::pin(async move {
            match client.get(format!("{base}{path}")).send().await {
                Ok(r) => r.status().is_success() && r.bytes().await.is_ok(),
                Err(_) => false,
            }
        })
    })
}

fn submit() -> Job {
    Arc::new(|client, base, n| {
        Box::pin(async move {
            let role = ["academia", "public", "central-government"][(n % 3) as usize];
            let body = json!({"answers": {
                "role": role,
                "satisfaction": 1 + (n % 5),
                "sections": ["food-chain", "prices-and-expenditure"],
                "comments": "The tables on prices were exactly what I needed."
            }});
            match client
                .post(format!("{base}/api/v1/surveys/{SURVEY}/responses"))
                .json(&body)
                .send()
                .await
            {
                Ok(r) => r.status().as_u16() == 201,
                Err(_) => false,
            }
        })
    })
}

/// A person: load the page, then send the form.
fn respondent() -> Job {
    Arc::new(|client, base, n| {
        Box::pin(async move {
            let Ok(page) = client.get(format!("{base}/s/{SURVEY}")).send().await else {
                return false;
            };
            let Ok(html) = page.text().await else {
                return false;
            };
            let Some(token) = html
                .split("name=\"_token\" value=\"")
                .nth(1)
                .and_then(|s| s.split('"').next())
            else {
                return false;
            };
            let satisfaction = (1 + n % 5).to_string();
            let form = [
                ("_token", token),
                ("_lang", "en"),
                ("website", ""),
                ("role", "academia"),
                ("satisfaction", satisfaction.as_str()),
                ("formats", "pdf"),
                ("comments", "More regional breakdowns, please."),
            ];
            match client
                .post(format!("{base}/s/{SURVEY}"))
                .form(&form)
                .send()
                .await
            {
                Ok(r) => r.status().as_u16() == 303,
                Err(_) => false,
            }
        })
    })
}

async fn stored(database_url: &str) -> i64 {
    use sea_orm::{ConnectionTrait, Statement};
    let conn = sea_orm::Database::connect(database_url.to_owned())
        .await
        .unwrap();
    let row = conn
        .query_one_raw(Statement::from_string(
            conn.get_database_backend(),
            "SELECT COUNT(*) FROM responses",
        ))
        .await
        .unwrap()
        .unwrap();
    let n = row.try_get_by_index::<i64>(0).unwrap();
    conn.close().await.ok();
    n
}

fn row(name: &str, value: String, note: String) {
    println!("| {name} | {value} | {note} |");
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let seconds: f64 = std::env::var("BENCH_SECONDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(5.0);
    let dir = tempfile::tempdir().unwrap();
    let definitions = dir.path().join("defs");
    copy_definitions(&definitions);
    let sqlite = format!("sqlite://{}", dir.path().join("bench.db").display());
    let server = Server::start(&sqlite, &definitions);
    let base = server.base.clone();

    closed_loop(&base, 1.0, get("/healthz")).await; // warm up
    let healthz = closed_loop(&base, seconds, get("/healthz")).await;
    let page = closed_loop(&base, seconds, get("/s/food-statistics-pocketbook")).await;
    let before = stored(&sqlite).await;
    let api = closed_loop(&base, seconds, submit()).await;
    let counted = stored(&sqlite).await - before;
    let half = open_loop(&base, seconds, api.rate() / 2.0, submit()).await;
    let people = closed_loop(&base, seconds, respondent()).await;
    let rss = server.peak_rss_mib();
    drop(server);

    let pg_url = std::env::var("YOUSAID_BENCH_POSTGRES_URL")
        .or_else(|_| std::env::var("YOUSAID_TEST_POSTGRES_URL"))
        .ok();
    let mut pg = None;
    if let Some(admin) = pg_url {
        use sea_orm::ConnectionTrait;
        let conn = sea_orm::Database::connect(admin.clone()).await.unwrap();
        conn.execute_unprepared("DROP DATABASE IF EXISTS yousaid_bench WITH (FORCE)")
            .await
            .unwrap();
        conn.execute_unprepared("CREATE DATABASE yousaid_bench")
            .await
            .unwrap();
        let (path, query) = admin.split_once('?').unwrap_or((admin.as_str(), ""));
        let sep = if query.is_empty() { "" } else { "?" };
        let url = format!(
            "{}/yousaid_bench{sep}{query}",
            path.rsplit_once('/').unwrap().0
        );
        let server = Server::start(&url, &definitions);
        closed_loop(&server.base, 1.0, get("/healthz")).await;
        let before = stored(&url).await;
        let phase = closed_loop(&server.base, seconds, submit()).await;
        let counted = stored(&url).await - before;
        let half = open_loop(&server.base, seconds, phase.rate() / 2.0, submit()).await;
        drop(server);
        conn.execute_unprepared("DROP DATABASE IF EXISTS yousaid_bench WITH (FORCE)")
            .await
            .ok();
        pg = Some((phase, counted, half));
    }

    let base_rate = healthz.rate();
    println!(
        "\nyousaid intake benchmark: {seconds} s per phase, {CONCURRENCY} concurrent clients, release build, loopback, client and server sharing the machine\n"
    );
    println!("| measure | value | vs /healthz and notes |");
    println!("|---|---|---|");
    row(
        "GET /healthz (baseline)",
        format!("{:.0} req/s", base_rate),
        format!(
            "1.00; p50 {:.2} ms, p99 {:.2} ms",
            healthz.percentile(0.5),
            healthz.percentile(0.99)
        ),
    );
    row(
        "GET /s/{id}",
        format!("{:.0} req/s", page.rate()),
        format!("{:.2}", page.rate() / base_rate),
    );
    row(
        "accepted API submissions, SQLite",
        format!("{:.0} /s", api.rate()),
        format!(
            "{:.2}; {} acknowledged, {} stored, {} failed",
            api.rate() / base_rate,
            api.ok,
            counted,
            api.failed
        ),
    );
    row(
        "latency at half that rate, SQLite",
        format!(
            "p50 {:.2} ms, p99 {:.2} ms",
            half.percentile(0.5),
            half.percentile(0.99)
        ),
        format!("{:.0} /s offered, {} failed", api.rate() / 2.0, half.failed),
    );
    if let Some((phase, counted, half)) = &pg {
        row(
            "accepted API submissions, PostgreSQL",
            format!("{:.0} /s", phase.rate()),
            format!(
                "{:.2}; {} acknowledged, {} stored, {} failed",
                phase.rate() / base_rate,
                phase.ok,
                counted,
                phase.failed
            ),
        );
        row(
            "latency at half that rate, PostgreSQL",
            format!(
                "p50 {:.2} ms, p99 {:.2} ms",
                half.percentile(0.5),
                half.percentile(0.99)
            ),
            format!(
                "{:.0} /s offered, {} failed",
                phase.rate() / 2.0,
                half.failed
            ),
        );
    }
    row(
        "respondents (GET page + POST form)",
        format!("{:.0} /s", people.rate()),
        format!("{:.2}; {} failed", people.rate() / base_rate, people.failed),
    );
    row(
        "peak RSS of the server (SQLite run)",
        format!("{rss:.1} MiB"),
        String::new(),
    );
    let durable = api.ok as i64 == counted;
    println!("\nevery acknowledged SQLite submission stored: {durable}");
    if counted != api.ok as i64 {
        std::process::exit(1);
    }
}
