//! Who may see and change what in the producer workspace: roles, teams, sessions, CSRF.

use crate::fixtures;
use crate::helpers::{Options, PASSWORD, TestApp, backends, spawn_app_with};
use reqwest::Method;
use serde_json::json;

async fn with_responses(backend: crate::helpers::Backend, options: Options) -> TestApp {
    let app = spawn_app_with(backend, options).await;
    for (i, comment) in [
        "PDF tables unclear",
        "Please publish a PDF",
        "More regional data",
    ]
    .iter()
    .enumerate()
    {
        let body = json!({"answers": {"role": "analyst", "score": 1 + i, "why": comment, "email": format!("p{i}@example.org")}});
        assert_eq!(app.post_json("tiny", &body, None).await.status(), 201);
    }
    app
}

#[tokio::test]
async fn no_page_or_api_call_shows_responses_without_a_session_or_token() {
    for backend in backends() {
        let app = with_responses(backend, fixtures::options()).await;
        for path in [
            "/admin",
            "/admin/surveys/tiny/responses",
            "/admin/surveys/tiny/export.csv",
            "/admin/surveys/tiny/themes",
            "/admin/audit",
        ] {
            let res = app.get(path).await;
            assert_eq!(res.status(), 303, "{backend:?} {path}");
            assert_eq!(res.headers()["location"], "/admin/login");
        }
        for path in [
            "/surveys",
            "/surveys/tiny/responses",
            "/surveys/tiny/responses.csv",
            "/surveys/tiny/themes",
            "/surveys/tiny/actions",
        ] {
            let res = app.api("not-a-token", Method::GET, path, None).await;
            assert_eq!(res.status(), 401, "{backend:?} {path}");
        }
        let forged = app.get_as("yousaid_session=s_forged", "/admin").await;
        assert_eq!(forged.status(), 303);
        app.stop().await;
    }
}

#[tokio::test]
async fn another_teams_producer_gets_404_for_your_survey() {
    for backend in backends() {
        let app = with_responses(backend, fixtures::options()).await;
        app.add_user(
            "other@example.gov.uk",
            Some("air-quality-statistics"),
            "publisher",
        )
        .await;
        let cookie = app.sign_in("other@example.gov.uk", PASSWORD).await.unwrap();
        for path in [
            "/admin/surveys/tiny/responses",
            "/admin/surveys/tiny/themes",
            "/admin/surveys/tiny/actions",
            "/admin/surveys/tiny/export.csv",
        ] {
            assert_eq!(
                app.get_as(&cookie, path).await.status(),
                404,
                "{backend:?} {path}"
            );
        }
        let overview = app.get_as(&cookie, "/admin").await.text().await.unwrap();
        assert!(
            overview.contains("Air pollutant") || overview.contains("air-pollutant"),
            "{overview}"
        );
        assert!(
            !overview.contains("Tiny survey"),
            "only their own team's surveys"
        );
        let token = app.api_token("air-quality-statistics", "publisher").await;
        for path in [
            "/surveys/tiny/responses",
            "/surveys/tiny/responses.csv",
            "/surveys/tiny/themes",
        ] {
            assert_eq!(
                app.api(&token, Method::GET, path, None).await.status(),
                404,
                "{backend:?} {path}"
            );
        }
        let listed: serde_json::Value = app
            .api(&token, Method::GET, "/surveys", None)
            .await
            .json()
            .await
            .unwrap();
        let listed = listed.as_array().unwrap();
        assert!(!listed.is_empty(), "the team's own survey is listed");
        assert!(listed.iter().all(|s| s["team"] == "air-quality-statistics"));
        app.stop().await;
    }
}

