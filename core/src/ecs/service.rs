//! ECS CreateService / UpdateService validation: the request shapes as botocore checks them, the
//! placement settings (strategies, constraints and their cluster-query expressions), the
//! deployment configuration, and `serviceRegistries` as the 2018 service-discovery update states
//! it, checked against the task definition and the Cloud Map service when the context has them.

use serde_json::{Map, Value};

use super::query::{self, MAX_EXPRESSION_LENGTH};
use super::service_shapes::{AWSVPC, CREATE, UPDATE};
use super::taskdef::{NetworkMode, TaskDefinition};
use super::validate::check_tags;
use crate::cloudmap::model::RecordType;
use crate::cloudmap::Service as CloudMapService;
use crate::diagnostics::{rules, Diagnostic, Rule};
use crate::pointer::Pointer;
use crate::shape::{check_shape, check_structure, typed, Kind, Member, Shape};

const SERVICE_REGISTRY: [Member; 4] = [
    Member::optional("registryArn", Kind::String),
    Member::optional("port", Kind::Integer),
    Member::optional("containerName", Kind::String),
    Member::optional("containerPort", Kind::Integer),
];

const CONSTRAINT: [Member; 2] = [
    Member::optional("type", Kind::String),
    Member::optional("expression", Kind::String),
];

const STRATEGY: [Member; 2] = [
    Member::optional("type", Kind::String),
    Member::optional("field", Kind::String),
];

const NETWORK_CONFIGURATION: [Member; 1] =
    [Member::optional("awsvpcConfiguration", Kind::Structure)];

/// Placement strategies per service or task.
pub const MAX_STRATEGIES: usize = 5;
/// Placement constraints per task, counting the task definition's.
pub const MAX_CONSTRAINTS: usize = 10;
/// Tasks per service (ECS quota).
pub const MAX_DESIRED_COUNT: i64 = 5000;
/// Tasks per service that uses service discovery (ECS quota).
pub const MAX_DESIRED_WITH_DISCOVERY: i64 = 1000;
/// Subnets and security groups per awsvpcConfiguration.
pub const MAX_SUBNETS: usize = 16;
pub const MAX_SECURITY_GROUPS: usize = 5;

/// Which of the two requests is being checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ServiceRequest {
    Create,
    Update,
}

/// What CreateService / UpdateService are checked against: the service's task definition and
/// the Cloud Map service its registry points at.
#[derive(Debug, Clone, Default)]
pub struct ServiceContext {
    pub task_definition: Option<TaskDefinition>,
    pub cloud_map_service: Option<CloudMapService>,
}

impl ServiceContext {
    /// Reads `{ taskDefinition?, cloudMapService? }`; each may be the whole describe / get output.
    pub fn from_value(value: &Value) -> Result<Self, String> {
        let Some(object) = value.as_object() else {
            return Err(
                "the context must be an object like {\"taskDefinition\": {...}, \"cloudMapService\": {...}}"
                    .to_owned(),
            );
        };
        if let Some(key) = object
            .keys()
            .find(|k| *k != "taskDefinition" && *k != "cloudMapService")
        {
            return Err(format!(
                "unknown context member {key:?}; expected \"taskDefinition\" and/or \"cloudMapService\""
            ));
        }
        let task_definition = object
            .get("taskDefinition")
            .filter(|v| !v.is_null())
            .map(TaskDefinition::from_value)
            .transpose()?;
        let cloud_map_service = object
            .get("cloudMapService")
            .filter(|v| !v.is_null())
            .map(|v| {
                let inner = v.get("Service").unwrap_or(v);
                serde_json::from_value::<CloudMapService>(inner.clone())
                    .map_err(|e| format!("cloudMapService: {e}"))
            })
            .transpose()?;
        Ok(Self {
            task_definition,
            cloud_map_service,
        })
    }
}

/// Validates an ECS CreateService or UpdateService request, returning every finding.
pub fn validate_service(
    request: &Value,
    which: ServiceRequest,
    context: &ServiceContext,
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let root = Pointer::root();
    let (members, what): (&[Member], &str) = match which {
        ServiceRequest::Create => (&CREATE, "CreateService"),
        ServiceRequest::Update => (&UPDATE, "UpdateService"),
    };
    check_shape(request, &Shape::Structure(members), what, &root, &mut out);
    let Some(object) = request.as_object() else {
        return out;
    };
    let daemon = object.get("schedulingStrategy").and_then(Value::as_str) == Some("DAEMON");
    if which == ServiceRequest::Create {
        check_create_only(object, daemon, &root, &mut out);
    }
    let has_registry = object
        .get("serviceRegistries")
        .and_then(Value::as_array)
        .is_some_and(|l| !l.is_empty());
    if let Some(Value::Number(count)) = typed(object, "desiredCount", Kind::Integer) {
        check_desired_count(
            count.as_i64().unwrap_or(0),
            has_registry,
            daemon,
            &root,
            &mut out,
        );
    }
    if daemon {
        check_daemon(object, &root, &mut out);
    }
    if object.contains_key("launchType") && object.contains_key("capacityProviderStrategy") {
        out.push(Diagnostic::new(
            &rules::ECS056,
            &root.key("capacityProviderStrategy"),
            "Give launchType or capacityProviderStrategy, not both: with a capacity provider strategy, launchType must be omitted.",
        ));
    }
    check_service_connect_names(object, &root, &mut out);
    if let Some(Value::Array(providers)) = object.get("capacityProviderStrategy") {
        check_capacity_providers(providers, &root.key("capacityProviderStrategy"), &mut out);
    }
    let launch_type = object.get("launchType").and_then(Value::as_str);
    let constraints = object
        .get("placementConstraints")
        .and_then(Value::as_array)
        .map(Vec::as_slice)
        .unwrap_or_default();
    let strategies = object
        .get("placementStrategy")
        .and_then(Value::as_array)
        .map(Vec::as_slice)
        .unwrap_or_default();
    let task_definition_constraints = context
        .task_definition
        .as_ref()
        .map_or(0, |td| td.placement_constraints.len());
    check_placement(
        constraints,
        strategies,
        task_definition_constraints,
        launch_type,
        &root,
        &mut out,
    );
    if let Some(config) = typed(object, "deploymentConfiguration", Kind::Structure) {
        check_deployment(
            config,
            daemon,
            &root.key("deploymentConfiguration"),
            &mut out,
        );
    }
    let mode = context
        .task_definition
        .as_ref()
        .and_then(|td| td.network_mode().ok());
    if let Some(config) = typed(object, "networkConfiguration", Kind::Structure) {
        check_network(config, mode, &root.key("networkConfiguration"), &mut out);
    } else if mode == Some(NetworkMode::Awsvpc) && which == ServiceRequest::Create {
        out.push(Diagnostic::new(
            &rules::ECS057,
            &root.key("networkConfiguration"),
            "The task definition uses awsvpc, so the service needs networkConfiguration.awsvpcConfiguration with its subnets.",
        ));
    }
    if let Some(Value::Array(balancers)) = typed(object, "loadBalancers", Kind::List) {
        check_load_balancers(
            balancers,
            context,
            mode,
            &root.key("loadBalancers"),
            &mut out,
        );
    }
    if which == ServiceRequest::Create && object.contains_key("role") {
        check_role(object, mode, &root, &mut out);
    }
    check_discovery(object, context, &root, &mut out);
    check_context_task_definition(context, &root, &mut out);
    out
}

