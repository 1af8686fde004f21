//! Ways to get involved, as a person signing up and a team would use them: the public lists,
//! registering (places, then the waiting list), the confirmation emails, cancelling with the
//! emailed link (the place passes on), a closed opportunity, the team's view and its audited
//! CSV, and contact details cleared by retention and by `forget` — on both databases.

use crate::helpers::{Options, PASSWORD, TestApp, backends, hidden_value, spawn_app_with};
use chrono::{Duration, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use yousaid::storage::entities::registration;

const FORM: &str = "/get-involved/food-statistics/pocketbook-web-research";

/// The shipped team file with its opportunities moved to dates around today: the research
/// session open with two places, the panel closed yesterday.
pub fn team_file() -> String {
    let shipped = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/survey-definitions/teams/food-statistics.yaml"
    ))
    .unwrap();
    let day = |days: i64| {
        (Utc::now() + Duration::days(days))
            .format("%Y-%m-%d")
            .to_string()
    };
    shipped
        .replace("on: 2027-03-10", &format!("on: {}", day(20)))
        .replace("closes_on: 2027-03-03", &format!("closes_on: {}", day(10)))
        .replace("capacity: 6", "capacity: 2")
        .replace("closes_on: 2027-12-31", &format!("closes_on: {}", day(-1)))
}

/// The shipped bilingual team file with its opportunity open for ten more days.
pub fn welsh_team_file() -> String {
    let shipped = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/survey-definitions/teams/statistics-dissemination.yaml"
    ))
    .unwrap();
    let day = (Utc::now() + Duration::days(10)).format("%Y-%m-%d");
    shipped.replace("closes_on: 2027-06-30", &format!("closes_on: {day}"))
}

async fn sign_up(app: &TestApp, fields: &[(&str, &str)]) -> reqwest::Response {
    let html = app.get(FORM).await.text().await.unwrap();
    let token = hidden_value(&html, "_token").unwrap();
    let mut pairs = vec![("_token", token.as_str())];
    pairs.extend_from_slice(fields);
    app.post_form(FORM, &pairs).await
}

async fn person(app: &TestApp, email: &str) -> reqwest::Response {
    sign_up(
        app,
        &[
            ("email", email),
            ("consent", "yes"),
            ("user_type", "researchers"),
            ("topics", "Regional tables"),
            ("access_needs", "Captions, please"),
        ],
    )
    .await
}

/// (recipient, subject, text) of every email queued, oldest first.
async fn mails(app: &TestApp) -> Vec<(String, String, String)> {
    let rows = app
        .strings(
            "SELECT recipient || '~|~' || subject || '~|~' || text_body FROM outbox \
             ORDER BY created_at, id",
        )
        .await;
    rows.into_iter()
        .map(|r| {
            let mut parts = r.split("~|~").map(str::to_owned);
            let mut next = || parts.next().unwrap_or_default();
            (next(), next(), next())
        })
        .collect()
}

fn link_in(text: &str) -> String {
    let start = text.find("http").unwrap();
    text[start..].split_whitespace().next().unwrap().to_owned()
}

async fn place_of(app: &TestApp, email: &str) -> Option<registration::Model> {
    registration::Entity::find()
        .filter(registration::Column::Email.eq(email))
        .one(&app.conn)
        .await
        .unwrap()
}

