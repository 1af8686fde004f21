//! Warnings for an edit that leaves stored answers behind: a question id, option value or
//! type that an earlier version had and this one changes or drops.
//!
//! Answers are stored by question id and option value, and summaries join versions by them,
//! so such an edit splits old answers from new ones. The wording here says what the service
//! does with the old answers (see `publishing::summary` and `workspace::responses`).

use super::diagnostic::Diagnostic;
use super::lines::{layout, number};
use super::raw::{self, Pos, pos};
use super::survey::{Kind, Language, Question, Survey};
use chrono::NaiveDate;
use std::collections::HashMap;

/// An earlier version's survey, whatever its file is called; `None` when it does not pass
/// the check (an earlier version may predate a rule).
pub fn read_earlier(source: &str, today: NaiveDate) -> Option<Survey> {
    let id = raw::read(source).ok()?.id.value.trim().to_owned();
    super::parse::parse(&id, source, today).survey
}

/// How many stored answers each question and value of one survey has.
#[derive(Debug, Default, Clone)]
pub struct Answered {
    by_question: HashMap<String, u64>,
    by_value: HashMap<(String, String), u64>,
}

impl Answered {
    /// Counts: responses that answered each question, and answers that gave each value.
    pub fn new(
        by_question: impl IntoIterator<Item = (String, u64)>,
        by_value: impl IntoIterator<Item = (String, String, u64)>,
    ) -> Self {
        Self {
            by_question: by_question.into_iter().collect(),
            by_value: by_value.into_iter().map(|(q, v, n)| ((q, v), n)).collect(),
        }
    }
}

/// What the definition is compared with.
pub enum Earlier<'a> {
    /// A file the producer named (`--against`): whether answers exist is not known.
    File { name: &'a str, survey: &'a Survey },
    /// The last stored version with responses, and the answers stored for the survey.
    Stored {
        version: &'a str,
        survey: &'a Survey,
        answered: &'a Answered,
    },
}

impl Earlier<'_> {
    fn survey(&self) -> &Survey {
        match self {
            Earlier::File { survey, .. } | Earlier::Stored { survey, .. } => survey,
        }
    }

    fn basis(&self) -> String {
        match self {
            Earlier::File { name, .. } => format!("in {name}"),
            Earlier::Stored { version, .. } => format!(
                "in the version last answered ({})",
                version.get(..12).unwrap_or(version)
            ),
        }
    }

    /// The stored answers a warning is about (`what`: "given to it", "that chose `b`"), or
    /// `None` when the database says there are none, so nothing is left behind.
    fn stored(&self, count: impl FnOnce(&Answered) -> u64, what: &str) -> Option<Stored> {
        let (words, one) = match self {
            Earlier::File { .. } => (format!("any answers {what}"), false),
            Earlier::Stored { answered, .. } => match count(answered) {
                0 => return None,
                1 => (format!("the 1 answer {what}"), true),
                n => (format!("the {n} answers {what}"), false),
            },
        };
        Some(Stored { words, one })
    }
}

/// Words for stored answers, and whether they are one (for the verb).
struct Stored {
    words: String,
    one: bool,
}

impl Stored {
    /// "`the 3 answers …` stay", "`the 1 answer …` stays".
    fn then(&self, many: &str, one: &str) -> String {
        format!("{} {}", self.words, if self.one { one } else { many })
    }
}

/// Where each question's parts are written in the new file.
struct Places {
    questions: Pos,
    by_id: HashMap<String, Place>,
}

/// Where one question's parts are written.
struct Place {
    id: Pos,
    kind: Pos,
    /// The `options:` or `scale:` line, for a value that is gone.
    values: Option<Pos>,
    /// Each option, in the order written (the checked options keep it).
    options: Vec<Pos>,
}

