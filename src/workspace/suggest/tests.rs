//! The suggestions' rules, and counts kept change by change agreeing with a full count.

use super::words::{ENGLISH_STOP_WORDS, WELSH_STOP_WORDS};
use super::*;

/// "phrase (count)" reads well in assertion failures.
fn top(comments: &[&str], limit: usize) -> Vec<String> {
    let found = suggest(comments.iter().copied(), limit);
    found
        .iter()
        .map(|s| format!("{} ({})", s.phrase, s.comments))
        .collect()
}

fn scrubbed(comments: &[&str]) -> Vec<String> {
    let clean: Vec<String> = comments.iter().map(|c| scrub(c)).collect();
    top(&clean.iter().map(String::as_str).collect::<Vec<_>>(), 9)
}

#[test]
fn emails_links_phone_numbers_and_redacted_text_are_not_suggested() {
    let comments = [
        "Email jo.bloggs@example.org about tables",
        "jo.bloggs@example.org tables",
        "See https://www.example.org/food/tables please",
        "call 07700 900123 about tables",
        "ring 07700 900123",
        "[name removed] said tables [redacted] ok",
        "[name removed] tables",
    ];
    assert_eq!(scrubbed(&comments), ["tables (5)"], "the link hides one");
}

#[test]
fn no_phrase_spans_a_removed_address() {
    let comments = ["big a@b.org tables", "big c@d.org tables"];
    assert_eq!(scrubbed(&comments), ["big (2)", "tables (2)"]);
}

#[test]
fn a_word_repeated_in_one_comment_counts_once() {
    let comments = ["delays, delays, delays", "more delays"];
    assert_eq!(top(&comments, 9), ["delays (2)"]);
}

#[test]
fn stop_words_numbers_and_short_words_are_not_suggested_alone() {
    let comments = ["the 2023 ok would data", "data would ok 2023 the"];
    assert_eq!(top(&comments, 9), ["data (2)"]);
}

#[test]
fn a_word_in_only_one_comment_is_not_suggested() {
    let comments = ["charts are great", "tables are great"];
    assert_eq!(top(&comments, 9), ["great (2)"]);
}

#[test]
fn a_phrase_replaces_a_word_with_the_same_count_but_not_a_more_common_one() {
    let comments = ["regional data", "regional data", "regional level"];
    assert_eq!(top(&comments, 9), ["regional (3)", "regional data (2)"]);
}

#[test]
fn a_three_word_phrase_replaces_its_two_word_phrases_with_the_same_count() {
    let comments = ["local tax rates", "local tax rates"];
    assert_eq!(top(&comments, 9), ["local tax rates (2)"]);
}

#[test]
fn stop_words_may_sit_inside_a_phrase_but_not_at_its_ends() {
    let comments = ["the cost of food", "the cost of food!", "cost of food"];
    assert_eq!(top(&comments, 9), ["cost of food (3)"]);
}

#[test]
fn phrases_do_not_cross_sentence_punctuation_or_line_breaks() {
    let comments = ["big tables. data", "big tables!data", "tables\ndata"];
    let expected = ["data (3)", "tables (3)", "big tables (2)"];
    assert_eq!(top(&comments, 9), expected);
}

#[test]
fn welsh_stop_words_are_skipped() {
    let comments = ["mae'r hefyd gyda cyngor", "mae hefyd gyda cyngor"];
    assert_eq!(top(&comments, 9), ["cyngor (2)"]);
}

#[test]
fn apostrophes_join_a_word_and_unicode_letters_are_lowercased() {
    let comments = ["Don't CAFÉ", "don’t café", "I dont think"];
    assert_eq!(top(&comments, 9), ["café (2)"]);
}

#[test]
fn suggestions_are_ordered_by_count_then_length_then_alphabet() {
    let comments = ["zebra road apple", "zebra road pear", "zebra apple pear"];
    let expected = ["zebra (3)", "zebra road (2)", "apple (2)", "pear (2)"];
    assert_eq!(top(&comments, 9), expected);
}

