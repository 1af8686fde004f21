//! The API says what it does: every status in the document, constraints that match what the
//! service accepts, 405 with `Allow` for a known path asked with the wrong method.

use crate::fixtures;
use crate::helpers::{TestApp, backends, spawn_app_with};
use reqwest::Method;
use serde_json::{Value, json};

async fn seeded(backend: crate::helpers::Backend) -> TestApp {
    let app = spawn_app_with(backend, fixtures::options()).await;
    for answers in [
        json!({"role": "analyst", "score": 4, "topics": ["farming"], "count": 12}),
        json!({"role": {"other": "Consultant"}, "score": 5, "topics": ["food", "fish"]}),
    ] {
        let res = app
            .post_json("tiny", &json!({"answers": answers}), None)
            .await;
        assert_eq!(res.status(), 201);
    }
    app
}

#[tokio::test]
async fn a_known_api_path_asked_with_another_method_answers_405_with_allow_and_json() {
    for backend in backends() {
        let app = seeded(backend).await;
        let token = app.api_token("test-team", "editor").await;
        for (method, path, allow) in [
            (Method::PATCH, "/surveys", "GET"),
            (Method::PUT, "/surveys/tiny/themes/suggestions", "GET"),
            (
                Method::GET,
                "/surveys/tiny/actions/0190c5e4-1111-7000-8000-000000000000",
                "PUT",
            ),
            (Method::DELETE, "/surveys/tiny/themes", "GET, POST"),
        ] {
            let res = app.api(&token, method.clone(), path, None).await;
            assert_eq!(res.status(), 405, "{backend:?} {method} {path}");
            assert_eq!(res.headers()["allow"], allow, "{method} {path}");
            let body: Value = res.json().await.unwrap();
            assert_eq!(body["error"], "method_not_allowed");
        }
        let res = app
            .client
            .delete(format!("{}/api/v1/surveys/tiny", app.address))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 405);
        assert_eq!(res.headers()["allow"], "GET");
        let res = app.get("/api/v1/no-such-thing").await;
        assert_eq!(res.status(), 404);
        let body: Value = res.json().await.unwrap();
        assert_eq!(body["error"], "not_found");
        app.stop().await;
    }
}

#[tokio::test]
async fn api_page_numbers_outside_1_to_100000_are_refused_with_a_json_error() {
    for backend in backends() {
        let app = seeded(backend).await;
        let token = app.api_token("test-team", "viewer").await;
        for page in [
            "0",
            "100001",
            "9223372036854775808",
            "18446744073709551616",
            "-1",
            "x",
        ] {
            let res = app
                .api(
                    &token,
                    Method::GET,
                    &format!("/surveys/tiny/responses?page={page}"),
                    None,
                )
                .await;
            assert_eq!(res.status(), 422, "{backend:?} page={page}");
            let body: Value = res.json().await.unwrap();
            assert_eq!(body["error"], "invalid", "page={page}");
        }
        let res = app
            .api(
                &token,
                Method::GET,
                "/surveys/tiny/responses?page=100000",
                None,
            )
            .await;
        assert_eq!(res.status(), 200);
        let body: Value = res.json().await.unwrap();
        assert_eq!(body["page"], 1, "a page past the end shows the last");
        app.stop().await;
    }
}

#[tokio::test]
async fn api_json_exports_give_each_question_one_type_in_every_row() {
    for backend in backends() {
        let app = seeded(backend).await;
        let token = app.api_token("test-team", "viewer").await;
        let rows: Value = app
            .api(&token, Method::GET, "/surveys/tiny/responses.json", None)
            .await
            .json()
            .await
            .unwrap();
        let rows = rows.as_array().unwrap();
        assert_eq!(rows.len(), 2, "{backend:?}");
        assert_eq!(
            rows[0]["answers"]["topics"],
            json!(["farming"]),
            "one choice is a list"
        );
        let mut two: Vec<&str> = rows[1]["answers"]["topics"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_str().unwrap())
            .collect();
        two.sort_unstable();
        assert_eq!(two, ["fish", "food"]);
        assert_eq!(
            rows[0]["answers"]["score"],
            json!(4),
            "a rating is an integer"
        );
        assert_eq!(
            rows[0]["answers"]["count"],
            json!(12),
            "a whole number is an integer"
        );
        assert_eq!(rows[0]["answers"]["role"], json!("analyst"));
        assert_eq!(rows[1]["answers"]["role"], json!({"other": "Consultant"}));
        app.stop().await;
    }
}

#[tokio::test]
async fn api_document_lists_every_status_and_the_real_constraints() {
    let app = spawn_app_with(crate::helpers::Backend::Sqlite, fixtures::options()).await;
    let doc: Value = app.get_json("/api/v1/openapi.json").await;
    let paths = doc["paths"].as_object().unwrap();
    for (path, item) in paths {
        for (method, op) in item.as_object().unwrap() {
            let statuses = op["responses"].as_object().unwrap();
            let has = |s: &str| statuses.contains_key(s);
            if path.contains('{') {
                assert!(has("404"), "{method} {path}");
            }
            // The CORS preflight reads no database and needs no token.
            if method == "options" {
                continue;
            }
            assert!(has("503"), "{method} {path}");
            if path.starts_with("/api/v1/admin/") {
                assert!(has("401"), "{method} {path}");
            }
            if op.get("requestBody").is_some() {
                for s in ["400", "413", "422"] {
                    assert!(has(s), "{s} for {method} {path}");
                }
            }
            if method != "get" && path.starts_with("/api/v1/admin/") {
                assert!(has("403"), "{method} {path}");
            }
        }
    }
    let post = &paths["/api/v1/surveys/{id}/responses"]["post"]["responses"];
    for s in ["400", "403", "404", "410", "413", "415", "422", "429"] {
        assert!(post.get(s).is_some(), "POST responses documents {s}");
    }
    let params = paths["/api/v1/admin/surveys/{id}/responses"]["get"]["parameters"]
        .as_array()
        .unwrap();
    let param = |name: &str| params.iter().find(|p| p["name"] == name).unwrap();
    assert!(
        param("period")["schema"]["pattern"]
            .as_str()
            .unwrap()
            .contains(yousaid::period::PATTERN)
    );
    assert_eq!(param("page")["schema"]["minimum"], 1);
    assert_eq!(param("page")["schema"]["maximum"], 100_000);
    assert_eq!(
        param("status")["schema"]["enum"],
        json!(["", "ok", "spam", "suspected_bot"])
    );
    let schemas = &doc["components"]["schemas"];
    assert_eq!(
        schemas["Status"]["enum"],
        json!(["planned", "in_progress", "done", "cannot_do"])
    );
    assert_eq!(schemas["ThemeBody"]["properties"]["name"]["maxLength"], 80);
    assert_eq!(
        schemas["ActionInput"]["properties"]["title"]["maxLength"],
        200
    );
    let export = &paths["/api/v1/admin/surveys/{id}/responses.json"]["get"]["responses"]["200"];
    let items = &export["content"]["application/json"]["schema"]["items"];
    assert_eq!(items["$ref"], "#/components/schemas/ExportedResponse");
    assert!(
        schemas["ExportedResponse"]["properties"]["answers"]["additionalProperties"].is_object()
    );
    app.stop().await;
}
