//! Where a scenario comes from besides the autosave: a scenario file, or a document named by
//! `?src=URL`, which may also be a bare request JSON that goes to the builder it belongs to.
//! The fetch itself is the component's; the checks and messages are here.

use serde_json::Value;

use super::export::{self, Builder, ImportView, Load};
use super::scenario::{Scenario, ScenarioError, MAX_BYTES};

/// How long a `?src=` fetch may take, body included.
pub const TIMEOUT_MS: u64 = 10_000;

/// What a document turned out to be.
#[derive(Debug, Clone, PartialEq)]
pub enum Loaded {
    Scenario(Box<Scenario>),
    /// A bare request: its builder's text, and the view to show.
    Request(Load),
}

impl Loaded {
    /// What the notice says after loading, naming where it came from.
    pub fn done_text(&self, from: &str) -> String {
        match self {
            Loaded::Scenario(_) => format!("Loaded the scenario from {from}."),
            Loaded::Request(load) => format!(
                "Loaded the {} request from {from} into its builder.",
                load.builder.operation().name()
            ),
        }
    }
}

/// Reads a document: a muster scenario, or a request one of the builders edits.
pub fn read_text(text: &str) -> Result<Loaded, String> {
    if text.len() > MAX_BYTES {
        return Err(ScenarioError::TooLarge { bytes: text.len() }.to_string());
    }
    if text.trim().is_empty() {
        return Err(ScenarioError::Empty.to_string());
    }
    let value: Value = serde_json::from_str(text).map_err(|e| {
        format!("It is not JSON ({e}): muster loads scenario files and request JSON.")
    })?;
    if value.get("format").is_some() {
        return Scenario::from_value(value)
            .map(|s| Loaded::Scenario(Box::new(s)))
            .map_err(|e| e.to_string());
    }
    match export::import(text, "json") {
        ImportView::Understood(understood) => {
            let builder = understood.target?;
            Ok(Loaded::Request(Load {
                builder,
                text: understood.text,
                switch_to: Some(builder.view()),
            }))
        }
        ImportView::Failed { message, .. } => Err(format!(
            "It is neither a muster scenario (no \"format\": \"muster-scenario\") nor a request muster builds ({}): {message}",
            Builder::ALL.map(|b| b.operation().name()).join(", ")
        )),
        ImportView::Empty => Err(ScenarioError::Empty.to_string()),
    }
}

/// Reads a fetched body: size, then UTF-8, then [`read_text`].
pub fn read_body(bytes: &[u8]) -> Result<Loaded, String> {
    if bytes.len() > MAX_BYTES {
        return Err(too_large(bytes.len()));
    }
    let text = std::str::from_utf8(bytes).map_err(|_| "It is not UTF-8 text.".to_owned())?;
    read_text(text)
}

fn too_large(bytes: usize) -> String {
    format!("It is {bytes} bytes; muster loads documents up to 1 MiB ({MAX_BYTES} bytes).")
}

/// The URL to fetch, or why it is not one muster fetches (only http and https, absolute).
pub fn src_url(raw: &str) -> Result<String, String> {
    let url = raw.trim();
    let lower = url.to_ascii_lowercase();
    if !(lower.starts_with("https://") || lower.starts_with("http://")) {
        return Err(format!(
            "?src= must be an http:// or https:// URL; {url:?} is not one."
        ));
    }
    if url.len() <= "https://".len() || url.chars().any(char::is_whitespace) {
        return Err(format!("?src={url:?} is not a URL."));
    }
    Ok(url.to_owned())
}

/// A declared Content-Length over the limit, before the body is read.
pub fn length_problem(content_length: Option<&str>) -> Option<String> {
    let bytes = content_length?.trim().parse::<usize>().ok()?;
    (bytes > MAX_BYTES).then(|| too_large(bytes))
}

/// A response status that is not a success.
pub fn status_problem(status: u16, status_text: &str) -> Option<String> {
    if (200..300).contains(&status) {
        return None;
    }
    let text = status_text.trim();
    let named = if text.is_empty() {
        status.to_string()
    } else {
        format!("{status} {text}")
    };
    Some(format!("The server answered HTTP {named}."))
}

