//! Removes personal details with a fixed syntax from feedback quotes before publication. Names
//! and street addresses have none, so they are left to the producer, who reviews every quote.

use regex::Regex;
use std::sync::LazyLock;

/// What was removed, for the producer's review screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    Email,
    Phone,
    Postcode,
    Url,
    NationalInsurance,
}

impl Kind {
    fn placeholder(self) -> &'static str {
        match self {
            Kind::Email => "[email removed]",
            Kind::Phone => "[phone number removed]",
            Kind::Postcode => "[postcode removed]",
            Kind::Url => "[link removed]",
            Kind::NationalInsurance => "[National Insurance number removed]",
        }
    }
}

/// A quote with personal details replaced by `[email removed]`, `[phone number removed]`,
/// `[postcode removed]`, `[link removed]`, `[National Insurance number removed]`.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Redacted {
    pub text: String,
    /// One entry per replacement, in the order they appear in the text.
    pub removed: Vec<Kind>,
}

/// Published instead of the quote if the patterns failed to compile: fail closed. Masking only
/// digits and `@` would still leave the name in an email address or link readable.
const WITHHELD: &str = "[quote withheld: personal details could not be checked]";

/// Earlier entries win when two matches start at the same place: a local part of all digits
/// is an email, not a phone number.
const PATTERNS: [(Kind, &str); 8] = [
    (
        Kind::Email,
        r"[\w.%+\-]+@[\w\-]+(?:\.[\w\-]+)*\.\p{L}{2,}\b",
    ),
    // Spelt out to dodge filters: "jane at example dot com", "jane [at] example [dot] org".
    (
        Kind::Email,
        r"(?i)\b[\w.+\-]+\s*(?:\bat\b|\[at\]|\(at\))\s*[\w\-]+(?:\s*(?:\bdot\b|\[dot\]|\(dot\))\s*[\w\-]+)+\b",
    ),
    (
        Kind::Url,
        r#"(?i)\b(?:(?:https?|ftp)://|www\.)[^\s<>"“”‘’]+"#,
    ),
    // A bare domain, with or without a path: "example.com/page", "bit.ly/x". Only common
    // endings count, so "PM2.5", "Table 3.2" and "e.g." are never taken for one.
    (
        Kind::Url,
        concat!(
            r#"(?i)\b[a-z0-9](?:[a-z0-9\-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9\-]*[a-z0-9])?)*"#,
            r#"\.(?:com|org|net|uk|ly|io|gov|edu|info|biz|me|co|eu|ie|app|dev|ai|tv|link|site|online|xyz|ws|to|gl|gd|cymru|wales|scot|london)"#,
            r#"\b(?:/[^\s<>"“”‘’]*)?"#,
        ),
    ),
    // Any two letters, not only prefixes HMRC issues: a mistyped number is still personal,
    // and HMRC's own example prefix, QQ, is never issued.
    (
        Kind::NationalInsurance,
        r"(?i)\b[A-Z]{2} ?\d{2} ?\d{2} ?\d{2} ?[A-D]\b",
    ),
    // Digits after +44 in `intl`, a whole national number in `national`. Groups after the first
    // need 3+ digits so that runs like "01 23 45 67 89" stay; `phone_end` checks the length.
    (
        Kind::Phone,
        concat!(
            r"(?:(?:\+|\b00)44[ \-]?(?:\(0\)[ \-]?)?(?P<intl>\d+(?:[ \-]\d{3,})*)",
            r"|(?P<national>(?:\b0\d+|\(0\d{2,4}\)[ \-]?\d{3,})(?:[ \-]\d{3,})*))\b",
        ),
    ),
    // A number typed one digit at a time, to get past filters: "0 7 7 0 0 9 0 0 1 2 3".
    (
        Kind::Phone,
        r"(?:(?:\+|\b00) ?4 ?4 ?(?:\d ?){9}\d|\b0(?:[ .\-]\d){9,10})\b",
    ),
    // Royal Mail's letter rules: the excluded letters keep out most codes that are not postcodes.
    (
        Kind::Postcode,
        concat!(
            r"(?i)\b(?:GIR ?0AA|[A-PR-UWYZ](?:\d[A-HJKPSTUW\d]?|[A-HK-Y]\d[ABEHMNPRVWXY\d]?)",
            r" ?\d[ABD-HJLNP-UW-Z]{2})\b",
        ),
    ),
];