#[tokio::test]
async fn a_viewer_can_read_but_not_tag_code_or_export_contacts() {
    for backend in backends() {
        let app = with_responses(backend, fixtures::options()).await;
        let viewer = app.api_token("test-team", "viewer").await;
        let editor = app.api_token("test-team", "editor").await;
        assert_eq!(
            app.api(&viewer, Method::GET, "/surveys/tiny/responses", None)
                .await
                .status(),
            200,
            "{backend:?}"
        );
        assert_eq!(
            app.api(
                &viewer,
                Method::POST,
                "/surveys/tiny/themes",
                Some(json!({"name": "PDF"}))
            )
            .await
            .status(),
            403
        );
        assert_eq!(
            app.api(
                &viewer,
                Method::GET,
                "/surveys/tiny/responses.csv?contacts=1",
                None
            )
            .await
            .status(),
            403
        );
        let created = app
            .api(
                &editor,
                Method::POST,
                "/surveys/tiny/themes",
                Some(json!({"name": "PDF"})),
            )
            .await;
        assert_eq!(created.status(), 201);
        let theme = created.json::<serde_json::Value>().await.unwrap()["id"]
            .as_str()
            .unwrap()
            .to_owned();
        let page: serde_json::Value = app
            .api(
                &viewer,
                Method::GET,
                "/surveys/tiny/responses?question=why",
                None,
            )
            .await
            .json()
            .await
            .unwrap();
        let rid = page["responses"][0]["id"].as_str().unwrap().to_owned();
        let tag = json!({"question": "why", "theme": theme});
        assert_eq!(
            app.api(
                &viewer,
                Method::POST,
                &format!("/surveys/tiny/responses/{rid}/tags"),
                Some(tag.clone())
            )
            .await
            .status(),
            403
        );
        assert_eq!(
            app.api(
                &editor,
                Method::POST,
                &format!("/surveys/tiny/responses/{rid}/tags"),
                Some(tag)
            )
            .await
            .status(),
            204
        );
        let action = json!({"title": "x", "status": "planned"});
        assert_eq!(
            app.api(&viewer, Method::POST, "/surveys/tiny/actions", Some(action))
                .await
                .status(),
            403
        );
        assert_eq!(
            app.api(
                &viewer,
                Method::POST,
                &format!("/surveys/tiny/responses/{rid}/spam"),
                Some(json!({"spam": true}))
            )
            .await
            .status(),
            403
        );

        app.add_user("viewer@example.gov.uk", Some("test-team"), "viewer")
            .await;
        let cookie = app
            .sign_in("viewer@example.gov.uk", PASSWORD)
            .await
            .unwrap();
        let csrf = app.csrf(&cookie).await;
        let res = app
            .post_as(
                &cookie,
                "/admin/surveys/tiny/themes",
                &[("_csrf", &csrf), ("name", "Regional")],
            )
            .await;
        assert_eq!(
            res.status(),
            403,
            "{backend:?}: a viewer cannot create themes in the browser either"
        );
        assert_eq!(app.count("SELECT COUNT(*) FROM themes").await, 1);
        app.stop().await;
    }
}

#[tokio::test]
async fn state_changing_forms_without_the_csrf_token_are_rejected() {
    for backend in backends() {
        let app = with_responses(backend, fixtures::options()).await;
        app.add_user("ana@example.gov.uk", Some("test-team"), "editor")
            .await;
        let cookie = app.sign_in("ana@example.gov.uk", PASSWORD).await.unwrap();
        let res = app
            .post_as(
                &cookie,
                "/admin/surveys/tiny/themes",
                &[("name", "No token")],
            )
            .await;
        assert_eq!(res.status(), 403, "{backend:?}");
        let res = app
            .post_as(
                &cookie,
                "/admin/surveys/tiny/themes",
                &[("_csrf", "c_wrong"), ("name", "Wrong token")],
            )
            .await;
        assert_eq!(res.status(), 403);
        let csrf = app.csrf(&cookie).await;
        let cross = app
            .client
            .post(format!("{}/admin/surveys/tiny/themes", app.address))
            .header("Cookie", &cookie)
            .header("Sec-Fetch-Site", "cross-site")
            .form(&[("_csrf", csrf.as_str()), ("name", "Cross site")])
            .send()
            .await
            .unwrap();
        assert_eq!(cross.status(), 403);
        assert_eq!(
            app.count("SELECT COUNT(*) FROM themes").await,
            0,
            "nothing changed"
        );
        let res = app.post_as(&cookie, "/admin/logout", &[]).await;
        assert_eq!(res.status(), 403, "even signing out needs the token");
        let ok = app
            .post_as(
                &cookie,
                "/admin/surveys/tiny/themes",
                &[("_csrf", &csrf), ("name", "PDF")],
            )
            .await;
        assert_eq!(ok.status(), 303);
        assert_eq!(app.count("SELECT COUNT(*) FROM themes").await, 1);
        app.stop().await;
    }
}

