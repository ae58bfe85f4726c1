//! A task definition as `DescribeTaskDefinition` returns it, and what one task of it reserves on
//! a container instance: CPU units, MiB of memory, GPUs and host ports.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::model::Attribute;

/// Placement constraint in a task definition or a request (`memberOf` / `distinctInstance`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct PlacementConstraint {
    #[serde(default, rename = "type")]
    pub constraint_type: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expression: Option<String>,
}

/// One entry of `placementStrategy`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct PlacementStrategy {
    #[serde(default, rename = "type")]
    pub strategy_type: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct PortMapping {
    #[serde(default)]
    pub container_port: Option<i64>,
    #[serde(default)]
    pub host_port: Option<i64>,
    #[serde(default)]
    pub protocol: Option<String>,
    #[serde(default)]
    pub name: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct ResourceRequirement {
    #[serde(default, rename = "type")]
    pub requirement_type: String,
    #[serde(default)]
    pub value: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct ContainerDefinition {
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub cpu: Option<i64>,
    #[serde(default)]
    pub memory: Option<i64>,
    #[serde(default)]
    pub memory_reservation: Option<i64>,
    #[serde(default)]
    pub port_mappings: Vec<PortMapping>,
    #[serde(default)]
    pub resource_requirements: Vec<ResourceRequirement>,
}

/// The members of a task definition placement reads; the rest of DescribeTaskDefinition's
/// output is accepted and ignored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct TaskDefinition {
    #[serde(default)]
    pub family: Option<String>,
    #[serde(default)]
    pub revision: Option<i64>,
    #[serde(default)]
    pub task_definition_arn: Option<String>,
    #[serde(default)]
    pub network_mode: Option<String>,
    #[serde(default)]
    pub container_definitions: Vec<ContainerDefinition>,
    /// A string in the API (`"256"`, or `"1 vCPU"` as RegisterTaskDefinition accepts); a number
    /// is read too.
    #[serde(default, deserialize_with = "string_or_number")]
    pub cpu: Option<String>,
    #[serde(default, deserialize_with = "string_or_number")]
    pub memory: Option<String>,
    #[serde(default)]
    pub requires_attributes: Vec<Attribute>,
    #[serde(default)]
    pub placement_constraints: Vec<PlacementConstraint>,
    #[serde(default)]
    pub requires_compatibilities: Vec<String>,
}

fn string_or_number<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    match Value::deserialize(d)? {
        Value::Null => Ok(None),
        Value::String(s) => Ok(Some(s)),
        Value::Number(n) => Ok(Some(n.to_string())),
        other => Err(serde::de::Error::custom(format!(
            "must be a string such as \"512\", not {}",
            crate::shape::describe(&other)
        ))),
    }
}

/// How the task's containers reach the network.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum NetworkMode {
    Bridge,
    Host,
    Awsvpc,
    None,
}

impl NetworkMode {
    pub fn as_str(self) -> &'static str {
        match self {
            NetworkMode::Bridge => "bridge",
            NetworkMode::Host => "host",
            NetworkMode::Awsvpc => "awsvpc",
            NetworkMode::None => "none",
        }
    }
}

/// One port a container publishes, and on which host port.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PortNeed {
    pub container_name: String,
    pub container_port: u16,
    /// `None`: a dynamic host port (bridge mode with `hostPort` 0 or absent).
    pub host_port: Option<u16>,
    pub udp: bool,
}

/// What one task reserves on the instance it lands on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Requirement {
    pub cpu: i64,
    pub memory: i64,
    pub gpu: i64,
    pub ports: Vec<PortNeed>,
}

impl Requirement {
    /// Static host ports of one protocol.
    pub fn static_ports(&self, udp: bool) -> impl Iterator<Item = u16> + '_ {
        self.ports
            .iter()
            .filter(move |p| p.udp == udp)
            .filter_map(|p| p.host_port)
    }
}

