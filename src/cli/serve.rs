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
    let base_url = command.args.site.base_url.clone();
    let addr = command.args.site.addr.clone();
    let app = Application::build(command.args).await?;
    let base = crate::config::public_base(base_url.as_deref(), &addr, Some(app.port()));
    let first = app
        .catalog()
        .current()
        .surveys()
        .filter(|l| l.survey.status != crate::definitions::Status::Draft)
        .map(|l| l.survey.id.clone())
        .min();
    match first {
        Some(id) => tracing::info!(
            "open {base}/s/{id} to answer a survey, or {base}/admin to sign in as a producer"
        ),
        None => tracing::info!("open {base}/admin to sign in as a producer"),
    }
    app.run_until_stopped().await?;
    Ok(())
}
