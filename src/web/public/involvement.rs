//! Ways to get involved, for the public: the organisation's and each team's open opportunities,
//! the registration form (plain HTML, no JavaScript), and cancelling from the emailed link (a
//! button, because mail scanners follow links).

use super::survey::see_other;
use crate::definitions::{Language, Opportunity, OpportunityKind, Team};
use crate::i18n::{Msg, t};
use crate::involvement::{self, Counts, Problem, RegistrationForm};
use crate::web::client;
use crate::web::error::PageError;
use crate::web::page::{Page, path_segment, render};
use crate::web::public::insert_retry_after;
use crate::web::state::AppState;
use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;
use chrono::NaiveDate;

/// One opportunity as a list shows it.
struct Listed {
    href: String,
    title: String,
    kind: &'static str,
    team: String,
    when: Option<String>,
    place: String,
    /// "3 places left", or that the waiting list is open.
    places: String,
    closes: String,
}

#[derive(Template)]
#[template(path = "involvement/list.html")]
struct ListPage {
    page: Page,
    intro: String,
    opportunities: Vec<Listed>,
    /// Other teams' pages, from the organisation's list.
    teams: Vec<(String, String)>,
}

#[derive(Template)]
#[template(path = "involvement/opportunity.html")]
struct OpportunityPage {
    page: Page,
    listed: Listed,
    description: String,
    action: String,
    token: String,
    consent: String,
    groups: Vec<(String, String)>,
    form: RegistrationForm,
    problems: Vec<Problem>,
    back: (String, String),
}

impl OpportunityPage {
    /// The problem with `field`, if any.
    fn problem(&self, field: &str) -> Option<&'static str> {
        self.problems
            .iter()
            .find(|p| p.field.name() == field)
            .map(|p| p.message)
    }
}

fn kind_name(kind: OpportunityKind) -> &'static str {
    match kind {
        OpportunityKind::UserResearch => "User research session",
        OpportunityKind::UserGroup => "User group meeting",
        OpportunityKind::Webinar => "Webinar",
        OpportunityKind::Consultation => "Consultation",
        OpportunityKind::UserPanel => "User panel",
    }
}

fn day(d: NaiveDate) -> String {
    d.format("%-d %B %Y").to_string()
}

fn listed(team_id: &str, team: &Team, o: &Opportunity, counts: Counts) -> Listed {
    let lang = Language::En;
    let left = counts.left(o);
    let when = match (o.on, &o.time) {
        (Some(d), Some(time)) => Some(format!("{}, {}", day(d), time.get(lang))),
        (Some(d), None) => Some(day(d)),
        (None, Some(time)) => Some(time.get(lang).to_owned()),
        (None, None) => None,
    };
    Listed {
        href: format!(
            "/get-involved/{}/{}",
            path_segment(team_id),
            path_segment(&o.id)
        ),
        title: o.title.get(lang).to_owned(),
        kind: kind_name(o.kind),
        team: team.profile.name.get(lang).to_owned(),
        when,
        place: o.place.get(lang).to_owned(),
        places: match left {
            0 => "Every place is taken: you can join the waiting list".to_owned(),
            1 => "1 place left".to_owned(),
            n => format!("{n} places left"),
        },
        closes: day(o.closes_on),
    }
}

fn today() -> NaiveDate {
    crate::uk_time::clock(chrono::Utc::now()).date_naive()
}

/// Every open opportunity of `teams`, soonest closing first.
async fn open_ones(state: &AppState, teams: &[(&str, &Team)]) -> Result<Vec<Listed>, PageError> {
    let mut found: Vec<(NaiveDate, Listed)> = Vec::new();
    for (id, team) in teams {
        for o in team.opportunities.iter().filter(|o| o.is_open_on(today())) {
            let counts = involvement::counts(&state.db, id, &o.id).await?;
            found.push((o.closes_on, listed(id, team, o, counts)));
        }
    }
    found.sort_by(|a, b| a.0.cmp(&b.0).then(a.1.title.cmp(&b.1.title)));
    Ok(found.into_iter().map(|(_, l)| l).collect())
}

/// `GET /get-involved/`
pub async fn index(state: web::Data<AppState>) -> Result<HttpResponse, PageError> {
    let catalog = state.catalog.current();
    let teams: Vec<(&str, &Team)> = catalog.teams().collect();
    let opportunities = open_ones(&state, &teams).await?;
    let page = ListPage {
        page: Page::new(Language::En, "Get involved", false),
        intro: "Tell us what you need from our statistics in person: take part in user research, \
                join a user group or panel, come to a webinar or answer a consultation."
            .to_owned(),
        opportunities,
        teams: teams
            .iter()
            .filter(|(_, t)| !t.opportunities.is_empty())
            .map(|(id, t)| {
                (
                    format!("/get-involved/{}", path_segment(id)),
                    t.profile.name.get(Language::En).to_owned(),
                )
            })
            .collect(),
    };
    Ok(render(StatusCode::OK, &page))
}

/// `GET /get-involved/{team}`
pub async fn team(
    state: web::Data<AppState>,
    id: web::Path<String>,
) -> Result<HttpResponse, PageError> {
    let catalog = state.catalog.current();
    let team = catalog.team(&id).ok_or(PageError::NotFound)?;
    let opportunities = open_ones(&state, &[(id.as_str(), team)]).await?;
    let name = team.profile.name.get(Language::En);
    let page = ListPage {
        page: Page::new(Language::En, format!("Get involved with the {name}"), false),
        intro: format!("Ways to help the {name} make its statistics more useful."),
        opportunities,
        teams: vec![("/get-involved/".to_owned(), "Every team".to_owned())],
    };
    Ok(render(StatusCode::OK, &page))
}

