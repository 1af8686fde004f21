//! What an operator scrapes: counters and latency histograms kept in memory by one process,
//! written in the Prometheus text exposition format (version 0.0.4). Every label value comes
//! from a small fixed set (a door, a reason, a route pattern, a status code), so the memory
//! held stays bounded whatever the traffic.

use std::collections::BTreeMap;
use std::fmt::Write;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};

/// Upper bounds of the latency buckets, in seconds.
const BUCKETS: [f64; 11] = [
    0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0,
];

/// Which way a response came in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Door {
    /// The survey page, its embed or the page widget.
    Form,
    /// The JSON API.
    Api,
}

impl Door {
    fn name(self) -> &'static str {
        match self {
            Door::Form => "form",
            Door::Api => "api",
        }
    }
}

/// Why a submission was not stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Refusal {
    /// An answer was missing or wrong.
    Invalid,
    /// The client sent more than the rate limit allows.
    RateLimited,
    /// The body was larger than allowed.
    TooLarge,
    /// The database could not take it; the client was asked to retry.
    Unavailable,
    /// The form's hidden trap field was filled: answered as if stored, nothing stored.
    Honeypot,
    /// An `Idempotency-Key` was replayed with another body.
    IdempotencyMismatch,
}

impl Refusal {
    fn name(self) -> &'static str {
        match self {
            Refusal::Invalid => "invalid",
            Refusal::RateLimited => "rate_limited",
            Refusal::TooLarge => "too_large",
            Refusal::Unavailable => "unavailable",
            Refusal::Honeypot => "honeypot",
            Refusal::IdempotencyMismatch => "idempotency_mismatch",
        }
    }
}

/// One latency histogram.
#[derive(Debug, Default, Clone)]
struct Histogram {
    buckets: [u64; BUCKETS.len()],
    count: u64,
    sum: f64,
}

impl Histogram {
    fn observe(&mut self, seconds: f64) {
        for (bound, n) in BUCKETS.iter().zip(self.buckets.iter_mut()) {
            if seconds <= *bound {
                *n = n.saturating_add(1);
            }
        }
        self.count = self.count.saturating_add(1);
        self.sum += seconds;
    }
}

/// Gauges read when scraped, from the database and the pool.
#[derive(Debug, Clone, Copy, Default)]
pub struct Gauges {
    /// Emails waiting to be sent, and how long the oldest has waited (none when the database
    /// could not say).
    pub outbox_depth: Option<u64>,
    pub outbox_oldest_seconds: Option<f64>,
    /// Database connections open, and how many of them are idle.
    pub pool_open: Option<u32>,
    pub pool_idle: Option<u32>,
    pub pool_max: Option<u32>,
}

/// The process's counters.
#[derive(Debug, Default)]
pub struct Metrics {
    accepted: Mutex<BTreeMap<Door, u64>>,
    refused: Mutex<BTreeMap<(Door, Refusal), u64>>,
    /// By route pattern, then status: looked up by `&str`, so a request allocates only the
    /// first time its pattern is seen.
    requests: Mutex<BTreeMap<String, BTreeMap<u16, Histogram>>>,
    drafts: AtomicU64,
    scheduler_runs: AtomicU64,
    retention_runs: AtomicU64,
}

fn bump<K: Ord>(map: &Mutex<BTreeMap<K, u64>>, key: K) {
    let mut map = map
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    let n = map.entry(key).or_default();
    *n = n.saturating_add(1);
}

/// A label value with `\`, `"` and newlines escaped, as the format asks.
fn label(value: &str) -> String {
    value
        .replace('\\', "\\\\")
        .replace('"', "\\\"")
        .replace('\n', "\\n")
}

impl Metrics {
    /// A response stored through `door`.
    pub fn accepted(&self, door: Door) {
        bump(&self.accepted, door);
    }

    /// A submission through `door` not stored, and why.
    pub fn refused(&self, door: Door, why: Refusal) {
        bump(&self.refused, (door, why));
    }

    /// A request answered with `status` after `seconds`, by its route pattern.
    pub fn request(&self, route: &str, status: u16, seconds: f64) {
        let mut requests = self
            .requests
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let by_status = match requests.get_mut(route) {
            Some(by_status) => by_status,
            None => requests.entry(route.to_owned()).or_default(),
        };
        by_status.entry(status).or_default().observe(seconds);
    }

    /// `n` drafts made (by the scheduler or a producer).
    pub fn drafted(&self, n: u64) {
        self.drafts.fetch_add(n, Ordering::Relaxed);
    }

    /// One pass of the scheduler.
    pub fn scheduler_ran(&self) {
        self.scheduler_runs.fetch_add(1, Ordering::Relaxed);
    }

    /// One pass of the retention job.
    pub fn retention_ran(&self) {
        self.retention_runs.fetch_add(1, Ordering::Relaxed);
    }