/// The fetch failed before any response: offline, a bad host, or CORS.
pub const NETWORK_PROBLEM: &str = "The request failed before any answer: the network is down, the host does not exist, or the server does not allow this page to read it (CORS: it must send Access-Control-Allow-Origin).";

/// The fetch took longer than [`TIMEOUT_MS`].
pub fn timeout_problem() -> String {
    format!(
        "No complete answer within {} seconds; muster stopped waiting.",
        TIMEOUT_MS / 1000
    )
}

/// The notice for a failed `?src=` load.
pub fn failed_text(url: &str, problem: &str) -> String {
    format!("Could not load {url}: {problem}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::state::request::seed_text;
    use crate::state::View;

    #[test]
    fn a_scenario_document_loads_as_a_scenario() {
        let s = Scenario {
            queries: "7".into(),
            ..Scenario::default()
        };
        let Ok(Loaded::Scenario(read)) = read_text(&s.to_pretty()) else {
            panic!("not a scenario");
        };
        assert_eq!(*read, s);
    }

    #[test]
    fn bare_requests_go_to_their_builders() {
        let Ok(Loaded::Request(load)) = read_text(&seed_text()) else {
            panic!("not a request");
        };
        assert_eq!(load.builder, Builder::RegisterInstance);
        assert_eq!(load.switch_to, Some(View::RegisterInstance));
        let ci = crate::state::agent::AgentForm::default()
            .request_text()
            .unwrap();
        let Ok(Loaded::Request(load)) = read_text(&ci) else {
            panic!("not a request");
        };
        assert_eq!(load.builder, Builder::ContainerInstance);
        let service = crate::state::placement::PlacementInputs::default().service;
        let Ok(Loaded::Request(load)) = read_text(&service) else {
            panic!("not a request");
        };
        assert_eq!(load.builder, Builder::CreateService);
        assert_eq!(load.switch_to, Some(View::Placement));
        assert!(Loaded::Request(load)
            .done_text("x")
            .contains("CreateService"));
    }

    #[test]
    fn other_documents_say_what_is_wrong() {
        let html = read_text("<!doctype html><p>Not found</p>").unwrap_err();
        assert!(html.contains("not JSON"), "{html}");
        let foreign = read_text(r#"{"format": "openapi", "version": 3}"#).unwrap_err();
        assert!(foreign.contains("\"openapi\""), "{foreign}");
        let other = read_text(r#"{"hello": "world"}"#).unwrap_err();
        assert!(other.contains("neither a muster scenario"), "{other}");
        assert!(read_text("  ").unwrap_err().contains("empty"));
        assert!(read_body(&[0xff, 0xfe]).unwrap_err().contains("UTF-8"));
        let big = vec![b' '; MAX_BYTES + 1];
        assert!(read_body(&big).unwrap_err().contains("1 MiB"));
    }

    #[test]
    fn only_http_urls_are_fetched() {
        assert_eq!(
            src_url(" https://example.com/s.json ").unwrap(),
            "https://example.com/s.json"
        );
        assert!(src_url("http://127.0.0.1:9000/a.json").is_ok());
        assert!(src_url("javascript:alert(1)").is_err());
        assert!(src_url("file:///etc/passwd").is_err());
        assert!(src_url("data:application/json,{}").is_err());
        assert!(src_url("/relative.json").is_err());
        assert!(src_url("https://").is_err());
    }

    #[test]
    fn lengths_and_statuses() {
        assert_eq!(length_problem(None), None);
        assert_eq!(length_problem(Some("1048576")), None);
        assert!(length_problem(Some("1048577"))
            .unwrap()
            .contains("1048577 bytes"));
        assert_eq!(length_problem(Some("junk")), None);
        assert_eq!(status_problem(200, "OK"), None);
        assert_eq!(
            status_problem(404, "Not Found").unwrap(),
            "The server answered HTTP 404 Not Found."
        );
        assert_eq!(
            status_problem(500, "").unwrap(),
            "The server answered HTTP 500."
        );
        assert!(timeout_problem().contains("10 seconds"));
        assert!(failed_text("u", "p").starts_with("Could not load u: p"));
    }
}
