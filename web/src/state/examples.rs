//! Ready scenarios for the examples menu. Each one is valid where it says it is (the tests
//! below run its requests through muster_core), so an example never opens on a wall of errors.
//! They ship as scenario documents (`examples/*.json`, only what differs from the defaults), which
//! the tests build from code and check are up to date: data is smaller in the wasm than code.

use super::agent::AgentForm;
use super::cluster::Cluster;
use super::placement::PlacementInputs;
use super::scenario::Scenario;
use super::View;

/// One entry of the examples menu.
#[derive(Debug, Clone, Copy)]
pub struct Example {
    /// Stable name for test ids.
    pub slug: &'static str,
    pub title: &'static str,
    pub summary: &'static str,
    /// The view the example opens in.
    pub view: View,
    /// The scenario document; empty for one that `build` makes.
    document: &'static str,
    build: fn() -> Scenario,
}

impl Example {
    /// The example's scenario (the defaults if its document could not be read, which the tests
    /// rule out).
    pub fn scenario(self) -> Scenario {
        if self.document.is_empty() {
            return (self.build)();
        }
        Scenario::parse(self.document).unwrap_or_default()
    }
}

/// The menu, in order.
pub const EXAMPLES: [Example; 5] = [
    Example {
        slug: "seed",
        title: "RegisterInstance API example",
        summary: "The request from the AWS API reference, in a private DNS namespace with A and SRV records.",
        view: View::RegisterInstance,
        document: "",
        build: Scenario::default,
    },
    Example {
        slug: "srv",
        title: "SRV service",
        summary: "Three instances answering SRV queries with their ports, one of them unhealthy.",
        view: View::Registry,
        document: include_str!("examples/srv.json"),
        build: Scenario::default,
    },
    Example {
        slug: "alias",
        title: "Alias to a load balancer",
        summary: "A public WEIGHTED service whose instance is an AWS_ALIAS_DNS_NAME to an ELB.",
        view: View::RegisterInstance,
        document: include_str!("examples/alias.json"),
        build: Scenario::default,
    },
    Example {
        slug: "bridge",
        title: "Bridge-mode ECS service with service discovery",
        summary: "Dynamic host ports registered in Cloud Map through serviceRegistries containerName and containerPort.",
        view: View::Placement,
        document: include_str!("examples/bridge.json"),
        build: Scenario::default,
    },
    Example {
        slug: "three-az",
        title: "Cluster across three Availability Zones",
        summary: "Three container instances in us-east-1a, b and c, and a service spread over them.",
        view: View::Cluster,
        document: "",
        build: three_az,
    },
];

/// The three-zone example's CreateService request: spread over the zones, on instances with the
/// example's attribute.
const THREE_AZ_SERVICE: &str = r#"{
  "cluster": "prod",
  "serviceName": "web",
  "taskDefinition": "web:3",
  "desiredCount": 6,
  "launchType": "EC2",
  "placementStrategy": [
    {
      "type": "spread",
      "field": "attribute:ecs.availability-zone"
    },
    {
      "type": "binpack",
      "field": "memory"
    }
  ],
  "placementConstraints": [
    {
      "type": "memberOf",
      "expression": "attribute:stack == prod"
    }
  ],
  "serviceRegistries": [
    {
      "registryArn": "arn:aws:servicediscovery:us-east-1:123456789012:service/srv-e4anhexample0004",
      "containerName": "web",
      "containerPort": 8080
    }
  ]
}"#;

/// The agent presets of the three instances: one per zone.
fn three_az_agents() -> Vec<AgentForm> {
    ["us-east-1a", "us-east-1b", "us-east-1c"]
        .into_iter()
        .map(|zone| AgentForm {
            cluster: "prod".into(),
            zone: zone.into(),
            attributes: "stack=prod".into(),
            ..AgentForm::default()
        })
        .collect()
}

