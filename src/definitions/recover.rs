//! Reading a definition past its first shape error, so one run reports every problem.
//!
//! The YAML reader stops at the first key of the wrong shape. When that key is inside one
//! question, or one top-level block, that part's lines are blanked (so every line keeps its
//! number) and the file is read again: the other questions are still checked. So is a part
//! with a syntax error, once: after that, a second syntax error ends the file, since it may be
//! the first one seen again from further on.

use super::diagnostic::Diagnostic;
use super::indentation;
use super::lines::layout;
use super::raw::{self, Pos, RawSurvey};
use super::yaml_error::{self, Stop};
use std::ops::Range;

/// What the survey check says of an empty `questions` list.
pub const EMPTY_QUESTIONS: &str = "a survey needs at least one question";

/// Enough rounds for any real file; each one blanks at least one line.
const MAX_ROUNDS: usize = 200;

/// What reading found: the raw survey once every bad part was set aside, and the problems.
pub struct Recovered {
    /// The survey as read, without the parts set aside; `None` when the reader could not go on.
    pub raw: Option<RawSurvey>,
    /// One problem for each part set aside, top to bottom as found.
    pub diagnostics: Vec<Diagnostic>,
    /// Ids of the questions set aside.
    set_aside: Vec<String>,
}

impl Recovered {
    /// Whether a later problem is real, not an echo of a question set aside (a `show_if` or
    /// `user_types` naming it would say it does not exist).
    pub fn keeps(&self, diagnostic: &Diagnostic) -> bool {
        let echo = |id: &String| {
            diagnostic
                .message
                .contains(&format!("there is no question `{id}`"))
        };
        let emptied = !self.set_aside.is_empty() && diagnostic.message == EMPTY_QUESTIONS;
        !emptied && !self.set_aside.iter().any(echo)
    }
}

/// A part of the file that can be set aside.
enum Part {
    Question(Range<usize>),
    TopLevel(String, Range<usize>),
}

/// Reads `source`, setting aside each question or block the reader stops at.
pub fn read(source: &str) -> Recovered {
    let mut lines: Vec<String> = source.split('\n').map(str::to_owned).collect();
    let mut found = Recovered {
        raw: None,
        diagnostics: Vec::new(),
        set_aside: Vec::new(),
    };
    let mut blanked_keys: Vec<String> = Vec::new();
    let mut syntax_seen = false;
    let mut text = source.to_owned();
    for _ in 0..MAX_ROUNDS {
        let err = match raw::read(&text) {
            Ok(raw) => {
                found.raw = Some(raw);
                return found;
            }
            Err(err) => err,
        };
        let mut diagnostic = yaml_error::diagnostic(&err);
        let at = Pos {
            line: diagnostic.line,
            column: diagnostic.column,
        };
        match yaml_error::stop(&err) {
            // A second syntax error may only be the first one seen from further on (an
            // unclosed quote or bracket runs to the end of the file): one is reported.
            Stop::Syntax if syntax_seen => return found,
            Stop::Syntax => {
                if let Some(help) = indentation::syntax_help(&lines, at) {
                    diagnostic.help = Some(help);
                }
                syntax_seen = true;
            }
            Stop::Missing(field) => {
                if let Some(misplaced) = indentation::misplaced_key(&lines, at, field) {
                    blank(
                        &mut lines,
                        line_index(misplaced.line)..line_index(misplaced.line).saturating_add(1),
                    );
                    diagnostic = misplaced.diagnostic;
                } else if at.column == 1 {
                    // The reader points at the file's last top-level key when the file lacks
                    // one: nothing to set aside. When its block was set aside, that was reported.
                    if !blanked_keys.iter().any(|k| k == field) {
                        found.diagnostics.push(diagnostic);
                    }
                    return found;
                }
            }
            Stop::Shape => {}
        }
        let part = part_at(&lines, at);
        if part.is_none() && !found.set_aside.is_empty() {
            // Every question was set aside, so the list reads as empty: already reported.
            return found;
        }
        found.diagnostics.push(diagnostic);
        let Some(part) = part else {
            return found;
        };
        let range = match part {
            Part::Question(range) => {
                found
                    .set_aside
                    .extend(question_id(lines.get(range.clone()).unwrap_or_default()));
                range
            }
            Part::TopLevel(key, range) => {
                blanked_keys.push(key);
                range
            }
        };
        if !blank(&mut lines, range) {
            return found;
        }
        if !found.set_aside.is_empty() {
            keep_questions_a_list(&mut lines);
        }
        text = lines.join("\n");
    }
    found
}

