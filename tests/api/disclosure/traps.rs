//! The known ways a publication has given suppressed counts away, each shown to be caught by
//! the audit on a publication made the old way, and closed in what `build` publishes now.

use super::audit::{Revision, audit};
use super::{facts, many, tiny};
use yousaid::publishing::disclosure::Cell;
use yousaid::publishing::revisions::hold_back;
use yousaid::publishing::summary::{Summary, build};

fn score(s: &mut Summary) -> &mut yousaid::publishing::summary::Table {
    s.questions
        .iter_mut()
        .find(|t| t.question == "score")
        .unwrap()
}

/// 45 answers with 1 = 2 and 2 = 3 people: two suppressed cells, everything else shown.
fn two_hidden_scores() -> Vec<super::Answer> {
    let mut answers = many(2, 0, Some(1), [true, false, false]);
    answers.extend(many(3, 0, Some(2), [true, false, false]));
    answers.extend(many(10, 0, Some(3), [false, true, false]));
    answers.extend(many(15, 1, Some(4), [false, true, true]));
    answers.extend(many(15, 0, Some(5), [true, true, false]));
    answers
}

#[test]
fn a_mean_is_not_published_beside_two_suppressed_cells() {
    let f = facts(
        &two_hidden_scores(),
        &many(20, 0, Some(3), [false; 3]),
        0,
        &[],
    );
    let mut summary = build(&tiny(), &f, &Default::default());
    let table = score(&mut summary);
    assert_eq!(table.rows[0].count, Cell::Suppressed);
    assert_eq!(table.rows[1].count, Cell::Suppressed);
    assert_eq!(table.mean, None, "the mean would fix both hidden cells");
    assert_eq!(table.mean_change, None);
    assert_eq!(table.mean_text(), None, "so no \"Average\" in any format");
    let clean = audit(
        &tiny(),
        &[Revision {
            summary: &summary,
            facts: &f,
        }],
    );
    assert!(clean.is_empty(), "{clean:?}");

    // Published the old way, the mean gives both away; the audit sees it.
    score(&mut summary).mean = Some(3.84);
    let leak = audit(
        &tiny(),
        &[Revision {
            summary: &summary,
            facts: &f,
        }],
    );
    assert!(
        leak.iter().any(|p| p.contains("score = 1 "))
            && leak.iter().any(|p| p.contains("score = 2 ")),
        "{leak:?}"
    );
}

#[test]
fn a_mean_change_is_not_published_when_the_period_before_had_suppressed_cells() {
    let mut before = many(2, 0, Some(1), [false; 3]);
    before.extend(many(3, 0, Some(2), [false; 3]));
    before.extend(many(20, 0, Some(4), [false; 3]));
    let now = many(30, 0, Some(4), [true, false, false]);
    let f = facts(&now, &before, 0, &[]);
    let mut summary = build(&tiny(), &f, &Default::default());
    assert_eq!(score(&mut summary).mean, Some(4.0), "nothing is hidden now");
    assert_eq!(score(&mut summary).mean_change, None, "but it was before");
    assert!(
        audit(
            &tiny(),
            &[Revision {
                summary: &summary,
                facts: &f
            }]
        )
        .is_empty()
    );

    score(&mut summary).mean_change = Some(0.52);
    let leak = audit(
        &tiny(),
        &[Revision {
            summary: &summary,
            facts: &f,
        }],
    );
    assert!(
        leak.iter().any(|p| p.contains("the period before")),
        "{leak:?}"
    );
}

#[test]
fn two_suppressed_ones_in_a_line_are_not_left_to_fix_each_other() {
    let mut answers = many(40, 0, Some(3), [true, false, false]);
    answers.extend(many(1, 1, Some(3), [true, false, false]));
    answers.extend(many(1, 2, Some(3), [true, false, false]));
    let f = facts(&answers, &[], 0, &[]);
    let mut summary = build(&tiny(), &f, &Default::default());
    let who = summary.who.clone().unwrap();
    assert!(
        who.rows.iter().all(|r| r.count == Cell::Suppressed),
        "1 + 1 = 2 would make both 1, so 40 is hidden with them: {who:?}"
    );
    assert_eq!(who.total, Cell::Shown(42));
    assert!(
        audit(
            &tiny(),
            &[Revision {
                summary: &summary,
                facts: &f
            }]
        )
        .is_empty()
    );

    // The old way: 40 shown, two [c] that can only be 1 and 1.
    let who = summary.who.as_mut().unwrap();
    who.rows[0].count = Cell::Shown(40);
    let leak = audit(
        &tiny(),
        &[Revision {
            summary: &summary,
            facts: &f,
        }],
    );
    assert!(
        leak.iter().any(|p| p.contains("suppressed cells together")),
        "{leak:?}"
    );
}

