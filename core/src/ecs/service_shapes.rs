//! The CreateService and UpdateService request shapes, from the ECS botocore service model:
//! every member's type, and the lengths, ranges, enums and nested members ECS checks on
//! receipt. Members with rules of their own (the name, desiredCount, tags, placement,
//! networking and serviceRegistries) have no shape here; `service.rs` checks them.

use crate::shape::{Kind, Member, Shape};

pub const CREATE: [Member; 28] = [
    Member::optional("cluster", Kind::String),
    Member::required("serviceName", Kind::String),
    Member::optional("taskDefinition", Kind::String),
    Member::optional("availabilityZoneRebalancing", Kind::String).shaped(&AZ_REBALANCING),
    Member::optional("loadBalancers", Kind::List).shaped(&LOAD_BALANCERS),
    Member::optional("serviceRegistries", Kind::List),
    Member::optional("desiredCount", Kind::Integer),
    Member::optional("clientToken", Kind::String),
    Member::optional("launchType", Kind::String).shaped(&LAUNCH_TYPE),
    Member::optional("capacityProviderStrategy", Kind::List).shaped(&CAPACITY_PROVIDERS),
    Member::optional("platformVersion", Kind::String),
    Member::optional("role", Kind::String),
    Member::optional("deploymentConfiguration", Kind::Structure).shaped(&DEPLOYMENT),
    Member::optional("placementConstraints", Kind::List),
    Member::optional("placementStrategy", Kind::List),
    Member::optional("networkConfiguration", Kind::Structure),
    Member::optional("healthCheckGracePeriodSeconds", Kind::Integer),
    Member::optional("schedulingStrategy", Kind::String).shaped(&SCHEDULING),
    Member::optional("deploymentController", Kind::Structure).shaped(&CONTROLLER),
    Member::optional("tags", Kind::List),
    Member::optional("enableECSManagedTags", Kind::Boolean),
    Member::optional("propagateTags", Kind::String).shaped(&PROPAGATE_TAGS),
    Member::optional("enableExecuteCommand", Kind::Boolean),
    Member::optional("serviceConnectConfiguration", Kind::Structure).shaped(&SERVICE_CONNECT),
    Member::optional("volumeConfigurations", Kind::List).shaped(&VOLUMES),
    Member::optional("vpcLatticeConfigurations", Kind::List).shaped(&VPC_LATTICE),
    Member::optional("gatewayConnectors", Kind::List).shaped(&GATEWAY_CONNECTORS),
    Member::optional("monitoring", Kind::Structure).shaped(&MONITORING),
];

pub const UPDATE: [Member; 24] = [
    Member::optional("cluster", Kind::String),
    Member::required("service", Kind::String),
    Member::optional("desiredCount", Kind::Integer),
    Member::optional("taskDefinition", Kind::String),
    Member::optional("capacityProviderStrategy", Kind::List).shaped(&CAPACITY_PROVIDERS),
    Member::optional("deploymentConfiguration", Kind::Structure).shaped(&DEPLOYMENT),
    Member::optional("availabilityZoneRebalancing", Kind::String).shaped(&AZ_REBALANCING),
    Member::optional("networkConfiguration", Kind::Structure),
    Member::optional("placementConstraints", Kind::List),
    Member::optional("placementStrategy", Kind::List),
    Member::optional("platformVersion", Kind::String),
    Member::optional("forceNewDeployment", Kind::Boolean),
    Member::optional("healthCheckGracePeriodSeconds", Kind::Integer),
    Member::optional("deploymentController", Kind::Structure).shaped(&CONTROLLER),
    Member::optional("enableExecuteCommand", Kind::Boolean),
    Member::optional("enableECSManagedTags", Kind::Boolean),
    Member::optional("loadBalancers", Kind::List).shaped(&LOAD_BALANCERS),
    Member::optional("propagateTags", Kind::String).shaped(&PROPAGATE_TAGS),
    Member::optional("serviceRegistries", Kind::List),
    Member::optional("serviceConnectConfiguration", Kind::Structure).shaped(&SERVICE_CONNECT),
    Member::optional("volumeConfigurations", Kind::List).shaped(&VOLUMES),
    Member::optional("vpcLatticeConfigurations", Kind::List).shaped(&VPC_LATTICE),
    Member::optional("gatewayConnectors", Kind::List).shaped(&GATEWAY_CONNECTORS),
    Member::optional("monitoring", Kind::Structure).shaped(&MONITORING),
];

