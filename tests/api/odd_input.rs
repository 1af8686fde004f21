//! Text the databases cannot store (a NUL, `%00`) is refused at every door with a 4xx naming
//! the field, on SQLite and PostgreSQL alike, and nothing is stored.

use crate::fixtures;
use crate::helpers::{PASSWORD, TestApp, backends, spawn_app_with};
use reqwest::Method;
use serde_json::{Value, json};

/// Form fields to post.
type Fields<'a> = Vec<(&'a str, &'a str)>;

async fn seeded(backend: crate::helpers::Backend) -> TestApp {
    let app = spawn_app_with(backend, fixtures::options()).await;
    let rows = [
        json!({"role": "analyst", "score": 1, "why": "Too slow", "topics": ["food"]}),
        json!({"role": {"other": "Consultant"}, "score": 5, "count": 12}),
    ];
    for answers in rows {
        let res = app
            .post_json("tiny", &json!({"answers": answers}), None)
            .await;
        assert_eq!(res.status(), 201);
    }
    app
}

#[tokio::test]
async fn a_nul_in_any_answer_is_a_field_error_on_its_question_and_stores_nothing() {
    for backend in backends() {
        let app = spawn_app_with(backend, fixtures::options()).await;
        let cases = [
            (
                "why",
                json!({"role": "analyst", "score": 1, "why": "slow\u{0}"}),
            ),
            ("role", json!({"role": {"other": "Con\u{0}sultant"}})),
            ("role", json!({"role": "analyst\u{0}"})),
            (
                "topics",
                json!({"role": "analyst", "topics": ["food", "\u{0}"]}),
            ),
            (
                "email",
                json!({"role": "analyst", "email": "a\u{0}@example.org"}),
            ),
            ("count", json!({"role": "analyst", "count": "1\u{0}"})),
        ];
        for (question, answers) in cases {
            let res = app
                .post_json("tiny", &json!({"answers": answers}), None)
                .await;
            assert_eq!(res.status(), 422, "{backend:?}: {answers}");
            let body: Value = res.json().await.unwrap();
            let errors = body["errors"].as_array().unwrap();
            assert!(
                errors
                    .iter()
                    .any(|e| e["question"] == question && e["code"] == "invalid_text"),
                "{backend:?}: {body}"
            );
        }

        let token = app.token("tiny").await;
        let form = app
            .post_form(
                "/s/tiny",
                &[
                    ("_token", &token),
                    ("role", "other"),
                    ("role-other", "Con\u{0}sultant"),
                ],
            )
            .await;
        assert_eq!(form.status(), 422, "{backend:?}");
        let html = form.text().await.unwrap();
        assert!(
            html.contains("href=\"#role\""),
            "{backend:?}: the error summary links the question"
        );
        assert!(html.contains("cannot be saved"), "{backend:?}");

        // A NUL in the form's hidden token is no token at all, not a failed insert.
        let forged = app
            .post_form("/s/tiny", &[("_token", "x\u{0}y"), ("role", "analyst")])
            .await;
        assert_eq!(forged.status(), 303, "{backend:?}");
        assert_eq!(
            app.count("SELECT COUNT(*) FROM responses").await,
            1,
            "{backend:?}"
        );
        assert_eq!(
            app.count("SELECT COUNT(*) FROM answers").await,
            1,
            "{backend:?}"
        );
        app.stop().await;
    }
}

#[tokio::test]
async fn a_nul_in_an_admin_filter_is_a_422_naming_it_and_exports_stay_complete() {
    for backend in backends() {
        let app = seeded(backend).await;
        app.add_user("viewer@example.org", Some("test-team"), "viewer")
            .await;
        let cookie = app.sign_in("viewer@example.org", PASSWORD).await.unwrap();
        let viewer = app.api_token("test-team", "viewer").await;
        for (param, value) in [
            ("q", "slow%00"),
            ("period", "2026%00"),
            ("user_type", "%00"),
            ("question", "why%00"),
            ("theme", "%00"),
            ("status", "ok%00"),
        ] {
            let query = format!("{param}={value}");
            for path in ["responses", "export.csv", "export.json"] {
                let res = app
                    .get_as(&cookie, &format!("/admin/surveys/tiny/{path}?{query}"))
                    .await;
                assert_eq!(res.status(), 422, "{backend:?} {path}?{query}");
                let html = res.text().await.unwrap();
                assert!(
                    html.contains(&format!("`{param}`")),
                    "{backend:?} {path}?{query}: {html}"
                );
            }
            for path in ["responses", "responses.csv", "responses.json"] {
                let res = app
                    .api(
                        &viewer,
                        Method::GET,
                        &format!("/surveys/tiny/{path}?{query}"),
                        None,
                    )
                    .await;
                assert_eq!(res.status(), 422, "{backend:?} API {path}?{query}");
                let body: Value = res.json().await.unwrap();
                assert_eq!(body["error"], "invalid", "{backend:?}");
                assert!(
                    body["message"]
                        .as_str()
                        .unwrap()
                        .contains(&format!("`{param}`")),
                    "{backend:?}: {body}"
                );
            }
        }

        // The same exports with a storable filter come out whole.
        let csv = app
            .get_as(&cookie, "/admin/surveys/tiny/export.csv?q=slow")
            .await;
        assert_eq!(csv.status(), 200);
        let csv = csv.text().await.unwrap();
        assert_eq!(csv.lines().count(), 2, "{backend:?}: {csv}");
        let json: Value = app
            .api(&viewer, Method::GET, "/surveys/tiny/responses.json", None)
            .await
            .json()
            .await
            .expect("a complete JSON array");
        assert_eq!(json.as_array().unwrap().len(), 2, "{backend:?}");
        app.stop().await;
    }
}

