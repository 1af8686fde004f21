//! Team files against their surveys: each cross-file mistake with its line:column and help.

use super::super::diagnostic::Diagnostic;
use super::super::files::{CheckedFile, Described, check_source};
use super::check_teams;
use chrono::NaiveDate;
use std::path::Path;

/// A survey of team `t`, monthly, whose `user_types` question `role` has two options.
const ROLES: &str = "id: roles\ntitle: R\nowner: t\nstatus: open\nuser_types: role\npublish: { every: month }\nquestions:\n  - id: role\n    type: single_choice\n    label: Who are you?\n    options: [Local government, Business]\n  - id: sat\n    type: rating\n    label: Sat\n    scale: { min: 1, max: 5 }\n  - { id: why, type: text, label: What for? }\n";
/// A survey of another team.
const OTHER: &str = "id: other\ntitle: O\nowner: o\nstatus: open\nquestions:\n  - { id: q, type: text, label: Q }\n";
/// A quarterly survey of team `t` without `user_types`.
const QUARTERLY: &str = "id: quarterly\ntitle: Q\nowner: t\nstatus: open\nquestions:\n  - { id: q, type: text, label: Q }\n";

/// Checks `team` as `teams/{id}.yaml` beside `surveys`; the team file comes back.
fn check(id: &str, team: &str, surveys: &[&str]) -> CheckedFile {
    let today = NaiveDate::from_ymd_opt(2026, 11, 24).unwrap();
    let mut files: Vec<CheckedFile> = surveys
        .iter()
        .map(|s| {
            let id = s.lines().next().unwrap().trim_start_matches("id: ");
            let file = check_source(Path::new(&format!("d/{id}.yaml")), (*s).to_owned(), today);
            assert!(file.parsed.survey.is_some(), "{}", file.render());
            file
        })
        .collect();
    files.push(check_source(
        Path::new(&format!("d/teams/{id}.yaml")),
        team.to_owned(),
        today,
    ));
    check_teams(&mut files);
    files.pop().unwrap()
}

#[track_caller]
fn assert_problem(file: &CheckedFile, at: (u64, u64), message: &str, help: &str) {
    assert!(
        file.described.is_none(),
        "a team file with errors describes nothing"
    );
    let d: &Diagnostic = file
        .parsed
        .diagnostics
        .iter()
        .find(|d| d.message.contains(message))
        .unwrap_or_else(|| panic!("no `{message}` in {}", file.render()));
    assert_eq!((d.line, d.column), at, "{d:?}");
    assert!(
        d.help.as_deref().unwrap_or("").contains(help),
        "{:?}",
        d.help
    );
}

const COUNCILS: &str =
    "name: T\nusers:\n  - { id: councils, label: Councils, answers: [local-government] }\n";

#[test]
fn a_team_file_that_agrees_with_its_surveys_describes_the_team() {
    let file = check(
        "t",
        &format!("{COUNCILS}uses:\n  - {{ survey: roles, question: why }}\n"),
        &[ROLES, OTHER],
    );
    assert!(file.parsed.diagnostics.is_empty(), "{}", file.render());
    let Some(Described::Team(team)) = file.described else {
        panic!("a team");
    };
    assert_eq!(team.group_of("local-government").unwrap().id, "councils");
}

#[test]
fn a_team_file_no_survey_names_is_an_error_naming_the_closest_team() {
    let file = check("u", COUNCILS, &[ROLES, OTHER]);
    assert_problem(
        &file,
        (1, 1),
        "no survey names team `u` as its `owner`",
        "did you mean `t`?",
    );
}

#[test]
fn an_answer_no_survey_of_the_team_offers_names_the_closest_value() {
    let file = check(
        "t",
        "name: T\nusers:\n  - { id: councils, label: Councils, answers: [local-govt] }\n",
        &[ROLES],
    );
    assert_problem(
        &file,
        (3, 48),
        "no survey of team `t` has the answer `local-govt` to its `user_types` question",
        "did you mean `local-government`?",
    );
    let file = check("t", COUNCILS, &[QUARTERLY]);
    assert_problem(
        &file,
        (3, 3),
        "no survey of team `t` has a `user_types` question",
        "add `user_types:` to `quarterly`",
    );
}

#[test]
fn uses_names_a_survey_of_the_team_and_a_question_that_can_say_what_for() {
    let uses = |survey: &str, question: &str| {
        check(
            "t",
            &format!("name: T\nuses:\n  - {{ survey: {survey}, question: {question} }}\n"),
            &[ROLES, OTHER],
        )
    };
    assert_problem(
        &uses("role", "why"),
        (3, 15),
        "there is no survey `role`",
        "did you mean `roles`?",
    );
    assert_problem(
        &uses("other", "q"),
        (3, 15),
        "survey `other` belongs to team `o`, not `t`",
        "the team's surveys are: `roles`",
    );
    assert_problem(
        &uses("roles", "wyh"),
        (3, 32),
        "survey `roles` has no question `wyh`",
        "did you mean `why`?",
    );
    assert_problem(
        &uses("roles", "sat"),
        (3, 32),
        "`sat` is a `rating` question, which cannot say what the statistics are used for",
        "a choice or text question",
    );
}

#[test]
fn an_aim_without_per_is_an_error_when_the_team_s_surveys_publish_at_different_rhythms() {
    let aim = "name: T\naims:\n  - { id: enough, label: E, measure: responses, target: { at_least: 30 } }\n";
    assert_problem(
        &check("t", aim, &[ROLES, QUARTERLY]),
        (3, 11),
        "aim `enough` needs `per`: the team's surveys publish over different periods (month, quarter)",
        "`per: month`",
    );
    let file = check("t", aim, &[ROLES]);
    assert!(file.parsed.diagnostics.is_empty(), "{}", file.render());
}

#[test]
fn a_team_file_s_own_mistakes_and_its_mistakes_against_its_surveys_come_in_one_run() {
    let file = check(
        "t",
        "name: T\nusers:\n  - { id: councils, label: Councils, answers: [lg] }\naims:\n  - { id: a, label: A, measure: respones, target: { at_least: 1 } }\n",
        &[ROLES],
    );
    let lines: Vec<u64> = file.parsed.diagnostics.iter().map(|d| d.line).collect();
    assert_eq!(lines, [3, 5], "{}", file.render());
}
