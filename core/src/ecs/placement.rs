//! ECS task placement on EC2 container instances: which instance each task lands on, why every
//! other instance was passed over, and which tasks a service stops when it scales in.
//!
//! The order is ECS's ([TP] task-placement.md): instances that are ACTIVE with a connected agent;
//! that fit the task's CPU, memory, GPUs and host ports; that carry the task definition's
//! `requiresAttributes`; that satisfy every constraint (`memberOf`, `distinctInstance`); then the
//! strategies, chained so each later one breaks the ties of the earlier ones. Remaining ties are
//! broken at random from the seed: ECS does not document its tie-break, and a seeded choice keeps
//! the same input giving the same plan.
//!
//! Choices where AWS is silent, each tested below:
//! - Dynamic host ports (bridge mode, `hostPort` 0 or absent) come from 49153–65535, the range
//!   ECS documents for when the instance's ephemeral range is unknown. They are not added to
//!   `PORTS`: ECS tracks only static host ports there.
//! - GPUs are read from a `GPU` entry of `remainingResources` (a STRINGSET of GPU IDs, or an
//!   INTEGER count).
//! - Instances without the spread attribute share one bucket (the attribute's absence).
//! - Placed tasks are counted in `runningTasksCount`, the state once they have started.
//! - An instance given with `registeredResources` but no `remainingResources` has all of them
//!   left (nothing is taken as used), rather than none.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};

use serde::Serialize;
use serde_json::{json, Value};

use super::model::Attribute;
use super::query::{self, Expression, Facts};
use super::taskdef::{PlacementConstraint, PlacementStrategy, Requirement, TaskDefinition};
use crate::order::heap_sort_by;
use crate::rng::Rng;

/// The lowest dynamic host port ECS hands out when the instance's ephemeral range is unknown.
pub const DYNAMIC_PORT_START: u16 = 49153;
/// Tasks per service (the ECS quota), the most one plan places.
pub const MAX_TASKS: usize = 5000;
/// Container instances per cluster (the ECS quota).
pub const MAX_INSTANCES: usize = 5000;
/// Reserved host ports per instance, TCP and UDP together ("Too many ports"): "A container
/// instance can have up to 100 reserved ports at a time. This number includes the default
/// reserved ports" (the ECS model's PortMapping.hostPort).
pub const MAX_RESERVED_PORTS: usize = 100;
/// Instance verdicts the default explanation holds: tasks × instances. At 5,000 instances that is
/// two tasks; at 100 or fewer, ten. `explainTasks` asks for more.
pub const DEFAULT_EXPLAINED_VERDICTS: usize = 10_000;

/// How many tasks are explained instance by instance when the caller does not say.
pub fn default_explained_tasks(instances: usize) -> usize {
    (DEFAULT_EXPLAINED_VERDICTS / instances.max(1)).clamp(1, 10)
}

/// A strategy, parsed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Strategy {
    BinpackCpu,
    BinpackMemory,
    SpreadInstance,
    SpreadAttribute(String),
    Random,
}

impl Strategy {
    /// Reads a `placementStrategy` entry; `None` when it is not one ECS accepts (the validator
    /// reports why).
    pub fn parse(strategy: &PlacementStrategy) -> Option<Self> {
        let field = strategy.field.as_deref().unwrap_or_default();
        match strategy.strategy_type.as_str() {
            "random" => Some(Strategy::Random),
            "binpack" if field.eq_ignore_ascii_case("cpu") => Some(Strategy::BinpackCpu),
            "binpack" if field.eq_ignore_ascii_case("memory") => Some(Strategy::BinpackMemory),
            "spread" if field == "instanceId" || field == "host" => Some(Strategy::SpreadInstance),
            "spread" => field
                .strip_prefix("attribute:")
                .filter(|name| !name.is_empty())
                .map(|name| Strategy::SpreadAttribute(name.to_owned())),
            _ => None,
        }
    }

    /// `spread(attribute:ecs.availability-zone)`, as the explanation names it.
    pub fn label(&self) -> String {
        match self {
            Strategy::BinpackCpu => "binpack(cpu)".to_owned(),
            Strategy::BinpackMemory => "binpack(memory)".to_owned(),
            Strategy::SpreadInstance => "spread(instanceId)".to_owned(),
            Strategy::SpreadAttribute(name) => format!("spread(attribute:{name})"),
            Strategy::Random => "random".to_owned(),
        }
    }

    /// The chain ECS uses when none is given: AZ then instance spread for services (the REPLICA
    /// scheduler's documented default), random for RunTask.
    pub fn defaults(for_service: bool) -> Vec<Strategy> {
        if for_service {
            vec![
                Strategy::SpreadAttribute(AZ_ATTRIBUTE.to_owned()),
                Strategy::SpreadInstance,
            ]
        } else {
            vec![Strategy::Random]
        }
    }
}

/// The attribute ECS sets to the instance's Availability Zone.
pub const AZ_ATTRIBUTE: &str = "ecs.availability-zone";

/// A constraint, parsed.
#[derive(Debug, Clone, PartialEq)]
pub enum Constraint {
    MemberOf {
        expression: Expression,
        text: String,
    },
    DistinctInstance,
}

impl Constraint {
    /// Reads a constraint; `Err` carries the message for an unusable one.
    pub fn parse(constraint: &PlacementConstraint) -> Result<Self, String> {
        match constraint.constraint_type.as_str() {
            "distinctInstance" => Ok(Constraint::DistinctInstance),
            "memberOf" => {
                let text = constraint.expression.clone().unwrap_or_default();
                let expression = query::parse(&text)
                    .map_err(|e| format!("memberOf expression {text:?}: {e}"))?;
                Ok(Constraint::MemberOf { expression, text })
            }
            other => Err(format!(
                "placement constraint type {other:?} is not memberOf or distinctInstance"
            )),
        }
    }

    fn label(&self) -> String {
        match self {
            Constraint::MemberOf { text, .. } => format!("memberOf({text})"),
            Constraint::DistinctInstance => "distinctInstance".to_owned(),
        }
    }

    fn is_dynamic(&self) -> bool {
        match self {
            Constraint::MemberOf { expression, .. } => expression.is_dynamic(),
            Constraint::DistinctInstance => true,
        }
    }
}

/// The first rule that removed an instance, in the order ECS applies them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Stage {
    Status,
    Agent,
    Cpu,
    Memory,
    Gpu,
    Ports,
    Attribute,
    Constraint(usize),
}