/// What the DAEMON strategy rules out. The CreateService reference: "Tasks using the Fargate
/// launch type or the CODE_DEPLOY or EXTERNAL deployment controller types don't support the
/// DAEMON scheduling strategy." A capacity provider strategy is refused too: ECS answers
/// "Specifying a capacity provider strategy is not supported when you create a service using
/// the DAEMON scheduling strategy."
fn check_daemon(object: &Map<String, Value>, root: &Pointer, out: &mut Vec<Diagnostic>) {
    for (member, what) in [
        (
            "placementStrategy",
            "placementStrategy: they place one task on every instance",
        ),
        ("capacityProviderStrategy", "capacityProviderStrategy"),
    ] {
        if object.contains_key(member) {
            out.push(Diagnostic::new(
                &rules::ECS053,
                &root.key(member),
                format!("DAEMON services take no {what}."),
            ));
        }
    }
    if object.get("launchType").and_then(Value::as_str) == Some("FARGATE") {
        out.push(Diagnostic::new(
            &rules::ECS053,
            &root.key("launchType"),
            "DAEMON services do not run on Fargate.",
        ));
    }
    let controller = object
        .get("deploymentController")
        .and_then(|c| c.get("type"));
    if let Some(kind @ ("CODE_DEPLOY" | "EXTERNAL")) = controller.and_then(Value::as_str) {
        out.push(Diagnostic::new(
            &rules::ECS053,
            &root.key("deploymentController").key("type"),
            format!("DAEMON services need the ECS deployment controller, not {kind}."),
        ));
    }
}

/// `role`: "If you specify the role parameter, you must also specify a load balancer object
/// with the loadBalancers parameter", and it is "only permitted if you are using a load
/// balancer with your service and your task definition doesn't use the awsvpc network mode".
fn check_role(
    object: &Map<String, Value>,
    mode: Option<NetworkMode>,
    root: &Pointer,
    out: &mut Vec<Diagnostic>,
) {
    let balanced = object
        .get("loadBalancers")
        .and_then(Value::as_array)
        .is_some_and(|l| !l.is_empty());
    let message = if !balanced {
        "role is for the service's load balancers; ECS refuses it without loadBalancers."
    } else if mode == Some(NetworkMode::Awsvpc) {
        "With awsvpc tasks ECS uses its service-linked role and refuses role."
    } else {
        return;
    };
    out.push(Diagnostic::new(&rules::ECS062, &root.key("role"), message));
}

/// Each `loadBalancers` entry, as the LoadBalancer reference describes it: a target group ARN
/// (Application and Network Load Balancers) or a load balancer name (Classic, which awsvpc
/// tasks cannot use), and the container name and port, which must be in the task definition.
fn check_load_balancers(
    balancers: &[Value],
    context: &ServiceContext,
    mode: Option<NetworkMode>,
    path: &Pointer,
    out: &mut Vec<Diagnostic>,
) {
    for (i, balancer) in balancers.iter().enumerate() {
        let here = path.index(i);
        let Some(object) = balancer.as_object() else {
            continue; // the shape check reported it
        };
        let given = |name: &str| object.get(name).is_some_and(|v| !v.is_null());
        let mut report = |at: Pointer, message: &'static str| {
            out.push(Diagnostic::new(&rules::ECS063, &at, message));
        };
        match (given("targetGroupArn"), given("loadBalancerName")) {
            (false, false) => report(here.clone(), "The load balancer needs targetGroupArn (Application or Network Load Balancer) or loadBalancerName (Classic)."),
            (true, true) => report(here.key("loadBalancerName"), "Give targetGroupArn or loadBalancerName, not both."),
            (false, true) if mode == Some(NetworkMode::Awsvpc) => report(here.key("loadBalancerName"), "awsvpc tasks cannot use a Classic Load Balancer; give targetGroupArn."),
            _ => {}
        }
        for (member, message) in [
            (
                "containerName",
                "The load balancer needs containerName: the container it sends traffic to.",
            ),
            (
                "containerPort",
                "The load balancer needs containerPort: the container port it sends traffic to.",
            ),
        ] {
            if !given(member) {
                report(here.key(member), message);
            }
        }
        let name = object.get("containerName").and_then(Value::as_str);
        let port = object.get("containerPort").and_then(Value::as_i64);
        if let (Some(td), Some(name), Some(port)) = (&context.task_definition, name, port) {
            check_container(td, name, port, &here, (&rules::ECS063, &rules::ECS063), out);
        }
    }
}

