//! What the ECS views display, prepared as plain data: a handful of uniform shapes ([`Line`],
//! [`Group`]) that one small component each renders. Building the text here keeps it testable
//! and keeps the number of distinct view types (and so the wasm size) small.

use std::fmt::Write as _;

use muster_core::ecs::cluster::{Outcome, ServiceDrain, Task};
use muster_core::ecs::ContainerInstance;
use serde_json::Value;

use super::cluster::{self, short_id, task_status, Call, InstanceCard};

/// One displayed line: `label` (muted, may be empty) then `text`. `key` becomes `data-key`,
/// for tests and styling.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Line {
    pub testid: &'static str,
    pub class: &'static str,
    pub key: String,
    pub label: String,
    pub text: String,
}

impl Line {
    pub fn new(testid: &'static str, text: impl Into<String>) -> Self {
        Self {
            testid,
            text: text.into(),
            ..Self::default()
        }
    }

    #[must_use]
    pub fn class(mut self, class: &'static str) -> Self {
        self.class = class;
        self
    }

    #[must_use]
    pub fn key(mut self, key: impl Into<String>) -> Self {
        self.key = key.into();
        self
    }

    #[must_use]
    pub fn label(mut self, label: impl Into<String>) -> Self {
        self.label = label.into();
        self
    }
}

/// A headed list of lines, with an optional hint under the heading.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Group {
    pub testid: &'static str,
    pub key: String,
    pub heading: String,
    pub hint: String,
    pub lines: Vec<Line>,
}

/// The first characters of an ID, enough to tell tasks apart.
fn brief(arn: &str) -> String {
    let id = short_id(arn);
    if id.chars().count() > 12 {
        format!("{}…", id.chars().take(12).collect::<String>())
    } else {
        id.to_owned()
    }
}

/// The last call as the panel shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CallView {
    pub operation: &'static str,
    /// `(__type, message)` when ECS refused the call.
    pub error: Option<(String, String)>,
    pub summary: String,
    pub groups: Vec<Group>,
    pub request: String,
    pub response: String,
}

pub fn call_view(call: &Call) -> CallView {
    let (error, summary, groups) = match &call.result {
        Ok(outcome) => (None, summary(call, outcome), effects(outcome)),
        Err(e) => (
            Some((e.error_type.clone(), e.message.clone())),
            String::new(),
            Vec::new(),
        ),
    };
    CallView {
        operation: call.operation,
        error,
        summary,
        groups,
        request: serde_json::to_string_pretty(&call.request).unwrap_or_default(),
        response: call.response_text(),
    }
}

/// One sentence on what the call did.
fn summary(call: &Call, outcome: &Outcome) -> String {
    let response = &outcome.response;
    let one = |v: &Value| {
        format!(
            "{} is {}",
            brief(v["containerInstanceArn"].as_str().unwrap_or_default()),
            v["status"].as_str().unwrap_or_default()
        )
    };
    match call.operation {
        "UpdateContainerInstancesState" => {
            let updated: Vec<String> = response["containerInstances"]
                .as_array()
                .map(|list| list.iter().map(one).collect())
                .unwrap_or_default();
            let failures = response["failures"].as_array().map_or(0, Vec::len);
            let mut text = format!("{}.", updated.join(", "));
            if failures > 0 {
                let _ = write!(text, " {failures} failures (MISSING).");
            }
            text
        }
        _ => format!("{}.", one(&response["containerInstance"])),
    }
}