impl Stage {
    /// ECS's failure `reason` for a task that found no instance, at this stage.
    fn reason(self, constraints: &[Constraint]) -> String {
        match self {
            Stage::Status => "INACTIVE".to_owned(),
            Stage::Agent => "AGENT".to_owned(),
            Stage::Cpu => "RESOURCE:CPU".to_owned(),
            Stage::Memory => "RESOURCE:MEMORY".to_owned(),
            Stage::Gpu => "RESOURCE:GPU".to_owned(),
            Stage::Ports => "RESOURCE:PORTS".to_owned(),
            Stage::Attribute => "ATTRIBUTE".to_owned(),
            Stage::Constraint(i) => match constraints.get(i) {
                Some(Constraint::DistinctInstance) => {
                    "DistinctInstance placement constraint unsatisfied".to_owned()
                }
                _ => "MemberOf placement constraint unsatisfied".to_owned(),
            },
        }
    }

    /// The tail of the service event sentence ECS logs for the closest instance.
    fn event_tail(self, constraints: &[Constraint]) -> String {
        match self {
            Stage::Cpu => "has insufficient CPU units available".to_owned(),
            Stage::Memory => "has insufficient memory available".to_owned(),
            Stage::Gpu => "has insufficient GPU available".to_owned(),
            Stage::Ports => "is already using a port required by your task".to_owned(),
            Stage::Attribute => "is missing an attribute required by your task".to_owned(),
            other => format!("encountered error \"{}\"", other.reason(constraints)),
        }
    }

    /// The rule's name in the explanation.
    fn rule(self, constraints: &[Constraint]) -> String {
        match self {
            Stage::Status => "status".to_owned(),
            Stage::Constraint(i) => constraints
                .get(i)
                .map_or_else(|| "constraint".to_owned(), Constraint::label),
            other => other.reason(constraints),
        }
    }
}

/// A container instance during placement.
#[derive(Debug, Clone)]
pub struct Node {
    pub arn: String,
    pub ec2_instance_id: Option<String>,
    pub status: String,
    pub agent_connected: bool,
    pub cpu: i64,
    pub memory: i64,
    pub gpus: Vec<String>,
    tcp: HashSet<u16>,
    udp: HashSet<u16>,
    dynamic_used: HashSet<u16>,
    pub attributes: Vec<Attribute>,
    pub agent_version: Option<String>,
    pub registered_at: Option<f64>,
    pub running: u64,
    /// Task groups of every task on the instance.
    groups: Vec<String>,
    /// Tasks listed on the instance itself (muster's cluster state): ARN and group.
    listed_tasks: Vec<(String, String)>,
    /// Tasks of the placed group on this instance, oldest first.
    pub group_tasks: Vec<String>,
    /// Not in the ECS shape: the EC2 private IPv4 address, when the caller gives it.
    pub private_ip: Option<String>,
}

impl Node {
    pub fn id(&self) -> &str {
        self.arn.rsplit('/').next().unwrap_or_default()
    }

    pub fn attribute_value(&self, name: &str) -> Option<&str> {
        self.attributes
            .iter()
            .find(|a| a.name == name)
            .and_then(|a| a.value.as_deref())
    }

    pub fn availability_zone(&self) -> Option<&str> {
        self.attribute_value(AZ_ATTRIBUTE)
    }

    fn from_value(value: &Value, index: usize) -> Result<Self, String> {
        let what = format!("containerInstances[{index}]");
        let object = value.as_object().ok_or_else(|| {
            format!("{what} must be an object (a DescribeContainerInstances entry)")
        })?;
        let text = |name: &str| object.get(name).and_then(Value::as_str).map(str::to_owned);
        let arn = text("containerInstanceArn")
            .ok_or_else(|| format!("{what} has no containerInstanceArn"))?;
        let attributes: Vec<Attribute> = match object.get("attributes") {
            None | Some(Value::Null) => Vec::new(),
            Some(list) => serde_json::from_value(list.clone())
                .map_err(|e| format!("{what}.attributes: {e}"))?,
        };
        let mut node = Node {
            arn,
            ec2_instance_id: text("ec2InstanceId"),
            status: text("status").unwrap_or_else(|| "ACTIVE".to_owned()),
            agent_connected: object
                .get("agentConnected")
                .and_then(Value::as_bool)
                .unwrap_or(true),
            cpu: 0,
            memory: 0,
            gpus: Vec::new(),
            tcp: HashSet::new(),
            udp: HashSet::new(),
            dynamic_used: HashSet::new(),
            attributes,
            agent_version: object
                .get("versionInfo")
                .and_then(|v| v.get("agentVersion"))
                .and_then(Value::as_str)
                .map(str::to_owned),
            registered_at: match object.get("registeredAt") {
                Some(Value::Number(n)) => n.as_f64(),
                Some(Value::String(s)) => super::cluster::parse_timestamp(s),
                _ => None,
            },
            running: ["runningTasksCount", "pendingTasksCount"]
                .iter()
                .filter_map(|k| object.get(*k).and_then(Value::as_u64))
                .sum(),
            groups: Vec::new(),
            listed_tasks: Vec::new(),
            group_tasks: Vec::new(),
            private_ip: text("privateIpAddress"),
        };
        // describe-container-instances gives both lists. Given only the registered amounts,
        // the instance is taken as running nothing yet: all of them remain.
        let resources = object
            .get("remainingResources")
            .or_else(|| object.get("registeredResources"))
            .and_then(Value::as_array)
            .map(Vec::as_slice)
            .unwrap_or_default();
        for resource in resources {
            let name = resource
                .get("name")
                .and_then(Value::as_str)
                .unwrap_or_default();
            let number = resource
                .get("integerValue")
                .and_then(Value::as_i64)
                .or_else(|| resource.get("longValue").and_then(Value::as_i64))
                .unwrap_or(0);
            let set = crate::shape::string_list(resource, "stringSetValue");
            let ports = || set.iter().filter_map(|p| p.trim().parse::<u16>().ok());
            match name {
                "CPU" => node.cpu = number,
                "MEMORY" => node.memory = number,
                "PORTS" => node.tcp = ports().collect(),
                "PORTS_UDP" => node.udp = ports().collect(),
                "GPU" if !set.is_empty() => node.gpus.clone_from(&set),
                "GPU" => node.gpus = gpu_ids(number),
                _ => {}
            }
        }
        // muster's cluster state keeps the tasks on the instance; use their groups too.
        if let Some(tasks) = object.get("tasks").and_then(Value::as_array) {
            for task in tasks {
                if task.get("lastStatus").and_then(Value::as_str) == Some("STOPPED") {
                    continue;
                }
                if let Some(group) = task.get("group").and_then(Value::as_str) {
                    node.groups.push(group.to_owned());
                    let arn = task
                        .get("taskArn")
                        .and_then(Value::as_str)
                        .unwrap_or_default();
                    node.listed_tasks.push((arn.to_owned(), group.to_owned()));
                }
            }
        }
        Ok(node)
    }

