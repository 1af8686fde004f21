//! `yousaid health`: asks a running service whether it is ready, for container health checks
//! (the slim image has no curl, and its `/bin/sh` cannot open TCP connections).

use clap::Args;
use std::io::{Read, Write};
use std::net::{TcpStream, ToSocketAddrs};
use std::process::ExitCode;
use std::time::Duration;

/// Ask the service on this machine whether it is ready; exits 0 when `/readyz` answers 200.
#[derive(Debug, Args)]
#[command(after_help = "\
Examples:
  yousaid health                         # the service at YOUSAID_ADDR (default 127.0.0.1:8080)
  yousaid health --addr 127.0.0.1:9000   # another port
  yousaid health --path /healthz         # only whether the process is alive")]
pub struct HealthArgs {
    /// Address the service listens on; one that listens everywhere is asked on 127.0.0.1.
    #[arg(long, env = "YOUSAID_ADDR", default_value = "127.0.0.1:8080")]
    addr: String,
    /// What to ask for.
    #[arg(long, default_value = "/readyz")]
    path: String,
}

/// Asks, and says what it found.
pub fn run(args: &HealthArgs) -> ExitCode {
    match ask(args) {
        Ok(200) => ExitCode::SUCCESS,
        Ok(status) => {
            let _ = writeln!(std::io::stderr(), "{} answered {status}", args.path);
            ExitCode::FAILURE
        }
        Err(e) => {
            let _ = writeln!(std::io::stderr(), "cannot reach {}: {e}", args.addr);
            ExitCode::FAILURE
        }
    }
}

fn ask(args: &HealthArgs) -> std::io::Result<u16> {
    let (host, port) = args.addr.rsplit_once(':').unwrap_or(("127.0.0.1", "8080"));
    let host = match host {
        "0.0.0.0" | "" => "127.0.0.1",
        "[::]" => "[::1]",
        other => other,
    };
    let target = format!("{host}:{port}")
        .to_socket_addrs()?
        .next()
        .ok_or_else(|| std::io::Error::other("no address"))?;
    let mut stream = TcpStream::connect_timeout(&target, Duration::from_secs(3))?;
    stream.set_read_timeout(Some(Duration::from_secs(3)))?;
    write!(stream, "GET {} HTTP/1.0\r\nHost: {host}\r\n\r\n", args.path)?;
    let mut head = [0u8; 64];
    let read = stream.read(&mut head)?;
    let line = String::from_utf8_lossy(head.get(..read).unwrap_or_default());
    line.split_whitespace()
        .nth(1)
        .and_then(|code| code.parse().ok())
        .ok_or_else(|| std::io::Error::other("not an HTTP answer"))
}
