//! The YAML as written, with a position on every node.
//!
//! Only this file knows the YAML crate. Everything here is loose on purpose (strings where the
//! typed model has enums) so that `parse` can word each mistake in the producer's terms.

use serde::Deserialize;
use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde_saphyr::Spanned;
use std::fmt;

/// A position in the source file, 1-based.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Pos {
    pub line: u64,
    pub column: u64,
}

/// A value and where it was written.
pub type At<T> = Spanned<T>;

/// Where a spanned value starts.
pub fn pos<T>(s: &At<T>) -> Pos {
    Pos {
        line: s.referenced.line().max(1),
        column: s.referenced.column().max(1),
    }
}

/// A whole survey file.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawSurvey {
    pub id: At<String>,
    pub title: At<RawText>,
    pub intro: Option<At<RawText>>,
    pub owner: At<String>,
    pub status: At<String>,
    pub closes_on: Option<At<Scalar>>,
    pub languages: Option<At<Vec<At<String>>>>,
    pub publish: Option<At<RawPublish>>,
    pub user_types: Option<At<String>>,
    pub embed: Option<At<RawEmbed>>,
    pub widget: Option<At<RawWidget>>,
    pub thank_you: Option<At<RawText>>,
    pub retention: Option<At<RawRetention>>,
    pub questions: At<Vec<At<RawQuestion>>>,
}

/// `publish:` block.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawPublish {
    pub every: Option<At<String>>,
    pub min_count: Option<At<i64>>,
    pub auto: Option<At<bool>>,
    pub contact: Option<At<String>>,
}

/// `embed:` block.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawEmbed {
    pub allowed_origins: At<Vec<At<String>>>,
}

/// `widget:` block.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawWidget {
    pub useful: At<String>,
    pub comment: At<String>,
}

/// `retention:` block.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawRetention {
    pub responses: Option<At<String>>,
    pub contact: Option<At<String>>,
}

/// One question, every type's keys side by side; `parse` checks which apply.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawQuestion {
    pub id: At<String>,
    #[serde(rename = "type")]
    pub kind: At<String>,
    pub label: At<RawText>,
    pub hint: Option<At<RawText>>,
    pub required: Option<At<bool>>,
    pub show_if: Option<At<RawShowIf>>,
    pub options: Option<At<Vec<At<RawOption>>>>,
    pub other: Option<At<bool>>,
    pub min_selected: Option<At<i64>>,
    pub max_selected: Option<At<i64>>,
    pub scale: Option<At<RawScale>>,
    pub multiline: Option<At<bool>>,
    pub max_length: Option<At<i64>>,
    pub min: Option<At<f64>>,
    pub max: Option<At<f64>>,
    pub integer: Option<At<bool>>,
    pub consent: Option<At<RawText>>,
}

/// `scale:` of a rating question.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawScale {
    pub min: At<i64>,
    pub max: At<i64>,
    pub min_label: Option<At<RawText>>,
    pub max_label: Option<At<RawText>>,
}

/// `show_if:` with its condition keys side by side; `parse` insists on exactly one.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawShowIf {
    pub question: At<String>,
    pub equals: Option<At<Scalar>>,
    #[serde(rename = "in")]
    pub in_: Option<At<Vec<At<Scalar>>>>,
    pub includes: Option<At<Scalar>>,
    pub answered: Option<At<bool>>,
}

/// Respondent-facing text: a plain string or a map of language to string.
#[derive(Debug, Clone)]
pub enum RawText {
    Plain(String),
    ByLanguage(Vec<(String, String)>),
}

/// An option: a plain string, or `{value, label, hint}`.
#[derive(Debug)]
pub enum RawOption {
    Plain(String),
    Full {
        value: Option<String>,
        label: Option<RawText>,
        hint: Option<RawText>,
    },
}

/// Keys an option mapping may have.
pub const OPTION_KEYS: &[&str] = &["value", "label", "hint"];

/// A scalar written in any YAML style, kept as its text (`1`, `yes`, `2027-01-01`).
#[derive(Debug, Clone, PartialEq)]
pub struct Scalar(pub String);