/// Compiled once. `None` only if a pattern is invalid, which a test rules out.
static COMPILED: LazyLock<Option<Vec<(Kind, Regex)>>> = LazyLock::new(|| {
    PATTERNS
        .iter()
        .map(|&(kind, pattern)| Regex::new(pattern).ok().map(|re| (kind, re)))
        .collect()
});

/// `quote` with full-width digits, letters and spaces in their ASCII form, so patterns see
/// "０７７００ ９００１２３" as the phone number it is; with, for each byte of the result,
/// where it came from in `quote` (one more entry for the end).
fn normalise(quote: &str) -> (String, Vec<usize>) {
    let mut text = String::with_capacity(quote.len());
    let mut origin = Vec::with_capacity(quote.len().saturating_add(1));
    for (at, c) in quote.char_indices() {
        let ascii = match u32::from(c) {
            0xFF01..=0xFF5E => u32::from(c)
                .checked_sub(0xFEE0)
                .and_then(char::from_u32)
                .unwrap_or(c),
            0x3000 => ' ',
            _ => c,
        };
        for _ in 0..ascii.len_utf8() {
            origin.push(at);
        }
        text.push(ascii);
    }
    origin.push(quote.len());
    (text, origin)
}

/// Removes email addresses, UK phone numbers, UK postcodes, URLs and National Insurance numbers.
pub fn redact(quote: &str) -> Redacted {
    let Some(compiled) = COMPILED.as_ref() else {
        return Redacted {
            text: WITHHELD.to_owned(),
            removed: Vec::new(),
        };
    };
    let (normal, origin) = normalise(quote);
    let original = |at: usize| origin.get(at).copied().unwrap_or(quote.len());
    let found = matches(compiled, &normal)
        .into_iter()
        .map(|(start, end, kind)| (original(start), original(end), kind));
    replace(quote, found)
}

/// Every match in `quote`, as (start, end, kind), ordered by start.
fn matches(compiled: &[(Kind, Regex)], quote: &str) -> Vec<(usize, usize, Kind)> {
    let mut found: Vec<(usize, usize, Kind)> = Vec::new();
    for (kind, re) in compiled {
        for caps in re.captures_iter(quote) {
            let Some(whole) = caps.get(0) else { continue };
            let end = match kind {
                // A byte offset into `quote`: no more than `whole.end()`.
                Kind::Url => whole.start().saturating_add(link_len(whole.as_str())),
                Kind::Phone => match phone_end(quote, &caps) {
                    Some(end) => end,
                    None => continue,
                },
                _ => whole.end(),
            };
            found.push((whole.start(), end, *kind));
        }
    }
    // Stable, so matches starting at the same place stay in pattern order.
    found.sort_by_key(|&(start, _, _)| start);
    found
}

/// `quote` with each found range replaced by its placeholder.
fn replace(quote: &str, found: impl Iterator<Item = (usize, usize, Kind)>) -> Redacted {
    // Overlapping matches are merged into the first, so digits inside an email address or
    // link are not replaced a second time and no part of either is left behind.
    let mut text = String::with_capacity(quote.len());
    let mut removed = Vec::new();
    let mut done = 0;
    for (start, end, kind) in found {
        if start < done {
            done = done.max(end);
            continue;
        }
        text.push_str(&quote[done..start]);
        text.push_str(kind.placeholder());
        removed.push(kind);
        done = end;
    }
    text.push_str(&quote[done..]);
    Redacted { text, removed }
}

