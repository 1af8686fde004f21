//! The OpenAPI 3.1 document, generated from the handlers' annotations.

use super::{admin, effectiveness, organisation, surveys};
use crate::web::error::ApiError;
use actix_web::{HttpRequest, HttpResponse};
use std::sync::OnceLock;
use utoipa::openapi::path::{Operation, ParameterIn};
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::openapi::{ContentBuilder, Ref, ResponseBuilder};
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

/// The failures every operation of a kind can meet, added to each so that no status the
/// service answers is missing from the document, however an annotation was written.
struct CommonResponses;

impl CommonResponses {
    fn add(operation: &mut Operation, status: &str, description: &str) {
        let body = ContentBuilder::new()
            .schema(Some(Ref::from_schema_name("ApiErrorBody")))
            .build();
        let response = ResponseBuilder::new()
            .description(description)
            .content("application/json", body)
            .build();
        operation
            .responses
            .responses
            .entry(status.to_owned())
            .or_insert(response.into());
    }
}

impl Modify for CommonResponses {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        for (path, item) in openapi.paths.paths.iter_mut() {
            let admin = path.starts_with("/api/v1/admin/");
            let methods = [
                (&mut item.get, false),
                (&mut item.put, true),
                (&mut item.post, true),
                (&mut item.delete, true),
            ];
            for (operation, writes) in methods {
                let Some(operation) = operation.as_mut() else {
                    continue;
                };
                let has_query = operation.parameters.iter().flatten().any(|p| match p {
                    utoipa::openapi::RefOr::T(p) => p.parameter_in == ParameterIn::Query,
                    utoipa::openapi::RefOr::Ref(_) => false,
                });
                if admin {
                    Self::add(operation, "401", "No valid bearer token");
                    if writes {
                        Self::add(operation, "403", "Your role does not allow this");
                    }
                }
                if path.contains('{') {
                    Self::add(
                        operation,
                        "404",
                        "No such survey for your team, or no such item",
                    );
                }
                if operation.request_body.is_some() {
                    Self::add(operation, "400", "The body is not JSON");
                    Self::add(operation, "413", "The body is too large");
                    Self::add(
                        operation,
                        "422",
                        "Something in the request needs correcting",
                    );
                }
                if has_query {
                    Self::add(operation, "422", "A query parameter needs correcting");
                }
                Self::add(
                    operation,
                    "503",
                    "The database is unavailable; see Retry-After",
                );
            }
        }
    }
}

/// The whole API: public intake and the producer workspace.
#[derive(OpenApi)]
#[openapi(
    info(title = "yousaid", description = "Continuous user-feedback surveys and \"you said, we did\" publications."),
    paths(
        surveys::get_survey,
        surveys::post_response,
        surveys::preflight,
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
        effectiveness::get_effectiveness,
        organisation::list_themes,
    ),
    components(schemas(crate::web::error::ApiErrorBody)),
    modifiers(&BearerAuth, &CommonResponses),
    tags((name = "public", description = "For respondents' browsers and embedding pages"), (name = "admin", description = "For producer teams; needs a bearer token"))
)]
pub struct ApiDoc;

/// The document, built once: it is the same for the life of the process.
fn document() -> &'static utoipa::openapi::OpenApi {
    static DOC: OnceLock<utoipa::openapi::OpenApi> = OnceLock::new();
    DOC.get_or_init(ApiDoc::openapi)
}

/// `GET /api/v1/openapi.json`
pub async fn openapi_json() -> HttpResponse {
    HttpResponse::Ok().json(document())
}

/// Each documented path as segments, with the methods it takes (`Allow`).
fn methods_table() -> &'static [(Vec<String>, String)] {
    static TABLE: OnceLock<Vec<(Vec<String>, String)>> = OnceLock::new();
    TABLE.get_or_init(|| {
        document()
            .paths
            .paths
            .iter()
            .map(|(path, item)| {
                let methods: Vec<&str> = [
                    ("GET", item.get.is_some()),
                    ("PUT", item.put.is_some()),
                    ("POST", item.post.is_some()),
                    ("DELETE", item.delete.is_some()),
                    ("OPTIONS", item.options.is_some()),
                ]
                .into_iter()
                .filter_map(|(m, there)| there.then_some(m))
                .collect();
                (
                    path.split('/').map(str::to_owned).collect(),
                    methods.join(", "),
                )
            })
            .collect()
    })
}

/// The methods a documented API path takes, when `path` is one. A literal segment wins over a
/// parameter, as `themes/suggestions` does over `themes/{tid}`.
pub fn allowed_methods(path: &str) -> Option<&'static str> {
    let segments: Vec<&str> = path.split('/').collect();
    methods_table()
        .iter()
        .filter(|(template, _)| {
            template.len() == segments.len()
                && template
                    .iter()
                    .zip(&segments)
                    .all(|(t, s)| (t.starts_with('{') && !s.is_empty()) || t == s)
        })
        .max_by_key(|(template, _)| template.iter().filter(|t| !t.starts_with('{')).count())
        .map(|(_, allow)| allow.as_str())
}

/// An API address that no route answered: 405 with `Allow` when the path is documented and
/// only the method is wrong, else a JSON 404.
pub fn unrouted(req: &HttpRequest) -> ApiError {
    match allowed_methods(req.path()) {
        // The method is right but a route's pattern refused the parameter.
        Some(allow) if allow.split(", ").any(|m| m == req.method().as_str()) => {
            ApiError::NoSuchAddress
        }
        Some(allow) => ApiError::MethodNotAllowed {
            method: req.method().as_str().chars().take(20).collect(),
            allow,
        },
        None => ApiError::NoSuchAddress,
    }
}
