//! The `yousaid` command line: one subcommand per file.

mod check;
mod forget;
mod health;
mod import;
mod migrate;
mod publish;
mod serve;
mod token;
mod user;

use clap::{Parser, Subcommand};
use std::io::Write;
use std::process::ExitCode;

/// Run continuous user-feedback surveys and publish "you said, we did" summaries.
#[derive(Debug, Parser)]
#[command(name = "yousaid", version, about, long_about = None, after_help = "\
Examples:
  yousaid serve          # run the service on the embedded SQLite default
  yousaid check          # check survey-definitions/ like a compiler
  yousaid migrate        # create or update the database tables
  yousaid user add --email ana@example.gov.uk --team food-statistics --role editor --password-stdin
  yousaid token create --team food-statistics --role viewer --name pipeline
  yousaid import --survey food-statistics-pocketbook responses.csv
  yousaid forget someone@example.org
  yousaid health         # exit 0 when the running service is ready (container health checks)")]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

/// Every subcommand.
#[derive(Debug, Subcommand)]
pub enum Command {
    Check(check::CheckArgs),
    Serve(serve::ServeCommand),
    Migrate(migrate::MigrateCommand),
    User(user::UserCommand),
    Token(token::TokenCommand),
    Forget(forget::ForgetCommand),
    Import(import::ImportCommand),
    Publish(publish::PublishCommand),
    Health(health::HealthArgs),
}

impl Cli {
    /// Runs the chosen command and returns the process exit code.
    pub fn run(self) -> ExitCode {
        match self.command {
            Command::Check(args) => check::run(&args),
            Command::Serve(command) => {
                crate::telemetry::init();
                on_runtime(serve::run(command))
            }
            Command::Migrate(command) => on_runtime(migrate::run(command)),
            Command::User(command) => on_runtime(user::run(command)),
            Command::Token(command) => on_runtime(token::run(command)),
            Command::Forget(command) => on_runtime(forget::run(command)),
            Command::Import(command) => on_runtime(import::run(command)),
            Command::Publish(command) => on_runtime(publish::run(command)),
            Command::Health(args) => health::run(&args),
        }
    }
}

fn on_runtime(work: impl std::future::Future<Output = anyhow::Result<()>>) -> ExitCode {
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(e) => return fail(&anyhow::Error::from(e)),
    };
    match runtime.block_on(work) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => fail(&e),
    }
}

fn fail(error: &anyhow::Error) -> ExitCode {
    let _ = writeln!(std::io::stderr(), "error: {error:#}");
    ExitCode::FAILURE
}
