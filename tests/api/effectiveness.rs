//! How well a team closes the loop, on a seeded quarter with known answers: every measure is
//! worked out by hand below and compared with what the service computes, on both databases.

use crate::helpers::{Options, backends, spawn_app_with};
use crate::seed;
use chrono::{DateTime, TimeZone, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveValue::Set, ColumnTrait, EntityTrait, QueryFilter};
use std::collections::BTreeMap;
use uuid::Uuid;
use yousaid::definitions::LoadedSurvey;
use yousaid::engagement::{ActionCounts, Scope, Share, facts, measure};
use yousaid::intake::{Door, RawAnswers, Writer, build, validate};
use yousaid::period::Period;
use yousaid::storage::Db;
use yousaid::storage::entities::{action, action_change, publication, response};
use yousaid::workspace::actions::{self, ActionInput};
use yousaid::workspace::responses;
use yousaid::workspace::tagging::{self, Comment};
use yousaid::workspace::themes;

const Q2: Period = Period::Quarter(2026, 2);
const EDITOR: &str = "editor@example.gov.uk";

pub fn at(y: i32, m: u32, d: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(y, m, d, 12, 0, 0).unwrap()
}

/// Stores one response to the pocketbook through the import door; returns its id.
pub async fn respond(
    db: &Db,
    loaded: &LoadedSurvey,
    token: &str,
    role: &str,
    comment: Option<&str>,
    when: DateTime<Utc>,
) -> Uuid {
    let comment = comment.map(|c| ("comments", c));
    respond_to(db, loaded, token, role, comment, when).await
}

/// Stores one response through the import door, with `comment` as (question, text) if any.
pub async fn respond_to(
    db: &Db,
    loaded: &LoadedSurvey,
    token: &str,
    role: &str,
    comment: Option<(&str, &str)>,
    when: DateTime<Utc>,
) -> Uuid {
    let mut pairs = vec![
        ("role".to_owned(), role.to_owned()),
        ("satisfaction".to_owned(), "4".to_owned()),
    ];
    if let Some((question, text)) = comment {
        pairs.push((question.to_owned(), text.to_owned()));
    }
    let answers = validate(&loaded.survey, RawAnswers::from_form(pairs)).unwrap();
    let (writer, task) = Writer::start(db.clone());
    let stored = writer
        .submit(build(loaded, answers, Door::import(token.to_owned(), when)))
        .await
        .unwrap();
    drop(writer);
    task.await.unwrap();
    stored.id
}

/// An action linked to `themes`, as if created at `created` and last changed at `changed`.
pub async fn action_at(
    app: &crate::helpers::TestApp,
    loaded: &LoadedSurvey,
    input: ActionInput,
    created: DateTime<Utc>,
    changed: DateTime<Utc>,
) -> Uuid {
    let id = actions::create(&app.store, loaded, &input, EDITOR)
        .await
        .unwrap();
    action::Entity::update_many()
        .col_expr(action::Column::CreatedAt, Expr::value(created))
        .filter(action::Column::Id.eq(id))
        .exec(&app.conn)
        .await
        .unwrap();
    action_change::Entity::update_many()
        .col_expr(action_change::Column::ChangedAt, Expr::value(changed))
        .filter(action_change::Column::ActionId.eq(id))
        .exec(&app.conn)
        .await
        .unwrap();
    id
}

pub fn input(title: &str, status: &str, themes: Vec<Uuid>) -> ActionInput {
    ActionInput {
        title: title.to_owned(),
        status: status.to_owned(),
        themes,
        reason: (status == "cannot_do").then(|| "The data is not collected.".to_owned()),
        ..ActionInput::default()
    }
}

