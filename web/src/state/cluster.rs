//! The simulated ECS cluster both ECS views share: the core's [`ClusterState`] with its clock,
//! the services as typed in the editor, and the last call made on it. Calls go straight to the
//! core (`ClusterState::register`, `deregister`, `update_state`), the same code the npm
//! package's `simulateCluster` runs, without a JSON round trip of the state.

use muster_core::ecs::cluster::{
    Outcome, Service, ServiceDrain, Task, TaskStatus, MAX_DESIRED_COUNT,
};
use muster_core::ecs::model::{cluster_name_problem, Resource};
use muster_core::ecs::{ApiError, ClusterState, ContainerInstance, StepClock};
use muster_core::rng::Rng;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

use muster_core::text::grouped;

/// The account in AWS's examples, as the agent presets use.
pub const ACCOUNT: &str = "123456789012";
/// Seeds the generated IDs, so the same calls give the same ARNs.
const SEED: u64 = 7;
/// The group of the standalone demo task.
pub const STANDALONE_GROUP: &str = "family:demo";

/// One service as typed in the editor.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ServiceRow {
    pub name: String,
    pub desired: String,
    pub minimum: String,
    pub maximum: String,
}

/// A column of the services editor.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ServiceField {
    Name,
    Desired,
    Minimum,
    Maximum,
}

impl ServiceField {
    pub const ALL: [ServiceField; 4] = [
        ServiceField::Name,
        ServiceField::Desired,
        ServiceField::Minimum,
        ServiceField::Maximum,
    ];

    /// The member's name, as messages use it.
    pub fn label(self) -> &'static str {
        match self {
            ServiceField::Name => "serviceName",
            ServiceField::Desired => "desiredCount",
            ServiceField::Minimum => "minimumHealthyPercent",
            ServiceField::Maximum => "maximumPercent",
        }
    }

    /// The column heading, short enough for a narrow column.
    pub fn heading(self) -> &'static str {
        match self {
            ServiceField::Name => "Name",
            ServiceField::Desired => "Desired",
            ServiceField::Minimum => "Min %",
            ServiceField::Maximum => "Max %",
        }
    }

    pub fn slug(self) -> &'static str {
        match self {
            ServiceField::Name => "name",
            ServiceField::Desired => "desired",
            ServiceField::Minimum => "min",
            ServiceField::Maximum => "max",
        }
    }
}

impl ServiceRow {
    fn new(name: &str, desired: i64, minimum: i64, maximum: i64) -> Self {
        Self {
            name: name.to_owned(),
            desired: desired.to_string(),
            minimum: minimum.to_string(),
            maximum: maximum.to_string(),
        }
    }

    pub fn get(&self, field: ServiceField) -> &str {
        match field {
            ServiceField::Name => &self.name,
            ServiceField::Desired => &self.desired,
            ServiceField::Minimum => &self.minimum,
            ServiceField::Maximum => &self.maximum,
        }
    }

    fn slot(&mut self, field: ServiceField) -> &mut String {
        match field {
            ServiceField::Name => &mut self.name,
            ServiceField::Desired => &mut self.desired,
            ServiceField::Minimum => &mut self.minimum,
            ServiceField::Maximum => &mut self.maximum,
        }
    }

    /// What is wrong with a field, if anything.
    pub fn problem(&self, field: ServiceField) -> Option<String> {
        let text = self.get(field).trim();
        if field == ServiceField::Name {
            return cluster_name_problem(text).map(|p| format!("serviceName {p}."));
        }
        let (max, range) = match field {
            ServiceField::Desired => (MAX_DESIRED_COUNT, "0 to 5,000"),
            ServiceField::Minimum => (100, "0 to 100"),
            _ => (10_000, "0 to 10,000"),
        };
        match text.parse::<i64>() {
            Ok(n) if (0..=max).contains(&n) => None,
            _ => Some(format!(
                "{} must be a whole number from {range}.",
                field.label()
            )),
        }
    }

    fn service(&self) -> Option<Service> {
        if ServiceField::ALL.iter().any(|f| self.problem(*f).is_some()) {
            return None;
        }
        let number = |text: &str| text.trim().parse::<i64>().unwrap_or_default();
        Some(Service::new(
            self.name.trim(),
            number(&self.desired),
            number(&self.minimum),
            number(&self.maximum),
        ))
    }
}

