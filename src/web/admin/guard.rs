//! Who is asking: the signed-in producer (pages) or the bearer token (API), and the CSRF check.

use crate::auth::{self, Principal};
use crate::web::state::AppState;
use actix_web::dev::Payload;
use actix_web::http::StatusCode;
use actix_web::{FromRequest, HttpRequest, HttpResponse, ResponseError, web};
use std::future::Future;
use std::pin::Pin;

/// Name of the session cookie; scoped to `/admin`, so public pages never see it.
pub const COOKIE: &str = "yousaid_session";

/// A signed-in producer on an admin page.
pub struct Producer {
    pub principal: Principal,
    pub csrf: String,
    pub token: String,
}

/// Why an admin page cannot be shown.
#[derive(Debug, thiserror::Error)]
pub enum GuardError {
    #[error("sign in to continue")]
    SignIn,
    #[error("the service cannot check your session just now")]
    Unavailable,
}

impl ResponseError for GuardError {
    fn status_code(&self) -> StatusCode {
        match self {
            GuardError::SignIn => StatusCode::SEE_OTHER,
            GuardError::Unavailable => StatusCode::SERVICE_UNAVAILABLE,
        }
    }

    fn error_response(&self) -> HttpResponse {
        match self {
            GuardError::SignIn => HttpResponse::SeeOther()
                .insert_header(("Location", "/admin/login"))
                .finish(),
            GuardError::Unavailable => HttpResponse::ServiceUnavailable()
                .content_type("text/plain; charset=utf-8")
                .body("The service cannot check your session just now. Try again in a minute."),
        }
    }
}

impl FromRequest for Producer {
    type Error = GuardError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, Self::Error>>>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let token = req.cookie(COOKIE).map(|c| c.value().to_owned());
        let state = req.app_data::<web::Data<AppState>>().cloned();
        Box::pin(async move {
            let (Some(token), Some(state)) = (token, state) else {
                return Err(GuardError::SignIn);
            };
            match auth::find_session(&state.db, &token, state.sessions).await {
                Ok(Some((principal, csrf))) => Ok(Producer {
                    principal,
                    csrf,
                    token,
                }),
                Ok(None) => Err(GuardError::SignIn),
                Err(_) => Err(GuardError::Unavailable),
            }
        })
    }
}

/// A caller of the admin API, by bearer token.
pub struct Bearer(pub Principal);

/// Why an API call is refused before it starts.
#[derive(Debug, thiserror::Error)]
pub enum BearerError {
    #[error("send a valid token as `Authorization: Bearer <token>`")]
    Missing,
    #[error("the service cannot check tokens just now")]
    Unavailable,
}

impl ResponseError for BearerError {
    fn status_code(&self) -> StatusCode {
        match self {
            BearerError::Missing => StatusCode::UNAUTHORIZED,
            BearerError::Unavailable => StatusCode::SERVICE_UNAVAILABLE,
        }
    }

    fn error_response(&self) -> HttpResponse {
        let code = match self {
            BearerError::Missing => "unauthorized",
            BearerError::Unavailable => "unavailable",
        };
        HttpResponse::build(self.status_code())
            .insert_header(("WWW-Authenticate", "Bearer"))
            .json(serde_json::json!({"error": code, "message": self.to_string()}))
    }
}

impl FromRequest for Bearer {
    type Error = BearerError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, Self::Error>>>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let token = req
            .headers()
            .get("Authorization")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .map(|t| t.trim().to_owned());
        let state = req.app_data::<web::Data<AppState>>().cloned();
        Box::pin(async move {
            let (Some(token), Some(state)) = (token, state) else {
                return Err(BearerError::Missing);
            };
            match auth::find_token(&state.db, &token).await {
                Ok(Some(principal)) => Ok(Bearer(principal)),
                Ok(None) => Err(BearerError::Missing),
                Err(_) => Err(BearerError::Unavailable),
            }
        })
    }
}

/// Whether a state-changing form came from our own page: its CSRF field matches the session's,
/// and the browser does not say it came from another site.
pub fn form_is_ours(req: &HttpRequest, producer: &Producer, sent: Option<&str>) -> bool {
    let cross_site = req
        .headers()
        .get("Sec-Fetch-Site")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v == "cross-site");
    !cross_site && sent.is_some_and(|s| auth::same_secret(s, &producer.csrf))
}
