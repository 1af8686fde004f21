//! Survey definitions: every rule `yousaid check` enforces, the shipped examples, versions,
//! and the command's output and exit codes.

// Helpers outside #[test] fns panic on purpose: a failed setup is a failed test.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::arithmetic_side_effects
)]

use chrono::NaiveDate;
use std::path::Path;
use std::process::Command;
use yousaid::definitions::{Severity, Version, check_paths, parse};

const TODAY: &str = "2026-11-24";

fn today() -> NaiveDate {
    NaiveDate::parse_from_str(TODAY, "%Y-%m-%d").unwrap()
}

/// Start of every case: four lines, so questions start on line 5.
const HEAD: &str = "id: t\ntitle: T\nowner: team\nstatus: open\n";

/// One rule: a definition, and the first problem it must produce.
struct Case {
    rule: &'static str,
    yaml: String,
    severity: Severity,
    message: &'static str,
    line: u64,
    column: u64,
}

fn error(rule: &'static str, yaml: &str, message: &'static str, line: u64, column: u64) -> Case {
    Case {
        rule,
        yaml: yaml.to_owned(),
        severity: Severity::Error,
        message,
        line,
        column,
    }
}

fn warning(rule: &'static str, yaml: &str, message: &'static str, line: u64, column: u64) -> Case {
    Case {
        severity: Severity::Warning,
        ..error(rule, yaml, message, line, column)
    }
}

fn with_head(rest: &str) -> String {
    format!("{HEAD}{rest}")
}

const TEXT_Q: &str = "questions:\n  - id: q\n    type: text\n    label: Q\n";

