//! Registrations: taking a place or a spot on the waiting list, the emails that confirm them,
//! cancelling (which hands the place on), and clearing contact details.

use super::form::Sign;
use crate::auth::hashed_secret;
use crate::definitions::{Catalog, Language, Opportunity, Team};
use crate::i18n::{Msg, fill, length, t};
use crate::mail::{self, Mail};
use crate::storage::Db;
use crate::storage::entities::registration;
use crate::workspace::WorkspaceError;
use chrono::{DateTime, Utc};
use sea_orm::ActiveValue::Set;
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect,
};
use uuid::Uuid;

/// Where a registration stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    /// Has one of the places.
    Confirmed,
    /// On the waiting list, in order of registering.
    Waiting,
    /// Cancelled by the person; their details are cleared.
    Cancelled,
}

impl Place {
    /// The stored word.
    pub fn as_str(self) -> &'static str {
        match self {
            Place::Confirmed => "confirmed",
            Place::Waiting => "waiting",
            Place::Cancelled => "cancelled",
        }
    }

    /// The place stored as `word`; an unknown word reads as cancelled, which counts nowhere.
    pub fn parse(word: &str) -> Self {
        match word {
            "confirmed" => Place::Confirmed,
            "waiting" => Place::Waiting,
            _ => Place::Cancelled,
        }
    }
}

/// What registering came to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Registered {
    /// A new registration, with its place.
    New(Place),
    /// The address is already registered: nothing new is stored or sent.
    Already,
}

/// An opportunity's registrations by place.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    pub confirmed: u64,
    pub waiting: u64,
    pub cancelled: u64,
}

impl Counts {
    /// Places not yet taken.
    pub fn left(&self, opportunity: &Opportunity) -> u64 {
        u64::from(opportunity.capacity).saturating_sub(self.confirmed)
    }
}

/// What cancelling came to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cancelled {
    pub team: String,
    pub opportunity: String,
}

/// Serialises registering for one opportunity on PostgreSQL, so two people cannot take the last
/// place at once (SQLite's single writer does this already).
async fn lock(conn: &impl ConnectionTrait, team: &str, id: &str) -> Result<(), sea_orm::DbErr> {
    crate::storage::lock_until_commit(conn, &format!("yousaid-registrations:{team}:{id}")).await
}

fn of(team: &str, id: &str) -> sea_orm::Condition {
    sea_orm::Condition::all()
        .add(registration::Column::Team.eq(team))
        .add(registration::Column::Opportunity.eq(id))
}

/// The opportunity's registrations by place.
pub async fn counts(db: &Db, team: &str, id: &str) -> Result<Counts, WorkspaceError> {
    let rows: Vec<(String, i64)> = registration::Entity::find()
        .select_only()
        .column(registration::Column::Place)
        .column_as(Expr::col(registration::Column::Id).count(), "n")
        .filter(of(team, id))
        .group_by(registration::Column::Place)
        .into_tuple()
        .all(db.conn())
        .await?;
    let mut counts = Counts::default();
    for (place, n) in rows {
        let n = u64::try_from(n).unwrap_or(0);
        match Place::parse(&place) {
            Place::Confirmed => counts.confirmed = n,
            Place::Waiting => counts.waiting = n,
            Place::Cancelled => counts.cancelled = counts.cancelled.saturating_add(n),
        }
    }
    Ok(counts)
}

/// Every registration for the opportunity, oldest first, for the team's workspace.
pub async fn list(
    db: &Db,
    team: &str,
    id: &str,
) -> Result<Vec<registration::Model>, WorkspaceError> {
    Ok(registration::Entity::find()
        .filter(of(team, id))
        .order_by_asc(registration::Column::CreatedAt)
        .order_by_asc(registration::Column::Id)
        .all(db.conn())
        .await?)
}

