//! Signing in and out, the overview of a producer's surveys, and the audit log.

use super::AdminError;
use super::guard::{COOKIE, Producer};
use crate::auth::{self, LoginError};
use crate::period::Period;
use crate::web::page::render;
use crate::web::state::AppState;
use crate::workspace::WorkspaceError;
use crate::workspace::responses::so_far;
use actix_web::cookie::{Cookie, SameSite};
use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;

#[derive(Template)]
#[template(path = "admin/login.html")]
struct LoginPage<'a> {
    who: Option<&'a str>,
    csrf: &'a str,
    error: Option<&'a str>,
    email: &'a str,
}

/// `GET /admin/login`
pub async fn show_login() -> HttpResponse {
    render(
        StatusCode::OK,
        &LoginPage {
            who: None,
            csrf: "",
            error: None,
            email: "",
        },
    )
}

#[derive(serde::Deserialize)]
pub struct Credentials {
    #[serde(default)]
    email: String,
    #[serde(default)]
    password: String,
}

fn session_cookie(
    value: String,
    secure: bool,
    max_age: Option<actix_web::cookie::time::Duration>,
) -> Cookie<'static> {
    let mut cookie = Cookie::build(COOKIE, value)
        .path("/admin")
        .http_only(true)
        .secure(secure)
        .same_site(SameSite::Strict)
        .finish();
    if let Some(age) = max_age {
        cookie.set_max_age(age);
    }
    cookie
}

/// Whether a sign-in form was posted from another site (login CSRF: signing a victim in to
/// the attacker's account). Browsers say so in `Sec-Fetch-Site`; older ones only in `Origin`,
/// which is `null` for our own pages because they send no referrer.
fn from_another_site(state: &AppState, req: &HttpRequest) -> bool {
    let header = |name| req.headers().get(name).and_then(|v| v.to_str().ok());
    match header("sec-fetch-site") {
        Some(site) => {
            !(site.eq_ignore_ascii_case("same-origin") || site.eq_ignore_ascii_case("none"))
        }
        None => header("origin").is_some_and(|origin| {
            origin != "null" && !origin.eq_ignore_ascii_case(state.site.origin())
        }),
    }
}

/// The sign-in page again, with a message and a status.
fn refused(
    status: StatusCode,
    message: &str,
    email: &str,
    retry_after: Option<u64>,
) -> HttpResponse {
    let mut response = render(
        status,
        &LoginPage {
            who: None,
            csrf: "",
            error: Some(message),
            email,
        },
    );
    if let Some(seconds) = retry_after {
        crate::web::public::insert_retry_after(&mut response, seconds);
    }
    response
}

/// `POST /admin/login`
pub async fn sign_in(
    state: web::Data<AppState>,
    req: HttpRequest,
    form: web::Form<Credentials>,
) -> Result<HttpResponse, AdminError> {
    if from_another_site(&state, &req) {
        return Err(AdminError::Csrf);
    }
    let client = crate::web::client::address(&req, state.client_ip_header.as_deref());
    if let Some(ip) = client
        && let Err(wait) = state.login_limiter.check(ip)
    {
        return Ok(refused(
            StatusCode::TOO_MANY_REQUESTS,
            "Too many sign-in attempts from your connection. Wait a minute and try again.",
            form.email.trim(),
            Some(wait),
        ));
    }
    match auth::sign_in(
        &state.db,
        &state.password_checks,
        &state.login_failures,
        client,
        &form.email,
        &form.password,
    )
    .await
    {
        Ok((user_id, principal)) => {
            let (token, _) = auth::start_session(&state.db, user_id)
                .await
                .map_err(|_| AdminError::Unavailable)?;
            crate::audit::record(
                state.db.conn(),
                &principal.actor,
                "sign_in",
                serde_json::json!({}),
            )
            .await
            .map_err(WorkspaceError::from)?;
            Ok(HttpResponse::SeeOther()
                .cookie(session_cookie(token, state.secure_cookies, None))
                .insert_header(("Location", "/admin"))
                .finish())
        }
        Err(LoginError::Refused) => Ok(refused(
            StatusCode::UNAUTHORIZED,
            "The email or password is not right, or the account is locked for a while. Check them and try again, or wait 15 minutes.",
            form.email.trim(),
            None,
        )),
        Err(LoginError::Busy) => Ok(refused(
            StatusCode::SERVICE_UNAVAILABLE,
            "The service is busy checking other sign-ins. Try again in a few seconds.",
            form.email.trim(),
            Some(5),
        )),
        Err(LoginError::Auth(_)) => Err(AdminError::Unavailable),
    }
}

