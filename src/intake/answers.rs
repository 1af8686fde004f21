//! The one validation path: raw answers from a form or JSON become checked `Answers`.

use super::problem::{Problem, Problems};
use super::raw::{OTHER_SUFFIX, RawAnswers, RawValue};
use crate::definitions::{Condition, Kind, MAX_NUMBER, OTHER, Question, Survey, Test};
use crate::storable;
use crate::text::clean;
use validator::ValidateEmail;

/// Longest "Other (please specify)" text.
pub const MAX_OTHER_LENGTH: u32 = 200;
/// Longest email address (RFC 5321).
pub const MAX_EMAIL_LENGTH: usize = 254;

/// One checked answer.
#[derive(Debug, Clone, PartialEq)]
pub enum Answer {
    Choice {
        value: String,
        other: Option<String>,
    },
    Choices {
        values: Vec<String>,
        other: Option<String>,
    },
    Rating(i64),
    YesNo(bool),
    Text(String),
    Number(f64),
    Email(String),
}

/// One stored row of an answer: value, number and text columns.
#[derive(Debug, Clone, PartialEq)]
pub struct ValueRow {
    pub value: String,
    pub number: Option<f64>,
    pub text: Option<String>,
}

impl Answer {
    /// How this answer is stored, one row per value; email is stored apart, so it has none.
    pub fn rows(&self) -> Vec<ValueRow> {
        let row = |value: String, number, text| ValueRow {
            value,
            number,
            text,
        };
        let with_other = |v: &String, other: &Option<String>| {
            let text = if v == OTHER { other.clone() } else { None };
            row(v.clone(), None, text)
        };
        match self {
            Answer::Choice { value, other } => vec![with_other(value, other)],
            Answer::Choices { values, other } => {
                values.iter().map(|v| with_other(v, other)).collect()
            }
            Answer::Rating(n) => vec![row(n.to_string(), Some(*n as f64), None)],
            Answer::YesNo(b) => vec![row(if *b { "yes" } else { "no" }.to_owned(), None, None)],
            Answer::Text(s) => vec![row(String::new(), None, Some(s.clone()))],
            Answer::Number(n) => vec![row(n.to_string(), Some(*n), None)],
            Answer::Email(_) => Vec::new(),
        }
    }

    /// The value a `show_if` compares, where there is a single one.
    fn single_value(&self) -> Option<String> {
        match self {
            Answer::Choice { value, .. } => Some(value.clone()),
            Answer::Rating(n) => Some(n.to_string()),
            Answer::YesNo(b) => Some(if *b { "yes" } else { "no" }.to_owned()),
            Answer::Number(n) => Some(n.to_string()),
            _ => None,
        }
    }
}

/// Answers that passed every check for one survey version; only `validate` makes them.
#[derive(Debug, Clone, PartialEq)]
pub struct Answers {
    items: Vec<(String, Answer)>,
}

impl Answers {
    /// Answers in question order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &Answer)> {
        self.items.iter().map(|(q, a)| (q.as_str(), a))
    }

    /// The answer to `question`.
    pub fn get(&self, question: &str) -> Option<&Answer> {
        self.items
            .iter()
            .find(|(q, _)| q == question)
            .map(|(_, a)| a)
    }
}

/// Whether `question` is shown, given the answers so far.
pub fn is_shown(question: &Question, answers: &Answers) -> bool {
    question.show_if.as_ref().is_none_or(|c| holds(c, answers))
}

fn holds(condition: &Condition, answers: &Answers) -> bool {
    let answer = answers.get(&condition.question);
    let same = |a: &str, b: &str| match (a.parse::<f64>(), b.parse::<f64>()) {
        (Ok(x), Ok(y)) => x == y,
        _ => a == b,
    };
    match &condition.test {
        Test::Answered(wanted) => answer.is_some() == *wanted,
        Test::Equals(v) => answer
            .and_then(Answer::single_value)
            .is_some_and(|a| same(&a, v)),
        Test::In(vs) => answer
            .and_then(Answer::single_value)
            .is_some_and(|a| vs.iter().any(|v| same(&a, v))),
        Test::Includes(v) => {
            matches!(answer, Some(Answer::Choices { values, .. }) if values.contains(v))
        }
    }
}