    /// The instance in the DescribeContainerInstances shape, with remaining resources and task
    /// counts as the plan leaves them.
    pub fn to_api(&self, raw: &Value) -> Value {
        self.owned_to_api(raw.clone())
    }

    /// `to_api` on an instance the caller already owns, which saves a copy.
    fn owned_to_api(&self, mut out: Value) -> Value {
        let had_gpu = out.get("remainingResources").is_some_and(|r| {
            r.as_array()
                .is_some_and(|l| l.iter().any(|e| e.get("name") == Some(&json!("GPU"))))
        });
        if let Some(object) = out.as_object_mut() {
            object.remove("tasks");
            let mut ports: Vec<u16> = self.tcp.iter().copied().collect();
            heap_sort_by(&mut ports, |a, b| a < b);
            let mut udp: Vec<u16> = self.udp.iter().copied().collect();
            heap_sort_by(&mut udp, |a, b| a < b);
            let strings = |ports: Vec<u16>| -> Vec<String> {
                ports.into_iter().map(|p| p.to_string()).collect()
            };
            let mut remaining = vec![
                resource_int("CPU", self.cpu),
                resource_int("MEMORY", self.memory),
                resource_set("PORTS", &strings(ports)),
                resource_set("PORTS_UDP", &strings(udp)),
            ];
            if !self.gpus.is_empty() || had_gpu {
                remaining.push(resource_set("GPU", &self.gpus));
            }
            object.insert("remainingResources".to_owned(), Value::Array(remaining));
            object.insert("runningTasksCount".to_owned(), json!(self.running));
            object.insert("pendingTasksCount".to_owned(), json!(0));
        }
        out
    }

    /// The first rule that removes this instance for a task, or `None` when it can take one.
    fn reject(
        &self,
        need: &Requirement,
        required: &[Attribute],
        constraints: &[Constraint],
        group: &str,
        dynamic_only: bool,
    ) -> Option<(Stage, String)> {
        if !dynamic_only {
            if self.status != "ACTIVE" {
                return Some((Stage::Status, format!("the instance is {}", self.status)));
            }
            if !self.agent_connected {
                return Some((
                    Stage::Agent,
                    "the container agent is not connected".to_owned(),
                ));
            }
        }
        if need.cpu > self.cpu {
            return Some((
                Stage::Cpu,
                format!("needs {} CPU units, {} remain", need.cpu, self.cpu),
            ));
        }
        if need.memory > self.memory {
            return Some((
                Stage::Memory,
                format!(
                    "needs {} MiB of memory, {} MiB remain",
                    need.memory, self.memory
                ),
            ));
        }
        if usize::try_from(need.gpu).unwrap_or(usize::MAX) > self.gpus.len() {
            return Some((
                Stage::Gpu,
                format!("needs {} GPUs, {} remain", need.gpu, self.gpus.len()),
            ));
        }
        let mut wanted = 0;
        for udp in [false, true] {
            let used = if udp { &self.udp } else { &self.tcp };
            let protocol = if udp { "UDP" } else { "TCP" };
            for (i, port) in need.static_ports(udp).enumerate() {
                if used.contains(&port) {
                    return Some((
                        Stage::Ports,
                        format!("{protocol} host port {port} is already in use"),
                    ));
                }
                // Two containers of the task on one host port: no instance can give it twice.
                if need.static_ports(udp).take(i).any(|p| p == port) {
                    return Some((
                        Stage::Ports,
                        format!("the task maps {protocol} host port {port} more than once"),
                    ));
                }
                wanted += 1;
            }
        }
        if wanted > 0 && self.tcp.len() + self.udp.len() + wanted > MAX_RESERVED_PORTS {
            return Some((
                Stage::Ports,
                format!(
                    "would have more than {MAX_RESERVED_PORTS} reserved host ports, TCP and UDP together (Too many ports)"
                ),
            ));
        }
        if !dynamic_only {
            if let Some(missing) = required.iter().find(|a| !self.has_attribute(a)) {
                let value = missing
                    .value
                    .as_deref()
                    .map_or_else(String::new, |v| format!(" = {v}"));
                return Some((
                    Stage::Attribute,
                    format!("lacks the required attribute {}{value}", missing.name),
                ));
            }
        }
        for (i, constraint) in constraints.iter().enumerate() {
            if dynamic_only && !constraint.is_dynamic() {
                continue;
            }
            let ok = match constraint {
                Constraint::DistinctInstance => !self.groups.iter().any(|g| g == group),
                Constraint::MemberOf { expression, .. } => expression.evaluate(self),
            };
            if !ok {
                let detail = match constraint {
                    Constraint::DistinctInstance => {
                        format!("already runs a task of the group {group}")
                    }
                    Constraint::MemberOf { text, .. } => {
                        format!("does not match {text}{}", self.network_attribute_hint(text))
                    }
                };
                return Some((Stage::Constraint(i), detail));
            }
        }
        None
    }

    /// Why an expression on `ecs.vpc-id` or `ecs.subnet-id` may fail here only: ECS sets those
    /// from the instance's network, which neither a RegisterContainerInstance request nor its
    /// identity document carries, so an instance registered in muster lacks them.
    fn network_attribute_hint(&self, expression: &str) -> String {
        ["ecs.vpc-id", "ecs.subnet-id"]
            .into_iter()
            .find(|name| expression.contains(name) && self.attribute(name).is_none())
            .map_or_else(String::new, |name| {
                format!(" (the instance has no {name}: ECS sets it from the instance's network, which the registration request does not carry; add it to the instance's attributes to plan with it)")
            })
    }

    fn has_attribute(&self, wanted: &Attribute) -> bool {
        self.attributes.iter().any(|a| {
            a.name == wanted.name
                && (wanted.value.is_none() || a.value.as_deref() == wanted.value.as_deref())
        })
    }

    fn next_dynamic_port(&mut self, udp: bool) -> u16 {
        let mut port = DYNAMIC_PORT_START;
        loop {
            let taken = self.dynamic_used.contains(&port)
                || if udp {
                    self.udp.contains(&port)
                } else {
                    self.tcp.contains(&port)
                };
            if !taken || port == u16::MAX {
                self.dynamic_used.insert(port);
                return port;
            }
            port += 1;
        }
    }
}

impl Facts for Node {
    fn attribute(&self, name: &str) -> Option<Option<&str>> {
        self.attributes
            .iter()
            .find(|a| a.name == name)
            .map(|a| a.value.as_deref())
    }
    fn agent_connected(&self) -> bool {
        self.agent_connected
    }
    fn agent_version(&self) -> Option<&str> {
        self.agent_version.as_deref()
    }
    fn ec2_instance_id(&self) -> Option<&str> {
        self.ec2_instance_id.as_deref()
    }
    fn registered_at(&self) -> Option<f64> {
        self.registered_at
    }
    fn running_tasks_count(&self) -> u64 {
        self.running
    }
    fn task_groups(&self) -> Vec<&str> {
        self.groups.iter().map(String::as_str).collect()
    }
}

