//! Embed mode: `?embed=1&operation=RegisterInstance` shows one compact builder, for an iframe,
//! with the request and context taken from the URL, and tells the parent window about every
//! change with `postMessage`.
//!
//! Query parameters:
//! - `embed=1` turns the mode on;
//! - `operation`: `RegisterInstance` (the default) or `RegisterContainerInstance`;
//! - `request`: the request JSON (URL-encoded); text that is not JSON is kept as is, so the
//!   builder reports it;
//! - `context` (RegisterInstance only): `{"service": ..., "namespace": ...}` as
//!   `get-service` / `get-namespace` print them, or `none` to check without a service;
//! - `parentOrigin`: the origin of the page that embeds the builder, the only one messages go to;
//! - `theme`: `light` or `dark` to force a theme (otherwise the system's).
//!
//! The framing page can post `{type: "muster:set", version: 1, request, context}` to replace the
//! request and context without reloading; the builder heeds only its parent window, at the
//! origin it posts to.
//!
//! Messages carry what the user typed, so they never go to `*`: without a valid `parentOrigin`
//! they go to the builder's own origin only (a same-origin host page), and a page on another
//! origin must name itself. The browser then delivers a message only if the parent really is
//! at that origin.

use muster_core::{CallError, Report};
use serde_json::{json, Map, Value};

use super::context::{ContextForm, HealthCheck, NamespaceChoice, Record, Records, Routing, Ttls};
use super::theme::Theme;

/// The `type` of the message sent after every change.
pub const UPDATE_TYPE: &str = "muster:update";
/// The `type` of the message sent when the builder's height changes.
pub const RESIZE_TYPE: &str = "muster:resize";
/// The `type` of the message sent when the URL names no operation the builder knows.
pub const ERROR_TYPE: &str = "muster:error";
/// The `type` of the message a host page sends to put a new request (and context) in the builder.
pub const SET_TYPE: &str = "muster:set";
/// The message format's version; it changes only when a field changes meaning or goes away.
pub const MESSAGE_VERSION: u32 = 1;

/// The operation an embedded builder builds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Operation {
    #[default]
    RegisterInstance,
    RegisterContainerInstance,
}

impl Operation {
    pub const ALL: [Operation; 2] = [
        Operation::RegisterInstance,
        Operation::RegisterContainerInstance,
    ];

    /// The API name, as in the URL and the messages.
    pub fn name(self) -> &'static str {
        match self {
            Operation::RegisterInstance => "RegisterInstance",
            Operation::RegisterContainerInstance => "RegisterContainerInstance",
        }
    }

    /// The operation a URL names (case-insensitively; `ecs:` / `servicediscovery:` prefixes ok).
    pub fn from_name(name: &str) -> Option<Self> {
        let name = name.trim();
        let name = name.rsplit(':').next().unwrap_or(name);
        Self::ALL
            .into_iter()
            .find(|op| op.name().eq_ignore_ascii_case(name))
    }
}

/// What the URL asks an embedded builder for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EmbedParams {
    pub operation: Operation,
    /// The starting request text, or `None` for the builder's example.
    pub request: Option<String>,
    /// The starting context (RegisterInstance), or `None` for the builder's example.
    pub context: Option<ContextForm>,
    /// Why the `context` parameter was not used, if it was given and could not be.
    pub context_problem: Option<String>,
    /// The origin messages go to; `None` means the builder's own origin.
    pub parent_origin: Option<String>,
    pub theme: Option<Theme>,
}