fn cases() -> Vec<Case> {
    let rating = "  - id: sat\n    type: rating\n    label: Sat\n    scale: { min: 1, max: 5 }\n";
    let choice = "  - id: role\n    type: single_choice\n    label: Role\n    options: [Analyst, Journalist]\n";
    let many = "  - id: used\n    type: multiple_choice\n    label: Used\n    options: [A, B]\n";
    vec![
        error(
            "a NUL escape in a text",
            &with_head("questions:\n  - id: q\n    type: text\n    label: \"Q\\0\"\n"),
            "this text holds a NUL character, which cannot be stored",
            8,
            1,
        ),
        error(
            "malformed YAML",
            &with_head("questions:\n  - id: q\n    type: text\n     label: Q\n"),
            "YAML syntax: mapping values are not allowed in this context",
            8,
            11,
        ),
        error(
            "wrong type",
            &with_head(&format!("publish: {{ min_count: five }}\n{TEXT_Q}")),
            "this value is not a whole number",
            5,
            23,
        ),
        error(
            "wrong type for a flag",
            &with_head("questions:\n  - id: q\n    type: text\n    label: Q\n    multiline: yes\n"),
            "expected `true` or `false`",
            9,
            16,
        ),
        error(
            "a question id the form uses itself",
            &with_head("questions:\n  - id: website\n    type: text\n    label: Your website\n"),
            "question id `website` is reserved: the survey form uses that name itself",
            6,
            9,
        ),
        error(
            "unknown top-level key",
            &format!("{HEAD}tittle: T\n{TEXT_Q}"),
            "unknown key `tittle`",
            5,
            1,
        ),
        error(
            "unknown question key",
            &with_head("questions:\n  - id: q\n    type: text\n    label: Q\n    requred: true\n"),
            "unknown key `requred`",
            9,
            5,
        ),
        error(
            "missing key",
            &with_head("questions:\n  - id: q\n    type: text\n"),
            "missing `label`",
            7,
            5,
        ),
        error(
            "duplicate YAML key",
            &format!("{HEAD}status: closed\n{TEXT_Q}"),
            "`status` is written twice",
            5,
            1,
        ),
        error(
            "survey id not a slug",
            &format!("id: My_Survey\ntitle: T\nowner: team\nstatus: open\n{TEXT_Q}"),
            "survey id `My_Survey` is not a lowercase slug",
            1,
            5,
        ),
        error(
            "id differs from file name",
            &format!("id: other\ntitle: T\nowner: team\nstatus: open\n{TEXT_Q}"),
            "survey id `other` does not match the file name `t.yaml`",
            1,
            5,
        ),
        error(
            "team id not a slug",
            &format!("id: t\ntitle: T\nowner: Food Stats\nstatus: open\n{TEXT_Q}"),
            "team id `Food Stats` is not a lowercase slug",
            3,
            8,
        ),
        error(
            "unknown status",
            &format!("id: t\ntitle: T\nowner: team\nstatus: opne\n{TEXT_Q}"),
            "unknown status `opne`",
            4,
            9,
        ),
        error(
            "bad date",
            &with_head(&format!("closes_on: 31/12/2027\n{TEXT_Q}")),
            "`closes_on` `31/12/2027` is not a date",
            5,
            12,
        ),
        error(
            "unknown publication period",
            &with_head(&format!("publish: {{ every: fortnight }}\n{TEXT_Q}")),
            "unknown publication period `fortnight`",
            5,
            19,
        ),
        error(
            "min_count below 1",
            &with_head(&format!("publish: {{ min_count: 0 }}\n{TEXT_Q}")),
            "`min_count` is 0, but it must be at least 1",
            5,
            23,
        ),
        error(
            "contact neither email nor link",
            &with_head(&format!("publish: {{ contact: phone us }}\n{TEXT_Q}")),
            "`contact` is `phone us`, but it must be an email address or an https:// link",
            5,
            21,
        ),
        error(
            "no questions",
            &with_head("questions: []\n"),
            "a survey needs at least one question",
            5,
            12,
        ),
        error(
            "question id not a slug",
            &with_head("questions:\n  - id: Why Unsatisfied\n    type: text\n    label: Q\n"),
            "question id `Why Unsatisfied` is not a lowercase id",
            6,
            9,
        ),
        error(
            "duplicate question id",
            &with_head(&format!(
                "{TEXT_Q}  - id: q\n    type: yes_no\n    label: Again\n"
            )),
            "question id `q` is used twice",
            9,
            9,
        ),
        error(
            "unknown question type",
            &with_head("questions:\n  - id: q\n    type: single_choise\n    label: Q\n"),
            "unknown question type `single_choise`",
            7,
            11,
        ),
        error(
            "key of another type",
            &with_head(
                "questions:\n  - id: q\n    type: text\n    label: Q\n    scale: { min: 1, max: 5 }\n",
            ),
            "`scale` does not apply to a `text` question",
            9,
            12,
        ),
        error(
            "choice without options",
            &with_head("questions:\n  - id: q\n    type: single_choice\n    label: Q\n"),
            "a `single_choice` question needs `options`",
            6,
            5,
        ),
        error(
            "one option only",
            &with_head(
                "questions:\n  - id: q\n    type: single_choice\n    label: Q\n    options: [Only]\n",
            ),
            "a `single_choice` question needs at least two options",
            9,
            14,
        ),
        error(
            "duplicate option value",
            &with_head(
                "questions:\n  - id: q\n    type: single_choice\n    label: Q\n    options: [Food chain, { value: food-chain, label: The food chain }]\n",
            ),
            "option value `food-chain` is used twice in this question",
            9,
            27,
        ),
        error(
            "option value not a slug",
            &with_head(
                "questions:\n  - id: q\n    type: single_choice\n    label: Q\n    options: [{ value: Yes Please, label: A }, B]\n",
            ),
            "option value `Yes Please` is not a lowercase value",
            9,
            15,
        ),
        error(
            "max_selected above the options",
            &with_head(
                "questions:\n  - id: q\n    type: multiple_choice\n    label: Q\n    options: [A, B]\n    max_selected: 3\n",
            ),
            "`max_selected` is 3, but the question has only 2 options",
            10,
            19,
        ),
        error(
            "min_selected above max_selected",
            &with_head(
                "questions:\n  - id: q\n    type: multiple_choice\n    label: Q\n    options: [A, B, C]\n    min_selected: 3\n    max_selected: 2\n",
            ),
            "`min_selected` (3) is greater than `max_selected` (2)",
            10,
            19,
        ),
        error(
            "rating min not below max",
            &with_head(
                "questions:\n  - id: q\n    type: rating\n    label: Q\n    scale: { min: 5, max: 1 }\n",
            ),
            "the scale's `min` (5) must be below its `max` (1)",
            9,
            19,
        ),
        error(
            "rating without a scale",
            &with_head("questions:\n  - id: q\n    type: rating\n    label: Q\n"),
            "a `rating` question needs a `scale`",
            6,
            5,
        ),
        error(
            "rating scale ends far outside any scale",
            &with_head(
                "questions:\n  - id: q\n    type: rating\n    label: Q\n    scale: { min: -9223372036854775808, max: 9223372036854775807 }\n",
            ),
            "the scale's `min` is -9223372036854775808, but it must be between -1000 and 1000",
            9,
            19,
        ),
        error(
            "rating scale with too many points",
            &with_head(
                "questions:\n  - id: q\n    type: rating\n    label: Q\n    scale: { min: -1000, max: 1000 }\n",
            ),
            "a scale from -1000 to 1000 has 2001 points; at most 11 are allowed",
            9,
            31,
        ),
        error(
            "number limit beyond 15 digits",
            &with_head(
                "questions:\n  - id: q\n    type: number\n    label: Q\n    min: 0\n    max: 1e300\n",
            ),
            "`max` is 1e300, but it must be between -1000000000000000 and 1000000000000000",
            10,
            10,
        ),
        error(
            "text length above the most allowed",
            &with_head(
                "questions:\n  - id: q\n    type: text\n    label: Q\n    max_length: 9223372036854775807\n",
            ),
            "`max_length` is 9223372036854775807, but it must be between 1 and 10000",
            9,
            17,
        ),
        error(
            "min_count so high every count is suppressed",
            &with_head(&format!("publish: {{ min_count: 4294967296 }}\n{TEXT_Q}")),
            "`min_count` is 4294967296, but it must be at most 1000",
            5,
            23,
        ),
        error(
            "retention beyond any calendar",
            &with_head(&format!(
                "retention: {{ responses: 4294967295 years, contact: 1 year }}\n{TEXT_Q}"
            )),
            "`4294967295 years` is too long: nothing may be kept for more than 100 years",
            5,
            25,
        ),
        error(
            "number min above max",
            &with_head(
                "questions:\n  - id: q\n    type: number\n    label: Q\n    min: 10\n    max: 1\n",
            ),
            "`min` (10) is greater than `max` (1)",
            9,
            10,
        ),
        error(
            "text too long",
            &with_head("questions:\n  - id: q\n    type: text\n    label: Q\n    max_length: 0\n"),
            "`max_length` is 0, but it must be between 1 and 10000",
            9,
            17,
        ),
        error(
            "email without consent",
            &with_head("questions:\n  - id: q\n    type: email\n    label: Email\n"),
            "an `email` question needs `consent` text",
            6,
            5,
        ),
        error(
            "show_if to an unknown question",
            &with_head(&format!(
                "questions:\n{rating}  - id: why\n    type: text\n    label: Why\n    show_if: {{ question: satisfaction, in: [1, 2] }}\n"
            )),
            "`show_if` refers to `satisfaction`, but there is no question `satisfaction` before this one",
            13,
            26,
        ),
        error(
            "show_if to a later question",
            &with_head(&format!(
                "questions:\n  - id: why\n    type: text\n    label: Why\n    show_if: {{ question: sat, in: [1, 2] }}\n{rating}"
            )),
            "`show_if` refers to `sat`, which comes after this question",
            9,
            26,
        ),
        error(
            "show_if value the target cannot take",
            &with_head(&format!(
                "questions:\n{rating}  - id: why\n    type: text\n    label: Why\n    show_if: {{ question: sat, in: [1, 6] }}\n"
            )),
            "`sat` can never be `6`",
            13,
            39,
        ),
        error(
            "show_if option that does not exist",
            &with_head(&format!(
                "questions:\n{choice}  - id: why\n    type: text\n    label: Why\n    show_if: {{ question: role, equals: analysts }}\n"
            )),
            "`role` can never be `analysts`",
            13,
            40,
        ),
        error(
            "includes on a single choice",
            &with_head(&format!(
                "questions:\n{choice}  - id: why\n    type: text\n    label: Why\n    show_if: {{ question: role, includes: analyst }}\n"
            )),
            "`includes` only works with a `multiple_choice` question, but `role` is a `single_choice` question",
            13,
            42,
        ),
        error(
            "equals on a multiple choice",
            &with_head(&format!(
                "questions:\n{many}  - id: why\n    type: text\n    label: Why\n    show_if: {{ question: used, equals: a }}\n"
            )),
            "`used` allows several answers, so test it with `includes`",
            13,
            40,
        ),
        error(
            "show_if with two conditions",
            &with_head(&format!(
                "questions:\n{choice}  - id: why\n    type: text\n    label: Why\n    show_if: {{ question: role, equals: analyst, answered: true }}\n"
            )),
            "`show_if` may have only one condition",
            13,
            14,
        ),
        error(
            "user_types missing",
            &with_head(&format!("user_types: role\n{TEXT_Q}")),
            "`user_types` names `role`, but there is no question `role`",
            5,
            13,
        ),
        error(
            "user_types not a single choice",
            &with_head(&format!("user_types: q\n{TEXT_Q}")),
            "`user_types` must name a `single_choice` question, but `q` is a `text` question",
            5,
            13,
        ),
        error(
            "text missing in a listed language",
            &with_head(
                "languages: [en, cy]\nquestions:\n  - id: q\n    type: yes_no\n    label: { en: Useful?, cy: Defnyddiol? }\n",
            ),
            "`title` has no Welsh (`cy`) text",
            2,
            8,
        ),
        error(
            "unknown language",
            &with_head(
                "languages: [en, fr]\nquestions:\n  - id: q\n    type: yes_no\n    label: Q\n",
            ),
            "unknown language `fr`",
            5,
            17,
        ),
        error(
            "contact kept longer than responses",
            &with_head(&format!(
                "retention: {{ responses: 1 year, contact: 2 years }}\n{TEXT_Q}"
            )),
            "contact details would be kept for 2 years, longer than the responses (1 year)",
            5,
            42,
        ),
        error(
            "retention not a duration",
            &with_head(&format!("retention: {{ responses: forever }}\n{TEXT_Q}")),
            "`forever` is not a length of time",
            5,
            25,
        ),
        error(
            "embed origin with a path",
            &with_head(&format!(
                "embed:\n  allowed_origins: [https://www.gov.uk/government/statistics]\n{TEXT_Q}"
            )),
            "`https://www.gov.uk/government/statistics` is not a web origin",
            6,
            21,
        ),
        warning(
            "closes_on in the past",
            &with_head(&format!("closes_on: 2026-01-31\n{TEXT_Q}")),
            "`closes_on` 2026-01-31 is in the past, so this open survey takes no answers",
            5,
            12,
        ),
        warning(
            "min_count below 3",
            &with_head(&format!("publish: {{ min_count: 2 }}\n{TEXT_Q}")),
            "`min_count` 2 makes individual respondents easier to identify",
            5,
            23,
        ),
        warning(
            "required free text",
            &with_head("questions:\n  - id: q\n    type: text\n    label: Q\n    required: true\n"),
            "a required free-text question puts people off answering",
            9,
            15,
        ),
        warning(
            "more than 12 questions",
            &with_head(&format!(
                "questions:\n{}",
                (1..=13)
                    .map(|i| format!("  - {{ id: q{i}, type: yes_no, label: Q{i} }}\n"))
                    .collect::<String>()
            )),
            "13 questions: short surveys get more answers",
            6,
            3,
        ),
    ]
}