pub const AWSVPC: Shape = Shape::Structure(&[
    Member::required("subnets", Kind::List).shaped(&STRINGS),
    Member::optional("securityGroups", Kind::List).shaped(&STRINGS),
    Member::optional("assignPublicIp", Kind::String).shaped(&ENABLED_DISABLED),
]);

const STRINGS: Shape = Shape::list_of(Kind::String);
const ENABLED_DISABLED: Shape = Shape::one_of(&["ENABLED", "DISABLED"]);
const AZ_REBALANCING: Shape = ENABLED_DISABLED;
const LAUNCH_TYPE: Shape = Shape::one_of(&["EC2", "FARGATE", "EXTERNAL", "MANAGED_INSTANCES"]);
const SCHEDULING: Shape = Shape::one_of(&["REPLICA", "DAEMON"]);
const PROPAGATE_TAGS: Shape = Shape::one_of(&["TASK_DEFINITION", "SERVICE", "NONE"]);
/// Port numbers in Service Connect (`PortNumber`).
const PORT: Shape = Shape::Range { min: 0, max: 65535 };

const CONTROLLER: Shape = Shape::Structure(&[Member::required("type", Kind::String)
    .shaped(&Shape::one_of(&["ECS", "CODE_DEPLOY", "EXTERNAL"]))]);

/// "A capacity provider strategy can contain a maximum of 20 capacity providers."
const CAPACITY_PROVIDERS: Shape = Shape::List {
    item: Kind::Structure,
    shape: Some(&Shape::Structure(&[
        Member::required("capacityProvider", Kind::String),
        Member::optional("weight", Kind::Integer).shaped(&Shape::Range { min: 0, max: 1000 }),
        Member::optional("base", Kind::Integer).shaped(&Shape::Range {
            min: 0,
            max: 100_000,
        }),
    ])),
    min: 0,
    max: 20,
};

/// The alternate target group and listener rules of a blue/green deployment.
const ADVANCED_TARGETS: [Member; 3] = [
    Member::optional("alternateTargetGroupArn", Kind::String),
    Member::optional("productionListenerRule", Kind::String),
    Member::optional("testListenerRule", Kind::String),
];

const LOAD_BALANCERS: Shape = Shape::list_with(
    Kind::Structure,
    &Shape::Structure(&[
        Member::optional("targetGroupArn", Kind::String),
        Member::optional("loadBalancerName", Kind::String),
        Member::optional("containerName", Kind::String),
        Member::optional("containerPort", Kind::Integer),
        Member::optional("advancedConfiguration", Kind::Structure).shaped(&Shape::Structure(&[
            ADVANCED_TARGETS[0],
            ADVANCED_TARGETS[1],
            ADVANCED_TARGETS[2],
            Member::optional("roleArn", Kind::String),
        ])),
    ]),
);

const BAKE_MINUTES: Shape = Shape::Range { min: 0, max: 1440 };

const DEPLOYMENT: Shape = Shape::Structure(&[
    Member::optional("deploymentCircuitBreaker", Kind::Structure).shaped(&Shape::Structure(&[
        Member::required("enable", Kind::Boolean),
        Member::required("rollback", Kind::Boolean),
        Member::optional("resetOnHealthyTask", Kind::Boolean),
        Member::optional("thresholdConfiguration", Kind::Structure).shaped(&Shape::Structure(&[
            Member::required("type", Kind::String).shaped(&Shape::one_of(&[
                "COUNT",
                "BOUNDED_PERCENT",
                "UNBOUNDED_PERCENT",
            ])),
            Member::required("value", Kind::Integer),
        ])),
    ])),
    Member::optional("maximumPercent", Kind::Integer),
    Member::optional("minimumHealthyPercent", Kind::Integer),
    Member::optional("alarms", Kind::Structure).shaped(&Shape::Structure(&[
        Member::required("alarmNames", Kind::List).shaped(&STRINGS),
        Member::required("rollback", Kind::Boolean),
        Member::required("enable", Kind::Boolean),
    ])),
    Member::optional("strategy", Kind::String).shaped(&Shape::one_of(&[
        "ROLLING",
        "BLUE_GREEN",
        "LINEAR",
        "CANARY",
    ])),
    Member::optional("bakeTimeInMinutes", Kind::Integer),
    Member::optional("lifecycleHooks", Kind::List).shaped(&LIFECYCLE_HOOKS),
    // "Valid values are 0 to 1440 minutes (24 hours)" (LinearConfiguration, CanaryConfiguration).
    Member::optional("linearConfiguration", Kind::Structure).shaped(&Shape::Structure(&[
        Member::optional("stepPercent", Kind::Double),
        Member::optional("stepBakeTimeInMinutes", Kind::Integer).shaped(&BAKE_MINUTES),
    ])),
    Member::optional("canaryConfiguration", Kind::Structure).shaped(&Shape::Structure(&[
        Member::optional("canaryPercent", Kind::Double),
        Member::optional("canaryBakeTimeInMinutes", Kind::Integer).shaped(&BAKE_MINUTES),
    ])),
    Member::optional("earlySuccessCriteria", Kind::Structure).shaped(&Shape::Structure(&[
        Member::required("enable", Kind::Boolean),
        Member::optional("healthyPercent", Kind::Integer)
            .shaped(&Shape::Range { min: 0, max: 100 }),
        Member::optional("sourceServiceRevisionCleanup", Kind::String)
            .shaped(&Shape::one_of(&["BLOCKING", "DEFERRED"])),
    ])),
]);