/// Orphaned tasks, rescheduled copies, drains and untouched tasks, as groups.
fn effects(outcome: &Outcome) -> Vec<Group> {
    let mut groups = Vec::new();
    if !outcome.orphaned_tasks.is_empty() {
        groups.push(Group {
            testid: "orphaned",
            heading: "Orphaned tasks".into(),
            hint: "They keep running on the instance, but ECS no longer manages them.".into(),
            lines: outcome
                .orphaned_tasks
                .iter()
                .map(|t| task_line("orphaned-task", t))
                .collect(),
            ..Group::default()
        });
    }
    if !outcome.rescheduled.is_empty() {
        groups.push(Group {
            testid: "rescheduled",
            heading: "Service tasks rescheduled".into(),
            lines: outcome
                .rescheduled
                .iter()
                .map(|r| {
                    let what = match (
                        &r.replacement_task_arn,
                        &r.container_instance_arn,
                        &r.reason,
                    ) {
                        (Some(task), Some(on), _) => {
                            format!("started {} on {}", brief(task), brief(on))
                        }
                        (_, _, Some(reason)) => reason.clone(),
                        _ => String::new(),
                    };
                    Line::new("rescheduled-task", what)
                        .key(&r.service_name)
                        .label(format!("{} of {}:", brief(&r.task_arn), r.service_name))
                })
                .collect(),
            ..Group::default()
        });
    }
    groups.extend(outcome.drains.iter().map(drain_group));
    if !outcome.untouched_tasks.is_empty() {
        groups.push(Group {
            testid: "untouched",
            heading: "Left alone".into(),
            hint: "Standalone tasks on a DRAINING instance keep running; stop them yourself."
                .into(),
            lines: outcome
                .untouched_tasks
                .iter()
                .map(|arn| Line::new("untouched-task", brief(arn)).key(arn))
                .collect(),
            ..Group::default()
        });
    }
    groups
}

fn task_line(testid: &'static str, task: &Task) -> Line {
    Line::new(
        testid,
        format!(
            "{} {}",
            task.group.as_deref().unwrap_or_default(),
            task_status(task.last_status)
        ),
    )
    .key(&task.task_arn)
    .label(brief(&task.task_arn))
}

/// One service's drain: its bounds, each scheduler round, and how it ended.
fn drain_group(drain: &ServiceDrain) -> Group {
    let ids = |arns: &mut dyn Iterator<Item = String>| {
        let list: Vec<String> = arns.collect();
        if list.is_empty() {
            "none".to_owned()
        } else {
            list.join(", ")
        }
    };
    let mut lines = Vec::new();
    if !drain.stopped_pending.is_empty() {
        lines.push(Line::new(
            "drain-step",
            format!(
                "stopped {} PENDING tasks at once.",
                drain.stopped_pending.len()
            ),
        ));
    }
    for step in &drain.steps {
        let stopped = ids(&mut step.stopped.iter().map(|a| brief(a)));
        let started = ids(&mut step.started.iter().map(|t| {
            format!(
                "{} on {}",
                brief(&t.task_arn),
                brief(&t.container_instance_arn)
            )
        }));
        lines.push(
            Line::new(
                "drain-step",
                format!(
                    "{} of {} tasks healthy; stopped {stopped}; started {started}",
                    step.healthy, step.total
                ),
            )
            .label(format!("Round {}:", step.step)),
        );
    }
    let (class, end) = match (&drain.stalled, drain.completed) {
        (Some(reason), _) => ("line-error", reason.clone()),
        (None, _) => (
            "line-ok",
            "Done: no task of the service is left on a DRAINING instance.".to_owned(),
        ),
    };
    lines.push(Line::new("drain-end", end).class(class));
    if let Some(note) = &drain.note {
        lines.push(Line::new("drain-note", note.clone()).class("line-muted"));
    }
    Group {
        testid: "drain",
        key: drain.service_name.clone(),
        heading: format!("Draining service {}", drain.service_name),
        hint: cluster::drain_bounds(drain),
        lines,
    }
}

/// The RegisterContainerInstance response as the preview shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResponseView {
    pub arn: String,
    pub facts: Vec<Line>,
    pub resources: Vec<[String; 3]>,
    /// Attributes with a value; those ECS added are marked with the `added` class.
    pub attributes: Vec<Line>,
    pub name_only: usize,
    pub json: String,
}

