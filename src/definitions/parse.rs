//! From YAML text to a checked `Survey`, collecting every problem on the way.

use super::checker::Checker;
use super::diagnostic::{self, Diagnostic};
use super::questions;
use super::raw::{self, At, RawSurvey, pos};
use super::recover;
use super::scalars;
use super::suggest;
use super::survey::{Every, Length, PeriodUnit, Publish, Retention, Status, Survey};
use chrono::NaiveDate;

/// What checking one definition found.
#[derive(Debug)]
pub struct Parsed {
    /// The survey, when there were no errors (warnings allowed).
    pub survey: Option<Survey>,
    /// Every error and warning, top to bottom.
    pub diagnostics: Vec<Diagnostic>,
}

/// Surveys longer than this get a warning: short surveys get more answers.
pub const MAX_SUGGESTED_QUESTIONS: usize = 12;
/// Highest disclosure threshold: above it every count of a typical survey is suppressed.
pub(super) const MAX_MIN_COUNT: i64 = 1_000;
/// Longest retention, in `Length::approx_days`: 100 years, so every deletion date is a real
/// date and none is in a year no calendar holds.
const MAX_RETENTION_DAYS: u64 = 36_500;

/// Checks one definition. `file_id` is the file name without `.yaml`; `today` dates `closes_on`.
pub fn parse(file_id: &str, source: &str, today: NaiveDate) -> Parsed {
    let mut recovered = recover::read(source);
    let mut cx = Checker::default();
    let survey = recovered
        .raw
        .take()
        .and_then(|raw| cx.survey(file_id, raw, today));
    if let Some(nul) = survey.as_ref().and_then(|s| nul_error(source, s)) {
        cx.diagnostics.push(nul);
    }
    cx.diagnostics.retain(|d| recovered.keeps(d));
    cx.diagnostics.append(&mut recovered.diagnostics);
    diagnostic::sort(&mut cx.diagnostics);
    let failed = cx.diagnostics.iter().any(Diagnostic::is_error);
    Parsed {
        survey: if failed { None } else { survey },
        diagnostics: cx.diagnostics,
    }
}

/// An error when any text of the survey holds a NUL: option values and ids are stored with
/// every answer, and PostgreSQL cannot store NUL. Only a double-quoted escape or a raw NUL
/// byte can write one, so the first line with either is the one to fix.
fn nul_error(source: &str, survey: &Survey) -> Option<Diagnostic> {
    fn has_nul(value: &serde_json::Value) -> bool {
        match value {
            serde_json::Value::String(s) => s.contains('\0'),
            serde_json::Value::Array(items) => items.iter().any(has_nul),
            serde_json::Value::Object(map) => {
                map.iter().any(|(k, v)| k.contains('\0') || has_nul(v))
            }
            _ => false,
        }
    }
    if !has_nul(&serde_json::to_value(survey).ok()?) {
        return None;
    }
    let written = ["\0", "\\0", "\\x00", "\\u0000", "\\U00000000"];
    let line = source
        .lines()
        .position(|l| written.iter().any(|w| l.contains(w)))
        .map_or(1, |i| i.saturating_add(1));
    Some(
        Diagnostic::error(
            raw::Pos {
                line: u64::try_from(line).unwrap_or(u64::MAX),
                column: 1,
            },
            "this text holds a NUL character, which cannot be stored",
        )
        .help("remove the `\\0` (or `\\x00`, `\\u0000`) escape"),
    )
}

