//! Starting the real service for a test: its own database (SQLite file, or a fresh PostgreSQL
//! database when `YOUSAID_TEST_POSTGRES_URL` is set), its own copy of the definitions, a
//! random port.

use sea_orm::{ConnectionTrait, Database, DatabaseConnection, Statement};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use tokio::sync::OnceCell;
use yousaid::app::Application;
use yousaid::config::{ServeArgs, StorageArgs};

/// The variable that turns the PostgreSQL runs on.
pub const POSTGRES_VAR: &str = "YOUSAID_TEST_POSTGRES_URL";

/// A database the service can run on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// SQLite always; PostgreSQL too when its URL is set (CI always sets it).
pub fn backends() -> Vec<Backend> {
    let mut backends = vec![Backend::Sqlite];
    if std::env::var(POSTGRES_VAR).is_ok_and(|v| !v.is_empty()) {
        backends.push(Backend::Postgres);
    }
    backends
}

/// A database made for one test.
pub struct TestDb {
    pub url: String,
    pg_name: Option<String>,
    _dir: Arc<tempfile::TempDir>,
}

static PG_SWEPT: OnceCell<()> = OnceCell::const_new();

fn pg_admin_url() -> String {
    std::env::var(POSTGRES_VAR).expect("postgres url")
}

fn with_database(url: &str, name: &str) -> String {
    let (base, _) = url.rsplit_once('/').expect("postgres url has a database");
    format!("{base}/{name}")
}

async fn pg_admin() -> DatabaseConnection {
    Database::connect(pg_admin_url())
        .await
        .expect("connect to PostgreSQL")
}

impl TestDb {
    /// A fresh, empty database on `backend`.
    pub async fn new(backend: Backend, dir: Arc<tempfile::TempDir>) -> Self {
        match backend {
            Backend::Sqlite => Self {
                url: format!("sqlite://{}", dir.path().join("data/yousaid.db").display()),
                pg_name: None,
                _dir: dir,
            },
            Backend::Postgres => {
                let admin = pg_admin().await;
                PG_SWEPT
                    .get_or_init(|| async {
                        // Databases left by a killed run of this suite.
                        let rows = admin
                            .query_all_raw(Statement::from_string(
                                admin.get_database_backend(),
                                "SELECT datname FROM pg_database WHERE datname LIKE 'yousaid_test_%'",
                            ))
                            .await
                            .unwrap_or_default();
                        for row in rows {
                            // Only databases of runs long gone: a suite running beside this
                            // one (its names carry a UUID v7, so a time) keeps its own.
                            if let Ok(name) = row.try_get::<String>("", "datname")
                                && left_behind(&name)
                            {
                                let _ = admin
                                    .execute_unprepared(&format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)"))
                                    .await;
                            }
                        }
                    })
                    .await;
                let name = format!("yousaid_test_{}", uuid::Uuid::now_v7().simple());
                admin
                    .execute_unprepared(&format!("CREATE DATABASE \"{name}\""))
                    .await
                    .expect("create test database");
                Self {
                    url: with_database(&pg_admin_url(), &name),
                    pg_name: Some(name),
                    _dir: dir,
                }
            }
        }
    }

    /// Makes the database refuse new work, as if its server had gone away.
    pub async fn make_unreachable(&self) -> Option<DatabaseConnection> {
        match &self.pg_name {
            Some(name) => {
                let admin = pg_admin().await;
                admin
                    .execute_unprepared(&format!(
                        "ALTER DATABASE \"{name}\" ALLOW_CONNECTIONS false"
                    ))
                    .await
                    .expect("block connections");
                admin
                    .execute_unprepared(&format!(
                        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{name}'"
                    ))
                    .await
                    .expect("end connections");
                None
            }
            None => {
                // Another process holding SQLite's write lock: writers time out.
                let blocker = Database::connect(self.url.clone())
                    .await
                    .expect("open SQLite");
                blocker
                    .execute_unprepared("PRAGMA busy_timeout = 0; BEGIN EXCLUSIVE")
                    .await
                    .expect("lock SQLite");
                Some(blocker)
            }
        }
    }

    /// Drops a PostgreSQL test database.
    pub async fn drop_database(&self) {
        if let Some(name) = &self.pg_name {
            let admin = pg_admin().await;
            let _ = admin
                .execute_unprepared(&format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)"))
                .await;
        }
    }
}

