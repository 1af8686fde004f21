//! Words as the suggestions see them: stop words in English and Welsh, a vocabulary of word
//! ids, and which runs of words in a comment are worth suggesting.

use std::collections::HashMap;

pub(super) const MAX_PHRASE_WORDS: usize = 3;
/// Shorter words alone are mostly noise, though they may sit inside a phrase ("uk data").
pub(super) const MIN_WORD_CHARS: usize = 3;

// Kept sorted (a test checks) so membership is a binary search with no set to build.
// Apostrophes are dropped before lookup, so contractions appear joined ("dont", "maen").
pub(super) const ENGLISH_STOP_WORDS: &[&str] = &[
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
pub(super) const WELSH_STOP_WORDS: &[&str] = &[
    "a", "ac", "am", "ar", "at", "bod", "ddim", "dw", "dwi", "dy", "dydw", "dydy", "ei", "eich",
    "ein", "eu", "fel", "fy", "gan", "gyda", "hefyd", "hon", "hwn", "hyn", "i", "ir", "iw", "mae",
    "maen", "maer", "neu", "o", "oedd", "oes", "ond", "or", "os", "pan", "rwyn", "rydw", "rydyn",
    "sydd", "wedi", "y", "ydw", "ydy", "yma", "yn", "yna", "yr", "yw",
];

/// A word or phrase as word ids padded with `NO_WORD`: integer keys hash faster than text and
/// need no allocation per phrase. Comparing word by word matches comparing the joined text,
/// because a space sorts before every letter and digit.
pub(super) type Key = [u32; MAX_PHRASE_WORDS];
/// Pads a `Key`, and marks sentence breaks in a comment's ids so no phrase spans one.
pub(super) const NO_WORD: u32 = u32::MAX;

pub(super) fn key(ids: &[u32]) -> Key {
    std::array::from_fn(|i| ids.get(i).copied().unwrap_or(NO_WORD))
}
/// Calls `found` with every word and phrase worth suggesting in one comment's ids, repeats
/// included: words alone only when meaningful alone, phrases neither starting nor ending with
/// a stop word, none spanning a sentence break.
pub(super) fn each_phrase(vocabulary: &Vocabulary, ids: &[u32], mut found: impl FnMut(Key)) {
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
                found(key(window));
            }
        }
    }
}

#[derive(Clone, Copy, PartialEq)]
pub(super) enum Role {
    Stop,
    /// Too short or only digits to suggest alone, but meaningful inside a phrase ("2021 census").
    InPhrase,
    Alone,
}

/// Each distinct word once, so stop-word checks run per word rather than per occurrence.
#[derive(Default)]
pub(super) struct Vocabulary {
    ids: HashMap<String, u32>,
    words: Vec<(String, Role)>,
}

impl Vocabulary {
    /// Appends `text`'s words as ids, with `NO_WORD` at each sentence break; `word` is scratch
    /// space passed in so its allocation is reused across comments.
    pub(super) fn read(&mut self, text: &str, word: &mut String, ids: &mut Vec<u32>) {
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
    pub(super) fn id(&mut self, word: &str) -> Option<u32> {
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
    pub(super) fn role(&self, id: u32) -> Role {
        self.words[id as usize].1
    }

    pub(super) fn words<'v>(&'v self, key: &'v Key) -> impl Iterator<Item = &'v str> {
        let ids = key.iter().take_while(|&&id| id != NO_WORD);
        ids.map(|&id| self.words[id as usize].0.as_str())
    }
}
