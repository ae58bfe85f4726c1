//! Hostile input through the exported functions in a real browser: every call returns a result
//! or a JS `Error` with a documented `code`, never a panic (sizes are smaller than the npm tests:
//! this runs the debug build).

#![cfg(target_arch = "wasm32")]
#![allow(clippy::unwrap_used, clippy::expect_used)]

use js_sys::{Array, JsString, Object, Reflect, JSON};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

const ERROR_CODES: &[&str] = &[
    "UNKNOWN_OPERATION",
    "INVALID_CONTEXT",
    "INVALID_ARGUMENT",
    "INVALID_REQUEST",
    "UNSUPPORTED_FORMAT",
    "IMPORT_FAILED",
];

const CONTEXT: &str = r#"{"service": {"Id": "srv-p5zdwlg5uvvzjita", "Name": "web", "DnsConfig": {"RoutingPolicy": "MULTIVALUE",
    "DnsRecords": [{"Type": "A", "TTL": 60}, {"Type": "SRV", "TTL": 60}]}}, "namespace": {"Name": "example.local", "Type": "DNS_PRIVATE"}}"#;

const TASK_DEFINITION: &str = r#"{"containerDefinitions": [{"name": "c", "cpu": 1, "memory": 1}]}"#;

fn get(value: &JsValue, key: &str) -> JsValue {
    Reflect::get(value, &JsValue::from_str(key)).unwrap()
}

fn set(target: &JsValue, key: &JsValue, value: &JsValue) {
    Reflect::set(target, key, value).unwrap();
}

fn parse(text: &str) -> JsValue {
    JSON::parse(text).unwrap()
}

fn text(value: &str) -> JsValue {
    JsValue::from_str(value)
}

fn codes(report: &JsValue) -> Vec<String> {
    let mut codes: Vec<String> = Array::from(&get(report, "diagnostics"))
        .iter()
        .map(|d| get(&d, "code").as_string().unwrap())
        .collect();
    codes.sort_unstable();
    codes.dedup();
    codes
}

/// The thrown value is the package's `Error` with a documented code; returns the code.
fn error_code(err: &JsValue, what: &str) -> String {
    assert!(
        err.is_instance_of::<js_sys::Error>(),
        "{what}: not an Error"
    );
    let code = get(err, "code")
        .as_string()
        .unwrap_or_else(|| panic!("{what}: no code"));
    assert!(
        ERROR_CODES.contains(&code.as_str()),
        "{what}: undocumented code {code}"
    );
    let message = err.unchecked_ref::<js_sys::Error>().message();
    assert!(message.length() > 0, "{what}: empty message");
    code
}

/// A result, or a documented error: never a panic (which would abort the test run).
fn answered(result: Result<JsValue, JsValue>, what: &str) -> Option<JsValue> {
    match result {
        Ok(value) => Some(value),
        Err(err) => {
            error_code(&err, what);
            None
        }
    }
}

fn throws(result: Result<JsValue, JsValue>, expected: &str, what: &str) {
    let err = result.expect_err(what);
    assert_eq!(error_code(&err, what), expected, "{what}");
}

fn validate(request: JsValue) -> JsValue {
    muster_wasm::validate("RegisterInstance", request, text(CONTEXT)).unwrap()
}

fn with_attributes(attributes: &str) -> JsValue {
    text(&format!(
        r#"{{"ServiceId": "srv-p5zdwlg5uvvzjita", "InstanceId": "i-1", "Attributes": {{{attributes}}}}}"#
    ))
}

const ADDRESS: &str = r#""AWS_INSTANCE_IPV4": "10.0.0.1", "AWS_INSTANCE_PORT": "80""#;

/// A JS string with one lone surrogate, which no Rust `&str` can hold.
fn lone(unit: u32) -> JsValue {
    JsString::from_char_code1(unit).into()
}

fn deep_text(depth: usize) -> String {
    format!("{}{}", "[".repeat(depth), "]".repeat(depth))
}

