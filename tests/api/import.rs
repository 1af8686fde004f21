//! `yousaid import`: a form tool's spreadsheet export becomes responses with their own dates.

use crate::fixtures;
use crate::helpers::{TestDb, backends, copy_definitions};
use std::process::Command;
use std::sync::Arc;

const SHEET: &str = "Timestamp,Who are you?,Score,Why?,Topics,How many
2026/04/01 9:00:00 AM GMT+1,Analyst,2,Too slow,\"Food, Fish\",3
01/04/2026 10:30:00,Consultant,5,,,
";

fn import(
    url: &str,
    defs: &std::path::Path,
    file: &std::path::Path,
    extra: &[&str],
) -> (bool, String, String) {
    let mut args: Vec<&std::ffi::OsStr> =
        vec!["import".as_ref(), "--survey".as_ref(), "tiny".as_ref()];
    args.extend(extra.iter().map(std::ffi::OsStr::new));
    args.push(file.as_os_str());
    crate::helpers::run_yousaid(
        &args,
        &[
            ("DATABASE_URL", url.as_ref()),
            ("YOUSAID_DEFINITIONS", defs.as_os_str()),
        ],
    )
}

#[tokio::test]
async fn a_form_tool_export_is_imported_with_its_timestamps_once() {
    for backend in backends() {
        let dir = Arc::new(tempfile::tempdir().unwrap());
        let defs = dir.path().join("defs");
        copy_definitions(&defs);
        std::fs::write(defs.join("tiny.yaml"), fixtures::TINY).unwrap();
        let db = TestDb::new(backend, dir.clone()).await;

        let bad = dir.path().join("bad.csv");
        std::fs::write(&bad, format!("{SHEET}2026-04-02T10:00:00Z,Analyst,9,,,\n")).unwrap();
        let (ok, _, stderr) = import(&db.url, &defs, &bad, &[]);
        assert!(!ok, "{backend:?}: an invalid row stops the import");
        assert!(stderr.contains("bad.csv:4: score:"), "{stderr}");
        assert!(stderr.contains("nothing imported"), "{stderr}");

        let (ok, stdout, stderr) = import(&db.url, &defs, &bad, &["--skip-invalid"]);
        assert!(ok, "{stderr}");
        assert!(
            stdout.contains("2 responses imported into tiny, 1 row skipped as invalid"),
            "{stdout}"
        );

        let good = dir.path().join("good.csv");
        std::fs::write(&good, SHEET).unwrap();
        let (ok, stdout, _) = import(&db.url, &defs, &good, &[]);
        assert!(ok);
        assert!(
            stdout.contains("0 responses imported into tiny, 2 already there"),
            "{backend:?}: {stdout}"
        );

        use sea_orm::{ConnectionTrait, Statement};
        let conn = sea_orm::Database::connect(db.url.clone()).await.unwrap();
        let rows = conn
            .query_all_raw(Statement::from_string(
                conn.get_database_backend(),
                "SELECT r.submitted_at, a.question, a.value, a.text FROM responses r JOIN answers a ON a.response_id = r.id ORDER BY r.submitted_at, a.question, a.value",
            ))
            .await
            .unwrap();
        let got: Vec<String> = rows
            .iter()
            .map(|r| {
                let at: chrono::DateTime<chrono::Utc> = r.try_get("", "submitted_at").unwrap();
                let q: String = r.try_get("", "question").unwrap();
                let v: String = r.try_get("", "value").unwrap();
                let t: Option<String> = r.try_get("", "text").unwrap();
                format!(
                    "{} {q}={v}{}",
                    at.format("%Y-%m-%dT%H:%M"),
                    t.map(|t| format!(" ({t})")).unwrap_or_default()
                )
            })
            .collect();
        assert_eq!(
            got,
            [
                "2026-04-01T08:00 count=3",
                "2026-04-01T08:00 role=analyst",
                "2026-04-01T08:00 score=2",
                "2026-04-01T08:00 topics=fish",
                "2026-04-01T08:00 topics=food",
                "2026-04-01T08:00 why= (Too slow)",
                "2026-04-01T09:30 role=other (Consultant)",
                "2026-04-01T09:30 score=5",
            ],
            "{backend:?}: UK summer time, labels mapped to values, 'Other' kept as text"
        );
        conn.close().await.ok();
        db.drop_database().await;
    }
}

/// A test database with the `tiny` survey, and the paths `import` needs.
struct Setup {
    dir: Arc<tempfile::TempDir>,
    defs: std::path::PathBuf,
    db: TestDb,
}

async fn setup(backend: crate::helpers::Backend) -> Setup {
    let dir = Arc::new(tempfile::tempdir().unwrap());
    let defs = dir.path().join("defs");
    copy_definitions(&defs);
    std::fs::write(defs.join("tiny.yaml"), fixtures::TINY).unwrap();
    let db = TestDb::new(backend, dir.clone()).await;
    Setup { dir, defs, db }
}