impl TaskDefinition {
    /// Reads a task definition or a whole `describe-task-definition` output.
    pub fn from_value(value: &Value) -> Result<Self, String> {
        let inner = value.get("taskDefinition").unwrap_or(value);
        if !inner.is_object() {
            return Err(format!(
                "taskDefinition must be an object (the taskDefinition of describe-task-definition), not {}",
                crate::shape::describe(inner)
            ));
        }
        Self::deserialize(inner).map_err(|e| format!("taskDefinition: {e}"))
    }

    /// `networkMode`; ECS uses bridge on Linux EC2 instances when it is absent.
    pub fn network_mode(&self) -> Result<NetworkMode, String> {
        match self.network_mode.as_deref() {
            None | Some("bridge") => Ok(NetworkMode::Bridge),
            Some("host") => Ok(NetworkMode::Host),
            Some("awsvpc") => Ok(NetworkMode::Awsvpc),
            Some("none") => Ok(NetworkMode::None),
            Some(other) => Err(format!(
                "taskDefinition.networkMode {other:?} is not bridge, host, awsvpc or none"
            )),
        }
    }

    /// The group RunTask gives a task of this definition when none is named.
    pub fn default_group(&self) -> String {
        let family = self.family.clone().or_else(|| {
            self.task_definition_arn
                .as_deref()
                .and_then(|arn| arn.rsplit('/').next())
                .and_then(|tail| tail.split(':').next())
                .map(str::to_owned)
        });
        format!("family:{}", family.unwrap_or_else(|| "task".to_owned()))
    }

    /// What one task reserves. Task-level `cpu`/`memory` win over the containers' sums, as ECS
    /// reserves the task size when it is given; a container reserves `memoryReservation` when set,
    /// otherwise its hard `memory` limit.
    pub fn requirement(&self) -> Result<Requirement, String> {
        let mode = self.network_mode()?;
        let cpu = match &self.cpu {
            Some(text) => parse_cpu(text)?,
            None => self
                .container_definitions
                .iter()
                .map(|c| c.cpu.unwrap_or(0).max(0))
                .sum(),
        };
        let memory = match &self.memory {
            Some(text) => parse_memory(text)?,
            None => self
                .container_definitions
                .iter()
                .map(|c| c.memory_reservation.or(c.memory).unwrap_or(0).max(0))
                .sum(),
        };
        let mut gpu = 0_i64;
        let mut ports = Vec::new();
        for container in &self.container_definitions {
            for requirement in &container.resource_requirements {
                if requirement.requirement_type == "GPU" {
                    let count: i64 = requirement.value.trim().parse().map_err(|_| {
                        format!(
                            "container {:?}: the GPU resourceRequirement value {:?} is not a whole number",
                            container.name, requirement.value
                        )
                    })?;
                    gpu = gpu.saturating_add(count.max(0));
                }
            }
            for mapping in &container.port_mappings {
                let Some(container_port) = mapping.container_port else {
                    continue;
                };
                let container_port = port_number(container_port).ok_or_else(|| {
                    format!(
                        "container {:?}: containerPort {container_port} is not a port number",
                        container.name
                    )
                })?;
                let udp = mapping
                    .protocol
                    .as_deref()
                    .is_some_and(|p| p.eq_ignore_ascii_case("udp"));
                let host_port = match mode {
                    NetworkMode::Awsvpc | NetworkMode::None => continue,
                    NetworkMode::Host => Some(container_port),
                    NetworkMode::Bridge => match mapping.host_port {
                        None | Some(0) => None,
                        Some(port) => Some(port_number(port).ok_or_else(|| {
                            format!(
                                "container {:?}: hostPort {port} is not a port number",
                                container.name
                            )
                        })?),
                    },
                };
                ports.push(PortNeed {
                    container_name: container.name.clone(),
                    container_port,
                    host_port,
                    udp,
                });
            }
        }
        Ok(Requirement {
            cpu,
            memory,
            gpu,
            ports,
        })
    }
}

fn port_number(value: i64) -> Option<u16> {
    u16::try_from(value).ok().filter(|p| *p > 0)
}