fn three_az() -> Scenario {
    let mut cluster = Cluster::new("prod", "us-east-1");
    let agents = three_az_agents();
    let mut ci_text = String::new();
    for agent in &agents {
        ci_text = agent.request_text().unwrap_or_default();
        // A request that cannot be sent leaves the cluster short, which the test catches.
        let _ = cluster.register(&ci_text);
    }
    cluster.last = None;
    let mut placement = PlacementInputs::default();
    placement.use_cluster(&cluster);
    THREE_AZ_SERVICE.clone_into(&mut placement.service);
    Scenario {
        agent: agents.last().cloned().unwrap_or_default(),
        ci_text,
        cluster,
        placement,
        ..Scenario::default()
    }
}

#[cfg(test)]
mod tests {
    use serde_json::{json, Value};

    use super::*;
    use crate::state::context::{
        ContextForm, HealthCheck, NamespaceChoice, Record, Records, Routing,
    };
    use crate::state::placement::Input;
    use crate::state::registry::{Instances, QuickAdd};
    use crate::state::simulate::QueryForm;

    /// Each example as code: the documents must be what these write.
    fn built(slug: &str) -> Scenario {
        match slug {
            "srv" => srv(),
            "alias" => alias(),
            "bridge" => bridge(),
            _ => Scenario::default(),
        }
    }

    fn document(slug: &str) -> String {
        let mut text = serde_json::to_string_pretty(&built(slug).to_minimal()).unwrap();
        text.push('\n');
        text
    }

    #[test]
    fn the_example_documents_are_up_to_date() {
        for example in EXAMPLES.iter().filter(|e| !e.document.is_empty()) {
            assert_eq!(
                example.document,
                document(example.slug),
                "examples/{}.json is out of date: run `cargo test -p muster-web --lib write_example_documents -- --ignored`",
                example.slug
            );
            assert_eq!(example.scenario(), built(example.slug));
        }
    }

    /// Writes the documents from the code below.
    #[test]
    #[ignore = "writes files"]
    fn write_example_documents() {
        for example in EXAMPLES.iter().filter(|e| !e.document.is_empty()) {
            let path = format!(
                "{}/src/state/examples/{}.json",
                env!("CARGO_MANIFEST_DIR"),
                example.slug
            );
            std::fs::write(path, document(example.slug)).unwrap();
        }
    }

    fn pretty(value: &Value) -> String {
        serde_json::to_string_pretty(value).unwrap_or_default()
    }

    fn object(value: Value) -> serde_json::Map<String, Value> {
        match value {
            Value::Object(map) => map,
            _ => serde_json::Map::new(),
        }
    }

    const SRV_SERVICE_ID: &str = "srv-e4anhexample0001";

    fn srv_request(n: u32, port: u32) -> Value {
        json!({
            "ServiceId": SRV_SERVICE_ID,
            "InstanceId": format!("api-{n}"),
            "Attributes": {
                "AWS_INSTANCE_IPV4": format!("10.0.2.{}", 10 + n),
                "AWS_INSTANCE_PORT": port.to_string(),
            }
        })
    }

    fn srv() -> Scenario {
        let context = ContextForm {
            namespace: NamespaceChoice::DnsPrivate,
            namespace_name: "corp.local".into(),
            service_name: "api".into(),
            routing: Routing::Multivalue,
            records: Records::of(&[Record::Srv]),
            health: HealthCheck::Custom,
            ..ContextForm::default()
        };
        let mut instances = Instances::default();
        for (n, port) in [(1, 8443), (2, 8443), (3, 9443)] {
            instances.register(object(srv_request(n, port)));
        }
        if let Some(key) = instances.entries().get(2).map(|e| e.key) {
            instances.set_health(
                key,
                muster_core::cloudmap::registry::HealthStatus::Unhealthy,
            );
        }
        let mut query = QueryForm::default();
        query.set_type("SRV");
        Scenario {
            text: pretty(&srv_request(4, 8443)),
            context,
            quick_add: QuickAdd::suggested(&instances),
            instances,
            query,
            ..Scenario::default()
        }
    }

