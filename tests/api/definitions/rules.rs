//! Every rule `yousaid check` enforces: a definition, the first problem, its line and column.

use super::{HEAD, TEXT_Q, today, with_head};
use yousaid::definitions::{Severity, parse};

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
            "widget names a missing question",
            &with_head(&format!(
                "widget:\n  useful: useful\n  comment: q\n{TEXT_Q}"
            )),
            "`widget.useful` names `useful`, but there is no question `useful`",
            6,
            11,
        ),
        error(
            "widget's yes/no question not a yes_no",
            &with_head(&format!("widget:\n  useful: q\n  comment: q\n{TEXT_Q}")),
            "`widget.useful` must name a `yes_no` question, but `q` is a `text` question",
            6,
            11,
        ),
        error(
            "widget question required",
            &with_head(
                "widget:\n  useful: u\n  comment: q\nquestions:\n  - id: u\n    type: yes_no\n    label: U\n    required: true\n  - id: q\n    type: text\n    label: Q\n",
            ),
            "the widget's `u` question must not be required",
            6,
            11,
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
