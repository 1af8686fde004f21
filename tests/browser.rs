//! The public pages as a browser sees them: Debian's Chromium, axe-core and the Nu HTML
//! checker, driven by `tests/browser/check.mjs` against the real service on each backend.
//!
//! CI installs the tools (see `.ci/run`), so there a missing tool fails the test. Elsewhere it
//! says what is missing and passes without running, so `cargo test` works on any machine.

// Test setup panics on purpose: a failed setup is a failed test.
#![allow(clippy::unwrap_used, clippy::expect_used)]

// Shared with the API tests; this test uses only part of it.
#[allow(dead_code)]
#[path = "api/helpers.rs"]
mod helpers;

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

#[tokio::test]
async fn public_and_workspace_pages_pass_axe_and_public_ones_the_nu_html_checker() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/browser");
    let missing = missing_tools(&dir);
    if !missing.is_empty() {
        let in_ci = std::env::var("CI").is_ok_and(|v| !v.is_empty() && v != "false");
        assert!(!in_ci, "the browser check needs: {}", missing.join(", "));
        eprintln!("browser check not run; missing: {}", missing.join(", "));
        return;
    }
    for backend in helpers::backends() {
        let app = helpers::spawn_app(backend).await;
        app.add_user("browser@example.gov.uk", None, "publisher")
            .await;
        let address = app.address.clone();
        let dir = dir.clone();
        let output = tokio::task::spawn_blocking(move || {
            Command::new("node")
                .arg("check.mjs")
                .arg(&address)
                .env("ADMIN_EMAIL", "browser@example.gov.uk")
                .env("ADMIN_PASSWORD", helpers::PASSWORD)
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
