//! The survey page, as a respondent without JavaScript meets it.

use crate::fixtures;
use crate::helpers::{backends, hidden_value, spawn_app_with};

#[tokio::test]
async fn the_survey_page_is_an_accessible_form_that_sets_no_cookie() {
    for backend in backends() {
        let app = spawn_app_with(backend, fixtures::options()).await;
        let res = app.get("/s/food-statistics-pocketbook").await;
        assert_eq!(res.status(), 200, "{backend:?}");
        assert!(res.headers().get("set-cookie").is_none(), "{backend:?}");
        let csp = res.headers()["content-security-policy"]
            .to_str()
            .unwrap()
            .to_owned();
        assert!(csp.contains("frame-ancestors 'none'"), "{csp}");
        assert!(csp.contains("default-src 'none'"), "{csp}");
        let html = res.text().await.unwrap();
        assert!(html.contains("<title>Food Statistics Pocketbook user survey</title>"));
        assert!(html.contains("<legend>Which of these best describes you?</legend>"));
        assert!(
            html.contains(
                r#"<input id="role" name="role" type="radio" value="central-government">"#
            )
        );
        assert!(html.contains(r#"<label for="role">Central government</label>"#));
        assert!(html.contains(r#"data-show-if="satisfaction" data-test="in" data-values="1 2 3""#));
        assert!(hidden_value(&html, "_token").is_some());
        assert!(
            !html.contains("http://") && !html.contains("https://"),
            "no third-party requests"
        );
        app.stop().await;
    }
}

#[tokio::test]
async fn hints_are_tied_to_their_fields_with_aria_describedby() {
    for backend in backends() {
        let app = spawn_app_with(backend, fixtures::options()).await;
        let html = app.get("/s/tiny").await.text().await.unwrap();
        assert!(
            html.contains(r#"<fieldset aria-describedby="topics-hint">"#),
            "{backend:?}"
        );
        assert!(html.contains(r#"id="topics-hint""#));
        assert!(html.contains(r#"aria-describedby="email-hint""#));
        app.stop().await;
    }
}

#[tokio::test]
async fn a_submission_with_errors_rerenders_422_with_a_summary_and_keeps_every_answer() {
    for backend in backends() {
        let app = spawn_app_with(backend, fixtures::options()).await;
        let token = app.token("tiny").await;
        let res = app
            .post_form(
                "/s/tiny",
                &[
                    ("_token", &token),
                    ("topics", "food"),
                    ("topics", "fish"),
                    ("count", "12.5"),
                    ("email", "not-an-email"),
                ],
            )
            .await;
        assert_eq!(res.status(), 422, "{backend:?}");
        let html = res.text().await.unwrap();
        assert!(html.contains("<title>Error: Tiny survey</title>"), "{html}");
        let summary = &html[html.find("error-summary").unwrap()..html.find("<h1>").unwrap()];
        let links: Vec<&str> = summary
            .match_indices("href=\"#")
            .map(|(i, _)| &summary[i + 7..i + 7 + summary[i + 7..].find('"').unwrap()])
            .collect();
        assert_eq!(
            links,
            ["role", "count", "email"],
            "summary in question order"
        );
        assert!(html.contains(r#"<p id="role-error" class="error-message"><span class="visually-hidden">Error:</span> Select an answer</p>"#));
        assert!(html.contains("Enter a whole number"));
        assert!(html.contains("Enter an email address in the correct format"));
        assert!(html.contains(r#"value="food" checked"#), "answers are kept");
        assert!(html.contains(r#"value="fish" checked"#));
        assert!(html.contains(r#"value="12.5""#));
        assert!(html.contains(r#"value="not-an-email""#));
        assert_eq!(
            hidden_value(&html, "_token").as_deref(),
            Some(token.as_str())
        );
        assert_eq!(
            app.count("SELECT COUNT(*) FROM responses").await,
            0,
            "nothing half-written"
        );
        app.stop().await;
    }
}

#[tokio::test]
async fn a_valid_submission_redirects_to_thanks_and_stores_each_value() {
    for backend in backends() {
        let app = spawn_app_with(backend, fixtures::options()).await;
        let token = app.token("tiny").await;
        let res = app
            .post_form(
                "/s/tiny",
                &[
                    ("_token", &token),
                    ("role", "other"),
                    ("role-other", "  Consultant\u{7} "),
                    ("score", "2"),
                    ("why", " Too\u{1} slow "),
                    ("topics", "food"),
                    ("topics", "farming"),
                    ("count", "7"),
                    ("email", "person@example.org"),
                ],
            )
            .await;
        assert_eq!(res.status(), 303, "{backend:?}");
        assert_eq!(res.headers()["location"], "/s/tiny/thanks?lang=en");
        let thanks = app.get("/s/tiny/thanks?lang=en").await;
        assert_eq!(thanks.status(), 200);
        assert!(
            thanks
                .text()
                .await
                .unwrap()
                .contains("Your answers have been saved.")
        );

        assert_eq!(
            app.count("SELECT COUNT(*) FROM responses WHERE status = 'ok'")
                .await,
            1
        );
        let rows = app
            .strings("SELECT question || '=' || value || '|' || COALESCE(text, '') FROM answers ORDER BY question, value")
            .await;
        assert_eq!(
            rows,
            [
                "count=7|",
                "role=other|Consultant",
                "score=2|",
                "topics=farming|",
                "topics=food|",
                "why=|Too slow"
            ],
            "{backend:?}: trimmed, control characters stripped, one row per value"
        );
        assert_eq!(
            app.strings("SELECT email FROM contacts").await,
            ["person@example.org"]
        );
        assert_eq!(
            app.count("SELECT COUNT(*) FROM answers WHERE question = 'email'")
                .await,
            0,
            "email is kept apart"
        );
        let versions = app.count("SELECT COUNT(*) FROM survey_versions v JOIN responses r ON r.version = v.version WHERE v.yaml LIKE '%Tiny survey%'").await;
        assert_eq!(
            versions, 1,
            "the response points at the exact YAML it answered"
        );
        app.stop().await;
    }
}

#[tokio::test]
async fn answers_to_questions_that_do_not_apply_are_discarded() {
    for backend in backends() {
        let app = spawn_app_with(backend, fixtures::options()).await;
        let token = app.token("tiny").await;
        let res = app
            .post_form(
                "/s/tiny",
                &[
                    ("_token", &token),
                    ("role", "analyst"),
                    ("score", "5"),
                    ("why", "ignored"),
                ],
            )
            .await;
        assert_eq!(res.status(), 303, "{backend:?}");
        assert_eq!(
            app.count("SELECT COUNT(*) FROM answers WHERE question = 'why'")
                .await,
            0
        );
        assert_eq!(app.count("SELECT COUNT(*) FROM answers").await, 2);
        app.stop().await;
    }
}

#[tokio::test]
async fn draft_surveys_are_404_and_closed_ones_a_polite_410() {
    for backend in backends() {
        let app = spawn_app_with(backend, fixtures::options()).await;
        assert_eq!(app.get("/s/draft").await.status(), 404, "{backend:?}");
        assert_eq!(app.get("/s/no-such-survey").await.status(), 404);
        let closed = app.get("/s/closed").await;
        assert_eq!(closed.status(), 410);
        let html = closed.text().await.unwrap();
        assert!(html.contains("This survey has closed"), "{html}");
        let res = app.post_form("/s/closed", &[("q", "yes")]).await;
        assert_eq!(res.status(), 410);
        app.stop().await;
    }
}

#[tokio::test]
async fn the_embed_page_may_be_framed_only_by_allowed_origins_and_records_the_page() {
    for backend in backends() {
        let app = spawn_app_with(backend, fixtures::options()).await;
        let res = app
            .get("/s/tiny/embed?page=https%3A%2F%2Fstats.example.org%2Ffood%2F2026%3Femail%3Dx%40y.z")
            .await;
        assert_eq!(res.status(), 200, "{backend:?}");
        let csp = res.headers()["content-security-policy"]
            .to_str()
            .unwrap()
            .to_owned();
        assert!(
            csp.ends_with("frame-ancestors 'self' https://stats.example.org"),
            "{csp}"
        );
        let html = res.text().await.unwrap();
        assert!(!html.contains("site-header"), "no page chrome");
        assert_eq!(
            hidden_value(&html, "_page").as_deref(),
            Some("https://stats.example.org/food/2026")
        );
        let token = hidden_value(&html, "_token").unwrap();
        let res = app
            .post_form(
                "/s/tiny/embed",
                &[
                    ("_token", &token),
                    ("_page", "https://stats.example.org/food/2026?utm=1"),
                    ("role", "analyst"),
                ],
            )
            .await;
        assert_eq!(res.status(), 303);
        assert_eq!(res.headers()["location"], "/s/tiny/thanks?lang=en&embed=1");
        assert_eq!(
            app.strings("SELECT page FROM responses").await,
            ["https://stats.example.org/food/2026"]
        );

        let pocketbook = app.get("/s/page-feedback/embed").await;
        let csp = pocketbook.headers()["content-security-policy"]
            .to_str()
            .unwrap();
        assert!(
            csp.ends_with("frame-ancestors 'self' https://www.gov.uk"),
            "{csp}"
        );
        let js = app.get("/embed.js").await;
        assert_eq!(js.status(), 200);
        assert!(
            js.headers()["content-type"]
                .to_str()
                .unwrap()
                .starts_with("text/javascript")
        );
        app.stop().await;
    }
}

#[tokio::test]
async fn a_bilingual_survey_is_served_in_welsh_when_asked() {
    for backend in backends() {
        let app = spawn_app_with(backend, fixtures::options()).await;
        let html = app
            .get("/s/page-feedback?lang=cy")
            .await
            .text()
            .await
            .unwrap();
        assert!(html.contains(r#"<html lang="cy">"#), "{backend:?}");
        assert!(
            html.contains("Ydy&#39;r dudalen hon yn ddefnyddiol?"),
            "{html}"
        );
        assert!(html.contains(">Anfon</button>"));
        assert!(html.contains(r#"hreflang="en""#), "a link back to English");
        app.stop().await;
    }
}
