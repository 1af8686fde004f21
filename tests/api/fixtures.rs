//! Small surveys that make each rule easy to hit.

/// A survey with one question of each interesting kind.
pub const TINY: &str = "id: tiny
title: Tiny survey
owner: test-team
status: open
user_types: role
embed:
  allowed_origins: [https://stats.example.org]
questions:
  - id: role
    type: single_choice
    label: Who are you?
    required: true
    options: [Analyst, Journalist]
    other: true
  - id: score
    type: rating
    label: Score
    scale: { min: 1, max: 5 }
  - id: why
    type: text
    label: Why?
    max_length: 20
    show_if: { question: score, in: [1, 2] }
  - id: topics
    type: multiple_choice
    label: Topics
    options: [Food, Farming, Fish]
    max_selected: 2
  - id: count
    type: number
    label: How many
    integer: true
    min: 0
    max: 100
  - id: email
    type: email
    label: Email
    consent: We delete it after 12 months.
";

/// A closed survey.
pub const CLOSED: &str = "id: closed
title: Closed survey
owner: test-team
status: closed
questions:
  - { id: q, type: yes_no, label: Useful? }
";

/// A draft survey.
pub const DRAFT: &str = "id: draft
title: Draft survey
owner: test-team
status: draft
questions:
  - { id: q, type: yes_no, label: Useful? }
";

/// Test settings with every fixture survey loaded.
pub fn options() -> crate::helpers::Options {
    crate::helpers::Options {
        extra_definitions: all(),
        ..crate::helpers::Options::default()
    }
}

/// The fixtures as extra definition files.
pub fn all() -> Vec<(&'static str, String)> {
    vec![
        ("tiny.yaml", TINY.to_owned()),
        ("closed.yaml", CLOSED.to_owned()),
        ("draft.yaml", DRAFT.to_owned()),
    ]
}
