//! A simulated ECS cluster: container instances in the DescribeContainerInstances shape, and
//! RegisterContainerInstance, DeregisterContainerInstance and UpdateContainerInstancesState
//! applied to them with ECS's responses, errors and side effects (orphaned tasks, draining).
//!
//! Time comes from an injected [`Clock`] and IDs from the cluster's seed, so the same calls give
//! the same output. Tasks are modelled only as far as these calls need: an ARN, a group
//! (`service:NAME` for service tasks) and a status. Resources are not consumed by tasks here;
//! replacements go to the ACTIVE instance with the fewest tasks.

use std::collections::{HashMap, HashSet, VecDeque};

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::{json, Value};

use super::model::{
    parse_cluster, parse_container_instance, Attribute, Resource, Tag, VersionInfo,
};
use super::validate::{
    deregister_container_instance, register_container_instance, update_container_instances_state,
    DEFAULT_CLUSTER,
};
use crate::diagnostics::{Diagnostic, Severity};
use crate::rng::Rng;

/// Where the simulation's time comes from.
pub trait Clock {
    /// Seconds since the Unix epoch, as ECS's JSON protocol sends timestamps.
    fn now(&mut self) -> f64;
}

/// A clock that starts at `next` and moves on by `step` seconds at every reading.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct StepClock {
    pub next: f64,
    pub step: f64,
}

impl StepClock {
    pub fn new(start: f64, step: f64) -> Self {
        Self { next: start, step }
    }
}

impl Default for StepClock {
    /// 2024-01-01T00:00:00Z, one second per reading.
    fn default() -> Self {
        Self::new(1_704_067_200.0, 1.0)
    }
}

impl Clock for StepClock {
    fn now(&mut self) -> f64 {
        let now = self.next;
        self.next += self.step;
        now
    }
}

/// `ContainerInstance.status`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum InstanceStatus {
    Active,
    Draining,
    Inactive,
    Registering,
    Deregistering,
    RegistrationFailed,
}

impl InstanceStatus {
    /// The status as the API spells it (`REGISTRATION_FAILED`).
    pub fn as_api(self) -> &'static str {
        match self {
            InstanceStatus::Active => "ACTIVE",
            InstanceStatus::Draining => "DRAINING",
            InstanceStatus::Inactive => "INACTIVE",
            InstanceStatus::Registering => "REGISTERING",
            InstanceStatus::Deregistering => "DEREGISTERING",
            InstanceStatus::RegistrationFailed => "REGISTRATION_FAILED",
        }
    }
}

/// A task's `lastStatus`, as far as these calls care.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum TaskStatus {
    Pending,
    Running,
    Stopped,
}

/// A task on a container instance.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Task {
    pub task_arn: String,
    /// `service:NAME` for service tasks, `family:NAME` or a custom group for standalone ones.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group: Option<String>,
    pub last_status: TaskStatus,
}

impl Task {
    /// The service the task belongs to, from its `service:NAME` group.
    pub fn service_name(&self) -> Option<&str> {
        self.group.as_deref()?.strip_prefix("service:")
    }

    fn is_active(&self) -> bool {
        matches!(self.last_status, TaskStatus::Pending | TaskStatus::Running)
    }
}

/// A service's `deploymentConfiguration` (the parts draining uses).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DeploymentConfiguration {
    #[serde(default = "default_minimum_healthy")]
    pub minimum_healthy_percent: i64,
    #[serde(default = "default_maximum")]
    pub maximum_percent: i64,
}

fn default_minimum_healthy() -> i64 {
    100
}

fn default_maximum() -> i64 {
    200
}

impl Default for DeploymentConfiguration {
    /// ECS's defaults for a REPLICA service: 100% and 200%.
    fn default() -> Self {
        Self {
            minimum_healthy_percent: 100,
            maximum_percent: 200,
        }
    }
}

/// A service as describe-services shows it (other members are ignored).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Service {
    pub service_name: String,
    pub desired_count: i64,
    #[serde(default)]
    pub deployment_configuration: DeploymentConfiguration,
}

impl Service {
    pub fn new(name: &str, desired_count: i64, minimum_healthy: i64, maximum: i64) -> Self {
        Self {
            service_name: name.to_owned(),
            desired_count,
            deployment_configuration: DeploymentConfiguration {
                minimum_healthy_percent: minimum_healthy,
                maximum_percent: maximum,
            },
        }
    }
}

/// A container instance in the DescribeContainerInstances shape, plus the tasks on it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ContainerInstance {
    pub container_instance_arn: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ec2_instance_id: Option<String>,
    pub version: i64,
    #[serde(default)]
    pub version_info: VersionInfo,
    #[serde(default)]
    pub remaining_resources: Vec<Resource>,
    #[serde(default)]
    pub registered_resources: Vec<Resource>,
    pub status: InstanceStatus,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status_reason: Option<String>,
    #[serde(default)]
    pub agent_connected: bool,
    #[serde(default)]
    pub running_tasks_count: i64,
    #[serde(default)]
    pub pending_tasks_count: i64,
    #[serde(default)]
    pub attributes: Vec<Attribute>,
    /// Seconds since the epoch; ISO 8601 text (as the CLI prints it) is read too.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        serialize_with = "write_timestamp",
        deserialize_with = "read_timestamp"
    )]
    pub registered_at: Option<f64>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<Tag>,
    /// Not part of the ECS shape: the tasks known to be on the instance.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tasks: Vec<Task>,
}

impl ContainerInstance {
    /// The ID at the end of the ARN.
    pub fn id(&self) -> &str {
        self.container_instance_arn
            .rsplit('/')
            .next()
            .unwrap_or_default()
    }

    /// Re-registering with another instance type is refused, in ECS's words (the agent matches
    /// "Container instance type changes are not supported." and exits; the developer guide's
    /// "Changing the instance type or size outside of the Auto Scaling group" says to launch
    /// new instances and drain the old ones instead). The type registered first is the
    /// `ecs.instance-type` attribute ECS set from the first identity document.
    fn check_same_type(&self, document_type: Option<&str>) -> Result<(), ApiError> {
        let registered = self
            .attributes
            .iter()
            .find(|a| a.name == "ecs.instance-type")
            .and_then(|a| a.value.as_deref());
        match (registered, document_type) {
            (Some(registered), Some(now)) if registered != now => Err(ApiError {
                error_type: "ClientException".to_owned(),
                message: format!(
                    "Container instance type changes are not supported. Container instance {} was previously registered as {registered}. Launch a new {now} instance and drain this one.",
                    self.id()
                ),
            }),
            _ => Ok(()),
        }
    }

    /// The instance as ECS returns it (without muster's `tasks`).
    pub fn to_api(&self) -> Value {
        let mut value = serde_json::to_value(self).unwrap_or_default();
        if let Some(fields) = value.as_object_mut() {
            fields.remove("tasks");
        }
        value
    }

    fn attribute(&self, name: &str) -> Option<&str> {
        self.attributes
            .iter()
            .find(|a| a.name == name)
            .and_then(|a| a.value.as_deref())
    }

    fn recount(&mut self) {
        let count = |status| {
            i64::try_from(
                self.tasks
                    .iter()
                    .filter(|t| t.last_status == status)
                    .count(),
            )
            .unwrap_or(i64::MAX)
        };
        self.running_tasks_count = count(TaskStatus::Running);
        self.pending_tasks_count = count(TaskStatus::Pending);
    }

    fn accepts_tasks(&self) -> bool {
        self.status == InstanceStatus::Active && self.agent_connected
    }
}

#[allow(clippy::ref_option)] // the signature serde's serialize_with requires
fn write_timestamp<S: Serializer>(value: &Option<f64>, serializer: S) -> Result<S::Ok, S::Error> {
    match value {
        Some(seconds) => serializer.serialize_f64(*seconds),
        None => serializer.serialize_none(),
    }
}

fn read_timestamp<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<f64>, D::Error> {
    match Value::deserialize(deserializer)? {
        Value::Null => Ok(None),
        Value::Number(n) => Ok(n.as_f64()),
        Value::String(text) => parse_timestamp(&text).map(Some).ok_or_else(|| {
            serde::de::Error::custom(format!("registeredAt {text:?} is not an ISO 8601 time"))
        }),
        other => Err(serde::de::Error::custom(format!(
            "registeredAt must be a number or a date, not {}",
            crate::shape::describe(&other)
        ))),
    }
}

/// Seconds since the epoch of `2018-06-18`, `2018-06-18T22:28:28`, `…Z`, `…+00:00` or
/// `…22:28:28.123000-07:00` (the forms the cluster query language and the CLI use).
pub fn parse_timestamp(text: &str) -> Option<f64> {
    let text = text.trim();
    let number = |s: &str| -> Option<i64> {
        if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        s.parse().ok()
    };
    let date = text.get(..10)?;
    let rest = text.get(10..)?;
    let mut parts = date.split('-');
    let (year, month, day) = (
        number(parts.next()?)?,
        number(parts.next()?)?,
        number(parts.next()?)?,
    );
    if date.len() != 10 || !(1..=12).contains(&month) || !(1..=31).contains(&day) {
        return None;
    }
    let mut seconds = days_from_civil(year, month, day) * 86_400;
    let mut fraction = 0.0;
    if !rest.is_empty() {
        let rest = rest.strip_prefix('T').or_else(|| rest.strip_prefix(' '))?;
        let clock = rest.get(..8)?;
        let mut fields = clock.split(':');
        let (hour, minute, second) = (
            number(fields.next()?)?,
            number(fields.next()?)?,
            number(fields.next()?)?,
        );
        if hour > 23 || minute > 59 || second > 60 {
            return None;
        }
        seconds += hour * 3600 + minute * 60 + second;
        let mut zone = rest.get(8..)?;
        if let Some(after_dot) = zone.strip_prefix('.') {
            let digits = after_dot
                .find(|c: char| !c.is_ascii_digit())
                .unwrap_or(after_dot.len());
            let (frac, tail) = after_dot.split_at(digits);
            fraction = crate::text::parse_decimal(&format!("0.{frac}"))?;
            zone = tail;
        }
        seconds -= match zone {
            "" | "Z" | "z" => 0,
            _ => {
                let sign = match zone.get(..1)? {
                    "+" => 1,
                    "-" => -1,
                    _ => return None,
                };
                let digits: String = zone.get(1..)?.chars().filter(|c| *c != ':').collect();
                if digits.len() != 4 {
                    return None;
                }
                let hours = number(digits.get(..2)?)?;
                let minutes = number(digits.get(2..)?)?;
                sign * (hours * 3600 + minutes * 60)
            }
        };
    }
    // Exact for any date the API can hold (|seconds| < 2^53).
    #[allow(clippy::cast_precision_loss)]
    Some(seconds as f64 + fraction)
}