#[test]
fn every_rule_reports_its_message_line_and_column() {
    let mut failures = Vec::new();
    for case in cases() {
        let parsed = parse("t", &case.yaml, today());
        let found = parsed
            .diagnostics
            .iter()
            .find(|d| d.severity == case.severity)
            .map(|d| (d.message.as_str(), d.line, d.column));
        let expected = (case.message, case.line, case.column);
        if found != Some(expected) {
            failures.push(format!(
                "{}:\n  expected {expected:?}\n  found    {found:?}\n  all      {:?}",
                case.rule, parsed.diagnostics
            ));
        }
        let refused = parsed.survey.is_none();
        if refused != (case.severity == Severity::Error) {
            failures.push(format!("{}: refused = {refused}", case.rule));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The definition from issue 10: the 11-point rule used to pass by overflow, and `show_if`
/// then listed every value of the scale.
const HUGE_SCALE: &str = "id: huge\ntitle: T\nowner: team\nstatus: open\nquestions:\n  - id: sat\n    type: rating\n    label: Sat\n    scale: { min: -9223372036854775808, max: 9223372036854775807 }\n  - id: why\n    type: text\n    label: Why\n    show_if: { question: sat, in: [1] }\n";

#[test]
fn a_scale_spanning_every_integer_is_refused_not_a_crash() {
    let parsed = parse("huge", HUGE_SCALE, today());
    assert!(parsed.survey.is_none());
    assert_eq!(
        parsed.diagnostics[0].message,
        "the scale's `min` is -9223372036854775808, but it must be between -1000 and 1000"
    );
    let without_show_if = HUGE_SCALE.split("  - id: why").next().unwrap();
    assert!(parse("huge", without_show_if, today()).survey.is_none());

    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("huge.yaml");
    std::fs::write(&path, HUGE_SCALE).unwrap();
    let (code, stdout, stderr) = yousaid(&["check", path.to_str().unwrap()]);
    assert_eq!(code, 1, "an error, not a panic: {stderr}");
    assert!(stdout.contains("huge.yaml:9:19: error:"), "{stdout}");
}

#[test]
fn a_file_that_is_not_utf8_is_one_error_and_the_other_files_are_still_checked() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("latin.yaml"),
        b"id: latin\ntitle: Caf\xe9\nowner: team\n".as_slice(),
    )
    .unwrap();
    std::fs::write(dir.path().join("huge.yaml"), HUGE_SCALE).unwrap();
    let (code, stdout, stderr) =
        yousaid(&["check", "--format", "json", dir.path().to_str().unwrap()]);
    assert_eq!(code, 1, "{stderr}");
    let report: serde_json::Value = serde_json::from_str(&stdout).expect("JSON on stdout");
    assert_eq!(report["files"], 2);
    assert_eq!(report["errors"], 2);
    let latin = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["file"].as_str().unwrap().ends_with("latin.yaml"))
        .unwrap();
    assert_eq!(
        (latin["line"].as_u64(), latin["column"].as_u64()),
        (Some(2), Some(11))
    );
    assert_eq!(
        latin["message"],
        "this file is not UTF-8 text: the byte at offset 20 cannot be read"
    );
}

