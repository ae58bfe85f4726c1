//! The fuzz targets' entry points (run by `cargo fuzz` in fuzz/ and, for every saved input, by
//! core/tests/fuzz_regressions.rs): arbitrary bytes into each public entry point. Each call must
//! return a result or a clear error; a panic, a hang or an abort is the bug the fuzzer looks for.

use serde_json::Value;

/// The fuzz targets, by name (one `fuzz/fuzz_targets/<name>.rs` each).
pub const TARGETS: [&str; 5] = [
    "validate",
    "cluster_query",
    "import",
    "simulators",
    "export",
];

/// Runs one target on one input. Unknown names do nothing.
pub fn run_target(name: &str, data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    match name {
        "validate" => validate(data),
        "cluster_query" => cluster_query(&text),
        "import" => {
            let _ = crate::api::import_request(&text, None, None);
            // Every input through the YAML reader too, which detection sends only `key:` text.
            let _ = crate::api::import_request(&text, Some("cli-input-yaml"), None);
        }
        "simulators" => simulators(data),
        "export" => export(data),
        _ => {}
    }
}

/// The first byte picks the operation; the rest is the request text.
fn validate(data: &[u8]) {
    let Some((first, rest)) = data.split_first() else {
        return;
    };
    let operations = crate::Operation::ALL;
    let operation = operations
        .get(usize::from(*first) % operations.len())
        .copied()
        .unwrap_or(crate::Operation::RegisterInstance);
    let text = String::from_utf8_lossy(rest);
    let _ = crate::validate_text(operation.name(), &text, None);
    // The rules that read a service, a namespace or a task definition run only with a context:
    // the input against a full one, and the input as the context of a valid request.
    let (context, request) = match operation {
        crate::Operation::RegisterInstance
        | crate::Operation::CreateService
        | crate::Operation::Service
        | crate::Operation::DiscoverInstances
        | crate::Operation::Namespace => (CLOUD_MAP_CONTEXT, CLOUD_MAP_REQUEST),
        _ => (ECS_CONTEXT, ECS_REQUEST),
    };
    let _ = crate::validate_text(operation.name(), &text, Some(context));
    let _ = crate::validate_text(operation.name(), request, Some(&text));
    if let (Ok(request), Ok(context)) = (
        serde_json::from_str::<Value>(&text),
        serde_json::from_str::<Value>(context),
    ) {
        let _ = crate::api::preview_response(operation.name(), &request, Some(&context));
    }
    parsers_agree(&text);
}

/// A Cloud Map context that turns on every context rule: A, AAAA and SRV records, WEIGHTED
/// routing (alias), a custom health check and a DNS namespace.
const CLOUD_MAP_CONTEXT: &str = r#"{"service": {"Id": "srv-p5zdwlg5uvvzjita",
    "Arn": "arn:aws:servicediscovery:us-east-1:123456789012:service/srv-p5zdwlg5uvvzjita",
    "Name": "web", "NamespaceId": "ns-abcdefghijklmnop", "CreateDate": "2024-01-01T00:00:00Z",
    "DnsConfig": {"RoutingPolicy": "WEIGHTED", "DnsRecords": [{"Type": "A", "TTL": 60},
    {"Type": "AAAA", "TTL": 60}, {"Type": "SRV", "TTL": 60}]},
    "HealthCheckCustomConfig": {"FailureThreshold": 1}},
    "namespace": {"Id": "ns-abcdefghijklmnop", "Name": "example.local", "Type": "DNS_PRIVATE",
    "Properties": {"DnsProperties": {"SOA": {"TTL": 15}}}}}"#;

const CLOUD_MAP_REQUEST: &str = r#"{"ServiceId": "srv-p5zdwlg5uvvzjita", "InstanceId": "i-2",
    "CreatorRequestId": "r-1", "Attributes": {"AWS_INSTANCE_IPV4": "10.0.0.2",
    "AWS_INSTANCE_IPV6": "2001:db8::2", "AWS_INSTANCE_PORT": "8080", "AWS_INIT_HEALTH_STATUS": "HEALTHY"}}"#;

/// A bridge-mode task definition and an SRV Cloud Map service, for the ECS service rules.
const ECS_CONTEXT: &str = r#"{"taskDefinition": {"family": "web", "networkMode": "bridge",
    "containerDefinitions": [{"name": "web", "cpu": 256, "memory": 512,
    "portMappings": [{"containerPort": 8080, "hostPort": 0}]}]},
    "cloudMapService": {"Id": "srv-e4anhexample0004",
    "Arn": "arn:aws:servicediscovery:us-east-1:123456789012:service/srv-e4anhexample0004",
    "Name": "web", "DnsConfig": {"RoutingPolicy": "MULTIVALUE", "DnsRecords": [{"Type": "SRV", "TTL": 60}]}}}"#;

