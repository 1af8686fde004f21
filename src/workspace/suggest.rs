//! Candidate themes for comments nobody has tagged yet: the words and short phrases most
//! comments share, computed in-process with no external service.

use std::cmp::Ordering;
use std::collections::{HashMap, HashSet};

/// A word or phrase and how many comments contain it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, utoipa::ToSchema)]
pub struct Suggestion {
    /// Lowercased words joined by single spaces.
    pub phrase: String,
    /// How many comments contain it at least once.
    pub comments: u32,
}

/// Fewer than this and it is one person's wording, not a theme.
const MIN_COMMENTS: u32 = 2;
const MAX_PHRASE_WORDS: usize = 3;
/// Shorter words alone are mostly noise, though they may sit inside a phrase ("uk data").
const MIN_WORD_CHARS: usize = 3;

// Kept sorted (a test checks) so membership is a binary search with no set to build.
// Apostrophes are dropped before lookup, so contractions appear joined ("dont", "maen").
const ENGLISH_STOP_WORDS: &[&str] = &[
    "a", "about", "after", "again", "all", "also", "am", "an", "and", "any", "are", "arent", "as",
    "at", "be", "because", "been", "before", "being", "between", "both", "but", "by", "can",
    "cant", "could", "couldnt", "did", "didnt", "do", "does", "doesnt", "doing", "dont", "down",
    "during", "each", "etc", "even", "every", "few", "for", "from", "get", "got", "had", "has",
    "hasnt", "have", "havent", "having", "he", "her", "here", "him", "his", "how", "however", "i",
    "id", "if", "im", "in", "into", "is", "isnt", "it", "its", "just", "like", "lot", "lots",
    "may", "me", "might", "more", "most", "much", "must", "my", "no", "not", "now", "of", "off",
    "on", "one", "only", "or", "other", "our", "out", "over", "own", "please", "quite", "really",
    "same", "she", "should", "shouldnt", "so", "some", "such", "than", "that", "thats", "the",
    "their", "them", "then", "there", "theres", "these", "they", "theyre", "thing", "things",
    "this", "those", "through", "to", "too", "under", "until", "up", "us", "very", "was", "wasnt",
    "way", "we", "well", "were", "werent", "what", "when", "where", "which", "while", "who", "why",
    "will", "with", "wont", "would", "wouldnt", "yes", "yet", "you", "your", "youre",
];
const WELSH_STOP_WORDS: &[&str] = &[
    "a", "ac", "am", "ar", "at", "bod", "ddim", "dw", "dwi", "dy", "dydw", "dydy", "ei", "eich",
    "ein", "eu", "fel", "fy", "gan", "gyda", "hefyd", "hon", "hwn", "hyn", "i", "ir", "iw", "mae",
    "maen", "maer", "neu", "o", "oedd", "oes", "ond", "or", "os", "pan", "rwyn", "rydw", "rydyn",
    "sydd", "wedi", "y", "ydw", "ydy", "yma", "yn", "yna", "yr", "yw",
];

