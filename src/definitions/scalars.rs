//! Small values inside a definition: slugs, dates, durations, origins.

use super::survey::{Length, PeriodUnit};
use chrono::NaiveDate;

/// A survey or team id: `food-statistics`.
pub fn is_slug(s: &str) -> bool {
    let mut chars = s.chars();
    chars.next().is_some_and(|c| c.is_ascii_lowercase())
        && s.chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        && !s.ends_with('-')
        && !s.contains("--")
}

/// A question id: like a slug, and underscores are allowed too (`why_unsatisfied`).
pub fn is_question_id(s: &str) -> bool {
    s.chars().next().is_some_and(|c| c.is_ascii_lowercase())
        && s.chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_')
}

/// An option value: lowercase letters, digits, `-` and `_`; may start with a digit (`16-24`).
pub fn is_option_value(s: &str) -> bool {
    !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_')
}

/// The stable value derived from an option's text: `Prices and expenditure` → `prices-and-expenditure`.
pub fn slugify(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    while out.ends_with('-') {
        out.pop();
    }
    out
}

/// A calendar date written `YYYY-MM-DD`.
pub fn date(s: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").ok()
}

/// A duration written `18 months`, `1 year`, `90 days`.
pub fn period(s: &str) -> Option<Length> {
    let mut words = s.split_whitespace();
    let amount: u32 = words.next()?.parse().ok()?;
    let unit = match words.next()?.to_ascii_lowercase().trim_end_matches('s') {
        "day" => PeriodUnit::Days,
        "week" => PeriodUnit::Weeks,
        "month" => PeriodUnit::Months,
        "year" => PeriodUnit::Years,
        _ => return None,
    };
    (words.next().is_none() && amount > 0).then_some(Length { amount, unit })
}

/// An https:// link with a host and no spaces.
pub fn is_https(s: &str) -> bool {
    s.strip_prefix("https://")
        .is_some_and(|rest| !rest.is_empty() && !rest.starts_with('/'))
        && !s.contains(char::is_whitespace)
}

/// A web origin: `https://www.gov.uk` or `http://localhost:8000`, nothing after the host.
pub fn is_origin(s: &str) -> bool {
    let Some(rest) = s
        .strip_prefix("https://")
        .or_else(|| s.strip_prefix("http://"))
    else {
        return false;
    };
    let (host, port) = match rest.rsplit_once(':') {
        Some((h, p)) => (h, Some(p)),
        None => (rest, None),
    };
    !host.is_empty()
        && host
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '.')
        && port.is_none_or(|p| !p.is_empty() && p.parse::<u16>().is_ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_derived_stably_from_option_text() {
        assert_eq!(slugify("Prices and expenditure"), "prices-and-expenditure");
        assert_eq!(slugify("PDF (print version)"), "pdf-print-version");
        assert_eq!(slugify("  16–24 "), "16-24");
        assert_eq!(slugify("Ŵyn"), "yn");
        assert_eq!(slugify("!!!"), "");
    }

    #[test]
    fn ids_follow_the_documented_rules() {
        assert!(is_slug("food-statistics-pocketbook"));
        assert!(!is_slug("Food"));
        assert!(!is_slug("food_stats"));
        assert!(!is_slug("food-"));
        assert!(is_question_id("why_unsatisfied"));
        assert!(!is_question_id("1st"));
        assert!(is_option_value("16-24"));
    }

    #[test]
    fn periods_read_plain_english() {
        assert_eq!(
            period("18 months"),
            Some(Length {
                amount: 18,
                unit: PeriodUnit::Months
            })
        );
        assert_eq!(period("1 year").map(|p| p.approx_days()), Some(365));
        assert_eq!(period("0 days"), None);
        assert_eq!(period("forever"), None);
        assert_eq!(period("2 fortnights"), None);
    }

    #[test]
    fn origins_have_no_path() {
        assert!(is_origin("https://www.gov.uk"));
        assert!(is_origin("http://localhost:8000"));
        assert!(!is_origin("https://www.gov.uk/"));
        assert!(!is_origin("www.gov.uk"));
        assert!(!is_origin("https://www.gov.uk:http"));
    }
}