/// A task definition in the context with constraints RegisterTaskDefinition rejects.
fn check_context_task_definition(
    context: &ServiceContext,
    root: &Pointer,
    out: &mut Vec<Diagnostic>,
) {
    if let Some(td) = &context.task_definition {
        // The context is not part of the request, so this is reported on the whole request.
        for constraint in td
            .placement_constraints
            .iter()
            .filter(|c| c.constraint_type != "memberOf")
        {
            out.push(Diagnostic::new(
                &rules::PL010,
                root,
                format!(
                    "The task definition has a {:?} placement constraint; task definitions accept only memberOf, so RegisterTaskDefinition rejects it.",
                    constraint.constraint_type
                ),
            ));
        }
    }
}

/// serviceRegistries, and the note when the task definition needed to check them is missing.
fn check_discovery(
    object: &Map<String, Value>,
    context: &ServiceContext,
    root: &Pointer,
    out: &mut Vec<Diagnostic>,
) {
    if let Some(Value::Array(registries)) = typed(object, "serviceRegistries", Kind::List) {
        check_registries(registries, context, &root.key("serviceRegistries"), out);
    }
    if context.task_definition.is_none()
        && (object.contains_key("serviceRegistries") || object.contains_key("networkConfiguration"))
    {
        out.push(Diagnostic::new(
            &rules::ECS060,
            root,
            "Add the task definition (describe-task-definition output) to the context to check serviceRegistries and networkConfiguration against its network mode and containers.",
        ));
    }
}

/// The members only CreateService has: the name and the task definition.
fn check_create_only(
    object: &Map<String, Value>,
    daemon: bool,
    root: &Pointer,
    out: &mut Vec<Diagnostic>,
) {
    if let Some(Value::String(name)) = typed(object, "serviceName", Kind::String) {
        check_service_name(name, &root.key("serviceName"), out);
    }
    if let Some(Value::Array(tags)) = typed(object, "tags", Kind::List) {
        check_tags(tags, out);
    }
    let external = object
        .get("deploymentController")
        .and_then(|c| c.get("type"))
        .and_then(Value::as_str)
        == Some("EXTERNAL");
    // botocore's CreateServiceRequest.desiredCount: "This is required if schedulingStrategy is
    // REPLICA or isn't specified."
    if !daemon && !object.contains_key("desiredCount") {
        out.push(Diagnostic::new(
            &rules::ECS065,
            &root.key("desiredCount"),
            "desiredCount is missing: a REPLICA service (the default scheduling strategy) needs the number of tasks to keep running.",
        ));
    }
    if let Some(Value::String(token)) = typed(object, "clientToken", Kind::String) {
        // The CreateService reference: "Up to 36 ASCII characters in the range of 33-126
        // (inclusive) are allowed."
        if token.len() > 36 || !token.bytes().all(|b| (b'!'..=b'~').contains(&b)) {
            out.push(Diagnostic::new(
                &rules::ECS061,
                &root.key("clientToken"),
                format!("clientToken {token:?} must be up to 36 ASCII characters from ! to ~."),
            ));
        }
    }
    if !object.contains_key("taskDefinition") && !external {
        out.push(Diagnostic::new(
            &rules::ECS059,
            &root.key("taskDefinition"),
            "CreateService needs a taskDefinition unless the deployment controller is EXTERNAL.",
        ));
    }
}

fn check_service_name(name: &str, path: &Pointer, out: &mut Vec<Diagnostic>) {
    // "Up to 255 letters (uppercase and lowercase), numbers, underscores, and hyphens are
    // allowed": the CreateService reference sets no rule for the first character.
    let ok = (1..=255).contains(&name.len())
        && name
            .bytes()
            .all(|c| c.is_ascii_alphanumeric() || c == b'-' || c == b'_');
    if !ok {
        out.push(Diagnostic::new(
            &rules::ECS051,
            path,
            format!(
                "serviceName {name:?} must be 1 to 255 letters, digits, hyphens and underscores."
            ),
        ));
    }
}

/// The Service Connect names ECS turns into Cloud Map names (ServiceConnectService.discoveryName
/// and ServiceConnectClientAlias.dnsName in botocore): "up to 64 characters ... lowercase letters,
/// numbers, underscores (_), and hyphens (-). The name can't start with a hyphen"; a dnsName up
/// to 127, periods allowed too.
fn check_service_connect_names(
    object: &Map<String, Value>,
    root: &Pointer,
    out: &mut Vec<Diagnostic>,
) {
    let Some(services) = object
        .get("serviceConnectConfiguration")
        .and_then(|c| c.get("services"))
        .and_then(Value::as_array)
    else {
        return;
    };
    let path = root.key("serviceConnectConfiguration").key("services");
    let problem = |name: &str, max: usize, dots: bool| -> Option<String> {
        let length = name.chars().count();
        if length == 0 || length > max {
            return Some(format!("has {length} characters; the name has 1 to {max}"));
        }
        if name.starts_with('-') {
            return Some("starts with a hyphen".to_owned());
        }
        name.chars()
            .find(|&c| {
                !(c.is_ascii_lowercase()
                    || c.is_ascii_digit()
                    || c == '_'
                    || c == '-'
                    || (dots && c == '.'))
            })
            .map(|c| {
                format!(
                    "contains {}, which is not a lower-case letter, digit, '_' or '-'{}",
                    crate::cloudmap::attributes::char_name(c),
                    if dots { " or '.'" } else { "" }
                )
            })
    };
    for (i, service) in services.iter().enumerate() {
        if let Some(name) = service.get("discoveryName").and_then(Value::as_str) {
            if let Some(why) = problem(name, 64, false) {
                out.push(Diagnostic::new(
                    &rules::ECS067,
                    &path.index(i).key("discoveryName"),
                    format!(
                        "discoveryName {name:?} {why}; it becomes the name of a Cloud Map service."
                    ),
                ));
            }
        }
        let aliases = service.get("clientAliases").and_then(Value::as_array);
        for (j, alias) in aliases.into_iter().flatten().enumerate() {
            if let Some(name) = alias.get("dnsName").and_then(Value::as_str) {
                if let Some(why) = problem(name, 127, true) {
                    out.push(Diagnostic::new(
                        &rules::ECS067,
                        &path.index(i).key("clientAliases").index(j).key("dnsName"),
                        format!("dnsName {name:?} {why}; client tasks resolve it as a DNS name."),
                    ));
                }
            }
        }
    }
}