const LIFECYCLE_HOOKS: Shape = Shape::list_with(
    Kind::Structure,
    &Shape::Structure(&[
        Member::optional("targetType", Kind::String)
            .shaped(&Shape::one_of(&["AWS_LAMBDA", "PAUSE"])),
        Member::optional("hookTargetArn", Kind::String),
        Member::optional("roleArn", Kind::String),
        Member::optional("lifecycleStages", Kind::List).shaped(&Shape::list_with(
            Kind::String,
            &Shape::one_of(&[
                "RECONCILE_SERVICE",
                "PRE_SCALE_UP",
                "POST_SCALE_UP",
                "TEST_TRAFFIC_SHIFT",
                "POST_TEST_TRAFFIC_SHIFT",
                "PRE_PRODUCTION_TRAFFIC_SHIFT",
                "PRODUCTION_TRAFFIC_SHIFT",
                "POST_PRODUCTION_TRAFFIC_SHIFT",
            ]),
        )),
        Member::optional("hookDetails", Kind::Document),
        Member::optional("timeoutConfiguration", Kind::Structure).shaped(&Shape::Structure(&[
            Member::optional("timeoutInMinutes", Kind::Integer)
                .shaped(&Shape::Range { min: 1, max: 20160 }),
            Member::optional("action", Kind::String)
                .shaped(&Shape::one_of(&["ROLLBACK", "CONTINUE"])),
        ])),
    ]),
);

const SERVICE_CONNECT: Shape = Shape::Structure(&[
    Member::required("enabled", Kind::Boolean),
    Member::optional("namespace", Kind::String),
    Member::optional("services", Kind::List)
        .shaped(&Shape::list_with(Kind::Structure, &SERVICE_CONNECT_SERVICE)),
    Member::optional("logConfiguration", Kind::Structure).shaped(&Shape::Structure(&[
        Member::required("logDriver", Kind::String).shaped(&Shape::one_of(&[
            "json-file",
            "syslog",
            "journald",
            "gelf",
            "fluentd",
            "awslogs",
            "splunk",
            "awsfirelens",
        ])),
        Member::optional("options", Kind::Map).shaped(&Shape::Map {
            value: Kind::String,
        }),
        Member::optional("secretOptions", Kind::List).shaped(&Shape::list_with(
            Kind::Structure,
            &Shape::Structure(&[
                Member::required("name", Kind::String),
                Member::required("valueFrom", Kind::String),
            ]),
        )),
    ])),
    Member::optional("accessLogConfiguration", Kind::Structure).shaped(&Shape::Structure(&[
        Member::required("format", Kind::String).shaped(&Shape::one_of(&["TEXT", "JSON"])),
        Member::optional("includeQueryParameters", Kind::String)
            .shaped(&Shape::one_of(&["DISABLED", "ENABLED"])),
    ])),
    Member::optional("containerConfigurations", Kind::List).shaped(&Shape::List {
        item: Kind::Structure,
        // A tagged union in the model, though logLevel is its only member so far.
        shape: Some(&Shape::Union(&[
            Member::optional("logLevel", Kind::String).shaped(&Shape::one_of(&["debug", "info"]))
        ])),
        min: 0,
        max: 10,
    }),
]);

