//! Checks for each question and its type's settings.

use super::checker::Checker;
use super::limits;
use super::options;
use super::raw::{At, Pos, RawQuestion, pos};
use super::scalars;
use super::show_if;
use super::suggest;
use super::survey::{Kind, Question};

/// Every question type, as producers write it.
pub const TYPES: &[&str] = &[
    "single_choice",
    "multiple_choice",
    "rating",
    "yes_no",
    "text",
    "number",
    "email",
];

/// Keys every question may have.
const COMMON_KEYS: &[&str] = &["id", "type", "label", "hint", "required", "show_if"];

/// The keys only some types take.
fn type_keys(kind: &str) -> &'static [&'static str] {
    match kind {
        "single_choice" => &["options", "other"],
        "multiple_choice" => &["options", "other", "min_selected", "max_selected"],
        "rating" => &["scale"],
        "text" => &["multiline", "max_length"],
        "number" => &["min", "max", "integer"],
        "email" => &["consent"],
        _ => &[],
    }
}

/// Checks the questions in order; `show_if` may only look back at those already checked.
pub(super) fn check_all(cx: &mut Checker, raw: &[At<RawQuestion>]) -> Vec<Question> {
    let mut checked: Vec<Question> = Vec::new();
    let mut seen: Vec<(String, Pos)> = Vec::new();
    let all_ids: Vec<&str> = raw.iter().map(|q| q.value.id.value.trim()).collect();
    for (index, q) in raw.iter().enumerate() {
        let id = q.value.id.value.trim().to_owned();
        let id_ok = check_id(cx, &q.value.id, &seen);
        let earlier_ids: Vec<String> = seen.iter().map(|(s, _)| s.clone()).collect();
        let around = show_if::Around {
            this: &id,
            earlier: &checked,
            earlier_ids: &earlier_ids,
            later_ids: all_ids.get(index.saturating_add(1)..).unwrap_or_default(),
        };
        let question = check_one(cx, q, &around);
        seen.push((id.clone(), pos(&q.value.id)));
        if let (true, Some(question)) = (id_ok, question) {
            checked.push(question);
        }
    }
    checked
}

/// Field names the survey form itself uses (the honeypot and hidden fields); a question with
/// one of these ids would be mistaken for them.
pub const RESERVED_IDS: [&str; 4] = ["website", "_token", "_lang", "_page"];

fn check_id(cx: &mut Checker, id: &At<String>, seen: &[(String, Pos)]) -> bool {
    let text = id.value.trim();
    if RESERVED_IDS.contains(&text) {
        cx.error(
            pos(id),
            format!("question id `{text}` is reserved: the survey form uses that name itself"),
        )
        .help = Some(format!(
            "give the question another id, e.g. `{}_url`",
            text.trim_start_matches('_')
        ));
        return false;
    }
    if !scalars::is_question_id(text) {
        let fixed = scalars::slugify(text).replace('-', "_");
        cx.error(
            pos(id),
            format!("question id `{text}` is not a lowercase id"),
        )
        .help = Some(format!(
            "use lowercase letters, digits, `_` or `-`, starting with a letter, e.g. `{}`",
            if scalars::is_question_id(&fixed) {
                fixed.as_str()
            } else {
                "satisfaction"
            }
        ));
        return false;
    }
    if let Some((_, first)) = seen.iter().find(|(s, _)| s == text) {
        cx.error(pos(id), format!("question id `{text}` is used twice"))
            .help = Some(format!(
            "the first `{text}` is on line {}; give this question another id",
            first.line
        ));
        return false;
    }
    true
}

fn check_one(cx: &mut Checker, q: &At<RawQuestion>, around: &show_if::Around) -> Option<Question> {
    let raw = &q.value;
    let kind_name = raw.kind.value.trim();
    if !TYPES.contains(&kind_name) {
        cx.error(
            pos(&raw.kind),
            format!("unknown question type `{kind_name}`"),
        )
        .help = Some(suggest::help(kind_name, "question types are", TYPES));
    }
    check_keys_apply(cx, raw, kind_name);
    let label = cx.text(&raw.label, "label");
    let hint = raw.hint.as_ref().and_then(|h| cx.text(h, "hint"));
    let required = raw.required.as_ref().is_some_and(|r| r.value);
    let kind = check_kind(cx, q, kind_name)?;
    if required
        && matches!(kind, Kind::Text { .. })
        && let Some(r) = &raw.required
    {
        cx.warning(
            pos(r),
            "a required free-text question puts people off answering",
        )
        .help =
            Some("most surveys leave comment boxes optional: remove `required: true`".to_owned());
    }
    let show_if = raw
        .show_if
        .as_ref()
        .and_then(|s| show_if::check(cx, s, around));
    if raw.show_if.is_some() && show_if.is_none() {
        return None;
    }
    Some(Question {
        id: raw.id.value.trim().to_owned(),
        label: label?,
        hint,
        required,
        show_if,
        kind,
    })
}

