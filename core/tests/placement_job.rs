//! Plans run in steps: whatever the step size, the job gives exactly what the one-call
//! `plan_service` gives, its progress only grows and ends at the total, and unusable input is
//! refused with the same error.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use muster_core::api::{plan_service, PlanServiceJob};
use muster_core::ecs::placement::{self, Planner, Progress, Setup};
use muster_core::ecs::taskdef::TaskDefinition;
use proptest::prelude::*;
use serde_json::{json, Value};

const ARN: &str = "arn:aws:ecs:us-east-1:123456789012:container-instance/prod";
const AZS: [&str; 3] = ["us-east-1a", "us-east-1b", "us-east-1c"];
/// One task at a time, an odd size that does not divide the counts, and everything at once.
const STEPS: [usize; 3] = [1, 7, usize::MAX];

fn instance(i: usize, az: &str, cpu: i64, memory: i64, ports: &[u16]) -> Value {
    json!({
        "containerInstanceArn": format!("{ARN}/n{i}"),
        "ec2InstanceId": format!("i-{i:08x}"),
        "status": "ACTIVE",
        "agentConnected": true,
        "runningTasksCount": 0,
        "pendingTasksCount": 0,
        "versionInfo": {"agentVersion": "1.80.0"},
        "remainingResources": [
            {"name": "CPU", "type": "INTEGER", "integerValue": cpu},
            {"name": "MEMORY", "type": "INTEGER", "integerValue": memory},
            {"name": "PORTS", "type": "STRINGSET",
                "stringSetValue": ports.iter().map(ToString::to_string).collect::<Vec<_>>()},
            {"name": "PORTS_UDP", "type": "STRINGSET", "stringSetValue": []}
        ],
        "attributes": [
            {"name": "ecs.availability-zone", "value": az},
            {"name": "ecs.instance-type", "value": if i.is_multiple_of(3) { "m5.large" } else { "c5.xlarge" }}
        ]
    })
}

fn cluster(n: usize, cpu: i64, memory: i64) -> Vec<Value> {
    (0..n)
        .map(|i| instance(i, AZS[i % 3], cpu, memory, &[22]))
        .collect()
}

fn task_definition(cpu: i64, memory: i64, host_port: u16) -> Value {
    json!({"family": "web", "revision": 3, "networkMode": "bridge",
        "containerDefinitions": [{"name": "web", "cpu": cpu, "memory": memory,
            "portMappings": [{"containerPort": 8080, "hostPort": host_port, "protocol": "tcp"}]}]})
}

fn running(n: usize, on: usize, group: &str) -> Value {
    json!({"taskArn": format!("arn:aws:ecs:us-east-1:123456789012:task/prod/t{n}"),
        "containerInstanceArn": format!("{ARN}/n{on}"), "group": group, "lastStatus": "RUNNING"})
}

fn service(desired: u64, strategy: &Value, constraints: &Value) -> Value {
    json!({"serviceName": "web", "cluster": "prod", "taskDefinition": "web:3",
        "desiredCount": desired, "placementStrategy": strategy,
        "placementConstraints": constraints})
}

fn cloud_map() -> Value {
    json!({
        "namespace": {"Id": "ns-e4anhexample0004", "Name": "prod.local", "Type": "DNS_PRIVATE",
            "Properties": {"DnsProperties": {"HostedZoneId": "Z1"}}},
        "service": {"Id": "srv-e4anhexample0004", "Name": "web", "NamespaceId": "ns-e4anhexample0004",
            "DnsConfig": {"RoutingPolicy": "MULTIVALUE", "DnsRecords": [{"Type": "SRV", "TTL": 60}]},
            "HealthCheckCustomConfig": {"FailureThreshold": 1}}
    })
}

/// Runs the job `step` tasks at a time, checking progress after each step, and returns the
/// output as JSON. `owned` moves the job off its input after the first step, as the web app does.
fn run_in_steps(input: &Value, step: usize, owned: bool) -> Value {
    let mut job = PlanServiceJob::new(input).unwrap();
    let start = job.progress();
    assert_eq!(start.done, 0, "nothing is placed before the first step");
    let first = job.advance(step);
    check_step(start, first, step);
    if owned {
        finish_in_steps(job.into_owned(), step, first)
    } else {
        finish_in_steps(job, step, first)
    }
}

