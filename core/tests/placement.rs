//! Task placement and service plans: the rules ECS applies in its order, the strategies chained,
//! the failures it reports, scale-in, and the Cloud Map registrations for placed tasks.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use std::collections::{BTreeMap, HashMap, HashSet};

use muster_core::api::{plan_service, simulate_placement};
use proptest::prelude::*;
use serde_json::{json, Value};

const ARN: &str = "arn:aws:ecs:us-east-1:123456789012:container-instance/prod";

fn instance(id: &str, az: &str, cpu: i64, memory: i64) -> Value {
    json!({
        "containerInstanceArn": format!("{ARN}/{id}"),
        "ec2InstanceId": format!("i-{id}"),
        "status": "ACTIVE",
        "agentConnected": true,
        "runningTasksCount": 0,
        "pendingTasksCount": 0,
        "versionInfo": {"agentVersion": "1.80.0"},
        "remainingResources": [
            {"name": "CPU", "type": "INTEGER", "integerValue": cpu},
            {"name": "MEMORY", "type": "INTEGER", "integerValue": memory},
            {"name": "PORTS", "type": "STRINGSET", "stringSetValue": ["22", "2375", "2376", "51678", "51679"]},
            {"name": "PORTS_UDP", "type": "STRINGSET", "stringSetValue": []}
        ],
        "attributes": [
            {"name": "ecs.availability-zone", "value": az},
            {"name": "ecs.instance-type", "value": "m5.large"},
            {"name": "ecs.os-type", "value": "linux"}
        ]
    })
}

fn task_definition(cpu: i64, memory: i64) -> Value {
    json!({"taskDefinition": {
        "family": "web", "revision": 3, "networkMode": "bridge",
        "containerDefinitions": [{"name": "web", "cpu": cpu, "memory": memory,
            "portMappings": [{"containerPort": 8080, "hostPort": 0, "protocol": "tcp"}]}]
    }})
}

fn place(input: &Value) -> Value {
    serde_json::to_value(simulate_placement(input).unwrap()).unwrap()
}

fn placed_on(plan: &Value) -> Vec<String> {
    plan["tasks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| {
            t["containerInstanceArn"]
                .as_str()
                .unwrap()
                .rsplit('/')
                .next()
                .unwrap()
                .to_owned()
        })
        .collect()
}

fn count_by<T: Ord + Clone>(items: &[T]) -> BTreeMap<T, usize> {
    let mut out = BTreeMap::new();
    for item in items {
        *out.entry(item.clone()).or_insert(0) += 1;
    }
    out
}

fn three_azs() -> Vec<Value> {
    vec![
        instance("a1", "us-east-1a", 4096, 2048),
        instance("a2", "us-east-1a", 4096, 1024),
        instance("b1", "us-east-1b", 4096, 4096),
        instance("b2", "us-east-1b", 4096, 3072),
        instance("c1", "us-east-1c", 4096, 8192),
    ]
}

