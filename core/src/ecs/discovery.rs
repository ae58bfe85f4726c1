//! The Cloud Map registrations ECS makes for a service's tasks (`serviceRegistries`): one
//! RegisterInstance per task, with the instance ID set to the task ID.
//!
//! Attributes, as ECS sets them (ECS developer guide, service-discovery.md):
//! - `AWS_INSTANCE_IPV4`: for bridge and host networking the container instance's private IP
//!   (tasks share it, so the port tells them apart); for awsvpc the task's own ENI address.
//! - `AWS_INSTANCE_PORT`: the host port mapped to `containerPort` (bridge/host), or `port` /
//!   `containerPort` (awsvpc); absent when the registry names no port.
//! - `AVAILABILITY_ZONE`, `REGION`, `ECS_CLUSTER_NAME`, `ECS_SERVICE_NAME`,
//!   `ECS_TASK_DEFINITION_FAMILY`, and `EC2_INSTANCE_ID` (the container instance the task was
//!   placed on; not added for Fargate); `AWS_INIT_HEALTH_STATUS` = HEALTHY only when the Cloud
//!   Map service has a custom health check, the one case Cloud Map accepts it.
//!
//! Neither DescribeContainerInstances nor the task shows IP addresses, so a container
//! instance's IP comes from a `privateIpAddress` member the caller may add to it; otherwise, and
//! for awsvpc ENIs, muster makes up a stable private address (10.0.0.0/16 for instances,
//! 10.1.0.0/16 for task ENIs) and says so in `simulatedAddresses`.

use serde::Serialize;
use serde_json::{Map, Value};

use super::placement::{Node, PlacedTask};
use super::taskdef::NetworkMode;
use crate::cloudmap::Service as CloudMapService;

/// A service registry, as CreateService takes it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Registry {
    pub registry_arn: Option<String>,
    pub port: Option<u16>,
    pub container_name: Option<String>,
    pub container_port: Option<u16>,
}

impl Registry {
    pub fn from_value(value: &Value) -> Self {
        let port = |name: &str| {
            value
                .get(name)
                .and_then(Value::as_u64)
                .and_then(|p| u16::try_from(p).ok())
        };
        Self {
            registry_arn: value
                .get("registryArn")
                .and_then(Value::as_str)
                .map(str::to_owned),
            port: port("port"),
            container_name: value
                .get("containerName")
                .and_then(Value::as_str)
                .map(str::to_owned),
            container_port: port("containerPort"),
        }
    }
}

/// What ECS knows when it registers a task.
#[derive(Debug, Clone)]
pub struct ServiceFacts<'a> {
    pub cluster_name: &'a str,
    pub service_name: &'a str,
    pub family: &'a str,
    pub network_mode: NetworkMode,
    pub registry: &'a Registry,
    pub cloud_map_service: &'a CloudMapService,
}

/// The container instances' ARNs, private IPs and EC2 instance IDs, in cluster order (made-up
/// addresses are numbered by that order).
#[derive(Debug, Clone, Default)]
pub struct NodeAddresses(Vec<NodeAddress>);

#[derive(Debug, Clone, Default)]
struct NodeAddress {
    arn: String,
    private_ip: Option<String>,
    ec2_instance_id: Option<String>,
}

impl NodeAddresses {
    pub fn of(nodes: &[Node]) -> Self {
        Self(
            nodes
                .iter()
                .map(|n| NodeAddress {
                    arn: n.arn.clone(),
                    private_ip: n.private_ip.clone(),
                    ec2_instance_id: n.ec2_instance_id.clone(),
                })
                .collect(),
        )
    }
}

/// One RegisterInstance request ECS would send, and whether its IP is made up.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Registration {
    pub task_arn: String,
    pub request: Value,
    pub simulated_address: bool,
}

