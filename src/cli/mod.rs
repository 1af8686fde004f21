//! The `yousaid` command line: one subcommand per file.

mod check;

use clap::{Parser, Subcommand};

/// Run continuous user-feedback surveys and publish "you said, we did" summaries.
#[derive(Debug, Parser)]
#[command(name = "yousaid", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

/// Every subcommand.
#[derive(Debug, Subcommand)]
pub enum Command {
    Check(check::CheckArgs),
}

impl Cli {
    /// Runs the chosen command and returns the process exit code.
    pub fn run(self) -> std::process::ExitCode {
        match self.command {
            Command::Check(args) => check::run(&args),
        }
    }
}
