//! Sign-in under abuse: floods, parallel password guessing from many addresses, login CSRF,
//! and what ends a session. Clients come from several loopback addresses (the whole of
//! 127.0.0.0/8 reaches a server on 127.0.0.1), as an attacker's would.

use crate::abuse::client_from;
use crate::fixtures;
use crate::helpers::{Options, PASSWORD, backends, spawn_app_with};
use crate::process::{serve_with_env, setup};
use futures_util::future::join_all;
use reqwest::StatusCode;

async fn try_sign_in(
    client: &reqwest::Client,
    base: &str,
    email: &str,
    password: &str,
) -> StatusCode {
    client
        .post(format!("{base}/admin/login"))
        .form(&[("email", email), ("password", password)])
        .send()
        .await
        .map(|r| r.status())
        .unwrap_or(StatusCode::BAD_GATEWAY)
}

/// A sign-in after a flood has ended: a 503 means the service was still busy with the flood's
/// last password checks, so it is asked again, as a person would.
async fn settled_sign_in(
    client: &reqwest::Client,
    base: &str,
    email: &str,
    password: &str,
) -> StatusCode {
    for _ in 0..10 {
        let status = try_sign_in(client, base, email, password).await;
        if status != StatusCode::SERVICE_UNAVAILABLE {
            return status;
        }
        tokio::time::sleep(std::time::Duration::from_secs(1)).await;
    }
    StatusCode::SERVICE_UNAVAILABLE
}

/// The most memory the process has held at once, from `/proc`.
fn peak_rss_mib(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap();
    let line = status
        .lines()
        .find(|l| l.starts_with("VmHWM:"))
        .expect("VmHWM in /proc/PID/status");
    let kib: u64 = line
        .split_whitespace()
        .nth(1)
        .and_then(|n| n.parse().ok())
        .unwrap();
    kib / 1024
}

#[tokio::test]
async fn a_flood_of_sign_ins_stays_under_200_mib_and_the_owner_still_gets_in() {
    for backend in backends() {
        let (db, definitions) = setup(backend).await;
        {
            let store = yousaid::storage::Db::connect(&db.url).await.unwrap();
            store.migrate().await.unwrap();
            yousaid::auth::add_user(
                &store,
                "owner@example.gov.uk",
                Some("test-team"),
                "editor".parse().unwrap(),
                false,
                PASSWORD.to_owned(),
            )
            .await
            .unwrap();
        }
        // No per-client limit: the worst case, a flood from more addresses than it counts.
        let served = serve_with_env(
            &db.url,
            &definitions,
            60,
            &[("YOUSAID_LOGIN_RATE", "0"), ("YOUSAID_WORKERS", "2")],
        );
        let base = served.url("");
        let attempts = (0..500u32).map(|i| {
            let base = base.clone();
            async move {
                let client = client_from(1, u8::try_from(i % 50).unwrap() + 1);
                let email = format!("nobody{i}@example.org");
                try_sign_in(&client, &base, &email, "a guess at a password").await
            }
        });
        let statuses = join_all(attempts).await;
        let refused = statuses
            .iter()
            .filter(|s| **s == StatusCode::UNAUTHORIZED)
            .count();
        let busy = statuses
            .iter()
            .filter(|s| **s == StatusCode::SERVICE_UNAVAILABLE)
            .count();
        assert_eq!(refused + busy, 500, "{backend:?}: {statuses:?}");
        let peak = peak_rss_mib(served.pid());
        println!(
            "{backend:?}: 500 concurrent sign-ins: {refused} refused, {busy} busy (503); peak RSS {peak} MiB"
        );
        assert!(peak < 200, "{backend:?}: peak RSS {peak} MiB");
        let owner = client_from(2, 1);
        assert_eq!(
            settled_sign_in(&owner, &base, "owner@example.gov.uk", PASSWORD).await,
            StatusCode::SEE_OTHER,
            "{backend:?}"
        );
        drop(served);
        db.drop_database().await;
    }
}

