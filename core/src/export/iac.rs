//! Infrastructure as code: CloudFormation (`AWS::ServiceDiscovery::Instance` / `::Service`,
//! `AWS::ECS::Service`) and Terraform (`aws_service_discovery_instance` / `_service`,
//! `aws_ecs_service`). Neither has a resource for the ECS container-instance calls (the ECS agent
//! makes those, not a template) or for UpdateService (a template declares the whole service).

use std::fmt::Write as _;

use serde_json::{json, Map, Value};

use super::model::Shape;
use super::quote::hcl_str;
use crate::Operation;

/// Why a request cannot be a template, or the template and its notes.
pub type Rendered = Result<(Value, Vec<String>), String>;

/// The CloudFormation properties named as in the API (the Service resource uses the API's own
/// names and nesting).
const SERVICE_PROPERTIES: [&str; 8] = [
    "Name",
    "NamespaceId",
    "Description",
    "DnsConfig",
    "HealthCheckConfig",
    "HealthCheckCustomConfig",
    "Tags",
    "Type",
];

/// The CloudFormation template (as a JSON value) for a RegisterInstance or CreateService request.
pub fn cloudformation(operation: Operation, request: &Map<String, Value>) -> Rendered {
    let mut notes = Vec::new();
    let mut properties = Map::new();
    let (logical_id, resource_type) = match operation {
        Operation::RegisterInstance => {
            for (key, value) in request {
                match key.as_str() {
                    "ServiceId" | "InstanceId" => {
                        properties.insert(key.clone(), value.clone());
                    }
                    "Attributes" => {
                        if let Some(key) = value.as_object().and_then(|m| m.keys().find(|k| intrinsic_name(k))) {
                            return Err(format!("the attribute key {key:?} names a CloudFormation intrinsic function, which a template cannot carry as a key"));
                        }
                        properties.insert("InstanceAttributes".to_owned(), value.clone());
                    }
                    "CreatorRequestId" => notes.push(creator_request_id_note("AWS::ServiceDiscovery::Instance")),
                    other => return Err(format!("{other} is not a RegisterInstance parameter and has no CloudFormation property")),
                }
            }
            ("Instance", "AWS::ServiceDiscovery::Instance")
        }
        Operation::CreateService => {
            if let Some(Value::Array(tags)) = request.get("Tags") {
                cloudformation_tags(tags)?;
            }
            for (key, value) in request {
                if SERVICE_PROPERTIES.contains(&key.as_str()) {
                    properties.insert(key.clone(), value.clone());
                } else if key == "CreatorRequestId" {
                    notes.push(creator_request_id_note("AWS::ServiceDiscovery::Service"));
                } else {
                    return Err(format!(
                        "{key} is not a CreateService parameter and has no CloudFormation property"
                    ));
                }
            }
            ("Service", "AWS::ServiceDiscovery::Service")
        }
        Operation::EcsCreateService => {
            properties = ecs_service_properties(request, &mut notes)?;
            ("Service", "AWS::ECS::Service")
        }
        other => return Err(no_resource(other)),
    };
    if properties.values().any(has_dynamic_reference) {
        notes.push("A value holds {{resolve:...}}, which CloudFormation replaces with the secret or parameter it names.".to_owned());
    }
    notes.push(
        "The Region is the stack's; CloudFormation has no per-resource Region or endpoint."
            .to_owned(),
    );
    let template = json!({
        "AWSTemplateFormatVersion": "2010-09-09",
        "Description": format!("{operation} exported by muster"),
        "Resources": {
            logical_id: {
                "Type": resource_type,
                "Properties": Value::Object(properties),
            }
        }
    });
    Ok((template, notes))
}

/// Whether a key is one CloudFormation reads as an intrinsic function (`Ref`, `Condition`,
/// `Fn::...`) in a one-member object.
fn intrinsic_name(key: &str) -> bool {
    key == "Ref" || key == "Condition" || key.starts_with("Fn::")
}

/// Whether any string holds a dynamic reference, which CloudFormation resolves in every
/// resource property.
fn has_dynamic_reference(value: &Value) -> bool {
    match value {
        Value::String(s) => s.contains("{{resolve:"),
        Value::Array(items) => items.iter().any(has_dynamic_reference),
        Value::Object(map) => map.values().any(has_dynamic_reference),
        _ => false,
    }
}