#[tokio::test]
async fn a_nul_in_workspace_forms_or_api_bodies_is_a_422_naming_the_field_and_stores_nothing() {
    for backend in backends() {
        let app = seeded(backend).await;
        app.add_user("editor@example.org", Some("test-team"), "editor")
            .await;
        let cookie = app.sign_in("editor@example.org", PASSWORD).await.unwrap();
        let csrf = app.csrf(&cookie).await;
        let editor = app.api_token("test-team", "editor").await;
        let page: Value = app
            .api(&editor, Method::GET, "/surveys/tiny/responses", None)
            .await
            .json()
            .await
            .unwrap();
        let rid = page["responses"][0]["id"].as_str().unwrap().to_owned();
        let some_id = uuid::Uuid::now_v7().to_string();
        let base = "/admin/surveys/tiny";
        let forms: Vec<(String, Fields, &str)> = vec![
            (
                format!("{base}/themes"),
                vec![("name", "Sp\u{0}eed")],
                "name",
            ),
            (
                format!("{base}/themes/{some_id}/rename"),
                vec![("name", "\u{0}")],
                "name",
            ),
            (
                format!("{base}/responses/{rid}/tags"),
                vec![("question", "why\u{0}"), ("theme", &some_id)],
                "question",
            ),
            (
                format!("{base}/actions"),
                vec![("title", "Faster\u{0}"), ("status", "planned")],
                "title",
            ),
            (
                format!("{base}/actions"),
                vec![
                    ("title", "Faster"),
                    ("status", "cannot_do"),
                    ("reason", "\u{0}"),
                ],
                "reason",
            ),
            (
                format!("{base}/quotes"),
                vec![("response", &rid), ("question", "why\u{0}")],
                "question",
            ),
            (
                format!("{base}/quotes/{some_id}"),
                vec![("text", "Too\u{0} slow"), ("do", "approve")],
                "text",
            ),
        ];
        for (path, fields, named) in forms {
            let mut pairs = vec![("_csrf", csrf.as_str())];
            pairs.extend(fields);
            let res = app.post_as(&cookie, &path, &pairs).await;
            assert_eq!(res.status(), 422, "{backend:?} {path}");
            let html = res.text().await.unwrap();
            assert!(
                html.contains(&format!("`{named}`")),
                "{backend:?} {path}: {html}"
            );
        }

        let theme: Value = app
            .api(
                &editor,
                Method::POST,
                "/surveys/tiny/themes",
                Some(json!({"name": "Speed"})),
            )
            .await
            .json()
            .await
            .unwrap();
        let tid = theme["id"].as_str().unwrap().to_owned();
        let bodies = [
            (
                Method::POST,
                "/surveys/tiny/themes".to_owned(),
                json!({"name": "a\u{0}"}),
                "name",
            ),
            (
                Method::PUT,
                format!("/surveys/tiny/themes/{tid}"),
                json!({"name": "\u{0}"}),
                "name",
            ),
            (
                Method::POST,
                format!("/surveys/tiny/responses/{rid}/tags"),
                json!({"question": "why\u{0}", "theme": tid}),
                "question",
            ),
            (
                Method::POST,
                "/surveys/tiny/actions".to_owned(),
                json!({"title": "t", "description": "d\u{0}", "status": "planned"}),
                "description",
            ),
            (
                Method::POST,
                "/surveys/tiny/actions".to_owned(),
                json!({"title": "t", "status": "planned", "questions": ["why", "why\u{0}"]}),
                "questions[1]",
            ),
        ];
        for (method, path, body, named) in bodies {
            let res = app.api(&editor, method, &path, Some(body)).await;
            assert_eq!(res.status(), 422, "{backend:?} {path}");
            let body: Value = res.json().await.unwrap();
            assert!(
                body["message"]
                    .as_str()
                    .unwrap()
                    .contains(&format!("`{named}`")),
                "{backend:?}: {body}"
            );
        }
        assert_eq!(
            app.count("SELECT COUNT(*) FROM themes").await,
            1,
            "{backend:?}"
        );
        assert_eq!(
            app.count("SELECT COUNT(*) FROM actions").await,
            0,
            "{backend:?}"
        );
        assert_eq!(
            app.count("SELECT COUNT(*) FROM answer_themes").await,
            0,
            "{backend:?}"
        );
        assert_eq!(
            app.count("SELECT COUNT(*) FROM quotes").await,
            0,
            "{backend:?}"
        );
        app.stop().await;
    }
}

#[tokio::test]
async fn a_nul_in_a_sign_in_or_subscribe_email_is_refused_never_a_503() {
    for backend in backends() {
        let app = spawn_app_with(backend, fixtures::options()).await;
        app.add_user("editor@example.org", Some("test-team"), "editor")
            .await;
        for email in ["editor@example.org\u{0}", "\u{0}", "a\u{0}b@example.org"] {
            let res = app
                .post_form("/admin/login", &[("email", email), ("password", PASSWORD)])
                .await;
            assert_eq!(res.status(), 401, "{backend:?}: {email:?}");
        }
        assert!(
            app.sign_in("editor@example.org", PASSWORD).await.is_some(),
            "{backend:?}: the account is not locked by them"
        );
        for email in ["jo@example.org\u{0}", "\u{0}"] {
            let res = app
                .post_form("/published/tiny/subscribe", &[("email", email)])
                .await;
            assert_eq!(res.status(), 422, "{backend:?}: {email:?}");
        }
        assert_eq!(
            app.count("SELECT COUNT(*) FROM subscribers").await,
            0,
            "{backend:?}"
        );
        app.stop().await;
    }
}