/// Reads a location's query string (`?embed=1&...`). `None` when embed mode is off;
/// `Some(Err(message))` when it is on but the operation is unknown.
pub fn from_query(search: &str) -> Option<Result<EmbedParams, String>> {
    let pairs = query_pairs(search);
    let get = |key: &str| {
        pairs
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    };
    let on = get("embed").is_some_and(|v| matches!(v.trim(), "1" | "true" | "yes" | ""));
    if !on {
        return None;
    }
    let operation = match get("operation") {
        None => Operation::default(),
        Some(name) => match Operation::from_name(name) {
            Some(op) => op,
            None => {
                return Some(Err(format!(
                    "Unknown operation \"{name}\": embed RegisterInstance or RegisterContainerInstance."
                )))
            }
        },
    };
    let (context, context_problem) = match get("context") {
        None => (None, None),
        Some(text) => match parse_context(text) {
            Ok(form) => (Some(form), None),
            Err(problem) => (None, Some(problem)),
        },
    };
    Some(Ok(EmbedParams {
        operation,
        request: get("request").map(request_text),
        context,
        context_problem,
        parent_origin: parent_origin(search),
        theme: get("theme").map(|t| Theme::parse(Some(t))),
    }))
}

/// The `parentOrigin` a query string names, when it is a valid origin. Read on its own as well,
/// so a builder that cannot start (an unknown operation) can still tell the page that framed it.
pub fn parent_origin(search: &str) -> Option<String> {
    query_pairs(search)
        .into_iter()
        .find(|(key, _)| key == "parentOrigin")
        .and_then(|(_, value)| origin(&value))
}

/// The query string's pairs, percent-decoded (`+` is a space), in order.
pub fn query_pairs(search: &str) -> Vec<(String, String)> {
    search
        .trim_start_matches('?')
        .split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| {
            let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
            (percent_decode(key), percent_decode(value))
        })
        .collect()
}

/// `application/x-www-form-urlencoded` decoding; malformed escapes are kept as they are.
pub fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        match b {
            b'+' => out.push(b' '),
            b'%' => {
                let hex = bytes
                    .get(i + 1..i + 3)
                    .and_then(|h| std::str::from_utf8(h).ok())
                    .and_then(|h| u8::from_str_radix(h, 16).ok());
                if let Some(byte) = hex {
                    out.push(byte);
                    i += 2;
                } else {
                    out.push(b'%');
                }
            }
            _ => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The request text the builder starts from: JSON pretty-printed (members in their order),
/// anything else as given, so the builder reports what is wrong with it.
pub fn request_text(given: &str) -> String {
    serde_json::from_str::<Value>(given)
        .ok()
        .and_then(|v| serde_json::to_string_pretty(&v).ok())
        .unwrap_or_else(|| given.to_owned())
}

/// `scheme://host[:port]` of an http(s) URL or origin, or `None` if it is not one.
pub fn origin(given: &str) -> Option<String> {
    let given = given.trim();
    let (scheme, rest) = given.split_once("://")?;
    let scheme = scheme.to_ascii_lowercase();
    if scheme != "http" && scheme != "https" {
        return None;
    }
    let host = rest.split(['/', '?', '#']).next().unwrap_or_default();
    let valid = !host.is_empty()
        && !host.contains('@')
        && host
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | ':' | '[' | ']'));
    valid.then(|| format!("{scheme}://{}", host.to_ascii_lowercase()))
}

/// The context form for a `context` parameter: `none` (check without a service) or
/// `{"service": ..., "namespace": ...}`. The service's `Id` is not used: the form always takes
/// it from the request's `ServiceId`.
pub fn parse_context(text: &str) -> Result<ContextForm, String> {
    let text = text.trim();
    if text.eq_ignore_ascii_case("none") || text == "null" {
        return Ok(ContextForm {
            without_service: true,
            ..ContextForm::default()
        });
    }
    let value: Value = serde_json::from_str(text).map_err(|e| {
        format!("The context parameter is not JSON ({e}); the example context is used.")
    })?;
    let Some(object) = value.as_object() else {
        return Err(
            "The context parameter is not a JSON object; the example context is used.".into(),
        );
    };
    Ok(context_form(object))
}

fn str_at<'a>(value: &'a Value, pointer: &str) -> Option<&'a str> {
    value.pointer(pointer).and_then(Value::as_str)
}