#[test]
fn spread_by_zone_then_binpack_by_memory() {
    let plan = place(&json!({
        "containerInstances": three_azs(),
        "taskDefinition": task_definition(256, 512),
        "count": 6,
        "group": "service:web",
        "placementStrategy": [
            {"type": "spread", "field": "attribute:ecs.availability-zone"},
            {"type": "binpack", "field": "memory"}
        ],
        "seed": 7
    }));
    assert_eq!(plan["valid"], true);
    let on = placed_on(&plan);
    assert_eq!(on.len(), 6);
    let zones: Vec<String> = plan["tasks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["availabilityZone"].as_str().unwrap().to_owned())
        .collect();
    // Two per zone, and within a zone the instance with the least memory left that still fits.
    assert!(count_by(&zones).values().all(|n| *n == 2), "{zones:?}");
    let per_instance = count_by(&on);
    assert_eq!(per_instance.get("a2"), Some(&2), "{on:?}");
    assert_eq!(per_instance.get("b2"), Some(&2), "{on:?}");
    assert_eq!(per_instance.get("c1"), Some(&2), "{on:?}");
    // The first task's explanation scores every survivor on both strategies.
    let first = &plan["explanation"]["tasks"][0];
    assert_eq!(first["candidates"], 5);
    assert!(first["instances"]
        .as_array()
        .unwrap()
        .iter()
        .all(|i| i["scores"].as_array().unwrap().len() == 2));
}

#[test]
fn a_constraint_that_matches_nothing_leaves_the_task_unplaced() {
    let plan = place(&json!({
        "containerInstances": three_azs(),
        "taskDefinition": task_definition(256, 512),
        "count": 2,
        "group": "service:web",
        "placementConstraints": [{"type": "memberOf", "expression": "attribute:ecs.instance-type =~ g4dn.*"}]
    }));
    assert_eq!(plan["tasks"].as_array().unwrap().len(), 0);
    let failures = plan["failures"].as_array().unwrap();
    assert_eq!(failures.len(), 2);
    assert_eq!(
        failures[0]["reason"],
        "MemberOf placement constraint unsatisfied"
    );
    let event = plan["events"][0].as_str().unwrap();
    assert!(
        event.starts_with("service web was unable to place a task"),
        "{event}"
    );
    assert_eq!(
        plan["explanation"]["tasks"][0]["instances"][0]["removedBy"],
        "memberOf(attribute:ecs.instance-type =~ g4dn.*)"
    );
}

/// ECS sets ecs.vpc-id and ecs.subnet-id from an instance's network, which no registration
/// request carries: a constraint on them that fails for that reason says so.
#[test]
fn a_subnet_constraint_on_instances_without_network_attributes_says_why() {
    let expression = "attribute:ecs.subnet-id in [subnet-0abc, subnet-0def]";
    let input = |instances: Vec<Value>| {
        json!({
            "containerInstances": instances,
            "taskDefinition": task_definition(256, 512),
            "placementConstraints": [{"type": "memberOf", "expression": expression}]
        })
    };
    let plan = place(&input(three_azs()));
    let detail = plan["failures"][0]["detail"].as_str().unwrap();
    assert!(
        detail.contains("the instance has no ecs.subnet-id: ECS sets it"),
        "{detail}"
    );
    // An instance that has the attribute, with another subnet, fails on its value alone.
    let mut other_subnet = instance("s1", "us-east-1a", 1024, 2048);
    other_subnet["attributes"]
        .as_array_mut()
        .unwrap()
        .push(json!({"name": "ecs.subnet-id", "value": "subnet-0fff"}));
    let plan = place(&input(vec![other_subnet]));
    assert_eq!(
        plan["failures"][0]["detail"],
        format!("does not match {expression}")
    );
}

#[test]
fn resources_run_out_with_ecs_reasons_and_the_closest_instance() {
    // 1024 CPU per instance, 512 per task: two tasks per instance, then RESOURCE:CPU.
    let instances = vec![
        instance("x1", "us-east-1a", 1024, 8192),
        instance("x2", "us-east-1b", 1024, 8192),
    ];
    let plan = place(&json!({
        "containerInstances": instances, "taskDefinition": task_definition(512, 128), "count": 5
    }));
    assert_eq!(plan["tasks"].as_array().unwrap().len(), 4);
    assert_eq!(plan["failures"].as_array().unwrap().len(), 1);
    assert_eq!(plan["failures"][0]["reason"], "RESOURCE:CPU");
    assert!(plan["failures"][0]["arn"]
        .as_str()
        .unwrap()
        .starts_with(ARN));
    for ci in plan["containerInstances"].as_array().unwrap() {
        assert_eq!(ci["remainingResources"][0]["integerValue"], 0);
        assert_eq!(ci["runningTasksCount"], 2);
    }
    // Memory is checked after CPU.
    let plan = place(&json!({
        "containerInstances": [instance("m", "us-east-1a", 4096, 100)],
        "taskDefinition": task_definition(1, 128), "count": 1
    }));
    assert_eq!(plan["failures"][0]["reason"], "RESOURCE:MEMORY");
}

#[test]
fn static_host_ports_allow_one_task_per_instance() {
    let td = json!({"networkMode": "bridge", "family": "proxy", "containerDefinitions": [{
        "name": "nginx", "cpu": 10, "memory": 10,
        "portMappings": [{"containerPort": 80, "hostPort": 80}, {"containerPort": 53, "hostPort": 53, "protocol": "udp"}]}]});
    let plan = place(&json!({
        "containerInstances": [instance("p1", "us-east-1a", 4096, 4096), instance("p2", "us-east-1a", 4096, 4096)],
        "taskDefinition": td, "count": 3
    }));
    assert_eq!(placed_on(&plan).len(), 2);
    assert_ne!(placed_on(&plan)[0], placed_on(&plan)[1]);
    assert_eq!(plan["failures"][0]["reason"], "RESOURCE:PORTS");
    let ports = &plan["containerInstances"][0]["remainingResources"][2]["stringSetValue"];
    assert!(ports.as_array().unwrap().contains(&json!("80")));
    let udp = &plan["containerInstances"][0]["remainingResources"][3]["stringSetValue"];
    assert_eq!(udp, &json!(["53"]));
    // A reserved port (22) is never handed out.
    let ssh = json!({"containerDefinitions": [{"name": "s", "portMappings": [{"containerPort": 22, "hostPort": 22}]}]});
    let plan = place(
        &json!({"containerInstances": [instance("s", "us-east-1a", 1, 1)], "taskDefinition": ssh}),
    );
    assert_eq!(plan["failures"][0]["reason"], "RESOURCE:PORTS");
}

#[test]
fn dynamic_host_ports_are_distinct_per_instance_and_awsvpc_uses_none() {
    let plan = place(&json!({
        "containerInstances": [instance("d", "us-east-1a", 4096, 4096)],
        "taskDefinition": task_definition(10, 10), "count": 3
    }));
    let ports: HashSet<u64> = plan["tasks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["hostPorts"][0]["hostPort"].as_u64().unwrap())
        .collect();
    assert_eq!(ports.len(), 3);
    assert!(ports.iter().all(|p| *p >= 49153));
    let awsvpc = json!({"networkMode": "awsvpc", "containerDefinitions": [{"name": "a", "cpu": 1, "memory": 1,
        "portMappings": [{"containerPort": 80, "hostPort": 80}]}]});
    let plan = place(
        &json!({"containerInstances": [instance("v", "us-east-1a", 4096, 4096)], "taskDefinition": awsvpc, "count": 3}),
    );
    assert_eq!(placed_on(&plan).len(), 3);
    assert!(plan["tasks"][0]["hostPorts"].as_array().unwrap().is_empty());
}

#[test]
fn a_task_never_holds_one_host_port_twice() {
    // The dynamic port must skip the static 49153 of the same task.
    let td = json!({"networkMode": "bridge", "containerDefinitions": [{"name": "web", "cpu": 1, "memory": 1,
        "portMappings": [{"containerPort": 80, "hostPort": 0}, {"containerPort": 81, "hostPort": 49153}]}]});
    let plan = place(
        &json!({"containerInstances": [instance("h", "us-east-1a", 4096, 4096)], "taskDefinition": td}),
    );
    let ports: Vec<u64> = plan["tasks"][0]["hostPorts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["hostPort"].as_u64().unwrap())
        .collect();
    assert_eq!(ports.len(), 2);
    assert_ne!(ports[0], ports[1], "{ports:?}");
    // Two containers on one static host port cannot run anywhere.
    let clash = json!({"networkMode": "bridge", "containerDefinitions": [
        {"name": "a", "cpu": 1, "memory": 1, "portMappings": [{"containerPort": 80, "hostPort": 8080}]},
        {"name": "b", "cpu": 1, "memory": 1, "portMappings": [{"containerPort": 81, "hostPort": 8080}]}]});
    let plan = place(
        &json!({"containerInstances": [instance("h", "us-east-1a", 4096, 4096)], "taskDefinition": clash}),
    );
    assert_eq!(placed_on(&plan).len(), 0);
    assert_eq!(plan["failures"][0]["reason"], "RESOURCE:PORTS");
}

#[test]
fn an_instance_reserves_at_most_100_host_ports_tcp_and_udp_together() {
    // 5 default TCP ports and 90 UDP ports reserved: a task with 4 static ports fits (99), a
    // second one does not (103), though each protocol alone stays under 100.
    let mut crowded = instance("c", "us-east-1a", 4096, 4096);
    let udp: Vec<String> = (1000..1090).map(|p| p.to_string()).collect();
    crowded["remainingResources"][3]["stringSetValue"] = json!(udp);
    let mappings: Vec<Value> = (0..4)
        .map(|i| json!({"containerPort": 80 + i, "hostPort": 8080 + i, "protocol": "tcp"}))
        .collect();
    let td = json!({"networkMode": "bridge", "containerDefinitions": [{"name": "w", "cpu": 1, "memory": 1, "portMappings": mappings}]});
    let plan =
        place(&json!({"containerInstances": [crowded], "taskDefinition": td.clone(), "count": 1}));
    assert_eq!(placed_on(&plan).len(), 1);
    let mut fuller = instance("f", "us-east-1a", 4096, 4096);
    let udp: Vec<String> = (1000..1092).map(|p| p.to_string()).collect();
    fuller["remainingResources"][3]["stringSetValue"] = json!(udp);
    let plan = place(&json!({"containerInstances": [fuller], "taskDefinition": td}));
    assert_eq!(placed_on(&plan).len(), 0, "{plan}");
    assert_eq!(plan["failures"][0]["reason"], "RESOURCE:PORTS");
}

#[test]
fn draining_and_disconnected_instances_take_no_tasks() {
    let mut draining = instance("dr", "us-east-1a", 4096, 4096);
    draining["status"] = json!("DRAINING");
    let mut offline = instance("off", "us-east-1b", 4096, 4096);
    offline["agentConnected"] = json!(false);
    let plan = place(&json!({
        "containerInstances": [draining.clone(), offline.clone()],
        "taskDefinition": task_definition(1, 1), "count": 1
    }));
    assert_eq!(plan["failures"][0]["reason"], "AGENT");
    assert!(plan["failures"][0]["arn"]
        .as_str()
        .unwrap()
        .ends_with("/off"));
    let plan =
        place(&json!({"containerInstances": [draining], "taskDefinition": task_definition(1, 1)}));
    assert_eq!(plan["error"]["code"], "InvalidParameterException");
    let plan = place(&json!({"containerInstances": [], "taskDefinition": task_definition(1, 1)}));
    assert_eq!(
        plan["error"]["message"],
        "No Container Instances were found in your cluster."
    );
}

#[test]
fn required_attributes_and_distinct_instance() {
    let td = json!({"family": "gpu", "containerDefinitions": [{"name": "g", "cpu": 1, "memory": 1}],
        "requiresAttributes": [{"name": "com.amazonaws.ecs.capability.docker-remote-api.1.19"}]});
    let plan = place(&json!({"containerInstances": three_azs(), "taskDefinition": td}));
    assert_eq!(plan["failures"][0]["reason"], "ATTRIBUTE");
    let plan = place(&json!({
        "containerInstances": three_azs(), "taskDefinition": task_definition(1, 1), "count": 6,
        "placementConstraints": [{"type": "distinctInstance"}]
    }));
    let on = placed_on(&plan);
    assert_eq!(on.len(), 5);
    assert_eq!(on.iter().collect::<HashSet<_>>().len(), 5);
    assert_eq!(
        plan["failures"][0]["reason"],
        "DistinctInstance placement constraint unsatisfied"
    );
}

#[test]
fn task_group_constraint_follows_existing_tasks() {
    let plan = place(&json!({
        "containerInstances": three_azs(),
        "tasks": {"tasks": [
            {"taskArn": "arn:aws:ecs:us-east-1:123456789012:task/prod/db1", "containerInstanceArn": format!("{ARN}/b2"), "group": "service:database", "lastStatus": "RUNNING"},
            {"taskArn": "arn:aws:ecs:us-east-1:123456789012:task/prod/db0", "containerInstanceArn": format!("{ARN}/a1"), "group": "service:database", "lastStatus": "STOPPED"}
        ]},
        "taskDefinition": task_definition(1, 1), "count": 3,
        "placementConstraints": [{"type": "memberOf", "expression": "task:group == service:database"}]
    }));
    assert_eq!(placed_on(&plan), vec!["b2", "b2", "b2"]);
}

#[test]
fn defaults_spread_services_and_randomise_run_task() {
    let service = place(&json!({
        "containerInstances": three_azs(), "taskDefinition": task_definition(1, 1),
        "count": 5, "group": "service:api"
    }));
    assert_eq!(service["explanation"]["defaultStrategy"], true);
    assert_eq!(
        service["explanation"]["strategies"],
        json!([
            "spread(attribute:ecs.availability-zone)",
            "spread(instanceId)"
        ])
    );
    assert_eq!(count_by(&placed_on(&service)).len(), 5, "one per instance");
    let run_task = place(&json!({
        "containerInstances": three_azs(), "taskDefinition": task_definition(1, 1), "count": 2
    }));
    assert_eq!(run_task["explanation"]["strategies"], json!(["random"]));
    assert_eq!(run_task["explanation"]["group"], "family:web");
}

#[test]
fn the_same_seed_gives_the_same_plan() {
    let input = |seed: u64| {
        json!({"containerInstances": three_azs(), "taskDefinition": task_definition(1, 1),
            "count": 4, "seed": seed})
    };
    assert_eq!(place(&input(3)), place(&input(3)));
    let differs = (0..20).any(|s| placed_on(&place(&input(s))) != placed_on(&place(&input(3))));
    assert!(differs, "random placement should depend on the seed");
}

#[test]
fn invalid_settings_are_diagnostics_and_unusable_input_is_an_error() {
    let out = place(&json!({
        "containerInstances": three_azs(), "taskDefinition": task_definition(1, 1),
        "placementStrategy": [{"type": "binpack", "field": "disk"}],
        "placementConstraints": [{"type": "memberOf", "expression": "attribute:x =="}]
    }));
    assert_eq!(out["valid"], false);
    let codes: Vec<&str> = out["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["code"].as_str().unwrap())
        .collect();
    assert_eq!(codes, vec!["PL008", "PL004"]);
    assert!(out.get("tasks").is_none());
    for bad in [
        json!({"taskDefinition": task_definition(1, 1)}),
        json!({"containerInstances": [], "taskDefinition": task_definition(1, 1), "count": 5001}),
        json!({"containerInstances": [{}], "taskDefinition": task_definition(1, 1)}),
        json!({"containerInstances": [], "taskDefinition": {"cpu": "lots"}}),
        json!({"containerInstances": [], "taskDefinition": task_definition(1, 1), "launchType": "FARGATE"}),
        json!({"containerInstances": [], "taskDefinition": task_definition(1, 1), "colour": 1}),
    ] {
        let error = simulate_placement(&bad).unwrap_err();
        assert_eq!(error.code.as_str(), "INVALID_ARGUMENT", "{bad}");
    }
}

fn service_tasks(plan: &Value) -> Vec<(String, String)> {
    plan["placement"]["containerInstances"]
        .as_array()
        .unwrap()
        .iter()
        .map(|ci| {
            (
                ci["containerInstanceArn"].as_str().unwrap().to_owned(),
                ci["runningTasksCount"].to_string(),
            )
        })
        .collect()
}

#[test]
fn scale_in_keeps_zones_balanced_or_frees_the_emptiest_instance() {
    let arn = |id: &str| format!("{ARN}/{id}");
    let task = |n: usize, on: &str| {
        json!({"taskArn": format!("arn:aws:ecs:us-east-1:123456789012:task/prod/t{n}"),
            "containerInstanceArn": arn(on), "group": "service:web", "lastStatus": "RUNNING"})
    };
    // Zone a has 3 tasks, b 1, c 1: scaling 5 -> 3 takes two from zone a.
    let tasks = vec![
        task(1, "a1"),
        task(2, "a1"),
        task(3, "a2"),
        task(4, "b1"),
        task(5, "c1"),
    ];
    let plan = serde_json::to_value(
        plan_service(&json!({
            "cluster": {"containerInstances": three_azs(), "tasks": tasks.clone()},
            "taskDefinition": task_definition(1, 1),
            "service": {"serviceName": "web", "taskDefinition": "web:3", "desiredCount": 3}
        }))
        .unwrap(),
    )
    .unwrap();
    let stopped = plan["placement"]["stoppedTasks"].as_array().unwrap();
    assert_eq!(stopped.len(), 2);
    assert!(stopped
        .iter()
        .all(|t| t["containerInstanceArn"].as_str().unwrap().contains("/a")));
    assert!(plan["placement"]["tasks"].as_array().unwrap().is_empty());
    // binpack(memory): the task on the instance with the most memory left goes first.
    let plan = serde_json::to_value(
        plan_service(&json!({
            "cluster": {"containerInstances": three_azs(), "tasks": tasks},
            "taskDefinition": task_definition(1, 1),
            "service": {"serviceName": "web", "taskDefinition": "web:3", "desiredCount": 4,
                "placementStrategy": [{"type": "binpack", "field": "memory"}]}
        }))
        .unwrap(),
    )
    .unwrap();
    assert_eq!(
        plan["placement"]["stoppedTasks"][0]["containerInstanceArn"],
        arn("c1")
    );
    let _ = service_tasks(&plan);
}

fn cloud_map_service(records: &[&str], custom_health: bool) -> Value {
    let mut service = json!({
        "Id": "srv-e4anhexample0004", "Name": "web", "NamespaceId": "ns-e4anhexample0004",
        "Arn": "arn:aws:servicediscovery:us-east-1:123456789012:service/srv-e4anhexample0004",
        "DnsConfig": {"RoutingPolicy": "MULTIVALUE",
            "DnsRecords": records.iter().map(|t| json!({"Type": t, "TTL": 60})).collect::<Vec<_>>()}
    });
    if custom_health {
        service["HealthCheckCustomConfig"] = json!({"FailureThreshold": 1});
    }
    service
}

fn namespace() -> Value {
    json!({"Id": "ns-e4anhexample0004", "Name": "prod.local", "Type": "DNS_PRIVATE",
        "Properties": {"DnsProperties": {"HostedZoneId": "Z1"}, "HttpProperties": {"HttpName": "prod.local"}}})
}

#[test]
fn bridge_service_registers_host_ports_and_answers_srv() {
    let mut instances = three_azs();
    instances[0]["privateIpAddress"] = json!("10.20.1.5");
    let out = serde_json::to_value(
        plan_service(&json!({
            "cluster": {"containerInstances": instances},
            "taskDefinition": task_definition(256, 256),
            "service": {"serviceName": "web", "cluster": "prod", "taskDefinition": "web:3", "desiredCount": 5,
                "serviceRegistries": [{"registryArn": "arn:aws:servicediscovery:us-east-1:123456789012:service/srv-e4anhexample0004",
                    "containerName": "web", "containerPort": 8080}]},
            "cloudMap": {"namespace": namespace(), "service": cloud_map_service(&["SRV"], true)},
            "seed": 1
        }))
        .unwrap(),
    )
    .unwrap();
    assert_eq!(out["valid"], true, "{}", out["diagnostics"]);
    let registrations = out["registrations"].as_array().unwrap();
    assert_eq!(registrations.len(), 5);
    let tasks = out["placement"]["tasks"].as_array().unwrap();
    for (registration, task) in registrations.iter().zip(tasks) {
        assert_eq!(registration["valid"], true, "{registration}");
        let request = &registration["request"];
        let attributes = &request["Attributes"];
        assert_eq!(request["ServiceId"], "srv-e4anhexample0004");
        assert_eq!(
            request["InstanceId"].as_str().unwrap(),
            task["taskArn"]
                .as_str()
                .unwrap()
                .rsplit('/')
                .next()
                .unwrap()
        );
        assert_eq!(
            attributes["AWS_INSTANCE_PORT"],
            task["hostPorts"][0]["hostPort"].to_string()
        );
        assert_eq!(attributes["AVAILABILITY_ZONE"], task["availabilityZone"]);
        assert_eq!(attributes["ECS_CLUSTER_NAME"], "prod");
        assert_eq!(attributes["ECS_SERVICE_NAME"], "web");
        assert_eq!(attributes["ECS_TASK_DEFINITION_FAMILY"], "web");
        assert_eq!(attributes["REGION"], "us-east-1");
        assert_eq!(attributes["AWS_INIT_HEALTH_STATUS"], "HEALTHY");
        // The container instance the task runs on, by its EC2 ID (ECS developer guide,
        // service-discovery.md: added for every launch type but Fargate).
        let host = instances
            .iter()
            .find(|i| i["containerInstanceArn"] == task["containerInstanceArn"])
            .unwrap();
        assert_eq!(attributes["EC2_INSTANCE_ID"], host["ec2InstanceId"]);
        if task["containerInstanceArn"]
            .as_str()
            .unwrap()
            .ends_with("/a1")
        {
            assert_eq!(attributes["AWS_INSTANCE_IPV4"], "10.20.1.5");
            assert_eq!(registration["simulatedAddress"], false);
        }
    }
    let answers = out["dns"]["answer"].as_array().unwrap();
    assert_eq!(answers.len(), 5);
    assert_eq!(
        out["discovery"]["response"]["Instances"]
            .as_array()
            .unwrap()
            .len(),
        5
    );
}

#[test]
fn awsvpc_service_registers_task_addresses_and_the_registry_port() {
    let td = json!({"family": "api", "networkMode": "awsvpc", "cpu": "256", "memory": "512",
        "containerDefinitions": [{"name": "api", "portMappings": [{"containerPort": 9000}]}]});
    let out = serde_json::to_value(
        plan_service(&json!({
            "cluster": three_azs(),
            "taskDefinition": td,
            "service": {"serviceName": "api", "taskDefinition": "api", "desiredCount": 3,
                "networkConfiguration": {"awsvpcConfiguration": {"subnets": ["subnet-1"]}},
                "serviceRegistries": [{"registryArn": "arn:aws:servicediscovery:us-east-1:123456789012:service/srv-e4anhexample0004", "port": 9000}]},
            "cloudMap": {"namespace": namespace(), "service": cloud_map_service(&["A", "SRV"], false)}
        }))
        .unwrap(),
    )
    .unwrap();
    assert_eq!(out["valid"], true, "{}", out["diagnostics"]);
    let ips: HashSet<&str> = out["registrations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            assert_eq!(r["request"]["Attributes"]["AWS_INSTANCE_PORT"], "9000");
            assert!(r["request"]["Attributes"]
                .get("AWS_INIT_HEALTH_STATUS")
                .is_none());
            r["request"]["Attributes"]["AWS_INSTANCE_IPV4"]
                .as_str()
                .unwrap()
        })
        .collect();
    assert_eq!(ips.len(), 3, "each task has its own ENI address");
}

#[test]
fn none_networking_is_not_registered_and_a_registry_without_cloud_map_is_noted() {
    let registry = json!([{"registryArn": "arn:aws:servicediscovery:us-east-1:123456789012:service/srv-e4anhexample0004"}]);
    let none = json!({"family": "batch", "networkMode": "none",
        "containerDefinitions": [{"name": "batch", "cpu": 128, "memory": 128}]});
    let out = serde_json::to_value(
        plan_service(&json!({
            "cluster": three_azs(),
            "taskDefinition": none,
            "service": {"serviceName": "batch", "taskDefinition": "batch", "desiredCount": 2,
                "serviceRegistries": registry},
            "cloudMap": {"namespace": namespace(), "service": cloud_map_service(&["A"], false)}
        }))
        .unwrap(),
    )
    .unwrap();
    assert_eq!(out["valid"], false);
    assert_eq!(
        out["diagnostics"][0]["code"], "ECS042",
        "{}",
        out["diagnostics"]
    );
    assert_eq!(out["registrations"], json!([]));

    // A valid bridge service, but nothing to register into: said, not silently empty.
    let out = serde_json::to_value(
        plan_service(&json!({
            "cluster": three_azs(),
            "taskDefinition": task_definition(128, 128)["taskDefinition"],
            "service": {"serviceName": "web", "cluster": "prod", "taskDefinition": "web", "desiredCount": 2,
                "serviceRegistries": [{"registryArn": registry[0]["registryArn"], "containerName": "web", "containerPort": 8080}]},
        }))
        .unwrap(),
    )
    .unwrap();
    assert_eq!(out["valid"], true, "{}", out["diagnostics"]);
    assert_eq!(out["placement"]["tasks"].as_array().unwrap().len(), 2);
    assert_eq!(out["registrations"], json!([]));
    assert!(
        out["notes"][0]
            .as_str()
            .unwrap()
            .contains("no cloudMap.service"),
        "{}",
        out["notes"]
    );
}

#[test]
fn an_invalid_service_is_not_planned() {
    let out = serde_json::to_value(
        plan_service(&json!({
            "cluster": three_azs(),
            "taskDefinition": task_definition(1, 1),
            "service": {"serviceName": "web", "taskDefinition": "web", "desiredCount": 1,
                "serviceRegistries": [{"registryArn": "arn:aws:servicediscovery:us-east-1:123456789012:service/srv-e4anhexample0004"}]},
            "cloudMap": {"namespace": namespace(), "service": cloud_map_service(&["A"], false)}
        }))
        .unwrap(),
    )
    .unwrap();
    assert_eq!(out["valid"], false);
    let codes: HashSet<&str> = out["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["code"].as_str().unwrap())
        .collect();
    assert!(
        codes.contains("ECS042") && codes.contains("ECS048"),
        "{codes:?}"
    );
    assert!(out["placement"].is_null());
}

#[test]
fn daemon_services_put_one_task_on_each_usable_instance() {
    let mut instances = three_azs();
    instances[4]["status"] = json!("DRAINING");
    let out = serde_json::to_value(
        plan_service(&json!({
            "cluster": instances,
            "taskDefinition": task_definition(1, 1),
            "service": {"serviceName": "agent", "taskDefinition": "agent", "schedulingStrategy": "DAEMON"}
        }))
        .unwrap(),
    )
    .unwrap();
    let on: Vec<&str> = out["placement"]["tasks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["containerInstanceArn"].as_str().unwrap())
        .collect();
    assert_eq!(on.len(), 4);
    assert_eq!(on.iter().collect::<HashSet<_>>().len(), 4);
    assert!(out["placement"]["failures"].as_array().unwrap().is_empty());
}

fn arbitrary_instance() -> impl Strategy<Value = Value> {
    (
        0_usize..3,
        0_i64..4096,
        0_i64..4096,
        prop::collection::vec(1_u16..200, 0..5),
        any::<bool>(),
    )
        .prop_map(|(az, cpu, memory, ports, connected)| {
            let mut v = instance(
                "x",
                ["us-east-1a", "us-east-1b", "us-east-1c"][az],
                cpu,
                memory,
            );
            v["remainingResources"][2]["stringSetValue"] =
                json!(ports.iter().map(ToString::to_string).collect::<Vec<_>>());
            v["agentConnected"] = json!(connected);
            v
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]
    /// Placement never over-commits CPU, memory or a static host port, whatever the chain.
    #[test]
    fn placement_never_overcommits(
        mut instances in prop::collection::vec(arbitrary_instance(), 0..12),
        cpu in 0_i64..1500,
        memory in 0_i64..1500,
        host_port in prop::option::of(1_u16..200),
        count in 0_usize..30,
        chain in 0_usize..4,
        seed in 0_u64..(1 << 53),
    ) {
        for (i, v) in instances.iter_mut().enumerate() {
            v["containerInstanceArn"] = json!(format!("{ARN}/n{i}"));
        }
        let strategies = [
            json!([]),
            json!([{"type": "binpack", "field": "cpu"}]),
            json!([{"type": "spread", "field": "attribute:ecs.availability-zone"}, {"type": "binpack", "field": "memory"}]),
            json!([{"type": "spread", "field": "host"}, {"type": "random"}]),
        ];
        let td = json!({"containerDefinitions": [{"name": "c", "cpu": cpu, "memory": memory,
            "portMappings": [{"containerPort": 80, "hostPort": host_port.unwrap_or(0)}]}]});
        let plan = place(&json!({"containerInstances": instances.clone(), "taskDefinition": td,
            "count": count, "placementStrategy": strategies[chain], "seed": seed}));
        let placed = plan["tasks"].as_array().unwrap();
        prop_assert_eq!(placed.len() + plan["failures"].as_array().unwrap().len(), if instances.iter().any(|i| i["status"] == "ACTIVE") { count } else { 0 });
        let mut per_node: HashMap<String, usize> = HashMap::new();
        for task in placed {
            *per_node.entry(task["containerInstanceArn"].as_str().unwrap().to_owned()).or_default() += 1;
        }
        for (before, after) in instances.iter().zip(plan["containerInstances"].as_array().unwrap()) {
            let n = i64::try_from(*per_node.get(before["containerInstanceArn"].as_str().unwrap()).unwrap_or(&0)).unwrap();
            let cpu_left = after["remainingResources"][0]["integerValue"].as_i64().unwrap();
            let memory_left = after["remainingResources"][1]["integerValue"].as_i64().unwrap();
            prop_assert!(cpu_left >= 0 && memory_left >= 0);
            prop_assert_eq!(cpu_left, before["remainingResources"][0]["integerValue"].as_i64().unwrap() - n * cpu);
            prop_assert_eq!(memory_left, before["remainingResources"][1]["integerValue"].as_i64().unwrap() - n * memory);
            if host_port.is_some() {
                prop_assert!(n <= 1, "a static host port twice on one instance");
            }
            if n > 0 {
                prop_assert_eq!(&before["agentConnected"], &json!(true));
            }
        }
    }
}

#[test]
fn fargate_services_are_not_planned_onto_container_instances() {
    let plan = |service: Value| {
        plan_service(&json!({
            "cluster": {"containerInstances": three_azs()},
            "taskDefinition": task_definition(1, 1),
            "service": service
        }))
    };
    let base = json!({"serviceName": "web", "taskDefinition": "web:3", "desiredCount": 2});
    let mut fargate = base.clone();
    fargate["launchType"] = json!("FARGATE");
    let mut spot = base.clone();
    spot["capacityProviderStrategy"] = json!([{"capacityProvider": "FARGATE", "weight": 1}, {"capacityProvider": "FARGATE_SPOT", "weight": 1}]);
    for service in [fargate, spot] {
        let err = plan(service).unwrap_err();
        assert!(err.message.contains("Fargate"), "{}", err.message);
    }
    let mut mixed = base.clone();
    mixed["capacityProviderStrategy"] = json!([{"capacityProvider": "FARGATE", "weight": 1}, {"capacityProvider": "my-asg-provider", "weight": 1}]);
    assert!(
        plan(mixed).is_ok(),
        "a provider of the cluster's instances is planned"
    );
    assert!(plan(base).is_ok());
}

#[test]
fn a_service_of_another_cluster_than_its_instances_is_noted() {
    let notes = |service: Value| -> Vec<String> {
        let plan = plan_service(&json!({
            "cluster": {"containerInstances": three_azs()},
            "taskDefinition": task_definition(1, 1),
            "service": service
        }))
        .unwrap();
        let notes = serde_json::to_value(plan).unwrap()["notes"].clone();
        serde_json::from_value(notes).unwrap_or_default()
    };
    let base = json!({"serviceName": "web", "taskDefinition": "web:3", "desiredCount": 2});
    let unnamed = notes(base.clone());
    assert!(
        unnamed
            .iter()
            .any(|n| n.contains("created in default") && n.contains("in prod")),
        "{unnamed:?}"
    );
    let mut other = base.clone();
    other["cluster"] = json!("staging");
    assert!(notes(other)
        .iter()
        .any(|n| n.contains("names the cluster staging")));
    let mut same = base;
    same["cluster"] = json!("arn:aws:ecs:us-east-1:123456789012:cluster/prod");
    assert!(!notes(same).iter().any(|n| n.contains("own cluster")));
}

#[test]
fn a_daemon_names_the_active_instances_it_skips() {
    let mut disconnected = instance("c1", "us-east-1c", 4096, 8192);
    disconnected["agentConnected"] = json!(false);
    let mut draining = instance("d1", "us-east-1c", 4096, 8192);
    draining["status"] = json!("DRAINING");
    let instances = vec![
        instance("a1", "us-east-1a", 4096, 2048),
        instance("b1", "us-east-1b", 4096, 100),
        disconnected,
        draining,
    ];
    let plan = serde_json::to_value(
        plan_service(&json!({
            "cluster": {"containerInstances": instances},
            "taskDefinition": task_definition(256, 512),
            "service": {"serviceName": "agent", "cluster": "prod", "taskDefinition": "agent:1",
                "schedulingStrategy": "DAEMON"}
        }))
        .unwrap(),
    )
    .unwrap();
    let placed: Vec<&str> = plan["placement"]["tasks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["containerInstanceArn"].as_str().unwrap())
        .collect();
    assert_eq!(placed, [format!("{ARN}/a1")]);
    assert_eq!(
        plan["placement"]["failures"],
        json!([]),
        "skips are not failures"
    );
    let notes = plan["notes"].as_array().unwrap();
    assert!(
        notes.iter().any(|n| {
            let n = n.as_str().unwrap();
            n.starts_with("2 ACTIVE instances get no task of the daemon: b1, c1.")
        }),
        "{notes:?}"
    );
}

#[test]
fn an_instance_with_only_registered_resources_has_them_all_left() {
    let mut registered_only = instance("a1", "us-east-1a", 1024, 2048);
    let resources = registered_only["remainingResources"].take();
    registered_only["registeredResources"] = resources;
    registered_only
        .as_object_mut()
        .unwrap()
        .remove("remainingResources");
    let plan = serde_json::to_value(
        plan_service(&json!({
            "cluster": {"containerInstances": [registered_only]},
            "taskDefinition": task_definition(256, 512),
            "service": {"serviceName": "web", "cluster": "prod", "taskDefinition": "web:3", "desiredCount": 4}
        }))
        .unwrap(),
    )
    .unwrap();
    assert_eq!(
        plan["placement"]["tasks"].as_array().unwrap().len(),
        4,
        "{}",
        plan["placement"]["failures"]
    );
    assert_eq!(plan["placement"]["failures"], json!([]));
}