impl Setup {
    fn file(&self, name: &str, text: &str) -> std::path::PathBuf {
        let path = self.dir.path().join(name);
        std::fs::write(&path, text).unwrap();
        path
    }

    /// Responses stored; the tables are made first, since a refused import never creates them.
    async fn responses(&self) -> i64 {
        use sea_orm::{ConnectionTrait, Statement};
        let db = yousaid::storage::Db::connect(&self.db.url).await.unwrap();
        db.migrate().await.unwrap();
        let conn = db.conn().clone();
        let row = conn
            .query_one_raw(Statement::from_string(
                conn.get_database_backend(),
                "SELECT COUNT(*) FROM responses",
            ))
            .await
            .unwrap()
            .unwrap();
        conn.close().await.ok();
        row.try_get_by_index::<i64>(0).unwrap()
    }
}

#[tokio::test]
async fn an_unterminated_or_stray_quote_is_an_error_on_its_line_not_merged_rows() {
    for backend in backends() {
        let s = setup(backend).await;
        let open = s.file(
            "open.csv",
            &format!("{SHEET}2026-04-02T10:00:00Z,Analyst,4,\"Too slow,,\n2026-04-03T10:00:00Z,Analyst,3,,,\n2026-04-04T10:00:00Z,Analyst,3,,,\n"),
        );
        let (ok, stdout, stderr) = import(&s.db.url, &s.defs, &open, &[]);
        assert!(!ok, "{backend:?}: {stdout}");
        assert!(
            stderr.contains(
                "open.csv: line 4: the quote (\") that opens a cell on this line is never closed"
            ),
            "{stderr}"
        );
        let stray = s.file(
            "stray.csv",
            &format!("{SHEET}2026-04-02T10:00:00Z,Analyst,4,5 \"stars\",,\n"),
        );
        let (ok, _, stderr) = import(&s.db.url, &s.defs, &stray, &["--skip-invalid"]);
        assert!(!ok);
        assert!(stderr.contains("stray.csv: line 4: a quote"), "{stderr}");
        assert_eq!(s.responses().await, 0, "{backend:?}");
        s.db.drop_database().await;
    }
}

#[tokio::test]
async fn the_same_responses_exported_with_other_columns_or_headers_are_stored_once() {
    for backend in backends() {
        let s = setup(backend).await;
        let first = s.file("first.csv", SHEET);
        let (ok, stdout, stderr) = import(&s.db.url, &s.defs, &first, &[]);
        assert!(ok, "{stderr}");
        assert!(
            stdout.contains("2 responses imported into tiny"),
            "{stdout}"
        );

        let again = s.file(
            "again.csv",
            "timestamp,how many,WHO ARE YOU?,Topics,Score,Why?,Exported by\n\
             2026-04-01T08:00:00Z,3,analyst,\"Fish, Food\",2,Too slow,someone\n\
             01/04/2026 10:30,,Consultant,,5,,someone\n",
        );
        let (ok, stdout, stderr) = import(
            &s.db.url,
            &s.defs,
            &again,
            &["--ignore-column", "Exported by"],
        );
        assert!(ok, "{stderr}");
        assert!(
            stdout.contains("0 responses imported into tiny, 2 already there"),
            "{backend:?}: {stdout}"
        );
        assert_eq!(s.responses().await, 2, "{backend:?}");
        s.db.drop_database().await;
    }
}

#[tokio::test]
async fn timestamps_outside_2000_to_now_ambiguous_or_far_offsets_are_errors() {
    for backend in backends() {
        let s = setup(backend).await;
        let rows = [
            "0000-01-01T00:00:00Z",
            "01/01/1970 00:00:00",
            "31/12/9999 23:59:59",
            "2026/01/15 9:00:00 AM GMT+14",
            "2026/01/15 9:00:00 AM GMT-13",
            "25/10/2026 01:30:00",
        ];
        let csv: String = rows.iter().map(|t| format!("{t},Analyst,3,,,\n")).collect();
        let file = s.file("times.csv", &format!("{SHEET}{csv}"));
        let (ok, _, stderr) = import(&s.db.url, &s.defs, &file, &[]);
        assert!(!ok, "{backend:?}");
        for (line, why) in [
            (4, "is before 2000"),
            (5, "is before 2000"),
            (6, "is in the future"),
            (7, "offset from UTC must be between -12:00 and +12:00"),
            (8, "offset from UTC must be between -12:00 and +12:00"),
            (9, "UK clocks went back an hour then"),
        ] {
            let expected = format!("times.csv:{line}: `");
            let reported = stderr
                .lines()
                .find(|l| l.contains(&expected))
                .unwrap_or_else(|| panic!("line {line} reported: {stderr}"));
            assert!(reported.contains(why), "{reported}");
        }
        assert!(
            stderr.contains("6 of 8 rows could not be read; nothing imported"),
            "{stderr}"
        );
        assert_eq!(s.responses().await, 0, "{backend:?}");
        s.db.drop_database().await;
    }
}