/// Days from 1970-01-01 to a proleptic Gregorian date (Howard Hinnant's algorithm).
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let year_of_era = year - era * 400;
    let shifted_month = (month + 9) % 12;
    let day_of_year = (153 * shifted_month + 2) / 5 + day - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

/// An ECS error response: `{"__type": "InvalidParameterException", "message": "..."}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApiError {
    #[serde(rename = "__type")]
    pub error_type: String,
    pub message: String,
}

impl ApiError {
    pub fn invalid_parameter(message: impl Into<String>) -> Self {
        Self {
            error_type: "InvalidParameterException".to_owned(),
            message: message.into(),
        }
    }

    /// An identity document from another Region. ECS checks the document and its signature
    /// against the Region of the call; how it words a Region mismatch is not documented, so the
    /// message starts with the words ECS uses for a document it cannot verify ("The identity
    /// document and identity document signature were not valid", seen in agent logs) and says
    /// why.
    pub fn identity_in_other_region(document_region: &str, cluster_region: &str) -> Self {
        Self {
            error_type: "ClientException".to_owned(),
            message: format!("The identity document and identity document signature were not valid: the document is from an instance in {document_region}, and this cluster is in {cluster_region}. An instance registers only with a cluster in its own Region."),
        }
    }

    /// ECS's words when the cluster does not exist.
    pub fn cluster_not_found() -> Self {
        Self {
            error_type: "ClusterNotFoundException".to_owned(),
            message: "Cluster not found.".to_owned(),
        }
    }

    /// The first error of a validation, as ECS would reject the request.
    fn from_diagnostics(diagnostics: &[Diagnostic]) -> Option<Self> {
        diagnostics
            .iter()
            .find(|d| d.severity == Severity::Error)
            .map(|d| Self::invalid_parameter(format!("{} ({} at {:?})", d.message, d.code, d.path)))
    }
}

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.error_type, self.message)
    }
}

impl std::error::Error for ApiError {}

/// An orphaned service task and the copy the scheduler starts for it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Rescheduled {
    pub task_arn: String,
    pub service_name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub replacement_task_arn: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub container_instance_arn: Option<String>,
    /// Why no copy was started, when none was.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

/// A task started on a container instance.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct StartedTask {
    pub task_arn: String,
    pub container_instance_arn: String,
}

/// One scheduler round while draining: what it stops and starts, from the counts at its start.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DrainStep {
    pub step: u32,
    /// RUNNING tasks of the service at the start of the round.
    pub healthy: i64,
    /// All the service's tasks at the start of the round, stopping ones included.
    pub total: i64,
    pub stopped: Vec<String>,
    pub started: Vec<StartedTask>,
}

/// How one service's tasks leave DRAINING instances.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ServiceDrain {
    pub service_name: String,
    pub desired_count: i64,
    pub minimum_healthy_percent: i64,
    pub maximum_percent: i64,
    /// `desiredCount × minimumHealthyPercent`, rounded up.
    pub minimum_healthy_tasks: i64,
    /// `desiredCount × maximumPercent`, rounded down.
    pub maximum_tasks: i64,
    /// PENDING tasks, stopped at once.
    pub stopped_pending: Vec<String>,
    pub steps: Vec<DrainStep>,
    /// True when no task of the service is left on a DRAINING instance.
    pub completed: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stalled: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// A call's result: the API response, and what happens next in the cluster.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Outcome {
    pub response: Value,
    /// Tasks left running, unmanaged, on a force-deregistered instance.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub orphaned_tasks: Vec<Task>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub rescheduled: Vec<Rescheduled>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub drains: Vec<ServiceDrain>,
    /// Standalone tasks on DRAINING instances: ECS leaves them alone.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub untouched_tasks: Vec<String>,
}

impl Outcome {
    fn response(response: Value) -> Self {
        Self {
            response,
            orphaned_tasks: Vec::new(),
            rescheduled: Vec::new(),
            drains: Vec::new(),
            untouched_tasks: Vec::new(),
        }
    }
}

/// Tasks per service (the ECS quota); larger desired counts are simulated as this many.
pub const MAX_DESIRED_COUNT: i64 = 5_000;
/// Scheduler rounds simulated before a drain is declared stuck.
const MAX_STEPS: u32 = 20_000;

/// One ECS cluster with its container instances and services.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ClusterState {
    pub cluster_name: String,
    pub region: String,
    pub account_id: String,
    /// Seeds every generated ID.
    #[serde(default)]
    pub seed: u64,
    /// How many IDs were generated, so the next one differs.
    #[serde(default)]
    pub ids_issued: u64,
    #[serde(default)]
    pub container_instances: Vec<ContainerInstance>,
    #[serde(default)]
    pub services: Vec<Service>,
}

impl ClusterState {
    pub fn new(cluster_name: &str, region: &str, account_id: &str, seed: u64) -> Self {
        Self {
            cluster_name: cluster_name.to_owned(),
            region: region.to_owned(),
            account_id: account_id.to_owned(),
            seed,
            ids_issued: 0,
            container_instances: Vec::new(),
            services: Vec::new(),
        }
    }

    /// What is wrong with a state's cluster name, Region or account, as `(field, problem)`. A
    /// state comes from outside (a saved scenario, a caller of `simulateCluster`); each of the
    /// three goes into every ARN the cluster makes, and an ARN no later call could match is a
    /// silently wrong answer, so such a state is refused by name.
    pub fn identity_problem(&self) -> Option<(&'static str, String)> {
        if let Some(problem) = super::model::cluster_name_problem(&self.cluster_name) {
            return Some(("clusterName", format!("the cluster name {problem}")));
        }
        if let Some(problem) = crate::text::region_code_problem(&self.region) {
            return Some(("region", problem));
        }
        let account = &self.account_id;
        if !crate::text::is_account_id(account) {
            return Some((
                "accountId",
                format!("{account:?} is not an account ID: 12 digits, like 123456789012"),
            ));
        }
        None
    }

    /// The ARN of an ECS resource of this cluster's Region and account, in the Region's
    /// partition (`arn:aws-cn:` in China, `arn:aws-us-gov:` in GovCloud).
    pub fn arn(&self, resource: &str) -> String {
        format!(
            "arn:{}:ecs:{}:{}:{resource}",
            crate::text::partition_of(&self.region),
            self.region,
            self.account_id
        )
    }

    /// Sets every instance's task counts from its tasks: a state from outside may carry counts
    /// that disagree with them, and `runningTasksCount` is what the tasks say ("the number of
    /// tasks on the container instance that have a desired status of RUNNING", the reference).
    pub fn recount_tasks(&mut self) {
        for instance in &mut self.container_instances {
            instance.recount();
        }
    }

    pub fn cluster_arn(&self) -> String {
        self.arn(&format!("cluster/{}", self.cluster_name))
    }

    /// The DescribeContainerInstances response for every instance.
    pub fn describe(&self) -> Value {
        json!({
            "containerInstances": self.container_instances.iter().map(ContainerInstance::to_api).collect::<Vec<_>>(),
            "failures": [],
        })
    }

    /// DescribeContainerInstances: the instances the request names, in its order.
    ///
    /// `cluster` defaults to `default`; an instance this cluster does not hold (an unknown ID,
    /// another cluster's ARN, or one deregistered, which muster drops from the state) is a
    /// `failures` entry with reason MISSING, as in ECS. Tags appear only when `include` asks for
    /// TAGS, as in ECS. An empty or missing `containerInstances` is refused as ECS refuses an
    /// empty `tasks` list in DescribeTasks ("… cannot be empty."); more than 100 as the API
    /// reference's "up to 100" says.
    pub fn describe_instances(&self, request: &Value) -> Result<Outcome, ApiError> {
        // One message for every shape error: the request is small and the message shows it all.
        let malformed = || {
            ApiError::invalid_parameter(
                "DescribeContainerInstances takes { cluster, containerInstances: 1 to 100 IDs or ARNs, include: [TAGS | CONTAINER_INSTANCE_HEALTH] }.",
            )
        };
        let object = request.as_object().ok_or_else(malformed)?;
        let strings = |name: &str| -> Result<Vec<&str>, ApiError> {
            match object.get(name) {
                None | Some(Value::Null) => Ok(Vec::new()),
                Some(Value::Array(items)) => items
                    .iter()
                    .map(|item| item.as_str().ok_or_else(malformed))
                    .collect(),
                Some(_) => Err(malformed()),
            }
        };
        let references = strings("containerInstances")?;
        let include = strings("include")?;
        let cluster = object.get("cluster").filter(|v| !v.is_null());
        let well_formed = object
            .keys()
            .all(|k| ["cluster", "containerInstances", "include"].contains(&k.as_str()))
            && cluster.is_none_or(Value::is_string)
            && references.len() <= 100
            && include
                .iter()
                .all(|v| ["TAGS", "CONTAINER_INSTANCE_HEALTH"].contains(v));
        if !well_formed {
            return Err(malformed());
        }
        self.check_cluster(cluster.and_then(Value::as_str))?;
        if references.is_empty() {
            return Err(ApiError::invalid_parameter(
                "Container instances cannot be empty.",
            ));
        }
        let mut found = Vec::new();
        let mut failures = Vec::new();
        for reference in references {
            match self
                .find(reference)
                .ok()
                .and_then(|i| self.container_instances.get(i))
            {
                Some(instance) => {
                    let mut view = instance.to_api();
                    if !include.contains(&"TAGS") {
                        if let Some(fields) = view.as_object_mut() {
                            fields.remove("tags");
                        }
                    }
                    found.push(view);
                }
                None => failures.push(self.missing(reference)),
            }
        }
        Ok(Outcome::response(json!({
            "containerInstances": found,
            "failures": failures,
        })))
    }

    /// A `failures` entry for an instance the cluster does not hold.
    ///
    /// An ARN is echoed as sent: `Failure.arn` is "the ARN of the failed resource", and the
    /// caller's own ARN is the one it can match. A bare ID gets this cluster's new-format ARN
    /// (how ECS spells it is not documented).
    fn missing(&self, reference: &str) -> Value {
        let arn = if reference.starts_with("arn:") {
            reference.to_owned()
        } else {
            self.arn(&format!(
                "container-instance/{}/{reference}",
                self.cluster_name
            ))
        };
        json!({ "arn": arn, "reason": "MISSING" })
    }

    /// Puts a task on an instance (given by ID or ARN), as if the scheduler had placed it.
    pub fn add_task(&mut self, container_instance: &str, task: Task) -> Result<(), ApiError> {
        let index = self.find(container_instance)?;
        let instance = self
            .container_instances
            .get_mut(index)
            .ok_or_else(|| not_found(container_instance))?;
        instance.tasks.push(task);
        instance.recount();
        Ok(())
    }