/// With every question blanked, `questions:` would read as no value at all, a syntax error
/// that is only an echo; an empty list lets the rest of the file be checked.
fn keep_questions_a_list(lines: &mut [String]) {
    let Some(top) = lines.iter().position(|l| l.trim_end() == "questions:") else {
        return;
    };
    let after = top.saturating_add(1);
    let has_item = lines
        .iter()
        .skip(after)
        .take_while(|l| !is_top_level(l))
        .any(|l| layout(l).is_some_and(|l| l.item));
    if !has_item && let Some(line) = lines.get_mut(top) {
        line.push_str(" []");
    }
}

/// 0-based index of a 1-based line number.
fn line_index(line: u64) -> usize {
    usize::try_from(line.saturating_sub(1)).unwrap_or(usize::MAX)
}

/// Empties the lines in `range`; false when there was nothing left to empty.
fn blank(lines: &mut [String], range: Range<usize>) -> bool {
    let mut changed = false;
    for line in lines.get_mut(range).unwrap_or_default() {
        changed |= !line.is_empty();
        line.clear();
    }
    changed
}

fn is_top_level(line: &str) -> bool {
    layout(line).is_some_and(|l| l.indent == 0 && !l.item)
}

/// The question, or else the top-level block, holding the line the reader stopped at.
/// `None` when the problem is the `questions` list itself.
fn part_at(lines: &[String], at: Pos) -> Option<Part> {
    let here = line_index(at.line);
    let top = (0..=here.min(lines.len().checked_sub(1)?))
        .rev()
        .find(|&i| lines.get(i).is_some_and(|l| is_top_level(l)))?;
    let key = layout(lines.get(top)?)?.key?.to_owned();
    let after = top.saturating_add(1);
    let end = (after..lines.len())
        .find(|&i| lines.get(i).is_some_and(|l| is_top_level(l)))
        .unwrap_or(lines.len());
    if key != "questions" {
        return Some(Part::TopLevel(key, top..end));
    }
    if here == top {
        return None;
    }
    let items = |i: &usize| {
        lines
            .get(*i)
            .and_then(|l| layout(l))
            .filter(|l| l.item)
            .map(|l| l.indent)
    };
    let indent = (after..end).find_map(|i| items(&i))?;
    let start = (after..=here).rev().find(|i| items(i) == Some(indent))?;
    let next = start.saturating_add(1);
    let stop = (next..end)
        .find(|&i| {
            lines
                .get(i)
                .and_then(|l| layout(l))
                .is_some_and(|l| l.indent <= indent)
        })
        .unwrap_or(end);
    Some(Part::Question(start..stop))
}

/// The `id` a question set aside was written with, block (`id: q`) or flow (`{ id: q }`).
fn question_id(lines: &[String]) -> Option<String> {
    let clean = |v: &str| {
        let v = v.split(" #").next().unwrap_or(v).trim();
        v.trim_matches(|c| c == '"' || c == '\'').to_owned()
    };
    for line in lines {
        if let Some(l) = layout(line)
            && l.key == Some("id")
        {
            let rest = line
                .get(l.key_column.saturating_sub(1)..)
                .and_then(|r| r.strip_prefix("id:"))?;
            if !rest.trim_start().starts_with('{') {
                return Some(clean(rest));
            }
        }
        for piece in line.split(['{', ',', '}']) {
            if let Some(value) = piece.trim().strip_prefix("id:") {
                return Some(clean(value));
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(s: &str) -> Vec<String> {
        s.split('\n').map(str::to_owned).collect()
    }

    #[test]
    fn finds_the_question_holding_a_line() {
        let l = lines(
            "id: t\nquestions:\n  - id: a\n    type: x\n  - id: b\n    typ: x\n    label: B\nowner: o",
        );
        let Some(Part::Question(range)) = part_at(&l, Pos { line: 6, column: 5 }) else {
            panic!("not a question");
        };
        assert_eq!(range, 4..7);
        assert_eq!(question_id(l.get(range).unwrap()), Some("b".to_owned()));
        let Some(Part::TopLevel(key, range)) = part_at(&l, Pos { line: 8, column: 1 }) else {
            panic!("not top level");
        };
        assert_eq!((key.as_str(), range), ("owner", 7..8));
    }

    #[test]
    fn reads_flow_ids() {
        assert_eq!(
            question_id(&lines("  - { id: \"q1\", type: text }")),
            Some("q1".to_owned())
        );
    }
}