/// Made-up IDs for a GPU count given as a number.
fn gpu_ids(count: i64) -> Vec<String> {
    (0..count.clamp(0, 64))
        .map(|i| format!("gpu-{i}"))
        .collect()
}

fn resource_int(name: &str, value: i64) -> Value {
    json!({"name": name, "type": "INTEGER", "doubleValue": 0.0, "longValue": 0, "integerValue": value})
}

fn resource_set(name: &str, values: &[String]) -> Value {
    json!({"name": name, "type": "STRINGSET", "doubleValue": 0.0, "longValue": 0, "integerValue": 0, "stringSetValue": values})
}

/// A task already in the cluster (DescribeTasks shape: `taskArn`, `containerInstanceArn`,
/// `group`, `lastStatus`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ExistingTask {
    pub task_arn: String,
    pub container_instance_arn: String,
    pub group: Option<String>,
}

/// One host port a placed task got.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct HostPort {
    pub container_name: String,
    pub container_port: u16,
    pub host_port: u16,
    pub protocol: &'static str,
}

/// A task placed by the plan.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PlacedTask {
    pub task_arn: String,
    pub container_instance_arn: String,
    pub group: String,
    pub host_ports: Vec<HostPort>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub availability_zone: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub gpu_ids: Vec<String>,
}

/// A task the plan could not place, as RunTask reports it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Failure {
    /// The closest matching container instance.
    pub arn: String,
    pub reason: String,
    pub detail: String,
}

/// One instance, as one task's placement saw it.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct InstanceVerdict {
    pub container_instance_arn: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub availability_zone: Option<String>,
    /// The first rule that removed the instance, if one did.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub removed_by: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    /// For survivors: each strategy's score (lower is better), in chain order.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub scores: Option<Vec<i64>>,
    pub chosen: bool,
}

/// One task's placement, instance by instance.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TaskExplanation {
    /// 1-based, in placement order.
    pub task: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub container_instance_arn: Option<String>,
    pub candidates: usize,
    pub instances: Vec<InstanceVerdict>,
}

/// Why the plan came out as it did.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Explanation {
    pub requirement: Requirement,
    pub network_mode: &'static str,
    pub group: String,
    pub strategies: Vec<String>,
    /// True when ECS's default chain was used because none was given.
    pub default_strategy: bool,
    pub constraints: Vec<String>,
    pub tasks: Vec<TaskExplanation>,
    /// Tasks placed but not explained instance by instance (see `explainTasks`).
    pub unexplained_tasks: usize,
    /// What the score of each strategy means.
    pub score_legend: Vec<String>,
}

/// A task a scale-in stops.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct StoppedTask {
    pub task_arn: String,
    pub container_instance_arn: String,
}

/// An ECS API error the call would get instead of a placement.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PlacementError {
    pub code: &'static str,
    pub message: String,
}

/// The outcome of one plan.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Plan {
    pub tasks: Vec<PlacedTask>,
    pub failures: Vec<Failure>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub stopped_tasks: Vec<StoppedTask>,
    /// The service events ECS would log.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub events: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<PlacementError>,
    pub container_instances: Vec<Value>,
    pub explanation: Explanation,
}

/// Everything one placement needs, already parsed.
#[derive(Debug, Clone)]
pub struct Setup<'a> {
    pub nodes: Vec<Node>,
    /// The instances as given, which the plan returns updated. Borrowed for a plan made in one
    /// call; owned when the plan outlives its input (see `into_owned`).
    pub raw: Cow<'a, [Value]>,
    pub task_definition: TaskDefinition,
    pub requirement: Requirement,
    pub constraints: Vec<Constraint>,
    pub strategies: Vec<Strategy>,
    pub default_strategy: bool,
    pub group: String,
    pub seed: u64,
    pub explain_tasks: usize,
}

impl<'a> Setup<'a> {
    /// Reads the instances (a list or a whole describe-container-instances output) and the
    /// existing tasks (a list or a describe-tasks output), and builds the placement state.
    /// Constraints and strategies must already be valid (see `service::check_placement`).
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        instances: &'a Value,
        tasks: Option<&Value>,
        task_definition: TaskDefinition,
        constraints: &[PlacementConstraint],
        strategies: &[PlacementStrategy],
        group: Option<&str>,
        seed: u64,
        explain_tasks: Option<usize>,
    ) -> Result<Self, String> {
        let list = instances
            .get("containerInstances")
            .unwrap_or(instances)
            .as_array()
            .ok_or_else(|| {
                "containerInstances must be a list of DescribeContainerInstances entries".to_owned()
            })?;
        if list.len() > MAX_INSTANCES {
            return Err(format!(
                "containerInstances has {} entries; a cluster holds at most {MAX_INSTANCES}",
                list.len()
            ));
        }
        let mut nodes = list
            .iter()
            .enumerate()
            .map(|(i, v)| Node::from_value(v, i))
            .collect::<Result<Vec<_>, _>>()?;
        let requirement = task_definition.requirement()?;
        let group = group.map_or_else(|| task_definition.default_group(), str::to_owned);
        let mut all_constraints = Vec::new();
        for constraint in task_definition
            .placement_constraints
            .iter()
            .chain(constraints)
        {
            all_constraints.push(Constraint::parse(constraint)?);
        }
        let default_strategy = strategies.is_empty();
        let strategies = if default_strategy {
            Strategy::defaults(group.starts_with("service:"))
        } else {
            strategies
                .iter()
                .map(|s| {
                    Strategy::parse(s).ok_or_else(|| {
                        format!(
                            "placement strategy {} {:?} is not one ECS accepts",
                            s.strategy_type,
                            s.field.as_deref().unwrap_or_default()
                        )
                    })
                })
                .collect::<Result<Vec<_>, _>>()?
        };
        if let Some(tasks) = tasks {
            let index: HashMap<String, usize> = nodes
                .iter()
                .enumerate()
                .flat_map(|(i, n)| [(n.arn.clone(), i), (n.id().to_owned(), i)])
                .collect();
            for task in read_tasks(tasks)? {
                let Some(&node) = index.get(&task.container_instance_arn).or_else(|| {
                    index.get(
                        task.container_instance_arn
                            .rsplit('/')
                            .next()
                            .unwrap_or_default(),
                    )
                }) else {
                    continue;
                };
                if let Some(node) = nodes.get_mut(node) {
                    if let Some(task_group) = &task.group {
                        node.groups.push(task_group.clone());
                        if *task_group == group {
                            node.group_tasks.push(task.task_arn.clone());
                        }
                    }
                }
            }
        }
        for node in &mut nodes {
            for (arn, task_group) in &node.listed_tasks {
                if *task_group == group && !node.group_tasks.contains(arn) {
                    node.group_tasks.push(arn.clone());
                }
            }
        }
        Ok(Self {
            raw: Cow::Borrowed(list),
            task_definition,
            requirement,
            constraints: all_constraints,
            strategies,
            default_strategy,
            group,
            seed,
            explain_tasks: explain_tasks.unwrap_or_else(|| default_explained_tasks(nodes.len())),
            nodes,
        })
    }

    /// The same setup with its own copy of the instances, for a plan that runs in steps after
    /// its input is gone.
    pub fn into_owned(self) -> Setup<'static> {
        Setup {
            nodes: self.nodes,
            raw: Cow::Owned(self.raw.into_owned()),
            task_definition: self.task_definition,
            requirement: self.requirement,
            constraints: self.constraints,
            strategies: self.strategies,
            default_strategy: self.default_strategy,
            group: self.group,
            seed: self.seed,
            explain_tasks: self.explain_tasks,
        }
    }
}