/// CapacityProviderStrategyItem (botocore): "Only one capacity provider in a strategy can have
/// a base defined", and with several providers "at least one of the capacity providers must
/// have a weight value greater than zero" (the weight defaults to 0), or the call fails.
fn check_capacity_providers(providers: &[Value], path: &Pointer, out: &mut Vec<Diagnostic>) {
    let with_base: Vec<usize> = providers
        .iter()
        .enumerate()
        .filter(|(_, p)| p.get("base").is_some_and(|b| !b.is_null()))
        .map(|(i, _)| i)
        .collect();
    if let [_, second, ..] = with_base.as_slice() {
        out.push(Diagnostic::new(
            &rules::ECS066,
            &path.index(*second).key("base"),
            format!(
                "{} capacity providers have a base; only one provider in a strategy can have one.",
                with_base.len()
            ),
        ));
    }
    let weighted = providers
        .iter()
        .any(|p| p.get("weight").and_then(Value::as_i64).unwrap_or(0) > 0);
    if providers.len() > 1 && !weighted {
        out.push(Diagnostic::new(
            &rules::ECS066,
            path,
            "Every capacity provider has a weight of 0 (the default): with several providers, give at least one a weight above 0, or CreateService fails.",
        ));
    }
}

fn check_desired_count(
    count: i64,
    has_registry: bool,
    daemon: bool,
    root: &Pointer,
    out: &mut Vec<Diagnostic>,
) {
    let path = root.key("desiredCount");
    if daemon {
        out.push(Diagnostic::new(
            &rules::ECS053,
            &path,
            "DAEMON services run one task per instance and take no desiredCount.",
        ));
    } else if count < 0 {
        out.push(Diagnostic::new(
            &rules::ECS052,
            &path,
            format!("desiredCount {count} is negative."),
        ));
    } else if count > MAX_DESIRED_COUNT {
        out.push(Diagnostic::new(
            &rules::ECS052,
            &path,
            format!(
                "desiredCount {count} is over the {MAX_DESIRED_COUNT} tasks a service can run."
            ),
        ));
    } else if has_registry && count > MAX_DESIRED_WITH_DISCOVERY {
        out.push(Diagnostic::new(
            &rules::ECS052,
            &path,
            format!("desiredCount {count} is over the {MAX_DESIRED_WITH_DISCOVERY} tasks a service with service discovery can run."),
        ));
    }
}

/// Checks placement constraints and strategies (shared by CreateService, UpdateService and the
/// placement simulator). `task_definition_constraints` count against the limit of 10.
pub fn check_placement(
    constraints: &[Value],
    strategies: &[Value],
    task_definition_constraints: usize,
    launch_type: Option<&str>,
    root: &Pointer,
    out: &mut Vec<Diagnostic>,
) {
    let constraints_path = root.key("placementConstraints");
    let strategies_path = root.key("placementStrategy");
    if launch_type == Some("FARGATE") && (!constraints.is_empty() || !strategies.is_empty()) {
        let path = if strategies.is_empty() {
            &constraints_path
        } else {
            &strategies_path
        };
        out.push(Diagnostic::new(
            &rules::PL011,
            path,
            "Fargate places tasks itself: drop placementConstraints and placementStrategy, or use the EC2 launch type.",
        ));
    }
    if strategies.len() > MAX_STRATEGIES {
        out.push(Diagnostic::new(
            &rules::PL001,
            &strategies_path,
            format!(
                "{} placement strategies are given; at most {MAX_STRATEGIES} are allowed.",
                strategies.len()
            ),
        ));
    }
    let total = constraints.len() + task_definition_constraints;
    if total > MAX_CONSTRAINTS {
        let from_td = if task_definition_constraints > 0 {
            format!(" ({task_definition_constraints} from the task definition)")
        } else {
            String::new()
        };
        out.push(Diagnostic::new(
            &rules::PL002,
            &constraints_path,
            format!("{total} placement constraints apply{from_td}; at most {MAX_CONSTRAINTS} are allowed."),
        ));
    }
    let mut after_random = false;
    for (i, strategy) in strategies.iter().enumerate() {
        let path = strategies_path.index(i);
        let Some(object) = check_structure(strategy, &path, &STRATEGY, "placementStrategy", out)
        else {
            continue;
        };
        if after_random {
            out.push(Diagnostic::new(
                &rules::PL012,
                &path,
                "This strategy comes after random, which already picks one instance, so it never applies.",
            ));
        }
        check_strategy(object, &path, out);
        after_random |= object.get("type").and_then(Value::as_str) == Some("random");
    }
    for (i, constraint) in constraints.iter().enumerate() {
        let path = constraints_path.index(i);
        if let Some(object) =
            check_structure(constraint, &path, &CONSTRAINT, "placementConstraint", out)
        {
            check_constraint(object, &path, false, out);
        }
    }
}

