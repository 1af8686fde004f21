//! A refused cell explained in the importer's terms: what the sheet holds and what the question
//! takes ("7 is not between 1 and 5"), not the respondent's ("Select one of the options").

use super::sheet::split_choices;
use crate::definitions::{Kind, Language, MAX_NUMBER, Question};
use crate::intake::{Code, FieldError};

/// Longest stretch of a cell quoted back; a whole comment would drown the line.
const QUOTED_CHARS: usize = 40;

/// Why `cell`, the sheet's text for question `q`, was refused with `error`.
pub fn explain(q: &Question, error: &FieldError, cell: &str) -> String {
    let quoted = quote(cell);
    match (error.code, &q.kind) {
        (Code::Required, _) => "the cell is empty, but the question must be answered".to_owned(),
        (Code::UnknownOption | Code::NotANumber, Kind::Rating { min, max, .. }) => {
            match crate::text::typed_number(cell) {
                Some(n) if n.fract() != 0.0 => {
                    format!("{} is not a whole number from {min} to {max}", cell.trim())
                }
                Some(_) => format!("{} is not between {min} and {max}", cell.trim()),
                None => format!("{quoted} is not a number from {min} to {max}"),
            }
        }
        (Code::UnknownOption, Kind::YesNo) => format!("{quoted} is neither Yes nor No"),
        (Code::UnknownOption, Kind::SingleChoice { options, .. }) => format!(
            "{quoted} is not one of the choices ({})",
            labels(options.iter().map(|o| o.label.get(Language::En)))
        ),
        (Code::UnknownOption, Kind::MultipleChoice { options, .. }) => {
            let known: Vec<&str> = options.iter().map(|o| o.label.get(Language::En)).collect();
            let unknown: Vec<String> = split_choices(cell, &known)
                .into_iter()
                .filter(|part| super::option_value(q, part).is_none())
                .map(|part| quote(&part))
                .collect();
            let which = if unknown.is_empty() {
                quoted
            } else {
                unknown.join(", ")
            };
            format!(
                "{which} is not one of the choices ({})",
                labels(known.into_iter())
            )
        }
        (Code::NotANumber, _) => format!("{quoted} is not a number"),
        (Code::NotAnInteger, _) => format!("{} is not a whole number", cell.trim()),
        (Code::OutOfRange, Kind::Number { min, max, .. }) => {
            let (lo, hi) = (min.unwrap_or(-MAX_NUMBER), max.unwrap_or(MAX_NUMBER));
            match (min, max) {
                (None, None) => format!("{} is too large to store (at most {hi})", cell.trim()),
                _ => format!("{} is not between {lo} and {hi}", cell.trim()),
            }
        }
        (Code::TooLong, Kind::Text { max_length, .. }) => format!(
            "the text is {} characters long; the question takes at most {max_length}",
            cell.chars().count()
        ),
        (Code::TooLong, _) => format!(
            "the “Other” text is longer than {} characters",
            crate::intake::MAX_OTHER_LENGTH
        ),
        (
            Code::TooMany,
            Kind::MultipleChoice {
                max_selected: Some(max),
                ..
            },
        ) => format!("the cell holds more than {max} choices, the most the question takes"),
        (
            Code::TooFew,
            Kind::MultipleChoice {
                min_selected: Some(min),
                ..
            },
        ) => format!("the cell holds fewer than {min} choices, the fewest the question takes"),
        (Code::OneOnly, _) => {
            format!("{quoted} holds more than one answer, but the question takes one")
        }
        (Code::OtherMissing, _) => "“Other” is chosen but no other text is given".to_owned(),
        (Code::InvalidEmail, _) => format!("{quoted} is not an email address"),
        (Code::InvalidText, _) => {
            "the cell holds a NUL character (%00), which cannot be stored; remove it".to_owned()
        }
        // The remaining codes come from API bodies, which a sheet cannot produce.
        _ => error.message.clone(),
    }
}

/// A cell as it will be quoted: in quotation marks, cut short when long.
fn quote(cell: &str) -> String {
    let mut chars = cell.chars();
    let start: String = chars.by_ref().take(QUOTED_CHARS).collect();
    let more = if chars.next().is_some() { "…" } else { "" };
    format!("“{start}{more}”")
}

/// `“A”, “B” or “C”`.
fn labels<'a>(labels: impl Iterator<Item = &'a str>) -> String {
    let quoted: Vec<String> = labels.map(|l| format!("“{l}”")).collect();
    crate::text::or_list(&quoted)
}
