//! Roles and the one permission check every page and API call goes through.

use crate::definitions::Survey;
use serde::Serialize;
use std::fmt;
use std::str::FromStr;

/// What a member of a team may do; each role includes the ones before it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// Reads responses.
    Viewer,
    /// Also codes themes, tags comments, records actions, marks spam.
    Editor,
    /// Also signs off publications.
    Publisher,
}

impl Role {
    /// Every role, weakest first.
    pub const ALL: [Role; 3] = [Role::Viewer, Role::Editor, Role::Publisher];

    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Viewer => "viewer",
            Role::Editor => "editor",
            Role::Publisher => "publisher",
        }
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Role {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        Role::ALL
            .into_iter()
            .find(|r| r.as_str() == s)
            .ok_or_else(|| format!("unknown role `{s}`: use viewer, editor or publisher"))
    }
}

/// Who is asking: a signed-in user or an API token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Principal {
    /// How the audit log names them: the user's email, or `token:NAME`.
    pub actor: String,
    pub admin: bool,
    pub teams: Vec<(String, Role)>,
}

/// Why a principal may not do something.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum Denied {
    /// Not their team's survey: answered as if it did not exist.
    #[error("no such survey")]
    NotFound,
    /// Their team's survey, but their role is too weak.
    #[error("your role does not allow this")]
    Forbidden,
}

impl Principal {
    /// Their role in `team`; admins act as publishers everywhere.
    pub fn role_in(&self, team: &str) -> Option<Role> {
        if self.admin {
            return Some(Role::Publisher);
        }
        self.teams.iter().find(|(t, _)| t == team).map(|(_, r)| *r)
    }

    /// Allows the action on `survey` only with at least `needed` in its owning team.
    pub fn require(&self, survey: &Survey, needed: Role) -> Result<Role, Denied> {
        match self.role_in(&survey.owner) {
            None => Err(Denied::NotFound),
            Some(role) if role < needed => Err(Denied::Forbidden),
            Some(role) => Ok(role),
        }
    }

    /// Whether `survey` is visible to them at all.
    pub fn can_see(&self, survey: &Survey) -> bool {
        self.role_in(&survey.owner).is_some()
    }
}
