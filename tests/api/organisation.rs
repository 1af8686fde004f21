//! One organisation, one place to see the work: every producer sees every team's themes and
//! actions, never another team's comments, responses or contact details; an editor links a
//! similar theme of another team as the same user need, and the link shows on both sides.

use crate::helpers::{PASSWORD, TestApp, backends, public_action, spawn_app};
use reqwest::Method;
use std::sync::Arc;
use uuid::Uuid;
use yousaid::definitions::LoadedSurvey;
use yousaid::intake::{Door, RawAnswers, Writer, build, validate};
use yousaid::workspace::tagging::{self, Comment};
use yousaid::workspace::{actions, themes};

const FOOD: &str = "food-statistics-pocketbook";
const AIR: &str = "air-pollutant-emissions";
/// Words only the respondents wrote: no page or answer for another team may show them.
const SECRET: &str = "marmalade-report";
const EMAIL: &str = "jo.bloggs@example.com";
const PRIVATE: &str = "Rewrite the internal ledger";

/// One response with a comment and an email address, tagged with a new theme `name`.
async fn theme_with_comment(
    app: &TestApp,
    loaded: &Arc<LoadedSurvey>,
    question: &str,
    name: &str,
) -> Uuid {
    let pairs = vec![
        ("role".to_owned(), "academia".to_owned()),
        ("satisfaction".to_owned(), "4".to_owned()),
        (
            question.to_owned(),
            format!("A CSV download of every table please, {SECRET}"),
        ),
        ("follow_up".to_owned(), EMAIL.to_owned()),
    ];
    let answers = validate(&loaded.survey, RawAnswers::from_form(pairs)).unwrap();
    let (writer, task) = Writer::start(app.store.clone());
    let door = Door::import(format!("{name}-1"), chrono::Utc::now());
    let stored = writer.submit(build(loaded, answers, door)).await.unwrap();
    drop(writer);
    task.await.unwrap();
    let theme = themes::create(&app.store, loaded, name).await.unwrap();
    let comment = Comment {
        response: stored.id,
        question: question.to_owned(),
    };
    tagging::tag(&app.store, loaded, &comment, theme, "seed")
        .await
        .unwrap();
    theme
}

/// The pocketbook's and the emissions survey's surveys, each with one theme about CSV files.
async fn two_teams(app: &TestApp) -> (Arc<LoadedSurvey>, Arc<LoadedSurvey>, Uuid, Uuid) {
    let (catalog, _) = yousaid::definitions::Catalog::default()
        .reload(&app.definitions, chrono::Utc::now().date_naive())
        .unwrap();
    let food = catalog.get(FOOD).unwrap();
    let air = catalog.get(AIR).unwrap();
    let food_theme = theme_with_comment(app, &food, "comments", "CSV downloads").await;
    let air_theme = theme_with_comment(app, &air, "improvements", "Downloadable CSV").await;
    (food, air, food_theme, air_theme)
}

/// The page at `path` as the holder of `cookie` sees it.
async fn page(app: &TestApp, cookie: &str, path: &str) -> String {
    let res = app.get_as(cookie, path).await;
    assert_eq!(res.status(), 200, "{path}");
    res.text().await.unwrap()
}

/// Nothing of the respondents, and no private action, in `text`.
fn assert_only_shared_words(text: &str, who: &str) {
    for hidden in [SECRET, EMAIL, "jo.bloggs", PRIVATE] {
        assert!(!text.contains(hidden), "{who} sees {hidden:?}");
    }
}

#[tokio::test]
async fn every_producer_sees_every_teams_themes_and_public_actions_and_nothing_of_respondents() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        let (food, air, food_theme, air_theme) = two_teams(&app).await;
        let shown = public_action("CSV of every table", "done", None, vec![food_theme]);
        actions::create(&app.store, &food, &shown, "seed")
            .await
            .unwrap();
        let hidden = actions::ActionInput {
            title: PRIVATE.to_owned(),
            public: false,
            ..public_action(PRIVATE, "planned", None, vec![air_theme])
        };
        actions::create(&app.store, &air, &hidden, "seed")
            .await
            .unwrap();

        // Every role, of either team or none: the page and the API.
        let people = [
            ("viewer@food.example", Some("food-statistics"), "viewer"),
            ("editor@food.example", Some("food-statistics"), "editor"),
            (
                "publisher@food.example",
                Some("food-statistics"),
                "publisher",
            ),
            (
                "viewer@air.example",
                Some("air-quality-statistics"),
                "viewer",
            ),
            ("admin@example.gov.uk", None, "publisher"),
        ];
        for (email, team, role) in people {
            app.add_user(email, team, role).await;
            let cookie = app.sign_in(email, PASSWORD).await.unwrap();
            let html = page(&app, &cookie, "/admin/organisation").await;
            for name in ["CSV downloads", "Downloadable CSV", "CSV of every table"] {
                assert!(html.contains(name), "{backend:?} {email} misses {name}");
            }
            assert_only_shared_words(&html, email);
        }
        for (team, role) in [
            ("food-statistics", "viewer"),
            ("food-statistics", "editor"),
            ("food-statistics", "publisher"),
            ("air-quality-statistics", "viewer"),
        ] {
            let token = app.api_token(team, role).await;
            let res = app
                .api(&token, Method::GET, "/organisation/themes", None)
                .await;
            assert_eq!(res.status(), 200, "{backend:?} {team} {role}");
            let text = res.text().await.unwrap();
            assert_only_shared_words(&text, &format!("{team} {role} by API"));
            let json: serde_json::Value = serde_json::from_str(&text).unwrap();
            let listed = json["themes"].as_array().unwrap();
            assert_eq!(listed.len(), 2, "{backend:?}: both teams' themes");
            assert_eq!(json["periods"].as_array().unwrap().len(), 4);
            let food_row = listed.iter().find(|t| t["team"] == "food-statistics");
            let food_row = food_row.unwrap();
            assert_eq!(food_row["total"], 1);
            assert_eq!(food_row["actions"][0]["title"], "CSV of every table");
            let air_row = listed
                .iter()
                .find(|t| t["team"] == "air-quality-statistics");
            let air_action = &air_row.unwrap()["actions"][0];
            assert_eq!(air_action["status"], "planned");
            assert!(
                air_action["title"].is_null(),
                "a private action's words stay"
            );
        }

        // Search reads names and public words only.
        let token = app.api_token("food-statistics", "viewer").await;
        let search = |q: &'static str| {
            let app = &app;
            let token = &token;
            async move {
                let res = app
                    .api(
                        token,
                        Method::GET,
                        &format!("/organisation/themes?q={q}"),
                        None,
                    )
                    .await;
                assert_eq!(res.status(), 200);
                let json: serde_json::Value = res.json().await.unwrap();
                json["themes"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|t| t["name"].as_str().unwrap().to_owned())
                    .collect::<Vec<_>>()
            }
        };
        assert_eq!(search("every%20table").await, ["CSV downloads"]);
        assert_eq!(search("csv").await.len(), 2);
        assert!(
            search("ledger").await.is_empty(),
            "private words are not searched"
        );
        assert!(search(SECRET).await.is_empty(), "comments are not searched");
        let long = "a".repeat(201);
        let res = app
            .api(
                &token,
                Method::GET,
                &format!("/organisation/themes?q={long}"),
                None,
            )
            .await;
        assert_eq!(res.status(), 422, "{backend:?}");
        let air_viewer = app.sign_in("viewer@air.example", PASSWORD).await.unwrap();
        let found = page(&app, &air_viewer, "/admin/organisation?q=every+table").await;
        assert!(found.contains("CSV downloads") && !found.contains("Downloadable CSV"));
        app.stop().await;
    }
}

