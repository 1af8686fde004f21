//! A registration as a form sends it, checked into what is stored: an address, the person's
//! kind of user, and the two optional things they may tell the team.

use crate::definitions::Team;
use crate::i18n::Msg;
use serde::Deserialize;
use validator::ValidateEmail;

/// Longest "what would you like to talk about?" and "access needs", in characters.
const MAX_TEXT: usize = 1_000;

/// The form's fields, as sent.
#[derive(Debug, Default, Clone, Deserialize)]
pub struct RegistrationForm {
    #[serde(default)]
    pub email: String,
    #[serde(default)]
    pub consent: Option<String>,
    #[serde(default)]
    pub user_type: String,
    #[serde(default)]
    pub topics: String,
    #[serde(default)]
    pub access_needs: String,
}

/// A field of the form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Email,
    Consent,
    UserType,
    Topics,
    AccessNeeds,
}

impl Field {
    /// Its name in the form, and the id of its input.
    pub fn name(self) -> &'static str {
        match self {
            Field::Email => "email",
            Field::Consent => "consent",
            Field::UserType => "user_type",
            Field::Topics => "topics",
            Field::AccessNeeds => "access_needs",
        }
    }
}

/// What is wrong with one field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub field: Field,
    /// What to do about it, in the translation table.
    pub message: Msg,
}

/// A registration that passed the checks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sign {
    /// Lower-cased.
    pub email: String,
    /// One of the team's user group ids, or `other`.
    pub user_type: String,
    pub topics: Option<String>,
    pub access_needs: Option<String>,
}

/// The value of "something else" among the kinds of user.
pub const OTHER: &str = "other";

fn optional(text: &str) -> Option<String> {
    let text = crate::text::clean(text, true);
    (!text.is_empty()).then_some(text)
}

impl RegistrationForm {
    /// The registration, or every problem with the form in field order.
    pub fn check(&self, team: &Team) -> Result<Sign, Vec<Problem>> {
        let mut problems = Vec::new();
        let mut fail = |field, message| problems.push(Problem { field, message });
        let email = self.email.trim().to_lowercase();
        if email.is_empty() {
            fail(Field::Email, Msg::EnterYourEmail);
        } else if email.len() > 254
            || !crate::storable::is_storable(&email)
            || !email.validate_email()
        {
            fail(Field::Email, Msg::EmailFormat);
        }
        if self.consent.as_deref() != Some("yes") {
            fail(Field::Consent, Msg::ConfirmConsent);
        }
        let user_type = self.user_type.trim();
        let known = user_type == OTHER || team.group(user_type).is_some();
        if !known {
            fail(Field::UserType, Msg::SelectDescribesYou);
        }
        let topics = optional(&self.topics);
        let access_needs = optional(&self.access_needs);
        for (field, text) in [
            (Field::Topics, &topics),
            (Field::AccessNeeds, &access_needs),
        ] {
            if let Some(text) = text {
                if text.chars().count() > MAX_TEXT {
                    fail(field, Msg::KeepShort);
                } else if !crate::storable::is_storable(text) {
                    fail(field, Msg::InvalidText);
                }
            }
        }
        if !problems.is_empty() {
            return Err(problems);
        }
        Ok(Sign {
            email,
            user_type: user_type.to_owned(),
            topics,
            access_needs,
        })
    }
}
