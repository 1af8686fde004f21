//! What is wrong with a workspace form, field by field, so a page can show each problem beside
//! the field to correct and the API can still answer with one message.

use std::fmt;

/// The part of a workspace form a problem is in, named as the form and the API name it; in
/// the order forms show them, so problems can be listed in that order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Field {
    Title,
    Description,
    Status,
    Reason,
    Themes,
    Questions,
    TargetDate,
    CompletedDate,
    /// A theme's name.
    Name,
    /// The theme to tag with.
    Theme,
    /// The theme to merge into.
    Into,
    /// The question whose comment is tagged.
    Question,
    /// The comments chosen for tagging at once.
    Comments,
    /// A response filter's period.
    Period,
    /// A response filter's user type.
    UserType,
    /// A response filter's words.
    Words,
    /// A response filter's page number.
    Page,
    /// A response filter's page the answers were given on.
    OnPage,
    /// A publisher's note on a sign-off.
    Note,
}

impl Field {
    /// The form field's name.
    pub fn name(self) -> &'static str {
        match self {
            Field::OnPage => "on_page",
            Field::Title => "title",
            Field::Description => "description",
            Field::Status => "status",
            Field::Reason => "reason",
            Field::Themes => "themes",
            Field::Questions => "questions",
            Field::TargetDate => "target_date",
            Field::CompletedDate => "completed_date",
            Field::Name => "name",
            Field::Theme => "theme",
            Field::Into => "into",
            Field::Question => "question",
            Field::Comments => "comments",
            Field::Period => "period",
            Field::UserType => "user_type",
            Field::Words => "q",
            Field::Page => "page",
            Field::Note => "note",
        }
    }
}

/// One problem: a sentence that starts with a capital and says what to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub field: Field,
    pub message: String,
}

/// Every problem with one form, in the order of its fields.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Problems(pub Vec<Problem>);

impl Problems {
    /// Records a problem with `field`.
    pub fn push(&mut self, field: Field, message: impl Into<String>) {
        self.0.push(Problem {
            field,
            message: message.into(),
        });
    }

    /// Whether nothing is wrong.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// `Ok(value)` when nothing is wrong.
    pub fn or<T>(self, value: T) -> Result<T, Problems> {
        if self.is_empty() {
            Ok(value)
        } else {
            Err(self)
        }
    }
}

impl From<Problem> for Problems {
    fn from(p: Problem) -> Self {
        Problems(vec![p])
    }
}

impl fmt::Display for Problems {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut first = true;
        for p in &self.0 {
            if !first {
                f.write_str(" ")?;
            }
            first = false;
            f.write_str(&p.message)?;
        }
        Ok(())
    }
}
