//! What must always hold: one response per submission, clear refusals, never a false success.

use crate::fixtures;
use crate::helpers::{Options, backends, spawn_app_with};
use serde_json::json;

#[tokio::test]
async fn a_double_submit_with_the_same_token_stores_one_response() {
    for backend in backends() {
        let app = spawn_app_with(backend, fixtures::options()).await;
        let token = app.token("tiny").await;
        let form = [("_token", token.as_str()), ("role", "analyst")];
        for _ in 0..2 {
            assert_eq!(
                app.post_form("/s/tiny", &form).await.status(),
                303,
                "{backend:?}"
            );
        }
        // A burst of retries at once, as an impatient double click on a slow line.
        let burst = futures_join(&app, &form, 8).await;
        assert!(burst.iter().all(|s| *s == 303), "{burst:?}");
        assert_eq!(
            app.count("SELECT COUNT(*) FROM responses").await,
            1,
            "{backend:?}"
        );
        assert_eq!(app.count("SELECT COUNT(*) FROM answers").await, 1);
        app.stop().await;
    }
}

async fn futures_join(app: &crate::helpers::TestApp, form: &[(&str, &str)], n: usize) -> Vec<u16> {
    let mut tasks = Vec::new();
    for _ in 0..n {
        let request = app
            .client
            .post(format!("{}/s/tiny", app.address))
            .form(form);
        tasks.push(tokio::spawn(async move {
            request.send().await.unwrap().status().as_u16()
        }));
    }
    let mut statuses = Vec::new();
    for task in tasks {
        statuses.push(task.await.unwrap());
    }
    statuses
}

#[tokio::test]
async fn an_api_retry_with_the_same_idempotency_key_answers_success_with_the_same_id() {
    for backend in backends() {
        let app = spawn_app_with(backend, fixtures::options()).await;
        let body = json!({"answers": {"role": "journalist"}});
        let first = app.post_json("tiny", &body, Some("retry-1")).await;
        assert_eq!(first.status(), 201, "{backend:?}");
        let first: serde_json::Value = first.json().await.unwrap();
        let again = app.post_json("tiny", &body, Some("retry-1")).await;
        assert_eq!(again.status(), 200);
        assert_eq!(again.headers()["idempotent-replayed"], "true");
        let again: serde_json::Value = again.json().await.unwrap();
        assert_eq!(first["id"], again["id"]);
        assert_eq!(app.count("SELECT COUNT(*) FROM responses").await, 1);
        let bad = app.post_json("tiny", &body, Some("")).await;
        assert_eq!(bad.status(), 400);
        app.stop().await;
    }
}

#[tokio::test]
async fn oversized_bodies_get_413() {
    for backend in backends() {
        let app = spawn_app_with(
            backend,
            Options {
                max_body_bytes: 2_000,
                ..fixtures::options()
            },
        )
        .await;
        let huge = "x".repeat(5_000);
        let res = app
            .post_form("/s/tiny", &[("role", "analyst"), ("why", &huge)])
            .await;
        assert_eq!(res.status(), 413, "{backend:?}");
        assert!(res.text().await.unwrap().contains("too long to send"));
        let res = app
            .post_json("tiny", &json!({"answers": {"why": huge}}), None)
            .await;
        assert_eq!(res.status(), 413);
        let json: serde_json::Value = res.json().await.unwrap();
        assert_eq!(json["error"], "too_large");
        assert_eq!(app.count("SELECT COUNT(*) FROM responses").await, 0);
        app.stop().await;
    }
}

#[tokio::test]
async fn a_filled_honeypot_looks_like_success_but_stores_nothing() {
    for backend in backends() {
        let app = spawn_app_with(backend, fixtures::options()).await;
        let token = app.token("tiny").await;
        let res = app
            .post_form(
                "/s/tiny",
                &[
                    ("_token", &token),
                    ("website", "http://buy.example"),
                    ("role", "analyst"),
                ],
            )
            .await;
        assert_eq!(res.status(), 303, "{backend:?}");
        assert_eq!(app.count("SELECT COUNT(*) FROM responses").await, 0);
        app.stop().await;
    }
}

#[tokio::test]
async fn a_form_sent_faster_than_a_person_could_is_kept_but_marked() {
    for backend in backends() {
        let app = spawn_app_with(
            backend,
            Options {
                min_fill_seconds: 60,
                ..fixtures::options()
            },
        )
        .await;
        let token = app.token("tiny").await;
        let res = app
            .post_form("/s/tiny", &[("_token", &token), ("role", "analyst")])
            .await;
        assert_eq!(res.status(), 303, "{backend:?}");
        assert_eq!(
            app.strings("SELECT status FROM responses").await,
            ["suspected_bot"]
        );
        app.stop().await;
    }
}

#[tokio::test]
async fn too_many_submissions_from_one_client_get_429_with_retry_after() {
    for backend in backends() {
        let app = spawn_app_with(
            backend,
            Options {
                submit_rate: 2,
                ..fixtures::options()
            },
        )
        .await;
        for _ in 0..2 {
            let res = app
                .post_json("tiny", &json!({"answers": {"role": "analyst"}}), None)
                .await;
            assert_eq!(res.status(), 201, "{backend:?}");
        }
        let res = app
            .post_json("tiny", &json!({"answers": {"role": "analyst"}}), None)
            .await;
        assert_eq!(res.status(), 429);
        let wait: u64 = res.headers()["retry-after"]
            .to_str()
            .unwrap()
            .parse()
            .unwrap();
        assert!((1..=60).contains(&wait));
        let page = app.post_form("/s/tiny", &[("role", "analyst")]).await;
        assert_eq!(page.status(), 429);
        assert!(page.headers().contains_key("retry-after"));
        assert!(
            page.text()
                .await
                .unwrap()
                .contains("value=\"analyst\" checked"),
            "answers kept"
        );
        assert_eq!(app.count("SELECT COUNT(*) FROM responses").await, 2);
        app.stop().await;
    }
}

#[tokio::test]
async fn when_the_database_is_unreachable_submissions_get_503_and_readyz_says_not_ready() {
    for backend in backends() {
        let app = spawn_app_with(backend, fixtures::options()).await;
        assert_eq!(app.get("/readyz").await.status(), 200, "{backend:?}");
        let token = app.token("tiny").await;
        let _blocker = app.db.make_unreachable().await;
        let res = app
            .post_json("tiny", &json!({"answers": {"role": "analyst"}}), None)
            .await;
        assert_eq!(res.status(), 503, "{backend:?}");
        assert!(res.headers().contains_key("retry-after"));
        let page = app
            .post_form("/s/tiny", &[("_token", &token), ("role", "analyst")])
            .await;
        assert_eq!(page.status(), 503, "{backend:?}");
        let html = page.text().await.unwrap();
        assert!(html.contains("could not save your answers"));
        assert!(
            html.contains("value=\"analyst\" checked"),
            "answers kept for a retry"
        );
        assert_eq!(app.get("/readyz").await.status(), 503, "{backend:?}");
        assert_eq!(
            app.get("/healthz").await.status(),
            200,
            "the process is alive"
        );
        app.stop().await;
    }
}