#[test]
fn typos_get_a_did_you_mean() {
    let yaml = with_head(
        "questions:\n  - id: q\n    type: multiple_choise\n    label: Q\n    options: [A, B]\n",
    );
    let parsed = parse("t", &yaml, today());
    assert_eq!(
        parsed.diagnostics[0].help.as_deref(),
        Some("did you mean `multiple_choice`?")
    );
    let yaml = format!("{HEAD}intro_text: Hi\n{TEXT_Q}");
    let help = parse("t", &yaml, today()).diagnostics[0]
        .help
        .clone()
        .unwrap();
    assert!(
        help.starts_with("the keys allowed here are: `id`, `title`, `intro`"),
        "{help}"
    );
}

#[test]
fn a_file_reports_every_semantic_problem_not_just_the_first() {
    let yaml = "id: t\ntitle: T\nowner: team\nstatus: opne\npublish: { every: weekly }\nquestions:\n  - id: q\n    type: texte\n    label: Q\n";
    let lines: Vec<u64> = parse("t", yaml, today())
        .diagnostics
        .iter()
        .map(|d| d.line)
        .collect();
    assert_eq!(lines, vec![4, 5, 8]);
}

/// Problems as `(line, column, message)`, top to bottom.
fn found(yaml: &str) -> Vec<(u64, u64, String)> {
    parse("t", yaml, today())
        .diagnostics
        .iter()
        .map(|d| (d.line, d.column, d.message.clone()))
        .collect()
}

