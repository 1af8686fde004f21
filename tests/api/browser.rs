//! The public pages and the producer workspace as a browser sees them: Debian's Chromium,
//! axe-core and the Nu HTML checker, driven by `tests/browser/check.mjs` against the real
//! service on each backend.
//!
//! CI installs the tools (see `.ci/run`), so there a missing tool fails the test. Elsewhere it
//! says what is missing and passes without running, so `cargo test` works on any machine.

use crate::helpers;
use std::path::Path;
use std::process::Command;

fn missing_tools(dir: &Path) -> Vec<&'static str> {
    let mut missing = Vec::new();
    if !Path::new("/usr/bin/chromium").exists() {
        missing.push("chromium (apt-get install chromium)");
    }
    if Command::new("java").arg("-version").output().is_err() {
        missing.push("java (apt-get install default-jre-headless)");
    }
    if Command::new("node").arg("--version").output().is_err() {
        missing.push("node");
    }
    if !dir.join("node_modules/playwright-core").exists() {
        missing.push("tests/browser/node_modules (cd tests/browser && npm ci --ignore-scripts)");
    }
    missing
}

/// Answers, themes, a quote and actions for this quarter, published; returns the page's path.
async fn publish_a_quarter(app: &helpers::TestApp) -> String {
    use yousaid::publishing::{drafts, site::Site};
    const ROLES: [&str; 4] = ["central-government", "academia", "media", "public"];
    for i in 0..24 {
        let body = serde_json::json!({"answers": {
            "role": ROLES[i % 4], "satisfaction": 1 + i % 5, "formats": ["csv", "pdf"],
            "comments": format!("Comment {i}: a CSV of every table, please. Write to me at me{i}@example.org."),
        }});
        assert_eq!(
            app.post_json("food-statistics-pocketbook", &body, None)
                .await
                .status(),
            201
        );
    }
    let (catalog, _) = yousaid::definitions::Catalog::default()
        .reload(&app.definitions, chrono::Utc::now().date_naive())
        .unwrap();
    let loaded = catalog.get("food-statistics-pocketbook").unwrap();
    let theme = yousaid::workspace::themes::create(&app.store, &loaded, "Downloads")
        .await
        .unwrap();
    let commented = yousaid::workspace::responses::list(&app.store, &loaded, &Default::default())
        .await
        .unwrap();
    let first = commented.responses.first().unwrap().id;
    let comment = yousaid::workspace::tagging::Comment {
        response: first,
        question: "comments".to_owned(),
    };
    yousaid::workspace::tagging::tag(&app.store, &loaded, &comment, theme, "b")
        .await
        .unwrap();
    let quote = yousaid::workspace::quotes::select(&app.store, &loaded, first, "comments", "b")
        .await
        .unwrap();
    let text = yousaid::workspace::quotes::list(&app.store, &loaded)
        .await
        .unwrap()[0]
        .text
        .clone();
    yousaid::workspace::quotes::review(&app.store, &loaded.survey.id, quote, &text, true, "b")
        .await
        .unwrap();
    for (title, status, reason) in [
        ("CSV downloads of every table", "done", None),
        (
            "Weekly updates",
            "cannot_do",
            Some("The source data is collected monthly."),
        ),
    ] {
        let input = helpers::public_action(title, status, reason, vec![theme]);
        yousaid::workspace::actions::create(&app.store, &loaded, &input, "b")
            .await
            .unwrap();
    }
    let published = helpers::publish_running_period(app, "food-statistics-pocketbook").await;
    let site = Site::new(&app.address);
    let period = yousaid::period::Period::quarter_of(chrono::Utc::now());
    // The quarter before, drafted and waiting: the check-and-publish page has one to show.
    drafts::draft(
        &app.store,
        &site,
        &loaded,
        period.previous(),
        "b",
        drafts::Unended::Refuse,
    )
    .await
    .unwrap();
    published
}

/// Publishes this month of the page widget, with answers on two pages; returns its path.
async fn publish_widget_month(app: &helpers::TestApp) -> String {
    for (page, useful, n) in [
        ("a", "yes", 14),
        ("a", "no", 11),
        ("b", "yes", 12),
        ("b", "no", 2),
    ] {
        for _ in 0..n {
            let body = serde_json::json!({"answers": {"useful": useful},
                "page": format!("https://www.gov.uk/food-statistics/{page}")});
            assert_eq!(
                app.post_json("page-feedback", &body, None).await.status(),
                201
            );
        }
    }
    helpers::publish_running_period(app, "page-feedback").await
}

#[tokio::test]
async fn public_and_workspace_pages_pass_axe_and_public_ones_the_nu_html_checker() {
    let _alone = helpers::cpu_heavy().await;
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/browser");
    let missing = missing_tools(&dir);
    if !missing.is_empty() {
        let in_ci = std::env::var("CI").is_ok_and(|v| !v.is_empty() && v != "false");
        assert!(!in_ci, "the browser check needs: {}", missing.join(", "));
        eprintln!("browser check not run; missing: {}", missing.join(", "));
        return;
    }
    for backend in helpers::backends() {
        // The sign-up form open whatever today's date: its dates moved to around today.
        let options = helpers::Options {
            extra_definitions: vec![
                (
                    "teams/food-statistics.yaml",
                    crate::get_involved::team_file(),
                ),
                (
                    "teams/statistics-dissemination.yaml",
                    crate::get_involved::welsh_team_file(),
                ),
            ],
            ..helpers::Options::default()
        };
        let app = helpers::spawn_app_with(backend, options).await;
        app.add_user("browser@example.gov.uk", None, "publisher")
            .await;
        let published = publish_a_quarter(&app).await;
        let widget_published = publish_widget_month(&app).await;
        let address = app.address.clone();
        let dir = dir.clone();
        let output = tokio::task::spawn_blocking(move || {
            Command::new("node")
                .arg("check.mjs")
                .arg(&address)
                .env("ADMIN_EMAIL", "browser@example.gov.uk")
                .env("ADMIN_PASSWORD", helpers::PASSWORD)
                .env("PUBLISHED_PATH", &published)
                .env("PUBLISHED_WIDGET_PATH", &widget_published)
                .env(
                    "DRAFTED_PERIOD",
                    yousaid::period::Period::quarter_of(chrono::Utc::now())
                        .previous()
                        .to_string(),
                )
                .current_dir(&dir)
                .output()
                .unwrap()
        })
        .await
        .unwrap();
        let stdout = String::from_utf8_lossy(&output.stdout);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(
            output.status.success(),
            "{backend:?}: browser check failed\n{stdout}\n{stderr}"
        );
        assert!(stdout.contains(" 0 failed"), "{stdout}");
        println!("{backend:?}:\n{stdout}");
        app.stop().await;
    }
}
