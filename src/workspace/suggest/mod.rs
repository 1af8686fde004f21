//! Candidate themes for comments nobody has tagged yet: the words and short phrases most
//! comments share, computed in-process with no external service.

mod words;

use std::cmp::Ordering;
use std::collections::{HashMap, HashSet};
use words::{
    ENGLISH_STOP_WORDS, Key, MIN_WORD_CHARS, NO_WORD, Vocabulary, WELSH_STOP_WORDS, each_phrase,
    key,
};

/// A word or phrase and how many comments contain it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, utoipa::ToSchema)]
pub struct Suggestion {
    /// Lowercased words joined by single spaces.
    pub phrase: String,
    /// How many comments contain it at least once.
    pub comments: u32,
}

/// Fewer than this and it is one person's wording, not a theme.
pub const MIN_COMMENTS: u32 = 2;

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

/// Counting by last-seen comment dedupes within a comment without a per-comment set.
/// Comment numbers are `u32` to keep table entries small and wrap after four billion; a
/// miscount would then need an item last seen exactly 2^32 comments earlier.
struct Tally {
    comments: u32,
    last_comment: u32,
}

/// Counts each word and phrase in one comment's ids once.
fn tally(tallies: &mut HashMap<Key, Tally>, vocabulary: &Vocabulary, ids: &[u32], comment: u32) {
    each_phrase(vocabulary, ids, |key| {
        // A fresh tally was "last seen" one comment ago, so this sighting counts.
        let fresh = Tally {
            comments: 0,
            last_comment: comment.wrapping_sub(1),
        };
        let tally = tallies.entry(key).or_insert(fresh);
        if tally.last_comment != comment {
            tally.last_comment = comment;
            tally.comments = tally.comments.saturating_add(1);
        }
    });
}

/// Changes to how many comments contain each word and phrase, as comments are counted in or
/// taken out; the same rules as [`suggest`], for counts kept between requests.
#[derive(Default)]
pub struct Changes {
    vocabulary: Vocabulary,
    by_phrase: HashMap<Key, i64>,
    word: String,
    ids: Vec<u32>,
    seen: HashSet<Key>,
}

impl Changes {
    /// Counts `comment`'s words and phrases in (`by` 1) or out (`by` -1), each once.
    pub fn count(&mut self, comment: &str, by: i64) {
        self.ids.clear();
        self.seen.clear();
        self.vocabulary.read(comment, &mut self.word, &mut self.ids);
        let seen = &mut self.seen;
        each_phrase(&self.vocabulary, &self.ids, |key| {
            seen.insert(key);
        });
        for key in seen.drain() {
            let n = self.by_phrase.entry(key).or_default();
            *n = n.saturating_add(by);
        }
    }

    /// Each word or phrase whose count changed: its text, how many words, and by how much.
    pub fn into_changes(self) -> Vec<(String, usize, i64)> {
        let vocabulary = &self.vocabulary;
        self.by_phrase
            .into_iter()
            .filter(|&(_, by)| by != 0)
            .map(|(key, by)| {
                let words: Vec<&str> = vocabulary.words(&key).collect();
                (words.join(" "), words.len(), by)
            })
            .collect()
    }
}

/// The first `limit` of `ranked` that no longer phrase with the same count explains, as
/// [`suggest`] leaves them out. `ranked` must be complete down to where it stops, in
/// [`suggest`]'s order: then every phrase that could explain an item comes before it.
pub fn without_explained(ranked: &[Suggestion], limit: usize) -> Vec<Suggestion> {
    let mut kept = Vec::new();
    let mut explained: HashSet<String> = HashSet::new();
    let mut count = None;
    for item in ranked {
        if kept.len() >= limit {
            break;
        }
        if count != Some(item.comments) {
            count = Some(item.comments);
            explained.clear();
        }
        if !explained.contains(&item.phrase) {
            kept.push(item.clone());
        }
        let words: Vec<&str> = item.phrase.split(' ').collect();
        for part in (1..words.len()).flat_map(|len| words.windows(len)) {
            explained.insert(part.join(" "));
        }
    }
    kept
}

/// [`suggest`]'s order: most comments first, then longer phrases, then alphabetical.
pub fn rank(a: &Suggestion, b: &Suggestion) -> Ordering {
    b.comments
        .cmp(&a.comments)
        .then(
            b.phrase
                .split(' ')
                .count()
                .cmp(&a.phrase.split(' ').count()),
        )
        .then_with(|| a.phrase.cmp(&b.phrase))
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

#[cfg(test)]
mod tests;