/// Five questions, each with a different problem, and an unknown top-level key after them.
const SEVERAL_PROBLEMS: &str = "\
id: t
title: T
owner: team
status: open
questions:
  - id: role
    type: single_choice
    label: Role
    options: [A, B]
    requred: true
  - id: sat
    type: rating
    scale: { min: 1, max: 5 }
  - id: why
    type: text
    label: Why
    multiline: yes
  - id: when
    type: texte
    label: When
  - id: more
    type: text
    label: More
    show_if: { question: sat, equals: 5 }
tittle: T
";

#[test]
fn a_file_reports_every_shape_problem_in_one_run_with_its_line_and_column() {
    let expected = vec![
        (10, 5, "unknown key `requred`".to_owned()),
        (13, 5, "missing `label`".to_owned()),
        (17, 16, "expected `true` or `false`".to_owned()),
        (19, 11, "unknown question type `texte`".to_owned()),
        (25, 1, "unknown key `tittle`".to_owned()),
    ];
    // `more` refers to `sat`, which was set aside: that is not a second problem.
    assert_eq!(found(SEVERAL_PROBLEMS), expected);
    assert!(parse("t", SEVERAL_PROBLEMS, today()).survey.is_none());
}

#[test]
fn check_goes_on_after_a_syntax_error_to_the_other_files_and_every_problem_in_them() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.yaml"), "id: a\ntitle: T\n owner: team\n").unwrap();
    std::fs::write(dir.path().join("t.yaml"), SEVERAL_PROBLEMS).unwrap();
    let (code, stdout, stderr) = yousaid(&["check", dir.path().to_str().unwrap()]);
    assert_eq!(code, 1, "{stderr}");
    let t = dir.path().join("t.yaml");
    for (line, column, message) in found(SEVERAL_PROBLEMS) {
        let wanted = format!("{}:{line}:{column}: error: {message}\n", t.display());
        assert!(stdout.contains(&wanted), "{wanted} not in\n{stdout}");
    }
    assert!(
        stdout.contains("a.yaml:3:7: error: YAML syntax:"),
        "{stdout}"
    );
    assert!(
        stdout.ends_with("checked 2 files: 6 errors, 0 warnings\n"),
        "{stdout}"
    );
}

#[test]
fn a_syntax_error_in_one_question_sets_it_aside_and_the_others_are_still_checked() {
    let rest = "  - id: r\n    type: texte\n    label: R\n  - id: s\n    type: text\n    label: S\n    show_if: { question: q, answered: true }\n";
    let indented = with_head(&format!(
        "questions:\n  - id: q\n    type: text\n     label: Q\n{rest}"
    ));
    assert_eq!(
        found(&indented),
        vec![
            (
                8,
                11,
                "YAML syntax: mapping values are not allowed in this context".to_owned()
            ),
            (10, 11, "unknown question type `texte`".to_owned()),
        ]
    );
    // An unclosed quote: only one syntax error, however far on the reader trips over it.
    let unclosed = with_head(&format!(
        "questions:\n  - id: q\n    type: text\n    label: \"Q\n{rest}  - id: t\n    type: text\n    label: \"T\n"
    ));
    let syntax: Vec<_> = found(&unclosed)
        .into_iter()
        .filter(|(_, _, m)| m.starts_with("YAML syntax"))
        .collect();
    assert_eq!(syntax.len(), 1, "{syntax:?}");
}