fn finish_in_steps(mut job: PlanServiceJob<'_>, step: usize, mut last: Progress) -> Value {
    let mut calls = 1;
    while !last.is_finished() {
        let progress = job.advance(step);
        check_step(last, progress, step);
        last = progress;
        calls += 1;
        assert!(calls <= last.total + 1, "the job never ends");
    }
    assert_eq!(last.done, last.total);
    assert_eq!(job.progress(), last);
    serde_json::to_value(job.finish().unwrap()).unwrap()
}

/// Progress only grows, by at most `step` unless the plan ended, and by something each step.
fn check_step(last: Progress, progress: Progress, step: usize) {
    assert_eq!(progress.total, last.total, "the total never changes");
    assert!(
        progress.done >= last.done,
        "progress went back: {last:?} -> {progress:?}"
    );
    assert!(progress.done <= progress.total, "{progress:?}");
    assert!(
        progress.is_finished() || progress.done - last.done <= step,
        "{step} per step, got {last:?} -> {progress:?}"
    );
    assert!(
        progress.is_finished() || progress.done > last.done,
        "a step that is not the last does something: {last:?} -> {progress:?}"
    );
}

fn assert_same_in_every_step_size(name: &str, input: &Value) {
    let whole = serde_json::to_value(plan_service(input).unwrap()).unwrap();
    for step in STEPS {
        for owned in [false, true] {
            let stepped = run_in_steps(input, step, owned);
            assert!(
                stepped == whole,
                "{name}: steps of {step} (owned: {owned}) differ from one call"
            );
        }
    }
}

/// The cases: each strategy chain, both constraints, resources running out part way, static
/// host ports, scale-in, a daemon, no usable instance, Cloud Map registrations, an invalid request.
fn cases() -> Vec<(&'static str, Value)> {
    let none = json!([]);
    let zone_then_memory = json!([{"type": "spread", "field": "attribute:ecs.availability-zone"},
        {"type": "binpack", "field": "memory"}]);
    let mut scale_in_tasks: Vec<Value> =
        (0..25).map(|t| running(t, t % 9, "service:web")).collect();
    scale_in_tasks.push(running(99, 1, "service:other"));
    let mut drained = cluster(4, 1024, 1024);
    for i in &mut drained {
        i["status"] = json!("DRAINING");
    }
    vec![
        (
            "default chain",
            json!({"cluster": cluster(12, 2048, 4096), "taskDefinition": task_definition(128, 128, 0),
                "service": service(40, &none, &none), "seed": 1}),
        ),
        (
            "spread zone then binpack memory, resources run out",
            json!({"cluster": cluster(9, 512, 1024), "taskDefinition": task_definition(128, 300, 0),
                "service": service(40, &zone_then_memory, &none), "seed": 2}),
        ),
        (
            "binpack cpu with distinctInstance",
            json!({"cluster": cluster(10, 4096, 4096), "taskDefinition": task_definition(256, 256, 0),
                "service": service(15, &json!([{"type": "binpack", "field": "cpu"}]),
                    &json!([{"type": "distinctInstance"}])), "seed": 3}),
        ),
        (
            "memberOf, static host port, spread host then random",
            json!({"cluster": cluster(15, 4096, 4096), "taskDefinition": task_definition(64, 64, 80),
                "service": service(9, &json!([{"type": "spread", "field": "host"}, {"type": "random"}]),
                    &json!([{"type": "memberOf", "expression": "attribute:ecs.instance-type =~ m5.*"}])),
                "seed": 4}),
        ),
        (
            "a constraint nothing matches",
            json!({"cluster": cluster(6, 4096, 4096), "taskDefinition": task_definition(64, 64, 0),
                "service": service(11, &none,
                    &json!([{"type": "memberOf", "expression": "attribute:stack == nope"}])), "seed": 5}),
        ),
        (
            "scale-in keeps zones balanced",
            json!({"cluster": {"containerInstances": cluster(9, 4096, 4096), "tasks": scale_in_tasks.clone()},
                "taskDefinition": task_definition(64, 64, 0),
                "service": service(8, &zone_then_memory, &none), "seed": 6}),
        ),
        (
            "scale-in with binpack",
            json!({"cluster": {"containerInstances": cluster(9, 4096, 4096), "tasks": scale_in_tasks},
                "taskDefinition": task_definition(64, 64, 0),
                "service": service(3, &json!([{"type": "binpack", "field": "memory"}]), &none), "seed": 7}),
        ),
        (
            "daemon",
            json!({"cluster": cluster(14, 100, 4096), "taskDefinition": task_definition(128, 64, 0),
                "service": {"serviceName": "agent", "taskDefinition": "web:3", "schedulingStrategy": "DAEMON"},
                "seed": 8}),
        ),
        (
            "no ACTIVE instance",
            json!({"cluster": drained, "taskDefinition": task_definition(64, 64, 0),
                "service": service(5, &none, &none)}),
        ),
        (
            "registrations and DNS",
            json!({"cluster": cluster(6, 4096, 4096), "taskDefinition": task_definition(64, 64, 0),
                "service": {"serviceName": "web", "cluster": "prod", "taskDefinition": "web:3", "desiredCount": 10,
                    "serviceRegistries": [{"registryArn": "arn:aws:servicediscovery:us-east-1:123456789012:service/srv-e4anhexample0004",
                        "containerName": "web", "containerPort": 8080}]},
                "cloudMap": cloud_map(), "seed": 9, "explainTasks": 3}),
        ),
        (
            "an invalid request is not planned",
            json!({"cluster": cluster(3, 4096, 4096), "taskDefinition": task_definition(64, 64, 0),
                "service": {"serviceName": "web", "taskDefinition": "web:3", "desiredCount": 2,
                    "placementStrategy": [{"type": "binpack", "field": "disk"}]}}),
        ),
        (
            "nothing to do",
            json!({"cluster": cluster(3, 4096, 4096), "taskDefinition": task_definition(64, 64, 0),
                "service": service(0, &none, &none)}),
        ),
    ]
}

