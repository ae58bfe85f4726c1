//! The request shapes of the exported operations, as the botocore service models define them, with
//! the names each tool uses: the AWS CLI option (botocore's `xform_name` of the member), the SDK
//! method, the HTTP target. Only what export and import need; validation has its own tables.

use crate::Operation;

/// A wire type, with the nested shapes of containers.
#[derive(Debug, Clone, Copy)]
pub enum Shape {
    String,
    Integer,
    Long,
    Double,
    Boolean,
    List(&'static Shape),
    /// A map from strings to the value shape.
    Map(&'static Shape),
    Structure(&'static [Field]),
}

impl Shape {
    pub fn is_scalar(self) -> bool {
        matches!(
            self,
            Shape::String | Shape::Integer | Shape::Long | Shape::Double | Shape::Boolean
        )
    }

    /// The members of a structure (empty for anything else).
    pub fn fields(self) -> &'static [Field] {
        match self {
            Shape::Structure(fields) => fields,
            _ => &[],
        }
    }

    pub fn field(self, name: &str) -> Option<&'static Field> {
        self.fields().iter().find(|f| f.name == name)
    }
}

/// One member of a structure.
#[derive(Debug, Clone, Copy)]
pub struct Field {
    /// The wire name (PascalCase for Cloud Map, camelCase for ECS).
    pub name: &'static str,
    /// The AWS CLI option, without the leading `--`.
    pub cli: &'static str,
    pub shape: &'static Shape,
    pub required: bool,
}

const fn field(name: &'static str, cli: &'static str, shape: &'static Shape) -> Field {
    Field {
        name,
        cli,
        shape,
        required: false,
    }
}

const fn required(name: &'static str, cli: &'static str, shape: &'static Shape) -> Field {
    Field {
        name,
        cli,
        shape,
        required: true,
    }
}

const STRING: &Shape = &Shape::String;
const INTEGER: &Shape = &Shape::Integer;
const LONG: &Shape = &Shape::Long;
const DOUBLE: &Shape = &Shape::Double;
const BOOLEAN: &Shape = &Shape::Boolean;
const STRING_LIST: &Shape = &Shape::List(STRING);
const STRING_MAP: &Shape = &Shape::Map(STRING);

const REGISTER_INSTANCE: &Shape = &Shape::Structure(&[
    required("ServiceId", "service-id", STRING),
    required("InstanceId", "instance-id", STRING),
    field("CreatorRequestId", "creator-request-id", STRING),
    required("Attributes", "attributes", STRING_MAP),
]);

const DNS_RECORD: &Shape = &Shape::Structure(&[
    required("Type", "type", STRING),
    required("TTL", "ttl", LONG),
]);
const DNS_CONFIG: &Shape = &Shape::Structure(&[
    field("NamespaceId", "namespace-id", STRING),
    field("RoutingPolicy", "routing-policy", STRING),
    required("DnsRecords", "dns-records", &Shape::List(DNS_RECORD)),
]);
const HEALTH_CHECK_CONFIG: &Shape = &Shape::Structure(&[
    required("Type", "type", STRING),
    field("ResourcePath", "resource-path", STRING),
    field("FailureThreshold", "failure-threshold", INTEGER),
]);
const HEALTH_CHECK_CUSTOM_CONFIG: &Shape =
    &Shape::Structure(&[field("FailureThreshold", "failure-threshold", INTEGER)]);
const SERVICE_TAG: &Shape = &Shape::Structure(&[
    required("Key", "key", STRING),
    required("Value", "value", STRING),
]);

const CREATE_SERVICE: &Shape = &Shape::Structure(&[
    required("Name", "name", STRING),
    field("NamespaceId", "namespace-id", STRING),
    field("CreatorRequestId", "creator-request-id", STRING),
    field("Description", "description", STRING),
    field("DnsConfig", "dns-config", DNS_CONFIG),
    field(
        "HealthCheckConfig",
        "health-check-config",
        HEALTH_CHECK_CONFIG,
    ),
    field(
        "HealthCheckCustomConfig",
        "health-check-custom-config",
        HEALTH_CHECK_CUSTOM_CONFIG,
    ),
    field("Tags", "tags", &Shape::List(SERVICE_TAG)),
    field("Type", "type", STRING),
]);

const RESOURCE: &Shape = &Shape::Structure(&[
    field("name", "name", STRING),
    field("type", "type", STRING),
    field("doubleValue", "double-value", DOUBLE),
    field("longValue", "long-value", LONG),
    field("integerValue", "integer-value", INTEGER),
    field("stringSetValue", "string-set-value", STRING_LIST),
]);
const VERSION_INFO: &Shape = &Shape::Structure(&[
    field("agentVersion", "agent-version", STRING),
    field("agentHash", "agent-hash", STRING),
    field("dockerVersion", "docker-version", STRING),
]);
const ECS_ATTRIBUTE: &Shape = &Shape::Structure(&[
    required("name", "name", STRING),
    field("value", "value", STRING),
    field("targetType", "target-type", STRING),
    field("targetId", "target-id", STRING),
]);
const PLATFORM_DEVICE: &Shape = &Shape::Structure(&[
    required("id", "id", STRING),
    required("type", "type", STRING),
]);
const ECS_TAG: &Shape =
    &Shape::Structure(&[field("key", "key", STRING), field("value", "value", STRING)]);

const REGISTER_CONTAINER_INSTANCE: &Shape = &Shape::Structure(&[
    field("cluster", "cluster", STRING),
    field(
        "instanceIdentityDocument",
        "instance-identity-document",
        STRING,
    ),
    field(
        "instanceIdentityDocumentSignature",
        "instance-identity-document-signature",
        STRING,
    ),
    field("totalResources", "total-resources", &Shape::List(RESOURCE)),
    field("versionInfo", "version-info", VERSION_INFO),
    field("containerInstanceArn", "container-instance-arn", STRING),
    field("attributes", "attributes", &Shape::List(ECS_ATTRIBUTE)),
    field(
        "platformDevices",
        "platform-devices",
        &Shape::List(PLATFORM_DEVICE),
    ),
    field("tags", "tags", &Shape::List(ECS_TAG)),
]);

const DEREGISTER_CONTAINER_INSTANCE: &Shape = &Shape::Structure(&[
    field("cluster", "cluster", STRING),
    required("containerInstance", "container-instance", STRING),
    field("force", "force", BOOLEAN),
]);

const UPDATE_CONTAINER_INSTANCES_STATE: &Shape = &Shape::Structure(&[
    field("cluster", "cluster", STRING),
    required("containerInstances", "container-instances", STRING_LIST),
    required("status", "status", STRING),
]);

/// A structure muster does not break down: its value always goes to the CLI as JSON, which the
/// CLI reads exactly, instead of shorthand.
const OPAQUE: &Shape = &Shape::Structure(&[]);

const LOAD_BALANCER: &Shape = &Shape::Structure(&[
    field("targetGroupArn", "target-group-arn", STRING),
    field("loadBalancerName", "load-balancer-name", STRING),
    field("containerName", "container-name", STRING),
    field("containerPort", "container-port", INTEGER),
]);
const SERVICE_REGISTRY: &Shape = &Shape::Structure(&[
    field("registryArn", "registry-arn", STRING),
    field("port", "port", INTEGER),
    field("containerName", "container-name", STRING),
    field("containerPort", "container-port", INTEGER),
]);
const CAPACITY_PROVIDER_STRATEGY_ITEM: &Shape = &Shape::Structure(&[
    required("capacityProvider", "capacity-provider", STRING),
    field("weight", "weight", INTEGER),
    field("base", "base", INTEGER),
]);
const CIRCUIT_BREAKER: &Shape = &Shape::Structure(&[
    required("enable", "enable", BOOLEAN),
    required("rollback", "rollback", BOOLEAN),
    field("resetOnHealthyTask", "reset-on-healthy-task", BOOLEAN),
    field("thresholdConfiguration", "threshold-configuration", OPAQUE),
]);
const DEPLOYMENT_ALARMS: &Shape = &Shape::Structure(&[
    required("alarmNames", "alarm-names", STRING_LIST),
    required("rollback", "rollback", BOOLEAN),
    required("enable", "enable", BOOLEAN),
]);
const DEPLOYMENT_CONFIGURATION: &Shape = &Shape::Structure(&[
    field(
        "deploymentCircuitBreaker",
        "deployment-circuit-breaker",
        CIRCUIT_BREAKER,
    ),
    field("maximumPercent", "maximum-percent", INTEGER),
    field("minimumHealthyPercent", "minimum-healthy-percent", INTEGER),
    field("alarms", "alarms", DEPLOYMENT_ALARMS),
    field("strategy", "strategy", STRING),
    field("bakeTimeInMinutes", "bake-time-in-minutes", INTEGER),
    field("lifecycleHooks", "lifecycle-hooks", &Shape::List(OPAQUE)),
    field("linearConfiguration", "linear-configuration", OPAQUE),
    field("canaryConfiguration", "canary-configuration", OPAQUE),
    field("earlySuccessCriteria", "early-success-criteria", OPAQUE),
]);
const PLACEMENT_CONSTRAINT: &Shape = &Shape::Structure(&[
    field("type", "type", STRING),
    field("expression", "expression", STRING),
]);
const PLACEMENT_STRATEGY: &Shape = &Shape::Structure(&[
    field("type", "type", STRING),
    field("field", "field", STRING),
]);
const AWSVPC_CONFIGURATION: &Shape = &Shape::Structure(&[
    required("subnets", "subnets", STRING_LIST),
    field("securityGroups", "security-groups", STRING_LIST),
    field("assignPublicIp", "assign-public-ip", STRING),
]);
const NETWORK_CONFIGURATION: &Shape = &Shape::Structure(&[field(
    "awsvpcConfiguration",
    "awsvpc-configuration",
    AWSVPC_CONFIGURATION,
)]);
const DEPLOYMENT_CONTROLLER: &Shape = &Shape::Structure(&[required("type", "type", STRING)]);

const ECS_CREATE_SERVICE: &Shape = &Shape::Structure(&[
    field("cluster", "cluster", STRING),
    required("serviceName", "service-name", STRING),
    field("taskDefinition", "task-definition", STRING),
    field(
        "availabilityZoneRebalancing",
        "availability-zone-rebalancing",
        STRING,
    ),
    field(
        "loadBalancers",
        "load-balancers",
        &Shape::List(LOAD_BALANCER),
    ),
    field(
        "serviceRegistries",
        "service-registries",
        &Shape::List(SERVICE_REGISTRY),
    ),
    field("desiredCount", "desired-count", INTEGER),
    field("clientToken", "client-token", STRING),
    field("launchType", "launch-type", STRING),
    field(
        "capacityProviderStrategy",
        "capacity-provider-strategy",
        &Shape::List(CAPACITY_PROVIDER_STRATEGY_ITEM),
    ),
    field("platformVersion", "platform-version", STRING),
    field("role", "role", STRING),
    field(
        "deploymentConfiguration",
        "deployment-configuration",
        DEPLOYMENT_CONFIGURATION,
    ),
    field(
        "placementConstraints",
        "placement-constraints",
        &Shape::List(PLACEMENT_CONSTRAINT),
    ),
    field(
        "placementStrategy",
        "placement-strategy",
        &Shape::List(PLACEMENT_STRATEGY),
    ),
    field(
        "networkConfiguration",
        "network-configuration",
        NETWORK_CONFIGURATION,
    ),
    field(
        "healthCheckGracePeriodSeconds",
        "health-check-grace-period-seconds",
        INTEGER,
    ),
    field("schedulingStrategy", "scheduling-strategy", STRING),
    field(
        "deploymentController",
        "deployment-controller",
        DEPLOYMENT_CONTROLLER,
    ),
    field("tags", "tags", &Shape::List(ECS_TAG)),
    field("enableECSManagedTags", "enable-ecs-managed-tags", BOOLEAN),
    field("propagateTags", "propagate-tags", STRING),
    field("enableExecuteCommand", "enable-execute-command", BOOLEAN),
    field(
        "serviceConnectConfiguration",
        "service-connect-configuration",
        OPAQUE,
    ),
    field(
        "volumeConfigurations",
        "volume-configurations",
        &Shape::List(OPAQUE),
    ),
    field(
        "vpcLatticeConfigurations",
        "vpc-lattice-configurations",
        &Shape::List(OPAQUE),
    ),
    field(
        "gatewayConnectors",
        "gateway-connectors",
        &Shape::List(OPAQUE),
    ),
    field("monitoring", "monitoring", OPAQUE),
]);

const UPDATE_SERVICE: &Shape = &Shape::Structure(&[
    field("cluster", "cluster", STRING),
    required("service", "service", STRING),
    field("desiredCount", "desired-count", INTEGER),
    field("taskDefinition", "task-definition", STRING),
    field(
        "capacityProviderStrategy",
        "capacity-provider-strategy",
        &Shape::List(CAPACITY_PROVIDER_STRATEGY_ITEM),
    ),
    field(
        "deploymentConfiguration",
        "deployment-configuration",
        DEPLOYMENT_CONFIGURATION,
    ),
    field(
        "availabilityZoneRebalancing",
        "availability-zone-rebalancing",
        STRING,
    ),
    field(
        "networkConfiguration",
        "network-configuration",
        NETWORK_CONFIGURATION,
    ),
    field(
        "placementConstraints",
        "placement-constraints",
        &Shape::List(PLACEMENT_CONSTRAINT),
    ),
    field(
        "placementStrategy",
        "placement-strategy",
        &Shape::List(PLACEMENT_STRATEGY),
    ),
    field("platformVersion", "platform-version", STRING),
    field("forceNewDeployment", "force-new-deployment", BOOLEAN),
    field(
        "healthCheckGracePeriodSeconds",
        "health-check-grace-period-seconds",
        INTEGER,
    ),
    field(
        "deploymentController",
        "deployment-controller",
        DEPLOYMENT_CONTROLLER,
    ),
    field("enableExecuteCommand", "enable-execute-command", BOOLEAN),
    field("enableECSManagedTags", "enable-ecs-managed-tags", BOOLEAN),
    field(
        "loadBalancers",
        "load-balancers",
        &Shape::List(LOAD_BALANCER),
    ),
    field("propagateTags", "propagate-tags", STRING),
    field(
        "serviceRegistries",
        "service-registries",
        &Shape::List(SERVICE_REGISTRY),
    ),
    field(
        "serviceConnectConfiguration",
        "service-connect-configuration",
        OPAQUE,
    ),
    field(
        "volumeConfigurations",
        "volume-configurations",
        &Shape::List(OPAQUE),
    ),
    field(
        "vpcLatticeConfigurations",
        "vpc-lattice-configurations",
        &Shape::List(OPAQUE),
    ),
    field(
        "gatewayConnectors",
        "gateway-connectors",
        &Shape::List(OPAQUE),
    ),
    field("monitoring", "monitoring", OPAQUE),
]);

/// The AWS service an operation belongs to, with each tool's name for it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Service {
    /// `aws <cli>` and `boto3.client("<cli>")`.
    pub cli: &'static str,
    /// The endpoint prefix and SigV4 signing name.
    pub endpoint: &'static str,
    /// The AWS JSON 1.1 `X-Amz-Target` prefix.
    pub target: &'static str,
    pub js_package: &'static str,
    pub js_client: &'static str,
}

