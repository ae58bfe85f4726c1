//! muster-wasm: the JavaScript API of muster. Thin by design: JS value or JSON string in, core,
//! JSON-compatible object out. Unusable calls throw an `Error` with a `code`; findings never throw.

// Exported functions take JS values by value, the way wasm-bindgen hands them over.
#![allow(clippy::needless_pass_by_value)]

use std::fmt::Write as _;

use muster_core::{CallError, Report};
use serde::Serialize;
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_namespace = console, js_name = error)]
    fn console_error(message: &str);

    /// The platform's UTF-8 encoder (Node and every browser have it as a global).
    type TextEncoder;
    #[wasm_bindgen(constructor)]
    fn new() -> TextEncoder;
    /// Writes as much of `text` as fits into `into` as UTF-8.
    #[wasm_bindgen(method, js_name = encodeInto)]
    fn encode_into(
        this: &TextEncoder,
        text: &js_sys::JsString,
        into: &js_sys::Uint8Array,
    ) -> EncodeIntoResult;

    /// `{ read, written }`: UTF-16 units consumed and bytes written by `encodeInto`.
    type EncodeIntoResult;
    #[wasm_bindgen(method, getter)]
    fn read(this: &EncodeIntoResult) -> u32;
    #[wasm_bindgen(method, getter)]
    fn written(this: &EncodeIntoResult) -> u32;
}