/// The team and its opportunity `id`, if registrations are open; 404 or 410 otherwise.
fn find<'c>(
    catalog: &'c crate::definitions::Catalog,
    team_id: &str,
    id: &str,
) -> Result<(&'c Team, &'c Opportunity), PageError> {
    let team = catalog.team(team_id).ok_or(PageError::NotFound)?;
    let o = team
        .opportunities
        .iter()
        .find(|o| o.id == id)
        .ok_or(PageError::NotFound)?;
    if !o.is_open_on(today()) {
        return Err(PageError::Closed {
            lang: Language::En,
            title: o.title.get(Language::En).to_owned(),
        });
    }
    Ok((team, o))
}

fn consent_text(team: &Team, o: &Opportunity) -> String {
    format!(
        "The {} may use my email address to contact me about “{}”, and deletes it {} after \
         registrations close on {}.",
        team.profile.name.get(Language::En),
        o.title.get(Language::En),
        o.keep_contacts,
        day(o.closes_on)
    )
}

async fn form_page(
    state: &AppState,
    (team_id, team, o): (&str, &Team, &Opportunity),
    form: RegistrationForm,
    problems: Vec<Problem>,
) -> Result<OpportunityPage, PageError> {
    let counts = involvement::counts(&state.db, team_id, &o.id).await?;
    let listed = listed(team_id, team, o, counts);
    let mut page = Page::new(Language::En, listed.title.clone(), false);
    page.has_errors = !problems.is_empty();
    let mut groups: Vec<(String, String)> = team
        .users
        .iter()
        .map(|g| (g.id.clone(), g.label.get(Language::En).to_owned()))
        .collect();
    groups.push((involvement::OTHER.to_owned(), "Something else".to_owned()));
    Ok(OpportunityPage {
        page,
        action: listed.href.clone(),
        description: o.description.get(Language::En).to_owned(),
        token: crate::intake::guard::new_token(&state.key),
        consent: consent_text(team, o),
        groups,
        form,
        problems,
        back: (
            format!("/get-involved/{}", path_segment(team_id)),
            format!("More ways to get involved with the {}", listed.team),
        ),
        listed,
    })
}

/// `GET /get-involved/{team}/{id}`
pub async fn show(
    state: web::Data<AppState>,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, PageError> {
    let (team_id, id) = path.into_inner();
    let catalog = state.catalog.current();
    let (team, o) = find(&catalog, &team_id, &id)?;
    let page = form_page(
        &state,
        (&team_id, team, o),
        RegistrationForm::default(),
        Vec::new(),
    )
    .await?;
    Ok(render(StatusCode::OK, &page))
}

/// `POST /get-involved/{team}/{id}`
pub async fn register(
    state: web::Data<AppState>,
    path: web::Path<(String, String)>,
    req: HttpRequest,
    body: web::Payload,
) -> Result<HttpResponse, PageError> {
    let (team_id, id) = path.into_inner();
    let catalog = state.catalog.current();
    let (team, o) = find(&catalog, &team_id, &id)?;
    let body = client::read_body(body, state.max_body)
        .await
        .map_err(|_| PageError::TooLarge { lang: Language::En })?;
    let pairs: Vec<(String, String)> = form_urlencoded::parse(&body).into_owned().collect();
    let field = |name: &str| {
        pairs
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
    };
    let form = RegistrationForm {
        email: field("email").unwrap_or_default(),
        consent: field("consent"),
        user_type: field("user_type").unwrap_or_default(),
        topics: field("topics").unwrap_or_default(),
        access_needs: field("access_needs").unwrap_or_default(),
    };
    let registered = format!("{}/registered", listed_href(&team_id, &id));
    let site = state.site.clone();
    if let Some(ip) = client::address(&req, state.client_ip_header.as_deref())
        && let Err(wait) = state.limiter.check(ip)
    {
        let mut page = form_page(&state, (&team_id, team, o), form, Vec::new()).await?;
        page.page.title = t(Language::En, Msg::TooManyRequests).to_owned();
        let mut response = render(StatusCode::TOO_MANY_REQUESTS, &page);
        insert_retry_after(&mut response, wait);
        return Ok(response);
    }
    // The trap field people never see: a bot that fills it is answered as if registered.
    let verdict = crate::intake::guard::judge_form(
        &state.key,
        field(crate::intake::guard::HONEYPOT).as_deref(),
        field(crate::intake::guard::TOKEN).as_deref(),
        std::time::Duration::ZERO,
    );
    if matches!(verdict, crate::intake::guard::Verdict::Drop) {
        return Ok(see_other(&registered));
    }
    let sign = match form.check(team) {
        Ok(sign) => sign,
        Err(problems) => {
            let page = form_page(&state, (&team_id, team, o), form, problems).await?;
            return Ok(render(StatusCode::UNPROCESSABLE_ENTITY, &page));
        }
    };
    // New or already registered, the same page follows: it says nothing about who else has
    // signed up.
    involvement::register(
        &state.db,
        (&team_id, team),
        o,
        sign,
        &consent_text(team, o),
        |secret| format!("{}/get-involved/registrations/{secret}/cancel", site.base()),
        chrono::Utc::now(),
    )
    .await?;
    Ok(see_other(&registered))
}

fn listed_href(team: &str, id: &str) -> String {
    format!("/get-involved/{}/{}", path_segment(team), path_segment(id))
}
