//! Respondents' pages in one round trip: compressed as the browser asks (gzip or brotli), the
//! stylesheet and scripts under content-hashed names cached for a year, the first view of a
//! survey page under 14 KB compressed, and `HEAD` answering as `GET` does without the body.

use crate::helpers::{backends, spawn_app};

const SURVEY: &str = "food-statistics-pocketbook";
/// What fits in the first TCP round trip: ten segments of 1,460 bytes, less headers.
const FIRST_ROUND_TRIP: usize = 14 * 1024;

/// The `href`s and `src`s of `html` that point under `/assets/`.
fn assets_of(html: &str) -> Vec<String> {
    html.split(['"', '\''])
        .filter(|part| part.starts_with("/assets/"))
        .map(str::to_owned)
        .collect()
}

/// `bytes` gunzipped by Python's own gzip module: an independent reader.
fn gunzip(bytes: &[u8]) -> String {
    use std::io::Write;
    let mut child = std::process::Command::new("python3")
        .args([
            "-c",
            "import gzip,sys; sys.stdout.buffer.write(gzip.decompress(sys.stdin.buffer.read()))",
        ])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(bytes).unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success());
    String::from_utf8(out.stdout).unwrap()
}

#[tokio::test]
async fn a_survey_pages_first_view_is_compressed_under_14_kb_with_assets_cached_for_a_year() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        let get = |path: String, encoding: &'static str| {
            let request = app.client.get(format!("{}{path}", app.address));
            async move {
                let res = request
                    .header("Accept-Encoding", encoding)
                    .send()
                    .await
                    .unwrap();
                let headers = res.headers().clone();
                (headers, res.bytes().await.unwrap().to_vec())
            }
        };
        let page = format!("/s/{SURVEY}");
        let (plain_headers, plain) = get(page.clone(), "identity").await;
        assert!(plain_headers.get("content-encoding").is_none());
        let html = String::from_utf8(plain.clone()).unwrap();
        let assets = assets_of(&html);
        assert!(
            assets.iter().any(|a| a.ends_with(".css")) && assets.iter().any(|a| a.ends_with(".js")),
            "{backend:?}: the page links its stylesheet and script: {assets:?}"
        );
        let mut report = Vec::new();
        for encoding in ["gzip", "br"] {
            let (headers, body) = get(page.clone(), encoding).await;
            assert_eq!(headers["content-encoding"], encoding, "{backend:?}");
            assert!(
                headers["vary"]
                    .to_str()
                    .unwrap()
                    .to_lowercase()
                    .contains("accept-encoding"),
                "caches keep one copy per encoding"
            );
            let mut total = body.len();
            if encoding == "gzip" {
                assert!(gunzip(&body).contains("<form"), "gzip decodes to the page");
            }
            for asset in &assets {
                // Hashed names: a dot, sixteen hex digits, the extension.
                let stem = asset.rsplit('/').next().unwrap();
                let hash = stem.split('.').nth(1).unwrap();
                assert!(
                    hash.len() == 16 && hash.chars().all(|c| c.is_ascii_hexdigit()),
                    "{asset}"
                );
                let (headers, body) = get(asset.clone(), encoding).await;
                assert_eq!(
                    headers["cache-control"], "public, max-age=31536000, immutable",
                    "{asset}"
                );
                assert_eq!(headers["content-encoding"], encoding, "{asset}");
                total += body.len();
            }
            report.push(format!("{encoding}: {total} bytes"));
            assert!(
                total < FIRST_ROUND_TRIP,
                "{backend:?}: the first view is {total} bytes with {encoding}"
            );
        }
        eprintln!(
            "{backend:?}: survey page, first view: {}",
            report.join(", ")
        );
        // A page cached before a release still finds the stylesheet, for an hour at a time.
        let (headers, _) = get("/assets/app.css".to_owned(), "identity").await;
        assert_eq!(headers["cache-control"], "public, max-age=3600");
        let (_, missing) = get("/assets/app.0000000000000000.css".to_owned(), "identity").await;
        assert_eq!(String::from_utf8(missing).unwrap(), "No such file.");
        app.stop().await;
    }
}

#[tokio::test]
async fn head_answers_as_get_does_without_the_body() {
    for backend in backends() {
        let app = spawn_app(backend).await;
        let css = format!("/{}", yousaid::assets::href("app.css"));
        for path in [
            format!("/s/{SURVEY}"),
            css.clone(),
            "/embed.js".to_owned(),
            "/healthz".to_owned(),
            "/engagement/".to_owned(),
            "/api/v1/openapi.json".to_owned(),
            "/no/such/page".to_owned(),
        ] {
            let url = format!("{}{path}", app.address);
            let got = app.client.get(&url).send().await.unwrap();
            let head = app.client.head(&url).send().await.unwrap();
            assert_eq!(head.status(), got.status(), "{backend:?}: HEAD {path}");
            for name in ["content-type", "cache-control"] {
                assert_eq!(
                    head.headers().get(name),
                    got.headers().get(name),
                    "{path}: {name}"
                );
            }
            let length = got.headers().get("content-length").cloned();
            let body = got.bytes().await.unwrap();
            if path == css {
                assert_eq!(
                    head.headers()["content-length"].to_str().unwrap(),
                    body.len().to_string(),
                    "HEAD gives the length GET sends"
                );
                assert_eq!(length.unwrap().to_str().unwrap(), body.len().to_string());
            }
            assert!(
                head.bytes().await.unwrap().is_empty(),
                "{path}: HEAD has no body"
            );
        }
        app.stop().await;
    }
}