pub fn response_view(response: &Value, request: &Value) -> ResponseView {
    let instance = &response["containerInstance"];
    let text = |key: &str| match &instance[key] {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        other => other.to_string(),
    };
    let facts = ["status", "agentConnected", "version", "ec2InstanceId"]
        .into_iter()
        .map(|key| Line::new("ci-preview-fact", text(key)).key(key).label(key))
        .collect();
    let (rows, name_only) = cluster::attribute_rows(instance, request);
    let attributes = rows
        .into_iter()
        .map(|(name, value, added)| {
            Line::new("ci-preview-attribute", value)
                .key(&name)
                .label(name)
                .class(if added { "added" } else { "" })
        })
        .collect();
    ResponseView {
        arn: text("containerInstanceArn"),
        facts,
        resources: cluster::resource_rows(instance, "registeredResources"),
        attributes,
        name_only,
        json: serde_json::to_string_pretty(response).unwrap_or_default(),
    }
}

/// An instance card's read-only part.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CardView {
    pub card: InstanceCard,
    pub facts: Vec<Line>,
    pub tasks: Vec<Line>,
}

pub fn card_view(instance: &ContainerInstance) -> CardView {
    let card = InstanceCard::of(instance);
    let facts = vec![
        Line::new("ci-fact", card.instance_type.clone()).label("type"),
        Line::new("ci-fact", card.zone.clone()).label("zone"),
        Line::new("ci-fact", card.os.clone()).label("os"),
        Line::new("ci-fact", card.ec2_instance_id.clone()).label("EC2"),
        Line::new("ci-fact", card.version.to_string()).label("version"),
        Line::new("ci-ports", card.ports.clone()).label("PORTS"),
        Line::new("ci-fact", card.ports_udp.clone()).label("PORTS_UDP"),
    ];
    let tasks = instance
        .tasks
        .iter()
        .map(|t| task_line("ci-task", t))
        .collect();
    CardView { card, facts, tasks }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::state::agent::AgentForm;
    use crate::state::cluster::Cluster;

    fn agent(zone: &str) -> String {
        AgentForm {
            zone: zone.into(),
            ..AgentForm::default()
        }
        .request_text()
        .unwrap()
    }

    fn two_instances() -> (Cluster, String, String) {
        let mut cluster = Cluster::default();
        cluster.register(&agent("us-east-1a")).unwrap();
        cluster.register(&agent("us-east-1b")).unwrap();
        let arns = cluster.arns();
        (cluster, arns[0].clone(), arns[1].clone())
    }

    #[test]
    fn a_refused_call_shows_the_error_only() {
        let (mut cluster, first, _) = two_instances();
        cluster.add_task(&first, "service:web").unwrap();
        cluster.deregister(&first, false);
        let view = call_view(cluster.last.as_ref().unwrap());
        assert_eq!(view.operation, "DeregisterContainerInstance");
        let (kind, message) = view.error.unwrap();
        assert_eq!(kind, "InvalidParameterException");
        assert!(message.contains("running tasks"));
        assert!(view.groups.is_empty());
        assert!(view.request.contains("\"force\": false"));
    }

    #[test]
    fn a_forced_deregistration_lists_orphaned_and_rescheduled_tasks() {
        let (mut cluster, first, second) = two_instances();
        let task = cluster.add_task(&first, "service:web").unwrap();
        cluster.deregister(&first, true);
        let view = call_view(cluster.last.as_ref().unwrap());
        assert!(view.error.is_none());
        assert!(view.summary.ends_with("is INACTIVE."), "{}", view.summary);
        let orphaned = &view.groups[0];
        assert_eq!(orphaned.testid, "orphaned");
        assert_eq!(orphaned.lines[0].key, task);
        assert_eq!(orphaned.lines[0].text, "service:web RUNNING");
        let rescheduled = &view.groups[1].lines[0];
        assert_eq!(rescheduled.key, "web");
        assert!(
            rescheduled.text.starts_with("started "),
            "{}",
            rescheduled.text
        );
        assert!(rescheduled.text.ends_with(&brief(&second)));
    }

    #[test]
    fn a_drain_shows_its_rounds_and_its_end() {
        let (mut cluster, first, _) = two_instances();
        cluster.add_task(&first, "service:web").unwrap();
        cluster.add_task(&first, "family:demo").unwrap();
        cluster.set_status(&first, "DRAINING");
        let view = call_view(cluster.last.as_ref().unwrap());
        assert!(view.summary.contains("is DRAINING"), "{}", view.summary);
        let drain = view.groups.iter().find(|g| g.testid == "drain").unwrap();
        assert_eq!(drain.key, "web");
        assert!(drain.hint.starts_with("desiredCount 1"));
        let steps: Vec<&Line> = drain
            .lines
            .iter()
            .filter(|l| l.testid == "drain-step")
            .collect();
        assert_eq!(steps.len(), 2);
        assert_eq!(steps[0].label, "Round 1:");
        assert!(
            steps[0].text.contains("stopped none; started "),
            "{}",
            steps[0].text
        );
        let end = drain
            .lines
            .iter()
            .find(|l| l.testid == "drain-end")
            .unwrap();
        assert_eq!(end.class, "line-ok");
        let untouched = view
            .groups
            .iter()
            .find(|g| g.testid == "untouched")
            .unwrap();
        assert_eq!(untouched.lines.len(), 1);
    }

    #[test]
    fn a_stalled_drain_says_why() {
        let (mut cluster, first, second) = two_instances();
        cluster.deregister(&second, false);
        cluster.add_task(&first, "service:web").unwrap();
        cluster.set_status(&first, "DRAINING");
        let view = call_view(cluster.last.as_ref().unwrap());
        let drain = view.groups.iter().find(|g| g.testid == "drain").unwrap();
        let end = drain
            .lines
            .iter()
            .find(|l| l.testid == "drain-end")
            .unwrap();
        assert_eq!(end.class, "line-error");
        assert!(
            end.text.contains("No ACTIVE container instance"),
            "{}",
            end.text
        );
    }

    #[test]
    fn the_response_view_marks_what_ecs_added() {
        let cluster = Cluster::default();
        let text = agent("");
        let request: Value = serde_json::from_str(&text).unwrap();
        let outcome = cluster.preview(&text).unwrap().unwrap();
        let view = response_view(&outcome.response, &request);
        assert!(view
            .arn
            .starts_with("arn:aws:ecs:us-east-1:123456789012:container-instance/default/"));
        assert_eq!(view.facts[0].text, "ACTIVE");
        assert_eq!(view.facts[1].text, "true");
        assert_eq!(view.resources[0], ["CPU", "INTEGER", "2048"]);
        let zone = view
            .attributes
            .iter()
            .find(|l| l.key == "ecs.availability-zone")
            .unwrap();
        assert_eq!((zone.text.as_str(), zone.class), ("us-east-1a", "added"));
        let os = view
            .attributes
            .iter()
            .find(|l| l.key == "ecs.os-type")
            .unwrap();
        assert_eq!(os.class, "");
        assert!(view.json.contains("\"containerInstance\""));
    }

    #[test]
    fn a_card_lists_facts_ports_and_tasks() {
        let (mut cluster, first, _) = two_instances();
        cluster.add_task(&first, "family:demo").unwrap();
        let view = card_view(cluster.instance(&first).unwrap());
        assert_eq!(view.card.status, "ACTIVE");
        assert_eq!(view.facts[0].text, "m5.large");
        assert_eq!(view.facts[1].text, "us-east-1a");
        let ports = view.facts.iter().find(|l| l.testid == "ci-ports").unwrap();
        assert_eq!(ports.text, "22, 2375, 2376, 51678, 51679");
        assert_eq!(view.tasks.len(), 1);
        assert_eq!(view.tasks[0].text, "family:demo RUNNING");
        assert!(view.tasks[0].label.ends_with('…'));
    }
}