#[tokio::test]
async fn people_sign_up_cancel_and_wait_for_a_place_and_the_team_sees_who_without_addresses() {
    for backend in backends() {
        let options = Options {
            extra_definitions: vec![
                ("teams/food-statistics.yaml", team_file()),
                ("teams/statistics-dissemination.yaml", welsh_team_file()),
            ],
            ..Options::default()
        };
        let app = spawn_app_with(backend, options).await;

        let index = app.get("/get-involved/").await;
        assert_eq!(index.status(), 200, "{backend:?}");
        let html = index.text().await.unwrap();
        assert!(
            html.contains("Try out a web version of the pocketbook"),
            "{html}"
        );
        assert!(html.contains("2 places left"), "{html}");
        assert!(
            !html.contains("Join the food statistics user panel"),
            "closed: {html}"
        );
        assert_eq!(app.get("/get-involved/food-statistics").await.status(), 200);
        assert_eq!(app.get("/get-involved/nobody").await.status(), 404);

        // An empty form: every problem, each linked from the summary.
        let res = sign_up(&app, &[]).await;
        assert_eq!(res.status(), 422);
        let html = res.text().await.unwrap();
        for want in [
            "href=\"#email\"",
            "href=\"#consent\"",
            "href=\"#user_type\"",
            "<title>Error:",
        ] {
            assert!(html.contains(want), "{want}: {html}");
        }

        for email in ["a@example.org", "b@example.org", "c@example.org"] {
            let res = person(&app, email).await;
            assert_eq!(res.status(), 303, "{backend:?}");
            let to = res.headers()["location"].to_str().unwrap().to_owned();
            assert_eq!(to, format!("{FORM}/registered"));
        }
        assert_eq!(app.get(&format!("{FORM}/registered")).await.status(), 200);
        // The same address again: the same answer, nothing stored or sent.
        assert_eq!(person(&app, "A@example.org").await.status(), 303);
        assert_eq!(app.count("SELECT COUNT(*) FROM registrations").await, 3);
        let sent = mails(&app).await;
        let subjects: Vec<&str> = sent.iter().map(|m| m.1.as_str()).collect();
        assert_eq!(
            subjects,
            [
                "You have a place: Try out a web version of the pocketbook",
                "You have a place: Try out a web version of the pocketbook",
                "You are on the waiting list: Try out a web version of the pocketbook",
            ],
            "{backend:?}"
        );
        assert_eq!(sent[0].0, "a@example.org");
        let html = app.get("/get-involved/").await.text().await.unwrap();
        assert!(html.contains("Every place is taken"), "{html}");

        // a cancels with the emailed link: a button first, then the place goes to c.
        let link = link_in(&sent[0].2);
        let path = link.strip_prefix(&app.address).unwrap().to_owned();
        let res = app.get(&path).await;
        assert_eq!(res.status(), 200);
        assert!(res.text().await.unwrap().contains("Cancel my registration"));
        assert_eq!(
            app.count("SELECT COUNT(*) FROM registrations WHERE place = 'cancelled'")
                .await,
            0
        );
        let res = app.post_form(&path, &[]).await;
        assert_eq!(res.status(), 200);
        assert!(res.text().await.unwrap().contains("email address deleted"));
        assert!(
            place_of(&app, "a@example.org").await.is_none(),
            "address cleared"
        );
        assert_eq!(
            place_of(&app, "c@example.org").await.unwrap().place,
            "confirmed"
        );
        let sent = mails(&app).await;
        let last = sent.last().unwrap();
        assert_eq!(
            (last.0.as_str(), last.1.as_str()),
            (
                "c@example.org",
                "A place has come free for you: Try out a web version of the pocketbook"
            )
        );
        let again = app.post_form(&path, &[]).await.text().await.unwrap();
        assert!(again.contains("already been used"), "{again}");
        assert_eq!(sent.len(), 4, "no second promotion");

        // The team's public engagement statement counts who signed up, never who they are.
        let statement = app.get_json("/engagement/food-statistics.json").await;
        let listed = &statement["involvement"][0];
        assert_eq!(
            listed["title"], "Try out a web version of the pocketbook",
            "{statement}"
        );
        assert_eq!(listed["signed_up"], 2, "a cancelled: {statement}");
        let html = app
            .get("/engagement/food-statistics")
            .await
            .text()
            .await
            .unwrap();
        assert!(html.contains("people signed up: 2"), "{html}");

        // Closed: a clear page, and nothing taken.
        let closed = "/get-involved/food-statistics/food-statistics-user-panel";
        assert_eq!(app.get(closed).await.status(), 410);
        assert_eq!(
            app.post_form(closed, &[("email", "d@example.org")])
                .await
                .status(),
            410
        );

        // The team: counts for a viewer; who signed up, without addresses, for an editor; the
        // addresses only in the CSV, which is audited.
        app.add_user("viewer@example.gov.uk", Some("food-statistics"), "viewer")
            .await;
        app.add_user("editor@example.gov.uk", Some("food-statistics"), "editor")
            .await;
        let viewer = app
            .sign_in("viewer@example.gov.uk", PASSWORD)
            .await
            .unwrap();
        let html = app
            .get_as(&viewer, "/admin/get-involved")
            .await
            .text()
            .await
            .unwrap();
        assert!(html.contains("<td class=\"num\">2</td><td class=\"num\">2</td><td class=\"num\">0</td><td class=\"num\">1</td>"), "{html}");
        let page = "/admin/get-involved/food-statistics/pocketbook-web-research";
        assert_eq!(app.get_as(&viewer, page).await.status(), 403);
        let editor = app
            .sign_in("editor@example.gov.uk", PASSWORD)
            .await
            .unwrap();
        let html = app.get_as(&editor, page).await.text().await.unwrap();
        assert!(html.contains("Captions, please"), "{html}");
        assert!(!html.contains("b@example.org"), "{html}");
        let csv = app
            .get_as(&editor, &format!("{page}/registrations.csv"))
            .await
            .text()
            .await
            .unwrap();
        assert!(
            csv.contains("b@example.org") && csv.contains("c@example.org"),
            "{csv}"
        );
        assert_eq!(
            app.count("SELECT COUNT(*) FROM audit_events WHERE event = 'registrations.export'")
                .await,
            1
        );

        // In Welsh: the page, the form's answer and the email, with the cancel link in Welsh.
        let welsh = "/get-involved/statistics-dissemination/statistics-page-testing?lang=cy";
        let html = app.get(welsh).await.text().await.unwrap();
        assert!(html.contains("<html lang=\"cy\">"), "{html}");
        assert!(
            html.contains("Helpwch ni i brofi tudalen ystadegau"),
            "{html}"
        );
        assert!(
            html.contains("hreflang=\"en\""),
            "a link to the English page: {html}"
        );
        assert!(
            html.contains("Cyfeiriad e-bost") && html.contains("Rhywbeth arall"),
            "{html}"
        );
        let token = hidden_value(&html, "_token").unwrap();
        let form = [
            ("_token", token.as_str()),
            ("email", "d@example.org"),
            ("consent", "yes"),
            ("user_type", "other"),
        ];
        let res = app.post_form(welsh, &form).await;
        assert_eq!(res.status(), 303, "{backend:?}");
        assert!(
            res.headers()["location"]
                .to_str()
                .unwrap()
                .ends_with("/registered?lang=cy")
        );
        let sent = mails(&app).await;
        let last = sent.last().unwrap();
        assert_eq!(
            last.1,
            "Mae gennych le: Helpwch ni i brofi tudalen ystadegau"
        );
        assert!(link_in(&last.2).ends_with("/cancel?lang=cy"), "{}", last.2);
        assert!(last.2.contains("3 mis"), "{}", last.2);
        let empty = app.post_form(welsh, &[("_token", token.as_str())]).await;
        assert_eq!(empty.status(), 422);
        assert!(
            empty
                .text()
                .await
                .unwrap()
                .contains("Rhowch eich cyfeiriad e-bost")
        );

        // Retention ends for b; c asks to be forgotten.
        registration::Entity::update_many()
            .col_expr(
                registration::Column::DeleteAfter,
                Expr::value(Utc::now() - Duration::days(1)),
            )
            .filter(registration::Column::Email.eq("b@example.org"))
            .exec(&app.conn)
            .await
            .unwrap();
        yousaid::privacy::purge_expired(&app.store).await.unwrap();
        assert!(place_of(&app, "b@example.org").await.is_none());
        assert!(place_of(&app, "c@example.org").await.is_some());
        yousaid::privacy::forget(&app.store, "C@Example.org", "test")
            .await
            .unwrap();
        let left = "SELECT COUNT(*) FROM registrations WHERE email IS NOT NULL";
        assert_eq!(app.count(left).await, 1, "only d's address is left");
        // The counts stay.
        assert_eq!(app.count("SELECT COUNT(*) FROM registrations").await, 4);
        app.stop().await;
    }
}