#[tokio::test]
async fn an_editor_links_a_similar_theme_of_another_team_and_the_link_shows_on_both_sides() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        let (_, _, food_theme, air_theme) = two_teams(&app).await;
        app.add_user("editor@food.example", Some("food-statistics"), "editor")
            .await;
        app.add_user("viewer@food.example", Some("food-statistics"), "viewer")
            .await;
        let editor = app.sign_in("editor@food.example", PASSWORD).await.unwrap();
        let viewer = app.sign_in("viewer@food.example", PASSWORD).await.unwrap();

        // The editor is offered the other team's theme; a viewer is offered nothing.
        let html = page(&app, &editor, "/admin/organisation").await;
        assert!(
            html.contains("Similar themes in other teams"),
            "{backend:?}"
        );
        assert!(html.contains(&format!("name=\"other\" value=\"{air_theme}\"")));
        let html = page(&app, &viewer, "/admin/organisation").await;
        assert!(
            !html.contains("Same user need"),
            "{backend:?}: viewers only look"
        );

        let link = format!("/admin/surveys/{FOOD}/themes/{food_theme}/same-need");
        let other = air_theme.to_string();
        let csrf = app.csrf(&viewer).await;
        let res = app
            .post_as(&viewer, &link, &[("_csrf", &csrf), ("other", &other)])
            .await;
        assert_eq!(res.status(), 403, "{backend:?}: a viewer cannot link");
        // Nor can an editor link from a theme of a survey not theirs.
        let from_air = format!("/admin/surveys/{AIR}/themes/{air_theme}/same-need");
        let csrf = app.csrf(&editor).await;
        let food_id = food_theme.to_string();
        let res = app
            .post_as(&editor, &from_air, &[("_csrf", &csrf), ("other", &food_id)])
            .await;
        assert!(
            [403, 404].contains(&res.status().as_u16()),
            "{backend:?}: {}",
            res.status()
        );
        assert_eq!(app.count("SELECT COUNT(*) FROM theme_links").await, 0);

        let res = app
            .post_as(&editor, &link, &[("_csrf", &csrf), ("other", &other)])
            .await;
        assert_eq!(res.status(), 303, "{backend:?}");
        let token = app.api_token("air-quality-statistics", "viewer").await;
        let json: serde_json::Value = app
            .api(&token, Method::GET, "/organisation/themes", None)
            .await
            .json()
            .await
            .unwrap();
        let same_need = |id: Uuid| {
            json["themes"]
                .as_array()
                .unwrap()
                .iter()
                .find(|t| t["id"] == id.to_string())
                .unwrap()["same_need"]
                .clone()
        };
        assert_eq!(same_need(food_theme), serde_json::json!([air_theme]));
        assert_eq!(same_need(air_theme), serde_json::json!([food_theme]));
        let html = page(&app, &viewer, "/admin/organisation").await;
        assert!(
            html.contains("Same need as CSV downloads")
                && html.contains("Same need as Downloadable CSV"),
            "{backend:?}: the link shows on both rows"
        );

        // Unlinked again, by the same editor.
        let res = app
            .post_as(
                &editor,
                &link,
                &[("_csrf", &csrf), ("other", &other), ("remove", "1")],
            )
            .await;
        assert_eq!(res.status(), 303);
        assert_eq!(app.count("SELECT COUNT(*) FROM theme_links").await, 0);
        assert_eq!(
            app.count("SELECT COUNT(*) FROM audit_events WHERE event LIKE 'theme.%link'")
                .await,
            2,
            "{backend:?}: linked and unlinked, audited"
        );
        // A bearer of no use: no token, no list.
        let res = app
            .api("not-a-token", Method::GET, "/organisation/themes", None)
            .await;
        assert_eq!(res.status(), 401);
        app.stop().await;
    }
}
