//! Hostile input through the public API: every case returns a clear diagnostic or error, never a
//! panic, and in time that grows with the input's size (the bounds are loose on purpose: they
//! catch a quadratic blow-up or a hang, not a slow machine).

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::time::{Duration, Instant};

use muster_core::{validate_text, Report};

const CONTEXT: &str = r#"{"service": {"Id": "srv-p5zdwlg5uvvzjita", "Name": "web", "DnsConfig": {"RoutingPolicy": "MULTIVALUE",
    "DnsRecords": [{"Type": "A", "TTL": 60}, {"Type": "SRV", "TTL": 60}]}}, "namespace": {"Name": "example.local", "Type": "DNS_PRIVATE"}}"#;

fn check(request: &str) -> Report {
    let start = Instant::now();
    let report = validate_text("RegisterInstance", request, Some(CONTEXT)).unwrap();
    assert!(
        start.elapsed() < Duration::from_secs(20),
        "took {:?}",
        start.elapsed()
    );
    report
}

fn codes(report: &Report) -> Vec<&str> {
    let mut codes: Vec<&str> = report.diagnostics.iter().map(|d| d.code).collect();
    codes.sort_unstable();
    codes.dedup();
    codes
}

fn with_attributes(attributes: &str) -> String {
    format!(
        r#"{{"ServiceId": "srv-p5zdwlg5uvvzjita", "InstanceId": "i-1", "Attributes": {{{attributes}}}}}"#
    )
}

#[test]
fn a_fifty_megabyte_value() {
    let big = "a".repeat(50 * 1024 * 1024);
    let report = check(&with_attributes(&format!(
        r#""AWS_INSTANCE_IPV4": "10.0.0.1", "AWS_INSTANCE_PORT": "80", "blob": "{big}""#
    )));
    assert_eq!(codes(&report), vec!["CM006", "CM008"]);
}