/// One ECS call and what it returned.
#[derive(Debug, Clone, PartialEq)]
pub struct Call {
    pub operation: &'static str,
    pub request: Value,
    pub result: Result<Outcome, ApiError>,
}

impl Call {
    /// The HTTP answer as JSON: the response, or the error body.
    pub fn response_text(&self) -> String {
        let value = match &self.result {
            Ok(outcome) => outcome.response.clone(),
            Err(error) => serde_json::to_value(error).unwrap_or_default(),
        };
        serde_json::to_string_pretty(&value).unwrap_or_default()
    }
}

/// Why Start over refused its inputs: a message for each field that is wrong.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ResetProblems {
    pub name: Option<String>,
    pub region: Option<String>,
}

impl ResetProblems {
    pub fn is_empty(&self) -> bool {
        self.name.is_none() && self.region.is_none()
    }
}

/// The cluster, its clock, the services editor and the last call.
#[derive(Debug, Clone, PartialEq)]
pub struct Cluster {
    pub state: ClusterState,
    pub clock: StepClock,
    pub services: Vec<ServiceRow>,
    pub last: Option<Call>,
    tasks_added: u64,
}

impl Default for Cluster {
    fn default() -> Self {
        Self::new("default", "us-east-1")
    }
}

impl Cluster {
    /// An empty cluster with one service, `web` (desiredCount 1, 100% / 200%).
    pub fn new(name: &str, region: &str) -> Self {
        let mut cluster = Self {
            state: ClusterState::new(name, region, ACCOUNT, SEED),
            clock: StepClock::default(),
            services: vec![ServiceRow::new("web", 1, 100, 200)],
            last: None,
            tasks_added: 0,
        };
        cluster.sync_services();
        cluster
    }

    /// A saved cluster: its state and clock as they were, the services as typed, no last call.
    pub fn restore(
        state: ClusterState,
        clock: StepClock,
        services: Vec<ServiceRow>,
        tasks_added: u64,
    ) -> Self {
        Self {
            state,
            clock,
            services,
            last: None,
            tasks_added,
        }
    }

    /// How many demo tasks were added (seeds the next task's ID).
    pub fn tasks_added(&self) -> u64 {
        self.tasks_added
    }

    /// A new empty cluster named as typed, or what is wrong with the name and the Region (both,
    /// so each field shows its own problem).
    pub fn reset(name: &str, region: &str) -> Result<Self, ResetProblems> {
        let name = name.trim();
        let region = region.trim();
        let problems = ResetProblems {
            name: cluster_name_problem(name).map(|problem| format!("The cluster name {problem}.")),
            region: if region.is_empty() {
                Some("Give the cluster's Region, like us-east-1.".to_owned())
            } else {
                muster_core::text::region_code_problem(region).map(|problem| format!("{problem}."))
            },
        };
        if problems.is_empty() {
            Ok(Self::new(name, region))
        } else {
            Err(problems)
        }
    }

    /// What RegisterContainerInstance would return for `text`, on a copy of the cluster.
    pub fn preview(&self, text: &str) -> Result<Result<Outcome, ApiError>, String> {
        let request = parse_request(text)?;
        let mut state = self.state.clone();
        let mut clock = self.clock;
        Ok(state.register(&request, &mut clock))
    }

    /// Sends RegisterContainerInstance; the result is the last call.
    pub fn register(&mut self, text: &str) -> Result<(), String> {
        let request = parse_request(text)?;
        let result = self.state.register(&request, &mut self.clock);
        self.last = Some(Call {
            operation: "RegisterContainerInstance",
            request,
            result,
        });
        Ok(())
    }

    /// Sends DeregisterContainerInstance.
    pub fn deregister(&mut self, arn: &str, force: bool) {
        let request = json!({
            "cluster": self.state.cluster_name,
            "containerInstance": arn,
            "force": force,
        });
        let result = self.state.deregister(&request);
        self.last = Some(Call {
            operation: "DeregisterContainerInstance",
            request,
            result,
        });
    }

