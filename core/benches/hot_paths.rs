//! Criterion benchmarks of the hot paths one user action runs: validating a request from its
//! JSON text (typical and largest valid RegisterInstance, typical RegisterContainerInstance),
//! answering one DNS query, parsing a cluster query expression and planning a small placement.
//! `cargo bench -p muster-core --bench hot_paths` (add `-- --quick` for a short run).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use serde_json::{json, Map, Value};

const CONTEXT: &str = r#"{"service": {"Id": "srv-p5zdwlg5uvvzjita", "Name": "web", "DnsConfig": {"RoutingPolicy": "MULTIVALUE",
    "DnsRecords": [{"Type": "A", "TTL": 60}, {"Type": "SRV", "TTL": 60}]}}, "namespace": {"Name": "example.local", "Type": "DNS_PRIVATE"}}"#;

fn typical_register_instance() -> String {
    json!({
        "ServiceId": "srv-p5zdwlg5uvvzjita",
        "InstanceId": "myservice-53",
        "CreatorRequestId": "7a48a98a-72e6-4849-bfa7-1a458e030d7b",
        "Attributes": {"AWS_INSTANCE_IPV4": "172.2.1.3", "AWS_INSTANCE_PORT": "808",
            "stage": "prod", "version": "2.14.1"}
    })
    .to_string()
}

/// The largest request Cloud Map accepts: 30 custom attributes, the attributes just under the
/// 5,000-character total.
fn largest_register_instance() -> String {
    let mut attributes = Map::new();
    attributes.insert("AWS_INSTANCE_IPV4".into(), "172.2.1.3".into());
    attributes.insert("AWS_INSTANCE_PORT".into(), "808".into());
    for i in 0..30 {
        attributes.insert(
            format!("custom_attribute_{i:02}"),
            Value::String(format!("{i:02}-{}", "v".repeat(140))),
        );
    }
    json!({
        "ServiceId": "srv-p5zdwlg5uvvzjita",
        "InstanceId": "myservice-53",
        "CreatorRequestId": "7a48a98a-72e6-4849-bfa7-1a458e030d7b",
        "Attributes": attributes
    })
    .to_string()
}

fn typical_register_container_instance() -> String {
    json!({
        "cluster": "prod",
        "instanceIdentityDocument": json!({"instanceId": "i-0123456789abcdef0", "region": "us-east-1",
            "availabilityZone": "us-east-1a", "instanceType": "c5.xlarge"}).to_string(),
        "totalResources": [
            {"name": "CPU", "type": "INTEGER", "integerValue": 4096},
            {"name": "MEMORY", "type": "INTEGER", "integerValue": 7482},
            {"name": "PORTS", "type": "STRINGSET", "stringSetValue": ["22", "2375", "2376", "51678", "51679"]},
            {"name": "PORTS_UDP", "type": "STRINGSET", "stringSetValue": []}
        ],
        "versionInfo": {"agentVersion": "1.80.0", "agentHash": "abc123", "dockerVersion": "DockerVersion: 25.0.0"},
        "attributes": [{"name": "ecs.os-type", "value": "linux"}, {"name": "stack", "value": "prod"}],
        "tags": [{"key": "team", "value": "payments"}]
    })
    .to_string()
}

fn dns_input() -> Value {
    let instances: Vec<_> = (0..20u32)
        .map(|i| {
            json!({"InstanceId": format!("task-{i}"),
                "Attributes": {"AWS_INSTANCE_IPV4": format!("10.0.{}.{}", i / 250, i % 250 + 1),
                    "AWS_INSTANCE_PORT": (8000 + i).to_string()},
                "HealthStatus": if i % 5 == 0 { "UNHEALTHY" } else { "HEALTHY" }})
        })
        .collect();
    json!({
        "namespace": {"Name": "example.local", "Type": "DNS_PRIVATE"},
        "service": {"Id": "srv-p5zdwlg5uvvzjita", "Name": "web", "HealthCheckCustomConfig": {},
            "DnsConfig": {"RoutingPolicy": "MULTIVALUE", "DnsRecords": [{"Type": "A", "TTL": 60}, {"Type": "SRV", "TTL": 60}]}},
        "instances": instances,
        "query": {"name": "web.example.local", "type": "SRV"},
        "seed": 7
    })
}

