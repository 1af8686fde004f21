//! What the survey template shows: every question with its answer so far and its error.

use crate::definitions::{Kind, Language, OTHER, Question, Survey, Test, rating_points};
use crate::i18n::{Msg, t};
use crate::intake::{FieldErrors, OTHER_SUFFIX, RawAnswers};

/// One option on screen.
pub struct ItemView {
    pub id: String,
    pub value: String,
    pub label: String,
    pub hint: Option<String>,
    pub checked: bool,
}

/// The "Please specify" box of an "Other" choice.
pub struct OtherView {
    pub label: &'static str,
    pub value: String,
}

/// The data attributes the show_if script reads.
pub struct ShowIfView {
    pub question: String,
    pub test: &'static str,
    pub values: String,
}

/// One question on screen.
pub struct QuestionView {
    pub id: String,
    pub label: String,
    pub hint: Option<String>,
    pub error: Option<String>,
    pub optional: bool,
    pub described_by: String,
    pub show_if: Option<ShowIfView>,
    pub is_choice: bool,
    pub input_type: &'static str,
    pub inline: bool,
    pub items: Vec<ItemView>,
    pub other: Option<OtherView>,
    pub multiline: bool,
    pub short: bool,
    pub value: String,
    pub autocomplete: Option<&'static str>,
    pub inputmode: Option<&'static str>,
}

/// A link in the error summary.
pub struct SummaryItem {
    pub href: String,
    pub text: String,
}

/// Builds every question's view from what the person gave and what was wrong with it.
pub fn questions(
    survey: &Survey,
    lang: Language,
    given: &RawAnswers,
    errors: &FieldErrors,
) -> Vec<QuestionView> {
    survey
        .questions
        .iter()
        .map(|q| question(q, lang, given, errors))
        .collect()
}

/// The error summary, in question order, each linking to its field.
pub fn summary(survey: &Survey, lang: Language, errors: &FieldErrors) -> Vec<SummaryItem> {
    survey
        .questions
        .iter()
        .filter_map(|q| {
            errors.get(&q.id).map(|e| SummaryItem {
                href: q.id.clone(),
                text: format!("{}: {}", q.label.get(lang), e.message),
            })
        })
        .collect()
}

pub(super) fn question(
    q: &Question,
    lang: Language,
    given: &RawAnswers,
    errors: &FieldErrors,
) -> QuestionView {
    let hint = q.hint.as_ref().map(|h| h.get(lang).to_owned());
    let error = errors.get(&q.id).map(|e| e.message.clone());
    let mut view = QuestionView {
        id: q.id.clone(),
        label: q.label.get(lang).to_owned(),
        hint,
        error,
        optional: !q.required,
        described_by: String::new(),
        show_if: q.show_if.as_ref().map(|c| {
            let (test, values) = match &c.test {
                Test::Equals(v) | Test::Includes(v) => ("in", v.clone()),
                Test::In(vs) => ("in", vs.join(" ")),
                Test::Answered(b) => ("answered", b.to_string()),
            };
            ShowIfView {
                question: c.question.clone(),
                test,
                values,
            }
        }),
        is_choice: true,
        input_type: "radio",
        inline: false,
        items: Vec::new(),
        other: None,
        multiline: false,
        short: false,
        value: given.first_text(&q.id).unwrap_or_default().to_owned(),
        autocomplete: None,
        inputmode: None,
    };
    let item = |index: usize, value: String, label: String, hint: Option<String>| ItemView {
        id: if index == 0 {
            q.id.clone()
        } else {
            format!("{}-{}", q.id, index.saturating_add(1))
        },
        checked: given.has_text(&q.id, &value),
        value,
        label,
        hint,
    };
    match &q.kind {
        Kind::SingleChoice { options, other } | Kind::MultipleChoice { options, other, .. } => {
            if matches!(q.kind, Kind::MultipleChoice { .. }) {
                view.input_type = "checkbox";
                if view.hint.is_none() {
                    view.hint = Some(t(lang, Msg::SelectAllThatApply).to_owned());
                }
            }
            view.items = options
                .iter()
                .enumerate()
                .map(|(i, o)| {
                    item(
                        i,
                        o.value.clone(),
                        o.label.get(lang).to_owned(),
                        o.hint.as_ref().map(|h| h.get(lang).to_owned()),
                    )
                })
                .collect();
            if *other {
                let i = view.items.len();
                view.items.push(item(
                    i,
                    OTHER.to_owned(),
                    t(lang, Msg::Other).to_owned(),
                    None,
                ));
                view.other = Some(OtherView {
                    label: t(lang, Msg::OtherSpecify),
                    value: given
                        .first_text(&format!("{}{OTHER_SUFFIX}", q.id))
                        .unwrap_or_default()
                        .to_owned(),
                });
            }
        }
        Kind::Rating {
            min,
            max,
            min_label,
            max_label,
        } => {
            view.inline = true;
            view.items = rating_points(*min, *max)
                .enumerate()
                .map(|(i, n)| {
                    let end = if n == *min {
                        min_label.as_ref()
                    } else if n == *max {
                        max_label.as_ref()
                    } else {
                        None
                    };
                    let label = match end {
                        Some(text) => format!("{n} – {}", text.get(lang)),
                        None => n.to_string(),
                    };
                    item(i, n.to_string(), label, None)
                })
                .collect();
        }
        Kind::YesNo => {
            view.inline = true;
            view.items = vec![
                item(0, "yes".to_owned(), t(lang, Msg::Yes).to_owned(), None),
                item(1, "no".to_owned(), t(lang, Msg::No).to_owned(), None),
            ];
        }
        Kind::Text {
            multiline,
            max_length,
        } => {
            view.is_choice = false;
            view.input_type = "text";
            view.multiline = *multiline;
            let limit = format!("{max_length} {}", t(lang, Msg::CharactersLimit));
            view.hint = Some(match view.hint.take() {
                Some(h) => format!("{h} ({limit})"),
                None => format!("({limit})"),
            });
        }
        Kind::Number { .. } => {
            view.is_choice = false;
            view.input_type = "text";
            view.short = true;
            view.inputmode = Some("decimal");
        }
        Kind::Email { consent } => {
            view.is_choice = false;
            view.input_type = "email";
            view.autocomplete = Some("email");
            view.hint = Some(match view.hint.take() {
                Some(h) => format!("{h} {}", consent.get(lang)),
                None => consent.get(lang).to_owned(),
            });
        }
    }
    let mut described = Vec::new();
    if view.hint.is_some() {
        described.push(format!("{}-hint", q.id));
    }
    if view.error.is_some() {
        described.push(format!("{}-error", q.id));
    }
    view.described_by = described.join(" ");
    view
}