fn places(source: &str) -> Option<Places> {
    let raw = raw::read(source).ok()?;
    let lines: Vec<String> = source.split('\n').map(str::to_owned).collect();
    let by_id = raw
        .questions
        .value
        .iter()
        .map(|q| {
            let q = &q.value;
            let options: Vec<Pos> = q
                .options
                .as_ref()
                .map(|o| o.value.iter().map(pos).collect())
                .unwrap_or_default();
            let values = q
                .options
                .as_ref()
                .map(|o| key_line(&lines, pos(o), "options"))
                .or(q.scale.as_ref().map(|s| key_line(&lines, pos(s), "scale")));
            let place = Place {
                id: pos(&q.id),
                kind: pos(&q.kind),
                values,
                options,
            };
            (q.id.value.trim().to_owned(), place)
        })
        .collect();
    Some(Places {
        questions: key_line(&lines, pos(&raw.questions), "questions"),
        by_id,
    })
}

/// The `key:` a value at `at` is written under: the reader places a list or mapping at its
/// first entry, but a producer looks for the key.
fn key_line(lines: &[String], at: Pos, key: &str) -> Pos {
    let upto = usize::try_from(at.line).unwrap_or(0);
    lines
        .iter()
        .take(upto)
        .enumerate()
        .rev()
        .find_map(|(i, l)| {
            layout(l).filter(|l| l.key == Some(key)).map(|l| Pos {
                line: number(i.saturating_add(1)),
                column: number(l.key_column),
            })
        })
        .unwrap_or(at)
}

/// The warnings for `new` (checked from `source`) against an earlier version.
pub fn compare(new: &Survey, source: &str, earlier: &Earlier<'_>) -> Vec<Diagnostic> {
    let Some(places) = places(source) else {
        return Vec::new();
    };
    let old = earlier.survey();
    let added: Vec<&Question> = new
        .questions
        .iter()
        .filter(|q| old.question(&q.id).is_none())
        .collect();
    let removed: Vec<&Question> = old
        .questions
        .iter()
        .filter(|q| new.question(&q.id).is_none())
        .collect();
    let mut out = Vec::new();
    for q in &removed {
        let count = |a: &Answered| a.by_question.get(&q.id).copied().unwrap_or(0);
        let renamed = renamed_to(q, &removed, &added);
        let what = match renamed {
            Some(_) => format!("given to `{}`", q.id),
            None => "given to it".to_owned(),
        };
        let Some(stored) = earlier.stored(count, &what) else {
            continue;
        };
        out.push(match renamed {
            Some(to) => {
                let at = places.by_id.get(&to.id).map_or(places.questions, |p| p.id);
                Diagnostic::warning(
                    at,
                    format!(
                        "`{}` was removed and `{}` added: if this is a rename, {} with the answers to `{}`",
                        q.id, to.id, stored.then("are not counted", "is not counted"), to.id
                    ),
                )
                .help(format!(
                    "answers are joined across versions by question id: to keep one series, keep `id: {}` and change only the label; as it is, the workspace still shows the old answers under `{}` and publications already made keep their figures, but tables for later periods show `{}` alone, with no change against the period before",
                    q.id, q.id, to.id
                ))
            }
            None => Diagnostic::warning(
                places.questions,
                format!(
                    "question `{}` ({}) is gone: {} under `{}`",
                    q.id,
                    earlier.basis(),
                    stored.then("stay stored", "stays stored"),
                    q.id
                ),
            )
            .help(format!(
                "the workspace still shows those answers (under the id `{}`, after the current questions) and publications already made keep their figures, but tables for periods published from this definition leave them out; if the question was only reworded, keep its id",
                q.id
            )),
        });
    }
    for q in &new.questions {
        let Some(before) = old.question(&q.id) else {
            continue;
        };
        let Some(place) = places.by_id.get(&q.id) else {
            continue;
        };
        if before.kind.name() != q.kind.name() {
            if let Some(stored) = earlier.stored(
                |a| a.by_question.get(&q.id).copied().unwrap_or(0),
                "given to it",
            ) {
                out.push(
                    Diagnostic::warning(
                        place.kind,
                        format!(
                            "`{}` was a `{}` question ({}) and is now a `{}` question, but {} answered a `{}` question",
                            q.id,
                            before.kind.name(),
                            earlier.basis(),
                            q.kind.name(),
                            stored.words,
                            before.kind.name()
                        ),
                    )
                    .help(format!(
                        "old answers keep the values they were stored with and the workspace still shows them; {}, and publications already made keep their figures; to ask something new, add a question with a new id instead",
                        match q.kind.values() {
                            Some(_) => format!("tables for periods published from this definition count only values a `{}` question takes", q.kind.name()),
                            None => format!("a `{}` question has no table, so publications from this definition leave the old answers out", q.kind.name()),
                        }
                    )),
                );
            }
            continue;
        }
        out.extend(changed_values(before, q, place, earlier));
    }
    out
}

