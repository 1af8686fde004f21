//! `GET /metrics` for operators: behind its token, in the Prometheus text format as read back by
//! the Prometheus client library's own parser, counting what happened — on both databases.

use crate::helpers::{Options, backends, spawn_app_with, stdout_of};
use serde_json::{Value, json};
use std::process::Command;

const TOKEN: &str = "a-scrape-token-of-some-length";

/// Every sample of `text`, parsed by `prometheus_client`: `{family, type, name, labels, value}`.
fn parse(text: &str) -> Vec<Value> {
    let script = r#"
import json, sys
from prometheus_client.parser import text_string_to_metric_families
out = []
for family in text_string_to_metric_families(sys.stdin.read()):
    for s in family.samples:
        out.append({"family": family.name, "type": family.type, "name": s.name,
                    "labels": s.labels, "value": s.value})
print(json.dumps(out))
"#;
    let mut command = Command::new("python3");
    command.args(["-c", script]);
    let out = stdout_of(
        command,
        Some(text),
        &format!("the Prometheus parser, on\n{text}\n"),
    );
    serde_json::from_str(&out).unwrap()
}

fn parser_missing() -> bool {
    let found = Command::new("python3")
        .args(["-c", "import prometheus_client"])
        .status()
        .is_ok_and(|s| s.success());
    if !found {
        let in_ci = std::env::var("CI").is_ok_and(|v| !v.is_empty() && v != "false");
        assert!(
            !in_ci,
            "the metrics test needs python3 -m pip install prometheus-client"
        );
        eprintln!("metrics test not run: no prometheus_client (tests/run installs it)");
    }
    !found
}

/// The value of the sample `name` whose labels include `labels`.
fn sample(samples: &[Value], name: &str, labels: &[(&str, &str)]) -> Option<f64> {
    samples
        .iter()
        .find(|s| s["name"] == name && labels.iter().all(|(k, v)| s["labels"][*k] == *v))
        .and_then(|s| s["value"].as_f64())
}

#[tokio::test]
async fn metrics_are_behind_their_token_and_count_what_happened_in_the_prometheus_format() {
    if parser_missing() {
        return;
    }
    for backend in backends() {
        let options = Options {
            metrics_token: Some(TOKEN.to_owned()),
            ..Options::default()
        };
        let app = spawn_app_with(backend, options).await;
        let scrape = |token: Option<&str>| {
            let mut request = app.client.get(format!("{}/metrics", app.address));
            if let Some(token) = token {
                request = request.bearer_auth(token);
            }
            request.send()
        };
        assert_eq!(scrape(None).await.unwrap().status(), 401, "{backend:?}");
        assert_eq!(scrape(Some("guess")).await.unwrap().status(), 401);

        let survey = "food-statistics-pocketbook";
        for _ in 0..2 {
            assert_eq!(app.get(&format!("/s/{survey}")).await.status(), 200);
        }
        let token = app.token(survey).await;
        let form = [
            ("_token", token.as_str()),
            ("role", "academia"),
            ("satisfaction", "4"),
        ];
        assert_eq!(
            app.post_form(&format!("/s/{survey}"), &form).await.status(),
            303
        );
        let bad = json!({"answers": {"role": "nobody"}});
        assert_eq!(app.post_json(survey, &bad, None).await.status(), 422);
        let good = json!({"answers": {"role": "media", "satisfaction": 4}});
        for expected in [201, 200] {
            let res = app.post_json(survey, &good, Some("key-1")).await;
            assert_eq!(res.status(), expected, "a replay is the same response");
        }

        let res = scrape(Some(TOKEN)).await.unwrap();
        assert_eq!(res.status(), 200);
        let kind = res.headers()["content-type"].to_str().unwrap().to_owned();
        assert!(kind.starts_with("text/plain; version=0.0.4"), "{kind}");
        let text = res.text().await.unwrap();
        let samples = parse(&text);
        let accepted = "yousaid_responses_accepted_total";
        assert_eq!(
            sample(&samples, accepted, &[("door", "form")]),
            Some(1.0),
            "{text}"
        );
        assert_eq!(
            sample(&samples, accepted, &[("door", "api")]),
            Some(1.0),
            "{text}"
        );
        let refused = "yousaid_responses_refused_total";
        let invalid = [("door", "api"), ("reason", "invalid")];
        assert_eq!(sample(&samples, refused, &invalid), Some(1.0), "{text}");
        let page = [("route", "/s/{id}"), ("status", "200")];
        let count = "yousaid_http_request_duration_seconds_count";
        assert_eq!(sample(&samples, count, &page), Some(3.0), "{text}");
        let inf = [("route", "/s/{id}"), ("status", "200"), ("le", "+Inf")];
        let bucket = "yousaid_http_request_duration_seconds_bucket";
        assert_eq!(sample(&samples, bucket, &inf), Some(3.0));
        let created = [
            ("route", "/api/v1/surveys/{id}/responses"),
            ("status", "201"),
        ];
        assert_eq!(sample(&samples, count, &created), Some(1.0), "{text}");
        // Buckets only grow with their bound.
        let buckets: Vec<f64> = samples
            .iter()
            .filter(|s| s["name"] == bucket && s["labels"]["route"] == "/s/{id}")
            .filter(|s| s["labels"]["status"] == "200")
            .map(|s| s["value"].as_f64().unwrap())
            .collect();
        assert!(buckets.windows(2).all(|w| w[0] <= w[1]), "{buckets:?}");
        assert_eq!(sample(&samples, "yousaid_outbox_messages", &[]), Some(0.0));
        assert_eq!(
            sample(&samples, "yousaid_db_pool_connections_max", &[]),
            Some(8.0)
        );
        assert!(
            sample(&samples, "yousaid_db_pool_connections_open", &[]).is_some_and(|n| n >= 1.0)
        );
        assert_eq!(
            sample(&samples, "yousaid_drafts_made_total", &[]),
            Some(0.0)
        );
        let types: Vec<(&str, &str)> = samples
            .iter()
            .map(|s| (s["family"].as_str().unwrap(), s["type"].as_str().unwrap()))
            .collect();
        assert!(types.contains(&("yousaid_http_request_duration_seconds", "histogram")));
        assert!(types.contains(&("yousaid_responses_accepted", "counter")));
        assert!(types.contains(&("yousaid_outbox_messages", "gauge")));
        // No personal data: neither the answers nor the client's address.
        assert!(
            !text.contains("academia") && !text.contains("127.0.0.1"),
            "{text}"
        );
        app.stop().await;

        let app = spawn_app_with(backend, Options::default()).await;
        let res = app.get("/metrics").await;
        assert_eq!(res.status(), 404, "no token set: no /metrics");
        app.stop().await;
    }
}
