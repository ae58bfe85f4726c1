//! Simulation benchmarks at the quotas: 100,000 DNS queries against a service with 1,000
//! instances. Prints one JSON object of figures (run by scripts/bench).

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::cast_precision_loss
)]

use std::time::Instant;

use serde_json::json;

fn dns_input(queries: u64) -> serde_json::Value {
    let instances: Vec<_> = (0..1000)
        .map(|i: u32| {
            json!({"InstanceId": format!("task-{i}"),
                "Attributes": {"AWS_INSTANCE_IPV4": format!("10.{}.{}.{}", (i >> 8) & 255, i & 255, (i % 250) + 1),
                    "AWS_INSTANCE_PORT": (8000 + i % 1000).to_string()},
                "HealthStatus": if i.is_multiple_of(10) { "UNHEALTHY" } else { "HEALTHY" }})
        })
        .collect();
    json!({
        "namespace": {"Name": "example.local", "Type": "DNS_PRIVATE"},
        "service": {"Id": "srv-p5zdwlg5uvvzjita", "Name": "web", "HealthCheckCustomConfig": {},
            "DnsConfig": {"RoutingPolicy": "MULTIVALUE", "DnsRecords": [{"Type": "A", "TTL": 60}, {"Type": "SRV", "TTL": 60}]}},
        "instances": instances,
        "query": {"name": "web.example.local", "type": "A"},
        "queries": queries,
        "seed": 7
    })
}

fn main() {
    let warm = muster_core::api::dns_distribution(&dns_input(1000)).unwrap();
    assert_eq!(warm.instances.len(), 1000);
    let input = dns_input(100_000);
    let start = Instant::now();
    let result = muster_core::api::dns_distribution(&input).unwrap();
    let batch_ms = start.elapsed().as_secs_f64() * 1000.0;
    assert_eq!(result.queries, 100_000);

    let single = dns_input(1);
    let calls = 200;
    let start = Instant::now();
    for _ in 0..calls {
        std::hint::black_box(muster_core::api::simulate_dns(&json!({
            "namespace": single["namespace"], "service": single["service"], "instances": single["instances"], "query": single["query"]
        })).unwrap());
    }
    let per_call_ms = start.elapsed().as_secs_f64() * 1000.0 / f64::from(calls);
    println!(
        "{}",
        json!({"dns100kQueriesMs": batch_ms, "simulateDnsCallAtQuotaMs": per_call_ms})
    );
}