    /// Adds a service, or replaces the one with the same name.
    pub fn put_service(&mut self, service: Service) {
        self.services
            .retain(|s| s.service_name != service.service_name);
        self.services.push(service);
    }

    fn next_id(&mut self, label: &str) -> String {
        let mut rng = Rng::stream(
            self.seed
                .wrapping_add(self.ids_issued.wrapping_mul(0x9E37_79B9_7F4A_7C15)),
            label,
        );
        self.ids_issued = self.ids_issued.wrapping_add(1);
        rng.hex(32)
    }

    fn new_task_arn(&mut self) -> String {
        let id = self.next_id("task");
        self.arn(&format!("task/{}/{id}", self.cluster_name))
    }

    /// Whether a request's `cluster` member names this cluster: its short name, or its ARN
    /// (this Region and account); `None`, a request without the member, names `default`.
    pub fn is_named_by(&self, requested: Option<&str>) -> bool {
        parse_cluster(requested.unwrap_or(DEFAULT_CLUSTER)).is_ok_and(|reference| {
            reference.name == self.cluster_name
                && reference.region.as_deref().is_none_or(|r| r == self.region)
                && reference
                    .account
                    .as_deref()
                    .is_none_or(|a| a == self.account_id)
        })
    }

    /// Fails with ClusterNotFoundException unless `requested` names this cluster.
    fn check_cluster(&self, requested: Option<&str>) -> Result<(), ApiError> {
        if self.is_named_by(requested) {
            Ok(())
        } else {
            Err(ApiError::cluster_not_found())
        }
    }

    /// The index of the instance an ID or ARN names; an ARN of another cluster, Region or
    /// account names none here.
    fn find(&self, reference: &str) -> Result<usize, ApiError> {
        let parsed = parse_container_instance(reference).map_err(|_| not_found(reference))?;
        let elsewhere = parsed
            .cluster
            .as_ref()
            .is_some_and(|c| *c != self.cluster_name)
            || parsed.region.as_ref().is_some_and(|r| *r != self.region)
            || parsed
                .account
                .as_ref()
                .is_some_and(|a| *a != self.account_id);
        if elsewhere {
            return Err(not_found(reference));
        }
        self.container_instances
            .iter()
            .position(|ci| ci.id() == parsed.id)
            .ok_or_else(|| not_found(reference))
    }

    /// The request's identity document, when it is a JSON object (validation has reported any
    /// other), or an error when it names another Region. Validation alone only warns about the
    /// Region (ECS006): without a cluster ARN it cannot know the Region of the call. The cluster
    /// knows its Region, so here the mismatch is refused, as the instance could never join.
    fn identity_document(&self, request: &Value) -> Result<Option<Value>, ApiError> {
        let document: Option<Value> = request
            .get("instanceIdentityDocument")
            .and_then(Value::as_str)
            .and_then(|text| serde_json::from_str(text).ok());
        let region = document
            .as_ref()
            .and_then(|d| d.get("region"))
            .and_then(Value::as_str)
            .filter(|r| !r.is_empty() && *r != self.region);
        match region {
            Some(region) => Err(ApiError::identity_in_other_region(region, &self.region)),
            None => Ok(document),
        }
    }

    /// RegisterContainerInstance: a new instance, or an update of `containerInstanceArn`.
    ///
    /// A new instance gets ECS's attributes from the identity document (`ecs.ami-id`,
    /// `ecs.availability-zone`, `ecs.instance-type`, `ecs.cpu-architecture`; `ecs.os-type`
    /// defaults to linux when the agent sends none). `ecs.vpc-id` and `ecs.subnet-id` come from
    /// EC2, which muster does not model, so they appear only when the request carries them.
    /// Re-registering keeps the ARN, registeredAt, status and tasks, replaces the resources and
    /// version info, merges attributes and tags by name, and bumps `version`.
    pub fn register(
        &mut self,
        request: &Value,
        clock: &mut dyn Clock,
    ) -> Result<Outcome, ApiError> {
        if let Some(error) = ApiError::from_diagnostics(&register_container_instance(request)) {
            return Err(error);
        }
        self.check_cluster(request.get("cluster").and_then(Value::as_str))?;
        let document = self.identity_document(request)?;
        let doc_field = |name: &str| {
            document
                .as_ref()
                .and_then(|d| d.get(name))
                .and_then(Value::as_str)
                .map(str::to_owned)
        };
        let mut resources: Vec<Resource> = read_list(request, "totalResources")?
            .iter()
            .map(Resource::normalized)
            .collect();
        if let Some(gpus) = gpu_resource(request, &resources) {
            resources.push(gpus);
        }
        let version_info: Option<VersionInfo> = request
            .get("versionInfo")
            .map(|v| serde_json::from_value(v.clone()))
            .transpose()
            .map_err(|e| ApiError::invalid_parameter(format!("versionInfo: {e}")))?;
        let requested_attributes: Vec<Attribute> = read_list::<Attribute>(request, "attributes")?
            .into_iter()
            .map(|a| Attribute::new(&a.name, a.value.as_deref()))
            .collect();
        let tags: Vec<Tag> = read_list(request, "tags")?;

        if let Some(arn) = request.get("containerInstanceArn").and_then(Value::as_str) {
            let index = self.find(arn)?;
            let instance = self
                .container_instances
                .get_mut(index)
                .ok_or_else(|| not_found(arn))?;
            instance.check_same_type(doc_field("instanceType").as_deref())?;
            instance.remaining_resources = carry_usage(
                &instance.registered_resources,
                &instance.remaining_resources,
                &resources,
            );
            instance.registered_resources = resources;
            if let Some(info) = version_info {
                instance.version_info = info;
            }
            merge_attributes(&mut instance.attributes, requested_attributes);
            for tag in tags {
                instance.tags.retain(|t| t.key != tag.key);
                instance.tags.push(tag);
            }
            instance.agent_connected = true;
            instance.version = instance.version.saturating_add(1);
            return Ok(Outcome::response(
                json!({ "containerInstance": instance.to_api() }),
            ));
        }

        let id = self.next_id("container-instance");
        let mut attributes = Vec::new();
        merge_attributes(&mut attributes, requested_attributes);
        let derived = [
            ("ecs.ami-id", doc_field("imageId")),
            ("ecs.availability-zone", doc_field("availabilityZone")),
            ("ecs.instance-type", doc_field("instanceType")),
            ("ecs.cpu-architecture", doc_field("architecture")),
        ];
        for (name, value) in derived {
            if let Some(value) = value {
                attributes.retain(|a| a.name != name);
                attributes.push(Attribute::new(name, Some(&value)));
            }
        }
        if !attributes.iter().any(|a| a.name == "ecs.os-type") {
            attributes.push(Attribute::new("ecs.os-type", Some("linux")));
        }
        let instance = ContainerInstance {
            container_instance_arn: self
                .arn(&format!("container-instance/{}/{id}", self.cluster_name)),
            ec2_instance_id: doc_field("instanceId"),
            version: 1,
            version_info: version_info.unwrap_or_default(),
            remaining_resources: resources.clone(),
            registered_resources: resources,
            status: InstanceStatus::Active,
            status_reason: None,
            agent_connected: true,
            running_tasks_count: 0,
            pending_tasks_count: 0,
            attributes,
            registered_at: Some(clock.now()),
            tags,
            tasks: Vec::new(),
        };
        let response = json!({ "containerInstance": instance.to_api() });
        self.container_instances.push(instance);
        Ok(Outcome::response(response))
    }

    /// DeregisterContainerInstance.
    ///
    /// PENDING tasks count as running here: ECS's runningTasksCount counts tasks whose desired
    /// status is RUNNING. With `force` the tasks are orphaned; for each service task the
    /// scheduler starts a copy elsewhere while the service is below its desiredCount. The
    /// instance leaves the state (ECS shows INACTIVE instances for a while; muster drops them).
    pub fn deregister(&mut self, request: &Value) -> Result<Outcome, ApiError> {
        if let Some(error) = ApiError::from_diagnostics(&deregister_container_instance(request)) {
            return Err(error);
        }
        self.check_cluster(request.get("cluster").and_then(Value::as_str))?;
        let reference = request
            .get("containerInstance")
            .and_then(Value::as_str)
            .unwrap_or_default();
        let force = request
            .get("force")
            .and_then(Value::as_bool)
            .unwrap_or(false);
        let index = self.find(reference)?;
        // An INACTIVE instance is already deregistered: it is refused like one the cluster
        // no longer holds.
        if self
            .container_instances
            .get(index)
            .is_some_and(|ci| ci.status == InstanceStatus::Inactive)
        {
            return Err(not_found(reference));
        }
        let has_tasks = self
            .container_instances
            .get(index)
            .is_some_and(|ci| ci.tasks.iter().any(Task::is_active));
        if has_tasks && !force {
            // moto and ECS: InvalidParameterException with these words.
            return Err(ApiError::invalid_parameter(
                "Found running tasks on the instance.",
            ));
        }
        let mut instance = self.container_instances.remove(index);
        instance.status = InstanceStatus::Inactive;
        instance.version = instance.version.saturating_add(1);
        let response = json!({ "containerInstance": instance.to_api() });
        let orphaned: Vec<Task> = instance.tasks.into_iter().filter(Task::is_active).collect();
        let mut outcome = Outcome::response(response);
        outcome.rescheduled = self.reschedule(&orphaned);
        outcome.orphaned_tasks = orphaned;
        Ok(outcome)
    }

    /// Starts copies of orphaned service tasks while each service is below its desiredCount.
    fn reschedule(&mut self, orphaned: &[Task]) -> Vec<Rescheduled> {
        let mut out = Vec::new();
        for task in orphaned {
            let Some(service_name) = task.service_name() else {
                continue;
            };
            let elsewhere = self.count_service_tasks(service_name, |_| true);
            let desired = self
                .services
                .iter()
                .find(|s| s.service_name == service_name)
                .map(|s| s.desired_count.min(MAX_DESIRED_COUNT));
            let mut entry = Rescheduled {
                task_arn: task.task_arn.clone(),
                service_name: service_name.to_owned(),
                replacement_task_arn: None,
                container_instance_arn: None,
                reason: None,
            };
            if desired.is_some_and(|d| elsewhere >= d) {
                entry.reason = Some(format!(
                    "The service already runs its desiredCount of {} tasks elsewhere.",
                    desired.unwrap_or_default()
                ));
            } else if let Some((task_arn, instance_arn)) = self.start_task(service_name) {
                entry.replacement_task_arn = Some(task_arn);
                entry.container_instance_arn = Some(instance_arn);
            } else {
                entry.reason = Some(
                    "No other ACTIVE container instance with a connected agent to start a copy on."
                        .to_owned(),
                );
            }
            out.push(entry);
        }
        out
    }