fn deep_object(depth: usize) -> JsValue {
    let mut value: JsValue = Object::new().into();
    for _ in 0..depth {
        let outer: JsValue = Object::new().into();
        set(&outer, &text("x"), &value);
        value = outer;
    }
    value
}

fn dns_input() -> String {
    format!(
        r#"{{"namespace": {{"Name": "example.local", "Type": "DNS_PRIVATE"}}, "service": {}, "instances": [{{"InstanceId": "a", "Attributes": {{{ADDRESS}}}}}], "query": {{"name": "web.example.local", "type": "A"}}, "seed": 1}}"#,
        JSON::stringify(&get(&parse(CONTEXT), "service"))
            .unwrap()
            .as_string()
            .unwrap()
    )
}

#[wasm_bindgen_test]
fn a_large_request_is_answered() {
    let big = "a".repeat(2 * 1024 * 1024);
    let report = validate(with_attributes(&format!(r#"{ADDRESS}, "blob": "{big}""#)));
    assert_eq!(codes(&report), vec!["CM006", "CM008"]);
    throws(
        muster_wasm::export_request(
            "RegisterInstance",
            with_attributes(&format!(r#"{ADDRESS}, "blob": "{big}""#)),
            "cli",
            JsValue::UNDEFINED,
        ),
        "INVALID_REQUEST",
        "export",
    );
    let imported = muster_wasm::import_request(
        &format!("aws servicediscovery register-instance --service-id srv-1 --instance-id {big}"),
        None,
        None,
    )
    .unwrap();
    assert_eq!(
        get(&get(&imported, "request"), "InstanceId")
            .as_string()
            .unwrap()
            .len(),
        big.len()
    );
}

#[wasm_bindgen_test]
fn deep_nesting_is_a_finding_or_an_error() {
    let deep = deep_text(100_000);
    let report = validate(with_attributes(&format!(r#""x": {deep}"#)));
    assert_eq!(codes(&report), vec!["JSON001"]);
    throws(
        muster_wasm::validate(
            "RegisterInstance",
            with_attributes(ADDRESS),
            text(&format!(r#"{{"service": {deep}}}"#)),
        ),
        "INVALID_CONTEXT",
        "deep context",
    );
    let wrapped = |key: &str| text(&format!(r#"{{"{key}": {deep}}}"#));
    let calls: Vec<(&str, Result<JsValue, JsValue>)> = vec![
        (
            "previewResponse",
            muster_wasm::preview_response("RegisterInstance", text(&deep), JsValue::UNDEFINED),
        ),
        (
            "simulateDns",
            muster_wasm::simulate_dns(wrapped("instances")),
        ),
        (
            "dnsDistribution",
            muster_wasm::dns_distribution(wrapped("instances")),
        ),
        (
            "discoverInstances",
            muster_wasm::discover_instances(wrapped("request")),
        ),
        ("agentRequest", muster_wasm::agent_request(wrapped("x"))),
        (
            "simulateCluster",
            muster_wasm::simulate_cluster(wrapped("request")),
        ),
        (
            "simulatePlacement",
            muster_wasm::simulate_placement(wrapped("containerInstances")),
        ),
        ("planService", muster_wasm::plan_service(wrapped("service"))),
        (
            "exportRequest",
            muster_wasm::export_request("RegisterInstance", text(&deep), "cli", JsValue::UNDEFINED),
        ),
    ];
    for (what, result) in calls {
        throws(result, "INVALID_ARGUMENT", what);
    }
    throws(
        muster_wasm::import_request(&deep, None, None),
        "IMPORT_FAILED",
        "importRequest",
    );
    // A JS object nested deeply: JSON.stringify refuses it or the parser's limit does.
    let object = deep_object(20_000);
    let request = parse(r#"{"ServiceId": "srv-p5zdwlg5uvvzjita", "InstanceId": "i-1"}"#);
    set(&request, &text("Attributes"), &object);
    if let Some(report) = answered(
        muster_wasm::validate("RegisterInstance", request.clone(), text(CONTEXT)),
        "validate deep object",
    ) {
        assert_eq!(codes(&report), vec!["JSON001"]);
    }
    answered(
        muster_wasm::simulate_cluster(request.clone()),
        "simulateCluster deep object",
    );
    answered(
        muster_wasm::preview_response("RegisterInstance", request, JsValue::UNDEFINED),
        "previewResponse deep object",
    );
}

#[wasm_bindgen_test]
fn many_attributes() {
    let attributes: Vec<String> = (0..20_000).map(|i| format!(r#""k{i}": "v""#)).collect();
    let report = validate(with_attributes(&attributes.join(",")));
    assert_eq!(
        codes(&report),
        vec!["CM007", "CM008", "CM020", "CM023", "CM024"]
    );
}

#[wasm_bindgen_test]
fn extreme_numbers() {
    assert_eq!(
        codes(&validate(with_attributes(r#""AWS_INSTANCE_PORT": 1e400"#))),
        vec!["JSON001"]
    );
    assert_eq!(
        codes(&validate(with_attributes(
            r#""AWS_INSTANCE_IPV4": "10.0.0.1", "AWS_INSTANCE_PORT": -0"#
        ))),
        vec!["REQ003"]
    );
    assert_eq!(
        codes(&validate(with_attributes(
            r#""AWS_INSTANCE_IPV4": "10.0.0.1", "AWS_INSTANCE_PORT": "NaN""#
        ))),
        vec!["CM011"]
    );
    assert_eq!(
        codes(&validate(with_attributes(
            r#""AWS_INSTANCE_IPV4": "10.0.0.1", "AWS_INSTANCE_PORT": 9007199254740993"#
        ))),
        vec!["REQ003"]
    );
    // -0, NaN and Infinity as JS numbers (NaN and Infinity become null in JSON).
    for number in [-0.0, f64::NAN, f64::INFINITY, 9_007_199_254_740_993.0] {
        let request = parse(
            r#"{"ServiceId": "srv-p5zdwlg5uvvzjita", "InstanceId": "i-1", "Attributes": {"AWS_INSTANCE_IPV4": "10.0.0.1"}}"#,
        );
        set(
            &get(&request, "Attributes"),
            &text("AWS_INSTANCE_PORT"),
            &JsValue::from_f64(number),
        );
        assert_eq!(codes(&validate(request)), vec!["REQ003"], "{number}");
        let input = parse(&dns_input());
        set(&input, &text("seed"), &JsValue::from_f64(number));
        answered(muster_wasm::simulate_dns(input), "simulateDns seed");
        let placement = parse(&format!(
            r#"{{"containerInstances": [], "taskDefinition": {TASK_DEFINITION}}}"#
        ));
        set(&placement, &text("count"), &JsValue::from_f64(number));
        answered(
            muster_wasm::simulate_placement(placement),
            "simulatePlacement count",
        );
    }
    throws(
        muster_wasm::simulate_dns(text(
            &dns_input().replace(r#""seed": 1"#, r#""seed": 1e400"#),
        )),
        "INVALID_ARGUMENT",
        "seed 1e400",
    );
    let service = text(
        r#"{"Name": "web", "DnsConfig": {"DnsRecords": [{"Type": "A", "TTL": 9007199254740993}]}}"#,
    );
    let report = muster_wasm::validate("CreateService", service, JsValue::UNDEFINED).unwrap();
    assert_eq!(codes(&report), vec!["CM103"]);
    // A BigInt cannot be written as JSON.
    let request = parse("{}");
    set(
        &request,
        &text("ServiceId"),
        &js_sys::BigInt::from(7_u64).into(),
    );
    throws(
        muster_wasm::validate("RegisterInstance", request, JsValue::UNDEFINED),
        "INVALID_ARGUMENT",
        "BigInt",
    );
}

#[wasm_bindgen_test]
fn duplicate_keys() {
    let report = validate(text(
        r#"{"ServiceId": "srv-p5zdwlg5uvvzjita", "ServiceId": "srv-other", "InstanceId": "i-1", "Attributes": {"AWS_INSTANCE_IPV4": "10.0.0.1", "AWS_INSTANCE_PORT": "80"}}"#,
    ));
    assert!(codes(&report).contains(&"JSON003".to_owned()));
    assert_eq!(get(&report, "valid"), JsValue::FALSE);
    answered(
        muster_wasm::simulate_cluster(text(
            r#"{"operation": "RegisterContainerInstance", "operation": "x", "request": {}}"#,
        )),
        "simulateCluster duplicates",
    );
}

#[wasm_bindgen_test]
fn lone_surrogates_from_js() {
    // In an object: JSON.stringify writes the escape, which is not valid JSON.
    let request = parse(&format!(
        r#"{{"ServiceId": "srv-p5zdwlg5uvvzjita", "InstanceId": "i-1", "Attributes": {{{ADDRESS}}}}}"#
    ));
    let attributes = get(&request, "Attributes");
    set(&attributes, &text("k"), &lone(0xD800));
    assert_eq!(codes(&validate(request.clone())), vec!["JSON001"]);
    let keyed = parse(&format!(
        r#"{{"ServiceId": "srv-p5zdwlg5uvvzjita", "InstanceId": "i-1", "Attributes": {{{ADDRESS}}}}}"#
    ));
    set(&get(&keyed, "Attributes"), &lone(0xDC00), &text("v"));
    assert_eq!(codes(&validate(keyed)), vec!["JSON001"]);
    assert_eq!(
        codes(&validate(with_attributes(r#""k": "\ud800""#))),
        vec!["JSON001"]
    );
    // In JSON text held by a JS string, the lone surrogate is named as one (not as U+FFFD).
    let raw: JsValue = JsString::from(r#"{"ServiceId": "srv-p5zdwlg5uvvzjita", "InstanceId": "i-1", "Attributes": {"AWS_INSTANCE_IPV4": "10.0.0.1", "AWS_INSTANCE_PORT": "80", "k": ""#)
        .concat(&lone(0xD800))
        .concat(&text(r#""}}"#))
        .into();
    let report = validate(raw.clone());
    assert_eq!(codes(&report), vec!["JSON001"]);
    let message = get(&Array::from(&get(&report, "diagnostics")).get(0), "message")
        .as_string()
        .unwrap();
    assert!(message.contains("surrogate pair"), "{message}");
    // Every other entry point.
    throws(
        muster_wasm::preview_response("RegisterInstance", request.clone(), JsValue::UNDEFINED),
        "INVALID_ARGUMENT",
        "previewResponse",
    );
    throws(
        muster_wasm::export_request("RegisterInstance", request, "cli", JsValue::UNDEFINED),
        "INVALID_ARGUMENT",
        "exportRequest",
    );
    let dns = parse(&dns_input());
    set(&get(&dns, "query"), &text("name"), &lone(0xD800));
    throws(
        muster_wasm::simulate_dns(dns),
        "INVALID_ARGUMENT",
        "simulateDns",
    );
    let cluster = parse(r#"{"operation": "RegisterContainerInstance", "request": {}}"#);
    set(&get(&cluster, "request"), &text("cluster"), &lone(0xDFFF));
    throws(
        muster_wasm::simulate_cluster(cluster),
        "INVALID_ARGUMENT",
        "simulateCluster",
    );
    let parsed = muster_wasm::parse_cluster_query(
        JsString::from("attribute:a")
            .concat(&lone(0xD800))
            .concat(&text(" == b"))
            .into(),
    )
    .unwrap();
    assert_eq!(get(&parsed, "valid"), JsValue::FALSE);
    answered(
        muster_wasm::simulate_placement(text(&format!(
            r#"{{"containerInstances": [], "taskDefinition": {TASK_DEFINITION}, "placementConstraints": [{{"type": "memberOf", "expression": "attribute:a == \udc00"}}]}}"#
        ))),
        "simulatePlacement escaped surrogate",
    );
}

#[wasm_bindgen_test]
fn nul_zero_width_and_right_to_left_characters_are_named() {
    let report = validate(text(&format!(
        "{{\"ServiceId\": \"srv-p5zdwlg5uvvzjita\", \"InstanceId\": \"i-\\u0000\u{202e}\", \"Attributes\": {{{ADDRESS}, \"zero\u{200b}width\": \"a\\u0000b\", \"rtl\": \"a\u{202e}b\"}}}}"
    )));
    assert_eq!(codes(&report), vec!["CM003", "CM005", "CM006"]);
    let messages: Vec<String> = Array::from(&get(&report, "diagnostics"))
        .iter()
        .map(|d| get(&d, "message").as_string().unwrap())
        .collect();
    for name in ["U+0000", "U+200B", "U+202E"] {
        assert!(
            messages.iter().any(|m| m.contains(name)),
            "{name}: {messages:?}"
        );
    }
    let hostile_dns = dns_input().replace("example.local\"", "example.local\\u0000\u{202e}\"");
    answered(
        muster_wasm::simulate_dns(text(&hostile_dns)),
        "simulateDns names",
    );
    answered(
        muster_wasm::simulate_cluster(text(
            "{\"operation\": \"RegisterContainerInstance\", \"request\": {\"cluster\": \"a\\u0000\u{202e}\u{200b}\"}}",
        )),
        "simulateCluster names",
    );
    answered(
        muster_wasm::import_request(
            "aws servicediscovery register-instance --service-id 'srv-1\0\u{202e}' --instance-id \u{200b}",
            None,
            None,
        ),
        "importRequest names",
    );
    answered(
        muster_wasm::export_request(
            "RegisterInstance",
            text(&format!(
                "{{\"ServiceId\": \"srv-p5zdwlg5uvvzjita\", \"InstanceId\": \"i-1\", \"Attributes\": {{{ADDRESS}, \"rtl\": \"a\u{202e}b'$(id)\\u0000\"}}}}"
            )),
            "cli",
            parse(r#"{"allowInvalid": true}"#),
        ),
        "exportRequest names",
    );
}

#[wasm_bindgen_test]
fn long_query_expressions_and_backtracking_regexes() {
    let long = format!("attribute:a == {}", "x".repeat(10_000));
    let parsed = muster_wasm::parse_cluster_query(text(&long)).unwrap();
    assert_eq!(get(&parsed, "valid"), JsValue::FALSE);
    let deep = format!("{}attribute:a == b{}", "(".repeat(5_000), ")".repeat(5_000));
    assert_eq!(
        get(
            &muster_wasm::parse_cluster_query(text(&deep)).unwrap(),
            "valid"
        ),
        JsValue::FALSE
    );
    throws(
        muster_wasm::parse_cluster_query(JsValue::from_f64(1.0)),
        "INVALID_ARGUMENT",
        "parseClusterQuery(1)",
    );
    let constraint = |expression: &str| {
        format!(
            r#"[{{"type": "memberOf", "expression": {}}}]"#,
            JSON::stringify(&text(expression))
                .unwrap()
                .as_string()
                .unwrap()
        )
    };
    let plan = muster_wasm::simulate_placement(text(&format!(
        r#"{{"containerInstances": [], "taskDefinition": {TASK_DEFINITION}, "count": 1, "placementConstraints": {}}}"#,
        constraint(&long)
    )))
    .unwrap();
    assert_eq!(get(&plan, "valid"), JsValue::FALSE);
    assert!(codes(&plan).contains(&"PL009".to_owned()));
    let service = muster_wasm::plan_service(text(&format!(
        r#"{{"cluster": [], "taskDefinition": {TASK_DEFINITION}, "service": {{"serviceName": "web", "desiredCount": 1, "placementConstraints": {}}}}}"#,
        constraint(&long)
    )))
    .unwrap();
    assert!(codes(&service).contains(&"PL009".to_owned()));
    // Catastrophic backtracking for a backtracking engine; linear here.
    let value = format!("{}!", "a".repeat(500));
    let instances: Vec<String> = (0..10)
        .map(|i| {
            format!(
                r#"{{"containerInstanceArn": "arn:aws:ecs:us-east-1:123456789012:container-instance/c/{i}", "remainingResources": [{{"name": "CPU", "type": "INTEGER", "integerValue": 1024}}, {{"name": "MEMORY", "type": "INTEGER", "integerValue": 1024}}], "attributes": [{{"name": "stack", "value": "{value}"}}]}}"#
            )
        })
        .collect();
    let plan = muster_wasm::simulate_placement(text(&format!(
        r#"{{"containerInstances": [{}], "taskDefinition": {TASK_DEFINITION}, "count": 3, "placementConstraints": {}}}"#,
        instances.join(","),
        constraint("attribute:stack =~ (a+)+$ or attribute:stack =~ (a|aa)*b")
    )))
    .unwrap();
    assert_eq!(Array::from(&get(&plan, "tasks")).length(), 0);
    assert_eq!(Array::from(&get(&plan, "failures")).length(), 3);
}

#[wasm_bindgen_test]
fn wrong_types_everywhere() {
    let values = [
        JsValue::NULL,
        JsValue::UNDEFINED,
        JsValue::TRUE,
        JsValue::from_f64(-0.0),
        text(""),
        text("[]"),
        text("null"),
        Array::new().into(),
        Object::new().into(),
        js_sys::Symbol::for_("s").into(),
        js_sys::Function::new_no_args("return 1").into(),
        js_sys::Map::new().into(),
    ];
    for value in values {
        answered(
            muster_wasm::validate("RegisterInstance", value.clone(), JsValue::UNDEFINED),
            "validate",
        );
        answered(
            muster_wasm::validate("RegisterInstance", text("{}"), value.clone()),
            "validate context",
        );
        answered(
            muster_wasm::preview_response("RegisterInstance", value.clone(), JsValue::UNDEFINED),
            "previewResponse",
        );
        answered(muster_wasm::simulate_dns(value.clone()), "simulateDns");
        answered(
            muster_wasm::dns_distribution(value.clone()),
            "dnsDistribution",
        );
        answered(
            muster_wasm::discover_instances(value.clone()),
            "discoverInstances",
        );
        answered(muster_wasm::agent_request(value.clone()), "agentRequest");
        answered(
            muster_wasm::simulate_cluster(value.clone()),
            "simulateCluster",
        );
        answered(
            muster_wasm::simulate_placement(value.clone()),
            "simulatePlacement",
        );
        answered(muster_wasm::plan_service(value.clone()), "planService");
        answered(
            muster_wasm::parse_cluster_query(value.clone()),
            "parseClusterQuery",
        );
        answered(
            muster_wasm::export_request(
                "RegisterInstance",
                value.clone(),
                "cli",
                JsValue::UNDEFINED,
            ),
            "exportRequest",
        );
        answered(
            muster_wasm::export_request("RegisterInstance", text("{}"), "cli", value),
            "exportRequest options",
        );
    }
    for format in [Some(String::new()), Some("\0".to_owned()), None] {
        answered(
            muster_wasm::import_request("", format.clone(), Some("\u{202e}".to_owned())),
            "importRequest",
        );
    }
    // Still answering normally afterwards.
    let report = validate(with_attributes(ADDRESS));
    assert_eq!(get(&report, "valid"), JsValue::TRUE);
}
