//! A period that has not ended is published only on purpose, as a partial summary that says
//! so everywhere; publishing is confirmed on a page that says what goes out and to how many.

use crate::helpers::{Options, TestApp, backends, spawn_app_with};
use sea_orm::EntityTrait;
use yousaid::period::Period;
use yousaid::publishing::subscribers;

const SURVEY: &str = "food-statistics-pocketbook";

async fn answered(app: &TestApp, n: usize) {
    for _ in 0..n {
        let body = serde_json::json!({"answers": {"role": "academia", "satisfaction": 4}});
        assert_eq!(app.post_json(SURVEY, &body, None).await.status(), 201);
    }
}

/// Runs `yousaid publish …` against the app's database and definitions.
fn publish(app: &TestApp, args: &[&str]) -> (bool, String, String) {
    let args: Vec<&str> = [&["publish"], args].concat();
    crate::helpers::run_yousaid(
        &args,
        &[
            ("DATABASE_URL", app.db.url.as_ref()),
            ("YOUSAID_DEFINITIONS", app.definitions.as_os_str()),
            ("YOUSAID_BASE_URL", app.address.as_ref()),
        ],
    )
}

#[tokio::test]
async fn the_cli_drafts_a_running_period_only_with_partial_and_the_summary_says_so_everywhere() {
    for backend in backends() {
        let app = spawn_app_with(backend, Options::default()).await;
        answered(&app, 6).await;
        let running = Period::quarter_of(chrono::Utc::now());
        let period = running.to_string();
        let draft = ["draft", "--survey", SURVEY, "--period", &period];

        let (ok, _, stderr) = publish(&app, &draft);
        assert!(!ok, "{backend:?}: a running period is refused");
        assert!(
            stderr.contains(&format!("{period} has not ended")) && stderr.contains("--partial"),
            "{stderr}"
        );
        let later = running.next().next().to_string();
        let (ok, _, stderr) = publish(
            &app,
            &["draft", "--survey", SURVEY, "--period", &later, "--partial"],
        );
        assert!(!ok, "{backend:?}");
        assert!(stderr.contains("has not begun"), "{stderr}");
        assert_eq!(
            app.count("SELECT COUNT(*) FROM publications").await,
            0,
            "{backend:?}: nothing was drafted"
        );

        let partial = [&draft[..], &["--partial"]].concat();
        let (ok, stdout, stderr) = publish(&app, &partial);
        assert!(ok, "{backend:?}: {stderr}");
        assert!(
            stdout.contains("revision 1 drafted (partial: the period so far)"),
            "{stdout}"
        );
        let (ok, stdout, stderr) = publish(&app, &partial);
        assert!(ok, "{stderr}");
        assert!(stdout.contains("drafted again: no changes"), "{stdout}");

        let (ok, stdout, stderr) =
            publish(&app, &["approve", "--survey", SURVEY, "--period", &period]);
        assert!(ok, "{backend:?}: {stderr}");
        assert!(stdout.contains("revision 1 published"), "{stdout}");

        let base = format!("/published/{SURVEY}/{period}");
        let page = app.get(&base).await.text().await.unwrap();
        assert!(
            page.contains("Partial summary.") && page.contains("had not ended when it was counted"),
            "{backend:?}: the page says it is partial"
        );
        assert!(page.contains(&format!("{} so far", running.label())));
        let json = app.get_json(&format!("{base}.json")).await;
        let today = yousaid::uk_time::clock(chrono::Utc::now()).date_naive();
        assert_eq!(
            json["summary"]["partial"],
            today.to_string(),
            "{backend:?}: {json}"
        );
        let md = app.get(&format!("{base}.md")).await.text().await.unwrap();
        assert!(md.contains("> **Partial summary.**"), "{md}");
        let feed = app
            .get(&format!("/published/{SURVEY}/feed.atom"))
            .await
            .text()
            .await
            .unwrap();
        assert!(
            feed.contains("so far") && feed.contains("This is a partial summary"),
            "{feed}"
        );
        app.stop().await;
    }
}

