//! `yousaid token`: API tokens for pipelines.

use crate::auth::{self, Role};
use crate::config::StorageArgs;
use crate::storage::Db;
use clap::{Args, Subcommand};
use std::io::Write;

/// Create or revoke API tokens, each scoped to one team and role.
#[derive(Debug, Args)]
#[command(after_help = "\
Examples:
  TOKEN=$(yousaid token create --team food-statistics --role viewer --name quarterly-pipeline)
  curl -H \"Authorization: Bearer $TOKEN\" http://127.0.0.1:8080/api/v1/admin/surveys
  yousaid token revoke --team food-statistics --name quarterly-pipeline

The token is printed once and only its hash is kept.")]
pub struct TokenCommand {
    #[command(flatten)]
    storage: StorageArgs,
    #[command(subcommand)]
    action: TokenAction,
}

#[derive(Debug, Subcommand)]
enum TokenAction {
    /// Create a token and print it (only the token, for scripts).
    Create {
        #[arg(long)]
        team: String,
        #[arg(long)]
        role: Role,
        /// A name to recognise and revoke it by.
        #[arg(long)]
        name: String,
    },
    /// Revoke a team's tokens with this name.
    Revoke {
        #[arg(long)]
        team: String,
        #[arg(long)]
        name: String,
    },
}

/// Runs the subcommand.
pub async fn run(command: TokenCommand) -> anyhow::Result<()> {
    let db = Db::connect(&command.storage.database_url).await?;
    db.migrate().await?;
    let mut out = std::io::stdout().lock();
    match command.action {
        TokenAction::Create { team, role, name } => {
            let token = auth::create_token(&db, &team, role, &name).await?;
            crate::audit::record(
                db.conn(),
                "cli",
                "token.create",
                serde_json::json!({"team": team, "role": role, "name": name}),
            )
            .await?;
            writeln!(out, "{token}")?;
        }
        TokenAction::Revoke { team, name } => {
            let n = auth::revoke_token(&db, &team, &name).await?;
            crate::audit::record(
                db.conn(),
                "cli",
                "token.revoke",
                serde_json::json!({"team": team, "name": name, "revoked": n}),
            )
            .await?;
            if n == 0 {
                anyhow::bail!("no live token called {name} in team {team}");
            }
            writeln!(out, "revoked {n} token(s) called {name} in team {team}")?;
        }
    }
    Ok(())
}