/// Checks every answer against the survey; answers to hidden questions are dropped. What is
/// wrong comes back as typed problems, which each door words in its own terms.
pub fn validate(survey: &Survey, mut raw: RawAnswers) -> Result<Answers, Problems> {
    let mut answers = Answers { items: Vec::new() };
    let mut errors = Problems::default();
    for q in &survey.questions {
        let values = raw.take(&q.id);
        let other_field = format!("{}{OTHER_SUFFIX}", q.id);
        let other_text = match &q.kind {
            Kind::SingleChoice { other: true, .. } | Kind::MultipleChoice { other: true, .. } => {
                raw.take(&other_field).into_iter().find_map(|v| match v {
                    RawValue::Text(s) => Some(s),
                    _ => None,
                })
            }
            _ => None,
        };
        if !is_shown(q, &answers) {
            continue;
        }
        let unstorable = |v: &RawValue| matches!(v, RawValue::Text(s) | RawValue::Other(s) if !storable::is_storable(s));
        // Cleaning would drop a NUL silently; refusing it tells an API client its text was
        // not what it meant to send.
        if values.iter().any(unstorable)
            || other_text
                .as_deref()
                .is_some_and(|s| !storable::is_storable(s))
        {
            errors.push(&q.id, Problem::InvalidText);
            continue;
        }
        let has_other = other_text
            .as_deref()
            .is_some_and(|s| !clean(s, false).is_empty());
        if values.is_empty() && !has_other {
            if q.required {
                errors.push(&q.id, required(q));
            }
            continue;
        }
        let mut check = Check {
            q,
            errors: &mut errors,
        };
        if let Some(answer) = check.answer(values, other_text) {
            answers.items.push((q.id.clone(), answer));
        }
    }
    for field in raw.remaining() {
        errors.push(field, Problem::UnknownQuestion);
    }
    if errors.is_empty() {
        Ok(answers)
    } else {
        Err(errors)
    }
}

/// The problem of a required question left unanswered.
fn required(q: &Question) -> Problem {
    let typed = matches!(
        q.kind,
        Kind::Text { .. } | Kind::Number { .. } | Kind::Email { .. }
    );
    Problem::Required { typed }
}

struct Check<'a> {
    q: &'a Question,
    errors: &'a mut Problems,
}