const SERVICE_CONNECT_SERVICE: Shape = Shape::Structure(&[
    Member::required("portName", Kind::String),
    Member::optional("discoveryName", Kind::String),
    // "The maximum number of client aliases that you can have in this list is 1."
    Member::optional("clientAliases", Kind::List).shaped(&Shape::List {
        item: Kind::Structure,
        shape: Some(&Shape::Structure(&[
            Member::required("port", Kind::Integer).shaped(&PORT),
            Member::optional("dnsName", Kind::String),
            Member::optional("testTrafficRules", Kind::Structure).shaped(&Shape::Structure(&[
                Member::required("header", Kind::Structure).shaped(&Shape::Structure(&[
                    Member::required("name", Kind::String),
                    Member::optional("value", Kind::Structure).shaped(&Shape::Structure(&[
                        Member::required("exact", Kind::String),
                    ])),
                ])),
            ])),
        ])),
        min: 0,
        max: 1,
    }),
    Member::optional("ingressPortOverride", Kind::Integer).shaped(&PORT),
    Member::optional("timeout", Kind::Structure).shaped(&Shape::Structure(&[
        Member::optional("idleTimeoutSeconds", Kind::Integer).shaped(&SECONDS),
        Member::optional("perRequestTimeoutSeconds", Kind::Integer).shaped(&SECONDS),
    ])),
    Member::optional("tls", Kind::Structure).shaped(&Shape::Structure(&[
        Member::required("issuerCertificateAuthority", Kind::Structure).shaped(&Shape::Structure(
            &[Member::optional("awsPcaAuthorityArn", Kind::String)],
        )),
        Member::optional("kmsKey", Kind::String),
        Member::optional("roleArn", Kind::String),
    ])),
]);

/// A non-negative duration (`Duration`).
const SECONDS: Shape = Shape::Range {
    min: 0,
    max: i32::MAX as i64,
};

const VOLUMES: Shape = Shape::list_with(
    Kind::Structure,
    &Shape::Structure(&[
        Member::required("name", Kind::String),
        Member::optional("managedEBSVolume", Kind::Structure).shaped(&EBS_VOLUME),
    ]),
);

const EBS_VOLUME: Shape = Shape::Structure(&[
    Member::optional("encrypted", Kind::Boolean),
    Member::optional("kmsKeyId", Kind::String),
    Member::optional("volumeType", Kind::String),
    Member::optional("sizeInGiB", Kind::Integer),
    Member::optional("snapshotId", Kind::String),
    Member::optional("volumeInitializationRate", Kind::Integer),
    Member::optional("iops", Kind::Integer),
    Member::optional("throughput", Kind::Integer),
    Member::optional("tagSpecifications", Kind::List).shaped(&Shape::list_with(
        Kind::Structure,
        &Shape::Structure(&[
            Member::required("resourceType", Kind::String).shaped(&Shape::one_of(&["volume"])),
            Member::optional("tags", Kind::List).shaped(&EBS_TAGS),
            Member::optional("propagateTags", Kind::String).shaped(&PROPAGATE_TAGS),
        ]),
    )),
    Member::required("roleArn", Kind::String),
    Member::optional("filesystemType", Kind::String)
        .shaped(&Shape::one_of(&["ext3", "ext4", "xfs", "ntfs"])),
]);

/// Tags of the volumes ECS creates (the model's `Tags`; the service's own tags get the full
/// ECS tag rules in `service.rs`).
const EBS_TAGS: Shape = Shape::List {
    item: Kind::Structure,
    shape: Some(&Shape::Structure(&[
        Member::optional("key", Kind::String).shaped(&Shape::Text {
            min: 1,
            max: 128,
            values: &[],
        }),
        Member::optional("value", Kind::String).shaped(&Shape::Text {
            min: 0,
            max: 256,
            values: &[],
        }),
    ])),
    min: 0,
    max: 50,
};

const VPC_LATTICE: Shape = Shape::list_with(
    Kind::Structure,
    &Shape::Structure(&[
        Member::required("roleArn", Kind::String),
        Member::required("targetGroupArn", Kind::String),
        Member::required("portName", Kind::String),
        Member::optional("advancedConfiguration", Kind::Structure)
            .shaped(&Shape::Structure(&ADVANCED_TARGETS)),
    ]),
);