#[test]
fn a_key_indented_less_than_its_siblings_is_an_indentation_error_on_its_own_line() {
    for (written, column) in [("   label: Q", 4), ("  label: Q", 3), ("label: Q", 1)] {
        let yaml = with_head(&format!(
            "questions:\n  - id: q\n    type: text\n{written}\n  - id: r\n    type: text\n    label: R\n"
        ));
        let parsed = parse("t", &yaml, today());
        let [d] = parsed.diagnostics.as_slice() else {
            panic!(
                "{written:?}: one problem expected, found {:?}",
                parsed.diagnostics
            );
        };
        assert_eq!((d.line, d.column), (8, column), "{written:?}");
        assert_eq!(
            d.message,
            format!(
                "wrong indentation: `label` starts at column {column}, but the keys it belongs with start at column 5"
            )
        );
        let help = d.help.as_deref().unwrap();
        assert!(
            help.starts_with(
                "move `label:` to column 5 (4 spaces before it), in line with `type:` on line 7"
            ),
            "{help}"
        );
    }
}

#[test]
fn a_key_indented_more_than_its_siblings_names_indentation_and_the_expected_column() {
    let yaml = with_head("questions:\n  - id: q\n    type: text\n     label: Q\n");
    let parsed = parse("t", &yaml, today());
    let [d] = parsed.diagnostics.as_slice() else {
        panic!("one problem expected, found {:?}", parsed.diagnostics);
    };
    assert_eq!((d.line, d.column), (8, 11));
    assert_eq!(
        d.help.as_deref(),
        Some(
            "indentation: `label` starts at column 6, but `type` on line 7 starts at column 5; write the keys of one mapping at the same column (4 spaces before them)"
        )
    );
    let top = "id: t\ntitle: T\n owner: team\nstatus: open\n";
    let help = parse("t", top, today()).diagnostics[0]
        .help
        .clone()
        .unwrap();
    assert!(
        help.starts_with(
            "indentation: `owner` starts at column 2, but `title` on line 2 starts at column 1"
        ),
        "{help}"
    );
}

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

/// The shipped survey files (not the organisation's or the teams' files).
fn examples() -> Vec<std::path::PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("survey-definitions");
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file() && !p.ends_with(yousaid::definitions::ORGANISATION_FILE))
        .collect();
    files.sort();
    files
}

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

/// Parses, re-serialises to the normalised form, and checks nothing was lost or invented.
#[test]
fn examples_round_trip_through_the_normalised_form() {
    for path in examples() {
        let source = std::fs::read_to_string(&path).unwrap();
        let survey = parse(&stem(&path), &source, today()).survey.unwrap();
        let json = serde_json::to_value(&survey).unwrap();
        assert_eq!(json["id"], survey.id.as_str());
        let questions = json["questions"].as_array().unwrap();
        assert_eq!(questions.len(), survey.questions.len());
        let raw: serde_json::Value = serde_saphyr_value(&source);
        for (q, raw_q) in questions.iter().zip(raw["questions"].as_array().unwrap()) {
            assert_eq!(q["id"], raw_q["id"], "{}", path.display());
            assert_eq!(q["type"], raw_q["type"], "{}", path.display());
        }
        // The same text parses to the same survey and the same version every time.
        let again = parse(&stem(&path), &source, today()).survey.unwrap();
        assert_eq!(again, survey);
        assert_eq!(Version::of(&again), Version::of(&survey));
    }
}

fn serde_saphyr_value(source: &str) -> serde_json::Value {
    serde_saphyr::from_str(source).unwrap()
}

fn stem(path: &Path) -> String {
    path.file_stem().unwrap().to_string_lossy().into_owned()
}

fn version(yaml: &str) -> Version {
    let parsed = parse("t", yaml, today());
    Version::of(
        parsed
            .survey
            .as_ref()
            .unwrap_or_else(|| panic!("{:?}", parsed.diagnostics)),
    )
}

#[test]
fn whitespace_comments_key_order_and_spelled_out_defaults_keep_the_version() {
    let base = version(&with_head(TEXT_Q));
    let reformatted = "# A comment\nstatus:   open\nid: t\n\nowner: team\ntitle: 'T'\nquestions:\n- label: Q   # trailing\n  type: text\n  id: q\n";
    assert_eq!(version(reformatted), base);
    let defaults = with_head(
        "publish: { every: quarter, min_count: 5, auto: false }\nlanguages: [en]\nquestions:\n  - id: q\n    type: text\n    label: Q\n    required: false\n    max_length: 500\n",
    );
    assert_eq!(version(&defaults), base);
}

