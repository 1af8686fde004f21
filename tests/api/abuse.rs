//! The service under abuse: sign-in floods, parallel password guessing, mail bombing through
//! the subscribe form, and forged submissions. Clients come from several loopback addresses
//! (the whole of 127.0.0.0/8 reaches a server on 127.0.0.1), as an attacker's would.

use crate::fixtures;
use crate::helpers::{Options, PASSWORD, TestApp, backends, spawn_app_with};
use crate::process::{serve_with_env, setup};
use futures_util::future::join_all;
use reqwest::StatusCode;
use sea_orm::EntityTrait;
use serde_json::json;
use std::net::{IpAddr, Ipv4Addr};

/// A client whose connections come from 127.0.`a`.`b`.
fn client_from(a: u8, b: u8) -> reqwest::Client {
    reqwest::Client::builder()
        .local_address(IpAddr::V4(Ipv4Addr::new(127, 0, a, b)))
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
}

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
            try_sign_in(&owner, &base, "owner@example.gov.uk", PASSWORD).await,
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
            try_sign_in(
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
            try_sign_in(&attacker, &app.address, "ana@example.gov.uk", PASSWORD).await,
            StatusCode::UNAUTHORIZED,
            "{backend:?}: the guessing client is held off even with the right password"
        );
        assert_eq!(
            try_sign_in(
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

/// The confirmation links waiting in the outbox.
async fn confirmations(app: &TestApp) -> Vec<String> {
    app.strings(
        "SELECT text_body FROM outbox WHERE dedupe_key LIKE 'confirm:%' ORDER BY created_at",
    )
    .await
}

fn link_in(text: &str) -> String {
    let start = text.find("/subscriptions/").unwrap();
    let rest = &text[start..];
    rest[..rest.find("/confirm").unwrap() + "/confirm".len()].to_owned()
}

#[tokio::test]
async fn the_subscribe_form_cannot_flood_an_inbox() {
    for backend in backends() {
        let app = spawn_app_with(backend, fixtures::options()).await;
        let path = "/published/tiny/subscribe";
        let mut pages = Vec::new();
        for i in 0..30u8 {
            let res = client_from(7, 1 + i % 2)
                .post(format!("{}{path}", app.address))
                .form(&[("email", "victim@example.org")])
                .send()
                .await
                .unwrap();
            assert_eq!(res.status(), 200);
            pages.push(res.text().await.unwrap());
        }
        assert!(
            pages.iter().all(|p| *p == pages[0]),
            "the same page every time"
        );
        let sent = confirmations(&app).await;
        assert_eq!(sent.len(), 1, "{backend:?}: one confirmation an hour");
        // The stored secret is a hash, never the link itself.
        let link = link_in(&sent[0]);
        let secret = link.split('/').nth(2).unwrap().to_owned();
        assert_eq!(
            app.count(&format!(
                "SELECT COUNT(*) FROM subscribers WHERE token = '{}'",
                yousaid::auth::hashed_secret(&secret)
            ))
            .await,
            1
        );
        assert_eq!(
            app.count(&format!(
                "SELECT COUNT(*) FROM subscribers WHERE token = '{secret}'"
            ))
            .await,
            0
        );
        // An hour later a new request sends a new link, and the first one still works.
        use yousaid::storage::entities::subscriber;
        subscriber::Entity::update_many()
            .col_expr(
                subscriber::Column::LastConfirmationAt,
                sea_orm::sea_query::Expr::value(chrono::Utc::now() - chrono::Duration::hours(2)),
            )
            .exec(&app.conn)
            .await
            .unwrap();
        app.post_form(path, &[("email", "victim@example.org")])
            .await;
        let sent = confirmations(&app).await;
        assert_eq!(sent.len(), 2, "{backend:?}: a new link after an hour");
        assert_ne!(link_in(&sent[1]), link);
        let confirmed = app.post_form(&link, &[]).await;
        assert_eq!(confirmed.status(), 200, "{backend:?}: the first link works");
        assert!(
            confirmed
                .text()
                .await
                .unwrap()
                .contains("You are subscribed")
        );
        app.stop().await;
    }
}

#[tokio::test]
async fn one_address_gets_a_few_confirmations_a_day_across_all_surveys() {
    for backend in backends() {
        let app = spawn_app_with(backend, fixtures::options()).await;
        let site = yousaid::publishing::site::Site::new(&app.address);
        for i in 0..8 {
            yousaid::publishing::subscribers::subscribe(
                &app.store,
                &site,
                &format!("survey-{i}"),
                "A survey",
                "victim@example.org",
            )
            .await
            .unwrap();
        }
        assert_eq!(
            i64::try_from(confirmations(&app).await.len()).unwrap(),
            i64::from(yousaid::publishing::subscribers::CONFIRMATIONS_PER_DAY),
            "{backend:?}"
        );
        app.stop().await;
    }
}

#[tokio::test]
async fn subscription_links_of_any_other_shape_are_not_found() {
    for backend in backends() {
        let app = spawn_app_with(backend, fixtures::options()).await;
        for path in [
            "/subscriptions/abc/confirm",
            "/subscriptions/%3Cscript%3E/unsubscribe",
            &format!("/subscriptions/{}/confirm", "A".repeat(64)),
        ] {
            assert_eq!(app.get(path).await.status(), 404, "{backend:?} {path}");
            assert_eq!(app.post_form(path, &[]).await.status(), 404, "{path}");
        }
        for path in ["/published/x%0d%0aSet-Cookie:%20a=b", "/published/x%0d%0a/"] {
            assert_eq!(app.get(path).await.status(), 404, "{backend:?} {path}");
        }
        app.stop().await;
    }
}

#[tokio::test]
async fn a_draft_survey_with_nothing_published_is_not_found_on_published_pages() {
    for backend in backends() {
        let app = spawn_app_with(backend, fixtures::options()).await;
        for path in ["/published/draft/", "/published/draft/feed.atom"] {
            let res = app.get(path).await;
            assert_eq!(res.status(), 404, "{backend:?} {path}");
            assert!(!res.text().await.unwrap().contains("Draft survey"));
        }
        assert_eq!(app.get("/published/tiny/").await.status(), 200);
        app.stop().await;
    }
}

#[tokio::test]
async fn the_json_api_takes_only_json_from_known_origins() {
    for backend in backends() {
        let app = spawn_app_with(backend, fixtures::options()).await;
        let url = format!("{}/api/v1/surveys/tiny/responses", app.address);
        let body = r#"{"answers": {"role": "analyst"}}"#;
        for content_type in ["text/plain", "application/x-www-form-urlencoded"] {
            let res = app
                .client
                .post(&url)
                .header("Content-Type", content_type)
                .body(body)
                .send()
                .await
                .unwrap();
            assert_eq!(res.status(), 415, "{backend:?} {content_type}");
        }
        let foreign = app
            .client
            .post(&url)
            .header("Origin", "https://evil.example")
            .json(&json!({"answers": {"role": "analyst"}}))
            .send()
            .await
            .unwrap();
        assert_eq!(foreign.status(), 403, "{backend:?}");
        let error: serde_json::Value = foreign.json().await.unwrap();
        assert_eq!(error["error"], "foreign_origin");
        for origin in ["https://stats.example.org", app.address.as_str()] {
            let res = app
                .client
                .post(&url)
                .header("Origin", origin)
                .json(&json!({"answers": {"role": "analyst"}}))
                .send()
                .await
                .unwrap();
            assert_eq!(res.status(), 201, "{backend:?} {origin}");
        }
        assert_eq!(app.count("SELECT COUNT(*) FROM responses").await, 2);
        app.stop().await;
    }
}

#[tokio::test]
async fn an_idempotency_key_replayed_with_another_body_is_refused() {
    for backend in backends() {
        let app = spawn_app_with(backend, fixtures::options()).await;
        let first = json!({"answers": {"role": "analyst", "score": 4}});
        let created = app.post_json("tiny", &first, Some("key-1")).await;
        assert_eq!(created.status(), 201);
        let id = created.json::<serde_json::Value>().await.unwrap()["id"].clone();
        let same: serde_json::Value =
            serde_json::from_str(r#"{"answers": {"score": 4, "role": "analyst"}}"#).unwrap();
        let retried = app.post_json("tiny", &same, Some("key-1")).await;
        assert_eq!(retried.status(), 200, "{backend:?}: keys in another order");
        assert_eq!(retried.json::<serde_json::Value>().await.unwrap()["id"], id);
        let other = json!({"answers": {"role": "journalist", "score": 1}});
        let refused = app.post_json("tiny", &other, Some("key-1")).await;
        assert_eq!(refused.status(), 422, "{backend:?}");
        let error: serde_json::Value = refused.json().await.unwrap();
        assert_eq!(error["error"], "idempotency_mismatch");
        assert!(error.to_string().find(id.as_str().unwrap()).is_none());
        assert_eq!(app.count("SELECT COUNT(*) FROM responses").await, 1);
        app.stop().await;
    }
}

#[tokio::test]
async fn a_back_dated_form_token_is_stored_as_a_suspected_bot() {
    for backend in backends() {
        let app = spawn_app_with(
            backend,
            Options {
                min_fill_seconds: 2,
                ..fixtures::options()
            },
        )
        .await;
        let an_hour_ago = uuid::Uuid::new_v7(uuid::Timestamp::from_unix(
            uuid::NoContext,
            u64::try_from(chrono::Utc::now().timestamp() - 3_600).unwrap(),
            0,
        ));
        let real = app.token("tiny").await;
        let (_, signature) = real.split_once('.').expect("signed tokens");
        for forged in [
            an_hour_ago.to_string(),
            format!("{an_hour_ago}.{signature}"),
        ] {
            let res = app
                .post_form("/s/tiny", &[("role", "analyst"), ("_token", &forged)])
                .await;
            assert_eq!(res.status(), 303, "{backend:?}");
        }
        assert_eq!(
            app.count("SELECT COUNT(*) FROM responses WHERE status = 'suspected_bot'")
                .await,
            2,
            "{backend:?}"
        );
        tokio::time::sleep(std::time::Duration::from_millis(2_100)).await;
        let res = app
            .post_form("/s/tiny", &[("role", "analyst"), ("_token", &real)])
            .await;
        assert_eq!(res.status(), 303);
        assert_eq!(
            app.count("SELECT COUNT(*) FROM responses WHERE status = 'ok'")
                .await,
            1,
            "{backend:?}: a real token, old enough"
        );
        app.stop().await;
    }
}

#[tokio::test]
async fn negative_numbers_are_exported_as_numbers() {
    for backend in backends() {
        let mut options = fixtures::options();
        options.extra_definitions.push((
            "signed.yaml",
            "id: signed
title: Signed numbers
owner: test-team
status: open
questions:
  - { id: change, type: number, label: Change, min: -10, max: 10 }
  - { id: note, type: text, label: Note }
"
            .to_owned(),
        ));
        let app = spawn_app_with(backend, options).await;
        let body = json!({"answers": {"change": -5, "note": "-2+3"}});
        assert_eq!(app.post_json("signed", &body, None).await.status(), 201);
        let token = app.api_token("test-team", "viewer").await;
        let csv = app
            .api(
                &token,
                reqwest::Method::GET,
                "/surveys/signed/responses.csv",
                None,
            )
            .await
            .text()
            .await
            .unwrap();
        let row = csv.lines().nth(1).unwrap();
        assert!(row.ends_with(",-5,'-2+3"), "{backend:?}: {row}");
        app.stop().await;
    }
}