const GATEWAY_CONNECTORS: Shape = Shape::List {
    item: Kind::Structure,
    shape: Some(&Shape::Structure(&[
        Member::required("portName", Kind::String),
        Member::optional("healthCheck", Kind::Structure).shaped(&Shape::Structure(&[
            Member::optional("healthCheckProtocol", Kind::String)
                .shaped(&Shape::one_of(&["HTTP", "HTTPS"])),
            Member::optional("healthCheckPort", Kind::Integer),
            Member::optional("healthCheckPath", Kind::String),
            Member::optional("healthCheckTimeoutSeconds", Kind::Integer),
            Member::optional("healthCheckIntervalSeconds", Kind::Integer),
            Member::optional("healthyThresholdCount", Kind::Integer),
            Member::optional("unhealthyThresholdCount", Kind::Integer),
            Member::optional("matcher", Kind::Structure).shaped(&Shape::Structure(&[
                Member::optional("httpCode", Kind::String),
                Member::optional("grpcCode", Kind::String),
            ])),
        ])),
        Member::optional("filters", Kind::Structure).shaped(&Shape::Structure(&[
            Member::optional("accessTypes", Kind::List).shaped(&Shape::List {
                item: Kind::String,
                shape: Some(&Shape::one_of(&["PUBLIC", "PRIVATE"])),
                min: 0,
                max: 2,
            }),
        ])),
        Member::optional("deregistrationDelay", Kind::Structure).shaped(&Shape::Structure(&[
            Member::optional("timeoutSeconds", Kind::Integer)
                .shaped(&Shape::Range { min: 0, max: 3600 }),
        ])),
    ])),
    min: 0,
    max: 1,
};

const MONITORING: Shape = Shape::Structure(&[Member::optional("metricConfigurations", Kind::List)
    .shaped(&Shape::List {
        item: Kind::Structure,
        shape: Some(&Shape::Structure(&[
            Member::required("metricNames", Kind::List).shaped(&Shape::List {
                item: Kind::String,
                shape: Some(&Shape::Text {
                    min: 1,
                    max: 255,
                    values: &[],
                }),
                min: 1,
                max: 5,
            }),
            Member::required("resolutionSeconds", Kind::Integer)
                .shaped(&Shape::Range { min: 20, max: 60 }),
        ])),
        min: 0,
        max: 5,
    })]);

#[cfg(test)]
mod tests {
    use super::*;

    /// Every member's declared type is the type its shape checks, all the way down: a
    /// mismatch would skip the shape (or report a wrong type) for every request.
    fn assert_consistent(members: &[Member], path: &str) {
        for member in members {
            let here = format!("{path}.{}", member.name);
            if let Some(shape) = member.shape {
                assert_eq!(kind_of(shape), member.kind, "{here}");
                walk(shape, &here);
            }
        }
    }

    fn kind_of(shape: &Shape) -> Kind {
        match shape {
            Shape::Text { .. } => Kind::String,
            Shape::Range { .. } => Kind::Integer,
            Shape::List { .. } => Kind::List,
            Shape::Map { .. } => Kind::Map,
            Shape::Structure(_) | Shape::Union(_) => Kind::Structure,
        }
    }

    fn walk(shape: &Shape, path: &str) {
        match shape {
            Shape::Structure(members) | Shape::Union(members) => assert_consistent(members, path),
            Shape::List {
                item,
                shape: Some(inner),
                min,
                max,
            } => {
                assert!(min <= max, "{path}");
                assert_eq!(kind_of(inner), *item, "{path}[]");
                walk(inner, &format!("{path}[]"));
            }
            Shape::Text { min, max, .. } => assert!(min <= max, "{path}"),
            Shape::Range { min, max } => assert!(min <= max, "{path}"),
            Shape::List { .. } | Shape::Map { .. } => {}
        }
    }

    #[test]
    fn member_types_match_their_shapes() {
        assert_consistent(&CREATE, "CreateService");
        assert_consistent(&UPDATE, "UpdateService");
        walk(&AWSVPC, "awsvpcConfiguration");
    }

    #[test]
    fn update_shares_create_members_except_the_names() {
        // UpdateService has CreateService's settings but names the service by `service`,
        // and takes forceNewDeployment; the rest must not drift apart.
        let create: Vec<&str> = CREATE.iter().map(|m| m.name).collect();
        for member in &UPDATE {
            if member.name != "service" && member.name != "forceNewDeployment" {
                assert!(create.contains(&member.name), "{}", member.name);
                let twin = CREATE.iter().find(|m| m.name == member.name);
                assert_eq!(
                    twin.map(|m| m.shape.is_some()),
                    Some(member.shape.is_some()),
                    "{}",
                    member.name
                );
            }
        }
    }
}
