//! Properties that hold for any input: validation never panics, and DNS answers contain only
//! registered instances, never more than eight records for MULTIVALUE.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use std::collections::HashSet;

use muster_core::api::simulate_dns;
use muster_core::{validate_text, Operation};
use proptest::prelude::*;
use serde_json::json;

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// Any text, for any operation: a report, never a panic (malformed JSON is JSON001).
    #[test]
    fn validation_never_panics(op in 0_usize..Operation::ALL.len(), text in ".{0,200}") {
        let operation = Operation::ALL[op];
        let report = validate_text(operation.name(), &text, None).unwrap();
        prop_assert!(report.valid || !report.diagnostics.is_empty());
    }

    /// JSON-shaped input with arbitrary members and values, for any operation.
    #[test]
    fn validation_of_any_json_object_never_panics(
        op in 0_usize..Operation::ALL.len(),
        members in prop::collection::vec(("[A-Za-z_]{1,12}", prop_oneof![
            Just(json!(null)), any::<bool>().prop_map(|b| json!(b)), any::<i64>().prop_map(|n| json!(n)),
            ".{0,20}".prop_map(|s| json!(s)), Just(json!([])), Just(json!({"a": [1, "b"]})),
        ]), 0..8),
    ) {
        let object: serde_json::Map<String, serde_json::Value> = members.into_iter().collect();
        let text = serde_json::Value::Object(object).to_string();
        let _ = validate_text(Operation::ALL[op].name(), &text, None).unwrap();
    }

    /// A MULTIVALUE answer holds at most eight records, each for a registered instance.
    #[test]
    fn dns_answers_only_registered_instances(
        count in 0_usize..40,
        unhealthy in prop::collection::vec(any::<bool>(), 40),
        query_type in prop_oneof![Just("A"), Just("SRV")],
        seed in 0_u64..1000,
    ) {
        let instances: Vec<_> = (0..count)
            .map(|i| json!({"InstanceId": format!("task-{i}"),
                "Attributes": {"AWS_INSTANCE_IPV4": format!("10.0.0.{}", i + 1), "AWS_INSTANCE_PORT": (8000 + i).to_string()},
                "HealthStatus": if unhealthy[i] { "UNHEALTHY" } else { "HEALTHY" }}))
            .collect();
        let answer = serde_json::to_value(simulate_dns(&json!({
            "namespace": {"Name": "example.local", "Type": "DNS_PRIVATE"},
            "service": {"Id": "srv-p5zdwlg5uvvzjita", "Name": "web", "HealthCheckCustomConfig": {},
                "DnsConfig": {"RoutingPolicy": "MULTIVALUE", "DnsRecords": [{"Type": "A", "TTL": 60}, {"Type": "SRV", "TTL": 60}]}},
            "instances": instances,
            "query": {"name": "web.example.local", "type": query_type},
            "seed": seed,
        })).unwrap()).unwrap();
        let records = answer["answer"].as_array().unwrap();
        prop_assert!(records.len() <= 8);
        // Healthy instances are answered; when none is healthy, up to eight unhealthy ones are.
        let healthy: Vec<usize> = (0..count).filter(|i| !unhealthy[*i]).collect();
        let eligible: Vec<usize> = if healthy.is_empty() { (0..count).collect() } else { healthy };
        prop_assert_eq!(records.len(), eligible.len().min(8));
        let registered: HashSet<String> = eligible.iter().map(|i| format!("10.0.0.{}", i + 1)).collect();
        let ports: HashSet<String> = eligible.iter().map(|i| (8000 + i).to_string()).collect();
        for record in records {
            let data = record["data"].to_string();
            let known = registered.iter().any(|ip| data == format!("\"{ip}\""))
                || ports.iter().any(|p| data.contains(&format!(" {p} ")));
            prop_assert!(known, "{} is not a registered instance", data);
        }
    }
}