/// The form that shows a `{service, namespace}` context as closely as the form can.
fn context_form(context: &Map<String, Value>) -> ContextForm {
    let empty = Value::Null;
    let service = context.get("service").unwrap_or(&empty);
    let namespace = context.get("namespace").unwrap_or(&empty);
    let mut form = ContextForm {
        without_service: service.is_null(),
        ..ContextForm::default()
    };
    form.namespace = if namespace.is_null() {
        NamespaceChoice::None
    } else {
        str_at(namespace, "/Type")
            .and_then(NamespaceChoice::from_value)
            .unwrap_or(NamespaceChoice::None)
    };
    str_at(namespace, "/Name")
        .unwrap_or_default()
        .clone_into(&mut form.namespace_name);
    if service.is_null() {
        return form;
    }
    str_at(service, "/Name")
        .unwrap_or_default()
        .clone_into(&mut form.service_name);
    if let Some(routing) = str_at(service, "/DnsConfig/RoutingPolicy").and_then(Routing::from_value)
    {
        form.routing = routing;
    }
    let mut records = Records::default();
    let mut ttls = Ttls::default();
    let listed = service
        .pointer("/DnsConfig/DnsRecords")
        .and_then(Value::as_array)
        .map(Vec::as_slice)
        .unwrap_or_default();
    for entry in listed {
        let Some(record) = str_at(entry, "/Type").and_then(|t| {
            Record::ALL
                .into_iter()
                .find(|r| r.name().eq_ignore_ascii_case(t))
        }) else {
            continue;
        };
        records = records.with(record, true);
        match entry.get("TTL") {
            Some(Value::String(s)) => ttls.set(record, s.clone()),
            Some(Value::Number(n)) => ttls.set(record, n.to_string()),
            _ => {}
        }
    }
    form.records = records;
    form.ttls = ttls;
    form.health = if service.get("HealthCheckCustomConfig").is_some() {
        HealthCheck::Custom
    } else {
        str_at(service, "/HealthCheckConfig/Type")
            .and_then(HealthCheck::from_value)
            .unwrap_or(HealthCheck::None)
    };
    form
}

/// The message sent to the parent after every change:
/// `{type: "muster:update", version: 1, operation, request, text, valid, diagnostics}`.
/// `request` is the parsed request (`null` when the text is not JSON), `text` the text as typed,
/// and each diagnostic `{code, severity, path, message, docs}` as the npm package returns them.
/// A call the core refuses (not expected from the builder) is `valid: false` with `error`.
pub fn update_message(
    operation: Operation,
    text: &str,
    checked: &Result<Report, CallError>,
) -> Value {
    let request = serde_json::from_str::<Value>(text).unwrap_or(Value::Null);
    let mut message = json!({
        "type": UPDATE_TYPE,
        "version": MESSAGE_VERSION,
        "operation": operation.name(),
        "request": request,
        "text": text,
    });
    if let Value::Object(fields) = &mut message {
        match checked {
            Ok(report) => {
                fields.insert("valid".into(), json!(report.valid));
                fields.insert(
                    "diagnostics".into(),
                    serde_json::to_value(&report.diagnostics).unwrap_or_else(|_| json!([])),
                );
            }
            Err(error) => {
                fields.insert("valid".into(), json!(false));
                fields.insert("diagnostics".into(), json!([]));
                fields.insert("error".into(), json!(error.message));
            }
        }
    }
    message
}

/// What a host's `{type: "muster:set", version: 1, request?, context?}` asks the builder to show.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SetRequest {
    /// The new request text (an object is shown as pretty JSON; a string is kept as typed).
    pub request: Option<String>,
    /// The new context, for RegisterInstance (`"none"` or `{service, namespace}`).
    pub context: Option<ContextForm>,
}

/// Reads a message a host posted to the builder: `None` when it is not a `muster:set` message
/// (other scripts on the page post their own), `Some(Err(why))` when it is one the builder
/// cannot use, reported back as `muster:error`.
pub fn read_set_message(data: &Value, operation: Operation) -> Option<Result<SetRequest, String>> {
    if data.get("type").and_then(Value::as_str) != Some(SET_TYPE) {
        return None;
    }
    Some(set_request(data, operation))
}