    /// Everything, in the Prometheus text format, with `gauges` read just now.
    pub fn render(&self, gauges: Gauges) -> String {
        let mut out = String::new();
        let accepted = locked(&self.accepted);
        header(
            &mut out,
            "responses_accepted_total",
            "counter",
            "Responses stored, by door.",
        );
        for door in [Door::Form, Door::Api] {
            let n = accepted.get(&door).copied().unwrap_or(0);
            line(
                &mut out,
                "responses_accepted_total",
                &format!("door=\"{}\"", door.name()),
                n,
            );
        }
        header(
            &mut out,
            "responses_refused_total",
            "counter",
            "Submissions not stored, by door and reason.",
        );
        for ((door, why), n) in &locked(&self.refused) {
            let labels = format!("door=\"{}\",reason=\"{}\"", door.name(), why.name());
            line(&mut out, "responses_refused_total", &labels, n);
        }
        let name = "http_request_duration_seconds";
        header(
            &mut out,
            name,
            "histogram",
            "Time to answer a request, by route pattern and status.",
        );
        let requests = locked(&self.requests);
        let all = requests
            .iter()
            .flat_map(|(route, by)| by.iter().map(move |(status, h)| (route, status, h)));
        for (route, status, h) in all {
            let labels = format!("route=\"{}\",status=\"{status}\"", label(route));
            for (bound, n) in BUCKETS.iter().zip(h.buckets) {
                line(
                    &mut out,
                    &format!("{name}_bucket"),
                    &format!("{labels},le=\"{bound}\""),
                    n,
                );
            }
            line(
                &mut out,
                &format!("{name}_bucket"),
                &format!("{labels},le=\"+Inf\""),
                h.count,
            );
            line(&mut out, &format!("{name}_sum"), &labels, h.sum);
            line(&mut out, &format!("{name}_count"), &labels, h.count);
        }
        let counters = [
            (
                "drafts_made_total",
                "Period summaries drafted.",
                &self.drafts,
            ),
            (
                "scheduler_runs_total",
                "Passes of the drafting scheduler.",
                &self.scheduler_runs,
            ),
            (
                "retention_runs_total",
                "Passes of the retention job that deletes expired contact details.",
                &self.retention_runs,
            ),
        ];
        for (name, help, value) in counters {
            header(&mut out, name, "counter", help);
            line(&mut out, name, "", value.load(Ordering::Relaxed));
        }
        let gauges = [
            (
                "outbox_messages",
                "Emails in the outbox not sent yet.",
                gauges.outbox_depth.map(|n| n as f64),
            ),
            (
                "outbox_oldest_message_age_seconds",
                "How long the oldest unsent email has waited; 0 when none waits.",
                gauges.outbox_oldest_seconds,
            ),
            (
                "db_pool_connections_open",
                "Database connections open.",
                gauges.pool_open.map(f64::from),
            ),
            (
                "db_pool_connections_idle",
                "Database connections open and idle.",
                gauges.pool_idle.map(f64::from),
            ),
            (
                "db_pool_connections_max",
                "Database connections the pool may open.",
                gauges.pool_max.map(f64::from),
            ),
        ];
        for (name, help, value) in gauges {
            if let Some(value) = value {
                header(&mut out, name, "gauge", help);
                line(&mut out, name, "", value);
            }
        }
        out
    }
}

/// The map behind `lock`, copied; a poisoned lock (a panic while counting) still has counts.
fn locked<K: Clone + Ord, V: Clone>(lock: &Mutex<BTreeMap<K, V>>) -> BTreeMap<K, V> {
    lock.lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
        .clone()
}

fn header(out: &mut String, name: &str, kind: &str, help: &str) {
    let _ = writeln!(out, "# HELP yousaid_{name} {help}");
    let _ = writeln!(out, "# TYPE yousaid_{name} {kind}");
}

fn line(out: &mut String, name: &str, labels: &str, value: impl std::fmt::Display) {
    let _ = if labels.is_empty() {
        writeln!(out, "yousaid_{name} {value}")
    } else {
        writeln!(out, "yousaid_{name}{{{labels}}} {value}")
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn histograms_are_cumulative_and_labels_are_escaped() {
        let m = Metrics::default();
        m.request("/s/{id}", 200, 0.003);
        m.request("/s/{id}", 200, 0.2);
        m.request("a\"b", 404, 20.0);
        m.accepted(Door::Api);
        m.refused(Door::Form, Refusal::Invalid);
        let text = m.render(Gauges::default());
        assert!(text.contains(
            "yousaid_http_request_duration_seconds_bucket{route=\"/s/{id}\",status=\"200\",le=\"0.005\"} 1"
        ));
        assert!(text.contains(
            "yousaid_http_request_duration_seconds_bucket{route=\"/s/{id}\",status=\"200\",le=\"0.25\"} 2"
        ));
        assert!(text.contains(
            "yousaid_http_request_duration_seconds_bucket{route=\"a\\\"b\",status=\"404\",le=\"+Inf\"} 1"
        ));
        assert!(text.contains("yousaid_responses_accepted_total{door=\"api\"} 1"));
        assert!(text.contains("yousaid_responses_accepted_total{door=\"form\"} 0"));
        assert!(
            text.contains("yousaid_responses_refused_total{door=\"form\",reason=\"invalid\"} 1")
        );
        assert!(text.ends_with('\n'));
    }
}