/// `"256"`, `"1 vCPU"`, `"0.5 vcpu"` as CPU units.
pub fn parse_cpu(text: &str) -> Result<i64, String> {
    parse_unit(text, &["vcpu"], 1024.0).ok_or_else(|| {
        format!("taskDefinition.cpu {text:?} is not CPU units (\"256\") or vCPUs (\"1 vCPU\")")
    })
}

/// `"512"`, `"1 GB"`, `"0.5GB"` as MiB.
pub fn parse_memory(text: &str) -> Result<i64, String> {
    parse_unit(text, &["gb"], 1024.0).ok_or_else(|| {
        format!("taskDefinition.memory {text:?} is not MiB (\"512\") or GB (\"1 GB\")")
    })
}

fn parse_unit(text: &str, units: &[&str], factor: f64) -> Option<i64> {
    let lower = text.trim().to_ascii_lowercase();
    if let Ok(plain) = lower.parse::<i64>() {
        return (plain >= 0).then_some(plain);
    }
    let number = crate::text::parse_decimal(
        units
            .iter()
            .find_map(|unit| lower.strip_suffix(unit))?
            .trim(),
    )?;
    let scaled = (number * factor).round();
    #[allow(clippy::cast_possible_truncation)] // checked to be a small non-negative whole number
    (number.is_finite() && (0.0..1e12).contains(&scaled)).then_some(scaled as i64)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn task_size_wins_over_container_sums() {
        let td = TaskDefinition::from_value(&json!({"taskDefinition": {
            "family": "web", "cpu": "1 vCPU", "memory": "0.5 GB",
            "containerDefinitions": [{"name": "a", "cpu": 10, "memory": 64}]
        }}))
        .unwrap();
        let r = td.requirement().unwrap();
        assert_eq!((r.cpu, r.memory), (1024, 512));
        assert_eq!(td.default_group(), "family:web");
    }

    #[test]
    fn containers_reserve_memory_reservation_before_memory() {
        let td = TaskDefinition::from_value(&json!({
            "containerDefinitions": [
                {"name": "a", "cpu": 128, "memory": 512, "memoryReservation": 256},
                {"name": "b", "cpu": 64, "memory": 128,
                 "resourceRequirements": [{"type": "GPU", "value": "2"}]}
            ]
        }))
        .unwrap();
        let r = td.requirement().unwrap();
        assert_eq!((r.cpu, r.memory, r.gpu), (192, 384, 2));
    }

    #[test]
    fn host_ports_follow_the_network_mode() {
        let mappings = json!([
            {"containerPort": 80, "hostPort": 0},
            {"containerPort": 53, "hostPort": 5353, "protocol": "udp"},
            {"containerPort": 443}
        ]);
        let ports = |mode: &str| {
            TaskDefinition::from_value(&json!({"networkMode": mode,
                "containerDefinitions": [{"name": "c", "portMappings": mappings}]}))
            .unwrap()
            .requirement()
            .unwrap()
            .ports
            .iter()
            .map(|p| (p.container_port, p.host_port, p.udp))
            .collect::<Vec<_>>()
        };
        assert_eq!(
            ports("bridge"),
            vec![
                (80, None, false),
                (53, Some(5353), true),
                (443, None, false)
            ]
        );
        assert_eq!(
            ports("host"),
            vec![
                (80, Some(80), false),
                (53, Some(53), true),
                (443, Some(443), false)
            ]
        );
        assert!(ports("awsvpc").is_empty());
    }

    #[test]
    fn bad_sizes_are_errors_not_zero() {
        for bad in ["lots", "-1", "1 TB", "NaN vcpu"] {
            assert!(parse_cpu(bad).is_err(), "{bad}");
        }
        assert_eq!(parse_memory("2GB"), Ok(2048));
        let td = TaskDefinition::from_value(&json!({"networkMode": "overlay"})).unwrap();
        assert!(td.requirement().is_err());
        assert!(TaskDefinition::from_value(&json!("web:1")).is_err());
    }
}
