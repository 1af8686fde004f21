//! The OpenAPI 3.1 document, generated from the handlers' annotations.

use super::{admin, surveys};
use actix_web::HttpResponse;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};

struct BearerAuth;

impl Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
    }
}

/// The whole API: public intake and the producer workspace.
#[derive(OpenApi)]
#[openapi(
    info(title = "yousaid", description = "Continuous user-feedback surveys and \"you said, we did\" publications."),
    paths(
        surveys::get_survey,
        surveys::post_response,
        admin::list_surveys,
        admin::list_responses,
        admin::export_csv,
        admin::export_json,
        admin::get_response,
        admin::set_spam,
        admin::tag,
        admin::list_themes,
        admin::suggestions,
        admin::create_theme,
        admin::rename_theme,
        admin::delete_theme,
        admin::merge_theme,
        admin::list_actions,
        admin::create_action,
        admin::update_action,
    ),
    modifiers(&BearerAuth),
    tags((name = "public", description = "For respondents' browsers and embedding pages"), (name = "admin", description = "For producer teams; needs a bearer token"))
)]
pub struct ApiDoc;

/// `GET /api/v1/openapi.json`
pub async fn openapi_json() -> HttpResponse {
    HttpResponse::Ok().json(ApiDoc::openapi())
}
