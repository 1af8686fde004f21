//! Ways to get involved, for the public: the organisation's and each team's open opportunities
//! and the sign-up form (plain HTML, no JavaScript), in each language the team's file is
//! written in (`?lang=cy`).

use super::survey::see_other;
use crate::definitions::{Catalog, Language, Opportunity, OpportunityKind, Team};
use crate::i18n::{Msg, fill, length, t};
use crate::involvement::{self, Counts, Problem, RegistrationForm};
use crate::period::day_in;
use crate::web::client;
use crate::web::error::PageError;
use crate::web::page::{LangQuery, Page, lang_query, language, path_segment, render};
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
    /// "User research session, with the Food statistics team".
    what: String,
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
    lang: Language,
    intro: String,
    opportunities: Vec<Listed>,
    /// Other teams' pages, or the organisation's.
    teams: Vec<(String, String)>,
}

impl ListPage {
    fn t(&self, msg: Msg) -> &'static str {
        t(self.lang, msg)
    }
}

#[derive(Template)]
#[template(path = "involvement/opportunity.html")]
struct OpportunityPage {
    page: Page,
    lang: Language,
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
    fn t(&self, msg: Msg) -> &'static str {
        t(self.lang, msg)
    }

    /// The problem with `field`, if any, in the page's language.
    fn problem(&self, field: &str) -> Option<&'static str> {
        self.problems
            .iter()
            .find(|p| p.field.name() == field)
            .map(|p| t(self.lang, p.message))
    }
}

fn kind_name(kind: OpportunityKind, lang: Language) -> &'static str {
    t(
        lang,
        match kind {
            OpportunityKind::UserResearch => Msg::UserResearchSession,
            OpportunityKind::UserGroup => Msg::UserGroupMeeting,
            OpportunityKind::Webinar => Msg::Webinar,
            OpportunityKind::Consultation => Msg::Consultation,
            OpportunityKind::UserPanel => Msg::UserPanel,
        },
    )
}

fn href(team: &str, id: &str, lang: Language) -> String {
    format!(
        "/get-involved/{}/{}{}",
        path_segment(team),
        path_segment(id),
        lang_query(lang)
    )
}

fn listed(team_id: &str, team: &Team, o: &Opportunity, counts: Counts, lang: Language) -> Listed {
    let when = match (o.on, &o.time) {
        (Some(d), Some(time)) => Some(format!("{}, {}", day_in(d, lang), time.get(lang))),
        (Some(d), None) => Some(day_in(d, lang)),
        (None, Some(time)) => Some(time.get(lang).to_owned()),
        (None, None) => None,
    };
    let team_name = team.profile.name.get(lang);
    Listed {
        href: href(team_id, &o.id, lang),
        title: o.title.get(lang).to_owned(),
        what: fill(
            lang,
            Msg::KindWithTeam,
            &[("kind", kind_name(o.kind, lang)), ("team", team_name)],
        ),
        when,
        place: o.place.get(lang).to_owned(),
        places: match counts.left(o) {
            0 => t(lang, Msg::AllPlacesTaken).to_owned(),
            1 => t(lang, Msg::OnePlaceLeft).to_owned(),
            n => fill(lang, Msg::PlacesLeft, &[("n", &n.to_string())]),
        },
        closes: day_in(o.closes_on, lang),
    }
}

fn today() -> NaiveDate {
    crate::uk_time::clock(chrono::Utc::now()).date_naive()
}

/// Every open opportunity of `teams` written in `lang`, soonest closing first.
async fn open_ones(
    state: &AppState,
    teams: &[(&str, &Team)],
    lang: Language,
) -> Result<Vec<Listed>, PageError> {
    let mut found: Vec<(NaiveDate, Listed)> = Vec::new();
    for (id, team) in teams {
        if !team.profile.languages().contains(&lang) {
            continue;
        }
        for o in team.opportunities.iter().filter(|o| o.is_open_on(today())) {
            let counts = involvement::counts(&state.db, id, &o.id).await?;
            found.push((o.closes_on, listed(id, team, o, counts, lang)));
        }
    }
    found.sort_by(|a, b| a.0.cmp(&b.0).then(a.1.title.cmp(&b.1.title)));
    Ok(found.into_iter().map(|(_, l)| l).collect())
}

