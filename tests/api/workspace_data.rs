//! What the workspace records and hands out: exports, themes, actions, retention, import, API.

use crate::fixtures;
use crate::helpers::{TestApp, backends, spawn_app_with};
use reqwest::Method;
use serde_json::{Value, json};

async fn seeded(backend: crate::helpers::Backend) -> TestApp {
    let app = spawn_app_with(backend, fixtures::options()).await;
    let rows = [
        json!({"role": "analyst", "score": 1, "why": "=SUM(A1) is wrong", "topics": ["food", "fish"], "email": "first@example.org"}),
        json!({"role": "journalist", "score": 2, "why": "More regional data", "topics": ["farming"]}),
        json!({"role": {"other": "Consultant"}, "score": 5, "count": 12}),
    ];
    for answers in rows {
        assert_eq!(
            app.post_json("tiny", &json!({"answers": answers}), None)
                .await
                .status(),
            201
        );
    }
    app
}

async fn ids(app: &TestApp, token: &str, query: &str) -> Vec<String> {
    let page: Value = app
        .api(
            token,
            Method::GET,
            &format!("/surveys/tiny/responses?{query}"),
            None,
        )
        .await
        .json()
        .await
        .unwrap();
    page["responses"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn the_csv_export_has_one_row_per_response_and_contacts_only_when_asked_and_audited() {
    for backend in backends() {
        let app = seeded(backend).await;
        let editor = app.api_token("test-team", "editor").await;
        let csv = app
            .api(&editor, Method::GET, "/surveys/tiny/responses.csv", None)
            .await
            .text()
            .await
            .unwrap();
        let lines: Vec<&str> = csv.lines().collect();
        assert_eq!(
            lines[0],
            "response_id,submitted_at,version,status,page,role,role/other_text,score,why,topics/food,topics/farming,topics/fish,count",
            "{backend:?}"
        );
        assert_eq!(lines.len(), 4);
        assert!(
            lines[1].ends_with(",ok,,analyst,,1,'=SUM(A1) is wrong,1,,1,"),
            "{}",
            lines[1]
        );
        assert!(
            lines[3].ends_with(",ok,,other,Consultant,5,,,,,12"),
            "{}",
            lines[3]
        );
        assert!(
            !csv.contains("first@example.org"),
            "no contact details unless asked for"
        );

        let with = app
            .api(
                &editor,
                Method::GET,
                "/surveys/tiny/responses.csv?contacts=1",
                None,
            )
            .await
            .text()
            .await
            .unwrap();
        assert!(with.lines().next().unwrap().ends_with(",count,email"));
        assert!(with.contains("first@example.org"));
        let audited = app.count("SELECT COUNT(*) FROM audit_events WHERE event = 'export' AND detail LIKE '%\"contacts\":true%'").await;
        assert_eq!(audited, 1, "{backend:?}: the contact export is audited");

        let json: Value = app
            .api(
                &editor,
                Method::GET,
                "/surveys/tiny/responses.json?period=2000",
                None,
            )
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(json, json!([]), "filters apply to exports");
        let all: Value = app
            .api(&editor, Method::GET, "/surveys/tiny/responses.json", None)
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(all.as_array().unwrap().len(), 3);
        assert_eq!(
            all[0]["answers"]["topics"],
            json!(["fish", "food"])
                .as_array()
                .map(|_| all[0]["answers"]["topics"].clone())
                .unwrap()
        );
        app.stop().await;
    }
}

#[tokio::test]
async fn responses_can_be_filtered_by_period_user_type_theme_question_and_words() {
    for backend in backends() {
        let app = seeded(backend).await;
        let token = app.api_token("test-team", "editor").await;
        let count = |v: Value| v["total"].as_u64().unwrap();
        let get = |q: &'static str| {
            let app = &app;
            let token = token.clone();
            async move {
                app.api(
                    &token,
                    Method::GET,
                    &format!("/surveys/tiny/responses?{q}"),
                    None,
                )
                .await
                .json::<Value>()
                .await
                .unwrap()
            }
        };
        let quarter = yousaid::period::Period::quarter_of(chrono::Utc::now()).to_string();
        assert_eq!(count(get("").await), 3, "{backend:?}");
        assert_eq!(
            count(
                app.api(
                    &token,
                    Method::GET,
                    &format!("/surveys/tiny/responses?period={quarter}"),
                    None
                )
                .await
                .json()
                .await
                .unwrap()
            ),
            3
        );
        assert_eq!(count(get("period=2001-Q1").await), 0);
        assert_eq!(count(get("user_type=journalist").await), 1);
        assert_eq!(count(get("question=count").await), 1);
        assert_eq!(count(get("q=regional").await), 1, "search ignores case");
        assert_eq!(count(get("q=REGIONAL").await), 1);
        let bad = app
            .api(
                &token,
                Method::GET,
                "/surveys/tiny/responses?period=soon",
                None,
            )
            .await;
        assert_eq!(bad.status(), 422);
        let theme: Value = app
            .api(
                &token,
                Method::POST,
                "/surveys/tiny/themes",
                Some(json!({"name": "Regional"})),
            )
            .await
            .json()
            .await
            .unwrap();
        let id = get("q=regional").await["responses"][0]["id"]
            .as_str()
            .unwrap()
            .to_owned();
        app.api(
            &token,
            Method::POST,
            &format!("/surveys/tiny/responses/{id}/tags"),
            Some(json!({"question": "why", "theme": theme["id"]})),
        )
        .await;
        let by_theme = app
            .api(
                &token,
                Method::GET,
                &format!(
                    "/surveys/tiny/responses?theme={}",
                    theme["id"].as_str().unwrap()
                ),
                None,
            )
            .await
            .json::<Value>()
            .await
            .unwrap();
        assert_eq!(count(by_theme), 1);
        app.stop().await;
    }
}

#[tokio::test]
async fn merging_themes_keeps_every_tag_and_is_audited() {
    for backend in backends() {
        let app = seeded(backend).await;
        let token = app.api_token("test-team", "editor").await;
        let create = |name: &'static str| {
            let (app, token) = (&app, token.clone());
            async move {
                let v: Value = app
                    .api(
                        &token,
                        Method::POST,
                        "/surveys/tiny/themes",
                        Some(json!({"name": name})),
                    )
                    .await
                    .json()
                    .await
                    .unwrap();
                v["id"].as_str().unwrap().to_owned()
            }
        };
        let (pdf, format) = (create("PDF").await, create("Formats").await);
        let with_comment = ids(&app, &token, "question=why").await;
        let without = ids(&app, &token, "question=count").await;
        let tag = |rid: String, theme: String| {
            let (app, token) = (&app, token.clone());
            async move {
                let res = app
                    .api(
                        &token,
                        Method::POST,
                        &format!("/surveys/tiny/responses/{rid}/tags"),
                        Some(json!({"question": "why", "theme": theme})),
                    )
                    .await;
                assert_eq!(res.status(), 204);
            }
        };
        for rid in &with_comment {
            tag(rid.clone(), pdf.clone()).await;
        }
        tag(with_comment[0].clone(), format.clone()).await;
        let listed: Value = app
            .api(&token, Method::GET, "/surveys/tiny/themes", None)
            .await
            .json()
            .await
            .unwrap();
        let counts: Vec<(String, u64, u64)> = listed
            .as_array()
            .unwrap()
            .iter()
            .map(|t| {
                (
                    t["name"].as_str().unwrap().to_owned(),
                    t["total"].as_u64().unwrap(),
                    t["counts"][0]["count"].as_u64().unwrap(),
                )
            })
            .collect();
        assert_eq!(
            counts,
            [("Formats".to_owned(), 1, 1), ("PDF".to_owned(), 2, 2)],
            "{backend:?}: totals and this quarter's counts"
        );
        let res = app
            .api(
                &token,
                Method::POST,
                &format!("/surveys/tiny/themes/{pdf}/merge"),
                Some(json!({"into": format})),
            )
            .await;
        assert_eq!(res.status(), 200, "{backend:?}");
        assert_eq!(app.count("SELECT COUNT(*) FROM themes").await, 1);
        assert_eq!(
            app.count("SELECT COUNT(*) FROM answer_themes").await,
            2,
            "both comments keep a tag; the one tagged twice keeps one"
        );
        assert_eq!(
            app.count("SELECT COUNT(*) FROM audit_events WHERE event = 'theme.merge'")
                .await,
            1
        );
        let bad = app
            .api(
                &token,
                Method::POST,
                &format!("/surveys/tiny/responses/{}/tags", without[0]),
                Some(json!({"question": "why", "theme": format})),
            )
            .await;
        assert_eq!(
            bad.status(),
            422,
            "a response without that comment cannot be tagged"
        );
        app.stop().await;
    }
}