#[test]
fn every_step_size_gives_the_one_call_plan() {
    for (name, input) in cases() {
        assert_same_in_every_step_size(name, &input);
    }
}

#[test]
fn the_cases_cover_what_they_say() {
    let outputs: Vec<(&str, Value)> = cases()
        .into_iter()
        .map(|(name, input)| {
            (
                name,
                serde_json::to_value(plan_service(&input).unwrap()).unwrap(),
            )
        })
        .collect();
    let get = |name: &str| &outputs.iter().find(|(n, _)| *n == name).unwrap().1;
    let count = |v: &Value, key: &str| v["placement"][key].as_array().map_or(0, Vec::len);
    let failing = get("spread zone then binpack memory, resources run out");
    assert!(count(failing, "tasks") > 0 && count(failing, "failures") > 0);
    assert_eq!(count(get("a constraint nothing matches"), "failures"), 11);
    assert_eq!(
        count(get("scale-in keeps zones balanced"), "stoppedTasks"),
        17
    );
    assert_eq!(count(get("scale-in with binpack"), "stoppedTasks"), 22);
    assert!(get("no ACTIVE instance")["placement"]["error"].is_object());
    assert_eq!(
        get("registrations and DNS")["registrations"]
            .as_array()
            .unwrap()
            .len(),
        10
    );
    assert_eq!(get("an invalid request is not planned")["valid"], false);
}

#[test]
fn progress_counts_stops_and_placements_and_ends_at_the_total() {
    let input = &cases()[5].1;
    let mut job = PlanServiceJob::new(input).unwrap();
    assert!(job.scales_in());
    assert_eq!(job.progress(), Progress { done: 0, total: 17 });
    assert_eq!(job.advance(5), Progress { done: 5, total: 17 });
    assert_eq!(job.advance(0), Progress { done: 5, total: 17 });
    assert_eq!(
        job.advance(100),
        Progress {
            done: 17,
            total: 17
        }
    );
    // A task that cannot be placed fails every task after it: they are all done at once.
    let input = &cases()[4].1;
    let mut job = PlanServiceJob::new(input).unwrap();
    assert!(!job.scales_in());
    assert_eq!(
        job.advance(1),
        Progress {
            done: 11,
            total: 11
        }
    );
    // An invalid request has nothing to do.
    let input = &cases()[10].1;
    let job = PlanServiceJob::new(input).unwrap();
    assert!(job.progress().is_finished());
}

#[test]
fn unusable_input_is_refused_with_the_call_error() {
    for bad in [
        json!([]),
        json!({"service": {"serviceName": "web"}, "colour": 1}),
        json!({"taskDefinition": task_definition(1, 1, 0), "service": {"serviceName": "web", "taskDefinition": "web", "desiredCount": 1}}),
        json!({"cluster": {"containerInstances": "lots"}, "taskDefinition": task_definition(1, 1, 0),
            "service": {"serviceName": "web", "taskDefinition": "web", "desiredCount": 1}}),
        json!({"cluster": [], "taskDefinition": task_definition(1, 1, 0), "service": 3}),
        json!({"cluster": [], "taskDefinition": task_definition(1, 1, 0), "service": {}, "seed": -1}),
    ] {
        let call = plan_service(&bad).unwrap_err();
        let job = PlanServiceJob::new(&bad).unwrap_err();
        assert_eq!(call.code, job.code, "{bad}");
        assert_eq!(call.message, job.message, "{bad}");
    }
}