fn read_tasks(tasks: &Value) -> Result<Vec<ExistingTask>, String> {
    let list = tasks
        .get("tasks")
        .unwrap_or(tasks)
        .as_array()
        .ok_or_else(|| "tasks must be a list of DescribeTasks entries".to_owned())?;
    let mut out = Vec::new();
    for (i, task) in list.iter().enumerate() {
        let text = |name: &str| task.get(name).and_then(Value::as_str).map(str::to_owned);
        if text("lastStatus").is_some_and(|s| s == "STOPPED" || s == "DEPROVISIONING") {
            continue;
        }
        out.push(ExistingTask {
            task_arn: text("taskArn").unwrap_or_else(|| format!("task-{i}")),
            container_instance_arn: text("containerInstanceArn")
                .ok_or_else(|| format!("tasks[{i}] has no containerInstanceArn"))?,
            group: text("group"),
        });
    }
    Ok(out)
}

/// The Region, account and cluster of the instances' ARNs, for task ARNs.
fn arn_parts(nodes: &[Node]) -> (String, String, String) {
    let arn = nodes.first().map(|n| n.arn.as_str()).unwrap_or_default();
    let mut parts = arn.splitn(6, ':');
    let region = parts.nth(3).unwrap_or("us-east-1").to_owned();
    let account = parts.next().unwrap_or("123456789012").to_owned();
    let cluster = cluster_in_arn(arn).unwrap_or("default");
    (region, account, cluster.to_owned())
}

/// The cluster a container-instance ARN names: only the new format
/// (`container-instance/CLUSTER/ID`) has one. The ID is not checked, so any instance given to
/// placement answers.
pub fn cluster_in_arn(arn: &str) -> Option<&str> {
    let resource = arn.splitn(6, ':').nth(5)?;
    let mut parts = resource.split('/');
    match (parts.next(), parts.next(), parts.next(), parts.next()) {
        (Some(_), Some(cluster), Some(_), None) => Some(cluster),
        _ => None,
    }
}

/// Runs the plan: places `count` tasks, or stops `stop` tasks of the group.
pub fn plan(setup: Setup, count: usize, stop: usize) -> Plan {
    Planner::new(setup, count, stop).finish()
}

/// How far a plan has got: tasks stopped or placed (or found unplaceable) out of those asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Progress {
    pub done: usize,
    pub total: usize,
}

impl Progress {
    pub fn is_finished(self) -> bool {
        self.done >= self.total
    }
}

/// Where a `Planner` is: scale-in comes first, then placement.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Phase {
    Stopping,
    Placing,
    Done,
}

/// A plan that runs in steps, so a caller with a deadline (a browser tab that must keep
/// answering) can place a few tasks at a time, report progress and stop early. Run to the end,
/// it produces exactly what `plan` does: `plan` is this, run in one go.
#[derive(Debug, Clone)]
pub struct Planner<'a> {
    setup: Setup<'a>,
    rng: Rng,
    /// `arn:aws:ecs:REGION:ACCOUNT:task/CLUSTER/`, the task ARNs' common start.
    task_prefix: String,
    required: Vec<Attribute>,
    count: usize,
    stop: usize,
    phase: Phase,
    /// Scale-in steps or tasks done, as `Progress::done`.
    done: usize,
    /// The next task to place, 1-based.
    next_task: usize,
    standing: Standing,
    /// Which instances can take one more task; static rules are checked once per instance,
    /// and after a task lands only that instance's dynamic rules can change.
    feasible: Vec<bool>,
    candidates: Vec<usize>,
    spare: Vec<usize>,
    tasks: Vec<PlacedTask>,
    failures: Vec<Failure>,
    stopped: Vec<StoppedTask>,
    events: Vec<String>,
    explained: Vec<TaskExplanation>,
    error: Option<PlacementError>,
}

impl<'a> Planner<'a> {
    /// Prepares a plan that places `count` tasks after stopping `stop` tasks of the group.
    pub fn new(setup: Setup<'a>, count: usize, stop: usize) -> Self {
        let rng = Rng::stream(setup.seed, "placement");
        let (region, account, cluster) = arn_parts(&setup.nodes);
        let required = setup.task_definition.requires_attributes.clone();
        Self {
            task_prefix: format!(
                "arn:{}:ecs:{region}:{account}:task/{cluster}/",
                crate::text::partition_of(&region)
            ),
            rng,
            required,
            count,
            stop,
            phase: Phase::Stopping,
            done: 0,
            next_task: 1,
            // Placement builds its own once scale-in is over.
            standing: if stop > 0 {
                Standing::new(&setup)
            } else {
                Standing::default()
            },
            feasible: Vec::new(),
            candidates: Vec::with_capacity(setup.nodes.len()),
            spare: Vec::with_capacity(setup.nodes.len()),
            tasks: Vec::new(),
            failures: Vec::new(),
            stopped: Vec::new(),
            events: Vec::new(),
            explained: Vec::new(),
            error: None,
            setup,
        }
    }

