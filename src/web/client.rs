//! Facts about the request that are used and then forgotten: the client's address (for the
//! rate limit only) and the page a survey is embedded on (origin and path only).

use actix_web::HttpRequest;
use futures_util::StreamExt;
use std::net::IpAddr;

/// The client's address: the peer, or the last hop a trusted proxy header names.
pub fn address(req: &HttpRequest, trusted_header: Option<&str>) -> Option<IpAddr> {
    if let Some(name) = trusted_header {
        let forwarded = req
            .headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.rsplit(',').next())
            .and_then(|ip| ip.trim().parse().ok());
        if forwarded.is_some() {
            return forwarded;
        }
    }
    req.peer_addr().map(|a| a.ip())
}

/// The embedding page as kept with a response: `https://host/path`, never the query string.
pub fn embedding_page(raw: &str) -> Option<String> {
    let raw = raw.trim();
    let rest = raw
        .strip_prefix("https://")
        .map(|r| ("https://", r))
        .or_else(|| raw.strip_prefix("http://").map(|r| ("http://", r)))?;
    let without = rest.1.split(['?', '#']).next().unwrap_or("");
    let host = without.split('/').next().unwrap_or("");
    if host.is_empty() || host.contains('@') || without.chars().any(char::is_control) {
        return None;
    }
    let page: String = format!("{}{without}", rest.0).chars().take(500).collect();
    Some(page)
}

/// The body is larger than allowed.
#[derive(Debug)]
pub struct TooLarge;

/// Reads a request body, refusing it as soon as it passes `limit` bytes.
pub async fn read_body(
    mut payload: actix_web::web::Payload,
    limit: usize,
) -> Result<Vec<u8>, TooLarge> {
    let mut body = Vec::new();
    while let Some(chunk) = payload.next().await {
        let chunk = chunk.map_err(|_| TooLarge)?;
        if body.len().saturating_add(chunk.len()) > limit {
            return Err(TooLarge);
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_query_string_and_fragment_are_never_kept() {
        assert_eq!(
            embedding_page("https://www.gov.uk/government/statistics/food?utm=x&email=a@b.c#top"),
            Some("https://www.gov.uk/government/statistics/food".to_owned())
        );
        assert_eq!(embedding_page("javascript:alert(1)"), None);
        assert_eq!(embedding_page("https://user:pw@host/x"), None);
    }
}
