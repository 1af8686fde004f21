//! `yousaid check` as a command: output, exit codes, help.

use super::yousaid;
use std::path::Path;

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
