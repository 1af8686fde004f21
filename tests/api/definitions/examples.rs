//! The shipped survey, organisation and team files.

use super::{examples, today, yousaid};
use std::path::Path;
use yousaid::definitions::check_paths;

#[test]
fn the_shipped_organisation_and_team_files_pass_check_and_name_who_publishes() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("survey-definitions");
    let files = check_paths(std::slice::from_ref(&dir), today()).unwrap();
    assert_eq!(
        files.len(),
        7,
        "three surveys, the organisation and three teams"
    );
    for file in &files {
        assert!(file.parsed.diagnostics.is_empty(), "{}", file.render());
    }
    let (catalog, report) = yousaid::definitions::Catalog::default()
        .reload(&dir, today())
        .unwrap();
    assert!(report.rejected.is_empty());
    let pocketbook = catalog.get("food-statistics-pocketbook").unwrap();
    assert_eq!(pocketbook.publisher.team, "Food statistics team");
    assert_eq!(
        pocketbook.publisher.organisation.as_deref(),
        Some("Department for Environment, Food & Rural Affairs")
    );
}

#[test]
fn a_team_file_no_survey_owns_is_an_error_naming_the_closest_team() {
    let dir = tempfile::tempdir().unwrap();
    let from = Path::new(env!("CARGO_MANIFEST_DIR")).join("survey-definitions");
    for file in examples() {
        std::fs::copy(&file, dir.path().join(file.file_name().unwrap())).unwrap();
    }
    std::fs::create_dir(dir.path().join("teams")).unwrap();
    std::fs::copy(
        from.join("teams/food-statistics.yaml"),
        dir.path().join("teams/food-statistic.yaml"),
    )
    .unwrap();
    std::fs::write(
        dir.path().join("organisation.yaml"),
        "name: Defra\nlanguage: [en]\n",
    )
    .unwrap();
    let files = check_paths(&[dir.path().to_path_buf()], today()).unwrap();
    let rendered: String = files.iter().map(|f| f.render()).collect();
    assert!(
        rendered.contains(
            "food-statistic.yaml:1:1: error: no survey names team `food-statistic` as its `owner`"
        ) && rendered.contains("did you mean `food-statistics`?"),
        "{rendered}"
    );
    assert!(
        rendered.contains("organisation.yaml:2:1: error: unknown key `language`")
            && rendered.contains("did you mean `languages`?"),
        "{rendered}"
    );
    let (catalog, report) = yousaid::definitions::Catalog::default()
        .reload(dir.path(), today())
        .unwrap();
    assert_eq!(report.rejected.len(), 2);
    let pocketbook = catalog.get("food-statistics-pocketbook").unwrap();
    assert_eq!(
        pocketbook.publisher,
        yousaid::definitions::Publisher {
            organisation: None,
            team: "food-statistics".to_owned()
        },
        "without good files a survey names its team by id"
    );
}

/// A copy of the shipped definitions directory, team files included.
fn copied_definitions() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let from = Path::new(env!("CARGO_MANIFEST_DIR")).join("survey-definitions");
    for file in examples() {
        std::fs::copy(&file, dir.path().join(file.file_name().unwrap())).unwrap();
    }
    std::fs::copy(
        from.join("organisation.yaml"),
        dir.path().join("organisation.yaml"),
    )
    .unwrap();
    std::fs::create_dir(dir.path().join("teams")).unwrap();
    for team in std::fs::read_dir(from.join("teams")).unwrap() {
        let team = team.unwrap().path();
        std::fs::copy(
            &team,
            dir.path().join("teams").join(team.file_name().unwrap()),
        )
        .unwrap();
    }
    dir
}