impl Checker {
    fn survey(&mut self, file_id: &str, raw: RawSurvey, today: NaiveDate) -> Option<Survey> {
        self.languages = self.languages(raw.languages.as_ref());
        let id = raw.id.value.trim().to_owned();
        if !scalars::is_slug(&id) {
            self.error(
                pos(&raw.id),
                format!("survey id `{id}` is not a lowercase slug"),
            )
            .help = Some(format!(
                "use lowercase letters, digits and hyphens, starting with a letter, e.g. `{}`",
                suggest_slug(&id, "my-survey")
            ));
        } else if id != file_id {
            self.error(
                pos(&raw.id),
                format!("survey id `{id}` does not match the file name `{file_id}.yaml`"),
            )
            .help = Some(format!(
                "rename the file to `{id}.yaml`, or change the id to `{file_id}`"
            ));
        }
        let title = self.text(&raw.title, "title");
        let intro = raw.intro.as_ref().and_then(|t| self.text(t, "intro"));
        let owner = raw.owner.value.trim().to_owned();
        if !scalars::is_slug(&owner) {
            self.error(
                pos(&raw.owner),
                format!("team id `{owner}` is not a lowercase slug"),
            )
            .help = Some(format!(
                "name the team in lowercase letters, digits and hyphens, e.g. `{}`",
                suggest_slug(&owner, "food-statistics")
            ));
        }
        let status = self.status(&raw.status);
        let closes_on = raw.closes_on.as_ref().and_then(|d| {
            let date = scalars::date(&d.value.0);
            if date.is_none() {
                self.error(pos(d), format!("`closes_on` `{}` is not a date", d.value.0))
                    .help = Some("write the date as YYYY-MM-DD, e.g. `2027-12-31`".to_owned());
            }
            date
        });
        if let (Some(Status::Open), Some(date), Some(d)) = (status, closes_on, &raw.closes_on)
            && date < today
        {
            self.warning(
                pos(d),
                format!("`closes_on` {date} is in the past, so this open survey takes no answers"),
            )
            .help = Some("set `status: closed`, or move `closes_on` to a later date".to_owned());
        }
        let publish = self.publish(raw.publish.as_ref());
        let allowed_origins = self.origins(raw.embed.as_ref());
        let thank_you = raw
            .thank_you
            .as_ref()
            .and_then(|t| self.text(t, "thank_you"));
        let retention = self.retention(raw.retention.as_ref());

        if raw.questions.value.is_empty() {
            self.error(pos(&raw.questions), recover::EMPTY_QUESTIONS);
        } else if raw.questions.value.len() > MAX_SUGGESTED_QUESTIONS {
            self.warning(
                pos(&raw.questions),
                format!(
                    "{} questions: short surveys get more answers",
                    raw.questions.value.len()
                ),
            )
            .help = Some(format!(
                "keep to {MAX_SUGGESTED_QUESTIONS} questions or fewer where you can"
            ));
        }
        let questions = questions::check_all(self, &raw.questions.value);
        let ids: Vec<&str> = raw
            .questions
            .value
            .iter()
            .map(|q| q.value.id.value.trim())
            .collect();
        let user_types = raw.user_types.as_ref().map(|u| {
            questions::check_user_types(self, u, &questions, &ids);
            u.value.trim().to_owned()
        });
        let widget = raw
            .widget
            .as_ref()
            .and_then(|w| super::widget::check(self, w, &questions, &ids));

        Some(Survey {
            id,
            title: title?,
            intro,
            owner,
            status: status?,
            closes_on,
            languages: self.languages.clone(),
            publish: publish?,
            user_types,
            allowed_origins,
            widget,
            thank_you,
            retention: retention?,
            questions,
            sealed: (),
        })
    }

    fn status(&mut self, raw: &At<String>) -> Option<Status> {
        let status = match raw.value.trim() {
            "draft" => Status::Draft,
            "open" => Status::Open,
            "closed" => Status::Closed,
            other => {
                let names = ["draft", "open", "closed"];
                self.error(pos(raw), format!("unknown status `{other}`"))
                    .help = Some(suggest::help(other, "a survey's status is", &names));
                return None;
            }
        };
        Some(status)
    }