#[test]
fn who_we_have_not_heard_from_lists_every_suppressed_type_whatever_its_size() {
    // Journalists are 8 of 40 (20%), hidden only to protect the 2 "Other": listing them or not
    // by their true share would narrow both down.
    let mut answers = many(30, 0, Some(4), [false; 3]);
    answers.extend(many(8, 1, Some(4), [false; 3]));
    answers.extend(many(2, 2, Some(4), [false; 3]));
    let f = facts(&answers, &[], 0, &[]);
    let summary = build(&tiny(), &f, &Default::default());
    assert_eq!(summary.not_heard_from, ["Journalist"]);
    assert!(
        audit(
            &tiny(),
            &[Revision {
                summary: &summary,
                facts: &f
            }]
        )
        .is_empty()
    );
}

#[test]
fn small_exclusions_and_themes_under_fewer_than_n_are_not_published() {
    let answers = many(40, 0, Some(4), [false; 3]);
    let f = facts(&answers, &[], 2, &[("Formats", 12)]);
    let summary = build(&tiny(), &f, &Default::default());
    assert_eq!(summary.excluded_percent, None, "2 of 42 would give 2 away");
    assert!(
        audit(
            &tiny(),
            &[Revision {
                summary: &summary,
                facts: &f
            }]
        )
        .is_empty()
    );
    let few = facts(&answers[..4], &[], 0, &[("Formats", 12)]);
    let summary = build(&tiny(), &few, &Default::default());
    assert!(
        summary.themes.is_empty(),
        "only \"fewer than N\" is published"
    );
}

#[test]
fn a_late_response_in_a_correction_keeps_the_published_tables() {
    let first = two_hidden_scores();
    let f1 = facts(&first, &[], 0, &[("Formats", 12)]);
    let s1 = build(&tiny(), &f1, &Default::default());
    let mut later = first.clone();
    later.extend(many(1, 1, Some(5), [false, false, true]));
    let f2 = facts(&later, &[], 0, &[("Formats", 13)]);
    let naive = build(&tiny(), &f2, &Default::default());
    let leak = audit(
        &tiny(),
        &[
            Revision {
                summary: &s1,
                facts: &f1,
            },
            Revision {
                summary: &naive,
                facts: &f2,
            },
        ],
    );
    assert!(
        leak.iter().any(|p| p.contains("change of score = 5")),
        "published as it was, revision 2 gives the late rating away: {leak:?}"
    );

    let mut s2 = naive.clone();
    hold_back(&mut s2, std::slice::from_ref(&s1));
    assert_eq!(
        s2.responses,
        Cell::Shown(46),
        "how many answered is not held back"
    );
    assert_eq!(
        (&s2.who, &s2.questions, &s2.themes),
        (&s1.who, &s1.questions, &s1.themes)
    );
    assert!(
        s2.methods.contains("keeps the figures already published"),
        "{}",
        s2.methods
    );
    let clean = audit(
        &tiny(),
        &[
            Revision {
                summary: &s1,
                facts: &f1,
            },
            Revision {
                summary: &s2,
                facts: &f2,
            },
        ],
    );
    assert!(clean.is_empty(), "{clean:?}");
}

#[test]
fn a_mean_change_is_measured_against_the_mean_the_period_before_published() {
    // Q2 published 20 ratings of 3; one late 5 since would show in a recount as 3.1.
    let q2 = many(20, 0, Some(3), [false; 3]);
    let published_q2 = build(&tiny(), &facts(&q2, &[], 0, &[]), &Default::default());
    let mut recounted = q2.clone();
    recounted.extend(many(1, 0, Some(5), [false; 3]));
    let now = many(30, 0, Some(4), [false; 3]);
    let f = facts(&now, &recounted, 0, &[]);
    let material = yousaid::publishing::summary::Material {
        previous: Some(published_q2.clone()),
        ..Default::default()
    };
    let mut summary = build(&tiny(), &f, &material);
    assert_eq!(
        score(&mut summary).mean_change,
        Some(1.0),
        "4.0 − the published 3.0"
    );

    let mut hidden_q2 = published_q2;
    score(&mut hidden_q2).mean = None;
    let material = yousaid::publishing::summary::Material {
        previous: Some(hidden_q2),
        ..Default::default()
    };
    let mut summary = build(&tiny(), &f, &material);
    assert_eq!(
        score(&mut summary).mean_change,
        None,
        "no published mean, no change"
    );
}