/// Checks the constraints of a task definition (memberOf only).
pub fn check_task_definition_constraints(
    constraints: &[Value],
    root: &Pointer,
    out: &mut Vec<Diagnostic>,
) {
    for (i, constraint) in constraints.iter().enumerate() {
        let path = root.index(i);
        if let Some(object) =
            check_structure(constraint, &path, &CONSTRAINT, "placementConstraint", out)
        {
            check_constraint(object, &path, true, out);
        }
    }
}

fn check_strategy(object: &Map<String, Value>, path: &Pointer, out: &mut Vec<Diagnostic>) {
    let kind = object.get("type").and_then(Value::as_str);
    let field = object.get("field").and_then(Value::as_str);
    match kind {
        Some("random") => {
            if field.is_some() {
                out.push(Diagnostic::new(
                    &rules::PL005,
                    &path.key("field"),
                    "random does not use a field; it is ignored.",
                ));
            }
        }
        Some("binpack") => {
            if !field
                .is_some_and(|f| f.eq_ignore_ascii_case("cpu") || f.eq_ignore_ascii_case("memory"))
            {
                out.push(Diagnostic::new(
                    &rules::PL004,
                    &path.key("field"),
                    format!("binpack needs field cpu or memory, not {}.", shown(field)),
                ));
            }
        }
        Some("spread") => {
            let ok = field.is_some_and(|f| {
                f == "instanceId"
                    || f == "host"
                    || f.strip_prefix("attribute:").is_some_and(|n| !n.is_empty())
            });
            if !ok {
                let hint = match field {
                    Some(f)
                        if f.eq_ignore_ascii_case("instanceid")
                            || f.eq_ignore_ascii_case("host") =>
                    {
                        " Fields are case-sensitive: instanceId or host.".to_owned()
                    }
                    Some(f) if f.starts_with("ecs.") => format!(" Did you mean attribute:{f}?"),
                    _ => String::new(),
                };
                out.push(Diagnostic::new(
                    &rules::PL004,
                    &path.key("field"),
                    format!("spread needs field instanceId, host or attribute:NAME (such as attribute:ecs.availability-zone), not {}.{hint}", shown(field)),
                ));
            }
        }
        other => {
            let hint = other
                .and_then(|t| crate::shape::suggest(t, &["random", "spread", "binpack"]))
                .map_or_else(String::new, |s| format!(" Did you mean {s}?"));
            out.push(Diagnostic::new(
                &rules::PL003,
                &path.key("type"),
                format!(
                    "The strategy type must be random, spread or binpack, not {}.{hint}",
                    shown(other)
                ),
            ));
        }
    }
}

fn check_constraint(
    object: &Map<String, Value>,
    path: &Pointer,
    in_task_definition: bool,
    out: &mut Vec<Diagnostic>,
) {
    let kind = object.get("type").and_then(Value::as_str);
    let expression = object.get("expression").and_then(Value::as_str);
    match kind {
        Some("distinctInstance") if in_task_definition => out.push(Diagnostic::new(
            &rules::PL010,
            &path.key("type"),
            "Task definitions accept only memberOf constraints; put distinctInstance on the service or the RunTask call.",
        )),
        Some("distinctInstance") => {
            if expression.is_some() {
                out.push(Diagnostic::new(
                    &rules::PL007,
                    &path.key("expression"),
                    "distinctInstance takes no expression.",
                ));
            }
        }
        Some("memberOf") => match expression {
            None => out.push(Diagnostic::new(
                &rules::PL007,
                &path.key("expression"),
                "memberOf needs an expression in the cluster query language, such as attribute:ecs.instance-type =~ t3.*.",
            )),
            Some(text) => check_expression(text, &path.key("expression"), out),
        },
        other => {
            let hint = other
                .and_then(|t| crate::shape::suggest(t, &["memberOf", "distinctInstance"]))
                .map_or_else(String::new, |s| format!(" Did you mean {s}?"));
            out.push(Diagnostic::new(
                &rules::PL006,
                &path.key("type"),
                format!("The constraint type must be memberOf or distinctInstance, not {}.{hint}", shown(other)),
            ));
        }
    }
}

/// Parses a cluster-query expression and reports where it goes wrong.
pub fn check_expression(text: &str, path: &Pointer, out: &mut Vec<Diagnostic>) {
    let length = text.chars().count();
    if length > MAX_EXPRESSION_LENGTH {
        out.push(Diagnostic::new(
            &rules::PL009,
            path,
            format!("The expression is {length} characters; at most {MAX_EXPRESSION_LENGTH} are allowed."),
        ));
        return;
    }
    if let Err(error) = query::parse(text) {
        out.push(Diagnostic::new(&rules::PL008, path, error.to_string()));
    }
}

fn shown(value: Option<&str>) -> String {
    value.map_or_else(|| "nothing".to_owned(), |v| format!("{v:?}"))
}

fn check_deployment(config: &Value, daemon: bool, path: &Pointer, out: &mut Vec<Diagnostic>) {
    let number = |name: &str| config.get(name).and_then(Value::as_i64);
    let minimum = number("minimumHealthyPercent");
    let maximum = number("maximumPercent");
    for (name, value) in [
        ("minimumHealthyPercent", minimum),
        ("maximumPercent", maximum),
    ] {
        if value.is_some_and(|v| v < 0) {
            out.push(Diagnostic::new(
                &rules::ECS054,
                &path.key(name),
                format!("{name} must not be negative."),
            ));
        }
    }
    if daemon && maximum.is_some_and(|m| m != 100) {
        out.push(Diagnostic::new(
            &rules::ECS054,
            &path.key("maximumPercent"),
            "DAEMON services keep maximumPercent at 100: one task per instance.",
        ));
    }
    if !daemon {
        // ECS's defaults for the API: 100 and 200.
        let (min, max) = (minimum.unwrap_or(100), maximum.unwrap_or(200));
        if max <= min && min >= 100 {
            out.push(Diagnostic::new(
                &rules::ECS055,
                &path.key("maximumPercent"),
                format!("With minimumHealthyPercent {min} and maximumPercent {max}, a deployment can neither start a new task first nor stop an old one, so it cannot make progress. Raise maximumPercent above 100 or lower minimumHealthyPercent."),
            ));
        }
    }
}