#[tokio::test]
async fn an_import_killed_part_way_keeps_nothing_and_running_it_again_keeps_everything() {
    const ROWS: usize = 20_000;
    for backend in backends() {
        let s = setup(backend).await;
        let start = chrono::DateTime::parse_from_rfc3339("2025-01-01T00:00:00Z").unwrap();
        let mut csv = String::from("Timestamp,Who are you?,Score,How many\n");
        for i in 0..ROWS {
            let at = start + chrono::Duration::seconds(i64::try_from(i).unwrap() * 60);
            csv.push_str(&format!(
                "{},Analyst,{},{}\n",
                at.format("%Y-%m-%dT%H:%M:%SZ"),
                1 + i % 5,
                i % 100
            ));
        }
        let file = s.file("big.csv", &csv);

        let mut child = Command::new(env!("CARGO_BIN_EXE_yousaid"))
            .args(["import", "--survey", "tiny"])
            .arg(&file)
            .env("DATABASE_URL", &s.db.url)
            .env("YOUSAID_DEFINITIONS", &s.defs)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        let stderr = child.stderr.take().unwrap();
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            use std::io::BufRead;
            for line in std::io::BufReader::new(stderr)
                .lines()
                .map_while(Result::ok)
            {
                if line.contains(&format!(" of {ROWS} rows")) {
                    let _ = tx.send(line);
                }
            }
        });
        // Kill it once the first rows have been written, well before the last.
        let progress = rx
            .recv_timeout(std::time::Duration::from_secs(120))
            .expect("the import reports progress");
        assert!(
            child.try_wait().unwrap().is_none(),
            "still running at: {progress}"
        );
        child.kill().unwrap();
        child.wait().unwrap();
        let after_kill = s.responses().await;
        eprintln!("{backend:?}: {after_kill} of {ROWS} rows after kill -9 at `{progress}`");
        assert!(
            after_kill == 0 || after_kill == i64::try_from(ROWS).unwrap(),
            "{backend:?}: {after_kill} of {ROWS} rows were kept after kill -9"
        );

        let started = std::time::Instant::now();
        let (ok, stdout, stderr) = import(&s.db.url, &s.defs, &file, &[]);
        eprintln!(
            "{backend:?}: import of {ROWS} rows took {:?}",
            started.elapsed()
        );
        assert!(ok, "{stderr}");
        assert!(
            stdout.contains(&format!("{ROWS} responses imported")),
            "{stdout}"
        );
        assert_eq!(
            s.responses().await,
            i64::try_from(ROWS).unwrap(),
            "{backend:?}"
        );
        s.db.drop_database().await;
    }
}

#[tokio::test]
async fn a_nul_in_a_cell_is_an_error_naming_its_line_and_column_and_nothing_is_stored() {
    for backend in backends() {
        let s = setup(backend).await;
        let file = s.file(
            "nul.csv",
            &format!("{SHEET}2026-04-02T10:00:00Z,Analyst,1,Too\0 slow,,\n"),
        );
        let (ok, _, stderr) = import(&s.db.url, &s.defs, &file, &[]);
        assert!(!ok, "{backend:?}");
        assert!(
            stderr.contains("nul.csv:4: column 4 (`Why?`) holds a NUL character"),
            "{backend:?}: {stderr}"
        );
        let (ok, stdout, stderr) = import(&s.db.url, &s.defs, &file, &["--skip-invalid"]);
        assert!(ok, "{backend:?}: {stderr}");
        assert!(
            stdout.contains("2 responses imported into tiny, 1 row skipped as invalid"),
            "{stdout}"
        );
        assert_eq!(s.responses().await, 2, "{backend:?}");
        s.db.drop_database().await;
    }
}