fn set_request(data: &Value, operation: Operation) -> Result<SetRequest, String> {
    match data.get("version") {
        None => {}
        Some(v) if v.as_u64() == Some(u64::from(MESSAGE_VERSION)) => {}
        Some(v) => {
            return Err(format!(
                "muster:set version {v} is not supported; this builder reads version {MESSAGE_VERSION}."
            ))
        }
    }
    let request =
        match data.get("request") {
            None | Some(Value::Null) => None,
            Some(Value::String(text)) => Some(text.clone()),
            Some(value @ Value::Object(_)) => {
                Some(serde_json::to_string_pretty(value).unwrap_or_default())
            }
            Some(_) => return Err(
                "muster:set needs request as an object or a JSON string; the builder is unchanged."
                    .into(),
            ),
        };
    let context = match (data.get("context"), operation) {
        (None | Some(Value::Null), _) => None,
        (Some(_), Operation::RegisterContainerInstance) => {
            return Err("muster:set context applies to RegisterInstance only; the builder is unchanged.".into())
        }
        (Some(Value::String(text)), Operation::RegisterInstance) => Some(
            parse_context(text).map_err(|why| format!("muster:set: {why}"))?,
        ),
        (Some(Value::Object(object)), Operation::RegisterInstance) => Some(context_form(object)),
        (Some(_), Operation::RegisterInstance) => {
            return Err("muster:set needs context as {service, namespace}, a JSON string or \"none\"; the builder is unchanged.".into())
        }
    };
    if request.is_none() && context.is_none() {
        return Err(
            "muster:set names neither a request nor a context; the builder is unchanged.".into(),
        );
    }
    Ok(SetRequest { request, context })
}

/// Whether a message event may drive the builder: it must come from the window that framed
/// it, at the origin the builder posts its own messages to (`parentOrigin`, else its own).
pub fn accepts_from(event_origin: &str, from_parent: bool, target_origin: &str) -> bool {
    from_parent && event_origin == target_origin
}

/// The message sent instead of updates when the builder cannot start:
/// `{type: "muster:error", version: 1, message}`.
pub fn error_message(message: &str) -> Value {
    json!({"type": ERROR_TYPE, "version": MESSAGE_VERSION, "message": message})
}

/// The message sent when the builder's height (CSS pixels) changes, so the host can size the
/// iframe: `{type: "muster:resize", version: 1, height}`.
pub fn resize_message(height: f64) -> Value {
    json!({"type": RESIZE_TYPE, "version": MESSAGE_VERSION, "height": height.ceil()})
}

#[cfg(test)]
mod tests {
    use super::*;

    fn params(search: &str) -> EmbedParams {
        from_query(search).unwrap().unwrap()
    }

    #[test]
    fn set_messages_carry_a_request_and_a_context() {
        let ri = Operation::RegisterInstance;
        assert_eq!(
            read_set_message(&json!({"type": "muster:update"}), ri),
            None
        );
        assert_eq!(read_set_message(&json!("muster:set"), ri), None);
        let set = read_set_message(
            &json!({"type": "muster:set", "version": 1, "request": {"InstanceId": "a"}, "context": "none"}),
            ri,
        )
        .unwrap()
        .unwrap();
        assert_eq!(
            set.request.as_deref(),
            Some("{\n  \"InstanceId\": \"a\"\n}")
        );
        assert!(set.context.unwrap().without_service);
        let text = read_set_message(&json!({"type": "muster:set", "request": "{not json"}), ri)
            .unwrap()
            .unwrap();
        assert_eq!(
            text.request.as_deref(),
            Some("{not json"),
            "kept as typed, so it is reported"
        );
        let context = read_set_message(
            &json!({"type": "muster:set", "context": {"service": {"Name": "web"}, "namespace": null}}),
            ri,
        )
        .unwrap()
        .unwrap();
        assert_eq!(context.request, None);
        assert_eq!(context.context.unwrap().service_name, "web");
    }