    /// The same plan with its own copy of the instances (see `Setup::into_owned`).
    pub fn into_owned(self) -> Planner<'static> {
        Planner {
            setup: self.setup.into_owned(),
            rng: self.rng,
            task_prefix: self.task_prefix,
            required: self.required,
            count: self.count,
            stop: self.stop,
            phase: self.phase,
            done: self.done,
            next_task: self.next_task,
            standing: self.standing,
            feasible: self.feasible,
            candidates: self.candidates,
            spare: self.spare,
            tasks: self.tasks,
            failures: self.failures,
            stopped: self.stopped,
            events: self.events,
            explained: self.explained,
            error: self.error,
        }
    }

    /// Tasks done out of tasks asked for (stops and placements together).
    pub fn progress(&self) -> Progress {
        Progress {
            done: self.done,
            total: self.stop.saturating_add(self.count),
        }
    }

    /// Whether the plan stops tasks (a scale-in) rather than places them.
    pub fn scales_in(&self) -> bool {
        self.stop > 0
    }

    /// Stops or places at most `budget` more tasks. A task that cannot be placed ends the plan:
    /// every task after it fails the same way, so they all count as done at once.
    pub fn advance(&mut self, budget: usize) -> Progress {
        let mut left = budget;
        while left > 0 {
            match self.phase {
                Phase::Stopping if self.done >= self.stop => {
                    self.start_placing();
                    continue;
                }
                Phase::Stopping => self.stop_one(),
                Phase::Placing => self.place_next(),
                Phase::Done => break,
            }
            left -= 1;
        }
        self.progress()
    }

    /// Runs what is left and returns the plan.
    pub fn finish(mut self) -> Plan {
        self.advance(usize::MAX);
        let setup = self.setup;
        let explanation = explain_plan(&setup, self.explained, self.tasks.len());
        let container_instances = match setup.raw {
            Cow::Borrowed(raw) => setup
                .nodes
                .iter()
                .zip(raw)
                .map(|(node, raw)| node.to_api(raw))
                .collect(),
            Cow::Owned(raw) => setup
                .nodes
                .iter()
                .zip(raw)
                .map(|(node, raw)| node.owned_to_api(raw))
                .collect(),
        };
        Plan {
            tasks: self.tasks,
            failures: self.failures,
            stopped_tasks: self.stopped,
            events: self.events,
            error: self.error,
            container_instances,
            explanation,
        }
    }

    /// Scale-in, one task: stops a task of the group on the instance the strategy chain ranks
    /// first for removal. binpack stops the task on the instance that will have the most of the
    /// resource left afterwards; spread stops from the bucket (AZ, instance) with the most of
    /// the group's tasks, keeping them balanced; remaining ties are broken at random ([TPS]).
    fn stop_one(&mut self) {
        let setup = &mut self.setup;
        let candidates = &mut self.candidates;
        candidates.clear();
        candidates.extend(
            setup
                .nodes
                .iter()
                .enumerate()
                .filter(|(_, n)| !n.group_tasks.is_empty())
                .map(|(i, _)| i),
        );
        if candidates.is_empty() {
            // Nothing of the group is left to stop.
            self.done = self.stop;
            self.start_placing();
            return;
        }
        for s in 0..setup.strategies.len() {
            if setup.strategies.get(s) == Some(&Strategy::Random) || candidates.len() <= 1 {
                break;
            }
            // Highest load first: the opposite end of the placement score.
            self.standing.narrow(s, false, candidates, &mut self.spare);
        }
        let node = candidates
            .get(self.rng.below(candidates.len()))
            .copied()
            .unwrap_or(0);
        self.standing.add(node, -1, &setup.requirement);
        self.done += 1;
        let requirement = &setup.requirement;
        let group = &setup.group;
        if let Some(n) = setup.nodes.get_mut(node) {
            let Some(task_arn) = n.group_tasks.pop() else {
                return;
            };
            n.cpu += requirement.cpu;
            n.memory += requirement.memory;
            for port in requirement.static_ports(false) {
                n.tcp.remove(&port);
            }
            for port in requirement.static_ports(true) {
                n.udp.remove(&port);
            }
            n.running = n.running.saturating_sub(1);
            if let Some(pos) = n.groups.iter().position(|g| g == group) {
                n.groups.remove(pos);
            }
            self.stopped.push(StoppedTask {
                task_arn,
                container_instance_arn: n.arn.clone(),
            });
        }
    }

    /// After scale-in: the API error ECS would answer instead, and the state placement starts
    /// from (which instances can take a task, and the strategies' scores).
    fn start_placing(&mut self) {
        let setup = &self.setup;
        let any_active = setup.nodes.iter().any(|n| n.status == "ACTIVE");
        if self.count > 0 && !any_active {
            self.error = Some(PlacementError {
                code: "InvalidParameterException",
                message: "No Container Instances were found in your cluster.".to_owned(),
            });
        }
        self.feasible = usable_instances(setup, &self.required);
        self.standing = Standing::new(setup);
        if self.error.is_some() || self.count == 0 {
            self.done = self.progress().total;
            self.phase = Phase::Done;
        } else {
            self.phase = Phase::Placing;
        }
    }

    /// Places the next task, or fails it and every task after it.
    fn place_next(&mut self) {
        let task_number = self.next_task;
        let setup = &self.setup;
        let narrowed = self
            .standing
            .candidates(&self.feasible, &mut self.candidates);
        let explain = task_number <= setup.explain_tasks;
        if self.candidates.is_empty() {
            let (failure, event) = closest_failure(setup, &self.required);
            if explain {
                self.explained.push(explain_task(
                    setup,
                    &self.required,
                    &self.standing,
                    task_number,
                    None,
                ));
            }
            let unplaced = self.count + 1 - task_number;
            self.failures.extend(std::iter::repeat_n(failure, unplaced));
            if let Some(event) = event {
                self.events.push(event);
            }
            self.done += unplaced;
            self.phase = Phase::Done;
            return;
        }
        let chosen = choose(
            setup,
            &self.standing,
            narrowed,
            &mut self.candidates,
            &mut self.spare,
            &mut self.rng,
        );
        if explain {
            self.explained.push(explain_task(
                setup,
                &self.required,
                &self.standing,
                task_number,
                Some(chosen),
            ));
        }
        let mut task_arn = String::with_capacity(self.task_prefix.len() + 32);
        task_arn.push_str(&self.task_prefix);
        task_arn.push_str(&self.rng.hex(32));
        let placed = place(&mut self.setup, &mut self.standing, chosen, task_arn);
        let setup = &self.setup;
        if let Some(ok) = self.feasible.get_mut(chosen) {
            *ok = setup.nodes.get(chosen).is_some_and(|n| {
                n.reject(
                    &setup.requirement,
                    &self.required,
                    &setup.constraints,
                    &setup.group,
                    true,
                )
                .is_none()
            });
        }
        self.tasks.push(placed);
        self.done += 1;
        self.next_task += 1;
        if task_number >= self.count {
            self.phase = Phase::Done;
        }
    }
}

/// Which instances can take one task now, by every rule.
fn usable_instances(setup: &Setup, required: &[Attribute]) -> Vec<bool> {
    setup
        .nodes
        .iter()
        .map(|n| {
            n.reject(
                &setup.requirement,
                required,
                &setup.constraints,
                &setup.group,
                false,
            )
            .is_none()
        })
        .collect()
}