/// The most frequent words and two- and three-word phrases across `comments`, most common first.
///
/// Apostrophes are dropped rather than splitting words ("don't" → "dont", "mae'n" → "maen"),
/// so a contraction stays one token and can be listed as a stop word.
pub fn suggest<'a>(comments: impl IntoIterator<Item = &'a str>, limit: usize) -> Vec<Suggestion> {
    let mut vocabulary = Vocabulary::default();
    let mut tallies: HashMap<Key, Tally> = HashMap::new();
    let (mut word, mut ids) = (String::new(), Vec::new());
    let mut comment: u32 = 0;
    for text in comments {
        comment = comment.wrapping_add(1);
        ids.clear();
        vocabulary.read(text, &mut word, &mut ids);
        tally(&mut tallies, &vocabulary, &ids, comment);
    }

    let frequent: HashMap<Key, u32> = tallies
        .into_iter()
        .filter(|(_, tally)| tally.comments >= MIN_COMMENTS)
        .map(|(key, tally)| (key, tally.comments))
        .collect();
    let subsumed = subsumed(&frequent);
    let mut ranked: Vec<(Key, u32)> = frequent
        .into_iter()
        .filter(|(key, _)| !subsumed.contains(key))
        .collect();

    let order = |a: &(Key, u32), b: &(Key, u32)| -> Ordering {
        let words = |key| vocabulary.words(key);
        b.1.cmp(&a.1)
            .then(words(&b.0).count().cmp(&words(&a.0).count()))
            .then_with(|| words(&a.0).cmp(words(&b.0)))
    };
    // Only the top `limit` need sorting; the rest can be many thousands of pairs seen twice.
    if limit < ranked.len() {
        ranked.select_nth_unstable_by(limit, order);
        ranked.truncate(limit);
    }
    ranked.sort_unstable_by(order);
    ranked
        .into_iter()
        .map(|(key, comments)| Suggestion {
            phrase: vocabulary.words(&key).collect::<Vec<_>>().join(" "),
            comments,
        })
        .collect()
}

/// `comment` with email addresses, links, phone numbers, postcodes and anything already
/// redacted (a `[…]` placeholder) replaced by sentence breaks, so none of it is suggested and
/// no phrase spans the gap.
pub fn scrub(comment: &str) -> String {
    let redacted = crate::quotes::redact(comment).text;
    let mut out = String::with_capacity(redacted.len());
    let mut depth: usize = 0;
    for c in redacted.chars() {
        match c {
            '[' => depth = depth.saturating_add(1),
            ']' if depth > 0 => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    out.push_str(". ");
                }
            }
            _ if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out
}

/// The words of `text` that say something: lower case, apostrophes dropped, no stop words,
/// numbers or words shorter than three letters; personal details scrubbed first.
pub fn content_words(text: &str) -> Vec<String> {
    scrub(text)
        .to_lowercase()
        .replace(['\'', '’'], "")
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.chars().count() >= MIN_WORD_CHARS && !w.chars().all(char::is_numeric))
        .filter(|w| {
            [ENGLISH_STOP_WORDS, WELSH_STOP_WORDS]
                .iter()
                .all(|list| list.binary_search(w).is_err())
        })
        .map(str::to_owned)
        .collect()
}

/// A word or phrase as word ids padded with `NO_WORD`: integer keys hash faster than text and
/// need no allocation per phrase. Comparing word by word matches comparing the joined text,
/// because a space sorts before every letter and digit.
type Key = [u32; MAX_PHRASE_WORDS];
/// Pads a `Key`, and marks sentence breaks in a comment's ids so no phrase spans one.
const NO_WORD: u32 = u32::MAX;

fn key(ids: &[u32]) -> Key {
    std::array::from_fn(|i| ids.get(i).copied().unwrap_or(NO_WORD))
}

/// Counting by last-seen comment dedupes within a comment without a per-comment set.
/// Comment numbers are `u32` to keep table entries small and wrap after four billion; a
/// miscount would then need an item last seen exactly 2^32 comments earlier.
struct Tally {
    comments: u32,
    last_comment: u32,
}

/// Counts each word and phrase in one comment's ids once.
fn tally(tallies: &mut HashMap<Key, Tally>, vocabulary: &Vocabulary, ids: &[u32], comment: u32) {
    for len in 1..=MAX_PHRASE_WORDS {
        for window in ids.windows(len).filter(|window| !window.contains(&NO_WORD)) {
            let (Some(&first), Some(&last)) = (window.first(), window.last()) else {
                continue;
            };
            let (first, last) = (vocabulary.role(first), vocabulary.role(last));
            let wanted = if len == 1 {
                first == Role::Alone
            } else {
                first != Role::Stop && last != Role::Stop
            };
            if wanted {
                // A fresh tally was "last seen" one comment ago, so this sighting counts.
                let fresh = Tally {
                    comments: 0,
                    last_comment: comment.wrapping_sub(1),
                };
                let tally = tallies.entry(key(window)).or_insert(fresh);
                if tally.last_comment != comment {
                    tally.last_comment = comment;
                    tally.comments = tally.comments.saturating_add(1);
                }
            }
        }
    }
}