#[tokio::test]
async fn a_seeded_quarter_gives_the_measures_worked_out_by_hand() {
    for backend in backends() {
        let app = spawn_app_with(backend, Options::default()).await;
        let loaded = seed::pocketbook(&app.definitions);
        let db = &app.store;
        // Before the quarter: the first comment about downloads.
        let early = respond(
            db,
            &loaded,
            "q1",
            "academia",
            Some("CSV please"),
            at(2026, 3, 1),
        )
        .await;
        // The quarter: four from local government, two from academia; four comments.
        let roles = [
            "local-government",
            "local-government",
            "academia",
            "local-government",
            "academia",
            "local-government",
        ];
        let mut ids = Vec::new();
        for (i, role) in roles.iter().enumerate() {
            let comment = (i < 4).then(|| format!("comment {i}"));
            let day = u32::try_from(i).unwrap() + 1;
            ids.push(
                respond(
                    db,
                    &loaded,
                    &format!("q2-{i}"),
                    role,
                    comment.as_deref(),
                    at(2026, 4, day),
                )
                .await,
            );
        }
        // Spam with a comment counts nowhere.
        let spam = respond(
            db,
            &loaded,
            "spam",
            "media",
            Some("buy now"),
            at(2026, 5, 1),
        )
        .await;
        response::Entity::update_many()
            .col_expr(response::Column::Status, Expr::value("spam"))
            .filter(response::Column::Id.eq(spam))
            .exec(&app.conn)
            .await
            .unwrap();

        let downloads = themes::create(db, &loaded, "Downloads").await.unwrap();
        let maps = themes::create(db, &loaded, "Maps").await.unwrap();
        let quiet = themes::create(db, &loaded, "Nobody mentions this")
            .await
            .unwrap();
        for (response, theme) in [
            (early, downloads),
            (ids[0], downloads),
            (ids[1], downloads),
            (ids[2], maps),
            (spam, maps),
        ] {
            let comment = Comment {
                response,
                question: "comments".to_owned(),
            };
            tagging::tag(db, &loaded, &comment, theme, EDITOR)
                .await
                .unwrap();
        }

        // Done: 61 days after the first comment about downloads, done 40 days later.
        let done = action_at(
            &app,
            &loaded,
            input("Offer CSV", "done", vec![downloads]),
            at(2026, 5, 1),
            at(2026, 6, 10),
        )
        .await;
        action::Entity::update_many()
            .col_expr(
                action::Column::CompletedDate,
                Expr::value(at(2026, 6, 10).date_naive()),
            )
            .filter(action::Column::Id.eq(done))
            .exec(&app.conn)
            .await
            .unwrap();
        action_at(
            &app,
            &loaded,
            input("Review tables", "planned", vec![]),
            at(2026, 4, 20),
            at(2026, 4, 20),
        )
        .await;
        action_at(
            &app,
            &loaded,
            input("Add maps of farms", "cannot_do", vec![quiet]),
            at(2026, 5, 5),
            at(2026, 5, 5),
        )
        .await;
        // Created after the quarter ended: not there yet, as the quarter saw it.
        action_at(
            &app,
            &loaded,
            input("Maps by region", "planned", vec![maps]),
            at(2026, 8, 1),
            at(2026, 8, 1),
        )
        .await;

        publication::Entity::insert(publication::ActiveModel {
            id: Set(Uuid::now_v7()),
            survey_id: Set(loaded.survey.id.clone()),
            period: Set(Q2.to_string()),
            revision: Set(1),
            state: Set("published".to_owned()),
            summary: Set("{}".to_owned()),
            change_note: Set(None),
            drafted_at: Set(at(2026, 7, 10)),
            published_at: Set(Some(at(2026, 7, 15))),
            published_by: Set(Some(EDITOR.to_owned())),
            review_note: Set(None),
        })
        .exec_without_returning(&app.conn)
        .await
        .unwrap();

        let facts = facts::read(db, &loaded, Q2, Utc::now()).await.unwrap();
        let m = measure(&[facts]);
        assert_eq!(m.responses, 6, "{backend:?}: spam is left out");
        assert_eq!(m.coded, Share { part: 3, whole: 4 }, "{backend:?}");
        assert_eq!(
            m.themes_with_action,
            Share { part: 1, whole: 2 },
            "{backend:?}: downloads and maps had comments; maps' action came later"
        );
        assert_eq!(m.median_days_to_first_action, Some(61.0), "{backend:?}");
        assert_eq!(m.median_days_to_done, Some(40.0), "{backend:?}");
        assert_eq!(
            m.actions,
            ActionCounts {
                open: 1,
                done: 1,
                cannot_do: 1
            },
            "{backend:?}"
        );
        assert_eq!(m.days_to_publication, Some(15), "{backend:?}");
        assert_eq!(
            m.by_user_type,
            BTreeMap::from([
                ("academia".to_owned(), 2),
                ("local-government".to_owned(), 4)
            ]),
            "{backend:?}"
        );

        // Marked spam after it was tagged, a response leaves the comments, the coded comments
        // and its theme's count; restored, it is back (tags keep their own copy of the status).
        let maps_in = |f: &facts::Facts| f.themes.iter().find(|t| t.id == maps).unwrap().in_period;
        for (spam, expected) in [(true, (3, 2, 0)), (false, (4, 3, 1))] {
            responses::set_spam(db, &loaded, ids[2], spam, EDITOR)
                .await
                .unwrap();
            let f = facts::read(db, &loaded, Q2, Utc::now()).await.unwrap();
            assert_eq!(
                (f.comments, f.coded, maps_in(&f)),
                expected,
                "{backend:?} spam {spam}"
            );
        }

        // The API, the page and the CSV say the same, for the team and the organisation.
        let token = app.api_token("food-statistics", "viewer").await;
        let get = |path: String| {
            app.client
                .get(format!("{}{path}", app.address))
                .bearer_auth(&token)
                .send()
        };
        for query in ["team=food-statistics&period=2026-Q2", "period=2026-Q2"] {
            let res = get(format!("/api/v1/admin/effectiveness?{query}"))
                .await
                .unwrap();
            assert_eq!(res.status(), 200, "{backend:?} {query}");
            let json: serde_json::Value = res.json().await.unwrap();
            let m = &json["measures"];
            assert_eq!(m["responses"], 6, "{backend:?} {query}: {json}");
            assert_eq!(m["coded"]["part"], 3);
            assert_eq!(m["median_days_to_first_action"], 61.0);
            assert_eq!(m["days_to_publication"], 15);
            assert_eq!(json["trend"].as_array().unwrap().len(), 4);
            assert_eq!(json["trend"][3]["period"], "2026-Q2");
        }
        // The shipped team file's aims, valued by hand from the quarter above.
        let team: serde_json::Value =
            get("/api/v1/admin/effectiveness?team=food-statistics&period=2026-Q2".to_owned())
                .await
                .unwrap()
                .json()
                .await
                .unwrap();
        let aim = |id: &str| {
            team["aims"]
                .as_array()
                .unwrap()
                .iter()
                .find(|a| a["id"] == id)
                .unwrap_or_else(|| panic!("no aim {id}: {team}"))
                .clone()
        };
        let local = aim("hear-from-local-government");
        assert!(
            (local["value"].as_f64().unwrap() - 4.0 / 6.0).abs() < 1e-9,
            "{local}"
        );
        assert_eq!(local["met"], true);
        assert_eq!(
            aim("hear-from-most-groups")["value"],
            0.0,
            "no group reached its min_count"
        );
        assert_eq!(aim("hear-from-most-groups")["met"], false);
        assert_eq!(
            aim("act-on-every-big-theme")["value"],
            serde_json::Value::Null,
            "no theme has 10 comments: nothing to measure"
        );
        assert_eq!(aim("read-every-comment")["value"], 0.75);
        assert_eq!(aim("read-every-comment")["met"], false);
        assert_eq!(aim("publish-promptly")["value"], 15.0);
        assert_eq!(aim("publish-promptly")["met"], true);
        let local_group = team["groups"]
            .as_array()
            .unwrap()
            .iter()
            .find(|g| g["id"] == "local-government")
            .unwrap()
            .clone();
        assert_eq!(local_group["responses"], 4);
        assert_eq!(local_group["heard"], false, "4 is below the min_count of 5");

        let other = get("/api/v1/admin/effectiveness?team=air-quality-statistics".to_owned())
            .await
            .unwrap();
        assert_eq!(
            other.status(),
            404,
            "{backend:?}: another team's figures are not shown"
        );
        let bad = get("/api/v1/admin/effectiveness?period=2026-Q5".to_owned())
            .await
            .unwrap();
        assert_eq!(bad.status(), 422, "{backend:?}");
        let blank = get("/api/v1/admin/effectiveness?period=".to_owned())
            .await
            .unwrap();
        assert_eq!(
            blank.status(),
            422,
            "{backend:?}: a blank period is no period"
        );

        app.add_user("v@example.gov.uk", Some("food-statistics"), "viewer")
            .await;
        let viewer = app
            .sign_in("v@example.gov.uk", crate::helpers::PASSWORD)
            .await
            .unwrap();
        let page = app
            .get_as(
                &viewer,
                "/admin/effectiveness?team=food-statistics&period=2026-Q2",
            )
            .await;
        assert_eq!(page.status(), 200);
        let page = page.text().await.unwrap();
        assert!(page.contains("75% (3 of 4)"), "{backend:?}: {page}");
        assert!(
            page.contains("61 days") && page.contains("15 days"),
            "{page}"
        );
        let wrong = app
            .get_as(&viewer, "/admin/effectiveness?period=next")
            .await;
        assert_eq!(wrong.status(), 422);
        assert!(wrong.text().await.unwrap().contains("is not a period"));
        let csv = app
            .get_as(
                &viewer,
                "/admin/effectiveness.csv?team=food-statistics&period=2026-Q2",
            )
            .await
            .text()
            .await
            .unwrap();
        assert!(
            csv.contains("food-statistics,2026-Q2,,coded_share,0.75,3,4"),
            "{backend:?}: {csv}"
        );

        // An empty quarter has nothing to take a median or a share of.
        let empty = measure(&[
            facts::read(db, &loaded, Period::Quarter(2025, 4), Utc::now())
                .await
                .unwrap(),
        ]);
        assert_eq!(empty.responses, 0);
        assert_eq!(empty.coded.fraction(), None);
        assert_eq!(empty.median_days_to_first_action, None);
        assert_eq!(empty.days_to_publication, None);
        app.stop().await;
    }
}