#[tokio::test]
async fn an_actions_status_changes_are_kept_as_history_and_cannot_do_needs_a_reason() {
    for backend in backends() {
        let app = seeded(backend).await;
        let token = app.api_token("test-team", "editor").await;
        let no_reason = app
            .api(
                &token,
                Method::POST,
                "/surveys/tiny/actions",
                Some(json!({"title": "Print it", "status": "cannot_do"})),
            )
            .await;
        assert_eq!(no_reason.status(), 422, "{backend:?}");
        let created: Value = app
            .api(&token, Method::POST, "/surveys/tiny/actions", Some(json!({"title": "Publish a PDF", "status": "planned", "public": true, "questions": ["why"]})))
            .await
            .json()
            .await
            .unwrap();
        let id = created["id"].as_str().unwrap();
        for (status, reason) in [
            ("in_progress", None),
            ("done", None),
            ("cannot_do", Some("No budget for printing")),
        ] {
            let body = json!({"title": "Publish a PDF", "status": status, "reason": reason, "public": true});
            assert_eq!(
                app.api(
                    &token,
                    Method::PUT,
                    &format!("/surveys/tiny/actions/{id}"),
                    Some(body)
                )
                .await
                .status(),
                204
            );
        }
        let list: Value = app
            .api(&token, Method::GET, "/surveys/tiny/actions", None)
            .await
            .json()
            .await
            .unwrap();
        let history: Vec<&str> = list[0]["history"]
            .as_array()
            .unwrap()
            .iter()
            .map(|h| h["status"].as_str().unwrap())
            .collect();
        assert_eq!(history, ["planned", "in_progress", "done", "cannot_do"]);
        assert_eq!(list[0]["reason"], "No budget for printing");
        assert_eq!(
            app.count("SELECT COUNT(*) FROM audit_events WHERE event = 'action.status'")
                .await,
            3
        );
        app.stop().await;
    }
}