/// Items that a longer phrase containing them explains completely: equal counts mean the
/// shorter one never appears without the longer one.
fn subsumed(frequent: &HashMap<Key, u32>) -> HashSet<Key> {
    let mut subsumed = HashSet::new();
    for (phrase, &count) in frequent {
        let ids: Vec<u32> = phrase
            .iter()
            .copied()
            .take_while(|&id| id != NO_WORD)
            .collect();
        for part in (1..ids.len()).flat_map(|len| ids.windows(len).map(key)) {
            if frequent.get(&part) == Some(&count) {
                subsumed.insert(part);
            }
        }
    }
    subsumed
}

#[derive(Clone, Copy, PartialEq)]
enum Role {
    Stop,
    /// Too short or only digits to suggest alone, but meaningful inside a phrase ("2021 census").
    InPhrase,
    Alone,
}

/// Each distinct word once, so stop-word checks run per word rather than per occurrence.
#[derive(Default)]
struct Vocabulary {
    ids: HashMap<String, u32>,
    words: Vec<(String, Role)>,
}

impl Vocabulary {
    /// Appends `text`'s words as ids, with `NO_WORD` at each sentence break; `word` is scratch
    /// space passed in so its allocation is reused across comments.
    fn read(&mut self, text: &str, word: &mut String, ids: &mut Vec<u32>) {
        // The trailing space ends the last word.
        for c in text.chars().chain([' ']) {
            if c.is_ascii_alphanumeric() {
                // Most text is ASCII, and the general Unicode path is several times slower.
                word.push(c.to_ascii_lowercase());
            } else if c.is_alphanumeric() {
                word.extend(c.to_lowercase());
            } else if !matches!(c, '\'' | '\u{2019}' | '\u{02BC}') {
                // Any apostrophe (typewriter, curly, modifier letter) is skipped, not a break.
                if !word.is_empty() {
                    ids.extend(self.id(word));
                    word.clear();
                }
                // Line breaks too: people list points one per line without full stops.
                if matches!(c, '.' | '!' | '?' | ';' | '…' | '\n' | '\r') {
                    ids.push(NO_WORD);
                }
            }
        }
    }

    /// `None` only past four billion distinct words, which could not fit in memory anyway.
    fn id(&mut self, word: &str) -> Option<u32> {
        if let Some(&id) = self.ids.get(word) {
            return Some(id);
        }
        let id = u32::try_from(self.words.len())
            .ok()
            .filter(|&id| id != NO_WORD)?;
        let stop_lists = [ENGLISH_STOP_WORDS, WELSH_STOP_WORDS];
        let role = if stop_lists
            .iter()
            .any(|list| list.binary_search(&word).is_ok())
        {
            Role::Stop
        } else if word.chars().count() < MIN_WORD_CHARS || word.chars().all(char::is_numeric) {
            Role::InPhrase
        } else {
            Role::Alone
        };
        self.words.push((word.to_owned(), role));
        self.ids.insert(word.to_owned(), id);
        Some(id)
    }

    // Indexing cannot fail: every id came from `id` above.
    fn role(&self, id: u32) -> Role {
        self.words[id as usize].1
    }

    fn words<'v>(&'v self, key: &'v Key) -> impl Iterator<Item = &'v str> {
        let ids = key.iter().take_while(|&&id| id != NO_WORD);
        ids.map(|&id| self.words[id as usize].0.as_str())
    }
}

#[cfg(test)]
mod tests {
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
        let found = top(&comments.iter().map(String::as_str).collect::<Vec<_>>(), 5);
        assert_eq!(found.len(), 5);
        let expected = ["regional breakdown (6667)", "cost of food (4000)"];
        assert_eq!(found[..2], expected);
    }
}