    #[test]
    fn unusable_set_messages_say_why() {
        let ri = Operation::RegisterInstance;
        let why = |data: Value, op| read_set_message(&data, op).unwrap().unwrap_err();
        assert!(why(json!({"type": "muster:set", "request": 42}), ri)
            .contains("object or a JSON string"));
        assert!(why(
            json!({"type": "muster:set", "version": 2, "request": {}}),
            ri
        )
        .contains("version 2"));
        assert!(why(json!({"type": "muster:set"}), ri).contains("neither"));
        assert!(why(json!({"type": "muster:set", "context": "{"}), ri).contains("not JSON"));
        assert!(why(
            json!({"type": "muster:set", "request": {}, "context": "none"}),
            Operation::RegisterContainerInstance
        )
        .contains("RegisterInstance only"));
    }

    #[test]
    fn only_the_framing_window_at_the_target_origin_drives_the_builder() {
        let docs = "https://docs.example.com";
        assert!(accepts_from(docs, true, docs));
        assert!(
            !accepts_from(docs, false, docs),
            "another window at that origin"
        );
        assert!(!accepts_from("https://evil.example", true, docs));
        assert!(!accepts_from("null", true, docs));
    }

    #[test]
    fn the_parent_origin_is_read_even_when_the_operation_is_unknown() {
        let search = "?embed=1&operation=CreateService&parentOrigin=https%3A%2F%2Fdocs.example.com";
        assert!(matches!(from_query(search), Some(Err(_))));
        assert_eq!(
            parent_origin(search).as_deref(),
            Some("https://docs.example.com")
        );
        assert_eq!(parent_origin("?embed=1&parentOrigin=*"), None);
        assert_eq!(parent_origin("?embed=1"), None);
    }

    #[test]
    fn embed_mode_needs_the_embed_parameter() {
        assert_eq!(from_query(""), None);
        assert_eq!(from_query("?operation=RegisterInstance"), None);
        assert_eq!(from_query("?embed=0"), None);
        assert_eq!(params("?embed=1").operation, Operation::RegisterInstance);
        assert_eq!(
            params("?embed=true&operation=registercontainerinstance").operation,
            Operation::RegisterContainerInstance
        );
        assert_eq!(
            params("?embed=1&operation=ecs:RegisterContainerInstance").operation,
            Operation::RegisterContainerInstance
        );
        assert!(from_query("?embed=1&operation=CreateService")
            .unwrap()
            .unwrap_err()
            .contains("CreateService"));
    }

    #[test]
    fn the_request_is_url_decoded_and_pretty_printed_in_its_member_order() {
        let p = params(
            "?embed=1&request=%7B%22ServiceId%22%3A%22srv-1%22%2C%22InstanceId%22%3A%22a+b%22%7D",
        );
        assert_eq!(
            p.request.as_deref(),
            Some("{\n  \"ServiceId\": \"srv-1\",\n  \"InstanceId\": \"a b\"\n}")
        );
        // Not JSON: kept, so the builder reports JSON001.
        assert_eq!(
            params("?embed=1&request=%7Bnope").request.as_deref(),
            Some("{nope")
        );
        assert_eq!(params("?embed=1").request, None);
    }

    #[test]
    fn percent_decoding_keeps_utf8_and_malformed_escapes() {
        assert_eq!(percent_decode("caf%C3%A9"), "café");
        assert_eq!(percent_decode("100%"), "100%");
        assert_eq!(percent_decode("%zz%4"), "%zz%4");
        assert_eq!(percent_decode("a+b%2Bc"), "a b+c");
    }

    #[test]
    fn only_http_origins_are_message_targets() {
        assert_eq!(
            origin("https://Docs.Example.com/runbooks/x?y"),
            Some("https://docs.example.com".into())
        );
        assert_eq!(
            origin("http://127.0.0.1:8080"),
            Some("http://127.0.0.1:8080".into())
        );
        assert_eq!(origin("*"), None);
        assert_eq!(origin("javascript://x"), None);
        assert_eq!(origin("https://user@evil.example"), None);
        assert_eq!(origin("https://"), None);
        let p = params("?embed=1&parentOrigin=https%3A%2F%2Fdocs.example.com");
        assert_eq!(p.parent_origin.as_deref(), Some("https://docs.example.com"));
        assert_eq!(params("?embed=1&parentOrigin=*").parent_origin, None);
    }