/// CloudFormation's tagging rules (cfn-lint E3024, from the AWS tagging guide): keys match
/// `^(?!aws:).+$`, where `.` matches no line break, and each key appears once.
fn cloudformation_tags(tags: &[Value]) -> Result<(), String> {
    let mut seen = std::collections::HashSet::new();
    for tag in tags {
        let Some(key) = tag.get("Key").and_then(Value::as_str) else {
            continue;
        };
        if key.starts_with("aws:") {
            return Err(format!(
                "the tag key {key:?} starts with aws:, which CloudFormation reserves for AWS"
            ));
        }
        if key.contains(['\n', '\r', '\u{85}', '\u{2028}', '\u{2029}']) {
            return Err(format!("the tag key {key:?} contains a line break, which CloudFormation's tag key pattern ^(?!aws:).+$ does not allow"));
        }
        if !seen.insert(key) {
            return Err(format!(
                "the tag key {key:?} appears twice, and CloudFormation requires unique tag keys"
            ));
        }
    }
    Ok(())
}

fn creator_request_id_note(resource: &str) -> String {
    format!("CreatorRequestId is left out: {resource} has no such property (it is only an idempotency token for retries, and CloudFormation retries on its own).")
}

/// The reason the ECS operations have no CloudFormation or Terraform form.
pub fn no_resource(operation: Operation) -> String {
    match operation {
        Operation::RegisterContainerInstance => "RegisterContainerInstance is what the ECS container agent calls when it starts on an instance; neither CloudFormation nor Terraform has a resource for it. Launch the instance with the agent configured for the cluster (ECS_CLUSTER in /etc/ecs/ecs.config) instead.".to_owned(),
        Operation::DeregisterContainerInstance | Operation::UpdateContainerInstancesState => format!("{operation} is an operational call on a running container instance; neither CloudFormation nor Terraform has a resource for it."),
        Operation::UpdateService => "UpdateService changes a service that exists; neither CloudFormation nor Terraform has a resource for the call. Declare the whole service instead: export its ecs:CreateService request (import describe-services output to get it) to AWS::ECS::Service or aws_ecs_service, change it there, and let the stack or plan apply the update.".to_owned(),
        other => format!("{other} is not a request muster exports"),
    }
}

/// ECS CreateService members CloudFormation and Terraform have no property for, and why.
fn ecs_unmapped(key: &str, target: &str) -> String {
    format!("{key} has no {target} mapping in muster (its nested members are not mapped one by one, and guessing their names could change the service); use the cli, boto3 or js-sdk-v3 format for it")
}

/// A camelCase member name as CloudFormation's PascalCase property.
fn pascal(name: &str) -> String {
    let mut chars = name.chars();
    chars.next().map_or_else(String::new, |c| {
        c.to_ascii_uppercase().to_string() + chars.as_str()
    })
}

/// A value of a modelled ECS shape with every structure member renamed to PascalCase; structures
/// muster does not model member by member are refused.
fn pascal_value(value: &Value, shape: Shape, path: &str) -> Result<Value, String> {
    match (shape, value) {
        (Shape::Structure(fields), Value::Object(map)) => {
            if fields.is_empty() {
                return Err(ecs_unmapped(path, "CloudFormation"));
            }
            let mut out = Map::new();
            for (k, v) in map {
                let field = shape
                    .field(k)
                    .ok_or_else(|| format!("{path}.{k} is not a member ECS knows"))?;
                out.insert(
                    pascal(k),
                    pascal_value(v, *field.shape, &format!("{path}.{k}"))?,
                );
            }
            Ok(Value::Object(out))
        }
        (Shape::List(inner), Value::Array(items)) => items
            .iter()
            .map(|item| pascal_value(item, *inner, path))
            .collect::<Result<Vec<_>, _>>()
            .map(Value::Array),
        (Shape::Map(_), _) => Err(ecs_unmapped(path, "CloudFormation")),
        (_, other) => Ok(other.clone()),
    }
}

