//! Serving the stylesheet and scripts: by their hashed names for a year, as immutable; by their
//! plain names (for pages cached before a release) for an hour.

use actix_web::http::header;
use actix_web::{HttpResponse, web};

const EMBED_JS: &str = include_str!("../../assets/embed.js");

/// `GET /assets/{name}`
pub async fn asset_file(name: web::Path<String>) -> HttpResponse {
    match crate::assets::find(&name) {
        Some((asset, immutable)) => HttpResponse::Ok()
            .content_type(asset.content_type)
            .insert_header((
                header::CACHE_CONTROL,
                if immutable {
                    "public, max-age=31536000, immutable"
                } else {
                    "public, max-age=3600"
                },
            ))
            .body(asset.body),
        None => HttpResponse::NotFound()
            .content_type("text/plain; charset=utf-8")
            .body("No such file."),
    }
}

/// `GET /embed.js`: for host pages, which link it by this name; it must be loadable from any
/// site.
pub async fn embed_js() -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/javascript; charset=utf-8")
        .insert_header((header::CACHE_CONTROL, "public, max-age=3600"))
        .insert_header((header::ACCESS_CONTROL_ALLOW_ORIGIN, "*"))
        .insert_header(("Cross-Origin-Resource-Policy", "cross-origin"))
        .body(EMBED_JS)
}
