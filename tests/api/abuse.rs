//! The public side under abuse: mail bombing through the subscribe form, forged submissions,
//! odd links, and what the public may see of a draft. Sign-in is in `sign_in_abuse`.

use crate::fixtures;
use crate::helpers::{Options, TestApp, backends, spawn_app_with};
use sea_orm::EntityTrait;
use serde_json::json;
use std::net::{IpAddr, Ipv4Addr};

/// A client whose connections come from 127.0.`a`.`b`.
pub(crate) fn client_from(a: u8, b: u8) -> reqwest::Client {
    reqwest::Client::builder()
        .local_address(IpAddr::V4(Ipv4Addr::new(127, 0, a, b)))
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
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