/// A plan that both stops and places (the service API never asks for both): scale-in first,
/// then placement, in any step size.
#[test]
fn a_planner_that_stops_then_places_matches_plan() {
    let instances = json!(cluster(6, 4096, 4096));
    let tasks = json!((0..8)
        .map(|t| running(t, t % 4, "service:web"))
        .collect::<Vec<_>>());
    let td = TaskDefinition::from_value(&task_definition(64, 64, 0)).unwrap();
    let setup = || {
        Setup::new(
            &instances,
            Some(&tasks),
            td.clone(),
            &[],
            &[],
            Some("service:web"),
            11,
            None,
        )
        .unwrap()
    };
    let whole = serde_json::to_value(placement::plan(setup(), 5, 3)).unwrap();
    for step in STEPS {
        let mut planner = Planner::new(setup(), 5, 3);
        let mut seen = Vec::new();
        while !planner.progress().is_finished() {
            seen.push(planner.advance(step).done);
        }
        assert!(seen.windows(2).all(|w| w[0] <= w[1]), "{seen:?}");
        assert_eq!(planner.progress(), Progress { done: 8, total: 8 });
        assert_eq!(
            serde_json::to_value(planner.finish()).unwrap(),
            whole,
            "steps of {step}"
        );
    }
    assert_eq!(whole["stoppedTasks"].as_array().unwrap().len(), 3);
    assert_eq!(whole["tasks"].as_array().unwrap().len(), 5);
}

fn arbitrary_instance() -> impl Strategy<Value = Value> {
    (
        0_usize..3,
        0_i64..3000,
        0_i64..3000,
        prop::collection::vec(78_u16..84, 0..3),
        0_u8..10,
    )
        .prop_map(|(az, cpu, memory, ports, state)| {
            let mut v = instance(0, AZS[az], cpu, memory, &ports);
            match state {
                0 => v["status"] = json!("DRAINING"),
                1 => v["agentConnected"] = json!(false),
                _ => {}
            }
            v
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]
    /// Any cluster, chain, constraint, existing tasks and step size: the same output as one call.
    #[test]
    fn stepped_jobs_match_one_call(
        mut instances in prop::collection::vec(arbitrary_instance(), 0..14),
        existing in prop::collection::vec((0_usize..14, any::<bool>()), 0..20),
        cpu in 0_i64..800,
        memory in 1_i64..800,
        host_port in prop::option::of(78_u16..84),
        desired in 0_u64..40,
        chain in 0_usize..5,
        constraint in 0_usize..3,
        daemon in any::<bool>(),
        step in 1_usize..12,
        seed in 0_u64..(1 << 53),
    ) {
        for (i, v) in instances.iter_mut().enumerate() {
            v["containerInstanceArn"] = json!(format!("{ARN}/n{i}"));
        }
        let tasks: Vec<Value> = existing
            .iter()
            .enumerate()
            .filter(|_| !instances.is_empty())
            .map(|(t, (on, ours))| running(t, on % instances.len(), if *ours { "service:web" } else { "service:other" }))
            .collect();
        let chains = [
            json!([]),
            json!([{"type": "binpack", "field": "cpu"}]),
            json!([{"type": "spread", "field": "attribute:ecs.availability-zone"}, {"type": "binpack", "field": "memory"}]),
            json!([{"type": "spread", "field": "instanceId"}, {"type": "random"}]),
            json!([{"type": "random"}]),
        ];
        let constraints = [
            json!([]),
            json!([{"type": "distinctInstance"}]),
            json!([{"type": "memberOf", "expression": "attribute:ecs.instance-type == m5.large"}]),
        ];
        let mut service = service(desired, &chains[chain], &constraints[constraint]);
        if daemon {
            service["schedulingStrategy"] = json!("DAEMON");
            service.as_object_mut().unwrap().remove("desiredCount");
            service["placementStrategy"] = json!([]);
        }
        let input = json!({
            "cluster": {"containerInstances": instances, "tasks": tasks},
            "taskDefinition": task_definition(cpu, memory, host_port.unwrap_or(0)),
            "service": service,
            "seed": seed,
        });
        let whole = serde_json::to_value(plan_service(&input).unwrap()).unwrap();
        prop_assert_eq!(&run_in_steps(&input, step, step % 2 == 0), &whole);
    }
}