#[test]
fn the_shipped_team_files_give_each_team_its_users_uses_engagement_and_aims() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("survey-definitions");
    let (catalog, report) = yousaid::definitions::Catalog::default()
        .reload(&dir, today())
        .unwrap();
    assert!(report.rejected.is_empty());
    let ids: Vec<&str> = catalog.teams().map(|(id, _)| id).collect();
    assert_eq!(
        ids,
        [
            "air-quality-statistics",
            "food-statistics",
            "statistics-dissemination"
        ]
    );
    let food = catalog.team("food-statistics").unwrap();
    assert_eq!(
        food.group_of("local-government").unwrap().id,
        "local-government"
    );
    assert_eq!(food.group_of("student").unwrap().id, "researchers");
    assert_eq!(
        food.uses_question("food-statistics-pocketbook"),
        Some("uses")
    );
    assert!(!food.engagement.is_empty() && !food.aims.is_empty());
    let measures: Vec<&str> = catalog
        .teams()
        .flat_map(|(_, t)| &t.aims)
        .map(|a| a.measure.name())
        .collect();
    assert!(measures.contains(&"group_share") && measures.contains(&"themes_with_action_share"));
    assert!(!catalog.organisation().unwrap().links.is_empty());
}

#[test]
fn check_reports_a_broken_team_file_against_its_surveys_with_file_line_and_column() {
    let dir = copied_definitions();
    let team = dir.path().join("teams/food-statistics.yaml");
    std::fs::write(
        &team,
        "name: Food statistics team\nusers:\n  - id: councils\n    label: Local government\n    answers: [local-govt]\naims:\n  - id: hear-from-councils\n    label: Hear from councils\n    measure: group_shares\n    target: { at_least: 10% }\n",
    )
    .unwrap();
    let (code, stdout, _) = yousaid(&["check", dir.path().to_str().unwrap()]);
    assert_eq!(code, 1, "{stdout}");
    let path = team.display();
    assert!(
        stdout.contains(&format!(
            "{path}:5:15: error: no survey of team `food-statistics` has the answer `local-govt` to its `user_types` question"
        )) && stdout.contains("= help: did you mean `local-government`?"),
        "{stdout}"
    );
    assert!(
        stdout.contains(&format!(
            "{path}:9:14: error: unknown measure `group_shares`"
        )) && stdout.contains("= help: did you mean `group_share`?"),
        "{stdout}"
    );
    assert!(
        stdout.ends_with("checked 7 files: 2 errors, 0 warnings\n"),
        "{stdout}"
    );
    let (catalog, report) = yousaid::definitions::Catalog::default()
        .reload(dir.path(), today())
        .unwrap();
    assert_eq!(report.rejected.len(), 1);
    assert!(catalog.team("food-statistics").is_none());
    assert!(catalog.team("air-quality-statistics").is_some());
}

#[test]
fn every_shipped_example_passes_check_without_warnings() {
    let files = check_paths(&examples(), today()).unwrap();
    assert_eq!(files.len(), 3);
    for file in files {
        assert!(file.parsed.survey.is_some(), "{}", file.render());
        assert!(file.parsed.diagnostics.is_empty(), "{}", file.render());
    }
}

#[test]
fn the_examples_are_the_surveys_the_issue_asks_for() {
    let files = check_paths(&examples(), today()).unwrap();
    let surveys: Vec<_> = files
        .into_iter()
        .map(|f| f.parsed.survey.unwrap())
        .collect();
    let ids: Vec<&str> = surveys.iter().map(|s| s.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "air-pollutant-emissions",
            "food-statistics-pocketbook",
            "page-feedback"
        ]
    );
    let pocketbook = &surveys[1];
    assert_eq!(pocketbook.user_types.as_deref(), Some("role"));
    assert!(
        pocketbook
            .questions
            .iter()
            .any(|q| q.kind.name() == "email")
    );
    assert!(pocketbook.questions.iter().any(|q| q.show_if.is_some()));
    let feedback = &surveys[2];
    assert_eq!(feedback.questions.len(), 2);
    assert_eq!(feedback.languages.len(), 2, "page feedback is bilingual");
}