    fn publish(&mut self, raw: Option<&At<raw::RawPublish>>) -> Option<Publish> {
        let mut publish = Publish {
            every: Every::Quarter,
            min_count: 5,
            auto: false,
            contact: None,
        };
        let Some(raw) = raw else {
            return Some(publish);
        };
        if let Some(every) = &raw.value.every {
            let name = every.value.trim();
            publish.every = match Every::from_name(name) {
                Some(every) => every,
                None => {
                    self.error(pos(every), format!("unknown publication period `{name}`"))
                        .help = Some(suggest::help(name, "`every` is one of", &Every::NAMES));
                    return None;
                }
            };
        }
        if let Some(min) = &raw.value.min_count {
            let help = if min.value < 1 {
                "counts below `min_count` are suppressed; 5 is the usual choice"
            } else {
                "a threshold that high would suppress every count; 5 is the usual choice"
            };
            let min_count = match self.whole(min, "min_count", 1..=MAX_MIN_COUNT) {
                Ok(n) => n,
                Err(d) => {
                    d.help = Some(help.to_owned());
                    return None;
                }
            };
            if min.value < 3 {
                self.warning(
                    pos(min),
                    format!(
                        "`min_count` {} makes individual respondents easier to identify",
                        min.value
                    ),
                )
                .help = Some(
                    "official statistics usually suppress counts below 3 or more; 5 is the default"
                        .to_owned(),
                );
            }
            publish.min_count = min_count;
        }
        if let Some(auto) = &raw.value.auto {
            publish.auto = auto.value;
        }
        if let Some(contact) = &raw.value.contact {
            publish.contact = Some(self.contact(contact)?);
        }
        Some(publish)
    }

    fn origins(&mut self, raw: Option<&At<raw::RawEmbed>>) -> Vec<String> {
        let mut origins = Vec::new();
        for origin in raw
            .map(|e| e.value.allowed_origins.value.as_slice())
            .unwrap_or_default()
        {
            let text = origin.value.trim();
            if scalars::is_origin(text) {
                origins.push(text.to_owned());
            } else {
                let fix = text.split('/').take(3).collect::<Vec<_>>().join("/");
                self.error(pos(origin), format!("`{text}` is not a web origin"))
                    .help = Some(if scalars::is_origin(&fix) {
                    format!("write only the scheme and host: `{fix}`")
                } else {
                    "write only the scheme and host, e.g. `https://www.gov.uk`".to_owned()
                });
            }
        }
        origins
    }

    fn retention(&mut self, raw: Option<&At<raw::RawRetention>>) -> Option<Retention> {
        let mut retention = Retention {
            responses: Length {
                amount: 5,
                unit: PeriodUnit::Years,
            },
            contact: Length {
                amount: 12,
                unit: PeriodUnit::Months,
            },
        };
        let Some(raw) = raw else {
            return Some(retention);
        };
        for (field, target) in [
            (&raw.value.responses, &mut retention.responses),
            (&raw.value.contact, &mut retention.contact),
        ] {
            if let Some(text) = field {
                match scalars::period(&text.value) {
                    Some(p) if p.approx_days() > MAX_RETENTION_DAYS => {
                        self.error(
                            pos(text),
                            format!(
                                "`{}` is too long: nothing may be kept for more than 100 years",
                                text.value.trim()
                            ),
                        )
                        .help = Some(
                            "keep data only as long as you need it, e.g. `5 years`".to_owned(),
                        );
                        return None;
                    }
                    Some(p) => *target = p,
                    None => {
                        self.error(
                            pos(text),
                            format!("`{}` is not a length of time", text.value),
                        )
                        .help = Some(
                            "write a number and a unit, e.g. `18 months`, `2 years`, `90 days`"
                                .to_owned(),
                        );
                        return None;
                    }
                }
            }
        }
        if retention.contact.approx_days() > retention.responses.approx_days() {
            let at = raw.value.contact.as_ref().map_or_else(|| pos(raw), pos);
            self.error(
                at,
                format!(
                    "contact details would be kept for {}, longer than the responses ({})",
                    retention.contact, retention.responses
                ),
            )
            .help = Some("contact details can never outlive responses: shorten `contact` or lengthen `responses`".to_owned());
            return None;
        }
        Some(retention)
    }
}

/// A slug close to what the producer wrote, for help text.
fn suggest_slug(written: &str, fallback: &str) -> String {
    let slug = scalars::slugify(written);
    if scalars::is_slug(&slug) {
        slug
    } else {
        fallback.to_owned()
    }
}
