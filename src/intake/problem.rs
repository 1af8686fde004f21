//! What validation found wrong, as data: a problem and its parameters per question. Each door
//! words them once, in its own terms: the form and the API in the respondent's language
//! (`Problems::in_language`), the importer in terms of the sheet's cells.

use super::field_errors::{Code, FieldErrors};
use crate::definitions::Language;
use crate::i18n::{Msg, t};

/// What an answer must be that it is not.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Problem {
    /// Nothing was given for a required question; `typed` when it takes typed text or a number
    /// rather than a choice.
    Required { typed: bool },
    /// The field names no question of the survey.
    UnknownQuestion,
    /// The value is not one of the question's options (or rating points, or yes/no).
    UnknownOption,
    /// The value is of a kind the question does not take (a list for text, `null`…).
    WrongType,
    /// A yes/no question was sent a JSON `true` or `false`.
    NotYesNo,
    /// The text is longer than `max` characters.
    TooLong { max: u32 },
    /// The "Other" text is longer than `max` characters.
    OtherTooLong { max: u32 },
    /// More choices than `max`.
    TooMany { max: u32 },
    /// Fewer choices than `min`.
    TooFew { min: u32 },
    /// Several values for a question that takes one.
    OneOnly,
    /// "Other" is chosen without its text.
    OtherMissing,
    /// The text is not a number.
    NotANumber,
    /// The number is not whole, and the question takes whole numbers.
    NotAnInteger,
    /// The number lies outside `lo..=hi`.
    OutOfRange { lo: f64, hi: f64 },
    /// Not an email address.
    InvalidEmail,
    /// The text holds a character that cannot be stored (NUL).
    InvalidText,
}

impl Problem {
    /// The stable code API clients read.
    pub fn code(self) -> Code {
        match self {
            Problem::Required { .. } => Code::Required,
            Problem::UnknownQuestion => Code::UnknownQuestion,
            Problem::UnknownOption => Code::UnknownOption,
            Problem::WrongType | Problem::NotYesNo => Code::WrongType,
            Problem::TooLong { .. } | Problem::OtherTooLong { .. } => Code::TooLong,
            Problem::TooMany { .. } => Code::TooMany,
            Problem::TooFew { .. } => Code::TooFew,
            Problem::OneOnly => Code::OneOnly,
            Problem::OtherMissing => Code::OtherMissing,
            Problem::NotANumber => Code::NotANumber,
            Problem::NotAnInteger => Code::NotAnInteger,
            Problem::OutOfRange { .. } => Code::OutOfRange,
            Problem::InvalidEmail => Code::InvalidEmail,
            Problem::InvalidText => Code::InvalidText,
        }
    }

    /// What the respondent is asked to do, in `lang`.
    pub fn message(self, lang: Language) -> String {
        let fixed = |msg| t(lang, msg).to_owned();
        let (en, cy) = match self {
            Problem::Required { typed: true } => return fixed(Msg::EnterAnswer),
            Problem::Required { typed: false } => return fixed(Msg::SelectAnswer),
            Problem::UnknownQuestion => return fixed(Msg::UnknownQuestion),
            Problem::UnknownOption => return fixed(Msg::SelectOneOfTheOptions),
            Problem::WrongType => return fixed(Msg::WrongType),
            Problem::OneOnly => return fixed(Msg::SelectOnlyOne),
            Problem::OtherMissing => return fixed(Msg::EnterOther),
            Problem::NotANumber => return fixed(Msg::EnterNumber),
            Problem::NotAnInteger => return fixed(Msg::EnterWholeNumber),
            Problem::InvalidEmail => return fixed(Msg::EnterEmail),
            Problem::InvalidText => return fixed(Msg::InvalidText),
            Problem::NotYesNo => (
                "Send \"yes\" or \"no\" as a string for this question, not true or false".to_owned(),
                "Anfonwch \"yes\" neu \"no\" fel llinyn ar gyfer y cwestiwn hwn, nid true neu false".to_owned(),
            ),
            Problem::TooLong { max } | Problem::OtherTooLong { max } => (
                format!("Your answer must be {max} characters or fewer"),
                format!("Rhaid i'ch ateb fod yn {max} nod neu lai"),
            ),
            Problem::TooMany { max } => (
                format!("Select no more than {max}"),
                format!("Dewiswch ddim mwy na {max}"),
            ),
            Problem::TooFew { min } => (
                format!("Select at least {min}"),
                format!("Dewiswch o leiaf {min}"),
            ),
            Problem::OutOfRange { lo, hi } => (
                format!("Enter a number between {lo} and {hi}"),
                format!("Rhowch rif rhwng {lo} a {hi}"),
            ),
        };
        match lang {
            Language::En => en,
            Language::Cy => cy,
        }
    }
}

/// Every problem with a submission, in question order: the field and what is wrong with it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Problems(Vec<(String, Problem)>);

impl Problems {
    /// Records a problem with `field`.
    pub fn push(&mut self, field: &str, problem: Problem) {
        self.0.push((field.to_owned(), problem));
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Each field with its problem, in order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, Problem)> {
        self.0.iter().map(|(field, p)| (field.as_str(), *p))
    }

    /// The problems worded for a respondent in `lang`, as the form and the API show them.
    pub fn in_language(&self, lang: Language) -> FieldErrors {
        let mut errors = FieldErrors::default();
        for (field, problem) in self.iter() {
            errors.push(field, problem.code(), problem.message(lang));
        }
        errors
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_problem_is_worded_in_each_language_with_its_parameters() {
        let p = Problem::TooLong { max: 500 };
        assert_eq!(
            p.message(Language::En),
            "Your answer must be 500 characters or fewer"
        );
        assert_eq!(
            p.message(Language::Cy),
            "Rhaid i'ch ateb fod yn 500 nod neu lai"
        );
        let range = Problem::OutOfRange { lo: 0.0, hi: 10.0 };
        assert_eq!(
            range.message(Language::En),
            "Enter a number between 0 and 10"
        );
        assert_eq!(range.code(), Code::OutOfRange);
    }

    #[test]
    fn problems_keep_their_order_when_worded() {
        let mut problems = Problems::default();
        problems.push("b", Problem::Required { typed: false });
        problems.push("a", Problem::InvalidEmail);
        let errors = problems.in_language(Language::En);
        let fields: Vec<&str> = errors.0.iter().map(|e| e.question.as_str()).collect();
        assert_eq!(fields, ["b", "a"]);
        assert_eq!(errors.0[0].message, "Select an answer");
    }
}