#[tokio::test]
async fn repeated_failed_sign_ins_lock_the_account_without_saying_whether_it_exists() {
    for backend in backends() {
        let app = spawn_app_with(backend, fixtures::options()).await;
        app.add_user("ana@example.gov.uk", Some("test-team"), "editor")
            .await;
        let unknown = app
            .post_form(
                "/admin/login",
                &[
                    ("email", "nobody@example.gov.uk"),
                    ("password", "whatever it is"),
                ],
            )
            .await;
        assert_eq!(unknown.status(), 401, "{backend:?}");
        let unknown_text = unknown.text().await.unwrap();
        for _ in 0..yousaid::auth::MAX_FAILED_LOGINS {
            let res = app
                .post_form(
                    "/admin/login",
                    &[
                        ("email", "ana@example.gov.uk"),
                        ("password", "wrong password!"),
                    ],
                )
                .await;
            assert_eq!(res.status(), 401);
            let text = res.text().await.unwrap();
            assert_eq!(
                text.replace("ana@example.gov.uk", ""),
                unknown_text.replace("nobody@example.gov.uk", ""),
                "same answer for known and unknown accounts"
            );
        }
        assert!(
            app.sign_in("ana@example.gov.uk", PASSWORD).await.is_none(),
            "{backend:?}: locked even with the right password"
        );
        assert_eq!(
            app.count("SELECT COUNT(*) FROM users WHERE locked_until IS NOT NULL")
                .await,
            1
        );
        app.stop().await;
    }
}

#[tokio::test]
async fn sessions_end_on_logout_and_after_idling() {
    for backend in backends() {
        let app = spawn_app_with(backend, fixtures::options()).await;
        app.add_user("ana@example.gov.uk", Some("test-team"), "editor")
            .await;
        let cookie = app.sign_in("ana@example.gov.uk", PASSWORD).await.unwrap();
        assert_eq!(
            app.get_as(&cookie, "/admin").await.status(),
            200,
            "{backend:?}"
        );
        let csrf = app.csrf(&cookie).await;
        assert_eq!(
            app.post_as(&cookie, "/admin/logout", &[("_csrf", &csrf)])
                .await
                .status(),
            303
        );
        assert_eq!(
            app.get_as(&cookie, "/admin").await.status(),
            303,
            "the old cookie no longer works"
        );
        assert_eq!(app.count("SELECT COUNT(*) FROM sessions").await, 0);
        app.stop().await;

        let idle = spawn_app_with(
            backend,
            Options {
                session_idle_minutes: 0,
                ..fixtures::options()
            },
        )
        .await;
        idle.add_user("ana@example.gov.uk", Some("test-team"), "editor")
            .await;
        let cookie = idle.sign_in("ana@example.gov.uk", PASSWORD).await.unwrap();
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        assert_eq!(
            idle.get_as(&cookie, "/admin").await.status(),
            303,
            "{backend:?}: expired after idling"
        );
        idle.stop().await;
    }
}

#[tokio::test]
async fn the_session_cookie_is_httponly_samesite_strict_and_scoped_to_admin() {
    for backend in backends() {
        let app = spawn_app_with(backend, fixtures::options()).await;
        app.add_user("ana@example.gov.uk", Some("test-team"), "editor")
            .await;
        let res = app
            .post_form(
                "/admin/login",
                &[("email", "ana@example.gov.uk"), ("password", PASSWORD)],
            )
            .await;
        let cookie = res.headers()["set-cookie"].to_str().unwrap().to_owned();
        assert!(cookie.contains("HttpOnly"), "{cookie}");
        assert!(cookie.contains("SameSite=Strict"), "{cookie}");
        assert!(cookie.contains("Path=/admin"), "{cookie}");
        assert!(
            !cookie.contains("Secure"),
            "plain http in tests: Secure only when the public URL is https"
        );
        app.stop().await;
    }
}

#[tokio::test]
async fn an_unreadable_query_string_gets_a_clear_answer_not_a_bare_error() {
    for backend in backends() {
        let app = spawn_app_with(backend, fixtures::options()).await;
        let token = app.api_token("test-team", "viewer").await;
        let res = app
            .api(
                &token,
                Method::GET,
                "/surveys/tiny/responses?page=first",
                None,
            )
            .await;
        assert_eq!(res.status(), 422, "{backend:?}");
        let body: serde_json::Value = res.json().await.unwrap();
        assert_eq!(body["error"], "invalid");
        assert!(
            body["message"].as_str().unwrap().contains("invalid digit"),
            "{body}"
        );
        app.add_user("ana@example.gov.uk", Some("test-team"), "viewer")
            .await;
        let cookie = app.sign_in("ana@example.gov.uk", PASSWORD).await.unwrap();
        let page = app
            .get_as(&cookie, "/admin/surveys/tiny/responses?page=-1")
            .await;
        assert_eq!(page.status(), 400);
        assert!(page.text().await.unwrap().contains("could not be read"));
        app.stop().await;
    }
}