    /// Sends UpdateContainerInstancesState (`ACTIVE` or `DRAINING`).
    pub fn set_status(&mut self, arn: &str, status: &str) {
        let request = json!({
            "cluster": self.state.cluster_name,
            "containerInstances": [arn],
            "status": status,
        });
        let result = self.state.update_state(&request);
        self.last = Some(Call {
            operation: "UpdateContainerInstancesState",
            request,
            result,
        });
    }

    /// Puts a RUNNING task of `group` (`service:NAME` or [`STANDALONE_GROUP`]) on an instance,
    /// as if the scheduler or RunTask had placed it; returns its ARN.
    pub fn add_task(&mut self, arn: &str, group: &str) -> Result<String, ApiError> {
        let mut rng = Rng::stream(self.state.seed ^ self.tasks_added, "demo-task");
        let task_arn = self
            .state
            .arn(&format!("task/{}/{}", self.state.cluster_name, rng.hex(32)));
        self.state.add_task(
            arn,
            Task {
                task_arn: task_arn.clone(),
                group: Some(group.to_owned()),
                last_status: TaskStatus::Running,
            },
        )?;
        self.tasks_added += 1;
        Ok(task_arn)
    }

    /// DescribeContainerInstances for every instance, pretty.
    pub fn describe_text(&self) -> String {
        serde_json::to_string_pretty(&self.state.describe()).unwrap_or_default()
    }

    /// Edits a service field; the services that are valid become the cluster's.
    pub fn set_service(&mut self, index: usize, field: ServiceField, value: String) {
        if let Some(row) = self.services.get_mut(index) {
            *row.slot(field) = value;
            self.sync_services();
        }
    }

    /// Adds a service with a free name.
    pub fn add_service(&mut self) {
        let name = (1..=self.services.len() + 1)
            .map(|n| format!("svc-{n}"))
            .find(|n| !self.services.iter().any(|s| s.name == *n))
            .unwrap_or_default();
        self.services.push(ServiceRow::new(&name, 1, 100, 200));
        self.sync_services();
    }

    pub fn remove_service(&mut self, index: usize) {
        if index < self.services.len() {
            self.services.remove(index);
            self.sync_services();
        }
    }

    /// The groups a demo task can have: each valid service, then standalone.
    pub fn task_groups(&self) -> Vec<String> {
        let mut groups: Vec<String> = self
            .state
            .services
            .iter()
            .map(|s| format!("service:{}", s.service_name))
            .collect();
        groups.push(STANDALONE_GROUP.to_owned());
        groups
    }

    /// `1 task`, `2 tasks` of a service in the cluster.
    pub fn service_tasks_text(&self, name: &str) -> String {
        match self.service_tasks(name) {
            1 => "1 task in the cluster".to_owned(),
            n => format!("{n} tasks in the cluster"),
        }
    }

    /// Active tasks of a service across the cluster.
    pub fn service_tasks(&self, name: &str) -> usize {
        self.state
            .container_instances
            .iter()
            .flat_map(|ci| ci.tasks.iter())
            .filter(|t| t.service_name() == Some(name) && t.last_status != TaskStatus::Stopped)
            .count()
    }

    /// The ARN of the instance at `index`, for the views' keys.
    pub fn arns(&self) -> Vec<String> {
        self.state
            .container_instances
            .iter()
            .map(|ci| ci.container_instance_arn.clone())
            .collect()
    }

    pub fn instance(&self, arn: &str) -> Option<&ContainerInstance> {
        self.state
            .container_instances
            .iter()
            .find(|ci| ci.container_instance_arn == arn)
    }

    fn sync_services(&mut self) {
        let mut services: Vec<Service> = Vec::new();
        for service in self.services.iter().filter_map(ServiceRow::service) {
            if !services
                .iter()
                .any(|s| s.service_name == service.service_name)
            {
                services.push(service);
            }
        }
        self.state.services = services;
    }
}

fn parse_request(text: &str) -> Result<Value, String> {
    serde_json::from_str(text).map_err(|e| {
        format!("The request is not valid JSON ({e}); fix it in the JSON editor first.")
    })
}

