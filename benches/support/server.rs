//! The release `yousaid serve` as a child process, for the benchmarks.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};

/// A running server on a port the OS chose.
pub struct Server {
    child: Child,
    /// `http://127.0.0.1:PORT`.
    pub base: String,
}

impl Server {
    /// Starts the server with no rate limit or fill-time check, and waits until it listens.
    pub fn start(database_url: &str, definitions: &Path) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_yousaid"))
            .arg("serve")
            .env("DATABASE_URL", database_url)
            .env("YOUSAID_ADDR", "127.0.0.1:0")
            .env("YOUSAID_DEFINITIONS", definitions)
            .env("YOUSAID_SUBMIT_RATE", "0")
            .env("YOUSAID_MIN_FILL_SECONDS", "0")
            .env("RUST_LOG", "warn,yousaid::app=info")
            .stdout(Stdio::piped())
            .spawn()
            .expect("start yousaid");
        let mut lines = BufReader::new(child.stdout.take().expect("stdout is piped")).lines();
        let port = loop {
            let line = lines.next().expect("yousaid exited").expect("read its log");
            let value: serde_json::Value = serde_json::from_str(&line).unwrap_or_default();
            if value["message"] == "listening" {
                break u16::try_from(value["port"].as_u64().expect("a port")).expect("a port");
            }
        };
        std::thread::spawn(move || for _ in lines {});
        Server {
            child,
            base: format!("http://127.0.0.1:{port}"),
        }
    }

    /// Peak resident memory of the server process, in MiB.
    pub fn peak_rss_mib(&self) -> f64 {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id()))
            .unwrap_or_default();
        let kib: f64 = status
            .lines()
            .find(|l| l.starts_with("VmHWM:"))
            .and_then(|l| l.split_whitespace().nth(1))
            .and_then(|v| v.parse().ok())
            .unwrap_or(0.0);
        kib / 1024.0
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The shipped survey definitions, team files included, copied to `to`.
pub fn copy_definitions(to: &Path) {
    copy_dir(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("survey-definitions"),
        to,
    );
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("create the definitions directory");
    for entry in std::fs::read_dir(from).expect("read the definitions") {
        let path = entry.expect("a directory entry").path();
        let Some(name) = path.file_name() else {
            continue;
        };
        if path.is_dir() {
            copy_dir(&path, &to.join(name));
        } else {
            std::fs::copy(&path, to.join(name)).expect("copy a definition");
        }
    }
}