thread_local! {
    static ENCODER: TextEncoder = TextEncoder::new();
    /// Whether report.js has the rule table its decoder reads code, severity and docs from.
    static RULE_TABLE_SENT: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Installs a panic hook on load: no panic should be reachable from the API, but if one is, it is
/// reported on the console with its message and location instead of an opaque `unreachable` trap.
#[wasm_bindgen(start)]
pub fn start() {
    std::panic::set_hook(Box::new(|info| {
        console_error(&format!(
            "muster-wasm panicked (please report this with the input): {info}"
        ));
    }));
}

#[wasm_bindgen(typescript_custom_section)]
const TYPES: &str = include_str!("../types.d.ts");

/// Validates a request. `request` is an object or a JSON string; `context` (optional) is
/// `{ service?, namespace? }` as an object or JSON string.
#[wasm_bindgen(skip_typescript)]
pub fn validate(operation: &str, request: JsValue, context: JsValue) -> Result<JsValue, JsValue> {
    let request_text = request_text(&request)?;
    let context_text = optional_text(&context)?;
    let report = muster_core::validate_text(operation, &request_text, context_text.as_deref())
        .map_err(call_error)?;
    match report.to_fields() {
        Some(fields) => {
            RULE_TABLE_SENT.with(|sent| {
                if !sent.replace(true) {
                    set_rule_table(&muster_core::diagnostics::rule_table_fields());
                }
            });
            Ok(report_from_fields(&fields))
        }
        None => js_sys::JSON::parse(&report.to_json())
            .map_err(|_| error("INTERNAL", "the result is not JSON")),
    }
}

// A report is built in JS from its fields: in bulk, `JSON.parse` of the report's JSON text cost
// a fifth of each validation through the package.
#[wasm_bindgen(module = "/src/report.js")]
extern "C" {
    #[wasm_bindgen(js_name = reportFromFields)]
    fn report_from_fields(fields: &str) -> JsValue;
    #[wasm_bindgen(js_name = setRuleTable)]
    fn set_rule_table(fields: &str);
}

/// Previews what a request does: the API response (or error) and the changes behind it.
#[wasm_bindgen(skip_typescript, js_name = previewResponse)]
pub fn preview_response(
    operation: &str,
    request: JsValue,
    context: JsValue,
) -> Result<JsValue, JsValue> {
    let request = json_value(
        &request,
        "previewResponse() needs a request: an object or a JSON string.",
    )?;
    let context = optional_json(&context)?;
    let preview = muster_core::api::preview_response(operation, &request, context.as_ref())
        .map_err(call_error)?;
    to_js(&preview)
}

/// Answers one DNS query against a namespace, service and registered instances.
#[wasm_bindgen(skip_typescript, js_name = simulateDns)]
pub fn simulate_dns(input: JsValue) -> Result<JsValue, JsValue> {
    let input = json_value(
        &input,
        "simulateDns() needs { namespace, service, instances, query, seed }.",
    )?;
    to_js(&muster_core::api::simulate_dns(&input).map_err(call_error)?)
}

/// Runs many DNS queries and counts how often each instance is answered.
#[wasm_bindgen(skip_typescript, js_name = dnsDistribution)]
pub fn dns_distribution(input: JsValue) -> Result<JsValue, JsValue> {
    let input = json_value(
        &input,
        "dnsDistribution() needs { namespace, service, instances, query, queries, seed }.",
    )?;
    to_js(&muster_core::api::dns_distribution(&input).map_err(call_error)?)
}

/// Answers a DiscoverInstances request against a namespace, service and registered instances.
#[wasm_bindgen(skip_typescript, js_name = discoverInstances)]
pub fn discover_instances(input: JsValue) -> Result<JsValue, JsValue> {
    let input = json_value(
        &input,
        "discoverInstances() needs { namespace, service, instances, request, seed }.",
    )?;
    to_js(&muster_core::api::discover_instances(&input).map_err(call_error)?)
}

/// The RegisterContainerInstance request the ECS agent would send for an instance type and agent
/// settings.
#[wasm_bindgen(skip_typescript, js_name = agentRequest)]
pub fn agent_request(options: JsValue) -> Result<JsValue, JsValue> {
    let options = json_value(
        &options,
        "agentRequest() needs options such as { instanceType: \"m5.large\" }.",
    )?;
    to_js(&muster_core::api::agent_request(&options).map_err(call_error)?)
}

/// The EC2 instance types the agent presets know.
#[wasm_bindgen(skip_typescript, js_name = instanceTypes)]
pub fn instance_types() -> Result<JsValue, JsValue> {
    to_js_direct(muster_core::api::instance_types())
}

/// Applies one ECS call to a cluster state and returns the next state with the response or error.
#[wasm_bindgen(skip_typescript, js_name = simulateCluster)]
pub fn simulate_cluster(input: JsValue) -> Result<JsValue, JsValue> {
    let input = json_value(
        &input,
        "simulateCluster() needs { operation, request, state?, clock? }.",
    )?;
    to_js(&muster_core::api::simulate_cluster(&input).map_err(call_error)?)
}

/// Places tasks on container instances as ECS would: tasks, failures, updated instances and
/// the explanation per task and instance.
#[wasm_bindgen(skip_typescript, js_name = simulatePlacement)]
pub fn simulate_placement(input: JsValue) -> Result<JsValue, JsValue> {
    let input = json_value(
        &input,
        "simulatePlacement() needs { containerInstances, taskDefinition, count, ... }.",
    )?;
    to_js(&muster_core::api::simulate_placement(&input).map_err(call_error)?)
}

/// Plans an ECS service: placement (or scale-in), the Cloud Map registrations ECS would make,
/// and the DNS answer for the service.
#[wasm_bindgen(skip_typescript, js_name = planService)]
pub fn plan_service(input: JsValue) -> Result<JsValue, JsValue> {
    let input = json_value(
        &input,
        "planService() needs { cluster, taskDefinition, service, cloudMap?, seed? }.",
    )?;
    to_js(&muster_core::api::plan_service(&input).map_err(call_error)?)
}

/// Parses a cluster query language expression: the syntax tree, or the error and its column.
#[wasm_bindgen(skip_typescript, js_name = parseClusterQuery)]
pub fn parse_cluster_query(expression: JsValue) -> Result<JsValue, JsValue> {
    let Some(text) = expression.as_string() else {
        return Err(error(
            "INVALID_ARGUMENT",
            "parseClusterQuery() takes the expression as a string.",
        ));
    };
    to_js(&muster_core::api::parse_cluster_query(&text))
}

/// Exports a valid request in a format: `{ format, text, filename, notes }`.
#[wasm_bindgen(skip_typescript, js_name = exportRequest)]
pub fn export_request(
    operation: &str,
    request: JsValue,
    format: &str,
    options: JsValue,
) -> Result<JsValue, JsValue> {
    let request = json_value(
        &request,
        "exportRequest() needs a request: an object or a JSON string.",
    )?;
    let options = optional_json(&options)?;
    to_js(
        &muster_core::api::export_request(operation, &request, format, options.as_ref())
            .map_err(call_error)?,
    )
}

/// The formats `exportRequest` writes.
#[wasm_bindgen(skip_typescript, js_name = exportFormats)]
pub fn export_formats() -> Result<JsValue, JsValue> {
    to_js_direct(&muster_core::api::export_formats())
}

/// Reads a request from text: a body, a CLI command, a skeleton or an API response.
#[wasm_bindgen(skip_typescript, js_name = importRequest)]
pub fn import_request(
    text: &str,
    format: Option<String>,
    operation: Option<String>,
) -> Result<JsValue, JsValue> {
    to_js(
        &muster_core::api::import_request(text, format.as_deref(), operation.as_deref())
            .map_err(call_error)?,
    )
}

/// The table of diagnostic codes: `[{ code, severity, summary, docs }]`.
#[wasm_bindgen(skip_typescript)]
pub fn rules() -> Result<JsValue, JsValue> {
    to_js_direct(muster_core::rules())
}

/// The operations `validate` accepts.
#[wasm_bindgen(skip_typescript, js_name = operations)]
pub fn operations() -> Result<JsValue, JsValue> {
    let names: Vec<&str> = muster_core::Operation::ALL
        .iter()
        .map(|op| op.name())
        .collect();
    to_js_direct(&names)
}

/// The package version.
#[wasm_bindgen(skip_typescript)]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_owned()
}

