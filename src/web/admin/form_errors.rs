//! A refused workspace form shown again, the way the public survey form is: an error summary
//! linking to each field, and each message beside its field.

use crate::workspace::problems::{Field, Problems};

/// One message, with the id of the element it is about.
pub struct FieldError {
    /// The form field's name, for finding its message in a template.
    pub field: &'static str,
    /// The id of the input the summary links to; its message has the id `{href}-error`.
    pub href: String,
    pub message: String,
}

/// The problems of one form, as its page shows them.
#[derive(Default)]
pub struct FormErrors(Vec<FieldError>);

impl FormErrors {
    /// `problems`, each linked to the input `href` names for its field.
    pub fn new(problems: Problems, href: impl Fn(Field) -> String) -> Self {
        let mut problems = problems.0;
        problems.sort_by_key(|p| p.field);
        FormErrors(
            problems
                .into_iter()
                .map(|p| FieldError {
                    field: p.field.name(),
                    href: href(p.field),
                    message: p.message,
                })
                .collect(),
        )
    }

    /// The message for the field named `field`, if it has one.
    pub fn get(&self, field: &str) -> Option<&FieldError> {
        self.0.iter().find(|e| e.field == field)
    }

    /// Whether the form was accepted, or not yet sent.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Every message, in the order of the fields.
    pub fn iter(&self) -> std::slice::Iter<'_, FieldError> {
        self.0.iter()
    }
}