    #[test]
    fn a_context_parameter_fills_the_context_form() {
        let context = json!({
            "service": {
                "Id": "srv-ignored",
                "Name": "web",
                "DnsConfig": {"RoutingPolicy": "WEIGHTED", "DnsRecords": [{"Type": "A", "TTL": 30}, {"Type": "CNAME", "TTL": "x"}]},
                "HealthCheckConfig": {"Type": "TCP"}
            },
            "namespace": {"Name": "corp.example.com", "Type": "DNS_PUBLIC"}
        });
        let form = parse_context(&context.to_string()).unwrap();
        assert!(!form.without_service);
        assert_eq!(form.service_name, "web");
        assert_eq!(form.namespace, NamespaceChoice::DnsPublic);
        assert_eq!(form.namespace_name, "corp.example.com");
        assert_eq!(form.routing, Routing::Weighted);
        assert_eq!(form.records, Records::of(&[Record::A, Record::Cname]));
        assert_eq!(form.ttls.get(Record::A), "30");
        assert_eq!(form.ttls.get(Record::Cname), "x");
        assert_eq!(form.health, HealthCheck::Tcp);
        // It round-trips through the JSON the core reads (the Id comes from the request).
        let back = form.to_value(Some("srv-1")).unwrap();
        assert_eq!(
            back["service"]["DnsConfig"]["DnsRecords"][0],
            json!({"Type": "A", "TTL": 30})
        );
        assert_eq!(back["namespace"], context["namespace"]);
    }

    #[test]
    fn context_none_checks_without_a_service_and_bad_contexts_are_reported() {
        assert!(parse_context("none").unwrap().without_service);
        assert!(
            parse_context("{\"namespace\": {\"Type\": \"HTTP\"}}")
                .unwrap()
                .without_service
        );
        assert!(parse_context("[1]")
            .unwrap_err()
            .contains("not a JSON object"));
        let p = params("?embed=1&context=%7B");
        assert_eq!(p.context, None);
        assert!(p.context_problem.unwrap().contains("not JSON"));
        let custom =
            parse_context("{\"service\": {\"Name\": \"s\", \"HealthCheckCustomConfig\": {}}}")
                .unwrap();
        assert_eq!(custom.health, HealthCheck::Custom);
        assert!(custom.records.is_empty());
        assert_eq!(custom.namespace, NamespaceChoice::None);
    }

    #[test]
    fn the_theme_parameter_forces_a_theme() {
        assert_eq!(params("?embed=1&theme=dark").theme, Some(Theme::Dark));
        assert_eq!(params("?embed=1").theme, None);
    }

    #[test]
    fn update_messages_carry_the_request_and_every_diagnostic() {
        let text = "{\"ServiceId\": \"srv-p5zdwlg5uvvzjita\", \"InstanceId\": \"bad id!\"}";
        let checked = crate::state::check(text, &ContextForm::default());
        let message = update_message(Operation::RegisterInstance, text, &checked);
        assert_eq!(message["type"], "muster:update");
        assert_eq!(message["version"], 1);
        assert_eq!(message["operation"], "RegisterInstance");
        assert_eq!(message["request"]["InstanceId"], "bad id!");
        assert_eq!(message["text"], text);
        assert_eq!(message["valid"], false);
        let diagnostics = message["diagnostics"].as_array().unwrap();
        let cm003 = diagnostics.iter().find(|d| d["code"] == "CM003").unwrap();
        assert_eq!(cm003["severity"], "error");
        assert_eq!(cm003["path"], "/InstanceId");
        assert!(cm003["docs"].as_str().unwrap().starts_with("https://"));
        assert!(!cm003["message"].as_str().unwrap().is_empty());

        let broken = update_message(
            Operation::RegisterInstance,
            "{",
            &crate::state::check("{", &ContextForm::default()),
        );
        assert_eq!(broken["request"], Value::Null);
        assert_eq!(broken["diagnostics"][0]["code"], "JSON001");
        assert!(error_message("x")["type"] == "muster:error");
        assert_eq!(
            resize_message(410.2),
            json!({"type": "muster:resize", "version": 1, "height": 411.0})
        );
    }
}