#[tokio::test]
async fn a_column_that_matches_no_question_stops_the_import_naming_the_closest_label() {
    for backend in backends() {
        let s = setup(backend).await;
        let file = s.file(
            "renamed.csv",
            "ID,Start time,Completion time,Name,Who are you?,Scor (1 to 5),Why?\n\
             1,2026-04-01 08:55,2026-04-01 09:00,anonymous,Analyst,2,Slow\n",
        );
        let (ok, stdout, stderr) = import(&s.db.url, &s.defs, &file, &[]);
        assert!(!ok, "{backend:?}: {stdout}");
        assert!(
            stderr.contains(
                "renamed.csv:1: column “Scor (1 to 5)” matches no question of `tiny`; \
                 the closest label is “Score” (question `score`)"
            ),
            "{stderr}"
        );
        assert!(
            stderr.contains("1 column matches no question; nothing imported"),
            "{stderr}"
        );
        assert!(
            stderr.contains("note: column “ID” is the form tool's own")
                && stderr.contains("note: column “Name” is the form tool's own"),
            "the form tool's own columns are left out without stopping the import: {stderr}"
        );
        assert_eq!(s.responses().await, 0, "{backend:?}");

        let (ok, stdout, stderr) = import(
            &s.db.url,
            &s.defs,
            &file,
            &["--ignore-column", "Scor (1 to 5)"],
        );
        assert!(ok, "{backend:?}: {stderr}");
        assert!(
            stdout.starts_with("1 row read from ")
                && stdout.contains("renamed.csv: 1 response imported into tiny"),
            "{stdout}"
        );
        s.db.drop_database().await;
    }
}

#[tokio::test]
async fn refused_cells_are_explained_in_the_terms_of_the_sheet() {
    for backend in backends() {
        let s = setup(backend).await;
        let file = s.file(
            "cells.csv",
            &format!(
                "{SHEET}\
                 2026-04-02T10:00:00Z,Analyst,7,,,\n\
                 2026-04-02T10:01:00Z,Analyst,3,,,2.5\n\
                 2026-04-02T10:02:00Z,Analyst,3,,,250\n\
                 2026-04-02T10:03:00Z,Analyst,3,,\"Food, Crops\",\n\
                 2026-04-02T10:04:00Z,Analyst,3,,\"Food, Fish, Farming\",\n\
                 2026-04-02T10:05:00Z,Analyst,three,,,\n\
                 2026-04-02T10:06:00Z,,3,,,\n"
            ),
        );
        let (ok, _, stderr) = import(&s.db.url, &s.defs, &file, &[]);
        assert!(!ok, "{backend:?}");
        for expected in [
            "cells.csv:4: score: 7 is not between 1 and 5",
            "cells.csv:5: count: 2.5 is not a whole number",
            "cells.csv:6: count: 250 is not between 0 and 100",
            "cells.csv:7: topics: “Crops” is not one of the choices (“Food”, “Farming” or “Fish”)",
            "cells.csv:8: topics: the cell holds more than 2 choices, the most the question takes",
            "cells.csv:9: score: “three” is not a number from 1 to 5",
            "cells.csv:10: role: the cell is empty, but the question must be answered",
        ] {
            assert!(stderr.contains(expected), "{expected}\n{stderr}");
        }
        assert!(
            !stderr.contains("Select") && !stderr.contains("Enter"),
            "no message in the respondent's words: {stderr}"
        );
        s.db.drop_database().await;
    }
}

#[tokio::test]
async fn the_summary_line_accounts_for_every_row_once() {
    for backend in backends() {
        let s = setup(backend).await;
        let first = s.file("first.csv", SHEET);
        let (ok, _, stderr) = import(&s.db.url, &s.defs, &first, &[]);
        assert!(ok, "{stderr}");
        let mixed = s.file(
            "mixed.csv",
            &format!(
                "{SHEET}\
                 2026-04-03T10:00:00Z,Analyst,4,,,\n\
                 2026-04-03T10:00:00Z,Analyst,4,,,\n\
                 2026-04-03T11:00:00Z,Analyst,9,,,\n"
            ),
        );
        let (ok, stdout, stderr) = import(&s.db.url, &s.defs, &mixed, &["--skip-invalid"]);
        assert!(ok, "{backend:?}: {stderr}");
        let summary: Vec<&str> = stdout.lines().collect();
        assert_eq!(
            summary,
            [
                "5 rows read from mixed.csv: 1 response imported into tiny, 2 already there, \
                 1 row repeated in the file, 1 row skipped as invalid"
                    .replace("mixed.csv", &mixed.display().to_string())
                    .as_str()
            ],
            "{backend:?}"
        );
        assert_eq!(s.responses().await, 3, "{backend:?}");
        s.db.drop_database().await;
    }
}

#[test]
fn the_closest_label_is_the_one_sharing_words_with_the_header_not_the_one_of_like_length() {
    let dir = tempfile::tempdir().unwrap();
    copy_definitions(dir.path());
    let pocketbook = crate::seed::pocketbook(dir.path());
    let closest = |header: &str| {
        yousaid::import::closest_question(&pocketbook.survey, header)
            .map(|q| q.id.clone())
            .unwrap()
    };
    assert_eq!(closest("Overall satisfaction"), "satisfaction");
    assert_eq!(closest("Which sections did you use"), "sections");
    assert_eq!(closest("Describes you"), "role");
}