/// The email that tells a person where they stand, in `lang`, with the link to cancel.
fn letter(
    (team, opportunity): (&Team, &Opportunity),
    lang: Language,
    place: Place,
    cancel: &str,
    promoted: bool,
) -> (String, String) {
    let title = opportunity.title.get(lang);
    let mut when = opportunity
        .on
        .map(|d| crate::period::day_in(d, lang))
        .unwrap_or_default();
    if let Some(time) = &opportunity.time {
        when = format!("{when} {}", time.get(lang)).trim().to_owned();
    }
    let (subject, first) = match (place, promoted) {
        (Place::Waiting, _) => (Msg::WaitingSubject, Msg::WaitingFirst),
        (_, true) => (Msg::PromotedSubject, Msg::PromotedFirst),
        _ => (Msg::PlaceSubject, Msg::PlaceFirst),
    };
    let team_name = team.profile.name.get(lang);
    let mut body = format!(
        "{}\n\n{}\n",
        t(lang, first),
        fill(
            lang,
            Msg::LetterWith,
            &[("title", title), ("team", team_name)]
        )
    );
    if !when.is_empty() {
        body.push_str(&format!("{}: {when}\n", t(lang, Msg::When)));
    }
    body.push_str(&format!(
        "{}: {}\n\n{}\n{cancel}\n\n{}\n",
        t(lang, Msg::Where),
        opportunity.place.get(lang),
        t(lang, Msg::LetterCancel),
        fill(
            lang,
            Msg::LetterKeep,
            &[("keep", &length(opportunity.keep_contacts, lang))]
        ),
    ));
    (fill(lang, subject, &[("title", title)]), body)
}

/// A text-only email.
fn plain(key: String, to: String, (subject, text): (String, String)) -> Mail {
    Mail {
        key,
        to,
        subject,
        text,
        html: None,
        unsubscribe_url: None,
    }
}

/// Registers `sign` for `opportunity` of `team` (id `team_id`) at `now`, with the `consent`
/// text the form showed, in the language `sign` was given in; `cancel_link` makes the link
/// from the secret. One registration per
/// address: registering again stores and sends nothing.
pub async fn register(
    db: &Db,
    (team_id, team): (&str, &Team),
    opportunity: &Opportunity,
    (sign, lang): (Sign, Language),
    consent: &str,
    cancel_link: impl Fn(&str) -> String,
    now: DateTime<Utc>,
) -> Result<Registered, WorkspaceError> {
    let secret = crate::auth::new_secret("")
        .map_err(|e| WorkspaceError::Corrupt(format!("no randomness available: {e}")))?;
    let txn = db.begin_write().await?;
    lock(&txn, team_id, &opportunity.id).await?;
    let existing = registration::Entity::find()
        .filter(of(team_id, &opportunity.id))
        .filter(registration::Column::Email.eq(&sign.email))
        .one(&txn)
        .await?;
    if existing.is_some() {
        txn.rollback().await?;
        return Ok(Registered::Already);
    }
    let taken = registration::Entity::find()
        .filter(of(team_id, &opportunity.id))
        .filter(registration::Column::Place.eq(Place::Confirmed.as_str()))
        .count(&txn)
        .await?;
    let place = if taken < u64::from(opportunity.capacity) {
        Place::Confirmed
    } else {
        Place::Waiting
    };
    let closes = crate::uk_time::midnight(
        opportunity
            .closes_on
            .succ_opt()
            .unwrap_or(opportunity.closes_on),
    );
    let id = Uuid::now_v7();
    registration::Entity::insert(registration::ActiveModel {
        id: Set(id),
        team: Set(team_id.to_owned()),
        opportunity: Set(opportunity.id.clone()),
        email: Set(Some(sign.email.clone())),
        user_type: Set(sign.user_type),
        topics: Set(sign.topics),
        access_needs: Set(sign.access_needs),
        consent: Set(Some(consent.to_owned())),
        place: Set(place.as_str().to_owned()),
        lang: Set(lang.code().to_owned()),
        token_hash: Set(hashed_secret(&secret)),
        created_at: Set(now),
        delete_after: Set(opportunity.keep_contacts.after(closes)),
    })
    .exec_without_returning(&txn)
    .await?;
    let letter = letter(
        (team, opportunity),
        lang,
        place,
        &cancel_link(&secret),
        false,
    );
    mail::enqueue(
        &txn,
        plain(format!("registration:{id}"), sign.email, letter),
    )
    .await?;
    txn.commit().await?;
    Ok(Registered::New(place))
}