/// The RegisterInstance requests for the placed tasks.
pub fn registrations(
    facts: &ServiceFacts<'_>,
    tasks: &[PlacedTask],
    nodes: &NodeAddresses,
) -> Vec<Registration> {
    let index: std::collections::HashMap<&str, usize> = nodes
        .0
        .iter()
        .enumerate()
        .map(|(i, node)| (node.arn.as_str(), i))
        .collect();
    let service_id = facts
        .cloud_map_service
        .id
        .clone()
        .or_else(|| {
            facts
                .registry
                .registry_arn
                .as_deref()
                .and_then(super::service::registry_service_id)
                .map(str::to_owned)
        })
        .unwrap_or_else(|| "srv-unknown".to_owned());
    let custom_health = facts.cloud_map_service.health_check_custom_config.is_some();
    if facts.network_mode == NetworkMode::None {
        // No address to register (ECS042 refuses such a service).
        return Vec::new();
    }
    tasks
        .iter()
        .enumerate()
        .map(|(task_index, task)| {
            let node_index = index
                .get(task.container_instance_arn.as_str())
                .copied()
                .unwrap_or(0);
            let node = nodes.0.get(node_index);
            let private_ip = node.and_then(|n| n.private_ip.clone());
            let (ip, simulated) = match facts.network_mode {
                NetworkMode::Awsvpc | NetworkMode::None => (eni_address(task_index), true),
                NetworkMode::Bridge | NetworkMode::Host => private_ip
                    .map_or_else(|| (instance_address(node_index), true), |ip| (ip, false)),
            };
            let port = match facts.network_mode {
                NetworkMode::Awsvpc | NetworkMode::None => {
                    facts.registry.port.or(facts.registry.container_port)
                }
                NetworkMode::Bridge | NetworkMode::Host => {
                    facts.registry.container_port.and_then(|wanted| {
                        task.host_ports
                            .iter()
                            .find(|p| {
                                p.container_port == wanted
                                    && facts
                                        .registry
                                        .container_name
                                        .as_deref()
                                        .is_none_or(|n| n == p.container_name)
                            })
                            .map(|p| p.host_port)
                    })
                }
            };
            let mut attributes = Map::new();
            let mut put = |key: &str, value: String| {
                attributes.insert(key.to_owned(), Value::String(value));
            };
            put("AWS_INSTANCE_IPV4", ip);
            if let Some(port) = port {
                put("AWS_INSTANCE_PORT", port.to_string());
            }
            if custom_health {
                put("AWS_INIT_HEALTH_STATUS", "HEALTHY".to_owned());
            }
            if let Some(zone) = &task.availability_zone {
                put("AVAILABILITY_ZONE", zone.clone());
            }
            put("REGION", region(task));
            put("ECS_CLUSTER_NAME", facts.cluster_name.to_owned());
            put("ECS_SERVICE_NAME", facts.service_name.to_owned());
            put("ECS_TASK_DEFINITION_FAMILY", facts.family.to_owned());
            // Not added for Fargate tasks, which muster does not place.
            if let Some(id) = node.and_then(|n| n.ec2_instance_id.clone()) {
                put("EC2_INSTANCE_ID", id);
            }
            let task_id = task.task_arn.rsplit('/').next().unwrap_or_default();
            let mut request = Map::new();
            request.insert("ServiceId".to_owned(), Value::String(service_id.clone()));
            request.insert("InstanceId".to_owned(), Value::String(task_id.to_owned()));
            request.insert("Attributes".to_owned(), Value::Object(attributes));
            Registration {
                task_arn: task.task_arn.clone(),
                request: Value::Object(request),
                simulated_address: simulated,
            }
        })
        .collect()
}

/// The Region of the task: from its ARN.
fn region(task: &PlacedTask) -> String {
    task.task_arn
        .split(':')
        .nth(3)
        .filter(|r| !r.is_empty())
        .unwrap_or("us-east-1")
        .to_owned()
}

/// A stable made-up private address for the n-th container instance: 10.0.x.y.
fn instance_address(index: usize) -> String {
    let n = index + 10;
    format!("10.0.{}.{}", (n / 250) % 256, n % 250 + 1)
}

/// A stable made-up ENI address for the n-th task: 10.1.x.y.
fn eni_address(index: usize) -> String {
    let n = index + 10;
    format!("10.1.{}.{}", (n / 250) % 256, n % 250 + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn made_up_addresses_are_distinct_and_private() {
        let all: std::collections::HashSet<String> = (0..5000).map(instance_address).collect();
        assert_eq!(all.len(), 5000);
        assert!(all.iter().all(|a| a.starts_with("10.0.")));
        assert_ne!(eni_address(0), instance_address(0));
    }
}