#[test]
fn any_meaningful_change_makes_a_new_version() {
    let base = version(&with_head(TEXT_Q));
    let changes = [
        with_head("questions:\n  - id: q\n    type: text\n    label: Q?\n"),
        with_head("questions:\n  - id: q2\n    type: text\n    label: Q\n"),
        with_head("questions:\n  - id: q\n    type: text\n    label: Q\n    max_length: 501\n"),
        with_head(&format!("publish: {{ min_count: 6 }}\n{TEXT_Q}")),
        format!("id: t\ntitle: T\nowner: team\nstatus: closed\n{TEXT_Q}"),
    ];
    for changed in changes {
        assert_ne!(version(&changed), base, "{changed}");
    }
    assert_eq!(base.as_str().len(), 64);
}

fn yousaid(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_yousaid"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap();
    (
        out.status.code().unwrap(),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

#[test]
fn check_passes_the_shipped_examples_with_exit_0() {
    let (code, stdout, _) = yousaid(&["check"]);
    assert_eq!(code, 0, "{stdout}");
    assert_eq!(stdout, "checked 7 files: 0 errors, 0 warnings\n");
}

#[test]
fn check_prints_compiler_style_messages_and_exits_1_on_errors() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("broken.yaml");
    std::fs::write(&path, "id: broken\ntitle: T\nowner: team\nstatus: open\nquestions:\n  - id: q\n    type: single_choise\n    label: Q\n    options: [A, B]\n").unwrap();
    let (code, stdout, _) = yousaid(&["check", path.to_str().unwrap()]);
    assert_eq!(code, 1);
    let expected = format!(
        "{}:7:11: error: unknown question type `single_choise`\n  |\n7 |     type: single_choise\n  |           ^\n  = help: did you mean `single_choice`?\n\nchecked 1 file: 1 error, 0 warnings\n",
        path.display()
    );
    assert_eq!(stdout, expected);
}

#[test]
fn check_json_gives_the_same_diagnostics_for_pipelines() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("warn.yaml");
    std::fs::write(&path, "id: warn\ntitle: T\nowner: team\nstatus: open\npublish: { min_count: 2 }\nquestions:\n  - { id: q, type: yes_no, label: Q }\n").unwrap();
    let (code, stdout, _) = yousaid(&["check", "--format", "json", path.to_str().unwrap()]);
    assert_eq!(code, 0, "warnings alone do not fail the check");
    let report: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(report["files"], 1);
    assert_eq!(report["errors"], 0);
    assert_eq!(report["warnings"], 1);
    let d = &report["diagnostics"][0];
    assert_eq!(d["file"], path.to_str().unwrap());
    assert_eq!(
        (d["line"].as_u64(), d["column"].as_u64()),
        (Some(5), Some(23))
    );
    assert_eq!(d["severity"], "warning");
}

#[test]
fn check_exits_2_on_a_usage_problem() {
    let (code, _, stderr) = yousaid(&["check", "no/such/dir"]);
    assert_eq!(code, 2);
    assert_eq!(stderr, "error: no/such/dir: no such file or directory\n");
    let (code, _, _) = yousaid(&["check", "--format", "xml"]);
    assert_eq!(code, 2);
}

#[test]
fn every_command_has_help_with_examples_and_every_setting_is_in_the_readme() {
    let readme =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap();
    for command in [
        "check", "serve", "migrate", "user", "token", "import", "forget", "publish", "health",
    ] {
        let (code, help, _) = yousaid(&[command, "--help"]);
        assert_eq!(code, 0, "{command}");
        assert!(
            help.contains("Example"),
            "`yousaid {command} --help` shows examples"
        );
        for var in help
            .split("[env: ")
            .skip(1)
            // A hidden value shows as `[env: NAME]`, a shown one as `[env: NAME=value]`.
            .filter_map(|s| s.split(['=', ']']).next())
        {
            assert!(
                readme.contains(&format!("`{var}`")),
                "{var} (from `yousaid {command} --help`) is listed in the README"
            );
        }
    }
}

#[path = "support/splitmix.rs"]
mod splitmix;

/// Replacements for a scalar: the edges a producer's typo or a hostile file could hit.
const ODD_SCALARS: [&str; 28] = [
    "99999999999999999999999999",
    "-99999999999999999999999999",
    "18446744073709551616",
    "-9223372036854775809",
    "-1",
    "0",
    "1e308",
    "-1e309",
    ".nan",
    ".inf",
    "",
    "''",
    "\"\"",
    "~",
    "null",
    "[]",
    "{}",
    "[",
    "{ a: ",
    "\"\\0\"",
    "\"a\\u0000b\"",
    "ŵ😀\u{202e}\u{feff}",
    "&anchor value",
    "*anchor",
    "*undefined",
    "!!binary aGVsbG8=",
    "yes",
    "\t",
];

