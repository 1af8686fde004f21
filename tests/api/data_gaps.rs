//! Gaps in the data, as users see them: a theme an editor marks as a gap is listed, with the
//! public actions that answer it, in every format of the publication and on the team's
//! engagement statement, which also says what respondents use the statistics for.

use crate::helpers::{Options, backends, public_action, spawn_app_with};
use crate::seed;
use chrono::Utc;
use yousaid::intake::{Door, RawAnswers, Writer, build, validate};
use yousaid::period::Period;
use yousaid::workspace::{actions, needs, themes};

const SURVEY: &str = "food-statistics-pocketbook";

#[tokio::test]
async fn a_gap_in_the_data_is_listed_with_the_actions_that_answer_it_wherever_it_is_published() {
    for backend in backends() {
        let app = spawn_app_with(backend, Options::default()).await;
        let loaded = seed::pocketbook(&app.definitions);
        let db = &app.store;
        // Last quarter: twelve answers of what the pocketbook is used for.
        let last = Period::quarter_of(Utc::now()).previous();
        let (start, _) = last.bounds();
        let (writer, task) = Writer::start(db.clone());
        for i in 0..12_i64 {
            let mut pairs = vec![
                ("role".to_owned(), "academia".to_owned()),
                ("satisfaction".to_owned(), "4".to_owned()),
            ];
            if i < 8 {
                pairs.push(("uses".to_owned(), "research".to_owned()));
            }
            if i >= 6 {
                pairs.push(("uses".to_owned(), "policy".to_owned()));
            }
            if i == 0 || i == 11 {
                pairs.push(("uses".to_owned(), "teaching".to_owned()));
            }
            let answers = validate(&loaded.survey, RawAnswers::from_form(pairs)).unwrap();
            let door = Door::import(format!("u{i}"), start + chrono::Duration::hours(i + 1));
            writer.submit(build(&loaded, answers, door)).await.unwrap();
        }
        drop(writer);
        task.await.unwrap();

        let regional = themes::create(db, &loaded, "Regional figures")
            .await
            .unwrap();
        // A theme not marked as a gap is not listed as one.
        themes::create(db, &loaded, "Page layout").await.unwrap();
        needs::set_gap(db, &loaded, regional, true, "e")
            .await
            .unwrap();
        let answer = public_action("Publish regional tables", "planned", None, vec![regional]);
        actions::create(db, &loaded, &answer, "e").await.unwrap();
        let private = actions::ActionInput {
            public: false,
            ..public_action("Scope a private pilot", "planned", None, vec![regional])
        };
        actions::create(db, &loaded, &private, "e").await.unwrap();

        let period = crate::readable_publications::published(&app, 6).await;
        let base = format!("/published/{SURVEY}/{period}");
        let json = app.get_json(&format!("{base}.json")).await;
        assert_eq!(
            json["summary"]["gaps"],
            serde_json::json!([{"name": "Regional figures", "answered_by": ["Publish regional tables"]}]),
            "{backend:?}: only the gap, only its public action"
        );
        let page = app.get(&base).await.text().await.unwrap();
        assert!(
            page.contains("<h2 id=\"gaps\">Gaps in the data you told us about</h2>")
                && page.contains("<li>Regional figures: answered by Publish regional tables</li>"),
            "{backend:?}: {page}"
        );
        let md = app.get(&format!("{base}.md")).await.text().await.unwrap();
        assert!(
            md.contains("## Gaps in the data you told us about\n\n- **Regional figures**: answered by Publish regional tables\n"),
            "{md}"
        );
        let csv = app.get(&format!("{base}.csv")).await.text().await.unwrap();
        assert!(
            csv.lines().any(|l| l.contains(",Gaps in the data users told us about,,Regional figures,,,answered by Publish regional tables")),
            "{csv}"
        );
        for text in [&page, &md, &csv] {
            assert!(
                !text.contains("Page layout"),
                "not a gap, and no comments this period"
            );
            assert!(
                !text.contains("private pilot"),
                "private actions stay private"
            );
        }

        // The team's statement: the gap, and what the twelve use the pocketbook for.
        let statement = app.get_json("/engagement/food-statistics.json").await;
        assert_eq!(
            statement["gaps"],
            serde_json::json!([{"theme": "Regional figures", "survey": loaded.survey.title.get(yousaid::definitions::Language::En), "answered_by": ["Publish regional tables"]}])
        );
        let uses = &statement["uses"][0];
        assert_eq!(uses["question"], "What do you use the pocketbook for?");
        let count = |label: &str| {
            uses["rows"]
                .as_array()
                .unwrap()
                .iter()
                .find(|r| r["label"] == label)
                .unwrap()["count"]
                .clone()
        };
        assert_eq!(count("Research or analysis"), 8, "{backend:?}: {uses}");
        assert_eq!(count("Developing or briefing on policy"), 6);
        assert_eq!(count("Teaching or studying"), "[c]", "2 is below 5");
        assert_eq!(uses["total"], 12);
        let team_page = app
            .get("/engagement/food-statistics")
            .await
            .text()
            .await
            .unwrap();
        assert!(
            team_page.contains("What they use our statistics for")
                && team_page.contains("Regional figures (")
                && !team_page.contains("private pilot"),
            "{team_page}"
        );
        app.stop().await;
    }
}