/// `AWS::ECS::Service` properties for an ECS CreateService request.
fn ecs_service_properties(
    request: &Map<String, Value>,
    notes: &mut Vec<String>,
) -> Result<Map<String, Value>, String> {
    let model = super::model::operation(Operation::EcsCreateService)
        .ok_or("ecs:CreateService has no model")?;
    if let Some(Value::String(launch)) = request.get("launchType") {
        if !["EC2", "FARGATE", "EXTERNAL"].contains(&launch.as_str()) {
            return Err(format!("AWS::ECS::Service LaunchType takes EC2, FARGATE or EXTERNAL; for {launch} give a capacityProviderStrategy instead"));
        }
    }
    if let Some(Value::Array(tags)) = request.get("tags") {
        ecs_tags(tags, "CloudFormation")?;
    }
    let mut properties = Map::new();
    for (key, value) in request {
        let name = match key.as_str() {
            "clientToken" => {
                notes.push("clientToken is left out: AWS::ECS::Service has no such property (it is only an idempotency token for retries, and CloudFormation retries on its own).".to_owned());
                continue;
            }
            "placementStrategy" => "PlacementStrategies".to_owned(),
            "serviceConnectConfiguration"
            | "volumeConfigurations"
            | "vpcLatticeConfigurations"
            | "gatewayConnectors"
            | "monitoring" => return Err(ecs_unmapped(key, "CloudFormation")),
            other => pascal(other),
        };
        let field = model
            .input
            .field(key)
            .ok_or_else(|| format!("{key} is not an ECS CreateService parameter"))?;
        properties.insert(name, pascal_value(value, *field.shape, key)?);
    }
    Ok(properties)
}

/// ECS tags as CloudFormation and Terraform take them: unique keys, none starting with aws:.
fn ecs_tags(tags: &[Value], target: &str) -> Result<(), String> {
    let mut seen = std::collections::HashSet::new();
    for tag in tags {
        let Some(key) = tag.get("key").and_then(Value::as_str) else {
            return Err(format!("every tag needs a key for {target}"));
        };
        if key.to_ascii_lowercase().starts_with("aws:") {
            return Err(format!(
                "the tag key {key:?} starts with aws:, which AWS reserves"
            ));
        }
        if !seen.insert(key) {
            return Err(format!(
                "the tag key {key:?} appears twice, and {target} requires unique tag keys"
            ));
        }
    }
    Ok(())
}

/// A Terraform resource label from an ID or name: letters, digits, `_` and `-`, starting with a
/// letter or `_`.
fn label(text: Option<&str>, fallback: &str) -> String {
    let cleaned: String = text
        .unwrap_or("")
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' {
                c.to_ascii_lowercase()
            } else {
                '_'
            }
        })
        .collect();
    let cleaned = cleaned.trim_matches('_').to_owned();
    match cleaned.chars().next() {
        None => fallback.to_owned(),
        Some(c) if c.is_ascii_alphabetic() => cleaned,
        Some(_) => format!("_{cleaned}"),
    }
}

/// HCL: `null`/`true`/`false`, `key = value` entries on their own lines, two-space indents.
const HCL: super::code::LiteralSyntax = super::code::LiteralSyntax {
    null: "null",
    true_word: "true",
    false_word: "false",
    quote: hcl_str,
    key: hcl_str,
    step: 2,
    key_separator: " = ",
    entry_end: "",
};

/// An HCL expression for a JSON value (objects with quoted keys).
fn hcl_value(value: &Value, indent: usize) -> String {
    super::code::literal(value, indent, &HCL)
}

/// A block body: `name = value` lines (aligned, as `terraform fmt` does), then nested blocks.
struct Block {
    attributes: Vec<(String, String)>,
    blocks: Vec<(String, Block)>,
}

impl Block {
    fn new() -> Self {
        Self {
            attributes: Vec::new(),
            blocks: Vec::new(),
        }
    }

    fn attr(&mut self, name: &str, value: &Value, indent: usize) {
        self.attributes
            .push((name.to_owned(), hcl_value(value, indent)));
    }

    fn render(&self, indent: usize, out: &mut String) {
        let pad = " ".repeat(indent);
        // As `terraform fmt`: the `=` of consecutive attributes line up; a multi-line value ends
        // the group it starts in.
        let mut start = 0;
        while start < self.attributes.len() {
            let rest = self.attributes.get(start..).unwrap_or_default();
            let len = rest
                .iter()
                .position(|(_, v)| v.contains('\n'))
                .map_or(rest.len(), |i| i + 1);
            let group = rest.get(..len).unwrap_or_default();
            let width = group.iter().map(|(k, _)| k.len()).max().unwrap_or(0);
            for (name, value) in group {
                let _ = writeln!(out, "{pad}{name:width$} = {value}");
            }
            start += len;
        }
        for (name, block) in &self.blocks {
            out.push('\n');
            let _ = writeln!(out, "{pad}{name} {{");
            block.render(indent + 2, out);
            let _ = writeln!(out, "{pad}}}");
        }
    }
}