fn check_network(
    config: &Value,
    mode: Option<NetworkMode>,
    path: &Pointer,
    out: &mut Vec<Diagnostic>,
) {
    let Some(object) = check_structure(
        config,
        path,
        &NETWORK_CONFIGURATION,
        "networkConfiguration",
        out,
    ) else {
        return;
    };
    let awsvpc_path = path.key("awsvpcConfiguration");
    match (object.get("awsvpcConfiguration"), mode) {
        (Some(_), Some(m)) if m != NetworkMode::Awsvpc => out.push(Diagnostic::new(
            &rules::ECS057,
            &awsvpc_path,
            format!("The task definition uses {} networking; networkConfiguration is only for awsvpc.", m.as_str()),
        )),
        (None, Some(NetworkMode::Awsvpc)) => out.push(Diagnostic::new(
            &rules::ECS057,
            &awsvpc_path,
            "The task definition uses awsvpc, so networkConfiguration needs awsvpcConfiguration with its subnets.",
        )),
        _ => {}
    }
    // A wrong type was reported with networkConfiguration's members.
    let Some(vpc) = typed(object, "awsvpcConfiguration", Kind::Structure) else {
        return;
    };
    check_shape(vpc, &AWSVPC, "awsvpcConfiguration", &awsvpc_path, out);
    let Some(vpc) = vpc.as_object() else {
        return;
    };
    let limits = [
        ("subnets", 1, MAX_SUBNETS),
        ("securityGroups", 0, MAX_SECURITY_GROUPS),
    ];
    for (name, min, max) in limits {
        if let Some(Value::Array(items)) = typed(vpc, name, Kind::List) {
            if items.len() < min || items.len() > max {
                out.push(Diagnostic::new(
                    &rules::ECS058,
                    &awsvpc_path.key(name),
                    format!(
                        "{name} has {} entries; {min} to {max} are allowed.",
                        items.len()
                    ),
                ));
            }
        }
    }
}

fn check_registries(
    registries: &[Value],
    context: &ServiceContext,
    path: &Pointer,
    out: &mut Vec<Diagnostic>,
) {
    if registries.len() > 1 {
        out.push(Diagnostic::new(
            &rules::ECS040,
            path,
            format!(
                "{} service registries are given; a service can have only one.",
                registries.len()
            ),
        ));
    }
    for (i, registry) in registries.iter().enumerate() {
        let here = path.index(i);
        if let Some(object) =
            check_structure(registry, &here, &SERVICE_REGISTRY, "serviceRegistry", out)
        {
            check_registry(object, context, &here, out);
        }
    }
}

/// The Cloud Map service ID at the end of a service ARN, if the ARN is one.
pub fn registry_service_id(arn: &str) -> Option<&str> {
    let mut parts = arn.splitn(6, ':');
    let (
        Some("arn"),
        Some(_),
        Some("servicediscovery"),
        Some(region),
        Some(account),
        Some(resource),
    ) = (
        parts.next(),
        parts.next(),
        parts.next(),
        parts.next(),
        parts.next(),
        parts.next(),
    )
    else {
        return None;
    };
    let id = resource.strip_prefix("service/")?;
    let well_formed = !region.is_empty()
        && crate::text::is_account_id(account)
        && id.starts_with("srv-")
        && id.len() > 4
        && id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-');
    well_formed.then_some(id)
}

fn check_registry(
    object: &Map<String, Value>,
    context: &ServiceContext,
    path: &Pointer,
    out: &mut Vec<Diagnostic>,
) {
    check_registry_arn(
        object.get("registryArn").and_then(Value::as_str),
        context,
        path,
        out,
    );
    let port = object.get("port").and_then(Value::as_i64);
    let container_name = object.get("containerName").and_then(Value::as_str);
    let container_port = object.get("containerPort").and_then(Value::as_i64);
    for (name, value) in [("port", port), ("containerPort", container_port)] {
        if value.is_some_and(|p| !(1..=65535).contains(&p)) {
            out.push(Diagnostic::new(
                &rules::ECS050,
                &path.key(name),
                format!("{name} must be a port number from 1 to 65535."),
            ));
        }
    }
    // Presence, not type, pairs them: a containerPort of the wrong type already has its own
    // type error and is not missing.
    let given = |name: &str| object.get(name).is_some_and(|v| !v.is_null());
    if given("containerName") != given("containerPort") {
        let missing = if given("containerName") {
            "containerPort"
        } else {
            "containerName"
        };
        out.push(Diagnostic::new(
            &rules::ECS045,
            &path.key(missing),
            format!("containerName and containerPort go together: add {missing}."),
        ));
    }
    let has_srv = context
        .cloud_map_service
        .as_ref()
        .map(|s| s.has_record(RecordType::Srv));
    let Some(td) = &context.task_definition else {
        return;
    };
    let Ok(mode) = td.network_mode() else {
        return;
    };
    match mode {
        NetworkMode::Bridge | NetworkMode::Host => {
            if container_name.is_none() && container_port.is_none() {
                out.push(Diagnostic::new(
                    &rules::ECS042,
                    path,
                    format!("The task definition uses {} networking, so the service registry needs containerName and containerPort from it: ECS registers the host port mapped to that container port.", mode.as_str()),
                ));
            }
            if port.is_some() {
                out.push(Diagnostic::new(
                    &rules::ECS042,
                    &path.key("port"),
                    format!(
                        "With {} networking, give containerName and containerPort instead of port.",
                        mode.as_str()
                    ),
                ));
            }
            check_srv_only(context, mode, path, out);
        }
        NetworkMode::Awsvpc => check_awsvpc_registry(
            (
                container_name.is_some(),
                container_port.is_some(),
                port.is_some(),
            ),
            has_srv,
            path,
            out,
        ),
        NetworkMode::None => {
            // A task with `none` networking has only a loopback interface, so ECS has no
            // address to register; the ECS guide lists service discovery for awsvpc, bridge and
            // host only. Refused like the other registry settings that do not fit the mode.
            out.push(Diagnostic::new(
                &rules::ECS042,
                path,
                "With none networking the tasks have no address for Cloud Map to register; use awsvpc, bridge or host networking, or remove the registry.",
            ));
        }
    }
    if let (Some(name), Some(port)) = (container_name, container_port) {
        check_container(td, name, port, path, (&rules::ECS046, &rules::ECS047), out);
    }
}