/// The added question a removed one was probably renamed to: the same type and label, or
/// the only question added, of the same type, when only one was removed.
fn renamed_to<'a>(
    gone: &Question,
    removed: &[&Question],
    added: &[&'a Question],
) -> Option<&'a Question> {
    let same_type: Vec<&&Question> = added
        .iter()
        .filter(|a| a.kind.name() == gone.kind.name())
        .collect();
    let label = |q: &Question| q.label.get(Language::En).trim().to_lowercase();
    let same_label: Vec<&&&Question> = same_type
        .iter()
        .filter(|a| label(a) == label(gone))
        .collect();
    match (same_label.as_slice(), same_type.as_slice(), removed.len()) {
        ([one], _, _) => Some(one),
        (_, [one], 1) => Some(one),
        _ => None,
    }
}

/// Warnings for option values (or rating points) the earlier version had and this one drops.
fn changed_values(
    before: &Question,
    now: &Question,
    place: &Place,
    earlier: &Earlier<'_>,
) -> Vec<Diagnostic> {
    let at = place.values.unwrap_or(place.kind);
    let (Some(old), Some(new)) = (before.kind.values(), now.kind.values()) else {
        return Vec::new();
    };
    let gone: Vec<&String> = old.iter().filter(|v| !new.contains(v)).collect();
    let fresh: Vec<&String> = new.iter().filter(|v| !old.contains(v)).collect();
    let mut out = Vec::new();
    for value in &gone {
        let renamed = option_label(before, value).and_then(|label| {
            fresh
                .iter()
                .find(|f| option_label(now, f).as_deref() == Some(label.as_str()))
        });
        let what = match renamed {
            Some(_) => format!("that chose `{value}`"),
            None => "that chose it".to_owned(),
        };
        let count = |a: &Answered| {
            a.by_value
                .get(&(now.id.clone(), (*value).clone()))
                .copied()
                .unwrap_or(0)
        };
        let Some(stored) = earlier.stored(count, &what) else {
            continue;
        };
        out.push(match renamed {
            Some(to) => Diagnostic::warning(
                option_at(now, to, place).unwrap_or(at),
                format!(
                    "option `{value}` of `{}` was removed and `{to}` added with the same label: if this is a rename, {} with `{to}`",
                    now.id,
                    stored.then("are not counted", "is not counted")
                ),
            )
            .help(format!(
                "answers are joined across versions by option value: to keep one series, keep `value: {value}` and change only the label"
            )),
            None => Diagnostic::warning(
                at,
                format!(
                    "option `{value}` of `{}` ({}) is gone: {} as `{value}`",
                    now.id,
                    earlier.basis(),
                    stored.then("stay stored", "stays stored")
                ),
            )
            .help(
                "the workspace still shows those answers (as the bare value, without a label) and publications already made keep their figures, but tables for periods published from this definition leave them out, so the question's total drops by them; if the option was only reworded, keep its value",
            ),
        });
    }
    out
}

/// Where the option with `value` is written.
fn option_at(q: &Question, value: &str, place: &Place) -> Option<Pos> {
    let (Kind::SingleChoice { options, .. } | Kind::MultipleChoice { options, .. }) = &q.kind
    else {
        return None;
    };
    let index = options.iter().position(|o| o.value == value)?;
    place.options.get(index).copied()
}

/// An option's English label, lowercased, for telling a renamed value.
fn option_label(q: &Question, value: &str) -> Option<String> {
    match &q.kind {
        Kind::SingleChoice { options, .. } | Kind::MultipleChoice { options, .. } => options
            .iter()
            .find(|o| o.value == value)
            .map(|o| o.label.get(Language::En).trim().to_lowercase()),
        _ => None,
    }
}