#[tokio::test]
async fn a_busy_password_check_answers_503_with_retry_after_and_the_page_says_so() {
    for backend in backends() {
        let app = spawn_app_with(backend, fixtures::options()).await;
        // Enough at once that some wait longer than the bound for a free hashing slot.
        let attempts = (0..120u32).map(|i| {
            let base = app.address.clone();
            async move {
                client_from(3, u8::try_from(i % 100).unwrap() + 1)
                    .post(format!("{base}/admin/login"))
                    .form(&[("email", "x@example.org"), ("password", "wrong password")])
                    .send()
                    .await
                    .unwrap()
            }
        });
        let mut saw_busy = false;
        for res in join_all(attempts).await {
            if res.status() == StatusCode::SERVICE_UNAVAILABLE {
                assert!(res.headers().contains_key("retry-after"));
                assert!(res.text().await.unwrap().contains("busy"));
                saw_busy = true;
            } else {
                assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
            }
        }
        assert!(saw_busy, "{backend:?}: 120 checks at once on a few cores");
        app.stop().await;
    }
}

#[tokio::test]
async fn sign_in_attempts_are_limited_per_client_before_any_password_is_checked() {
    for backend in backends() {
        let app = spawn_app_with(
            backend,
            Options {
                login_rate: 3,
                ..fixtures::options()
            },
        )
        .await;
        app.add_user("ana@example.gov.uk", Some("test-team"), "editor")
            .await;
        let attacker = client_from(4, 1);
        // Ten at once: whatever clock minute they fall in, at most three a minute are let
        // through to the password check.
        let attempts = (0..10).map(|_| {
            attacker
                .post(format!("{}/admin/login", app.address))
                .form(&[("email", "x@example.org"), ("password", "nope nope")])
                .send()
        });
        let mut limited = 0;
        for res in join_all(attempts).await {
            let res = res.unwrap();
            if res.status() == StatusCode::TOO_MANY_REQUESTS {
                assert!(res.headers().contains_key("retry-after"));
                limited += 1;
            } else {
                assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
            }
        }
        assert!(limited >= 4, "{backend:?}: only {limited} of 10 limited");
        // Another client is not held up by the first one's attempts.
        assert_eq!(
            try_sign_in(
                &client_from(4, 2),
                &app.address,
                "ana@example.gov.uk",
                PASSWORD
            )
            .await,
            StatusCode::SEE_OTHER
        );
        app.stop().await;
    }
}

#[tokio::test]
async fn parallel_guesses_from_many_clients_lock_the_account_and_are_audited() {
    for backend in backends() {
        let app = spawn_app_with(backend, fixtures::options()).await;
        app.add_user("ana@example.gov.uk", Some("test-team"), "editor")
            .await;
        // 4 guesses from each of 50 addresses: under the per-client limit, so only the
        // account's own count, taken atomically before each check, can stop them.
        let guesses = (0..200u32).map(|i| {
            let base = app.address.clone();
            async move {
                let client = client_from(5, u8::try_from(i % 50).unwrap() + 1);
                try_sign_in(&client, &base, "ana@example.gov.uk", "wrong guess!").await
            }
        });
        for status in join_all(guesses).await {
            assert!(
                [StatusCode::UNAUTHORIZED, StatusCode::SERVICE_UNAVAILABLE].contains(&status),
                "{status}"
            );
        }
        let counted = app
            .count("SELECT CAST(failed_logins AS BIGINT) FROM users WHERE email = 'ana@example.gov.uk'")
            .await;
        assert!(
            counted >= i64::from(yousaid::auth::ACCOUNT_FAILURES),
            "{backend:?}: only {counted} failures counted"
        );
        assert_eq!(
            settled_sign_in(
                &client_from(5, 200),
                &app.address,
                "ana@example.gov.uk",
                PASSWORD
            )
            .await,
            StatusCode::UNAUTHORIZED,
            "{backend:?}: the right password after 200 guesses"
        );
        assert!(
            app.count("SELECT COUNT(*) FROM audit_events WHERE event = 'account.locked'")
                .await
                >= 1
        );
        assert!(
            app.count("SELECT COUNT(*) FROM audit_events WHERE event = 'sign_in.failed'")
                .await
                >= 1
        );
        app.stop().await;
    }
}