/// Request text: a string is taken as JSON text; anything else is serialised with
/// `JSON.stringify`, so a JS object and its JSON text validate the same way.
fn request_text(value: &JsValue) -> Result<String, JsValue> {
    if let Some(text) = js_text(value) {
        return Ok(text);
    }
    if value.is_undefined() {
        return Err(error(
            "INVALID_ARGUMENT",
            "validate() needs a request: an object or a JSON string.",
        ));
    }
    stringify(value)
}

fn optional_text(value: &JsValue) -> Result<Option<String>, JsValue> {
    if value.is_undefined() || value.is_null() {
        Ok(None)
    } else if let Some(text) = js_text(value) {
        Ok(Some(text))
    } else {
        stringify(value).map(Some)
    }
}

/// A JS string as Rust text. A lone UTF-16 surrogate has no UTF-8 form (wasm-bindgen would
/// put U+FFFD in its place, and the user would be told about a character they never wrote), so
/// it becomes the JSON escape `\uD800` that names it: in JSON text, the parser then reports the
/// lone surrogate where it is, as it does for `JSON.stringify` output of a broken string.
///
/// The common case costs one copy: the encoder turns every lone surrogate into U+FFFD, so text
/// without U+FFFD had none, and only text holding U+FFFD is read again unit by unit (each unit is
/// a call into JS, which `JsString::is_valid_utf16` would pay on every request).
fn js_text(value: &JsValue) -> Option<String> {
    let string = value.dyn_ref::<js_sys::JsString>()?;
    let text = utf8_of(string)?;
    // U+FFFD is EF BF BD in UTF-8. Most text has no 0xEF byte at all, which a byte search rules
    // out in one word-at-a-time pass (`str::contains` of a non-ASCII char runs a substring
    // search instead: 4% of each validation in Node).
    let may_hold_replacement =
        text.as_bytes().contains(&0xEF) && text.contains(char::REPLACEMENT_CHARACTER);
    if !may_hold_replacement || string.is_valid_utf16() {
        return Some(text);
    }
    let mut text = String::with_capacity(string.length() as usize);
    for unit in char::decode_utf16(string.iter()) {
        match unit {
            Ok(c) => text.push(c),
            Err(lone) => {
                // Writing to a String cannot fail.
                let _ = write!(text, "\\u{:04x}", lone.unpaired_surrogate());
            }
        }
    }
    Some(text)
}

