//! `yousaid serve`: run the web service.

use crate::app::Application;
use crate::config::ServeArgs;
use clap::Args;

/// Serve surveys to the public and store their answers.
#[derive(Debug, Args)]
#[command(after_help = "\
Examples:
  yousaid serve                                      # SQLite at data/yousaid.db, port 8080
  DATABASE_URL=postgres://app@db/yousaid yousaid serve --addr 0.0.0.0:8080
  YOUSAID_SUBMIT_RATE=0 yousaid serve                # no per-client limit (benchmarks)

Then open http://127.0.0.1:8080/s/food-statistics-pocketbook
Send SIGHUP to reload survey definitions at once (edits are also picked up by themselves).")]
pub struct ServeCommand {
    #[command(flatten)]
    pub args: ServeArgs,
}

/// Runs the service until it is stopped.
pub async fn run(command: ServeCommand) -> anyhow::Result<()> {
    let app = Application::build(command.args).await?;
    app.run_until_stopped().await?;
    Ok(())
}
