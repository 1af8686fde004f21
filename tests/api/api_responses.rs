//! The JSON API: the public definition and submitting answers.

use crate::fixtures;
use crate::helpers::{backends, spawn_app_with};
use serde_json::{Value, json};

#[tokio::test]
async fn the_public_definition_is_served_with_its_version() {
    for backend in backends() {
        let app = spawn_app_with(backend, fixtures::options()).await;
        let res = app.get("/api/v1/surveys/tiny").await;
        assert_eq!(res.status(), 200, "{backend:?}");
        let body: Value = res.json().await.unwrap();
        assert_eq!(body["survey"]["id"], "tiny");
        assert_eq!(body["version"].as_str().unwrap().len(), 64);
        assert_eq!(body["survey"]["questions"][1]["type"], "rating");
        assert_eq!(app.get("/api/v1/surveys/draft").await.status(), 404);
        app.stop().await;
    }
}

#[tokio::test]
async fn a_valid_json_submission_is_created_with_its_id() {
    for backend in backends() {
        let app = spawn_app_with(backend, fixtures::options()).await;
        let body = json!({
            "answers": {"role": {"other": "Consultant"}, "score": 1, "why": "slow", "topics": ["fish", {"other": "x"}], "count": 3},
            "page": "https://stats.example.org/a?b=c"
        });
        let res = app
            .post_json("tiny", &json!({"answers": {"role": "analyst"}}), None)
            .await;
        assert_eq!(res.status(), 201, "{backend:?}");
        let res = app.post_json("tiny", &body, None).await;
        let status = res.status();
        let json: Value = res.json().await.unwrap();
        assert_eq!(status, 422, "{backend:?}: topics has no other: {json}");
        assert_eq!(json["errors"][0]["question"], "topics");
        assert_eq!(json["errors"][0]["code"], "wrong_type");

        let body = json!({
            "answers": {"role": {"other": "Consultant"}, "score": 1, "why": "slow", "topics": ["fish"], "count": 3},
            "page": "https://stats.example.org/a?b=c"
        });
        let res = app.post_json("tiny", &body, None).await;
        assert_eq!(res.status(), 201);
        let created: Value = res.json().await.unwrap();
        let id = created["id"].as_str().unwrap().to_owned();
        assert_eq!(app.count("SELECT COUNT(*) FROM responses").await, 2);
        let page = app
            .strings("SELECT page FROM responses WHERE page IS NOT NULL")
            .await;
        assert_eq!(page, ["https://stats.example.org/a"]);
        assert!(uuid::Uuid::parse_str(&id).is_ok());
        app.stop().await;
    }
}

#[tokio::test]
async fn invalid_answers_get_422_with_a_code_per_question() {
    for backend in backends() {
        let app = spawn_app_with(backend, fixtures::options()).await;
        let body = json!({"answers": {
            "score": 9, "topics": ["food", "fish", "farming"], "count": 2.5,
            "email": "nope", "bogus": "x", "why": "hidden so ignored"
        }});
        let res = app.post_json("tiny", &body, None).await;
        assert_eq!(res.status(), 422, "{backend:?}");
        let json: Value = res.json().await.unwrap();
        let got: Vec<(String, String)> = json["errors"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| {
                (
                    e["question"].as_str().unwrap().to_owned(),
                    e["code"].as_str().unwrap().to_owned(),
                )
            })
            .collect();
        let expected = [
            ("role", "required"),
            ("score", "unknown_option"),
            ("topics", "too_many"),
            ("count", "not_an_integer"),
            ("email", "invalid_email"),
            ("bogus", "unknown_question"),
        ];
        let expected: Vec<(String, String)> = expected
            .iter()
            .map(|(q, c)| (q.to_string(), c.to_string()))
            .collect();
        assert_eq!(got, expected);
        assert_eq!(json["errors"][2]["message"], "Select no more than 2");
        let long = json!({"answers": {"role": "analyst", "score": 1, "why": "x".repeat(21)}});
        let json: Value = app
            .post_json("tiny", &long, None)
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(json["errors"][0]["code"], "too_long");
        assert_eq!(
            json["errors"][0]["message"],
            "Your answer must be 20 characters or fewer"
        );
        assert_eq!(app.count("SELECT COUNT(*) FROM responses").await, 0);
        app.stop().await;
    }
}