/// The plan's explanation: the rules, the chain and the explained tasks.
fn explain_plan(setup: &Setup, explained: Vec<TaskExplanation>, placed: usize) -> Explanation {
    Explanation {
        requirement: setup.requirement.clone(),
        network_mode: setup
            .task_definition
            .network_mode()
            .map_or("bridge", |m| m.as_str()),
        group: setup.group.clone(),
        strategies: setup.strategies.iter().map(Strategy::label).collect(),
        default_strategy: setup.default_strategy,
        constraints: setup.constraints.iter().map(Constraint::label).collect(),
        unexplained_tasks: placed.saturating_sub(explained.len()),
        tasks: explained,
        score_legend: setup.strategies.iter().map(score_meaning).collect(),
    }
}

fn score_meaning(strategy: &Strategy) -> String {
    match strategy {
        Strategy::BinpackCpu => "binpack(cpu): CPU units remaining; the least that still fits wins".to_owned(),
        Strategy::BinpackMemory => {
            "binpack(memory): MiB remaining; the least that still fits wins".to_owned()
        }
        Strategy::SpreadInstance => {
            "spread(instanceId): the group's tasks on the instance; the fewest wins".to_owned()
        }
        Strategy::SpreadAttribute(name) => format!(
            "spread(attribute:{name}): the group's tasks on instances with the same {name}; the fewest wins"
        ),
        Strategy::Random => "random: every candidate scores 0; one is picked at random".to_owned(),
    }
}

/// What one strategy of the chain scores an instance by.
#[derive(Debug, Clone)]
enum Key {
    Cpu,
    Memory,
    GroupTasks,
    /// Spread on an attribute: each instance's bucket and the group's task count per bucket.
    Bucket {
        of_node: Vec<usize>,
        counts: Vec<i64>,
    },
    Zero,
}

/// The numbers strategies score by, in dense arrays so the per-task scan over thousands of
/// instances stays in cache; kept up to date as tasks land or stop.
#[derive(Debug, Clone, Default)]
struct Standing {
    keys: Vec<Key>,
    /// The instances of each bucket of the first strategy, when it spreads on an attribute.
    members: Vec<Vec<usize>>,
    cpu: Vec<i64>,
    memory: Vec<i64>,
    group_tasks: Vec<i64>,
}

impl Standing {
    fn new(setup: &Setup) -> Self {
        let group_tasks: Vec<i64> = setup
            .nodes
            .iter()
            .map(|n| i64::try_from(n.group_tasks.len()).unwrap_or(i64::MAX))
            .collect();
        let keys: Vec<Key> = setup
            .strategies
            .iter()
            .map(|strategy| match strategy {
                Strategy::BinpackCpu => Key::Cpu,
                Strategy::BinpackMemory => Key::Memory,
                Strategy::SpreadInstance => Key::GroupTasks,
                Strategy::Random => Key::Zero,
                Strategy::SpreadAttribute(name) => {
                    let mut ids: HashMap<Option<&str>, usize> = HashMap::new();
                    let of_node: Vec<usize> = setup
                        .nodes
                        .iter()
                        .map(|n| {
                            let next = ids.len();
                            *ids.entry(n.attribute_value(name)).or_insert(next)
                        })
                        .collect();
                    let mut counts = vec![0_i64; ids.len()];
                    for (bucket, tasks) in of_node.iter().zip(&group_tasks) {
                        if let Some(c) = counts.get_mut(*bucket) {
                            *c += tasks;
                        }
                    }
                    Key::Bucket { of_node, counts }
                }
            })
            .collect();
        let members = match keys.first() {
            Some(Key::Bucket { of_node, counts }) => {
                let mut members = vec![Vec::new(); counts.len()];
                for (node, bucket) in of_node.iter().enumerate() {
                    if let Some(list) = members.get_mut(*bucket) {
                        list.push(node);
                    }
                }
                members
            }
            _ => Vec::new(),
        };
        Self {
            keys,
            members,
            cpu: setup.nodes.iter().map(|n| n.cpu).collect(),
            memory: setup.nodes.iter().map(|n| n.memory).collect(),
            group_tasks,
        }
    }

    /// Fills `candidates` with the instances that can take the task and returns how many
    /// strategies that already applied. When the chain starts with an attribute spread, only
    /// the instances of the least loaded buckets that have a usable instance are listed: the
    /// same result as narrowing every instance, without scanning the others.
    fn candidates(&self, feasible: &[bool], candidates: &mut Vec<usize>) -> usize {
        candidates.clear();
        let usable = |n: &usize| feasible.get(*n).copied().unwrap_or(false);
        if let Some(Key::Bucket { counts, .. }) = self.keys.first() {
            let best = self
                .members
                .iter()
                .zip(counts)
                .filter(|(members, _)| members.iter().any(usable))
                .map(|(_, count)| *count)
                .min();
            for (members, count) in self.members.iter().zip(counts) {
                if Some(*count) == best {
                    candidates.extend(members.iter().filter(|n| usable(n)));
                }
            }
            return 1;
        }
        candidates.extend((0..feasible.len()).filter(usable));
        0
    }

    /// A task of the group lands on (`delta` 1) or leaves (`delta` -1) `node`.
    fn add(&mut self, node: usize, delta: i64, requirement: &Requirement) {
        for key in &mut self.keys {
            if let Key::Bucket { of_node, counts } = key {
                if let Some(count) = of_node.get(node).and_then(|b| counts.get_mut(*b)) {
                    *count += delta;
                }
            }
        }
        let cells = [
            (self.cpu.get_mut(node), -delta * requirement.cpu),
            (self.memory.get_mut(node), -delta * requirement.memory),
            (self.group_tasks.get_mut(node), delta),
        ];
        for (cell, change) in cells {
            if let Some(cell) = cell {
                *cell += change;
            }
        }
    }

    /// The score of an instance under one strategy of the chain: lower is better.
    fn score(&self, strategy: usize, node: usize) -> i64 {
        let cell = |values: &[i64]| values.get(node).copied().unwrap_or(i64::MAX);
        match self.keys.get(strategy) {
            Some(Key::Cpu) => cell(&self.cpu),
            Some(Key::Memory) => cell(&self.memory),
            Some(Key::GroupTasks) => cell(&self.group_tasks),
            Some(Key::Bucket { of_node, counts }) => of_node
                .get(node)
                .and_then(|b| counts.get(*b))
                .copied()
                .unwrap_or(0),
            Some(Key::Zero) | None => 0,
        }
    }

