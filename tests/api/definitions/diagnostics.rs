//! How problems are reported: all of them, in order, past syntax errors, with hints.

use super::{HEAD, TEXT_Q, today, with_head, yousaid};
use yousaid::definitions::parse;

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
