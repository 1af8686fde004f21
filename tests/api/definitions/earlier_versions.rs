//! Checking an edit against an earlier file or the answers stored in a database.

use std::path::Path;
use std::process::Command;

/// An earlier version of a survey: the one `edited` changes.
const ANSWERED: &str = "\
id: fb
title: Feedback
owner: team
status: open
questions:
  - id: q_sat
    type: rating
    label: How satisfied are you?
    scale: { min: 1, max: 5 }
  - id: role
    type: single_choice
    label: Your role
    options:
      - { value: analyst, label: Analyst }
      - { value: journalist, label: Journalist }
      - { value: student, label: Student }
  - id: often
    type: rating
    label: How often do you visit?
    scale: { min: 1, max: 5 }
  - id: more
    type: text
    label: Anything else?
";

/// `ANSWERED` with `q_sat` renamed, `journalist` renamed, `student` and `more` dropped, and
/// `often` turned into a choice.
const EDITED: &str = "\
id: fb
title: Feedback
owner: team
status: open
questions:
  - id: satisfaction
    type: rating
    label: How satisfied are you?
    scale: { min: 1, max: 5 }
  - id: role
    type: single_choice
    label: Your role
    options:
      - { value: analyst, label: Analyst }
      - { value: reporter, label: Journalist }
  - id: often
    type: single_choice
    label: How often do you visit?
    options: [Daily, Weekly]
";