/// `RUNNING`, `PENDING`, `STOPPED`.
pub fn task_status(status: TaskStatus) -> &'static str {
    match status {
        TaskStatus::Pending => "PENDING",
        TaskStatus::Running => "RUNNING",
        TaskStatus::Stopped => "STOPPED",
    }
}

/// A numeric resource as registered and remaining, for a bar.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Meter {
    pub name: &'static str,
    pub registered: i64,
    pub remaining: i64,
}

impl Meter {
    /// The remaining share as a CSS width.
    pub fn width(&self) -> String {
        if self.registered <= 0 {
            return "0%".to_owned();
        }
        #[allow(clippy::cast_precision_loss)] // amounts stay far below 2^52
        let share = self.remaining as f64 / self.registered as f64 * 100.0;
        format!("{:.1}%", share.clamp(0.0, 100.0))
    }

    /// `2,048 of 2,048 remaining`.
    pub fn text(&self) -> String {
        format!(
            "{} of {} remaining",
            grouped(self.remaining),
            grouped(self.registered)
        )
    }
}

/// What an instance card shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InstanceCard {
    pub id: String,
    pub status: &'static str,
    pub agent_connected: bool,
    pub ec2_instance_id: String,
    pub instance_type: String,
    pub zone: String,
    pub os: String,
    pub meters: Vec<Meter>,
    pub ports: String,
    pub ports_udp: String,
    pub running: i64,
    pub pending: i64,
    pub version: i64,
}

impl InstanceCard {
    pub fn of(instance: &ContainerInstance) -> Self {
        let attribute = |name: &str| {
            instance
                .attributes
                .iter()
                .find(|a| a.name == name)
                .and_then(|a| a.value.clone())
                .unwrap_or_default()
        };
        let find = |list: &[Resource], name: &str| list.iter().find(|r| r.name == name).cloned();
        let meters = ["CPU", "MEMORY"]
            .into_iter()
            .filter_map(|name| {
                let registered = find(&instance.registered_resources, name)?;
                let remaining = find(&instance.remaining_resources, name);
                let amount = |r: &Resource| r.integer_value.or(r.long_value).unwrap_or(0);
                Some(Meter {
                    name,
                    registered: amount(&registered),
                    remaining: remaining.as_ref().map_or(0, amount),
                })
            })
            .collect();
        let ports = |name: &str| {
            find(&instance.registered_resources, name)
                .and_then(|r| r.string_set_value)
                .filter(|p| !p.is_empty())
                .map_or_else(|| "none".to_owned(), |p| p.join(", "))
        };
        Self {
            id: instance.id().to_owned(),
            status: instance.status.as_api(),
            agent_connected: instance.agent_connected,
            ec2_instance_id: instance.ec2_instance_id.clone().unwrap_or_default(),
            instance_type: attribute("ecs.instance-type"),
            zone: attribute("ecs.availability-zone"),
            os: attribute("ecs.os-type"),
            meters,
            ports: ports("PORTS"),
            ports_udp: ports("PORTS_UDP"),
            running: instance.running_tasks_count,
            pending: instance.pending_tasks_count,
            version: instance.version,
        }
    }
}

/// The end of an ARN: the task or instance ID.
pub fn short_id(arn: &str) -> &str {
    arn.rsplit('/').next().unwrap_or(arn)
}

/// A resource list of a containerInstance response as `[name, type, amount]` rows.
pub fn resource_rows(instance: &Value, member: &str) -> Vec<[String; 3]> {
    let Some(items) = instance.get(member).and_then(Value::as_array) else {
        return Vec::new();
    };
    items
        .iter()
        .map(|r| {
            let text = |key: &str| r.get(key).and_then(Value::as_str).unwrap_or_default();
            let amount = match text("type") {
                "STRINGSET" => r
                    .get("stringSetValue")
                    .and_then(Value::as_array)
                    .map(|ports| {
                        ports
                            .iter()
                            .filter_map(Value::as_str)
                            .collect::<Vec<_>>()
                            .join(", ")
                    })
                    .unwrap_or_default(),
                "DOUBLE" => r
                    .get("doubleValue")
                    .map(Value::to_string)
                    .unwrap_or_default(),
                "LONG" => r.get("longValue").map(Value::to_string).unwrap_or_default(),
                _ => r
                    .get("integerValue")
                    .map(Value::to_string)
                    .unwrap_or_default(),
            };
            [text("name").to_owned(), text("type").to_owned(), amount]
        })
        .collect()
}

