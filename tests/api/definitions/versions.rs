//! The normalised form and the version it fingerprints.

use super::{TEXT_Q, examples, today, with_head};
use std::path::Path;
use yousaid::definitions::{Version, parse};

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