/// Whole lines worth inserting.
const ODD_LINES: [&str; 10] = [
    "<<: *anchor",
    "base: &anchor { id: x, type: text, label: X }",
    "  - *anchor",
    "a: &a [*a]",
    "l1: &l1 [x, x, x, x, x, x, x, x, x]\nl2: &l2 [*l1, *l1, *l1, *l1, *l1, *l1, *l1, *l1]\nl3: &l3 [*l2, *l2, *l2, *l2, *l2, *l2, *l2, *l2]\nl4: [*l3, *l3, *l3, *l3, *l3, *l3, *l3, *l3]",
    "---",
    "...",
    "%YAML 1.2",
    "? complex key\n: value",
    "questions:",
];

fn mutate(rng: &mut splitmix::SplitMix64, source: &str) -> String {
    let mut lines: Vec<String> = source.lines().map(str::to_owned).collect();
    for _ in 0..1 + rng.below(4) {
        if lines.is_empty() {
            lines.push(String::new());
        }
        let i = rng.below(lines.len());
        match rng.below(10) {
            0 => {
                lines.remove(i);
            }
            1 => {
                let copy = lines[i].clone();
                lines.insert(i, copy);
            }
            2 => {
                let j = rng.below(lines.len());
                lines.swap(i, j);
            }
            3 => {
                let indent = rng.pick(&["", " ", "  ", "      ", "\t", "   "]);
                let line = format!("{indent}{}", lines[i].trim_start());
                lines[i] = line;
            }
            4 | 5 => {
                // The scalar after `key: ` or `- `.
                let line = &lines[i];
                let cut = line
                    .find(": ")
                    .map(|p| p + 2)
                    .or_else(|| line.find("- ").map(|p| p + 2));
                if let Some(cut) = cut {
                    let odd = *rng.pick(&ODD_SCALARS);
                    lines[i] = format!("{}{odd}", &line[..cut]);
                }
            }
            6 => {
                let odd = *rng.pick(&ODD_LINES);
                lines.insert(i, odd.to_owned());
            }
            7 => {
                let len = rng.below(24);
                let garbage = String::from_utf8_lossy(&rng.bytes(len)).into_owned();
                let at = (0..=lines[i].len())
                    .filter(|p| lines[i].is_char_boundary(*p))
                    .nth(rng.below(lines[i].chars().count() + 1))
                    .unwrap_or(0);
                lines[i].insert_str(at, &garbage);
            }
            8 => lines.truncate(i),
            _ => {
                let odd = rng.pick(&[
                    "\u{0}", "\r", "\u{2028}", "\u{85}", "#", ":", "\"", "'", "|", ">",
                ]);
                lines[i].push_str(odd);
            }
        }
    }
    let mut out = lines.join(if rng.one_in(8) { "\r\n" } else { "\n" });
    if rng.one_in(2) {
        out.push('\n');
    }
    out
}

#[test]
fn fuzz_mutated_shipped_definitions_never_panic_and_every_refusal_has_an_error_with_a_line() {
    const CASES_PER_FILE: usize = 3_000;
    let files = examples();
    let started = std::time::Instant::now();
    let (mut accepted, mut refused) = (0, 0);
    for (f, path) in files.iter().enumerate() {
        let source = std::fs::read_to_string(path).unwrap();
        let id = path.file_stem().unwrap().to_str().unwrap();
        let mut rng = splitmix::SplitMix64::new(0x5eed_0000 + f as u64);
        for case in 0..CASES_PER_FILE {
            let yaml = mutate(&mut rng, &source);
            let outcome = std::panic::catch_unwind(|| parse(id, &yaml, today()))
                .unwrap_or_else(|_| panic!("{} case {case} panicked on:\n{yaml}", path.display()));
            match &outcome.survey {
                Some(survey) => {
                    accepted += 1;
                    // What a checked survey says is stored with every response.
                    let value = serde_json::to_value(survey).unwrap();
                    assert_eq!(
                        yousaid::storable::check_json(&value),
                        Ok(()),
                        "{} case {case} was accepted with text no database can store:\n{yaml}",
                        path.display()
                    );
                }
                None => {
                    refused += 1;
                    assert!(
                        outcome
                            .diagnostics
                            .iter()
                            .any(|d| d.severity == Severity::Error && d.line >= 1),
                        "{} case {case} was refused without an error on a line: {:?}\n{yaml}",
                        path.display(),
                        outcome.diagnostics
                    );
                }
            }
        }
    }
    eprintln!(
        "{} cases: {accepted} accepted, {refused} refused, in {:?}",
        files.len() * CASES_PER_FILE,
        started.elapsed()
    );
}
