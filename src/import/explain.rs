//! A refused cell explained in the importer's terms: what the sheet holds and what the question
//! takes ("7 is not between 1 and 5"), not the respondent's ("Select one of the options").

use super::sheet::split_choices;
use crate::definitions::{Kind, Language, Question};
use crate::intake::Problem;

/// Longest stretch of a cell quoted back; a whole comment would drown the line.
const QUOTED_CHARS: usize = 40;

/// Why `cell`, the sheet's text for question `q`, was refused with `problem`.
pub fn explain(q: &Question, problem: Problem, cell: &str) -> String {
    let quoted = quote(cell);
    match (problem, &q.kind) {
        (Problem::Required { .. }, _) => {
            "the cell is empty, but the question must be answered".to_owned()
        }
        (Problem::UnknownOption | Problem::NotANumber, Kind::Rating { min, max, .. }) => {
            match crate::text::typed_number(cell) {
                Some(n) if n.fract() != 0.0 => {
                    format!("{} is not a whole number from {min} to {max}", cell.trim())
                }
                Some(_) => format!("{} is not between {min} and {max}", cell.trim()),
                None => format!("{quoted} is not a number from {min} to {max}"),
            }
        }
        (Problem::UnknownOption, Kind::YesNo) => format!("{quoted} is neither Yes nor No"),
        (Problem::UnknownOption, Kind::SingleChoice { options, .. }) => format!(
            "{quoted} is not one of the choices ({})",
            labels(options.iter().map(|o| o.label.get(Language::En)))
        ),
        (Problem::UnknownOption, Kind::MultipleChoice { options, .. }) => {
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
        (Problem::NotANumber, _) => format!("{quoted} is not a number"),
        (Problem::NotAnInteger, _) => format!("{} is not a whole number", cell.trim()),
        // Without limits of its own, a question refuses only what cannot be stored.
        (
            Problem::OutOfRange { hi, .. },
            Kind::Number {
                min: None,
                max: None,
                ..
            },
        ) => {
            format!("{} is too large to store (at most {hi})", cell.trim())
        }
        (Problem::OutOfRange { lo, hi }, _) => {
            format!("{} is not between {lo} and {hi}", cell.trim())
        }
        (Problem::TooLong { max }, _) => format!(
            "the text is {} characters long; the question takes at most {max}",
            cell.chars().count()
        ),
        (Problem::OtherTooLong { max }, _) => {
            format!("the “Other” text is longer than {max} characters")
        }
        (Problem::TooMany { max }, _) => {
            format!("the cell holds more than {max} choices, the most the question takes")
        }
        (Problem::TooFew { min }, _) => {
            format!("the cell holds fewer than {min} choices, the fewest the question takes")
        }
        (Problem::OneOnly, _) => {
            format!("{quoted} holds more than one answer, but the question takes one")
        }
        (Problem::OtherMissing, _) => "“Other” is chosen but no other text is given".to_owned(),
        (Problem::InvalidEmail, _) => format!("{quoted} is not an email address"),
        (Problem::InvalidText, _) => {
            "the cell holds a NUL character (%00), which cannot be stored; remove it".to_owned()
        }
        // The remaining problems come from API bodies, which a sheet cannot produce.
        (
            Problem::UnknownOption
            | Problem::UnknownQuestion
            | Problem::WrongType
            | Problem::NotYesNo,
            _,
        ) => problem.message(Language::En),
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