/// Whether a test database was made more than two hours ago, by a run that must have ended.
fn left_behind(name: &str) -> bool {
    let made = name
        .strip_prefix("yousaid_test_")
        .and_then(|id| uuid::Uuid::parse_str(id).ok())
        .and_then(|id| id.get_timestamp())
        .map(|t| t.to_unix().0);
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    made.is_none_or(|secs| now.saturating_sub(secs) > 2 * 3600)
}

/// Settings for a test run of the service.
pub struct Options {
    pub submit_rate: u32,
    /// Sign-in attempts per client per minute; 0 (the default here) is off.
    pub login_rate: u32,
    /// Longest wait for a database lock.
    pub db_wait_seconds: u64,
    pub min_fill_seconds: u64,
    pub max_body_bytes: usize,
    pub reload_seconds: u64,
    pub session_idle_minutes: u64,
    /// Extra definition files: (file name, YAML).
    pub extra_definitions: Vec<(&'static str, String)>,
    /// SMTP server for mail; none writes `.eml` files into the test's directory.
    pub smtp_url: Option<String>,
    /// How often the scheduler looks for ended periods; 0 (the default here) is off, so tests
    /// drive it with their own clock.
    pub schedule_seconds: u64,
    /// What `/metrics` asks for; none turns it off.
    pub metrics_token: Option<String>,
}

impl Default for Options {
    fn default() -> Self {
        Self {
            submit_rate: 0,
            login_rate: 0,
            db_wait_seconds: 5,
            min_fill_seconds: 0,
            max_body_bytes: 65_536,
            reload_seconds: 1,
            session_idle_minutes: 30,
            extra_definitions: Vec::new(),
            smtp_url: None,
            schedule_seconds: 0,
            metrics_token: None,
        }
    }
}

/// A running service and what a test needs to talk to it.
pub struct TestApp {
    pub address: String,
    pub db: TestDb,
    pub conn: DatabaseConnection,
    /// The service's own database handle, for library calls (users, tokens).
    pub store: yousaid::storage::Db,
    pub client: reqwest::Client,
    pub definitions: PathBuf,
    _dir: Arc<tempfile::TempDir>,
    server: tokio::task::JoinHandle<std::io::Result<()>>,
}

/// The shipped definitions, copied so a test may edit them.
pub fn copy_definitions(to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    let from = Path::new(env!("CARGO_MANIFEST_DIR")).join("survey-definitions");
    for entry in std::fs::read_dir(from).unwrap() {
        let path = entry.unwrap().path();
        let target = to.join(path.file_name().unwrap());
        if path.is_dir() {
            // `teams/`: one level of team files.
            std::fs::create_dir_all(&target).unwrap();
            for team in std::fs::read_dir(&path).unwrap() {
                let team = team.unwrap().path();
                std::fs::copy(&team, target.join(team.file_name().unwrap())).unwrap();
            }
        } else {
            std::fs::copy(&path, &target).unwrap();
        }
    }
}

/// Builds the settings `serve` would use, for a test.
pub fn serve_args(url: &str, definitions: &Path, options: &Options) -> ServeArgs {
    ServeArgs {
        storage: StorageArgs {
            database_url: url.to_owned(),
        },
        site: yousaid::config::SiteArgs {
            addr: "127.0.0.1:0".to_owned(),
            base_url: None,
        },
        defs: yousaid::config::DefinitionsArgs {
            definitions: definitions.to_path_buf(),
        },
        submit_rate: options.submit_rate,
        login_rate: options.login_rate,
        db_wait_seconds: options.db_wait_seconds,
        secret_key: None,
        metrics_token: options.metrics_token.clone(),
        min_fill_seconds: options.min_fill_seconds,
        max_body_bytes: options.max_body_bytes,
        reload_seconds: options.reload_seconds,
        client_ip_header: None,
        session_idle_minutes: options.session_idle_minutes,
        session_hours: 12,
        workers: Some(1),
        schedule_seconds: options.schedule_seconds,
        mail: yousaid::mail::MailArgs {
            smtp_url: options.smtp_url.clone(),
            mail_from: "yousaid <noreply@stats.example>".to_owned(),
            outbox_dir: definitions.parent().unwrap_or(definitions).join("outbox"),
            mail_retry_seconds: 1,
        },
    }
}

/// Starts the service on `backend` with default options.
pub async fn spawn_app(backend: Backend) -> TestApp {
    spawn_app_with(backend, Options::default()).await
}

/// Starts the service on `backend`.
pub async fn spawn_app_with(backend: Backend, options: Options) -> TestApp {
    let dir = Arc::new(tempfile::tempdir().unwrap());
    let definitions = dir.path().join("survey-definitions");
    copy_definitions(&definitions);
    for (name, yaml) in &options.extra_definitions {
        std::fs::write(definitions.join(name), yaml).unwrap();
    }
    let db = TestDb::new(backend, dir.clone()).await;
    let app = Application::build(serve_args(&db.url, &definitions, &options))
        .await
        .expect("the service starts");
    let address = format!("http://127.0.0.1:{}", app.port());
    let conn = app.db().conn().clone();
    let store = app.db().clone();
    let server = tokio::spawn(app.run_until_stopped());
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    TestApp {
        address,
        db,
        conn,
        store,
        client,
        definitions,
        _dir: dir,
        server,
    }
}

impl TestApp {
    /// GET a path.
    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client
            .get(format!("{}{path}", self.address))
            .send()
            .await
            .unwrap()
    }