/// A key that belongs to another type would silently do nothing, so it is an error.
fn check_keys_apply(cx: &mut Checker, raw: &RawQuestion, kind: &str) {
    if !TYPES.contains(&kind) {
        return;
    }
    let present: [(&str, Option<Pos>); 11] = [
        ("options", raw.options.as_ref().map(pos)),
        ("other", raw.other.as_ref().map(pos)),
        ("min_selected", raw.min_selected.as_ref().map(pos)),
        ("max_selected", raw.max_selected.as_ref().map(pos)),
        ("scale", raw.scale.as_ref().map(pos)),
        ("multiline", raw.multiline.as_ref().map(pos)),
        ("max_length", raw.max_length.as_ref().map(pos)),
        ("min", raw.min.as_ref().map(pos)),
        ("max", raw.max.as_ref().map(pos)),
        ("integer", raw.integer.as_ref().map(pos)),
        ("consent", raw.consent.as_ref().map(pos)),
    ];
    let allowed = type_keys(kind);
    for (key, at) in present {
        if let (Some(at), false) = (at, allowed.contains(&key)) {
            let mut keys: Vec<&str> = COMMON_KEYS.to_vec();
            keys.extend_from_slice(allowed);
            cx.error(
                at,
                format!("`{key}` does not apply to {} question", suggest::a(kind)),
            )
            .help = Some(format!(
                "{} question takes {}",
                suggest::a(kind),
                suggest::list(&keys)
            ));
        }
    }
}

fn check_kind(cx: &mut Checker, q: &At<RawQuestion>, kind: &str) -> Option<Kind> {
    let raw = &q.value;
    let other = raw.other.as_ref().is_some_and(|o| o.value);
    Some(match kind {
        "single_choice" => Kind::SingleChoice {
            options: options::check(cx, q, other)?,
            other,
        },
        "multiple_choice" => {
            let options = options::check(cx, q, other)?;
            let count = options.len().saturating_add(usize::from(other));
            let (min_selected, max_selected) = options::selection_limits(cx, raw, count)?;
            Kind::MultipleChoice {
                options,
                other,
                min_selected,
                max_selected,
            }
        }
        "rating" => limits::rating(cx, q)?,
        "yes_no" => Kind::YesNo,
        "text" => limits::text(cx, raw)?,
        "number" => limits::number(cx, raw)?,
        "email" => {
            let Some(consent) = &raw.consent else {
                cx.error(pos(q), "an `email` question needs `consent` text")
                    .help = Some("add `consent:` saying what you will use the address for and when you will delete it".to_owned());
                return None;
            };
            Kind::Email {
                consent: cx.text(consent, "consent")?,
            }
        }
        _ => return None,
    })
}

/// `user_types` must name a single-choice question.
pub(super) fn check_user_types(
    cx: &mut Checker,
    raw: &At<String>,
    questions: &[Question],
    all_ids: &[&str],
) {
    let id = raw.value.trim();
    match questions.iter().find(|q| q.id == id) {
        // That question has its own errors already.
        None if all_ids.contains(&id) => {}
        Some(q) if matches!(q.kind, Kind::SingleChoice { .. }) => {}
        Some(q) => {
            cx.error(
                pos(raw),
                format!(
                    "`user_types` must name a `single_choice` question, but `{id}` is {} question",
                    suggest::a(q.kind.name())
                ),
            )
            .help = Some(
                "point `user_types` at the question that asks who the respondent is".to_owned(),
            );
        }
        None => {
            cx.error(
                pos(raw),
                format!("`user_types` names `{id}`, but there is no question `{id}`"),
            )
            .help = Some(suggest::help(id, "the questions are", all_ids));
        }
    }
}