/// Length of a link without trailing punctuation that belongs to the sentence around it.
fn link_len(link: &str) -> usize {
    let mut link = link;
    while let Some((at, last)) = link.char_indices().next_back() {
        let trailing = match last {
            ')' => link.matches('(').count() < link.matches(')').count(),
            ']' => link.matches('[').count() < link.matches(']').count(),
            _ => ".,;:!?'".contains(last),
        };
        if !trailing {
            break;
        }
        link = &link[..at];
    }
    link.len()
}

/// End of a UK phone number in a candidate match, or `None` if it is not one. A following
/// number such as a year is left out by keeping only the digit groups that make a valid length.
fn phone_end(quote: &str, caps: &regex::Captures) -> Option<usize> {
    // 0 and 9 or 10 more digits nationally; the same 9 or 10 after +44.
    let (digits, range) = match (caps.name("intl"), caps.name("national")) {
        (Some(intl), _) => (intl, 9..=10),
        (None, Some(national)) => (national, 10..=11),
        // The digit-by-digit and long-run patterns have no groups: the whole match counts.
        (None, None) => return Some(caps.get(0)?.end()),
    };
    let mut count = 0_usize;
    let mut end = None;
    for (i, c) in digits.as_str().char_indices() {
        if c.is_ascii_digit() {
            count = count.saturating_add(1);
            let next = digits.as_str().get(i..).and_then(|s| s.chars().nth(1));
            let group_ends = !next.is_some_and(|n| n.is_ascii_digit());
            if group_ends && range.contains(&count) {
                // Just after this ASCII digit: a byte offset into `quote`.
                end = Some(digits.start().saturating_add(i).saturating_add(1));
            }
        }
    }
    let end = end?;
    let start = caps.get(0)?.start();
    // Not part of a decimal, a date or a longer number: "0.0770090012", "07700900123/4".
    let mut before = quote[..start].chars().rev();
    let mut after = quote[end..].chars();
    let joined = |c: Option<char>, d: Option<char>| {
        c.is_some_and(|c| ".,/:".contains(c)) && d.is_some_and(|d| d.is_ascii_digit())
    };
    let (b1, b2) = (before.next(), before.next());
    if b1.is_some_and(|c| c.is_ascii_digit())
        || joined(b1, b2)
        || joined(after.next(), after.next())
    {
        return None;
    }
    Some(end)
}

#[cfg(test)]
mod tests {
    use super::*;

    const PHONE: &str = "[phone number removed]";
    const POSTCODE: &str = "[postcode removed]";