    fn alias_request() -> Value {
        json!({
            "ServiceId": "srv-e4anhexample0002",
            "InstanceId": "web-alb",
            "Attributes": {
                "AWS_ALIAS_DNS_NAME": "web-alb-1234567890.us-east-1.elb.amazonaws.com"
            }
        })
    }

    fn alias() -> Scenario {
        let context = ContextForm {
            namespace: NamespaceChoice::DnsPublic,
            namespace_name: "example.com".into(),
            service_name: "www".into(),
            routing: Routing::Weighted,
            records: Records::of(&[Record::A]),
            health: HealthCheck::None,
            ..ContextForm::default()
        };
        let mut instances = Instances::default();
        instances.register(object(alias_request()));
        Scenario {
            text: pretty(&alias_request()),
            context,
            quick_add: QuickAdd::suggested(&instances),
            instances,
            ..Scenario::default()
        }
    }

    const API_REGISTRY_ARN: &str =
        "arn:aws:servicediscovery:us-east-1:123456789012:service/srv-e4anhexample0003";

    fn bridge() -> Scenario {
        let task_definition = json!({"taskDefinition": {
            "taskDefinitionArn": "arn:aws:ecs:us-east-1:123456789012:task-definition/orders:7",
            "family": "orders",
            "revision": 7,
            "networkMode": "bridge",
            "requiresCompatibilities": ["EC2"],
            "containerDefinitions": [
                {
                    "name": "orders",
                    "image": "public.ecr.aws/docker/library/httpd:2.4",
                    "cpu": 256,
                    "memory": 512,
                    "essential": true,
                    "portMappings": [{"containerPort": 8080, "hostPort": 0, "protocol": "tcp"}]
                },
                {
                    "name": "log-router",
                    "image": "public.ecr.aws/aws-observability/aws-for-fluent-bit:stable",
                    "cpu": 64,
                    "memory": 128,
                    "essential": false
                }
            ]
        }});
        let service = json!({
            "cluster": "prod",
            "serviceName": "orders",
            "taskDefinition": "orders:7",
            "desiredCount": 4,
            "launchType": "EC2",
            "placementStrategy": [
                {"type": "spread", "field": "attribute:ecs.availability-zone"},
                {"type": "spread", "field": "instanceId"}
            ],
            "serviceRegistries": [{
                "registryArn": API_REGISTRY_ARN,
                "containerName": "orders",
                "containerPort": 8080
            }]
        });
        let cloud_map = json!({
            "namespace": {
                "Id": "ns-e4anhexample0003",
                "Arn": "arn:aws:servicediscovery:us-east-1:123456789012:namespace/ns-e4anhexample0003",
                "Name": "prod.local",
                "Type": "DNS_PRIVATE",
                "Properties": {
                    "DnsProperties": {"HostedZoneId": "Z06752353VBUDTC32S84T"},
                    "HttpProperties": {"HttpName": "prod.local"}
                }
            },
            "service": {
                "Id": "srv-e4anhexample0003",
                "Arn": API_REGISTRY_ARN,
                "Name": "orders",
                "NamespaceId": "ns-e4anhexample0003",
                "DnsConfig": {
                    "RoutingPolicy": "MULTIVALUE",
                    "DnsRecords": [{"Type": "SRV", "TTL": 30}]
                },
                "HealthCheckCustomConfig": {}
            }
        });
        let defaults = PlacementInputs::default();
        Scenario {
            placement: PlacementInputs {
                service: pretty(&service),
                task_definition: pretty(&task_definition),
                cluster: defaults.cluster,
                cloud_map: pretty(&cloud_map),
                seed: "11".into(),
            },
            ..Scenario::default()
        }
    }

    fn by_slug(slug: &str) -> Scenario {
        EXAMPLES.iter().find(|e| e.slug == slug).unwrap().scenario()
    }

