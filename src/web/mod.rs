//! HTTP: the only module that knows actix-web. Routes read like the URL map.

mod admin;
mod api;
mod assets;
pub(crate) mod client;
pub mod error;
mod extractors;
mod head;
mod headers;
mod health;
mod metrics;
pub(crate) mod page;
mod public;
mod request_log;
mod state;

pub use head::as_get as head_as_get;
pub use headers::secure as secure_headers;
pub use request_log::log as log_request;
pub use state::AppState;

use actix_web::web::{self, ServiceConfig};

/// Every route.
pub fn configure(cfg: &mut ServiceConfig) {
    use public::{involvement, privacy, signed_up, survey, widget};
    cfg.app_data(extractors::query_config())
        .app_data(extractors::form_config());
    admin::configure(cfg);
    cfg.route("/healthz", web::get().to(health::healthz))
        .route("/metrics", web::get().to(metrics::metrics))
        .route("/readyz", web::get().to(health::readyz))
        .route("/embed.js", web::get().to(assets::embed_js))
        .route("/assets/{name}", web::get().to(assets::asset_file))
        .route(
            "/published/feed.atom",
            web::get().to(public::published::instance_feed),
        )
        .route(
            "/published/{id}",
            web::get().to(public::published::to_index),
        )
        .route("/published/{id}/", web::get().to(public::published::index))
        .route(
            "/engagement",
            web::get().to(|| async {
                actix_web::HttpResponse::PermanentRedirect()
                    .insert_header(("Location", "/engagement/"))
                    .finish()
            }),
        )
        .route("/engagement/", web::get().to(public::engagement::index))
        .route(
            "/engagement/{file}",
            web::get().to(public::engagement::team),
        )
        .route(
            "/engagement/{lang:[a-z]{2}}/",
            web::get().to(public::engagement::index_in),
        )
        .route(
            "/engagement/{lang:[a-z]{2}}/{file}",
            web::get().to(public::engagement::team_in),
        )
        .route(
            "/published/{id}/subscribe",
            web::get().to(public::subscriptions::show),
        )
        .route(
            "/published/{id}/subscribe",
            web::post().to(public::subscriptions::subscribe),
        )
        .route(
            "/published/{id}/{file}",
            web::get().to(public::published::file),
        )
        .route(
            "/published/{id}/{period}/revisions/{n}",
            web::get().to(public::published::revision),
        )
        .route(
            "/subscriptions/{token}/confirm",
            web::get().to(public::subscriptions::show_confirm),
        )
        .route(
            "/subscriptions/{token}/confirm",
            web::post().to(public::subscriptions::confirm),
        )
        .route(
            "/subscriptions/{token}/unsubscribe",
            web::get().to(public::subscriptions::show_unsubscribe),
        )
        .route(
            "/subscriptions/{token}/unsubscribe",
            web::post().to(public::subscriptions::unsubscribe),
        )
        .route(
            "/api/v1/openapi.json",
            web::get().to(api::openapi::openapi_json),
        )
        .service(
            web::scope("/api/v1/admin")
                .route("/surveys", web::get().to(api::admin::list_surveys))
                .route(
                    "/effectiveness",
                    web::get().to(api::effectiveness::get_effectiveness),
                )
                .route(
                    "/organisation/themes",
                    web::get().to(api::organisation::list_themes),
                )
                .route(
                    "/surveys/{id}/responses",
                    web::get().to(api::admin::list_responses),
                )
                .route(
                    "/surveys/{id}/responses.csv",
                    web::get().to(api::admin::export_csv),
                )
                .route(
                    "/surveys/{id}/responses.json",
                    web::get().to(api::admin::export_json),
                )
                .route(
                    "/surveys/{id}/responses/{rid}",
                    web::get().to(api::admin::get_response),
                )
                .route(
                    "/surveys/{id}/responses/{rid}/spam",
                    web::post().to(api::admin::set_spam),
                )
                .route(
                    "/surveys/{id}/responses/{rid}/tags",
                    web::post().to(api::admin::tag),
                )
                .route(
                    "/surveys/{id}/themes",
                    web::get().to(api::admin::list_themes),
                )
                .route(
                    "/surveys/{id}/themes",
                    web::post().to(api::admin::create_theme),
                )
                // A resource, not a route: a route's method guard would let `PUT` here fall
                // through to `themes/{tid}`, where it is no 405 but a rename of "suggestions".
                .service(
                    web::resource("/surveys/{id}/themes/suggestions")
                        .get(api::admin::suggestions)
                        .default_service(web::to(not_found)),
                )
                .route(
                    "/surveys/{id}/themes/{tid}",
                    web::put().to(api::admin::rename_theme),
                )
                .route(
                    "/surveys/{id}/themes/{tid}",
                    web::delete().to(api::admin::delete_theme),
                )
                .route(
                    "/surveys/{id}/themes/{tid}/merge",
                    web::post().to(api::admin::merge_theme),
                )
                .route(
                    "/surveys/{id}/actions",
                    web::get().to(api::admin::list_actions),
                )
                .route(
                    "/surveys/{id}/actions",
                    web::post().to(api::admin::create_action),
                )
                .route(
                    "/surveys/{id}/actions/{aid}",
                    web::put().to(api::admin::update_action),
                ),
        )
        .service(
            web::scope("/api/v1/surveys/{id}")
                .route("", web::get().to(api::surveys::get_survey))
                .route("/responses", web::post().to(api::surveys::post_response))
                .route(
                    "/responses",
                    web::method(actix_web::http::Method::OPTIONS).to(api::surveys::preflight),
                ),
        )
        .route("/privacy", web::get().to(privacy::privacy))
        .route("/get-involved/", web::get().to(involvement::index))
        .route(
            "/get-involved/registrations/{token}/cancel",
            web::get().to(signed_up::show_cancel),
        )
        .route(
            "/get-involved/registrations/{token}/cancel",
            web::post().to(signed_up::cancel),
        )
        .route("/get-involved/{team}", web::get().to(involvement::team))
        .route(
            "/get-involved/{team}/{id}",
            web::get().to(involvement::show),
        )
        .route(
            "/get-involved/{team}/{id}",
            web::post().to(involvement::register),
        )
        .route(
            "/get-involved/{team}/{id}/registered",
            web::get().to(signed_up::registered),
        )
        .service(
            web::scope("/s/{id}")
                .route("", web::get().to(survey::show_survey))
                .route("", web::post().to(survey::submit_survey))
                .route("/embed", web::get().to(survey::show_embed))
                .route("/embed", web::post().to(survey::submit_embed))
                .route("/thanks", web::get().to(survey::show_thanks))
                .route("/widget", web::get().to(widget::show_widget))
                .route("/widget", web::post().to(widget::submit_widget))
                .route("/widget/thanks", web::get().to(widget::show_widget_thanks)),
        );
}

/// `404` for any address that is not a route; under `/api/` JSON, and `405` with `Allow` for a
/// documented path asked with another method.
pub async fn not_found(req: actix_web::HttpRequest) -> actix_web::HttpResponse {
    use actix_web::ResponseError;
    if req.path().starts_with("/api/") {
        api::openapi::unrouted(&req).error_response()
    } else {
        error::PageError::NotFound.error_response()
    }
}
