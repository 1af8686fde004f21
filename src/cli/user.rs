//! `yousaid user`: producer accounts and their team roles.

use crate::auth::{self, Role};
use crate::config::StorageArgs;
use crate::storage::Db;
use clap::{Args, Subcommand};
use std::io::{BufRead, Write};

/// Manage producer accounts and their roles in teams.
#[derive(Debug, Args)]
#[command(after_help = "\
Examples:
  echo 'a long passphrase' | yousaid user add --email ana@example.gov.uk --team food-statistics --role editor --password-stdin
  yousaid user set-role --email ana@example.gov.uk --team food-statistics --role publisher
  yousaid user list
  yousaid user remove --email ana@example.gov.uk

Roles: viewer (reads responses), editor (themes, tags, actions), publisher (also signs off
publications). --admin makes an instance-wide administrator who sees every survey.")]
pub struct UserCommand {
    #[command(flatten)]
    storage: StorageArgs,
    #[command(subcommand)]
    action: UserAction,
}

#[derive(Debug, Subcommand)]
enum UserAction {
    /// Create a user (or reset their password) and give them a role in a team.
    Add {
        #[arg(long)]
        email: String,
        /// Team id, as surveys name it in `owner`.
        #[arg(long)]
        team: Option<String>,
        #[arg(long, default_value = "viewer")]
        role: Role,
        /// Make an instance-wide administrator.
        #[arg(long)]
        admin: bool,
        /// Read the password from the first line of standard input.
        #[arg(long, required = true)]
        password_stdin: bool,
    },
    /// List users with their teams and roles.
    List,
    /// Delete a user and end their sessions.
    Remove {
        #[arg(long)]
        email: String,
    },
    /// Change a user's role in a team.
    SetRole {
        #[arg(long)]
        email: String,
        #[arg(long)]
        team: String,
        #[arg(long)]
        role: Role,
    },
}

/// Runs the subcommand.
pub async fn run(command: UserCommand) -> anyhow::Result<()> {
    let db = Db::connect(&command.storage.database_url).await?;
    db.migrate().await?;
    let mut out = std::io::stdout().lock();
    match command.action {
        UserAction::Add {
            email,
            team,
            role,
            admin,
            ..
        } => {
            let mut password = String::new();
            std::io::stdin().lock().read_line(&mut password)?;
            let password = password.trim_end_matches(['\n', '\r']).to_owned();
            auth::add_user(&db, &email, team.as_deref(), role, admin, password).await?;
            crate::audit::record(db.conn(), "cli", "user.add", serde_json::json!({"user": email.trim().to_lowercase(), "team": team, "role": role, "admin": admin})).await?;
            writeln!(out, "user {} saved", email.trim().to_lowercase())?;
        }
        UserAction::List => {
            for user in auth::list_users(&db).await? {
                let teams: Vec<String> =
                    user.teams.iter().map(|(t, r)| format!("{t}:{r}")).collect();
                writeln!(
                    out,
                    "{}\t{}{}{}",
                    user.email,
                    if teams.is_empty() {
                        "-".to_owned()
                    } else {
                        teams.join(",")
                    },
                    if user.admin { "\tadmin" } else { "" },
                    if user.locked { "\tlocked" } else { "" }
                )?;
            }
        }
        UserAction::Remove { email } => {
            auth::remove_user(&db, &email).await?;
            crate::audit::record(
                db.conn(),
                "cli",
                "user.remove",
                serde_json::json!({"user": email.trim().to_lowercase()}),
            )
            .await?;
            writeln!(out, "user {} removed", email.trim().to_lowercase())?;
        }
        UserAction::SetRole { email, team, role } => {
            auth::set_role(&db, &email, &team, role).await?;
            crate::audit::record(db.conn(), "cli", "user.role", serde_json::json!({"user": email.trim().to_lowercase(), "team": team, "role": role})).await?;
            writeln!(
                out,
                "{} is now {role} in {team}",
                email.trim().to_lowercase()
            )?;
        }
    }
    Ok(())
}