    /// Active tasks of a service on the instances `on` selects.
    fn count_service_tasks(&self, service: &str, on: impl Fn(&ContainerInstance) -> bool) -> i64 {
        let n = self
            .container_instances
            .iter()
            .filter(|ci| on(ci))
            .flat_map(|ci| ci.tasks.iter())
            .filter(|t| t.is_active() && t.service_name() == Some(service))
            .count();
        i64::try_from(n).unwrap_or(i64::MAX)
    }

    /// Starts a RUNNING task of `service` where the service scheduler would put it, and returns
    /// its ARN and the instance's.
    ///
    /// The ECS placement logic for services (2018-05-22 changelog): among the ACTIVE instances
    /// with a connected agent, the Availability Zone with the fewest tasks of this service wins,
    /// then, inside it, the instance with the fewest tasks of this service; tasks on DRAINING
    /// instances are on their way out and are not counted. Ties go to the instance registered
    /// first, so a run is repeatable. A cluster state does not record task sizes, so whether the
    /// task fits is not checked here; `planService` places tasks with their CPU, memory and ports.
    fn start_task(&mut self, service: &str) -> Option<(String, String)> {
        fn zone_of(ci: &ContainerInstance) -> Option<&str> {
            ci.attribute("ecs.availability-zone")
        }
        let of_service = |ci: &ContainerInstance| {
            ci.tasks
                .iter()
                .filter(|t| t.is_active() && t.service_name() == Some(service))
                .count()
        };
        // One pass for the zone counts, so a drain of many tasks stays linear per task started.
        let mut per_zone: HashMap<String, usize> = HashMap::new();
        for ci in &self.container_instances {
            if ci.status != InstanceStatus::Draining {
                let zone = zone_of(ci).unwrap_or_default();
                let count = per_zone.get(zone).copied().unwrap_or_default() + of_service(ci);
                per_zone.insert(zone.to_owned(), count);
            }
        }
        let index = self
            .container_instances
            .iter()
            .enumerate()
            .filter(|(_, ci)| ci.accepts_tasks())
            .min_by_key(|(_, ci)| {
                let zone = zone_of(ci).unwrap_or_default();
                (
                    per_zone.get(zone).copied().unwrap_or_default(),
                    of_service(ci),
                )
            })
            .map(|(i, _)| i)?;
        let task_arn = self.new_task_arn();
        let instance = self.container_instances.get_mut(index)?;
        instance.tasks.push(Task {
            task_arn: task_arn.clone(),
            group: Some(format!("service:{service}")),
            last_status: TaskStatus::Running,
        });
        instance.recount();
        instance.version = instance.version.saturating_add(1);
        Some((task_arn, instance.container_instance_arn.clone()))
    }

    /// UpdateContainerInstancesState.
    ///
    /// The response is what the call returns at once; the state afterwards is the cluster once
    /// the service scheduler has finished draining (or got stuck), with every round in
    /// [`Outcome::drains`]. Unknown instances are `failures` with reason MISSING, as in ECS.
    pub fn update_state(&mut self, request: &Value) -> Result<Outcome, ApiError> {
        if let Some(error) = ApiError::from_diagnostics(&update_container_instances_state(request))
        {
            return Err(error);
        }
        self.check_cluster(request.get("cluster").and_then(Value::as_str))?;
        let status = match request.get("status").and_then(Value::as_str) {
            Some("DRAINING") => InstanceStatus::Draining,
            _ => InstanceStatus::Active,
        };
        let references = crate::shape::string_list(request, "containerInstances");
        // Each reference is looked up once, for the check below and for the update after it.
        let found: Vec<(&String, Option<usize>)> = references
            .iter()
            .map(|reference| (reference, self.find(reference).ok()))
            .collect();
        // "If a container instance is in REGISTERING, DEREGISTERING, or REGISTRATION_FAILED
        // state you can describe the container instance but can't update the container
        // instance state" (the model); for any status but ACTIVE and DRAINING "an error will be
        // received" (the API reference), so the whole call is refused before anything changes.
        for (reference, index) in &found {
            let status = index
                .and_then(|index| self.container_instances.get(index))
                .map(|ci| ci.status);
            if let Some(
                other @ (InstanceStatus::Inactive
                | InstanceStatus::Registering
                | InstanceStatus::Deregistering
                | InstanceStatus::RegistrationFailed),
            ) = status
            {
                return Err(ApiError::invalid_parameter(format!(
                    "The container instance {reference:?} is {}: only an ACTIVE or DRAINING container instance can change its state.",
                    other.as_api()
                )));
            }
        }
        let mut updated = Vec::new();
        let mut failures = Vec::new();
        for (reference, index) in found {
            let Some(index) = index else {
                failures.push(self.missing(reference));
                continue;
            };
            if let Some(instance) = self.container_instances.get_mut(index) {
                if instance.status != status {
                    instance.status = status;
                    instance.version = instance.version.saturating_add(1);
                }
                updated.push(instance.to_api());
            }
        }
        let mut outcome = Outcome::response(json!({
            "containerInstances": updated,
            "failures": failures,
        }));
        if status == InstanceStatus::Draining {
            self.drain(&mut outcome);
        }
        Ok(outcome)
    }

    /// Moves service tasks off every DRAINING instance, service by service.
    fn drain(&mut self, outcome: &mut Outcome) {
        let mut services: Vec<String> = Vec::new();
        for instance in &self.container_instances {
            if instance.status != InstanceStatus::Draining {
                continue;
            }
            for task in instance.tasks.iter().filter(|t| t.is_active()) {
                match task.service_name() {
                    Some(name) => {
                        if !services.iter().any(|s| s == name) {
                            services.push(name.to_owned());
                        }
                    }
                    None => outcome.untouched_tasks.push(task.task_arn.clone()),
                }
            }
        }
        for name in services {
            let drain = self.drain_service(&name);
            outcome.drains.push(drain);
        }
    }

    /// Replaces one service's tasks on DRAINING instances in rounds bounded by
    /// minimumHealthyPercent and maximumPercent.
    ///
    /// Each round decides from the counts at its start: it stops as many draining tasks as keep
    /// `ceil(desired × min%)` healthy, and starts as many replacements as fit under
    /// `floor(desired × max%)`, counting tasks still stopping. Replacements are healthy (RUNNING)
    /// from the next round, and stopped tasks are gone by then; so with maximumPercent 100 the
    /// replacements wait until the draining tasks have stopped. Load balancer health is not
    /// modelled: RUNNING means healthy, as for services without one.
    fn drain_service(&mut self, name: &str) -> ServiceDrain {
        let (service, note) = self.service_spec(name);
        let desired = service.desired_count.clamp(0, MAX_DESIRED_COUNT);
        let min_percent = service
            .deployment_configuration
            .minimum_healthy_percent
            .clamp(0, 100);
        let max_percent = service
            .deployment_configuration
            .maximum_percent
            .clamp(0, 10_000);
        let lower = (desired * min_percent + 99) / 100;
        let upper = desired * max_percent / 100;
        let (stopped_pending, mut old) = self.stop_pending(name);
        let not_draining = |ci: &ContainerInstance| ci.status != InstanceStatus::Draining;
        let mut elsewhere = self.count_service_tasks(name, not_draining);
        let mut elsewhere_healthy = {
            let n = self
                .container_instances
                .iter()
                .filter(|ci| not_draining(ci))
                .flat_map(|ci| ci.tasks.iter())
                .filter(|t| t.service_name() == Some(name) && t.last_status == TaskStatus::Running)
                .count();
            i64::try_from(n).unwrap_or(i64::MAX)
        };

        let mut drain = ServiceDrain {
            service_name: name.to_owned(),
            desired_count: desired,
            minimum_healthy_percent: min_percent,
            maximum_percent: max_percent,
            minimum_healthy_tasks: lower,
            maximum_tasks: upper,
            stopped_pending,
            steps: Vec::new(),
            completed: false,
            stalled: None,
            note,
        };
        for step in 1..=MAX_STEPS {
            let old_count = i64::try_from(old.len()).unwrap_or(i64::MAX);
            let healthy = old_count + elsewhere_healthy;
            let total = old_count + elsewhere;
            let need = (desired - elsewhere).max(0);
            if old_count == 0 && need == 0 {
                drain.completed = true;
                break;
            }
            let stop_count = usize::try_from((healthy - lower).clamp(0, old_count)).unwrap_or(0);
            let start_count = need.min((upper - total).max(0));
            let stopped: Vec<String> = old.drain(..stop_count.min(old.len())).collect();
            let mut started = Vec::new();
            for _ in 0..start_count {
                match self.start_task(name) {
                    Some((task_arn, container_instance_arn)) => started.push(StartedTask {
                        task_arn,
                        container_instance_arn,
                    }),
                    None => break,
                }
            }
            if stopped.is_empty() && started.is_empty() {
                drain.completed = old_count == 0;
                drain.stalled = Some(if start_count > 0 {
                    no_capacity_message(old_count)
                } else {
                    format!("minimumHealthyPercent {min_percent}% keeps all {healthy} healthy tasks (at least {lower} of desiredCount {desired}) and maximumPercent {max_percent}% allows no task beyond {upper}, so the scheduler can neither stop nor start one: {old_count} tasks stay on the DRAINING instance. Lower minimumHealthyPercent or raise maximumPercent with UpdateService.")
                });
                break;
            }
            self.remove_tasks(&stopped);
            let started_count = i64::try_from(started.len()).unwrap_or(i64::MAX);
            drain.steps.push(DrainStep {
                step,
                healthy,
                total,
                stopped,
                started,
            });
            elsewhere += started_count;
            elsewhere_healthy = elsewhere;
        }
        if !drain.completed && drain.stalled.is_none() {
            drain.stalled = Some(format!(
                "Draining did not finish within {MAX_STEPS} scheduler rounds."
            ));
        }
        drain
    }

    /// The service by name, or defaults for one the state does not list (with a note saying so).
    fn service_spec(&self, name: &str) -> (Service, Option<String>) {
        if let Some(service) = self.services.iter().find(|s| s.service_name == name) {
            return (service.clone(), None);
        }
        let count = self.count_service_tasks(name, |_| true);
        (
            Service::new(name, count, 100, 200),
            Some(format!("The service {name} is not in the cluster's services; assumed desiredCount {count} (its tasks now) and the defaults minimumHealthyPercent 100, maximumPercent 200.")),
        )
    }