#[tokio::test]
async fn two_teams_themes_linked_as_one_need_count_once_for_the_organisation() {
    for backend in backends() {
        let app = spawn_app_with(backend, Options::default()).await;
        let db = &app.store;
        let (catalog, _) = yousaid::definitions::Catalog::default()
            .reload(&app.definitions, Utc::now().date_naive())
            .unwrap();
        let mut mine = Vec::new();
        for (survey, question) in [
            ("food-statistics-pocketbook", "comments"),
            ("air-pollutant-emissions", "improvements"),
        ] {
            let loaded = catalog.get(survey).unwrap();
            let pairs = vec![
                ("role".to_owned(), "academia".to_owned()),
                ("satisfaction".to_owned(), "4".to_owned()),
                (question.to_owned(), "A CSV download please".to_owned()),
                ("follow_up".to_owned(), "jo.bloggs@example.com".to_owned()),
            ];
            let answers = validate(&loaded.survey, RawAnswers::from_form(pairs)).unwrap();
            let (writer, task) = Writer::start(db.clone());
            let door = Door::import(format!("{survey}-1"), at(2026, 5, 1));
            let stored = writer.submit(build(&loaded, answers, door)).await.unwrap();
            drop(writer);
            task.await.unwrap();
            let theme = themes::create(db, &loaded, "CSV downloads").await.unwrap();
            let comment = Comment {
                response: stored.id,
                question: question.to_owned(),
            };
            tagging::tag(db, &loaded, &comment, theme, EDITOR)
                .await
                .unwrap();
            mine.push((loaded, theme));
        }
        let organisation = || async {
            yousaid::engagement::report(db, &catalog, Scope::Organisation, Q2, Utc::now())
                .await
                .unwrap()
                .measures
                .themes_with_action
        };
        assert_eq!(
            organisation().await,
            Share { part: 0, whole: 2 },
            "{backend:?}"
        );
        let (food, food_theme) = &mine[0];
        yousaid::workspace::needs::link(db, &catalog, food, *food_theme, mine[1].1, EDITOR)
            .await
            .unwrap();
        assert_eq!(
            organisation().await,
            Share { part: 0, whole: 1 },
            "{backend:?}: one user need, heard by two teams"
        );
        let audited = app
            .count("SELECT COUNT(*) FROM audit_events WHERE event = 'theme.link'")
            .await;
        assert_eq!(audited, 1);
        let refused =
            yousaid::workspace::needs::link(db, &catalog, food, *food_theme, *food_theme, EDITOR)
                .await;
        assert!(refused.is_err(), "a theme is always its own need");
        app.stop().await;
    }
}
