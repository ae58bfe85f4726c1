//! The wasm API in a real browser (headless Chromium through chromedriver): the same calls JS
//! makes, with JS values in and out.

#![cfg(target_arch = "wasm32")]
#![allow(clippy::unwrap_used, clippy::expect_used)]

use js_sys::{Array, Reflect, JSON};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

fn get(value: &JsValue, key: &str) -> JsValue {
    Reflect::get(value, &JsValue::from_str(key)).unwrap()
}

fn codes(report: &JsValue) -> Vec<String> {
    Array::from(&get(report, "diagnostics"))
        .iter()
        .map(|d| get(&d, "code").as_string().unwrap())
        .collect()
}

fn parse(text: &str) -> JsValue {
    JSON::parse(text).unwrap()
}

const CONTEXT: &str = r#"{"service": {"Id": "srv-p5zdwlg5uvvzjita", "DnsConfig": {"RoutingPolicy": "MULTIVALUE",
    "DnsRecords": [{"Type": "A", "TTL": 60}, {"Type": "SRV", "TTL": 60}]}}, "namespace": {"Type": "DNS_PRIVATE"}}"#;

#[wasm_bindgen_test]
fn object_request_with_missing_port_is_invalid() {
    let request = parse(
        r#"{"ServiceId": "srv-p5zdwlg5uvvzjita", "InstanceId": "i-1", "Attributes": {"AWS_INSTANCE_IPV4": "10.0.0.1"}}"#,
    );
    let report = muster_wasm::validate("RegisterInstance", request, parse(CONTEXT)).unwrap();
    assert_eq!(get(&report, "valid"), JsValue::FALSE);
    assert_eq!(codes(&report), vec!["CM024"]);
    let first = Array::from(&get(&report, "diagnostics")).get(0);
    assert_eq!(get(&first, "path").as_string().unwrap(), "/Attributes");
    assert!(get(&first, "docs")
        .as_string()
        .unwrap()
        .starts_with("https://docs.aws.amazon.com/"));
}

#[wasm_bindgen_test]
fn json_text_and_object_give_the_same_report() {
    let text = r#"{"ServiceId": "srv-p5zdwlg5uvvzjita", "InstanceId": "bad id", "Attributes": {"AWS_INSTANCE_IPV4": "10.0.0.1", "AWS_INSTANCE_PORT": "80"}}"#;
    let from_text = muster_wasm::validate(
        "RegisterInstance",
        JsValue::from_str(text),
        JsValue::from_str(CONTEXT),
    )
    .unwrap();
    let from_object =
        muster_wasm::validate("RegisterInstance", parse(text), parse(CONTEXT)).unwrap();
    assert_eq!(
        JSON::stringify(&from_text).unwrap(),
        JSON::stringify(&from_object).unwrap()
    );
    assert_eq!(codes(&from_text), vec!["CM003"]);
}

#[wasm_bindgen_test]
fn malformed_json_is_a_finding() {
    let report = muster_wasm::validate(
        "RegisterInstance",
        JsValue::from_str("{\"ServiceId\": }"),
        JsValue::UNDEFINED,
    )
    .unwrap();
    assert_eq!(codes(&report), vec!["JSON001"]);
}

#[wasm_bindgen_test]
fn unusable_calls_throw_errors_with_codes() {
    let err =
        muster_wasm::validate("RegisterInstances", parse("{}"), JsValue::UNDEFINED).unwrap_err();
    assert_eq!(get(&err, "code").as_string().unwrap(), "UNKNOWN_OPERATION");
    assert!(err.is_instance_of::<js_sys::Error>());
    let err = muster_wasm::validate(
        "RegisterInstance",
        parse("{}"),
        JsValue::from_str("{not json"),
    )
    .unwrap_err();
    assert_eq!(get(&err, "code").as_string().unwrap(), "INVALID_CONTEXT");
}

#[wasm_bindgen_test]
fn rules_table_is_plain_objects() {
    let rules = Array::from(&muster_wasm::rules().unwrap());
    assert!(rules.length() > 30);
    let first = rules.get(0);
    assert!(first.is_object() && !first.is_instance_of::<js_sys::Map>());
    assert!(get(&first, "code").as_string().is_some());
}