#[tokio::test]
async fn one_client_guessing_cannot_lock_the_owner_out() {
    for backend in backends() {
        let app = spawn_app_with(backend, fixtures::options()).await;
        app.add_user("ana@example.gov.uk", Some("test-team"), "editor")
            .await;
        let attacker = client_from(6, 1);
        let guesses = (0..200).map(|_| {
            try_sign_in(
                &attacker,
                &app.address,
                "ana@example.gov.uk",
                "wrong guess!",
            )
        });
        join_all(guesses).await;
        let counted = app
            .count("SELECT CAST(failed_logins AS BIGINT) FROM users WHERE email = 'ana@example.gov.uk'")
            .await;
        assert!(
            counted <= i64::from(yousaid::auth::MAX_FAILED_LOGINS),
            "{backend:?}: {counted} of one client's guesses were checked"
        );
        assert_eq!(
            settled_sign_in(&attacker, &app.address, "ana@example.gov.uk", PASSWORD).await,
            StatusCode::UNAUTHORIZED,
            "{backend:?}: the guessing client is held off even with the right password"
        );
        assert_eq!(
            settled_sign_in(
                &client_from(6, 2),
                &app.address,
                "ana@example.gov.uk",
                PASSWORD
            )
            .await,
            StatusCode::SEE_OTHER,
            "{backend:?}: the owner, elsewhere, still signs in"
        );
        app.stop().await;
    }
}

#[tokio::test]
async fn a_sign_in_form_posted_from_another_site_is_refused() {
    for backend in backends() {
        let app = spawn_app_with(backend, fixtures::options()).await;
        app.add_user("ana@example.gov.uk", Some("test-team"), "editor")
            .await;
        let post = |header: (&'static str, String)| {
            app.client
                .post(format!("{}/admin/login", app.address))
                .header(header.0, header.1)
                .form(&[("email", "ana@example.gov.uk"), ("password", PASSWORD)])
                .send()
        };
        let cross = post(("Sec-Fetch-Site", "cross-site".to_owned()))
            .await
            .unwrap();
        assert_eq!(cross.status(), StatusCode::FORBIDDEN, "{backend:?}");
        let foreign = post(("Origin", "https://evil.example".to_owned()))
            .await
            .unwrap();
        assert_eq!(foreign.status(), StatusCode::FORBIDDEN, "{backend:?}");
        let sibling = post(("Sec-Fetch-Site", "same-site".to_owned()))
            .await
            .unwrap();
        assert_eq!(sibling.status(), StatusCode::FORBIDDEN, "{backend:?}");
        let own = post(("Origin", app.address.clone())).await.unwrap();
        assert_eq!(own.status(), StatusCode::SEE_OTHER, "{backend:?}");
        let own = post(("Sec-Fetch-Site", "same-origin".to_owned()))
            .await
            .unwrap();
        assert_eq!(own.status(), StatusCode::SEE_OTHER, "{backend:?}");
        app.stop().await;
    }
}

#[tokio::test]
async fn a_new_password_ends_the_users_sessions() {
    for backend in backends() {
        let app = spawn_app_with(backend, fixtures::options()).await;
        app.add_user("ana@example.gov.uk", Some("test-team"), "editor")
            .await;
        let cookie = app.sign_in("ana@example.gov.uk", PASSWORD).await.unwrap();
        assert_eq!(app.get_as(&cookie, "/admin").await.status(), 200);
        yousaid::auth::add_user(
            &app.store,
            "ana@example.gov.uk",
            Some("test-team"),
            "editor".parse().unwrap(),
            false,
            "a brand new passphrase".to_owned(),
        )
        .await
        .unwrap();
        assert_eq!(
            app.get_as(&cookie, "/admin").await.status(),
            303,
            "{backend:?}"
        );
        app.stop().await;
    }
}

#[tokio::test]
async fn expired_sessions_are_purged() {
    for backend in backends() {
        let app = spawn_app_with(backend, fixtures::options()).await;
        app.add_user("ana@example.gov.uk", Some("test-team"), "editor")
            .await;
        app.sign_in("ana@example.gov.uk", PASSWORD).await.unwrap();
        let live = app.sign_in("ana@example.gov.uk", PASSWORD).await.unwrap();
        assert_eq!(app.count("SELECT COUNT(*) FROM sessions").await, 2);
        let old = chrono::Utc::now() - chrono::Duration::hours(2);
        use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
        use yousaid::storage::entities::session;
        let first = session::Entity::find()
            .one(&app.conn)
            .await
            .unwrap()
            .unwrap();
        session::Entity::update_many()
            .col_expr(session::Column::LastSeenAt, old.into())
            .filter(session::Column::IdHash.eq(first.id_hash))
            .exec(&app.conn)
            .await
            .unwrap();
        let purged = yousaid::auth::purge_sessions(&app.store, Default::default())
            .await
            .unwrap();
        assert_eq!(purged, 1, "{backend:?}");
        assert_eq!(app.count("SELECT COUNT(*) FROM sessions").await, 1);
        assert_eq!(app.get_as(&live, "/admin").await.status(), 200);
        app.stop().await;
    }
}
