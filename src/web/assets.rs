//! The stylesheet and scripts, compiled into the binary: one file to deploy, no CDN.

use actix_web::http::header;
use actix_web::{HttpResponse, web};

pub(super) const APP_CSS: &str = include_str!("../../assets/app.css");
const SHOW_IF_JS: &str = include_str!("../../assets/show_if.js");
const RESIZE_JS: &str = include_str!("../../assets/resize.js");
const EMBED_JS: &str = include_str!("../../assets/embed.js");

fn asset(content_type: &'static str, body: &'static str) -> HttpResponse {
    HttpResponse::Ok()
        .content_type(content_type)
        .insert_header((header::CACHE_CONTROL, "public, max-age=3600"))
        .body(body)
}

/// `GET /assets/{name}`
pub async fn asset_file(name: web::Path<String>) -> HttpResponse {
    match name.as_str() {
        "app.css" => asset("text/css; charset=utf-8", APP_CSS),
        "show_if.js" => asset("text/javascript; charset=utf-8", SHOW_IF_JS),
        "resize.js" => asset("text/javascript; charset=utf-8", RESIZE_JS),
        _ => HttpResponse::NotFound()
            .content_type("text/plain; charset=utf-8")
            .body("No such file."),
    }
}

/// `GET /embed.js`: for host pages; it must be loadable from any site.
pub async fn embed_js() -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/javascript; charset=utf-8")
        .insert_header((header::CACHE_CONTROL, "public, max-age=3600"))
        .insert_header((header::ACCESS_CONTROL_ALLOW_ORIGIN, "*"))
        .insert_header(("Cross-Origin-Resource-Policy", "cross-origin"))
        .body(EMBED_JS)
}