pub const SERVICE_DISCOVERY: Service = Service {
    cli: "servicediscovery",
    endpoint: "servicediscovery",
    target: "Route53AutoNaming_v20170314",
    js_package: "@aws-sdk/client-servicediscovery",
    js_client: "ServiceDiscoveryClient",
};

pub const ECS: Service = Service {
    cli: "ecs",
    endpoint: "ecs",
    target: "AmazonEC2ContainerServiceV20141113",
    js_package: "@aws-sdk/client-ecs",
    js_client: "ECSClient",
};

/// An operation muster exports, with its names in each tool.
#[derive(Debug, Clone, Copy)]
pub struct OperationModel {
    pub operation: Operation,
    pub service: Service,
    /// The API operation name (`X-Amz-Target` suffix, JS SDK command).
    pub api: &'static str,
    /// `aws <service> <cli>`.
    pub cli: &'static str,
    /// The boto3 method.
    pub python: &'static str,
    pub input: &'static Shape,
}

pub const OPERATIONS: [OperationModel; 7] = [
    OperationModel {
        operation: Operation::RegisterInstance,
        api: "RegisterInstance",
        service: SERVICE_DISCOVERY,
        cli: "register-instance",
        python: "register_instance",
        input: REGISTER_INSTANCE,
    },
    OperationModel {
        operation: Operation::CreateService,
        api: "CreateService",
        service: SERVICE_DISCOVERY,
        cli: "create-service",
        python: "create_service",
        input: CREATE_SERVICE,
    },
    OperationModel {
        operation: Operation::RegisterContainerInstance,
        api: "RegisterContainerInstance",
        service: ECS,
        cli: "register-container-instance",
        python: "register_container_instance",
        input: REGISTER_CONTAINER_INSTANCE,
    },
    OperationModel {
        operation: Operation::DeregisterContainerInstance,
        api: "DeregisterContainerInstance",
        service: ECS,
        cli: "deregister-container-instance",
        python: "deregister_container_instance",
        input: DEREGISTER_CONTAINER_INSTANCE,
    },
    OperationModel {
        operation: Operation::UpdateContainerInstancesState,
        api: "UpdateContainerInstancesState",
        service: ECS,
        cli: "update-container-instances-state",
        python: "update_container_instances_state",
        input: UPDATE_CONTAINER_INSTANCES_STATE,
    },
    OperationModel {
        operation: Operation::EcsCreateService,
        api: "CreateService",
        service: ECS,
        cli: "create-service",
        python: "create_service",
        input: ECS_CREATE_SERVICE,
    },
    OperationModel {
        operation: Operation::UpdateService,
        api: "UpdateService",
        service: ECS,
        cli: "update-service",
        python: "update_service",
        input: UPDATE_SERVICE,
    },
];

/// The model of an exportable operation.
pub fn operation(operation: Operation) -> Option<&'static OperationModel> {
    OPERATIONS.iter().find(|m| m.operation == operation)
}

/// The operation `aws <service> <command>` runs.
pub fn by_cli(service: &str, command: &str) -> Option<&'static OperationModel> {
    OPERATIONS
        .iter()
        .find(|m| m.service.cli == service && m.cli == command)
}

/// The operation an `X-Amz-Target` header names.
pub fn by_target(target: &str) -> Option<&'static OperationModel> {
    let (prefix, name) = target.split_once('.')?;
    OPERATIONS
        .iter()
        .find(|m| m.service.target == prefix && m.api == name)
}

impl OperationModel {
    /// The name of the JS SDK v3 command class.
    pub fn js_command(&self) -> String {
        format!("{}Command", self.api)
    }
}