    /// GET a path that answers JSON.
    pub async fn get_json(&self, path: &str) -> serde_json::Value {
        self.get(path).await.json().await.unwrap()
    }

    /// POST form pairs to a path.
    pub async fn post_form(&self, path: &str, pairs: &[(&str, &str)]) -> reqwest::Response {
        self.client
            .post(format!("{}{path}", self.address))
            .form(pairs)
            .send()
            .await
            .unwrap()
    }

    /// POST a JSON body to a survey's responses, with an optional Idempotency-Key.
    pub async fn post_json(
        &self,
        survey: &str,
        body: &serde_json::Value,
        key: Option<&str>,
    ) -> reqwest::Response {
        let mut request = self
            .client
            .post(format!(
                "{}/api/v1/surveys/{survey}/responses",
                self.address
            ))
            .json(body);
        if let Some(key) = key {
            request = request.header("Idempotency-Key", key);
        }
        request.send().await.unwrap()
    }

    /// A fresh form token, as a page would carry.
    pub async fn token(&self, survey: &str) -> String {
        let html = self
            .get(&format!("/s/{survey}"))
            .await
            .text()
            .await
            .unwrap();
        hidden_value(&html, "_token").expect("the form has a token")
    }

    /// Runs a query returning one integer.
    pub async fn count(&self, sql: &str) -> i64 {
        let row = self
            .conn
            .query_one_raw(Statement::from_string(
                self.conn.get_database_backend(),
                sql,
            ))
            .await
            .unwrap()
            .unwrap();
        row.try_get_by_index::<i64>(0).unwrap()
    }

    /// Runs a query returning strings from its first column.
    pub async fn strings(&self, sql: &str) -> Vec<String> {
        self.conn
            .query_all_raw(Statement::from_string(
                self.conn.get_database_backend(),
                sql,
            ))
            .await
            .unwrap()
            .into_iter()
            .map(|row| row.try_get_by_index::<String>(0).unwrap())
            .collect()
    }

    /// Stops the server and drops its database.
    pub async fn stop(self) {
        self.server.abort();
        self.conn.clone().close().await.ok();
        self.db.drop_database().await;
    }
}

impl TestApp {
    /// Adds a producer with `role` in `team` (or an admin when `team` is None).
    pub async fn add_user(&self, email: &str, team: Option<&str>, role: &str) {
        yousaid::auth::add_user(
            &self.store,
            email,
            team,
            role.parse().unwrap(),
            team.is_none(),
            PASSWORD.to_owned(),
        )
        .await
        .unwrap();
    }

    /// A bearer token for `team` with `role`.
    pub async fn api_token(&self, team: &str, role: &str) -> String {
        yousaid::auth::create_token(&self.store, team, role.parse().unwrap(), "test")
            .await
            .unwrap()
    }

    /// Signs in and returns the session cookie (`name=value`).
    pub async fn sign_in(&self, email: &str, password: &str) -> Option<String> {
        let res = self
            .post_form("/admin/login", &[("email", email), ("password", password)])
            .await;
        let cookie = res
            .headers()
            .get("set-cookie")?
            .to_str()
            .ok()?
            .split(';')
            .next()?
            .to_owned();
        (res.status() == 303).then_some(cookie)
    }

    /// GET with a session cookie.
    pub async fn get_as(&self, cookie: &str, path: &str) -> reqwest::Response {
        self.client
            .get(format!("{}{path}", self.address))
            .header("Cookie", cookie)
            .send()
            .await
            .unwrap()
    }