#[tokio::test]
async fn in_the_workspace_a_running_period_needs_the_partial_box_and_publishing_is_confirmed() {
    for backend in backends() {
        let app = spawn_app_with(backend, Options::default()).await;
        answered(&app, 6).await;
        app.add_user("e@example.gov.uk", Some("food-statistics"), "editor")
            .await;
        app.add_user("p@example.gov.uk", Some("food-statistics"), "publisher")
            .await;
        let editor = app
            .sign_in("e@example.gov.uk", crate::helpers::PASSWORD)
            .await
            .unwrap();
        let publisher = app
            .sign_in("p@example.gov.uk", crate::helpers::PASSWORD)
            .await
            .unwrap();
        let csrf = app.csrf(&editor).await;
        let base = format!("/admin/surveys/{SURVEY}/publication");
        let running = Period::quarter_of(chrono::Utc::now()).to_string();

        let page = app.get_as(&editor, &base).await.text().await.unwrap();
        assert!(
            page.contains(&format!("<option value=\"{running}\">{running} ("))
                && page.contains(", not ended)</option>"),
            "the running period is offered, marked as not ended: {page}"
        );

        let refused = app
            .post_as(
                &editor,
                &format!("{base}/draft"),
                &[("_csrf", &csrf), ("period", &running)],
            )
            .await;
        assert_eq!(refused.status(), 422, "{backend:?}");
        let html = refused.text().await.unwrap();
        assert!(
            html.contains("class=\"error-summary\"")
                && html.contains("<a href=\"#period\">")
                && html.contains("id=\"period-error\"")
                && html.contains("tick “Draft a partial summary”")
                && html.contains(&format!("<option value=\"{running}\" selected>"))
                && html.contains("Sign out"),
            "the form comes back with the error at the field and the choice kept: {html}"
        );

        let partial = [
            ("_csrf", csrf.as_str()),
            ("period", running.as_str()),
            ("partial", "yes"),
        ];
        let drafted = app
            .post_as(&editor, &format!("{base}/draft"), &partial)
            .await;
        assert_eq!(drafted.status(), 303);
        let location = drafted.headers()["location"].to_str().unwrap().to_owned();
        let page = app.get_as(&editor, &location).await.text().await.unwrap();
        assert!(
            page.contains(&format!("Revision 1 of {running} is drafted")),
            "{page}"
        );
        let again = app
            .post_as(&editor, &format!("{base}/draft"), &partial)
            .await;
        let location = again.headers()["location"].to_str().unwrap().to_owned();
        let page = app.get_as(&editor, &location).await.text().await.unwrap();
        assert!(page.contains("No changes: revision 1"), "{page}");
        let preview = app
            .get_as(&editor, &format!("{base}/{running}/preview"))
            .await
            .text()
            .await
            .unwrap();
        assert!(preview.contains("Partial summary."), "the preview says so");

        // A confirmed subscriber: the check page counts who will be emailed.
        let site = yousaid::publishing::site::Site::new(&app.address);
        subscribers::subscribe(
            &app.store,
            &site,
            SURVEY,
            "Pocketbook",
            "reader@example.org",
        )
        .await
        .unwrap();
        let subscription = yousaid::storage::entities::subscriber::Entity::find()
            .one(&app.conn)
            .await
            .unwrap()
            .unwrap();
        let token = subscribers::issue_token(&app.conn, subscription.id)
            .await
            .unwrap();
        subscribers::confirm(&app.store, &token).await.unwrap();

        let check = app
            .get_as(&publisher, &format!("{base}/{running}/publish"))
            .await;
        assert_eq!(check.status(), 200, "{backend:?}");
        let check = check.text().await.unwrap();
        assert!(
            check.contains("Partial summary.")
                && check.contains("An email to 1 subscriber.")
                && check.contains("Publish now")
                && check.contains(&format!("/published/{SURVEY}/{running}")),
            "{check}"
        );
        assert_eq!(
            app.get(&format!("/published/{SURVEY}/{running}"))
                .await
                .status(),
            404,
            "opening the check page publishes nothing"
        );
        let drafted_at = crate::helpers::hidden_value(&check, "drafted").unwrap();
        let p_csrf = app.csrf(&publisher).await;
        let published = app
            .post_as(
                &publisher,
                &format!("{base}/{running}/approve"),
                &[("_csrf", &p_csrf), ("drafted", &drafted_at)],
            )
            .await;
        assert_eq!(published.status(), 303);
        let location = published.headers()["location"].to_str().unwrap().to_owned();
        let page = app
            .get_as(&publisher, &location)
            .await
            .text()
            .await
            .unwrap();
        assert!(
            page.contains(&format!(
                "Revision 1 of {running} is published. Its one subscriber is emailed"
            )),
            "the sign-off ends on a success message: {page}"
        );
        assert_eq!(
            app.get(&format!("/published/{SURVEY}/{running}"))
                .await
                .status(),
            200
        );
        app.stop().await;
    }
}

#[tokio::test]
async fn a_correction_without_a_note_comes_back_to_the_check_page_with_the_error_at_the_field() {
    for backend in backends() {
        let app = spawn_app_with(backend, Options::default()).await;
        answered(&app, 6).await;
        let period = Period::quarter_of(chrono::Utc::now()).to_string();
        let draft = [
            "draft",
            "--survey",
            SURVEY,
            "--period",
            &period,
            "--partial",
        ];
        let approve = ["approve", "--survey", SURVEY, "--period", &period];
        assert!(publish(&app, &draft).0 && publish(&app, &approve).0);
        answered(&app, 1).await;
        let (ok, stdout, stderr) = publish(&app, &draft);
        assert!(ok, "{stderr}");
        assert!(stdout.contains("revision 2 drafted"), "{stdout}");

        app.add_user("p@example.gov.uk", Some("food-statistics"), "publisher")
            .await;
        let publisher = app
            .sign_in("p@example.gov.uk", crate::helpers::PASSWORD)
            .await
            .unwrap();
        let csrf = app.csrf(&publisher).await;
        let base = format!("/admin/surveys/{SURVEY}/publication/{period}");
        let check = app
            .get_as(&publisher, &format!("{base}/publish"))
            .await
            .text()
            .await
            .unwrap();
        assert!(
            check.contains("a correction of the revision already published")
                && check.contains("No email: nobody has subscribed yet."),
            "{check}"
        );
        let drafted = crate::helpers::hidden_value(&check, "drafted").unwrap();
        let refused = app
            .post_as(
                &publisher,
                &format!("{base}/approve"),
                &[("_csrf", &csrf), ("drafted", &drafted), ("note", "  ")],
            )
            .await;
        assert_eq!(refused.status(), 422, "{backend:?}");
        let html = refused.text().await.unwrap();
        assert!(
            html.contains("<a href=\"#note\">Say what this correction changes")
                && html.contains("id=\"note-error\"")
                && html.contains("aria-invalid=\"true\"")
                && html.contains("Sign out"),
            "{html}"
        );
        assert_eq!(
            app.count("SELECT COUNT(*) FROM publications WHERE state = 'published'")
                .await,
            1,
            "{backend:?}: nothing more was published"
        );
        app.stop().await;
    }
}