    /// The builder's request and every registered instance pass muster_core's RegisterInstance
    /// validation against the example's service.
    fn cloud_map_is_valid(s: &Scenario) {
        let report = crate::state::check(&s.text, &s.context).unwrap();
        assert!(report.valid, "{:?}", report.diagnostics);
        for entry in s.instances.entries() {
            let text = Value::Object(entry.request.clone()).to_string();
            let report = crate::state::check(&text, &s.context).unwrap();
            assert!(
                report.valid,
                "{}: {:?}",
                entry.instance_id(),
                report.diagnostics
            );
        }
    }

    /// The placement inputs validate and every task is placed.
    fn placement_is_valid(s: &Scenario) {
        let report = s.placement.check_service().unwrap();
        assert!(report.valid, "{:?}", report.diagnostics);
        for input in [Input::TaskDefinition, Input::Cluster, Input::CloudMap] {
            let check = s.placement.check(input);
            assert!(check.is_ok(), "{input:?}: {check:?}");
        }
        let plan = s.placement.plan().unwrap();
        assert!(plan.valid && plan.error.is_none(), "{:?}", plan.error);
        assert_eq!(plan.unplaced, 0, "{:?}", plan.failures);
        assert!(plan.placed > 0 && !plan.registrations.is_empty());
    }

    #[test]
    fn every_example_round_trips_as_a_scenario() {
        for example in EXAMPLES {
            let s = example.scenario();
            assert_eq!(
                Scenario::parse(&s.to_pretty()).unwrap(),
                s,
                "{}",
                example.slug
            );
            let link = super::super::scenario::encode_link(&s);
            assert_eq!(super::super::scenario::decode_link(&link).unwrap(), s);
        }
        let slugs: std::collections::HashSet<&str> = EXAMPLES.iter().map(|e| e.slug).collect();
        assert_eq!(slugs.len(), EXAMPLES.len());
    }

    #[test]
    fn the_seed_example_is_the_default_and_valid() {
        let s = by_slug("seed");
        assert_eq!(s, Scenario::default());
        cloud_map_is_valid(&s);
    }

    #[test]
    fn the_srv_example_is_valid_and_answers_srv() {
        let s = by_slug("srv");
        cloud_map_is_valid(&s);
        assert_eq!(s.instances.len(), 3);
        assert!(s.context.records.contains(Record::Srv));
        let setup =
            crate::state::simulate::Setup::new(&s.context, Some(SRV_SERVICE_ID), &s.instances)
                .unwrap();
        let answer = crate::state::simulate::query(&setup, &s.query, &s.context.fqdn()).unwrap();
        let answer = serde_json::to_value(&answer).unwrap().to_string();
        assert!(
            answer.contains("SRV") && answer.contains("8443"),
            "{answer}"
        );
    }

    #[test]
    fn the_alias_example_is_valid() {
        let s = by_slug("alias");
        cloud_map_is_valid(&s);
        assert!(s.text.contains("AWS_ALIAS_DNS_NAME"));
        assert_eq!(s.context.routing, Routing::Weighted);
    }

    #[test]
    fn the_bridge_example_is_valid_and_registers_its_tasks() {
        let s = by_slug("bridge");
        assert!(s.placement.task_definition.contains("\"bridge\""));
        assert!(s
            .placement
            .service
            .contains("\"containerName\": \"orders\""));
        placement_is_valid(&s);
    }

    #[test]
    fn the_three_az_example_registers_three_valid_instances_in_three_zones() {
        for agent in three_az_agents() {
            let text = agent.request_text().unwrap();
            let report =
                muster_core::validate_text("RegisterContainerInstance", &text, None).unwrap();
            assert!(report.valid, "{:?}", report.diagnostics);
        }
        let s = by_slug("three-az");
        assert_eq!(s.cluster.state.container_instances.len(), 3);
        let describe = s.cluster.state.describe();
        let zones: std::collections::BTreeSet<&str> = describe["containerInstances"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|ci| ci["attributes"].as_array().unwrap().iter())
            .filter(|a| a["name"] == "ecs.availability-zone")
            .filter_map(|a| a["value"].as_str())
            .collect();
        assert_eq!(zones.len(), 3, "{zones:?}");
        placement_is_valid(&s);
    }
}
