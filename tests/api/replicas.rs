//! Two `serve` replicas on one PostgreSQL behind a real load balancer — Debian's nginx,
//! round robin — as a department runs them: a producer's session and CSRF token work whichever
//! replica answers, a form one replica renders is taken by the other, the scheduler drafts a
//! period once, each email goes out once, `kill -9` of a replica loses no acknowledged
//! response, and each replica keeps its own rate limit, as the README says.
//!
//! Runs with PostgreSQL only (replicas cannot share a SQLite file). CI installs nginx (see
//! `tests/run`), so there a missing nginx fails the test; elsewhere it says so and passes.

use crate::helpers::{Backend, PASSWORD, POSTGRES_VAR, TestDb, copy_definitions, hidden_value};
use crate::smtp::{SmtpServer, free_port, link};
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::Duration;

const NGINX: &str = "/usr/sbin/nginx";
const SURVEY: &str = "food-statistics-pocketbook";
const RATE: u32 = 5;

/// One `yousaid serve` process.
struct Replica {
    child: Child,
    port: u16,
}

impl Replica {
    fn start(env: &[(&str, String)]) -> Self {
        let mut child = Command::new(env!("CARGO_BIN_EXE_yousaid"))
            .arg("serve")
            .envs(env.iter().map(|(k, v)| (*k, v.as_str())))
            .env("YOUSAID_ADDR", "127.0.0.1:0")
            .env("RUST_LOG", "info")
            .stdout(Stdio::piped())
            .spawn()
            .unwrap();
        let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
        let port = loop {
            let line = lines.next().expect("the replica exited").unwrap();
            let value: serde_json::Value = serde_json::from_str(&line).unwrap_or_default();
            if value["message"] == "listening" {
                break u16::try_from(value["port"].as_u64().unwrap()).unwrap();
            }
        };
        std::thread::spawn(move || for _ in lines {});
        Self { child, port }
    }
}