    /// Stops the service's PENDING tasks on DRAINING instances at once; returns them and the
    /// RUNNING ones still to replace.
    fn stop_pending(&mut self, name: &str) -> (Vec<String>, VecDeque<String>) {
        let in_service = |t: &Task| t.service_name() == Some(name);
        let mut stopped = Vec::new();
        let mut running = VecDeque::new();
        for instance in &mut self.container_instances {
            if instance.status != InstanceStatus::Draining {
                continue;
            }
            let before = instance.tasks.len();
            instance.tasks.retain(|t| {
                let stop = in_service(t) && t.last_status == TaskStatus::Pending;
                if stop {
                    stopped.push(t.task_arn.clone());
                }
                !stop
            });
            if instance.tasks.len() != before {
                instance.recount();
                instance.version = instance.version.saturating_add(1);
            }
            running.extend(
                instance
                    .tasks
                    .iter()
                    .filter(|t| in_service(t) && t.last_status == TaskStatus::Running)
                    .map(|t| t.task_arn.clone()),
            );
        }
        (stopped, running)
    }

    /// Removes tasks by ARN from whichever instance holds them.
    fn remove_tasks(&mut self, arns: &[String]) {
        if arns.is_empty() {
            return;
        }
        let gone: HashSet<&str> = arns.iter().map(String::as_str).collect();
        for instance in &mut self.container_instances {
            let before = instance.tasks.len();
            instance
                .tasks
                .retain(|t| !gone.contains(t.task_arn.as_str()));
            if instance.tasks.len() != before {
                instance.recount();
                instance.version = instance.version.saturating_add(1);
            }
        }
    }

    /// The instance's `ecs.availability-zone`, for callers that spread by zone.
    pub fn availability_zone(&self, container_instance: &str) -> Option<&str> {
        let index = self.find(container_instance).ok()?;
        self.container_instances
            .get(index)?
            .attribute("ecs.availability-zone")
    }
}

/// GPUs arrive as platformDevices, not in totalResources. How ECS then lists them in
/// registeredResources is not verified (reference ecs.md); muster adds a GPU STRINGSET of the
/// device IDs, the form the agent keeps them in (its `hostResources` GPU entry), so placement can reserve
/// them; a GPU entry in totalResources wins. The request is already validated.
fn gpu_resource(request: &Value, total: &[Resource]) -> Option<Resource> {
    if total.iter().any(|r| r.name == "GPU") {
        return None;
    }
    let ids: Vec<String> = request
        .get("platformDevices")?
        .as_array()?
        .iter()
        .filter(|d| d.get("type").and_then(Value::as_str) == Some("GPU"))
        .filter_map(|d| d.get("id").and_then(Value::as_str).map(str::to_owned))
        .collect();
    (!ids.is_empty()).then(|| Resource::string_set("GPU", ids).normalized())
}

fn no_capacity_message(left_on_draining: i64) -> String {
    if left_on_draining > 0 {
        format!("No ACTIVE container instance with a connected agent is left to start replacement tasks on, so {left_on_draining} tasks stay on the DRAINING instance. Add capacity to the cluster.")
    } else {
        "The DRAINING instance is empty, but no ACTIVE container instance with a connected agent is left to start replacement tasks on, so the service stays below its desiredCount. Add capacity to the cluster.".to_owned()
    }
}

fn not_found(reference: &str) -> ApiError {
    // ECS's exact wording for an unknown instance is not documented; the type is.
    ApiError::invalid_parameter(format!(
        "The referenced container instance {reference:?} was not found in the cluster."
    ))
}

fn read_list<T: serde::de::DeserializeOwned>(
    request: &Value,
    name: &str,
) -> Result<Vec<T>, ApiError> {
    match request.get(name) {
        None | Some(Value::Null) => Ok(Vec::new()),
        Some(value) => serde_json::from_value(value.clone())
            .map_err(|e| ApiError::invalid_parameter(format!("{name}: {e}"))),
    }
}

/// The agent's attributes replace those of the same name; others (from PutAttributes) stay.
fn merge_attributes(existing: &mut Vec<Attribute>, incoming: Vec<Attribute>) {
    for attribute in incoming {
        existing.retain(|a| a.name != attribute.name);
        existing.push(attribute);
    }
}

