//! An opportunity's registrations as CSV, for the team to contact the people who signed up:
//! only for editors who ask, and audited where it is asked for.

use crate::definitions::{Language, Team};
use crate::storage::entities::registration;
use crate::text::spreadsheet_safe;

/// The header row.
const COLUMNS: [&str; 7] = [
    "registered_at",
    "place",
    "email",
    "user_type",
    "topics",
    "access_needs",
    "consent",
];

/// The CSV of `rows`, oldest first, user types named by their group's label.
pub fn csv(team: &Team, rows: &[registration::Model]) -> Result<Vec<u8>, csv::Error> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(COLUMNS)?;
    for r in rows {
        let user_type = user_type_label(team, &r.user_type, Language::En);
        let text = |t: &Option<String>| spreadsheet_safe(t.clone().unwrap_or_default());
        w.write_record([
            r.created_at.to_rfc3339(),
            r.place.clone(),
            text(&r.email),
            spreadsheet_safe(user_type),
            text(&r.topics),
            text(&r.access_needs),
            text(&r.consent),
        ])?;
    }
    w.into_inner().map_err(|e| csv::Error::from(e.into_error()))
}

/// How a registration's kind of user reads: its user group's label, or "Something else".
pub fn user_type_label(team: &Team, value: &str, lang: Language) -> String {
    team.group(value).map_or_else(
        || crate::i18n::t(lang, crate::i18n::Msg::SomethingElse).to_owned(),
        |g| g.label.get(lang).to_owned(),
    )
}