/// The snake_case Terraform argument for a structure member.
fn snake(name: &str) -> String {
    if name == "TTL" {
        return "ttl".to_owned();
    }
    let mut out = String::new();
    for (i, c) in name.chars().enumerate() {
        if c.is_ascii_uppercase() {
            if i > 0 {
                out.push('_');
            }
            out.push(c.to_ascii_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

/// A nested block from a structure whose members are all scalars.
fn scalar_block(value: &Value, what: &str) -> Result<Block, String> {
    let object = value
        .as_object()
        .ok_or_else(|| format!("{what} must be an object to become a Terraform block"))?;
    let mut block = Block::new();
    for (k, v) in object {
        if v.is_object() || v.is_array() {
            return Err(format!("{what}.{k} is not a single value"));
        }
        block.attr(&snake(k), v, 4);
    }
    Ok(block)
}

/// Terraform for a RegisterInstance or CreateService request.
pub fn terraform(
    operation: Operation,
    request: &Map<String, Value>,
) -> Result<(String, Vec<String>), String> {
    let mut notes = Vec::new();
    let mut block = Block::new();
    let (resource, name) = match operation {
        Operation::RegisterInstance => {
            for (key, value) in request {
                match key.as_str() {
                    "InstanceId" => block.attr("instance_id", value, 2),
                    "ServiceId" => block.attr("service_id", value, 2),
                    "Attributes" => block.attr("attributes", value, 2),
                    "CreatorRequestId" => notes.push("CreatorRequestId is left out: aws_service_discovery_instance has no such argument (the provider sends its own idempotency token).".to_owned()),
                    other => return Err(format!("{other} is not a RegisterInstance parameter and has no Terraform argument")),
                }
            }
            (
                "aws_service_discovery_instance",
                label(request.get("InstanceId").and_then(Value::as_str), "this"),
            )
        }
        Operation::CreateService => {
            let namespace = request.get("NamespaceId").cloned();
            for (key, value) in request {
                match key.as_str() {
                    "Name" => block.attr("name", value, 2),
                    "NamespaceId" => block.attr("namespace_id", value, 2),
                    "Description" => block.attr("description", value, 2),
                    "Type" => block.attr("type", value, 2),
                    "Tags" => block.attr("tags", &tags_map(value)?, 2),
                    "DnsConfig" => block.blocks.push(("dns_config".to_owned(), dns_config(value, namespace.as_ref(), &mut notes)?)),
                    "HealthCheckConfig" => block.blocks.push(("health_check_config".to_owned(), scalar_block(value, key)?)),
                    "HealthCheckCustomConfig" => block.blocks.push(("health_check_custom_config".to_owned(), scalar_block(value, key)?)),
                    "CreatorRequestId" => notes.push("CreatorRequestId is left out: aws_service_discovery_service has no such argument (the provider sends its own idempotency token).".to_owned()),
                    other => return Err(format!("{other} is not a CreateService parameter and has no Terraform argument")),
                }
            }
            (
                "aws_service_discovery_service",
                label(request.get("Name").and_then(Value::as_str), "this"),
            )
        }
        Operation::EcsCreateService => {
            ecs_service_block(request, &mut block, &mut notes)?;
            (
                "aws_ecs_service",
                label(request.get("serviceName").and_then(Value::as_str), "this"),
            )
        }
        other => return Err(no_resource(other)),
    };
    notes.push("The Region and endpoint come from the aws provider's configuration.".to_owned());
    let mut out = format!("resource \"{resource}\" \"{name}\" {{\n");
    block.render(2, &mut out);
    out.push_str("}\n");
    Ok((out, notes))
}

/// `dns_config { namespace_id routing_policy dns_records { ttl type } ... }`. The provider
/// requires `namespace_id` in the block, so the top-level NamespaceId fills it when the request
/// leaves it out.
fn dns_config(
    value: &Value,
    namespace: Option<&Value>,
    notes: &mut Vec<String>,
) -> Result<Block, String> {
    let object = value
        .as_object()
        .ok_or("DnsConfig must be an object to become a Terraform block")?;
    let mut block = Block::new();
    match (object.get("NamespaceId"), namespace) {
        (Some(id), _) => block.attr("namespace_id", id, 4),
        (None, Some(id)) => {
            notes.push("dns_config.namespace_id is set from NamespaceId: the provider requires it in the block (it sends it as the deprecated DnsConfig.NamespaceId, which names the same namespace).".to_owned());
            block.attr("namespace_id", id, 4);
        }
        (None, None) => return Err("DnsConfig has no NamespaceId and neither has the request, but Terraform's dns_config requires namespace_id".to_owned()),
    }
    for (k, v) in object {
        match k.as_str() {
            "NamespaceId" => {}
            "RoutingPolicy" => block.attr("routing_policy", v, 4),
            "DnsRecords" => {
                let records = v.as_array().ok_or("DnsConfig.DnsRecords must be a list")?;
                for record in records {
                    block.blocks.push((
                        "dns_records".to_owned(),
                        scalar_block(record, "DnsRecords entry")?,
                    ));
                }
            }
            other => return Err(format!("DnsConfig.{other} has no Terraform argument")),
        }
    }
    if !object.contains_key("RoutingPolicy") {
        notes.push(
            "routing_policy is left unset; the provider and the API both default to MULTIVALUE."
                .to_owned(),
        );
    }
    Ok(block)
}

/// Tags as Terraform's map; two tags with one key cannot be a map.
fn tags_map(value: &Value) -> Result<Value, String> {
    let tags = value.as_array().ok_or("Tags must be a list")?;
    let mut map = Map::new();
    for tag in tags {
        let (Some(Value::String(k)), Some(v)) = (tag.get("Key"), tag.get("Value")) else {
            return Err(
                "every tag needs a string Key and a Value to become a Terraform tag".to_owned(),
            );
        };
        if map.insert(k.clone(), v.clone()).is_some() {
            return Err(format!("the tag key {k:?} appears twice, and Terraform's tags map keeps only one value per key"));
        }
    }
    Ok(Value::Object(map))
}

/// A block from an object whose members are scalars or lists of scalars, with the Terraform
/// argument name for each member; a member not in `names` is refused.
fn named_block(
    value: &Value,
    what: &str,
    names: &[(&str, &str)],
    indent: usize,
) -> Result<Block, String> {
    let object = value
        .as_object()
        .ok_or_else(|| format!("{what} must be an object to become a Terraform block"))?;
    let mut block = Block::new();
    for (k, v) in object {
        let (_, name) = names
            .iter()
            .find(|(api, _)| api == k)
            .ok_or_else(|| format!("{what}.{k} has no Terraform argument in aws_ecs_service"))?;
        block.attr(name, v, indent);
    }
    Ok(block)
}

/// One block per list item.
fn blocks(
    value: &Value,
    what: &str,
    block_name: &str,
    names: &[(&str, &str)],
    out: &mut Block,
) -> Result<(), String> {
    let items = value
        .as_array()
        .ok_or_else(|| format!("{what} must be a list"))?;
    for item in items {
        out.blocks
            .push((block_name.to_owned(), named_block(item, what, names, 4)?));
    }
    Ok(())
}

/// The arguments of `aws_ecs_service` for an ECS CreateService request.
fn ecs_service_block(
    request: &Map<String, Value>,
    block: &mut Block,
    notes: &mut Vec<String>,
) -> Result<(), String> {
    const SCALARS: [(&str, &str); 12] = [
        ("serviceName", "name"),
        ("cluster", "cluster"),
        ("taskDefinition", "task_definition"),
        ("desiredCount", "desired_count"),
        ("launchType", "launch_type"),
        ("platformVersion", "platform_version"),
        ("role", "iam_role"),
        ("schedulingStrategy", "scheduling_strategy"),
        (
            "healthCheckGracePeriodSeconds",
            "health_check_grace_period_seconds",
        ),
        ("enableECSManagedTags", "enable_ecs_managed_tags"),
        ("propagateTags", "propagate_tags"),
        ("enableExecuteCommand", "enable_execute_command"),
    ];
    let mut deployment = Vec::new();
    for (key, value) in request {
        if let Some((_, name)) = SCALARS.iter().find(|(api, _)| api == key) {
            block.attr(name, value, 2);
            continue;
        }
        match key.as_str() {
            "availabilityZoneRebalancing" => {
                block.attr("availability_zone_rebalancing", value, 2);
            }
            "tags" => {
                let tags = value.as_array().ok_or("tags must be a list")?;
                ecs_tags(tags, "Terraform")?;
                let mut map = Map::new();
                for tag in tags {
                    let k = tag.get("key").and_then(Value::as_str).unwrap_or_default();
                    let v = tag.get("value").cloned().unwrap_or_else(|| Value::String(String::new()));
                    if tag.get("value").is_none() {
                        notes.push(format!("The tag {k:?} has no value; Terraform's tags map gives it \"\", which ECS stores the same way."));
                    }
                    map.insert(k.to_owned(), v);
                }
                block.attr("tags", &Value::Object(map), 2);
            }
            "clientToken" => notes.push("clientToken is left out: aws_ecs_service has no such argument (the provider retries on its own).".to_owned()),
            "placementStrategy" => blocks(value, key, "ordered_placement_strategy", &[("type", "type"), ("field", "field")], block)?,
            "placementConstraints" => blocks(value, key, "placement_constraints", &[("type", "type"), ("expression", "expression")], block)?,
            "serviceRegistries" => blocks(value, key, "service_registries", &[("registryArn", "registry_arn"), ("port", "port"), ("containerName", "container_name"), ("containerPort", "container_port")], block)?,
            "loadBalancers" => blocks(value, key, "load_balancer", &[("targetGroupArn", "target_group_arn"), ("loadBalancerName", "elb_name"), ("containerName", "container_name"), ("containerPort", "container_port")], block)?,
            "capacityProviderStrategy" => blocks(value, key, "capacity_provider_strategy", &[("capacityProvider", "capacity_provider"), ("weight", "weight"), ("base", "base")], block)?,
            "deploymentController" => block.blocks.push(("deployment_controller".to_owned(), named_block(value, key, &[("type", "type")], 4)?)),
            "networkConfiguration" => {
                let object = value.as_object().ok_or("networkConfiguration must be an object")?;
                if let Some(k) = object.keys().find(|k| *k != "awsvpcConfiguration") {
                    return Err(format!("networkConfiguration.{k} has no Terraform argument in aws_ecs_service"));
                }
                if let Some(vpc) = object.get("awsvpcConfiguration") {
                    let mut vpc = vpc.clone();
                    if let Some(ip) = vpc.get_mut("assignPublicIp") {
                        // The provider takes a bool and sends ENABLED / DISABLED.
                        let enabled = match ip.as_str() {
                            Some("ENABLED") => true,
                            Some("DISABLED") => false,
                            _ => return Err("assignPublicIp must be ENABLED or DISABLED to become Terraform's assign_public_ip".to_owned()),
                        };
                        *ip = Value::Bool(enabled);
                    }
                    block.blocks.push(("network_configuration".to_owned(), named_block(&vpc, "networkConfiguration.awsvpcConfiguration", &[("subnets", "subnets"), ("securityGroups", "security_groups"), ("assignPublicIp", "assign_public_ip")], 4)?));
                }
            }
            "deploymentConfiguration" => deployment.push(value),
            other => return Err(ecs_unmapped(other, "Terraform")),
        }
    }
    for config in deployment {
        let object = config
            .as_object()
            .ok_or("deploymentConfiguration must be an object")?;
        for (k, v) in object {
            match k.as_str() {
                "minimumHealthyPercent" => block.attr("deployment_minimum_healthy_percent", v, 2),
                "maximumPercent" => block.attr("deployment_maximum_percent", v, 2),
                "deploymentCircuitBreaker" => block.blocks.push(("deployment_circuit_breaker".to_owned(), named_block(v, "deploymentConfiguration.deploymentCircuitBreaker", &[("enable", "enable"), ("rollback", "rollback")], 4)?)),
                "alarms" => block.blocks.push(("alarms".to_owned(), named_block(v, "deploymentConfiguration.alarms", &[("alarmNames", "alarm_names"), ("enable", "enable"), ("rollback", "rollback")], 4)?)),
                other => return Err(format!("deploymentConfiguration.{other} has no Terraform argument muster maps in aws_ecs_service; use the cli, boto3 or js-sdk-v3 format for it")),
            }
        }
    }
    Ok(())
}