impl<'de> Deserialize<'de> for RawText {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = RawText;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("text, or a map of language to text such as `{ en: ..., cy: ... }`")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<RawText, E> {
                Ok(RawText::Plain(v.to_owned()))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<RawText, E> {
                Ok(RawText::Plain(v.to_string()))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<RawText, E> {
                Ok(RawText::Plain(v.to_string()))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<RawText, E> {
                Ok(RawText::Plain(v.to_string()))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<RawText, A::Error> {
                let mut entries = Vec::new();
                while let Some((lang, text)) = map.next_entry::<String, String>()? {
                    entries.push((lang, text));
                }
                Ok(RawText::ByLanguage(entries))
            }
        }
        d.deserialize_any(V)
    }
}

impl<'de> Deserialize<'de> for RawOption {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = RawOption;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an option: plain text, or `{ value: ..., label: ... }`")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<RawOption, E> {
                Ok(RawOption::Plain(v.to_owned()))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<RawOption, E> {
                Ok(RawOption::Plain(v.to_string()))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<RawOption, E> {
                Ok(RawOption::Plain(v.to_string()))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<RawOption, A::Error> {
                let (mut value, mut label, mut hint) = (None, None, None);
                while let Some(key) = map.next_key::<String>()? {
                    match key.as_str() {
                        "value" => value = Some(map.next_value::<Scalar>()?.0),
                        "label" => label = Some(map.next_value::<RawText>()?),
                        "hint" => hint = Some(map.next_value::<RawText>()?),
                        _ => return Err(de::Error::unknown_field(&key, OPTION_KEYS)),
                    }
                }
                Ok(RawOption::Full { value, label, hint })
            }
        }
        d.deserialize_any(V)
    }
}

impl<'de> Deserialize<'de> for Scalar {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Scalar;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a single value (text, a number, or yes/no)")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Scalar, E> {
                Ok(Scalar(v.to_owned()))
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<Scalar, E> {
                Ok(Scalar(if v { "yes" } else { "no" }.to_owned()))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Scalar, E> {
                Ok(Scalar(v.to_string()))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Scalar, E> {
                Ok(Scalar(v.to_string()))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Scalar, E> {
                Ok(Scalar(v.to_string()))
            }
        }
        d.deserialize_any(V)
    }
}

/// Reads the YAML into raw structs; the error keeps the YAML crate's own detail.
pub fn read(source: &str) -> Result<RawSurvey, serde_saphyr::Error> {
    read_as(source)
}

/// `organisation.yaml`: who the organisation is and where users find out more.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawOrganisation {
    pub name: At<RawText>,
    pub languages: Option<At<Vec<At<String>>>>,
    pub statement: Option<At<RawText>>,
    pub contact: Option<At<String>>,
    pub links: Option<At<Vec<At<RawLink>>>>,
    pub privacy: Option<At<RawPrivacy>>,
}

/// The organisation's `privacy`: what its privacy notice needs from it.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawPrivacy {
    pub lawful_basis: At<RawText>,
    pub contact: Option<At<String>>,
}

/// One of the organisation's `links`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawLink {
    pub label: At<RawText>,
    pub url: At<String>,
}

/// A team's `teams/{team}.yaml`: who the team is, who it expects to hear from, how it engages
/// and what it aims for.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawTeam {
    pub name: At<RawText>,
    pub languages: Option<At<Vec<At<String>>>>,
    pub statement: Option<At<RawText>>,
    pub contact: Option<At<String>>,
    pub users: Option<At<Vec<At<RawUserGroup>>>>,
    pub uses: Option<At<Vec<At<RawUses>>>>,
    pub engagement: Option<At<Vec<At<RawEngagement>>>>,
    pub aims: Option<At<Vec<At<RawAim>>>>,
    pub opportunities: Option<At<Vec<At<RawOpportunity>>>>,
}

/// One of a team's `opportunities`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawOpportunity {
    pub id: At<String>,
    pub kind: At<String>,
    pub title: At<RawText>,
    pub description: At<RawText>,
    pub on: Option<At<Scalar>>,
    pub time: Option<At<RawText>>,
    #[serde(rename = "where")]
    pub place: At<RawText>,
    pub capacity: At<i64>,
    pub closes_on: At<Scalar>,
    pub keep_contacts: Option<At<String>>,
}

/// One of a team's `users`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawUserGroup {
    pub id: At<String>,
    pub label: At<RawText>,
    pub answers: At<Vec<At<Scalar>>>,
    pub min_count: Option<At<i64>>,
}

/// One of a team's `uses`: the question of a survey that asks what the statistics are for.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawUses {
    pub survey: At<String>,
    pub question: At<String>,
}

/// One of a team's `engagement` activities.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawEngagement {
    pub name: At<RawText>,
    pub what: At<RawText>,
    pub how_often: At<String>,
    pub link: Option<At<String>>,
}

/// One of a team's `aims`, every measure's keys side by side; `aims` checks which apply.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawAim {
    pub id: At<String>,
    pub label: At<RawText>,
    pub measure: At<String>,
    pub group: Option<At<String>>,
    pub target: At<RawTarget>,
    pub per: Option<At<String>>,
    pub within: Option<At<String>>,
    pub min_comments: Option<At<i64>>,
}

/// An aim's `target`: exactly one of its bounds.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawTarget {
    pub at_least: Option<At<Scalar>>,
    pub at_most: Option<At<Scalar>>,
}

/// Reads any of the definition files, with the same limits as a survey.
pub fn read_as<T: serde::de::DeserializeOwned>(source: &str) -> Result<T, serde_saphyr::Error> {
    // YAML 1.1 booleans would turn an answer such as `y` or `no` into true/false.
    let options = serde_saphyr::options! {
        strict_booleans: true,
        budget: serde_saphyr::budget! {
            max_documents: 1,
            max_depth: 20,
            max_nodes: 50_000,
            max_total_scalar_bytes: 1_048_576,
        },
    };
    serde_saphyr::from_str_with_options(source, options)
}
