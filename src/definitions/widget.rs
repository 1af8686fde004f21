//! `widget:`: a survey shown as the "Is this page useful?" feedback at the foot of statistics
//! pages. It names the survey's yes/no question and its free-text question; the checks here
//! make sure both paths of the widget (a yes or no, and a problem reported) can be stored.

use super::checker::Checker;
use super::raw::{At, RawWidget, pos};
use super::suggest;
use super::survey::{Kind, Question, Widget};

/// Checks `raw` against the survey's checked `questions`; `all_ids` are every id written, so a
/// question that has errors of its own is not reported twice.
pub(super) fn check(
    cx: &mut Checker,
    raw: &At<RawWidget>,
    questions: &[Question],
    all_ids: &[&str],
) -> Option<Widget> {
    let useful = named(cx, &raw.value.useful, "useful", questions, all_ids, |k| {
        matches!(k, Kind::YesNo)
    });
    let comment = named(cx, &raw.value.comment, "comment", questions, all_ids, |k| {
        matches!(k, Kind::Text { .. })
    });
    let (useful, comment) = (useful?, comment?);
    if useful.required || comment.required {
        let (key, q) = if useful.required {
            (&raw.value.useful, useful)
        } else {
            (&raw.value.comment, comment)
        };
        cx.error(
            pos(key),
            format!(
                "the widget's `{}` question must not be required",
                q.id
            ),
        )
        .help = Some(
            "remove `required: true`: a person may answer yes or no without a comment, or report a problem without answering yes or no".to_owned(),
        );
        return None;
    }
    if let Some(q) = questions.iter().find(|q| q.required) {
        cx.error(
            pos(raw),
            format!(
                "a widget survey cannot have a required question, but `{}` is",
                q.id
            ),
        )
        .help = Some("a widget asks only its two questions; remove `required: true`".to_owned());
        return None;
    }
    Some(Widget {
        useful: useful.id.clone(),
        comment: comment.id.clone(),
    })
}

/// The question `key` names, if it exists and `fits` its kind.
fn named<'q>(
    cx: &mut Checker,
    key: &At<String>,
    name: &str,
    questions: &'q [Question],
    all_ids: &[&str],
    fits: impl Fn(&Kind) -> bool,
) -> Option<&'q Question> {
    let id = key.value.trim();
    let want = if name == "useful" { "yes_no" } else { "text" };
    match questions.iter().find(|q| q.id == id) {
        Some(q) if fits(&q.kind) => Some(q),
        Some(q) => {
            cx.error(
                pos(key),
                format!(
                    "`widget.{name}` must name a `{want}` question, but `{id}` is {} question",
                    suggest::a(q.kind.name())
                ),
            )
            .help = Some(format!("point `{name}` at the survey's `{want}` question"));
            None
        }
        // That question has its own errors already.
        None if all_ids.contains(&id) => None,
        None => {
            cx.error(
                pos(key),
                format!("`widget.{name}` names `{id}`, but there is no question `{id}`"),
            )
            .help = Some(suggest::help(id, "the questions are", all_ids));
            None
        }
    }
}