const ECS_REQUEST: &str = r#"{"cluster": "prod", "serviceName": "web", "taskDefinition": "web:3",
    "desiredCount": 2, "serviceRegistries": [{"registryArn":
    "arn:aws:servicediscovery:us-east-1:123456789012:service/srv-e4anhexample0004",
    "containerName": "web", "containerPort": 8080}]}"#;

/// The validators' fast parser must read exactly what serde_json reads: the same documents,
/// the same values, the same repeated keys. A disagreement is a bug, so it stops the fuzzer.
fn parsers_agree(text: &str) {
    let slow = crate::shape::parse_json_with_duplicates(text);
    let agree = crate::json::with_arena(|arena| {
        let fast = crate::json::parse(text, arena, crate::shape::duplicate_key);
        match (&fast, &slow) {
            (Some((tree, fast_duplicates)), Ok((value, slow_duplicates))) => {
                *tree == crate::json::Value::convert(value, arena)
                    && fast_duplicates == slow_duplicates
            }
            (None, Err(_)) => true,
            _ => false,
        }
    });
    assert!(
        agree,
        "the fast JSON parser and serde_json disagree on {text:?}"
    );
}

/// Parses the expression and, when it parses, places tasks with it as a memberOf constraint.
fn cluster_query(text: &str) {
    let parsed = crate::api::parse_cluster_query(text);
    if parsed.get("valid") == Some(&Value::Bool(true)) {
        let instance = |id: &str, zone: &str| {
            serde_json::json!({
                "containerInstanceArn": format!("arn:aws:ecs:us-east-1:123456789012:container-instance/f/{id}"),
                "ec2InstanceId": "i-0123456789abcdef0", "registeredAt": 1_700_000_000,
                "versionInfo": {"agentVersion": "1.80.0"}, "runningTasksCount": 1,
                "remainingResources": [{"name": "CPU", "type": "INTEGER", "integerValue": 1024},
                    {"name": "MEMORY", "type": "INTEGER", "integerValue": 1024}],
                "attributes": [{"name": "ecs.availability-zone", "value": zone},
                    {"name": "ecs.instance-type", "value": "t3.small"}, {"name": "flag"}],
                "tasks": [{"taskArn": "t", "group": "service:db", "lastStatus": "RUNNING"}]
            })
        };
        let _ = crate::api::simulate_placement(&serde_json::json!({
            "containerInstances": [instance("a", "us-east-1a"), instance("b", "us-east-1b")],
            "taskDefinition": {"containerDefinitions": [{"name": "c", "cpu": 1, "memory": 1}]},
            "count": 3,
            "placementConstraints": [{"type": "memberOf", "expression": text}],
        }));
    }
}

/// The input is JSON for one simulator, picked by the first byte.
fn simulators(data: &[u8]) {
    let Some((first, rest)) = data.split_first() else {
        return;
    };
    let Ok(input) = serde_json::from_slice::<Value>(rest) else {
        return;
    };
    let _ = match first % 6 {
        0 => crate::api::simulate_dns(&input).map(|_| ()),
        1 => crate::api::discover_instances(&input).map(|_| ()),
        2 => crate::api::simulate_placement(&input).map(|_| ()),
        3 => crate::api::plan_service(&input).map(|_| ()),
        4 => crate::api::simulate_cluster(&input).map(|_| ()),
        _ => crate::api::dns_distribution(&input).map(|_| ()),
    };
}

/// The first byte picks the operation and the second the format; the rest is the request.
fn export(data: &[u8]) {
    let (Some(op), Some(format), Some(rest)) = (data.first(), data.get(1), data.get(2..)) else {
        return;
    };
    let Ok(request) = serde_json::from_slice::<Value>(rest) else {
        return;
    };
    let operations = crate::Operation::ALL;
    let formats = crate::api::export_formats();
    let (Some(operation), Some(format)) = (
        operations.get(usize::from(*op) % operations.len()),
        formats.get(usize::from(*format) % formats.len().max(1)),
    ) else {
        return;
    };
    let allow = serde_json::json!({ "allowInvalid": true });
    if let Ok(out) = crate::api::export_request(operation.name(), &request, format, Some(&allow)) {
        let _ = crate::api::import_request(&out.text, None, Some(operation.name()));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The fixed contexts are read, not refused as contexts, and the fixed requests are valid
    /// against them: otherwise the fuzzer would only ever reach the InvalidContext error.
    #[test]
    fn fixed_requests_are_valid_against_the_fixed_contexts() {
        for (operation, request, context) in [
            ("RegisterInstance", CLOUD_MAP_REQUEST, CLOUD_MAP_CONTEXT),
            ("ecs:CreateService", ECS_REQUEST, ECS_CONTEXT),
        ] {
            let report = crate::validate_text(operation, request, Some(context))
                .unwrap_or_else(|e| panic!("{operation}: {e:?}"));
            assert!(report.valid, "{operation}: {:?}", report.diagnostics);
        }
    }
}
