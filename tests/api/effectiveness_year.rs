//! A year of two teams with known answers: the trend of each measure over four quarters for a
//! team and for the organisation, with an empty quarter, a theme with no action, an action
//! never done and a user need heard by both teams, worked out by hand below.

use crate::effectiveness::{action_at, at, input, respond_to};
use crate::helpers::{Options, backends, spawn_app_with};
use chrono::{DateTime, Utc};
use uuid::Uuid;
use yousaid::definitions::LoadedSurvey;
use yousaid::engagement::{Scope, Share, report};
use yousaid::period::Period;
use yousaid::storage::Db;
use yousaid::workspace::tagging::{self, Comment};
use yousaid::workspace::{needs, themes};

const FOOD: &str = "food-statistics-pocketbook";
const AIR: &str = "air-pollutant-emissions";
const Q4: Period = Period::Quarter(2025, 4);

/// One response to `loaded`, with `comment` as the answer to `question` if any.
async fn answer(
    db: &Db,
    loaded: &LoadedSurvey,
    token: &str,
    question: &str,
    comment: Option<&str>,
    when: DateTime<Utc>,
) -> Uuid {
    let comment = comment.map(|c| (question, c));
    respond_to(db, loaded, token, "academia", comment, when).await
}

async fn tag(db: &Db, loaded: &LoadedSurvey, response: Uuid, question: &str, theme: Uuid) {
    let comment = Comment {
        response,
        question: question.to_owned(),
    };
    tagging::tag(db, loaded, &comment, theme, "editor@example.gov.uk")
        .await
        .unwrap();
}

#[tokio::test]
async fn a_year_of_two_teams_gives_each_quarters_measures_worked_out_by_hand() {
    for backend in backends() {
        let app = spawn_app_with(backend, Options::default()).await;
        let db = &app.store;
        let (catalog, _) = yousaid::definitions::Catalog::default()
            .reload(&app.definitions, Utc::now().date_naive())
            .unwrap();
        let food = catalog.get(FOOD).unwrap();
        let air = catalog.get(AIR).unwrap();
        let downloads = themes::create(db, &food, "Downloads").await.unwrap();
        let maps = themes::create(db, &food, "Maps").await.unwrap();
        let csv = themes::create(db, &air, "CSV files").await.unwrap();

        // Q1: three for food (two comments: downloads, maps), one for air (about CSV files).
        let f1 = answer(db, &food, "f1", "comments", Some("CSV"), at(2025, 1, 10)).await;
        answer(db, &food, "f2", "comments", None, at(2025, 2, 1)).await;
        let f3 = answer(db, &food, "f3", "comments", Some("maps"), at(2025, 3, 1)).await;
        let a1 = answer(db, &air, "a1", "improvements", Some("CSV"), at(2025, 2, 1)).await;
        // Q2: nobody. Q3: two for food (one about downloads), five for air (one about CSV).
        let f4 = answer(db, &food, "f4", "comments", Some("CSV"), at(2025, 7, 5)).await;
        answer(db, &food, "f5", "comments", None, at(2025, 7, 6)).await;
        let a2 = answer(db, &air, "a2", "improvements", Some("CSV"), at(2025, 8, 5)).await;
        for i in 0..4 {
            let token = format!("a3-{i}");
            answer(db, &air, &token, "improvements", None, at(2025, 9, 1)).await;
        }
        // Q4: four for food, no comments.
        for i in 0..4 {
            let token = format!("f6-{i}");
            answer(db, &food, &token, "comments", None, at(2025, 11, 1)).await;
        }
        for (survey, response, question, theme) in [
            (&food, f1, "comments", downloads),
            (&food, f3, "comments", maps),
            (&food, f4, "comments", downloads),
            (&air, a1, "improvements", csv),
            (&air, a2, "improvements", csv),
        ] {
            tag(db, survey, response, question, theme).await;
        }
        // Downloads and CSV files are one need; maps never get an action; the one action,
        // made on 1 August, is never done.
        needs::link(db, &catalog, &food, downloads, csv, "editor@example.gov.uk")
            .await
            .unwrap();
        let planned = input("Offer CSV", "planned", vec![downloads]);
        action_at(&app, &food, planned, at(2025, 8, 1), at(2025, 8, 1)).await;

        let now = Utc::now();
        let team = report(db, &catalog, Scope::Team("food-statistics".into()), Q4, now)
            .await
            .unwrap();
        let org = report(db, &catalog, Scope::Organisation, Q4, now)
            .await
            .unwrap();
        let trend = |r: &yousaid::engagement::Report| -> Vec<String> {
            r.trend.iter().map(|p| p.period.to_string()).collect()
        };
        assert_eq!(trend(&org), ["2025-Q1", "2025-Q2", "2025-Q3", "2025-Q4"]);
        let each = |r: &yousaid::engagement::Report,
                    f: &dyn Fn(&yousaid::engagement::Measures) -> String| {
            r.trend.iter().map(|p| f(&p.measures)).collect::<Vec<_>>()
        };
        let responses = |m: &yousaid::engagement::Measures| m.responses.to_string();
        assert_eq!(each(&team, &responses), ["3", "0", "2", "4"], "{backend:?}");
        assert_eq!(each(&org, &responses), ["4", "0", "7", "4"], "{backend:?}");

        let share = |s: Share| format!("{}/{}", s.part, s.whole);
        let with_action = |m: &yousaid::engagement::Measures| share(m.themes_with_action);
        // Q1: downloads (one need with CSV files) and maps, neither acted on by the end of
        // March; Q2 and Q4: no comments; Q3: the one need, acted on in August.
        assert_eq!(each(&team, &with_action), ["0/2", "0/0", "1/1", "0/0"]);
        assert_eq!(
            each(&org, &with_action),
            ["0/2", "0/0", "1/1", "0/0"],
            "{backend:?}: the need both teams heard counts once"
        );
        let coded = |m: &yousaid::engagement::Measures| share(m.coded);
        assert_eq!(each(&org, &coded), ["3/3", "0/0", "2/2", "0/0"]);
        // From the need's first comment (10 January) to the action (1 August): 203 days.
        let first =
            |m: &yousaid::engagement::Measures| format!("{:?}", m.median_days_to_first_action);
        assert_eq!(each(&org, &first), ["None", "None", "Some(203.0)", "None"]);
        let open = |m: &yousaid::engagement::Measures| {
            let a = m.actions;
            format!("{} open, {} done, {} cannot", a.open, a.done, a.cannot_do)
        };
        assert_eq!(
            each(&org, &open),
            [
                "0 open, 0 done, 0 cannot",
                "0 open, 0 done, 0 cannot",
                "1 open, 0 done, 0 cannot",
                "1 open, 0 done, 0 cannot"
            ],
            "{backend:?}: an action never done stays open"
        );
        assert_eq!(org.measures.median_days_to_done, None, "nothing was done");
        let air_only: Vec<_> = org
            .surveys
            .iter()
            .map(|s| (s.id.as_str(), s.measures.responses))
            .collect();
        assert!(
            air_only.contains(&(AIR, 0)) && air_only.contains(&(FOOD, 4)),
            "{air_only:?}"
        );
        app.stop().await;
    }
}