#[tokio::test]
async fn malformed_json_and_closed_or_unknown_surveys_get_clear_errors() {
    for backend in backends() {
        let app = spawn_app_with(backend, fixtures::options()).await;
        let res = app
            .client
            .post(format!("{}/api/v1/surveys/tiny/responses", app.address))
            .header("content-type", "application/json")
            .body("{\"answers\": ")
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 400, "{backend:?}");
        let json: Value = res.json().await.unwrap();
        assert_eq!(json["error"], "invalid_json");
        let res = app
            .post_json("closed", &json!({"answers": {"q": "yes"}}), None)
            .await;
        assert_eq!(res.status(), 410);
        let res = app.post_json("nope", &json!({"answers": {}}), None).await;
        assert_eq!(res.status(), 404);
        let res = app.post_json("tiny", &json!({"answer": {}}), None).await;
        assert_eq!(
            res.status(),
            422,
            "unknown top-level field: JSON of the wrong shape"
        );
        app.stop().await;
    }
}

#[tokio::test]
async fn cors_is_granted_only_to_allowed_origins() {
    for backend in backends() {
        let app = spawn_app_with(backend, fixtures::options()).await;
        let url = format!("{}/api/v1/surveys/tiny/responses", app.address);
        let allowed = app
            .client
            .request(reqwest::Method::OPTIONS, &url)
            .header("Origin", "https://stats.example.org")
            .send()
            .await
            .unwrap();
        assert_eq!(allowed.status(), 204, "{backend:?}");
        assert_eq!(
            allowed.headers()["access-control-allow-origin"],
            "https://stats.example.org"
        );
        let other = app
            .client
            .post(&url)
            .header("Origin", "https://evil.example")
            .json(&json!({"answers": {"role": "analyst"}}))
            .send()
            .await
            .unwrap();
        assert!(other.headers().get("access-control-allow-origin").is_none());
        app.stop().await;
    }
}

#[test]
fn a_number_question_without_limits_still_refuses_numbers_no_sum_can_hold() {
    use yousaid::definitions::{Language, parse};
    use yousaid::intake::{RawAnswers, validate};
    let yaml = "id: n\ntitle: N\nowner: team\nstatus: open\nquestions:\n  - { id: q, type: number, label: Q }\n";
    let survey = parse("n", yaml, chrono::Utc::now().date_naive())
        .survey
        .unwrap();
    let answer = |n: &str| RawAnswers::from_form(vec![("q".to_owned(), n.to_owned())]);
    assert!(validate(&survey, answer("-1000000000000000")).is_ok());
    let errors = validate(&survey, answer("1e300"))
        .unwrap_err()
        .in_language(Language::En);
    assert_eq!(errors.0[0].code, yousaid::intake::Code::OutOfRange);
    assert_eq!(
        errors.0[0].message,
        "Enter a number between -1000000000000000 and 1000000000000000"
    );
}

#[tokio::test]
async fn the_responses_api_gives_each_answer_as_stored_beside_its_text_and_refuses_json_booleans() {
    for backend in backends() {
        let app = crate::helpers::spawn_app(backend).await;
        let survey = "food-statistics-pocketbook";
        let body = json!({"answers": {
            "role": {"other": "Consultant"}, "uses": ["research", "policy"],
            "found_what_needed": true, "satisfaction": 2, "why_unsatisfied": "No CSV"
        }});
        let res = app.post_json(survey, &body, None).await;
        assert_eq!(res.status(), 422, "{backend:?}");
        let json: Value = res.json().await.unwrap();
        assert_eq!(json["errors"][0]["question"], "found_what_needed");
        assert_eq!(json["errors"][0]["code"], "wrong_type");
        assert_eq!(
            json["errors"][0]["message"],
            "Send \"yes\" or \"no\" as a string for this question, not true or false"
        );
        let mut body = body;
        body["answers"]["found_what_needed"] = json!("no");
        assert_eq!(app.post_json(survey, &body, None).await.status(), 201);

        let token = app.api_token("food-statistics", "viewer").await;
        let res = app
            .api(
                &token,
                reqwest::Method::GET,
                &format!("/surveys/{survey}/responses"),
                None,
            )
            .await;
        assert_eq!(res.status(), 200);
        let page: Value = res.json().await.unwrap();
        let answers = page["responses"][0]["answers"].as_array().unwrap();
        let by = |q: &str| answers.iter().find(|a| a["question"] == q).unwrap();
        assert_eq!(by("role")["value"], "other");
        assert_eq!(by("role")["text"], "Other: Consultant");
        // In the survey's option order, as the text lists them.
        assert_eq!(by("uses")["value"], json!(["policy", "research"]));
        assert_eq!(by("found_what_needed")["value"], "no");
        assert_eq!(by("satisfaction")["value"], 2);
        assert_eq!(by("why_unsatisfied")["value"], "No CSV");
        app.stop().await;
    }
}