    /// POST a form with a session cookie.
    pub async fn post_as(
        &self,
        cookie: &str,
        path: &str,
        pairs: &[(&str, &str)],
    ) -> reqwest::Response {
        self.client
            .post(format!("{}{path}", self.address))
            .header("Cookie", cookie)
            .form(pairs)
            .send()
            .await
            .unwrap()
    }

    /// The CSRF token on an admin page.
    pub async fn csrf(&self, cookie: &str) -> String {
        let html = self.get_as(cookie, "/admin").await.text().await.unwrap();
        hidden_value(&html, "_csrf").expect("admin pages carry a CSRF token")
    }

    /// Calls the admin API with a bearer token.
    pub async fn api(
        &self,
        token: &str,
        method: reqwest::Method,
        path: &str,
        body: Option<serde_json::Value>,
    ) -> reqwest::Response {
        let mut request = self
            .client
            .request(method, format!("{}/api/v1/admin{path}", self.address))
            .header("Authorization", format!("Bearer {token}"));
        if let Some(body) = body {
            request = request.json(&body);
        }
        request.send().await.unwrap()
    }
}

/// The password every test user gets.
pub const PASSWORD: &str = "a long enough passphrase";

/// Runs the `yousaid` binary with `args` and `env`: (succeeded, stdout, stderr).
pub fn run_yousaid<S: AsRef<std::ffi::OsStr>>(
    args: &[S],
    env: &[(&str, &std::ffi::OsStr)],
) -> (bool, String, String) {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_yousaid"))
        .args(args)
        .envs(env.iter().copied())
        .output()
        .unwrap();
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// The value of a hidden input in a page.
pub fn hidden_value(html: &str, name: &str) -> Option<String> {
    let marker = format!("name=\"{name}\" value=\"");
    let start = html.find(&marker)? + marker.len();
    let end = html[start..].find('"')? + start;
    Some(html[start..end].to_owned())
}

/// A public action answering `themes`, as a producer records it.
pub fn public_action(
    title: &str,
    status: &str,
    reason: Option<&str>,
    themes: Vec<uuid::Uuid>,
) -> yousaid::workspace::actions::ActionInput {
    yousaid::workspace::actions::ActionInput {
        title: title.to_owned(),
        description: "Asked for in comments.".to_owned(),
        status: status.to_owned(),
        reason: reason.map(str::to_owned),
        public: true,
        themes,
        questions: Vec::new(),
        target_date: None,
        completed_date: None,
    }
}

/// Held shared by tests that time the service, exclusively by the browser check: Chromium
/// takes both cores for a minute, and a one-second recovery measured meanwhile means nothing.
static CPU: tokio::sync::RwLock<()> = tokio::sync::RwLock::const_new(());

/// Waits until no CPU-heavy test runs, and keeps them out while the guard lives.
pub async fn timing() -> tokio::sync::RwLockReadGuard<'static, ()> {
    CPU.read().await
}

/// Waits until no timing test runs, and keeps them out while the guard lives.
pub async fn cpu_heavy() -> tokio::sync::RwLockWriteGuard<'static, ()> {
    CPU.write().await
}

/// Drafts `survey`'s running period as a partial summary and publishes it, as its team would;
/// returns the period's published path.
pub async fn publish_running_period(app: &TestApp, survey: &str) -> String {
    use yousaid::publishing::{drafts, site::Site};
    let (catalog, _) = yousaid::definitions::Catalog::default()
        .reload(&app.definitions, chrono::Utc::now().date_naive())
        .unwrap();
    let loaded = catalog.get(survey).unwrap();
    let site = Site::new(&app.address);
    let every = loaded.survey.publish.every;
    let period = yousaid::period::Period::containing(every, chrono::Utc::now());
    drafts::draft(
        &app.store,
        &site,
        &loaded,
        period,
        "b",
        drafts::Unended::DraftPartial,
    )
    .await
    .unwrap();
    drafts::approve(&app.store, &site, survey, period, "b", None, None)
        .await
        .unwrap();
    format!("/published/{survey}/{period}")
}

/// Runs `command` with `input` on its stdin and returns its stdout; fails the test with its
/// stderr, and `what` it was, unless it succeeds.
pub fn stdout_of(mut command: std::process::Command, input: Option<&str>, what: &str) -> String {
    use std::io::Write;
    use std::process::Stdio;
    let mut child = command
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    if let Some(text) = input {
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
        "{what}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}