#[tokio::test]
async fn contact_details_are_purged_after_retention_and_forgotten_on_request() {
    for backend in backends() {
        let app = seeded(backend).await;
        assert_eq!(
            app.count("SELECT COUNT(*) FROM contacts").await,
            1,
            "{backend:?}"
        );
        assert_eq!(
            yousaid::privacy::purge_expired(&app.store).await.unwrap(),
            0,
            "nothing is due yet"
        );
        use sea_orm::ConnectionTrait;
        app.conn
            .execute_unprepared("UPDATE contacts SET delete_after = '2020-01-01T00:00:00+00:00'")
            .await
            .unwrap();
        assert_eq!(
            yousaid::privacy::purge_expired(&app.store).await.unwrap(),
            1
        );
        assert_eq!(app.count("SELECT COUNT(*) FROM contacts").await, 0);

        let body = json!({"answers": {"role": "analyst", "email": "Again@Example.org"}});
        assert_eq!(app.post_json("tiny", &body, None).await.status(), 201);
        // The same person also asked for summaries by email.
        let site = yousaid::publishing::site::Site::new(&app.address);
        yousaid::publishing::subscribers::subscribe(
            &app.store,
            &site,
            "tiny",
            "Tiny",
            "again@example.org",
        )
        .await
        .unwrap();
        let forgotten = yousaid::privacy::forget(&app.store, "again@example.ORG", "test")
            .await
            .unwrap();
        assert_eq!(forgotten.get("tiny"), Some(&1), "{backend:?}");
        assert_eq!(app.count("SELECT COUNT(*) FROM contacts").await, 0);
        assert_eq!(
            app.count("SELECT COUNT(*) FROM subscribers").await,
            0,
            "subscriptions too"
        );
        assert_eq!(
            app.count("SELECT COUNT(*) FROM outbox WHERE recipient LIKE 'again@%'")
                .await,
            0,
            "no mail to the address is kept, sent (the domain only) or waiting (deleted)"
        );
        let audit = app
            .strings("SELECT detail FROM audit_events WHERE event = 'contact.forget'")
            .await;
        assert!(
            !audit[0].to_lowercase().contains("again@example.org"),
            "the audit log keeps counts, not the address"
        );
        app.stop().await;
    }
}

#[tokio::test]
async fn the_openapi_document_covers_both_apis_and_validates() {
    for backend in backends() {
        let app = spawn_app_with(backend, fixtures::options()).await;
        let doc: Value = app.get_json("/api/v1/openapi.json").await;
        assert!(doc["openapi"].as_str().unwrap().starts_with("3."));
        for path in [
            "/api/v1/surveys/{id}/responses",
            "/api/v1/admin/surveys/{id}/responses.csv",
            "/api/v1/admin/surveys/{id}/actions",
        ] {
            assert!(doc["paths"].get(path).is_some(), "{path} documented");
        }
        let file = app.definitions.parent().unwrap().join("openapi.json");
        std::fs::write(&file, doc.to_string()).unwrap();
        let check = std::process::Command::new("python3")
            .args(["-c", "import sys; from openapi_spec_validator import validate; from openapi_spec_validator.readers import read_from_filename; validate(read_from_filename(sys.argv[1])[0]); print('valid')"])
            .arg(&file)
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&check.stderr);
        if stderr.contains("No module named 'openapi_spec_validator'")
            && std::env::var("CI").is_err()
        {
            eprintln!(
                "openapi-spec-validator is not installed (pip install openapi-spec-validator); not validated"
            );
        } else {
            assert!(check.status.success(), "{backend:?}: {stderr}");
        }
        app.stop().await;
    }
}