/// `string` as UTF-8, written by the platform's `TextEncoder.encodeInto` straight into a buffer
/// in wasm memory: one copy, and a few calls into JS whatever the length. (`encode` allocates a
/// new array per call and wasm-bindgen's own path loops over the characters in JS; on the
/// validation corpus either cost more than the validation of a short request.) The buffer is
/// sized for ASCII first; text with wider characters gets a second pass for the rest, at three
/// bytes per UTF-16 unit, the most any unit can take.
fn utf8_of(string: &js_sys::JsString) -> Option<String> {
    let units = string.length();
    let mut bytes = vec![0_u8; units as usize];
    let (mut read, mut written) = (0_u32, 0_usize);
    loop {
        // Fetched per pass: growing the buffer may grow the memory and detach an older view.
        let memory = wasm_bindgen::memory()
            .unchecked_into::<js_sys::WebAssembly::Memory>()
            .buffer();
        let start = u32::try_from(bytes.as_ptr() as usize + written).ok()?;
        let free = u32::try_from(bytes.len() - written).ok()?;
        let view = js_sys::Uint8Array::new_with_byte_offset_and_length(&memory, start, free);
        let result = ENCODER.with(|encoder| {
            if read == 0 {
                encoder.encode_into(string, &view)
            } else {
                encoder.encode_into(&string.slice(read, units), &view)
            }
        });
        read += result.read();
        written += result.written() as usize;
        if read >= units {
            bytes.truncate(written);
            return String::from_utf8(bytes).ok();
        }
        bytes.resize(written + (units - read) as usize * 3, 0);
    }
}

fn stringify(value: &JsValue) -> Result<String, JsValue> {
    match js_sys::JSON::stringify(value) {
        Ok(text) => text.as_string().ok_or_else(|| {
            error(
                "INVALID_ARGUMENT",
                "The value cannot be written as JSON (a function or a symbol?).",
            )
        }),
        Err(cause) => {
            let reason = js_sys::Error::from(cause).message();
            Err(error(
                "INVALID_ARGUMENT",
                &format!("The value cannot be written as JSON: {reason}"),
            ))
        }
    }
}

/// A required JSON input: an object, or JSON text (which must parse).
fn json_value(value: &JsValue, missing: &str) -> Result<serde_json::Value, JsValue> {
    if value.is_undefined() || value.is_null() {
        return Err(error("INVALID_ARGUMENT", missing));
    }
    parse(&request_text(value)?)
}

/// An optional JSON input: `undefined`/`null` are absent.
fn optional_json(value: &JsValue) -> Result<Option<serde_json::Value>, JsValue> {
    optional_text(value)?.map(|text| parse(&text)).transpose()
}

/// Parses a simulator's JSON input. A key repeated within one object is refused: parsers
/// disagree on which value wins, so any answer built on it could be silently wrong.
fn parse(text: &str) -> Result<serde_json::Value, JsValue> {
    match muster_core::shape::parse_json_with_duplicates(text) {
        Ok((value, duplicates)) => match duplicates.first() {
            None => Ok(value),
            Some(repeat) => Err(error(
                "INVALID_ARGUMENT",
                &format!("At {}: {}", shown_path(&repeat.path), repeat.message),
            )),
        },
        Err(syntax) => Err(error(
            "INVALID_ARGUMENT",
            syntax
                .message
                .trim_end_matches(" Fix the syntax to see the request's other problems."),
        )),
    }
}

/// A JSON Pointer for a message (the root has none to show).
fn shown_path(path: &str) -> &str {
    if path.is_empty() {
        "the top level"
    } else {
        path
    }
}

/// Hands a result to JS as plain objects (no `Map`s, no `undefined`), through one JSON text and
/// the engine's `JSON.parse`: for the large simulation results that is several times faster than
/// building the objects member by member across the wasm boundary, and the code is shared by
/// every export instead of generated per result type.
fn to_js<T: Serialize + ?Sized>(value: &T) -> Result<JsValue, JsValue> {
    let text = serde_json::to_string(value).map_err(|e| error("INTERNAL", &e.to_string()))?;
    js_sys::JSON::parse(&text).map_err(|_| error("INTERNAL", "the result is not JSON"))
}

/// Small fixed tables (codes, names) go member by member, as JSON-compatible values.
fn to_js_direct<T: Serialize + ?Sized>(value: &T) -> Result<JsValue, JsValue> {
    value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|e| error("INTERNAL", &e.to_string()))
}

fn call_error(err: CallError) -> JsValue {
    error(err.code.as_str(), &err.message)
}

/// The one way this API throws: an `Error` with a stable `code` property.
fn error(code: &str, message: &str) -> JsValue {
    let err = js_sys::Error::new(message);
    // Setting a property on a fresh Error cannot fail.
    let _ = js_sys::Reflect::set(&err, &JsValue::from_str("code"), &JsValue::from_str(code));
    err.into()
}

/// Keeps `Report` in the public surface of this crate's docs.
pub type ValidationReport = Report;