/// `POST /admin/logout`: ends the session in the database, not just in the browser.
pub async fn sign_out(
    state: web::Data<AppState>,
    producer: Producer,
    req: HttpRequest,
    body: web::Payload,
) -> Result<HttpResponse, AdminError> {
    super::Form::read(&req, &producer, body, 4_096).await?;
    auth::end_session(&state.db, &producer.token)
        .await
        .map_err(|_| AdminError::Unavailable)?;
    Ok(HttpResponse::SeeOther()
        .cookie(session_cookie(
            String::new(),
            state.secure_cookies,
            Some(actix_web::cookie::time::Duration::ZERO),
        ))
        .insert_header(("Location", "/admin/login"))
        .finish())
}

struct Row {
    id: String,
    title: String,
    team: String,
    role: String,
    this_period: u64,
    last_period: u64,
    trend: &'static str,
    open_actions: u64,
}

#[derive(Template)]
#[template(path = "admin/overview.html")]
struct Overview<'a> {
    who: Option<&'a str>,
    csrf: &'a str,
    rows: Vec<Row>,
    this_period: String,
    last_period: String,
    admin: bool,
}

/// `GET /admin`: the producer's surveys with this quarter's and last quarter's responses.
pub async fn overview(
    state: web::Data<AppState>,
    producer: Producer,
) -> Result<HttpResponse, AdminError> {
    let catalog = state.catalog.current();
    let at = chrono::Utc::now();
    let now = Period::quarter_of(at);
    let mut last_until = now.bounds().0;
    let mut rows = Vec::new();
    for loaded in catalog.surveys() {
        let survey = &loaded.survey;
        let Some(role) = producer.principal.role_in(&survey.owner) else {
            continue;
        };
        let counted = so_far(&state.db, &survey.id, at).await?;
        let (this_period, last_period) = (counted.this, counted.last);
        last_until = counted.last_until;
        let open_actions = crate::workspace::actions::open_count(&state.db, &survey.id).await?;
        rows.push(Row {
            id: survey.id.clone(),
            title: survey
                .title
                .get(crate::definitions::Language::En)
                .to_owned(),
            team: survey.owner.clone(),
            role: role.to_string(),
            this_period,
            last_period,
            trend: match this_period.cmp(&last_period) {
                std::cmp::Ordering::Greater => "Up",
                std::cmp::Ordering::Less => "Down",
                std::cmp::Ordering::Equal => "Same",
            },
            open_actions,
        });
    }
    let page = Overview {
        who: Some(&producer.principal.actor),
        csrf: &producer.csrf,
        rows,
        this_period: format!("{now} so far"),
        // The day the last quarter's count runs up to (its end is exclusive).
        last_period: format!(
            "{} to {}",
            now.previous(),
            crate::publishing::render::html::day(
                &last_until
                    .checked_sub_signed(chrono::Duration::seconds(1))
                    .unwrap_or(last_until)
            )
        ),
        admin: producer.principal.admin,
    };
    Ok(render(StatusCode::OK, &page))
}

#[derive(Template)]
#[template(path = "admin/audit.html")]
struct AuditPage<'a> {
    who: Option<&'a str>,
    csrf: &'a str,
    entries: Vec<crate::audit::Entry>,
}

/// `GET /admin/audit`: administrators only.
pub async fn audit_log(
    state: web::Data<AppState>,
    producer: Producer,
) -> Result<HttpResponse, AdminError> {
    if !producer.principal.admin {
        return Err(AdminError::Forbidden);
    }
    let entries = crate::audit::recent(&state.db, 500)
        .await
        .map_err(WorkspaceError::from)?;
    Ok(render(
        StatusCode::OK,
        &AuditPage {
            who: Some(&producer.principal.actor),
            csrf: &producer.csrf,
            entries,
        },
    ))
}