/// A registry of awsvpc tasks: which of `(containerName, containerPort, port)` are given, and
/// whether the Cloud Map service has an SRV record (`None` when the context has no service).
/// Bridge and host tasks share the instance's IP, so the port is what tells them apart: the
/// ECS developer guide (service-discovery.md) says that with these modes "the SRV record is
/// the only supported DNS record type".
fn check_srv_only(
    context: &ServiceContext,
    mode: NetworkMode,
    path: &Pointer,
    out: &mut Vec<Diagnostic>,
) {
    let Some(records) = context
        .cloud_map_service
        .as_ref()
        .map(CloudMapService::record_types)
    else {
        return;
    };
    let others: Vec<&str> = records
        .iter()
        .filter(|r| **r != RecordType::Srv)
        .map(|r| r.as_str())
        .collect();
    let message = if !records.contains(&RecordType::Srv) {
        format!("With {} networking tasks share the instance's IP, so the Cloud Map service needs an SRV record to carry each task's port.", mode.as_str())
    } else if !others.is_empty() {
        format!("With {} networking the SRV record is the only DNS record type ECS supports, and the Cloud Map service also has {}: use a service with only an SRV record, or awsvpc networking.", mode.as_str(), others.join(" and "))
    } else {
        return;
    };
    out.push(Diagnostic::new(
        &rules::ECS048,
        &path.key("registryArn"),
        message,
    ));
}

fn check_awsvpc_registry(
    (name, container_port, port): (bool, bool, bool),
    has_srv: Option<bool>,
    path: &Pointer,
    out: &mut Vec<Diagnostic>,
) {
    let pair = name || container_port;
    // Without an SRV record there is no port to register: ECS answers "The values
    // specified for serviceRegistries do not require a value for 'containerPort'.
    // Remove the value and retry." (the reference: port is "used if your service
    // discovery service specified an SRV record").
    let needless = [
        ("containerPort", container_port),
        ("port", port),
        ("containerName", name),
    ]
    .into_iter()
    .find(|(_, given)| *given);
    if let (Some(false), Some((member, _))) = (has_srv, needless) {
        out.push(Diagnostic::new(
            &rules::ECS064,
            &path.key(member),
            format!("The Cloud Map service has no SRV record, so ECS registers only each task's IP and refuses {member}; remove it."),
        ));
    } else if pair && port {
        out.push(Diagnostic::new(
            &rules::ECS043,
            &path.key("port"),
            "Give either containerName and containerPort or port, not both.",
        ));
    } else if has_srv == Some(true) && !pair && !port {
        out.push(Diagnostic::new(
            &rules::ECS044,
            path,
            "The Cloud Map service has an SRV record, so the registry needs port (or containerName and containerPort) for the SRV target.",
        ));
    }
}

/// The container and port a registry or load balancer names must exist in the task
/// definition; `(name_rule, port_rule)` are the codes for each.
fn check_container(
    td: &TaskDefinition,
    name: &str,
    port: i64,
    path: &Pointer,
    (name_rule, port_rule): (&Rule, &Rule),
    out: &mut Vec<Diagnostic>,
) {
    match td.container_definitions.iter().find(|c| c.name == name) {
        None => {
            let names: Vec<&str> = td
                .container_definitions
                .iter()
                .map(|c| c.name.as_str())
                .collect();
            let hint = crate::shape::suggest(name, &names).map_or_else(
                || format!(" Containers: {}.", names.join(", ")),
                |s| format!(" Did you mean {s}?"),
            );
            out.push(Diagnostic::new(
                name_rule,
                &path.key("containerName"),
                format!("The task definition has no container {name:?}.{hint}"),
            ));
        }
        Some(container) => {
            if !container
                .port_mappings
                .iter()
                .any(|m| m.container_port == Some(port))
            {
                let ports: Vec<String> = container
                    .port_mappings
                    .iter()
                    .filter_map(|m| m.container_port.map(|p| p.to_string()))
                    .collect();
                let listed = if ports.is_empty() {
                    "none".to_owned()
                } else {
                    ports.join(", ")
                };
                out.push(Diagnostic::new(
                    port_rule,
                    &path.key("containerPort"),
                    format!(
                        "Container {name:?} maps no containerPort {port} (its ports: {listed})."
                    ),
                ));
            }
        }
    }
}

