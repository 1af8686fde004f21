//! Start-up shared by `main` and the tests: connect, migrate, load surveys, bind, serve.

use crate::config::ServeArgs;
use crate::definitions::{Catalog, SharedCatalog};
use crate::intake::{RateLimiter, Writer};
use crate::mail::{self, Transport, TransportError};
use crate::publishing::scheduler;
use crate::publishing::site::Site;
use crate::reload;
use crate::storage::{self, ConnectError, Db};
use crate::web::{self, AppState};
use actix_web::dev::Server;
use actix_web::middleware::from_fn;
use actix_web::{App, HttpServer};
use std::net::TcpListener;
use std::time::Duration;
use tokio::task::JoinHandle;

/// Why the service could not start.
#[derive(Debug, thiserror::Error)]
pub enum StartupError {
    #[error(transparent)]
    Storage(#[from] ConnectError),
    #[error("cannot read survey definitions")]
    Definitions(#[from] crate::definitions::FilesError),
    #[error(transparent)]
    Mail(#[from] TransportError),
    #[error("cannot read or create the service's signing key")]
    Key(#[source] crate::storage::StorageError),
    #[error("cannot listen on {addr}")]
    Bind {
        addr: String,
        #[source]
        source: std::io::Error,
    },
}

/// A built service, ready to run.
pub struct Application {
    port: u16,
    server: Server,
    writer_task: JoinHandle<()>,
    watcher: JoinHandle<()>,
    purger: JoinHandle<()>,
    mailer: JoinHandle<()>,
    scheduler: JoinHandle<()>,
    counter: JoinHandle<()>,
    db: Db,
    catalog: SharedCatalog,
}

impl Application {
    /// Connects, migrates, loads the definitions and binds the listener.
    pub async fn build(config: ServeArgs) -> Result<Self, StartupError> {
        let wait = Duration::from_secs(config.db_wait_seconds.clamp(1, 600));
        let db = Db::connect_waiting(&config.storage.database_url, wait).await?;
        db.migrate().await?;
        tracing::info!(database = %storage::redacted(&config.storage.database_url), "database ready");

        let (first, report) =
            Catalog::default().reload(&config.defs.definitions, chrono::Utc::now().date_naive())?;
        reload::log_report(&report);
        let catalog = SharedCatalog::new(first);
        let watcher = tokio::spawn(reload::watch(
            catalog.clone(),
            config.defs.definitions.clone(),
            Duration::from_secs(config.reload_seconds),
        ));

        let listener =
            TcpListener::bind(&config.site.addr).map_err(|source| StartupError::Bind {
                addr: config.site.addr.clone(),
                source,
            })?;
        let port = listener
            .local_addr()
            .map_err(|source| StartupError::Bind {
                addr: config.site.addr.clone(),
                source,
            })?
            .port();
        let site = Site::new(&config.public_base(port));

        let (transport, from) = Transport::from_args(&config.mail)?;
        match &transport {
            Transport::Files(_) => tracing::warn!("{}", transport.describe()),
            Transport::Smtp(_) => tracing::info!("{}", transport.describe()),
        }
        let mailer = tokio::spawn(mail::worker::run(
            db.clone(),
            transport,
            from,
            config.mail.mail_retry_seconds,
        ));
        let metrics = std::sync::Arc::new(crate::metrics::Metrics::default());
        let scheduler = tokio::spawn(scheduler::run(
            db.clone(),
            site.clone(),
            catalog.clone(),
            (config.schedule_seconds > 0).then(|| Duration::from_secs(config.schedule_seconds)),
            metrics.clone(),
        ));

        let key = crate::auth::ServiceKey::load(&db, config.secret_key.as_deref())
            .await
            .map_err(StartupError::Key)?;
        // An absurd setting falls back to the default instead of panicking at start-up.
        let sessions = crate::auth::SessionPolicy {
            idle: i64::try_from(config.session_idle_minutes)
                .ok()
                .and_then(chrono::Duration::try_minutes)
                .unwrap_or(chrono::Duration::minutes(30)),
            absolute: i64::try_from(config.session_hours)
                .ok()
                .and_then(chrono::Duration::try_hours)
                .unwrap_or(chrono::Duration::hours(12)),
        };
        let purger = tokio::spawn(purge_contacts(db.clone(), sessions, metrics.clone()));
        let counter = tokio::spawn(crate::workspace::phrases::keep_counting(db.clone()));
        // A commit is a few statements, each of which may wait for a lock.
        let (writer, writer_task) = Writer::start_with_timeout(db.clone(), wait.saturating_mul(2));
        let state = actix_web::web::Data::new(AppState {
            db: db.clone(),
            catalog: catalog.clone(),
            writer,
            limiter: RateLimiter::new(config.submit_rate),
            login_limiter: RateLimiter::new(config.login_rate),
            password_checks: crate::auth::PasswordChecks::default(),
            login_failures: crate::auth::Failures::new(
                u32::try_from(crate::auth::MAX_FAILED_LOGINS).unwrap_or(5),
            ),
            key,
            min_fill: Duration::from_secs(config.min_fill_seconds),
            max_body: config.max_body_bytes,
            client_ip_header: config.client_ip_header.clone(),
            secure_cookies: config
                .site
                .base_url
                .as_deref()
                .is_some_and(|u| u.starts_with("https://")),
            sessions,
            site,
            metrics,
            metrics_token: config
                .metrics_token
                .clone()
                .filter(|t| !t.trim().is_empty()),
        });

        let mut server = HttpServer::new(move || {
            App::new()
                .app_data(state.clone())
                .wrap(from_fn(web::head_as_get))
                .wrap(from_fn(web::secure_headers))
                .wrap(from_fn(web::log_request))
                // gzip or brotli, as the client's Accept-Encoding asks.
                .wrap(actix_web::middleware::Compress::default())
                .configure(web::configure)
                .default_service(actix_web::web::route().to(web::not_found))
        })
        .shutdown_timeout(30);
        if let Some(workers) = config.workers {
            server = server.workers(workers);
        }
        let server = server
            .listen(listener)
            .map_err(|source| StartupError::Bind {
                addr: config.site.addr.clone(),
                source,
            })?
            .run();
        tracing::info!(port, "listening");
        Ok(Self {
            port,
            server,
            writer_task,
            watcher,
            purger,
            mailer,
            scheduler,
            counter,
            db,
            catalog,
        })
    }

    /// The port actually bound (tests bind port 0).
    pub fn port(&self) -> u16 {
        self.port
    }

    /// The database, for tests to inspect what was stored.
    pub fn db(&self) -> &Db {
        &self.db
    }

    /// The surveys being served.
    pub fn catalog(&self) -> SharedCatalog {
        self.catalog.clone()
    }

    /// Serves until SIGINT/SIGTERM; in-flight requests finish and every queued response is
    /// committed before this returns.
    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        let result = self.server.await;
        self.watcher.abort();
        self.purger.abort();
        self.scheduler.abort();
        self.counter.abort();
        // Mail is in the outbox: stopping mid-send at worst sends one message again later.
        self.mailer.abort();
        // The server's workers held the writer's senders; once they are gone the writer
        // drains its queue and ends.
        if tokio::time::timeout(Duration::from_secs(30), self.writer_task)
            .await
            .is_err()
        {
            tracing::warn!("the response writer did not stop within 30 seconds");
        }
        result
    }
}

/// Deletes contact details whose retention has ended, unconfirmed subscriptions and expired
/// sessions, every hour. Safe on every replica at once: deleting what is already gone does
/// nothing.
async fn purge_contacts(
    db: Db,
    sessions: crate::auth::SessionPolicy,
    metrics: std::sync::Arc<crate::metrics::Metrics>,
) {
    let mut tick = tokio::time::interval(Duration::from_secs(3_600));
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Skip);
    loop {
        tick.tick().await;
        metrics.retention_ran();
        match crate::privacy::purge_expired(&db).await {
            Ok(0) => {}
            Ok(n) => tracing::info!(deleted = n, "contact details past their retention deleted"),
            Err(e) => {
                tracing::warn!(error = %e, "could not purge expired contact details; will retry")
            }
        }
        match crate::publishing::subscribers::purge_unconfirmed(&db).await {
            Ok(0) => {}
            Ok(n) => tracing::info!(
                deleted = n,
                "unconfirmed subscriptions past their link deleted"
            ),
            Err(e) => tracing::warn!(error = %e, "could not purge unconfirmed subscriptions"),
        }
        match crate::auth::purge_sessions(&db, sessions).await {
            Ok(0) => {}
            Ok(n) => tracing::info!(deleted = n, "expired sessions deleted"),
            Err(e) => tracing::warn!(error = %e, "could not purge expired sessions"),
        }
    }
}