const QUERY: &str = "attribute:ecs.instance-type =~ c5.* and attribute:ecs.availability-zone in [us-east-1a, us-east-1b] and not (attribute:stack == dev or runningTasksCount > 10)";

/// Ten container instances in three zones, six tasks, `[spread AZ, binpack memory]` and one
/// memberOf constraint.
fn placement_input() -> Value {
    let instances: Vec<_> = (0..10u32)
        .map(|i| {
            json!({"containerInstanceArn": format!("arn:aws:ecs:us-east-1:123456789012:container-instance/prod/{i:032x}"),
                "remainingResources": [{"name": "CPU", "type": "INTEGER", "integerValue": 2048},
                    {"name": "MEMORY", "type": "INTEGER", "integerValue": 3900 + 100 * i}],
                "attributes": [{"name": "ecs.availability-zone", "value": format!("us-east-1{}", ["a", "b", "c"][(i % 3) as usize])},
                    {"name": "ecs.instance-type", "value": "c5.large"},
                    {"name": "stack", "value": if i % 4 == 0 { "dev" } else { "prod" }}]})
        })
        .collect();
    json!({
        "containerInstances": instances,
        "taskDefinition": {"containerDefinitions": [{"name": "web", "cpu": 256, "memory": 512,
            "portMappings": [{"containerPort": 80}]}]},
        "count": 6,
        "placementStrategy": [{"type": "spread", "field": "attribute:ecs.availability-zone"},
            {"type": "binpack", "field": "memory"}],
        "placementConstraints": [{"type": "memberOf", "expression": "attribute:stack == prod"}],
        "seed": 7
    })
}

fn validation(c: &mut Criterion) {
    let mut group = c.benchmark_group("validate_text");
    let cases = [
        (
            "RegisterInstance/typical",
            "RegisterInstance",
            typical_register_instance(),
        ),
        (
            "RegisterInstance/largest",
            "RegisterInstance",
            largest_register_instance(),
        ),
        (
            "RegisterContainerInstance/typical",
            "RegisterContainerInstance",
            typical_register_container_instance(),
        ),
    ];
    for (name, operation, text) in &cases {
        let context = (*operation == "RegisterInstance").then_some(CONTEXT);
        let report = muster_core::validate_text(operation, text, context).unwrap();
        assert!(
            report.valid,
            "{name} must be valid: {:?}",
            report.diagnostics
        );
        group.throughput(Throughput::Bytes(text.len() as u64));
        group.bench_function(*name, |b| {
            b.iter(|| muster_core::validate_text(operation, black_box(text), context).unwrap());
        });
    }
    group.finish();
}

fn simulation(c: &mut Criterion) {
    let dns = dns_input();
    let answer = muster_core::api::simulate_dns(&dns).unwrap();
    assert!(serde_json::to_value(&answer).unwrap()["answer"].is_array());
    c.bench_function("simulate_dns/srv_20_instances", |b| {
        b.iter(|| muster_core::api::simulate_dns(black_box(&dns)).unwrap());
    });

    assert_eq!(muster_core::api::parse_cluster_query(QUERY)["valid"], true);
    c.bench_function("parse_cluster_query/four_clauses", |b| {
        b.iter(|| muster_core::api::parse_cluster_query(black_box(QUERY)));
    });

    let placement = placement_input();
    let plan = muster_core::api::simulate_placement(&placement).unwrap();
    assert_eq!(plan.plan.as_ref().unwrap().tasks.len(), 6);
    c.bench_function("simulate_placement/6_tasks_10_instances", |b| {
        b.iter(|| muster_core::api::simulate_placement(black_box(&placement)).unwrap());
    });
}

criterion_group!(benches, validation, simulation);
criterion_main!(benches);