/// `yousaid` with `DATABASE_URL` as given, never the caller's own.
fn yousaid_with_db(args: &[&str], url: Option<&str>) -> (i32, String, String) {
    let mut command = Command::new(env!("CARGO_BIN_EXE_yousaid"));
    command
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env_remove("DATABASE_URL");
    if let Some(url) = url {
        command.env("DATABASE_URL", url);
    }
    let out = command.output().unwrap();
    (
        out.status.code().unwrap(),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

/// Writes `yaml` as `fb.yaml` in a fresh directory under `dir`.
fn definitions(dir: &Path, name: &str, yaml: &str) -> std::path::PathBuf {
    let defs = dir.join(name);
    std::fs::create_dir_all(&defs).unwrap();
    std::fs::write(defs.join("fb.yaml"), yaml).unwrap();
    defs
}

/// `(line, column, message)` of each warning in a JSON report.
fn warnings(report: &serde_json::Value) -> Vec<(u64, u64, String)> {
    report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["severity"] == "warning")
        .map(|d| {
            (
                d["line"].as_u64().unwrap(),
                d["column"].as_u64().unwrap(),
                d["message"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

#[test]
fn check_against_an_earlier_file_warns_on_renamed_and_dropped_ids_values_and_types() {
    let dir = tempfile::tempdir().unwrap();
    let old = definitions(dir.path(), "old", ANSWERED).join("fb.yaml");
    let new = definitions(dir.path(), "new", EDITED);
    let (old, new) = (old.to_str().unwrap(), new.to_str().unwrap());
    let (code, stdout, stderr) =
        yousaid_with_db(&["check", "--format", "json", "--against", old, new], None);
    assert_eq!(code, 0, "warnings do not fail the check: {stderr}");
    let report: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(
        (report["errors"].as_u64(), report["warnings"].as_u64()),
        (Some(0), Some(5))
    );
    let expected = vec![
        (5, 1, format!("question `more` (in {old}) is gone: any answers given to it stay stored under `more`")),
        (6, 9, "`q_sat` was removed and `satisfaction` added: if this is a rename, any answers given to `q_sat` are not counted with the answers to `satisfaction`".to_owned()),
        (13, 5, format!("option `student` of `role` (in {old}) is gone: any answers that chose it stay stored as `student`")),
        (15, 9, "option `journalist` of `role` was removed and `reporter` added with the same label: if this is a rename, any answers that chose `journalist` are not counted with `reporter`".to_owned()),
        (17, 11, format!("`often` was a `rating` question (in {old}) and is now a `single_choice` question, but any answers given to it answered a `rating` question")),
    ];
    assert_eq!(warnings(&report), expected);
    let help = report["diagnostics"][1]["help"].as_str().unwrap();
    assert!(help.starts_with("answers are joined across versions by question id: to keep one series, keep `id: q_sat`"), "{help}");

    let (code, stdout, _) = yousaid_with_db(&["check", "--against", old, new], None);
    assert_eq!(code, 0);
    assert!(
        stdout.contains("fb.yaml:6:9: warning: `q_sat` was removed and `satisfaction` added"),
        "{stdout}"
    );
    assert!(
        stdout.ends_with("checked 1 file: 0 errors, 5 warnings\n"),
        "{stdout}"
    );

    // The same version again: nothing changed, nothing to warn about.
    let (code, stdout, _) = yousaid_with_db(&["check", "--against", old, old], None);
    assert_eq!(
        (code, stdout.as_str()),
        (0, "checked 1 file: 0 errors, 0 warnings\n")
    );
    let (code, _, stderr) =
        yousaid_with_db(&["check", "--against", old, "survey-definitions"], None);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("no definition of survey `fb` among the files checked"),
        "{stderr}"
    );
}

/// Three answers to `ANSWERED`, imported through `yousaid import` (the store every response
/// goes through): two analysts and a student; `more` answered once.
fn seed(dir: &Path, url: &str) {
    let defs = definitions(dir, "answered", ANSWERED);
    let csv = dir.join("answers.csv");
    std::fs::write(
        &csv,
        "Timestamp,How satisfied are you?,Your role,How often do you visit?,Anything else?\n\
         2026-10-01T09:00:00Z,5,Analyst,3,Great\n\
         2026-10-02T09:00:00Z,4,Analyst,2,\n\
         2026-10-03T09:00:00Z,2,Student,1,\n",
    )
    .unwrap();
    let (code, stdout, stderr) = yousaid_with_db(
        &[
            "import",
            "--definitions",
            defs.to_str().unwrap(),
            "--survey",
            "fb",
            csv.to_str().unwrap(),
        ],
        Some(url),
    );
    assert_eq!(code, 0, "import: {stdout}{stderr}");
}

/// Checks `EDITED` against the database at `url`, once seeded.
fn check_against_database(dir: &Path, url: &str) {
    let new = definitions(dir, "edited", EDITED);
    let new = new.to_str().unwrap();
    // Before anyone answered: nothing stored, nothing to warn about.
    let (code, stdout, stderr) = yousaid_with_db(&["check", "--database-url", url, new], None);
    assert_eq!(
        (code, stdout.as_str()),
        (0, "checked 1 file: 0 errors, 0 warnings\n"),
        "{stderr}"
    );
    seed(dir, url);
    let (code, stdout, stderr) = yousaid_with_db(&["check", "--format", "json", new], Some(url));
    assert_eq!(code, 0, "{stderr}");
    let report: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    let found = warnings(&report);
    let messages: Vec<&str> = found.iter().map(|(_, _, m)| m.as_str()).collect();
    let version = messages
        .first()
        .and_then(|m| m.split("(in the version last answered (").nth(1))
        .and_then(|m| m.split(')').next())
        .unwrap_or_default()
        .to_owned();
    assert_eq!(version.len(), 12, "{messages:?}");
    assert_eq!(
        messages,
        vec![
            format!("question `more` (in the version last answered ({version})) is gone: the 1 answer given to it stays stored under `more`"),
            "`q_sat` was removed and `satisfaction` added: if this is a rename, the 3 answers given to `q_sat` are not counted with the answers to `satisfaction`".to_owned(),
            format!("option `student` of `role` (in the version last answered ({version})) is gone: the 1 answer that chose it stays stored as `student`"),
            format!("`often` was a `rating` question (in the version last answered ({version})) and is now a `single_choice` question, but the 3 answers given to it answered a `rating` question"),
        ]
    );
    // Nobody chose `journalist`: renaming it leaves nothing behind.
    assert!(
        !messages.iter().any(|m| m.contains("journalist")),
        "{messages:?}"
    );
}

#[test]
fn check_with_a_database_warns_with_the_count_of_answers_an_edit_leaves_behind() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("yousaid.db").display());
    // The file does not exist yet: a database is needed for nothing and none is created.
    let missing = dir.path().join("yousaid.db");
    let edited = definitions(dir.path(), "first", EDITED);
    let (code, stdout, stderr) = yousaid_with_db(&["check", edited.to_str().unwrap()], Some(&url));
    assert_eq!(
        (code, stdout.as_str()),
        (0, "checked 1 file: 0 errors, 0 warnings\n")
    );
    assert!(
        stderr.contains("does not exist, so nothing stored was compared"),
        "{stderr}"
    );
    assert!(!missing.exists(), "check created a database");
    check_against_database(&dir.path().join("sqlite"), &url);
}

#[tokio::test]
async fn check_with_a_postgres_database_warns_with_the_count_of_answers() {
    use sea_orm::{ConnectionTrait, Database};
    let Some(admin_url) = std::env::var("YOUSAID_TEST_POSTGRES_URL")
        .ok()
        .filter(|u| !u.is_empty())
    else {
        return;
    };
    let admin = Database::connect(admin_url.clone()).await.unwrap();
    let name = format!("yousaid_test_{}", uuid::Uuid::now_v7().simple());
    admin
        .execute_unprepared(&format!("CREATE DATABASE \"{name}\""))
        .await
        .unwrap();
    let (base, _) = admin_url.rsplit_once('/').unwrap();
    let url = format!("{base}/{name}");
    let dir = tempfile::tempdir().unwrap();
    let checked = tokio::task::spawn_blocking({
        let (dir, url) = (dir.path().to_path_buf(), url.clone());
        move || std::panic::catch_unwind(|| check_against_database(&dir, &url))
    })
    .await
    .unwrap();
    let _ = admin
        .execute_unprepared(&format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)"))
        .await;
    if let Err(panic) = checked {
        std::panic::resume_unwind(panic);
    }
}