/// New remaining resources after re-registration: the new totals minus what tasks used of the
/// old ones (ports that tasks hold stay reserved).
fn carry_usage(
    registered: &[Resource],
    remaining: &[Resource],
    new_total: &[Resource],
) -> Vec<Resource> {
    new_total
        .iter()
        .map(|total| {
            let old_registered = registered.iter().find(|r| r.name == total.name);
            let old_remaining = remaining.iter().find(|r| r.name == total.name);
            let mut next = total.clone();
            if let (Some(reg), Some(rem)) = (old_registered, old_remaining) {
                let used = |f: fn(&Resource) -> Option<i64>| {
                    f(reg).unwrap_or(0).saturating_sub(f(rem).unwrap_or(0))
                };
                next.integer_value = total
                    .integer_value
                    .map(|v| v.saturating_sub(used(|r| r.integer_value)));
                next.long_value = total
                    .long_value
                    .map(|v| v.saturating_sub(used(|r| r.long_value)));
                next.double_value = total.double_value.map(|v| {
                    v - (reg.double_value.unwrap_or(0.0) - rem.double_value.unwrap_or(0.0))
                });
                if let (Some(set), Some(held)) = (&mut next.string_set_value, &rem.string_set_value)
                {
                    let base = reg.string_set_value.clone().unwrap_or_default();
                    for port in held.iter().filter(|p| !base.contains(p)) {
                        if !set.contains(port) {
                            set.push(port.clone());
                        }
                    }
                }
            }
            next
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ecs::agent::{agent_request, AgentOptions};

    fn clock() -> StepClock {
        StepClock::new(1_700_000_000.0, 10.0)
    }

    fn cluster() -> ClusterState {
        ClusterState::new("prod", "us-east-1", "123456789012", 7)
    }

    /// Messages spell a status with `as_api`, states in and out with serde: the two agree.
    #[test]
    fn status_names_agree_with_serde() {
        use InstanceStatus::*;
        for status in [
            Active,
            Draining,
            Inactive,
            Registering,
            Deregistering,
            RegistrationFailed,
        ] {
            assert_eq!(serde_json::to_value(status).unwrap(), status.as_api());
            let back: InstanceStatus = serde_json::from_value(status.as_api().into()).unwrap();
            assert_eq!(back, status);
        }
    }

    fn agent(instance_type: &str, zone: &str, id: &str) -> Value {
        let mut options = AgentOptions::new(instance_type);
        options.cluster = Some("prod".into());
        options.availability_zone = Some(zone.into());
        options.instance_id = Some(id.into());
        agent_request(&options).unwrap()
    }

    fn register(state: &mut ClusterState, clock: &mut StepClock, id: &str) -> String {
        register_in(state, clock, id, "us-east-1a")
    }

    fn task(arn: &str, group: &str, status: TaskStatus) -> Task {
        Task {
            task_arn: arn.to_owned(),
            group: Some(group.to_owned()),
            last_status: status,
        }
    }

    #[test]
    fn register_answers_the_describe_shape() {
        let mut state = cluster();
        let mut clock = clock();
        let outcome = state
            .register(
                &agent("m5.large", "us-east-1b", "i-0abc1234def567890"),
                &mut clock,
            )
            .unwrap();
        let ci = &outcome.response["containerInstance"];
        let arn = ci["containerInstanceArn"].as_str().unwrap();
        assert!(
            arn.starts_with("arn:aws:ecs:us-east-1:123456789012:container-instance/prod/"),
            "{arn}"
        );
        assert_eq!(arn.rsplit('/').next().unwrap().len(), 32);
        assert_eq!(ci["ec2InstanceId"], "i-0abc1234def567890");
        assert_eq!(ci["version"], 1);
        assert_eq!(ci["status"], "ACTIVE");
        assert_eq!(ci["agentConnected"], true);
        assert_eq!(ci["runningTasksCount"], 0);
        assert_eq!(ci["pendingTasksCount"], 0);
        assert_eq!(ci["registeredAt"], 1_700_000_000.0);
        assert_eq!(
            ci["versionInfo"]["dockerVersion"],
            "DockerVersion: 20.10.25"
        );
        assert_eq!(ci["registeredResources"], ci["remainingResources"]);
        assert_eq!(
            ci["registeredResources"][0],
            json!({"name": "CPU", "type": "INTEGER", "doubleValue": 0.0, "longValue": 0, "integerValue": 2048})
        );
        assert!(ci.get("tasks").is_none());
        let attribute = |name: &str| {
            ci["attributes"]
                .as_array()
                .unwrap()
                .iter()
                .find(|a| a["name"] == name)
                .map(|a| a["value"].clone())
        };
        assert_eq!(
            attribute("ecs.availability-zone"),
            Some(json!("us-east-1b"))
        );
        assert_eq!(attribute("ecs.instance-type"), Some(json!("m5.large")));
        assert_eq!(attribute("ecs.cpu-architecture"), Some(json!("x86_64")));
        assert_eq!(attribute("ecs.os-type"), Some(json!("linux")));
        assert!(attribute("ecs.ami-id").is_some());
        assert_eq!(state.availability_zone(arn), Some("us-east-1b"));
    }

    #[test]
    fn ids_follow_the_seed() {
        let run = |seed| {
            let mut state = ClusterState::new("prod", "us-east-1", "123456789012", seed);
            register(&mut state, &mut clock(), "i-0abc1234def567890")
        };
        assert_eq!(run(1), run(1));
        assert_ne!(run(1), run(2));
    }

    #[test]
    fn re_registering_updates_and_bumps_version() {
        let mut state = cluster();
        let mut clock = clock();
        let arn = register(&mut state, &mut clock, "i-0abc1234def567890");
        let mut again = agent("m5.large", "us-east-1a", "i-0abc1234def567890");
        again["containerInstanceArn"] = json!(arn);
        again["versionInfo"]["agentVersion"] = json!("1.81.0");
        let outcome = state.register(&again, &mut clock).unwrap();
        let ci = &outcome.response["containerInstance"];
        assert_eq!(ci["containerInstanceArn"], arn.as_str());
        assert_eq!(ci["version"], 2);
        assert_eq!(ci["registeredAt"], 1_700_000_000.0);
        assert_eq!(ci["versionInfo"]["agentVersion"], "1.81.0");
        assert_eq!(state.container_instances.len(), 1);

        let mut other_cluster = again.clone();
        other_cluster["containerInstanceArn"] = json!(arn.replace("/prod/", "/staging/"));
        let err = state.register(&other_cluster, &mut clock).unwrap_err();
        assert_eq!(err.error_type, "InvalidParameterException");

        let mut unknown = again.clone();
        unknown["containerInstanceArn"] = json!(
            "arn:aws:ecs:us-east-1:123456789012:container-instance/prod/00000000000000000000000000000000"
        );
        let err = state.register(&unknown, &mut clock).unwrap_err();
        assert_eq!(err.error_type, "InvalidParameterException");
    }

    #[test]
    fn re_registering_as_another_instance_type_is_refused_in_ecs_words() {
        let mut state = cluster();
        let mut clock = clock();
        let arn = register(&mut state, &mut clock, "i-0abc1234def567890");
        let before = state.clone();
        let mut resized = agent("m5.xlarge", "us-east-1a", "i-0abc1234def567890");
        resized["containerInstanceArn"] = json!(arn);
        let err = state.register(&resized, &mut clock).unwrap_err();
        assert_eq!(err.error_type, "ClientException");
        let id = arn.rsplit('/').next().unwrap();
        assert!(
            err.message.starts_with(&format!("Container instance type changes are not supported. Container instance {id} was previously registered as m5.large.")),
            "{}",
            err.message
        );
        assert_eq!(state, before, "a refused call changes nothing");
    }

    #[test]
    fn register_errors_are_ecs_errors() {
        let mut state = cluster();
        let mut clock = clock();
        let err = state
            .register(&json!({"cluster": "staging"}), &mut clock)
            .unwrap_err();
        assert_eq!(err, ApiError::cluster_not_found());
        let err = state.register(&json!({}), &mut clock).unwrap_err();
        assert_eq!(
            err.error_type, "ClusterNotFoundException",
            "no cluster means default"
        );
        let err = state
            .register(
                &json!({"cluster": "prod", "tags": [{"key": "aws:x", "value": "1"}]}),
                &mut clock,
            )
            .unwrap_err();
        assert_eq!(err.error_type, "InvalidParameterException");
        assert!(err.message.contains("ECS030"), "{}", err.message);
        let arn_of_other_region =
            json!({"cluster": "arn:aws:ecs:eu-west-1:123456789012:cluster/prod"});
        assert_eq!(
            state
                .register(&arn_of_other_region, &mut clock)
                .unwrap_err(),
            ApiError::cluster_not_found()
        );
        let serialized = serde_json::to_value(ApiError::cluster_not_found()).unwrap();
        assert_eq!(
            serialized,
            json!({"__type": "ClusterNotFoundException", "message": "Cluster not found."})
        );
    }

    #[test]
    fn a_cluster_is_named_by_its_name_or_its_own_arn() {
        let state = cluster();
        assert!(state.is_named_by(Some("prod")));
        assert!(state.is_named_by(Some("arn:aws:ecs:us-east-1:123456789012:cluster/prod")));
        assert!(!state.is_named_by(Some("arn:aws:ecs:us-east-2:123456789012:cluster/prod")));
        assert!(!state.is_named_by(Some("arn:aws:ecs:us-east-1:210987654321:cluster/prod")));
        assert!(!state.is_named_by(None), "no member names default");
        assert!(!state.is_named_by(Some("bad name!")));
        let default = ClusterState::new("default", "us-east-1", "123456789012", 7);
        assert!(default.is_named_by(None));
        assert!(default.is_named_by(Some("default")));
    }

    #[test]
    fn an_instance_of_another_region_cannot_join() {
        let mut state = cluster();
        let mut clock = clock();
        let mut options = AgentOptions::new("m5.large");
        options.cluster = Some("prod".into());
        options.region = Some("eu-west-1".into());
        let request = agent_request(&options).unwrap();
        let err = state.register(&request, &mut clock).unwrap_err();
        assert_eq!(err.error_type, "ClientException");
        assert!(
            err.message.contains("in eu-west-1") && err.message.contains("is in us-east-1"),
            "{}",
            err.message
        );
        assert!(state.container_instances.is_empty());
        // The same agent in the cluster's own Region joins.
        options.region = Some("us-east-1".into());
        assert!(state
            .register(&agent_request(&options).unwrap(), &mut clock)
            .is_ok());
    }

    #[test]
    fn external_instance_without_document() {
        let mut state = ClusterState::new("default", "us-east-1", "123456789012", 1);
        let outcome = state
            .register(
                &json!({"totalResources": [
                {"name": "CPU", "type": "INTEGER", "integerValue": 4096},
                {"name": "MEMORY", "type": "INTEGER", "integerValue": 15000}
            ], "attributes": [{"name": "ecs.capability.external"}]}),
                &mut clock(),
            )
            .unwrap();
        let ci = &outcome.response["containerInstance"];
        assert!(ci.get("ec2InstanceId").is_none());
        assert_eq!(ci["registeredResources"][1]["integerValue"], 15000);
    }

    #[test]
    fn deregister_refuses_running_tasks_without_force() {
        let mut state = cluster();
        let mut clock = clock();
        let arn = register(&mut state, &mut clock, "i-0abc1234def567890");
        state
            .add_task(&arn, task("t1", "service:web", TaskStatus::Running))
            .unwrap();
        let err = state
            .deregister(&json!({"cluster": "prod", "containerInstance": arn}))
            .unwrap_err();
        assert_eq!(
            err,
            ApiError::invalid_parameter("Found running tasks on the instance.")
        );
        assert_eq!(state.container_instances.len(), 1);
    }

    #[test]
    fn deregister_empty_instance() {
        let mut state = cluster();
        let mut clock = clock();
        let arn = register(&mut state, &mut clock, "i-0abc1234def567890");
        let id = arn.rsplit('/').next().unwrap().to_owned();
        let outcome = state
            .deregister(&json!({"cluster": "prod", "containerInstance": id}))
            .unwrap();
        assert_eq!(outcome.response["containerInstance"]["status"], "INACTIVE");
        assert_eq!(outcome.response["containerInstance"]["version"], 2);
        assert!(outcome.orphaned_tasks.is_empty());
        assert!(state.container_instances.is_empty());
        let err = state
            .deregister(&json!({"cluster": "prod", "containerInstance": id}))
            .unwrap_err();
        assert_eq!(err.error_type, "InvalidParameterException");
    }

    #[test]
    fn forced_deregister_orphans_tasks_and_reschedules_service_tasks() {
        let mut state = cluster();
        let mut clock = clock();
        let a = register(&mut state, &mut clock, "i-0aaaaaaaaaaaaaaaa");
        let b = register(&mut state, &mut clock, "i-0bbbbbbbbbbbbbbbb");
        state.put_service(Service::new("web", 2, 100, 200));
        state
            .add_task(&a, task("web-1", "service:web", TaskStatus::Running))
            .unwrap();
        state
            .add_task(&a, task("batch-1", "family:batch", TaskStatus::Running))
            .unwrap();
        state
            .add_task(&b, task("web-2", "service:web", TaskStatus::Running))
            .unwrap();
        let outcome = state
            .deregister(&json!({"cluster": "prod", "containerInstance": a, "force": true}))
            .unwrap();
        let orphaned: Vec<&str> = outcome
            .orphaned_tasks
            .iter()
            .map(|t| t.task_arn.as_str())
            .collect();
        assert_eq!(orphaned, ["web-1", "batch-1"]);
        assert_eq!(outcome.rescheduled.len(), 1);
        let copy = &outcome.rescheduled[0];
        assert_eq!(copy.task_arn, "web-1");
        assert_eq!(copy.container_instance_arn.as_deref(), Some(b.as_str()));
        assert!(copy
            .replacement_task_arn
            .as_deref()
            .unwrap()
            .contains(":task/prod/"));
        assert_eq!(state.container_instances.len(), 1);
        assert_eq!(state.container_instances[0].running_tasks_count, 2);
    }

    #[test]
    fn forced_deregister_without_other_capacity_reports_why() {
        let mut state = cluster();
        let mut clock = clock();
        let a = register(&mut state, &mut clock, "i-0aaaaaaaaaaaaaaaa");
        state
            .add_task(&a, task("web-1", "service:web", TaskStatus::Pending))
            .unwrap();
        let outcome = state
            .deregister(&json!({"cluster": "prod", "containerInstance": a, "force": true}))
            .unwrap();
        assert_eq!(outcome.orphaned_tasks.len(), 1);
        assert!(outcome.rescheduled[0]
            .reason
            .as_deref()
            .unwrap()
            .contains("No other ACTIVE"));
    }

    fn register_in(
        state: &mut ClusterState,
        clock: &mut StepClock,
        id: &str,
        zone: &str,
    ) -> String {
        let outcome = state.register(&agent("m5.large", zone, id), clock).unwrap();
        outcome.response["containerInstance"]["containerInstanceArn"]
            .as_str()
            .unwrap()
            .to_owned()
    }

    #[test]
    fn replacements_go_to_the_zone_then_the_instance_with_fewest_service_tasks() {
        // Zone a keeps one web task; zone b has none, only a busy instance with batch tasks.
        let mut state = cluster();
        let mut clock = clock();
        let gone = register_in(&mut state, &mut clock, "i-0aaaaaaaaaaaaaaa1", "us-east-1a");
        // The emptiest instance, but in the zone that already has a web task.
        register_in(&mut state, &mut clock, "i-0aaaaaaaaaaaaaaa2", "us-east-1a");
        let busy_a = register_in(&mut state, &mut clock, "i-0aaaaaaaaaaaaaaa3", "us-east-1a");
        let busy_b = register_in(&mut state, &mut clock, "i-0bbbbbbbbbbbbbbb1", "us-east-1b");
        state.put_service(Service::new("web", 2, 100, 200));
        state
            .add_task(&gone, task("web-1", "service:web", TaskStatus::Running))
            .unwrap();
        state
            .add_task(&busy_a, task("web-2", "service:web", TaskStatus::Running))
            .unwrap();
        for i in 0..3 {
            state
                .add_task(
                    &busy_b,
                    task(&format!("batch-{i}"), "family:batch", TaskStatus::Running),
                )
                .unwrap();
        }
        let outcome = state
            .deregister(&json!({"cluster": "prod", "containerInstance": gone, "force": true}))
            .unwrap();
        assert_eq!(
            outcome.rescheduled[0].container_instance_arn.as_deref(),
            Some(busy_b.as_str())
        );

        // Within one zone: the instance without the service's tasks, although it runs others.
        let mut state = cluster();
        let one = register_in(&mut state, &mut clock, "i-0ccccccccccccccc1", "us-east-1a");
        let two = register_in(&mut state, &mut clock, "i-0ccccccccccccccc2", "us-east-1a");
        let three = register_in(&mut state, &mut clock, "i-0ccccccccccccccc3", "us-east-1a");
        state.put_service(Service::new("web", 2, 50, 100));
        for i in 0..3 {
            state
                .add_task(
                    &one,
                    task(&format!("batch-{i}"), "family:batch", TaskStatus::Running),
                )
                .unwrap();
        }
        state
            .add_task(&two, task("web-1", "service:web", TaskStatus::Running))
            .unwrap();
        state
            .add_task(&three, task("web-2", "service:web", TaskStatus::Running))
            .unwrap();
        let outcome = drain(&mut state, &three);
        let started: Vec<&str> = outcome.drains[0]
            .steps
            .iter()
            .flat_map(|s| s.started.iter().map(|t| t.container_instance_arn.as_str()))
            .collect();
        assert_eq!(started, [one.as_str()]);
    }

    #[test]
    fn gpus_become_a_placeable_gpu_resource() {
        let mut state = cluster();
        let mut clock = clock();
        let mut options = AgentOptions::new("g4dn.12xlarge");
        options.cluster = Some("prod".into());
        options.enable_gpu_support = true;
        let request = agent_request(&options).unwrap();
        let ids: Vec<Value> = request["platformDevices"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| d["id"].clone())
            .collect();
        assert_eq!(ids.len(), 4);
        let outcome = state.register(&request, &mut clock).unwrap();
        let instance = &outcome.response["containerInstance"];
        for list in ["registeredResources", "remainingResources"] {
            let gpu = instance[list]
                .as_array()
                .unwrap()
                .iter()
                .find(|r| r["name"] == "GPU")
                .unwrap_or_else(|| panic!("{list} has no GPU"));
            assert_eq!(gpu["type"], "STRINGSET");
            assert_eq!(gpu["stringSetValue"].as_array().unwrap(), &ids);
        }
        // Without GPU support the agent sends no devices, and there is no GPU resource.
        let plain = state
            .register(
                &agent("m5.large", "us-east-1a", "i-0bbbbbbbbbbbbbbbb"),
                &mut clock,
            )
            .unwrap();
        let names: Vec<&str> = plain.response["containerInstance"]["registeredResources"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["name"].as_str().unwrap())
            .collect();
        assert!(!names.contains(&"GPU"), "{names:?}");
    }

    #[test]
    fn describe_answers_for_the_instances_named() {
        let mut state = cluster();
        let mut clock = clock();
        let mut tagged = agent("m5.large", "us-east-1a", "i-0aaaaaaaaaaaaaaaa");
        tagged["tags"] = json!([{"key": "team", "value": "web"}]);
        let a = state.register(&tagged, &mut clock).unwrap().response["containerInstance"]
            ["containerInstanceArn"]
            .as_str()
            .unwrap()
            .to_owned();
        let b = register(&mut state, &mut clock, "i-0bbbbbbbbbbbbbbbb");
        state
            .deregister(&json!({"cluster": "prod", "containerInstance": b}))
            .unwrap();
        let b_id = b.rsplit('/').next().unwrap();
        let a_id = a.rsplit('/').next().unwrap();
        let outcome = state
            .describe_instances(&json!({"cluster": "prod", "containerInstances": [b_id, a_id]}))
            .unwrap();
        let found = outcome.response["containerInstances"].as_array().unwrap();
        assert_eq!(found.len(), 1);
        assert_eq!(found[0]["containerInstanceArn"], a.as_str());
        assert!(
            found[0].get("tags").is_none(),
            "tags only with include TAGS"
        );
        assert_eq!(outcome.response["failures"][0]["reason"], "MISSING");
        assert!(outcome.response["failures"][0]["arn"]
            .as_str()
            .unwrap()
            .ends_with(b_id));
        let with_tags = state
            .describe_instances(
                &json!({"cluster": "prod", "containerInstances": [a], "include": ["TAGS"]}),
            )
            .unwrap();
        assert_eq!(
            with_tags.response["containerInstances"][0]["tags"][0]["key"],
            "team"
        );

        let refused = |request: Value| state.describe_instances(&request).unwrap_err();
        assert_eq!(
            refused(json!({"cluster": "elsewhere", "containerInstances": [a_id]})),
            ApiError::cluster_not_found()
        );
        // No cluster means `default`, which this state is not.
        assert_eq!(
            refused(json!({"containerInstances": [a_id]})),
            ApiError::cluster_not_found()
        );
        for bad in [
            json!({"cluster": "prod"}),
            json!({"cluster": "prod", "containerInstances": []}),
            json!({"cluster": "prod", "containerInstances": [1]}),
            json!({"cluster": "prod", "containerInstances": vec![a_id; 101]}),
            json!({"cluster": "prod", "containerInstances": [a_id], "include": ["HEALTH"]}),
            json!({"cluster": "prod", "containerInstances": [a_id], "filter": "x"}),
            json!(["prod"]),
        ] {
            assert_eq!(
                refused(bad.clone()).error_type,
                "InvalidParameterException",
                "{bad}"
            );
        }
    }

    /// Two instances: `a` with the service's tasks, `b` empty and ACTIVE.
    fn drain_setup(
        desired: i64,
        min: i64,
        max: i64,
        on_a: usize,
    ) -> (ClusterState, String, String) {
        let mut state = cluster();
        let mut clock = clock();
        let a = register(&mut state, &mut clock, "i-0aaaaaaaaaaaaaaaa");
        let b = register(&mut state, &mut clock, "i-0bbbbbbbbbbbbbbbb");
        state.put_service(Service::new("web", desired, min, max));
        for i in 0..on_a {
            state
                .add_task(
                    &a,
                    task(&format!("web-{i}"), "service:web", TaskStatus::Running),
                )
                .unwrap();
        }
        (state, a, b)
    }

    fn drain(state: &mut ClusterState, arn: &str) -> Outcome {
        state
            .update_state(
                &json!({"cluster": "prod", "containerInstances": [arn], "status": "DRAINING"}),
            )
            .unwrap()
    }

    fn counts(drain: &ServiceDrain) -> Vec<(usize, usize)> {
        drain
            .steps
            .iter()
            .map(|s| (s.stopped.len(), s.started.len()))
            .collect()
    }

    /// Seed 002: "desiredCount is four tasks, a minimum of 50% allows the scheduler to stop two
    /// existing tasks before starting two new tasks" (maximum 100% isolates the minimum).
    #[test]
    fn minimum_50_stops_two_before_starting_two() {
        let (mut state, a, b) = drain_setup(4, 50, 100, 4);
        let outcome = drain(&mut state, &a);
        let d = &outcome.drains[0];
        assert_eq!(d.minimum_healthy_tasks, 2);
        let first = &d.steps[0];
        assert_eq!((first.stopped.len(), first.started.len()), (2, 0));
        assert_eq!((d.steps[1].stopped.len(), d.steps[1].started.len()), (0, 2));
        assert_eq!(counts(d), [(2, 0), (0, 2), (2, 0), (0, 2)]);
        assert!(d.completed);
        let b = state
            .container_instances
            .iter()
            .find(|ci| ci.container_instance_arn == b)
            .unwrap();
        assert_eq!(b.running_tasks_count, 4);
        let a = state
            .container_instances
            .iter()
            .find(|ci| ci.container_instance_arn == a)
            .unwrap();
        assert_eq!(a.running_tasks_count, 0);
        assert_eq!(a.status, InstanceStatus::Draining);
    }

    /// Seed 002: "If the minimum is 100%, the service scheduler can't remove existing tasks
    /// until the replacement tasks are considered healthy."
    #[test]
    fn minimum_100_keeps_tasks_until_replacements_are_healthy() {
        let (mut state, a, _) = drain_setup(4, 100, 200, 4);
        let outcome = drain(&mut state, &a);
        let d = &outcome.drains[0];
        assert_eq!(counts(d), [(0, 4), (4, 0)]);
        assert_eq!(
            d.steps[1].healthy, 8,
            "the four replacements are healthy before any stop"
        );
        assert!(d.completed);
    }

    /// Seed 002: "if desiredCount of four tasks, a maximum of 200% starts four new tasks before
    /// stopping the four tasks to be drained".
    #[test]
    fn maximum_200_starts_four_before_stopping_four() {
        let (mut state, a, _) = drain_setup(4, 100, 200, 4);
        let outcome = drain(&mut state, &a);
        let d = &outcome.drains[0];
        assert_eq!(d.maximum_tasks, 8);
        assert_eq!(d.steps[0].started.len(), 4);
        assert!(d.steps[0].stopped.is_empty());
        assert_eq!(d.steps[1].stopped.len(), 4);
    }

    /// Seed 002: "If the maximum is 100%, then replacement tasks can't start until the draining
    /// tasks have stopped."
    #[test]
    fn maximum_100_starts_replacements_only_after_stops() {
        let (mut state, a, _) = drain_setup(4, 0, 100, 4);
        let outcome = drain(&mut state, &a);
        let d = &outcome.drains[0];
        assert_eq!(counts(d), [(4, 0), (0, 4)]);
        assert_eq!(
            d.steps[1].total, 0,
            "nothing left stopping when the starts happen"
        );
        assert!(d.completed);
    }

    #[test]
    fn minimum_and_maximum_100_cannot_drain() {
        let (mut state, a, _) = drain_setup(4, 100, 100, 4);
        let outcome = drain(&mut state, &a);
        let d = &outcome.drains[0];
        assert!(d.steps.is_empty());
        assert!(!d.completed);
        assert!(d
            .stalled
            .as_deref()
            .unwrap()
            .contains("neither stop nor start"));
        assert_eq!(state.container_instances[0].running_tasks_count, 4);
    }

    #[test]
    fn pending_service_tasks_stop_at_once_and_standalone_tasks_stay() {
        let (mut state, a, _) = drain_setup(2, 100, 200, 1);
        state
            .add_task(&a, task("web-p", "service:web", TaskStatus::Pending))
            .unwrap();
        state
            .add_task(&a, task("job-1", "family:job", TaskStatus::Running))
            .unwrap();
        let outcome = drain(&mut state, &a);
        // The response is the instance at the time of the call.
        let ci = &outcome.response["containerInstances"][0];
        assert_eq!(ci["status"], "DRAINING");
        assert_eq!(ci["runningTasksCount"], 2);
        assert_eq!(ci["pendingTasksCount"], 1);
        assert_eq!(outcome.response["failures"], json!([]));
        let d = &outcome.drains[0];
        assert_eq!(d.stopped_pending, ["web-p"]);
        assert_eq!(outcome.untouched_tasks, ["job-1"]);
        assert!(d.completed);
        let a = state
            .container_instances
            .iter()
            .find(|ci| ci.container_instance_arn == a)
            .unwrap();
        let left: Vec<&str> = a.tasks.iter().map(|t| t.task_arn.as_str()).collect();
        assert_eq!(left, ["job-1"]);
    }

    #[test]
    fn draining_without_other_capacity_stalls() {
        let mut state = cluster();
        let mut clock = clock();
        let a = register(&mut state, &mut clock, "i-0aaaaaaaaaaaaaaaa");
        state.put_service(Service::new("web", 2, 100, 200));
        state
            .add_task(&a, task("web-1", "service:web", TaskStatus::Running))
            .unwrap();
        state
            .add_task(&a, task("web-2", "service:web", TaskStatus::Running))
            .unwrap();
        let outcome = drain(&mut state, &a);
        let d = &outcome.drains[0];
        assert!(!d.completed);
        assert!(
            d.stalled
                .as_deref()
                .unwrap()
                .contains("No ACTIVE container instance"),
            "{:?}",
            d.stalled
        );
    }

    #[test]
    fn arns_are_in_the_partition_of_the_region() {
        let mut state = ClusterState::new("prod", "cn-north-1", "123456789012", 7);
        let mut options = AgentOptions::new("m5.large");
        options.cluster = Some("prod".into());
        options.region = Some("cn-north-1".into());
        options.availability_zone = Some("cn-north-1a".into());
        let request = agent_request(&options).unwrap();
        let outcome = state.register(&request, &mut clock()).unwrap();
        let arn = outcome.response["containerInstance"]["containerInstanceArn"]
            .as_str()
            .unwrap();
        assert!(
            arn.starts_with("arn:aws-cn:ecs:cn-north-1:123456789012:container-instance/prod/"),
            "{arn}"
        );
        assert_eq!(
            state.cluster_arn(),
            "arn:aws-cn:ecs:cn-north-1:123456789012:cluster/prod"
        );
        let gov = ClusterState::new("prod", "us-gov-west-1", "123456789012", 7);
        assert!(gov.cluster_arn().starts_with("arn:aws-us-gov:ecs:"));
    }

    #[test]
    fn only_active_or_draining_instances_change_state() {
        let (mut state, a, b) = drain_setup(0, 100, 200, 0);
        for status in [
            InstanceStatus::Registering,
            InstanceStatus::RegistrationFailed,
            InstanceStatus::Deregistering,
            InstanceStatus::Inactive,
        ] {
            state.container_instances[0].status = status;
            for to in ["ACTIVE", "DRAINING"] {
                let err = state
                    .update_state(
                        &json!({"cluster": "prod", "containerInstances": [b, a], "status": to}),
                    )
                    .unwrap_err();
                assert_eq!(err.error_type, "InvalidParameterException");
                assert!(err.message.contains(status.as_api()), "{}", err.message);
                // Nothing changed, not even the ACTIVE instance named with it.
                assert_eq!(state.container_instances[1].status, InstanceStatus::Active);
            }
        }
        // An INACTIVE instance is already deregistered.
        let err = state
            .deregister(&json!({"cluster": "prod", "containerInstance": a}))
            .unwrap_err();
        assert_eq!(err.error_type, "InvalidParameterException");
        state.container_instances[0].status = InstanceStatus::Draining;
        assert!(state
            .update_state(
                &json!({"cluster": "prod", "containerInstances": [a], "status": "ACTIVE"})
            )
            .is_ok());
    }

    #[test]
    fn task_counts_follow_the_tasks_of_a_state_from_outside() {
        let (state, a, _) = drain_setup(3, 100, 200, 2);
        let mut text = serde_json::to_value(&state).unwrap();
        text["containerInstances"][0]["runningTasksCount"] = json!(0);
        text["containerInstances"][0]["pendingTasksCount"] = json!(5);
        let mut loaded: ClusterState = serde_json::from_value(text).unwrap();
        loaded.recount_tasks();
        let described = loaded
            .describe_instances(&json!({"cluster": "prod", "containerInstances": [a]}))
            .unwrap();
        let instance = &described.response["containerInstances"][0];
        assert_eq!(instance["runningTasksCount"], 2);
        assert_eq!(instance["pendingTasksCount"], 0);
    }

    #[test]
    fn unknown_instances_are_missing_failures_and_active_resumes() {
        let (mut state, a, _) = drain_setup(1, 100, 200, 0);
        let outcome = state
            .update_state(&json!({"cluster": "prod", "containerInstances": [a, "00000000000000000000000000000000"], "status": "DRAINING"}))
            .unwrap();
        assert_eq!(
            outcome.response["containerInstances"]
                .as_array()
                .unwrap()
                .len(),
            1
        );
        assert_eq!(outcome.response["failures"][0]["reason"], "MISSING");
        assert_eq!(
            outcome.response["failures"][0]["arn"],
            "arn:aws:ecs:us-east-1:123456789012:container-instance/prod/00000000000000000000000000000000"
        );
        // An ARN is echoed as sent, whatever its account or format.
        let elsewhere = "arn:aws:ecs:us-east-1:999999999999:container-instance/other/0123456789abcdef0123456789abcdef";
        let echoed = state
            .update_state(&json!({"cluster": "prod", "containerInstances": [elsewhere], "status": "DRAINING"}))
            .unwrap();
        assert_eq!(echoed.response["failures"][0]["arn"], elsewhere);
        let version = outcome.response["containerInstances"][0]["version"]
            .as_i64()
            .unwrap();
        let back = state
            .update_state(
                &json!({"cluster": "prod", "containerInstances": [a], "status": "ACTIVE"}),
            )
            .unwrap();
        assert_eq!(back.response["containerInstances"][0]["status"], "ACTIVE");
        assert_eq!(
            back.response["containerInstances"][0]["version"],
            version + 1
        );
        assert!(back.drains.is_empty());
        let bad = state.update_state(
            &json!({"cluster": "prod", "containerInstances": [a], "status": "INACTIVE"}),
        );
        assert_eq!(bad.unwrap_err().error_type, "InvalidParameterException");
    }

    #[test]
    fn services_not_in_state_use_defaults() {
        let mut state = cluster();
        let mut clock = clock();
        let a = register(&mut state, &mut clock, "i-0aaaaaaaaaaaaaaaa");
        register(&mut state, &mut clock, "i-0bbbbbbbbbbbbbbbb");
        state
            .add_task(&a, task("api-1", "service:api", TaskStatus::Running))
            .unwrap();
        let outcome = drain(&mut state, &a);
        let d = &outcome.drains[0];
        assert!(d
            .note
            .as_deref()
            .unwrap()
            .contains("not in the cluster's services"));
        assert_eq!(counts(d), [(0, 1), (1, 0)]);
    }

    #[test]
    fn state_round_trips_and_reads_cli_output() {
        let mut state = cluster();
        let mut clock = clock();
        let a = register(&mut state, &mut clock, "i-0aaaaaaaaaaaaaaaa");
        state
            .add_task(&a, task("web-1", "service:web", TaskStatus::Running))
            .unwrap();
        let text = serde_json::to_string(&state).unwrap();
        let back: ClusterState = serde_json::from_str(&text).unwrap();
        assert_eq!(back, state);

        let described: ContainerInstance = serde_json::from_value(json!({
            "containerInstanceArn": "arn:aws:ecs:us-east-1:123456789012:container-instance/prod/0f1e2d3c4b5a69788796a5b4c3d2e1f0",
            "ec2InstanceId": "i-0abc1234def567890",
            "version": 12,
            "versionInfo": {"agentVersion": "1.80.0", "agentHash": "abc", "dockerVersion": "DockerVersion: 20.10.25"},
            "remainingResources": [], "registeredResources": [],
            "status": "ACTIVE", "agentConnected": true,
            "runningTasksCount": 0, "pendingTasksCount": 0, "attributes": [],
            "registeredAt": "2024-01-15T10:20:30.500000+01:00",
            "capacityProviderName": "ignored"
        }))
        .unwrap();
        assert_eq!(described.registered_at, Some(1_705_310_430.5));
    }

    #[test]
    fn timestamps_in_every_documented_form() {
        assert_eq!(parse_timestamp("1970-01-01"), Some(0.0));
        assert_eq!(parse_timestamp("2018-02-13"), Some(1_518_480_000.0));
        assert_eq!(
            parse_timestamp("2018-06-18T22:28:28"),
            Some(1_529_360_908.0)
        );
        assert_eq!(
            parse_timestamp("2018-06-18T22:28:28Z"),
            Some(1_529_360_908.0)
        );
        assert_eq!(
            parse_timestamp("2018-06-18T22:28:28+00:00"),
            Some(1_529_360_908.0)
        );
        assert_eq!(
            parse_timestamp("2018-06-18T23:28:28+0100"),
            Some(1_529_360_908.0)
        );
        assert_eq!(parse_timestamp("2000-02-29T00:00:00Z"), Some(951_782_400.0));
        for bad in [
            "",
            "2018-13-01",
            "2018-06-18T25:00:00",
            "2018/06/18",
            "2018-06-18Tx",
            "2018-06-18T22:28:28+1",
        ] {
            assert_eq!(parse_timestamp(bad), None, "{bad}");
        }
    }

    #[test]
    fn hostile_state_never_panics() {
        let mut state = cluster();
        let mut clock = clock();
        let a = register(&mut state, &mut clock, "i-0aaaaaaaaaaaaaaaa");
        register(&mut state, &mut clock, "i-0bbbbbbbbbbbbbbbb");
        state.container_instances[0].version = i64::MAX;
        state.container_instances[0].registered_resources[0].integer_value = Some(i64::MIN);
        state.ids_issued = u64::MAX;
        state.put_service(Service::new("web", i64::MAX, -50, i64::MAX));
        for i in 0..3 {
            state
                .add_task(
                    &a,
                    task(&format!("web-{i}"), "service:web", TaskStatus::Running),
                )
                .unwrap();
        }
        let mut again = agent("m5.large", "us-east-1a", "i-0aaaaaaaaaaaaaaaa");
        again["containerInstanceArn"] = json!(a);
        state.register(&again, &mut clock).unwrap();
        let outcome = drain(&mut state, &a);
        let d = &outcome.drains[0];
        assert_eq!(d.desired_count, MAX_DESIRED_COUNT);
        assert_eq!(d.minimum_healthy_percent, 0);
        assert!(d.completed);
        assert_eq!(state.container_instances[0].version, i64::MAX);
        let total: i64 = state
            .container_instances
            .iter()
            .map(|ci| ci.running_tasks_count)
            .sum();
        assert_eq!(total, MAX_DESIRED_COUNT);
    }

    #[test]
    fn step_clock_advances() {
        let mut c = StepClock::new(10.0, 2.5);
        assert_eq!((c.now(), c.now(), c.now()), (10.0, 12.5, 15.0));
    }
}