/// The languages some team with opportunities is written in.
fn offered(catalog: &Catalog) -> Vec<Language> {
    Language::ALL
        .into_iter()
        .filter(|l| {
            catalog
                .teams()
                .any(|(_, t)| !t.opportunities.is_empty() && t.profile.languages().contains(l))
        })
        .collect()
}

/// `GET /get-involved/`
pub async fn index(
    state: web::Data<AppState>,
    query: web::Query<LangQuery>,
) -> Result<HttpResponse, PageError> {
    let catalog = state.catalog.current();
    let languages = offered(&catalog);
    let lang = language(query.lang.as_deref(), &languages);
    let teams: Vec<(&str, &Team)> = catalog.teams().collect();
    let opportunities = open_ones(&state, &teams, lang).await?;
    let page = ListPage {
        page: Page::new(lang, t(lang, Msg::GetInvolved), false).with_languages_of(
            &languages,
            lang,
            "/get-involved/",
        ),
        lang,
        intro: t(lang, Msg::GetInvolvedIntro).to_owned(),
        opportunities,
        teams: teams
            .iter()
            .filter(|(_, t)| !t.opportunities.is_empty() && t.profile.languages().contains(&lang))
            .map(|(id, t)| {
                (
                    format!("/get-involved/{}{}", path_segment(id), lang_query(lang)),
                    t.profile.name.get(lang).to_owned(),
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
    query: web::Query<LangQuery>,
) -> Result<HttpResponse, PageError> {
    let catalog = state.catalog.current();
    let team = catalog.team(&id).ok_or(PageError::NotFound)?;
    let languages = team.profile.languages();
    let lang = language(query.lang.as_deref(), &languages);
    let opportunities = open_ones(&state, &[(id.as_str(), team)], lang).await?;
    let name = team.profile.name.get(lang);
    let path = format!("/get-involved/{}", path_segment(&id));
    let page = ListPage {
        page: Page::new(
            lang,
            fill(lang, Msg::GetInvolvedWith, &[("team", name)]),
            false,
        )
        .with_languages_of(&languages, lang, &path),
        lang,
        intro: fill(lang, Msg::GetInvolvedTeamIntro, &[("team", name)]),
        opportunities,
        teams: vec![(
            format!("/get-involved/{}", lang_query(lang)),
            t(lang, Msg::EveryTeam).to_owned(),
        )],
    };
    Ok(render(StatusCode::OK, &page))
}

/// The team and its opportunity `id`, if registrations are open; 404 or 410 otherwise.
pub(super) fn find<'c>(
    catalog: &'c Catalog,
    team_id: &str,
    id: &str,
    asked: Option<&str>,
) -> Result<(&'c Team, &'c Opportunity, Language), PageError> {
    let team = catalog.team(team_id).ok_or(PageError::NotFound)?;
    let o = team
        .opportunities
        .iter()
        .find(|o| o.id == id)
        .ok_or(PageError::NotFound)?;
    let lang = language(asked, &team.profile.languages());
    if !o.is_open_on(today()) {
        return Err(PageError::Closed {
            lang,
            title: o.title.get(lang).to_owned(),
        });
    }
    Ok((team, o, lang))
}

fn consent_text(team: &Team, o: &Opportunity, lang: Language) -> String {
    fill(
        lang,
        Msg::SignUpConsent,
        &[
            ("team", team.profile.name.get(lang)),
            ("title", o.title.get(lang)),
            ("keep", &length(o.keep_contacts, lang)),
            ("closes", &day_in(o.closes_on, lang)),
        ],
    )
}

async fn form_page(
    state: &AppState,
    (team_id, team, o, lang): (&str, &Team, &Opportunity, Language),
    form: RegistrationForm,
    problems: Vec<Problem>,
) -> Result<OpportunityPage, PageError> {
    let counts = involvement::counts(&state.db, team_id, &o.id).await?;
    let listed = listed(team_id, team, o, counts, lang);
    let path = format!(
        "/get-involved/{}/{}",
        path_segment(team_id),
        path_segment(&o.id)
    );
    let mut page = Page::new(lang, listed.title.clone(), false).with_languages_of(
        &team.profile.languages(),
        lang,
        &path,
    );
    page.has_errors = !problems.is_empty();
    let mut groups: Vec<(String, String)> = team
        .users
        .iter()
        .map(|g| (g.id.clone(), g.label.get(lang).to_owned()))
        .collect();
    groups.push((
        involvement::OTHER.to_owned(),
        t(lang, Msg::SomethingElse).to_owned(),
    ));
    let team_name = team.profile.name.get(lang);
    Ok(OpportunityPage {
        page,
        lang,
        action: listed.href.clone(),
        description: o.description.get(lang).to_owned(),
        token: crate::intake::guard::new_token(&state.key),
        consent: consent_text(team, o, lang),
        groups,
        form,
        problems,
        back: (
            format!(
                "/get-involved/{}{}",
                path_segment(team_id),
                lang_query(lang)
            ),
            fill(lang, Msg::MoreWaysWith, &[("team", team_name)]),
        ),
        listed,
    })
}

/// `GET /get-involved/{team}/{id}`
pub async fn show(
    state: web::Data<AppState>,
    path: web::Path<(String, String)>,
    query: web::Query<LangQuery>,
) -> Result<HttpResponse, PageError> {
    let (team_id, id) = path.into_inner();
    let catalog = state.catalog.current();
    let (team, o, lang) = find(&catalog, &team_id, &id, query.lang.as_deref())?;
    let blank = RegistrationForm::default();
    let page = form_page(&state, (&team_id, team, o, lang), blank, Vec::new()).await?;
    Ok(render(StatusCode::OK, &page))
}

/// `POST /get-involved/{team}/{id}`
pub async fn register(
    state: web::Data<AppState>,
    path: web::Path<(String, String)>,
    query: web::Query<LangQuery>,
    req: HttpRequest,
    body: web::Payload,
) -> Result<HttpResponse, PageError> {
    let (team_id, id) = path.into_inner();
    let catalog = state.catalog.current();
    let (team, o, lang) = find(&catalog, &team_id, &id, query.lang.as_deref())?;
    let body = client::read_body(body, state.max_body)
        .await
        .map_err(|_| PageError::TooLarge { lang })?;
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
    let here = (team_id.as_str(), team, o, lang);
    let registered = format!(
        "/get-involved/{}/{}/registered{}",
        path_segment(&team_id),
        path_segment(&id),
        lang_query(lang)
    );
    if let Some(ip) = client::address(&req, state.client_ip_header.as_deref())
        && let Err(wait) = state.limiter.check(ip)
    {
        let mut page = form_page(&state, here, form, Vec::new()).await?;
        page.page.title = t(lang, Msg::TooManyRequests).to_owned();
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
            let page = form_page(&state, here, form, problems).await?;
            return Ok(render(StatusCode::UNPROCESSABLE_ENTITY, &page));
        }
    };
    let base = state.site.base().to_owned();
    let suffix = lang_query(lang);
    // New or already registered, the same page follows: it says nothing about who else has
    // signed up.
    involvement::register(
        &state.db,
        (&team_id, team),
        o,
        (sign, lang),
        &consent_text(team, o, lang),
        |secret| format!("{base}/get-involved/registrations/{secret}/cancel{suffix}"),
        chrono::Utc::now(),
    )
    .await?;
    Ok(see_other(&registered))
}