/// Cancels the registration whose link secret is `secret`, clearing its contact details; a
/// place it held goes to the first on the waiting list, who is emailed in their language
/// (`cancel_link` makes their new link). None for an unknown
/// or already cancelled link.
pub async fn cancel(
    db: &Db,
    catalog: &Catalog,
    secret: &str,
    cancel_link: impl Fn(&str, Language) -> String,
) -> Result<Option<Cancelled>, WorkspaceError> {
    let txn = db.begin_write().await?;
    let Some(found) = registration::Entity::find()
        .filter(registration::Column::TokenHash.eq(hashed_secret(secret)))
        .one(&txn)
        .await?
    else {
        txn.rollback().await?;
        return Ok(None);
    };
    let was = Place::parse(&found.place);
    if was == Place::Cancelled {
        txn.rollback().await?;
        return Ok(None);
    }
    lock(&txn, &found.team, &found.opportunity).await?;
    registration::Entity::update_many()
        .col_expr(
            registration::Column::Place,
            Expr::value(Place::Cancelled.as_str()),
        )
        .col_expr(
            registration::Column::Email,
            Expr::value(Option::<String>::None),
        )
        .col_expr(
            registration::Column::Topics,
            Expr::value(Option::<String>::None),
        )
        .col_expr(
            registration::Column::AccessNeeds,
            Expr::value(Option::<String>::None),
        )
        .filter(registration::Column::Id.eq(found.id))
        .exec(&txn)
        .await?;
    let next = if was == Place::Confirmed {
        registration::Entity::find()
            .filter(of(&found.team, &found.opportunity))
            .filter(registration::Column::Place.eq(Place::Waiting.as_str()))
            .order_by_asc(registration::Column::CreatedAt)
            .order_by_asc(registration::Column::Id)
            .one(&txn)
            .await?
    } else {
        None
    };
    let described = catalog.team(&found.team).and_then(|team| {
        let o = team
            .opportunities
            .iter()
            .find(|o| o.id == found.opportunity)?;
        Some((team, o))
    });
    if let (Some(next), Some((team, opportunity))) = (next, described) {
        // Only the old secret's hash is kept, so the email carries a new secret; the link in
        // the waiting-list email stops working, the new one takes its place.
        let secret = crate::auth::new_secret("")
            .map_err(|e| WorkspaceError::Corrupt(format!("no randomness available: {e}")))?;
        registration::Entity::update_many()
            .col_expr(
                registration::Column::Place,
                Expr::value(Place::Confirmed.as_str()),
            )
            .col_expr(
                registration::Column::TokenHash,
                Expr::value(hashed_secret(&secret)),
            )
            .filter(registration::Column::Id.eq(next.id))
            .exec(&txn)
            .await?;
        if let Some(to) = next.email {
            let lang = Language::from_code(&next.lang).unwrap_or(Language::En);
            let link = cancel_link(&secret, lang);
            let letter = letter((team, opportunity), lang, Place::Confirmed, &link, true);
            let key = format!("registration:{}:promoted", next.id);
            mail::enqueue(&txn, plain(key, to, letter)).await?;
        }
    }
    txn.commit().await?;
    Ok(Some(Cancelled {
        team: found.team,
        opportunity: found.opportunity,
    }))
}

/// Clears the contact details of every registration whose retention ended by `now`; returns
/// how many.
pub async fn purge_expired(db: &Db, now: DateTime<Utc>) -> Result<u64, sea_orm::DbErr> {
    clear(db.conn(), registration::Column::DeleteAfter.lte(now)).await
}

/// Clears the contact details of every registration of `email` (lower-cased), within the
/// caller's transaction; returns how many.
pub async fn forget(conn: &impl ConnectionTrait, email: &str) -> Result<u64, sea_orm::DbErr> {
    clear(conn, registration::Column::Email.eq(email)).await
}

async fn clear(
    conn: &impl ConnectionTrait,
    which: sea_orm::sea_query::SimpleExpr,
) -> Result<u64, sea_orm::DbErr> {
    let none = || Expr::value(Option::<String>::None);
    let result = registration::Entity::update_many()
        .col_expr(registration::Column::Email, none())
        .col_expr(registration::Column::Topics, none())
        .col_expr(registration::Column::AccessNeeds, none())
        .filter(which)
        .filter(registration::Column::Email.is_not_null())
        .exec(conn)
        .await?;
    Ok(result.rows_affected)
}