#[test]
fn nesting_a_hundred_thousand_deep() {
    let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    let report = check(&with_attributes(&format!(r#""x": {deep}"#)));
    assert_eq!(codes(&report), vec!["JSON001"]);
    assert!(
        report.diagnostics[0].message.contains("recursion limit"),
        "{}",
        report.diagnostics[0].message
    );
}

#[test]
fn a_million_attributes() {
    let attributes: Vec<String> = (0..1_000_000).map(|i| format!(r#""k{i}": "v""#)).collect();
    let report = check(&with_attributes(&attributes.join(",")));
    // Too many custom attributes, too large in total, and the A record has no address.
    assert_eq!(
        codes(&report),
        vec!["CM007", "CM008", "CM020", "CM023", "CM024"]
    );
}

#[test]
fn extreme_numbers() {
    assert_eq!(
        codes(&check(&with_attributes(r#""AWS_INSTANCE_PORT": 1e400"#))),
        vec!["JSON001"]
    );
    let report = check(&with_attributes(
        r#""AWS_INSTANCE_IPV4": "10.0.0.1", "AWS_INSTANCE_PORT": -0"#,
    ));
    assert_eq!(codes(&report), vec!["REQ003"]);
    let report = check(&with_attributes(
        r#""AWS_INSTANCE_IPV4": "10.0.0.1", "AWS_INSTANCE_PORT": "NaN""#,
    ));
    assert_eq!(codes(&report), vec!["CM011"]);
    let report = check(&with_attributes(
        r#""AWS_INSTANCE_IPV4": "10.0.0.1", "AWS_INSTANCE_PORT": "9007199254740993""#,
    ));
    assert_eq!(codes(&report), vec!["CM011"]);
    let service =
        r#"{"Name": "web", "DnsConfig": {"DnsRecords": [{"Type": "A", "TTL": 9007199254740993}]}}"#;
    let report = validate_text("CreateService", service, None).unwrap();
    assert_eq!(codes(&report), vec!["CM103"]);
}

/// `-0` is the integer 0 (Python's json, and so the AWS CLI and boto3, read it so); `-0.0` is a
/// float, which botocore refuses for an integer member. Checked on a hot path (the borrowed
/// tree), on CreateService (serde_json) and in a context.
#[test]
fn negative_zero_is_an_integer() {
    let resources = |amount: &str| {
        format!(
            r#"{{"cluster": "prod", "totalResources": [{{"name": "CPU", "type": "INTEGER", "integerValue": {amount}}},
            {{"name": "MEMORY", "type": "INTEGER", "integerValue": 2048}}]}}"#
        )
    };
    let report = validate_text("RegisterContainerInstance", &resources("-0"), None).unwrap();
    assert!(!codes(&report).contains(&"REQ003"), "{report:?}");
    let report = validate_text("RegisterContainerInstance", &resources("-0.0"), None).unwrap();
    assert!(codes(&report).contains(&"REQ003"), "{report:?}");
    let service = |count: &str| {
        format!(r#"{{"serviceName": "web", "taskDefinition": "web:1", "desiredCount": {count}}}"#)
    };
    let report = validate_text("CreateService", &service("-0"), None).unwrap();
    assert!(report.valid, "{report:?}");
    let report = validate_text("CreateService", &service("-0.0"), None).unwrap();
    assert_eq!(codes(&report), vec!["REQ003"]);
    let context = CONTEXT.replace(
        r#""TTL": 60}, {"Type": "SRV""#,
        r#""TTL": -0}, {"Type": "SRV""#,
    );
    assert_ne!(context, CONTEXT);
    let report = check_with(
        &with_attributes(r#""AWS_INSTANCE_IPV4": "10.0.0.1", "AWS_INSTANCE_PORT": "80""#),
        &context,
    );
    assert!(report.valid, "{report:?}");
}

fn check_with(request: &str, context: &str) -> Report {
    validate_text("RegisterInstance", request, Some(context)).unwrap()
}

#[test]
fn duplicate_keys() {
    let report = check(
        r#"{"ServiceId": "srv-p5zdwlg5uvvzjita", "ServiceId": "srv-other", "InstanceId": "i-1", "Attributes": {"AWS_INSTANCE_IPV4": "10.0.0.1", "AWS_INSTANCE_PORT": "80"}}"#,
    );
    assert!(codes(&report).contains(&"JSON003"));
    assert!(!report.valid);
}

#[test]
fn lone_surrogates_and_nul_bytes() {
    assert_eq!(
        codes(&check(&with_attributes(r#""k": "\ud800""#))),
        vec!["JSON001"]
    );
    let report = check(
        r#"{"ServiceId": "srv-p5zdwlg5uvvzjita", "InstanceId": "i-\u0000", "Attributes": {"AWS_INSTANCE_IPV4": "10.0.0.1", "AWS_INSTANCE_PORT": "80", "nul": "a\u0000b"}}"#,
    );
    assert_eq!(codes(&report), vec!["CM003", "CM006"]);
    assert!(report
        .diagnostics
        .iter()
        .any(|d| d.message.contains("U+0000")));
}

#[test]
fn invisible_and_right_to_left_characters_are_named() {
    let report = check(&with_attributes("\"AWS_INSTANCE_IPV4\": \"10.0.0.1\", \"AWS_INSTANCE_PORT\": \"80\", \"zero\u{200b}width\": \"v\", \"rtl\": \"a\u{202e}b\""));
    assert_eq!(codes(&report), vec!["CM005", "CM006"]);
    let messages: Vec<&str> = report.diagnostics.iter().map(|d| &*d.message).collect();
    assert!(
        messages.iter().any(|m| m.contains("U+200B")),
        "{messages:?}"
    );
    assert!(
        messages.iter().any(|m| m.contains("U+202E")),
        "{messages:?}"
    );
}

#[test]
fn not_an_object_and_empty_input() {
    for text in ["", "   ", "null", "42", "\"text\"", "[]"] {
        let report = validate_text("RegisterInstance", text, None).unwrap();
        assert!(!report.valid, "{text:?}");
        assert_eq!(
            report.diagnostics.len(),
            1,
            "{text:?}: {:?}",
            report.diagnostics
        );
    }
}

fn within(limit: Duration, work: impl FnOnce()) {
    let start = Instant::now();
    work();
    assert!(start.elapsed() < limit, "took {:?}", start.elapsed());
}

#[test]
fn ten_thousand_character_query_expressions() {
    use muster_core::api::parse_cluster_query;
    within(Duration::from_secs(5), || {
        let long = format!("attribute:a == {}", "x".repeat(10_000));
        let out = parse_cluster_query(&long);
        assert_eq!(out["valid"], false);
        assert!(out["error"]["message"].as_str().unwrap().contains("2000"));
        // Just under the limit, the worst shapes: deep parentheses and long chains.
        let deep = format!("{}attribute:a == b{}", "(".repeat(999), ")".repeat(999));
        assert_eq!(parse_cluster_query(&deep)["valid"], false);
        let chain = vec!["attribute:a == b"; 90].join(" and ");
        assert_eq!(parse_cluster_query(&chain)["valid"], true);
        let nots = format!("{}attribute:a == b", "not ".repeat(450));
        assert_eq!(parse_cluster_query(&nots)["valid"], false);
    });
}

#[test]
fn catastrophic_regexes_run_in_linear_time_during_placement() {
    use muster_core::api::simulate_placement;
    use serde_json::json;
    let value = "a".repeat(5_000) + "!";
    let instances: Vec<_> = (0..200)
        .map(|i| {
            json!({"containerInstanceArn": format!("arn:aws:ecs:us-east-1:123456789012:container-instance/c/{i}"),
                "remainingResources": [{"name": "CPU", "type": "INTEGER", "integerValue": 1024},
                    {"name": "MEMORY", "type": "INTEGER", "integerValue": 1024}],
                "attributes": [{"name": "stack", "value": value.clone()}]})
        })
        .collect();
    within(Duration::from_secs(20), || {
        let plan = simulate_placement(&json!({
            "containerInstances": instances,
            "taskDefinition": {"containerDefinitions": [{"name": "c", "cpu": 1, "memory": 1}]},
            "count": 50,
            "placementConstraints": [{"type": "memberOf", "expression": "attribute:stack =~ (a+)+$ or attribute:stack =~ (a|aa)*b"}]
        }))
        .unwrap();
        assert!(plan.plan.unwrap().tasks.is_empty());
    });
}

#[test]
fn hostile_placement_inputs_are_errors_not_panics() {
    use muster_core::api::{plan_service, simulate_placement};
    use serde_json::json;
    let td = json!({"containerDefinitions": [{"name": "c", "cpu": 1, "memory": 1}]});
    let cases = [
        json!({"containerInstances": "nope", "taskDefinition": td}),
        json!({"containerInstances": [{"containerInstanceArn": 5}], "taskDefinition": td}),
        json!({"containerInstances": [], "taskDefinition": {"containerDefinitions": [{"name": "c", "cpu": -5, "memory": 1e300}]}}),
        json!({"containerInstances": [], "taskDefinition": {"cpu": "1e400 vCPU", "containerDefinitions": []}}),
        json!({"containerInstances": [], "taskDefinition": {"containerDefinitions": [{"name": "c",
            "portMappings": [{"containerPort": 70000}], "resourceRequirements": [{"type": "GPU", "value": "lots"}]}]}}),
        json!({"containerInstances": [], "taskDefinition": td, "count": -1}),
        json!({"containerInstances": [], "taskDefinition": td, "seed": "\u{0}\u{202e}"}),
        json!({"containerInstances": [], "taskDefinition": td, "tasks": [{"taskArn": "t"}]}),
    ];
    for case in cases {
        // Either a clear error or a result; never a panic.
        let _ = simulate_placement(&case).map_err(|e| assert!(!e.message.is_empty()));
    }
    for service in [
        json!(null),
        json!([]),
        json!({"serviceName": "\u{0}"}),
        json!({"serviceName": "web", "desiredCount": 1e20}),
    ] {
        let _ = plan_service(&json!({"cluster": [], "taskDefinition": td, "service": service}));
    }
}

/// Large and repetitive shell text imports, or is refused, in time that grows with its size:
/// bash, PowerShell (continuations, here-strings) and the command prompt.
#[test]
fn huge_commands_import_in_linear_time() {
    use muster_core::export::import_request;
    let line = "  --attributes 'k=v' `\n";
    let cases = [
        format!(
            "aws servicediscovery register-instance `\n{}  --instance-id i",
            line.repeat(100_000)
        ),
        format!(
            "aws ecs deregister-container-instance ^\n{}--cluster c",
            " --cluster c ^\n".repeat(100_000)
        ),
        "$r = @'\n{}\n'@\nSet-Content 'f' $r\n".repeat(50_000)
            + "aws x "
            + &"file://g ".repeat(50_000),
        format!("$r = @'\n{}", "x\n".repeat(500_000)),
        format!("aws x {}", "`".repeat(1_000_000)),
        format!("aws x '{}'", "''".repeat(1_000_000)),
    ];
    for text in cases {
        let start = Instant::now();
        let _ = import_request(&text, None, None);
        assert!(
            start.elapsed() < Duration::from_secs(5),
            "{} bytes took {:?}",
            text.len(),
            start.elapsed()
        );
    }
}
