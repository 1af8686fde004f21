//! Each team file against the surveys that name the team as `owner`: the checks one file
//! alone cannot make, run by `yousaid check` and by every (re)load of the catalog alike.

use super::diagnostic::{self, Diagnostic};
use super::files::{CheckedFile, FileKind};
use super::raw::{self, At, Pos, RawTeam, RawUses, pos};
use super::suggest;
use super::survey::{Every, Kind, Survey};

/// Checks every team file against the surveys among `files`, even one with errors of its
/// own, so that one run reports every problem; a team file with errors describes nothing.
pub fn check_teams(files: &mut [CheckedFile]) {
    let surveys: Vec<Survey> = files
        .iter()
        .filter_map(|f| f.parsed.survey.clone())
        .collect();
    for file in files.iter_mut() {
        let FileKind::Team(id) = &file.kind else {
            continue;
        };
        let owned: Vec<&Survey> = surveys.iter().filter(|s| s.owner == *id).collect();
        let found = if owned.is_empty() {
            vec![unowned(id, &surveys)]
        } else {
            match raw::read_as::<RawTeam>(&file.source) {
                Ok(raw) => against(id, &raw, &owned, &surveys),
                // The file's own check has said why it cannot be read.
                Err(_) => Vec::new(),
            }
        };
        if found.iter().any(Diagnostic::is_error) {
            file.described = None;
        }
        file.parsed.diagnostics.extend(found);
        diagnostic::sort(&mut file.parsed.diagnostics);
    }
}

/// A team file no survey names.
fn unowned(id: &str, surveys: &[Survey]) -> Diagnostic {
    let mut known: Vec<&str> = surveys.iter().map(|s| s.owner.as_str()).collect();
    known.dedup();
    let help = match suggest::closest(id, &known) {
        Some(c) => format!("did you mean `{c}`? rename the file to `{c}.yaml`"),
        None if known.is_empty() => "no survey names a team yet".to_owned(),
        None => format!(
            "the teams surveys name are {}; rename the file, or remove it",
            suggest::list(&known)
        ),
    };
    Diagnostic::error(
        Pos { line: 1, column: 1 },
        format!("no survey names team `{id}` as its `owner`"),
    )
    .help(help)
}

/// What the team file `raw` says that its surveys `owned` contradict.
fn against(team: &str, raw: &RawTeam, owned: &[&Survey], all: &[Survey]) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    if let Some(users) = &raw.users {
        found.extend(answers(team, users, owned));
    }
    for uses in raw.uses.iter().flat_map(|u| &u.value) {
        found.extend(uses_question(team, &uses.value, owned, all));
    }
    let mut rhythms: Vec<Every> = owned.iter().map(|s| s.publish.every).collect();
    rhythms.sort();
    rhythms.dedup();
    if let [first, _, ..] = rhythms.as_slice() {
        let names: Vec<&str> = rhythms.iter().map(|e| e.name()).collect();
        for aim in raw.aims.iter().flat_map(|a| &a.value) {
            if aim.value.per.is_none() {
                found.push(
                    Diagnostic::error(
                        pos(&aim.value.id),
                        format!(
                            "aim `{}` needs `per`: the team's surveys publish over different periods ({})",
                            aim.value.id.value.trim(),
                            names.join(", ")
                        ),
                    )
                    .help(format!(
                        "say which period the aim is measured over, e.g. `per: {}`",
                        first.name()
                    )),
                );
            }
        }
    }
    found
}

/// Each group's answers against the options of the `user_types` questions of `owned`.
fn answers(
    team: &str,
    users: &At<Vec<At<raw::RawUserGroup>>>,
    owned: &[&Survey],
) -> Vec<Diagnostic> {
    let values: Vec<String> = owned
        .iter()
        .filter_map(|s| s.question(s.user_types.as_deref()?))
        .filter_map(|q| q.kind.values())
        .flatten()
        .collect();
    let ids: Vec<&str> = owned.iter().map(|s| s.id.as_str()).collect();
    if values.is_empty() && !users.value.is_empty() {
        return vec![
            Diagnostic::error(
                pos(users),
                format!("no survey of team `{team}` has a `user_types` question, so no respondent can be put in a user group"),
            )
            .help(format!(
                "add `user_types:` to {}, naming the question that asks who the respondent is",
                suggest::list(&ids)
            )),
        ];
    }
    let known: Vec<&str> = values.iter().map(String::as_str).collect();
    let mut found = Vec::new();
    for group in &users.value {
        for answer in &group.value.answers.value {
            let value = answer.value.0.trim();
            if known.contains(&value) {
                continue;
            }
            let help = match suggest::nearest(value, &known) {
                Some(c) => format!(
                    "did you mean `{c}`? each answer is one of {}",
                    suggest::list(&known)
                ),
                None => format!("each answer is one of {}", suggest::list(&known)),
            };
            found.push(
                Diagnostic::error(
                    pos(answer),
                    format!(
                        "no survey of team `{team}` has the answer `{value}` to its `user_types` question"
                    ),
                )
                .help(help),
            );
        }
    }
    found
}

/// One `uses` entry: a survey of the team, and a question of it that can say what for.
fn uses_question(
    team: &str,
    uses: &RawUses,
    owned: &[&Survey],
    all: &[Survey],
) -> Option<Diagnostic> {
    let id = uses.survey.value.trim();
    let Some(survey) = owned.iter().find(|s| s.id == id) else {
        let ids: Vec<&str> = owned.iter().map(|s| s.id.as_str()).collect();
        let message = match all.iter().find(|s| s.id == id) {
            Some(other) => format!(
                "survey `{id}` belongs to team `{}`, not `{team}`",
                other.owner
            ),
            None => format!("there is no survey `{id}`"),
        };
        return Some(
            Diagnostic::error(pos(&uses.survey), message).help(suggest::help(
                id,
                "the team's surveys are",
                &ids,
            )),
        );
    };
    let question = uses.question.value.trim();
    let Some(q) = survey.question(question) else {
        let ids: Vec<&str> = survey.questions.iter().map(|q| q.id.as_str()).collect();
        return Some(
            Diagnostic::error(
                pos(&uses.question),
                format!("survey `{id}` has no question `{question}`"),
            )
            .help(suggest::help(question, "its questions are", &ids)),
        );
    };
    match q.kind {
        Kind::SingleChoice { .. } | Kind::MultipleChoice { .. } | Kind::Text { .. } => None,
        _ => Some(
            Diagnostic::error(
                pos(&uses.question),
                format!(
                    "`{question}` is {} question, which cannot say what the statistics are used for",
                    suggest::a(q.kind.name())
                ),
            )
            .help("name a choice or text question that asks what respondents use the statistics for"),
        ),
    }
}

#[cfg(test)]
mod tests;
