//! The container image's entry point, without a container engine: a scratch directory laid out
//! as the Dockerfile lays out the image, its data directory made by the Dockerfile's own
//! command, then the image's `CMD` and `HEALTHCHECK` run as an unprivileged user with the
//! image's environment.

use crate::helpers::{Backend, TestDb, backends, copy_definitions};
use crate::smtp::free_port;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// What the Dockerfile says about the final image.
struct Image {
    workdir: String,
    env: Vec<(String, String)>,
    cmd: Vec<String>,
    healthcheck: Vec<String>,
    /// `RUN install -d -o USER -g USER DIR` lines: directories the image's user may write.
    writable: Vec<String>,
    user: String,
}

fn json_args(line: &str, after: &str) -> Vec<String> {
    let rest = line.trim_start_matches(after).trim();
    serde_json::from_str(rest).unwrap_or_else(|_| panic!("exec form expected: {line}"))
}

fn image() -> Image {
    let text =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("Dockerfile")).unwrap();
    let last_stage = &text[text.rfind("\nFROM ").unwrap()..];
    let mut image = Image {
        workdir: String::new(),
        env: Vec::new(),
        cmd: Vec::new(),
        healthcheck: Vec::new(),
        writable: Vec::new(),
        user: String::new(),
    };
    for line in last_stage.lines().map(str::trim) {
        if let Some(dir) = line.strip_prefix("WORKDIR ") {
            image.workdir = dir.trim().to_owned();
        } else if let Some(pair) = line.strip_prefix("ENV ") {
            let (k, v) = pair.split_once('=').unwrap();
            image.env.push((k.trim().to_owned(), v.trim().to_owned()));
        } else if line.starts_with("CMD ") {
            image.cmd = json_args(line, "CMD");
        } else if line.starts_with("HEALTHCHECK CMD ") {
            image.healthcheck = json_args(line, "HEALTHCHECK CMD");
        } else if let Some(rest) = line.strip_prefix("RUN install -d -o ") {
            image
                .writable
                .push(rest.split_whitespace().last().unwrap().to_owned());
        } else if let Some(user) = line.strip_prefix("USER ") {
            image.user = user.trim().to_owned();
        }
    }
    assert!(!image.cmd.is_empty() && !image.healthcheck.is_empty());
    assert_eq!(image.cmd[0], "yousaid");
    assert_eq!(
        image.healthcheck[0], "yousaid",
        "no shell needed for the health check"
    );
    assert!(!image.user.is_empty() && image.user != "root");
    image
}

/// Whether this test runs as root, and so can switch to an unprivileged user as the image does.
fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
        .unwrap_or(false)
}

/// A command of the image, run as `nobody` (standing in for the image's own user).
fn as_image_user(
    root: &Path,
    image: &Image,
    args: &[String],
    port: u16,
    url: Option<&str>,
) -> Command {
    let binary = root.join("usr/local/bin/yousaid");
    let mut command = if is_root() {
        let mut c = Command::new("setpriv");
        c.args(["--reuid=65534", "--regid=65534", "--clear-groups", "--"]);
        c.arg(&binary);
        c
    } else {
        Command::new(&binary)
    };
    command
        .args(&args[1..])
        .current_dir(root.join(image.workdir.trim_start_matches('/')))
        .env_clear()
        .env("PATH", "/usr/local/bin:/usr/bin:/bin")
        .envs(image.env.iter().map(|(k, v)| (k.as_str(), v.as_str())))
        // The image listens on 0.0.0.0:8080; here a free port, so tests can run side by side.
        .env("YOUSAID_ADDR", format!("0.0.0.0:{port}"))
        .env("YOUSAID_SCHEDULE_SECONDS", "0");
    if let Some(url) = url {
        command.env("DATABASE_URL", url);
    }
    command
}

fn lay_out(image: &Image) -> (tempfile::TempDir, PathBuf) {
    let scratch = tempfile::tempdir().unwrap();
    let root = scratch.path().to_path_buf();
    std::fs::set_permissions(&root, std::fs::Permissions::from_mode(0o755)).unwrap();
    let bin = root.join("usr/local/bin");
    std::fs::create_dir_all(&bin).unwrap();
    std::fs::copy(env!("CARGO_BIN_EXE_yousaid"), bin.join("yousaid")).unwrap();
    let workdir = root.join(image.workdir.trim_start_matches('/'));
    copy_definitions(&workdir.join("survey-definitions"));
    for dir in [
        root.join("usr"),
        root.join("usr/local"),
        bin,
        root.join("srv"),
        workdir,
    ] {
        std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    for dir in &image.writable {
        let dir = root.join(dir.trim_start_matches('/'));
        let owner = if is_root() { "nobody" } else { "" };
        let mut install = Command::new("install");
        install.arg("-d");
        if !owner.is_empty() {
            install.args(["-o", owner, "-g", "nogroup"]);
        }
        assert!(install.arg(&dir).status().unwrap().success());
    }
    (scratch, root)
}

fn wait_healthy(root: &Path, image: &Image, port: u16, server: &mut Child) {
    let started = Instant::now();
    loop {
        let status = as_image_user(root, image, &image.healthcheck, port, None)
            .stderr(Stdio::null())
            .status()
            .unwrap();
        if status.success() {
            return;
        }
        if let Some(exit) = server.try_wait().unwrap() {
            panic!("the image's CMD exited with {exit} before it was healthy");
        }
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "the health check never passed"
        );
        std::thread::sleep(Duration::from_millis(200));
    }
}

#[tokio::test]
async fn the_images_command_serves_as_an_unprivileged_user_and_its_health_check_passes() {
    let image = image();
    for backend in backends() {
        let (_scratch, root) = lay_out(&image);
        // The image's default is the SQLite file in its data directory; compose sets PostgreSQL.
        let db = match backend {
            Backend::Sqlite => None,
            Backend::Postgres => {
                Some(TestDb::new(backend, Arc::new(tempfile::tempdir().unwrap())).await)
            }
        };
        let port = free_port();
        let mut server = as_image_user(
            &root,
            &image,
            &image.cmd,
            port,
            db.as_ref().map(|d| d.url.as_str()),
        )
        .stdout(Stdio::null())
        .stderr(Stdio::inherit())
        .spawn()
        .unwrap();
        wait_healthy(&root, &image, port, &mut server);
        let page = reqwest::get(format!(
            "http://127.0.0.1:{port}/s/food-statistics-pocketbook"
        ))
        .await
        .unwrap();
        assert_eq!(page.status(), 200, "{backend:?}");
        if backend == Backend::Sqlite {
            let file = root
                .join(image.workdir.trim_start_matches('/'))
                .join("data/yousaid.db");
            assert!(
                file.exists(),
                "the SQLite file is made in the data directory"
            );
        }
        let _ = server.kill();
        let _ = server.wait();
        // And a stopped service fails the health check.
        let down = as_image_user(&root, &image, &image.healthcheck, port, None)
            .stderr(Stdio::null())
            .status()
            .unwrap();
        assert!(!down.success(), "{backend:?}");
        if let Some(db) = db {
            db.drop_database().await;
        }
    }
}