#[test]
fn the_limit_caps_the_number_of_suggestions() {
    let comments = ["ant bee cat", "ant bee cat", "ant bee", "ant"];
    let expected = ["ant (4)", "ant bee (3)", "ant bee cat (2)"];
    assert_eq!(top(&comments, 9), expected);
    assert_eq!(top(&comments, 2), expected[..2]);
    assert!(top(&comments, 0).is_empty());
}

#[test]
fn no_comments_give_no_suggestions() {
    assert!(top(&[], 9).is_empty());
    assert!(top(&["", "  ...  "], 9).is_empty());
}

/// The same comments counted in one by one (with one counted in and out again), ranked
/// and with explained items removed, as the stored counts are read.
fn counted(comments: &[&str], limit: usize) -> Vec<String> {
    let mut changes = Changes::default();
    for comment in comments {
        changes.count(comment, 1);
    }
    changes.count("ant bee cat zebra", 1);
    changes.count("ant bee cat zebra", -1);
    let mut ranked: Vec<Suggestion> = changes
        .into_changes()
        .into_iter()
        .filter(|&(_, _, n)| n >= i64::from(MIN_COMMENTS))
        .map(|(phrase, _, n)| Suggestion {
            phrase,
            comments: u32::try_from(n).unwrap(),
        })
        .collect();
    ranked.sort_by(rank);
    let found = without_explained(&ranked, limit);
    found
        .iter()
        .map(|s| format!("{} ({})", s.phrase, s.comments))
        .collect()
}

#[test]
fn counts_kept_change_by_change_suggest_what_counting_everything_suggests() {
    let corpora: &[&[&str]] = &[
        &["regional data", "regional data", "regional level"],
        &["local tax rates", "local tax rates"],
        &["the cost of food", "the cost of food!", "cost of food"],
        &["big tables. data", "big tables!data", "tables\ndata"],
        &["zebra road apple", "zebra road pear", "zebra apple pear"],
        &["ant bee cat", "ant bee cat", "ant bee", "ant"],
        &["Don't CAFÉ", "don’t café", "I dont think"],
        &["delays, delays, delays", "more delays"],
        &[],
    ];
    for comments in corpora {
        for limit in [0, 1, 2, 9] {
            assert_eq!(
                counted(comments, limit),
                top(comments, limit),
                "{comments:?}"
            );
        }
    }
}

#[test]
fn a_comment_counted_out_takes_away_exactly_what_it_added() {
    let mut changes = Changes::default();
    changes.count("Regional data, regional data", 1);
    changes.count("regional DATA, Regional data", -1);
    assert!(changes.into_changes().is_empty());
}

#[test]
fn stop_word_lists_are_sorted_for_binary_search() {
    assert!(ENGLISH_STOP_WORDS.is_sorted() && WELSH_STOP_WORDS.is_sorted());
}

#[test]
fn twenty_thousand_comments_finish_with_sensible_top_items() {
    let syllables = ["ka", "lo", "mi", "nu", "pe", "ra", "si", "to", "ve", "zu"];
    let mut state: u64 = 42;
    let mut pick = || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        syllables[(state % 10) as usize]
    };
    let comments: Vec<String> = (0..20_000)
        .map(|i| {
            // A thousand three-syllable filler words, each in about one comment in forty.
            let word = |_| [pick(), pick(), pick(), " "].concat();
            let mut text: String = (0..25).map(word).collect();
            if i % 3 == 0 {
                text += "Regional breakdown. ";
            }
            if i % 5 == 0 {
                text += "The cost of food!";
            }
            text
        })
        .collect();
    let comments: Vec<&str> = comments.iter().map(String::as_str).collect();
    let found = top(&comments, 5);
    assert_eq!(found.len(), 5);
    assert_eq!(counted(&comments, 5), found);
    let expected = ["regional breakdown (6667)", "cost of food (4000)"];
    assert_eq!(found[..2], expected);
}