/// The attributes with a value as `(name, value, added by ECS)`, and how many name-only ones
/// (the agent's capabilities) there are besides.
pub fn attribute_rows(instance: &Value, request: &Value) -> (Vec<(String, String, bool)>, usize) {
    let sent = |name: &str| {
        request
            .get("attributes")
            .and_then(Value::as_array)
            .is_some_and(|list| {
                list.iter()
                    .any(|a| a.get("name").and_then(Value::as_str) == Some(name))
            })
    };
    let mut rows = Vec::new();
    let mut name_only = 0;
    for attribute in instance
        .get("attributes")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        let name = attribute
            .get("name")
            .and_then(Value::as_str)
            .unwrap_or_default();
        match attribute.get("value").and_then(Value::as_str) {
            Some(value) => rows.push((name.to_owned(), value.to_owned(), !sent(name))),
            None => name_only += 1,
        }
    }
    (rows, name_only)
}

/// How a service's drain was bounded.
pub fn drain_bounds(drain: &ServiceDrain) -> String {
    format!(
        "desiredCount {}: minimumHealthyPercent {}% keeps at least {} RUNNING; maximumPercent {}% allows at most {}.",
        drain.desired_count,
        drain.minimum_healthy_percent,
        drain.minimum_healthy_tasks,
        drain.maximum_percent,
        drain.maximum_tasks
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::state::agent::AgentForm;

    fn agent(zone: &str) -> String {
        AgentForm {
            zone: zone.into(),
            ..AgentForm::default()
        }
        .request_text()
        .unwrap()
    }

    fn registered(cluster: &mut Cluster, zone: &str) -> String {
        cluster.register(&agent(zone)).unwrap();
        let Some(Call {
            result: Ok(outcome),
            ..
        }) = &cluster.last
        else {
            panic!("{:?}", cluster.last)
        };
        outcome.response["containerInstance"]["containerInstanceArn"]
            .as_str()
            .unwrap()
            .to_owned()
    }

    fn error_type(cluster: &Cluster) -> String {
        cluster
            .last
            .as_ref()
            .unwrap()
            .result
            .as_ref()
            .unwrap_err()
            .error_type
            .clone()
    }

    #[test]
    fn the_preview_is_what_registering_then_returns() {
        let mut cluster = Cluster::default();
        let preview = cluster.preview(&agent("")).unwrap().unwrap();
        assert!(
            cluster.state.container_instances.is_empty(),
            "nothing committed"
        );
        assert!(cluster.last.is_none());
        let arn = registered(&mut cluster, "");
        assert_eq!(
            preview.response["containerInstance"]["containerInstanceArn"],
            arn.as_str()
        );
        assert_eq!(cluster.state.container_instances.len(), 1);
        let card = InstanceCard::of(cluster.instance(&arn).unwrap());
        assert_eq!(card.status, "ACTIVE");
        assert_eq!(card.instance_type, "m5.large");
        assert_eq!(card.zone, "us-east-1a");
        assert_eq!(card.ports, "22, 2375, 2376, 51678, 51679");
        assert_eq!(card.ports_udp, "none");
        assert_eq!(card.meters[0].text(), "2,048 of 2,048 remaining");
        assert_eq!(card.meters[0].width(), "100.0%");
        assert_eq!(card.meters[1].name, "MEMORY");
        assert_eq!(short_id(&arn), card.id);
        // The next preview is a second instance with another ARN.
        let next = cluster.preview(&agent("")).unwrap().unwrap();
        assert_ne!(
            next.response["containerInstance"]["containerInstanceArn"],
            arn.as_str()
        );
    }

    #[test]
    fn preview_errors_are_api_errors_or_bad_json() {
        let cluster = Cluster::default();
        assert!(cluster.preview("{").unwrap_err().contains("not valid JSON"));
        let other = AgentForm {
            cluster: "prod".into(),
            ..AgentForm::default()
        }
        .request_text()
        .unwrap();
        let error = cluster.preview(&other).unwrap().unwrap_err();
        assert_eq!(error.error_type, "ClusterNotFoundException");
        let bad = other
            .replace("\"prod\"", "\"default\"")
            .replace("2048", "-2048");
        let error = cluster.preview(&bad).unwrap().unwrap_err();
        assert_eq!(error.error_type, "InvalidParameterException");
        assert!(error.message.contains("ECS012"), "{}", error.message);
    }

    #[test]
    fn deregistering_with_tasks_needs_force_and_orphans_them() {
        let mut cluster = Cluster::default();
        let arn = registered(&mut cluster, "");
        let task = cluster.add_task(&arn, "service:web").unwrap();
        assert!(task.starts_with("arn:aws:ecs:us-east-1:123456789012:task/default/"));
        assert_eq!(cluster.instance(&arn).unwrap().running_tasks_count, 1);
        assert_eq!(cluster.service_tasks("web"), 1);
        assert_eq!(cluster.service_tasks_text("web"), "1 task in the cluster");
        assert_eq!(cluster.service_tasks_text("api"), "0 tasks in the cluster");
        cluster.deregister(&arn, false);
        assert_eq!(error_type(&cluster), "InvalidParameterException");
        assert_eq!(cluster.state.container_instances.len(), 1);
        cluster.deregister(&arn, true);
        let outcome = cluster.last.as_ref().unwrap().result.as_ref().unwrap();
        assert_eq!(outcome.orphaned_tasks[0].task_arn, task);
        assert_eq!(outcome.rescheduled[0].service_name, "web");
        assert!(outcome.rescheduled[0].reason.is_some(), "no other instance");
        assert!(cluster.state.container_instances.is_empty());
        assert_eq!(
            cluster.last.as_ref().unwrap().request["force"],
            Value::Bool(true)
        );
    }

    #[test]
    fn draining_moves_service_tasks_within_the_deployment_bounds() {
        let mut cluster = Cluster::default();
        let first = registered(&mut cluster, "us-east-1a");
        let second = registered(&mut cluster, "us-east-1b");
        cluster.add_task(&first, "service:web").unwrap();
        cluster.add_task(&first, STANDALONE_GROUP).unwrap();
        cluster.set_status(&first, "DRAINING");
        let outcome = cluster.last.as_ref().unwrap().result.as_ref().unwrap();
        let drain = &outcome.drains[0];
        assert!(drain.completed);
        assert_eq!(drain.steps[0].started[0].container_instance_arn, second);
        assert_eq!(outcome.untouched_tasks.len(), 1, "standalone tasks stay");
        assert_eq!(
            drain_bounds(drain),
            "desiredCount 1: minimumHealthyPercent 100% keeps at least 1 RUNNING; maximumPercent 200% allows at most 2."
        );
        assert_eq!(
            InstanceCard::of(cluster.instance(&first).unwrap()).status,
            "DRAINING"
        );
        cluster.set_status(&first, "ACTIVE");
        assert_eq!(
            InstanceCard::of(cluster.instance(&first).unwrap()).status,
            "ACTIVE"
        );

        // With maximumPercent 100 and minimumHealthyPercent 100 the drain cannot move.
        let mut stuck = Cluster::default();
        let first = registered(&mut stuck, "us-east-1a");
        registered(&mut stuck, "us-east-1b");
        stuck.set_service(0, ServiceField::Maximum, "100".into());
        stuck.add_task(&first, "service:web").unwrap();
        stuck.set_status(&first, "DRAINING");
        let outcome = stuck.last.as_ref().unwrap().result.as_ref().unwrap();
        assert!(outcome.drains[0].stalled.is_some());
    }

    #[test]
    fn the_services_editor_keeps_only_valid_services() {
        let mut cluster = Cluster::default();
        assert_eq!(cluster.task_groups(), ["service:web", STANDALONE_GROUP]);
        cluster.set_service(0, ServiceField::Desired, "two".into());
        assert!(cluster.services[0]
            .problem(ServiceField::Desired)
            .unwrap()
            .contains("whole number"));
        assert!(cluster.state.services.is_empty());
        cluster.set_service(0, ServiceField::Desired, "2".into());
        assert_eq!(cluster.state.services[0].desired_count, 2);
        cluster.set_service(0, ServiceField::Minimum, "101".into());
        assert!(cluster.state.services.is_empty());
        cluster.set_service(0, ServiceField::Minimum, "50".into());
        cluster.add_service();
        assert_eq!(cluster.services[1].name, "svc-1");
        cluster.set_service(1, ServiceField::Name, "web".into());
        assert_eq!(
            cluster.state.services.len(),
            1,
            "a duplicate name counts once"
        );
        cluster.set_service(1, ServiceField::Name, "bad name".into());
        assert!(cluster.services[1].problem(ServiceField::Name).is_some());
        cluster.remove_service(1);
        assert_eq!(cluster.services.len(), 1);
    }

    #[test]
    fn reset_checks_the_name_and_the_describe_output_is_the_api_shape() {
        let bad_name = Cluster::reset("bad name", "us-east-1").unwrap_err();
        assert!(bad_name.name.is_some() && bad_name.region.is_none());
        assert!(Cluster::reset("prod", " ").unwrap_err().region.is_some());
        let both = Cluster::reset("", "US East").unwrap_err();
        assert!(both.name.is_some());
        assert!(both.region.unwrap().contains("not a Region code"));
        let mut cluster = Cluster::reset("prod", "eu-west-1").unwrap();
        assert_eq!(
            cluster.state.cluster_arn(),
            "arn:aws:ecs:eu-west-1:123456789012:cluster/prod"
        );
        let request = AgentForm {
            cluster: "prod".into(),
            region: "eu-west-1".into(),
            ..AgentForm::default()
        }
        .request_text()
        .unwrap();
        let arn = registered_text(&mut cluster, &request);
        cluster.add_task(&arn, "service:web").unwrap();
        let describe: Value = serde_json::from_str(&cluster.describe_text()).unwrap();
        assert_eq!(describe["containerInstances"][0]["runningTasksCount"], 1);
        assert!(describe["containerInstances"][0].get("tasks").is_none());
        assert_eq!(describe["failures"], json!([]));
        let call = cluster.last.as_ref().unwrap();
        assert!(call.response_text().contains("containerInstanceArn"));
    }

    fn registered_text(cluster: &mut Cluster, text: &str) -> String {
        cluster.register(text).unwrap();
        cluster.arns().pop().unwrap()
    }

    #[test]
    fn response_rows_show_resources_and_the_attributes_ecs_adds() {
        let cluster = Cluster::default();
        let request: Value = serde_json::from_str(&agent("")).unwrap();
        let outcome = cluster.preview(&agent("")).unwrap().unwrap();
        let instance = &outcome.response["containerInstance"];
        let resources = resource_rows(instance, "registeredResources");
        assert_eq!(resources[0], ["CPU", "INTEGER", "2048"]);
        assert_eq!(resources[2][2], "22, 2375, 2376, 51678, 51679");
        assert_eq!(resources[3][2], "");
        let (rows, name_only) = attribute_rows(instance, &request);
        let added: Vec<&str> = rows.iter().filter(|r| r.2).map(|r| r.0.as_str()).collect();
        assert!(added.contains(&"ecs.availability-zone"), "{added:?}");
        assert!(added.contains(&"ecs.instance-type"));
        assert!(!added.contains(&"ecs.os-type"), "the agent sends it");
        assert!(name_only > 20);
        assert!(resource_rows(&json!({}), "registeredResources").is_empty());
    }

    #[test]
    fn meters_handle_odd_amounts() {
        let meter = Meter {
            name: "CPU",
            registered: 0,
            remaining: 0,
        };
        assert_eq!(meter.width(), "0%");
        let meter = Meter {
            name: "MEMORY",
            registered: 7985,
            remaining: -10,
        };
        assert_eq!(meter.width(), "0.0%");
        assert_eq!(meter.text(), "-10 of 7,985 remaining");
        let error = ApiError::invalid_parameter("Found running tasks on the instance.");
        let call = Call {
            operation: "DeregisterContainerInstance",
            request: json!({}),
            result: Err(error),
        };
        assert!(call
            .response_text()
            .contains("\"__type\": \"InvalidParameterException\""));
    }
}
