//! HTTP: the only module that knows actix-web. Routes read like the URL map.

mod api;
mod assets;
mod client;
pub mod error;
mod headers;
mod health;
mod page;
mod public;
mod request_log;
mod state;

pub use headers::secure as secure_headers;
pub use request_log::log as log_request;
pub use state::AppState;

use actix_web::web::{self, ServiceConfig};

/// Every route.
pub fn configure(cfg: &mut ServiceConfig) {
    use public::survey;
    cfg.route("/healthz", web::get().to(health::healthz))
        .route("/readyz", web::get().to(health::readyz))
        .route("/embed.js", web::get().to(assets::embed_js))
        .route("/assets/{name}", web::get().to(assets::asset_file))
        .service(
            web::scope("/api/v1/surveys/{id}")
                .route("", web::get().to(api::surveys::get_survey))
                .route("/responses", web::post().to(api::surveys::post_response))
                .route(
                    "/responses",
                    web::method(actix_web::http::Method::OPTIONS).to(api::surveys::preflight),
                ),
        )
        .service(
            web::scope("/s/{id}")
                .route("", web::get().to(survey::show_survey))
                .route("", web::post().to(survey::submit_survey))
                .route("/embed", web::get().to(survey::show_embed))
                .route("/embed", web::post().to(survey::submit_embed))
                .route("/thanks", web::get().to(survey::show_thanks)),
        );
}

/// `404` for any address that is not a route.
pub async fn not_found() -> Result<actix_web::HttpResponse, error::PageError> {
    Err(error::PageError::NotFound)
}
