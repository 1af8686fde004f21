//! Words to find in free-text answers, through each database's full-text index (see the
//! `search_comments` migration): what a producer typed is parsed once into terms — words,
//! prefixes ending in `*`, phrases in double quotes — and written as the query language of
//! SQLite's FTS5 or PostgreSQL's `tsquery`. Both stem English words ("counties" finds
//! "county"), so any other language is found by its exact words.

use sea_orm::sea_query::{Expr, SimpleExpr};
use sea_orm::{DbBackend, Statement};

/// One thing every matching answer holds: words in this order, next to each other, the last
/// one a prefix when `prefix`.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Term {
    words: Vec<String>,
    prefix: bool,
}

/// A parsed search: every term must be found in one answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Search {
    terms: Vec<Term>,
}

/// Splits `text` into the words an index holds: runs of letters and digits, lower-cased.
fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

impl Search {
    /// Reads what was typed: `"two words"` is a phrase, `regio*` a prefix, anything else a
    /// word (one with punctuation inside, such as `e-mail`, is the phrase of its parts).
    pub fn parse(typed: &str) -> Self {
        let mut terms = Vec::new();
        let mut push = |chunk: &str, quoted: bool| {
            let prefix = !quoted && chunk.ends_with('*');
            let words = words(chunk);
            if !words.is_empty() {
                terms.push(Term { words, prefix });
            }
        };
        for (i, part) in typed.split('"').enumerate() {
            // Odd parts were inside quotes (an unclosed quote runs to the end).
            if i % 2 == 1 {
                push(part, true);
            } else {
                part.split_whitespace().for_each(|chunk| push(chunk, false));
            }
        }
        Self { terms }
    }

    /// Whether nothing searchable was typed (only punctuation, say): it finds nothing.
    pub fn is_empty(&self) -> bool {
        self.terms.is_empty()
    }

    /// The FTS5 query: each term quoted, so no word is read as an operator.
    fn fts5(&self) -> String {
        self.terms
            .iter()
            .map(|Term { words, prefix }| {
                format!("\"{}\"{}", words.join(" "), if *prefix { "*" } else { "" })
            })
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// The `tsquery`: words joined by `<->` within a phrase, terms by `&`. Words hold only
    /// letters and digits, so none is read as an operator.
    fn tsquery(&self) -> String {
        self.terms
            .iter()
            .map(|Term { words, prefix }| {
                let last = words.len().saturating_sub(1);
                let parts: Vec<String> = words
                    .iter()
                    .enumerate()
                    .map(|(i, w)| {
                        if *prefix && i == last {
                            format!("{w}:*")
                        } else {
                            w.clone()
                        }
                    })
                    .collect();
                format!("({})", parts.join(" <-> "))
            })
            .collect::<Vec<_>>()
            .join(" & ")
    }

    /// The condition that the response the outer query is on has a free-text answer matching.
    /// Correlated, so a page of newest responses is found by walking them in order and probing
    /// each, not by first collecting every match.
    pub fn condition(&self, backend: DbBackend) -> SimpleExpr {
        match backend {
            DbBackend::Postgres => Expr::cust_with_values(
                "EXISTS (SELECT 1 FROM answers a WHERE a.response_id = responses.id \
                 AND a.search @@ to_tsquery('english', $1))",
                [self.tsquery()],
            ),
            _ => Expr::cust_with_values(
                "EXISTS (SELECT 1 FROM answer_search_keys k WHERE k.response_id = responses.id \
                 AND k.id IN (SELECT rowid FROM answer_search WHERE answer_search MATCH ?))",
                [self.fts5()],
            ),
        }
    }

    /// How many responses of `survey` have a matching answer, counted from the index alone.
    pub fn count(&self, backend: DbBackend, survey: &str) -> Statement {
        match backend {
            DbBackend::Postgres => Statement::from_sql_and_values(
                backend,
                "SELECT COUNT(DISTINCT response_id) AS n FROM answers \
                 WHERE survey_id = $1 AND search @@ to_tsquery('english', $2)",
                [survey.into(), self.tsquery().into()],
            ),
            _ => Statement::from_sql_and_values(
                backend,
                "SELECT COUNT(DISTINCT response_id) AS n FROM answer_search_keys \
                 WHERE survey_id = ? AND id IN \
                 (SELECT rowid FROM answer_search WHERE answer_search MATCH ?)",
                [survey.into(), self.fts5().into()],
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_prefixes_and_phrases_become_each_databases_query() {
        let s = Search::parse(r#"Regio* "more TABLES" e-mail counties"#);
        assert_eq!(s.fts5(), r#""regio"* "more tables" "e mail" "counties""#);
        assert_eq!(
            s.tsquery(),
            "(regio:*) & (more <-> tables) & (e <-> mail) & (counties)"
        );
    }

    #[test]
    fn operators_and_punctuation_are_never_passed_through() {
        let s = Search::parse(r#"NEAR(a b) OR ) & | ! :* ' "unclosed phrase"#);
        assert_eq!(s.fts5(), r#""near a" "b" "or" "unclosed phrase""#);
        assert!(Search::parse("!!! ...").is_empty());
        assert!(Search::parse("  ").is_empty());
    }

    #[test]
    fn welsh_words_are_words_too() {
        assert_eq!(
            Search::parse("ystadegau'r Cymraeg").tsquery(),
            "(ystadegau <-> r) & (cymraeg)"
        );
    }
}