    #[test]
    fn each_kind_of_detail_is_replaced_and_everything_else_is_left_alone() {
        let cases: &[(&str, &str)] = &[
            ("jane.doe+stats@mail.example.co.uk.", "[email removed]."),
            ("(j_smith@example.com)", "([email removed])"),
            ("https://example.org/a?b=1 now", "[link removed] now"),
            ("(see http://example.com/x_(y))", "(see [link removed])"),
            ("At WWW.Example.org/tables.", "At [link removed]."),
            ("Call 07700 900123", "Call [phone number removed]"),
            ("+44 7700 900123", PHONE),
            ("020 7946 0000", PHONE),
            ("(020) 7946 0000", PHONE),
            ("0161-496-0000", PHONE),
            ("01632 960 001", PHONE),
            ("+44 (0)20 7946 0000", PHONE),
            ("07700900123.", "[phone number removed]."),
            ("ring 07700 900123 2026", "ring [phone number removed] 2026"),
            ("SW1A 1AA", POSTCODE),
            ("near sw1a1aa.", "near [postcode removed]."),
            ("M1 1AE", POSTCODE),
            ("B33 8TH", POSTCODE),
            ("CR2 6XH", POSTCODE),
            ("DN55 1PT", POSTCODE),
            ("EC1A 1BB", POSTCODE),
            ("W1A 0AX", POSTCODE),
            ("GIR 0AA", POSTCODE),
            ("QQ 12 34 56 C", "[National Insurance number removed]"),
            ("qq123456c", "[National Insurance number removed]"),
            ("In 2026 it was 1,234,567.", "In 2026 it was 1,234,567."),
            ("On 01/04/2026, 2026-04-01", "On 01/04/2026, 2026-04-01"),
            ("See Table 3.2 and table 3.2", "See Table 3.2 and table 3.2"),
            ("PM10, PM2.5, NO2, SO2, CO2", "PM10, PM2.5, NO2, SO2, CO2"),
            ("e.g. the v2.1 release", "e.g. the v2.1 release"),
            ("Q3 2026 versus 2026-Q3", "Q3 2026 versus 2026-Q3"),
            ("codes 01 23 45 67 89", "codes 01 23 45 67 89"),
            ("a ratio of 0.0770090012", "a ratio of 0.0770090012"),
            (
                "PM2.5 and NOx fell; see Table 3.2, e.g. row 4",
                "PM2.5 and NOx fell; see Table 3.2, e.g. row 4",
            ),
            (
                "ratings 1 2 3 4 5 and 0 1 2 3",
                "ratings 1 2 3 4 5 and 0 1 2 3",
            ),
            ("at example.com/page now", "at [link removed] now"),
            ("short link bit.ly/x3", "short link [link removed]"),
            ("see stats.gov.uk.", "see [link removed]."),
            ("ftp://files.example.org/a.csv", "[link removed]"),
            ("ring 0 7 7 0 0 9 0 0 1 2 3", "ring [phone number removed]"),
            (
                "ring ０７７００ ９００１２３ today",
                "ring [phone number removed] today",
            ),
            ("jane at example dot com", "[email removed]"),
            ("jane.doe [at] example [dot] co [dot] uk", "[email removed]"),
            ("look at the tables", "look at the tables"),
            ("ＳＷ１Ａ １ＡＡ", POSTCODE),
        ];
        let wrong: Vec<String> = cases
            .iter()
            .filter_map(|&(input, expected)| {
                let got = redact(input).text;
                (got != expected).then(|| format!("{input:?} gave {got:?}, not {expected:?}"))
            })
            .collect();
        assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    }

    #[test]
    fn text_without_personal_details_is_unchanged_and_nothing_is_reported_removed() {
        let quote = "The 2026 tables (e.g. Table 3.2) were clearer; PM2.5 fell by 1,234 in Q3.";
        assert_eq!(
            redact(quote),
            Redacted {
                text: quote.to_owned(),
                removed: Vec::new()
            }
        );
    }

    #[test]
    fn several_kinds_in_one_quote_are_all_removed_and_listed_in_text_order() {
        let got = redact(
            "I'm at B33 8TH, on 0161 496 0000 or me@example.com; see www.example.org \
             and quote QQ123456C.",
        );
        assert_eq!(
            got.text,
            "I'm at [postcode removed], on [phone number removed] or [email removed]; \
             see [link removed] and quote [National Insurance number removed]."
        );
        use Kind::*;
        assert_eq!(
            got.removed,
            [Postcode, Phone, Email, Url, NationalInsurance]
        );
    }

    #[test]
    fn digits_inside_an_email_address_or_link_are_not_removed_twice() {
        let got = redact("07700900123@example.com or https://example.org/u/07700900123?p=SW1A1AA");
        assert_eq!(got.text, "[email removed] or [link removed]");
        assert_eq!(got.removed, [Kind::Email, Kind::Url]);
        let got = redact("https://example.org/?from=me@example.com");
        assert_eq!(got.text, "[link removed]");
    }

    #[test]
    fn redacting_twice_changes_nothing_more() {
        let once = redact("me@example.com, 020 7946 0000, SW1A 1AA, QQ 12 34 56 C").text;
        assert_eq!(redact(&once).text, once);
    }

    #[test]
    fn every_pattern_compiles_so_quotes_are_never_withheld() {
        assert_eq!(COMPILED.as_ref().map(Vec::len), Some(PATTERNS.len()));
    }

    #[test]
    fn kinds_are_serialised_in_snake_case_for_the_review_screen() {
        let json = serde_json::to_string(&redact("QQ123456C at www.example.org")).unwrap();
        assert_eq!(
            json,
            r#"{"text":"[National Insurance number removed] at [link removed]","removed":["national_insurance","url"]}"#
        );
    }
}
