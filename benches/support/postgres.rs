//! A throwaway PostgreSQL database for a benchmark run, when a server is configured.

use sea_orm::{ConnectionTrait, Database};

/// The server to use: `YOUSAID_BENCH_POSTGRES_URL`, else the tests' variable; none skips it.
pub fn admin_url() -> Option<String> {
    std::env::var("YOUSAID_BENCH_POSTGRES_URL")
        .or_else(|_| std::env::var("YOUSAID_TEST_POSTGRES_URL"))
        .ok()
        .filter(|u| !u.is_empty())
}

/// Creates an empty database `name` (dropping any left by an earlier run); returns its URL.
pub async fn fresh_database(admin: &str, name: &str) -> String {
    drop_database(admin, name).await;
    let conn = Database::connect(admin.to_owned())
        .await
        .expect("connect to PostgreSQL");
    conn.execute_unprepared(&format!("CREATE DATABASE {name}"))
        .await
        .expect("create the benchmark database");
    let (base, _) = admin.rsplit_once('/').expect("a URL with a database");
    format!("{base}/{name}")
}

/// Drops database `name`, if it exists.
pub async fn drop_database(admin: &str, name: &str) {
    if let Ok(conn) = Database::connect(admin.to_owned()).await {
        let _ = conn
            .execute_unprepared(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
            .await;
    }
}