impl Check<'_> {
    fn fail<T>(&mut self, problem: Problem) -> Option<T> {
        self.errors.push(&self.q.id, problem);
        None
    }

    fn answer(&mut self, values: Vec<RawValue>, other_text: Option<String>) -> Option<Answer> {
        match &self.q.kind {
            Kind::SingleChoice { options, other } => {
                let (mut chosen, other) =
                    self.choices(values, other_text, *other, options, true)?;
                if chosen.len() > 1 {
                    return self.fail(Problem::OneOnly);
                }
                let value = chosen.pop()?;
                Some(Answer::Choice { value, other })
            }
            Kind::MultipleChoice {
                options,
                other,
                min_selected,
                max_selected,
            } => {
                let (values, other) = self.choices(values, other_text, *other, options, false)?;
                let count = u32::try_from(values.len()).unwrap_or(u32::MAX);
                if let Some(max) = max_selected.filter(|m| count > *m) {
                    return self.fail(Problem::TooMany { max });
                }
                if let Some(min) = min_selected.filter(|m| count < *m) {
                    return self.fail(Problem::TooFew { min });
                }
                Some(Answer::Choices { values, other })
            }
            Kind::Rating { min, max, .. } => {
                let n = self.single_number(values)?;
                if n.fract() != 0.0 || n < *min as f64 || n > *max as f64 {
                    return self.fail(Problem::UnknownOption);
                }
                Some(Answer::Rating(n as i64))
            }
            Kind::YesNo if matches!(values.as_slice(), [RawValue::Wrong("boolean")]) => {
                self.fail(Problem::NotYesNo)
            }
            Kind::YesNo => match self.single_text(values)?.as_str() {
                "yes" => Some(Answer::YesNo(true)),
                "no" => Some(Answer::YesNo(false)),
                _ => self.fail(Problem::UnknownOption),
            },
            Kind::Text {
                multiline,
                max_length,
            } => {
                let text = clean(&self.single_text(values)?, *multiline);
                if text.chars().count() > *max_length as usize {
                    return self.fail(Problem::TooLong { max: *max_length });
                }
                if text.is_empty() {
                    return self.empty();
                }
                Some(Answer::Text(text))
            }
            Kind::Number { min, max, integer } => {
                let n = self.single_number(values)?;
                if *integer && n.fract() != 0.0 {
                    return self.fail(Problem::NotAnInteger);
                }
                // Without limits of its own a question still takes only what sums and means
                // can hold exactly, the same range its limits may be set in.
                let (lo, hi) = (min.unwrap_or(-MAX_NUMBER), max.unwrap_or(MAX_NUMBER));
                if n < lo || n > hi {
                    return self.fail(Problem::OutOfRange { lo, hi });
                }
                Some(Answer::Number(n))
            }
            Kind::Email { .. } => {
                let email = clean(&self.single_text(values)?, false);
                if email.is_empty() {
                    return self.empty();
                }
                if email.len() > MAX_EMAIL_LENGTH || !email.validate_email() {
                    return self.fail(Problem::InvalidEmail);
                }
                Some(Answer::Email(email))
            }
        }
    }

    /// A blank answer after cleaning is no answer at all.
    fn empty(&mut self) -> Option<Answer> {
        if self.q.required {
            return self.fail(Problem::Required { typed: true });
        }
        None
    }

    fn single_text(&mut self, values: Vec<RawValue>) -> Option<String> {
        let mut values = values.into_iter();
        match (values.next(), values.next()) {
            (Some(RawValue::Text(s)), None) => Some(s),
            (Some(_), Some(_)) => self.fail(Problem::OneOnly),
            _ => self.fail(Problem::WrongType),
        }
    }

    fn single_number(&mut self, values: Vec<RawValue>) -> Option<f64> {
        let mut values = values.into_iter();
        match (values.next(), values.next()) {
            (Some(RawValue::Number(n)), None) => Some(n),
            (Some(RawValue::Text(s)), None) => {
                crate::text::typed_number(&s).or_else(|| self.fail(Problem::NotANumber))
            }
            (Some(_), Some(_)) => self.fail(Problem::OneOnly),
            _ => self.fail(Problem::WrongType),
        }
    }

    /// Option values given, each known and once; "Other" with its text.
    fn choices(
        &mut self,
        values: Vec<RawValue>,
        other_text: Option<String>,
        allows_other: bool,
        options: &[crate::definitions::Choice],
        single: bool,
    ) -> Option<(Vec<String>, Option<String>)> {
        let mut chosen: Vec<String> = Vec::new();
        let mut other = other_text
            .map(|s| clean(&s, false))
            .filter(|s| !s.is_empty());
        for value in values {
            let value = match value {
                RawValue::Text(s) => s.trim().to_owned(),
                RawValue::Other(s) if allows_other => {
                    other = Some(clean(&s, false)).filter(|s| !s.is_empty());
                    OTHER.to_owned()
                }
                _ => {
                    return self.fail(Problem::WrongType);
                }
            };
            let known =
                options.iter().any(|o| o.value == value) || (allows_other && value == OTHER);
            if !known {
                return self.fail(Problem::UnknownOption);
            }
            if !chosen.contains(&value) {
                chosen.push(value);
            }
        }
        // Text typed into the "Other" box counts as choosing "Other" (without JavaScript the
        // box is always visible), unless a single-choice question already has its answer.
        if other.is_some() && !chosen.iter().any(|v| v == OTHER) && (!single || chosen.is_empty()) {
            chosen.push(OTHER.to_owned());
        }
        if chosen.iter().any(|v| v == OTHER) {
            match &other {
                None => {
                    return self.fail(Problem::OtherMissing);
                }
                Some(text) if text.chars().count() > MAX_OTHER_LENGTH as usize => {
                    return self.fail(Problem::OtherTooLong {
                        max: MAX_OTHER_LENGTH,
                    });
                }
                Some(_) => {}
            }
        } else {
            other = None;
        }
        Some((chosen, other))
    }
}