impl Drop for Replica {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// nginx in the foreground, balancing `upstreams` round robin on `port`.
struct Nginx {
    child: Child,
    dir: tempfile::TempDir,
}

impl Nginx {
    fn start(port: u16, upstreams: &[u16]) -> Self {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().display();
        let is_root = Command::new("id")
            .arg("-u")
            .output()
            .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0");
        let servers: String = upstreams
            .iter()
            .map(|p| format!("server 127.0.0.1:{p};"))
            .collect();
        // The test's `X-Client` header stands for the client's address, so one process can
        // act as many clients; the service trusts X-Forwarded-For from its proxy.
        let conf = format!(
            "{user}worker_processes 1; daemon off; pid {root}/nginx.pid; error_log {root}/error.log warn;
events {{ worker_connections 512; }}
http {{
  access_log off;
  client_body_temp_path {root}/body; proxy_temp_path {root}/proxy; fastcgi_temp_path {root}/fastcgi;
  uwsgi_temp_path {root}/uwsgi; scgi_temp_path {root}/scgi;
  upstream yousaid {{ {servers} }}
  server {{
    listen 127.0.0.1:{port};
    location / {{
      proxy_pass http://yousaid;
      proxy_http_version 1.1;
      proxy_set_header Connection '';
      proxy_set_header Host $http_host;
      proxy_set_header X-Forwarded-For $http_x_client;
      add_header X-Upstream $upstream_addr always;
    }}
  }}
}}
",
            user = if is_root { "user root; " } else { "" },
        );
        let path = dir.path().join("nginx.conf");
        std::fs::write(&path, conf).unwrap();
        let child = Command::new(NGINX)
            .arg("-p")
            .arg(dir.path())
            .arg("-e")
            .arg(dir.path().join("error.log"))
            .arg("-c")
            .arg(&path)
            // Not the test's own output: a worker that outlived the test would hold it open.
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        Self { child, dir }
    }
}

impl Nginx {
    /// What nginx logged, for a failure message.
    fn log(&self) -> String {
        std::fs::read_to_string(self.dir.path().join("error.log")).unwrap_or_default()
    }
}

impl Drop for Nginx {
    fn drop(&mut self) {
        // SIGTERM, so the master stops its workers too (SIGKILL would orphan them).
        let _ = Command::new("kill")
            .arg("-TERM")
            .arg(self.child.id().to_string())
            .status();
        let _ = self.child.wait();
    }
}

fn yousaid(env: &[(&str, String)], args: &[&str], stdin: Option<&str>) -> String {
    let mut command = Command::new(env!("CARGO_BIN_EXE_yousaid"));
    command
        .args(args)
        .envs(env.iter().map(|(k, v)| (*k, v.as_str())));
    crate::helpers::stdout_of(command, stdin, &format!("yousaid {args:?}"))
}

/// Which replica answered, as nginx says.
fn upstream(res: &reqwest::Response) -> String {
    res.headers()
        .get("x-upstream")
        .map(|v| v.to_str().unwrap().to_owned())
        .unwrap_or_default()
}

/// Six responses on the first days of `quarter`, for the scheduler to draft it from.
fn quarter_csv(dir: &Path, quarter: yousaid::period::Period) -> PathBuf {
    let path = dir.join("quarter.csv");
    let (start, _) = quarter.bounds();
    let mut csv = String::from("Timestamp,role,satisfaction\n");
    for day in 0..6 {
        let at = start + chrono::Duration::days(day) + chrono::Duration::hours(12);
        csv.push_str(&format!(
            "{},Academic or researcher,4\n",
            at.format("%Y-%m-%dT%H:%M:%SZ")
        ));
    }
    std::fs::write(&path, csv).unwrap();
    path
}

async fn eventually(mut ok: impl AsyncFnMut() -> bool) -> bool {
    for _ in 0..100 {
        if ok().await {
            return true;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    false
}

#[tokio::test]
async fn two_replicas_behind_nginx_share_sessions_forms_drafts_and_mail_and_lose_nothing() {
    if std::env::var(POSTGRES_VAR).is_err() {
        eprintln!("replica test not run: it needs {POSTGRES_VAR} (replicas share PostgreSQL)");
        return;
    }
    if !Path::new(NGINX).exists() {
        let in_ci = std::env::var("CI").is_ok_and(|v| !v.is_empty() && v != "false");
        assert!(
            !in_ci,
            "the replica test needs nginx (apt-get install nginx)"
        );
        eprintln!("replica test not run: nginx is not installed");
        return;
    }
    let _quiet = crate::helpers::timing().await;
    let dir = Arc::new(tempfile::tempdir().unwrap());
    let defs = dir.path().join("defs");
    copy_definitions(&defs);
    let db = TestDb::new(Backend::Postgres, dir.clone()).await;
    let smtp = SmtpServer::start(free_port()).await;
    let lb_port = free_port();
    let base = format!("http://127.0.0.1:{lb_port}");
    let env = vec![
        ("DATABASE_URL", db.url.clone()),
        ("YOUSAID_DEFINITIONS", defs.display().to_string()),
        ("YOUSAID_BASE_URL", base.clone()),
        ("YOUSAID_SMTP_URL", smtp.url()),
        ("YOUSAID_MAIL_RETRY_SECONDS", "1".to_owned()),
        ("YOUSAID_SCHEDULE_SECONDS", "1".to_owned()),
        ("YOUSAID_SUBMIT_RATE", RATE.to_string()),
        ("YOUSAID_MIN_FILL_SECONDS", "0".to_owned()),
        ("YOUSAID_CLIENT_IP_HEADER", "X-Forwarded-For".to_owned()),
        (
            "YOUSAID_OUTBOX_DIR",
            dir.path().join("outbox").display().to_string(),
        ),
    ];
    yousaid(&env, &["migrate"], None);
    let email = "ana@example.gov.uk";
    yousaid(
        &env,
        &[
            "user",
            "add",
            "--email",
            email,
            "--team",
            "food-statistics",
            "--role",
            "publisher",
            "--password-stdin",
        ],
        Some(PASSWORD),
    );
    let a = Replica::start(&env);
    let b = Replica::start(&env);
    let mut a = Some(a);
    let nginx = Nginx::start(lb_port, &[a.as_ref().unwrap().port, b.port]);
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    assert!(
        eventually(async || client
            .get(format!("{base}/healthz"))
            .send()
            .await
            .is_ok_and(|r| r.status() == 200))
        .await,
        "nginx answers: {}",
        nginx.log()
    );

    // A session and its CSRF token work on whichever replica answers.
    let login = client
        .post(format!("{base}/admin/login"))
        .form(&[("email", email), ("password", PASSWORD)])
        .send()
        .await
        .unwrap();
    assert_eq!(login.status(), 303);
    let cookie = login.headers()["set-cookie"]
        .to_str()
        .unwrap()
        .split(';')
        .next()
        .unwrap()
        .to_owned();
    let mut seen = std::collections::BTreeSet::new();
    let mut csrf = String::new();
    for _ in 0..4 {
        let res = client
            .get(format!("{base}/admin"))
            .header("Cookie", &cookie)
            .send()
            .await
            .unwrap();
        seen.insert(upstream(&res));
        assert_eq!(res.status(), 200);
        csrf = hidden_value(&res.text().await.unwrap(), "_csrf").unwrap();
    }
    for i in 0..4 {
        let res = client
            .post(format!("{base}/admin/surveys/{SURVEY}/themes"))
            .header("Cookie", &cookie)
            .form(&[("_csrf", csrf.as_str()), ("name", &format!("Theme {i}"))])
            .send()
            .await
            .unwrap();
        seen.insert(upstream(&res));
        assert_eq!(res.status(), 303, "theme {i}, by {}", upstream(&res));
    }
    assert_eq!(seen.len(), 2, "both replicas answered: {seen:?}");

    // A form rendered by one replica is taken by the other.
    let a_port = a.as_ref().unwrap().port;
    let page = client
        .get(format!("http://127.0.0.1:{a_port}/s/{SURVEY}"))
        .send()
        .await
        .unwrap();
    let html = page.text().await.unwrap();
    let token = hidden_value(&html, "_token").unwrap();
    let sent = client
        .post(format!("http://127.0.0.1:{}/s/{SURVEY}", b.port))
        .form(&[
            ("_token", token.as_str()),
            ("_lang", "en"),
            ("website", ""),
            ("role", "academia"),
            ("satisfaction", "4"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(sent.status(), 303, "replica B took replica A's form");

    // A subscriber, confirmed through the balancer.
    let reader = "reader@example.org";
    let res = client
        .post(format!("{base}/published/{SURVEY}/subscribe"))
        .header("X-Client", "192.0.2.10")
        .form(&[("email", reader)])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let confirm = smtp
        .wait_for(1, |m| m.contains("Confirm your subscription"))
        .await;
    let url = link(&confirm[0], "/confirm").unwrap();
    assert!(url.starts_with(&base), "{url}");
    let done = client
        .post(&url)
        .header("X-Client", "192.0.2.10")
        .form::<[(&str, &str)]>(&[])
        .send()
        .await
        .unwrap();
    let status = done.status();
    let by = upstream(&done);
    assert_eq!(status, 200, "{url} by {by}: {}", done.text().await.unwrap());

    // The scheduler of each replica looks every second; the quarter is drafted once.
    // The last quarter that has ended: the one the scheduler drafts.
    let quarter = yousaid::period::Period::quarter_of(chrono::Utc::now()).previous();
    let period = quarter.to_string();
    let csv = quarter_csv(dir.path(), quarter);
    yousaid(
        &env,
        &["import", "--survey", SURVEY, csv.to_str().unwrap()],
        None,
    );
    let conn = sea_orm::Database::connect(db.url.clone()).await.unwrap();
    let count = async |sql: &str| -> i64 {
        use sea_orm::{ConnectionTrait, Statement};
        conn.query_one_raw(Statement::from_string(
            sea_orm::DbBackend::Postgres,
            sql.to_owned(),
        ))
        .await
        .unwrap()
        .unwrap()
        .try_get_by_index::<i64>(0)
        .unwrap()
    };
    let drafts = format!(
        "SELECT COUNT(*) FROM publications WHERE survey_id = '{SURVEY}' AND period = '{period}'"
    );
    let drafts = drafts.as_str();
    assert!(
        eventually(async || count(drafts).await > 0).await,
        "a replica drafted {period}"
    );
    tokio::time::sleep(Duration::from_secs(3)).await;
    assert_eq!(count(drafts).await, 1, "drafted once, by one replica");

    // Published: both replicas' mail workers run; the subscriber gets one email.
    yousaid(
        &env,
        &[
            "publish", "approve", "--survey", SURVEY, "--period", &period,
        ],
        None,
    );
    let published = |m: &str| m.contains("You said, we did: Food Statistics");
    smtp.wait_for(1, published).await;
    tokio::time::sleep(Duration::from_secs(3)).await;
    let mails = smtp.messages();
    assert_eq!(
        mails.iter().filter(|m| published(m)).count(),
        1,
        "one publication email"
    );
    assert_eq!(
        mails
            .iter()
            .filter(|m| m.contains("Confirm your subscription"))
            .count(),
        1
    );

    // Each replica counts a client's submissions on its own: through round robin a client
    // gets up to twice the rate, as the README says.
    let body = serde_json::json!({"answers": {"role": "academia", "satisfaction": 4}});
    let mut accepted = 0;
    for _ in 0..(RATE * 3) {
        let res = client
            .post(format!("{base}/api/v1/surveys/{SURVEY}/responses"))
            .header("X-Client", "192.0.2.99")
            .json(&body)
            .send()
            .await
            .unwrap();
        match res.status().as_u16() {
            201 => accepted += 1,
            429 => {}
            other => panic!("answered {other}"),
        }
    }
    assert!(
        accepted > RATE && accepted <= 2 * RATE,
        "{accepted} accepted"
    );

    // Load through the balancer, and replica A killed with SIGKILL part way: every response
    // acknowledged with 201 is in the database.
    let mut acknowledged = Vec::new();
    let mut after_kill = 0;
    for round in 0..20u32 {
        let sends = (0..10u32).map(|i| {
            let request = client
                .post(format!("{base}/api/v1/surveys/{SURVEY}/responses"))
                .header("X-Client", format!("10.0.{round}.{i}"))
                .json(&body);
            async move { request.send().await }
        });
        let all = futures_util::future::join_all(sends);
        let results = if round == 6 {
            // Mid-round, with requests in flight: Child::kill sends SIGKILL, so the replica
            // neither finishes nor flushes anything.
            let mut killed = a.take().unwrap();
            let kill = async move {
                tokio::time::sleep(Duration::from_millis(3)).await;
                killed.child.kill().unwrap();
                killed.child.wait().unwrap();
            };
            tokio::join!(all, kill).0
        } else {
            all.await
        };
        for res in results.into_iter().flatten() {
            if res.status() == 201 {
                let json: serde_json::Value = res.json().await.unwrap();
                acknowledged.push(json["id"].as_str().unwrap().to_owned());
                if round > 6 {
                    after_kill += 1;
                }
            }
        }
    }
    assert!(after_kill > 0, "replica B kept taking answers");
    let ids: Vec<String> = acknowledged.iter().map(|id| format!("'{id}'")).collect();
    let stored = count(&format!(
        "SELECT COUNT(*) FROM responses WHERE id IN ({})",
        ids.join(",")
    ))
    .await;
    assert_eq!(
        stored as usize,
        acknowledged.len(),
        "every acknowledged response is stored"
    );
    eprintln!(
        "replicas: {} acknowledged under load, {after_kill} after kill -9 of one; {accepted} of {} past the rate limit",
        acknowledged.len(),
        RATE * 3
    );
    drop(b);
    conn.close().await.ok();
    db.drop_database().await;
}