    /// Keeps the candidates with the best (`lowest`) or worst score under one strategy, in one
    /// pass; `spare` is scratch space reused across calls.
    fn narrow(
        &self,
        strategy: usize,
        lowest: bool,
        candidates: &mut Vec<usize>,
        spare: &mut Vec<usize>,
    ) {
        let cell = |values: &[i64], node: usize| values.get(node).copied().unwrap_or(i64::MAX);
        // One monomorphic loop per key kind: this scan runs once per task over every candidate.
        match self.keys.get(strategy) {
            Some(Key::Cpu) => narrow_by(|n| cell(&self.cpu, n), lowest, candidates, spare),
            Some(Key::Memory) => narrow_by(|n| cell(&self.memory, n), lowest, candidates, spare),
            Some(Key::GroupTasks) => {
                narrow_by(|n| cell(&self.group_tasks, n), lowest, candidates, spare);
            }
            Some(Key::Bucket { of_node, counts }) => {
                let bucket = |n: usize| {
                    of_node
                        .get(n)
                        .and_then(|b| counts.get(*b))
                        .copied()
                        .unwrap_or(0)
                };
                narrow_by(bucket, lowest, candidates, spare);
            }
            Some(Key::Zero) | None => {}
        }
    }
}

/// Keeps the candidates whose `key` is the lowest (or highest), in one pass.
fn narrow_by(
    key: impl Fn(usize) -> i64,
    lowest: bool,
    candidates: &mut Vec<usize>,
    spare: &mut Vec<usize>,
) {
    spare.clear();
    let mut best: Option<i64> = None;
    for &node in candidates.iter() {
        let k = key(node);
        match best {
            Some(b) if k == b => spare.push(node),
            Some(b) if (k < b) != lowest => {}
            _ => {
                best = Some(k);
                spare.clear();
                spare.push(node);
            }
        }
    }
    std::mem::swap(candidates, spare);
}

/// Narrows `candidates` strategy by strategy from `first` on (each keeps only the best scores),
/// then picks one of the remaining ties at random.
fn choose(
    setup: &Setup,
    standing: &Standing,
    first: usize,
    candidates: &mut Vec<usize>,
    spare: &mut Vec<usize>,
    rng: &mut Rng,
) -> usize {
    for (s, strategy) in setup.strategies.iter().enumerate().skip(first) {
        if *strategy == Strategy::Random || candidates.len() <= 1 {
            break;
        }
        standing.narrow(s, true, candidates, spare);
    }
    candidates
        .get(rng.below(candidates.len()))
        .copied()
        .unwrap_or(0)
}

/// Puts one task on `node`: reserves its resources and ports and counts it in its group.
fn place(setup: &mut Setup, standing: &mut Standing, node: usize, task_arn: String) -> PlacedTask {
    standing.add(node, 1, &setup.requirement);
    let requirement = &setup.requirement;
    let group = setup.group.clone();
    let Some(n) = setup.nodes.get_mut(node) else {
        return PlacedTask {
            task_arn,
            container_instance_arn: String::new(),
            group,
            host_ports: Vec::new(),
            availability_zone: None,
            gpu_ids: Vec::new(),
        };
    };
    n.cpu -= requirement.cpu;
    n.memory -= requirement.memory;
    let gpu_count = usize::try_from(requirement.gpu)
        .unwrap_or(0)
        .min(n.gpus.len());
    let gpu_ids: Vec<String> = n.gpus.drain(..gpu_count).collect();
    // The task's static ports first, so none of its dynamic ports can take one of them.
    for need in &requirement.ports {
        if let Some(port) = need.host_port {
            if need.udp {
                n.udp.insert(port);
            } else {
                n.tcp.insert(port);
            }
        }
    }
    let mut host_ports = Vec::new();
    for need in &requirement.ports {
        let host_port = need
            .host_port
            .unwrap_or_else(|| n.next_dynamic_port(need.udp));
        host_ports.push(HostPort {
            container_name: need.container_name.clone(),
            container_port: need.container_port,
            host_port,
            protocol: if need.udp { "udp" } else { "tcp" },
        });
    }
    n.running += 1;
    n.groups.push(group.clone());
    n.group_tasks.push(task_arn.clone());
    PlacedTask {
        task_arn,
        container_instance_arn: n.arn.clone(),
        group,
        host_ports,
        availability_zone: n.availability_zone().map(str::to_owned),
        gpu_ids,
    }
}

/// The failure ECS reports when no instance can take the task: the reason at which the closest
/// instance (the one that passed the most rules; the first such in the list) dropped out.
fn closest_failure(setup: &Setup, required: &[Attribute]) -> (Failure, Option<String>) {
    let mut best: Option<(Stage, &Node, String)> = None;
    for node in &setup.nodes {
        if let Some((stage, detail)) = node.reject(
            &setup.requirement,
            required,
            &setup.constraints,
            &setup.group,
            false,
        ) {
            if best.as_ref().is_none_or(|(s, _, _)| stage > *s) {
                best = Some((stage, node, detail));
            }
        }
    }
    let Some((stage, node, detail)) = best else {
        return (
            Failure {
                arn: String::new(),
                reason: "INACTIVE".to_owned(),
                detail: "no container instance".to_owned(),
            },
            None,
        );
    };
    let event = setup.group.strip_prefix("service:").map(|service| {
        format!(
            "service {service} was unable to place a task because no container instance met all of its requirements. The closest matching container-instance {} {}. For more information, see the Troubleshooting section.",
            node.id(),
            stage.event_tail(&setup.constraints)
        )
    });
    (
        Failure {
            arn: node.arn.clone(),
            reason: stage.reason(&setup.constraints),
            detail,
        },
        event,
    )
}

fn explain_task(
    setup: &Setup,
    required: &[Attribute],
    standing: &Standing,
    task: usize,
    chosen: Option<usize>,
) -> TaskExplanation {
    let mut candidates = 0;
    let instances = setup
        .nodes
        .iter()
        .enumerate()
        .map(|(i, node)| {
            let verdict = node.reject(
                &setup.requirement,
                required,
                &setup.constraints,
                &setup.group,
                false,
            );
            let scores = verdict.is_none().then(|| {
                candidates += 1;
                (0..setup.strategies.len())
                    .map(|s| standing.score(s, i))
                    .collect()
            });
            let (removed_by, detail) = verdict.map_or((None, None), |(stage, detail)| {
                (Some(stage.rule(&setup.constraints)), Some(detail))
            });
            InstanceVerdict {
                container_instance_arn: node.arn.clone(),
                availability_zone: node.availability_zone().map(str::to_owned),
                removed_by,
                detail,
                scores,
                chosen: chosen == Some(i),
            }
        })
        .collect();
    TaskExplanation {
        task,
        container_instance_arn: chosen
            .and_then(|i| setup.nodes.get(i))
            .map(|n| n.arn.clone()),
        candidates,
        instances,
    }
}