fn check_registry_arn(
    arn: Option<&str>,
    context: &ServiceContext,
    path: &Pointer,
    out: &mut Vec<Diagnostic>,
) {
    match arn {
        None => out.push(Diagnostic::new(
            &rules::ECS041,
            &path.key("registryArn"),
            "The service registry needs registryArn: the ARN of the Cloud Map service (arn:aws:servicediscovery:REGION:ACCOUNT:service/srv-ID).",
        )),
        Some(arn) => match registry_service_id(arn) {
            None => out.push(Diagnostic::new(
                &rules::ECS041,
                &path.key("registryArn"),
                format!("registryArn {arn:?} is not a Cloud Map service ARN (arn:aws:servicediscovery:REGION:ACCOUNT:service/srv-ID)."),
            )),
            Some(id) => {
                let known = context.cloud_map_service.as_ref().and_then(|s| {
                    s.arn.as_deref().map(|a| a == arn).or_else(|| s.id.as_deref().map(|i| i == id))
                });
                if known == Some(false) {
                    out.push(Diagnostic::new(
                        &rules::ECS049,
                        &path.key("registryArn"),
                        format!("registryArn names {id}, not the Cloud Map service in the context."),
                    ));
                }
            }
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn codes(request: &Value, which: ServiceRequest) -> Vec<(&'static str, String)> {
        validate_service(request, which, &ServiceContext::default())
            .into_iter()
            .filter(|d| d.code != "ECS060")
            .map(|d| (d.code, d.path))
            .collect()
    }

    #[test]
    fn a_wrongly_typed_awsvpc_configuration_is_reported_once() {
        for bad in [json!("x"), json!([])] {
            let request =
                json!({"service": "web", "networkConfiguration": {"awsvpcConfiguration": bad}});
            assert_eq!(
                codes(&request, ServiceRequest::Update),
                vec![(
                    "REQ003",
                    "/networkConfiguration/awsvpcConfiguration".to_owned()
                )]
            );
        }
    }

    #[test]
    fn subnets_must_be_strings_and_assign_public_ip_an_enum() {
        let request = json!({"serviceName": "web", "taskDefinition": "web:1", "desiredCount": 1,
            "networkConfiguration": {"awsvpcConfiguration": {"subnets": ["subnet-1", 5], "assignPublicIp": "yes"}}});
        assert_eq!(
            codes(&request, ServiceRequest::Create),
            vec![
                (
                    "REQ003",
                    "/networkConfiguration/awsvpcConfiguration/subnets/1".to_owned()
                ),
                (
                    "REQ004",
                    "/networkConfiguration/awsvpcConfiguration/assignPublicIp".to_owned()
                ),
            ]
        );
    }

    #[test]
    fn a_service_connect_service_has_one_client_alias_at_most() {
        let aliases = json!([{"port": 80, "dnsName": "web"}, {"port": 81, "dnsName": "web2"}]);
        let request = json!({"service": "web", "serviceConnectConfiguration": {"enabled": true,
            "services": [{"portName": "http", "clientAliases": aliases}]}});
        let found = codes(&request, ServiceRequest::Update);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(
            found[0].1,
            "/serviceConnectConfiguration/services/0/clientAliases"
        );
    }

    #[test]
    fn bake_times_are_at_most_a_day() {
        let request = |minutes: i64| {
            json!({"service": "web", "deploymentConfiguration": {"strategy": "LINEAR",
                "linearConfiguration": {"stepPercent": 10.0, "stepBakeTimeInMinutes": minutes},
                "canaryConfiguration": {"canaryPercent": 5.0, "canaryBakeTimeInMinutes": minutes}}})
        };
        assert_eq!(codes(&request(1440), ServiceRequest::Update), vec![]);
        assert_eq!(codes(&request(0), ServiceRequest::Update), vec![]);
        let over: Vec<String> = codes(&request(1441), ServiceRequest::Update)
            .into_iter()
            .map(|(_, path)| path)
            .collect();
        assert_eq!(
            over,
            [
                "/deploymentConfiguration/linearConfiguration/stepBakeTimeInMinutes",
                "/deploymentConfiguration/canaryConfiguration/canaryBakeTimeInMinutes"
            ]
        );
    }

    #[test]
    fn a_capacity_provider_strategy_has_at_most_twenty_providers() {
        let providers = |n: usize| -> Vec<Value> {
            (0..n)
                .map(|i| json!({"capacityProvider": format!("p{i}"), "weight": 1}))
                .collect()
        };
        let request = |n| json!({"service": "web", "capacityProviderStrategy": providers(n)});
        assert_eq!(codes(&request(20), ServiceRequest::Update), vec![]);
        let over = codes(&request(21), ServiceRequest::Update);
        assert_eq!(over.len(), 1, "{over:?}");
        assert_eq!(over[0].1, "/capacityProviderStrategy");
    }

    #[test]
    fn a_replica_service_needs_desired_count() {
        for request in [
            json!({"serviceName": "web", "taskDefinition": "web:1"}),
            json!({"serviceName": "web", "taskDefinition": "web:1", "schedulingStrategy": "REPLICA"}),
        ] {
            assert_eq!(
                codes(&request, ServiceRequest::Create),
                vec![("ECS065", "/desiredCount".to_owned())]
            );
        }
        let daemon = json!({"serviceName": "web", "taskDefinition": "web:1", "schedulingStrategy": "DAEMON"});
        assert_eq!(codes(&daemon, ServiceRequest::Create), vec![]);
        // UpdateService keeps the count it has.
        let update = json!({"service": "web", "taskDefinition": "web:2"});
        assert_eq!(codes(&update, ServiceRequest::Update), vec![]);
    }

    #[test]
    fn service_names_may_start_with_a_digit_hyphen_or_underscore() {
        for name in ["1web", "-web", "_web", "Web-1_a"] {
            let request =
                json!({"serviceName": name, "taskDefinition": "web:1", "desiredCount": 1});
            assert_eq!(codes(&request, ServiceRequest::Create), vec![], "{name}");
        }
        for name in ["web.api", "", "wéb"] {
            let request =
                json!({"serviceName": name, "taskDefinition": "web:1", "desiredCount": 1});
            assert_eq!(
                codes(&request, ServiceRequest::Create),
                vec![("ECS051", "/serviceName".to_owned())],
                "{name}"
            );
        }
    }
}
